"""The Monte Carlo's shortcuts give the numbers of the long way: sorting orders reused from the correlation
step, one sort per output, the tax ledger on the loss-making block only, the colouring of the scores as one
matrix."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from ppp.bench_risk import bench_monte_carlo, bench_spec, twenty_five_year_project
from ppp.engine.annual import _TaxLedger
from ppp.engine.inputs import compile_project
from ppp.model import load_project
from ppp.risk.distributions import Triangular, Uniform
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS, ScenarioEvaluator
from ppp.risk.montecarlo import (
    MonteCarloSpec,
    _draw,
    _iman_conover,
    average_ranks,
    draw_drivers,
    iman_conover,
    run_monte_carlo,
    summarise,
)

SAMPLE = "sample_projects/yangxin_smart_city_bot.toml"


def test_average_ranks_from_a_given_order_are_those_of_the_sort() -> None:
    values = np.array([3.0, 1.0, 2.0, 1.0, 3.0, 3.0])
    # ties in any order within the tie: 1.0 at rows 1 and 3, 3.0 at rows 0, 4 and 5
    order = np.array([3, 1, 2, 5, 0, 4])
    assert average_ranks(values, order).tolist() == [5.0, 1.5, 3.0, 1.5, 5.0, 5.0]
    assert average_ranks(values).tolist() == [5.0, 1.5, 3.0, 1.5, 5.0, 5.0]
    # no ties: the i-th smallest has rank i + 1
    assert average_ranks(np.array([0.5, -2.0, 7.0]), np.array([1, 0, 2])).tolist() == [2.0, 1.0, 3.0]


def test_the_correlation_step_returns_orders_that_sort_each_column() -> None:
    rng = np.random.default_rng(2)
    samples = rng.random((3_000, 3))
    target = np.array([[1.0, 0.6, 0.0], [0.6, 1.0, -0.3], [0.0, -0.3, 1.0]])
    orders: list[np.ndarray] = []
    reordered = _iman_conover(samples, target, np.random.default_rng(9), orders)
    assert len(orders) == 3
    for column, order in enumerate(orders):
        assert np.all(np.diff(reordered[order, column]) >= 0.0)
    # the public function is the same step
    assert np.array_equal(iman_conover(samples, target, np.random.default_rng(9)), reordered)


def test_the_drawn_orders_still_sort_the_rounded_and_clipped_drivers() -> None:
    project = twenty_five_year_project()
    drivers, clipped, orders = _draw(project, bench_spec(4_000, seed=3))
    assert set(orders) == set(DRIVER_KEYS)
    for key, order in orders.items():
        assert np.all(np.diff(drivers.column(key)[order]) >= 0), key
    again, clipped_again = draw_drivers(project, bench_spec(4_000, seed=3))
    assert clipped_again == clipped
    for key in DRIVER_KEYS:
        assert np.array_equal(again.column(key), drivers.column(key))


def test_the_summary_is_the_same_with_and_without_the_drawn_orders() -> None:
    project = twenty_five_year_project()
    spec = bench_spec(3_000, seed=5)
    drivers, clipped, orders = _draw(project, spec)
    outputs = ScenarioEvaluator(project).evaluate(drivers)
    columns = {key: drivers.column(key) for key in DRIVER_KEYS}
    values = dict(outputs.values)
    # an output undefined in some scenarios takes the path that ranks the defined ones only
    values["min_dscr"] = values["min_dscr"].copy()
    values["min_dscr"][::17] = np.nan
    common = {"hurdle": 0.07, "clipped": clipped, "cancelled": False}
    with_orders = summarise(spec, columns, values, outputs.feasible, driver_orders=orders, **common)
    without = summarise(spec, columns, values, outputs.feasible, **common)
    assert with_orders.percentiles == without.percentiles
    assert with_orders.rank_correlations == without.rank_correlations
    assert with_orders.undefined == without.undefined
    assert with_orders.undefined["min_dscr"] > 0
    for key in OUTPUT_KEYS:
        defined = values[key][~np.isnan(values[key])]
        expected = [*np.percentile(defined, (5, 50, 95)).tolist(), float(np.mean(defined))]
        assert list(with_orders.percentiles[key].values()) == expected


def test_a_cancelled_run_ranks_the_scenarios_it_kept() -> None:
    project = load_project(SAMPLE).project
    spec = MonteCarloSpec(
        {"capex": Triangular(0.9, 1.0, 1.4), "opex": Uniform(0.9, 1.2)},
        correlations={("capex", "opex"): 0.7},
        scenarios=4_000,
        seed=8,
        chunk_size=1_000,
    )
    result = run_monte_carlo(project, spec, on_chunk=lambda done, total: done < 2_000)
    assert result.cancelled
    assert result.scenarios_done == 2_000
    columns = {key: np.asarray(result.drivers[key]) for key in DRIVER_KEYS}
    recomputed = summarise(
        spec, columns, result.outputs, result.feasible, hurdle=result.hurdle, clipped={}, cancelled=True
    )
    assert recomputed.rank_correlations == result.rank_correlations
    rho = result.rank_correlations["equity_irr"]["capex"]
    assert rho is not None
    assert rho < -0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_ledger_on_the_loss_block_is_the_ledger_period_by_period(seed: int) -> None:
    """Losses in some rows and some periods only: the rows and periods outside the block pay the rate on
    their EBT, and inside it the ledger's result is the one-period-at-a-time ledger's, bit for bit."""
    inputs = compile_project(load_project(SAMPLE).project)
    rng = np.random.default_rng(seed)
    scenarios, periods = 60, 15
    ebt = rng.uniform(10.0, 100.0, (scenarios, periods))
    loss_rows = rng.choice(scenarios, 20, replace=False)
    ebt[np.ix_(loss_rows, [3, 4, 9])] = -rng.uniform(5.0, 300.0, (20, 3))
    batch = replace(
        inputs,
        capex=np.zeros((scenarios, periods)),
        income_tax_rate=np.full(scenarios, 0.25),
    )
    fast = _TaxLedger(batch, ebt.shape, by_period=False).all_periods(ebt)
    ledger = _TaxLedger(batch, ebt.shape)
    for period in range(periods):
        ledger.period(period, ebt[:, period])
    assert np.array_equal(fast, ledger.income_tax)
    untouched = np.setdiff1d(np.arange(scenarios), loss_rows)
    assert np.array_equal(fast[untouched], 0.25 * ebt[untouched])
    # a loss lowers the tax of the years after it, within the carry-forward
    assert fast[loss_rows, 5].sum() < 0.25 * ebt[loss_rows, 5].sum()
    assert math.isclose(float(fast[loss_rows, 0].sum()), 0.25 * float(ebt[loss_rows, 0].sum()))


def test_the_benchmark_times_each_part_and_checks_the_loop() -> None:
    figures = bench_monte_carlo(scenarios=1_000, repeat=1, reference_rows=5)
    for key in ("run_seconds", "draw_seconds", "evaluate_seconds", "summary_seconds", "loop_seconds"):
        assert figures[key] > 0.0, key
    assert figures["verified"]
    assert max(figures["differences"].values()) <= 1e-9


def test_the_machine_yardstick_is_irr_time_against_the_reference() -> None:
    from ppp.bench_risk import REFERENCE_IRR_MICROSECONDS, machine_factor

    microseconds, factor = machine_factor(repeat=1)
    assert microseconds > 0.0
    assert factor == pytest.approx(microseconds / REFERENCE_IRR_MICROSECONDS)
