"""The app served by `streamlit run streamlit_app.py` on a loopback port, for the benchmarks and the browser
tests: one way to start it, wait for its health check and stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
APP: Final = ROOT / "streamlit_app.py"
#: how long the server may take to answer its health check (s); generous: CI machines are slow
START_SECONDS: Final = 90.0


@dataclass(frozen=True)
class Server:
    """A started app: its URL and the server's process id."""

    url: str
    pid: int


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(
    data_dir: Path,
    log_path: Path,
    *,
    port: int = 0,
    options: Sequence[str] = (),
    environment: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """``streamlit run streamlit_app.py`` on loopback (``port``, else a free one) with its database in
    ``data_dir`` and ``options`` added to the command line.

    The server reads the checkout's ``.streamlit/config.toml`` (the hardened settings are what is measured and
    tested); ``environment`` (default: this process's) is passed on without ``DATABASE_URL``; its output goes
    to ``log_path``. Yields once the health check answers; the server is stopped on leaving.

    Raises
    ------
    RuntimeError
        When the server exits or does not answer within :data:`START_SECONDS` (with the end of its log).
    """
    port = port or free_port()
    base = os.environ if environment is None else environment
    # the data folder decides the database: a DATABASE_URL of the caller's would win over it
    served_environment = {key: value for key, value in base.items() if key != "DATABASE_URL"}
    served_environment["PPP_DATA_DIR"] = str(data_dir)
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APP),
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
                *options,
            ],
            cwd=ROOT,
            env=served_environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                        raise RuntimeError(
                            f"streamlit did not start (exit {server.poll()}):\n{tail}"
                        ) from None
                    time.sleep(0.02)  # fine enough for the start-up time bench_app measures
            yield Server(url=url, pid=server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
