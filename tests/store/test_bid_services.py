"""Bids through the services, on SQLite and PostgreSQL: submitted bids are frozen snapshots (the database
itself refuses to change or delete them), resubmissions are versions, a stored snapshot's hash is re-verified,
and the comparison uses the latest version of each bidder."""

from __future__ import annotations

import datetime
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from access_helpers import auditor_of_everything
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from ppp import services
from ppp.government.bids import compare_bids
from ppp.model import Project, ProjectError, canonical_hash, dump_project, load_project, parse_project
from ppp.model.schema import Bid, Tender
from ppp.services import Principal, ServiceError
from ppp.store import session_scope
from ppp.store.seed import prepare_seed, resolve_samples_dir, sample_bid_paths
from ppp.store.tables import BID_FREEZE_MESSAGE, AuditEntry, BidRow, ProjectRow

YANGXIN = resolve_samples_dir() / "yangxin_smart_city_bot.toml"


def reference() -> Project:
    return load_project(YANGXIN).project


def tender_project() -> Project:
    project = reference()
    info = project.project.model_copy(update={"name": "Bid test tender"})
    terms = Tender(price_weight=0.6, technical_weight=0.4, abnormally_low_margin=0.15)
    return project.model_copy(update={"project": info, "tender": terms})


def bid_project(bidder: str, *, factor: float, score: float, day: int = 10) -> Project:
    project = reference()
    payment = project.payment.model_copy(update={"availability_factor": factor})
    offer = Bid(bidder=bidder, submitted=datetime.date(2024, 5, day), technical_score=score)
    return project.model_copy(update={"payment": payment, "bid": offer})


def create_tender(engine: Engine, principal: Principal) -> int:
    with session_scope(engine) as session:
        stored = services.create_project(session=session, principal=principal, project=tender_project())
    return stored.id


def submit(engine: Engine, principal: Principal, tender_id: int, bid: Project) -> services.BidView:
    with session_scope(engine) as session:
        return services.submit_bid(session=session, principal=principal, project_id=tender_id, bid=bid)


def test_submitting_stores_the_canonical_snapshot_and_its_hash(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    bid = bid_project("Vendor A", factor=0.95, score=80)
    view = submit(seeded, principal, tender_id, bid)
    assert view.version == 1
    assert view.bidder == "Vendor A"
    assert view.input_hash == canonical_hash(bid)
    assert view.submitted == datetime.date(2024, 5, 10)
    assert view.technical_score == 80
    assert view.submitted_by == principal.name
    with session_scope(seeded, read_only=True) as session:
        row = session.get(BidRow, view.id)
        assert row is not None
        stored = parse_project(row.inputs_toml).project
        snapshot = services.bid_snapshot(session=session, principal=principal, bid_id=view.id)
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "submit_bid")).all()
    assert row.submitted_by == principal.user_id
    assert canonical_hash(stored) == row.input_hash == view.input_hash
    assert snapshot == stored
    assert len(entries) == 1
    assert entries[0].entity == "bid"
    assert entries[0].entity_id == view.id
    assert json.loads(entries[0].after or "{}")["input_hash"] == view.input_hash


def test_a_change_is_a_new_version_and_an_equal_file_changes_nothing(
    seeded: Engine, principal: Principal
) -> None:
    tender_id = create_tender(seeded, principal)
    first = submit(seeded, principal, tender_id, bid_project("Vendor A", factor=0.95, score=80))
    again = submit(seeded, principal, tender_id, bid_project("Vendor A", factor=0.95, score=80))
    changed = submit(seeded, principal, tender_id, bid_project("Vendor A", factor=0.9, score=80, day=12))
    other = submit(seeded, principal, tender_id, bid_project("Vendor B", factor=1.0, score=90))
    assert again == first
    assert (first.version, changed.version, other.version) == (1, 2, 1)
    assert changed.input_hash != first.input_hash
    with session_scope(seeded, read_only=True) as session:
        listed = services.list_bids(session=session, principal=principal, project_id=tender_id)
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "submit_bid")).all()
    assert [(view.bidder, view.version) for view in listed.history] == [
        ("Vendor A", 1),
        ("Vendor A", 2),
        ("Vendor B", 1),
    ]
    assert [(view.bidder, view.version) for view in listed.latest] == [("Vendor A", 2), ("Vendor B", 1)]
    assert len(entries) == 3
    assert json.loads(entries[1].before or "{}") == {"version": 1, "input_hash": first.input_hash}


