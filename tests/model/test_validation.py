"""Model-level validation: every rule of ppp.model.rules (and the structural ones) with its key path and rule.

Each test builds a small valid project as plain data, breaks one thing, and checks that
:func:`ppp.model.validate_data` (or :func:`ppp.model.parse_project` for TOML text) raises a
:class:`~ppp.model.ProjectError` whose problems name the right key path and rule, and that every problem
renders in English and Chinese without a missing catalog key or placeholder.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from typing import Any

import pytest

from ppp.i18n.catalog import MESSAGES
from ppp.model import Problem, ProjectError, parse_project, validate_data

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# ---------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------


def base_data() -> dict[str, Any]:
    """A small valid government-pay project (2 construction + 10 operating years)."""
    return {
        "schema": "ppp-project/1",
        "project": {"name": "Test platform", "framework": "international"},
        "timeline": {"start_year": 2020, "construction_years": 2, "operation_years": 10},
        "rates": {"discount_rate": 0.06, "reasonable_profit_rate": 0.07},
        "capex": [
            {"name": "Build", "amount": 1000.0, "phasing": [0.4, 0.6]},
            {"name": "Refresh", "amount": 100.0, "lifecycle": True, "every_years": 5},
        ],
        "opex": [{"name": "O&M", "amount": 30.0}],
        "financing": {"equity_ratio": 0.3, "loan_rate": 0.05, "tenor_years": 8},
        "payment": {"method": "mof-21"},
    }


def check_messages(problems: list[Problem]) -> None:
    """Every problem renders in both languages (no KeyError, no unfilled placeholder)."""
    for problem in problems:
        english = problem.message("en")
        chinese = problem.message("zh")
        assert english
        assert chinese
        for text in (english, chinese):
            assert not PLACEHOLDER.search(text), f"unfilled placeholder in {text!r}"
        if problem.rule != "rule.other":
            assert CJK.search(chinese), f"{problem.rule}: no Chinese text in {chinese!r}"
        if problem.path:
            assert problem.path in english
            assert problem.path in chinese
        problem.as_dict("en")
        problem.as_dict("zh")


def errors_of(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ProjectError) as caught:
        validate_data(data)
    problems = caught.value.problems
    assert problems, "a ProjectError must list at least one problem"
    assert all(problem.severity == "error" for problem in problems)
    check_messages(problems)
    check_messages(caught.value.warnings)
    return problems


def assert_problem(data: dict[str, Any], path: str, rule: str) -> Problem:
    problems = errors_of(data)
    found = [problem for problem in problems if problem.path == path and problem.rule == rule]
    assert found, f"expected {rule} at {path}, got {[(p.path, p.rule) for p in problems]}"
    return found[0]


def modified(**changes: Any) -> dict[str, Any]:
    """base_data() with ``section__key=value`` (``None`` deletes the key) applied."""
    data = base_data()
    for dotted, value in changes.items():
        *parents, key = dotted.split("__")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        if value is None:
            del target[key]
        else:
            target[key] = value
    return data


def test_base_data_is_valid() -> None:
    loaded = validate_data(base_data())
    assert loaded.project.periods == 12
    assert loaded.warnings == []


# ---------------------------------------------------------------------------------------------------------
# the message catalog itself
# ---------------------------------------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalog_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def _catalog_keys_used(source: str) -> set[str]:
    """Literal rule keys of ``Problem(path, rule, ...)`` and ``translate(key, ...)`` calls in ``source``."""
    keys: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        candidates: list[ast.expr] = []
        if name == "Problem":
            candidates = node.args[1:2] + [
                keyword.value for keyword in node.keywords if keyword.arg == "rule"
            ]
        elif name == "translate":
            candidates = node.args[:1]
        keys |= {
            candidate.value
            for candidate in candidates
            if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str)
        }
    return keys


def test_every_rule_used_in_the_code_is_in_the_catalog() -> None:
    sources = [
        *(REPO / "ppp" / "model").glob("*.py"),
        *(REPO / "ppp" / "engine").glob("*.py"),
        REPO / "ppp" / "cli.py",
    ]
    used: set[str] = set()
    for path in sources:
        used |= _catalog_keys_used(path.read_text(encoding="utf-8"))
    assert {"rule.phasing_sum", "rule.tenor_within_operation", "warn.linked_share"} <= used
    missing = sorted(key for key in used if key not in MESSAGES)
    assert not missing


# ---------------------------------------------------------------------------------------------------------
# schema string and required sections (io.validate_data)
# ---------------------------------------------------------------------------------------------------------


def test_wrong_schema_string() -> None:
    problem = assert_problem(modified(schema="ppp-project/2"), "schema", "rule.schema")
    assert problem.value == "ppp-project/2"
    assert '"ppp-project/2"' in problem.message("en")


def test_missing_schema() -> None:
    assert_problem(modified(schema=None), "schema", "rule.missing")


def test_wrong_schema_still_lists_the_other_problems() -> None:
    problems = errors_of(modified(schema="ppp-project/0", financing__tenor_yeers=3, rates__discount_rate=6.0))
    paths = {(problem.path, problem.rule) for problem in problems}
    assert ("schema", "rule.schema") in paths
    assert ("financing.tenor_yeers", "rule.unknown_key") in paths
    assert ("rates.discount_rate", "rule.rate_le") in paths


@pytest.mark.parametrize("section", ["project", "timeline", "rates", "financing", "payment"])
def test_missing_required_section(section: str) -> None:
    assert_problem(modified(**{section: None}), section, "rule.missing")


def test_empty_document_lists_every_missing_section() -> None:
    problems = errors_of({})
    paths = {problem.path for problem in problems if problem.rule == "rule.missing"}
    assert {"schema", "project", "timeline", "rates", "financing", "payment"} <= paths


def test_missing_required_key() -> None:
    assert_problem(modified(project__name=None), "project.name", "rule.missing")
    assert_problem(modified(timeline__operation_years=None), "timeline.operation_years", "rule.missing")


# ---------------------------------------------------------------------------------------------------------
# structural rules (pydantic errors turned into Problems)
# ---------------------------------------------------------------------------------------------------------


def test_unknown_top_level_key() -> None:
    problem = assert_problem(modified(extra_table={"x": 1}), "extra_table", "rule.unknown_key")
    assert "extra_table" in problem.message("zh")


def test_unknown_nested_key_names_the_array_index() -> None:
    data = base_data()
    data["capex"][0]["amout"] = data["capex"][0].pop("amount")
    problems = errors_of(data)
    assert ("capex[1].amout", "rule.unknown_key") in {(p.path, p.rule) for p in problems}


def test_unknown_key_deep_in_an_array_of_tables() -> None:
    data = modified(payment__score_bands=[{"min": 90, "coefficient": 1.0}, {"min": 0, "coef": 0.0}])
    problems = errors_of(data)
    pairs = {(p.path, p.rule) for p in problems}
    assert ("payment.score_bands[2].coef", "rule.unknown_key") in pairs
    assert ("payment.score_bands[2].coefficient", "rule.missing") in pairs


@pytest.mark.parametrize(
    ("changes", "path", "rule"),
    [
        ({"timeline__construction_years": "2"}, "timeline.construction_years", "rule.integer"),
        ({"timeline__construction_years": 2.5}, "timeline.construction_years", "rule.integer"),
        ({"rates__discount_rate": "6%"}, "rates.discount_rate", "rule.number"),
        ({"opex__0__amount": True}, "opex[1].amount", "rule.number"),
        ({"project__name": 42}, "project.name", "rule.text"),
        ({"capex__1__lifecycle": "yes"}, "capex[2].lifecycle", "rule.boolean"),
        ({"capex__0__phasing": 0.5}, "capex[1].phasing", "rule.list"),
        ({"financing": 0.3}, "financing", "rule.table"),
        (
            {"bid": {"bidder": "A", "submitted": "May 2024", "technical_score": 80}},
            "bid.submitted",
            "rule.date",
        ),
        ({"project__mode": "PFI"}, "project.mode", "rule.one_of"),
        ({"financing__repayment": "bullet"}, "financing.repayment", "rule.one_of"),
        ({"fiscal": {"general_budget": 0.0}}, "fiscal.general_budget", "rule.gt"),
        ({"opex__0__amount": -30.0}, "opex[1].amount", "rule.ge"),
        ({"tax": {"income_tax_rate": 1.0}}, "tax.income_tax_rate", "rule.lt"),
        ({"financing__equity_ratio": 30}, "financing.equity_ratio", "rule.le"),
        ({"project__name": ""}, "project.name", "rule.text_length"),
        ({"project__currency": "RMB¥"}, "project.currency", "rule.text_length"),
        (
            {
                "kpis": [
                    {"id": "Bad-Id", "name": "x", "target": 1, "direction": "higher", "points_per_unit": 1}
                ]
            },
            "kpis[1].id",
            "rule.pattern",
        ),
    ],
)
def test_structural_rule(changes: dict[str, Any], path: str, rule: str) -> None:
    assert_problem(modified(**changes), path, rule)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"rates__discount_rate": float("nan")}, "rates.discount_rate"),
        ({"rates__discount_rate": float("inf")}, "rates.discount_rate"),
        ({"opex__0__amount": float("inf")}, "opex[1].amount"),
        ({"capex__0__phasing": [float("nan"), 0.6]}, "capex[1].phasing[1]"),
        ({"fiscal": {"general_budget": float("-inf")}}, "fiscal.general_budget"),
        ({"vfm": {"competitive_neutrality": float("nan")}}, "vfm.competitive_neutrality"),
    ],
)
def test_nan_and_infinity_are_rejected(changes: dict[str, Any], path: str) -> None:
    problems = errors_of(modified(**changes))
    assert [problem for problem in problems if problem.path == path], [(p.path, p.rule) for p in problems]
    assert any(problem.rule == "rule.finite" or problem.path == path for problem in problems)


def test_nan_from_toml_text() -> None:
    text = """
