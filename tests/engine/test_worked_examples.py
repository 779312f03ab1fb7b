"""Worked examples of every formula of the methodology (``/work/shared/spec/methodology.md``), by hand.

Each test builds a tiny project (1–3 construction years, 1–5 operating years) whose figures can be followed
with pencil and paper, writes the arithmetic out as plain Python expressions (never calling engine helpers),
and checks the engine's annual table and metrics against it to 0.01 (money unit or rate).

The second half cross-checks every sample project in ``sample_projects/``: its IRRs and NPVs against
numpy-financial, and the identities that tie the lines of its annual table together.

Conventions of the hand arithmetic (methodology §1): period t = 1..N is calendar year start_year + t − 1; cash
flows fall at the end of their period; present values are at the start of period 1 (PV = Σ CF_t / (1 + r)^t).
"""

from __future__ import annotations

import copy
import itertools
import math
from pathlib import Path
from typing import Any

import numpy_financial as npf
import pytest

from ppp.engine import Evaluation, evaluate
from ppp.model import ProjectError, load_project, validate_data

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))
CENT = 0.01


# ---------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------


def base_data() -> dict[str, Any]:
    """1 construction year (capex 1,000 in 2020, all equity, no tax) + 3 operating years, payment 0."""
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Worked example", "framework": "international", "payment_mode": "government-pay"},
        "timeline": {"start_year": 2020, "construction_years": 1, "operation_years": 3},
        "rates": {"discount_rate": 0.05},
        "capex": [{"name": "Build", "amount": 1000.0, "phasing": [1.0]}],
        "financing": {"equity_ratio": 1.0},
        "payment": {"method": "schedule", "schedule": [0.0, 0.0, 0.0]},
        "tax": {"income_tax_rate": 0.0},
    }


def make(**sections: Any) -> dict[str, Any]:
    """``base_data()`` with tables merged key by key (a dict) or replaced (anything else, and the whole
    ``payment`` table); ``None`` removes a table."""
    data = base_data()
    for key, value in sections.items():
        if value is None:
            data.pop(key, None)
        elif isinstance(value, dict) and isinstance(data.get(key), dict) and key != "payment":
            data[key] = {**data[key], **value}
        else:
            data[key] = copy.deepcopy(value)
    return data


def run(data: dict[str, Any]) -> Evaluation:
    return evaluate(validate_data(data).project)


def column(result: Evaluation, key: str) -> list[Any]:
    return [row[key] for row in result.years]


def approx(expected: Any) -> Any:
    return pytest.approx(expected, abs=CENT)


def pv(rate: float, flows: list[float]) -> float:
    """PV at the start of period 1 of end-of-period flows (written out, not the engine's npv)."""
    return sum(flow / (1.0 + rate) ** t for t, flow in enumerate(flows, start=1))


# ---------------------------------------------------------------------------------------------------------
# §1 time and escalation
# ---------------------------------------------------------------------------------------------------------


def test_escalation_of_base_year_amounts_to_nominal() -> None:
    # base_year 2018, start_year 2020: period 1 = 2020 (exponent 2), period 2 = 2021 (3), period 3 = 2022 (4)
    data = make(
        timeline={"start_year": 2020, "construction_years": 1, "operation_years": 2, "base_year": 2018},
        rates={"discount_rate": 0.05, "inflation": 0.02},
        capex=[{"name": "Build", "amount": 1000.0, "phasing": [1.0], "escalation": 0.05}],
        opex=[{"name": "O&M", "amount": 100.0, "escalation": 0.10}],
        revenue=[{"name": "Fees", "amount": 50.0}],  # no escalation of its own: inflation (2 %)
        payment={"method": "schedule", "schedule": [0.0, 0.0]},
    )
    result = run(data)
    assert column(result, "year") == [2020, 2021, 2022]
    assert column(result, "capex") == approx([1000 * 1.05**2, 0.0, 0.0])  # 1,102.50
    assert column(result, "opex") == approx([0.0, 100 * 1.10**3, 100 * 1.10**4])  # 133.10, 146.41
    assert column(result, "user_revenue") == approx([0.0, 50 * 1.02**3, 50 * 1.02**4])  # 53.06, 54.12


def test_revenue_starts_in_its_operating_year() -> None:
    data = make(
        project={"payment_mode": "user-pay"},
        revenue=[{"name": "Fees", "amount": 80.0, "start_operating_year": 2}],
        payment={"method": "user-pay"},
    )
    assert column(run(data), "user_revenue") == approx([0.0, 0.0, 80.0, 80.0])


# ---------------------------------------------------------------------------------------------------------
# §2 investment: phasing, draws, IDC, total investment
# ---------------------------------------------------------------------------------------------------------


def three_year_build(**financing: Any) -> dict[str, Any]:
    # item A: 1,000 phased 20/50/30 %; item B: explicit amounts 100, 0, 200; inflation 10 % from 2020
    return make(
        timeline={"start_year": 2020, "construction_years": 3, "operation_years": 2},
        rates={"discount_rate": 0.05, "inflation": 0.10},
        capex=[
            {"name": "A", "amount": 1000.0, "phasing": [0.2, 0.5, 0.3]},
            {"name": "B", "amounts": [100.0, 0.0, 200.0]},
        ],
        financing=financing,
        payment={"method": "schedule", "schedule": [0.0, 0.0]},
    )


def test_capex_phasing_and_construction_investment() -> None:
    result = run(three_year_build(equity_ratio=1.0))
    capex_1 = 1000 * 0.2 + 100  # 2020, factor 1: 300
    capex_2 = (1000 * 0.5 + 0) * 1.1  # 2021: 550
    capex_3 = (1000 * 0.3 + 200) * 1.1**2  # 2022: 605
    assert column(result, "capex") == approx([capex_1, capex_2, capex_3, 0.0, 0.0])
    assert result.metrics["construction_investment"] == approx(capex_1 + capex_2 + capex_3)  # 1,455
    # all equity: no IDC, total investment = construction investment
    assert result.metrics["idc"] == approx(0.0)
    assert result.metrics["total_investment"] == approx(1455.0)


def test_equity_and_debt_drawn_pro_rata_and_government_equity() -> None:
    data = three_year_build(equity_ratio=0.3, government_equity_share=0.2)
    data["fiscal"] = {"general_budget": 100000.0}
    result = run(data)
    capex = [300.0, 550.0, 605.0]
    assert column(result, "equity_draw")[:3] == approx([0.3 * c for c in capex])  # 90, 165, 181.5
    assert column(result, "debt_draw")[:3] == approx([0.7 * c for c in capex])  # 210, 385, 423.5
    assert column(result, "equity_draw")[3:] == approx([0.0, 0.0])
    lines = result.batch.lines
    assert float(lines.equity[0]) == approx(0.3 * 1455)  # 436.5
    # 股权投资支出 = government share × equity draws: 18, 33, 36.3
    assert lines.equity_expenditure[0].tolist() == approx([0.2 * 90, 0.2 * 165, 0.2 * 181.5, 0.0, 0.0])


def idc_project(timing: str) -> dict[str, Any]:
    # capex 1,000 a year for 3 years, half equity: debt draws 500 a year; loan rate 10 %; 3 operating years
    return make(
        timeline={"start_year": 2020, "construction_years": 3, "operation_years": 3},
        capex=[{"name": "Build", "amounts": [1000.0, 1000.0, 1000.0]}],
        financing={"equity_ratio": 0.5, "loan_rate": 0.10, "tenor_years": 3, "idc_timing": timing},
    )


# mid-year (the methodology's default): IDC_t = (opening debt incl. capitalised IDC + draw_t / 2) × rate
MID_1 = (0 + 500 / 2) * 0.10  # 25
MID_2 = (500 + MID_1 + 500 / 2) * 0.10  # (525 + 250) × 0.1 = 77.5
MID_3 = (1000 + MID_1 + MID_2 + 500 / 2) * 0.10  # (1102.5 + 250) × 0.1 = 135.25
# start-of-year: the whole draw bears a full year of interest
START_1 = 500 * 0.10  # 50
START_2 = (500 + START_1 + 500) * 0.10  # 105
START_3 = (1000 + START_1 + START_2 + 500) * 0.10  # 165.5
# end-of-year: the draw bears no interest in its own year
END_1 = 0.0
END_2 = 500 * 0.10  # 50
END_3 = (1000 + END_2) * 0.10  # 105


