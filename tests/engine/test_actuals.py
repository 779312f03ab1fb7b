"""Recorded payments and costs replace the planned ones in the evaluation (actual vs plan) where recorded."""

from __future__ import annotations

import numpy as np
import pytest

from ppp.engine import compile_project, evaluate_batch
from ppp.engine.evaluation import BatchEvaluation
from ppp.engine.inputs import ModelInputs, with_actuals
from ppp.model import load_project

SAMPLE = "sample_projects/yangxin_smart_city_bot.toml"


def test_recorded_payments_replace_the_plan_in_their_years_only() -> None:
    inputs = compile_project(load_project(SAMPLE).project)
    planned = evaluate_batch(inputs)
    year = int(inputs.timeline.years[inputs.timeline.construction_years])
    cut = float(planned.lines.government_payment[0, inputs.timeline.construction_years]) * 0.9
    actual = evaluate_batch(with_actuals(inputs, payments={year: cut}))
    payments = actual.lines.government_payment[0]
    assert payments[inputs.timeline.construction_years] == pytest.approx(cut)
    others = np.arange(inputs.timeline.periods) != inputs.timeline.construction_years
    assert np.array_equal(payments[others], planned.lines.government_payment[0][others])
    # less paid: the vendor's realised equity IRR falls, the government's PV falls
    assert actual.metrics.values["equity_irr"][0] < planned.metrics.values["equity_irr"][0]
    assert actual.metrics.values["government_pv"][0] < planned.metrics.values["government_pv"][0]


def test_a_year_outside_the_contract_is_refused() -> None:
    inputs = compile_project(load_project(SAMPLE).project)
    with pytest.raises(ValueError, match="not a year of the contract period"):
        with_actuals(inputs, payments={1990: 1.0})


def _planned() -> tuple[ModelInputs, BatchEvaluation]:
    inputs = compile_project(load_project(SAMPLE).project)
    return inputs, evaluate_batch(inputs)


def test_recording_the_planned_amounts_changes_nothing() -> None:
    inputs, planned = _planned()
    years = inputs.timeline.years.tolist()
    same = evaluate_batch(
        with_actuals(
            inputs,
            payments={year: float(planned.lines.government_payment[0, i]) for i, year in enumerate(years)},
            opex={year: float(planned.lines.opex[0, i]) for i, year in enumerate(years)},
            capex={
                year: float(planned.lines.capex[0, i] + planned.lines.lifecycle_capex[0, i])
                for i, year in enumerate(years)
            },
        )
    )
    for name in ("government_payment", "ebitda", "cfads", "equity_cf", "idc", "debt_draw", "income_tax"):
        assert np.array_equal(getattr(same.lines, name), getattr(planned.lines, name)), name


def test_recorded_opex_moves_the_cost_line_but_not_the_payment() -> None:
    inputs, planned = _planned()
    first_operating = inputs.timeline.construction_years
    year = int(inputs.timeline.years[first_operating])
    overrun = 150.0
    actual_opex = float(planned.lines.opex[0, first_operating]) + overrun
    actual = evaluate_batch(with_actuals(inputs, opex={year: actual_opex}))
    # the contract's O&M term rests on the planned costs: every payment is unchanged
    assert np.array_equal(actual.lines.government_payment, planned.lines.government_payment)
    assert np.array_equal(actual.lines.om_term, planned.lines.om_term)
    assert actual.lines.opex[0, first_operating] == actual_opex
    assert actual.lines.ebitda[0, first_operating] == pytest.approx(
        planned.lines.ebitda[0, first_operating] - overrun, abs=1e-9
    )
    later = np.arange(inputs.timeline.periods) != first_operating
    assert np.array_equal(actual.lines.opex[0, later], planned.lines.opex[0, later])
    assert actual.metrics.values["equity_irr"][0] < planned.metrics.values["equity_irr"][0]


def test_recorded_construction_capex_is_financed_like_the_plan_and_leaves_the_payment() -> None:
    inputs, planned = _planned()
    assert inputs.timeline.construction_years >= 1
    year = int(inputs.timeline.years[0])
    overrun = 1_000.0
    spent = float(planned.lines.capex[0, 0]) + overrun
    actual = evaluate_batch(with_actuals(inputs, capex={year: spent}))
    equity_ratio = float(inputs.equity_ratio[0])
    assert actual.lines.capex[0, 0] == spent
    # drawn with the same split: the extra 1,000 is equity_ratio equity and the rest debt
    assert actual.lines.equity_draw[0, 0] - planned.lines.equity_draw[0, 0] == pytest.approx(
        overrun * equity_ratio, rel=1e-12
    )
    assert actual.lines.debt_draw[0, 0] - planned.lines.debt_draw[0, 0] == pytest.approx(
        overrun * (1.0 - equity_ratio), rel=1e-12
    )
    # more debt drawn, more interest capitalised; the investment grows by both
    assert actual.lines.idc_total[0] > planned.lines.idc_total[0]
    assert actual.lines.total_investment[0] - planned.lines.total_investment[0] == pytest.approx(
        overrun + actual.lines.idc_total[0] - planned.lines.idc_total[0], rel=1e-12
    )
    # the SPV bears the overrun: the government pays what the contract says
    assert np.array_equal(actual.lines.government_payment, planned.lines.government_payment)
    assert actual.metrics.values["equity_irr"][0] < planned.metrics.values["equity_irr"][0]


def test_recorded_capex_in_an_operating_year_is_refresh_spending() -> None:
    inputs, planned = _planned()
    index = inputs.timeline.construction_years + 2
    year = int(inputs.timeline.years[index])
    spent = float(planned.lines.lifecycle_capex[0, index]) + 300.0
    actual = evaluate_batch(with_actuals(inputs, capex={year: spent}))
    assert actual.lines.lifecycle_capex[0, index] == spent
    assert np.array_equal(actual.lines.capex, planned.lines.capex)
    assert actual.lines.cfads[0, index] == pytest.approx(planned.lines.cfads[0, index] - 300.0, abs=1e-9)


@pytest.mark.parametrize("amount", [-1.0, float("nan"), float("inf")])
def test_a_negative_or_non_finite_amount_is_refused(amount: float) -> None:
    inputs = compile_project(load_project(SAMPLE).project)
    year = int(inputs.timeline.years[0])
    with pytest.raises(ValueError, match="finite number ≥ 0"):
        with_actuals(inputs, opex={year: amount})
