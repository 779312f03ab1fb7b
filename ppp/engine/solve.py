"""Goal seek (methodology §9): the one input that makes a target hold.

The search evaluates a whole grid of candidate values as one batch (the engine is batched), keeps the first
bracket where the target is crossed, and narrows it the same way until it is tight; a last secant step inside
the bracket lands on the target. It returns the lowest value in the allowed range that meets the target (the
cheapest payment, the lowest profit rate, the lowest tariff), or says the target is out of reach and by how
much.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from ppp.engine.evaluation import BatchEvaluation, Evaluation, evaluate, evaluate_batch
from ppp.engine.inputs import FloatArray, ModelInputs, compile_project
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project

Variable = Literal["payment-level", "profit-rate", "tariff"]
VARIABLES: tuple[Variable, ...] = ("payment-level", "profit-rate", "tariff")
TARGETS: tuple[str, ...] = (
    "equity_irr",
    "project_irr",
    "project_irr_pre_tax",
    "project_irr_post_tax",
    "min_dscr",
    "repayment_capacity",
)
DEFAULT_RANGES: dict[Variable, tuple[float, float]] = {
    "payment-level": (0.0, 5.0),
    "profit-rate": (0.0, 0.5),
    "tariff": (0.0, 10.0),
}
#: targets met by any value at or above the target, not only by equality
INEQUALITY_TARGETS = frozenset({"repayment_capacity"})
GRID_POINTS = 33
VALUE_TOLERANCE = 1e-13
TARGET_TOLERANCE = 1e-10
MAX_ROUNDS = 12


@dataclass(frozen=True)
class SolveResult:
    """The solved input, the project with it applied, and that project's evaluation."""

    variable: Variable
    target: str
    target_value: float
    value: float
    achieved: float
    project: Project
    evaluation: Evaluation


