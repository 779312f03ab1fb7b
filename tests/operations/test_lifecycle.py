"""Stage-transition rules of the project lifecycle (pure), each rule and its message in both languages."""

from __future__ import annotations

import datetime
import itertools

import pytest

from ppp.i18n import LANGUAGES, Language
from ppp.i18n.catalog import MESSAGES
from ppp.operations.lifecycle import (
    DOCUMENT_KINDS,
    STAGE_DOCUMENTS,
    STAGES,
    check_transition,
    document_stage,
    next_stage,
    required_documents,
    slippage_days,
)

EVERYTHING = set(DOCUMENT_KINDS)


def rules(current: str, target: str, done: set[str], reason: str | None = None) -> list[str]:
    return [problem.rule for problem in check_transition(current, target, done, reason)]


def test_stages_and_documents() -> None:
    assert STAGES == ("identification", "preparation", "procurement", "execution", "handover")
    assert set(STAGE_DOCUMENTS) == set(STAGES)
    assert len(DOCUMENT_KINDS) == len(set(DOCUMENT_KINDS))
    assert document_stage("contract_signed") == "procurement"
    assert document_stage("mid_term_review") == "execution"
    assert document_stage("nonsense") is None
    assert next_stage("execution") == "handover"
    assert next_stage("handover") is None
    assert required_documents("procurement") == (
        "vfm_report",
        "affordability_report",
        "implementation_plan",
        "contract_signed",
        "spv_established",
        "financial_close",
    )


@pytest.mark.parametrize(("current", "target"), list(itertools.pairwise(STAGES)))
def test_forward_one_stage_with_every_document_done_is_allowed(current: str, target: str) -> None:
    assert rules(current, target, EVERYTHING) == []
    assert rules(current, target, set(required_documents(current))) == []


def test_no_execution_without_a_signed_contract() -> None:
    done = EVERYTHING - {"contract_signed"}
    assert rules("procurement", "execution", done) == ["lifecycle.missing.contract_signed"]
    assert rules("procurement", "execution", set(required_documents("preparation"))) == [
        "lifecycle.missing.contract_signed",
        "lifecycle.missing.spv_established",
        "lifecycle.missing.financial_close",
    ]


def test_procurement_needs_the_reports_and_the_implementation_plan() -> None:
    assert rules("preparation", "procurement", set()) == [
        "lifecycle.missing.vfm_report",
        "lifecycle.missing.affordability_report",
        "lifecycle.missing.implementation_plan",
    ]


def test_no_handover_before_execution_or_the_mid_term_review() -> None:
    assert rules("procurement", "handover", EVERYTHING) == ["lifecycle.skip"]
    assert rules("execution", "handover", EVERYTHING - {"mid_term_review"}) == [
        "lifecycle.missing.mid_term_review"
    ]


def test_forward_only_one_stage_at_a_time() -> None:
    assert rules("identification", "procurement", EVERYTHING) == ["lifecycle.skip"]


def test_backward_needs_a_reason() -> None:
    assert rules("execution", "procurement", set()) == ["lifecycle.reason_required"]
    assert rules("execution", "procurement", set(), "  ") == ["lifecycle.reason_required"]
    assert rules("execution", "identification", set(), "contract terminated") == []


def test_same_and_unknown_stages() -> None:
    assert rules("execution", "execution", EVERYTHING) == ["lifecycle.same_stage"]
    assert rules("execution", "operation", EVERYTHING) == ["lifecycle.unknown_stage"]
    assert rules("construction", "execution", EVERYTHING) == ["lifecycle.unknown_stage"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_problem_renders_in_both_languages(language: Language) -> None:
    problems = [
        *check_transition("identification", "handover", set(), None),
        *check_transition("execution", "execution", set(), None),
        *check_transition("execution", "preparation", set(), None),
        *check_transition("execution", "nowhere", set(), None),
        *(
            problem
            for stage in STAGES[:-1]
            for problem in check_transition(stage, next_stage(stage) or "", set(), None)
        ),
    ]
    assert {problem.path for problem in problems} == {"stage"}
    for problem in problems:
        text = problem.message(language)
        assert text
        assert "{" not in text
    for kind in DOCUMENT_KINDS:
        for key in (f"lifecycle.document.{kind}", f"lifecycle.missing.{kind}"):
            assert set(MESSAGES[key]) >= {"en", "zh"}


def test_the_contract_message_says_what_is_missing() -> None:
    (problem,) = check_transition("procurement", "execution", EVERYTHING - {"contract_signed"}, None)
    assert "signed PPP contract" in problem.message("en")
    assert "合同未签订" in problem.message("zh")


def test_slippage_days() -> None:
    planned = datetime.date(2024, 3, 1)
    assert slippage_days(planned, datetime.date(2024, 3, 11), datetime.date(2030, 1, 1)) == 10
    assert slippage_days(planned, datetime.date(2024, 2, 20), datetime.date(2030, 1, 1)) == -10
    assert slippage_days(planned, None, datetime.date(2024, 3, 31)) == 30
    assert slippage_days(planned, None, datetime.date(2024, 2, 1)) == 0
