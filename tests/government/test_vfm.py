"""Value for money: a worked example derived by hand (PSC parts, PPP value parts, amount and index), the risk
register's split by allocation, the qualitative score and its weight problems, and every input's source."""

from __future__ import annotations

import copy
import math
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ppp.engine import evaluate
from ppp.exports.workbook import write_workbook
from ppp.government.vfm import (
    PPP_VALUE_PARTS,
    PSC_PARTS,
    qualitative_result,
    risk_register,
    vfm_components,
    vfm_inputs,
)
from ppp.i18n import Language
from ppp.model import load_project, validate_data
from ppp.model.schema import VfmCriterion, VfmRisk

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"
R = 0.10

# The worked example: one construction year (2024) and two operating years, 10% discount, no inflation,
# no debt. Government payment = schedule 600 + O&M term 100 = 700 in 2025 and 2026.
# Fiscal expenditure: 2024 equity 0.2 × 1000 = 200, risk 0.1 × capex 1000 = 100, supporting 50;
#                     2025 and 2026 payment 700, risk 0.1 × 700 = 70.
# PSC: construction 1400 in 2024 (1400 / capex 1000 scales the capex profile), O&M 80 a year (80 / 100
# scales opex), competitive neutrality 30; register: overrun 0.5 × 200 private → transferable 100,
# policy 0.25 × 80 government → retained 20, demand 0.5 × 40 shared half → 10 retained and 10 transferable.
CONSTRUCTION_PV = 1400 / 1.1
OM_PV = 80 / 1.1**2 + 80 / 1.1**3
PSC = CONSTRUCTION_PV + OM_PV + 30 + 110 + 30
EQUITY_PV = 200 / 1.1
PAYMENT_PV = 700 / 1.1**2 + 700 / 1.1**3
RISK_PV = 100 / 1.1 + 70 / 1.1**2 + 70 / 1.1**3
SUPPORTING_PV = 50 / 1.1
PPP_VALUE = EQUITY_PV + PAYMENT_PV + RISK_PV + SUPPORTING_PV


def worked_data() -> dict[str, Any]:
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Worked VfM", "city": "Example county", "stage": "execution"},
        "timeline": {"start_year": 2024, "construction_years": 1, "operation_years": 2},
        "rates": {"discount_rate": R},
        "capex": [{"name": "Platform", "amount": 1000.0, "phasing": [1.0]}],
        "opex": [{"name": "O&M", "amount": 100.0}],
        "financing": {"equity_ratio": 1.0, "government_equity_share": 0.2, "tenor_years": 1},
        "payment": {"method": "schedule", "schedule": [600.0, 600.0]},
        "fiscal": {"general_budget": 10000.0, "risk_ratio": 0.1, "supporting_inputs": [50.0, 0.0, 0.0]},
        "vfm": {
            "psc_construction_cost": 1400.0,
            "psc_om_cost": 80.0,
            "competitive_neutrality": 30.0,
            "risks": [
                {"name": "Cost overrun", "probability": 0.5, "impact": 200.0, "allocation": "private"},
                {"name": "Policy change", "probability": 0.25, "impact": 80.0, "allocation": "government"},
                {
                    "name": "Demand",
                    "probability": 0.5,
                    "impact": 40.0,
                    "allocation": "shared",
                    "government_share": 0.5,
                    "source": "workshop 2024-03",
                },
            ],
            "sources": {"psc_construction_cost": "feasibility study 2023, table 7"},
        },
    }


