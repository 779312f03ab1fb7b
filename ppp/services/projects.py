"""Project use cases: list, load, create, import, duplicate, archive, save, evaluate, export.

Every function takes the session (one unit of work, from :func:`ppp.store.session_scope`) and the acting
principal first, all arguments by keyword. Writes happen in the caller's transaction: the scope commits them
together with their audit entry, or rolls everything back when a function raises.

Inputs are validated by :mod:`ppp.model` before anything reaches a table; a :class:`~ppp.model.ProjectError`
passes through unchanged (its problems name key paths) and nothing is saved. Refusals that are not about the
inputs (unknown project, stale revision, role) raise :class:`~ppp.services.types.ServiceError` with a catalog
key.

Saving uses optimistic locking: an edit names the revision it was based on, and a save based on anything but
the stored revision is refused. The row is read ``FOR UPDATE`` before that check, so two saves based on the
same revision cannot both pass it (see :mod:`ppp.store.database` for the locking on each backend).
"""

from __future__ import annotations

import datetime
import tomllib
from typing import Any, Final, cast

from sqlalchemy import and_, func, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from ppp.engine import Evaluation, evaluate
from ppp.engine.evaluation import result_hash
from ppp.exports.xlsx_import import read_schedules
from ppp.model import LoadedProject, Project, parse_project, parse_project_text, project_data, validate_data
from ppp.model.templates import load_archetype
from ppp.services.access import Action, ProjectAccess, readable_organisations, require, require_project
from ppp.services.cache import CacheInfo, LruCache
from ppp.services.types import Principal, ProjectSummary, ServiceError, StoredProject
from ppp.store.audit import record
from ppp.store.columns import utc_now
from ppp.store.records import government_body, project_values
from ppp.store.tables import MilestoneRow, ProjectRevisionRow, ProjectRow, UserRow

_NAME_MAX: Final = 200  # ppp.model.schema.Name
#: how a tender's file shows in its stored TOML: ``dump_project`` writes each table under its header on a line
#: of its own, and escapes line breaks inside strings, so a name containing "[tender]" never matches
TENDER_HEADER: Final = "\n[tender]\n"


# --- reading -----------------------------------------------------------------------------------------------


def list_projects(
    *,
    session: Session,
    principal: Principal,
    search: str = "",
    stage: str | None = None,
    include_archived: bool = False,
) -> list[ProjectSummary]:
    """The portfolio: one row per project, in one query (no project is parsed or evaluated).

    Parameters
    ----------
    search
        Keep projects whose name or city contains this text, ignoring case (blank: all).
    stage
        Keep projects in this stage (``"execution"``, ...); ``None``: every stage.
    include_archived
        Include archived projects.

    Returns
    -------
    list[ProjectSummary]
        Sorted by name. ``next_milestone`` is the earliest planned milestone without an actual date. Only the
        projects the principal may read (:mod:`ppp.services.access`): its organisation's, an auditor's
        bodies', and for vendors also every tender (published to all bidders).
    """
    require(principal, "read")
    # rank each project's open milestones by planned date; rank 1 is the next one
    pending = (
        core_select(
            col(MilestoneRow.project_id).label("project_id"),
            col(MilestoneRow.name).label("name"),
            col(MilestoneRow.planned).label("planned"),
            func.row_number()
            .over(
                partition_by=col(MilestoneRow.project_id),
                order_by=(col(MilestoneRow.planned), col(MilestoneRow.id)),
            )
            .label("rank"),
        )
        .where(col(MilestoneRow.actual).is_(None))
        .subquery("pending")
    )
    statement = core_select(
        col(ProjectRow.id),
        col(ProjectRow.name),
        col(ProjectRow.city),
        col(ProjectRow.stage),
        col(ProjectRow.framework),
        col(ProjectRow.payment_mode),
        col(ProjectRow.money_unit),
        col(ProjectRow.archived),
        col(ProjectRow.revision),
        col(ProjectRow.total_investment),
        col(ProjectRow.government_pv),
        col(ProjectRow.equity_irr),
        pending.c.name,
        pending.c.planned,
        col(ProjectRow.updated_at),
        col(ProjectRow.organisation),
    ).outerjoin(pending, and_(pending.c.project_id == col(ProjectRow.id), pending.c.rank == 1))
    readable = readable_organisations(principal)
    if readable is not None:
        owned = col(ProjectRow.organisation).in_(sorted(readable))
        if principal.role == "vendor":
            statement = statement.where(or_(owned, col(ProjectRow.inputs_toml).contains(TENDER_HEADER)))
        else:
            statement = statement.where(owned)
    if not include_archived:
        statement = statement.where(col(ProjectRow.archived).is_(False))
    if stage is not None:
        statement = statement.where(col(ProjectRow.stage) == stage)
    text = search.strip()
    if text:
        statement = statement.where(
            or_(
                col(ProjectRow.name).icontains(text, autoescape=True),
                col(ProjectRow.city).icontains(text, autoescape=True),
            )
        )
    statement = statement.order_by(col(ProjectRow.name), col(ProjectRow.id))
    return [
        ProjectSummary(
            id=cast(int, row[0]),  # a primary key read back is never NULL
            name=row[1],
            city=row[2],
            stage=row[3],
            framework=row[4],
            payment_mode=row[5],
            money_unit=row[6],
            archived=row[7],
            revision=row[8],
            total_investment=row[9],
            government_pv=row[10],
            equity_irr=row[11],
            next_milestone=row[12],
            next_milestone_date=row[13],
            updated_at=row[14],
            organisation=row[15],
        )
        for row in session.connection().execute(statement)
    ]


