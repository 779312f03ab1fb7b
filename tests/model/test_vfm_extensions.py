"""The [vfm] extensions of the file format: the risk register [[vfm.risks]] (which sets the transferable and
retained risk), the qualitative criteria [[vfm.criteria]] and [vfm.sources]; their rules in both languages,
their round trip and their place in the canonical hash."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from ppp.engine import evaluate
from ppp.model import ProjectError, canonical_hash, dump_project, parse_project, validate_data
from ppp.model.defaults import resolve_defaults

CORE = [
    "全生命周期整合程度",
    "风险识别与分配",
    "绩效导向与鼓励创新",
    "潜在竞争程度",
    "政府机构能力",
    "可融资性",
]


def data(**vfm: Any) -> dict[str, Any]:
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Extensions"},
        "timeline": {"start_year": 2024, "construction_years": 1, "operation_years": 3},
        "rates": {"discount_rate": 0.05},
        "capex": [{"name": "Build", "amount": 900.0, "phasing": [1.0]}],
        "opex": [{"name": "O&M", "amount": 40.0}],
        "financing": {"equity_ratio": 0.3, "loan_rate": 0.04, "tenor_years": 3},
        "payment": {"method": "annuity"},
        "vfm": vfm,
    }


REGISTER = [
    {"name": "Overrun", "probability": 0.4, "impact": 250.0, "allocation": "private", "source": "QRA 2024"},
    {"name": "Law change", "probability": 0.1, "impact": 300.0, "allocation": "government"},
    {"name": "Demand", "probability": 0.5, "impact": 100.0, "allocation": "shared", "government_share": 0.3},
]
CRITERIA = [{"name": name, "group": "core", "weight": 80 / 6, "score": 75.0} for name in CORE] + [
    {"name": "项目规模", "group": "supplementary", "weight": 20.0, "score": 60.0}
]


def problems_of(value: dict[str, Any]) -> list[tuple[str, str, Any]]:
    with pytest.raises(ProjectError) as raised:
        validate_data(value)
    return [(problem.path, problem.rule, problem.value) for problem in raised.value.problems]


def test_the_register_sets_transferable_and_retained_risk() -> None:
    project = validate_data(data(risks=REGISTER)).project
    vfm = resolve_defaults(project).vfm
    assert vfm is not None
    # private 0.4·250 = 100, shared 0.5·100 = 50 of which 70% private: 100 + 35; government 0.1·300 + 15
    assert vfm.transferable_risk == pytest.approx(135.0, rel=1e-12)
    assert vfm.retained_risk == pytest.approx(45.0, rel=1e-12)


def test_the_engine_and_the_hash_see_the_register_amounts() -> None:
    by_register = validate_data(data(risks=REGISTER)).project
    by_amount = validate_data(data(transferable_risk=135.0, retained_risk=45.0)).project
    psc_register = evaluate(by_register).batch.metrics.psc
    psc_amount = evaluate(by_amount).batch.metrics.psc
    assert psc_register is not None
    assert psc_amount is not None
    assert float(psc_register[0]) == pytest.approx(float(psc_amount[0]), rel=1e-12)
    # the register is an input of its own: a different register with the same totals is a different hash
    assert canonical_hash(by_register) != canonical_hash(by_amount)
    changed = [dict(risk) for risk in REGISTER]
    changed[0]["impact"] = 300.0
    assert canonical_hash(validate_data(data(risks=changed)).project) != canonical_hash(by_register)


def test_the_extensions_round_trip() -> None:
    project = validate_data(
        data(risks=REGISTER, criteria=CRITERIA, sources={"psc_om_cost": "2023 O&M budget", "risks": "QRA"})
    ).project
    text = dump_project(project)
    written = tomllib.loads(text)["vfm"]
    assert [risk["name"] for risk in written["risks"]] == ["Overrun", "Law change", "Demand"]
    assert len(written["criteria"]) == 7
    assert written["sources"] == {"psc_om_cost": "2023 O&M budget", "risks": "QRA"}
    # the resolved amounts are not written: the register stays the only source of them
    assert "transferable_risk" not in text
    again = parse_project(text).project
    assert again == project
    assert canonical_hash(again) == canonical_hash(project)
    assert dump_project(again) == text


@pytest.mark.parametrize("key", ["transferable_risk", "retained_risk"])
def test_giving_the_register_and_an_amount_is_an_error_naming_the_key(key: str) -> None:
    assert problems_of(data(risks=REGISTER, **{key: 10.0})) == [
        (f"vfm.{key}", "rule.vfm_register_and_amount", 10.0)
    ]
    with pytest.raises(ProjectError) as raised:
        validate_data(data(risks=REGISTER, **{key: 10.0}))
    english, chinese = raised.value.messages("en")[0], raised.value.messages("zh")[0]
    assert english.startswith(f"vfm.{key} = 10.0: ")
    assert "not both" in english
    assert chinese.startswith(f"vfm.{key} = 10.0：")
    assert "风险清单" in chinese


def test_shared_risks_need_their_share_and_only_they_take_one() -> None:
    risks = [dict(risk) for risk in REGISTER]
    del risks[2]["government_share"]
    risks[0]["government_share"] = 0.2
    found = problems_of(data(risks=risks))
    assert found[0] == ("vfm.risks[1].government_share", "rule.vfm_share_only_shared", 0.2)
    assert found[1][:2] == ("vfm.risks[3].government_share", "rule.vfm_shared_needs_share")
    assert len(found) == 2


def test_register_values_are_checked_field_by_field() -> None:
    risks = [dict(REGISTER[0], probability=1.5), dict(REGISTER[1], allocation="vendor")]
    paths = [path for path, _, _ in problems_of(data(risks=risks))]
    assert paths == ["vfm.risks[1].probability", "vfm.risks[2].allocation"]


def test_criteria_weights_must_be_80_core_and_20_supplementary() -> None:
    heavy = [dict(criterion) for criterion in CRITERIA]
    heavy[-1]["weight"] = 25.0
    assert problems_of(data(criteria=heavy)) == [("vfm.criteria", "rule.vfm_supplementary_weights", 25.0)]
    with pytest.raises(ProjectError) as raised:
        validate_data(data(criteria=heavy))
    assert "must sum to 20.0; they sum to 25.0" in raised.value.messages("en")[0]
    assert "补充评价指标权重之和须为 20.0" in raised.value.messages("zh")[0]


def test_fewer_than_six_core_criteria_is_a_warning() -> None:
    five = [dict(criterion, weight=16.0) for criterion in CRITERIA[:5]] + [CRITERIA[-1]]
    loaded = validate_data(data(criteria=five))
    assert [(problem.path, problem.rule, problem.severity) for problem in loaded.warnings] == [
        ("vfm.criteria", "rule.vfm_core_count", "warning")
    ]


def test_a_source_for_an_unknown_key_is_an_error() -> None:
    assert problems_of(data(sources={"psc_cost": "typo"})) == [
        ("vfm.sources.psc_cost", "rule.vfm_source_key", "psc_cost")
    ]


def test_a_criterion_needs_a_known_group_and_a_score_within_0_to_100() -> None:
    bad = [dict(CRITERIA[0], group="extra"), dict(CRITERIA[1], score=120.0)]
    paths = [path for path, _, _ in problems_of(data(criteria=bad))]
    assert paths[:2] == ["vfm.criteria[1].group", "vfm.criteria[2].score"]
