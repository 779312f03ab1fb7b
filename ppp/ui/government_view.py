"""The value-for-money and affordability pages' tables and sentences, as pure functions of the services'
results and the reader's language. Kept out of the page files (which run when imported) so tests call them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import pandas as pd

from ppp.engine import Evaluation, evaluate
from ppp.government.affordability import PortfolioAffordability
from ppp.government.vfm import QualitativeResult, RiskRegister, VfmComponents, VfmInput
from ppp.i18n import Language, translate
from ppp.i18n.formatting import format_number
from ppp.model import parse_project_text
from ppp.model.problems import Problem, ProjectError

#: the expenditure types of the stacked chart, in stacking order (ProjectExpenditure's field names)
EXPENDITURE_TYPES: Final = ("equity", "payments", "risk", "supporting")
BASE_CURVE: Final = "base"
#: the largest project file the page accepts as a candidate (bytes)
MAX_UPLOAD_BYTES: Final = 2_000_000
#: a table's percentage column, on values in percent points (:func:`percent_points`): two decimals always.
#: Streamlit's "percent" drops trailing zeros (0.2% beside 0.24%), and fixing its decimals with a column
#: step truncates instead of rounding (2.966% shown as 2.96%)
PERCENT_FORMAT: Final = "%.2f%%"


def percent_points(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of ``frame`` with the fractions of ``columns`` in percent points, for :data:`PERCENT_FORMAT`.

    Examples
    --------
    >>> percent_points(pd.DataFrame({"ratio": [0.029659, None]}), ["ratio"])["ratio"].round(4).tolist()
    [2.9659, nan]
    """
    shown = frame.copy()
    for column in columns:
        shown[column] = pd.to_numeric(shown[column]) * 100.0
    return shown


def input_label(key: str, language: Language) -> str:
    return translate(f"vfm.input.{key}", language)


def part_label(key: str, language: Language) -> str:
    return translate(f"vfm.part.{key}", language)


def vfm_inputs_frame(inputs: tuple[VfmInput, ...], language: Language, money_unit: str = "") -> pd.DataFrame:
    """One row per VfM input: label, file key, value and where it came from.

    The value is text: the rows mix a rate with amounts, and one numeric column can carry one format only;
    the rate reads as a percentage, an amount with separators, 2 decimals and the money unit.
    """
    return pd.DataFrame(
        {
            "input": [input_label(row.key, language) for row in inputs],
            "key": [row.key for row in inputs],
            "value": [input_value_text(row, language, money_unit) for row in inputs],
            "source": [source_text(row, language) for row in inputs],
        },
        columns=["input", "key", "value", "source"],
    )


#: the VfM inputs that are rates (fractions), every other one is an amount in the money unit
RATE_INPUTS: Final = frozenset({"discount_rate"})


def input_value_text(row: VfmInput, language: Language, money_unit: str = "") -> str:
    """``5.50%`` for a rate, ``94,400.00 万元`` for an amount.

    Examples
    --------
    >>> from ppp.government.vfm import VfmInput
    >>> input_value_text(VfmInput("discount_rate", 0.055, "given", ""), "en")
    '5.50%'
    >>> input_value_text(VfmInput("psc_om_cost", 3400.0, "given", ""), "en", "万元")
    '3,400.00 万元'
    """
    if row.key in RATE_INPUTS:
        return format_number(row.value, "rate", language)
    amount = format_number(row.value, "money", language)
    return f"{amount} {money_unit}" if money_unit else amount


def source_text(row: VfmInput, language: Language) -> str:
    """The file's own source text when it states one, else how the value was set."""
    if row.source_kind == "stated":
        return row.source
    return translate(f"vfm.source.{row.source_kind}", language)


def components_frame(components: VfmComponents, language: Language) -> pd.DataFrame:
    """The waterfall's steps as a table (amount signed as in the waterfall)."""
    steps = components.waterfall()
    return pd.DataFrame(
        {
            "part": [part_label(step.key, language) for step in steps],
            "key": [step.key for step in steps],
            "amount": [step.amount for step in steps],
            "kind": [step.kind for step in steps],
        }
    )


