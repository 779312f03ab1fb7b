"""The lifecycle page's forms show what is stored (saving one unchanged changes nothing), and a read-only
auditor is not offered what it would be refused."""

from __future__ import annotations

import datetime

from app_helpers import Store, act_as, demo_user, open_page, project_id_named, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.services.lifecycle import LifecycleView

LIFECYCLE = "ppp/ui/pages/lifecycle.py"
YANGXIN = "Smart Yangxin"
#: the first milestone of Smart Yangxin, reached on its planned date
APPROVED = datetime.date(2016, 3, 31)


def _view(store: Store, project_id: int) -> LifecycleView:
    with store() as (session, principal):
        return services.lifecycle(session=session, principal=principal, project_id=project_id)


def test_a_reached_milestone_is_shown_with_its_stored_date_and_saving_it_unchanged_keeps_it(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    act_as(app, demo_user(store, "government", "阳信县"))
    first = next(
        milestone for milestone in _view(store, project_id).milestones if milestone.actual == APPROVED
    )
    open_page(app, LIFECYCLE, project_id)
    app.selectbox(key="lifecycle_milestone").set_value(first.id).run()
    assert app.checkbox(key="lifecycle_milestone_reached").value is True
    assert app.date_input(key="lifecycle_milestone_actual").value == APPROVED
    app.button(key="lifecycle_milestone_save").click().run()
    assert not app.exception
    assert not app.error
    saved = next(milestone for milestone in _view(store, project_id).milestones if milestone.id == first.id)
    assert (saved.actual, saved.slippage_days) == (APPROVED, 0)
    # the form still shows the stored date after the save; a changed date is saved
    assert app.date_input(key="lifecycle_milestone_actual").value == APPROVED
    app.date_input(key="lifecycle_milestone_actual").set_value(datetime.date(2016, 4, 10))
    app.button(key="lifecycle_milestone_save").click().run()
    assert not app.exception
    moved = next(milestone for milestone in _view(store, project_id).milestones if milestone.id == first.id)
    assert (moved.actual, moved.slippage_days) == (datetime.date(2016, 4, 10), 10)
    assert app.date_input(key="lifecycle_milestone_actual").value == datetime.date(2016, 4, 10)


def test_the_milestone_form_follows_the_chosen_milestone_and_changes_made_elsewhere(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    milestones = _view(store, project_id).milestones
    handover = next(milestone for milestone in milestones if milestone.actual is None)
    reached = [milestone for milestone in milestones if milestone.actual is not None]
    open_page(app, LIFECYCLE, project_id)
    for milestone in reached[:2]:
        app.selectbox(key="lifecycle_milestone").set_value(milestone.id).run()
        assert app.date_input(key="lifecycle_milestone_actual").value == milestone.actual
    # not reached: unticked, and its date (today, a default) is not offered
    app.selectbox(key="lifecycle_milestone").set_value(handover.id).run()
    assert app.checkbox(key="lifecycle_milestone_reached").value is False
    assert app.date_input(key="lifecycle_milestone_actual").disabled
    app.button(key="lifecycle_milestone_save").click().run()
    assert next(m for m in _view(store, project_id).milestones if m.id == handover.id).actual is None
    # recorded by someone else meanwhile: the next run shows the stored date, not the form's old state
    with store() as (session, principal):
        services.record_milestone(
            session=session,
            principal=principal,
            project_id=project_id,
            milestone_id=handover.id,
            actual=datetime.date(2031, 12, 1),
        )
    app.run()
    assert app.checkbox(key="lifecycle_milestone_reached").value is True
    assert app.date_input(key="lifecycle_milestone_actual").value == datetime.date(2031, 12, 1)


def test_a_done_document_is_shown_with_its_stored_date_and_reference(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, LIFECYCLE, project_id)
    assert app.date_input(key="lifecycle_doc_date_spv_established").value == datetime.date(2016, 10, 31)
    app.button(key="lifecycle_doc_done_spv_established").click().run()
    assert not app.exception
    done = next(
        document for document in _view(store, project_id).documents if document.kind == "spv_established"
    )
    assert done.done_on == datetime.date(2016, 10, 31)
    # changed elsewhere: the form shows the new stored date and reference on the next run
    with store() as (session, principal):
        services.record_document(
            session=session,
            principal=principal,
            project_id=project_id,
            kind="spv_established",
            done_on=datetime.date(2016, 11, 2),
            reference="工商登记 8",
        )
    app.run()
    assert app.date_input(key="lifecycle_doc_date_spv_established").value == datetime.date(2016, 11, 2)
    assert app.text_input(key="lifecycle_doc_ref_spv_established").value == "工商登记 8"


def test_after_a_stage_change_the_form_starts_again_without_the_old_reason(
    app: AppTest, store: Store
) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, LIFECYCLE, project_id)
    assert app.selectbox(key="lifecycle_target").value == "handover"
    app.selectbox(key="lifecycle_target").set_value("procurement").run()
    app.text_input(key="lifecycle_reason").input("re-tender")
    app.button(key="lifecycle_change").click().run()
    assert "moved to procurement" in " ".join(texts(app.success))
    assert _view(store, project_id).stage == "procurement"
    assert app.text_input(key="lifecycle_reason").value == ""
    assert app.selectbox(key="lifecycle_target").value == "execution"


def test_an_auditor_is_offered_no_change_and_an_officer_is(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    actions = [
        "lifecycle_doc_done_spv_established",
        "lifecycle_doc_pending_spv_established",
        "lifecycle_milestone_save",
        "lifecycle_new_add",
        "lifecycle_change",
    ]
    act_as(app, demo_user(store, "auditor"))
    open_page(app, LIFECYCLE, project_id)
    assert all(app.button(key=key).disabled for key in actions)
    assert "Read-only" in " ".join(texts(app.info))
    assert app.date_input(key="lifecycle_milestone_actual").disabled
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert "只读" in " ".join(texts(app.info))
    app.radio(key="ppp_language_widget").set_value("en").run()
    act_as(app, demo_user(store, "government", "阳信县"))
    open_page(app, LIFECYCLE, project_id)
    assert not any(app.button(key=key).disabled for key in actions)
    assert "Read-only" not in " ".join(texts(app.info))
