"""Bid comparison: every bid evaluated on the tender's terms, scored and ranked ("Tenders and bids").

A tender is a project file with a ``[tender]`` table (the government's reference case); each bid is the same
project with a ``[bid]`` table and the bidder's own offer. Before a bid is evaluated its
``rates.discount_rate``, ``[fiscal]`` and ``[vfm]`` are replaced by the tender's: the government's discount
rate, budget and public sector comparator are the same yardstick for every bid, which is what makes their
figures comparable. Everything else (capex, opex, financing, payment offer) is the bidder's.

Scoring (normative): price score = 100 × lowest government PV among valid bids / this bid's government PV;
total = price_weight × price score + technical_weight × technical score; rank 1 is the highest total; equal
totals go to the lower government PV, then the earlier submission. Totals and PVs are compared rounded to
:data:`TIE_DECIMALS` places, so that float noise in the last bit never decides a tender (the exported
workbook's COUNTIFS formulas compare the same rounded figures). Bids equal on all three share a rank.

The choices the spec leaves open are written down in ``docs/tenders-and-bids.md``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ppp import __version__
from ppp.engine.evaluation import Evaluation, evaluate
from ppp.i18n import Language
from ppp.model.io import canonical_hash
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project

FLAG_KEYS: tuple[str, ...] = (
    "abnormally_low",
    "equity_irr_below_loan_rate",
    "dscr_below_one",
    "fails_vfm",
    "not_valid",
)

#: the tie-break criteria, in the order they are applied after an equal total
TIE_BREAKS: tuple[str, ...] = ("government_pv", "submitted")

#: totals and government PVs are compared rounded to this many decimals (a millionth of a point / unit)
TIE_DECIMALS = 6

#: ``BidResult.submitted`` of a file without a ``[bid]`` table (it has no submission date)
NO_SUBMISSION = datetime.date.max

#: the timeline keys a bid must share with its tender
TIMELINE_KEYS: tuple[str, ...] = ("start_year", "construction_years", "operation_years")


@dataclass(frozen=True)
class BidResult:
    """One bid: its figures on the tender's terms, its scores and rank, its flags.

    Money is in the tender's money unit; rates are fractions; scores are points out of 100.
    """

    bidder: str
    submitted: datetime.date
    input_hash: str  # canonical_hash of the bid's file as submitted
    valid: bool
    problems: tuple[Problem, ...]  # why not valid
    government_pv: float | None  # PV of government payments at the TENDER's discount rate
    price_score: float | None  # None when not valid
    technical_score: float
    total_score: float | None
    rank: int | None  # 1 = best; None when not valid
    tie_break: str | None  # None, "government_pv" or "submitted": what decided against an equal total
    equity_irr: float | None
    min_dscr: float | None
    max_affordability_ratio: float | None
    vfm_amount: float | None  # tender's PSC - this bid's PPP value
    total_investment: float | None
    flags: tuple[str, ...]  # subset of FLAG_KEYS
    years: tuple[int, ...]  # calendar years
    government_payments: tuple[float, ...]  # per year: the annual payment profile
    evaluation: Evaluation | None  # the bid evaluated with the tender's discount rate, [fiscal] and [vfm]

    def to_json(self, language: Language = "en") -> dict[str, Any]:
        """The bid's entry of ``ppp compare --json`` (plain JSON types, ``None`` for not applicable)."""
        return {
            "bidder": self.bidder,
            "submitted": None if self.submitted == NO_SUBMISSION else self.submitted.isoformat(),
            "input_hash": self.input_hash,
            "valid": self.valid,
            "government_pv": self.government_pv,
            "price_score": self.price_score,
            "technical_score": self.technical_score,
            "total_score": self.total_score,
            "rank": self.rank,
            "tie_break": self.tie_break,
            "equity_irr": self.equity_irr,
            "min_dscr": self.min_dscr,
            "max_affordability_ratio": self.max_affordability_ratio,
            "vfm_amount": self.vfm_amount,
            "total_investment": self.total_investment,
            "flags": list(self.flags),
            "problems": [problem.as_dict(language) for problem in self.problems],
            "years": list(self.years),
            "government_payments": list(self.government_payments),
        }


