"""The financial engine: pure numpy, scenarios × periods (methodology §§1–9)."""

from ppp.engine.evaluation import (
    EVALUATION_SCHEMA,
    YEAR_KEYS,
    BatchEvaluation,
    Evaluation,
    annual_table,
    evaluate,
    evaluate_batch,
)
from ppp.engine.inputs import ModelInputs, compile_project
from ppp.engine.metrics import METRIC_KEYS
from ppp.engine.solve import SolveResult, solve

__all__ = [
    "EVALUATION_SCHEMA",
    "METRIC_KEYS",
    "YEAR_KEYS",
    "BatchEvaluation",
    "Evaluation",
    "ModelInputs",
    "SolveResult",
    "annual_table",
    "compile_project",
    "evaluate",
    "evaluate_batch",
    "solve",
]
