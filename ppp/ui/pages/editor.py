"""Project editor: every input of the project file, grouped as the methodology groups them.

The stored project is the canonical data. Widgets start from it (never from their own output); Save applies
what the widgets changed onto it (:func:`ppp.ui.project_form.collect_changes`), validates the result with
:func:`ppp.model.validate_data` and saves it with the revision the edits were based on. Problems are shown
beside their section and nothing is saved; a save refused because someone saved in between says who.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd
import streamlit as st

from ppp import services
from ppp.exports.template import schedules_template
from ppp.i18n import Language, translate
from ppp.model import Problem, ProjectError, validate_data
from ppp.services.types import ServiceError, StoredProject
from ppp.ui import context
from ppp.ui.components import project_picker
from ppp.ui.context import text
from ppp.ui.project_form import (
    SECTIONS,
    EditBase,
    FieldSpec,
    Invalid,
    PeriodTableSpec,
    SectionSpec,
    TableSpec,
    cell_value,
    collect_changes,
    column_options,
    field_options,
    initial_value,
    period_rows,
    section_of_path,
    table_of_path,
    table_rows,
)

BASE_KEY: Final = "ppp_editor_base"
OUTCOME_KEY: Final = "ppp_editor_outcome"
NUMBER_FORMATS: Final = {"money": "%.2f", "rate": "%.4f", "share": "%.4f", "float": "%.4f", "int": "%d"}
STEPS: Final = {"money": 1.0, "rate": 0.001, "share": 0.01, "float": 0.01}
TEMPLATE_KEY: Final = "ppp_editor_xlsx_template"
XLSX_MIME: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render() -> None:
    st.title(text("ui.editor.title"))
    with st.container():
        context.show_flash()
    summary = project_picker("editor_project")
    if summary is None:
        return
    try:
        with context.unit_of_work(read_only=True) as session:
            latest = services.get_project(
                session=session, principal=context.principal(), project_id=summary.id
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    base = _base(latest)
    # one who may read but not change the project (a vendor on a government's tender) sees it read-only
    # rather than being refused at Save
    read_only = not context.may_change(summary)
    keys = base.keys
    pending, changed = collect_changes(base.data, st.session_state, keys)
    invalid = st.session_state.get(OUTCOME_KEY)
    problems: list[Problem] = (
        invalid.problems if isinstance(invalid, Invalid) and invalid.prefix == keys.prefix else []
    )
    problem_data = invalid.data if isinstance(invalid, Invalid) and problems else pending

    # Everything above the tabs that comes and goes lives in this one container, so the tabs keep their place
    # in the page: an element appearing before them would make the browser draw a new tab bar (back to the
    # first tab) after every edit.
    with st.container():
        st.caption(
            text(
                "ui.editor.revision",
                revision=base.revision,
                user=base.updated_by or text("ui.editor.someone"),
                time=context.format_time(base.updated_at),
            )
            + " "
            + text("ui.editor.conventions", unit=base.money_unit)
        )
        if latest.revision != base.revision:
            st.warning(
                text(
                    "ui.editor.newer",
                    user=latest.updated_by or text("ui.editor.someone"),
                    revision=latest.revision,
                    time=context.format_time(latest.updated_at),
                    base=base.revision,
                )
            )
            if st.button(text("ui.editor.reload"), key="editor_reload", icon=":material/refresh:"):
                _rebase(EditBase.of(latest, generation=base.generation + 1))
                st.rerun()
        if read_only:
            st.info(text("ui.editor.read_only", owner=summary.organisation), icon=":material/lock:")
        _toolbar(base, changed, "top", read_only)
        if problems:
            order = {section.id: position for position, section in enumerate(SECTIONS)}
            ids = sorted({section_of_path(problem.path) for problem in problems}, key=order.__getitem__)
            names = ", ".join(text(f"ui.section.{section}") for section in ids)
            st.error(text("ui.editor.invalid", count=len(problems), sections=names))

    tabs = st.tabs([text(section.label_key) for section in SECTIONS])  # labels never change while editing
    for section, tab in zip(SECTIONS, tabs, strict=True):
        with tab:
            _section(section, base, pending, problems, problem_data, section.id in changed, read_only)
    st.divider()
    _toolbar(base, changed, "bottom", read_only)
    _schedules_exchange(base, changed, read_only)


# --------------------------------------------------------------------------------------------------------
# The base revision, saving, discarding
# --------------------------------------------------------------------------------------------------------


def _base(latest: StoredProject) -> EditBase:
    """The revision the open edits are based on; a newer stored one replaces it when nothing is pending."""
    base = st.session_state.get(BASE_KEY)
    if not isinstance(base, EditBase) or base.project_id != latest.id:
        base = EditBase.of(latest)
        _rebase(base)
    elif base.revision != latest.revision:
        _, changed = collect_changes(base.data, st.session_state, base.keys)
        if not changed:
            base = EditBase.of(latest, generation=base.generation)
            _rebase(base)
    return base


def _rebase(base: EditBase) -> None:
    st.session_state[BASE_KEY] = base
    st.session_state.pop(OUTCOME_KEY, None)


def _toolbar(base: EditBase, changed: Sequence[str], where: str, read_only: bool) -> None:
    if changed and where == "top":
        names = ", ".join(text(f"ui.section.{section}") for section in changed)
        st.info(text("ui.editor.pending", sections=names), icon=":material/edit_note:")
    # content-wide buttons in a wrapping row: fixed columns cut their labels short at laptop widths
    with st.container(horizontal=True):
        if st.button(
            text("ui.editor.save"),
            key=f"editor_save_{where}",
            type="primary",
            icon=":material/save:",
            disabled=read_only,
            help=text("ui.editor.read_only_save") if read_only else None,
        ):
            _save(base)
        if st.button(
            text("ui.editor.discard"),
            key=f"editor_discard_{where}",
            disabled=read_only or not changed,
            icon=":material/undo:",
        ):
            _rebase(base.next_generation())
            st.rerun()
        if context.has_page(context.DASHBOARD_PAGE) and st.button(
            text("ui.editor.open_dashboard"), key=f"editor_dashboard_{where}", icon=":material/monitoring:"
        ):
            context.open_project(base.project_id, context.DASHBOARD_PAGE)


def _save(base: EditBase) -> None:
    """Apply the edits onto the stored data, validate, save with the base revision; or say why not."""
    data, changed = collect_changes(base.data, st.session_state, base.keys)
    if not changed:
        st.info(text("ui.editor.no_changes"))
        return
    refusal: str | None = None
    stored: StoredProject | None = None
    with st.status(text("ui.editor.saving"), expanded=False) as status:
        try:
            loaded = validate_data(data)
            with context.unit_of_work() as session:
                stored = services.save_project(
                    session=session,
                    principal=context.principal(),
                    project_id=base.project_id,
                    base_revision=base.revision,
                    project=loaded.project,
                )
        except ProjectError as error:
            status.update(state="error")
            st.session_state[OUTCOME_KEY] = Invalid(base.keys.prefix, list(error.problems), data)
        except ServiceError as error:
            status.update(state="error")
            st.session_state.pop(OUTCOME_KEY, None)
            refusal = context.service_error_message(error)
        else:
            status.update(state="complete")
    if refusal is not None:
        st.error(refusal)
        return
    if stored is None:
        st.rerun()  # the problems are shown beside their sections on the next run
    _rebase(EditBase.of(stored))
    context.flash("success", text("ui.editor.saved", revision=stored.revision))
    st.rerun()


# --------------------------------------------------------------------------------------------------------
# Schedules through the xlsx template: download, fill in, upload
# --------------------------------------------------------------------------------------------------------


def _template_bytes(base: EditBase, language: Language) -> bytes | None:
    """The template of the base revision, made once per (project, revision, language) in this session."""
    key = (base.project_id, base.revision, language)
    cached = st.session_state.get(TEMPLATE_KEY)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key:
        return cached[1] if isinstance(cached[1], bytes) else None
    try:
        made = schedules_template(validate_data(base.data).project, language=language)
    except ProjectError:
        return None
    st.session_state[TEMPLATE_KEY] = (key, made)
    return made


def _schedules_exchange(base: EditBase, changed: Sequence[str], read_only: bool) -> None:
    language = context.language()
    with st.expander(text("ui.editor.xlsx.title"), icon=":material/table_view:"):
        st.caption(text("ui.editor.xlsx.help"))
        template = _template_bytes(base, language)
        if template is None:
            st.warning(text("ui.editor.xlsx.template_unavailable"))
        else:
            st.download_button(
                text("ui.editor.xlsx.download"),
                data=template,
                file_name=f"project-{base.project_id}-r{base.revision}-schedules.xlsx",
                mime=XLSX_MIME,
                key="editor_xlsx_download",
                on_click="ignore",
                icon=":material/download:",
            )
        if read_only:
            return
        uploaded = st.file_uploader(
            text("ui.editor.xlsx.upload"), type=["xlsx"], key=f"editor_xlsx_upload_{base.keys.prefix}"
        )
        if changed:
            st.caption(text("ui.editor.xlsx.pending"))
        if not st.button(
            text("ui.editor.xlsx.import"),
            key="editor_xlsx_import",
            disabled=bool(changed),
            icon=":material/upload_file:",
        ):
            return
        if uploaded is None:
            st.warning(text("ui.editor.xlsx.no_file"))
            return
        _import_schedules(base, uploaded.getvalue())


def _import_schedules(base: EditBase, data: bytes) -> None:
    """Replace the schedules by the upload's and save the next revision; or list why not (nothing saved)."""
    try:
        with context.unit_of_work() as session:
            stored = services.import_schedules(
                session=session,
                principal=context.principal(),
                project_id=base.project_id,
                base_revision=base.revision,
                data=data,
            )
    except ProjectError as error:
        lines = "\n".join(f"- {message}" for message in error.messages(context.language()))
        st.error(text("ui.editor.xlsx.refused") + "\n\n" + lines)
        return
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    if stored.revision == base.revision:
        st.info(text("ui.editor.no_changes"))  # the template held the stored schedules: no new revision
        return
    _rebase(EditBase.of(stored))
    context.flash("success", text("ui.editor.xlsx.imported", revision=stored.revision))
    st.rerun()


