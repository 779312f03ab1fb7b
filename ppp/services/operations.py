"""After delivery: KPI readings, payment statements, recorded payments, projects at risk.

Every function takes the session and the acting principal first, all arguments by keyword (as
:mod:`ppp.services.projects`). The scoring itself is :mod:`ppp.operations` (pure); this module loads, checks,
stores and audits.

Readings
--------
A reading is (KPI, ``YYYY-MM`` period, value). ``kpi_readings`` keeps every version: the latest version of a
(KPI, period) is the reading in force. Recording a value equal to the latest version changes nothing (so
uploading the same file twice is harmless); a different value is a correction, stored as the next version
with who and why, and written to the audit log (before → after). An upload is one transaction: a file with
any bad line (:func:`ppp.operations.readings.parse_readings_csv` lists them all) stores nothing.

Payments
--------
:func:`record_payments` stores each year's statement in ``payments`` as whole numbers of the project's minor
unit, so the stored figures equal the statement's exactly on both backends.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Final, cast

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from ppp.model import Problem, Project, ProjectError, parse_project
from ppp.model.schema import Kpi
from ppp.operations.readings import Reading, parse_readings_csv
from ppp.operations.statement import YearStatement, minor_unit, payment_statements, statements_json
from ppp.services.access import readable_organisations, require
from ppp.services.projects import authorise_project, evaluate_project, load_project_row
from ppp.services.types import Principal
from ppp.store.audit import record
from ppp.store.columns import to_decimal, utc_now
from ppp.store.tables import KpiReadingRow, PaymentRow, ProjectRow

#: a KPI breached in this many consecutive months (or more) puts its project at risk
REPEATED_BREACH_MONTHS: Final = 3
_CSV_HEADER: Final = "kpi_id,period,value"


# --- read models -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadResult:
    """What an upload (or one reading from the form) did: new readings, equal ones, corrections."""

    inserted: int = 0
    unchanged: int = 0
    corrected: int = 0


@dataclass(frozen=True)
class RiskReason:
    """Why a project is at risk: a catalog key (``service.risk.*``) and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectRisk:
    """A project at risk and the reasons."""

    project_id: int
    name: str
    reasons: list[RiskReason]


# --- readings ----------------------------------------------------------------------------------------------


def upload_readings(
    *, session: Session, principal: Principal, project_id: int, text: str, reason: str = ""
) -> UploadResult:
    """Record the readings of a CSV file (``kpi_id,period,value``) for a project, all or nothing.

    Parameters
    ----------
    text
        The file's text.
    reason
        Why, stored with every correction (and the audit entries).

    Raises
    ------
    ProjectError
        Every bad line of the file (unknown KPI, bad period, not a number, out of range): nothing is stored.
    ServiceError
        ``service.project_not_found``; ``service.forbidden`` for an auditor.
    """
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    project = parse_project(row.inputs_toml).project
    readings = parse_readings_csv(text, project.kpis)
    _check_operating_years(session, principal, project_id, readings)
    return _apply(session, principal, project_id, readings, reason)


def record_reading(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    kpi_id: str,
    period: str,
    value: Decimal | str | int | float,
    reason: str = "",
) -> UploadResult:
    """Record one reading (the page's form): the same checks and versioning as :func:`upload_readings`.

    Raises
    ------
    ProjectError
        When the KPI, the period or the value is not acceptable (nothing is stored).
    ServiceError
        ``service.project_not_found``; ``service.forbidden`` for an auditor.
    """
    shown = format(value, "f") if isinstance(value, Decimal) else str(value)
    line = ",".join(part.replace(",", " ") for part in (kpi_id.strip(), period.strip(), shown.strip()))
    try:
        return upload_readings(
            session=session,
            principal=principal,
            project_id=project_id,
            text=f"{_CSV_HEADER}\n{line}\n",
            reason=reason,
        )
    except ProjectError as error:
        # the one reading is checked as line 2 of a file: name it as the reading instead
        raise ProjectError(
            [
                replace(problem, path="reading") if problem.path.startswith("line ") else problem
                for problem in error.problems
            ]
        ) from None


