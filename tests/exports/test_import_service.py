"""Importing through the services, on a SQLite file database: a filled template makes the next revision; a
refused upload (bad file, bad cell, broken rule, stale revision, read-only role) leaves the store as it was.
Project files are imported as TOML or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from access_helpers import auditor_of_everything
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ppp.exports.template import OPEX_SHEET, schedules_template
from ppp.model import ProjectError, canonical_hash, load_project, project_data
from ppp.services import (
    Principal,
    ServiceError,
    evaluate_project,
    get_project,
    import_project_file,
    import_schedules,
    local_principal,
)
from ppp.services.projects import clear_evaluation_cache
from ppp.store import init_database, make_engine, session_scope
from ppp.store.tables import AuditEntry, ProjectRevisionRow, ProjectRow, UserRow

ROOT = Path(__file__).resolve().parents[2]
YANGXIN = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file database with the schema, the local user and the sample projects."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ppp.sqlite3'}")
    try:
        init_database(engine)
        clear_evaluation_cache()
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def principal(seeded: Engine) -> Principal:
    with session_scope(seeded) as session:
        return local_principal(session=session)


def _yangxin_id(session: Session) -> int:
    found = session.exec(select(ProjectRow.id).where(col(ProjectRow.name).startswith("智慧阳信"))).one()
    assert found is not None
    return found


def _snapshot(session: Session) -> dict[str, object]:
    """Everything a refused import must leave as it was."""
    return {
        "projects": [
            (row.id, row.revision, row.input_hash, row.archived, row.inputs_toml)
            for row in session.exec(select(ProjectRow).order_by(col(ProjectRow.id))).all()
        ],
        "revisions": session.exec(select(func.count()).select_from(ProjectRevisionRow)).one(),
        "audit": session.exec(select(func.count()).select_from(AuditEntry)).one(),
    }


def _filled(template: bytes, cells: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for coordinate, value in cells.items():
        workbook[OPEX_SHEET][coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_filled_template_is_saved_as_the_next_revision(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
        before = evaluate_project(session=session, principal=principal, project_id=project_id).metrics
    upload = _filled(schedules_template(stored.project, language="zh"), {"B4": 2400})
    with session_scope(seeded) as session:
        saved = import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=upload,
        )
    assert saved.revision == stored.revision + 1
    assert saved.project.opex[0].amount == 2400
    with session_scope(seeded, read_only=True) as session:
        again = get_project(session=session, principal=principal, project_id=project_id)
        after = evaluate_project(session=session, principal=principal, project_id=project_id).metrics
        entry = session.exec(
            select(AuditEntry).where(AuditEntry.entity_id == project_id).order_by(col(AuditEntry.id).desc())
        ).first()
    assert again.revision == saved.revision
    assert again.project == saved.project
    assert after != before
    assert entry is not None
    assert entry.action == "save"


def _bad_uploads() -> dict[str, Callable[[bytes], bytes]]:
    return {
        "empty": lambda _: b"",
        "truncated": lambda template: template[: len(template) // 3],
        "png": lambda _: b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        "formula": lambda template: _filled(template, {"B4": "=SUM(1,2)"}),
        "text in a number cell": lambda template: _filled(template, {"B4": "lots"}),
        "rule broken": lambda template: _filled(template, {"C4": 5.0}),  # a 500 % escalation
    }


@pytest.mark.parametrize("case", sorted(_bad_uploads()))
def test_a_refused_upload_leaves_the_stored_revision_unchanged(
    seeded: Engine, principal: Principal, case: str
) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
        before = _snapshot(session)
    upload = _bad_uploads()[case](schedules_template(stored.project, language="en"))
    with session_scope(seeded) as session, pytest.raises(ProjectError) as refused:
        import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=upload,
        )
    assert len(refused.value.problems) == 1
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_an_upload_based_on_an_old_revision_is_refused(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
    template = schedules_template(stored.project, language="en")
    with session_scope(seeded) as session:
        import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=_filled(template, {"B4": 2000}),
        )
    with session_scope(seeded, read_only=True) as session:
        before = _snapshot(session)
    with session_scope(seeded) as session, pytest.raises(ServiceError) as refused:
        import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=_filled(template, {"B4": 2500}),
        )
    assert refused.value.key == "service.stale_revision"
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_an_auditor_may_not_import(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        row = UserRow(name="审计 A", email="audit@example.org", role="auditor", organisation="审计局")
        session.add(row)
        session.flush()
        assert row.id is not None
        auditor = auditor_of_everything(session, user_id=row.id, name=row.name)
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
        before = _snapshot(session)
        with pytest.raises(ServiceError) as refused:
            import_schedules(
                session=session,
                principal=auditor,
                project_id=project_id,
                base_revision=stored.revision,
                data=schedules_template(stored.project, language="en"),
            )
        assert refused.value.key == "service.forbidden"
        assert _snapshot(session) == before


def test_a_json_project_file_is_imported_like_its_toml(seeded: Engine, principal: Principal) -> None:
    project = load_project(YANGXIN).project
    text = json.dumps(project_data(project), ensure_ascii=False, indent=2)
    with session_scope(seeded) as session:
        imported = import_project_file(session=session, principal=principal, text=text)
    assert imported.input_hash == canonical_hash(project)
    with session_scope(seeded, read_only=True) as session:
        before = _snapshot(session)
    for bad in (
        '{"schema": "ppp-project/1",',
        text.replace('"discount_rate": 0.059', '"discount_rate": "6%"'),
    ):
        with session_scope(seeded) as session, pytest.raises(ProjectError):
            import_project_file(session=session, principal=principal, text=bad)
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_an_untouched_template_makes_no_new_revision(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
        before = _snapshot(session)
    with session_scope(seeded) as session:
        same = import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=schedules_template(stored.project, language="en"),
        )
    assert same.revision == stored.revision
    assert same.input_hash == stored.input_hash
    with session_scope(seeded, read_only=True) as session:
        assert _snapshot(session) == before


def test_a_refusal_names_the_cell_in_the_users_language(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        project_id = _yangxin_id(session)
        stored = get_project(session=session, principal=principal, project_id=project_id)
    upload = _filled(schedules_template(stored.project, language="zh"), {"C4": 5.0})
    with session_scope(seeded) as session, pytest.raises(ProjectError) as refused:
        import_schedules(
            session=session,
            principal=principal,
            project_id=project_id,
            base_revision=stored.revision,
            data=upload,
        )
    (message,) = refused.value.messages("zh")
    assert message.startswith("opex[1].escalation = 5.0：")
    assert message.endswith(f"（单元格 '{OPEX_SHEET}'!C4）")
