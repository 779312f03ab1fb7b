"""Sensitivity: tornado, two-way tables and break-even values, checked against arithmetic done by hand.

The hand-built projects are tiny (one construction year, three operating years, no tax) so that every figure
can be followed with pencil and paper; the arithmetic is written out as plain Python, never with the engine.
PV is at the start of period 1 (methodology §1): PV = Σ CF_t / (1 + r)^t.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ppp.risk.sensitivity as sensitivity
from ppp.engine import evaluate
from ppp.i18n.catalog_sensitivity import SENSITIVITY_MESSAGES
from ppp.model import ProjectError, load_project, validate_data
from ppp.model.schema import Project
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, DriverValues, ScenarioOutputs, evaluate_scenarios
from ppp.risk.sensitivity import DEFAULT_STEPS, break_even, tornado, two_way

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))
YANGXIN = REPO / "sample_projects" / "yangxin_smart_city_bot.toml"
RATE = 0.05
#: Σ 1/1.05^t over the operating periods t = 2, 3, 4
OPERATING_ANNUITY = sum(1.0 / (1.0 + RATE) ** t for t in (2, 3, 4))


def project_from(data: dict[str, Any]) -> Project:
    return validate_data(data).project


def schedule_project(**changes: Any) -> dict[str, Any]:
    """Capex 1,000 in period 1 (all equity, no tax, no opex); the government pays 400 in each of 3 years.

    Only capex (and a delay) can move anything here: no opex, no user revenue, no debt, no score bands, and
    the capex falls in the base year, so inflation does not touch it.
    """
    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": "Capex only", "framework": "international", "payment_mode": "government-pay"},
        "timeline": {"start_year": 2020, "construction_years": 1, "operation_years": 3},
        "rates": {"discount_rate": RATE},
        "capex": [{"name": "Build", "amount": 1000.0, "phasing": [1.0]}],
        "financing": {"equity_ratio": 1.0},
        "payment": {"method": "schedule", "schedule": [400.0, 400.0, 400.0]},
        "tax": {"income_tax_rate": 0.0},
    }
    data.update(copy.deepcopy(changes))
    return data


def user_pay_project() -> dict[str, Any]:
    """Capex 1,000 in period 1, user revenue 600 and opex 100 a year for 3 years, all equity, no tax."""
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Three drivers", "framework": "international", "payment_mode": "user-pay"},
        "timeline": {"start_year": 2020, "construction_years": 1, "operation_years": 3},
        "rates": {"discount_rate": RATE},
        "capex": [{"name": "Build", "amount": 1000.0, "phasing": [1.0]}],
        "opex": [{"name": "Run", "amount": 100.0}],
        "revenue": [{"name": "Fares", "amount": 600.0}],
        "financing": {"equity_ratio": 1.0},
        "payment": {"method": "user-pay"},
        "tax": {"income_tax_rate": 0.0},
    }


def loan_project() -> Project:
    """The schedule project with half of the capex borrowed at 5 % over 3 years (annuity, mid-year IDC)."""
    return project_from(
        schedule_project(financing={"equity_ratio": 0.5, "loan_rate": RATE, "tenor_years": 3})
    )


def banded_project() -> Project:
    """The schedule project with its whole payment linked to the score: ≥ 90 → 1.0, 80–90 → 0.9, else 0.5."""
    return project_from(
        schedule_project(
            payment={
                "method": "schedule",
                "schedule": [400.0, 400.0, 400.0],
                "linked_share": 1.0,
                "expected_score": 95.0,
                "score_bands": [
                    {"min": 90.0, "coefficient": 1.0},
                    {"min": 80.0, "coefficient": 0.9},
                    {"min": 0.0, "coefficient": 0.5},
                ],
            }
        )
    )


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls of evaluate_scenarios made by the sensitivity module, and their scenarios."""
    calls: list[int] = []

    def wrapper(project: Project, drivers: DriverValues, *, chunk_size: int = 10_000) -> ScenarioOutputs:
        calls.append(drivers.scenarios)
        return evaluate_scenarios(project, drivers, chunk_size=chunk_size)

    monkeypatch.setattr(sensitivity, "evaluate_scenarios", wrapper)
    return calls


