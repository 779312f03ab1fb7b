"""Batched NPV and IRR over scenarios × periods (methodology §1 and §6).

Conventions
-----------
* ``flows`` has shape ``(S, N)``: ``S`` scenarios (rows), ``N`` annual periods (columns). Column ``j``
  (0-based) is period ``t = j + 1``. Amounts are money (yuan or any one currency unit; the functions are
  unit-free) and every flow falls at the **end** of its period.
* Present values are taken at the **start of period 1**: ``PV = Σ_{t=1..N} CF_t / (1 + r)^t``. This is
  Excel's ``=NPV(r, CF_1:CF_N)``; ``numpy_financial.npv`` discounts its first element by 0 periods, so
  ``npv(r, flows) == numpy_financial.npv(r, [0, *flows])``.
* Rates are per period (per year), as fractions: ``0.08`` is 8 %.
* The IRR is the unique rate in the open range ``(low, high)`` (default ``(−0.99, 10.0)``, i.e.
  −99 % … 1000 %) at which the NPV is zero. No root in range is reported as "none", more than one as
  "multiple" with the roots listed; a number is returned only when it is the unique root.

How the IRR is found
--------------------
With ``x = 1 / (1 + r)`` the NPV times ``(1 + r)`` is the polynomial ``f(x) = Σ_{j=0..N−1} c_j x^j`` with
``c_j = CF_{j+1}``, and the range ``(low, high)`` of rates is the range ``(x_lo, x_hi) =
(1 / (1 + high), 1 / (1 + low))`` of ``x``. Rows are classified by the number of sign changes of their
coefficients (zeros ignored), which by Descartes' rule of signs that bounds the number of positive roots:

* 0 sign changes: no root at all → "none" (this includes all-zero flows, whose NPV is zero at every rate
  and which therefore have no *unique* IRR either).
* exactly 1 sign change (a conventional project: outlays, then receipts): exactly one positive root, so
  exactly one rate in ``(−1, ∞)``. ``f`` is evaluated on a coarse grid of ``x`` for all such rows with one
  matrix product; if ``f`` has the same sign at both range ends the root is outside the range → "none";
  otherwise the grid gives a bracket and a secant start, and a safeguarded Newton iteration (a step that
  leaves the bracket becomes a bisection step; near the root the derivative is reused) runs on all rows
  at once, Horner's scheme over the periods evaluating ``f`` and ``f'`` with one vector operation per
  period on contiguous per-period vectors.
* 2 or more sign changes (e.g. a lifecycle refresh year that makes a mid-life year negative): first a
  proof that ``f`` still has exactly one root in range, which most such rows pass: the range is cut into
  a few pieces, each mapped onto ``(0, ∞)`` by ``x = (a + b·y)/(1 + y)``, and the sign changes of the
  mapped coefficients (one matrix product for all pieces, each coefficient checked against its rounding
  bound) count the roots on each piece by Descartes' rule when they are 0 or 1. A proven row is solved like
  a conventional one (same root to a few ulps). Every other row: ``f`` is scanned on a fine grid of
  about 800 rates across the range (dense in −50 % … 100 %) with one matrix
  product; every sign change on the grid brackets a root and every bracket is refined the same way.
  **Limitation:** two roots closer together than the grid spacing (0.25 percentage points near 0 %,
  wider far from it), and in particular a double root, where the NPV touches zero without crossing it,
  can be missed (an exact zero at a grid point is always found).

Results agree with ``numpy_financial.irr`` to 1e-10 (absolute, on the rate) wherever a unique IRR exists;
on extreme flows (amounts spanning eight orders of magnitude, IRRs of several hundred per cent) the two can
differ by ~1e-9, and 50-digit arithmetic shows the error is numpy-financial's (``np.roots``).
Small batches (under 32 rows) are refined in Python floats, where numpy's per-call cost would dominate.
Evaluating ``x^j`` up to ``x_hi^(N−1)`` limits ``N``: with the default ``low = −0.99`` about 100
periods (a ``ValueError`` says so); annual PPP horizons are far below that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "IRR_MULTIPLE",
    "IRR_NONE",
    "IRR_UNIQUE",
    "IrrResult",
    "describe_irr",
    "irr",
    "irr_value",
    "matmul_by_row_blocks",
    "npv",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

IRR_UNIQUE: Final = 0
"""Status: exactly one root in range; ``IrrResult.rate`` holds it."""
IRR_NONE: Final = 1
"""Status: no root in range (no sign change, or the only root lies outside the range)."""
IRR_MULTIPLE: Final = 2
"""Status: two or more roots in range; ``IrrResult.roots`` lists them."""

# Largest decimal exponent ``x_hi^(N−1)`` may reach: leaves ~1e100 of headroom for flow magnitudes
# (and their sums) below the float64 limit of ~1.8e308.
_MAX_POWER_EXPONENT: Final = 200.0
# Coarse grid for one-sign-change rows: the rate band most projects fall in gets most of the points,
# because the interpolated Newton start is only as good as the local grid spacing.
_COARSE_CORE: Final = (-0.3, 0.7)
_COARSE_CORE_POINTS: Final = 24
_COARSE_TAIL_POINTS: Final = 4
# Fine scan grid for rows with several sign changes: step 0.0025 in −50 % … 100 %.
_SCAN_CORE: Final = (-0.5, 1.0)
_SCAN_CORE_POINTS: Final = 601
_SCAN_TAIL_POINTS: Final = 100
# Rates that split the IRR range into pieces for proving a single root (rows with several sign changes):
# narrow pieces around the usual project returns, where a refresh year's complex roots would otherwise
# add sign changes.
_PIECE_RATES: Final = (-0.5, -0.2, 0.0, 0.1, 0.3, 1.0)
# A transformed coefficient's sign counts as proven when it exceeds this share of its error bound (the
# rounding error is below ~1e-14 of the bound).
_CERTAIN_SHARE: Final = 1e-9
# Rows per block of the scan: 2,048 × ~800 grid values are 13 MB.
_SCAN_BLOCK_ROWS: Final = 2048
# Below this many rows, refining each row with Python floats beats Horner's 4·N numpy calls per
# iteration, whose fixed per-call cost (~1 µs) dominates for small batches.
_VECTOR_MIN_ROWS: Final = 32
# Rows per block of the coarse-grid product: small enough that the OpenBLAS bundled with numpy runs
# each block on the calling thread (measured: 512 × 31 × 32 does, 768 × 31 × 32 does not); other BLAS
# libraries just see a few more calls.
_MATMUL_BLOCK_ROWS: Final = 512
# Largest rows × N × K product kept per block: OpenBLAS runs products up to about 500,000 multiply-adds
# on the calling thread (512 × 31 × 32 does, 768 × 31 × 32 does not).
_SINGLE_THREAD_PRODUCT: Final = 480_000
# The products above pad their rows to a multiple of this: every BLAS tile (4, 8 or 16 rows in OpenBLAS's
# double kernels) is then whole, so each row is computed by the same instructions whatever its position.
_MATMUL_ROW_UNIT: Final = 32
# Newton iterations before the remaining rows are finished by plain bisection.
_MAX_NEWTON_ITERATIONS: Final = 100
# Once every active row's last step is below this (relative to x), Newton's derivative is reused:
# the chord step then contracts the error by ~N·step, far below 1, at half the cost of a Newton step.
_CHORD_SWITCH: Final = 1e-6
# Drop converged rows from the working set once they are this share of it: the copy of the
# coefficients costs about one Horner pass, so compacting after every iteration does not pay.
_COMPACT_SHARE: Final = 0.5


@dataclass(frozen=True)
class IrrResult:
    """IRRs of a batch of cash-flow rows.

    Attributes
    ----------
    rate : ndarray of float64, shape (S,)
        The IRR per period (fraction, ``0.08`` = 8 %) where ``status == IRR_UNIQUE``, NaN elsewhere.
    status : ndarray of int8, shape (S,)
        ``IRR_UNIQUE``, ``IRR_NONE`` or ``IRR_MULTIPLE`` per row.
    roots : dict of int to tuple of float
        For rows with status ``IRR_MULTIPLE`` only: row index → every root found in range, ascending.
    """

    rate: NDArray[np.float64]
    status: NDArray[np.int8]
    roots: dict[int, tuple[float, ...]]


def npv(rate: float | ArrayLike, flows: ArrayLike, *, per_row: bool = False) -> NDArray[np.float64]:
    """Net present value at the start of period 1 of end-of-period flows.

    ``PV = Σ_{t=1..N} CF_t / (1 + r)^t``, i.e. Excel ``=NPV(r, CF_1:CF_N)`` and
    ``numpy_financial.npv(r, [0, *flows])``.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period (fraction). A scalar applies to every row; an array of shape ``(S,)``
        gives each row its own rate (any shape that broadcasts against ``flows.shape[:-1]`` works, so
        one row of flows and ``K`` rates gives an NPV profile of shape ``(K,)``). NaN gives NaN, and so
        does a rate ≤ −1, where the discount factor is undefined.
    flows : array_like, shape (S, N) or (N,)
        Cash flows in money units; column ``j`` falls at the end of period ``j + 1``.
    per_row : bool, optional
        Evaluate every row by Horner's scheme even when all rows share one rate (which otherwise takes one
        matrix product): a row's NPV is then the same bits whatever the other rows and their rates are.

    Returns
    -------
    ndarray of float64
        Present values in the units of ``flows``, shape ``np.broadcast_shapes(np.shape(rate),
        flows.shape[:-1])``: ``(S,)`` for 2-D flows, a 0-d array for 1-D flows and a scalar rate.

    Examples
    --------
    >>> float(npv(0.10, [110.0]))
    100.0
    >>> npv(0.10, [[110.0, 0.0], [0.0, 121.0]]).round(9).tolist()
    [100.0, 100.0]
    """
    values = np.asarray(flows, dtype=np.float64)
    if values.ndim == 0:
        raise ValueError("flows must have at least one dimension (periods last)")
    rates = np.asarray(rate, dtype=np.float64)
    shape = np.broadcast_shapes(rates.shape, values.shape[:-1])
    periods = values.shape[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        # A rate of −1 divides by zero and one below it alternates the sign of the factor: neither is
        # a discount factor, so both become NaN rather than a number that looks like a PV.
        factor = np.where(rates > -1.0, 1.0 / (1.0 + rates), np.nan)
    exponents = np.arange(1, periods + 1, dtype=np.float64)
    if rates.size == 0:
        return np.zeros(shape)
    if not per_row and (rates.ndim == 0 or bool(np.all(rates == rates.flat[0]))):
        # One rate for all rows (often the case for scenario batches too): a single matrix-vector
        # product against the discount factors.
        present = values @ (float(factor.flat[0]) ** exponents)
        return np.array(np.broadcast_to(present, shape), dtype=np.float64)
    if math.prod(shape) < _VECTOR_MIN_ROWS:
        # Few rows: Horner's scheme in Python floats, the same IEEE operations in the same order as the
        # vector path below, so a row's NPV does not depend on the size of its batch (a Monte Carlo run of
        # identical scenarios reproduces the one-project evaluation bit for bit).
        rows = math.prod(shape)
        row_flows = np.broadcast_to(values, (*shape, periods)).reshape(rows, periods).tolist()
        row_factors = np.broadcast_to(factor, shape).reshape(rows).tolist()
        row_totals: list[float] = []
        for row, row_factor in zip(row_flows, row_factors, strict=True):
            row_total = 0.0
            for value in reversed(row):
                row_total += value
                row_total *= row_factor
            row_totals.append(row_total)
        return np.array(row_totals, dtype=np.float64).reshape(shape)
    # Many rows, a rate each: Horner's scheme over the periods on contiguous per-period vectors, one
    # vector operation per period and no (S, N) power matrix.
    columns = np.ascontiguousarray(np.moveaxis(values, -1, 0))
    total = np.zeros(shape, dtype=np.float64)
    for column in columns[::-1]:
        total += column
        total *= factor
    return total


def irr(flows: ArrayLike, *, low: float = -0.99, high: float = 10.0, tol: float = 1e-12) -> IrrResult:
    """Internal rates of return of many cash-flow rows at once.

    Parameters
    ----------
    flows : array_like, shape (S, N) or (N,)
        Cash flows in money units at the end of periods 1..N (one row per scenario; 1-D is one row).
        Must be finite.
    low, high : float, optional
        The open range of rates searched, per period (fractions), ``−1 < low < high``. Roots on or
        outside the range do not count.
    tol : float, optional
        Relative tolerance on ``x = 1 / (1 + r)``: iteration stops when ``|Δx| ≤ tol · x``, so the rate
        is accurate to about ``tol · (1 + r)``.

    Returns
    -------
    IrrResult
        ``rate`` (NaN unless unique), ``status`` and, for rows with several roots, ``roots``.

    Raises
    ------
    ValueError
        On non-finite flows, an invalid range or tolerance, or too many periods for ``low``.

    Examples
    --------
    >>> result = irr([[-100.0, 110.0, 0.0], [-100.0, 230.0, -132.0], [100.0, 50.0, 0.0]])
    >>> round(float(result.rate[0]), 12), result.status.tolist()
    (0.1, [0, 2, 1])
    >>> [round(root, 12) for root in result.roots[1]]
    [0.1, 0.2]
    >>> describe_irr(result, 2)
    'none'
    """
    values = np.asarray(flows, dtype=np.float64)
    if values.ndim == 1:
        values = values[np.newaxis, :]
    if values.ndim != 2:
        raise ValueError(f"flows must have shape (S, N) or (N,), got {values.shape}")
    if not (math.isfinite(low) and math.isfinite(high) and -1.0 < low < high):
        raise ValueError(f"the IRR range needs -1 < low < high, got low={low}, high={high}")
    if not tol > 0.0:
        raise ValueError(f"tol must be positive, got {tol}")
    if not np.isfinite(values).all():
        raise ValueError("flows must be finite (found NaN or infinity)")
    scenarios, periods = values.shape
    if periods > 1 and (periods - 1) * -math.log10(1.0 + low) > _MAX_POWER_EXPONENT:
        raise ValueError(
            f"{periods} periods are too many for low={low}: x = 1/(1+low) raised to the power N-1 "
            "would overflow; raise low (e.g. -0.9) or use fewer periods"
        )

    rate = np.full(scenarios, np.nan)
    status = np.full(scenarios, IRR_NONE, dtype=np.int8)
    roots: dict[int, tuple[float, ...]] = {}
    if scenarios == 0 or periods < 2:
        return IrrResult(rate=rate, status=status, roots=roots)

    if not values.flags.c_contiguous:
        values = np.ascontiguousarray(values)
    changes = _sign_change_class(values)
    single = np.flatnonzero(changes == 1)
    several = np.flatnonzero(changes == 2)

    if several.size:
        # Most rows with several sign changes (a refresh year between receipts) still have exactly one
        # root in range; proving it is cheap, and their root is then found like a conventional row's
        # instead of by the fine scan.
        proven = _one_root_in_range(values[several], low, high)
        if proven.any():
            # a mask, not np.union1d: that sorts (hashes) the indices again, which costs more than this
            is_single = changes == 1
            is_single[several[proven]] = True
            single = np.flatnonzero(is_single)
            several = several[~proven]
    if single.size:
        # Avoid a copy of the whole batch in the common case where every row is conventional.
        rows = values if single.size == scenarios else values[single]
        found, x = _solve_single(rows, low, high, tol)
        rate[single[found]] = 1.0 / x[found] - 1.0
        status[single[found]] = IRR_UNIQUE
    if several.size:
        roots_per_row, single_root, multiple = _solve_several(values[several], low, high, tol)
        unique = roots_per_row == 1
        rate[several[unique]] = single_root[unique]
        status[several[unique]] = IRR_UNIQUE
        status[several[roots_per_row > 1]] = IRR_MULTIPLE
        roots.update({int(several[row]): row_roots for row, row_roots in multiple.items()})
    return IrrResult(rate=rate, status=status, roots=roots)


def irr_value(result: IrrResult, row: int = 0) -> float | None:
    """The IRR of one row as a float, or ``None`` when it is not unique.

    Parameters
    ----------
    result : IrrResult
        The output of :func:`irr`.
    row : int, optional
        Row index (scenario).

    Returns
    -------
    float or None
        The rate per period (fraction) when ``status`` is ``IRR_UNIQUE``, else ``None``.

    Examples
    --------
    >>> irr_value(irr([-100.0, 0.0, 121.0])) is not None, irr_value(irr([100.0, 5.0]))
    (True, None)
    """
    if int(result.status[row]) != IRR_UNIQUE:
        return None
    return float(result.rate[row])


def describe_irr(result: IrrResult, row: int = 0) -> str:
    """A short text for one row's IRR: the rate, ``"none"`` or ``"multiple: r1, r2, ..."``.

    Parameters
    ----------
    result : IrrResult
        The output of :func:`irr`.
    row : int, optional
        Row index (scenario).

    Returns
    -------
    str
        Rates as fractions per period with 12 significant digits (``"0.1"`` is 10 %).

    Examples
    --------
    >>> describe_irr(irr([-100.0, 230.0, -132.0]))
    'multiple: 0.1, 0.2'
    """
    code = int(result.status[row])
    if code == IRR_UNIQUE:
        return f"{float(result.rate[row]):.12g}"
    if code == IRR_MULTIPLE:
        return "multiple: " + ", ".join(f"{root:.12g}" for root in result.roots.get(row, ()))
    return "none"


# --------------------------------------------------------------------------------------------------
# Sign changes

# Multiplying a little-endian 64-bit word whose 8 bytes are 0 or 1 by this constant moves byte k to bit
# 56 + k with no carries into the top byte, so a multiply and a shift pack 8 booleans into 8 bits.
_BYTES_TO_BITS: Final = np.uint64(0x0102040810204080)


def _pack_bits(mask: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Each row of a boolean (S, K ≤ 64) matrix as the bits of one integer (column k → bit k).

    About as fast as the comparison that made ``mask``; ``np.packbits`` along rows is several times
    slower, and a float matrix-vector product with weights 2^k has to cast the whole matrix first.
    """
    rows, width = mask.shape
    words = -(-width // 8)
    if width % 8 or not mask.flags.c_contiguous:
        padded = np.zeros((rows, 8 * words), dtype=np.bool_)
        padded[:, :width] = mask
        mask = padded
    groups = (mask.view("<u8") * _BYTES_TO_BITS) >> np.uint64(56)
    packed: NDArray[np.uint64] = groups[:, 0].copy()
    for word in range(1, words):
        packed |= groups[:, word] << np.uint64(8 * word)
    return packed


def _lowest_bit(bits: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """The lowest set bit of each integer (two's complement: ``b & -b``), 0 for 0."""
    lowest: NDArray[np.uint64] = bits & (~bits + np.uint64(1))
    return lowest


def _bit_span(bits: NDArray[np.uint64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Index of the lowest and of the highest set bit per integer (64 and −1 where there is none)."""
    lowest = np.bitwise_count(_lowest_bit(bits) - np.uint64(1)).astype(np.int64)
    smeared = bits.copy()
    for shift in (1, 2, 4, 8, 16, 32):
        smeared |= smeared >> np.uint64(shift)
    highest = np.bitwise_count(smeared).astype(np.int64) - 1
    return lowest, highest


def _count_sign_changes(row: list[float]) -> int:
    """Sign changes along one row, zeros ignored (for small batches, where numpy's per-call cost rules)."""
    changes, last_positive, seen = 0, False, False
    for value in row:
        if value != 0.0:
            positive = value > 0.0
            changes += seen and positive != last_positive
            last_positive, seen = positive, True
    return changes


def _sign_change_class(values: FloatArray) -> NDArray[np.int8]:
    """Per row: 0 (no sign change), 1 (exactly one) or 2 (two or more), zeros ignored.

    Exactly one change means every negative entry comes before every positive one or the other way
    round. With the positive and negative entries as bit patterns (period t → bit t) that is one
    comparison: all negative bits lie below the lowest positive bit.
    """
    scenarios, periods = values.shape
    if scenarios < _VECTOR_MIN_ROWS:
        return np.array([min(_count_sign_changes(row), 2) for row in values.tolist()], dtype=np.int8)
    if periods <= 64:
        positive = _pack_bits(values > 0.0)
        negative = _pack_bits(values < 0.0)
        both = (positive != 0) & (negative != 0)
        one = both & ((negative < _lowest_bit(positive)) | (positive < _lowest_bit(negative)))
    else:
        # Blocks of 64 periods: combine the first and last positive and negative period across blocks.
        first_pos = np.full(scenarios, periods, dtype=np.int64)
        first_neg = np.full(scenarios, periods, dtype=np.int64)
        last_pos = np.full(scenarios, -1, dtype=np.int64)
        last_neg = np.full(scenarios, -1, dtype=np.int64)
        for start in range(0, periods, 64):
            chunk = values[:, start : start + 64]
            for mask, first, last in ((chunk > 0.0, first_pos, last_pos), (chunk < 0.0, first_neg, last_neg)):
                bits = _pack_bits(mask)
                lowest, highest = _bit_span(bits)
                present = bits != 0
                np.minimum(first, np.where(present, lowest + start, periods), out=first)
                np.maximum(last, np.where(present, highest + start, -1), out=last)
        both = (last_pos >= 0) & (last_neg >= 0)
        one = both & ((last_neg < first_pos) | (last_pos < first_neg))
    return np.where(one, 1, np.where(both, 2, 0)).astype(np.int8)


# --------------------------------------------------------------------------------------------------
# Grids


def _rate_grid(
    low: float, high: float, core: tuple[float, float], core_points: int, tail_points: int
) -> FloatArray:
    """Rates from ``low`` to ``high`` (both included): uniform in ``core``, uniform in log(1 + r) outside."""
    core_low, core_high = max(low, core[0]), min(high, core[1])
    parts: list[FloatArray] = [np.array([low, high])]
    if core_low < core_high:
        parts.append(np.linspace(core_low, core_high, core_points))
        if low < core_low:
            parts.append(np.expm1(np.linspace(math.log1p(low), math.log1p(core_low), tail_points + 1)))
        if core_high < high:
            parts.append(np.expm1(np.linspace(math.log1p(core_high), math.log1p(high), tail_points + 1)))
    else:
        # The range misses the core band entirely: spread all points evenly in log(1 + r).
        parts.append(np.expm1(np.linspace(math.log1p(low), math.log1p(high), core_points + 2 * tail_points)))
    rates = np.unique(np.concatenate(parts))
    return np.asarray(rates[(rates >= low) & (rates <= high)], dtype=np.float64)


@lru_cache(maxsize=64)
def _x_grid(
    periods: int, low: float, high: float, core: tuple[float, float], core_points: int, tail_points: int
) -> tuple[FloatArray, FloatArray]:
    """Grid points ``x = 1/(1+r)`` ascending, shape (K,), and the power matrix ``x^j``, shape (N, K).

    Cached (and read-only) because the engine asks for the same few grids over and over.
    """
    rates = _rate_grid(low, high, core, core_points, tail_points)
    x = np.sort(1.0 / (1.0 + rates))
    x[0], x[-1] = 1.0 / (1.0 + high), 1.0 / (1.0 + low)
    powers = x[np.newaxis, :] ** np.arange(periods, dtype=np.float64)[:, np.newaxis]
    x.flags.writeable = False
    powers.flags.writeable = False
    return x, powers


# --------------------------------------------------------------------------------------------------
# Counting the roots in range without the scan


def _piece_edges(low: float, high: float) -> FloatArray:
    """Ascending ``x`` edges of the pieces the root count is proven on: the range ends and
    :data:`_PIECE_RATES` inside the range."""
    inner = [1.0 / (1.0 + rate) for rate in _PIECE_RATES if low < rate < high]
    return np.array(sorted({1.0 / (1.0 + high), 1.0 / (1.0 + low), *inner}), dtype=np.float64)


@lru_cache(maxsize=64)
def _piece_transforms(periods: int, low: float, high: float) -> FloatArray:
    """The maps from ``f``'s coefficients to those of ``(1 + y)^(N−1) f((a + b·y) / (1 + y))`` for each
    piece ``(a, b)`` of the range, side by side: shape (N, pieces·N), every entry positive.

    ``y ↦ (a + b·y) / (1 + y)`` maps ``(0, ∞)`` onto ``(a, b)``, so Descartes' rule of signs applied to the
    transformed coefficients bounds the roots of ``f`` in ``(a, b)`` (Vincent's theorem; the transform of
    the Vincent–Collins–Akritas root isolation). Entry ``[j, k]`` is the coefficient of ``y^k`` in
    ``(a + b·y)^j (1 + y)^(N−1−j)``: sums of positive terms, so each is accurate to a few ulps.
    """
    edges = _piece_edges(low, high)
    blocks = []
    for a, b in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        block = np.zeros((periods, periods))
        for power in range(periods):
            product = np.polynomial.polynomial.polymul(
                np.polynomial.polynomial.polypow([a, b], power),
                np.polynomial.polynomial.polypow([1.0, 1.0], periods - 1 - power),
            )
            block[power, : product.shape[0]] = product
        blocks.append(block)
    transforms = np.ascontiguousarray(np.concatenate(blocks, axis=1))
    transforms.flags.writeable = False
    return transforms


def _one_root_in_range(rows: FloatArray, low: float, high: float) -> NDArray[np.bool_]:
    """Per row: is ``f`` proven to have exactly one root in the open range, a simple one?

    On each piece of the range the transformed coefficients (:func:`_piece_transforms`) are computed with
    their error bound ``Σ |c_j|·M[j, k]``; a row is proven when every transformed coefficient exceeds
    :data:`_CERTAIN_SHARE` of its bound (so its sign is the exact one, and no root sits on a piece's edge),
    and the coefficients change sign once on one piece and never on the others: by Descartes' rule one
    change means exactly one root there, none means none. Every other row (a root near or on an edge,
    roots close together, several roots) is left to the scan, which then decides as before.
    """
    periods = rows.shape[1]
    transforms = _piece_transforms(periods, low, high)
    transformed = matmul_by_row_blocks(rows, transforms)
    bound = matmul_by_row_blocks(np.abs(rows), transforms)
    certain = (np.abs(transformed) > _CERTAIN_SHARE * bound).all(axis=1)
    pieces = transforms.shape[1] // periods
    changes = _sign_change_class(transformed.reshape(-1, periods)).reshape(-1, pieces)
    proven: NDArray[np.bool_] = certain & (changes <= 1).all(axis=1) & (changes.sum(axis=1) == 1)
    return proven


# --------------------------------------------------------------------------------------------------
# Polynomial evaluation on a working set of rows, each at its own x


class _Horner:
    """``f(x) = Σ c_j x^j`` for many rows by Horner's scheme over contiguous coefficient vectors.

    The coefficients are stored transposed, shape (N, B), so that each of the ``4·N`` vector operations
    of an evaluation streams one contiguous vector; the cost is ``4·N`` numpy calls whatever B is.
    """

    def __init__(self, coefficients_t: FloatArray) -> None:
        self.coefficients_t = coefficients_t
        self.columns = list(coefficients_t[::-1])  # highest power first, the order Horner uses them

    @classmethod
    def from_rows(cls, rows: FloatArray) -> _Horner:
        return cls(np.ascontiguousarray(rows.T))

    def take(self, keep: NDArray[np.bool_]) -> _Horner:
        return _Horner(np.ascontiguousarray(self.coefficients_t[:, keep]))

    def value(self, x: FloatArray) -> FloatArray:
        columns = self.columns
        f: FloatArray = columns[0] * x
        f += columns[1]
        for column in columns[2:]:
            f *= x
            f += column
        return f

    def value_and_slope(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        columns = self.columns
        slope = columns[0].copy()
        f: FloatArray = columns[0] * x
        f += columns[1]
        for column in columns[2:]:
            slope *= x
            slope += f
            f *= x
            f += column
        return f, slope


# --------------------------------------------------------------------------------------------------
# Root refinement


def _secant_start(
    grid_x: FloatArray, flat_f: FloatArray, base: IntArray, right: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Brackets ``[x[right−1], x[right]]`` and the secant point inside each as the start value.

    ``flat_f[base + k]`` is ``f`` at ``grid_x[k]`` for a bracket's row. (Inverse cubic interpolation
    through four grid points was tried: it starts 5× closer but saves no Newton iteration on the coarse
    grid and costs as much as one.)
    """
    lo, hi = grid_x[right - 1], grid_x[right]
    f_lo, f_hi = flat_f[base + right - 1], flat_f[base + right]
    with np.errstate(divide="ignore", invalid="ignore"):
        start = lo - f_lo * (hi - lo) / (f_hi - f_lo)
    inside = (start >= lo) & (start <= hi)
    return lo, hi, np.where(inside, start, 0.5 * (lo + hi))


def _refine(
    rows: FloatArray, flip: NDArray[np.bool_], lo: FloatArray, hi: FloatArray, start: FloatArray, tol: float
) -> FloatArray:
    """The root in ``[lo, hi]`` of every row's polynomial, to ``|Δx| ≤ tol·x``.

    Each bracket holds a sign change: ``f(lo) < 0 ≤ f(hi)``, or ``f(lo) > 0 ≥ f(hi)`` where ``flip``.
    Safeguarded Newton runs on all rows at once: the bracket shrinks with the sign of ``f`` at every
    iterate, and a Newton step that leaves it (or is not finite) is replaced by the bisection step.
    Converged rows leave the working set in batches; stragglers after ``_MAX_NEWTON_ITERATIONS`` finish
    by bisection.
    """
    count = rows.shape[0]
    if count < _VECTOR_MIN_ROWS:
        return np.array(
            [
                _refine_row(row[::-1].tolist(), bool(row_flip), row_lo, row_hi, row_start, tol)
                for row, row_flip, row_lo, row_hi, row_start in zip(
                    rows, flip, lo.tolist(), hi.tolist(), start.tolist(), strict=True
                )
            ],
            dtype=np.float64,
        )
    result = np.empty(count)
    poly = _Horner.from_rows(rows)
    where = np.arange(count)  # working-set position → output position
    x, lo, hi = start.copy(), lo.copy(), hi.copy()
    active = np.ones(count, dtype=bool)
    all_active = True  # saves masking while no row has converged yet
    slope = np.ones(count)
    full_newton = True
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(_MAX_NEWTON_ITERATIONS):
            if full_newton:
                f, slope = poly.value_and_slope(x)
            else:
                f = poly.value(x)
            # Shrink the bracket towards the root: it is right of x where f has the sign f(lo) has.
            right_of_x = (f < 0.0) != flip
            np.copyto(lo, x, where=right_of_x)
            np.copyto(hi, x, where=~right_of_x)
            step = f / slope
            np.subtract(x, step, out=step)
            # Closed bracket: near convergence the step lands on the end point just set to x. NaN
            # (zero slope) fails both comparisons and bisects too.
            inside = (step >= lo) & (step <= hi)
            if not inside.all():
                step = np.where(inside, step, 0.5 * (lo + hi))
            moved = np.abs(step - x)
            moved /= x  # relative to x from here on
            done = moved <= tol
            if not all_active:
                done &= active
            x = step
            if done.any():
                result[where[done]] = x[done]
                active &= ~done
                remaining = int(np.count_nonzero(active))
                if remaining == 0:
                    return result
                all_active = False
                if remaining <= _COMPACT_SHARE * active.shape[0]:
                    poly = poly.take(active)
                    where, x, lo, hi, flip = where[active], x[active], lo[active], hi[active], flip[active]
                    slope, moved = slope[active], moved[active]
                    active = np.ones(remaining, dtype=bool)
                    all_active = True
            # Reuse the derivative once every active row is close: the chord step then contracts the
            # error by about N·|Δx|/x (tiny) for half the cost; far from the root it would crawl.
            full_newton = bool(np.max(moved if all_active else moved[active]) > _CHORD_SWITCH)
        # Stragglers: bisection always converges, one bit per step.
        while True:
            mid = 0.5 * (lo + hi)
            # A midpoint equal to an end means the bracket is down to adjacent floats.
            done = active & ((hi - lo <= tol * mid) | (mid <= lo) | (mid >= hi))
            f = poly.value(mid)
            done |= active & (f == 0.0)
            right_of_x = (f < 0.0) != flip
            lo = np.where(right_of_x, mid, lo)
            hi = np.where(right_of_x, hi, mid)
            result[where[done]] = mid[done]
            active &= ~done
            if not active.any():
                return result


def _refine_row(columns: list[float], flip: bool, lo: float, hi: float, x: float, tol: float) -> float:
    """:func:`_refine` for one row in Python floats; ``columns`` are the coefficients, highest power first.

    The same iteration in the same order of operations, so a row gets the same root (to rounding in the
    grid values it starts from) either way.
    """
    slope = 1.0
    full_newton = True
    head, tail = columns[0], columns[1:]
    for _ in range(_MAX_NEWTON_ITERATIONS):
        f = head
        if full_newton:
            slope = head
            f = head * x + tail[0]
            for column in tail[1:]:
                slope = slope * x + f
                f = f * x + column
        else:
            for column in tail:
                f = f * x + column
        if (f < 0.0) != flip:
            lo = x
        else:
            hi = x
        step = x - f / slope if slope != 0.0 else math.nan
        if not lo <= step <= hi:  # NaN fails too
            step = 0.5 * (lo + hi)
        moved = abs(step - x) / x
        x = step
        if moved <= tol:
            return x
        full_newton = moved > _CHORD_SWITCH
    while True:
        mid = 0.5 * (lo + hi)
        if hi - lo <= tol * mid or not lo < mid < hi:
            return mid
        f = head
        for column in tail:
            f = f * mid + column
        if f == 0.0:
            return mid
        if (f < 0.0) != flip:
            lo = mid
        else:
            hi = mid


def matmul_by_row_blocks(rows: FloatArray, powers: FloatArray) -> FloatArray:
    """``rows @ powers`` in blocks of rows small enough for BLAS to run each on the calling thread.

    Use it for tall, narrow products (thousands of scenarios × tens of periods). ``rows`` is ``(S, N)``,
    ``powers`` ``(N, K)``; the result is ``(S, K)``, the same as ``rows @ powers``.

    A multi-threaded product of this size saves little, and on a busy machine it waits for a worker
    thread that has been descheduled: measured under load, the median of one 10,000 × 31 × 32 product
    was 5 ms against 1.4 ms in blocks (0.6 against 0.7 ms on an idle machine).

    Examples
    --------
    >>> rows = np.arange(2000.0).reshape(1000, 2)
    >>> bool((matmul_by_row_blocks(rows, np.eye(2)) == rows).all())
    True
    """
    out = np.empty((rows.shape[0], powers.shape[1]))
    # wider products take fewer rows per block, whole tiles of rows, so that each stays on this thread
    work_per_row = max(1, powers.shape[0] * powers.shape[1])
    block_rows = min(
        _MATMUL_BLOCK_ROWS,
        max(_MATMUL_ROW_UNIT, _SINGLE_THREAD_PRODUCT // work_per_row // _MATMUL_ROW_UNIT * _MATMUL_ROW_UNIT),
    )
    for start in range(0, rows.shape[0], block_rows):
        block = rows[start : start + block_rows]
        out[start : start + block.shape[0]] = _whole_tiles_matmul(block, powers)
    return out


def _whole_tiles_matmul(rows: FloatArray, powers: FloatArray) -> FloatArray:
    """``rows @ powers`` with the rows padded with zeros to a multiple of :data:`_MATMUL_ROW_UNIT`.

    BLAS computes the rows of a product in tiles of a few rows, and the rows of a partial tile (or of a
    matrix too small for the tiled kernel) with other instructions, which round differently. With whole
    tiles only, a row's values do not depend on the other rows: a scenario's IRR is then the same bits in
    any batch, and the same as the one-project evaluation.
    """
    count = rows.shape[0]
    whole = -(-count // _MATMUL_ROW_UNIT) * _MATMUL_ROW_UNIT
    if whole == count:
        product: FloatArray = rows @ powers
        return product
    padded = np.zeros((whole, rows.shape[1]))
    padded[:count] = rows
    product = padded @ powers
    return product[:count]


def _solve_single(
    rows: FloatArray, low: float, high: float, tol: float
) -> tuple[NDArray[np.bool_], FloatArray]:
    """Rows with one sign change: (root in range?, x of that root) per row."""
    grid_x, powers = _x_grid(rows.shape[1], low, high, _COARSE_CORE, _COARSE_CORE_POINTS, _COARSE_TAIL_POINTS)
    grid_f = matmul_by_row_blocks(rows, powers)
    if rows.shape[0] < _VECTOR_MIN_ROWS:
        return _solve_single_rows(rows, grid_x, grid_f, tol)
    positive, negative = grid_f > 0.0, grid_f < 0.0
    # One positive root: f keeps the sign it has at x_lo up to the root and has the other sign after it,
    # so the root is in range exactly when the signs at the two range ends are opposite.
    starts_positive = positive[:, 0]
    found = (starts_positive & negative[:, -1]) | (negative[:, 0] & positive[:, -1])
    x = np.full(rows.shape[0], np.nan)
    index = np.flatnonzero(found)
    if index.size == 0:
        return found, x
    # The leading run of grid points with the sign of x_lo ends at the bracket: its length (the trailing
    # ones of the packed pattern) is the index of the first point at or past the root.
    same = np.where(starts_positive, _pack_bits(positive), _pack_bits(negative))
    if index.size < rows.shape[0]:
        rows, same, starts_positive = rows[index], same[index], starts_positive[index]
    right = np.bitwise_count(same ^ (same + np.uint64(1))).astype(np.intp) - 1
    lo, hi, start = _secant_start(grid_x, grid_f.ravel(), index * grid_x.shape[0], right)
    x[index] = _refine(rows, starts_positive, lo, hi, start, tol)
    return found, x


def _solve_single_rows(
    rows: FloatArray, grid_x: FloatArray, grid_f: FloatArray, tol: float
) -> tuple[NDArray[np.bool_], FloatArray]:
    """:func:`_solve_single` row by row in Python floats, the same steps, for small batches."""
    grid = grid_x.tolist()
    found = np.zeros(rows.shape[0], dtype=bool)
    x = np.full(rows.shape[0], np.nan)
    for index, (coefficients, values) in enumerate(zip(rows.tolist(), grid_f.tolist(), strict=True)):
        first, last = values[0], values[-1]
        starts_positive = first > 0.0
        if not ((starts_positive and last < 0.0) or (first < 0.0 and last > 0.0)):
            continue
        right = 1
        while (values[right] > 0.0) if starts_positive else (values[right] < 0.0):
            right += 1
        lo, hi, f_lo, f_hi = grid[right - 1], grid[right], values[right - 1], values[right]
        start = lo - f_lo * (hi - lo) / (f_hi - f_lo) if f_hi != f_lo else math.nan
        if not lo <= start <= hi:
            start = 0.5 * (lo + hi)
        found[index] = True
        x[index] = _refine_row(coefficients[::-1], starts_positive, lo, hi, start, tol)
    return found, x


def _set_positions(mask: NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """``np.nonzero`` of a sparse (M, 8·W) boolean matrix, read 8 entries (one 64-bit word) at a time.

    ``np.nonzero`` inspects every byte; here only the few words holding a set entry are opened, which
    makes finding the handful of sign changes among 800 grid points per row several times cheaper.
    """
    words = mask.view("<u8")
    hits = np.flatnonzero(words)
    which, offset = np.nonzero(words.ravel()[hits].view(np.uint8).reshape(-1, 8))
    flat_word = hits[which]
    per_row = words.shape[1]
    return flat_word // per_row, (flat_word % per_row) * 8 + offset


def _grid_zeros(grid_f: FloatArray) -> tuple[IntArray, IntArray]:
    """Row and grid index of every exact zero of ``f`` at an inner grid point (rare: one cheap test first)."""
    if np.all(grid_f[:, 1:-1]):
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    zero_rows, zero_index = np.nonzero(grid_f[:, 1:-1] == 0.0)
    return zero_rows, zero_index + 1


def _scan(
    rows: FloatArray, grid_x: FloatArray, powers: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, NDArray[np.bool_], IntArray, FloatArray]:
    """Brackets and exact grid zeros of every row's ``f`` on the scan grid.

    Returns, per bracket, its row, ``lo``, ``hi``, a secant start and whether ``f(lo) > 0``; then, per
    exact zero at an inner grid point, its row and its ``x``. Rows go through in blocks so that the
    (rows × grid) values stay small (~16 MB) however many rows there are.
    """
    size = grid_x.shape[0]
    pieces: list[
        tuple[IntArray, FloatArray, FloatArray, FloatArray, NDArray[np.bool_], IntArray, FloatArray]
    ] = []
    for begin in range(0, rows.shape[0], _SCAN_BLOCK_ROWS):
        grid_f = _whole_tiles_matmul(rows[begin : begin + _SCAN_BLOCK_ROWS], powers)
        flat_f = grid_f.ravel()
        # Neighbouring grid points where f turns positive or stops being positive: every sign change on
        # the grid is among them (with the pairs around exact zeros, which are sorted out below).
        positive = grid_f > 0.0
        flips = np.zeros((grid_f.shape[0], -(-(size - 1) // 8) * 8), dtype=np.bool_)
        np.not_equal(positive[:, 1:], positive[:, :-1], out=flips[:, : size - 1])
        flip_rows, left = _set_positions(flips)
        base = flip_rows * size
        f_left, f_right = flat_f[base + left], flat_f[base + left + 1]
        # A strict sign change brackets a root inside the open range; an exact zero at an inner grid
        # point is a root itself, whether f crosses zero there or only touches it (zeros at the two
        # range ends are outside the open range).
        strict = (f_left != 0.0) & (f_right != 0.0)
        lo, hi, start = _secant_start(grid_x, flat_f, base[strict], left[strict] + 1)
        zero_rows, zero_index = _grid_zeros(grid_f)
        pieces.append(
            (
                flip_rows[strict] + begin,
                lo,
                hi,
                start,
                f_left[strict] > 0.0,
                zero_rows + begin,
                grid_x[zero_index],
            )
        )
    if len(pieces) == 1:
        return pieces[0]
    bracket_rows, lo, hi, start, flip, zero_rows, zero_x = (
        np.concatenate(part) for part in zip(*pieces, strict=True)
    )
    return bracket_rows, lo, hi, start, flip, zero_rows, zero_x


def _solve_several(
    rows: FloatArray, low: float, high: float, tol: float
) -> tuple[IntArray, FloatArray, dict[int, tuple[float, ...]]]:
    """Rows with two or more sign changes: roots found in range per row.

    Returns the number of roots per row, the root of the rows that have exactly one (NaN elsewhere), and
    the roots (rates ascending) of the rows that have several, by row.
    """
    count = rows.shape[0]
    grid_x, powers = _x_grid(rows.shape[1], low, high, _SCAN_CORE, _SCAN_CORE_POINTS, _SCAN_TAIL_POINTS)
    bracket_rows, lo, hi, start, flip, zero_rows, zero_x = _scan(rows, grid_x, powers)
    x = _refine(rows[bracket_rows], flip, lo, hi, start, tol)
    root_rows = np.concatenate([bracket_rows, zero_rows])
    root_rates = 1.0 / np.concatenate([x, zero_x]) - 1.0
    order = np.lexsort((root_rates, root_rows))
    root_rows, root_rates = root_rows[order], root_rates[order]

    roots_per_row = np.bincount(root_rows, minlength=count)
    single_root = np.full(count, np.nan)
    lone = roots_per_row[root_rows] == 1
    single_root[root_rows[lone]] = root_rates[lone]
    several: dict[int, tuple[float, ...]] = {}
    for row in np.flatnonzero(roots_per_row > 1).tolist():
        several[row] = tuple(root_rates[root_rows == row].tolist())
    return roots_per_row, single_root, several
