"""``python -m ppp.bench_load``: many people using the app at once, measured on a real ``streamlit run``.

It starts the app on a free loopback port with a fresh embedded database (a temporary ``PPP_DATA_DIR``; the
app seeds it on its first run), waits for ``/_stcore/health`` and opens every page once (the warm-up: seeding,
imports and first evaluations, reported apart) and measures each page's server CPU per run with that one
session alone (``--page-repeat`` runs each). Then ``--sessions`` websocket clients speak Streamlit's own
protocol on ``/_stcore/stream``, as the browser does: each sends a ``BackMsg`` asking for a script run of a
page and reads ``ForwardMsg`` messages until ``script_finished``. A run's time is from the request to its
``script_finished``. Each session arrives at a random moment of the ramp-up, opens the default page, then
thinks 0–``--think-max`` seconds and opens a random page, again and again until ``--duration`` is over
(random numbers from ``--seed``: the same arguments give the same schedule).

A session fails on a connection error, a run that shows an exception, a page the server did not find or did
not run, a run that rendered no title, or a run that takes longer than ``--timeout``. It prints the sessions,
the runs, the failed sessions and the p50/p95/p99/max run time per page (``--json``: the same as one JSON
object), and exits 1 when a session failed, the server logged a traceback or the p95 is not below
``--target-p95`` (default 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import websockets
from google.protobuf.message import DecodeError  # type: ignore[import-untyped]  # protobuf ships no stubs
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

from ppp.local_server import streamlit_server

#: the statistics printed for each page (label, quantile)
QUANTILES: Final = (("p50", 0.50), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
#: what the server logs when a script run raised (the browser only sees a generic message)
TRACEBACK_MARKER: Final = "Traceback (most recent call last)"


@dataclass(frozen=True)
class AppPage:
    """A page as the server announces it in its ``navigation`` message."""

    label: str
    url_pathname: str
    script_hash: str


@dataclass(frozen=True)
class Run:
    """One script run: the page asked for, seconds from request to ``script_finished`` and its title."""

    page: str
    seconds: float
    title: str
    first: bool


@dataclass
class SessionResult:
    """What one client did: its runs in order, and why it stopped early (``None``: it did not)."""

    index: int
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None


@dataclass(frozen=True)
class LoadReport:
    """The sessions of one load run, the warm-up's runs (and why it stopped, if it did) and the last line of
    each traceback the server logged."""

    sessions: list[SessionResult]
    warm_up: list[Run]
    server_errors: list[str]
    think_max: float
    duration: float
    target_p95: float
    warm_up_failure: str | None = None
    #: wall seconds of the load (from the first arrival's clock to the last session's end)
    load_seconds: float = 0.0
    #: CPU seconds the server process used meanwhile (``None``: not measurable on this system)
    server_cpu_seconds: float | None = None
    #: the machine's 1-minute load average before and after the load (other work shares the cores)
    load_average: tuple[float, float] = (0.0, 0.0)
    #: each page's server CPU seconds per run with one session alone, after the warm-up (empty: not measured)
    page_cpu: dict[str, float] = field(default_factory=dict)
    #: the server's resident memory (MB) before and after the load (``None``: not measurable)
    server_memory: tuple[float | None, float | None] = (None, None)

    @property
    def runs(self) -> list[Run]:
        return [run for session in self.sessions for run in session.runs]

    @property
    def failed(self) -> list[SessionResult]:
        return [session for session in self.sessions if session.failure is not None]

    def statistics(self) -> dict[str, dict[str, float]]:
        """Runs and p50/p95/p99/max seconds: ``all`` runs, each session's ``first`` run, then each page."""
        groups: dict[str, list[float]] = {"all": [run.seconds for run in self.runs]}
        groups["first"] = [run.seconds for run in self.runs if run.first]
        for run in sorted(self.runs, key=lambda run: run.page):
            groups.setdefault(f"page {run.page}", []).append(run.seconds)
        return {name: summarise(values) for name, values in groups.items()}

    @property
    def passed(self) -> bool:
        overall = self.statistics()["all"]
        return (
            not self.failed
            and self.warm_up_failure is None
            and not self.server_errors
            and overall["runs"] > 0
            and overall["p95"] < self.target_p95
        )


