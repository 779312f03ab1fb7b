"""Hypothesis strategies shared by the property tests.

Import from a test module with ``tests/`` on ``sys.path`` (there are no ``__init__.py`` files in tests)::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from strategies import small_projects

Append new strategies at the end; keep the existing ones stable (other tests depend on them).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------------------
# project files (``ppp-project/1`` as plain data, as TOML would give it)
# ---------------------------------------------------------------------------------------------------------

PAYMENT_METHODS: tuple[str, ...] = ("mof-21", "annuity", "equal-principal", "schedule", "user-pay")
REPAYMENTS: tuple[str, ...] = ("annuity", "equal-principal", "sculpted")
IDC_TIMINGS: tuple[str, ...] = ("mid-year", "start-of-year", "end-of-year")

#: the score bands of the 财金〔2020〕13号 style used by the sample projects
SCORE_BANDS: list[dict[str, float]] = [
    {"min": 90.0, "coefficient": 1.0},
    {"min": 80.0, "coefficient": 0.95},
    {"min": 60.0, "coefficient": 0.8},
    {"min": 0.0, "coefficient": 0.0},
]


def _money(low: float = 0.0, high: float = 10_000.0) -> st.SearchStrategy[float]:
    """Amounts to the cent (no subnormal 2e-313 that only measures floating-point underflow)."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False).map(
        lambda value: min(max(round(value, 2), low), high)
    )


