"""The audit trail on SQLite and PostgreSQL: the hash chain links every change the services make, the
database refuses UPDATE, DELETE (and TRUNCATE) of the log, and with that protection dropped as a database
administrator could, every altered, deleted or inserted row is named by verify; concurrent writers keep one
chain; migration 0008 chains the rows it finds exactly as the application would; stored snapshots are
re-evaluated and their result hashes compared."""

from __future__ import annotations

import datetime
import itertools
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ppp import services
from ppp.engine import evaluate
from ppp.engine.evaluation import result_hash
from ppp.model import load_project, parse_project
from ppp.services import Principal
from ppp.store import downgrade, session_scope, upgrade
from ppp.store.audit import (
    APPEND_ONLY_MESSAGE,
    GENESIS_HASH,
    ChainProblem,
    entry_hash,
    record,
    reproduce,
    verify_chain,
)
from ppp.store.seed import resolve_samples_dir
from ppp.store.tables import AuditEntry

YANGXIN = resolve_samples_dir() / "yangxin_smart_city_bot.toml"
AUDIT = sa.table(
    "audit_log",
    *(sa.column(name) for name in ("id", "user_id", "action", "entity", "entity_id", "before", "after")),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("prev_hash"),
    sa.column("entry_hash"),
)


def rows(engine: Engine) -> list[Any]:
    """Every audit row in id order, read back through the table model (UTC-aware ``at``)."""
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return list(connection.execute(sa.select(table).order_by(table.c.id)))


def verify(engine: Engine, expect_head: str | None = None) -> Any:
    with session_scope(engine, read_only=True) as session:
        return verify_chain(session, expect_head=expect_head)


def make_changes(engine: Engine, principal: Principal) -> None:
    """Several services' changes: create, save, duplicate, archive."""
    project = load_project(YANGXIN).project
    with session_scope(engine) as session:
        created = services.create_project(session=session, principal=principal, project=project)
    edited = project.model_copy(
        update={"project": project.project.model_copy(update={"name": "审计链 test project"})}
    )
    with session_scope(engine) as session:
        saved = services.save_project(
            session=session, principal=principal, project_id=created.id, base_revision=1, project=edited
        )
    with session_scope(engine) as session:
        services.duplicate_project(session=session, principal=principal, project_id=created.id)
    with session_scope(engine) as session:
        services.archive_project(
            session=session, principal=principal, project_id=created.id, base_revision=saved.revision
        )