def single(project: Project, **values: float) -> ScenarioOutputs:
    """One scenario with the given driver values, evaluated on its own."""
    neutral = DriverValues.neutral(project, 1)
    changes: dict[str, Any] = {}
    for key, value in values.items():
        dtype = np.int64 if key == "construction_delay" else np.float64
        changes[key] = np.array([value], dtype=dtype)
    return evaluate_scenarios(project, DriverValues(**{**vars(neutral), **changes}))


# ---------------------------------------------------------------------------------------------------------
# tornado
# ---------------------------------------------------------------------------------------------------------


def test_only_capex_moves_the_capex_only_project() -> None:
    steps = {key: value for key, value in DEFAULT_STEPS.items() if key != "construction_delay"}
    result = tornado(project_from(schedule_project()), steps)

    npv_plan = -1000.0 / 1.05 + 400.0 * OPERATING_ANNUITY
    assert result.base["project_npv"] == pytest.approx(npv_plan, abs=1e-9)
    npv_bars = result.bars["project_npv"]
    assert npv_bars[0].driver == "capex"
    # ±20 % of a capex of 1,000 spent at the end of period 1
    assert npv_bars[0].swing == pytest.approx(0.4 * 1000.0 / 1.05, abs=1e-9)
    assert (npv_bars[0].low_step, npv_bars[0].high_step) == (0.2, -0.2)
    assert npv_bars[0].low == pytest.approx(npv_plan - 200.0 / 1.05, abs=1e-9)
    assert npv_bars[0].high == pytest.approx(npv_plan + 200.0 / 1.05, abs=1e-9)
    assert [bar.swing for bar in npv_bars[1:]] == [0.0] * (len(steps) - 1)
    # the equity IRR follows the capex alone too (all equity: the equity flows are the project flows)
    assert result.bars["equity_irr"][0].driver == "capex"
    assert result.bars["equity_irr"][0].swing > 0.0
    assert [bar.swing for bar in result.bars["equity_irr"][1:]] == [0.0] * (len(steps) - 1)
    # the SPV bears the overrun: the government pays the same PV whatever the capex
    assert all(bar.swing == 0.0 for bar in result.bars["government_pv"])
    assert result.base["government_pv"] == pytest.approx(400.0 * OPERATING_ANNUITY, abs=1e-9)
    # no debt: no DSCR, so every min-DSCR bar is undefined and says which steps it left out
    assert all(math.isnan(bar.swing) for bar in result.bars["min_dscr"])
    capex_dscr = next(bar for bar in result.bars["min_dscr"] if bar.driver == "capex")
    assert capex_dscr.excluded_steps == DEFAULT_STEPS["capex"]


def test_bars_are_ordered_by_swing_and_swings_match_the_hand_arithmetic() -> None:
    steps = {"opex": [-0.2, 0.2], "capex": [-0.1, 0.1, 0.2], "user_revenue": [-0.2, -0.1, 0.1, 0.2]}
    result = tornado(project_from(user_pay_project()), steps)
    bars = result.bars["project_npv"]
    assert [bar.driver for bar in bars] == ["user_revenue", "capex", "opex"]
    swings = {bar.driver: bar.swing for bar in bars}
    # NPV = −1,000/1.05 + (600 − 100) × Σ 1/1.05^t; each driver moves one term linearly
    assert swings["user_revenue"] == pytest.approx(0.4 * 600.0 * OPERATING_ANNUITY, abs=1e-9)
    # capex −10 % to +20 %: 30 % of 1,000 at the end of period 1
    assert swings["capex"] == pytest.approx(0.3 * 1000.0 / 1.05, abs=1e-9)
    assert swings["opex"] == pytest.approx(0.4 * 100.0 * OPERATING_ANNUITY, abs=1e-9)
    revenue_bar = bars[0]
    assert (revenue_bar.low_step, revenue_bar.high_step) == (-0.2, 0.2)
    # every step is kept as a point: the driver, the step, the value used and every output
    capex_up = next(point for point in result.points if point.driver == "capex" and point.step == 0.2)
    assert capex_up.value == pytest.approx(1.2)
    expected = -1200.0 / 1.05 + 500.0 * OPERATING_ANNUITY
    assert capex_up.outputs["project_npv"] == pytest.approx(expected, abs=1e-9)
    assert len(result.points) == 2 + 3 + 4


