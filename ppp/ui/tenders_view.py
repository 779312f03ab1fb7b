"""The tenders page's tables, messages and form reading, as pure functions of the services' results.

Kept out of the page file (which runs when imported) so that tests can call them directly. Column labels,
flags and tie-break texts are the comparison's own catalog entries (``bids.*``), so the page, the CLI and the
exported workbook use the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import pandas as pd

from ppp.government.bids import TIE_DECIMALS, BidResult, Comparison
from ppp.i18n import Language, translate
from ppp.i18n.formatting import format_number
from ppp.model import Problem, Project, ProjectError, project_data, validate_data
from ppp.services.bids import BidView

#: the bids table's columns, in order
BID_COLUMNS: Final[tuple[str, ...]] = (
    "bidder",
    "version",
    "submitted",
    "technical_score",
    "input_hash",
    "submitted_at",
    "submitted_by",
)
#: the comparison table's columns, in order (figures of :class:`ppp.government.bids.BidResult`): what
#: decides the ranking first, so that it is on screen on a laptop; the other figures after
COMPARISON_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "bidder",
    "total_score",
    "price_score",
    "technical_score",
    "government_pv",
    "total_investment",
    "equity_irr",
    "min_dscr",
    "max_affordability_ratio",
    "vfm_amount",
    "flags",
    "input_hash",
)
#: the columns of the table of the two peak affordability ratios of each bid
PEAK_COLUMNS: Final[tuple[str, ...]] = ("bidder", "file_peak_ratio", "city_peak_ratio")
#: the columns holding money (in the tender's money unit)
MONEY_COLUMNS: Final = frozenset({"government_pv", "total_investment", "vfm_amount"})
#: the columns holding fractions shown as percentages
RATE_COLUMNS: Final = frozenset({"equity_irr", "max_affordability_ratio"})
# the page's own labels where the comparison's would be ambiguous: the page shows two peak affordability
# ratios of a bid, and each must say which one it is
_PAGE_LABELS: Final = {"max_affordability_ratio": "file_peak_ratio"}
# the comparison's own labels (ppp.i18n.catalog_bids) for the columns they share
_COMPARISON_LABELS: Final = (frozenset(COMPARISON_COLUMNS) | {"submitted", "technical_score"}) - {
    *_PAGE_LABELS
}


def column_label(key: str, language: Language) -> str:
    """A column's header in the reader's language.

    Examples
    --------
    >>> column_label("max_affordability_ratio", "en")
    "peak ratio in the tender's fiscal file"
    """
    if key in _COMPARISON_LABELS:
        return translate(f"bids.column.{key}", language)
    return translate(f"ui.tenders.column.{_PAGE_LABELS.get(key, key)}", language)


def bids_frame(bids: Sequence[BidView]) -> pd.DataFrame:
    """One row per stored bid version: who, which version, when submitted and stored, by whom, its hash."""
    return pd.DataFrame.from_records(
        [
            {
                "bidder": view.bidder,
                "version": view.version,
                "submitted": view.submitted.isoformat(),
                "technical_score": view.technical_score,
                "input_hash": view.input_hash,
                "submitted_at": view.submitted_at.strftime("%Y-%m-%d %H:%M UTC"),
                "submitted_by": view.submitted_by,
            }
            for view in bids
        ],
        columns=list(BID_COLUMNS),
    )


def flag_text(flags: Sequence[str], language: Language) -> str:
    """The flags of a bid in short words, joined (empty when none)."""
    return "; ".join(translate(f"bids.flag_short.{flag}", language) for flag in flags)


def comparison_frame(comparison: Comparison, language: Language) -> pd.DataFrame:
    """One row per bid in rank order (not-valid bids last, unranked): the figures side by side."""
    return pd.DataFrame.from_records(
        [
            {
                "rank": result.rank,
                "bidder": result.bidder,
                "government_pv": result.government_pv,
                "total_investment": result.total_investment,
                "equity_irr": result.equity_irr,
                "min_dscr": result.min_dscr,
                "max_affordability_ratio": result.max_affordability_ratio,
                "vfm_amount": result.vfm_amount,
                "price_score": result.price_score,
                "technical_score": result.technical_score,
                "total_score": result.total_score,
                "flags": flag_text(result.flags, language),
                "input_hash": result.input_hash,
            }
            for result in comparison.bids
        ],
        columns=list(COMPARISON_COLUMNS),
    )


def peaks_frame(comparison: Comparison, city_peaks: Mapping[str, float | None]) -> pd.DataFrame:
    """One row per valid bid in rank order: its peak affordability ratio in the tender's own fiscal file
    (the comparison's) beside the peak of the city's committed portfolio with the bid added."""
    return pd.DataFrame.from_records(
        [
            {
                "bidder": result.bidder,
                "file_peak_ratio": result.max_affordability_ratio,
                "city_peak_ratio": city_peaks.get(result.bidder),
            }
            for result in comparison.bids
            if result.bidder in city_peaks
        ],
        columns=list(PEAK_COLUMNS),
    )


def peaks_note(tender: Project, committed: int, language: Language) -> str:
    """Why a bid's two peak ratios differ: what each adds to the bid (same budget, same ceiling).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/xinyu_tender.toml").project
    >>> print(peaks_note(tender, 0, "en"))  # doctest: +ELLIPSIS
    Why they differ: ... (60,000.00 万元 in 2025); ... the 0 committed projects stored in the app, ...
    """
    fiscal = tender.fiscal
    others = fiscal.other_ppp_expenditure if fiscal is not None else []
    return translate(
        "ui.tenders.peaks_note",
        language,
        other=format_number(others[0] if others else 0.0, "money", language),
        unit=tender.project.money_unit,
        year=tender.timeline.start_year,
        committed=committed,
    )


def ranking_line(comparison: Comparison, language: Language) -> str:
    """How the ranking is decided, in one line with the tender's weights."""
    return translate(
        "ui.tenders.ranking",
        language,
        price=f"{comparison.price_weight:.0%}",
        technical=f"{comparison.technical_weight:.0%}",
    )


def flag_lines(comparison: Comparison, language: Language) -> list[str]:
    """One line per flag raised, naming the bidder and what the flag means; a not-valid bid's problems."""
    lines: list[str] = []
    for result in comparison.bids:
        for flag in result.flags:
            meaning = translate(f"bids.flag.{flag}", language)
            lines.append(translate("ui.tenders.flag_line", language, bidder=result.bidder, flag=meaning))
        for problem in result.problems:
            lines.append(
                translate(
                    "ui.tenders.problem_line",
                    language,
                    bidder=result.bidder,
                    problem=problem.message(language),
                )
            )
    return lines


def tie_lines(comparison: Comparison, language: Language) -> list[str]:
    """Why bids with an equal total are ordered as they are: one line per group of equal totals.

    The group is the valid bids whose totals are equal when rounded to :data:`TIE_DECIMALS` places (the
    comparison's own rule); the line names them in rank order, their total and what decided.
    """
    groups: dict[float, list[BidResult]] = {}
    for result in comparison.bids:
        if result.tie_break is not None and result.total_score is not None:
            groups.setdefault(round(result.total_score, TIE_DECIMALS), []).append(result)
    lines: list[str] = []
    for total, results in groups.items():
        ordered = sorted(results, key=lambda result: result.rank or 0)
        decided = ordered[-1].tie_break or "government_pv"
        names = ", ".join(f"{result.bidder} ({result.rank})" for result in ordered)
        lines.append(
            translate(
                "ui.tenders.tie_line",
                language,
                bidders=names,
                total=f"{total:.2f}",
                rule=translate(f"bids.tie.{decided}", language),
            )
        )
    return lines


def payment_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The annual government payment of every valid bid, long form: ``bidder``, ``year``, ``payment``."""
    return [
        {"bidder": result.bidder, "year": year, "payment": payment}
        for result in comparison.bids
        for year, payment in zip(result.years, result.government_payments, strict=True)
    ]


def bid_from_form(tender: Project, values: Mapping[str, Any]) -> Project:
    """The bid the form describes: the tender's file with ``[tender]`` removed and the given key paths set.

    Parameters
    ----------
    tender
        The stored tender.
    values
        Key path (``bid.bidder``, ``rates.reasonable_profit_rate``, ...) to value; ``None`` leaves the key
        out (the file format's default applies).

    Raises
    ------
    ProjectError
        Every problem of the resulting file, with its key path (validated as an uploaded file would be).

    Examples
    --------
    >>> import datetime
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/xinyu_tender.toml").project
    >>> bid = bid_from_form(
    ...     tender,
    ...     {
    ...         "bid.bidder": "Vendor D",
    ...         "bid.submitted": datetime.date(2025, 3, 9),
    ...         "bid.technical_score": 75.0,
    ...         "payment.availability_factor": 0.97,
    ...     },
    ... )
    >>> (bid.bid.bidder, bid.tender, bid.payment.availability_factor)
    ('Vendor D', None, 0.97)
    """
    data = project_data(tender)
    data.pop("tender", None)
    for path, value in values.items():
        section, _, key = path.partition(".")
        table = data.setdefault(section, {})
        if not isinstance(table, dict) or not key:
            raise ProjectError([Problem(path, "ui.tenders.form_key", value)])
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
    return validate_data(data).project


def term_value(tender: Project, path: str) -> Any:
    """The tender's value of a key path (``financing.loan_rate``), ``None`` when absent.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> tender = load_project("sample_projects/xinyu_tender.toml").project
    >>> term_value(tender, "project.money_unit")
    '万元'
    >>> term_value(tender, "bid.bidder") is None
    True
    """
    section, _, key = path.partition(".")
    table = getattr(tender, section, None)
    return None if table is None else getattr(table, key, None)