def _rate(low: float, high: float) -> st.SearchStrategy[float]:
    """Rates and shares as a project file states them: to 6 decimals (0.049, 0.3; never 1e-253 or
    0.9999999999999999, which only measure floating-point cancellation)."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False).map(
        lambda value: min(max(round(value, 6), low), high)
    )


@st.composite
def phasings(draw: st.DrawFn, years: int) -> list[float]:
    """``years`` shares summing to 1 (the last one takes the rounding)."""
    weights = draw(st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=years, max_size=years))
    total = sum(weights)
    shares = [weight / total for weight in weights[:-1]]
    shares.append(max(0.0, 1.0 - sum(shares)))
    return shares


@st.composite
def small_projects(
    draw: st.DrawFn,
    *,
    methods: tuple[str, ...] = PAYMENT_METHODS,
    repayments: tuple[str, ...] = ("annuity", "equal-principal"),
    min_construction_years: int = 0,
    max_construction_years: int = 3,
    max_operation_years: int = 6,
    lifecycle: bool = True,
    fiscal: bool | None = None,
    vfm: bool | None = None,
    generous: bool = False,
) -> dict[str, Any]:
    """A small valid project as plain data (``ppp.model.validate_data`` accepts it without errors).

    Parameters
    ----------
    methods, repayments
        The payment methods and debt profiles to choose from.
    min_construction_years, max_construction_years, max_operation_years
        The timeline range (C = 0 means no construction capex: an O&M or TOT contract).
    lifecycle
        Whether a lifecycle (refresh) capex item may be drawn.
    fiscal, vfm
        ``True``/``False`` forces the ``[fiscal]``/``[vfm]`` table in or out; ``None`` draws it.
    generous
        Draw a ``schedule`` payment large against the investment (2–5 × capex / tenor a year), so that a
        sculpted loan is normally repayable at any target DSCR up to 2. Only applies with ``schedule`` in
        ``methods``; the method is then ``schedule``.
    """
    construction_years = draw(st.integers(min_construction_years, max_construction_years))
    operation_years = draw(st.integers(1, max_operation_years))
    periods = construction_years + operation_years
    start_year = draw(st.integers(2015, 2030))
    timeline: dict[str, Any] = {
        "start_year": start_year,
        "construction_years": construction_years,
        "operation_years": operation_years,
    }
    if draw(st.booleans()):
        timeline["base_year"] = start_year - draw(st.integers(0, 3))

    rates: dict[str, Any] = {
        "discount_rate": draw(_rate(0.0, 0.15)),
        "reasonable_profit_rate": draw(_rate(0.0, 0.12)),
        "inflation": draw(_rate(0.0, 0.05)),
    }
    if draw(st.booleans()):
        rates["om_profit_rate"] = draw(_rate(0.0, 0.12))
    if draw(st.booleans()):
        rates["equity_hurdle_rate"] = draw(_rate(0.0, 0.15))

    capex: list[dict[str, Any]] = []
    if construction_years > 0:
        for index in range(draw(st.integers(1, 2))):
            item: dict[str, Any] = {"name": f"Build {index + 1}"}
            if draw(st.booleans()):
                item["amount"] = draw(_money(100.0, 5000.0))
                item["phasing"] = draw(phasings(construction_years))
            else:
                item["amounts"] = draw(
                    st.lists(_money(0.0, 3000.0), min_size=construction_years, max_size=construction_years)
                )
            if draw(st.booleans()):
                item["escalation"] = draw(_rate(0.0, 0.05))
            capex.append(item)
    if lifecycle and draw(st.booleans()):
        refresh: dict[str, Any] = {"name": "Refresh", "lifecycle": True, "amount": draw(_money(0.0, 500.0))}
        if draw(st.booleans()):
            refresh["every_years"] = draw(st.integers(1, max(1, operation_years)))
        else:
            refresh["operating_years"] = draw(
                st.lists(st.integers(1, operation_years), min_size=1, max_size=3, unique=True)
            )
        if draw(st.booleans()):
            refresh["life_years"] = draw(st.integers(1, 8))
        capex.append(refresh)
    construction_total = sum(
        item.get("amount", 0.0) if "amounts" not in item else sum(item["amounts"])
        for item in capex
        if not item.get("lifecycle")
    )

    opex = [
        {"name": f"O&M {index + 1}", "amount": draw(_money(0.0, 300.0)), "escalation": draw(_rate(0.0, 0.05))}
        for index in range(draw(st.integers(0, 2)))
    ]

    method = "schedule" if generous and "schedule" in methods else draw(st.sampled_from(methods))
    if method == "user-pay":
        payment_mode = "user-pay"
    else:
        payment_mode = draw(st.sampled_from(["government-pay", "viability-gap"]))
    revenue: list[dict[str, Any]] = []
    if payment_mode != "government-pay":
        for index in range(draw(st.integers(0 if payment_mode == "viability-gap" else 1, 2))):
            revenue_item: dict[str, Any] = {
                "name": f"Fees {index + 1}",
                "amount": draw(_money(0.0, 800.0)),
                "start_operating_year": draw(st.integers(1, operation_years)),
            }
            if draw(st.booleans()):
                revenue_item["escalation"] = draw(_rate(0.0, 0.05))
            revenue.append(revenue_item)

    repayment = draw(st.sampled_from(repayments))
    tenor = draw(st.integers(1, operation_years))
    financing: dict[str, Any] = {
        "equity_ratio": draw(_rate(0.1, 1.0)),
        "government_equity_share": draw(_rate(0.0, 0.5)),
        "loan_rate": draw(_rate(0.0, 0.1)),
        "tenor_years": tenor,
        "repayment": repayment,
        "idc_timing": draw(st.sampled_from(IDC_TIMINGS)),
    }
    if repayment == "sculpted":
        financing["target_dscr"] = draw(_rate(1.0, 2.0))

    payment: dict[str, Any] = {"method": method}
    if method != "user-pay":
        if draw(st.booleans()):
            payment["subsidy_years"] = draw(st.integers(1, operation_years))
        if draw(st.booleans()):
            payment["cost_basis"] = draw(st.sampled_from(["total-investment", "construction-investment"]))
        if draw(st.booleans()):
            payment["linked_share"] = draw(_rate(0.3, 1.0))
            payment["expected_score"] = draw(_rate(0.0, 100.0))
            payment["score_bands"] = [dict(band) for band in SCORE_BANDS]
    if method == "schedule":
        if generous:
            low = 2.0 * max(construction_total, 1.0) / tenor
            payment["schedule"] = draw(
                st.lists(_money(low, 2.5 * low), min_size=operation_years, max_size=operation_years)
            )
        else:
            payment["schedule"] = draw(
                st.lists(_money(0.0, 3000.0), min_size=operation_years, max_size=operation_years)
            )

    tax: dict[str, Any] = {
        "income_tax_rate": draw(_rate(0.0, 0.3)),
        "loss_carryforward_years": draw(st.integers(0, 6)),
        "depreciation_basis": draw(st.sampled_from(["total-investment", "excluding-government-equity"])),
    }
    if draw(st.booleans()):
        tax["depreciation_years"] = draw(st.integers(1, 20))

    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": "Generated project", "framework": "international", "payment_mode": payment_mode},
        "timeline": timeline,
        "rates": rates,
        "capex": capex,
        "opex": opex,
        "revenue": revenue,
        "financing": financing,
        "payment": payment,
        "tax": tax,
    }

    if fiscal if fiscal is not None else draw(st.booleans()):
        fiscal_table: dict[str, Any] = {
            "general_budget": draw(_money(10_000.0, 1_000_000.0)),
            "budget_growth": draw(_rate(0.0, 0.08)),
        }
        if draw(st.booleans()):
            fiscal_table["other_ppp_expenditure"] = draw(
                st.lists(_money(0.0, 5000.0), min_size=periods, max_size=periods)
            )
        if draw(st.booleans()):
            fiscal_table["supporting_inputs"] = draw(
                st.lists(_money(0.0, 200.0), min_size=periods, max_size=periods)
            )
        if draw(st.booleans()):
            fiscal_table["risk_ratio"] = draw(_rate(0.0, 0.1))
        elif draw(st.booleans()):
            probabilities = draw(phasings(3))
            fiscal_table["risk_scenarios"] = [
                {
                    "name": name,
                    "probability": probability,
                    "expenditure": draw(st.lists(_money(0.0, 300.0), min_size=periods, max_size=periods)),
                }
                for name, probability in zip(("base", "adverse", "worst"), probabilities, strict=True)
            ]
        data["fiscal"] = fiscal_table

    if vfm if vfm is not None else draw(st.booleans()):
        vfm_table: dict[str, Any] = {
            "competitive_neutrality": draw(_money(0.0, 500.0)),
            "transferable_risk": draw(_money(0.0, 1000.0)),
            "retained_risk": draw(_money(0.0, 500.0)),
        }
        if draw(st.booleans()):
            vfm_table["psc_construction_cost"] = draw(_money(0.0, 8000.0))
        if draw(st.booleans()):
            vfm_table["psc_om_cost"] = draw(_money(0.0, 500.0))
        data["vfm"] = vfm_table
    return data


def sculpted_projects(**options: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Projects with a sculpted loan and a generous schedule payment (normally repayable: ``generous``)."""
    settings: dict[str, Any] = {
        "methods": ("schedule",),
        "repayments": ("sculpted",),
        "min_construction_years": 1,
        "generous": True,
        **options,
    }
    return small_projects(**settings)


