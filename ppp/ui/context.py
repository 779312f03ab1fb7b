"""What every page needs: the database (one engine per process), a Session per unit of work, who is
acting, the language, the current project and the page files.

This is the only module of ``ppp.ui`` that touches :mod:`ppp.store`, and only for the engine factory: pages
call services with the session this module opens. The SQLAlchemy engine lives in ``st.cache_resource``
(keyed by the database URL, disposed when the cache is cleared) and never in session state.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ppp.i18n import LANGUAGES, Language, default_language, translate
from ppp.i18n.catalog import MESSAGES
from ppp.model import ProjectError
from ppp.services.access import require
from ppp.services.types import Principal, ProjectSummary, Role, ServiceError
from ppp.store.database import database_url, init_database, make_engine, session_scope
from ppp.ui import rights

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

Result = TypeVar("Result")

#: session-state keys (not widget keys: these survive page changes)
LANGUAGE_KEY: Final = "ppp_language"
LANGUAGE_WIDGET_KEY: Final = "ppp_language_widget"
PROJECT_KEY: Final = "ppp_project_id"
#: the signed-in identity's principal, remembered briefly (see ppp.ui.signin)
PRINCIPAL_KEY: Final = "ppp_principal"
FLASH_KEY: Final = "ppp_flash"

#: the page files, relative to streamlit_app.py (st.switch_page and AppTest.switch_page take these)
PORTFOLIO_PAGE: Final = "ppp/ui/pages/portfolio.py"
EDITOR_PAGE: Final = "ppp/ui/pages/editor.py"
DASHBOARD_PAGE: Final = "ppp/ui/pages/dashboard.py"
RISK_PAGE: Final = "ppp/ui/pages/risk.py"
OPERATIONS_PAGE: Final = "ppp/ui/pages/operations.py"
LIFECYCLE_PAGE: Final = "ppp/ui/pages/lifecycle.py"
TENDERS_PAGE: Final = "ppp/ui/pages/tenders.py"
VALUE_FOR_MONEY_PAGE: Final = "ppp/ui/pages/value_for_money.py"
AFFORDABILITY_PAGE: Final = "ppp/ui/pages/affordability.py"

ALL_ROLES: Final[frozenset[Role]] = frozenset({"government", "vendor", "auditor", "administrator"})
#: a vendor simulates and bids: operations, lifecycle, value for money and affordability are a government's
GOVERNMENT_SIDE: Final[frozenset[Role]] = frozenset({"government", "auditor", "administrator"})
#: an auditor reads everything of its bodies and edits nothing
EDITORS: Final[frozenset[Role]] = frozenset({"government", "vendor", "administrator"})
#: which roles have each page: the router registers a page only for these, and no button offers a switch to a
#: page the role does not have (st.switch_page to an unregistered page raises)
PAGE_ROLES: Final[dict[str, frozenset[Role]]] = {
    PORTFOLIO_PAGE: ALL_ROLES,
    EDITOR_PAGE: EDITORS,
    DASHBOARD_PAGE: ALL_ROLES,
    RISK_PAGE: ALL_ROLES,
    OPERATIONS_PAGE: GOVERNMENT_SIDE,
    LIFECYCLE_PAGE: GOVERNMENT_SIDE,
    TENDERS_PAGE: ALL_ROLES,
    VALUE_FOR_MONEY_PAGE: GOVERNMENT_SIDE,
    AFFORDABILITY_PAGE: GOVERNMENT_SIDE,
}

LANGUAGE_NAMES: Final[dict[str, str]] = {"en": "English", "zh": "简体中文"}


# --------------------------------------------------------------------------------------------------------
# Database
# --------------------------------------------------------------------------------------------------------


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(show_spinner=False, on_release=_dispose)
def _engine_for(url: str) -> Engine:
    """One engine per database URL and process; the schema is created (and seeded) on first use."""
    engine = make_engine(url)
    init_database(engine, seed=True)
    return engine


def database() -> Engine:
    """The process's engine for the configured database (``DATABASE_URL`` or ``PPP_DATA_DIR``)."""
    return _engine_for(database_url())


def database_key() -> str:
    """The configured database's URL: what per-session caches of database content are keyed by."""
    return database_url()


def connect() -> None:
    """Open (and on first start create and seed) the database; if that fails, say so and stop the run."""
    try:
        database()
    except (SQLAlchemyError, OSError) as error:
        shown = make_url(database_url()).render_as_string(hide_password=True)
        st.error(text("ui.error.database", url=shown, reason=type(error).__name__))
        st.stop()


@contextmanager
def unit_of_work(*, read_only: bool = False) -> Iterator[Session]:
    """A Session for one unit of work, committed at the end of the block (rolled back if it raises)."""
    with session_scope(database(), read_only=read_only) as session:
        yield session


def save_and_rerun(
    action: Callable[[Session], Result],
    *,
    done: str | Callable[[Result], str] | None = None,
    refusal: Callable[[ProjectError], str] | None = None,
) -> None:
    """Run one change in its own unit of work, then rerun the page so it shows what is stored.

    A refusal is shown where the page is and nothing is stored: a service's refusal in the reader's language,
    a :class:`~ppp.model.ProjectError` through ``refusal`` (by default its problems as a list). On success
    ``done`` (a text, or made from the action's result) is flashed on the rerun.
    """
    try:
        with st.spinner(text("ui.working")), unit_of_work() as session:
            result = action(session)
    except ServiceError as error:
        st.error(service_error_message(error))
        return
    except ProjectError as error:
        st.error(
            refusal(error)
            if refusal is not None
            else "\n".join(f"- {line}" for line in error.messages(language()))
        )
        return
    if done is not None:
        flash("success", done if isinstance(done, str) else done(result))
    st.rerun()


