"""The bid comparison as an auditable workbook (xlsx) and as CSV.

The workbook's ``Comparison`` sheet carries each bid's figures as the engine's values (government PV, metrics,
input hash), the tender's terms as named cells, and the scoring as live formulas, each written with the
engine's own result as its cached value:

- price score ``=100*(MIN(PVs of valid bids)/PV)`` (the quotient first, as
  :func:`ppp.government.bids.score_bids` computes it, so the lowest bid scores exactly 100);
- total ``=cmp_price_weight*price+cmp_technical_weight*technical``;
- rank ``=1+COUNTIFS(higher total)+COUNTIFS(equal total, lower PV)+COUNTIFS(equal total and PV, earlier
  submission)`` over helper columns that round totals and PVs to :data:`ppp.government.bids.TIE_DECIMALS`
  places, the same comparison the engine makes.

Valid bids come first (in rank order), so the formulas' ranges are one block of rows; not-valid bids follow,
with their figures where they have any and their problems as text, unscored. The ``Payment profile`` sheet has
the government payment of every year (rows) for every evaluated bid (columns), and a last row recomputes each
bid's government PV with ``NPV`` at the tender's discount rate. Bidder names and every other user text go
through :func:`ppp.exports.sanitise.as_text`. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ppp import __version__
from ppp.exports.sanitise import as_text
from ppp.government.bids import TIE_DECIMALS, BidResult, Comparison
from ppp.i18n import Language, translate

#: the Comparison sheet's columns, in order: (key, kind) with kind "text", "date", "money", "rate", "ratio",
#: "score" (formulas or values on the 100-point scale) or "integer"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("bidder", "text"),
    ("submitted", "date"),
    ("input_hash", "text"),
    ("valid", "text"),
    ("government_pv", "money"),
    ("technical_score", "score"),
    ("price_score", "score"),
    ("total_score", "score"),
    ("rounded_total", "score"),
    ("rounded_pv", "money"),
    ("rank", "integer"),
    ("tie_break", "text"),
    ("equity_irr", "rate"),
    ("min_dscr", "ratio"),
    ("max_affordability_ratio", "rate"),
    ("vfm_amount", "money"),
    ("total_investment", "money"),
    ("flags", "text"),
    ("problems", "text"),
)
#: 0-based column of each key on the Comparison sheet
COLUMN_OF: dict[str, int] = {key: index for index, (key, _) in enumerate(COLUMNS)}
#: 0-based row of the table's header; bids start on the next row
HEADER_ROW = 13
#: the defined names of the tender's terms
NAMES: tuple[str, ...] = (
    "cmp_discount_rate",
    "cmp_price_weight",
    "cmp_technical_weight",
    "cmp_margin",
    "cmp_psc",
)
#: CSV columns (the Comparison sheet's, without the workbook's rounding helpers)
CSV_COLUMNS: tuple[str, ...] = tuple(key for key, _ in COLUMNS if key not in {"rounded_total", "rounded_pv"})
#: the columns every CSV row ends with: which tender and which program the comparison comes from (the
#: workbook has both among the tender's terms)
CSV_PROVENANCE_COLUMNS: tuple[str, ...] = ("tender_input_hash", "program_version")

_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def comparison_workbook(comparison: Comparison, *, language: Language) -> bytes:
    """The comparison as xlsx bytes: figures as values, scoring as live formulas with cached values.

    Parameters
    ----------
    comparison
        From :func:`ppp.government.bids.compare_bids`.
    language
        Labels, flags and problems in this language.

    Returns
    -------
    bytes
        An xlsx workbook with the sheets ``Comparison`` and ``Payment profile`` (names in ``language``).

    Examples
    --------
    >>> from ppp.government.bids import Comparison
    >>> empty = Comparison("Tender", "sha256:0", "万元", 0.045, 0.5, 0.5, 0.15, None, ())
    >>> comparison_workbook(empty, language="en")[:2]
    b'PK'
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    book.set_calc_mode("auto")
    book.set_properties({"title": as_text(comparison.tender_name), "comments": comparison.tender_hash})
    formats = _formats(book)
    _write_comparison(book, formats, comparison, language)
    _write_profile(book, formats, comparison, language)
    book.close()
    return buffer.getvalue()


