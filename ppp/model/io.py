"""Reading and writing project files, and their canonical hash.

A file is read, parsed as TOML, validated structurally (pydantic) and then by the cross-field rules; any
problem raises :class:`~ppp.model.problems.ProjectError` listing all of them. Files are never written to while
reading. Saving writes only the keys that were given (so a file round-trips to the same keys and values).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from ppp.model.defaults import resolve_defaults
from ppp.model.problems import Problem, ProjectError, problems_from_validation_error
from ppp.model.rules import check_project
from ppp.model.schema import Project


@dataclass(frozen=True)
class LoadedProject:
    """A validated project and the warnings its rules raised (warnings never stop an evaluation)."""

    project: Project
    warnings: list[Problem] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file's UTF-8 text, or a :class:`ProjectError` saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError([Problem("", "file.not_found", params={"path": str(path)})]) from None
    except OSError as error:
        raise ProjectError(
            [Problem("", "file.not_readable", params={"path": str(path), "reason": error.strerror})]
        ) from None
    try:
        # a byte-order mark (Windows editors write one) is not part of the text
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProjectError(
            [Problem("", "file.not_utf8", params={"path": str(path), "position": error.start})]
        ) from None


def parse_project(text: str) -> LoadedProject:
    """Parse and validate the TOML text of a project file.

    Raises
    ------
    ProjectError
        With every problem found: TOML syntax, then structure (types, ranges, unknown keys), then the
        cross-field rules.
    """
    return validate_data(parse_toml(text))


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text as plain data, or a :class:`ProjectError` quoting the syntax error (line and column)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProjectError([Problem("", "file.bad_toml", params={"reason": str(error)})]) from None


def parse_project_json(text: str) -> LoadedProject:
    """Parse and validate a project file written as JSON: the same keys and values as the TOML file.

    The one TOML type JSON lacks, the date (``bid.submitted``), is written as ``"YYYY-MM-DD"``.

    Raises
    ------
    ProjectError
        ``file.bad_json`` (with line and column), ``file.json_duplicate_key``, ``file.json_not_object``;
        then every problem :func:`validate_data` finds.
    """
    return validate_data(parse_json(text))


def parse_project_text(text: str) -> LoadedProject:
    """Parse and validate a project file given as text, JSON when it starts with ``{`` and TOML otherwise.

    A TOML file never starts with ``{`` (a document is not an inline table), so the choice is unambiguous.
    """
    if text.lstrip().startswith("{"):
        return parse_project_json(text)
    return parse_project(text)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)  # TOML refuses a key given twice; so does a project file in JSON
        result[key] = value
    return result


def parse_json(text: str) -> dict[str, Any]:
    """JSON text as plain data, shaped as :func:`parse_toml` gives it, or a :class:`ProjectError`."""
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicates)
    except _DuplicateKeyError as error:
        raise ProjectError([Problem("", "file.json_duplicate_key", params={"key": error.key})]) from None
    except json.JSONDecodeError as error:
        reason = f"{error.msg} (line {error.lineno}, column {error.colno})"
        raise ProjectError([Problem("", "file.bad_json", params={"reason": reason})]) from None
    except RecursionError:
        raise ProjectError([Problem("", "file.bad_json", params={"reason": "nested too deeply"})]) from None
    if not isinstance(data, dict):
        raise ProjectError([Problem("", "file.json_not_object")])
    bid = data.get("bid")
    submitted = bid.get("submitted") if isinstance(bid, dict) else None
    if isinstance(bid, dict) and isinstance(submitted, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", submitted):
        # anything else stays text, and validation reports bid.submitted with the date rule
        with contextlib.suppress(ValueError):
            bid["submitted"] = datetime.date.fromisoformat(submitted)
    return data


def validate_data(data: dict[str, Any]) -> LoadedProject:
    """Validate a project given as plain data (as TOML or JSON would give it)."""
    if data.get("schema") != "ppp-project/1":
        schema_problem = (
            Problem("schema", "rule.schema", data["schema"])
            if "schema" in data
            else Problem("schema", "rule.missing")
        )
        try:
            Project.model_validate({**data, "schema": "ppp-project/1"})
        except ValidationError as error:
            raise ProjectError([schema_problem, *problems_from_validation_error(error)]) from None
        raise ProjectError([schema_problem])
    try:
        project = Project.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error)
        raise ProjectError(problems + _rules_despite_errors(data, error, problems)) from None
    problems = check_project(project)
    if any(problem.severity == "error" for problem in problems):
        raise ProjectError(problems)
    return LoadedProject(project=project, warnings=problems)


def _rules_despite_errors(
    data: dict[str, Any], error: ValidationError, reported: list[Problem]
) -> list[Problem]:
    """The cross-field problems of the rest of the file, so that one pass lists every problem.

    The values that broke a structural rule are left out (their defaults take their place); when the file
    still cannot be read as a project without them (a required key broken), only the structural problems
    are reported.
    """
    broken = [problem.path for problem in reported]
    if any(path.startswith(("timeline", "schema")) or not path for path in broken):
        return []  # nearly every rule depends on the timeline: no guess about it would be fair
    repaired = copy.deepcopy(data)
    for detail in error.errors():
        _remove(repaired, list(detail["loc"]))
    project = _with_placeholders(repaired)
    if project is None:
        return []
    return [
        problem
        for problem in check_project(project)
        if problem.severity == "error"
        and not any(problem.path.startswith(path) or path.startswith(problem.path) for path in broken)
    ]


# Stand-ins tried in turn for a required key left out of the repaired data; the problems they could cause are
# filtered out because their paths are the already-reported ones.
_PLACEHOLDERS: tuple[Any, ...] = (0.0, 1.0, 1, "placeholder", False)


def _with_placeholders(data: dict[str, Any]) -> Project | None:
    attempts: dict[tuple[int | str, ...], int] = {}
    for _ in range(len(_PLACEHOLDERS) + 1):
        try:
            return Project.model_validate(data)
        except ValidationError as error:
            details = error.errors()
            for detail in details:
                location = tuple(detail["loc"])
                if detail["type"] != "missing" and location not in attempts:
                    return None
                attempt = attempts.get(location, -1) + 1
                if attempt >= len(_PLACEHOLDERS):
                    return None
                attempts[location] = attempt
                _put(data, list(location), _PLACEHOLDERS[attempt])
    return None


def _put(data: Any, location: list[int | str], value: Any) -> None:
    container = data
    for part in location[:-1]:
        container = container[part]
    container[location[-1]] = value


def _remove(data: Any, location: list[int | str]) -> None:
    """Delete the value at ``location``; a broken element of a list of numbers takes its list with it."""
    container = data
    for depth, part in enumerate(location):
        last = depth == len(location) - 1
        if isinstance(container, dict) and isinstance(part, str) and part in container:
            child = container[part]
            if last or (isinstance(child, list) and not all(isinstance(item, dict) for item in child)):
                del container[part]
                return
            container = child
        elif isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container):
            container = container[part]
        else:
            return


def load_project(path: str | Path) -> LoadedProject:
    """Read, parse and validate a project file (``.json``: JSON, otherwise TOML). The file is only read."""
    source = Path(path)
    if source.suffix.lower() == ".json":
        return parse_project_json(read_text(source))
    return parse_project(read_text(source))


def project_data(project: Project) -> dict[str, Any]:
    """The keys that were given, as plain TOML-ready data (absent optional keys stay absent)."""
    return project.model_dump(mode="python", by_alias=True, exclude_unset=True, exclude_none=True)


def dump_project(project: Project) -> str:
    """The project as TOML text; :func:`parse_project` of it gives back an equal project."""
    return tomli_w.dumps(project_data(project))


def save_project(project: Project, path: str | Path) -> None:
    """Write the project to ``path`` (UTF-8 TOML), replacing the file atomically."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(dump_project(project), encoding="utf-8")
    temporary.replace(target)


def canonical_json(project: Project) -> str:
    """Every input, defaults resolved (:func:`~ppp.model.defaults.resolve_defaults`), as canonical JSON
    (sorted keys, no spaces, UTF-8 text)."""
    data = resolve_defaults(project).model_dump(mode="json", by_alias=True)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_hash(project: Project) -> str:
    """``sha256:<hex>`` of :func:`canonical_json`: equal inputs give equal hashes, whatever the file layout.

    Examples
    --------
    >>> from ppp.model.io import parse_project
    >>> text = open("sample_projects/yangxin_smart_city_bot.toml", encoding="utf-8").read()
    >>> canonical_hash(parse_project(text).project).startswith("sha256:")
    True
    """
    return "sha256:" + hashlib.sha256(canonical_json(project).encode("utf-8")).hexdigest()
