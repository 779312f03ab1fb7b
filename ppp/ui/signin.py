"""Who acts in the app: a person signed in through the identity provider, or the local user of the embedded
default with its demo switch; or nobody, when the app is exposed without sign-in.

Three modes (:func:`signin_mode`):

- ``oidc``: ``[auth]`` is configured in the secrets. People sign in with Streamlit's ``st.login`` (OpenID
  Connect); the identity (``st.user``'s ``sub`` and ``email``) maps to a user of the database through
  :func:`ppp.services.users.principal_for_identity`. The principal is derived from ``st.user`` on every run,
  whose cookie Streamlit signs: nothing a browser can put in session state decides who acts. The database
  lookup is remembered for :data:`IDENTITY_CACHE_SECONDS`, keyed by the subject and the database.
- ``local``: no ``[auth]``, the server bound to a loopback address. The app runs as the local administrator;
  the sidebar's "Act as" switch lets one try the demo users' roles on one's own machine.
- ``refuse``: no ``[auth]`` and an address other computers can reach. Every run shows the refusal and stops,
  before the database is opened.

Pages are hidden per role by the router, but the services check every call: this module decides who the
principal is, never what it may do.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Mapping
from typing import Any, Final, Literal, NoReturn

import streamlit as st

from ppp.services.types import Principal, ServiceError
from ppp.ui import context

Mode = Literal["oidc", "local", "refuse"]

#: session-state key of the local demo switch (a widget key: the chosen user's id)
ACTING_KEY: Final = "ppp_acting_user_id"
#: session-state key of the demo users offered by the switch (with the database they came from)
DEMO_KEY: Final = "ppp_demo_principals"
#: how long a signed-in identity's user is reused before it is read again (a role changed by an
#: administrator takes effect within this time)
IDENTITY_CACHE_SECONDS: Final = 60.0
#: the settings of an ``[auth]`` table that configure a provider itself (rather than naming providers)
_PROVIDER_SETTINGS: Final = frozenset({"client_id", "client_secret", "server_metadata_url"})


# --------------------------------------------------------------------------------------------------------
# Pure rules
# --------------------------------------------------------------------------------------------------------


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to ``address`` is reachable from this computer only.

    ``None`` or an empty address means every interface (Streamlit's default), which is not loopback.

    Examples
    --------
    >>> [is_loopback(address) for address in ("127.0.0.1", "::1", "[::1]", "localhost", "127.1.2.3")]
    [True, True, True, True, True]
    >>> [is_loopback(address) for address in (None, "", "0.0.0.0", "::", "192.168.1.20", "example.org")]
    [False, False, False, False, False, False]
    """
    host = (address or "").strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        # a host name other than localhost may resolve to any interface
        return False


def signin_mode(has_auth: bool, address: str | None) -> Mode:
    """How people sign in: ``oidc`` when ``[auth]`` is configured, else ``local`` on a loopback address,
    else ``refuse``.

    Examples
    --------
    >>> signin_mode(True, "0.0.0.0"), signin_mode(False, "127.0.0.1"), signin_mode(False, None)
    ('oidc', 'local', 'refuse')
    """
    if has_auth:
        return "oidc"
    return "local" if is_loopback(address) else "refuse"


def auth_providers(section: Mapping[str, Any]) -> list[str | None]:
    """The providers of an ``[auth]`` table for ``st.login``: ``None`` for the settings in ``[auth]`` itself,
    then each named ``[auth.<name>]`` table, by name.

    Examples
    --------
    >>> auth_providers({"redirect_uri": "u", "cookie_secret": "s", "client_id": "c"})
    [None]
    >>> auth_providers({"redirect_uri": "u", "okta": {"client_id": "c"}, "google": {"client_id": "d"}})
    ['google', 'okta']
    """
    named = sorted(name for name, value in section.items() if isinstance(value, Mapping))
    providers: list[str | None] = []
    if _PROVIDER_SETTINGS & set(section) or not named:
        providers.append(None)
    return providers + list(named)


# --------------------------------------------------------------------------------------------------------
# The mode of this server
# --------------------------------------------------------------------------------------------------------


def auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` table of the app's secrets, or ``None`` when there is none (or no secrets at all)."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # Streamlit's "no secrets file" error is one
        return None
    return section if isinstance(section, Mapping) else None


def bound_address() -> str | None:
    """The address the server listens on (``server.address``; ``None``: every interface)."""
    value = st.get_option("server.address")
    return None if value is None else str(value)


def current_mode() -> Mode:
    """This server's sign-in mode, from its secrets and its address."""
    return signin_mode(auth_section() is not None, bound_address())


# --------------------------------------------------------------------------------------------------------
# Signing in (the router) and the acting principal (every page)
# --------------------------------------------------------------------------------------------------------


def sign_in() -> Principal:
    """Decide who acts on this run, showing the sign-in screen, the refusal or the sidebar's identity.

    Stops the run (``st.stop``) when nobody may act: the server is exposed without ``[auth]``, the browser
    is not signed in, or the identity is not a user of the database.
    """
    mode = current_mode()
    if mode == "refuse":
        _refuse()
    context.connect()
    if mode == "oidc":
        acting = _oidc_principal(show=True)
        _show_identity(acting)
        if st.sidebar.button(context.text("ui.signin.sign_out"), key="ppp_sign_out"):
            st.logout()
        return acting
    acting = _demo_switch()
    _show_identity(acting)
    return acting


def acting_principal() -> Principal:
    """The principal of this run, derived again the way :func:`sign_in` did (pages call this)."""
    mode = current_mode()
    if mode == "refuse":
        st.stop()
    if mode == "oidc":
        return _oidc_principal(show=False)
    choices = _demo_choices()
    chosen = st.session_state.get(ACTING_KEY)
    return next((choice for choice in choices if choice.user_id == chosen), _local_administrator(choices))


def _refuse() -> NoReturn:
    address = bound_address() or context.text("ui.signin.all_interfaces")
    st.title(context.text("ui.signin.refused_title"))
    st.error(context.text("ui.signin.refused", address=address))
    st.stop()


def _oidc_principal(*, show: bool) -> Principal:
    """The signed-in identity's principal; without one, the sign-in screen (``show``) and a stop."""
    if not st.user.get("is_logged_in"):
        if show:
            _sign_in_screen()
        st.stop()
    subject = str(st.user.get("sub") or "")
    email = st.user.get("email")
    verified = st.user.get("email_verified")
    url = context.database_key()
    cached = st.session_state.get(context.PRINCIPAL_KEY)
    if (
        isinstance(cached, tuple)
        and len(cached) == 4
        and cached[:2] == (url, subject)
        and time.monotonic() - cached[3] < IDENTITY_CACHE_SECONDS
    ):
        return context.principal_of(cached[2])
    from ppp.services.users import principal_for_identity

    try:
        with context.unit_of_work() as session:
            acting = principal_for_identity(
                session=session,
                subject=subject,
                email=None if email is None else str(email),
                email_verified=verified if isinstance(verified, bool) else None,
            )
    except ServiceError as error:
        st.session_state.pop(context.PRINCIPAL_KEY, None)
        if show:
            _unknown_identity(error, str(email or subject))
        st.stop()
    st.session_state[context.PRINCIPAL_KEY] = (url, subject, acting, time.monotonic())
    return acting


def _sign_in_screen() -> None:
    st.title(context.text("ui.signin.title"))
    st.write(context.text("ui.signin.intro"))
    for provider in auth_providers(auth_section() or {}):
        label = (
            context.text("ui.signin.button")
            if provider is None
            else context.text("ui.signin.button_with", provider=provider)
        )
        if st.button(label, key=f"ppp_sign_in_{provider or 'default'}", type="primary"):
            st.login(provider)


def _unknown_identity(error: ServiceError, who: str) -> None:
    st.title(context.text("ui.signin.unknown_title"))
    st.error(context.service_error_message(error))
    st.caption(context.text("ui.signin.identity", who=who))
    if st.button(context.text("ui.signin.sign_out"), key="ppp_sign_out_unknown"):
        st.logout()


def _show_identity(acting: Principal) -> None:
    organisation = f", {acting.organisation}" if acting.organisation else ""
    st.sidebar.caption(
        context.text(
            "ui.signin.signed_in",
            name=acting.name,
            role=context.text(f"ui.role.{acting.role}"),
            organisation=organisation,
        )
    )


def _demo_choices() -> list[Principal]:
    """The demo switch's users, read once per browser session and database."""
    url = context.database_key()
    cached = st.session_state.get(DEMO_KEY)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == url:
        return [context.principal_of(value) for value in cached[1]]
    from ppp.services.users import demo_principals

    with context.unit_of_work(read_only=True) as session:
        choices = demo_principals(session=session)
    st.session_state[DEMO_KEY] = (url, tuple(choices))
    return choices


def _local_administrator(choices: list[Principal]) -> Principal:
    from ppp.services.users import local_principal

    administrators = [choice for choice in choices if choice.role == "administrator"]
    if administrators:
        return administrators[0]
    with context.unit_of_work(read_only=True) as session:
        return local_principal(session=session)


def _demo_switch() -> Principal:
    """The local mode's "Act as" switch in the sidebar; the chosen demo user."""
    choices = _demo_choices()
    default = _local_administrator(choices)
    if default not in choices:
        choices = [*choices, default]
    by_id = {choice.user_id: choice for choice in choices}
    if st.session_state.get(ACTING_KEY) not in by_id:
        st.session_state[ACTING_KEY] = default.user_id
    # the labels are made now, in this run's language: the widget may format its options again later,
    # outside the run, where the session's language is not known
    labels = {
        user_id: context.text(
            "ui.signin.principal_label", name=choice.name, role=context.text(f"ui.role.{choice.role}")
        )
        for user_id, choice in by_id.items()
    }
    chosen = st.sidebar.selectbox(
        context.text("ui.signin.act_as"),
        options=list(by_id),
        format_func=labels.__getitem__,
        key=ACTING_KEY,
        help=context.text("ui.signin.act_as_help"),
        # a page's own button that switches page interrupts the run: without this Streamlit drops the
        # value of every widget, this one too, and the session would act as the administrator again
        persist_state="session",
    )
    return by_id.get(chosen, default)
