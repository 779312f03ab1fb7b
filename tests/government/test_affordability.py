"""Fiscal affordability: a project's expenditure by type from the engine (ratio and scenario risk methods),
a portfolio of several projects aligned by calendar year against the budget, and the first crossings of the
5%, 7% and 10% lines, all derived by hand."""

from __future__ import annotations

from typing import Any

import pytest

from ppp.engine import evaluate
from ppp.government.affordability import (
    BudgetForecast,
    ProjectExpenditure,
    budget_forecast,
    portfolio_affordability,
    project_expenditure,
)
from ppp.model import validate_data


def project_data(name: str, start_year: int, **fiscal: Any) -> dict[str, Any]:
    """One construction year (capex 1000, government holds 20% of the equity, no debt) and two operating
    years paid 600 + O&M 100 = 700 each."""
    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": name, "city": "Example county"},
        "timeline": {"start_year": start_year, "construction_years": 1, "operation_years": 2},
        "rates": {"discount_rate": 0.1},
        "capex": [{"name": "Platform", "amount": 1000.0, "phasing": [1.0]}],
        "opex": [{"name": "O&M", "amount": 100.0}],
        "financing": {"equity_ratio": 1.0, "government_equity_share": 0.2, "tenor_years": 1},
        "payment": {"method": "schedule", "schedule": [600.0, 600.0]},
    }
    if fiscal:
        data["fiscal"] = {"general_budget": 10000.0, **fiscal}
    return data


def test_the_ratio_method_gives_equity_payments_risk_and_supporting_by_year() -> None:
    data = project_data("A", 2024, risk_ratio=0.1, supporting_inputs=[50.0, 0.0, 0.0])
    lines = project_expenditure("A", evaluate(validate_data(data).project))
    assert lines.years == (2024, 2025, 2026)
    assert lines.equity == (200.0, 0.0, 0.0)
    assert lines.payments == (0.0, 700.0, 700.0)
    # 10% of the construction capex, then 10% of each year's payment
    assert lines.risk == pytest.approx((100.0, 70.0, 70.0), rel=1e-12)
    assert lines.supporting == (50.0, 0.0, 0.0)
    assert lines.total == pytest.approx((350.0, 770.0, 770.0), rel=1e-12)
    assert lines.risk_method == "ratio"


def test_the_scenario_method_weighs_each_scenario_by_its_probability() -> None:
    scenarios = [
        {"name": "base", "probability": 0.6, "expenditure": [0.0, 10.0, 10.0]},
        {"name": "adverse", "probability": 0.3, "expenditure": [0.0, 50.0, 20.0]},
        {"name": "worst", "probability": 0.1, "expenditure": [100.0, 200.0, 100.0]},
    ]
    data = project_data("B", 2024, risk_scenarios=scenarios)
    lines = project_expenditure("B", evaluate(validate_data(data).project))
    # 2024: 0.1·100; 2025: 0.6·10 + 0.3·50 + 0.1·200; 2026: 0.6·10 + 0.3·20 + 0.1·100
    assert lines.risk == pytest.approx((10.0, 41.0, 22.0), rel=1e-12)
    assert lines.risk_method == "scenario"


def test_a_project_without_fiscal_has_equity_and_payments_only() -> None:
    lines = project_expenditure("C", evaluate(validate_data(project_data("C", 2025)).project))
    assert lines.total == (200.0, 700.0, 700.0)
    assert lines.risk_method == "none"


