"""The app as a user meets it: `streamlit run streamlit_app.py` in a real Chromium (Debian's package).

The server starts on a free loopback port with its own empty data folder (it creates and seeds its database
there). A user whose browser speaks Chinese opens the portfolio, opens a sample project's dashboard, switches
to English, edits an input in the editor, saves, and sees the dashboard change. Screenshots are saved under
the test's tmp_path.

Runs in CI (CI=true), where a missing browser is a failure; locally it skips, saying why, when Chromium or
Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ppp.engine import evaluate
from ppp.i18n.formatting import format_metric
from ppp.model import load_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 60_000


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    _require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    assert path is not None
    return path


def _playwright() -> Any:
    try:
        from playwright import sync_api
    except ImportError:
        _require(False, "playwright is not installed (pip install -e '.[test]')")
        raise
    return sync_api


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("streamlit")
    port = _free_port()
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PPP_LANG"}}
    environment["PPP_DATA_DIR"] = str(folder / "data")
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        started = time.monotonic()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "streamlit_app.py"),
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = started + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"streamlit did not start (exit {server.poll()}); see {log_path}")
                    time.sleep(0.2)
            print(f"server ready after {time.monotonic() - started:.2f} s")
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)


def test_a_user_opens_a_sample_edits_it_and_sees_the_evaluation_change(app_url: str, tmp_path: Path) -> None:
    executable = _chromium()
    sync_api = _playwright()
    project = load_project(SAMPLE).project
    evaluation = evaluate(project)
    edited = project.model_copy(update={"rates": project.rates.model_copy(update={"discount_rate": 0.05})})
    after = evaluate(edited)
    name = project.project.name
    total = format_metric("total_investment", evaluation.metrics["total_investment"], "zh") + " 万元"
    pv_before = format_metric("government_pv", evaluation.metrics["government_pv"], "en") + " 万元"
    pv_after = format_metric("government_pv", after.metrics["government_pv"], "en") + " 万元"

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
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
            page.get_by_text("PV of government payments", exact=True).first.wait_for()
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
            browser.close()
    assert (tmp_path / "dashboard-zh.png").stat().st_size > 0
