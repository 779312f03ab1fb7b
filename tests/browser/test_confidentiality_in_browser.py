"""Canary in a real browser: nothing Vendor B's browser receives or downloads contains Vendor A's bid.

Before the server starts, Vendor A submits a bid carrying canaries: a project name and a technical score that
appear nowhere else, and the bid's input hash. Chromium then uses the app as Vendor B (the local demo switch):
it visits every page in its navigation, with the tender chosen where a page works on one project, and clicks
every download button. Tables are drawn on a canvas, so the test reads what the server sends rather than the
page's HTML: every websocket frame (Streamlit's protobuf messages, the tables' Arrow bytes) and every
downloaded file (xlsx members unzipped) is searched for the canary text, the bid's hash and the canary score
as a float64. As a control, the tendering government's officer receives the canaries on the tenders page.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_helpers import ROOT, running_app
from sqlmodel import select

from ppp import services
from ppp.services.users import principal_for_user
from ppp.store import init_database, make_engine, session_scope
from ppp.store.tables import UserRow

WAIT_MS = 90_000
CANARY_NAME = "CANARY-7319 Vendor A offer"
CANARY_SCORE = 73.19
#: the pages in a vendor's navigation: (url path, the label of its link, its title); the default page is "/"
VENDOR_PAGES = (
    ("", "Portfolio", "Project portfolio"),
    ("editor", "Project editor", "Project editor"),
    ("dashboard", "Evaluation dashboard", "Evaluation dashboard"),
    ("risk", "Returns and risk", "Returns and risk"),
    ("tenders", "Tenders and bids", "Tenders and bids"),
)


def _canary_bid_text() -> str:
    text = (ROOT / "sample_projects" / "xinyu_bid_a.toml").read_text(encoding="utf-8")
    text = re.sub(r'^name = "智慧新余[^"]*"', f'name = "{CANARY_NAME}"', text, count=1, flags=re.MULTILINE)
    score = f"technical_score = {CANARY_SCORE}"
    return re.sub(r"^technical_score = [0-9.]+", score, text, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def canary_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[bytes]]]:
    """The app serving a seeded database with Vendor A's canary bid; (url, the canaries as bytes)."""
    folder = tmp_path_factory.mktemp("canary")
    data = folder / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'ppp.sqlite3'}")
    try:
        init_database(engine)
        with session_scope(engine) as session:
            admin = services.local_principal(session=session)
            tender_id = services.list_tenders(session=session, principal=admin)[0].id
            vendor_a = session.exec(select(UserRow.id).where(UserRow.email == "bids@vendor-a.example")).one()
            assert vendor_a is not None
            principal = principal_for_user(session=session, user_id=vendor_a)
            view = services.submit_bid_file(
                session=session, principal=principal, project_id=tender_id, text=_canary_bid_text()
            )
    finally:
        engine.dispose()
    canaries = [
        CANARY_NAME.encode(),
        view.input_hash.encode(),
        view.input_hash.removeprefix("sha256:")[:16].encode(),
        struct.pack("<d", CANARY_SCORE),
        str(CANARY_SCORE).encode(),
    ]
    with running_app(folder, data_dir=data) as url:
        yield url, canaries


def _settled(page: Any) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


def _open_as(browser: Any, sync_api: Any, url: str, who: str) -> tuple[Any, list[bytes]]:
    """A page acting as the demo user whose label contains ``who``; and the frames the server sends it."""
    received: list[bytes] = []
    page = browser.new_page(viewport={"width": 1920, "height": 1200}, locale="en-US", accept_downloads=True)
    page.set_default_timeout(WAIT_MS)
    sync_api.expect.set_options(timeout=WAIT_MS)

    def on_socket(socket: Any) -> None:
        socket.on("framereceived", lambda payload: received.append(_bytes(payload)))

    page.on("websocket", on_socket)
    page.goto(url)
    page.get_by_text("Portfolio").first.wait_for()
    _settled(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Act as").click()
    page.get_by_role("option", name=re.compile(re.escape(who))).click()
    _settled(page)
    return page, received


def _bytes(payload: bytes | str) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode()


def _go(page: Any, link: str, title: str) -> None:
    """Navigate inside the app (the sidebar's link keeps the browser session and its demo user)."""
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=link).first.click()
    page.get_by_role("heading", name=title).first.wait_for()
    _settled(page)


