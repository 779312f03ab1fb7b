"""The ``ppp`` command: validate, evaluate (summary and JSON), solve, and every kind of bad input.

Most cases run in-process through ``ppp.cli.main(argv, stdout, stderr)``; a few run the installed console
script (or ``python -m ppp.cli``) in a subprocess to prove the real entry point and that no traceback ever
reaches stderr.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ppp.cli import main
from ppp.i18n import Language
from ppp.i18n.formatting import format_metric, metric_label
from ppp.model import canonical_hash, load_project

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "sample_projects").glob("*.toml"))
SAMPLE_IDS = [path.stem for path in SAMPLES]
HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
CJK = re.compile(r"[\u4e00-\u9fff]")

METRIC_KEYS = (
    "project_npv_pre_tax",
    "project_irr_pre_tax",
    "project_npv_post_tax",
    "project_irr_post_tax",
    "equity_irr",
    "equity_npv",
    "min_dscr",
    "mean_dscr",
    "llcr",
    "payback_years",
    "discounted_payback_years",
    "roi",
    "roe",
    "government_pv",
    "construction_investment",
    "idc",
    "total_investment",
    "max_affordability_ratio",
    "vfm_amount",
    "vfm_index",
)
YEAR_KEYS = (
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
)
TOP_KEYS = ("schema", "project", "input_hash", "metrics", "years")

# A small, self-contained valid project: bad files are made from it by text replacement.
BASE_TOML = """\
schema = "ppp-project/1"

[project]
name = "Test smart-city platform"
city = "Test county"
framework = "mof-2015"
payment_mode = "government-pay"
money_unit = "万元"

[timeline]
start_year = 2020
construction_years = 3
operation_years = 10

[rates]
discount_rate = 0.06
reasonable_profit_rate = 0.07
inflation = 0.02
equity_hurdle_rate = 0.08

[[capex]]
name = "Platform and network"
amount = 12000
phasing = [0.3, 0.3, 0.4]
escalation = 0.0

[[capex]]
name = "Camera and server refresh"
amount = 1500
lifecycle = true
every_years = 5

[[opex]]
name = "Operation and maintenance"
amount = 300
escalation = 0.02

[financing]
equity_ratio = 0.3
government_equity_share = 0.1
loan_rate = 0.049
tenor_years = 10
repayment = "annuity"

[payment]
method = "mof-21"
subsidy_years = 10
linked_share = 0.3
expected_score = 95

[[payment.score_bands]]
min = 90
coefficient = 1.0

[[payment.score_bands]]
min = 0
coefficient = 0.0

[tax]
income_tax_rate = 0.25

