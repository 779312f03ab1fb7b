"""The app as a user meets it: `streamlit run streamlit_app.py` in a real Chromium (Debian's package).

The server (tests/browser/conftest.py) starts on a free loopback port with its own empty data folder (it
creates and seeds its database there). A user whose browser speaks Chinese opens the portfolio, opens a sample
project's dashboard, switches to English, edits an input in the editor, saves, and sees the dashboard change.
Screenshots are saved under the test's tmp_path.

Runs in CI (CI=true), where a missing browser is a failure; locally it skips, saying why, when Chromium or
Playwright is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ppp.engine import evaluate
from ppp.i18n.formatting import format_metric
from ppp.model import load_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
WAIT_MS = 60_000


def test_a_user_opens_a_sample_edits_it_and_sees_the_evaluation_change(
    browser: Any, app_url: str, sync_api: Any, tmp_path: Path
) -> None:
    project = load_project(SAMPLE).project
    evaluation = evaluate(project)
    edited = project.model_copy(update={"rates": project.rates.model_copy(update={"discount_rate": 0.05})})
    after = evaluate(edited)
    name = project.project.name
    total = format_metric("total_investment", evaluation.metrics["total_investment"], "zh")
    pv_before = format_metric("government_pv", evaluation.metrics["government_pv"], "en")
    pv_after = format_metric("government_pv", after.metrics["government_pv"], "en")

    page = browser.new_page(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
    try:
        page.set_default_timeout(WAIT_MS)
        page.goto(app_url)

        # the portfolio, in the browser's language
        page.get_by_role("heading", name="项目组合").first.wait_for()
        page.locator("[data-testid='stDataFrame']").first.wait_for()
        page.screenshot(path=str(tmp_path / "portfolio-zh.png"), full_page=True)

        # choose the sample and open its dashboard
        picker = page.locator("[data-testid='stSelectbox']").filter(has_text="项目").last
        picker.click()
        page.get_by_role("option", name=name).click()
        page.get_by_role("button", name="查看财务评价").click()
        page.get_by_role("heading", name="财务评价看板").first.wait_for()
        page.get_by_text(name, exact=True).first.wait_for()
        page.get_by_text(total, exact=True).first.wait_for()
        charts = page.locator("[data-testid='stVegaLiteChart']")
        charts.nth(2).wait_for()
        assert charts.count() >= 3
        page.screenshot(path=str(tmp_path / "dashboard-zh.png"), full_page=True)

        # English, on every page
        page.get_by_text("English", exact=True).click()
        page.get_by_role("heading", name="Evaluation dashboard").first.wait_for()
        page.get_by_text("PV of government payments (万元)", exact=True).first.wait_for()
        page.get_by_text(pv_before, exact=True).first.wait_for()

        # edit an input in the editor and save it
        page.get_by_role("button", name="Edit inputs").click()
        page.get_by_role("heading", name="Project editor").first.wait_for()
        page.get_by_role("tab", name="Rates").click()
        rate = page.get_by_label("Annual discount rate (fraction)")
        rate.fill("0.05")
        rate.press("Enter")
        page.get_by_text("Unsaved changes in: Rates.").wait_for()
        assert rate.is_visible()  # still on the Rates tab after the rerun
        page.get_by_role("button", name="Save").first.click()
        page.get_by_text("Saved as revision 2.").wait_for()
        saved_rate = page.get_by_label("Annual discount rate (fraction)")
        sync_api.expect(saved_rate).to_have_count(1, timeout=WAIT_MS)  # the old revision's widget is gone
        assert saved_rate.input_value() == "0.0500"  # the new revision, still on the Rates tab
        page.screenshot(path=str(tmp_path / "editor-en.png"), full_page=True)

        # the dashboard shows the new evaluation
        page.get_by_role("button", name="Open dashboard").first.click()
        page.get_by_role("heading", name="Evaluation dashboard").first.wait_for()
        page.get_by_text(pv_after, exact=True).first.wait_for()
        assert pv_after != pv_before
        page.screenshot(path=str(tmp_path / "dashboard-en.png"), full_page=True)
        assert page.get_by_text("Traceback").count() == 0
    finally:
        page.close()
    assert (tmp_path / "dashboard-zh.png").stat().st_size > 0