def get_project(*, session: Session, principal: Principal, project_id: int) -> StoredProject:
    """One project as stored, with the revision an edit of it must name as its base.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    row = load_project_row(session, project_id, principal=principal, action="read", published=True)
    return _stored(row, parse_project(row.inputs_toml).project, _user_name(session, row.updated_by))


def export_project_toml(*, session: Session, principal: Principal, project_id: int) -> str:
    """The project file (``ppp-project/1`` TOML) of the stored revision, exactly as stored.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    return load_project_row(
        session, project_id, principal=principal, action="read", published=True
    ).inputs_toml


# --- creating ----------------------------------------------------------------------------------------------


def create_project(*, session: Session, principal: Principal, project: Project) -> StoredProject:
    """Store a new project as revision 1.

    Raises
    ------
    ProjectError
        When the project breaks a rule or cannot be evaluated (nothing is saved).
    """
    return _create(session, principal, project_data(project), action="create", details={})


def import_project_file(*, session: Session, principal: Principal, text: str) -> StoredProject:
    """Store a project read from the text of a project file: TOML, or JSON with the same keys.

    Raises
    ------
    ProjectError
        With every problem of the file, each naming its key path (nothing is saved).
    """
    require(principal, "write")
    loaded = parse_project_text(text)
    return _create(session, principal, project_data(loaded.project), action="import", details={})


def create_from_template(
    *, session: Session, principal: Principal, template_id: str, name: str
) -> StoredProject:
    """Start a project from a contract archetype in ``models/archetypes`` under a new name.

    Raises
    ------
    ProjectError
        ``template.unknown`` for an unknown template id; ``project.name`` problems for a bad name.
    """
    require(principal, "write")
    data = project_data(load_archetype(template_id).project)
    data["project"]["name"] = name
    return _create(session, principal, data, action="create_from_template", details={"template": template_id})


