"""``ppp simulate`` and ``ppp scenarios``: the same seed gives the same JSON, settings files override the
defaults and are refused by key path when wrong, the readable output in English and Chinese, the CSV, and the
named scenarios side by side."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ppp import __version__
from ppp.cli import main
from ppp.model import canonical_hash, load_project
from ppp.risk.defaults import spec_with_defaults
from ppp.risk.montecarlo import run_monte_carlo
from ppp.risk.scenarios import compare_scenarios

REPO = Path(__file__).resolve().parents[1]
YANGXIN = REPO / "sample_projects" / "yangxin_smart_city_bot.toml"
LESHAN = REPO / "sample_projects" / "leshan_operating_concession.toml"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(*args: str | Path) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


def strict_json(text: str) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=no_constants)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---- ppp simulate: numbers ------------------------------------------------------------------------------


def test_the_same_seed_gives_identical_json_twice() -> None:
    first = run("simulate", YANGXIN, "--scenarios", "1000", "--seed", "42", "--json")
    second = run("simulate", YANGXIN, "--scenarios", "1000", "--seed", "42", "--json")
    assert first.code == second.code == 0
    assert first.out == second.out
    other = run("simulate", YANGXIN, "--scenarios", "1000", "--seed", "43", "--json")
    assert other.out != first.out


def test_json_is_the_run_of_the_default_settings() -> None:
    result = run("simulate", YANGXIN, "--scenarios", "1000", "--seed", "7", "--json")
    assert result.code == 0, result.err
    document = strict_json(result.out)
    project = load_project(YANGXIN).project
    expected = run_monte_carlo(project, spec_with_defaults(project, {"scenarios": 1000, "seed": 7})).to_json()
    # what was simulated, and by which program
    assert document.pop("input_hash") == canonical_hash(project)
    assert document.pop("program_version") == __version__
    assert document == json.loads(json.dumps(expected))
    assert document["schema"] == "ppp-monte-carlo/1"
    assert document["hurdle"] == 0.07  # rates.equity_hurdle_rate of the file
    assert sorted(document["settings"]["distributions"]) == [
        "capex",
        "construction_delay",
        "inflation",
        "loan_rate",
        "opex",
        "performance_score",
    ]


def test_a_settings_file_overrides_the_defaults_and_the_command_line_wins(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.toml",
        """
