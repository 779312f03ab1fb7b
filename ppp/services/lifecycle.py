"""The project lifecycle: stage, documents and approvals, milestones, stage changes and slippage.

Every function takes the session and the acting principal first, all arguments by keyword (as
:mod:`ppp.services.projects`). The rules are :mod:`ppp.operations.lifecycle` (pure); this module loads,
checks, stores and audits.

A stage change (:func:`change_stage`) is a change of the project's inputs (``project.stage``): it is saved
through :func:`ppp.services.projects.save_project` (revision check, new revision, ``save`` audit row), and
recorded besides in ``stage_transitions`` with a ``change_stage`` audit row, all in the caller's transaction.
A refused change raises and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Final

from sqlmodel import Session, col, select

from ppp.model import Problem, ProjectError, parse_project, project_data, validate_data
from ppp.operations.lifecycle import (
    DOCUMENT_KINDS,
    STAGES,
    check_transition,
    document_stage,
    next_stage,
    slippage_days,
)
from ppp.services.access import readable_organisations, require
from ppp.services.projects import _check_revision, load_project_row, save_project
from ppp.services.types import Principal, ServiceError, StoredProject
from ppp.store.audit import record
from ppp.store.columns import utc_now
from ppp.store.tables import MilestoneRow, ProjectDocumentRow, ProjectRow, StageTransitionRow, UserRow

_TEXT_MAX: Final = 200


# --- read models -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    """One lifecycle document of a project (``pending`` when never recorded)."""

    kind: str
    stage: str
    status: str
    done_on: datetime.date | None = None
    title: str = ""
    reference: str = ""
    note: str = ""

    @property
    def done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True)
class MilestoneView:
    """A milestone with its planned and actual dates and its slippage (days late; negative: early)."""

    id: int
    name: str
    stage: str
    planned: datetime.date
    actual: datetime.date | None
    slippage_days: int


@dataclass(frozen=True)
class TransitionView:
    """One stage change."""

    from_stage: str
    to_stage: str
    revision: int
    at: datetime.datetime
    by: str
    reason: str


@dataclass(frozen=True)
class LifecycleView:
    """A project's lifecycle: its stage, every document, its milestones and its stage changes."""

    project_id: int
    name: str
    revision: int
    stage: str
    next_stage: str | None
    documents: list[DocumentView]
    milestones: list[MilestoneView]
    transitions: list[TransitionView]
    #: why the project may not move to ``next_stage`` now (empty: it may)
    blocking: list[Problem] = field(default_factory=list)

    @property
    def documents_done(self) -> set[str]:
        return {document.kind for document in self.documents if document.done}


@dataclass(frozen=True)
class ProjectSlippage:
    """A project's milestones against plan: how many are late (reached late, or open past their date)."""

    project_id: int
    name: str
    stage: str
    milestones: int
    late: int
    max_days: int
    total_days: int
    worst_milestone: str | None


# --- reading -----------------------------------------------------------------------------------------------


