"""Financial-model templates: contract archetypes and KPI frameworks kept as data files in ``models/``.

A user starts a project from a template instead of a blank file:

- a **contract archetype** (``models/archetypes/<id>.toml``) is a complete, valid ``ppp-project/1`` file with
  round placeholder numbers and comments saying what each choice means and what to change;
- a **KPI framework** (``models/kpi_frameworks/<id>.toml``) is a ``ppp-kpi-framework/1`` file whose
  ``[[kpis]]``, ``[deductions]`` and ``[[score_bands]]`` tables use the project-file vocabulary, so they can
  be pasted into a project (``[[score_bands]]`` as ``[[payment.score_bands]]``) or applied with
  :func:`apply_kpi_framework`.

The KPI framework file format::

    schema = "ppp-kpi-framework/1"
    [framework]
    id = "video_surveillance"     # equal to the file name without .toml
    name = "..."                  # English
    name_zh = "..."               # 中文
    description = "..."
    [[kpis]] ...                  # exactly the [[kpis]] table of a project file (at least one)
    [deductions] ...              # optional, exactly as in a project file
    [[score_bands]] ...           # optional: min / coefficient as payment.score_bands

A framework obeys the project file's KPI rules (unique ids, each KPI either scored or points-based, scored
weights summing to 100, contiguous deduction bands, score bands listed highest ``min`` first); they are
checked by the same code as a project's (:func:`ppp.model.rules.check_project`). Every problem is a
:class:`~ppp.model.problems.Problem` naming the key path, raised together in a
:class:`~ppp.model.problems.ProjectError`.

An archetype's name is its ``project.name``; its description is the first paragraph of its header comment
after the title line. Template ids are file names without ``.toml`` (lower case, digits, underscore).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import Field, ValidationError

from ppp.model.io import LoadedProject, parse_project, parse_toml, project_data, read_text, validate_data
from ppp.model.problems import Problem, ProjectError, problems_from_validation_error
from ppp.model.rules import check_project
from ppp.model.schema import Deductions, Kpi, Name, Project, ScoreBand, Section

KPI_FRAMEWORK_SCHEMA: Final = "ppp-kpi-framework/1"
ARCHETYPES_DIR: Final = "archetypes"
KPI_FRAMEWORKS_DIR: Final = "kpi_frameworks"
MODELS_DIR_VARIABLE: Final = "PPP_MODELS_DIR"

TemplateKind = Literal["archetype", "kpi-framework"]

_TEMPLATE_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_SUBDIRECTORIES: Final[dict[TemplateKind, str]] = {
    "archetype": ARCHETYPES_DIR,
    "kpi-framework": KPI_FRAMEWORKS_DIR,
}
# Rules of ppp.model.rules that concern the KPI tables; everything else the stub project raises is ignored.
_FRAMEWORK_RULES: Final = frozenset(
    {"rule.kpi_unique", "rule.kpi_kind", "rule.kpi_weights", "rule.deduction_bands", "rule.bands_descending"}
)


def resolve_models_dir(models_dir: str | Path | None = None) -> Path:
    """The ``models/`` folder to read templates from.

    Parameters
    ----------
    models_dir
        An explicit folder; when ``None``, the environment variable ``PPP_MODELS_DIR`` if set and not empty,
        else the repository's ``models/`` folder.

    Returns
    -------
    Path
        The folder (not checked for existence).

    Examples
    --------
    >>> resolve_models_dir("/tmp/my_models").as_posix()
    '/tmp/my_models'
    """
    if models_dir is not None:
        return Path(models_dir)
    override = os.environ.get(MODELS_DIR_VARIABLE, "")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "models"


MODELS_DIR: Final[Path] = resolve_models_dir()
"""The templates folder as resolved when this module was imported (``PPP_MODELS_DIR`` overrides)."""


@dataclass(frozen=True)
class Template:
    """One template file in ``models/``.

    Attributes
    ----------
    id
        The file name without ``.toml``; what :func:`load_archetype` and :func:`load_kpi_framework` take.
    kind
        ``"archetype"`` (a complete project file) or ``"kpi-framework"``.
    path
        The file.
    name
        English name: ``project.name`` of an archetype, ``framework.name`` of a KPI framework.
    description
        One paragraph: the archetype's header comment, the framework's ``framework.description``.
    """

    id: str
    kind: TemplateKind
    path: Path
    name: str
    description: str


class FrameworkInfo(Section):
    """The ``[framework]`` table of a KPI framework file."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    name: Name
    name_zh: Name
    description: Annotated[str, Field(max_length=2000)] = ""


class KpiFramework(Section):
    """A validated ``ppp-kpi-framework/1`` file.

    Unknown keys are errors, types are strict and NaN or infinity are rejected (as in a project file). The
    ``kpis``, ``deductions`` and ``score_bands`` tables are the project file's own models, so whatever a
    framework accepts a project accepts too.
    """

    schema_: Literal["ppp-kpi-framework/1"] = Field(alias="schema")
    framework: FrameworkInfo
    kpis: list[Kpi]
    deductions: Deductions | None = None
    score_bands: list[ScoreBand] = Field(default_factory=list)


