"""The "Returns and risk" page's Altair charts: tornado bars, histograms and CDFs of a Monte Carlo run, and
the named scenarios side by side.

No financial logic: the charts draw the frames of :mod:`ppp.ui.risk_view` (already binned: a histogram's bars,
a CDF's quantiles), label them from the catalogs and format each output in its unit.
"""

from __future__ import annotations

from typing import Any, Final

import altair as alt
import pandas as pd

from ppp.i18n import Language, translate
from ppp.ui.charts import HEIGHT, LIMIT_COLOR, MONEY_FORMAT

#: rates as percentages, ratios with two decimals, money with thousands separators
OUTPUT_FORMATS: Final[dict[str, str]] = {
    "equity_irr": ".2%",
    "project_npv": MONEY_FORMAT,
    "government_pv": MONEY_FORMAT,
    "min_dscr": ".2f",
}
LOW_COLOR: Final = "#d62728"
HIGH_COLOR: Final = "#2ca02c"
BAR_COLOR: Final = "#1f77b4"
SMALL_HEIGHT: Final = 220
#: a distribution's height: the plot must stay taller than its axis title ("Probability at or below"), or
#: the title is pushed up and cut at the top (Streamlit fits title, axes and plot into the height)
DISTRIBUTION_HEIGHT: Final = 300
#: a tornado's height: Streamlit fits a chart's title, axes and plot into the height it is given, so the
#: height grows with the bars (a row per driver tall enough for its label) on top of what the rest takes
TORNADO_ROW: Final = 28
TORNADO_FRAME: Final = 110
#: the longest driver label drawn before it is cut with an ellipsis (the longest, "Performance score", fits)
LABEL_LIMIT: Final = 160


def _titled(chart: Any, title: str, height: int = HEIGHT) -> alt.LayerChart:
    result = chart.properties(title=title, height=height)
    assert isinstance(result, alt.LayerChart)
    return result


def tornado_chart(frame: pd.DataFrame, output: str, language: Language) -> alt.LayerChart:
    """One horizontal bar per driver from the lowest to the highest output, largest swing on top, around a
    line at the plan's value (the frame of :func:`ppp.ui.risk_view.tornado_frame`)."""
    fmt = OUTPUT_FORMATS[output]
    title = translate(f"sensitivity.output.{output}", language)
    driver_title = translate("ui.risk.chart.driver", language)
    low_title = translate("ui.risk.chart.low", language)
    high_title = translate("ui.risk.chart.high", language)
    shown = frame.dropna(subset=["low", "high"])
    order = list(shown["driver"])
    base_value = float(frame["base"].iloc[0]) if len(frame) else 0.0
    # each bar in two halves: below the plan (red) and above it (green)
    halves = pd.DataFrame(
        {
            "driver": list(shown["driver"]) * 2,
            "start": [min(value, base_value) for value in shown["low"]] + [base_value] * len(shown),
            "end": [base_value] * len(shown) + [max(value, base_value) for value in shown["high"]],
            "side": [low_title] * len(shown) + [high_title] * len(shown),
            "low": list(shown["low"]) * 2,
            "high": list(shown["high"]) * 2,
        }
    )
    bars = (
        alt.Chart(halves)
        .mark_bar()
        .encode(
            y=alt.Y(
                "driver:N",
                title=driver_title,
                sort=order,
                # every bar keeps its label: rows are tall enough, so none may be dropped as overlapping
                axis=alt.Axis(labelOverlap=False, labelLimit=LABEL_LIMIT),
            ),
            x=alt.X("start:Q", title=title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
            x2="end:Q",
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(domain=[low_title, high_title], range=[LOW_COLOR, HIGH_COLOR]),
            ),
            tooltip=[
                alt.Tooltip("driver:N", title=driver_title),
                alt.Tooltip("low:Q", title=low_title, format=fmt),
                alt.Tooltip("high:Q", title=high_title, format=fmt),
            ],
        )
    )
    base_title = translate("ui.risk.chart.base", language)
    rule = (
        alt.Chart(pd.DataFrame({"base": [base_value]}))
        .mark_rule(color="#333333", size=2)
        .encode(x="base:Q", tooltip=[alt.Tooltip("base:Q", title=base_title, format=fmt)])
    )
    return _titled(alt.layer(bars, rule), title, height=tornado_height(len(order)))


