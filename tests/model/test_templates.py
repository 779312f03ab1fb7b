"""Sample projects and ``models/`` templates load, round-trip and combine; broken KPI frameworks are named."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ppp.model import (
    Project,
    ProjectError,
    canonical_hash,
    dump_project,
    load_project,
    parse_project,
    project_data,
)
from ppp.model.templates import (
    KPI_FRAMEWORKS_DIR,
    MODELS_DIR,
    KpiFramework,
    apply_kpi_framework,
    list_templates,
    load_archetype,
    load_kpi_framework,
    parse_kpi_framework,
    resolve_models_dir,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))
MODEL_FILES = sorted((REPO / "models").rglob("*.toml"))
ARCHETYPES = sorted((REPO / "models" / "archetypes").glob("*.toml"))
FRAMEWORKS = sorted((REPO / "models" / "kpi_frameworks").glob("*.toml"))
VIDEO = REPO / "models" / "kpi_frameworks" / "video_surveillance.toml"

# the press figures the samples are sized to (total investment, 万元), see each file's header
PRESS_SCALE = {
    "yangxin_smart_city_bot": 94400.0,
    "penglai_viability_gap": 124000.0,
    "taoyuan_phase1_refresh": 58200.0,
}


def framework_data(path: Path) -> dict[str, Any]:
    """The framework file as plain data (what TOML gives)."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


def _messages(error: pytest.ExceptionInfo[ProjectError]) -> str:
    return "\n".join(error.value.messages("en"))


# ---------------------------------------------------------------------------------------------------------
# every file loads


def test_the_folders_are_not_empty() -> None:
    assert len(SAMPLES) >= 5
    assert len(ARCHETYPES) >= 4
    assert len(FRAMEWORKS) >= 4


@pytest.mark.parametrize("path", SAMPLES, ids=_ids(SAMPLES))
def test_sample_loads_without_errors(path: Path) -> None:
    loaded = load_project(path)
    assert loaded.project.project.name
    assert all(problem.severity == "warning" for problem in loaded.warnings)


@pytest.mark.parametrize("path", MODEL_FILES, ids=[path.relative_to(REPO).as_posix() for path in MODEL_FILES])
def test_every_models_file_loads_without_errors(path: Path) -> None:
    kind = path.parent.name
    assert path.parent.parent == REPO / "models", f"{path}: templates live in models/<kind>/"
    if kind == "archetypes":
        assert load_archetype(path.stem).project == load_project(path).project
    elif kind == KPI_FRAMEWORKS_DIR:
        framework = load_kpi_framework(path.stem)
        assert framework.framework.id == path.stem
        assert framework.framework.name
        assert framework.framework.name_zh
    else:
        pytest.fail(f"{path}: unknown template folder {kind!r} (archetypes or kpi_frameworks)")


@pytest.mark.parametrize("path", ARCHETYPES, ids=_ids(ARCHETYPES))
def test_archetype_header_names_a_kpi_framework_that_exists(path: Path) -> None:
    header = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    named = [framework.stem for framework in FRAMEWORKS if f"kpi_frameworks/{framework.name}" in header]
    assert named, f"{path.name}: the header should say which models/kpi_frameworks/*.toml suits it"


# ---------------------------------------------------------------------------------------------------------
# round trips


@pytest.mark.parametrize("path", SAMPLES + ARCHETYPES, ids=_ids(SAMPLES + ARCHETYPES))
def test_file_round_trips_through_dump(path: Path) -> None:
    project = load_project(path).project
    again = parse_project(dump_project(project)).project
    assert again == project
    assert canonical_hash(again) == canonical_hash(project)


@pytest.mark.parametrize("path", SAMPLES, ids=_ids(SAMPLES))
def test_sample_headline_is_sensible(path: Path) -> None:
    project = load_project(path).project
    construction = [item for item in project.capex if not item.lifecycle]
    if project.timeline.construction_years == 0:
        assert construction == []
    if project.project.payment_mode == "user-pay":
        assert project.payment.method == "user-pay"
        assert project.project.framework == "franchise-2023"
    if project.project.framework == "mof-2015" and project.payment.method != "user-pay":
        assert project.payment.linked_share >= 0.3
    header = path.read_text(encoding="utf-8").split("schema =", 1)[0]
    assert "Sources" in header, f"{path.name}: the header should name its sources"


