"""Rules that relate several fields of a project, each reported with its own key path."""

from __future__ import annotations

import itertools
import math

from ppp.model.problems import Problem
from ppp.model.schema import VFM_SOURCE_KEYS, NamedScenario, Project, VfmCriterion

SUM_TOLERANCE = 1e-9
MAX_PERIODS = 50
MIN_LINKED_SHARE_2015 = 0.30
#: 国办函〔2023〕115号: a franchise runs at most 40 years "in principle" (longer needs a special case)
MAX_FRANCHISE_YEARS_2023 = 40
#: 财金〔2015〕167号: the six core criteria weigh 80 points of 100 in all, the supplementary ones 20
VFM_CORE_WEIGHT = 80.0
VFM_SUPPLEMENTARY_WEIGHT = 20.0
VFM_CORE_CRITERIA = 6
WEIGHT_TOLERANCE = 1e-6
#: a named scenario's multipliers (capex, opex, user revenue) lie in (0, this]: ten times the plan is a
#: different project, and 0 would remove the line rather than stress it
SCENARIO_MAX_MULTIPLIER = 10.0
#: the largest change of the loan rate or inflation a named scenario may make (20 points either way)
SCENARIO_MAX_RATE_CHANGE = 0.2
#: the longest construction delay a named scenario may assume, in whole years (as sensitivity's limit)
SCENARIO_MAX_DELAY_YEARS = 10
#: construction years + delay stay within the schema's limit on construction years
SCENARIO_MAX_CONSTRUCTION_YEARS = 49
#: the model needs 1 + inflation > 0; a scenario may not take the rate to this or below
SCENARIO_INFLATION_FLOOR = -0.99
#: the name of the plan itself in a comparison of scenarios; a named scenario cannot take it
BASE_SCENARIO_NAME = "base"
_SCENARIO_MULTIPLIERS = ("capex", "opex", "user_revenue")


def check_project(project: Project) -> list[Problem]:
    """Every cross-field problem of a structurally valid project (errors and warnings)."""
    problems: list[Problem] = []
    problems += _timeline(project)
    problems += _capex(project)
    problems += _revenue(project)
    problems += _financing(project)
    problems += _payment(project)
    problems += _fiscal(project)
    problems += _vfm(project)
    problems += _kpis(project)
    problems += _deductions(project)
    problems += _tender(project)
    problems += _scenarios(project)
    return problems


def _timeline(project: Project) -> list[Problem]:
    timeline = project.timeline
    problems: list[Problem] = []
    total = timeline.construction_years + timeline.operation_years
    if total > MAX_PERIODS:
        problems.append(
            Problem(
                "timeline.operation_years", "rule.periods_max", timeline.operation_years, {"total": total}
            )
        )
    last_year = timeline.start_year + total - 1
    if timeline.base_year is not None and timeline.base_year > last_year:
        problems.append(
            Problem(
                "timeline.base_year",
                "rule.base_year",
                timeline.base_year,
                {"first": timeline.start_year, "last": last_year},
            )
        )
    return problems


def _capex(project: Project) -> list[Problem]:
    construction_years = project.timeline.construction_years
    operation_years = project.timeline.operation_years
    problems: list[Problem] = []
    for index, item in enumerate(project.capex, start=1):
        path = f"capex[{index}]"
        if item.lifecycle:
            if item.phasing is not None or item.amounts is not None:
                problems.append(Problem(path, "rule.lifecycle_no_phasing"))
            if item.amount is None:
                problems.append(Problem(f"{path}.amount", "rule.lifecycle_amount"))
            if (item.every_years is None) == (item.operating_years is None):
                problems.append(Problem(path, "rule.lifecycle_timing"))
            for year in item.operating_years or []:
                if year > operation_years:
                    problems.append(
                        Problem(
                            f"{path}.operating_years",
                            "rule.operating_year_range",
                            year,
                            {"operation_years": operation_years},
                        )
                    )
            continue
        for key in ("every_years", "operating_years", "life_years"):
            if getattr(item, key) is not None:
                problems.append(Problem(f"{path}.{key}", "rule.construction_only_key", getattr(item, key)))
        if construction_years == 0:
            problems.append(Problem(path, "rule.capex_needs_construction"))
            continue
        if (item.amounts is None) == (item.amount is None):
            problems.append(Problem(path, "rule.capex_amount_or_amounts"))
            continue
        if item.amounts is not None:
            if item.phasing is not None:
                problems.append(Problem(path, "rule.capex_amount_or_amounts"))
            problems += _length(f"{path}.amounts", item.amounts, construction_years, "unit.construction_year")
            continue
        if item.phasing is None:
            problems.append(
                Problem(f"{path}.phasing", "rule.phasing_required", params={"count": construction_years})
            )
            continue
        length_problems = _length(
            f"{path}.phasing", item.phasing, construction_years, "unit.construction_year"
        )
        problems += length_problems
        total = math.fsum(item.phasing)
        if not length_problems and abs(total - 1.0) > SUM_TOLERANCE:
            problems.append(
                Problem(f"{path}.phasing", "rule.phasing_sum", item.phasing, {"total": repr(total)})
            )
    return problems


