"""The exported workbook: structure, cached values, formula discipline, injection safety, LibreOffice proof.

The LibreOffice tests recalculate the workbook of every sample project headless (a profile that always
recalculates) and compare every formula cell with the value the exporter cached, which for the engine's lines
is the engine's own figure: both to 1e-9 relative (relative to the larger of the two values and the largest
value of the row, with a floor of 1e-9 money units so that differences of zero-valued cells compare). The
engine's ``Evaluation.years`` and ``Evaluation.metrics`` are compared directly as well.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import ppp.exports.workbook as workbook_module
from ppp import __version__
from ppp.engine import evaluate
from ppp.engine.evaluation import Evaluation
from ppp.exports import ExtraSheet, export_workbook, write_workbook
from ppp.exports.sanitise import is_neutral
from ppp.exports.workbook import FIRST_COL, YEAR_ROWS, WorkbookMap, period_column
from ppp.model import Project, load_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_projects").glob("*.toml"))
RELATIVE = 1e-9
ERROR_VALUES = ("#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "Err:")
TODAY = datetime.date(2026, 1, 1)

Recalculate = Callable[[Sequence[Path]], list[Path]]


def close(a: float, b: float, scale: float = 0.0) -> bool:
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b), scale, 1.0)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def load(path: Path) -> Project:
    return load_project(path).project


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Evaluation, WorkbookMap]]:
    out = tmp_path_factory.mktemp("workbooks")
    result = {}
    for sample in SAMPLES:
        project = load(sample)
        evaluation = evaluate(project)
        path = out / f"{sample.stem}.xlsx"
        result[sample.stem] = (path, evaluation, write_workbook(path, evaluation, project, today=TODAY))
    return result


def formula_cells(path: Path) -> Iterator[tuple[str, str, str]]:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield sheet.title, cell.coordinate, str(cell.value)


# ---- structure (no LibreOffice needed) ---------------------------------------------------------------------


def test_sheets_names_and_cover(exported: dict[str, tuple[Path, Evaluation, WorkbookMap]]) -> None:
    path, evaluation, _ = exported["yangxin_smart_city_bot"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Cover", "Inputs", "Calc"]
    for name in (
        "项目投资现金流量表",
        "项目资本金现金流量表",
        "利润与利润分配表",
        "借款还本付息计划表",
        "财务计划现金流量表",
        "Metrics",
        "Checks",
        "Charts",
    ):
        assert name in book.sheetnames
    cover_values = [cell.value for row in book["Cover"].iter_rows() for cell in row]
    assert evaluation.input_hash in cover_values
    assert evaluation.input_hash.startswith("sha256:")
    assert __version__ in cover_values
    assert "万元" in cover_values
    for name in (
        "in_discount_rate",
        "in_loan_rate",
        "in_capex1_amount",
        "in_capex1_phasing",
        "in_band_min",
        "calc_total_investment",
        "chk_tolerance",
    ):
        assert name in book.defined_names, name
    assert book["Calc"].freeze_panes == "E5"
    assert len(book["Charts"]._charts) == 2  # cash flows and DSCR


def test_cached_values_are_the_engine_figures(
    exported: dict[str, tuple[Path, Evaluation, WorkbookMap]],
) -> None:
    """A viewer that does not recalculate shows the engine's numbers."""
    for path, evaluation, workbook_map in exported.values():
        book = openpyxl.load_workbook(path, data_only=True)
        compare_with_engine(book, evaluation, workbook_map)
        assert book["Cover"][workbook_map.master_check].value is True


def test_inputs_are_styled_and_named(exported: dict[str, tuple[Path, Evaluation, WorkbookMap]]) -> None:
    path, _, workbook_map = exported["taoyuan_phase1_refresh"]
    book = openpyxl.load_workbook(path)
    inputs = book["Inputs"]
    for name, reference in workbook_map.names.items():
        assert book.defined_names[name].attr_text == reference
        cell_reference = reference.split("!")[1].split(":")[0].replace("$", "")
        cell = inputs[cell_reference]
        if cell.value is not None and cell.data_type == "n":
            assert cell.font.color is not None, name
            assert cell.font.color.rgb.endswith("0000FF"), name
            assert cell.fill.fgColor.rgb.endswith("FFF2CC"), name


