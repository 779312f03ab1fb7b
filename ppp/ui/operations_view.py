"""The operations page's tables, downloads and messages, as pure functions of the services' results.

Kept out of the page file (which runs when imported) so that tests can call them directly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from ppp.i18n import Language, translate
from ppp.model import ProjectError
from ppp.operations.statement import YearStatement, statements_json
from ppp.services.operations import ProjectRisk

#: the statement table's columns, in order (the CSV's first row; the second row gives their labels)
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


def column_label(key: str, language: Language) -> str:
    return translate(f"ui.operations.column.{key}", language)


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
    """One row per year; money columns as exact Decimal amounts rendered as text by the table."""
    return pd.DataFrame.from_records(
        [{key: _cell(getattr(statement, key)) for key in STATEMENT_COLUMNS} for statement in statements],
        columns=list(STATEMENT_COLUMNS),
    )


def month_frame(statement: YearStatement) -> pd.DataFrame:
    """The months of one year: score, points and deduction."""
    return pd.DataFrame.from_records(
        [
            {
                "period": month.period,
                "score": month.score,
                "points": month.points,
                "deduction": str(month.deduction),
            }
            for month in statement.months
        ],
        columns=["period", "score", "points", "deduction"],
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


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