def remove_protection(engine: Engine) -> None:
    """What a database administrator can do: drop the triggers that refuse changes to the log."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("DROP TRIGGER audit_log_append_only ON audit_log"))
            connection.execute(sa.text("DROP TRIGGER audit_log_append_only_truncate ON audit_log"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_log_append_only_update"))
            connection.execute(sa.text("DROP TRIGGER audit_log_append_only_delete"))


def recomputed(row: Any, **changed: Any) -> str:
    """The hash of a row as read, or with some of its fields ``changed``."""
    fields = {
        key: changed.get(key, getattr(row, key))
        for key in ("prev_hash", "at", "user_id", "action", "entity", "entity_id", "before", "after")
    }
    return entry_hash(entry_id=row.id, **fields)


# ---- the chain ---------------------------------------------------------------------------------------------


def test_the_chain_links_every_change_the_services_make(seeded: Engine, principal: Principal) -> None:
    make_changes(seeded, principal)
    chain = rows(seeded)
    assert {"create", "save", "duplicate", "archive"} <= {row.action for row in chain}
    assert chain[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.entry_hash
        assert after.id > before.id
    assert all(row.entry_hash == recomputed(row) for row in chain)
    report = verify(seeded)
    assert report.intact
    assert report.problems == ()
    assert report.rows == len(chain)
    assert (report.head_id, report.head_hash) == (chain[-1].id, chain[-1].entry_hash)
    assert report.seconds >= 0.0


def test_the_time_hashed_is_the_time_read_back_to_the_microsecond(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        entry = record(
            session, principal=principal, action="note", entity="project", entity_id=1, before=None, after={}
        )
        written, written_hash = entry.at, entry.entry_hash
    assert written.microsecond or written.second or written.minute  # a real instant, not a rounded one
    stored = rows(seeded)[-1]
    assert stored.at == written
    assert stored.at.tzinfo is not None
    assert stored.entry_hash == written_hash == recomputed(stored)


def test_the_database_refuses_update_delete_and_truncate(seeded: Engine) -> None:
    statements = [
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log WHERE id = 1",
        "DELETE FROM audit_log",
    ]
    if seeded.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError) as refused, seeded.begin() as connection:
            connection.execute(sa.text(statement))
        assert APPEND_ONLY_MESSAGE in str(refused.value.orig), statement
    assert verify(seeded).intact


# ---- tampering, with the protection dropped ----------------------------------------------------------------


def test_an_altered_row_is_named(seeded: Engine, principal: Principal) -> None:
    make_changes(seeded, principal)
    remove_protection(seeded)
    target = rows(seeded)[3]
    with seeded.begin() as connection:
        connection.execute(sa.update(AUDIT).where(AUDIT.c.id == target.id).values(after='{"revision": 99}'))
    report = verify(seeded)
    assert report.problems == (
        ChainProblem(
            "altered", target.id, stored=target.entry_hash, recomputed=_recomputed_after(seeded, target.id)
        ),
    )


def _recomputed_after(engine: Engine, row_id: int) -> str:
    return recomputed(next(row for row in rows(engine) if row.id == row_id))


def test_an_altered_row_with_its_hash_recomputed_breaks_the_next_link(
    seeded: Engine, principal: Principal
) -> None:
    make_changes(seeded, principal)
    remove_protection(seeded)
    chain = rows(seeded)
    target, following = chain[2], chain[3]
    forged = recomputed(target, after='{"forged": true}')
    with seeded.begin() as connection:
        connection.execute(
            sa.update(AUDIT)
            .where(AUDIT.c.id == target.id)
            .values(after='{"forged": true}', entry_hash=forged)
        )
    report = verify(seeded)
    assert [(problem.kind, problem.row_id, problem.previous_id) for problem in report.problems] == [
        ("broken_link", following.id, target.id)
    ]


def test_a_deleted_middle_row_is_named_by_the_row_after_it(seeded: Engine, principal: Principal) -> None:
    make_changes(seeded, principal)
    remove_protection(seeded)
    chain = rows(seeded)
    before, deleted, after = chain[2], chain[3], chain[4]
    with seeded.begin() as connection:
        connection.execute(sa.delete(AUDIT).where(AUDIT.c.id == deleted.id))
    report = verify(seeded)
    assert report.problems == (
        ChainProblem(
            "broken_link",
            after.id,
            previous_id=before.id,
            stored=deleted.entry_hash,
            recomputed=before.entry_hash,
        ),
    )
    assert report.rows == len(chain) - 1


def test_a_deleted_first_row_leaves_a_chain_without_its_start(seeded: Engine) -> None:
    remove_protection(seeded)
    first, second = rows(seeded)[:2]
    with seeded.begin() as connection:
        connection.execute(sa.delete(AUDIT).where(AUDIT.c.id == first.id))
    assert [(problem.kind, problem.row_id) for problem in verify(seeded).problems] == [
        ("missing_start", second.id)
    ]


def test_an_inserted_row_is_named(seeded: Engine, principal: Principal) -> None:
    make_changes(seeded, principal)
    remove_protection(seeded)
    first = rows(seeded)[0]
    # a forged entry slipped in before the first, hashed correctly and linked to the start
    at = first.at - datetime.timedelta(seconds=1)
    forged = {
        "id": 0,
        "at": at if seeded.dialect.name == "postgresql" else at.replace(tzinfo=None),
        "user_id": None,
        "action": "grant",
        "entity": "user",
        "entity_id": 1,
        "before": None,
        "after": '{"role": "administrator"}',
        "prev_hash": GENESIS_HASH,
    }
    forged["entry_hash"] = entry_hash(
        prev_hash=GENESIS_HASH,
        entry_id=0,
        at=at,
        user_id=None,
        action="grant",
        entity="user",
        entity_id=1,
        before=None,
        after=forged["after"],
    )
    with seeded.begin() as connection:
        connection.execute(sa.insert(AUDIT).values(**forged))
    report = verify(seeded)
    assert [(problem.kind, problem.row_id, problem.previous_id) for problem in report.problems] == [
        ("inserted", first.id, 0)
    ]


def test_a_row_appended_by_hand_with_a_made_up_hash_is_named(seeded: Engine, principal: Principal) -> None:
    remove_protection(seeded)
    chain = rows(seeded)
    now = datetime.datetime.now(datetime.UTC)
    with seeded.begin() as connection:
        connection.execute(
            sa.insert(AUDIT).values(
                id=chain[-1].id + 10,
                at=now if seeded.dialect.name == "postgresql" else now.replace(tzinfo=None),
                action="save",
                entity="project",
                entity_id=1,
                prev_hash=chain[0].entry_hash,
                entry_hash="f" * 64,
            )
        )
    kinds = [(problem.kind, problem.row_id) for problem in verify(seeded).problems]
    # it follows the same entry as the second row: a fork, named as an insertion (and its hash as altered)
    assert kinds == [("altered", chain[-1].id + 10), ("inserted", chain[-1].id + 10)]


def test_removing_the_newest_rows_is_caught_only_by_the_recorded_head(
    seeded: Engine, principal: Principal
) -> None:
    make_changes(seeded, principal)
    recorded = verify(seeded)
    assert verify(seeded, recorded.head_hash).expected_head_id == recorded.head_id
    make_changes(seeded, principal)
    later = verify(seeded, recorded.head_hash)
    assert later.intact
    assert later.appended_since_expected == later.rows - recorded.rows > 0
    remove_protection(seeded)
    with seeded.begin() as connection:
        connection.execute(sa.delete(AUDIT).where(AUDIT.c.id >= recorded.head_id))
    assert verify(seeded).intact  # a shortened chain is still a chain
    missing = verify(seeded, recorded.head_hash)
    assert missing.problems == (ChainProblem("missing_head", None, stored=recorded.head_hash),)
    assert missing.expected_head_id is None


# ---- concurrency -------------------------------------------------------------------------------------------


def test_concurrent_writers_keep_one_unforked_chain(seeded: Engine, principal: Principal) -> None:
    threads_count, appends = 6, 15
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait()
            for index in range(appends):
                with session_scope(seeded) as session:
                    record(
                        session,
                        principal=principal,
                        action="note",
                        entity="thread",
                        entity_id=number,
                        before=None,
                        after={"index": index},
                    )
        except BaseException as error:  # reported below
            errors.append(error)

    start = len(rows(seeded))
    threads = [threading.Thread(target=writer, args=(number,)) for number in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    chain = rows(seeded)
    assert len(chain) == start + threads_count * appends
    assert len({row.prev_hash for row in chain}) == len(chain)  # no two rows follow the same row
    report = verify(seeded)
    assert report.intact, report.problems
    assert report.rows == len(chain)


# ---- migration 0008 ----------------------------------------------------------------------------------------


def test_0008_chains_existing_rows_as_the_application_does(seeded: Engine, principal: Principal) -> None:
    make_changes(seeded, principal)
    written = [(row.id, row.prev_hash, row.entry_hash) for row in rows(seeded)]
    downgrade(seeded, "0007")
    with seeded.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("audit_log")}
        assert "entry_hash" not in columns
        assert "result_hash" not in {column["name"] for column in sa.inspect(connection).get_columns("bids")}
    with seeded.begin() as connection:  # without 0008 nothing refuses a change
        connection.execute(sa.text("UPDATE audit_log SET action = action"))
    upgrade(seeded)
    assert [(row.id, row.prev_hash, row.entry_hash) for row in rows(seeded)] == written
    assert verify(seeded).intact
    with pytest.raises(DBAPIError), seeded.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log"))
    with session_scope(seeded) as session:  # appends go on from the chain's head
        record(
            session,
            principal=principal,
            action="note",
            entity="project",
            entity_id=1,
            before=None,
            after=None,
        )
    assert verify(seeded).rows == len(written) + 1


def test_0008_keeps_the_bids_frozen(seeded: Engine) -> None:
    with pytest.raises(DBAPIError), seeded.begin() as connection:
        connection.execute(sa.text("UPDATE bids SET result_hash = 'sha256:0'"))


# ---- reproducing stored evaluations ------------------------------------------------------------------------


def _store_result_hash(connection: Connection, table: str, row_id: int, value: str) -> None:
    connection.execute(
        sa.text(f"UPDATE {table} SET result_hash = :value WHERE id = :id"), {"value": value, "id": row_id}
    )


def test_a_fresh_database_and_a_saved_revision_reproduce(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded, read_only=True) as session:
        fresh = reproduce(session)
    assert fresh
    assert {result.kind for result in fresh} == {"revision", "bid"}
    assert {result.status for result in fresh} == {"equal"}
    project = load_project(YANGXIN).project
    edited = project.model_copy(update={"rates": project.rates.model_copy(update={"discount_rate": 0.061})})
    with session_scope(seeded) as session:
        created = services.create_project(session=session, principal=principal, project=project)
        saved = services.save_project(
            session=session, principal=principal, project_id=created.id, base_revision=1, project=edited
        )
    with session_scope(seeded, read_only=True) as session:
        revisions = reproduce(session, project_id=created.id)
        (second,) = reproduce(session, project_id=created.id, revision=saved.revision)
    assert [(result.number, result.status) for result in revisions] == [(1, "equal"), (2, "equal")]
    assert second.stored_result_hash == result_hash(evaluate(edited))
    assert revisions[0].stored_result_hash != second.stored_result_hash


def test_reproduce_compares_stored_result_hashes(seeded: Engine) -> None:
    with seeded.connect() as connection:
        revision_id, inputs = connection.execute(
            sa.text("SELECT id, inputs_toml FROM project_revisions ORDER BY id LIMIT 1")
        ).one()
    expected = result_hash(evaluate(parse_project(inputs).project))
    # a revision stored before migration 0008 has no result hash: recomputed only, not a failure
    with seeded.begin() as connection:
        connection.execute(
            sa.text("UPDATE project_revisions SET result_hash = NULL WHERE id = :id"), {"id": revision_id}
        )
    with session_scope(seeded, read_only=True) as session:
        (old,) = [
            result
            for result in reproduce(session)
            if result.row_id == revision_id and result.kind == "revision"
        ]
    assert (old.status, old.stored_result_hash, old.recomputed_result_hash) == (
        "no_stored_hash",
        None,
        expected,
    )
    assert old.ok
    with seeded.begin() as connection:
        _store_result_hash(connection, "project_revisions", revision_id, "sha256:" + "0" * 64)
    with session_scope(seeded, read_only=True) as session:
        (changed,) = reproduce(session, project_id=old.project_id, revision=old.number)
    assert (changed.status, changed.recomputed_result_hash) == ("differs", expected)
    assert not changed.ok


def test_reproduce_names_a_changed_stored_file(seeded: Engine) -> None:
    with seeded.begin() as connection:
        revision_id, inputs = connection.execute(
            sa.text("SELECT id, inputs_toml FROM project_revisions ORDER BY id LIMIT 1")
        ).one()
        changed = inputs.replace('name = "', 'name = "changed ', 1)
        connection.execute(
            sa.text("UPDATE project_revisions SET inputs_toml = :text WHERE id = :id"),
            {"text": changed, "id": revision_id},
        )
    with session_scope(seeded, read_only=True) as session:
        (result,) = [
            result
            for result in reproduce(session)
            if result.row_id == revision_id and result.kind == "revision"
        ]
    assert result.status == "input_hash_mismatch"
    assert result.detail.startswith("sha256:")
    assert result.detail != result.input_hash


def test_reproduce_a_bid(seeded: Engine) -> None:
    with seeded.connect() as connection:
        bid_id, inputs = connection.execute(
            sa.text("SELECT id, inputs_toml FROM bids ORDER BY id LIMIT 1")
        ).one()
    with session_scope(seeded, read_only=True) as session:
        (stored,) = reproduce(session, bid_id=bid_id)
    assert (stored.kind, stored.status) == ("bid", "equal")
    assert stored.recomputed_result_hash == result_hash(evaluate(parse_project(inputs).project))
    # a bid whose stored hash was changed (written here as a DBA would: the table is frozen)
    with seeded.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("ALTER TABLE bids DISABLE TRIGGER bids_frozen"))
        else:
            connection.execute(sa.text("DROP TRIGGER bids_frozen_update"))
        _store_result_hash(connection, "bids", bid_id, "sha256:" + "2" * 64)
    with session_scope(seeded, read_only=True) as session:
        (changed,) = reproduce(session, bid_id=bid_id)
    assert changed.status == "differs"
