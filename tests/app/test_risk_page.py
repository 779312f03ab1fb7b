"""The "Returns and risk" page through AppTest on the Yangxin sample (goal seek, tornado, Monte Carlo,
named scenarios), and its pure pieces: typed numbers, the Monte Carlo settings of the tables, binned data."""

from __future__ import annotations

import io
import json
import re
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from app_helpers import ROOT, SAMPLES, open_page, project_id_named, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.engine import evaluate
from ppp.engine.solve import solve
from ppp.i18n.catalog import MESSAGES
from ppp.i18n.catalog_risk_ui import RISK_UI_MESSAGES
from ppp.model import ProjectError, load_project
from ppp.risk.defaults import default_monte_carlo
from ppp.risk.drivers import OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloSpec, run_monte_carlo
from ppp.risk.sensitivity import tornado
from ppp.ui import risk_view as view

RISK = "ppp/ui/pages/risk.py"
YANGXIN = "Smart Yangxin"
PROJECT = load_project(ROOT / "sample_projects" / "yangxin_smart_city_bot.toml").project
CJK = re.compile(r"[\u4e00-\u9fff]")


def _open(app: AppTest) -> tuple[AppTest, int]:
    project_id = project_id_named(app, YANGXIN)
    return open_page(app, RISK, project_id), project_id


