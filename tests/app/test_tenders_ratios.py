"""The tenders page after the browser audit: the two peak affordability ratios of a bid are named for what
they are, side by side, with the reason they differ (defect 6); the scores that decide the ranking come first
in the comparison, and the page says how the ranking is decided (defect 14)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from app_helpers import ROOT, Store, open_page, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.government.affordability import budget_forecast
from ppp.government.bids import compare_bids
from ppp.model import load_project
from ppp.services.government import city_affordability
from ppp.ui.tenders_view import COMPARISON_COLUMNS, column_label, peaks_frame, peaks_note, ranking_line

TENDERS = "ppp/ui/pages/tenders.py"
SAMPLES = ROOT / "sample_projects"
TENDER_FILE = SAMPLES / "xinyu_tender.toml"
BID_FILES = [SAMPLES / f"xinyu_bid_{letter}.toml" for letter in "abc"]


#: a column only each table has (a read-only st.dataframe carries no key to find it by)
_TABLES = {"tenders_affordability": "city_peak_ratio", "tenders_comparison": "total_score"}


def _table(app: AppTest, name: str) -> Any:
    return next(frame for frame in app.dataframe if _TABLES[name] in frame.value.columns)


def _labels(table: Any) -> dict[str, str]:
    """The header each column shows (its column_config label)."""
    return {name: config.get("label", name) for name, config in json.loads(table.proto.columns).items()}


def test_both_peak_ratios_are_named_side_by_side_with_why_they_differ(app: AppTest, store: Store) -> None:
    open_page(app, TENDERS)
    assert not app.error
    with store() as (session, principal):
        tender_id = services.list_tenders(session=session, principal=principal)[0].id
        comparison = services.compare_tender(session=session, principal=principal, project_id=tender_id)
        tender = services.get_project(session=session, principal=principal, project_id=tender_id).project
        city = city_affordability(
            session=session,
            principal=principal,
            city=tender.project.city,
            candidates=[
                (result.bidder, result.evaluation) for result in comparison.bids if result.evaluation
            ],
            budget=budget_forecast(tender),
            exclude_project_id=tender_id,
        )
    peaks = _table(app, "tenders_affordability")
    frame = peaks.value
    assert list(frame.columns) == ["bidder", "file_peak_ratio", "city_peak_ratio"]
    assert list(frame["bidder"]) == [result.bidder for result in comparison.bids]
    # shown in percent points
    assert list(frame["file_peak_ratio"]) == pytest.approx(
        [100 * (result.max_affordability_ratio or 0.0) for result in comparison.bids]
    )
    assert list(frame["city_peak_ratio"]) == pytest.approx(
        [100 * (city.with_candidates[result.bidder].max_ratio or 0.0) for result in comparison.bids]
    )
    # the sample's two figures differ (the tender's file counts 60,000 万元 a year of other PPP spending)
    assert all(frame["file_peak_ratio"] > frame["city_peak_ratio"] + 2.0)
    labels = _labels(peaks)
    assert labels["file_peak_ratio"] == "peak ratio in the tender's fiscal file"
    assert labels["city_peak_ratio"] == "peak ratio of the city's committed projects plus this bid"
    # the comparison's own column carries the same name as the side-by-side table's, never a bare one
    assert _labels(_table(app, "tenders_comparison"))["max_affordability_ratio"] == labels["file_peak_ratio"]
    captions = " ".join(texts(app.caption))
    assert "Why they differ" in captions
    assert "60,000.00 万元 in 2025" in captions
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    zh_labels = _labels(_table(app, "tenders_affordability"))
    assert zh_labels["file_peak_ratio"] == "招标文件财政测算中的最高支出占比"
    assert zh_labels["city_peak_ratio"] == "本市已签约项目加本投标的最高支出占比"
    assert "两者差异的原因" in " ".join(texts(app.caption))


def test_the_ratios_are_shown_as_percentages_with_two_decimals(app: AppTest, store: Store) -> None:
    """Rounded, not cut: Vendor A's 2.966% reads 2.97% (a "percent" column with a step showed 2.96%)."""
    open_page(app, TENDERS)
    with store() as (session, principal):
        tender_id = services.list_tenders(session=session, principal=principal)[0].id
        comparison = services.compare_tender(session=session, principal=principal, project_id=tender_id)
    shown = _table(app, "tenders_comparison").value
    assert list(shown["equity_irr"]) == pytest.approx([100 * (r.equity_irr or 0.0) for r in comparison.bids])
    for key, columns in (
        ("tenders_affordability", ("file_peak_ratio", "city_peak_ratio")),
        ("tenders_comparison", ("max_affordability_ratio", "equity_irr")),
    ):
        config = json.loads(_table(app, key).proto.columns)
        for column in columns:
            assert config[column]["type_config"] == {"type": "number", "format": "%.2f%%"}


def test_the_scores_that_decide_the_ranking_come_first_and_the_rule_is_said(app: AppTest) -> None:
    open_page(app, TENDERS)
    table = _table(app, "tenders_comparison")
    assert list(table.proto.column_order)[:5] == [
        "rank",
        "bidder",
        "total_score",
        "price_score",
        "technical_score",
    ]
    config = json.loads(table.proto.columns)
    assert config["rank"]["pinned"] is True
    assert config["bidder"]["pinned"] is True
    assert any(
        caption.startswith("Ranked by total score = 50% × price score") for caption in texts(app.caption)
    )
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert any(caption.startswith("按综合得分排名") for caption in texts(app.caption))


# ---- pure pieces -------------------------------------------------------------------------------------------


def test_the_peaks_frame_keeps_the_rank_order_and_leaves_out_bids_without_a_city_figure() -> None:
    comparison = compare_bids(
        load_project(TENDER_FILE).project, [load_project(path).project for path in BID_FILES]
    )
    first, second, third = comparison.bids
    frame = peaks_frame(comparison, {third.bidder: 0.01, first.bidder: 0.02})
    assert list(frame["bidder"]) == [first.bidder, third.bidder]
    assert list(frame["city_peak_ratio"]) == [0.02, 0.01]
    assert list(frame["file_peak_ratio"]) == [first.max_affordability_ratio, third.max_affordability_ratio]
    assert second.bidder not in set(frame["bidder"])


def test_the_note_and_the_ranking_line_in_both_languages() -> None:
    tender = load_project(TENDER_FILE).project
    assert "(60,000.00 万元 in 2025)" in peaks_note(tender, 2, "en")
    assert "the 2 committed projects" in peaks_note(tender, 2, "en")
    assert "（2025 年 60,000.00 万元）" in peaks_note(tender, 2, "zh")
    without = tender.model_copy(update={"fiscal": None})
    assert "(0.00 万元 in 2025)" in peaks_note(without, 0, "en")
    comparison = compare_bids(tender, [load_project(path).project for path in BID_FILES])
    assert ranking_line(comparison, "en").startswith("Ranked by total score = 50% × price score + 50% ×")
    assert "价格得分" in ranking_line(comparison, "zh")


def test_the_comparison_columns_put_the_scores_first_and_name_the_file_ratio() -> None:
    assert COMPARISON_COLUMNS[:5] == ("rank", "bidder", "total_score", "price_score", "technical_score")
    assert column_label("max_affordability_ratio", "en") == "peak ratio in the tender's fiscal file"
    assert column_label("total_score", "en") == "total score"
