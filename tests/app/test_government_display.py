"""The value-for-money and affordability pages after the browser audit: the affordability page's note
follows its state and shows the candidates' chart and year table at once, with distinct legend entries and
one format per column (defect 7); the VfM inputs read as money and rates, the waterfall's labels whole
(defect 15)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from app_helpers import ROOT, Store, open_page, project_id_named, texts
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.engine import evaluate
from ppp.government.affordability import BudgetForecast, ProjectExpenditure, portfolio_affordability
from ppp.government.vfm import VfmInput, vfm_components, vfm_inputs
from ppp.model import dump_project, load_project
from ppp.services.government import candidate_projects, city_affordability
from ppp.ui.government_charts import affordability_chart, vfm_waterfall_chart
from ppp.ui.government_view import (
    chart_tags,
    expenditure_frame,
    ratio_frame,
    shown_options,
    state_message,
    tag_key,
    vfm_inputs_frame,
)

VFM = "ppp/ui/pages/value_for_money.py"
AFFORDABILITY = "ppp/ui/pages/affordability.py"
SAMPLES = ROOT / "sample_projects"
XINYU_CITY = "新余市, 江西省 (hypothetical tender)"
TENDER_NAME = "智慧新余运行管理平台 PPP 招标 (Smart Xinyu platform tender)"
BID_FILE = SAMPLES / "xinyu_bid_a.toml"


def _spec(app: AppTest) -> Any:
    """The one chart's proto: its spec, and its data sets (streamlit sends them beside the spec)."""
    charts = app.get("vega_lite_chart")
    assert len(charts) == 1
    return charts[0].proto


def _rows(chart: Any, column: str) -> list[dict[str, Any]]:
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(named.data.data) for named in chart.datasets]
    frame = next(frame for frame in frames if column in frame.columns)
    rows: list[dict[str, Any]] = frame.to_dict("records")
    return rows


def test_candidates_in_a_city_without_committed_projects_are_shown_at_once(app: AppTest) -> None:
    open_page(app, AFFORDABILITY)
    app.selectbox(key="affordability_city").set_value(XINYU_CITY).run()
    assert not app.exception
    assert "add candidates to see their ratio" in " ".join(texts(app.info))
    assert not app.get("vega_lite_chart")
    app.file_uploader(key="affordability_upload").set_value(
        (BID_FILE.name, BID_FILE.read_bytes(), "application/toml")
    ).run()
    assert not app.exception
    assert not app.error, texts(app.error)
    notes = " ".join(texts(app.info))
    assert "add candidates" not in notes
    assert "each curve is one candidate on its own" in notes
    # the chart and the year table of the first candidate, without touching the "Bars show" choice
    spec = _spec(app)
    bid_name = load_project(BID_FILE).project.project.name
    table = app.dataframe[0].value
    assert len(table) > 0
    assert bid_name in list(table.columns)
    # one candidate, nothing to choose: the page shows it
    assert [radio.key for radio in app.radio] == ["ppp_language_widget"]
    # legend entries are short tags, distinct, and the key names every project in full
    curves = {row["curve"] for row in _rows(spec, "curve")}
    assert curves == {"With P1"}
    series = {row["series"] for row in _rows(spec, "series")}
    assert series
    assert all(label.startswith("P1 · ") for label in series)
    assert len(series) == len({label for label in series})
    assert any(caption == f"Chart key: P1: {bid_name}." for caption in texts(app.caption))


def test_stored_and_uploaded_candidates_get_distinct_tags_and_a_formatted_year_table(
    app: AppTest, store: Store
) -> None:
    with store() as (session, principal):
        copy = load_project(SAMPLES / "xinyu_tender.toml").project
        info = copy.project.model_copy(update={"name": f"{TENDER_NAME} (2)"})
        stored = services.import_project_file(
            session=session,
            principal=principal,
            text=dump_project(copy.model_copy(update={"project": info, "tender": None})),
        )
        tender_id = services.list_tenders(session=session, principal=principal)[0].id
    open_page(app, AFFORDABILITY)
    app.selectbox(key="affordability_city").set_value(XINYU_CITY).run()
    picker = app.multiselect(key=f"affordability_candidates:{XINYU_CITY}")
    assert sorted(picker.options) == [TENDER_NAME, f"{TENDER_NAME} (2)"]
    picker.set_value([tender_id, stored.id]).run()
    assert not app.exception
    assert not app.error, texts(app.error)
    radio = app.radio(key="affordability_shown")
    assert "" not in radio.options
    assert len(radio.options) == 2
    spec = _spec(app)
    curves = sorted({row["curve"] for row in _rows(spec, "curve")})
    assert curves == ["With P1", "With P2"]
    key = next(caption for caption in texts(app.caption) if caption.startswith("Chart key"))
    assert f"P1: {TENDER_NAME};" in key
    assert f"P2: {TENDER_NAME} (2)." in key
    config = json.loads(app.dataframe[0].proto.columns)
    name = radio.value
    assert config[name]["type_config"]["format"] == "%,.2f"
    assert config["budget"]["type_config"]["format"] == "%,.2f"
    assert config["total"]["type_config"]["format"] == "%,.2f"
    assert config["ratio"]["type_config"] == {"type": "number", "format": "%.2f%%"}
    table = app.dataframe[0].value
    shown = next(
        portfolio for name, portfolio in city_candidates(store, radio.value).items() if name == radio.value
    )
    assert list(table["ratio"]) == pytest.approx([100 * ratio for ratio in shown.ratio])
    assert config[name]["label"] == f"{name} (amount, 万元)"


