"""Lifecycle: a project's stage and the documents each stage records, its milestones (planned and actual,
on a timeline), the stage change control and the history of stage changes; the portfolio's slippage against
plan. Every figure comes from ``ppp.services.lifecycle``."""

from __future__ import annotations

import datetime
import hashlib
from typing import Final

import streamlit as st

from ppp import services
from ppp.operations.lifecycle import STAGE_DOCUMENTS, STAGES
from ppp.services.types import ProjectSummary, ServiceError
from ppp.ui import charts, context
from ppp.ui.components import chart, project_picker
from ppp.ui.context import text
from ppp.ui.lifecycle_view import (
    blocking_lines,
    document_label,
    document_status,
    milestone_frame,
    refusal_markdown,
    slippage_frame,
    stage_label,
    transitions_frame,
)
from ppp.ui.rights import read_only_reason

#: the dates the page's date inputs accept (streamlit's default is ten years either side of the value)
_EARLIEST: Final = datetime.date(1990, 1, 1)
_LATEST: Final = datetime.date(2100, 12, 31)

#: the milestone form's widgets, and what they were last filled from (see _fill)
_MILESTONE_REACHED: Final = "lifecycle_milestone_reached"
_MILESTONE_ACTUAL: Final = "lifecycle_milestone_actual"
_MILESTONE_FILLED: Final = "lifecycle_milestone_filled"
_TARGET: Final = "lifecycle_target"
_REASON: Final = "lifecycle_reason"
_CHANGE_FILLED: Final = "lifecycle_change_filled"


def render() -> None:
    st.title(text("ui.lifecycle.title"))
    with st.container():
        context.show_flash()
    summary = project_picker("lifecycle_project")
    if summary is not None:
        _project(summary)
    _slippage()


def _fill(marker: str, stored: object, values: dict[str, object]) -> None:
    """Fill a form's widgets with the stored record it edits: when it is first shown, when another record is
    chosen, or when the record changed (saved here or elsewhere); otherwise leave what the user typed.

    Without this a keyed widget keeps its first value (or its default, today) whatever is stored, and saving
    the form unchanged would overwrite the record with it.
    """
    if st.session_state.get(marker) != stored or any(key not in st.session_state for key in values):
        for key, value in values.items():
            st.session_state[key] = value
        st.session_state[marker] = stored


def _project(summary: ProjectSummary) -> None:
    language = context.language()
    project_id = summary.id
    try:
        with context.unit_of_work(read_only=True) as session:
            view = services.lifecycle(session=session, principal=context.principal(), project_id=project_id)
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    current, following = st.columns(2)
    current.metric(text("ui.lifecycle.stage"), stage_label(view.stage, language), border=True)
    following.metric(
        text("ui.lifecycle.next"),
        text("ui.lifecycle.none") if view.next_stage is None else stage_label(view.next_stage, language),
        border=True,
    )
    if view.next_stage is not None:
        if view.blocking:
            lines = blocking_lines(view.blocking, language)
            st.warning(text("ui.lifecycle.blocked") + "\n\n" + "\n".join(f"- {line}" for line in lines))
        else:
            st.success(text("ui.lifecycle.ready"))
    # None: the principal may change the lifecycle; else why not (the forms are then shown disabled)
    read_only = read_only_reason(context.principal(), summary, language)
    if read_only is not None:
        st.info(read_only, icon=":material/visibility:")
    _documents(view, read_only)
    _milestones(view, read_only)
    _change(view, read_only)
    _transitions(view)


# ---- documents ---------------------------------------------------------------------------------------------


