"""Benchmarks of the batched NPV and IRR against numpy-financial, measured side by side in one run.

Both sides get the same rows, generated with a fixed seed: realistic conventional PPP project cash flows
(1–3 construction years of outlays, then operating receipts that grow with inflation, with lifecycle
refresh years that dent but do not reverse them), in millions. Timings are the best of several repeats
with :func:`time.perf_counter` (on a shared machine the best run is the least disturbed one), and every
benchmark checks that both sides agree before it reports a speed-up.

The numpy-financial loop is slow (about 0.1–0.2 ms per IRR), so it may be timed on the first
``reference_rows`` rows and scaled per row to the full batch; the report says when it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy_financial as npf
from numpy.typing import NDArray

from ppp.engine.numerics import IRR_UNIQUE, irr, npv

__all__ = ["bench_irr", "bench_npv", "conventional_flows", "format_report"]

TOLERANCE = 1e-10
"""Largest absolute difference allowed between ours and numpy-financial (rate, or NPV in millions)."""
IRR_TARGET_SPEEDUP = 300.0
"""The batched IRR must beat numpy-financial's ``irr`` in a loop by at least this factor."""


def conventional_flows(scenarios: int, periods: int, seed: int = 20240601) -> NDArray[np.float64]:
    """Random conventional project cash flows, shape (scenarios, periods), in millions.

    Parameters
    ----------
    scenarios, periods : int
        Rows and annual periods (periods ≥ 4: up to 3 construction years and at least one operating year).
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same rows.

    Returns
    -------
    ndarray of float64, shape (scenarios, periods)
        Outlays (negative) in the 1–3 construction years, receipts (positive) after them: one sign change
        per row, IRRs of roughly 2 %–35 %.

    Examples
    --------
    >>> flows = conventional_flows(3, 31)
    >>> flows.shape, bool((flows[:, 0] < 0).all()), bool((flows[:, -1] > 0).all())
    ((3, 31), True, True)
    """
    if periods < 4:
        raise ValueError("periods must be at least 4")
    rng = np.random.default_rng(seed)
    t = np.arange(periods)
    construction = rng.integers(1, 4, size=scenarios)[:, np.newaxis]
    capex = rng.uniform(200.0, 2000.0, size=(scenarios, 1))
    phasing = rng.uniform(0.5, 1.5, size=(scenarios, periods)) * (t < construction)
    phasing /= phasing.sum(axis=1, keepdims=True)
    margin = rng.uniform(0.05, 0.25, size=(scenarios, 1))
    growth = rng.uniform(0.0, 0.04, size=(scenarios, 1))
    noise = rng.normal(1.0, 0.05, size=(scenarios, periods))
    operating = capex * margin * (1.0 + growth) ** (t - construction) * noise
    # Lifecycle refresh every 6–8 operating years: a dent in the receipts that keeps them positive.
    every = rng.integers(6, 9, size=(scenarios, 1))
    operating_year = t - construction + 1
    refresh = (operating_year > 0) & (operating_year % every == 0)
    operating = np.where(refresh, operating * rng.uniform(0.3, 0.9, size=(scenarios, 1)), operating)
    return np.where(t < construction, -capex * phasing, operating)