def lifecycle(
    *, session: Session, principal: Principal, project_id: int, today: datetime.date | None = None
) -> LifecycleView:
    """A project's stage, documents (every kind, in stage order), milestones and stage changes.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    row = load_project_row(session, project_id, principal=principal, action="read")
    day = today or datetime.date.today()
    stored = {
        document.kind: document
        for document in session.exec(
            select(ProjectDocumentRow).where(ProjectDocumentRow.project_id == project_id)
        ).all()
    }
    documents = [_document_view(kind, stored.get(kind)) for kind in DOCUMENT_KINDS]
    milestones = [
        _milestone_view(milestone, day)
        for milestone in session.exec(
            select(MilestoneRow)
            .where(MilestoneRow.project_id == project_id)
            .order_by(col(MilestoneRow.planned), col(MilestoneRow.id))
        ).all()
    ]
    transitions = [
        TransitionView(
            from_stage=transition.from_stage,
            to_stage=transition.to_stage,
            revision=transition.revision,
            at=transition.at,
            by=name or "",
            reason=transition.reason,
        )
        for transition, name in session.exec(
            select(StageTransitionRow, UserRow.name)
            .join(UserRow, col(UserRow.id) == col(StageTransitionRow.user_id), isouter=True)
            .where(StageTransitionRow.project_id == project_id)
            .order_by(col(StageTransitionRow.at), col(StageTransitionRow.id))
        ).all()
    ]
    following = next_stage(row.stage)
    done = {document.kind for document in documents if document.done}
    return LifecycleView(
        project_id=project_id,
        name=row.name,
        revision=row.revision,
        stage=row.stage,
        next_stage=following,
        documents=documents,
        milestones=milestones,
        transitions=transitions,
        blocking=[] if following is None else check_transition(row.stage, following, done, None),
    )


def portfolio_slippage(
    *, session: Session, principal: Principal, today: datetime.date | None = None
) -> list[ProjectSlippage]:
    """Every active project's milestones against plan, in one query; the latest projects first (most days
    late), then by name."""
    require(principal, "read")
    day = today or datetime.date.today()
    statement = (
        select(ProjectRow.id, ProjectRow.name, ProjectRow.stage, MilestoneRow)
        .join(MilestoneRow, col(MilestoneRow.project_id) == col(ProjectRow.id), isouter=True)
        .where(col(ProjectRow.archived).is_(False))
        .order_by(col(ProjectRow.id), col(MilestoneRow.planned))
    )
    readable = readable_organisations(principal)
    if readable is not None:  # the principal's own (or audited) projects only
        statement = statement.where(col(ProjectRow.organisation).in_(sorted(readable)))
    rows = session.exec(statement).all()
    projects: dict[int, tuple[str, str, list[MilestoneRow]]] = {}
    for project_id, name, stage, milestone in rows:
        if project_id is None:  # pragma: no cover - primary keys are never NULL
            continue
        entry = projects.setdefault(project_id, (name, stage, []))
        if milestone is not None:
            entry[2].append(milestone)
    result: list[ProjectSlippage] = []
    for project_id, (name, stage, milestones) in projects.items():
        days = [(slippage_days(m.planned, m.actual, day), m.name) for m in milestones]
        late = [(value, label) for value, label in days if value > 0]
        worst = max(late, default=None)
        result.append(
            ProjectSlippage(
                project_id=project_id,
                name=name,
                stage=stage,
                milestones=len(milestones),
                late=len(late),
                max_days=worst[0] if worst else 0,
                total_days=sum(value for value, _ in late),
                worst_milestone=worst[1] if worst else None,
            )
        )
    return sorted(result, key=lambda item: (-item.max_days, item.name, item.project_id))


# --- documents and milestones ------------------------------------------------------------------------------


def record_document(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    kind: str,
    done_on: datetime.date | None,
    reference: str = "",
    note: str = "",
    title: str = "",
) -> DocumentView:
    """Record a lifecycle document: done on ``done_on``, or pending again with ``done_on=None``.

    Recording the same values again changes nothing; a change is audited (before → after).

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.lifecycle.unknown_document``; ``service.forbidden``.
    """
    require(principal, "write")
    if kind not in DOCUMENT_KINDS:
        raise ServiceError("service.lifecycle.unknown_document", kind=kind)
    load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    row = session.exec(
        select(ProjectDocumentRow).where(
            ProjectDocumentRow.project_id == project_id, ProjectDocumentRow.kind == kind
        )
    ).first()
    values = {
        "status": "pending" if done_on is None else "done",
        "done_on": done_on,
        "reference": reference.strip()[:_TEXT_MAX],
        "note": note.strip(),
        "title": title.strip()[:_TEXT_MAX],
    }
    before = None if row is None else _document_state(row)
    if row is None:
        row = ProjectDocumentRow(project_id=project_id, kind=kind)
    elif all(getattr(row, key) == value for key, value in values.items()):
        return _document_view(kind, row)
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = utc_now()
    row.updated_by = principal.user_id
    session.add(row)
    session.flush()
    record(
        session,
        principal=principal,
        action="record_document",
        entity="project",
        entity_id=project_id,
        before=before,
        after=_document_state(row),
    )
    return _document_view(kind, row)


def add_milestone(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    name: str,
    stage: str,
    planned: datetime.date,
    actual: datetime.date | None = None,
) -> MilestoneView:
    """Add a milestone to a project (audited).

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.lifecycle.bad_milestone`` for a blank or long name or an
        unknown stage; ``service.forbidden``.
    """
    require(principal, "write")
    label = name.strip()
    if not label or len(label) > _TEXT_MAX or stage not in STAGES:
        raise ServiceError("service.lifecycle.bad_milestone")
    load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    row = MilestoneRow(project_id=project_id, name=label, stage=stage, planned=planned, actual=actual)
    session.add(row)
    session.flush()
    record(
        session,
        principal=principal,
        action="add_milestone",
        entity="milestone",
        entity_id=row.id,
        before=None,
        after=_milestone_state(row),
    )
    return _milestone_view(row, datetime.date.today())


def record_milestone(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    milestone_id: int,
    actual: datetime.date | None,
    planned: datetime.date | None = None,
) -> MilestoneView:
    """Record the date a milestone was reached (``None``: not reached), and optionally a new planned date.

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.lifecycle.unknown_milestone`` when the milestone is not
        this project's; ``service.forbidden``.
    """
    require(principal, "write")
    load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    row = session.get(MilestoneRow, milestone_id)
    if row is None or row.project_id != project_id:
        raise ServiceError("service.lifecycle.unknown_milestone", id=milestone_id)
    new_planned = planned or row.planned
    if row.actual == actual and row.planned == new_planned:
        return _milestone_view(row, datetime.date.today())
    before = _milestone_state(row)
    row.actual = actual
    row.planned = new_planned
    session.add(row)
    session.flush()
    record(
        session,
        principal=principal,
        action="record_milestone",
        entity="milestone",
        entity_id=row.id,
        before=before,
        after=_milestone_state(row),
    )
    return _milestone_view(row, datetime.date.today())


# --- stage changes -----------------------------------------------------------------------------------------


def change_stage(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    base_revision: int,
    target_stage: str,
    reason: str | None = None,
) -> StoredProject:
    """Move a project to another stage, if :func:`ppp.operations.lifecycle.check_transition` allows it.

    The stage is part of the project's inputs: the change is saved as the next revision through
    :func:`ppp.services.projects.save_project`, then kept in ``stage_transitions`` and audited
    (``change_stage``, from → to, with the reason).

    Raises
    ------
    ProjectError
        The ``lifecycle.*`` problems of a refused change (nothing is changed).
    ServiceError
        ``service.project_not_found``; ``service.stale_revision``; ``service.forbidden``.
    """
    require(principal, "write")
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    _check_revision(session, row, base_revision)
    done = set(
        session.exec(
            select(ProjectDocumentRow.kind).where(
                ProjectDocumentRow.project_id == project_id, ProjectDocumentRow.status == "done"
            )
        ).all()
    )
    current = row.stage
    problems = check_transition(current, target_stage, done, reason)
    if problems:
        raise ProjectError(problems)
    data = project_data(parse_project(row.inputs_toml).project)
    data["project"]["stage"] = target_stage
    stored = save_project(
        session=session,
        principal=principal,
        project_id=project_id,
        base_revision=base_revision,
        project=validate_data(data).project,
    )
    why = (reason or "").strip()
    session.add(
        StageTransitionRow(
            project_id=project_id,
            from_stage=current,
            to_stage=target_stage,
            revision=stored.revision,
            user_id=principal.user_id,
            reason=why,
        )
    )
    session.flush()
    record(
        session,
        principal=principal,
        action="change_stage",
        entity="project",
        entity_id=project_id,
        before={"stage": current, "revision": base_revision},
        after={"stage": target_stage, "revision": stored.revision, "reason": why},
    )
    return stored


# --- helpers -----------------------------------------------------------------------------------------------


def _document_view(kind: str, row: ProjectDocumentRow | None) -> DocumentView:
    stage = document_stage(kind) or ""
    if row is None:
        return DocumentView(kind=kind, stage=stage, status="pending")
    return DocumentView(
        kind=kind,
        stage=stage,
        status=row.status,
        done_on=row.done_on,
        title=row.title,
        reference=row.reference,
        note=row.note,
    )


def _document_state(row: ProjectDocumentRow) -> dict[str, object]:
    return {
        "kind": row.kind,
        "status": row.status,
        "done_on": row.done_on,
        "reference": row.reference,
        "note": row.note,
        "title": row.title,
    }


def _milestone_view(row: MilestoneRow, today: datetime.date) -> MilestoneView:
    if row.id is None:  # pragma: no cover - flushed rows have ids
        raise RuntimeError("milestone row has no id")
    return MilestoneView(
        id=row.id,
        name=row.name,
        stage=row.stage,
        planned=row.planned,
        actual=row.actual,
        slippage_days=slippage_days(row.planned, row.actual, today),
    )


def _milestone_state(row: MilestoneRow) -> dict[str, object]:
    return {
        "project_id": row.project_id,
        "name": row.name,
        "stage": row.stage,
        "planned": row.planned,
        "actual": row.actual,
    }
