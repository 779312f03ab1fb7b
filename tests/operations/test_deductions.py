"""KPI scoring and deductions: the spec's worked example, hand cases and the never-exceed property."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppp.model.schema import DeductionBand
from ppp.operations import annual_deductions, kpi_points, kpi_score, price_points, shortfall

SPEC_BANDS = [
    DeductionBand.model_validate({"from": 21, "to": 100, "multiplier": 1.0}),
    DeductionBand.model_validate({"from": 101, "to": 200, "multiplier": 1.2}),
    DeductionBand.model_validate({"from": 201, "multiplier": 1.5}),
]


def test_spec_worked_example_costs_312() -> None:
    # project-file.md: 120 points, 20 free, bands above: 80 × 3.0 + 20 × 3.6 = 312
    assert price_points(120, free_points=20, value_per_point=3.0, bands=SPEC_BANDS) == pytest.approx(312.0)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (0, 0.0),
        (20, 0.0),  # all free
        (21, 3.0),  # the first charged point
        (100, 240.0),  # 80 × 3.0
        (200, 240.0 + 100 * 3.6),  # 101..200 at ×1.2
        (250, 240.0 + 360.0 + 50 * 4.5),  # 201..250 at ×1.5
        (20.5, 1.5),  # half a point priced pro rata
    ],
)
def test_price_points_band_by_band(points: float, expected: float) -> None:
    assert price_points(points, free_points=20, value_per_point=3.0, bands=SPEC_BANDS) == pytest.approx(
        expected
    )


def test_points_outside_any_band_cost_the_plain_rate() -> None:
    assert price_points(10, free_points=2, value_per_point=5.0) == pytest.approx(40.0)


def test_scored_kpi_follows_the_tolerance_rule() -> None:
    # availability target 99.9 %, tolerance 0.9: 99.45 % is half way to 0 → 20 of 40
    gap = shortfall([99.95, 99.45, 98.9], 99.9, "higher")
    assert kpi_score(gap, weight=40, tolerance=0.9) == pytest.approx([40.0, 20.0, 0.0])
    assert shortfall([25.0, 40.0], 30.0, "lower") == pytest.approx([0.0, 10.0])
    assert kpi_points(shortfall([3.0], 0.0, "lower"), 1.0) == pytest.approx([3.0])


def test_monthly_cap_is_a_twelfth_of_the_year_payment() -> None:
    months, year = annual_deductions([[10.0, 500.0] + [0.0] * 10], [1200.0])
    assert months[0, :2] == pytest.approx([10.0, 100.0])
    assert year[0] == pytest.approx(110.0)


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(st.floats(0, 10_000, allow_nan=False), min_size=12, max_size=12),
    payment=st.floats(0, 1e9, allow_nan=False),
    value_per_point=st.floats(0, 1e6, allow_nan=False),
    free_points=st.floats(0, 500, allow_nan=False),
)
def test_deductions_never_exceed_the_payment(
    points: list[float], payment: float, value_per_point: float, free_points: float
) -> None:
    monthly = price_points(
        np.array(points), free_points=free_points, value_per_point=value_per_point, bands=SPEC_BANDS
    )
    months, year = annual_deductions(monthly[None, :], [payment])
    assert float(year[0]) <= payment
    assert np.all(months <= payment / 12 + 1e-12)
    assert np.all(months >= 0.0)
