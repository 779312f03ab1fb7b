"""Evaluation dashboard: headline metrics (definitions on hover), charts, the annual table with totals and the
downloads of the project file and the evaluation. Every figure comes from ``services.evaluate_project``."""

from __future__ import annotations

import json
from typing import Final

import streamlit as st

from ppp import services
from ppp.engine import Evaluation
from ppp.exports.workbook import export_workbook
from ppp.model import ProjectError
from ppp.services.types import ProjectSummary, ServiceError, StoredProject
from ppp.ui import charts, context
from ppp.ui.components import chart, project_picker
from ppp.ui.context import text
from ppp.ui.tables import (
    annual_column_config,
    annual_csv,
    annual_frame,
    headline_label,
    headline_value_text,
    metric_help,
    metrics_frame,
)

HEADLINE: Final = (
    "total_investment",
    "government_pv",
    "equity_irr",
    "project_irr_post_tax",
    "min_dscr",
    "payback_years",
    "max_affordability_ratio",
    "vfm_index",
)


def render() -> None:
    language = context.language()
    st.title(text("ui.dashboard.title"))
    with st.container():
        context.show_flash()
    summary = project_picker("dashboard_project")
    if summary is None:
        return
    try:
        with (
            st.spinner(text("ui.dashboard.evaluating", name=summary.name)),
            context.unit_of_work(read_only=True) as session,
        ):
            principal = context.principal()
            stored = services.get_project(session=session, principal=principal, project_id=summary.id)
            evaluation = services.evaluate_project(
                session=session, principal=principal, project_id=summary.id
            )
            project_file = services.export_project_toml(
                session=session, principal=principal, project_id=summary.id
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error(
            text("ui.dashboard.cannot_evaluate")
            + "\n\n"
            + "\n".join(f"- {line}" for line in error.messages(language))
        )
        if _may_edit(summary) and st.button(
            text("ui.dashboard.open_editor"), key="dashboard_open_editor_failed"
        ):
            context.open_project(summary.id, context.EDITOR_PAGE)
        return

    st.subheader(evaluation.project_name)
    st.caption(
        text(
            "ui.dashboard.caption",
            unit=evaluation.money_unit,
            revision=stored.revision,
            hash=evaluation.input_hash,
        )
    )
    _headline(evaluation)
    _charts(evaluation, stored)
    with st.expander(text("ui.dashboard.all_metrics")):
        st.dataframe(
            metrics_frame(evaluation, language),
            hide_index=True,
            placeholder="—",
            column_config={
                "metric": st.column_config.TextColumn(text("ui.dashboard.metric")),
                "value": st.column_config.TextColumn(text("ui.dashboard.value")),
                "definition": st.column_config.TextColumn(text("ui.dashboard.definition"), width="large"),
            },
            key="dashboard_metrics",
        )
    st.subheader(text("ui.dashboard.annual"))
    st.dataframe(
        annual_frame(evaluation, language),
        column_config=annual_column_config(evaluation, language),
        hide_index=True,
        placeholder="—",
        key="dashboard_annual",
    )
    _downloads(evaluation, stored, project_file)
    if _may_edit(summary) and st.button(
        text("ui.dashboard.open_editor"), key="dashboard_open_editor", icon=":material/edit:"
    ):
        context.open_project(stored.id, context.EDITOR_PAGE)


def _may_edit(summary: ProjectSummary) -> bool:
    """The editor is offered for a project the principal may change, when its role has the editor at all."""
    return context.has_page(context.EDITOR_PAGE) and context.may_change(summary)


#: headline metrics per row: at laptop width (1280 px) three show a money value with thousands separators
#: and two decimals and the longest label in full, four cut them short ("119,558.…")
METRICS_PER_ROW: Final = 3


def _headline(evaluation: Evaluation) -> None:
    language = context.language()
    for start in range(0, len(HEADLINE), METRICS_PER_ROW):
        columns = st.columns(METRICS_PER_ROW)
        for column, key in zip(columns, HEADLINE[start : start + METRICS_PER_ROW], strict=False):
            column.metric(
                headline_label(evaluation, key, language),
                headline_value_text(evaluation, key, language),
                help=metric_help(evaluation, key, language),
                border=True,
            )


def _charts(evaluation: Evaluation, stored: StoredProject) -> None:
    """The four charts one under the other at the page's full width: side by side at laptop width (1280 px),
    the debt and DSCR plot was left about 100 px beside its legend, with three year ticks and cut titles."""
    language = context.language()
    key = evaluation.input_hash
    basis = st.segmented_control(
        text("ui.chart.basis"),
        options=["project", "equity"],
        default="project",
        format_func={value: text(f"ui.chart.basis.{value}") for value in ("project", "equity")}.__getitem__,
        key="dashboard_basis",
    )
    chosen: charts.Basis = "equity" if basis == "equity" else "project"
    chart("cash_flows", key, language, chosen, lambda: charts.cash_flow_chart(evaluation, language, chosen))
    target = stored.project.financing.target_dscr
    if charts.has_debt_service(evaluation):
        chart("debt", key, language, str(target), lambda: charts.debt_chart(evaluation, language, target))
        st.caption(charts.dscr_covenants(target, language)[1])
    else:
        st.info(text("ui.chart.no_debt"))
    chart("payments", key, language, "", lambda: charts.payments_chart(evaluation, language))
    if charts.has_affordability(evaluation):
        st.caption(text("ui.chart.payments_note"))
    else:
        st.caption(text("ui.chart.no_fiscal"))
    chart("cumulative", key, language, "", lambda: charts.cumulative_chart(evaluation, language))
    if evaluation.metrics.get("payback_years") is None:
        st.caption(text("ui.chart.no_payback"))


def _downloads(evaluation: Evaluation, stored: StoredProject, project_file: str) -> None:
    language = context.language()
    st.subheader(text("ui.dashboard.downloads"))
    stem = f"project-{stored.id}-r{stored.revision}"
    toml_column, json_column, csv_column, xlsx_column = st.columns(4)
    toml_column.download_button(
        text("ui.download.project"),
        data=project_file.encode("utf-8"),
        file_name=f"{stem}.toml",
        mime="application/toml",
        key="dashboard_download_toml",
        on_click="ignore",
        icon=":material/download:",
    )
    json_column.download_button(
        text("ui.download.json"),
        data=json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2).encode("utf-8"),
        file_name=f"{stem}-evaluation.json",
        mime="application/json",
        key="dashboard_download_json",
        on_click="ignore",
        icon=":material/download:",
    )
    csv_column.download_button(
        text("ui.download.csv"),
        data=annual_csv(evaluation, language),
        file_name=f"{stem}-years.csv",
        mime="text/csv",
        key="dashboard_download_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    xlsx_column.download_button(
        text("ui.download.xlsx"),
        data=lambda: export_workbook(evaluation, stored.project, language=language),
        file_name=f"{stem}-workbook.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dashboard_download_xlsx",
        on_click="ignore",
        icon=":material/download:",
        help=text("ui.download.xlsx_help"),
    )


render()
