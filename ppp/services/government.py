"""The government's use cases: the value-for-money report of a project and the fiscal affordability of a
city's portfolio, with candidates added before award (what-if).

Committed portfolio
-------------------
A city's committed projects are its non-archived projects at stage ``execution`` or ``handover``: their
contracts are signed, so their expenditure is a commitment of the budget. Projects at an earlier stage
(identification, preparation, procurement) are candidates: they are not in the base curve, and the page can
add them one by one. Projects are matched on the ``city`` text exactly as stored.

Counting each project once
--------------------------
Each project's expenditure is the engine's fiscal lines of its own evaluation, by calendar year; a project's
``fiscal.other_ppp_expenditure`` (its estimate of the other projects) is not used, because in a portfolio
the other projects are counted themselves.

Budget
------
The general public budget forecast is the ``budget`` argument when given (``budget_source`` ``"given"``);
else the ``[fiscal]`` table of the city's first committed project by name that has one, else of its first
other project by name that has one (``budget_source`` is that project's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlmodel import Session

from ppp.engine import Evaluation
from ppp.government.affordability import (
    BudgetForecast,
    PortfolioAffordability,
    budget_forecast,
    portfolio_affordability,
    project_expenditure,
)
from ppp.government.vfm import (
    QualitativeResult,
    RiskRegister,
    VfmComponents,
    VfmInput,
    qualitative_result,
    risk_register,
    vfm_components,
    vfm_inputs,
)
from ppp.services.access import require, require_government_view
from ppp.services.projects import evaluate_project, get_project, list_projects
from ppp.services.types import Principal, ProjectSummary, ServiceError

#: stages whose contract is signed: their expenditure is committed
COMMITTED_STAGES: Final = frozenset({"execution", "handover"})
GIVEN_BUDGET: Final = "given"


@dataclass(frozen=True)
class CityAffordability:
    """A city's committed portfolio against its budget, and the same with each candidate added."""

    city: str
    budget: BudgetForecast
    budget_source: str
    base: PortfolioAffordability
    with_candidates: dict[str, PortfolioAffordability]
    money_unit: str = ""
    committed: tuple[ProjectSummary, ...] = field(default=())


@dataclass(frozen=True)
class VfmReport:
    """Everything the VfM report states: inputs with their sources, the quantitative parts, the register and
    the qualitative score (``None`` where the project's [vfm] table has none)."""

    project_id: int
    project_name: str
    money_unit: str
    input_hash: str
    inputs: tuple[VfmInput, ...]
    components: VfmComponents | None
    register: RiskRegister | None
    qualitative: QualitativeResult | None


def vfm_report(*, session: Session, principal: Principal, project_id: int) -> VfmReport:
    """The value-for-money report of a stored project.

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``vfm.no_table`` when the project has no ``[vfm]`` table.
    """
    require(principal, "read")
    require_government_view(principal)
    stored = get_project(session=session, principal=principal, project_id=project_id)
    project = stored.project
    if project.vfm is None:
        raise ServiceError("vfm.no_table", name=project.project.name)
    evaluation = evaluate_project(session=session, principal=principal, project_id=project_id)
    return VfmReport(
        project_id=project_id,
        project_name=project.project.name,
        money_unit=project.project.money_unit,
        input_hash=evaluation.input_hash,
        inputs=tuple(vfm_inputs(project)),
        components=vfm_components(project, evaluation),
        register=risk_register(project.vfm.risks) if project.vfm.risks else None,
        qualitative=qualitative_result(project.vfm.criteria) if project.vfm.criteria else None,
    )


def cities(*, session: Session, principal: Principal) -> list[str]:
    """The cities of the non-archived projects, sorted (projects without a city are left out)."""
    require(principal, "read")
    require_government_view(principal)
    return sorted(
        {summary.city for summary in list_projects(session=session, principal=principal) if summary.city}
    )


def candidate_projects(*, session: Session, principal: Principal, city: str) -> list[ProjectSummary]:
    """The city's non-archived projects that are not committed (not yet at execution or handover)."""
    require(principal, "read")
    require_government_view(principal)
    return [
        summary
        for summary in list_projects(session=session, principal=principal)
        if summary.city == city and summary.stage not in COMMITTED_STAGES
    ]


def city_affordability(
    *,
    session: Session,
    principal: Principal,
    city: str,
    candidates: Sequence[tuple[str, Evaluation]] = (),
    budget: BudgetForecast | None = None,
    exclude_project_id: int | None = None,
) -> CityAffordability:
    """The fiscal affordability of ``city``'s committed projects, and of each candidate added to them.

    Parameters
    ----------
    candidates
        (name, evaluation) of projects or bids to add one at a time: ``with_candidates[name]`` is the
        committed portfolio plus that one.
    budget
        The budget forecast; ``None``: from a city project's ``[fiscal]`` table (see the module's notes).
    exclude_project_id
        A stored project to leave out of the committed portfolio (the project a bid or a new version of it
        replaces, so it is not counted twice).

    Raises
    ------
    ServiceError
        ``affordability.no_budget`` when no budget is given and no city project has a ``[fiscal]`` table;
        ``affordability.mixed_units`` when the projects are not all in one money unit.
    """
    require(principal, "read")
    require_government_view(principal)
    city_projects = [
        summary
        for summary in list_projects(session=session, principal=principal)
        if summary.city == city and summary.id != exclude_project_id
    ]
    committed = tuple(summary for summary in city_projects if summary.stage in COMMITTED_STAGES)
    budget_source = GIVEN_BUDGET
    if budget is None:
        budget, budget_source = _city_budget(session, principal, city, committed, city_projects)
    units = {summary.money_unit for summary in committed}
    units |= {evaluation.money_unit for _, evaluation in candidates}
    if len(units) > 1:
        raise ServiceError("affordability.mixed_units", city=city, units=", ".join(sorted(units)))
    base_lines = [
        project_expenditure(
            summary.name, evaluate_project(session=session, principal=principal, project_id=summary.id)
        )
        for summary in committed
    ]
    return CityAffordability(
        city=city,
        budget=budget,
        budget_source=budget_source,
        base=portfolio_affordability(base_lines, budget),
        with_candidates={
            name: portfolio_affordability([*base_lines, project_expenditure(name, evaluation)], budget)
            for name, evaluation in candidates
        },
        money_unit=next(iter(units), ""),
        committed=committed,
    )


def _city_budget(
    session: Session,
    principal: Principal,
    city: str,
    committed: Sequence[ProjectSummary],
    city_projects: Sequence[ProjectSummary],
) -> tuple[BudgetForecast, str]:
    others = [summary for summary in city_projects if summary not in committed]
    for summary in [*sorted(committed, key=_by_name), *sorted(others, key=_by_name)]:
        project = get_project(session=session, principal=principal, project_id=summary.id).project
        found = budget_forecast(project)
        if found is not None:
            return found, summary.name
    raise ServiceError("affordability.no_budget", city=city)


def _by_name(summary: ProjectSummary) -> tuple[str, int]:
    return summary.name, summary.id
