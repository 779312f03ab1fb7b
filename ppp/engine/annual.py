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

    # §2 investment: equity and debt drawn pro rata with capex, IDC capitalised into the loan
    planned = _construction_financing(inputs, inputs.capex)
    lifecycle_capex = inputs.lifecycle_capex
    if inputs.actual_capex is None:
        capex, financing = inputs.capex, planned
    else:
        # recorded spending replaces the plan where recorded: construction capex in construction years,
        # refresh spending in operating years; the financing follows what was really spent
        recorded = ~np.isnan(inputs.actual_capex)
        capex = np.where(recorded & ~operating, inputs.actual_capex, inputs.capex)
        lifecycle_capex = np.where(recorded & operating, inputs.actual_capex, lifecycle_capex)
        financing = _construction_financing(inputs, capex)
    equity_draw, debt_draw, idc = financing.equity_draw, financing.debt_draw, financing.idc
    debt_opening, opening_debt = financing.debt_opening, financing.opening_debt
    construction_investment = capex.sum(axis=1)
    idc_total = idc.sum(axis=1)
    total_investment = construction_investment + idc_total
    equity = equity_draw.sum(axis=1)

    # §4 government payment: the contract's terms rest on the planned investment and costs (the SPV bears
    # the variances), so recorded capex and opex never move them
    planned_construction = inputs.capex.sum(axis=1)
    terms = _payment_terms(inputs, planned_construction, planned_construction + planned.idc.sum(axis=1))
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
    depreciation = depreciation + inputs.lifecycle_depreciation
    ebit = ebitda - depreciation

    # §3 debt and §5 tax, together: a sculpted profile depends on tax, which depends on interest
    interest, principal, income_tax, sculpt_shortfall = _debt_and_tax(
        inputs, opening_debt, ebit, ebitda, lifecycle_capex
    )
    repaid_before = np.cumsum(principal[:, construction_years:], axis=1) - principal[:, construction_years:]
    debt_opening[:, construction_years:] = opening_debt[:, None] - repaid_before
    ebt = ebit - interest
    net_profit = ebt - income_tax
    cfads = ebitda - income_tax - lifecycle_capex
    debt_service = interest + principal

    # §6 cash-flow statements
    project_cf_pre_tax = revenue - opex - capex - lifecycle_capex
    adjusted_tax = inputs.income_tax_rate[:, None] * np.maximum(ebit, 0.0)
    project_cf_post_tax = project_cf_pre_tax - adjusted_tax
    equity_cf = -equity_draw + revenue - opex - lifecycle_capex - interest - principal - income_tax

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
        idc=idc,
        equity_draw=equity_draw,
        debt_draw=debt_draw,
        debt_opening=debt_opening,
        interest=interest,
        principal=principal,
        availability_term=terms.availability_term,
        om_term=terms.om_term,
        netted_revenue=terms.netted_revenue,
        availability_payment=availability_payment,
        om_payment=om_payment,
        government_payment=government_payment,
        user_revenue=np.broadcast_to(inputs.user_revenue, (scenarios, periods)),
        revenue=revenue,
        opex=np.broadcast_to(opex, (scenarios, periods)),
        ebitda=ebitda,
        depreciation=depreciation,
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
        construction_investment=construction_investment,
        idc_total=idc_total,
        total_investment=total_investment,
        equity=equity,
        opening_debt=opening_debt,
        sculpt_shortfall=sculpt_shortfall,
    )


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
        term = cost_ * (1.0 + rate) * np.power(1.0 + discount_rate[:, None], k) / subsidy_years
    elif method == "annuity":
        factor = annuity_factor(rate, subsidy_years)
        term = np.broadcast_to(cost_ * factor, (cost.shape[0], operating_year.shape[0]))
    elif method == "equal-principal":
        outstanding = cost_ * (1.0 - (k - 1.0) / subsidy_years)
        term = cost_ / subsidy_years + rate * outstanding
    else:
        raise ValueError(f"no availability formula for method {method!r}")
    return np.where(in_subsidy[None, :], term, 0.0)


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
    equity_draw: FloatArray
    debt_draw: FloatArray
    idc: FloatArray
    debt_opening: FloatArray
    opening_debt: FloatArray


