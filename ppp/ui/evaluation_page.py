"""The first page: pick a sample project (or upload a project file), see its metrics and annual table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ppp.engine import Evaluation, evaluate
from ppp.engine.metrics import METRIC_KEYS
from ppp.i18n import Language
from ppp.i18n.catalog import YEAR_LABELS
from ppp.i18n.formatting import format_metric, metric_label
from ppp.model import LoadedProject, ProjectError, load_project, parse_project

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_projects"
HEADLINE = (
    "total_investment",
    "government_pv",
    "equity_irr",
    "project_irr_post_tax",
    "min_dscr",
    "payback_years",
)

TEXT = {
    "title": {"en": "PPP smart-city projects", "zh": "智慧城市 PPP 项目"},
    "source": {"en": "Project", "zh": "项目"},
    "upload": {"en": "…or upload a project file (TOML)", "zh": "……或上传项目文件（TOML）"},
    "problems": {"en": "The file cannot be used:", "zh": "该文件无法使用："},
    "metrics": {"en": "All metrics", "zh": "全部指标"},
    "annual": {"en": "Annual table", "zh": "年度表"},
    "hash": {"en": "Input hash", "zh": "输入哈希"},
    "unit": {"en": "Amounts in {unit}, nominal", "zh": "金额单位：{unit}（名义值）"},
    "language": {"en": "Language", "zh": "语言"},
}


def text(key: str, language: Language, **params: str) -> str:
    return TEXT[key][language].format(**params)


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.toml"))


def render() -> None:
    language: Language = st.sidebar.radio(
        "Language / 语言",
        options=["zh", "en"],
        format_func=lambda code: "中文" if code == "zh" else "English",
        key="language",
    )
    st.title(text("title", language))
    samples = sample_files()
    choice = st.selectbox(text("source", language), options=[path.name for path in samples], key="sample")
    uploaded = st.file_uploader(text("upload", language), type=["toml"], key="upload")
    try:
        loaded = _load(uploaded.getvalue() if uploaded is not None else None, SAMPLES_DIR / str(choice))
        evaluation = evaluate(loaded.project)
    except ProjectError as error:
        st.error(
            text("problems", language) + "\n\n" + "\n".join(f"- {line}" for line in error.messages(language))
        )
        return
    for warning in loaded.warnings:
        st.warning(warning.message(language))
    _show(evaluation, language)


def _load(uploaded: bytes | None, sample: Path) -> LoadedProject:
    if uploaded is None:
        return load_project(sample)
    try:
        return parse_project(uploaded.decode("utf-8"))
    except UnicodeDecodeError as error:
        from ppp.model.problems import Problem

        raise ProjectError(
            [Problem("", "file.not_utf8", params={"path": "upload", "position": error.start})]
        ) from None


def _show(evaluation: Evaluation, language: Language) -> None:
    st.subheader(evaluation.project_name)
    st.caption(
        text("unit", language, unit=evaluation.money_unit)
        + f" · {text('hash', language)}: `{evaluation.input_hash}`"
    )
    columns = st.columns(len(HEADLINE))
    for column, key in zip(columns, HEADLINE, strict=True):
        column.metric(metric_label(key, language), format_metric(key, evaluation.metrics[key], language))
    with st.expander(text("metrics", language)):
        st.dataframe(
            pd.DataFrame(
                {
                    "metric": [metric_label(key, language) for key in METRIC_KEYS],
                    "value": [format_metric(key, evaluation.metrics[key], language) for key in METRIC_KEYS],
                }
            ),
            hide_index=True,
        )
    st.subheader(text("annual", language))
    st.dataframe(
        pd.DataFrame(evaluation.years).set_index("year"),
        column_config=_annual_columns(language),
    )


def _annual_columns(language: Language) -> dict[str, Any]:
    """Bilingual headers and number formats: money and ratios to 2 decimals, rates in percent."""
    formats = {"money": "%.2f", "ratio": "%.2f", "rate": "percent", "integer": "%d"}
    columns: dict[str, Any] = {}
    for key, (english, chinese, kind) in YEAR_LABELS.items():
        label = chinese if language == "zh" else english
        if kind == "text":
            columns[key] = st.column_config.TextColumn(label)
        else:
            columns[key] = st.column_config.NumberColumn(label, format=formats[kind])
    return columns
