"""The "Returns and risk" page after the browser audit (defects 4, 9, 10 and 11 of the audit): inputs that
survive a visit to another page with results that agree with them, one number format per kind in the tables,
a label on every tornado bar, break-even values stated the way the steps are, scenario charts that fit a
laptop, and a user who may not edit the project is not sent to the editor."""

from __future__ import annotations

import json
from typing import Any

import pytest
from app_helpers import APP, DASHBOARD, ROOT, TIMEOUT, Store, open_page, project_id_named, texts
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.i18n.catalog import MESSAGES
from ppp.model import load_project
from ppp.risk.drivers import OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloSpec
from ppp.risk.scenarios import compare_scenarios
from ppp.risk.sensitivity import BreakEven
from ppp.store.tables import UserRow
from ppp.ui import context, risk_charts
from ppp.ui import risk_view as view
from ppp.ui.signin import ACTING_KEY

RISK = "ppp/ui/pages/risk.py"
YANGXIN = "Smart Yangxin"
TENDER = load_project(ROOT / "sample_projects" / "xinyu_tender.toml").project.project.name
STALE = "other settings than those shown above"


def _open(app: AppTest) -> int:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, RISK, project_id)
    return project_id


def _away_and_back(app: AppTest) -> AppTest:
    """To the dashboard and back through the navigation, as a user does."""
    app.switch_page(DASHBOARD).run()
    assert not app.exception, [item.value for item in app.exception]
    app.switch_page(RISK).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def _charts(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    return str(title.get("text", "") if isinstance(title, dict) else title)


def _columns(frame: Any) -> dict[str, Any]:
    """A table's column settings as sent to the browser."""
    columns: dict[str, Any] = json.loads(frame.proto.columns)
    return columns


def _two_way(app: AppTest) -> Any:
    """The two-way table: its rows are named "<driver> = <value>"."""
    return next(frame for frame in app.dataframe if " = " in str(frame.value.index[0]))


def _percentiles(app: AppTest) -> Any:
    return next(frame for frame in app.dataframe if "P50" in frame.value.index)


def _shown_spec(app: AppTest) -> MonteCarloSpec:
    (shown,) = app.json
    return MonteCarloSpec.from_dict(json.loads(shown.proto.body))


def _warnings(app: AppTest) -> str:
    return " ".join(texts(app.warning))


def _edit(app: AppTest, key: str, edited_rows: dict[int, dict[str, Any]]) -> None:
    app.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}


# ---- defect 4: inputs kept, results that agree with them ---------------------------------------------------


def test_the_monte_carlo_inputs_and_result_agree_after_a_visit_to_another_page(app: AppTest) -> None:
    project_id = _open(app)
    app.number_input(key=f"risk_hurdle_{project_id}").set_value(9.0)
    app.number_input(key="risk_mc_scenarios").set_value(2_000)
    app.number_input(key="risk_mc_seed").set_value(3)
    app.button(key="risk_mc_run").click().run()
    assert not app.exception
    _away_and_back(app)
    assert app.number_input(key=f"risk_hurdle_{project_id}").value == 9.0
    assert app.number_input(key="risk_mc_scenarios").value == 2_000
    assert app.number_input(key="risk_mc_seed").value == 3
    labels = [metric.label for metric in app.metric]
    assert "Probability equity IRR < 9.00%" in labels
    assert any("2000 scenarios, seed 3" in message for message in texts(app.success))
    assert STALE not in _warnings(app)
    spec = _shown_spec(app)
    assert (spec.scenarios, spec.seed, spec.hurdle) == (2_000, 3, pytest.approx(0.09))