def _construction_financing(inputs: ModelInputs, capex: FloatArray) -> _ConstructionFinancing:
    """Draws pro rata with capex and interest during construction capitalised into the loan (§2)."""
    scenarios, periods = inputs.scenarios, inputs.timeline.periods
    equity_draw = inputs.equity_ratio[:, None] * capex
    debt_draw = capex - equity_draw
    idc = np.zeros((scenarios, periods))
    debt_opening = np.zeros((scenarios, periods))
    balance = np.zeros(scenarios)
    for period in range(inputs.timeline.construction_years):
        debt_opening[:, period] = balance
        idc[:, period] = (balance + inputs.idc_weight * debt_draw[:, period]) * inputs.loan_rate
        balance = balance + debt_draw[:, period] + idc[:, period]
    return _ConstructionFinancing(equity_draw, debt_draw, idc, debt_opening, balance)


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
    om_term = np.where(timeline.operating, inputs.opex * (1.0 + inputs.om_profit_rate[:, None]), 0.0)
    netted = inputs.user_revenue if inputs.nets_user_revenue else np.zeros((scenarios, periods))
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
    depreciation = np.zeros((base.shape[0], periods))
    depreciation[:, construction_years : construction_years + years] = (base / life)[:, None]
    depreciation[:, -1] += base - base / life * years
    return depreciation


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
        taxes = _TaxLedger(inputs, ebit.shape)
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
    """Income tax with losses carried forward ``loss_carryforward_years`` years, used oldest first (§5)."""

    def __init__(self, inputs: ModelInputs, shape: tuple[int, ...]) -> None:
        self.rate = inputs.income_tax_rate
        self.carry_years = inputs.loss_carryforward_years
        self.losses = np.zeros(shape)
        self.income_tax = np.zeros(shape)
        # the last period in which any scenario made a loss: no loss can be used more than carry_years later
        self.last_loss_period = -(10**9)

    def all_periods(self, ebt: FloatArray) -> FloatArray:
        """Tax of every period when EBT is known up front."""
        if self.carry_years == 0 or not (ebt < 0.0).any():
            self.income_tax = self.rate[:, None] * np.maximum(ebt, 0.0)
            return self.income_tax
        for period in range(ebt.shape[1]):
            self.period(period, ebt[:, period])
        return self.income_tax

    def period(self, period: int, ebt: FloatArray) -> FloatArray:
        taxable = np.maximum(ebt, 0.0)
        if period - self.last_loss_period <= self.carry_years:
            first = max(0, period - self.carry_years)
            available = self.losses[:, first:period]
            used_before = np.cumsum(available, axis=1) - available
            used = np.minimum(np.maximum(taxable[:, None] - used_before, 0.0), available)
            self.losses[:, first:period] = available - used
            taxable = taxable - used.sum(axis=1)
        loss = np.maximum(-ebt, 0.0)
        if loss.any():
            self.losses[:, period] = loss
            self.last_loss_period = period
        tax: FloatArray = self.rate * taxable
        self.income_tax[:, period] = tax
        return tax


def _closed_form_debt(inputs: ModelInputs, opening_debt: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Annuity (等额本息) or equal-principal (等额本金) schedule over the tenor from operating year 1."""
    timeline = inputs.timeline
    scenarios, periods = inputs.scenarios, timeline.periods
    tenor = inputs.tenor_years
    rate = inputs.loan_rate[:, None]
    k = timeline.operating_year.astype(np.float64)[None, :]
    repaying = (timeline.operating_year >= 1) & (timeline.operating_year <= tenor)
    debt = opening_debt[:, None]
    if inputs.repayment == "annuity":
        # (1 + r)^n − 1 as expm1(n·log1p(r)): exact for tiny rates, where the plain form cancels
        log_growth = np.log1p(rate)
        grown = np.expm1(tenor * log_growth)
        with np.errstate(divide="ignore", invalid="ignore"):
            opening = np.where(
                rate == 0.0,
                debt * (1.0 - (k - 1.0) / tenor),
                debt * (grown - np.expm1((k - 1.0) * log_growth)) / grown,
            )
        payment = debt * annuity_factor(rate, tenor)
        interest = opening * rate
        principal = payment - interest
    else:
        opening = debt * (1.0 - (k - 1.0) / tenor)
        interest = opening * rate
        principal = np.broadcast_to(debt / tenor, (scenarios, periods))
    interest = np.where(repaying[None, :], interest, 0.0)
    principal = np.where(repaying[None, :], principal, 0.0)
    return interest, principal