@pytest.mark.parametrize(
    ("timing", "idc"),
    [
        ("mid-year", [MID_1, MID_2, MID_3]),
        ("start-of-year", [START_1, START_2, START_3]),
        ("end-of-year", [END_1, END_2, END_3]),
    ],
)
def test_interest_during_construction_is_compounded_and_capitalised(timing: str, idc: list[float]) -> None:
    result = run(idc_project(timing))
    assert column(result, "idc") == approx([*idc, 0.0, 0.0, 0.0])
    total_idc = sum(idc)  # mid-year 237.75, start-of-year 320.5, end-of-year 155
    assert result.metrics["idc"] == approx(total_idc)
    assert result.metrics["construction_investment"] == approx(3000.0)
    assert result.metrics["total_investment"] == approx(3000.0 + total_idc)
    # the opening balance of each year carries the capitalised IDC; at COD it is draws + IDC
    openings = [0.0, 500 + idc[0], 1000 + idc[0] + idc[1], 1500 + total_idc]
    assert column(result, "debt_opening")[:4] == approx(openings)
    # interest is not paid during construction: it is capitalised
    assert column(result, "interest")[:3] == approx([0.0, 0.0, 0.0])


def test_mid_year_idc_literal_values() -> None:
    result = run(idc_project("mid-year"))
    assert column(result, "idc")[:3] == approx([25.0, 77.5, 135.25])
    assert result.metrics["total_investment"] == approx(3237.75)
    assert column(result, "debt_opening")[3] == approx(1737.75)


# ---------------------------------------------------------------------------------------------------------
# §3 debt: annuity, equal principal, sculpted
# ---------------------------------------------------------------------------------------------------------


def loan_of_1000(repayment: str, tenor: int, **extra: Any) -> dict[str, Any]:
    # capex 1,000 all debt, end-of-year IDC (none in the single construction year): opening debt 1,000 at 10 %
    financing = {
        "equity_ratio": 0.0,
        "loan_rate": 0.10,
        "tenor_years": tenor,
        "repayment": repayment,
        "idc_timing": "end-of-year",
        **extra,
    }
    return make(financing=financing)


def test_annuity_repayment_schedule() -> None:
    result = run(loan_of_1000("annuity", 3))
    payment = 1000 * 0.10 * 1.1**3 / (1.1**3 - 1)  # 402.1148
    interest_1 = 1000 * 0.10  # 100
    principal_1 = payment - interest_1  # 302.1148
    interest_2 = (1000 - principal_1) * 0.10  # 69.7885
    principal_2 = payment - interest_2  # 332.3263
    interest_3 = (1000 - principal_1 - principal_2) * 0.10  # 36.5559
    principal_3 = payment - interest_3  # 365.5589
    assert column(result, "interest") == approx([0.0, interest_1, interest_2, interest_3])
    assert column(result, "principal") == approx([0.0, principal_1, principal_2, principal_3])
    assert column(result, "interest")[1:] == approx([100.0, 69.79, 36.56])
    assert column(result, "principal")[1:] == approx([302.11, 332.33, 365.56])
    assert column(result, "debt_opening") == approx(
        [0.0, 1000.0, 1000 - principal_1, 1000 - principal_1 - principal_2]
    )
    assert sum(column(result, "principal")) == approx(1000.0)


@pytest.mark.parametrize("rate", [1e-12, 1e-17])
def test_annuity_repayment_at_a_vanishing_loan_rate(rate: float) -> None:
    # as r → 0 the annuity tends to equal instalments: 1,000 / 3 = 333.33 of principal a year, interest ≈ 0.
    # The loan is repaid in full whatever the (valid, non-negative) rate.
    data = loan_of_1000("annuity", 3)
    data["financing"]["loan_rate"] = rate
    result = run(data)
    assert column(result, "principal") == approx([0.0, 1000 / 3, 1000 / 3, 1000 / 3])
    assert sum(column(result, "principal")) == approx(1000.0)


def test_equal_principal_repayment_with_tenor_shorter_than_operation() -> None:
    result = run(loan_of_1000("equal-principal", 2))
    # 1,000 / 2 = 500 a year; interest on the opening balance: 100, then 50; nothing in operating year 3
    assert column(result, "principal") == approx([0.0, 500.0, 500.0, 0.0])
    assert column(result, "interest") == approx([0.0, 1000 * 0.10, 500 * 0.10, 0.0])
    assert column(result, "debt_opening") == approx([0.0, 1000.0, 500.0, 0.0])
    assert column(result, "dscr")[3] is None  # no debt service, no DSCR


def sculpted(
    schedule: list[float], target: float, tax_rate: float = 0.0, operation_years: int = 3
) -> dict[str, Any]:
    data = loan_of_1000("sculpted", operation_years, target_dscr=target)
    data["timeline"]["operation_years"] = operation_years
    data["payment"] = {"method": "schedule", "schedule": schedule}
    data["tax"] = {"income_tax_rate": tax_rate}
    return data


def test_sculpted_debt_service_is_cfads_over_target_with_an_early_final_year() -> None:
    # no tax, no opex: CFADS = payment = 520; debt service = 520 / 1.25 = 416
    result = run(sculpted([520.0, 520.0, 520.0], 1.25))
    service = 520 / 1.25  # 416
    interest_1 = 1000 * 0.10  # 100
    principal_1 = service - interest_1  # 316 → balance 684
    interest_2 = (1000 - principal_1) * 0.10  # 68.4
    principal_2 = service - interest_2  # 347.6 → balance 336.4
    balance_3 = 1000 - principal_1 - principal_2
    interest_3 = balance_3 * 0.10  # 33.64
    principal_3 = min(service - interest_3, balance_3)  # 382.36 > 336.4: the loan is repaid early
    assert column(result, "interest") == approx([0.0, interest_1, interest_2, interest_3])
    assert column(result, "principal") == approx([0.0, principal_1, principal_2, principal_3])
    assert principal_3 == approx(336.4)
    assert column(result, "cfads")[1:] == approx([520.0, 520.0, 520.0])
    dscr = column(result, "dscr")
    assert dscr[1] == pytest.approx(1.25, abs=1e-9)
    assert dscr[2] == pytest.approx(1.25, abs=1e-9)
    assert dscr[3] == approx(520 / (interest_3 + principal_3))  # 520 / 370.04 = 1.4052: the early final year
    assert result.metrics["min_dscr"] == pytest.approx(1.25, abs=1e-9)
    assert sum(column(result, "principal")) == approx(1000.0)


def test_sculpted_loan_repaid_before_the_tenor_ends() -> None:
    # CFADS 800, 800, 50 at target 1.25: service 640; year 1: interest 100, principal 540 → 460 left;
    # year 2: interest 46, principal min(594, 460) = 460; year 3: nothing left, no debt service
    result = run(sculpted([800.0, 800.0, 50.0], 1.25))
    assert column(result, "principal") == approx([0.0, 540.0, 460.0, 0.0])
    assert column(result, "interest") == approx([0.0, 100.0, 46.0, 0.0])
    dscr = column(result, "dscr")
    assert dscr[1] == pytest.approx(1.25, abs=1e-9)
    assert dscr[2] == approx(800 / (46 + 460))  # 1.581: the final repayment is smaller than CFADS / 1.25
    assert dscr[3] is None