def relative_form(formula: str, column: int) -> str:
    """The formula with every relative column reference written as an offset from ``column`` (R1C1 style)."""

    def replace(match: re.Match[str]) -> str:
        dollar_col, letters, dollar_row, digits = match.groups()
        if dollar_col:
            return match.group(0)
        index = openpyxl.utils.column_index_from_string(letters)
        return f"C[{index - column}]{dollar_row}{digits}"

    return re.sub(r"(?<![A-Za-z_])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(])", replace, formula)


@pytest.mark.parametrize("sample", [path.stem for path in SAMPLES])
def test_one_formula_per_row_and_no_hard_coded_numbers(
    exported: dict[str, tuple[Path, Evaluation, WorkbookMap]], sample: str
) -> None:
    """FAST / ICAEW: a Calc row has one formula across its period columns, with no numbers but 0 and 1."""
    path, _, workbook_map = exported[sample]
    sheet: Worksheet = openpyxl.load_workbook(path)["Calc"]
    periods = workbook_map.periods
    for row in range(5, sheet.max_row + 1):
        formulas = [sheet.cell(row, FIRST_COL + 1 + index).value for index in range(periods)]
        if formulas[0] is None:
            continue
        forms = {relative_form(str(formula), FIRST_COL + 1 + index) for index, formula in enumerate(formulas)}
        assert len(forms) == 1, (row, forms)
        stripped = re.sub(
            r"C\[-?\d+\]\$?\d+|\$?[A-Z]{1,3}\$?\d+|[A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\"", "", forms.pop()
        )
        numbers = set(re.findall(r"\d+(?:\.\d+)?", stripped))
        assert numbers <= {"0", "1"}, (row, sheet.cell(row, 1).value, numbers)


INJECTION = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\0=1+1",
    '=HYPERLINK("http://attacker.example/","x")',
    "=cmd|' /C calc'!A0",
)


def injected_project(payload: str) -> Project:
    data = load(ROOT / "sample_projects" / "yangxin_smart_city_bot.toml").model_dump(
        by_alias=True, exclude_unset=True, exclude_none=True
    )
    tag = f"{payload}#INJ"
    data["project"].update(name=tag, city=tag, sector=tag, money_unit=tag[:20])
    for group in ("capex", "opex", "revenue", "kpis"):
        for item in data.get(group, []):
            item["name"] = tag
    for kpi in data["kpis"]:
        kpi["unit"] = tag
    data["revenue"] = [{"name": tag, "amount": 10.0}]
    data["fiscal"]["risk_scenarios"] = [
        {"name": tag, "probability": 1.0, "expenditure": [1.0] * 15},
    ]
    data["fiscal"].pop("risk_ratio", None)
    data["bid"] = {"bidder": tag, "submitted": datetime.date(2017, 1, 5), "technical_score": 80.0}
    data["tender"] = {"price_weight": 0.3, "technical_weight": 0.7}
    return Project.model_validate(data)


