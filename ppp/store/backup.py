"""Backups and restores of the application's database, consistent while the app keeps writing.

SQLite
------
:func:`backup_database` copies the file with SQLite's online backup API (``sqlite3.Connection.backup``) in
one step: the copy is read inside one read transaction, which in WAL mode is a consistent snapshot of the
last commit, and writers carry on meanwhile (WAL readers do not block the writer). The copy is written to a
temporary file beside the destination, switched to ``journal_mode=DELETE`` (one self-contained file), checked
(``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` must be clean), synced and only then renamed to
the destination: a failed or interrupted backup never leaves a half file under the final name.

:func:`restore_database` uses the same API the other way (backup file → the live database), so a running app
sees either the old database or the restored one, never a mixture: the copy holds the target's write lock
and lands in one transaction.

PostgreSQL
----------
``pg_dump --format=custom`` inside an exported snapshot: a REPEATABLE READ transaction exports its snapshot,
``pg_dump --snapshot`` dumps exactly that state, and the row counts and Alembic revision of the report are
read in the same transaction, so the report describes the dump exactly. Restores run ``pg_restore --clean
--if-exists --no-owner --single-transaction`` (all or nothing). The binaries are taken from ``PATH``, else
from Debian's ``/usr/lib/postgresql/<major>/bin`` (the newest); the password travels in ``PGPASSWORD``,
never on a command line that ``ps`` would show.

Either way a restore first checks the backup (SQLite: integrity and a ppp schema with an Alembic revision
this version knows; PostgreSQL: ``pg_restore --list`` reads it) and refuses to replace a database that holds
projects unless ``replace=True``. A restored database at an older schema is migrated by the normal start-up
(:func:`ppp.store.database.init_database`).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Connection, make_url

from ppp.store.database import SQLITE_BUSY_TIMEOUT_MS, make_engine, normalise_url
from ppp.store.migrate import revisions

Backend = Literal["sqlite", "postgresql"]

#: the tables whose row counts a report gives (what a reader checks first after a restore)
MAIN_TABLES: Final[tuple[str, ...]] = ("projects", "bids", "kpi_readings", "audit_log")
_VERSION_TABLE: Final = "alembic_version"
# how many characters of a failing tool's error output a message quotes
_TOOL_DETAIL_CHARS: Final = 400


class BackupError(Exception):
    """A refused backup or restore: a catalog key (``backup.*``) and the parameters of its message."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")


