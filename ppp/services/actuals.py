"""What really happened, against the plan: recorded operating and capital costs, and actual vs plan.

A project's plan (its file) is what the evaluation projects. Once it runs, the SPV's audited accounts say what
was really spent: :func:`record_actual_cost` keeps one amount per project, calendar year and kind (``opex`` or
``capex``) in ``actual_costs``, exact in whole minor units, with a note saying where the figure comes from.
Recording a year again replaces it; every change is in the audit log (before → after).

:func:`actual_vs_plan` re-runs the evaluation with the recorded payments (``payments``, from the payment
statements) and the recorded costs in place of the planned ones (:func:`ppp.engine.inputs.with_actuals`):
the vendor's realised-and-forecast equity IRR and the government's realised spend against its affordability
plan. The contract's payment terms keep the planned investment and costs: the SPV bears its cost variances.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal, cast, get_args

from sqlmodel import Session, col, select

from ppp.engine import evaluate_batch
from ppp.engine.inputs import with_actuals
from ppp.model import Problem, ProjectError, parse_project
from ppp.model.schema import MAX_MONEY
from ppp.operations.statement import minor_unit
from ppp.services.operations import stored_payments
from ppp.services.projects import authorise_project, evaluate_project, load_project_row
from ppp.services.types import Principal, ServiceError
from ppp.store.audit import record
from ppp.store.columns import utc_now
from ppp.store.tables import ActualCostRow, UserRow

CostKind = Literal["opex", "capex"]
COST_KINDS: Final[tuple[CostKind, ...]] = get_args(CostKind)
#: the longest note kept with a recorded cost
MAX_NOTE_LENGTH: Final = 2000


@dataclass(frozen=True)
class ActualCost:
    """A recorded cost: ``amount`` in the project's money unit (exact), who recorded it and when (UTC)."""

    year: int
    kind: CostKind
    amount: Decimal
    note: str
    recorded_at: datetime.datetime
    recorded_by: str


@dataclass(frozen=True)
class YearComparison:
    """One year of actual vs plan. ``actual_*`` is ``None`` where nothing is recorded (the plan stands as the
    forecast); capex is construction plus refresh spending; the affordability ratios are of the plan and of
    the realised-and-forecast evaluation."""

    year: int
    planned_payment: float
    actual_payment: float | None
    forecast_payment: float
    planned_affordability: float | None
    actual_affordability: float | None
    planned_opex: float = 0.0
    actual_opex: float | None = None
    planned_capex: float = 0.0
    actual_capex: float | None = None


@dataclass(frozen=True)
class ActualVsPlan:
    """The planned evaluation against the one re-run with what was recorded (payments and costs)."""

    money_unit: str
    planned_equity_irr: float | None
    realised_equity_irr: float | None
    planned_government_pv: float | None
    realised_government_pv: float | None
    planned_min_dscr: float | None
    realised_min_dscr: float | None
    recorded_years: list[int]
    years: list[YearComparison]


def record_actual_cost(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    year: int,
    kind: str,
    amount: Decimal | str | int,
    note: str = "",
) -> ActualCost:
    """Record what the project really spent on ``kind`` in calendar ``year`` (replacing an earlier figure).

    Parameters
    ----------
    kind
        ``"opex"`` (operating costs: operating years only) or ``"capex"`` (construction spending in a
        construction year, lifecycle refresh spending in an operating year).
    amount
        In the project's money unit, ≥ 0, a whole number of its minor unit (the fen: 0.000001 万元).
    note
        Where the figure comes from (audited accounts, invoice, ...).

    Raises
    ------
    ProjectError
        Naming the field, the value and the rule when the year, kind, amount or note is not acceptable
        (nothing is stored).
    ServiceError
        ``service.project_not_found``; ``service.forbidden`` for an auditor.
    """
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    project = parse_project(row.inputs_toml).project
    unit = minor_unit(project.project.money_unit)
    problems: list[Problem] = []
    if kind not in COST_KINDS:
        problems.append(Problem("kind", "rule.actual_cost_kind", kind, {"allowed": ", ".join(COST_KINDS)}))
    first = project.timeline.start_year
    construction_end = first + project.timeline.construction_years - 1
    last = first + project.periods - 1
    if not first <= year <= last:
        problems.append(Problem("year", "rule.actual_cost_year", year, {"first": first, "last": last}))
    elif kind == "opex" and year <= construction_end:
        problems.append(Problem("year", "rule.actual_opex_year", year, {"first": construction_end + 1}))
    exact = _exact_amount(amount, unit, problems)
    if len(note) > MAX_NOTE_LENGTH:
        problems.append(Problem("note", "rule.actual_cost_note", len(note), {"limit": MAX_NOTE_LENGTH}))
    if problems or exact is None:
        raise ProjectError(problems)
    cost_kind = cast(CostKind, kind)
    existing = session.exec(
        select(ActualCostRow).where(
            ActualCostRow.project_id == project_id, ActualCostRow.year == year, ActualCostRow.kind == kind
        )
    ).first()
    before = None if existing is None else _state(existing)
    if existing is None:
        existing = ActualCostRow(
            project_id=project_id, year=year, kind=cost_kind, amount_minor=0, minor_unit=""
        )
    existing.amount_minor = int(exact / unit)
    existing.minor_unit = str(unit)
    existing.note = note
    existing.recorded_at = utc_now()
    existing.recorded_by = principal.user_id
    session.add(existing)
    session.flush()
    record(
        session,
        principal=principal,
        action="record_actual_cost",
        entity="actual_cost",
        entity_id=existing.id,
        before=before,
        after=_state(existing),
    )
    return _view(existing, principal.name)


