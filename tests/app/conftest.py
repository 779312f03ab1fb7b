"""Fixtures of the app tests: a fresh embedded database per test, and the app on its portfolio page.

Each test gets its own ``PPP_DATA_DIR`` (set before the app starts), and ``st.cache_resource`` is cleared
before and after it, so no SQLAlchemy engine (or its database) leaks from one test into the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from app_helpers import APP, TIMEOUT, Store
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.services.types import Principal
from ppp.store import database_url, make_engine, session_scope


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data folder for this test; the app creates and seeds its SQLite file there."""
    data = tmp_path / "data"
    monkeypatch.setenv("PPP_DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PPP_LANG", "en")
    st.cache_resource.clear()
    services.clear_evaluation_cache()
    yield data
    st.cache_resource.clear()
    services.clear_evaluation_cache()


@pytest.fixture
def app() -> AppTest:
    """The app after its first run (the portfolio page)."""
    test = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not test.exception, [item.value for item in test.exception]
    return test


@pytest.fixture
def store(fresh_database: Path) -> Iterator[Store]:
    """Units of work on the test's database, as the local user, for looking behind the app."""
    engine = make_engine(database_url())

    @contextmanager
    def unit() -> Iterator[tuple[Session, Principal]]:
        with session_scope(engine) as session:
            yield session, services.local_principal(session=session)

    yield unit
    engine.dispose()
