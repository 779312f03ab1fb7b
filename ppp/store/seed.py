"""First-start content: the sample projects and the KPI framework templates.

Seeding happens once, when the database has neither projects nor KPI frameworks (a database whose projects
were all archived is not empty: archived projects are still there). The files are read and evaluated before
the write transaction starts (:func:`prepare_seed`), so the write lock is held only for the inserts
(:func:`insert_seed`), which use Core ``insert()`` with many parameter sets (one statement per table instead
of one ORM object per row).

A sample file with a ``[bid]`` table is not a project: it is a bid for a sample tender and is stored in
``bids``, submitted by the local user, so the tenders page opens with a tender to compare. The files name
their tender: ``xinyu_bid_a.toml`` is a bid to ``xinyu_tender.toml`` (the part before ``_bid``); a bid whose
name matches no tender goes to the only sample tender, if there is exactly one.

Each sample project belongs to the government body of its city (:func:`ppp.store.records.government_body`);
each sample bid to its bidder's organisation. A seeded database also gets :data:`DEMO_USERS`: an officer of
each sample government, two of the sample vendors and an auditor of both governments, so the roles can be
tried on one machine (the local demo switch of the app; see docs/access.md). Their addresses are in the
reserved ``.example`` domain, so no real identity provider can sign anybody in as one of them.

Sample projects get a few milestones with planned dates derived from their timeline, so the portfolio's
"next milestone" means something, and the documents and approvals their stage implies are done (a sample in
execution has its signed contract), dated from the same timeline. Names follow the samples' own style:
Chinese, then English in brackets.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from ppp.engine import evaluate
from ppp.engine.evaluation import result_hash
from ppp.model import Problem, Project, ProjectError, canonical_hash, dump_project, load_project
from ppp.model.templates import list_templates, load_kpi_framework
from ppp.operations.lifecycle import STAGE_DOCUMENTS
from ppp.store.audit import record
from ppp.store.columns import utc_now
from ppp.store.records import government_body, project_values
from ppp.store.tables import (
    AuditorScopeRow,
    BidRow,
    KpiFrameworkRow,
    MilestoneRow,
    ProjectDocumentRow,
    ProjectRevisionRow,
    ProjectRow,
    UserRow,
)

SAMPLES_DIR_VARIABLE: Final = "PPP_SAMPLES_DIR"
STAGES: Final = ("identification", "preparation", "procurement", "execution", "handover")
# sample file names: <prefix>_tender.toml and <prefix>_bid_<letter>.toml
_TENDER_SUFFIX: Final = "_tender"
_BID_SUFFIX: Final = "_bid"

#: demonstration users of a seeded database (email, name, role, organisation, the bodies an auditor reads)
DEMO_USERS: Final[tuple[dict[str, Any], ...]] = (
    {
        "email": "officer@xinyu.example",
        "name": "新余市财政局 (Xinyu finance bureau, demo)",
        "role": "government",
        "organisation": "新余市",
        "audits": (),
    },
    {
        "email": "officer@yangxin.example",
        "name": "阳信县财政局 (Yangxin finance bureau, demo)",
        "role": "government",
        "organisation": "阳信县",
        "audits": (),
    },
    {
        "email": "bids@vendor-a.example",
        "name": "甲公司投标组 (Vendor A bid team, demo)",
        "role": "vendor",
        "organisation": "Vendor A (甲公司)",
        "audits": (),
    },
    {
        "email": "bids@vendor-b.example",
        "name": "乙公司投标组 (Vendor B bid team, demo)",
        "role": "vendor",
        "organisation": "Vendor B (乙公司)",
        "audits": (),
    },
    {
        "email": "auditor@audit.example",
        "name": "审计组 (audit team, demo)",
        "role": "auditor",
        "organisation": "审计局 (audit office, demo)",
        "audits": ("新余市", "阳信县"),
    },
)


def resolve_samples_dir(samples_dir: str | Path | None = None) -> Path:
    """The sample projects folder: the argument, else ``$PPP_SAMPLES_DIR``, else the repository's."""
    if samples_dir is not None:
        return Path(samples_dir)
    override = os.environ.get(SAMPLES_DIR_VARIABLE, "").strip()
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "sample_projects"


