"""Tables the pages show: the portfolio, the annual table with totals, all metrics (labels: catalogs)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd
import streamlit as st

from ppp.engine import YEAR_KEYS, Evaluation
from ppp.engine.metrics import METRIC_KEYS
from ppp.i18n import Language, translate
from ppp.i18n.catalog import MESSAGES, METRIC_LABELS, YEAR_LABELS
from ppp.i18n.formatting import format_metric, metric_label
from ppp.services.types import ProjectSummary

#: annual lines that are balances, not flows: a total over the years means nothing
NOT_SUMMED: Final = frozenset(
    {"period", "year", "phase", "debt_opening", "dscr", "affordability_ratio", "icr"}
)
NUMBER_FORMATS: Final = {
    "money": "%,.2f",
    "ratio": "%.2f",
    "rate": "percent",
    "integer": "%d",
    "years": "%.2f",
}


def _label(labels: tuple[str, str, str], language: Language) -> str:
    return labels[1] if language == "zh" else labels[0]


def _with_unit(label: str, unit: str, language: Language) -> str:
    return f"{label}（{unit}）" if language == "zh" else f"{label} ({unit})"


def option_text(name: str, value: object, language: Language) -> str:
    key = f"ui.option.{name}.{value}"
    return translate(key, language) if key in MESSAGES else str(value)


# --------------------------------------------------------------------------------------------------------
# Annual table
# --------------------------------------------------------------------------------------------------------


def annual_frame(evaluation: Evaluation, language: Language) -> pd.DataFrame:
    """The annual table (one row per period, columns :data:`YEAR_KEYS`), then a row of totals of the flows."""
    frame = pd.DataFrame.from_records(evaluation.years, columns=list(YEAR_KEYS))
    frame["phase"] = [translate(f"phase.{phase}", language) for phase in frame["phase"]]
    totals: dict[str, Any] = {key: None for key in YEAR_KEYS}
    for key in YEAR_KEYS:
        if key not in NOT_SUMMED and YEAR_LABELS[key][2] == "money":
            totals[key] = float(pd.to_numeric(frame[key], errors="coerce").fillna(0.0).sum())
    totals["phase"] = translate("ui.dashboard.total", language)
    frame = pd.concat([frame, pd.DataFrame([totals], columns=list(YEAR_KEYS))], ignore_index=True)
    for key in ("period", "year"):
        frame[key] = frame[key].astype("Int64")
    for key in YEAR_KEYS:
        if key not in ("period", "year", "phase"):
            frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("float64")
    return frame


def annual_column_config(evaluation: Evaluation, language: Language) -> dict[str, Any]:
    """Column headers in the reader's language (money columns with the money unit) and number formats."""
    config: dict[str, Any] = {}
    for key, labels in YEAR_LABELS.items():
        kind = labels[2]
        label = _label(labels, language)
        if kind == "money":
            label = _with_unit(label, evaluation.money_unit, language)
        if kind == "text":
            config[key] = st.column_config.TextColumn(label)
        elif key == "year":
            config[key] = st.column_config.NumberColumn(label, format="%d")
        else:
            config[key] = st.column_config.NumberColumn(label, format=NUMBER_FORMATS.get(kind, "%.2f"))
    return config


def csv_header(key: str, unit: str, language: Language) -> str:
    """A column's CSV header: its label in the reader's language with its unit (money unit, %)."""
    label = _label(YEAR_LABELS[key], language)
    kind = YEAR_LABELS[key][2]
    if kind == "money":
        return _with_unit(label, unit, language)
    if kind == "rate":
        return _with_unit(label, "%", language)
    return label


def csv_cell(key: str, value: object) -> str:
    """A cell of the CSV as a spreadsheet should read it: money to the cent, ratios to 2 decimals, rates as
    percentages with 2 decimals; empty when there is none.

    Examples
    --------
    >>> csv_cell("capex", 3377.3250000000003), csv_cell("affordability_ratio", 0.05801)
    ('3377.33', '5.80')
    >>> csv_cell("year", 2017)
    '2017'
    >>> csv_cell("dscr", None), csv_cell("phase", "operation")
    ('', 'operation')
    """
    if value is None:
        return ""
    kind = YEAR_LABELS[key][2]
    if kind == "text" or not isinstance(value, int | float):
        return str(value)
    if kind == "integer":
        return str(int(value))
    if kind == "rate":
        return f"{value * 100:.2f}"
    # a plain decimal (no thousands separator) so that every spreadsheet reads it as a number
    return f"{value:.2f}"


def annual_csv(evaluation: Evaluation, language: Language) -> bytes:
    """The annual table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese headers): one header
    row of labels in the reader's language with their units, then one row per year, rounded as shown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_header(key, evaluation.money_unit, language) for key in YEAR_KEYS])
    for row in evaluation.years:
        shown = {**row, "phase": translate(f"phase.{row.get('phase')}", language)}
        writer.writerow([csv_cell(key, shown.get(key)) for key in YEAR_KEYS])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------------------


def metric_value_text(evaluation: Evaluation, key: str, language: Language) -> str:
    """A metric as shown: formatted per its kind, money with the project's money unit."""
    value = evaluation.metrics.get(key)
    text = format_metric(key, value, language)
    if value is not None and METRIC_LABELS[key][2] == "money":
        return f"{text} {evaluation.money_unit}"
    return text