def test_the_worked_example_splits_psc_and_ppp_value_as_derived_by_hand() -> None:
    project = validate_data(worked_data()).project
    evaluation = evaluate(project)
    parts = vfm_components(project, evaluation)
    assert parts is not None
    assert parts.construction_cost == pytest.approx(CONSTRUCTION_PV, rel=1e-12)
    assert parts.om_cost == pytest.approx(OM_PV, rel=1e-12)
    assert (parts.competitive_neutrality, parts.transferable_risk, parts.retained_risk) == (30.0, 110.0, 30.0)
    assert parts.psc == pytest.approx(PSC, rel=1e-12)
    assert parts.equity_expenditure == pytest.approx(EQUITY_PV, rel=1e-12)
    assert parts.government_payment == pytest.approx(PAYMENT_PV, rel=1e-12)
    assert parts.risk_expenditure == pytest.approx(RISK_PV, rel=1e-12)
    assert parts.supporting_expenditure == pytest.approx(SUPPORTING_PV, rel=1e-12)
    # the fiscal view has its own risk line, so the [vfm] retained risk is not added a second time
    assert parts.ppp_retained_risk == 0.0
    assert parts.ppp_value == pytest.approx(PPP_VALUE, rel=1e-12)
    assert parts.vfm_amount == pytest.approx(PSC - PPP_VALUE, rel=1e-9)
    assert parts.vfm_index == pytest.approx((PSC - PPP_VALUE) / PSC, rel=1e-9)
    assert parts.passed
    # the engine's own figures
    assert evaluation.metrics["vfm_amount"] == pytest.approx(parts.vfm_amount, rel=1e-12)


def test_without_a_fiscal_risk_line_the_retained_risk_enters_the_ppp_value() -> None:
    data = worked_data()
    del data["fiscal"]["risk_ratio"]
    project = validate_data(data).project
    parts = vfm_components(project, evaluate(project))
    assert parts is not None
    assert parts.risk_expenditure == 0.0
    assert parts.ppp_retained_risk == 30.0
    assert parts.ppp_value == pytest.approx(EQUITY_PV + PAYMENT_PV + SUPPORTING_PV + 30.0, rel=1e-12)


def test_the_waterfall_climbs_to_the_psc_and_falls_to_the_vfm_amount() -> None:
    project = validate_data(worked_data()).project
    parts = vfm_components(project, evaluate(project))
    assert parts is not None
    steps = parts.waterfall()
    assert [step.key for step in steps] == [*PSC_PARTS, "psc", *PPP_VALUE_PARTS, "vfm_amount"]
    psc_step = steps[len(PSC_PARTS)]
    assert steps[len(PSC_PARTS) - 1].end == pytest.approx(psc_step.end, rel=1e-12)
    last_part = steps[-2]
    assert last_part.end == pytest.approx(steps[-1].end, rel=1e-9)
    assert all(step.amount <= 0.0 for step in steps if step.key in PPP_VALUE_PARTS)


def test_a_project_without_vfm_has_no_components() -> None:
    data = worked_data()
    del data["vfm"]
    project = validate_data(data).project
    assert vfm_components(project, evaluate(project)) is None
    assert vfm_inputs(project) == []


def test_the_components_must_belong_to_the_evaluation() -> None:
    project = validate_data(worked_data()).project
    other = copy.deepcopy(worked_data())
    other["vfm"]["competitive_neutrality"] = 999.0
    with pytest.raises(ValueError, match="psc"):
        vfm_components(validate_data(other).project, evaluate(project))


@pytest.mark.parametrize(
    "stem", ["yangxin_smart_city_bot", "penglai_viability_gap", "taoyuan_phase1_refresh"]
)
def test_the_parts_add_up_to_the_engine_on_every_sample(stem: str) -> None:
    project = load_project(SAMPLES / f"{stem}.toml").project
    evaluation = evaluate(project)
    parts = vfm_components(project, evaluation)
    assert parts is not None
    assert parts.vfm_amount == pytest.approx(evaluation.metrics["vfm_amount"], rel=1e-12)
    assert math.fsum(getattr(parts, key) for key in PSC_PARTS) == pytest.approx(parts.psc, rel=1e-12)


