"""A short version of the load test (``python -m ppp.bench_load``): a real ``streamlit run`` and several
websocket sessions speaking Streamlit's protocol at once. Nothing here is timed: the figures belong to the
benchmark's output; the test checks that every session kept working and that every run rendered its page."""

from __future__ import annotations

import json

import pytest

from ppp import bench_load
from ppp.bench_load import LoadReport, Run, SessionResult, summarise
from ppp.i18n import translate

#: the title (h1) each page starts with, by the url path the navigation gives it
TITLE_KEYS = {
    "portfolio": "ui.portfolio.title",
    "editor": "ui.editor.title",
    "dashboard": "ui.dashboard.title",
    "risk": "ui.risk.title",
    "operations": "ui.operations.title",
    "lifecycle": "ui.lifecycle.title",
    "tenders": "ui.nav.tenders",
    "value-for-money": "ui.vfm.title",
    "affordability": "ui.affordability.title",
}


def test_concurrent_sessions_run_every_page_without_a_failure() -> None:
    # the app's language comes from PPP_LANG=en (tests/app/conftest.py), which the server inherits
    report = bench_load.measure(
        sessions=6, think_max=1.0, duration=15.0, seed=3, timeout=120.0, page_repeat=1
    )

    assert report.warm_up_failure is None
    assert [session.failure for session in report.failed] == []
    assert report.server_errors == []
    assert all(len(session.runs) >= 2 for session in report.sessions), [
        len(session.runs) for session in report.sessions
    ]
    # the warm-up opened every page of the navigation once; then each run showed the title of its own page
    assert sorted(run.page for run in report.warm_up[1:]) == sorted(TITLE_KEYS)
    for run in [*report.warm_up, *report.runs]:
        assert run.title == translate(TITLE_KEYS[run.page], "en"), run
    assert len({run.page for run in report.runs}) >= 3
    assert sum(run.first for run in report.runs) == 6
    # every page's server CPU, measured with one session alone (Linux /proc), and the server's CPU meanwhile
    assert set(report.page_cpu) == set(TITLE_KEYS)
    assert sum(report.page_cpu.values()) > 0
    assert report.server_cpu_seconds is not None
    assert report.server_cpu_seconds > 0
    assert all(megabytes is not None and megabytes > 0 for megabytes in report.server_memory)

    table = bench_load.format_report(report)
    assert "6 concurrent sessions" in table
    assert "failed sessions: 0" in table
    data = json.loads(json.dumps(bench_load.report_json(report)))
    assert data["runs"] == len(report.runs) == data["seconds"]["all"]["runs"]
    assert data["failed_sessions"] == 0


def _report(
    seconds: list[float],
    failure: str | None = None,
    *,
    server_errors: tuple[str, ...] = (),
    warm_up_failure: str | None = None,
) -> LoadReport:
    runs = [Run(page="portfolio", seconds=value, title="Project portfolio", first=False) for value in seconds]
    return LoadReport(
        sessions=[SessionResult(index=0, runs=runs, failure=failure)],
        warm_up=[],
        server_errors=list(server_errors),
        warm_up_failure=warm_up_failure,
        think_max=1.0,
        duration=10.0,
        target_p95=1.0,
    )


def test_percentiles_interpolate_between_runs() -> None:
    # 20 runs of 0.1 .. 2.0 s: the p95 is at rank 0.95 × 19 = 18.05, 5% of the way from 1.9 to 2.0
    figures = summarise([step / 10 for step in range(1, 21)])
    assert figures["runs"] == 20
    assert figures["p50"] == pytest.approx(1.05)
    assert figures["p95"] == pytest.approx(1.905)
    assert figures["p99"] == pytest.approx(1.981)
    assert figures["max"] == pytest.approx(2.0)


def test_the_verdict_needs_no_failure_and_a_p95_below_the_target() -> None:
    assert _report([0.2, 0.3, 0.4]).passed
    # p95 of (0.2, 0.3, 1.2) = 0.3 + 0.9 × 0.9 = 1.11 s
    assert not _report([0.2, 0.3, 1.2]).passed
    assert not _report([0.2, 0.3], failure="dashboard: exception shown").passed
    assert not _report([]).passed  # no run measured is no evidence
    assert not _report([0.2], server_errors=("KeyError: 'x'",)).passed
    assert not _report([0.2], warm_up_failure="risk: exception shown").passed
    assert "session 0 failed: dashboard: exception shown" in bench_load.format_report(
        _report([0.2], failure="dashboard: exception shown")
    )
    assert bench_load.report_json(_report([]))["seconds"]["all"]["p95"] is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--sessions", "0"], "--sessions must be above 0, got 0"),
        (["--think-max", "-1"], "--think-max must be 0 or more, got -1.0"),
        (["--duration", "abc"], "argument --duration: invalid float value: 'abc'"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        bench_load.main(arguments)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
