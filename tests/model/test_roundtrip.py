"""Round trips and the canonical hash: load -> dump -> parse gives the same project and the same hash."""

from __future__ import annotations

import copy
import datetime
import math
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from ppp.model import (
    Project,
    ProjectError,
    canonical_hash,
    canonical_json,
    dump_project,
    load_project,
    parse_project,
    project_data,
    save_project,
    validate_data,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))
HASH = re.compile(r"^sha256:[0-9a-f]{64}$")


def test_there_are_samples() -> None:
    assert SAMPLES, "sample_projects/*.toml is empty"


@pytest.fixture(params=SAMPLES, ids=[path.stem for path in SAMPLES])
def sample(request: pytest.FixtureRequest) -> Path:
    return request.param  # type: ignore[no-any-return]


def minimal_data() -> dict[str, Any]:
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Minimal"},
        "timeline": {"start_year": 2020, "construction_years": 2, "operation_years": 10},
        "rates": {"discount_rate": 0.06, "reasonable_profit_rate": 0.07, "inflation": 0.02},
        "capex": [
            {"name": "Build", "amount": 1000.0, "phasing": [0.4, 0.6]},
            {"name": "Refresh", "amount": 100.0, "lifecycle": True, "every_years": 5},
        ],
        "opex": [{"name": "O&M", "amount": 30.0}],
        "financing": {"equity_ratio": 0.3, "loan_rate": 0.05, "tenor_years": 8},
        "payment": {"method": "mof-21"},
    }


# ---------------------------------------------------------------------------------------------------------
# samples
# ---------------------------------------------------------------------------------------------------------


def test_sample_round_trips_through_dump(sample: Path) -> None:
    project = load_project(sample).project
    text = dump_project(project)
    again = parse_project(text).project
    assert again == project
    assert canonical_hash(again) == canonical_hash(project)
    assert canonical_json(again) == canonical_json(project)
    # and a second round trip is a fixed point of the text
    assert dump_project(again) == text


def test_sample_dump_keeps_only_the_given_keys(sample: Path) -> None:
    """Saving writes the keys that were given, no more (absent optional keys stay absent)."""
    original = tomllib.loads(sample.read_text(encoding="utf-8"))
    dumped = tomllib.loads(dump_project(load_project(sample).project))
    assert _key_paths(dumped) == _key_paths(original)
    assert dict(_leaves(dumped)) == dict(_leaves(original))


def test_sample_hash_looks_right(sample: Path) -> None:
    assert HASH.match(canonical_hash(load_project(sample).project))


def test_sample_save_project_writes_a_file_that_loads_equal(sample: Path, tmp_path: Path) -> None:
    project = load_project(sample).project
    target = tmp_path / "saved.toml"
    save_project(project, target)
    loaded = load_project(target).project
    assert loaded == project
    assert canonical_hash(loaded) == canonical_hash(project)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["saved.toml"], "temporary file left behind"
    target.read_bytes().decode("utf-8")