def _documents(view: services.LifecycleView, read_only: str | None) -> None:
    language = context.language()
    st.subheader(text("ui.lifecycle.documents"))
    st.caption(text("ui.lifecycle.documents_help"))
    documents = {document.kind: document for document in view.documents}
    position = STAGES.index(view.stage) if view.stage in STAGES else 0
    for index, stage in enumerate(STAGES):
        label = text("ui.lifecycle.stage_documents", stage=stage_label(stage, language))
        with st.expander(label, expanded=index == position):
            for kind in STAGE_DOCUMENTS[stage]:
                document = documents[kind]
                icon = "✅" if document.done else "⬜"
                name, when, reference, action = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
                name.markdown(
                    f"{icon} **{document_label(kind, language)}**  \n{document_status(document, language)}"
                    + (f" · {document.reference}" if document.reference else "")
                )
                date_key, reference_key = f"lifecycle_doc_date_{kind}", f"lifecycle_doc_ref_{kind}"
                # today is only the default of a document not done yet
                _fill(
                    f"lifecycle_doc_filled_{kind}",
                    (view.project_id, document.done_on, document.reference),
                    {date_key: document.done_on or datetime.date.today(), reference_key: document.reference},
                )
                done_on = when.date_input(
                    text("ui.lifecycle.done_on"),
                    min_value=_EARLIEST,
                    max_value=_LATEST,
                    key=date_key,
                    disabled=read_only is not None,
                )
                reference_text = reference.text_input(
                    text("ui.lifecycle.reference"), key=reference_key, disabled=read_only is not None
                )
                if action.button(
                    text("ui.lifecycle.mark_done"),
                    key=f"lifecycle_doc_done_{kind}",
                    disabled=read_only is not None,
                    help=read_only,
                ):
                    _record_document(view.project_id, kind, done_on, reference_text)
                if document.done and action.button(
                    text("ui.lifecycle.mark_pending"),
                    key=f"lifecycle_doc_pending_{kind}",
                    disabled=read_only is not None,
                    help=read_only,
                ):
                    _record_document(view.project_id, kind, None, reference_text)


def _record_document(project_id: int, kind: str, done_on: datetime.date | None, reference: str) -> None:
    context.save_and_rerun(
        lambda session: services.record_document(
            session=session,
            principal=context.principal(),
            project_id=project_id,
            kind=kind,
            done_on=done_on,
            reference=reference,
        ),
        done=text("ui.lifecycle.document_recorded", document=document_label(kind, context.language())),
    )


# ---- milestones --------------------------------------------------------------------------------------------


def _milestones(view: services.LifecycleView, read_only: str | None) -> None:
    language = context.language()
    st.subheader(text("ui.lifecycle.milestones"))
    if not view.milestones:
        st.info(text("ui.lifecycle.no_milestones"))
    else:
        st.dataframe(milestone_frame(view.milestones, language), hide_index=True, key="lifecycle_milestones")
        today = datetime.date.today()
        # the spec is cached by what the chart shows (the milestones and today), not rebuilt on every run
        shown = hashlib.sha256(repr((view.milestones, today)).encode("utf-8")).hexdigest()
        chart(
            "lifecycle.milestones",
            shown,
            language,
            "timeline",
            lambda: charts.milestone_timeline_chart(view.milestones, today, language),
        )
    record_column, add_column = st.columns(2, gap="medium")
    with record_column:
        by_id = {milestone.id: milestone for milestone in view.milestones}
        chosen = st.selectbox(
            text("ui.lifecycle.milestone"),
            options=list(by_id),
            format_func=lambda key: f"{by_id[key].name} ({by_id[key].planned.isoformat()})",
            key="lifecycle_milestone",
        )
        milestone = by_id.get(chosen) if chosen is not None else None
        if milestone is not None:
            # the stored state of the chosen milestone; today is only the default of one not reached yet
            _fill(
                _MILESTONE_FILLED,
                (view.project_id, milestone.id, milestone.actual),
                {
                    _MILESTONE_REACHED: milestone.actual is not None,
                    _MILESTONE_ACTUAL: milestone.actual or datetime.date.today(),
                },
            )
        reached = st.checkbox(
            text("ui.lifecycle.reached"),
            key=_MILESTONE_REACHED,
            help=text("ui.lifecycle.reached_help"),
            disabled=read_only is not None or milestone is None,
        )
        actual = st.date_input(
            text("ui.lifecycle.actual"),
            min_value=_EARLIEST,
            max_value=_LATEST,
            key=_MILESTONE_ACTUAL,
            # a date means nothing for a milestone not reached: it is not saved, so it cannot be typed
            disabled=read_only is not None or not reached,
        )
        if (
            st.button(
                text("ui.lifecycle.record_milestone"),
                key="lifecycle_milestone_save",
                disabled=read_only is not None or milestone is None,
                help=read_only,
            )
            and milestone is not None
        ):
            _write_milestone(view.project_id, milestone.id, actual if reached else None)
    with add_column:
        name = st.text_input(
            text("ui.lifecycle.milestone_name"), key="lifecycle_new_name", disabled=read_only is not None
        )
        stage = st.selectbox(
            text("ui.lifecycle.milestone_stage"),
            options=list(STAGES),
            index=STAGES.index(view.stage) if view.stage in STAGES else 0,
            format_func=lambda value: stage_label(value, language),
            key="lifecycle_new_stage",
            disabled=read_only is not None,
        )
        planned = st.date_input(
            text("ui.lifecycle.planned"),
            value=datetime.date.today(),
            min_value=_EARLIEST,
            max_value=_LATEST,
            key="lifecycle_new_planned",
            disabled=read_only is not None,
        )
        if st.button(
            text("ui.lifecycle.add_button"),
            key="lifecycle_new_add",
            icon=":material/add:",
            disabled=read_only is not None,
            help=read_only,
        ):
            _add_milestone(view.project_id, name, stage, planned)


