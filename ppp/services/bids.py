"""Tenders and bids: submit a bid (a frozen snapshot), list the bids of a tender, read a snapshot back with
its hash re-verified, and compare the bids of a tender.

Every function takes the session and the acting principal first, all arguments by keyword (as
:mod:`ppp.services.projects`). The scoring and ranking are :mod:`ppp.government.bids` (pure); this module
loads, checks, stores and audits.

A tender is a stored project whose file has a ``[tender]`` table; a bid is a whole project file with a
``[bid]`` table. Submitting stores the bid's canonical TOML and :func:`~ppp.model.canonical_hash` in
``bids``; the database refuses any later ``UPDATE`` or ``DELETE`` of that row (migration 0006), so a change
is always a new version of the same bidder. Submitting a file whose hash equals the bidder's latest version
stores nothing (it is that version). Reading a snapshot back recomputes its hash: a stored bid whose inputs
no longer give its hash is reported as :class:`~ppp.services.types.ServiceError`
``service.bids.hash_mismatch``, never used.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from ppp.engine import evaluate
from ppp.engine.evaluation import result_hash
from ppp.government.bids import Comparison, compare_bids
from ppp.model import (
    Problem,
    Project,
    ProjectError,
    canonical_hash,
    dump_project,
    parse_project,
    parse_project_text,
)
from ppp.services.access import (
    may_read_bid,
    readable_organisations,
    require,
    require_all_bids,
    require_bid_submission,
    require_project,
)
from ppp.services.projects import TENDER_HEADER, load_project_row, project_access
from ppp.services.types import Principal, ServiceError
from ppp.store.audit import record
from ppp.store.columns import utc_now
from ppp.store.tables import BidRow, ProjectRow, UserRow


@dataclass(frozen=True)
class BidView:
    """One stored bid version: who offered it, when it was submitted and stored, and its input hash."""

    id: int
    project_id: int
    bidder: str
    version: int
    submitted: datetime.date
    technical_score: float | None
    input_hash: str
    submitted_at: datetime.datetime
    submitted_by: str


@dataclass(frozen=True)
class TenderBids:
    """The bids of a tender: the latest version of each bidder (by bidder name) and every version stored
    (by bidder, then version)."""

    latest: list[BidView]
    history: list[BidView]


@dataclass(frozen=True)
class TenderSummary:
    """A stored project that is a tender, with how many bidders have submitted."""

    id: int
    name: str
    city: str
    money_unit: str
    bidders: int | None  # None for a vendor: how many compete is confidential


# --- writing -----------------------------------------------------------------------------------------------


def submit_bid(*, session: Session, principal: Principal, project_id: int, bid: Project) -> BidView:
    """Store a bid for a tender as a frozen snapshot: the next version of its bidder.

    Parameters
    ----------
    project_id
        The tender: a stored, not archived project whose file has ``[tender]``.
    bid
        The bidder's whole project file; it must have ``[bid]`` (bidder, submitted, technical score).

    Returns
    -------
    BidView
        The stored version; the bidder's latest version unchanged when its hash equals this bid's.

    Raises
    ------
    ProjectError
        ``bid`` without a ``[bid]`` table (``service.bids.bid_required`` on the key ``bid``).
    ServiceError
        ``service.project_not_found``; ``service.bids.not_a_tender``; ``service.bids.tender_archived``;
        ``service.forbidden`` for an auditor; ``service.access.submit_forbidden`` for a government officer.

    A vendor's bid belongs to its organisation, and its file must name that organisation as the bidder
    (``bid.bidder``), so that one vendor's versions can never be filed under another's name. An
    administrator records a bid (delivered on paper, or the samples) under the bidder the file names.
    """
    require(principal, "write")
    if bid.bid is None:
        raise ProjectError([Problem("bid", "service.bids.bid_required")])
    if principal.role == "vendor" and bid.bid.bidder != principal.organisation:
        raise ProjectError(
            [
                Problem(
                    "bid.bidder",
                    "rule.bidder_is_organisation",
                    bid.bid.bidder,
                    {"organisation": principal.organisation},
                )
            ]
        )
    # locked until commit (PostgreSQL): two submissions by one bidder at once get consecutive versions
    tender_row = session.get(ProjectRow, project_id, with_for_update=True, populate_existing=True)
    if tender_row is None:
        raise ServiceError("service.project_not_found", id=project_id)
    organisation = principal.organisation if principal.role == "vendor" else bid.bid.bidder
    require_bid_submission(principal, bid_organisation=organisation, tender=project_access(tender_row))
    _check_tender(tender_row)
    if tender_row.archived:
        raise ServiceError("service.bids.tender_archived", name=tender_row.name)
    bidder = bid.bid.bidder
    latest = session.exec(
        select(BidRow)
        .where(BidRow.project_id == project_id, BidRow.bidder == bidder)
        .order_by(col(BidRow.version).desc())
    ).first()
    input_hash = canonical_hash(bid)
    if latest is not None and latest.input_hash == input_hash:
        return _view(latest, _user_name(session, latest.submitted_by))
    row = BidRow(
        project_id=project_id,
        bidder=bidder,
        organisation=organisation,
        submitted=bid.bid.submitted,
        technical_score=bid.bid.technical_score,
        inputs_toml=dump_project(bid),
        input_hash=input_hash,
        version=1 if latest is None else latest.version + 1,
        submitted_at=utc_now(),
        submitted_by=principal.user_id,
        # what `ppp audit reproduce` re-evaluates the frozen snapshot against
        result_hash=result_hash(evaluate(bid)),
    )
    session.add(row)
    session.flush()
    record(
        session,
        principal=principal,
        action="submit_bid",
        entity="bid",
        entity_id=row.id,
        before=None if latest is None else {"version": latest.version, "input_hash": latest.input_hash},
        after={
            "project_id": project_id,
            "bidder": bidder,
            "organisation": organisation,
            "version": row.version,
            "input_hash": input_hash,
            "submitted": bid.bid.submitted.isoformat(),
        },
    )
    return _view(row, principal.name)


def submit_bid_file(*, session: Session, principal: Principal, project_id: int, text: str) -> BidView:
    """Submit a bid given as the text of a project file (TOML, or JSON when it starts with ``{``).

    Raises
    ------
    ProjectError
        Every problem of the file, or ``service.bids.bid_required`` when it has no ``[bid]``.
    ServiceError
        As :func:`submit_bid`.
    """
    loaded = parse_project_text(text)
    return submit_bid(session=session, principal=principal, project_id=project_id, bid=loaded.project)


# --- reading -----------------------------------------------------------------------------------------------


def list_tenders(*, session: Session, principal: Principal) -> list[TenderSummary]:
    """The stored projects, not archived, whose file has ``[tender]``, by name: the principal's own
    government's (or audited bodies') tenders; every tender for a vendor (a tender is published to all
    bidders), but then without the number of bidders, which is confidential until the tender closes.

    The stored TOML is searched for the table's header first, so only candidates are parsed.
    """
    require(principal, "read")
    statement = (
        select(ProjectRow)
        .where(col(ProjectRow.archived).is_(False), col(ProjectRow.inputs_toml).contains(TENDER_HEADER))
        .order_by(col(ProjectRow.name), col(ProjectRow.id))
    )
    readable = readable_organisations(principal)
    if readable is not None and principal.role != "vendor":
        statement = statement.where(col(ProjectRow.organisation).in_(sorted(readable)))
    rows = session.exec(statement).all()
    counts = dict(
        session.exec(
            select(BidRow.project_id, func.count(func.distinct(BidRow.bidder))).group_by(
                col(BidRow.project_id)
            )
        ).all()
    )
    return [
        TenderSummary(
            id=row.id,
            name=row.name,
            city=row.city,
            money_unit=row.money_unit,
            bidders=None if principal.role == "vendor" else int(counts.get(row.id, 0)),
        )
        for row in rows
        if row.id is not None and parse_project(row.inputs_toml).project.tender is not None
    ]


def list_bids(*, session: Session, principal: Principal, project_id: int) -> TenderBids:
    """Every bid version stored for a project, and the latest version of each bidder: all of them for the
    tender's government, its auditors and administrators; a vendor's own organisation's only.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    require(principal, "read")
    tender_row = session.get(ProjectRow, project_id)
    if tender_row is None:
        raise ServiceError("service.project_not_found", id=project_id)
    statement = (
        select(BidRow, UserRow.name)
        .join(UserRow, col(UserRow.id) == col(BidRow.submitted_by), isouter=True)
        .where(BidRow.project_id == project_id)
        .order_by(col(BidRow.bidder), col(BidRow.version))
    )
    if principal.role == "vendor":
        load_project_row(session, project_id, principal=principal, action="read", published=True)
        statement = statement.where(BidRow.organisation == principal.organisation)
    else:
        require_project(principal, project_access(tender_row), "read")
    rows = session.exec(statement).all()
    history = [_view(row, name or "") for row, name in rows]
    latest_by_bidder: dict[str, BidView] = {}
    for view in history:
        latest_by_bidder[view.bidder] = view
    return TenderBids(latest=list(latest_by_bidder.values()), history=history)