def parse_kpi_framework(text: str) -> KpiFramework:
    """Parse and validate the TOML text of a KPI framework.

    Parameters
    ----------
    text
        The file's text.

    Returns
    -------
    KpiFramework
        The validated framework.

    Raises
    ------
    ProjectError
        With every problem found: TOML syntax, then structure (types, ranges, unknown keys, each named by its
        key path such as ``kpis[2].wieght``), then the KPI rules (weights summing to 100, ...).

    Examples
    --------
    >>> text = open("models/kpi_frameworks/video_surveillance.toml", encoding="utf-8").read()
    >>> parse_kpi_framework(text).framework.name_zh
    '视频监控（雪亮工程）'
    """
    return validate_kpi_framework_data(parse_toml(text))


def validate_kpi_framework_data(data: dict[str, Any]) -> KpiFramework:
    """Validate a KPI framework given as plain data (as TOML or JSON would give it).

    Parameters
    ----------
    data
        The parsed file.

    Returns
    -------
    KpiFramework
        The validated framework.

    Raises
    ------
    ProjectError
        With every problem found, each naming its key path.
    """
    problems: list[Problem] = []
    if data.get("schema") != KPI_FRAMEWORK_SCHEMA:
        if "schema" in data:
            problems.append(Problem("schema", "rule.kpi_framework_schema", data["schema"]))
        else:
            problems.append(Problem("schema", "rule.missing"))
        data = {**data, "schema": KPI_FRAMEWORK_SCHEMA}
    try:
        framework = KpiFramework.model_validate(data)
    except ValidationError as error:
        raise ProjectError([*problems, *problems_from_validation_error(error)]) from None
    problems += check_kpi_framework(framework)
    if problems:
        raise ProjectError(problems)
    return framework


def check_kpi_framework(framework: KpiFramework) -> list[Problem]:
    """The KPI rules of a project file, applied to a framework.

    The framework's tables are put into a minimal valid project and checked by
    :func:`ppp.model.rules.check_project`, so a framework and a project can never disagree on what a valid
    KPI table is. Problems keep their key paths (``kpis``, ``deductions.bands[2]``); those of
    ``payment.score_bands`` are reported as ``score_bands``.

    Parameters
    ----------
    framework
        A structurally valid framework.

    Returns
    -------
    list[Problem]
        The broken rules (empty when the framework is valid).
    """
    problems: list[Problem] = []
    if not framework.kpis:
        problems.append(Problem("kpis", "rule.framework_no_kpis", []))
    stub = Project.model_validate(
        {
            "schema": "ppp-project/1",
            "project": {"name": f"KPI framework {framework.framework.id}", "framework": "international"},
            "timeline": {"start_year": 2000, "construction_years": 1, "operation_years": 1},
            "rates": {"discount_rate": 0.0},
            "financing": {"equity_ratio": 1.0},
            "payment": {
                "method": "mof-21",
                "linked_share": 1.0,
                "expected_score": 100.0,
                "score_bands": framework.score_bands,
            },
            "kpis": framework.kpis,
            "deductions": framework.deductions,
        }
    )
    for problem in check_project(stub):
        if problem.rule not in _FRAMEWORK_RULES:
            continue
        path = problem.path
        if path.startswith("payment.score_bands"):
            path = path.removeprefix("payment.")
        problems.append(
            Problem(path, problem.rule, problem.value, dict(problem.params), severity=problem.severity)
            if path != problem.path
            else problem
        )
    return problems


def list_templates(models_dir: str | Path | None = None) -> list[Template]:
    """Every template in the models folder: archetypes first, then KPI frameworks, each sorted by id.

    Files are read (not validated): a file that is not valid TOML raises; any other problem shows when the
    template is loaded.

    Parameters
    ----------
    models_dir
        The folder holding ``archetypes/`` and ``kpi_frameworks/``; default :func:`resolve_models_dir`.

    Returns
    -------
    list[Template]
        One entry per ``*.toml`` file whose name is a valid template id.

    Raises
    ------
    ProjectError
        When a template file cannot be read or is not valid TOML.

    Examples
    --------
    >>> [template.id for template in list_templates() if template.kind == "kpi-framework"][:2]
    ['citizen_service_platform', 'iot_sensing']
    """
    root = resolve_models_dir(models_dir)
    templates: list[Template] = []
    for kind, subdirectory in _SUBDIRECTORIES.items():
        for path in _template_files(root / subdirectory):
            text = read_text(path)
            data = _toml(text, path)
            if kind == "archetype":
                info = data.get("project")
                name = info.get("name") if isinstance(info, dict) else None
                description = _header_description(text)
            else:
                info = data.get("framework")
                name = info.get("name") if isinstance(info, dict) else None
                found = info.get("description") if isinstance(info, dict) else None
                description = found if isinstance(found, str) else ""
            templates.append(
                Template(
                    id=path.stem,
                    kind=kind,
                    path=path,
                    name=name if isinstance(name, str) and name else path.stem,
                    description=description,
                )
            )
    return templates


