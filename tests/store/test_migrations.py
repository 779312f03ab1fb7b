"""Alembic migrations: they build exactly the tables the models describe, and a seeded database survives a
downgrade to every revision and the upgrade back to head."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from ppp.store import (
    SeedReport,
    current_revision,
    downgrade,
    head_revision,
    init_database,
    make_engine,
    revisions,
    upgrade,
)
from ppp.store.seed import DEMO_USERS, sample_bid_paths, sample_project_paths
from ppp.store.tables import BID_FREEZE_MESSAGE, metadata

TABLES = {
    "users",
    "projects",
    "project_revisions",
    "bids",
    "kpi_frameworks",
    "kpi_readings",
    "milestones",
    "audit_log",
    "payments",
    "project_documents",
    "stage_transitions",
    "actual_costs",
    "auditor_scopes",
}
#: the tables every revision has (``payments`` came with 0003, the lifecycle tables with 0004,
#: ``actual_costs`` with 0005, ``auditor_scopes`` with 0007): the data a downgrade must keep
KEPT_TABLES = TABLES - {
    "payments",
    "project_documents",
    "stage_transitions",
    "actual_costs",
    "auditor_scopes",
}
#: the sample files: bids (a [bid] table) are seeded into ``bids``, every other file is a project
SAMPLE_PROJECTS = len(sample_project_paths())
SAMPLE_BIDS = len(sample_bid_paths())


def _schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), metadata))


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in sorted(KEPT_TABLES)
        }


def test_revisions_are_listed_oldest_first() -> None:
    assert revisions() == ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"]
    assert head_revision() == "0008"


def test_migrations_create_every_table_exactly_as_the_models_describe(engine: Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(sa.inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    assert set(metadata.tables) == TABLES
    assert _schema_differences(engine) == []


def test_a_seeded_database_upgrades_from_every_revision(seeded: Engine) -> None:
    before = _counts(seeded)
    assert before["projects"] == SAMPLE_PROJECTS
    assert before["bids"] == SAMPLE_BIDS >= 3
    assert before["milestones"] > 0
    with seeded.connect() as connection:
        stages = {row[0]: row[1] for row in connection.execute(sa.text("SELECT id, stage FROM projects"))}
    for revision in reversed(revisions()):
        downgrade(seeded, revision)
        assert current_revision(seeded) == revision
        assert _counts(seeded) == before, f"data lost by the downgrade to {revision}"
        if revision != head_revision():
            assert _schema_differences(seeded), "the comparison should see the older schema"
        upgrade(seeded)
        assert current_revision(seeded) == head_revision()
        assert _counts(seeded) == before, f"data lost by the upgrade from {revision}"
        assert _schema_differences(seeded) == []
    # 0002 gave the milestones that existed before it their project's stage
    with seeded.connect() as connection:
        rows = [tuple(row) for row in connection.execute(sa.text("SELECT project_id, stage FROM milestones"))]
    assert rows
    assert all(stage == stages[project_id] for project_id, stage in rows)


def test_the_upgrade_from_base_and_back_recreates_the_seeded_database(seeded: Engine) -> None:
    downgrade(seeded, "base")
    assert current_revision(seeded) is None
    assert set(sa.inspect(seeded).get_table_names()) == {"alembic_version"}
    report = init_database(seeded)
    assert report.projects == SAMPLE_PROJECTS
    assert report.bids == SAMPLE_BIDS
    assert _schema_differences(seeded) == []


def test_rows_written_at_revision_0001_are_carried_to_head(engine: Engine) -> None:
    upgrade(engine, "0001")
    # the tables as revision 0001 had them (milestones without a stage), written with Core inserts
    projects = sa.table(
        "projects",
        *(sa.column(name) for name in ("id", "name", "city", "stage", "framework", "payment_mode")),
        *(sa.column(name) for name in ("money_unit", "archived", "revision", "inputs_toml", "input_hash")),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    milestones = sa.table(
        "milestones", *(sa.column(name) for name in ("project_id", "name", "planned", "actual"))
    )
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    with engine.begin() as connection:
        connection.execute(
            projects.insert(),
            [
                {
                    "id": number,
                    "name": f"project {number}",
                    "city": "",
                    "stage": stage,
                    "framework": "mof-2015",
                    "payment_mode": "government-pay",
                    "money_unit": "万元",
                    "archived": False,
                    "revision": 1,
                    "inputs_toml": "",
                    "input_hash": "sha256:0",
                    "created_at": now,
                    "updated_at": now,
                }
                for number, stage in ((1, "procurement"), (2, "execution"))
            ],
        )
        connection.execute(
            milestones.insert(),
            [
                {"project_id": 1, "name": "contract", "planned": datetime.date(2026, 6, 30), "actual": None},
                {"project_id": 2, "name": "handover", "planned": datetime.date(2040, 12, 31), "actual": None},
            ],
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT project_id, name, stage FROM milestones ORDER BY project_id")
        ).all()
    assert [tuple(row) for row in rows] == [(1, "contract", "procurement"), (2, "handover", "execution")]
    indexes = {index["name"] for index in sa.inspect(engine).get_indexes("milestones")}
    assert "ix_milestones_next" in indexes
    assert "ix_milestones_project_id" not in indexes


def test_0006_freezes_bids_stored_before_it_and_dates_them(seeded: Engine) -> None:
    downgrade(seeded, "0005")
    with seeded.begin() as connection:
        # before 0006 nothing stopped a change
        connection.execute(sa.text("UPDATE bids SET organisation = 'before 0006'"))
        submitted = dict(connection.execute(sa.text("SELECT id, submitted FROM bids")).all())
    upgrade(seeded)
    bids = sa.table(
        "bids",
        sa.column("id"),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
        sa.column("organisation"),
    )
    with seeded.connect() as connection:
        rows = connection.execute(sa.select(bids.c.id, bids.c.submitted_at, bids.c.organisation)).all()
    assert len(rows) == SAMPLE_BIDS
    for bid_id, submitted_at, organisation in rows:
        day = submitted[bid_id]
        day = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
        assert submitted_at.replace(tzinfo=None) == datetime.datetime.combine(day, datetime.time(0))
        assert organisation == "before 0006"
    # the comparison of schemas does not look at ON DELETE: checked here
    keys = {key["referred_table"]: key for key in sa.inspect(seeded).get_foreign_keys("bids")}
    assert keys["projects"]["options"].get("ondelete") == "RESTRICT"
    assert set(keys) == {"projects", "users"}
    for statement in ("UPDATE bids SET organisation = 'after 0006'", "DELETE FROM bids"):
        with pytest.raises(DBAPIError) as refused, seeded.begin() as connection:
            connection.execute(sa.text(statement))
        assert BID_FREEZE_MESSAGE in str(refused.value.orig)


def test_init_database_is_idempotent(engine: Engine) -> None:
    first = init_database(engine)
    assert first == SeedReport(
        projects=SAMPLE_PROJECTS,
        milestones=first.milestones,
        kpi_frameworks=4,
        bids=SAMPLE_BIDS,
        documents=first.documents,
        users=len(DEMO_USERS),
    )
    counts = _counts(engine)
    assert init_database(engine) == SeedReport()
    assert _counts(engine) == counts
    assert counts["users"] == 1 + len(DEMO_USERS)


def test_two_processes_starting_at_once_set_the_database_up_once(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    barrier = threading.Barrier(len(engines))
    reports: list[SeedReport] = []
    errors: list[BaseException] = []

    def start(engine: Engine) -> None:
        try:
            barrier.wait()
            reports.append(init_database(engine))
        except BaseException as error:  # reported below, with the other thread's outcome
            errors.append(error)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert errors == []
        assert sorted(report.projects for report in reports) == [0, SAMPLE_PROJECTS]
        counts = _counts(engines[0])
        assert counts["projects"] == SAMPLE_PROJECTS
        assert counts["bids"] == SAMPLE_BIDS
        assert counts["users"] == 1 + len(DEMO_USERS)
        assert counts["kpi_frameworks"] == 4
    finally:
        for engine in engines:
            engine.dispose()
