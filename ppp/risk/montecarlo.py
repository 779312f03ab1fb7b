"""Monte Carlo simulation of a project's risk drivers (methodology §10).

A run draws every scenario's driver values up front from ``numpy.random.Generator(PCG64(seed))``, imposes
the rank correlations asked for by the Iman–Conover method, then evaluates the scenarios with the engine's
batched path in chunks (:class:`~ppp.risk.drivers.ScenarioEvaluator`): arrays of scenarios × periods, the
IRRs of a chunk solved at once, memory bounded by the chunk. The same project, settings and seed give the
same numbers on every run and for every chunk size.

Correlation (Iman & Conover 1982): independent draws of each driver are reordered so that their ranks follow
those of correlated normal scores. The target matrix holds Spearman rank correlations ρ; the normal scores
get the Pearson correlation 2 sin(πρ/6), whose rank correlation is ρ. The scores' sample correlation is first
whitened (Cholesky of its own correlation), then coloured with the Cholesky factor of the target, so the
scores hold the target exactly in each run. Every driver keeps its own distribution exactly: only the order
of its draws changes. A matrix that is not positive semi-definite is refused with the smallest eigenvalue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np
from numpy.random import PCG64, Generator
from numpy.typing import NDArray

from ppp.engine.inputs import FloatArray
from ppp.model.defaults import resolve_defaults
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project
from ppp.risk.distributions import Distribution, distribution_from_dict
from ppp.risk.drivers import (
    DRIVER_KEYS,
    MAX_CONSTRUCTION_YEARS,
    OUTPUT_KEYS,
    DriverValues,
    ScenarioEvaluator,
)

MONTE_CARLO_SCHEMA = "ppp-monte-carlo/1"
MIN_SCENARIOS = 1_000
MAX_SCENARIOS = 100_000
DEFAULT_CHUNK_SIZE = 10_000
MAX_SEED = 2**63 - 1
PERCENTILES: tuple[int, ...] = (5, 50, 95)
#: the DSCR below which a year's cash does not cover its debt service
DSCR_FLOOR = 1.0
#: the lowest inflation rate a draw is clipped to (the model needs 1 + rate > 0)
INFLATION_FLOOR = -0.99
# eigenvalues this far below 0 are rounding of a positive semi-definite matrix, not a broken one
_PSD_TOLERANCE = 1e-10

#: ``on_chunk(done, total)`` after each chunk; returning False cancels the run
ProgressCallback = Callable[[int, int], bool]


@dataclass(frozen=True)
class MonteCarloSpec:
    """The settings of a run.

    ``distributions`` maps a driver key (:data:`~ppp.risk.drivers.DRIVER_KEYS`) to its distribution; drivers
    left out keep the plan. ``correlations`` maps a pair of driver keys to their Spearman rank correlation.
    ``hurdle`` is the equity return the probability of falling short is measured against (default: the
    project's ``rates.equity_hurdle_rate``).
    """

    distributions: Mapping[str, Distribution]
    correlations: Mapping[tuple[str, str], float] = field(default_factory=dict)
    scenarios: int = 10_000
    seed: int = 0
    chunk_size: int = DEFAULT_CHUNK_SIZE
    hurdle: float | None = None

    def problems(self) -> list[Problem]:
        """Every broken rule of the settings (paths under ``monte_carlo``)."""
        problems: list[Problem] = []
        expected = ", ".join(DRIVER_KEYS)
        for key, distribution in self.distributions.items():
            if key not in DRIVER_KEYS:
                problems.append(
                    Problem(
                        f"monte_carlo.distributions.{key}", "risk.driver_unknown", key, {"expected": expected}
                    )
                )
            else:
                problems += distribution.problems(f"monte_carlo.distributions.{key}")
        seen: set[frozenset[str]] = set()
        for (first, second), rho in self.correlations.items():
            path = f"monte_carlo.correlations.{first}.{second}"
            pair = frozenset((first, second))
            for key in (first, second):
                if key not in DRIVER_KEYS:
                    problems.append(Problem(path, "risk.driver_unknown", key, {"expected": expected}))
                elif key not in self.distributions:
                    problems.append(Problem(path, "risk.correlation_no_distribution", rho, {"driver": key}))
            if first == second:
                problems.append(Problem(path, "risk.correlation_self", rho))
            elif pair in seen:
                problems.append(Problem(path, "risk.correlation_twice", rho))
            seen.add(pair)
            if not _is_number(rho) or not -1.0 <= rho <= 1.0:
                problems.append(Problem(path, "risk.correlation_range", rho))
        if not _is_whole(self.scenarios) or not MIN_SCENARIOS <= self.scenarios <= MAX_SCENARIOS:
            problems.append(
                Problem(
                    "monte_carlo.scenarios",
                    "risk.scenarios_range",
                    self.scenarios,
                    {"low": MIN_SCENARIOS, "high": MAX_SCENARIOS},
                )
            )
        if not _is_whole(self.seed) or not 0 <= self.seed <= MAX_SEED:
            problems.append(Problem("monte_carlo.seed", "risk.seed_range", self.seed, {"high": MAX_SEED}))
        if not _is_whole(self.chunk_size) or not 1 <= self.chunk_size <= MAX_SCENARIOS:
            problems.append(
                Problem(
                    "monte_carlo.chunk_size", "risk.chunk_range", self.chunk_size, {"high": MAX_SCENARIOS}
                )
            )
        if self.hurdle is not None and (not _is_number(self.hurdle) or not -1.0 < self.hurdle <= 10.0):
            problems.append(Problem("monte_carlo.hurdle", "risk.hurdle_range", self.hurdle))
        if not problems:
            problems += _correlation_problems(self)
        return problems

    def to_json(self) -> dict[str, Any]:
        """The settings as plain data; :meth:`from_dict` reads them back."""
        return {
            "distributions": {key: value.to_json() for key, value in self.distributions.items()},
            "correlations": [
                {"drivers": [first, second], "rho": rho} for (first, second), rho in self.correlations.items()
            ],
            "scenarios": self.scenarios,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
            "hurdle": self.hurdle,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MonteCarloSpec:
        """Settings from plain data (the shape :meth:`to_json` writes), validated.

        Raises
        ------
        ProjectError
            With every problem found, each naming its key path, the value and the rule.

        Examples
        --------
        >>> spec = MonteCarloSpec.from_dict({
        ...     "distributions": {"capex": {"kind": "triangular", "low": 0.95, "mode": 1.0, "high": 1.3}},
        ...     "scenarios": 2000, "seed": 7})
        >>> spec.scenarios, spec.distributions["capex"].mode
        (2000, 1.0)
        """
        problems: list[Problem] = []
        distributions: dict[str, Distribution] = {}
        for key, value in dict(data.get("distributions") or {}).items():
            path = f"monte_carlo.distributions.{key}"
            try:
                distributions[key] = distribution_from_dict(value if isinstance(value, Mapping) else {}, path)
            except ProjectError as error:
                problems += error.problems
        correlations: dict[tuple[str, str], float] = {}
        for index, entry in enumerate(data.get("correlations") or []):
            pair = entry.get("drivers") if isinstance(entry, Mapping) else None
            rho = entry.get("rho") if isinstance(entry, Mapping) else None
            if not (
                isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(k, str) for k in pair)
            ):
                problems.append(
                    Problem(
                        f"monte_carlo.correlations[{index + 1}].drivers",
                        "risk.driver_unknown",
                        pair,
                        {"expected": ", ".join(DRIVER_KEYS)},
                    )
                )
                continue
            if not _is_number(rho):
                problems.append(
                    Problem(f"monte_carlo.correlations[{index + 1}].rho", "risk.correlation_range", rho)
                )
                continue
            correlations[(pair[0], pair[1])] = float(rho)
        if problems:
            raise ProjectError(problems)
        spec = cls(
            distributions=distributions,
            correlations=correlations,
            scenarios=data.get("scenarios", 10_000),
            seed=data.get("seed", 0),
            chunk_size=data.get("chunk_size", DEFAULT_CHUNK_SIZE),
            hurdle=data.get("hurdle"),
        )
        found = spec.problems()
        if found:
            raise ProjectError(found)
        return spec


@dataclass(frozen=True)
class MonteCarloResult:
    """The scenarios of a run and their summary.

    ``drivers`` and ``outputs`` keep every evaluated scenario's values (arrays of shape ``(S,)``, S =
    ``scenarios_done``) for charts and the workbook's values sheet. ``percentiles[output]`` holds P5, P50,
    P95 and the mean over the scenarios where the output is defined; ``probabilities`` the shares of those
    scenarios with equity IRR below the hurdle and min DSCR below 1.0, and of infeasible scenarios (a
    sculpted loan left unpaid); ``rank_correlations[output][driver]`` the Spearman rank correlation, the
    measure of which drivers matter most (None where a driver or output does not vary).
    """

    spec: MonteCarloSpec
    scenarios_done: int
    cancelled: bool
    hurdle: float | None
    drivers: dict[str, NDArray[np.float64] | NDArray[np.int64]]
    outputs: dict[str, FloatArray]
    feasible: NDArray[np.bool_]
    clipped: dict[str, int]
    percentiles: dict[str, dict[str, float | None]]
    probabilities: dict[str, float | None]
    undefined: dict[str, int]
    rank_correlations: dict[str, dict[str, float | None]]

    def ranked_drivers(self, output: str) -> list[tuple[str, float]]:
        """The drivers by the size of their rank correlation with ``output``, largest first."""
        pairs = [(key, value) for key, value in self.rank_correlations[output].items() if value is not None]
        return sorted(pairs, key=lambda pair: -abs(pair[1]))

    def to_json(self) -> dict[str, Any]:
        """The ``ppp-monte-carlo/1`` summary object (the scenario arrays stay on the result)."""
        return {
            "schema": MONTE_CARLO_SCHEMA,
            "settings": self.spec.to_json(),
            "scenarios_requested": self.spec.scenarios,
            "scenarios_done": self.scenarios_done,
            "cancelled": self.cancelled,
            "hurdle": self.hurdle,
            "percentiles": self.percentiles,
            "probabilities": self.probabilities,
            "undefined": self.undefined,
            "infeasible": int(self.scenarios_done - int(self.feasible.sum())),
            "clipped": self.clipped,
            "rank_correlations": self.rank_correlations,
        }


def run_monte_carlo(
    project: Project, spec: MonteCarloSpec, *, on_chunk: ProgressCallback | None = None
) -> MonteCarloResult:
    """Draw ``spec.scenarios`` scenarios, evaluate them in chunks and summarise them.

    Parameters
    ----------
    project : Project
        A validated project (the plan).
    spec : MonteCarloSpec
        Distributions, correlations, number of scenarios, seed, chunk size and hurdle.
    on_chunk : callable, optional
        Called as ``on_chunk(done, total)`` after each chunk; returning False stops the run, whose result
        then says ``cancelled`` and covers the scenarios done.

    Returns
    -------
    MonteCarloResult
        Equity IRR (fraction), project NPV and government PV (money unit) and min DSCR of every scenario,
        their percentiles, the probabilities and the rank correlations.

    Raises
    ------
    ProjectError
        When the settings break a rule (each problem names the key path, the value and the rule).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.distributions import Triangular
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> spec = MonteCarloSpec({"capex": Triangular(1.0, 1.0, 1.3)}, scenarios=1000, seed=1)
    >>> result = run_monte_carlo(project, spec)
    >>> p5, p50, p95 = (result.percentiles["equity_irr"][key] for key in ("p5", "p50", "p95"))
    >>> p5 < p50 < p95 < 0.0772  # overruns only: every scenario is below the plan's 7.72 %
    True
    >>> result.rank_correlations["equity_irr"]["capex"]
    -1.0
    """
    problems = spec.problems()
    if problems:
        raise ProjectError(problems)
    drivers, clipped, orders = _draw(project, spec)
    evaluator = ScenarioEvaluator(project)
    total = spec.scenarios
    values = {key: np.full(total, np.nan) for key in OUTPUT_KEYS}
    feasible = np.ones(total, dtype=np.bool_)
    done = 0
    cancelled = False
    while done < total:
        stop = min(done + spec.chunk_size, total)
        outputs = evaluator.evaluate(drivers.take(slice(done, stop)), chunk_size=spec.chunk_size)
        for key in OUTPUT_KEYS:
            values[key][done:stop] = outputs.values[key]
        feasible[done:stop] = outputs.feasible
        done = stop
        if on_chunk is not None and not on_chunk(done, total) and done < total:
            cancelled = True
            break
    hurdle = spec.hurdle if spec.hurdle is not None else project.rates.equity_hurdle_rate
    kept = drivers.take(slice(0, done))
    return summarise(
        spec,
        {key: kept.column(key) for key in DRIVER_KEYS},
        {key: values[key][:done] for key in OUTPUT_KEYS},
        feasible[:done],
        hurdle=hurdle,
        clipped=clipped,
        cancelled=cancelled,
        # the orders sort the whole columns: a cancelled run keeps only their first scenarios
        driver_orders=None if cancelled else orders,
    )


def draw_drivers(project: Project, spec: MonteCarloSpec) -> tuple[DriverValues, dict[str, int]]:
    """Every scenario's driver values, correlated, clipped to each driver's domain; and the clipped counts.

    Drivers without a distribution keep the plan. Draws are made in :data:`DRIVER_KEYS` order from one
    ``Generator(PCG64(seed))``; the delay is rounded to whole years (half up).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.distributions import Uniform
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> spec = MonteCarloSpec({"opex": Uniform(0.9, 1.2)}, scenarios=1000, seed=3)
    >>> drivers, clipped = draw_drivers(project, spec)
    >>> bool(drivers.opex.min() >= 0.9 and drivers.opex.max() <= 1.2), clipped["opex"]
    (True, 0)
    """
    drivers, clipped, _ = _draw(project, spec)
    return drivers, clipped


def _draw(
    project: Project, spec: MonteCarloSpec
) -> tuple[DriverValues, dict[str, int], dict[str, NDArray[np.intp]]]:
    """:func:`draw_drivers`, with an order that sorts each correlated driver's values (none without
    correlations): the correlation step sorts them anyway, and the summary's ranks need that order."""
    rng = Generator(PCG64(spec.seed))
    scenarios = spec.scenarios
    uncertain = [key for key in DRIVER_KEYS if key in spec.distributions]
    samples = np.empty((scenarios, len(uncertain)))
    for column, key in enumerate(uncertain):
        samples[:, column] = spec.distributions[key].sample(rng, scenarios)
    sorting_orders: list[NDArray[np.intp]] = []
    if spec.correlations:
        samples = _iman_conover(samples, rank_correlation_target(spec, uncertain), rng, sorting_orders)
    neutral = DriverValues.neutral(project, scenarios)
    columns: dict[str, NDArray[np.float64] | NDArray[np.int64]] = {
        key: neutral.column(key) for key in DRIVER_KEYS
    }
    clipped = dict.fromkeys(DRIVER_KEYS, 0)
    resolved = resolve_defaults(project)
    for column, key in enumerate(uncertain):
        drawn = samples[:, column]
        if key == "construction_delay":
            drawn = np.floor(drawn + 0.5)
        low, high = _domain(resolved, key)
        inside = np.clip(drawn, low, high)
        clipped[key] = int(np.count_nonzero(inside != drawn))
        columns[key] = inside.astype(np.int64) if key == "construction_delay" else inside
    values = DriverValues(
        capex=np.asarray(columns["capex"], dtype=np.float64),
        opex=np.asarray(columns["opex"], dtype=np.float64),
        user_revenue=np.asarray(columns["user_revenue"], dtype=np.float64),
        loan_rate=np.asarray(columns["loan_rate"], dtype=np.float64),
        inflation=np.asarray(columns["inflation"], dtype=np.float64),
        performance_score=np.asarray(columns["performance_score"], dtype=np.float64),
        construction_delay=np.asarray(columns["construction_delay"], dtype=np.int64),
    )
    # rounding the delay and clipping to the domain never reverse two values: the orders still sort them
    return values, clipped, dict(zip(uncertain, sorting_orders, strict=False))