@pytest.mark.parametrize("stem", sorted(PRESS_SCALE))
def test_sample_total_investment_matches_the_press_scale(stem: str) -> None:
    from ppp.engine import evaluate

    project = load_project(REPO / "sample_projects" / f"{stem}.toml").project
    total = evaluate(project).metrics["total_investment"]
    assert total is not None
    assert total == pytest.approx(PRESS_SCALE[stem], rel=0.01)


# ---------------------------------------------------------------------------------------------------------
# listing and finding templates


def test_list_templates_covers_every_file() -> None:
    templates = list_templates()
    listed = {(template.kind, template.path.resolve()) for template in templates}
    expected = {("archetype", path.resolve()) for path in ARCHETYPES} | {
        ("kpi-framework", path.resolve()) for path in FRAMEWORKS
    }
    assert listed == expected
    assert [template.kind for template in templates] == sorted(
        (template.kind for template in templates), key=lambda kind: kind != "archetype"
    )
    for template in templates:
        assert template.id == template.path.stem
        assert template.name
        assert template.name != template.id
        assert len(template.description) > 40, template.id


def test_models_dir_defaults_to_the_repository_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.environ.get("PPP_MODELS_DIR"):
        assert MODELS_DIR == REPO / "models"
    monkeypatch.delenv("PPP_MODELS_DIR", raising=False)
    assert resolve_models_dir() == REPO / "models"
    monkeypatch.setenv("PPP_MODELS_DIR", "")
    assert resolve_models_dir() == REPO / "models"


def test_models_dir_follows_the_environment_and_the_argument(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "kpi_frameworks").mkdir()
    shutil.copy(VIDEO, tmp_path / "kpi_frameworks" / VIDEO.name)
    monkeypatch.setenv("PPP_MODELS_DIR", str(tmp_path))
    assert resolve_models_dir() == tmp_path
    assert [template.id for template in list_templates()] == ["video_surveillance"]
    monkeypatch.delenv("PPP_MODELS_DIR")
    assert [template.id for template in list_templates(tmp_path)] == ["video_surveillance"]
    assert load_kpi_framework("video_surveillance", tmp_path).framework.id == "video_surveillance"
    assert list_templates(tmp_path / "missing") == []


@pytest.mark.parametrize(
    "template_id", ["no_such_template", "../archetypes/viability_gap", "Viability_Gap", ""]
)
def test_unknown_template_id_is_an_error_listing_the_available(template_id: str) -> None:
    with pytest.raises(ProjectError) as error:
        load_archetype(template_id)
    text = _messages(error)
    assert text.startswith("template = ")
    assert "viability_gap" in text
    with pytest.raises(ProjectError):
        load_kpi_framework(template_id)


def test_framework_id_must_match_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "kpi_frameworks").mkdir()
    shutil.copy(VIDEO, tmp_path / "kpi_frameworks" / "cameras.toml")
    with pytest.raises(ProjectError) as error:
        load_kpi_framework("cameras", tmp_path)
    assert _messages(error).startswith('framework.id = "video_surveillance"')


def test_a_template_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "archetypes").mkdir()
    (tmp_path / "archetypes" / "broken.toml").write_text("schema = \n", encoding="utf-8")
    with pytest.raises(ProjectError) as error:
        list_templates(tmp_path)
    assert "broken.toml" in _messages(error)
    with pytest.raises(ProjectError, match="not valid TOML"):
        load_archetype("broken", tmp_path)


# ---------------------------------------------------------------------------------------------------------
# applying a framework


@pytest.mark.parametrize("framework_path", FRAMEWORKS, ids=_ids(FRAMEWORKS))
@pytest.mark.parametrize("archetype_path", ARCHETYPES, ids=_ids(ARCHETYPES))
def test_every_framework_applies_to_every_archetype(archetype_path: Path, framework_path: Path) -> None:
    project = load_archetype(archetype_path.stem).project
    before = project.model_copy(deep=True)
    framework = load_kpi_framework(framework_path.stem)

    applied = apply_kpi_framework(project, framework)

    assert isinstance(applied, Project)
    assert project == before, "the input project must not change"
    assert applied.kpis == framework.kpis
    assert applied.deductions == framework.deductions
    if framework.score_bands:
        assert applied.payment.score_bands == framework.score_bands
    else:
        assert applied.payment.score_bands == project.payment.score_bands
    # the result is a valid file: it round-trips
    assert parse_project(dump_project(applied)).project == applied
    # nothing else changed
    kept, original = project_data(applied), project_data(project)
    for data in (kept, original):
        data.pop("kpis", None)
        data.pop("deductions", None)
        data["payment"].pop("score_bands", None)
    assert kept == original


