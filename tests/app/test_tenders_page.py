"""The tenders page through AppTest (the seeded sample tender and its three bids; bids added by file, by the
xlsx bid template and by the form), and its pure pieces: tables, tie explanations, the form's bid, charts."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json

import openpyxl
import pytest
from app_helpers import ROOT, Store, open_page, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.exports.bid_template import BID_FIRST_ROW, BID_KEY_COLUMN, BID_SHEET, BID_VALUE_COLUMN, bid_template
from ppp.exports.comparison import comparison_csv
from ppp.government.affordability import budget_forecast, portfolio_affordability, project_expenditure
from ppp.government.bids import compare_bids
from ppp.model import ProjectError, canonical_hash, dump_project, load_project
from ppp.ui.tenders_charts import affordability_chart, affordability_frame, payment_profiles_chart
from ppp.ui.tenders_view import bid_from_form, bids_frame, comparison_frame, flag_lines, tie_lines

TENDERS = "ppp/ui/pages/tenders.py"
SAMPLES = ROOT / "sample_projects"
TENDER_FILE = SAMPLES / "xinyu_tender.toml"
BID_FILES = [SAMPLES / f"xinyu_bid_{letter}.toml" for letter in "abc"]


def _frame(app: AppTest, column: str) -> object:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def _tender_id(store: Store) -> int:
    with store() as (session, principal):
        tenders = services.list_tenders(session=session, principal=principal)
    assert len(tenders) == 1
    return tenders[0].id


def test_the_sample_tender_opens_with_its_three_bids_ranked(app: AppTest, store: Store) -> None:
    open_page(app, TENDERS)
    assert texts(app.title) == ["Tenders and bids"]
    assert not app.error
    tender_id = _tender_id(store)
    with store() as (session, principal):
        listed = services.list_bids(session=session, principal=principal, project_id=tender_id)
        expected = services.compare_tender(session=session, principal=principal, project_id=tender_id)
    bids = _frame(app, "submitted_by")
    assert sorted(bids["input_hash"]) == sorted(view.input_hash for view in listed.latest)
    assert sorted(bids["input_hash"]) == sorted(
        canonical_hash(load_project(path).project) for path in BID_FILES
    )
    assert list(bids["version"]) == [1, 1, 1]
    assert set(bids["submitted_by"]) == {"local"}
    comparison = _frame(app, "total_score")
    assert list(comparison["rank"]) == [1, 2, 3]
    assert list(comparison["bidder"]) == [result.bidder for result in expected.bids]
    assert list(comparison["vfm_amount"]) == pytest.approx([result.vfm_amount for result in expected.bids])
    assert list(comparison["input_hash"]) == [result.input_hash for result in expected.bids]
    # the sample's ranking differs from its price order: technical scores decide
    by_price = sorted(expected.bids, key=lambda result: result.government_pv or 0.0)
    assert [result.bidder for result in by_price] != list(comparison["bidder"])
    flagged = " ".join(texts(app.warning))
    assert any(result.flags for result in expected.bids)
    for result in expected.bids:
        if result.flags:
            assert result.bidder in flagged
    affordability = _frame(app, "city_peak_ratio")
    assert sorted(affordability["bidder"]) == sorted(result.bidder for result in expected.bids)
    assert len(app.get("vega_lite_chart")) == 2
    assert [button.label for button in app.download_button] == [
        "Download the bid template of this tender",
        "Workbook (xlsx)",
        "Table (CSV)",
        "Data (JSON)",
    ]
    assert any(expected.tender_hash in caption for caption in texts(app.caption))
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["招标与投标"]
    assert not app.error


def test_a_bid_file_upload_is_a_new_version_and_refusals_are_messages(app: AppTest, store: Store) -> None:
    open_page(app, TENDERS)
    tender_id = _tender_id(store)
    revised = load_project(BID_FILES[0]).project
    assert revised.bid is not None
    offer = revised.model_copy(
        update={
            "payment": revised.payment.model_copy(update={"availability_factor": 0.9}),
            "bid": revised.bid.model_copy(update={"submitted": datetime.date(2025, 3, 13)}),
        }
    )
    app.file_uploader(key="tenders_file").upload("a.toml", dump_project(offer).encode("utf-8"), "text/plain")
    app.button(key="tenders_submit_file").click().run()
    assert not app.exception
    assert not app.error, texts(app.error)
    assert any("version 2" in message for message in texts(app.success))
    with store() as (session, principal):
        listed = services.list_bids(session=session, principal=principal, project_id=tender_id)
    assert [(view.bidder, view.version) for view in listed.history if view.bidder == revised.bid.bidder] == [
        (revised.bid.bidder, 1),
        (revised.bid.bidder, 2),
    ]
    assert _frame(app, "submitted_by")["version"].max() == 2
    assert canonical_hash(offer) in set(_frame(app, "total_score")["input_hash"])
    # a file without [bid], and a file that is not a project: messages naming the key, no traceback
    plain = load_project(SAMPLES / "yangxin_smart_city_bot.toml").project
    app.file_uploader(key="tenders_file").upload("plain.toml", dump_project(plain).encode("utf-8"))
    app.button(key="tenders_submit_file").click().run()
    assert not app.exception
    assert any("bid: a bid file needs a [bid] table" in message for message in texts(app.error))
    app.file_uploader(key="tenders_file").upload("bad.toml", b"[bid]\nbidder = ")
    app.button(key="tenders_submit_file").click().run()
    assert not app.exception
    assert any("not valid TOML" in message for message in texts(app.error))


def filled_template(values: dict[str, object]) -> bytes:
    """The tender's blank bid template with the value cells of the given keys filled in, as a bidder does."""
    book = openpyxl.load_workbook(io.BytesIO(bid_template(load_project(TENDER_FILE).project, language="en")))
    sheet = book[BID_SHEET]
    for row in sheet.iter_rows(min_row=BID_FIRST_ROW):
        key = row[BID_KEY_COLUMN - 1].value
        if key in values:
            row[BID_VALUE_COLUMN - 1].value = values[key]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_filled_bid_template_is_submitted(app: AppTest, store: Store) -> None:
    open_page(app, TENDERS)
    tender_id = _tender_id(store)
    # the blank template lacks bidder, date and score: refused, nothing stored
    app.file_uploader(key="tenders_xlsx").upload(
        "blank.xlsx", filled_template({}), "application/octet-stream"
    )
    app.button(key="tenders_submit_xlsx").click().run()
    assert not app.exception
    assert any("The bid was not stored" in message for message in texts(app.error))
    offer = {
        "bid.bidder": "Vendor E",
        "bid.submitted": datetime.datetime(2025, 3, 8),
        "bid.technical_score": 70,
        "financing.loan_rate": 0.04,
    }
    app.file_uploader(key="tenders_xlsx").upload("e.xlsx", filled_template(offer), "application/octet-stream")
    app.button(key="tenders_submit_xlsx").click().run()
    assert not app.exception
    assert not app.error, texts(app.error)
    with store() as (session, principal):
        latest = services.list_bids(session=session, principal=principal, project_id=tender_id).latest
        vendor_e = next(view for view in latest if view.bidder == "Vendor E")
        stored = services.bid_snapshot(session=session, principal=principal, bid_id=vendor_e.id)
    assert len(latest) == 4
    assert stored.financing.loan_rate == 0.04
    assert vendor_e.submitted == datetime.date(2025, 3, 8)
    assert vendor_e.input_hash in set(_frame(app, "total_score")["input_hash"])