def test_save_project_replaces_an_existing_file(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "project.toml"
    target.write_text("old contents that are not a project", encoding="utf-8")
    project = load_project(sample).project
    save_project(project, str(target))
    assert load_project(target).project == project


def test_loading_never_writes_the_file(sample: Path, tmp_path: Path) -> None:
    copy_path = tmp_path / sample.name
    copy_path.write_bytes(sample.read_bytes())
    before = (copy_path.read_bytes(), copy_path.stat().st_mtime_ns)
    load_project(copy_path)
    load_project(str(copy_path))
    assert (copy_path.read_bytes(), copy_path.stat().st_mtime_ns) == before


def test_hash_ignores_comments_and_layout(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    stripped = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    stripped = re.sub(r"\n{2,}", "\n\n\n", stripped)
    assert canonical_hash(parse_project(stripped).project) == canonical_hash(parse_project(text).project)


def test_hash_ignores_table_and_key_order(sample: Path) -> None:
    data = tomllib.loads(sample.read_text(encoding="utf-8"))
    reordered = _reverse_keys(data)
    assert list(reordered) != list(data)
    text = tomli_w.dumps(reordered)
    assert canonical_hash(parse_project(text).project) == canonical_hash(validate_data(data).project)


def test_every_single_number_changes_the_hash(sample: Path) -> None:
    data = tomllib.loads(sample.read_text(encoding="utf-8"))
    reference = canonical_hash(validate_data(data).project)
    tried = 0
    for path, value in _leaves(data):
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        for candidate in _perturbations(value):
            changed = copy.deepcopy(data)
            _set(changed, path, candidate)
            try:
                project = validate_data(changed).project
            except ProjectError:
                continue
            assert canonical_hash(project) != reference, (
                f"changing {_show(path)} to {candidate!r} kept the hash"
            )
            tried += 1
            break
    assert tried >= 20


def test_changing_a_text_changes_the_hash(sample: Path) -> None:
    data = tomllib.loads(sample.read_text(encoding="utf-8"))
    reference = canonical_hash(validate_data(data).project)
    data["project"]["name"] += " "
    assert canonical_hash(validate_data(data).project) != reference


# ---------------------------------------------------------------------------------------------------------
# defaults, numbers and hashes
# ---------------------------------------------------------------------------------------------------------

STATIC_DEFAULTS: dict[str, dict[str, Any]] = {
    "project": {
        "city": "",
        "sector": "smart-city",
        "framework": "mof-2015",
        "mode": "BOT",
        "payment_mode": "government-pay",
        "currency": "CNY",
        "money_unit": "万元",
        "stage": "preparation",
    },
    "financing": {"government_equity_share": 0.0, "repayment": "annuity", "idc_timing": "mid-year"},
    "payment": {
        "cost_basis": "total-investment",
        "linked_share": 0.0,
        "expected_score": 100.0,
        "availability_factor": 1.0,
        "score_bands": [],
    },
    "tax": {"income_tax_rate": 0.25, "loss_carryforward_years": 5, "depreciation_basis": "total-investment"},
}


def test_static_defaults_written_explicitly_hash_the_same() -> None:
    bare = validate_data(minimal_data()).project
    explicit_data = minimal_data()
    for section, values in STATIC_DEFAULTS.items():
        explicit_data.setdefault(section, {}).update(values)
    explicit_data["capex"][0]["lifecycle"] = False
    explicit_data["revenue"] = []
    explicit_data["kpis"] = []
    explicit = validate_data(explicit_data).project
    assert canonical_hash(explicit) == canonical_hash(bare)
    # the saved file keeps what was written: the explicit keys stay explicit
    assert "city" in tomllib.loads(dump_project(explicit))["project"]
    assert "city" not in tomllib.loads(dump_project(bare))["project"]


def test_empty_tax_table_hashes_like_no_tax_table() -> None:
    with_table = minimal_data()
    with_table["tax"] = {}
    assert canonical_hash(validate_data(with_table).project) == canonical_hash(
        validate_data(minimal_data()).project
    )


@pytest.mark.parametrize(
    ("section", "index", "key", "value"),
    [
        ("timeline", None, "base_year", 2020),
        ("rates", None, "om_profit_rate", 0.07),
        ("payment", None, "subsidy_years", 10),
        ("tax", None, "depreciation_years", 10),
        ("opex", 0, "escalation", 0.02),
        ("capex", 1, "life_years", 5),
    ],
)
def test_derived_defaults_written_explicitly_hash_the_same(
    section: str, index: int | None, key: str, value: Any
) -> None:
    explicit = minimal_data()
    table = explicit.setdefault(section, {})
    (table if index is None else table[index])[key] = value
    assert canonical_hash(validate_data(explicit).project) == canonical_hash(
        validate_data(minimal_data()).project
    )


def test_integer_and_float_spelling_hash_the_same() -> None:
    floats = minimal_data()
    integers = minimal_data()
    integers["capex"][0]["amount"] = 1000
    integers["opex"][0]["amount"] = 30
    integers["financing"]["government_equity_share"] = 0
    floats["financing"]["government_equity_share"] = 0.0
    assert canonical_hash(validate_data(integers).project) == canonical_hash(validate_data(floats).project)


def test_hash_is_deterministic_and_canonical_json_is_sorted() -> None:
    project = validate_data(minimal_data()).project
    first = canonical_hash(project)
    assert first == canonical_hash(validate_data(minimal_data()).project)
    assert HASH.match(first)
    text = canonical_json(project)
    assert " " not in text.replace("Minimal", "").replace("O&M", "")
    assert text.index('"capex"') < text.index('"financing"') < text.index('"timeline"')


def test_tender_bid_deductions_round_trip(tmp_path: Path) -> None:
    data = minimal_data()
    data["tender"] = {"price_weight": 0.6, "technical_weight": 0.4}
    data["bid"] = {"bidder": "Vendor A", "submitted": datetime.date(2024, 5, 10), "technical_score": 86.5}
    data["kpis"] = [
        {
            "id": "uptime",
            "name": "Uptime",
            "unit": "%",
            "target": 99.9,
            "direction": "higher",
            "weight": 100,
            "tolerance": 0.9,
        },
        {"id": "outage", "name": "Outages", "target": 0, "direction": "lower", "points_per_unit": 1},
    ]
    data["deductions"] = {
        "free_points": 20,
        "value_per_point": 3.0,
        "bands": [{"from": 21, "to": 100, "multiplier": 1.0}, {"from": 101, "multiplier": 1.2}],
    }
    data["fiscal"] = {
        "general_budget": 100000.0,
        "risk_scenarios": [
            {"name": "low", "probability": 0.75, "expenditure": [1.0] * 12},
            {"name": "high", "probability": 0.25, "expenditure": [5.0] * 12},
        ],
    }
    data["vfm"] = {"competitive_neutrality": -5.0}
    project = validate_data(data).project
    text = dump_project(project)
    dumped = tomllib.loads(text)
    assert dumped["deductions"]["bands"][0]["from"] == 21
    assert "from_" not in text
    assert dumped["bid"]["submitted"] == datetime.date(2024, 5, 10)
    again = parse_project(text).project
    assert again == project
    assert canonical_hash(again) == canonical_hash(project)
    target = tmp_path / "bid.toml"
    save_project(project, target)
    assert load_project(target).project == project


def test_project_data_omits_absent_optional_tables() -> None:
    data = project_data(validate_data(minimal_data()).project)
    for table in ("fiscal", "vfm", "tender", "bid", "deductions", "tax", "revenue", "kpis"):
        assert table not in data
    assert data["schema"] == "ppp-project/1"


def test_dump_of_a_model_built_in_code_parses_back() -> None:
    project = Project.model_validate(minimal_data())
    assert parse_project(dump_project(project)).project == project


# ---------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _leaves(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _key_paths(value: Any) -> set[Path_]:
    return {path for path, _ in _leaves(value)}


def _numbers(value: Any) -> list[float]:
    return [
        float(item)
        for _, item in _leaves(value)
        if isinstance(item, int | float) and not isinstance(item, bool)
    ]


def _set(data: Any, path: Path_, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _show(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _perturbations(value: int | float) -> list[int | float]:
    if isinstance(value, int):
        return [value + 1, value - 1]
    step = abs(value) * 1e-6 if value else 1e-6
    candidates = [value + step, value - step, value * 0.5, value * 1.5]
    return [candidate for candidate in candidates if math.isfinite(candidate) and candidate != value]


def _reverse_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reverse_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(item) for item in value]
    return value