# --------------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------------


def _included(data: dict[str, Any], table: str) -> bool:
    return isinstance(data.get(table), dict)


def _visible_fields(section: SectionSpec, pending: dict[str, Any]) -> list[FieldSpec]:
    return [
        spec
        for spec in section.fields
        if spec.table not in section.optional_tables or _included(pending, spec.table)
    ]


def _visible_tables(section: SectionSpec, pending: dict[str, Any]) -> list[TableSpec | PeriodTableSpec]:
    visible: list[TableSpec | PeriodTableSpec] = []
    for spec in section.tables:
        owner = spec.path[0] if isinstance(spec, TableSpec) else spec.table
        if owner not in section.optional_tables or _included(pending, owner):
            visible.append(spec)
    return visible


def _section(
    section: SectionSpec,
    base: EditBase,
    pending: dict[str, Any],
    problems: list[Problem],
    problem_data: dict[str, Any],
    touched: bool,
    read_only: bool,
) -> None:
    language = context.language()
    keys = base.keys
    mine = [problem for problem in problems if section_of_path(problem.path) == section.id]
    fields = _visible_fields(section, pending)
    tables = _visible_tables(section, pending)
    field_paths = {spec.path for spec in fields}
    table_ids = {spec.id for spec in tables}

    def placed(problem: Problem) -> bool:
        if problem.path in field_paths:
            return True
        found = table_of_path(problem_data, problem.path)
        return found is not None and found[0].id in table_ids

    loose = [problem for problem in mine if not placed(problem)]
    with st.container():  # what comes and goes stays in here, so the widgets below keep their places
        if touched:
            st.caption(text("ui.editor.section_pending"))
        if loose:
            lines = "\n".join(f"- {problem.message(language)}" for problem in loose)
            st.error(text("ui.editor.problems") + "\n\n" + lines)
    for table in section.optional_tables:
        st.toggle(
            text(f"ui.editor.include.{table}"),
            value=_included(base.data, table),
            key=keys.include(table),
            disabled=read_only,
        )
    if fields:
        columns = st.columns(3)
        for position, spec in enumerate(fields):
            with columns[position % 3]:
                _field(spec, base, read_only)
                for problem in mine:
                    if problem.path == spec.path:
                        st.error(problem.message(language))
    for table_spec in tables:
        st.markdown(f"**{text(table_spec.label_key)}**")
        if isinstance(table_spec, TableSpec):
            _table(table_spec, base, pending, read_only)
        else:
            _period_table(table_spec, base, pending, read_only)
        for problem in mine:
            found = table_of_path(problem_data, problem.path)
            if found is None or found[0].id != table_spec.id:
                continue
            row = found[1]
            prefix = text("ui.editor.row", row=row) + " · " if row is not None else ""
            st.error(prefix + problem.message(language))