def test_the_form_submits_the_tender_with_the_offer_replaced(app: AppTest, store: Store) -> None:
    open_page(app, TENDERS)
    tender_id = _tender_id(store)
    app.button(key="FormSubmitter:tenders_form-Submit the bid").click().run()
    assert not app.exception
    assert any("bid.bidder" in message for message in texts(app.error))
    app.text_input(key="tenders_form:bid.bidder").input("Vendor D (丁公司)")
    app.date_input(key="tenders_form:bid.submitted").set_value(datetime.date(2025, 3, 9))
    app.number_input(key="tenders_form:bid.technical_score").set_value(75.0)
    app.number_input(key="tenders_form:payment.availability_factor").set_value(0.97)
    app.button(key="FormSubmitter:tenders_form-Submit the bid").click().run()
    assert not app.exception
    assert not app.error, texts(app.error)
    with store() as (session, principal):
        latest = services.list_bids(session=session, principal=principal, project_id=tender_id).latest
        stored = services.bid_snapshot(
            session=session,
            principal=principal,
            bid_id=next(view.id for view in latest if view.bidder == "Vendor D (丁公司)"),
        )
    assert stored.bid is not None
    assert stored.bid.technical_score == 75.0
    assert stored.bid.submitted == datetime.date(2025, 3, 9)
    assert stored.payment.availability_factor == 0.97
    assert stored.tender is None
    assert len(_frame(app, "total_score")) == 4