@dataclass(frozen=True)
class Comparison:
    """The bids of one tender side by side, in rank order (not-valid bids last, in the order given)."""

    tender_name: str
    tender_hash: str
    money_unit: str
    discount_rate: float
    price_weight: float
    technical_weight: float
    abnormally_low_margin: float
    psc: float | None  # the tender's PSC (PV), None without [vfm]
    bids: tuple[BidResult, ...]  # rank order; not-valid bids last

    def to_json(self, language: Language = "en") -> dict[str, Any]:
        """The object ``ppp compare --json`` prints: ``{"tender": {...}, "bids": [...]}``."""
        return {
            "tender": {
                "name": self.tender_name,
                "input_hash": self.tender_hash,
                "program_version": __version__,
                "money_unit": self.money_unit,
                "discount_rate": self.discount_rate,
                "price_weight": self.price_weight,
                "technical_weight": self.technical_weight,
                "abnormally_low_margin": self.abnormally_low_margin,
                "psc": self.psc,
            },
            "bids": [bid.to_json(language) for bid in self.bids],
        }


@dataclass(frozen=True)
class ScoredBid:
    """The scoring of one valid bid (see :func:`score_bids`)."""

    price_score: float
    total_score: float
    rank: int
    tie_break: str | None


def compare_bids(tender: Project, bids: Sequence[Project]) -> Comparison:
    """Evaluate every bid on the tender's terms, flag, score and rank them.

    Parameters
    ----------
    tender
        The validated tender: a project file with a ``[tender]`` table.
    bids
        The validated bids, each the same project with a ``[bid]`` table. A bid that cannot be compared
        (no ``[bid]``, another timeline, infeasible financing, government PV not positive) is listed as not
        valid with its problems, unscored and unranked.

    Returns
    -------
    Comparison
        Money in the tender's money unit; government PVs at the tender's discount rate.

    Raises
    ------
    ProjectError
        When the tender has no ``[tender]`` table or cannot itself be evaluated.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/xinyu_tender.toml").project
    >>> offers = [load_project(f"sample_projects/xinyu_bid_{x}.toml").project for x in "abc"]
    >>> comparison = compare_bids(tender, offers)
    >>> [bid.rank for bid in comparison.bids]
    [1, 2, 3]
    >>> max(bid.price_score for bid in comparison.bids)
    100.0
    """
    terms = tender.tender
    if terms is None:
        raise ProjectError([Problem("tender", "rule.bid_tender_missing")])
    tender_evaluation = evaluate(tender)
    psc_values = tender_evaluation.batch.metrics.psc
    psc = None if psc_values is None else float(psc_values[0])
    results = [_evaluate_bid(tender, bid, psc, terms.abnormally_low_margin) for bid in bids]

    valid = [result for result in results if result.valid]
    scored = score_bids(
        [(_known(result.government_pv), result.technical_score, result.submitted) for result in valid],
        price_weight=terms.price_weight,
        technical_weight=terms.technical_weight,
    )
    ranked = sorted(
        (_with_score(result, scoring) for result, scoring in zip(valid, scored, strict=True)), key=_rank_order
    )
    not_valid = [result for result in results if not result.valid]
    return Comparison(
        tender_name=tender.project.name,
        tender_hash=canonical_hash(tender),
        money_unit=tender.project.money_unit,
        discount_rate=tender.rates.discount_rate,
        price_weight=terms.price_weight,
        technical_weight=terms.technical_weight,
        abnormally_low_margin=terms.abnormally_low_margin,
        psc=psc,
        bids=(*ranked, *not_valid),
    )


