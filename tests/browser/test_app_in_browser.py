"""The app as a user meets it: `streamlit run streamlit_app.py` in a real Chromium (Debian's package).

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

import pytest

from ppp.engine import evaluate
from ppp.i18n.formatting import format_metric
from ppp.model import load_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_projects").glob("*.toml"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    _require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    assert path is not None
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("w")
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start (exit {server.poll()}); see {log.name}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_a_user_sees_the_sample_project_and_switches_language(app_url: str, tmp_path: Path) -> None:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    project = load_project(SAMPLES[0]).project
    evaluation = evaluate(project)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_url)
            page.get_by_text(evaluation.project_name, exact=True).wait_for(timeout=60_000)
            total = format_metric("total_investment", evaluation.metrics["total_investment"], "zh")
            page.get_by_text(total, exact=True).first.wait_for(timeout=30_000)
            page.get_by_text("智慧城市 PPP 项目").wait_for()
            page.screenshot(path=str(tmp_path / "app-zh.png"), full_page=True)

            page.get_by_text("English", exact=True).click()
            page.get_by_text("PPP smart-city projects").wait_for(timeout=30_000)
            page.get_by_text("Total investment", exact=True).first.wait_for(timeout=30_000)
            assert page.get_by_text("Traceback").count() == 0
        finally:
            browser.close()
