"""``ppp audit ...``: verify the audit log's hash chain; reproduce stored evaluations; read the log.

Wired into :mod:`ppp.cli`: ``COMMANDS`` names the sub-commands this module adds with :func:`add_parsers`;
:func:`run` executes one of them and returns the exit code.

- ``ppp audit verify [--expect-head HASH] [--json]``: exit 0 when the chain is intact, 2 when any entry was
  altered, deleted or inserted (each named) or the recorded head is missing.
- ``ppp audit reproduce [--project ID [--revision R] | --bid ID | --all] [--json]``: evaluates stored
  snapshots again and compares the result hashes; exit 2 when any differs.
- ``ppp audit log [--entity E] [--id N] [--limit K] [--json]``: the newest entries, who, when, what,
  before → after.

Every sub-command takes ``--database-url`` (default: ``DATABASE_URL``, else the embedded SQLite file of
``PPP_DATA_DIR``, as the app). These commands only read: they never create, upgrade or change a database,
so an auditor can run them against a copy or a read-only account.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ppp.i18n import Language, translate
from ppp.store.audit import ChainProblem, ChainReport, Reproduction, failed, reproduce, verify_chain
from ppp.store.database import database_url, make_engine, normalise_url, session_scope
from ppp.store.migrate import current_revision, head_revision
from ppp.store.tables import AuditEntry, UserRow

COMMANDS: Final[frozenset[str]] = frozenset({"audit"})

EXIT_OK: Final = 0
EXIT_INTERNAL: Final = 1
EXIT_BAD_INPUT: Final = 2

_ENTRY_HASH: Final = re.compile(r"^[0-9a-f]{64}$")
_DEFAULT_LOG_LIMIT: Final = 50


class _BadInputError(Exception):
    """A refused argument; its message is already in the user's language."""


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``ppp audit`` and its sub-commands to the ``ppp`` parser."""
    audit = commands.add_parser(
        "audit", help="the audit trail: verify the log's hash chain, reproduce results"
    )
    actions = audit.add_subparsers(dest="audit_command", required=True, metavar="{verify,reproduce,log}")

    verify = actions.add_parser("verify", help="recompute every audit entry's hash and link")
    verify.add_argument(
        "--expect-head", help="an entry hash recorded earlier that must still be in the chain"
    )
    _common(verify)

    again = actions.add_parser("reproduce", help="re-evaluate stored snapshots and compare result hashes")
    selection = again.add_mutually_exclusive_group()
    selection.add_argument("--project", help="every revision of this project id")
    selection.add_argument("--bid", help="this bid id")
    selection.add_argument("--all", action="store_true", help="every revision and bid (the default)")
    again.add_argument("--revision", help="with --project: only this revision")
    _common(again)

    log = actions.add_parser("log", help="print audit entries, newest first")
    log.add_argument("--entity", help="only entries about this kind of thing (project, bid, user, ...)")
    log.add_argument("--id", help="only entries about this entity id")
    log.add_argument("--limit", help=f"at most this many entries (default {_DEFAULT_LOG_LIMIT})")
    _common(log)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="the database (default: DATABASE_URL, else PPP_DATA_DIR)")
    parser.add_argument("--json", action="store_true", help="one JSON object")


def run(arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int:
    """Run ``ppp audit <verify|reproduce|log>``; the exit code (0 ok, 2 a problem found or bad input)."""
    try:
        engine = _open(arguments.database_url, language)
    except _BadInputError as refused:
        print(refused, file=err)
        return EXIT_BAD_INPUT
    try:
        if arguments.audit_command == "verify":
            return _verify(engine, arguments, language, out)
        if arguments.audit_command == "reproduce":
            return _reproduce(engine, arguments, language, out)
        return _log(engine, arguments, language, out)
    except _BadInputError as refused:
        print(refused, file=err)
        return EXIT_BAD_INPUT
    except SQLAlchemyError as error:
        print(_unavailable(engine, error, language), file=err)
        return EXIT_INTERNAL
    finally:
        engine.dispose()


# --- the database ------------------------------------------------------------------------------------------


def _open(url_option: str | None, language: Language) -> Engine:
    """An engine on the database to read; refused (:class:`_BadInputError`) unless it exists, at head."""
    try:
        url = normalise_url(url_option) if url_option else database_url()
        parsed = make_url(url)
    except ArgumentError as error:
        raise _BadInputError(
            translate("cli.audit.bad_database_url", language, value=url_option, detail=error)
        ) from error
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        # connecting would create an empty file: a mistyped path must not look like an empty audit log
        if path in ("", ":memory:") or not Path(path).is_file():
            raise _BadInputError(translate("cli.audit.no_database", language, path=path or url))
    engine = make_engine(url)
    shown = parsed.render_as_string(hide_password=True)
    try:
        current = current_revision(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise _BadInputError(_unavailable(engine, error, language)) from error
    if current != head_revision():
        engine.dispose()
        raise _BadInputError(
            translate("cli.audit.wrong_schema", language, url=shown, current=current, head=head_revision())
        )
    return engine


def _unavailable(engine: Engine, error: SQLAlchemyError, language: Language) -> str:
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    url = engine.url.render_as_string(hide_password=True)
    return translate("cli.audit.database_unavailable", language, url=url, detail=detail)


# --- verify ------------------------------------------------------------------------------------------------


def _verify(engine: Engine, arguments: argparse.Namespace, language: Language, out: TextIO) -> int:
    expected = arguments.expect_head
    if expected is not None:
        expected = expected.strip().lower()
        if not _ENTRY_HASH.match(expected):
            raise _BadInputError(translate("cli.audit.bad_head", language, value=arguments.expect_head))
    with session_scope(engine, read_only=True) as session:
        report = verify_chain(session, expect_head=expected)
    if arguments.json:
        document = report.to_json()
        for problem, shown in zip(document["problems"], report.problems, strict=True):
            problem["message"] = problem_text(shown, language)
        print(json.dumps(document, ensure_ascii=False, allow_nan=False), file=out)
    else:
        print(verify_text(report, language), file=out)
    return EXIT_OK if report.intact else EXIT_BAD_INPUT


def problem_text(problem: ChainProblem, language: Language) -> str:
    """One :class:`ppp.store.audit.ChainProblem` in ``language``, naming its row."""
    return translate(
        f"audit.problem.{problem.kind}",
        language,
        row=problem.row_id,
        previous=problem.previous_id,
        stored=problem.stored,
        recomputed=problem.recomputed,
    )


def verify_text(report: ChainReport, language: Language) -> str:
    """The readable report of ``ppp audit verify``."""
    lines = [
        translate("cli.audit.verify_checked", language, rows=report.rows, seconds=f"{report.seconds:.3f}")
    ]
    if report.head_id is None:
        lines.append(translate("cli.audit.verify_empty", language))
    else:
        lines.append(translate("cli.audit.verify_head", language, id=report.head_id, hash=report.head_hash))
        lines.append(translate("cli.audit.verify_record_head", language))
    if report.expected_head_id is not None:
        lines.append(
            translate(
                "cli.audit.verify_expected_found",
                language,
                hash=report.expected_head,
                id=report.expected_head_id,
                after=report.appended_since_expected,
            )
        )
    if report.intact:
        lines.append(translate("cli.audit.verify_intact", language))
    else:
        lines.append(translate("cli.audit.verify_problems", language, count=len(report.problems)))
        lines += [f"  - {problem_text(problem, language)}" for problem in report.problems]
    return "\n".join(lines)


# --- reproduce ---------------------------------------------------------------------------------------------


def _reproduce(engine: Engine, arguments: argparse.Namespace, language: Language, out: TextIO) -> int:
    project_id = _whole_number("--project", arguments.project, 1, language)
    bid_id = _whole_number("--bid", arguments.bid, 1, language)
    revision = _whole_number("--revision", arguments.revision, 1, language)
    if revision is not None and project_id is None:
        raise _BadInputError(
            translate("cli.audit.revision_needs_project", language, value=arguments.revision)
        )
    with session_scope(engine, read_only=True) as session:
        results = reproduce(session, project_id=project_id, revision=revision, bid_id=bid_id)
    # an empty database has nothing to reproduce (not a failure); a named snapshot that is not there is one
    if not results and (project_id is not None or bid_id is not None):
        selection = " ".join(
            f"{option} {value}"
            for option, value in (("--project", project_id), ("--revision", revision), ("--bid", bid_id))
            if value is not None
        )
        raise _BadInputError(translate("cli.audit.reproduce_nothing", language, selection=selection))
    if arguments.json:
        document = {
            "schema": "ppp-audit-reproduce/1",
            "reproduced": not failed(results),
            "snapshots": [result.to_json(language) for result in results],
        }
        print(json.dumps(document, ensure_ascii=False, allow_nan=False), file=out)
    else:
        print(reproduce_text(results, language), file=out)
    return EXIT_BAD_INPUT if failed(results) else EXIT_OK


def reproduce_text(results: Sequence[Reproduction], language: Language) -> str:
    """The readable report of ``ppp audit reproduce``: per snapshot its hashes and whether they agree."""
    none = translate("cli.audit.reproduce_none", language)
    labels = {
        key: translate(f"cli.audit.reproduce_{key}", language)
        for key in ("input_hash", "stored", "recomputed", "file_hash")
    }
    width = max(len(label) for label in labels.values()) + 2
    lines: list[str] = []
    for result in results:
        status = translate(f"cli.audit.status.{result.status}", language)
        if result.kind == "revision":
            heading = translate(
                "cli.audit.reproduce_revision",
                language,
                project=result.project_id,
                number=result.number,
                status=status,
            )
        else:
            heading = translate(
                "cli.audit.reproduce_bid",
                language,
                id=result.row_id,
                label=result.label,
                number=result.number,
                project=result.project_id,
                status=status,
            )
        lines.append(heading)
        lines.append(f"  {labels['input_hash']:<{width}}{result.input_hash}")
        if result.detail:
            lines.append(f"  {labels['file_hash']:<{width}}{result.detail}")
        lines.append(f"  {labels['stored']:<{width}}{result.stored_result_hash or none}")
        lines.append(f"  {labels['recomputed']:<{width}}{result.recomputed_result_hash or none}")
        lines += [f"  - {problem.message(language)}" for problem in result.problems]
    bad = failed(results)
    lines.append(
        translate(
            "cli.audit.reproduce_summary",
            language,
            total=len(results),
            equal=sum(result.status == "equal" for result in results),
            unhashed=sum(result.status == "no_stored_hash" for result in results),
            failed=len(bad),
        )
    )
    return "\n".join(lines)


# --- log ---------------------------------------------------------------------------------------------------


def _log(engine: Engine, arguments: argparse.Namespace, language: Language, out: TextIO) -> int:
    entity_id = _whole_number("--id", arguments.id, 1, language)
    limit = _whole_number("--limit", arguments.limit, 1, language) or _DEFAULT_LOG_LIMIT
    entries = AuditEntry.__table__  # type: ignore[attr-defined]
    users = UserRow.__table__  # type: ignore[attr-defined]
    query = (
        sa.select(entries, users.c.name.label("user_name"))
        .select_from(entries.outerjoin(users, entries.c.user_id == users.c.id))
        .order_by(entries.c.id.desc())
        .limit(limit)
    )
    if arguments.entity:
        query = query.where(entries.c.entity == arguments.entity)
    if entity_id is not None:
        query = query.where(entries.c.entity_id == entity_id)
    with session_scope(engine, read_only=True) as session:
        rows = [dict(row) for row in session.connection().execute(query).mappings()]
    if arguments.json:
        document = {"schema": "ppp-audit-log/1", "entries": [_entry_json(row) for row in rows]}
        print(json.dumps(document, ensure_ascii=False, allow_nan=False), file=out)
    else:
        print(log_text(rows, language), file=out)
    return EXIT_OK


def _entry_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": _utc_text(row["at"]),
        "user_id": row["user_id"],
        "user": row["user_name"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "before": _parsed(row["before"]),
        "after": _parsed(row["after"]),
        "prev_hash": row["prev_hash"],
        "entry_hash": row["entry_hash"],
    }


def log_text(rows: Sequence[dict[str, Any]], language: Language) -> str:
    """Audit entries readably: a line per entry (id, when, who, action, entity), then what changed.

    ``rows`` are mappings with the ``audit_log`` columns and ``user_name``. A key in both ``before`` and
    ``after`` is shown as ``before → after`` when it changed (and not at all when it did not); a key in only
    one of them (every key of a creation) shows ``—`` on the other side.

    Examples
    --------
    >>> row = {"id": 7, "at": datetime.datetime(2026, 1, 31, 8, 0, tzinfo=datetime.UTC), "user_id": 1,
    ...        "user_name": "local", "action": "save", "entity": "project", "entity_id": 3,
    ...        "before": '{"revision": 1, "name": "A"}', "after": '{"revision": 2, "name": "A"}'}
    >>> print(log_text([row], "en"))
    #7  2026-01-31 08:00:00.000000 UTC  local  save  project 3
        revision: 1 → 2
    """
    if not rows:
        return translate("cli.audit.log_empty", language)
    lines: list[str] = []
    for row in rows:
        if row["user_id"] is None:
            who = translate("cli.audit.log_application", language)
        else:
            who = row["user_name"] or translate("cli.audit.log_unknown_user", language, id=row["user_id"])
        target = row["entity"] if row["entity_id"] is None else f"{row['entity']} {row['entity_id']}"
        lines.append(f"#{row['id']}  {_utc_text(row['at'], readable=True)}  {who}  {row['action']}  {target}")
        lines += [f"    {change}" for change in _changes(_parsed(row["before"]), _parsed(row["after"]))]
    return "\n".join(lines)


def _changes(before: Any, after: Any) -> list[str]:
    # a creation (nothing before) or a removal (nothing after) lists every key on its one side
    before = {} if before is None and isinstance(after, dict) else before
    after = {} if after is None and isinstance(before, dict) else after
    if not isinstance(before, dict) or not isinstance(after, dict):
        if before == after:
            return []
        return [f"{_shown(before)} → {_shown(after)}"]
    changes: list[str] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, _ABSENT), after.get(key, _ABSENT)
        if old != new:
            changes.append(f"{key}: {_shown(old)} → {_shown(new)}")
    return changes


_ABSENT: Final = object()


def _shown(value: Any) -> str:
    if value is _ABSENT or value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _parsed(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:  # written by hand, not by the application: show it as it is
        return text


def _utc_text(at: datetime.datetime, *, readable: bool = False) -> str:
    utc = at.astimezone(datetime.UTC)
    if readable:
        return utc.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- arguments ---------------------------------------------------------------------------------------------


def _whole_number(option: str, text: str | None, minimum: int, language: Language) -> int | None:
    """``text`` as an integer of at least ``minimum``; ``None`` when the option was not given."""
    if text is None:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise _BadInputError(
            translate("cli.audit.bad_number", language, option=option, value=text, minimum=minimum)
        )
    return value
