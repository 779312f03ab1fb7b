"""The dashboard's chart builders: pure functions of an evaluation, checked against the engine's own lines."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import pytest
from app_helpers import SAMPLES

from ppp.engine import Evaluation, evaluate
from ppp.i18n import translate
from ppp.model import Project, load_project
from ppp.ui import charts


@cache
def _loaded(path: Path) -> tuple[Project, Evaluation]:
    project = load_project(path).project
    return project, evaluate(project)


def _sample(fragment: str) -> tuple[Project, Evaluation]:
    return _loaded(next(path for path in SAMPLES if fragment in path.name))


def _values(chart: alt.TopLevelMixin) -> Iterator[dict[str, Any]]:
    """Every data record of a chart's spec (inline datasets of all layers)."""
    spec = chart.to_dict()
    for records in spec.get("datasets", {}).values():
        yield from records


def _text(chart: alt.TopLevelMixin) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
@pytest.mark.parametrize("basis", ["project", "equity"])
def test_the_cash_flow_components_add_up_to_the_engines_net_line(sample: Path, basis: charts.Basis) -> None:
    _, evaluation = _loaded(sample)
    frame = charts.cash_flow_frame(evaluation.years, basis, "en")
    by_year = frame.groupby("year")["amount"].sum()
    for row in evaluation.years:
        expected = row[charts.NET_LINE[basis]]
        assert by_year[row["year"]] == pytest.approx(expected, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_chart_is_a_valid_vega_lite_spec_in_one_language(sample: Path, language: str) -> None:
    project, evaluation = _loaded(sample)
    other = "zh" if language == "en" else "en"
    built = [
        charts.cash_flow_chart(evaluation, language, "project"),  # type: ignore[arg-type]
        charts.cash_flow_chart(evaluation, language, "equity"),  # type: ignore[arg-type]
        charts.payments_chart(evaluation, language),  # type: ignore[arg-type]
        charts.cumulative_chart(evaluation, language),  # type: ignore[arg-type]
    ]
    if charts.has_debt_service(evaluation):
        built.append(charts.debt_chart(evaluation, language, project.financing.target_dscr))  # type: ignore[arg-type]
    for chart in built:
        assert isinstance(chart, alt.LayerChart)
        spec = _text(chart)  # to_dict validates against the Vega-Lite schema
        for key in ("ui.chart.year", "ui.chart.cash_flows", "ui.chart.payments"):
            if translate(key, language) in spec:  # type: ignore[arg-type]
                assert translate(key, other) not in spec  # type: ignore[arg-type]
    assert translate("ui.chart.year", language) in _text(built[0])  # type: ignore[arg-type]
    assert evaluation.money_unit in _text(built[0])


def test_the_dscr_covenant_is_the_target_when_set_else_one_and_one_point_two() -> None:
    lines, note = charts.dscr_covenants(1.3, "en")
    assert [line.value for line in lines] == [1.3]
    assert "financing.target_dscr" in note
    lines, note = charts.dscr_covenants(None, "zh")
    assert [line.value for line in lines] == [1.0, 1.2]
    assert "1.0" in note
    assert "1.2" in note

    project, evaluation = _sample("taoyuan")
    assert project.financing.target_dscr == 1.2
    values = list(_values(charts.debt_chart(evaluation, "en", project.financing.target_dscr)))
    assert [record["dscr"] for record in values if "line" in record] == [1.2]
    _, evaluation = _sample("yangxin")
    values = list(_values(charts.debt_chart(evaluation, "en", None)))
    assert [record["dscr"] for record in values if "line" in record] == [1.0, 1.2]
    shown = {(record["year"], record["dscr"]) for record in values if "balance" in record}
    assert shown == {(row["year"], row["dscr"]) for row in evaluation.years}


def test_the_affordability_ratio_is_drawn_against_ten_and_seven_percent() -> None:
    _, evaluation = _sample("yangxin")
    assert charts.has_affordability(evaluation)
    values = list(_values(charts.payments_chart(evaluation, "en")))
    assert sorted(record["ratio"] for record in values if "line" in record) == [0.07, 0.10]
    payments = [record["payment"] for record in values if "payment" in record]
    assert payments == [row["government_payment"] for row in evaluation.years]


def test_without_a_fiscal_table_the_payments_chart_has_no_ratio() -> None:
    project, evaluation = _sample("user_pay")
    assert project.fiscal is None
    assert not charts.has_affordability(evaluation)
    chart = charts.payments_chart(evaluation, "en")
    assert len(chart.layer) == 1
    assert not any("line" in record for record in _values(chart))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_the_payback_point_sits_where_the_cumulative_cash_flow_crosses_zero(sample: Path) -> None:
    _, evaluation = _loaded(sample)
    frame = charts.cumulative_frame(evaluation.years)
    flows = [row["project_cf_post_tax"] for row in evaluation.years]
    assert frame["cumulative"].iloc[-1] == pytest.approx(sum(flows))
    position = charts.payback_position(evaluation)
    if position is None:
        assert evaluation.metrics["payback_years"] is None
        return
    years = list(frame["year"])
    after = next(index for index, year in enumerate(years) if year >= position)
    end_value = frame["cumulative"].iloc[after]
    start_value = frame["cumulative"].iloc[after - 1] if after > 0 else 0.0
    start_year = years[after] - 1
    crossing = start_value + (end_value - start_value) * (position - start_year)
    assert math.isclose(crossing, 0.0, abs_tol=1e-6 * max(1.0, abs(end_value - start_value)))
    points = [record for record in _values(charts.cumulative_chart(evaluation, "en")) if "label" in record]
    assert points[0]["year"] == pytest.approx(position)
    assert points[0]["cumulative"] == 0.0