def _freeze_refused(error: DBAPIError) -> bool:
    return BID_FREEZE_MESSAGE in str(error.orig)


def test_the_database_refuses_to_update_or_delete_a_submitted_bid(
    seeded: Engine, principal: Principal
) -> None:
    tender_id = create_tender(seeded, principal)
    view = submit(seeded, principal, tender_id, bid_project("Vendor A", factor=0.95, score=80))
    statements = [
        sa.text("UPDATE bids SET technical_score = 99 WHERE id = :id"),
        sa.text("UPDATE bids SET inputs_toml = '', input_hash = 'sha256:0' WHERE id = :id"),
        sa.text("DELETE FROM bids WHERE id = :id"),
        sa.text("DELETE FROM bids"),
    ]
    if seeded.dialect.name == "postgresql":
        statements.append(sa.text("TRUNCATE bids"))
    for statement in statements:
        with pytest.raises(DBAPIError) as refused, seeded.begin() as connection:
            connection.execute(statement, {"id": view.id})
        assert _freeze_refused(refused.value), str(refused.value)
    # through the ORM too: the refusal is the database's, whoever asks
    with session_scope(seeded) as session:
        row = session.get(BidRow, view.id)
        assert row is not None
        row.technical_score = 99
        with pytest.raises(DBAPIError) as refused:
            session.flush()
        session.rollback()
    assert _freeze_refused(refused.value)
    # the tender cannot be deleted while it has bids (ON DELETE RESTRICT), and its bids stay
    with pytest.raises(DBAPIError), seeded.begin() as connection:
        connection.execute(sa.text("DELETE FROM projects WHERE id = :id"), {"id": tender_id})
    with session_scope(seeded, read_only=True) as session:
        row = session.get(BidRow, view.id)
        assert row is not None
        assert row.technical_score == 80
        assert canonical_hash(parse_project(row.inputs_toml).project) == row.input_hash == view.input_hash
        assert session.get(ProjectRow, tender_id) is not None