# ---------------------------------------------------------------------------------------------------------
# cash-flow rows (``ppp.engine.numerics``)
# ---------------------------------------------------------------------------------------------------------


@st.composite
def conventional_cash_flows(draw: st.DrawFn, *, min_periods: int = 2, max_periods: int = 40) -> list[float]:
    """A conventional project's cash flows: 1–3 outlays (negative), then receipts (≥ 0, at least one > 0).

    Exactly one sign change, so exactly one IRR in (−100 %, ∞); amounts to the cent, up to 10,000.
    """
    periods = draw(st.integers(max(min_periods, 2), max_periods))
    outlays = draw(st.integers(1, min(3, periods - 1)))
    outlay_amounts = draw(st.lists(_money(1.0, 10_000.0), min_size=outlays, max_size=outlays))
    negatives = [-value for value in outlay_amounts]
    receipts = draw(st.lists(_money(0.0, 5_000.0), min_size=periods - outlays, max_size=periods - outlays))
    if max(receipts) <= 0.0:
        receipts[-1] = 1.0
    return negatives + receipts


def cash_flow_rows(periods: int) -> st.SearchStrategy[list[float]]:
    """Rows of ``periods`` cash flows of any signs (zeros included), amounts to the cent."""
    amount = st.one_of(st.just(0.0), _money(-5_000.0, 5_000.0))
    return st.lists(amount, min_size=periods, max_size=periods)
