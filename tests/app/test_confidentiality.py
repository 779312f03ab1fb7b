"""Canary: Vendor A's bid never reaches Vendor B — on any page, in any table, chart or caption.

Vendor A submits a bid carrying canaries (a project name, a technical score and its input hash that appear
nowhere else). The app then runs as Vendor B (the local demo switch) and every page is rendered — including
pages hidden from a vendor, reached directly — with the tender as the current project; everything the app
sends to the browser (every element's message, every table's values) is searched for the canaries. As a
control, the tender's government officer does see them on the tenders page, so the search can fail.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from app_helpers import APP, TIMEOUT, Store
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.services.users import principal_for_user
from ppp.store.tables import UserRow
from ppp.ui import context
from ppp.ui.signin import ACTING_KEY

ROOT_SAMPLE = APP.rsplit("/", 1)[0] + "/sample_projects/xinyu_bid_a.toml"
CANARY_NAME = "CANARY-7319 Vendor A offer"
CANARY_SCORE = "73.19"
ALL_PAGES = (
    context.PORTFOLIO_PAGE,
    context.EDITOR_PAGE,
    context.DASHBOARD_PAGE,
    context.RISK_PAGE,
    context.OPERATIONS_PAGE,
    context.LIFECYCLE_PAGE,
    context.TENDERS_PAGE,
    context.VALUE_FOR_MONEY_PAGE,
    context.AFFORDABILITY_PAGE,
)


def _canary_bid_text() -> str:
    with open(ROOT_SAMPLE, encoding="utf-8") as file:
        text = file.read()
    text = re.sub(r'^name = "智慧新余[^"]*"', f'name = "{CANARY_NAME}"', text, count=1, flags=re.MULTILINE)
    return re.sub(
        r"^technical_score = [0-9.]+", f"technical_score = {CANARY_SCORE}", text, flags=re.MULTILINE
    )


def _user_id(store: Store, email: str) -> int:
    with store() as (session, _):
        found = session.exec(select(UserRow.id).where(UserRow.email == email)).one()
    assert found is not None
    return found


def _submit_canary(store: Store) -> tuple[int, str]:
    """Vendor A's canary bid, submitted as Vendor A; (tender id, the bid's input hash)."""
    vendor_a = _user_id(store, "bids@vendor-a.example")
    with store() as (session, admin):
        tender_id = services.list_tenders(session=session, principal=admin)[0].id
        principal = principal_for_user(session=session, user_id=vendor_a)
        view = services.submit_bid_file(
            session=session, principal=principal, project_id=tender_id, text=_canary_bid_text()
        )
    assert view.bidder == "Vendor A (甲公司)"
    return tender_id, view.input_hash


def _everything_sent(app: AppTest) -> str:
    """The text of every element of the last run: its protobuf message, and each table's values."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        value = getattr(node, "value", None)
        if hasattr(value, "to_csv"):
            parts.append(value.to_csv())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(parts)


def _as(store: Store, email: str, tender_id: int) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state[ACTING_KEY] = _user_id(store, email)
    app.session_state[context.PROJECT_KEY] = tender_id
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def _seen_on_every_page(app: AppTest) -> dict[str, str]:
    """What every page the role can reach sends (pages hidden from its navigation cannot be reached)."""
    seen: dict[str, str] = {}
    for page in ALL_PAGES:
        try:
            app.switch_page(page)
        except ValueError:  # not in this role's navigation: a direct URL shows "page not found"
            continue
        app.run()
        assert not app.exception, (page, [item.value for item in app.exception])
        seen[page] = _everything_sent(app)
    return seen


@pytest.mark.usefixtures("app")
def test_vendor_b_sees_nothing_of_vendor_a_bid_on_any_page(store: Store) -> None:
    tender_id, bid_hash = _submit_canary(store)
    seen = _seen_on_every_page(_as(store, "bids@vendor-b.example", tender_id))
    for page, sent in seen.items():
        for canary in (CANARY_NAME, CANARY_SCORE, bid_hash, bid_hash.removeprefix("sha256:")[:16]):
            assert canary not in sent, (page, canary)
    # the pages a vendor uses did render: the tender's own file is published to every bidder
    assert set(seen) == {
        context.PORTFOLIO_PAGE,
        context.EDITOR_PAGE,
        context.DASHBOARD_PAGE,
        context.RISK_PAGE,
        context.TENDERS_PAGE,
    }
    assert "Tenders and bids" in seen[context.TENDERS_PAGE]


@pytest.mark.usefixtures("app")
def test_the_tendering_officer_does_see_the_canary_so_the_search_can_fail(store: Store) -> None:
    tender_id, bid_hash = _submit_canary(store)
    app = _as(store, "officer@xinyu.example", tender_id)
    app.switch_page(context.TENDERS_PAGE).run()
    sent = _everything_sent(app)
    assert CANARY_NAME in sent or bid_hash in sent
    assert bid_hash in sent
