"""Monte Carlo: zero variance is the plan exactly, the same seed the same numbers, percentiles converge to a
known analytic distribution, correlations are honoured, runs report progress and can be cancelled; and the
distributions and settings refuse bad parameters by name."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppp.engine import evaluate
from ppp.engine.numerics import npv
from ppp.model import Project, ProjectError, load_project
from ppp.risk.distributions import (
    DISTRIBUTION_KINDS,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    distribution_from_dict,
)
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, OUTPUT_METRICS
from ppp.risk.montecarlo import (
    MonteCarloSpec,
    average_ranks,
    draw_drivers,
    iman_conover,
    run_monte_carlo,
    spearman,
)

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"
# standard normal quantiles of P5 and P95, and the density there
Z_95 = 1.6448536269514722
DENSITY_AT_Z_95 = math.exp(-(Z_95**2) / 2.0) / math.sqrt(2.0 * math.pi)


def sample(name: str) -> Project:
    return load_project(SAMPLES / f"{name}.toml").project


def every_driver(project: Project) -> dict[str, Any]:
    """A distribution on every driver (user revenue and performance score kept in the plan's range)."""
    score = project.payment.expected_score
    return {
        "capex": Triangular(0.95, 1.0, 1.3),
        "opex": Pert(0.9, 1.0, 1.25),
        "user_revenue": Normal(1.0, 0.08),
        "loan_rate": Uniform(-0.005, 0.01),
        "inflation": Normal(0.0, 0.004),
        "performance_score": Triangular(min(score, 75.0), score, max(score, 98.0)),
        "construction_delay": Triangular(0.0, 0.0, 2.0),
    }


# ---------------------------------------------------------------------------------------------------------
# zero variance = the deterministic evaluation, exactly
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["yangxin_smart_city_bot", "penglai_viability_gap", "user_pay_franchise_2023"]
)
def test_zero_variance_distributions_equal_the_deterministic_evaluation_exactly(name: str) -> None:
    project = sample(name)
    score = project.payment.expected_score
    spec = MonteCarloSpec(
        {
            "capex": Triangular(1.0, 1.0, 1.0),
            "opex": LogNormal(1.0, 0.0),
            "user_revenue": Pert(1.0, 1.0, 1.0),
            "loan_rate": Normal(0.0, 0.0),
            "inflation": Uniform(0.0, 0.0),
            "performance_score": Pert(score, score, score),
            "construction_delay": Triangular(0.0, 0.0, 0.0),
        },
        correlations={("capex", "construction_delay"): 0.6, ("opex", "user_revenue"): -0.3},
        scenarios=1_000,
        seed=11,
        chunk_size=300,
    )
    result = run_monte_carlo(project, spec)
    metrics = evaluate(project).metrics
    assert result.scenarios_done == 1_000
    assert not result.cancelled
    for key in OUTPUT_KEYS:
        expected = metrics[OUTPUT_METRICS[key]]
        assert expected is not None
        assert (result.outputs[key] == expected).all(), key
        percentiles = result.percentiles[key]
        assert percentiles["p5"] == percentiles["p50"] == percentiles["p95"] == expected
    # nothing varies, so no driver "matters"
    assert all(value is None for row in result.rank_correlations.values() for value in row.values())


# ---------------------------------------------------------------------------------------------------------
# reproducibility
# ---------------------------------------------------------------------------------------------------------


def test_the_same_seed_gives_identical_results_whatever_the_chunk_size() -> None:
    project = sample("taoyuan_phase1_refresh")
    settings: dict[str, Any] = {
        "distributions": every_driver(project),
        "correlations": {("capex", "construction_delay"): 0.5},
        "scenarios": 2_000,
        "seed": 2024,
    }
    first = run_monte_carlo(project, MonteCarloSpec(**settings))
    again = run_monte_carlo(project, MonteCarloSpec(**settings))
    chunked = run_monte_carlo(project, MonteCarloSpec(**settings, chunk_size=333))
    for other in (again, chunked):
        for key in OUTPUT_KEYS:
            np.testing.assert_array_equal(first.outputs[key], other.outputs[key])
        for key in DRIVER_KEYS:
            np.testing.assert_array_equal(first.drivers[key], other.drivers[key])
        assert first.percentiles == other.percentiles
        assert first.probabilities == other.probabilities
        assert first.rank_correlations == other.rank_correlations
    assert json.dumps(first.to_json()) == json.dumps(again.to_json())
    reseeded = run_monte_carlo(project, MonteCarloSpec(**{**settings, "seed": 2025}))
    assert not np.array_equal(first.outputs["equity_irr"], reseeded.outputs["equity_irr"])


