"""The ``ppp`` command: parse arguments, call the model and the engine, print. No financial logic here.

Exit codes: 0 success; 2 bad input (every problem listed, key path, value and rule); 1 unexpected internal
error (reported in one line, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from ppp import __version__, cli_audit, cli_backup, cli_users
from ppp.engine import evaluate, solve
from ppp.engine.evaluation import Evaluation
from ppp.engine.metrics import METRIC_KEYS
from ppp.engine.solve import TARGETS, VARIABLES
from ppp.government.bids import Comparison, compare_bids
from ppp.i18n import LANGUAGES, Language, default_language, translate
from ppp.i18n.formatting import format_metric, format_number, metric_label
from ppp.model import LoadedProject, Problem, Project, ProjectError, canonical_hash, load_project
from ppp.model.io import parse_toml, read_text
from ppp.operations.readings import parse_readings_csv
from ppp.operations.statement import YearStatement, minor_unit, payment_statements, statements_json
from ppp.risk.defaults import spec_with_defaults
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS
from ppp.risk.montecarlo import MonteCarloResult, run_monte_carlo
from ppp.risk.scenarios import ScenarioComparison, compare_scenarios


class DatabaseCommands(Protocol):
    """A module of sub-commands working on the database (:mod:`ppp.cli_audit`, ...)."""

    COMMANDS: frozenset[str]

    def add_parsers(self, commands: argparse._SubParsersAction[Any]) -> None: ...

    def run(self, arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int: ...


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

_DATABASE_COMMANDS: tuple[DatabaseCommands, ...] = (cli_audit, cli_backup, cli_users)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ppp",
        description="Evaluate PPP smart-city projects (ppp-project/1 files).",
    )
    parser.add_argument("--version", action="version", version=f"ppp {__version__}")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="message language (default: PPP_LANG/LANG)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate_parser = commands.add_parser(
        "validate", help="check a project file; exit 2 listing every problem"
    )
    validate_parser.add_argument("file")

    evaluate_parser = commands.add_parser("evaluate", help="evaluate a project file")
    evaluate_parser.add_argument("file")
    evaluate_parser.add_argument("--json", action="store_true", help="print one ppp-evaluation/1 JSON object")

    solve_parser = commands.add_parser("solve", help="goal seek: the input that makes a target hold")
    solve_parser.add_argument("file")
    solve_parser.add_argument(
        "--target", required=True, help=f"NAME=VALUE, NAME one of {', '.join(TARGETS)} (e.g. equity_irr=0.08)"
    )
    solve_parser.add_argument("--variable", choices=VARIABLES, default=None, help="the input to solve for")
    solve_parser.add_argument("--low", type=float, default=None, help="lowest allowed value")
    solve_parser.add_argument("--high", type=float, default=None, help="highest allowed value")
    solve_parser.add_argument("--json", action="store_true")

    export_parser = commands.add_parser("export", help="write the auditable Excel workbook (live formulas)")
    export_parser.add_argument("file")
    export_parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    payments_parser = commands.add_parser(
        "payments", help="the payment statement of every year with KPI readings (scores, deductions, payment)"
    )
    payments_parser.add_argument("file")
    payments_parser.add_argument(
        "--readings", required=True, help="CSV kpi_id,period,value (period YYYY-MM, UTF-8, header required)"
    )
    payments_parser.add_argument(
        "--json", action="store_true", help="print the statements as one JSON object"
    )

    compare_parser = commands.add_parser(
        "compare", help="compare, score and rank the bids of a tender (government PV at the tender's rate)"
    )
    compare_parser.add_argument("tender", help="the tender: a project file with a [tender] table")
    compare_parser.add_argument(
        "bids", nargs="+", metavar="bid", help="bids: project files with a [bid] table"
    )
    compare_parser.add_argument(
        "--json", action="store_true", help='print {"tender": ..., "bids": [...]} as one JSON object'
    )

    simulate_parser = commands.add_parser(
        "simulate", help="Monte Carlo: P5/P50/P95 of the returns, the risk of missing the hurdle or the DSCR"
    )
    simulate_parser.add_argument("file")
    simulate_parser.add_argument(
        "--scenarios", type=int, default=None, help="number of scenarios, 1,000 to 100,000 (default 10,000)"
    )
    simulate_parser.add_argument("--seed", type=int, default=None, help="random seed (default 0)")
    simulate_parser.add_argument(
        "--spec", default=None, help="TOML settings: distributions, correlations, scenarios, seed, hurdle"
    )
    simulate_parser.add_argument(
        "--hurdle", type=float, default=None, help="equity IRR hurdle (default rates.equity_hurdle_rate)"
    )
    simulate_parser.add_argument("--json", action="store_true", help="print one ppp-monte-carlo/1 object")
    simulate_parser.add_argument("--csv", default=None, help="write every scenario to this CSV file")

    scenarios_parser = commands.add_parser(
        "scenarios", help="the file's named scenarios side by side, the base case first"
    )
    scenarios_parser.add_argument("file")
    scenarios_parser.add_argument("--json", action="store_true", help="print one ppp-scenarios/1 object")

    bench_parser = commands.add_parser("bench", help="benchmark the engine against numpy-financial")
    bench_parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")

    # commands on the database (DATABASE_URL or PPP_DATA_DIR), each module owning its own
    for module in _DATABASE_COMMANDS:
        module.add_parsers(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    arguments = build_parser().parse_args(argv)
    language: Language = arguments.lang or default_language()
    try:
        if arguments.command == "validate":
            return _validate(arguments.file, language, out, err)
        if arguments.command == "evaluate":
            return _evaluate(arguments.file, arguments.json, language, out, err)
        if arguments.command == "solve":
            return _solve(arguments, language, out, err)
        if arguments.command == "export":
            return _export(arguments.file, arguments.output, language, out, err)
        if arguments.command == "payments":
            return _payments(arguments.file, arguments.readings, arguments.json, language, out, err)
        if arguments.command == "compare":
            return _compare(arguments.tender, arguments.bids, arguments.json, language, out, err)
        if arguments.command == "simulate":
            return _simulate(arguments, language, out, err)
        if arguments.command == "scenarios":
            return _scenarios(arguments.file, arguments.json, language, out, err)
        for module in _DATABASE_COMMANDS:
            if arguments.command in module.COMMANDS:
                return module.run(arguments, language, out, err)
        from ppp.bench import run_benchmarks

        print(run_benchmarks(quick=arguments.quick), file=out)
        return EXIT_OK
    except ProjectError as error:
        _print_problems(error.problems, language, err)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # the reader went away (``ppp evaluate ... | head``): nothing left to say
        return EXIT_OK
    except Exception as error:  # the last guard: one line instead of a traceback
        print(translate("cli.internal_error", language, kind=type(error).__name__, detail=error), file=err)
        return EXIT_INTERNAL


def _load(path: str, language: Language, err: TextIO) -> LoadedProject:
    loaded = load_project(path)
    for warning in loaded.warnings:
        print(f"{translate('problem.warning', language)}: {warning.message(language)}", file=err)
    return loaded


def _validate(path: str, language: Language, out: TextIO, err: TextIO) -> int:
    try:
        loaded = _load(path, language, err)
    except ProjectError as error:
        print(translate("cli.invalid", language, path=path, count=len(error.problems)), file=err)
        raise
    print(translate("cli.valid", language, path=path, name=loaded.project.project.name), file=out)
    return EXIT_OK


def _evaluate(path: str, as_json: bool, language: Language, out: TextIO, err: TextIO) -> int:
    loaded = _load(path, language, err)
    evaluation = evaluate(loaded.project)
    if as_json:
        print(json.dumps(evaluation.to_json(), ensure_ascii=False, allow_nan=False), file=out)
    else:
        print(summary_text(evaluation, language), file=out)
    return EXIT_OK


def _export(path: str, output: str, language: Language, out: TextIO, err: TextIO) -> int:
    from ppp.exports.workbook import write_workbook

    loaded = _load(path, language, err)
    evaluation = evaluate(loaded.project)
    try:
        write_workbook(output, evaluation, loaded.project, language=language)
    except OSError as error:
        print(translate("cli.export_failed", language, path=output, detail=error.strerror or error), file=err)
        return EXIT_BAD_INPUT
    print(translate("cli.exported", language, path=output), file=out)
    return EXIT_OK


def _payments(
    path: str, readings_path: str, as_json: bool, language: Language, out: TextIO, err: TextIO
) -> int:
    loaded = _load(path, language, err)
    try:
        with open(readings_path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        print(translate("cli.readings_unreadable", language, path=readings_path, detail=detail), file=err)
        return EXIT_BAD_INPUT
    readings = parse_readings_csv(text, loaded.project.kpis)
    statements = payment_statements(loaded.project, evaluate(loaded.project), readings)
    money_unit = loaded.project.project.money_unit
    if as_json:
        document = statements_json(statements, money_unit)
        print(json.dumps(document, ensure_ascii=False, allow_nan=False), file=out)
    else:
        print(payments_text(loaded.project.project.name, money_unit, statements, language), file=out)
    return EXIT_OK


def _solve(arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int:
    name, value = _parse_target(arguments.target)
    loaded = _load(arguments.file, language, err)
    result = solve(
        loaded.project,
        target=name,
        target_value=value,
        variable=arguments.variable,
        low=arguments.low,
        high=arguments.high,
    )
    if arguments.json:
        document: dict[str, Any] = {
            "schema": "ppp-solve/1",
            "target": result.target,
            "target_value": result.target_value,
            "variable": result.variable,
            "value": result.value,
            "achieved": result.achieved,
            "evaluation": result.evaluation.to_json(),
        }
        print(json.dumps(document, ensure_ascii=False, allow_nan=False), file=out)
        return EXIT_OK
    print(
        translate(
            "cli.solved",
            language,
            variable=result.variable,
            value=f"{result.value:.10g}",
            target=result.target,
            achieved=f"{result.achieved:.10g}",
            target_value=result.target_value,
        ),
        file=out,
    )
    print(summary_text(result.evaluation, language), file=out)
    return EXIT_OK


def _parse_target(text: str) -> tuple[str, float]:
    name, separator, number = text.partition("=")
    name = name.strip()
    if name == "repayment_capacity" and not separator:
        return name, 0.0
    try:
        value = float(number)
    except ValueError:
        value = float("nan")
    if not separator or not name or value != value or value in (float("inf"), float("-inf")):
        raise ProjectError([Problem("--target", "solve.bad_target", text, {"text": text})])
    return name, value


def summary_text(evaluation: Evaluation, language: Language) -> str:
    """The readable summary of ``ppp evaluate``: metrics, then the main annual lines."""
    lines = [
        translate(
            "cli.summary_title", language, name=evaluation.project_name, money_unit=evaluation.money_unit
        ),
        f"{translate('cli.input_hash', language)}: {evaluation.input_hash}",
        "",
    ]
    width = max(len(metric_label(key, language)) for key in METRIC_KEYS) + 2
    for key in METRIC_KEYS:
        value = evaluation.metrics[key]
        shown = format_metric(key, value, language)
        if value is None and key in evaluation.irr_notes:
            shown = evaluation.irr_notes[key]
        lines.append(f"  {metric_label(key, language):<{width}}{shown:>20}")
    lines += ["", translate("cli.annual_title", language)]
    columns = (
        "year",
        "phase",
        "capex",
        "government_payment",
        "user_revenue",
        "opex",
        "cfads",
        "dscr",
        "equity_cf",
    )
    headers = [translate(f"column.{column}", language) for column in columns]
    lines.append("  " + "".join(f"{header:>14}" for header in headers))
    for row in evaluation.years:
        cells = [str(row["year"]), translate(f"phase.{row['phase']}", language)]
        for column in columns[2:]:
            kind = "ratio" if column == "dscr" else "money"
            value = row[column]
            cells.append("" if value is None else format_number(value, kind, language))
        lines.append("  " + "".join(f"{cell:>14}" for cell in cells))
    return "\n".join(lines)


def payments_text(name: str, money_unit: str, statements: Sequence[YearStatement], language: Language) -> str:
    """The readable statement of ``ppp payments``: per year the totals, then its months."""
    unit = minor_unit(money_unit)
    lines = [
        translate("cli.payments_title", language, name=name, money_unit=money_unit, minor_unit=f"{unit:f}"),
    ]
    if not statements:
        lines.append(translate("cli.payments_none", language))
    for statement in statements:
        totals = (
            ("cli.payments_score", f"{statement.score:.2f}"),
            ("cli.payments_coefficient", f"{statement.coefficient:.2f}"),
            ("cli.payments_points", f"{statement.points:g}"),
            ("cli.payments_planned", f"{statement.planned_payment:,f}"),
            ("cli.payments_before", f"{statement.payment_before_deductions:,f}"),
            ("cli.payments_deduction", f"{statement.deduction:,f}"),
            ("cli.payments_actual", f"{statement.actual_payment:,f}"),
        )
        lines += [
            "",
            translate(
                "cli.payments_year",
                language,
                year=statement.year,
                operating_year=statement.operating_year,
                months=statement.months_recorded,
            ),
        ]
        width = max(len(translate(key, language)) for key, _ in totals) + 2
        lines += [f"  {translate(key, language):<{width}}{shown:>22}" for key, shown in totals]
        headers = [
            translate(key, language)
            for key in (
                "cli.payments_period",
                "cli.payments_score",
                "cli.payments_points",
                "cli.payments_deduction",
            )
        ]
        rows = [
            [month.period, f"{month.score:.2f}", f"{month.points:g}", f"{month.deduction:,f}"]
            for month in statement.months
        ]
        widths = [max(len(cell) for cell in column) + 2 for column in zip(headers, *rows, strict=True)]
        missing_label = translate("cli.payments_missing", language)
        lines.append(
            "  " + "".join(f"{h:>{w}}" for h, w in zip(headers, widths, strict=True)) + "  " + missing_label
        )
        for month, row in zip(statement.months, rows, strict=True):
            missing = ", ".join(line.kpi_id for line in month.lines if line.missing)
            lines.append(
                "  " + "".join(f"{c:>{w}}" for c, w in zip(row, widths, strict=True)) + "  " + missing
            )
    return "\n".join(lines)


def _compare(
    tender_path: str, bid_paths: Sequence[str], as_json: bool, language: Language, out: TextIO, err: TextIO
) -> int:
    # every file is read and checked before anything is compared, so one run reports every bad file
    loaded: list[Project] = []
    failed = False
    for path, table in ((tender_path, "tender"), *((path, "bid") for path in bid_paths)):
        try:
            project = _load(path, language, err).project
        except ProjectError as error:
            print(translate("cli.invalid", language, path=path, count=len(error.problems)), file=err)
            _print_problems(error.problems, language, err)
            failed = True
            continue
        if getattr(project, table) is None:
            print(translate(f"compare.{table}_without_table", language, path=path), file=err)
            failed = True
            continue
        loaded.append(project)
    if failed:
        return EXIT_BAD_INPUT
    comparison = compare_bids(loaded[0], loaded[1:])
    if as_json:
        print(json.dumps(comparison.to_json(language), ensure_ascii=False, allow_nan=False), file=out)
    else:
        files = {canonical_hash(bid): path for bid, path in zip(loaded[1:], bid_paths, strict=True)}
        print(comparison_text(comparison, files, language), file=out)
    return EXIT_OK


def comparison_text(comparison: Comparison, files: Mapping[str, str], language: Language) -> str:
    """The readable comparison of ``ppp compare``: the scoring rules, one row per bid, flags, ties, profile.

    ``files`` maps a bid's input hash to the file it was read from (shown beside the bidder).
    """
    discount = format_number(comparison.discount_rate, "rate", language)
    lines = [
        translate(
            "compare.title",
            language,
            name=comparison.tender_name,
            money_unit=comparison.money_unit,
            rate=discount,
        ),
        f"{translate('compare.tender_hash', language)}: {comparison.tender_hash}",
        translate(
            "compare.weights",
            language,
            price_weight=f"{comparison.price_weight:g}",
            technical_weight=f"{comparison.technical_weight:g}",
        ),
    ]
    if comparison.psc is None:
        lines.append(translate("compare.no_psc", language))
    else:
        lines.append(
            translate(
                "compare.psc",
                language,
                psc=format_number(comparison.psc, "money", language),
                threshold=format_number(
                    comparison.psc * (1.0 - comparison.abnormally_low_margin), "money", language
                ),
                margin=format_number(comparison.abnormally_low_margin, "rate", language),
            )
        )
    columns: tuple[tuple[str, str], ...] = (
        ("government_pv", "money"),
        ("price_score", "ratio"),
        ("technical_score", "ratio"),
        ("total_score", "ratio"),
        ("equity_irr", "rate"),
        ("min_dscr", "ratio"),
        ("max_affordability_ratio", "rate"),
        ("vfm_amount", "money"),
    )
    headers = [translate(f"bids.column.{key}", language) for key in ("rank", "bidder")]
    headers += [translate(f"bids.column.{key}", language) for key, _ in columns]
    rows: list[list[str]] = []
    for bid in comparison.bids:
        cells = ["-" if bid.rank is None else str(bid.rank), bid.bidder]
        cells += [format_number(getattr(bid, key), kind, language) for key, kind in columns]
        rows.append(cells)
    widths = [max(_width(cell) for cell in column) + 2 for column in zip(headers, *rows, strict=True)]
    lines += ["", "".join(_right(cell, width) for cell, width in zip(headers, widths, strict=True))]
    lines += ["".join(_right(cell, width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.append("")
    for bid in comparison.bids:
        lines.append(
            translate("compare.bid_line", language, bidder=bid.bidder, path=files.get(bid.input_hash, ""))
        )
        lines.append(f"  {translate('bids.column.input_hash', language)}: {bid.input_hash}")
        lines.append(f"  {translate('bids.column.submitted', language)}: {bid.submitted.isoformat()}")
        if bid.tie_break is not None:
            tie = translate(f"bids.tie.{bid.tie_break}", language)
            lines.append(f"  {translate('bids.column.tie_break', language)}: {tie}")
        for flag in bid.flags:
            lines.append(
                f"  {translate('bids.column.flags', language)}: {translate(f'bids.flag.{flag}', language)}"
            )
        for problem in bid.problems:
            lines.append(f"  {translate('problem.error', language)}: {problem.message(language)}")
    profiled = [bid for bid in comparison.bids if bid.years]
    if profiled:
        lines += ["", translate("bids.sheet.payments", language) + f" ({comparison.money_unit})"]
        names = [bid.bidder for bid in profiled]
        year_header = translate("bids.column.year", language)
        profile_widths = [max(_width(year_header), 4) + 2] + [max(_width(name), 12) + 2 for name in names]
        header_cells = [year_header, *names]
        lines.append(
            "".join(_right(cell, width) for cell, width in zip(header_cells, profile_widths, strict=True))
        )
        for index, year in enumerate(profiled[0].years):
            cells = [str(year)] + [
                format_number(bid.government_payments[index], "money", language) for bid in profiled
            ]
            lines.append(
                "".join(_right(cell, width) for cell, width in zip(cells, profile_widths, strict=True))
            )
    return "\n".join(lines)


def _simulate(arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int:
    from ppp.exports.risk_export import monte_carlo_csv

    loaded = _load(arguments.file, language, err)
    settings: dict[str, Any] = {}
    if arguments.spec is not None:
        try:
            settings = parse_toml(read_text(Path(arguments.spec)))
        except ProjectError:
            print(translate("cli.spec_unreadable", language, path=arguments.spec), file=err)
            raise
    # the command line wins over the settings file, which wins over the defaults
    flags = {"scenarios": arguments.scenarios, "seed": arguments.seed, "hurdle": arguments.hurdle}
    settings.update({key: value for key, value in flags.items() if value is not None})
    spec = spec_with_defaults(loaded.project, settings)
    result = run_monte_carlo(loaded.project, spec)
    if arguments.csv is not None:
        try:
            csv_text = monte_carlo_csv(result, input_hash=canonical_hash(loaded.project))
            Path(arguments.csv).write_text(csv_text, encoding="utf-8")
        except OSError as error:
            detail = error.strerror or error
            print(translate("cli.simulate_csv_failed", language, path=arguments.csv, detail=detail), file=err)
            return EXIT_BAD_INPUT
    if arguments.json:
        # what was simulated and by which program, as every export says
        summary = {
            **result.to_json(),
            "input_hash": canonical_hash(loaded.project),
            "program_version": __version__,
        }
        print(json.dumps(summary, ensure_ascii=False, allow_nan=False), file=out)
    else:
        project = loaded.project.project
        print(simulation_text(result, project.name, project.money_unit, language), file=out)
    if arguments.csv is not None:
        print(translate("cli.simulate_csv_written", language, path=arguments.csv), file=err)
    return EXIT_OK


#: how each Monte Carlo output is shown
_OUTPUT_KINDS: dict[str, str] = {
    "equity_irr": "rate",
    "project_npv": "money",
    "government_pv": "money",
    "min_dscr": "ratio",
}
#: the drivers shown per output in ``ppp simulate``'s summary
_TOP_DRIVERS = 3


def simulation_text(result: MonteCarloResult, name: str, money_unit: str, language: Language) -> str:
    """The readable summary of ``ppp simulate``: the distributions used, P5/P50/P95 and mean of each output,
    the probabilities of missing the hurdle and of a DSCR below 1.0, and the drivers that matter most."""
    spec = result.spec
    lines = [
        translate(
            "cli.simulate_title",
            language,
            name=name,
            done=f"{result.scenarios_done:,}",
            requested=f"{spec.scenarios:,}",
            seed=spec.seed,
            money_unit=money_unit,
        ),
        "",
        translate("cli.simulate_distributions", language),
    ]
    driver_names = {key: translate(f"sensitivity.driver.{key}", language) for key in DRIVER_KEYS}
    for key, distribution in spec.distributions.items():
        parameters = ", ".join(
            f"{parameter}={value:g}" for parameter, value in distribution.parameters().items()
        )
        lines.append(f"  {driver_names[key]}: {distribution.kind}({parameters})")
    for (first, second), rho in spec.correlations.items():
        correlation = translate(
            "cli.simulate_correlation",
            language,
            first=driver_names[first],
            second=driver_names[second],
            rho=f"{rho:g}",
        )
        lines.append(f"  {correlation}")
    headers = [translate("cli.simulate_output", language), "P5", "P50", "P95"]
    headers += [translate("cli.simulate_mean", language), translate("cli.simulate_undefined", language)]
    rows = []
    for key in OUTPUT_KEYS:
        levels = result.percentiles[key]
        kind = _OUTPUT_KINDS[key]
        cells = [translate(f"sensitivity.output.{key}", language)]
        cells += [format_number(levels[level], kind, language) for level in ("p5", "p50", "p95", "mean")]
        cells.append(f"{result.undefined[key]:,}")
        rows.append(cells)
    lines += ["", *_table(headers, rows)]
    probabilities = result.probabilities
    if result.hurdle is None:
        below_hurdle = (translate("cli.simulate_no_hurdle", language), "")
    else:
        hurdle = format_number(result.hurdle, "rate", language)
        below_hurdle = (
            translate("cli.simulate_below_hurdle", language, hurdle=hurdle),
            format_number(probabilities["equity_irr_below_hurdle"], "rate", language),
        )
    shares = [
        below_hurdle,
        (
            translate("cli.simulate_dscr_below_1", language),
            format_number(probabilities["min_dscr_below_1"], "rate", language),
        ),
    ]
    if probabilities["infeasible"]:
        shares.append(
            (
                translate("cli.simulate_infeasible", language),
                format_number(probabilities["infeasible"], "rate", language),
            )
        )
    width = max(_width(label) for label, _ in shares) + 2
    lines += ["", translate("cli.simulate_probabilities", language)]
    lines += [f"  {label}{' ' * (width - _width(label))}{share:>10}" for label, share in shares]
    lines += ["", translate("cli.simulate_drivers", language)]
    for key in OUTPUT_KEYS:
        ranked = result.ranked_drivers(key)[:_TOP_DRIVERS]
        shown = ", ".join(f"{driver_names[driver]} {rho:+.2f}" for driver, rho in ranked)
        output = translate(f"sensitivity.output.{key}", language)
        lines.append(f"  {output}: {shown or translate('cli.simulate_no_drivers', language)}")
    clipped = [(key, count) for key, count in result.clipped.items() if count]
    if clipped:
        lines.append("")
        lines += [
            "  " + translate("cli.simulate_clipped", language, driver=driver_names[key], count=f"{count:,}")
            for key, count in clipped
        ]
    return "\n".join(lines)


def _scenarios(path: str, as_json: bool, language: Language, out: TextIO, err: TextIO) -> int:
    loaded = _load(path, language, err)
    comparison = compare_scenarios(loaded.project)
    if as_json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False, allow_nan=False), file=out)
        return EXIT_OK
    project = loaded.project.project
    print(scenarios_text(comparison, project.name, project.money_unit, language), file=out)
    return EXIT_OK


def scenarios_text(comparison: ScenarioComparison, name: str, money_unit: str, language: Language) -> str:
    """The readable comparison of ``ppp scenarios``: one column per scenario (the base case first), the
    driver values used, then the outputs and whether the loan is repaid."""
    lines = [translate("cli.scenarios_title", language, name=name, money_unit=money_unit)]
    if len(comparison.names) == 1:
        lines.append(translate("cli.scenarios_none", language))
    names = [translate("cli.scenarios_base", language), *comparison.names[1:]]
    rows: list[list[str]] = []
    for key in DRIVER_KEYS:
        label = translate(f"sensitivity.driver.{key}", language)
        rows.append([label, *(_driver_value(key, drivers[key], language) for drivers in comparison.drivers)])
    for key in OUTPUT_KEYS:
        values = comparison.values[key].tolist()
        cells = [None if math.isnan(value) else value for value in values]
        label = translate(f"sensitivity.output.{key}", language)
        rows.append([label, *(format_number(value, _OUTPUT_KINDS[key], language) for value in cells)])
    repaid = [
        translate("cli.scenarios_yes" if ok else "cli.scenarios_no", language) for ok in comparison.feasible
    ]
    rows.append([translate("cli.scenarios_feasible", language), *repaid])
    lines += ["", *_table(["", *names], rows)]
    return "\n".join(lines)


def _driver_value(key: str, value: float, language: Language) -> str:
    """A driver's value in its unit: a multiple, a change of the rate in points, points of score, years."""
    if key in ("loan_rate", "inflation"):
        return translate("cli.scenarios_points", language, value=f"{value * 100:+.2f}")
    if key == "construction_delay":
        return f"{value:.0f}"
    if key == "performance_score":
        return f"{value:g}"
    return f"×{value:.2f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows under ``headers``: the first column left-aligned, the others right-aligned, CJK-aware widths."""
    widths = [max(_width(cell) for cell in column) + 2 for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0] + " " * (widths[0] - _width(cells[0]))
        rest = "".join(_right(cell, width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return ("  " + first + rest).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _width(text: str) -> int:
    """Terminal columns ``text`` takes: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal columns."""
    return " " * max(width - _width(text), 0) + text


def _print_problems(problems: list[Problem], language: Language, err: TextIO) -> None:
    label = translate("problem.error", language)
    for problem in problems:
        print(f"{label}: {problem.message(language)}", file=err)


if __name__ == "__main__":
    raise SystemExit(main())
