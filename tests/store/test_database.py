"""Connections and units of work: where the database is, SQLite's pragmas and locking, column types."""

from __future__ import annotations

import datetime
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from ppp.store import database_url, make_engine, normalise_url, session_scope, upgrade
from ppp.store.columns import to_decimal
from ppp.store.database import SQLITE_BUSY_TIMEOUT_MS
from ppp.store.tables import KpiReadingRow, ProjectRow, UserRow


def test_database_url_defaults_to_a_sqlite_file_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PPP_DATA_DIR", str(tmp_path / "new" / "folder"))
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'new' / 'folder' / 'ppp.sqlite3'}"
    assert (tmp_path / "new" / "folder").is_dir()


def test_database_url_from_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PPP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:secret@db.internal:5432/ppp")
    assert database_url() == "postgresql+psycopg://app:secret@db.internal:5432/ppp"
    assert normalise_url("postgres://x@h/d") == "postgresql+psycopg://x@h/d"
    assert normalise_url("postgresql+psycopg://x@h/d") == "postgresql+psycopg://x@h/d"


def test_every_sqlite_connection_sets_the_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    try:
        # held open together, so each is a different DBAPI connection, not one reused from the pool; raw
        # connections, as a SQLAlchemy Connection would begin (BEGIN IMMEDIATE) and queue behind the others
        connections = [engine.raw_connection() for _ in range(3)]
        for connection in connections:
            cursor = connection.cursor()
            pragmas = {
                name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
            }
            assert pragmas == {
                "foreign_keys": 1,
                "journal_mode": "wal",
                "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
                "synchronous": 2,  # FULL
            }
            cursor.close()
        assert SQLITE_BUSY_TIMEOUT_MS >= 5000
        for connection in connections:
            connection.close()
    finally:
        engine.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    try:
        upgrade(engine)
        with pytest.raises(Exception, match="FOREIGN KEY"), session_scope(engine) as session:
            session.connection().exec_driver_sql(
                "INSERT INTO milestones (project_id, name, stage, planned) VALUES (999, 'x', 'execution', "
                "'2030-01-01')"
            )
    finally:
        engine.dispose()


def test_a_writing_unit_of_work_holds_the_sqlite_write_lock_from_its_first_read(tmp_path: Path) -> None:
    path = tmp_path / "lock.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with session_scope(engine) as session:
            session.exec(select(UserRow)).all()  # a read only: BEGIN IMMEDIATE has taken the lock anyway
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
        with session_scope(engine, read_only=True) as session:
            session.exec(select(UserRow)).all()
            # a read-only unit of work takes no write lock
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        other.close()
    finally:
        engine.dispose()


def test_session_scope_commits_on_success_and_rolls_back_on_error(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(engine) as session:
        session.add(UserRow(name="a", email="a@example.org", role="vendor"))

    def failing_unit_of_work() -> None:
        with session_scope(engine) as session:
            session.add(UserRow(name="b", email="b@example.org", role="vendor"))
            session.flush()
            raise RuntimeError("the unit of work fails")

    with pytest.raises(RuntimeError):
        failing_unit_of_work()
    with session_scope(engine, read_only=True) as session:
        assert sorted(user.email for user in session.exec(select(UserRow)).scalars()) == ["a@example.org"]


def test_timestamps_are_utc_and_decimals_exact_on_both_backends(engine: Engine) -> None:
    upgrade(engine)
    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    values = [
        Decimal("12345678.123456"),
        Decimal("-0.000001"),
        Decimal("1234567890123.456789"),  # 19 significant digits: beyond a float
        Decimal("99.95"),
    ]
    with session_scope(engine) as session:
        user = UserRow(name="u", email="u@example.org", role="government", created_at=moment)
        session.add(user)
        project = ProjectRow(
            name="p",
            stage="execution",
            framework="mof-2015",
            payment_mode="government-pay",
            money_unit="万元",
            inputs_toml="",
            input_hash="sha256:0",
        )
        session.add(project)
        session.flush()
        assert project.id is not None
        for number, value in enumerate(values):
            session.add(
                KpiReadingRow(project_id=project.id, kpi_id=f"k{number}", period="2026-01", value=value)
            )
    with session_scope(engine, read_only=True) as session:
        stored = session.exec(select(UserRow)).scalars().one()
        assert stored.created_at == moment
        assert stored.created_at.tzinfo == datetime.UTC
        readings = session.exec(select(KpiReadingRow).order_by(KpiReadingRow.kpi_id)).scalars().all()
        assert [reading.value for reading in readings] == [to_decimal(value) for value in values]
        assert all(reading.value.as_tuple().exponent == -6 for reading in readings)
        # comparisons in SQL see the numbers, not their storage
        above = session.exec(select(KpiReadingRow.kpi_id).where(KpiReadingRow.value > Decimal("100")))
        assert sorted(above.scalars()) == ["k0", "k2"]
        assert session.execute(text("SELECT count(*) FROM kpi_readings")).scalar_one() == 4


def test_to_decimal_rounds_like_postgresql_and_refuses_what_does_not_fit() -> None:
    assert to_decimal(Decimal("2.0000005")) == Decimal("2.000001")
    assert to_decimal(Decimal("-2.0000005")) == Decimal("-2.000001")
    assert to_decimal(0.1) == Decimal("0.1")
    with pytest.raises(ValueError, match="NUMERIC"):
        to_decimal(Decimal("1e14"))
    with pytest.raises(ValueError, match="finite"):
        to_decimal(Decimal("NaN"))


def test_a_starting_process_waits_for_another_one_setting_the_database_up() -> None:
    from sqlalchemy.exc import OperationalError

    from ppp.store import database

    attempts: list[int] = []

    def busy_twice() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        return "set up"

    assert database._when_unlocked(busy_twice) == "set up"
    assert len(attempts) == 3

    def broken() -> str:
        raise OperationalError("SELECT", {}, Exception("no such table: projects"))

    with pytest.raises(OperationalError, match="no such table"):
        database._when_unlocked(broken)