def test_known_draws_of_a_seed_stay_the_same() -> None:
    # PCG64 and numpy's uniform draws are specified bit for bit: these are Generator(PCG64(7)).random(3)
    project = sample("yangxin_smart_city_bot")
    drivers, _ = draw_drivers(project, MonteCarloSpec({"opex": Uniform(0.0, 1.0)}, scenarios=1_000, seed=7))
    expected = np.random.Generator(np.random.PCG64(7)).random(3)
    assert drivers.opex[:3].tolist() == expected.tolist()


# ---------------------------------------------------------------------------------------------------------
# percentiles converge to an analytic distribution
# ---------------------------------------------------------------------------------------------------------


def test_percentiles_converge_to_the_analytic_normal_distribution() -> None:
    # penglai's viability-gap payment nets user revenue and stays positive, so government PV is linear in the
    # revenue multiplier m: PV = PV(A + M) − m × PV(U). With m ~ Normal(1, 0.05) the PV is normal with mean
    # PV(A + M) − PV(U) and sd 0.05 × PV(U); the error of a sample quantile shrinks like 1/√n
    project = sample("penglai_viability_gap")
    rows = evaluate(project).years
    rate = project.rates.discount_rate
    gross = float(npv(rate, np.array([row["availability_payment"] + row["om_payment"] for row in rows])))
    revenue = float(npv(rate, np.array([row["user_revenue"] for row in rows])))
    mean, sd = gross - revenue, 0.05 * revenue
    analytic = {"p5": mean - Z_95 * sd, "p50": mean, "p95": mean + Z_95 * sd}
    errors: dict[int, float] = {}
    for scenarios in (1_000, 100_000):
        spec = MonteCarloSpec({"user_revenue": Normal(1.0, 0.05)}, scenarios=scenarios, seed=99)
        result = run_monte_carlo(project, spec)
        # standard error of the P5/P95 sample quantile: √(p(1 − p)/n) / φ(z) × sd
        standard_error = math.sqrt(0.05 * 0.95 / scenarios) / DENSITY_AT_Z_95 * sd
        for key, expected in analytic.items():
            assert result.percentiles["government_pv"][key] == pytest.approx(
                expected, abs=4.0 * standard_error
            )
        errors[scenarios] = max(
            abs(result.percentiles["government_pv"][key] - value) for key, value in analytic.items()
        )  # type: ignore[operator]
        assert result.rank_correlations["government_pv"]["user_revenue"] == pytest.approx(-1.0)
    assert errors[100_000] < errors[1_000]


@pytest.mark.parametrize(
    ("distribution", "mean", "sd"),
    [
        (Triangular(0.9, 1.0, 1.4), 1.1, math.sqrt((0.81 + 1.0 + 1.96 - 0.9 - 1.26 - 1.4) / 18.0)),
        (Pert(0.0, 1.0, 4.0), 4.0 / 3.0, math.sqrt((4.0 / 3.0) * (8.0 / 3.0) / 7.0)),
        (Normal(0.01, 0.002), 0.01, 0.002),
        (LogNormal(1.0, 0.2), math.exp(0.02), math.exp(0.02) * math.sqrt(math.exp(0.04) - 1.0)),
        (Uniform(60.0, 100.0), 80.0, 40.0 / math.sqrt(12.0)),
    ],
)
def test_each_distribution_draws_its_analytic_mean_and_spread(
    distribution: Any, mean: float, sd: float
) -> None:
    # triangular variance (a² + b² + c² − ab − ac − bc)/18; PERT (μ − a)(b − μ)/7; lognormal as usual
    draws = distribution.sample(np.random.Generator(np.random.PCG64(3)), 200_000)
    assert draws.mean() == pytest.approx(mean, abs=5.0 * sd / math.sqrt(200_000))
    assert draws.std() == pytest.approx(sd, rel=0.01)
    if hasattr(distribution, "mean"):
        assert distribution.mean == pytest.approx(mean, rel=1e-12)


