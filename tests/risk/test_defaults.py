"""The default Monte Carlo settings: which drivers get a distribution and why, their exact parameters, the
capex–delay correlation, the documentation, and settings that override the defaults."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ppp.model import Project, ProjectError, load_project, validate_data
from ppp.risk.defaults import default_monte_carlo, spec_with_defaults
from ppp.risk.distributions import Normal, Pert, Triangular, Uniform
from ppp.risk.montecarlo import run_monte_carlo

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))


def sample(name: str) -> Project:
    return load_project(REPO / "sample_projects" / f"{name}.toml").project


def test_a_government_pay_project_with_bands_gets_six_drivers() -> None:
    spec = default_monte_carlo(sample("yangxin_smart_city_bot"))
    assert dict(spec.distributions) == {
        "capex": Triangular(0.95, 1.0, 1.25),
        "opex": Triangular(0.95, 1.0, 1.15),
        "loan_rate": Normal(0.0, 0.005),
        "inflation": Normal(0.0, 0.005),
        # expected score 92: 20 points down, 5 up
        "performance_score": Pert(72.0, 92.0, 97.0),
        "construction_delay": Pert(0.0, 0.0, 2.0),
    }
    assert dict(spec.correlations) == {("capex", "construction_delay"): 0.5}
    assert (spec.scenarios, spec.seed, spec.hurdle) == (10_000, 0, None)
    assert spec.problems() == []


def test_user_revenue_only_where_there_is_user_revenue_and_score_only_with_bands() -> None:
    franchise = sample("user_pay_franchise_2023")
    assert franchise.revenue
    assert not franchise.payment.score_bands
    spec = default_monte_carlo(franchise)
    assert spec.distributions["user_revenue"] == Triangular(0.8, 1.0, 1.05)
    assert "performance_score" not in spec.distributions


def test_the_score_stays_within_0_and_100() -> None:
    project = sample("yangxin_smart_city_bot")
    near_top = project.model_copy(
        update={"payment": project.payment.model_copy(update={"expected_score": 98.0})}
    )
    assert default_monte_carlo(near_top).distributions["performance_score"] == Pert(78.0, 98.0, 100.0)
    bands = [band.model_copy(update={"min": 0.0}) for band in project.payment.score_bands[-1:]]
    low_payment = project.payment.model_copy(update={"expected_score": 10.0, "score_bands": bands})
    near_bottom = project.model_copy(update={"payment": low_payment})
    assert default_monte_carlo(near_bottom).distributions["performance_score"] == Pert(0.0, 10.0, 15.0)


def minimal(construction_years: int, equity_ratio: float) -> Project:
    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": "Service contract"},
        "timeline": {"start_year": 2024, "construction_years": construction_years, "operation_years": 8},
        "rates": {"discount_rate": 0.05},
        "opex": [{"name": "O&M", "amount": 100.0}],
        "financing": {"equity_ratio": equity_ratio},
        "payment": {"method": "mof-21"},
    }
    return validate_data(data).project


def test_no_distribution_for_a_driver_that_cannot_change_the_project() -> None:
    spec = default_monte_carlo(minimal(construction_years=0, equity_ratio=1.0))
    # no capex, no loan, no bands, no revenue, no construction: costs and inflation only, no correlation
    assert sorted(spec.distributions) == ["inflation", "opex"]
    assert dict(spec.correlations) == {}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_the_defaults_run_on_every_sample(path: Path) -> None:
    project = load_project(path).project
    spec = default_monte_carlo(project)
    result = run_monte_carlo(project, spec_with_defaults(project, {"scenarios": 1_000}))
    assert result.scenarios_done == 1_000
    percentiles = result.percentiles["government_pv"]
    assert percentiles["p5"] is not None
    assert percentiles["p95"] is not None
    assert percentiles["p5"] <= percentiles["p95"]
    assert result.spec.distributions == spec.distributions


def test_every_default_is_documented_with_its_reason() -> None:
    text = (REPO / "docs" / "risk.md").read_text(encoding="utf-8")
    match = re.search(r"^## Default distributions\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, "docs/risk.md has no section 'Default distributions'"
    section = match.group(1)
    for driver, parameters in {
        "capex": "0.95, 1.0, 1.25",
        "opex": "0.95, 1.0, 1.15",
        "user_revenue": "0.8, 1.0, 1.05",
        "loan_rate": "0, 0.005",
        "inflation": "0, 0.005",
        "performance_score": "expected − 20, expected, expected + 5",
        "construction_delay": "0, 0, 2",
    }.items():
        line = next((line for line in section.splitlines() if f"`{driver}`" in line), "")
        assert parameters in line, driver
        assert "because" in line.lower() or "why" in line.lower(), f"{driver}: no reason given"
    assert "0.5" in section


def test_settings_replace_the_defaults_they_name_and_keep_the_others() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = spec_with_defaults(
        project,
        {
            "distributions": {"opex": {"kind": "uniform", "low": 1.0, "high": 1.2}},
            "scenarios": 2_000,
            "seed": 11,
            "hurdle": 0.08,
        },
    )
    assert spec.distributions["opex"] == Uniform(1.0, 1.2)
    assert spec.distributions["capex"] == Triangular(0.95, 1.0, 1.25)
    assert (spec.scenarios, spec.seed, spec.hurdle) == (2_000, 11, 0.08)
    assert dict(spec.correlations) == {("capex", "construction_delay"): 0.5}
    uncorrelated = spec_with_defaults(project, {"correlations": []})
    assert dict(uncorrelated.correlations) == {}
    alone = spec_with_defaults(
        project,
        {
            "use_defaults": False,
            "distributions": {"capex": {"kind": "pert", "low": 1, "mode": 1, "high": 1.4}},
        },
    )
    assert dict(alone.distributions) == {"capex": Pert(1.0, 1.0, 1.4)}


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"scenario": 5000}, [("monte_carlo.scenario", "rule.unknown_key")]),
        ({"distributions": [1, 2]}, [("monte_carlo.distributions", "rule.table")]),
        ({"correlations": {"capex": 0.5}}, [("monte_carlo.correlations", "rule.list")]),
        ({"use_defaults": "no"}, [("monte_carlo.use_defaults", "rule.boolean")]),
        ({"scenarios": 10}, [("monte_carlo.scenarios", "risk.scenarios_range")]),
        (
            {"distributions": {"capex": {"kind": "triangular", "low": 1.0, "mode": 0.9, "high": 1.2}}},
            [("monte_carlo.distributions.capex.mode", "risk.param_at_least")],
        ),
        (
            {"use_defaults": False, "correlations": [{"drivers": ["capex", "opex"], "rho": 0.3}]},
            [
                ("monte_carlo.correlations.capex.opex", "risk.correlation_no_distribution"),
                ("monte_carlo.correlations.capex.opex", "risk.correlation_no_distribution"),
            ],
        ),
    ],
)
def test_bad_settings_name_their_key_path(settings: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    with pytest.raises(ProjectError) as caught:
        spec_with_defaults(sample("yangxin_smart_city_bot"), settings)
    assert [(problem.path, problem.rule) for problem in caught.value.problems] == expected