def duplicate_project(
    *, session: Session, principal: Principal, project_id: int, name: str | None = None
) -> StoredProject:
    """A copy of a project's stored inputs as a new project (revision 1; milestones are not copied).

    Parameters
    ----------
    name
        The copy's name; default the original's with the first free `` (2)``, `` (3)``, ... suffix.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    require(principal, "write")
    # a vendor may start its own working project from a published tender
    source = load_project_row(session, project_id, principal=principal, action="read", published=True)
    data = project_data(parse_project(source.inputs_toml).project)
    data["project"]["name"] = name if name is not None else _copy_name(session, source.name)
    return _create(session, principal, data, action="duplicate", details={"source": project_id})


# --- changing ----------------------------------------------------------------------------------------------


def save_project(
    *, session: Session, principal: Principal, project_id: int, base_revision: int, project: Project
) -> StoredProject:
    """Save an edited project as its next revision.

    The project is validated and evaluated first (nothing is read or locked before that), then the stored
    row is read ``FOR UPDATE`` and must still be at ``base_revision``. The new revision is kept in
    ``project_revisions``, the headline metrics are recomputed and an audit entry records the old and new
    revision and input hash. A save that changes nothing returns the stored project as it is.

    Raises
    ------
    ProjectError
        When the project breaks a rule or cannot be evaluated (nothing is saved).
    ServiceError
        ``service.project_not_found``; ``service.stale_revision`` (with ``project``, ``revision``,
        ``base_revision``, ``updated_by``, ``updated_at`` and ``changed``, the tables of the project file
        that changed since) when someone saved since ``base_revision``: nothing is saved.
    """
    require(principal, "write")
    loaded = validate_data(project_data(project))
    evaluation = evaluate(loaded.project)
    values = project_values(loaded.project, evaluation.metrics)
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    _check_revision(session, row, base_revision)
    if values["inputs_toml"] == row.inputs_toml:
        return _stored(row, loaded.project, _user_name(session, row.updated_by))
    before = _audit_state(row)
    for key, value in values.items():
        setattr(row, key, value)
    _new_revision(session, principal, row, result_hash(evaluation))
    record(
        session,
        principal=principal,
        action="save",
        entity="project",
        entity_id=row.id,
        before=before,
        after=_audit_state(row),
    )
    return _stored(row, loaded.project, principal.name)


def import_schedules(
    *, session: Session, principal: Principal, project_id: int, base_revision: int, data: bytes
) -> StoredProject:
    """Replace a project's schedules by those of a filled template (:mod:`ppp.exports.template`) and save
    the result as the next revision.

    The upload is untrusted: :func:`ppp.exports.xlsx_import.read_schedules` checks it (size, zip, XML,
    macros, formulas, every input cell) and applies it onto the stored revision's data; the result is saved
    through :func:`save_project` (validation, evaluation, revision check, audit). Nothing is saved unless
    everything is valid.

    Raises
    ------
    ProjectError
        One problem for a file that cannot be opened safely; one per bad input cell (``'sheet'!cell``); or
        the validation problems of the resulting project. Nothing is saved.
    ServiceError
        ``service.project_not_found``; ``service.stale_revision`` as for :func:`save_project`.
    """
    row = load_project_row(session, project_id, principal=principal, action="write")
    _check_revision(session, row, base_revision)
    updated = read_schedules(data, parse_project(row.inputs_toml).project)
    return save_project(
        session=session,
        principal=principal,
        project_id=project_id,
        base_revision=base_revision,
        project=validate_data(updated).project,
    )


def archive_project(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    base_revision: int,
    archived: bool = True,
) -> StoredProject:
    """Archive a project (hide it from the portfolio), or bring it back with ``archived=False``.

    Archiving is a change like a save: it needs the current revision, makes a new one (same inputs) and is
    audited. Archiving an archived project changes nothing.

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.stale_revision`` as for :func:`save_project`.
    """
    row = load_project_row(session, project_id, principal=principal, action="write", for_update=True)
    _check_revision(session, row, base_revision)
    project = parse_project(row.inputs_toml).project
    if row.archived == archived:
        return _stored(row, project, _user_name(session, row.updated_by))
    before = _audit_state(row)
    row.archived = archived
    _new_revision(session, principal, row, result_hash(evaluate(project)))
    record(
        session,
        principal=principal,
        action="archive" if archived else "unarchive",
        entity="project",
        entity_id=row.id,
        before=before,
        after=_audit_state(row),
    )
    return _stored(row, project, principal.name)


# --- evaluating --------------------------------------------------------------------------------------------


#: evaluations keyed by (project id, revision, input hash): the hash makes a key safe when several databases
#: (or a restored one) reuse ids
_EVALUATIONS: Final[LruCache[tuple[int, int, str], Evaluation]] = LruCache(maxsize=128)


def evaluate_project(*, session: Session, principal: Principal, project_id: int) -> Evaluation:
    """The evaluation of the stored revision, computed once per (project id, revision) in this process.

    The returned object is shared by every caller asking for the same revision: read it, do not change it.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        When the stored inputs cannot be evaluated (never for a project saved by these services).
    """
    found = authorise_project(
        session, principal=principal, project_id=project_id, action="read", published=True
    )
    key = (project_id, found[0], found[1])
    cached = _EVALUATIONS.get(key)
    if cached is not None:
        return cached
    inputs = session.exec(select(ProjectRow.inputs_toml).where(ProjectRow.id == project_id)).one()
    evaluation = evaluate(parse_project(inputs).project)
    _EVALUATIONS.put(key, evaluation)
    return evaluation


def evaluation_cache_info() -> CacheInfo:
    """Hits, misses and size of the evaluation cache of this process."""
    return _EVALUATIONS.info()


def clear_evaluation_cache() -> None:
    """Empty the evaluation cache and reset its counters."""
    _EVALUATIONS.clear()


# --- helpers -----------------------------------------------------------------------------------------------


def _create(
    session: Session, principal: Principal, data: dict[str, Any], *, action: str, details: dict[str, Any]
) -> StoredProject:
    """Validate, evaluate and insert a project as revision 1, with its revision row and audit entry."""
    require(principal, "write")
    loaded: LoadedProject = validate_data(data)
    evaluation = evaluate(loaded.project)
    values = project_values(loaded.project, evaluation.metrics)
    now = utc_now()
    row = ProjectRow(
        **values,
        archived=False,
        revision=1,
        created_at=now,
        updated_at=now,
        updated_by=principal.user_id,
        organisation=owner_of_new_project(principal, values["city"]),
    )
    session.add(row)
    session.flush()
    session.add(_revision_row(row, principal, now, result_hash(evaluation)))
    record(
        session,
        principal=principal,
        action=action,
        entity="project",
        entity_id=row.id,
        before=None,
        after={**_audit_state(row), "organisation": row.organisation, **details},
    )
    return _stored(row, loaded.project, principal.name)


def authorise_project(
    session: Session, *, principal: Principal, project_id: int, action: Action, published: bool = False
) -> tuple[int, str]:
    """Check that ``principal`` may ``action`` the project, reading only what decides it (not the inputs);
    the stored ``(revision, input_hash)``, which is what caches of the project's results are keyed by.

    Call it before asking a cache: caches are shared by every user of the process.

    Raises
    ------
    ServiceError
        As :func:`load_project_row`.
    """
    require(principal, action)
    found = session.exec(
        select(
            ProjectRow.revision,
            ProjectRow.input_hash,
            ProjectRow.organisation,
            col(ProjectRow.inputs_toml).contains(TENDER_HEADER),
        ).where(ProjectRow.id == project_id)
    ).first()
    if found is None:
        raise ServiceError("service.project_not_found", id=project_id)
    revision, input_hash, organisation, is_tender = found
    access = ProjectAccess(project_id=project_id, organisation=organisation, is_tender=bool(is_tender))
    require_project(principal, access, action, published=published)
    return revision, input_hash


def owner_of_new_project(principal: Principal, city: str) -> str:
    """Who owns a project ``principal`` creates: its own organisation (a government officer's body, a vendor's
    company); for an administrator, the government body of the project's city."""
    if principal.role in ("government", "vendor"):
        return principal.organisation
    return government_body(city)