def risk_register_frame(register: RiskRegister, language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "risk": [line.name for line in register.risks],
            "probability": [line.probability for line in register.risks],
            "impact": [line.impact for line in register.risks],
            "allocation": [
                translate(f"vfm.allocation.{line.allocation}", language) for line in register.risks
            ],
            "government_share": [line.government_share for line in register.risks],
            "expected_cost": [line.expected_cost for line in register.risks],
            "retained": [line.retained for line in register.risks],
            "transferable": [line.transferable for line in register.risks],
            "source": [line.source for line in register.risks],
        }
    )


def qualitative_frame(result: QualitativeResult, language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "criterion": [line.name for line in result.criteria],
            "group": [translate(f"vfm.group.{line.group}", language) for line in result.criteria],
            "weight": [line.weight for line in result.criteria],
            "score": [line.score for line in result.criteria],
            "weighted": [line.weighted for line in result.criteria],
        }
    )


def qualitative_verdict(result: QualitativeResult, language: Language) -> str:
    """The weighted score and its verdict; with the weights' problems when they do not hold."""
    score = f"{result.score:.2f}"
    if not result.conclusive:
        problems = "; ".join(problem.message(language) for problem in result.problems)
        return translate("vfm.qualitative.inconclusive", language, score=score, problems=problems)
    key = "vfm.qualitative.pass" if result.passed else "vfm.qualitative.fail"
    return translate(key, language, score=score, pass_score=f"{result.pass_score:g}")


def quantitative_verdict(components: VfmComponents, language: Language) -> str:
    index = "—" if components.vfm_index is None else f"{components.vfm_index * 100:.2f}%"
    key = "vfm.quantitative.pass" if components.passed else "vfm.quantitative.fail"
    return translate(
        key, language, amount=f"{components.vfm_amount:,.2f}", unit=components.money_unit, index=index
    )


# --- affordability ------------------------------------------------------------------------------------------


def type_label(kind: str, language: Language) -> str:
    return translate(f"affordability.type.{kind}", language)


def chart_tags(
    base: PortfolioAffordability, candidates: Mapping[str, PortfolioAffordability]
) -> dict[str, str]:
    """A short tag (``P1``, ``P2``, ...) for every project of the chart: the committed ones, then the
    candidates. Project names run long and share their beginnings (a tender, its copy, its bids), so a legend
    that cuts them shows identical entries; the tags stay distinct and :func:`tag_key` names them in full.

    Examples
    --------
    >>> from ppp.government.affordability import BudgetForecast, portfolio_affordability
    >>> empty = portfolio_affordability([], BudgetForecast(2024, 1000.0, 0.0))
    >>> chart_tags(empty, {"Bid A": empty, "Bid B": empty})
    {'Bid A': 'P1', 'Bid B': 'P2'}
    """
    names = [project.name for project in base.projects]
    names += [name for name in candidates if name not in names]
    return {name: f"P{number}" for number, name in enumerate(names, start=1)}


def tag_key(tags: Mapping[str, str], language: Language) -> str:
    """The chart's key: every tag with the project's full name, in one line."""
    entries = "; ".join(f"{tag}: {name}" for name, tag in tags.items())
    return translate("ui.affordability.chart.key", language, entries=entries)


