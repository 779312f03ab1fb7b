"""The comparison workbook and CSV: figures as values, scoring as live formulas that LibreOffice recalculates
to the engine's results (1e-9), ties by COUNTIFS, neutralised user text, bilingual labels."""

from __future__ import annotations

import csv
import datetime
import io
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

from ppp import __version__
from ppp.exports.comparison import COLUMN_OF, HEADER_ROW, comparison_csv, comparison_workbook
from ppp.exports.sanitise import is_neutral
from ppp.government.bids import BidResult, Comparison, compare_bids, score_bids
from ppp.model import load_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_projects"
RELATIVE = 1e-9
FIRST_BID_ROW = HEADER_ROW + 2  # 1-based row of the first bid
SCORED = ("price_score", "total_score", "rank")


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    tender = load_project(SAMPLES / "xinyu_tender.toml").project
    bids = [load_project(SAMPLES / f"xinyu_bid_{letter}.toml").project for letter in "abc"]
    moved = bids[0].model_copy(update={"timeline": bids[0].timeline.model_copy(update={"start_year": 2030})})
    assert moved.bid is not None
    moved = moved.model_copy(update={"bid": moved.bid.model_copy(update={"bidder": '=HYPERLINK("x")'})})
    return compare_bids(tender, [*bids, moved])


def tied(sample: Comparison) -> Comparison:
    """Five bids with the ties of the hand-worked example: totals 84 / 72.4 / 84 and two equal offers.

    Weights 0.6 / 0.4. PVs 40,000 / 50,000 / 32,000 score 80 / 64 / 100; technical 90 / 85 / 60 make totals
    84 / 72.4 / 84 (a tie the lower PV wins). Two more bids repeat the 32,000 / 60 offer: the one submitted
    on the same day as the original shares its rank, the later one ranks after both.
    """
    day = datetime.date(2024, 5, 10)
    offers = [
        ("First", 40_000.0, 90.0, day),
        ("Second", 50_000.0, 85.0, day),
        ("Third", 32_000.0, 60.0, day),
        ("Third again", 32_000.0, 60.0, day),
        ("Third later", 32_000.0, 60.0, day + datetime.timedelta(days=1)),
    ]
    scores = score_bids([offer[1:] for offer in offers], price_weight=0.6, technical_weight=0.4)
    template = sample.bids[0]
    bids = [
        replace(
            template,
            bidder=name,
            government_pv=pv,
            technical_score=technical,
            submitted=submitted,
            price_score=scored.price_score,
            total_score=scored.total_score,
            rank=scored.rank,
            tie_break=scored.tie_break,
        )
        for (name, pv, technical, submitted), scored in zip(offers, scores, strict=True)
    ]
    bids.sort(key=lambda bid: (bid.rank or 0, bid.submitted, bid.bidder))
    return replace(sample, price_weight=0.6, technical_weight=0.4, bids=tuple(bids))


def write(path: Path, comparison: Comparison, language: str = "en") -> Path:
    path.write_bytes(comparison_workbook(comparison, language="zh" if language == "zh" else "en"))
    return path


def table(path: Path, *, data_only: bool) -> Worksheet:
    sheet: Worksheet = openpyxl.load_workbook(path, data_only=data_only).worksheets[0]
    return sheet


def column(key: str) -> int:
    return COLUMN_OF[key] + 1


def close(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b), 1.0)


def assert_scoring_equals_the_engine(sheet: Worksheet, comparison: Comparison) -> None:
    for offset, bid in enumerate(comparison.bids):
        row = FIRST_BID_ROW + offset
        for key in SCORED:
            value = sheet.cell(row, column(key)).value
            expected = getattr(bid, key)
            if expected is None:
                assert value in (None, ""), (bid.bidder, key, value)
            else:
                assert isinstance(value, int | float), (bid.bidder, key, value)
                assert close(float(value), float(expected)), (bid.bidder, key, value, expected)


