"""Validation problems: a key path, the offending value and the rule, in the reader's language."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ppp.i18n import Language, translate

Severity = Literal["error", "warning"]
_MISSING = object()


@dataclass(frozen=True)
class Problem:
    """One broken rule.

    ``path`` is the key path in the file (``capex[2].phasing``: array indexes count from 1, as a reader
    counts the ``[[capex]]`` tables); ``value`` the value found (absent for a missing key); ``rule`` a
    catalog key of :mod:`ppp.i18n.catalog` with its ``params``.
    """

    path: str
    rule: str
    value: Any = _MISSING
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity = "error"

    def message(self, language: Language) -> str:
        params = {
            key: translate(value, language) if isinstance(value, str) and value.startswith("unit.") else value
            for key, value in self.params.items()
        }
        rule_text = translate(self.rule, language, **params)
        if self.value is _MISSING:
            return translate("problem.line_no_value", language, path=self.path or "(file)", rule=rule_text)
        return translate(
            "problem.line",
            language,
            path=self.path or "(file)",
            value=format_value(self.value),
            rule=rule_text,
        )

    def as_dict(self, language: Language) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": None if self.value is _MISSING else _jsonable(self.value),
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message(language),
        }


class ProjectError(Exception):
    """A project file or input that cannot be used, with every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = [problem for problem in problems if problem.severity == "error"]
        self.warnings = [problem for problem in problems if problem.severity == "warning"]
        super().__init__("; ".join(problem.message("en") for problem in self.problems))

    def messages(self, language: Language) -> list[str]:
        return [problem.message(language) for problem in self.problems]


def format_value(value: Any) -> str:
    """A value as the reader wrote it (TOML-like), shortened when long."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = "nan" if math.isnan(value) else ("inf" if value == math.inf else repr(value))
        if value == -math.inf:
            text = "-inf"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key} = {format_value(item)}" for key, item in value.items()) + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(format_value(item) for item in value) + "]"
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return format_value(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def key_path(location: Sequence[int | str]) -> str:
    """``("capex", 1, "phasing")`` → ``capex[2].phasing`` (indexes shown from 1)."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            name = "from" if part == "from_" else ("schema" if part == "schema_" else part)
            text += f".{name}" if text else name
    return text


_RATE_FIELDS = {
    "discount_rate",
    "reasonable_profit_rate",
    "om_profit_rate",
    "inflation",
    "equity_hurdle_rate",
    "escalation",
    "loan_rate",
    "budget_growth",
}

_TYPE_RULES = {
    "float_type": "rule.number",
    "float_parsing": "rule.number",
    "int_type": "rule.integer",
    "int_from_float": "rule.integer",
    "int_parsing": "rule.integer",
    "string_type": "rule.text",
    "bool_type": "rule.boolean",
    "list_type": "rule.list",
    "model_type": "rule.table",
    "model_attributes_type": "rule.table",
    "dict_type": "rule.table",
    "date_type": "rule.date",
    "date_parsing": "rule.date",
    "finite_number": "rule.finite",
    "missing": "rule.missing",
    "extra_forbidden": "rule.unknown_key",
}


def problems_from_validation_error(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` s with our own wording."""
    problems: list[Problem] = []
    for detail in error.errors():
        location = [part for part in detail["loc"] if not _is_union_tag(part)]
        path = key_path(location)
        problems.append(_problem_from_detail(path, location, detail))
    return _deduplicate(problems)


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the member type of an Optional/Union to the location: ``float``, ``list[...]``, ...
    return isinstance(part, str) and (part in {"float", "int", "str", "bool", "none"} or "[" in part)


def _problem_from_detail(path: str, location: list[int | str], detail: ErrorDetails) -> Problem:
    kind = detail["type"]
    context = dict(detail.get("ctx") or {})
    value: Any = _MISSING if kind == "missing" else detail.get("input")
    if kind == "none_required":
        # the other member of an Optional failed too; pydantic reports both, keep the meaningful one
        return Problem(path=path, rule="rule.other", value=value, params={"message": "__skip__"})
    if kind in _TYPE_RULES:
        return Problem(path=path, rule=_TYPE_RULES[kind], value=value)
    if kind == "literal_error":
        return Problem(
            path=path, rule="rule.one_of", value=value, params={"expected": context.get("expected", "")}
        )
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        limit_key = {
            "greater_than": "gt",
            "greater_than_equal": "ge",
            "less_than": "lt",
            "less_than_equal": "le",
        }
        short = limit_key[kind]
        field_name = next((part for part in reversed(location) if isinstance(part, str)), "")
        rule = "rule.rate_le" if short == "le" and field_name in _RATE_FIELDS else f"rule.{short}"
        return Problem(path=path, rule=rule, value=value, params={"limit": context.get(short)})
    if kind in {"string_too_short", "string_too_long"}:
        limits = {"min_length": 1, "max_length": 200}
        if location and location[-1] == "currency":
            limits = {"min_length": 3, "max_length": 3}
        elif location and location[-1] == "money_unit":
            limits = {"min_length": 1, "max_length": 20}
        return Problem(path=path, rule="rule.text_length", value=value, params=limits)
    if kind == "string_pattern_mismatch":
        return Problem(
            path=path, rule="rule.pattern", value=value, params={"pattern": context.get("pattern")}
        )
    return Problem(path=path, rule="rule.other", value=value, params={"message": detail.get("msg", kind)})


def _deduplicate(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    unique: list[Problem] = []
    for problem in problems:
        if problem.params.get("message") == "__skip__":
            continue
        marker = (problem.path, problem.rule)
        if marker in seen:
            continue
        seen.add(marker)
        unique.append(problem)
    return unique
