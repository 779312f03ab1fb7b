"""``python -m ppp.bench_operations``: one project's monthly KPI series among 1,000,000 readings.

Builds a temporary SQLite database (schema at head, the seeded samples), copies the sample projects to
1,000 projects with Core inserts, inserts 1,000,000 KPI readings with Core ``insert()`` (1,000 projects × 10
KPIs × 100 months, 1 % of them corrected as a second version), then times
:func:`ppp.services.monthly_series` for one project and KPI: the best of ``--repeat`` calls inside an open
unit of work (the query), and the best of whole read-only units of work (begin, query, commit).
Target: ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import datetime
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select

TARGET_SECONDS = 0.005
KPIS = tuple(f"kpi_{number:02d}" for number in range(10))
MONTHS = 100


def build(path: Path, *, projects: int, readings: int) -> dict[str, Any]:
    """The database at ``path`` with ``projects`` projects and about ``readings`` readings."""
    from ppp import services
    from ppp.store import init_database, make_engine, session_scope
    from ppp.store.tables import KpiReadingRow, ProjectRow

    engine = make_engine(f"sqlite:///{path}")
    init_database(engine, seed=True)
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        source = session.exec(select(ProjectRow).limit(1)).one()
        template = {key: getattr(source, key) for key in ProjectRow.model_fields if key != "id"}
        existing = session.exec(select(ProjectRow.id)).all()
    started = time.perf_counter()
    copies = [{**template, "name": f"bench project {number}"} for number in range(projects - len(existing))]
    if copies:
        with session_scope(engine) as session:
            session.execute(insert(ProjectRow), copies)
    with session_scope(engine, read_only=True) as session:
        ids = [found for found in session.exec(select(ProjectRow.id).order_by(col(ProjectRow.id))) if found]
    per_project = len(KPIS) * MONTHS
    ids = ids[: max(1, readings // per_project)]
    recorded_at = datetime.datetime.now(datetime.UTC)
    corrected_every = 100

    def rows(project_id: int) -> list[dict[str, Any]]:
        batch: list[dict[str, Any]] = []
        for kpi_index, kpi in enumerate(KPIS):
            for month in range(MONTHS):
                period = f"{2019 + month // 12:04d}-{month % 12 + 1:02d}"
                value = Decimal(9000 + (project_id * 7 + kpi_index * 3 + month) % 1000) / 100
                base = {
                    "project_id": project_id,
                    "kpi_id": kpi,
                    "period": period,
                    "reason": "",
                    "recorded_at": recorded_at,
                    "recorded_by": principal.user_id,
                }
                batch.append({**base, "value": value, "version": 1})
                if (kpi_index * MONTHS + month) % corrected_every == 0:
                    batch.append({**base, "value": value - 1, "version": 2, "reason": "corrected"})
        return batch

    inserted = 0
    chunk: list[dict[str, Any]] = []
    for project_id in ids:
        chunk += rows(project_id)
        if len(chunk) >= 50_000 or project_id == ids[-1]:
            with session_scope(engine) as session:
                session.execute(insert(KpiReadingRow), chunk)
            inserted += len(chunk)
            chunk = []
    build_seconds = time.perf_counter() - started
    engine.dispose()
    return {"projects": len(ids), "readings": inserted, "build_seconds": build_seconds, "project_id": ids[0]}


def time_series(path: Path, project_id: int, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` calls of monthly_series: inside one unit of work, and as whole units of work."""
    from ppp import services
    from ppp.store import make_engine, session_scope

    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
    query: list[float] = []
    whole: list[float] = []
    points = 0
    with session_scope(engine, read_only=True) as session:
        for _ in range(repeat):
            started = time.perf_counter()
            series = services.monthly_series(
                session=session, principal=principal, project_id=project_id, kpi_id=KPIS[3]
            )
            query.append(time.perf_counter() - started)
            points = len(series)
    for _ in range(repeat):
        started = time.perf_counter()
        with session_scope(engine, read_only=True) as session:
            services.monthly_series(
                session=session, principal=principal, project_id=project_id, kpi_id=KPIS[3]
            )
        whole.append(time.perf_counter() - started)
    engine.dispose()
    return {"query_best": min(query), "unit_best": min(whole), "points": float(points)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ppp.bench_operations", description=__doc__)
    parser.add_argument(
        "--readings", type=int, default=1_000_000, help="readings to insert (default 1,000,000)"
    )
    parser.add_argument("--repeat", type=int, default=50, help="timed calls (best is reported)")
    options = parser.parse_args(argv)
    per_project = len(KPIS) * MONTHS
    projects = max(1, -(-options.readings // per_project))
    with tempfile.TemporaryDirectory(prefix="ppp-bench-operations-") as folder:
        path = Path(folder) / "ppp.sqlite3"
        built = build(path, projects=projects, readings=options.readings)
        timed = time_series(path, built["project_id"], options.repeat)
    print(
        f"store: {built['projects']} projects, {built['readings']:,} readings (Core insert) "
        f"in {built['build_seconds']:.1f} s"
    )
    print(
        f"monthly_series (one project, one KPI, {int(timed['points'])} months): "
        f"query {timed['query_best'] * 1000:.2f} ms, whole unit of work {timed['unit_best'] * 1000:.2f} ms "
        f"(best of {options.repeat}; target ≤ {TARGET_SECONDS * 1000:.0f} ms: "
        f"{'met' if timed['query_best'] <= TARGET_SECONDS else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