# ---------------------------------------------------------------------------------------------------------
# correlation
# ---------------------------------------------------------------------------------------------------------


def test_correlations_are_honoured_and_marginals_kept() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(
        every_driver(project),
        correlations={
            ("capex", "construction_delay"): 0.6,
            ("opex", "user_revenue"): -0.4,
            ("capex", "opex"): 0.3,
        },
        scenarios=20_000,
        seed=5,
    )
    drivers, _ = draw_drivers(project, spec)
    assert spearman(drivers.capex, drivers.opex) == pytest.approx(0.3, abs=0.03)
    assert spearman(drivers.opex, drivers.user_revenue) == pytest.approx(-0.4, abs=0.03)
    assert spearman(drivers.capex, drivers.inflation) == pytest.approx(0.0, abs=0.03)
    # the delay is rounded to whole years, which ties ranks: its correlation is lower, but clearly there
    assert spearman(drivers.capex, drivers.construction_delay.astype(float)) > 0.45
    # reordering keeps each driver's own draws: the same values as without correlation
    independent, _ = draw_drivers(project, MonteCarloSpec(every_driver(project), scenarios=20_000, seed=5))
    np.testing.assert_array_equal(np.sort(drivers.capex), np.sort(independent.capex))
    np.testing.assert_array_equal(np.sort(drivers.user_revenue), np.sort(independent.user_revenue))


def test_iman_conover_reaches_the_target_rank_correlation() -> None:
    rng = np.random.Generator(np.random.PCG64(1))
    samples = np.column_stack(
        [rng.lognormal(0.0, 1.0, 50_000), rng.random(50_000), rng.standard_normal(50_000)]
    )
    target = np.array([[1.0, 0.8, -0.5], [0.8, 1.0, -0.2], [-0.5, -0.2, 1.0]])
    reordered = iman_conover(samples, target, rng)
    for first, second in ((0, 1), (0, 2), (1, 2)):
        assert spearman(reordered[:, first], reordered[:, second]) == pytest.approx(
            target[first, second], abs=0.01
        )


def test_a_perfect_correlation_is_allowed() -> None:
    # a singular (but positive semi-definite) matrix: Cholesky fails, the eigen factor takes over
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(
        {"capex": Uniform(0.9, 1.3), "opex": Uniform(0.9, 1.3)},
        correlations={("capex", "opex"): 1.0},
        scenarios=1_000,
    )
    drivers, _ = draw_drivers(project, spec)
    assert spearman(drivers.capex, drivers.opex) == pytest.approx(1.0, abs=1e-9)


def test_a_matrix_that_is_not_positive_semi_definite_is_refused() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(
        {"capex": Uniform(0.9, 1.3), "opex": Uniform(0.9, 1.3), "user_revenue": Uniform(0.8, 1.1)},
        correlations={("capex", "opex"): 0.9, ("capex", "user_revenue"): 0.9, ("opex", "user_revenue"): -0.9},
        scenarios=1_000,
    )
    with pytest.raises(ProjectError) as caught:
        run_monte_carlo(project, spec)
    (problem,) = caught.value.problems
    assert problem.rule == "risk.correlation_not_psd"
    assert "semi-definite" in problem.message("en")
    assert "半正定" in problem.message("zh")


# ---------------------------------------------------------------------------------------------------------
# results: probabilities, ranking, progress, cancellation, JSON
# ---------------------------------------------------------------------------------------------------------