def sample_project_paths(samples_dir: str | Path | None = None) -> list[Path]:
    """The sample files seeded as projects (every ``*.toml`` without a ``[bid]`` table), by file name.

    Raises
    ------
    ProjectError
        When a sample file is invalid.
    """
    return [path for path, is_bid in _sample_paths(samples_dir) if not is_bid]


def sample_bid_paths(samples_dir: str | Path | None = None) -> list[Path]:
    """The sample files seeded as bids of a sample tender (``*.toml`` with ``[bid]``), by file name."""
    return [path for path, is_bid in _sample_paths(samples_dir) if is_bid]


def _sample_paths(samples_dir: str | Path | None) -> list[tuple[Path, bool]]:
    folder = resolve_samples_dir(samples_dir)
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return [(path, load_project(path).project.bid is not None) for path in paths]


@dataclass(frozen=True)
class SeedData:
    """Rows ready to insert: project values (with their milestones), bids and KPI frameworks.

    ``bids`` pairs each bid's values with the index in ``projects`` of the tender it was submitted to.
    """

    projects: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[list[dict[str, Any]]] = field(default_factory=list)
    documents: list[list[dict[str, Any]]] = field(default_factory=list)
    kpi_frameworks: list[dict[str, Any]] = field(default_factory=list)
    bids: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    #: each project's result hash (:func:`ppp.engine.evaluation.result_hash`), in the order of ``projects``
    result_hashes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SeedReport:
    """How many rows seeding inserted (all zero when the database was not empty)."""

    projects: int = 0
    milestones: int = 0
    kpi_frameworks: int = 0
    bids: int = 0
    documents: int = 0
    users: int = 0


def needs_seed(session: Session) -> bool:
    """Whether the database has neither projects nor KPI frameworks."""
    has_projects = session.exec(select(func.count()).select_from(ProjectRow)).one() > 0
    has_frameworks = session.exec(select(func.count()).select_from(KpiFrameworkRow)).one() > 0
    return not (has_projects or has_frameworks)


def prepare_seed(
    *,
    samples_dir: str | Path | None = None,
    models_dir: str | Path | None = None,
    today: datetime.date | None = None,
) -> SeedData:
    """Read, validate and evaluate every sample project and KPI framework (no database access).

    Parameters
    ----------
    samples_dir
        Folder of ``*.toml`` projects; :func:`resolve_samples_dir` by default. A missing folder seeds none.
    models_dir
        The templates folder (:func:`ppp.model.templates.resolve_models_dir` by default).
    today
        Milestones of the project's current stage planned before this date count as reached.

    Raises
    ------
    ProjectError
        When a sample or template file is invalid (the repository's tests keep them valid), or a sample bid
        has no sample tender of its project name (``service.bids.seed_no_tender``).
    """
    folder = resolve_samples_dir(samples_dir)
    reference = today or datetime.date.today()
    data = SeedData()
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    bids: list[tuple[str, Project]] = []
    tenders: dict[str, int] = {}
    for path in paths:
        project = load_project(path).project
        if project.bid is not None:
            bids.append((path.stem.split(_BID_SUFFIX)[0], project))
            continue
        if project.tender is not None:
            tenders[path.stem.removesuffix(_TENDER_SUFFIX)] = len(data.projects)
        evaluation = evaluate(project)
        data.projects.append(project_values(project, evaluation.metrics))
        data.result_hashes.append(result_hash(evaluation))
        data.milestones.append(planned_milestones(project, today=reference))
        data.documents.append(completed_documents(project))
    data.bids.extend(_bid_values(bids, tenders))
    for template in list_templates(models_dir):
        if template.kind != "kpi-framework":
            continue
        framework = load_kpi_framework(template.id, models_dir)
        data.kpi_frameworks.append(
            {
                "template_id": template.id,
                "name": framework.framework.name,
                "name_zh": framework.framework.name_zh,
                "toml": template.path.read_text(encoding="utf-8-sig"),
            }
        )
    return data