def comparison_csv(comparison: Comparison, *, language: Language) -> str:
    """The comparison as CSV text: a header of labels, then one row per bid in rank order.

    Numbers are written in full (``repr``), empty where not applicable; text is neutralised against formula
    injection. Every row ends with the tender's input hash and the program version
    (:data:`CSV_PROVENANCE_COLUMNS`).

    Examples
    --------
    >>> from ppp.government.bids import Comparison
    >>> empty = Comparison("Tender", "sha256:0", "万元", 0.045, 0.5, 0.5, 0.15, None, ())
    >>> comparison_csv(empty, language="en").splitlines()[0].split(",")[:3]
    ['bidder', 'submitted', 'input hash']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            *(as_text(_label(key, language)) for key in CSV_COLUMNS),
            *(translate(f"audit.column.{key}", language) for key in CSV_PROVENANCE_COLUMNS),
        ]
    )
    for bid in comparison.bids:
        row: list[str] = []
        for key in CSV_COLUMNS:
            value = _value(bid, key, language)
            if value is None:
                row.append("")
            elif isinstance(value, str):
                row.append(as_text(value))
            elif isinstance(value, datetime.date):
                row.append(value.isoformat())
            else:
                row.append(repr(value))
        writer.writerow([*row, comparison.tender_hash, __version__])
    return buffer.getvalue()


def _label(key: str, language: Language) -> str:
    if key in {"rounded_total", "rounded_pv"}:
        return translate(f"bids.book.{key}", language)
    return translate(f"bids.column.{key}", language)


def _value(bid: BidResult, key: str, language: Language) -> Any:
    """The bid's value in column ``key``: a number, text, a date or ``None``."""
    if key == "valid":
        return translate("bids.yes" if bid.valid else "bids.no", language)
    if key == "submitted":
        return None if bid.submitted == datetime.date.max else bid.submitted
    if key == "tie_break":
        return None if bid.tie_break is None else translate(f"bids.tie.{bid.tie_break}", language)
    if key == "flags":
        return "; ".join(translate(f"bids.flag_short.{flag}", language) for flag in bid.flags)
    if key == "problems":
        return "; ".join(problem.message(language) for problem in bid.problems)
    if key == "rounded_total":
        return None if bid.total_score is None else round(bid.total_score, TIE_DECIMALS)
    if key == "rounded_pv":
        return None if bid.government_pv is None or not bid.valid else round(bid.government_pv, TIE_DECIMALS)
    return getattr(bid, key)


def _formats(book: Any) -> dict[str, Any]:
    def make(**props: Any) -> Any:
        return book.add_format({"font_name": "Arial", "font_size": 10, **props})

    return {
        "title": make(bold=True, font_size=14),
        "header": make(bold=True, bottom=1, text_wrap=True, valign="top"),
        "label": make(bold=True),
        "note": make(italic=True, font_color="#595959"),
        "text": make(),
        "date": make(num_format="yyyy-mm-dd"),
        "money": make(num_format="#,##0.00;-#,##0.00;0.00"),
        "rate": make(num_format="0.0000%"),
        "ratio": make(num_format="0.0000"),
        "score": make(num_format="0.000000"),
        "integer": make(num_format="0"),
        "input": make(num_format="General", font_color="#0000FF", bg_color="#FFF2CC"),
    }


