"""What the portfolio, editor and dashboard offer to whom (AppTest, the local demo switch): a page switch
only to a page the role has, changes only on a project the principal may change, the editor read-only
otherwise, and the acting user kept across a page switch."""

from __future__ import annotations

import pytest
from app_helpers import (
    ALL_PAGES,
    DASHBOARD,
    EDITOR,
    Store,
    act_as,
    demo_user,
    open_page,
    project_id_named,
    registered_pages,
    texts,
)
from streamlit.testing.v1 import AppTest

from ppp.services.types import Role
from ppp.ui import context

XINYU_TENDER = "Smart Xinyu platform tender"
YANGXIN = "Smart Yangxin"


def _choose(app: AppTest, project_id: int) -> AppTest:
    app.selectbox(key="portfolio_project").set_value(project_id).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def _buttons(app: AppTest) -> set[str]:
    return {str(button.key) for button in app.button if button.key}


# ---- one fact: which roles have which page -------------------------------------------------------------


@pytest.mark.parametrize("role", ["government", "vendor", "auditor", "administrator"])
def test_the_router_registers_exactly_the_pages_the_buttons_may_switch_to(
    app: AppTest, store: Store, role: Role
) -> None:
    if role != "administrator":
        act_as(app, demo_user(store, role))
    expected = {name for name in ALL_PAGES if context.has_page(f"ppp/ui/pages/{name}.py", role)}
    assert registered_pages(app) == expected
    assert ("editor" in expected) is (role != "auditor")


# ---- the auditor: reads, changes nothing ---------------------------------------------------------------


def test_the_auditor_is_not_offered_the_editor_nor_any_change(app: AppTest, store: Store) -> None:
    act_as(app, demo_user(store, "auditor"))
    project_id = project_id_named(app, YANGXIN)
    _choose(app, project_id)
    offered = _buttons(app)
    # "Edit inputs" switched to a page not registered for auditors: StreamlitPageNotFoundError
    assert "portfolio_open_editor" not in offered
    assert not offered & {"portfolio_duplicate", "portfolio_archive", "portfolio_create", "portfolio_import"}
    assert "portfolio_open_dashboard" in offered
    assert any("you can read it but not change it" in caption for caption in texts(app.caption))
    assert "Your role reads projects only: it cannot create or import one." in texts(app.caption)

    app.button(key="portfolio_open_dashboard").click().run()
    assert not app.exception, [item.value for item in app.exception]
    assert texts(app.title) == ["Evaluation dashboard"]
    assert not {"dashboard_open_editor", "dashboard_open_editor_failed"} & _buttons(app)


# ---- a vendor on a government's tender: reads it, changes nothing of it -----------------------------------


def test_a_vendor_is_not_offered_edit_or_archive_of_the_tender_but_may_start_a_copy(
    app: AppTest, store: Store
) -> None:
    act_as(app, demo_user(store, "vendor", "Vendor A"))
    tender = project_id_named(app, XINYU_TENDER)
    _choose(app, tender)
    offered = _buttons(app)
    assert not {"portfolio_open_editor", "portfolio_archive"} & offered
    assert {"portfolio_open_dashboard", "portfolio_duplicate"} <= offered  # its own working copy
    assert any("新余" in caption and "not change it" in caption for caption in texts(app.caption))

    open_page(app, DASHBOARD, tender)
    assert "dashboard_open_editor" not in _buttons(app)


def test_a_vendor_sees_the_tender_read_only_in_the_editor(app: AppTest, store: Store) -> None:
    act_as(app, demo_user(store, "vendor", "Vendor A"))
    open_page(app, EDITOR, project_id_named(app, XINYU_TENDER))
    assert not app.error
    # said at the top, before any edit, not only as a refusal at Save
    assert any(message.startswith("Read only") for message in texts(app.info))
    for where in ("top", "bottom"):
        assert app.button(key=f"editor_save_{where}").disabled
        assert app.button(key=f"editor_discard_{where}").disabled
    assert app.text_input
    assert all(widget.disabled for widget in app.text_input)
    assert app.number_input
    assert all(widget.disabled for widget in app.number_input)
    choices = [widget for widget in app.selectbox if str(widget.key).startswith("ppp_edit:")]
    assert choices
    assert all(widget.disabled for widget in choices)
    assert all(widget.disabled for widget in app.toggle if str(widget.key).startswith("ppp_edit:"))
    assert "editor_xlsx_import" not in _buttons(app)
    assert not app.get("file_uploader")


def test_an_officer_changes_its_own_project_in_the_editor(app: AppTest, store: Store) -> None:
    act_as(app, demo_user(store, "government", "新余"))
    tender = project_id_named(app, XINYU_TENDER)
    _choose(app, tender)
    assert {"portfolio_open_editor", "portfolio_archive", "portfolio_duplicate"} <= _buttons(app)
    assert not any("not change it" in caption for caption in texts(app.caption))

    app.button(key="portfolio_open_editor").click().run()
    assert not app.exception, [item.value for item in app.exception]
    assert texts(app.title) == ["Project editor"]
    assert not any(message.startswith("Read only") for message in texts(app.info))
    assert not app.button(key="editor_save_top").disabled
    assert not any(widget.disabled for widget in app.text_input)
    assert "editor_xlsx_import" in _buttons(app)


# ---- defect 1: the acting user holds across an in-page page switch ----------------------------------------


def test_open_dashboard_keeps_vendor_a_as_the_acting_user(app: AppTest, store: Store) -> None:
    vendor = demo_user(store, "vendor", "Vendor A")
    act_as(app, vendor)
    assert any("Signed in as" in caption and "Vendor A" in caption for caption in texts(app.sidebar.caption))
    _choose(app, project_id_named(app, XINYU_TENDER))
    app.button(key="portfolio_open_dashboard").click().run()
    assert not app.exception, [item.value for item in app.exception]
    assert texts(app.title) == ["Evaluation dashboard"]
    captions = texts(app.sidebar.caption)
    assert any("Signed in as" in caption and "Vendor A" in caption for caption in captions), captions
    assert app.sidebar.selectbox(key="ppp_acting_user_id").value == vendor.user_id
