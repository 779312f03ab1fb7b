"""Alembic environment: run the migrations on the connection :mod:`ppp.store.migrate` hands over.

When Alembic's own commands run this file (``command.revision(..., autogenerate=True)``), it connects to
``sqlalchemy.url`` with :func:`ppp.store.database.make_engine`, so the SQLite pragmas apply there too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from ppp.store.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters tables only by rebuilding them; batch operations do that there and plain ALTERs on
        # PostgreSQL, so generated drafts work on both whichever backend they were generated against
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        # inside the caller's transaction (and lock): Alembic sees it and does not begin or commit its own
        _run(connection)
        return
    from ppp.store.database import make_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url: run migrations through ppp.store.migrate")
    engine = make_engine(url)
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


_main()
