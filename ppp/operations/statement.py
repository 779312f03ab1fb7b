"""The payment statement: KPI readings → scores, points, deductions and the actual payment of each year.

Semantics are those of project-file.md ("KPI framework", normative) and methodology §4 and §11:

- A scored KPI scores ``weight × clamp(1 − shortfall / tolerance, 0, 1)``; the month's score is the sum
  over the scored KPIs, a scored KPI without a reading that month scoring 0 (its line is flagged
  ``missing``). The year's score is the mean of the scores of its months with at least one reading, and its
  payment coefficient comes from ``payment.score_bands`` (1.0 without bands). Scores are rounded to 9
  decimals so that float noise (89.99999999999999 for 90) never moves a year into another band. A project
  without scored KPIs has no measured score: its years keep the planned score (``payment.expected_score``)
  and coefficient.
- A points KPI costs ``points_per_unit × shortfall`` points; a month's points are priced band by band
  (:func:`ppp.operations.deductions.price_points`; nothing without ``[deductions]``).
- Payments (methodology §4): ``payment_before_deductions = linked_payment(A_k, M_k, U_k, linked_share, c_k)``
  with the year's measured coefficient c_k and the engine's A_k, M_k, U_k of that year; ``planned_payment`` is
  the same formula at the planned coefficient (the expected score).

Money (methodology §11) is :class:`~decimal.Decimal`, rounded half-up to :func:`minor_unit` of the project's
money unit: each float from the engine is taken exactly as its shortest repr (``Decimal(repr(x))``) and then
rounded. Then, exactly in Decimal:

- a month's deduction = min(round(price of its points), cap) with cap = payment_before_deductions / 12 rounded
  **down** to the minor unit, so a capped month never exceeds a twelfth of the payment;
- the year's deduction = Σ its months' deductions. With at most 12 months each ≤ a twelfth the year can never
  exceed the payment; the year cap is still applied for safety by lowering the latest months first, so that
  ``deduction == Σ months`` holds after every cap;
- ``actual_payment = payment_before_deductions − deduction`` (never negative).

Each month's deduction is attributed to its points KPIs pro rata to their points (the statement shows the
money each KPI cost): in whole minor units, by largest remainder (ties to the earlier KPI of the project),
so the KPI lines of a month add up exactly to the month's deduction. Scored KPIs cost no deduction (they act
through the coefficient).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ppp.engine.annual import linked_payment
from ppp.engine.evaluation import Evaluation
from ppp.engine.inputs import payment_coefficient
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Kpi, Project
from ppp.operations.deductions import MONTHS, price_points
from ppp.operations.readings import Reading, parse_period, value_problem
from ppp.operations.scoring import kpi_points, kpi_score, shortfall

SCORE_DECIMALS = 9

_MINOR_UNITS = {
    "元": Decimal("0.01"),
    "万元": Decimal("0.000001"),
    "亿元": Decimal("0.0000000001"),
}


def minor_unit(money_unit: str) -> Decimal:
    """The smallest amount of ``money_unit`` that is paid: the fen (分, 0.01 元) expressed in that unit.

    Examples
    --------
    >>> minor_unit("元"), minor_unit("万元"), minor_unit("亿元"), minor_unit("EUR")
    (Decimal('0.01'), Decimal('0.000001'), Decimal('1E-10'), Decimal('0.01'))
    """
    return _MINOR_UNITS.get(money_unit.strip(), Decimal("0.01"))


def round_money(amount: float | Decimal, unit: Decimal) -> Decimal:
    """``amount`` rounded half-up to ``unit`` (a float is read exactly as its shortest repr).

    Examples
    --------
    >>> round_money(2.675, Decimal("0.01")), round_money(Decimal("0.125"), Decimal("0.01"))
    (Decimal('2.68'), Decimal('0.13'))
    """
    exact = amount if isinstance(amount, Decimal) else Decimal(repr(float(amount)))
    return exact.quantize(unit, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KpiLine:
    """One KPI in one month: its reading, its score (scored KPIs) or points (points KPIs) and its cost."""

    kpi_id: str
    name: str
    unit: str
    value: Decimal | None
    score: float | None
    points: float | None
    deduction: Decimal
    missing: bool


@dataclass(frozen=True)
class MonthStatement:
    period: str
    score: float
    points: float
    deduction: Decimal
    lines: list[KpiLine]


@dataclass(frozen=True)
class YearStatement:
    year: int
    operating_year: int
    months_recorded: int
    score: float
    coefficient: float
    points: float
    planned_payment: Decimal
    payment_before_deductions: Decimal
    deduction: Decimal
    actual_payment: Decimal
    months: list[MonthStatement]


def payment_statements(
    project: Project, evaluation: Evaluation, readings: Sequence[Reading]
) -> list[YearStatement]:
    """The statement of every calendar year with readings, in year order.

    ``evaluation`` is ``evaluate(project)`` (its batch lines give A_k, M_k and U_k). The readings are checked
    again (a caller may build them without :func:`parse_readings_csv`).

    Raises
    ------
    ProjectError
        Path ``readings``: a reading of an unknown KPI, with a bad period or value, two different values for
        one (kpi_id, period), or a period outside the operating years (the period is named).
    """
    by_id = {kpi.id: kpi for kpi in project.kpis}
    timeline = evaluation.batch.inputs.timeline
    years = timeline.years.tolist()
    operating = timeline.operating.tolist()
    operating_years = [year for year, runs in zip(years, operating, strict=True) if runs]
    table = _check(readings, by_id, operating_years)

    lines = evaluation.batch.lines
    inputs = evaluation.batch.inputs
    unit = minor_unit(project.project.money_unit)
    bands = project.payment.score_bands
    statements: list[YearStatement] = []
    for year in sorted(table):
        index = years.index(year)
        months = [_month(period, table[year][period], project.kpis) for period in sorted(table[year])]
        if any(kpi.weight is not None for kpi in project.kpis):
            score = round(sum(month.score for month in months) / len(months), SCORE_DECIMALS)
            coefficient = payment_coefficient(score, bands)
        else:
            score = float(project.payment.expected_score)
            coefficient = float(inputs.payment_coefficient[0, index])

        def payment(c: float, at: int = index) -> Decimal:
            _, _, amount = linked_payment(
                lines.availability_term[:1, at],
                lines.om_term[:1, at],
                lines.netted_revenue[:1, at],
                np.array([project.payment.linked_share]),
                np.array([c]),
            )
            return round_money(float(amount[0]), unit)

        planned = payment(float(inputs.payment_coefficient[0, index]))
        before = payment(coefficient)
        months = _apply_caps(months, before, unit, project)
        deduction = sum((month.deduction for month in months), Decimal(0))
        statements.append(
            YearStatement(
                year=year,
                operating_year=int(timeline.operating_year[index]),
                months_recorded=len(months),
                score=score,
                coefficient=float(coefficient),
                points=math.fsum(month.points for month in months),
                planned_payment=planned,
                payment_before_deductions=before,
                deduction=deduction,
                actual_payment=before - deduction,
                months=months,
            )
        )
    return statements


def statements_json(statements: Sequence[YearStatement], money_unit: str | None = None) -> dict[str, Any]:
    """The ``ppp payments --json`` object.

    Money is written as JSON numbers: ``float(d)`` of the rounded Decimal (the nearest double; its repr shows
    the rounded amount exactly while it has at most 15 significant digits). ``money_unit`` and
    ``minor_unit`` (a number too) are given when ``money_unit`` is.
    """
    document: dict[str, Any] = {}
    if money_unit is not None:
        document["money_unit"] = money_unit
        document["minor_unit"] = float(minor_unit(money_unit))
    document["years"] = [
        {
            "year": statement.year,
            "score": statement.score,
            "coefficient": statement.coefficient,
            "points": statement.points,
            "planned_payment": float(statement.planned_payment),
            "deduction": float(statement.deduction),
            "actual_payment": float(statement.actual_payment),
            "months": [
                {
                    "period": month.period,
                    "score": month.score,
                    "points": month.points,
                    "deduction": float(month.deduction),
                }
                for month in statement.months
            ],
        }
        for statement in statements
    ]
    return document


def _check(
    readings: Sequence[Reading], by_id: dict[str, Kpi], operating_years: list[int]
) -> dict[int, dict[str, dict[str, Decimal]]]:
    """Readings by year, period and KPI; every broken rule as one ProjectError (path ``readings``)."""
    problems: list[Problem] = []
    table: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    outside: set[str] = set()
    first, last = (operating_years[0], operating_years[-1]) if operating_years else (0, 0)
    for reading in readings:
        kpi = by_id.get(reading.kpi_id)
        parsed = parse_period(reading.period)
        if kpi is None:
            problems.append(
                Problem(
                    "readings",
                    "readings.unknown_kpi",
                    reading.kpi_id,
                    {"id": reading.kpi_id, "known": ", ".join(sorted(by_id)) or "-"},
                )
            )
            continue
        if parsed is None:
            problems.append(Problem("readings", "readings.bad_period", reading.period))
            continue
        if not reading.value.is_finite():
            problems.append(Problem("readings", "readings.not_finite", str(reading.value)))
            continue
        rule = value_problem(reading.value, kpi)
        if rule is not None:
            problems.append(Problem("readings", rule, str(reading.value), {"unit": kpi.unit}))
            continue
        year = parsed[0]
        if year not in operating_years:
            if reading.period not in outside:
                outside.add(reading.period)
                problems.append(
                    Problem(
                        "readings",
                        "readings.outside_operation",
                        reading.period,
                        {"period": reading.period, "first": first, "last": last},
                    )
                )
            continue
        month = table[year][reading.period]
        earlier = month.get(reading.kpi_id)
        if earlier is not None and earlier != reading.value:
            problems.append(
                Problem(
                    "readings",
                    "readings.conflict_stored",
                    str(reading.value),
                    {"id": reading.kpi_id, "period": reading.period, "earlier": str(earlier)},
                )
            )
            continue
        month[reading.kpi_id] = reading.value
    if problems:
        raise ProjectError(problems)
    return table


def _month(period: str, values: dict[str, Decimal], kpis: Sequence[Kpi]) -> MonthStatement:
    """A month's KPI lines, score and points (deductions are priced and capped by :func:`_apply_caps`)."""
    kpi_lines: list[KpiLine] = []
    score = 0.0
    points = 0.0
    for kpi in kpis:
        value = values.get(kpi.id)
        kpi_score_: float | None = None
        kpi_points_: float | None = None
        if kpi.weight is not None and kpi.tolerance is not None:
            kpi_score_ = 0.0
            if value is not None:
                gap = shortfall(float(value), kpi.target, kpi.direction)
                kpi_score_ = round(float(kpi_score(gap, kpi.weight, kpi.tolerance)), SCORE_DECIMALS)
            score += kpi_score_
        elif kpi.points_per_unit is not None:
            kpi_points_ = 0.0
            if value is not None:
                gap = shortfall(float(value), kpi.target, kpi.direction)
                kpi_points_ = float(kpi_points(gap, kpi.points_per_unit))
            points += kpi_points_
        kpi_lines.append(
            KpiLine(
                kpi_id=kpi.id,
                name=kpi.name,
                unit=kpi.unit,
                value=value,
                score=kpi_score_,
                points=kpi_points_,
                deduction=Decimal(0),
                missing=value is None,
            )
        )
    return MonthStatement(
        period=period,
        score=round(score, SCORE_DECIMALS),
        points=points,
        deduction=Decimal(0),
        lines=kpi_lines,
    )