@dataclass(frozen=True)
class BackupReport:
    """What :func:`backup_database` wrote.

    ``bytes`` is the size of the backup file; ``row_counts`` the rows of :data:`MAIN_TABLES` in the copy
    (the tables it has); ``revision`` the copy's Alembic revision; ``seconds`` the wall time taken.
    """

    backend: Backend
    url: str
    path: Path
    bytes: int
    revision: str | None
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`restore_database` did: the backup read, the database replaced (``url``, password hidden),
    how many projects it held before (``replaced_projects``) and what it holds now."""

    backend: Backend
    url: str
    path: Path
    bytes: int
    revision: str | None
    replaced_projects: int
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def shown_url(url: str) -> str:
    """``url`` as it may be printed: the password replaced by ``***``.

    Examples
    --------
    >>> shown_url("postgresql://app:secret@db.example:5432/ppp")
    'postgresql+psycopg://app:***@db.example:5432/ppp'
    >>> shown_url("sqlite:////var/lib/ppp/ppp.sqlite3")
    'sqlite:////var/lib/ppp/ppp.sqlite3'
    """
    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def backup_database(*, url: str, destination: Path) -> BackupReport:
    """Write a consistent, checked copy of the database at ``url`` to ``destination``.

    Parameters
    ----------
    url
        The database (``sqlite:///path`` or a PostgreSQL URL), e.g. :func:`ppp.store.database_url`.
    destination
        The backup file to write (replaced if it exists). Its folder must exist. SQLite: a database file;
        PostgreSQL: a ``pg_dump`` custom-format archive.

    Returns
    -------
    BackupReport

    Raises
    ------
    BackupError
        ``backup.database_missing``, ``backup.not_a_database``, ``backup.not_ppp``,
        ``backup.integrity_failed``, ``backup.foreign_keys_failed``, ``backup.folder_missing``,
        ``backup.write_failed``, ``backup.destination_is_folder``, ``backup.tool_missing``,
        ``backup.tool_failed``, ``backup.unsupported_url``.
    """
    started = time.perf_counter()
    backend = _backend(url)
    folder = destination.parent if str(destination.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError("backup.folder_missing", path=str(destination), folder=str(folder))
    if destination.is_dir():
        raise BackupError("backup.destination_is_folder", path=str(destination))
    with _temporary_beside(destination) as temporary:
        if backend == "sqlite":
            revision, counts = _sqlite_backup(_sqlite_path(url), temporary)
        else:
            revision, counts = _postgresql_backup(url, temporary)
        _fsync(temporary)
        try:
            os.replace(temporary, destination)
        except OSError as error:
            raise BackupError("backup.write_failed", path=str(destination), detail=_reason(error)) from None
    _fsync_folder(folder)
    return BackupReport(
        backend=backend,
        url=shown_url(url),
        path=destination,
        bytes=destination.stat().st_size,
        revision=revision,
        row_counts=counts,
        seconds=time.perf_counter() - started,
    )


def restore_database(*, source: Path, url: str, replace: bool = False) -> RestoreReport:
    """Replace the database at ``url`` with the backup ``source``, all or nothing.

    Parameters
    ----------
    source
        A file written by :func:`backup_database` for the same backend.
    url
        The database to restore into; a SQLite file is created if missing (its folder must exist), a
        PostgreSQL database must exist.
    replace
        Allow replacing a database that holds projects; without it such a restore is refused.

    Returns
    -------
    RestoreReport

    Raises
    ------
    BackupError
        ``backup.source_missing``, ``backup.same_file``, ``backup.not_a_database``, ``backup.not_ppp``,
        ``backup.newer_revision``, ``backup.integrity_failed``, ``backup.foreign_keys_failed``,
        ``backup.not_an_archive``, ``backup.target_not_empty``, ``backup.target_has_other_tables``,
        ``backup.folder_missing``, ``backup.write_failed``, ``backup.tool_missing``, ``backup.tool_failed``,
        ``backup.unsupported_url``.
    """
    started = time.perf_counter()
    backend = _backend(url)
    if not source.is_file():
        raise BackupError("backup.source_missing", path=str(source))
    if backend == "sqlite":
        target = _sqlite_path(url)
        if target.exists() and target.resolve() == source.resolve():
            raise BackupError("backup.same_file", path=str(source))
        replaced, revision, counts = _sqlite_restore(source, target, replace=replace, url=url)
    else:
        replaced, revision, counts = _postgresql_restore(source, url, replace=replace)
    return RestoreReport(
        backend=backend,
        url=shown_url(url),
        path=source,
        bytes=source.stat().st_size,
        revision=revision,
        replaced_projects=replaced,
        row_counts=counts,
        seconds=time.perf_counter() - started,
    )


# --- SQLite ------------------------------------------------------------------------------------------------


def _sqlite_backup(source: Path, temporary: Path) -> tuple[str | None, dict[str, int]]:
    if not source.is_file():
        raise BackupError("backup.database_missing", path=str(source))
    with closing(_sqlite_open(source)) as live, closing(_sqlite_open(temporary)) as copy:
        try:
            # one step (pages=-1): the whole copy is read in one read transaction, a consistent snapshot;
            # a step loop would restart whenever the app commits and might never finish under steady writes
            live.backup(copy, pages=-1)
        except sqlite3.DatabaseError as error:
            raise BackupError("backup.not_a_database", path=str(source), detail=_reason(error)) from None
        # the copy inherits WAL mode from the header; a backup should be one self-contained file
        copy.execute("PRAGMA journal_mode = DELETE")
        return _sqlite_checked(copy, temporary)


def _sqlite_restore(
    source: Path, target: Path, *, replace: bool, url: str
) -> tuple[int, str | None, dict[str, int]]:
    with closing(_sqlite_open(source)) as backup:
        try:
            _sqlite_checked(backup, source)
        except sqlite3.DatabaseError as error:
            raise BackupError("backup.not_a_database", path=str(source), detail=_reason(error)) from None
        if not target.parent.is_dir():
            raise BackupError("backup.folder_missing", path=str(target), folder=str(target.parent))
        with closing(_sqlite_open(target)) as live:
            try:
                held = _sqlite_project_count(live)
            except sqlite3.DatabaseError as error:
                raise BackupError("backup.not_a_database", path=str(target), detail=_reason(error)) from None
            if held and not replace:
                raise BackupError("backup.target_not_empty", target=shown_url(url), projects=held)
            # the copy takes the target's write lock (waiting busy_timeout for a writer) and commits in one
            # go: connections of a running app see the old database or the new one
            try:
                backup.backup(live, pages=-1)
            except sqlite3.Error as error:
                raise BackupError("backup.write_failed", path=str(target), detail=_reason(error)) from None
            live.execute("PRAGMA journal_mode = WAL")
            revision, counts = _sqlite_checked(live, target)
    return held, revision, counts


def _sqlite_open(path: Path) -> sqlite3.Connection:
    # autocommit (isolation_level=None): pysqlite must not open transactions of its own around the checks
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return connection


def _sqlite_checked(connection: sqlite3.Connection, path: Path) -> tuple[str | None, dict[str, int]]:
    """Integrity and foreign keys clean, a ppp schema at a known revision: its revision and row counts."""
    problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError("backup.integrity_failed", path=str(path), detail="; ".join(problems[:5]))
    orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        shown = "; ".join(f"{table} rowid {rowid} → {parent}" for table, rowid, parent, _ in orphans[:5])
        raise BackupError("backup.foreign_keys_failed", path=str(path), count=len(orphans), detail=shown)
    tables = {
        str(name) for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    revision = None
    if _VERSION_TABLE in tables:
        row = connection.execute(f"SELECT version_num FROM {_VERSION_TABLE}").fetchone()
        revision = None if row is None else str(row[0])
    _check_revision(revision, tables, path)
    counts = {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for table in MAIN_TABLES
        if table in tables
    }
    return revision, counts


def _sqlite_project_count(connection: sqlite3.Connection) -> int:
    has_projects = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'projects'"
    ).fetchone()[0]
    return int(connection.execute("SELECT count(*) FROM projects").fetchone()[0]) if has_projects else 0


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("backup.unsupported_url", url=shown_url(url))
    return Path(database)


# --- PostgreSQL --------------------------------------------------------------------------------------------


def _postgresql_backup(url: str, temporary: Path) -> tuple[str | None, dict[str, int]]:
    pg_dump = postgresql_tool("pg_dump")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            snapshot_holder = connection.execution_options(isolation_level="REPEATABLE READ")
            with snapshot_holder.begin():
                snapshot = str(snapshot_holder.execute(text("SELECT pg_export_snapshot()")).scalar_one())
                revision, counts = _postgresql_contents(snapshot_holder)
                _check_revision(revision, set(counts) | ({_VERSION_TABLE} if revision else set()), url)
                # the exporting transaction stays open until pg_dump is done: its snapshot must live that long
                _run_tool(
                    [
                        pg_dump,
                        "--format=custom",
                        "--no-password",
                        f"--snapshot={snapshot}",
                        f"--file={temporary}",
                        f"--dbname={_libpq_uri(url)}",
                    ],
                    url,
                )
    finally:
        engine.dispose()
    _archive_listing(temporary)
    return revision, counts


def _postgresql_restore(source: Path, url: str, *, replace: bool) -> tuple[int, str | None, dict[str, int]]:
    pg_restore = postgresql_tool("pg_restore")
    listing = _archive_listing(source)
    if not re.search(rf"\bTABLE public {_VERSION_TABLE}\b", listing):
        raise BackupError("backup.not_ppp", path=str(source))
    revision = _archive_revision(source)
    _check_revision(revision, {_VERSION_TABLE, "projects"}, source)
    archived_tables = set(re.findall(r"\bTABLE public (\w+) ", listing))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            held = 0
            if inspector.has_table("projects"):
                held = int(connection.execute(text("SELECT count(*) FROM projects")).scalar_one())
            # --clean drops what the archive has: tables a newer schema added would stay behind and break
            # the migration at the next start
            left_behind = sorted(set(inspector.get_table_names()) - archived_tables)
        if held and not replace:
            raise BackupError("backup.target_not_empty", target=shown_url(url), projects=held)
        if left_behind:
            raise BackupError(
                "backup.target_has_other_tables", target=shown_url(url), tables=", ".join(left_behind)
            )
        _run_tool(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--no-password",
                f"--dbname={_libpq_uri(url)}",
                str(source),
            ],
            url,
        )
        with engine.connect() as connection, connection.begin():
            restored_revision, counts = _postgresql_contents(connection)
    finally:
        engine.dispose()
    return held, restored_revision, counts


def _postgresql_contents(connection: Connection) -> tuple[str | None, dict[str, int]]:
    inspector = inspect(connection)
    counts = {
        table: int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
        for table in MAIN_TABLES
        if inspector.has_table(table)
    }
    revision = None
    if inspector.has_table(_VERSION_TABLE):
        revision = connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar_one_or_none()
    return revision, counts


def _archive_listing(archive: Path) -> str:
    """``pg_restore --list`` of the archive: reading its table of contents proves it is one."""
    try:
        return _run_tool([postgresql_tool("pg_restore"), "--list", str(archive)], None)
    except BackupError as error:
        if error.key != "backup.tool_failed":
            raise
        raise BackupError("backup.not_an_archive", path=str(archive), detail=error.params["detail"]) from None


def _archive_revision(archive: Path) -> str | None:
    """The Alembic revision stored in a dump (the data of its ``alembic_version`` table)."""
    script = _run_tool(
        [
            postgresql_tool("pg_restore"),
            "--data-only",
            f"--table={_VERSION_TABLE}",
            "--file=-",
            str(archive),
        ],
        None,
    )
    copying = False
    for line in script.splitlines():
        if line.startswith(f"COPY public.{_VERSION_TABLE} "):
            copying = True
        elif copying:
            return None if line == "\\." else line.strip()
    return None


def postgresql_tool(name: str) -> str:
    """The path of a PostgreSQL client program (``pg_dump``, ``pg_restore``): ``PATH`` first, else the
    newest of Debian's ``/usr/lib/postgresql/<major>/bin``.

    Raises
    ------
    BackupError
        ``backup.tool_missing`` when it is in neither.

    Examples
    --------
    >>> postgresql_tool("no-such-tool-anywhere")
    Traceback (most recent call last):
    ...
    ppp.store.backup.BackupError: backup.tool_missing: {'tool': 'no-such-tool-anywhere'}
    """
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise BackupError("backup.tool_missing", tool=name)


def _libpq_uri(url: str) -> str:
    """The URL as libpq reads it: without the driver name and without the password (see :func:`_run_tool`)."""
    parsed = make_url(normalise_url(url))
    # URL.set ignores None, so a URL without the password is built anew
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def _run_tool(command: list[str], url: str | None) -> str:
    """Run a PostgreSQL client program; its standard output. The URL's password goes in ``PGPASSWORD``."""
    environment = dict(os.environ)
    if url is not None:
        password = make_url(normalise_url(url)).password
        if password is not None:
            environment["PGPASSWORD"] = str(password)
    try:
        finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    except OSError as error:
        raise BackupError("backup.tool_missing", tool=f"{command[0]} ({_reason(error)})") from None
    if finished.returncode != 0:
        detail = " ".join(finished.stderr.split())[-_TOOL_DETAIL_CHARS:] or f"exit {finished.returncode}"
        raise BackupError("backup.tool_failed", tool=Path(command[0]).name, detail=detail)
    return finished.stdout


# --- both --------------------------------------------------------------------------------------------------


def _backend(url: str) -> Backend:
    try:
        name = make_url(normalise_url(url)).get_backend_name()
    except Exception:  # SQLAlchemy raises ArgumentError for text that is not a URL at all
        raise BackupError("backup.unsupported_url", url=url) from None
    if name == "sqlite":
        return "sqlite"
    if name == "postgresql":
        return "postgresql"
    raise BackupError("backup.unsupported_url", url=shown_url(url))


def _check_revision(revision: str | None, tables: set[str], where: Path | str) -> None:
    """A ppp database has the Alembic version table, a projects table and a revision this code knows."""
    shown = shown_url(where) if isinstance(where, str) else str(where)
    if revision is None or "projects" not in tables:
        raise BackupError("backup.not_ppp", path=shown)
    known = revisions()
    if revision not in known:
        raise BackupError("backup.newer_revision", path=shown, revision=revision, head=known[-1])


@contextmanager
def _temporary_beside(destination: Path) -> Iterator[Path]:
    """A new empty file in the destination's folder (so the final rename is atomic), removed on failure."""
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent
        )
    except OSError as error:
        raise BackupError("backup.write_failed", path=str(destination), detail=_reason(error)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # the rename is durable only once the folder's entry is on disk (POSIX; Windows cannot open folders)
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def report_counts(counts: Mapping[str, int]) -> str:
    """Row counts as one line, in :data:`MAIN_TABLES` order.

    Examples
    --------
    >>> report_counts({"bids": 3, "projects": 12})
    'projects 12, bids 3'
    """
    return ", ".join(f"{table} {counts[table]:,}" for table in MAIN_TABLES if table in counts)
