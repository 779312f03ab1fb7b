"""Point-based deductions (SoPC4 style): free points, value per point, ratchet bands, caps.

Semantics (project-file.md, normative): a month's points P are priced band by band: each point number n in
1..P costs value_per_point × the multiplier of the band holding n, and nothing for n ≤ free_points. Fractional
points are priced pro rata (point n covers the interval (n − 1, n]). Point numbers above the free points that
no band holds cost value_per_point (multiplier 1). The month's deduction is capped at one twelfth of that
year's government payment; the year's deduction never exceeds the year's payment.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ppp.model.schema import DeductionBand

FloatArray = NDArray[np.float64]
MONTHS = 12


def price_points(
    points: ArrayLike, *, free_points: float, value_per_point: float, bands: Sequence[DeductionBand] = ()
) -> FloatArray:
    """The money a month's points cost, before any cap.

    Parameters
    ----------
    points : array_like
        Points per month (any shape), ≥ 0.
    free_points : float
        Points up to this number cost nothing.
    value_per_point : float
        Money per point (money unit).
    bands : sequence of DeductionBand
        Ratchet bands ``[from, to]`` (inclusive point numbers; the last may be open) with multipliers.

    Examples
    --------
    The worked example of project-file.md: 120 points, 20 free, 3.0 a point, ×1.0 for 21–100 and ×1.2 for
    101–200: 80 × 3.0 + 20 × 3.6 = 312.

    >>> from ppp.model.schema import DeductionBand
    >>> bands = [DeductionBand(**{"from": 21, "to": 100, "multiplier": 1.0}),
    ...          DeductionBand(**{"from": 101, "to": 200, "multiplier": 1.2}),
    ...          DeductionBand(**{"from": 201, "multiplier": 1.5})]
    >>> float(price_points(120, free_points=20, value_per_point=3.0, bands=bands))
    312.0
    """
    total = np.maximum(np.asarray(points, dtype=np.float64), 0.0)
    priced = np.zeros_like(total)
    covered = np.zeros_like(total)
    for band in bands:
        lower = max(band.from_ - 1.0, free_points)
        upper = np.inf if band.to is None else float(band.to)
        inside = np.clip(np.minimum(total, upper) - lower, 0.0, None)
        priced += inside * band.multiplier
        covered += inside
    chargeable = np.maximum(total - free_points, 0.0)
    # point numbers above the free points that no band holds are charged at the plain rate
    priced += np.maximum(chargeable - covered, 0.0)
    return value_per_point * priced


def annual_deductions(
    monthly_deductions: ArrayLike, annual_payment: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Cap each month at a twelfth of the year's payment and the year at the payment.

    Parameters
    ----------
    monthly_deductions : array_like, shape (..., 12)
        Uncapped deductions of each month of a year.
    annual_payment : array_like, shape (...)
        The government payment of that year (≥ 0).

    Returns
    -------
    (capped_months, year_total)
        The capped monthly deductions and their sum, which never exceeds ``annual_payment``.

    Examples
    --------
    >>> months, year = annual_deductions([[50.0] * 12], [1200.0])
    >>> float(year[0])
    600.0
    """
    months = np.maximum(np.asarray(monthly_deductions, dtype=np.float64), 0.0)
    payment = np.maximum(np.asarray(annual_payment, dtype=np.float64), 0.0)
    capped = np.minimum(months, payment[..., None] / MONTHS)
    year = np.minimum(capped.sum(axis=-1), payment)
    return capped, year
