"""The dashboard's Altair charts, as pure functions of an evaluation's annual table and the reader's language.

No financial logic: every figure is a line of :attr:`ppp.engine.Evaluation.years` (or a running sum of one);
the charts only reshape and label them. Data columns are plain ASCII names; titles, legends and tooltips come
from the catalogs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import altair as alt
import pandas as pd

from ppp.engine import Evaluation
from ppp.i18n import Language, translate
from ppp.i18n.catalog import YEAR_LABELS

Basis = Literal["project", "equity"]

#: the components of each cash flow, with their sign: they add up to the engine's line named in NET_LINE
COMPONENTS: Final[dict[Basis, tuple[tuple[str, int], ...]]] = {
    "project": (
        ("government_payment", 1),
        ("user_revenue", 1),
        ("opex", -1),
        ("capex", -1),
        ("lifecycle_capex", -1),
    ),
    "equity": (
        ("government_payment", 1),
        ("user_revenue", 1),
        ("equity_draw", -1),
        ("opex", -1),
        ("lifecycle_capex", -1),
        ("interest", -1),
        ("principal", -1),
        ("income_tax", -1),
    ),
}
NET_LINE: Final[dict[Basis, str]] = {"project": "project_cf_pre_tax", "equity": "equity_cf"}
COLORS: Final[dict[str, str]] = {
    "government_payment": "#1f77b4",
    "user_revenue": "#17becf",
    "equity_draw": "#9467bd",
    "opex": "#ff7f0e",
    "capex": "#8c564b",
    "lifecycle_capex": "#e377c2",
    "interest": "#d62728",
    "principal": "#bcbd22",
    "income_tax": "#7f7f7f",
}
AFFORDABILITY_LIMIT: Final = 0.10  # 财金〔2015〕21号
AFFORDABILITY_WARNING: Final = 0.07
DEFAULT_COVENANTS: Final = (1.0, 1.2)
LIMIT_COLOR: Final = "#d62728"
WARNING_COLOR: Final = "#ff7f0e"
HEIGHT: Final = 340
MONEY_FORMAT: Final = ",.2f"
LEGEND_LABEL_LIMIT: Final = 320


def _finish(chart: Any, title: str) -> alt.LayerChart:
    """Title and height of a layered chart (altair's ``properties`` is typed loosely)."""
    result = chart.properties(title=title, height=HEIGHT)
    assert isinstance(result, alt.LayerChart)
    return result


def year_label(key: str, language: Language) -> str:
    english, chinese, _ = YEAR_LABELS[key]
    return chinese if language == "zh" else english


def _value(row: Mapping[str, Any], key: str) -> float:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else 0.0


def _optional(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else None


# --------------------------------------------------------------------------------------------------------
# Annual cash flows stacked by component
# --------------------------------------------------------------------------------------------------------


def cash_flow_frame(years: Sequence[Mapping[str, Any]], basis: Basis, language: Language) -> pd.DataFrame:
    """Long format: one row per year and component, signed (inflows up, outflows down)."""
    records = [
        {
            "year": int(row["year"]),
            "key": key,
            "component": year_label(key, language),
            "order": order,
            "amount": sign * _value(row, key),
        }
        for row in years
        for order, (key, sign) in enumerate(COMPONENTS[basis])
    ]
    return pd.DataFrame.from_records(records, columns=["year", "key", "component", "order", "amount"])


def cash_flow_chart(evaluation: Evaluation, language: Language, basis: Basis = "project") -> alt.LayerChart:
    """Stacked bars of the components of the project (pre-tax) or equity cash flow, with the net flow as a
    line; the components add up to the engine's ``project_cf_pre_tax`` / ``equity_cf``."""
    frame = cash_flow_frame(evaluation.years, basis, language)
    keys = [key for key, _ in COMPONENTS[basis]]
    labels = [year_label(key, language) for key in keys]
    year_title = translate("ui.chart.year", language)
    amount_title = translate("ui.chart.amount", language, unit=evaluation.money_unit)
    component_title = translate("ui.chart.component", language)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("sum(amount):Q", title=amount_title, stack="zero"),
            color=alt.Color(
                "component:N",
                title=component_title,
                scale=alt.Scale(domain=labels, range=[COLORS[key] for key in keys]),
                sort=labels,
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("component:N", title=component_title),
                alt.Tooltip("amount:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    net_title = translate("ui.chart.net", language)
    net = pd.DataFrame(
        {
            "year": [int(row["year"]) for row in evaluation.years],
            "net": [_value(row, NET_LINE[basis]) for row in evaluation.years],
            "label": net_title,
        }
    )
    line = (
        alt.Chart(net)
        .mark_line(point=True, color="black")
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("net:Q", title=amount_title),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("net:Q", title=net_title, format=MONEY_FORMAT),
            ],
        )
    )
    title = (
        translate("ui.chart.cash_flows", language) + " · " + translate(f"ui.chart.basis.{basis}", language)
    )
    return _finish(alt.layer(bars, line), title)


# --------------------------------------------------------------------------------------------------------
# Reference lines
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceLine:
    value: float
    label: str
    color: str


def dscr_covenants(target_dscr: float | None, language: Language) -> tuple[list[ReferenceLine], str]:
    """The DSCR lines to draw and a sentence saying which they are: the project's target DSCR when the file
    sets one (``financing.target_dscr``), else 1.0 (debt service just covered) and 1.2 (a common covenant)."""
    if target_dscr is not None:
        value = f"{target_dscr:.2f}"
        return (
            [
                ReferenceLine(
                    target_dscr, translate("ui.chart.covenant_target", language, value=value), LIMIT_COLOR
                )
            ],
            translate("ui.chart.covenant_note_target", language, value=value),
        )
    return (
        [
            ReferenceLine(DEFAULT_COVENANTS[0], translate("ui.chart.covenant_one", language), LIMIT_COLOR),
            ReferenceLine(
                DEFAULT_COVENANTS[1], translate("ui.chart.covenant_common", language), WARNING_COLOR
            ),
        ],
        translate("ui.chart.covenant_note_default", language),
    )


def affordability_lines(language: Language) -> list[ReferenceLine]:
    """The 10% ceiling of 财金〔2015〕21号 and the 7% early-warning line."""
    return [
        ReferenceLine(AFFORDABILITY_LIMIT, translate("ui.chart.limit", language), LIMIT_COLOR),
        ReferenceLine(AFFORDABILITY_WARNING, translate("ui.chart.warning", language), WARNING_COLOR),
    ]


def _rules(
    lines: Sequence[ReferenceLine], field: str, title: str, language: Language, axis_format: str
) -> Any:
    frame = pd.DataFrame({field: [line.value for line in lines], "line": [line.label for line in lines]})
    return (
        alt.Chart(frame)
        .mark_rule(strokeDash=[6, 4], size=2)
        .encode(
            y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=axis_format)),
            color=alt.Color(
                "line:N",
                title=translate("ui.chart.line", language),
                scale=alt.Scale(domain=[line.label for line in lines], range=[line.color for line in lines]),
                # the default limit (160 px) cut "1.2: a common lenders' covenant" short
                legend=alt.Legend(labelLimit=LEGEND_LABEL_LIMIT),
            ),
            tooltip=[alt.Tooltip("line:N", title=translate("ui.chart.line", language))],
        )
    )


