"""The schedules template and its reader: download → fill → upload, and every kind of bad file.

A bad file gets exactly one problem naming why (one per bad input cell), and the reader never changes the
project it was given (nothing is saved: that is tested at the service level in test_import_service.py).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ppp.engine import evaluate
from ppp.exports.template import (
    CONSTRUCTION_SHEET,
    INSTRUCTIONS_SHEET,
    LIFECYCLE_SHEET,
    OPEX_SHEET,
    REVENUE_SHEET,
    SCHEDULE_SHEET,
    schedules_template,
)
from ppp.exports.xlsx_import import MAX_FILE_BYTES, TemplateRulesError, read_schedules
from ppp.model import Project, ProjectError, load_project, project_data, validate_data

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_projects").glob("*.toml"))
ARCHETYPES = sorted((ROOT / "models" / "archetypes").glob("*.toml"))
YANGXIN = ROOT / "sample_projects" / "yangxin_smart_city_bot.toml"
LESHAN = ROOT / "sample_projects" / "leshan_operating_concession.toml"


def _project(path: Path = YANGXIN) -> Project:
    return load_project(path).project


def _edited(template: bytes, edit: Callable[[object], None]) -> bytes:
    """The template opened, changed and saved again by openpyxl (as a user's spreadsheet program would)."""
    workbook = load_workbook(io.BytesIO(template))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezipped(
    template: bytes, replace: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """The template's zip with parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(template))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            target.writestr(name, content)
    return buffer.getvalue()


def _only_problem(data: bytes, project: Project) -> tuple[str, str, str]:
    """The rule, path and English message of the one problem reading ``data`` raises."""
    before = project.model_copy(deep=True)
    with pytest.raises(ProjectError) as caught:
        read_schedules(data, project)
    assert project == before  # the reader never changes what it was given
    problems = caught.value.problems
    assert len(problems) == 1, caught.value.messages("en")
    problem = problems[0]
    english, chinese = problem.message("en"), problem.message("zh")
    assert english
    assert chinese
    assert english != chinese
    return problem.rule, problem.path, english


# --- template and round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES + ARCHETYPES, ids=lambda path: path.stem)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_untouched_template_gives_back_an_equal_project(path: Path, language: str) -> None:
    project = _project(path)
    template = schedules_template(project, language="en" if language == "en" else "zh")
    data = read_schedules(template, project)
    assert data == project_data(project)
    assert validate_data(data).project == project


def test_a_template_saved_again_by_a_spreadsheet_program_gives_back_an_equal_project() -> None:
    project = _project(LESHAN)
    data = read_schedules(_edited(schedules_template(project, language="zh"), lambda _: None), project)
    assert validate_data(data).project == project


def test_the_template_has_bilingual_headers_prefilled_values_and_shaded_input_cells() -> None:
    project = _project(LESHAN)
    workbook = load_workbook(io.BytesIO(schedules_template(project, language="zh")))
    assert workbook.sheetnames == [
        INSTRUCTIONS_SHEET,
        CONSTRUCTION_SHEET,
        LIFECYCLE_SHEET,
        OPEX_SHEET,
        REVENUE_SHEET,
        SCHEDULE_SHEET,
    ]
    opex = workbook[OPEX_SHEET]
    assert opex["B3"].value.startswith("金额")
    assert "Amount" in opex["B3"].value
    assert opex["A4"].value == project.opex[0].name
    assert opex["B4"].value == project.opex[0].amount
    assert opex["B4"].fill.fgColor.rgb.endswith("FFF2CC")
    schedule = workbook[SCHEDULE_SHEET]
    assert project.payment.schedule is not None
    assert [schedule.cell(row=4 + k, column=3).value for k in range(len(project.payment.schedule))] == (
        project.payment.schedule
    )
    assert workbook[INSTRUCTIONS_SHEET]["A7"].value.startswith("1. ")
    english = load_workbook(io.BytesIO(schedules_template(project, language="en")))
    assert english[OPEX_SHEET]["B3"].value.startswith("Amount")


def test_a_name_that_looks_like_a_formula_is_written_and_read_as_text() -> None:
    data = project_data(_project())
    data["opex"][0]["name"] = '=HYPERLINK("http://x","click")'
    project = validate_data(data).project
    template = schedules_template(project, language="en")
    cell = load_workbook(io.BytesIO(template))[OPEX_SHEET]["A4"]
    assert cell.data_type == "s"
    assert read_schedules(template, project) == data


# --- filling the template in -------------------------------------------------------------------------------


def test_a_filled_template_changes_the_schedules_and_the_evaluation() -> None:
    project = _project()
    before = evaluate(project).metrics

    def fill(workbook: object) -> None:
        opex = workbook[OPEX_SHEET]  # type: ignore[index]
        opex["B4"] = 2400.0  # double the first operating cost
        opex["A9"] = "Cyber-security service"  # a new item in the first free row
        opex["B9"] = 150
        opex["C9"] = 0.02
        capex = workbook[CONSTRUCTION_SHEET]  # type: ignore[index]
        capex["B4"] = 20000  # a dearer data centre, new phasing
        capex["D4"] = 0.5
        capex["E4"] = 0.5
        lifecycle = workbook[LIFECYCLE_SHEET]  # type: ignore[index]
        lifecycle["E4"] = "6, 9"
        revenue = workbook[REVENUE_SHEET]  # type: ignore[index]
        revenue["A4"] = "Data services"
        revenue["B4"] = 80
        revenue["D4"] = 3

    data = read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    updated = validate_data(data).project
    assert updated.opex[0].amount == 2400.0
    assert updated.opex[-1].name == "Cyber-security service"
    assert updated.opex[-1].escalation == 0.02
    assert updated.capex[0].amount == 20000
    assert updated.capex[0].phasing == [0.5, 0.5]
    lifecycle = [item for item in updated.capex if item.lifecycle]
    assert lifecycle[0].operating_years == [6, 9]
    assert updated.revenue[0].start_operating_year == 3
    assert updated.timeline == project.timeline
    assert updated.kpis == project.kpis
    after = evaluate(updated).metrics
    assert after != before
    assert after["government_pv"] is not None
    assert before["government_pv"] is not None
    assert after["government_pv"] > before["government_pv"]  # dearer capex and O&M cost the county more


def test_construction_amounts_per_year_replace_amount_and_phasing() -> None:
    project = _project()

    def fill(workbook: object) -> None:
        capex = workbook[CONSTRUCTION_SHEET]  # type: ignore[index]
        capex["B4"] = None
        capex["D4"] = 8000
        capex["E4"] = 10000

    data = read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    assert data["capex"][0] == {
        "name": project.capex[0].name,
        "amounts": [8000.0, 10000.0],
        "escalation": 0.0,
    }


def test_a_cleared_row_removes_the_item_and_a_schedule_is_read_per_operating_year() -> None:
    project = _project(LESHAN)
    assert project.payment.schedule is not None

    def fill(workbook: object) -> None:
        opex = workbook[OPEX_SHEET]  # type: ignore[index]
        for column in "ABC":
            opex[f"{column}4"] = None
        workbook[SCHEDULE_SHEET]["C4"] = 1234.5  # type: ignore[index]

    data = read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    assert len(data["opex"]) == len(project.opex) - 1
    assert data["payment"]["schedule"] == [1234.5, *project.payment.schedule[1:]]


def test_rule_problems_of_the_resulting_project_pass_through_with_their_key_paths() -> None:
    project = _project()

    def fill(workbook: object) -> None:
        workbook[CONSTRUCTION_SHEET]["D4"] = 0.3  # type: ignore[index]  # phasing 0.3 + 0.55 ≠ 1
        workbook[OPEX_SHEET]["C4"] = 3.0  # type: ignore[index]  # 300 % escalation

    with pytest.raises(ProjectError) as caught:
        read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    paths = {problem.path for problem in caught.value.problems}
    assert paths == {"capex[1].phasing", "opex[1].escalation"}
    # ... and each message also names the template's cell
    assert isinstance(caught.value, TemplateRulesError)
    assert caught.value.cells == {
        "capex[1].phasing": f"'{CONSTRUCTION_SHEET}'!D4:E4",
        "opex[1].escalation": f"'{OPEX_SHEET}'!C4",
    }
    english = caught.value.messages("en")
    assert any(message.endswith(f"(cell '{OPEX_SHEET}'!C4)") for message in english)
    assert any(message.endswith(f"（单元格 '{OPEX_SHEET}'!C4）") for message in caught.value.messages("zh"))


def test_rule_problems_are_located_in_every_sheet() -> None:
    project = _project(LESHAN)
    assert project.payment.schedule is not None

    def fill(workbook: object) -> None:
        workbook[LIFECYCLE_SHEET]["D4"] = 3  # type: ignore[index]  # every_years and operating_years
        workbook[LIFECYCLE_SHEET]["E4"] = "4"  # type: ignore[index]
        workbook[OPEX_SHEET]["A6"] = "x" * 201  # type: ignore[index]  # a name too long
        workbook[SCHEDULE_SHEET]["C5"] = -1  # type: ignore[index]

    with pytest.raises(TemplateRulesError) as caught:
        read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    lifecycle_index = next(index for index, item in enumerate(project.capex, start=1) if item.lifecycle)
    cells = caught.value.cells
    assert cells[f"capex[{lifecycle_index}]"] == f"'{LIFECYCLE_SHEET}'!A4:F4"
    assert cells["opex[3].name"] == f"'{OPEX_SHEET}'!A6"
    assert cells["payment.schedule[2]"] == f"'{SCHEDULE_SHEET}'!C5"


# --- bad files: one clear message each ---------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'.encode()
        for n in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + b'<sheetData><row r="4"><c r="A4" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
    + b"</worksheet>"
)


def _xml_bomb(template: bytes) -> bytes:
    return _rezipped(template, {"xl/worksheets/sheet4.xml": BILLION_LAUGHS})


def _external_entity(template: bytes) -> bytes:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>'
    )
    return _rezipped(template, {"xl/sharedStrings.xml": xml})


def _dtd_in_a_part_not_named_xml(template: bytes) -> bytes:
    without_declaration = BILLION_LAUGHS.split(b"?>", 1)[1]  # whitespace may then come before the DTD
    return _rezipped(template, {"xl/printerSettings/printerSettings1.bin": b" " * 200 + without_declaration})


def _zip_version_64(template: bytes) -> bytes:
    """A central directory entry that needs zip version 6.4 (found by the fuzz test)."""
    position = template.index(b"PK\x01\x02")  # the first central directory header
    return template[: position + 6] + b"\x40\x00" + template[position + 8 :]  # "version needed" = 6.4


def _zip_bomb(template: bytes) -> bytes:
    return _rezipped(template, {"xl/media/image1.xml": b"\0" * (40 * 1024 * 1024)})


def _ratio_bomb(template: bytes) -> bytes:
    return _rezipped(template, {"xl/media/image1.xml": b"\0" * (8 * 1024 * 1024)})


def _many_entries(template: bytes) -> bytes:
    return _rezipped(template, {f"xl/media/part{n}.bin": b"x" for n in range(300)})


def _xlsm(template: bytes) -> bytes:
    content_types = zipfile.ZipFile(io.BytesIO(template)).read("[Content_Types].xml")
    content_types = content_types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return _rezipped(
        template, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro", "[Content_Types].xml": content_types}
    )


def _macro_content_type(template: bytes) -> bytes:
    content_types = zipfile.ZipFile(io.BytesIO(template)).read("[Content_Types].xml")
    content_types = content_types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in content_types
    return _rezipped(template, {"[Content_Types].xml": content_types})


def _not_a_workbook_zip(template: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _cell(sheet: str, coordinate: str, value: object) -> Callable[[bytes], bytes]:
    def change(template: bytes) -> bytes:
        def edit(workbook: object) -> None:
            workbook[sheet][coordinate] = value  # type: ignore[index]

        return _edited(template, edit)

    return change


def _renamed_sheet(template: bytes) -> bytes:
    def edit(workbook: object) -> None:
        workbook[OPEX_SHEET].title = "Sheet1"  # type: ignore[index]

    return _edited(template, edit)


def _inserted_column(template: bytes) -> bytes:
    def edit(workbook: object) -> None:
        workbook[OPEX_SHEET].insert_cols(2)  # type: ignore[index]

    return _edited(template, edit)


def _number_text(template: bytes, value: bytes) -> bytes:
    """The opex sheet with B4's number written as ``value`` (what openpyxl cannot write: nan, inf)."""
    archive = zipfile.ZipFile(io.BytesIO(template))
    part = "xl/worksheets/sheet4.xml"
    xml = archive.read(part)
    start = xml.index(b'<c r="B4"')
    value_start = xml.index(b"<v>", start) + 3
    value_end = xml.index(b"</v>", value_start)
    return _rezipped(template, {part: xml[:value_start] + value + xml[value_end:]})


PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89" + b"\0" * 40

BAD_FILES: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    # case: (make the file from the template, the rule, text the message's path contains)
    "empty": (lambda _: b"", "import.empty", ""),
    "too large": (lambda t: t + b"\0" * (MAX_FILE_BYTES + 1 - len(t)), "import.too_large", ""),
    "png renamed .xlsx": (lambda _: PNG, "import.not_xlsx", ""),
    "text renamed .xlsx": (lambda _: b"name,amount\nO&M,300\n", "import.not_xlsx", ""),
    "old .xls": (lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "import.not_xlsx", ""),
    "a zip but not a workbook": (_not_a_workbook_zip, "import.not_xlsx", ""),
    "truncated zip": (lambda t: t[: len(t) // 2], "import.corrupt", ""),
    "truncated to its first part": (lambda t: t[:300], "import.corrupt", ""),
    "unsupported zip version": (_zip_version_64, "import.corrupt", ""),
    "zip bomb": (_zip_bomb, "import.zip_bomb", ""),
    "compression-ratio bomb": (_ratio_bomb, "import.zip_bomb", ""),
    "too many parts": (_many_entries, "import.zip_bomb", ""),
    "billion laughs": (_xml_bomb, "import.xml_unsafe", ""),
    "external entity": (_external_entity, "import.xml_unsafe", ""),
    "billion laughs in a part not named .xml": (_dtd_in_a_part_not_named_xml, "import.xml_unsafe", ""),
    "xlsm with vbaProject.bin": (_xlsm, "import.macro_enabled", ""),
    "macro-enabled content type": (_macro_content_type, "import.macro_enabled", ""),
    "renamed sheet": (_renamed_sheet, "import.missing_sheet", ""),
    "inserted column": (_inserted_column, "import.header_changed", "!B3"),
    "changed timeline cell": (_cell(INSTRUCTIONS_SHEET, "B3", 3), "import.template_mismatch", ""),
    "formula in an input cell": (_cell(OPEX_SHEET, "B4", "=1200*2"), "import.formula_in_input", "!B4"),
    "formula in a name cell": (_cell(OPEX_SHEET, "A5", "=A4"), "import.formula_in_input", "!A5"),
    "text in a number cell": (_cell(OPEX_SHEET, "B4", "1,200 万元"), "import.bad_cell.number", "!B4"),
    "a date in a number cell": (
        _cell(CONSTRUCTION_SHEET, "D4", __import__("datetime").datetime(2024, 5, 1)),
        "import.bad_cell.number",
        "!D4",
    ),
    "true in a number cell": (_cell(OPEX_SHEET, "B4", True), "import.bad_cell.number", "!B4"),
    "fraction in a whole-number cell": (_cell(LIFECYCLE_SHEET, "F4", 5.5), "import.bad_cell.integer", "!F4"),
    "words in the operating years": (_cell(LIFECYCLE_SHEET, "E4", "six"), "import.bad_cell.years", "!E4"),
    "a row without its name": (_cell(OPEX_SHEET, "A4", None), "import.bad_cell.required", "!A4"),
    "an item beyond the last row": (_cell(OPEX_SHEET, "A104", "extra"), "import.beyond_last_row", "!A104"),
    "nan": (lambda t: _number_text(t, b"NaN"), "import.bad_cell.finite", "!B4"),
    "inf": (lambda t: _number_text(t, b"inf"), "import.bad_cell.finite", "!B4"),
    "overflowing number": (lambda t: _number_text(t, b"1E999"), "import.bad_cell.finite", "!B4"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_every_bad_file_gets_one_clear_message(case: str) -> None:
    make, rule, path_part = BAD_FILES[case]
    project = _project()
    data = make(schedules_template(project, language="en"))
    found_rule, path, message = _only_problem(data, project)
    assert found_rule == rule, message
    assert path_part in path
    if path_part:
        assert path.startswith("'")
        assert "'!" in path
        assert path in message


def test_a_cell_problem_names_the_sheet_the_cell_and_its_value() -> None:
    project = _project()
    data = _cell(OPEX_SHEET, "B4", "abc")(schedules_template(project, language="en"))
    _, path, message = _only_problem(data, project)
    assert path == f"'{OPEX_SHEET}'!B4"
    assert message == f"'{OPEX_SHEET}'!B4 = \"abc\": must be a number"


def test_every_bad_cell_is_listed_at_once() -> None:
    project = _project()

    def fill(workbook: object) -> None:
        workbook[OPEX_SHEET]["B4"] = "abc"  # type: ignore[index]
        workbook[OPEX_SHEET]["B5"] = "=B4"  # type: ignore[index]
        workbook[CONSTRUCTION_SHEET]["C4"] = "zero"  # type: ignore[index]

    with pytest.raises(ProjectError) as caught:
        read_schedules(_edited(schedules_template(project, language="en"), fill), project)
    assert sorted(problem.path.split("!")[1] for problem in caught.value.problems) == ["B4", "B5", "C4"]


def test_cached_values_of_formulas_are_never_read() -> None:
    """A formula whose cached value is a fine number is still refused: the file is read with its formulas."""
    template = schedules_template(_project(), language="en")
    archive = zipfile.ZipFile(io.BytesIO(template))
    part = "xl/worksheets/sheet4.xml"
    xml = archive.read(part)
    start = xml.index(b'<c r="B4"')
    end = xml.index(b"</c>", start) + 4
    forged = xml[:start] + b'<c r="B4"><f>1+1</f><v>1200</v></c>' + xml[end:]
    rule, path, _ = _only_problem(_rezipped(template, {part: forged}), _project())
    assert (rule, path) == ("import.formula_in_input", f"'{OPEX_SHEET}'!B4")


def test_a_template_of_another_timeline_is_refused() -> None:
    other = project_data(_project())
    other["timeline"]["operation_years"] = 12
    other["financing"]["tenor_years"] = 12
    other["payment"]["subsidy_years"] = 12
    other["tax"]["depreciation_years"] = 12
    for key in ("other_ppp_expenditure", "supporting_inputs"):
        other["fiscal"][key] = other["fiscal"][key][:14]
    template = schedules_template(validate_data(other).project, language="en")
    rule, _, _ = _only_problem(template, _project())
    assert rule == "import.template_mismatch"


def test_numbers_read_are_finite() -> None:
    project = _project()
    data = read_schedules(schedules_template(project, language="en"), project)
    for item in data["capex"] + data["opex"]:
        assert all(math.isfinite(value) for value in [*item.get("phasing", []), item.get("amount", 0.0)])


# --- a real spreadsheet program -----------------------------------------------------------------------------


def test_a_template_saved_again_by_libreoffice_gives_back_an_equal_project(tmp_path: Path) -> None:
    """LibreOffice writes the file its own way (shared strings, styles, number text): it still reads back."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing (CI must run this test)")
        pytest.skip("LibreOffice (soffice) is not installed")
    project = _project(LESHAN)
    source = tmp_path / "template.xlsx"
    source.write_bytes(schedules_template(project, language="zh"))
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
    saved = (out / "template.xlsx").read_bytes()
    assert saved != source.read_bytes()
    assert validate_data(read_schedules(saved, project)).project == project


def test_openpyxl_reads_with_defusedxml_too() -> None:
    """A second line of defence behind the reader's own defusedxml pass over every part."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("path", [YANGXIN, LESHAN], ids=lambda path: path.stem)
def test_the_template_holds_values_only(path: Path) -> None:
    workbook = load_workbook(io.BytesIO(schedules_template(_project(path), language="en")))
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
