"""The bid template: the tender's schedules template plus a "Bid 投标" sheet, filled in by a bidder and read
back as the bid's project file (``[bid]`` instead of ``[tender]``, project-file.md "Tenders and bids").

The bid sheet holds who bids and when, the evaluation panel's technical score, and the offer's payment and
financing terms; the schedule sheets (:mod:`ppp.exports.template`) hold the offer's capex, opex, revenue and,
for ``payment.method = "schedule"``, the payment per operating year. Every other key is the tender's own.

Layout of the bid sheet (the contract between :func:`bid_template` and :func:`read_bid_workbook`):

- ``B3`` the tender's name and ``B4`` its canonical hash (:func:`ppp.model.io.canonical_hash`): a template
  made for another tender, or for this tender before it changed, is refused;
- row 6 the headers, then one row per term from row 7: column A the term in words, column B its key path in
  the project file (checked on reading: a row inserted or moved would put a value under the wrong key),
  column C the value (the only input cell), column D what the value means.

The terms offered depend on the tender's payment method: the reasonable profit rate only where the method's
formula uses it (``mof-21``, ``annuity``, ``equal-principal``), the O&M profit rate and the availability
factor wherever there is a government payment (not ``user-pay``).

The technical score is required: a bid file without one is not valid (:class:`ppp.model.schema.Bid`), so the
panel's score is typed into the bidder's workbook before it is imported.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ppp.exports.template import (
    FIRST_INSTRUCTION_ROW,
    HEADER_FILL,
    INPUT_FILL,
    INSTRUCTION_COUNT,
    INSTRUCTIONS_SHEET,
    header_text,
    schedules_workbook,
    workbook_bytes,
    write_text,
    write_title,
)
from ppp.exports.xlsx_import import (
    CellReader,
    apply_schedules,
    cell_path,
    check_headers,
    check_meta,
    read_schedule_cells,
    read_workbook,
    require_sheets,
    safe_parts,
    schedule_sheet_names,
    validate_located,
)
from ppp.i18n import Language, translate
from ppp.model.io import canonical_hash
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project, Repayment

BID_SHEET: Final = "Bid 投标"
#: the bid sheet's cells saying which tender the template was made for
BID_META_TENDER: Final = "B3"
BID_META_HASH: Final = "B4"
BID_HEADER_ROW: Final = 6
BID_FIRST_ROW: Final = 7
BID_LABEL_COLUMN: Final = 1
BID_KEY_COLUMN: Final = 2
BID_VALUE_COLUMN: Final = 3
BID_MEANING_COLUMN: Final = 4
#: numbered lines the bid template adds to the instructions sheet, after a blank row
BID_INSTRUCTION_COUNT: Final = 5

TermKind = Literal["text", "date", "number", "rate", "int", "choice"]

_FORMULA_METHODS: Final = ("mof-21", "annuity", "equal-principal")
# Typed dates outside this range are almost surely typos (a two-digit year, a serial number).
_FIRST_DATE: Final = datetime.date(1990, 1, 1)
_LAST_DATE: Final = datetime.date(2200, 12, 31)
_NUMBER_FORMATS: Final[dict[TermKind, str]] = {
    "text": "@",
    "date": "yyyy-mm-dd",
    "number": "0.00##",
    "rate": "0.00##%",
    "int": "0",
    "choice": "@",
}


@dataclass(frozen=True)
class BidTerm:
    """One row of the bid sheet: the key path it fills, how its value cell is read, and its limits."""

    key: str
    kind: TermKind
    required: bool
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


def bid_terms(tender: Project) -> tuple[BidTerm, ...]:
    """The rows of the bid sheet for ``tender``, in order (they depend on its payment method and timeline).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> [term.key for term in bid_terms(tender)][:4]
    ['bid.bidder', 'bid.submitted', 'bid.technical_score', 'rates.reasonable_profit_rate']
    >>> next(term for term in bid_terms(tender) if term.key == "financing.tenor_years").high
    13
    """
    method = tender.payment.method
    terms = [
        BidTerm("bid.bidder", "text", required=True),
        BidTerm("bid.submitted", "date", required=True),
        BidTerm("bid.technical_score", "number", required=True, low=0.0, high=100.0),
    ]
    if method in _FORMULA_METHODS:
        terms.append(BidTerm("rates.reasonable_profit_rate", "rate", required=True, low=-0.99, high=1.0))
    if method != "user-pay":
        terms.append(BidTerm("rates.om_profit_rate", "rate", required=False, low=-0.99, high=1.0))
        terms.append(BidTerm("payment.availability_factor", "number", required=False, low=0.0, high=10.0))
    terms += [
        BidTerm("financing.equity_ratio", "rate", required=True, low=0.0, high=1.0),
        BidTerm("financing.loan_rate", "rate", required=True, low=0.0, high=1.0),
        BidTerm("financing.tenor_years", "int", required=True, low=1, high=tender.timeline.operation_years),
        BidTerm("financing.repayment", "choice", required=True, choices=get_args(Repayment)),
        BidTerm("financing.target_dscr", "number", required=False, low=0.0, high=10.0),
    ]
    return tuple(terms)


def bid_template(tender: Project, *, language: Language) -> bytes:
    """The xlsx a bidder fills in: the tender's schedules template plus the bid sheet, prefilled with the
    tender's values (bidder, date and technical score blank), input cells shaded, with data validation.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> bid_template(tender, language="zh")[:2]
    b'PK'
    """
    workbook = schedules_workbook(tender, language=language)
    _bid_instructions(workbook[INSTRUCTIONS_SHEET], tender, language)
    _bid_sheet(workbook.create_sheet(BID_SHEET, 1), tender, language)
    return workbook_bytes(workbook)


def read_bid_workbook(data: bytes, tender: Project) -> Project:
    """The bid a filled bid template makes: the tender's project with the template's schedules and terms,
    ``[tender]`` removed and ``[bid]`` added, validated by :func:`ppp.model.validate_data`.

    The file is untrusted and read as :func:`ppp.exports.xlsx_import.read_schedules` reads one (size, zip,
    macros, XML, formulas, headers, cells); the tender is never changed.

    Raises
    ------
    ProjectError
        One problem for a file that cannot be opened safely or was made for another tender (or this tender
        before it changed); one per bad input cell, named ``'sheet'!cell``; or, as a
        :class:`~ppp.exports.xlsx_import.TemplateRulesError`, the rule problems of the bid with the cell of
        each.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> try:
    ...     read_bid_workbook(bid_template(tender, language="en"), tender)
    ... except ProjectError as error:
    ...     print([problem.path for problem in error.problems])
    ["'Bid 投标'!C7", "'Bid 投标'!C8", "'Bid 投标'!C9"]
    """
    safe_parts(data)
    terms = bid_terms(tender)
    sheets, values = read_workbook(data, lambda workbook: _read(workbook, tender, terms))
    result, origins = apply_schedules(tender, sheets)
    result.pop("tender", None)
    result.pop("bid", None)
    for term, value in zip(terms, values, strict=True):
        section, name = term.key.split(".")
        if value is None:
            result.get(section, {}).pop(name, None)
        else:
            result.setdefault(section, {})[name] = value
    cells = {
        term.key: cell_path(BID_SHEET, _value_coordinate(row))
        for row, term in enumerate(terms, BID_FIRST_ROW)
    }
    return validate_located(result, tender, origins, cells).project


# --- writing ----------------------------------------------------------------------------------------------


def _label(key: str) -> tuple[str, str]:
    return translate(key, "en"), translate(key, "zh")


def _value_coordinate(row: int) -> str:
    return f"{get_column_letter(BID_VALUE_COLUMN)}{row}"


def _prefill(tender: Project, term: BidTerm) -> Any:
    section, name = term.key.split(".")
    if section == "bid":
        return None  # the bidder's own: a tender has none
    return getattr(getattr(tender, section), name)


def _bid_sheet(sheet: Worksheet, tender: Project, language: Language) -> None:
    write_title(
        sheet,
        translate("bid_template.title.bid", language, tender=tender.project.name),
        translate("bid_template.hint.bid", language),
    )
    for coordinate, key, value in (
        (BID_META_TENDER, "bid_template.meta.tender", tender.project.name),
        (BID_META_HASH, "bid_template.meta.hash", canonical_hash(tender)),
    ):
        write_text(sheet.cell(row=sheet[coordinate].row, column=1), translate(key, language))
        write_text(sheet[coordinate], value)
        sheet[coordinate].font = Font(bold=True)
    headers = ("item", "key", "value", "meaning")
    for column, name in enumerate(headers, start=1):
        header = sheet.cell(row=BID_HEADER_ROW, column=column)
        write_text(header, header_text(_label(f"bid_template.column.{name}"), language))
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[BID_HEADER_ROW].height = 32
    unit = tender.project.money_unit
    for row, term in enumerate(bid_terms(tender), start=BID_FIRST_ROW):
        write_text(
            sheet.cell(row=row, column=BID_LABEL_COLUMN),
            header_text(_label(f"bid_template.term.{term.key}"), language).replace("\n", " / "),
        )
        write_text(sheet.cell(row=row, column=BID_KEY_COLUMN), term.key)
        sheet.cell(row=row, column=BID_KEY_COLUMN).font = Font(color="595959")
        meaning = sheet.cell(row=row, column=BID_MEANING_COLUMN)
        write_text(meaning, translate(f"bid_template.meaning.{term.key}", language, unit=unit))
        meaning.alignment = Alignment(wrap_text=True, vertical="top")
        cell = sheet.cell(row=row, column=BID_VALUE_COLUMN)
        cell.fill = INPUT_FILL
        cell.number_format = _NUMBER_FORMATS[term.kind]
        value = _prefill(tender, term)
        if isinstance(value, str):
            write_text(cell, value)
        elif value is not None:
            cell.value = value
        _validate(sheet, term, cell.coordinate, language)
    for column, width in ((1, 44), (2, 30), (3, 18), (4, 90)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=BID_FIRST_ROW, column=1)


def _validate(sheet: Worksheet, term: BidTerm, coordinate: str, language: Language) -> None:
    """The spreadsheet program's own check of what is typed (the reader checks again: a paste skips it)."""
    if term.kind == "choice":
        rule, formula1, formula2 = "list", '"' + ",".join(term.choices) + '"', None
        message = translate("bid_template.validation.choice", language, choices=", ".join(term.choices))
    elif term.kind == "date":
        rule = "date"
        formula1 = f"DATE({_FIRST_DATE.year},{_FIRST_DATE.month},{_FIRST_DATE.day})"
        formula2 = f"DATE({_LAST_DATE.year},{_LAST_DATE.month},{_LAST_DATE.day})"
        message = translate(
            "bid_template.validation.date", language, low=_FIRST_DATE.isoformat(), high=_LAST_DATE.isoformat()
        )
    elif term.kind == "text":
        rule, formula1, formula2 = "textLength", "1", "200"
        message = translate("bid_template.validation.text", language, low=1, high=200)
    else:
        rule = "whole" if term.kind == "int" else "decimal"
        formula1, formula2 = f"{term.low:g}", f"{term.high:g}"
        message = translate(f"bid_template.validation.{term.kind}", language, low=formula1, high=formula2)
    validation = DataValidation(
        type=rule,
        operator=None if rule == "list" else "between",
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=translate("xlsx_template.validation.title", language),
        error=message,
    )
    validation.add(coordinate)
    sheet.add_data_validation(validation)


