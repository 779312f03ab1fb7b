"""Fiscal affordability (财政承受能力, methodology §7) of one project and of a government's portfolio.

Each project's annual fiscal expenditure by type (股权投资, 运营补贴, 风险承担, 配套投入) comes from
the engine (:func:`ppp.engine.annual.run_batch`: the risk line by the ratio or the scenario method, as
the project's ``[fiscal]`` table says). A portfolio adds the projects by calendar year and divides by
the general public budget forecast: the ratio against the 10% limit (财金〔2015〕21号), the 7% early
warning and the 5% line above which no new government-pay project may start (财金〔2022〕119号).

A project's own ``fiscal.other_ppp_expenditure`` is not read here: in a portfolio the other projects are
counted themselves, so adding that line would count them twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from ppp.engine import Evaluation
from ppp.model.schema import Project

#: (line, threshold) in the order a reader meets them as the ratio rises
LINES: Final[tuple[tuple[str, float], ...]] = (
    ("new_projects", 0.05),
    ("warning", 0.07),
    ("limit", 0.10),
)
RiskMethod = Literal["ratio", "scenario", "none"]


@dataclass(frozen=True)
class BudgetForecast:
    """The general public budget expenditure (一般公共预算支出): ``general_budget`` in ``base_year``, growing
    at ``growth`` a year (money unit, nominal)."""

    base_year: int
    general_budget: float
    growth: float

    def amount(self, year: int) -> float:
        """The forecast for a calendar year.

        Examples
        --------
        >>> round(BudgetForecast(base_year=2024, general_budget=100_000.0, growth=0.05).amount(2026), 6)
        110250.0
        """
        return self.general_budget * (1.0 + self.growth) ** (year - self.base_year)


@dataclass(frozen=True)
class ProjectExpenditure:
    """One project's fiscal expenditure by calendar year and type (money unit, nominal)."""

    name: str
    years: tuple[int, ...]
    equity: tuple[float, ...]
    payments: tuple[float, ...]
    risk: tuple[float, ...]
    supporting: tuple[float, ...]
    risk_method: RiskMethod = "none"

    @property
    def total(self) -> tuple[float, ...]:
        """The year's fiscal expenditure: the four types added."""
        return tuple(
            math.fsum(parts)
            for parts in zip(self.equity, self.payments, self.risk, self.supporting, strict=True)
        )


@dataclass(frozen=True)
class Crossing:
    """The first year the portfolio's ratio rises above a line, and the money above it that year."""

    line: str
    threshold: float
    year: int
    ratio: float
    excess: float


@dataclass(frozen=True)
class PortfolioAffordability:
    """Expenditure of every project over the union of their years, the budget, the total and the ratio."""

    years: tuple[int, ...]
    budget: tuple[float, ...]
    projects: tuple[ProjectExpenditure, ...]
    total: tuple[float, ...]
    ratio: tuple[float, ...]
    crossings: tuple[Crossing, ...]

    @property
    def max_ratio(self) -> float | None:
        return max(self.ratio) if self.ratio else None

    def crossing(self, line: str) -> Crossing | None:
        """The crossing of ``line`` (``limit``, ``warning``, ``new_projects``), ``None`` if never crossed."""
        return next((crossing for crossing in self.crossings if crossing.line == line), None)

    def project_amounts(self, project: ProjectExpenditure) -> dict[str, tuple[float, ...]]:
        """The project's four lines on the portfolio's years (0 outside its contract period)."""
        return {
            kind: _aligned(project.years, getattr(project, kind), self.years)
            for kind in ("equity", "payments", "risk", "supporting")
        }


