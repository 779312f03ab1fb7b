"""The project as data: schema, loading and saving, canonical hash, validation problems."""

from ppp.model.io import (
    LoadedProject,
    canonical_hash,
    canonical_json,
    dump_project,
    load_project,
    parse_project,
    parse_project_json,
    parse_project_text,
    project_data,
    save_project,
    validate_data,
)
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project

__all__ = [
    "LoadedProject",
    "Problem",
    "Project",
    "ProjectError",
    "canonical_hash",
    "canonical_json",
    "dump_project",
    "load_project",
    "parse_project",
    "parse_project_json",
    "parse_project_text",
    "project_data",
    "save_project",
    "validate_data",
]
