"""Risk results as a workbook values sheet and as CSV: every Monte Carlo scenario, every tornado point.

The values sheet (:func:`monte_carlo_sheet`) is an :class:`~ppp.exports.workbook.ExtraSheet` that
:func:`ppp.exports.workbook.write_workbook` adds after the model's sheets: one row per scenario with the
driver values drawn and the four outputs, as values (a Monte Carlo run is not a spreadsheet formula). The
CSVs are for other tools: a header of keys (``capex``, ``equity_irr``, ...), numbers written in full
(``repr``, so they read back to the same float), an empty cell where an output is undefined (no IRR, no debt
service). Units are the drivers' (multiples, changes of a rate, points, years) and the outputs' (IRR as a
fraction, money in the project's unit). Given the project's input hash, the Monte Carlo CSV ends every row
with it and the program version (:data:`PROVENANCE_COLUMNS`), so a file copied elsewhere still says which
inputs and which program made it; in a workbook the cover says so. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

import numpy as np

from ppp import __version__
from ppp.exports.workbook import Cell, ExtraSheet
from ppp.i18n import Language, translate
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloResult
from ppp.risk.sensitivity import Tornado

#: the columns of a Monte Carlo CSV and values sheet, in order
MONTE_CARLO_COLUMNS: tuple[str, ...] = ("scenario", *DRIVER_KEYS, *OUTPUT_KEYS, "feasible")
#: the columns a Monte Carlo CSV ends with when it is given the project's input hash
PROVENANCE_COLUMNS: tuple[str, ...] = ("input_hash", "program_version")
#: the columns of a tornado CSV: the base row first (driver ``base``), then one row per step
TORNADO_COLUMNS: tuple[str, ...] = ("driver", "step", "value", *OUTPUT_KEYS, "feasible")


def monte_carlo_sheet(result: MonteCarloResult, *, language: Language) -> ExtraSheet:
    """The values sheet of a run: a row per scenario, drivers then outputs, labelled in ``language``.

    Undefined outputs are left empty; ``feasible`` is 1 where the loan is repaid, else 0.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.distributions import Uniform
    >>> from ppp.risk.montecarlo import MonteCarloSpec, run_monte_carlo
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> result = run_monte_carlo(project, MonteCarloSpec({"opex": Uniform(0.9, 1.1)}, scenarios=1000))
    >>> sheet = monte_carlo_sheet(result, language="en")
    >>> sheet.title, sheet.columns[:3], len(sheet.rows)
    ('Monte Carlo', ('scenario', 'Capex', 'Operating costs'), 1000)
    """
    labels = (
        translate("risk_export.column_scenario", language),
        *(translate(f"sensitivity.driver.{key}", language) for key in DRIVER_KEYS),
        *(translate(f"sensitivity.output.{key}", language) for key in OUTPUT_KEYS),
        translate("risk_export.column_feasible", language),
    )
    table = _monte_carlo_table(result)
    title = translate("risk_export.sheet_monte_carlo", language)
    if np.isfinite(table).all():
        # the fast path of the workbook writer: one block of numbers
        return ExtraSheet(title, labels, table)
    rows: list[Sequence[Cell]] = [
        [None if math.isnan(value) else value for value in row] for row in table.tolist()
    ]
    return ExtraSheet(title, labels, rows)


def monte_carlo_csv(result: MonteCarloResult, *, input_hash: str | None = None) -> str:
    """A run as CSV: a header of :data:`MONTE_CARLO_COLUMNS`, then one row per scenario.

    Parameters
    ----------
    result
        From :func:`ppp.risk.montecarlo.run_monte_carlo`.
    input_hash
        The canonical input hash of the project simulated (:func:`ppp.model.canonical_hash`): when given,
        every row ends with it and the program version (:data:`PROVENANCE_COLUMNS`).

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.distributions import Uniform
    >>> from ppp.risk.montecarlo import MonteCarloSpec, run_monte_carlo
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> result = run_monte_carlo(project, MonteCarloSpec({"opex": Uniform(0.9, 1.1)}, scenarios=1000))
    >>> lines = monte_carlo_csv(result).splitlines()
    >>> lines[0]
    'scenario,capex,opex,user_revenue,loan_rate,inflation,performance_score,construction_delay,equity_irr,project_npv,government_pv,min_dscr,feasible'
    >>> len(lines)
    1001
    >>> from ppp.model import canonical_hash
    >>> marked = monte_carlo_csv(result, input_hash=canonical_hash(project)).splitlines()
    >>> marked[0].split(",")[-2:], marked[1].split(",")[-2] == canonical_hash(project)
    (['input_hash', 'program_version'], True)
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    provenance = [] if input_hash is None else [input_hash, __version__]
    writer.writerow([*MONTE_CARLO_COLUMNS, *(PROVENANCE_COLUMNS if provenance else ())])
    whole = {0, 1 + DRIVER_KEYS.index("construction_delay"), len(MONTE_CARLO_COLUMNS) - 1}
    for row in _monte_carlo_table(result).tolist():
        writer.writerow(
            [
                *(
                    "" if math.isnan(value) else (str(int(value)) if column in whole else repr(value))
                    for column, value in enumerate(row)
                ),
                *provenance,
            ]
        )
    return buffer.getvalue()


def tornado_csv(tornado: Tornado) -> str:
    """A tornado as CSV: :data:`TORNADO_COLUMNS`; the plan first (driver ``base``, step 0), then every point.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> from ppp.risk.sensitivity import tornado
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> lines = tornado_csv(tornado(project, {"capex": [0.1]})).splitlines()
    >>> [line.split(",")[:3] for line in lines]
    [['driver', 'step', 'value'], ['base', '0.0', ''], ['capex', '0.1', '1.1']]
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TORNADO_COLUMNS)
    writer.writerow(
        [
            "base",
            repr(0.0),
            "",
            *(_number(tornado.base.get(key)) for key in OUTPUT_KEYS),
            _flag(tornado.base_feasible),
        ]
    )
    for point in tornado.points:
        writer.writerow(
            [
                point.driver,
                repr(point.step),
                repr(point.value),
                *(_number(point.outputs.get(key)) for key in OUTPUT_KEYS),
                _flag(point.feasible),
            ]
        )
    return buffer.getvalue()


def _monte_carlo_table(result: MonteCarloResult) -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    """Scenarios × :data:`MONTE_CARLO_COLUMNS` as floats (NaN where an output is undefined)."""
    done = result.scenarios_done
    columns = [np.arange(1, done + 1, dtype=np.float64)]
    columns += [np.asarray(result.drivers[key], dtype=np.float64) for key in DRIVER_KEYS]
    columns += [np.asarray(result.outputs[key], dtype=np.float64) for key in OUTPUT_KEYS]
    columns.append(result.feasible.astype(np.float64))
    table: np.ndarray[tuple[int, int], np.dtype[np.float64]] = np.column_stack(columns)
    return table


def _number(value: float | None) -> str:
    return "" if value is None or math.isnan(value) else repr(value)


def _flag(value: bool) -> str:
    return "1" if value else "0"