class RunError(Exception):
    """A script run that a user would have seen fail (the message says how)."""


def summarise(seconds: Sequence[float]) -> dict[str, float]:
    """The number of runs and the p50, p95, p99 and max of ``seconds`` (linear interpolation; NaN if none).

    Examples
    --------
    >>> summarise([0.1, 0.2, 0.3, 0.4, 1.0])
    {'runs': 5, 'p50': 0.3, 'p95': 0.88, 'p99': 0.976, 'max': 1.0}
    >>> summarise([])["p95"]
    nan
    """
    values = np.asarray(seconds, dtype=np.float64)
    result: dict[str, float] = {"runs": len(values)}
    for name, quantile in QUANTILES:
        result[name] = round(float(np.quantile(values, quantile)), 6) if len(values) else float("nan")
    return result


def server_errors(log: str) -> list[str]:
    r"""The last line (exception and message) of each traceback in the server's ``log``.

    Examples
    --------
    >>> log = "Uncaught app execution\nTraceback (most recent call last):\n  File 'a.py', line 1\n    x\n"
    >>> server_errors(log + "NameError: name 'x' is not defined\nready\n")
    ["NameError: name 'x' is not defined"]
    """
    errors = []
    for block in log.split(TRACEBACK_MARKER)[1:]:
        lines = block.splitlines()[1:]
        last = next((line for line in lines if line and not line[0].isspace()), "(traceback cut short)")
        errors.append(last.strip())
    return errors


def _rerun_request(page: AppPage | None) -> bytes:
    """The ``BackMsg`` the browser sends to run the script: ``None`` is the app's default page (a first visit
    to ``/``); otherwise the page the navigation offered, by script hash and url path as a click sends it."""
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_script_hash = page.script_hash if page else ""
    message.rerun_script.page_name = page.url_pathname if page else ""
    message.rerun_script.context_info.timezone = "UTC"
    message.rerun_script.context_info.locale = "en-US"
    return bytes(message.SerializeToString())


async def run_page(
    connection: ClientConnection, page: AppPage | None, *, timeout: float, first: bool
) -> tuple[Run, list[AppPage]]:
    """Ask for one script run of ``page`` and read the server's messages until it finished.

    Returns the run and the pages of the app's navigation; raises :class:`RunError` when the run showed an
    exception, the server did not run the page asked for, nothing titled the page, or it took over ``timeout``
    seconds.
    """
    label = page.label if page else "(default)"
    started = time.perf_counter()
    await connection.send(_rerun_request(page))
    pages: list[AppPage] = []
    ran_hash = ""
    title = ""
    not_found = False
    try:
        async with asyncio.timeout(timeout):
            while True:
                raw = await connection.recv()
                message = ForwardMsg()
                try:
                    message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                except DecodeError as error:
                    raise RunError(f"{label}: a message that is not a ForwardMsg: {error}") from None
                kind = message.WhichOneof("type")
                if kind == "script_finished":
                    status = message.script_finished
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        raise RunError(f"{label}: the script did not compile")
                    if status in (
                        ForwardMsg.FINISHED_SUCCESSFULLY,
                        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                    ):
                        break
                elif kind == "navigation":
                    ran_hash = message.navigation.page_script_hash
                    pages = [
                        AppPage(
                            label=app_page.url_pathname or app_page.page_name.lower(),
                            url_pathname=app_page.url_pathname,
                            script_hash=app_page.page_script_hash,
                        )
                        for app_page in message.navigation.app_pages
                    ]
                elif kind == "page_not_found":
                    not_found = True
                elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element
                    element_kind = element.WhichOneof("type")
                    if element_kind == "exception":
                        raise RunError(f"{label}: exception shown: {element.exception.message[:200]}")
                    if element_kind == "heading" and element.heading.tag == "h1" and not title:
                        title = element.heading.body
    except TimeoutError:
        raise RunError(f"{label}: no script_finished within {timeout:g} s") from None
    seconds = time.perf_counter() - started
    if page is not None and (not_found or ran_hash != page.script_hash):
        raise RunError(f"{label}: the server ran another page ({ran_hash or 'none'})")
    if not title:
        raise RunError(f"{label}: no page title was rendered")
    if not pages:
        raise RunError(f"{label}: no navigation was sent")
    return Run(
        page=page.label if page else _label_of(ran_hash, pages), seconds=seconds, title=title, first=first
    ), pages


