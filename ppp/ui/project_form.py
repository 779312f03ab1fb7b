"""The project editor's form as data, and edits applied to the stored project as a diff (no Streamlit).

The editor shows every input of a ``ppp-project/1`` file grouped as the methodology groups them
(:data:`SECTIONS`). Its widgets are initialised from the *stored* project data, never from their own output;
saving takes the stored data, applies only what the widgets changed (:func:`collect_changes`) and hands the
result to :func:`ppp.model.validate_data`. Schedules are edited in ``st.data_editor``; their edit state
(``edited_rows`` / ``added_rows`` / ``deleted_rows``) is applied row by row onto the stored list
(:func:`apply_table_edits`), so an edit can never be lost or applied twice.

Widget keys carry the project id, the revision the edits are based on and a generation counter (``Discard``
bumps it): after a save the revision changes, every widget starts again from the newly stored data.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import math
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ppp.model import Problem, project_data, schema
from ppp.services.types import StoredProject

Kind = Literal[
    "text", "choice", "int", "float", "money", "rate", "share", "date", "bool", "numbers", "integers"
]
NUMBER_KINDS = frozenset({"int", "float", "money", "rate", "share"})


class StateLike(Protocol):
    """What :func:`collect_changes` reads: ``st.session_state`` or a plain dict."""

    def __contains__(self, key: str, /) -> bool: ...

    def __getitem__(self, key: str, /) -> Any: ...

    def get(self, key: str, /) -> Any: ...


@dataclass(frozen=True)
class FieldSpec:
    """One scalar key of a table: ``financing.loan_rate``."""

    table: str
    name: str
    kind: Kind

    @property
    def path(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def label_key(self) -> str:
        return f"ui.field.{self.table}.{self.name}"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an array of tables (``[[capex]]``), named by its key in the file."""

    name: str
    kind: Kind


@dataclass(frozen=True)
class TableSpec:
    """An array of tables edited as rows: ``capex`` (filtered: construction or lifecycle), ``kpis``, ...

    ``where`` keeps only the rows with these values (a missing key counts as its model default) and is set on
    added rows, so the construction and the lifecycle capex are two editors over one ``[[capex]]`` array.
    """

    id: str
    path: tuple[str, ...]
    model: type[BaseModel]
    columns: tuple[ColumnSpec, ...]
    where: tuple[tuple[str, Any], ...] = ()

    @property
    def path_text(self) -> str:
        return ".".join(self.path)

    @property
    def label_key(self) -> str:
        return f"ui.table.{self.id}"

    def column_label_key(self, column: str) -> str:
        return f"ui.field.{self.path[-1]}.{column}"


@dataclass(frozen=True)
class PeriodTableSpec:
    """Lists of one amount per period (``span="periods"``) or per operating year (``span="operation"``),
    edited as one row per year with one column per list."""

    id: str
    table: str
    lists: tuple[str, ...]
    span: Literal["periods", "operation"]

    @property
    def label_key(self) -> str:
        return f"ui.table.{self.id}"

    def column_label_key(self, column: str) -> str:
        return f"ui.field.{self.table}.{column}"


AnyTable = TableSpec | PeriodTableSpec


@dataclass(frozen=True)
class SectionSpec:
    """A group of the form; a problem belongs to the section whose ``prefixes`` its key path starts with."""

    id: str
    prefixes: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = ()
    tables: tuple[AnyTable, ...] = ()
    optional_tables: tuple[str, ...] = ()

    @property
    def label_key(self) -> str:
        return f"ui.section.{self.id}"


def _fields(table: str, *pairs: tuple[str, Kind]) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(table, name, kind) for name, kind in pairs)


def _columns(*pairs: tuple[str, Kind]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(name, kind) for name, kind in pairs)


