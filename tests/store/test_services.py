"""Project services over a real database: round trip, optimistic locking, archive, duplicate, import,
portfolio filters, audit entries, roles and the evaluation cache."""

from __future__ import annotations

import json
import string

import pytest
from access_helpers import auditor_of_everything
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ppp.engine import evaluate
from ppp.i18n import translate
from ppp.i18n.catalog import MESSAGES
from ppp.model import Project, ProjectError, canonical_hash, parse_project
from ppp.services import (
    Principal,
    ServiceError,
    archive_project,
    clear_evaluation_cache,
    create_from_template,
    create_project,
    duplicate_project,
    evaluate_project,
    evaluation_cache_info,
    export_project_toml,
    get_project,
    import_project_file,
    list_projects,
    local_principal,
    save_project,
)
from ppp.services.types import LOCAL_USER_NAME
from ppp.store import session_scope, upgrade
from ppp.store.seed import resolve_samples_dir, sample_project_paths
from ppp.store.tables import LOCAL_USER_NAME as STORE_LOCAL_USER_NAME
from ppp.store.tables import AuditEntry, MilestoneRow, ProjectRevisionRow, ProjectRow, UserRow

YANGXIN = resolve_samples_dir() / "yangxin_smart_city_bot.toml"


def _yangxin_id(session: Session) -> int:
    found = session.exec(select(ProjectRow.id).where(col(ProjectRow.name).startswith("智慧阳信"))).one()
    assert found is not None
    return found


def _with_discount_rate(project: Project, rate: float) -> Project:
    return project.model_copy(update={"rates": project.rates.model_copy(update={"discount_rate": rate})})


def _snapshot(session: Session) -> dict[str, object]:
    """Everything a refused change must leave as it was."""
    return {
        "projects": [
            (row.id, row.revision, row.input_hash, row.archived, row.inputs_toml)
            for row in session.exec(select(ProjectRow).order_by(ProjectRow.id)).all()
        ],
        "revisions": session.exec(select(func.count()).select_from(ProjectRevisionRow)).one(),
        "audit": session.exec(select(func.count()).select_from(AuditEntry)).one(),
    }


def test_the_local_principal_is_the_local_administrator(principal: Principal) -> None:
    assert principal.name == LOCAL_USER_NAME == STORE_LOCAL_USER_NAME
    assert principal.role == "administrator"


def test_get_returns_the_stored_project_and_export_its_file(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded, read_only=True) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
        exported = export_project_toml(session=session, principal=principal, project_id=project_id)
    expected = parse_project(YANGXIN.read_text(encoding="utf-8")).project
    assert stored.revision == 1
    assert stored.project == expected
    assert stored.input_hash == canonical_hash(expected)
    assert stored.updated_by == LOCAL_USER_NAME
    assert canonical_hash(parse_project(exported).project) == stored.input_hash
    with session_scope(seeded, read_only=True) as session, pytest.raises(ServiceError) as refused:
        get_project(session=session, principal=principal, project_id=9999)
    assert refused.value.key == "service.project_not_found"


def test_save_keeps_every_revision_recomputes_metrics_and_audits(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=_yangxin_id(session))
    edited = _with_discount_rate(stored.project, 0.06)
    with session_scope(seeded) as session:
        saved = save_project(
            session=session, principal=principal, project_id=stored.id, base_revision=1, project=edited
        )
    assert saved.revision == 2
    assert saved.input_hash == canonical_hash(edited) != stored.input_hash
    with session_scope(seeded, read_only=True) as session:
        row = session.get(ProjectRow, stored.id)
        assert row is not None
        assert row.revision == 2
        assert row.government_pv == pytest.approx(evaluate(edited).metrics["government_pv"], rel=1e-12)
        assert row.government_pv != pytest.approx(evaluate(stored.project).metrics["government_pv"])
        revisions = session.exec(
            select(ProjectRevisionRow.revision, ProjectRevisionRow.input_hash)
            .where(ProjectRevisionRow.project_id == stored.id)
            .order_by(ProjectRevisionRow.revision)
        ).all()
        assert [tuple(revision) for revision in revisions] == [(1, stored.input_hash), (2, saved.input_hash)]
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "save")).one()
        assert (entry.user_id, entry.entity, entry.entity_id) == (principal.user_id, "project", stored.id)
        assert json.loads(entry.before or "")["input_hash"] == stored.input_hash
        assert json.loads(entry.after or "") == {
            "archived": False,
            "input_hash": saved.input_hash,
            "name": stored.project.project.name,
            "revision": 2,
        }
        reloaded = get_project(session=session, principal=principal, project_id=stored.id)
    assert reloaded.project == edited
    assert reloaded.revision == 2


