"""The risk drivers: neutral values reproduce the plan exactly, and each driver moves the model as documented
(docs/risk.md): worked examples derived from the plan's own annual table, and properties (hypothesis)."""

from __future__ import annotations

import copy
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppp.engine import evaluate
from ppp.engine.inputs import payment_coefficient
from ppp.engine.numerics import npv
from ppp.model import Project, ProjectError, load_project, validate_data
from ppp.model.schema import ScoreBand
from ppp.risk.drivers import (
    DRIVER_KEYS,
    OUTPUT_KEYS,
    OUTPUT_METRICS,
    DriverValues,
    ScenarioEvaluator,
    evaluate_scenarios,
    payment_coefficients,
    stretched_phasing,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import SCORE_BANDS, small_projects

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"
SAMPLE_NAMES = (
    "yangxin_smart_city_bot",
    "penglai_viability_gap",
    "leshan_operating_concession",
    "taoyuan_phase1_refresh",
    "user_pay_franchise_2023",
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sample(name: str) -> Project:
    return load_project(SAMPLES / f"{name}.toml").project


def with_driver(project: Project, scenarios: int, **changes: Any) -> DriverValues:
    """Neutral drivers with some of them replaced (a scalar applies to every scenario)."""
    neutral = DriverValues.neutral(project, scenarios)
    columns: dict[str, Any] = {key: neutral.column(key) for key in DRIVER_KEYS}
    for key, value in changes.items():
        dtype = np.int64 if key == "construction_delay" else np.float64
        columns[key] = np.broadcast_to(np.asarray(value, dtype=dtype), (scenarios,)).copy()
    return DriverValues(**columns)


def plan_output(project: Project, key: str) -> float:
    value = evaluate(project).metrics[OUTPUT_METRICS[key]]
    assert value is not None
    return value


# ---------------------------------------------------------------------------------------------------------
# neutral values are the plan, bit for bit
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("scenarios", [1, 7, 40])
def test_neutral_drivers_reproduce_the_deterministic_evaluation_exactly(name: str, scenarios: int) -> None:
    # 40 crosses the engine's switch from per-row Python to vectorised numerics (32 rows)
    project = sample(name)
    metrics = evaluate(project).metrics
    outputs = evaluate_scenarios(project, DriverValues.neutral(project, scenarios))
    assert outputs.feasible.all()
    for key in OUTPUT_KEYS:
        expected = metrics[OUTPUT_METRICS[key]]
        values = outputs.values[key]
        assert values.shape == (scenarios,)
        if expected is None:
            assert np.isnan(values).all()
        else:
            assert (values == expected).all(), key


@FAST
@given(data=small_projects(repayments=("annuity", "equal-principal", "sculpted")))
def test_neutral_drivers_reproduce_any_valid_project(data: dict[str, Any]) -> None:
    project = validate_data(data).project
    outputs = evaluate_scenarios(project, DriverValues.neutral(project, 3))
    try:
        metrics = evaluate(project).metrics
    except ProjectError:  # an infeasible sculpted loan: the scenarios say so instead of raising
        assert not outputs.feasible.any()
        return
    assert outputs.feasible.all()
    for key in OUTPUT_KEYS:
        expected = metrics[OUTPUT_METRICS[key]]
        values = outputs.values[key]
        assert np.isnan(values).all() if expected is None else (values == expected).all()


def test_the_project_npv_output_is_the_post_tax_project_npv() -> None:
    assert OUTPUT_METRICS["project_npv"] == "project_npv_post_tax"
    assert set(OUTPUT_METRICS) == set(OUTPUT_KEYS)


# ---------------------------------------------------------------------------------------------------------
# each driver, against a worked example from the plan's annual table
# ---------------------------------------------------------------------------------------------------------


def test_performance_score_applies_its_band_coefficient_to_the_linked_payment() -> None:
    # yangxin: linked share 0.3, score 85 falls in the 80–90 band (coefficient 0.95); the plan's 92 pays 1.0.
    # payment_k = A_k (1 − 0.3 × 0.05) + M_k × 0.95, with A_k and M_k the plan's availability and O&M payments
    project = sample("yangxin_smart_city_bot")
    plan = evaluate(project)
    payments = np.array(
        [row["availability_payment"] * 0.985 + row["om_payment"] * 0.95 for row in plan.years],
        dtype=np.float64,
    )
    expected = float(npv(project.rates.discount_rate, payments))
    outputs = evaluate_scenarios(project, with_driver(project, 2, performance_score=85.0))
    assert outputs.values["government_pv"] == pytest.approx([expected, expected], rel=1e-12)


def test_opex_overrun_hits_the_cost_lines_but_not_the_payment() -> None:
    # +10 % opex on the user-pay franchise: EBIT falls by 0.1 × opex, adjusted tax = 25 % × max(0, EBIT), so
    # project CF post-tax = CF pre-tax − 0.1 × opex − adjusted tax
    project = sample("user_pay_franchise_2023")
    rate = project.tax.income_tax_rate
    rows = evaluate(project).years
    flows = np.array(
        [
            row["project_cf_pre_tax"] - 0.1 * row["opex"] - rate * max(0.0, row["ebit"] - 0.1 * row["opex"])
            for row in rows
        ]
    )
    outputs = evaluate_scenarios(project, with_driver(project, 1, opex=1.1))
    assert outputs.values["project_npv"][0] == pytest.approx(
        float(npv(project.rates.discount_rate, flows)), rel=1e-12
    )
    # a government-pay project: the O&M term of the payment stays on the plan's costs
    government = sample("yangxin_smart_city_bot")
    moved = evaluate_scenarios(
        government, with_driver(government, 3, opex=[0.8, 1.0, 1.3], capex=[1.2, 1.0, 0.9])
    )
    assert (moved.values["government_pv"] == plan_output(government, "government_pv")).all()
    irr = moved.values["equity_irr"]
    assert irr[0] < irr[1]  # +20 % capex and −20 % opex: the capex overrun dominates here
    assert moved.values["equity_irr"][1] == plan_output(government, "equity_irr")


def test_revenue_multiplier_is_linear_in_a_viability_gap_payment() -> None:
    # penglai nets user revenue U_k from a payment that stays positive: PV = PV(A + M) − m × PV(U)
    project = sample("penglai_viability_gap")
    rows = evaluate(project).years
    rate = project.rates.discount_rate
    gross = float(npv(rate, np.array([row["availability_payment"] + row["om_payment"] for row in rows])))
    revenue = float(npv(rate, np.array([row["user_revenue"] for row in rows])))
    multipliers = np.array([0.7, 0.9, 1.25])
    outputs = evaluate_scenarios(project, with_driver(project, 3, user_revenue=multipliers))
    assert outputs.values["government_pv"] == pytest.approx(gross - multipliers * revenue, rel=1e-12)


def test_loan_rate_change_moves_the_financing_only() -> None:
    project = sample("yangxin_smart_city_bot")
    outputs = evaluate_scenarios(project, with_driver(project, 3, loan_rate=[-0.01, 0.0, 0.01]))
    irr = outputs.values["equity_irr"]
    assert irr[0] > irr[1] > irr[2]
    shifted = copy.deepcopy(project.model_dump(by_alias=True, exclude_unset=True))
    shifted["financing"]["loan_rate"] = project.financing.loan_rate + 0.01
    assert irr[2] == pytest.approx(plan_output(validate_data(shifted).project, "equity_irr"), rel=1e-12)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_inflation_change_equals_a_plan_at_the_new_rate(name: str) -> None:
    # every item escalating at the project's inflation rate escalates at the new rate; the others keep theirs
    project = sample(name)
    change = 0.013
    inflation = project.rates.inflation
    data = project.model_dump(by_alias=True, exclude_unset=True)
    for table in ("capex", "opex", "revenue"):
        for item in data.get(table, []):
            if item.get("escalation", inflation) == inflation:
                item["escalation"] = inflation + change
    data["rates"]["inflation"] = inflation + change
    moved = validate_data(data).project
    outputs = evaluate_scenarios(project, with_driver(project, 2, inflation=change))
    for key in OUTPUT_KEYS:
        expected = evaluate(moved).metrics[OUTPUT_METRICS[key]]
        assert expected is not None
        assert outputs.values[key] == pytest.approx([expected, expected], rel=1e-9, abs=1e-6)


def test_construction_delay_equals_the_hand_built_delayed_plan() -> None:
    # yangxin builds in 2 years with phasing [0.45, 0.55]; one year of delay stretches the cumulative curve
    # over 3 years: 0.45 × 2/3 = 0.30 by the end of year 1, 0.45 + 0.55 × 1/3 by the end of year 2, so the
    # shares are [0.30, 0.45 + 0.55/3 − 0.30, 1 − 0.45 − 0.55/3]; operation keeps its 13 years
    project = sample("yangxin_smart_city_bot")
    data = project.model_dump(by_alias=True, exclude_unset=True)
    data["timeline"]["construction_years"] = 3
    shares = [0.30, 0.45 + 0.55 / 3 - 0.30, 1.0 - 0.45 - 0.55 / 3]
    for item in data["capex"]:
        if not item.get("lifecycle"):
            item["phasing"] = shares
    fiscal = data["fiscal"]
    fiscal["other_ppp_expenditure"] = [*fiscal["other_ppp_expenditure"], 0.0]
    fiscal["supporting_inputs"] = [*fiscal["supporting_inputs"], 0.0]
    delayed = validate_data(data).project
    outputs = evaluate_scenarios(project, with_driver(project, 2, construction_delay=[1, 0]))
    for key in OUTPUT_KEYS:
        assert outputs.values[key][0] == pytest.approx(plan_output(delayed, key), rel=1e-12), key
        assert outputs.values[key][1] == plan_output(project, key)


def test_capex_overrun_lowers_returns_and_leaves_the_payment() -> None:
    project = sample("yangxin_smart_city_bot")
    outputs = evaluate_scenarios(project, with_driver(project, 3, capex=[0.9, 1.0, 1.2]))
    for key in ("equity_irr", "project_npv", "min_dscr"):
        values = outputs.values[key]
        assert values[0] > values[1] > values[2], key
    assert (outputs.values["government_pv"] == plan_output(project, "government_pv")).all()


def test_scenarios_are_independent_of_chunking_and_of_each_other() -> None:
    project = sample("taoyuan_phase1_refresh")
    rng = np.random.default_rng(5)
    count = 120
    drivers = DriverValues(
        capex=rng.uniform(0.8, 1.3, count),
        opex=rng.uniform(0.8, 1.3, count),
        user_revenue=rng.uniform(0.7, 1.2, count),
        loan_rate=rng.uniform(-0.01, 0.02, count),
        inflation=rng.uniform(-0.01, 0.03, count),
        performance_score=rng.uniform(50.0, 100.0, count),
        construction_delay=rng.integers(0, 3, count),
    )
    whole = evaluate_scenarios(project, drivers)
    chunked = evaluate_scenarios(project, drivers, chunk_size=7)
    for key in OUTPUT_KEYS:
        np.testing.assert_array_equal(whole.values[key], chunked.values[key])
    np.testing.assert_array_equal(whole.feasible, chunked.feasible)
    # one scenario alone gets exactly the value it gets among the others
    evaluator = ScenarioEvaluator(project)
    for row in (0, 57, 119):
        alone = evaluator.evaluate(drivers.take(np.array([row])))
        for key in OUTPUT_KEYS:
            np.testing.assert_array_equal(alone.values[key], whole.values[key][row : row + 1])


# ---------------------------------------------------------------------------------------------------------
# helpers and validation
# ---------------------------------------------------------------------------------------------------------


@given(scores=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=30))
def test_payment_coefficients_match_the_engine_one_by_one(scores: list[float]) -> None:
    bands = [ScoreBand(**band) for band in SCORE_BANDS]
    expected = [payment_coefficient(score, bands) for score in scores]
    assert payment_coefficients(np.array(scores), bands).tolist() == expected
    assert payment_coefficients(np.array(scores), []).tolist() == [1.0] * len(scores)


def test_stretched_phasing_worked_example() -> None:
    # [40, 60] over 4 years: each planned year becomes two equal halves
    assert stretched_phasing(np.array([40.0, 60.0]), 4).tolist() == [20.0, 20.0, 30.0, 30.0]
    assert stretched_phasing(np.array([]), 2).tolist() == [0.0, 0.0]


@given(
    amounts=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6),
    extra=st.integers(0, 5),
)
def test_stretched_phasing_keeps_the_total_and_never_goes_negative(amounts: list[float], extra: int) -> None:
    planned = np.array(amounts)
    stretched = stretched_phasing(planned, len(amounts) + extra)
    assert stretched.shape == (len(amounts) + extra,)
    assert (stretched >= -1e-9 * (planned.sum() + 1.0)).all()
    assert stretched.sum() == pytest.approx(planned.sum(), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("capex", -0.1, "risk.driver_multiplier"),
        ("opex", float("nan"), "risk.driver_multiplier"),
        ("user_revenue", float("inf"), "risk.driver_multiplier"),
        ("loan_rate", -0.2, "risk.driver_loan_rate"),
        ("inflation", -1.5, "risk.driver_inflation"),
        ("performance_score", 101.0, "risk.driver_score"),
        ("construction_delay", -1, "risk.driver_delay"),
        ("construction_delay", 48, "risk.driver_delay"),
    ],
)
def test_out_of_domain_driver_values_are_refused_by_name(key: str, value: float, rule: str) -> None:
    project = sample("yangxin_smart_city_bot")
    neutral = DriverValues.neutral(project, 3)
    column = neutral.column(key).copy()
    column[1:] = value  # the first scenario stays on the plan: the problem names the first bad value
    drivers = replace(neutral, **{key: column})
    with pytest.raises(ProjectError) as caught:
        evaluate_scenarios(project, drivers)
    (problem,) = caught.value.problems
    assert problem.path == f"drivers.{key}"
    assert problem.rule == rule
    english, chinese = problem.message("en"), problem.message("zh")
    assert f"drivers.{key}" in english
    assert english != chinese
    assert "{" not in english + chinese