MODELS: dict[str, type[BaseModel]] = {
    "project": schema.ProjectInfo,
    "timeline": schema.Timeline,
    "rates": schema.Rates,
    "financing": schema.Financing,
    "payment": schema.Payment,
    "tax": schema.Tax,
    "fiscal": schema.Fiscal,
    "vfm": schema.Vfm,
    "deductions": schema.Deductions,
    "tender": schema.Tender,
    "bid": schema.Bid,
}

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "project",
        ("project", "timeline", "schema"),
        _fields(
            "project",
            ("name", "text"),
            ("city", "text"),
            ("sector", "text"),
            ("stage", "choice"),
            ("framework", "choice"),
            ("mode", "choice"),
            ("payment_mode", "choice"),
            ("currency", "text"),
            ("money_unit", "text"),
        )
        + _fields(
            "timeline",
            ("start_year", "int"),
            ("construction_years", "int"),
            ("operation_years", "int"),
            ("base_year", "int"),
        ),
    ),
    SectionSpec(
        "rates",
        ("rates",),
        _fields(
            "rates",
            ("discount_rate", "rate"),
            ("reasonable_profit_rate", "rate"),
            ("om_profit_rate", "rate"),
            ("inflation", "rate"),
            ("equity_hurdle_rate", "rate"),
        ),
    ),
    SectionSpec(
        "investment",
        ("capex",),
        tables=(
            TableSpec(
                "construction_capex",
                ("capex",),
                schema.CapexItem,
                _columns(
                    ("name", "text"),
                    ("amount", "money"),
                    ("phasing", "numbers"),
                    ("amounts", "numbers"),
                    ("escalation", "rate"),
                ),
                where=(("lifecycle", False),),
            ),
            TableSpec(
                "lifecycle_capex",
                ("capex",),
                schema.CapexItem,
                _columns(
                    ("name", "text"),
                    ("amount", "money"),
                    ("every_years", "int"),
                    ("operating_years", "integers"),
                    ("life_years", "int"),
                    ("escalation", "rate"),
                ),
                where=(("lifecycle", True),),
            ),
        ),
    ),
    SectionSpec(
        "operations",
        ("opex", "revenue"),
        tables=(
            TableSpec(
                "opex",
                ("opex",),
                schema.OpexItem,
                _columns(("name", "text"), ("amount", "money"), ("escalation", "rate")),
            ),
            TableSpec(
                "revenue",
                ("revenue",),
                schema.RevenueItem,
                _columns(
                    ("name", "text"),
                    ("amount", "money"),
                    ("escalation", "rate"),
                    ("start_operating_year", "int"),
                ),
            ),
        ),
    ),
    SectionSpec(
        "financing",
        ("financing",),
        _fields(
            "financing",
            ("equity_ratio", "share"),
            ("government_equity_share", "share"),
            ("loan_rate", "rate"),
            ("tenor_years", "int"),
            ("repayment", "choice"),
            ("target_dscr", "float"),
            ("idc_timing", "choice"),
        ),
    ),
    SectionSpec(
        "payment",
        ("payment",),
        _fields(
            "payment",
            ("method", "choice"),
            ("cost_basis", "choice"),
            ("subsidy_years", "int"),
            ("linked_share", "share"),
            ("expected_score", "float"),
            ("availability_factor", "float"),
        ),
        tables=(
            TableSpec(
                "score_bands",
                ("payment", "score_bands"),
                schema.ScoreBand,
                _columns(("min", "float"), ("coefficient", "float")),
            ),
            PeriodTableSpec("payment_schedule", "payment", ("schedule",), "operation"),
        ),
    ),
    SectionSpec(
        "tax",
        ("tax",),
        _fields(
            "tax",
            ("income_tax_rate", "rate"),
            ("depreciation_years", "int"),
            ("loss_carryforward_years", "int"),
            ("depreciation_basis", "choice"),
        ),
    ),
    SectionSpec(
        "fiscal",
        ("fiscal",),
        _fields(
            "fiscal",
            ("general_budget", "money"),
            ("budget_growth", "rate"),
            ("risk_ratio", "share"),
        ),
        tables=(
            PeriodTableSpec(
                "fiscal_periods", "fiscal", ("other_ppp_expenditure", "supporting_inputs"), "periods"
            ),
            TableSpec(
                "risk_scenarios",
                ("fiscal", "risk_scenarios"),
                schema.RiskScenario,
                _columns(("name", "text"), ("probability", "share"), ("expenditure", "numbers")),
            ),
        ),
        optional_tables=("fiscal",),
    ),
    SectionSpec(
        "vfm",
        ("vfm",),
        _fields(
            "vfm",
            ("psc_construction_cost", "money"),
            ("psc_om_cost", "money"),
            ("competitive_neutrality", "money"),
            ("transferable_risk", "money"),
            ("retained_risk", "money"),
        ),
        tables=(
            TableSpec(
                "vfm_risks",
                ("vfm", "risks"),
                schema.VfmRisk,
                _columns(
                    ("name", "text"),
                    ("probability", "share"),
                    ("impact", "money"),
                    ("allocation", "choice"),
                    ("government_share", "share"),
                    ("source", "text"),
                ),
            ),
            TableSpec(
                "vfm_criteria",
                ("vfm", "criteria"),
                schema.VfmCriterion,
                _columns(("name", "text"), ("group", "choice"), ("weight", "float"), ("score", "float")),
            ),
        ),
        optional_tables=("vfm",),
    ),
    SectionSpec(
        "kpis",
        ("kpis", "deductions"),
        _fields("deductions", ("free_points", "float"), ("value_per_point", "money")),
        tables=(
            TableSpec(
                "kpis",
                ("kpis",),
                schema.Kpi,
                _columns(
                    ("id", "text"),
                    ("name", "text"),
                    ("unit", "text"),
                    ("target", "float"),
                    ("direction", "choice"),
                    ("weight", "float"),
                    ("tolerance", "float"),
                    ("points_per_unit", "float"),
                ),
            ),
            TableSpec(
                "deduction_bands",
                ("deductions", "bands"),
                schema.DeductionBand,
                _columns(("from", "int"), ("to", "int"), ("multiplier", "float")),
            ),
        ),
        optional_tables=("deductions",),
    ),
    SectionSpec(
        "tender",
        ("tender", "bid"),
        _fields(
            "tender",
            ("price_weight", "share"),
            ("technical_weight", "share"),
            ("abnormally_low_margin", "share"),
        )
        + _fields("bid", ("bidder", "text"), ("submitted", "date"), ("technical_score", "float")),
        optional_tables=("tender", "bid"),
    ),
    SectionSpec(
        "scenarios",
        ("scenarios",),
        tables=(
            TableSpec(
                "scenarios",
                ("scenarios",),
                schema.NamedScenario,
                _columns(
                    ("name", "text"),
                    ("capex", "float"),
                    ("opex", "float"),
                    ("user_revenue", "float"),
                    ("loan_rate", "rate"),
                    ("inflation", "rate"),
                    ("performance_score", "float"),
                    ("construction_delay", "int"),
                ),
            ),
        ),
    ),
)

