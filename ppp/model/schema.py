"""The project file `ppp-project/1` as validated pydantic models.

Field-level rules (types, ranges, allowed words) live here; rules that relate several fields (phasing sums to
1, tenor within operation, list lengths equal to the number of periods, ...) live in
:mod:`ppp.model.rules`, so that every problem can be reported with its own key path.

Amounts are plain numbers in the project's money unit, in base-year prices. Rates are fractions
(0.049 means 4.9 %). See ``../shared/spec/project-file.md`` and ``docs/project-file-extensions.md``.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "ppp-project/1"

Framework = Literal["mof-2015", "franchise-2023", "international"]
ContractMode = Literal["BOT", "BOOT", "BOO", "TOT", "ROT", "OM", "service-lease"]
PaymentMode = Literal["government-pay", "viability-gap", "user-pay"]
Stage = Literal["identification", "preparation", "procurement", "execution", "handover"]
Repayment = Literal["annuity", "equal-principal", "sculpted"]
PaymentMethod = Literal["mof-21", "annuity", "equal-principal", "schedule", "user-pay"]
CostBasis = Literal["total-investment", "construction-investment"]
DepreciationBasis = Literal["total-investment", "excluding-government-equity"]
IdcTiming = Literal["mid-year", "start-of-year", "end-of-year"]
Direction = Literal["higher", "lower"]

# Rates are fractions. The upper bound catches "4.9" typed for 4.9 %.
Rate = Annotated[float, Field(gt=-0.99, le=1.0)]
NonNegativeRate = Annotated[float, Field(ge=0.0, le=1.0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
# The upper bound keeps every sum and present value finite in float64 arithmetic.
MAX_MONEY = 1e15
Money = Annotated[float, Field(ge=0.0, le=MAX_MONEY)]
SignedMoney = Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Score = Annotated[float, Field(ge=0.0, le=100.0)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Section(BaseModel):
    """Base of every table: unknown keys are errors, NaN and infinity are rejected, types are strict."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True, populate_by_name=True)


class ProjectInfo(Section):
    name: Name
    city: str = ""
    sector: str = "smart-city"
    framework: Framework = "mof-2015"
    mode: ContractMode = "BOT"
    payment_mode: PaymentMode = "government-pay"
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "CNY"
    money_unit: Annotated[str, Field(min_length=1, max_length=20)] = "万元"
    stage: Stage = "preparation"


class Timeline(Section):
    start_year: Year
    construction_years: Annotated[int, Field(ge=0, le=49)]
    operation_years: Annotated[int, Field(ge=1, le=50)]
    base_year: Year | None = None


class Rates(Section):
    discount_rate: Rate
    reasonable_profit_rate: Rate = 0.0
    om_profit_rate: Rate | None = None
    inflation: Rate = 0.0
    equity_hurdle_rate: Rate | None = None


class CapexItem(Section):
    name: Name
    amount: Money | None = None
    phasing: list[Share] | None = None
    amounts: list[Money] | None = None
    escalation: Rate | None = None
    lifecycle: bool = False
    every_years: Annotated[int, Field(ge=1, le=50)] | None = None
    operating_years: list[Annotated[int, Field(ge=1, le=50)]] | None = None
    life_years: Annotated[int, Field(ge=1, le=50)] | None = None


class OpexItem(Section):
    name: Name
    amount: Money
    escalation: Rate | None = None


class RevenueItem(Section):
    name: Name
    amount: Money
    escalation: Rate | None = None
    start_operating_year: Annotated[int, Field(ge=1, le=50)] = 1


class Financing(Section):
    equity_ratio: Share
    government_equity_share: Share = 0.0
    loan_rate: NonNegativeRate = 0.0
    tenor_years: Annotated[int, Field(ge=1, le=50)] = 1
    repayment: Repayment = "annuity"
    target_dscr: Annotated[float, Field(gt=0.0, le=10.0)] | None = None
    idc_timing: IdcTiming = "mid-year"


class ScoreBand(Section):
    min: Score
    coefficient: Annotated[float, Field(ge=0.0, le=2.0)]


class Payment(Section):
    method: PaymentMethod
    cost_basis: CostBasis = "total-investment"
    subsidy_years: Annotated[int, Field(ge=1, le=50)] | None = None
    linked_share: Share = 0.0
    expected_score: Score = 100.0
    # extension: the availability part offered, as a multiple of the method's formula (a bid's discount)
    availability_factor: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0
    schedule: list[Money] | None = None
    score_bands: list[ScoreBand] = Field(default_factory=list)


class Tax(Section):
    income_tax_rate: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.25
    depreciation_years: Annotated[int, Field(ge=1, le=50)] | None = None
    loss_carryforward_years: Annotated[int, Field(ge=0, le=50)] = 5
    depreciation_basis: DepreciationBasis = "total-investment"


