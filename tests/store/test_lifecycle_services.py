"""Lifecycle services over SQLite and PostgreSQL: documents, milestones, stage changes (allowed ones are
saved as a revision and audited; refused ones change nothing) and the portfolio's slippage."""

from __future__ import annotations

import datetime

import pytest
from access_helpers import auditor_of_everything
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ppp.model import ProjectError
from ppp.services import (
    Principal,
    ServiceError,
    add_milestone,
    change_stage,
    get_project,
    lifecycle,
    list_projects,
    portfolio_slippage,
    record_document,
    record_milestone,
)
from ppp.store import session_scope
from ppp.store.tables import AuditEntry, ProjectRevisionRow, ProjectRow, StageTransitionRow

DAY = datetime.date(2024, 5, 1)


def _project_in(session: Session, principal: Principal, stage: str) -> int:
    return next(
        summary.id
        for summary in list_projects(session=session, principal=principal)
        if summary.stage == stage
    )


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.exec(select(func.count()).select_from(AuditEntry)).one(),
        session.exec(select(func.count()).select_from(ProjectRevisionRow)).one(),
        session.exec(select(func.count()).select_from(StageTransitionRow)).one(),
    )


def test_documents_are_recorded_once_and_audited(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "procurement")
        view = lifecycle(session=session, principal=principal, project_id=project_id)
        assert view.stage == "procurement"
        assert view.next_stage == "execution"
        # seeded at procurement: the earlier stages' documents are done, none of procurement's own
        assert view.documents_done == {"vfm_report", "affordability_report", "implementation_plan"}
        assert "lifecycle.missing.contract_signed" in {problem.rule for problem in view.blocking}
        document = record_document(
            session=session,
            principal=principal,
            project_id=project_id,
            kind="contract_signed",
            done_on=DAY,
            reference="合同 2024-17",
        )
        assert document.done
        assert document.stage == "procurement"
        audits = _counts(session)[0]
        record_document(
            session=session,
            principal=principal,
            project_id=project_id,
            kind="contract_signed",
            done_on=DAY,
            reference="合同 2024-17",
        )
        assert _counts(session)[0] == audits  # the same values again change nothing
        with pytest.raises(ServiceError) as refused:
            record_document(
                session=session, principal=principal, project_id=project_id, kind="nonsense", done_on=DAY
            )
        assert refused.value.key == "service.lifecycle.unknown_document"
    with session_scope(seeded) as session:
        view = lifecycle(session=session, principal=principal, project_id=project_id)
        assert view.documents_done == {
            "vfm_report",
            "affordability_report",
            "implementation_plan",
            "contract_signed",
        }
        stored = next(document for document in view.documents if document.kind == "contract_signed")
        assert stored.done_on == DAY
        assert stored.reference == "合同 2024-17"


def test_a_refused_stage_change_changes_nothing(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "procurement")
        revision = get_project(session=session, principal=principal, project_id=project_id).revision
        before = _counts(session)
    with pytest.raises(ProjectError) as refused, session_scope(seeded) as session:
        change_stage(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=revision,
            target_stage="execution",
        )
    assert "lifecycle.missing.contract_signed" in {problem.rule for problem in refused.value.problems}
    with session_scope(seeded) as session:
        assert _counts(session) == before
        row = session.get(ProjectRow, project_id)
        assert row is not None
        assert (row.stage, row.revision) == ("procurement", revision)


