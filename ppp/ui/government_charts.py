"""Altair charts of the government pages: the VfM waterfall and a portfolio's expenditure with its ratio.

No financial logic: the figures are the services' results; the charts only reshape and label them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import altair as alt
import pandas as pd

from ppp.government.affordability import LINES, PortfolioAffordability
from ppp.government.vfm import VfmComponents
from ppp.i18n import Language, translate
from ppp.ui.government_view import chart_tags, expenditure_frame, part_label, ratio_frame

HEIGHT: Final = 360
MONEY_FORMAT: Final = ",.2f"
#: room for a category or legend label, in pixels: the longest part label in either language fits
LABEL_LIMIT: Final = 400
STEP_COLORS: Final = {"increase": "#1f77b4", "decrease": "#d62728", "total": "#7f7f7f"}
LINE_COLORS: Final = {"new_projects": "#bcbd22", "warning": "#ff7f0e", "limit": "#d62728"}


def waterfall_frame(components: VfmComponents, language: Language) -> pd.DataFrame:
    """One bar per step: from ``start`` to ``end``, its signed ``amount`` and its kind (for the colour)."""
    steps = components.waterfall()
    return pd.DataFrame(
        {
            "order": list(range(len(steps))),
            "part": [part_label(step.key, language) for step in steps],
            "start": [step.start for step in steps],
            "end": [step.end for step in steps],
            "amount": [step.amount for step in steps],
            "kind": [
                "total" if step.kind == "total" else ("increase" if step.amount >= 0 else "decrease")
                for step in steps
            ],
        }
    )


def vfm_waterfall_chart(components: VfmComponents, language: Language) -> alt.Chart:
    """PSC built from its parts, the PPP value's parts taken off, ending at the VfM amount."""
    frame = waterfall_frame(components, language)
    amount_title = translate("ui.chart.amount", language, unit=components.money_unit)
    part_title = translate("ui.vfm.chart.part", language)
    kinds = list(STEP_COLORS)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "part:N",
                title=part_title,
                sort=list(frame["part"]),
                axis=alt.Axis(labelAngle=-40, labelLimit=LABEL_LIMIT, labelOverlap=False),
            ),
            y=alt.Y("start:Q", title=amount_title),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                title=translate("ui.vfm.chart.kind", language),
                scale=alt.Scale(domain=kinds, range=[STEP_COLORS[kind] for kind in kinds]),
                legend=alt.Legend(labelExpr=_label_expression(kinds, language)),
            ),
            tooltip=[
                alt.Tooltip("part:N", title=part_title),
                alt.Tooltip("amount:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
        .properties(title=translate("ui.vfm.chart.title", language), height=HEIGHT)
    )
    assert isinstance(chart, alt.Chart)
    return chart


def _label_expression(kinds: list[str], language: Language) -> str:
    cases = " : ".join(
        f"datum.label == '{kind}' ? '{translate(f'ui.vfm.chart.{kind}', language)}'" for kind in kinds
    )
    return f"{cases} : datum.label"


def affordability_chart(
    base: PortfolioAffordability,
    candidates: Mapping[str, PortfolioAffordability],
    money_unit: str,
    language: Language,
    shown: PortfolioAffordability | None = None,
) -> alt.LayerChart:
    """Expenditure stacked by project and type (bars, left axis) of ``shown`` (default: the committed
    portfolio) and the ratio of the committed portfolio and of each what-if (lines, right axis) against the
    5%, 7% and 10% lines. Projects are named by their tags (:func:`ppp.ui.government_view.chart_tags`) in
    the legends, in full in the tooltips."""
    tags = chart_tags(base, candidates)
    year_title = translate("ui.chart.year", language)
    amount_title = translate("ui.chart.amount", language, unit=money_unit)
    ratio_title = translate("ui.chart.ratio", language)
    series_title = translate("ui.affordability.chart.series", language)
    curve_title = translate("ui.affordability.chart.curve", language)
    bars_frame = expenditure_frame(shown or base, language, tags)
    bars = (
        alt.Chart(bars_frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("sum(amount):Q", title=amount_title, axis=alt.Axis(orient="left"), stack="zero"),
            color=alt.Color("series:N", title=series_title, legend=alt.Legend(labelLimit=LABEL_LIMIT)),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("project:N", title=translate("ui.affordability.chart.project", language)),
                alt.Tooltip("type:N", title=translate("ui.affordability.chart.type", language)),
                alt.Tooltip("amount:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    ratios = ratio_frame(base, candidates, language, tags)
    curves = (
        alt.Chart(ratios)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("ratio:Q", title=ratio_title, axis=alt.Axis(orient="right", format=".0%")),
            strokeDash=alt.StrokeDash(
                "curve:N", title=curve_title, legend=alt.Legend(labelLimit=LABEL_LIMIT)
            ),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("curve:N", title=curve_title),
                alt.Tooltip("ratio:Q", title=ratio_title, format=".2%"),
                alt.Tooltip("total:Q", title=amount_title, format=MONEY_FORMAT),
            ],
        )
    )
    labels = [translate(f"affordability.line.{line}", language) for line, _ in LINES]
    rules_frame = pd.DataFrame({"ratio": [threshold for _, threshold in LINES], "line": labels})
    rules = (
        alt.Chart(rules_frame)
        .mark_rule(strokeDash=[6, 4], size=2)
        .encode(
            y=alt.Y("ratio:Q", title=ratio_title, axis=alt.Axis(orient="right", format=".0%")),
            color=alt.Color(
                "line:N",
                title=translate("ui.chart.line", language),
                scale=alt.Scale(domain=labels, range=[LINE_COLORS[line] for line, _ in LINES]),
            ),
            tooltip=[alt.Tooltip("line:N", title=translate("ui.chart.line", language))],
        )
    )
    layered: Any = alt.layer(bars, alt.layer(curves, rules)).resolve_scale(
        y="independent", color="independent"
    )
    result = layered.properties(title=translate("ui.affordability.chart.title", language), height=HEIGHT)
    assert isinstance(result, alt.LayerChart)
    return result