schema = "ppp-project/1"
[project]
name = "x"
[timeline]
start_year = 2020
construction_years = 1
operation_years = 5
[rates]
discount_rate = nan
inflation = inf
[[capex]]
name = "b"
amount = 100
phasing = [1.0]
[financing]
equity_ratio = 0.3
[payment]
method = "mof-21"
"""
    with pytest.raises(ProjectError) as caught:
        parse_project(text)
    pairs = {(p.path, p.rule) for p in caught.value.problems}
    assert ("rates.discount_rate", "rule.finite") in pairs
    assert ("rates.inflation", "rule.finite") in pairs
    check_messages(caught.value.problems)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"rates__discount_rate": 6.0}, "rates.discount_rate"),
        ({"rates__reasonable_profit_rate": 7.0}, "rates.reasonable_profit_rate"),
        ({"rates__inflation": 2.0}, "rates.inflation"),
        ({"financing__loan_rate": 4.9}, "financing.loan_rate"),
        ({"opex__0__escalation": 3.0}, "opex[1].escalation"),
        ({"fiscal": {"general_budget": 1000.0, "budget_growth": 5.0}}, "fiscal.budget_growth"),
    ],
)
def test_rate_given_in_percent_says_rates_are_fractions(changes: dict[str, Any], path: str) -> None:
    problem = assert_problem(modified(**changes), path, "rule.rate_le")
    assert "0.049" in problem.message("en")
    assert "0.049" in problem.message("zh")


def test_multiple_structural_problems_are_all_listed() -> None:
    data = modified(
        rates__discount_rate=6.0,
        financing__loan_rate=-0.1,
        opex__0__amount=-1.0,
        project__stage="done",
    )
    data["capex"][0]["amout"] = 5
    pairs = {(p.path, p.rule) for p in errors_of(data)}
    assert {
        ("rates.discount_rate", "rule.rate_le"),
        ("financing.loan_rate", "rule.ge"),
        ("opex[1].amount", "rule.ge"),
        ("project.stage", "rule.one_of"),
        ("capex[1].amout", "rule.unknown_key"),
    } <= pairs


def test_toml_syntax_error() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_project('schema = "ppp-project/1"\n[project\nname = "x"\n')
    (problem,) = caught.value.problems
    assert problem.rule == "file.bad_toml"
    check_messages([problem])
    assert "line" in problem.message("en")


def test_empty_text() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_project("")
    assert {"schema", "project", "timeline"} <= {p.path for p in caught.value.problems}


# ---------------------------------------------------------------------------------------------------------
# cross-field rules (ppp.model.rules), one test per rule
# ---------------------------------------------------------------------------------------------------------

# timeline


def test_periods_max() -> None:
    problem = assert_problem(
        modified(timeline__construction_years=2, timeline__operation_years=49),
        "timeline.operation_years",
        "rule.periods_max",
    )
    assert problem.value == 49
    assert "51" in problem.message("en")
    assert "51" in problem.message("zh")


def test_periods_exactly_fifty_is_allowed() -> None:
    validate_data(modified(timeline__construction_years=2, timeline__operation_years=48))


def test_base_year_after_the_contract_period() -> None:
    problem = assert_problem(modified(timeline__base_year=2040), "timeline.base_year", "rule.base_year")
    assert "2020" in problem.message("en")
    assert "2031" in problem.message("en")


def test_base_year_before_start_is_allowed() -> None:
    validate_data(modified(timeline__base_year=2015))


# capex


def test_phasing_sum() -> None:
    problem = assert_problem(modified(capex__0__phasing=[0.4, 0.5]), "capex[1].phasing", "rule.phasing_sum")
    assert problem.value == [0.4, 0.5]
    assert "0.9" in problem.message("en")


def test_phasing_sum_tolerance_is_1e_9() -> None:
    validate_data(modified(capex__0__phasing=[0.4, 0.6 + 5e-10]))
    assert_problem(modified(capex__0__phasing=[0.4, 0.6 + 5e-9]), "capex[1].phasing", "rule.phasing_sum")


def test_phasing_length() -> None:
    problem = assert_problem(modified(capex__0__phasing=[0.2, 0.3, 0.5]), "capex[1].phasing", "rule.length")
    assert problem.params["expected"] == 2
    assert problem.params["actual"] == 3
    assert "construction year" in problem.message("en")
    assert "建设年" in problem.message("zh")


def test_phasing_required() -> None:
    assert_problem(modified(capex__0__phasing=None), "capex[1].phasing", "rule.phasing_required")


def test_amounts_length() -> None:
    data = modified(capex__0__phasing=None, capex__0__amount=None, capex__0__amounts=[500.0, 400.0, 100.0])
    assert_problem(data, "capex[1].amounts", "rule.length")


def test_amounts_alternative_is_valid() -> None:
    validate_data(modified(capex__0__phasing=None, capex__0__amount=None, capex__0__amounts=[600.0, 400.0]))


def test_capex_amount_and_amounts_both_given() -> None:
    assert_problem(modified(capex__0__amounts=[500.0, 500.0]), "capex[1]", "rule.capex_amount_or_amounts")


def test_capex_neither_amount_nor_amounts() -> None:
    assert_problem(modified(capex__0__amount=None), "capex[1]", "rule.capex_amount_or_amounts")


def test_capex_amounts_with_phasing() -> None:
    data = modified(capex__0__amount=None, capex__0__amounts=[500.0, 500.0])
    assert_problem(data, "capex[1]", "rule.capex_amount_or_amounts")


def test_capex_needs_construction_years() -> None:
    data = modified(timeline__construction_years=0, capex__0__phasing=[])
    assert_problem(data, "capex[1]", "rule.capex_needs_construction")


def test_construction_only_key() -> None:
    problem = assert_problem(
        modified(capex__0__every_years=5), "capex[1].every_years", "rule.construction_only_key"
    )
    assert problem.value == 5
    assert_problem(modified(capex__0__life_years=5), "capex[1].life_years", "rule.construction_only_key")
    assert_problem(
        modified(capex__0__operating_years=[3]), "capex[1].operating_years", "rule.construction_only_key"
    )


def test_lifecycle_no_phasing() -> None:
    assert_problem(modified(capex__1__phasing=[0.5, 0.5]), "capex[2]", "rule.lifecycle_no_phasing")
    assert_problem(modified(capex__1__amounts=[50.0, 50.0]), "capex[2]", "rule.lifecycle_no_phasing")


def test_lifecycle_amount() -> None:
    assert_problem(modified(capex__1__amount=None), "capex[2].amount", "rule.lifecycle_amount")


def test_lifecycle_timing_neither() -> None:
    assert_problem(modified(capex__1__every_years=None), "capex[2]", "rule.lifecycle_timing")


def test_lifecycle_timing_both() -> None:
    assert_problem(modified(capex__1__operating_years=[4]), "capex[2]", "rule.lifecycle_timing")


def test_operating_year_range() -> None:
    data = modified(capex__1__every_years=None, capex__1__operating_years=[5, 11])
    problem = assert_problem(data, "capex[2].operating_years", "rule.operating_year_range")
    assert problem.value == 11
    assert "10" in problem.message("zh")


# revenue


def test_revenue_start() -> None:
    data = modified(revenue=[{"name": "Fees", "amount": 10.0, "start_operating_year": 11}])
    data["project"]["payment_mode"] = "viability-gap"
    problem = assert_problem(data, "revenue[1].start_operating_year", "rule.revenue_start")
    assert problem.value == 11


# financing


def test_tenor_within_operation() -> None:
    problem = assert_problem(
        modified(financing__tenor_years=11), "financing.tenor_years", "rule.tenor_within_operation"
    )
    assert problem.value == 11
    assert "10" in problem.message("en")


def test_tenor_equal_to_operation_is_allowed() -> None:
    validate_data(modified(financing__tenor_years=10))


def test_target_dscr_required() -> None:
    assert_problem(
        modified(financing__repayment="sculpted"), "financing.target_dscr", "rule.target_dscr_required"
    )


def test_target_dscr_only_sculpted() -> None:
    problem = assert_problem(
        modified(financing__target_dscr=1.3), "financing.target_dscr", "rule.target_dscr_only_sculpted"
    )
    assert problem.value == 1.3


def test_sculpted_with_target_is_valid() -> None:
    validate_data(modified(financing__repayment="sculpted", financing__target_dscr=1.3))


# payment


def test_subsidy_years() -> None:
    problem = assert_problem(
        modified(payment__subsidy_years=12), "payment.subsidy_years", "rule.subsidy_years"
    )
    assert problem.value == 12


def test_schedule_required() -> None:
    assert_problem(modified(payment__method="schedule"), "payment.schedule", "rule.schedule_required")


def test_schedule_length() -> None:
    problem = assert_problem(
        modified(payment__method="schedule", payment__schedule=[100.0] * 9), "payment.schedule", "rule.length"
    )
    assert "operating year" in problem.message("en")
    assert "运营年" in problem.message("zh")


def test_schedule_only() -> None:
    assert_problem(modified(payment__schedule=[100.0] * 10), "payment.schedule", "rule.schedule_only")


def test_user_pay_method_mode_without_method() -> None:
    data = modified(project__payment_mode="user-pay", revenue=[{"name": "Fees", "amount": 100.0}])
    problem = assert_problem(data, "payment.method", "rule.user_pay_method")
    assert problem.value == "mof-21"


def test_user_pay_method_method_without_mode() -> None:
    assert_problem(modified(payment__method="user-pay"), "payment.method", "rule.user_pay_method")


def test_bands_descending() -> None:
    bands = [{"min": 60, "coefficient": 0.8}, {"min": 90, "coefficient": 1.0}]
    assert_problem(modified(payment__score_bands=bands), "payment.score_bands", "rule.bands_descending")


def test_bands_equal_min_is_not_descending() -> None:
    bands = [{"min": 60, "coefficient": 0.8}, {"min": 60, "coefficient": 1.0}]
    assert_problem(modified(payment__score_bands=bands), "payment.score_bands", "rule.bands_descending")


def test_score_not_covered() -> None:
    bands = [{"min": 90, "coefficient": 1.0}, {"min": 80, "coefficient": 0.9}]
    problem = assert_problem(
        modified(payment__score_bands=bands, payment__expected_score=70.0),
        "payment.expected_score",
        "rule.score_not_covered",
    )
    assert "70" in problem.message("zh")


# fiscal


def test_fiscal_other_ppp_expenditure_length() -> None:
    data = modified(fiscal={"general_budget": 1000.0, "other_ppp_expenditure": [1.0] * 11})
    problem = assert_problem(data, "fiscal.other_ppp_expenditure", "rule.length")
    assert problem.params["expected"] == 12


def test_fiscal_supporting_inputs_length() -> None:
    data = modified(fiscal={"general_budget": 1000.0, "supporting_inputs": [1.0] * 13})
    assert_problem(data, "fiscal.supporting_inputs", "rule.length")


def _scenarios(*probabilities: float, length: int = 12) -> list[dict[str, Any]]:
    return [
        {"name": f"s{index}", "probability": probability, "expenditure": [1.0] * length}
        for index, probability in enumerate(probabilities, start=1)
    ]


def test_risk_one_method() -> None:
    data = modified(
        fiscal={"general_budget": 1000.0, "risk_ratio": 0.05, "risk_scenarios": _scenarios(0.5, 0.5)}
    )
    assert_problem(data, "fiscal.risk_scenarios", "rule.risk_one_method")


def test_risk_scenario_expenditure_length() -> None:
    scenarios = _scenarios(0.5, 0.5)
    scenarios[1]["expenditure"] = [1.0] * 5
    data = modified(fiscal={"general_budget": 1000.0, "risk_scenarios": scenarios})
    assert_problem(data, "fiscal.risk_scenarios[2].expenditure", "rule.length")


def test_probabilities_sum() -> None:
    data = modified(fiscal={"general_budget": 1000.0, "risk_scenarios": _scenarios(0.5, 0.4)})
    problem = assert_problem(data, "fiscal.risk_scenarios", "rule.probabilities_sum")
    assert "0.9" in problem.message("en")


def test_risk_scenarios_valid() -> None:
    validate_data(modified(fiscal={"general_budget": 1000.0, "risk_scenarios": _scenarios(0.25, 0.75)}))


# kpis


def _kpi(kpi_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": kpi_id, "name": kpi_id, "target": 99.0, "direction": "higher", **extra}


def test_kpi_unique() -> None:
    data = modified(kpis=[_kpi("uptime", weight=100, tolerance=1), _kpi("uptime", points_per_unit=1)])
    problem = assert_problem(data, "kpis[2].id", "rule.kpi_unique")
    assert "uptime" in problem.message("zh")


@pytest.mark.parametrize(
    "extra",
    [{}, {"weight": 100.0}, {"tolerance": 1.0}, {"weight": 100.0, "tolerance": 1.0, "points_per_unit": 1.0}],
)
def test_kpi_kind(extra: dict[str, Any]) -> None:
    assert_problem(modified(kpis=[_kpi("uptime", **extra)]), "kpis[1]", "rule.kpi_kind")


def test_kpi_weights() -> None:
    data = modified(kpis=[_kpi("a", weight=40, tolerance=1), _kpi("b", weight=50, tolerance=1)])
    problem = assert_problem(data, "kpis", "rule.kpi_weights")
    assert "90" in problem.message("en")


def test_kpis_valid() -> None:
    data = modified(
        kpis=[
            _kpi("a", weight=40, tolerance=1),
            _kpi("b", weight=60, tolerance=1),
            _kpi("c", points_per_unit=2),
        ]
    )
    validate_data(data)


# deductions


@pytest.mark.parametrize(
    ("bands", "index"),
    [
        ([{"from": 1, "to": 10, "multiplier": 1.0}, {"from": 12, "multiplier": 1.2}], 2),  # gap
        ([{"from": 1, "to": 10, "multiplier": 1.0}, {"from": 10, "multiplier": 1.2}], 2),  # overlap
        ([{"from": 5, "to": 3, "multiplier": 1.0}], 1),  # to < from
        ([{"from": 1, "multiplier": 1.0}, {"from": 2, "multiplier": 1.2}], 1),  # open band not last
    ],
)
def test_deduction_bands(bands: list[dict[str, Any]], index: int) -> None:
    data = modified(deductions={"value_per_point": 1.0, "bands": bands})
    assert_problem(data, f"deductions.bands[{index}]", "rule.deduction_bands")


def test_deduction_bands_valid() -> None:
    bands = [{"from": 21, "to": 100, "multiplier": 1.0}, {"from": 101, "multiplier": 1.5}]
    validate_data(modified(deductions={"free_points": 20, "value_per_point": 3.0, "bands": bands}))


# tender


def test_tender_weights() -> None:
    data = modified(tender={"price_weight": 0.5, "technical_weight": 0.25})
    problem = assert_problem(data, "tender", "rule.tender_weights")
    assert "0.75" in problem.message("en")
    assert "0.75" in problem.message("zh")


def test_tender_valid() -> None:
    validate_data(modified(tender={"price_weight": 0.6, "technical_weight": 0.4}))


# several cross-field problems at once


def test_all_cross_field_problems_are_listed() -> None:
    data = modified(
        capex__0__phasing=[0.5, 0.6],
        financing__tenor_years=12,
        payment__subsidy_years=11,
        timeline__base_year=2100,
        tender={"price_weight": 0.5, "technical_weight": 0.4},
    )
    pairs = {(p.path, p.rule) for p in errors_of(data)}
    assert {
        ("capex[1].phasing", "rule.phasing_sum"),
        ("financing.tenor_years", "rule.tenor_within_operation"),
        ("payment.subsidy_years", "rule.subsidy_years"),
        ("timeline.base_year", "rule.base_year"),
        ("tender", "rule.tender_weights"),
    } <= pairs


def test_structural_and_cross_field_problems_are_listed_together() -> None:
    data = modified(rates__discount_rate=6.0, financing__tenor_years=12)
    pairs = {(p.path, p.rule) for p in errors_of(data)}
    assert ("rates.discount_rate", "rule.rate_le") in pairs
    assert ("financing.tenor_years", "rule.tenor_within_operation") in pairs


# ---------------------------------------------------------------------------------------------------------
# warnings: reported, never stop a project
# ---------------------------------------------------------------------------------------------------------

BANDS = [{"min": 90, "coefficient": 1.0}, {"min": 0, "coefficient": 0.0}]


def test_linked_share_below_30_percent_is_a_warning_under_mof_2015() -> None:
    data = modified(project__framework="mof-2015", payment__score_bands=BANDS, payment__linked_share=0.2)
    loaded = validate_data(data)
    (warning,) = [w for w in loaded.warnings if w.path == "payment.linked_share"]
    assert warning.rule == "warn.linked_share"
    assert warning.severity == "warning"
    assert warning.value == 0.2
    check_messages(loaded.warnings)
    assert "30%" in warning.message("en")
    assert "92号" in warning.message("zh")


def test_linked_share_at_30_percent_gives_no_warning() -> None:
    data = modified(project__framework="mof-2015", payment__score_bands=BANDS, payment__linked_share=0.3)
    assert not [w for w in validate_data(data).warnings if w.rule == "warn.linked_share"]


def test_linked_share_is_not_checked_outside_mof_2015() -> None:
    data = modified(project__framework="international", payment__score_bands=BANDS, payment__linked_share=0.1)
    assert not [w for w in validate_data(data).warnings if w.rule == "warn.linked_share"]


def test_franchise_with_government_pay_is_a_warning() -> None:
    loaded = validate_data(modified(project__framework="franchise-2023"))
    rules = {(w.path, w.rule) for w in loaded.warnings}
    assert ("project.payment_mode", "warn.franchise_government_pay") in rules
    check_messages(loaded.warnings)


@pytest.mark.parametrize(("operation_years", "warned"), [(38, False), (39, True)])
def test_a_franchise_longer_than_40_years_is_a_warning(operation_years: int, warned: bool) -> None:
    # two construction years: 2 + 38 = 40 is the limit, 2 + 39 = 41 is past it
    data = modified(
        project__framework="franchise-2023",
        timeline__construction_years=2,
        timeline__operation_years=operation_years,
    )
    loaded = validate_data(data)
    terms = [w for w in loaded.warnings if w.rule == "warn.franchise_term"]
    assert bool(terms) is warned
    if warned:
        assert terms[0].path == "timeline.operation_years"
        assert "41 years" in terms[0].message("en")
        assert "40 年" in terms[0].message("zh")
        check_messages(terms)


def test_revenue_under_government_pay_is_a_warning() -> None:
    loaded = validate_data(modified(revenue=[{"name": "Ads", "amount": 5.0}]))
    assert ("revenue", "warn.revenue_not_netted") in {(w.path, w.rule) for w in loaded.warnings}
    check_messages(loaded.warnings)


def test_warnings_travel_with_errors_but_are_not_errors() -> None:
    data = modified(
        project__framework="mof-2015",
        payment__score_bands=BANDS,
        payment__linked_share=0.1,
        financing__tenor_years=11,
    )
    with pytest.raises(ProjectError) as caught:
        validate_data(data)
    assert [(p.path, p.rule) for p in caught.value.problems] == [
        ("financing.tenor_years", "rule.tenor_within_operation")
    ]
    assert [(w.path, w.rule) for w in caught.value.warnings] == [
        ("payment.linked_share", "warn.linked_share")
    ]
    assert "linked_share" not in str(caught.value)