@pytest.mark.parametrize("payload", INJECTION)
def test_injection_corpus_never_becomes_a_formula(payload: str) -> None:
    project = injected_project(payload)
    evaluation = evaluate(project)
    extra = ExtraSheet("Bids", ["bidder", "price"], [[f"{payload}#INJ", 1.0]])
    data = export_workbook(evaluation, project, extra_sheets=[extra], today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    assert "#INJ" not in str(value), (sheet.title, cell.coordinate)
                elif isinstance(value, str) and "INJ" in value:
                    found += 1
                    assert cell.data_type == "s"
                    assert is_neutral(value), (sheet.title, cell.coordinate, value)
                    assert "\0" not in value
    # name, city, sector, unit, 9 capex + 5 opex + 1 revenue names, 7 KPI names and units, risk, bidder, extra
    assert found >= 30


# ---- LibreOffice proof ----------------------------------------------------------------------------------


def compare_with_engine(book: Any, evaluation: Evaluation, workbook_map: WorkbookMap) -> None:
    """Calc rows ↔ Evaluation.years, Metrics ↔ Evaluation.metrics, to 1e-9 relative."""
    calc = book["Calc"]
    for year_key, calc_key in YEAR_ROWS.items():
        if calc_key not in workbook_map.calc_rows:
            assert all(year[year_key] is None for year in evaluation.years), year_key
            continue
        row = workbook_map.calc_rows[calc_key]
        engine = [year[year_key] for year in evaluation.years]
        scale = max((abs(v) for v in engine if v is not None), default=0.0)
        for index, expected in enumerate(engine):
            value = calc[f"{period_column(index)}{row}"].value
            if expected is None:
                assert value in (None, ""), (year_key, index, value)
            else:
                assert is_number(value), (year_key, index, value)
                assert close(float(value), float(expected), scale), (year_key, index, value, expected)
    metrics = book["Metrics"]
    for key, expected in evaluation.metrics.items():
        value = metrics[workbook_map.metric_cells[key]].value
        if expected is None:
            assert value == "n/a", (key, value)
        else:
            assert is_number(value), (key, value)
            assert close(float(value), expected), (key, value, expected)


def assert_no_error_values(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "e" or (isinstance(value, str) and value.startswith(ERROR_VALUES)):
                    pytest.fail(f"{sheet.title}!{cell.coordinate} shows {value!r}")


def assert_every_formula_matches(original: Path, recalculated: Path) -> int:
    """Every formula cell's recalculated value equals the cached (engine) value; returns the count."""
    cached = openpyxl.load_workbook(original, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    by_row: dict[tuple[str, int], list[tuple[str, Any]]] = {}
    for title, coordinate, _ in formula_cells(original):
        row = int(re.sub(r"[A-Z]", "", coordinate))
        by_row.setdefault((title, row), []).append((coordinate, cached[title][coordinate].value))
    count = 0
    for (title, _), cells in by_row.items():
        scale = max((abs(float(v)) for _, v in cells if is_number(v)), default=0.0)
        for coordinate, expected in cells:
            value = fresh[title][coordinate].value
            count += 1
            if is_number(expected):
                assert is_number(value), (title, coordinate, value, expected)
                assert close(float(value), float(expected), scale), (title, coordinate, value, expected)
            elif expected in (None, ""):
                assert value in (None, ""), (title, coordinate, value)
            else:
                assert value == expected, (title, coordinate, value, expected)
    return count


@pytest.fixture(scope="module")
def recalculated(
    exported: dict[str, tuple[Path, Evaluation, WorkbookMap]], recalculate: Recalculate
) -> dict[str, Path]:
    paths = [path for path, _, _ in exported.values()]
    return dict(zip(exported, recalculate(paths), strict=True))


@pytest.mark.parametrize("sample", [path.stem for path in SAMPLES])
def test_libreoffice_recalculation_equals_the_engine(
    exported: dict[str, tuple[Path, Evaluation, WorkbookMap]], recalculated: dict[str, Path], sample: str
) -> None:
    path, evaluation, workbook_map = exported[sample]
    fresh_path = recalculated[sample]
    count = assert_every_formula_matches(path, fresh_path)
    assert count > 2000  # every formula cell compared: ~2,900 for a 15-year project
    fresh = openpyxl.load_workbook(fresh_path, data_only=True)
    assert_no_error_values(fresh)
    compare_with_engine(fresh, evaluation, workbook_map)
    assert fresh["Cover"][workbook_map.master_check].value is True


def test_libreoffice_really_recalculates(
    tmp_path: Path, recalculate: Recalculate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached values deliberately wrong (0 everywhere): LibreOffice's results are still the engine's."""
    project = load(ROOT / "sample_projects" / "penglai_viability_gap.toml")
    evaluation = evaluate(project)
    monkeypatch.setattr(workbook_module, "_cell", lambda value: 0.0)
    path = tmp_path / "wrong-cache.xlsx"
    workbook_map = write_workbook(path, evaluation, project, today=TODAY)
    stale = openpyxl.load_workbook(path, data_only=True)
    assert stale["Calc"][f"{period_column(5)}{workbook_map.calc_rows['government_payment']}"].value == 0
    (fresh_path,) = recalculate([path])
    fresh = openpyxl.load_workbook(fresh_path, data_only=True)
    compare_with_engine(fresh, evaluation, workbook_map)
    assert fresh["Cover"][workbook_map.master_check].value is True


def changed(project: Project, change: dict[str, Any]) -> Project:
    data = project.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
    for dotted, value in change.items():
        target: Any = data
        *path, last = dotted.split(".")
        for part in path:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return Project.model_validate(data)


@pytest.mark.parametrize(
    ("sample", "name", "key", "value"),
    [
        ("yangxin_smart_city_bot", "in_discount_rate", "rates.discount_rate", 0.065),
        ("taoyuan_phase1_refresh", "in_capex2_amount", "capex.1.amount", 19000.0),
        ("user_pay_franchise_2023", "in_loan_rate", "financing.loan_rate", 0.052),
    ],
)
def test_the_model_is_live(
    tmp_path: Path, recalculate: Recalculate, sample: str, name: str, key: str, value: float
) -> None:
    """Change one input cell with openpyxl (formulas kept), recalculate: the engine agrees on the change."""
    project = load(ROOT / "sample_projects" / f"{sample}.toml")
    path = tmp_path / f"{sample}.xlsx"
    workbook_map = write_workbook(path, evaluate(project), project, today=TODAY)
    book = openpyxl.load_workbook(path)
    reference = workbook_map.names[name].split("!")[1].replace("$", "")
    before = book["Inputs"][reference].value
    assert before != value
    book["Inputs"][reference].value = value
    edited = tmp_path / f"{sample}-edited.xlsx"
    book.save(edited)
    (fresh_path,) = recalculate([edited])
    fresh = openpyxl.load_workbook(fresh_path, data_only=True)
    assert_no_error_values(fresh)
    expected = evaluate(changed(project, {key: value}))
    original = evaluate(project)
    compare_with_engine(fresh, expected, workbook_map)
    moved = [
        k
        for k, v in expected.metrics.items()
        if v is not None
        and original.metrics[k] is not None
        and not math.isclose(v, original.metrics[k] or 0.0)
    ]
    assert moved, "the change should move some metric"


def test_extra_sheets_and_language(tmp_path: Path) -> None:
    project = load(ROOT / "sample_projects" / "leshan_operating_concession.toml")
    evaluation = evaluate(project)
    draws = np.random.default_rng(1).normal(size=(50, 3))
    data = export_workbook(
        evaluation,
        project,
        language="zh",
        extra_sheets=[ExtraSheet("Monte Carlo", ["a", "b", "c"], draws)],
        today=TODAY,
    )
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert book["Monte Carlo"].max_row == 51
    assert book["Monte Carlo"]["B2"].value == pytest.approx(draws[0, 1])
    labels = [cell.value for cell in book["Calc"]["A"]]
    assert "建设投资" in labels
    assert "政府付费" in labels


# ---- the command and the benchmark ------------------------------------------------------------------------


def test_cli_export_writes_the_workbook(tmp_path: Path) -> None:
    from ppp.cli import main

    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "yangxin.xlsx"
    sample = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
    code = main(["--lang", "zh", "export", str(sample), "-o", str(target)], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert str(target) in out.getvalue()
    book = openpyxl.load_workbook(target, data_only=True)
    assert "项目投资现金流量表" in book.sheetnames
    assert book["Metrics"]["A5"].value == "项目财务净现值（税前）"


def test_cli_export_bad_input_exits_2(tmp_path: Path) -> None:
    from ppp.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text('schema = "ppp-project/1"\n[project]\nname = ""\n', encoding="utf-8")
    err = io.StringIO()
    code = main(["export", str(bad), "-o", str(tmp_path / "x.xlsx")], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert not (tmp_path / "x.xlsx").exists()
    sample = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
    unwritable = tmp_path / "missing-dir" / "x.xlsx"
    assert main(["export", str(sample), "-o", str(unwritable)], stdout=io.StringIO(), stderr=err) == 2


def test_benchmark_runs() -> None:
    from ppp.bench_export import bench_export, report

    result = bench_export(repeat=1)
    assert result["rows"] == 10_000
    # the figures are printed side by side by the benchmark; comparing timings here would make a flaky test
    assert result["seconds"] > 0
    assert result["seconds_without_monte_carlo"] > 0
    assert "target" in report(result)


# ---- the other options, through LibreOffice ----------------------------------------------------------

VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    # annuity payment on construction investment, IDC at the start of the year, equal-principal debt, no loss
    # carry-forward, depreciation without the government's equity, no score bands, risk by scenarios
    "options": (
        "yangxin_smart_city_bot",
        {
            "payment.method": "annuity",
            "payment.cost_basis": "construction-investment",
            "payment.score_bands": [],
            "financing.idc_timing": "start-of-year",
            "financing.repayment": "equal-principal",
            "tax.loss_carryforward_years": 0,
            "tax.depreciation_basis": "excluding-government-equity",
            "fiscal.risk_ratio": None,
            "fiscal.risk_scenarios": [
                {"name": "base", "probability": 0.7, "expenditure": [100.0 + i for i in range(15)]},
                {"name": "adverse", "probability": 0.3, "expenditure": [300.0] * 15},
            ],
        },
    ),
    # an interest-free annuity loan, the mof-21 formula, no fiscal or VfM tables, no equity hurdle
    "interest_free": (
        "taoyuan_phase1_refresh",
        {
            "financing.loan_rate": 0.0,
            "financing.repayment": "annuity",
            "financing.target_dscr": None,
            "payment.method": "mof-21",
            "fiscal": None,
            "vfm": None,
            "rates.equity_hurdle_rate": None,
        },
    ),
    # all equity (no debt: DSCR, LLCR and ICR not applicable), a bid at 60 % of the schedule: early losses
    # carried forward and used, oldest first, over 3 years
    "all_equity_losses": (
        "leshan_operating_concession",
        {
            "financing.equity_ratio": 1.0,
            "payment.availability_factor": 0.6,
            "tax.loss_carryforward_years": 3,
            "tax.income_tax_rate": 0.25,
        },
    ),
    # TOT: no construction period, lifecycle capex only, no debt (no IRR: every flow is positive)
    "tot": (
        "leshan_operating_concession",
        {"timeline.construction_years": 0, "capex": "lifecycle-only", "financing.equity_ratio": 1.0},
    ),
    # a viability-gap payment floored at 0 in years where user revenue covers it, end-of-year IDC
    "gap_floor": (
        "penglai_viability_gap",
        {
            "payment.availability_factor": 0.05,
            "financing.idc_timing": "end-of-year",
            "payment.expected_score": 50.0,
        },
    ),
}


def variant(sample: str, change: dict[str, Any]) -> Project:
    data = load(ROOT / "sample_projects" / f"{sample}.toml").model_dump(
        by_alias=True, exclude_unset=True, exclude_none=True
    )
    for dotted, value in change.items():
        target: Any = data
        *path, last = dotted.split(".")
        for part in path:
            target = target[part]
        if value == "lifecycle-only":
            target[last] = [item for item in target[last] if item.get("lifecycle")]
        elif value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return Project.model_validate(data)


def test_variants_recalculate_to_the_engine(tmp_path: Path, recalculate: Recalculate) -> None:
    built = {}
    for name, (sample, change) in VARIANTS.items():
        project = variant(sample, change)
        evaluation = evaluate(project)
        path = tmp_path / f"{name}.xlsx"
        built[name] = (path, evaluation, write_workbook(path, evaluation, project, today=TODAY))
    fresh_paths = recalculate([path for path, _, _ in built.values()])
    losses_used = False
    for (name, (path, evaluation, workbook_map)), fresh_path in zip(built.items(), fresh_paths, strict=True):
        assert_every_formula_matches(path, fresh_path)
        fresh = openpyxl.load_workbook(fresh_path, data_only=True)
        assert_no_error_values(fresh)
        compare_with_engine(fresh, evaluation, workbook_map)
        assert fresh["Cover"][workbook_map.master_check].value is True, name
        row = workbook_map.calc_rows["loss_used"]
        losses_used |= any(
            (fresh["Calc"][f"{period_column(i)}{row}"].value or 0) > 0 for i in range(workbook_map.periods)
        )
    assert built["all_equity_losses"][1].metrics["min_dscr"] is None
    assert built["tot"][1].metrics["construction_investment"] == 0.0
    assert any(year["government_payment"] == 0.0 for year in built["gap_floor"][1].years[3:])
    assert losses_used


def test_extra_sheet_titles_are_made_valid_and_unique() -> None:
    project = load(ROOT / "sample_projects" / "leshan_operating_concession.toml")
    sheets = [
        ExtraSheet("Calc", ["a"], np.ones((2, 1))),
        ExtraSheet("'=bids[1]:?", ["=bidder", "price"], [["=1+1", 2.0], ["ok", None]]),
        ExtraSheet("calc", ["a"], [[1.0]]),
    ]
    book = openpyxl.load_workbook(
        io.BytesIO(export_workbook(evaluate(project), project, extra_sheets=sheets))
    )
    assert book.sheetnames[-3:] == ["Calc (2)", "=bids_1___", "calc (3)"]
    bids = book["=bids_1___"]
    assert bids["A1"].value == "'=bidder"
    assert bids["A2"].value == "'=1+1"
    assert bids["A2"].data_type == "s"
    with pytest.raises(ValueError, match="finite"):
        export_workbook(
            evaluate(project), project, extra_sheets=[ExtraSheet("x", ["a"], np.array([[np.nan]]))]
        )
