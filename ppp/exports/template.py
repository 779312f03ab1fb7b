"""The schedules template: an xlsx the app provides, filled in by hand and read back by
:mod:`ppp.exports.xlsx_import`.

One sheet per schedule of the project file: construction capex, lifecycle capex, operating costs, revenue
and, when ``payment.method = "schedule"``, the payment schedule per operating year. Each is prefilled with the
project's current values. Headers are bilingual (the app's language first); input cells are shaded. The
layout below (sheet names, rows, columns) is the contract between the writer and the reader: the reader reads
only these cells.

Conventions of the sheets (also written on the instructions sheet):

- A row whose input cells are all blank is no item; a blank optional cell leaves its key out of the file.
- Construction capex: with an *amount*, the year columns are the shares of it per construction year
  (``phasing``, summing to 1); without one, they are the amounts per construction year (``amounts``).
- Lifecycle capex: ``every_years`` or ``operating_years`` (a list like ``6, 7, 8``), not both.
- Rates and shares are fractions (the cells show them as percentages).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Final, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ppp.i18n import Language, translate
from ppp.model.io import project_data
from ppp.model.schema import Project

ColumnKind = Literal["text", "money", "rate", "share_or_money", "int", "years"]

# --- the layout shared with the reader ---------------------------------------------------------------------

INSTRUCTIONS_SHEET: Final = "Instructions 说明"
CONSTRUCTION_SHEET: Final = "Capex 建设投资"
LIFECYCLE_SHEET: Final = "Lifecycle 更新改造"
OPEX_SHEET: Final = "Opex 运营成本"
REVENUE_SHEET: Final = "Revenue 收入"
SCHEDULE_SHEET: Final = "Schedule 付费计划"

HEADER_ROW: Final = 3
FIRST_ROW: Final = 4
#: rows of items each sheet offers (and the reader reads)
MAX_ROWS: Final = 100

#: the instructions sheet's cells (column B) that say which timeline the template was made for
META_CONSTRUCTION_YEARS: Final = "B3"
META_OPERATION_YEARS: Final = "B4"
META_PAYMENT_METHOD: Final = "B5"
#: the numbered instructions: rows 7 to 14 of the instructions sheet
FIRST_INSTRUCTION_ROW: Final = 7
INSTRUCTION_COUNT: Final = 8


@dataclass(frozen=True)
class Column:
    """One input column of an item sheet: the project file's key and how its cells are read."""

    key: str
    kind: ColumnKind
    required: bool = False


CONSTRUCTION_COLUMNS: Final = (
    Column("name", "text", required=True),
    Column("amount", "money"),
    Column("escalation", "rate"),
)
LIFECYCLE_COLUMNS: Final = (
    Column("name", "text", required=True),
    Column("amount", "money", required=True),
    Column("escalation", "rate"),
    Column("every_years", "int"),
    Column("operating_years", "years"),
    Column("life_years", "int"),
)
OPEX_COLUMNS: Final = (
    Column("name", "text", required=True),
    Column("amount", "money", required=True),
    Column("escalation", "rate"),
)
REVENUE_COLUMNS: Final = (
    Column("name", "text", required=True),
    Column("amount", "money", required=True),
    Column("escalation", "rate"),
    Column("start_operating_year", "int"),
)
#: the payment schedule sheet: A operating year, B calendar year, C the amount (the only input)
SCHEDULE_AMOUNT_COLUMN: Final = 3

INPUT_FILL: Final = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL: Final = PatternFill("solid", fgColor="D9E1F2")
#: the spreadsheet program's own check of what is typed (the reader checks again: a paste skips these)
_VALIDATIONS: Final[dict[ColumnKind, tuple[str, str, str]]] = {
    "money": ("decimal", "0", "1E15"),
    "rate": ("decimal", "-0.99", "1"),
    "share_or_money": ("decimal", "0", "1E15"),
    "int": ("whole", "1", "50"),
}
_NUMBER_FORMATS: Final[dict[ColumnKind, str]] = {
    "text": "@",
    "money": "#,##0.00",
    "rate": "0.00%",
    "share_or_money": "General",
    "int": "0",
    "years": "@",
}


