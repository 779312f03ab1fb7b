"""The value-for-money and affordability pages through AppTest, in both languages, with their figures checked
against the services; and the pages' pure pieces (frames, sentences, charts)."""

from __future__ import annotations

import re
import string

import pytest
from app_helpers import ROOT, Store, open_page, project_id_named, texts
from streamlit.testing.v1 import AppTest

from ppp import services
from ppp.engine import evaluate
from ppp.government.affordability import BudgetForecast, ProjectExpenditure, portfolio_affordability
from ppp.government.vfm import vfm_components, vfm_inputs
from ppp.i18n.catalog_government import GOVERNMENT_MESSAGES
from ppp.model import ProjectError, dump_project, load_project
from ppp.services.government import city_affordability, vfm_report
from ppp.ui.government_charts import affordability_chart, vfm_waterfall_chart, waterfall_frame
from ppp.ui.government_view import (
    candidate_from_file,
    crossing_lines,
    expenditure_frame,
    ratio_frame,
    vfm_inputs_frame,
)

VFM = "ppp/ui/pages/value_for_money.py"
AFFORDABILITY = "ppp/ui/pages/affordability.py"
YANGXIN = "Smart Yangxin"
YANGXIN_FILE = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
YANGXIN_CITY = "阳信县, 滨州市, 山东省"


def _candidate_text(name: str, stage: str = "procurement") -> str:
    """A copy of the Yangxin sample as a new project of the same county, not yet committed."""
    project = load_project(YANGXIN_FILE).project
    info = project.project.model_copy(update={"name": name, "stage": stage})
    return dump_project(project.model_copy(update={"project": info}))


def test_the_vfm_page_shows_the_reports_figures_in_both_languages(app: AppTest, store: Store) -> None:
    project_id = project_id_named(app, YANGXIN)
    open_page(app, VFM, project_id)
    assert texts(app.title) == ["Value for money"]
    assert not app.error
    with store() as (session, principal):
        report = vfm_report(session=session, principal=principal, project_id=project_id)
    assert report.components is not None
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["PSC"] == f"{report.components.psc:,.2f}"
    assert metrics["VfM amount"] == f"{report.components.vfm_amount:,.2f}"
    inputs = next(frame.value for frame in app.dataframe if "source" in frame.value.columns)
    assert list(inputs["key"])[:2] == ["discount_rate", "psc_construction_cost"]
    assert "PPP option costs the government less" in " ".join(texts(app.success))
    assert "No qualitative criteria" in " ".join(texts(app.info))
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["物有所值评价"]


def test_the_vfm_page_of_a_project_without_vfm(app: AppTest, store: Store) -> None:
    text = _candidate_text("No VfM here")
    text = text[: text.index("[vfm]")] + text[text.index("[vfm]") :].split("\n\n", 1)[1]
    with store() as (session, principal):
        stored = services.import_project_file(session=session, principal=principal, text=text)
    assert stored.project.vfm is None
    open_page(app, VFM, stored.id)
    assert "no [vfm] table" in " ".join(texts(app.info))
    assert not app.error


def test_the_affordability_page_shows_the_city_and_adds_a_stored_candidate(
    app: AppTest, store: Store
) -> None:
    with store() as (session, principal):
        candidate = services.import_project_file(
            session=session, principal=principal, text=_candidate_text("Yangxin phase 2")
        )
    open_page(app, AFFORDABILITY)
    assert texts(app.title) == ["Fiscal affordability"]
    app.selectbox(key="affordability_city").set_value(YANGXIN_CITY).run()
    assert not app.exception
    assert not app.error
    with store() as (session, principal):
        expected = city_affordability(session=session, principal=principal, city=YANGXIN_CITY)
    assert "Smart Yangxin" in " ".join(texts(app.caption))
    assert "ratio method" in " ".join(texts(app.caption))
    crossings = " ".join(texts(app.markdown))
    assert crossings.count("never crossed") == 3 - len(expected.base.crossings)
    assert len(app.get("vega_lite_chart")) == 1
    picker = app.multiselect(key=f"affordability_candidates:{YANGXIN_CITY}")
    assert picker.options == ["Yangxin phase 2"]
    picker.set_value([candidate.id]).run()
    assert not app.exception
    assert "With Yangxin phase 2" in " ".join(texts(app.markdown))
    table = app.dataframe[0].value
    assert list(table.columns)[:2] == ["year", "budget"]
    app.radio(key="affordability_shown").set_value("Yangxin phase 2").run()
    assert not app.exception
    assert "Yangxin phase 2" in list(app.dataframe[0].value.columns)
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert not app.exception
    assert texts(app.title) == ["财政承受能力论证"]


