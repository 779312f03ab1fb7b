"""The result hash: its documented byte format rebuilt by hand, stable across evaluations and processes,
moved by a change of 1e-9 in one input, indifferent to NaN payloads and signs of zero; carried by the
evaluation JSON, the workbook's cover and the Monte Carlo and comparison CSVs beside the input hash and the
program version."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from ppp import __version__
from ppp.cli import main
from ppp.engine import evaluate
from ppp.engine.evaluation import (
    RESULT_HASH_COLUMNS,
    RESULT_HASH_FORMAT,
    RESULT_HASH_METRICS,
    YEAR_KEYS,
    Evaluation,
    result_hash,
)
from ppp.engine.metrics import METRIC_KEYS
from ppp.exports.comparison import comparison_csv
from ppp.exports.risk_export import MONTE_CARLO_COLUMNS, monte_carlo_csv, monte_carlo_sheet
from ppp.exports.workbook import write_workbook
from ppp.government.bids import compare_bids
from ppp.model import Project, canonical_hash, dump_project, load_project, parse_project, project_data
from ppp.model.io import validate_data
from ppp.risk.distributions import Uniform
from ppp.risk.montecarlo import MonteCarloSpec, run_monte_carlo

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_projects"
YANGXIN = SAMPLES / "yangxin_smart_city_bot.toml"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(YANGXIN).project


@pytest.fixture(scope="module")
def evaluation(project: Project) -> Evaluation:
    return evaluate(project)


_CANONICAL_NAN = struct.pack("<Q", 0x7FF8_0000_0000_0000)


def _documented_bytes(metrics: dict[str, float | None], years: list[dict[str, object]]) -> bytes:
    """The byte format of the docstring, written out with struct instead of numpy."""

    def number(value: object) -> bytes:
        if value is None or value != value:  # None and NaN: the one canonical quiet NaN
            return _CANONICAL_NAN
        assert isinstance(value, int | float)
        return struct.pack("<d", 0.0 if value == 0.0 else float(value))

    data = RESULT_HASH_FORMAT.encode() + b"\n"
    for key in RESULT_HASH_METRICS:
        data += key.encode() + b"\0" + number(metrics[key])
    for key in RESULT_HASH_COLUMNS:
        values = [
            (1.0 if row["phase"] == "operation" else 0.0) if key == "phase" else row[key] for row in years
        ]
        data += key.encode() + b"\0" + struct.pack("<I", len(values)) + b"".join(number(v) for v in values)
    return data


def test_the_hash_is_the_documented_byte_format(evaluation: Evaluation) -> None:
    expected = hashlib.sha256(_documented_bytes(evaluation.metrics, evaluation.years)).hexdigest()
    assert result_hash(evaluation) == "sha256:" + expected


def test_a_two_year_worked_example_by_hand(evaluation: Evaluation) -> None:
    metrics: dict[str, float | None] = dict.fromkeys(RESULT_HASH_METRICS, 0.0)
    metrics["equity_irr"] = 0.08
    metrics["min_dscr"] = None
    years: list[dict[str, object]] = [
        dict.fromkeys(YEAR_KEYS, 0.0) | {"period": 1, "year": 2020, "phase": "construction", "capex": 100.0},
        dict.fromkeys(YEAR_KEYS) | {"period": 2, "year": 2021, "phase": "operation", "opex": 2.5},
    ]
    data = _documented_bytes(metrics, years)
    # the blocks written out byte by byte: 100.0 is 0x4059000000000000, 0.08 is 0x3FB47AE147AE147B
    assert data.startswith(b"ppp-result-hash/1\nproject_npv_pre_tax\x00" + bytes(8))
    assert b"equity_irr\x00" + bytes.fromhex("7b14ae47e17ab43f") in data
    assert b"min_dscr\x00" + bytes.fromhex("000000000000f87f") in data
    capex = b"capex\x00" + bytes.fromhex("02000000") + bytes.fromhex("0000000000005940") + _CANONICAL_NAN
    assert capex in data
    assert b"phase\x00" + bytes.fromhex("02000000") + bytes(8) + bytes.fromhex("000000000000f03f") in data
    small = dataclasses.replace(evaluation, metrics=metrics, years=years)
    assert result_hash(small) == "sha256:" + hashlib.sha256(data).hexdigest()


#: what format ppp-result-hash/1 hashes, in order: a metric or column added to the engine must come with a
#: new RESULT_HASH_FORMAT (stored hashes of format 1 keep reproducing only with exactly these)
FORMAT_1_METRICS = (
    "project_npv_pre_tax", "project_irr_pre_tax", "project_npv_post_tax", "project_irr_post_tax",
    "equity_irr", "equity_npv", "min_dscr", "mean_dscr", "llcr", "payback_years", "discounted_payback_years",
    "roi", "roe", "government_pv", "construction_investment", "idc", "total_investment",
    "max_affordability_ratio", "vfm_amount", "vfm_index", "min_icr",
)  # fmt: skip
FORMAT_1_COLUMNS = (
    "period", "year", "phase", "capex", "lifecycle_capex", "idc", "equity_draw", "debt_draw", "debt_opening",
    "interest", "principal", "government_payment", "availability_payment", "om_payment", "user_revenue",
    "opex", "ebitda", "depreciation", "ebit", "income_tax", "net_profit", "cfads", "dscr",
    "project_cf_pre_tax", "project_cf_post_tax", "equity_cf", "fiscal_expenditure", "affordability_ratio",
    "icr",
)  # fmt: skip


def test_the_hash_covers_every_metric_and_every_annual_column_of_its_format() -> None:
    assert RESULT_HASH_FORMAT == "ppp-result-hash/1"
    assert RESULT_HASH_METRICS == METRIC_KEYS == FORMAT_1_METRICS
    assert RESULT_HASH_COLUMNS == YEAR_KEYS == FORMAT_1_COLUMNS


def test_two_evaluations_give_the_same_hash(project: Project, evaluation: Evaluation) -> None:
    assert result_hash(evaluate(project)) == result_hash(evaluation)
    assert result_hash(evaluation).startswith("sha256:")
    assert len(result_hash(evaluation)) == len("sha256:") + 64


def test_another_process_computes_the_same_hash(evaluation: Evaluation) -> None:
    script = (
        "from ppp.engine import evaluate; from ppp.engine.evaluation import result_hash; "
        "from ppp.model import load_project; "
        f"print(result_hash(evaluate(load_project({str(YANGXIN)!r}).project)))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True, timeout=300
    )
    assert completed.stdout.strip() == result_hash(evaluation)


def test_an_input_changed_by_1e_9_changes_the_hash(project: Project, evaluation: Evaluation) -> None:
    data = project_data(project)
    data["rates"]["discount_rate"] += 1e-9
    nudged = evaluate(validate_data(data).project)
    assert nudged.input_hash != evaluation.input_hash
    assert result_hash(nudged) != result_hash(evaluation)
    data = project_data(project)
    data["rates"]["inflation"] += 1e-9
    assert result_hash(evaluate(validate_data(data).project)) != result_hash(evaluation)


def test_nan_payloads_and_signs_of_zero_do_not_change_the_hash(evaluation: Evaluation) -> None:
    other_nan = float(np.frombuffer(struct.pack("<Q", 0xFFF8_0000_0000_0001), dtype="<f8")[0])
    assert other_nan != other_nan
    metrics = dict(evaluation.metrics)
    none_key = next(key for key in RESULT_HASH_METRICS if metrics[key] is None)
    years = [dict(row) for row in evaluation.years]
    zero_key = next(key for key in ("idc", "user_revenue", "principal") if years[-1][key] == 0.0)
    years[-1][zero_key] = -0.0
    metrics[none_key] = other_nan
    same = dataclasses.replace(evaluation, metrics=metrics, years=years)
    assert result_hash(same) == result_hash(evaluation)
    years[-1][zero_key] = 5e-324  # the smallest step away from zero is a different result
    assert result_hash(dataclasses.replace(evaluation, years=years)) != result_hash(evaluation)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda path: path.stem)
def test_a_stored_file_evaluates_to_the_hash_of_the_project_it_was_written_from(sample: Path) -> None:
    # what reproduce relies on: services hash the validated project, reproduce the stored canonical TOML
    project = load_project(sample).project
    try:
        original = evaluate(project)
    except Exception as error:  # a tender template may not evaluate alone: nothing to store then
        pytest.skip(f"{sample.stem} does not evaluate alone: {error}")
    stored = parse_project(dump_project(project)).project
    assert canonical_hash(stored) == original.input_hash
    assert result_hash(evaluate(stored)) == result_hash(original)


# ---- beside the input hash and the program version, in every output ------------------------------------


def test_the_evaluation_json_carries_the_three(evaluation: Evaluation) -> None:
    document = evaluation.to_json()
    assert document["result_hash"] == result_hash(evaluation)
    assert document["input_hash"] == evaluation.input_hash
    assert document["program_version"] == __version__
    out = io.StringIO()
    assert main(["evaluate", str(YANGXIN), "--json"], stdout=out, stderr=io.StringIO()) == 0
    assert json.loads(out.getvalue())["result_hash"] == result_hash(evaluation)


def test_the_workbook_cover_carries_the_result_hash(
    project: Project, evaluation: Evaluation, tmp_path: Path
) -> None:
    path = tmp_path / "book.xlsx"
    result = run_monte_carlo(project, MonteCarloSpec({"opex": Uniform(0.9, 1.1)}, scenarios=1_000, seed=3))
    write_workbook(
        path, evaluation, project, language="zh", extra_sheets=[monte_carlo_sheet(result, language="zh")]
    )
    book = openpyxl.load_workbook(path)
    cover = {
        row[0]: row[1] for row in book["Cover"].iter_rows(min_row=3, max_col=2, values_only=True) if row[0]
    }
    assert cover["结果哈希"] == result_hash(evaluation)
    assert cover["输入哈希"] == evaluation.input_hash
    assert cover["程序版本"] == __version__
    header = book["蒙特卡洛模拟"].oddHeader
    assert header.left.text == evaluation.input_hash
    assert header.right.text == f"ppp {__version__}"


def test_the_monte_carlo_csv_carries_input_hash_and_version_when_given(project: Project) -> None:
    result = run_monte_carlo(project, MonteCarloSpec({"opex": Uniform(0.9, 1.1)}, scenarios=1_000, seed=1))
    plain = list(csv.reader(io.StringIO(monte_carlo_csv(result))))
    assert tuple(plain[0]) == MONTE_CARLO_COLUMNS
    marked = list(csv.reader(io.StringIO(monte_carlo_csv(result, input_hash=canonical_hash(project)))))
    assert marked[0] == [*MONTE_CARLO_COLUMNS, "input_hash", "program_version"]
    assert len(marked) == 1_001
    for plain_row, marked_row in zip(plain[1:], marked[1:], strict=True):
        assert marked_row == [*plain_row, canonical_hash(project), __version__]


def test_the_comparison_csv_carries_the_tender_hash_and_version() -> None:
    tender = load_project(SAMPLES / "xinyu_tender.toml").project
    bids = [load_project(SAMPLES / f"xinyu_bid_{letter}.toml").project for letter in "abc"]
    comparison = compare_bids(tender, bids)
    header, *rows = list(csv.reader(io.StringIO(comparison_csv(comparison, language="en"))))
    assert header[-2:] == ["tender input hash", "program version"]
    assert rows
    assert all(row[-2:] == [comparison.tender_hash, __version__] for row in rows)
    zh_header = next(csv.reader(io.StringIO(comparison_csv(comparison, language="zh"))))
    assert zh_header[-2:] == ["招标文件输入哈希", "程序版本"]
