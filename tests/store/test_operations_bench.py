"""The operations benchmark runs end to end (small: the full 1,000,000-reading run is ``python -m
ppp.bench_operations``)."""

from __future__ import annotations

import pytest

from ppp import bench_operations


def test_the_benchmark_runs_and_reports_the_series_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_operations.main(["--readings", "3000", "--repeat", "3"]) == 0
    out = capsys.readouterr().out
    assert "3 projects, 3,030 readings" in out
    assert "monthly_series (one project, one KPI, 100 months)" in out
    assert "target ≤ 5 ms" in out
