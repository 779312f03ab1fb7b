"""``ppp backup`` / ``ppp restore``: consistent copies of the database while the app writes.

Wired into :mod:`ppp.cli`: ``COMMANDS`` names the sub-commands this module adds with :func:`add_parsers`;
:func:`run` executes one of them and returns the exit code.

``ppp backup OUTPUT`` writes a checked copy of the app's database (``DATABASE_URL``, else the SQLite file
under ``PPP_DATA_DIR``; or ``--database-url``); ``ppp restore INPUT`` puts one back, refusing to replace a
database holding projects without ``--replace``. How and why: :mod:`ppp.store.backup`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Final, TextIO

from ppp.i18n import Language, translate
from ppp.store.backup import (
    BackupError,
    BackupReport,
    RestoreReport,
    backup_database,
    report_counts,
    restore_database,
)
from ppp.store.database import database_url

COMMANDS: Final[frozenset[str]] = frozenset({"backup", "restore"})

EXIT_OK: Final = 0
EXIT_BAD_INPUT: Final = 2


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    """Add this module's sub-commands to the ``ppp`` parser."""
    backup_parser = commands.add_parser(
        "backup", help="write a consistent, checked copy of the database (safe while the app runs)"
    )
    backup_parser.add_argument(
        "output", help="the backup file (SQLite: a database file; PostgreSQL: a pg_dump archive)"
    )
    backup_parser.add_argument(
        "--database-url", default=None, help="the database (default: DATABASE_URL, else PPP_DATA_DIR's file)"
    )
    restore_parser = commands.add_parser("restore", help="replace the database with a backup, all or nothing")
    restore_parser.add_argument("input", help="a file written by ppp backup")
    restore_parser.add_argument(
        "--database-url", default=None, help="the database (default: DATABASE_URL, else PPP_DATA_DIR's file)"
    )
    restore_parser.add_argument(
        "--replace", action="store_true", help="allow replacing a database that holds projects"
    )


def run(arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int:
    """Run ``arguments.command`` (one of :data:`COMMANDS`); the exit code."""
    url = arguments.database_url or database_url()
    try:
        if arguments.command == "backup":
            backup = backup_database(url=url, destination=Path(arguments.output))
            print(backup_text(backup, language), file=out)
            return EXIT_OK
        restored = restore_database(source=Path(arguments.input), url=url, replace=arguments.replace)
        print(restore_text(restored, language), file=out)
        return EXIT_OK
    except BackupError as error:
        print(
            f"{translate('problem.error', language)}: {translate(error.key, language, **error.params)}",
            file=err,
        )
        return EXIT_BAD_INPUT


def backup_text(report: BackupReport, language: Language) -> str:
    """The readable report of ``ppp backup``."""
    lines = [
        translate(
            "cli.backup.written",
            language,
            path=report.path,
            bytes=f"{report.bytes:,}",
            seconds=f"{report.seconds:.2f}",
        ),
        translate("cli.backup.database", language, url=report.url, backend=report.backend),
        translate("cli.backup.revision", language, revision=report.revision),
        translate("cli.backup.rows", language, counts=report_counts(report.row_counts)),
    ]
    checks = "cli.backup.checks" if report.backend == "sqlite" else "cli.backup.archive_checked"
    lines.append(translate(checks, language))
    return "\n".join(lines)


def restore_text(report: RestoreReport, language: Language) -> str:
    """The readable report of ``ppp restore``."""
    lines = [
        translate(
            "cli.backup.restored", language, path=report.path, url=report.url, seconds=f"{report.seconds:.2f}"
        ),
        translate("cli.backup.revision", language, revision=report.revision),
        translate("cli.backup.rows", language, counts=report_counts(report.row_counts)),
    ]
    if report.backend == "sqlite":
        lines.append(translate("cli.backup.checks", language))
    if report.replaced_projects:
        lines.append(translate("cli.backup.replaced", language, projects=report.replaced_projects))
    lines.append(translate("cli.backup.migrate_hint", language))
    return "\n".join(lines)
