"""Readings, payment statements, recorded payments and actual vs plan through the services, on SQLite and
PostgreSQL: idempotent uploads, corrections as versions with an audit trail, rejected uploads that store
nothing, stored payments that reconcile exactly to the statement."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from access_helpers import auditor_of_everything
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ppp import services
from ppp.model import ProjectError
from ppp.operations.statement import minor_unit
from ppp.services import Principal, ServiceError
from ppp.store import session_scope
from ppp.store.tables import AuditEntry, KpiReadingRow, PaymentRow

YANGXIN = "Smart Yangxin"
HEADER = "kpi_id,period,value"
#: values meeting every target of the Yangxin sample (the camera outage is a points KPI)
GOOD = {
    "platform_availability": "99.95",
    "incident_response": "20",
    "mttr": "1.5",
    "helpdesk_answer_rate": "96",
    "citizen_satisfaction": "92",
    "camera_online_rate": "98.5",
    "camera_outage": "10",
}


def year_csv(year: int = 2019, **overrides: str) -> str:
    values = {**GOOD, **overrides}
    lines = [HEADER]
    for month in range(1, 13):
        lines += [f"{kpi},{year}-{month:02d},{value}" for kpi, value in values.items()]
    return "\n".join(lines) + "\n"


def yangxin_id(engine: Engine, principal: Principal) -> int:
    with session_scope(engine, read_only=True) as session:
        summaries = services.list_projects(session=session, principal=principal, search="Yangxin")
    assert len(summaries) == 1
    return summaries[0].id


def upload(
    engine: Engine, principal: Principal, project_id: int, text: str, reason: str = ""
) -> services.UploadResult:
    with session_scope(engine) as session:
        return services.upload_readings(
            session=session, principal=principal, project_id=project_id, text=text, reason=reason
        )


def reading_rows(engine: Engine, project_id: int) -> list[KpiReadingRow]:
    with session_scope(engine, read_only=True) as session:
        rows = session.exec(
            select(KpiReadingRow)
            .where(KpiReadingRow.project_id == project_id)
            .order_by(col(KpiReadingRow.kpi_id), col(KpiReadingRow.period), col(KpiReadingRow.version))
        ).all()
        session.expunge_all()
        return list(rows)


def audit_rows(engine: Engine, action: str) -> list[AuditEntry]:
    with session_scope(engine, read_only=True) as session:
        rows = session.exec(
            select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
        ).all()
        session.expunge_all()
        return list(rows)


def test_uploading_the_same_file_twice_changes_nothing(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    first = upload(seeded, principal, project_id, year_csv())
    assert first == services.UploadResult(inserted=84, unchanged=0, corrected=0)
    stored = reading_rows(seeded, project_id)
    second = upload(seeded, principal, project_id, year_csv())
    assert second == services.UploadResult(inserted=0, unchanged=84, corrected=0)
    assert [(row.id, row.version, row.value) for row in reading_rows(seeded, project_id)] == [
        (row.id, row.version, row.value) for row in stored
    ]
    assert audit_rows(seeded, "correct_reading") == []
    # the same values written differently (99.950 = 99.95) are the same reading
    assert (
        upload(seeded, principal, project_id, f"{HEADER}\nplatform_availability,2019-01,99.950\n").unchanged
        == 1
    )


def test_a_corrected_reading_is_a_new_version_with_who_and_why(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    upload(seeded, principal, project_id, year_csv())
    with session_scope(seeded) as session:
        result = services.record_reading(
            session=session,
            principal=principal,
            project_id=project_id,
            kpi_id="platform_availability",
            period="2019-03",
            value=Decimal("99.5"),
            reason="meter recalibrated",
        )
    assert result == services.UploadResult(inserted=0, unchanged=0, corrected=1)
    rows = [
        row
        for row in reading_rows(seeded, project_id)
        if (row.kpi_id, row.period) == ("platform_availability", "2019-03")
    ]
    assert [(row.version, row.value, row.reason) for row in rows] == [
        (1, Decimal("99.950000"), ""),
        (2, Decimal("99.500000"), "meter recalibrated"),
    ]
    assert rows[1].recorded_by == principal.user_id
    entries = audit_rows(seeded, "correct_reading")
    assert len(entries) == 1
    assert entries[0].user_id == principal.user_id
    assert entries[0].entity_id == rows[1].id
    before, after = json.loads(entries[0].before or ""), json.loads(entries[0].after or "")
    assert (before["version"], before["value"]) == (1, "99.950000")
    assert (after["version"], after["value"], after["reason"]) == (2, "99.500000", "meter recalibrated")
    with session_scope(seeded, read_only=True) as session:
        latest = services.latest_readings(session=session, principal=principal, project_id=project_id)
        series = services.monthly_series(
            session=session, principal=principal, project_id=project_id, kpi_id="platform_availability"
        )
    assert len(latest) == 84
    in_force = {(reading.kpi_id, reading.period): reading.value for reading in latest}
    assert in_force[("platform_availability", "2019-03")] == Decimal("99.5")
    assert [period for period, _ in series] == [f"2019-{month:02d}" for month in range(1, 13)]
    assert dict(series)["2019-03"] == Decimal("99.5")


def test_a_rejected_upload_stores_nothing(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    upload(seeded, principal, project_id, year_csv())
    before = reading_rows(seeded, project_id)
    bad = (
        f"{HEADER}\n"
        "platform_availability,2020-01,99.9\n"  # good, but the file is refused as a whole
        "platform_availability,2019-02,98\n"  # a correction, also not stored
        "no_such_kpi,2020-01,1\n"
        "mttr,2020-13,1\n"
        "mttr,2020-02,abc\n"
        "helpdesk_answer_rate,2020-02,120\n"
    )
    with pytest.raises(ProjectError) as raised:
        upload(seeded, principal, project_id, bad)
    assert [problem.path for problem in raised.value.problems] == ["line 4", "line 5", "line 6", "line 7"]
    after = reading_rows(seeded, project_id)
    assert [(row.id, row.version) for row in after] == [(row.id, row.version) for row in before]
    # months outside the operating years (2019–2031) are refused too
    with pytest.raises(ProjectError) as outside:
        upload(seeded, principal, project_id, f"{HEADER}\nmttr,2018-05,1\n")
    assert [problem.rule for problem in outside.value.problems] == ["readings.outside_operation"]
    assert len(reading_rows(seeded, project_id)) == len(before)


def test_auditors_read_but_do_not_record(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    auditor = auditor_of_everything(seeded, user_id=principal.user_id)
    with pytest.raises(ServiceError) as refused:
        upload(seeded, auditor, project_id, year_csv())
    assert refused.value.key == "service.forbidden"
    with session_scope(seeded) as session, pytest.raises(ServiceError):
        services.record_payments(session=session, principal=auditor, project_id=project_id)
    with session_scope(seeded, read_only=True) as session:
        assert services.latest_readings(session=session, principal=auditor, project_id=project_id) == []
    with session_scope(seeded) as session, pytest.raises(ServiceError) as missing:
        services.upload_readings(session=session, principal=principal, project_id=999_999, text=year_csv())
    assert missing.value.key == "service.project_not_found"


def test_stored_payments_reconcile_exactly_to_the_statement(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    upload(seeded, principal, project_id, year_csv(2019))
    upload(seeded, principal, project_id, year_csv(2020, camera_outage="150", platform_availability="99.5"))
    with session_scope(seeded) as session:
        statements = services.record_payments(session=session, principal=principal, project_id=project_id)
    assert [statement.year for statement in statements] == [2019, 2020]
    assert statements[1].deduction > 0
    assert statements[1].actual_payment < statements[0].actual_payment
    unit = minor_unit("万元")
    with session_scope(seeded, read_only=True) as session:
        rows = session.exec(
            select(PaymentRow).where(PaymentRow.project_id == project_id).order_by(col(PaymentRow.year))
        ).all()
        stored = [
            (
                row.year,
                row.planned_minor,
                row.before_deductions_minor,
                row.deduction_minor,
                row.actual_minor,
                row.minor_unit,
            )
            for row in rows
        ]
        documents = [json.loads(row.statement) for row in rows]
        recorded = services.stored_payments(session=session, principal=principal, project_id=project_id)
    for statement, row, document in zip(statements, stored, documents, strict=True):
        year, planned, before, deduction, actual, unit_text = row
        assert year == statement.year
        assert Decimal(unit_text) == unit
        assert planned * unit == statement.planned_payment
        assert before * unit == statement.payment_before_deductions
        assert deduction * unit == statement.deduction
        assert actual * unit == statement.actual_payment
        assert actual == before - deduction  # exact integer arithmetic
        assert deduction * unit == sum((month.deduction for month in statement.months), Decimal(0))
        assert document["year"] == year
    assert recorded == {statement.year: statement.actual_payment for statement in statements}
    # recording again with nothing changed writes no audit row; a correction updates the year
    audited = len(audit_rows(seeded, "record_payment"))
    assert audited == 2
    with session_scope(seeded) as session:
        services.record_payments(session=session, principal=principal, project_id=project_id)
    assert len(audit_rows(seeded, "record_payment")) == 2
    upload(seeded, principal, project_id, f"{HEADER}\ncamera_outage,2019-06,300\n", reason="late report")
    with session_scope(seeded) as session:
        again = services.record_payments(session=session, principal=principal, project_id=project_id)
    entries = audit_rows(seeded, "record_payment")
    assert len(entries) == 3
    assert json.loads(entries[-1].before or "")["year"] == 2019
    with session_scope(seeded, read_only=True) as session:
        assert services.stored_payments(session=session, principal=principal, project_id=project_id)[
            2019
        ] == (again[0].actual_payment)


def test_cutting_payments_lowers_the_realised_equity_irr(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    with session_scope(seeded, read_only=True) as session:
        plan = services.actual_vs_plan(session=session, principal=principal, project_id=project_id)
    assert plan.recorded_years == []
    assert plan.realised_equity_irr == pytest.approx(plan.planned_equity_irr)
    bad_year = year_csv(
        2019, platform_availability="99.0", citizen_satisfaction="75", camera_outage="400", mttr="5"
    )
    upload(seeded, principal, project_id, bad_year)
    with session_scope(seeded) as session:
        statements = services.record_payments(session=session, principal=principal, project_id=project_id)
    assert statements[0].actual_payment < statements[0].planned_payment
    with session_scope(seeded, read_only=True) as session:
        result = services.actual_vs_plan(session=session, principal=principal, project_id=project_id)
    assert result.recorded_years == [2019]
    assert result.planned_equity_irr is not None
    assert result.realised_equity_irr is not None
    assert result.realised_equity_irr < result.planned_equity_irr
    row = next(year for year in result.years if year.year == 2019)
    assert row.actual_payment == pytest.approx(float(statements[0].actual_payment))
    assert row.forecast_payment == pytest.approx(float(statements[0].actual_payment))
    assert row.planned_payment > row.actual_payment
    later = next(year for year in result.years if year.year == 2020)
    assert later.actual_payment is None
    assert later.forecast_payment == pytest.approx(later.planned_payment)


def test_projects_at_risk_name_falling_scores_ratchets_and_repeated_breaches(
    seeded: Engine, principal: Principal
) -> None:
    project_id = yangxin_id(seeded, principal)
    with session_scope(seeded, read_only=True) as session:
        assert services.projects_at_risk(session=session, principal=principal) == []
    upload(seeded, principal, project_id, year_csv(2019))
    with session_scope(seeded, read_only=True) as session:
        assert services.projects_at_risk(session=session, principal=principal) == []
    upload(seeded, principal, project_id, year_csv(2020, citizen_satisfaction="80", camera_outage="150"))
    with session_scope(seeded, read_only=True) as session:
        risks = services.projects_at_risk(session=session, principal=principal)
    assert [risk.project_id for risk in risks] == [project_id]
    keys = [reason.key for reason in risks[0].reasons]
    assert keys == ["service.risk.score_falling", "service.risk.ratchet", "service.risk.repeated_breach"]
    assert "camera_outage" in risks[0].reasons[2].params["kpis"]
