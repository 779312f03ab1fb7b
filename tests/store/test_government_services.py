"""Government services over SQLite and PostgreSQL: a city's committed portfolio (execution and handover, not
archived, not other cities), its budget source, candidates added one at a time, and the VfM report."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from ppp.engine import evaluate
from ppp.government.affordability import BudgetForecast
from ppp.model import validate_data
from ppp.services import Principal, ServiceError, archive_project, create_project, evaluate_project
from ppp.services.government import (
    GIVEN_BUDGET,
    candidate_projects,
    cities,
    city_affordability,
    vfm_report,
)
from ppp.store import session_scope

CITY = "示例县 Example county"


def project(name: str, start_year: int, stage: str, city: str = CITY, **fiscal: Any) -> dict[str, Any]:
    """Capex 1000 in the first year (government holds 20% of the equity, no debt), then two years paid 700."""
    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": name, "city": city, "stage": stage},
        "timeline": {"start_year": start_year, "construction_years": 1, "operation_years": 2},
        "rates": {"discount_rate": 0.1},
        "capex": [{"name": "Platform", "amount": 1000.0, "phasing": [1.0]}],
        "opex": [{"name": "O&M", "amount": 100.0}],
        "financing": {"equity_ratio": 1.0, "government_equity_share": 0.2, "tenor_years": 1},
        "payment": {"method": "schedule", "schedule": [600.0, 600.0]},
    }
    if fiscal:
        data["fiscal"] = fiscal
    return data


def store(engine: Engine, principal: Principal, data: dict[str, Any]) -> int:
    with session_scope(engine) as session:
        return create_project(session=session, principal=principal, project=validate_data(data).project).id


@pytest.fixture
def city(seeded: Engine, principal: Principal) -> dict[str, int]:
    """A: execution from 2024 with the budget (and an estimate of other PPP spending that must not count);
    B: handover from 2025; C: procurement (a candidate); D: execution but archived; E: another city."""
    ids = {
        "A": store(
            seeded,
            principal,
            project(
                "A",
                2024,
                "execution",
                general_budget=10000.0,
                budget_growth=0.1,
                other_ppp_expenditure=[9000.0, 9000.0, 9000.0],
            ),
        ),
        "B": store(seeded, principal, project("B", 2025, "handover")),
        "C": store(seeded, principal, project("C", 2026, "procurement")),
        "D": store(seeded, principal, project("D", 2024, "execution")),
        "E": store(seeded, principal, project("E", 2024, "execution", city="Elsewhere")),
    }
    with session_scope(seeded) as session:
        archive_project(session=session, principal=principal, project_id=ids["D"], base_revision=1)
    return ids


def test_the_committed_portfolio_is_the_citys_projects_at_execution_or_handover(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    with session_scope(seeded) as session:
        result = city_affordability(session=session, principal=principal, city=CITY)
    assert [summary.name for summary in result.committed] == ["A", "B"]
    assert result.budget == BudgetForecast(base_year=2024, general_budget=10000.0, growth=0.1)
    assert result.budget_source == "A"
    base = result.base
    assert base.years == (2024, 2025, 2026, 2027)
    # A: 200, 700, 700 from 2024; B: 200, 700, 700 from 2025; A's other_ppp_expenditure is not added
    assert base.total == pytest.approx((200.0, 900.0, 1400.0, 700.0), rel=1e-12)
    assert base.ratio == pytest.approx((0.02, 900.0 / 11000.0, 1400.0 / 12100.0, 700.0 / 13310.0), rel=1e-12)
    assert [(crossing.line, crossing.year) for crossing in base.crossings] == [
        ("new_projects", 2025),
        ("warning", 2025),
        ("limit", 2026),
    ]
    assert result.money_unit == "万元"
    assert result.with_candidates == {}


def test_each_candidate_is_added_to_the_committed_portfolio_on_its_own(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    bid = validate_data(project("Bid X", 2027, "procurement")).project
    with session_scope(seeded) as session:
        stored = candidate_projects(session=session, principal=principal, city=CITY)
        assert [summary.name for summary in stored] == ["C"]
        c_evaluation = evaluate_project(session=session, principal=principal, project_id=city["C"])
        result = city_affordability(
            session=session,
            principal=principal,
            city=CITY,
            candidates=[("C", c_evaluation), ("Bid X", evaluate(bid))],
        )
    assert set(result.with_candidates) == {"C", "Bid X"}
    # C from 2026: 200, 700, 700 on top of 200, 900, 1400, 700
    assert result.with_candidates["C"].total == pytest.approx(
        (200.0, 900.0, 1600.0, 1400.0, 700.0), rel=1e-12
    )
    assert result.with_candidates["C"].years == (2024, 2025, 2026, 2027, 2028)
    # Bid X from 2027: the candidates are not added to each other
    assert result.with_candidates["Bid X"].total == pytest.approx(
        (200.0, 900.0, 1400.0, 900.0, 700.0, 700.0), rel=1e-12
    )
    assert result.base.total == pytest.approx((200.0, 900.0, 1400.0, 700.0), rel=1e-12)


def test_a_given_budget_and_an_excluded_project(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    budget = BudgetForecast(base_year=2025, general_budget=20000.0, growth=0.0)
    with session_scope(seeded) as session:
        result = city_affordability(
            session=session, principal=principal, city=CITY, budget=budget, exclude_project_id=city["A"]
        )
    assert result.budget_source == GIVEN_BUDGET
    assert [summary.name for summary in result.committed] == ["B"]
    assert result.base.ratio == pytest.approx((0.01, 0.035, 0.035), rel=1e-12)
    assert result.base.crossings == ()


def test_a_city_without_a_budget_is_refused_with_its_name(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    with session_scope(seeded) as session, pytest.raises(ServiceError) as raised:
        city_affordability(session=session, principal=principal, city="Elsewhere")
    assert raised.value.key == "affordability.no_budget"
    assert raised.value.params == {"city": "Elsewhere"}


def test_the_cities_are_listed_without_archived_only_ones(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    with session_scope(seeded) as session:
        names = cities(session=session, principal=principal)
    assert CITY in names
    assert "Elsewhere" in names
    assert names == sorted(names)


def test_projects_in_another_money_unit_are_refused(
    seeded: Engine, principal: Principal, city: dict[str, int]
) -> None:
    yuan = project("Yuan", 2024, "procurement")
    yuan["project"]["money_unit"] = "元"
    with session_scope(seeded) as session, pytest.raises(ServiceError) as raised:
        city_affordability(
            session=session,
            principal=principal,
            city=CITY,
            candidates=[("Yuan", evaluate(validate_data(yuan).project))],
        )
    assert raised.value.key == "affordability.mixed_units"


def test_the_vfm_report_of_a_stored_project(seeded: Engine, principal: Principal) -> None:
    data = project("With VfM", 2024, "preparation", general_budget=10000.0, risk_ratio=0.1)
    data["vfm"] = {
        "psc_construction_cost": 1400.0,
        "psc_om_cost": 80.0,
        "competitive_neutrality": 30.0,
        "risks": [{"name": "Overrun", "probability": 0.5, "impact": 200.0, "allocation": "private"}],
        "criteria": [
            {"name": f"core {index}", "group": "core", "weight": 20.0 if index < 2 else 10.0, "score": 70.0}
            for index in range(6)
        ]
        + [{"name": "extra", "group": "supplementary", "weight": 20.0, "score": 50.0}],
        "sources": {"competitive_neutrality": "tax study"},
    }
    project_id = store(seeded, principal, data)
    without = store(seeded, principal, project("Without VfM", 2024, "preparation"))
    with session_scope(seeded) as session:
        report = vfm_report(session=session, principal=principal, project_id=project_id)
        with pytest.raises(ServiceError) as raised:
            vfm_report(session=session, principal=principal, project_id=without)
    assert raised.value.key == "vfm.no_table"
    assert report.components is not None
    # PSC = 1400/1.1 + 80/1.1² + 80/1.1³ + 30 + transferable 0.5·200
    psc = 1400 / 1.1 + 80 / 1.1**2 + 80 / 1.1**3 + 30 + 100
    assert report.components.psc == pytest.approx(psc, rel=1e-12)
    assert report.register is not None
    assert report.register.transferable_risk == 100.0
    assert report.qualitative is not None
    # (20·70 + 20·70 + 4·10·70 + 20·50) / 100 = 66
    assert report.qualitative.score == pytest.approx(66.0, rel=1e-12)
    assert report.qualitative.passed
    sources = {row.key: row.source for row in report.inputs}
    assert sources["competitive_neutrality"] == "tax study"
