"""Operations: record KPI readings (CSV upload or one at a time), KPI trends against their targets, the
month's deductions by KPI, the payment statement per year (record it, download it), actual vs plan and the
projects at risk across the portfolio. Every figure comes from ``ppp.services.operations``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import streamlit as st

from ppp import services
from ppp.i18n.formatting import format_number
from ppp.model import ProjectError
from ppp.operations.statement import YearStatement
from ppp.services.types import ProjectSummary, ServiceError, StoredProject
from ppp.ui import charts, context
from ppp.ui.components import project_picker
from ppp.ui.context import text
from ppp.ui.operations_view import (
    COMPARISON_COLUMNS,
    EMPTY_CELL,
    MONEY_FORMAT,
    MONTH_COLUMNS,
    STATEMENT_ORDER,
    column_label,
    comparison_column_config,
    comparison_frame,
    month_column_config,
    month_frame,
    problems_markdown,
    recorded_money_text,
    risk_lines,
    statement_column_config,
    statement_csv,
    statement_frame,
    statement_json_bytes,
)
from ppp.ui.rights import read_only_reason

if TYPE_CHECKING:
    from sqlmodel import Session


def render() -> None:
    st.title(text("ui.operations.title"))
    with st.container():
        context.show_flash()
    summary = project_picker("operations_project")
    if summary is not None:
        _project(summary)
    _at_risk()


def _project(summary: ProjectSummary) -> None:
    language = context.language()
    project_id = summary.id
    try:
        with context.unit_of_work(read_only=True) as session:
            principal = context.principal()
            stored = services.get_project(session=session, principal=principal, project_id=project_id)
            statements = services.payment_statement(
                session=session, principal=principal, project_id=project_id
            )
            comparison = services.actual_vs_plan(session=session, principal=principal, project_id=project_id)
            costs = services.actual_costs(session=session, principal=principal, project_id=project_id)
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error(problems_markdown(error, language))
        return
    unit = stored.project.project.money_unit
    st.caption(text("ui.operations.caption", unit=unit, years=len(statements)))
    # None: the principal may change the records; else why not (its actions are then not offered)
    read_only = read_only_reason(context.principal(), summary, language)
    if read_only is not None:
        st.info(read_only, icon=":material/visibility:")
    if not stored.project.kpis:
        st.info(text("ui.operations.no_kpis"))
    else:
        if read_only is None:
            _record(stored)
        _trends(stored)
        if not statements:
            st.info(text("ui.operations.no_readings"))
        else:
            _deductions(statements, unit)
            _statement(stored, statements, read_only)
    _actual_vs_plan(comparison)
    _actual_costs(stored, costs, read_only)


# ---- recording readings ------------------------------------------------------------------------------------


def _record(stored: StoredProject) -> None:
    st.subheader(text("ui.operations.record"))
    upload_column, form_column = st.columns(2, gap="medium")
    with upload_column:
        st.caption(text("ui.operations.upload_help"))
        uploaded = st.file_uploader(
            text("ui.operations.upload"), type=["csv", "txt"], key="operations_upload"
        )
        reason = st.text_input(text("ui.operations.reason"), key="operations_upload_reason")
        if st.button(
            text("ui.operations.upload_button"), key="operations_upload_button", icon=":material/upload:"
        ):
            if uploaded is None:
                st.warning(text("ui.operations.no_file"))
            else:
                raw = uploaded.getvalue()
                try:
                    file_text = raw.decode("utf-8-sig")
                except UnicodeDecodeError as error:
                    st.error(text("ui.error.not_utf8", path=uploaded.name, position=error.start))
                else:
                    _save(stored.id, file_text, reason)
    with form_column:
        kpis = {kpi.id: kpi for kpi in stored.project.kpis}
        kpi_id = st.selectbox(
            text("ui.operations.kpi"),
            options=list(kpis),
            format_func=lambda key: f"{kpis[key].name} ({key})",
            key="operations_form_kpi",
        )
        period = st.text_input(
            text("ui.operations.period"), placeholder="2019-01", key="operations_form_period"
        )
        value = st.text_input(text("ui.operations.value"), key="operations_form_value")
        why = st.text_input(text("ui.operations.reason"), key="operations_form_reason")
        if (
            st.button(
                text("ui.operations.record_button"), key="operations_form_submit", icon=":material/add:"
            )
            and kpi_id is not None
        ):
            _save_one(stored.id, kpi_id, period, value, why)


def _save(project_id: int, file_text: str, reason: str) -> None:
    _store(
        lambda session: services.upload_readings(
            session=session,
            principal=context.principal(),
            project_id=project_id,
            text=file_text,
            reason=reason,
        )
    )


def _save_one(project_id: int, kpi_id: str, period: str, value: str, reason: str) -> None:
    _store(
        lambda session: services.record_reading(
            session=session,
            principal=context.principal(),
            project_id=project_id,
            kpi_id=kpi_id,
            period=period,
            value=value,
            reason=reason,
        )
    )


def _store(action: Callable[[Session], services.UploadResult]) -> None:
    """Run one recording in its own unit of work; problems are shown, never half-stored."""
    context.save_and_rerun(
        action,
        done=lambda result: text(
            "ui.operations.recorded",
            inserted=result.inserted,
            unchanged=result.unchanged,
            corrected=result.corrected,
        ),
        refusal=lambda error: problems_markdown(error, context.language()),
    )


# ---- trends and deductions ---------------------------------------------------------------------------------


def _trends(stored: StoredProject) -> None:
    st.subheader(text("ui.operations.trends"))
    kpis = {kpi.id: kpi for kpi in stored.project.kpis}
    kpi_id = st.selectbox(
        text("ui.operations.kpi"),
        options=list(kpis),
        format_func=lambda key: kpis[key].name,
        key="operations_trend_kpi",
    )
    if kpi_id is None:
        return
    kpi = kpis[kpi_id]
    with context.unit_of_work(read_only=True) as session:
        series = services.monthly_series(
            session=session, principal=context.principal(), project_id=stored.id, kpi_id=kpi_id
        )
    if not series:
        st.info(text("ui.operations.no_series"))
        return
    chart = charts.kpi_trend_chart(
        series,
        name=kpi.name,
        unit=kpi.unit,
        target=kpi.target,
        direction=kpi.direction,
        language=context.language(),
    )
    st.altair_chart(chart, width="stretch")
    breaches = int(charts.kpi_trend_frame(series, kpi.target, kpi.direction)["breach"].sum())
    st.caption(text("ui.operations.breaches", count=breaches, months=len(series)))


def _deductions(statements: list[YearStatement], unit: str) -> None:
    st.subheader(text("ui.operations.deductions"))
    months = {month.period: month for statement in statements for month in statement.months}
    periods = sorted(months)
    period = st.selectbox(
        text("ui.operations.month"), options=periods, index=len(periods) - 1, key="operations_month"
    )
    if period is None:
        return
    month = months[period]
    if month.deduction <= 0:
        st.info(text("ui.operations.no_deduction", period=period))
        return
    st.altair_chart(
        charts.month_deductions_chart(period, month.lines, unit, context.language()), width="stretch"
    )
    amount = recorded_money_text(month.deduction)
    st.caption(text("ui.operations.month_total", period=period, amount=amount, unit=unit))


# ---- the payment statement ---------------------------------------------------------------------------------


def _statement(stored: StoredProject, statements: list[YearStatement], read_only: str | None) -> None:
    language = context.language()
    unit = stored.project.project.money_unit
    st.subheader(text("ui.operations.statement"))
    st.dataframe(
        statement_frame(statements),
        hide_index=True,
        column_order=STATEMENT_ORDER,
        column_config=statement_column_config(language, unit),
        placeholder=EMPTY_CELL,
        key="operations_statement",
    )
    months_config = month_column_config(language, unit)
    for statement in statements:
        with st.expander(text("ui.operations.year_months", year=statement.year)):
            st.dataframe(
                month_frame(statement),
                hide_index=True,
                column_order=MONTH_COLUMNS,
                column_config=months_config,
                placeholder=EMPTY_CELL,
                key=f"operations_months_{statement.year}",
            )
    record_column, csv_column, json_column = st.columns(3)
    if record_column.button(
        text("ui.operations.record_payments"),
        key="operations_record_payments",
        icon=":material/payments:",
        disabled=read_only is not None,
        help=read_only,
    ):
        try:
            with context.unit_of_work() as session:
                recorded = services.record_payments(
                    session=session, principal=context.principal(), project_id=stored.id
                )
        except ServiceError as error:
            st.error(context.service_error_message(error))
        except ProjectError as error:
            st.error(problems_markdown(error, language))
        else:
            total = sum((statement.actual_payment for statement in recorded), Decimal(0))
            # every recorded digit, as the statement shows it (the metric beside it rounds to 2 decimals)
            shown = recorded_money_text(total)
            context.flash(
                "success",
                text("ui.operations.payments_recorded", years=len(recorded), total=shown, unit=unit),
            )
            st.rerun()
    stem = f"project-{stored.id}-r{stored.revision}-payments"
    csv_column.download_button(
        text("ui.operations.download_csv"),
        data=statement_csv(statements, language),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="operations_download_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    json_column.download_button(
        text("ui.operations.download_json"),
        data=statement_json_bytes(statements, unit),
        file_name=f"{stem}.json",
        mime="application/json",
        key="operations_download_json",
        on_click="ignore",
        icon=":material/download:",
    )


# ---- actual vs plan ----------------------------------------------------------------------------------------


def _actual_vs_plan(comparison: services.ActualVsPlan) -> None:
    language = context.language()
    st.subheader(text("ui.operations.actual_vs_plan"))
    if not comparison.recorded_years:
        st.info(text("ui.operations.no_payments"))
    planned, realised, dscr, spend = st.columns(4)
    planned.metric(text("ui.operations.irr_planned"), _percent(comparison.planned_equity_irr), border=True)
    delta = (
        None
        if comparison.planned_equity_irr is None or comparison.realised_equity_irr is None
        else f"{(comparison.realised_equity_irr - comparison.planned_equity_irr) * 100:+.2f} pp"
    )
    realised.metric(
        text("ui.operations.irr_realised"), _percent(comparison.realised_equity_irr), delta=delta, border=True
    )
    recorded = [row for row in comparison.years if row.actual_payment is not None]
    actual_total = sum(row.actual_payment or 0.0 for row in recorded)
    planned_total = sum(row.planned_payment for row in recorded)
    dscr_delta = (
        None
        if comparison.planned_min_dscr is None or comparison.realised_min_dscr is None
        else f"{comparison.realised_min_dscr - comparison.planned_min_dscr:+.2f}"
    )
    dscr.metric(
        text("ui.operations.dscr_realised"),
        _ratio(comparison.realised_min_dscr),
        delta=dscr_delta,
        border=True,
    )
    spend.metric(
        text("ui.operations.spend", unit=comparison.money_unit),
        format_number(actual_total, "money", language),
        delta=f"{actual_total - planned_total:,.2f}" if recorded else None,
        delta_color="inverse",
        border=True,
    )
    st.altair_chart(
        charts.actual_vs_plan_chart(comparison.years, comparison.money_unit, language), width="stretch"
    )
    st.dataframe(
        comparison_frame(comparison.years, language),
        hide_index=True,
        column_order=[column_label(key, language) for key in COMPARISON_COLUMNS],
        column_config=comparison_column_config(language),
        placeholder=EMPTY_CELL,
        key="operations_actual_vs_plan",
    )


def _percent(value: float | None) -> str:
    return text("ui.not_applicable") if value is None else f"{value * 100:.2f}%"


def _ratio(value: float | None) -> str:
    return text("ui.not_applicable") if value is None else f"{value:.2f}"


# ---- recorded (actual) costs -------------------------------------------------------------------------------


def _actual_costs(stored: StoredProject, costs: list[services.ActualCost], read_only: str | None) -> None:
    """Record what the SPV really spent (from its accounts); actual vs plan above re-runs with it."""
    st.subheader(text("ui.actuals.title"))
    st.caption(text("ui.actuals.help", unit=stored.project.project.money_unit))
    timeline = stored.project.timeline
    years = list(range(timeline.start_year, timeline.start_year + stored.project.periods))
    form, table = st.columns([2, 3], gap="medium")
    with form:
        year = st.selectbox(text("ui.actuals.year"), options=years, key="actuals_year")
        kind = st.radio(
            text("ui.actuals.kind"),
            options=list(services.COST_KINDS),
            format_func=lambda key: text(f"ui.actuals.kind.{key}"),
            horizontal=True,
            key="actuals_kind",
        )
        amount = st.text_input(
            text("ui.actuals.amount", unit=stored.project.project.money_unit), key="actuals_amount"
        )
        note = st.text_input(text("ui.actuals.note"), key="actuals_note")
        if (
            st.button(
                text("ui.actuals.record"),
                key="actuals_record",
                icon=":material/add:",
                disabled=read_only is not None,
                help=read_only,
            )
            and year is not None
        ):
            _change_costs(
                lambda session: services.record_actual_cost(
                    session=session,
                    principal=context.principal(),
                    project_id=stored.id,
                    year=year,
                    kind=kind,
                    amount=amount,
                    note=note,
                ),
                text("ui.actuals.recorded", year=year, kind=text(f"ui.actuals.kind.{kind}")),
            )
    with table:
        if not costs:
            st.info(text("ui.actuals.none"))
            return
        st.dataframe(
            [
                {
                    text("ui.actuals.year"): cost.year,
                    text("ui.actuals.kind"): text(f"ui.actuals.kind.{cost.kind}"),
                    text("ui.actuals.amount", unit=stored.project.project.money_unit): cost.amount,
                    text("ui.actuals.note"): cost.note,
                    text("ui.actuals.by"): cost.recorded_by,
                }
                for cost in costs
            ],
            hide_index=True,
            column_config={
                text("ui.actuals.year"): st.column_config.NumberColumn(format="%d", width="small"),
                text("ui.actuals.amount", unit=stored.project.project.money_unit): (
                    st.column_config.NumberColumn(format=MONEY_FORMAT)
                ),
            },
            placeholder=EMPTY_CELL,
            key="actuals_table",
        )
        chosen = st.selectbox(
            text("ui.actuals.remove_which"),
            options=[(cost.year, cost.kind) for cost in costs],
            format_func=lambda key: f"{key[0]} · {text(f'ui.actuals.kind.{key[1]}')}",
            key="actuals_remove_choice",
        )
        if (
            st.button(
                text("ui.actuals.remove"),
                key="actuals_remove",
                icon=":material/delete:",
                disabled=read_only is not None,
                help=read_only,
            )
            and chosen
        ):
            _change_costs(
                lambda session: services.remove_actual_cost(
                    session=session,
                    principal=context.principal(),
                    project_id=stored.id,
                    year=chosen[0],
                    kind=chosen[1],
                ),
                text("ui.actuals.removed", year=chosen[0], kind=text(f"ui.actuals.kind.{chosen[1]}")),
            )


def _change_costs(action: Callable[[Session], object], done: str) -> None:
    context.save_and_rerun(
        action,
        done=done,
        refusal=lambda error: problems_markdown(error, context.language(), heading="ui.actuals.refused"),
    )


# ---- the portfolio -----------------------------------------------------------------------------------------


def _at_risk() -> None:
    language = context.language()
    st.subheader(text("ui.operations.at_risk"))
    try:
        with context.unit_of_work(read_only=True) as session:
            risks = services.projects_at_risk(session=session, principal=context.principal())
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error(problems_markdown(error, language))
        return
    if not risks:
        st.success(text("ui.operations.no_risk"))
        return
    for risk in risks:
        st.warning(f"**{risk.name}**\n\n" + "\n".join(f"- {line}" for line in risk_lines(risk, language)))


render()
