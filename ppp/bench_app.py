"""``python -m ppp.bench_app``: the app's performance with a full store, measured side by side in one run.

With 200 projects and 1,000,000 KPI readings in a fresh embedded database it prints: the bulk import of the
readings with Core ``insert()`` against ORM ``add_all`` (timed on a sample, scaled per row); the portfolio
page's rerun (target ≤ 300 ms); the dashboard's rerun after the first evaluation (target ≤ 200 ms); the time
until a started ``streamlit run`` answers its health check (target ≤ 1 s). Page reruns are timed in
Streamlit's AppTest (the script run a user's click triggers, without the browser's rendering); best of
several runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ppp.local_server import APP, streamlit_server

TARGETS = {"portfolio_rerun": 0.300, "dashboard_rerun": 0.200, "server_ready": 1.0}


def build_store(data_dir: Path, *, projects: int, readings: int) -> dict[str, Any]:
    """Create the embedded database in ``data_dir`` with ``projects`` projects and ``readings`` readings."""
    os.environ["PPP_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    from ppp import services
    from ppp.store import database_url, init_database, make_engine, session_scope
    from ppp.store.tables import KpiReadingRow

    engine = make_engine(database_url())
    init_database(engine, seed=True)
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        samples = services.list_projects(session=session, principal=principal)
    started = time.perf_counter()
    count = len(samples)
    while count < projects:
        source = samples[count % len(samples)]
        with session_scope(engine) as session:
            services.duplicate_project(session=session, principal=principal, project_id=source.id)
        count += 1
    projects_seconds = time.perf_counter() - started

    project_ids = [summary.id for summary in samples]
    kpis = ("availability", "incident_response", "repair_time", "answer_rate", "satisfaction")
    recorded_at = datetime.datetime.now(datetime.UTC)

    def rows(first: int, count: int) -> list[dict[str, Any]]:
        batch = []
        for index in range(first, first + count):
            project_id = project_ids[index % len(project_ids)]
            kpi = kpis[(index // len(project_ids)) % len(kpis)]
            month = index // (len(project_ids) * len(kpis))
            period = f"{2000 + month // 12:04d}-{month % 12 + 1:02d}"
            batch.append(
                {
                    "project_id": project_id,
                    "kpi_id": kpi,
                    "period": period,
                    "value": Decimal(99 + (index % 100) / 100),
                    "reason": "",
                    "version": 1 + month // 100_000,
                    "recorded_at": recorded_at,
                    "recorded_by": principal.user_id,
                }
            )
        return batch

    # ORM add_all on a sample, then Core insert() for everything: side by side in this run
    sample_size = min(20_000, readings)
    sample = rows(readings, sample_size)
    with session_scope(engine) as session:
        started = time.perf_counter()
        session.add_all([KpiReadingRow(**row) for row in sample])
        session.flush()
        orm_seconds = time.perf_counter() - started
        session.rollback()
    chunk = 50_000
    started = time.perf_counter()
    for first in range(0, readings, chunk):
        with session_scope(engine) as session:
            session.execute(insert(KpiReadingRow), rows(first, min(chunk, readings - first)))
    core_seconds = time.perf_counter() - started
    engine.dispose()
    orm_per_row = orm_seconds / sample_size
    core_per_row = core_seconds / max(readings, 1)
    return {
        "projects": count,
        "projects_seconds": projects_seconds,
        "readings": readings,
        "core_seconds": core_seconds,
        "orm_seconds_scaled": orm_per_row * readings,
        "orm_sample_rows": sample_size,
        "core_vs_orm": orm_per_row / core_per_row,
    }


def time_reruns(repeat: int) -> dict[str, float]:
    """Best and median rerun of the portfolio and of the dashboard (after its first evaluation)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ppp.ui import context

    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    if app.exception:
        raise RuntimeError(f"the portfolio failed: {app.exception}")
    portfolio = []
    for _ in range(repeat):
        started = time.perf_counter()
        app.run()
        portfolio.append(time.perf_counter() - started)
    app.switch_page(context.DASHBOARD_PAGE).run()  # the first evaluation
    if app.exception:
        raise RuntimeError(f"the dashboard failed: {app.exception}")
    dashboard = []
    for _ in range(repeat):
        started = time.perf_counter()
        app.run()
        dashboard.append(time.perf_counter() - started)
    return {
        "portfolio_rerun": min(portfolio),
        "portfolio_rerun_median": statistics.median(portfolio),
        "dashboard_rerun": min(dashboard),
        "dashboard_rerun_median": statistics.median(dashboard),
    }


def time_server_ready(data_dir: Path, repeat: int) -> float:
    """Seconds from starting ``streamlit run`` to its first healthy answer (best of ``repeat``)."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            started = time.perf_counter()
            with streamlit_server(data_dir, Path(folder) / "server.log"):
                best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ppp.bench_app", description=__doc__)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--readings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ppp-bench-") as folder:
        data_dir = Path(folder)
        store = build_store(data_dir, projects=arguments.projects, readings=arguments.readings)
        reruns = time_reruns(arguments.repeat)
        ready = time_server_ready(data_dir, max(1, arguments.repeat // 2))
    print("ppp app benchmark (one run, this machine; best of repeated runs)")
    print(
        f"  store: {store['projects']} projects ({store['projects_seconds']:.1f} s through the services), "
        f"{store['readings']:,} KPI readings"
    )
    print(
        f"  bulk import: Core insert() {store['core_seconds']:.2f} s vs ORM add_all "
        f"{store['orm_seconds_scaled']:.2f} s (timed on {store['orm_sample_rows']:,} rows, scaled) "
        f"→ Core {store['core_vs_orm']:.1f}× faster"
    )
    for key, label in (("portfolio_rerun", "portfolio rerun"), ("dashboard_rerun", "dashboard rerun")):
        seconds = reruns[key]
        print(
            f"  {label}: {seconds * 1e3:.0f} ms (median {reruns[key + '_median'] * 1e3:.0f} ms; "
            f"target ≤ {TARGETS[key] * 1e3:.0f} ms: {seconds / TARGETS[key]:.2f} of the budget)"
        )
    print(
        f"  server ready: {ready:.2f} s (target ≤ {TARGETS['server_ready']:.0f} s: "
        f"{ready / TARGETS['server_ready']:.2f} of the budget)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