def _revenue(project: Project) -> list[Problem]:
    operation_years = project.timeline.operation_years
    problems: list[Problem] = []
    for index, item in enumerate(project.revenue, start=1):
        if item.start_operating_year > operation_years:
            problems.append(
                Problem(
                    f"revenue[{index}].start_operating_year",
                    "rule.revenue_start",
                    item.start_operating_year,
                    {"operation_years": operation_years},
                )
            )
    if project.revenue and project.project.payment_mode == "government-pay":
        problems.append(Problem("revenue", "warn.revenue_not_netted", severity="warning"))
    return problems


def _financing(project: Project) -> list[Problem]:
    financing = project.financing
    operation_years = project.timeline.operation_years
    problems: list[Problem] = []
    if financing.tenor_years > operation_years:
        problems.append(
            Problem(
                "financing.tenor_years",
                "rule.tenor_within_operation",
                financing.tenor_years,
                {"operation_years": operation_years},
            )
        )
    if financing.repayment == "sculpted" and financing.target_dscr is None:
        problems.append(Problem("financing.target_dscr", "rule.target_dscr_required"))
    if financing.repayment != "sculpted" and financing.target_dscr is not None:
        problems.append(
            Problem("financing.target_dscr", "rule.target_dscr_only_sculpted", financing.target_dscr)
        )
    return problems


def _payment(project: Project) -> list[Problem]:
    payment = project.payment
    operation_years = project.timeline.operation_years
    problems: list[Problem] = []
    if payment.subsidy_years is not None and payment.subsidy_years > operation_years:
        problems.append(
            Problem(
                "payment.subsidy_years",
                "rule.subsidy_years",
                payment.subsidy_years,
                {"operation_years": operation_years},
            )
        )
    if payment.method == "schedule":
        if payment.schedule is None:
            problems.append(Problem("payment.schedule", "rule.schedule_required"))
        else:
            problems += _length("payment.schedule", payment.schedule, operation_years, "unit.operating_year")
    elif payment.schedule is not None:
        problems.append(Problem("payment.schedule", "rule.schedule_only", payment.schedule))
    user_pay_mode = project.project.payment_mode == "user-pay"
    if user_pay_mode != (payment.method == "user-pay"):
        problems.append(Problem("payment.method", "rule.user_pay_method", payment.method))
    bands = payment.score_bands
    if any(later.min >= earlier.min for earlier, later in itertools.pairwise(bands)):
        problems.append(Problem("payment.score_bands", "rule.bands_descending"))
    elif bands and bands[-1].min > payment.expected_score:
        problems.append(
            Problem(
                "payment.expected_score",
                "rule.score_not_covered",
                payment.expected_score,
                {"score": payment.expected_score},
            )
        )
    framework = project.project.framework
    if (
        framework == "mof-2015"
        and payment.method not in {"user-pay"}
        and bands
        and payment.linked_share < MIN_LINKED_SHARE_2015
    ):
        problems.append(
            Problem(
                "payment.linked_share",
                "warn.linked_share",
                payment.linked_share,
                {"share": payment.linked_share},
                severity="warning",
            )
        )
    if framework == "franchise-2023" and project.project.payment_mode != "user-pay":
        problems.append(
            Problem(
                "project.payment_mode",
                "warn.franchise_government_pay",
                project.project.payment_mode,
                {"payment_mode": project.project.payment_mode},
                severity="warning",
            )
        )
    if framework == "franchise-2023" and project.periods > MAX_FRANCHISE_YEARS_2023:
        problems.append(
            Problem(
                "timeline.operation_years",
                "warn.franchise_term",
                project.timeline.operation_years,
                {"years": project.periods, "limit": MAX_FRANCHISE_YEARS_2023},
                severity="warning",
            )
        )
    return problems