def test_sculpted_with_tax_depending_on_interest() -> None:
    # 2 operating years, schedule 800 each, tax 25 %, depreciation 1,000 / 2 = 500 → EBIT 300; target 1.2
    result = run(sculpted([800.0, 800.0], 1.2, tax_rate=0.25, operation_years=2))
    interest_1 = 1000 * 0.10  # 100
    tax_1 = 0.25 * (300 - interest_1)  # 50
    cfads_1 = 800 - tax_1  # 750
    principal_1 = cfads_1 / 1.2 - interest_1  # 625 − 100 = 525 → 475 left
    interest_2 = (1000 - principal_1) * 0.10  # 47.5
    tax_2 = 0.25 * (300 - interest_2)  # 63.125
    cfads_2 = 800 - tax_2  # 736.875
    principal_2 = min(cfads_2 / 1.2 - interest_2, 1000 - principal_1)  # min(566.56, 475) = 475
    assert column(result, "income_tax") == approx([0.0, tax_1, tax_2])
    assert column(result, "cfads") == approx([0.0, cfads_1, cfads_2])
    assert column(result, "principal") == approx([0.0, principal_1, principal_2])
    assert column(result, "dscr")[1] == pytest.approx(1.2, abs=1e-9)
    assert column(result, "dscr")[2] == approx(cfads_2 / (interest_2 + principal_2))  # 1.4103


def test_sculpted_infeasible_raises_naming_target_dscr() -> None:
    # service 400 / 1.25 = 320: 1,000 → 780 → 538 → 271.8 left after the tenor (3 years)
    balance = 1000.0
    for _ in range(3):
        balance -= 320 - balance * 0.10
    assert balance == approx(271.80)
    with pytest.raises(ProjectError) as caught:
        run(sculpted([400.0, 400.0, 400.0], 1.25))
    problems = caught.value.problems
    assert [problem.path for problem in problems] == ["financing.target_dscr"]
    assert problems[0].rule == "engine.sculpt_infeasible"
    # "says by how much": the debt left unpaid at the end of the tenor
    assert problems[0].params["shortfall"] == f"{balance:,.2f}"
    assert "271.80" in str(caught.value)


# ---------------------------------------------------------------------------------------------------------
# §4 government payment
# ---------------------------------------------------------------------------------------------------------


def payment_project(payment: dict[str, Any], **rates: Any) -> dict[str, Any]:
    # capex 1,000 in 2020, 20 % equity, 10 % loan, mid-year IDC = (800 / 2) × 0.1 = 40 → B = 1,040
    # O&M 100 in 2020 prices, +10 % a year: OM_k = 110, 121, 133.1 in 2021–2023
    return make(
        rates={"discount_rate": 0.05, "reasonable_profit_rate": 0.08, **rates},
        opex=[{"name": "O&M", "amount": 100.0, "escalation": 0.10}],
        financing={"equity_ratio": 0.2, "loan_rate": 0.10, "tenor_years": 3},
        payment=payment,
    )


OM = [110.0, 121.0, 133.1]


def test_total_investment_of_the_payment_projects() -> None:
    result = run(payment_project({"method": "mof-21"}))
    assert result.metrics["idc"] == approx(40.0)
    assert result.metrics["total_investment"] == approx(1040.0)


def test_mof21_payment_with_total_investment_basis() -> None:
    result = run(payment_project({"method": "mof-21"}))
    # S_k = B(1 + p)(1 + d)^k / T + OM_k(1 + p_om) with B = 1,040, p = p_om = 8 %, d = 5 %, T = O = 3
    availability = [1040 * 1.08 * 1.05**k / 3 for k in (1, 2, 3)]  # 393.12, 412.776, 433.4148
    om_term = [om * 1.08 for om in OM]  # 118.8, 130.68, 143.748
    payments = [a + m for a, m in zip(availability, om_term, strict=True)]  # 511.92, 543.456, 577.1628
    assert column(result, "government_payment") == approx([0.0, *payments])
    assert column(result, "government_payment")[1:] == approx([511.92, 543.456, 577.1628])
    assert column(result, "availability_payment") == approx([0.0, *availability])
    assert column(result, "om_payment") == approx([0.0, *om_term])
    # PV at the start of period 1 (Excel NPV): payments fall at the end of periods 2, 3, 4
    expected_pv = 511.92 / 1.05**2 + 543.456 / 1.05**3 + 577.1628 / 1.05**4
    assert result.metrics["government_pv"] == approx(expected_pv)


def test_mof21_construction_investment_basis_own_om_rate_and_payments_beyond_t() -> None:
    payment = {"method": "mof-21", "cost_basis": "construction-investment", "subsidy_years": 2}
    result = run(payment_project(payment, om_profit_rate=0.03))
    # B = 1,000 (IDC left out), T = 2, p_om = 3 %; year 3 is beyond T: only the O&M term
    expected = [
        1000 * 1.08 * 1.05 / 2 + 110 * 1.03,  # 567 + 113.3 = 680.3
        1000 * 1.08 * 1.05**2 / 2 + 121 * 1.03,  # 595.35 + 124.63 = 719.98
        133.1 * 1.03,  # 137.093
    ]
    assert column(result, "government_payment")[1:] == approx(expected)
    assert column(result, "availability_payment")[1:] == approx([567.0, 595.35, 0.0])


def test_mof21_viability_gap_nets_user_revenue() -> None:
    data = payment_project({"method": "mof-21"})
    data["project"]["payment_mode"] = "viability-gap"
    data["revenue"] = [{"name": "Fees", "amount": 100.0}]  # inflation 0: U_k = 100
    result = run(data)
    expected = [1040 * 1.08 * 1.05**k / 3 + om * 1.08 - 100 for k, om in zip((1, 2, 3), OM, strict=True)]
    assert column(result, "government_payment")[1:] == approx(expected)  # 411.92, 443.456, 477.1628


def test_annuity_payment_method() -> None:
    result = run(payment_project({"method": "annuity"}))
    annuity = 1040 * 0.08 * 1.08**3 / (1.08**3 - 1)  # A = B·p(1+p)^T / ((1+p)^T − 1) = 403.5591
    assert annuity == approx(403.5591)
    expected = [annuity + om * 1.08 for om in OM]
    assert column(result, "government_payment")[1:] == approx(expected)
    assert column(result, "availability_payment")[1:] == approx([annuity] * 3)


@pytest.mark.parametrize("rate", [1e-12, 1e-17])
def test_annuity_payment_at_a_vanishing_profit_rate(rate: float) -> None:
    # A = B·p(1+p)^T / ((1+p)^T − 1) → B / T as p → 0: 1,040 / 3 = 346.67 a year
    result = run(payment_project({"method": "annuity"}, reasonable_profit_rate=rate, om_profit_rate=0.0))
    assert column(result, "availability_payment")[1:] == approx([1040 / 3] * 3)


def test_equal_principal_payment_method() -> None:
    result = run(payment_project({"method": "equal-principal"}))
    # B/T + p × outstanding B: 346.667 + 83.2, 346.667 + 55.467, 346.667 + 27.733
    availability = [1040 / 3 + 0.08 * 1040, 1040 / 3 + 0.08 * 1040 * 2 / 3, 1040 / 3 + 0.08 * 1040 / 3]
    assert availability == approx([429.8667, 402.1333, 374.4])
    assert column(result, "availability_payment")[1:] == approx(availability)
    expected = [a + om * 1.08 for a, om in zip(availability, OM, strict=True)]
    assert column(result, "government_payment")[1:] == approx(expected)


def test_schedule_payment_method() -> None:
    result = run(payment_project({"method": "schedule", "schedule": [300.0, 200.0, 100.0]}))
    # the stated amounts are the availability term A_k; the O&M term M_k = OM_k(1 + p_om) comes on top
    assert column(result, "availability_payment")[1:] == approx([300.0, 200.0, 100.0])
    expected = [300 + 110 * 1.08, 200 + 121 * 1.08, 100 + 133.1 * 1.08]
    assert column(result, "government_payment")[1:] == approx(expected)


