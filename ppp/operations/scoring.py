"""KPI scoring (project-file.md "KPI framework", normative semantics), vectorised over readings."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def shortfall(value: ArrayLike, target: float, direction: Literal["higher", "lower"]) -> FloatArray:
    """max(0, target − value) when higher is better, max(0, value − target) when lower is better.

    Examples
    --------
    >>> shortfall([99.95, 99.5], 99.9, "higher")
    array([0. , 0.4])
    """
    values = np.asarray(value, dtype=np.float64)
    gap = target - values if direction == "higher" else values - target
    return np.maximum(np.round(gap, 12), 0.0)


def kpi_score(shortfall_: ArrayLike, weight: float, tolerance: float) -> FloatArray:
    """A scored KPI's points out of its weight: weight × clamp(1 − shortfall / tolerance, 0, 1).

    Examples
    --------
    >>> kpi_score([0.0, 0.45, 2.0], weight=40, tolerance=0.9)
    array([40., 20.,  0.])
    """
    return weight * np.clip(1.0 - np.asarray(shortfall_, dtype=np.float64) / tolerance, 0.0, 1.0)


def kpi_points(shortfall_: ArrayLike, points_per_unit: float) -> FloatArray:
    """A points KPI's deduction points: points_per_unit × shortfall."""
    return points_per_unit * np.asarray(shortfall_, dtype=np.float64)
