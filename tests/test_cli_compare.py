"""``ppp compare TENDER BID... [--json]``: the comparison on the command line, and every kind of bad file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ppp.cli import main
from ppp.government.bids import compare_bids
from ppp.model import canonical_hash, load_project

REPO = Path(__file__).resolve().parents[1]
TENDER = REPO / "sample_projects" / "xinyu_tender.toml"
BIDS = [REPO / "sample_projects" / f"xinyu_bid_{letter}.toml" for letter in "abc"]
JSON_BID_KEYS = {
    "bidder",
    "input_hash",
    "government_pv",
    "price_score",
    "technical_score",
    "total_score",
    "rank",
    "equity_irr",
    "min_dscr",
    "max_affordability_ratio",
    "vfm_amount",
    "flags",
}


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run(*arguments: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(argument) for argument in arguments], stdout=out, stderr=err)
    return Run(code, out.getvalue(), err.getvalue())


def compare_json(*arguments: str | Path) -> dict[str, Any]:
    result = run("compare", *arguments, "--json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def test_compare_json_has_the_contracted_shape_and_the_engines_figures() -> None:
    document = compare_json(TENDER, *BIDS)
    assert set(document) == {"tender", "bids"}
    assert document["tender"]["input_hash"] == canonical_hash(load_project(TENDER).project)
    bids = document["bids"]
    assert len(bids) == 3
    for bid in bids:
        assert set(bid) >= JSON_BID_KEYS
    expected = compare_bids(load_project(TENDER).project, [load_project(path).project for path in BIDS])
    assert [bid["bidder"] for bid in bids] == [result.bidder for result in expected.bids]
    assert [bid["rank"] for bid in bids] == [1, 2, 3]
    for bid, result in zip(bids, expected.bids, strict=True):
        assert bid["input_hash"] == result.input_hash
        assert bid["government_pv"] == result.government_pv
        assert bid["price_score"] == result.price_score
        assert bid["total_score"] == result.total_score
        assert bid["equity_irr"] == result.equity_irr
        assert bid["flags"] == list(result.flags)


def test_compare_json_scores_by_the_normative_formula() -> None:
    document = compare_json(TENDER, *BIDS)
    weights = document["tender"]
    lowest = min(bid["government_pv"] for bid in document["bids"])
    for bid in document["bids"]:
        assert bid["price_score"] == pytest.approx(100.0 * lowest / bid["government_pv"], rel=1e-12)
        total = (
            weights["price_weight"] * bid["price_score"]
            + weights["technical_weight"] * bid["technical_score"]
        )
        assert bid["total_score"] == pytest.approx(total, rel=1e-12)
    abnormal = [bid for bid in document["bids"] if "abnormally_low" in bid["flags"]]
    assert [bid["price_score"] for bid in abnormal] == [100.0]
    assert abnormal[0]["rank"] == 3  # the cheapest bid is last on the total: the technical score decides


def test_the_order_of_the_bid_files_does_not_matter() -> None:
    forward = compare_json(TENDER, *BIDS)
    backward = compare_json(TENDER, *reversed(BIDS))
    assert forward == backward


def test_human_table_lists_every_bid_with_hash_flags_and_profile() -> None:
    result = run("compare", TENDER, *BIDS)
    assert result.code == 0, result.err
    for path in BIDS:
        project = load_project(path).project
        assert project.bid is not None
        assert project.bid.bidder in result.out
        assert canonical_hash(project) in result.out
        assert str(path) in result.out
    assert "abnormally low" in result.out
    assert "Payment profile" in result.out
    assert "2039" in result.out


def test_human_table_in_chinese() -> None:
    result = run("--lang", "zh", "compare", TENDER, *BIDS)
    assert result.code == 0, result.err
    assert "投标比较" in result.out
    assert "异常低价" in result.out


def test_tied_bids_are_explained(tmp_path: Path) -> None:
    # the same offer submitted twice, a day apart: equal total and PV, the earlier submission ranks first
    text = BIDS[0].read_text(encoding="utf-8")
    early = tmp_path / "early.toml"
    late = tmp_path / "late.toml"
    early.write_text(text.replace("submitted = 2025-03-10", "submitted = 2025-03-01"), encoding="utf-8")
    late.write_text(
        text.replace("submitted = 2025-03-10", "submitted = 2025-03-02").replace("Vendor A", "Vendor Z"),
        encoding="utf-8",
    )
    document = compare_json(TENDER, late, early)
    ranks = {bid["bidder"]: (bid["rank"], bid["tie_break"]) for bid in document["bids"]}
    assert ranks == {"Vendor A (甲公司)": (1, "submitted"), "Vendor Z (甲公司)": (2, "submitted")}
    result = run("compare", TENDER, late, early)
    assert "the earlier submission ranks first" in result.out


def test_a_bid_with_another_timeline_is_listed_as_not_valid(tmp_path: Path) -> None:
    moved = tmp_path / "moved.toml"
    moved.write_text(
        BIDS[1].read_text(encoding="utf-8").replace("start_year = 2025", "start_year = 2026"),
        encoding="utf-8",
    )
    document = compare_json(TENDER, BIDS[0], moved)
    valid, not_valid = document["bids"]
    assert valid["rank"] == 1
    assert valid["price_score"] == 100.0
    assert not_valid["rank"] is None
    assert not_valid["flags"] == ["not_valid"]
    assert not_valid["problems"][0]["path"] == "timeline.start_year"
    result = run("compare", TENDER, BIDS[0], moved)
    assert result.code == 0
    assert "timeline.start_year = 2026" in result.out


# ---- bad files --------------------------------------------------------------------------------------------


def test_a_tender_without_tender_table_names_the_file_and_key() -> None:
    result = run("compare", BIDS[0], *BIDS[1:])
    assert result.code == 2
    assert result.out == ""
    assert f"{BIDS[0]}: is not a tender: [tender] is missing" in result.err


def test_a_bid_without_bid_table_names_the_file_and_key() -> None:
    other = REPO / "sample_projects" / "yangxin_smart_city_bot.toml"
    result = run("compare", TENDER, BIDS[0], other)
    assert result.code == 2
    assert f"{other}: is not a bid: [bid] is missing" in result.err


def test_invalid_and_missing_files_are_all_reported_like_validate(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        BIDS[0].read_text(encoding="utf-8").replace("technical_score = 80", "technical_score = 180"),
        encoding="utf-8",
    )
    missing = tmp_path / "missing.toml"
    result = run("compare", TENDER, broken, missing)
    assert result.code == 2
    assert f"{broken}: 1 problem(s) found" in result.err
    assert "bid.technical_score = 180" in result.err
    assert f"{missing}: 1 problem(s) found" in result.err
    assert "file not found" in result.err
    zh = run("--lang", "zh", "compare", TENDER, broken)
    assert "错误" in zh.err


def test_compare_needs_at_least_one_bid() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("compare", TENDER)
    assert exit_info.value.code == 2


def test_the_real_command_prints_json_and_no_traceback() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ppp.cli", "compare", str(TENDER), *map(str, BIDS), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(json.loads(completed.stdout)["bids"]) == 3
