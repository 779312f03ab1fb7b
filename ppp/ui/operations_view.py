"""The operations page's tables, downloads and messages, as pure functions of the services' results.

Kept out of the page file (which runs when imported) so that tests can call them directly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import pandas as pd
import streamlit as st

from ppp.i18n import Language, translate
from ppp.model import ProjectError
from ppp.operations.statement import YearStatement, minor_unit, statements_json
from ppp.services.actuals import YearComparison
from ppp.services.operations import ProjectRisk

#: planned and forecast money (float amounts of the engine): thousands separators, 2 decimals (as
#: ppp.i18n.formatting's "money"); recorded money keeps every digit of its minor unit (recorded_money_format)
MONEY_FORMAT: Final = "%,.2f"
#: rates are stored as percentages in the page's frames (6.25 for 6.25 %), shown with 2 decimals
PERCENT_FORMAT: Final = "%.2f%%"
RATIO_FORMAT: Final = "%.2f"
#: deduction points may be fractional (points per unit × shortfall)
POINTS_FORMAT: Final = "%,.2f"
#: cells without a value (a year without a recorded payment) stay empty rather than reading "None"
EMPTY_CELL: Final = ""

#: the statement's columns, in order (the CSV's first row; the second row gives their labels)
STATEMENT_COLUMNS: tuple[str, ...] = (
    "year",
    "operating_year",
    "months_recorded",
    "score",
    "coefficient",
    "points",
    "planned_payment",
    "payment_before_deductions",
    "deduction",
    "actual_payment",
)


#: the statement table's columns as shown: the payment that decides the year first, the detail after it, so
#: that "Actual payment" is on screen on a laptop
STATEMENT_ORDER: tuple[str, ...] = (
    "year",
    "actual_payment",
    "deduction",
    "planned_payment",
    "payment_before_deductions",
    "score",
    "coefficient",
    "points",
    "months_recorded",
    "operating_year",
)
_STATEMENT_MONEY = frozenset({"planned_payment", "payment_before_deductions", "deduction", "actual_payment"})
MONTH_COLUMNS: tuple[str, ...] = ("period", "score", "points", "deduction")
COMPARISON_COLUMNS: tuple[str, ...] = (
    "year",
    "planned_payment",
    "actual_payment",
    "forecast_payment",
    "planned_affordability",
    "actual_affordability",
    "planned_opex",
    "actual_opex",
    "planned_capex",
    "actual_capex",
)
_COMPARISON_RATES = frozenset({"planned_affordability", "actual_affordability"})


def column_label(key: str, language: Language) -> str:
    return translate(f"ui.operations.column.{key}", language)


def recorded_money_format(money_unit: str) -> str:
    """The table format of recorded money (payments, deductions): thousands separators and the decimals of
    the money unit's minor unit, so that a statement shows the exact amount paid (1 fen is 0.000001 万元).

    Examples
    --------
    >>> recorded_money_format("万元"), recorded_money_format("元")
    ('%,.6f', '%,.2f')
    """
    places = -int(minor_unit(money_unit).as_tuple().exponent)
    return f"%,.{max(places, 0)}f"


def recorded_money_text(amount: Decimal) -> str:
    """Recorded money in a sentence, as the tables show it: thousands separators, every recorded digit.

    Examples
    --------
    >>> recorded_money_text(Decimal("11327.597705"))
    '11,327.597705'
    """
    return f"{amount:,}"


def _money(label: str) -> Any:
    return st.column_config.NumberColumn(label, format=MONEY_FORMAT)


def statement_column_config(language: Language, money_unit: str) -> dict[str, Any]:
    """The statement table's headers in the reader's language and one number format per column (money to
    its minor unit: :func:`recorded_money_format`)."""
    money = recorded_money_format(money_unit)
    config: dict[str, Any] = {}
    for key in STATEMENT_COLUMNS:
        label = column_label(key, language)
        if key in _STATEMENT_MONEY:
            config[key] = st.column_config.NumberColumn(label, format=money)
        elif key in ("score", "coefficient"):
            config[key] = st.column_config.NumberColumn(label, format=RATIO_FORMAT)
        elif key == "points":
            config[key] = st.column_config.NumberColumn(label, format=POINTS_FORMAT)
        elif key == "year":
            config[key] = st.column_config.NumberColumn(label, format="%d", width="small")
        else:  # counts of months and years
            config[key] = st.column_config.NumberColumn(label, format="%d")
    return config


def month_column_config(language: Language, money_unit: str) -> dict[str, Any]:
    """The months table's headers (``period``, ``score``, ...) in the reader's language, one format each."""
    return {
        "period": st.column_config.TextColumn(column_label("period", language), width="small"),
        "score": st.column_config.NumberColumn(column_label("score", language), format=RATIO_FORMAT),
        "points": st.column_config.NumberColumn(column_label("points", language), format=POINTS_FORMAT),
        "deduction": st.column_config.NumberColumn(
            column_label("deduction", language), format=recorded_money_format(money_unit)
        ),
    }


def comparison_frame(years: Sequence[YearComparison], language: Language) -> pd.DataFrame:
    """Actual vs plan, one row per year under the reader's headers: money as numbers (empty where nothing is
    recorded), affordability ratios as percentages (formats: :func:`comparison_column_config`)."""
    rows = []
    for row in years:
        record: dict[str, Any] = {key: getattr(row, key) for key in COMPARISON_COLUMNS}
        for key in _COMPARISON_RATES:
            value = record[key]
            record[key] = None if value is None else value * 100
        rows.append(record)
    frame = pd.DataFrame.from_records(rows, columns=list(COMPARISON_COLUMNS))
    # a column without any recorded value would be an object column of None: keep every figure a number
    numbers = [key for key in COMPARISON_COLUMNS if key != "year"]
    frame[numbers] = frame[numbers].astype("float64")
    return frame.rename(columns={key: column_label(key, language) for key in COMPARISON_COLUMNS})


def comparison_column_config(language: Language) -> dict[str, Any]:
    """Actual vs plan's formats by header: money with separators, ratios as percentages, 2 decimals."""
    config: dict[str, Any] = {
        column_label("year", language): st.column_config.NumberColumn(format="%d", width="small")
    }
    for key in COMPARISON_COLUMNS[1:]:
        label = column_label(key, language)
        config[label] = (
            st.column_config.NumberColumn(label, format=PERCENT_FORMAT)
            if key in _COMPARISON_RATES
            else _money(label)
        )
    return config