def test_a_portfolio_of_several_projects_adds_them_by_calendar_year() -> None:
    # A runs 2024–2026, B 2025–2027, C 2027–2029; the budget is 10000 in 2024 growing 10% a year
    a = project_expenditure("A", evaluate(validate_data(project_data("A", 2024, risk_ratio=0.1)).project))
    b = project_expenditure("B", evaluate(validate_data(project_data("B", 2025)).project))
    c = project_expenditure("C", evaluate(validate_data(project_data("C", 2027)).project))
    budget = BudgetForecast(base_year=2024, general_budget=10000.0, growth=0.1)
    result = portfolio_affordability([a, b, c], budget)
    assert result.years == (2024, 2025, 2026, 2027, 2028, 2029)
    # 2024: A 300 | 2025: A 770 + B 200 | 2026: A 770 + B 700 | 2027: B 700 + C 200 | 2028, 2029: C 700
    expected_total = (300.0, 970.0, 1470.0, 900.0, 700.0, 700.0)
    assert result.total == pytest.approx(expected_total, rel=1e-12)
    expected_budget = (10000.0, 11000.0, 12100.0, 13310.0, 14641.0, 16105.1)
    assert result.budget == pytest.approx(expected_budget, rel=1e-12)
    assert result.ratio == pytest.approx(
        [total / budget for total, budget in zip(expected_total, expected_budget, strict=True)], rel=1e-12
    )
    # 2025: 970 / 11000 = 8.82% is above 5% and 7%; 2026: 1470 / 12100 = 12.15% is above 10%
    crossings = {crossing.line: crossing for crossing in result.crossings}
    assert {line: crossing.year for line, crossing in crossings.items()} == {
        "new_projects": 2025,
        "warning": 2025,
        "limit": 2026,
    }
    assert crossings["new_projects"].excess == pytest.approx(970.0 - 550.0, rel=1e-12)
    assert crossings["warning"].excess == pytest.approx(970.0 - 770.0, rel=1e-12)
    assert crossings["limit"].excess == pytest.approx(1470.0 - 1210.0, rel=1e-12)
    assert crossings["limit"].ratio == pytest.approx(1470.0 / 12100.0, rel=1e-12)
    assert result.project_amounts(c)["payments"] == (0.0, 0.0, 0.0, 0.0, 700.0, 700.0)
    assert result.max_ratio == pytest.approx(1470.0 / 12100.0, rel=1e-12)


def test_a_line_reached_exactly_is_not_crossed_and_lines_never_crossed_are_absent() -> None:
    at_seven = ProjectExpenditure("A", (2030,), (0.0,), (700.0,), (0.0,), (0.0,))
    result = portfolio_affordability([at_seven], BudgetForecast(2030, 10000.0, 0.0))
    assert [crossing.line for crossing in result.crossings] == ["new_projects"]
    assert result.crossing("warning") is None
    assert result.crossing("new_projects") is not None


def test_an_empty_portfolio_has_no_years() -> None:
    result = portfolio_affordability([], BudgetForecast(2024, 1.0, 0.0))
    assert (result.years, result.total, result.ratio, result.crossings) == ((), (), (), ())


def test_other_ppp_expenditure_of_a_project_is_not_counted_in_a_portfolio() -> None:
    plain = validate_data(project_data("A", 2024, risk_ratio=0.1)).project
    data = project_data("A", 2024, risk_ratio=0.1, other_ppp_expenditure=[5000.0, 5000.0, 5000.0])
    with_others = validate_data(data).project
    assert project_expenditure("A", evaluate(with_others)) == project_expenditure("A", evaluate(plain))
    # while the engine's single-project ratio does add them
    ratio = evaluate(with_others).years[0]["affordability_ratio"]
    assert ratio == pytest.approx((300.0 + 5000.0) / 10000.0, rel=1e-12)


def test_the_budget_forecast_of_a_project_starts_in_its_first_year() -> None:
    project = validate_data(project_data("A", 2024, budget_growth=0.05)).project
    budget = budget_forecast(project)
    assert budget == BudgetForecast(base_year=2024, general_budget=10000.0, growth=0.05)
    assert budget.amount(2026) == pytest.approx(11025.0, rel=1e-12)
    # the same figures the engine divides by
    single = portfolio_affordability([project_expenditure("A", evaluate(project))], budget)
    engine_ratio = [row["affordability_ratio"] for row in evaluate(project).years]
    assert single.ratio == pytest.approx(engine_ratio, rel=1e-12)
    assert budget_forecast(validate_data(project_data("B", 2024)).project) is None
