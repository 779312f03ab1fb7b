"""Reading a filled schedules template (:mod:`ppp.exports.template`) back into a project — an untrusted file.

The bytes go through these gates in order, and the first that fails ends the import with one
:class:`~ppp.model.ProjectError` naming why (nothing is saved by anyone):

1. size: empty (``import.empty``), more than :data:`MAX_FILE_BYTES` (``import.too_large``), checked before any
   parsing;
2. container: a zip (``import.not_xlsx``; a zip that cannot be read, e.g. cut off: ``import.corrupt``); entry
   count, total uncompressed size and compression ratios within limits (``import.zip_bomb``), checked on the
   sizes the directory declares and again while reading; the parts of an xlsx present (``import.not_xlsx``);
   no macros — ``vbaProject.bin``, macro sheets, macro-enabled content types (``import.macro_enabled``);
3. XML: every XML part parsed with :mod:`defusedxml` first, refusing any DTD or entity declaration
   (``import.xml_unsafe``; the billion-laughs attack); numbers in the sheets must be finite;
4. workbook: opened by openpyxl with ``data_only=False`` (so a formula is seen as a formula; a cached value
   is never read), read-only; the template's sheets present (``import.missing_sheet``) and made for the
   project's timeline (``import.template_mismatch``);
5. headers: as the template wrote them (``import.header_changed``: a column inserted, moved or removed);
   cells: only the template's input cells are read; a formula in one (``import.formula_in_input``), text
   where a number belongs, a non-finite number, ... (``import.bad_cell.*``) are each reported with their
   ``'sheet'!cell`` — all such cells at once;
6. the project with its schedules replaced goes through :func:`ppp.model.validate_data` (every rule of the
   project file; its problems pass through unchanged, in a :class:`TemplateRulesError` that also knows the
   cell of each).

The gates are public so that other templates built on the schedules template (the bid template,
:mod:`ppp.exports.bid_template`) read their files the same way: :func:`safe_parts`, :func:`read_workbook`,
:func:`require_sheets`, :func:`check_meta`, :func:`check_headers`, :func:`read_schedule_cells`,
:class:`CellReader`, :func:`apply_schedules` and :func:`validate_located`.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final, TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ppp.exports.template import (
    CONSTRUCTION_COLUMNS,
    CONSTRUCTION_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LIFECYCLE_COLUMNS,
    LIFECYCLE_SHEET,
    MAX_ROWS,
    META_CONSTRUCTION_YEARS,
    META_OPERATION_YEARS,
    META_PAYMENT_METHOD,
    OPEX_COLUMNS,
    OPEX_SHEET,
    REVENUE_COLUMNS,
    REVENUE_SHEET,
    SCHEDULE_AMOUNT_COLUMN,
    SCHEDULE_SHEET,
    Column,
    header_labels,
    header_text,
)
from ppp.i18n import Language, translate
from ppp.model.io import LoadedProject, project_data, validate_data
from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Project

#: the largest upload read at all (a filled template is some tens of kilobytes)
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
#: the most entries (parts) in the zip
MAX_ENTRIES: Final = 200
#: the most bytes all parts may unpack to
MAX_UNCOMPRESSED_BYTES: Final = 25 * 1024 * 1024
#: the highest compression ratio of a part larger than :data:`RATIO_FLOOR_BYTES`, and of the whole file
MAX_RATIO: Final = 100
RATIO_FLOOR_BYTES: Final = 1024 * 1024
#: the most cell problems listed (a file with more is wrong throughout)
MAX_CELL_PROBLEMS: Final = 50

_ZIP_MAGIC: Final = b"PK\x03\x04"
_REQUIRED_PARTS: Final = ("[Content_Types].xml", "xl/workbook.xml")
_MAIN_NS: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_YEAR_SEPARATORS: Final = re.compile(r"[,，、;；\s]+")
_Read = TypeVar("_Read")


def read_schedules(data: bytes, project: Project) -> dict[str, Any]:
    """The project's data (:func:`ppp.model.project_data`) with its schedules replaced by the template's.

    Replaced: ``capex`` (construction and lifecycle items; the items keep the interleaving they had),
    ``opex``, ``revenue`` and, for ``payment.method = "schedule"``, ``payment.schedule``. Everything else is
    the project's own. The result has passed :func:`ppp.model.validate_data`.

    Raises
    ------
    ProjectError
        One problem for a file that cannot be opened safely (see the module's gates); one per bad input cell;
        or the validation problems of the resulting project.
    """
    safe_parts(data)
    sheets = read_workbook(data, lambda workbook: read_schedule_sheets(workbook, project))
    result, origins = apply_schedules(project, sheets)
    validate_located(result, project, origins)
    return result


def validate_located(
    data: dict[str, Any],
    project: Project,
    origins: dict[tuple[str, int], ItemOrigin],
    cells: dict[str, str] | None = None,
) -> LoadedProject:
    """:func:`ppp.model.validate_data` of ``data``; its problems raised in a :class:`TemplateRulesError` that
    knows the template's cell of each schedule item (``origins``) and of each key path in ``cells``."""
    try:
        return validate_data(data)
    except ProjectError as error:
        operation_years = project.timeline.operation_years
        known = cells or {}
        located = {
            problem.path: cell
            for problem in error.problems
            if (cell := known.get(problem.path) or locate_cell(problem.path, origins, operation_years))
            is not None
        }
        raise TemplateRulesError(error, located) from None


# --- gates 1-3: bytes, zip, XML ----------------------------------------------------------------------------


def file_error(rule: str, **params: Any) -> ProjectError:
    """The error of a file refused as a whole: one problem without a key path."""
    return ProjectError([Problem("", rule, params=params)])


def safe_parts(data: bytes) -> dict[str, bytes]:
    """Every part of the zip, unpacked within the limits, after the container and XML checks."""
    if not data:
        raise file_error("import.empty")
    if len(data) > MAX_FILE_BYTES:
        raise file_error("import.too_large", size=len(data), limit=MAX_FILE_BYTES)
    if not data.startswith(_ZIP_MAGIC):
        raise file_error("import.not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # BadZipFile, NotImplementedError (zip version), ValueError, ...: damaged
        raise file_error("import.corrupt", detail=str(error) or type(error).__name__) from None
    with archive:
        parts = _unpack(archive, len(data))
    for required in _REQUIRED_PARTS:
        if required not in parts:
            raise file_error("import.not_xlsx")
    _refuse_macros(parts)
    _refuse_unsafe_xml(parts)
    _refuse_non_finite_numbers(parts)
    return parts


def _unpack(archive: zipfile.ZipFile, file_size: int) -> dict[str, bytes]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise file_error("import.zip_bomb", detail=f"{len(entries)} parts > {MAX_ENTRIES}")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise file_error(
            "import.zip_bomb", detail=f"{declared:,} bytes unpacked > {MAX_UNCOMPRESSED_BYTES:,}"
        )
    if declared > RATIO_FLOOR_BYTES and declared > MAX_RATIO * file_size:
        raise file_error("import.zip_bomb", detail=f"{declared:,} bytes from {file_size:,} (> {MAX_RATIO}:1)")
    names: set[str] = set()
    for entry in entries:
        if entry.filename in names:
            raise file_error("import.corrupt", detail=f"{entry.filename} appears twice")
        names.add(entry.filename)
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise file_error(
                "import.zip_bomb",
                detail=f"{entry.filename}: {entry.file_size:,} bytes from {entry.compress_size:,}"
                f" (> {MAX_RATIO}:1)",
            )
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or entry.flag_bits & 0x1:
            raise file_error(
                "import.corrupt", detail=f"{entry.filename}: unsupported compression or encryption"
            )
    parts: dict[str, bytes] = {}
    total = 0
    for entry in entries:
        chunks: list[bytes] = []
        size = 0
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(64 * 1024):
                    size += len(chunk)
                    total += len(chunk)
                    if size > entry.file_size or total > MAX_UNCOMPRESSED_BYTES:
                        raise file_error(
                            "import.zip_bomb", detail=f"{entry.filename}: more bytes than declared"
                        )
                    chunks.append(chunk)
        except ProjectError:
            raise
        except Exception as error:  # zlib.error, BadZipFile (CRC), EOFError, ...: a damaged file
            raise file_error("import.corrupt", detail=f"{entry.filename}: {error}") from None
        parts[entry.filename] = b"".join(chunks)
    return parts


def _refuse_macros(parts: dict[str, bytes]) -> None:
    for name in parts:
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith(("xl/macrosheets/", "xl/activex/")):
            raise file_error("import.macro_enabled")
    content_types = parts["[Content_Types].xml"].lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types or b"macrosheet" in content_types:
        raise file_error("import.macro_enabled")


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _parse_xml(name: str, content: bytes) -> Element:
    """The part's XML tree; a DTD or entity declaration is refused, a syntax error means a damaged file."""
    try:
        root: Element = SafeElementTree.fromstring(content, forbid_dtd=True)
        return root
    except DefusedXmlException:
        raise file_error("import.xml_unsafe", part=name) from None
    except (ParseError, ValueError, UnicodeError, RecursionError) as error:
        raise file_error("import.corrupt", detail=f"{name}: {error}") from None


def _refuse_unsafe_xml(parts: dict[str, bytes]) -> None:
    """Every part is tried as XML, whatever its name (a rels file may point anywhere): a DTD anywhere is
    refused; a part that is not XML at all is an error only where XML is expected."""
    for name, content in parts.items():
        if _is_xml_part(name):
            _parse_xml(name, content)
            continue
        try:
            SafeElementTree.fromstring(content, forbid_dtd=True)
        except DefusedXmlException:
            raise file_error("import.xml_unsafe", part=name) from None
        except (ParseError, ValueError, UnicodeError, RecursionError):
            pass  # an image, printer settings, ...: not XML, and not read


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → the part holding it (``xl/worksheets/sheet1.xml``), from the workbook and its rels."""
    workbook = _parse_xml("xl/workbook.xml", parts["xl/workbook.xml"])
    rels_content = parts.get("xl/_rels/workbook.xml.rels")
    if rels_content is None:
        return {}
    targets: dict[str, str] = {}
    for rel in _parse_xml("xl/_rels/workbook.xml.rels", rels_content).iter(f"{_PACKAGE_REL_NS}Relationship"):
        target = rel.get("Target") or ""
        targets[rel.get("Id") or ""] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    found: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(f"{_REL_NS}id") or "")
        if part is not None:
            found[sheet.get("name") or ""] = part
    return found


def _refuse_non_finite_numbers(parts: dict[str, bytes]) -> None:
    """A numeric cell's text must be a finite number (openpyxl would fail on ``NaN`` or give ``inf``)."""
    problems: list[Problem] = []
    for sheet_name, part in _sheet_parts(parts).items():
        content = parts.get(part)
        if content is None:
            continue
        for cell in _parse_xml(part, content).iter(f"{_MAIN_NS}c"):
            if cell.get("t", "n") != "n":
                continue
            value = cell.find(f"{_MAIN_NS}v")
            if value is None or value.text is None:
                continue
            text = value.text.strip()
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) and len(problems) < MAX_CELL_PROBLEMS:
                problems.append(
                    Problem(cell_path(sheet_name, cell.get("r", "?")), "import.bad_cell.finite", text)
                )
    if problems:
        raise ProjectError(problems)


def cell_path(sheet: str, coordinate: str) -> str:
    """``'Opex 运营成本'!B4``, as Excel names a cell of another sheet."""
    return "'" + sheet.replace("'", "''") + "'!" + coordinate


# --- gates 4-5: the workbook and its input cells ----------------------------------------------------------


class CellReader:
    """Reads input cells of one sheet, collecting the problems of bad ones."""

    def __init__(self, sheet: str, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems

    def problem(self, coordinate: str, rule: str, *value: Any, **params: Any) -> None:
        """Add a problem of the cell; ``value`` (at most one) is the value found, none for a blank cell."""
        if len(self.problems) >= MAX_CELL_PROBLEMS:
            return
        path = cell_path(self.sheet, coordinate)
        if value:
            self.problems.append(Problem(path, rule, value[0], params=params))
        else:
            self.problems.append(Problem(path, rule, params=params))

    def value(self, cell: Any, kind: str, coordinate: str) -> Any:
        """The cell's value as the project file's key takes it; ``None`` for blank or bad."""
        raw = cell.value
        if getattr(cell, "data_type", None) == "f" or isinstance(raw, ArrayFormula | DataTableFormula):
            self.problem(coordinate, "import.formula_in_input", raw if isinstance(raw, str) else "=…")
            return None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if getattr(cell, "data_type", None) == "e":
            self.problem(coordinate, "import.bad_cell.error_value", raw)
            return None
        if kind == "text":
            return _as_text(raw)
        if kind == "years":
            return self._years(raw, coordinate)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.problem(coordinate, "import.bad_cell.number", raw)
            return None
        if not math.isfinite(raw):
            self.problem(coordinate, "import.bad_cell.finite", raw)
            return None
        if kind == "int":
            if float(raw) != int(raw):
                self.problem(coordinate, "import.bad_cell.integer", raw)
                return None
            return int(raw)
        return float(raw)

    def _years(self, raw: Any, coordinate: str) -> list[int] | None:
        if isinstance(raw, bool):
            self.problem(coordinate, "import.bad_cell.years", raw)
            return None
        if isinstance(raw, int | float):
            if math.isfinite(raw) and float(raw) == int(raw):
                return [int(raw)]
            self.problem(coordinate, "import.bad_cell.years", raw)
            return None
        if not isinstance(raw, str):
            self.problem(coordinate, "import.bad_cell.years", raw)
            return None
        pieces = [piece for piece in _YEAR_SEPARATORS.split(raw.strip()) if piece]
        if not pieces or not all(piece.isascii() and piece.isdigit() and len(piece) <= 3 for piece in pieces):
            self.problem(coordinate, "import.bad_cell.years", raw)
            return None
        return [int(piece) for piece in pieces]


def _as_text(raw: Any) -> str:
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        return str(int(raw))
    return str(raw)


def _coordinate(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def read_workbook(data: bytes, read: Callable[[Any], _Read]) -> _Read:
    """``read`` applied to the workbook opened read-only with its formulas (never a cached value); any
    failure of openpyxl on a damaged file becomes ``import.corrupt``. Call :func:`safe_parts` first."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except ProjectError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file; none is trusted further
        raise file_error("import.corrupt", detail=f"{type(error).__name__}: {error}") from None
    try:
        return read(workbook)
    except ProjectError:
        raise
    except Exception as error:
        raise file_error("import.corrupt", detail=f"{type(error).__name__}: {error}") from None
    finally:
        workbook.close()


def schedule_sheet_names(project: Project) -> list[str]:
    """The sheets a schedules template of ``project`` has, in order."""
    names = [INSTRUCTIONS_SHEET, CONSTRUCTION_SHEET, LIFECYCLE_SHEET, OPEX_SHEET, REVENUE_SHEET]
    if project.payment.method == "schedule":
        names.append(SCHEDULE_SHEET)
    return names


def require_sheets(workbook: Any, names: list[str], *, rule: str = "import.missing_sheet") -> None:
    """Every sheet of ``names`` is in the workbook, else one problem ``rule`` listing the missing ones."""
    present = set(workbook.sheetnames)
    missing = [name for name in names if name not in present]
    if missing:
        raise file_error(rule, sheets=", ".join(f"'{name}'" for name in missing))


def read_schedule_sheets(workbook: Any, project: Project) -> dict[str, Any]:
    """The schedules of a schedules template: its sheets, timeline and headers checked, then its cells."""
    require_sheets(workbook, schedule_sheet_names(project))
    check_meta(workbook[INSTRUCTIONS_SHEET], project)
    check_headers(workbook, project)
    problems: list[Problem] = []
    sheets = read_schedule_cells(workbook, project, problems)
    if problems:
        raise ProjectError(problems)
    return sheets


def read_schedule_cells(workbook: Any, project: Project, problems: list[Problem]) -> dict[str, Any]:
    """The input cells of the schedule sheets (for :func:`apply_schedules`); bad cells go to ``problems``."""
    construction_years = project.timeline.construction_years
    year_columns = [Column("year", "share_or_money")] * construction_years
    construction_columns = list(CONSTRUCTION_COLUMNS) + year_columns
    sheets: dict[str, Any] = {
        "construction": _rows(
            workbook[CONSTRUCTION_SHEET], CONSTRUCTION_SHEET, construction_columns, problems
        ),
        "lifecycle": _rows(workbook[LIFECYCLE_SHEET], LIFECYCLE_SHEET, list(LIFECYCLE_COLUMNS), problems),
        "opex": _rows(workbook[OPEX_SHEET], OPEX_SHEET, list(OPEX_COLUMNS), problems),
        "revenue": _rows(workbook[REVENUE_SHEET], REVENUE_SHEET, list(REVENUE_COLUMNS), problems),
    }
    if project.payment.method == "schedule":
        sheets["schedule"] = _schedule(workbook[SCHEDULE_SHEET], project.timeline.operation_years, problems)
    return sheets


def check_meta(sheet: Any, project: Project) -> None:
    """The instructions sheet's timeline cells are the project's, else ``import.template_mismatch``."""
    found = {
        coordinate: row[0].value
        for coordinate, row in (
            (coordinate, next(_iter_cells(sheet, coordinate)))
            for coordinate in (META_CONSTRUCTION_YEARS, META_OPERATION_YEARS, META_PAYMENT_METHOD)
        )
    }
    expected = {
        META_CONSTRUCTION_YEARS: project.timeline.construction_years,
        META_OPERATION_YEARS: project.timeline.operation_years,
        META_PAYMENT_METHOD: project.payment.method,
    }
    if any(found[key] != expected[key] or isinstance(found[key], bool) for key in expected):
        raise file_error(
            "import.template_mismatch",
            template_construction=found[META_CONSTRUCTION_YEARS],
            template_operation=found[META_OPERATION_YEARS],
            template_method=found[META_PAYMENT_METHOD],
            construction=project.timeline.construction_years,
            operation=project.timeline.operation_years,
            method=project.payment.method,
        )


def _normalised(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def check_headers(workbook: Any, project: Project) -> None:
    """Every header as the template wrote it (in either language order); else ``import.header_changed``
    (the columns were changed)."""
    problems: list[Problem] = []
    for sheet_name, labels in header_labels(project).items():
        row = next(
            workbook[sheet_name].iter_rows(
                min_row=HEADER_ROW, max_row=HEADER_ROW, min_col=1, max_col=max(len(labels), 1)
            ),
            (),
        )
        cells = list(row) + [None] * (len(labels) - len(row))
        for index, (label, cell) in enumerate(zip(labels, cells, strict=True), start=1):
            found = None if cell is None else cell.value
            accepted = {_normalised(header_text(label, "en")), _normalised(header_text(label, "zh"))}
            if _normalised(found) not in accepted:
                problems.append(
                    Problem(
                        cell_path(sheet_name, _coordinate(HEADER_ROW, index)),
                        "import.header_changed",
                        _normalised(found),
                        params={"expected": _normalised(header_text(label, "en"))},
                    )
                )
                break  # one per sheet: the columns after a changed one are all off
    if problems:
        raise ProjectError(problems)


def _iter_cells(sheet: Any, coordinate: str) -> Iterator[tuple[Any, ...]]:
    row, column = coordinate_to_tuple(coordinate)
    yield from sheet.iter_rows(min_row=row, max_row=row, min_col=column, max_col=column)


def _rows(
    sheet: Any, name: str, columns: list[Column], problems: list[Problem]
) -> list[tuple[int, dict[str, Any]]]:
    """Each non-blank row of the sheet's input area: its number and key → value (year columns: ``years``)."""
    cells = CellReader(name, problems)
    items: list[tuple[int, dict[str, Any]]] = []
    width = len(columns)
    last = FIRST_ROW + MAX_ROWS - 1
    for row_number, row in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=last + 1, min_col=1, max_col=width), start=FIRST_ROW
    ):
        padded = list(row) + [None] * (width - len(row))
        raw_blank = all(
            cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
            for cell in padded
        )
        if raw_blank:
            continue
        if row_number > last:
            first = padded[0].value if padded[0] is not None else None
            cells.problem(_coordinate(row_number, 1), "import.beyond_last_row", first, rows=MAX_ROWS)
            break
        item: dict[str, Any] = {}
        years: list[float | None] = []
        for index, (column, cell) in enumerate(zip(columns, padded, strict=True), start=1):
            coordinate = _coordinate(row_number, index)
            value = None if cell is None else cells.value(cell, column.kind, coordinate)
            if column.key == "year":
                years.append(value)
                continue
            if value is None:
                if column.required and (cell is None or cell.value is None or not str(cell.value).strip()):
                    cells.problem(coordinate, "import.bad_cell.required")
                continue
            item[column.key] = value
        if years:
            item["years"] = years
        items.append((row_number, item))
    return items


def _schedule(sheet: Any, operation_years: int, problems: list[Problem]) -> list[float]:
    cells = CellReader(SCHEDULE_SHEET, problems)
    amounts: list[float] = []
    last = FIRST_ROW + operation_years - 1
    found: dict[int, Any] = {}
    rows = sheet.iter_rows(
        min_row=FIRST_ROW, max_row=last, min_col=SCHEDULE_AMOUNT_COLUMN, max_col=SCHEDULE_AMOUNT_COLUMN
    )
    for row_number, row in enumerate(rows, start=FIRST_ROW):
        found[row_number] = row[0] if row else None
    for row_number in range(FIRST_ROW, last + 1):
        coordinate = _coordinate(row_number, SCHEDULE_AMOUNT_COLUMN)
        cell = found.get(row_number)
        value = None if cell is None else cells.value(cell, "money", coordinate)
        if value is None:
            if cell is None or cell.value is None or not str(cell.value).strip():
                cells.problem(coordinate, "import.bad_cell.required")
            continue
        amounts.append(value)
    return amounts


# --- gate 6: onto the project ------------------------------------------------------------------------------


def _construction_item(row: dict[str, Any]) -> dict[str, Any]:
    years = [0.0 if value is None else value for value in row.pop("years", [])]
    if "amount" in row:
        row["phasing"] = years
    else:
        row["amounts"] = years
    return row


def _lifecycle_item(row: dict[str, Any]) -> dict[str, Any]:
    ordered = {"name": row["name"], "amount": row.get("amount"), "lifecycle": True}
    ordered.update({key: value for key, value in row.items() if key not in ordered})
    return {key: value for key, value in ordered.items() if value is not None}


def apply_schedules(
    project: Project, sheets: dict[str, Any]
) -> tuple[dict[str, Any], dict[tuple[str, int], ItemOrigin]]:
    """The project's data with the sheets' items, and where each item came from: (table, index from 1) →
    origin."""
    data = project_data(project)
    years = ["year"] * project.timeline.construction_years
    construction = [
        (_construction_item(item), ItemOrigin(CONSTRUCTION_SHEET, row, _keys(CONSTRUCTION_COLUMNS) + years))
        for row, item in sheets["construction"]
    ]
    lifecycle = [
        (_lifecycle_item(item), ItemOrigin(LIFECYCLE_SHEET, row, _keys(LIFECYCLE_COLUMNS)))
        for row, item in sheets["lifecycle"]
    ]
    capex: list[tuple[dict[str, Any], ItemOrigin]] = []
    # keep the order in which construction and lifecycle items were interleaved, as far as the counts allow
    for existing in project.capex:
        queue = lifecycle if existing.lifecycle else construction
        if queue:
            capex.append(queue.pop(0))
    capex += construction + lifecycle
    tables = {
        "capex": capex,
        "opex": [(item, ItemOrigin(OPEX_SHEET, row, _keys(OPEX_COLUMNS))) for row, item in sheets["opex"]],
        "revenue": [
            (item, ItemOrigin(REVENUE_SHEET, row, _keys(REVENUE_COLUMNS))) for row, item in sheets["revenue"]
        ],
    }
    origins: dict[tuple[str, int], ItemOrigin] = {}
    for key, pairs in tables.items():
        if pairs or key in data:  # an absent list stays absent (the file round-trips to the same keys)
            data[key] = [item for item, _ in pairs]
        for index, (_, origin) in enumerate(pairs, start=1):
            origins[(key, index)] = origin
    if "schedule" in sheets:
        data["payment"]["schedule"] = sheets["schedule"]
    return data, origins


# --- where a rule's problem sits in the workbook -----------------------------------------------------------


@dataclass(frozen=True)
class ItemOrigin:
    """The row an item was read from, and the project file's key of each of its columns."""

    sheet: str
    row: int
    keys: list[str]


def _keys(columns: tuple[Column, ...]) -> list[str]:
    return [column.key for column in columns]


_ITEM_PATH: Final = re.compile(r"^(capex|opex|revenue)\[(\d+)\](?:\.([a-z_]+))?(?:\[(\d+)\])?")
_SCHEDULE_PATH: Final = re.compile(r"^payment\.schedule(?:\[(\d+)\])?$")


def locate_cell(path: str, origins: dict[tuple[str, int], ItemOrigin], operation_years: int) -> str | None:
    """The cell (or cells) of the template holding the value at the key path ``path``, if it has one."""
    schedule = _SCHEDULE_PATH.match(path)
    if schedule is not None:
        column = get_column_letter(SCHEDULE_AMOUNT_COLUMN)
        if schedule.group(1) is not None:
            return cell_path(SCHEDULE_SHEET, f"{column}{FIRST_ROW + int(schedule.group(1)) - 1}")
        return cell_path(SCHEDULE_SHEET, f"{column}{FIRST_ROW}:{column}{FIRST_ROW + operation_years - 1}")
    found = _ITEM_PATH.match(path)
    if found is None:
        return None
    origin = origins.get((found.group(1), int(found.group(2))))
    if origin is None:
        return None
    key, element = found.group(3), found.group(4)
    row = origin.row
    whole_row = f"{_coordinate(row, 1)}:{_coordinate(row, len(origin.keys))}"
    if key in ("phasing", "amounts") and "year" in origin.keys:
        first = origin.keys.index("year") + 1
        if element is not None and int(element) <= origin.keys.count("year"):
            return cell_path(origin.sheet, _coordinate(row, first + int(element) - 1))
        return cell_path(origin.sheet, f"{_coordinate(row, first)}:{_coordinate(row, len(origin.keys))}")
    if key is not None and key in origin.keys:
        return cell_path(origin.sheet, _coordinate(row, origin.keys.index(key) + 1))
    return cell_path(origin.sheet, whole_row)


class TemplateRulesError(ProjectError):
    """The rule problems of the project a template makes, unchanged, with the template's cell of each.

    ``cells`` maps a problem's key path to its cell (``'Opex 运营成本'!C4``); :meth:`messages` adds it.
    """

    def __init__(self, error: ProjectError, cells: dict[str, str]) -> None:
        super().__init__([*error.problems, *error.warnings])
        self.cells = cells

    def messages(self, language: Language) -> list[str]:
        return [
            translate(
                "import.at_cell", language, message=problem.message(language), cell=self.cells[problem.path]
            )
            if problem.path in self.cells
            else problem.message(language)
            for problem in self.problems
        ]