def test_the_register_splits_each_risk_by_allocation() -> None:
    register = risk_register(
        [
            VfmRisk(name="Overrun", probability=0.5, impact=200.0, allocation="private"),
            VfmRisk(name="Policy", probability=0.25, impact=80.0, allocation="government"),
            VfmRisk(name="Demand", probability=0.5, impact=40.0, allocation="shared", government_share=0.5),
        ]
    )
    assert [(line.retained, line.transferable) for line in register.risks] == [
        (0.0, 100.0),
        (20.0, 0.0),
        (10.0, 10.0),
    ]
    assert (register.retained_risk, register.transferable_risk, register.expected_cost) == (
        30.0,
        110.0,
        140.0,
    )
    assert [line.government_share for line in register.risks] == [0.0, 1.0, 0.5]


CORE = [("全生命周期整合程度", 15, 80), ("风险识别与分配", 15, 70), ("绩效导向与鼓励创新", 15, 60)]
CORE += [("潜在竞争程度", 15, 90), ("政府机构能力", 10, 50), ("可融资性", 10, 60)]
SUPPLEMENTARY = [("项目规模", 12, 70), ("全生命周期成本测算准确性", 8, 40)]


def criteria(
    core: list[tuple[str, float, float]], extra: list[tuple[str, float, float]]
) -> list[VfmCriterion]:
    return [VfmCriterion(name=n, group="core", weight=w, score=s) for n, w, s in core] + [
        VfmCriterion(name=n, group="supplementary", weight=w, score=s) for n, w, s in extra
    ]


def test_the_qualitative_score_is_the_weighted_sum_and_passes_at_60() -> None:
    # (15·80 + 15·70 + 15·60 + 15·90 + 10·50 + 10·60 + 12·70 + 8·40) / 100 = 6760 / 100
    result = qualitative_result(criteria(CORE, SUPPLEMENTARY))
    assert result.score == pytest.approx(67.6, abs=1e-12)
    assert (result.core_weight, result.supplementary_weight) == (80.0, 20.0)
    assert result.passed
    assert result.conclusive
    assert [line.weighted for line in result.criteria][:2] == [12.0, 10.5]


def test_a_score_below_60_fails() -> None:
    low = [(name, weight, 50.0) for name, weight, _ in CORE]
    result = qualitative_result(criteria(low, SUPPLEMENTARY))
    # (80 · 50 + 12 · 70 + 8 · 40) / 100 = 51.6
    assert result.score == pytest.approx(51.6, abs=1e-12)
    assert not result.passed
    assert result.conclusive


def test_weights_that_do_not_sum_right_make_the_result_inconclusive() -> None:
    heavy = [(name, 20.0, score) for name, _, score in CORE]
    result = qualitative_result(criteria(heavy, SUPPLEMENTARY))
    assert [(problem.rule, problem.value) for problem in result.problems] == [
        ("rule.vfm_core_weights", 120.0)
    ]
    assert "80" in result.problems[0].message("en")
    assert "120" in result.problems[0].message("en")
    assert not result.conclusive
    assert not result.passed
    five = qualitative_result(criteria(CORE[:5], [("Other", 30.0, 90.0)]))
    rules = [problem.rule for problem in five.problems]
    assert rules == ["rule.vfm_core_weights", "rule.vfm_supplementary_weights", "rule.vfm_core_count"]


def test_every_input_states_its_value_and_source() -> None:
    project = validate_data(worked_data()).project
    rows = {row.key: row for row in vfm_inputs(project)}
    assert list(rows) == [
        "discount_rate",
        "psc_construction_cost",
        "psc_om_cost",
        "competitive_neutrality",
        "transferable_risk",
        "retained_risk",
    ]
    assert rows["psc_construction_cost"].source == "feasibility study 2023, table 7"
    assert rows["psc_construction_cost"].source_kind == "stated"
    assert rows["psc_om_cost"].source_kind == "given"
    assert (rows["transferable_risk"].value, rows["transferable_risk"].source_kind) == (110.0, "register")
    assert (rows["retained_risk"].value, rows["retained_risk"].source_kind) == (30.0, "register")
    data = worked_data()
    del data["vfm"]["psc_construction_cost"], data["vfm"]["psc_om_cost"], data["vfm"]["sources"]
    defaults = {row.key: row for row in vfm_inputs(validate_data(data).project)}
    assert (defaults["psc_construction_cost"].value, defaults["psc_construction_cost"].source_kind) == (
        1000.0,
        "default_capex",
    )
    assert (defaults["psc_om_cost"].value, defaults["psc_om_cost"].source_kind) == (100.0, "default_opex")