def test_user_pay_has_no_government_payment() -> None:
    data = payment_project({"method": "user-pay"})
    data["project"]["payment_mode"] = "user-pay"
    data["revenue"] = [{"name": "Tolls", "amount": 400.0}]
    result = run(data)
    assert column(result, "government_payment") == approx([0.0] * 4)
    assert result.metrics["government_pv"] == approx(0.0)
    assert column(result, "user_revenue")[1:] == approx([400.0] * 3)
    # revenue − opex = EBITDA with user revenue only
    assert column(result, "ebitda")[1:] == approx([400 - om for om in OM])


def test_viability_gap_netting_is_never_negative() -> None:
    data = make(
        project={"payment_mode": "viability-gap"},
        revenue=[
            {"name": "Fees", "amount": 50.0},
            {"name": "Leases", "amount": 300.0, "start_operating_year": 2},
        ],
        payment={"method": "schedule", "schedule": [200.0, 200.0, 200.0]},
    )
    result = run(data)
    # U = 50, 350, 350: payment = max(0, 200 − U) = 150, 0, 0
    assert column(result, "government_payment") == approx([0.0, 150.0, 0.0, 0.0])
    # government-pay projects do not net user revenue (a warning, not an error)
    data["project"]["payment_mode"] = "government-pay"
    assert column(run(data), "government_payment") == approx([0.0, 200.0, 200.0, 200.0])


BANDS = [
    {"min": 90.0, "coefficient": 1.0},
    {"min": 80.0, "coefficient": 0.95},
    {"min": 60.0, "coefficient": 0.8},
    {"min": 0.0, "coefficient": 0.0},
]


@pytest.mark.parametrize(
    ("score", "coefficient"),
    [(95.0, 1.0), (90.0, 1.0), (85.0, 0.95), (80.0, 0.95), (70.0, 0.8), (59.9, 0.0)],
)
def test_performance_linked_payment(score: float, coefficient: float) -> None:
    data = make(
        project={"payment_mode": "viability-gap"},
        rates={"discount_rate": 0.05, "om_profit_rate": 0.10},
        opex=[{"name": "O&M", "amount": 100.0}],
        revenue=[{"name": "Fees", "amount": 20.0}],
        payment={
            "method": "schedule",
            "schedule": [1000.0, 1000.0, 1000.0],
            "linked_share": 0.3,
            "expected_score": score,
            "score_bands": BANDS,
        },
    )
    result = run(data)
    # payment = max(0, A(1 − s(1 − c)) + M·c − U) with A = 1,000, s = 0.3, M = 100 × 1.1 = 110, U = 20
    availability = 1000 * (1 - 0.3 * (1 - coefficient))
    om_payment = 110 * coefficient
    payment = max(0.0, availability + om_payment - 20)
    # c = 1 → 1,090; 0.95 → 985 + 104.5 − 20 = 1,069.5; 0.8 → 940 + 88 − 20 = 1,008; 0 → 700 − 20 = 680
    assert payment == approx({1.0: 1090.0, 0.95: 1069.5, 0.8: 1008.0, 0.0: 680.0}[coefficient])
    assert column(result, "availability_payment")[1:] == approx([availability] * 3)
    assert column(result, "om_payment")[1:] == approx([om_payment] * 3)
    assert column(result, "government_payment")[1:] == approx([payment] * 3)


def test_performance_linked_payment_floored_at_zero() -> None:
    data = make(
        project={"payment_mode": "viability-gap"},
        opex=[{"name": "O&M", "amount": 100.0}],
        revenue=[{"name": "Fees", "amount": 500.0}],
        payment={
            "method": "schedule",
            "schedule": [200.0, 200.0, 200.0],
            "linked_share": 0.5,
            "expected_score": 70.0,
            "score_bands": BANDS,
        },
    )
    result = run(data)
    # A(1 − 0.5 × 0.2) + 100 × 0.8 − 500 = 180 + 80 − 500 < 0 → 0
    assert column(result, "availability_payment")[1:] == approx([180.0] * 3)
    assert column(result, "om_payment")[1:] == approx([80.0] * 3)
    assert column(result, "government_payment")[1:] == approx([0.0] * 3)


# ---------------------------------------------------------------------------------------------------------
# §5 depreciation and tax
# ---------------------------------------------------------------------------------------------------------


def test_straight_line_depreciation_with_final_year_write_off() -> None:
    data = make(timeline={"start_year": 2020, "construction_years": 1, "operation_years": 4})
    data["payment"]["schedule"] = [0.0] * 4
    data["tax"]["depreciation_years"] = 6
    # 1,000 / 6 = 166.67 a year; 4 × 166.67 = 666.67 done at handover, 333.33 written off in the final year
    assert column(run(data), "depreciation") == approx(
        [0.0, 1000 / 6, 1000 / 6, 1000 / 6, 1000 / 6 + 1000 / 3]
    )
    data["tax"]["depreciation_years"] = 3
    # a life shorter than the operation: 333.33 for 3 years, then nothing
    assert column(run(data), "depreciation") == approx([0.0, 1000 / 3, 1000 / 3, 1000 / 3, 0.0])
    data["tax"].pop("depreciation_years")
    # default life = O = 4
    assert column(run(data), "depreciation") == approx([0.0, 250.0, 250.0, 250.0, 250.0])


def test_depreciation_on_total_investment_including_idc_and_excluding_government_equity() -> None:
    data = payment_project({"method": "mof-21"})  # total investment 1,040 (IDC 40)
    assert column(run(data), "depreciation")[1:] == approx([1040 / 3] * 3)
    data["financing"]["government_equity_share"] = 0.5
    data["tax"]["depreciation_basis"] = "excluding-government-equity"
    # base = 1,040 − 0.5 × 200 (government share of the equity) = 940
    assert column(run(data), "depreciation")[1:] == approx([940 / 3] * 3)


def lifecycle_project(item: dict[str, Any], operation_years: int = 5) -> dict[str, Any]:
    data = make(
        timeline={"start_year": 2020, "construction_years": 1, "operation_years": operation_years},
        capex=[
            {"name": "Build", "amount": 1000.0, "phasing": [1.0]},
            {"name": "Refresh", "lifecycle": True, **item},
        ],
    )
    data["payment"]["schedule"] = [0.0] * operation_years
    data["tax"]["depreciation_years"] = 50  # keep the construction asset's line flat: 20 a year + write-off
    return data


def lifecycle_depreciation(result: Evaluation, operation_years: int = 5) -> list[float]:
    # the construction asset: 1,000 / 50 = 20 a year, 1,000 − 20 × O written off in the final year
    base = [0.0] + [20.0] * operation_years
    base[-1] += 1000 - 20 * operation_years
    return [d - b for d, b in zip(column(result, "depreciation"), base, strict=True)]


def test_lifecycle_refresh_depreciation() -> None:
    # every 2 operating years (2 and 4), life 3: 120 / 3 = 40 a year from the year it is spent;
    # the year-4 tranche is cut at handover after 2 years and its last 40 written off in the final year
    result = run(lifecycle_project({"amount": 120.0, "every_years": 2, "life_years": 3}))
    assert column(result, "lifecycle_capex") == approx([0.0, 0.0, 120.0, 0.0, 120.0, 0.0])
    assert lifecycle_depreciation(result) == approx([0.0, 0.0, 40.0, 40.0, 40.0 + 40.0, 40.0 + 40.0])
    # life defaults to every_years: 60 in the year spent and the next
    result = run(lifecycle_project({"amount": 120.0, "every_years": 2}))
    assert lifecycle_depreciation(result) == approx([0.0, 0.0, 60.0, 60.0, 60.0, 60.0])
    # named year 3 without life_years or every_years: over the remaining 3 operating years
    result = run(lifecycle_project({"amount": 120.0, "operating_years": [3]}))
    assert lifecycle_depreciation(result) == approx([0.0, 0.0, 0.0, 40.0, 40.0, 40.0])


