"""Risk drivers and the batched evaluation of scenarios (methodology §10).

A driver is one uncertain input of the plan: capex, opex, user revenue, loan rate, inflation, the expected
performance score and the construction delay. :class:`DriverValues` holds one value of each driver per
scenario; :func:`evaluate_scenarios` turns them into the engine's arrays (scenarios × periods) and evaluates
every scenario with the engine's batched path: one engine batch per chunk of scenarios and per distinct
construction delay, because a batch shares one timeline. Neutral driver values reproduce the plan exactly.

How each driver enters the model (docs/risk.md explains why):

- ``capex``: multiplies construction and lifecycle (refresh) spending. The SPV bears the overrun: the
  financing (draws, interest during construction) follows what is spent, the availability payment keeps the
  planned investment (the engine's "recorded capex" path).
- ``opex``: multiplies the operating cost line; the payment's O&M term keeps the planned costs.
- ``user_revenue``: multiplies user revenue (and the revenue a viability-gap payment nets).
- ``loan_rate``: added to the loan rate (interest during construction and repayment).
- ``inflation``: added to the rate of every item that escalates at the project's inflation rate; the nominal
  plan moves with it, the payment's O&M term and investment included (a price level the contract passes on).
- ``performance_score``: the expected score; its band's payment coefficient replaces the plan's.
- ``construction_delay``: whole years added to construction; the base-price construction spending is spread
  over the longer construction (and escalates with it), operation keeps its length and starts later.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from ppp.engine.annual import AnnualLines, KeyLines, key_lines
from ppp.engine.inputs import FloatArray, ModelInputs, compile_project, lifecycle_schedule
from ppp.engine.memory import keep_freed_memory
from ppp.engine.metrics import present_values
from ppp.engine.numerics import irr, matmul_by_row_blocks
from ppp.model.defaults import resolve_defaults
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import CapexItem, OpexItem, Project, RevenueItem, ScoreBand

DRIVER_KEYS: tuple[str, ...] = (
    "capex",
    "opex",
    "user_revenue",
    "loan_rate",
    "inflation",
    "performance_score",
    "construction_delay",
)
OUTPUT_KEYS: tuple[str, ...] = ("equity_irr", "project_npv", "government_pv", "min_dscr")

#: the engine metric (``ppp.engine.metrics.METRIC_KEYS``) behind each output: the project NPV is the
#: post-tax project NPV at the project's discount rate
OUTPUT_METRICS: dict[str, str] = {
    "equity_irr": "equity_irr",
    "project_npv": "project_npv_post_tax",
    "government_pv": "government_pv",
    "min_dscr": "min_dscr",
}

#: the schema's limit on construction years (``timeline.construction_years`` ≤ 49) bounds plan + delay
MAX_CONSTRUCTION_YEARS = 49

# compiled plans of recent runs by (project as JSON, delay): a page or command that runs the same project
# again (another seed, more scenarios) does not compile it again; the templates are read-only
_TEMPLATES: OrderedDict[tuple[str, int], _PlanTemplate] = OrderedDict()
_TEMPLATES_KEPT = 32
_TEMPLATES_LOCK = threading.Lock()
# the lines of the plan an inflation change moves, by the name of their ModelInputs field
_PRICED_LINES: tuple[str, ...] = ("capex", "lifecycle_capex", "opex", "user_revenue")


@dataclass(frozen=True)
class DriverValues:
    """Per-scenario driver values, each shape (S,). Neutral values reproduce the plan EXACTLY."""

    capex: FloatArray  # multiplier of construction and refresh capex (1.0 = plan)
    opex: FloatArray  # multiplier of operating costs (1.0 = plan)
    user_revenue: FloatArray  # multiplier of user revenue (1.0 = plan)
    loan_rate: FloatArray  # absolute change of the loan rate (0.0 = plan; +0.01 = +1 point)
    inflation: FloatArray  # absolute change of the inflation rate (0.0 = plan)
    # the expected performance score (points 0–100; plan = payment.expected_score)
    performance_score: FloatArray
    construction_delay: NDArray[np.int64]  # whole years of delay (0 = plan)

    @classmethod
    def neutral(cls, project: Project, scenarios: int) -> DriverValues:
        """``scenarios`` copies of the plan: multipliers 1, changes 0, the expected score, no delay.

        Examples
        --------
        >>> from ppp.model import load_project
        >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
        >>> DriverValues.neutral(project, 2).performance_score
        array([92., 92.])
        """
        return cls(
            capex=np.ones(scenarios),
            opex=np.ones(scenarios),
            user_revenue=np.ones(scenarios),
            loan_rate=np.zeros(scenarios),
            inflation=np.zeros(scenarios),
            performance_score=np.full(scenarios, float(project.payment.expected_score)),
            construction_delay=np.zeros(scenarios, dtype=np.int64),
        )

    @property
    def scenarios(self) -> int:
        """S, the number of scenarios."""
        return int(self.capex.shape[0])

    def column(self, key: str) -> NDArray[np.float64] | NDArray[np.int64]:
        """The values of the driver ``key`` (one of :data:`DRIVER_KEYS`)."""
        if key not in DRIVER_KEYS:
            raise KeyError(key)
        values: NDArray[np.float64] | NDArray[np.int64] = getattr(self, key)
        return values

    def take(self, rows: NDArray[np.intp] | slice) -> DriverValues:
        """The scenarios ``rows`` only (an index array or a slice)."""
        return DriverValues(
            capex=self.capex[rows],
            opex=self.opex[rows],
            user_revenue=self.user_revenue[rows],
            loan_rate=self.loan_rate[rows],
            inflation=self.inflation[rows],
            performance_score=self.performance_score[rows],
            construction_delay=self.construction_delay[rows],
        )


@dataclass(frozen=True)
class ScenarioOutputs:
    """Each OUTPUT_KEYS metric per scenario, shape (S,), NaN where not defined (e.g. IRR none)."""

    values: dict[str, FloatArray]
    feasible: NDArray[np.bool_]  # False where a sculpted loan cannot be repaid etc.


def evaluate_scenarios(
    project: Project, drivers: DriverValues, *, chunk_size: int = 10_000
) -> ScenarioOutputs:
    """All scenarios as arrays (scenarios x periods), in chunks of chunk_size; one engine batch per chunk
    and per distinct construction delay (the timeline is shared by a batch); IRRs batched by the engine.

    Parameters
    ----------
    project : Project
        A validated project: the plan the drivers vary.
    drivers : DriverValues
        One value of each driver per scenario (S scenarios).
    chunk_size : int
        Scenarios per engine batch at most; bounds the memory of the ``(S, N)`` arrays.

    Returns
    -------
    ScenarioOutputs
        Equity IRR (fraction), project NPV and government PV (money unit, at the discount rate) and min DSCR
        per scenario; ``feasible`` is False where a sculpted loan is left unpaid.

    Raises
    ------
    ProjectError
        When a driver value is outside its domain (a negative multiplier, a negative loan rate, an inflation
        rate ≤ −100 %, a score outside 0–100, a negative delay or one beyond 49 construction years), or the
        arrays do not all have the same length.

    Examples
    --------
    >>> from ppp.engine import evaluate
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> outputs = evaluate_scenarios(project, DriverValues.neutral(project, 3))
    >>> bool((outputs.values["equity_irr"] == evaluate(project).metrics["equity_irr"]).all())
    True
    """
    return ScenarioEvaluator(project).evaluate(drivers, chunk_size=chunk_size)


class ScenarioEvaluator:
    """Evaluates scenarios of one project, keeping the plan compiled per construction delay between calls.

    A Monte Carlo run evaluates its scenarios chunk by chunk with one evaluator, so the plan of each delay
    is compiled once per run, not once per chunk.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> evaluator = ScenarioEvaluator(project)
    >>> evaluator.evaluate(DriverValues.neutral(project, 2)).feasible.tolist()
    [True, True]
    """

    def __init__(self, project: Project) -> None:
        # a chunk frees tens of MB that the next chunk needs again: keep them instead of page-faulting
        keep_freed_memory()
        self.project = project
        self.resolved = resolve_defaults(project)
        self._templates: dict[int, _PlanTemplate] = {}

    def evaluate(self, drivers: DriverValues, *, chunk_size: int = 10_000) -> ScenarioOutputs:
        """:func:`evaluate_scenarios` with this evaluator's compiled plans.

        A chunk is evaluated as one batch per construction delay, on the calling thread: a second thread
        splitting the batches made no run faster on two cores (docs/risk.md, "Fourth round"), and a
        scenario's result does not depend on its batch.
        """
        check_drivers(self.resolved, drivers)
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
        scenarios = drivers.scenarios
        values = {key: np.full(scenarios, np.nan) for key in OUTPUT_KEYS}
        feasible = np.ones(scenarios, dtype=np.bool_)
        for start in range(0, scenarios, chunk_size):
            stop = min(start + chunk_size, scenarios)
            delays = drivers.construction_delay[start:stop]
            # the delays are whole years from 0 to 49 (checked above): counting them is cheaper than
            # np.unique's sort or hash table
            for delay in np.flatnonzero(np.bincount(delays)).tolist():
                rows = start + np.flatnonzero(delays == delay)
                outputs, batch_feasible = _evaluate_batch(self._template(delay), drivers.take(rows))
                for key, output in outputs.items():
                    values[key][rows] = output
                feasible[rows] = batch_feasible
        return ScenarioOutputs(values=values, feasible=feasible)

    def batch_inputs(self, drivers: DriverValues) -> ModelInputs:
        """The engine's inputs for scenarios that share one construction delay (one batch).

        Raises
        ------
        ValueError
            When the scenarios have different delays (they need different timelines, so different batches).
        """
        check_drivers(self.resolved, drivers)
        delays = np.unique(drivers.construction_delay)
        if delays.shape[0] != 1:
            raise ValueError(f"one batch needs one construction delay, not {delays.tolist()}")
        return self._template(int(delays[0])).inputs_for(drivers)

    def _template(self, delay: int) -> _PlanTemplate:
        template = self._templates.get(delay)
        if template is None:
            key = (self.project.model_dump_json(), delay)
            with _TEMPLATES_LOCK:
                template = _TEMPLATES.get(key)
                if template is not None:
                    _TEMPLATES.move_to_end(key)
            if template is None:
                template = _PlanTemplate.build(self.project, self.resolved, delay)
                with _TEMPLATES_LOCK:
                    _TEMPLATES[key] = template
                    while len(_TEMPLATES) > _TEMPLATES_KEPT:
                        _TEMPLATES.popitem(last=False)
            self._templates[delay] = template
        return template


def _evaluate_batch(
    template: _PlanTemplate, drivers: DriverValues
) -> tuple[dict[str, FloatArray], NDArray[np.bool_]]:
    inputs = template.inputs_for(drivers)
    lines = key_lines(inputs)
    return output_metrics(inputs, lines), lines.sculpt_shortfall <= 0.0


def output_metrics(inputs: ModelInputs, lines: AnnualLines | KeyLines) -> dict[str, FloatArray]:
    """The :data:`OUTPUT_KEYS` metrics of a batch, and only those (each ``(S,)``).

    The same values as :func:`ppp.engine.metrics.compute_metrics` on the same rows, bit for bit; but one IRR
    per scenario (equity) instead of three, and none of the other metrics, which a Monte Carlo run does not
    report.
    """
    present = present_values(inputs, lines, ("project_post_tax", "government_payment"))
    service = lines.debt_service
    serviced = service > 0.0
    # the smallest DSCR over the years with debt service, as metrics.row_min of the DSCR line gives it: the
    # ratio is NaN only where there is no debt service, so masking those years with +inf is the same
    ratios = np.full(service.shape, np.inf)
    np.divide(lines.cfads, service, out=ratios, where=serviced)
    lowest = ratios.min(axis=1)
    values = {
        "equity_irr": irr(lines.equity_cf).rate,
        "project_npv": present["project_post_tax"],
        "government_pv": present["government_payment"],
        "min_dscr": np.where(serviced.any(axis=1), lowest, np.nan),
    }
    return {key: values[key] for key in OUTPUT_KEYS}


def check_drivers(project: Project, drivers: DriverValues) -> None:
    """Refuse driver values outside their domain, naming the driver, the first bad value and the rule.

    Raises
    ------
    ProjectError
        One problem per driver that breaks its rule (path ``drivers.<key>``).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> check_drivers(project, DriverValues.neutral(project, 4))  # the plan is always allowed
    """
    scenarios = drivers.scenarios
    problems: list[Problem] = []
    for key in DRIVER_KEYS:
        column = drivers.column(key)
        if column.ndim != 1 or column.shape[0] != scenarios:
            problems.append(
                Problem(f"drivers.{key}", "risk.driver_shape", list(column.shape), {"expected": scenarios})
            )
    if problems:
        raise ProjectError(problems)
    inflation = float(project.rates.inflation)
    loan_rate = float(project.financing.loan_rate)
    limits: dict[str, tuple[Callable[[FloatArray], NDArray[np.bool_]], str, dict[str, object]]] = {
        "capex": (lambda v: v >= 0.0, "risk.driver_multiplier", {}),
        "opex": (lambda v: v >= 0.0, "risk.driver_multiplier", {}),
        "user_revenue": (lambda v: v >= 0.0, "risk.driver_multiplier", {}),
        "loan_rate": (lambda v: loan_rate + v >= 0.0, "risk.driver_loan_rate", {"rate": loan_rate}),
        "inflation": (lambda v: inflation + v > -1.0, "risk.driver_inflation", {"rate": inflation}),
        "performance_score": (lambda v: (v >= 0.0) & (v <= 100.0), "risk.driver_score", {}),
    }
    for key, (allowed, rule, params) in limits.items():
        column = np.asarray(drivers.column(key), dtype=np.float64)
        bad = ~(np.isfinite(column) & allowed(column))
        if bad.any():
            problems.append(Problem(f"drivers.{key}", rule, float(column[np.argmax(bad)]), params))
    delays = drivers.construction_delay
    most = MAX_CONSTRUCTION_YEARS - project.timeline.construction_years
    bad_delay = (delays < 0) | (delays > most)
    if not np.issubdtype(delays.dtype, np.integer):
        problems.append(Problem("drivers.construction_delay", "risk.driver_delay_integer", str(delays.dtype)))
    elif bad_delay.any():
        problems.append(
            Problem(
                "drivers.construction_delay",
                "risk.driver_delay",
                int(delays[np.argmax(bad_delay)]),
                {"most": most, "construction_years": project.timeline.construction_years},
            )
        )
    if problems:
        raise ProjectError(problems)


def payment_coefficients(scores: FloatArray, bands: list[ScoreBand]) -> FloatArray:
    """The payment coefficient of each score: the first band (in the project's order) whose ``min`` ≤ score.

    The vectorised form of :func:`ppp.engine.inputs.payment_coefficient`: 1.0 without bands, 0.0 below every
    band.

    Examples
    --------
    >>> from ppp.model.schema import ScoreBand
    >>> bands = [ScoreBand(min=90, coefficient=1.0), ScoreBand(min=80, coefficient=0.95),
    ...          ScoreBand(min=60, coefficient=0.8)]
    >>> payment_coefficients(np.array([95.0, 85.0, 70.0, 10.0]), bands)
    array([1.  , 0.95, 0.8 , 0.  ])
    """
    if not bands:
        return np.ones_like(scores, dtype=np.float64)
    coefficients = np.zeros_like(scores, dtype=np.float64)
    # the later bands are overwritten by the earlier ones: the first band that matches wins
    for band in reversed(bands):
        coefficients = np.where(scores >= band.min, band.coefficient, coefficients)
    return coefficients


def stretched_phasing(amounts: FloatArray, years: int) -> FloatArray:
    """Construction spending of ``len(amounts)`` years spread over ``years`` years (same total, same shape).

    The cumulative spending curve is stretched in time: the share spent by a fraction of the construction
    period is the plan's share at that fraction (linear within a planned year).

    Examples
    --------
    >>> stretched_phasing(np.array([40.0, 60.0]), 4)
    array([20., 20., 30., 30.])
    """
    planned_years = amounts.shape[0]
    if planned_years == 0:
        return np.zeros(years)
    cumulative = np.concatenate([[0.0], np.cumsum(amounts)])
    planned_time = np.arange(planned_years + 1) / planned_years
    new_time = np.arange(years + 1) / years
    return np.diff(np.interp(new_time, planned_time, cumulative))


def price_levels(growth: FloatArray, years: FloatArray) -> FloatArray:
    """``growth[:, None] ** years``: each scenario's price level (1 + inflation) to the power of each year.

    For consecutive whole years (a timeline's) the level of each year is the previous year's times the
    growth (before the base year, the next year's divided by it; the base year's is exactly 1): one
    multiplication per scenario and year instead of a ``pow`` (five times faster), within a few ulps of it
    (about one rounding per year from the base year; the pinned batch results allow 1e-12 relative).

    Parameters
    ----------
    growth : ndarray, shape (S,)
        1 + the inflation rate of each scenario (a factor per year).
    years : ndarray, shape (N,)
        Years from the base year, ascending (may be negative before it).

    Returns
    -------
    ndarray, shape (S, N)
        Price levels (unitless factors).

    Examples
    --------
    >>> price_levels(np.array([1.1, 2.0]), np.array([-1.0, 0.0, 1.0, 2.0])).round(12).tolist()
    [[0.909090909091, 1.0, 1.1, 1.21], [0.5, 1.0, 2.0, 4.0]]
    """
    if years.shape[0] == 0 or not np.all(np.diff(years) == 1.0) or years[0] != np.floor(years[0]):
        levels: FloatArray = np.power(growth[:, None], years)
        return levels
    levels = np.empty((growth.shape[0], years.shape[0]))
    # from the base year (level exactly 1, as the power gives it) forwards and backwards
    anchor = int(np.clip(-years[0], 0, years.shape[0] - 1))
    levels[:, anchor] = np.power(growth, years[anchor])
    for period in range(anchor + 1, years.shape[0]):
        np.multiply(levels[:, period - 1], growth, out=levels[:, period])
    for period in range(anchor - 1, -1, -1):
        np.divide(levels[:, period + 1], growth, out=levels[:, period])
    return levels


@dataclass(frozen=True)
class _PlanTemplate:
    """The plan compiled for one construction delay, with the inflation-linked lines split out.

    ``unlinked`` are the nominal lines of items with their own escalation; ``linked_base`` the base-price
    lines of items escalating at the project's inflation rate; ``linked_depreciation[s]`` the depreciation by
    period of the inflation-linked refresh spending of period ``s`` at base prices.
    """

    plan: ModelInputs
    bands: list[ScoreBand]
    inflation: float
    years_from_base: FloatArray
    unlinked: dict[str, FloatArray]
    linked_base: dict[str, FloatArray]
    unlinked_depreciation: FloatArray
    linked_depreciation: FloatArray

    @classmethod
    def build(cls, project: Project, resolved: Project, delay: int) -> _PlanTemplate:
        delayed = _delayed(resolved, delay)
        # the undelayed plan compiles from the project as given, so neutral drivers reproduce evaluate()
        plan = compile_project(project if delay == 0 else delayed)
        inflation = float(delayed.rates.inflation)

        def follows_inflation(item: CapexItem | OpexItem | RevenueItem) -> bool:
            return item.escalation == inflation

        unlinked_project = _with_items(delayed, lambda item: not follows_inflation(item), None)
        unlinked_inputs = compile_project(unlinked_project)
        linked_project = _with_items(delayed, follows_inflation, 0.0)
        linked_inputs = compile_project(linked_project)
        timeline = plan.timeline
        periods = timeline.periods
        linked_depreciation = np.zeros((periods, periods))
        construction_years, operation_years = timeline.construction_years, timeline.operation_years
        for item in linked_project.capex:
            if item.lifecycle:
                # only the refresh periods spend: a unit price there gives that refresh's depreciation
                spend, _ = lifecycle_schedule(item, construction_years, operation_years, np.ones(periods))
                for period in np.flatnonzero(spend).tolist():
                    unit = np.zeros(periods)
                    unit[period] = 1.0
                    _, depreciation = lifecycle_schedule(item, construction_years, operation_years, unit)
                    linked_depreciation[period] += depreciation
        base_year = delayed.timeline.base_year
        assert base_year is not None  # resolved
        unlinked = {line: getattr(unlinked_inputs, line)[0] for line in _PRICED_LINES}
        linked_base = {line: getattr(linked_inputs, line)[0] for line in _PRICED_LINES}
        # shared between runs (ScenarioEvaluator keeps recent templates): nothing may write into them
        for array in (
            *(value for value in vars(plan).values() if isinstance(value, np.ndarray)),
            *unlinked.values(),
            *linked_base.values(),
            unlinked_inputs.lifecycle_depreciation,
            linked_depreciation,
        ):
            array.flags.writeable = False
        return cls(
            plan=plan,
            bands=list(delayed.payment.score_bands),
            inflation=inflation,
            years_from_base=(timeline.years - base_year).astype(np.float64),
            unlinked=unlinked,
            linked_base=linked_base,
            unlinked_depreciation=unlinked_inputs.lifecycle_depreciation[0],
            linked_depreciation=linked_depreciation,
        )

    def inputs_for(self, drivers: DriverValues) -> ModelInputs:
        """The engine batch of these scenarios (all with this template's delay)."""
        plan = self.plan
        scenarios = drivers.scenarios
        timeline = plan.timeline
        construction_years = timeline.construction_years
        shape = (scenarios, timeline.periods)
        lines = {line: np.broadcast_to(getattr(plan, line), shape) for line in _PRICED_LINES}
        lifecycle_depreciation = np.broadcast_to(plan.lifecycle_depreciation, shape)
        shifted = drivers.inflation != 0.0
        if shifted.any():
            # (1 + i + Δ)^(year − base year) for the inflation-linked items; the plan itself where Δ = 0
            price_level = price_levels(1.0 + self.inflation + drivers.inflation, self.years_from_base)
            keep = ~shifted[:, None]
            every_row = bool(shifted.all())  # the usual Monte Carlo case: nothing to keep from the plan
            for line in _PRICED_LINES:
                if line in self.unlinked_only:
                    # no inflation-linked item: unlinked + 0 × level is the unlinked line, bit for bit
                    moved = np.broadcast_to(self.unlinked[line], shape)
                else:
                    moved = self.linked_base[line] * price_level
                    moved += self.unlinked[line]
                lines[line] = moved if every_row else np.where(keep, lines[line], moved)
            moved_depreciation = self._moved_depreciation(price_level)
            lifecycle_depreciation = (
                moved_depreciation
                if every_row
                else np.where(keep, lifecycle_depreciation, moved_depreciation)
            )

        capex_factor = drivers.capex[:, None]
        coefficient = payment_coefficients(drivers.performance_score, self.bands)
        # the SPV bears capex and opex variances: the engine's recorded-spending path moves the financing
        # and the cost lines but keeps the payment's terms on the plan. Construction is the first
        # columns: spending is recorded there, not in the operating years (NaN)
        actual_capex = lines["capex"] * capex_factor
        actual_capex[:, construction_years:] = np.nan
        payment_coefficient = np.empty(shape)
        payment_coefficient[:, :construction_years] = 0.0
        payment_coefficient[:, construction_years:] = coefficient[:, None]
        changes = dict(self._broadcast_plan(scenarios))
        changes.update(
            capex=lines["capex"],
            actual_capex=actual_capex,
            lifecycle_capex=lines["lifecycle_capex"] * capex_factor,
            lifecycle_depreciation=lifecycle_depreciation * capex_factor,
            opex=lines["opex"],
            actual_opex=lines["opex"] * drivers.opex[:, None],
            user_revenue=lines["user_revenue"] * drivers.user_revenue[:, None],
            loan_rate=plan.loan_rate + drivers.loan_rate,
            payment_coefficient=payment_coefficient,
        )
        return replace(plan, **changes)  # type: ignore[arg-type]

    @property
    def unlinked_only(self) -> frozenset[str]:
        """The priced lines without an inflation-linked item (their linked base prices are all 0)."""
        return frozenset(line for line in _PRICED_LINES if not self.linked_base[line].any())

    def _moved_depreciation(self, price_level: FloatArray) -> FloatArray:
        """The lifecycle depreciation at each scenario's price levels: only the periods with a refresh
        spend contribute (a handful), so the product runs over those rows of the depreciation matrix."""
        refreshes = np.flatnonzero(self.linked_depreciation.any(axis=1))
        if refreshes.shape[0] == 0:
            return np.broadcast_to(self.unlinked_depreciation, price_level.shape)
        moved = matmul_by_row_blocks(
            np.ascontiguousarray(price_level[:, refreshes]), self.linked_depreciation[refreshes]
        )
        moved += self.unlinked_depreciation
        return moved

    def _broadcast_plan(self, scenarios: int) -> dict[str, FloatArray]:
        """Every array of the plan broadcast to ``scenarios`` rows (read-only views)."""
        return {
            name: np.broadcast_to(value, (scenarios, *value.shape[1:]))
            for name, value in vars(self.plan).items()
            if isinstance(value, np.ndarray)
        }


def _with_items(
    project: Project, keep: Callable[[CapexItem | OpexItem | RevenueItem], bool], escalation: float | None
) -> Project:
    """The project with the amounts of the items not kept set to 0 (and the kept ones' escalation changed).

    Zeroing keeps every item in place, so the compiled lines are the kept items' share of the plan.
    """

    def changed(item: CapexItem | OpexItem | RevenueItem) -> dict[str, object]:
        if keep(item):
            return {} if escalation is None else {"escalation": escalation}
        if isinstance(item, CapexItem) and item.amounts is not None:
            return {"amounts": [0.0] * len(item.amounts)}
        return {"amount": 0.0}

    return project.model_copy(
        update={
            "capex": [item.model_copy(update=changed(item)) for item in project.capex],
            "opex": [item.model_copy(update=changed(item)) for item in project.opex],
            "revenue": [item.model_copy(update=changed(item)) for item in project.revenue],
        }
    )


def _delayed(resolved: Project, delay: int) -> Project:
    """The resolved plan with ``delay`` more construction years (docs/risk.md, "Construction delay").

    Construction spending keeps its base-price total, stretched over the longer construction; operation
    keeps its length and starts ``delay`` years later; the fiscal lists, calendar years of the contract
    period, get ``delay`` more years of 0 at the end.
    """
    if delay == 0:
        return resolved
    timeline = resolved.timeline
    years = timeline.construction_years + delay

    def stretched(item: CapexItem) -> CapexItem:
        if item.lifecycle:
            return item
        if item.amounts is not None:
            planned = np.asarray(item.amounts, dtype=np.float64)
        else:
            assert item.amount is not None
            assert item.phasing is not None
            planned = item.amount * np.asarray(item.phasing, dtype=np.float64)
        amounts = stretched_phasing(planned, years).tolist()
        return item.model_copy(update={"amounts": amounts, "amount": None, "phasing": None})

    updates: dict[str, object] = {
        "timeline": timeline.model_copy(update={"construction_years": years}),
        "capex": [stretched(item) for item in resolved.capex],
    }
    fiscal = resolved.fiscal
    if fiscal is not None:
        padding = [0.0] * delay

        def padded(values: list[float]) -> list[float]:
            return [*values, *padding] if values else values

        updates["fiscal"] = fiscal.model_copy(
            update={
                "other_ppp_expenditure": padded(fiscal.other_ppp_expenditure),
                "supporting_inputs": padded(fiscal.supporting_inputs),
                "risk_scenarios": [
                    scenario.model_copy(update={"expenditure": padded(scenario.expenditure)})
                    for scenario in fiscal.risk_scenarios
                ],
            }
        )
    return resolved.model_copy(update=updates)
