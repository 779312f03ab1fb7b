"""The editor's form as data: it covers every input of the file, and edits are applied to the stored data as
a diff (nothing else changes, nothing is applied twice)."""

from __future__ import annotations

import copy
import typing
from pathlib import Path
from typing import Any

import pytest
from app_helpers import SAMPLES
from pydantic import BaseModel

from ppp.i18n.catalog import MESSAGES
from ppp.model import ProjectError, load_project, project_data, schema, validate_data
from ppp.ui.project_form import (
    MODELS,
    SECTIONS,
    FieldSpec,
    Keys,
    PeriodTableSpec,
    TableSpec,
    collect_changes,
    column_options,
    field_options,
    format_numbers,
    initial_value,
    parse_numbers,
    section_of_path,
    table_of_path,
)

KEYS = Keys(project_id=7, revision=3)


def _data(fragment: str = "yangxin") -> dict[str, Any]:
    return project_data(load_project(next(path for path in SAMPLES if fragment in path.name)).project)


def _spec(path: str) -> FieldSpec:
    return next(spec for section in SECTIONS for spec in section.fields if spec.path == path)


def _table(table_id: str) -> TableSpec | PeriodTableSpec:
    return next(spec for section in SECTIONS for spec in section.tables if spec.id == table_id)


def _editor(table_id: str, data: dict[str, Any], **state: Any) -> dict[str, Any]:
    edits = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    edits.update(state)
    return {KEYS.table(_table(table_id), data): edits}


def _keys_of(model: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}


# ---- Coverage: every input of the file has a place in the form ---------------------------------------------


#: keys edited in the file only: free-text notes keyed by input name (the form keeps them as they are on save)
FILE_ONLY_KEYS = {("vfm", "sources")}


def test_every_key_of_the_project_file_is_edited_somewhere() -> None:
    fields = {(spec.table, spec.name) for section in SECTIONS for spec in section.fields}
    lists = {
        (spec.table, name)
        for section in SECTIONS
        for spec in section.tables
        if isinstance(spec, PeriodTableSpec)
        for name in spec.lists
    }
    arrays = {
        spec.path: spec for section in SECTIONS for spec in section.tables if isinstance(spec, TableSpec)
    }
    for table, model in MODELS.items():
        for key in _keys_of(model):
            if (table, key) in FILE_ONLY_KEYS:
                continue
            covered = (table, key) in fields or (table, key) in lists or (table, key) in arrays
            assert covered, f"{table}.{key} has no widget"
    array_models: dict[tuple[str, ...], type[BaseModel]] = {
        ("capex",): schema.CapexItem,
        ("opex",): schema.OpexItem,
        ("revenue",): schema.RevenueItem,
        ("kpis",): schema.Kpi,
        ("payment", "score_bands"): schema.ScoreBand,
        ("fiscal", "risk_scenarios"): schema.RiskScenario,
        ("deductions", "bands"): schema.DeductionBand,
        ("vfm", "risks"): schema.VfmRisk,
        ("vfm", "criteria"): schema.VfmCriterion,
        ("scenarios",): schema.NamedScenario,
    }
    for path, model in array_models.items():
        editors = [
            spec
            for section in SECTIONS
            for spec in section.tables
            if isinstance(spec, TableSpec) and spec.path == path
        ]
        columns = {column.name for spec in editors for column in spec.columns}
        implied = {name for spec in editors for name, _ in spec.where}
        assert _keys_of(model) == columns | implied, path
    top = _keys_of(schema.Project) - {"schema"}
    assert top == set(MODELS) | {"capex", "opex", "revenue", "kpis", "scenarios"}