def test_lifecycle_refresh_is_escalated_to_the_year_it_is_spent() -> None:
    data = lifecycle_project({"amount": 100.0, "operating_years": [2], "life_years": 2})
    data["rates"]["inflation"] = 0.10
    data["capex"][0]["escalation"] = 0.0
    result = run(data)
    # operating year 2 = period 3 = 2022: 100 × 1.1² = 121, depreciated 60.5 in 2022 and 2023
    assert column(result, "lifecycle_capex") == approx([0.0, 0.0, 121.0, 0.0, 0.0, 0.0])
    assert lifecycle_depreciation(result) == approx([0.0, 0.0, 60.5, 60.5, 0.0, 0.0])


def loss_project(carry_years: int) -> dict[str, Any]:
    # no construction, no debt; revenue 150 − opex 100 = EBITDA 50 every year; refreshes of 200 in operating
    # year 1 and 100 in year 2, each depreciated in one year, give EBIT −150 and −50, then +50 for six years
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Loss carry-forward", "framework": "international", "payment_mode": "user-pay"},
        "timeline": {"start_year": 2020, "construction_years": 0, "operation_years": 8},
        "rates": {"discount_rate": 0.05},
        "capex": [
            {
                "name": "Refresh 1",
                "amount": 200.0,
                "lifecycle": True,
                "operating_years": [1],
                "life_years": 1,
            },
            {
                "name": "Refresh 2",
                "amount": 100.0,
                "lifecycle": True,
                "operating_years": [2],
                "life_years": 1,
            },
        ],
        "opex": [{"name": "O&M", "amount": 100.0}],
        "revenue": [{"name": "Fees", "amount": 150.0}],
        "financing": {"equity_ratio": 1.0},
        "payment": {"method": "user-pay"},
        "tax": {"income_tax_rate": 0.25, "loss_carryforward_years": carry_years},
    }


def test_tax_losses_carried_forward_oldest_first() -> None:
    result = run(loss_project(5))
    assert column(result, "ebit") == approx([-150.0, -50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0])
    # year 3, 4, 5 use 50 each of year 1's 150 loss; year 6 uses year 2's 50 (still within 5 years);
    # taxable from year 7: 25 % × 50 = 12.5
    assert column(result, "income_tax") == approx([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 12.5, 12.5])
    assert column(result, "net_profit") == approx([-150.0, -50.0, 50.0, 50.0, 50.0, 50.0, 37.5, 37.5])


def test_tax_loss_expires_after_carryforward_years() -> None:
    result = run(loss_project(2))
    # carry 2 years: year 1's loss (150) can be used in years 2–3 only. Year 3 uses 50 of it (oldest first),
    # the other 100 expire. Year 4 uses year 2's loss (50, usable in years 3–4). From year 5 on: taxed.
    # (Newest first would have used year 2's loss in year 3 and taxed year 4: 12.5.)
    assert column(result, "income_tax") == approx([0.0, 0.0, 0.0, 0.0, 12.5, 12.5, 12.5, 12.5])
    result = run(loss_project(0))
    # no carry-forward: every profitable year is taxed
    assert column(result, "income_tax") == approx([0.0, 0.0, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5])


# ---------------------------------------------------------------------------------------------------------
# §3, §5, §6 one financed project by hand: CFADS, DSCR, ICR, LLCR, cash flows, IRR/NPV, ROI/ROE
# ---------------------------------------------------------------------------------------------------------


def financed_project() -> dict[str, Any]:
    # capex 1,000 in 2020, 50 % equity, loan 500 at 10 % (end-of-year IDC: none), annuity over 3 years;
    # schedule 600 + O&M 100 at p_om = 0 → payment 700; tax 25 %; depreciation 1,000 / 3
    return make(
        rates={"discount_rate": 0.08, "equity_hurdle_rate": 0.12},
        opex=[{"name": "O&M", "amount": 100.0}],
        financing={
            "equity_ratio": 0.5,
            "loan_rate": 0.10,
            "tenor_years": 3,
            "repayment": "annuity",
            "idc_timing": "end-of-year",
        },
        payment={"method": "schedule", "schedule": [600.0, 600.0, 600.0]},
        tax={"income_tax_rate": 0.25},
    )


# the same project by hand
F_SERVICE = 500 * 0.10 * 1.1**3 / (1.1**3 - 1)  # 201.0574
F_INTEREST = [50.0]
F_PRINCIPAL = [F_SERVICE - 50.0]
for _year in (2, 3):
    F_INTEREST.append((500 - sum(F_PRINCIPAL)) * 0.10)
    F_PRINCIPAL.append(F_SERVICE - F_INTEREST[-1])
# interest 50, 34.8943, 18.2779; principal 151.0574, 166.1631, 182.7795
F_EBITDA = 700.0 - 100.0  # 600
F_EBIT = F_EBITDA - 1000 / 3  # 266.667
F_EBT = [F_EBIT - i for i in F_INTEREST]  # 216.667, 231.772, 248.389
F_TAX = [0.25 * e for e in F_EBT]  # 54.167, 57.943, 62.097
F_NET = [e - t for e, t in zip(F_EBT, F_TAX, strict=True)]  # 162.5, 173.829, 186.292
F_CFADS = [F_EBITDA - t for t in F_TAX]  # 545.833, 542.057, 537.903
F_PRE_TAX = [-1000.0, 600.0, 600.0, 600.0]
F_POST_TAX = [-1000.0] + [600.0 - 0.25 * F_EBIT] * 3  # adjusted tax 66.667 → 533.333
F_EQUITY = [-500.0] + [F_EBITDA - F_SERVICE - t for t in F_TAX]  # 344.776, 341.0, 336.846


def test_financed_project_lines() -> None:
    result = run(financed_project())
    assert column(result, "interest")[1:] == approx([50.0, 34.89, 18.28])
    assert column(result, "principal")[1:] == approx([151.06, 166.16, 182.78])
    assert column(result, "interest")[1:] == approx(F_INTEREST)
    assert column(result, "principal")[1:] == approx(F_PRINCIPAL)
    assert column(result, "government_payment")[1:] == approx([700.0] * 3)
    assert column(result, "ebitda")[1:] == approx([F_EBITDA] * 3)
    assert column(result, "ebit")[1:] == approx([F_EBIT] * 3)
    assert column(result, "income_tax")[1:] == approx(F_TAX)
    assert column(result, "net_profit")[1:] == approx(F_NET)
    assert column(result, "cfads")[1:] == approx(F_CFADS)


def test_cover_ratios_dscr_icr_llcr() -> None:
    result = run(financed_project())
    dscr = [c / F_SERVICE for c in F_CFADS]  # 2.7148, 2.6960, 2.6754
    icr = [F_EBIT / i for i in F_INTEREST]  # 5.3333, 7.6422, 14.5898
    assert column(result, "dscr") == approx([None, *dscr])
    assert column(result, "icr") == approx([None, *icr])
    assert result.metrics["min_dscr"] == approx(min(dscr))
    assert result.metrics["mean_dscr"] == approx(sum(dscr) / 3)
    assert result.metrics["min_icr"] == approx(min(icr))
    # LLCR at the first operating year: PV at the loan rate of CFADS over the loan life / opening debt
    llcr = (F_CFADS[0] / 1.1 + F_CFADS[1] / 1.1**2 + F_CFADS[2] / 1.1**3) / 500
    assert result.metrics["llcr"] == approx(llcr)  # 2.6917


def test_project_and_equity_cash_flows() -> None:
    result = run(financed_project())
    assert column(result, "project_cf_pre_tax") == approx(F_PRE_TAX)
    assert column(result, "project_cf_post_tax") == approx(F_POST_TAX)
    assert column(result, "equity_cf") == approx(F_EQUITY)
    # NPVs at the discount rate (8 %) and the equity hurdle (12 %), PV at the start of period 1
    assert result.metrics["project_npv_pre_tax"] == approx(pv(0.08, F_PRE_TAX))
    assert result.metrics["project_npv_post_tax"] == approx(pv(0.08, F_POST_TAX))
    assert result.metrics["equity_npv"] == approx(pv(0.12, F_EQUITY))
    # each IRR makes its NPV zero (checked by the hand PV formula and against numpy-financial)
    for key, flows in (
        ("project_irr_pre_tax", F_PRE_TAX),
        ("project_irr_post_tax", F_POST_TAX),
        ("equity_irr", F_EQUITY),
    ):
        rate = result.metrics[key]
        assert rate is not None
        assert pv(rate, flows) == pytest.approx(0.0, abs=1e-6)
        assert rate == pytest.approx(float(npf.irr(flows)), abs=1e-8)


