"""Portfolio page: every project with its key figures; filter and search; create (from a contract archetype or
a project file), duplicate, archive, open in the editor or the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ppp import services
from ppp.i18n.catalog import MESSAGES
from ppp.model import ProjectError
from ppp.model.templates import list_templates
from ppp.services.types import ProjectSummary, ServiceError
from ppp.ui import context
from ppp.ui.components import choose_project
from ppp.ui.context import text
from ppp.ui.tables import PORTFOLIO_ORDER, portfolio_column_config, portfolio_frame

if TYPE_CHECKING:
    from sqlmodel import Session

ALL_STAGES = "__all__"
STAGES = ("identification", "preparation", "procurement", "execution", "handover")


def render() -> None:
    language = context.language()
    st.title(text("ui.portfolio.title"))
    st.caption(text("ui.portfolio.caption"))
    with st.container():
        context.show_flash()

    search_column, stage_column, archived_column = st.columns([3, 2, 2], vertical_alignment="bottom")
    search = search_column.text_input(text("ui.portfolio.search"), key="portfolio_search")
    stage = stage_column.selectbox(
        text("ui.portfolio.stage_filter"),
        options=[ALL_STAGES, *STAGES],
        format_func={
            ALL_STAGES: text("ui.portfolio.all_stages"),
            **{value: context.option_label("stage", value) for value in STAGES},
        }.__getitem__,
        key="portfolio_stage",
    )
    include_archived = archived_column.toggle(text("ui.portfolio.include_archived"), key="portfolio_archived")

    try:
        with context.unit_of_work(read_only=True) as session:
            summaries = services.list_projects(
                session=session,
                principal=context.principal(),
                search=search,
                stage=None if stage == ALL_STAGES else stage,
                include_archived=include_archived,
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return

    st.caption(text("ui.portfolio.count", count=len(summaries)))
    if summaries:
        st.dataframe(
            portfolio_frame(summaries, language),
            column_config=portfolio_column_config(language),
            column_order=PORTFOLIO_ORDER,
            hide_index=True,
            placeholder="—",
            key="portfolio_table",
        )
        _actions(summaries)
    else:
        st.info(text("ui.portfolio.empty"))

    st.divider()
    st.subheader(text("ui.portfolio.new"))
    if not context.may_write():
        st.caption(text("ui.portfolio.no_new"))
        return
    template_column, import_column = st.columns(2, gap="large")
    with template_column:
        _create_from_template()
    with import_column:
        _import_file()


def _actions(summaries: list[ProjectSummary]) -> None:
    """Pick one project and act on it: only what the acting principal may do with it is offered."""
    st.subheader(text("ui.portfolio.actions"))
    summary = choose_project(summaries, "portfolio_project", required=True)
    if summary is None:
        return
    changeable = context.may_change(summary)
    # a row of content-wide buttons (wrapping when narrow): fixed columns cut long labels short
    with st.container(horizontal=True):
        # a project one may only read is looked at on the dashboard; the editor is for changing it
        if (
            changeable
            and context.has_page(context.EDITOR_PAGE)
            and st.button(
                text("ui.portfolio.open_editor"), key="portfolio_open_editor", icon=":material/edit:"
            )
        ):
            context.open_project(summary.id, context.EDITOR_PAGE)
        if st.button(
            text("ui.portfolio.open_dashboard"),
            key="portfolio_open_dashboard",
            type="primary",
            icon=":material/monitoring:",
        ):
            context.open_project(summary.id, context.DASHBOARD_PAGE)
        if context.may_write() and st.button(
            text("ui.portfolio.duplicate"), key="portfolio_duplicate", icon=":material/content_copy:"
        ):
            context.save_and_rerun(lambda session: _duplicate(session, summary))
        archive_label = "ui.portfolio.unarchive" if summary.archived else "ui.portfolio.archive"
        if changeable and st.button(text(archive_label), key="portfolio_archive", icon=":material/archive:"):
            context.save_and_rerun(lambda session: _archive(session, summary))
    if not changeable:
        st.caption(text("ui.portfolio.read_only", name=summary.name, owner=summary.organisation))


def _duplicate(session: Session, summary: ProjectSummary) -> None:
    stored = services.duplicate_project(session=session, principal=context.principal(), project_id=summary.id)
    context.set_current_project(stored.id)
    context.flash("success", text("ui.portfolio.duplicated", name=stored.project.project.name))


def _archive(session: Session, summary: ProjectSummary) -> None:
    services.archive_project(
        session=session,
        principal=context.principal(),
        project_id=summary.id,
        base_revision=summary.revision,
        archived=not summary.archived,
    )
    key = "ui.portfolio.unarchived" if summary.archived else "ui.portfolio.archived"
    context.flash("success", text(key, name=summary.name))


def _create_from_template() -> None:
    templates = [template for template in list_templates() if template.kind == "archetype"]
    st.markdown(f"**{text('ui.portfolio.from_template')}**")
    if not templates:
        return
    names = {template.id: _template_text("ui.template", template.id, template.name) for template in templates}
    template_id = st.selectbox(
        text("ui.portfolio.template"),
        options=list(names),
        format_func=names.__getitem__,
        key="portfolio_template",
    )
    chosen = next((template for template in templates if template.id == template_id), templates[0])
    st.caption(_template_text("ui.template_description", chosen.id, chosen.description))
    name = st.text_input(text("ui.portfolio.new_name"), key="portfolio_new_name", max_chars=200)
    if not st.button(text("ui.portfolio.create"), key="portfolio_create", icon=":material/add:"):
        return
    if not name.strip():
        st.warning(text("ui.portfolio.name_required"))
        return
    try:
        with st.spinner(text("ui.portfolio.creating")), context.unit_of_work() as session:
            stored = services.create_from_template(
                session=session, principal=context.principal(), template_id=chosen.id, name=name.strip()
            )
    except ProjectError as error:
        _problems(error, "ui.portfolio.create_failed")
        return
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    context.set_current_project(stored.id)
    context.flash("success", text("ui.portfolio.created", name=stored.project.project.name))
    st.rerun()


def _template_text(prefix: str, template_id: str, fallback: str) -> str:
    key = f"{prefix}.{template_id}"
    return text(key) if key in MESSAGES else fallback


def _import_file() -> None:
    st.markdown(f"**{text('ui.portfolio.import')}**")
    uploaded = st.file_uploader(text("ui.portfolio.upload"), type=["toml", "json"], key="portfolio_upload")
    if not st.button(
        text("ui.portfolio.import_button"), key="portfolio_import", icon=":material/upload_file:"
    ):
        return
    if uploaded is None:
        st.warning(text("ui.portfolio.no_file"))
        return
    raw = uploaded.getvalue()
    try:
        file_text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        st.error(text("ui.error.not_utf8", path=uploaded.name, position=error.start))
        return
    try:
        with st.status(text("ui.portfolio.importing")) as status, context.unit_of_work() as session:
            stored = services.import_project_file(
                session=session, principal=context.principal(), text=file_text
            )
            status.update(state="complete")
    except ProjectError as error:
        _problems(error, "ui.portfolio.import_failed")
        return
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    context.set_current_project(stored.id)
    context.flash("success", text("ui.portfolio.imported", name=stored.project.project.name))
    st.rerun()


def _problems(error: ProjectError, headline: str) -> None:
    language = context.language()
    st.error(
        text(headline, count=len(error.problems))
        + "\n\n"
        + "\n".join(f"- {line}" for line in error.messages(language))
    )


render()
