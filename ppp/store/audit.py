"""The audit log: one appended row per change, never updated or deleted, hash-chained; and reproducing stored
evaluations.

Services call :func:`record` in the same transaction as the change it describes, so a change and its audit
entry are committed together or not at all.

Append-only, three times over
-----------------------------
- The ORM refuses to update or delete an :class:`AuditEntry` (the mapper events below).
- The database refuses it (migration 0008): SQLite ``BEFORE UPDATE`` / ``BEFORE DELETE`` triggers abort with
  :data:`APPEND_ONLY_MESSAGE`; on PostgreSQL a trigger function refuses ``UPDATE``, ``DELETE`` and
  ``TRUNCATE``.
- Whoever can drop those triggers (a database administrator) can still change rows, but not unseen: every
  row carries ``entry_hash``, the SHA-256 of its content and of ``prev_hash``, the ``entry_hash`` of the row
  before it (:data:`GENESIS_HASH` for the first). :func:`verify_chain` recomputes every hash and link and
  names each row that was altered, deleted before another or inserted.

The bytes hashed (:func:`entry_bytes`, format :data:`CHAIN_FORMAT`) are the UTF-8 of one JSON object with
the keys ``format``, ``prev_hash``, ``id``, ``at`` (ISO 8601 in UTC with microseconds,
``2026-01-31T08:00:00.000000Z``), ``user_id``, ``action``, ``entity``, ``entity_id``, ``before`` and
``after`` (the stored JSON texts, or null), written with sorted keys, no spaces (separators ``,`` and ``:``)
and non-ASCII characters as themselves.

What a chain cannot show: the newest rows removed (the shortened chain is still a valid chain), or the whole
table rewritten with fresh hashes. Against both, record the head (the newest row's ``entry_hash``, printed by
``ppp audit verify`` with the number of rows) somewhere the database administrator cannot write; a later
``ppp audit verify --expect-head HASH`` checks that the chain still contains that entry.

Serialising appends: a row's ``prev_hash`` is read from the chain head, so two writers must not append at
once (they would both link to the same row: a fork). On SQLite every writing transaction starts with
``BEGIN IMMEDIATE`` and holds the database's write lock. On PostgreSQL :func:`record` takes the
transaction-scoped advisory lock :data:`CHAIN_LOCK_KEY` before reading the head and takes the new row's id
from the table's sequence under that lock, so ids grow in chain order; the lock is held until the
transaction ends, which serialises the audited changes' commits (call :func:`record` after the last row
lock a change takes, as the services do, so that two changes cannot wait for each other).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Session

from ppp import __version__
from ppp.engine.evaluation import evaluate, result_hash
from ppp.i18n import Language
from ppp.model import Problem, ProjectError, canonical_hash, parse_project
from ppp.store.tables import AuditEntry

#: the name of the byte format of :func:`entry_bytes` (hashed with every entry)
CHAIN_FORMAT: Final = "ppp-audit-entry/1"
#: the ``prev_hash`` of the first row of the chain
GENESIS_HASH: Final = "0" * 64
#: the error text of the database's refusal to change or delete an audit entry (migration 0008 writes the
#: same text out)
APPEND_ONLY_MESSAGE: Final = "the audit log is append-only: an entry cannot be changed or deleted"
#: PostgreSQL's advisory lock serialising appends (any fixed 64-bit number other than the one of
#: :mod:`ppp.store.migrate`; every process of the application uses the same one)
CHAIN_LOCK_KEY: Final = 0x7070_7061_7564_6974
# the one JSON encoder of the chain's byte format (made once: json.dumps would build one per entry)
_CANONICAL_JSON: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
# rows read per round trip when verifying a long chain
_VERIFY_BATCH: Final = 5_000

ProblemKind = Literal["altered", "broken_link", "inserted", "missing_start", "missing_head"]


class Actor(Protocol):
    """Whoever acts: anything with a ``user_id`` (a :class:`ppp.services.types.Principal`)."""

    @property
    def user_id(self) -> int: ...


def record(
    session: Session,
    *,
    principal: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Append one audit entry to the session's transaction, linked to the chain's head.

    Parameters
    ----------
    session
        The unit of work making the change (a writing one: see the module's notes on serialising).
    principal
        Who made it; ``None`` for the application itself (seeding a new database).
    action
        What was done: ``"create"``, ``"save"``, ``"archive"``, ``"seed"``, ...
    entity, entity_id
        What it was done to (``"project"``, 12).
    before, after
        The parts of the entity that matter for the change (revision, input hash, ...), as JSON-ready data;
        ``None`` where there was nothing before (a creation) or after.

    Returns
    -------
    AuditEntry
        The new row (flushed, so it has its id), with its ``prev_hash`` and ``entry_hash``.
    """
    connection = session.connection()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    head = connection.execute(
        sa.select(table.c.id, table.c.entry_hash).order_by(table.c.id.desc()).limit(1)
    ).first()
    if postgresql:
        # the sequence, not max(id) + 1: other code inserting without an id must not collide with this row
        entry_id = int(
            connection.execute(
                sa.text("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))")
            ).scalar_one()
        )
    else:
        # what SQLite itself would choose (max(rowid) + 1); the write lock is held, so nobody else can
        entry_id = 1 if head is None else int(head.id) + 1
    prev_hash = GENESIS_HASH if head is None else str(head.entry_hash)
    at = datetime.datetime.now(datetime.UTC)
    user_id = None if principal is None else principal.user_id
    before_text, after_text = _json(before), _json(after)
    entry = AuditEntry(
        id=entry_id,
        at=at,
        user_id=user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        prev_hash=prev_hash,
        entry_hash=entry_hash(
            prev_hash=prev_hash,
            entry_id=entry_id,
            at=at,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before_text,
            after=after_text,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def _json(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    # default=str: dates and Decimals are written as their text, which is what an auditor reads
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


# --- the hash chain ----------------------------------------------------------------------------------------


def format_at(at: datetime.datetime) -> str:
    """A timestamp as the chain hashes it: ISO 8601 in UTC with microseconds and ``Z``.

    Raises
    ------
    ValueError
        For a naive timestamp (its instant is unknown).

    Examples
    --------
    >>> shanghai = datetime.timezone(datetime.timedelta(hours=8))
    >>> format_at(datetime.datetime(2026, 1, 31, 16, 0, tzinfo=shanghai))
    '2026-01-31T08:00:00.000000Z'
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"timestamp {at.isoformat()} has no time zone")
    # isoformat, not strftime: the same text, several times faster over a long chain
    return at.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def entry_bytes(
    *,
    prev_hash: str,
    entry_id: int,
    at: datetime.datetime,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str | None,
    after: str | None,
) -> bytes:
    """The canonical bytes of one audit entry (format :data:`CHAIN_FORMAT`), which :func:`entry_hash` hashes.

    ``before`` and ``after`` are the JSON texts as stored, so the hash covers exactly what an auditor reads.

    Examples
    --------
    >>> at = datetime.datetime(2026, 1, 31, 8, 0, tzinfo=datetime.UTC)
    >>> text = entry_bytes(prev_hash="0" * 4, entry_id=1, at=at, user_id=None, action="create",
    ...                    entity="user", entity_id=1, before=None, after='{"name": "本地"}').decode()
    >>> head, tail = text.split(',"before":')
    >>> print(head)
    {"action":"create","after":"{\\"name\\": \\"本地\\"}","at":"2026-01-31T08:00:00.000000Z"
    >>> print(tail)
    null,"entity":"user","entity_id":1,"format":"ppp-audit-entry/1","id":1,"prev_hash":"0000","user_id":null}
    """
    document = {
        "format": CHAIN_FORMAT,
        "prev_hash": prev_hash,
        "id": entry_id,
        "at": format_at(at),
        "user_id": user_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    return _CANONICAL_JSON.encode(document).encode("utf-8")


def entry_hash(
    *,
    prev_hash: str,
    entry_id: int,
    at: datetime.datetime,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    """The SHA-256 (64 lowercase hexadecimal digits) of :func:`entry_bytes`.

    Examples
    --------
    >>> at = datetime.datetime(2026, 1, 31, 8, 0, tzinfo=datetime.UTC)
    >>> fields = dict(entry_id=1, at=at, user_id=None, action="seed", entity="project", entity_id=1,
    ...               before=None, after=None)
    >>> first = entry_hash(prev_hash=GENESIS_HASH, **fields)
    >>> len(first), first == entry_hash(prev_hash=GENESIS_HASH, **fields)
    (64, True)
    >>> first == entry_hash(prev_hash="1" + GENESIS_HASH[1:], **fields)
    False
    """
    return hashlib.sha256(
        entry_bytes(
            prev_hash=prev_hash,
            entry_id=entry_id,
            at=at,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
    ).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """One thing wrong with the chain, naming the row.

    ``kind``:

    - ``altered``: row ``row_id``'s stored ``entry_hash`` (``stored``) is not the hash of its content
      (``recomputed``): the row was changed after it was written.
    - ``broken_link``: row ``row_id`` does not link to ``previous_id``, the row before it (its ``prev_hash``
      ``stored`` is not that row's ``entry_hash`` ``recomputed``): a row between them was deleted, or one of
      them rewritten with a new hash.
    - ``inserted``: row ``row_id`` links to the same row (``stored``) as ``previous_id``, the row before it:
      one of the two was slipped in (which one, the chain cannot tell; a row with a wrong hash of its own is
      also named ``altered``).
    - ``missing_start``: the first row left (``row_id``) does not start the chain: older rows were deleted.
    - ``missing_head``: the head an auditor recorded (``stored``) is not in the chain: rows were removed from
      its end or the chain was rewritten.
    """

    kind: ProblemKind
    row_id: int | None
    previous_id: int | None = None
    stored: str = ""
    recomputed: str = ""

    def to_json(self) -> dict[str, Any]:
        """The problem as data (``ppp audit verify --json``)."""
        return {
            "kind": self.kind,
            "row_id": self.row_id,
            "previous_id": self.previous_id,
            "stored": self.stored,
            "recomputed": self.recomputed,
        }


@dataclass(frozen=True)
class ChainReport:
    """The result of :func:`verify_chain`."""

    #: rows read and recomputed
    rows: int
    #: the newest row's id and ``entry_hash`` (what to record outside the database); ``None`` for no rows
    head_id: int | None
    head_hash: str | None
    problems: tuple[ChainProblem, ...]
    #: how long the check took, seconds
    seconds: float
    #: the head asked for with ``expect_head`` and the id of the row that has it (``None``: not found)
    expected_head: str | None = None
    expected_head_id: int | None = None
    #: how many entries were appended after the expected head (``None``: not asked for, or not found)
    appended_since_expected: int | None = None

    @property
    def intact(self) -> bool:
        """Whether no problem was found."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The report as the ``ppp-audit-verify/1`` object of ``ppp audit verify --json``."""
        return {
            "schema": "ppp-audit-verify/1",
            "program_version": __version__,
            "intact": self.intact,
            "rows": self.rows,
            "head_id": self.head_id,
            "head_hash": self.head_hash,
            "expected_head": self.expected_head,
            "expected_head_id": self.expected_head_id,
            "appended_since_expected": self.appended_since_expected,
            "seconds": self.seconds,
            "problems": [problem.to_json() for problem in self.problems],
        }


@dataclass
class _Link:
    """What the walk remembers of a row: its id, its link back and its stored hash."""

    row_id: int
    prev_hash: str
    entry_hash: str


def verify_chain(session: Session, *, expect_head: str | None = None) -> ChainReport:
    """Walk the audit log in id order, recompute every row's hash and check every link; only reads.

    Parameters
    ----------
    session
        Any unit of work (a read-only one is enough); the rows are read by one streamed query, a consistent
        snapshot on both backends.
    expect_head
        An ``entry_hash`` recorded earlier (64 hexadecimal digits): the chain must still contain it, else a
        ``missing_head`` problem.

    Returns
    -------
    ChainReport
        Every problem found, each naming its row (see :class:`ChainProblem`); the rows checked, the head.
    """
    started = time.perf_counter()
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    columns = (
        table.c.id,
        table.c.at,
        table.c.user_id,
        table.c.action,
        table.c.entity,
        table.c.entity_id,
        table.c.before,
        table.c.after,
        table.c.prev_hash,
        table.c.entry_hash,
    )
    query = sa.select(*columns).order_by(table.c.id).execution_options(yield_per=_VERIFY_BATCH)
    problems: list[ChainProblem] = []
    wanted = None if expect_head is None else expect_head.strip().lower()
    found_id: int | None = None
    found_at_row = 0
    previous: _Link | None = None
    rows = 0
    for (
        row_id,
        at,
        user_id,
        action,
        entity,
        entity_id,
        before,
        after,
        prev_hash,
        stored,
    ) in session.connection().execute(query):
        rows += 1
        recomputed = entry_hash(
            prev_hash=prev_hash,
            entry_id=row_id,
            at=at,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
        if recomputed != stored:
            problems.append(ChainProblem("altered", row_id, stored=stored, recomputed=recomputed))
        if previous is None or prev_hash != previous.entry_hash:
            problems.extend(_link_problems(row_id, prev_hash, previous))
        if stored == wanted:
            found_id = row_id
            found_at_row = rows
        previous = _Link(row_id, prev_hash, stored)
    if wanted is not None and found_id is None:
        problems.append(ChainProblem("missing_head", None, stored=wanted))
    return ChainReport(
        rows=rows,
        head_id=None if previous is None else previous.row_id,
        head_hash=None if previous is None else previous.entry_hash,
        problems=tuple(problems),
        seconds=time.perf_counter() - started,
        expected_head=wanted,
        expected_head_id=found_id,
        appended_since_expected=None if found_id is None else rows - found_at_row,
    )


def _link_problems(row_id: int, prev_hash: str, previous: _Link | None) -> list[ChainProblem]:
    """What is wrong with the link from row ``row_id`` back to the row before it (``previous``)."""
    expected = GENESIS_HASH if previous is None else previous.entry_hash
    if prev_hash == expected:
        return []
    if previous is None:
        return [ChainProblem("missing_start", row_id, stored=prev_hash, recomputed=GENESIS_HASH)]
    if prev_hash == previous.prev_hash:
        # both rows claim the same predecessor: one of them was slipped in (which one, the chain cannot say)
        return [ChainProblem("inserted", row_id, previous_id=previous.row_id, stored=prev_hash)]
    return [
        ChainProblem(
            "broken_link", row_id, previous_id=previous.row_id, stored=prev_hash, recomputed=expected
        )
    ]


# --- reproducing stored evaluations ------------------------------------------------------------------------

SnapshotKind = Literal["revision", "bid"]
ReproductionStatus = Literal["equal", "differs", "no_stored_hash", "input_hash_mismatch", "not_evaluable"]

_REVISIONS = sa.table(
    "project_revisions",
    sa.column("id", sa.Integer()),
    sa.column("project_id", sa.Integer()),
    sa.column("revision", sa.Integer()),
    sa.column("inputs_toml", sa.Text()),
    sa.column("input_hash", sa.String()),
    sa.column("result_hash", sa.String()),
)
_BIDS = sa.table(
    "bids",
    sa.column("id", sa.Integer()),
    sa.column("project_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("bidder", sa.String()),
    sa.column("inputs_toml", sa.Text()),
    sa.column("input_hash", sa.String()),
    sa.column("result_hash", sa.String()),
)


@dataclass(frozen=True)
class Reproduction:
    """One stored snapshot evaluated again.

    ``status``: ``equal`` (the recomputed result hash is the stored one), ``differs``, ``no_stored_hash``
    (stored before result hashes were kept: recomputed only), ``input_hash_mismatch`` (the stored file no
    longer has its stored input hash: it was changed) or ``not_evaluable`` (the stored file no longer
    evaluates; ``detail`` says why).
    """

    kind: SnapshotKind
    row_id: int
    project_id: int
    #: the revision of a project, the version of a bid
    number: int
    label: str
    input_hash: str
    stored_result_hash: str | None
    recomputed_result_hash: str | None
    status: ReproductionStatus
    #: ``input_hash_mismatch``: the input hash of the stored file as it is now
    detail: str = ""
    #: ``not_evaluable``: why
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether this snapshot reproduces (or, without a stored hash, at least evaluates as stored)."""
        return self.status in ("equal", "no_stored_hash")

    def to_json(self, language: Language = "en") -> dict[str, Any]:
        """The snapshot's line of ``ppp audit reproduce --json`` (problems in ``language``)."""
        return {
            "kind": self.kind,
            "id": self.row_id,
            "project_id": self.project_id,
            "number": self.number,
            "label": self.label,
            "input_hash": self.input_hash,
            "stored_result_hash": self.stored_result_hash,
            "recomputed_result_hash": self.recomputed_result_hash,
            "status": self.status,
            "detail": self.detail,
            "problems": [problem.message(language) for problem in self.problems],
        }


def reproduce(
    session: Session,
    *,
    project_id: int | None = None,
    revision: int | None = None,
    bid_id: int | None = None,
) -> list[Reproduction]:
    """Evaluate stored snapshots again and compare each result hash with the one stored when it was saved.

    Parameters
    ----------
    session
        Any unit of work; only reads.
    project_id, revision
        The revisions of one project (every one, or only ``revision``).
    bid_id
        One bid.

    With none of them given: every project revision and every bid, in id order.

    Returns
    -------
    list[Reproduction]
        One per snapshot found (empty when none matches).
    """
    connection = session.connection()
    everything = project_id is None and bid_id is None
    found: list[Reproduction] = []
    if everything or project_id is not None:
        query = sa.select(_REVISIONS).order_by(_REVISIONS.c.project_id, _REVISIONS.c.revision)
        if project_id is not None:
            query = query.where(_REVISIONS.c.project_id == project_id)
        if revision is not None:
            query = query.where(_REVISIONS.c.revision == revision)
        for row in connection.execute(query):
            found.append(
                _reproduce_one(
                    "revision",
                    row.id,
                    row.project_id,
                    row.revision,
                    "",
                    row.inputs_toml,
                    row.input_hash,
                    row.result_hash,
                )
            )
    if everything or bid_id is not None:
        query = sa.select(_BIDS).order_by(_BIDS.c.id)
        if bid_id is not None:
            query = query.where(_BIDS.c.id == bid_id)
        for row in connection.execute(query):
            found.append(
                _reproduce_one(
                    "bid",
                    row.id,
                    row.project_id,
                    row.version,
                    row.bidder,
                    row.inputs_toml,
                    row.input_hash,
                    row.result_hash,
                )
            )
    return found


def _reproduce_one(
    kind: SnapshotKind,
    row_id: int,
    project_id: int,
    number: int,
    label: str,
    inputs_toml: str,
    input_hash: str,
    stored: str | None,
) -> Reproduction:
    def outcome(
        status: ReproductionStatus,
        recomputed: str | None,
        detail: str = "",
        problems: tuple[Problem, ...] = (),
    ) -> Reproduction:
        return Reproduction(
            kind, row_id, project_id, number, label, input_hash, stored, recomputed, status, detail, problems
        )

    try:
        project = parse_project(inputs_toml).project
        if canonical_hash(project) != input_hash:
            return outcome("input_hash_mismatch", None, canonical_hash(project))
        recomputed = result_hash(evaluate(project))
    except ProjectError as error:
        return outcome("not_evaluable", None, problems=tuple(error.problems))
    if stored is None:
        return outcome("no_stored_hash", recomputed)
    return outcome("equal" if recomputed == stored else "differs", recomputed)


def failed(reproductions: Iterable[Reproduction]) -> list[Reproduction]:
    """The snapshots that do not reproduce."""
    return [reproduction for reproduction in reproductions if not reproduction.ok]


# --- the ORM's refusal -------------------------------------------------------------------------------------


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper: Mapper[Any], connection: Connection, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper: Mapper[Any], connection: Connection, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entry {target.id} cannot be deleted")
