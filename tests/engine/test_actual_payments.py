"""Recorded payments replace planned ones in the evaluation (actual vs plan), and only where recorded."""

from __future__ import annotations

import numpy as np
import pytest

from ppp.engine import compile_project, evaluate_batch
from ppp.engine.inputs import with_actual_payments
from ppp.model import load_project

SAMPLE = "sample_projects/yangxin_smart_city_bot.toml"


def test_recorded_payments_replace_the_plan_in_their_years_only() -> None:
    inputs = compile_project(load_project(SAMPLE).project)
    planned = evaluate_batch(inputs)
    year = int(inputs.timeline.years[inputs.timeline.construction_years])
    cut = float(planned.lines.government_payment[0, inputs.timeline.construction_years]) * 0.9
    actual = evaluate_batch(with_actual_payments(inputs, {year: cut}))
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
        with_actual_payments(inputs, {1990: 1.0})
