"""KPI readings: the bulk CSV upload (``kpi_id,period,value``), checked row by row.

Rules (project-file.md "KPI readings"; the range rule is this module's, kept simple on purpose):

- UTF-8 text (a leading byte-order mark is tolerated) with the header ``kpi_id,period,value`` on line 1; blank
  lines are skipped.
- ``kpi_id`` names a KPI of the project; ``period`` is ``YYYY-MM`` with the month 01–12; ``value`` is a finite
  decimal number (``99.95``, ``12``, ``1e2``; no thousands separators).
- Range: every value is ≥ 0 (availabilities, times, counts of cameras, incidents or inspections are never
  negative) and ≤ 10^15, and a KPI whose unit is ``%`` is also ≤ 100.
- One reading per (kpi_id, period): the same reading twice in a file is kept once; two different values for
  the same (kpi_id, period) are an error on the later line.

Every bad row is reported by its line number (``line N``, the row's text and the rule) and nothing is returned
when any row is bad: :func:`parse_readings_csv` raises one :class:`ProjectError` listing all of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ppp.model.problems import Problem, ProjectError
from ppp.model.schema import Kpi

HEADER = ("kpi_id", "period", "value")
PERCENT_UNIT = "%"
#: the largest reading accepted (as the engine bounds amounts, so every score and price stays finite)
MAX_VALUE = Decimal(10) ** 15
_PERIOD = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_NON_FINITE = {"nan", "+nan", "-nan", "snan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


@dataclass(frozen=True)
class Reading:
    """One KPI reading: the measured value of ``kpi_id`` in the month ``period`` (``YYYY-MM``)."""

    kpi_id: str
    period: str
    value: Decimal

    @property
    def year(self) -> int:
        """The calendar year of the period."""
        return int(self.period[:4])

    @property
    def month(self) -> int:
        """The month of the period (1–12)."""
        return int(self.period[5:7])


def parse_period(text: str) -> tuple[int, int] | None:
    """``"2019-03"`` → ``(2019, 3)``; ``None`` unless the text is ``YYYY-MM`` with a month 1–12.

    Examples
    --------
    >>> parse_period("2019-03"), parse_period("2019-13"), parse_period("2019-3")
    ((2019, 3), None, None)
    """
    match = _PERIOD.match(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


def value_problem(value: Decimal, kpi: Kpi) -> str | None:
    """The catalog key of the range rule ``value`` breaks for ``kpi`` (``None`` when in range)."""
    if value < 0:
        return "readings.negative"
    if value > MAX_VALUE:
        return "readings.too_large"
    if kpi.unit.strip() == PERCENT_UNIT and value > 100:
        return "readings.over_100"
    return None


def parse_readings_csv(text: str, kpis: Sequence[Kpi]) -> list[Reading]:
    """The readings of a CSV upload, in file order without duplicates, or every bad line.

    Raises
    ------
    ProjectError
        Listing every bad line (path ``line N``); nothing is returned when any line is bad.

    Examples
    --------
    >>> from ppp.model.schema import Kpi
    >>> kpi = Kpi(id="availability", name="Availability", unit="%", target=99.9, direction="higher",
    ...           weight=100, tolerance=0.9)
    >>> parse_readings_csv("kpi_id,period,value\\navailability,2019-01,99.95\\n", [kpi])
    [Reading(kpi_id='availability', period='2019-01', value=Decimal('99.95'))]
    """
    by_id = {kpi.id: kpi for kpi in kpis}
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    readings: list[Reading] = []
    seen: dict[tuple[str, str], tuple[Decimal, int]] = {}
    header_line = 0
    for row in _rows(reader, problems):
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if not header_line:
            header_line = line
            if tuple(cell.strip().lower() for cell in row) != HEADER:
                problems.append(
                    Problem(
                        f"line {line}", "readings.bad_header", ",".join(row), {"header": ",".join(HEADER)}
                    )
                )
                # without the header the columns cannot be trusted: report it alone
                raise ProjectError(problems)
            continue
        problem = _row_problem(row, line, by_id, seen)
        if problem is not None:
            problems.append(problem)
            continue
        kpi_id, period, value = row[0].strip(), row[1].strip(), Decimal(row[2].strip())
        key = (kpi_id, period)
        if key in seen:
            continue  # the same reading again (a differing one is reported by _row_problem)
        seen[key] = (value, line)
        readings.append(Reading(kpi_id, period, value))
    if not header_line:
        raise ProjectError([Problem("line 1", "readings.bad_header", "", {"header": ",".join(HEADER)})])
    if problems:
        raise ProjectError(problems)
    return readings


def _rows(reader: Any, problems: list[Problem]) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot read ends the file with a problem on its line."""
    try:
        yield from reader
    except csv.Error as error:
        problems.append(Problem(f"line {reader.line_num}", "readings.malformed", str(error)))


def _row_problem(
    row: list[str], line: int, by_id: dict[str, Kpi], seen: dict[tuple[str, str], tuple[Decimal, int]]
) -> Problem | None:
    path = f"line {line}"
    shown = ",".join(row)
    if len(row) != len(HEADER):
        return Problem(path, "readings.columns", shown, {"count": len(row), "expected": len(HEADER)})
    kpi_id, period, raw_value = (cell.strip() for cell in row)
    kpi = by_id.get(kpi_id)
    if kpi is None:
        known = ", ".join(sorted(by_id)) or "-"
        return Problem(path, "readings.unknown_kpi", kpi_id, {"id": kpi_id, "known": known})
    if parse_period(period) is None:
        return Problem(path, "readings.bad_period", period)
    if raw_value.lower() in _NON_FINITE:
        return Problem(path, "readings.not_finite", raw_value)
    if not _NUMBER.match(raw_value):
        return Problem(path, "readings.not_a_number", raw_value)
    try:
        value = Decimal(raw_value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        return Problem(path, "readings.not_a_number", raw_value)
    rule = value_problem(value, kpi)
    if rule is not None:
        return Problem(path, rule, raw_value, {"unit": kpi.unit})
    earlier = seen.get((kpi_id, period))
    if earlier is not None and earlier[0] != value:
        return Problem(
            path,
            "readings.conflict",
            raw_value,
            {"id": kpi_id, "period": period, "line": earlier[1], "earlier": str(earlier[0])},
        )
    return None
