"""The operations and lifecycle pages as a user meets them: `streamlit run streamlit_app.py` in Chromium.

One server (tests/browser/conftest.py, with its own freshly seeded database) serves the module; each test
opens its own browser page (its own session). A finance officer uploads the Yangxin sample's 2019 KPI readings
through the real file uploader, reads the scores, the month's deductions and the payment statement, records
the payments, and the figures shown are those of the pure core (ppp.operations) and of `ppp payments
--json` on the same files. An upload with bad lines lists them by line number and stores nothing. On the
lifecycle page a document is recorded, a stage change the rules refuse says why, and a permitted one shows
in the history.

Runs in CI (CI=true), where a missing browser is a failure; locally it skips, saying why, when Chromium or
Playwright is missing. Screenshots are saved under each test's tmp_path.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ppp.cli import main as ppp_command
from ppp.engine import evaluate
from ppp.model import load_project
from ppp.operations.readings import parse_readings_csv
from ppp.operations.statement import YearStatement, payment_statements

ROOT = Path(__file__).resolve().parents[2]
YANGXIN = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
READINGS = ROOT / "sample_projects" / "yangxin_readings_2019.csv"
#: the sample project in procurement (every lifecycle document still pending when seeded)
PARKING = "City smart parking and charging concession"
WAIT_MS = 60_000


def _open(browser: Any, sync_api: Any, url: str) -> Any:
    page = browser.new_page(viewport={"width": 1920, "height": 1200}, locale="en-US")
    page.set_default_timeout(WAIT_MS)
    sync_api.expect.set_options(timeout=WAIT_MS)
    page.goto(url)
    return page


def _pick_project(page: Any, name: str) -> None:
    page.locator("[data-testid='stSelectbox']").filter(has_text="Project").first.click()
    page.get_by_role("option", name=name).click()


def _settled(page: Any) -> None:
    """Wait until the script run that an action started has finished (its stale elements are then gone)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


def _choose_file(page: Any, path: Path) -> None:
    """Choose a file in the page's file uploader, as a user does, and wait until the server has it: the upload
    button only sees the file once its upload request has been answered (clicked earlier, the page rightly
    answers that no file was chosen)."""
    with page.expect_response(lambda response: "/_stcore/upload_file" in response.url) as answer:
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    assert answer.value.ok, answer.value.status
    # the chip shows the file's whole name as its title (the visible name may be shortened)
    page.locator(f"[data-testid='stFileChipName'][title='{path.name}']").wait_for()
    _settled(page)


def _table(page: Any, column: str) -> Any:
    """The one st.dataframe with a column labelled ``column`` (data frames carry no key in the page)."""
    return page.locator("[data-testid='stDataFrame']").filter(
        has=page.locator("th[role='columnheader']", has_text=column)
    )


def _grid(frame: Any, sync_api: Any) -> list[dict[str, str]]:
    """The rows of an st.dataframe as its cells' text, read from the grid's accessible table (the grid
    itself is drawn on a canvas)."""
    sync_api.expect(frame.locator("td").first).to_be_attached()
    headers = frame.locator("thead th").all_inner_texts()
    return [
        dict(zip(headers, row.locator("td").all_inner_texts(), strict=True))
        for row in frame.locator("tbody tr").all()
    ]


def _statement_rows(page: Any, sync_api: Any) -> list[dict[str, str]]:
    """The payment statement as shown; empty when the page says there are no readings yet."""
    _settled(page)
    table = _table(page, "Payment at this coefficient")
    none_yet = page.get_by_text("No readings yet", exact=False)
    sync_api.expect(table.or_(none_yet).first).to_be_visible()
    if none_yet.count():
        return []
    return _without_separators(_grid(table, sync_api))


