"""``ppp payments FILE --readings READINGS.csv [--json]`` on the yangxin sample, and bad input (exit 2)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ppp.cli import main
from ppp.engine import evaluate
from ppp.model import load_project

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_projects" / "yangxin_smart_city_bot.toml"
READINGS = REPO / "sample_projects" / "yangxin_readings_2019.csv"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_on_the_sample_readings() -> None:
    code, out, err = run("payments", str(SAMPLE), "--readings", str(READINGS), "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert list(document) == ["money_unit", "minor_unit", "years"]
    assert (document["money_unit"], document["minor_unit"]) == ("万元", 0.000001)
    (year,) = document["years"]
    assert list(year) == [
        "year",
        "score",
        "coefficient",
        "points",
        "planned_payment",
        "deduction",
        "actual_payment",
        "months",
    ]
    assert year["year"] == 2019
    # ten full months (100), March 87.5 (availability 99.45: 25 × (1 − 0.45/0.9) = 12.5 short),
    # November 94 (response 42 min: 15 × (1 − 12/30) = 9, 6 short)
    assert year["score"] == pytest.approx((10 * 100 + 87.5 + 94) / 12, abs=1e-9)
    assert year["coefficient"] == 1.0
    # camera outages 12, 9, 15, 6, 18, 11, 130, 45, 14, 7, 10, 5
    assert year["points"] == 282.0
    # July 130 points: 80 × 0.2 + 30 × 0.24 = 23.2; August 45 points: 25 × 0.2 = 5.0 (万元)
    deductions = {month["period"]: month["deduction"] for month in year["months"]}
    assert deductions["2019-07"] == pytest.approx(23.2, abs=1e-9)
    assert deductions["2019-08"] == pytest.approx(5.0, abs=1e-9)
    assert sum(1 for amount in deductions.values() if amount) == 2
    assert year["deduction"] == pytest.approx(28.2, abs=1e-9)
    # planned: the engine's 2019 government payment at the expected score (coefficient 1 too), to 0.000001
    planned = evaluate(load_project(SAMPLE).project).years[2]["government_payment"]
    assert year["planned_payment"] == pytest.approx(planned, abs=5e-7)
    assert year["actual_payment"] == pytest.approx(year["planned_payment"] - 28.2, abs=1e-9)
    assert [month["period"] for month in year["months"]] == [f"2019-{m:02d}" for m in range(1, 13)]
    assert [list(month) for month in year["months"]] == [["period", "score", "points", "deduction"]] * 12


def test_text_statement() -> None:
    code, out, err = run("--lang", "en", "payments", str(SAMPLE), "--readings", str(READINGS))
    assert (code, err) == (0, "")
    assert "2019 (operating year 1, 12 months recorded)" in out
    assert "28.200000" in out
    for month in range(1, 13):
        assert f"2019-{month:02d}" in out
    code, out_zh, _ = run("--lang", "zh", "payments", str(SAMPLE), "--readings", str(READINGS))
    assert code == 0
    assert "实际付费" in out_zh


def test_bad_rows_exit_2_listing_every_line(tmp_path: Path) -> None:
    readings = tmp_path / "bad.csv"
    readings.write_text(
        "kpi_id,period,value\nplatform_availability,2019-01,99.95\nnope,2019-01,1\n"
        "mttr,2019-13,1\nhelpdesk_answer_rate,2019-01,120\ncamera_outage,2019-01,x\n",
        encoding="utf-8",
    )
    code, out, err = run("--lang", "en", "payments", str(SAMPLE), "--readings", str(readings))
    assert code == 2
    assert out == ""
    for line in (3, 4, 5, 6):
        assert f"line {line} = " in err
    assert "line 2" not in err
    assert "Traceback" not in err


def test_readings_outside_operation_exit_2(tmp_path: Path) -> None:
    readings = tmp_path / "early.csv"
    readings.write_text("kpi_id,period,value\nmttr,2018-06,1\n", encoding="utf-8")
    code, out, err = run("--lang", "en", "payments", str(SAMPLE), "--readings", str(readings))
    assert (code, out) == (2, "")
    assert "2018-06" in err
    assert "2019–2031" in err


def test_unreadable_readings_exit_2(tmp_path: Path) -> None:
    code, _, err = run("payments", str(SAMPLE), "--readings", str(tmp_path / "missing.csv"))
    assert code == 2
    assert "missing.csv" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kpi_id,period,value\nmttr,2019-01,1\xe9\n".encode("latin-1"))
    code, _, err = run("payments", str(SAMPLE), "--readings", str(latin))
    assert code == 2
    assert "latin.csv" in err


def test_empty_readings_say_so(tmp_path: Path) -> None:
    readings = tmp_path / "empty.csv"
    readings.write_text("kpi_id,period,value\n", encoding="utf-8")
    code, out, _ = run("--lang", "en", "payments", str(SAMPLE), "--readings", str(readings), "--json")
    assert code == 0
    assert json.loads(out)["years"] == []
    code, out, _ = run("--lang", "en", "payments", str(SAMPLE), "--readings", str(readings))
    assert code == 0
    assert "no readings" in out


def test_real_entry_point_never_shows_a_traceback(tmp_path: Path) -> None:
    readings = tmp_path / "bad.csv"
    readings.write_text("kpi_id,period\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "ppp.cli", "payments", str(SAMPLE), "--readings", str(readings)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert completed.returncode == 2
    assert "line 1" in completed.stderr
    assert "Traceback" not in completed.stderr
