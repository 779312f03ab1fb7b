"""Risk exports: the Monte Carlo values sheet in a written workbook (labels in both languages, every
scenario's numbers, blanks where undefined) and the CSVs of a run and of a tornado (columns, rows, numbers
read back exactly)."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from ppp.engine import evaluate
from ppp.exports.risk_export import (
    MONTE_CARLO_COLUMNS,
    TORNADO_COLUMNS,
    monte_carlo_csv,
    monte_carlo_sheet,
    tornado_csv,
)
from ppp.exports.workbook import write_workbook
from ppp.model import Project, load_project
from ppp.risk.distributions import Triangular, Uniform
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloResult, MonteCarloSpec, run_monte_carlo
from ppp.risk.sensitivity import tornado

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"


def sample(name: str) -> Project:
    return load_project(SAMPLES / f"{name}.toml").project


@pytest.fixture(scope="module")
def yangxin_run() -> tuple[Project, MonteCarloResult]:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(
        {"capex": Triangular(0.95, 1.0, 1.25), "construction_delay": Triangular(0.0, 0.0, 2.0)},
        scenarios=1_000,
        seed=5,
    )
    return project, run_monte_carlo(project, spec)


@pytest.fixture(scope="module")
def undefined_run() -> MonteCarloResult:
    """Scores down to 0 stop the linked payments: many scenarios have no equity IRR."""
    spec = MonteCarloSpec({"performance_score": Uniform(0.0, 100.0)}, scenarios=1_000, seed=2)
    result = run_monte_carlo(sample("leshan_operating_concession"), spec)
    assert 0 < result.undefined["equity_irr"] < 1_000
    return result


def expected_row(result: MonteCarloResult, index: int) -> list[float]:
    return [
        float(index + 1),
        *(float(result.drivers[key][index]) for key in DRIVER_KEYS),
        *(float(result.outputs[key][index]) for key in OUTPUT_KEYS),
        1.0 if result.feasible[index] else 0.0,
    ]


def test_the_values_sheet_is_in_the_written_workbook(
    yangxin_run: tuple[Project, MonteCarloResult], tmp_path: Path
) -> None:
    project, result = yangxin_run
    path = tmp_path / "risk.xlsx"
    sheet = monte_carlo_sheet(result, language="zh")
    write_workbook(path, evaluate(project), project, language="zh", extra_sheets=[sheet])
    book = openpyxl.load_workbook(path, read_only=True)
    assert "蒙特卡洛模拟" in book.sheetnames
    rows = list(book["蒙特卡洛模拟"].iter_rows(values_only=True))
    assert rows[0] == (
        "情景",
        "建设投资",
        "运营成本",
        "使用者付费收入",
        "贷款利率",
        "通货膨胀率",
        "绩效考核得分",
        "建设期延误",
        "资本金财务内部收益率",
        "项目财务净现值（所得税后）",
        "政府付费现值",
        "最低偿债备付率",
        "贷款可还清（1 = 是）",
    )
    assert len(rows) == 1 + 1_000
    for index in (0, 1, 499, 999):
        # the workbook writer stores 16 significant digits (what a spreadsheet shows), not the 17 of repr
        assert [float(value) for value in rows[1 + index]] == pytest.approx(
            expected_row(result, index), rel=1e-15
        )
    delays = {row[DRIVER_KEYS.index("construction_delay") + 1] for row in rows[1:]}
    assert delays == {0, 1, 2}


def test_the_sheet_is_labelled_in_english_too(yangxin_run: tuple[Project, MonteCarloResult]) -> None:
    _, result = yangxin_run
    sheet = monte_carlo_sheet(result, language="en")
    assert sheet.title == "Monte Carlo"
    assert list(sheet.columns) == [
        "scenario",
        "Capex",
        "Operating costs",
        "User revenue",
        "Loan rate",
        "Inflation",
        "Performance score",
        "Construction delay",
        "Equity IRR",
        "Project NPV (post-tax)",
        "PV of government payments",
        "Minimum DSCR",
        "loan repaid (1 = yes)",
    ]
    assert isinstance(sheet.rows, np.ndarray)
    assert sheet.rows.shape == (1_000, len(MONTE_CARLO_COLUMNS))


def test_undefined_outputs_are_blank_cells_in_the_workbook(
    undefined_run: MonteCarloResult, tmp_path: Path
) -> None:
    project = sample("leshan_operating_concession")
    path = tmp_path / "undefined.xlsx"
    sheet = monte_carlo_sheet(undefined_run, language="en")
    write_workbook(path, evaluate(project), project, extra_sheets=[sheet])
    rows = list(openpyxl.load_workbook(path, read_only=True)["Monte Carlo"].iter_rows(values_only=True))[1:]
    irr_column = 1 + len(DRIVER_KEYS)
    blanks = [index for index, row in enumerate(rows) if row[irr_column] is None]
    assert blanks == np.flatnonzero(np.isnan(undefined_run.outputs["equity_irr"])).tolist()
    defined = next(index for index, row in enumerate(rows) if row[irr_column] is not None)
    assert rows[defined][irr_column] == pytest.approx(undefined_run.outputs["equity_irr"][defined], rel=1e-15)


def test_the_csv_has_a_row_per_scenario_that_reads_back_exactly(
    yangxin_run: tuple[Project, MonteCarloResult],
) -> None:
    _, result = yangxin_run
    rows = list(csv.reader(io.StringIO(monte_carlo_csv(result))))
    assert tuple(rows[0]) == MONTE_CARLO_COLUMNS
    assert MONTE_CARLO_COLUMNS[1:8] == DRIVER_KEYS
    assert MONTE_CARLO_COLUMNS[8:12] == OUTPUT_KEYS
    assert len(rows) == 1 + 1_000
    for index, row in enumerate(rows[1:]):
        assert [float(cell) for cell in row] == expected_row(result, index)
    assert {row[7] for row in rows[1:]} == {"0", "1", "2"}  # whole years, written as integers
    assert rows[1][0] == "1"
    assert rows[1][-1] == "1"


def test_the_csv_leaves_undefined_outputs_empty(undefined_run: MonteCarloResult) -> None:
    rows = list(csv.reader(io.StringIO(monte_carlo_csv(undefined_run))))[1:]
    irr = [row[MONTE_CARLO_COLUMNS.index("equity_irr")] for row in rows]
    assert sum(cell == "" for cell in irr) == undefined_run.undefined["equity_irr"]
    assert all(cell == "" or math.isfinite(float(cell)) for cell in irr)


def test_a_cancelled_run_exports_the_scenarios_done() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec({"opex": Uniform(0.9, 1.1)}, scenarios=3_000, seed=1, chunk_size=1_000)
    result = run_monte_carlo(project, spec, on_chunk=lambda done, total: done < 2_000)
    assert result.cancelled
    assert len(monte_carlo_csv(result).splitlines()) == 1 + 2_000
    assert len(monte_carlo_sheet(result, language="en").rows) == 2_000


def test_the_tornado_csv_has_the_base_then_every_point() -> None:
    project = sample("yangxin_smart_city_bot")
    result = tornado(project, {"capex": [-0.1, 0.1], "construction_delay": [1.0]})
    rows = list(csv.reader(io.StringIO(tornado_csv(result))))
    assert tuple(rows[0]) == TORNADO_COLUMNS
    assert [row[:3] for row in rows[1:]] == [
        ["base", "0.0", ""],
        ["capex", "-0.1", "0.9"],
        ["capex", "0.1", "1.1"],
        ["construction_delay", "1.0", "1.0"],
    ]
    outputs = slice(3, 3 + len(OUTPUT_KEYS))
    assert [float(cell) for cell in rows[1][outputs]] == [result.base[key] for key in OUTPUT_KEYS]
    for row, point in zip(rows[2:], result.points, strict=True):
        assert [float(cell) for cell in row[outputs]] == [point.outputs[key] for key in OUTPUT_KEYS]
        assert row[-1] == ("1" if point.feasible else "0")