def _apply_caps(
    months: list[MonthStatement], payment: Decimal, unit: Decimal, project: Project
) -> list[MonthStatement]:
    """Price each month's points, cap it at a twelfth of ``payment``, cap the year, attribute to KPIs."""
    monthly_cap = (payment / MONTHS).quantize(unit, rounding=ROUND_DOWN) if payment > 0 else Decimal(0)
    deductions = project.deductions
    amounts: list[Decimal] = []
    for month in months:
        if deductions is None or month.points <= 0:
            amounts.append(Decimal(0).quantize(unit))
            continue
        price = float(
            price_points(
                month.points,
                free_points=deductions.free_points,
                value_per_point=deductions.value_per_point,
                bands=deductions.bands,
            )
        )
        amounts.append(min(round_money(price, unit), monthly_cap))
    # the year never exceeds the payment: lower the latest months first (cannot bind with ≤ 12 capped months)
    excess = sum(amounts, Decimal(0)) - max(payment, Decimal(0))
    for position in range(len(amounts) - 1, -1, -1):
        if excess <= 0:
            break
        cut = min(excess, amounts[position])
        amounts[position] -= cut
        excess -= cut
    return [
        MonthStatement(
            period=month.period,
            score=month.score,
            points=month.points,
            deduction=amount,
            lines=_attribute(month.lines, amount, unit),
        )
        for month, amount in zip(months, amounts, strict=True)
    ]


def _attribute(lines: list[KpiLine], amount: Decimal, unit: Decimal) -> list[KpiLine]:
    """Split ``amount`` over the points KPIs pro rata to their points, in minor units (largest remainder)."""
    zero = Decimal(0).quantize(unit)
    weights = [
        Fraction(line.points) if line.points is not None and line.points > 0 else Fraction(0)
        for line in lines
    ]
    total = sum(weights, Fraction(0))
    shares = [zero] * len(lines)
    if amount > 0 and total > 0:
        units = int(amount / unit)
        exact = [weight * units / total for weight in weights]  # exact rationals: Σ exact == units
        whole = [math.floor(share) for share in exact]
        left = units - sum(whole)
        order = sorted(range(len(lines)), key=lambda i: (-(exact[i] - whole[i]), i))
        for i in order[:left]:
            whole[i] += 1
        shares = [(whole[i] * unit).quantize(unit) for i in range(len(lines))]
    return [
        KpiLine(
            kpi_id=line.kpi_id,
            name=line.name,
            unit=line.unit,
            value=line.value,
            score=line.score,
            points=line.points,
            deduction=share,
            missing=line.missing,
        )
        for line, share in zip(lines, shares, strict=True)
    ]
