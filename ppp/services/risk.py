"""The vendor's returns and risk: goal seek, sensitivity, Monte Carlo and named scenarios of a stored project.

Every function takes the session and the acting principal first, all arguments by keyword (as
:mod:`ppp.services.projects`); reading is enough (an auditor may run every analysis: nothing is saved). The
analyses themselves are pure (:mod:`ppp.engine.solve`, :mod:`ppp.risk`); this module loads the stored
revision and keeps results.

Results are kept per process in a small least-recently-used cache keyed by (analysis, project id, revision,
input hash, settings hash), because Streamlit reruns a page on every widget change and an analysis of an
unchanged revision with unchanged settings gives the same figures. The key never holds a DataFrame or a
project object; the settings hash is the SHA-256 of the settings as canonical JSON. A cancelled Monte Carlo
run is not kept (it covers only part of its scenarios).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

from sqlmodel import Session, select

from ppp.engine.solve import SolveResult, Variable, solve
from ppp.model import Project, parse_project
from ppp.risk.defaults import default_monte_carlo
from ppp.risk.drivers import OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloResult, MonteCarloSpec, ProgressCallback, run_monte_carlo
from ppp.risk.scenarios import ScenarioComparison, compare_scenarios
from ppp.risk.sensitivity import BreakEven, Tornado, TwoWayTable, break_even, tornado, two_way
from ppp.services.cache import CacheInfo, LruCache
from ppp.services.projects import authorise_project
from ppp.services.types import Principal
from ppp.store.tables import ProjectRow

Result = TypeVar("Result")
#: (analysis, project id, revision, input hash, settings hash)
CacheKey = tuple[str, int, int, str, str]


_RESULTS: Final[LruCache[CacheKey, object]] = LruCache(maxsize=48)


def risk_cache_info() -> CacheInfo:
    """Hits, misses and size of this process's cache of analysis results."""
    return _RESULTS.info()


def clear_risk_cache() -> None:
    """Empty the cache of analysis results and reset its counters."""
    _RESULTS.clear()