def test_roi_and_roe() -> None:
    result = run(financed_project())
    # ROI = mean EBIT over the operating years / total investment = 266.667 / 1,000
    assert result.metrics["roi"] == approx(F_EBIT / 1000)
    assert result.metrics["roi"] == pytest.approx(0.266667, abs=1e-6)
    # ROE = mean net profit / equity = 174.21 / 500
    assert result.metrics["roe"] == pytest.approx(sum(F_NET) / 3 / 500, abs=1e-9)


def test_irr_and_npv_of_a_one_year_project() -> None:
    # −1,000 in period 1, +1,100 in period 2: IRR 10 % exactly; NPV at 5 % = −1000/1.05 + 1100/1.05² = 45.35
    data = make(timeline={"start_year": 2020, "construction_years": 1, "operation_years": 1})
    data["payment"]["schedule"] = [1100.0]
    result = run(data)
    assert result.metrics["project_irr_pre_tax"] == pytest.approx(0.10, abs=1e-9)
    assert result.metrics["project_npv_pre_tax"] == approx(-1000 / 1.05 + 1100 / 1.05**2)
    assert result.metrics["project_npv_pre_tax"] == approx(45.35)


def test_no_sign_change_has_no_irr() -> None:
    data = make(timeline={"start_year": 2020, "construction_years": 1, "operation_years": 1})
    data["payment"]["schedule"] = [0.0]
    result = run(data)  # −1,000 and nothing back
    assert result.metrics["project_irr_pre_tax"] is None
    assert result.irr_notes["project_irr_pre_tax"] == "none"


# ---------------------------------------------------------------------------------------------------------
# §6 payback
# ---------------------------------------------------------------------------------------------------------


def test_static_and_discounted_payback() -> None:
    data = make(
        timeline={"start_year": 2020, "construction_years": 1, "operation_years": 4},
        rates={"discount_rate": 0.10},
        payment={"method": "schedule", "schedule": [400.0, 400.0, 400.0, 400.0]},
    )
    result = run(data)  # no tax, no debt: CF = −1,000, 400, 400, 400, 400
    # cumulative −1000, −600, −200, 200: first year ≥ 0 is year 4 → P = 4 − 1 + 200 / 400 = 3.5
    assert result.metrics["payback_years"] == approx(3 + 200 / 400)
    # discounted at 10 %: −909.09, 330.58, 300.53, 273.21, 248.37; cumulative −909.09, −578.51, −277.99,
    # −4.78, 243.59 → P = 5 − 1 + 4.78 / 248.37 = 4.019
    discounted = [cf / 1.1**t for t, cf in enumerate([-1000.0, 400.0, 400.0, 400.0, 400.0], start=1)]
    before = sum(discounted[:4])
    assert before == approx(-4.78)
    assert result.metrics["discounted_payback_years"] == approx(4 + abs(before) / discounted[4])
    assert result.metrics["discounted_payback_years"] == approx(4.0193)


def test_payback_none_when_never_recovered() -> None:
    data = make(payment={"method": "schedule", "schedule": [100.0, 100.0, 100.0]})
    result = run(data)  # −1,000 then 300 in all
    assert result.metrics["payback_years"] is None


# ---------------------------------------------------------------------------------------------------------
# §7 fiscal expenditure and affordability
# ---------------------------------------------------------------------------------------------------------


def fiscal_project(**fiscal: Any) -> dict[str, Any]:
    # capex 600 and 400 (2 years), 50 % equity with a 20 % government share, interest-free loan;
    # schedule payment 500 in each of 2 operating years. base_year 2018 ≠ start_year 2020 on purpose:
    # the budget grows from start_year.
    return make(
        timeline={"start_year": 2020, "construction_years": 2, "operation_years": 2, "base_year": 2018},
        capex=[{"name": "Build", "amounts": [600.0, 400.0]}],
        financing={"equity_ratio": 0.5, "government_equity_share": 0.2, "tenor_years": 2},
        payment={"method": "schedule", "schedule": [500.0, 500.0]},
        fiscal={
            "general_budget": 10000.0,
            "budget_growth": 0.10,
            "other_ppp_expenditure": [100.0, 100.0, 200.0, 200.0],
            "supporting_inputs": [10.0, 0.0, 5.0, 5.0],
            **fiscal,
        },
    )


def test_fiscal_expenditure_by_type_ratio_method_and_affordability() -> None:
    result = run(fiscal_project(risk_ratio=0.10))
    lines = result.batch.lines
    equity = [0.2 * 0.5 * 600, 0.2 * 0.5 * 400, 0.0, 0.0]  # 60, 40
    payments = [0.0, 0.0, 500.0, 500.0]
    risk = [0.10 * 600, 0.10 * 400, 0.10 * 500, 0.10 * 500]  # × capex in construction, × payment in operation
    supporting = [10.0, 0.0, 5.0, 5.0]
    assert lines.equity_expenditure[0].tolist() == approx(equity)
    assert lines.risk_expenditure[0].tolist() == approx(risk)
    assert lines.supporting_expenditure[0].tolist() == approx(supporting)
    total = [e + p + r + s for e, p, r, s in zip(equity, payments, risk, supporting, strict=True)]
    assert total == approx([130.0, 80.0, 555.0, 555.0])
    assert column(result, "fiscal_expenditure") == approx(total)
    budget = [10000.0, 11000.0, 12100.0, 13310.0]  # 10,000 in start_year 2020, +10 % a year
    other = [100.0, 100.0, 200.0, 200.0]
    ratios = [(t + o) / b for t, o, b in zip(total, other, budget, strict=True)]
    # 0.0230, 0.01636, 0.06240, 0.05672
    assert column(result, "affordability_ratio") == pytest.approx(ratios, abs=1e-9)
    assert result.metrics["max_affordability_ratio"] == pytest.approx(755 / 12100, abs=1e-9)


def test_fiscal_risk_by_scenario_method() -> None:
    scenarios = [
        {"name": "base", "probability": 0.5, "expenditure": [0.0, 0.0, 10.0, 10.0]},
        {"name": "adverse", "probability": 0.3, "expenditure": [0.0, 0.0, 20.0, 20.0]},
        {"name": "worst", "probability": 0.2, "expenditure": [5.0, 5.0, 50.0, 50.0]},
    ]
    result = run(fiscal_project(risk_scenarios=scenarios))
    # Σ probability × expenditure: 0.2 × 5 = 1 in construction; 5 + 6 + 10 = 21 in operation
    risk = [1.0, 1.0, 0.5 * 10 + 0.3 * 20 + 0.2 * 50, 21.0]
    assert result.batch.lines.risk_expenditure[0].tolist() == approx(risk)
    assert column(result, "fiscal_expenditure") == approx(
        [60 + 1 + 10, 40 + 1 + 0, 500 + 21 + 5, 500 + 21 + 5]
    )


def test_affordability_absent_without_fiscal_table() -> None:
    result = run(make())
    assert result.metrics["max_affordability_ratio"] is None
    assert column(result, "affordability_ratio") == [None] * 4


# ---------------------------------------------------------------------------------------------------------
# §8 value for money
# ---------------------------------------------------------------------------------------------------------


