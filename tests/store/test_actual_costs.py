"""Recorded (actual) costs through the services, on SQLite and PostgreSQL: stored exactly, replaced and
removed with an audit trail, bad input refused whole, and actual vs plan re-run with them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from access_helpers import auditor_of_everything
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ppp import services
from ppp.model import ProjectError
from ppp.services import Principal, ServiceError
from ppp.store import session_scope
from ppp.store.tables import ActualCostRow, AuditEntry

#: the Yangxin sample: construction 2017–2018, operation 2019–2031, money unit 万元 (minor unit 0.000001)
CONSTRUCTION_YEAR = 2017
FIRST_OPERATING_YEAR = 2019


def yangxin_id(engine: Engine, principal: Principal) -> int:
    with session_scope(engine, read_only=True) as session:
        (summary,) = services.list_projects(session=session, principal=principal, search="Yangxin")
    return summary.id


def record_cost(
    engine: Engine, principal: Principal, project_id: int, year: int, kind: str, amount: str, note: str = ""
) -> services.ActualCost:
    with session_scope(engine) as session:
        return services.record_actual_cost(
            session=session,
            principal=principal,
            project_id=project_id,
            year=year,
            kind=kind,
            amount=amount,
            note=note,
        )


def comparison(engine: Engine, principal: Principal, project_id: int) -> services.ActualVsPlan:
    with session_scope(engine, read_only=True) as session:
        return services.actual_vs_plan(session=session, principal=principal, project_id=project_id)


def test_a_cost_is_stored_exactly_in_minor_units_and_read_back(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    recorded = record_cost(
        seeded,
        principal,
        project_id,
        FIRST_OPERATING_YEAR,
        "opex",
        "812.345678",
        note="2019 audited accounts",
    )
    assert recorded.amount == Decimal("812.345678")
    with session_scope(seeded, read_only=True) as session:
        row = session.exec(select(ActualCostRow)).one()
        costs = services.actual_costs(session=session, principal=principal, project_id=project_id)
    assert (row.amount_minor, row.minor_unit) == (812_345_678, "0.000001")
    assert [(cost.year, cost.kind, cost.amount, cost.note) for cost in costs] == [
        (FIRST_OPERATING_YEAR, "opex", Decimal("812.345678"), "2019 audited accounts")
    ]
    assert costs[0].recorded_by == principal.name


def test_recording_again_replaces_and_removing_restores_the_plan_with_an_audit_trail(
    seeded: Engine, principal: Principal
) -> None:
    project_id = yangxin_id(seeded, principal)
    planned = comparison(seeded, principal, project_id)
    record_cost(seeded, principal, project_id, FIRST_OPERATING_YEAR, "opex", "900")
    record_cost(seeded, principal, project_id, FIRST_OPERATING_YEAR, "opex", "950")
    with session_scope(seeded, read_only=True) as session:
        assert len(session.exec(select(ActualCostRow)).all()) == 1
    with session_scope(seeded) as session:
        services.remove_actual_cost(
            session=session,
            principal=principal,
            project_id=project_id,
            year=FIRST_OPERATING_YEAR,
            kind="opex",
        )
    with session_scope(seeded, read_only=True) as session:
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.entity == "actual_cost").order_by(col(AuditEntry.id))
        ).all()
    assert [entry.action for entry in entries] == [
        "record_actual_cost",
        "record_actual_cost",
        "remove_actual_cost",
    ]
    assert json.loads(entries[1].before or "")["amount_minor"] == 900_000_000
    assert json.loads(entries[1].after or "")["amount_minor"] == 950_000_000
    assert entries[2].after is None
    restored = comparison(seeded, principal, project_id)
    assert restored.recorded_years == []
    assert restored.realised_equity_irr == planned.realised_equity_irr


def test_recorded_costs_move_the_realised_return_but_not_the_government_payment(
    seeded: Engine, principal: Principal
) -> None:
    project_id = yangxin_id(seeded, principal)
    planned = comparison(seeded, principal, project_id)
    first = next(row for row in planned.years if row.year == FIRST_OPERATING_YEAR)
    overrun = Decimal(repr(first.planned_opex)).quantize(Decimal("0.000001")) + Decimal("200")
    record_cost(seeded, principal, project_id, FIRST_OPERATING_YEAR, "opex", str(overrun))
    build = next(row for row in planned.years if row.year == CONSTRUCTION_YEAR)
    spent = Decimal(repr(build.planned_capex)).quantize(Decimal("0.000001")) + Decimal("1500")
    record_cost(seeded, principal, project_id, CONSTRUCTION_YEAR, "capex", str(spent))
    result = comparison(seeded, principal, project_id)
    assert result.recorded_years == [CONSTRUCTION_YEAR, FIRST_OPERATING_YEAR]
    row = next(row for row in result.years if row.year == FIRST_OPERATING_YEAR)
    assert row.actual_opex == pytest.approx(float(overrun))
    assert row.planned_opex == pytest.approx(first.planned_opex)
    assert next(row for row in result.years if row.year == CONSTRUCTION_YEAR).actual_capex == float(spent)
    # the SPV bears the overruns: its return and cover fall, the government pays what was planned
    assert result.planned_equity_irr is not None
    assert result.realised_equity_irr is not None
    assert result.realised_equity_irr < result.planned_equity_irr
    assert result.realised_min_dscr is not None
    assert result.planned_min_dscr is not None
    assert result.realised_min_dscr <= result.planned_min_dscr
    assert result.realised_government_pv == pytest.approx(result.planned_government_pv, rel=1e-12)
    assert all(row.forecast_payment == pytest.approx(row.planned_payment) for row in result.years)


@pytest.mark.parametrize(
    ("year", "kind", "amount", "path", "rule"),
    [
        (FIRST_OPERATING_YEAR, "overheads", "10", "kind", "rule.actual_cost_kind"),
        (1990, "opex", "10", "year", "rule.actual_cost_year"),
        (CONSTRUCTION_YEAR, "opex", "10", "year", "rule.actual_opex_year"),
        (FIRST_OPERATING_YEAR, "opex", "ten", "amount", "rule.actual_cost_number"),
        (FIRST_OPERATING_YEAR, "opex", "NaN", "amount", "rule.actual_cost_number"),
        (FIRST_OPERATING_YEAR, "opex", "-5", "amount", "rule.actual_cost_range"),
        (FIRST_OPERATING_YEAR, "opex", "1.0000001", "amount", "rule.actual_cost_precision"),
    ],
)
def test_bad_input_names_the_field_and_the_rule_and_stores_nothing(
    seeded: Engine, principal: Principal, year: int, kind: str, amount: str, path: str, rule: str
) -> None:
    project_id = yangxin_id(seeded, principal)
    with pytest.raises(ProjectError) as raised:
        record_cost(seeded, principal, project_id, year, kind, amount)
    assert [(problem.path, problem.rule) for problem in raised.value.problems] == [(path, rule)]
    for language in ("en", "zh"):
        assert raised.value.problems[0].message(language)
    with session_scope(seeded, read_only=True) as session:
        assert session.exec(select(ActualCostRow)).all() == []
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "actual_cost")).all() == []


def test_an_auditor_reads_costs_but_cannot_record_or_remove_them(
    seeded: Engine, principal: Principal
) -> None:
    project_id = yangxin_id(seeded, principal)
    record_cost(seeded, principal, project_id, FIRST_OPERATING_YEAR, "opex", "10")
    auditor = auditor_of_everything(seeded, user_id=principal.user_id)
    with session_scope(seeded, read_only=True) as session:
        assert len(services.actual_costs(session=session, principal=auditor, project_id=project_id)) == 1
    with pytest.raises(ServiceError, match=r"service\.forbidden"):
        record_cost(seeded, auditor, project_id, FIRST_OPERATING_YEAR, "opex", "20")
    with pytest.raises(ServiceError, match=r"service\.forbidden"), session_scope(seeded) as session:
        services.remove_actual_cost(
            session=session, principal=auditor, project_id=project_id, year=FIRST_OPERATING_YEAR, kind="opex"
        )


def test_removing_what_was_never_recorded_is_refused(seeded: Engine, principal: Principal) -> None:
    project_id = yangxin_id(seeded, principal)
    with pytest.raises(ServiceError) as raised, session_scope(seeded) as session:
        services.remove_actual_cost(
            session=session, principal=principal, project_id=project_id, year=2020, kind="capex"
        )
    assert raised.value.key == "service.actual_cost_not_found"
