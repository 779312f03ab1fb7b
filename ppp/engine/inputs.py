"""Compile a validated project into the engine's arrays (scenarios × periods).

Everything the annual model needs is resolved here once: defaults (base year, escalation, subsidy period,
depreciation life), nominal amounts by period, the payment coefficient of the expected score. A batch of
scenarios shares one timeline and one set of methods; everything numeric is an array with a leading scenario
axis, so sensitivity, Monte Carlo and bid comparison change arrays instead of looping over projects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

import numpy as np
from numpy.typing import NDArray

from ppp.model.defaults import resolve_defaults
from ppp.model.schema import CapexItem, Project, ScoreBand

T = TypeVar("T")

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Timeline:
    """The periods t = 1..N; construction 1..C, operation C+1..N (methodology §1)."""

    start_year: int
    construction_years: int
    operation_years: int

    @property
    def periods(self) -> int:
        return self.construction_years + self.operation_years

    @property
    def years(self) -> NDArray[np.int64]:
        return self.start_year + np.arange(self.periods, dtype=np.int64)

    @property
    def operating(self) -> NDArray[np.bool_]:
        """True in operating periods."""
        return np.arange(self.periods) >= self.construction_years

    @property
    def operating_year(self) -> NDArray[np.int64]:
        """k = t − C in operating periods, 0 in construction periods."""
        return np.maximum(np.arange(1, self.periods + 1) - self.construction_years, 0)


@dataclass(frozen=True)
class ModelInputs:
    """One batch of scenarios ready for :func:`ppp.engine.annual.run_batch`.

    Shapes: ``(S,)`` for per-scenario scalars, ``(S, N)`` for per-period amounts (nominal, money unit).
    Structural choices (timeline, methods, tenor, lives) are shared by the whole batch.
    """

    timeline: Timeline
    # investment
    capex: FloatArray
    lifecycle_capex: FloatArray
    lifecycle_depreciation: FloatArray
    # operations
    opex: FloatArray
    user_revenue: FloatArray
    # rates
    discount_rate: FloatArray
    reasonable_profit_rate: FloatArray
    om_profit_rate: FloatArray
    equity_hurdle_rate: FloatArray | None
    # financing
    equity_ratio: FloatArray
    government_equity_share: FloatArray
    loan_rate: FloatArray
    tenor_years: int
    repayment: Literal["annuity", "equal-principal", "sculpted"]
    target_dscr: FloatArray
    idc_weight: float
    # payment
    payment_method: Literal["mof-21", "annuity", "equal-principal", "schedule", "user-pay"]
    nets_user_revenue: bool
    cost_basis: Literal["total-investment", "construction-investment"]
    subsidy_years: int
    linked_share: FloatArray
    payment_coefficient: FloatArray
    payment_schedule: FloatArray
    availability_scale: FloatArray
    #: recorded (actual) government payments by period, NaN where none is recorded; None in planning
    actual_government_payment: FloatArray | None
    #: recorded operating costs by period (NaN: not recorded); they replace the cost line, never the O&M
    #: term of the payment, which the contract fixes from the planned costs
    actual_opex: FloatArray | None
    #: recorded capital spending by period (NaN: not recorded): construction capex in construction years,
    #: lifecycle refresh spending in operating years
    actual_capex: FloatArray | None
    # tax
    income_tax_rate: FloatArray
    depreciation_years: int
    loss_carryforward_years: int
    depreciate_government_equity: bool
    # fiscal (None without a [fiscal] table)
    general_budget: FloatArray | None
    other_ppp_expenditure: FloatArray
    risk_ratio: FloatArray | None
    risk_scenario_expenditure: FloatArray | None
    supporting_inputs: FloatArray
    # value for money (None without a [vfm] table)
    psc_cost: FloatArray | None
    psc_present_value_adjustments: FloatArray | None
    #: added to the PPP value: the [vfm] retained risk (PV) when the fiscal view has no risk line of its own
    ppp_value_retained_risk: FloatArray | None

    @property
    def scenarios(self) -> int:
        return int(self.capex.shape[0])

    def repeat(self, scenarios: int) -> ModelInputs:
        """The same inputs repeated ``scenarios`` times, ready to be varied per scenario."""
        if self.scenarios != 1:
            raise ValueError("repeat() expects a batch of one scenario")
        changes: dict[str, object] = {}
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                changes[name] = np.repeat(value, scenarios, axis=0)
        return replace(self, **changes)  # type: ignore[arg-type]


def escalation_factors(years: NDArray[np.int64], base_year: int, rate: float) -> FloatArray:
    """(1 + g)^(year − base_year) for each period (methodology §1)."""
    return np.power(1.0 + rate, (years - base_year).astype(np.float64))


def payment_coefficient(score: float, bands: list[ScoreBand]) -> float:
    """The coefficient of the first band (highest ``min`` first) whose ``min`` ≤ score; 1.0 without bands.

    Examples
    --------
    >>> from ppp.model.schema import ScoreBand
    >>> bands = [ScoreBand(min=90, coefficient=1.0), ScoreBand(min=80, coefficient=0.95),
    ...          ScoreBand(min=60, coefficient=0.8), ScoreBand(min=0, coefficient=0.0)]
    >>> payment_coefficient(85.0, bands)
    0.95
    """
    if not bands:
        return 1.0
    for band in bands:
        if score >= band.min:
            return band.coefficient
    return 0.0


def compile_project(project: Project) -> ModelInputs:
    """The project's inputs as a batch of one scenario (shapes ``(1,)`` and ``(1, N)``)."""
    project = resolve_defaults(project)
    timeline = Timeline(
        start_year=project.timeline.start_year,
        construction_years=project.timeline.construction_years,
        operation_years=project.timeline.operation_years,
    )
    periods = timeline.periods
    construction_years = timeline.construction_years
    operation_years = timeline.operation_years
    years = timeline.years
    base_year = _resolved(project.timeline.base_year)
    operating = timeline.operating

    def escalated(rate: float | None) -> FloatArray:
        return escalation_factors(years, base_year, _resolved(rate))

    capex = np.zeros(periods)
    lifecycle_capex = np.zeros(periods)
    lifecycle_depreciation = np.zeros(periods)
    base_construction_capex = 0.0
    for item in project.capex:
        factors = escalated(item.escalation)
        if item.lifecycle:
            spend, depreciation = lifecycle_schedule(item, construction_years, operation_years, factors)
            lifecycle_capex += spend
            lifecycle_depreciation += depreciation
        else:
            shares = _construction_amounts(item, construction_years)
            base_construction_capex += float(np.sum(shares))
            capex[:construction_years] += shares * factors[:construction_years]

    opex = np.zeros(periods)
    base_opex = 0.0
    for opex_item in project.opex:
        opex += np.where(operating, opex_item.amount, 0.0) * escalated(opex_item.escalation)
        base_opex += opex_item.amount

    user_revenue = np.zeros(periods)
    operating_year = timeline.operating_year
    for revenue_item in project.revenue:
        active = operating & (operating_year >= revenue_item.start_operating_year)
        user_revenue += np.where(active, revenue_item.amount, 0.0) * escalated(revenue_item.escalation)

    payment = project.payment
    schedule = np.zeros(periods)
    if payment.schedule is not None:
        schedule[construction_years:] = payment.schedule
    coefficient = payment_coefficient(payment.expected_score, payment.score_bands)

    fiscal = project.fiscal
    general_budget: FloatArray | None = None
    risk_ratio: FloatArray | None = None
    risk_scenario_expenditure: FloatArray | None = None
    other_ppp = np.zeros(periods)
    supporting = np.zeros(periods)
    if fiscal is not None:
        # the budget is given for start_year and grows from there (methodology §7)
        general_budget = fiscal.general_budget * np.power(
            1.0 + fiscal.budget_growth, np.arange(periods, dtype=float)
        )
        if fiscal.other_ppp_expenditure:
            other_ppp = np.asarray(fiscal.other_ppp_expenditure, dtype=float)
        if fiscal.supporting_inputs:
            supporting = np.asarray(fiscal.supporting_inputs, dtype=float)
        if fiscal.risk_scenarios:
            risk_scenario_expenditure = np.sum(
                [
                    scenario.probability * np.asarray(scenario.expenditure, dtype=float)
                    for scenario in fiscal.risk_scenarios
                ],
                axis=0,
            )
        else:
            risk_ratio = np.array([fiscal.risk_ratio or 0.0])

    psc_cost: FloatArray | None = None
    psc_adjustments: FloatArray | None = None
    ppp_value_retained_risk: FloatArray | None = None
    if project.vfm is not None:
        vfm = project.vfm
        psc_cost = _psc_profile(
            _resolved(vfm.psc_construction_cost),
            _resolved(vfm.psc_om_cost),
            capex,
            lifecycle_capex,
            base_construction_capex,
            opex,
            base_opex,
            escalated(project.rates.inflation),
            operating,
        )
        psc_adjustments = np.array([vfm.competitive_neutrality + vfm.transferable_risk + vfm.retained_risk])
        # 财金〔2015〕167号: the PPP value counts the government's retained risk once: as the fiscal risk
        # line (风险承担支出) where [fiscal] sets one, else as the [vfm] amount
        has_risk_line = fiscal is not None and (
            (fiscal.risk_ratio or 0.0) > 0.0 or bool(fiscal.risk_scenarios)
        )
        ppp_value_retained_risk = np.array([0.0 if has_risk_line else vfm.retained_risk])

    rates = project.rates
    financing = project.financing
    tax = project.tax

    def one(value: float) -> FloatArray:
        return np.array([value], dtype=np.float64)

    def row(values: FloatArray) -> FloatArray:
        return values.reshape(1, periods).astype(np.float64)

    return ModelInputs(
        timeline=timeline,
        capex=row(capex),
        lifecycle_capex=row(lifecycle_capex),
        lifecycle_depreciation=row(lifecycle_depreciation),
        opex=row(opex),
        user_revenue=row(user_revenue),
        discount_rate=one(rates.discount_rate),
        reasonable_profit_rate=one(rates.reasonable_profit_rate),
        om_profit_rate=one(_resolved(rates.om_profit_rate)),
        equity_hurdle_rate=None if rates.equity_hurdle_rate is None else one(rates.equity_hurdle_rate),
        equity_ratio=one(financing.equity_ratio),
        government_equity_share=one(financing.government_equity_share),
        loan_rate=one(financing.loan_rate),
        tenor_years=financing.tenor_years,
        repayment=financing.repayment,
        target_dscr=one(financing.target_dscr or 0.0),
        idc_weight={"mid-year": 0.5, "start-of-year": 1.0, "end-of-year": 0.0}[financing.idc_timing],
        payment_method=payment.method,
        nets_user_revenue=project.project.payment_mode == "viability-gap",
        cost_basis=payment.cost_basis,
        subsidy_years=_resolved(payment.subsidy_years),
        linked_share=one(payment.linked_share),
        payment_coefficient=row(np.where(operating, coefficient, 0.0)),
        payment_schedule=row(schedule),
        availability_scale=one(payment.availability_factor),
        actual_government_payment=None,
        actual_opex=None,
        actual_capex=None,
        income_tax_rate=one(tax.income_tax_rate),
        depreciation_years=_resolved(tax.depreciation_years),
        loss_carryforward_years=tax.loss_carryforward_years,
        depreciate_government_equity=tax.depreciation_basis == "total-investment",
        general_budget=None if general_budget is None else row(general_budget),
        other_ppp_expenditure=row(other_ppp),
        risk_ratio=risk_ratio,
        risk_scenario_expenditure=None
        if risk_scenario_expenditure is None
        else row(risk_scenario_expenditure),
        supporting_inputs=row(supporting),
        psc_cost=None if psc_cost is None else row(psc_cost),
        psc_present_value_adjustments=psc_adjustments,
        ppp_value_retained_risk=ppp_value_retained_risk,
    )