def bid_snapshot(*, session: Session, principal: Principal, bid_id: int) -> Project:
    """The bid as submitted, after checking that its stored inputs still give its stored hash.

    Raises
    ------
    ServiceError
        ``service.bids.not_found``; ``service.bids.hash_mismatch`` (bidder, version, stored and recomputed
        hash) when the stored inputs do not give the stored hash.
    """
    require(principal, "read")
    row = session.get(BidRow, bid_id)
    tender_row = None if row is None else session.get(ProjectRow, row.project_id)
    if (
        row is None
        or tender_row is None
        or not may_read_bid(principal, bid_organisation=row.organisation, tender=project_access(tender_row))
    ):
        # another vendor's bid does not exist for this principal
        raise ServiceError("service.bids.not_found", id=bid_id)
    return _verified(row)


def compare_tender(*, session: Session, principal: Principal, project_id: int) -> Comparison:
    """Compare the latest version of each bidder's bid against the stored tender.

    Raises
    ------
    ServiceError
        ``service.project_not_found``; ``service.bids.not_a_tender``; ``service.bids.hash_mismatch``;
        ``service.access.other_bids`` for a vendor (the comparison shows every bidder's offer).
    """
    require(principal, "read")
    tender_row = session.get(ProjectRow, project_id)
    if tender_row is None:
        raise ServiceError("service.project_not_found", id=project_id)
    require_all_bids(principal, project_access(tender_row))
    tender = _check_tender(tender_row)
    latest = list_bids(session=session, principal=principal, project_id=project_id).latest
    bids = []
    for view in latest:
        row = session.get(BidRow, view.id)
        if row is None:  # pragma: no cover - a bid cannot be deleted (database triggers)
            raise ServiceError("service.bids.not_found", id=view.id)
        bids.append(_verified(row))
    return compare_bids(tender, bids)


# --- helpers -----------------------------------------------------------------------------------------------


def _check_tender(row: ProjectRow) -> Project:
    project = parse_project(row.inputs_toml).project
    if project.tender is None:
        raise ServiceError("service.bids.not_a_tender", name=row.name)
    return project


def _verified(row: BidRow) -> Project:
    project = parse_project(row.inputs_toml).project
    recomputed = canonical_hash(project)
    if recomputed != row.input_hash:
        raise ServiceError(
            "service.bids.hash_mismatch",
            bidder=row.bidder,
            version=row.version,
            stored=row.input_hash,
            recomputed=recomputed,
        )
    return project


def _view(row: BidRow, submitted_by: str) -> BidView:
    if row.id is None:  # pragma: no cover - rows here are flushed or loaded
        raise RuntimeError("bid row without id")
    return BidView(
        id=row.id,
        project_id=row.project_id,
        bidder=row.bidder,
        version=row.version,
        submitted=row.submitted,
        technical_score=row.technical_score,
        input_hash=row.input_hash,
        submitted_at=row.submitted_at,
        submitted_by=submitted_by,
    )


def _user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    name = session.exec(select(UserRow.name).where(UserRow.id == user_id)).first()
    return name or ""