def _bid_instructions(sheet: Worksheet, tender: Project, language: Language) -> None:
    write_text(
        sheet["A1"], translate("bid_template.title.instructions", language, tender=tender.project.name)
    )
    write_text(sheet["A2"], translate("bid_template.hint.instructions", language, sheet=BID_SHEET))
    first = FIRST_INSTRUCTION_ROW + INSTRUCTION_COUNT + 1
    for offset, number in enumerate(range(1, BID_INSTRUCTION_COUNT + 1)):
        write_text(
            sheet.cell(row=first + offset, column=1),
            f"{INSTRUCTION_COUNT + number}. "
            + translate(f"bid_template.instruction.{number}", language, sheet=BID_SHEET),
        )


# --- reading ----------------------------------------------------------------------------------------------


def _read(workbook: Any, tender: Project, terms: tuple[BidTerm, ...]) -> tuple[dict[str, Any], list[Any]]:
    """The schedules and the bid terms (``None`` for a blank optional one) of the workbook, or a ProjectError
    listing every bad cell."""
    require_sheets(
        workbook, [*schedule_sheet_names(tender), BID_SHEET], rule="rule.bid_template_missing_sheet"
    )
    sheet = workbook[BID_SHEET]
    _check_tender(sheet, tender)
    check_meta(workbook[INSTRUCTIONS_SHEET], tender)
    check_headers(workbook, tender)
    _check_keys(sheet, terms)
    problems: list[Problem] = []
    sheets = read_schedule_cells(workbook, tender, problems)
    values = _read_terms(sheet, terms, problems)
    if problems:
        raise ProjectError(problems)
    return sheets, values