def score_bids(
    bids: Sequence[tuple[float, float, datetime.date]], *, price_weight: float, technical_weight: float
) -> list[ScoredBid]:
    """Price scores, totals and ranks of valid bids given as (government PV, technical score, submitted).

    price_score = 100 × min(PV) / PV; total = price_weight × price_score + technical_weight × technical;
    rank = 1 + the number of bids strictly better: a higher total, else an equal total and a lower PV, else
    equal total and PV and an earlier submission (totals and PVs rounded to :data:`TIE_DECIMALS`).

    Parameters
    ----------
    bids
        Government PV (money unit, > 0), technical score (points, 0–100), submission date, in any order.
    price_weight, technical_weight
        The tender's weights (fractions summing to 1).

    Returns
    -------
    list[ScoredBid]
        One per bid, in the order given. ``tie_break`` says what separated the bid from those with an equal
        total: ``"government_pv"``, ``"submitted"`` (also when nothing could: equal bids share a rank), or
        ``None`` when no other bid has its total.

    Examples
    --------
    Price 60 %, technical 40 %. B's PV is 1.25 × A's: its price score is 80 and 0.6 × 80 + 0.4 × 100 = 88
    equals A's 0.6 × 100 + 0.4 × 70 = 88, so the lower PV (A) wins the tie:

    >>> day = datetime.date(2024, 5, 10)
    >>> a, b = score_bids([(1000.0, 70.0, day), (1250.0, 100.0, day)], price_weight=0.6, technical_weight=0.4)
    >>> (a.price_score, a.total_score, a.rank, a.tie_break)
    (100.0, 88.0, 1, 'government_pv')
    >>> (b.price_score, b.total_score, b.rank, b.tie_break)
    (80.0, 88.0, 2, 'government_pv')
    """
    if not bids:
        return []
    lowest = min(pv for pv, _, _ in bids)
    # lowest / pv first: the lowest bid then scores exactly 100 (100 × pv / pv need not be exact)
    prices = [100.0 * (lowest / pv) for pv, _, _ in bids]
    totals = [
        price_weight * price + technical_weight * technical
        for price, (_, technical, _) in zip(prices, bids, strict=True)
    ]
    keys = [
        (-round(total, TIE_DECIMALS), round(pv, TIE_DECIMALS), submitted)
        for total, (pv, _, submitted) in zip(totals, bids, strict=True)
    ]
    scored: list[ScoredBid] = []
    for index, key in enumerate(keys):
        others = [other for position, other in enumerate(keys) if position != index]
        same_total = [other for other in others if other[0] == key[0]]
        tie_break: str | None = None
        if same_total:
            same_pv = any(other[1] == key[1] for other in same_total)
            tie_break = "submitted" if same_pv else "government_pv"
        scored.append(
            ScoredBid(
                price_score=prices[index],
                total_score=totals[index],
                rank=1 + sum(1 for other in others if other < key),
                tie_break=tie_break,
            )
        )
    return scored


def bid_terms(tender: Project, bid: Project) -> Project:
    """The bid as it is evaluated: its own offer with the tender's discount rate, ``[fiscal]`` and ``[vfm]``.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/xinyu_tender.toml").project
    >>> bid = load_project("sample_projects/xinyu_bid_a.toml").project
    >>> bid_terms(tender, bid).rates.discount_rate == tender.rates.discount_rate
    True
    """
    rates = bid.rates.model_copy(update={"discount_rate": tender.rates.discount_rate})
    return bid.model_copy(update={"rates": rates, "fiscal": tender.fiscal, "vfm": tender.vfm})


def bid_flags(
    *,
    government_pv: float | None,
    psc: float | None,
    abnormally_low_margin: float,
    equity_irr: float | None,
    loan_rate: float,
    min_dscr: float | None,
    vfm_amount: float | None = None,
) -> tuple[str, ...]:
    """The warning flags of an evaluated bid (a subset of :data:`FLAG_KEYS` without ``not_valid``).

    ``abnormally_low``: government PV below PSC × (1 − margin) (only with a PSC);
    ``equity_irr_below_loan_rate``: equity IRR below the bid's loan rate, or no IRR at all;
    ``dscr_below_one``: minimum DSCR below 1;
    ``fails_vfm``: the bid's PPP value exceeds the tender's PSC (VfM amount below 0: the government would
    spend less doing the project itself, 财金〔2015〕167号).

    Examples
    --------
    >>> bid_flags(government_pv=80.0, psc=100.0, abnormally_low_margin=0.15, equity_irr=0.04,
    ...           loan_rate=0.049, min_dscr=1.2)
    ('abnormally_low', 'equity_irr_below_loan_rate')
    >>> bid_flags(government_pv=90.0, psc=100.0, abnormally_low_margin=0.15, equity_irr=0.08,
    ...           loan_rate=0.049, min_dscr=0.95)
    ('dscr_below_one',)
    >>> bid_flags(government_pv=98.0, psc=100.0, abnormally_low_margin=0.15, equity_irr=0.08,
    ...           loan_rate=0.049, min_dscr=1.3, vfm_amount=-5.0)
    ('fails_vfm',)
    """
    flags: list[str] = []
    if psc is not None and government_pv is not None and government_pv < psc * (1.0 - abnormally_low_margin):
        flags.append("abnormally_low")
    if equity_irr is None or equity_irr < loan_rate:
        flags.append("equity_irr_below_loan_rate")
    if min_dscr is not None and min_dscr < 1.0:
        flags.append("dscr_below_one")
    if vfm_amount is not None and vfm_amount < 0.0:
        flags.append("fails_vfm")
    return tuple(flags)


