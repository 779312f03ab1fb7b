"""Signing in for real: the app with ``[auth]`` in its secrets, a mock OpenID Connect provider, Chromium.

A government officer added with ``ppp users add`` signs in through the provider's form and lands on the
portfolio as that user (the sidebar names the user, the role and the body). A tampered identity cookie comes
back unauthenticated: the sign-in screen, no project data. An identity the database does not know is refused.
Screenshots are saved under the test's tmp_path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from signin_fixtures import SIGNED_UP, SIGNED_UP_ORGANISATION, SignInApp, oidc_provider, signin_app
from sqlmodel import select

from ppp.store import make_engine, session_scope
from ppp.store.tables import UserRow

__all__ = ["oidc_provider", "signin_app"]  # fixtures used by the tests below

WAIT_MS = 60_000
COOKIE = "_streamlit_user"


def _sign_in_through_the_provider(page: Any, app: SignInApp, subject: str, *, predefined: bool) -> None:
    page.goto(app.url)
    page.get_by_role("heading", name="Sign in").first.wait_for()
    page.get_by_role("button", name="Sign in").click()
    # the provider's form (oidc-provider-mock): a predefined user's button, or any subject typed in
    page.get_by_role("heading", name="Authorize Client").wait_for()
    if predefined:
        page.get_by_role("button", name=subject, exact=True).click()
    else:
        page.locator("input[name='sub']").fill(subject)
        page.get_by_role("button", name="Authorize").click()


def _tampered(value: str) -> str:
    """``value`` with one character in its middle changed."""
    index = len(value) // 2
    replacement = "A" if value[index] != "A" else "B"
    return value[:index] + replacement + value[index + 1 :]


def test_an_officer_signs_in_and_a_tampered_cookie_comes_back_unauthenticated(
    browser: Any, signin_app: SignInApp, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        _sign_in_through_the_provider(page, signin_app, SIGNED_UP.subject, predefined=True)

        # back in the app, signed in: the portfolio with its projects, the sidebar naming the user
        page.get_by_role("heading", name="Portfolio").first.wait_for()
        page.locator("[data-testid='stDataFrame']").first.wait_for()
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text(
            f"Signed in as {SIGNED_UP.name} (government, {SIGNED_UP_ORGANISATION})"
        ).wait_for()
        sidebar.get_by_role("button", name="Sign out").wait_for()
        assert sidebar.get_by_text("Act as").count() == 0  # no demo switch in a signed-in deployment
        page.screenshot(path=str(tmp_path / "signed-in.png"), full_page=True)

        # the first sign-in bound the provider's subject to the user added by email
        engine = make_engine(f"sqlite:///{signin_app.data_dir / 'ppp.sqlite3'}")
        try:
            with session_scope(engine, read_only=True) as session:
                user = session.exec(select(UserRow).where(UserRow.email == SIGNED_UP.email)).one()
        finally:
            engine.dispose()
        assert user.subject == SIGNED_UP.subject

        # change one character of the identity cookie: Streamlit's signature no longer holds
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert COOKIE in cookies, sorted(cookies)
        original = cookies[COOKIE]
        context.add_cookies([{**original, "value": _tampered(original["value"])}])
        assert {cookie["name"]: cookie["value"] for cookie in context.cookies()}[COOKIE] != original["value"]
        page.reload()
        page.get_by_role("heading", name="Sign in").first.wait_for()
        page.get_by_role("button", name="Sign in").wait_for()
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        assert page.get_by_text("Signed in as").count() == 0
        page.screenshot(path=str(tmp_path / "tampered.png"), full_page=True)
    finally:
        context.close()


def test_an_identity_the_database_does_not_know_is_refused(
    browser: Any, signin_app: SignInApp, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        _sign_in_through_the_provider(page, signin_app, "stranger@example.org", predefined=False)
        page.get_by_text("stranger@example.org is not a user of this app.").wait_for()
        page.get_by_role("button", name="Sign out").wait_for()
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
        # signing out ends the session at the provider too, then returns to the sign-in screen
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="End session").click()
        page.get_by_role("button", name="Sign in").wait_for()
        assert COOKIE not in {cookie["name"] for cookie in context.cookies()}
    finally:
        context.close()