def project_access(row: ProjectRow) -> ProjectAccess:
    """What :mod:`ppp.services.access` decides on for a stored project."""
    if row.id is None:  # pragma: no cover - stored rows have ids
        raise RuntimeError("project row has no id")
    return ProjectAccess(
        project_id=row.id, organisation=row.organisation, is_tender=TENDER_HEADER in row.inputs_toml
    )


def load_project_row(
    session: Session,
    project_id: int,
    *,
    principal: Principal,
    action: Action,
    published: bool = False,
    for_update: bool = False,
) -> ProjectRow:
    """The project's row, once ``principal`` may ``action`` it; ``for_update`` locks it until the transaction
    ends (PostgreSQL).

    ``published``: the caller reads only what a tender publishes to every bidder (see
    :func:`ppp.services.access.may_read_project`).

    Raises
    ------
    ServiceError
        ``service.project_not_found`` when there is no such project or the principal may not read it;
        a refusal of :func:`ppp.services.access.require_project` when it may read but not change it.
    """
    require(principal, action)
    # populate_existing: an object already in this session's identity map is overwritten by the row just
    # read (and, with for_update, locked), so the revision checked is the committed one
    row = session.get(
        ProjectRow, project_id, populate_existing=for_update, with_for_update=True if for_update else None
    )
    if row is None:
        raise ServiceError("service.project_not_found", id=project_id)
    require_project(principal, project_access(row), action, published=published)
    return row