# --------------------------------------------------------------------------------------------------------
# Debt balance and DSCR
# --------------------------------------------------------------------------------------------------------


def has_debt_service(evaluation: Evaluation) -> bool:
    return any(_optional(row, "dscr") is not None for row in evaluation.years)


def debt_chart(evaluation: Evaluation, language: Language, target_dscr: float | None) -> alt.LayerChart:
    """The opening debt balance of each year (bars, left axis) and the DSCR (line, right axis) against the
    covenant lines of :func:`dscr_covenants`."""
    year_title = translate("ui.chart.year", language)
    balance_title = translate("ui.chart.balance", language, unit=evaluation.money_unit)
    dscr_title = translate("ui.chart.dscr", language)
    frame = pd.DataFrame(
        {
            "year": [int(row["year"]) for row in evaluation.years],
            "balance": [_value(row, "debt_opening") for row in evaluation.years],
            "dscr": [_optional(row, "dscr") for row in evaluation.years],
        }
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#aec7e8")
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("balance:Q", title=balance_title, axis=alt.Axis(orient="left")),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("balance:Q", title=balance_title, format=MONEY_FORMAT),
            ],
        )
    )
    line = (
        alt.Chart(frame.dropna(subset=["dscr"]))
        .mark_line(point=True, color="#1f77b4")
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("dscr:Q", title=dscr_title, axis=alt.Axis(orient="right", format=".2f")),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("dscr:Q", title=dscr_title, format=".2f"),
            ],
        )
    )
    lines, _ = dscr_covenants(target_dscr, language)
    covenant = _rules(lines, "dscr", dscr_title, language, ".2f")
    ratio_layer = alt.layer(line, covenant)
    layered = alt.layer(bars, ratio_layer).resolve_scale(y="independent", color="independent")
    return _finish(layered, translate("ui.chart.debt", language))


