"""The lifecycle page through AppTest: it loads in both languages, records a document, refuses a stage change
with the rule's message, changes the stage when allowed; and its pure pieces (the timeline chart, tables)."""

from __future__ import annotations

import datetime

from app_helpers import Store, open_page, project_id_named, texts
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.services.lifecycle import MilestoneView, ProjectSlippage
from ppp.store.tables import AuditEntry
from ppp.ui import charts
from ppp.ui.lifecycle_view import milestone_frame, slippage_frame

LIFECYCLE = "ppp/ui/pages/lifecycle.py"
#: the sample project in procurement
FRANCHISE = "user-pay"


def _procurement_project(app: AppTest, store: Store) -> int:
    with store() as (session, principal):
        summaries = services.list_projects(session=session, principal=principal)
    return next(summary.id for summary in summaries if summary.stage == "procurement")


def test_the_page_loads_in_both_languages(app: AppTest) -> None:
    open_page(app, LIFECYCLE, project_id_named(app, "Smart Yangxin"))
    assert texts(app.title) == ["Project lifecycle"]
    assert not app.error
    assert any("Mid-term review" in text for text in texts(app.markdown))
    assert len(app.dataframe) >= 2  # milestones and the portfolio's slippage
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["项目生命周期"]
    assert any("中期评估" in text for text in texts(app.markdown))


def test_a_refused_change_shows_why_and_documents_let_the_project_move(app: AppTest, store: Store) -> None:
    project_id = _procurement_project(app, store)
    open_page(app, LIFECYCLE, project_id)
    assert "signed PPP contract" in " ".join(texts(app.warning))
    # execution is the default target: refused, nothing changes
    app.button(key="lifecycle_change").click().run()
    assert not app.exception
    assert "no execution without a signed PPP contract" in " ".join(texts(app.error))
    with store() as (session, principal):
        assert services.lifecycle(session=session, principal=principal, project_id=project_id).stage == (
            "procurement"
        )
    # record the contract on the page
    app.date_input(key="lifecycle_doc_date_contract_signed").set_value(datetime.date(2024, 6, 30))
    app.text_input(key="lifecycle_doc_ref_contract_signed").input("合同 17")
    app.button(key="lifecycle_doc_done_contract_signed").click().run()
    assert not app.exception
    assert "recorded" in " ".join(texts(app.success))
    with store() as (session, principal):
        view = services.lifecycle(session=session, principal=principal, project_id=project_id)
        done = next(document for document in view.documents if document.kind == "contract_signed")
        assert (done.done_on, done.reference) == (datetime.date(2024, 6, 30), "合同 17")
        for kind in ("vfm_report", "affordability_report", "implementation_plan", "spv_established"):
            services.record_document(
                session=session, principal=principal, project_id=project_id, kind=kind, done_on=None
            )
            services.record_document(
                session=session,
                principal=principal,
                project_id=project_id,
                kind=kind,
                done_on=datetime.date(2024, 1, 1),
            )
        services.record_document(
            session=session,
            principal=principal,
            project_id=project_id,
            kind="financial_close",
            done_on=datetime.date(2024, 9, 1),
        )
    app.run()
    app.button(key="lifecycle_change").click().run()
    assert not app.exception
    assert not app.error
    assert "moved to execution" in " ".join(texts(app.success))
    with store() as (session, principal):
        view = services.lifecycle(session=session, principal=principal, project_id=project_id)
        assert view.stage == "execution"
        assert [(t.from_stage, t.to_stage) for t in view.transitions] == [("procurement", "execution")]
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == project_id)).all()
        assert "change_stage" in actions
    assert len(app.dataframe) >= 3  # the history of stage changes is shown


def test_moving_back_needs_a_reason_on_the_page(app: AppTest) -> None:
    open_page(app, LIFECYCLE, project_id_named(app, "Smart Yangxin"))
    app.selectbox(key="lifecycle_target").set_value("procurement").run()
    app.button(key="lifecycle_change").click().run()
    assert "needs a reason" in " ".join(texts(app.error))
    app.text_input(key="lifecycle_reason").input("re-tender")
    app.button(key="lifecycle_change").click().run()
    assert not app.error
    assert "moved to procurement" in " ".join(texts(app.success))


def test_a_milestone_is_recorded_on_the_page(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, "Smart Yangxin")
    open_page(app, LIFECYCLE, project_id)
    app.text_input(key="lifecycle_new_name").input("Platform acceptance")
    app.date_input(key="lifecycle_new_planned").set_value(datetime.date(2000, 1, 1))
    app.button(key="lifecycle_new_add").click().run()
    assert not app.exception
    with store() as (session, principal):
        view = services.lifecycle(session=session, principal=principal, project_id=project_id)
    added = next(milestone for milestone in view.milestones if milestone.name == "Platform acceptance")
    assert added.actual is None
    app.selectbox(key="lifecycle_milestone").set_value(added.id).run()
    # a milestone not reached is shown so: ticking "reached" offers the date, today by default
    assert app.checkbox(key="lifecycle_milestone_reached").value is False
    app.checkbox(key="lifecycle_milestone_reached").check().run()
    assert app.date_input(key="lifecycle_milestone_actual").value == datetime.date.today()
    app.date_input(key="lifecycle_milestone_actual").set_value(datetime.date(2000, 1, 21))
    app.button(key="lifecycle_milestone_save").click().run()
    assert not app.exception
    with store() as (session, principal):
        view = services.lifecycle(session=session, principal=principal, project_id=project_id)
    reached = next(milestone for milestone in view.milestones if milestone.id == added.id)
    assert reached.actual == datetime.date(2000, 1, 21)
    assert reached.slippage_days == 20


def test_the_timeline_chart_and_tables() -> None:
    today = datetime.date(2024, 6, 1)
    milestones = [
        MilestoneView(1, "contract", "procurement", datetime.date(2024, 1, 1), datetime.date(2024, 1, 1), 0),
        MilestoneView(2, "spv", "procurement", datetime.date(2024, 2, 1), datetime.date(2024, 3, 2), 30),
        MilestoneView(3, "acceptance", "execution", datetime.date(2024, 5, 1), None, 31),
        MilestoneView(4, "handover", "handover", datetime.date(2040, 1, 1), None, 0),
    ]
    frame = charts.milestone_timeline_frame(milestones, today)
    assert list(frame["status"]) == ["on_time", "late", "late", "open"]
    assert list(frame["days"]) == [0, 30, 31, 0]
    for language in ("en", "zh"):
        spec = charts.milestone_timeline_chart(milestones, today, language).to_dict()
        assert len(spec["layer"]) == 4
    assert "延误天数" in milestone_frame(milestones, "zh").columns
    table = slippage_frame([ProjectSlippage(1, "A", "execution", 4, 2, 31, 61, "acceptance")], "en")
    assert table.iloc[0]["Most days late"] == 31
