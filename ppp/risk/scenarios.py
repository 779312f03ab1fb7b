"""Named scenarios compared side by side (issue 7): the plan ("base") and each ``[[scenarios]]`` of the file.

A named scenario is a set of overrides of the plan in the units of :class:`ppp.risk.drivers.DriverValues`
(multiples for capex, opex and user revenue; changes of the loan rate and inflation; the expected score; whole
years of delay); a key it leaves out keeps the plan. Every scenario, the base included, is one row of a single
:func:`ppp.risk.drivers.evaluate_scenarios` call, so the base row is the plan's evaluation exactly and each
scenario gets the same numbers as evaluating it alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ppp.engine.inputs import FloatArray
from ppp.model.rules import BASE_SCENARIO_NAME
from ppp.model.schema import NamedScenario, Project
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, DriverValues, evaluate_scenarios

SCENARIOS_SCHEMA = "ppp-scenarios/1"


@dataclass(frozen=True)
class ScenarioComparison:
    """The base case and the named scenarios, evaluated in one batch.

    ``names`` starts with ``"base"``, then the scenarios in file order (then any extra ones); ``drivers`` the
    value of every driver each scenario used (plan values where it sets none); ``values[output]`` each
    :data:`~ppp.risk.drivers.OUTPUT_KEYS` output per scenario (NaN where undefined, e.g. no IRR);
    ``feasible`` False where a sculpted loan cannot be repaid.
    """

    names: tuple[str, ...]
    drivers: tuple[dict[str, float], ...]
    values: dict[str, FloatArray]
    feasible: NDArray[np.bool_]

    def to_json(self) -> dict[str, Any]:
        """``ppp-scenarios/1``: one entry per scenario with its drivers and outputs (null where undefined)."""
        return {
            "schema": SCENARIOS_SCHEMA,
            "scenarios": [
                {
                    "name": name,
                    "drivers": dict(drivers),
                    "outputs": {key: _jsonable(float(self.values[key][row])) for key in OUTPUT_KEYS},
                    "feasible": bool(self.feasible[row]),
                }
                for row, (name, drivers) in enumerate(zip(self.names, self.drivers, strict=True))
            ],
        }


def compare_scenarios(project: Project, extra: Sequence[NamedScenario] = ()) -> ScenarioComparison:
    """Evaluate the plan and every named scenario of ``project`` (then ``extra``) in one batch.

    Parameters
    ----------
    project : Project
        A validated project; its ``scenarios`` are compared after the base case.
    extra : sequence of NamedScenario
        More scenarios to compare (e.g. one being edited and not saved yet), after the project's.

    Returns
    -------
    ScenarioComparison
        Equity IRR (fraction), project NPV and government PV (money unit, at the discount rate) and min DSCR
        of each scenario, from a single :func:`~ppp.risk.drivers.evaluate_scenarios` call.

    Raises
    ------
    ProjectError
        When an override of ``extra`` is outside its driver's domain (the project's own scenarios were
        checked when it was loaded).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> overrun = NamedScenario(name="overrun", capex=1.2)
    >>> comparison = compare_scenarios(project.model_copy(update={"scenarios": []}), [overrun])
    >>> comparison.names
    ('base', 'overrun')
    >>> irr = comparison.values["equity_irr"]
    >>> bool(irr[1] < irr[0])  # the SPV bears a capex overrun
    True
    """
    scenarios = [*project.scenarios, *extra]
    plan = DriverValues.neutral(project, 1)
    rows = [{key: _plan_value(plan, key) for key in DRIVER_KEYS}]
    for scenario in scenarios:
        overrides = {key: getattr(scenario, key) for key in DRIVER_KEYS if getattr(scenario, key) is not None}
        rows.append({**rows[0], **{key: float(value) for key, value in overrides.items()}})
    drivers = DriverValues(
        capex=np.array([row["capex"] for row in rows]),
        opex=np.array([row["opex"] for row in rows]),
        user_revenue=np.array([row["user_revenue"] for row in rows]),
        loan_rate=np.array([row["loan_rate"] for row in rows]),
        inflation=np.array([row["inflation"] for row in rows]),
        performance_score=np.array([row["performance_score"] for row in rows]),
        construction_delay=np.array([int(row["construction_delay"]) for row in rows], dtype=np.int64),
    )
    outputs = evaluate_scenarios(project, drivers)
    return ScenarioComparison(
        names=(BASE_SCENARIO_NAME, *(scenario.name for scenario in scenarios)),
        drivers=tuple(rows),
        values=outputs.values,
        feasible=outputs.feasible,
    )


def _plan_value(plan: DriverValues, key: str) -> float:
    return float(plan.column(key)[0])


def _jsonable(value: float) -> float | None:
    return None if math.isnan(value) else value
