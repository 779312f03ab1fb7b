"""Persistence: SQLModel tables, engines and units of work, migrations, seeding and the audit log.

This is the only package that imports sqlmodel, SQLAlchemy or Alembic. Pages never use it directly: they call
:mod:`ppp.services`, which checks the acting principal and uses the store.

Typical start of a process::

    engine = make_engine(database_url())
    init_database(engine)
    with session_scope(engine) as session:
        ...
"""

from ppp.store.backup import backup_database, restore_database
from ppp.store.database import (
    data_dir,
    database_url,
    ensure_local_user,
    init_database,
    make_engine,
    normalise_url,
    session_scope,
)
from ppp.store.migrate import current_revision, downgrade, head_revision, revisions, upgrade
from ppp.store.seed import SeedReport

__all__ = [
    "SeedReport",
    "backup_database",
    "current_revision",
    "data_dir",
    "database_url",
    "downgrade",
    "ensure_local_user",
    "head_revision",
    "init_database",
    "make_engine",
    "normalise_url",
    "restore_database",
    "revisions",
    "session_scope",
    "upgrade",
]