# ---- pure pieces -------------------------------------------------------------------------------------------


def test_the_comparison_table_and_messages_follow_the_comparison() -> None:
    comparison = compare_bids(
        load_project(TENDER_FILE).project, [load_project(path).project for path in BID_FILES]
    )
    frame = comparison_frame(comparison, "en")
    assert list(frame["bidder"]) == [result.bidder for result in comparison.bids]
    assert list(frame["government_pv"]) == [result.government_pv for result in comparison.bids]
    lines = flag_lines(comparison, "zh")
    assert len(lines) == sum(len(result.flags) + len(result.problems) for result in comparison.bids)
    exported = comparison_csv(comparison, language="en")
    assert all(result.input_hash in exported for result in comparison.bids)
    assert json.loads(json.dumps(comparison.to_json()))["tender"]["input_hash"] == comparison.tender_hash


def test_tie_lines_name_the_tied_bids_and_the_rule() -> None:
    comparison = compare_bids(
        load_project(TENDER_FILE).project, [load_project(path).project for path in BID_FILES]
    )
    first, second, *rest = comparison.bids
    tied = dataclasses.replace(
        comparison,
        bids=(
            dataclasses.replace(first, total_score=88.0, tie_break="government_pv"),
            dataclasses.replace(second, total_score=88.0 + 1e-9, tie_break="government_pv"),
            *rest,
        ),
    )
    lines = tie_lines(tied, "en")
    assert lines == [
        f"{first.bidder} (1), {second.bidder} (2) (rank in brackets) have the same total 88.00: "
        "equal total: the lower government PV ranks first"
    ]


def test_the_form_bid_is_checked_like_a_file() -> None:
    tender_project = load_project(TENDER_FILE).project
    with pytest.raises(ProjectError) as refused:
        bid_from_form(
            tender_project,
            {"bid.bidder": "X", "bid.submitted": datetime.date(2025, 3, 9), "bid.technical_score": 120.0},
        )
    assert [problem.path for problem in refused.value.problems] == ["bid.technical_score"]
    with pytest.raises(ProjectError) as no_bidder:
        bid_from_form(tender_project, {"bid.bidder": None, "bid.submitted": datetime.date(2025, 3, 9)})
    assert {problem.path for problem in no_bidder.value.problems} >= {"bid.bidder", "bid.technical_score"}


def test_the_charts_draw_every_bid_and_the_three_lines() -> None:
    comparison = compare_bids(
        load_project(TENDER_FILE).project, [load_project(path).project for path in BID_FILES]
    )
    spec = payment_profiles_chart(comparison, "en").to_dict()
    payments = next(iter(spec["datasets"].values()))
    assert {row["bidder"] for row in payments} == {result.bidder for result in comparison.bids}
    assert len(payments) == sum(len(result.years) for result in comparison.bids)
    budget = budget_forecast(load_project(TENDER_FILE).project)
    assert budget is not None
    base = portfolio_affordability([], budget)
    with_bids = {
        result.bidder: portfolio_affordability(
            [project_expenditure(result.bidder, result.evaluation)], budget
        )
        for result in comparison.bids
        if result.evaluation is not None
    }
    frame = affordability_frame(base, with_bids, "committed")
    assert set(frame["curve"]) == set(with_bids) | ({"committed"} if base.years else set())
    drawn = affordability_chart(base, with_bids, "en").to_dict()
    rules = [rows for rows in drawn["datasets"].values() if rows and "line" in rows[0]]
    assert [row["ratio"] for row in rules[0]] == [0.05, 0.07, 0.10]


def test_the_bids_table_shows_hash_version_and_who() -> None:
    view = services.BidView(
        id=1,
        project_id=2,
        bidder="Vendor A",
        version=3,
        submitted=datetime.date(2025, 3, 10),
        technical_score=80.0,
        input_hash="sha256:abc",
        submitted_at=datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC),
        submitted_by="local",
    )
    frame = bids_frame([view])
    assert frame.iloc[0].to_dict() == {
        "bidder": "Vendor A",
        "version": 3,
        "submitted": "2025-03-10",
        "technical_score": 80.0,
        "input_hash": "sha256:abc",
        "submitted_at": "2026-01-02 03:04 UTC",
        "submitted_by": "local",
    }
