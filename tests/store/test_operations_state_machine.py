"""A Hypothesis state machine of readings (uploads, single corrections, rejected files) against a dict: the
readings in force always equal the model's, every change is one new version, and nothing else is stored.

SQLite only (each example copies one seeded database file, which keeps it fast); bounded in size.
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func
from sqlmodel import select

from ppp import services
from ppp.model import ProjectError
from ppp.services import Principal
from ppp.store import init_database, make_engine, session_scope
from ppp.store.tables import KpiReadingRow

KPIS = ("mttr", "camera_outage", "platform_availability")
PERIODS = ("2019-01", "2019-02", "2020-07")
VALUES = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
KEYS = st.tuples(st.sampled_from(KPIS), st.sampled_from(PERIODS))

_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    """One seeded SQLite file for the whole module (copied for every example)."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="ppp-readings-machine-"))
        path = folder / "template.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        init_database(engine)
        engine.dispose()  # closing the last connection checkpoints the WAL into the file
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class ReadingsMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ppp-readings-example-"))
        path = self.folder / "ppp.sqlite3"
        shutil.copy(_template(), path)
        self.engine = make_engine(f"sqlite:///{path}")
        with session_scope(self.engine) as session:
            self.principal: Principal = services.local_principal(session=session)
            [summary] = services.list_projects(session=session, principal=self.principal, search="Yangxin")
        self.project_id = summary.id
        self.model: dict[tuple[str, str], Decimal] = {}
        self.versions: dict[tuple[str, str], int] = {}

    @initialize()
    def start(self) -> None:
        services.clear_evaluation_cache()

    def _expect(self, entries: dict[tuple[str, str], Decimal]) -> services.UploadResult:
        inserted = unchanged = corrected = 0
        for key, value in entries.items():
            if key not in self.model:
                inserted += 1
            elif self.model[key] == value:
                unchanged += 1
                continue
            else:
                corrected += 1
            self.model[key] = value
            self.versions[key] = self.versions.get(key, 0) + 1
        return services.UploadResult(inserted=inserted, unchanged=unchanged, corrected=corrected)

    @rule(entries=st.dictionaries(KEYS, VALUES, min_size=1, max_size=6))
    def upload(self, entries: dict[tuple[str, str], Decimal]) -> None:
        text = "kpi_id,period,value\n" + "".join(f"{k},{p},{v}\n" for (k, p), v in entries.items())
        with session_scope(self.engine) as session:
            result = services.upload_readings(
                session=session, principal=self.principal, project_id=self.project_id, text=text
            )
        assert result == self._expect(entries)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), value=VALUES)
    def correct_one(self, data: st.DataObject, value: Decimal) -> None:
        key = data.draw(st.sampled_from(sorted(self.model)))
        with session_scope(self.engine) as session:
            result = services.record_reading(
                session=session,
                principal=self.principal,
                project_id=self.project_id,
                kpi_id=key[0],
                period=key[1],
                value=value,
                reason="checked again",
            )
        assert result == self._expect({key: value})

    @rule(
        entries=st.dictionaries(KEYS, VALUES, max_size=4),
        bad=st.sampled_from(["nope,2019-01,1", "mttr,2019-13,1", "mttr,2019-01,-1", "mttr,2019-01,x"]),
    )
    def rejected_upload(self, entries: dict[tuple[str, str], Decimal], bad: str) -> None:
        text = (
            "kpi_id,period,value\n" + "".join(f"{k},{p},{v}\n" for (k, p), v in entries.items()) + bad + "\n"
        )
        with pytest.raises(ProjectError), session_scope(self.engine) as session:
            services.upload_readings(
                session=session, principal=self.principal, project_id=self.project_id, text=text
            )

    @invariant()
    def readings_in_force_equal_the_model(self) -> None:
        with session_scope(self.engine, read_only=True) as session:
            latest = services.latest_readings(
                session=session, principal=self.principal, project_id=self.project_id
            )
            counts = dict(
                session.exec(
                    select(KpiReadingRow.kpi_id + "|" + KpiReadingRow.period, func.count())
                    .where(KpiReadingRow.project_id == self.project_id)
                    .group_by(KpiReadingRow.kpi_id, KpiReadingRow.period)
                ).all()
            )
        assert {(reading.kpi_id, reading.period): reading.value for reading in latest} == self.model
        assert counts == {f"{kpi}|{period}": count for (kpi, period), count in self.versions.items()}

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)


ReadingsMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestReadingsMachine = ReadingsMachine.TestCase