# --------------------------------------------------------------------------------------------------------
# Who acts
# --------------------------------------------------------------------------------------------------------


def sign_in() -> Principal:
    """Who acts on this run, decided by :mod:`ppp.ui.signin` (the identity provider's user, or the local user
    and its demo switch); stops the run when nobody may act. The router calls it once, before any page."""
    from ppp.ui import signin  # here, not at the top: ppp.ui.signin imports this module

    return signin.sign_in()


def principal_of(value: Any) -> Principal:
    if isinstance(value, Principal):
        return value
    # the module was reloaded (streamlit's run-on-save): rebuild from the same fields
    return Principal(
        user_id=value.user_id,
        name=value.name,
        role=value.role,
        organisation=value.organisation,
        audits=frozenset(getattr(value, "audits", ())),
    )


def principal() -> Principal:
    """The principal acting on this run, derived again as the router's :func:`sign_in` did: in a signed-in
    deployment from the identity cookie Streamlit checks, never from what session state holds."""
    from ppp.ui import signin  # here, not at the top: ppp.ui.signin imports this module

    return signin.acting_principal()


def has_page(page: str, role: Role | None = None) -> bool:
    """Whether ``role`` (by default the acting principal's) has ``page`` (a page file) in its navigation."""
    return (role or principal().role) in PAGE_ROLES.get(page, frozenset())


def may_write() -> bool:
    """Whether the acting principal's role changes anything at all (an auditor does not), as the services
    decide it: the pages hide or disable what would only be refused."""
    try:
        require(principal(), "write")
    except ServiceError:
        return False
    return True


def may_change(summary: ProjectSummary) -> bool:
    """Whether the acting principal may change the project of ``summary`` (a vendor reads a government's
    tender but does not change it), as :func:`ppp.services.access.may_change_project` decides it."""
    return rights.may_change(principal(), summary)


# --------------------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------------------


def initial_language() -> Language:
    """``PPP_LANG`` if set, else the browser's language (``zh-CN`` → Chinese), else ``LANG``, else English."""
    configured = os.environ.get("PPP_LANG", "").lower()
    if configured.startswith(("zh", "en")):
        return "zh" if configured.startswith("zh") else "en"
    try:
        locale = str(st.context.locale or "").lower()
    except Exception:  # outside a script run there is no browser context
        locale = ""
    if locale.startswith("zh"):
        return "zh"
    if locale.startswith("en"):
        return "en"
    return default_language()


def language() -> Language:
    """The language chosen in this browser session (kept under a non-widget key across pages)."""
    value = st.session_state.get(LANGUAGE_KEY)
    if value in LANGUAGES:
        return value  # type: ignore[no-any-return]
    chosen = initial_language()
    st.session_state[LANGUAGE_KEY] = chosen
    return chosen


def _language_changed() -> None:
    value = st.session_state.get(LANGUAGE_WIDGET_KEY)
    if value in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = value


def language_selector() -> Language:
    """The language switch in the sidebar. Its widget value is copied to :data:`LANGUAGE_KEY` by its callback,
    before the script runs, so the whole screen of that run is in the new language."""
    current = language()
    if st.session_state.get(LANGUAGE_WIDGET_KEY) not in (None, current):
        # the widget's state survived from an earlier page while the language was changed elsewhere
        del st.session_state[LANGUAGE_WIDGET_KEY]
    st.sidebar.radio(
        translate("ui.language.label", current),
        options=list(LANGUAGES),
        index=list(LANGUAGES).index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_WIDGET_KEY,
        on_change=_language_changed,
        horizontal=True,
    )
    return language()


def text(key: str, /, **params: Any) -> str:
    """The catalog message ``key`` in the session's language."""
    return translate(key, language(), **params)


def option_label(name: str, value: object) -> str:
    """An allowed word of the project file in the session's language (``stage`` ``execution`` → 执行)."""
    key = f"ui.option.{name}.{value}"
    return text(key) if key in MESSAGES else str(value)


def service_error_message(error: ServiceError, language_code: Language | None = None) -> str:
    """A service's refusal in the reader's language."""
    chosen = language_code or language()
    if error.key in MESSAGES:
        try:
            return translate(error.key, chosen, **error.params)
        except (KeyError, IndexError):
            pass
    return translate("ui.error.service", chosen, key=error.key)


def format_time(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------------------------------------
# The current project and messages that outlive a rerun
# --------------------------------------------------------------------------------------------------------


def current_project_id() -> int | None:
    value = st.session_state.get(PROJECT_KEY)
    return value if isinstance(value, int) else None


def set_current_project(project_id: int | None) -> None:
    st.session_state[PROJECT_KEY] = project_id


def open_project(project_id: int, page: str) -> None:
    """Make ``project_id`` the current project and go to ``page`` (an editor or dashboard page file).

    A page the role does not have is not registered: switching to it would crash the run, so it is refused
    with a message (pages do not offer such a switch in the first place, see :func:`has_page`)."""
    if not has_page(page):
        st.warning(text("ui.portfolio.page_unavailable"))
        return
    set_current_project(project_id)
    st.switch_page(page)


def flash(kind: str, message: str) -> None:
    """A message to show on the next run (after a rerun or a page switch)."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    value = st.session_state.pop(FLASH_KEY, None)
    if not isinstance(value, tuple) or len(value) != 2:
        return
    kind, message = value
    {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)
