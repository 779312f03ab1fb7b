"""The auditable Excel workbook of an evaluation: live formulas over named inputs, with cached engine values.

Sheets: Cover, Inputs (one defined name per input cell or range), Calc (the annual model, periods in
columns, one formula per row), the five standard statements of 《建设项目经济评价方法与参数》 and the fiscal
table (references to Calc), Metrics (``NPV``, ``IRR``, ``MIN`` ... over Calc), Checks (balance checks and the
engine-vs-formula differences against the engine's constants on the Engine sheet), Charts, and optional value
sheets (Monte Carlo, sensitivity, bids ...).

Every formula is written with XlsxWriter together with its value (``write_formula(..., value)``): the value
is the engine's own figure for the lines the engine reports, and for helper rows the same arithmetic done
with numpy here, so viewers that do not recalculate show the right numbers and Excel recalculates on open.
The module is pure: no Streamlit, no database.

Formula templates use tokens that :meth:`_Grid.expand` turns into cell references:
``@x`` row ``x`` in this column, ``@@x`` row ``x`` in the previous column (the column before the first
period is empty, so it reads 0), ``!x`` the value cell (column C) of row ``x``, ``#x`` row ``x`` over all
periods, ``%x`` the same column of the Inputs row ``x``. Inputs are referenced by their defined names.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter
from numpy.typing import NDArray
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, Worksheet

from ppp import __version__
from ppp.engine.evaluation import Evaluation, result_hash
from ppp.engine.inputs import escalation_factors
from ppp.exports.sanitise import as_text
from ppp.exports.workbook_labels import STATEMENTS, label
from ppp.government.vfm import (
    QUALITATIVE_PASS_SCORE,
    psc_profiles,
    qualitative_result,
    risk_register,
    vfm_components,
    vfm_inputs,
)
from ppp.i18n import Language, translate
from ppp.model.defaults import resolve_defaults
from ppp.model.rules import VFM_CORE_WEIGHT, VFM_SUPPLEMENTARY_WEIGHT, WEIGHT_TOLERANCE
from ppp.model.schema import Project

FloatArray = NDArray[np.float64]
Cell = float | str | bool | None

#: first period column (E); column D is left empty so that "previous column" references in period 1 read 0
FIRST_COL = 4
VALUE_COL = 2
CHECK_TOLERANCE = 1e-9

#: Calc rows that carry an annual line of the engine (``Evaluation.years`` key -> Calc row key)
YEAR_ROWS: dict[str, str] = {
    "period": "period",
    "year": "year",
    "capex": "capex",
    "lifecycle_capex": "lifecycle_capex",
    "idc": "idc",
    "equity_draw": "equity_draw",
    "debt_draw": "debt_draw",
    "debt_opening": "debt_opening",
    "interest": "interest",
    "principal": "principal",
    "government_payment": "government_payment",
    "availability_payment": "availability_payment",
    "om_payment": "om_payment",
    "user_revenue": "user_revenue",
    "opex": "opex",
    "ebitda": "ebitda",
    "depreciation": "depreciation",
    "ebit": "ebit",
    "income_tax": "income_tax",
    "net_profit": "net_profit",
    "cfads": "cfads",
    "dscr": "dscr",
    "project_cf_pre_tax": "project_cf_pre_tax",
    "project_cf_post_tax": "project_cf_post_tax",
    "equity_cf": "equity_cf",
    "fiscal_expenditure": "fiscal_expenditure",
    "affordability_ratio": "affordability_ratio",
    "icr": "icr",
}


_NUMBER_CELL = CellNumberTuple
_COLUMNS = [xl_col_to_name(index) for index in range(256)]


class _Worksheet(Worksheet):  # type: ignore[misc]
    """A worksheet that stores formulas as written.

    XlsxWriter rewrites every formula through some 30 regular expressions to add the ``_xlfn.`` prefixes of
    dynamic-array and newer functions. This workbook uses none of them (only NPV, IRR, SUM, SUMPRODUCT, IF,
    MIN, MAX, ...), so the rewrite is skipped: it was most of the export time.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        # the inner loop of a 10,000-row values sheet: a formatted number is written in one go (the same XML
        # XlsxWriter writes, without its attribute list and escaping, which a cell reference never needs)
        if type(cell) is _NUMBER_CELL and cell.format is not None and col < len(_COLUMNS):
            self.fh.write(
                f'<c r="{_COLUMNS[col]}{row + 1}" s="{cell.format._get_xf_index()}">'
                f"<v>{cell.number:.16G}</v></c>"
            )
            return
        super()._write_cell(row, col, cell)

    def write_number_rows(self, first_row: int, values: FloatArray, cell_format: Any) -> None:
        """Write a 2-D array of finite numbers from ``first_row``, column A, with one format.

        What ``write_number`` stores for each cell, stored directly: the sheet's bounds are checked once for
        the whole block, and the caller has checked that every number is finite.
        """
        rows, columns = values.shape
        if rows == 0 or columns == 0:
            return
        if self._check_dimensions(first_row, 0) or self._check_dimensions(first_row + rows - 1, columns - 1):
            raise ValueError("the values do not fit on a worksheet")
        table = self.table
        make = _NUMBER_CELL
        for offset, numbers in enumerate(values.tolist()):
            table[first_row + offset].update(
                {col: make(number, cell_format) for col, number in enumerate(numbers)}
            )


class _Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    worksheet_class = _Worksheet