def _write_milestone(project_id: int, milestone_id: int, actual: datetime.date | None) -> None:
    context.save_and_rerun(
        lambda session: services.record_milestone(
            session=session,
            principal=context.principal(),
            project_id=project_id,
            milestone_id=milestone_id,
            actual=actual,
        ),
        done=text("ui.lifecycle.milestone_recorded"),
    )


def _add_milestone(project_id: int, name: str, stage: str, planned: datetime.date) -> None:
    context.save_and_rerun(
        lambda session: services.add_milestone(
            session=session,
            principal=context.principal(),
            project_id=project_id,
            name=name,
            stage=stage,
            planned=planned,
        ),
        done=text("ui.lifecycle.milestone_recorded"),
    )


# ---- stage changes -----------------------------------------------------------------------------------------


def _change(view: services.LifecycleView, read_only: str | None) -> None:
    language = context.language()
    st.subheader(text("ui.lifecycle.change"))
    options = [stage for stage in STAGES if stage != view.stage]
    # once the stage changed (or another project is shown) the form starts again from the next stage, and
    # the reason given for the last change is not offered for the next one
    _fill(
        _CHANGE_FILLED,
        (view.project_id, view.stage),
        {_TARGET: view.next_stage if view.next_stage in options else options[0], _REASON: ""},
    )
    target = st.selectbox(
        text("ui.lifecycle.target"),
        options=options,
        format_func=lambda value: stage_label(value, language),
        key=_TARGET,
        disabled=read_only is not None,
    )
    reason = st.text_input(text("ui.lifecycle.reason"), key=_REASON, disabled=read_only is not None)
    if (
        st.button(
            text("ui.lifecycle.change_button"),
            key="lifecycle_change",
            icon=":material/swap_horiz:",
            disabled=read_only is not None,
            help=read_only,
        )
        and target is not None
    ):
        context.save_and_rerun(
            lambda session: services.change_stage(
                session=session,
                principal=context.principal(),
                project_id=view.project_id,
                base_revision=view.revision,
                target_stage=target,
                reason=reason or None,
            ),
            done=lambda stored: text(
                "ui.lifecycle.changed", stage=stage_label(target, language), revision=stored.revision
            ),
            refusal=lambda error: refusal_markdown(error, language),
        )


def _transitions(view: services.LifecycleView) -> None:
    st.subheader(text("ui.lifecycle.transitions"))
    if not view.transitions:
        st.info(text("ui.lifecycle.no_transitions"))
        return
    st.dataframe(
        transitions_frame(view.transitions, context.language()), hide_index=True, key="lifecycle_transitions"
    )


# ---- the portfolio -----------------------------------------------------------------------------------------


def _slippage() -> None:
    st.subheader(text("ui.lifecycle.slippage"))
    try:
        with context.unit_of_work(read_only=True) as session:
            rows = services.portfolio_slippage(session=session, principal=context.principal())
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    st.dataframe(slippage_frame(rows, context.language()), hide_index=True, key="lifecycle_slippage")


render()
