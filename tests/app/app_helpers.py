"""Helpers of the app tests (a module of its own: test modules cannot import a conftest reliably)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from ppp.services.types import Principal
from ppp.store.seed import sample_project_paths

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
#: the sample files seeded as projects (bid files become bids of their tender)
SAMPLES = sample_project_paths(ROOT / "sample_projects")
TIMEOUT = 60

PORTFOLIO = "ppp/ui/pages/portfolio.py"
#: every page of the app, by file name without .py
ALL_PAGES = (
    "portfolio",
    "editor",
    "dashboard",
    "risk",
    "operations",
    "lifecycle",
    "tenders",
    "value_for_money",
    "affordability",
)
#: the key of the sidebar's "Act as" switch (local mode)
ACT_AS = "ppp_acting_user_id"
EDITOR = "ppp/ui/pages/editor.py"
DASHBOARD = "ppp/ui/pages/dashboard.py"

Store = Callable[[], AbstractContextManager[tuple[Session, Principal]]]


def project_id_named(app: AppTest, fragment: str) -> int:
    """The id of the (one) project whose name contains ``fragment``, from the portfolio's table."""
    table = app.dataframe[0].value
    matches = [index for index, name in zip(table.index, table["name"], strict=True) if fragment in name]
    assert len(matches) == 1, matches
    return int(matches[0])


def open_page(app: AppTest, page: str, project_id: int | None = None) -> AppTest:
    if project_id is not None:
        app.session_state["ppp_project_id"] = project_id
    app.switch_page(page).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def editor_key(app: AppTest, table_id: str) -> str:
    """The session-state key of one of the editor's data editors (``opex``, ``construction_capex``, ...)."""
    keys = [editor.key for editor in app.data_editor if editor.key and f":table:{table_id}:" in editor.key]
    assert len(keys) == 1, [editor.key for editor in app.data_editor]
    return str(keys[0])


def edit_table(app: AppTest, table_id: str, **state: Any) -> AppTest:
    """Edit a data editor through its session-state protocol (``edited_rows``, ``added_rows``, ...)."""
    key = editor_key(app, table_id)
    app.session_state[key] = {
        "edited_rows": state.get("edited_rows", {}),
        "added_rows": state.get("added_rows", []),
        "deleted_rows": state.get("deleted_rows", []),
    }
    return app.run()


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def demo_user(store: Store, role: str, organisation: str = "") -> Principal:
    """The seeded demo user of ``role`` whose organisation contains ``organisation``."""
    from ppp.services.users import demo_principals

    with store() as (session, _):
        choices = demo_principals(session=session)
    return next(choice for choice in choices if choice.role == role and organisation in choice.organisation)


def act_as(app: AppTest, user: Principal) -> AppTest:
    """Choose ``user`` in the sidebar's "Act as" switch and run."""
    app.sidebar.selectbox(key=ACT_AS).set_value(user.user_id).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def registered_pages(app: AppTest) -> set[str]:
    """The pages the router registered for this run (by file name without .py)."""
    pages = set()
    for name in ALL_PAGES:
        try:
            app.switch_page(f"ppp/ui/pages/{name}.py")
        except ValueError:
            continue
        pages.add(name)
    # switch_page only chose the next page to run: go back to the default
    app.switch_page(PORTFOLIO)
    return pages
