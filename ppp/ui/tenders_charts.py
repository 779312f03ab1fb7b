"""The tenders page's Altair charts: each bid's annual government payment, and the city's fiscal affordability
ratio with each bid added, against the 5 % / 7 % / 10 % lines.

No financial logic: the payments are :attr:`ppp.government.bids.BidResult.government_payments` and the ratios
:attr:`ppp.government.affordability.PortfolioAffordability.ratio`; the charts only reshape and label them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import altair as alt
import pandas as pd

from ppp.government.affordability import LINES, PortfolioAffordability
from ppp.government.bids import Comparison
from ppp.i18n import Language, translate
from ppp.ui.charts import HEIGHT, MONEY_FORMAT
from ppp.ui.tenders_view import payment_rows

#: the colour of each affordability line (``ppp.government.affordability.LINES``)
LINE_COLORS: Final[dict[str, str]] = {"new_projects": "#2ca02c", "warning": "#ff7f0e", "limit": "#d62728"}


def _finish(chart: Any, title: str) -> alt.LayerChart:
    result = chart.properties(title=title, height=HEIGHT)
    assert isinstance(result, alt.LayerChart)
    return result


def payment_profiles_chart(comparison: Comparison, language: Language) -> alt.LayerChart:
    """One line per bid: its government payment in each calendar year (the tender's money unit)."""
    year_title = translate("ui.chart.year", language)
    payment_title = translate("ui.tenders.chart.payment_axis", language, unit=comparison.money_unit)
    bidder_title = translate("bids.column.bidder", language)
    frame = pd.DataFrame.from_records(payment_rows(comparison), columns=["bidder", "year", "payment"])
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("payment:Q", title=payment_title, axis=alt.Axis(format=",.0f")),
            color=alt.Color("bidder:N", title=bidder_title),
            tooltip=[
                alt.Tooltip("bidder:N", title=bidder_title),
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("payment:Q", title=payment_title, format=MONEY_FORMAT),
            ],
        )
    )
    return _finish(alt.layer(lines), translate("ui.tenders.chart.payments", language))


def affordability_frame(
    base: PortfolioAffordability, with_bids: Mapping[str, PortfolioAffordability], base_label: str
) -> pd.DataFrame:
    """Long form ``curve``, ``year``, ``ratio``: the committed portfolio alone, then with each bid added."""
    records = [
        {"curve": name, "year": year, "ratio": ratio}
        for name, portfolio in ((base_label, base), *with_bids.items())
        for year, ratio in zip(portfolio.years, portfolio.ratio, strict=True)
    ]
    return pd.DataFrame.from_records(records, columns=["curve", "year", "ratio"])


def affordability_chart(
    base: PortfolioAffordability, with_bids: Mapping[str, PortfolioAffordability], language: Language
) -> alt.LayerChart:
    """The city's affordability ratio per year: the committed portfolio (dashed) and the portfolio with each
    bid, against the 5 % (no new government-pay project), 7 % (early warning) and 10 % (limit) lines."""
    year_title = translate("ui.chart.year", language)
    ratio_title = translate("ui.chart.ratio", language)
    curve_title = translate("ui.tenders.chart.curve", language)
    base_label = translate("ui.tenders.chart.committed", language)
    frame = affordability_frame(base, with_bids, base_label)
    curves = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("ratio:Q", title=ratio_title, axis=alt.Axis(format=".1%")),
            color=alt.Color("curve:N", title=curve_title),
            strokeDash=alt.condition(alt.datum.curve == base_label, alt.value([4, 4]), alt.value([1, 0])),
            tooltip=[
                alt.Tooltip("curve:N", title=curve_title),
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("ratio:Q", title=ratio_title, format=".2%"),
            ],
        )
    )
    labels = [translate(f"ui.tenders.line.{line}", language) for line, _ in LINES]
    rules_frame = pd.DataFrame({"ratio": [threshold for _, threshold in LINES], "line": labels})
    line_title = translate("ui.chart.line", language)
    rules = (
        alt.Chart(rules_frame)
        .mark_rule(strokeDash=[6, 4], size=2)
        .encode(
            y=alt.Y("ratio:Q"),
            color=alt.Color(
                "line:N",
                title=line_title,
                scale=alt.Scale(domain=labels, range=[LINE_COLORS[line] for line, _ in LINES]),
            ),
            tooltip=[alt.Tooltip("line:N", title=line_title), alt.Tooltip("ratio:Q", format=".0%")],
        )
    )
    layered = alt.layer(curves, rules).resolve_scale(color="independent")
    return _finish(layered, translate("ui.tenders.chart.affordability", language))