def _bid_rows(sheet: Any, terms: tuple[BidTerm, ...]) -> list[tuple[Any, ...]]:
    last = BID_FIRST_ROW + len(terms) - 1
    rows = sheet.iter_rows(min_row=BID_FIRST_ROW, max_row=last, min_col=1, max_col=BID_VALUE_COLUMN)
    found = [tuple(row) + (None,) * (BID_VALUE_COLUMN - len(row)) for row in rows]
    return found + [(None,) * BID_VALUE_COLUMN] * (len(terms) - len(found))


def _cell_value(sheet: Any, coordinate: str) -> Any:
    row, column = coordinate_to_tuple(coordinate)
    cells = next(sheet.iter_rows(min_row=row, max_row=row, min_col=column, max_col=column), ())
    return cells[0].value if cells else None


def _check_tender(sheet: Any, tender: Project) -> None:
    name, digest = (_cell_value(sheet, coordinate) for coordinate in (BID_META_TENDER, BID_META_HASH))
    expected = canonical_hash(tender)
    if name != tender.project.name:
        raise ProjectError(
            [
                Problem(
                    cell_path(BID_SHEET, BID_META_TENDER),
                    "rule.bid_template_other_tender",
                    name,
                    params={"tender": tender.project.name},
                )
            ]
        )
    if digest != expected:
        raise ProjectError(
            [
                Problem(
                    cell_path(BID_SHEET, BID_META_HASH),
                    "rule.bid_template_tender_changed",
                    digest,
                    params={"tender": tender.project.name, "tender_hash": expected},
                )
            ]
        )


