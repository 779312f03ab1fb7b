"""The app starts, shows a sample's metrics and annual table, and switches language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ppp.engine import evaluate
from ppp.i18n.formatting import format_metric
from ppp.model import load_project

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_projects").glob("*.toml"))


def test_app_shows_the_first_sample_without_errors() -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert not app.error
    first = load_project(SAMPLES[0]).project
    evaluation = evaluate(first)
    assert app.subheader[0].value == evaluation.project_name
    shown = {metric.label: metric.value for metric in app.metric}
    assert format_metric("total_investment", evaluation.metrics["total_investment"], "zh") in shown.values()
    annual = app.dataframe[-1].value
    assert len(annual) == first.periods


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_every_sample_renders(sample: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    app.selectbox(key="sample").select(sample.name).run()
    assert not app.exception
    assert not app.error
    assert app.subheader[0].value == load_project(sample).project.project.name


def test_language_switch_changes_labels() -> None:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert app.title[0].value == "智慧城市 PPP 项目"
    app.radio(key="language").set_value("en").run()
    assert app.title[0].value == "PPP smart-city projects"
    assert any(metric.label == "Total investment" for metric in app.metric)