def _fiscal(project: Project) -> list[Problem]:
    fiscal = project.fiscal
    if fiscal is None:
        return []
    periods = project.periods
    problems: list[Problem] = []
    if fiscal.other_ppp_expenditure:
        problems += _length(
            "fiscal.other_ppp_expenditure", fiscal.other_ppp_expenditure, periods, "unit.period"
        )
    if fiscal.supporting_inputs:
        problems += _length("fiscal.supporting_inputs", fiscal.supporting_inputs, periods, "unit.period")
    if fiscal.risk_ratio is not None and fiscal.risk_scenarios:
        problems.append(Problem("fiscal.risk_scenarios", "rule.risk_one_method"))
    if fiscal.risk_scenarios:
        for index, scenario in enumerate(fiscal.risk_scenarios, start=1):
            problems += _length(
                f"fiscal.risk_scenarios[{index}].expenditure", scenario.expenditure, periods, "unit.period"
            )
        total = math.fsum(scenario.probability for scenario in fiscal.risk_scenarios)
        if abs(total - 1.0) > SUM_TOLERANCE:
            problems.append(
                Problem("fiscal.risk_scenarios", "rule.probabilities_sum", total, {"total": repr(total)})
            )
    return problems


def _vfm(project: Project) -> list[Problem]:
    vfm = project.vfm
    if vfm is None:
        return []
    problems: list[Problem] = []
    if vfm.risks:
        # the register decides these amounts (ppp.model.defaults): a second figure could only disagree
        for key in ("transferable_risk", "retained_risk"):
            if key in vfm.model_fields_set:
                problems.append(Problem(f"vfm.{key}", "rule.vfm_register_and_amount", getattr(vfm, key)))
    for index, risk in enumerate(vfm.risks, start=1):
        path = f"vfm.risks[{index}]"
        if risk.allocation == "shared" and risk.government_share is None:
            problems.append(Problem(f"{path}.government_share", "rule.vfm_shared_needs_share"))
        if risk.allocation != "shared" and risk.government_share is not None:
            problems.append(
                Problem(
                    f"{path}.government_share",
                    "rule.vfm_share_only_shared",
                    risk.government_share,
                    {"allocation": risk.allocation},
                )
            )
    problems += vfm_criteria_problems(vfm.criteria)
    for key in vfm.sources:
        if key not in VFM_SOURCE_KEYS:
            problems.append(
                Problem(
                    f"vfm.sources.{key}", "rule.vfm_source_key", key, {"expected": ", ".join(VFM_SOURCE_KEYS)}
                )
            )
    return problems


def vfm_criteria_problems(criteria: list[VfmCriterion]) -> list[Problem]:
    """What is wrong with the weights of the qualitative VfM criteria (none when there are no criteria).

    Examples
    --------
    >>> core = [VfmCriterion(name=f"c{i}", group="core", weight=13.0, score=70) for i in range(6)]
    >>> [problem.rule for problem in vfm_criteria_problems(core)]
    ['rule.vfm_core_weights', 'rule.vfm_supplementary_weights']
    """
    if not criteria:
        return []
    problems: list[Problem] = []
    core = [criterion for criterion in criteria if criterion.group == "core"]
    expected = {"core": VFM_CORE_WEIGHT, "supplementary": VFM_SUPPLEMENTARY_WEIGHT}
    for group, target in expected.items():
        total = math.fsum(criterion.weight for criterion in criteria if criterion.group == group)
        if abs(total - target) > WEIGHT_TOLERANCE:
            problems.append(
                Problem(
                    "vfm.criteria", f"rule.vfm_{group}_weights", total, {"total": total, "expected": target}
                )
            )
    if len(core) != VFM_CORE_CRITERIA:
        problems.append(
            Problem(
                "vfm.criteria",
                "rule.vfm_core_count",
                len(core),
                {"count": len(core), "expected": VFM_CORE_CRITERIA},
                severity="warning",
            )
        )
    return problems