def test_the_affordability_page_opens_on_a_city_it_can_show(app: AppTest) -> None:
    """The first city by name states no budget forecast; the page opens on the first one that does."""
    open_page(app, AFFORDABILITY)
    names = app.selectbox(key="affordability_city").options
    assert app.selectbox(key="affordability_city").value != names[0]
    assert not app.error
    assert not app.exception


def test_the_affordability_page_takes_an_uploaded_project_file(app: AppTest) -> None:
    open_page(app, AFFORDABILITY)
    app.selectbox(key="affordability_city").set_value(YANGXIN_CITY).run()
    upload = _candidate_text("Uploaded bid").encode("utf-8")
    app.file_uploader(key="affordability_upload").set_value(("bid.toml", upload, "application/toml")).run()
    assert not app.exception
    assert "With Uploaded bid" in " ".join(texts(app.markdown))
    broken = b'schema = "ppp-project/1"\n[project]\nname = 5\n'
    app.file_uploader(key="affordability_upload").set_value(("bad.toml", broken, "application/toml")).run()
    assert not app.exception
    assert "cannot be added" in " ".join(texts(app.error))


# --- pure pieces --------------------------------------------------------------------------------------------


def test_the_waterfall_frame_and_chart_follow_the_components() -> None:
    project = load_project(YANGXIN_FILE).project
    components = vfm_components(project, evaluate(project))
    assert components is not None
    frame = waterfall_frame(components, "en")
    assert frame["end"].iloc[-1] == pytest.approx(components.vfm_amount)
    assert list(frame["kind"]).count("total") == 2
    spec = vfm_waterfall_chart(components, "zh").to_dict()
    assert spec["title"] == "从 PSC 到物有所值量值"


def test_the_affordability_frames_and_sentences() -> None:
    one = ProjectExpenditure("A", (2024, 2025), (10.0, 0.0), (0.0, 80.0), (0.0, 8.0), (0.0, 0.0))
    base = portfolio_affordability([one], BudgetForecast(2024, 1000.0, 0.0))
    two = ProjectExpenditure("B", (2025,), (0.0,), (30.0,), (0.0,), (0.0,))
    more = portfolio_affordability([one, two], BudgetForecast(2024, 1000.0, 0.0))
    bars = expenditure_frame(base, "en")
    assert list(bars["amount"]) == [10.0, 80.0, 8.0]
    assert list(bars["type"]) == ["Equity", "Operating subsidy", "Risk"]
    ratios = ratio_frame(base, {"B": more}, "en")
    assert list(ratios["curve"].unique()) == ["Committed projects", "With B"]
    assert list(ratios["ratio"]) == pytest.approx([0.01, 0.088, 0.01, 0.118])
    assert crossing_lines(more, "万元", "en") == [
        "5%: no new government-pay projects (财金〔2022〕119号): first crossed in 2025 at 11.80%, "
        "68.00 万元 above the line.",
        "7% early warning: first crossed in 2025 at 11.80%, 48.00 万元 above the line.",
        "10% limit (财金〔2015〕21号): first crossed in 2025 at 11.80%, 18.00 万元 above the line.",
    ]
    spec = affordability_chart(base, {"B": more}, "万元", "en").to_dict()
    assert spec["title"].startswith("Fiscal expenditure")


def test_inputs_frame_names_every_source() -> None:
    frame = vfm_inputs_frame(tuple(vfm_inputs(load_project(YANGXIN_FILE).project)), "en")
    assert list(frame["source"]) == ["given in the project file"] * 6


def test_an_uploaded_candidate_is_checked_as_a_project_file() -> None:
    name, evaluation = candidate_from_file(_candidate_text("Bid").encode("utf-8"), "bid.toml")
    assert name == "Bid"
    assert evaluation.metrics["government_pv"] is not None
    with pytest.raises(ProjectError) as raised:
        candidate_from_file(b"\xff\xfe", "bad.toml")
    assert raised.value.problems[0].rule == "affordability.file_not_utf8"
    with pytest.raises(ProjectError):
        candidate_from_file(b"x" * 3_000_000, "big.toml")


@pytest.mark.parametrize("key", sorted(GOVERNMENT_MESSAGES))
def test_every_government_text_is_in_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = GOVERNMENT_MESSAGES[key]
    assert set(entry) == {"en", "zh"}
    assert _placeholders(entry["en"]) == _placeholders(entry["zh"])
    assert key.startswith(("vfm.", "affordability.", "ui.vfm.", "ui.affordability.", "rule.vfm_", "ui.nav."))
    # the English text holds no Chinese but the names of the documents it cites
    assert not CJK.search(re.sub(r"财金〔\d{4}〕\d+号", "", entry["en"]))
    assert CJK.search(entry["zh"]), f"{key}: the Chinese text has no Chinese in it"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CJK = re.compile(r"[\u4e00-\u9fff]")