# --------------------------------------------------------------------------------------------------------
# Government payments and affordability
# --------------------------------------------------------------------------------------------------------


def has_affordability(evaluation: Evaluation) -> bool:
    return any(_optional(row, "affordability_ratio") is not None for row in evaluation.years)


def payments_chart(evaluation: Evaluation, language: Language) -> alt.LayerChart:
    """Government payment of each year (bars) and, when the project has a ``[fiscal]`` table, the
    affordability ratio (line, right axis) against the 10% ceiling and the 7% early warning."""
    year_title = translate("ui.chart.year", language)
    payment_title = translate("ui.chart.payment_axis", language, unit=evaluation.money_unit)
    ratio_title = translate("ui.chart.ratio", language)
    frame = pd.DataFrame(
        {
            "year": [int(row["year"]) for row in evaluation.years],
            "payment": [_value(row, "government_payment") for row in evaluation.years],
            "ratio": [_optional(row, "affordability_ratio") for row in evaluation.years],
        }
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color=COLORS["government_payment"])
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("payment:Q", title=payment_title, axis=alt.Axis(orient="left")),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("payment:Q", title=payment_title, format=MONEY_FORMAT),
                alt.Tooltip("ratio:Q", title=ratio_title, format=".2%"),
            ],
        )
    )
    title = translate("ui.chart.payments", language)
    if not has_affordability(evaluation):
        return _finish(alt.layer(bars), title)
    line = (
        alt.Chart(frame.dropna(subset=["ratio"]))
        .mark_line(point=True, color="#2ca02c")
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("ratio:Q", title=ratio_title, axis=alt.Axis(orient="right", format=".0%")),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("ratio:Q", title=ratio_title, format=".2%"),
            ],
        )
    )
    limits = _rules(affordability_lines(language), "ratio", ratio_title, language, ".0%")
    layered = alt.layer(bars, alt.layer(line, limits)).resolve_scale(y="independent", color="independent")
    return _finish(layered, title)


# --------------------------------------------------------------------------------------------------------
# Cumulative cash flow and payback
# --------------------------------------------------------------------------------------------------------