def insert_seed(session: Session, data: SeedData, *, user_id: int | None) -> SeedReport:
    """Insert prepared seed rows as revision 1 of each project, with one audit entry for the whole seed.

    Parameters
    ----------
    session
        A writing unit of work; the caller checked :func:`needs_seed` in it.
    data
        From :func:`prepare_seed`.
    user_id
        The user recorded as having saved revision 1 (the local user), or ``None``.
    """
    now = utc_now()
    # Core statements on the session's own connection: same transaction, no ORM objects
    connection = session.connection()
    project_ids: list[int] = []
    if data.projects:
        rows = [
            {
                **values,
                "archived": False,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "updated_by": user_id,
                "organisation": government_body(values["city"]),
            }
            for values in data.projects
        ]
        # RETURNING with sort_by_parameter_order: ids come back in the order of the rows, on both backends
        statement = insert(ProjectRow).returning(col(ProjectRow.id), sort_by_parameter_order=True)
        project_ids = [cast(int, project_id) for project_id in connection.execute(statement, rows).scalars()]
        connection.execute(
            insert(ProjectRevisionRow),
            [
                {
                    "project_id": project_id,
                    "revision": 1,
                    "inputs_toml": values["inputs_toml"],
                    "input_hash": values["input_hash"],
                    "saved_at": now,
                    "saved_by": user_id,
                    "result_hash": results,
                }
                for project_id, values, results in zip(
                    project_ids, data.projects, data.result_hashes, strict=True
                )
            ],
        )
    milestones = [
        {**milestone, "project_id": project_id}
        for project_id, project_milestones in zip(project_ids, data.milestones, strict=True)
        for milestone in project_milestones
    ]
    if milestones:
        connection.execute(insert(MilestoneRow), milestones)
    documents = [
        {**document, "project_id": project_id, "updated_at": now, "updated_by": user_id}
        for project_id, project_documents in zip(project_ids, data.documents, strict=True)
        for document in project_documents
    ]
    if documents:
        connection.execute(insert(ProjectDocumentRow), documents)
    if data.kpi_frameworks:
        connection.execute(insert(KpiFrameworkRow), data.kpi_frameworks)
    bids = [
        {**values, "project_id": project_ids[tender], "submitted_at": now, "submitted_by": user_id}
        for tender, values in data.bids
    ]
    if bids:
        connection.execute(insert(BidRow), bids)
    demo_users = _insert_demo_users(session)
    report = SeedReport(
        projects=len(project_ids),
        milestones=len(milestones),
        kpi_frameworks=len(data.kpi_frameworks),
        bids=len(bids),
        documents=len(documents),
        users=demo_users,
    )
    record(
        session,
        principal=None,
        action="seed",
        entity="database",
        entity_id=None,
        before=None,
        after={
            "projects": report.projects,
            "milestones": report.milestones,
            "kpi_frameworks": report.kpi_frameworks,
            "bids": report.bids,
            "documents": report.documents,
            "users": report.users,
        },
    )
    return report


def _insert_demo_users(session: Session) -> int:
    """Add the :data:`DEMO_USERS` not there yet (by email) with their auditor scopes; how many were added."""
    known = set(session.exec(select(UserRow.email)).all())
    added = 0
    for user in DEMO_USERS:
        if user["email"] in known:
            continue
        row = UserRow(
            name=user["name"], email=user["email"], role=user["role"], organisation=user["organisation"]
        )
        session.add(row)
        session.flush()
        if row.id is None:  # pragma: no cover - flush always assigns the id
            raise RuntimeError("a demo user got no id")
        for body in user["audits"]:
            session.add(AuditorScopeRow(user_id=row.id, organisation=body))
        added += 1
    session.flush()
    return added