def test_a_framework_without_deductions_or_bands_removes_deductions_and_keeps_bands() -> None:
    sample = load_project(REPO / "sample_projects" / "yangxin_smart_city_bot.toml").project
    assert sample.deductions is not None
    text = VIDEO.read_text(encoding="utf-8")
    scored_only = text.split('[[kpis]]\nid = "camera_outage"', 1)[0]
    framework = parse_kpi_framework(scored_only)
    assert framework.deductions is None
    assert framework.score_bands == []

    applied = apply_kpi_framework(sample, framework)

    assert applied.deductions is None
    assert applied.payment.score_bands == sample.payment.score_bands
    assert [kpi.id for kpi in applied.kpis] == [kpi.id for kpi in framework.kpis]


def test_applying_bands_that_miss_the_expected_score_is_an_error() -> None:
    project = load_archetype("government_pay_bot_availability").project
    assert project.payment.expected_score < 95
    data = framework_data(VIDEO)
    data["score_bands"] = [{"min": 95.0, "coefficient": 1.0}]
    framework = KpiFramework.model_validate(data)
    with pytest.raises(ProjectError) as error:
        apply_kpi_framework(project, framework)
    assert error.value.problems[0].rule == "rule.score_not_covered"
    assert _messages(error).startswith("payment.expected_score")


# ---------------------------------------------------------------------------------------------------------
# broken frameworks are named by key path


@pytest.mark.parametrize(
    ("old", "new", "path", "rule"),
    [
        ("weight = 30", "wieght = 30", "kpis[1].wieght", "rule.unknown_key"),
        ("weight = 30", "weight = 35", "kpis", "rule.kpi_weights"),
        ('name_zh = "', 'name_cn = "', "framework.name_cn", "rule.unknown_key"),
        ("free_points = 20", "free_pts = 20", "deductions.free_pts", "rule.unknown_key"),
        ("[[score_bands]]\nmin = 90", "[[score_bands]]\nmax = 90", "score_bands[1].max", "rule.unknown_key"),
        ("from = 101", "from = 102", "deductions.bands[2]", "rule.deduction_bands"),
        ("min = 80", "min = 95", "score_bands", "rule.bands_descending"),
        ('id = "image_quality"', 'id = "camera_online_rate"', "kpis[2].id", "rule.kpi_unique"),
        ("points_per_unit = 1", "points_per_unit = 1\nweight = 5", "kpis[6]", "rule.kpi_kind"),
        ("target = 98", "target = nan", "kpis[1].target", "rule.finite"),
        ("weight = 30", 'weight = "30"', "kpis[1].weight", "rule.number"),
        ('schema = "ppp-kpi-framework/1"', 'schema = "ppp-project/1"', "schema", "rule.kpi_framework_schema"),
    ],
)
def test_broken_framework_is_rejected_naming_the_key_path(old: str, new: str, path: str, rule: str) -> None:
    text = VIDEO.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ProjectError) as error:
        parse_kpi_framework(text.replace(old, new, 1))
    found = {(problem.path, problem.rule) for problem in error.value.problems}
    assert (path, rule) in found, found
    for language in ("en", "zh"):
        assert any(message.startswith(path) for message in error.value.messages(language))


def test_a_missing_framework_table_and_missing_kpis_are_named() -> None:
    with pytest.raises(ProjectError) as error:
        parse_kpi_framework('schema = "ppp-kpi-framework/1"\n')
    found = {(problem.path, problem.rule) for problem in error.value.problems}
    assert found == {("framework", "rule.missing"), ("kpis", "rule.missing")}


def test_an_empty_kpi_list_is_rejected() -> None:
    head = VIDEO.read_text(encoding="utf-8").split("\n[[kpis]]\n", 1)[0]
    text = head.replace('schema = "ppp-kpi-framework/1"\n', 'schema = "ppp-kpi-framework/1"\nkpis = []\n')
    with pytest.raises(ProjectError) as error:
        parse_kpi_framework(text)
    assert [problem.path for problem in error.value.problems] == ["kpis"]


def test_bad_toml_is_reported() -> None:
    with pytest.raises(ProjectError, match="not valid TOML"):
        parse_kpi_framework("[framework\n")
