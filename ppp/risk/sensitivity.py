"""Sensitivity (methodology §10): one-at-a-time steps and their tornado, two-way tables, break-even values.

Every figure comes from batches of scenarios evaluated by :func:`ppp.risk.drivers.evaluate_scenarios`, never
from a Python loop of single evaluations: a tornado is one batch (the plan and every step of every driver), a
two-way table one batch (the plan and every cell), and a break-even search a few batches of a grid of the
driver, narrowed by batched bracketing as the goal seek of :mod:`ppp.engine.solve` does.

Units. A driver's *value* is in the units of :class:`ppp.risk.drivers.DriverValues`: a multiple of the plan
for ``capex``, ``opex`` and ``user_revenue`` (1.0 = plan), a change of the rate for ``loan_rate`` and
``inflation`` (0.01 = +1 point), the expected score in points for ``performance_score`` and whole years for
``construction_delay``. A tornado *step* is the change from the plan's value, so value = plan value + step:
``capex`` step 0.1 is a 10 % overrun (value 1.1), ``performance_score`` step −10 is ten points below the
plan's expected score, ``construction_delay`` step 2 is two years late.

In a tornado a step that would take a rate or a score out of its range (a loan rate below 0, a score above
100) is taken to the edge of the range, and the point shows the value used; two-way tables and break-even
searches take explicit values and refuse such values instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ppp.i18n import Language, translate
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, DriverValues, ScenarioOutputs, evaluate_scenarios

FloatArray = NDArray[np.float64]

TORNADO_SCHEMA = "ppp-tornado/1"
TWO_WAY_SCHEMA = "ppp-two-way/1"
BREAK_EVEN_SCHEMA = "ppp-break-even/1"

#: the steps of a tornado when none are given (value = plan value + step; see the module's units)
DEFAULT_STEPS: dict[str, tuple[float, ...]] = {
    "capex": (-0.2, -0.1, 0.1, 0.2),
    "opex": (-0.2, -0.1, 0.1, 0.2),
    "user_revenue": (-0.2, -0.1, 0.1, 0.2),
    "loan_rate": (-0.01, 0.01),
    "inflation": (-0.01, 0.01),
    "performance_score": (-20.0, -10.0, -5.0, 5.0),
    "construction_delay": (1.0, 2.0),
}
MULTIPLIER_DRIVERS = frozenset({"capex", "opex", "user_revenue"})
#: the range the resulting rate must stay in (the project file's own limits), and whether the low end counts
RATE_RANGES: dict[str, tuple[float, float, bool]] = {
    "loan_rate": (0.0, 1.0, True),
    "inflation": (-0.99, 1.0, False),
}
SCORE_RANGE = (0.0, 100.0)
#: beyond a decade a delay is a different project, not a sensitivity
MAX_DELAY_YEARS = 10
#: more scenarios than this in one tornado or table is a mistake, not an analysis (memory stays bounded)
MAX_SCENARIOS = 250_000

GRID_POINTS = 33
#: a break-even value is pinned down to this, in the driver's units
VALUE_TOLERANCE = 1e-9
#: a break-even output meets its target to this, relative to max(1, |target|, the largest |output| seen)
TARGET_TOLERANCE = 1e-8
MAX_ROUNDS = 20

BreakEvenStatus = Literal["reached", "jump", "unreachable", "undefined"]


@dataclass(frozen=True)
class SensitivityPoint:
    """One scenario of a tornado: the driver changed, its step and value, every output (NaN: undefined)."""

    driver: str
    step: float
    value: float
    outputs: dict[str, float]
    feasible: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "driver": self.driver,
            "step": self.step,
            "value": self.value,
            "outputs": {key: _jsonable(value) for key, value in self.outputs.items()},
            "feasible": self.feasible,
        }


@dataclass(frozen=True)
class TornadoBar:
    """One driver's bar for one output: the lowest and highest output over the plan and the driver's steps.

    ``low_step`` and ``high_step`` are the steps giving them (0.0 when the plan does); ``swing`` is
    ``high − low`` (NaN when the output is defined nowhere); ``excluded_steps`` are the steps left out because
    the output is undefined there or the scenario cannot be financed.
    """

    driver: str
    low: float
    high: float
    low_step: float
    high_step: float
    swing: float
    excluded_steps: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "driver": self.driver,
            "low": _jsonable(self.low),
            "high": _jsonable(self.high),
            "low_step": self.low_step,
            "high_step": self.high_step,
            "swing": _jsonable(self.swing),
            "excluded_steps": list(self.excluded_steps),
        }


@dataclass(frozen=True)
class Tornado:
    """The plan's outputs, every one-at-a-time scenario, and per output the bars sorted by swing (largest
    first; bars without any defined value last)."""

    outputs: tuple[str, ...]
    base: dict[str, float]
    base_feasible: bool
    points: tuple[SensitivityPoint, ...]
    bars: dict[str, tuple[TornadoBar, ...]]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": TORNADO_SCHEMA,
            "outputs": list(self.outputs),
            "base": {key: _jsonable(value) for key, value in self.base.items()},
            "base_feasible": self.base_feasible,
            "bars": {key: [bar.to_json() for bar in bars] for key, bars in self.bars.items()},
            "points": [point.to_json() for point in self.points],
        }


@dataclass(frozen=True)
class TwoWayTable:
    """``values[i, j]`` is ``output`` with the row driver at ``row_values[i]`` and the column driver at
    ``column_values[j]`` (driver units), every other driver at the plan; NaN where undefined."""

    output: str
    row_driver: str
    row_values: tuple[float, ...]
    column_driver: str
    column_values: tuple[float, ...]
    values: FloatArray
    feasible: NDArray[np.bool_]
    base: float

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": TWO_WAY_SCHEMA,
            "output": self.output,
            "base": _jsonable(self.base),
            "row_driver": self.row_driver,
            "row_values": list(self.row_values),
            "column_driver": self.column_driver,
            "column_values": list(self.column_values),
            "values": [[_jsonable(value) for value in row] for row in self.values.tolist()],
            "feasible": self.feasible.tolist(),
        }


@dataclass(frozen=True)
class BreakEven:
    """The lowest value of ``driver`` in ``[low, high]`` at which ``output`` reaches ``target``.

    ``status``:

    - ``reached``: ``achieved`` is within the tolerance of ``target`` at ``value``;
    - ``jump``: the output jumps across the target at ``value`` (pinned to :data:`VALUE_TOLERANCE`): it is
      ``achieved_below`` just below and ``achieved`` at ``value`` (a score band's edge, for example);
    - ``unreachable``: no value in the range reaches it; ``value`` is where the output came closest,
      ``achieved`` what it was there and ``gap`` = ``achieved − target``;
    - ``undefined``: the output is not defined anywhere in the range (``value`` and ``achieved`` are None).

    ``change`` is ``value`` minus the plan's value of the driver (the overrun, the points lost);
    ``scenarios`` counts the scenarios the search evaluated.
    """

    driver: str
    output: str
    target: float
    low: float
    high: float
    status: BreakEvenStatus
    value: float | None
    achieved: float | None
    achieved_below: float | None
    gap: float | None
    plan_value: float
    scenarios: int

    @property
    def change(self) -> float | None:
        return None if self.value is None else self.value - self.plan_value

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": BREAK_EVEN_SCHEMA,
            "driver": self.driver,
            "output": self.output,
            "target": self.target,
            "low": self.low,
            "high": self.high,
            "status": self.status,
            "value": self.value,
            "change": self.change,
            "achieved": self.achieved,
            "achieved_below": self.achieved_below,
            "gap": self.gap,
            "plan_value": self.plan_value,
            "scenarios": self.scenarios,
        }

    def describe(self, language: Language) -> str:
        """The result as one sentence in ``language``."""
        names = {
            "driver": translate(f"sensitivity.driver.{self.driver}", language),
            "output": translate(f"sensitivity.output.{self.output}", language),
            "target": f"{self.target:.6g}",
            "low": f"{self.low:.6g}",
            "high": f"{self.high:.6g}",
        }
        if self.status == "undefined":
            return translate("sensitivity.break_even.undefined", language, **names)
        assert self.value is not None
        assert self.achieved is not None
        if self.status == "reached":
            return translate("sensitivity.break_even.reached", language, value=f"{self.value:.10g}", **names)
        if self.status == "jump":
            return translate(
                "sensitivity.break_even.jump",
                language,
                value=f"{self.value:.10g}",
                before=f"{self.achieved_below:.6g}",
                after=f"{self.achieved:.6g}",
                **names,
            )
        return translate(
            "sensitivity.break_even.unreachable",
            language,
            best=f"{self.achieved:.6g}",
            at=f"{self.value:.6g}",
            gap=f"{abs(self.gap or 0.0):.6g}",
            **names,
        )


def tornado(
    project: Project,
    steps: Mapping[str, Sequence[float]] | None = None,
    *,
    outputs: Sequence[str] = OUTPUT_KEYS,
) -> Tornado:
    """Change one driver at a time by each of its steps; a bar per driver and output, sorted by swing.

    Parameters
    ----------
    project : Project
        A validated project.
    steps : mapping of driver to steps, optional
        Changes from the plan (value = plan value + step, in the driver's units; see the module docstring).
        Only the drivers given are varied. Default :data:`DEFAULT_STEPS`: capex, opex and user revenue
        ±10 % and ±20 %, loan rate and inflation ±1 point, performance score −20, −10, −5 and +5 points,
        construction delay +1 and +2 years.
    outputs : sequence of str
        Which of :data:`ppp.risk.drivers.OUTPUT_KEYS` to make bars of (all by default).

    Returns
    -------
    Tornado
        All scenarios come from one call to :func:`ppp.risk.drivers.evaluate_scenarios`.

    Raises
    ------
    ProjectError
        An unknown driver or output, a driver without steps, a step that is not a finite number, a multiplier
        step below −1, a delay that is not a whole number of years from 0 to :data:`MAX_DELAY_YEARS`.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> result = tornado(project, {"capex": [-0.1, 0.1], "opex": [-0.1, 0.1]}, outputs=["project_npv"])
    >>> [bar.driver for bar in result.bars["project_npv"]]
    ['capex', 'opex']
    >>> result.bars["project_npv"][0].low_step
    0.1
    """
    chosen_steps = DEFAULT_STEPS if steps is None else steps
    chosen_outputs = tuple(outputs)
    problems = _check_outputs(chosen_outputs, "outputs")
    if not chosen_steps:
        problems.append(Problem("steps", "sensitivity.no_drivers"))
    for driver, driver_steps in chosen_steps.items():
        if driver not in DRIVER_KEYS:
            problems.append(_unknown_driver(f"steps.{driver}", driver))
        elif len(driver_steps) == 0:
            problems.append(Problem(f"steps.{driver}", "sensitivity.no_values", [], {"driver": driver}))
        else:
            problems += _check_steps(driver, driver_steps, f"steps.{driver}")
    _raise(problems)

    plan = DriverValues.neutral(project, 1)
    drivers: list[str] = []
    step_list: list[float] = []
    for driver, driver_steps in chosen_steps.items():
        drivers += [driver] * len(driver_steps)
        step_list += [float(step) for step in driver_steps]
    _check_count(len(step_list) + 1, "steps")

    # scenario 0 is the plan; scenario k + 1 is step k
    changed: dict[str, tuple[list[int], list[float]]] = {}
    used_values: list[float] = []
    for index, (driver, step) in enumerate(zip(drivers, step_list, strict=True)):
        value = _stepped_value(project, driver, _plan_value(plan, driver), step)
        used_values.append(value)
        rows, values = changed.setdefault(driver, ([], []))
        rows.append(index + 1)
        values.append(value)
    scenarios = _scenarios(project, len(step_list) + 1, changed)
    results = evaluate_scenarios(project, scenarios)
    usable = _usable_outputs(results, chosen_outputs)

    base = {key: float(usable[key][0]) for key in chosen_outputs}
    points = tuple(
        SensitivityPoint(
            driver=driver,
            step=step,
            value=value,
            outputs={key: float(results.values[key][index + 1]) for key in chosen_outputs},
            feasible=bool(results.feasible[index + 1]),
        )
        for index, (driver, step, value) in enumerate(zip(drivers, step_list, used_values, strict=True))
    )
    bars = {key: _bars(base[key], drivers, step_list, usable[key][1:]) for key in chosen_outputs}
    return Tornado(
        outputs=chosen_outputs,
        base=base,
        base_feasible=bool(results.feasible[0]),
        points=points,
        bars=bars,
    )


def two_way(
    project: Project,
    row_driver: str,
    row_values: Sequence[float],
    column_driver: str,
    column_values: Sequence[float],
    output: str,
) -> TwoWayTable:
    """``output`` for every pair of a row driver's and a column driver's values, in one batch.

    Parameters
    ----------
    project : Project
        A validated project.
    row_driver, column_driver : str
        Two different keys of :data:`ppp.risk.drivers.DRIVER_KEYS`.
    row_values, column_values : sequence of float
        The drivers' values in their own units (not steps): a capex multiple 1.1, a score of 85 points, a
        loan-rate change of 0.01, a delay of 2 years.
    output : str
        One of :data:`ppp.risk.drivers.OUTPUT_KEYS`.

    Returns
    -------
    TwoWayTable
        ``values`` has shape ``(len(row_values), len(column_values))``; infeasible cells are NaN.

    Raises
    ------
    ProjectError
        Unknown or equal drivers, an unknown output, no values, or a value out of its driver's range.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> table = two_way(project, "capex", [0.9, 1.0, 1.1], "opex", [1.0, 1.2], "project_npv")
    >>> table.values.shape
    (3, 2)
    >>> bool(table.values[1, 0] == table.base)
    True
    """
    problems = _check_outputs((output,), "output")
    if row_driver == column_driver:
        problems.append(
            Problem("column_driver", "sensitivity.same_driver", column_driver, {"driver": row_driver})
        )
    for name, driver, values in (
        ("row", row_driver, row_values),
        ("column", column_driver, column_values),
    ):
        if driver not in DRIVER_KEYS:
            problems.append(_unknown_driver(f"{name}_driver", driver))
        elif len(values) == 0:
            problems.append(Problem(f"{name}_values", "sensitivity.no_values", [], {"driver": driver}))
        else:
            problems += _check_values(project, driver, values, f"{name}_values")
    _raise(problems)
    rows, columns = len(row_values), len(column_values)
    _check_count(rows * columns + 1, "column_values")

    cells = np.arange(rows * columns) + 1
    row_grid = np.repeat(np.asarray(row_values, dtype=np.float64), columns)
    column_grid = np.tile(np.asarray(column_values, dtype=np.float64), rows)
    scenarios = _scenarios(
        project,
        rows * columns + 1,
        {
            row_driver: (cells.tolist(), row_grid.tolist()),
            column_driver: (cells.tolist(), column_grid.tolist()),
        },
    )
    results = evaluate_scenarios(project, scenarios)
    usable = _usable_outputs(results, (output,))[output]
    return TwoWayTable(
        output=output,
        row_driver=row_driver,
        row_values=tuple(float(value) for value in row_values),
        column_driver=column_driver,
        column_values=tuple(float(value) for value in column_values),
        values=usable[1:].reshape(rows, columns),
        feasible=results.feasible[1:].reshape(rows, columns),
        base=float(usable[0]),
    )


def break_even(
    project: Project, driver: str, output: str, target: float, low: float, high: float
) -> BreakEven:
    """The lowest value of ``driver`` in ``[low, high]`` at which ``output`` reaches ``target``.

    A grid of :data:`GRID_POINTS` values of the driver is evaluated as one batch; the first interval where
    the output crosses the target is narrowed by evaluating a grid inside it, batch by batch, until it is
    :data:`VALUE_TOLERANCE` wide or an end meets the target, and a last secant step inside it lands on the
    target. Scenarios that cannot be financed count as undefined. Two crossings between neighbouring points
    of the first grid are not seen.

    Parameters
    ----------
    project : Project
        A validated project.
    driver : str
        A key of :data:`ppp.risk.drivers.DRIVER_KEYS` other than ``construction_delay`` (whole years have no
        break-even value).
    output : str
        One of :data:`ppp.risk.drivers.OUTPUT_KEYS`.
    target : float
        In the output's units: a rate as a fraction (the hurdle 0.07), min DSCR as a ratio (1.0), NPV and PV
        in the project's money unit.
    low, high : float
        The range searched, in the driver's units (a capex multiple 1.0 to 2.0, a score 0 to 100).

    Returns
    -------
    BreakEven
        ``reached``, ``jump``, ``unreachable`` (with the closest value and the gap) or ``undefined``.

    Raises
    ------
    ProjectError
        Unknown driver or output, ``construction_delay``, a target that is not finite, ``low ≥ high``, or an
        end of the range outside the driver's range.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> result = break_even(project, "capex", "min_dscr", 1.0, 1.0, 2.0)
    >>> result.status, abs(result.achieved - 1.0) < 1e-8
    ('reached', True)
    """
    problems = _check_outputs((output,), "output")
    if driver not in DRIVER_KEYS:
        problems.append(_unknown_driver("driver", driver))
    elif driver == "construction_delay":
        problems.append(Problem("driver", "sensitivity.no_break_even_whole_years", driver))
    if not math.isfinite(target):
        problems.append(Problem("target", "sensitivity.not_finite", target))
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        problems.append(Problem("high", "sensitivity.bad_range", high, {"low": low, "high": high}))
    elif driver in DRIVER_KEYS and driver != "construction_delay":
        problems += _check_values(project, driver, [low], "low")
        problems += _check_values(project, driver, [high], "high")
    _raise(problems)

    plan_value = _plan_value(DriverValues.neutral(project, 1), driver)
    evaluated = 0
    largest = abs(target)

    def gaps_at(candidates: FloatArray) -> FloatArray:
        nonlocal evaluated, largest
        evaluated += int(candidates.shape[0])
        results = evaluate_scenarios(
            project, _scenarios(project, candidates.shape[0], {driver: (None, candidates.tolist())})
        )
        values = _usable_outputs(results, (output,))[output]
        finite = values[np.isfinite(values)]
        if finite.size:
            largest = max(largest, float(np.max(np.abs(finite))))
        gaps: FloatArray = values - target
        return gaps

    def result(
        status: BreakEvenStatus, value: float | None, gap: float | None, gap_below: float | None = None
    ) -> BreakEven:
        return BreakEven(
            driver=driver,
            output=output,
            target=target,
            low=low,
            high=high,
            status=status,
            value=value,
            achieved=None if gap is None else gap + target,
            achieved_below=None if gap_below is None else gap_below + target,
            gap=gap,
            plan_value=plan_value,
            scenarios=evaluated,
        )

    grid = np.linspace(low, high, GRID_POINTS)
    gaps = gaps_at(grid)
    crossing = _first_crossing(gaps)
    if crossing is None:
        finite = np.isfinite(gaps)
        if not finite.any():
            return result("undefined", None, None)
        closest = int(np.argmin(np.where(finite, np.abs(gaps), np.inf)))
        return result("unreachable", float(grid[closest]), float(gaps[closest]))

    lower, upper = float(grid[crossing]), float(grid[crossing + 1])
    gap_lower, gap_upper = float(gaps[crossing]), float(gaps[crossing + 1])
    for _ in range(MAX_ROUNDS):
        if gap_lower == 0.0:
            return result("reached", lower, 0.0)
        if upper - lower <= VALUE_TOLERANCE or _meets(min(abs(gap_lower), abs(gap_upper)), largest):
            break
        grid = np.linspace(lower, upper, GRID_POINTS)
        inner = gaps_at(grid[1:-1])
        gaps = np.concatenate([[gap_lower], inner, [gap_upper]])
        found = _first_crossing(gaps)
        if found is None:  # undefined inside the bracket: the output is not continuous here
            break
        lower, upper = float(grid[found]), float(grid[found + 1])
        gap_lower, gap_upper = float(gaps[found]), float(gaps[found + 1])

    secant = _secant(lower, upper, gap_lower, gap_upper)
    gap_secant = float(gaps_at(np.array([secant]))[0]) if lower < secant < upper else math.nan
    candidates = [(secant, gap_secant), (lower, gap_lower), (upper, gap_upper)]
    best_value, best_gap = min(
        ((value, gap) for value, gap in candidates if math.isfinite(gap)), key=lambda pair: abs(pair[1])
    )
    if _meets(abs(best_gap), largest):
        return result("reached", best_value, best_gap)
    return result("jump", upper, gap_upper, gap_lower)


def _check_outputs(outputs: Sequence[str], path: str) -> list[Problem]:
    problems: list[Problem] = []
    if len(outputs) == 0:
        problems.append(
            Problem(path, "sensitivity.unknown_output", [], {"name": "[]", "expected": _listed(OUTPUT_KEYS)})
        )
    for index, name in enumerate(outputs):
        if name not in OUTPUT_KEYS:
            where = path if len(outputs) == 1 and path == "output" else f"{path}[{index + 1}]"
            problems.append(
                Problem(
                    where,
                    "sensitivity.unknown_output",
                    name,
                    {"name": name, "expected": _listed(OUTPUT_KEYS)},
                )
            )
    return problems


def _unknown_driver(path: str, name: str) -> Problem:
    return Problem(path, "sensitivity.unknown_driver", name, {"name": name, "expected": _listed(DRIVER_KEYS)})


def _listed(keys: Sequence[str]) -> str:
    return ", ".join(keys)


def _check_steps(driver: str, steps: Sequence[float], path: str) -> list[Problem]:
    """Steps that cannot be taken at all (a rate or a score beyond its range is taken to its edge instead)."""
    problems: list[Problem] = []
    for index, step in enumerate(steps):
        where = f"{path}[{index + 1}]"
        if not _is_finite_number(step):
            problems.append(Problem(where, "sensitivity.not_finite", step))
        elif driver in MULTIPLIER_DRIVERS and float(step) < -1.0:
            problems.append(Problem(where, "sensitivity.multiplier_negative", step, {"driver": driver}))
        elif driver == "construction_delay" and not _is_whole_years(float(step)):
            problems.append(Problem(where, "sensitivity.delay_whole_years", step, {"limit": MAX_DELAY_YEARS}))
    return problems


def _check_values(project: Project, driver: str, values: Sequence[float], path: str) -> list[Problem]:
    """Values (in the driver's units) outside the driver's range."""
    problems: list[Problem] = []
    for index, value in enumerate(values):
        where = path if path in {"low", "high"} else f"{path}[{index + 1}]"
        if not _is_finite_number(value):
            problems.append(Problem(where, "sensitivity.not_finite", value))
            continue
        number = float(value)
        if driver in MULTIPLIER_DRIVERS and number < 0.0:
            problems.append(Problem(where, "sensitivity.multiplier_negative", value, {"driver": driver}))
        elif driver in RATE_RANGES and not _rate_in_range(driver, _plan_rate(project, driver) + number):
            lowest, highest, _ = RATE_RANGES[driver]
            problems.append(
                Problem(
                    where,
                    "sensitivity.rate_out_of_range",
                    value,
                    {
                        "driver": driver,
                        "rate": f"{_plan_rate(project, driver) + number:.6g}",
                        "low": lowest,
                        "high": highest,
                    },
                )
            )
        elif driver == "performance_score" and not SCORE_RANGE[0] <= number <= SCORE_RANGE[1]:
            problems.append(Problem(where, "sensitivity.score_out_of_range", value))
        elif driver == "construction_delay" and not _is_whole_years(number):
            problems.append(
                Problem(where, "sensitivity.delay_whole_years", value, {"limit": MAX_DELAY_YEARS})
            )
    return problems


def _is_finite_number(value: object) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and (math.isfinite(float(value)))
    )


def _is_whole_years(value: float) -> bool:
    return value.is_integer() and 0 <= value <= MAX_DELAY_YEARS


def _plan_rate(project: Project, driver: str) -> float:
    return project.financing.loan_rate if driver == "loan_rate" else project.rates.inflation


def _rate_in_range(driver: str, rate: float) -> bool:
    lowest, highest, low_included = RATE_RANGES[driver]
    above_low = rate >= lowest if low_included else rate > lowest
    return above_low and rate <= highest


def _plan_value(plan: DriverValues, driver: str) -> float:
    values: NDArray[Any] = getattr(plan, driver)
    return float(values[0])


def _stepped_value(project: Project, driver: str, plan_value: float, step: float) -> float:
    """The driver's value for a tornado step, taken to the edge of its range where the step goes beyond."""
    if driver in RATE_RANGES:
        plan_rate = _plan_rate(project, driver)
        if _rate_in_range(driver, plan_rate + step):
            return step
        lowest, highest, _ = RATE_RANGES[driver]
        # the excluded low end of inflation is approached, never reached
        edge = highest if step > 0 else (lowest if RATE_RANGES[driver][2] else lowest + 1e-6)
        return edge - plan_rate
    if driver == "performance_score":
        return min(max(plan_value + step, SCORE_RANGE[0]), SCORE_RANGE[1])
    return plan_value + step


def _check_count(count: int, path: str) -> None:
    if count > MAX_SCENARIOS:
        limits = {"count": count, "limit": MAX_SCENARIOS}
        _raise([Problem(path, "sensitivity.too_many_scenarios", count, limits)])


def _scenarios(
    project: Project, count: int, changes: Mapping[str, tuple[Sequence[int] | None, Sequence[float]]]
) -> DriverValues:
    """``count`` plan scenarios with, per driver, the given values in the given rows (None: every row)."""
    plan = DriverValues.neutral(project, count)
    arrays: dict[str, NDArray[Any]] = {}
    for driver, (rows, values) in changes.items():
        current: NDArray[Any] = getattr(plan, driver)
        array = np.array(current, copy=True)
        selected = slice(None) if rows is None else np.asarray(rows, dtype=np.int64)
        if driver == "construction_delay":
            array[selected] = np.rint(np.asarray(values, dtype=np.float64)).astype(np.int64)
        else:
            array[selected] = np.asarray(values, dtype=np.float64)
        arrays[driver] = array
    return replace(plan, **arrays)


def _usable_outputs(results: ScenarioOutputs, outputs: Sequence[str]) -> dict[str, FloatArray]:
    """The outputs with NaN where the scenario cannot be financed (its figures mean nothing)."""
    return {key: np.where(results.feasible, results.values[key], np.nan) for key in outputs}


def _bars(
    base: float, drivers: Sequence[str], steps: Sequence[float], values: FloatArray
) -> tuple[TornadoBar, ...]:
    bars: list[TornadoBar] = []
    for driver in dict.fromkeys(drivers):
        indexes = [index for index, name in enumerate(drivers) if name == driver]
        candidates = [(0.0, base)] + [(steps[index], float(values[index])) for index in indexes]
        defined = [(step, value) for step, value in candidates if math.isfinite(value)]
        excluded = tuple(steps[index] for index in indexes if not math.isfinite(float(values[index])))
        if defined:
            low_step, low = min(defined, key=lambda pair: pair[1])
            high_step, high = max(defined, key=lambda pair: pair[1])
            swing = high - low
        else:
            low_step = high_step = 0.0
            low = high = swing = math.nan
        bars.append(TornadoBar(driver, low, high, low_step, high_step, swing, excluded))
    # stable: equal swings keep the order the drivers were given in; undefined bars go last
    bars.sort(key=lambda bar: -bar.swing if math.isfinite(bar.swing) else math.inf)
    return tuple(bars)


def _first_crossing(gaps: FloatArray) -> int | None:
    """Index i of the first interval [i, i+1], both ends defined, where the gap is 0 at i or changes sign."""
    defined = np.isfinite(gaps[:-1]) & np.isfinite(gaps[1:])
    meets = gaps >= 0.0
    changes = defined & ((meets[:-1] != meets[1:]) | (gaps[:-1] == 0.0))
    if not changes.any():
        return None
    return int(np.argmax(changes))


def _meets(gap: float, scale: float) -> bool:
    return gap <= TARGET_TOLERANCE * max(1.0, scale)


def _secant(lower: float, upper: float, gap_lower: float, gap_upper: float) -> float:
    if gap_upper == gap_lower:
        return upper
    estimate = lower - gap_lower * (upper - lower) / (gap_upper - gap_lower)
    return min(max(estimate, lower), upper)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ProjectError(problems)


def _jsonable(value: float) -> float | None:
    return value if math.isfinite(value) else None