scenarios = 2000
seed = 3
hurdle = 0.06
use_defaults = false
[distributions.capex]
kind = "pert"
low = 0.95
mode = 1.05
high = 1.4
[distributions.construction_delay]
kind = "triangular"
low = 0
mode = 0
high = 2
[[correlations]]
drivers = ["capex", "construction_delay"]
rho = 0.6
""",
    )
    result = run("simulate", YANGXIN, "--spec", spec, "--seed", "9", "--json")
    assert result.code == 0, result.err
    document = strict_json(result.out)
    settings = document["settings"]
    assert sorted(settings["distributions"]) == ["capex", "construction_delay"]
    assert settings["distributions"]["capex"] == {"kind": "pert", "low": 0.95, "mode": 1.05, "high": 1.4}
    assert settings["correlations"] == [{"drivers": ["capex", "construction_delay"], "rho": 0.6}]
    assert (settings["scenarios"], settings["seed"], document["hurdle"]) == (2000, 9, 0.06)
    assert document["scenarios_done"] == 2000
    with_hurdle = strict_json(run("simulate", YANGXIN, "--spec", spec, "--hurdle", "0.09", "--json").out)
    assert with_hurdle["hurdle"] == 0.09
    higher = with_hurdle["probabilities"]["equity_irr_below_hurdle"]
    assert (
        higher
        > strict_json(run("simulate", YANGXIN, "--spec", spec, "--json").out)["probabilities"][
            "equity_irr_below_hurdle"
        ]
    )


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        (
            '[distributions.capex]\nkind = "triangular"\nlow = 1.0\nmode = 1.1\nhigh = 0.9\n',
            ["monte_carlo.distributions.capex.high"],
        ),
        ('scenario = 5000\n[distributions.opex]\nkind = "gamma"\n', ["monte_carlo.scenario"]),
        ('[distributions.opex]\nkind = "gamma"\n', ["monte_carlo.distributions.opex.kind"]),
        ("scenarios = 50\nseed = -1\n", ["monte_carlo.scenarios", "monte_carlo.seed"]),
        (
            '[[correlations]]\ndrivers = ["capex", "tariff"]\nrho = 0.5\n',
            ["monte_carlo.correlations.capex.tariff"],
        ),
        (
            '[[correlations]]\ndrivers = ["capex", "opex"]\nrho = 1.5\n',
            ["monte_carlo.correlations.capex.opex"],
        ),
        ("distributions = 3\n", ["monte_carlo.distributions"]),
    ],
)
def test_bad_settings_exit_2_naming_each_key_path(tmp_path: Path, text: str, paths: list[str]) -> None:
    spec = write(tmp_path / "bad.toml", text)
    result = run("simulate", YANGXIN, "--spec", spec)
    assert result.code == 2
    assert result.out == ""
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert [line.removeprefix("error: ").split(" ")[0] for line in errors] == paths


def test_an_unreadable_settings_file_exits_2(tmp_path: Path) -> None:
    missing = run("simulate", YANGXIN, "--spec", tmp_path / "nowhere.toml")
    assert missing.code == 2
    assert "cannot read the Monte Carlo settings" in missing.err
    assert "file not found" in missing.err
    broken = run("simulate", YANGXIN, "--spec", write(tmp_path / "broken.toml", "seed = = 3\n"))
    assert broken.code == 2
    assert "not valid TOML" in broken.err


def test_too_few_scenarios_on_the_command_line_exit_2() -> None:
    result = run("--lang", "zh", "simulate", YANGXIN, "--scenarios", "10")
    assert result.code == 2
    assert "monte_carlo.scenarios = 10" in result.err
    assert CJK.search(result.err)


def test_a_bad_project_file_exits_2(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.toml", YANGXIN.read_text(encoding="utf-8").replace("capex = 1.10", "capex = 0")
    )
    result = run("simulate", bad, "--scenarios", "1000")
    assert result.code == 2
    assert "scenarios[1].capex = 0" in result.err


# ---- ppp simulate: readable output and CSV -----------------------------------------------------------------


def test_the_readable_summary_in_english() -> None:
    result = run("--lang", "en", "simulate", YANGXIN, "--scenarios", "1000", "--seed", "1")
    assert result.code == 0, result.err
    text = result.out
    project = load_project(YANGXIN).project
    run_result = run_monte_carlo(project, spec_with_defaults(project, {"scenarios": 1000, "seed": 1}))
    assert "Monte Carlo, 1,000 of 1,000 scenarios, seed 1 (money in 万元)" in text
    assert "Capex: triangular(low=0.95, mode=1, high=1.25)" in text
    assert "rank correlation Capex ~ Construction delay: 0.5" in text
    header = next(line for line in text.splitlines() if "P50" in line)
    assert header.split() == ["output", "P5", "P50", "P95", "mean", "undefined"]
    irr_line = next(line for line in text.splitlines() if line.strip().startswith("Equity IRR "))
    p5, p50, p95 = (run_result.percentiles["equity_irr"][key] for key in ("p5", "p50", "p95"))
    assert irr_line.split()[2:5] == [f"{value * 100:.2f}%" for value in (p5, p50, p95)]  # type: ignore[operator]
    below = run_result.probabilities["equity_irr_below_hurdle"]
    assert below is not None
    hurdle_line = next(line for line in text.splitlines() if "below the hurdle 7.00%" in line)
    assert hurdle_line.split()[-1] == f"{below * 100:.2f}%"
    assert "minimum DSCR below 1.0" in text
    top = run_result.ranked_drivers("equity_irr")[0]
    assert f"  Equity IRR: Capex {top[1]:+.2f}" in text
    assert top[0] == "capex"


def test_the_readable_summary_in_chinese() -> None:
    result = run("--lang", "zh", "simulate", YANGXIN, "--scenarios", "1000")
    assert result.code == 0, result.err
    for words in (
        "蒙特卡洛模拟",
        "概率分布",
        "资本金财务内部收益率",
        "最低偿债备付率低于 1.0",
        "影响最大的因素",
    ):
        assert words in result.out
    assert "Probabilities" not in result.out


def test_the_csv_holds_every_scenario(tmp_path: Path) -> None:
    target = tmp_path / "runs.csv"
    result = run("simulate", YANGXIN, "--scenarios", "1000", "--seed", "2", "--csv", target, "--json")
    assert result.code == 0, result.err
    assert f"scenarios written to {target}" in result.err
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["scenario", "capex"]
    assert len(rows) == 1 + 1000
    document = strict_json(result.out)
    irr = sorted(float(row[rows[0].index("equity_irr")]) for row in rows[1:])
    assert irr[499] <= document["percentiles"]["equity_irr"]["p50"] <= irr[500]


def test_an_unwritable_csv_exits_2(tmp_path: Path) -> None:
    result = run("simulate", YANGXIN, "--scenarios", "1000", "--csv", tmp_path / "missing" / "runs.csv")
    assert result.code == 2
    assert "cannot write" in result.err


# ---- ppp scenarios -----------------------------------------------------------------------------------------


def test_scenarios_side_by_side_in_english() -> None:
    result = run("--lang", "en", "scenarios", YANGXIN)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(line for line in lines if "downside" in line)
    assert header.split() == ["base", "downside", "lender's", "case"]
    comparison = compare_scenarios(load_project(YANGXIN).project)
    irr = next(line for line in lines if line.strip().startswith("Equity IRR"))
    assert irr.split()[2:] == [f"{value * 100:.2f}%" for value in comparison.values["equity_irr"]]
    assert next(line for line in lines if line.strip().startswith("Capex")).split()[1:] == [
        "×1.00",
        "×1.10",
        "×1.05",
    ]
    assert next(line for line in lines if "Loan rate" in line).split()[2:] == [
        "+0.00",
        "pt",
        "+1.00",
        "pt",
        "+0.50",
        "pt",
    ]
    assert next(line for line in lines if "Construction delay" in line).split()[2:] == ["0", "1", "0"]


def test_scenarios_in_chinese_and_as_json() -> None:
    chinese = run("--lang", "zh", "scenarios", YANGXIN)
    assert chinese.code == 0
    assert "基准" in chinese.out
    assert "个百分点" in chinese.out
    assert "资本金财务内部收益率" in chinese.out
    as_json = run("scenarios", YANGXIN, "--json")
    assert as_json.code == 0
    document = strict_json(as_json.out)
    assert document == json.loads(json.dumps(compare_scenarios(load_project(YANGXIN).project).to_json()))
    assert [entry["name"] for entry in document["scenarios"]] == ["base", "downside", "lender's case"]


def test_a_file_without_scenarios_shows_the_base_only() -> None:
    result = run("scenarios", LESHAN)
    assert result.code == 0
    assert "the file has no [[scenarios]]" in result.out
    assert "downside" not in result.out
