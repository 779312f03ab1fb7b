"""Store fixtures: every store test runs on a SQLite file and on a real PostgreSQL server.

``database_url`` gives a fresh, empty database: a SQLite file in the test's temporary folder, or a new
database on the suite's PostgreSQL server (``postgresql_url`` from tests/conftest.py, which skips locally and
fails in CI when PostgreSQL is missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ppp.services import Principal, local_principal
from ppp.services.projects import clear_evaluation_cache
from ppp.store import init_database, make_engine, session_scope


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ppp.sqlite3'}"
    url = request.getfixturevalue("postgresql_url")
    assert isinstance(url, str)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty database, disposed of afterwards (PostgreSQL keeps no idle connections)."""
    created = make_engine(database_url)
    try:
        yield created
    finally:
        created.dispose()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """The engine after :func:`init_database`: schema at head, local user, samples and KPI frameworks."""
    init_database(engine)
    clear_evaluation_cache()
    return engine


@pytest.fixture
def principal(seeded: Engine) -> Principal:
    """The local user of the seeded database."""
    with session_scope(seeded) as session:
        return local_principal(session=session)