SECTION_IDS: tuple[str, ...] = tuple(section.id for section in SECTIONS)
GENERAL_SECTION = "project"


# --------------------------------------------------------------------------------------------------------
# Model metadata: defaults and allowed words
# --------------------------------------------------------------------------------------------------------


def _model_field(model: type[BaseModel], name: str) -> Any:
    for field_name, info in model.model_fields.items():
        if field_name == name or info.alias == name:
            return info
    raise KeyError(f"{model.__name__} has no field {name}")


def default_of(model: type[BaseModel], name: str) -> Any:
    """The model's default for a key, or ``None`` (required keys and defaults of ``None``)."""
    info = _model_field(model, name)
    if info.default is PydanticUndefined or info.default_factory is not None:
        return None
    return info.default


def options_of(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The allowed words of a ``Literal`` key (``Optional`` unwrapped)."""
    annotation = _model_field(model, name).annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is Literal:
            return tuple(str(value) for value in typing.get_args(candidate))
    return ()


def field_options(spec: FieldSpec) -> tuple[str, ...]:
    return options_of(MODELS[spec.table], spec.name)


def column_options(table: TableSpec, column: str) -> tuple[str, ...]:
    return options_of(table.model, column)


def initial_value(data: Mapping[str, Any], spec: FieldSpec) -> Any:
    """What the widget of ``spec`` starts with: the stored value, else the default in force, else ``None``."""
    table = data.get(spec.table)
    if isinstance(table, Mapping) and spec.name in table:
        return table[spec.name]
    return default_of(MODELS[spec.table], spec.name)


# --------------------------------------------------------------------------------------------------------
# Widget keys
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """The session-state keys of one editing session: project, base revision and generation."""

    project_id: int
    revision: int
    generation: int = 0

    @property
    def prefix(self) -> str:
        return f"ppp_edit:{self.project_id}:{self.revision}:{self.generation}"

    def field(self, spec: FieldSpec) -> str:
        return f"{self.prefix}:field:{spec.path}"

    def include(self, table: str) -> str:
        return f"{self.prefix}:include:{table}"

    def table(self, spec: AnyTable, data: Mapping[str, Any]) -> str:
        return f"{self.prefix}:table:{spec.id}:{table_signature(spec, data)}"


def table_signature(spec: AnyTable, data: Mapping[str, Any]) -> str:
    """What the editor's rows depend on besides the stored list: the years shown in a per-period table."""
    if isinstance(spec, TableSpec):
        return "rows"
    years = period_years(spec, data)
    return f"{years[0] if years else 0}-{len(years)}"


# --------------------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------------------


def _int_or(value: Any, fallback: int) -> int:
    if isinstance(value, bool):
        return fallback
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return fallback


def period_years(spec: PeriodTableSpec, data: Mapping[str, Any]) -> list[int]:
    """The calendar years of the rows: every period, or the operating years only (at most 50 periods)."""
    timeline = data.get("timeline")
    timeline = timeline if isinstance(timeline, Mapping) else {}
    start = _int_or(timeline.get("start_year"), 2000)
    construction = min(max(_int_or(timeline.get("construction_years"), 0), 0), 50)
    operation = min(max(_int_or(timeline.get("operation_years"), 1), 0), 50)
    if spec.span == "operation":
        return [start + construction + index for index in range(min(operation, 50))]
    return [start + index for index in range(min(construction + operation, 50))]


# --------------------------------------------------------------------------------------------------------
# Values: widget / cell values to file values
# --------------------------------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def format_numbers(values: Sequence[Any] | None) -> str | None:
    """A list as the text of a list cell: ``[0.45, 0.55]`` → ``"0.45, 0.55"`` (floats written exactly)."""
    if values is None:
        return None
    return ", ".join(_number_text(value) for value in values)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def parse_numbers(text: Any, kind: Kind) -> Any:
    """A list cell's text as a list; a word that is not a number stays as written, so that validation names
    it (``capex[2].phasing[3] = "abc": must be a number``)."""
    if is_blank(text):
        return None
    if isinstance(text, list | tuple):
        return [_coerce(item, "int" if kind == "integers" else "float") for item in text]
    parts = [part.strip() for part in str(text).replace("，", ",").replace(";", ",").split(",")]
    values: list[Any] = []
    for part in parts:
        if not part:
            continue
        try:
            number = float(part)
        except ValueError:
            values.append(part)
            continue
        values.append(_coerce(number, "int" if kind == "integers" else "float"))
    return values


def _coerce(value: Any, kind: Kind) -> Any:
    """A widget or cell value as the file holds it. Whole floats become ints for integer keys (the file's
    types are strict); anything else is left for validation to judge."""
    if is_blank(value):
        return None
    if kind in {"numbers", "integers"}:
        return parse_numbers(value, kind)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind in {"float", "money", "rate", "share"} and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "text" and isinstance(value, str):
        return value.strip()
    if kind == "date" and isinstance(value, datetime.datetime):
        return value.date()
    return value


def cell_value(row: Mapping[str, Any], column: ColumnSpec) -> Any:
    """The value a table cell shows for a stored row."""
    value = row.get(column.name)
    if column.kind in {"numbers", "integers"}:
        return format_numbers(value)
    return value


# --------------------------------------------------------------------------------------------------------
# Rows of arrays of tables
# --------------------------------------------------------------------------------------------------------


def _container(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    current: Any = data
    for part in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def table_rows(data: Mapping[str, Any], spec: TableSpec) -> list[tuple[int, dict[str, Any]]]:
    """``(index in the whole array, row)`` of the rows this editor shows."""
    rows = _container(data, spec.path)
    if not isinstance(rows, list):
        return []
    selected: list[tuple[int, dict[str, Any]]] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        if all(row.get(name, default_of(spec.model, name)) == value for name, value in spec.where):
            selected.append((index, row))
    return selected


def row_of_path(data: Mapping[str, Any], spec: TableSpec, path: str) -> int | None:
    """The editor row (from 1) a problem's key path ``capex[3].phasing`` points at, if it is this editor's."""
    head = spec.path_text + "["
    if not path.startswith(head):
        return None
    number = path[len(head) :].split("]", 1)[0]
    if not number.isdigit():
        return None
    index = int(number) - 1
    for position, (row_index, _) in enumerate(table_rows(data, spec)):
        if row_index == index:
            return position + 1
    return None


def _int_keys(mapping: Mapping[Any, Any]) -> dict[int, Any]:
    result: dict[int, Any] = {}
    for key, value in mapping.items():
        try:
            result[int(key)] = value
        except (TypeError, ValueError):
            continue
    return result


@dataclass
class EditorState:
    """The edit state of one ``st.data_editor``, as its session-state value holds it."""

    edited_rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    added_rows: list[dict[str, Any]] = field(default_factory=list)
    deleted_rows: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, value: Any) -> EditorState:
        if not isinstance(value, Mapping):
            return cls()
        edited = value.get("edited_rows") or {}
        added = value.get("added_rows") or []
        deleted = value.get("deleted_rows") or []
        return cls(
            edited_rows={
                key: dict(cells) for key, cells in _int_keys(edited).items() if isinstance(cells, Mapping)
            },
            added_rows=[dict(row) for row in added if isinstance(row, Mapping)],
            deleted_rows=[
                int(index) for index in deleted if isinstance(index, int | str) and str(index).isdigit()
            ],
        )

    @property
    def empty(self) -> bool:
        return not (self.edited_rows or self.added_rows or self.deleted_rows)


def _set_or_remove(row: dict[str, Any], name: str, value: Any) -> None:
    if value is None:
        row.pop(name, None)
    else:
        row[name] = value


def apply_table_edits(data: dict[str, Any], spec: TableSpec, state: EditorState) -> bool:
    """Apply one editor's edits onto ``data`` in place; ``True`` when anything changed.

    Edited rows change only the cells edited; deleted rows leave the array; added rows are appended at its end
    (with the editor's ``where`` values, e.g. ``lifecycle = true``). Rows of other editors of the same array
    keep their places.
    """
    if state.empty:
        return False
    columns = {column.name: column for column in spec.columns}
    visible = table_rows(data, spec)
    changed = False
    drop: set[int] = set()
    for position, (index, row) in enumerate(visible):
        if position in state.deleted_rows:
            drop.add(index)
            changed = True
            continue
        for name, value in state.edited_rows.get(position, {}).items():
            if name not in columns:
                continue
            new = _coerce(value, columns[name].kind)
            if new != row.get(name):
                _set_or_remove(row, name, new)
                changed = True
    additions: list[dict[str, Any]] = []
    for cells in state.added_rows:
        row = {
            name: _coerce(value, columns[name].kind)
            for name, value in cells.items()
            if name in columns and not is_blank(value)
        }
        if not row:
            continue
        for name, value in spec.where:
            if value != default_of(spec.model, name):
                row[name] = value
        additions.append(row)
    if not (drop or additions or changed):
        return False
    container = _ensure_container(data, spec.path[:-1])
    existing = container.get(spec.path[-1])
    rows = list(existing) if isinstance(existing, list) else []
    rows = [row for index, row in enumerate(rows) if index not in drop] + additions
    if rows:
        container[spec.path[-1]] = rows
    else:
        container.pop(spec.path[-1], None)
    return True


def _ensure_container(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    current = data
    for part in path:
        child = current.get(part)
        if not isinstance(child, dict):
            child = {}
            current[part] = child
        current = child
    return current


def period_rows(data: Mapping[str, Any], spec: PeriodTableSpec) -> list[dict[str, Any]]:
    """One row per year: ``{"year": 2017, "other_ppp_expenditure": 1500.0, ...}`` (``None`` where absent)."""
    table = data.get(spec.table)
    table = table if isinstance(table, Mapping) else {}
    years = period_years(spec, data)
    rows: list[dict[str, Any]] = []
    for position, year in enumerate(years):
        row: dict[str, Any] = {"year": year}
        for name in spec.lists:
            values = table.get(name)
            row[name] = values[position] if isinstance(values, list) and position < len(values) else None
        rows.append(row)
    return rows


def apply_period_edits(data: dict[str, Any], spec: PeriodTableSpec, state: EditorState) -> bool:
    """Apply a per-year editor's cell edits onto the lists in ``data``.

    A list shows (and is saved with) as many values as the timeline has years; a list that was absent stays
    absent while all its cells are empty; an empty cell of a list that is given stays empty, so that
    validation names it.
    """
    table = data.get(spec.table)
    if not isinstance(table, dict):
        return False
    years = period_years(spec, data)
    changed = False
    for name in spec.lists:
        stored = table.get(name)
        values: list[Any] = [
            stored[position] if isinstance(stored, list) and position < len(stored) else None
            for position in range(len(years))
        ]
        touched = False
        for position, cells in state.edited_rows.items():
            if name in cells and 0 <= position < len(values):
                new = _coerce(cells[name], "money")
                if new != values[position]:
                    values[position] = new
                    touched = True
        resized = isinstance(stored, list) and len(stored) not in (0, len(years))
        if not (touched or resized):
            continue
        if all(value is None for value in values):
            if stored:
                table.pop(name, None)
                changed = True
            continue
        table[name] = values
        changed = True
    return changed


# --------------------------------------------------------------------------------------------------------
# Collecting every change of the form
# --------------------------------------------------------------------------------------------------------


def _included(data: Mapping[str, Any], table: str) -> bool:
    return isinstance(data.get(table), Mapping)


def collect_changes(
    stored: Mapping[str, Any], state: StateLike, keys: Keys
) -> tuple[dict[str, Any], list[str]]:
    """The stored project data with every widget's change applied, and the sections that changed.

    ``state`` is the session state; a widget whose key is absent has not been shown yet and changes nothing.
    Scalars are applied first (the per-year tables follow the timeline as edited).
    """
    data: dict[str, Any] = copy.deepcopy(dict(stored))
    changed: list[str] = []

    def mark(section: SectionSpec) -> None:
        if section.id not in changed:
            changed.append(section.id)

    for section in SECTIONS:
        for table in section.optional_tables:
            wanted = state.get(keys.include(table))
            if wanted is None or bool(wanted) == _included(stored, table):
                continue
            mark(section)
            if wanted:
                data[table] = {}
            else:
                data.pop(table, None)
        for spec in section.fields:
            key = keys.field(spec)
            if key not in state or (
                spec.table in section.optional_tables and not _included(data, spec.table)
            ):
                continue
            new = _coerce(state[key], spec.kind)
            if new == _coerce(initial_value(stored, spec), spec.kind):
                continue
            mark(section)
            _set_or_remove(_ensure_container(data, (spec.table,)), spec.name, new)
    for section in SECTIONS:
        for table_spec in section.tables:
            owner = table_spec.path[0] if isinstance(table_spec, TableSpec) else table_spec.table
            if owner in section.optional_tables and not _included(data, owner):
                continue
            editor = EditorState.of(state.get(keys.table(table_spec, data)))
            if isinstance(table_spec, TableSpec):
                touched = apply_table_edits(data, table_spec, editor)
            else:
                touched = apply_period_edits(data, table_spec, editor)
            if touched:
                mark(section)
    changed.sort(key=SECTION_IDS.index)
    return data, changed


def section_of_path(path: str) -> str:
    """The section a problem's key path belongs to (``capex[2].phasing`` → ``investment``)."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    for section in SECTIONS:
        if head in section.prefixes:
            return section.id
    return GENERAL_SECTION


def field_of_path(path: str) -> FieldSpec | None:
    """The scalar field a problem's key path names, if it names one."""
    for section in SECTIONS:
        for spec in section.fields:
            if path == spec.path:
                return spec
    return None


def table_of_path(data: Mapping[str, Any], path: str) -> tuple[AnyTable, int | None] | None:
    """The editor a problem's key path falls in, and the editor row it names (from 1) when it names one."""
    for section in SECTIONS:
        for spec in section.tables:
            if isinstance(spec, TableSpec):
                if path == spec.path_text:
                    return spec, None
                row = row_of_path(data, spec, path)
                if row is not None:
                    return spec, row
            else:
                for name in spec.lists:
                    list_path = f"{spec.table}.{name}"
                    if path == list_path or path.startswith(list_path + "["):
                        return spec, None
    return None


# --------------------------------------------------------------------------------------------------------
# What an editing session keeps in session state (plain data; defined here, not in the page script, which
# Streamlit executes anew on every run)
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditBase:
    """What the open edits are based on: one stored revision of one project (plain data)."""

    project_id: int
    revision: int
    generation: int
    data: dict[str, Any]
    updated_by: str
    updated_at: datetime.datetime

    @property
    def keys(self) -> Keys:
        return Keys(self.project_id, self.revision, self.generation)

    @classmethod
    def of(cls, stored: StoredProject, generation: int = 0) -> EditBase:
        """The stored project as the base of new edits."""
        return cls(
            project_id=stored.id,
            revision=stored.revision,
            generation=generation,
            data=project_data(stored.project),
            updated_by=stored.updated_by,
            updated_at=stored.updated_at,
        )

    def next_generation(self) -> EditBase:
        """The same base with fresh widgets (every open edit discarded)."""
        return dataclasses.replace(self, generation=self.generation + 1)

    @property
    def money_unit(self) -> str:
        project = self.data.get("project")
        return str(project.get("money_unit", "万元")) if isinstance(project, dict) else "万元"


@dataclass(frozen=True)
class Invalid:
    """The problems of the last save attempt, and the data they were found in (for row numbers)."""

    prefix: str
    problems: list[Problem]
    data: dict[str, Any] = field(default_factory=dict)
