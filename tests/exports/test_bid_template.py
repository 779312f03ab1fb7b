"""The bid template and its reader: tender → template → filled in by a bidder → the bid's project file.

Every bad file gets one clear problem; every bad cell is named by sheet and cell in both languages; the rule
problems of the bid name the template's cell; a template of another tender is refused.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ppp.engine import evaluate
from ppp.exports.bid_template import (
    BID_FIRST_ROW,
    BID_SHEET,
    bid_template,
    bid_terms,
    read_bid_workbook,
)
from ppp.exports.template import INSTRUCTIONS_SHEET, OPEX_SHEET, SCHEDULE_SHEET, schedules_template
from ppp.exports.xlsx_import import MAX_FILE_BYTES, TemplateRulesError
from ppp.model import Project, ProjectError, load_project, project_data, validate_data

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_projects").glob("*.toml"))
ARCHETYPES = sorted((ROOT / "models" / "archetypes").glob("*.toml"))
YANGXIN = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
LESHAN = ROOT / "sample_projects" / "leshan_operating_concession.toml"
USER_PAY = ROOT / "models" / "archetypes" / "user_pay_franchise.toml"
TENDER_TERMS = {"price_weight": 0.6, "technical_weight": 0.4, "abnormally_low_margin": 0.15}
SUBMITTED = datetime.date(2024, 5, 10)


def _tender(path: Path = YANGXIN) -> Project:
    """The project of ``path`` as a tender: with a [tender] table."""
    data = project_data(load_project(path).project)
    data["tender"] = dict(TENDER_TERMS)
    return validate_data(data).project


def _row(tender: Project, key: str) -> int:
    return next(row for row, term in enumerate(bid_terms(tender), BID_FIRST_ROW) if term.key == key)


def _value_cell(tender: Project, key: str) -> str:
    return f"C{_row(tender, key)}"


def _edited(data: bytes, edit: Callable[[Any], None]) -> bytes:
    """The workbook opened, changed and saved again by openpyxl (as a bidder's spreadsheet program would)."""
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _signed(tender: Project, **terms: Any) -> Callable[[Any], None]:
    """An edit filling in bidder, date and technical score, and any ``terms`` (key with ``__`` for ``.``)."""
    values = {"bid.bidder": "Vendor A", "bid.submitted": SUBMITTED, "bid.technical_score": 86.5}
    values.update({key.replace("__", "."): value for key, value in terms.items()})

    def edit(workbook: Any) -> None:
        for key, value in values.items():
            workbook[BID_SHEET][_value_cell(tender, key)] = value

    return edit


def _filled(tender: Project, language: str = "en", **terms: Any) -> bytes:
    template = bid_template(tender, language="en" if language == "en" else "zh")
    return _edited(template, _signed(tender, **terms))


def _expected(tender: Project, bid: dict[str, Any] | None = None) -> dict[str, Any]:
    """The tender's data as the bid file it should become: [tender] out, [bid] in."""
    data = project_data(tender)
    del data["tender"]
    data["bid"] = bid or {"bidder": "Vendor A", "submitted": SUBMITTED, "technical_score": 86.5}
    return data


def _only_problem(data: bytes, tender: Project) -> tuple[str, str, str, str]:
    """The rule, path and English and Chinese messages of the one problem reading ``data`` raises."""
    before = tender.model_copy(deep=True)
    with pytest.raises(ProjectError) as caught:
        read_bid_workbook(data, tender)
    assert tender == before  # the reader never changes what it was given
    problems = caught.value.problems
    assert len(problems) == 1, caught.value.messages("en")
    problem = problems[0]
    english, chinese = problem.message("en"), problem.message("zh")
    assert english != chinese
    return problem.rule, problem.path, english, chinese


# --- the template ------------------------------------------------------------------------------------------


def test_the_bid_sheet_has_the_tenders_terms_prefilled_shaded_and_validated() -> None:
    tender = _tender()
    workbook = load_workbook(io.BytesIO(bid_template(tender, language="zh")))
    assert workbook.sheetnames[:2] == [INSTRUCTIONS_SHEET, BID_SHEET]
    sheet = workbook[BID_SHEET]
    assert sheet["B3"].value == tender.project.name
    assert sheet["B4"].value.startswith("sha256:")
    assert sheet["A6"].value == "条款\nTerm"  # Chinese first in a Chinese template, English below
    keys = [sheet.cell(row=row, column=2).value for row in range(BID_FIRST_ROW, BID_FIRST_ROW + 11)]
    assert keys == [
        "bid.bidder",
        "bid.submitted",
        "bid.technical_score",
        "rates.reasonable_profit_rate",
        "rates.om_profit_rate",
        "payment.availability_factor",
        "financing.equity_ratio",
        "financing.loan_rate",
        "financing.tenor_years",
        "financing.repayment",
        "financing.target_dscr",
    ]
    values = {key: sheet.cell(row=row, column=3).value for row, key in enumerate(keys, BID_FIRST_ROW)}
    assert values == {
        "bid.bidder": None,
        "bid.submitted": None,
        "bid.technical_score": None,
        "rates.reasonable_profit_rate": 0.075,
        "rates.om_profit_rate": 0.06,
        "payment.availability_factor": 1,
        "financing.equity_ratio": 0.25,
        "financing.loan_rate": 0.049,
        "financing.tenor_years": 13,
        "financing.repayment": "annuity",
        "financing.target_dscr": None,
    }
    assert all(sheet.cell(row=row, column=3).fill.fgColor.rgb.endswith("FFF2CC") for row in range(7, 18))
    assert sheet["C8"].number_format == "yyyy-mm-dd"
    validated = {str(ref) for validation in sheet.data_validations.dataValidation for ref in validation.sqref}
    assert validated == {f"C{row}" for row in range(7, 18)}
    repayment = next(v for v in sheet.data_validations.dataValidation if "C16" in str(v.sqref))
    assert (repayment.type, repayment.formula1) == ("list", '"annuity,equal-principal,sculpted"')
    tenor = next(v for v in sheet.data_validations.dataValidation if "C15" in str(v.sqref))
    assert (tenor.type, tenor.formula1, tenor.formula2) == ("whole", "1", "13")
    assert "合理利润率" in sheet["D10"].value
    instructions = workbook[INSTRUCTIONS_SHEET]
    assert tender.project.name in instructions["A1"].value
    assert instructions["A16"].value.startswith("9. ")
    assert instructions["A20"].value.startswith("13. ")


def test_the_terms_follow_the_tenders_payment_method() -> None:
    schedule = [term.key for term in bid_terms(_tender(LESHAN))]
    assert "rates.reasonable_profit_rate" not in schedule  # the schedule method's formula has no profit rate
    assert "payment.availability_factor" in schedule
    user_pay = [term.key for term in bid_terms(load_project(USER_PAY).project)]
    assert not {"rates.reasonable_profit_rate", "rates.om_profit_rate", "payment.availability_factor"} & set(
        user_pay
    )
    assert user_pay[:3] == ["bid.bidder", "bid.submitted", "bid.technical_score"]


def test_the_template_holds_values_only() -> None:
    workbook = load_workbook(io.BytesIO(bid_template(_tender(LESHAN), language="en")))
    formulas = [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row), (
        formulas
    )


# --- round trips -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES + ARCHETYPES, ids=lambda path: path.stem)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_signed_untouched_template_gives_the_tender_as_a_bid(path: Path, language: str) -> None:
    tender = _tender(path)
    bid = read_bid_workbook(_filled(tender, language), tender)
    assert bid.tender is None
    assert bid.bid is not None
    assert (bid.bid.bidder, bid.bid.submitted, bid.bid.technical_score) == ("Vendor A", SUBMITTED, 86.5)
    expected = validate_data(_expected(tender)).project
    assert bid.model_dump() == expected.model_dump()


def test_a_filled_template_gives_exactly_the_offered_bid() -> None:
    tender = _tender()

    def offer(workbook: Any) -> None:
        _signed(tender)(workbook)
        bid = workbook[BID_SHEET]
        bid[_value_cell(tender, "bid.bidder")] = "  浪潮软件 / Inspur consortium  "
        bid[_value_cell(tender, "rates.reasonable_profit_rate")] = 0.068
        bid[_value_cell(tender, "rates.om_profit_rate")] = None  # blank: the reasonable profit rate
        bid[_value_cell(tender, "payment.availability_factor")] = 0.95
        bid[_value_cell(tender, "financing.equity_ratio")] = 0.3
        bid[_value_cell(tender, "financing.loan_rate")] = 0.045
        bid[_value_cell(tender, "financing.tenor_years")] = 12
        bid[_value_cell(tender, "financing.repayment")] = "sculpted"
        bid[_value_cell(tender, "financing.target_dscr")] = 1.3
        workbook[OPEX_SHEET]["B4"] = 2100.0

    bid = read_bid_workbook(_edited(bid_template(tender, language="en"), offer), tender)
    expected = _expected(
        tender, {"bidder": "浪潮软件 / Inspur consortium", "submitted": SUBMITTED, "technical_score": 86.5}
    )
    expected["rates"]["reasonable_profit_rate"] = 0.068
    del expected["rates"]["om_profit_rate"]
    expected["payment"]["availability_factor"] = 0.95
    expected["financing"].update(equity_ratio=0.3, loan_rate=0.045, tenor_years=12, repayment="sculpted")
    expected["financing"]["target_dscr"] = 1.3
    expected["opex"][0]["amount"] = 2100.0
    assert project_data(bid) == expected
    assert bid == validate_data(expected).project


def test_the_availability_factor_scales_the_availability_payment_and_nothing_else() -> None:
    """Same capex and financing, so the same B: each year's availability part is 0.95 × the tender's and
    the O&M part is unchanged (methodology §4: A_k × availability_factor)."""
    tender = _tender()
    bid = read_bid_workbook(_filled(tender, payment__availability_factor=0.95), tender)
    tender_years, bid_years = evaluate(tender).years, evaluate(bid).years
    operating = [k for k, year in enumerate(tender_years) if year["phase"] == "operation"]
    assert operating
    for k in operating:
        assert bid_years[k]["availability_payment"] == pytest.approx(
            0.95 * tender_years[k]["availability_payment"], rel=1e-12
        )
        assert bid_years[k]["om_payment"] == pytest.approx(tender_years[k]["om_payment"], rel=1e-12)


def test_a_schedule_tenders_bid_states_its_payments_per_operating_year() -> None:
    tender = _tender(LESHAN)
    assert tender.payment.schedule is not None

    def offer(workbook: Any) -> None:
        _signed(tender)(workbook)
        workbook[SCHEDULE_SHEET]["C4"] = 1000.0
        workbook[SCHEDULE_SHEET]["C5"] = 1010.0

    bid = read_bid_workbook(_edited(bid_template(tender, language="zh"), offer), tender)
    assert bid.payment.schedule == [1000.0, 1010.0, *tender.payment.schedule[2:]]
    assert bid.rates == tender.rates


def test_a_date_typed_as_text_is_read() -> None:
    tender = _tender()
    bid = read_bid_workbook(_filled(tender, bid__submitted="2024-06-01"), tender)
    assert bid.bid is not None
    assert bid.bid.submitted == datetime.date(2024, 6, 1)


def test_a_bid_template_saved_again_by_libreoffice_is_read(tmp_path: Path) -> None:
    """LibreOffice writes dates, percentages and validations its own way: the bid still reads back."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing (CI must run this test)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    tender = _tender()
    source = tmp_path / "bid.xlsx"
    source.write_bytes(_filled(tender, "zh", financing__loan_rate=0.0455))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    bid = read_bid_workbook((out / "bid.xlsx").read_bytes(), tender)
    expected = _expected(tender)
    expected["financing"]["loan_rate"] = 0.0455
    assert bid == validate_data(expected).project


# --- bad cells: named by sheet and cell, in both languages ------------------------------------------------


def test_an_unsigned_template_lists_the_three_missing_bid_cells() -> None:
    tender = _tender()
    with pytest.raises(ProjectError) as caught:
        read_bid_workbook(bid_template(tender, language="en"), tender)
    problems = caught.value.problems
    assert [(problem.path, problem.rule) for problem in problems] == [
        (f"'{BID_SHEET}'!C7", "rule.bid_template_required"),
        (f"'{BID_SHEET}'!C8", "rule.bid_template_required"),
        (f"'{BID_SHEET}'!C9", "rule.bid_template_technical_score"),
    ]
    assert caught.value.messages("en")[2] == (
        f"'{BID_SHEET}'!C9: the evaluation panel's technical score (0–100) is required before the bid can be"
        " imported"
    )
    assert caught.value.messages("zh")[0] == f"'{BID_SHEET}'!C7：为必填项：请填写此单元格"


BAD_CELLS: dict[str, tuple[str, object, str, str, str]] = {
    # case: (key, value typed, rule, English message, Chinese message) of the one bad cell
    "text for a rate": (
        "financing.loan_rate",
        "4.9%",
        "import.bad_cell.number",
        "'Bid 投标'!C14 = \"4.9%\": must be a number",
        "'Bid 投标'!C14 = \"4.9%\"：必须是数字",
    ),
    "a fraction of a year": (
        "financing.tenor_years",
        12.5,
        "import.bad_cell.integer",
        "'Bid 投标'!C15 = 12.5: must be a whole number",
        "'Bid 投标'!C15 = 12.5：必须是整数",
    ),
    "a date that is no date": (
        "bid.submitted",
        "10/05/2024",
        "rule.bid_template_date",
        "'Bid 投标'!C8 = \"10/05/2024\": must be a date such as 2024-05-10 (a spreadsheet date or text "
        "YYYY-MM-DD)",
        "'Bid 投标'!C8 = \"10/05/2024\"：须为日期，例如 2024-05-10（表格日期或 YYYY-MM-DD 格式的文本）",
    ),
    "true for a date": (
        "bid.submitted",
        True,
        "rule.bid_template_date",
        "'Bid 投标'!C8 = true: must be a date such as 2024-05-10 (a spreadsheet date or text YYYY-MM-DD)",
        "'Bid 投标'!C8 = true：须为日期，例如 2024-05-10（表格日期或 YYYY-MM-DD 格式的文本）",
    ),
    "a formula for the score": (
        "bid.technical_score",
        "=80+6.5",
        "import.formula_in_input",
        "'Bid 投标'!C9 = \"=80+6.5\": input cells must hold values, not formulas (type the number itself)",
        "'Bid 投标'!C9 = \"=80+6.5\"：输入单元格只能填写数值，不能使用公式（请直接输入数字）",
    ),
    "a required term cleared": (
        "financing.equity_ratio",
        None,
        "rule.bid_template_required",
        "'Bid 投标'!C13: is required: fill in this cell",
        "'Bid 投标'!C13：为必填项：请填写此单元格",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CELLS))
def test_a_bad_cell_is_named_by_sheet_and_cell_in_both_languages(case: str) -> None:
    key, value, rule, english, chinese = BAD_CELLS[case]
    tender = _tender()
    data = _filled(tender, **{key.replace(".", "__"): value})
    assert (rule, f"'{BID_SHEET}'!{_value_cell(tender, key)}", english, chinese) == _only_problem(
        data, tender
    )


def test_bad_cells_of_the_bid_and_the_schedule_sheets_are_listed_at_once() -> None:
    tender = _tender()

    def fill(workbook: Any) -> None:
        _signed(tender, financing__loan_rate="abc", bid__technical_score=True)(workbook)
        workbook[OPEX_SHEET]["B4"] = "=B5"

    with pytest.raises(ProjectError) as caught:
        read_bid_workbook(_edited(bid_template(tender, language="en"), fill), tender)
    assert sorted(problem.path for problem in caught.value.problems) == [
        f"'{BID_SHEET}'!C14",
        f"'{BID_SHEET}'!C9",
        f"'{OPEX_SHEET}'!B4",
    ]


def test_rule_problems_of_the_bid_name_the_template_cell() -> None:
    tender = _tender()
    data = _filled(
        tender,
        financing__tenor_years=20,  # longer than the 13 operation years
        bid__technical_score=120,
        financing__repayment="balloon",
    )
    with pytest.raises(TemplateRulesError) as caught:
        read_bid_workbook(data, tender)
    assert caught.value.cells == {
        "financing.tenor_years": f"'{BID_SHEET}'!C15",
        "bid.technical_score": f"'{BID_SHEET}'!C9",
        "financing.repayment": f"'{BID_SHEET}'!C16",
    }
    english, chinese = caught.value.messages("en"), caught.value.messages("zh")
    score = next(message for message in english if message.startswith("bid.technical_score"))
    assert score == f"bid.technical_score = 120.0: must be at most 100.0 (cell '{BID_SHEET}'!C9)"
    assert any(message.endswith(f"（单元格 '{BID_SHEET}'!C15）") for message in chinese)


def test_a_rule_problem_of_a_schedule_sheet_still_names_its_cell() -> None:
    tender = _tender()
    with pytest.raises(TemplateRulesError) as caught:
        read_bid_workbook(_edited(_filled(tender), lambda wb: wb[OPEX_SHEET].__setitem__("C4", 3.0)), tender)
    assert caught.value.cells == {"opex[1].escalation": f"'{OPEX_SHEET}'!C4"}


# --- the wrong template ------------------------------------------------------------------------------------


def test_a_bid_template_of_another_tender_is_refused() -> None:
    rule, path, english, chinese = _only_problem(_filled(_tender(LESHAN)), _tender())
    assert (rule, path) == ("rule.bid_template_other_tender", f"'{BID_SHEET}'!B3")
    assert _tender().project.name in english
    assert "其他招标项目" in chinese


def test_a_bid_template_of_the_tender_before_it_changed_is_refused() -> None:
    before = _tender()
    changed = project_data(before)
    changed["rates"]["discount_rate"] = 0.05
    rule, path, english, _ = _only_problem(_filled(before), validate_data(changed).project)
    assert (rule, path) == ("rule.bid_template_tender_changed", f"'{BID_SHEET}'!B4")
    assert "download the bid template again" in english


def test_a_schedules_template_is_not_a_bid_template() -> None:
    tender = _tender()
    rule, _, english, _ = _only_problem(schedules_template(tender, language="en"), tender)
    assert rule == "rule.bid_template_missing_sheet"
    assert f"'{BID_SHEET}'" in english


def test_a_row_inserted_in_the_bid_sheet_is_refused() -> None:
    tender = _tender()
    data = _edited(_filled(tender), lambda workbook: workbook[BID_SHEET].insert_rows(10))
    rule, path, english, _ = _only_problem(data, tender)
    assert (rule, path) == ("rule.bid_template_row_changed", f"'{BID_SHEET}'!B10")
    assert '"rates.reasonable_profit_rate"' in english


def test_a_changed_timeline_cell_is_refused() -> None:
    tender = _tender()
    data = _edited(_filled(tender), lambda workbook: workbook[INSTRUCTIONS_SHEET].__setitem__("B4", 12))
    assert _only_problem(data, tender)[0] == "import.template_mismatch"


# --- hostile files: the same gates as the schedules template ------------------------------------------------


def _rezipped(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            target.writestr(name, content)
    return buffer.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'.encode()
        for n in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + b'<sheetData><row r="7"><c r="C7" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
    + b"</worksheet>"
)


def _with_macro(data: bytes) -> bytes:
    content_types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    content_types = content_types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return _rezipped(
        data, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro", "[Content_Types].xml": content_types}
    )


def _nan_score(data: bytes) -> bytes:
    """The technical score written as NaN, which no spreadsheet program writes but a forger can."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    part = "xl/worksheets/sheet2.xml"  # the bid sheet is the second
    xml = archive.read(part)
    start = xml.index(b'<c r="C9"')
    value_start = xml.index(b"<v>", start) + 3
    return _rezipped(data, {part: xml[:value_start] + b"NaN" + xml[xml.index(b"</v>", value_start) :]})


HOSTILE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda _: b"", "import.empty"),
    "too large": (lambda data: data + b"\0" * (MAX_FILE_BYTES + 1 - len(data)), "import.too_large"),
    "not a zip": (lambda _: b"bidder,score\nVendor A,86.5\n", "import.not_xlsx"),
    "truncated": (lambda data: data[: len(data) // 2], "import.corrupt"),
    "zip bomb": (
        lambda data: _rezipped(data, {"xl/media/a.xml": b"\0" * (40 * 1024 * 1024)}),
        "import.zip_bomb",
    ),
    "too many parts": (
        lambda data: _rezipped(data, {f"xl/media/p{n}.bin": b"x" for n in range(300)}),
        "import.zip_bomb",
    ),
    "billion laughs in the bid sheet": (
        lambda data: _rezipped(data, {"xl/worksheets/sheet2.xml": BILLION_LAUGHS}),
        "import.xml_unsafe",
    ),
    "macros": (_with_macro, "import.macro_enabled"),
    "nan technical score": (_nan_score, "import.bad_cell.finite"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_one_clear_message(case: str) -> None:
    make, rule = HOSTILE[case]
    tender = _tender()
    found, _, english, chinese = _only_problem(make(_filled(tender)), tender)
    assert found == rule, english
    assert chinese


def test_a_cached_value_of_a_formula_is_never_read() -> None:
    """A forged formula with a fine cached score is refused: the workbook is read with its formulas."""
    tender = _tender()
    data = _filled(tender)
    part = "xl/worksheets/sheet2.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    start = xml.index(b'<c r="C9"')
    end = xml.index(b"</c>", start) + 4
    forged = _rezipped(data, {part: xml[:start] + b'<c r="C9"><f>80+6.5</f><v>86.5</v></c>' + xml[end:]})
    rule, path, _, _ = _only_problem(forged, tender)
    assert (rule, path) == ("import.formula_in_input", f"'{BID_SHEET}'!C9")
