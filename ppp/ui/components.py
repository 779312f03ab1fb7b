"""Pieces more than one page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal

import altair as alt
import streamlit as st

from ppp import services
from ppp.services.types import ProjectSummary, ServiceError
from ppp.ui import context
from ppp.ui.context import text


def project_picker(key: str) -> ProjectSummary | None:
    """Choose the project a page works on; the choice becomes the session's current project.

    Archived projects are listed too (marked), so a project opened from the archive can be looked at.
    """
    try:
        with context.unit_of_work(read_only=True) as session:
            summaries = services.list_projects(
                session=session, principal=context.principal(), include_archived=True
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return None
    if not summaries:
        st.info(text("ui.project.none"))
        return None
    chosen = choose_project(summaries, key, required=False)
    if chosen is None:
        st.info(text("ui.project.pick"))
    return chosen


def choose_project(summaries: list[ProjectSummary], key: str, *, required: bool) -> ProjectSummary | None:
    """A select box of ``summaries`` that follows and sets the session's current project.

    The current project may change elsewhere (opened from the portfolio, a new copy): the select box then
    forgets its own state and shows it. ``required``: preselect the first project when the current one is
    not listed (else show a placeholder).
    """
    by_id = {summary.id: summary for summary in summaries}
    ids = list(by_id)
    current = context.current_project_id()
    if current in by_id and st.session_state.get(key) not in (None, current):
        del st.session_state[key]

    def changed() -> None:
        context.set_current_project(st.session_state.get(key))

    index = ids.index(current) if current in by_id else (0 if required else None)
    chosen = st.selectbox(
        text("ui.project.choose"),
        options=ids,
        index=index,
        format_func={project_id: _name(summary) for project_id, summary in by_id.items()}.__getitem__,
        placeholder=text("ui.project.pick"),
        key=key,
        on_change=changed,
    )
    if chosen is None:
        return None
    if required or current is None:
        context.set_current_project(chosen)
    framework_badge(by_id[chosen].framework)
    return by_id[chosen]


#: the badge colour of each framework: the 2023 mechanism stands out from the 2015–2023 rules
_FRAMEWORK_COLOURS: Final[dict[str, Literal["blue", "green", "gray"]]] = {
    "mof-2015": "blue",
    "franchise-2023": "green",
    "international": "gray",
}


def framework_badge(framework: str) -> None:
    """Which framework the project follows, on every page that works on one (its rules differ)."""
    st.badge(
        text("ui.project.framework_badge", framework=text(f"ui.option.framework.{framework}")),
        icon=":material/gavel:",
        color=_FRAMEWORK_COLOURS.get(framework, "gray"),
        help=text(f"ui.project.framework_rules.{framework}"),
    )


def _name(summary: ProjectSummary) -> str:
    return text("ui.project.archived_tag", name=summary.name) if summary.archived else summary.name


@st.cache_data(show_spinner=False, max_entries=512)
def _chart_spec(
    kind: str, input_hash: str, language: str, option: str, user_id: int, _build: Callable[[], Any]
) -> dict[str, Any]:
    spec = _build().to_dict()
    assert isinstance(spec, dict)
    return spec


def chart(
    kind: str, input_hash: str, language: str, option: str, build: Callable[[], alt.TopLevelMixin]
) -> None:
    """Show an Altair chart, built (and checked against the Vega-Lite schema) once per evaluation.

    The chart depends only on the evaluation (its ``input_hash`` names its inputs), the language and the
    ``option`` of its ``kind``; reruns reuse the Vega-Lite spec instead of rebuilding it. The cache is the
    process's, shared by every session: its key includes the acting user, so a spec built from what one user
    may read is never handed to another who happens to ask with the same key.
    """
    user_id = context.principal().user_id
    st.vega_lite_chart(spec=_chart_spec(kind, input_hash, language, option, user_id, build), width="stretch")