def vfm_project(**fiscal: Any) -> dict[str, Any]:
    # capex 1,000 (2020), all equity, government share 10 % → 100 of 股权投资 in period 1;
    # O&M 100 in 2020 prices at inflation 10 %: 110, 121; schedule 600 + O&M (p_om 0) → payments 710, 721;
    # 配套投入 20 in period 1
    return make(
        timeline={"start_year": 2020, "construction_years": 1, "operation_years": 2},
        rates={"discount_rate": 0.05, "inflation": 0.10},
        capex=[{"name": "Build", "amount": 1000.0, "phasing": [1.0]}],
        opex=[{"name": "O&M", "amount": 100.0}],
        financing={"equity_ratio": 1.0, "government_equity_share": 0.1},
        payment={"method": "schedule", "schedule": [600.0, 600.0]},
        fiscal={"general_budget": 1_000_000.0, "supporting_inputs": [20.0, 0.0, 0.0], **fiscal},
        vfm={
            "psc_construction_cost": 1200.0,
            "psc_om_cost": 150.0,
            "competitive_neutrality": 30.0,
            "transferable_risk": 80.0,
            "retained_risk": 40.0,
        },
    )


PSC = (
    1200 / 1.05  # the PSC construction cost on the project's profile (2020, factor 1)
    + 150 * 1.1 / 1.05**2  # PSC O&M 150 in 2020 prices on the project's O&M profile: 165, 181.5
    + 150 * 1.21 / 1.05**3
    + 30  # competitive neutrality (PV amount)
    + 80
    + 40  # transferable + retained risk (PV amounts)
)  # 1,599.30


def test_vfm_amount_and_index() -> None:
    result = run(vfm_project())
    assert column(result, "government_payment") == approx([0.0, 710.0, 721.0])
    ppp_value = (100 + 20) / 1.05 + 710 / 1.05**2 + 721 / 1.05**3 + 40  # 1,421.10
    assert approx(1599.30) == PSC
    assert ppp_value == approx(1421.10)
    assert result.metrics["vfm_amount"] == approx(PSC - ppp_value)  # 178.20
    assert result.metrics["vfm_index"] == pytest.approx((PSC - ppp_value) / PSC, abs=1e-6)  # 0.1114
    assert result.batch.metrics.psc is not None
    assert float(result.batch.metrics.psc[0]) == approx(PSC)


def test_vfm_psc_defaults_to_the_projects_own_costs() -> None:
    data = vfm_project()
    data["vfm"] = {"competitive_neutrality": 30.0, "transferable_risk": 80.0, "retained_risk": 40.0}
    result = run(data)
    psc = 1000 / 1.05 + 110 / 1.05**2 + 121 / 1.05**3 + 30 + 80 + 40  # capex total and O&M by default
    ppp_value = 120 / 1.05 + 710 / 1.05**2 + 721 / 1.05**3 + 40
    assert result.metrics["vfm_amount"] == approx(psc - ppp_value)


def test_vfm_ppp_value_is_the_pv_of_the_fiscal_expenditure_including_its_risk_line() -> None:
    # Methodology §8: "PPP value = PV(the government expenditure of §7, retained risk included)"; §7's
    # expenditure is 股权投资 + 运营补贴 + 风险承担 + 配套投入 (财金〔2015〕167号 art. 26 equates the PPP
    # value with the PV of exactly these four lines). With a risk line of 10 % (× capex 1,000 in construction,
    # × payment in operation): risk = 100, 71, 72.1. The §7 risk line is the government's retained risk.
    result = run(vfm_project(risk_ratio=0.10))
    assert result.batch.lines.risk_expenditure[0].tolist() == approx([100.0, 71.0, 72.1])
    fiscal = [100 + 20 + 100, 710 + 71, 721 + 72.1]
    assert column(result, "fiscal_expenditure") == approx(fiscal)
    ppp_value = fiscal[0] / 1.05 + fiscal[1] / 1.05**2 + fiscal[2] / 1.05**3  # 1,603.02
    assert result.batch.metrics.ppp_value is not None
    assert float(result.batch.metrics.ppp_value[0]) == approx(ppp_value)
    assert result.metrics["vfm_amount"] == approx(PSC - ppp_value)  # −3.72


# ---------------------------------------------------------------------------------------------------------
# cross-checks on every sample project
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=SAMPLES, ids=[path.stem for path in SAMPLES])
def sample(request: pytest.FixtureRequest) -> tuple[Any, Evaluation]:
    project = load_project(request.param).project
    return project, evaluate(project)


def test_there_are_sample_projects() -> None:
    assert len(SAMPLES) >= 3


def test_sample_npvs_and_irrs_agree_with_numpy_financial(sample: tuple[Any, Evaluation]) -> None:
    project, result = sample
    metrics = result.metrics
    rate = project.rates.discount_rate
    pre = column(result, "project_cf_pre_tax")
    post = column(result, "project_cf_post_tax")
    equity = column(result, "equity_cf")
    payments = column(result, "government_payment")
    # npf.npv discounts its first element by 0 periods: a leading 0 puts CF_1 at the end of period 1
    assert metrics["project_npv_pre_tax"] == pytest.approx(npf.npv(rate, [0.0, *pre]), rel=1e-9, abs=1e-6)
    assert metrics["project_npv_post_tax"] == pytest.approx(npf.npv(rate, [0.0, *post]), rel=1e-9, abs=1e-6)
    assert metrics["government_pv"] == pytest.approx(npf.npv(rate, [0.0, *payments]), rel=1e-9, abs=1e-6)
    hurdle = project.rates.equity_hurdle_rate
    if hurdle is not None:
        assert metrics["equity_npv"] == pytest.approx(npf.npv(hurdle, [0.0, *equity]), rel=1e-9, abs=1e-6)
    else:
        assert metrics["equity_npv"] is None
    for key, flows in (("project_irr_pre_tax", pre), ("project_irr_post_tax", post), ("equity_irr", equity)):
        irr = metrics[key]
        if irr is None:
            # never a silent number: no root in range ("none"), or several roots, each a zero of the NPV
            note = result.irr_notes[key]
            if note == "none":
                reference = float(npf.irr(flows))
                assert math.isnan(reference) or not -0.99 < reference < 10.0, key
            else:
                assert note.startswith("multiple: "), note
                for root in note.removeprefix("multiple: ").split(", "):
                    scale = max(abs(flow) for flow in flows)
                    assert pv(float(root), flows) == pytest.approx(0.0, abs=1e-6 * scale), key
            continue
        # IRR is invariant to where the flows start: npf.irr on CF_1..CF_N is our IRR
        assert irr == pytest.approx(float(npf.irr(flows)), abs=1e-9), key
        # the NPV at the IRR is zero (relative to the size of the flows)
        scale = max(abs(flow) for flow in flows)
        assert npf.npv(irr, [0.0, *flows]) == pytest.approx(0.0, abs=1e-9 * scale), key
        assert pv(irr, flows) == pytest.approx(0.0, abs=1e-9 * scale), key


