"""Evaluate projects: a batch of scenarios in one pass, and the one-project result every output uses.

``evaluate(project)`` is a batch of one. Its :class:`Evaluation` is the one result type that the CLI's JSON,
the app's pages and the workbook are built from, so they cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ppp import __version__
from ppp.engine.annual import AnnualLines, run_batch
from ppp.engine.inputs import ModelInputs, compile_project
from ppp.engine.metrics import IRR_KEYS, METRIC_KEYS, BatchMetrics, compute_metrics
from ppp.engine.numerics import describe_irr
from ppp.model.io import canonical_hash
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project

EVALUATION_SCHEMA = "ppp-evaluation/1"

#: the keys of each ``years`` row of ``ppp evaluate --json``, in order (``icr`` extends the list)
YEAR_KEYS: tuple[str, ...] = (
    "period",
    "year",
    "phase",
    "capex",
    "lifecycle_capex",
    "idc",
    "equity_draw",
    "debt_draw",
    "debt_opening",
    "interest",
    "principal",
    "government_payment",
    "availability_payment",
    "om_payment",
    "user_revenue",
    "opex",
    "ebitda",
    "depreciation",
    "ebit",
    "income_tax",
    "net_profit",
    "cfads",
    "dscr",
    "project_cf_pre_tax",
    "project_cf_post_tax",
    "equity_cf",
    "fiscal_expenditure",
    "affordability_ratio",
    "icr",
)


@dataclass(frozen=True)
class BatchEvaluation:
    """Inputs, annual lines and metrics of a batch of scenarios."""

    inputs: ModelInputs
    lines: AnnualLines
    metrics: BatchMetrics


def evaluate_batch(inputs: ModelInputs) -> BatchEvaluation:
    """Run the annual model and the metrics for every scenario of ``inputs`` at once.

    Infeasible scenarios are not errors here (a Monte Carlo run keeps going): a sculpted loan that cannot be
    repaid shows as ``lines.sculpt_shortfall > 0``.
    """
    lines = run_batch(inputs)
    return BatchEvaluation(inputs=inputs, lines=lines, metrics=compute_metrics(inputs, lines))


@dataclass(frozen=True)
class Evaluation:
    """The evaluation of one project: metrics (``None`` where not applicable) and the annual table."""

    project_name: str
    money_unit: str
    input_hash: str
    metrics: dict[str, float | None]
    irr_notes: dict[str, str]
    years: list[dict[str, Any]]
    batch: BatchEvaluation = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        """The ``ppp-evaluation/1`` object of ``ppp evaluate --json``."""
        return {
            "schema": EVALUATION_SCHEMA,
            "project": self.project_name,
            "money_unit": self.money_unit,
            "input_hash": self.input_hash,
            "program_version": __version__,
            "metrics": self.metrics,
            "irr_notes": self.irr_notes,
            "years": self.years,
        }


def evaluate(project: Project) -> Evaluation:
    """Evaluate one validated project (a batch of one).

    Raises
    ------
    ProjectError
        When the inputs cannot be financed as specified (a sculpted loan left unpaid at the end of its tenor).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> result = evaluate(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    >>> result.metrics["total_investment"] > result.metrics["construction_investment"]
    True
    """
    batch = evaluate_batch(compile_project(project))
    _raise_if_infeasible(project, batch)
    metrics = {key: _number(batch.metrics.values[key][0]) for key in METRIC_KEYS}
    irr_notes = {key: describe_irr(batch.metrics.irrs[key], 0) for key in IRR_KEYS if metrics[key] is None}
    return Evaluation(
        project_name=project.project.name,
        money_unit=project.project.money_unit,
        input_hash=canonical_hash(project),
        metrics=metrics,
        irr_notes=irr_notes,
        years=annual_table(batch, 0),
        batch=batch,
    )


def annual_table(batch: BatchEvaluation, scenario: int) -> list[dict[str, Any]]:
    """The annual table of one scenario as rows of :data:`YEAR_KEYS` (``None`` where not applicable)."""
    lines = batch.lines
    timeline = batch.inputs.timeline
    columns: dict[str, Any] = {
        "capex": lines.capex,
        "lifecycle_capex": lines.lifecycle_capex,
        "idc": lines.idc,
        "equity_draw": lines.equity_draw,
        "debt_draw": lines.debt_draw,
        "debt_opening": lines.debt_opening,
        "interest": lines.interest,
        "principal": lines.principal,
        "government_payment": lines.government_payment,
        "availability_payment": lines.availability_payment,
        "om_payment": lines.om_payment,
        "user_revenue": lines.user_revenue,
        "opex": lines.opex,
        "ebitda": lines.ebitda,
        "depreciation": lines.depreciation,
        "ebit": lines.ebit,
        "income_tax": lines.income_tax,
        "net_profit": lines.net_profit,
        "cfads": lines.cfads,
        "dscr": batch.metrics.dscr,
        "project_cf_pre_tax": lines.project_cf_pre_tax,
        "project_cf_post_tax": lines.project_cf_post_tax,
        "equity_cf": lines.equity_cf,
        "fiscal_expenditure": lines.fiscal_expenditure,
        "affordability_ratio": lines.affordability_ratio,
        "icr": batch.metrics.icr,
    }
    rows_by_column = {
        key: (values[scenario].tolist() if values is not None else [None] * timeline.periods)
        for key, values in columns.items()
    }
    years = timeline.years.tolist()
    operating = timeline.operating.tolist()
    table: list[dict[str, Any]] = []
    for index in range(timeline.periods):
        row: dict[str, Any] = {
            "period": index + 1,
            "year": years[index],
            "phase": "operation" if operating[index] else "construction",
        }
        for key in YEAR_KEYS[3:]:
            value = rows_by_column[key][index]
            row[key] = None if value is None or math.isnan(value) else value
        table.append(row)
    return table


def _raise_if_infeasible(project: Project, batch: BatchEvaluation) -> None:
    shortfall = float(batch.lines.sculpt_shortfall[0])
    if shortfall <= 0.0:
        return
    financing = project.financing
    raise ProjectError(
        [
            Problem(
                "financing.target_dscr",
                "engine.sculpt_infeasible",
                financing.target_dscr,
                {
                    "target": financing.target_dscr,
                    "tenor": financing.tenor_years,
                    "shortfall": f"{shortfall:,.2f}",
                    "debt": f"{float(batch.lines.opening_debt[0]):,.2f}",
                },
            )
        ]
    )


def _number(value: np.floating[Any] | float) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number
