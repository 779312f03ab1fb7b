"""Value for money (物有所值, methodology §8): the quantitative components behind the engine's PSC, PPP value,
VfM amount and index, the risk register, the qualitative scoring and the list of every input with its source.

The engine computes PSC and PPP value (:mod:`ppp.engine.metrics`); this module only splits them into the
parts a report and a waterfall chart show, with present values from the engine's batched NPV, and checks
that the parts add up to the engine's totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np

from ppp.engine import Evaluation, compile_project
from ppp.engine.inputs import FloatArray
from ppp.engine.numerics import npv
from ppp.model.defaults import resolve_defaults, risk_allocation
from ppp.model.problems import Problem
from ppp.model.rules import vfm_criteria_problems
from ppp.model.schema import Project, VfmCriterion, VfmRisk

#: 财金〔2015〕167号: a project passes the qualitative assessment with a weighted score of at least 60
QUALITATIVE_PASS_SCORE: Final = 60.0
#: the parts of the PSC and of the PPP value, in waterfall order
PSC_PARTS: Final = (
    "construction_cost",
    "om_cost",
    "competitive_neutrality",
    "transferable_risk",
    "retained_risk",
)
PPP_VALUE_PARTS: Final = (
    "equity_expenditure",
    "government_payment",
    "risk_expenditure",
    "supporting_expenditure",
    "ppp_retained_risk",
)
#: parts may differ from the engine's totals by float rounding only
_RELATIVE_TOLERANCE: Final = 1e-9

StepKind = Literal["step", "total"]


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the VfM waterfall: ``start`` → ``end`` (money unit); totals start at 0."""

    key: str
    amount: float
    start: float
    end: float
    kind: StepKind


@dataclass(frozen=True)
class VfmComponents:
    """PSC and PPP value by part, every amount a present value at ``discount_rate`` (money unit).

    ``construction_cost`` and ``om_cost`` are the PVs of the reference project's construction net cost
    (refreshes included) and O&M net cost; the risks and the competitive-neutrality adjustment are PV amounts
    of the file. The PPP value parts are the PVs of the fiscal expenditure lines (methodology §7) plus the
    [vfm] retained risk where the fiscal view has no risk line of its own (``ppp_retained_risk``).
    """

    money_unit: str
    discount_rate: float
    construction_cost: float
    om_cost: float
    competitive_neutrality: float
    transferable_risk: float
    retained_risk: float
    psc: float
    equity_expenditure: float
    government_payment: float
    risk_expenditure: float
    supporting_expenditure: float
    ppp_retained_risk: float
    ppp_value: float
    vfm_amount: float
    vfm_index: float | None

    @property
    def passed(self) -> bool:
        """The quantitative test: the PPP value does not exceed the PSC."""
        return self.vfm_amount >= 0.0

    def waterfall(self) -> list[WaterfallStep]:
        """The PSC built up from its parts, the PPP value's parts taken off, ending at the VfM amount.

        Examples
        --------
        >>> parts = dict.fromkeys(PSC_PARTS + PPP_VALUE_PARTS, 0.0)
        >>> parts.update(construction_cost=100.0, om_cost=50.0, government_payment=120.0)
        >>> components = VfmComponents(money_unit="万元", discount_rate=0.05, psc=150.0, ppp_value=120.0,
        ...                            vfm_amount=30.0, vfm_index=0.2, **parts)
        >>> [(step.key, step.start, step.end) for step in components.waterfall() if step.amount]
        [('construction_cost', 0.0, 100.0), ('om_cost', 100.0, 150.0), ('psc', 0.0, 150.0), \
('government_payment', 150.0, 30.0), ('vfm_amount', 0.0, 30.0)]
        """
        steps: list[WaterfallStep] = []
        level = 0.0
        for key in PSC_PARTS:
            amount = float(getattr(self, key))
            steps.append(WaterfallStep(key, amount, level, level + amount, "step"))
            level += amount
        steps.append(WaterfallStep("psc", self.psc, 0.0, self.psc, "total"))
        level = self.psc
        for key in PPP_VALUE_PARTS:
            amount = -float(getattr(self, key))
            steps.append(WaterfallStep(key, amount, level, level + amount, "step"))
            level += amount
        steps.append(WaterfallStep("vfm_amount", self.vfm_amount, 0.0, self.vfm_amount, "total"))
        return steps


