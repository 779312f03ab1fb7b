"""The operations page's tables read as money (separators, 2 decimals, no "None"), with headers in the
reader's language and the actual payment on screen; a read-only auditor is not offered what it would be
refused."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from app_helpers import Store, act_as, demo_user, open_page, project_id_named, texts
from streamlit.testing.v1 import AppTest
from test_operations_page import YANGXIN, _upload, year_csv

from ppp import services
from ppp.i18n.catalog import MESSAGES
from ppp.i18n.catalog_operations_ui import OPERATIONS_UI_MESSAGES
from ppp.i18n.formatting import format_number
from ppp.services.actuals import YearComparison
from ppp.ui.operations_view import (
    COMPARISON_COLUMNS,
    MONEY_FORMAT,
    MONTH_COLUMNS,
    STATEMENT_COLUMNS,
    comparison_column_config,
    comparison_frame,
    month_column_config,
    statement_column_config,
)

OPERATIONS = "ppp/ui/pages/operations.py"


def _has_chinese(label: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in label)


def _table(app: AppTest, column: str) -> Any:
    """The table with ``column`` (read-only tables carry no key in AppTest)."""
    return next(frame for frame in app.dataframe if column in frame.value.columns)


def _config(frame: Any) -> dict[str, Any]:
    return dict(json.loads(frame.proto.columns))


def test_every_new_text_is_in_both_languages() -> None:
    for key, entry in OPERATIONS_UI_MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        assert _has_chinese(entry["zh"]), key
        assert not _has_chinese(entry["en"]), key
        assert MESSAGES[key] == entry


def test_the_statement_and_months_headers_are_translated_with_one_format_per_column() -> None:
    statement = statement_column_config("zh", "万元")
    assert set(statement) == set(STATEMENT_COLUMNS)
    assert all(_has_chinese(column["label"]) for column in statement.values())
    for key in ("planned_payment", "payment_before_deductions", "deduction", "actual_payment"):
        # recorded money to its minor unit: 1 fen is 0.000001 万元
        assert statement[key]["type_config"]["format"] == "%,.6f"
    assert statement_column_config("en", "元")["deduction"]["type_config"]["format"] == "%,.2f"
    months = month_column_config("zh", "万元")
    assert set(months) == set(MONTH_COLUMNS)
    assert [months[key]["label"] for key in MONTH_COLUMNS] == ["月份", "绩效得分", "扣分", "扣款"]
    assert months["deduction"]["type_config"]["format"] == "%,.6f"


def test_actual_vs_plan_keeps_numbers_and_leaves_missing_payments_empty() -> None:
    years = [
        YearComparison(2019, 11327.597705, None, 11327.597705, 0.058, 0.0575),
        YearComparison(2020, 100.0, None, 100.0, 0.05, None),
    ]
    frame = comparison_frame(years, "zh")
    actual = MESSAGES["ui.operations.column.actual_payment"]["zh"]
    ratio = MESSAGES["ui.operations.column.planned_affordability"]["zh"]
    assert frame[actual].dtype == "float64"
    assert frame[actual].isna().all()  # shown as an empty cell (placeholder ""), never "None"
    assert list(frame[ratio]) == pytest.approx([5.8, 5.0])  # percentages, shown "5.80%"
    config = comparison_column_config("zh")
    assert set(config) == set(frame.columns)
    assert config[actual]["type_config"]["format"] == MONEY_FORMAT
    assert config[ratio]["type_config"]["format"] == "%.2f%%"
    assert len(COMPARISON_COLUMNS) == len(frame.columns)


def test_the_page_shows_money_formatted_headers_translated_and_the_actual_payment_first(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    _upload(store, project_id, year_csv(2019, camera_outage="150"))
    open_page(app, OPERATIONS, project_id)
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    statement = _table(app, "actual_payment")
    order = list(statement.proto.column_order)
    assert order[:2] == ["year", "actual_payment"]
    assert statement.proto.placeholder == ""
    config = _config(statement)
    assert config["_index"]["hidden"] is True
    assert config["actual_payment"]["label"] == "实际付费"
    assert config["actual_payment"]["type_config"]["format"] == "%,.6f"
    # exact amounts, sortable as numbers
    assert isinstance(statement.value["actual_payment"].iloc[0], Decimal)
    months = _table(app, "period")
    labels = [_config(months)[key]["label"] for key in MONTH_COLUMNS]
    assert labels == ["月份", "绩效得分", "扣分", "扣款"]
    plan = _table(app, "实际付费")
    assert plan.proto.placeholder == ""
    assert _config(plan)["_index"]["hidden"] is True
    assert "实际付费" in list(plan.proto.column_order)[:3]
    assert plan.value["实际付费"].dtype == "float64"  # no payment recorded yet: empty cells, not "None"


def test_the_payments_message_shows_the_recorded_amount_with_separators_and_the_metric_rounds_it(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    _upload(store, project_id, year_csv(2019, camera_outage="150"))
    open_page(app, OPERATIONS, project_id)
    # the month's deductions are money too
    assert "Deductions in 2019-12: 28.000000 万元." in texts(app.caption)
    app.button(key="operations_record_payments").click().run()
    assert not app.exception
    with store() as (session, principal):
        (year,) = services.payment_statement(session=session, principal=principal, project_id=project_id)
    exact = f"{year.actual_payment:,}"
    assert "," in exact
    assert len(exact.rsplit(".", 1)[1]) == 6  # to the fen: 0.000001 万元
    message = " ".join(texts(app.success))
    assert f"{exact} 万元" in message, message
    spend = next(metric for metric in app.metric if metric.label.startswith("Government payments recorded"))
    assert spend.value == format_number(float(year.actual_payment), "money", "en")


def test_an_auditor_is_offered_no_recording_and_an_officer_is(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    _upload(store, project_id, year_csv(2019))
    act_as(app, demo_user(store, "auditor"))
    open_page(app, OPERATIONS, project_id)
    keys = {button.key for button in app.button}
    assert "operations_upload_button" not in keys
    assert "operations_form_submit" not in keys
    assert app.button(key="operations_record_payments").disabled
    assert app.button(key="actuals_record").disabled
    assert any(message.startswith("Read-only") for message in texts(app.info))
    # what it may read is still there
    assert _table(app, "actual_payment").value["year"].tolist() == [2019]
    act_as(app, demo_user(store, "government", "阳信县"))
    open_page(app, OPERATIONS, project_id)
    keys = {button.key for button in app.button}
    assert {"operations_upload_button", "operations_form_submit"} <= keys
    assert not app.button(key="operations_record_payments").disabled
    assert not app.button(key="actuals_record").disabled
    assert not any(message.startswith("Read-only") for message in texts(app.info))