def test_the_vfm_inputs_read_as_money_and_rates_and_the_waterfall_labels_are_whole(app: AppTest) -> None:
    open_page(app, VFM, project_id_named(app, "Smart Yangxin"))
    assert not app.error
    inputs = next(frame for frame in app.dataframe if "source" in frame.value.columns)
    values = dict(zip(inputs.value["key"], inputs.value["value"], strict=True))
    assert values["discount_rate"] == "5.90%"
    assert values["psc_construction_cost"] == "94,400.00 万元"
    assert json.loads(inputs.proto.columns)["value"]["alignment"] == "right"
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["x"]["axis"]["labelLimit"] >= 400
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    inputs = next(frame for frame in app.dataframe if "source" in frame.value.columns)
    assert "94,400.00 万元" in list(inputs.value["value"])


def city_candidates(store: Store, name: str) -> dict[str, Any]:
    """The city's what-if portfolios as the service computes them, with the candidate ``name`` added."""
    with store() as (session, principal):
        stored = {
            summary.name: summary.id
            for summary in candidate_projects(session=session, principal=principal, city=XINYU_CITY)
        }
        evaluation = services.evaluate_project(session=session, principal=principal, project_id=stored[name])
        result = city_affordability(
            session=session, principal=principal, city=XINYU_CITY, candidates=[(name, evaluation)]
        )
    return result.with_candidates


# ---- pure pieces -------------------------------------------------------------------------------------------


def _portfolios() -> tuple[Any, dict[str, Any]]:
    budget = BudgetForecast(2024, 1000.0, 0.0)
    long = "智慧新余运行管理平台 PPP 招标 (Smart Xinyu platform tender)"
    one = ProjectExpenditure(long, (2024, 2025), (10.0, 0.0), (0.0, 80.0), (0.0, 8.0), (0.0, 0.0))
    two = ProjectExpenditure(f"{long} (2)", (2025,), (0.0,), (30.0,), (0.0,), (0.0,))
    base = portfolio_affordability([], budget)
    return base, {
        one.name: portfolio_affordability([one], budget),
        two.name: portfolio_affordability([two], budget),
    }


def test_tags_keep_long_names_with_a_shared_beginning_apart() -> None:
    base, candidates = _portfolios()
    tags = chart_tags(base, candidates)
    assert list(tags.values()) == ["P1", "P2"]
    assert tag_key(tags, "zh").startswith("图例说明：P1: 智慧新余")
    bars = expenditure_frame(candidates[next(iter(candidates))], "en", tags)
    assert set(bars["series"]) == {"P1 · Equity", "P1 · Operating subsidy", "P1 · Risk"}
    ratios = ratio_frame(base, candidates, "en", tags)
    assert sorted(set(ratios["curve"])) == ["With P1", "With P2"]
    spec = affordability_chart(base, candidates, "万元", "en", candidates[next(iter(candidates))]).to_dict()
    assert "P1 · Equity" in {row.get("series") for rows in spec["datasets"].values() for row in rows}


def test_the_state_message_and_the_bars_choice_follow_the_state() -> None:
    base, candidates = _portfolios()
    assert state_message(0, 0) == "ui.affordability.no_committed"
    assert state_message(0, 2) == "ui.affordability.candidates_alone"
    assert state_message(3, 2) is None
    assert shown_options(base, candidates) == list(candidates)
    committed = candidates[next(iter(candidates))]
    assert shown_options(committed, candidates) == ["", *candidates]


@pytest.mark.parametrize(("language", "rate"), [("en", "5.50%"), ("zh", "5.50%")])
def test_the_vfm_inputs_frame_formats_each_row_by_its_kind(language: str, rate: str) -> None:
    rows = (VfmInput("discount_rate", 0.055, "given", ""), VfmInput("psc_om_cost", 12500.0, "given", ""))
    frame = vfm_inputs_frame(rows, language, "万元")  # type: ignore[arg-type]
    assert list(frame["value"]) == [rate, "12,500.00 万元"]


def test_the_waterfall_labels_are_not_cut() -> None:
    project = load_project(SAMPLES / "yangxin_smart_city_bot.toml").project
    components = vfm_components(project, evaluate(project))
    assert components is not None
    axis = vfm_waterfall_chart(components, "zh").to_dict()["encoding"]["x"]["axis"]
    assert axis["labelLimit"] >= 400
    assert axis["labelOverlap"] is False
    assert vfm_inputs(project)