def cumulative_frame(years: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The running sum of the post-tax project cash flow, at the end of each year."""
    frame = pd.DataFrame(
        {
            "year": [int(row["year"]) for row in years],
            "flow": [_value(row, "project_cf_post_tax") for row in years],
        }
    )
    frame["cumulative"] = frame["flow"].cumsum()
    return frame


def payback_position(evaluation: Evaluation) -> float | None:
    """Where the payback falls on the year axis: the end of year ``y`` is at ``y``, so a payback of ``P``
    years from the start of the first year is at ``first year − 1 + P``."""
    payback = evaluation.metrics.get("payback_years")
    if payback is None or not evaluation.years:
        return None
    return int(evaluation.years[0]["year"]) - 1 + float(payback)


def cumulative_chart(evaluation: Evaluation, language: Language) -> alt.LayerChart:
    """The cumulative post-tax project cash flow with the static payback point (methodology §6)."""
    frame = cumulative_frame(evaluation.years)
    year_title = translate("ui.chart.year", language)
    amount_title = translate("ui.chart.cumulative_axis", language, unit=evaluation.money_unit)
    x = alt.X(
        "year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)
    )
    line = (
        alt.Chart(frame)
        .mark_area(line=True, point=True, opacity=0.25, color="#1f77b4")
        .encode(
            x=x,
            y=alt.Y("cumulative:Q", title=amount_title),
            tooltip=[
                alt.Tooltip("year:Q", title=year_title, format="d"),
                alt.Tooltip("cumulative:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="black").encode(y="zero:Q")
    layers: list[Any] = [line, zero]
    position = payback_position(evaluation)
    if position is not None:
        payback = float(evaluation.metrics["payback_years"] or 0.0)
        label = translate("ui.chart.payback", language, years=f"{payback:.2f}")
        point_frame = pd.DataFrame({"year": [position], "cumulative": [0.0], "label": [label]})
        point = (
            alt.Chart(point_frame)
            .mark_point(size=160, filled=True, color=LIMIT_COLOR, shape="diamond")
            .encode(x="year:Q", y="cumulative:Q", tooltip=[alt.Tooltip("label:N", title=label)])
        )
        # the label reads away from the nearer edge of the plot, which would cut it
        first, last = int(evaluation.years[0]["year"]), int(evaluation.years[-1]["year"])
        right_half = position > (first + last) / 2
        text = (
            alt.Chart(point_frame)
            .mark_text(
                align="right" if right_half else "left", dx=-8 if right_half else 8, dy=-12, color=LIMIT_COLOR
            )
            .encode(x="year:Q", y="cumulative:Q", text="label:N")
        )
        layers += [point, text]
    return _finish(alt.layer(*layers), translate("ui.chart.cumulative", language))


# --------------------------------------------------------------------------------------------------------
# Operations: KPI trends, the month's deductions by KPI, government payments actual vs plan
# --------------------------------------------------------------------------------------------------------

BREACH_COLOR: Final = "#d62728"
MET_COLOR: Final = "#2ca02c"


def kpi_trend_frame(
    series: Sequence[tuple[str, Any]], target: float, direction: Literal["higher", "lower"]
) -> pd.DataFrame:
    """One row per month with a reading: the value, the target and whether the month breached it."""
    values = [float(value) for _, value in series]
    return pd.DataFrame(
        {
            "period": [period for period, _ in series],
            "value": values,
            "target": [target] * len(values),
            "breach": [
                round(target - value if direction == "higher" else value - target, 12) > 0.0
                for value in values
            ],
        },
        columns=["period", "value", "target", "breach"],
    )


def kpi_trend_chart(
    series: Sequence[tuple[str, Any]],
    *,
    name: str,
    unit: str,
    target: float,
    direction: Literal["higher", "lower"],
    language: Language,
) -> alt.LayerChart:
    """A KPI's monthly readings (line), the months that breached the target (red points) and the target."""
    frame = kpi_trend_frame(series, target, direction)
    frame["status"] = [
        translate("ui.chart.kpi.breach" if breach else "ui.chart.kpi.met", language)
        for breach in frame["breach"]
    ]
    month_title = translate("ui.chart.kpi.month", language)
    value_title = translate("ui.chart.kpi.value", language, unit=unit)
    status_title = translate("ui.chart.kpi.status", language)
    met, breach = translate("ui.chart.kpi.met", language), translate("ui.chart.kpi.breach", language)
    line = (
        alt.Chart(frame)
        .mark_line(color="#1f77b4")
        .encode(
            x=alt.X("period:O", title=month_title),
            y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False)),
        )
    )
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("period:O", title=month_title),
            y=alt.Y("value:Q", title=value_title),
            color=alt.Color(
                "status:N",
                title=status_title,
                scale=alt.Scale(domain=[met, breach], range=[MET_COLOR, BREACH_COLOR]),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=month_title),
                alt.Tooltip("value:Q", title=value_title),
                alt.Tooltip("status:N", title=status_title),
            ],
        )
    )
    target_label = translate("ui.chart.kpi.target", language, value=f"{target:g}")
    rule = (
        alt.Chart(pd.DataFrame({"target": [target], "label": [target_label]}))
        .mark_rule(strokeDash=[6, 4], size=2, color=LIMIT_COLOR)
        .encode(y="target:Q", tooltip=[alt.Tooltip("label:N", title=target_label)])
    )
    return _finish(alt.layer(line, points, rule), name)