def remove_actual_cost(
    *, session: Session, principal: Principal, project_id: int, year: int, kind: str
) -> None:
    """Remove a recorded cost: the plan stands again for that year (the audit log keeps what it was).

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.actual_cost_not_found``; ``service.forbidden`` for an
        auditor.
    """
    load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    existing = session.exec(
        select(ActualCostRow).where(
            ActualCostRow.project_id == project_id, ActualCostRow.year == year, ActualCostRow.kind == kind
        )
    ).first()
    if existing is None:
        raise ServiceError("service.actual_cost_not_found", year=year, kind=kind)
    record(
        session,
        principal=principal,
        action="remove_actual_cost",
        entity="actual_cost",
        entity_id=existing.id,
        before=_state(existing),
        after=None,
    )
    session.delete(existing)
    session.flush()


def actual_costs(*, session: Session, principal: Principal, project_id: int) -> list[ActualCost]:
    """The recorded costs of a project, by year then kind.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    authorise_project(session, principal=principal, project_id=project_id, action="read")
    rows = session.exec(
        select(ActualCostRow, UserRow.name)
        .join(UserRow, col(UserRow.id) == col(ActualCostRow.recorded_by), isouter=True)
        .where(ActualCostRow.project_id == project_id)
        .order_by(col(ActualCostRow.year), col(ActualCostRow.kind))
    ).all()
    return [_view(row, name or "") for row, name in rows]


def actual_vs_plan(*, session: Session, principal: Principal, project_id: int) -> ActualVsPlan:
    """The planned evaluation and the evaluation re-run with the recorded payments and costs.

    Years without a recorded figure keep the planned one (the forecast), so the realised equity IRR is the
    realised-and-forecast one.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    authorise_project(session, principal=principal, project_id=project_id, action="read")
    planned = evaluate_project(session=session, principal=principal, project_id=project_id)
    inputs = planned.batch.inputs
    contract_years = set(inputs.timeline.years.tolist())
    recorded_payments = stored_payments(session=session, principal=principal, project_id=project_id)
    payments = {year: float(amount) for year, amount in recorded_payments.items() if year in contract_years}
    costs: dict[CostKind, dict[int, float]] = {"opex": {}, "capex": {}}
    for cost in actual_costs(session=session, principal=principal, project_id=project_id):
        if cost.year in contract_years:
            costs[cost.kind][cost.year] = float(cost.amount)
    recorded = bool(payments or costs["opex"] or costs["capex"])
    actual = (
        evaluate_batch(with_actuals(inputs, payments=payments, opex=costs["opex"], capex=costs["capex"]))
        if recorded
        else planned.batch
    )
    lines, plan = actual.lines, planned.batch.lines
    ratio = lines.affordability_ratio
    years = [
        YearComparison(
            year=int(row["year"]),
            planned_payment=float(row["government_payment"] or 0.0),
            actual_payment=payments.get(int(row["year"])),
            forecast_payment=float(lines.government_payment[0, index]),
            planned_affordability=row["affordability_ratio"],
            actual_affordability=_number(None if ratio is None else ratio[0, index]),
            planned_opex=float(plan.opex[0, index]),
            actual_opex=costs["opex"].get(int(row["year"])),
            planned_capex=float(plan.capex[0, index] + plan.lifecycle_capex[0, index]),
            actual_capex=costs["capex"].get(int(row["year"])),
        )
        for index, row in enumerate(planned.years)
    ]
    return ActualVsPlan(
        money_unit=planned.money_unit,
        planned_equity_irr=planned.metrics.get("equity_irr"),
        realised_equity_irr=_number(actual.metrics.values["equity_irr"][0]),
        planned_government_pv=planned.metrics.get("government_pv"),
        realised_government_pv=_number(actual.metrics.values["government_pv"][0]),
        planned_min_dscr=planned.metrics.get("min_dscr"),
        realised_min_dscr=_number(actual.metrics.values["min_dscr"][0]),
        recorded_years=sorted(set(payments) | set(costs["opex"]) | set(costs["capex"])),
        years=years,
    )


def _exact_amount(amount: Decimal | str | int, unit: Decimal, problems: list[Problem]) -> Decimal | None:
    """The amount as an exact Decimal, or ``None`` with the broken rule appended to ``problems``."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, str, int)):
        problems.append(Problem("amount", "rule.actual_cost_number", repr(amount)))
        return None
    try:
        exact = Decimal(amount.strip()) if isinstance(amount, str) else Decimal(amount)
    except InvalidOperation:
        problems.append(Problem("amount", "rule.actual_cost_number", str(amount)))
        return None
    if not exact.is_finite():
        problems.append(Problem("amount", "rule.actual_cost_number", str(amount)))
    elif exact < 0 or exact > Decimal(repr(MAX_MONEY)):
        limit = {"limit": f"{MAX_MONEY:.0e}"}
        problems.append(Problem("amount", "rule.actual_cost_range", exact, limit))
    elif exact % unit != 0:
        problems.append(Problem("amount", "rule.actual_cost_precision", exact, {"unit": str(unit)}))
    else:
        return exact
    return None


def _state(row: ActualCostRow) -> dict[str, Any]:
    return {
        "project_id": row.project_id,
        "year": row.year,
        "kind": row.kind,
        "amount_minor": row.amount_minor,
        "minor_unit": row.minor_unit,
        "note": row.note,
    }


def _view(row: ActualCostRow, recorded_by: str) -> ActualCost:
    return ActualCost(
        year=row.year,
        kind=cast(CostKind, row.kind),
        amount=Decimal(row.amount_minor) * Decimal(row.minor_unit),
        note=row.note,
        recorded_at=row.recorded_at,
        recorded_by=recorded_by,
    )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number