def test_a_one_sided_driver_spans_the_plan_and_its_worst_step() -> None:
    result = tornado(project_from(user_pay_project()), {"capex": [0.1, 0.2]}, outputs=["project_npv"])
    (bar,) = result.bars["project_npv"]
    assert bar.high == result.base["project_npv"]
    assert bar.high_step == 0.0
    assert bar.low_step == 0.2
    assert bar.swing == pytest.approx(200.0 / 1.05, abs=1e-9)
    assert list(result.bars) == ["project_npv"]


def test_a_tornado_is_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    project = load_project(YANGXIN).project
    result = tornado(project)
    total_steps = sum(len(steps) for steps in DEFAULT_STEPS.values())
    assert calls == [total_steps + 1]
    assert len(result.points) == total_steps
    assert set(result.bars) == set(OUTPUT_KEYS)
    assert all({bar.driver for bar in bars} == set(DRIVER_KEYS) for bars in result.bars.values())


def test_tornado_points_equal_the_engine_on_changed_projects() -> None:
    project = load_project(YANGXIN).project
    result = tornado(project, {"performance_score": [-10.0], "loan_rate": [0.01]})
    plan = evaluate(project).metrics
    assert result.base["equity_irr"] == plan["equity_irr"]
    assert result.base["project_npv"] == plan["project_npv_post_tax"]
    assert result.base["government_pv"] == plan["government_pv"]
    assert result.base["min_dscr"] == plan["min_dscr"]

    data = project.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
    lower_score = copy.deepcopy(data)
    lower_score["payment"]["expected_score"] = 82.0
    dearer_loan = copy.deepcopy(data)
    dearer_loan["financing"]["loan_rate"] = 0.049 + 0.01
    score_point, loan_point = result.points
    assert score_point.value == 82.0
    for point, changed in ((score_point, lower_score), (loan_point, dearer_loan)):
        metrics = evaluate(project_from(changed)).metrics
        assert point.outputs["equity_irr"] == pytest.approx(metrics["equity_irr"], abs=1e-12)
        assert point.outputs["government_pv"] == pytest.approx(metrics["government_pv"], rel=1e-12)
        assert point.outputs["min_dscr"] == pytest.approx(metrics["min_dscr"], rel=1e-12)