def test_every_other_input_of_the_page_keeps_its_value(app: AppTest) -> None:
    project_id = _open(app)
    app.selectbox(key="risk_goal_target").select("min_dscr").run()
    app.number_input(key="risk_goal_value_min_dscr").set_value(1.3)
    app.selectbox(key="risk_two_way_row").select("opex").run()
    app.text_input(key="risk_two_way_row_values_opex").input("0.8, 1.2")
    app.selectbox(key="risk_two_way_output").select("min_dscr")
    _edit(app, "risk_steps_en", {0: {"steps": "-0.3, 0.3"}})
    _edit(app, f"risk_mc_distributions_{project_id}_en", {0: {"high": 1.4}})
    _edit(app, f"risk_mc_correlations_{project_id}", {0: {"rho": 0.25}})
    app.run()
    app.button(key="risk_mc_run").click().run()
    app.get("button_group")[0].set_value("min_dscr").run()
    assert not app.exception

    _away_and_back(app)
    assert app.selectbox(key="risk_goal_target").value == "min_dscr"
    assert app.number_input(key="risk_goal_value_min_dscr").value == 1.3
    assert app.selectbox(key="risk_two_way_row").value == "opex"
    assert app.text_input(key="risk_two_way_row_values_opex").value == "0.8, 1.2"
    assert app.selectbox(key="risk_two_way_output").value == "min_dscr"
    assert app.get("button_group")[0].value == "min_dscr"
    assert app.data_editor(key="risk_steps_en").value.loc["capex", "steps"] == "-0.3, 0.3"
    assert app.data_editor(key=f"risk_mc_distributions_{project_id}_en").value.loc["capex", "high"] == 1.4
    assert app.data_editor(key=f"risk_mc_correlations_{project_id}").value["rho"].iloc[0] == 0.25
    # ... and the results shown are those of the inputs shown
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Minimum DSCR"] == "1.3"
    two_way = _two_way(app).value
    assert list(two_way.index) == ["Operating costs = 0.8", "Operating costs = 1.2"]
    assert STALE not in _warnings(app)
    spec = _shown_spec(app)
    assert spec.distributions["capex"].parameters()["high"] == 1.4
    assert set(spec.correlations.values()) == {0.25}
    # the edits are still the user's after another run of the page and in the other language
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert app.data_editor(key="risk_steps_zh").value.loc["capex", "steps"] == "-0.3, 0.3"
    assert app.data_editor(key=f"risk_mc_distributions_{project_id}_zh").value.loc["capex", "high"] == 1.4


def test_a_result_run_with_other_settings_says_which(app: AppTest) -> None:
    project_id = _open(app)
    app.number_input(key="risk_mc_scenarios").set_value(1_000)
    app.number_input(key="risk_mc_seed").set_value(3)
    app.button(key="risk_mc_run").click().run()
    assert STALE not in _warnings(app)
    app.number_input(key="risk_mc_seed").set_value(4).run()
    app.number_input(key=f"risk_hurdle_{project_id}").set_value(9.0).run()
    warning = _warnings(app)
    assert STALE in warning
    assert "1,000 scenarios, seed 3, hurdle 7.00%" in warning
    # the figures keep naming the run's own hurdle
    assert "Probability equity IRR < 7.00%" in [metric.label for metric in app.metric]
    app.button(key="risk_mc_run").click().run()
    assert STALE not in _warnings(app)
    assert "Probability equity IRR < 9.00%" in [metric.label for metric in app.metric]


# ---- defect 9: the Monte Carlo tables ----------------------------------------------------------------------


def test_the_monte_carlo_tables_show_no_none_and_one_format_per_kind(app: AppTest) -> None:
    project_id = _open(app)
    app.number_input(key="risk_mc_scenarios").set_value(1_000)
    app.button(key="risk_mc_run").click().run()
    distributions = app.data_editor(key=f"risk_mc_distributions_{project_id}_en")
    # parameters a distribution does not take are blank, not "None"
    assert distributions.proto.placeholder == ""
    percentiles = _percentiles(app)
    assert percentiles.proto.placeholder == "n/a"
    formats = {
        key: column["type_config"] for key, column in _columns(percentiles).items() if key in OUTPUT_KEYS
    }
    assert formats["equity_irr"] == {"type": "number", "format": "percent", "step": 0.0001}
    assert formats["project_npv"] == formats["government_pv"]
    assert formats["project_npv"] == {"type": "number", "format": "localized", "step": 0.01}
    assert formats["min_dscr"] == {"type": "number", "format": "%.2f"}
    importance = next(frame for frame in app.dataframe if "Capex" in frame.value.index)
    assert importance.proto.placeholder == "n/a"


