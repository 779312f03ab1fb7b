"""Named scenarios in the project file: the rules (each problem with its key path, value and rule in English
and Chinese), the lossless TOML round trip, and the canonical hash that includes them."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ppp.i18n.catalog import MESSAGES
from ppp.model import ProjectError, canonical_hash, dump_project, load_project, parse_project, validate_data
from ppp.model.schema import NamedScenario

SAMPLE = Path(__file__).resolve().parents[2] / "sample_projects" / "yangxin_smart_city_bot.toml"


def sample_data(scenarios: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    if scenarios is not None:
        data["scenarios"] = scenarios
    return data


def problems_of(scenarios: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    with pytest.raises(ProjectError) as caught:
        validate_data(sample_data(scenarios))
    return [(problem.path, problem.rule, problem.value) for problem in caught.value.problems]


def test_the_sample_carries_two_named_scenarios() -> None:
    project = load_project(SAMPLE).project
    assert [scenario.name for scenario in project.scenarios] == ["downside", "lender's case"]
    downside = project.scenarios[0]
    assert (downside.capex, downside.loan_rate, downside.construction_delay) == (1.10, 0.01, 1)
    # a key left out keeps the plan: the lender's case assumes no delay and no change of inflation
    assert project.scenarios[1].construction_delay is None
    assert project.scenarios[1].inflation is None


def test_scenarios_are_optional_and_default_to_none() -> None:
    data = sample_data()
    del data["scenarios"]
    assert validate_data(data).project.scenarios == []


@pytest.mark.parametrize(
    ("scenario", "path", "rule", "value"),
    [
        ({"capex": 0.0}, "scenarios[1].capex", "rule.scenario_multiplier", 0.0),
        ({"opex": -0.5}, "scenarios[1].opex", "rule.scenario_multiplier", -0.5),
        ({"user_revenue": 10.5}, "scenarios[1].user_revenue", "rule.scenario_multiplier", 10.5),
        ({"loan_rate": 0.25}, "scenarios[1].loan_rate", "rule.scenario_rate_change", 0.25),
        ({"inflation": -0.21}, "scenarios[1].inflation", "rule.scenario_rate_change", -0.21),
        # the sample's loan rate is 4.9 %: −5 points would make it negative
        ({"loan_rate": -0.05}, "scenarios[1].loan_rate", "rule.scenario_loan_rate_negative", -0.05),
        ({"performance_score": 100.5}, "scenarios[1].performance_score", "rule.scenario_score", 100.5),
        ({"performance_score": -1.0}, "scenarios[1].performance_score", "rule.scenario_score", -1.0),
        ({"construction_delay": 11}, "scenarios[1].construction_delay", "rule.scenario_delay", 11),
        ({"construction_delay": -1}, "scenarios[1].construction_delay", "rule.scenario_delay", -1),
        ({"construction_delay": 1.5}, "scenarios[1].construction_delay", "rule.integer", 1.5),
        ({"capex": "1.1"}, "scenarios[1].capex", "rule.number", "1.1"),
        ({"capex": 1.1, "typo": 1}, "scenarios[1].typo", "rule.unknown_key", 1),
    ],
)
def test_each_value_must_lie_in_its_drivers_range(
    scenario: dict[str, Any], path: str, rule: str, value: Any
) -> None:
    assert problems_of([{"name": "stress", **scenario}]) == [(path, rule, value)]


def test_the_edges_of_each_range_are_allowed() -> None:
    edges = {
        "name": "edges",
        "capex": 10.0,
        "opex": 1e-9,
        "user_revenue": 10,
        "loan_rate": -0.049,  # the plan's 4.9 % down to exactly 0
        "inflation": 0.2,
        "performance_score": 0,
        "construction_delay": 10,
    }
    scenario = validate_data(sample_data([edges])).project.scenarios[0]
    assert scenario.user_revenue == 10.0
    assert isinstance(scenario.user_revenue, float)
    assert scenario.construction_delay == 10


def test_construction_plus_delay_stays_within_49_years() -> None:
    data = sample_data([{"name": "late", "construction_delay": 10}])
    data["timeline"].update(construction_years=40, operation_years=10)
    del data["fiscal"]  # its lists follow the timeline
    data["capex"] = [item for item in data["capex"] if item.get("lifecycle")]
    with pytest.raises(ProjectError) as caught:
        validate_data(data)
    found = [(problem.path, problem.rule) for problem in caught.value.problems]
    assert ("scenarios[1].construction_delay", "rule.scenario_delay_total") in found


def test_names_are_unique_and_base_is_the_plan() -> None:
    found = problems_of([{"name": "downside"}, {"name": "Downside "}, {"name": "BASE"}])
    assert found == [
        ("scenarios[2].name", "rule.scenario_name_unique", "Downside "),
        ("scenarios[3].name", "rule.scenario_name_base", "BASE"),
    ]
    assert problems_of([{"name": ""}]) == [("scenarios[1].name", "rule.text_length", "")]


def test_every_problem_is_worded_in_both_languages() -> None:
    with pytest.raises(ProjectError) as caught:
        validate_data(sample_data([{"name": "a", "capex": 11.0}, {"name": "a", "loan_rate": -0.3}]))
    english = caught.value.messages("en")
    chinese = caught.value.messages("zh")
    assert english[0] == (
        "scenarios[1].capex = 11.0: a multiple of the plan must be greater than 0 and at most 10.0 "
        "(1.1 = 10 % over plan)"
    )
    assert chinese[0].startswith("scenarios[1].capex = 11.0：相对计划值的倍数")
    assert len(english) == len(chinese) == 3
    rules = [key for key in MESSAGES if key.startswith("rule.scenario_")]
    assert len(rules) >= 8
    assert all(set(MESSAGES[key]) == {"en", "zh"} for key in rules)


def test_round_trip_is_lossless_and_keeps_absent_keys_absent() -> None:
    project = load_project(SAMPLE).project
    text = dump_project(project)
    dumped = tomllib.loads(text)["scenarios"]
    assert dumped[1] == {
        "name": "lender's case",
        "capex": 1.05,
        "opex": 1.05,
        "loan_rate": 0.005,
        "performance_score": 88.0,
    }
    again = parse_project(text).project
    assert again == project
    assert again.scenarios == project.scenarios
    assert canonical_hash(again) == canonical_hash(project)


def test_scenarios_enter_the_canonical_hash() -> None:
    base = sample_data()
    reference = canonical_hash(validate_data(base).project)
    changes: list[tuple[int, str, Any]] = [
        (0, "capex", 1.11),
        (0, "name", "downside 2"),
        (1, "inflation", 0.001),
        (1, "construction_delay", 1),
    ]
    for index, key, value in changes:
        changed = copy.deepcopy(base)
        changed["scenarios"][index][key] = value
        assert canonical_hash(validate_data(changed).project) != reference, key
    reordered = copy.deepcopy(base)
    reordered["scenarios"].reverse()  # the order is the order of the comparison: it is an input
    assert canonical_hash(validate_data(reordered).project) != reference
    without = copy.deepcopy(base)
    del without["scenarios"]
    assert canonical_hash(validate_data(without).project) != reference
    # the same scenario written as an integer or a float is the same input
    spelled = copy.deepcopy(base)
    spelled["scenarios"][0]["performance_score"] = 85.0
    assert canonical_hash(validate_data(spelled).project) == reference


def test_a_scenario_built_in_code_is_a_section_like_the_others() -> None:
    scenario = NamedScenario(name="upside", capex=0.95)
    assert scenario.model_dump(exclude_none=True) == {"name": "upside", "capex": 0.95}