def _field(spec: FieldSpec, base: EditBase, read_only: bool) -> None:
    label = translate(spec.label_key, context.language(), unit=base.money_unit)
    key = base.keys.field(spec)
    value = initial_value(base.data, spec)
    if spec.kind == "text":
        st.text_input(label, value="" if value is None else str(value), key=key, disabled=read_only)
    elif spec.kind == "choice":
        options = list(field_options(spec))
        st.selectbox(
            label,
            options=options,
            index=options.index(value) if value in options else None,
            format_func={option: context.option_label(spec.name, option) for option in options}.__getitem__,
            placeholder=text("ui.editor.choose"),
            key=key,
            disabled=read_only,
        )
    elif spec.kind == "int":
        st.number_input(
            label,
            value=value if isinstance(value, int) else None,
            step=1,
            format="%d",
            key=key,
            disabled=read_only,
        )
    elif spec.kind == "date":
        st.date_input(
            label, value=value if isinstance(value, datetime.date) else None, key=key, disabled=read_only
        )
    else:
        st.number_input(
            label,
            value=float(value) if isinstance(value, int | float) else None,
            step=STEPS.get(spec.kind, 0.01),
            format=NUMBER_FORMATS.get(spec.kind, "%.4f"),
            key=key,
            disabled=read_only,
        )