def test_a_stale_save_is_refused_and_changes_nothing(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=_yangxin_id(session))
        save_project(
            session=session,
            principal=principal,
            project_id=stored.id,
            base_revision=1,
            project=_with_discount_rate(stored.project, 0.06),
        )
    with session_scope(seeded, read_only=True) as session:
        before = _snapshot(session)
    with session_scope(seeded) as session, pytest.raises(ServiceError) as refused:
        save_project(
            session=session,
            principal=principal,
            project_id=stored.id,
            base_revision=1,
            project=_with_discount_rate(stored.project, 0.07),
        )
    assert refused.value.key == "service.stale_revision"
    assert refused.value.params["revision"] == 2
    assert refused.value.params["base_revision"] == 1
    assert refused.value.params["updated_by"] == LOCAL_USER_NAME
    assert refused.value.params["project"] == stored.project.project.name
    assert str(refused.value.params["updated_at"]).endswith("UTC")
    # what the other person changed: the discount rate lives in the file's [rates] table
    assert refused.value.params["changed"] == "rates"
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before
    for language in ("en", "zh"):
        message = translate(refused.value.key, language, **refused.value.params)
        assert "2" in message
        assert "rates" in message
        assert LOCAL_USER_NAME in message


def test_an_invalid_save_names_the_key_and_saves_nothing(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=_yangxin_id(session))
        before = _snapshot(session)
    # model_copy does not validate: this is what an editor could hand over
    broken = stored.project.model_copy(
        update={"financing": stored.project.financing.model_copy(update={"equity_ratio": 1.5})}
    )
    with session_scope(seeded) as session, pytest.raises(ProjectError) as refused:
        save_project(
            session=session, principal=principal, project_id=stored.id, base_revision=1, project=broken
        )
    assert "financing.equity_ratio" in {problem.path for problem in refused.value.problems}
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_a_save_that_changes_nothing_makes_no_revision(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=_yangxin_id(session))
        before = _snapshot(session)
        again = save_project(
            session=session,
            principal=principal,
            project_id=stored.id,
            base_revision=1,
            project=stored.project,
        )
    assert again.revision == 1
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_archive_hides_a_project_and_needs_the_current_revision(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        archived = archive_project(
            session=session, principal=principal, project_id=project_id, base_revision=1
        )
    assert archived.archived
    assert archived.revision == 2
    with session_scope(seeded, read_only=True) as session:
        shown = {summary.id for summary in list_projects(session=session, principal=principal)}
        everything = list_projects(session=session, principal=principal, include_archived=True)
    assert project_id not in shown
    assert len(shown) == len(sample_project_paths()) - 1
    assert [summary.archived for summary in everything if summary.id == project_id] == [True]
    with session_scope(seeded) as session, pytest.raises(ServiceError) as refused:
        archive_project(
            session=session, principal=principal, project_id=project_id, base_revision=1, archived=False
        )
    assert refused.value.key == "service.stale_revision"
    with session_scope(seeded) as session:
        restored = archive_project(
            session=session, principal=principal, project_id=project_id, base_revision=2, archived=False
        )
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.entity_id == project_id).order_by(AuditEntry.id)
        ).all()
    assert (restored.archived, restored.revision) == (False, 3)
    assert actions == ["archive", "unarchive"]