def _charts(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    return str(title.get("text", "") if isinstance(title, dict) else title)


def _frame(app: AppTest, column: str) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def _percentiles(app: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if "P50" in frame.value.index)


def _run_monte_carlo(app: AppTest, *, scenarios: int, seed: int) -> AppTest:
    app.number_input(key="risk_mc_scenarios").set_value(scenarios)
    app.number_input(key="risk_mc_seed").set_value(seed)
    app.button(key="risk_mc_run").click().run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def _shown_spec(app: AppTest) -> MonteCarloSpec:
    (shown,) = app.json
    return MonteCarloSpec.from_dict(json.loads(shown.proto.body))


def test_the_page_opens_on_yangxin_with_every_section(app: AppTest) -> None:
    _open(app)
    assert texts(app.title) == ["Returns and risk"]
    assert [tab.label for tab in app.tabs] == ["Goal seek", "Sensitivity", "Monte Carlo", "Scenarios"]
    assert not app.error
    assert not app.warning
    outputs = {MESSAGES[f"sensitivity.output.{key}"]["en"] for key in OUTPUT_KEYS}
    assert len([spec for spec in _charts(app) if _title(spec) in outputs]) == len(OUTPUT_KEYS)
    # the break-even sentences state the driver as its steps are defined (a capex change in percent)
    infos = " ".join(texts(app.info))
    assert "Minimum DSCR reaches 1.00 at Capex +11.41 %." in infos
    assert "Performance score" in infos
    scenarios = _frame(app, "scenario")
    assert list(scenarios["scenario"]) == ["base", "downside", "lender's case"]
    assert any(
        "Framework: MOF PPP rules 2015–2023" in element.value
        for element in app.markdown
        if "badge[" in element.value
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_the_page_opens_on_every_sample_without_a_traceback(app: AppTest, sample: Path) -> None:
    name = load_project(sample).project.project.name
    project_id = project_id_named(app, name)
    open_page(app, RISK, project_id)
    assert texts(app.title) == ["Returns and risk"]
    _run_monte_carlo(app, scenarios=1_000, seed=1)
    assert not app.exception


def test_the_tornado_is_drawn_for_every_output_in_the_order_of_the_swings(app: AppTest) -> None:
    _open(app)
    expected = tornado(PROJECT)
    by_title = {_title(spec): spec for spec in _charts(app)}
    for output in OUTPUT_KEYS:
        spec = by_title[MESSAGES[f"sensitivity.output.{output}"]["en"]]
        order = spec["layer"][0]["encoding"]["y"]["sort"]
        shown_bars = [bar for bar in expected.bars[output] if np.isfinite(bar.swing)]
        assert order == [MESSAGES[f"sensitivity.driver.{bar.driver}"]["en"] for bar in shown_bars]


def test_a_bad_step_is_a_message_naming_the_field(app: AppTest) -> None:
    _open(app)
    app.session_state["risk_steps_en"] = {
        "edited_rows": {0: {"steps": "0.1, ten"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    errors = " ".join(texts(app.error))
    assert 'steps.capex[2] = "ten": must be a number' in errors


def test_goal_seek_hits_the_target_it_shows(app: AppTest) -> None:
    _open(app)
    app.selectbox(key="risk_goal_target").select("equity_irr").run()
    app.number_input(key="risk_goal_value_equity_irr").set_value(9.0).run()
    assert not app.exception
    assert not app.error
    expected = solve(PROJECT, target="equity_irr", target_value=0.09, variable="payment-level")
    assert abs(expected.achieved - 0.09) < 1e-8
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Payment level found"] == f"{expected.value:.8g}"
    assert metrics["Equity IRR"] == "9.0000%"
    assert any("gives Equity IRR 9.0000%" in message for message in texts(app.success))
    # the payment profile of the solved project is drawn
    assert any(spec.get("layer") and "payment" in json.dumps(spec) for spec in _charts(app))


def test_an_unreachable_target_says_so_and_by_how_much(app: AppTest) -> None:
    _open(app)
    app.selectbox(key="risk_goal_target").select("min_dscr").run()
    app.number_input(key="risk_goal_value_min_dscr").set_value(50.0).run()
    assert not app.exception
    (error,) = texts(app.error)
    assert "is out of reach for payment-level in [0.0, 5.0]" in error
    assert "from the target" in error
    assert not [metric for metric in app.metric if metric.label == "Payment level found"]


def test_a_small_monte_carlo_shows_the_percentiles_of_run_monte_carlo(app: AppTest) -> None:
    _open(app)
    _run_monte_carlo(app, scenarios=1_000, seed=11)
    assert not app.error
    spec = _shown_spec(app)
    hurdle = PROJECT.rates.equity_hurdle_rate
    assert spec == replace(default_monte_carlo(PROJECT), scenarios=1_000, seed=11, hurdle=hurdle)
    expected = run_monte_carlo(PROJECT, spec)
    shown = _percentiles(app)
    assert list(shown.index) == ["P5", "P50", "P95", "mean"]
    for output in OUTPUT_KEYS:
        # rounded to the decimals the table shows (the browser would cut them, not round them)
        values = [expected.percentiles[output][name] for name in view.STATISTICS]
        assert list(shown[output]) == list(np.round(values, view.TABLE_DECIMALS[output]))
    metrics = {metric.label: metric.value for metric in app.metric}
    below = expected.probabilities["equity_irr_below_hurdle"]
    assert below is not None
    assert metrics[f"Probability equity IRR < {hurdle * 100:.2f}%"] == f"{below * 100:.2f}%"
    assert any("1000 scenarios, seed 11" in message for message in texts(app.success))
    titles = [_title(spec) for spec in _charts(app)]
    assert "Equity IRR: distribution" in titles
    assert "Equity IRR: cumulative probability" in titles
    importance = next(frame.value for frame in app.dataframe if "Capex" in frame.value.index)
    assert importance.loc["Capex", "equity_irr"] == pytest.approx(
        expected.rank_correlations["equity_irr"]["capex"]
    )
    assert [button.label for button in app.get("download_button")] == [
        "Scenarios (CSV)",
        "Workbook with the values sheet",
    ]


def test_the_same_seed_gives_the_same_figures(app: AppTest) -> None:
    _open(app)
    _run_monte_carlo(app, scenarios=1_000, seed=5)
    first = _percentiles(app).copy()
    services.clear_risk_cache()  # the second run computes again instead of reusing the first
    _run_monte_carlo(app, scenarios=1_000, seed=5)
    pd.testing.assert_frame_equal(_percentiles(app), first)
    _run_monte_carlo(app, scenarios=1_000, seed=6)
    assert not _percentiles(app).equals(first)


def test_a_cancel_click_during_a_run_says_how_far_the_run_got(app: AppTest) -> None:
    _open(app)
    # the state a run leaves when Streamlit stops it at a progress update (AppTest cannot click during a run)
    app.session_state["risk_mc_running"] = True
    app.session_state["risk_mc_progress"] = (3_000, 10_000)
    app.button(key="risk_mc_cancel").click().run()
    assert not app.exception
    assert any("cancelled: it had done 3000 of 10000" in message for message in texts(app.warning))
    app.run()
    assert not app.warning
    # a click on Cancel when nothing runs says nothing
    app.button(key="risk_mc_cancel").click().run()
    assert not app.warning


def test_bad_distribution_parameters_are_a_message_naming_the_field(app: AppTest) -> None:
    _, project_id = _open(app)
    app.session_state[f"risk_mc_distributions_{project_id}_en"] = {
        "edited_rows": {0: {"high": 0.5}, 1: {"kind": "normal"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    _run_monte_carlo(app, scenarios=1_000, seed=0)
    errors = " ".join(texts(app.error))
    assert "monte_carlo.distributions.capex.high = 0.5: must be at least" in errors
    assert "monte_carlo.distributions.opex.mean: is missing" in errors
    assert not [frame for frame in app.dataframe if "P50" in frame.value.index]


def test_the_page_follows_the_language_switch(app: AppTest) -> None:
    _open(app)
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["收益与风险分析"]
    assert [tab.label for tab in app.tabs] == ["目标求解", "敏感性分析", "蒙特卡洛模拟", "情景对比"]
    assert any("资本金财务内部收益率" in _title(spec) for spec in _charts(app))


# ---- the texts ---------------------------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(RISK_UI_MESSAGES))
def test_every_text_of_the_page_is_in_both_languages(key: str) -> None:
    entry = RISK_UI_MESSAGES[key]
    assert set(entry) == {"en", "zh"}
    assert _placeholders(entry["en"]) == _placeholders(entry["zh"])
    assert not CJK.search(entry["en"])
    assert CJK.search(entry["zh"]), key
    assert MESSAGES[key] == entry


# ---- the pure pieces ---------------------------------------------------------------------------------------


def test_typed_numbers_are_read_and_each_bad_entry_is_named() -> None:
    assert view.parse_numbers(" 1, -0.5 ,2e-2", "x") == [1.0, -0.5, 0.02]
    assert view.parse_numbers("", "x") == []
    with pytest.raises(ProjectError) as caught:
        view.parse_numbers("1, , nan, 2", "two_way.row_values")
    assert [problem.path for problem in caught.value.problems] == [
        "two_way.row_values[2]",
        "two_way.row_values[3]",
    ]
    assert view.steps_from_texts({"capex": "0.1", "opex": ""}) == {"capex": [0.1]}


def test_the_distribution_table_reads_back_as_the_default_settings() -> None:
    defaults = default_monte_carlo(PROJECT)
    frame = view.distribution_frame(defaults, "en")
    rows = [
        {"driver_key": key, **row} for key, row in zip(frame.index, frame.to_dict("records"), strict=True)
    ]
    correlations = view.correlation_frame(defaults).to_dict("records")
    data = view.spec_data(rows, correlations, scenarios=2_000, seed=9, hurdle=0.07)
    assert MonteCarloSpec.from_dict(data) == replace(defaults, scenarios=2_000, seed=9, hurdle=0.07)


def test_a_blank_parameter_is_named_as_missing() -> None:
    rows = [{"driver_key": "capex", "kind": "triangular", "low": 0.9, "mode": float("nan"), "high": 1.2}]
    with pytest.raises(ProjectError) as caught:
        MonteCarloSpec.from_dict(view.spec_data(rows, [], scenarios=1_000, seed=0, hurdle=None))
    assert [problem.path for problem in caught.value.problems] == ["monte_carlo.distributions.capex.mode"]


def test_the_workbook_download_carries_the_values_sheet_of_the_run() -> None:
    from openpyxl import load_workbook

    result = run_monte_carlo(PROJECT, replace(default_monte_carlo(PROJECT), scenarios=1_000, seed=2))
    data = view.monte_carlo_workbook(evaluate(PROJECT), PROJECT, result, "en")
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book[MESSAGES["risk_export.sheet_monte_carlo"]["en"]]
    assert sum(1 for _ in sheet.iter_rows()) >= 1_000
    assert view.percentile_frame(result, "zh").index[-1] == "均值"


def test_histograms_and_cdfs_are_binned_before_they_are_drawn() -> None:
    values = np.concatenate([np.linspace(0.0, 1.0, 100_000), [np.nan]])
    histogram = view.histogram_frame(values)
    assert len(histogram) == view.HISTOGRAM_BINS
    assert int(histogram["count"].sum()) == 100_000
    assert histogram["share"].sum() == pytest.approx(1.0)
    cdf = view.cdf_frame(values)
    assert len(cdf) == view.CDF_POINTS
    assert cdf["value"].iloc[0] == 0.0
    assert cdf["value"].iloc[-1] == 1.0
    assert cdf["value"].iloc[100] == pytest.approx(0.5)
    single = view.histogram_frame(np.full(10, 2.0))
    assert int(single["count"].sum()) == 10


def test_rates_are_typed_in_percent_and_solved_as_fractions() -> None:
    assert view.target_value("equity_irr", 8.5) == pytest.approx(0.085)
    assert view.target_value("repayment_capacity", 12.0) == 12.0
    assert view.default_target_input("equity_irr", 0.07) == 7.0
    assert view.default_variable(PROJECT) == "payment-level"