def test_a_snapshot_whose_hash_no_longer_matches_is_refused(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    view = submit(seeded, principal, tender_id, bid_project("Vendor A", factor=0.95, score=80))
    tampered = dump_project(bid_project("Vendor A", factor=0.5, score=80))
    # only someone who switches the freeze off can do this: the test plays that administrator
    with seeded.begin() as connection:
        if seeded.dialect.name == "postgresql":
            connection.execute(sa.text("ALTER TABLE bids DISABLE TRIGGER bids_frozen"))
        else:
            connection.execute(sa.text("DROP TRIGGER bids_frozen_update"))
        connection.execute(
            sa.text("UPDATE bids SET inputs_toml = :toml WHERE id = :id"), {"toml": tampered, "id": view.id}
        )
    with session_scope(seeded, read_only=True) as session:
        with pytest.raises(ServiceError) as refused:
            services.bid_snapshot(session=session, principal=principal, bid_id=view.id)
        assert refused.value.key == "service.bids.hash_mismatch"
        assert refused.value.params["stored"] == view.input_hash
        with pytest.raises(ServiceError) as refused_comparison:
            services.compare_tender(session=session, principal=principal, project_id=tender_id)
        assert refused_comparison.value.key == "service.bids.hash_mismatch"


def test_bad_submissions_are_refused_with_a_reason(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    with session_scope(seeded, read_only=True) as session:
        yangxin_id = services.list_projects(session=session, principal=principal, search="Yangxin")[0].id
    with pytest.raises(ProjectError) as no_bid:
        submit(seeded, principal, tender_id, reference())
    assert [problem.path for problem in no_bid.value.problems] == ["bid"]
    assert no_bid.value.problems[0].rule == "service.bids.bid_required"
    with pytest.raises(ServiceError) as not_tender:
        submit(seeded, principal, yangxin_id, bid_project("Vendor A", factor=1.0, score=80))
    assert not_tender.value.key == "service.bids.not_a_tender"
    with pytest.raises(ServiceError) as missing:
        submit(seeded, principal, 10_000, bid_project("Vendor A", factor=1.0, score=80))
    assert missing.value.key == "service.project_not_found"
    auditor = auditor_of_everything(seeded, user_id=principal.user_id)
    with pytest.raises(ServiceError) as forbidden:
        submit(seeded, auditor, tender_id, bid_project("Vendor A", factor=1.0, score=80))
    assert forbidden.value.key == "service.forbidden"
    with pytest.raises(ProjectError) as bad_file, session_scope(seeded) as session:
        services.submit_bid_file(session=session, principal=principal, project_id=tender_id, text="[bid]\nx=")
    assert bad_file.value.problems[0].rule == "file.bad_toml"
    with session_scope(seeded) as session:
        services.archive_project(session=session, principal=principal, project_id=tender_id, base_revision=1)
    with pytest.raises(ServiceError) as archived:
        submit(seeded, principal, tender_id, bid_project("Vendor A", factor=1.0, score=80))
    assert archived.value.key == "service.bids.tender_archived"
    with session_scope(seeded, read_only=True) as session:
        assert session.exec(select(BidRow).where(BidRow.project_id == tender_id)).all() == []


def test_bid_files_are_read_as_toml_or_json(seeded: Engine, principal: Principal, tmp_path: Path) -> None:
    tender_id = create_tender(seeded, principal)
    toml_bid = bid_project("Vendor A", factor=0.95, score=80)
    json_bid = bid_project("Vendor B", factor=1.0, score=90)
    json_text = json.dumps(json_bid.model_dump(mode="json", by_alias=True, exclude_none=True))
    with session_scope(seeded) as session:
        from_toml = services.submit_bid_file(
            session=session, principal=principal, project_id=tender_id, text=dump_project(toml_bid)
        )
        from_json = services.submit_bid_file(
            session=session, principal=principal, project_id=tender_id, text=json_text
        )
    assert from_toml.input_hash == canonical_hash(toml_bid)
    assert from_json.input_hash == canonical_hash(json_bid)


def test_the_comparison_takes_the_latest_version_of_each_bidder(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    a_first = bid_project("Vendor A", factor=1.2, score=80)
    a_latest = bid_project("Vendor A", factor=0.9, score=80, day=12)
    b = bid_project("Vendor B", factor=1.0, score=90)
    c = bid_project("Vendor C", factor=1.05, score=70, day=11)
    for bid in (a_first, b, c, a_latest):
        submit(seeded, principal, tender_id, bid)
    with session_scope(seeded, read_only=True) as session:
        comparison = services.compare_tender(session=session, principal=principal, project_id=tender_id)
        tenders = services.list_tenders(session=session, principal=principal)
    expected = compare_bids(tender_project(), [a_latest, b, c])
    assert comparison.to_json() == expected.to_json()
    assert comparison.tender_hash == canonical_hash(tender_project())
    by_bidder = {bid.bidder: bid for bid in comparison.bids}
    assert by_bidder["Vendor A"].input_hash == canonical_hash(a_latest)
    # the same project, only the availability payment offered differs: government PV orders the offers
    pvs = {name: result.government_pv for name, result in by_bidder.items()}
    assert all(value is not None for value in pvs.values())
    assert sorted(pvs, key=lambda name: pvs[name] or 0.0) == ["Vendor A", "Vendor B", "Vendor C"]
    lowest = min(value for value in pvs.values() if value is not None)
    for result in comparison.bids:
        assert result.government_pv is not None
        assert result.price_score is not None
        # price score = 100 x lowest PV / own PV; total = 0.6 price + 0.4 technical
        assert result.price_score == pytest.approx(100 * lowest / result.government_pv, rel=1e-12)
        assert result.total_score == pytest.approx(0.6 * result.price_score + 0.4 * result.technical_score)
    assert by_bidder["Vendor A"].price_score == pytest.approx(100.0)
    assert [tender.name for tender in tenders if tender.id == tender_id] == ["Bid test tender"]
    assert [tender.bidders for tender in tenders if tender.id == tender_id] == [3]


def test_a_project_without_tender_cannot_be_compared(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded, read_only=True) as session:
        yangxin_id = services.list_projects(session=session, principal=principal, search="Yangxin")[0].id
        with pytest.raises(ServiceError) as refused:
            services.compare_tender(session=session, principal=principal, project_id=yangxin_id)
        tenders = services.list_tenders(session=session, principal=principal)
    assert refused.value.key == "service.bids.not_a_tender"
    assert yangxin_id not in [tender.id for tender in tenders]


def test_every_stored_bid_hash_recomputes(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    for bidder, factor in (("Vendor A", 0.95), ("Vendor B", 1.0)):
        submit(seeded, principal, tender_id, bid_project(bidder, factor=factor, score=80))
    with session_scope(seeded, read_only=True) as session:
        rows = session.exec(select(BidRow).order_by(col(BidRow.id))).all()
    assert rows
    for row in rows:
        assert canonical_hash(parse_project(row.inputs_toml).project) == row.input_hash


def test_the_sample_bids_are_seeded_as_frozen_bids_of_the_sample_tender(
    seeded: Engine, principal: Principal
) -> None:
    bid_files = sample_bid_paths()
    assert len(bid_files) >= 3
    with session_scope(seeded, read_only=True) as session:
        tenders = services.list_tenders(session=session, principal=principal)
        assert len(tenders) == 1
        listed = services.list_bids(session=session, principal=principal, project_id=tenders[0].id)
        comparison = services.compare_tender(session=session, principal=principal, project_id=tenders[0].id)
        names = {summary.name for summary in services.list_projects(session=session, principal=principal)}
    files = [load_project(path).project for path in bid_files]
    assert sorted(view.input_hash for view in listed.latest) == sorted(canonical_hash(bid) for bid in files)
    assert {view.submitted_by for view in listed.history} == {principal.name}
    assert sorted(result.rank for result in comparison.bids if result.rank is not None) == [1, 2, 3]
    # bids are not projects of the portfolio
    assert not names & {bid.project.name for bid in files}


def test_a_sample_bid_without_its_tender_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "xinyu_bid_a.toml").write_text(
        (resolve_samples_dir() / "xinyu_bid_a.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ProjectError) as refused:
        prepare_seed(samples_dir=tmp_path, models_dir=tmp_path / "no-models")
    assert refused.value.problems[0].rule == "service.bids.seed_no_tender"


def test_submissions_at_once_get_consecutive_versions(seeded: Engine, principal: Principal) -> None:
    tender_id = create_tender(seeded, principal)
    offers = [bid_project("Vendor A", factor=0.90 + 0.01 * number, score=80) for number in range(6)]
    barrier = threading.Barrier(len(offers))
    errors: list[BaseException] = []

    def send(offer: Project) -> None:
        try:
            barrier.wait()
            submit(seeded, principal, tender_id, offer)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with session_scope(seeded, read_only=True) as session:
        history = services.list_bids(session=session, principal=principal, project_id=tender_id).history
    assert [view.version for view in history] == list(range(1, len(offers) + 1))
    assert sorted(view.input_hash for view in history) == sorted(canonical_hash(offer) for offer in offers)
