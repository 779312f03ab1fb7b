"""Backups and restores: consistent copies while another thread writes, round trips that give back the same
database, refusals with a clear message (library and ``ppp backup`` / ``ppp restore``), on SQLite and on the
suite's PostgreSQL server."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from ppp import services
from ppp.cli import main
from ppp.store import head_revision, init_database, make_engine, session_scope
from ppp.store.backup import BackupError, backup_database, restore_database, shown_url

#: how long the writer thread keeps saving while backups are taken (seconds)
WRITING_SECONDS = 2.0
#: at least this many backups are taken while it saves
BACKUPS_WHILE_WRITING = 3


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _seeded_sqlite(path: Path) -> Engine:
    engine = make_engine(_sqlite_url(path))
    init_database(engine)
    services.clear_evaluation_cache()
    return engine


def _contents(url: str) -> tuple[dict[str, int], list[tuple[int, int, str]]]:
    """Row counts of the main tables and every project's (id, revision, input hash)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            counts = {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("projects", "project_revisions", "bids", "kpi_readings", "audit_log")
            }
            projects = [
                (int(row[0]), int(row[1]), str(row[2]))
                for row in connection.execute(
                    text("SELECT id, revision, input_hash FROM projects ORDER BY id")
                )
            ]
    finally:
        engine.dispose()
    return counts, projects


def _new_postgresql_database(url: str, suffix: str) -> str:
    """A new, empty database beside ``url``'s on the same server: its URL."""
    import psycopg

    server = psycopg.conninfo.conninfo_to_dict(url.replace("postgresql+psycopg", "postgresql"))
    with psycopg.connect(
        host=server["host"], port=server["port"], user=server["user"], dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'CREATE DATABASE "{server["dbname"]}_{suffix}"')
    return f"{url}_{suffix}"