def vfm_components(project: Project, evaluation: Evaluation) -> VfmComponents | None:
    """The parts of the PSC and of the PPP value of ``evaluation`` (``evaluate(project)``).

    ``None`` when the project has no ``[vfm]`` table. The construction part is the engine's PSC cost
    profile of the same project with a zero O&M cost; the O&M part is the rest of the engine's profile.

    Raises
    ------
    ValueError
        When the parts do not add up to the engine's PSC and PPP value (``evaluation`` is not of
        ``project``).

    Examples
    --------
    >>> from ppp.engine import evaluate
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> parts = vfm_components(project, evaluate(project))
    >>> parts is None or abs(parts.psc - parts.ppp_value - parts.vfm_amount) < 1e-6
    True
    """
    metrics = evaluation.batch.metrics
    inputs = evaluation.batch.inputs
    lines = evaluation.batch.lines
    if project.vfm is None or metrics.psc is None or metrics.ppp_value is None or inputs.psc_cost is None:
        return None
    vfm = resolve_defaults(project).vfm
    assert vfm is not None  # resolve_defaults keeps the table
    assert inputs.ppp_value_retained_risk is not None  # set with psc_cost
    construction_profile, om_profile = psc_profiles(project, evaluation)
    rows = np.stack(
        [
            construction_profile,
            om_profile,
            lines.equity_expenditure[0],
            lines.government_payment[0],
            lines.risk_expenditure[0],
            lines.supporting_expenditure[0],
        ]
    )
    discount_rate = float(inputs.discount_rate[0])
    construction, om, equity, payment, risk, supporting = (float(value) for value in npv(discount_rate, rows))
    retained_in_ppp = float(inputs.ppp_value_retained_risk[0])
    psc = float(metrics.psc[0])
    ppp_value = float(metrics.ppp_value[0])
    _check_sum(
        "psc", psc, [construction, om, vfm.competitive_neutrality, vfm.transferable_risk, vfm.retained_risk]
    )
    _check_sum("ppp_value", ppp_value, [equity, payment, risk, supporting, retained_in_ppp])
    amount = psc - ppp_value
    return VfmComponents(
        money_unit=project.project.money_unit,
        discount_rate=discount_rate,
        construction_cost=construction,
        om_cost=om,
        competitive_neutrality=vfm.competitive_neutrality,
        transferable_risk=vfm.transferable_risk,
        retained_risk=vfm.retained_risk,
        psc=psc,
        equity_expenditure=equity,
        government_payment=payment,
        risk_expenditure=risk,
        supporting_expenditure=supporting,
        ppp_retained_risk=retained_in_ppp,
        ppp_value=ppp_value,
        vfm_amount=amount,
        vfm_index=amount / psc if psc != 0.0 else None,
    )


def psc_profiles(project: Project, evaluation: Evaluation) -> tuple[FloatArray, FloatArray]:
    """The engine's nominal PSC cost profile split into construction (refreshes included) and O&M, by period.

    The construction profile is the engine's profile of the same project with a zero PSC O&M cost; the O&M
    profile is the rest. Both are ``(N,)`` arrays in the money unit.

    Raises
    ------
    ValueError
        When the project has no ``[vfm]`` table.

    Examples
    --------
    >>> from ppp.engine import evaluate
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> construction, om = psc_profiles(project, evaluate(project))
    >>> bool(om[0] == 0.0 and construction[0] > 0.0)
    True
    """
    total = evaluation.batch.inputs.psc_cost
    if project.vfm is None or total is None:
        raise ValueError("the project has no [vfm] table")
    without_om = project.vfm.model_copy(update={"psc_om_cost": 0.0})
    construction = compile_project(project.model_copy(update={"vfm": without_om})).psc_cost
    assert construction is not None  # the [vfm] table is kept
    return construction[0], total[0] - construction[0]


def _check_sum(key: str, total: float, parts: list[float]) -> None:
    added = math.fsum(parts)
    if not math.isclose(added, total, rel_tol=_RELATIVE_TOLERANCE, abs_tol=1e-6):
        raise ValueError(f"the parts of {key} add up to {added!r}, the engine's {key} is {total!r}")


# --- the risk register -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskLine:
    """One risk of the register: its expected cost (probability × impact) and who bears it (PV amounts)."""

    name: str
    probability: float
    impact: float
    allocation: str
    government_share: float
    expected_cost: float
    retained: float
    transferable: float
    source: str


@dataclass(frozen=True)
class RiskRegister:
    """The register's risks and its totals: retained (government) and transferable (private) risk."""

    risks: tuple[RiskLine, ...]
    retained_risk: float
    transferable_risk: float

    @property
    def expected_cost(self) -> float:
        return self.retained_risk + self.transferable_risk


def risk_register(risks: list[VfmRisk]) -> RiskRegister:
    """Aggregate a risk register: each risk's expected cost split by allocation, and the totals.

    Examples
    --------
    >>> register = risk_register([
    ...     VfmRisk(name="Cost overrun", probability=0.3, impact=1000.0, allocation="private"),
    ...     VfmRisk(name="Policy change", probability=0.1, impact=800.0, allocation="government"),
    ...     VfmRisk(name="Demand", probability=0.2, impact=500.0, allocation="shared", government_share=0.4),
    ... ])
    >>> register.transferable_risk, register.retained_risk
    (360.0, 120.0)
    """
    lines: list[RiskLine] = []
    for risk in risks:
        retained, transferable = risk_allocation(risk)
        expected = retained + transferable
        lines.append(
            RiskLine(
                name=risk.name,
                probability=risk.probability,
                impact=risk.impact,
                allocation=risk.allocation,
                government_share=retained / expected if expected else _nominal_share(risk),
                expected_cost=expected,
                retained=retained,
                transferable=transferable,
                source=risk.source,
            )
        )
    return RiskRegister(
        risks=tuple(lines),
        retained_risk=math.fsum(line.retained for line in lines),
        transferable_risk=math.fsum(line.transferable for line in lines),
    )