def test_duplicate_copies_the_inputs_under_a_free_name(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        source = get_project(session=session, principal=principal, project_id=_yangxin_id(session))
        first = duplicate_project(session=session, principal=principal, project_id=source.id)
        second = duplicate_project(session=session, principal=principal, project_id=source.id)
        named = duplicate_project(
            session=session, principal=principal, project_id=source.id, name="Variant B"
        )
        copied_milestones = session.exec(
            select(MilestoneRow).where(MilestoneRow.project_id == first.id)
        ).all()
    name = source.project.project.name
    assert first.project.project.name == f"{name} (2)"
    assert second.project.project.name == f"{name} (3)"
    assert named.project.project.name == "Variant B"
    assert {first.id, second.id, named.id}.isdisjoint({source.id})
    assert first.revision == 1
    renamed_back = first.project.model_copy(
        update={"project": first.project.project.model_copy(update={"name": name})}
    )
    assert canonical_hash(renamed_back) == source.input_hash
    assert copied_milestones == []


def test_import_saves_a_valid_file_and_nothing_of_an_invalid_one(
    seeded: Engine, principal: Principal
) -> None:
    text = YANGXIN.read_text(encoding="utf-8")
    with session_scope(seeded) as session:
        imported = import_project_file(session=session, principal=principal, text=text)
        entry = session.exec(select(AuditEntry).where(AuditEntry.entity_id == imported.id)).one()
    assert imported.input_hash == canonical_hash(parse_project(text).project)
    assert entry.action == "import"
    with session_scope(seeded, read_only=True) as session:
        before = _snapshot(session)
    broken = text.replace("discount_rate = ", 'discount_rate = "five percent" #', 1)
    assert broken != text
    for bad in (broken, "this is [not toml"):
        with session_scope(seeded) as session, pytest.raises(ProjectError) as refused:
            import_project_file(session=session, principal=principal, text=bad)
        assert refused.value.problems
    assert "rates.discount_rate" in {problem.path for problem in _problems(seeded, principal, broken)}
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def _problems(engine: Engine, principal: Principal, text: str) -> list[object]:
    try:
        with session_scope(engine) as session:
            import_project_file(session=session, principal=principal, text=text)
    except ProjectError as error:
        return list(error.problems)
    raise AssertionError("the file was accepted")


def test_create_from_a_template_and_create_from_a_project(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        created = create_from_template(
            session=session, principal=principal, template_id="viability_gap", name="新项目 (New project)"
        )
        entry = session.exec(select(AuditEntry).where(AuditEntry.entity_id == created.id)).one()
    assert created.project.project.name == "新项目 (New project)"
    assert created.revision == 1
    assert json.loads(entry.after or "")["template"] == "viability_gap"
    with session_scope(seeded) as session, pytest.raises(ProjectError) as unknown:
        create_from_template(session=session, principal=principal, template_id="no_such_thing", name="x")
    assert [problem.rule for problem in unknown.value.problems] == ["template.unknown"]
    with session_scope(seeded) as session, pytest.raises(ProjectError) as unnamed:
        create_from_template(session=session, principal=principal, template_id="viability_gap", name="")
    assert "project.name" in {problem.path for problem in unnamed.value.problems}
    with session_scope(seeded) as session:
        copy = create_project(session=session, principal=principal, project=created.project)
    assert copy.id != created.id
    assert copy.input_hash == created.input_hash


def test_the_portfolio_filters_searches_and_shows_the_next_milestone(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded, read_only=True) as session:
        everything = list_projects(session=session, principal=principal)
        milestones = session.exec(select(MilestoneRow).where(col(MilestoneRow.actual).is_(None))).all()
        by_name = list_projects(session=session, principal=principal, search="yAnGxIn")
        by_city = list_projects(session=session, principal=principal, search="山东省")
        procurement = list_projects(session=session, principal=principal, stage="procurement")
        wildcard = list_projects(session=session, principal=principal, search="%")
        nothing = list_projects(session=session, principal=principal, search="no such project")
    assert len(everything) == len(sample_project_paths())
    assert [summary.name for summary in everything] == sorted(summary.name for summary in everything)
    for summary in everything:
        own = sorted(
            (milestone.planned, milestone.id, milestone.name)
            for milestone in milestones
            if milestone.project_id == summary.id
        )
        assert (summary.next_milestone_date, summary.next_milestone) == (own[0][0], own[0][2])
        assert summary.total_investment is not None
        assert summary.total_investment > 0
        assert summary.updated_at.tzinfo is not None
    assert [summary.name for summary in by_name] == [
        summary.name for summary in everything if "yangxin" in summary.name.lower()
    ]
    assert len(by_name) == 1
    assert {summary.id for summary in by_city} == {s.id for s in everything if "山东省" in s.city}
    assert len(by_city) == 2
    assert [summary.stage for summary in procurement] == ["procurement", "procurement"]
    assert wildcard == []  # LIKE's wildcards in the search text are taken literally
    assert nothing == []


def test_an_auditor_may_read_but_not_change(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        auditor_row = UserRow(name="审计 A", email="audit@example.org", role="auditor", organisation="审计局")
        session.add(auditor_row)
        session.flush()
        assert auditor_row.id is not None
        auditor = auditor_of_everything(session, user_id=auditor_row.id, name=auditor_row.name)
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=auditor, project_id=project_id)
        assert evaluate_project(session=session, principal=auditor, project_id=project_id).metrics
        before = _snapshot(session)
        for attempt in (
            lambda: save_project(
                session=session,
                principal=auditor,
                project_id=project_id,
                base_revision=stored.revision,
                project=_with_discount_rate(stored.project, 0.06),
            ),
            lambda: archive_project(
                session=session, principal=auditor, project_id=project_id, base_revision=1
            ),
            lambda: duplicate_project(session=session, principal=auditor, project_id=project_id),
            lambda: import_project_file(session=session, principal=auditor, text=YANGXIN.read_text("utf-8")),
        ):
            with pytest.raises(ServiceError) as refused:
                attempt()
            assert refused.value.key == "service.forbidden"
        assert _snapshot(session) == before


def test_evaluate_project_is_cached_per_revision(seeded: Engine, principal: Principal) -> None:
    clear_evaluation_cache()
    with session_scope(seeded, read_only=True) as session:
        project_id = _yangxin_id(session)
        first = evaluate_project(session=session, principal=principal, project_id=project_id)
        again = evaluate_project(session=session, principal=principal, project_id=project_id)
        row = session.get(ProjectRow, project_id)
    assert again is first
    assert evaluation_cache_info().hits == 1
    assert evaluation_cache_info().misses == 1
    assert row is not None
    assert first.metrics["government_pv"] == pytest.approx(row.government_pv, rel=1e-12)
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=project_id)
        save_project(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            project=_with_discount_rate(stored.project, 0.06),
        )
    with session_scope(seeded, read_only=True) as session:
        after = evaluate_project(session=session, principal=principal, project_id=project_id)
    assert after is not first
    assert evaluation_cache_info().misses == 2
    assert after.metrics["government_pv"] != pytest.approx(first.metrics["government_pv"])
    with session_scope(seeded, read_only=True) as session, pytest.raises(ServiceError):
        evaluate_project(session=session, principal=principal, project_id=9999)


def test_local_principal_needs_an_initialised_database(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(engine) as session, pytest.raises(ServiceError) as refused:
        local_principal(session=session)
    assert refused.value.key == "service.no_local_user"


def test_every_service_message_exists_in_both_languages() -> None:
    keys = [key for key in MESSAGES if key.startswith("service.")]
    assert {"service.project_not_found", "service.stale_revision", "service.forbidden"} <= set(keys)
    for key in keys:
        for language in ("en", "zh"):
            fields = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key][language]) if name}
            assert translate(key, language, **dict.fromkeys(fields, "x"))
