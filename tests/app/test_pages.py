"""Every page through AppTest: it loads, acts through the services, and shows what the store holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (
    APP,
    DASHBOARD,
    EDITOR,
    SAMPLES,
    TIMEOUT,
    Store,
    edit_table,
    open_page,
    project_id_named,
    texts,
)
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.engine import evaluate
from ppp.i18n.catalog import METRIC_LABELS
from ppp.i18n.formatting import format_metric
from ppp.model import load_project, project_data, validate_data

YANGXIN = "Smart Yangxin"


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _money(key: str, value: float | None) -> str:
    # the headline metrics carry the money unit in their label ("Total investment (万元)"), not the value
    return format_metric(key, value, "en")


# ---- Router and language ---------------------------------------------------------------------------------


def test_the_app_opens_on_the_portfolio_of_seeded_samples(app: AppTest) -> None:
    assert not app.error
    assert texts(app.title) == ["Project portfolio"]
    table = app.dataframe[0].value
    assert len(table) == len(SAMPLES)
    names = {load_project(path).project.project.name for path in SAMPLES}
    assert set(table["name"]) == names


def test_the_language_stays_chosen_across_pages(app: AppTest) -> None:
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert texts(app.title) == ["项目组合"]
    assert app.session_state["ppp_language"] == "zh"
    open_page(app, DASHBOARD, project_id_named(app, YANGXIN))
    assert texts(app.title) == ["财务评价看板"]
    labels = {metric.label for metric in app.metric}
    assert f"{METRIC_LABELS['total_investment'][1]}（万元）" in labels
    assert not labels & {english for english, _, _ in METRIC_LABELS.values()}
    open_page(app, EDITOR)
    assert texts(app.title) == ["项目编辑"]
    assert app.tabs[0].label == "项目与合作期"
    app.radio(key="ppp_language_widget").set_value("en").run()
    assert texts(app.title) == ["Project editor"]


# ---- Portfolio ------------------------------------------------------------------------------------------


def test_the_portfolio_filters_by_stage_and_search(app: AppTest) -> None:
    app.selectbox(key="portfolio_stage").select("procurement").run()
    assert len(app.dataframe[0].value) == 2  # the parking concession and the Xinyu tender
    app.selectbox(key="portfolio_stage").select("__all__").run()
    app.text_input(key="portfolio_search").input("阳信").run()
    table = app.dataframe[0].value
    assert len(table) == 1
    assert YANGXIN in table["name"].iloc[0]
    app.text_input(key="portfolio_search").input("no such project").run()
    assert not app.dataframe
    assert texts(app.info) == ["No project matches."]


def test_the_portfolio_shows_the_key_figures_of_each_project(app: AppTest) -> None:
    table = app.dataframe[0].value
    project = load_project(next(path for path in SAMPLES if "yangxin" in path.name)).project
    evaluation = evaluate(project)
    row = table.loc[project_id_named(app, YANGXIN)]
    assert row["stage"] == "execution"
    assert row["framework"] == "MOF PPP rules 2015–2023"
    assert row["payment_mode"] == "government pay"
    assert row["total_investment"] == pytest.approx(evaluation.metrics["total_investment"])
    assert row["government_pv"] == pytest.approx(evaluation.metrics["government_pv"])
    assert row["equity_irr"] == pytest.approx(evaluation.metrics["equity_irr"])
    assert row["next_milestone"]


def test_a_project_is_created_from_an_archetype(app: AppTest, store: Store) -> None:
    app.selectbox(key="portfolio_template").select("viability_gap").run()
    app.text_input(key="portfolio_new_name").input("Smart Example county").run()
    app.button(key="portfolio_create").click().run()
    assert not app.exception
    assert texts(app.success) == ["Created “Smart Example county”."]
    assert len(app.dataframe[0].value) == len(SAMPLES) + 1
    with store() as (session, principal):
        names = [summary.name for summary in services.list_projects(session=session, principal=principal)]
    assert "Smart Example county" in names


def test_a_project_needs_a_name(app: AppTest) -> None:
    app.button(key="portfolio_create").click().run()
    assert texts(app.warning) == ["Enter a name for the new project."]
    assert len(app.dataframe[0].value) == len(SAMPLES)


def test_an_invalid_project_file_is_listed_and_nothing_is_imported(app: AppTest, store: Store) -> None:
    sample = next(path for path in SAMPLES if "yangxin" in path.name).read_text(encoding="utf-8")
    broken = sample.replace("discount_rate = 0.059", "discount_rate = 5.9").replace(
        'stage = "execution"', 'stage = "building"'
    )
    app.file_uploader(key="portfolio_upload").upload(
        "broken.toml", broken.encode("utf-8"), "application/toml"
    )
    app.run()
    app.button(key="portfolio_import").click().run()
    assert not app.exception
    (error,) = texts(app.error)
    assert "2 problem(s)" in error
    assert "rates.discount_rate = 5.9" in error
    assert "project.stage" in error
    with store() as (session, principal):
        assert len(services.list_projects(session=session, principal=principal)) == len(SAMPLES)


def test_a_project_file_is_imported(app: AppTest) -> None:
    sample = next(path for path in SAMPLES if "yangxin" in path.name).read_text(encoding="utf-8")
    renamed = sample.replace("智慧阳信 PPP 项目 (Smart Yangxin", "Imported Yangxin (Smart Yangxin")
    app.file_uploader(key="portfolio_upload").upload(
        "import.toml", renamed.encode("utf-8"), "application/toml"
    )
    app.run()
    app.button(key="portfolio_import").click().run()
    assert not app.error
    assert len(app.dataframe[0].value) == len(SAMPLES) + 1
    assert any("Imported Yangxin" in message for message in texts(app.success))


def test_a_file_that_is_not_utf8_is_refused(app: AppTest) -> None:
    app.file_uploader(key="portfolio_upload").upload("latin1.toml", "name = 'café'".encode("latin-1"))
    app.run()
    app.button(key="portfolio_import").click().run()
    assert texts(app.error) == ["latin1.toml is not UTF-8 text (byte 11)."]


def test_duplicate_archive_and_restore(app: AppTest) -> None:
    project_id = project_id_named(app, YANGXIN)
    app.selectbox(key="portfolio_project").select(project_id).run()
    app.button(key="portfolio_duplicate").click().run()
    assert not app.exception
    assert len(app.dataframe[0].value) == len(SAMPLES) + 1
    copy_id = project_id_named(app, YANGXIN + " county platform, BOT) (2)")
    assert app.selectbox(key="portfolio_project").value == copy_id

    app.button(key="portfolio_archive").click().run()
    assert len(app.dataframe[0].value) == len(SAMPLES)
    assert any("archived" in message for message in texts(app.success))
    app.toggle(key="portfolio_archived").set_value(True).run()
    table = app.dataframe[0].value
    assert bool(table.loc[copy_id, "archived"]) is True
    app.selectbox(key="portfolio_project").select(copy_id).run()
    app.button(key="portfolio_archive").click().run()
    app.toggle(key="portfolio_archived").set_value(False).run()
    assert len(app.dataframe[0].value) == len(SAMPLES) + 1


def test_opening_a_project_goes_to_its_dashboard_and_editor(app: AppTest) -> None:
    project_id = project_id_named(app, YANGXIN)
    app.selectbox(key="portfolio_project").select(project_id).run()
    app.button(key="portfolio_open_dashboard").click().run()
    assert texts(app.title) == ["Evaluation dashboard"]
    assert app.session_state["ppp_project_id"] == project_id
    app.button(key="dashboard_open_editor").click().run()
    assert texts(app.title) == ["Project editor"]
    assert app.selectbox(key="editor_project").value == project_id


# ---- Dashboard ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_the_dashboard_shows_each_sample(app: AppTest, sample: Path) -> None:
    project = load_project(sample).project
    evaluation = evaluate(project)
    open_page(app, DASHBOARD, project_id_named(app, project.project.name))
    assert not app.error
    assert texts(app.subheader)[0] == project.project.name
    shown = _metrics(app)
    total = f"Total investment ({evaluation.money_unit})"
    assert shown[total] == _money("total_investment", evaluation.metrics["total_investment"])
    assert shown["Equity IRR"] == format_metric("equity_irr", evaluation.metrics["equity_irr"], "en")
    assert all(metric.help for metric in app.metric)
    assert len(app.get("vega_lite_chart")) >= 3
    annual = next(frame.value for frame in app.dataframe if "phase" in frame.value.columns)
    assert len(annual) == project.periods + 1
    totals = annual.iloc[-1]
    assert totals["phase"] == "Total"
    assert totals["capex"] == pytest.approx(sum(row["capex"] for row in evaluation.years))
    assert [button.label for button in app.download_button] == [
        "Project file (TOML)",
        "Evaluation (JSON)",
        "Annual table (CSV)",
        "Workbook (Excel, live formulas)",
    ]


def test_the_dashboard_without_a_current_project_asks_for_one(app: AppTest) -> None:
    app.session_state["ppp_project_id"] = None  # as in a new browser session opened on /dashboard
    open_page(app, DASHBOARD)
    assert "Choose a project here or open one from the portfolio." in texts(app.info)
    assert not app.metric


def test_the_dashboard_states_which_dscr_covenant_it_draws(app: AppTest) -> None:
    yangxin, taoyuan = project_id_named(app, YANGXIN), project_id_named(app, "Taoyuan")
    open_page(app, DASHBOARD, yangxin)
    assert any("sets no target DSCR" in caption for caption in texts(app.caption))
    open_page(app, DASHBOARD, taoyuan)
    assert any("target DSCR (1.20, financing.target_dscr)" in caption for caption in texts(app.caption))


# ---- Editor ---------------------------------------------------------------------------------------------


def test_the_editor_shows_every_section(app: AppTest) -> None:
    open_page(app, EDITOR, project_id_named(app, YANGXIN))
    assert not app.error
    assert [tab.label for tab in app.tabs] == [
        "Project and timeline",
        "Rates",
        "Investment",
        "Operations: costs and revenue",
        "Financing",
        "Government payment and score bands",
        "Tax and depreciation",
        "Fiscal affordability",
        "Value for money",
        "KPIs and deductions",
        "Tender and bid",
        "Named scenarios",
    ]
    labels = [column for editor in app.data_editor for column in editor.value.columns]
    assert "amount" in labels
    assert len(app.data_editor) >= 8


def test_a_schedule_edit_is_saved_and_changes_the_evaluation(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, DASHBOARD, project_id)
    before = _metrics(app)["PV of government payments (万元)"]

    open_page(app, EDITOR, project_id)
    edit_table(app, "opex", edited_rows={"0": {"amount": 2400}})
    assert "Unsaved changes in: Operations: costs and revenue." in texts(app.info)
    app.button(key="editor_save_top").click().run()
    assert not app.exception
    assert not app.error
    assert texts(app.success) == ["Saved as revision 2."]

    with store() as (session, principal):
        stored = services.get_project(session=session, principal=principal, project_id=project_id)
    assert stored.revision == 2
    assert stored.project.opex[0].amount == 2400
    assert stored.project.opex[1].amount == 600  # the other rows are as they were

    open_page(app, DASHBOARD)
    after = _metrics(app)["PV of government payments (万元)"]
    assert after != before
    assert after == _money("government_pv", evaluate(stored.project).metrics["government_pv"])


def test_rows_added_and_deleted_in_the_editor_are_saved(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    edit_table(
        app,
        "lifecycle_capex",
        added_rows=[{"name": "Camera refresh", "amount": 800, "every_years": 5}],
    )
    edit_table(app, "opex", deleted_rows=[4])
    app.button(key="editor_save_bottom").click().run()
    assert not app.error
    with store() as (session, principal):
        project = services.get_project(session=session, principal=principal, project_id=project_id).project
    refresh = project.capex[-1]
    assert (refresh.name, refresh.amount, refresh.lifecycle, refresh.every_years) == (
        "Camera refresh",
        800,
        True,
        5,
    )
    assert [item.name for item in project.capex[:8]] == [
        item.name for item in load_project(next(p for p in SAMPLES if "yangxin" in p.name)).project.capex[:8]
    ]
    assert len(project.opex) == 4


def test_an_invalid_edit_is_shown_beside_its_section_and_nothing_is_saved(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    edit_table(app, "construction_capex", edited_rows={1: {"phasing": "0.5, 0.6"}})
    app.number_input(key=f"ppp_edit:{project_id}:1:0:field:financing.loan_rate").set_value(4.9).run()
    app.button(key="editor_save_top").click().run()
    assert not app.exception
    errors = texts(app.error)
    assert errors[0].startswith("Not saved: 2 problem(s) in: Investment, Financing.")
    assert any(message.startswith("row 2 · capex[2].phasing = [0.5, 0.6]") for message in errors)
    assert any("financing.loan_rate = 4.9" in message and "0.049 means 4.9%" in message for message in errors)
    assert not app.success
    with store() as (session, principal):
        stored = services.get_project(session=session, principal=principal, project_id=project_id)
    assert stored.revision == 1
    assert stored.project.financing.loan_rate == 0.049


def test_a_scalar_and_a_per_year_edit_are_saved(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    app.number_input(key=f"ppp_edit:{project_id}:1:0:field:rates.discount_rate").set_value(0.05).run()
    edit_table(app, "fiscal_periods", edited_rows={"0": {"other_ppp_expenditure": 1600}})
    app.button(key="editor_save_top").click().run()
    assert not app.error
    with store() as (session, principal):
        project = services.get_project(session=session, principal=principal, project_id=project_id).project
    assert project.rates.discount_rate == 0.05
    assert project.fiscal is not None
    assert project.fiscal.other_ppp_expenditure[:2] == [1600, 1500]


def test_saving_without_changes_saves_nothing(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    app.button(key="editor_save_top").click().run()
    assert "Nothing to save: no input was changed." in texts(app.info)
    with store() as (session, principal):
        assert services.get_project(session=session, principal=principal, project_id=project_id).revision == 1


def test_a_stale_revision_says_who_saved_in_between(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    edit_table(app, "opex", edited_rows={"1": {"amount": 700}})
    with store() as (session, principal):  # someone else saves meanwhile
        stored = services.get_project(session=session, principal=principal, project_id=project_id)
        data = project_data(stored.project)
        data["rates"]["inflation"] = 0.025
        services.save_project(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=1,
            project=validate_data(data).project,
        )
    app.run()
    assert any("saved revision 2" in message for message in texts(app.warning))
    app.button(key="editor_save_top").click().run()
    (error,) = texts(app.error)
    assert "changed by local" in error
    assert "revision 2" in error
    with store() as (session, principal):
        project = services.get_project(session=session, principal=principal, project_id=project_id).project
    assert project.opex[1].amount == 600  # the stale edit was not saved
    assert project.rates.inflation == 0.025

    app.button(key="editor_reload").click().run()
    assert not app.warning
    assert app.number_input(key=f"ppp_edit:{project_id}:2:1:field:rates.inflation").value == 0.025


def test_discard_restores_the_stored_values(app: AppTest) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, EDITOR, project_id)
    edit_table(app, "opex", edited_rows={"0": {"amount": 1}})
    assert any(message.startswith("Unsaved changes") for message in texts(app.info))
    app.button(key="editor_discard_top").click().run()
    assert not any(message.startswith("Unsaved changes") for message in texts(app.info))


def test_a_database_that_cannot_be_opened_is_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/ppp.sqlite3")
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not app.exception
    (error,) = texts(app.error)
    assert error.startswith(f"The database sqlite:///{blocker}/ppp.sqlite3 cannot be opened (")