def project_expenditure(name: str, evaluation: Evaluation) -> ProjectExpenditure:
    """The engine's fiscal expenditure lines of one evaluation, by calendar year.

    Examples
    --------
    >>> from ppp.engine import evaluate
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> evaluation = evaluate(project)
    >>> lines = project_expenditure("Yangxin", evaluation)
    >>> fiscal = [row["fiscal_expenditure"] for row in evaluation.years]
    >>> all(abs(total - expected) < 1e-6 for total, expected in zip(lines.total, fiscal))
    True
    """
    batch = evaluation.batch
    lines = batch.lines
    inputs = batch.inputs
    if inputs.risk_scenario_expenditure is not None:
        method: RiskMethod = "scenario"
    elif inputs.risk_ratio is not None and float(inputs.risk_ratio[0]) > 0.0:
        method = "ratio"
    else:
        method = "none"
    return ProjectExpenditure(
        name=name,
        years=tuple(int(year) for year in inputs.timeline.years),
        equity=_row(lines.equity_expenditure[0]),
        payments=_row(lines.government_payment[0]),
        risk=_row(lines.risk_expenditure[0]),
        supporting=_row(lines.supporting_expenditure[0]),
        risk_method=method,
    )


def budget_forecast(project: Project) -> BudgetForecast | None:
    """The budget forecast of a project's ``[fiscal]`` table (given for ``start_year``, as the engine reads
    it), ``None`` without one.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> budget_forecast(load_project("sample_projects/yangxin_smart_city_bot.toml").project)
    BudgetForecast(base_year=2017, general_budget=280000.0, growth=0.05)
    """
    fiscal = project.fiscal
    if fiscal is None:
        return None
    return BudgetForecast(
        base_year=project.timeline.start_year,
        general_budget=fiscal.general_budget,
        growth=fiscal.budget_growth,
    )


def portfolio_affordability(
    projects: Sequence[ProjectExpenditure], budget: BudgetForecast
) -> PortfolioAffordability:
    """Add the projects by calendar year and compare the total with the budget forecast.

    The years run from the first year of any project to the last (projects are 0 outside their own years).
    A line is crossed in the first year the ratio is above it; ``excess`` is the expenditure above
    threshold × budget in that year.

    Examples
    --------
    >>> one = ProjectExpenditure("A", (2024, 2025), (0.0, 0.0), (6.0, 8.0), (0.0, 0.0), (0.0, 0.0))
    >>> two = ProjectExpenditure("B", (2025, 2026), (1.0, 0.0), (2.0, 2.0), (0.0, 0.0), (0.0, 0.0))
    >>> result = portfolio_affordability([one, two], BudgetForecast(2024, 100.0, 0.0))
    >>> result.years, result.total, result.ratio
    ((2024, 2025, 2026), (6.0, 11.0, 2.0), (0.06, 0.11, 0.02))
    >>> [(c.line, c.year, round(c.excess, 9)) for c in result.crossings]
    [('new_projects', 2024, 1.0), ('warning', 2025, 4.0), ('limit', 2025, 1.0)]
    """
    if projects:
        first = min(project.years[0] for project in projects if project.years)
        last = max(project.years[-1] for project in projects if project.years)
        years = tuple(range(first, last + 1))
    else:
        years = ()
    budget_line = tuple(budget.amount(year) for year in years)
    aligned = [_aligned(project.years, project.total, years) for project in projects]
    total = (
        tuple(math.fsum(column) for column in zip(*aligned, strict=True)) if aligned else (0.0,) * len(years)
    )
    ratio = tuple(amount / available for amount, available in zip(total, budget_line, strict=True))
    crossings: list[Crossing] = []
    for line, threshold in LINES:
        for year, amount, available, share in zip(years, total, budget_line, ratio, strict=True):
            if share > threshold:
                crossings.append(Crossing(line, threshold, year, share, amount - threshold * available))
                break
    return PortfolioAffordability(
        years=years,
        budget=budget_line,
        projects=tuple(projects),
        total=total,
        ratio=ratio,
        crossings=tuple(crossings),
    )


def _row(values: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(value) for value in values)


def _aligned(own_years: Sequence[int], values: Sequence[float], years: Sequence[int]) -> tuple[float, ...]:
    by_year = dict(zip(own_years, values, strict=True))
    return tuple(by_year.get(year, 0.0) for year in years)
