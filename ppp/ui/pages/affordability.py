"""Fiscal affordability (财政承受能力) of a city's portfolio: the committed projects' expenditure stacked by
project and type, the ratio to the budget forecast against the 5%, 7% and 10% lines, the first year each
line is crossed, and what-if curves with candidates added (stored projects not yet committed, or an uploaded
project file such as a bid). Every figure comes from ``ppp.services.government.city_affordability``."""

from __future__ import annotations

import streamlit as st

from ppp.engine import Evaluation
from ppp.model import ProjectError
from ppp.services import evaluate_project
from ppp.services.government import (
    GIVEN_BUDGET,
    CityAffordability,
    candidate_projects,
    cities,
    city_affordability,
)
from ppp.services.types import ProjectSummary, ServiceError
from ppp.ui import context
from ppp.ui.context import text
from ppp.ui.government_charts import affordability_chart
from ppp.ui.government_view import (
    PERCENT_FORMAT,
    candidate_from_file,
    chart_tags,
    crossing_lines,
    percent_points,
    shown_options,
    state_message,
    summary_frame,
    tag_key,
)

CITY_KEY = "affordability_city"
CANDIDATES_KEY = "affordability_candidates"
UPLOAD_KEY = "affordability_upload"
SHOWN_KEY = "affordability_shown"


def render() -> None:
    st.title(text("ui.affordability.title"))
    try:
        with context.unit_of_work(read_only=True) as session:
            names = cities(session=session, principal=context.principal())
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    if not names:
        st.info(text("ui.affordability.no_cities"))
        return
    if st.session_state.get(CITY_KEY) not in names:
        st.session_state[CITY_KEY] = _first_with_budget(names)
    city = st.selectbox(text("ui.affordability.city"), options=names, key=CITY_KEY)
    if city is None:
        return
    candidates = _candidates(city)
    try:
        with context.unit_of_work(read_only=True) as session:
            result = city_affordability(
                session=session, principal=context.principal(), city=city, candidates=candidates
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error("\n".join(error.messages(context.language())))
        return
    _show(result)


def _first_with_budget(names: list[str]) -> str:
    """The city the page opens on: the first (by name) whose affordability can be shown, i.e. one of whose
    projects states a budget forecast; the first city when none does (the page then says why)."""
    with context.unit_of_work(read_only=True) as session:
        for name in names:
            try:
                city_affordability(session=session, principal=context.principal(), city=name)
            except (ServiceError, ProjectError):
                continue
            return name
    return names[0]


def _candidates(city: str) -> list[tuple[str, Evaluation]]:
    """The candidates the reader picked: stored projects of the city not yet committed, and an upload."""
    st.subheader(text("ui.affordability.candidates"))
    language = context.language()
    try:
        with context.unit_of_work(read_only=True) as session:
            principal = context.principal()
            stored = candidate_projects(session=session, principal=principal, city=city)
            by_id: dict[int, ProjectSummary] = {summary.id: summary for summary in stored}
            picked = st.multiselect(
                text("ui.affordability.stored_candidates"),
                options=list(by_id),
                format_func=lambda project_id: by_id[project_id].name,
                key=f"{CANDIDATES_KEY}:{city}",
            )
            chosen = [
                (
                    by_id[project_id].name,
                    evaluate_project(session=session, principal=principal, project_id=project_id),
                )
                for project_id in picked
            ]
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return []
    except ProjectError as error:
        st.error("\n".join(error.messages(language)))
        return []
    uploaded = st.file_uploader(text("ui.affordability.upload"), type=["toml", "json"], key=UPLOAD_KEY)
    if uploaded is not None:
        try:
            chosen.append(candidate_from_file(uploaded.getvalue(), uploaded.name))
        except ProjectError as error:
            lines = error.messages(language)
            st.error(
                text("ui.affordability.upload_refused", count=len(lines))
                + "\n\n"
                + "\n".join(f"- {line}" for line in lines)
            )
    return chosen


def _show(result: CityAffordability) -> None:
    language = context.language()
    unit = result.money_unit
    budget = result.budget
    source = (
        text("ui.affordability.source_given")
        if result.budget_source == GIVEN_BUDGET
        else result.budget_source
    )
    st.caption(
        text(
            "ui.affordability.caption",
            count=len(result.committed),
            source=source,
            budget=f"{budget.general_budget:,.2f}",
            unit=unit,
            year=budget.base_year,
            growth=f"{budget.growth * 100:.2f}%",
        )
    )
    message = state_message(len(result.committed), len(result.with_candidates))
    if message is not None:
        st.info(text(message))
    options = shown_options(result.base, result.with_candidates)
    if st.session_state.get(SHOWN_KEY) not in options:
        # a choice from before the candidates changed: start again from the first that has bars
        st.session_state.pop(SHOWN_KEY, None)
    shown_name = (
        st.radio(
            text("ui.affordability.show"),
            options=options,
            format_func=lambda name: (
                text("ui.affordability.with", name=name) if name else text("ui.affordability.base_curve")
            ),
            horizontal=True,
            key=SHOWN_KEY,
        )
        if len(options) > 1
        else (options[0] if options else "")
    )
    shown = result.with_candidates.get(shown_name or "", result.base)
    if shown.years:
        figure = affordability_chart(result.base, result.with_candidates, unit, language, shown)
        st.vega_lite_chart(spec=figure.to_dict(), width="stretch")
        st.caption(tag_key(chart_tags(result.base, result.with_candidates), language))
    if shown.projects:
        methods = "; ".join(
            f"{project.name}: {text(f'affordability.risk_method.{project.risk_method}')}"
            for project in shown.projects
        )
        st.caption(text("ui.affordability.risk_methods", methods=methods))
    st.subheader(text("ui.affordability.crossings"))
    if result.base.years:  # with nothing committed, "never crossed" would say nothing true
        _crossings(crossing_lines(result.base, unit, language))
    for name, portfolio in result.with_candidates.items():
        st.markdown(f"**{text('ui.affordability.candidate_crossings', name=name)}**")
        _crossings(crossing_lines(portfolio, unit, language))
    with st.expander(text("ui.affordability.table")):
        frame = percent_points(summary_frame(shown), ["ratio"])
        money = "%,.2f"
        config = {
            name: st.column_config.NumberColumn(
                text("ui.affordability.column.project", name=name, unit=unit), format=money
            )
            for name in frame.columns
            if name not in ("year", "budget", "total", "ratio")
        }
        config |= {
            "year": st.column_config.NumberColumn(text("ui.affordability.column.year"), format="%d"),
            "budget": st.column_config.NumberColumn(
                text("ui.affordability.column.budget", unit=unit), format=money
            ),
            "total": st.column_config.NumberColumn(
                text("ui.affordability.column.total", unit=unit), format=money
            ),
            "ratio": st.column_config.NumberColumn(
                text("ui.affordability.column.ratio"), format=PERCENT_FORMAT
            ),
        }
        st.dataframe(frame, hide_index=True, column_config=config)


def _crossings(lines: list[str]) -> None:
    st.markdown("\n".join(f"- {line}" for line in lines))


render()
