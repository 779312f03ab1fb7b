"""Shared fixtures: a real PostgreSQL server started by the suite itself (initdb/pg_ctl on loopback).

In CI (CI=true) a missing PostgreSQL is a failure; locally the PostgreSQL tests skip, saying why.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(available: bool, reason: str) -> None:
    """Skip locally when a real tool is missing; in CI that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must run these tests)")
    pytest.skip(reason)


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"


def _postgres_bin() -> Path | None:
    # Debian's server packages live in /usr/lib/postgresql/<major>/bin; prefer the newest
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[-3])
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: run them as the packaged 'postgres' user
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on a free loopback port for the whole session, stopped and removed afterwards."""
    binaries = _postgres_bin()
    require_tool(binaries is not None, "PostgreSQL server binaries not found (apt-get install postgresql)")
    assert binaries is not None
    # not under pytest's temporary root, which only root can enter: the server runs as its own user
    base = Path(tempfile.mkdtemp(prefix="ppp-postgresql-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres", group="postgres")
    port = _free_port()
    user = "ppp"
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                user,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    log = base / "server.log"
    subprocess.run(
        _as_server_user(
            [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresServer(host="127.0.0.1", port=port, user=user)
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


_database_numbers = itertools.count(1)


@pytest.fixture
def postgresql_url(postgresql_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server (SQLAlchemy URL, psycopg 3 driver)."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
    name = f"ppp_test_{os.getpid()}_{next(_database_numbers)}"
    with psycopg.connect(
        host=postgresql_server.host,
        port=postgresql_server.port,
        user=postgresql_server.user,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgresql_server.url(name)