# ---- structure ------------------------------------------------------------------------------------------


def test_figures_are_values_and_scoring_is_formulas(tmp_path: Path, comparison: Comparison) -> None:
    sheet = table(write(tmp_path / "c.xlsx", comparison), data_only=False)
    valid = [bid for bid in comparison.bids if bid.valid]
    last = FIRST_BID_ROW + len(valid) - 1
    first_row = FIRST_BID_ROW
    assert (
        sheet.cell(first_row, column("price_score")).value
        == f"=100*(MIN($E${first_row}:$E${last})/E{first_row})"
    )
    assert sheet.cell(first_row, column("total_score")).value == (
        f"=cmp_price_weight*G{first_row}+cmp_technical_weight*F{first_row}"
    )
    rank = str(sheet.cell(first_row, column("rank")).value)
    assert rank.startswith("=1+COUNTIFS(")
    assert rank.count("COUNTIFS(") == 3
    for offset, bid in enumerate(comparison.bids):
        row = FIRST_BID_ROW + offset
        assert sheet.cell(row, column("input_hash")).value == bid.input_hash
        # XlsxWriter stores 16 significant digits: the engine's float64 to within 1e-15
        for key in (
            "government_pv",
            "equity_irr",
            "min_dscr",
            "vfm_amount",
            "max_affordability_ratio",
            "total_investment",
        ):
            value, expected = sheet.cell(row, column(key)).value, getattr(bid, key)
            assert (value is None) == (expected is None), key
            if expected is not None:
                assert close(float(value), expected), (key, value, expected)
    not_valid_row = FIRST_BID_ROW + len(valid)
    assert sheet.cell(not_valid_row, column("rank")).value is None
    assert "timeline.start_year" in str(sheet.cell(not_valid_row, column("problems")).value)
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert comparison.tender_hash in texts
    assert __version__ in texts
    assert any("abnormally low" in text for text in texts)


def test_user_text_is_neutralised(tmp_path: Path, comparison: Comparison) -> None:
    sheet = table(write(tmp_path / "c.xlsx", comparison), data_only=False)
    bidders = [sheet.cell(FIRST_BID_ROW + offset, 1).value for offset in range(len(comparison.bids))]
    assert '\'=HYPERLINK("x")' in bidders
    for row in sheet.iter_rows(min_row=FIRST_BID_ROW):
        cell = row[0]
        assert cell.data_type == "s"
        assert is_neutral(str(cell.value))
    profile = openpyxl.load_workbook(tmp_path / "c.xlsx").worksheets[1]
    assert all(is_neutral(str(cell.value)) for cell in profile[1])


def test_labels_follow_the_language(tmp_path: Path, comparison: Comparison) -> None:
    book = openpyxl.load_workbook(write(tmp_path / "zh.xlsx", comparison, "zh"))
    assert book.sheetnames == ["投标比较", "付费曲线"]
    header = [cell.value for cell in book.worksheets[0][HEADER_ROW + 1]]
    assert "政府付费现值" in header
    assert "排名" in header
    english = openpyxl.load_workbook(write(tmp_path / "en.xlsx", comparison))
    assert english.sheetnames == ["Comparison", "Payment profile"]


def test_payment_profile_has_years_by_bids(tmp_path: Path, comparison: Comparison) -> None:
    profile = openpyxl.load_workbook(write(tmp_path / "c.xlsx", comparison)).worksheets[1]
    evaluated = [bid for bid in comparison.bids if bid.years]
    assert [cell.value for cell in profile[1]][1:] == [bid.bidder for bid in evaluated]
    years = [profile.cell(row, 1).value for row in range(2, 2 + len(evaluated[0].years))]
    assert years == list(range(2025, 2040))
    for index, bid in enumerate(evaluated, start=2):
        written = [profile.cell(row, index).value for row in range(2, 2 + len(bid.years))]
        assert all(close(a, b) for a, b in zip(written, bid.government_payments, strict=True))
        assert str(profile.cell(2 + len(bid.years), index).value).startswith("=NPV(cmp_discount_rate,")


