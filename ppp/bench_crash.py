"""``python -m ppp.bench_crash``: kill a writer process (SIGKILL) while it saves, then prove nothing was lost.

The parent creates a tender once (the sample ``xinyu_tender.toml``) and starts the writer process
(``python -m ppp.bench_crash --writer ...``), which imports the app once. Then ``--kills`` times: the writer
process forks a writer, the parent waits until that writer says it is ready, waits a random 20–300 ms
(``--seed``), kills it with SIGKILL and reads what it acknowledged. (Forking instead of starting a new
interpreter per kill saves the seconds of imports, so the time goes to saving.) A writer loops over two
saves, each one unit of work through the services with the local administrator: submit the next version of
a bid (:func:`ppp.services.submit_bid`; its technical score follows the version, so every version has a new
hash) and upload a batch of :data:`BATCH_ROWS` KPI readings in one all-or-nothing upload
(:func:`ppp.services.upload_readings`; every value differs from the one in force, so every row is a new
version, and the reason is a marker unique to the batch). Only after the commit has returned does it print
one acknowledgement line and flush it.

After every kill the parent opens the database and checks:

- every acknowledged save is there and equal (bid: id, version, input hash, and the stored file still gives
  that hash; upload: all its rows under its marker); a bidder's versions run 1, 2, ... without a hole;
- no partial transaction: every stored bid has its ``submit_bid`` audit entry and every such entry its bid;
  every batch of readings is complete (all :data:`BATCH_ROWS` rows or none) and its audit entries account
  for each row (``record_readings`` for new readings, ``correct_reading`` for each correction);
- SQLite: ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` empty; PostgreSQL: every
  foreign key of the schema, checked by a join, finds no orphan.

It prints a table of figures and exits 1 on any failure. The default database is a temporary SQLite file;
``--database-url`` runs it against another (a scratch PostgreSQL database: the harness adds a tender to it).
POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Final, TextIO

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from ppp.i18n import Language, default_language, translate

#: readings per upload: the unit whose all-or-nothing the harness checks
BATCH_ROWS: Final = 6
#: the random wait between the writer's "ready" and the kill, in seconds
KILL_DELAY_RANGE: Final = (0.020, 0.300)
#: a writer that is never killed (the parent died) stops by itself after this long, in seconds
WRITER_LIFETIME_SECONDS: Final = 120.0
#: how long the parent waits for a writer to start before giving up on it, in seconds
WRITER_START_TIMEOUT_SECONDS: Final = 120.0
TENDER_SAMPLE: Final = "xinyu_tender.toml"
BID_SAMPLE: Final = "xinyu_bid_a.toml"
_READY: Final = "ready"
_EXIT_FAILED: Final = 1
_EXIT_BAD_INPUT: Final = 2


@dataclass
class CrashReport:
    """The figures of a run: what was acknowledged, what the checks found, how long it took (seconds)."""

    backend: str
    tender_id: int = 0
    token: str = ""
    kills: int = 0
    acknowledged_bids: int = 0
    acknowledged_uploads: int = 0
    stored_bids: int = 0
    stored_batches: int = 0
    missing: int = 0
    partial: int = 0
    integrity_ok: bool = True
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def acknowledged(self) -> int:
        """Acknowledged saves of both kinds."""
        return self.acknowledged_bids + self.acknowledged_uploads

    @property
    def unacknowledged(self) -> int:
        """Saves stored but never acknowledged: the writer was killed between its commit and its line."""
        return self.stored_bids + self.stored_batches - self.acknowledged

    @property
    def ok(self) -> bool:
        """Nothing missing, nothing partial, clean checks."""
        return self.missing == 0 and self.partial == 0 and self.integrity_ok and not self.problems


@dataclass
class Acknowledgements:
    """Everything the writers acknowledged so far: bid id → (version, hash), batch marker → rows; the bids
    whose stored file has not been re-hashed yet."""

    bids: dict[int, tuple[int, str]] = field(default_factory=dict)
    uploads: dict[str, int] = field(default_factory=dict)
    unverified_bids: set[int] = field(default_factory=set)


class WriterError(RuntimeError):
    """The writer did not do its part: it stopped before being killed, or printed something unexpected."""


# --- the parent --------------------------------------------------------------------------------------------


def run_crash_harness(
    *,
    kills: int,
    url: str | None = None,
    seed: int = 0,
    progress: TextIO | None = None,
    language: Language = "en",
) -> CrashReport:
    """Kill a writer ``kills`` times during saves and check the database after each kill.

    Parameters
    ----------
    kills
        How many writers to start and kill.
    url
        The database; ``None``: a new SQLite file in a temporary folder, removed afterwards.
    seed
        Seeds the waits before each kill (the same seed kills at the same moments after "ready").
    progress
        Where to write one line per kill (``None``: nowhere), in ``language``.

    Returns
    -------
    CrashReport
        Check :attr:`CrashReport.ok`; :attr:`CrashReport.problems` says what failed.
    """
    if url is not None:
        return _run(kills=kills, url=url, seed=seed, progress=progress, language=language)
    with tempfile.TemporaryDirectory(prefix="ppp-crash-") as folder:
        return _run(
            kills=kills,
            url=f"sqlite:///{Path(folder) / 'crash.sqlite3'}",
            seed=seed,
            progress=progress,
            language=language,
        )


def _run(*, kills: int, url: str, seed: int, progress: TextIO | None, language: Language) -> CrashReport:
    from ppp.store import init_database, make_engine

    started = time.perf_counter()
    engine = make_engine(url)
    report = CrashReport(backend=engine.dialect.name)
    try:
        init_database(engine, seed=False)
        tender_id = report.tender_id = _create_tender(engine)
        # this run's batch markers: a database used before keeps the markers of earlier runs
        token = report.token = secrets.token_hex(4)
        generator = random.Random(seed)
        acks = Acknowledgements()
        with _WriterServer(url=url, tender_id=tender_id, token=token) as server:
            for life in range(kills):
                delay = generator.uniform(*KILL_DELAY_RANGE)
                try:
                    lines = server.kill_one_writer(life=life, delay=delay)
                except WriterError as error:
                    report.problems.append(str(error))
                    break
                for kind, first, second, third in lines:
                    if kind == "bid":
                        acks.bids[int(first)] = (int(second), third)
                        acks.unverified_bids.add(int(first))
                        report.acknowledged_bids += 1
                    else:
                        acks.uploads[first] = int(second)
                        report.acknowledged_uploads += 1
                report.kills = life + 1
                check_database(engine, tender_id=tender_id, token=token, acks=acks, report=report)
                if progress is not None:
                    line = translate(
                        "backup.crash.progress",
                        language,
                        kill=life + 1,
                        kills=kills,
                        milliseconds=f"{delay * 1000:.0f}",
                        acknowledged=len(lines),
                        missing=report.missing,
                        partial=report.partial,
                    )
                    print(line, file=progress, flush=True)
                if not report.ok:
                    break
    finally:
        engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _create_tender(engine: Engine) -> int:
    from ppp import services
    from ppp.store import session_scope
    from ppp.store.seed import resolve_samples_dir

    source = (resolve_samples_dir() / TENDER_SAMPLE).read_text(encoding="utf-8")
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        stored = services.import_project_file(session=session, principal=principal, text=source)
    return stored.id


class _WriterServer:
    """The writer process (``python -m ppp.bench_crash --writer``), imported once: for each life it forks a
    writer, which is the process that gets killed. A fork starts in milliseconds where a new interpreter
    spends seconds importing, so the 200 kills are spent saving, not importing."""

    def __init__(self, *, url: str, tender_id: int, token: str) -> None:
        package_root = str(Path(__file__).resolve().parent.parent)
        environment = dict(os.environ)
        # the child must import this same package, installed or not
        environment["PYTHONPATH"] = os.pathsep.join(
            part for part in (package_root, environment.get("PYTHONPATH", "")) if part
        )
        command = [sys.executable, "-m", "ppp.bench_crash", "--writer", "--database-url", url]
        command += ["--tender", str(tender_id), "--token", token]
        # closed in __exit__: it outlives this method, so no with-block can hold it
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=environment
        )
        self._lines: queue.Queue[bytes] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self) -> _WriterServer:
        return self

    def __exit__(self, *_: object) -> None:
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            self._errors.close()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line)
        self._lines.put(b"")

    def _next_line(self) -> list[str]:
        try:
            line = self._lines.get(timeout=WRITER_START_TIMEOUT_SECONDS)
        except queue.Empty:
            raise WriterError(f"the writer said nothing for {WRITER_START_TIMEOUT_SECONDS:.0f} s") from None
        if not line:
            self._process.wait()
            raise WriterError(f"the writer exited {self._process.returncode}: {self._tail()}")
        return line.decode().split()

    def kill_one_writer(self, *, life: int, delay: float) -> list[tuple[str, str, str, str]]:
        """Fork a writer, let it save for ``delay`` seconds after it is ready, SIGKILL it: its acks."""
        assert self._process.stdin is not None
        self._process.stdin.write(f"start {life}\n".encode())
        self._process.stdin.flush()
        pid = int(self._expect("pid")[1])
        ready = self._next_line()
        if ready != [_READY]:
            raise WriterError(f"writer {life} ({pid}) stopped before it was ready: {ready} {self._tail()}")
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        acks: list[tuple[str, str, str, str]] = []
        while True:
            parts = self._next_line()
            if parts[:2] == ["reaped", str(pid)]:
                status = int(parts[2])
                if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                    raise WriterError(f"writer {life} stopped by itself (status {status}): {self._tail()}")
                return acks
            if parts[0] == "bid" and len(parts) == 4:
                acks.append((parts[0], parts[1], parts[2], parts[3]))
            elif parts[0] == "readings" and len(parts) == 3:
                acks.append((parts[0], parts[1], parts[2], ""))
            else:
                raise WriterError(f"writer {life} printed an unknown line: {parts}")

    def _expect(self, word: str) -> list[str]:
        parts = self._next_line()
        if not parts or parts[0] != word:
            raise WriterError(f"the writer said {parts}, not {word}: {self._tail()}")
        return parts

    def _tail(self) -> str:
        self._errors.seek(0)
        return " ".join(self._errors.read().decode(errors="replace").split())[-600:]


# --- the checks --------------------------------------------------------------------------------------------


def check_database(
    engine: Engine, *, tender_id: int, token: str, acks: Acknowledgements, report: CrashReport
) -> None:
    """Check the database against the acknowledgements of the run ``token`` on the tender ``tender_id``.

    The figures (missing, partial, integrity, stored counts, problems) replace those in ``report``.
    """
    from ppp.model import canonical_hash, parse_project

    problems: list[str] = []
    missing = partial = 0
    with engine.connect() as connection:
        bids = {
            int(row.id): (str(row.bidder), int(row.version), str(row.input_hash), str(row.inputs_toml))
            for row in connection.execute(
                text("SELECT id, bidder, version, input_hash, inputs_toml FROM bids WHERE project_id = :t"),
                {"t": tender_id},
            )
        }
        audited_bids: Counter[int] = Counter()
        for entity_id, after in connection.execute(
            text("SELECT entity_id, after FROM audit_log WHERE entity = 'bid' AND action = 'submit_bid'")
        ):
            if json.loads(after).get("project_id") == tender_id:
                audited_bids[int(entity_id)] += 1
        readings: dict[str, list[int]] = defaultdict(list)
        for reading_id, reason in connection.execute(
            text("SELECT id, reason FROM kpi_readings WHERE project_id = :t"), {"t": tender_id}
        ):
            readings[str(reason)].append(int(reading_id))
        audited_rows: Counter[str] = Counter()
        for action, entity_id, after in connection.execute(
            text(
                "SELECT action, entity_id, after FROM audit_log WHERE "
                "(entity = 'kpi_reading' AND action = 'correct_reading') OR "
                "(entity = 'project' AND action = 'record_readings' AND entity_id = :t)"
            ),
            {"t": tender_id},
        ):
            details = json.loads(after)
            reason = str(details.get("reason", ""))
            if action == "record_readings":
                audited_rows[reason] += int(details["inserted"])
            elif details.get("project_id") == tender_id:
                audited_rows[reason] += 1
                if int(entity_id) not in readings.get(reason, []):
                    partial += 1
                    problems.append(f"audit entry of reading {entity_id} without its row ({reason})")
        integrity_problems = _integrity_problems(connection)

    # acknowledged bids: present and equal, the stored file still giving the hash
    for bid_id, (version, input_hash) in acks.bids.items():
        stored = bids.get(bid_id)
        if stored is None or stored[1] != version or stored[2] != input_hash:
            missing += 1
            problems.append(
                f"acknowledged bid {bid_id} v{version} {input_hash[:19]} stored as {stored and stored[1:3]}"
            )
    for bid_id in sorted(acks.unverified_bids & bids.keys()):
        if canonical_hash(parse_project(bids[bid_id][3]).project) != bids[bid_id][2]:
            missing += 1
            problems.append(f"bid {bid_id}: its stored file no longer gives its hash")
    acks.unverified_bids.clear()
    versions: dict[str, list[int]] = defaultdict(list)
    for bidder, version, _, _ in bids.values():
        versions[bidder].append(version)
    for bidder, found in versions.items():
        if sorted(found) != list(range(1, len(found) + 1)):
            missing += 1
            problems.append(f"bidder {bidder}: versions {sorted(found)} have a hole")
    # bids and their audit entries: committed together or not at all
    for bid_id in bids.keys() - audited_bids.keys():
        partial += 1
        problems.append(f"bid {bid_id} without its audit entry")
    for bid_id, count in audited_bids.items():
        if bid_id not in bids or count != 1:
            partial += 1
            problems.append(
                f"bid {bid_id}: {count} audit entries, row {'present' if bid_id in bids else 'absent'}"
            )

    # readings: every acknowledged batch complete; every stored batch complete and fully audited
    prefix = f"crash-{token}-"
    for marker, rows in acks.uploads.items():
        if len(readings.get(marker, [])) != rows or rows != BATCH_ROWS:
            missing += 1
            problems.append(
                f"acknowledged batch {marker}: {rows} rows acknowledged, "
                f"{len(readings.get(marker, []))} stored"
            )
    batches = {marker: ids for marker, ids in readings.items() if marker.startswith(prefix)}
    for marker in batches.keys() | {marker for marker in audited_rows if marker.startswith(prefix)}:
        stored_rows = len(batches.get(marker, []))
        if stored_rows != BATCH_ROWS or audited_rows[marker] != stored_rows:
            partial += 1
            problems.append(f"batch {marker}: {stored_rows} rows stored, {audited_rows[marker]} audited")

    report.missing = missing
    report.partial = partial
    report.integrity_ok = not integrity_problems
    report.problems = problems + integrity_problems
    report.stored_bids = len(bids)
    report.stored_batches = len(batches)


def _integrity_problems(connection: Connection) -> list[str]:
    """SQLite: integrity_check and foreign_key_check; PostgreSQL: every foreign key joined to its parent."""
    if connection.dialect.name == "sqlite":
        problems = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        found = [] if problems == ["ok"] else [f"integrity_check: {'; '.join(problems[:5])}"]
        orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if orphans:
            found.append(f"foreign_key_check: {len(orphans)} rows, first {tuple(orphans[0])}")
        return found
    found = []
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            pairs = list(zip(key["constrained_columns"], key["referred_columns"], strict=True))
            matches = " AND ".join(f'p."{parent}" = c."{child}"' for child, parent in pairs)
            present = " AND ".join(f'c."{child}" IS NOT NULL' for child, _ in pairs)
            orphans = connection.execute(
                text(
                    f'SELECT count(*) FROM "{table}" c WHERE {present} AND NOT EXISTS '
                    f'(SELECT 1 FROM "{key["referred_table"]}" p WHERE {matches})'
                )
            ).scalar_one()
            if orphans:
                found.append(f"{table}.{key['constrained_columns']}: {orphans} orphans")
    return found


# --- the writer --------------------------------------------------------------------------------------------


class _RollBackWarmUpError(Exception):
    """Ends the writer process's warm-up unit of work without committing it."""


