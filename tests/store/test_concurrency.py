"""The lost-update harness: concurrent read-modify-write units of work never lose an increment.

8 threads × 200 units of work, each in its own session_scope: read the row (``FOR UPDATE``, as the services
do), write value + 1. With pysqlite's default transaction handling this ended at 202; with BEGIN IMMEDIATE on
SQLite and SELECT ... FOR UPDATE on PostgreSQL it must end at exactly 1,600, with no error.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy.engine import Engine
from sqlmodel import select

from ppp.model import load_project
from ppp.services import Principal, ServiceError, get_project, save_project
from ppp.store import session_scope, upgrade
from ppp.store.seed import resolve_samples_dir
from ppp.store.tables import ProjectRow

THREADS = 8
INCREMENTS = 200


def _run_in_threads(work: list[threading.Thread]) -> None:
    for thread in work:
        thread.start()
    for thread in work:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in work), "a worker did not finish"


def test_eight_threads_of_read_modify_write_lose_no_update(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(engine) as session:
        row = ProjectRow(
            name="counter",
            stage="execution",
            framework="mof-2015",
            payment_mode="government-pay",
            money_unit="万元",
            inputs_toml="",
            input_hash="sha256:0",
            revision=0,
        )
        session.add(row)
        session.flush()
        project_id = row.id
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(INCREMENTS):
                with session_scope(engine) as session:
                    counter = session.exec(
                        select(ProjectRow).where(ProjectRow.id == project_id).with_for_update()
                    ).one()
                    counter.revision = counter.revision + 1
        except BaseException as error:  # every error fails the test, below
            errors.append(error)

    started = time.perf_counter()
    _run_in_threads([threading.Thread(target=worker) for _ in range(THREADS)])
    elapsed = time.perf_counter() - started
    assert errors == []
    with session_scope(engine, read_only=True) as session:
        final = session.exec(select(ProjectRow.revision).where(ProjectRow.id == project_id)).one()
    assert final == THREADS * INCREMENTS == 1600, f"lost updates: {final} after {elapsed:.1f} s"


def test_two_saves_from_the_same_revision_one_wins_the_other_is_stale(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        stored = get_project(session=session, principal=principal, project_id=1)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(rate: float) -> None:
        edited = stored.project.model_copy(
            update={"rates": stored.project.rates.model_copy(update={"discount_rate": rate})}
        )
        barrier.wait()
        try:
            with session_scope(seeded) as session:
                save_project(
                    session=session,
                    principal=principal,
                    project_id=stored.id,
                    base_revision=stored.revision,
                    project=edited,
                )
            outcomes.append("saved")
        except ServiceError as error:
            outcomes.append(error.key)

    _run_in_threads([threading.Thread(target=save, args=(rate,)) for rate in (0.051, 0.052)])
    assert sorted(outcomes) == ["saved", "service.stale_revision"]
    with session_scope(seeded, read_only=True) as session:
        assert get_project(session=session, principal=principal, project_id=1).revision == stored.revision + 1
    assert load_project(resolve_samples_dir() / "yangxin_smart_city_bot.toml")  # the sample file is untouched