def _check_keys(sheet: Any, terms: tuple[BidTerm, ...]) -> None:
    """Column B names each row's key as the template wrote it; else rows were inserted, moved or removed."""
    for row, (term, cells) in enumerate(
        zip(terms, _bid_rows(sheet, terms), strict=True), start=BID_FIRST_ROW
    ):
        cell = cells[BID_KEY_COLUMN - 1]
        found = None if cell is None else cell.value
        if found != term.key:
            coordinate = f"{get_column_letter(BID_KEY_COLUMN)}{row}"
            raise ProjectError(
                [
                    Problem(
                        cell_path(BID_SHEET, coordinate),
                        "rule.bid_template_row_changed",
                        found,
                        params={"expected": term.key},
                    )
                ]
            )


def _read_terms(sheet: Any, terms: tuple[BidTerm, ...], problems: list[Problem]) -> list[Any]:
    reader = CellReader(BID_SHEET, problems)
    values: list[Any] = []
    for row, (term, cells) in enumerate(
        zip(terms, _bid_rows(sheet, terms), strict=True), start=BID_FIRST_ROW
    ):
        cell = cells[BID_VALUE_COLUMN - 1]
        coordinate = _value_coordinate(row)
        value = None if cell is None else _term_value(reader, cell, term, coordinate)
        blank = cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
        if value is None and blank and term.required:
            rule = (
                "rule.bid_template_technical_score"
                if term.key == "bid.technical_score"
                else "rule.bid_template_required"
            )
            reader.problem(coordinate, rule)
        values.append(value)
    return values


def _term_value(reader: CellReader, cell: Any, term: BidTerm, coordinate: str) -> Any:
    """The cell's value as the project file's key takes it; ``None`` for blank or bad (bad is reported)."""
    if term.kind == "date":
        # read as text first: that reports formulas and error values as every other input cell does
        if reader.value(cell, "text", coordinate) is None:
            return None
        return _date(reader, cell.value, coordinate)
    kind = {"text": "text", "choice": "text", "int": "int"}.get(term.kind, "rate")
    value = reader.value(cell, kind, coordinate)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _date(reader: CellReader, raw: Any, coordinate: str) -> datetime.date | None:
    """A date typed as a date (a spreadsheet date at midnight) or as ISO text ``2024-05-10``."""
    if isinstance(raw, datetime.datetime):
        if raw.time() == datetime.time():
            return raw.date()
    elif isinstance(raw, datetime.date):
        return raw
    elif isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return datetime.date.fromisoformat(raw.strip())
        except ValueError:
            pass  # 2024-02-30: reported below
    reader.problem(coordinate, "rule.bid_template_date", raw)
    return None