def _without_separators(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows of numbers as their plain digits (the tables show thousands separators)."""
    return [{key: value.replace(",", "") for key, value in row.items()} for row in rows]


def _alerts(page: Any) -> str:
    return "\n".join(page.locator("[data-testid='stAlert']").all_inner_texts())


def _core_statement() -> YearStatement:
    """2019's statement from the pure core, on the files the page is given."""
    project = load_project(YANGXIN).project
    readings = parse_readings_csv(READINGS.read_text(encoding="utf-8-sig"), project.kpis)
    (statement,) = payment_statements(project, evaluate(project), readings)
    return statement


def _command_statement() -> dict[str, Any]:
    """2019's statement from `ppp payments --json` on the same files."""
    out, err = io.StringIO(), io.StringIO()
    code = ppp_command(
        ["payments", str(YANGXIN), "--readings", str(READINGS), "--json"], stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    (year,) = json.loads(out.getvalue())["years"]
    assert isinstance(year, dict)
    return year


def test_readings_uploaded_in_the_browser_give_the_core_statement_and_payments_are_recorded(
    browser: Any, app_url: str, sync_api: Any, tmp_path: Path
) -> None:
    expected = _core_statement()
    command = _command_statement()
    july = next(month for month in expected.months if month.period == "2019-07")
    page = _open(browser, sync_api, f"{app_url}/operations")
    try:
        page.get_by_role("heading", name="Operations and performance payments").first.wait_for()
        _pick_project(page, load_project(YANGXIN).project.project.name)
        page.get_by_text("No readings yet", exact=False).first.wait_for()

        # the real file uploader, then the page's upload button
        _choose_file(page, READINGS)
        page.get_by_role("button", name="Upload the readings").click()
        page.get_by_text("Readings recorded: 84 new, 0 corrected, 0 unchanged.").wait_for()
        _settled(page)

        # the payment statement: the core's 2019, to the minor unit
        (row,) = _statement_rows(page, sync_api)
        assert row["Year"] == "2019"
        assert row["Operating year"] == str(expected.operating_year) == "1"
        assert row["Months with readings"] == "12"
        assert float(row["Score"]) == pytest.approx(expected.score, abs=1e-6)
        assert float(row["Payment coefficient"]) == expected.coefficient
        assert float(row["Deduction points"]) == expected.points
        assert Decimal(row["Planned payment"]) == expected.planned_payment
        assert Decimal(row["Payment at this coefficient"]) == expected.payment_before_deductions
        assert Decimal(row["Deductions"]) == expected.deduction
        assert Decimal(row["Actual payment"]) == expected.actual_payment
        # ... and of `ppp payments --json` (money rounded to 0.000001 万元 there too)
        assert float(row["Actual payment"]) == command["actual_payment"]
        assert float(row["Deductions"]) == command["deduction"]
        # the shown figures add up: actual = payment at the coefficient - deductions, exactly
        assert Decimal(row["Payment at this coefficient"]) - Decimal(row["Deductions"]) == Decimal(
            row["Actual payment"]
        )

        # the months: their scores and deductions, which add up to the year's deductions
        page.get_by_text("Months of 2019").click()
        months = _without_separators(
            _grid(page.locator("[data-testid='stExpander']").filter(has_text="Months of 2019"), sync_api)
        )
        assert [month["Month"] for month in months] == [month.period for month in expected.months]
        for shown, month in zip(months, expected.months, strict=True):
            assert float(shown["Score"]) == pytest.approx(month.score, abs=1e-6)
            assert Decimal(shown["Deductions"]) == month.deduction
        assert sum(Decimal(month["Deductions"]) for month in months) == Decimal(row["Deductions"])

        # a month's deductions by KPI: July (130 points, the cameras' outage)
        page.locator(".st-key-operations_month").click()
        page.get_by_role("option", name="2019-07", exact=True).click()
        page.get_by_text(f"Deductions in 2019-07: {july.deduction} 万元.").wait_for()
        assert july.deduction == Decimal("23.200000")
        chart = page.locator("[data-testid='stVegaLiteChart']").filter(has_text="Deductions by KPI, 2019-07")
        sync_api.expect(chart).to_have_count(1)
        page.screenshot(path=str(tmp_path / "statement.png"), full_page=True)

        # record the payments: the recorded total and the actual-vs-plan view show the core's figure
        page.get_by_text("No payment", exact=False).first.wait_for()
        page.get_by_role("button", name="Record the payments").click()
        page.get_by_text(
            f"Payments of 1 year(s) recorded: {expected.actual_payment:,} 万元 in all.", exact=True
        ).wait_for()
        sync_api.expect(page.get_by_text("No payment", exact=False)).to_have_count(0)
        spend = page.locator("[data-testid='stMetric']").filter(has_text="Government payments recorded")
        sync_api.expect(spend.locator("[data-testid='stMetricValue']")).to_have_text(
            f"{float(expected.actual_payment):,.2f}"
        )
        plan_rows = _grid(_table(page, "Actual or forecast payment"), sync_api)
        recorded = next(plan for plan in plan_rows if plan["Year"] == "2019")
        assert float(recorded["Actual payment"].replace(",", "")) == pytest.approx(
            float(expected.actual_payment), abs=1e-4
        )
        page.screenshot(path=str(tmp_path / "payments-recorded.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()


def test_an_upload_with_bad_lines_lists_them_and_stores_nothing(
    browser: Any, app_url: str, sync_api: Any, tmp_path: Path
) -> None:
    # line 2 is good (and would be the first reading of 2020), lines 3 and 4 are not
    bad = tmp_path / "bad_readings.csv"
    lines = ["kpi_id,period,value", "mttr,2020-01,1.5", "mttr,2020-13,2", "nope,2020-02,1"]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = _open(browser, sync_api, f"{app_url}/operations")
    try:
        page.get_by_role("heading", name="Operations and performance payments").first.wait_for()
        _pick_project(page, load_project(YANGXIN).project.project.name)
        before = _statement_rows(page, sync_api)
        caption = page.get_by_text("Amounts in 万元", exact=False).first.inner_text()

        _choose_file(page, bad)
        page.get_by_role("button", name="Upload the readings").click()
        refusal = page.locator("[data-testid='stAlert']").filter(has_text="The readings were not stored")
        refusal.wait_for()
        message = refusal.inner_text()
        assert "(2 problem(s))" in message
        assert "nothing of this upload was saved" in message
        problem_lines = [line for line in message.splitlines() if line.startswith("line ")]
        assert len(problem_lines) == 2, message
        assert problem_lines[0].startswith("line 3")
        assert "2020-13" in problem_lines[0]
        assert problem_lines[1].startswith("line 4")
        assert "nope" in problem_lines[1]
        assert "line 2" not in message
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)

        # nothing stored: in the next run (the refused run drew the statement before it tried to store) the
        # statement and its caption are those of before the upload
        _settled(page)
        reason = page.get_by_label("Reason (kept with corrections)").first
        reason.fill("checking")
        reason.press("Enter")
        sync_api.expect(refusal).to_have_count(0)
        assert _statement_rows(page, sync_api) == before
        assert all(row["Year"] != "2020" for row in before)
        assert page.get_by_text("Amounts in 万元", exact=False).first.inner_text() == caption
        assert "Readings recorded" not in _alerts(page)
    finally:
        page.close()


def test_a_document_is_recorded_a_refused_stage_change_says_why_and_a_permitted_one_is_in_the_history(
    browser: Any, app_url: str, sync_api: Any, tmp_path: Path
) -> None:
    page = _open(browser, sync_api, f"{app_url}/lifecycle")
    try:
        page.get_by_role("heading", name="Project lifecycle").first.wait_for()
        _pick_project(page, PARKING)
        stage = page.locator("[data-testid='stMetric']").filter(has_text="Current stage")
        sync_api.expect(stage.locator("[data-testid='stMetricValue']")).to_have_text("procurement")
        blocked = page.locator("[data-testid='stAlert']").filter(has_text="Before the next stage:")
        sync_api.expect(blocked).to_contain_text("no execution without a signed PPP contract")

        # the contract, signed on a date typed into the date field, with its number
        signed = page.locator(".st-key-lifecycle_doc_date_contract_signed")
        signed.get_by_role("spinbutton", name="year").click()
        page.keyboard.type("20240630")
        page.keyboard.press("Tab")
        sync_api.expect(signed.locator("input[type='date']")).to_have_value("2024-06-30")
        number = page.locator(".st-key-lifecycle_doc_ref_contract_signed input")
        number.fill("合同 17")
        number.press("Enter")
        _settled(page)
        # the project's stage (procurement) has its documents open
        page.locator(".st-key-lifecycle_doc_done_contract_signed button").click()
        page.get_by_text("PPP contract signed: recorded.", exact=True).wait_for()
        page.get_by_text("done on 2024-06-30 · 合同 17").wait_for()
        sync_api.expect(blocked).not_to_contain_text("signed PPP contract")

        # execution is the default target: refused, with the rules' reasons, and nothing changes
        page.get_by_role("button", name="Change the stage").click()
        refusal = page.locator("[data-testid='stAlert']").filter(has_text="The stage was not changed:")
        refusal.wait_for()
        sync_api.expect(refusal).to_contain_text("the SPV is not set up yet")
        sync_api.expect(refusal).to_contain_text("financial close is not reached yet")
        # the earlier stages' documents were done when the sample reached procurement
        sync_api.expect(refusal).not_to_contain_text("VfM report")
        sync_api.expect(refusal).not_to_contain_text("signed PPP contract")
        sync_api.expect(stage.locator("[data-testid='stMetricValue']")).to_have_text("procurement")
        page.get_by_text("No stage changes recorded yet.").wait_for()
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)

        # moving back is permitted with a reason: the change is made and is in the history
        page.locator(".st-key-lifecycle_target").click()
        page.get_by_role("option", name="preparation", exact=True).click()
        _settled(page)
        reason = page.get_by_label("Reason (needed to move back)")
        reason.fill("re-tender: the bids were withdrawn")
        reason.press("Enter")
        _settled(page)
        page.get_by_role("button", name="Change the stage").click()
        page.get_by_text("The project moved to preparation (revision 2).", exact=True).wait_for()
        sync_api.expect(stage.locator("[data-testid='stMetricValue']")).to_have_text("preparation")
        (change,) = _grid(_table(page, "Revision"), sync_api)
        assert (change["From"], change["To"], change["Revision"], change["By"], change["Reason"]) == (
            "procurement",
            "preparation",
            "2",
            "local",
            "re-tender: the bids were withdrawn",
        )
        # the contract recorded on the page is kept with the project (in the now closed procurement documents)
        page.get_by_text("done on 2024-06-30 · 合同 17").wait_for(state="attached")
        changed_at = datetime.datetime.strptime(change["When"], "%Y-%m-%d %H:%M")
        assert abs(changed_at - datetime.datetime.now()) < datetime.timedelta(days=1)
        page.screenshot(path=str(tmp_path / "changed.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()
