"""Value for money (物有所值): the quantitative assessment (PSC against PPP value, the waterfall from one to
the other), the risk register, the qualitative score and every input with its source. Every figure comes
from ``ppp.services.government.vfm_report``."""

from __future__ import annotations

import streamlit as st

from ppp.model import ProjectError
from ppp.services.government import VfmReport, vfm_report
from ppp.services.types import ServiceError
from ppp.ui import context
from ppp.ui.components import chart, project_picker
from ppp.ui.context import text
from ppp.ui.government_charts import vfm_waterfall_chart
from ppp.ui.government_view import (
    PERCENT_FORMAT,
    components_frame,
    percent_points,
    qualitative_frame,
    qualitative_verdict,
    quantitative_verdict,
    risk_register_frame,
    vfm_inputs_frame,
)

MONEY = "%,.2f"


def render() -> None:
    st.title(text("ui.vfm.title"))
    summary = project_picker("vfm_project")
    if summary is None:
        return
    language = context.language()
    try:
        with context.unit_of_work(read_only=True) as session:
            report = vfm_report(session=session, principal=context.principal(), project_id=summary.id)
    except ServiceError as error:
        if error.key == "vfm.no_table":
            st.info(text("ui.vfm.no_vfm"))
        else:
            st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error("\n".join(error.messages(language)))
        return
    _quantitative(report)
    _qualitative(report)
    _inputs(report)


def _quantitative(report: VfmReport) -> None:
    st.subheader(text("ui.vfm.quantitative"))
    components = report.components
    if components is None:
        st.info(text("ui.vfm.no_vfm"))
        return
    language = context.language()
    unit = report.money_unit
    st.caption(text("ui.vfm.caption", rate=f"{components.discount_rate * 100:.2f}%", unit=unit))
    columns = st.columns(4)
    columns[0].metric(text("ui.vfm.metric.psc"), f"{components.psc:,.2f}")
    columns[1].metric(text("ui.vfm.metric.ppp_value"), f"{components.ppp_value:,.2f}")
    columns[2].metric(text("ui.vfm.metric.vfm_amount"), f"{components.vfm_amount:,.2f}")
    index = "—" if components.vfm_index is None else f"{components.vfm_index * 100:.2f}%"
    columns[3].metric(text("ui.vfm.metric.vfm_index"), index)
    verdict = quantitative_verdict(components, language)
    (st.success if components.passed else st.warning)(verdict)
    chart("vfm_waterfall", report.input_hash, language, "", lambda: vfm_waterfall_chart(components, language))
    with st.expander(text("ui.vfm.components")):
        st.dataframe(
            components_frame(components, language)[["part", "amount"]],
            hide_index=True,
            column_config={
                "part": st.column_config.TextColumn(text("ui.vfm.column.part")),
                "amount": st.column_config.NumberColumn(
                    text("ui.vfm.column.amount", unit=unit), format=MONEY
                ),
            },
        )
    st.markdown(f"**{text('ui.vfm.register')}**")
    if report.register is None:
        st.caption(text("ui.vfm.no_register"))
        return
    st.dataframe(
        percent_points(risk_register_frame(report.register, language), ["probability", "government_share"]),
        hide_index=True,
        column_config={
            "risk": st.column_config.TextColumn(text("ui.vfm.column.risk")),
            "probability": st.column_config.NumberColumn(
                text("ui.vfm.column.probability"), format=PERCENT_FORMAT
            ),
            "impact": st.column_config.NumberColumn(text("ui.vfm.column.impact"), format=MONEY),
            "allocation": st.column_config.TextColumn(text("ui.vfm.column.allocation")),
            "government_share": st.column_config.NumberColumn(
                text("ui.vfm.column.government_share"), format=PERCENT_FORMAT
            ),
            "expected_cost": st.column_config.NumberColumn(text("ui.vfm.column.expected_cost"), format=MONEY),
            "retained": st.column_config.NumberColumn(text("ui.vfm.column.retained"), format=MONEY),
            "transferable": st.column_config.NumberColumn(text("ui.vfm.column.transferable"), format=MONEY),
            "source": st.column_config.TextColumn(text("ui.vfm.column.source")),
        },
    )


def _qualitative(report: VfmReport) -> None:
    st.subheader(text("ui.vfm.qualitative"))
    result = report.qualitative
    if result is None:
        st.info(text("ui.vfm.no_criteria"))
        return
    language = context.language()
    st.dataframe(
        qualitative_frame(result, language),
        hide_index=True,
        column_config={
            "criterion": st.column_config.TextColumn(text("ui.vfm.column.criterion")),
            "group": st.column_config.TextColumn(text("ui.vfm.column.group")),
            "weight": st.column_config.NumberColumn(text("ui.vfm.column.weight"), format="%.2f"),
            "score": st.column_config.NumberColumn(text("ui.vfm.column.score"), format="%.2f"),
            "weighted": st.column_config.NumberColumn(text("ui.vfm.column.weighted"), format="%.2f"),
        },
    )
    verdict = qualitative_verdict(result, language)
    if not result.conclusive:
        st.error(verdict)
    else:
        (st.success if result.passed else st.warning)(verdict)


def _inputs(report: VfmReport) -> None:
    st.subheader(text("ui.vfm.inputs"))
    st.dataframe(
        vfm_inputs_frame(report.inputs, context.language(), report.money_unit),
        hide_index=True,
        column_config={
            "input": st.column_config.TextColumn(text("ui.vfm.column.input")),
            "key": st.column_config.TextColumn(text("ui.vfm.column.key")),
            # text formatted per row (a rate among amounts), aligned as the numbers it shows
            "value": st.column_config.TextColumn(text("ui.vfm.column.value"), alignment="right"),
            "source": st.column_config.TextColumn(text("ui.vfm.column.source")),
        },
    )


render()