def headline_label(evaluation: Evaluation, key: str, language: Language) -> str:
    """A headline metric's label, money with its unit (``Total investment (万元)``): the unit in the
    label keeps the big value short enough to show in full at laptop widths."""
    label = metric_label(key, language)
    if METRIC_LABELS[key][2] == "money":
        return _with_unit(label, evaluation.money_unit, language)
    return label


def headline_value_text(evaluation: Evaluation, key: str, language: Language) -> str:
    """A headline metric's value, formatted per its kind; the money unit is in :func:`headline_label`."""
    return format_metric(key, evaluation.metrics.get(key), language)


def irr_note(note: str, language: Language) -> str:
    """The engine's IRR note (``none``, ``multiple: 0.1, 0.2``) in the reader's language."""
    if note.startswith("multiple"):
        roots = note.split(":", 1)[1] if ":" in note else ""
        parts = []
        for root in roots.split(","):
            try:
                parts.append(f"{float(root) * 100:.2f}%")
            except ValueError:
                continue
        return translate("ui.irr.multiple", language, roots=", ".join(parts))
    return translate("ui.irr.none", language)


def metric_help(evaluation: Evaluation, key: str, language: Language) -> str:
    text = translate(f"ui.metric_help.{key}", language)
    note = evaluation.irr_notes.get(key)
    return f"{text}\n\n{irr_note(note, language)}" if note else text


def metrics_frame(evaluation: Evaluation, language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": [metric_label(key, language) for key in METRIC_KEYS],
            "value": [metric_value_text(evaluation, key, language) for key in METRIC_KEYS],
            "definition": [metric_help(evaluation, key, language) for key in METRIC_KEYS],
        }
    )


# --------------------------------------------------------------------------------------------------------
# Portfolio
# --------------------------------------------------------------------------------------------------------

PORTFOLIO_COLUMNS: Final = (
    "name",
    "city",
    "stage",
    "framework",
    "payment_mode",
    "money_unit",
    "total_investment",
    "government_pv",
    "equity_irr",
    "next_milestone",
    "next_milestone_date",
    "archived",
)


def portfolio_frame(summaries: Sequence[ProjectSummary], language: Language) -> pd.DataFrame:
    """One row per project; the allowed words of the file in the reader's language."""
    records = [
        {
            "id": summary.id,
            "name": summary.name,
            "city": summary.city,
            "stage": option_text("stage", summary.stage, language),
            "framework": option_text("framework", summary.framework, language),
            "payment_mode": option_text("payment_mode", summary.payment_mode, language),
            "money_unit": summary.money_unit,
            "total_investment": summary.total_investment,
            "government_pv": summary.government_pv,
            "equity_irr": summary.equity_irr,
            "next_milestone": summary.next_milestone,
            "next_milestone_date": summary.next_milestone_date,
            "archived": summary.archived,
        }
        for summary in summaries
    ]
    frame = pd.DataFrame.from_records(records, columns=["id", *PORTFOLIO_COLUMNS])
    for key in ("total_investment", "government_pv", "equity_irr"):
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("float64")
    return frame.set_index("id")


#: the columns in the order shown: the key figures first, so that at laptop width (1280 px) they are on
#: screen next to the project's name; the descriptive columns follow (scroll right)
PORTFOLIO_ORDER: Final = (
    "name",
    "stage",
    "total_investment",
    "government_pv",
    "equity_irr",
    "money_unit",
    "next_milestone",
    "next_milestone_date",
    "city",
    "framework",
    "payment_mode",
    "archived",
)


def portfolio_column_config(language: Language) -> dict[str, Any]:
    """Headers in the reader's language and widths (px) that keep :data:`PORTFOLIO_ORDER`'s key figures on
    screen at laptop width; a header cut short by its width has its full text as help."""

    def column(key: str) -> str:
        return translate(f"ui.column.{key}", language)

    def figure(key: str) -> str:
        return metric_label(key, language)

    return {
        "name": st.column_config.TextColumn(column("name"), width=260, pinned=True),
        "city": st.column_config.TextColumn(column("city"), width="medium"),
        "stage": st.column_config.TextColumn(column("stage"), width=100),
        "framework": st.column_config.TextColumn(column("framework"), width="medium"),
        "payment_mode": st.column_config.TextColumn(column("payment_mode"), width="medium"),
        "money_unit": st.column_config.TextColumn(column("money_unit"), width=70),
        "total_investment": st.column_config.NumberColumn(
            figure("total_investment"), format="%,.2f", width=125, help=figure("total_investment")
        ),
        "government_pv": st.column_config.NumberColumn(
            figure("government_pv"), format="%,.2f", width=125, help=figure("government_pv")
        ),
        "equity_irr": st.column_config.NumberColumn(
            figure("equity_irr"), format="percent", width=90, help=figure("equity_irr")
        ),
        "next_milestone": st.column_config.TextColumn(column("next_milestone"), width="medium"),
        "next_milestone_date": st.column_config.DateColumn(
            column("next_milestone_date"), format="YYYY-MM-DD", width=110
        ),
        "archived": st.column_config.CheckboxColumn(column("archived"), width="small"),
    }