# ---- defect 10: tornado labels, break-even values, the two-way table ---------------------------------------


def test_every_tornado_bar_has_room_for_its_label(app: AppTest) -> None:
    _open(app)
    titles = {MESSAGES[f"sensitivity.output.{key}"]["en"] for key in OUTPUT_KEYS}
    tornados = [spec for spec in _charts(app) if _title(spec) in titles]
    assert len(tornados) == len(OUTPUT_KEYS)
    for spec in tornados:
        bars = spec["layer"][0]["encoding"]["y"]
        assert bars["axis"]["labelOverlap"] is False
        assert spec["height"] >= risk_charts.tornado_height(len(bars["sort"]))
        assert spec["height"] >= 7 * risk_charts.TORNADO_ROW


def test_break_even_values_are_stated_as_the_steps_are_defined(app: AppTest) -> None:
    _open(app)
    infos = " ".join(texts(app.info))
    assert "Minimum DSCR reaches 1.00 at Capex +11.41 %." in infos
    assert (
        "Equity IRR jumps across 7.00% at Performance score 90 (plan 92): from 6.44% just below to 7.72%"
        in infos
    )
    assert "1.114" not in infos
    assert "0.0644" not in infos
    app.radio(key="ppp_language_widget").set_value("zh").run()
    infos = " ".join(texts(app.info))
    assert "建设投资变动 +11.41% 时，最低偿债备付率达到 1.00。" in infos
    assert "资本金财务内部收益率在 绩效考核得分 90 分（计划 92 分） 处跳过 7.00%" in infos


def test_break_even_sentences_of_every_status_use_the_units_of_the_steps() -> None:
    common: dict[str, Any] = {"low": 0.0, "high": 100.0, "achieved_below": None, "scenarios": 40}
    unreachable = BreakEven(
        driver="performance_score",
        output="equity_irr",
        target=0.09,
        status="unreachable",
        value=90.625,
        achieved=0.0772,
        gap=-0.0128,
        plan_value=92.0,
        **common,
    )
    assert view.break_even_text(unreachable, "en") == (
        "Equity IRR does not reach 9.00% for Performance score from 0 to 100 points: the closest is 7.72% at "
        "Performance score 90.62 (plan 92), 1.28 percentage points from the target."
    )
    assert "差距 1.28 个百分点" in view.break_even_text(unreachable, "zh")
    undefined = BreakEven(
        driver="loan_rate",
        output="min_dscr",
        target=1.0,
        low=-0.01,
        high=0.02,
        status="undefined",
        value=None,
        achieved=None,
        achieved_below=None,
        gap=None,
        plan_value=0.0,
        scenarios=40,
    )
    assert "for Loan rate anywhere from -1.00 to +2.00 percentage points" in view.break_even_text(
        undefined, "en"
    )
    assert view.driver_value_text("inflation", 0.005, 0.0, "zh") == "通货膨胀率 +0.50 个百分点"


def test_the_two_way_table_has_one_format(app: AppTest) -> None:
    _open(app)
    formats = [column["type_config"] for name, column in _columns(_two_way(app)).items() if name != "_index"]
    assert formats
    assert all(fmt == {"type": "number", "format": "percent", "step": 0.0001} for fmt in formats)
    app.selectbox(key="risk_two_way_output").select("min_dscr").run()
    formats = [column["type_config"] for name, column in _columns(_two_way(app)).items() if name != "_index"]
    assert all(fmt == {"type": "number", "format": "%.2f"} for fmt in formats)


# ---- defect 11: the scenarios tab --------------------------------------------------------------------------