def load_archetype(template_id: str, models_dir: str | Path | None = None) -> LoadedProject:
    """Load and validate a contract archetype.

    Parameters
    ----------
    template_id
        The archetype's file name without ``.toml`` (e.g. ``"viability_gap"``).
    models_dir
        The templates folder; default :func:`resolve_models_dir`.

    Returns
    -------
    LoadedProject
        The validated project and its warnings, as :func:`ppp.model.load_project` gives them.

    Raises
    ------
    ProjectError
        When no such archetype exists or the file is not a valid project.

    Examples
    --------
    >>> load_archetype("om_service_lease").project.timeline.construction_years
    0
    """
    path = _template_path("archetype", template_id, models_dir)
    return parse_project(read_text(path))


def load_kpi_framework(template_id: str, models_dir: str | Path | None = None) -> KpiFramework:
    """Load and validate a KPI framework.

    Parameters
    ----------
    template_id
        The framework's file name without ``.toml`` (e.g. ``"video_surveillance"``); ``framework.id`` in the
        file must equal it.
    models_dir
        The templates folder; default :func:`resolve_models_dir`.

    Returns
    -------
    KpiFramework
        The validated framework.

    Raises
    ------
    ProjectError
        When no such framework exists or the file breaks a rule.

    Examples
    --------
    >>> framework = load_kpi_framework("video_surveillance")
    >>> sum(kpi.weight or 0 for kpi in framework.kpis)
    100.0
    """
    path = _template_path("kpi-framework", template_id, models_dir)
    framework = parse_kpi_framework(read_text(path))
    if framework.framework.id != template_id:
        raise ProjectError(
            [
                Problem(
                    "framework.id", "rule.framework_id_file", framework.framework.id, {"file_id": template_id}
                )
            ]
        )
    return framework


def apply_kpi_framework(project: Project, framework: KpiFramework) -> Project:
    """A copy of ``project`` with the framework's KPIs.

    The project's ``kpis`` and ``deductions`` are replaced by the framework's (no ``[deductions]`` in the
    framework removes the project's); ``payment.score_bands`` is replaced only when the framework has score
    bands. Everything else is kept as given.

    Parameters
    ----------
    project
        A validated project.
    framework
        A validated KPI framework.

    Returns
    -------
    Project
        The new project, validated like a file (the input is not changed).

    Raises
    ------
    ProjectError
        When the result breaks a project rule, e.g. no score band covers the project's
        ``payment.expected_score``.

    Examples
    --------
    >>> project = load_archetype("government_pay_bot_availability").project
    >>> framework = load_kpi_framework("platform_availability")
    >>> [kpi.id for kpi in apply_kpi_framework(project, framework).kpis][:2]
    ['platform_availability', 'incident_response']
    """
    tables = framework.model_dump(mode="python", by_alias=True, exclude_unset=True, exclude_none=True)
    data = project_data(project)
    data["kpis"] = tables["kpis"]
    if "deductions" in tables:
        data["deductions"] = tables["deductions"]
    else:
        data.pop("deductions", None)
    if framework.score_bands:
        data["payment"] = {**data["payment"], "score_bands": tables["score_bands"]}
    return validate_data(data).project


def _template_path(kind: TemplateKind, template_id: str, models_dir: str | Path | None) -> Path:
    folder = resolve_models_dir(models_dir) / _SUBDIRECTORIES[kind]
    path = folder / f"{template_id}.toml"
    if _TEMPLATE_ID.match(template_id) and path.is_file():
        return path
    available = ", ".join(candidate.stem for candidate in _template_files(folder)) or "none"
    raise ProjectError(
        [
            Problem(
                "template",
                "template.unknown",
                template_id,
                {"kind": kind, "folder": str(folder), "available": available},
            )
        ]
    )


def _template_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.toml") if path.is_file() and _TEMPLATE_ID.match(path.stem))


def _toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = f"{path.name}: {error}"
        raise ProjectError([Problem("", "file.bad_toml", params={"reason": reason})]) from None


def _header_description(text: str) -> str:
    """The first paragraph after the title line of a file's leading comment block."""
    lines: list[str] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped.startswith("#"):
            break
        content = stripped.lstrip("#").strip()
        if content and set(content) <= set("=-"):
            continue  # a rule line
        lines.append(content)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    filled = [paragraph for paragraph in paragraphs if paragraph]
    if not filled:
        return ""
    title, *rest = filled
    body = title[1:] if len(title) > 1 else (rest[0] if rest else [])
    return " ".join(body)
