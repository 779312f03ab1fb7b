"""The crash harness, bounded: writers SIGKILLed during saves of bids and KPI readings lose no acknowledged
save and leave no partial transaction, on SQLite and PostgreSQL; and its checks do catch a lost save and a
partial one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ppp.bench_crash import (
    BATCH_ROWS,
    Acknowledgements,
    CrashReport,
    check_database,
    main,
    run_crash_harness,
)
from ppp.store import make_engine

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SQLITE_KILLS = 12
POSTGRESQL_KILLS = 6


def _assert_clean(report: CrashReport, kills: int) -> None:
    assert report.problems == []
    assert report.kills == kills
    assert report.missing == 0
    assert report.partial == 0
    assert report.integrity_ok
    # the writers did save (how much depends on the machine's load: the waits are seeded, the speed is not)
    assert report.acknowledged > 0
    # whatever was acknowledged is stored; a kill between commit and acknowledgement may store one more
    assert report.stored_bids >= report.acknowledged_bids
    assert report.stored_batches >= report.acknowledged_uploads


def test_sigkilled_writers_lose_nothing_on_sqlite(tmp_path: Path) -> None:
    report = run_crash_harness(kills=SQLITE_KILLS, url=f"sqlite:///{tmp_path / 'crash.sqlite3'}", seed=7)
    _assert_clean(report, SQLITE_KILLS)
    assert report.ok


def test_sigkilled_writers_lose_nothing_on_postgresql(postgresql_url: str) -> None:
    report = run_crash_harness(kills=POSTGRESQL_KILLS, url=postgresql_url, seed=3)
    _assert_clean(report, POSTGRESQL_KILLS)
    assert report.backend == "postgresql"


def test_the_checks_find_a_lost_save_and_a_partial_transaction(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    report = run_crash_harness(kills=1, url=url, seed=1)
    assert report.ok, report.problems
    engine = make_engine(url)
    try:
        # an acknowledgement the database does not have: one missing save
        acks = Acknowledgements(
            bids={10_000: (1, "sha256:0")}, uploads={f"crash-{report.token}-9-9": BATCH_ROWS}
        )
        check_database(engine, tender_id=report.tender_id, token=report.token, acks=acks, report=report)
        assert (report.missing, report.partial) == (2, 0)
        # half a batch of readings, and a bid whose audit entry is gone: two partial transactions
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO kpi_readings (project_id, kpi_id, period, value, version, reason, "
                    "recorded_at) VALUES "
                    "(:t, 'platform_availability', '2030-01', '99', 99, :marker, '2026-01-01')"
                ),
                {"t": report.tender_id, "marker": f"crash-{report.token}-8-8"},
            )
            # audit entries cannot be deleted (the log is append-only): store a bid without one instead
            connection.execute(
                text(
                    "INSERT INTO bids (project_id, bidder, organisation, submitted, inputs_toml, input_hash, "
                    "version, submitted_at) VALUES "
                    "(:t, 'Forged bidder', '', '2025-03-10', '', 'sha256:0', 1, '2026-01-01 00:00:00.000000')"
                ),
                {"t": report.tender_id},
            )
        check_database(
            engine, tender_id=report.tender_id, token=report.token, acks=Acknowledgements(), report=report
        )
        assert (report.missing, report.partial) == (0, 2)
        assert not report.ok
        assert any("without its audit entry" in problem for problem in report.problems)
    finally:
        engine.dispose()


def test_the_command_prints_the_figures_and_refuses_a_bad_kill_count(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--kills", "0", "--lang", "zh"], out=out, err=err) == 2
    assert "--kills 0" in err.getvalue()
    assert "1 到 100000" in err.getvalue()
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    assert main(["--kills", "1", "--database-url", url, "--quiet"], out=out, err=err) == 0
    table = out.getvalue()
    for label in ("kills", "acknowledged saves", "missing acknowledged saves", "partial transactions"):
        assert label in table
    assert "integrity and foreign-key checks" in table
    assert "ok" in table