def _evaluate_bid(tender: Project, bid: Project, psc: float | None, margin: float) -> BidResult:
    offer = bid.bid
    problems = _comparability_problems(tender, bid)
    evaluation: Evaluation | None = None
    if not problems:
        try:
            evaluation = evaluate(bid_terms(tender, bid))
        except ProjectError as error:
            problems = list(error.problems)
    metrics: dict[str, float | None] = {} if evaluation is None else evaluation.metrics
    government_pv = metrics.get("government_pv")
    if evaluation is not None and (government_pv is None or government_pv <= 0.0):
        problems.append(Problem("payment", "rule.bid_pv_not_positive", government_pv))
    equity_irr = metrics.get("equity_irr")
    min_dscr = metrics.get("min_dscr")
    flags: tuple[str, ...] = ()
    vfm_amount: float | None = None
    if evaluation is not None:
        ppp_value = evaluation.batch.metrics.ppp_value
        if psc is not None and ppp_value is not None:
            # one PSC for every bid: the tender's, not one rescaled to each bid's own cost profile
            vfm_amount = psc - float(ppp_value[0])
        flags = bid_flags(
            government_pv=government_pv,
            psc=psc,
            abnormally_low_margin=margin,
            equity_irr=equity_irr,
            loan_rate=bid.financing.loan_rate,
            min_dscr=min_dscr,
            vfm_amount=vfm_amount,
        )
    if problems:
        flags = (*flags, "not_valid")
    years = () if evaluation is None else tuple(int(row["year"]) for row in evaluation.years)
    payments = (
        () if evaluation is None else tuple(float(row["government_payment"]) for row in evaluation.years)
    )
    return BidResult(
        bidder=bid.project.name if offer is None else offer.bidder,
        submitted=NO_SUBMISSION if offer is None else offer.submitted,
        input_hash=canonical_hash(bid),
        valid=not problems,
        problems=tuple(problems),
        government_pv=government_pv,
        price_score=None,
        technical_score=0.0 if offer is None else offer.technical_score,
        total_score=None,
        rank=None,
        tie_break=None,
        equity_irr=equity_irr,
        min_dscr=min_dscr,
        max_affordability_ratio=metrics.get("max_affordability_ratio"),
        vfm_amount=vfm_amount,
        total_investment=metrics.get("total_investment"),
        flags=flags,
        years=years,
        government_payments=payments,
        evaluation=evaluation,
    )


def _comparability_problems(tender: Project, bid: Project) -> list[Problem]:
    problems: list[Problem] = []
    if bid.bid is None:
        problems.append(Problem("bid", "rule.bid_missing"))
    for key in TIMELINE_KEYS:
        offered = getattr(bid.timeline, key)
        required = getattr(tender.timeline, key)
        if offered != required:
            problems.append(
                Problem(f"timeline.{key}", "rule.bid_timeline_differs", offered, {"tender": required})
            )
    return problems


def _with_score(result: BidResult, scoring: ScoredBid) -> BidResult:
    return replace(
        result,
        price_score=scoring.price_score,
        total_score=scoring.total_score,
        rank=scoring.rank,
        tie_break=scoring.tie_break,
    )


def _known(value: float | None) -> float:
    """A figure that validity guarantees: a valid bid has a positive government PV."""
    if value is None:
        raise ValueError("a valid bid has a government PV")
    return value


def _rank_order(result: BidResult) -> tuple[int, datetime.date, str]:
    # bids sharing a rank are listed by submission, then name, so the order never depends on input order
    return (result.rank or 0, result.submitted, result.bidder)
