"""The app's texts come from the catalogs in both languages; its tables hold the engine's figures."""

from __future__ import annotations

import csv
import io
import re
import string
from pathlib import Path

import pytest
from app_helpers import ROOT, SAMPLES

from ppp.engine import YEAR_KEYS, evaluate
from ppp.engine.metrics import METRIC_KEYS
from ppp.i18n.catalog import MESSAGES
from ppp.i18n.ui_catalog import UI_MESSAGES
from ppp.model import load_project
from ppp.ui.tables import annual_csv, annual_frame, irr_note, metric_value_text, metrics_frame

CJK = re.compile(r"[\u4e00-\u9fff]")
UI_SOURCES = [ROOT / "streamlit_app.py", *sorted((ROOT / "ppp" / "ui").rglob("*.py"))]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(UI_MESSAGES))
def test_every_page_text_is_in_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = UI_MESSAGES[key]
    assert set(entry) == {"en", "zh"}
    assert _placeholders(entry["en"]) == _placeholders(entry["zh"])
    assert not CJK.search(entry["en"].replace("财金〔2015〕21号", "").replace("国办函〔2023〕115号", ""))
    if not key.startswith("ui.option.mode."):
        assert CJK.search(entry["zh"]), f"{key}: the Chinese text has no Chinese in it"


def test_every_text_key_the_pages_name_is_in_the_catalog() -> None:
    named: set[str] = set()
    for path in UI_SOURCES:
        named |= set(re.findall(r"""["'](ui\.[a-z_]+(?:\.[a-z_]+)+)["']""", path.read_text(encoding="utf-8")))
    assert named
    assert sorted(key for key in named if key not in MESSAGES) == []


def test_every_metric_has_a_definition() -> None:
    assert [key for key in METRIC_KEYS if f"ui.metric_help.{key}" not in MESSAGES] == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_the_annual_table_has_a_row_of_totals_of_the_flows(sample: Path) -> None:
    evaluation = evaluate(load_project(sample).project)
    frame = annual_frame(evaluation, "zh")
    assert list(frame.columns) == list(YEAR_KEYS)
    assert len(frame) == len(evaluation.years) + 1
    totals = frame.iloc[-1]
    assert totals["phase"] == "合计"
    assert set(frame["phase"].iloc[:-1]) <= {"建设期", "运营期"}
    for key in ("capex", "government_payment", "equity_cf", "project_cf_post_tax"):
        assert totals[key] == pytest.approx(sum(row[key] for row in evaluation.years))
    for key in ("debt_opening", "dscr", "affordability_ratio"):
        assert totals[key] != totals[key]  # NaN: a total of balances or ratios means nothing


def test_the_csv_download_has_one_header_row_then_one_row_per_year() -> None:
    evaluation = evaluate(load_project(SAMPLES[0]).project)
    raw = annual_csv(evaluation, "zh")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][YEAR_KEYS.index("government_payment")] == f"政府付费（{evaluation.money_unit}）"
    assert len(rows) == 1 + len(evaluation.years)
    assert float(rows[1][YEAR_KEYS.index("capex")]) == round(evaluation.years[0]["capex"], 2)


def test_metrics_are_shown_with_the_money_unit_and_irr_notes_are_translated() -> None:
    evaluation = evaluate(load_project(SAMPLES[0]).project)
    assert metric_value_text(evaluation, "total_investment", "en").endswith(" 万元")
    assert metric_value_text(evaluation, "equity_irr", "en").endswith("%")
    frame = metrics_frame(evaluation, "zh")
    assert len(frame) == len(METRIC_KEYS)
    assert irr_note("none", "zh") == "无内部收益率：现金流没有正负变化。"
    assert "10.00%, 20.00%" in irr_note("multiple: 0.1, 0.2", "en")
