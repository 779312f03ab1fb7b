"""Where the database is, how to connect to it, and units of work.

Two backends
------------
- **Embedded default: SQLite**, a file created on first start at ``$PPP_DATA_DIR/ppp.sqlite3``
  (``PPP_DATA_DIR`` defaults to ``~/.local/share/ppp-smart-city``). One machine, one or a few app processes.
- **Shared: PostgreSQL**, chosen by setting ``DATABASE_URL`` (``postgresql+psycopg://user:pass@host/db``;
  ``postgresql://`` and ``postgres://`` are read as psycopg 3 too). Several app instances behind a load
  balancer share one database; this is the scaling path.

Locking: how a read-modify-write stays correct on each backend
--------------------------------------------------------------
Every service change is "read the row, check it, write it" inside one :func:`session_scope`. Two of those
running at once must not both read the old value (a lost update).

- **SQLite**: every write transaction starts with ``BEGIN IMMEDIATE``, which takes the database's write lock
  before the first read, so read-modify-write units of work run one after the other; others wait for the
  lock (``busy_timeout``) instead of failing. pysqlite's default is worse in two ways: it sends no ``BEGIN``
  before a ``SELECT`` (the read happens outside the transaction, so concurrent increments are silently lost:
  8 threads × 200 increments ended at 202), and a plain deferred ``BEGIN`` that reads and then writes fails
  with ``SQLITE_BUSY`` when another writer got there first (WAL cannot upgrade a stale read snapshot). The
  recipe from SQLAlchemy's SQLite documentation is used: ``isolation_level = None`` on the DBAPI connection
  (pysqlite emits no ``BEGIN`` of its own) and ``BEGIN IMMEDIATE`` from the engine's ``begin`` event.
  ``FOR UPDATE`` is not SQL that SQLite knows; SQLAlchemy leaves it out there, so the same service code
  runs on both backends. A unit of work that only reads may ask for ``session_scope(engine,
  read_only=True)``: it starts with a deferred ``BEGIN`` (a consistent WAL snapshot, no write lock), so page
  loads never queue behind a save.
- **PostgreSQL** (READ COMMITTED): the unit of work reads the row it will change with
  ``SELECT ... FOR UPDATE`` (``select(...).with_for_update()``). A second transaction wanting the same row
  waits until the first commits and then reads the committed value. Without it, two transactions both read
  the old value and one update is lost. Services therefore always load a row they are about to change with
  ``with_for_update()``; on SQLite it is a no-op because the whole transaction already holds the lock.

Every SQLite connection also sets ``foreign_keys=ON`` (SQLite ignores foreign keys otherwise),
``journal_mode=WAL`` (readers do not block the writer), ``busy_timeout=5000`` ms and ``synchronous=FULL``
(a committed save survives a power cut).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from ppp.store.audit import record
from ppp.store.migrate import lock_for_setup, upgrade
from ppp.store.seed import SeedData, SeedReport, insert_seed, needs_seed, prepare_seed
from ppp.store.tables import LOCAL_USER_EMAIL, LOCAL_USER_NAME, UserRow

Result = TypeVar("Result")

DATA_DIR_VARIABLE: Final = "PPP_DATA_DIR"
DATABASE_URL_VARIABLE: Final = "DATABASE_URL"
DEFAULT_DATA_DIR: Final = Path("~/.local/share/ppp-smart-city")
SQLITE_FILE_NAME: Final = "ppp.sqlite3"

#: how long (ms) a SQLite connection waits for the write lock before giving up
SQLITE_BUSY_TIMEOUT_MS: Final = 5000
#: how long (s) a starting process keeps waiting for another one that is creating and seeding the database
SETUP_WAIT_SECONDS: Final = 120.0
#: the pragmas every SQLite connection runs, in this order (busy_timeout first: switching a new file to WAL
#: needs a lock another process may hold for a moment)
SQLITE_PRAGMAS: Final[tuple[tuple[str, str], ...]] = (
    ("busy_timeout", str(SQLITE_BUSY_TIMEOUT_MS)),
    ("foreign_keys", "ON"),
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
)
# the execution option that marks a read-only unit of work (a deferred BEGIN on SQLite)
_READ_ONLY: Final = "ppp_read_only"


def data_dir() -> Path:
    """The folder of the embedded database: ``$PPP_DATA_DIR``, else ``~/.local/share/ppp-smart-city``."""
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(override).expanduser() if override else DEFAULT_DATA_DIR.expanduser()


def database_url() -> str:
    """The database to use: ``$DATABASE_URL`` if set, else the embedded SQLite file (its folder is created).

    Returns
    -------
    str
        A SQLAlchemy URL; PostgreSQL URLs name the psycopg 3 driver (see :func:`normalise_url`).
    """
    configured = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if configured:
        return normalise_url(configured)
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(folder / SQLITE_FILE_NAME)).render_as_string(hide_password=False)


def normalise_url(url: str) -> str:
    """Read ``postgres://`` and ``postgresql://`` as ``postgresql+psycopg://`` (the driver installed).

    Examples
    --------
    >>> normalise_url("postgres://app@db.example/ppp")
    'postgresql+psycopg://app@db.example/ppp'
    >>> normalise_url("sqlite:///tmp/x.sqlite3")
    'sqlite:///tmp/x.sqlite3'
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """A SQLAlchemy engine for ``url`` with this application's connection settings.

    Parameters
    ----------
    url
        A SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).

    Returns
    -------
    Engine
        For SQLite: every new connection runs :data:`SQLITE_PRAGMAS`, and every transaction starts with
        ``BEGIN IMMEDIATE`` (``BEGIN`` for ``read_only`` units of work). For PostgreSQL: connections are
        checked before use (``pool_pre_ping``), as a shared server may have restarted or dropped idle ones.
        Create one per process (Streamlit: in ``st.cache_resource``) and share it between threads.
    """
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """Per-connection settings; and let SQLAlchemy, not pysqlite, decide when a transaction begins."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for name, value in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {name} = {value}")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Take the write lock at the start of the transaction, before anything is read."""
    read_only = bool(connection.get_execution_options().get(_READ_ONLY, False))
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One unit of work: a new Session, committed when the block ends, rolled back if it raises.

    Parameters
    ----------
    engine
        From :func:`make_engine`.
    read_only
        A promise that the block only reads. On SQLite its transaction then starts with a deferred
        ``BEGIN`` and does not wait for (or hold) the write lock. Writing in such a block is not prevented
        but may fail with "database is locked" when another process writes at the same time; services that
        change data are always called in a normal (writing) scope.

    Yields
    ------
    Session
        Objects loaded in it stay readable after the block (``expire_on_commit=False``) but are detached:
        keep Sessions out of ``st.session_state`` and open a new scope per unit of work.
    """
    bind = engine.execution_options(**{_READ_ONLY: True}) if read_only else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def init_database(engine: Engine, *, seed: bool = True) -> SeedReport:
    """Bring a database up to date: migrate to the newest schema, ensure the local user, seed if empty.

    Safe to call at every start and from several processes at once: the migration and the setup each run in
    one transaction holding a lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), and both
    check what is there before adding anything. The sample files are read and evaluated before the lock is
    taken, so another process waits only for the inserts.

    Parameters
    ----------
    engine
        From :func:`make_engine`.
    seed
        Load the sample projects and KPI frameworks into a database that has none.

    Returns
    -------
    SeedReport
        What was inserted now (all zero on every start but the first).
    """
    _when_unlocked(lambda: upgrade(engine))
    data: SeedData | None = None
    if seed and _when_unlocked(lambda: _is_empty(engine)):
        data = prepare_seed()
    return _when_unlocked(lambda: _set_up(engine, data))


def _is_empty(engine: Engine) -> bool:
    with session_scope(engine, read_only=True) as session:
        return needs_seed(session)


def _set_up(engine: Engine, data: SeedData | None) -> SeedReport:
    with session_scope(engine) as session:
        lock_for_setup(session.connection())
        user_id = ensure_local_user(session)
        # checked again under the lock: another process may have seeded since the look above
        if data is not None and needs_seed(session):
            return insert_seed(session, data, user_id=user_id)
    return SeedReport()


def _when_unlocked(step: Callable[[], Result]) -> Result:
    """Run a first-start step, again while SQLite says another process holds the database.

    Two processes starting on a new SQLite file at once take turns: one creates the schema and seeds it while
    the other waits for the write lock. On a slow machine that can outlast the connection's
    :data:`SQLITE_BUSY_TIMEOUT_MS` (meant for ordinary saves), so the waiting process tries again, up to
    :data:`SETUP_WAIT_SECONDS` in all. Every step is safe to repeat: it checks what is there under the lock.
    """
    deadline = time.monotonic() + SETUP_WAIT_SECONDS
    while True:
        try:
            return step()
        except OperationalError as error:
            if "database is locked" not in str(error.orig) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def ensure_local_user(session: Session) -> int:
    """The id of the embedded default's local user (an administrator), created if missing."""
    existing = session.exec(select(UserRow.id).where(UserRow.email == LOCAL_USER_EMAIL)).first()
    if existing is not None:
        return existing
    user = UserRow(name=LOCAL_USER_NAME, email=LOCAL_USER_EMAIL, role="administrator", organisation="")
    session.add(user)
    session.flush()
    record(
        session,
        principal=None,
        action="create",
        entity="user",
        entity_id=user.id,
        before=None,
        after={"name": user.name, "email": user.email, "role": user.role},
    )
    if user.id is None:  # pragma: no cover - flush always assigns the id
        raise RuntimeError("the local user got no id")
    return user.id
