"""The project lifecycle: the five stages, the documents each records, and which stage changes are allowed.

Stages, in order (MoF 2014/113): 识别 identification, 准备 preparation, 采购 procurement, 执行 execution,
移交 handover. Each stage records documents and approvals (:data:`STAGE_DOCUMENTS`); their labels are the
catalog keys ``lifecycle.document.<kind>``.

Rules of a stage change (:func:`check_transition`), kept deliberately simple:

- forward only to the next stage, and only when every document of the current stage and of the stages before
  it is done. So preparation needs the VfM and affordability reports (identification), procurement needs the
  implementation plan as well (preparation), execution needs the contract signed, the SPV set up and
  financial close (procurement), and handover needs the mid-term review (execution);
- backward to any earlier stage, with a reason (a re-tender, a contract terminated, ...);
- never to the same stage or to an unknown one.

The handover documents (asset register condition, performance test, transfer date) are recorded in the last
stage; no stage follows it.
"""

from __future__ import annotations

import datetime
from typing import Final

from ppp.model.problems import Problem

STAGES: Final[tuple[str, ...]] = ("identification", "preparation", "procurement", "execution", "handover")

#: the documents and approvals each stage records, in the order they are usually done
STAGE_DOCUMENTS: Final[dict[str, tuple[str, ...]]] = {
    "identification": ("vfm_report", "affordability_report"),
    "preparation": ("implementation_plan",),
    "procurement": ("contract_signed", "spv_established", "financial_close"),
    "execution": ("mid_term_review",),
    "handover": ("asset_register", "performance_test", "transfer"),
}

#: every document kind, in stage order
DOCUMENT_KINDS: Final[tuple[str, ...]] = tuple(kind for stage in STAGES for kind in STAGE_DOCUMENTS[stage])


def document_stage(kind: str) -> str | None:
    """The stage that records a document kind (``None`` for an unknown kind).

    Examples
    --------
    >>> document_stage("contract_signed")
    'procurement'
    """
    for stage, kinds in STAGE_DOCUMENTS.items():
        if kind in kinds:
            return stage
    return None


def required_documents(stage: str) -> tuple[str, ...]:
    """The documents that must be done before a project in ``stage`` moves to the next stage: those of
    ``stage`` and of every stage before it.

    Examples
    --------
    >>> required_documents("preparation")
    ('vfm_report', 'affordability_report', 'implementation_plan')
    """
    if stage not in STAGES:
        return ()
    return tuple(kind for earlier in STAGES[: STAGES.index(stage) + 1] for kind in STAGE_DOCUMENTS[earlier])


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` (``None`` after handover or for an unknown stage)."""
    if stage not in STAGES or stage == STAGES[-1]:
        return None
    return STAGES[STAGES.index(stage) + 1]


def check_transition(
    current_stage: str, target_stage: str, documents_done: set[str], reason: str | None
) -> list[Problem]:
    """Why a project in ``current_stage`` may not move to ``target_stage`` (empty: it may).

    Every problem has the path ``stage`` and the target stage as its value; its rule is a catalog key
    ``lifecycle.*``.

    Examples
    --------
    >>> [p.rule for p in check_transition("procurement", "execution", {"contract_signed"}, None)][:1]
    ['lifecycle.missing.vfm_report']
    >>> check_transition("execution", "procurement", set(), "re-tender")
    []
    """
    if current_stage not in STAGES:
        return [Problem("stage", "lifecycle.unknown_stage", current_stage)]
    if target_stage not in STAGES:
        return [Problem("stage", "lifecycle.unknown_stage", target_stage)]
    here, there = STAGES.index(current_stage), STAGES.index(target_stage)
    if there == here:
        return [Problem("stage", "lifecycle.same_stage", target_stage)]
    if there < here:
        if reason is None or not reason.strip():
            return [Problem("stage", "lifecycle.reason_required", target_stage)]
        return []
    if there > here + 1:
        return [Problem("stage", "lifecycle.skip", target_stage)]
    return [
        Problem("stage", f"lifecycle.missing.{kind}", target_stage)
        for kind in required_documents(current_stage)
        if kind not in documents_done
    ]


def slippage_days(planned: datetime.date, actual: datetime.date | None, today: datetime.date) -> int:
    """Days a milestone is late against its plan: reached ones by their actual date (negative: early), open
    ones by today when the planned date has passed (else 0).

    Examples
    --------
    >>> slippage_days(datetime.date(2024, 1, 1), datetime.date(2024, 1, 11), datetime.date(2025, 1, 1))
    10
    >>> slippage_days(datetime.date(2024, 1, 1), None, datetime.date(2024, 1, 5))
    4
    >>> slippage_days(datetime.date(2024, 1, 1), None, datetime.date(2023, 12, 1))
    0
    """
    if actual is not None:
        return (actual - planned).days
    return max((today - planned).days, 0)