# --- the VfM report in the workbook -------------------------------------------------------------------------

RECALC_PROFILE = (
    '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
    '<prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
    "<value>0</value></prop></item></oor:items>"
)


def recalculated_copy(path: Path, tmp_path: Path) -> Path:
    """The workbook recalculated by LibreOffice headless (skipped locally without it, a failure in CI)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) not found (CI must run these tests)")
        pytest.skip("LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui")
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--convert-to", "xlsx", "--outdir", str(out), str(path)]
    subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    converted = out / path.name
    assert converted.exists()
    return converted


def workbook_project() -> Any:
    data = worked_data()
    data["vfm"]["criteria"] = [
        {"name": name, "group": "core", "weight": float(weight), "score": float(score)}
        for name, weight, score in CORE
    ] + [
        {"name": name, "group": "supplementary", "weight": float(weight), "score": float(score)}
        for name, weight, score in SUPPLEMENTARY
    ]
    return validate_data(data).project


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_workbook_reports_every_vfm_figure_as_a_formula_that_recalculates(
    language: Language, tmp_path: Path
) -> None:
    project = workbook_project()
    evaluation = evaluate(project)
    path = tmp_path / "vfm.xlsx"
    cells = write_workbook(path, evaluation, project, language=language).vfm_cells
    parts = vfm_components(project, evaluation)
    assert parts is not None
    book = openpyxl.load_workbook(path)
    sheet = book["VfM"]
    assert sheet[cells["psc"]].value == "=$C$15+$C$16+$C$17+$C$18+$C$19"
    assert str(sheet[cells["construction_cost"]].value).startswith("=NPV(in_discount_rate,Calc!")
    assert sheet[cells["in_transferable_risk"]].value == "=in_transferable_risk"
    # the source column states the file's own source, or how the value was set
    row = int(cells["in_psc_construction_cost"][1:])
    assert sheet.cell(row, 5).value == "feasibility study 2023, table 7"
    fresh = openpyxl.load_workbook(recalculated_copy(path, tmp_path), data_only=True)["VfM"]
    expected = {
        "construction_cost": CONSTRUCTION_PV,
        "om_cost": OM_PV,
        "psc": PSC,
        "ppp_value": PPP_VALUE,
        "vfm_amount": PSC - PPP_VALUE,
        "vfm_index": (PSC - PPP_VALUE) / PSC,
        "in_transferable_risk": 110.0,
        "in_retained_risk": 30.0,
    }
    for key, value in expected.items():
        assert fresh[cells[key]].value == pytest.approx(value, rel=1e-9), key
    # the register (expected, retained, transferable) and the qualitative table give the hand figures
    values = [list(row) for row in fresh.iter_rows(values_only=True)]
    totals = next(row for row in values if row[5] is not None and row[0] in ("Total", "合计"))
    assert totals[5:8] == pytest.approx((140.0, 30.0, 110.0), rel=1e-12)
    score = next(row for row in values if row[0] in ("Weighted score (pass at 60)", "加权得分（60 分通过）"))
    assert score[4] == pytest.approx(67.6, rel=1e-12)
    result = next(row for row in values if row[0] in ("Result", "结论"))
    assert result[4] == ("pass" if language == "en" else "通过")
    # every formula of the sheet recalculates to the value the exporter cached
    cached = openpyxl.load_workbook(path, data_only=True)["VfM"]
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert len(formulas) > 30
    for coordinate in formulas:
        expected_value = cached[coordinate].value
        if isinstance(expected_value, float):
            assert fresh[coordinate].value == pytest.approx(expected_value, rel=1e-9, abs=1e-9), coordinate
        else:
            assert fresh[coordinate].value == expected_value, coordinate