def problem_lines(error: ProjectError, language: Language) -> list[str]:
    """Every problem of a refused upload, one line each (``line 4: …``), in the reader's language."""
    return error.messages(language)


def problems_markdown(
    error: ProjectError, language: Language, *, heading: str = "ui.operations.upload_refused"
) -> str:
    """The refusal message (``heading``, a catalog key with ``{count}``) with the problems as a list."""
    lines = problem_lines(error, language)
    head = translate(heading, language, count=len(lines))
    return head + "\n\n" + "\n".join(f"- {line}" for line in lines)


def statement_frame(statements: Sequence[YearStatement]) -> pd.DataFrame:
    """One row per year; money columns as the exact Decimal amounts (numbers to the table: they sort, and
    :func:`statement_column_config` formats them)."""
    return pd.DataFrame.from_records(
        [{key: getattr(statement, key) for key in STATEMENT_COLUMNS} for statement in statements],
        columns=list(STATEMENT_COLUMNS),
    )


def month_frame(statement: YearStatement) -> pd.DataFrame:
    """The months of one year: score, points and deduction (headers: :func:`month_column_config`)."""
    return pd.DataFrame.from_records(
        [
            {
                "period": month.period,
                "score": month.score,
                "points": month.points,
                "deduction": month.deduction,
            }
            for month in statement.months
        ],
        columns=list(MONTH_COLUMNS),
    )


def statement_csv(statements: Sequence[YearStatement], language: Language) -> bytes:
    """The statement as CSV (UTF-8 with BOM for Excel): keys, labels, then one row per year and one per month
    and KPI below it. Money is written exactly (the rounded Decimal)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    writer.writerow([column_label(key, language) for key in STATEMENT_COLUMNS])
    for statement in statements:
        writer.writerow([_text(getattr(statement, key)) for key in STATEMENT_COLUMNS])
    writer.writerow([])
    line_columns = ("period", "kpi_id", "name", "unit", "value", "score", "points", "deduction", "missing")
    writer.writerow(line_columns)
    for statement in statements:
        for month in statement.months:
            for line in month.lines:
                writer.writerow([month.period, *(_text(getattr(line, key)) for key in line_columns[1:])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def statement_json_bytes(statements: Sequence[YearStatement], money_unit: str) -> bytes:
    """The ``ppp payments --json`` document of the statements."""
    return json.dumps(statements_json(statements, money_unit), ensure_ascii=False, indent=2).encode("utf-8")


def risk_lines(risk: ProjectRisk, language: Language) -> list[str]:
    """The reasons a project is at risk, in the reader's language."""
    return [translate(reason.key, language, **reason.params) for reason in risk.reasons]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