def latest_readings(*, session: Session, principal: Principal, project_id: int) -> list[Reading]:
    """The reading in force (latest version) of every KPI and month of a project, in one query.

    Sorted by period, then KPI id.
    """
    authorise_project(session, principal=principal, project_id=project_id, action="read")
    ranked = (
        core_select(
            col(KpiReadingRow.kpi_id).label("kpi_id"),
            col(KpiReadingRow.period).label("period"),
            col(KpiReadingRow.value).label("value"),
            func.row_number()
            .over(
                partition_by=(col(KpiReadingRow.kpi_id), col(KpiReadingRow.period)),
                order_by=col(KpiReadingRow.version).desc(),
            )
            .label("rank"),
        )
        .where(col(KpiReadingRow.project_id) == project_id)
        .subquery("ranked")
    )
    statement = (
        core_select(ranked.c.kpi_id, ranked.c.period, ranked.c.value)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.period, ranked.c.kpi_id)
    )
    return [
        Reading(kpi_id=kpi_id, period=period, value=value)
        for kpi_id, period, value in session.connection().execute(statement)
    ]


def monthly_series(
    *, session: Session, principal: Principal, project_id: int, kpi_id: str
) -> list[tuple[str, Decimal]]:
    """One KPI's value in force for each month with a reading, oldest first.

    One query on the (project_id, kpi_id, period, version) unique index; the latest version of each month
    is the last row of that month.
    """
    authorise_project(session, principal=principal, project_id=project_id, action="read")
    statement = (
        core_select(col(KpiReadingRow.period), col(KpiReadingRow.value))
        .where(col(KpiReadingRow.project_id) == project_id, col(KpiReadingRow.kpi_id) == kpi_id)
        .order_by(col(KpiReadingRow.period), col(KpiReadingRow.version))
    )
    latest: dict[str, Decimal] = {}
    for period, value in session.connection().execute(statement):
        latest[period] = value
    return list(latest.items())


# --- payments ----------------------------------------------------------------------------------------------


def payment_statement(*, session: Session, principal: Principal, project_id: int) -> list[YearStatement]:
    """The payment statement of every year with readings, from the readings in force and the evaluation.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    project = _project(session, principal, project_id)
    evaluation = evaluate_project(session=session, principal=principal, project_id=project_id)
    readings = latest_readings(session=session, principal=principal, project_id=project_id)
    return payment_statements(project, evaluation, readings)


def record_payments(*, session: Session, principal: Principal, project_id: int) -> list[YearStatement]:
    """Compute the statements and store each year's payment in ``payments`` (exact, in minor units).

    A year already stored is replaced when its figures changed (audited, before → after); a year whose
    stored figures are the same is left as it is.

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.forbidden`` for an auditor.
    """
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    project = parse_project(row.inputs_toml).project
    evaluation = evaluate_project(session=session, principal=principal, project_id=project_id)
    readings = latest_readings(session=session, principal=principal, project_id=project_id)
    statements = payment_statements(project, evaluation, readings)
    unit = minor_unit(project.project.money_unit)
    stored = {
        payment.year: payment
        for payment in session.exec(select(PaymentRow).where(PaymentRow.project_id == project_id)).all()
    }
    now = utc_now()
    for statement in statements:
        values = payment_minor_values(statement, unit)
        document = json.dumps(
            statements_json([statement])["years"][0], ensure_ascii=False, sort_keys=True, default=str
        )
        existing = stored.get(statement.year)
        if existing is not None and _minor_state(existing) == values and existing.statement == document:
            continue
        before = None if existing is None else {"year": existing.year, **_minor_state(existing)}
        if existing is None:
            existing = PaymentRow(project_id=project_id, year=statement.year, statement=document, **values)
        for key, value in values.items():
            setattr(existing, key, value)
        existing.statement = document
        existing.computed_at = now
        existing.computed_by = principal.user_id
        session.add(existing)
        session.flush()
        record(
            session,
            principal=principal,
            action="record_payment",
            entity="payment",
            entity_id=existing.id,
            before=before,
            after={"project_id": project_id, "year": statement.year, **values},
        )
    return statements


def stored_payments(*, session: Session, principal: Principal, project_id: int) -> dict[int, Decimal]:
    """The recorded actual payment of each year (money unit, exact), from ``payments``."""
    authorise_project(session, principal=principal, project_id=project_id, action="read")
    rows = session.exec(
        select(PaymentRow.year, PaymentRow.actual_minor, PaymentRow.minor_unit)
        .where(PaymentRow.project_id == project_id)
        .order_by(col(PaymentRow.year))
    ).all()
    return {year: Decimal(amount) * Decimal(unit) for year, amount, unit in rows}


def payment_minor_values(statement: YearStatement, unit: Decimal) -> dict[str, Any]:
    """A year's four amounts as whole numbers of ``unit`` (they are rounded to it: the division is exact)."""
    return {
        "planned_minor": _minor(statement.planned_payment, unit),
        "before_deductions_minor": _minor(statement.payment_before_deductions, unit),
        "deduction_minor": _minor(statement.deduction, unit),
        "actual_minor": _minor(statement.actual_payment, unit),
        "minor_unit": str(unit),
    }


