"""The "Returns and risk" page's inputs, tables and binned chart data, as pure functions.

Kept out of the page file (which runs when imported) so that tests can call them directly. Inputs typed into
the page (lists of steps, a driver's distribution) become the pure parts' settings here, and a bad entry is a
:class:`~ppp.model.ProjectError` naming the field, the value and the rule, never a traceback. Charts get
binned data (a histogram's bars, a CDF's quantiles): a run's 100,000 scenarios never go to the browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any, Final

import numpy as np
import pandas as pd

from ppp.engine import Evaluation
from ppp.engine.inputs import FloatArray
from ppp.engine.solve import SolveResult, Variable
from ppp.exports.risk_export import monte_carlo_sheet
from ppp.exports.workbook import export_workbook
from ppp.i18n import Language, translate
from ppp.i18n.formatting import metric_label
from ppp.model import Problem, ProjectError
from ppp.model.schema import Project
from ppp.risk.distributions import DISTRIBUTIONS
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloResult, MonteCarloSpec
from ppp.risk.scenarios import ScenarioComparison
from ppp.risk.sensitivity import BreakEven, Tornado, TwoWayTable

#: the goal-seek targets the page offers (``ppp.engine.solve.TARGETS`` without the variants of project IRR)
GOAL_TARGETS: Final[tuple[str, ...]] = ("equity_irr", "project_irr", "min_dscr", "repayment_capacity")
#: targets that are rates: typed in percent, solved as fractions
RATE_TARGETS: Final = frozenset({"equity_irr", "project_irr"})
#: the metrics shown after a goal seek, as the engine names them
GOAL_METRICS: Final[tuple[str, ...]] = (
    "equity_irr",
    "project_irr_post_tax",
    "min_dscr",
    "government_pv",
    "total_investment",
)
#: every parameter a distribution can have, in the order of the distributions table's columns
PARAMETER_COLUMNS: Final[tuple[str, ...]] = ("low", "mode", "high", "mean", "sd", "median", "sigma")
#: the distributions table's "no distribution" entry: the driver keeps the plan
NO_DISTRIBUTION: Final = "none"
DISTRIBUTION_CHOICES: Final[tuple[str, ...]] = (NO_DISTRIBUTION, *DISTRIBUTIONS)
#: the largest seed the page's number input takes: the browser holds integers exactly up to 2^53 − 1
SEED_LIMIT: Final = 2**53 - 1
STATISTICS: Final[tuple[str, ...]] = ("p5", "p50", "p95", "mean")
HISTOGRAM_BINS: Final = 40
CDF_POINTS: Final = 201
#: the plan's default two-way table: capex × performance score → equity IRR
TWO_WAY_DEFAULT: Final = ("capex", "performance_score", "equity_irr")
CAPEX_VALUES: Final[tuple[float, ...]] = (0.9, 1.0, 1.1, 1.2, 1.3)
SCORE_OFFSETS: Final[tuple[float, ...]] = (-20.0, -10.0, -5.0, 0.0, 5.0)
#: the break-even searches: a capex multiple from the plan to three times the plan; a score from 0 to 100
CAPEX_BREAK_EVEN_RANGE: Final = (1.0, 3.0)
SCORE_BREAK_EVEN_RANGE: Final = (0.0, 100.0)
DSCR_FLOOR: Final = 1.0
#: the hurdle offered when the project file sets none (``rates.equity_hurdle_rate``)
FALLBACK_HURDLE: Final = 0.08
#: how a table column shows each output: Streamlit's NumberColumn format and the step that fixes its decimals
#: (the browser's formatter drops trailing zeros unless a step gives the precision): rates as percentages
#: with 2 decimals (a step of 0.0001 of a fraction), money with separators and 2 decimals, DSCR 2 decimals
TABLE_FORMATS: Final[dict[str, tuple[str, float | None]]] = {
    "equity_irr": ("percent", 0.0001),
    "project_npv": ("localized", 0.01),
    "government_pv": ("localized", 0.01),
    "min_dscr": ("%.2f", None),
}
#: the decimals a table keeps of each output: the browser cuts a value to its column's step (it does not
#: round), so the tables hold values already rounded to what they show (downloads keep every digit)
TABLE_DECIMALS: Final[dict[str, int]] = {"equity_irr": 4, "project_npv": 2, "government_pv": 2, "min_dscr": 2}
#: the drivers that are multiples of the plan (a step 0.1 is +10 %) and those that are changes of a rate
MULTIPLE_DRIVERS: Final = frozenset({"capex", "opex", "user_revenue"})
RATE_DRIVERS: Final = frozenset({"loan_rate", "inflation"})
#: the name :func:`ppp.risk.scenarios.compare_scenarios` gives the plan (always the first scenario)
BASE_SCENARIO: Final = "base"


# ---- goal seek ---------------------------------------------------------------------------------------------


def default_variable(project: Project) -> Variable:
    """What a goal seek varies unless told: the tariff of a user-pay project, else the payment level.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> default_variable(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    'payment-level'
    """
    return "tariff" if project.payment.method == "user-pay" else "payment-level"


def default_target_input(target: str, hurdle: float) -> float:
    """The value first offered for ``target``, in the units typed: percent for rates.

    Examples
    --------
    >>> default_target_input("equity_irr", 0.08), default_target_input("min_dscr", 0.08)
    (8.0, 1.2)
    """
    if target == "equity_irr":
        return round(hurdle * 100.0, 6)
    if target == "project_irr":
        return 6.0
    if target == "min_dscr":
        return 1.2
    return 0.0


def target_value(target: str, typed: float) -> float:
    """The solve's target value of what was typed: a percentage of a rate becomes a fraction.

    Examples
    --------
    >>> target_value("equity_irr", 9.0), target_value("min_dscr", 1.3)
    (0.09, 1.3)
    """
    return typed / 100.0 if target in RATE_TARGETS else typed


def achieved_text(result: SolveResult) -> str:
    """The value the target reached, in the units it was typed in (percent for rates)."""
    if result.target in RATE_TARGETS:
        return f"{result.achieved * 100.0:.4f}%"
    return f"{result.achieved:.6g}"


def goal_metrics_frame(result: SolveResult, language: Language) -> pd.DataFrame:
    """The solved project's headline metrics: one row each, with its label and its value."""
    metrics = result.evaluation.metrics
    return pd.DataFrame(
        {
            "metric": [metric_label(key, language) for key in GOAL_METRICS],
            "value": [_metric_text(key, metrics.get(key)) for key in GOAL_METRICS],
        }
    )


def _metric_text(key: str, value: object) -> str:
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "—"
    if key in {"equity_irr", "project_irr_post_tax"}:
        return f"{value * 100.0:.4f}%"
    if key == "min_dscr":
        return f"{value:.4f}"
    return f"{value:,.2f}"


def output_text(output: str, value: float | None) -> str:
    """One output's value as a sentence shows it: rates in percent, money with separators, DSCR 2 decimals.

    Examples
    --------
    >>> output_text("equity_irr", 0.0772), output_text("project_npv", 1234.5), output_text("min_dscr", None)
    ('7.72%', '1,234.50', '—')
    >>> output_text("min_dscr", 1.0)
    '1.00'
    """
    if value is None or not math.isfinite(value):
        return "—"
    if output == "equity_irr":
        return f"{value * 100.0:.2f}%"
    return f"{value:,.2f}"


def reference_line(output: str, hurdle: float | None) -> float | None:
    """Where a distribution's chart draws its line: the hurdle for equity IRR, 1.0 for min DSCR.

    Examples
    --------
    >>> [reference_line(output, 0.08) for output in ("equity_irr", "min_dscr", "project_npv")]
    [0.08, 1.0, None]
    """
    if output == "equity_irr":
        return hurdle
    if output == "min_dscr":
        return DSCR_FLOOR
    return None


# ---- lists of numbers typed as text ------------------------------------------------------------------------


def numbers_text(values: Sequence[float]) -> str:
    """A list of numbers as the page shows it for editing.

    Examples
    --------
    >>> numbers_text([-0.2, -0.1, 0.1, 2.0])
    '-0.2, -0.1, 0.1, 2'
    """
    return ", ".join(f"{value:g}" for value in values)


def parse_numbers(text: str, path: str) -> list[float]:
    """The numbers of a comma-separated list; every entry that is not a finite number is a problem.

    Raises
    ------
    ProjectError
        One problem per bad entry, at ``path[i]`` (counting from 1), with the entry and the rule.

    Examples
    --------
    >>> parse_numbers("-0.1, 0.1 ,0.2", "steps.capex")
    [-0.1, 0.1, 0.2]
    >>> try:
    ...     parse_numbers("0.1, ten", "steps.capex")
    ... except ProjectError as error:
    ...     print(error.messages("en")[0])
    steps.capex[2] = "ten": must be a number (use a point for decimals and commas between numbers)
    """
    entries = [entry.strip() for entry in text.replace("，", ",").split(",")]
    if entries == [""]:
        return []
    numbers: list[float] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        try:
            number = float(entry)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(Problem(f"{path}[{index + 1}]", "ui.risk.not_a_number", entry))
        numbers.append(number)
    if problems:
        raise ProjectError(problems)
    return numbers


# ---- sensitivity -------------------------------------------------------------------------------------------


def driver_label(key: str, language: Language) -> str:
    return translate(f"sensitivity.driver.{key}", language)


def output_label(key: str, language: Language) -> str:
    return translate(f"sensitivity.output.{key}", language)


def steps_frame(
    steps: Mapping[str, Sequence[float]], language: Language, kept: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The steps table: a row per driver with its label, the unit of its steps and the steps as text
    (``kept``: the texts last typed, as :func:`steps_texts` read them, instead of ``steps``)."""
    return pd.DataFrame(
        {
            "driver": [driver_label(key, language) for key in DRIVER_KEYS],
            "unit": [translate(f"ui.risk.unit.{key}", language) for key in DRIVER_KEYS],
            "steps": [
                kept[key] if kept is not None and key in kept else numbers_text(steps.get(key, ()))
                for key in DRIVER_KEYS
            ],
        },
        index=list(DRIVER_KEYS),
    )


def steps_texts(frame: pd.DataFrame) -> dict[str, str]:
    """The steps typed per driver in the (edited) steps table, as text: kept as typed, even when wrong.

    Examples
    --------
    >>> steps_texts(steps_frame({"capex": [0.1]}, "en"))["capex"]
    '0.1'
    """
    return {
        str(key): "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        for key, value in zip(frame.index, frame["steps"], strict=True)
    }


def steps_from_texts(texts: Mapping[str, str]) -> dict[str, list[float]]:
    """The tornado's steps from the steps table's text per driver; a driver left blank is not varied.

    Raises
    ------
    ProjectError
        Every entry that is not a number (path ``steps.<driver>[i]``).

    Examples
    --------
    >>> steps_from_texts({"capex": "-0.1, 0.1", "opex": " "})
    {'capex': [-0.1, 0.1]}
    """
    steps: dict[str, list[float]] = {}
    problems: list[Problem] = []
    for key, text in texts.items():
        try:
            values = parse_numbers(text, f"steps.{key}")
        except ProjectError as error:
            problems += error.problems
            continue
        if values:
            steps[key] = values
    if problems:
        raise ProjectError(problems)
    return steps


def tornado_frame(result: Tornado, output: str, language: Language) -> pd.DataFrame:
    """One row per driver (largest swing first): the lowest and highest output and the steps giving them."""
    bars = result.bars[output]
    return pd.DataFrame(
        {
            "key": [bar.driver for bar in bars],
            "driver": [driver_label(bar.driver, language) for bar in bars],
            "low": [bar.low for bar in bars],
            "high": [bar.high for bar in bars],
            "low_step": [bar.low_step for bar in bars],
            "high_step": [bar.high_step for bar in bars],
            "swing": [bar.swing for bar in bars],
            "base": [result.base[output]] * len(bars),
        }
    )


def default_two_way_values(project: Project) -> dict[str, list[float]]:
    """The values first offered for each driver in the two-way table, in the driver's units.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> default_two_way_values(load_project("sample_projects/yangxin_smart_city_bot.toml").project)[
    ...     "performance_score"]
    [72.0, 82.0, 87.0, 92.0, 97.0]
    """
    score = float(project.payment.expected_score)
    scores = sorted({min(max(score + offset, 0.0), 100.0) for offset in SCORE_OFFSETS})
    return {
        "capex": list(CAPEX_VALUES),
        "opex": list(CAPEX_VALUES),
        "user_revenue": [0.8, 0.9, 1.0, 1.1],
        "loan_rate": [-0.01, 0.0, 0.01, 0.02],
        "inflation": [-0.01, 0.0, 0.01],
        "performance_score": scores,
        "construction_delay": [0.0, 1.0, 2.0],
    }


def driver_value_text(driver: str, value: float, plan_value: float, language: Language) -> str:
    """A driver's value as its steps are defined: a multiple as its change from the plan in percent, a rate
    as its change in percentage points, a score with the plan's score, a delay in years.

    Examples
    --------
    >>> driver_value_text("capex", 1.114134592, 1.0, "en")
    'Capex +11.41 %'
    >>> driver_value_text("loan_rate", 0.0125, 0.0, "en")
    'Loan rate +1.25 percentage points'
    >>> driver_value_text("performance_score", 90.0000001, 92.0, "en")
    'Performance score 90 (plan 92)'
    >>> driver_value_text("capex", 1.114134592, 1.0, "zh")
    '建设投资变动 +11.41%'
    """
    name = driver_label(driver, language)
    if driver in MULTIPLE_DRIVERS:
        return translate(
            "ui.risk.value.multiple", language, driver=name, change=f"{(value - plan_value) * 100:+.2f}"
        )
    if driver in RATE_DRIVERS:
        return translate(
            "ui.risk.value.rate", language, driver=name, change=f"{(value - plan_value) * 100:+.2f}"
        )
    if driver == "performance_score":
        return translate(
            "ui.risk.value.score", language, driver=name, value=_short(value), plan=_short(plan_value)
        )
    return translate("ui.risk.value.delay", language, driver=name, value=_short(value))


def driver_range_text(driver: str, low: float, high: float, plan_value: float, language: Language) -> str:
    """A range of a driver's values as its steps are defined (see :func:`driver_value_text`).

    Examples
    --------
    >>> driver_range_text("capex", 1.0, 3.0, 1.0, "en")
    '+0.00 % to +200.00 %'
    >>> driver_range_text("performance_score", 0.0, 100.0, 92.0, "zh")
    '0 至 100 分'
    """
    if driver in MULTIPLE_DRIVERS or driver in RATE_DRIVERS:
        kind = "multiple" if driver in MULTIPLE_DRIVERS else "rate"
        ends = {"low": f"{(low - plan_value) * 100:+.2f}", "high": f"{(high - plan_value) * 100:+.2f}"}
        return translate(f"ui.risk.range.{kind}", language, **ends)
    kind = "score" if driver == "performance_score" else "delay"
    return translate(f"ui.risk.range.{kind}", language, low=_short(low), high=_short(high))


def _short(value: float) -> str:
    """A score or a number of years: at most 2 decimals, none when whole (90, 87.5)."""
    return f"{round(value, 2):g}"


def _gap_text(output: str, gap: float, language: Language) -> str:
    """How far an output stayed from its target: a rate in percentage points, else in the output's unit."""
    if output == "equity_irr":
        return translate("ui.risk.points", language, value=f"{abs(gap) * 100:.2f}")
    return output_text(output, abs(gap))


def break_even_text(found: BreakEven, language: Language) -> str:
    """A break-even result as one sentence: the driver's value as its steps are defined (capex +11.41 %),
    the output and its target in the output's unit (7.00%, 1.00).

    Examples
    --------
    >>> from ppp.risk.sensitivity import BreakEven
    >>> found = BreakEven(driver="capex", output="min_dscr", target=1.0, low=1.0, high=3.0, status="reached",
    ...     value=1.114134592, achieved=1.0, achieved_below=None, gap=0.0, plan_value=1.0, scenarios=40)
    >>> break_even_text(found, "en")
    'Minimum DSCR reaches 1.00 at Capex +11.41 %.'
    """
    names = {
        "output": output_label(found.output, language),
        "target": output_text(found.output, found.target),
        "driver": driver_label(found.driver, language),
        "range": driver_range_text(found.driver, found.low, found.high, found.plan_value, language),
    }
    if found.status == "undefined" or found.value is None or found.achieved is None:
        return translate("ui.risk.break_even.undefined", language, **names)
    at = driver_value_text(found.driver, found.value, found.plan_value, language)
    if found.status == "reached":
        return translate("ui.risk.break_even.reached", language, value=at, **names)
    if found.status == "jump":
        before = output_text(found.output, found.achieved_below)
        after = output_text(found.output, found.achieved)
        return translate("ui.risk.break_even.jump", language, value=at, before=before, after=after, **names)
    return translate(
        "ui.risk.break_even.unreachable",
        language,
        best=output_text(found.output, found.achieved),
        at=at,
        gap=_gap_text(found.output, found.gap or 0.0, language),
        **names,
    )


def two_way_frame(table: TwoWayTable, language: Language) -> pd.DataFrame:
    """The two-way table as shown: a row per row-driver value, a column per column-driver value."""
    row_name = driver_label(table.row_driver, language)
    column_name = driver_label(table.column_driver, language)
    frame = pd.DataFrame(
        table.values,
        index=pd.Index([f"{row_name} = {value:g}" for value in table.row_values]),
        columns=[f"{column_name} = {value:g}" for value in table.column_values],
        dtype="float64",
    )
    return frame.round(TABLE_DECIMALS[table.output])


# ---- Monte Carlo -------------------------------------------------------------------------------------------


def distribution_frame(
    spec: MonteCarloSpec, language: Language, kept: Mapping[str, Mapping[str, Any]] | None = None
) -> pd.DataFrame:
    """The distributions table: a row per driver with its kind (``none``: the plan) and its parameters
    (``kept``: the choices last made, as :func:`distribution_values` read them, instead of ``spec``'s)."""
    rows: list[dict[str, Any]] = []
    for key in DRIVER_KEYS:
        if kept is not None and key in kept:
            chosen = {name: kept[key].get(name) for name in ("kind", *PARAMETER_COLUMNS)}
        else:
            distribution = spec.distributions.get(key)
            parameters = distribution.parameters() if distribution is not None else {}
            kind = distribution.kind if distribution is not None else NO_DISTRIBUTION
            chosen = {"kind": kind, **{name: parameters.get(name) for name in PARAMETER_COLUMNS}}
        rows.append(
            {
                "driver": driver_label(key, language),
                "unit": translate(f"ui.risk.unit.{key}", language),
                **chosen,
            }
        )
    frame = pd.DataFrame(rows, index=list(DRIVER_KEYS))
    # a column of blanks would be read as text, and the editor would take no number in it
    return frame.astype({name: "float64" for name in PARAMETER_COLUMNS})


def distribution_values(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The (edited) distributions table's kind and parameters per driver, without its labels.

    Examples
    --------
    >>> from ppp.risk.montecarlo import MonteCarloSpec
    >>> spec = MonteCarloSpec.from_dict({"distributions": {"capex": {"kind": "uniform", "low": 0.9,
    ...     "high": 1.2}}, "scenarios": 1000})
    >>> capex = distribution_values(distribution_frame(spec, "en"))["capex"]
    >>> capex["kind"], capex["low"], capex["high"], capex["mode"]
    ('uniform', 0.9, 1.2, None)
    """
    return {
        str(key): {name: _plain(row.get(name)) for name in ("kind", *PARAMETER_COLUMNS)}
        for key, row in zip(frame.index, frame.to_dict("records"), strict=True)
    }


def correlation_frame(spec: MonteCarloSpec, kept: Sequence[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """The correlations table: a row per pair of drivers with its Spearman rank correlation (``kept``: the
    rows last edited, as :func:`correlation_rows` read them, instead of ``spec``'s)."""
    if kept is not None:
        return pd.DataFrame(
            {name: [row.get(name) for row in kept] for name in ("first", "second", "rho")},
            columns=["first", "second", "rho"],
        ).astype({"rho": "float64"})
    return pd.DataFrame(
        {
            "first": [first for first, _ in spec.correlations],
            "second": [second for _, second in spec.correlations],
            "rho": list(spec.correlations.values()),
        },
        columns=["first", "second", "rho"],
    )


def correlation_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The (edited) correlations table as plain rows (a blank cell is None)."""
    return [
        {name: _plain(row.get(name)) for name in ("first", "second", "rho")}
        for row in frame.to_dict("records")
    ]


def spec_data(
    distributions: Sequence[Mapping[str, Any]],
    correlations: Sequence[Mapping[str, Any]],
    *,
    scenarios: int,
    seed: int,
    hurdle: float | None,
) -> dict[str, Any]:
    """The plain data (:meth:`MonteCarloSpec.from_dict`'s shape) of the page's tables and inputs.

    ``distributions`` has a row per driver of :data:`DRIVER_KEYS` (``driver_key``, ``kind`` and the
    parameter columns); a blank parameter the kind needs is left out, so the check names it as missing.
    Correlation rows without both drivers are ignored (a row being added).

    Examples
    --------
    >>> data = spec_data([{"driver_key": "capex", "kind": "uniform", "low": 0.9, "high": 1.2, "mode": None}],
    ...                  [], scenarios=1000, seed=3, hurdle=0.08)
    >>> data["distributions"]
    {'capex': {'kind': 'uniform', 'low': 0.9, 'high': 1.2}}
    """
    chosen: dict[str, dict[str, Any]] = {}
    for row in distributions:
        kind = row.get("kind") or NO_DISTRIBUTION
        if kind == NO_DISTRIBUTION:
            continue
        cls = DISTRIBUTIONS.get(str(kind))
        names = [field.name for field in fields(cls)] if cls is not None else []
        entry: dict[str, Any] = {"kind": kind}
        for name in names:
            value = row.get(name)
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                entry[name] = value
        chosen[str(row["driver_key"])] = entry
    pairs = [
        {"drivers": [row["first"], row["second"]], "rho": _plain(row.get("rho"))}
        for row in correlations
        if row.get("first") and row.get("second")
    ]
    return {
        "distributions": chosen,
        "correlations": pairs,
        "scenarios": scenarios,
        "seed": seed,
        "hurdle": hurdle,
    }


def _plain(value: Any) -> Any:
    """A table cell as plain data: NaN (a blank cell) becomes None, so the check calls it not a number."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def percentile_frame(result: MonteCarloResult, language: Language) -> pd.DataFrame:
    """P5, P50, P95 and the mean of each output: a row per statistic, a column per output (NaN: undefined),
    rounded as the table shows them (:data:`TABLE_DECIMALS`)."""
    frame = pd.DataFrame(
        {key: [result.percentiles[key][name] for name in STATISTICS] for key in OUTPUT_KEYS},
        index=pd.Index(
            [
                translate("ui.risk.mc.mean", language) if name == "mean" else name.upper()
                for name in STATISTICS
            ]
        ),
        dtype="float64",
    )
    return frame.round(TABLE_DECIMALS)


def monte_carlo_workbook(
    evaluation: Evaluation, project: Project, result: MonteCarloResult, language: Language
) -> bytes:
    """The project's workbook (live formulas) with the run's values sheet: every scenario's drivers and
    outputs (:func:`ppp.exports.risk_export.monte_carlo_sheet`)."""
    return export_workbook(
        evaluation, project, language=language, extra_sheets=[monte_carlo_sheet(result, language=language)]
    )


def importance_frame(result: MonteCarloResult, language: Language) -> pd.DataFrame:
    """The rank correlation of each varied driver with each output, those most tied to equity IRR first."""
    ranked = [key for key, _ in result.ranked_drivers("equity_irr")]
    varied = [key for key in DRIVER_KEYS if key in result.spec.distributions]
    order = ranked + [key for key in varied if key not in ranked]
    return pd.DataFrame(
        {key: [result.rank_correlations[key].get(driver) for driver in order] for key in OUTPUT_KEYS},
        index=pd.Index([driver_label(driver, language) for driver in order]),
        dtype="float64",
    )


def histogram_frame(values: FloatArray, bins: int = HISTOGRAM_BINS) -> pd.DataFrame:
    """The bars of a histogram of the defined values: each bin's edges, count and share of the values.

    Examples
    --------
    >>> histogram_frame(np.array([0.0, 1.0, 1.0, 3.0, np.nan]), bins=3)[["start", "end", "count"]]
       start  end  count
    0    0.0  1.0      1
    1    1.0  2.0      2
    2    2.0  3.0      1
    """
    defined = values[np.isfinite(values)]
    if defined.shape[0] == 0:
        return pd.DataFrame({"start": [], "end": [], "count": [], "share": []})
    low, high = float(defined.min()), float(defined.max())
    if low == high:  # one value everywhere: one bar of unit width around it
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(defined, bins=bins, range=(low, high))
    return pd.DataFrame(
        {"start": edges[:-1], "end": edges[1:], "count": counts, "share": counts / defined.shape[0]}
    )


def cdf_frame(values: FloatArray, points: int = CDF_POINTS) -> pd.DataFrame:
    """The empirical CDF of the defined values at ``points`` evenly spaced probabilities (their quantiles).

    Examples
    --------
    >>> cdf_frame(np.arange(1.0, 6.0), points=3)
       probability  value
    0          0.0    1.0
    1          0.5    3.0
    2          1.0    5.0
    """
    defined = values[np.isfinite(values)]
    probability = np.linspace(0.0, 1.0, points)
    if defined.shape[0] == 0:
        return pd.DataFrame({"probability": [], "value": []})
    return pd.DataFrame({"probability": probability, "value": np.quantile(defined, probability)})


# ---- named scenarios ---------------------------------------------------------------------------------------


def scenario_names(comparison: ScenarioComparison, language: Language) -> list[str]:
    """The scenarios' names as shown: the plan's (named by the app, always first) in ``language``, the named
    scenarios as their users typed them.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.scenarios import compare_scenarios
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> scenario_names(compare_scenarios(project), "zh")
    ['基准情景', 'downside', "lender's case"]
    """
    return [
        translate("ui.risk.scenario.base", language) if index == 0 and name == BASE_SCENARIO else name
        for index, name in enumerate(comparison.names)
    ]


def scenario_frame(comparison: ScenarioComparison, language: Language) -> pd.DataFrame:
    """A row per scenario (the base first): its driver values, its outputs and whether it can be financed."""
    data: dict[str, Any] = {"scenario": scenario_names(comparison, language)}
    for key in DRIVER_KEYS:
        data[key] = [drivers.get(key) for drivers in comparison.drivers]
    for key in OUTPUT_KEYS:
        data[key] = [round(float(value), TABLE_DECIMALS[key]) for value in comparison.values[key]]
    data["feasible"] = [bool(value) for value in comparison.feasible]
    frame = pd.DataFrame(data)
    frame.attrs["labels"] = {
        **{key: driver_label(key, language) for key in DRIVER_KEYS},
        **{key: output_label(key, language) for key in OUTPUT_KEYS},
    }
    return frame


def scenario_chart_frame(comparison: ScenarioComparison, output: str, language: Language) -> pd.DataFrame:
    """One output's bars: a row per scenario (in the table's order) where the output is defined."""
    rows = [
        {"scenario": name, "value": float(value)}
        for name, value in zip(scenario_names(comparison, language), comparison.values[output], strict=True)
        if math.isfinite(float(value))
    ]
    return pd.DataFrame(rows, columns=["scenario", "value"])