def _write_comparison(book: Any, formats: dict[str, Any], comparison: Comparison, language: Language) -> None:
    sheet = book.add_worksheet(translate("bids.sheet.comparison", language))
    sheet.write_string(0, 0, translate("bids.book.title", language), formats["title"])
    sheet.write_string(1, 0, translate("bids.book.formula_note", language), formats["note"])
    terms: list[tuple[str, Any, str, str | None]] = [
        ("bids.book.tender", as_text(comparison.tender_name), "text", None),
        ("bids.book.tender_hash", comparison.tender_hash, "text", None),
        ("bids.book.program_version", __version__, "text", None),
        ("bids.book.money_unit", as_text(comparison.money_unit), "text", None),
        ("bids.book.discount_rate", comparison.discount_rate, "input", "cmp_discount_rate"),
        ("bids.book.price_weight", comparison.price_weight, "input", "cmp_price_weight"),
        ("bids.book.technical_weight", comparison.technical_weight, "input", "cmp_technical_weight"),
        ("bids.book.margin", comparison.abnormally_low_margin, "input", "cmp_margin"),
        ("bids.book.psc", comparison.psc, "money", "cmp_psc"),
    ]
    for offset, (key, value, kind, name) in enumerate(terms):
        row = 3 + offset
        sheet.write_string(row, 0, translate(key, language), formats["label"])
        if isinstance(value, str):
            sheet.write_string(row, 1, value, formats["text"])
        elif value is not None:
            sheet.write_number(row, 1, value, formats[kind])
        if name is not None:
            book.define_name(name, f"={_quoted(sheet.name)}!{_cell(row, 1, absolute=True)}")

    for column, (key, kind) in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, column, _label(key, language), formats["header"])
        width = {"text": 18, "date": 12}.get(kind, 15)
        sheet.set_column(column, column, 70 if key == "input_hash" else width)

    valid_count = sum(1 for bid in comparison.bids if bid.valid)
    first = HEADER_ROW + 1
    last = first + valid_count - 1

    def block(key: str) -> str:
        letter = _column(COLUMN_OF[key])
        return f"${letter}${first + 1}:${letter}${last + 1}"

    for index, bid in enumerate(comparison.bids):
        row = first + index

        def cell(key: str, row: int = row) -> str:
            return _cell(row, COLUMN_OF[key])

        formulas: dict[str, str] = {}
        if bid.valid:
            formulas = {
                "price_score": f"=100*(MIN({block('government_pv')})/{cell('government_pv')})",
                "total_score": f"=cmp_price_weight*{cell('price_score')}"
                f"+cmp_technical_weight*{cell('technical_score')}",
                "rounded_total": f"=ROUND({cell('total_score')},{TIE_DECIMALS})",
                "rounded_pv": f"=ROUND({cell('government_pv')},{TIE_DECIMALS})",
                "rank": f'=1+COUNTIFS({block("rounded_total")},">"&{cell("rounded_total")})'
                f"+COUNTIFS({block('rounded_total')},{cell('rounded_total')},"
                f'{block("rounded_pv")},"<"&{cell("rounded_pv")})'
                f"+COUNTIFS({block('rounded_total')},{cell('rounded_total')},"
                f'{block("rounded_pv")},{cell("rounded_pv")},{block("submitted")},"<"&{cell("submitted")})',
            }
        for column, (key, kind) in enumerate(COLUMNS):
            value = _value(bid, key, language)
            if key in formulas:
                sheet.write_formula(row, column, formulas[key], formats[kind], value)
            elif value is None or value == "":
                continue
            elif isinstance(value, str):
                sheet.write_string(row, column, as_text(value), formats["text"])
            elif isinstance(value, datetime.date):
                sheet.write_number(row, column, (value - _EXCEL_EPOCH).days, formats["date"])
            else:
                sheet.write_number(row, column, float(value), formats[kind])
    sheet.freeze_panes(HEADER_ROW + 1, 1)


def _write_profile(book: Any, formats: dict[str, Any], comparison: Comparison, language: Language) -> None:
    sheet = book.add_worksheet(translate("bids.sheet.payments", language))
    profiled = [bid for bid in comparison.bids if bid.years]
    sheet.write_string(0, 0, translate("bids.column.year", language), formats["header"])
    sheet.set_column(0, 0, 12)
    for column, bid in enumerate(profiled, start=1):
        sheet.write_string(0, column, as_text(bid.bidder), formats["header"])
        sheet.set_column(column, column, 18)
    if not profiled:
        return
    years = profiled[0].years
    for offset, year in enumerate(years, start=1):
        sheet.write_number(offset, 0, year, formats["integer"])
        for column, bid in enumerate(profiled, start=1):
            sheet.write_number(offset, column, bid.government_payments[offset - 1], formats["money"])
    pv_row = len(years) + 1
    sheet.write_string(pv_row, 0, translate("bids.column.government_pv", language), formats["label"])
    for column, bid in enumerate(profiled, start=1):
        span = f"{_cell(1, column)}:{_cell(len(years), column)}"
        sheet.write_formula(
            pv_row, column, f"=NPV(cmp_discount_rate,{span})", formats["money"], bid.government_pv
        )
    sheet.freeze_panes(1, 1)


def _cell(row: int, column: int, *, absolute: bool = False) -> str:
    """``A1``-style reference of a 0-based cell (``$A$1`` when ``absolute``)."""
    reference: str = xl_rowcol_to_cell(row, column, absolute, absolute)
    return reference


def _column(column: int) -> str:
    letter: str = xl_col_to_name(column)
    return letter


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"