def _best_of(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def bench_irr(
    scenarios: int = 10_000,
    periods: int = 31,
    repeat: int = 10,
    reference_rows: int = 2_000,
    seed: int = 20240601,
) -> dict[str, Any]:
    """Time :func:`ppp.engine.numerics.irr` on a batch against ``numpy_financial.irr`` row by row.

    Parameters
    ----------
    scenarios, periods : int, optional
        Batch shape (rows × annual periods).
    repeat : int, optional
        Repeats of the batched call; the best is kept. The reference loop is repeated ``min(repeat, 3)``
        times (it is the slow side).
    reference_rows : int, optional
        Rows the reference loop is timed on (the first ones); its time is scaled per row to
        ``scenarios``. Pass ``scenarios`` to time it on all of them.
    seed : int, optional
        Seed of the generated flows.

    Returns
    -------
    dict
        ``name``, ``scenarios``, ``periods``, ``ours_seconds`` (the whole batch), ``reference_seconds``
        (the loop over the whole batch, scaled if timed on fewer rows), ``reference_rows``, ``speedup``,
        ``max_abs_difference`` (rate, over the reference rows), ``tolerance``, ``verified`` and
        ``target_speedup``.
    """
    flows = conventional_flows(scenarios, periods, seed)
    reference_rows = max(1, min(reference_rows, scenarios))
    irr(flows)  # warm the grid caches
    ours_seconds = _best_of(lambda: irr(flows), repeat)
    result = irr(flows)

    sample = flows[:reference_rows]
    reference = np.empty(reference_rows)

    def loop() -> None:
        for row in range(reference_rows):
            reference[row] = npf.irr(sample[row])

    reference_seconds = _best_of(loop, min(repeat, 3)) * scenarios / reference_rows
    difference = float(np.max(np.abs(result.rate[:reference_rows] - reference)))
    unique = bool(np.all(result.status[:reference_rows] == IRR_UNIQUE))
    return {
        "name": "irr",
        "scenarios": scenarios,
        "periods": periods,
        "ours_seconds": ours_seconds,
        "reference_seconds": reference_seconds,
        "reference_rows": reference_rows,
        "speedup": reference_seconds / ours_seconds,
        "max_abs_difference": difference,
        "tolerance": TOLERANCE,
        "verified": unique and difference <= TOLERANCE,
        "target_speedup": IRR_TARGET_SPEEDUP,
    }


def bench_npv(
    scenarios: int = 10_000,
    periods: int = 31,
    repeat: int = 10,
    reference_rows: int = 10_000,
    seed: int = 20240601,
    per_row_rates: bool = True,
) -> dict[str, Any]:
    """Time :func:`ppp.engine.numerics.npv` on a batch against ``numpy_financial.npv`` row by row.

    The reference is ``numpy_financial.npv(r, [0, *flows])``: numpy-financial discounts its first value
    by zero periods, our flows fall at the end of periods 1..N.

    Parameters
    ----------
    scenarios, periods, repeat, reference_rows, seed
        As for :func:`bench_irr` (the NPV loop is fast enough to time on every row by default).
    per_row_rates : bool, optional
        One discount rate per row (as the engine's scenario batches use), else one rate for all rows.

    Returns
    -------
    dict
        The keys of :func:`bench_irr`; ``max_abs_difference`` is in millions (the units of the flows),
        and there is no ``target_speedup``.
    """
    flows = conventional_flows(scenarios, periods, seed)
    reference_rows = max(1, min(reference_rows, scenarios))
    rng = np.random.default_rng(seed + 1)
    rates: float | NDArray[np.float64] = rng.uniform(0.03, 0.10, size=scenarios) if per_row_rates else 0.06
    row_rates = np.broadcast_to(np.asarray(rates, dtype=np.float64), (scenarios,))
    npv(rates, flows)
    ours_seconds = _best_of(lambda: npv(rates, flows), repeat)
    ours = npv(rates, flows)

    padded = np.concatenate([np.zeros((reference_rows, 1)), flows[:reference_rows]], axis=1)
    reference = np.empty(reference_rows)

    def loop() -> None:
        for row in range(reference_rows):
            reference[row] = npf.npv(row_rates[row], padded[row])

    reference_seconds = _best_of(loop, min(repeat, 3)) * scenarios / reference_rows
    difference = float(np.max(np.abs(ours[:reference_rows] - reference)))
    return {
        "name": "npv (a rate per row)" if per_row_rates else "npv (one rate)",
        "scenarios": scenarios,
        "periods": periods,
        "ours_seconds": ours_seconds,
        "reference_seconds": reference_seconds,
        "reference_rows": reference_rows,
        "speedup": reference_seconds / ours_seconds,
        "max_abs_difference": difference,
        "tolerance": TOLERANCE,
        "verified": difference <= TOLERANCE,
    }


def format_report(results: list[dict[str, Any]]) -> str:
    """Human-readable lines (two per benchmark) for the dicts of :func:`bench_irr` and :func:`bench_npv`."""
    lines = []
    for item in results:
        target = item.get("target_speedup")
        verdict = (
            f" (target ≥ {target:.0f}×: {'met' if item['speedup'] >= target else 'NOT MET'})"
            if target
            else ""
        )
        if item["reference_rows"] < item["scenarios"]:
            basis = (
                f"loop timed on {item['reference_rows']:,} rows and scaled per row to {item['scenarios']:,}"
            )
        else:
            basis = f"loop timed on all {item['scenarios']:,} rows"
        check = "agree" if item["verified"] else "DISAGREE"
        lines.append(
            f"  {item['name']}, {item['scenarios']:,} × {item['periods']} periods: batched "
            f"{item['ours_seconds'] * 1e3:.3f} ms vs numpy-financial "
            f"{item['reference_seconds'] * 1e3:,.1f} ms "
            f"→ {item['speedup']:,.0f}× faster{verdict}"
        )
        lines.append(
            f"    ({basis}; max |difference| {item['max_abs_difference']:.1e}: {check} within "
            f"{item['tolerance']:.0e})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report([bench_irr(), bench_npv(), bench_npv(per_row_rates=False)]))