def header_labels(project: Project) -> dict[str, list[tuple[str, str]]]:
    """Each sheet's header labels (English, Chinese), column by column: the writer writes them, the reader
    checks them (a column inserted or moved would put values under the wrong key)."""
    unit = project.project.money_unit
    start_year = project.timeline.start_year

    def labels(columns: tuple[Column, ...]) -> list[tuple[str, str]]:
        return [_labels(f"xlsx_template.column.{column.key}", unit) for column in columns]

    years = [
        _labels("xlsx_template.column.construction_year", unit, number=k, year=start_year + k - 1)
        for k in range(1, project.timeline.construction_years + 1)
    ]
    headers = {
        CONSTRUCTION_SHEET: labels(CONSTRUCTION_COLUMNS) + years,
        LIFECYCLE_SHEET: labels(LIFECYCLE_COLUMNS),
        OPEX_SHEET: labels(OPEX_COLUMNS),
        REVENUE_SHEET: labels(REVENUE_COLUMNS),
    }
    if project.payment.method == "schedule":
        headers[SCHEDULE_SHEET] = [
            _labels("xlsx_template.column.operating_year", unit),
            _labels("xlsx_template.column.calendar_year", unit),
            _labels("xlsx_template.column.payment", unit),
        ]
    return headers


def header_text(labels: tuple[str, str], language: Language) -> str:
    """A header cell's text: the app's language first, the other below it."""
    english, chinese = labels
    return f"{english}\n{chinese}" if language == "en" else f"{chinese}\n{english}"


def schedules_template(project: Project, *, language: Language) -> bytes:
    """The xlsx template of the project's schedules, prefilled with its current values.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> schedules_template(project, language="en")[:2]
    b'PK'
    """
    return workbook_bytes(schedules_workbook(project, language=language))


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook saved as xlsx."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def schedules_workbook(project: Project, *, language: Language) -> Workbook:
    """The schedules template as an openpyxl workbook, for templates that add sheets of their own (the bid
    template, :mod:`ppp.exports.bid_template`) before saving it with :func:`workbook_bytes`."""
    data = project_data(project)
    unit = project.project.money_unit
    construction_years = project.timeline.construction_years
    headers = header_labels(project)
    capex: list[dict[str, Any]] = data.get("capex", [])
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None  # a new workbook has one sheet
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, project, language)

    sheet = workbook.create_sheet(CONSTRUCTION_SHEET)
    rows = []
    for item in capex:
        if item.get("lifecycle"):
            continue
        years = item.get("amounts") if "amounts" in item else item.get("phasing")
        rows.append([item.get("name"), item.get("amount"), item.get("escalation"), *(years or [])])
    _item_sheet(
        sheet,
        title=translate("xlsx_template.title.construction", language, unit=unit),
        hint=translate("xlsx_template.hint.construction", language),
        columns=list(CONSTRUCTION_COLUMNS) + [Column("year", "share_or_money")] * construction_years,
        labels=headers[CONSTRUCTION_SHEET],
        rows=rows,
        language=language,
    )

    sheet = workbook.create_sheet(LIFECYCLE_SHEET)
    rows = []
    for item in capex:
        if not item.get("lifecycle"):
            continue
        years = item.get("operating_years")
        rows.append(
            [
                item.get("name"),
                item.get("amount"),
                item.get("escalation"),
                item.get("every_years"),
                None if years is None else ", ".join(str(year) for year in years),
                item.get("life_years"),
            ]
        )
    _item_sheet(
        sheet,
        title=translate("xlsx_template.title.lifecycle", language, unit=unit),
        hint=translate("xlsx_template.hint.lifecycle", language),
        columns=list(LIFECYCLE_COLUMNS),
        labels=headers[LIFECYCLE_SHEET],
        rows=rows,
        language=language,
    )

    for name, key, columns in (
        (OPEX_SHEET, "opex", OPEX_COLUMNS),
        (REVENUE_SHEET, "revenue", REVENUE_COLUMNS),
    ):
        sheet = workbook.create_sheet(name)
        _item_sheet(
            sheet,
            title=translate(f"xlsx_template.title.{key}", language, unit=unit),
            hint=translate(f"xlsx_template.hint.{key}", language),
            columns=list(columns),
            labels=headers[name],
            rows=[[item.get(column.key) for column in columns] for item in data.get(key, [])],
            language=language,
        )

    if project.payment.method == "schedule":
        _schedule_sheet(workbook.create_sheet(SCHEDULE_SHEET), project, headers[SCHEDULE_SHEET], language)
    return workbook


def _labels(key: str, unit: str, **params: Any) -> tuple[str, str]:
    return translate(key, "en", unit=unit, **params), translate(key, "zh", unit=unit, **params)


def write_text(cell: Cell, value: str) -> None:
    """Write text as text: openpyxl would make a string starting with "=" a live formula."""
    cell.value = value
    cell.data_type = "s"


