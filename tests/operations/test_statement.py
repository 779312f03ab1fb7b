"""Payment statements: worked examples by hand (a binding monthly cap, a points ratchet), exact totals.

The hand project (money in 元): operation 2025–2026, availability term A = the schedule (1,200 and 12,000),
O&M term M = 60 (opex 60, no O&M profit, no escalation), linked share 0.5, bands ≥90 → 1.0, ≥80 → 0.9,
≥0 → 0.5, expected score 95. KPIs: availability (%, target 99.9, weight 60, tolerance 0.9), response (min,
target 30 lower, weight 40, tolerance 30), camera_outage (2 points a camera), helpdesk (%, target 90, 1 point
a percentage point). Deductions: 20 free points, 3.00 a point, ×1.0 for 21–100, ×1.2 for 101–200, ×1.5 above.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppp.engine import evaluate
from ppp.engine.evaluation import Evaluation
from ppp.model import load_project, validate_data
from ppp.model.problems import ProjectError
from ppp.model.schema import Deductions, Project
from ppp.operations.readings import Reading, parse_readings_csv
from ppp.operations.statement import (
    YearStatement,
    minor_unit,
    payment_statements,
    round_money,
    statements_json,
)


def hand_data(**payment: Any) -> dict[str, Any]:
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Statement by hand", "money_unit": "元"},
        "timeline": {"start_year": 2024, "construction_years": 1, "operation_years": 2},
        "rates": {
            "discount_rate": 0.05,
            "inflation": 0.0,
            "reasonable_profit_rate": 0.0,
            "om_profit_rate": 0.0,
        },
        "capex": [{"name": "build", "amount": 1000.0, "phasing": [1.0]}],
        "opex": [{"name": "O&M", "amount": 60.0, "escalation": 0.0}],
        "financing": {"equity_ratio": 1.0},
        "payment": {
            "method": "schedule",
            "schedule": [1200.0, 12000.0],
            "linked_share": 0.5,
            "expected_score": 95,
            "score_bands": [
                {"min": 90, "coefficient": 1.0},
                {"min": 80, "coefficient": 0.9},
                {"min": 0, "coefficient": 0.5},
            ],
        }
        | payment,
        "kpis": [
            {
                "id": "availability",
                "name": "Availability",
                "unit": "%",
                "target": 99.9,
                "direction": "higher",
                "weight": 60,
                "tolerance": 0.9,
            },
            {
                "id": "response",
                "name": "Response",
                "unit": "min",
                "target": 30,
                "direction": "lower",
                "weight": 40,
                "tolerance": 30,
            },
            {
                "id": "camera_outage",
                "name": "Cameras out",
                "unit": "cameras",
                "target": 0,
                "direction": "lower",
                "points_per_unit": 2,
            },
            {
                "id": "helpdesk",
                "name": "Help desk",
                "unit": "%",
                "target": 90,
                "direction": "higher",
                "points_per_unit": 1,
            },
        ],
        "deductions": {
            "free_points": 20,
            "value_per_point": 3.0,
            "bands": [
                {"from": 21, "to": 100, "multiplier": 1.0},
                {"from": 101, "to": 200, "multiplier": 1.2},
                {"from": 201, "multiplier": 1.5},
            ],
        },
    }


HAND = validate_data(hand_data()).project
HAND_EVALUATION = evaluate(HAND)


def reading(kpi_id: str, period: str, value: str) -> Reading:
    return Reading(kpi_id, period, Decimal(value))


YEAR_2025 = [
    # January: availability 99.45 → shortfall 0.45 → 60 × 0.5 = 30; response 25 → 40; score 70.
    #          cameras 30 × 2 = 60 points, help desk 85 → 5 points; 65 points → (65 − 20) × 3 = 135.00
    reading("availability", "2025-01", "99.45"),
    reading("response", "2025-01", "25"),
    reading("camera_outage", "2025-01", "30"),
    reading("helpdesk", "2025-01", "85"),
    # February: availability 99.95 → 60; response 45 → shortfall 15 → 40 × 0.5 = 20; score 80.
    #           cameras 55 × 2 = 110 points, help desk 90 → 0: 80 × 3 + 10 × 3.6 = 276.00
    reading("availability", "2025-02", "99.95"),
    reading("response", "2025-02", "45"),
    reading("camera_outage", "2025-02", "55"),
    reading("helpdesk", "2025-02", "90"),
    # March: availability 99.9 → 60; response not read → 0 (flagged); no points KPI read; score 60.
    reading("availability", "2025-03", "99.9"),
]


def test_worked_year_with_a_binding_monthly_cap() -> None:
    (year,) = payment_statements(HAND, HAND_EVALUATION, YEAR_2025)
    assert (year.year, year.operating_year, year.months_recorded) == (2025, 1, 3)
    # score (70 + 80 + 60) / 3 = 70 → band ≥ 0 → coefficient 0.5
    assert year.score == pytest.approx(70.0)
    assert year.coefficient == 0.5
    assert year.points == pytest.approx(65 + 110)
    # planned at the expected score 95 (coefficient 1): 1,200 + 60 = 1,260
    assert year.planned_payment == Decimal("1260.00")
    # measured: 1,200 × (1 − 0.5 × (1 − 0.5)) + 60 × 0.5 = 900 + 30 = 930
    assert year.payment_before_deductions == Decimal("930.00")
    # monthly cap 930 / 12 = 77.50 binds in January (135.00) and February (276.00)
    assert [month.deduction for month in year.months] == [Decimal("77.50"), Decimal("77.50"), Decimal("0.00")]
    assert year.deduction == Decimal("155.00")
    assert year.actual_payment == Decimal("775.00")
    assert [month.score for month in year.months] == pytest.approx([70.0, 80.0, 60.0])


def test_kpi_lines_show_scores_points_missing_and_money() -> None:
    (year,) = payment_statements(HAND, HAND_EVALUATION, YEAR_2025)
    january, _, march = year.months
    by_id = {line.kpi_id: line for line in january.lines}
    assert by_id["availability"].score == pytest.approx(30.0)
    assert by_id["response"].score == pytest.approx(40.0)
    assert by_id["camera_outage"].points == pytest.approx(60.0)
    assert by_id["helpdesk"].points == pytest.approx(5.0)
    # 77.50 split 60 : 5 in fen: 7,750 × 60/65 = 7,153.85 and 596.15 → 7,153 + 596 = 7,749, the last fen
    # to the larger remainder (camera outage)
    assert by_id["camera_outage"].deduction == Decimal("71.54")
    assert by_id["helpdesk"].deduction == Decimal("5.96")
    assert by_id["availability"].deduction == Decimal("0.00")
    assert [line.kpi_id for line in january.lines] == [
        "availability",
        "response",
        "camera_outage",
        "helpdesk",
    ]
    missing = {line.kpi_id: line.missing for line in march.lines}
    assert missing == {"availability": False, "response": True, "camera_outage": True, "helpdesk": True}
    march_lines = {line.kpi_id: line for line in march.lines}
    assert march_lines["response"].score == 0.0
    assert march_lines["response"].value is None
    assert march_lines["availability"].value == Decimal("99.9")


def test_points_ratchet_across_bands_without_a_cap() -> None:
    readings = [
        reading("availability", "2026-01", "99.95"),
        reading("response", "2026-01", "20"),
        # 70 cameras × 2 = 140 points, help desk 75 → 15 points: 155 points
        reading("camera_outage", "2026-01", "70"),
        reading("helpdesk", "2026-01", "75"),
    ]
    (year,) = payment_statements(HAND, HAND_EVALUATION, readings)
    assert year.score == pytest.approx(100.0)
    assert year.coefficient == 1.0
    # 12,000 + 60 = 12,060; the cap 1,005.00 does not bind
    assert year.payment_before_deductions == Decimal("12060.00")
    # points 21–100 at 3.00 (80 × 3 = 240), 101–155 at 3.60 (55 × 3.6 = 198): 438.00
    (month,) = year.months
    assert month.deduction == Decimal("438.00")
    assert year.deduction == Decimal("438.00")
    assert year.actual_payment == Decimal("11622.00")
    # 43,800 fen split 140 : 15 → 39,561.29 and 4,238.71 → 39,561 + 4,238, the last fen to the help desk
    money = {line.kpi_id: line.deduction for line in month.lines}
    assert money["camera_outage"] == Decimal("395.61")
    assert money["helpdesk"] == Decimal("42.39")


def test_years_come_in_order_and_totals_reconcile_exactly() -> None:
    later = [reading("camera_outage", "2026-03", "70"), reading("availability", "2026-03", "99.95")]
    statements = payment_statements(HAND, HAND_EVALUATION, later + YEAR_2025)
    assert [statement.year for statement in statements] == [2025, 2026]
    for statement in statements:
        assert_reconciles(statement)


def test_readings_outside_the_operating_years_are_named() -> None:
    readings = [*YEAR_2025, reading("availability", "2024-06", "99.9"), reading("response", "2027-01", "20")]
    with pytest.raises(ProjectError) as caught:
        payment_statements(HAND, HAND_EVALUATION, readings)
    problems = [(problem.path, problem.rule, problem.value) for problem in caught.value.problems]
    assert problems == [
        ("readings", "readings.outside_operation", "2024-06"),
        ("readings", "readings.outside_operation", "2027-01"),
    ]
    assert "2025–2026" in caught.value.problems[0].message("en")


def test_unchecked_readings_are_checked_again() -> None:
    readings = [
        reading("nope", "2025-01", "1"),
        reading("availability", "2025-1", "99"),
        reading("availability", "2025-02", "101"),
        reading("response", "2025-03", "20"),
        reading("response", "2025-03", "21"),
    ]
    with pytest.raises(ProjectError) as caught:
        payment_statements(HAND, HAND_EVALUATION, readings)
    assert [problem.rule for problem in caught.value.problems] == [
        "readings.unknown_kpi",
        "readings.bad_period",
        "readings.over_100",
        "readings.conflict_stored",
    ]


def test_no_readings_no_statement() -> None:
    assert payment_statements(HAND, HAND_EVALUATION, []) == []


def test_without_score_bands_the_coefficient_is_one() -> None:
    project = validate_data(hand_data(score_bands=[])).project
    readings = [reading("availability", "2025-01", "99.0")]  # score 0
    (year,) = payment_statements(project, evaluate(project), readings)
    assert year.score == 0.0
    assert year.coefficient == 1.0
    assert year.payment_before_deductions == Decimal("1260.00")


def test_without_deductions_points_cost_nothing() -> None:
    project = HAND.model_copy(update={"deductions": None})
    (year,) = payment_statements(project, HAND_EVALUATION, YEAR_2025)
    assert year.points == pytest.approx(175.0)
    assert year.deduction == Decimal("0.00")
    assert year.actual_payment == year.payment_before_deductions == Decimal("930.00")


def test_money_is_rounded_half_up_to_the_minor_unit() -> None:
    assert minor_unit("元") == Decimal("0.01")
    assert minor_unit("万元") == Decimal("0.000001")
    assert minor_unit("亿元") == Decimal("0.0000000001")
    assert minor_unit("USD") == Decimal("0.01")
    # 2.675 is 2.67499999… as a double; read as its repr "2.675" it rounds half-up to 2.68
    assert round_money(2.675, Decimal("0.01")) == Decimal("2.68")
    assert round_money(1.0000005, Decimal("0.000001")) == Decimal("1.000001")
    assert round_money(Decimal("-0.005"), Decimal("0.01")) == Decimal("-0.01")


def test_wan_yuan_project_rounds_to_the_fen() -> None:
    data = hand_data()
    data["project"]["money_unit"] = "万元"
    data["deductions"]["value_per_point"] = 0.0123457  # 1 point → 0.0123457 万元 = 123.457 元
    project = validate_data(data).project
    readings = [
        reading("availability", "2026-01", "100"),  # scores 60
        reading("response", "2026-01", "0"),  # scores 40: coefficient 1
        reading("helpdesk", "2026-01", "69"),  # 21 points: one charged point
    ]
    (year,) = payment_statements(project, evaluate(project), readings)
    assert year.deduction == Decimal("0.012346")  # 123.46 元
    assert year.actual_payment == Decimal("12060.000000") - Decimal("0.012346")


def test_json_shape() -> None:
    statements = payment_statements(HAND, HAND_EVALUATION, YEAR_2025)
    document = statements_json(statements, "元")
    assert list(document) == ["money_unit", "minor_unit", "years"]
    assert document["minor_unit"] == 0.01
    (year,) = document["years"]
    assert list(year) == [
        "year", "score", "coefficient", "points", "planned_payment", "deduction", "actual_payment", "months",
    ]  # fmt: skip
    assert (year["planned_payment"], year["deduction"], year["actual_payment"]) == (1260.0, 155.0, 775.0)
    assert [list(month) for month in year["months"]] == [["period", "score", "points", "deduction"]] * 3
    assert [month["deduction"] for month in year["months"]] == [77.5, 77.5, 0.0]
    assert list(statements_json(statements)) == ["years"]


def assert_reconciles(statement: YearStatement) -> None:
    assert statement.actual_payment == statement.payment_before_deductions - statement.deduction
    assert statement.deduction == sum((month.deduction for month in statement.months), Decimal(0))
    for month in statement.months:
        assert month.deduction == sum((line.deduction for line in month.lines), Decimal(0))
        assert month.deduction * 12 <= statement.payment_before_deductions
    assert Decimal(0) <= statement.deduction <= statement.payment_before_deductions
    assert statement.actual_payment >= 0


KPI_VALUES = {
    "availability": st.decimals(min_value=90, max_value=100, places=2),
    "response": st.decimals(min_value=0, max_value=200, places=1),
    "camera_outage": st.integers(min_value=0, max_value=400).map(Decimal),
    "helpdesk": st.decimals(min_value=0, max_value=100, places=1),
}


@st.composite
def readings_of_a_year(draw: st.DrawFn) -> list[Reading]:
    year = draw(st.sampled_from([2025, 2026]))
    months = draw(st.sets(st.integers(1, 12), min_size=1, max_size=12))
    readings: list[Reading] = []
    for month in sorted(months):
        chosen = draw(st.sets(st.sampled_from(sorted(KPI_VALUES)), min_size=1))
        readings += [Reading(kpi, f"{year}-{month:02d}", draw(KPI_VALUES[kpi])) for kpi in sorted(chosen)]
    return readings


@settings(max_examples=150, deadline=None)
@given(
    readings=readings_of_a_year(),
    value_per_point=st.floats(min_value=0.01, max_value=500.0),
    free_points=st.floats(min_value=0.0, max_value=50.0),
)
def test_deductions_never_exceed_the_payment(
    readings: list[Reading], value_per_point: float, free_points: float
) -> None:
    assert HAND.deductions is not None
    deductions = Deductions(
        free_points=free_points, value_per_point=value_per_point, bands=HAND.deductions.bands
    )
    project: Project = HAND.model_copy(update={"deductions": deductions})
    evaluation: Evaluation = HAND_EVALUATION
    (statement,) = payment_statements(project, evaluation, readings)
    assert_reconciles(statement)
    assert 0.0 <= statement.score <= 100.0
    assert statement.coefficient in (0.5, 0.9, 1.0)


def test_the_sample_year_reconciles_exactly() -> None:
    samples = Path(__file__).resolve().parents[2] / "sample_projects"
    project = load_project(samples / "yangxin_smart_city_bot.toml").project
    text = (samples / "yangxin_readings_2019.csv").read_text(encoding="utf-8")
    (statement,) = payment_statements(project, evaluate(project), parse_readings_csv(text, project.kpis))
    assert_reconciles(statement)
    # 万元 to the fen: July 80 × 0.2 + 30 × 0.24 = 23.2, August 25 × 0.2 = 5.0
    assert statement.deduction == Decimal("28.200000")
    assert statement.actual_payment == statement.planned_payment - Decimal("28.2")
    july = statement.months[6]
    assert {line.kpi_id: line.deduction for line in july.lines}["camera_outage"] == Decimal("23.200000")