[fiscal]
general_budget = 250000
budget_growth = 0.05
risk_ratio = 0.05
"""


# ---------------------------------------------------------------------------------------------------------
# running the command
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default language comes from PPP_LANG / LANG: pin it so the tests do not depend on the machine."""
    monkeypatch.delenv("PPP_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run(*args: str | Path) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.err
    assert "internal error" not in result.err, result.err
    return result


def console_command() -> list[str]:
    script = shutil.which("ppp")
    return [script] if script else [sys.executable, "-m", "ppp.cli"]


def run_console(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    environment = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"}
    environment.pop("PPP_LANG", None)
    environment.update(env or {})
    completed = subprocess.run(
        [*console_command(), *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    result = Result(completed.returncode, completed.stdout, completed.stderr)
    assert "Traceback" not in result.err, result.err
    return result


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def write(tmp_path: Path, text: str, name: str = "project.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    # an old mtime, so that any rewrite would show even on a coarse clock
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return path


def strict_json(text: str) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=no_constants)


def periods_of(path: Path) -> int:
    timeline = load_project(path).project.timeline
    return timeline.construction_years + timeline.operation_years


def government_pay_samples() -> list[Path]:
    return [
        path
        for path in SAMPLES
        if load_project(path).project.project.payment_mode == "government-pay"
        and load_project(path).project.payment.method != "user-pay"
    ]


# ---------------------------------------------------------------------------------------------------------
# the samples: validate, evaluate --json, the readable summary
# ---------------------------------------------------------------------------------------------------------


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 1
    assert government_pay_samples(), "no government-pay sample to solve"


def test_base_project_is_valid(tmp_path: Path) -> None:
    result = run("validate", write(tmp_path, BASE_TOML))
    assert result.code == 0, result.err


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_validates(sample: Path) -> None:
    before = snapshot(sample)
    result = run("validate", sample)
    assert result.code == 0, result.err
    assert load_project(sample).project.project.name in result.out
    assert "valid" in result.out
    assert snapshot(sample) == before


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_evaluate_json(sample: Path) -> None:
    before = snapshot(sample)
    result = run("evaluate", sample, "--json")
    assert result.code == 0, result.err
    assert snapshot(sample) == before
    document = strict_json(result.out)
    loaded = load_project(sample).project

    assert set(TOP_KEYS) <= set(document)
    assert document["schema"] == "ppp-evaluation/1"
    assert document["project"] == loaded.project.name
    assert HASH.match(document["input_hash"])
    assert document["input_hash"] == canonical_hash(loaded)

    metrics = document["metrics"]
    assert set(METRIC_KEYS) <= set(metrics)
    for key in METRIC_KEYS:
        assert metrics[key] is None or isinstance(metrics[key], int | float), key
    assert metrics["total_investment"] == pytest.approx(metrics["construction_investment"] + metrics["idc"])

    years = document["years"]
    construction = loaded.timeline.construction_years
    assert len(years) == construction + loaded.timeline.operation_years
    for index, row in enumerate(years):
        assert set(YEAR_KEYS) <= set(row), set(YEAR_KEYS) - set(row)
        assert row["period"] == index + 1
        assert row["year"] == loaded.timeline.start_year + index
        assert row["phase"] == ("construction" if index < construction else "operation")
        for key in YEAR_KEYS[3:]:
            assert row[key] is None or isinstance(row[key], int | float), (index, key)


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_evaluate_json_is_deterministic(sample: Path) -> None:
    assert run("evaluate", sample, "--json").out == run("evaluate", sample, "--json").out


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_sample_readable_summary(sample: Path, language: Language) -> None:
    result = run("--lang", language, "evaluate", sample)
    assert result.code == 0, result.err
    document = strict_json(run("evaluate", sample, "--json").out)
    assert document["project"] in result.out
    assert document["input_hash"] in result.out
    for key in METRIC_KEYS:
        assert metric_label(key, language) in result.out, key
        value = document["metrics"][key]
        if value is not None:
            # the summary shows the very numbers of the JSON
            assert format_metric(key, value, language) in result.out, key
    for row in document["years"]:
        assert str(row["year"]) in result.out
    if language == "zh":
        assert "财务评价" in result.out
    else:
        assert "evaluation" in result.out


def test_summary_without_json_is_not_json(tmp_path: Path) -> None:
    result = run("evaluate", write(tmp_path, BASE_TOML))
    assert result.code == 0, result.err
    assert not result.out.lstrip().startswith("{")
    assert "Test smart-city platform" in result.out


def test_evaluate_json_of_a_small_project(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML)
    before = snapshot(path)
    document = strict_json(run("evaluate", "--json", path).out)
    assert len(document["years"]) == 13
    assert document["metrics"]["construction_investment"] == pytest.approx(12000.0)
    assert document["input_hash"] == canonical_hash(load_project(path).project)
    assert snapshot(path) == before


def test_layout_does_not_change_the_input_hash(tmp_path: Path) -> None:
    commented = "# a comment\n" + BASE_TOML.replace("\n\n", "\n\n# another comment\n")
    first = strict_json(run("evaluate", "--json", write(tmp_path, BASE_TOML, "a.toml")).out)
    second = strict_json(run("evaluate", "--json", write(tmp_path, commented, "b.toml")).out)
    assert first["input_hash"] == second["input_hash"]
    assert first["metrics"] == second["metrics"]


def test_a_changed_number_changes_the_input_hash(tmp_path: Path) -> None:
    changed = BASE_TOML.replace("amount = 300\n", "amount = 301\n")
    first = strict_json(run("evaluate", "--json", write(tmp_path, BASE_TOML, "a.toml")).out)
    second = strict_json(run("evaluate", "--json", write(tmp_path, changed, "b.toml")).out)
    assert first["input_hash"] != second["input_hash"]


def test_warnings_go_to_stderr_and_do_not_fail(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML.replace("linked_share = 0.3", "linked_share = 0.1"))
    result = run("validate", path)
    assert result.code == 0
    assert "warning" in result.err
    assert "payment.linked_share" in result.err
    evaluated = run("evaluate", "--json", path)
    assert evaluated.code == 0
    strict_json(evaluated.out)  # the warning did not leak into the JSON on stdout
    chinese = run("--lang", "zh", "validate", path)
    assert chinese.code == 0
    assert "警告" in chinese.err
    assert "payment.linked_share" in chinese.err


# ---------------------------------------------------------------------------------------------------------
# solve
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", government_pay_samples(), ids=lambda path: path.stem)
def test_solve_equity_irr_on_a_government_pay_sample(sample: Path) -> None:
    before = snapshot(sample)
    result = run("solve", sample, "--target", "equity_irr=0.08", "--json")
    assert result.code == 0, result.err
    document = strict_json(result.out)
    assert document["target"] == "equity_irr"
    assert document["target_value"] == 0.08
    assert abs(document["achieved"] - 0.08) <= 1e-8
    assert abs(document["evaluation"]["metrics"]["equity_irr"] - 0.08) <= 1e-8
    assert set(METRIC_KEYS) <= set(document["evaluation"]["metrics"])
    assert isinstance(document["value"], float)
    assert snapshot(sample) == before


def _plain_sample() -> Path:
    """A government-pay sample whose debt is not sculpted (its min DSCR moves with the payment)."""
    for path in government_pay_samples():
        if load_project(path).project.financing.repayment != "sculpted":
            return path
    pytest.skip("no government-pay sample with annuity or equal-principal repayment")


def test_solve_readable_output_gives_the_value_and_the_metrics() -> None:
    sample = _plain_sample()
    result = run("solve", sample, "--target", "equity_irr=0.08")
    assert result.code == 0, result.err
    first_line = result.out.splitlines()[0]
    assert "payment-level" in first_line
    assert "equity_irr" in first_line
    assert re.search(r"payment-level = [0-9.]+", first_line)
    for key in METRIC_KEYS:
        assert metric_label(key, "en") in result.out


@pytest.mark.parametrize(
    ("target", "value"), [("project_irr", 0.05), ("min_dscr", 1.3), ("equity_irr", 0.09)]
)
def test_solve_other_targets(target: str, value: float) -> None:
    result = run("solve", _plain_sample(), "--target", f"{target}={value}", "--json")
    assert result.code == 0, result.err
    document = strict_json(result.out)
    assert abs(document["achieved"] - value) <= 1e-8
    metric = {"project_irr": "project_irr_post_tax"}.get(target, target)
    assert abs(document["evaluation"]["metrics"][metric] - value) <= 1e-8


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_unreachable_target_says_out_of_reach_and_by_how_much(sample: Path) -> None:
    result = run("solve", sample, "--target", "equity_irr=5.0")
    assert result.code == 2
    assert result.out == ""
    assert "out of reach" in result.err
    gap = re.search(r", (-?[0-9.]+(?:e[-+]?\d+)?) from the target", result.err)
    assert gap, result.err
    assert float(gap.group(1)) > 0
    chinese = run("--lang", "zh", "solve", sample, "--target", "equity_irr=5.0")
    assert chinese.code == 2
    assert "无法达到" in chinese.err
    assert "差距" in chinese.err


@pytest.mark.parametrize(
    "target", ["equity_irr", "equity_irr=", "equity_irr=abc", "=0.08", "equity_irr=nan", "equity_irr=inf", ""]
)
def test_bad_target_syntax(target: str) -> None:
    result = run("solve", SAMPLES[0], "--target", target)
    assert result.code == 2
    assert result.out == ""
    assert "name=value" in result.err


def test_unknown_target_name() -> None:
    result = run("solve", SAMPLES[0], "--target", "npv=0")
    assert result.code == 2
    assert "unknown target" in result.err
    assert "equity_irr" in result.err


def test_bad_search_range() -> None:
    result = run("solve", SAMPLES[0], "--target", "equity_irr=0.08", "--low", "2", "--high", "1")
    assert result.code == 2
    assert "low < high" in result.err


def test_solve_variable_that_does_not_apply() -> None:
    sample = _plain_sample()
    if load_project(sample).project.revenue:
        pytest.skip("sample has user revenue")
    result = run("solve", sample, "--target", "equity_irr=0.08", "--variable", "tariff")
    assert result.code == 2
    assert "tariff" in result.err


def test_solve_on_a_bad_file(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML.replace("tenor_years = 10", "tenor_years = 11"))
    before = snapshot(path)
    result = run("solve", path, "--target", "equity_irr=0.08")
    assert result.code == 2
    assert "financing.tenor_years" in result.err
    assert snapshot(path) == before


def _solve_cases() -> list[Any]:
    return [
        pytest.param(sample, target, id=f"{sample.stem}-{target}")
        for sample in SAMPLES
        for target in ("equity_irr=0.08", "project_irr=0.05", "min_dscr=1.3")
    ]


@pytest.mark.parametrize(("sample", "target"), _solve_cases())
def test_solve_either_hits_the_target_or_says_out_of_reach(sample: Path, target: str) -> None:
    """The contract of ``ppp solve``: the solved value meets the target, or exit 2 with the gap."""
    value = target.split("=")[1]
    result = run("solve", sample, "--target", target, "--json")
    if result.code == 0:
        assert abs(strict_json(result.out)["achieved"] - float(value)) <= 1e-8
    else:
        assert result.code == 2
        assert "out of reach" in result.err, result.err


def test_solve_never_reports_a_solution_that_misses_the_target(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML)
    result = run("solve", path, "--target", "equity_irr=0.08", "--json")
    if result.code == 0:
        assert abs(strict_json(result.out)["achieved"] - 0.08) <= 1e-8
    else:
        assert result.code == 2
        assert "out of reach" in result.err


# ---------------------------------------------------------------------------------------------------------
# bad input: exit 2, every problem named by its key path, the file never touched
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadCase:
    edit: Callable[[str], str]
    paths: tuple[str, ...]  # key paths the message must name (all of them: every problem is listed)
    words: tuple[str, ...] = ()  # words of the English message


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _chain(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        for step in edits:
            text = step(text)
        return text

    return edit


BAD_CASES: dict[str, BadCase] = {
    "malformed-toml": BadCase(_replace("[financing]", "[financing"), (), ("not valid TOML", "line")),
    "duplicate-table": BadCase(
        lambda text: text + "\n[financing]\nequity_ratio = 0.2\n", (), ("not valid TOML",)
    ),
    "unknown-top-level-table": BadCase(_replace("[fiscal]", "[fiscall]"), ("fiscall",), ("unknown key",)),
    "unknown-key": BadCase(
        _replace("equity_ratio = 0.3", "equity_ratio = 0.3\nequity_ration = 0.3"),
        ("financing.equity_ration",),
        ("unknown key",),
    ),
    "unknown-nested-key": BadCase(
        _replace("amount = 12000", "amout = 12000"),
        ("capex[1].amout",),
        ("unknown key", "check the spelling"),
    ),
    "unknown-key-in-second-capex": BadCase(
        _replace("every_years = 5", "every_year = 5"), ("capex[2].every_year",), ("unknown key",)
    ),
    "wrong-type-text-for-integer": BadCase(
        _replace("construction_years = 3", 'construction_years = "3"'),
        ("timeline.construction_years",),
        ("whole number",),
    ),
    "wrong-type-float-for-integer": BadCase(
        _replace("tenor_years = 10", "tenor_years = 9.5"), ("financing.tenor_years",), ("whole number",)
    ),
    "wrong-type-text-for-number": BadCase(
        _replace("amount = 300", 'amount = "300"'), ("opex[1].amount",), ("must be a number",)
    ),
    "wrong-type-bool": BadCase(_replace("lifecycle = true", 'lifecycle = "yes"'), ("capex[2].lifecycle",)),
    "wrong-word": BadCase(
        _replace('repayment = "annuity"', 'repayment = "bullet"'), ("financing.repayment",), ("one of",)
    ),
    "negative-capex": BadCase(
        _replace("amount = 12000", "amount = -12000"), ("capex[1].amount",), ("at least",)
    ),
    "negative-opex": BadCase(_replace("amount = 300", "amount = -300"), ("opex[1].amount",), ("at least",)),
    "negative-budget": BadCase(
        _replace("general_budget = 250000", "general_budget = -250000"), ("fiscal.general_budget",)
    ),
    "phasing-sum": BadCase(
        _replace("phasing = [0.3, 0.3, 0.4]", "phasing = [0.3, 0.3, 0.3]"),
        ("capex[1].phasing",),
        ("sum to 1",),
    ),
    "phasing-length": BadCase(
        _replace("phasing = [0.3, 0.3, 0.4]", "phasing = [0.5, 0.5]"), ("capex[1].phasing",), ("3 values",)
    ),
    "tenor-longer-than-operation": BadCase(
        _replace("tenor_years = 10", "tenor_years = 12"), ("financing.tenor_years",), ("tenor", "10")
    ),
    "periods-over-50": BadCase(
        _replace("operation_years = 10", "operation_years = 48"), ("timeline.operation_years",), ("50", "51")
    ),
    "nan": BadCase(
        _replace("discount_rate = 0.06", "discount_rate = nan"), ("rates.discount_rate",), ("finite",)
    ),
    "inf": BadCase(
        _replace("general_budget = 250000", "general_budget = inf"), ("fiscal.general_budget",), ("finite",)
    ),
    "minus-inf": BadCase(_replace("amount = 300", "amount = -inf"), ("opex[1].amount",)),
    "nan-in-list": BadCase(
        _replace("phasing = [0.3, 0.3, 0.4]", "phasing = [0.3, nan, 0.4]"), ("capex[1].phasing",), ("finite",)
    ),
    "missing-section": BadCase(
        lambda text: re.sub(r"\[financing\].*?\n\n", "", text, flags=re.S),
        ("financing",),
        ("required key is missing",),
    ),
    "missing-required-key": BadCase(
        _replace('name = "Test smart-city platform"\n', ""), ("project.name",), ("required",)
    ),
    "wrong-schema": BadCase(
        _replace('schema = "ppp-project/1"', 'schema = "ppp-project/2"'), ("schema",), ("ppp-project/1",)
    ),
    "missing-schema": BadCase(_replace('schema = "ppp-project/1"\n', ""), ("schema",), ("missing",)),
    "discount-rate-in-percent": BadCase(
        _replace("discount_rate = 0.06", "discount_rate = 6"),
        ("rates.discount_rate",),
        ("fractions", "0.049"),
    ),
    "loan-rate-in-percent": BadCase(
        _replace("loan_rate = 0.049", "loan_rate = 4.9"), ("financing.loan_rate",), ("fractions", "0.049")
    ),
    "inflation-in-percent": BadCase(_replace("inflation = 0.02", "inflation = 2.0"), ("rates.inflation",)),
    "escalation-in-percent": BadCase(
        _replace("escalation = 0.02", "escalation = 2"), ("opex[1].escalation",)
    ),
    "multiple-structural-problems": BadCase(
        _chain(
            _replace("discount_rate = 0.06", "discount_rate = 6"),
            _replace("amount = 12000", "amout = 12000"),
            _replace("amount = 300", "amount = -300"),
            _replace("construction_years = 3", 'construction_years = "3"'),
            _replace("general_budget = 250000", "general_budget = nan"),
        ),
        (
            "rates.discount_rate",
            "capex[1].amout",
            "opex[1].amount",
            "timeline.construction_years",
            "fiscal.general_budget",
        ),
    ),
    "multiple-cross-field-problems": BadCase(
        _chain(
            _replace("phasing = [0.3, 0.3, 0.4]", "phasing = [0.3, 0.3, 0.3]"),
            _replace("tenor_years = 10", "tenor_years = 11"),
            _replace("subsidy_years = 10", "subsidy_years = 12"),
            _replace("every_years = 5", "every_years = 5\nphasing = [1.0]"),
        ),
        ("capex[1].phasing", "financing.tenor_years", "payment.subsidy_years", "capex[2]"),
    ),
}


@pytest.mark.parametrize("command", ["validate", "evaluate", "evaluate-json"])
@pytest.mark.parametrize("case_id", list(BAD_CASES))
def test_bad_input(case_id: str, command: str, tmp_path: Path) -> None:
    case = BAD_CASES[case_id]
    path = write(tmp_path, case.edit(BASE_TOML))
    before = snapshot(path)
    argv = ["evaluate", path, "--json"] if command == "evaluate-json" else [command, path]
    result = run(*argv)
    assert result.code == 2, (result.out, result.err)
    assert result.out == "", "nothing on stdout when the input is bad"
    error_lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert error_lines, result.err
    for key_path in case.paths:
        assert any(key_path in line for line in error_lines), f"{key_path} not named in:\n{result.err}"
    if case.paths:
        assert len(error_lines) >= len(case.paths)
    for word in case.words:
        assert word in result.err, f"{word!r} not in:\n{result.err}"
    if command == "validate":
        count = re.search(r"(\d+) problem\(s\) found", result.err)
        assert count, result.err
        assert int(count.group(1)) == len(error_lines)
    assert snapshot(path) == before


@pytest.mark.parametrize("case_id", list(BAD_CASES))
def test_bad_input_in_chinese(case_id: str, tmp_path: Path) -> None:
    case = BAD_CASES[case_id]
    path = write(tmp_path, case.edit(BASE_TOML))
    result = run("--lang", "zh", "validate", path)
    assert result.code == 2
    assert "错误" in result.err
    assert "发现" in result.err
    for key_path in case.paths:
        assert key_path in result.err
    for line in result.err.splitlines():
        if line.startswith("错误"):
            assert CJK.search(line.split("：", 1)[-1] if "：" in line else line), line
    english = run("--lang", "en", "validate", path)
    assert english.code == 2
    assert not CJK.search(english.err.replace(str(path), "")), english.err


def test_language_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, BASE_TOML.replace("tenor_years = 10", "tenor_years = 12"))
    monkeypatch.setenv("PPP_LANG", "zh")
    chinese = run("validate", path)
    assert chinese.code == 2
    assert "贷款期限" in chinese.err
    english = run("--lang", "en", "validate", path)
    assert "tenor" in english.err


def test_every_problem_of_a_file_is_listed_with_value_and_rule(tmp_path: Path) -> None:
    text = _chain(
        _replace("loan_rate = 0.049", "loan_rate = 4.9"),
        _replace("equity_ratio = 0.3", "equity_ratio = 30"),
        _replace("amount = 300", "amount = -300"),
    )(BASE_TOML)
    result = run("validate", write(tmp_path, text))
    assert result.code == 2
    assert "financing.loan_rate = 4.9" in result.err
    assert "financing.equity_ratio = 30" in result.err
    assert "opex[1].amount = -300" in result.err
    assert "3 problem(s)" in result.err


def test_structural_and_cross_field_problems_are_listed_together(tmp_path: Path) -> None:
    text = _chain(
        _replace("loan_rate = 0.049", "loan_rate = 4.9"),
        _replace("tenor_years = 10", "tenor_years = 12"),
    )(BASE_TOML)
    result = run("validate", write(tmp_path, text))
    assert result.code == 2
    assert "financing.loan_rate" in result.err
    assert "financing.tenor_years" in result.err


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_bad_edits_of_every_sample(sample: Path, tmp_path: Path) -> None:
    """Edits that apply to any sample: a tenor past the operation period and a discount rate in percent."""
    text = sample.read_text(encoding="utf-8")
    operation_years = load_project(sample).project.timeline.operation_years
    text, tenor_edits = re.subn(r"(?m)^tenor_years\s*=\s*\d+", f"tenor_years = {operation_years + 1}", text)
    text, rate_edits = re.subn(r"(?m)^discount_rate\s*=\s*[0-9.]+", "discount_rate = 5.5", text)
    assert tenor_edits == 1
    assert rate_edits == 1
    path = write(tmp_path, text, sample.name)
    before = snapshot(path)
    result = run("validate", path)
    assert result.code == 2
    assert "rates.discount_rate" in result.err
    assert snapshot(path) == before
    tenor_only = re.sub(r"(?m)^discount_rate\s*=\s*5\.5", "discount_rate = 0.05", text)
    path.write_text(tenor_only, encoding="utf-8")
    result = run("evaluate", "--json", path)
    assert result.code == 2
    assert result.out == ""
    assert "financing.tenor_years" in result.err


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_missing_file(command: str, tmp_path: Path) -> None:
    result = run(command, tmp_path / "no-such-project.toml")
    assert result.code == 2
    assert "not found" in result.err
    assert "no-such-project.toml" in result.err
    assert not (tmp_path / "no-such-project.toml").exists()
    chinese = run("--lang", "zh", command, tmp_path / "no-such-project.toml")
    assert chinese.code == 2
    assert "找不到文件" in chinese.err


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    result = run("validate", tmp_path)
    assert result.code == 2
    assert "cannot read" in result.err


@pytest.mark.parametrize(
    "raw",
    [
        BASE_TOML.encode("gb18030"),  # Chinese text saved in a legacy encoding
        BASE_TOML.encode("utf-16"),
        b"\xff\xfe\x00garbage",
    ],
    ids=["gb18030", "utf-16", "garbage"],
)
def test_non_utf8_file(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "project.toml"
    path.write_bytes(raw)
    before = snapshot(path)
    result = run("validate", path)
    assert result.code == 2
    assert "UTF-8" in result.err
    assert snapshot(path) == before
    chinese = run("--lang", "zh", "evaluate", path)
    assert chinese.code == 2
    assert "不是 UTF-8" in chinese.err


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"])
def test_empty_file(content: str, tmp_path: Path) -> None:
    path = write(tmp_path, content)
    before = snapshot(path)
    result = run("validate", path)
    assert result.code == 2
    for section in ("schema", "project", "timeline", "rates", "financing", "payment"):
        assert f"error: {section}: required key is missing" in result.err
    assert snapshot(path) == before


def test_valid_toml_that_is_not_a_project(tmp_path: Path) -> None:
    result = run("evaluate", write(tmp_path, 'title = "TOML Example"\n[owner]\nname = "Tom"\n'))
    assert result.code == 2
    assert "title" in result.err
    assert "owner" in result.err
    assert "unknown key" in result.err


def test_argument_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["evaluate"], stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["solve", str(SAMPLES[0])], stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "fr", "validate", str(SAMPLES[0])], stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.code == 2


# ---------------------------------------------------------------------------------------------------------
# the real entry point (console script or python -m ppp.cli), in a subprocess
# ---------------------------------------------------------------------------------------------------------


def test_console_validate_and_evaluate_json() -> None:
    sample = SAMPLES[0]
    validated = run_console("validate", sample)
    assert validated.code == 0, validated.err
    evaluated = run_console("evaluate", sample, "--json")
    assert evaluated.code == 0, evaluated.err
    document = strict_json(evaluated.out)
    assert document["input_hash"] == canonical_hash(load_project(sample).project)
    assert len(document["years"]) == periods_of(sample)
    summary = run_console("evaluate", sample)
    assert summary.code == 0
    assert document["project"] in summary.out


def test_console_version() -> None:
    result = run_console("--version")
    assert result.code == 0
    assert result.out.startswith("ppp ")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (BASE_TOML.replace("discount_rate = 0.06", "discount_rate = nan"), "rates.discount_rate"),
        (BASE_TOML.replace("[financing]", "[financing"), "not valid TOML"),
        (BASE_TOML.replace("amount = 12000", "amout = 12000"), "capex[1].amout"),
        ("", "required key is missing"),
    ],
    ids=["nan", "malformed", "unknown-key", "empty"],
)
def test_console_bad_input(content: str, needle: str, tmp_path: Path) -> None:
    path = write(tmp_path, content)
    before = snapshot(path)
    for command in (
        ["validate", path],
        ["evaluate", "--json", path],
        ["solve", path, "--target", "equity_irr=0.1"],
    ):
        result = run_console(*command)
        assert result.code == 2, result.err
        assert needle in result.err
        assert result.out == ""
    assert snapshot(path) == before


def test_console_missing_and_non_utf8_file(tmp_path: Path) -> None:
    missing = run_console("evaluate", tmp_path / "missing.toml")
    assert missing.code == 2
    assert "not found" in missing.err
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE_TOML.encode("gb18030"))
    result = run_console("validate", path)
    assert result.code == 2
    assert "UTF-8" in result.err


def test_console_chinese_messages(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML.replace("tenor_years = 10", "tenor_years = 12"))
    result = run_console("--lang", "zh", "validate", path)
    assert result.code == 2
    assert "financing.tenor_years" in result.err
    assert "贷款期限" in result.err
    from_environment = run_console("validate", path, env={"PPP_LANG": "zh"})
    assert "贷款期限" in from_environment.err


def test_console_solve_unreachable() -> None:
    result = run_console("solve", SAMPLES[0], "--target", "equity_irr=5.0")
    assert result.code == 2
    assert "out of reach" in result.err
    assert "from the target" in result.err


def test_console_argument_error_is_usage_not_traceback() -> None:
    result = run_console("solve", SAMPLES[0], "--target")
    assert result.code == 2
    assert "usage" in result.err


def test_console_closed_stdout_is_not_an_internal_error() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        completed = subprocess.run(
            [*console_command(), "evaluate", str(SAMPLES[0])],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in completed.stderr
    assert "internal error" not in completed.stderr