# --- the portfolio -----------------------------------------------------------------------------------------


def projects_at_risk(*, session: Session, principal: Principal) -> list[ProjectRisk]:
    """Projects (not archived) whose readings show risk, with the reasons:

    - the latest year's score is below the previous year's (``service.risk.score_falling``);
    - a month's points go beyond the first deduction band, where the ratchet starts
      (``service.risk.ratchet``);
    - a KPI breached in :data:`REPEATED_BREACH_MONTHS` or more consecutive months
      (``service.risk.repeated_breach``).
    """
    require(principal, "read")
    with_readings = core_select(col(KpiReadingRow.project_id)).distinct().subquery("with_readings")
    statement = (
        core_select(col(ProjectRow.id), col(ProjectRow.name))
        .where(
            col(ProjectRow.archived).is_(False),
            col(ProjectRow.id).in_(core_select(with_readings.c.project_id)),
        )
        .order_by(col(ProjectRow.name), col(ProjectRow.id))
    )
    readable = readable_organisations(principal)
    if readable is not None:
        statement = statement.where(col(ProjectRow.organisation).in_(sorted(readable)))
    rows = session.connection().execute(statement)
    risks: list[ProjectRisk] = []
    for found, name in rows.all():
        project_id = cast(int, found)  # a primary key read back is never NULL
        project = _project(session, principal, project_id)
        statements = payment_statement(session=session, principal=principal, project_id=project_id)
        reasons = risk_reasons(project, statements)
        if reasons:
            risks.append(ProjectRisk(project_id=project_id, name=name, reasons=reasons))
    return risks


def risk_reasons(project: Project, statements: list[YearStatement]) -> list[RiskReason]:
    """The reasons of :func:`projects_at_risk` for one project's statements (pure)."""
    reasons: list[RiskReason] = []
    scored = [statement for statement in statements if statement.score is not None]
    if len(scored) >= 2 and scored[-1].score < scored[-2].score:
        reasons.append(
            RiskReason(
                "service.risk.score_falling",
                {
                    "year": scored[-1].year,
                    "score": f"{scored[-1].score:.1f}",
                    "previous": f"{scored[-2].score:.1f}",
                },
            )
        )
    deductions = project.deductions
    if deductions is not None and deductions.bands:
        first = min(deductions.bands, key=lambda band: band.from_)
        limit = first.to
        if limit is not None:
            months = [
                month.period
                for statement in statements
                for month in statement.months
                if month.points is not None and month.points > limit
            ]
            if months:
                reasons.append(
                    RiskReason("service.risk.ratchet", {"months": ", ".join(months), "limit": limit})
                )
    kpis = {kpi.id: kpi for kpi in project.kpis}
    streaks: dict[str, int] = defaultdict(int)
    longest: dict[str, int] = {}
    for statement in statements:
        for month in statement.months:
            for line in month.lines:
                if _breached(line, kpis):
                    streaks[line.kpi_id] += 1
                    longest[line.kpi_id] = max(longest.get(line.kpi_id, 0), streaks[line.kpi_id])
                else:
                    streaks[line.kpi_id] = 0
    repeated = sorted(kpi for kpi, count in longest.items() if count >= REPEATED_BREACH_MONTHS)
    if repeated:
        reasons.append(
            RiskReason(
                "service.risk.repeated_breach",
                {"kpis": ", ".join(repeated), "months": REPEATED_BREACH_MONTHS},
            )
        )
    return reasons


# --- helpers -----------------------------------------------------------------------------------------------


