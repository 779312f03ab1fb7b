"""Project files as JSON: the same keys and values as the TOML file, read by the same validation."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from ppp.model import (
    ProjectError,
    load_project,
    parse_project_json,
    parse_project_text,
    project_data,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_projects").glob("*.toml"))
YANGXIN = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"


def _json(path: Path) -> str:
    return json.dumps(project_data(load_project(path).project), ensure_ascii=False, default=str)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_a_sample_as_json_is_the_same_project(path: Path, tmp_path: Path) -> None:
    project = load_project(path).project
    assert parse_project_json(_json(path)).project == project
    assert parse_project_text(_json(path)).project == project
    assert parse_project_text(path.read_text(encoding="utf-8")).project == project
    target = tmp_path / "project.json"
    target.write_text(_json(path), encoding="utf-8")
    assert load_project(target).project == project


def test_a_bid_date_is_written_as_iso_text() -> None:
    data = json.loads(_json(YANGXIN))
    data["bid"] = {"bidder": "Vendor A", "submitted": "2024-05-10", "technical_score": 86.5}
    bid = parse_project_json(json.dumps(data)).project.bid
    assert bid is not None
    assert bid.submitted == datetime.date(2024, 5, 10)
    data["bid"]["submitted"] = "10 May 2024"
    with pytest.raises(ProjectError) as refused:
        parse_project_json(json.dumps(data))
    assert [problem.path for problem in refused.value.problems] == ["bid.submitted"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ('{"schema": "ppp-project/1",', "file.bad_json"),
        ("{" * 100_000, "file.bad_json"),
        ('{"schema": "ppp-project/1", "schema": "ppp-project/1"}', "file.json_duplicate_key"),
        ("[1, 2]", "file.json_not_object"),
    ],
    ids=["syntax", "nesting", "duplicate key", "not an object"],
)
def test_bad_json_gets_one_message(text: str, rule: str) -> None:
    with pytest.raises(ProjectError) as refused:
        parse_project_json(text)
    assert [problem.rule for problem in refused.value.problems] == [rule]
    assert refused.value.messages("zh")[0] != refused.value.messages("en")[0]


def test_json_problems_name_key_paths_as_toml_problems_do() -> None:
    data = json.loads(_json(YANGXIN))
    data["rates"]["discount_rate"] = "6%"
    data["opex"][0]["amout"] = 1
    with pytest.raises(ProjectError) as refused:
        parse_project_json(json.dumps(data))
    assert {problem.path for problem in refused.value.problems} >= {"rates.discount_rate", "opex[1].amout"}
    nan = json.dumps(json.loads(_json(YANGXIN))).replace('"discount_rate": 0.059', '"discount_rate": NaN')
    with pytest.raises(ProjectError) as refused:
        parse_project_json(nan)
    assert [(problem.path, problem.rule) for problem in refused.value.problems] == [
        ("rates.discount_rate", "rule.finite")
    ]
