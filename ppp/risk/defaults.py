"""The Monte Carlo settings used when the user gives none: a documented distribution per driver that applies.

Each choice and its reason is written down in ``docs/risk.md`` ("Default distributions"). In short: costs
overrun more often and further than they underrun (right-skewed triangulars), rates move symmetrically by
about half a point, an operator's score falls short of the plan more easily than it beats it, user demand is
over-forecast, and late construction is common but rarely more than two years, and comes with overruns.
A driver that cannot change the project (capex without capex items, a loan rate without a loan, a score
without score bands, user revenue without revenue, a delay without construction) gets no distribution.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project
from ppp.risk.distributions import Distribution, Normal, Pert, Triangular
from ppp.risk.montecarlo import MonteCarloSpec

#: construction and refresh capex: −5 % to +25 %, most likely the plan (overruns dominate ICT projects)
CAPEX = Triangular(low=0.95, mode=1.0, high=1.25)
#: operating costs: −5 % to +15 %, most likely the plan
OPEX = Triangular(low=0.95, mode=1.0, high=1.15)
#: user revenue: −20 % to +5 %, most likely the plan (demand forecasts are optimistic)
USER_REVENUE = Triangular(low=0.8, mode=1.0, high=1.05)
#: change of the loan rate: mean 0, sd half a point (a benchmark rate's typical move over a few years)
LOAN_RATE = Normal(mean=0.0, sd=0.005)
#: change of inflation: mean 0, sd half a point
INFLATION = Normal(mean=0.0, sd=0.005)
#: construction delay in years: PERT(0, 0, 2), rounded to whole years (on time is the most likely case)
CONSTRUCTION_DELAY = Pert(low=0.0, mode=0.0, high=2.0)
#: points the performance score can fall below / rise above the plan's expected score
SCORE_SHORTFALL = 20.0
SCORE_UPSIDE = 5.0
#: Spearman rank correlation of capex and the construction delay (late projects overrun)
CAPEX_DELAY_CORRELATION = 0.5


def default_monte_carlo(project: Project) -> MonteCarloSpec:
    """The default distributions of ``project``'s drivers, 10,000 scenarios, seed 0, the project's hurdle.

    Parameters
    ----------
    project : Project
        A validated project: which drivers apply, and the expected score the score's PERT centres on.

    Returns
    -------
    MonteCarloSpec
        Capex triangular(0.95, 1, 1.25) and opex triangular(0.95, 1, 1.15) (multiples of the plan) where the
        project has such items; loan rate normal(0, 0.005) (a change of the rate) where it borrows; inflation
        normal(0, 0.005); performance score PERT(expected − 20, expected, expected + 5) points, kept within
        0–100, where score bands exist; user revenue triangular(0.8, 1, 1.05) where there is user revenue;
        construction delay PERT(0, 0, 2) years where construction takes time; capex and delay with rank
        correlation 0.5 when both vary.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> spec = default_monte_carlo(project)
    >>> sorted(spec.distributions)
    ['capex', 'construction_delay', 'inflation', 'loan_rate', 'opex', 'performance_score']
    >>> spec.distributions["performance_score"].to_json()
    {'kind': 'pert', 'low': 72.0, 'mode': 92.0, 'high': 97.0}
    >>> dict(spec.correlations)
    {('capex', 'construction_delay'): 0.5}
    """
    distributions: dict[str, Distribution] = {}
    if project.capex:
        distributions["capex"] = CAPEX
    if project.opex:
        distributions["opex"] = OPEX
    if project.revenue:
        distributions["user_revenue"] = USER_REVENUE
    if project.financing.equity_ratio < 1.0:
        distributions["loan_rate"] = LOAN_RATE
    distributions["inflation"] = INFLATION
    if project.payment.score_bands:
        expected = float(project.payment.expected_score)
        distributions["performance_score"] = Pert(
            low=max(0.0, expected - SCORE_SHORTFALL), mode=expected, high=min(100.0, expected + SCORE_UPSIDE)
        )
    if project.timeline.construction_years > 0:
        distributions["construction_delay"] = CONSTRUCTION_DELAY
    correlations: dict[tuple[str, str], float] = {}
    if "capex" in distributions and "construction_delay" in distributions:
        correlations[("capex", "construction_delay")] = CAPEX_DELAY_CORRELATION
    return MonteCarloSpec(distributions=distributions, correlations=correlations)


#: the keys a settings file may hold: :meth:`MonteCarloSpec.from_dict`'s, and whether the defaults fill in
SETTINGS_KEYS: tuple[str, ...] = (
    "distributions",
    "correlations",
    "scenarios",
    "seed",
    "hurdle",
    "chunk_size",
    "use_defaults",
)


def spec_with_defaults(project: Project, settings: Mapping[str, Any]) -> MonteCarloSpec:
    """The default settings of ``project`` overridden by ``settings`` (the shape of
    :meth:`MonteCarloSpec.from_dict`), validated as a whole.

    A distribution given replaces that driver's default; drivers not named keep their default distribution,
    unless ``use_defaults = false``, which starts from no distribution at all. ``correlations``, when given,
    replace the default correlations; ``scenarios``, ``seed``, ``hurdle`` and ``chunk_size`` replace theirs.

    Raises
    ------
    ProjectError
        An unknown key, a value of the wrong shape, or any problem of the merged settings, each with its key
        path under ``monte_carlo``.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> opex = {"kind": "uniform", "low": 1, "high": 1.2}
    >>> spec = spec_with_defaults(project, {"distributions": {"opex": opex}, "seed": 7})
    >>> spec.distributions["opex"].to_json(), spec.seed, "capex" in spec.distributions
    ({'kind': 'uniform', 'low': 1.0, 'high': 1.2}, 7, True)
    >>> sorted(spec_with_defaults(project, {"use_defaults": False, "scenarios": 1000}).distributions)
    []
    """
    problems = [
        Problem(f"monte_carlo.{key}", "rule.unknown_key", value)
        for key, value in settings.items()
        if key not in SETTINGS_KEYS
    ]
    given = settings.get("distributions", {})
    if not isinstance(given, Mapping):
        problems.append(Problem("monte_carlo.distributions", "rule.table", given))
    correlations = settings.get("correlations", [])
    if not isinstance(correlations, list):
        problems.append(Problem("monte_carlo.correlations", "rule.list", correlations))
    use_defaults = settings.get("use_defaults", True)
    if not isinstance(use_defaults, bool):
        problems.append(Problem("monte_carlo.use_defaults", "rule.boolean", use_defaults))
    if problems:
        raise ProjectError(problems)
    merged: dict[str, Any] = (
        default_monte_carlo(project).to_json() if use_defaults else {"distributions": {}, "correlations": []}
    )
    merged["distributions"] = {**merged["distributions"], **given}
    replaced = ("correlations", "scenarios", "seed", "hurdle", "chunk_size")
    merged.update({key: settings[key] for key in replaced if key in settings})
    return MonteCarloSpec.from_dict(merged)