def solve(
    project: Project,
    *,
    target: str,
    target_value: float,
    variable: Variable | None = None,
    low: float | None = None,
    high: float | None = None,
) -> SolveResult:
    """Find the lowest value of ``variable`` in ``[low, high]`` at which ``target`` reaches ``target_value``.

    Parameters
    ----------
    project : Project
        A validated project.
    target : str
        ``equity_irr``, ``project_irr`` (post-tax), ``project_irr_pre_tax``, ``project_irr_post_tax``,
        ``min_dscr``, or ``repayment_capacity`` (net profit + depreciation ≥ principal in each repayment year;
        ``target_value`` is the margin, normally 0).
    target_value : float
        Rates as fractions (0.08), DSCR as a ratio, the repayment margin in the money unit.
    variable : {"payment-level", "profit-rate", "tariff"}, optional
        ``payment-level`` is ``payment.availability_factor`` (the availability part as a multiple of its
        formula or schedule); ``profit-rate`` is ``rates.reasonable_profit_rate`` (the O&M profit rate follows
        it unless set on its own); ``tariff`` multiplies every user revenue item. Default: ``tariff`` for
        user-pay projects, else ``payment-level``.
    low, high : float, optional
        The allowed range; defaults in :data:`DEFAULT_RANGES`.

    Raises
    ------
    ProjectError
        The target name or variable does not apply, or no value in the range meets the target (the message
        gives the closest value reached and the gap).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> result = solve(project, target="equity_irr", target_value=0.08)
    >>> abs(result.achieved - 0.08) < 1e-8
    True
    """
    if target not in TARGETS:
        raise ProjectError(
            [
                Problem(
                    "target", "solve.unknown_target", target, {"name": target, "expected": ", ".join(TARGETS)}
                )
            ]
        )
    chosen: Variable = variable or ("tariff" if project.payment.method == "user-pay" else "payment-level")
    if chosen not in VARIABLES:
        raise ProjectError(
            [
                Problem(
                    "variable",
                    "solve.unknown_variable",
                    chosen,
                    {"name": chosen, "expected": ", ".join(VARIABLES)},
                )
            ]
        )
    _check_applicable(project, chosen)
    default_low, default_high = DEFAULT_RANGES[chosen]
    range_low = default_low if low is None else low
    range_high = default_high if high is None else high
    if not range_low < range_high:
        raise ProjectError(
            [Problem("range", "solve.bad_range", params={"low": range_low, "high": range_high})]
        )

    base = compile_project(project)
    measure = _measure(target)
    at_least = target in INEQUALITY_TARGETS

    def gaps_at(candidates: FloatArray) -> FloatArray:
        batch = evaluate_batch(_with_variable(base, project, chosen, candidates))
        return measure(batch) - target_value

    grid = np.linspace(range_low, range_high, GRID_POINTS)
    gaps = gaps_at(grid)
    crossing = _first_crossing(gaps, at_least=at_least)
    if crossing is None:
        _raise_unreachable(chosen, target, target_value, range_low, range_high, grid, gaps)
    assert crossing is not None
    lower, upper = float(grid[crossing]), float(grid[crossing + 1])
    gap_lower, gap_upper = float(gaps[crossing]), float(gaps[crossing + 1])
    for _ in range(MAX_ROUNDS):
        if gap_lower == 0.0 or (at_least and gap_lower > 0.0):
            upper, gap_upper = lower, gap_lower
            break
        if upper - lower <= VALUE_TOLERANCE * max(1.0, abs(upper)) or abs(gap_upper) <= TARGET_TOLERANCE:
            break
        grid = np.linspace(lower, upper, GRID_POINTS)
        gaps = gaps_at(grid)
        gaps[0], gaps[-1] = gap_lower, gap_upper
        found = _first_crossing(gaps, at_least=at_least)
        if found is None:  # the metric is not continuous here; keep the last bracket
            break
        lower, upper = float(grid[found]), float(grid[found + 1])
        gap_lower, gap_upper = float(gaps[found]), float(gaps[found + 1])
    solved = _secant(lower, upper, gap_lower, gap_upper)
    solved_gap = float(gaps_at(np.array([solved]))[0])
    if not _meets(solved_gap, at_least=at_least):
        solved, solved_gap = upper, gap_upper
    if not _meets(solved_gap, at_least=at_least):
        # the metric jumps over the target (e.g. an IRR that is undefined on one side): nothing meets it
        _raise_unreachable(
            chosen, target, target_value, range_low, range_high, np.array([solved]), np.array([solved_gap])
        )
    solved_project = apply_variable(project, chosen, solved)
    evaluation = evaluate(solved_project)
    achieved = float(measure(evaluation.batch)[0])
    return SolveResult(
        variable=chosen,
        target=target,
        target_value=target_value,
        value=solved,
        achieved=achieved,
        project=solved_project,
        evaluation=evaluation,
    )


def apply_variable(project: Project, variable: Variable, value: float) -> Project:
    """The project with the solve variable set to ``value`` (a new, validated project)."""
    data = project.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
    if variable == "payment-level":
        data["payment"]["availability_factor"] = value
    elif variable == "profit-rate":
        data["rates"]["reasonable_profit_rate"] = value
    else:
        data["revenue"] = [{**item, "amount": item["amount"] * value} for item in data.get("revenue", [])]
    return Project.model_validate(data)


def _check_applicable(project: Project, variable: Variable) -> None:
    method = project.payment.method
    reason = None
    if variable == "payment-level" and method == "user-pay":
        reason = "payment.method = user-pay has no availability payment"
    elif variable == "profit-rate" and method in {"user-pay", "schedule"}:
        reason = f"payment.method = {method} does not use the reasonable profit rate"
    elif variable == "tariff" and not project.revenue:
        reason = "the project has no [[revenue]] items"
    if reason is not None:
        raise ProjectError(
            [
                Problem(
                    "variable",
                    "solve.variable_not_applicable",
                    variable,
                    {"variable": variable, "reason": reason},
                )
            ]
        )


