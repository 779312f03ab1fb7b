"""Schema migrations, run from Python: the Alembic environment ships inside the package.

The application calls :func:`upgrade` at start (through :func:`ppp.store.database.init_database`); nobody
needs the ``alembic`` command or an ``alembic.ini``. Each migration runs in one transaction that holds a
lock for its whole length (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so two app
processes starting at once upgrade the schema once: the second waits, then finds it at head.

Writing a new revision: add ``ppp/store/migrations/versions/vNNNN_<what>.py`` with ``revision = "NNNN"``
and ``down_revision`` the previous one; use ``op.batch_alter_table`` for every change to an existing table
(SQLite can only rebuild tables). A draft can be generated from the table models::

    python -c "from alembic import command; from ppp.store.migrate import alembic_config; \
command.revision(alembic_config(url='sqlite:////tmp/draft.sqlite3'), 'what changed', autogenerate=True, \
rev_id='0003')"

(after upgrading that draft database to head). The store tests check that the migrated schema equals the
table models on SQLite and PostgreSQL, and that a seeded database survives a downgrade to every revision and
the upgrade back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR: Final = Path(__file__).resolve().with_name("migrations")
# any fixed 64-bit number; what matters is that every process of the application uses the same one
_ADVISORY_LOCK_KEY: Final = 0x7070_7073_6D61_7274


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic configuration for this package's migrations.

    Parameters
    ----------
    connection
        Run the migrations on this connection, inside its transaction (what :func:`upgrade` does).
    url
        Without a connection, the database to connect to (for Alembic commands such as ``revision``).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision id, oldest first (``["0001", "0002", ...]``)."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The newest revision id."""
    return revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for a database without the schema."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (default: the newest), in one locked transaction."""
    with engine.begin() as connection:
        lock_for_setup(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema to ``revision`` (``"base"``: no tables), in one locked transaction."""
    with engine.begin() as connection:
        lock_for_setup(connection)
        command.downgrade(alembic_config(connection), revision)


def lock_for_setup(connection: Connection) -> None:
    """Serialise schema changes and first-start setup between processes, until the transaction ends.

    SQLite's transaction began with ``BEGIN IMMEDIATE`` (see :mod:`ppp.store.database`) and already holds
    the write lock. PostgreSQL takes a transaction-scoped advisory lock, released at commit or rollback.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