def _bid_values(bids: list[tuple[str, Project]], tenders: dict[str, int]) -> list[tuple[int, dict[str, Any]]]:
    """Each sample bid's row values and its tender's index; a bidder's files become versions by date."""
    rows: list[tuple[int, dict[str, Any]]] = []
    versions: dict[tuple[int, str], int] = {}
    only_tender = next(iter(tenders.values())) if len(tenders) == 1 else None
    for prefix, bid in sorted(
        bids, key=lambda pair: pair[1].bid.submitted if pair[1].bid else datetime.date.min
    ):
        terms = bid.bid
        if terms is None:  # pragma: no cover - only files with [bid] come here
            continue
        tender = tenders.get(prefix, only_tender)
        if tender is None:
            raise ProjectError([Problem("project.name", "service.bids.seed_no_tender", bid.project.name)])
        version = versions.get((tender, terms.bidder), 0) + 1
        versions[(tender, terms.bidder)] = version
        rows.append(
            (
                tender,
                {
                    "bidder": terms.bidder,
                    "organisation": terms.bidder,
                    "submitted": terms.submitted,
                    "technical_score": terms.technical_score,
                    "inputs_toml": dump_project(bid),
                    "input_hash": canonical_hash(bid),
                    "result_hash": result_hash(evaluate(bid)),
                    "version": version,
                },
            )
        )
    return rows


def planned_milestones(project: Project, *, today: datetime.date) -> list[dict[str, Any]]:
    """Typical milestones of a PPP project, dated from its timeline.

    A milestone is reached (``actual`` = ``planned``) when its stage comes before the project's stage, or is
    the project's stage and it was planned before ``today``.

    Returns
    -------
    list[dict]
        ``name``, ``stage``, ``planned``, ``actual`` of each milestone, in planned order.
    """
    timeline = project.timeline
    start = timeline.start_year
    operation_start = start + timeline.construction_years
    end = operation_start + timeline.operation_years - 1
    plan: list[tuple[str, str, datetime.date]] = [
        ("实施方案批复 (Implementation plan approved)", "preparation", datetime.date(start - 1, 3, 31)),
        ("签订 PPP 合同 (PPP contract signed)", "procurement", datetime.date(start - 1, 9, 30)),
    ]
    if timeline.construction_years > 0:
        plan.append(
            ("竣工验收 (Construction completed)", "execution", datetime.date(operation_start - 1, 12, 31))
        )
    plan.append(
        ("首次绩效考核 (First performance assessment)", "execution", datetime.date(operation_start, 12, 31))
    )
    if timeline.operation_years >= 4:
        middle = operation_start + timeline.operation_years // 2
        plan.append(("中期评估 (Mid-term evaluation)", "execution", datetime.date(middle, 6, 30)))
    plan.append(("项目移交 (Handover to the government)", "handover", datetime.date(end, 12, 31)))
    current = STAGES.index(project.project.stage)
    milestones: list[dict[str, Any]] = []
    for name, stage, planned in plan:
        position = STAGES.index(stage)
        reached = position < current or (position == current and planned < today)
        milestones.append(
            {"name": name, "stage": stage, "planned": planned, "actual": planned if reached else None}
        )
    return milestones


#: when a sample's documents were done, as (years before its start year, month, day)
_DOCUMENT_DATES: Final[dict[str, tuple[int, int, int]]] = {
    "vfm_report": (2, 6, 30),
    "affordability_report": (2, 6, 30),
    "implementation_plan": (1, 3, 31),
    "contract_signed": (1, 9, 30),
    "spv_established": (1, 10, 31),
    "financial_close": (1, 12, 31),
}


def completed_documents(project: Project) -> list[dict[str, Any]]:
    """The documents and approvals a sample project has done to be at its stage, dated from its timeline.

    Those of every stage before the project's own (the ones a stage change checks); the preparation and
    procurement dates match :func:`planned_milestones`. A project in handover has had its mid-term review,
    dated like the mid-term milestone.

    Returns
    -------
    list[dict]
        ``kind``, ``title``, ``status`` (``done``), ``done_on``, ``reference`` and ``note`` of each document.
    """
    timeline = project.timeline
    operation_start = timeline.start_year + timeline.construction_years
    dates = {
        kind: datetime.date(timeline.start_year - years_before, month, day)
        for kind, (years_before, month, day) in _DOCUMENT_DATES.items()
    }
    dates["mid_term_review"] = datetime.date(operation_start + timeline.operation_years // 2, 6, 30)
    earlier = STAGES[: STAGES.index(project.project.stage)]
    return [
        {
            "kind": kind,
            "title": "",
            "status": "done",
            "done_on": dates[kind],
            "reference": "",
            "note": "seeded with the sample project",
        }
        for stage in earlier
        for kind in STAGE_DOCUMENTS[stage]
    ]