def _nominal_share(risk: VfmRisk) -> float:
    if risk.allocation == "government":
        return 1.0
    if risk.allocation == "private":
        return 0.0
    return risk.government_share or 0.0


# --- qualitative assessment ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLine:
    """One criterion: weight (points of 100), the panel's score (0–100) and weight × score / 100."""

    name: str
    group: str
    weight: float
    score: float
    weighted: float


@dataclass(frozen=True)
class QualitativeResult:
    """The weighted qualitative score, pass at :data:`QUALITATIVE_PASS_SCORE`, and what is wrong with the
    weights (the score is only conclusive when ``problems`` holds no error)."""

    criteria: tuple[CriterionLine, ...]
    core_weight: float
    supplementary_weight: float
    score: float
    pass_score: float
    passed: bool
    problems: tuple[Problem, ...]

    @property
    def conclusive(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)


def qualitative_result(criteria: list[VfmCriterion]) -> QualitativeResult:
    """Score the qualitative criteria: Σ weight × score / 100, passed when at least 60 and the weights hold
    (core 80, supplementary 20, methodology §8).

    Examples
    --------
    >>> core = [VfmCriterion(name=f"core {i}", group="core", weight=80 / 6, score=70) for i in range(6)]
    >>> extra = [VfmCriterion(name="Scale", group="supplementary", weight=20, score=40)]
    >>> result = qualitative_result(core + extra)
    >>> round(result.score, 6), result.passed, result.problems
    (64.0, True, ())
    """
    lines = tuple(
        CriterionLine(
            name=criterion.name,
            group=criterion.group,
            weight=criterion.weight,
            score=criterion.score,
            weighted=criterion.weight * criterion.score / 100.0,
        )
        for criterion in criteria
    )
    problems = tuple(vfm_criteria_problems(criteria))
    score = math.fsum(line.weighted for line in lines)
    conclusive = not any(problem.severity == "error" for problem in problems)
    return QualitativeResult(
        criteria=lines,
        core_weight=math.fsum(line.weight for line in lines if line.group == "core"),
        supplementary_weight=math.fsum(line.weight for line in lines if line.group == "supplementary"),
        score=score,
        pass_score=QUALITATIVE_PASS_SCORE,
        passed=bool(lines) and conclusive and score >= QUALITATIVE_PASS_SCORE,
        problems=problems,
    )


# --- the inputs and their sources ---------------------------------------------------------------------------

#: where an input's value came from: the file's [vfm.sources] text, or how the app filled it in
SourceKind = Literal["stated", "given", "default_capex", "default_opex", "register", "absent"]


@dataclass(frozen=True)
class VfmInput:
    """One input of the VfM report: its file key, value (money unit, PV where the key says so) and source.

    ``source`` is the file's ``[vfm.sources]`` text; ``source_kind`` says how the value was set
    (``vfm.source.<kind>`` in the catalog) for the reader when the file does not say.
    """

    key: str
    value: float
    source_kind: SourceKind
    source: str


def vfm_inputs(project: Project) -> list[VfmInput]:
    """Every [vfm] input with its value as the engine uses it (defaults resolved) and its source; also the
    discount rate both sides are discounted at. Empty without a ``[vfm]`` table.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> [(row.key, row.value, row.source_kind) for row in vfm_inputs(project)][:2]
    [('discount_rate', 0.059, 'given'), ('psc_construction_cost', 94400.0, 'given')]
    """
    given = project.vfm
    if given is None:
        return []
    resolved = resolve_defaults(project).vfm
    assert resolved is not None
    sources = given.sources

    def kind(key: str, default: SourceKind) -> SourceKind:
        return "given" if key in given.model_fields_set else default

    register: SourceKind = "register" if given.risks else "absent"
    kinds: dict[str, SourceKind] = {
        "psc_construction_cost": kind("psc_construction_cost", "default_capex"),
        "psc_om_cost": kind("psc_om_cost", "default_opex"),
        "competitive_neutrality": kind("competitive_neutrality", "absent"),
        "transferable_risk": kind("transferable_risk", register),
        "retained_risk": kind("retained_risk", register),
    }
    rows = [VfmInput("discount_rate", project.rates.discount_rate, "given", sources.get("discount_rate", ""))]
    for key, source_kind in kinds.items():
        value = getattr(resolved, key)
        assert isinstance(value, float)
        stated = sources.get(key, "")
        rows.append(VfmInput(key, value, "stated" if stated else source_kind, stated))
    return rows
