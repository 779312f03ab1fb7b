"""Metrics of a batch (methodology §§3, 5–8): NPVs and IRRs, cover ratios, payback, ROI/ROE, PVs, VfM.

Every metric is an array over scenarios; NaN marks "not applicable" (no debt, no [fiscal] table, no IRR).
All IRRs of a batch (project pre- and post-tax, equity) are solved in one batched call.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from ppp.engine.annual import AnnualLines, KeyLines
from ppp.engine.inputs import FloatArray, ModelInputs
from ppp.engine.numerics import IRR_UNIQUE, IrrResult, irr, npv

#: the ``metrics`` keys of ``ppp evaluate --json``, in order (``min_icr`` extends the list)
METRIC_KEYS: tuple[str, ...] = (
    "project_npv_pre_tax",
    "project_irr_pre_tax",
    "project_npv_post_tax",
    "project_irr_post_tax",
    "equity_irr",
    "equity_npv",
    "min_dscr",
    "mean_dscr",
    "llcr",
    "payback_years",
    "discounted_payback_years",
    "roi",
    "roe",
    "government_pv",
    "construction_investment",
    "idc",
    "total_investment",
    "max_affordability_ratio",
    "vfm_amount",
    "vfm_index",
    "min_icr",
)

IRR_KEYS: tuple[str, ...] = ("project_irr_pre_tax", "project_irr_post_tax", "equity_irr")


@dataclass(frozen=True)
class BatchMetrics:
    """``values[key]`` is an ``(S,)`` array per metric; ``irrs[key]`` keeps the IRR status and roots."""

    values: dict[str, FloatArray]
    irrs: dict[str, IrrResult]
    dscr: FloatArray
    icr: FloatArray
    psc: FloatArray | None
    ppp_value: FloatArray | None


def compute_metrics(inputs: ModelInputs, lines: AnnualLines) -> BatchMetrics:
    """All metrics of every scenario of a batch.

    The three IRRs of every scenario are solved in one batched call, and every present value (project NPVs,
    government PV, equity NPV, LLCR, PSC and PPP value) in one batched NPV.
    """
    timeline = inputs.timeline
    scenarios = inputs.scenarios
    operating = timeline.operating

    flows = np.concatenate([lines.project_cf_pre_tax, lines.project_cf_post_tax, lines.equity_cf], axis=0)
    irr_all = irr(flows)
    irrs = {key: _slice_irr(irr_all, index * scenarios, scenarios) for index, key in enumerate(IRR_KEYS)}

    present = present_values(inputs, lines)
    equity_npv = present.get("equity", np.full(scenarios, np.nan))

    # §3 cover ratios, only in years with debt service / interest
    with np.errstate(divide="ignore", invalid="ignore"):
        dscr = np.where(lines.debt_service > 0.0, lines.cfads / lines.debt_service, np.nan)
        icr = np.where(lines.interest > 0.0, lines.ebit / lines.interest, np.nan)
    min_dscr = row_min(dscr)
    mean_dscr = _nanmean(dscr)
    min_icr = row_min(icr)
    with np.errstate(divide="ignore", invalid="ignore"):
        llcr = np.where(
            lines.opening_debt > 0.0, present["cfads_over_loan_life"] / lines.opening_debt, np.nan
        )

    payback = payback_years(lines.project_cf_post_tax)
    discount_factors = np.power(
        1.0 + inputs.discount_rate[:, None], -np.arange(1, timeline.periods + 1, dtype=np.float64)
    )
    discounted_payback = payback_years(lines.project_cf_post_tax * discount_factors)

    # §5 ROI and ROE over the operating years
    operation_years = timeline.operation_years
    mean_ebit = lines.ebit[:, operating].sum(axis=1) / operation_years
    mean_net_profit = lines.net_profit[:, operating].sum(axis=1) / operation_years
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(lines.total_investment > 0.0, mean_ebit / lines.total_investment, np.nan)
        roe = np.where(lines.equity > 0.0, mean_net_profit / lines.equity, np.nan)

    max_affordability = (
        np.max(lines.affordability_ratio, axis=1)
        if lines.affordability_ratio is not None
        else np.full(scenarios, np.nan)
    )

    psc: FloatArray | None = None
    ppp_value: FloatArray | None = None
    vfm_amount = np.full(scenarios, np.nan)
    vfm_index = np.full(scenarios, np.nan)
    if "psc_cost" in present:
        assert inputs.psc_present_value_adjustments is not None
        assert inputs.ppp_value_retained_risk is not None
        psc = present["psc_cost"] + inputs.psc_present_value_adjustments
        # PPP value = PV of the §7 expenditure, retained risk included once (methodology §8)
        ppp_value = present["government_expenditure"] + inputs.ppp_value_retained_risk
        vfm_amount = psc - ppp_value
        with np.errstate(divide="ignore", invalid="ignore"):
            vfm_index = np.where(psc != 0.0, vfm_amount / psc, np.nan)

    values: dict[str, FloatArray] = {
        "project_npv_pre_tax": present["project_pre_tax"],
        "project_irr_pre_tax": irrs["project_irr_pre_tax"].rate,
        "project_npv_post_tax": present["project_post_tax"],
        "project_irr_post_tax": irrs["project_irr_post_tax"].rate,
        "equity_irr": irrs["equity_irr"].rate,
        "equity_npv": equity_npv,
        "min_dscr": min_dscr,
        "mean_dscr": mean_dscr,
        "llcr": llcr,
        "payback_years": payback,
        "discounted_payback_years": discounted_payback,
        "roi": roi,
        "roe": roe,
        "government_pv": present["government_payment"],
        "construction_investment": lines.construction_investment,
        "idc": lines.idc_total,
        "total_investment": lines.total_investment,
        "max_affordability_ratio": max_affordability,
        "vfm_amount": vfm_amount,
        "vfm_index": vfm_index,
        "min_icr": min_icr,
    }
    return BatchMetrics(values=values, irrs=irrs, dscr=dscr, icr=icr, psc=psc, ppp_value=ppp_value)


#: the rows :func:`present_values` can compute, in the order of its single NPV call
PRESENT_VALUE_KEYS: tuple[str, ...] = (
    "project_pre_tax",
    "project_post_tax",
    "government_payment",
    "cfads_over_loan_life",
    "equity",
    "psc_cost",
    "government_expenditure",
)


def present_values(
    inputs: ModelInputs, lines: AnnualLines | KeyLines, keys: Collection[str] | None = None
) -> dict[str, FloatArray]:
    """Every present value of the batch (or those of ``keys``) from one NPV call, at the start of period 1.

    The LLCR's CFADS are shifted so that the first operating year is column 0: their PV is then taken at
    the start of the first operating year, at the loan rate (§3). ``equity`` is there only with an equity
    hurdle rate, ``psc_cost`` and ``government_expenditure`` only with a [vfm] table. Asking for some keys
    gives each the value it has among all of them, bit for bit: the NPV method (one matrix product when every
    row has the same rate, else Horner's scheme per row) is chosen on the rates of all rows. ``lines`` may
    be :class:`~ppp.engine.annual.KeyLines` when ``keys`` only needs its lines.

    Parameters
    ----------
    inputs : ModelInputs
        The batch's inputs (rates per scenario).
    lines : AnnualLines or KeyLines
        The batch's annual lines, ``(S, N)`` money.
    keys : collection of str, optional
        Some of :data:`PRESENT_VALUE_KEYS`; all that apply when omitted.

    Returns
    -------
    dict of str to ndarray
        Present values (money unit), each ``(S,)``.

    Examples
    --------
    >>> from ppp.engine.annual import key_lines, run_batch
    >>> from ppp.engine.inputs import compile_project
    >>> from ppp.model import load_project
    >>> inputs = compile_project(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    >>> every = present_values(inputs, run_batch(inputs))
    >>> some = present_values(inputs, key_lines(inputs), ["government_payment"])
    >>> bool(some["government_payment"] == every["government_payment"]), list(some)
    (True, ['government_payment'])
    """
    discount = inputs.discount_rate
    rates: dict[str, FloatArray] = {
        "project_pre_tax": discount,
        "project_post_tax": discount,
        "government_payment": discount,
        "cfads_over_loan_life": inputs.loan_rate,
    }
    if inputs.equity_hurdle_rate is not None:
        rates["equity"] = inputs.equity_hurdle_rate
    if inputs.psc_cost is not None:
        rates["psc_cost"] = discount
        rates["government_expenditure"] = discount
    wanted = list(rates) if keys is None else [key for key in rates if key in keys]
    first = float(discount[0]) if discount.shape[0] else 0.0
    uniform = all(bool(np.all(rate == first)) for rate in rates.values())
    shape = (inputs.scenarios, inputs.timeline.periods)
    flows = np.concatenate(
        [np.broadcast_to(_present_value_flows(inputs, lines, key), shape) for key in wanted]
    )
    if uniform:
        present = npv(first, flows)
    else:
        present = npv(np.concatenate([rates[key] for key in wanted]), flows, per_row=True)
    count = inputs.scenarios
    return {key: present[index * count : (index + 1) * count] for index, key in enumerate(wanted)}


def _present_value_flows(inputs: ModelInputs, lines: AnnualLines | KeyLines, key: str) -> FloatArray:
    if key == "project_post_tax":
        return lines.project_cf_post_tax
    if key == "government_payment":
        return lines.government_payment
    if key == "cfads_over_loan_life":
        start = inputs.timeline.construction_years
        loan_life_cfads = np.zeros_like(lines.cfads)
        loan_life_cfads[:, : inputs.tenor_years] = lines.cfads[:, start : start + inputs.tenor_years]
        return loan_life_cfads
    if key == "equity":
        return lines.equity_cf
    if key == "psc_cost":
        assert inputs.psc_cost is not None
        return inputs.psc_cost
    assert isinstance(lines, AnnualLines), f"the present value {key!r} needs the full annual lines"
    if key == "project_pre_tax":
        return lines.project_cf_pre_tax
    return lines.fiscal_expenditure


def payback_years(flows: FloatArray) -> FloatArray:
    """Payback counted from the start of period 1, interpolated within the year (methodology §6).

    P = (first period whose cumulative flow ≥ 0) − 1 + |cumulative flow before it| / flow of that period;
    NaN when the cumulative flow never turns non-negative after being negative.

    Examples
    --------
    >>> import numpy as np
    >>> payback_years(np.array([[-100.0, 40.0, 40.0, 40.0]]))
    array([3.5])
    """
    cumulative = np.cumsum(flows, axis=1)
    periods = flows.shape[1]
    negative = cumulative < 0.0
    ever_negative = negative.any(axis=1)
    first_negative = np.argmax(negative, axis=1)
    later = np.arange(periods)[None, :] > first_negative[:, None]
    recovered = later & ~negative
    has_recovered = recovered.any(axis=1)
    index = np.argmax(recovered, axis=1)
    rows = np.arange(flows.shape[0])
    before = cumulative[rows, np.maximum(index - 1, 0)]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.abs(before) / flows[rows, index]
    result = np.where(has_recovered, index + fraction, np.nan)
    return np.where(ever_negative, result, 0.0)


def row_min(values: FloatArray) -> FloatArray:
    """The smallest non-NaN value of each row, NaN for a row without any.

    Examples
    --------
    >>> import numpy as np
    >>> row_min(np.array([[1.5, np.nan, 1.2], [np.nan, np.nan, np.nan]]))
    array([1.2, nan])
    """
    present = ~np.isnan(values)
    lowest: FloatArray = np.where(present, values, np.inf).min(axis=1)
    return np.where(present.any(axis=1), lowest, np.nan)


def _nanmean(values: FloatArray) -> FloatArray:
    present = ~np.isnan(values)
    counts = present.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean: FloatArray = np.where(present, values, 0.0).sum(axis=1) / counts
    return mean


def _slice_irr(result: IrrResult, start: int, count: int) -> IrrResult:
    roots = {row - start: value for row, value in result.roots.items() if start <= row < start + count}
    return IrrResult(
        rate=result.rate[start : start + count], status=result.status[start : start + count], roots=roots
    )


def irr_is_unique(result: IrrResult, row: int = 0) -> bool:
    return bool(result.status[row] == IRR_UNIQUE)