def test_every_label_and_allowed_word_is_in_both_languages() -> None:
    keys: list[str] = []
    for section in SECTIONS:
        keys.append(section.label_key)
        keys += [spec.label_key for spec in section.fields]
        keys += [f"ui.editor.include.{table}" for table in section.optional_tables]
        for spec in section.tables:
            keys.append(spec.label_key)
            names = (
                [column.name for column in spec.columns] if isinstance(spec, TableSpec) else list(spec.lists)
            )
            keys += [spec.column_label_key(name) for name in names]
            if isinstance(spec, TableSpec):
                for column in spec.columns:
                    keys += [f"ui.option.{column.name}.{word}" for word in column_options(spec, column.name)]
        for field_spec in section.fields:
            keys += [f"ui.option.{field_spec.name}.{word}" for word in field_options(field_spec)]
    missing = [key for key in keys if key not in MESSAGES or set(MESSAGES[key]) != {"en", "zh"}]
    assert missing == []


# ---- Diffs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_no_edit_changes_nothing(sample: Path) -> None:
    stored = project_data(load_project(sample).project)
    untouched_widgets = {
        KEYS.field(spec): _initial(stored, spec) for section in SECTIONS for spec in section.fields
    }
    data, changed = collect_changes(stored, untouched_widgets, KEYS)
    assert data == stored
    assert changed == []


def _initial(stored: dict[str, Any], spec: FieldSpec) -> Any:
    value = initial_value(stored, spec)
    return "" if value is None and spec.kind == "text" else value


def test_a_changed_widget_changes_only_its_key() -> None:
    stored = _data()
    original = copy.deepcopy(stored)
    state = {
        KEYS.field(_spec("financing.loan_rate")): 0.045,
        KEYS.field(_spec("rates.inflation")): 0.02,  # unchanged
        KEYS.field(_spec("payment.subsidy_years")): None,  # cleared: back to the default
    }
    data, changed = collect_changes(stored, state, KEYS)
    assert stored == original  # the stored data is never modified
    assert data["financing"]["loan_rate"] == 0.045
    assert "subsidy_years" not in data["payment"]
    assert changed == ["financing", "payment"]
    expected = copy.deepcopy(stored)
    expected["financing"]["loan_rate"] = 0.045
    del expected["payment"]["subsidy_years"]
    assert data == expected
    validate_data(data)


def test_an_unset_key_shown_with_its_default_stays_unset() -> None:
    stored = _data("leshan")
    assert "availability_factor" not in stored["payment"]
    state = {KEYS.field(_spec("payment.availability_factor")): 1.0}
    data, changed = collect_changes(stored, state, KEYS)
    assert "availability_factor" not in data["payment"]
    assert changed == []


def test_edited_added_and_deleted_rows_are_applied_to_the_stored_rows() -> None:
    stored = _data()
    state = _editor(
        "opex",
        stored,
        edited_rows={"1": {"amount": 650, "escalation": None}},
        added_rows=[{"name": "Cyber insurance", "amount": 80.0, "escalation": None}],
        deleted_rows=[0],
    )
    data, changed = collect_changes(stored, state, KEYS)
    assert changed == ["operations"]
    assert [row["name"] for row in data["opex"]] == [row["name"] for row in stored["opex"][1:]] + [
        "Cyber insurance"
    ]
    assert data["opex"][0] == {"name": stored["opex"][1]["name"], "amount": 650.0}
    assert data["opex"][-1] == {"name": "Cyber insurance", "amount": 80.0}
    assert data["opex"][1:-1] == stored["opex"][2:]


def test_construction_and_lifecycle_capex_are_two_editors_of_one_array() -> None:
    stored = _data()
    stored["capex"].insert(2, {"name": "Early refresh", "amount": 10.0, "lifecycle": True, "every_years": 4})
    state = {
        **_editor("construction_capex", stored, edited_rows={2: {"amount": 22500}}),
        **_editor(
            "lifecycle_capex",
            stored,
            edited_rows={0: {"operating_years": "5, 9"}},
            added_rows=[{"name": "Camera refresh", "amount": 500, "every_years": 6.0}],
        ),
    }
    data, _ = collect_changes(stored, state, KEYS)
    assert data["capex"][2]["operating_years"] == [5, 9]  # lifecycle row 1 kept its place in the array
    assert data["capex"][3]["amount"] == 22500.0  # construction row 3 is array item 4
    assert data["capex"][-1] == {
        "name": "Camera refresh",
        "amount": 500.0,
        "every_years": 6,
        "lifecycle": True,
    }
    assert data["capex"][:2] == stored["capex"][:2]


