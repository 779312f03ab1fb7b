"""The pages added for the government's and the vendor's views, in a real Chromium against a real server:
each opens on the seeded samples without an exception, the tenders page lists the sample bids with their
hashes, and a Monte Carlo run on the risk page shows its percentiles."""

from __future__ import annotations

import re
from typing import Any

import pytest

WAIT_MS = 90_000
#: (url path, a text the page shows once its figures are there, whether it works on one chosen project)
PAGES = [
    ("tenders", "Vendor B", False),
    ("value-for-money", "Value for money", True),
    ("affordability", "Fiscal affordability", False),
    ("risk", "Returns and risk", True),
]


def _open(browser: Any, sync_api: Any, url: str) -> Any:
    page = browser.new_page(viewport={"width": 1920, "height": 1200}, locale="en-US")
    page.set_default_timeout(WAIT_MS)
    sync_api.expect.set_options(timeout=WAIT_MS)
    page.goto(url)
    return page


def _settled(page: Any) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


def _pick_yangxin(page: Any) -> None:
    """Pages that work on one project open with none chosen (a fresh session): choose the sample."""
    page.locator("[data-testid='stSelectbox']").filter(has_text="Project").first.click()
    page.get_by_role("option", name=re.compile("Yangxin")).click()
    _settled(page)


@pytest.mark.parametrize(("path", "shown", "one_project"), PAGES, ids=[path for path, _, _ in PAGES])
def test_the_page_opens_on_the_samples_without_an_exception(
    browser: Any, app_url: str, sync_api: Any, path: str, shown: str, one_project: bool
) -> None:
    page = _open(browser, sync_api, f"{app_url}/{path}")
    try:
        page.get_by_text(shown).first.wait_for()
        _settled(page)
        if one_project:
            _pick_yangxin(page)
        assert page.locator("[data-testid='stException']").count() == 0
        # the framework of the project (or tender) the page works on, where it works on one
        if path != "affordability":
            page.get_by_text("Framework:").first.wait_for()
    finally:
        page.close()


def test_the_tenders_page_ranks_the_sample_bids_with_their_hashes(
    browser: Any, app_url: str, sync_api: Any
) -> None:
    page = _open(browser, sync_api, f"{app_url}/tenders")
    try:
        page.get_by_text("Vendor B").first.wait_for()
        _settled(page)
        body = page.locator("[data-testid='stMain']")
        sync_api.expect(body).to_contain_text("sha256:")
        for bidder in ("Vendor A", "Vendor B", "Vendor C"):
            sync_api.expect(body).to_contain_text(bidder)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()


def test_a_monte_carlo_run_on_the_risk_page_shows_its_percentiles(
    browser: Any, app_url: str, sync_api: Any
) -> None:
    page = _open(browser, sync_api, f"{app_url}/risk")
    try:
        page.get_by_text("Returns and risk").first.wait_for()
        _settled(page)
        _pick_yangxin(page)
        page.get_by_role("tab", name="Monte Carlo").click()
        page.locator(".st-key-risk_mc_run button").click()
        percentiles = page.locator("[data-testid='stDataFrame']").filter(
            has=page.locator("th[role='columnheader']", has_text="Equity IRR")
        )
        percentiles.first.wait_for()
        _settled(page)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()