_TOKEN = re.compile(r"(@@|@|#|!|\$|%)([a-z][a-z0-9_]*)")


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet of values (no formulas): Monte Carlo draws, sensitivity results, bids, KPI history."""

    title: str
    columns: Sequence[str]
    rows: FloatArray | Sequence[Sequence[Cell]]
    number_format: str = "#,##0.0000"


@dataclass
class WorkbookMap:
    """Where things are: for tests and tools that read the workbook back."""

    calc_rows: dict[str, int] = field(default_factory=dict)  # key -> 1-based row on Calc
    input_rows: dict[str, int] = field(default_factory=dict)  # key -> 1-based row on Inputs
    metric_cells: dict[str, str] = field(default_factory=dict)  # metric key -> "C5" on Metrics
    names: dict[str, str] = field(default_factory=dict)  # defined name -> reference
    periods: int = 0
    master_check: str = ""
    sheet_names: dict[str, str] = field(default_factory=dict)
    vfm_cells: dict[str, str] = field(default_factory=dict)  # VfM report key -> "C7" on the VfM sheet


def period_column(index: int) -> str:
    """The column letter of period ``index`` (0-based)."""
    name: str = xl_col_to_name(FIRST_COL + index)
    return name


class _Formats:
    def __init__(self, book: Any) -> None:
        def make(**props: Any) -> Any:
            return book.add_format({"font_name": "Arial", "font_size": 10, **props})

        self.title = make(bold=True, font_size=14)
        self.section = make(bold=True, bg_color="#DDEBF7", font_color="#1F3864")
        self.header = make(bold=True, bottom=1, text_wrap=True, valign="top")
        self.text = make()
        self.note = make(italic=True, font_color="#595959")
        self.money = make(num_format="#,##0.00;-#,##0.00;0.00")
        self.rate = make(num_format="0.0000%")
        self.ratio = make(num_format="0.0000")
        self.integer = make(num_format="0")
        self.number = make(num_format="#,##0.##########")
        self.bold_money = make(num_format="#,##0.00;-#,##0.00;0.00", bold=True)
        self.input_text = make(font_color="#0000FF", bg_color="#FFF2CC")
        self.input_money = make(num_format="#,##0.00", font_color="#0000FF", bg_color="#FFF2CC")
        self.input_rate = make(num_format="0.0000%", font_color="#0000FF", bg_color="#FFF2CC")
        self.input_number = make(num_format="General", font_color="#0000FF", bg_color="#FFF2CC")
        self.engine = make(num_format="#,##0.0000000000", font_color="#7F6000", bg_color="#F2F2F2")
        self.diff = make(num_format="0.00E+00")
        self.check = make(bold=True)

    def for_kind(self, kind: str) -> Any:
        return {
            "money": self.money,
            "rate": self.rate,
            "ratio": self.ratio,
            "integer": self.integer,
            "flag": self.integer,
            "years": self.ratio,
            "number": self.number,
        }[kind]

    def input_for(self, kind: str) -> Any:
        return {"money": self.input_money, "rate": self.input_rate}.get(kind, self.input_number)


def _cell(value: Any) -> Cell:
    """A cached value: floats as floats, NaN/None as an empty string (the formula's "" branch)."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        return value
    number = float(value)
    return "" if math.isnan(number) else number


class _Grid:
    """A sheet with periods in columns: rows are written one formula per row, consistent across columns."""

    def __init__(
        self,
        book: Any,
        sheet: Any,
        name: str,
        periods: int,
        formats: _Formats,
        language: Language,
        rows: dict[str, int],
        inputs: dict[str, int],
    ) -> None:
        self.book = book
        self.sheet = sheet
        self.name = name
        self.periods = periods
        self.formats = formats
        self.language = language
        self.rows = rows
        self.inputs = inputs
        self.next_row = 4  # 0-based; rows 1-4 hold the title and headers
        self.values: dict[str, Any] = {}
        self.last = period_column(periods - 1)
        self.pending: list[tuple[int, str, Any, Any]] = []

    def flush(self) -> None:
        """Write the period formulas of every row, now that every row's position is known."""
        write = self.sheet.write_formula
        columns = [period_column(index) for index in range(self.periods)]
        previous = [xl_col_to_name(FIRST_COL + index - 1) for index in range(self.periods)]
        for row, template, fmt, array in self.pending:
            # the tokens are expanded once per row; the columns are filled in by str.format
            pattern = self.expand(template.replace("{", "{{").replace("}", "}}"), 0)
            pattern = re.sub(
                rf"(?<![A-Z$])({columns[0]}|{previous[0]})(\d+)",
                lambda match: ("{c}" if match.group(1) == columns[0] else "{p}") + match.group(2),
                pattern,
            )
            for index in range(self.periods):
                formula = pattern.format(c=columns[index], p=previous[index])
                write(row, FIRST_COL + index, formula, fmt, _cell(array[index]))
        self.pending = []

    def expand(self, template: str, index: int | None, prefix: str = "") -> str:
        column = period_column(index) if index is not None else None
        previous = xl_col_to_name(FIRST_COL + index - 1) if index is not None else None

        def replace(match: re.Match[str]) -> str:
            token, key = match.group(1), match.group(2)
            if token == "%":
                return f"Inputs!{column}{self.inputs[key]}"
            row = self.rows[key]
            if token == "@":
                return f"{prefix}{column}{row}"
            if token == "@@":
                return f"{prefix}{previous}{row}"
            if token == "!":
                return f"{prefix}$C${row}"
            if token == "$":
                return f"{prefix}${period_column(0)}{row}:{column}{row}"
            return f"{prefix}${period_column(0)}${row}:${self.last}${row}"

        return _TOKEN.sub(replace, template)

    def section(self, key: str) -> None:
        self.next_row += 1
        self.sheet.write_string(self.next_row, 0, label(key, self.language), self.formats.section)
        self.next_row += 1

    def line(
        self,
        key: str,
        template: str,
        values: Any,
        text: str,
        unit: str,
        kind: str = "money",
        total: bool = False,
        scalar_c: Cell | None = None,
    ) -> None:
        """A period row: ``template`` in every period column, cached ``values``."""
        row = self.next_row
        self.rows[key] = row + 1
        array = np.asarray(values, dtype=object) if not np.isscalar(values) else np.full(self.periods, values)
        self.values[key] = array
        fmt = self.formats.for_kind(kind)
        self.sheet.write_string(row, 0, text, self.formats.text)
        self.sheet.write_string(row, 1, unit, self.formats.text)
        # written in flush(): a row may refer to a later row in the previous column (the debt corkscrew)
        self.pending.append((row, template, fmt, array))
        if total:
            numbers = [float(v) for v in array if not (isinstance(v, str) or v is None)]
            self.sheet.write_formula(
                row,
                VALUE_COL,
                f"=SUM(${period_column(0)}{row + 1}:{self.last}{row + 1})",
                fmt,
                math.fsum(numbers),
            )
        elif scalar_c is not None:
            self.sheet.write(row, VALUE_COL, scalar_c, self.formats.integer)
        self.next_row += 1

    def scalar(
        self,
        key: str,
        template: str,
        value: Cell,
        text: str,
        unit: str,
        kind: str = "money",
        name: str | None = None,
    ) -> None:
        """A one-value row: the formula in column C."""
        row = self.next_row
        self.rows[key] = row + 1
        self.values[key] = value
        self.sheet.write_string(row, 0, text, self.formats.text)
        self.sheet.write_string(row, 1, unit, self.formats.text)
        self.sheet.write_formula(
            row, VALUE_COL, self.expand(template, None), self.formats.for_kind(kind), _cell(value)
        )
        if name:
            self.book.define_name(name, f"={self.name}!$C${row + 1}")
        self.next_row += 1


class _Inputs:
    """The Inputs sheet: label, unit, value (C), defined name (D), period values (E...), source note."""

    def __init__(
        self,
        book: Any,
        sheet: Any,
        periods: int,
        formats: _Formats,
        language: Language,
        workbook_map: WorkbookMap,
    ) -> None:
        self.book = book
        self.sheet = sheet
        self.periods = periods
        self.formats = formats
        self.language = language
        self.map = workbook_map
        self.row = 4
        self.note_col = FIRST_COL + periods

    def section(self, key: str) -> None:
        self.row += 1
        self.sheet.write_string(self.row, 0, label(key, self.language), self.formats.section)
        self.row += 1

    def _name(self, name: str, reference: str) -> None:
        self.book.define_name(name, f"={reference}")
        self.map.names[name] = reference

    def scalar(
        self, name: str, text: str, value: float | int, unit: str, kind: str = "number", note: str = ""
    ) -> None:
        self.sheet.write_string(self.row, 0, text, self.formats.text)
        self.sheet.write_string(self.row, 1, unit, self.formats.text)
        self.sheet.write_number(self.row, VALUE_COL, float(value), self.formats.input_for(kind))
        self.sheet.write_string(self.row, 3, name, self.formats.note)
        if note:
            self.sheet.write_string(self.row, self.note_col, as_text(note), self.formats.note)
        self._name(name, f"Inputs!$C${self.row + 1}")
        self.map.input_rows[name] = self.row + 1
        self.row += 1

    def text(self, text: str, value: str, name: str | None = None, note: str = "") -> None:
        self.sheet.write_string(self.row, 0, text, self.formats.text)
        self.sheet.write_string(self.row, VALUE_COL, as_text(value), self.formats.input_text)
        if name:
            self.sheet.write_string(self.row, 3, name, self.formats.note)
            self._name(name, f"Inputs!$C${self.row + 1}")
        if note:
            self.sheet.write_string(self.row, self.note_col, as_text(note), self.formats.note)
        self.row += 1

    def series(
        self,
        key: str,
        text: str,
        values: Sequence[float | None],
        unit: str,
        kind: str = "money",
        note: str = "",
        value: float | None = None,
    ) -> None:
        """A row of period values (``None`` leaves the cell empty), aligned with Calc's period columns."""
        self.sheet.write_string(self.row, 0, text, self.formats.text)
        self.sheet.write_string(self.row, 1, unit, self.formats.text)
        name = f"in_{key}"
        self.sheet.write_string(self.row, 3, name, self.formats.note)
        if value is not None:
            self.sheet.write_number(self.row, VALUE_COL, value, self.formats.input_number)
        fmt = self.formats.input_for(kind)
        for index, item in enumerate(values):
            if item is None:
                self.sheet.write_blank(self.row, FIRST_COL + index, None, fmt)
            else:
                self.sheet.write_number(self.row, FIRST_COL + index, float(item), fmt)
        if note:
            self.sheet.write_string(self.row, self.note_col, as_text(note), self.formats.note)
        last = period_column(self.periods - 1)
        self._name(name, f"Inputs!${period_column(0)}${self.row + 1}:${last}${self.row + 1}")
        self.map.input_rows[key] = self.row + 1
        self.row += 1


def export_workbook(
    evaluation: Evaluation,
    project: Project,
    *,
    language: Language = "en",
    extra_sheets: Sequence[ExtraSheet] = (),
    today: datetime.date | None = None,
) -> bytes:
    """The workbook of ``evaluation`` (of ``project``) as xlsx bytes."""
    buffer = io.BytesIO()
    build_workbook(buffer, evaluation, project, language=language, extra_sheets=extra_sheets, today=today)
    return buffer.getvalue()


def write_workbook(
    path: str | Path,
    evaluation: Evaluation,
    project: Project,
    *,
    language: Language = "en",
    extra_sheets: Sequence[ExtraSheet] = (),
    today: datetime.date | None = None,
) -> WorkbookMap:
    """Write the workbook to ``path``; returns where its rows and cells are."""
    with open(path, "wb") as handle:
        return build_workbook(
            handle, evaluation, project, language=language, extra_sheets=extra_sheets, today=today
        )


def build_workbook(
    target: Any,
    evaluation: Evaluation,
    project: Project,
    *,
    language: Language = "en",
    extra_sheets: Sequence[ExtraSheet] = (),
    today: datetime.date | None = None,
) -> WorkbookMap:
    """Build the workbook into a binary file object ``target``."""
    builder = _Builder(evaluation, resolve_defaults(project), language)
    return builder.build(target, extra_sheets, today or datetime.datetime.now(datetime.UTC).date())


class _Builder:
    def __init__(self, evaluation: Evaluation, project: Project, language: Language) -> None:
        self.evaluation = evaluation
        self.project = project
        self.language = language
        self.inputs = evaluation.batch.inputs
        self.lines = evaluation.batch.lines
        self.timeline = self.inputs.timeline
        self.periods = self.timeline.periods
        self.map = WorkbookMap(periods=self.periods)
        self.unit = as_text(project.project.money_unit)

    def t(self, key: str) -> str:
        return label(key, self.language)

    def line(self, name: str) -> FloatArray:
        values: FloatArray = np.asarray(getattr(self.lines, name))[0]
        return values

    # ---------------------------------------------------------------------------------------------------
    def build(self, target: Any, extra_sheets: Sequence[ExtraSheet], today: datetime.date) -> WorkbookMap:
        book = _Workbook(
            target,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        book.set_calc_mode("auto")
        book.set_properties(
            {"title": as_text(self.project.project.name), "comments": self.evaluation.input_hash}
        )
        self.formats = _Formats(book)
        names = {
            key: self.t(f"sheet.{key}")
            for key in ("cover", "inputs", "calc", "metrics", "checks", "engine", "charts")
        }
        # the formulas refer to the sheets by their English names; the tab labels stay English and short
        cover = book.add_worksheet("Cover")
        inputs_sheet = book.add_worksheet("Inputs")
        calc_sheet = book.add_worksheet("Calc")
        statement_sheets = {key: book.add_worksheet(self._statement_sheet_name(key)) for key in STATEMENTS}
        metrics_sheet = book.add_worksheet("Metrics")
        checks_sheet = book.add_worksheet("Checks")
        engine_sheet = book.add_worksheet("Engine")
        charts_sheet = book.add_worksheet("Charts")
        book.define_name("chk_tolerance", "=Checks!$B$3")
        self.map.sheet_names = names

        self._write_inputs(book, inputs_sheet)
        grid = _Grid(
            book,
            calc_sheet,
            "Calc",
            self.periods,
            self.formats,
            self.language,
            self.map.calc_rows,
            self.map.input_rows,
        )
        self.grid = grid
        self._write_calc(grid)
        grid.flush()
        self._finish_period_sheet(calc_sheet, self.t("sheet.calc"), grid.next_row)
        for key, sheet in statement_sheets.items():
            self._write_statement(sheet, key)
        metric_values = self._write_metrics(metrics_sheet)
        if self.project.vfm is not None and self.inputs.psc_cost is not None:
            self._write_vfm_report(book.add_worksheet("VfM"))
        self._write_engine(engine_sheet)
        all_ok = self._write_checks(checks_sheet, metric_values)
        self._write_cover(cover, today, all_ok)
        self._write_charts(book, charts_sheet)
        for extra in extra_sheets:
            self._write_extra(book, extra)
        cover.activate()
        book.close()
        return self.map

    @staticmethod
    def _statement_sheet_name(key: str) -> str:
        return STATEMENTS[key][1][:31]

    def _finish_period_sheet(self, sheet: Any, title: str, last_row: int) -> None:
        sheet.write_string(0, 0, title, self.formats.title)
        sheet.write_string(1, 0, f"{self.t('cover.money_unit')}: {as_text(self.unit)}", self.formats.note)
        sheet.write_string(3, 0, self.t("col.item"), self.formats.header)
        sheet.write_string(3, 1, self.t("col.unit"), self.formats.header)
        sheet.write_string(3, VALUE_COL, self.t("col.total"), self.formats.header)
        for index in range(self.periods):
            sheet.write_formula(
                3,
                FIRST_COL + index,
                f"=Calc!{period_column(index)}{self.map.calc_rows['year']}",
                self.formats.header,
                int(self.timeline.years[index]),
            )
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 1, 8)
        sheet.set_column(VALUE_COL, VALUE_COL, 16)
        sheet.set_column(3, 3, 2)
        sheet.set_column(FIRST_COL, FIRST_COL + self.periods - 1, 13)
        sheet.freeze_panes(4, FIRST_COL)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)
        sheet.repeat_columns(0, 1)
        sheet.set_header(f"&L&A&R{as_text(self.project.project.name)[:100]}")
        sheet.set_footer("&L" + self.evaluation.input_hash[:24] + "&RPage &P / &N")
        sheet.print_area(0, 0, max(last_row, 4), FIRST_COL + self.periods - 1)

    # ---------------------------------------------------------------------------------------------------
    def _write_inputs(self, book: Any, sheet: Any) -> None:
        project = self.project
        t = self.t
        unit = self.unit
        periods = self.periods
        construction = self.timeline.construction_years
        w = _Inputs(book, sheet, periods, self.formats, self.language, self.map)
        self.w = w
        sheet.write_string(0, 0, t("sheet.inputs"), self.formats.title)
        sheet.write_string(1, 0, self.evaluation.input_hash, self.formats.note)
        for col, key in enumerate(("col.item", "col.unit", "col.value", "col.name")):
            sheet.write_string(3, col, t(key), self.formats.header)
        for index in range(periods):
            sheet.write_number(3, FIRST_COL + index, int(self.timeline.years[index]), self.formats.header)
        sheet.write_string(3, w.note_col, t("col.note"), self.formats.header)

        info = project.project
        w.section("sec.general")
        w.text(t("in.name"), info.name, "in_project_name")
        w.text(t("in.city"), info.city)
        w.text(t("in.sector"), info.sector)
        w.text(t("in.framework"), info.framework)
        w.text(t("in.mode"), info.mode)
        w.text(t("in.payment_mode"), info.payment_mode)
        w.text(t("in.currency"), info.currency)
        w.text(t("in.money_unit"), info.money_unit)
        w.text(t("in.stage"), info.stage)

        timeline = project.timeline
        w.section("sec.timeline")
        year = t("unit.year")
        w.scalar("in_start_year", t("in.start_year"), timeline.start_year, year, "integer")
        w.scalar("in_construction_years", t("in.construction_years"), timeline.construction_years, year)
        w.scalar("in_operation_years", t("in.operation_years"), timeline.operation_years, year)
        assert timeline.base_year is not None
        w.scalar("in_base_year", t("in.base_year"), timeline.base_year, year, note="default: start_year")

        rates = project.rates
        w.section("sec.rates")
        w.scalar("in_discount_rate", t("in.discount_rate"), rates.discount_rate, "%", "rate")
        w.scalar(
            "in_reasonable_profit_rate",
            t("in.reasonable_profit_rate"),
            rates.reasonable_profit_rate,
            "%",
            "rate",
        )
        assert rates.om_profit_rate is not None
        w.scalar(
            "in_om_profit_rate",
            t("in.om_profit_rate"),
            rates.om_profit_rate,
            "%",
            "rate",
            "default: reasonable_profit_rate",
        )
        w.scalar("in_inflation", t("in.inflation"), rates.inflation, "%", "rate")
        if rates.equity_hurdle_rate is not None:
            w.scalar(
                "in_equity_hurdle_rate", t("in.equity_hurdle_rate"), rates.equity_hurdle_rate, "%", "rate"
            )

        w.section("sec.capex_items")
        for number, item in enumerate(project.capex, start=1):
            prefix = f"in_capex{number}"
            w.text(f"{t('in.item_name')} {number}", item.name)
            assert item.escalation is not None
            if item.lifecycle:
                assert item.amount is not None
                w.scalar(
                    f"{prefix}_amount",
                    f"{t('in.amount')} {number}",
                    item.amount,
                    unit,
                    "money",
                    "per refresh",
                )
                w.scalar(
                    f"{prefix}_escalation",
                    f"{t('in.escalation')} {number}",
                    item.escalation,
                    "%",
                    "rate",
                    "default: rates.inflation",
                )
                w.scalar(f"{prefix}_life", f"{t('in.life_years')} {number}", item.life_years or 0, year)
                if item.every_years is not None:
                    w.scalar(f"{prefix}_every", f"{t('in.every_years')} {number}", item.every_years, year)
                else:
                    flags: list[float | None] = [None] * periods
                    for operating_year in item.operating_years or []:
                        flags[construction + operating_year - 1] = 1.0
                    w.series(
                        f"capex{number}_refresh", f"{t('in.refresh_years')} {number}", flags, "1/0", "flag"
                    )
            elif item.amounts is not None:
                w.series(
                    f"capex{number}_amounts",
                    f"{t('in.amounts')} {number}",
                    [*item.amounts, *([None] * (periods - len(item.amounts)))],
                    unit,
                )
                w.scalar(
                    f"{prefix}_escalation", f"{t('in.escalation')} {number}", item.escalation, "%", "rate"
                )
            else:
                assert item.amount is not None
                assert item.phasing is not None
                w.scalar(f"{prefix}_amount", f"{t('in.amount')} {number}", item.amount, unit, "money")
                w.series(
                    f"capex{number}_phasing",
                    f"{t('in.phasing')} {number}",
                    [*item.phasing, *([None] * (periods - len(item.phasing)))],
                    "%",
                    "rate",
                )
                w.scalar(
                    f"{prefix}_escalation", f"{t('in.escalation')} {number}", item.escalation, "%", "rate"
                )

        w.section("sec.opex_items")
        for number, opex in enumerate(project.opex, start=1):
            w.text(f"{t('in.item_name')} {number}", opex.name)
            w.scalar(
                f"in_opex{number}_amount", f"{t('in.amount')} {number}", opex.amount, unit, "money", "a year"
            )
            assert opex.escalation is not None
            w.scalar(
                f"in_opex{number}_escalation", f"{t('in.escalation')} {number}", opex.escalation, "%", "rate"
            )
        w.section("sec.revenue_items")
        for number, revenue in enumerate(project.revenue, start=1):
            w.text(f"{t('in.item_name')} {number}", revenue.name)
            w.scalar(
                f"in_revenue{number}_amount",
                f"{t('in.amount')} {number}",
                revenue.amount,
                unit,
                "money",
                "a year",
            )
            assert revenue.escalation is not None
            w.scalar(
                f"in_revenue{number}_escalation",
                f"{t('in.escalation')} {number}",
                revenue.escalation,
                "%",
                "rate",
            )
            w.scalar(
                f"in_revenue{number}_start",
                f"{t('in.start_operating_year')} {number}",
                revenue.start_operating_year,
                year,
            )

        financing = project.financing
        w.section("sec.financing")
        w.scalar("in_equity_ratio", t("in.equity_ratio"), financing.equity_ratio, "%", "rate")
        w.scalar(
            "in_government_equity_share",
            t("in.government_equity_share"),
            financing.government_equity_share,
            "%",
            "rate",
        )
        w.scalar("in_loan_rate", t("in.loan_rate"), financing.loan_rate, "%", "rate")
        w.scalar("in_tenor_years", t("in.tenor_years"), financing.tenor_years, year)
        w.text(t("in.repayment"), financing.repayment, "in_repayment")
        if financing.repayment == "sculpted":
            w.scalar("in_target_dscr", t("in.target_dscr"), financing.target_dscr or 0.0, t("unit.ratio"))
        w.scalar(
            "in_idc_weight",
            t("in.idc_weight"),
            self.inputs.idc_weight,
            "%",
            "rate",
            f"idc_timing = {financing.idc_timing}",
        )

        payment = project.payment
        w.section("sec.payment_inputs")
        w.text(t("in.method"), payment.method, "in_payment_method")
        w.text(t("in.cost_basis"), payment.cost_basis, "in_cost_basis")
        assert payment.subsidy_years is not None
        w.scalar(
            "in_subsidy_years",
            t("in.subsidy_years"),
            payment.subsidy_years,
            year,
            note="default: operation_years",
        )
        w.scalar("in_linked_share", t("in.linked_share"), payment.linked_share, "%", "rate")
        w.scalar("in_expected_score", t("in.expected_score"), payment.expected_score, t("unit.score"))
        w.scalar(
            "in_availability_factor",
            t("in.availability_factor"),
            payment.availability_factor,
            t("unit.ratio"),
        )
        w.scalar(
            "in_nets_user_revenue",
            t("in.nets_user_revenue"),
            1 if self.inputs.nets_user_revenue else 0,
            "1/0",
            note=f"payment_mode = {info.payment_mode}",
        )
        w.scalar(
            "in_government_pays",
            t("in.government_pays"),
            0 if payment.method == "user-pay" else 1,
            "1/0",
            note=f"method = {payment.method}",
        )
        if payment.schedule is not None:
            w.series("schedule", t("in.schedule"), [None] * construction + list(payment.schedule), unit)
        w.section("sec.bands")
        band_rows = payment.score_bands or []
        first = w.row + 1
        if band_rows:
            for band in band_rows:
                sheet.write_string(w.row, 0, t("sec.bands"), self.formats.text)
                sheet.write_number(w.row, 1, band.min, self.formats.input_number)
                sheet.write_number(w.row, VALUE_COL, band.coefficient, self.formats.input_number)
                w.row += 1
        else:
            sheet.write_string(w.row, 0, t("sec.bands"), self.formats.text)
            w.row += 1
        last = w.row
        sheet.write_string(first - 2, 1, t("in.band_min"), self.formats.header)
        sheet.write_string(first - 2, VALUE_COL, t("in.band_coefficient"), self.formats.header)
        w._name("in_band_min", f"Inputs!$B${first}:$B${last}")
        w._name("in_band_coefficient", f"Inputs!$C${first}:$C${last}")

        tax = project.tax
        w.section("sec.tax")
        w.scalar("in_income_tax_rate", t("in.income_tax_rate"), tax.income_tax_rate, "%", "rate")
        assert tax.depreciation_years is not None
        w.scalar(
            "in_depreciation_years",
            t("in.depreciation_years"),
            tax.depreciation_years,
            year,
            note="default: operation_years",
        )
        w.scalar(
            "in_loss_carryforward_years", t("in.loss_carryforward_years"), tax.loss_carryforward_years, year
        )
        w.scalar(
            "in_depreciate_government_equity",
            t("in.depreciate_government_equity"),
            1 if tax.depreciation_basis == "total-investment" else 0,
            "1/0",
            note=f"depreciation_basis = {tax.depreciation_basis}",
        )

        fiscal = project.fiscal
        if fiscal is not None:
            w.section("sec.fiscal_inputs")
            w.scalar("in_general_budget", t("in.general_budget"), fiscal.general_budget, unit, "money")
            w.scalar("in_budget_growth", t("in.budget_growth"), fiscal.budget_growth, "%", "rate")
            w.series(
                "other_ppp", t("in.other_ppp"), list(fiscal.other_ppp_expenditure) or [None] * periods, unit
            )
            w.series(
                "supporting", t("in.supporting"), list(fiscal.supporting_inputs) or [None] * periods, unit
            )
            if fiscal.risk_scenarios:
                for number, scenario in enumerate(fiscal.risk_scenarios, start=1):
                    w.text(f"{t('in.item_name')} {number}", scenario.name)
                    w.series(
                        f"risk{number}",
                        f"{t('in.risk_scenario')} {number}",
                        list(scenario.expenditure),
                        unit,
                        value=scenario.probability,
                    )
            else:
                w.scalar("in_risk_ratio", t("in.risk_ratio"), fiscal.risk_ratio or 0.0, "%", "rate")

        vfm = project.vfm
        if vfm is not None:
            w.section("sec.vfm_inputs")
            assert vfm.psc_construction_cost is not None
            assert vfm.psc_om_cost is not None
            w.scalar(
                "in_psc_construction_cost",
                t("in.psc_construction_cost"),
                vfm.psc_construction_cost,
                unit,
                "money",
                "default: construction capex total",
            )
            w.scalar(
                "in_psc_om_cost", t("in.psc_om_cost"), vfm.psc_om_cost, unit, "money", "default: opex total"
            )
            w.scalar(
                "in_competitive_neutrality",
                t("in.competitive_neutrality"),
                vfm.competitive_neutrality,
                unit,
                "money",
            )
            w.scalar("in_transferable_risk", t("in.transferable_risk"), vfm.transferable_risk, unit, "money")
            w.scalar("in_retained_risk", t("in.retained_risk"), vfm.retained_risk, unit, "money")

        if project.kpis:
            w.section("sec.kpis")
            for kpi in project.kpis:
                sheet.write_string(w.row, 0, as_text(kpi.name), self.formats.input_text)
                sheet.write_string(w.row, 1, as_text(kpi.unit), self.formats.input_text)
                sheet.write_number(w.row, VALUE_COL, kpi.target, self.formats.input_number)
                sheet.write_string(w.row, 3, as_text(kpi.id), self.formats.note)
                details = (
                    f"{kpi.direction}; weight {kpi.weight}; tolerance {kpi.tolerance}; "
                    f"points/unit {kpi.points_per_unit}"
                )
                sheet.write_string(w.row, w.note_col, details, self.formats.note)
                w.row += 1
        if project.deductions or project.tender or project.bid:
            w.section("sec.other")
            if project.deductions is not None:
                w.scalar("in_free_points", t("in.free_points"), project.deductions.free_points, "")
                w.scalar(
                    "in_value_per_point",
                    t("in.value_per_point"),
                    project.deductions.value_per_point,
                    unit,
                    "money",
                )
                for deduction_band in project.deductions.bands:
                    sheet.write_string(w.row, 0, t("in.deduction_band"), self.formats.text)
                    sheet.write_number(w.row, 1, deduction_band.from_, self.formats.input_number)
                    if deduction_band.to is not None:
                        sheet.write_number(w.row, VALUE_COL, deduction_band.to, self.formats.input_number)
                    sheet.write_number(w.row, 3, deduction_band.multiplier, self.formats.input_number)
                    w.row += 1
            if project.tender is not None:
                w.scalar("in_price_weight", t("in.price_weight"), project.tender.price_weight, "%", "rate")
                w.scalar(
                    "in_technical_weight",
                    t("in.technical_weight"),
                    project.tender.technical_weight,
                    "%",
                    "rate",
                )
                w.scalar(
                    "in_abnormally_low_margin",
                    t("in.abnormally_low_margin"),
                    project.tender.abnormally_low_margin,
                    "%",
                    "rate",
                )
            if project.bid is not None:
                w.text(t("in.bidder"), project.bid.bidder, "in_bidder")
                w.text(t("in.submitted"), project.bid.submitted.isoformat())
                w.scalar(
                    "in_technical_score",
                    t("in.technical_score"),
                    project.bid.technical_score,
                    t("unit.score"),
                )

        sheet.set_column(0, 0, 52)
        sheet.set_column(1, 1, 10)
        sheet.set_column(VALUE_COL, VALUE_COL, 18)
        sheet.set_column(3, 3, 26)
        sheet.set_column(FIRST_COL, FIRST_COL + periods - 1, 11)
        sheet.set_column(w.note_col, w.note_col, 40)
        sheet.freeze_panes(4, 3)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)

    # ---------------------------------------------------------------------------------------------------
    def _write_calc(self, g: _Grid) -> None:
        t = self.t
        project = self.project
        unit = self.unit
        n = self.periods
        timeline = self.timeline
        construction_years = timeline.construction_years
        period = np.arange(1, n + 1, dtype=float)
        years = timeline.years
        operating = timeline.operating.astype(float)
        k = timeline.operating_year.astype(float)
        inputs = self.inputs

        g.section("sec.timeline")
        g.line("period", "=@@period+1", period, t("row.period"), "", "integer")
        g.line("year", "=in_start_year+@period-1", years.astype(float), t("row.year"), "", "integer")
        g.line(
            "construction",
            "=IF(@period<=in_construction_years,1,0)",
            1.0 - operating,
            t("row.construction"),
            "1/0",
            "flag",
        )
        g.line("operating", "=1-@construction", operating, t("row.operating"), "1/0", "flag")
        g.line("k", "=MAX(@period-in_construction_years,0)", k, t("row.k"), "", "integer")
        g.scalar(
            "n_periods",
            "=in_construction_years+in_operation_years",
            float(n),
            t("row.n_periods"),
            "",
            "integer",
            name="calc_periods",
        )

        # escalation factors, one row per item
        assert project.timeline.base_year is not None
        base_year = project.timeline.base_year
        g.section("sec.escalation")
        escalations: dict[str, FloatArray] = {}

        def escalation_row(key: str, name: str, rate: float, text: str) -> None:
            values = escalation_factors(years, base_year, rate)
            escalations[key] = values
            g.line(key, f"=(1+{name})^(@year-in_base_year)", values, text, "", "number")

        for number, item in enumerate(project.capex, start=1):
            assert item.escalation is not None
            escalation_row(
                f"esc_capex{number}",
                f"in_capex{number}_escalation",
                item.escalation,
                f"{t('row.esc')}: {t('row.capex_item')} {number}",
            )
        for number, opex in enumerate(project.opex, start=1):
            assert opex.escalation is not None
            escalation_row(
                f"esc_opex{number}",
                f"in_opex{number}_escalation",
                opex.escalation,
                f"{t('row.esc')}: {t('row.opex_item')} {number}",
            )
        for number, revenue in enumerate(project.revenue, start=1):
            assert revenue.escalation is not None
            escalation_row(
                f"esc_revenue{number}",
                f"in_revenue{number}_escalation",
                revenue.escalation,
                f"{t('row.esc')}: {t('row.revenue_item')} {number}",
            )
        escalation_row(
            "esc_inflation", "in_inflation", project.rates.inflation, f"{t('row.esc')}: {t('in.inflation')}"
        )

        # construction capex by item
        g.section("sec.capex")
        capex_keys: list[str] = []
        base_capex_terms: list[str] = []
        base_capex = 0.0
        for number, item in enumerate(project.capex, start=1):
            if item.lifecycle:
                continue
            key = f"capex{number}"
            if item.amounts is not None:
                shares = np.zeros(n)
                shares[:construction_years] = item.amounts
                template = f"=%capex{number}_amounts*@esc_capex{number}"
                base_capex_terms.append(f"SUM(in_capex{number}_amounts)")
            else:
                assert item.amount is not None
                assert item.phasing is not None
                shares = np.zeros(n)
                shares[:construction_years] = item.amount * np.asarray(item.phasing, dtype=float)
                template = f"=in_capex{number}_amount*%capex{number}_phasing*@esc_capex{number}"
                base_capex_terms.append(f"in_capex{number}_amount*SUM(in_capex{number}_phasing)")
            base_capex += float(np.sum(shares))
            g.line(
                key,
                template,
                shares * escalations[f"esc_capex{number}"],
                f"{t('row.capex_item')} {number}",
                unit,
                total=True,
            )
            capex_keys.append(key)
        capex = self.line("capex")
        g.line(
            "capex",
            "=" + ("+".join(f"@{key}" for key in capex_keys) or "0"),
            capex,
            label("capex", self.language),
            unit,
            total=True,
        )

        # lifecycle refreshes: spend, life, depreciation cut at handover, write-off in the final year
        g.section("sec.lifecycle")
        spend_keys: list[str] = []
        dep_keys: list[str] = []
        operation_years = timeline.operation_years
        for number, item in enumerate(project.capex, start=1):
            if not item.lifecycle:
                continue
            assert item.amount is not None
            name = f"{t('row.capex_item')} {number}"
            flags = np.zeros(n)
            if item.every_years is not None:
                flags[(k >= 1) & (np.mod(k, item.every_years) == 0)] = 1.0
                g.line(
                    f"lc{number}_flag",
                    f"=IF(AND(@k>=1,MOD(@k,in_capex{number}_every)=0),1,0)",
                    flags,
                    f"{t('row.flag')}: {name}",
                    "1/0",
                    "flag",
                )
            else:
                for operating_year in set(item.operating_years or []):
                    flags[construction_years + operating_year - 1] = 1.0
                g.line(
                    f"lc{number}_flag",
                    f"=N(%capex{number}_refresh)",
                    flags,
                    f"{t('row.flag')}: {name}",
                    "1/0",
                    "flag",
                )
            spend = item.amount * flags * escalations[f"esc_capex{number}"]
            g.line(
                f"lc{number}_spend",
                f"=in_capex{number}_amount*@lc{number}_flag*@esc_capex{number}",
                spend,
                f"{t('row.spend')}: {name}",
                unit,
                total=True,
            )
            life_input = item.life_years or 0
            life = np.where(life_input > 0, float(life_input), operation_years - k + 1.0)
            g.line(
                f"lc{number}_life",
                f"=IF(in_capex{number}_life>0,in_capex{number}_life,in_operation_years-@k+1)",
                life,
                f"{t('row.life')}: {name}",
                t("unit.year"),
                "integer",
            )
            regular = np.array(
                [
                    sum(spend[s] / life[s] * float(period[j] - period[s] < life[s]) for s in range(j + 1))
                    for j in range(n)
                ]
            )
            g.line(
                f"lc{number}_dep",
                f"=SUMPRODUCT($lc{number}_spend/$lc{number}_life*(@period-$period<$lc{number}_life))",
                regular,
                f"{t('row.regular_dep')}: {name}",
                unit,
                total=True,
            )
            writeoff = np.zeros(n)
            writeoff[-1] = math.fsum(spend) - math.fsum(regular)
            g.line(
                f"lc{number}_writeoff",
                f"=IF(@period=!n_periods,SUM(#lc{number}_spend)-SUM(#lc{number}_dep),0)",
                writeoff,
                f"{t('row.writeoff')}: {name}",
                unit,
                total=True,
            )
            spend_keys.append(f"lc{number}_spend")
            dep_keys.extend([f"lc{number}_dep", f"lc{number}_writeoff"])
        g.line(
            "lifecycle_capex",
            "=" + ("+".join(f"@{key}" for key in spend_keys) or "0"),
            self.line("lifecycle_capex"),
            label("lifecycle_capex", self.language),
            unit,
            total=True,
        )
        g.line(
            "lc_dep_total",
            "=" + ("+".join(f"@{key}" for key in dep_keys) or "0"),
            inputs.lifecycle_depreciation[0],
            t("row.lc_dep_total"),
            unit,
            total=True,
        )

        # operating cost and user revenue
        g.section("sec.operations")
        opex_keys: list[str] = []
        for number, opex_item in enumerate(project.opex, start=1):
            values = np.where(operating > 0, opex_item.amount, 0.0) * escalations[f"esc_opex{number}"]
            g.line(
                f"opex{number}",
                f"=IF(@operating=1,in_opex{number}_amount,0)*@esc_opex{number}",
                values,
                f"{t('row.opex_item')} {number}",
                unit,
                total=True,
            )
            opex_keys.append(f"opex{number}")
        g.line(
            "opex",
            "=" + ("+".join(f"@{key}" for key in opex_keys) or "0"),
            self.line("opex"),
            label("opex", self.language),
            unit,
            total=True,
        )
        revenue_keys: list[str] = []
        for number, revenue_item in enumerate(project.revenue, start=1):
            active = (operating > 0) & (k >= revenue_item.start_operating_year)
            values = np.where(active, revenue_item.amount, 0.0) * escalations[f"esc_revenue{number}"]
            g.line(
                f"revenue{number}",
                f"=IF(AND(@operating=1,@k>=in_revenue{number}_start),in_revenue{number}_amount,0)"
                f"*@esc_revenue{number}",
                values,
                f"{t('row.revenue_item')} {number}",
                unit,
                total=True,
            )
            revenue_keys.append(f"revenue{number}")
        g.line(
            "user_revenue",
            "=" + ("+".join(f"@{key}" for key in revenue_keys) or "0"),
            self.line("user_revenue"),
            label("user_revenue", self.language),
            unit,
            total=True,
        )

        # funding and IDC: the debt corkscrew's opening balance is the previous column's closing balance
        g.section("sec.funding")
        g.line(
            "equity_draw",
            "=in_equity_ratio*@capex",
            self.line("equity_draw"),
            label("equity_draw", self.language),
            unit,
            total=True,
        )
        g.line(
            "debt_draw",
            "=@capex-@equity_draw",
            self.line("debt_draw"),
            label("debt_draw", self.language),
            unit,
            total=True,
        )
        g.line(
            "debt_opening",
            "=@@debt_closing",
            self.line("debt_opening"),
            label("debt_opening", self.language),
            unit,
        )
        g.line(
            "idc",
            "=IF(@construction=1,(@debt_opening+in_idc_weight*@debt_draw)*in_loan_rate,0)",
            self.line("idc"),
            label("idc", self.language),
            unit,
            total=True,
        )

        lines = self.lines
        g.section("sec.totals")
        construction_investment = float(lines.construction_investment[0])
        total_investment = float(lines.total_investment[0])
        equity = float(lines.equity[0])
        opening_debt = float(lines.opening_debt[0])
        g.scalar(
            "construction_investment",
            "=SUM(#capex)",
            construction_investment,
            t("row.construction_investment"),
            unit,
            name="calc_construction_investment",
        )
        g.scalar(
            "idc_total", "=SUM(#idc)", float(lines.idc_total[0]), t("row.idc_total"), unit, name="calc_idc"
        )
        g.scalar(
            "total_investment",
            "=!construction_investment+!idc_total",
            total_investment,
            t("row.total_investment"),
            unit,
            name="calc_total_investment",
        )
        g.scalar("equity", "=SUM(#equity_draw)", equity, t("row.equity"), unit, name="calc_equity")
        g.scalar(
            "opening_debt",
            "=SUM(#debt_draw)+SUM(#idc)",
            opening_debt,
            t("row.opening_debt"),
            unit,
            name="calc_opening_debt",
        )
        depreciable = total_investment
        if not inputs.depreciate_government_equity:
            depreciable -= float(inputs.government_equity_share[0]) * equity
        g.scalar(
            "dep_base",
            "=!total_investment-(1-in_depreciate_government_equity)*in_government_equity_share*!equity",
            depreciable,
            t("row.dep_base"),
            unit,
        )

        # government payment (methodology §4)
        g.section("sec.payment")
        payment = project.payment
        method = payment.method
        cost = total_investment if payment.cost_basis == "total-investment" else construction_investment
        cost_template = (
            "=!total_investment" if payment.cost_basis == "total-investment" else "=!construction_investment"
        )
        g.scalar("cost_basis", cost_template, cost, t("row.cost_basis"), unit)
        coefficient_value = (
            float(inputs.payment_coefficient[0][construction_years]) if n > construction_years else 1.0
        )
        g.scalar(
            "coef_scalar",
            "=IF(COUNT(in_band_min)=0,1,IF(SUMPRODUCT((in_band_min>in_expected_score)*1)>=COUNT(in_band_min)"
            ",0,INDEX(in_band_coefficient,SUMPRODUCT((in_band_min>in_expected_score)*1)+1)))",
            coefficient_value,
            t("row.coef_scalar"),
            "",
            "ratio",
        )
        coefficient = inputs.payment_coefficient[0]
        g.line(
            "coefficient", "=IF(@operating=1,!coef_scalar,0)", coefficient, t("row.coefficient"), "", "ratio"
        )
        subsidy_years = inputs.subsidy_years
        in_subsidy = ((k >= 1) & (k <= subsidy_years)).astype(float)
        g.line(
            "in_subsidy",
            "=IF(AND(@k>=1,@k<=in_subsidy_years),1,0)",
            in_subsidy,
            t("row.in_subsidy"),
            "1/0",
            "flag",
        )
        p = float(inputs.reasonable_profit_rate[0])
        d = float(inputs.discount_rate[0])
        if method == "mof-21":
            term = np.where(in_subsidy > 0, cost * (1.0 + p) * np.power(1.0 + d, k) / subsidy_years, 0.0)
            template = (
                "=IF(@in_subsidy=1,!cost_basis*(1+in_reasonable_profit_rate)*(1+in_discount_rate)^@k"
                "/in_subsidy_years,0)"
            )
        elif method == "annuity":
            factor = (
                1.0 / subsidy_years
                if p == 0
                else p * (1 + p) ** subsidy_years / ((1 + p) ** subsidy_years - 1)
            )
            g.scalar(
                "payment_factor",
                "=IF(in_reasonable_profit_rate=0,1/in_subsidy_years,in_reasonable_profit_rate"
                "*(1+in_reasonable_profit_rate)^in_subsidy_years/((1+in_reasonable_profit_rate)"
                "^in_subsidy_years-1))",
                factor,
                t("row.payment_factor"),
                "",
                "number",
            )
            term = np.where(in_subsidy > 0, cost * factor, 0.0)
            template = "=IF(@in_subsidy=1,!cost_basis*!payment_factor,0)"
        elif method == "equal-principal":
            term = np.where(
                in_subsidy > 0, cost / subsidy_years + p * (cost * (1.0 - (k - 1.0) / subsidy_years)), 0.0
            )
            template = (
                "=IF(@in_subsidy=1,!cost_basis/in_subsidy_years+in_reasonable_profit_rate"
                "*(!cost_basis*(1-(@k-1)/in_subsidy_years)),0)"
            )
        elif method == "schedule":
            term = inputs.payment_schedule[0]
            template = "=N(%schedule)"
        else:
            term = np.zeros(n)
            template = "=0*in_government_pays"
        g.line("avail_term", template, term, t("row.avail_term"), unit, total=True)
        scaled = term * float(inputs.availability_scale[0])
        g.line(
            "avail_scaled",
            "=@avail_term*in_availability_factor",
            scaled,
            t("row.avail_scaled"),
            unit,
            total=True,
        )
        g.line(
            "availability_payment",
            "=@avail_scaled*(1-in_linked_share*(1-@coefficient))",
            self.line("availability_payment"),
            label("availability_payment", self.language),
            unit,
            total=True,
        )
        om_term = np.where(operating > 0, self.line("opex") * (1.0 + float(inputs.om_profit_rate[0])), 0.0)
        if method == "user-pay":
            om_term = om_term * 0.0
        g.line(
            "om_term",
            "=IF(@operating=1,@opex*(1+in_om_profit_rate),0)*in_government_pays",
            om_term,
            t("row.om_term"),
            unit,
            total=True,
        )
        g.line(
            "om_payment",
            "=@om_term*@coefficient",
            self.line("om_payment"),
            label("om_payment", self.language),
            unit,
            total=True,
        )
        g.line(
            "government_payment",
            "=MAX(@availability_payment+@om_payment-in_nets_user_revenue*@user_revenue,0)",
            self.line("government_payment"),
            label("government_payment", self.language),
            unit,
            total=True,
        )

        # profit
        g.section("sec.profit")
        g.line(
            "revenue",
            "=@government_payment+@user_revenue",
            self.line("revenue"),
            t("row.revenue"),
            unit,
            total=True,
        )
        g.line(
            "ebitda", "=@revenue-@opex", self.line("ebitda"), label("ebitda", self.language), unit, total=True
        )
        dep_main = self.line("depreciation") - inputs.lifecycle_depreciation[0]
        g.line(
            "dep_main",
            "=IF(AND(@k>=1,@k<=in_depreciation_years),!dep_base/in_depreciation_years,0)"
            "+IF(@period=!n_periods,!dep_base-!dep_base/in_depreciation_years"
            "*MIN(in_depreciation_years,in_operation_years),0)",
            dep_main,
            t("row.dep_main"),
            unit,
            total=True,
        )
        g.line(
            "depreciation",
            "=@dep_main+@lc_dep_total",
            self.line("depreciation"),
            label("depreciation", self.language),
            unit,
            total=True,
        )
        g.line(
            "ebit",
            "=@ebitda-@depreciation",
            self.line("ebit"),
            label("ebit", self.language),
            unit,
            total=True,
        )
        tenor = inputs.tenor_years
        repaying = ((k >= 1) & (k <= tenor)).astype(float)
        g.line(
            "repaying", "=IF(AND(@k>=1,@k<=in_tenor_years),1,0)", repaying, t("row.repaying"), "1/0", "flag"
        )
        g.line(
            "interest",
            "=IF(@repaying=1,@debt_opening*in_loan_rate,0)",
            self.line("interest"),
            label("interest", self.language),
            unit,
            total=True,
        )
        ebt = self.line("ebt")
        g.line("ebt", "=@ebit-@interest", ebt, t("row.ebt"), unit, total=True)
        loss = np.maximum(-ebt, 0.0)
        taxable_pre = np.maximum(ebt, 0.0)
        g.line("loss", "=MAX(-@ebt,0)", loss, t("row.loss"), unit, total=True)
        g.line("taxable_pre", "=MAX(@ebt,0)", taxable_pre, t("row.taxable_pre"), unit, total=True)

        # tax losses by loss year (vintage): available, cumulative available, used, left
        g.section("sec.losses")
        g.rows["lv0_cum"] = g.next_row  # the section title row: empty period cells read 0
        carry = inputs.loss_carryforward_years
        left = np.zeros((n, n))
        used = np.zeros((n, n))
        available = np.zeros((n, n))
        cum = np.zeros((n, n))
        for j in range(n):
            running = 0.0
            for s in range(n):
                window = period[j] > period[s] and period[j] - period[s] <= carry
                available[s, j] = left[s, j - 1] if (window and j > 0) else 0.0
                before = running
                running = running + available[s, j]
                cum[s, j] = running
                used[s, j] = min(max(taxable_pre[j] - before, 0.0), available[s, j])
                if j == s:
                    left[s, j] = loss[j]
                else:
                    left[s, j] = (left[s, j - 1] if j > 0 else 0.0) - used[s, j]
        for s in range(n):
            v = f"lv{s + 1}"
            prev = f"lv{s}_cum"
            title = f"{t('row.vintage')} {s + 1}"
            vintage = f"$C${g.next_row + 1}"
            g.line(
                f"{v}_available",
                f"=IF(AND(@period>{vintage},@period-{vintage}<=in_loss_carryforward_years),@@{v}_left,0)",
                available[s],
                f"{title}: {t('row.lv_available')}",
                unit,
                scalar_c=float(s + 1),
            )
            g.line(f"{v}_cum", f"=@{prev}+@{v}_available", cum[s], f"{title}: {t('row.lv_cum')}", unit)
            g.line(
                f"{v}_used",
                f"=MIN(MAX(@taxable_pre-@{prev},0),@{v}_available)",
                used[s],
                f"{title}: {t('row.lv_used')}",
                unit,
            )
            g.line(
                f"{v}_left",
                f"=IF(@period=$C${g.rows[f'{v}_available']},@loss,@@{v}_left-@{v}_used)",
                left[s],
                f"{title}: {t('row.lv_left')}",
                unit,
            )
        loss_used = used.sum(axis=0)
        g.line(
            "loss_used",
            "=" + "+".join(f"@lv{s + 1}_used" for s in range(n)),
            loss_used,
            t("row.loss_used"),
            unit,
            total=True,
        )

        g.section("sec.debt")
        g.line(
            "taxable", "=@taxable_pre-@loss_used", taxable_pre - loss_used, t("row.taxable"), unit, total=True
        )
        g.line(
            "income_tax",
            "=in_income_tax_rate*@taxable",
            self.line("income_tax"),
            label("income_tax", self.language),
            unit,
            total=True,
        )
        g.line(
            "net_profit",
            "=@ebt-@income_tax",
            self.line("net_profit"),
            label("net_profit", self.language),
            unit,
            total=True,
        )
        g.line(
            "cfads",
            "=@ebitda-@income_tax-@lifecycle_capex",
            self.line("cfads"),
            label("cfads", self.language),
            unit,
            total=True,
        )
        repayment = inputs.repayment
        r = float(inputs.loan_rate[0])
        if repayment == "annuity":
            factor = 1.0 / tenor if r == 0 else r * (1 + r) ** tenor / ((1 + r) ** tenor - 1)
            g.scalar(
                "debt_payment",
                "=!opening_debt*IF(in_loan_rate=0,1/in_tenor_years,in_loan_rate*(1+in_loan_rate)"
                "^in_tenor_years/((1+in_loan_rate)^in_tenor_years-1))",
                opening_debt * factor,
                t("row.debt_payment"),
                unit,
            )
            principal_template = "=IF(@repaying=1,!debt_payment-@interest,0)"
        elif repayment == "equal-principal":
            principal_template = "=IF(@repaying=1,!opening_debt/in_tenor_years,0)"
        else:
            principal_template = (
                "=IF(@repaying=1,MIN(MAX(@cfads/in_target_dscr-@interest,0),@debt_opening),0)"
            )
        g.line(
            "principal",
            principal_template,
            self.line("principal"),
            label("principal", self.language),
            unit,
            total=True,
        )
        closing = (
            self.line("debt_opening") + self.line("debt_draw") + self.line("idc") - self.line("principal")
        )
        g.line(
            "debt_closing", "=@debt_opening+@debt_draw+@idc-@principal", closing, t("row.debt_closing"), unit
        )
        g.line(
            "debt_service",
            "=@interest+@principal",
            self.line("debt_service"),
            t("row.debt_service"),
            unit,
            total=True,
        )
        metrics = self.evaluation.batch.metrics
        g.line(
            "dscr",
            '=IF(@debt_service>0,@cfads/@debt_service,"")',
            metrics.dscr[0],
            label("dscr", self.language),
            t("unit.ratio"),
            "ratio",
        )
        g.line(
            "icr",
            '=IF(@interest>0,@ebit/@interest,"")',
            metrics.icr[0],
            label("icr", self.language),
            t("unit.ratio"),
            "ratio",
        )

        # cash flows (§6) and the rows the statements show
        g.section("sec.cashflows")
        g.line(
            "pcf_outflow",
            "=@capex+@lifecycle_capex+@opex",
            self.line("capex") + self.line("lifecycle_capex") + self.line("opex"),
            t("row.pcf_outflow"),
            unit,
            total=True,
        )
        pre = self.line("project_cf_pre_tax")
        g.line(
            "project_cf_pre_tax",
            "=@revenue-@opex-@capex-@lifecycle_capex",
            pre,
            label("project_cf_pre_tax", self.language),
            unit,
            total=True,
        )
        g.line(
            "pcf_pre_cum", "=@@pcf_pre_cum+@project_cf_pre_tax", np.cumsum(pre), t("row.pcf_pre_cum"), unit
        )
        adjusted = float(inputs.income_tax_rate[0]) * np.maximum(self.line("ebit"), 0.0)
        g.line(
            "adjusted_tax",
            "=in_income_tax_rate*MAX(@ebit,0)",
            adjusted,
            t("row.adjusted_tax"),
            unit,
            total=True,
        )
        post = self.line("project_cf_post_tax")
        g.line(
            "project_cf_post_tax",
            "=@project_cf_pre_tax-@adjusted_tax",
            post,
            label("project_cf_post_tax", self.language),
            unit,
            total=True,
        )
        g.line(
            "ecf_outflow",
            "=@equity_draw+@lifecycle_capex+@opex+@interest+@principal+@income_tax",
            self.line("equity_draw")
            + self.line("lifecycle_capex")
            + self.line("opex")
            + self.line("interest")
            + self.line("principal")
            + self.line("income_tax"),
            t("row.ecf_outflow"),
            unit,
            total=True,
        )
        equity_cf = self.line("equity_cf")
        g.line(
            "equity_cf",
            "=-@equity_draw+@revenue-@opex-@lifecycle_capex-@interest-@principal-@income_tax",
            equity_cf,
            label("equity_cf", self.language),
            unit,
            total=True,
        )
        g.line("ecf_cum", "=@@ecf_cum+@equity_cf", np.cumsum(equity_cf), t("row.ecf_cum"), unit)
        fp_operating = self.line("revenue") - self.line("opex") - self.line("income_tax")
        g.line(
            "fp_operating",
            "=@revenue-@opex-@income_tax",
            fp_operating,
            t("row.fp_operating"),
            unit,
            total=True,
        )
        fp_investing = -self.line("capex") - self.line("lifecycle_capex")
        g.line(
            "fp_investing", "=-@capex-@lifecycle_capex", fp_investing, t("row.fp_investing"), unit, total=True
        )
        fp_financing = (
            self.line("equity_draw") + self.line("debt_draw") - self.line("interest") - self.line("principal")
        )
        g.line(
            "fp_financing",
            "=@equity_draw+@debt_draw-@interest-@principal",
            fp_financing,
            t("row.fp_financing"),
            unit,
            total=True,
        )
        fp_net = fp_operating + fp_investing + fp_financing
        g.line(
            "fp_net", "=@fp_operating+@fp_investing+@fp_financing", fp_net, t("row.fp_net"), unit, total=True
        )
        g.line("fp_cum", "=@@fp_cum+@fp_net", np.cumsum(fp_net), t("row.fp_cum"), unit)

        # fiscal expenditure and affordability (§7)
        g.section("sec.fiscal")
        g.line(
            "equity_expenditure",
            "=in_government_equity_share*@equity_draw",
            self.line("equity_expenditure"),
            t("row.equity_expenditure"),
            unit,
            total=True,
        )
        fiscal = project.fiscal
        fiscal_terms = ["@equity_expenditure", "@government_payment"]
        if fiscal is not None:
            if fiscal.risk_scenarios:
                first = self.map.input_rows["risk1"]
                last = self.map.input_rows[f"risk{len(fiscal.risk_scenarios)}"]
                risk_template = f"=SUMPRODUCT(Inputs!$C${first}:$C${last},Inputs!@col@{first}:@col@{last})"
            else:
                risk_template = "=in_risk_ratio*IF(@operating=1,@government_payment,@capex)"
            self._risk_line(g, risk_template)
            g.line(
                "supporting_expenditure",
                "=N(%supporting)",
                self.line("supporting_expenditure"),
                t("row.supporting_expenditure"),
                unit,
                total=True,
            )
            fiscal_terms += ["@risk_expenditure", "@supporting_expenditure"]
        g.line(
            "fiscal_expenditure",
            "=" + "+".join(fiscal_terms),
            self.line("fiscal_expenditure"),
            label("fiscal_expenditure", self.language),
            unit,
            total=True,
        )
        if fiscal is not None:
            assert inputs.general_budget is not None
            assert lines.affordability_ratio is not None
            g.line(
                "other_ppp",
                "=N(%other_ppp)",
                inputs.other_ppp_expenditure[0],
                t("row.other_ppp"),
                unit,
                total=True,
            )
            g.line(
                "budget",
                "=in_general_budget*(1+in_budget_growth)^(@period-1)",
                inputs.general_budget[0],
                t("row.budget"),
                unit,
                total=True,
            )
            g.line(
                "affordability_ratio",
                "=(@fiscal_expenditure+@other_ppp)/@budget",
                lines.affordability_ratio[0],
                label("affordability_ratio", self.language),
                "%",
                "rate",
            )

        if project.vfm is not None and inputs.psc_cost is not None:
            g.section("sec.vfm")
            base_opex = math.fsum(item.amount for item in project.opex)
            g.scalar(
                "base_capex", "=" + ("+".join(base_capex_terms) or "0"), base_capex, t("row.base_capex"), unit
            )
            g.scalar(
                "base_opex",
                "=" + ("+".join(f"in_opex{i}_amount" for i in range(1, len(project.opex) + 1)) or "0"),
                base_opex,
                t("row.base_opex"),
                unit,
            )
            g.line(
                "psc_cost",
                "=IF(!base_capex>0,(@capex+@lifecycle_capex)*(in_psc_construction_cost/!base_capex),"
                "@lifecycle_capex+IF(@period=1,in_psc_construction_cost*@esc_inflation,0))"
                "+IF(!base_opex>0,@opex*(in_psc_om_cost/!base_opex),"
                "IF(@operating=1,in_psc_om_cost,0)*@esc_inflation)",
                inputs.psc_cost[0],
                t("row.psc_cost"),
                unit,
                total=True,
            )
            # the O&M part of the same formula, so the VfM report can show construction and O&M apart
            construction_part, om_part = psc_profiles(self.project, self.evaluation)
            g.line(
                "psc_om_part",
                "=IF(!base_opex>0,@opex*(in_psc_om_cost/!base_opex),"
                "IF(@operating=1,in_psc_om_cost,0)*@esc_inflation)",
                om_part,
                t("row.psc_om_part"),
                unit,
                total=True,
            )
            g.line(
                "psc_construction_part",
                "=@psc_cost-@psc_om_part",
                construction_part,
                t("row.psc_construction_part"),
                unit,
                total=True,
            )

        # helper rows for payback and LLCR
        g.section("sec.helpers")
        self._payback_rows(g, "pb", "project_cf_post_tax", post)
        discounted = post * np.power(1.0 + d, -period)
        g.line(
            "dcf",
            "=@project_cf_post_tax*(1+in_discount_rate)^(-@period)",
            discounted,
            t("row.dcf"),
            unit,
            total=True,
        )
        self._payback_rows(g, "dpb", "dcf", discounted)
        g.line(
            "ll_cfads",
            "=IF(@repaying=1,@cfads,0)",
            np.where(repaying > 0, self.line("cfads"), 0.0),
            t("row.ll_cfads"),
            unit,
            total=True,
        )
        g.line(
            "df_loan",
            "=IF(@repaying=1,(1+in_loan_rate)^(-@k),0)",
            np.where(repaying > 0, np.power(1.0 + r, -k), 0.0),
            t("row.df_loan"),
            "",
            "number",
        )

    def _risk_line(self, g: _Grid, template: str) -> None:
        if "@col@" in template:
            row = g.next_row
            g.rows["risk_expenditure"] = row + 1
            values = self.line("risk_expenditure")
            g.values["risk_expenditure"] = values
            g.sheet.write_string(row, 0, self.t("row.risk_expenditure"), self.formats.text)
            g.sheet.write_string(row, 1, self.unit, self.formats.text)
            for index in range(self.periods):
                formula = template.replace("@col@", period_column(index))
                g.sheet.write_formula(
                    row, FIRST_COL + index, formula, self.formats.money, float(values[index])
                )
            g.sheet.write_formula(
                row,
                VALUE_COL,
                g.expand("=SUM(#risk_expenditure)", None),
                self.formats.money,
                math.fsum(values),
            )
            g.next_row += 1
        else:
            g.line(
                "risk_expenditure",
                template,
                self.line("risk_expenditure"),
                self.t("row.risk_expenditure"),
                self.unit,
                total=True,
            )

    def _payback_rows(self, g: _Grid, prefix: str, flow_key: str, flows: FloatArray) -> None:
        t = self.t
        n = self.periods
        cumulative = np.cumsum(flows)
        negative = np.maximum.accumulate((cumulative < 0).astype(float))
        hit: list[Any] = []
        found = np.zeros(n)
        for j in range(n):
            before_negative = negative[j - 1] if j > 0 else 0.0
            before_found = found[j - 1] if j > 0 else 0.0
            before_cum = cumulative[j - 1] if j > 0 else 0.0
            if before_negative == 1 and cumulative[j] >= 0 and before_found == 0:
                hit.append(j + 1 - 1 + abs(before_cum) / flows[j])
            else:
                hit.append(None)
            found[j] = 1.0 if (before_found == 1 or hit[j] is not None) else 0.0
        g.line(f"{prefix}_cum", f"=@@{prefix}_cum+@{flow_key}", cumulative, t("row.pb_cum"), self.unit)
        g.line(
            f"{prefix}_neg",
            f"=IF(OR(@@{prefix}_neg=1,@{prefix}_cum<0),1,0)",
            negative,
            t("row.pb_neg"),
            "1/0",
            "flag",
        )
        g.line(
            f"{prefix}_hit",
            f"=IF(AND(@@{prefix}_neg=1,@{prefix}_cum>=0,@@{prefix}_found=0),"
            f'@period-1+ABS(@@{prefix}_cum)/@{flow_key},"")',
            np.array(hit, dtype=object),
            t("row.pb_hit"),
            t("unit.year"),
            "ratio",
        )
        g.line(
            f"{prefix}_found",
            f"=IF(OR(@@{prefix}_found=1,ISNUMBER(@{prefix}_hit)),1,0)",
            found,
            t("row.pb_found"),
            "1/0",
            "flag",
        )

    # ---------------------------------------------------------------------------------------------------
    def _statement_rows(self, key: str) -> list[tuple[str, str]]:
        """(label key, Calc row key) of each statement."""
        fiscal = self.project.fiscal is not None
        if key == "project_cf":
            return [
                ("row.revenue", "revenue"),
                ("government_payment", "government_payment"),
                ("user_revenue", "user_revenue"),
                ("row.pcf_outflow", "pcf_outflow"),
                ("capex", "capex"),
                ("lifecycle_capex", "lifecycle_capex"),
                ("opex", "opex"),
                ("project_cf_pre_tax", "project_cf_pre_tax"),
                ("row.pcf_pre_cum", "pcf_pre_cum"),
                ("row.adjusted_tax", "adjusted_tax"),
                ("project_cf_post_tax", "project_cf_post_tax"),
                ("row.pb_cum", "pb_cum"),
            ]
        if key == "equity_cf":
            return [
                ("row.revenue", "revenue"),
                ("row.ecf_outflow", "ecf_outflow"),
                ("equity_draw", "equity_draw"),
                ("lifecycle_capex", "lifecycle_capex"),
                ("opex", "opex"),
                ("interest", "interest"),
                ("principal", "principal"),
                ("income_tax", "income_tax"),
                ("equity_cf", "equity_cf"),
                ("row.ecf_cum", "ecf_cum"),
            ]
        if key == "profit":
            return [
                ("row.revenue", "revenue"),
                ("government_payment", "government_payment"),
                ("user_revenue", "user_revenue"),
                ("opex", "opex"),
                ("ebitda", "ebitda"),
                ("depreciation", "depreciation"),
                ("ebit", "ebit"),
                ("interest", "interest"),
                ("row.ebt", "ebt"),
                ("row.loss_used", "loss_used"),
                ("row.taxable", "taxable"),
                ("income_tax", "income_tax"),
                ("net_profit", "net_profit"),
            ]
        if key == "debt":
            return [
                ("debt_opening", "debt_opening"),
                ("debt_draw", "debt_draw"),
                ("idc", "idc"),
                ("interest", "interest"),
                ("principal", "principal"),
                ("row.debt_service", "debt_service"),
                ("row.debt_closing", "debt_closing"),
                ("cfads", "cfads"),
                ("dscr", "dscr"),
                ("icr", "icr"),
            ]
        if key == "financial_plan":
            return [
                ("row.fp_operating", "fp_operating"),
                ("row.revenue", "revenue"),
                ("opex", "opex"),
                ("income_tax", "income_tax"),
                ("row.fp_investing", "fp_investing"),
                ("row.fp_financing", "fp_financing"),
                ("equity_draw", "equity_draw"),
                ("debt_draw", "debt_draw"),
                ("interest", "interest"),
                ("principal", "principal"),
                ("row.fp_net", "fp_net"),
                ("row.fp_cum", "fp_cum"),
            ]
        rows = [
            ("row.equity_expenditure", "equity_expenditure"),
            ("government_payment", "government_payment"),
        ]
        if fiscal:
            rows += [
                ("row.risk_expenditure", "risk_expenditure"),
                ("row.supporting_expenditure", "supporting_expenditure"),
            ]
        rows.append(("fiscal_expenditure", "fiscal_expenditure"))
        if fiscal:
            rows += [
                ("row.other_ppp", "other_ppp"),
                ("row.budget", "budget"),
                ("affordability_ratio", "affordability_ratio"),
            ]
        return rows

    def _write_statement(self, sheet: Any, key: str) -> None:
        g = self.grid
        row = 4
        for number, (label_key, calc_key) in enumerate(self._statement_rows(key), start=1):
            calc_row = self.map.calc_rows[calc_key]
            values = g.values[calc_key]
            kind = (
                "ratio"
                if calc_key in ("dscr", "icr")
                else "rate"
                if calc_key == "affordability_ratio"
                else "money"
            )
            fmt = self.formats.for_kind(kind)
            sheet.write_string(row, 0, f"{number} {label(label_key, self.language)}", self.formats.text)
            sheet.write_string(
                row,
                1,
                "%" if kind == "rate" else "" if kind == "ratio" else as_text(self.unit),
                self.formats.text,
            )
            for index in range(self.periods):
                column = period_column(index)
                sheet.write_formula(
                    row, FIRST_COL + index, f"=Calc!{column}{calc_row}", fmt, _cell(values[index])
                )
            if (
                kind == "money"
                and not calc_key.endswith("_cum")
                and calc_key not in ("debt_opening", "debt_closing")
            ):
                total = math.fsum(float(v) for v in values)
                sheet.write_formula(
                    row, VALUE_COL, f"=SUM({period_column(0)}{row + 1}:{g.last}{row + 1})", fmt, total
                )
            row += 1
        self._finish_period_sheet(sheet, f"{STATEMENTS[key][1]} / {STATEMENTS[key][0]}", row)

    # ---------------------------------------------------------------------------------------------------
    def _metric_formulas(self) -> list[tuple[str, str | None, str]]:
        """(metric key, template over Calc rows or None for "n/a", kind)."""
        metrics = self.evaluation.metrics
        fiscal = self.project.fiscal is not None
        vfm = self.project.vfm is not None
        items: list[tuple[str, str | None, str]] = [
            ("project_npv_pre_tax", "=NPV(in_discount_rate,#project_cf_pre_tax)", "money"),
            ("project_irr_pre_tax", "=IRR(#project_cf_pre_tax,@guess)", "rate"),
            ("project_npv_post_tax", "=NPV(in_discount_rate,#project_cf_post_tax)", "money"),
            ("project_irr_post_tax", "=IRR(#project_cf_post_tax,@guess)", "rate"),
            ("equity_irr", "=IRR(#equity_cf,@guess)", "rate"),
            (
                "equity_npv",
                "=NPV(in_equity_hurdle_rate,#equity_cf)"
                if self.project.rates.equity_hurdle_rate is not None
                else None,
                "money",
            ),
            ("min_dscr", "=MIN(#dscr)", "ratio"),
            ("mean_dscr", "=AVERAGE(#dscr)", "ratio"),
            ("llcr", "=SUMPRODUCT(#ll_cfads,#df_loan)/!opening_debt", "ratio"),
            ("payback_years", '=IF(MAX(#pb_neg)=0,0,IF(MAX(#pb_found)=1,SUM(#pb_hit),"n/a"))', "ratio"),
            (
                "discounted_payback_years",
                '=IF(MAX(#dpb_neg)=0,0,IF(MAX(#dpb_found)=1,SUM(#dpb_hit),"n/a"))',
                "ratio",
            ),
            ("roi", "=SUMIF(#operating,1,#ebit)/in_operation_years/!total_investment", "rate"),
            ("roe", "=SUMIF(#operating,1,#net_profit)/in_operation_years/!equity", "rate"),
            ("government_pv", "=NPV(in_discount_rate,#government_payment)", "money"),
            ("construction_investment", "=!construction_investment", "money"),
            ("idc", "=!idc_total", "money"),
            ("total_investment", "=!total_investment", "money"),
            ("max_affordability_ratio", "=MAX(#affordability_ratio)" if fiscal else None, "rate"),
        ]
        if vfm:
            fiscal_obj = self.project.fiscal
            has_risk_line = fiscal_obj is not None and (
                (fiscal_obj.risk_ratio or 0.0) > 0.0 or bool(fiscal_obj.risk_scenarios)
            )
            retained = "" if has_risk_line else "+in_retained_risk"
            items += [
                (
                    "psc",
                    "=NPV(in_discount_rate,#psc_cost)+(in_competitive_neutrality+in_transferable_risk"
                    "+in_retained_risk)",
                    "money",
                ),
                ("ppp_value", f"=NPV(in_discount_rate,#fiscal_expenditure){retained}", "money"),
                ("vfm_amount", "=@psc-@ppp_value", "money"),
                ("vfm_index", "=@vfm_amount/@psc", "rate"),
            ]
        else:
            items += [("vfm_amount", None, "money"), ("vfm_index", None, "rate")]
        items.append(("min_icr", "=MIN(#icr)", "ratio"))
        # metrics the engine does not report (no IRR, no debt ...) are written as "n/a", not as a formula
        return [
            (key, template if (key in ("psc", "ppp_value") or metrics.get(key) is not None) else None, kind)
            for key, template, kind in items
        ]

    def _write_metrics(self, sheet: Any) -> dict[str, Cell]:
        metrics = self.evaluation.metrics
        batch_metrics = self.evaluation.batch.metrics
        t = self.t
        sheet.write_string(0, 0, t("sheet.metrics"), self.formats.title)
        sheet.write_string(1, 0, f"{t('cover.money_unit')}: {as_text(self.unit)}", self.formats.note)
        for col, key in enumerate(("col.item", "col.unit", "col.value", "col.note")):
            sheet.write_string(3, col, t(key), self.formats.header)
        row = 4
        local: dict[str, str] = {}
        values: dict[str, Cell] = {}
        for key, template, kind in self._metric_formulas():
            name = label(f"metric.{key}" if key in ("psc", "ppp_value") else key, self.language)
            sheet.write_string(row, 0, name, self.formats.text)
            sheet.write_string(
                row,
                1,
                {"money": as_text(self.unit), "rate": "%", "ratio": "", "years": t("unit.year")}[kind],
                self.formats.text,
            )
            if key == "psc":
                value: Cell = float(batch_metrics.psc[0]) if batch_metrics.psc is not None else ""
            elif key == "ppp_value":
                value = float(batch_metrics.ppp_value[0]) if batch_metrics.ppp_value is not None else ""
            else:
                value = _cell(metrics.get(key))
            if template is None:
                sheet.write_string(row, VALUE_COL, "n/a", self.formats.text)
                note = self.evaluation.irr_notes.get(key, "")
                if note:
                    sheet.write_string(row, 3, as_text(note), self.formats.note)
                values[key] = "n/a"
            else:
                formula = re.sub(r"@(psc|ppp_value|vfm_amount)\b", lambda m: local[m.group(1)], template)
                if "@guess" in formula:
                    # IRR's starting point (an input: LibreOffice's default of 10 % does not converge to a
                    # strongly negative IRR); the engine's rate rounded to whole per cent
                    guess = round(float(value), 2) if isinstance(value, float) else 0.1
                    sheet.write_number(row, 5, guess, self.formats.input_rate)
                    # the spreadsheet's IRR (Excel stops at 1e-7 relative), then one Newton step on the NPV:
                    # r + NPV(r) / Σ t·CF_t·(1 + r)^(−t−1), which makes it exact to float precision
                    raw = self.grid.expand(formula.replace("@guess", f"$F${row + 1}"), None, prefix="Calc!")
                    sheet.write_formula(row, 6, raw, self.formats.rate, value)
                    flows = formula[len("=IRR(") : formula.index(",@guess")]
                    formula = (
                        f"=$G${row + 1}+NPV($G${row + 1},{flows})"
                        f"/SUMPRODUCT(#period,{flows},(1+$G${row + 1})^(-#period-1))"
                    )
                formula = self.grid.expand(formula, None, prefix="Calc!")
                sheet.write_formula(row, VALUE_COL, formula, self.formats.for_kind(kind), value)
                values[key] = value
            local[key] = f"$C${row + 1}"
            self.map.metric_cells[key] = f"C{row + 1}"
            sheet.write_string(row, 4, key, self.formats.note)
            row += 1
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 1, 8)
        sheet.set_column(VALUE_COL, VALUE_COL, 18)
        sheet.set_column(3, 3, 30)
        sheet.set_column(4, 4, 26)
        sheet.write_string(3, 5, t("col.irr_guess"), self.formats.header)
        sheet.write_string(3, 6, t("col.irr_raw"), self.formats.header)
        sheet.set_column(5, 6, 16)
        sheet.freeze_panes(4, 0)
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        return values

    def _write_vfm_report(self, sheet: Any) -> None:
        """The value-for-money report: every input with its value and source, the PSC and PPP value by part
        and the VfM amount and index as formulas over the named inputs and Calc rows, the risk register and
        the qualitative criteria with their weighted score (docs/government.md)."""
        t = self.t
        f = self.formats
        project = self.project
        vfm = project.vfm
        components = vfm_components(project, self.evaluation)

        def m(key: str) -> str:
            return as_text(translate(key, self.language))

        assert vfm is not None
        assert components is not None
        sheet.write_string(0, 0, t("sheet.vfm"), f.title)
        sheet.write_string(1, 0, f"{t('cover.money_unit')}: {self.unit}", f.note)
        for col, key in enumerate(("col.item", "col.unit", "col.value", "col.name", "col.source")):
            sheet.write_string(3, col, t(key), f.header)
        row = 4

        def section(key: str) -> None:
            nonlocal row
            row += 1
            sheet.write_string(row, 0, t(key), f.section)
            row += 1

        def formula(
            key: str, text: str, template: str, value: float, kind: str = "money", note: str = ""
        ) -> str:
            nonlocal row
            sheet.write_string(row, 0, text, f.text)
            sheet.write_string(row, 1, "%" if kind == "rate" else self.unit, f.text)
            sheet.write_formula(
                row, VALUE_COL, self.grid.expand(template, None, prefix="Calc!"), f.for_kind(kind), value
            )
            sheet.write_string(row, 3, key, f.note)
            if note:
                sheet.write_string(row, 4, as_text(note), f.note)
            cell = f"$C${row + 1}"
            self.map.vfm_cells[key] = f"C{row + 1}"
            row += 1
            return cell

        section("sec.vfm_report_inputs")
        for item in vfm_inputs(project):
            kind = "rate" if item.key == "discount_rate" else "money"
            source = item.source if item.source_kind == "stated" else m(f"vfm.source.{item.source_kind}")
            formula(f"in_{item.key}", m(f"vfm.input.{item.key}"), f"=in_{item.key}", item.value, kind, source)

        section("sec.vfm_report_psc")
        parts = [
            formula(
                "construction_cost",
                m("vfm.part.construction_cost"),
                "=NPV(in_discount_rate,#psc_construction_part)",
                components.construction_cost,
            ),
            formula(
                "om_cost", m("vfm.part.om_cost"), "=NPV(in_discount_rate,#psc_om_part)", components.om_cost
            ),
            formula(
                "competitive_neutrality",
                m("vfm.part.competitive_neutrality"),
                "=in_competitive_neutrality",
                components.competitive_neutrality,
            ),
            formula(
                "transferable_risk",
                m("vfm.part.transferable_risk"),
                "=in_transferable_risk",
                components.transferable_risk,
            ),
            formula(
                "retained_risk", m("vfm.part.retained_risk"), "=in_retained_risk", components.retained_risk
            ),
        ]
        psc = formula("psc", m("vfm.part.psc"), "=" + "+".join(parts), components.psc)

        section("sec.vfm_report_ppp")
        ppp_parts = [
            formula(
                "equity_expenditure",
                m("vfm.part.equity_expenditure"),
                "=NPV(in_discount_rate,#equity_expenditure)",
                components.equity_expenditure,
            ),
            formula(
                "government_payment",
                m("vfm.part.government_payment"),
                "=NPV(in_discount_rate,#government_payment)",
                components.government_payment,
            ),
        ]
        if project.fiscal is not None:
            ppp_parts += [
                formula(
                    "risk_expenditure",
                    m("vfm.part.risk_expenditure"),
                    "=NPV(in_discount_rate,#risk_expenditure)",
                    components.risk_expenditure,
                ),
                formula(
                    "supporting_expenditure",
                    m("vfm.part.supporting_expenditure"),
                    "=NPV(in_discount_rate,#supporting_expenditure)",
                    components.supporting_expenditure,
                ),
            ]
        if not _has_risk_line(project):
            # without a fiscal risk line the government's retained risk is counted here, once (§8)
            ppp_parts.append(
                formula(
                    "ppp_retained_risk",
                    m("vfm.part.ppp_retained_risk"),
                    "=in_retained_risk",
                    components.ppp_retained_risk,
                )
            )
        ppp_value = formula(
            "ppp_value", m("vfm.part.ppp_value"), "=" + "+".join(ppp_parts), components.ppp_value
        )
        amount = formula("vfm_amount", m("vfm.part.vfm_amount"), f"={psc}-{ppp_value}", components.vfm_amount)
        if components.vfm_index is not None:
            formula("vfm_index", m("vfm.part.vfm_index"), f"={amount}/{psc}", components.vfm_index, "rate")

        if vfm.risks:
            section("sec.vfm_report_register")
            headers = (
                "col.risk",
                "col.probability",
                "col.impact",
                "col.allocation",
                "col.government_share",
                "col.expected_cost",
                "col.retained",
                "col.transferable",
                "col.source",
            )
            for col, key in enumerate(headers):
                sheet.write_string(row, col, t(key), f.header)
            row += 1
            first = row + 1
            for line in risk_register(vfm.risks).risks:
                r = row + 1
                sheet.write_string(row, 0, as_text(line.name), f.input_text)
                sheet.write_number(row, 1, line.probability, f.input_number)
                sheet.write_number(row, 2, line.impact, f.input_money)
                sheet.write_string(row, 3, m(f"vfm.allocation.{line.allocation}"), f.input_text)
                sheet.write_number(row, 4, line.government_share, f.input_number)
                sheet.write_formula(row, 5, f"=B{r}*C{r}", f.money, line.expected_cost)
                sheet.write_formula(row, 6, f"=F{r}*E{r}", f.money, line.retained)
                sheet.write_formula(row, 7, f"=F{r}-G{r}", f.money, line.transferable)
                if line.source:
                    sheet.write_string(row, 8, as_text(line.source), f.note)
                row += 1
            last = row
            register = risk_register(vfm.risks)
            sheet.write_string(row, 0, t("row.total"), f.check)
            sheet.write_formula(row, 5, f"=SUM(F{first}:F{last})", f.bold_money, register.expected_cost)
            sheet.write_formula(row, 6, f"=SUM(G{first}:G{last})", f.bold_money, register.retained_risk)
            sheet.write_formula(row, 7, f"=SUM(H{first}:H{last})", f.bold_money, register.transferable_risk)
            row += 1

        if vfm.criteria:
            section("sec.vfm_report_qualitative")
            for col, key in enumerate(
                ("col.criterion", "col.group", "col.weight", "col.score", "col.weighted")
            ):
                sheet.write_string(row, col, t(key), f.header)
            row += 1
            first = row + 1
            result = qualitative_result(vfm.criteria)
            for criterion in result.criteria:
                r = row + 1
                sheet.write_string(row, 0, as_text(criterion.name), f.input_text)
                sheet.write_string(row, 1, criterion.group, f.input_text)
                sheet.write_number(row, 2, criterion.weight, f.input_number)
                sheet.write_number(row, 3, criterion.score, f.input_number)
                sheet.write_formula(row, 4, f"=C{r}*D{r}/100", f.ratio, criterion.weighted)
                row += 1
            last = row
            groups = f"$B${first}:$B${last}"
            weights = f"$C${first}:$C${last}"
            totals = {
                "core_weight": (f'=SUMIF({groups},"core",{weights})', result.core_weight),
                "supplementary_weight": (
                    f'=SUMIF({groups},"supplementary",{weights})',
                    result.supplementary_weight,
                ),
                "qualitative_score": (f"=SUM(E{first}:E{last})", result.score),
            }
            cells: dict[str, str] = {}
            for key, (template, value) in totals.items():
                sheet.write_string(row, 0, t(f"row.{key}"), f.check)
                sheet.write_formula(row, 4, template, f.ratio, value)
                cells[key] = f"E{row + 1}"
                row += 1
            verdict = (
                (t("row.qualitative_pass") if result.passed else t("row.qualitative_fail"))
                if result.conclusive
                else t("row.qualitative_inconclusive")
            )
            sheet.write_string(row, 0, t("row.qualitative_result"), f.check)
            sheet.write_formula(
                row,
                4,
                f"=IF(AND(ABS({cells['core_weight']}-{VFM_CORE_WEIGHT})<={WEIGHT_TOLERANCE},"
                f"ABS({cells['supplementary_weight']}-{VFM_SUPPLEMENTARY_WEIGHT})<={WEIGHT_TOLERANCE}),"
                f'IF({cells["qualitative_score"]}>={QUALITATIVE_PASS_SCORE},"{t("row.qualitative_pass")}",'
                f'"{t("row.qualitative_fail")}"),"{t("row.qualitative_inconclusive")}")',
                f.check,
                verdict,
            )
            row += 1
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 1, 12)
        sheet.set_column(VALUE_COL, VALUE_COL, 18)
        sheet.set_column(3, 8, 16)
        sheet.freeze_panes(4, 0)

    def _write_engine(self, sheet: Any) -> None:
        """The engine's annual lines as constants, for the engine-vs-formula checks."""
        sheet.write_string(0, 0, self.t("sheet.engine"), self.formats.title)
        sheet.write_string(1, 0, self.t("col.engine"), self.formats.note)
        self.engine_rows: dict[str, int] = {}
        row = 4
        for key, calc_key in YEAR_ROWS.items():
            sheet.write_string(row, 0, label(key, self.language), self.formats.text)
            sheet.write_string(row, 1, key, self.formats.note)
            for index, year in enumerate(self.evaluation.years):
                value = year[key]
                if isinstance(value, (int, float)):
                    sheet.write_number(row, FIRST_COL + index, float(value), self.formats.engine)
            self.engine_rows[calc_key] = row + 1
            row += 1
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 1, 22)
        sheet.freeze_panes(4, FIRST_COL)

    def _write_checks(self, sheet: Any, metric_values: dict[str, Cell]) -> bool:
        t = self.t
        g = self.grid
        f = self.formats
        sheet.write_string(0, 0, t("sheet.checks"), f.title)
        sheet.write_string(2, 0, t("check.tolerance"), f.text)
        sheet.write_number(2, 1, CHECK_TOLERANCE, f.input_number)
        for col, key in enumerate(("col.check", "col.workbook", "col.engine", "col.difference", "col.ok")):
            sheet.write_string(3, col, t(key), f.header)
        row = 4
        results: list[bool] = []
        first_ok = row + 1

        def scale_ok(workbook: float, engine: float) -> bool:
            return abs(workbook - engine) <= CHECK_TOLERANCE * max(1.0, abs(engine))

        sheet.write_string(row, 0, t("sec.metric_checks"), f.section)
        row += 1
        for key, cell in self.map.metric_cells.items():
            engine_value = self.evaluation.metrics.get(key) if key not in ("psc", "ppp_value") else None
            if key in ("psc", "ppp_value"):
                continue
            sheet.write_string(row, 0, label(key, self.language), f.text)
            workbook_value = metric_values[key]
            sheet.write_formula(row, 1, f"=Metrics!{cell}", f.number, workbook_value)
            if engine_value is None:
                sheet.write_string(row, 2, "n/a", f.engine)
                difference: Cell = ""
                ok = not isinstance(workbook_value, float)
            else:
                sheet.write_number(row, 2, engine_value, f.engine)
                assert isinstance(workbook_value, float)
                difference = workbook_value - engine_value
                ok = scale_ok(workbook_value, engine_value)
            r = row + 1
            sheet.write_formula(
                row, 3, f'=IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r})),B{r}-C{r},"")', f.diff, difference
            )
            sheet.write_formula(
                row,
                4,
                f"=IF(ISNUMBER(C{r}),IF(ISNUMBER(B{r}),ABS(B{r}-C{r})<=chk_tolerance"
                f"*MAX(1,ABS(C{r})),FALSE),NOT(ISNUMBER(B{r})))",
                f.check,
                ok,
            )
            results.append(ok)
            row += 1

        row += 1
        sheet.write_string(row, 0, t("sec.line_checks"), f.section)
        row += 1
        first, last = period_column(0), g.last
        for key, calc_key in YEAR_ROWS.items():
            if calc_key not in self.map.calc_rows:
                continue
            calc_row = self.map.calc_rows[calc_key]
            engine_row = self.engine_rows[calc_key]
            calc_values = g.values[calc_key]
            engine_values = [year[key] for year in self.evaluation.years]
            calc_range = f"Calc!${first}${calc_row}:${last}${calc_row}"
            engine_range = f"Engine!${first}${engine_row}:${last}${engine_row}"
            numbers = [
                float(v)
                for v in calc_values
                if isinstance(v, (float, int, np.floating)) and not math.isnan(float(v))
            ]
            engine_numbers = [float(v) for v in engine_values if isinstance(v, (int, float))]
            workbook_sum, engine_sum = math.fsum(numbers), math.fsum(engine_numbers)
            scale = math.fsum(abs(v) for v in engine_numbers)
            sheet.write_string(row, 0, f"Σ {label(key, self.language)}", f.text)
            sheet.write_formula(row, 1, f"=SUM({calc_range})", f.number, workbook_sum)
            sheet.write_formula(row, 2, f"=SUM({engine_range})", f.engine, engine_sum)
            r = row + 1
            if key in ("dscr", "icr"):
                sheet.write_formula(row, 3, f"=B{r}-C{r}", f.diff, workbook_sum - engine_sum)
                ok = scale_ok(workbook_sum, engine_sum) and len(numbers) == len(engine_numbers)
                sheet.write_formula(
                    row,
                    4,
                    f"=AND(ABS(D{r})<=chk_tolerance*MAX(1,ABS(C{r})),"
                    f"COUNT({calc_range})=COUNT({engine_range}))",
                    f.check,
                    ok,
                )
            else:
                deviation = math.fsum(
                    abs(float(a) - float(b)) for a, b in zip(calc_values, engine_values, strict=True)
                )
                sheet.write_formula(
                    row, 3, f"=SUMPRODUCT(ABS({calc_range}-{engine_range}))", f.diff, deviation
                )
                ok = deviation <= CHECK_TOLERANCE * max(1.0, scale)
                sheet.write_formula(
                    row, 4, f"=D{r}<=chk_tolerance*MAX(1,SUMPRODUCT(ABS({engine_range})))", f.check, ok
                )
            results.append(ok)
            row += 1

        row += 1
        sheet.write_string(row, 0, t("sec.balance_checks"), f.section)
        row += 1
        rows = self.map.calc_rows

        def balance(text: str, left: str, right: str, left_value: float, right_value: float) -> None:
            nonlocal row
            sheet.write_string(row, 0, text, f.text)
            sheet.write_formula(row, 1, left, f.number, left_value)
            sheet.write_formula(row, 2, right, f.number, right_value)
            r = row + 1
            sheet.write_formula(row, 3, f"=B{r}-C{r}", f.diff, left_value - right_value)
            ok = abs(left_value - right_value) <= CHECK_TOLERANCE * max(1.0, abs(right_value))
            sheet.write_formula(row, 4, f"=ABS(D{r})<=chk_tolerance*MAX(1,ABS(C{r}))", f.check, ok)
            results.append(ok)
            row += 1

        def whole(key: str) -> str:
            return f"Calc!${first}${rows[key]}:${last}${rows[key]}"

        capex_sum = math.fsum(self.line("capex"))
        balance(
            t("check.sources_uses"),
            f"=SUM({whole('capex')})",
            f"=SUM({whole('equity_draw')})+SUM({whole('debt_draw')})",
            capex_sum,
            math.fsum(self.line("equity_draw")) + math.fsum(self.line("debt_draw")),
        )
        closing = float(g.values["debt_closing"][-1])
        opening = float(self.lines.opening_debt[0])
        balance(
            t("check.debt_repaid"),
            f"=Calc!{last}{rows['debt_closing']}+Calc!$C${rows['opening_debt']}",
            f"=Calc!$C${rows['opening_debt']}",
            closing + opening,
            opening,
        )
        balance(
            t("check.depreciation"),
            f"=SUM({whole('depreciation')})",
            f"=Calc!$C${rows['dep_base']}+SUM({whole('lifecycle_capex')})",
            math.fsum(self.line("depreciation")),
            float(g.values["dep_base"]) + math.fsum(self.line("lifecycle_capex")),
        )
        balance(
            t("check.cash"),
            f"=Calc!{last}{rows['fp_cum']}",
            f"=SUM({whole('equity_cf')})+SUM({whole('equity_draw')})",
            float(g.values["fp_cum"][-1]),
            math.fsum(self.line("equity_cf")) + math.fsum(self.line("equity_draw")),
        )
        last_ok = row
        sheet.set_column(0, 0, 52)
        sheet.set_column(1, 3, 22)
        sheet.set_column(4, 4, 8)
        sheet.freeze_panes(4, 0)
        sheet.conditional_format(
            first_ok - 1,
            4,
            last_ok - 1,
            4,
            {"type": "cell", "criteria": "==", "value": "FALSE", "format": self.formats.engine},
        )
        self.checks_range = f"Checks!$E${first_ok + 1}:$E${last_ok}"
        return all(results)

    def _write_cover(self, sheet: Any, today: datetime.date, all_ok: bool) -> None:
        t = self.t
        f = self.formats
        info = self.project.project
        sheet.write_string(0, 0, t("cover.title"), f.title)
        rows: list[tuple[str, str]] = [
            ("cover.project", info.name),
            ("cover.city", info.city),
            ("cover.framework", info.framework),
            ("cover.mode", info.mode),
            ("cover.payment_mode", info.payment_mode),
            ("cover.currency", info.currency),
            ("cover.money_unit", info.money_unit),
            ("cover.input_hash", self.evaluation.input_hash),
            ("audit.result_hash", result_hash(self.evaluation)),
            ("cover.version", __version__),
            ("cover.date", today.isoformat()),
            ("cover.language", self.language),
        ]
        row = 2
        for key, value in rows:
            # the result hash's label lives in the audit catalog, beside the other audit-trail texts
            shown = translate(key, self.language) if key.startswith("audit.") else t(key)
            sheet.write_string(row, 0, shown, f.header)
            sheet.write_string(row, 1, as_text(value), f.text)
            row += 1
        row += 1
        sheet.write_string(row, 0, t("cover.options"), f.section)
        row += 1
        project = self.project
        options = {
            "payment.method": project.payment.method,
            "payment.cost_basis": project.payment.cost_basis,
            "financing.repayment": project.financing.repayment,
            "financing.idc_timing": project.financing.idc_timing,
            "tax.depreciation_basis": project.tax.depreciation_basis,
            "tax.loss_carryforward_years": str(project.tax.loss_carryforward_years),
            "payment_mode": project.project.payment_mode,
        }
        for key, value in options.items():
            sheet.write_string(row, 0, key, f.text)
            sheet.write_string(row, 1, as_text(value), f.text)
            row += 1
        row += 1
        sheet.write_string(row, 0, t("cover.master_check"), f.header)
        sheet.write_formula(row, 1, f"=AND({self.checks_range})", f.check, all_ok)
        self.map.master_check = f"B{row + 1}"
        row += 2
        sheet.write_string(row, 0, t("cover.note"), f.note)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 1, 80)
        sheet.set_paper(9)

    def _write_charts(self, book: Any, sheet: Any) -> None:
        rows = self.map.calc_rows
        first, last = period_column(0), self.grid.last
        categories = f"=Calc!${first}${rows['year']}:${last}${rows['year']}"
        chart = book.add_chart({"type": "column"})
        for key in ("project_cf_post_tax", "equity_cf"):
            chart.add_series(
                {
                    "name": label(key, self.language),
                    "categories": categories,
                    "values": f"=Calc!${first}${rows[key]}:${last}${rows[key]}",
                }
            )
        chart.set_title({"name": label("chart.cash_flows", self.language)})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_size({"width": 900, "height": 380})
        sheet.insert_chart("B2", chart)
        dscr = book.add_chart({"type": "line"})
        dscr.add_series(
            {
                "name": label("dscr", self.language),
                "categories": categories,
                "values": f"=Calc!${first}${rows['dscr']}:${last}${rows['dscr']}",
                "marker": {"type": "circle"},
            }
        )
        dscr.set_title({"name": label("chart.dscr", self.language)})
        dscr.set_y_axis({"num_format": "0.00"})
        dscr.set_size({"width": 900, "height": 320})
        sheet.insert_chart("B22", dscr)

    @staticmethod
    def _sheet_title(book: Any, title: str) -> str:
        """A valid, unused sheet name for ``title`` (user text: bidder names, scenario labels ...)."""
        base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "_", title).strip("' ")[:28] or "Sheet"
        taken = {sheet.get_name().lower() for sheet in book.worksheets()}
        name, number = base, 2
        while name.lower() in taken:
            name = f"{base[:24]} ({number})"
            number += 1
        return name

    def _write_extra(self, book: Any, extra: ExtraSheet) -> None:
        sheet = book.add_worksheet(self._sheet_title(book, extra.title))
        header = book.add_format({"bold": True, "bottom": 1})
        sheet.write_row(0, 0, [as_text(str(c)) for c in extra.columns], header)
        rows = extra.rows
        if isinstance(rows, np.ndarray):
            fmt = book.add_format({"num_format": extra.number_format})
            numbers = np.asarray(rows, dtype=np.float64)
            if not np.isfinite(numbers).all():
                raise ValueError(f"sheet {extra.title!r}: values must be finite numbers")
            sheet.write_number_rows(1, numbers, fmt)
        else:
            for index, values in enumerate(rows, start=1):
                for col, value in enumerate(values):
                    if isinstance(value, str):
                        sheet.write_string(index, col, as_text(value))
                    elif value is None:
                        continue
                    else:
                        sheet.write_number(index, col, float(value))
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, len(extra.columns) - 1, 14)
        # a values sheet copied out of the workbook still says which inputs and program made it (printed
        # header; the cells stay a plain table for other tools)
        sheet.set_header(f"&L{self.evaluation.input_hash}&Rppp {__version__}")


def _has_risk_line(project: Project) -> bool:
    """Whether the fiscal view has a risk line of its own (the PPP value then has no [vfm] retained risk)."""
    fiscal = project.fiscal
    return fiscal is not None and ((fiscal.risk_ratio or 0.0) > 0.0 or bool(fiscal.risk_scenarios))