def serve_writers(*, url: str, tender_id: int, token: str) -> None:
    """The writer process: import and warm up once, then per ``start LIFE`` line on stdin fork a writer
    (:func:`run_writer`), print ``pid PID``, wait for it to die and print ``reaped PID STATUS``.

    Nothing here holds a database connection across a fork: the warm-up's engine is disposed of first, and
    each writer makes its own.
    """
    from ppp import services
    from ppp.model import parse_project_text
    from ppp.store import make_engine, session_scope
    from ppp.store.seed import resolve_samples_dir

    engine = make_engine(url)
    bid_file = parse_project_text((resolve_samples_dir() / BID_SAMPLE).read_text(encoding="utf-8")).project
    with session_scope(engine, read_only=True) as session:
        principal = services.local_principal(session=session)
        tender = services.get_project(session=session, principal=principal, project_id=tender_id).project
        # the evaluation an upload needs (its operating years) is cached before any fork
        services.evaluate_project(session=session, principal=principal, project_id=tender_id)
    kpi = tender.kpis[0].id
    first_year = tender.timeline.start_year + tender.timeline.construction_years
    try:
        # both saves once, rolled back: the forked writers start with SQLAlchemy's statement caches filled
        with session_scope(engine) as session:
            services.submit_bid(session=session, principal=principal, project_id=tender_id, bid=bid_file)
            csv = f"kpi_id,period,value\n{kpi},{first_year:04d}-01,95.00\n"
            services.upload_readings(session=session, principal=principal, project_id=tender_id, text=csv)
            raise _RollBackWarmUpError
    except _RollBackWarmUpError:
        pass
    engine.dispose()
    for line in sys.stdin:
        parts = line.split()
        if parts[:1] != ["start"]:
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_writer(url=url, tender_id=tender_id, token=token, life=int(parts[1]))
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                # no clean-up of the parent's objects: leave as abruptly as a killed writer would
                os._exit(code)
        _acknowledge(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _acknowledge(f"reaped {pid} {status}")


def run_writer(*, url: str, tender_id: int, token: str, life: int) -> None:
    """The child: save bids and reading batches in turn, printing one line after each commit, until killed.

    Lines: ``ready`` once the database is open; ``bid ID VERSION HASH``; ``readings MARKER ROWS``.
    """
    from ppp import services
    from ppp.model import parse_project_text
    from ppp.store import make_engine, session_scope
    from ppp.store.seed import resolve_samples_dir

    engine = make_engine(url)
    bid_file = parse_project_text((resolve_samples_dir() / BID_SAMPLE).read_text(encoding="utf-8")).project
    assert bid_file.bid is not None
    with session_scope(engine, read_only=True) as session:
        principal = services.local_principal(session=session)
        tender = services.get_project(session=session, principal=principal, project_id=tender_id).project
        history = services.list_bids(session=session, principal=principal, project_id=tender_id).history
        in_force = {
            (reading.kpi_id, reading.period): reading.value
            for reading in services.latest_readings(
                session=session, principal=principal, project_id=tender_id
            )
        }
    bidder = bid_file.bid.bidder
    version = max((view.version for view in history if view.bidder == bidder), default=0) + 1
    first_year = tender.timeline.start_year + tender.timeline.construction_years
    slots = [
        (kpi.id, f"{year:04d}-{month:02d}")
        for year in range(first_year, first_year + tender.timeline.operation_years)
        for month in range(1, 13)
        for kpi in tender.kpis
    ]
    cursor = (life * BATCH_ROWS * 7) % len(slots)
    _acknowledge(_READY)
    deadline = time.monotonic() + WRITER_LIFETIME_SECONDS
    batch = 0
    while time.monotonic() < deadline:
        # a technical score that follows the version: every version gets a new hash
        offer = bid_file.model_copy(
            update={"bid": bid_file.bid.model_copy(update={"technical_score": 50 + (version % 4000) / 100})}
        )
        with session_scope(engine) as session:
            view = services.submit_bid(session=session, principal=principal, project_id=tender_id, bid=offer)
        _acknowledge(f"bid {view.id} {view.version} {view.input_hash}")
        version = view.version + 1

        chosen = [slots[(cursor + offset) % len(slots)] for offset in range(BATCH_ROWS)]
        cursor = (cursor + BATCH_ROWS) % len(slots)
        values = {slot: _next_value(in_force.get(slot)) for slot in chosen}
        csv = "kpi_id,period,value\n" + "".join(
            f"{kpi},{period},{values[kpi, period]}\n" for kpi, period in chosen
        )
        marker = f"crash-{token}-{life}-{batch}"
        with session_scope(engine) as session:
            result = services.upload_readings(
                session=session, principal=principal, project_id=tender_id, text=csv, reason=marker
            )
        in_force.update(values)
        _acknowledge(f"readings {marker} {result.inserted + result.corrected}")
        batch += 1


def _next_value(current: Decimal | None) -> Decimal:
    """A reading different from the one in force, so that every row of a batch is stored (a new version).

    Examples
    --------
    >>> _next_value(None), _next_value(Decimal("97.31")), _next_value(Decimal("99.99"))
    (Decimal('95.00'), Decimal('97.32'), Decimal('95.00'))
    """
    if current is None or current >= Decimal("99.99"):
        return Decimal("95.00")
    return (current + Decimal("0.01")).quantize(Decimal("0.01"))


def _acknowledge(line: str) -> None:
    # one write of the whole line: a kill cannot leave half a line that looks complete
    os.write(sys.stdout.fileno(), (line + "\n").encode())


# --- the command -------------------------------------------------------------------------------------------


def report_text(report: CrashReport, language: Language) -> str:
    """The table of figures."""
    result = "backup.crash.ok" if report.integrity_ok else "backup.crash.failed"
    rows = [
        ("backup.crash.kills", f"{report.kills:,}"),
        ("backup.crash.acknowledged", f"{report.acknowledged:,}"),
        ("backup.crash.acknowledged_bids", f"{report.acknowledged_bids:,}"),
        ("backup.crash.acknowledged_uploads", f"{report.acknowledged_uploads:,}"),
        ("backup.crash.stored_bids", f"{report.stored_bids:,}"),
        ("backup.crash.stored_batches", f"{report.stored_batches:,}"),
        ("backup.crash.unacknowledged", f"{report.unacknowledged:,}"),
        ("backup.crash.missing", f"{report.missing:,}"),
        ("backup.crash.partial", f"{report.partial:,}"),
        ("backup.crash.integrity", translate(result, language)),
        ("backup.crash.seconds", f"{report.seconds:.1f}"),
    ]
    labels = [translate(key, language) for key, _ in rows]
    width = max(_width(label) for label in labels) + 2
    lines = [translate("backup.crash.title", language, kills=report.kills, backend=report.backend), ""]
    header = translate("backup.crash.figure", language)
    value_header = translate("backup.crash.value", language)
    lines.append(header + " " * (width - _width(header)) + " " * (10 - _width(value_header)) + value_header)
    lines += [
        label + " " * (width - _width(label)) + " " * (10 - _width(value)) + value
        for label, (_, value) in zip(labels, rows, strict=True)
    ]
    lines += [translate("backup.crash.problem", language, detail=problem) for problem in report.problems[:20]]
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The command line; the exit code (0: every check passed; 1: a check failed; 2: bad input)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m ppp.bench_crash", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="writers to kill (default 200)")
    parser.add_argument(
        "--database-url", default=None, help="the database (default: a temporary SQLite file)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the waits before each kill")
    parser.add_argument("--lang", choices=("en", "zh"), default=None)
    parser.add_argument("--quiet", action="store_true", help="no line per kill")
    parser.add_argument("--writer", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tender", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--token", default="", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.writer:
        serve_writers(url=arguments.database_url, tender_id=arguments.tender, token=arguments.token)
        return 0
    language: Language = arguments.lang or default_language()
    if not 1 <= arguments.kills <= 100_000:
        print(translate("backup.crash.bad_kills", language, value=arguments.kills), file=err)
        return _EXIT_BAD_INPUT
    report = run_crash_harness(
        kills=arguments.kills,
        url=arguments.database_url,
        seed=arguments.seed,
        progress=None if arguments.quiet else err,
        language=language,
    )
    print(report_text(report, language), file=out)
    return 0 if report.ok else _EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