def test_an_allowed_stage_change_is_saved_as_a_revision_and_audited(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "procurement")
        revision = get_project(session=session, principal=principal, project_id=project_id).revision
        for kind in ("vfm_report", "affordability_report", "implementation_plan"):
            record_document(
                session=session, principal=principal, project_id=project_id, kind=kind, done_on=DAY
            )
        for kind in ("contract_signed", "spv_established", "financial_close"):
            record_document(
                session=session, principal=principal, project_id=project_id, kind=kind, done_on=DAY
            )
    with session_scope(seeded) as session:
        stored = change_stage(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=revision,
            target_stage="execution",
        )
        assert stored.revision == revision + 1
        assert stored.project.project.stage == "execution"
    with session_scope(seeded) as session:
        row = session.get(ProjectRow, project_id)
        assert row is not None
        assert row.stage == "execution"
        assert 'stage = "execution"' in row.inputs_toml
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.entity_id == project_id).order_by(col(AuditEntry.id))
        ).all()
        assert actions[-2:] == ["save", "change_stage"]
        view = lifecycle(session=session, principal=principal, project_id=project_id)
        assert [(t.from_stage, t.to_stage, t.revision) for t in view.transitions] == [
            ("procurement", "execution", revision + 1)
        ]
        # back one stage needs a reason
        with pytest.raises(ProjectError) as refused:
            change_stage(
                session=session,
                principal=principal,
                project_id=project_id,
                base_revision=revision + 1,
                target_stage="procurement",
            )
        assert [problem.rule for problem in refused.value.problems] == ["lifecycle.reason_required"]
        change_stage(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=revision + 1,
            target_stage="procurement",
            reason="re-tender",
        )
    with session_scope(seeded) as session:
        view = lifecycle(session=session, principal=principal, project_id=project_id)
        assert view.stage == "procurement"
        assert [t.reason for t in view.transitions] == ["", "re-tender"]
        assert view.transitions[0].by == principal.name


def test_a_stale_stage_change_is_refused(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "execution")
        revision = get_project(session=session, principal=principal, project_id=project_id).revision
    with pytest.raises(ServiceError) as refused, session_scope(seeded) as session:
        change_stage(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=revision + 1,
            target_stage="procurement",
            reason="x",
        )
    assert refused.value.key == "service.stale_revision"


def test_milestones_and_portfolio_slippage(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "procurement")
        added = add_milestone(
            session=session,
            principal=principal,
            project_id=project_id,
            name="SPV registered",
            stage="procurement",
            planned=datetime.date(2000, 1, 1),
        )
        with pytest.raises(ServiceError):
            add_milestone(
                session=session,
                principal=principal,
                project_id=project_id,
                name=" ",
                stage="procurement",
                planned=DAY,
            )
    today = datetime.date(2000, 1, 31)
    with session_scope(seeded) as session:
        rows = {
            row.project_id: row
            for row in portfolio_slippage(session=session, principal=principal, today=today)
        }
        assert rows[project_id].late >= 1
        assert rows[project_id].max_days >= 30
        reached = record_milestone(
            session=session,
            principal=principal,
            project_id=project_id,
            milestone_id=added.id,
            actual=datetime.date(2000, 1, 11),
        )
        assert reached.actual == datetime.date(2000, 1, 11)
        with pytest.raises(ServiceError) as refused:
            record_milestone(
                session=session,
                principal=principal,
                project_id=project_id + 1000,
                milestone_id=added.id,
                actual=DAY,
            )
        assert refused.value.key == "service.project_not_found"
    with session_scope(seeded) as session:
        view = lifecycle(session=session, principal=principal, project_id=project_id, today=today)
        mine = next(milestone for milestone in view.milestones if milestone.id == added.id)
        assert mine.slippage_days == 10
        rows = {
            row.project_id: row
            for row in portfolio_slippage(session=session, principal=principal, today=today)
        }
        assert rows[project_id].worst_milestone in {m.name for m in view.milestones}
        assert len(rows) == len(list_projects(session=session, principal=principal))


def test_an_auditor_may_read_the_lifecycle_but_not_change_it(seeded: Engine, principal: Principal) -> None:
    auditor = auditor_of_everything(seeded, user_id=principal.user_id)
    with session_scope(seeded) as session:
        project_id = _project_in(session, principal, "procurement")
        assert lifecycle(session=session, principal=auditor, project_id=project_id).stage == "procurement"
        assert portfolio_slippage(session=session, principal=auditor)
        with pytest.raises(ServiceError) as refused:
            record_document(
                session=session, principal=auditor, project_id=project_id, kind="vfm_report", done_on=DAY
            )
        assert refused.value.key == "service.forbidden"
        with pytest.raises(ServiceError):
            change_stage(
                session=session,
                principal=auditor,
                project_id=project_id,
                base_revision=1,
                target_stage="execution",
            )
