"""The annual model (methodology §§2–7), all arrays of shape scenarios × periods.

:func:`run_batch` takes compiled :class:`~ppp.engine.inputs.ModelInputs` and returns every line of the
annual table for every scenario. Loops run over periods only (interest during construction, tax losses,
sculpted debt), never over scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ppp.engine.inputs import FloatArray, ModelInputs

#: A sculpted loan is called repaid when what is left is below this share of the opening debt.
REPAYMENT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class AnnualLines:
    """Every line of the annual model, each ``(S, N)`` in the money unit unless stated."""

    capex: FloatArray
    lifecycle_capex: FloatArray
    idc: FloatArray
    equity_draw: FloatArray
    debt_draw: FloatArray
    debt_opening: FloatArray
    interest: FloatArray
    principal: FloatArray
    #: A_k, M_k and U_k of methodology §4 before the payment coefficient (operations re-apply measured ones)
    availability_term: FloatArray
    om_term: FloatArray
    netted_revenue: FloatArray
    availability_payment: FloatArray
    om_payment: FloatArray
    government_payment: FloatArray
    user_revenue: FloatArray
    revenue: FloatArray
    opex: FloatArray
    ebitda: FloatArray
    depreciation: FloatArray
    ebit: FloatArray
    ebt: FloatArray
    income_tax: FloatArray
    net_profit: FloatArray
    cfads: FloatArray
    debt_service: FloatArray
    project_cf_pre_tax: FloatArray
    project_cf_post_tax: FloatArray
    equity_cf: FloatArray
    equity_expenditure: FloatArray
    risk_expenditure: FloatArray
    supporting_expenditure: FloatArray
    fiscal_expenditure: FloatArray
    general_budget: FloatArray | None
    affordability_ratio: FloatArray | None
    # per scenario, (S,)
    construction_investment: FloatArray
    idc_total: FloatArray
    total_investment: FloatArray
    equity: FloatArray
    opening_debt: FloatArray
    #: debt left unpaid at the end of the tenor by a sculpted profile (0 where feasible)
    sculpt_shortfall: FloatArray


@dataclass(frozen=True)
class KeyLines:
    """The lines a risk analysis reads, each ``(S, N)`` in the money unit: :func:`key_lines`."""

    government_payment: FloatArray
    cfads: FloatArray
    debt_service: FloatArray
    project_cf_post_tax: FloatArray
    equity_cf: FloatArray
    #: debt left unpaid at the end of the tenor by a sculpted profile (0 where feasible), (S,)
    sculpt_shortfall: FloatArray


@dataclass(frozen=True)
class _Core:
    """The lines every view of the model needs (investment, payment, operations, debt and tax)."""

    capex: FloatArray
    lifecycle_capex: FloatArray
    financing: _ConstructionFinancing
    terms: _PaymentTerms
    availability_payment: FloatArray
    om_payment: FloatArray
    government_payment: FloatArray
    revenue: FloatArray
    opex: FloatArray
    ebitda: FloatArray
    depreciation: FloatArray
    ebit: FloatArray
    interest: FloatArray
    principal: FloatArray
    income_tax: FloatArray
    sculpt_shortfall: FloatArray
    construction_investment: FloatArray
    idc_total: FloatArray
    total_investment: FloatArray
    equity: FloatArray


def run_batch(inputs: ModelInputs) -> AnnualLines:
    """Compute the annual model for every scenario of the batch.

    Parameters
    ----------
    inputs : ModelInputs
        Compiled inputs, ``S`` scenarios over ``N`` periods.

    Returns
    -------
    AnnualLines
        Nominal amounts by scenario and period; cash flows fall at the end of their period.
    """
    timeline = inputs.timeline
    periods = timeline.periods
    construction_years = timeline.construction_years
    operating = timeline.operating
    scenarios = inputs.scenarios
    core = _core_lines(inputs)
    financing = core.financing
    capex, lifecycle_capex, equity_draw = core.capex, core.lifecycle_capex, financing.equity_draw
    opening_debt = financing.opening_debt
    debt_opening = financing.every_period(financing.debt_opening_construction)
    revenue, opex, ebitda, ebit = core.revenue, core.opex, core.ebitda, core.ebit
    interest, principal, income_tax = core.interest, core.principal, core.income_tax
    government_payment = core.government_payment

    repaid_before = np.cumsum(principal[:, construction_years:], axis=1) - principal[:, construction_years:]
    debt_opening[:, construction_years:] = opening_debt[:, None] - repaid_before
    ebt = ebit - interest
    net_profit = ebt - income_tax
    cfads = _cfads(ebitda, income_tax, lifecycle_capex)
    debt_service = interest + principal

    # §6 cash-flow statements
    project_cf_pre_tax = _project_cf_pre_tax(core)
    project_cf_post_tax = _project_cf_post_tax(inputs, project_cf_pre_tax.copy(), ebit)
    equity_cf = _equity_cf(core, cfads, debt_service)

    # §7 fiscal expenditure and affordability
    equity_expenditure = inputs.government_equity_share[:, None] * equity_draw
    if inputs.risk_scenario_expenditure is not None:
        risk_expenditure = np.broadcast_to(inputs.risk_scenario_expenditure, (scenarios, periods)).copy()
    elif inputs.risk_ratio is not None:
        risk_base = np.where(operating, government_payment, capex)
        risk_expenditure = inputs.risk_ratio[:, None] * risk_base
    else:
        risk_expenditure = np.zeros((scenarios, periods))
    supporting_expenditure = np.broadcast_to(inputs.supporting_inputs, (scenarios, periods)).copy()
    fiscal_expenditure = equity_expenditure + government_payment + risk_expenditure + supporting_expenditure
    affordability_ratio: FloatArray | None = None
    if inputs.general_budget is not None:
        affordability_ratio = (fiscal_expenditure + inputs.other_ppp_expenditure) / inputs.general_budget

    return AnnualLines(
        capex=capex,
        lifecycle_capex=np.broadcast_to(lifecycle_capex, (scenarios, periods)),
        idc=financing.every_period(financing.idc_construction),
        equity_draw=equity_draw,
        debt_draw=financing.debt_draw,
        debt_opening=debt_opening,
        interest=interest,
        principal=principal,
        availability_term=core.terms.availability_term,
        om_term=core.terms.om_term,
        netted_revenue=core.terms.netted_revenue,
        availability_payment=core.availability_payment,
        om_payment=core.om_payment,
        government_payment=government_payment,
        user_revenue=np.broadcast_to(inputs.user_revenue, (scenarios, periods)),
        revenue=revenue,
        opex=np.broadcast_to(opex, (scenarios, periods)),
        ebitda=ebitda,
        depreciation=core.depreciation,
        ebit=ebit,
        ebt=ebt,
        income_tax=income_tax,
        net_profit=net_profit,
        cfads=cfads,
        debt_service=debt_service,
        project_cf_pre_tax=project_cf_pre_tax,
        project_cf_post_tax=project_cf_post_tax,
        equity_cf=equity_cf,
        equity_expenditure=equity_expenditure,
        risk_expenditure=risk_expenditure,
        supporting_expenditure=supporting_expenditure,
        fiscal_expenditure=fiscal_expenditure,
        general_budget=None
        if inputs.general_budget is None
        else np.broadcast_to(inputs.general_budget, (scenarios, periods)),
        affordability_ratio=affordability_ratio,
        construction_investment=core.construction_investment,
        idc_total=core.idc_total,
        total_investment=core.total_investment,
        equity=core.equity,
        opening_debt=opening_debt,
        sculpt_shortfall=core.sculpt_shortfall,
    )


def key_lines(inputs: ModelInputs) -> KeyLines:
    """The lines behind the risk outputs (equity IRR, project NPV, government PV, DSCR), and only those.

    Each is the :func:`run_batch` line of the same name, bit for bit (the same operations in the same
    order), without the statements and fiscal lines a risk analysis does not read: fewer arrays to fill,
    which is most of the cost of a large batch.

    Parameters
    ----------
    inputs : ModelInputs
        Compiled inputs, ``S`` scenarios over ``N`` periods.

    Returns
    -------
    KeyLines
        Nominal amounts by scenario and period (money unit).

    Examples
    --------
    >>> from ppp.engine.inputs import compile_project
    >>> from ppp.model import load_project
    >>> inputs = compile_project(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    >>> bool((key_lines(inputs).equity_cf == run_batch(inputs).equity_cf).all())
    True
    """
    core = _core_lines(inputs)
    cfads = _cfads(core.ebitda, core.income_tax, core.lifecycle_capex)
    debt_service = core.interest + core.principal
    return KeyLines(
        government_payment=core.government_payment,
        cfads=cfads,
        debt_service=debt_service,
        project_cf_post_tax=_project_cf_post_tax(inputs, _project_cf_pre_tax(core), core.ebit),
        equity_cf=_equity_cf(core, cfads, debt_service),
        sculpt_shortfall=core.sculpt_shortfall,
    )


def _core_lines(inputs: ModelInputs) -> _Core:
    timeline = inputs.timeline
    construction_years = timeline.construction_years

    # §2 investment: equity and debt drawn pro rata with capex, IDC capitalised into the loan
    lifecycle_capex = inputs.lifecycle_capex
    if inputs.actual_capex is None:
        financing = _construction_financing(inputs, inputs.capex)
        capex, planned_idc = inputs.capex, financing.idc_construction
    else:
        # recorded spending replaces the plan where recorded: construction capex in construction years
        # (the first columns), refresh spending in operating years; the financing follows what was really
        # spent, the payment terms the IDC of the plan (of which only the construction columns matter)
        actual = inputs.actual_capex
        capex = np.array(inputs.capex, dtype=np.float64)
        built = actual[:, :construction_years]
        np.copyto(capex[:, :construction_years], built, where=~np.isnan(built))
        refreshed = actual[:, construction_years:]
        refresh_recorded = ~np.isnan(refreshed)
        if refresh_recorded.any():
            lifecycle_capex = np.array(np.broadcast_to(lifecycle_capex, capex.shape), dtype=np.float64)
            np.copyto(lifecycle_capex[:, construction_years:], refreshed, where=refresh_recorded)
        financing = _construction_financing(inputs, capex)
        planned_idc = _construction_idc(inputs, inputs.capex)[0]
    construction_investment = capex.sum(axis=1)
    idc_total = _period_total(financing.idc_construction, timeline.periods)
    total_investment = construction_investment + idc_total
    equity = financing.equity_draw.sum(axis=1)

    # §4 government payment: the contract's terms rest on the planned investment and costs (the SPV bears
    # the variances), so recorded capex and opex never move them
    planned_construction = inputs.capex.sum(axis=1)
    terms = _payment_terms(
        inputs, planned_construction, planned_construction + _period_total(planned_idc, timeline.periods)
    )
    availability_payment, om_payment, government_payment = linked_payment(
        terms.availability_term,
        terms.om_term,
        terms.netted_revenue,
        inputs.linked_share[:, None],
        inputs.payment_coefficient,
    )
    if inputs.actual_government_payment is not None:
        # recorded payments (operations) replace the planned ones where they exist (NaN: not recorded)
        recorded_payment = inputs.actual_government_payment
        government_payment = np.where(np.isnan(recorded_payment), government_payment, recorded_payment)
    revenue = government_payment + inputs.user_revenue
    opex = inputs.opex
    if inputs.actual_opex is not None:
        opex = np.where(np.isnan(inputs.actual_opex), opex, inputs.actual_opex)
    ebitda = revenue - opex

    # §5 depreciation
    depreciable = total_investment.copy()
    if not inputs.depreciate_government_equity:
        depreciable -= inputs.government_equity_share * equity
    depreciation = _straight_line(
        depreciable, construction_years, timeline.operation_years, inputs.depreciation_years
    )
    depreciation += inputs.lifecycle_depreciation
    ebit = ebitda - depreciation

    # §3 debt and §5 tax, together: a sculpted profile depends on tax, which depends on interest
    interest, principal, income_tax, sculpt_shortfall = _debt_and_tax(
        inputs, financing.opening_debt, ebit, ebitda, lifecycle_capex
    )
    return _Core(
        capex=capex,
        lifecycle_capex=lifecycle_capex,
        financing=financing,
        terms=terms,
        availability_payment=availability_payment,
        om_payment=om_payment,
        government_payment=government_payment,
        revenue=revenue,
        opex=opex,
        ebitda=ebitda,
        depreciation=depreciation,
        ebit=ebit,
        interest=interest,
        principal=principal,
        income_tax=income_tax,
        sculpt_shortfall=sculpt_shortfall,
        construction_investment=construction_investment,
        idc_total=idc_total,
        total_investment=total_investment,
        equity=equity,
    )


def _cfads(ebitda: FloatArray, income_tax: FloatArray, lifecycle_capex: FloatArray) -> FloatArray:
    cfads = ebitda - income_tax
    cfads -= lifecycle_capex
    return cfads


def _project_cf_post_tax(inputs: ModelInputs, pre_tax: FloatArray, ebit: FloatArray) -> FloatArray:
    """The pre-tax project flow (overwritten) less the tax on EBIT, as if unlevered (§6)."""
    adjusted_tax = np.maximum(ebit, 0.0)
    np.multiply(inputs.income_tax_rate[:, None], adjusted_tax, out=adjusted_tax)
    pre_tax -= adjusted_tax
    return pre_tax


def _project_cf_pre_tax(core: _Core) -> FloatArray:
    """Revenue − opex − capex − refresh capex (§6); revenue − opex is EBITDA, the same bits."""
    cash = core.ebitda - core.capex
    cash -= core.lifecycle_capex
    return cash


def _equity_cf(core: _Core, cfads: FloatArray, debt_service: FloatArray) -> FloatArray:
    """−equity draws + revenue − opex − refresh capex − interest − principal − tax (§6), as CFADS (revenue
    − opex − tax − refresh capex) − debt service − equity draws: two passes over the lines instead of six."""
    equity_cf = cfads - debt_service
    equity_cf -= core.financing.equity_draw
    return equity_cf


def availability_term(
    method: str,
    cost: FloatArray,
    profit_rate: FloatArray,
    discount_rate: FloatArray,
    subsidy_years: int,
    operating_year: NDArray[np.int64],
) -> FloatArray:
    """The availability term A_k of each payment method (methodology §4), ``(S, N)``.

    ``cost`` is B by scenario, ``operating_year`` is k (0 in construction). Years beyond the subsidy period
    T and construction years get 0. ``schedule`` and ``user-pay`` are handled by the caller.

    Examples
    --------
    >>> import numpy as np
    >>> k = np.array([0, 1, 2])
    >>> availability_term("equal-principal", np.array([1000.0]), np.array([0.1]), np.array([0.05]), 2, k)
    array([[  0., 600., 550.]])
    """
    k = operating_year.astype(np.float64)[None, :]
    in_subsidy = (operating_year >= 1) & (operating_year <= subsidy_years)
    cost_ = cost[:, None]
    rate = profit_rate[:, None]
    if method == "mof-21":
        # one row of growth factors when every scenario discounts alike (the usual batch): the power is
        # the costly operation, and the same on every row
        growth = np.power(1.0 + _same_rows(discount_rate)[:, None], k)
        term = cost_ * (1.0 + rate) * growth
        term /= subsidy_years
    elif method == "annuity":
        factor = annuity_factor(rate, subsidy_years)
        term = np.broadcast_to(cost_ * factor, (cost.shape[0], operating_year.shape[0]))
    elif method == "equal-principal":
        outstanding = cost_ * (1.0 - (k - 1.0) / subsidy_years)
        term = cost_ / subsidy_years + rate * outstanding
    else:
        raise ValueError(f"no availability formula for method {method!r}")
    if not term.flags.writeable:
        return np.where(in_subsidy[None, :], term, 0.0)
    term[:, ~in_subsidy] = 0.0  # the where() above, in place
    return term


def _same_rows(values: FloatArray) -> FloatArray:
    """``values[:1]`` when every entry equals the first (it then broadcasts against any row count), else
    ``values``."""
    if values.shape[0] > 1 and bool(np.all(values == values[0])):
        return values[:1]
    return values


def annuity_factor(rate: FloatArray, years: int) -> FloatArray:
    """r(1 + r)^n / ((1 + r)^n − 1), and 1/n at r = 0: the level payment per unit of principal.

    Examples
    --------
    >>> import numpy as np
    >>> float(annuity_factor(np.array([0.1]), 2)[0] * 1000)  # doctest: +ELLIPSIS
    576.19...
    """
    grown = np.expm1(years * np.log1p(rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rate == 0.0, 1.0 / years, rate * (grown + 1.0) / grown)


def linked_payment(
    availability_term: FloatArray,
    om_term: FloatArray,
    netted_revenue: FloatArray,
    linked_share: FloatArray,
    coefficient: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The performance-linked payment (methodology §4), for planned or measured coefficients.

    availability_payment = A × (1 − s × (1 − c)); om_payment = M × c; payment = max(0, those − U).
    Every argument broadcasts; ``linked_share`` is s per scenario (use ``s[:, None]`` against periods).

    Examples
    --------
    >>> import numpy as np
    >>> one = np.array
    >>> linked_payment(one([1000.0]), one([200.0]), one([0.0]), one([0.3]), one([0.8]))
    (array([940.]), array([160.]), array([1100.]))
    """
    availability_payment = availability_term * (1.0 - linked_share * (1.0 - coefficient))
    om_payment = om_term * coefficient
    government_payment = np.maximum(availability_payment + om_payment - netted_revenue, 0.0)
    return availability_payment, om_payment, government_payment


@dataclass(frozen=True)
class _ConstructionFinancing:
    """Draws, IDC and opening debt; every period but ``idc`` and ``debt_opening``, which are kept for the
    construction periods only (0 after them: :meth:`every_period`). The debt draws are computed when asked
    for: the risk outputs do not read them."""

    capex: FloatArray
    equity_draw: FloatArray
    idc_construction: FloatArray
    debt_opening_construction: FloatArray
    opening_debt: FloatArray

    @property
    def debt_draw(self) -> FloatArray:
        """Capex less the equity draws, every period ``(S, N)``."""
        debt_draw: FloatArray = self.capex - self.equity_draw
        return debt_draw

    def every_period(self, block: FloatArray) -> FloatArray:
        """A construction-period block ``(S, C)`` as a line over every period ``(S, N)``, 0 after it."""
        line = np.zeros(self.equity_draw.shape)
        line[:, : block.shape[1]] = block
        return line

    def total(self, block: FloatArray) -> FloatArray:
        """The sum over every period of a construction-period block, ``(S,)``: :func:`_period_total`."""
        return _period_total(block, self.equity_draw.shape[1])


def _period_total(block: FloatArray, periods: int) -> FloatArray:
    """The sum over ``periods`` periods of a construction-period block ``(S, C)`` (0 after it), ``(S,)``,
    the bits of the padded line's ``sum(axis=1)``: numpy adds a row of 8 or more numbers pairwise in eight
    accumulators, so the zeros after the block only matter up to the eighth column, unless the block is
    longer than eight."""
    width = periods if block.shape[1] > 8 else min(periods, 8)
    padded = np.zeros((block.shape[0], width))
    padded[:, : block.shape[1]] = block
    total: FloatArray = padded.sum(axis=1)
    return total


def _construction_financing(inputs: ModelInputs, capex: FloatArray) -> _ConstructionFinancing:
    """Draws pro rata with capex and interest during construction capitalised into the loan (§2)."""
    equity_draw = inputs.equity_ratio[:, None] * capex
    idc, debt_opening, balance = _construction_idc(inputs, capex)
    return _ConstructionFinancing(capex, equity_draw, idc, debt_opening, balance)


def _construction_idc(inputs: ModelInputs, capex: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Interest during construction, the opening debt of each construction period ``(S, C)`` and the debt
    at the end of construction ``(S,)``, from the construction columns of ``capex`` only (the debt draw of
    a period is its capex less the equity share, the same operations as the whole line's)."""
    scenarios, construction_years = inputs.scenarios, inputs.timeline.construction_years
    built = capex[:, :construction_years]
    debt_draw = built - inputs.equity_ratio[:, None] * built
    idc = np.zeros((scenarios, construction_years))
    debt_opening = np.zeros((scenarios, construction_years))
    balance = np.zeros(scenarios)
    for period in range(construction_years):
        debt_opening[:, period] = balance
        idc[:, period] = (balance + inputs.idc_weight * debt_draw[:, period]) * inputs.loan_rate
        balance = balance + debt_draw[:, period] + idc[:, period]
    return idc, debt_opening, balance


@dataclass(frozen=True)
class _PaymentTerms:
    availability_term: FloatArray
    om_term: FloatArray
    netted_revenue: FloatArray


def _payment_terms(
    inputs: ModelInputs, construction_investment: FloatArray, total_investment: FloatArray
) -> _PaymentTerms:
    """A_k (availability term), M_k = OM_k × (1 + p_om) and the netted user revenue U_k (methodology §4)."""
    timeline = inputs.timeline
    scenarios, periods = inputs.scenarios, timeline.periods
    method = inputs.payment_method
    if method == "user-pay":
        return _PaymentTerms(*(np.zeros((scenarios, periods)) for _ in range(3)))
    if method == "schedule":
        availability = np.broadcast_to(inputs.payment_schedule, (scenarios, periods))
    else:
        cost = total_investment if inputs.cost_basis == "total-investment" else construction_investment
        availability = availability_term(
            method,
            cost,
            inputs.reasonable_profit_rate,
            inputs.discount_rate,
            inputs.subsidy_years,
            timeline.operating_year,
        )
    availability = availability * inputs.availability_scale[:, None]
    om_term = inputs.opex * (1.0 + inputs.om_profit_rate[:, None])
    om_term[:, : timeline.construction_years] = 0.0  # no O&M payment during construction
    # without netting, one row of zeros broadcast: nothing to allocate or subtract row by row
    netted = inputs.user_revenue if inputs.nets_user_revenue else np.zeros(periods)
    return _PaymentTerms(
        availability_term=np.broadcast_to(availability, (scenarios, periods)),
        om_term=np.broadcast_to(om_term, (scenarios, periods)),
        netted_revenue=np.broadcast_to(netted, (scenarios, periods)),
    )


def _straight_line(base: FloatArray, construction_years: int, operation_years: int, life: int) -> FloatArray:
    """Straight-line depreciation of ``base`` over ``life`` years from the first operating year; what is
    left when the concession ends is written off in the final year (assets handed over free)."""
    periods = construction_years + operation_years
    years = min(life, operation_years)
    depreciation = _zero_outside(base.shape[0], periods, construction_years, construction_years + years)
    depreciation[:, construction_years : construction_years + years] = (base / life)[:, None]
    depreciation[:, -1] += base - base / life * years
    return depreciation


def _zero_outside(rows: int, periods: int, start: int, stop: int) -> FloatArray:
    """A ``(rows, periods)`` array, 0 outside the columns ``start:stop`` (which the caller fills): only the
    columns left out are zeroed."""
    line = np.empty((rows, periods))
    line[:, :start] = 0.0
    line[:, stop:] = 0.0
    return line


def _debt_and_tax(
    inputs: ModelInputs,
    opening_debt: FloatArray,
    ebit: FloatArray,
    ebitda: FloatArray,
    lifecycle_capex: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Interest, principal and income tax by period, and the sculpting shortfall by scenario.

    Annuity and equal-principal schedules are closed-form; a sculpted schedule is built year by year
    (debt service_t = CFADS_t / target DSCR) because CFADS depends on tax, which depends on interest.
    """
    if inputs.repayment != "sculpted":
        interest, principal = _closed_form_debt(inputs, opening_debt)
        taxes = _TaxLedger(inputs, ebit.shape, by_period=False)
        return interest, principal, taxes.all_periods(ebit - interest), np.zeros(inputs.scenarios)

    timeline = inputs.timeline
    scenarios, periods = inputs.scenarios, timeline.periods
    first_repayment = timeline.construction_years
    last_repayment = first_repayment + inputs.tenor_years - 1
    interest = np.zeros((scenarios, periods))
    principal = np.zeros((scenarios, periods))
    taxes = _TaxLedger(inputs, ebit.shape)
    balance = opening_debt.copy()
    for period in range(periods):
        repaying = first_repayment <= period <= last_repayment
        if repaying:
            interest[:, period] = balance * inputs.loan_rate
        tax = taxes.period(period, ebit[:, period] - interest[:, period])
        if repaying:
            cfads = ebitda[:, period] - tax - lifecycle_capex[:, period]
            repaid = np.minimum(np.maximum(cfads / inputs.target_dscr - interest[:, period], 0.0), balance)
            principal[:, period] = repaid
            balance = balance - repaid
    shortfall = np.where(balance > REPAYMENT_TOLERANCE * np.maximum(opening_debt, 1.0), balance, 0.0)
    return interest, principal, taxes.income_tax, shortfall


class _TaxLedger:
    """Income tax with losses carried forward ``loss_carryforward_years`` years, used oldest first (§5).

    Losses used oldest first and expiring oldest first leave, at any time, the latest vintages: on the axis
    of cumulative losses C, what is gone (used or expired) is everything up to a mark P. So a period needs
    only two vectors over the scenarios: the mark moves up to C at the end of the oldest vintage that
    expires, the losses available are C − P, and the losses used move the mark. A period costs a few vector
    operations whatever the carry-forward length.
    """

    def __init__(self, inputs: ModelInputs, shape: tuple[int, ...], *, by_period: bool = True) -> None:
        """``by_period=False`` for a ledger that only runs :meth:`all_periods`, which makes its own arrays
        (zeroing arrays of every scenario and period that are then replaced is not free)."""
        scenarios, periods = shape
        self.rate = inputs.income_tax_rate
        self.carry_years = inputs.loss_carryforward_years
        #: cumulative losses up to and including each period, (N, S)
        self.cumulative = np.zeros((periods, scenarios) if by_period else (0, scenarios))
        self.gone = np.zeros(scenarios)
        self.income_tax = np.zeros(shape if by_period else (scenarios, 0))
        # the last period in which any scenario made a loss: no loss can be used more than carry_years later
        self.last_loss_period = -(10**9)

    def all_periods(self, ebt: FloatArray) -> FloatArray:
        """Tax of every period when EBT is known up front.

        Losses can lower the tax only from the first loss to ``loss_carryforward_years`` after the last one,
        and only in the scenarios that make one: elsewhere the tax is the rate times the positive EBT (the
        ledger would subtract nothing from it), so the ledger runs on that block of rows and periods alone.
        """
        self.income_tax = np.maximum(ebt, 0.0)
        self.income_tax *= self.rate[:, None]
        if self.carry_years == 0:
            return self.income_tax
        loss = ebt < 0.0
        loss_periods = np.flatnonzero(loss.any(axis=0))
        if loss_periods.shape[0] == 0:
            return self.income_tax
        first = int(loss_periods[0])
        stop = min(ebt.shape[1], int(loss_periods[-1]) + self.carry_years + 1)
        loss_rows = np.flatnonzero(loss[:, first:stop].any(axis=1))
        every_row = loss_rows.shape[0] == ebt.shape[0]
        rate = self.rate if every_row else self.rate[loss_rows]
        window = ebt[:, first:stop] if every_row else ebt[loss_rows, first:stop]
        # period-major: each period of the ledger is a contiguous vector over the scenarios
        by_period = np.ascontiguousarray(window.T)
        losses = np.maximum(-by_period, 0.0)
        # periods counted from the window's first: no loss comes before it, so nothing else changes
        loss_periods = loss_periods - first
        self.cumulative = np.cumsum(losses, axis=0)
        self.gone = np.zeros(by_period.shape[1])
        taxable = np.maximum(by_period, 0.0, out=by_period)
        for period in range(taxable.shape[0]):
            earlier = loss_periods[loss_periods < period]
            if earlier.shape[0] and period - int(earlier[-1]) <= self.carry_years:
                self._use_losses(period, taxable[period])
        taxable *= rate
        if every_row:
            self.income_tax[:, first:stop] = taxable.T
        else:
            self.income_tax[loss_rows, first:stop] = taxable.T
        return self.income_tax

    def period(self, period: int, ebt: FloatArray) -> FloatArray:
        """Tax of ``period`` (all scenarios), the losses of earlier periods used where they can be."""
        taxable = np.maximum(ebt, 0.0)
        if period - self.last_loss_period <= self.carry_years:
            self._use_losses(period, taxable)
        loss = np.maximum(-ebt, 0.0)
        if period > 0:
            np.add(self.cumulative[period - 1], loss, out=self.cumulative[period])
        else:
            self.cumulative[period] = loss
        if loss.any():
            self.last_loss_period = period
        tax: FloatArray = self.rate * taxable
        self.income_tax[:, period] = tax
        return tax

    def _use_losses(self, period: int, taxable: FloatArray) -> None:
        """Lower ``taxable`` (in place) by the losses still available, oldest first, and use them up."""
        expired = period - self.carry_years - 1
        if expired >= 0:
            np.maximum(self.gone, self.cumulative[expired], out=self.gone)
        available = np.subtract(self.cumulative[period - 1], self.gone)
        # rounding can leave the mark a hair above C: nothing is available then, not a negative amount
        np.maximum(available, 0.0, out=available)
        used = np.minimum(taxable, available, out=available)
        self.gone += used
        taxable -= used


def _closed_form_debt(inputs: ModelInputs, opening_debt: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Annuity (等额本息) or equal-principal (等额本金) schedule over the tenor from operating year 1.

    Only the repayment years (a block of columns) are computed; the others are 0.
    """
    timeline = inputs.timeline
    scenarios, periods = inputs.scenarios, timeline.periods
    tenor = inputs.tenor_years
    start = timeline.construction_years
    stop = start + min(tenor, timeline.operation_years)
    rate = inputs.loan_rate[:, None]
    k = timeline.operating_year[start:stop].astype(np.float64)[None, :]
    debt = opening_debt[:, None]
    interest = _zero_outside(scenarios, periods, start, stop)
    principal = _zero_outside(scenarios, periods, start, stop)
    if inputs.repayment == "annuity":
        # (1 + r)^n − 1 as expm1(n·log1p(r)): exact for tiny rates, where the plain form cancels
        log_growth = np.log1p(rate)
        grown = np.expm1(tenor * log_growth)
        with np.errstate(divide="ignore", invalid="ignore"):
            opening = np.expm1((k - 1.0) * log_growth)
            np.subtract(grown, opening, out=opening)
            opening *= debt
            opening /= grown
            at_zero_rate = rate == 0.0
            if at_zero_rate.any():
                opening = np.where(at_zero_rate, debt * (1.0 - (k - 1.0) / tenor), opening)
        payment = debt * annuity_factor(rate, tenor)
        np.multiply(opening, rate, out=interest[:, start:stop])
        np.subtract(payment, interest[:, start:stop], out=principal[:, start:stop])
    else:
        opening = debt * (1.0 - (k - 1.0) / tenor)
        np.multiply(opening, rate, out=interest[:, start:stop])
        principal[:, start:stop] = debt / tenor
    return interest, principal