def expenditure_frame(
    portfolio: PortfolioAffordability, language: Language, tags: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Long table for the stacked bars: one row per year, project and expenditure type (zeros left out);
    ``series`` names the project by its tag when ``tags`` are given."""
    records: list[dict[str, object]] = []
    for project in portfolio.projects:
        amounts = portfolio.project_amounts(project)
        short = (tags or {}).get(project.name, project.name)
        for kind in EXPENDITURE_TYPES:
            label = type_label(kind, language)
            for year, amount in zip(portfolio.years, amounts[kind], strict=True):
                if amount != 0.0:
                    records.append(
                        {
                            "year": year,
                            "project": project.name,
                            "type": label,
                            "series": f"{short} · {label}",
                            "amount": amount,
                        }
                    )
    return pd.DataFrame.from_records(records, columns=["year", "project", "type", "series", "amount"])


def ratio_frame(
    base: PortfolioAffordability,
    candidates: Mapping[str, PortfolioAffordability],
    language: Language,
    tags: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The ratio by year of the committed portfolio and of each what-if (portfolio + one candidate); a
    what-if is named by its candidate's tag when ``tags`` are given."""
    records: list[dict[str, object]] = []
    curves = {translate("ui.affordability.base_curve", language): base}
    curves |= {
        translate("ui.affordability.with", language, name=(tags or {}).get(name, name)): value
        for name, value in candidates.items()
    }
    for curve, portfolio in curves.items():
        for year, ratio, total, budget in zip(
            portfolio.years, portfolio.ratio, portfolio.total, portfolio.budget, strict=True
        ):
            records.append({"year": year, "curve": curve, "ratio": ratio, "total": total, "budget": budget})
    return pd.DataFrame.from_records(records, columns=["year", "curve", "ratio", "total", "budget"])


def shown_options(
    base: PortfolioAffordability, candidates: Mapping[str, PortfolioAffordability]
) -> list[str]:
    """What the bars may show: the committed portfolio (``""``) when it has any year, then each what-if.

    Without a committed project the committed bars would be empty: the first candidate is then shown.
    """
    return ([""] if base.years else []) + list(candidates)


def state_message(committed: int, candidates: int) -> str | None:
    """The key of the note on the page's state: none with committed projects; without them, whether the
    curves are the candidates alone or there is nothing to show yet."""
    if committed:
        return None
    return "ui.affordability.candidates_alone" if candidates else "ui.affordability.no_committed"


def summary_frame(portfolio: PortfolioAffordability) -> pd.DataFrame:
    """Year by year: budget, expenditure of every project, total and ratio (what the table shows)."""
    frame = pd.DataFrame({"year": portfolio.years, "budget": portfolio.budget})
    for project in portfolio.projects:
        frame[project.name] = list(_total_on(portfolio, project.name))
    frame["total"] = portfolio.total
    frame["ratio"] = portfolio.ratio
    return frame


def _total_on(portfolio: PortfolioAffordability, name: str) -> list[float]:
    project = next(project for project in portfolio.projects if project.name == name)
    amounts = portfolio.project_amounts(project)
    return [sum(values) for values in zip(*(amounts[kind] for kind in EXPENDITURE_TYPES), strict=True)]


def crossing_lines(portfolio: PortfolioAffordability, money_unit: str, language: Language) -> list[str]:
    """One sentence per line (5%, 7%, 10%): the first year it is crossed and by how much, or never."""
    lines: list[str] = []
    for line in ("new_projects", "warning", "limit"):
        name = translate(f"affordability.line.{line}", language)
        crossing = portfolio.crossing(line)
        if crossing is None:
            lines.append(translate("affordability.never_crossed", language, line=name))
        else:
            lines.append(
                translate(
                    "affordability.crossed",
                    language,
                    line=name,
                    year=crossing.year,
                    ratio=f"{crossing.ratio * 100:.2f}%",
                    excess=f"{crossing.excess:,.2f}",
                    unit=money_unit,
                )
            )
    return lines


def candidate_from_file(data: bytes, file_name: str) -> tuple[str, Evaluation]:
    """A candidate from an uploaded project file (TOML or JSON): its name and its evaluation.

    Raises
    ------
    ProjectError
        When the file is too large, not UTF-8, or not a valid project (every problem named).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ProjectError(
            [Problem(file_name, "affordability.file_too_large", len(data), {"limit": MAX_UPLOAD_BYTES})]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProjectError(
            [Problem(file_name, "affordability.file_not_utf8", params={"position": error.start})]
        ) from error
    project = parse_project_text(text).project
    return project.project.name, evaluate(project)