def settings_hash(settings: Any) -> str:
    """SHA-256 of ``settings`` as canonical JSON (sorted keys): the part of a cache key that names them.

    Examples
    --------
    >>> settings_hash({"b": 1, "a": [0.1]}) == settings_hash({"a": [0.1], "b": 1})
    True
    """
    text = json.dumps(settings, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the analyses ------------------------------------------------------------------------------------------


def goal_seek(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    target: str,
    target_value: float,
    variable: Variable | None = None,
    low: float | None = None,
    high: float | None = None,
) -> SolveResult:
    """The lowest value of ``variable`` that makes ``target`` reach ``target_value``
    (:func:`ppp.engine.solve.solve`).

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        An unknown target or variable, one that does not apply to the project, or an unreachable target
        (the message gives the closest value reached and the gap).
    """
    settings = {"target": target, "value": target_value, "variable": variable, "low": low, "high": high}
    return _cached(
        session,
        principal,
        project_id,
        "goal_seek",
        settings,
        lambda project: solve(
            project, target=target, target_value=target_value, variable=variable, low=low, high=high
        ),
    )


def sensitivity(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    steps: Mapping[str, Sequence[float]] | None = None,
    outputs: Sequence[str] = OUTPUT_KEYS,
) -> Tornado:
    """The one-at-a-time steps and their tornado (:func:`ppp.risk.sensitivity.tornado`).

    ``steps`` default to :data:`ppp.risk.sensitivity.DEFAULT_STEPS`.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        A bad driver, step or output (each problem names its path, the value and the rule).
    """
    settings = {
        "steps": None if steps is None else {key: list(values) for key, values in steps.items()},
        "outputs": list(outputs),
    }
    return _cached(
        session,
        principal,
        project_id,
        "tornado",
        settings,
        lambda project: tornado(project, steps, outputs=outputs),
    )


def two_way_table(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    row_driver: str,
    row_values: Sequence[float],
    column_driver: str,
    column_values: Sequence[float],
    output: str,
) -> TwoWayTable:
    """``output`` over every pair of the two drivers' values (:func:`ppp.risk.sensitivity.two_way`).

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        Unknown or equal drivers, an unknown output, no values, or a value outside its driver's range.
    """
    settings = {
        "row": [row_driver, list(row_values)],
        "column": [column_driver, list(column_values)],
        "output": output,
    }
    return _cached(
        session,
        principal,
        project_id,
        "two_way",
        settings,
        lambda project: two_way(project, row_driver, row_values, column_driver, column_values, output),
    )


def break_even_value(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    driver: str,
    output: str,
    target: float,
    low: float,
    high: float,
) -> BreakEven:
    """The lowest value of ``driver`` in ``[low, high]`` at which ``output`` reaches ``target``
    (:func:`ppp.risk.sensitivity.break_even`).

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        A bad driver, output, target or range.
    """
    settings = {"driver": driver, "output": output, "target": target, "low": low, "high": high}
    return _cached(
        session,
        principal,
        project_id,
        "break_even",
        settings,
        lambda project: break_even(project, driver, output, target, low, high),
    )


def monte_carlo_defaults(*, session: Session, principal: Principal, project_id: int) -> MonteCarloSpec:
    """The documented default settings of a Monte Carlo run of the project
    (:func:`ppp.risk.defaults.default_monte_carlo`).

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    return _cached(session, principal, project_id, "monte_carlo_defaults", {}, default_monte_carlo)


def monte_carlo(
    *,
    session: Session,
    principal: Principal,
    project_id: int,
    spec: MonteCarloSpec,
    on_chunk: ProgressCallback | None = None,
) -> MonteCarloResult:
    """Run the Monte Carlo simulation ``spec`` on the stored revision
    (:func:`ppp.risk.montecarlo.run_monte_carlo`).

    ``on_chunk(done, total)`` is called after each chunk of scenarios; returning False cancels the run. A
    result found in the cache is returned without running (``on_chunk`` is then not called); a cancelled
    run is returned but not kept.

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    ProjectError
        When the settings break a rule (each problem names the key path, the value and the rule).
    """
    key = _identify(session, principal, project_id, "monte_carlo", spec.to_json())
    found = _RESULTS.get(key)
    if isinstance(found, MonteCarloResult):
        return found
    result = run_monte_carlo(_project(session, project_id), spec, on_chunk=on_chunk)
    if not result.cancelled:
        _RESULTS.put(key, result)
    return result


def scenario_comparison(*, session: Session, principal: Principal, project_id: int) -> ScenarioComparison:
    """The base and the project's named scenarios side by side (:func:`ppp.risk.scenarios.compare_scenarios`).

    Raises
    ------
    ServiceError
        ``service.project_not_found``.
    """
    return _cached(session, principal, project_id, "scenarios", {}, compare_scenarios)


# --- helpers -----------------------------------------------------------------------------------------------


def _cached(
    session: Session,
    principal: Principal,
    project_id: int,
    analysis: str,
    settings: Any,
    compute: Callable[[Project], Result],
) -> Result:
    key = _identify(session, principal, project_id, analysis, settings)
    found = _RESULTS.get(key)
    if found is not None:
        return found  # type: ignore[return-value]  # stored under this analysis' key by this function
    result = compute(_project(session, project_id))
    _RESULTS.put(key, result)
    return result


def _identify(
    session: Session, principal: Principal, project_id: int, analysis: str, settings: Any
) -> CacheKey:
    """The cache key of an analysis of the stored revision, once the principal may read the project (the
    cache is shared by every user of the process; the project's text is read only on a miss). Analyses
    read what a tender publishes, so vendors may run them on any tender."""
    revision, input_hash = authorise_project(
        session, principal=principal, project_id=project_id, action="read", published=True
    )
    return (analysis, project_id, revision, input_hash, settings_hash(settings))


def _project(session: Session, project_id: int) -> Project:
    inputs = session.exec(select(ProjectRow.inputs_toml).where(ProjectRow.id == project_id)).one()
    return parse_project(inputs).project