def _resolved(value: T | None) -> T:
    """A value that :func:`resolve_defaults` has filled in."""
    if value is None:
        raise ValueError("compile_project expects a project with its defaults resolved")
    return value


def _construction_amounts(item: CapexItem, construction_years: int) -> FloatArray:
    if item.amounts is not None:
        return np.asarray(item.amounts, dtype=float)
    # both present: guaranteed by the rules
    assert item.amount is not None
    assert item.phasing is not None
    return item.amount * np.asarray(item.phasing, dtype=float)


def lifecycle_schedule(
    item: CapexItem, construction_years: int, operation_years: int, factors: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Nominal spend and its straight-line depreciation by period (methodology §5).

    Each refresh is depreciated from the year it is spent over ``life_years`` (default ``every_years``, else
    the remaining operating years); what is left when the concession ends is written off in the final year.

    Parameters
    ----------
    item : CapexItem
        A lifecycle (refresh) item: ``amount`` at base prices, spent in its refresh operating years.
    construction_years, operation_years : int
        The timeline (periods = their sum).
    factors : ndarray, shape (N,)
        The item's price level by period (escalation factors).

    Returns
    -------
    tuple of ndarray
        Spend and depreciation by period, each ``(N,)`` in the money unit (nominal).

    Examples
    --------
    >>> from ppp.model.schema import CapexItem
    >>> item = CapexItem(name="refresh", amount=100.0, lifecycle=True, operating_years=[2], life_years=2)
    >>> spend, depreciation = lifecycle_schedule(item, 1, 3, np.ones(4))
    >>> spend.tolist(), depreciation.tolist()
    ([0.0, 0.0, 100.0, 0.0], [0.0, 0.0, 50.0, 50.0])
    """
    periods = construction_years + operation_years
    assert item.amount is not None
    if item.operating_years is not None:
        refresh_years = sorted(set(item.operating_years))
    else:
        assert item.every_years is not None
        refresh_years = list(range(item.every_years, operation_years + 1, item.every_years))
    spend = np.zeros(periods)
    depreciation = np.zeros(periods)
    for year in refresh_years:
        start = construction_years + year - 1
        amount = item.amount * factors[start]
        spend[start] += amount
        life = item.life_years or (operation_years - year + 1)
        end = min(start + life, periods)
        depreciation[start:end] += amount / life
        # the undepreciated remainder is written off when the assets are handed over
        depreciation[periods - 1] += amount - amount / life * (end - start)
    return spend, depreciation


def _psc_profile(
    construction_cost: float,
    om_cost: float,
    capex: FloatArray,
    lifecycle_capex: FloatArray,
    base_construction_capex: float,
    opex: FloatArray,
    base_opex: float,
    inflation_factors: FloatArray,
    operating: NDArray[np.bool_],
) -> FloatArray:
    """The reference project's nominal costs by period: the project's own profiles rescaled to the PSC totals.

    The public sector would refresh the same equipment: the project's lifecycle capex is part of the PSC, at
    the PSC's construction cost level. Without construction periods (or capex) the PSC construction cost
    falls in period 1; without opex the PSC O&M cost escalates at inflation.
    """
    if base_construction_capex > 0:
        cost_level = construction_cost / base_construction_capex
        construction = (capex + lifecycle_capex) * cost_level
    else:
        construction = lifecycle_capex.copy()
        construction[0] += construction_cost * inflation_factors[0]
    if base_opex > 0:
        operation = opex * (om_cost / base_opex)
    else:
        operation = np.where(operating, om_cost, 0.0) * inflation_factors
    return construction + operation


def with_actuals(
    inputs: ModelInputs,
    *,
    payments: Mapping[int, float] | None = None,
    opex: Mapping[int, float] | None = None,
    capex: Mapping[int, float] | None = None,
) -> ModelInputs:
    """The inputs with what was recorded for the calendar years given (actual vs plan).

    Each mapping is calendar year → amount in the project's money unit (nominal). Years left out keep the
    plan, so an evaluation of the result is "realised where recorded, forecast elsewhere".

    - ``payments``: the government payment actually made replaces the linked payment of the model.
    - ``opex``: the operating cost actually incurred replaces the cost line (EBITDA, cash flows, tax); the
      payment's O&M term keeps the planned costs, because the contract fixes it, not the SPV's spending.
    - ``capex``: in a construction year the construction spending (financed with the same equity/debt split,
      so draws and IDC follow it); in an operating year the lifecycle refresh spending. The availability
      payment keeps the planned investment (the SPV bears cost variances) and refresh depreciation keeps the
      planned schedule.

    Raises
    ------
    ValueError
        When a year is outside the contract period or an amount is not a finite number ≥ 0 (payments and
        costs recorded are never negative).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> inputs = compile_project(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    >>> actual = with_actuals(inputs, payments={2019: 10_000.0}, opex={2019: 700.0})
    >>> int(np.isnan(actual.actual_government_payment[0]).sum()) == inputs.timeline.periods - 1
    True
    >>> actual.actual_capex is None
    True
    """
    years = inputs.timeline.years.tolist()

    def recorded(amounts: Mapping[int, float] | None) -> FloatArray | None:
        if not amounts:
            return None
        line = np.full((inputs.scenarios, inputs.timeline.periods), np.nan)
        for year, amount in amounts.items():
            if year not in years:
                raise ValueError(f"{year} is not a year of the contract period {years[0]}–{years[-1]}")
            if not math.isfinite(amount) or amount < 0.0:
                raise ValueError(
                    f"the amount recorded for {year} must be a finite number ≥ 0, not {amount!r}"
                )
            line[:, years.index(year)] = amount
        return line

    return replace(
        inputs,
        actual_government_payment=recorded(payments),
        actual_opex=recorded(opex),
        actual_capex=recorded(capex),
    )
