"""Signing in, in the app (AppTest): the mode rule, the local demo switch and the pages each role sees, the
refusal of an exposed server without [auth], and the OIDC mode with ``st.user`` set as Streamlit's cookie
would set it.

The real sign-in flow through an identity provider, in Chromium, is tests/browser/test_signin_in_browser.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from app_helpers import ALL_PAGES, APP, TIMEOUT, Store, registered_pages, texts
from sqlmodel import select
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from ppp.store.tables import UserRow
from ppp.ui.signin import auth_providers, is_loopback, signin_mode

OPERATIONS = "ppp/ui/pages/operations.py"
EDITOR = "ppp/ui/pages/editor.py"
TENDERS = "ppp/ui/pages/tenders.py"
AFFORDABILITY = "ppp/ui/pages/affordability.py"
AUTH = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "a-secret-for-tests-only",
        "client_id": "ppp",
        "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}
XINYU_OFFICER = "officer@xinyu.example"


@pytest.fixture
def bind_address() -> Iterator[Callable[[str | None], None]]:
    """Set ``server.address`` as ``streamlit run --server.address`` would; restored afterwards."""
    original = streamlit_config.get_option("server.address")

    def bind(address: str | None) -> None:
        streamlit_config.set_option("server.address", address)

    yield bind
    streamlit_config.set_option("server.address", original)


def _app(**state: Any) -> AppTest:
    test = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in state.items():
        setattr(test, name, value)
    return test


def _sidebar_texts(app: AppTest) -> list[str]:
    return texts(app.sidebar.caption)


# --- the rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "mode"),
    [
        ("127.0.0.1", "local"),
        ("127.0.0.53", "local"),
        ("::1", "local"),
        ("[::1]", "local"),
        ("localhost", "local"),
        ("LOCALHOST", "local"),
        ("0.0.0.0", "refuse"),
        ("::", "refuse"),
        ("", "refuse"),
        (None, "refuse"),
        ("192.168.1.20", "refuse"),
        ("10.0.0.5", "refuse"),
        ("fe80::1", "refuse"),
        ("app.example.org", "refuse"),
    ],
)
def test_without_auth_only_a_loopback_address_runs_the_local_mode(address: str | None, mode: str) -> None:
    assert signin_mode(False, address) == mode
    assert is_loopback(address) is (mode == "local")


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0", "", None, "192.168.1.20"])
def test_with_auth_every_address_signs_people_in(address: str | None) -> None:
    assert signin_mode(True, address) == "oidc"


def test_providers_are_the_auth_table_itself_or_its_named_tables() -> None:
    assert auth_providers(AUTH["auth"]) == [None]
    named = {"redirect_uri": "u", "cookie_secret": "s", "okta": {"client_id": "o"}, "azure": {}}
    assert auth_providers(named) == ["azure", "okta"]
    assert auth_providers({**named, "client_id": "c"}) == [None, "azure", "okta"]


# --- local mode ---------------------------------------------------------------------------------------------


def test_local_mode_acts_as_the_administrator_with_a_demo_switch_of_role(
    bind_address: Callable[[str | None], None], store: Store
) -> None:
    bind_address("127.0.0.1")
    app = _app().run()
    assert not app.exception, [item.value for item in app.exception]
    switch = app.sidebar.selectbox(key="ppp_acting_user_id")
    with store() as (session, local):
        users = {row.email: row for row in session.exec(select(UserRow)).all()}
    assert switch.value == local.user_id
    # the local administrator and the five demo users, by role then name
    emails = [
        "officer@xinyu.example",
        "officer@yangxin.example",
        "bids@vendor-b.example",  # 乙 sorts before 甲 (by code point)
        "bids@vendor-a.example",
        "auditor@audit.example",
        "local@localhost",
    ]
    assert switch.options == [f"{users[email].name} · {users[email].role}" for email in emails]
    assert "Signed in as local (administrator)" in _sidebar_texts(app)
    assert registered_pages(app) == set(ALL_PAGES)

    vendor = users["bids@vendor-a.example"]
    switch.set_value(vendor.id).run()
    assert not app.exception, [item.value for item in app.exception]
    assert f"Signed in as {vendor.name} (vendor, Vendor A (甲公司))" in _sidebar_texts(app)
    assert registered_pages(app) == {"portfolio", "editor", "dashboard", "risk", "tenders"}
    with pytest.raises(ValueError, match="operations"):
        app.switch_page(OPERATIONS)

    # an auditor sees everything but the editor; the choice holds across runs
    app.sidebar.selectbox(key="ppp_acting_user_id").set_value(users["auditor@audit.example"].id).run()
    app.run()
    assert registered_pages(app) == set(ALL_PAGES) - {"editor"}
    app.sidebar.selectbox(key="ppp_acting_user_id").set_value(users[XINYU_OFFICER].id).run()
    assert registered_pages(app) == set(ALL_PAGES)


# --- refusal ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["0.0.0.0", None, "192.168.1.20"])
def test_an_exposed_server_without_auth_refuses_before_any_data(
    bind_address: Callable[[str | None], None], fresh_database: Path, address: str | None
) -> None:
    bind_address(address)
    app = _app().run()
    assert not app.exception, [item.value for item in app.exception]
    errors = texts(app.error)
    assert len(errors) == 1
    shown = address or "all network interfaces"
    assert f"The app listens on {shown}" in errors[0]
    assert "[auth] in .streamlit/secrets.toml" in errors[0]
    assert "127.0.0.1" in errors[0]
    assert not app.dataframe
    assert not app.sidebar.selectbox
    # the database was not even opened
    assert not (fresh_database / "ppp.sqlite3").exists()
    # and again on the next run (a rerun, another page) in the other language
    app.session_state["ppp_language"] = "zh"
    app.run()
    assert "未配置登录" in texts(app.title)
    assert not app.dataframe


# --- OIDC mode (st.user as Streamlit's signed cookie gives it) ----------------------------------------------


def test_oidc_mode_shows_the_sign_in_screen_to_a_browser_not_signed_in(
    bind_address: Callable[[str | None], None], fresh_database: Path
) -> None:
    bind_address("0.0.0.0")  # [auth] makes an exposed address fine
    app = _app(secrets=AUTH, user={"is_logged_in": False}).run()
    assert not app.exception, [item.value for item in app.exception]
    assert texts(app.title) == ["Sign in"]
    assert [button.label for button in app.button] == ["Sign in"]
    assert not app.dataframe
    assert not _has_switch(app)
    assert not any("Signed in as" in caption for caption in _sidebar_texts(app))


def _has_switch(app: AppTest) -> bool:
    return any(box.key == "ppp_acting_user_id" for box in app.sidebar.selectbox)


def test_oidc_mode_maps_the_identity_to_its_user_and_binds_the_subject(
    bind_address: Callable[[str | None], None], store: Store
) -> None:
    bind_address("0.0.0.0")
    identity = {"is_logged_in": True, "sub": "idp|xinyu-1", "email": "Officer@Xinyu.example", "name": "Li"}
    app = _app(secrets=AUTH, user=identity).run()
    assert not app.exception, [item.value for item in app.exception]
    captions = _sidebar_texts(app)
    assert any(
        caption.startswith("Signed in as 新余市财政局") and "(government, 新余市)" in caption
        for caption in captions
    ), captions
    assert [button.label for button in app.sidebar.button] == ["Sign out"]
    assert app.dataframe  # the portfolio
    assert not _has_switch(app)  # no demo switch in a signed-in deployment
    assert registered_pages(app) == set(ALL_PAGES)
    with store() as (session, _):
        officer = session.exec(select(UserRow).where(UserRow.email == XINYU_OFFICER)).one()
    assert officer.subject == "idp|xinyu-1"

    # session state cannot make this browser somebody else: the principal follows st.user on every run
    app.session_state["ppp_acting_user_id"] = 1
    app.session_state["ppp_principal"] = ("sqlite:///elsewhere", "idp|admin", "not a principal", 0.0)
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    assert any(caption.startswith("Signed in as 新余市财政局") for caption in _sidebar_texts(app))

    # another identity in the same browser session (st.user changed): that user's pages
    app.user = {"is_logged_in": True, "sub": "idp|vendor-a", "email": "bids@vendor-a.example"}
    app.run()
    assert any("(vendor, Vendor A (甲公司))" in caption for caption in _sidebar_texts(app))
    assert registered_pages(app) == {"portfolio", "editor", "dashboard", "risk", "tenders"}


def test_oidc_mode_refuses_an_identity_the_database_does_not_know(
    bind_address: Callable[[str | None], None], store: Store
) -> None:
    bind_address("127.0.0.1")
    app = _app(
        secrets=AUTH, user={"is_logged_in": True, "sub": "idp|x", "email": "stranger@example.org"}
    ).run()
    assert not app.exception, [item.value for item in app.exception]
    errors = texts(app.error)
    assert errors == [
        "stranger@example.org is not a user of this app. "
        "Ask an administrator to add you (ppp users add stranger@example.org ...)."
    ]
    assert [button.label for button in app.button] == ["Sign out"]
    assert not app.dataframe
    # the local administrator cannot be reached through an identity either
    app.user = {"is_logged_in": True, "sub": "idp|y", "email": "local@localhost"}
    app.run()
    assert "local@localhost is not a user of this app" in texts(app.error)[0]
    with store() as (session, _):
        assert session.exec(select(UserRow).where(UserRow.email == "stranger@example.org")).first() is None
        assert session.exec(select(UserRow).where(UserRow.subject == "idp|y")).first() is None


def test_signing_out_after_a_refusal_clears_the_identity(bind_address: Callable[[str | None], None]) -> None:
    bind_address("127.0.0.1")
    app = _app(
        secrets=AUTH, user={"is_logged_in": True, "sub": "idp|x", "email": "stranger@example.org"}
    ).run()
    app.button[0].click().run()
    assert app.user == {"is_logged_in": False}
    app.run()
    assert texts(app.title) == ["Sign in"]