def rank_correlation_target(spec: MonteCarloSpec, keys: list[str]) -> FloatArray:
    """The target Spearman matrix over ``keys`` (1 on the diagonal, 0 where no correlation is given)."""
    index = {key: position for position, key in enumerate(keys)}
    matrix = np.eye(len(keys))
    for (first, second), rho in spec.correlations.items():
        matrix[index[first], index[second]] = matrix[index[second], index[first]] = rho
    return matrix


def iman_conover(samples: FloatArray, rank_correlation: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Reorder each column of ``samples`` so the columns' rank correlation approaches ``rank_correlation``.

    Each column keeps its values (its marginal distribution) exactly; only their order changes.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> samples = rng.random((5000, 2))
    >>> target = np.array([[1.0, 0.7], [0.7, 1.0]])
    >>> reordered = iman_conover(samples, target, rng)
    >>> round(spearman(reordered[:, 0], reordered[:, 1]), 1)
    0.7
    >>> bool((np.sort(reordered, axis=0) == np.sort(samples, axis=0)).all())
    True
    """
    return _iman_conover(samples, rank_correlation, rng, [])


def _iman_conover(
    samples: FloatArray,
    rank_correlation: FloatArray,
    rng: np.random.Generator,
    orders: list[NDArray[np.intp]],
) -> FloatArray:
    """:func:`iman_conover`, appending to ``orders`` each column's order: the permutation that sorts the
    reordered column (ascending)."""
    scenarios, count = samples.shape
    pearson = 2.0 * np.sin(np.pi * rank_correlation / 6.0)
    np.fill_diagonal(pearson, 1.0)
    # one driver's scores per row (contiguous), drawn in the same order as before: the reductions and the
    # sorts below then stream contiguous memory
    scores = np.ascontiguousarray(rng.standard_normal((scenarios, count)).T)
    scores -= scores.mean(axis=1, keepdims=True)
    scores /= scores.std(axis=1, keepdims=True)
    # whiten the scores' own sample correlation, then colour them with the target: one 7 × 7 matrix,
    # L_target · L_sample⁻¹. Only the order of each driver's scores is used: rounding that moves a score by
    # ~1e-15 does not reorder normal scores, whose smallest gap is ~1e-10 even among 100,000 of them
    sample_correlation: FloatArray = np.asarray(np.corrcoef(scores), dtype=np.float64)
    whitening: FloatArray = np.asarray(np.linalg.inv(_factor(sample_correlation)), dtype=np.float64)
    correlated: FloatArray = _factor(pearson) @ whitening @ scores
    reordered = np.empty_like(samples)

    def reorder(column: int) -> NDArray[np.intp]:
        scores_of_column = correlated[column]
        # without ties the sorting order is unique, so the faster unstable sort gives the stable sort's
        # order; with ties (practically never among normal scores) the stable sort decides, as always
        order = np.argsort(scores_of_column, kind="quicksort")
        ordered = scores_of_column[order]
        if bool((ordered[1:] == ordered[:-1]).any()) or bool(np.isnan(ordered[-1:]).any()):
            order = np.argsort(scores_of_column, kind="stable")
        reordered[order, column] = np.sort(samples[:, column])
        return order

    orders += [reorder(column) for column in range(count)]
    return reordered


def summarise(
    spec: MonteCarloSpec,
    drivers: Mapping[str, NDArray[np.float64] | NDArray[np.int64]],
    outputs: Mapping[str, FloatArray],
    feasible: NDArray[np.bool_],
    *,
    hurdle: float | None,
    clipped: Mapping[str, int],
    cancelled: bool,
    driver_orders: Mapping[str, NDArray[np.intp]] | None = None,
) -> MonteCarloResult:
    """Percentiles, probabilities and rank correlations of evaluated scenarios.

    ``driver_orders`` may give, for some drivers, a permutation that sorts their values (the correlation
    step's): their ranks then need no sort of their own. The result is the same with or without it.
    """
    done = int(feasible.shape[0])
    known_orders = driver_orders or {}
    uncertain = [key for key in DRIVER_KEYS if key in spec.distributions]
    # each output is sorted once: the order gives its ranks, the sorted values its percentiles
    ranked = {key: _RankedOutput.of(outputs[key]) for key in OUTPUT_KEYS}
    driver_ranks = {key: _centred_ranks(drivers[key], known_orders.get(key)) for key in uncertain}
    percentiles: dict[str, dict[str, float | None]] = {}
    undefined: dict[str, int] = {}
    for key in OUTPUT_KEYS:
        output = ranked[key]
        undefined[key] = done - int(output.ordered.shape[0])
        if output.ordered.shape[0] == 0:
            percentiles[key] = {**{f"p{level}": None for level in PERCENTILES}, "mean": None}
            continue
        # the percentiles of the sorted values are those of the values; the mean keeps the values' own
        # order (a sum's rounding depends on it)
        levels = np.percentile(output.ordered, PERCENTILES)
        percentiles[key] = {
            f"p{level}": float(value) for level, value in zip(PERCENTILES, levels, strict=True)
        }
        percentiles[key]["mean"] = float(np.mean(output.defined_values))
    probabilities: dict[str, float | None] = {
        "equity_irr_below_hurdle": None if hurdle is None else _share_below(outputs["equity_irr"], hurdle),
        "min_dscr_below_1": _share_below(outputs["min_dscr"], DSCR_FLOOR),
        "infeasible": None if done == 0 else float(np.count_nonzero(~feasible)) / done,
    }
    rank_correlations = {
        key: _rank_correlations({name: drivers[name] for name in uncertain}, driver_ranks, ranked[key])
        for key in OUTPUT_KEYS
    }
    return MonteCarloResult(
        spec=spec,
        scenarios_done=done,
        cancelled=cancelled,
        hurdle=hurdle,
        drivers=dict(drivers),
        outputs=dict(outputs),
        feasible=feasible,
        clipped=dict(clipped),
        percentiles=percentiles,
        probabilities=probabilities,
        undefined=undefined,
        rank_correlations=rank_correlations,
    )


@dataclass(frozen=True)
class _RankedOutput:
    """One output over the scenarios where it is defined: the values, sorted, and their centred ranks."""

    defined: NDArray[np.bool_] | None  # None where defined everywhere
    defined_values: FloatArray
    ordered: FloatArray
    ranks: FloatArray

    @classmethod
    def of(cls, values: FloatArray) -> _RankedOutput:
        defined = ~np.isnan(values)
        everywhere = bool(defined.all())
        kept = values if everywhere else values[defined]
        # NaNs are gone, so ties are the only equal values, and they share their mean rank: the unstable
        # sort gives the same ranks as the stable one
        order = np.argsort(kept, kind="quicksort")
        ordered = kept[order]
        return cls(
            defined=None if everywhere else defined,
            defined_values=kept,
            ordered=ordered,
            ranks=_centred_ranks(kept, order, ordered),
        )


def average_ranks(
    values: NDArray[np.float64] | NDArray[np.int64],
    order: NDArray[np.intp] | None = None,
    ordered: NDArray[np.float64] | NDArray[np.int64] | None = None,
) -> FloatArray:
    """Ranks from 1, ties sharing the mean of their ranks.

    ``order``, when given, is a permutation that sorts ``values`` (ascending; ties in any order) and
    ``ordered`` the values in that order: they save the sort.

    Examples
    --------
    >>> average_ranks(np.array([10.0, 30.0, 20.0, 30.0]))
    array([1. , 3.5, 2. , 3.5])
    >>> average_ranks(np.array([10.0, 30.0, 20.0, 30.0]), np.array([0, 2, 3, 1]))
    array([1. , 3.5, 2. , 3.5])
    """
    if order is None:
        # ties share their mean rank, so the order within a tie does not matter and the faster unstable
        # sort gives the same ranks; not so for NaNs (each its own group), which keep the stable order
        order = np.argsort(values, kind="stable" if np.isnan(values).any() else "quicksort")
    if ordered is None:
        ordered = values[order]
    count = ordered.shape[0]
    starts_group = np.empty(count, dtype=np.bool_)
    starts_group[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_group[1:])
    ranks = np.empty(count)
    if bool(starts_group.all()):
        # no ties: the rank of the i-th smallest value is i + 1
        ranks[order] = np.arange(1.0, count + 1.0)
        return ranks
    group = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    ends = np.append(starts[1:], count)
    ranks[order] = ((starts + ends - 1) / 2.0 + 1.0)[group]
    return ranks


def spearman(first: NDArray[np.float64] | NDArray[np.int64], second: FloatArray) -> float:
    """Spearman's rank correlation (Pearson's of the average ranks); NaN when either does not vary.

    Examples
    --------
    >>> spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 40.0, 20.0, 50.0]))
    0.8
    """
    return _pearson_of_ranks(_centred_ranks(first), _centred_ranks(second))


def _centred_ranks(
    values: NDArray[np.float64] | NDArray[np.int64],
    order: NDArray[np.intp] | None = None,
    ordered: NDArray[np.float64] | NDArray[np.int64] | None = None,
) -> FloatArray:
    centred = average_ranks(values, order, ordered)
    centred -= (values.shape[0] + 1) / 2.0
    return centred


def _pearson_of_ranks(first: FloatArray, second: FloatArray) -> float:
    spread = math.sqrt(float(first @ first) * float(second @ second))
    if spread == 0.0:
        return math.nan
    return float(first @ second) / spread


def _rank_correlations(
    drivers: Mapping[str, NDArray[np.float64] | NDArray[np.int64]],
    driver_ranks: Mapping[str, FloatArray],
    output: _RankedOutput,
) -> dict[str, float | None]:
    """Spearman of each driver with ``output`` over the scenarios where the output is defined."""
    if output.ordered.shape[0] < 2:
        return dict.fromkeys(drivers)
    correlations: dict[str, float | None] = {}
    for key, values in drivers.items():
        ranks = driver_ranks[key] if output.defined is None else _centred_ranks(values[output.defined])
        value = _pearson_of_ranks(ranks, output.ranks)
        correlations[key] = None if math.isnan(value) else value
    return correlations


def _share_below(values: FloatArray, threshold: float) -> float | None:
    defined = values[~np.isnan(values)]
    if defined.shape[0] == 0:
        return None
    below = int(np.count_nonzero(defined < threshold))
    return below / int(defined.shape[0])


def _domain(project: Project, key: str) -> tuple[float, float]:
    """The values a driver can take in the model (``check_drivers``' rules), for clipping draws."""
    if key in ("capex", "opex", "user_revenue"):
        return 0.0, math.inf
    if key == "loan_rate":
        return -project.financing.loan_rate, math.inf
    if key == "inflation":
        return INFLATION_FLOOR - project.rates.inflation, math.inf
    if key == "performance_score":
        return 0.0, 100.0
    return 0.0, float(MAX_CONSTRUCTION_YEARS - project.timeline.construction_years)


def _factor(correlation: FloatArray) -> FloatArray:
    """A lower-triangular L with L Lᵀ = the matrix: Cholesky, or from the eigenvalues where it is singular."""
    try:
        return np.asarray(np.linalg.cholesky(correlation), dtype=np.float64)
    except np.linalg.LinAlgError:
        eigenvalues, eigenvectors = np.linalg.eigh(correlation)
        square_root = eigenvectors * np.sqrt(np.maximum(eigenvalues, 0.0))
        # a QR step makes the factor lower triangular, like Cholesky's, so both paths order scores alike
        _, upper = np.linalg.qr(square_root.T)
        lower: FloatArray = np.asarray(upper.T * np.sign(np.diag(upper)), dtype=np.float64)
        return lower


def _correlation_problems(spec: MonteCarloSpec) -> list[Problem]:
    keys = [key for key in DRIVER_KEYS if key in spec.distributions]
    if not spec.correlations or len(keys) < 2:
        return []
    target = rank_correlation_target(spec, keys)
    pearson = 2.0 * np.sin(np.pi * target / 6.0)
    np.fill_diagonal(pearson, 1.0)
    smallest = float(min(np.linalg.eigvalsh(target).min(), np.linalg.eigvalsh(pearson).min()))
    if smallest >= -_PSD_TOLERANCE:
        return []
    value = {f"{first}~{second}": rho for (first, second), rho in spec.correlations.items()}
    return [
        Problem(
            "monte_carlo.correlations", "risk.correlation_not_psd", value, {"eigenvalue": f"{smallest:.4f}"}
        )
    ]


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