def _column_config(spec: TableSpec, unit: str) -> dict[str, Any]:
    language = context.language()
    config: dict[str, Any] = {}
    for column in spec.columns:
        label = translate(spec.column_label_key(column.name), language, unit=unit)
        if column.kind in {"text", "numbers", "integers"}:
            help_text = text("ui.editor.conventions", unit=unit) if column.kind != "text" else None
            config[column.name] = st.column_config.TextColumn(label, help=help_text)
        elif column.kind == "choice":
            config[column.name] = st.column_config.SelectboxColumn(
                label, options=list(column_options(spec, column.name))
            )
        elif column.kind == "int":
            config[column.name] = st.column_config.NumberColumn(label, format="%d", step=1)
        else:
            config[column.name] = st.column_config.NumberColumn(label, format=NUMBER_FORMATS.get(column.kind))
    return config


def _table(spec: TableSpec, base: EditBase, pending: dict[str, Any], read_only: bool) -> None:
    """An array of tables in a data editor whose input is the stored rows (never the editor's own output)."""
    rows = [
        {column.name: cell_value(row, column) for column in spec.columns}
        for _, row in table_rows(base.data, spec)
    ]
    frame = pd.DataFrame.from_records(rows, columns=[column.name for column in spec.columns])
    for column in spec.columns:
        if column.kind in {"money", "rate", "share", "float", "int"}:
            frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce").astype("float64")
        else:
            frame[column.name] = frame[column.name].astype("object")
    st.data_editor(
        frame,
        key=base.keys.table(spec, pending),
        num_rows="fixed" if read_only else "dynamic",
        hide_index=True,
        disabled=read_only,
        placeholder="—",
        column_config=_column_config(spec, base.money_unit),
        width="stretch",
    )


def _period_table(spec: PeriodTableSpec, base: EditBase, pending: dict[str, Any], read_only: bool) -> None:
    """One row per year of the timeline as edited; the amounts are the stored lists."""
    language = context.language()
    shape = {**base.data, "timeline": pending.get("timeline", base.data.get("timeline", {}))}
    frame = pd.DataFrame.from_records(period_rows(shape, spec), columns=["year", *spec.lists])
    for name in spec.lists:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    config: dict[str, Any] = {
        "year": st.column_config.NumberColumn(text("ui.field.period.year"), format="%d")
    }
    for name in spec.lists:
        config[name] = st.column_config.NumberColumn(
            translate(spec.column_label_key(name), language, unit=base.money_unit), format="%.2f"
        )
    st.data_editor(
        frame,
        key=base.keys.table(spec, pending),
        num_rows="fixed",
        hide_index=True,
        placeholder="—",
        disabled=True if read_only else ["year"],
        column_config=config,
        width="stretch",
    )


render()