def _apply(
    session: Session, principal: Principal, project_id: int, readings: list[Reading], reason: str
) -> UploadResult:
    """Store the readings against the versions in force (one query), all in the caller's transaction."""
    in_force: dict[tuple[str, str], tuple[int, Decimal]] = {}
    existing = session.connection().execute(
        core_select(
            col(KpiReadingRow.kpi_id),
            col(KpiReadingRow.period),
            col(KpiReadingRow.version),
            col(KpiReadingRow.value),
        )
        .where(col(KpiReadingRow.project_id) == project_id)
        .order_by(col(KpiReadingRow.kpi_id), col(KpiReadingRow.period), col(KpiReadingRow.version))
    )
    for kpi_id, period, version, value in existing:
        in_force[(kpi_id, period)] = (version, value)
    inserted = unchanged = corrected = 0
    now = utc_now()
    for reading in readings:
        value = to_decimal(reading.value)
        key = (reading.kpi_id, reading.period)
        current = in_force.get(key)
        if current is not None and current[1] == value:
            unchanged += 1
            continue
        version = 1 if current is None else current[0] + 1
        row = KpiReadingRow(
            project_id=project_id,
            kpi_id=reading.kpi_id,
            period=reading.period,
            value=value,
            version=version,
            reason=reason,
            recorded_at=now,
            recorded_by=principal.user_id,
        )
        session.add(row)
        session.flush()
        in_force[key] = (version, value)
        if current is None:
            inserted += 1
            continue
        corrected += 1
        record(
            session,
            principal=principal,
            action="correct_reading",
            entity="kpi_reading",
            entity_id=row.id,
            before={
                "kpi_id": reading.kpi_id,
                "period": reading.period,
                "version": current[0],
                "value": str(current[1]),
            },
            after={
                "kpi_id": reading.kpi_id,
                "period": reading.period,
                "version": version,
                "value": str(value),
                "reason": reason,
                "project_id": project_id,
            },
        )
    if inserted:
        record(
            session,
            principal=principal,
            action="record_readings",
            entity="project",
            entity_id=project_id,
            before=None,
            after={"inserted": inserted, "unchanged": unchanged, "corrected": corrected, "reason": reason},
        )
    return UploadResult(inserted=inserted, unchanged=unchanged, corrected=corrected)


def _check_operating_years(
    session: Session, principal: Principal, project_id: int, readings: list[Reading]
) -> None:
    """Refuse readings of months outside the operating years (a statement could never be made of them)."""
    timeline = evaluate_project(
        session=session, principal=principal, project_id=project_id
    ).batch.inputs.timeline
    operating = [
        int(year)
        for year, runs in zip(timeline.years.tolist(), timeline.operating.tolist(), strict=True)
        if runs
    ]
    first, last = (operating[0], operating[-1]) if operating else (0, 0)
    outside = sorted({reading.period for reading in readings if reading.year not in operating})
    if outside:
        raise ProjectError(
            [
                Problem(
                    "readings",
                    "readings.outside_operation",
                    period,
                    {"period": period, "first": first, "last": last},
                )
                for period in outside
            ]
        )


def _project(session: Session, principal: Principal, project_id: int) -> Project:
    row = load_project_row(session, project_id, principal=principal, action="read")
    return parse_project(row.inputs_toml).project


def _minor(amount: Decimal, unit: Decimal) -> int:
    count = amount / unit
    whole = count.to_integral_value()
    if count != whole:
        raise ValueError(f"{amount} is not a whole number of {unit}")
    return int(whole)


def _minor_state(row: PaymentRow) -> dict[str, Any]:
    return {
        "planned_minor": row.planned_minor,
        "before_deductions_minor": row.before_deductions_minor,
        "deduction_minor": row.deduction_minor,
        "actual_minor": row.actual_minor,
        "minor_unit": row.minor_unit,
    }


def _breached(line: Any, kpis: dict[str, Kpi]) -> bool:
    """A statement line that breaches its KPI: a scored KPI's reading misses the target; a points KPI's points
    cost money that month (points within the free points are tolerated). A missing reading is not a breach."""
    kpi = kpis.get(line.kpi_id)
    if kpi is None or line.missing or line.value is None:
        return False
    if kpi.weight is None:
        return bool(line.deduction > 0)
    value = float(line.value)
    gap = kpi.target - value if kpi.direction == "higher" else value - kpi.target
    return round(gap, 12) > 0.0


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(cast(float, value))
    return None if number != number else number
