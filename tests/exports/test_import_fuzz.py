"""Fuzzing the template reader: whatever the bytes, it returns valid project data or raises ProjectError.

Three levels: bytes of the xlsx itself (most mutations break the zip: its checks and CRCs); bytes of the
XML inside a well-formed zip (so the mutations reach the XML checks, openpyxl and the cell rules); and any
values typed into the cells (text, formulas, dates, NaN, huge numbers). Bounded: a fixed number of examples,
no per-example deadline.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from ppp.exports.template import (
    CONSTRUCTION_SHEET,
    LIFECYCLE_SHEET,
    OPEX_SHEET,
    REVENUE_SHEET,
    SCHEDULE_SHEET,
    schedules_template,
)
from ppp.exports.xlsx_import import read_schedules
from ppp.model import Project, ProjectError, load_project, validate_data

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "models" / "archetypes" / "om_service_lease.toml"  # schedule payments: every sheet is read


@cache
def _project() -> Project:
    return load_project(SMALL).project


@cache
def _template() -> bytes:
    return schedules_template(_project(), language="zh")


@cache
def _parts() -> tuple[tuple[str, bytes], ...]:
    archive = zipfile.ZipFile(io.BytesIO(_template()))
    return tuple((info.filename, archive.read(info.filename)) for info in archive.infolist())


Mutation = tuple[str, int, bytes]
MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["replace", "insert", "delete", "truncate"]),
        st.integers(min_value=0, max_value=1 << 20),
        # raw bytes, or XML-ish text: more mutants stay well-formed and reach openpyxl and the cells
        st.one_of(
            st.binary(min_size=1, max_size=8),
            st.text(alphabet='<>/="0123456789.eE-+tnrvcsfA ', min_size=1, max_size=8).map(str.encode),
        ),
    ),
    min_size=1,
    max_size=6,
)


def _mutated(data: bytes, mutations: list[Mutation]) -> bytes:
    buffer = bytearray(data)
    for kind, where, chunk in mutations:
        position = where % (len(buffer) + 1)
        if kind == "replace":
            buffer[position : position + len(chunk)] = chunk
        elif kind == "insert":
            buffer[position:position] = chunk
        elif kind == "delete":
            del buffer[position : position + len(chunk)]
        else:
            del buffer[position:]
    return bytes(buffer)


def _check(data: bytes) -> None:
    refusal: ProjectError | None = None
    try:
        result = read_schedules(data, _project())
    except ProjectError as error:
        refusal = error
    else:
        validate_data(result)  # what the reader returns is a valid project
        return
    assert refusal.problems  # a refusal always says why
    assert all(problem.message("en") and problem.message("zh") for problem in refusal.problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=MUTATIONS)
def test_mutated_xlsx_bytes_give_valid_data_or_a_project_error(mutations: list[Mutation]) -> None:
    _check(_mutated(_template(), mutations))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    part=st.sampled_from(
        [
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet4.xml",
            "xl/worksheets/sheet6.xml",
        ]
    ),
    mutations=MUTATIONS,
)
def test_mutated_xml_inside_a_sound_zip_gives_valid_data_or_a_project_error(
    part: str, mutations: list[Mutation]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _parts():
            archive.writestr(name, _mutated(content, mutations) if name == part else content)
    _check(buffer.getvalue())


def test_the_fuzzed_template_itself_is_read() -> None:
    assert validate_data(read_schedules(_template(), _project())).project == _project()


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),  # what openpyxl can write
    st.sampled_from(["=1+1", "=A1", "=SUM(B4:B9)", "6, 7, 8", "1e999", "NaN", "  ", "0.5", "-0"]),
    st.datetimes(min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2199, 1, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from([CONSTRUCTION_SHEET, LIFECYCLE_SHEET, OPEX_SHEET, REVENUE_SHEET, SCHEDULE_SHEET]),
            st.integers(min_value=1, max_value=7),
            st.integers(min_value=3, max_value=12),
            CELL_VALUES,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_values_typed_into_the_cells_give_valid_data_or_a_project_error(
    edits: list[tuple[str, int, int, object]],
) -> None:
    workbook = load_workbook(io.BytesIO(_template()))
    for sheet, column, row, value in edits:
        cell = workbook[sheet].cell(row=row, column=column)
        try:
            cell.value = value
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some (control characters)
            continue
    buffer = io.BytesIO()
    workbook.save(buffer)
    _check(buffer.getvalue())
