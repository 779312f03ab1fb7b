"""Batched NPV and IRR (ppp.engine.numerics) against hand examples, numpy-financial and each other.

Conventions under test (methodology §1, §6): flows at the end of periods 1..N, PV at the start of period 1
(``numpy_financial.npv`` needs a leading 0), IRR = the unique root in (−99 %, 1000 %), else "none" or
"multiple" with the roots listed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ppp.bench_numerics import bench_irr, bench_npv, conventional_flows, format_report
from ppp.engine import numerics
from ppp.engine.numerics import (
    IRR_MULTIPLE,
    IRR_NONE,
    IRR_UNIQUE,
    IrrResult,
    describe_irr,
    irr,
    irr_value,
    npv,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import cash_flow_rows, conventional_cash_flows

# Deterministic (derandomized) and quick: the whole file runs in a few seconds.
PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
LOW, HIGH = -0.99, 10.0


def direct_npv(rate: float, flows: list[float]) -> float:
    """PV at the start of period 1 of end-of-period flows, term by term."""
    return sum(flow / (1.0 + rate) ** (t + 1) for t, flow in enumerate(flows))


def present_value_scale(rate: float, flows: list[float]) -> float:
    """Σ |CF_t| / (1 + r)^t: what "NPV ≈ 0" is measured against."""
    return sum(abs(flow) / (1.0 + rate) ** (t + 1) for t, flow in enumerate(flows))


def padded(rows: list[list[float]]) -> np.ndarray:
    """Rows of different lengths as one matrix, trailing zeros added (they change no NPV and no IRR)."""
    width = max(len(row) for row in rows)
    return np.array([row + [0.0] * (width - len(row)) for row in rows])


# ----------------------------------------------------------------------------------------------------------
# NPV


def test_npv_hand_examples() -> None:
    assert float(npv(0.10, [110.0])) == pytest.approx(100.0, rel=1e-15)
    assert float(npv(0.10, [0.0, 121.0])) == pytest.approx(100.0, rel=1e-15)
    assert float(npv(0.0, [1.0, 2.0, 3.0])) == 6.0
    # Excel =NPV(0.08, -40000, 5000, 8000, 12000, 30000) discounts the first value by one period too.
    assert float(npv(0.08, [-40_000.0, 5_000.0, 8_000.0, 12_000.0, 30_000.0])) == pytest.approx(
        3065.22267 / 1.08, rel=1e-9
    )


def test_npv_shapes() -> None:
    flows = np.array([[110.0, 0.0], [0.0, 144.0]])
    assert npv(0.1, flows[0]).shape == ()
    assert npv(0.1, flows).shape == (2,)
    assert npv([0.1, 0.2], flows) == pytest.approx([100.0, 100.0], rel=1e-15)
    profile = npv([0.0, 0.1, 0.2], [110.0])  # one row at several rates: an NPV profile
    assert profile == pytest.approx([110.0, 100.0, 110.0 / 1.2], rel=1e-15)
    assert npv(0.1, np.zeros((0, 5))).shape == (0,)
    assert npv(np.zeros(0), np.zeros((0, 5))).shape == (0,)


def test_npv_undefined_rates_give_nan() -> None:
    values = npv([0.1, np.nan, -1.0, -1.5], np.ones((4, 3)))
    assert np.isfinite(values[0])
    assert np.isnan(values[1:]).all()
    assert np.isnan(npv(np.nan, [1.0, 2.0]))
    with pytest.raises(ValueError, match="dimension"):
        npv(0.1, 5.0)


@PROPERTY
@given(
    flows=st.integers(1, 40).flatmap(cash_flow_rows),
    rate=st.floats(-0.5, 1.0, allow_nan=False).map(lambda value: round(value, 6)),
)
def test_npv_matches_numpy_financial_and_the_formula(flows: list[float], rate: float) -> None:
    ours = float(npv(rate, flows))
    scale = max(present_value_scale(rate, flows), 1.0)
    assert abs(ours - float(npf.npv(rate, [0.0, *flows]))) <= 1e-12 * scale
    assert abs(ours - direct_npv(rate, flows)) <= 1e-12 * scale


@pytest.mark.parametrize("rows", [5, 200])
def test_npv_batch_paths_agree_with_the_formula(rows: int) -> None:
    # Few rows use a power matrix, many rows Horner's scheme, equal rates a matrix-vector product.
    flows = conventional_flows(rows, 31, seed=7)
    rates = np.random.default_rng(7).uniform(-0.2, 0.3, size=rows)
    expected = np.array([direct_npv(rate, row.tolist()) for rate, row in zip(rates, flows, strict=True)])
    scale = np.abs(flows).sum(axis=1) * 5.0
    assert np.all(np.abs(npv(rates, flows) - expected) <= 1e-12 * scale)
    same = np.array([direct_npv(0.07, row.tolist()) for row in flows])
    assert np.all(np.abs(npv(0.07, flows) - same) <= 1e-12 * scale)
    assert np.all(np.abs(npv(np.full(rows, 0.07), flows) - same) <= 1e-12 * scale)


# ----------------------------------------------------------------------------------------------------------
# IRR: hand examples and statuses


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-100.0, 110.0], 0.10),
        ([-100.0, 0.0, 121.0], 0.10),
        ([-100.0, 39.0, 59.0, 55.0, 20.0], 0.2809484211599611),  # numpy-financial's docstring example
        ([-100.0, 0.0, 0.0, 74.0], 0.74 ** (1 / 3) - 1),  # a negative IRR
        ([0.0, 0.0, -100.0, 110.0, 0.0], 0.10),  # leading and trailing zeros change nothing
        ([100.0, -110.0], 0.10),  # a loan seen from the borrower: receipts first
    ],
)
def test_irr_hand_examples(flows: list[float], expected: float) -> None:
    result = irr(flows)
    assert result.status.tolist() == [IRR_UNIQUE]
    assert result.rate[0] == pytest.approx(expected, abs=1e-8)
    assert irr_value(result) == pytest.approx(expected, abs=1e-8)
    assert result.roots == {}


def test_irr_is_exact_on_simple_cases() -> None:
    assert irr([-100.0, 110.0]).rate[0] == pytest.approx(0.1, abs=1e-15)
    assert irr([-100.0, 0.0, 121.0]).rate[0] == pytest.approx(0.1, abs=1e-15)
    assert irr([-100.0, 230.0, -132.0]).roots[0] == pytest.approx((0.1, 0.2), abs=1e-14)


@pytest.mark.parametrize(
    "flows",
    [
        [100.0, 50.0, 25.0],  # all positive
        [-100.0, -50.0],  # all negative
        [0.0, 0.0, 0.0],  # all zero: NPV is zero at every rate, so no unique rate either
        [-100.0],  # one period
        [-1.0, 100.0],  # IRR 9900 %: above the range
        [-100.0, 0.5],  # IRR −99.5 %: below the range
        [-1.0, 11.0],  # IRR exactly 1000 %: the range is open
        [-100.0, 1.0],  # IRR exactly −99 %
    ],
)
def test_irr_none(flows: list[float]) -> None:
    result = irr(flows)
    assert result.status.tolist() == [IRR_NONE]
    assert np.isnan(result.rate[0])
    assert irr_value(result) is None
    assert describe_irr(result) == "none"


def test_irr_multiple_roots_are_listed() -> None:
    result = irr([-100.0, 230.0, -132.0])  # NPV = 0 at 10 % and at 20 %
    assert result.status.tolist() == [IRR_MULTIPLE]
    assert np.isnan(result.rate[0])
    assert irr_value(result) is None
    assert result.roots[0] == pytest.approx((0.1, 0.2), abs=1e-12)
    assert describe_irr(result) == "multiple: 0.1, 0.2"


def test_three_sign_changes_can_still_have_one_irr() -> None:
    # A conventional project whose lifecycle refresh makes year 5 negative: 3 sign changes, one real root.
    flows = [-1000.0, 200.0, 200.0, 200.0, -50.0, 200.0, 200.0, 200.0, 200.0, 200.0]
    result = irr(flows)
    assert result.status.tolist() == [IRR_UNIQUE]
    assert result.rate[0] == pytest.approx(npf.irr(flows), abs=1e-10)
    assert abs(float(npv(result.rate[0], flows))) <= 1e-10 * present_value_scale(result.rate[0], flows)


@pytest.mark.parametrize("flows", [[1.0, -2.0, 1.0], [-1.0, 2.0, -1.0], [-1.0, 3.0, -3.0, 1.0]])
def test_double_root_on_a_grid_point_is_found(flows: list[float]) -> None:
    # (1 − x)² and (1 − x)³ touch or cross zero at x = 1 (a rate of 0 %), a point of the scan grid; a
    # double root between grid points would be missed (documented).
    result = irr(flows)
    assert result.status.tolist() == [IRR_UNIQUE]
    assert result.rate[0] == 0.0


def test_range_and_tolerance_options() -> None:
    assert irr([-100.0, 110.0], low=0.0, high=0.2).rate[0] == pytest.approx(0.1, abs=1e-14)
    assert irr([-100.0, 110.0], low=0.2, high=0.5).status[0] == IRR_NONE
    # A range that misses the dense band of the grids entirely.
    assert irr([-1.0, 4.0], low=2.0, high=5.0).rate[0] == pytest.approx(3.0, abs=1e-12)
    assert irr([-1.0, 2.0, -0.5, 0.0], low=2.0, high=5.0).status[0] == IRR_NONE
    assert irr([-100.0, 110.0], tol=1e-6).rate[0] == pytest.approx(0.1, abs=1e-6)
    # Only one of the two roots in range: unique.
    assert irr([-100.0, 230.0, -132.0], low=0.15).rate[0] == pytest.approx(0.2, abs=1e-12)


def test_irr_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="finite"):
        irr([-100.0, np.nan])
    with pytest.raises(ValueError, match="finite"):
        irr([[-100.0, np.inf]])
    with pytest.raises(ValueError, match="range"):
        irr([-100.0, 110.0], low=0.5, high=0.1)
    with pytest.raises(ValueError, match="range"):
        irr([-100.0, 110.0], low=-1.0)
    with pytest.raises(ValueError, match="tol"):
        irr([-100.0, 110.0], tol=0.0)
    with pytest.raises(ValueError, match="shape"):
        irr(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="periods are too many"):
        irr(np.ones(200))


def test_empty_batch() -> None:
    result = irr(np.zeros((0, 10)))
    assert result.rate.shape == (0,)
    assert result.status.shape == (0,)


# ----------------------------------------------------------------------------------------------------------
# IRR: against numpy-financial and NPV


@PROPERTY
@given(flows=conventional_cash_flows())
def test_irr_matches_numpy_financial(flows: list[float]) -> None:
    reference = float(npf.irr(flows))  # the single positive root, wherever it is
    # Within 1e-9 of a range end the two sides may disagree about being inside: not a meaningful case.
    assume(not (abs(reference - LOW) < 1e-9 or abs(reference - HIGH) < 1e-9))
    result = irr(flows)
    if LOW < reference < HIGH:
        assert result.status.tolist() == [IRR_UNIQUE]
        assert abs(result.rate[0] - reference) <= 1e-10
        rate = float(result.rate[0])
        assert abs(float(npv(rate, flows))) <= 1e-9 * present_value_scale(rate, flows)
    else:
        assert result.status.tolist() == [IRR_NONE]


def test_irr_batch_matches_numpy_financial() -> None:
    flows = conventional_flows(3000, 31, seed=11)
    result = irr(flows)
    reference = np.array([npf.irr(row) for row in flows])
    assert (result.status == IRR_UNIQUE).all()
    assert np.max(np.abs(result.rate - reference)) <= 1e-10
    residual = np.abs(npv(result.rate, flows))
    scale = np.array(
        [present_value_scale(rate, row.tolist()) for rate, row in zip(result.rate, flows, strict=True)]
    )
    assert np.all(residual <= 1e-10 * scale)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(conventional_cash_flows(), min_size=1, max_size=8))
def test_irr_vectorised_batch_matches_numpy_financial(rows: list[list[float]]) -> None:
    # 48 rows (enough for the vectorised path) cycling through the drawn ones at different scales,
    # which change no IRR.
    scales = (1.0, 1e-3, 1e3, 7.5)
    batch = [[flow * scales[index % 4] for flow in rows[index % len(rows)]] for index in range(48)]
    result = irr(padded(batch))
    for index in range(48):
        reference = float(npf.irr(rows[index % len(rows)]))
        if LOW + 1e-9 < reference < HIGH - 1e-9:
            assert result.status[index] == IRR_UNIQUE
            assert abs(result.rate[index] - reference) <= 1e-10
        elif not (abs(reference - LOW) < 1e-9 or abs(reference - HIGH) < 1e-9):
            assert result.status[index] == IRR_NONE


def mixed_rows() -> list[list[float]]:
    """Every status, every path: conventional, none, multiple, several changes with one root, zeros."""
    rng = np.random.default_rng(5)
    rows = [row.tolist() for row in conventional_flows(60, 12, seed=3)]
    rows += [
        [-100.0, 230.0, -132.0] + [0.0] * 9,
        [-1000.0, 200.0, 200.0, 200.0, -50.0, 200.0, 200.0, 200.0, 200.0, 200.0, 0.0, 0.0],
        [100.0] * 12,
        [-100.0] * 12,
        [0.0] * 12,
        [-1.0, 100.0] + [0.0] * 10,
        [100.0, -110.0] + [0.0] * 10,
        [-10.0, 21.0, -11.0 - 1e-3] + [0.0] * 9,  # two roots, ≈ 0.1 % and ≈ 9.9 %
    ]
    rows += [rng.normal(0.0, 100.0, 12).round(2).tolist() for _ in range(30)]
    return rows


def test_batch_gives_each_row_its_own_result() -> None:
    rows = mixed_rows()
    batch = irr(np.array(rows))
    assert {IRR_UNIQUE, IRR_NONE, IRR_MULTIPLE} <= set(batch.status.tolist())
    for index, row in enumerate(rows):
        alone = irr(row)
        assert batch.status[index] == alone.status[0], (index, row)
        if alone.status[0] == IRR_UNIQUE:
            assert batch.rate[index] == pytest.approx(alone.rate[0], abs=1e-12)
        if alone.status[0] == IRR_MULTIPLE:
            assert batch.roots[index] == pytest.approx(alone.roots[0], abs=1e-12)
        assert describe_irr(batch, index).split(":")[0] == describe_irr(alone).split(":")[0]


def test_every_root_listed_is_a_root() -> None:
    rows = mixed_rows()
    result = irr(np.array(rows))
    for index, row in enumerate(rows):
        for root in result.roots.get(index, ()) + (
            (float(result.rate[index]),) if result.status[index] == 0 else ()
        ):
            assert LOW < root < HIGH
            assert abs(float(npv(root, row))) <= 1e-9 * present_value_scale(root, row)


@pytest.mark.parametrize("rows", [1, 40])
def test_bisection_fallback_finds_the_same_roots(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    flows = np.vstack([conventional_flows(rows, 20, seed=9)[:, :12], [[-100.0, 230.0, -132.0] + [0.0] * 9]])
    expected = irr(flows)
    monkeypatch.setattr(numerics, "_MAX_NEWTON_ITERATIONS", 0)
    bisected = irr(flows)
    assert bisected.status.tolist() == expected.status.tolist()
    assert np.allclose(bisected.rate, expected.rate, rtol=0.0, atol=1e-11, equal_nan=True)
    assert bisected.roots[rows] == pytest.approx(expected.roots[rows], abs=1e-11)


# ----------------------------------------------------------------------------------------------------------
# Sign-change classification (the vectorised bit patterns against a plain count)


@pytest.mark.parametrize("periods", [2, 31, 64, 65, 130])
def test_sign_change_classes(periods: int) -> None:
    rng = np.random.default_rng(periods)
    values = rng.choice([-1.0, 0.0, 0.0, 2.0], size=(300, periods))
    # Make the one-change and no-change patterns common enough to be tested.
    values[:100] = np.sort(values[:100], axis=1)
    values[100:120] = np.abs(values[100:120])
    expected = [min(numerics._count_sign_changes(row), 2) for row in values.tolist()]
    assert numerics._sign_change_class(values).tolist() == expected
    assert {0, 1, 2 if periods > 2 else 1} <= set(expected)


def test_long_rows_use_the_block_classification() -> None:
    flows = np.zeros((40, 100))
    flows[:, :3] = -100.0
    flows[:, 3:] = 12.0
    flows[:20, 80] = -500.0  # a second and third sign change beyond period 64
    result = irr(flows, low=-0.9)
    for index in range(40):
        assert result.rate[index] == pytest.approx(npf.irr(flows[index]), abs=1e-10)


# ----------------------------------------------------------------------------------------------------------
# Text and the result type


def test_describe_and_value() -> None:
    result = IrrResult(
        rate=np.array([0.0812, np.nan, np.nan]),
        status=np.array([IRR_UNIQUE, IRR_NONE, IRR_MULTIPLE], dtype=np.int8),
        roots={2: (0.05, 0.3)},
    )
    assert describe_irr(result, 0) == "0.0812"
    assert describe_irr(result, 1) == "none"
    assert describe_irr(result, 2) == "multiple: 0.05, 0.3"
    assert irr_value(result, 0) == 0.0812
    assert irr_value(result, 1) is None
    assert irr_value(result, 2) is None


# ----------------------------------------------------------------------------------------------------------
# Benchmarks (small, to keep their code working; the real numbers come from ``ppp bench``)


def test_benchmarks_run_and_verify() -> None:
    results = [
        bench_irr(scenarios=300, periods=31, repeat=1, reference_rows=50),
        bench_npv(scenarios=300, periods=31, repeat=1, reference_rows=50),
        bench_npv(scenarios=300, periods=31, repeat=1, per_row_rates=False),
    ]
    for item in results:
        assert item["verified"], item
        assert item["ours_seconds"] > 0.0
        assert item["speedup"] == pytest.approx(item["reference_seconds"] / item["ours_seconds"])
    report = format_report(results)
    assert "scaled per row" in report
    assert "DISAGREE" not in report
