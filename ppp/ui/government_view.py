"""The value-for-money and affordability pages' tables and sentences, as pure functions of the services'
results and the reader's language. Kept out of the page files (which run when imported) so tests call them.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from ppp.engine import Evaluation, evaluate
from ppp.government.affordability import PortfolioAffordability
from ppp.government.vfm import QualitativeResult, RiskRegister, VfmComponents, VfmInput
from ppp.i18n import Language, translate
from ppp.model import parse_project_text
from ppp.model.problems import Problem, ProjectError

#: the expenditure types of the stacked chart, in stacking order (ProjectExpenditure's field names)
EXPENDITURE_TYPES: Final = ("equity", "payments", "risk", "supporting")
BASE_CURVE: Final = "base"
#: the largest project file the page accepts as a candidate (bytes)
MAX_UPLOAD_BYTES: Final = 2_000_000


def input_label(key: str, language: Language) -> str:
    return translate(f"vfm.input.{key}", language)


def part_label(key: str, language: Language) -> str:
    return translate(f"vfm.part.{key}", language)


def vfm_inputs_frame(inputs: tuple[VfmInput, ...], language: Language) -> pd.DataFrame:
    """One row per VfM input: label, file key, value and where it came from."""
    return pd.DataFrame(
        {
            "input": [input_label(row.key, language) for row in inputs],
            "key": [row.key for row in inputs],
            "value": [row.value for row in inputs],
            "source": [source_text(row, language) for row in inputs],
        },
        columns=["input", "key", "value", "source"],
    )


def source_text(row: VfmInput, language: Language) -> str:
    """The file's own source text when it states one, else how the value was set."""
    if row.source_kind == "stated":
        return row.source
    return translate(f"vfm.source.{row.source_kind}", language)


def components_frame(components: VfmComponents, language: Language) -> pd.DataFrame:
    """The waterfall's steps as a table (amount signed as in the waterfall)."""
    steps = components.waterfall()
    return pd.DataFrame(
        {
            "part": [part_label(step.key, language) for step in steps],
            "key": [step.key for step in steps],
            "amount": [step.amount for step in steps],
            "kind": [step.kind for step in steps],
        }
    )


def risk_register_frame(register: RiskRegister, language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "risk": [line.name for line in register.risks],
            "probability": [line.probability for line in register.risks],
            "impact": [line.impact for line in register.risks],
            "allocation": [
                translate(f"vfm.allocation.{line.allocation}", language) for line in register.risks
            ],
            "government_share": [line.government_share for line in register.risks],
            "expected_cost": [line.expected_cost for line in register.risks],
            "retained": [line.retained for line in register.risks],
            "transferable": [line.transferable for line in register.risks],
            "source": [line.source for line in register.risks],
        }
    )


def qualitative_frame(result: QualitativeResult, language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "criterion": [line.name for line in result.criteria],
            "group": [translate(f"vfm.group.{line.group}", language) for line in result.criteria],
            "weight": [line.weight for line in result.criteria],
            "score": [line.score for line in result.criteria],
            "weighted": [line.weighted for line in result.criteria],
        }
    )


def qualitative_verdict(result: QualitativeResult, language: Language) -> str:
    """The weighted score and its verdict; with the weights' problems when they do not hold."""
    score = f"{result.score:.2f}"
    if not result.conclusive:
        problems = "; ".join(problem.message(language) for problem in result.problems)
        return translate("vfm.qualitative.inconclusive", language, score=score, problems=problems)
    key = "vfm.qualitative.pass" if result.passed else "vfm.qualitative.fail"
    return translate(key, language, score=score, pass_score=f"{result.pass_score:g}")


def quantitative_verdict(components: VfmComponents, language: Language) -> str:
    index = "—" if components.vfm_index is None else f"{components.vfm_index * 100:.2f}%"
    key = "vfm.quantitative.pass" if components.passed else "vfm.quantitative.fail"
    return translate(
        key, language, amount=f"{components.vfm_amount:,.2f}", unit=components.money_unit, index=index
    )


