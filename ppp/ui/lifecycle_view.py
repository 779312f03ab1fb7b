"""The lifecycle page's tables and messages, as pure functions of the services' results.

Kept out of the page file (which runs when imported) so that tests can call them directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ppp.i18n import Language, translate
from ppp.model import Problem, ProjectError
from ppp.services.lifecycle import DocumentView, MilestoneView, ProjectSlippage, TransitionView


def stage_label(stage: str, language: Language) -> str:
    """A stage in the reader's language (识别, 准备, ...)."""
    key = f"ui.option.stage.{stage}"
    try:
        return translate(key, language)
    except KeyError:
        return stage


def document_label(kind: str, language: Language) -> str:
    return translate(f"lifecycle.document.{kind}", language)


def document_status(document: DocumentView, language: Language) -> str:
    if document.done and document.done_on is not None:
        return translate("ui.lifecycle.document_done", language, date=document.done_on.isoformat())
    return translate("ui.lifecycle.document_pending", language)


def refusal_markdown(error: ProjectError, language: Language) -> str:
    """A refused stage change: the heading and one line per broken rule (without the ``stage = …`` path)."""
    lines = [translate(problem.rule, language, **problem.params) for problem in error.problems]
    return translate("ui.lifecycle.refused", language) + "\n\n" + "\n".join(f"- {line}" for line in lines)


def blocking_lines(problems: Sequence[Problem], language: Language) -> list[str]:
    """What stands between the project and its next stage, one line per problem."""
    return [translate(problem.rule, language, **problem.params) for problem in problems]


def _column(key: str, language: Language) -> str:
    return translate(f"ui.lifecycle.column.{key}", language)


def milestone_frame(milestones: Sequence[MilestoneView], language: Language) -> pd.DataFrame:
    """The milestones table: name, stage, planned, actual and days late (negative: early)."""
    columns = ["name", "stage", "planned", "actual", "days"]
    return pd.DataFrame.from_records(
        [
            {
                "name": milestone.name,
                "stage": stage_label(milestone.stage, language),
                "planned": milestone.planned.isoformat(),
                "actual": "" if milestone.actual is None else milestone.actual.isoformat(),
                "days": milestone.slippage_days,
            }
            for milestone in milestones
        ],
        columns=columns,
    ).rename(columns={key: _column(key, language) for key in columns})


def transitions_frame(transitions: Sequence[TransitionView], language: Language) -> pd.DataFrame:
    """The stage changes, oldest first."""
    columns = ["at", "from", "to", "revision", "by", "reason"]
    return pd.DataFrame.from_records(
        [
            {
                "at": transition.at.strftime("%Y-%m-%d %H:%M"),
                "from": stage_label(transition.from_stage, language),
                "to": stage_label(transition.to_stage, language),
                "revision": transition.revision,
                "by": transition.by,
                "reason": transition.reason,
            }
            for transition in transitions
        ],
        columns=columns,
    ).rename(columns={key: _column(key, language) for key in columns})


def slippage_frame(rows: Sequence[ProjectSlippage], language: Language) -> pd.DataFrame:
    """The portfolio's slippage: one row per project, most days late first."""
    columns = ["project", "stage", "milestones", "late", "max_days", "total_days", "worst"]
    return pd.DataFrame.from_records(
        [
            {
                "project": row.name,
                "stage": stage_label(row.stage, language),
                "milestones": row.milestones,
                "late": row.late,
                "max_days": row.max_days,
                "total_days": row.total_days,
                "worst": row.worst_milestone or "",
            }
            for row in rows
        ],
        columns=columns,
    ).rename(columns={key: _column(key, language) for key in columns})