def test_csv_has_one_row_per_bid_and_neutral_text(comparison: Comparison) -> None:
    rows = list(csv.reader(io.StringIO(comparison_csv(comparison, language="en"))))
    header, *bids = rows
    assert header[:3] == ["bidder", "submitted", "input hash"]
    assert len(bids) == len(comparison.bids)
    by_key = [dict(zip(header, row, strict=True)) for row in bids]
    for row, bid in zip(by_key, comparison.bids, strict=True):
        assert row["input hash"] == bid.input_hash
        if bid.government_pv is None:
            assert row["government PV"] == ""
        else:
            assert float(row["government PV"]) == bid.government_pv
        if bid.rank is None:
            assert row["rank"] == ""
        else:
            assert int(row["rank"]) == bid.rank
            assert float(row["price score"]) == bid.price_score
    assert by_key[-1]["bidder"] == '\'=HYPERLINK("x")'
    zh = comparison_csv(comparison, language="zh").splitlines()[0]
    assert "投标人" in zh


# ---- LibreOffice recalculation ---------------------------------------------------------------------------


def test_libreoffice_recalculates_the_scoring_to_the_engines_values(
    tmp_path: Path, comparison: Comparison, recalculate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = write(tmp_path / "sample.xlsx", comparison)
    ties = write(tmp_path / "ties.xlsx", tied(comparison))
    # cached values deliberately wrong (0): what LibreOffice shows is its own recalculation
    original = XlsxWorksheet.write_formula

    def zero_cache(
        self: Any, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> Any:
        return original(self, row, col, formula, cell_format, 0)

    monkeypatch.setattr(XlsxWorksheet, "write_formula", zero_cache)
    blind = write(tmp_path / "blind.xlsx", comparison)
    blind_ties = write(tmp_path / "blind_ties.xlsx", tied(comparison))
    monkeypatch.undo()

    fresh = recalculate([sample, ties, blind, blind_ties])
    for path, expected in zip(fresh, [comparison, tied(comparison)] * 2, strict=True):
        sheet = table(path, data_only=True)
        assert_scoring_equals_the_engine(sheet, expected)
    for path in (fresh[0], fresh[2]):  # the sample's real payment profiles
        profile = openpyxl.load_workbook(path, data_only=True).worksheets[1]
        evaluated = [bid for bid in comparison.bids if bid.years]
        for index, bid in enumerate(evaluated, start=2):
            value = profile.cell(len(bid.years) + 2, index).value
            assert isinstance(value, float)
            assert bid.government_pv is not None
            assert close(value, bid.government_pv)
    # the tie rules, read from LibreOffice's own results: a PV tie-break, a shared rank, a date tie-break
    ranks = {
        str(row[0].value): row[COLUMN_OF["rank"]].value
        for row in table(fresh[3], data_only=True).iter_rows(min_row=FIRST_BID_ROW)
    }
    assert ranks == {"Third": 1, "Third again": 1, "Third later": 3, "First": 4, "Second": 5}


def test_ties_example_is_what_the_engine_says(comparison: Comparison) -> None:
    example = tied(comparison)
    assert [(bid.bidder, bid.rank, bid.tie_break) for bid in example.bids] == [
        ("Third", 1, "submitted"),
        ("Third again", 1, "submitted"),
        ("Third later", 3, "submitted"),
        ("First", 4, "government_pv"),
        ("Second", 5, None),
    ]
    assert all(
        math.isclose(bid.total_score or 0.0, expected)
        for bid, expected in zip(example.bids, [84.0, 84.0, 84.0, 84.0, 72.4], strict=True)
    )


def test_bid_result_fields_used_by_the_workbook_exist() -> None:
    assert set(COLUMN_OF) - {"valid", "rounded_total", "rounded_pv"} <= set(BidResult.__dataclass_fields__)
