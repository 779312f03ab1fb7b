"""Fixtures of the browser tests: the app served by a real `streamlit run streamlit_app.py`, and Debian's
Chromium driven by Playwright (through ``executable_path``: Playwright's own browser download is not used).

Each test module gets one server, on a free loopback port with its own empty data folder (the app creates and
seeds its database there), and one browser; each test opens its own page (a browser session of its own).

In CI (CI=true) a missing Chromium or Playwright is a failure; locally the tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_helpers import running_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: how long a page may take to show what a test waits for (ms); generous because CI machines are slow
WAIT_MS = 60_000


def require_tool(available: bool, reason: str) -> None:
    """Skip locally when a real tool is missing; in CI that is a failure."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    require_tool(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def sync_api() -> Any:
    """``playwright.sync_api`` (the module: its ``expect`` and ``sync_playwright``)."""
    try:
        from playwright import sync_api as api
    except ImportError:
        require_tool(False, "playwright is not installed (pip install -e '.[test]')")
        raise
    return api


@pytest.fixture(scope="module")
def browser(chromium_executable: str, sync_api: Any) -> Iterator[Any]:
    """One headless Chromium for the module (a Playwright ``Browser``)."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Streamlit server running the app for this module, stopped afterwards."""
    folder = tmp_path_factory.mktemp("streamlit")
    with running_app(folder, data_dir=folder / "data") as url:
        yield url