def test_the_scenario_charts_fit_a_laptop_with_the_irr_in_percent(app: AppTest) -> None:
    _open(app)
    charts = [spec for spec in _charts(app) if _title(spec).endswith(" by scenario")]
    assert [_title(spec) for spec in charts] == [
        f"{MESSAGES[f'sensitivity.output.{key}']['en']} by scenario" for key in OUTPUT_KEYS
    ]
    for spec in charts:
        # one chart per output, two a row, each as wide as its column: no fixed-width facet
        assert "facet" not in spec
        assert "width" not in spec
    assert charts[0]["encoding"]["y"]["axis"]["format"] == ".2%"
    assert charts[3]["encoding"]["y"]["axis"]["format"] == ".2f"


def test_the_base_scenario_is_named_in_chinese_and_user_names_stay(app: AppTest) -> None:
    _open(app)
    app.radio(key="ppp_language_widget").set_value("zh").run()
    table = next(frame.value for frame in app.dataframe if "scenario" in frame.value.columns)
    assert list(table["scenario"]) == ["基准情景", "downside", "lender's case"]
    assert len([spec for spec in _charts(app) if _title(spec).startswith("各情景的")]) == len(OUTPUT_KEYS)
    yangxin = load_project(ROOT / "sample_projects" / "yangxin_smart_city_bot.toml").project
    bars = view.scenario_chart_frame(compare_scenarios(yangxin), "equity_irr", "zh")
    assert list(bars["scenario"]) == ["基准情景", "downside", "lender's case"]
    english = view.scenario_chart_frame(compare_scenarios(yangxin), "equity_irr", "en")
    assert english["scenario"].iloc[0] == "base"


def _user_id(store: Store, email: str) -> int:
    with store() as (session, _):
        found = session.exec(select(UserRow.id).where(UserRow.email == email)).one()
    assert found is not None
    return found


def _tender_as(store: Store, email: str | None) -> AppTest:
    """The risk page on the Xinyu tender (no named scenarios), acting as ``email`` (None: the local admin)."""
    AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # creates and seeds the database
    with store() as (session, admin):
        tender_id = next(
            summary.id
            for summary in services.list_projects(session=session, principal=admin)
            if summary.name == TENDER
        )
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if email is not None:
        app.session_state[ACTING_KEY] = _user_id(store, email)
    app.session_state[context.PROJECT_KEY] = tender_id
    app.run()
    return open_page(app, RISK, tender_id)


def test_who_may_change_the_project_is_offered_the_editor(store: Store) -> None:
    app = _tender_as(store, None)
    assert any("in the project editor" in message for message in texts(app.info))
    assert app.button(key="risk_open_editor")


@pytest.mark.parametrize(
    ("email", "expected"),
    [("bids@vendor-a.example", "duplicate it in the portfolio"), ("auditor@audit.example", "read-only")],
    ids=["vendor", "auditor"],
)
def test_who_may_not_change_the_project_is_told_what_it_can_do(
    store: Store, email: str, expected: str
) -> None:
    app = _tender_as(store, email)
    assert not app.exception
    infos = " ".join(texts(app.info))
    assert "no named scenarios" in infos
    assert expected in infos
    assert "in the project editor" not in infos
    assert not [button for button in app.button if button.key == "risk_open_editor"]


def test_the_tables_hold_values_rounded_to_what_they_show() -> None:
    # the browser cuts a value to its column's step: 6.785% would read 6.78% unless rounded first
    yangxin = load_project(ROOT / "sample_projects" / "yangxin_smart_city_bot.toml").project
    frame = view.scenario_frame(compare_scenarios(yangxin), "en")
    raw = compare_scenarios(yangxin).values
    for key in OUTPUT_KEYS:
        decimals = view.TABLE_DECIMALS[key]
        assert list(frame[key]) == [round(float(value), decimals) for value in raw[key]]
    assert view.TABLE_DECIMALS["equity_irr"] == 4  # two decimals of a percentage