def _choose_tender(page: Any) -> None:
    picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    if picker.count() == 0 or "新余" in picker.inner_text():
        return
    picker.click()
    options = page.get_by_role("option", name=re.compile("新余"))
    if options.count():
        options.first.click()
        _settled(page)
    else:
        page.keyboard.press("Escape")


def _downloads(page: Any) -> list[bytes]:
    """Every file the page's download buttons give (in each of its tabs, with every expander open), xlsx
    members unzipped."""
    files: list[bytes] = []
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    for tab in [None, *range(tabs.count())]:
        if tab is not None:
            tabs.nth(tab).click()
        for summary in page.locator("[data-testid='stExpander'] details:not([open]) summary").all():
            if summary.is_visible():
                summary.click()
        buttons = page.locator("[data-testid='stDownloadButton'] button:visible")
        for index in range(buttons.count()):
            with page.expect_download() as download_info:
                buttons.nth(index).click()
            content = Path(download_info.value.path()).read_bytes()
            if content[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    files.extend(archive.read(name) for name in archive.namelist())
            else:
                files.append(content)
    return files


def _found(canaries: list[bytes], blobs: list[bytes]) -> list[bytes]:
    return [canary for canary in canaries if any(canary in blob for blob in blobs)]


def test_vendor_b_receives_and_downloads_nothing_of_vendor_a_bid(
    browser: Any, sync_api: Any, canary_app: tuple[str, list[bytes]]
) -> None:
    url, canaries = canary_app
    page, received = _open_as(browser, sync_api, url, "Vendor B")
    try:
        downloaded: list[bytes] = []
        links = page.locator("[data-testid='stSidebarNav'] a")
        # the navigation is redrawn for the vendor's role after the switch
        sync_api.expect(links).to_have_count(len(VENDOR_PAGES))
        assert sorted(link.get_attribute("href").rsplit("/", 1)[1] for link in links.all()) == sorted(
            path for path, _, _ in VENDOR_PAGES
        )
        # a page's own button that switches page keeps the acting user: it once fell back to the local
        # administrator, who then received every bid on the pages below
        page.get_by_role("button", name="Open dashboard").click()
        page.get_by_role("heading", name="Evaluation dashboard").first.wait_for()
        _settled(page)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Vendor B" in sidebar, sidebar
        assert "administrator" not in sidebar, sidebar
        for _, link, title in VENDOR_PAGES:
            _go(page, link, title)
            _choose_tender(page)
            assert page.locator("[data-testid='stException']").count() == 0, link
            downloaded.extend(_downloads(page))
        assert downloaded, "no download was offered on any page"
        assert received, "no websocket frames were captured"
        assert _found(canaries, received) == []
        assert _found(canaries, downloaded) == []
        # Vendor B did see the tender itself (published to every bidder)
        assert any("新余".encode() in frame for frame in received)
    finally:
        page.close()


def test_the_tendering_officer_receives_the_canary_so_the_search_can_fail(
    browser: Any, sync_api: Any, canary_app: tuple[str, list[bytes]]
) -> None:
    url, canaries = canary_app
    page, received = _open_as(browser, sync_api, url, "Xinyu finance bureau")
    try:
        _go(page, "Tenders and bids", "Tenders and bids")
        page.get_by_text("sha256:").first.wait_for()
        _settled(page)
        assert CANARY_NAME.encode() in b"".join(received) or canaries[1] in b"".join(received)
        assert canaries[1] in b"".join(received)
    finally:
        page.close()