def _kpis(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    scored_weight = 0.0
    any_scored = False
    for index, kpi in enumerate(project.kpis, start=1):
        path = f"kpis[{index}]"
        if kpi.id in seen:
            problems.append(Problem(f"{path}.id", "rule.kpi_unique", kpi.id, {"id": kpi.id}))
        seen.add(kpi.id)
        scored = kpi.weight is not None and kpi.tolerance is not None and kpi.points_per_unit is None
        points = kpi.points_per_unit is not None and kpi.weight is None and kpi.tolerance is None
        if not (scored or points):
            problems.append(Problem(path, "rule.kpi_kind"))
        if scored and kpi.weight is not None:
            any_scored = True
            scored_weight += kpi.weight
    if any_scored and abs(scored_weight - 100.0) > 1e-6:
        problems.append(Problem("kpis", "rule.kpi_weights", scored_weight, {"total": scored_weight}))
    return problems


def _deductions(project: Project) -> list[Problem]:
    deductions = project.deductions
    if deductions is None:
        return []
    bands = deductions.bands
    for index, band in enumerate(bands):
        last = index == len(bands) - 1
        previous_to = bands[index - 1].to if index > 0 else None
        contiguous = index == 0 or (previous_to is not None and band.from_ == previous_to + 1)
        bounded = band.to is None or band.to >= band.from_
        if not contiguous or not bounded or (band.to is None and not last):
            return [Problem(f"deductions.bands[{index + 1}]", "rule.deduction_bands")]
    return []


def _tender(project: Project) -> list[Problem]:
    tender = project.tender
    if tender is None:
        return []
    total = tender.price_weight + tender.technical_weight
    if abs(total - 1.0) > SUM_TOLERANCE:
        return [Problem("tender", "rule.tender_weights", params={"total": repr(total)})]
    return []


def _scenarios(project: Project) -> list[Problem]:
    """Names unique (``base`` is the plan) and each named scenario's overrides in their driver's range."""
    problems: list[Problem] = []
    seen: dict[str, int] = {BASE_SCENARIO_NAME: 0}
    for index, scenario in enumerate(project.scenarios, start=1):
        path = f"scenarios[{index}]"
        # names are compared as a reader reads them: "Downside" and "downside " are the same scenario
        folded = scenario.name.strip().casefold()
        if folded in seen:
            first = seen[folded]
            rule = "rule.scenario_name_base" if first == 0 else "rule.scenario_name_unique"
            problems.append(Problem(f"{path}.name", rule, scenario.name, {"first": first}))
        else:
            seen[folded] = index
        problems += _scenario_ranges(project, scenario, path)
    return problems


def _scenario_ranges(project: Project, scenario: NamedScenario, path: str) -> list[Problem]:
    problems: list[Problem] = []
    for key in _SCENARIO_MULTIPLIERS:
        value = getattr(scenario, key)
        if value is not None and not 0.0 < value <= SCENARIO_MAX_MULTIPLIER:
            limit = {"high": SCENARIO_MAX_MULTIPLIER}
            problems.append(Problem(f"{path}.{key}", "rule.scenario_multiplier", value, limit))
    plan_rates = {"loan_rate": project.financing.loan_rate, "inflation": project.rates.inflation}
    for key, plan in plan_rates.items():
        change = getattr(scenario, key)
        if change is None:
            continue
        if abs(change) > SCENARIO_MAX_RATE_CHANGE:
            limit = {"limit": SCENARIO_MAX_RATE_CHANGE}
            problems.append(Problem(f"{path}.{key}", "rule.scenario_rate_change", change, limit))
        elif key == "loan_rate" and plan + change < 0.0:
            problems.append(
                Problem(f"{path}.{key}", "rule.scenario_loan_rate_negative", change, {"plan": plan})
            )
        elif key == "inflation" and plan + change <= SCENARIO_INFLATION_FLOOR:
            problems.append(Problem(f"{path}.{key}", "rule.scenario_inflation_floor", change, {"plan": plan}))
    score = scenario.performance_score
    if score is not None and not 0.0 <= score <= 100.0:
        problems.append(Problem(f"{path}.performance_score", "rule.scenario_score", score))
    delay = scenario.construction_delay
    construction_years = project.timeline.construction_years
    if delay is not None and not 0 <= delay <= SCENARIO_MAX_DELAY_YEARS:
        limit = {"limit": SCENARIO_MAX_DELAY_YEARS}
        problems.append(Problem(f"{path}.construction_delay", "rule.scenario_delay", delay, limit))
    elif delay is not None and construction_years + delay > SCENARIO_MAX_CONSTRUCTION_YEARS:
        limits = {"years": construction_years, "limit": SCENARIO_MAX_CONSTRUCTION_YEARS}
        problems.append(Problem(f"{path}.construction_delay", "rule.scenario_delay_total", delay, limits))
    return problems


def _length(path: str, values: list[float], expected: int, unit: str) -> list[Problem]:
    if len(values) == expected:
        return []
    # the unit is translated where the message is rendered; keep the catalog key here
    return [Problem(path, "rule.length", values, {"expected": expected, "actual": len(values), "unit": unit})]