def _readable_copy(copy: Path, database_url: str, number: int) -> str:
    """A URL to read a backup with: the SQLite copy itself (checked here as a file), or a PostgreSQL
    database the archive was restored into."""
    if database_url.startswith("sqlite"):
        with closing(sqlite3.connect(copy)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        return _sqlite_url(copy)
    target = _new_postgresql_database(database_url, f"copy{number}")
    restore_database(source=copy, url=target)
    return target


def test_a_backup_taken_while_another_thread_saves_is_a_consistent_prefix(
    database_url: str, seeded: Engine, principal: services.Principal, tmp_path: Path
) -> None:
    with session_scope(seeded) as session:
        stored = services.get_project(session=session, principal=principal, project_id=1)
    committed: list[int] = [stored.revision]
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_saving() -> None:
        revision, rate = stored.revision, 0.05
        try:
            while not stop.is_set():
                rate += 0.0001
                edited = stored.project.model_copy(
                    update={"rates": stored.project.rates.model_copy(update={"discount_rate": rate})}
                )
                with session_scope(seeded) as session:
                    saved = services.save_project(
                        session=session,
                        principal=principal,
                        project_id=stored.id,
                        base_revision=revision,
                        project=edited,
                    )
                revision = saved.revision
                committed.append(revision)
        except BaseException as error:  # the test fails on any error, below
            errors.append(error)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    copies: list[tuple[int, Path, int]] = []
    try:
        deadline = time.monotonic() + WRITING_SECONDS
        while time.monotonic() < deadline or len(copies) < BACKUPS_WHILE_WRITING:
            before = committed[-1]
            destination = tmp_path / f"copy{len(copies)}.backup"
            report = backup_database(url=database_url, destination=destination)
            assert report.revision == head_revision()
            copies.append((before, destination, committed[-1]))
            time.sleep(0.2)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert errors == []
    assert committed[-1] > copies[0][0], "the writer saved nothing while the backups ran"
    for number, (at_least, copy, at_most) in enumerate(copies):
        engine = make_engine(_readable_copy(copy, database_url, number))
        try:
            with engine.connect() as connection:
                revision = connection.execute(text("SELECT revision FROM projects WHERE id = 1")).scalar_one()
                kept = (
                    connection.execute(
                        text("SELECT revision FROM project_revisions WHERE project_id = 1 ORDER BY revision")
                    )
                    .scalars()
                    .all()
                )
                audited = sorted(
                    json.loads(after)["revision"]
                    for after in connection.execute(
                        text(
                            "SELECT after FROM audit_log "
                            "WHERE entity = 'project' AND entity_id = 1 AND action = 'save'"
                        )
                    ).scalars()
                )
        finally:
            engine.dispose()
        # a prefix of what was committed: every save up to the copy's revision, each with its audit entry
        assert at_least <= revision <= at_most
        assert kept[-1] == revision
        assert list(kept) == list(range(kept[0], revision + 1))
        assert audited == list(range(stored.revision + 1, revision + 1))
    assert not list(tmp_path.glob("*.partial"))


def test_restore_gives_back_the_same_database(tmp_path: Path) -> None:
    engine = _seeded_sqlite(tmp_path / "live.sqlite3")
    engine.dispose()
    live = _sqlite_url(tmp_path / "live.sqlite3")
    backup = backup_database(url=live, destination=tmp_path / "backup.sqlite3")
    original = _contents(live)
    assert backup.row_counts["projects"] == original[0]["projects"] > 0
    assert backup.row_counts["audit_log"] == original[0]["audit_log"]
    assert backup.bytes == (tmp_path / "backup.sqlite3").stat().st_size

    fresh = _sqlite_url(tmp_path / "fresh.sqlite3")
    report = restore_database(source=tmp_path / "backup.sqlite3", url=fresh)
    assert report.replaced_projects == 0
    assert report.revision == head_revision()
    assert _contents(fresh) == original

    # change the live database, then put the backup back over it
    engine = make_engine(live)
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        revision = services.get_project(session=session, principal=principal, project_id=1).revision
        services.archive_project(session=session, principal=principal, project_id=1, base_revision=revision)
    engine.dispose()
    assert _contents(live) != original
    replaced = restore_database(source=tmp_path / "backup.sqlite3", url=live, replace=True)
    assert replaced.replaced_projects == original[0]["projects"]
    assert _contents(live) == original
    # the restored database is the app's: it starts on it as on any other
    engine = make_engine(live)
    init_database(engine)
    engine.dispose()


def test_an_app_reading_during_a_restore_sees_the_old_or_the_new_database(tmp_path: Path) -> None:
    _seeded_sqlite(tmp_path / "live.sqlite3").dispose()
    live = _sqlite_url(tmp_path / "live.sqlite3")
    backup_database(url=live, destination=tmp_path / "backup.sqlite3")
    engine = make_engine(live)
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        original = services.get_project(session=session, principal=principal, project_id=1).project
        services.create_project(session=session, principal=principal, project=original)
    old, new = len(_contents(live)[1]), len(_contents(live)[1]) - 1
    seen: set[int] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_reading() -> None:
        try:
            while not stop.is_set():
                with session_scope(engine, read_only=True) as session:
                    seen.add(int(session.execute(text("SELECT count(*) FROM projects")).scalar_one()))
        except BaseException as error:  # the test fails on any error, below
            errors.append(error)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        time.sleep(0.1)
        restore_database(source=tmp_path / "backup.sqlite3", url=live, replace=True)
        time.sleep(0.1)
    finally:
        stop.set()
        reader.join(timeout=60)
    with session_scope(engine, read_only=True) as session:
        after = int(session.execute(text("SELECT count(*) FROM projects")).scalar_one())
    engine.dispose()
    assert errors == []
    assert after == new
    assert seen <= {old, new}
    assert old in seen


def test_restore_refuses_to_replace_projects_without_replace(tmp_path: Path) -> None:
    _seeded_sqlite(tmp_path / "live.sqlite3").dispose()
    live = _sqlite_url(tmp_path / "live.sqlite3")
    backup_database(url=live, destination=tmp_path / "backup.sqlite3")
    before = _contents(live)
    with pytest.raises(BackupError) as refused:
        restore_database(source=tmp_path / "backup.sqlite3", url=live)
    assert refused.value.key == "backup.target_not_empty"
    assert refused.value.params == {"target": shown_url(live), "projects": before[0]["projects"]}
    assert _contents(live) == before
    with pytest.raises(BackupError) as refused:
        restore_database(source=tmp_path / "live.sqlite3", url=live, replace=True)
    assert refused.value.key == "backup.same_file"


def test_a_backup_that_fails_leaves_no_file(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("these are notes, not a database\n" * 200, encoding="utf-8")
    with pytest.raises(BackupError) as refused:
        backup_database(url=_sqlite_url(not_a_database), destination=tmp_path / "backup.sqlite3")
    assert refused.value.key == "backup.not_a_database"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_restore_refuses_a_backup_of_a_newer_schema(tmp_path: Path) -> None:
    _seeded_sqlite(tmp_path / "live.sqlite3").dispose()
    backup_database(url=_sqlite_url(tmp_path / "live.sqlite3"), destination=tmp_path / "backup.sqlite3")
    with sqlite3.connect(tmp_path / "backup.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BackupError) as refused:
        restore_database(source=tmp_path / "backup.sqlite3", url=_sqlite_url(tmp_path / "new.sqlite3"))
    assert refused.value.key == "backup.newer_revision"
    assert refused.value.params["revision"] == "9999"


def _cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_commands_back_up_restore_and_refuse_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seeded_sqlite(tmp_path / "live.sqlite3").dispose()
    live = _sqlite_url(tmp_path / "live.sqlite3")
    backup = str(tmp_path / "backup.sqlite3")

    code, out, _ = _cli("backup", backup, "--database-url", live)
    assert code == 0
    assert f"Backup written: {backup}" in out
    assert f"Schema revision: {head_revision()}" in out
    assert "integrity ok, foreign keys ok" in out

    # the default database is the app's: PPP_DATA_DIR
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PPP_DATA_DIR", str(tmp_path / "data"))
    code, out, _ = _cli("restore", backup)
    assert code == 0
    assert "Restored" in out
    assert (tmp_path / "data" / "ppp.sqlite3").is_file()

    code, _, err = _cli("restore", str(tmp_path / "missing.sqlite3"), "--database-url", live)
    assert code == 2
    assert f"backup file {tmp_path / 'missing.sqlite3'}: not found" in err

    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    code, _, err = _cli("restore", str(tmp_path / "notes.txt"), "--database-url", live)
    assert code == 2
    assert f"{tmp_path / 'notes.txt'}: not a SQLite database" in err

    code, _, err = _cli("--lang", "zh", "restore", backup, "--database-url", live)
    assert code == 2
    assert "须加 --replace" in err
    assert "个项目" in err
    code, _, err = _cli("restore", backup, "--database-url", live)
    assert "needs --replace" in err
    assert _cli("restore", backup, "--database-url", live, "--replace")[0] == 0

    code, _, err = _cli("backup", str(tmp_path / "no" / "such" / "folder.sqlite3"), "--database-url", live)
    assert code == 2
    assert f"the folder {tmp_path / 'no' / 'such'} does not exist" in err

    # pg_dump nowhere to be found: neither on PATH nor in /usr/lib/postgresql/*/bin
    monkeypatch.setattr("ppp.store.backup.shutil.which", lambda name: None)
    monkeypatch.setattr("ppp.store.backup.glob.glob", lambda pattern: [])
    code, _, err = _cli("backup", backup, "--database-url", "postgresql://app:secret@127.0.0.1:1/ppp")
    assert code == 2
    assert "pg_dump: not found on PATH" in err
    assert "secret" not in err


def test_postgresql_backup_and_restore_round_trip(postgresql_url: str, tmp_path: Path) -> None:
    engine = make_engine(postgresql_url)
    try:
        init_database(engine)
    finally:
        engine.dispose()
    services.clear_evaluation_cache()
    original = _contents(postgresql_url)
    archive = tmp_path / "backup.dump"
    report = backup_database(url=postgresql_url, destination=archive)
    assert report.backend == "postgresql"
    assert report.revision == head_revision()
    assert report.row_counts["projects"] == original[0]["projects"] > 0
    assert archive.read_bytes()[:5] == b"PGDMP"

    target_url = _new_postgresql_database(postgresql_url, "restored")
    restored = restore_database(source=archive, url=target_url)
    assert restored.revision == head_revision()
    assert restored.replaced_projects == 0
    assert _contents(target_url) == original

    with pytest.raises(BackupError) as refused:
        restore_database(source=archive, url=target_url)
    assert refused.value.key == "backup.target_not_empty"
    assert restore_database(source=archive, url=target_url, replace=True).replaced_projects == len(
        original[1]
    )
    assert _contents(target_url) == original

    # tables the archive does not have would stay behind (a newer schema's): refused, nothing changed
    engine = make_engine(target_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE added_by_a_newer_release (id integer)"))
    engine.dispose()
    with pytest.raises(BackupError) as refused:
        restore_database(source=archive, url=target_url, replace=True)
    assert refused.value.key == "backup.target_has_other_tables"
    assert refused.value.params["tables"] == "added_by_a_newer_release"

    not_an_archive = tmp_path / "notes.dump"
    not_an_archive.write_text("not an archive", encoding="utf-8")
    with pytest.raises(BackupError) as refused:
        restore_database(source=not_an_archive, url=target_url)
    assert refused.value.key == "backup.not_an_archive"


def test_the_password_goes_to_pg_dump_in_the_environment_not_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import subprocess

    from ppp.store import backup

    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        environment = options["env"]
        assert isinstance(environment, dict)
        calls.append((command, environment))
        return subprocess.CompletedProcess(command, 1, stdout="", stderr="pg_restore: error: not an archive")

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(shutil, "which", lambda name: f"/opt/pg/bin/{name}")
    archive = tmp_path / "backup.dump"
    archive.write_bytes(b"PGDMP")
    with pytest.raises(BackupError) as refused:
        restore_database(source=archive, url="postgresql://app:s3cret@db.example:5433/ppp")
    # the archive is read first: refused before the database is ever touched
    assert refused.value.key == "backup.not_an_archive"
    assert refused.value.params["detail"] == "pg_restore: error: not an archive"
    assert [command[:2] for command, _ in calls] == [["/opt/pg/bin/pg_restore", "--list"]]

    calls.clear()
    url = "postgresql://app:s3cret@db.example:5433/ppp"

    def succeeding_run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        environment = options["env"]
        assert isinstance(environment, dict)
        calls.append((command, environment))
        return subprocess.CompletedProcess(command, 0, stdout="listing", stderr="")

    monkeypatch.setattr(subprocess, "run", succeeding_run)
    # every PostgreSQL program is started by _run_tool with the URL that _libpq_uri gives
    assert backup._run_tool(["pg_dump", f"--dbname={backup._libpq_uri(url)}"], url) == "listing"
    ((command, environment),) = calls
    assert command == ["pg_dump", "--dbname=postgresql://app@db.example:5433/ppp"]
    assert environment["PGPASSWORD"] == "s3cret"
