"""Named scenarios compared side by side: each row equals the evaluation of the overridden project, the base
row the plan, and every scenario comes from one batched call."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ppp.engine import evaluate
from ppp.model import Project, ProjectError, load_project
from ppp.model.schema import NamedScenario
from ppp.risk import scenarios as scenarios_module
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, OUTPUT_METRICS, DriverValues, evaluate_scenarios
from ppp.risk.scenarios import compare_scenarios

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"


def sample(name: str) -> Project:
    return load_project(SAMPLES / f"{name}.toml").project


def metrics_of(project: Project) -> dict[str, float]:
    metrics = evaluate(project).metrics
    values: dict[str, float] = {}
    for key in OUTPUT_KEYS:
        value = metrics[OUTPUT_METRICS[key]]
        values[key] = math.nan if value is None else float(value)
    return values


def row(comparison: Any, index: int) -> dict[str, float]:
    return {key: float(comparison.values[key][index]) for key in OUTPUT_KEYS}


def test_the_base_row_is_the_plan_exactly() -> None:
    project = sample("yangxin_smart_city_bot")
    comparison = compare_scenarios(project)
    assert comparison.names == ("base", "downside", "lender's case")
    assert row(comparison, 0) == metrics_of(project)
    assert comparison.drivers[0] == {
        "capex": 1.0,
        "opex": 1.0,
        "user_revenue": 1.0,
        "loan_rate": 0.0,
        "inflation": 0.0,
        "performance_score": 92.0,
        "construction_delay": 0.0,
    }


def test_a_scenario_equals_the_evaluation_of_the_project_it_describes() -> None:
    """Loan rate and expected score are inputs of the file: the scenario must give exactly what the engine
    gives for the file with those inputs changed."""
    project = sample("yangxin_smart_city_bot")
    dearer = NamedScenario(name="dearer loan", loan_rate=0.01, performance_score=85.0)
    comparison = compare_scenarios(project.model_copy(update={"scenarios": []}), [dearer])
    changed = project.model_copy(
        update={
            "financing": project.financing.model_copy(update={"loan_rate": 0.049 + 0.01}),
            "payment": project.payment.model_copy(update={"expected_score": 85.0}),
        }
    )
    assert row(comparison, 1) == metrics_of(changed)
    assert comparison.drivers[1]["loan_rate"] == 0.01
    assert comparison.drivers[1]["performance_score"] == 85.0
    # the score falls one band (coefficient 0.95): the government pays less, the SPV earns less
    assert row(comparison, 1)["government_pv"] < row(comparison, 0)["government_pv"]


def test_each_named_scenario_equals_its_own_evaluation_alone() -> None:
    project = sample("yangxin_smart_city_bot")
    comparison = compare_scenarios(project)
    for index, scenario in enumerate(project.scenarios, start=1):
        alone = DriverValues.neutral(project, 1)
        for key in DRIVER_KEYS:
            value = getattr(scenario, key)
            if value is not None:
                dtype = np.int64 if key == "construction_delay" else np.float64
                override: dict[str, Any] = {key: np.array([value], dtype=dtype)}
                alone = replace(alone, **override)
        expected = evaluate_scenarios(project, alone)
        for key in OUTPUT_KEYS:
            assert comparison.values[key][index] == expected.values[key][0], (scenario.name, key)
        assert bool(comparison.feasible[index]) == bool(expected.feasible[0])


def test_the_downside_is_worse_for_the_vendor_than_the_lenders_case() -> None:
    comparison = compare_scenarios(sample("yangxin_smart_city_bot"))
    irr = comparison.values["equity_irr"]
    dscr = comparison.values["min_dscr"]
    assert irr[1] < irr[2] < irr[0]
    assert dscr[1] < dscr[2] < dscr[0]
    # a year's delay moves the payments a year later: the government's PV falls
    assert comparison.values["government_pv"][1] < comparison.values["government_pv"][0]


def test_every_scenario_is_one_batched_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counting(project: Project, drivers: DriverValues, **options: Any) -> Any:
        calls.append(drivers.scenarios)
        return evaluate_scenarios(project, drivers, **options)

    monkeypatch.setattr(scenarios_module, "evaluate_scenarios", counting)
    extra = [NamedScenario(name=f"overrun {step}", capex=1.0 + step / 100) for step in range(1, 6)]
    comparison = compare_scenarios(sample("yangxin_smart_city_bot"), extra)
    assert calls == [1 + 2 + 5]
    assert comparison.names[3:] == tuple(scenario.name for scenario in extra)
    assert np.all(np.diff(comparison.values["project_npv"][3:]) < 0.0)


def test_a_project_without_scenarios_compares_the_base_only() -> None:
    comparison = compare_scenarios(sample("leshan_operating_concession"))
    assert comparison.names == ("base",)
    assert comparison.values["equity_irr"].shape == (1,)


def test_an_extra_scenario_out_of_range_is_refused_by_name() -> None:
    project = sample("yangxin_smart_city_bot")
    with pytest.raises(ProjectError) as caught:
        compare_scenarios(project, [NamedScenario(name="bad", loan_rate=-0.5)])
    assert [problem.path for problem in caught.value.problems] == ["drivers.loan_rate"]


def test_to_json_is_strict_json_with_null_where_undefined() -> None:
    project = sample("leshan_operating_concession")
    no_payment = NamedScenario(name="no score", performance_score=0.0)
    document = compare_scenarios(project, [no_payment]).to_json()
    text = json.dumps(document, allow_nan=False)
    again = json.loads(text)
    assert again["schema"] == "ppp-scenarios/1"
    assert [entry["name"] for entry in again["scenarios"]] == ["base", "no score"]
    assert again["scenarios"][1]["drivers"]["performance_score"] == 0.0
    assert set(again["scenarios"][0]["outputs"]) == set(OUTPUT_KEYS)
    # with the score at 0 the linked payments stop: the equity loses everything, no IRR is defined
    assert again["scenarios"][1]["outputs"]["equity_irr"] is None