def test_steps_beyond_a_range_are_taken_to_its_edge() -> None:
    project = project_from(schedule_project())  # loan rate 0, expected score 100
    result = tornado(project, {"loan_rate": [-0.01], "performance_score": [5.0, -30.0]})
    values = [(point.driver, point.step, point.value) for point in result.points]
    assert values == [
        ("loan_rate", -0.01, 0.0),
        ("performance_score", 5.0, 100.0),
        ("performance_score", -30.0, 70.0),
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_default_steps_run_on_every_sample_project(path: Path) -> None:
    result = tornado(load_project(path).project)
    encoded = json.dumps(result.to_json(), allow_nan=False, ensure_ascii=False)
    decoded = json.loads(encoded)
    assert decoded["schema"] == "ppp-tornado/1"
    for bars in result.bars.values():
        swings = [bar.swing for bar in bars if math.isfinite(bar.swing)]
        assert swings == sorted(swings, reverse=True)
        assert all(math.isnan(bar.swing) for bar in bars[len(swings) :])


# ---------------------------------------------------------------------------------------------------------
# two-way tables
# ---------------------------------------------------------------------------------------------------------


def test_two_way_corners_equal_single_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    project = load_project(YANGXIN).project
    capex = [0.9, 1.0, 1.15, 1.3]
    scores = [70.0, 85.0, 92.0]
    calls = counting(monkeypatch)
    table = two_way(project, "capex", capex, "performance_score", scores, "equity_irr")
    assert calls == [len(capex) * len(scores) + 1]
    assert table.values.shape == (4, 3)
    monkeypatch.undo()
    for row in (0, len(capex) - 1):
        for column in (0, len(scores) - 1):
            alone = single(project, capex=capex[row], performance_score=scores[column])
            assert table.values[row, column] == pytest.approx(alone.values["equity_irr"][0], abs=1e-13)
    # capex at the plan and a score of 85: the project with expected_score = 85, through the engine
    data = project.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
    data["payment"]["expected_score"] = 85.0
    assert table.values[1, 1] == pytest.approx(evaluate(project_from(data)).metrics["equity_irr"], abs=1e-12)
    assert table.values[1, 2] == table.base == evaluate(project).metrics["equity_irr"]
    # a capex overrun lowers the equity IRR in every score column
    assert (np.diff(table.values, axis=0) < 0.0).all()
    assert json.loads(json.dumps(table.to_json(), allow_nan=False))["values"][1][2] == table.base


def test_two_way_by_hand() -> None:
    table = two_way(
        project_from(user_pay_project()), "capex", [0.8, 1.2], "user_revenue", [0.5, 1.0], "project_npv"
    )
    for row, capex in enumerate((0.8, 1.2)):
        for column, revenue in enumerate((0.5, 1.0)):
            expected = -1000.0 * capex / 1.05 + (600.0 * revenue - 100.0) * OPERATING_ANNUITY
            assert table.values[row, column] == pytest.approx(expected, abs=1e-9)
    assert table.feasible.all()


def test_two_way_with_a_delay_axis() -> None:
    project = project_from(schedule_project())
    table = two_way(project, "construction_delay", [0, 2], "capex", [1.0], "government_pv")
    # operation keeps its length and starts two years later: the same payments, discounted two more years
    assert table.values[0, 0] == pytest.approx(400.0 * OPERATING_ANNUITY, abs=1e-9)
    assert table.values[1, 0] == pytest.approx(400.0 * OPERATING_ANNUITY / 1.05**2, abs=1e-9)


def test_scenarios_that_cannot_be_financed_are_marked_and_left_out() -> None:
    sculpted = {"equity_ratio": 0.5, "loan_rate": RATE, "tenor_years": 3, "repayment": "sculpted"}
    project = project_from(schedule_project(financing={**sculpted, "target_dscr": 1.3}))
    # debt service 400 / 1.3 a year repays at most 400 / 1.3 × Σ 1/1.05^k (k = 1..3) ≈ 837.9 of debt;
    # the debt is 512.5 × m, so a capex multiple above ≈ 1.635 cannot be financed
    capacity = 400.0 / 1.3 * sum(1.0 / (1.0 + RATE) ** k for k in (1, 2, 3))
    assert 1.5 < capacity / 512.5 < 2.5
    table = two_way(project, "capex", [1.0, 1.5, 2.5], "opex", [1.0], "equity_irr")
    assert table.feasible[:, 0].tolist() == [True, True, False]
    assert np.isfinite(table.values[:2, 0]).all()
    assert math.isnan(table.values[2, 0])
    result = tornado(project, {"capex": [0.5, 1.5]}, outputs=["equity_irr"])
    (bar,) = result.bars["equity_irr"]
    assert bar.excluded_steps == (1.5,)
    assert bar.low_step == 0.5
    assert [point.feasible for point in result.points] == [True, False]


# ---------------------------------------------------------------------------------------------------------
# break-even values
# ---------------------------------------------------------------------------------------------------------


def test_capex_overrun_at_which_min_dscr_hits_one(monkeypatch: pytest.MonkeyPatch) -> None:
    project = loan_project()
    # debt 500·m plus mid-year IDC 500·m/2 × 5 %, repaid as an annuity over 3 years; CFADS 400 a year
    annuity = RATE / (1.0 - (1.0 + RATE) ** -3)
    plan_dscr = 400.0 / (512.5 * annuity)
    assert evaluate(project).metrics["min_dscr"] == pytest.approx(plan_dscr, abs=1e-12)
    calls = counting(monkeypatch)
    result = break_even(project, "capex", "min_dscr", 1.0, 1.0, 3.0)
    assert result.status == "reached"
    assert result.value == pytest.approx(plan_dscr, abs=1e-8)  # DSCR is 1/m of the plan's
    assert result.achieved is not None
    assert abs(result.achieved - 1.0) <= 1e-8
    assert result.change == pytest.approx(plan_dscr - 1.0, abs=1e-8)
    # batched bracketing: a handful of grids, not a scalar loop
    assert calls[0] == sensitivity.GRID_POINTS
    assert len(calls) <= 8
    assert result.scenarios == sum(calls)
    monkeypatch.undo()
    again = single(project, capex=result.value)
    assert abs(again.values["min_dscr"][0] - 1.0) <= 1e-8


def test_break_even_npv_and_irr_hit_their_targets() -> None:
    project = project_from(user_pay_project())
    npv_zero = break_even(project, "capex", "project_npv", 0.0, 0.5, 3.0)
    # NPV = 0 when 1,000·m/1.05 = 500 × Σ 1/1.05^t
    assert npv_zero.status == "reached"
    assert npv_zero.value == pytest.approx(1.05 * 500.0 * OPERATING_ANNUITY / 1000.0, abs=1e-8)
    assert npv_zero.achieved is not None
    assert abs(npv_zero.achieved) <= 1e-8
    # all equity, no tax: the equity IRR equals the discount rate exactly where the NPV is 0
    irr_hurdle = break_even(project, "capex", "equity_irr", RATE, 0.5, 3.0)
    assert irr_hurdle.status == "reached"
    assert irr_hurdle.value == pytest.approx(npv_zero.value, abs=1e-8)
    assert irr_hurdle.achieved is not None
    assert abs(irr_hurdle.achieved - RATE) <= 1e-8
    # the user revenue at which the NPV is 0: 600·k − 100 = 1,000 / (1.05 × Σ 1/1.05^t)
    revenue = break_even(project, "user_revenue", "project_npv", 0.0, 0.0, 2.0)
    assert revenue.value == pytest.approx((1000.0 / 1.05 / OPERATING_ANNUITY + 100.0) / 600.0, abs=1e-8)


def test_an_unreachable_target_says_how_close_it_came() -> None:
    project = loan_project()
    annuity = RATE / (1.0 - (1.0 + RATE) ** -3)
    result = break_even(project, "capex", "min_dscr", 1.0, 1.0, 2.0)
    assert result.status == "unreachable"
    # DSCR falls with capex: closest at the top of the range, where it is 400 / (2 × 512.5 × annuity)
    assert result.value == 2.0
    closest = 400.0 / (2.0 * 512.5 * annuity)
    assert result.achieved == pytest.approx(closest, abs=1e-12)
    assert result.gap == pytest.approx(closest - 1.0, abs=1e-12)
    text = result.describe("en")
    assert "does not reach 1" in text
    assert f"{closest - 1.0:.6g}" in text
    assert "无法达到" in result.describe("zh")


def test_the_score_at_which_the_equity_irr_hits_the_hurdle_is_a_band_edge() -> None:
    project = banded_project()
    # the payment is 400 × coefficient; the NPV of the equity flows at 5 % is 0 for a payment of
    # 1,000 / (1.05 × Σ 1/1.05^t) ≈ 367.5, i.e. a coefficient ≈ 0.919: reached only in the top band (≥ 90)
    result = break_even(project, "performance_score", "equity_irr", RATE, 0.0, 100.0)
    assert result.status == "jump"
    assert result.value == pytest.approx(90.0, abs=1e-8)
    assert result.value >= 90.0
    assert result.achieved is not None
    assert result.achieved_below is not None
    assert result.achieved > RATE > result.achieved_below
    # just below 90 the 0.9 band pays 360 a year; at 90 the full 400
    irr_at_90 = single(project, performance_score=90.0).values["equity_irr"][0]
    irr_at_85 = single(project, performance_score=85.0).values["equity_irr"][0]
    assert result.achieved == pytest.approx(irr_at_90, abs=1e-12)
    assert result.achieved_below == pytest.approx(irr_at_85, abs=1e-12)
    assert result.change == pytest.approx(90.0 - 95.0, abs=1e-8)
    assert "jumps across" in result.describe("en")
    # government PV: the whole payment at 90 or above, 90 % of it in the 80–90 band, half below 80
    pv_target = 0.95 * 400.0 * OPERATING_ANNUITY
    pv = break_even(project, "performance_score", "government_pv", pv_target, 0.0, 100.0)
    assert pv.status == "jump"
    assert pv.value == pytest.approx(90.0, abs=1e-8)
    assert pv.achieved_below == pytest.approx(0.9 * 400.0 * OPERATING_ANNUITY, abs=1e-9)


def test_an_output_undefined_everywhere_is_reported() -> None:
    result = break_even(project_from(schedule_project()), "capex", "min_dscr", 1.0, 0.5, 2.0)
    assert result.status == "undefined"
    assert result.value is None
    assert "not defined" in result.describe("en")
    assert json.loads(json.dumps(result.to_json(), allow_nan=False))["status"] == "undefined"


def test_break_even_json() -> None:
    result = break_even(loan_project(), "capex", "min_dscr", 1.0, 1.0, 3.0)
    data = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert data["schema"] == "ppp-break-even/1"
    assert data["status"] == "reached"
    assert data["change"] == pytest.approx(data["value"] - 1.0)


# ---------------------------------------------------------------------------------------------------------
# bad input: a clear problem naming the field, the value and the rule
# ---------------------------------------------------------------------------------------------------------


def problems_of(call: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(ProjectError) as raised:
        call()
    for language in ("en", "zh"):
        assert all(message for message in raised.value.messages(language))
    return [(problem.path, problem.rule) for problem in raised.value.problems]


def test_bad_steps_are_refused() -> None:
    project = project_from(schedule_project())
    found = problems_of(
        lambda: tornado(
            project,
            {"capex": [0.1, math.nan, -1.5], "speed": [1.0], "construction_delay": [1.5, -1.0], "opex": []},
        )
    )
    assert found == [
        ("steps.capex[2]", "sensitivity.not_finite"),
        ("steps.capex[3]", "sensitivity.multiplier_negative"),
        ("steps.speed", "sensitivity.unknown_driver"),
        ("steps.construction_delay[1]", "sensitivity.delay_whole_years"),
        ("steps.construction_delay[2]", "sensitivity.delay_whole_years"),
        ("steps.opex", "sensitivity.no_values"),
    ]
    assert problems_of(lambda: tornado(project, {})) == [("steps", "sensitivity.no_drivers")]
    assert problems_of(lambda: tornado(project, outputs=["npv"])) == [
        ("outputs[1]", "sensitivity.unknown_output")
    ]


def test_the_message_names_the_value_and_the_rule() -> None:
    with pytest.raises(ProjectError) as raised:
        tornado(project_from(schedule_project()), {"capex": [-1.5]})
    (english,) = raised.value.messages("en")
    assert english.startswith("steps.capex[1] = -1.5: ")
    assert "at least -1" in english
    (chinese,) = raised.value.messages("zh")
    assert "不能小于 -1" in chinese


def test_bad_two_way_inputs_are_refused() -> None:
    project = project_from(schedule_project())
    found = problems_of(lambda: two_way(project, "capex", [1.0], "capex", [1.1], "irr"))
    assert found == [("output", "sensitivity.unknown_output"), ("column_driver", "sensitivity.same_driver")]
    found = problems_of(
        lambda: two_way(project, "loan_rate", [-0.01, 0.0], "performance_score", [101.0], "min_dscr")
    )
    assert found == [
        ("row_values[1]", "sensitivity.rate_out_of_range"),
        ("column_values[1]", "sensitivity.score_out_of_range"),
    ]
    assert problems_of(lambda: two_way(project, "capex", [], "opex", [1.0], "project_npv")) == [
        ("row_values", "sensitivity.no_values")
    ]


def test_too_many_scenarios_are_refused_before_any_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    project = project_from(schedule_project())
    values = np.linspace(0.5, 1.5, 501).tolist()
    found = problems_of(lambda: two_way(project, "capex", values, "opex", values, "project_npv"))
    assert found == [("column_values", "sensitivity.too_many_scenarios")]
    assert calls == []


def test_bad_break_even_inputs_are_refused() -> None:
    project = loan_project()
    assert problems_of(lambda: break_even(project, "construction_delay", "min_dscr", 1.0, 0.0, 5.0)) == [
        ("driver", "sensitivity.no_break_even_whole_years")
    ]
    assert problems_of(lambda: break_even(project, "capex", "min_dscr", 1.0, 2.0, 1.0)) == [
        ("high", "sensitivity.bad_range")
    ]
    assert problems_of(lambda: break_even(project, "capex", "min_dscr", math.inf, -1.0, 1.0)) == [
        ("target", "sensitivity.not_finite"),
        ("low", "sensitivity.multiplier_negative"),
    ]


def test_every_message_has_english_and_chinese() -> None:
    for key, texts in SENSITIVITY_MESSAGES.items():
        assert key.startswith("sensitivity."), key
        assert set(texts) == {"en", "zh"}, key
        assert all(texts.values()), key
    for driver in DRIVER_KEYS:
        assert f"sensitivity.driver.{driver}" in SENSITIVITY_MESSAGES
    for output in OUTPUT_KEYS:
        assert f"sensitivity.output.{output}" in SENSITIVITY_MESSAGES