def test_list_cells_are_read_as_numbers_and_a_word_is_left_for_validation() -> None:
    assert parse_numbers("0.45, 0.55", "numbers") == [0.45, 0.55]
    assert parse_numbers("6，7; 8", "integers") == [6, 7, 8]
    assert parse_numbers("", "numbers") is None
    assert format_numbers([0.3333333333333333, 2000.0]) == "0.3333333333333333, 2000"
    stored = _data()
    state = _editor("construction_capex", stored, edited_rows={"0": {"phasing": "0.45, abc"}})
    data, _ = collect_changes(stored, state, KEYS)
    with pytest.raises(ProjectError) as raised:
        validate_data(data)
    assert [problem.path for problem in raised.value.problems] == ["capex[1].phasing[2]"]


def test_per_year_lists_follow_the_edited_timeline() -> None:
    stored = _data()
    operation = stored["timeline"]["operation_years"]
    state: dict[str, Any] = {KEYS.field(_spec("timeline.operation_years")): operation + 1}
    shape = {**stored, "timeline": {**stored["timeline"], "operation_years": operation + 1}}
    state.update(_editor("fiscal_periods", shape, edited_rows={0: {"other_ppp_expenditure": 1600.0}}))
    data, changed = collect_changes(stored, state, KEYS)
    assert changed == ["project", "fiscal"]
    periods = stored["timeline"]["construction_years"] + operation + 1
    assert len(data["fiscal"]["other_ppp_expenditure"]) == periods
    assert data["fiscal"]["other_ppp_expenditure"][0] == 1600.0
    assert data["fiscal"]["other_ppp_expenditure"][-1] is None  # a new year: to be filled in
    with pytest.raises(ProjectError) as raised:
        validate_data(data)
    paths = {problem.path for problem in raised.value.problems}
    assert paths & {f"fiscal.other_ppp_expenditure[{periods}]", f"fiscal.supporting_inputs[{periods}]"}
    assert {section_of_path(path) for path in paths} == {"fiscal"}


def test_optional_tables_are_added_and_removed() -> None:
    stored = _data("user_pay")
    assert "fiscal" not in stored
    data, changed = collect_changes(stored, {KEYS.include("fiscal"): True}, KEYS)
    assert data["fiscal"] == {}
    assert changed == ["fiscal"]
    with pytest.raises(ProjectError) as raised:
        validate_data(data)
    assert "fiscal.general_budget" in {problem.path for problem in raised.value.problems}
    data, changed = collect_changes(_data(), {KEYS.include("vfm"): False}, KEYS)
    assert "vfm" not in data
    assert changed == ["vfm"]


def test_problems_are_placed_in_their_section_and_editor_row() -> None:
    data = _data()
    assert section_of_path("capex[3].phasing") == "investment"
    assert section_of_path("payment.score_bands[2].min") == "payment"
    assert section_of_path("deductions.bands[1]") == "kpis"
    assert section_of_path("") == "project"
    placed = {
        path: (found[0].id, found[1]) if (found := table_of_path(data, path)) else None
        for path in ("capex[9].life_years", "capex[2].phasing", "fiscal.other_ppp_expenditure[3]")
    }
    assert placed == {
        "capex[9].life_years": ("lifecycle_capex", 1),
        "capex[2].phasing": ("construction_capex", 2),
        "fiscal.other_ppp_expenditure[3]": ("fiscal_periods", None),
    }


def test_keys_name_the_project_revision_and_generation() -> None:
    spec = _spec("rates.discount_rate")
    assert KEYS.field(spec) == "ppp_edit:7:3:0:field:rates.discount_rate"
    assert Keys(7, 4).field(spec) != KEYS.field(spec)
    assert Keys(7, 3, 1).field(spec) != KEYS.field(spec)
    assert typing.get_args(schema.Stage) == field_options(_spec("project.stage"))
