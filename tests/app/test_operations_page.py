"""The operations page through AppTest (readings stored through the services and uploaded on the page), and
its pure pieces: the charts, the statement downloads and the problem list of a refused upload."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from app_helpers import Store, open_page, project_id_named, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.model import ProjectError, load_project
from ppp.operations.readings import parse_readings_csv
from ppp.services.actuals import YearComparison
from ppp.ui import charts
from ppp.ui.operations_view import problems_markdown, statement_csv, statement_json_bytes

OPERATIONS = "ppp/ui/pages/operations.py"
YANGXIN = "Smart Yangxin"
GOOD = {
    "platform_availability": "99.95",
    "incident_response": "20",
    "mttr": "1.5",
    "helpdesk_answer_rate": "96",
    "citizen_satisfaction": "92",
    "camera_online_rate": "98.5",
    "camera_outage": "10",
}


def year_csv(year: int, **overrides: str) -> str:
    values = {**GOOD, **overrides}
    lines = ["kpi_id,period,value"]
    for month in range(1, 13):
        lines += [f"{kpi},{year}-{month:02d},{value}" for kpi, value in values.items()]
    return "\n".join(lines) + "\n"


def _upload(store: Store, project_id: int, text: str) -> services.UploadResult:
    with store() as (session, principal):
        return services.upload_readings(
            session=session, principal=principal, project_id=project_id, text=text
        )


def test_the_page_loads_without_readings(app: AppTest) -> None:
    open_page(app, OPERATIONS, project_id_named(app, YANGXIN))
    assert texts(app.title) == ["Operations and performance payments"]
    assert "No readings yet" in " ".join(texts(app.info))
    assert any("No project shows" in message for message in texts(app.success))
    assert not app.error
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["运营绩效与按效付费"]


def test_the_page_shows_the_statement_of_stored_readings_and_records_the_payments(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    _upload(store, project_id, year_csv(2019))
    _upload(store, project_id, year_csv(2020, camera_outage="150", citizen_satisfaction="80"))
    open_page(app, OPERATIONS, project_id)
    assert not app.error
    statement = next(frame.value for frame in app.dataframe if "actual_payment" in frame.value.columns)
    assert list(statement["year"]) == [2019, 2020]
    with store() as (session, principal):
        expected = services.payment_statement(session=session, principal=principal, project_id=project_id)
    assert [Decimal(value) for value in statement["actual_payment"]] == [
        year.actual_payment for year in expected
    ]
    warnings = " ".join(texts(app.warning))
    assert YANGXIN in warnings
    assert "score fell" in warnings
    app.button(key="operations_record_payments").click().run()
    assert not app.exception
    assert any("Payments of 2 year(s) recorded" in message for message in texts(app.success))
    with store() as (session, principal):
        recorded = services.stored_payments(session=session, principal=principal, project_id=project_id)
    assert recorded == {year.year: year.actual_payment for year in expected}
    assert [metric.label for metric in app.metric][:2] == [
        "Equity IRR (plan)",
        "Equity IRR (realised and forecast)",
    ]


def test_an_upload_on_the_page_is_stored_and_a_bad_one_lists_its_lines(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, OPERATIONS, project_id)
    bad = "kpi_id,period,value\nmttr,2019-01,1\nnope,2019-01,1\nmttr,2019-13,2\n"
    app.file_uploader(key="operations_upload").upload("bad.csv", bad.encode("utf-8"), "text/csv")
    app.run()
    app.button(key="operations_upload_button").click().run()
    assert not app.exception
    (error,) = texts(app.error)
    assert "2 problem(s)" in error
    assert "line 3" in error
    assert "line 4" in error
    with store() as (session, principal):
        assert services.latest_readings(session=session, principal=principal, project_id=project_id) == []
    app.file_uploader(key="operations_upload").upload("good.csv", year_csv(2019).encode("utf-8"), "text/csv")
    app.run()
    app.button(key="operations_upload_button").click().run()
    assert not app.exception
    assert any("84 new" in message for message in texts(app.success))
    with store() as (session, principal):
        assert (
            len(services.latest_readings(session=session, principal=principal, project_id=project_id)) == 84
        )


def test_the_form_records_one_reading_and_refuses_a_bad_one(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, OPERATIONS, project_id)
    app.selectbox(key="operations_form_kpi").select("mttr").run()
    app.text_input(key="operations_form_period").input("2019-13").run()
    app.text_input(key="operations_form_value").input("3").run()
    app.button(key="operations_form_submit").click().run()
    assert any('reading = "2019-13"' in message for message in texts(app.error)), texts(app.error)
    app.text_input(key="operations_form_period").input("2019-05").run()
    app.button(key="operations_form_submit").click().run()
    assert any("1 new" in message for message in texts(app.success))
    with store() as (session, principal):
        series = services.monthly_series(
            session=session, principal=principal, project_id=project_id, kpi_id="mttr"
        )
    assert series == [("2019-05", Decimal("3.000000"))]


def test_the_refusal_lists_every_bad_line_in_both_languages() -> None:
    project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    with pytest.raises(ProjectError) as raised:
        parse_readings_csv("kpi_id,period,value\nmttr,2019-01,x\nmttr,2019-02,-1\n", project.kpis)
    english = problems_markdown(raised.value, "en")
    assert "2 problem(s)" in english
    assert "line 2" in english
    assert "line 3" in english
    assert "2 个问题" in problems_markdown(raised.value, "zh")


def test_the_operations_charts_and_downloads(store: Store) -> None:
    series = [("2019-01", Decimal("99.95")), ("2019-02", Decimal("99.5"))]
    frame = charts.kpi_trend_frame(series, 99.9, "higher")
    assert list(frame["breach"]) == [False, True]
    spec = charts.kpi_trend_chart(
        series, name="Availability", unit="%", target=99.9, direction="higher", language="zh"
    ).to_dict()
    assert spec["title"] == "Availability"
    years = [
        YearComparison(2019, 100.0, 90.0, 90.0, 0.05, 0.045),
        YearComparison(2020, 100.0, None, 100.0, 0.05, 0.05),
    ]
    avp = charts.actual_vs_plan_frame(years)
    assert list(avp["series"]) == ["planned", "actual", "planned", "forecast"]
    charts.actual_vs_plan_chart(years, "万元", "en").to_dict()
    project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    from ppp.engine import evaluate
    from ppp.operations.statement import payment_statements

    readings = parse_readings_csv(year_csv(2019, camera_outage="150"), project.kpis)
    statements = payment_statements(project, evaluate(project), readings)
    month = statements[0].months[0]
    assert not charts.month_deductions_frame(month.lines).empty
    charts.month_deductions_chart(month.period, month.lines, "万元", "en").to_dict()
    rows = list(csv.reader(io.StringIO(statement_csv(statements, "zh").decode("utf-8-sig"))))
    assert rows[0][0] == "year"
    assert rows[1][0] == "年份"
    assert Decimal(rows[2][rows[0].index("actual_payment")]) == statements[0].actual_payment
    document = json.loads(statement_json_bytes(statements, "万元"))
    assert document["years"][0]["actual_payment"] == float(statements[0].actual_payment)


def test_actual_costs_are_recorded_on_the_page_and_move_the_realised_return(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, OPERATIONS, project_id)
    assert "No actual cost recorded" in " ".join(texts(app.info))
    planned_irr = next(metric.value for metric in app.metric if "realised" in metric.label)
    app.selectbox(key="actuals_year").set_value(2019)
    app.radio(key="actuals_kind").set_value("opex")
    app.text_input(key="actuals_amount").set_value("2500")
    app.text_input(key="actuals_note").set_value("2019 audited accounts")
    app.button(key="actuals_record").click().run()
    assert not app.exception
    assert not app.error
    assert "Operating costs of 2019 recorded." in " ".join(texts(app.success))
    with store() as (session, principal):
        (cost,) = services.actual_costs(session=session, principal=principal, project_id=project_id)
    assert (cost.year, cost.kind, cost.amount, cost.note) == (
        2019,
        "opex",
        Decimal(2500),
        "2019 audited accounts",
    )
    realised_irr = next(metric.value for metric in app.metric if "Equity IRR (realised" in metric.label)
    assert realised_irr != planned_irr
    table = next(frame.value for frame in app.dataframe if "Operating costs (actual)" in frame.value.columns)
    row = table[table["Year"] == 2019].iloc[0]
    assert row["Operating costs (actual)"] == 2500.0
    # a refused amount names the field and the rule, and stores nothing
    app.text_input(key="actuals_amount").set_value("-3")
    app.button(key="actuals_record").click().run()
    assert "amount = -3" in " ".join(texts(app.error))
    with store() as (session, principal):
        assert len(services.actual_costs(session=session, principal=principal, project_id=project_id)) == 1
    app.button(key="actuals_remove").click().run()
    assert not app.exception
    with store() as (session, principal):
        assert services.actual_costs(session=session, principal=principal, project_id=project_id) == []
