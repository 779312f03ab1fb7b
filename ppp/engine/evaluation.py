"""Evaluate projects: a batch of scenarios in one pass, and the one-project result every output uses.

``evaluate(project)`` is a batch of one. Its :class:`Evaluation` is the one result type that the CLI's JSON,
the app's pages and the workbook are built from, so they cannot disagree.
"""

from __future__ import annotations

import hashlib
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
            "result_hash": result_hash(self),
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


#: the name of the byte format :func:`result_hash` hashes; the first bytes hashed, so a new format can never
#: produce the hash of an old one
RESULT_HASH_FORMAT = "ppp-result-hash/1"
#: the metrics :func:`result_hash` covers, in the order hashed: the evaluation's metrics as format
#: :data:`RESULT_HASH_FORMAT` knows them. A metric added to the engine changes every hash, so it comes with a
#: new format name (tests/engine/test_result_hash.py pins the lists of format 1 and fails first)
RESULT_HASH_METRICS: tuple[str, ...] = METRIC_KEYS
#: the annual-table columns :func:`result_hash` covers, in the order hashed (``phase`` as 1.0 for operation,
#: 0.0 for construction); bound to the format like :data:`RESULT_HASH_METRICS`
RESULT_HASH_COLUMNS: tuple[str, ...] = YEAR_KEYS
_CANONICAL_NAN_BITS = np.uint64(0x7FF8_0000_0000_0000)


def result_hash(evaluation: Evaluation) -> str:
    """The SHA-256 of an evaluation's results: what re-evaluating a stored snapshot must reproduce.

    The bytes hashed (format :data:`RESULT_HASH_FORMAT`) are the format name and a newline, then one block
    per metric of :data:`RESULT_HASH_METRICS` (its name in UTF-8, a zero byte, its value as one float64)
    and one block per column of :data:`RESULT_HASH_COLUMNS` (its name, a zero byte, the number of years as
    a little-endian uint32, the values of every year as float64). Every float64 is written little-endian;
    a value that is not applicable (``None``, NaN) is written as the one canonical quiet NaN
    ``0x7FF8000000000000`` and ``-0.0`` as ``0.0``, so values that compare equal hash equally whatever the
    platform's NaN payloads or signs of zero. Input hash and program version are not part of it: they travel
    beside it.

    Parameters
    ----------
    evaluation
        From :func:`evaluate`.

    Returns
    -------
    str
        ``"sha256:"`` and 64 hexadecimal digits.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> first, second = result_hash(evaluate(project)), result_hash(evaluate(project))
    >>> first == second, first.startswith("sha256:"), len(first)
    (True, True, 71)
    """
    digest = hashlib.sha256(RESULT_HASH_FORMAT.encode("utf-8") + b"\n")
    for key in RESULT_HASH_METRICS:
        digest.update(key.encode("utf-8") + b"\0")
        digest.update(_canonical_float64([evaluation.metrics[key]]))
    years = evaluation.years
    for key in RESULT_HASH_COLUMNS:
        if key == "phase":
            values: list[float | None] = [1.0 if row["phase"] == "operation" else 0.0 for row in years]
        else:
            values = [row[key] for row in years]
        digest.update(key.encode("utf-8") + b"\0" + len(values).to_bytes(4, "little"))
        digest.update(_canonical_float64(values))
    return "sha256:" + digest.hexdigest()


def _canonical_float64(values: list[float | None] | list[Any]) -> bytes:
    """Little-endian float64 bytes with one NaN bit pattern and no negative zero."""
    numbers = np.array([np.nan if value is None else value for value in values], dtype="<f8")
    numbers[numbers == 0.0] = 0.0
    bits = numbers.view("<u8")
    bits[np.isnan(numbers)] = _CANONICAL_NAN_BITS
    return bits.tobytes()