def test_probabilities_and_driver_ranking_follow_the_scenarios() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(every_driver(project), scenarios=3_000, seed=8)
    result = run_monte_carlo(project, spec)
    irr = result.outputs["equity_irr"]
    dscr = result.outputs["min_dscr"]
    assert result.hurdle == project.rates.equity_hurdle_rate
    assert result.probabilities["equity_irr_below_hurdle"] == np.count_nonzero(irr < 0.07) / np.count_nonzero(
        ~np.isnan(irr)
    )
    assert result.probabilities["min_dscr_below_1"] == np.count_nonzero(dscr < 1.0) / np.count_nonzero(
        ~np.isnan(dscr)
    )
    ranking = result.ranked_drivers("equity_irr")
    assert ranking[0][0] == "capex"  # a 30 % overrun tail on 91,180 万元 of capex
    assert abs(ranking[0][1]) >= abs(ranking[-1][1])
    assert result.rank_correlations["equity_irr"]["capex"] < 0.0
    assert result.percentiles["equity_irr"]["p5"] < result.percentiles["equity_irr"]["p95"]  # type: ignore[operator]


def test_progress_is_reported_and_a_run_can_be_cancelled() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec({"capex": Triangular(0.95, 1.0, 1.3)}, scenarios=2_500, seed=1, chunk_size=1_000)
    calls: list[tuple[int, int]] = []

    def record(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    complete = run_monte_carlo(project, spec, on_chunk=record)
    assert calls == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    assert not complete.cancelled

    def stop_after_first(done: int, total: int) -> bool:
        return done < 1_000

    cancelled = run_monte_carlo(project, spec, on_chunk=stop_after_first)
    assert cancelled.cancelled
    assert cancelled.scenarios_done == 1_000
    assert cancelled.outputs["equity_irr"].shape == (1_000,)
    assert cancelled.drivers["capex"].shape == (1_000,)
    np.testing.assert_array_equal(cancelled.outputs["equity_irr"], complete.outputs["equity_irr"][:1_000])
    summary = cancelled.to_json()
    assert summary["cancelled"] is True
    assert summary["scenarios_done"] == 1_000
    assert summary["scenarios_requested"] == 2_500


def test_the_summary_is_plain_json_and_its_settings_read_back() -> None:
    project = sample("user_pay_franchise_2023")
    spec = MonteCarloSpec(
        every_driver(project),
        correlations={("capex", "construction_delay"): 0.5},
        scenarios=1_000,
        hurdle=0.09,
    )
    summary = run_monte_carlo(project, spec).to_json()
    text = json.dumps(summary, allow_nan=False)
    assert json.loads(text)["schema"] == "ppp-monte-carlo/1"
    assert summary["hurdle"] == 0.09
    assert set(summary["percentiles"]) == set(OUTPUT_KEYS)
    assert MonteCarloSpec.from_dict(summary["settings"]) == spec


def test_draws_outside_a_drivers_domain_are_clipped_and_counted() -> None:
    project = sample("yangxin_smart_city_bot")
    spec = MonteCarloSpec(
        {
            "capex": Normal(0.2, 0.5),
            "performance_score": Normal(95.0, 10.0),
            "construction_delay": Normal(0.0, 1.0),
        },
        scenarios=2_000,
        seed=4,
    )
    drivers, clipped = draw_drivers(project, spec)
    assert drivers.capex.min() == 0.0
    assert clipped["capex"] == np.count_nonzero(drivers.capex == 0.0)
    assert drivers.performance_score.min() >= 0.0
    assert drivers.performance_score.max() == 100.0
    assert drivers.construction_delay.dtype == np.int64
    assert drivers.construction_delay.min() == 0
    assert clipped["opex"] == 0
    assert run_monte_carlo(project, spec).clipped == clipped


# ---------------------------------------------------------------------------------------------------------
# ranks, settings and parameters
# ---------------------------------------------------------------------------------------------------------


def test_average_ranks_and_spearman_worked_examples() -> None:
    assert average_ranks(np.array([10.0, 30.0, 20.0, 30.0])).tolist() == [1.0, 3.5, 2.0, 3.5]
    # ranks (1, 2, 3, 4) and (1, 3, 2, 4): Σd² = 2, ρ = 1 − 6 × 2 / (4 × 15) = 0.8
    assert spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 40.0, 20.0, 50.0])) == pytest.approx(0.8)
    assert math.isnan(spearman(np.ones(4), np.arange(4.0)))


