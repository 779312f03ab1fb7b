"""VfM by hand: the PSC includes lifecycle refreshes at the PSC's cost level; retained risk counted once."""

from __future__ import annotations

from typing import Any

import pytest

from ppp.engine import evaluate
from ppp.model import validate_data


def project(risk_ratio: float | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": "ppp-project/1",
        "project": {"name": "VfM by hand"},
        "timeline": {"start_year": 2024, "construction_years": 1, "operation_years": 2},
        "rates": {"discount_rate": 0.05},
        "capex": [
            {"name": "build", "amount": 1000.0, "phasing": [1.0]},
            {"name": "refresh", "amount": 100.0, "lifecycle": True, "operating_years": [2]},
        ],
        "opex": [{"name": "O&M", "amount": 50.0}],
        "financing": {"equity_ratio": 1.0},
        "payment": {"method": "schedule", "schedule": [300.0, 400.0]},
        "vfm": {
            "psc_construction_cost": 1100.0,
            "psc_om_cost": 60.0,
            "competitive_neutrality": 10.0,
            "transferable_risk": 20.0,
            "retained_risk": 30.0,
        },
    }
    if risk_ratio is not None:
        data["fiscal"] = {"general_budget": 100_000.0, "risk_ratio": risk_ratio}
    return data


# PSC costs: 1,000 × 1.1 in year 1; O&M 60 in years 2 and 3; the refresh 100 × 1.1 in year 3
PSC = 1100 / 1.05 + 60 / 1.05**2 + (60 + 110) / 1.05**3 + 10 + 20 + 30  # 1,308.89
# payments: schedule + O&M × (1 + 0 profit) = 350 and 450
PAYMENTS_PV = 350 / 1.05**2 + 450 / 1.05**3


@pytest.mark.parametrize("risk_ratio", [None, 0.0])
def test_without_a_risk_line_the_vfm_retained_risk_enters_the_ppp_value(risk_ratio: float | None) -> None:
    result = evaluate(validate_data(project(risk_ratio)).project)
    ppp_value = PAYMENTS_PV + 30  # 736.19
    assert result.batch.metrics.psc is not None
    assert float(result.batch.metrics.psc[0]) == pytest.approx(PSC, abs=0.01)
    assert result.metrics["vfm_amount"] == pytest.approx(PSC - ppp_value, abs=0.01)
    assert result.metrics["vfm_index"] == pytest.approx((PSC - ppp_value) / PSC, abs=1e-6)


def test_a_fiscal_risk_line_is_the_retained_risk() -> None:
    result = evaluate(validate_data(project(0.10)).project)
    # risk: 10 % of capex in year 1, of the payment in years 2 and 3
    ppp_value = 100 / 1.05 + (350 + 35) / 1.05**2 + (450 + 45) / 1.05**3
    assert result.metrics["vfm_amount"] == pytest.approx(PSC - ppp_value, abs=0.01)
