"""Bid comparison: hand-derived price scores and ties, validity, flags, and the sample tender's ranking."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from ppp.engine import evaluate
from ppp.government.bids import (
    FLAG_KEYS,
    NO_SUBMISSION,
    BidResult,
    bid_flags,
    bid_terms,
    compare_bids,
    score_bids,
)
from ppp.model import Project, ProjectError, canonical_hash, load_project

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"
MAY_10 = datetime.date(2024, 5, 10)
MAY_11 = datetime.date(2024, 5, 11)


def sample(stem: str) -> Project:
    return load_project(SAMPLES / f"{stem}.toml").project


@pytest.fixture(scope="module")
def tender() -> Project:
    return sample("xinyu_tender")


@pytest.fixture(scope="module")
def offers() -> list[Project]:
    return [sample(f"xinyu_bid_{letter}") for letter in "abc"]


def by_bidder(results: tuple[BidResult, ...], fragment: str) -> BidResult:
    (found,) = [result for result in results if fragment in result.bidder]
    return found


def with_bid(project: Project, bidder: str, technical_score: float, submitted: datetime.date) -> Project:
    assert project.bid is not None
    offer = project.bid.model_copy(
        update={"bidder": bidder, "technical_score": technical_score, "submitted": submitted}
    )
    return project.model_copy(update={"bid": offer})


# ---- scoring, worked by hand -------------------------------------------------------------------------------


def test_price_scores_totals_and_a_tie_decided_by_government_pv() -> None:
    # PVs 40,000 / 50,000 / 32,000: the lowest (32,000) scores 100, the others 100 × 32,000 / PV = 80 and 64.
    # Weights 0.6 / 0.4, technical 90 / 85 / 60:
    #   first  0.6 × 80  + 0.4 × 90 = 48 + 36   = 84
    #   second 0.6 × 64  + 0.4 × 85 = 38.4 + 34 = 72.4
    #   third  0.6 × 100 + 0.4 × 60 = 60 + 24   = 84  -> ties with the first; its lower PV ranks it first
    first, second, third = score_bids(
        [(40_000.0, 90.0, MAY_10), (50_000.0, 85.0, MAY_10), (32_000.0, 60.0, MAY_11)],
        price_weight=0.6,
        technical_weight=0.4,
    )
    assert [first.price_score, second.price_score, third.price_score] == pytest.approx([80.0, 64.0, 100.0])
    assert [first.total_score, second.total_score, third.total_score] == pytest.approx([84.0, 72.4, 84.0])
    assert (third.rank, first.rank, second.rank) == (1, 2, 3)
    assert (third.tie_break, first.tie_break, second.tie_break) == ("government_pv", "government_pv", None)


def test_equal_total_and_pv_go_to_the_earlier_submission_and_equal_dates_share_the_rank() -> None:
    # all three: PV 1,000 (price 100), technical 80 -> total 0.5 × 100 + 0.5 × 80 = 90 each
    early, late, also_late = score_bids(
        [(1_000.0, 80.0, MAY_10), (1_000.0, 80.0, MAY_11), (1_000.0, 80.0, MAY_11)],
        price_weight=0.5,
        technical_weight=0.5,
    )
    assert early.total_score == late.total_score == pytest.approx(90.0)
    assert (early.rank, late.rank, also_late.rank) == (1, 2, 2)
    assert {early.tie_break, late.tie_break, also_late.tie_break} == {"submitted"}


def test_totals_differing_only_by_float_noise_are_a_tie() -> None:
    # price scores 100 and 100 × 700 / 1,000 = 70: 0.6 × 100 + 0.4 × 52 and 0.6 × 70 + 0.4 × 97 are both 80.8
    # in decimals, but 80.8 and 80.80000000000001 in binary
    low_pv, high_pv = score_bids(
        [(700.0, 52.0, MAY_11), (1_000.0, 97.0, MAY_10)], price_weight=0.6, technical_weight=0.4
    )
    assert low_pv.total_score != high_pv.total_score
    assert low_pv.total_score == pytest.approx(80.8)
    assert high_pv.total_score == pytest.approx(80.8)
    assert (low_pv.rank, high_pv.rank) == (1, 2)
    assert low_pv.tie_break == "government_pv"


def test_no_valid_bids_score_nothing() -> None:
    assert score_bids([], price_weight=0.5, technical_weight=0.5) == []


def test_flags_at_their_thresholds() -> None:
    def flags(
        pv: float, irr: float | None, dscr: float | None, psc: float | None = 1_000.0
    ) -> tuple[str, ...]:
        return bid_flags(
            government_pv=pv,
            psc=psc,
            abnormally_low_margin=0.15,
            equity_irr=irr,
            loan_rate=0.05,
            min_dscr=dscr,
        )

    # PSC 1,000 × (1 − 0.15) = 850: below it flags, at the line it does not; so for the loan rate and DSCR 1
    assert flags(849.99, 0.08, 1.3) == ("abnormally_low",)
    assert flags(850.0, 0.05, 1.0) == ()
    assert flags(900.0, 0.0499, 0.999) == ("equity_irr_below_loan_rate", "dscr_below_one")
    # no IRR at all is flagged; no debt (no DSCR) is not
    assert flags(900.0, None, None) == ("equity_irr_below_loan_rate",)
    # without a PSC nothing is abnormally low
    assert flags(1.0, 0.08, 1.3, psc=None) == ()


def test_a_bid_dearer_than_the_psc_fails_value_for_money() -> None:
    def flags(vfm_amount: float | None) -> tuple[str, ...]:
        return bid_flags(
            government_pv=950.0,
            psc=1_000.0,
            abnormally_low_margin=0.15,
            equity_irr=0.08,
            loan_rate=0.05,
            min_dscr=1.3,
            vfm_amount=vfm_amount,
        )

    assert flags(-0.01) == ("fails_vfm",)
    assert flags(0.0) == ()  # breaking even with the PSC still passes
    assert flags(None) == ()  # no [vfm]: nothing to fail


# ---- the sample tender -------------------------------------------------------------------------------------


def test_the_sample_bids_rank_against_their_price_order(tender: Project, offers: list[Project]) -> None:
    comparison = compare_bids(tender, offers)
    ranked = [result.bidder for result in comparison.bids]
    by_price = sorted(comparison.bids, key=lambda result: result.government_pv or 0.0)
    assert [result.rank for result in comparison.bids] == [1, 2, 3]
    assert ranked != [result.bidder for result in by_price]
    assert "Vendor B" in ranked[0]
    cheapest = by_price[0]
    assert cheapest.price_score == 100.0
    assert "abnormally_low" in cheapest.flags
    assert all(result.valid for result in comparison.bids)
    # the winner on points is dearer than the PSC: flagged, and only it
    assert [("fails_vfm" in result.flags) for result in comparison.bids] == [
        (result.vfm_amount or 0.0) < 0.0 for result in comparison.bids
    ]
    assert "fails_vfm" in comparison.bids[0].flags


def test_scores_follow_the_normative_formula(tender: Project, offers: list[Project]) -> None:
    comparison = compare_bids(tender, offers)
    assert tender.tender is not None
    lowest = min(result.government_pv or 0.0 for result in comparison.bids)
    for result in comparison.bids:
        assert result.government_pv is not None
        assert result.price_score == pytest.approx(100.0 * lowest / result.government_pv, rel=1e-12)
        expected = (
            tender.tender.price_weight * (result.price_score or 0.0)
            + tender.tender.technical_weight * result.technical_score
        )
        assert result.total_score == pytest.approx(expected, rel=1e-12)
    totals = [result.total_score or 0.0 for result in comparison.bids]
    assert totals == sorted(totals, reverse=True)


def test_every_bid_is_evaluated_on_the_tenders_terms(tender: Project, offers: list[Project]) -> None:
    # the bidder's own discount rate, budget and PSC do not count: the tender's do
    rates = offers[0].rates.model_copy(update={"discount_rate": 0.11})
    own_terms = offers[0].model_copy(update={"rates": rates, "fiscal": None, "vfm": None})
    original = by_bidder(compare_bids(tender, offers).bids, "Vendor A")
    changed = by_bidder(compare_bids(tender, [own_terms, *offers[1:]]).bids, "Vendor A")
    assert changed.government_pv == original.government_pv
    assert changed.vfm_amount == original.vfm_amount
    assert changed.max_affordability_ratio == original.max_affordability_ratio
    assert changed.input_hash != original.input_hash  # the hash is the file as submitted
    assert changed.input_hash == canonical_hash(own_terms)
    assert changed.evaluation is not None
    assert changed.evaluation.input_hash == canonical_hash(bid_terms(tender, own_terms))


def test_figures_come_from_the_engine(tender: Project, offers: list[Project]) -> None:
    comparison = compare_bids(tender, offers)
    tender_evaluation = evaluate(tender)
    assert comparison.psc is not None
    assert tender_evaluation.batch.metrics.psc is not None
    assert comparison.psc == float(tender_evaluation.batch.metrics.psc[0])
    for result in comparison.bids:
        engine = result.evaluation
        assert engine is not None
        assert result.government_pv == engine.metrics["government_pv"]
        assert result.equity_irr == engine.metrics["equity_irr"]
        assert result.min_dscr == engine.metrics["min_dscr"]
        assert result.total_investment == engine.metrics["total_investment"]
        assert engine.batch.metrics.ppp_value is not None
        assert result.vfm_amount == pytest.approx(comparison.psc - float(engine.batch.metrics.ppp_value[0]))
        assert result.years == tuple(range(2025, 2040))
        assert result.government_payments == tuple(row["government_payment"] for row in engine.years)
        assert set(result.flags) <= set(FLAG_KEYS)


def test_a_tender_without_tender_table_is_an_error(offers: list[Project]) -> None:
    with pytest.raises(ProjectError) as error:
        compare_bids(offers[0], offers)
    assert [problem.path for problem in error.value.problems] == ["tender"]


# ---- bids that cannot be compared --------------------------------------------------------------------------


def test_bids_that_are_not_valid_are_listed_last_unscored(tender: Project, offers: list[Project]) -> None:
    assert offers[0].financing is not None
    timeline = offers[0].timeline.model_copy(update={"start_year": 2026})
    late_start = with_bid(offers[0].model_copy(update={"timeline": timeline}), "Late start", 99.0, MAY_10)
    no_bid_table = offers[1].model_copy(update={"bid": None})
    unbankable_financing = offers[2].financing.model_copy(
        update={"repayment": "sculpted", "target_dscr": 5.0}
    )
    unbankable = with_bid(
        offers[2].model_copy(update={"financing": unbankable_financing}), "Unbankable", 99.0, MAY_10
    )
    # no availability payment offered and a score in the zero band: nothing is paid at all
    free = offers[0].payment.model_copy(update={"availability_factor": 0.0, "expected_score": 10.0})
    no_payment = with_bid(offers[0].model_copy(update={"payment": free}), "Pays nothing", 99.0, MAY_10)
    valid = with_bid(offers[0], "Only valid", 50.0, MAY_11)
    comparison = compare_bids(tender, [late_start, no_bid_table, unbankable, no_payment, valid])

    first, *not_valid = comparison.bids
    assert first.bidder == "Only valid"
    assert (first.rank, first.price_score, first.valid) == (1, 100.0, True)
    assert [result.bidder for result in not_valid] == [
        "Late start",
        no_bid_table.project.name,
        "Unbankable",
        "Pays nothing",
    ]
    for result in not_valid:
        assert not result.valid
        assert result.problems
        assert (result.rank, result.price_score, result.total_score, result.tie_break) == (None,) * 4
        assert "not_valid" in result.flags
    late, missing, infeasible, nothing = not_valid
    assert [problem.path for problem in late.problems] == ["timeline.start_year"]
    assert late.problems[0].value == 2026
    assert late.evaluation is None
    assert [problem.path for problem in missing.problems] == ["bid"]
    assert missing.submitted == NO_SUBMISSION
    assert missing.to_json()["submitted"] is None
    assert [problem.path for problem in infeasible.problems] == ["financing.target_dscr"]
    assert [problem.rule for problem in nothing.problems] == ["rule.bid_pv_not_positive"]
    assert nothing.evaluation is not None  # evaluated, but with nothing to score


def test_to_json_is_plain_json(tender: Project, offers: list[Project]) -> None:
    no_bid_table = offers[1].model_copy(update={"bid": None})
    document = compare_bids(tender, [*offers, no_bid_table]).to_json("zh")
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    again = json.loads(text)
    assert set(again) == {"tender", "bids"}
    assert again["tender"]["input_hash"] == canonical_hash(tender)
    required = {
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
    for bid in again["bids"]:
        assert required <= set(bid)
    assert again["bids"][0]["submitted"] == "2025-03-12"
    assert again["bids"][-1]["rank"] is None
    assert again["bids"][-1]["problems"][0]["path"] == "bid"
    assert "[bid]" in again["bids"][-1]["problems"][0]["message"]