@given(values=st.lists(st.floats(-1e6, 1e6, allow_subnormal=False), min_size=3, max_size=40, unique=True))
def test_spearman_depends_on_order_only(values: list[float]) -> None:
    first = np.array(values)
    second = np.roll(first, 1)
    # doubling and halving are exact in floating point, so the order (and the ranks) cannot change
    assert spearman(first, second) == pytest.approx(spearman(first * 2.0, second * 0.5), abs=1e-12)
    assert spearman(-first, second) == pytest.approx(-spearman(first, second), abs=1e-12)
    assert spearman(first, first) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("data", "path", "rule"),
    [
        ({"kind": "gamma", "shape": 2.0}, "x.kind", "risk.kind_unknown"),
        ({"kind": "normal", "mean": 1.0}, "x.sd", "risk.param_missing"),
        ({"kind": "normal", "mean": 1.0, "sd": 0.1, "skew": 2.0}, "x.skew", "risk.param_unknown"),
        ({"kind": "normal", "mean": "one", "sd": 0.1}, "x.mean", "risk.param_number"),
        ({"kind": "normal", "mean": 1.0, "sd": float("nan")}, "x.sd", "risk.param_number"),
        ({"kind": "normal", "mean": 1.0, "sd": -0.1}, "x.sd", "risk.param_not_negative"),
        ({"kind": "lognormal", "median": 0.0, "sigma": 0.1}, "x.median", "risk.param_positive"),
        ({"kind": "triangular", "low": 1.0, "mode": 0.9, "high": 1.2}, "x.mode", "risk.param_at_least"),
        ({"kind": "pert", "low": 0.9, "mode": 1.2, "high": 1.1}, "x.high", "risk.param_at_least"),
        ({"kind": "uniform", "low": 2.0, "high": 1.0}, "x.high", "risk.param_at_least"),
    ],
)
def test_bad_parameters_are_named_with_value_and_rule(data: dict[str, Any], path: str, rule: str) -> None:
    with pytest.raises(ProjectError) as caught:
        distribution_from_dict(data, "x")
    problem = caught.value.problems[0]
    assert (problem.path, problem.rule) == (path, rule)
    english, chinese = problem.message("en"), problem.message("zh")
    assert english.startswith(path)
    assert english != chinese
    assert "{" not in english + chinese


def test_every_kind_reads_back_from_its_json() -> None:
    examples = [
        Triangular(0.9, 1.0, 1.2),
        Pert(0.9, 1.0, 1.2),
        Normal(0.0, 0.01),
        LogNormal(1.0, 0.1),
        Uniform(0, 1),
    ]
    assert sorted(example.kind for example in examples) == sorted(DISTRIBUTION_KINDS)
    for example in examples:
        assert distribution_from_dict(example.to_json()) == example


def test_bad_settings_are_all_reported_by_path() -> None:
    with pytest.raises(ProjectError) as caught:
        MonteCarloSpec.from_dict(
            {
                "distributions": {"weather": {"kind": "uniform", "low": 0.0, "high": 1.0}},
                "correlations": [{"drivers": ["capex", "opex"], "rho": 1.5}],
                "scenarios": 500,
                "seed": -1,
                "chunk_size": 0,
            }
        )
    found = {(problem.path, problem.rule) for problem in caught.value.problems}
    assert ("monte_carlo.distributions.weather", "risk.driver_unknown") in found
    assert ("monte_carlo.correlations.capex.opex", "risk.correlation_range") in found
    assert ("monte_carlo.correlations.capex.opex", "risk.correlation_no_distribution") in found
    assert ("monte_carlo.scenarios", "risk.scenarios_range") in found
    assert ("monte_carlo.seed", "risk.seed_range") in found
    assert ("monte_carlo.chunk_size", "risk.chunk_range") in found
    for problem in caught.value.problems:
        assert "{" not in problem.message("en") + problem.message("zh")
    with pytest.raises(ProjectError):
        MonteCarloSpec.from_dict({"distributions": {}, "scenarios": 100_001})