def _label_of(script_hash: str, pages: Sequence[AppPage]) -> str:
    return next((page.label for page in pages if page.script_hash == script_hash), "(default)")


def _connect(url: str) -> connect:
    # no client pings (the browser sends none; the server pings and the library answers); messages of any size
    return connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=[websockets.Subprotocol("streamlit")],
        max_size=None,
        ping_interval=None,
        open_timeout=30,
    )


async def simulate_session(
    url: str,
    index: int,
    *,
    seed: int,
    started: float,
    duration: float,
    think_max: float,
    ramp_up: float,
    timeout: float,
) -> SessionResult:
    """One user: arrive within ``ramp_up`` s of ``started``, open the app, then think and open a random page
    until ``duration`` s after ``started``."""
    # a stream of its own per session, the same for the same seed whatever the other sessions draw
    generator = random.Random(seed * 1_000_003 + index)
    result = SessionResult(index=index)
    deadline = started + duration
    await asyncio.sleep(max(0.0, started + generator.uniform(0.0, ramp_up) - time.monotonic()))
    try:
        async with _connect(url) as connection:
            run, pages = await run_page(connection, None, timeout=timeout, first=True)
            result.runs.append(run)
            while True:
                think = generator.uniform(0.0, think_max)
                if time.monotonic() + think >= deadline:
                    break
                await asyncio.sleep(think)
                run, pages = await run_page(connection, generator.choice(pages), timeout=timeout, first=False)
                result.runs.append(run)
    except RunError as error:
        result.failure = str(error)
    except (OSError, websockets.WebSocketException) as error:
        result.failure = f"connection: {type(error).__name__}: {error}"
    return result


async def warm_up(url: str, *, timeout: float) -> tuple[list[Run], str | None]:
    """Every page once in one session, in the navigation's order: the server's first imports and
    evaluations, which a running deployment has behind it.

    Returns the runs and why the warm-up stopped (``None``: it did not).
    """
    runs: list[Run] = []
    try:
        async with _connect(url) as connection:
            run, pages = await run_page(connection, None, timeout=timeout, first=True)
            runs.append(run)
            for page in pages:
                run, _ = await run_page(connection, page, timeout=timeout, first=False)
                runs.append(run)
    except RunError as error:
        return runs, str(error)
    except (OSError, websockets.WebSocketException) as error:
        return runs, f"connection: {type(error).__name__}: {error}"
    return runs, None


async def page_cpu_costs(url: str, pid: int, *, repeat: int, timeout: float) -> dict[str, float]:
    """Server CPU seconds per run of each page, ``repeat`` runs in a row by one session alone.

    It is the cost of a page without the waiting that other sessions and other processes add (empty where
    ``/proc`` is missing).
    """
    costs: dict[str, float] = {}
    async with _connect(url) as connection:
        _, pages = await run_page(connection, None, timeout=timeout, first=True)
        for page in pages:
            before = process_cpu_seconds(pid)
            for _ in range(repeat):
                await run_page(connection, page, timeout=timeout, first=False)
            after = process_cpu_seconds(pid)
            if before is not None and after is not None:
                costs[page.label] = (after - before) / repeat
    return costs