def _check_revision(session: Session, row: ProjectRow, base_revision: int) -> None:
    if row.revision != base_revision:
        raise ServiceError(
            "service.stale_revision",
            project=row.name,
            revision=row.revision,
            base_revision=base_revision,
            updated_by=_user_name(session, row.updated_by),
            updated_at=_format_utc(row.updated_at),
            changed=", ".join(_changed_tables(session, row, base_revision)) or "—",
        )


def _changed_tables(session: Session, row: ProjectRow, base_revision: int) -> list[str]:
    """The project file's tables (``capex``, ``financing``, ...) that differ between ``base_revision`` and the
    stored revision: what the other person changed, for the refusal of a stale save."""
    base = session.exec(
        select(ProjectRevisionRow.inputs_toml).where(
            ProjectRevisionRow.project_id == row.id, ProjectRevisionRow.revision == base_revision
        )
    ).first()
    if base is None:
        return []
    before, after = tomllib.loads(base), tomllib.loads(row.inputs_toml)
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    if row.archived and "archived" not in changed:
        # archiving makes a revision with the same inputs: say that this is what happened
        changed.append("archived")
    return changed


def _new_revision(session: Session, principal: Principal, row: ProjectRow, results: str) -> None:
    """Advance the row to its next revision and keep that revision's inputs and result hash."""
    now = utc_now()
    row.revision += 1
    row.updated_at = now
    row.updated_by = principal.user_id
    session.add(row)
    session.flush()
    session.add(_revision_row(row, principal, now, results))
    session.flush()


def _revision_row(
    row: ProjectRow, principal: Principal, now: datetime.datetime, results: str
) -> ProjectRevisionRow:
    """The kept revision: its inputs, their hash and the hash of their evaluation's results
    (:func:`ppp.engine.evaluation.result_hash`), which ``ppp audit reproduce`` re-evaluates and compares."""
    if row.id is None:  # pragma: no cover - flushed rows have ids
        raise RuntimeError("project row has no id")
    return ProjectRevisionRow(
        project_id=row.id,
        revision=row.revision,
        inputs_toml=row.inputs_toml,
        input_hash=row.input_hash,
        saved_at=now,
        saved_by=principal.user_id,
        result_hash=results,
    )


def _audit_state(row: ProjectRow) -> dict[str, Any]:
    return {
        "revision": row.revision,
        "input_hash": row.input_hash,
        "archived": row.archived,
        "name": row.name,
    }


def _stored(row: ProjectRow, project: Project, updated_by: str) -> StoredProject:
    if row.id is None:  # pragma: no cover - flushed rows have ids
        raise RuntimeError("project row has no id")
    return StoredProject(
        id=row.id,
        revision=row.revision,
        project=project,
        input_hash=row.input_hash,
        archived=row.archived,
        updated_at=row.updated_at,
        updated_by=updated_by,
    )


def _user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    name = session.exec(select(UserRow.name).where(UserRow.id == user_id)).first()
    return name or ""


def _copy_name(session: Session, original: str) -> str:
    """``original (2)``, or the first of ``(3)``, ``(4)``, ... not taken, within the 200-character limit."""
    taken = set(session.exec(select(ProjectRow.name)).all())
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = original[: _NAME_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _format_utc(moment: datetime.datetime) -> str:
    """A timestamp for a message, the same in every language: ``2026-05-01 14:03 UTC``."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
