"""After delivery: KPI scoring and point-based deductions (project-file.md, KPI framework semantics)."""

from ppp.operations.deductions import annual_deductions, price_points
from ppp.operations.scoring import kpi_points, kpi_score, shortfall

__all__ = ["annual_deductions", "kpi_points", "kpi_score", "price_points", "shortfall"]