def test_arrays_of_different_lengths_are_refused() -> None:
    project = sample("yangxin_smart_city_bot")
    drivers = replace(DriverValues.neutral(project, 3), opex=np.ones(2))
    with pytest.raises(ProjectError) as caught:
        evaluate_scenarios(project, drivers)
    assert [problem.rule for problem in caught.value.problems] == ["risk.driver_shape"]
    assert "3" in caught.value.problems[0].message("en")


def test_chunks_and_batches_do_not_change_the_numbers() -> None:
    project = sample("yangxin_smart_city_bot")
    rng = np.random.default_rng(9)
    count = 3_000
    drivers = replace(
        DriverValues.neutral(project, count),
        capex=rng.uniform(0.9, 1.3, count),
        inflation=rng.normal(0.0, 0.005, count),
        construction_delay=rng.integers(0, 2, count),
    )
    whole = evaluate_scenarios(project, drivers)
    # 7 chunks of at most 450 scenarios, each evaluated as two batches (one per delay) of other sizes
    chunked = evaluate_scenarios(project, drivers, chunk_size=450)
    rows = [0, 1_499, 2_999]
    one_by_one = [evaluate_scenarios(project, drivers.take(np.array([row]))) for row in rows]
    for key in OUTPUT_KEYS:
        np.testing.assert_array_equal(whole.values[key], chunked.values[key])
        assert [single.values[key][0] for single in one_by_one] == whole.values[key][rows].tolist()