class RiskScenario(Section):
    name: Name
    probability: Share
    expenditure: list[Money]


class Fiscal(Section):
    general_budget: Annotated[float, Field(gt=0.0, le=MAX_MONEY)]
    budget_growth: Rate = 0.0
    other_ppp_expenditure: list[Money] = Field(default_factory=list)
    risk_ratio: Share | None = None
    risk_scenarios: list[RiskScenario] = Field(default_factory=list)
    supporting_inputs: list[Money] = Field(default_factory=list)


RiskAllocation = Literal["government", "private", "shared"]
CriterionGroup = Literal["core", "supplementary"]
#: the keys of ``[vfm.sources]``: every [vfm] input whose origin a report states (docs/government.md)
VFM_SOURCE_KEYS: tuple[str, ...] = (
    "discount_rate",
    "psc_construction_cost",
    "psc_om_cost",
    "competitive_neutrality",
    "transferable_risk",
    "retained_risk",
    "risks",
    "criteria",
)


class VfmRisk(Section):
    """extension: one risk of the VfM risk register (财金〔2015〕167号); ``impact`` is a PV amount."""

    name: Name
    probability: Share
    impact: Money
    allocation: RiskAllocation
    government_share: Share | None = None
    source: Annotated[str, Field(max_length=500)] = ""


class VfmCriterion(Section):
    """extension: one qualitative VfM criterion with the expert panel's weight (points of 100) and score."""

    name: Name
    group: CriterionGroup
    weight: Annotated[float, Field(gt=0.0, le=100.0)]
    score: Score


class Vfm(Section):
    psc_construction_cost: Money | None = None
    psc_om_cost: Money | None = None
    competitive_neutrality: SignedMoney = 0.0
    # given, or resolved from ``risks`` (ppp.model.defaults): a file gives one or the other
    transferable_risk: Money = 0.0
    retained_risk: Money = 0.0
    risks: list[VfmRisk] = Field(default_factory=list)
    criteria: list[VfmCriterion] = Field(default_factory=list)
    sources: dict[str, Annotated[str, Field(max_length=500)]] = Field(default_factory=dict)


class Kpi(Section):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    name: Name
    unit: str = ""
    target: float
    direction: Direction
    weight: Annotated[float, Field(gt=0.0, le=100.0)] | None = None
    tolerance: Annotated[float, Field(gt=0.0)] | None = None
    points_per_unit: Annotated[float, Field(gt=0.0)] | None = None


class DeductionBand(Section):
    from_: Annotated[int, Field(ge=1, alias="from")]
    to: Annotated[int, Field(ge=1)] | None = None
    multiplier: Annotated[float, Field(ge=0.0)]


class Deductions(Section):
    free_points: Annotated[float, Field(ge=0.0)] = 0.0
    value_per_point: Money
    bands: list[DeductionBand] = Field(default_factory=list)


class Tender(Section):
    price_weight: Share
    technical_weight: Share
    abnormally_low_margin: Share = 0.15


class Bid(Section):
    bidder: Name
    submitted: datetime.date
    technical_score: Score


class NamedScenario(Section):
    """extension: a named set of overrides of the plan (``[[scenarios]]``), in the units of
    :class:`ppp.risk.drivers.DriverValues`; an absent key keeps the plan's value.

    ``capex``, ``opex`` and ``user_revenue`` are multiples of the plan (1.1 = 10 % over); ``loan_rate`` and
    ``inflation`` absolute changes of the rate (0.01 = +1 point); ``performance_score`` the expected score in
    points; ``construction_delay`` whole years. The ranges are checked in :mod:`ppp.model.rules`.
    """

    name: Name
    capex: float | None = None
    opex: float | None = None
    user_revenue: float | None = None
    loan_rate: float | None = None
    inflation: float | None = None
    performance_score: float | None = None
    construction_delay: int | None = None


class Project(Section):
    """A whole project file. Optional tables are ``None`` when absent."""

    schema_: Literal["ppp-project/1"] = Field(alias="schema")
    project: ProjectInfo
    timeline: Timeline
    rates: Rates
    capex: list[CapexItem] = Field(default_factory=list)
    opex: list[OpexItem] = Field(default_factory=list)
    revenue: list[RevenueItem] = Field(default_factory=list)
    financing: Financing
    payment: Payment
    tax: Tax = Field(default_factory=Tax)
    fiscal: Fiscal | None = None
    vfm: Vfm | None = None
    kpis: list[Kpi] = Field(default_factory=list)
    deductions: Deductions | None = None
    tender: Tender | None = None
    bid: Bid | None = None
    scenarios: list[NamedScenario] = Field(default_factory=list)

    @property
    def periods(self) -> int:
        """N = construction years + operation years."""
        return self.timeline.construction_years + self.timeline.operation_years