def _with_variable(
    base: ModelInputs, project: Project, variable: Variable, values: FloatArray
) -> ModelInputs:
    batch = base.repeat(values.shape[0])
    if variable == "payment-level":
        return replace(batch, availability_scale=values.astype(np.float64))
    if variable == "profit-rate":
        om_rate = (
            batch.om_profit_rate if project.rates.om_profit_rate is not None else values.astype(np.float64)
        )
        return replace(batch, reasonable_profit_rate=values.astype(np.float64), om_profit_rate=om_rate)
    return replace(batch, user_revenue=batch.user_revenue * values[:, None])


def _measure(target: str) -> Callable[[BatchEvaluation], FloatArray]:
    def metric(key: str) -> Callable[[BatchEvaluation], FloatArray]:
        def read(batch: BatchEvaluation) -> FloatArray:
            values = batch.metrics.values[key]
            # an IRR that does not exist here means the flows never pay back: far below any target;
            # a sculpted loan that cannot be repaid is no solution either
            unusable = np.isnan(values) | (batch.lines.sculpt_shortfall > 0.0)
            return np.where(unusable, -np.inf, values)

        return read

    if target == "repayment_capacity":

        def margin(batch: BatchEvaluation) -> FloatArray:
            lines = batch.lines
            repaying = lines.principal > 0.0
            cover = np.where(repaying, lines.net_profit + lines.depreciation - lines.principal, np.inf)
            lowest: FloatArray = np.where(lines.sculpt_shortfall > 0.0, -np.inf, np.min(cover, axis=1))
            return lowest

        return margin
    key = {"project_irr": "project_irr_post_tax"}.get(target, target)
    return metric(key)


def _first_crossing(gaps: FloatArray, *, at_least: bool) -> int | None:
    """Index i of the first grid interval [i, i+1] that holds a solution, or None.

    For an equality target: the first interval where the gap changes sign (or is 0 at its start). For an
    at-least target: the first where it becomes ≥ 0 (i = 0 when the range's start already meets it).
    """
    meets = gaps >= 0.0
    if at_least:
        if not meets.any():
            return None
        return max(int(np.argmax(meets)) - 1, 0)
    changes = (meets[:-1] != meets[1:]) | (gaps[:-1] == 0.0)
    if not changes.any():
        return None
    return int(np.argmax(changes))


def _meets(gap: float, *, at_least: bool) -> bool:
    if at_least:
        return gap >= -TARGET_TOLERANCE
    return abs(gap) <= TARGET_TOLERANCE * 100


def _secant(lower: float, upper: float, gap_lower: float, gap_upper: float) -> float:
    if not (math.isfinite(gap_lower) and math.isfinite(gap_upper)) or gap_upper == gap_lower:
        return upper
    estimate = lower - gap_lower * (upper - lower) / (gap_upper - gap_lower)
    return min(max(estimate, lower), upper)


def _raise_unreachable(
    variable: Variable,
    target: str,
    target_value: float,
    low: float,
    high: float,
    grid: FloatArray,
    gaps: FloatArray,
) -> None:
    finite = np.isfinite(gaps)
    if finite.any():
        best_index = int(np.argmin(np.where(finite, np.abs(gaps), np.inf)))
        best = float(gaps[best_index] + target_value)
        at = float(grid[best_index])
        gap = float(abs(gaps[best_index]))
        best_text, at_text, gap_text = f"{best:.6g}", f"{at:.6g}", f"{gap:.6g}"
    else:
        best_text, at_text, gap_text = "none", "any", "undefined"
    raise ProjectError(
        [
            Problem(
                "target",
                "solve.unreachable",
                target_value,
                {
                    "target": target,
                    "value": target_value,
                    "variable": variable,
                    "low": low,
                    "high": high,
                    "best": best_text,
                    "at": at_text,
                    "gap": gap_text,
                },
            )
        ]
    )
