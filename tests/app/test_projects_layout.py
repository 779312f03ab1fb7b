"""What the portfolio, editor and dashboard show at laptop width (1280 px), checked on the element tree
AppTest sees (the browser itself is tests/browser): headline metrics in rows of three with the unit in the
label, the charts one under the other, content-wide editor buttons, the portfolio's key figures first; and
the annual CSV download with one header row and values rounded as shown."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from app_helpers import DASHBOARD, EDITOR, SAMPLES, open_page, project_id_named
from streamlit.testing.v1 import AppTest

from ppp.engine import YEAR_KEYS, evaluate
from ppp.i18n.catalog import YEAR_LABELS
from ppp.i18n.formatting import format_metric
from ppp.model import load_project
from ppp.ui.tables import PORTFOLIO_ORDER, annual_csv

YANGXIN = "Smart Yangxin"
#: the dashboard's headline metrics, and how many to a row (a page module runs when imported: not imported)
HEADLINE_COUNT = 8
METRICS_PER_ROW = 3
#: Block.FlexContainer.direction of a horizontal row
HORIZONTAL = 2


def _walk(node: Any, parents: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Every node of the element tree with its chain of parents (outermost first)."""
    yield node, parents
    for child in getattr(node, "children", {}).values():
        yield from _walk(child, (*parents, node))


def _parents_of(app: AppTest, matches: Any) -> list[tuple[Any, ...]]:
    return [parents for node, parents in _walk(app.main) if matches(node)]


def _is_column(node: Any) -> bool:
    return type(node).__name__ == "Column"


def _is_horizontal_row(node: Any) -> bool:
    """A horizontal flex container (st.container(horizontal=True) or the row of st.columns)."""
    proto = getattr(node, "proto", None)
    try:
        return bool(
            proto is not None and proto.HasField("flex_container") and proto.flex_container.direction == 2
        )
    except ValueError:  # a column's or a tab's proto has no flex container
        return False


# ---- dashboard ------------------------------------------------------------------------------------------


def test_the_headline_metrics_come_three_to_a_row_with_the_money_unit_in_the_label(app: AppTest) -> None:
    project = next(
        load_project(path).project for path in SAMPLES if YANGXIN in load_project(path).project.project.name
    )
    evaluation = evaluate(project)
    open_page(app, DASHBOARD, project_id_named(app, YANGXIN))
    rows = [parents[-2] for parents in _parents_of(app, lambda node: type(node).__name__ == "Metric")]
    assert len(rows) == HEADLINE_COUNT
    for row in rows:
        # four to a row cut values ("119,558.…") and labels at 1280 px
        assert len([child for child in row.children.values() if _is_column(child)]) == METRICS_PER_ROW
    shown = {metric.label: metric.value for metric in app.metric}
    unit = evaluation.money_unit
    assert shown[f"Total investment ({unit})"] == format_metric(
        "total_investment", evaluation.metrics["total_investment"], "en"
    )
    assert shown[f"PV of government payments ({unit})"] == format_metric(
        "government_pv", evaluation.metrics["government_pv"], "en"
    )
    assert all(unit not in value for value in shown.values())


def test_the_dashboard_charts_take_the_full_width_one_under_the_other(app: AppTest) -> None:
    open_page(app, DASHBOARD, project_id_named(app, YANGXIN))
    charts = _parents_of(app, lambda node: type(node).__name__ == "UnknownElement")
    assert len(charts) == 4  # cash flows, debt and DSCR, payments, cumulative
    # side by side, the debt and DSCR plot was about 100 px wide beside its legend
    assert not any(_is_column(parent) for parents in charts for parent in parents)


def test_the_covenant_legend_shows_its_labels_in_full() -> None:
    from ppp.ui import charts

    evaluation = evaluate(load_project(SAMPLES[0]).project)
    spec = json.dumps(charts.debt_chart(evaluation, "en", None).to_dict())
    assert f'"labelLimit": {charts.LEGEND_LABEL_LIMIT}' in spec
    assert charts.LEGEND_LABEL_LIMIT >= 300


def test_the_payback_label_reads_away_from_the_right_edge() -> None:
    from ppp.ui import charts

    for path in SAMPLES:
        evaluation = evaluate(load_project(path).project)
        position = charts.payback_position(evaluation)
        if position is None:
            continue
        spec = charts.cumulative_chart(evaluation, "en").to_dict()
        texts = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"]
        first, last = evaluation.years[0]["year"], evaluation.years[-1]["year"]
        expected = "right" if position > (first + last) / 2 else "left"
        assert [layer["mark"]["align"] for layer in texts] == [expected]


def test_the_annual_csv_has_one_header_row_and_values_rounded_to_cents() -> None:
    evaluation = evaluate(load_project(SAMPLES[0]).project)
    raw = annual_csv(evaluation, "zh")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(evaluation.years)
    header = rows[0]
    assert header[YEAR_KEYS.index("government_payment")] == f"政府付费（{evaluation.money_unit}）"
    assert header[YEAR_KEYS.index("affordability_ratio")].endswith("（%）")
    assert not set(header) & set(YEAR_KEYS)  # no second header of keys
    money = [index for index, key in enumerate(YEAR_KEYS) if YEAR_LABELS[key][2] == "money"]
    for row, year in zip(rows[1:], evaluation.years, strict=True):
        for index in money:
            assert re.fullmatch(r"-?\d+\.\d{2}", row[index]), row[index]
            assert float(row[index]) == round(float(year[YEAR_KEYS[index]]), 2)
        assert row[YEAR_KEYS.index("phase")] in {"建设期", "运营期"}
        assert row[YEAR_KEYS.index("year")] == str(year["year"])


# ---- editor ---------------------------------------------------------------------------------------------


def test_the_editor_buttons_sit_in_a_content_wide_row(app: AppTest) -> None:
    open_page(app, EDITOR, project_id_named(app, YANGXIN))
    for key in ("editor_save_top", "editor_discard_top", "editor_dashboard_top", "editor_save_bottom"):
        [parents] = _parents_of(app, lambda node, key=key: getattr(node, "key", None) == key)
        # in a fixed column of a sixth of the page "Discard my changes" was cut to "Discard m…"
        assert not _is_column(parents[-1])
        assert _is_horizontal_row(parents[-1])
        assert parents[-1].proto.flex_container.wrap


# ---- portfolio ------------------------------------------------------------------------------------------


def test_the_portfolio_shows_its_key_figures_next_to_the_name(app: AppTest) -> None:
    table = app.dataframe[0]
    order = list(table.proto.column_order)
    assert order == list(PORTFOLIO_ORDER)
    assert order[:5] == ["name", "stage", "total_investment", "government_pv", "equity_irr"]
    config = json.loads(table.proto.columns)
    widths = [config[key]["width"] for key in order[:6]]
    assert all(isinstance(width, int) for width in widths)
    # with the name pinned, these fit in the table's 820 px at 1280 px
    assert sum(widths) <= 820
    assert config["name"]["pinned"] is True