def write_title(sheet: Worksheet, title: str, hint: str) -> None:
    """A sheet's title (A1) and its one-line hint (A2)."""
    write_text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    write_text(sheet.cell(row=2, column=1), hint)
    sheet.cell(row=2, column=1).font = Font(italic=True, color="595959")


def _item_sheet(
    sheet: Worksheet,
    *,
    title: str,
    hint: str,
    columns: list[Column],
    labels: list[tuple[str, str]],
    rows: list[list[Any]],
    language: Language,
) -> None:
    write_title(sheet, title, hint)
    for index, (column, label) in enumerate(zip(columns, labels, strict=True), start=1):
        header = sheet.cell(row=HEADER_ROW, column=index)
        write_text(header, header_text(label, language))
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 48 if column.kind == "text" else 18
        for offset in range(MAX_ROWS):
            cell = sheet.cell(row=FIRST_ROW + offset, column=index)
            cell.fill = INPUT_FILL
            cell.number_format = _NUMBER_FORMATS[column.kind]
        if column.kind in _VALIDATIONS:
            letter = get_column_letter(index)
            _validate(sheet, column.kind, f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + MAX_ROWS - 1}", language)
    sheet.row_dimensions[HEADER_ROW].height = 32
    for offset, values in enumerate(rows[:MAX_ROWS]):
        for index, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=FIRST_ROW + offset, column=index)
            if isinstance(value, str):
                write_text(cell, value)
            else:
                cell.value = value
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=2)


def _validate(sheet: Worksheet, kind: ColumnKind, cells: str, language: Language) -> None:
    rule, low, high = _VALIDATIONS[kind]
    validation = DataValidation(
        type=rule,
        operator="between",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=translate("xlsx_template.validation.title", language),
        error=translate(f"xlsx_template.validation.{kind}", language, low=low, high=high),
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def _schedule_sheet(
    sheet: Worksheet, project: Project, labels: list[tuple[str, str]], language: Language
) -> None:
    unit = project.project.money_unit
    write_title(
        sheet,
        translate("xlsx_template.title.schedule", language, unit=unit),
        translate("xlsx_template.hint.schedule", language),
    )
    for index, label in enumerate(labels, start=1):
        header = sheet.cell(row=HEADER_ROW, column=index)
        write_text(header, header_text(label, language))
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 20
    sheet.row_dimensions[HEADER_ROW].height = 32
    first_operating = project.timeline.start_year + project.timeline.construction_years
    schedule = project.payment.schedule or []
    for year in range(1, project.timeline.operation_years + 1):
        row = FIRST_ROW + year - 1
        sheet.cell(row=row, column=1).value = year
        sheet.cell(row=row, column=2).value = first_operating + year - 1
        cell = sheet.cell(row=row, column=SCHEDULE_AMOUNT_COLUMN)
        _validate(sheet, "money", cell.coordinate, language)
        cell.fill = INPUT_FILL
        cell.number_format = _NUMBER_FORMATS["money"]
        if year <= len(schedule):
            cell.value = schedule[year - 1]
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=1)


def _instructions(sheet: Worksheet, project: Project, language: Language) -> None:
    write_title(
        sheet,
        translate("xlsx_template.title.instructions", language, project=project.project.name),
        translate("xlsx_template.hint.instructions", language),
    )
    timeline = project.timeline
    meta: tuple[tuple[str, str, int | str], ...] = (
        (META_CONSTRUCTION_YEARS, "xlsx_template.meta.construction_years", timeline.construction_years),
        (META_OPERATION_YEARS, "xlsx_template.meta.operation_years", timeline.operation_years),
        (META_PAYMENT_METHOD, "xlsx_template.meta.payment_method", project.payment.method),
    )
    for coordinate, key, value in meta:
        row = sheet[coordinate].row
        write_text(sheet.cell(row=row, column=1), translate(key, language))
        if isinstance(value, str):
            write_text(sheet[coordinate], value)
        else:
            sheet[coordinate].value = value
        sheet[coordinate].font = Font(bold=True)
    for offset, number in enumerate(range(1, INSTRUCTION_COUNT + 1)):
        write_text(
            sheet.cell(row=FIRST_INSTRUCTION_ROW + offset, column=1),
            f"{number}. " + translate(f"xlsx_template.instruction.{number}", language, rows=MAX_ROWS),
        )
    sheet.column_dimensions["A"].width = 110
    sheet.column_dimensions["B"].width = 16