# --- affordability ------------------------------------------------------------------------------------------


def type_label(kind: str, language: Language) -> str:
    return translate(f"affordability.type.{kind}", language)


def expenditure_frame(portfolio: PortfolioAffordability, language: Language) -> pd.DataFrame:
    """Long table for the stacked bars: one row per year, project and expenditure type (zeros left out)."""
    records: list[dict[str, object]] = []
    for project in portfolio.projects:
        amounts = portfolio.project_amounts(project)
        for kind in EXPENDITURE_TYPES:
            label = type_label(kind, language)
            for year, amount in zip(portfolio.years, amounts[kind], strict=True):
                if amount != 0.0:
                    records.append(
                        {
                            "year": year,
                            "project": project.name,
                            "type": label,
                            "series": f"{project.name} · {label}",
                            "amount": amount,
                        }
                    )
    return pd.DataFrame.from_records(records, columns=["year", "project", "type", "series", "amount"])


def ratio_frame(
    base: PortfolioAffordability, candidates: dict[str, PortfolioAffordability], language: Language
) -> pd.DataFrame:
    """The ratio by year of the committed portfolio and of each what-if (portfolio + one candidate)."""
    records: list[dict[str, object]] = []
    curves = {translate("ui.affordability.base_curve", language): base}
    curves |= {
        translate("ui.affordability.with", language, name=name): value for name, value in candidates.items()
    }
    for curve, portfolio in curves.items():
        for year, ratio, total, budget in zip(
            portfolio.years, portfolio.ratio, portfolio.total, portfolio.budget, strict=True
        ):
            records.append({"year": year, "curve": curve, "ratio": ratio, "total": total, "budget": budget})
    return pd.DataFrame.from_records(records, columns=["year", "curve", "ratio", "total", "budget"])


def summary_frame(portfolio: PortfolioAffordability) -> pd.DataFrame:
    """Year by year: budget, expenditure of every project, total and ratio (what the table shows)."""
    frame = pd.DataFrame({"year": portfolio.years, "budget": portfolio.budget})
    for project in portfolio.projects:
        frame[project.name] = list(_total_on(portfolio, project.name))
    frame["total"] = portfolio.total
    frame["ratio"] = portfolio.ratio
    return frame


def _total_on(portfolio: PortfolioAffordability, name: str) -> list[float]:
    project = next(project for project in portfolio.projects if project.name == name)
    amounts = portfolio.project_amounts(project)
    return [sum(values) for values in zip(*(amounts[kind] for kind in EXPENDITURE_TYPES), strict=True)]


def crossing_lines(portfolio: PortfolioAffordability, money_unit: str, language: Language) -> list[str]:
    """One sentence per line (5%, 7%, 10%): the first year it is crossed and by how much, or never."""
    lines: list[str] = []
    for line in ("new_projects", "warning", "limit"):
        name = translate(f"affordability.line.{line}", language)
        crossing = portfolio.crossing(line)
        if crossing is None:
            lines.append(translate("affordability.never_crossed", language, line=name))
        else:
            lines.append(
                translate(
                    "affordability.crossed",
                    language,
                    line=name,
                    year=crossing.year,
                    ratio=f"{crossing.ratio * 100:.2f}%",
                    excess=f"{crossing.excess:,.2f}",
                    unit=money_unit,
                )
            )
    return lines


def candidate_from_file(data: bytes, file_name: str) -> tuple[str, Evaluation]:
    """A candidate from an uploaded project file (TOML or JSON): its name and its evaluation.

    Raises
    ------
    ProjectError
        When the file is too large, not UTF-8, or not a valid project (every problem named).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ProjectError(
            [Problem(file_name, "affordability.file_too_large", len(data), {"limit": MAX_UPLOAD_BYTES})]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProjectError(
            [Problem(file_name, "affordability.file_not_utf8", params={"position": error.start})]
        ) from error
    project = parse_project_text(text).project
    return project.project.name, evaluate(project)