async def run_sessions(
    url: str,
    *,
    sessions: int,
    think_max: float,
    duration: float,
    ramp_up: float,
    seed: int,
    timeout: float,
) -> list[SessionResult]:
    """``sessions`` concurrent users on the server at ``url`` (see :func:`simulate_session`)."""
    started = time.monotonic()
    results = await asyncio.gather(
        *(
            simulate_session(
                url,
                index,
                seed=seed,
                started=started,
                duration=duration,
                think_max=think_max,
                ramp_up=ramp_up,
                timeout=timeout,
            )
            for index in range(sessions)
        )
    )
    return list(results)


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of process ``pid`` so far, from Linux's ``/proc`` (``None`` elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # the fields after the command name (which may hold spaces), from the 3rd: utime and stime are 14th, 15th
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_memory_megabytes(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (2**20 bytes), from Linux's ``/proc`` (``None`` elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), None)
    return None if line is None else int(line.split()[1]) / 1024


def measure(
    *,
    sessions: int,
    think_max: float,
    duration: float,
    ramp_up: float | None = None,
    seed: int = 1,
    timeout: float = 60.0,
    port: int = 0,
    target_p95: float = 1.0,
    page_repeat: int = 3,
) -> LoadReport:
    """Start the app with a fresh database, warm it up and run the load.

    ``ramp_up`` (s) spreads the sessions' arrivals; it defaults to ``think_max``. Before the load, one session
    alone runs each page ``page_repeat`` times to measure its server CPU per run (0: not measured).
    """
    with tempfile.TemporaryDirectory(prefix="ppp-load-") as folder:
        log_path = Path(folder) / "server.log"
        with streamlit_server(Path(folder) / "data", log_path, port=port) as server:
            warm_up_runs, warm_up_failure = asyncio.run(warm_up(server.url, timeout=timeout))
            results: list[SessionResult] = []
            page_cpu: dict[str, float] = {}
            if warm_up_failure is None and page_repeat > 0:
                try:
                    page_cpu = asyncio.run(
                        page_cpu_costs(server.url, server.pid, repeat=page_repeat, timeout=timeout)
                    )
                except RunError as error:
                    warm_up_failure = f"measuring each page alone: {error}"
                except (OSError, websockets.WebSocketException) as error:
                    warm_up_failure = f"measuring each page alone: {type(error).__name__}: {error}"
            cpu_before = process_cpu_seconds(server.pid)
            memory_before = process_memory_megabytes(server.pid)
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            if warm_up_failure is None:
                results = asyncio.run(
                    run_sessions(
                        server.url,
                        sessions=sessions,
                        think_max=think_max,
                        duration=duration,
                        ramp_up=think_max if ramp_up is None else ramp_up,
                        seed=seed,
                        timeout=timeout,
                    )
                )
            load_seconds = time.monotonic() - started
            cpu_after = process_cpu_seconds(server.pid)
            memory_after = process_memory_megabytes(server.pid)
            load_after = os.getloadavg()[0]
            errors = server_errors(log_path.read_text(encoding="utf-8", errors="replace"))
    return LoadReport(
        sessions=results,
        warm_up=warm_up_runs,
        warm_up_failure=warm_up_failure,
        server_errors=errors,
        think_max=think_max,
        duration=duration,
        target_p95=target_p95,
        load_seconds=load_seconds,
        server_cpu_seconds=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        load_average=(load_before, load_after),
        page_cpu=page_cpu,
        server_memory=(memory_before, memory_after),
    )


def report_json(report: LoadReport) -> dict[str, Any]:
    """The report as JSON-ready data (NaN statistics of empty groups become ``null``)."""

    def clean(values: dict[str, float]) -> dict[str, float | None]:
        return {key: None if value != value else value for key, value in values.items()}

    return {
        "sessions": len(report.sessions),
        "think_max_seconds": report.think_max,
        "duration_seconds": report.duration,
        "runs": len(report.runs),
        "failed_sessions": len(report.failed),
        "failures": [{"session": session.index, "reason": session.failure} for session in report.failed],
        "warm_up_failure": report.warm_up_failure,
        "server_errors": report.server_errors,
        "target_p95_seconds": report.target_p95,
        "passed": report.passed,
        "seconds": {name: clean(values) for name, values in report.statistics().items()},
        "warm_up_seconds": [[run.page, round(run.seconds, 6)] for run in report.warm_up],
        "load_seconds": round(report.load_seconds, 3),
        "server_cpu_seconds": report.server_cpu_seconds,
        "load_average": list(report.load_average),
        "page_cpu_seconds_alone": report.page_cpu,
        "server_memory_megabytes": list(report.server_memory),
        "cores": os.cpu_count(),
    }


def _resources(report: LoadReport) -> str:
    """What the server process used, and how busy the machine was (the figures depend on both)."""
    busy = (
        f"load average {report.load_average[0]:.1f} → {report.load_average[1]:.1f} on {os.cpu_count()} cores"
    )
    memory_before, memory_after = report.server_memory
    memory = (
        ""
        if memory_before is None or memory_after is None
        else f", memory {memory_before:.0f} → {memory_after:.0f} MB"
    )
    if report.server_cpu_seconds is None or report.load_seconds <= 0 or not report.runs:
        return f"  machine: {busy}"
    return (
        f"  server process: {report.server_cpu_seconds:.1f} CPU s in {report.load_seconds:.0f} s "
        f"({report.server_cpu_seconds / report.load_seconds:.0%} of one core), "
        f"{report.server_cpu_seconds / len(report.runs) * 1e3:.0f} ms CPU per run{memory}; machine: {busy}"
    )


def format_report(report: LoadReport) -> str:
    """A readable table of the report."""
    statistics = report.statistics()
    overall = statistics["all"]
    runs_per_session = [len(session.runs) for session in report.sessions]
    lines = [
        f"ppp load test: {len(report.sessions)} concurrent sessions, think 0–{report.think_max:g} s, "
        f"{report.duration:g} s (one run, this machine)",
        "  warm-up (every page once, fresh database): "
        + ", ".join(f"{run.page} {run.seconds:.2f} s" for run in report.warm_up),
        f"  runs: {len(report.runs)} (per session {min(runs_per_session, default=0)}–"
        f"{max(runs_per_session, default=0)}); failed sessions: {len(report.failed)}; "
        f"server tracebacks: {len(report.server_errors)}",
        _resources(report),
        "",
        f"  {'runs of':<24}{'runs':>6}"
        + "".join(f"{name:>9}" for name, _ in QUANTILES)
        + f"{'CPU alone':>11}   (seconds)",
    ]
    for name, values in statistics.items():
        label = {"all": "all", "first": "a session's first"}.get(name, name)
        cost = report.page_cpu.get(name.removeprefix("page "))
        lines.append(
            f"  {label:<24}{int(values['runs']):>6}"
            + "".join(f"{values[key]:>9.3f}" for key, _ in QUANTILES)
            + (f"{cost:>11.3f}" if cost is not None and name.startswith("page ") else "")
        )
    lines.append("")
    if report.warm_up_failure is not None:
        lines.append(f"  the warm-up failed, no load was run: {report.warm_up_failure}")
    for session in report.failed:
        lines.append(f"  session {session.index} failed: {session.failure}")
    for error, count in Counter(report.server_errors).most_common():
        lines.append(f"  server traceback ({count}×): {error}")
    verdict = "met" if report.passed else "NOT met"
    lines.append(
        f"  target: p95 < {report.target_p95:g} s, no failed session, no server traceback: {verdict} "
        f"(p95 {overall['p95']:.3f} s = {overall['p95'] / report.target_p95:.2f} of the budget)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ppp.bench_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent websocket sessions (default 50)")
    parser.add_argument("--think-max", type=float, default=20.0, help="longest think time, s (default 20)")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (default 120)")
    parser.add_argument(
        "--ramp-up", type=float, default=None, help="arrivals spread over s (default think-max)"
    )
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the think times and pages (default 1)")
    parser.add_argument("--timeout", type=float, default=60.0, help="longest run before a failure, s")
    parser.add_argument("--target-p95", type=float, default=1.0, help="p95 run time to stay below, s")
    parser.add_argument(
        "--page-repeat", type=int, default=3, help="runs of each page alone, to measure its CPU (default 3)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    arguments = parser.parse_args(argv)
    for name in ("sessions", "duration", "timeout", "target_p95"):
        if getattr(arguments, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be above 0, got {getattr(arguments, name)}")
    for name in ("think_max", "ramp_up", "port", "page_repeat"):
        value = getattr(arguments, name)
        if value is not None and value < 0:
            parser.error(f"--{name.replace('_', '-')} must be 0 or more, got {value}")
    report = measure(
        sessions=arguments.sessions,
        think_max=arguments.think_max,
        duration=arguments.duration,
        ramp_up=arguments.ramp_up,
        seed=arguments.seed,
        timeout=arguments.timeout,
        port=arguments.port,
        target_p95=arguments.target_p95,
        page_repeat=arguments.page_repeat,
    )
    print(json.dumps(report_json(report), indent=2) if arguments.json else format_report(report))
    return 0 if report.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