def month_deductions_frame(lines: Sequence[Any]) -> pd.DataFrame:
    """The KPIs that cost money in a month (statement lines with a deduction), largest first."""
    records = [
        {"kpi": line.name, "kpi_id": line.kpi_id, "points": line.points, "deduction": float(line.deduction)}
        for line in lines
        if line.deduction > 0
    ]
    frame = pd.DataFrame.from_records(records, columns=["kpi", "kpi_id", "points", "deduction"])
    return frame.sort_values("deduction", ascending=False, kind="stable").reset_index(drop=True)


def month_deductions_chart(
    period: str, lines: Sequence[Any], money_unit: str, language: Language
) -> alt.LayerChart:
    """Horizontal bars: the money each KPI cost in the month ``period``."""
    frame = month_deductions_frame(lines)
    kpi_title = translate("ui.chart.kpi.kpi", language)
    amount_title = translate("ui.chart.kpi.deduction", language, unit=money_unit)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BREACH_COLOR)
        .encode(
            y=alt.Y("kpi:N", title=kpi_title, sort="-x"),
            x=alt.X("deduction:Q", title=amount_title),
            tooltip=[
                alt.Tooltip("kpi:N", title=kpi_title),
                alt.Tooltip("points:Q", title=translate("ui.chart.kpi.points", language), format=".2f"),
                alt.Tooltip("deduction:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    return _finish(alt.layer(bars), translate("ui.chart.kpi.deductions_title", language, period=period))


def actual_vs_plan_frame(years: Sequence[Any]) -> pd.DataFrame:
    """Long format: per year the planned government payment and the actual one (recorded, else forecast)."""
    records: list[dict[str, Any]] = []
    for row in years:
        records.append({"year": int(row.year), "series": "planned", "amount": float(row.planned_payment)})
        recorded = row.actual_payment is not None
        records.append(
            {
                "year": int(row.year),
                "series": "actual" if recorded else "forecast",
                "amount": float(row.actual_payment if recorded else row.forecast_payment),
            }
        )
    return pd.DataFrame.from_records(records, columns=["year", "series", "amount"])


def actual_vs_plan_chart(years: Sequence[Any], money_unit: str, language: Language) -> alt.LayerChart:
    """Government payment per year: planned against actual (recorded years) or forecast (the others)."""
    frame = actual_vs_plan_frame(years)
    names = {key: translate(f"ui.chart.avp.{key}", language) for key in ("planned", "actual", "forecast")}
    frame["label"] = frame["series"].map(names)
    year_title = translate("ui.chart.year", language)
    amount_title = translate("ui.chart.payment_axis", language, unit=money_unit)
    series_title = translate("ui.chart.line", language)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=year_title),
            xOffset=alt.XOffset("series:N", sort=["planned", "actual", "forecast"]),
            y=alt.Y("amount:Q", title=amount_title),
            color=alt.Color(
                "label:N",
                title=series_title,
                scale=alt.Scale(
                    domain=list(names.values()), range=[COLORS["government_payment"], "#ff7f0e", "#c7c7c7"]
                ),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("label:N", title=series_title),
                alt.Tooltip("amount:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    return _finish(alt.layer(bars), translate("ui.chart.avp.title", language))


# --------------------------------------------------------------------------------------------------------
# Lifecycle: the milestone timeline (planned against actual, today)
# --------------------------------------------------------------------------------------------------------

LATE_COLOR: Final = "#d62728"
ON_TIME_COLOR: Final = "#2ca02c"
OPEN_COLOR: Final = "#7f7f7f"


def milestone_timeline_frame(milestones: Sequence[Any], today: datetime.date) -> pd.DataFrame:
    """One row per milestone (anything with ``name``, ``stage``, ``planned``, ``actual``): the planned date,
    the end of its bar (the actual date, or today while it is open and late, else the planned date), the
    days late and its status (``on_time``: reached on or before plan; ``late``; ``open``: not reached)."""
    records: list[dict[str, Any]] = []
    for order, milestone in enumerate(milestones):
        planned: datetime.date = milestone.planned
        actual: datetime.date | None = milestone.actual
        if actual is not None:
            end, days = actual, (actual - planned).days
            status = "late" if days > 0 else "on_time"
        else:
            days = max((today - planned).days, 0)
            end = today if days > 0 else planned
            status = "late" if days > 0 else "open"
        records.append(
            {
                "order": order,
                "name": str(milestone.name),
                "stage": str(milestone.stage),
                "planned": pd.Timestamp(planned),
                "end": pd.Timestamp(end),
                "actual": None if actual is None else pd.Timestamp(actual),
                "days": days,
                "status": status,
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["order", "name", "stage", "planned", "end", "actual", "days", "status"]
    )


def milestone_timeline_chart(
    milestones: Sequence[Any], today: datetime.date, language: Language
) -> alt.LayerChart:
    """A Gantt-like timeline: per milestone a bar from its planned date to its actual date (or to today while
    it is late), the planned date as a hollow mark, the actual date as a filled one, and a rule at today."""
    frame = milestone_timeline_frame(milestones, today)
    statuses = {key: translate(f"ui.chart.lifecycle.{key}", language) for key in ("on_time", "late", "open")}
    frame["label"] = frame["status"].map(statuses)
    frame["stage_label"] = [translate(f"ui.option.stage.{stage}", language) for stage in frame["stage"]]
    name_title = translate("ui.chart.lifecycle.milestone", language)
    date_title = translate("ui.chart.lifecycle.date", language)
    status_title = translate("ui.chart.lifecycle.status", language)
    planned_title = translate("ui.chart.lifecycle.planned", language)
    actual_title = translate("ui.chart.lifecycle.actual", language)
    days_title = translate("ui.chart.lifecycle.days", language)
    stage_title = translate("ui.chart.lifecycle.stage", language)
    y = alt.Y("name:N", title=name_title, sort=alt.EncodingSortField("order", order="ascending"))
    color = alt.Color(
        "label:N",
        title=status_title,
        scale=alt.Scale(domain=list(statuses.values()), range=[ON_TIME_COLOR, LATE_COLOR, OPEN_COLOR]),
    )
    tooltip = [
        alt.Tooltip("name:N", title=name_title),
        alt.Tooltip("stage_label:N", title=stage_title),
        alt.Tooltip("planned:T", title=planned_title, format="%Y-%m-%d"),
        alt.Tooltip("actual:T", title=actual_title, format="%Y-%m-%d"),
        alt.Tooltip("days:Q", title=days_title),
        alt.Tooltip("label:N", title=status_title),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(height=10, opacity=0.6)
        .encode(x=alt.X("planned:T", title=date_title), x2="end:T", y=y, color=color, tooltip=tooltip)
    )
    planned_marks = (
        alt.Chart(frame)
        .mark_point(shape="diamond", size=90, filled=False, color="#1f77b4")
        .encode(x="planned:T", y=y, tooltip=tooltip)
    )
    actual_marks = (
        alt.Chart(frame.dropna(subset=["actual"]))
        .mark_point(shape="circle", size=70, filled=True)
        .encode(x="actual:T", y=y, color=color, tooltip=tooltip)
    )
    today_label = translate("ui.chart.lifecycle.today", language, date=today.isoformat())
    rule = (
        alt.Chart(pd.DataFrame({"today": [pd.Timestamp(today)], "label": [today_label]}))
        .mark_rule(strokeDash=[6, 4], size=2, color=LIMIT_COLOR)
        .encode(x="today:T", tooltip=[alt.Tooltip("label:N", title=today_label)])
    )
    return _finish(
        alt.layer(bars, planned_marks, actual_marks, rule), translate("ui.chart.lifecycle.title", language)
    )