def tornado_height(bars: int) -> int:
    """The height a tornado of ``bars`` bars needs for a readable label on every bar.

    Examples
    --------
    >>> tornado_height(7)
    306
    """
    return TORNADO_FRAME + TORNADO_ROW * max(bars, 1)


def histogram_chart(
    frame: pd.DataFrame, output: str, language: Language, *, reference: float | None = None
) -> alt.LayerChart:
    """Bars of the binned scenarios (the frame of :func:`ppp.ui.risk_view.histogram_frame`), with a dashed
    line at ``reference`` (the hurdle, or DSCR 1.0) when given."""
    fmt = OUTPUT_FORMATS[output]
    title = translate(f"sensitivity.output.{output}", language)
    share_title = translate("ui.risk.chart.share", language)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOR, binSpacing=0)
        .encode(
            x=alt.X("start:Q", title=title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
            x2="end:Q",
            y=alt.Y("share:Q", title=share_title, axis=alt.Axis(format=".0%")),
            tooltip=[
                alt.Tooltip("start:Q", title=translate("ui.risk.chart.from", language), format=fmt),
                alt.Tooltip("end:Q", title=translate("ui.risk.chart.to", language), format=fmt),
                alt.Tooltip("count:Q", title=translate("ui.risk.chart.count", language)),
                alt.Tooltip("share:Q", title=share_title, format=".2%"),
            ],
        )
    )
    layers: list[Any] = [bars]
    if reference is not None:
        layers.append(_reference(reference, fmt, language))
    return _titled(
        alt.layer(*layers), translate("ui.risk.chart.histogram", language, output=title), DISTRIBUTION_HEIGHT
    )


def cdf_chart(
    frame: pd.DataFrame, output: str, language: Language, *, reference: float | None = None
) -> alt.LayerChart:
    """The share of scenarios at or below each value (the frame of :func:`ppp.ui.risk_view.cdf_frame`)."""
    fmt = OUTPUT_FORMATS[output]
    title = translate(f"sensitivity.output.{output}", language)
    probability_title = translate("ui.risk.chart.probability", language)
    line = (
        alt.Chart(frame)
        .mark_line(color=BAR_COLOR, interpolate="step-after")
        .encode(
            x=alt.X("value:Q", title=title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
            y=alt.Y("probability:Q", title=probability_title, axis=alt.Axis(format=".0%")),
            tooltip=[
                alt.Tooltip("value:Q", title=title, format=fmt),
                alt.Tooltip("probability:Q", title=probability_title, format=".1%"),
            ],
        )
    )
    layers: list[Any] = [line]
    if reference is not None:
        layers.append(_reference(reference, fmt, language))
    return _titled(
        alt.layer(*layers), translate("ui.risk.chart.cdf", language, output=title), DISTRIBUTION_HEIGHT
    )


def _reference(value: float, fmt: str, language: Language) -> Any:
    label = translate("ui.risk.chart.reference", language)
    return (
        alt.Chart(pd.DataFrame({"reference": [value]}))
        .mark_rule(color=LIMIT_COLOR, strokeDash=[6, 4], size=2)
        .encode(x="reference:Q", tooltip=[alt.Tooltip("reference:Q", title=label, format=fmt)])
    )


def scenario_chart(frame: pd.DataFrame, output: str, language: Language) -> alt.Chart:
    """One output's bar per scenario (the frame of :func:`ppp.ui.risk_view.scenario_chart_frame`), its axis
    in the output's unit; the page draws the four outputs in a 2 × 2 grid that fits a laptop's width."""
    fmt = OUTPUT_FORMATS[output]
    title = translate(f"sensitivity.output.{output}", language)
    scenario_title = translate("ui.risk.chart.scenario", language)
    order = list(dict.fromkeys(frame["scenario"]))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "scenario:N",
                title=None,
                sort=order,
                axis=alt.Axis(labelAngle=0, labelLimit=LABEL_LIMIT // 2, labelOverlap=False),
            ),
            # the chart's title names the output: an axis title as long would be cut or push the title out
            y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt)),
            # the axis names the scenarios: a legend would only take width from the bars
            color=alt.Color("scenario:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("scenario:N", title=scenario_title),
                alt.Tooltip("value:Q", title=title, format=fmt),
            ],
        )
        .properties(title=translate("ui.risk.chart.by_scenario", language, output=title), height=SMALL_HEIGHT)
    )
    assert isinstance(chart, alt.Chart)
    return chart