def test_sample_annual_identities(sample: tuple[Any, Evaluation]) -> None:
    project, result = sample
    years = result.years
    tax_rate = project.tax.income_tax_rate
    tolerance = 1e-6
    for row in years:
        revenue = row["government_payment"] + row["user_revenue"]
        assert revenue - row["opex"] == pytest.approx(row["ebitda"], abs=tolerance)
        assert row["ebitda"] - row["depreciation"] == pytest.approx(row["ebit"], abs=tolerance)
        assert row["ebit"] - row["interest"] - row["income_tax"] == pytest.approx(
            row["net_profit"], abs=tolerance
        )
        cfads = row["ebitda"] - row["income_tax"] - row["lifecycle_capex"]
        assert row["cfads"] == pytest.approx(cfads, abs=tolerance)
        assert row["capex"] == pytest.approx(row["equity_draw"] + row["debt_draw"], abs=tolerance)
        equity_cf = (
            -row["equity_draw"]
            + revenue
            - row["opex"]
            - row["lifecycle_capex"]
            - row["interest"]
            - row["principal"]
            - row["income_tax"]
        )
        assert row["equity_cf"] == pytest.approx(equity_cf, abs=tolerance)
        pre_tax = revenue - row["opex"] - row["capex"] - row["lifecycle_capex"]
        assert row["project_cf_pre_tax"] == pytest.approx(pre_tax, abs=tolerance)
        post_tax = pre_tax - tax_rate * max(0.0, row["ebit"])
        assert row["project_cf_post_tax"] == pytest.approx(post_tax, abs=tolerance)
        service = row["interest"] + row["principal"]
        if service > 0:
            assert row["dscr"] == pytest.approx(row["cfads"] / service, rel=1e-12)
        else:
            assert row["dscr"] is None
        if row["interest"] > 0:
            assert row["icr"] == pytest.approx(row["ebit"] / row["interest"], rel=1e-12)
        assert row["government_payment"] >= 0.0
        netted = row["user_revenue"] if project.project.payment_mode == "viability-gap" else 0.0
        gross = row["availability_payment"] + row["om_payment"] - netted
        assert row["government_payment"] == pytest.approx(max(0.0, gross), abs=tolerance)
    # the debt balance rolls forward: opening + draws + IDC − principal = next opening
    for row, following in itertools.pairwise(years):
        closing = row["debt_opening"] + row["debt_draw"] + row["idc"] - row["principal"]
        assert following["debt_opening"] == pytest.approx(closing, abs=tolerance)
    last = years[-1]
    assert last["debt_opening"] - last["principal"] == pytest.approx(0.0, abs=tolerance)
    # totals: construction investment, IDC, total investment
    metrics = result.metrics
    construction = sum(row["capex"] for row in years)
    idc = sum(row["idc"] for row in years)
    assert metrics["construction_investment"] == pytest.approx(construction, rel=1e-12)
    assert metrics["idc"] == pytest.approx(idc, rel=1e-12)
    assert metrics["total_investment"] == pytest.approx(construction + idc, rel=1e-12)
    # every loan (annuity, equal-principal and a feasible sculpted one) is repaid: Σ principal = debt at COD
    construction_years = project.timeline.construction_years
    debt_at_cod = years[construction_years]["debt_opening"]
    assert debt_at_cod == pytest.approx(sum(row["debt_draw"] + row["idc"] for row in years), rel=1e-12)
    assert sum(row["principal"] for row in years) == pytest.approx(debt_at_cod, rel=1e-12)
    # DSCR summary and LLCR
    dscrs = [row["dscr"] for row in years if row["dscr"] is not None]
    assert metrics["min_dscr"] == pytest.approx(min(dscrs), rel=1e-12)
    assert metrics["mean_dscr"] == pytest.approx(sum(dscrs) / len(dscrs), rel=1e-12)
    tenor = project.financing.tenor_years
    loan_rate = project.financing.loan_rate
    cfads = [row["cfads"] for row in years[construction_years : construction_years + tenor]]
    assert metrics["llcr"] == pytest.approx(pv(loan_rate, cfads) / debt_at_cod, rel=1e-9)
    # ROI and ROE over the operating years
    operating = years[construction_years:]
    equity = sum(row["equity_draw"] for row in years)
    mean_ebit = sum(row["ebit"] for row in operating) / len(operating)
    mean_profit = sum(row["net_profit"] for row in operating) / len(operating)
    assert metrics["roi"] == pytest.approx(mean_ebit / metrics["total_investment"], rel=1e-9)
    assert metrics["roe"] == pytest.approx(mean_profit / equity, rel=1e-9)


def test_sample_fiscal_lines(sample: tuple[Any, Evaluation]) -> None:
    project, result = sample
    fiscal = project.fiscal
    lines = result.batch.lines
    years = result.years
    ratios = []
    for index, row in enumerate(years):
        # 股权投资 + 运营补贴 + 风险承担 + 配套投入 (methodology §7)
        equity = project.financing.government_equity_share * row["equity_draw"]
        risk = 0.0
        supporting = 0.0
        if fiscal is not None and fiscal.risk_scenarios:
            risk = sum(s.probability * s.expenditure[index] for s in fiscal.risk_scenarios)
        elif fiscal is not None:
            base = row["government_payment"] if row["phase"] == "operation" else row["capex"]
            risk = (fiscal.risk_ratio or 0.0) * base
        if fiscal is not None and fiscal.supporting_inputs:
            supporting = fiscal.supporting_inputs[index]
        expected = equity + row["government_payment"] + risk + supporting
        assert row["fiscal_expenditure"] == pytest.approx(expected, rel=1e-12, abs=1e-9)
        assert float(lines.risk_expenditure[0, index]) == pytest.approx(risk, rel=1e-12, abs=1e-9)
        if fiscal is None:
            assert row["affordability_ratio"] is None
            continue
        other = fiscal.other_ppp_expenditure[index] if fiscal.other_ppp_expenditure else 0.0
        budget = fiscal.general_budget * (1 + fiscal.budget_growth) ** index  # from start_year
        ratios.append((expected + other) / budget)
        assert row["affordability_ratio"] == pytest.approx(ratios[-1], rel=1e-9)
    if fiscal is None:
        assert result.metrics["max_affordability_ratio"] is None
    else:
        assert result.metrics["max_affordability_ratio"] == pytest.approx(max(ratios), rel=1e-9)


def test_sample_public_sector_comparator(sample: tuple[Any, Evaluation]) -> None:
    project, result = sample
    vfm = project.vfm
    if vfm is None:
        assert result.metrics["vfm_amount"] is None
        assert result.metrics["vfm_index"] is None
        return
    rate = project.rates.discount_rate
    # the PSC's construction and O&M costs (base-year prices) laid on the project's own nominal profiles;
    # the public sector refreshes the same equipment at its own construction cost level
    base_capex = sum(
        item.amount if item.amounts is None else sum(item.amounts)  # type: ignore[operator, arg-type]
        for item in project.capex
        if not item.lifecycle
    )
    base_opex = sum(item.amount for item in project.opex)
    construction = vfm.psc_construction_cost if vfm.psc_construction_cost is not None else base_capex
    operation = vfm.psc_om_cost if vfm.psc_om_cost is not None else base_opex
    profile = [
        (row["capex"] + row["lifecycle_capex"]) * construction / base_capex
        + row["opex"] * operation / base_opex
        for row in result.years
    ]
    psc = pv(rate, profile) + vfm.competitive_neutrality + vfm.transferable_risk + vfm.retained_risk
    assert result.batch.metrics.psc is not None
    assert float(result.batch.metrics.psc[0]) == pytest.approx(psc, rel=1e-9)
    # PPP value: PV of the §7 expenditure; the retained risk counted once — as the fiscal risk line where
    # [fiscal] has one, else as the [vfm] PV amount
    fiscal = project.fiscal
    has_risk_line = fiscal is not None and ((fiscal.risk_ratio or 0.0) > 0.0 or bool(fiscal.risk_scenarios))
    expenditure = [row["fiscal_expenditure"] for row in result.years]
    ppp_value = pv(rate, expenditure) + (0.0 if has_risk_line else vfm.retained_risk)
    assert result.batch.metrics.ppp_value is not None
    assert float(result.batch.metrics.ppp_value[0]) == pytest.approx(ppp_value, rel=1e-9)
    assert result.metrics["vfm_amount"] == pytest.approx(psc - ppp_value, rel=1e-9, abs=1e-6)
    assert result.metrics["vfm_index"] == pytest.approx((psc - ppp_value) / psc, rel=1e-9, abs=1e-12)


def test_sample_payback(sample: tuple[Any, Evaluation]) -> None:
    project, result = sample
    rate = project.rates.discount_rate

    def payback(flows: list[float]) -> float | None:
        cumulative = 0.0
        for year, flow in enumerate(flows, start=1):
            before = cumulative
            cumulative += flow
            if cumulative >= 0.0 and before < 0.0:
                return year - 1 + abs(before) / flow
        return None

    flows = column(result, "project_cf_post_tax")
    static = payback(flows)
    discounted = payback([flow / (1 + rate) ** t for t, flow in enumerate(flows, start=1)])
    assert result.metrics["payback_years"] == (None if static is None else pytest.approx(static, rel=1e-12))
    assert result.metrics["discounted_payback_years"] == (
        None if discounted is None else pytest.approx(discounted, rel=1e-12)
    )
