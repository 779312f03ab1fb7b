"""``ppp bench``: the engine's performance, measured side by side in one run.

Prints: one full evaluation of a 30-year project (load excluded: compile, annual model, metrics with three
IRRs, annual table) against its 2 ms target; 10,000 IRRs of 31 periods batched vs numpy-financial's ``irr``
in a loop; NPV batched vs a loop. Timings are best-of-N with ``time.perf_counter`` (shared machines are noisy:
the best run is the one least disturbed).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ppp.bench_numerics import bench_irr, bench_npv, format_report
from ppp.engine import evaluate
from ppp.model import Project, load_project

EVALUATION_TARGET_SECONDS = 0.002
SAMPLE = Path(__file__).resolve().parents[1] / "sample_projects" / "yangxin_smart_city_bot.toml"


def stretched_project(*, operation_years: int, tenor_years: int, path: Path = SAMPLE) -> Project:
    """The sample county platform stretched to 3 construction + ``operation_years`` operating years: capex as
    one amount phased 30/40/30, a loan of ``tenor_years``, yearly fiscal lines repeated over every year."""
    periods = 3 + operation_years
    project = load_project(path).project
    data = project.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
    data["timeline"].update(construction_years=3, operation_years=operation_years)
    for item in data.get("capex", []):
        if not item.get("lifecycle"):
            total = item.pop("amount", None) or sum(item.pop("amounts"))
            item.pop("phasing", None)
            item["amount"] = total
            item["phasing"] = [0.3, 0.4, 0.3]
    data["payment"].pop("subsidy_years", None)
    data["financing"]["tenor_years"] = tenor_years
    data["tax"].pop("depreciation_years", None)
    for key in ("other_ppp_expenditure", "supporting_inputs"):
        if data.get("fiscal", {}).get(key):
            data["fiscal"][key] = [data["fiscal"][key][0]] * periods
    data.get("fiscal", {}).pop("risk_scenarios", None)
    return Project.model_validate(data)


def thirty_year_project(path: Path = SAMPLE) -> Project:
    """The sample county platform stretched to 3 construction + 27 operating years (N = 30)."""
    return stretched_project(operation_years=27, tenor_years=20, path=path)


def bench_evaluation(repeat: int = 200) -> dict[str, Any]:
    project = thirty_year_project()
    evaluate(project)  # warm caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        evaluate(project)
        best = min(best, time.perf_counter() - started)
    return {
        "periods": project.periods,
        "seconds": best,
        "target_seconds": EVALUATION_TARGET_SECONDS,
        "ratio_to_target": best / EVALUATION_TARGET_SECONDS,
    }


def run_benchmarks(*, quick: bool = False) -> str:
    evaluation = bench_evaluation(repeat=20 if quick else 200)
    lines = [
        "ppp bench (best of repeated runs, this machine, this run)",
        f"  full evaluation, {evaluation['periods']} periods: {evaluation['seconds'] * 1e3:.3f} ms "
        f"(target ≤ {EVALUATION_TARGET_SECONDS * 1e3:.0f} ms: "
        f"{evaluation['ratio_to_target']:.2f} of the budget)",
    ]
    results = [bench_irr(repeat=3 if quick else 10), bench_npv(repeat=3 if quick else 10)]
    lines.append(format_report(results))
    return "\n".join(lines)
