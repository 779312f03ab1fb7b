"""Seeding: every sample project (revision 1, headline metrics, milestones) and every KPI framework."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from ppp.engine import evaluate
from ppp.model import canonical_hash, load_project, parse_project
from ppp.model.templates import list_templates
from ppp.operations.lifecycle import DOCUMENT_KINDS, STAGE_DOCUMENTS, STAGES, check_transition
from ppp.store import session_scope
from ppp.store.seed import DEMO_USERS, planned_milestones, resolve_samples_dir, sample_project_paths
from ppp.store.tables import (
    LOCAL_USER_EMAIL,
    AuditEntry,
    AuditorScopeRow,
    KpiFrameworkRow,
    MilestoneRow,
    ProjectDocumentRow,
    ProjectRevisionRow,
    ProjectRow,
    UserRow,
)

#: the sample files seeded as projects (bid files become bids of their tender)
SAMPLES = sample_project_paths()


def test_seed_loads_every_sample_project_with_its_headline_metrics(seeded: Engine) -> None:
    assert len(SAMPLES) >= 5
    with session_scope(seeded, read_only=True) as session:
        rows = {row.name: row for row in session.exec(select(ProjectRow)).all()}
        revisions = session.exec(select(ProjectRevisionRow)).all()
        local = session.exec(select(UserRow).where(UserRow.email == LOCAL_USER_EMAIL)).one()
        users = {row.email: row for row in session.exec(select(UserRow)).all()}
        scopes = session.exec(select(AuditorScopeRow)).all()
    assert len(rows) == len(SAMPLES)
    # each project belongs to its city's government body; the demo users are there with their scopes
    assert rows["智慧阳信 PPP 项目 (Smart Yangxin county platform, BOT)"].organisation == "阳信县"
    assert set(users) == {LOCAL_USER_EMAIL} | {user["email"] for user in DEMO_USERS}
    auditor = users["auditor@audit.example"]
    assert auditor.role == "auditor"
    audited = sorted(scope.organisation for scope in scopes if scope.user_id == auditor.id)
    assert audited == ["新余市", "阳信县"]
    for path in SAMPLES:
        project = load_project(path).project
        row = rows[project.project.name]
        metrics = evaluate(project).metrics
        assert row.revision == 1
        assert not row.archived
        assert row.stage == project.project.stage
        assert row.money_unit == project.project.money_unit
        assert row.input_hash == canonical_hash(project)
        assert canonical_hash(parse_project(row.inputs_toml).project) == row.input_hash
        for key in ("total_investment", "government_pv", "equity_irr"):
            expected = metrics[key]
            stored = getattr(row, key)
            assert (stored is None and expected is None) or math.isclose(stored, expected, rel_tol=1e-12)
        assert row.updated_by == local.id
    assert sorted((revision.project_id, revision.revision) for revision in revisions) == sorted(
        (row.id, 1) for row in rows.values()
    )


def test_seed_adds_milestones_and_every_kpi_framework(seeded: Engine) -> None:
    frameworks = sorted(template.id for template in list_templates() if template.kind == "kpi-framework")
    with session_scope(seeded, read_only=True) as session:
        stored = session.exec(select(KpiFrameworkRow).order_by(KpiFrameworkRow.template_id)).all()
        milestones = session.exec(select(MilestoneRow)).all()
        projects = session.exec(select(ProjectRow)).all()
        seed_entries = session.exec(select(AuditEntry).where(AuditEntry.action == "seed")).all()
    assert [row.template_id for row in stored] == frameworks
    assert all(row.name and row.name_zh and 'schema = "ppp-kpi-framework/1"' in row.toml for row in stored)
    for project in projects:
        own = [milestone for milestone in milestones if milestone.project_id == project.id]
        assert len(own) >= 4
        assert any(milestone.actual is None for milestone in own), "every project has a next milestone"
    assert len(seed_entries) == 1


def test_milestones_follow_the_timeline_and_the_stage() -> None:
    project = load_project(Path(resolve_samples_dir()) / "user_pay_franchise_2023.toml").project
    milestones = planned_milestones(project, today=datetime.date(2025, 1, 1))
    assert project.project.stage == "procurement"
    planned = [milestone["planned"] for milestone in milestones]
    assert planned == sorted(planned)
    reached = [milestone["name"] for milestone in milestones if milestone["actual"] is not None]
    # stages before procurement are done; the contract (procurement, planned 2023) is before "today"
    assert reached == [milestones[0]["name"], milestones[1]["name"]]
    handover = milestones[-1]
    end = (
        project.timeline.start_year
        + project.timeline.construction_years
        + project.timeline.operation_years
        - 1
    )
    assert handover["stage"] == "handover"
    assert handover["planned"] == datetime.date(end, 12, 31)


def test_seeded_samples_have_done_the_documents_their_stage_implies(seeded: Engine) -> None:
    with session_scope(seeded, read_only=True) as session:
        projects = {row.id: row for row in session.exec(select(ProjectRow)).all()}
        documents = session.exec(select(ProjectDocumentRow)).all()
    done: dict[int, dict[str, datetime.date | None]] = {}
    for document in documents:
        assert document.status == "done"
        done.setdefault(document.project_id, {})[document.kind] = document.done_on
    for project_id, row in projects.items():
        stage = row.stage
        expected = set(DOCUMENT_KINDS[: _documents_before(stage)])
        assert set(done.get(project_id, {})) == expected, row.name
    yangxin = next(row for row in projects.values() if "Yangxin" in row.name)
    # in execution since its contract was signed in September before construction began in 2017
    assert done[yangxin.id]["contract_signed"] == datetime.date(2016, 9, 30)
    assert "mid_term_review" not in done[yangxin.id]
    # the stage rules agree: nothing is missing before the stage the sample is at
    project = parse_project(yangxin.inputs_toml).project
    assert check_transition("procurement", "execution", set(done[yangxin.id]), None) == []
    assert project.project.stage == "execution"


def _documents_before(stage: str) -> int:
    return sum(len(STAGE_DOCUMENTS[earlier]) for earlier in STAGES[: STAGES.index(stage)])
