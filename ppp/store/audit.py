"""The audit log: one appended row per change, never updated or deleted.

Services call :func:`record` in the same transaction as the change it describes, so a change and its audit
entry are committed together or not at all. The ORM refuses to update or delete an :class:`AuditEntry`
(see the mapper events below); the tables themselves are owned by the application's database user.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Session

from ppp.store.tables import AuditEntry


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
    """Append one audit entry to the session's transaction.

    Parameters
    ----------
    session
        The unit of work making the change.
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
        The new row (flushed, so it has its id).
    """
    entry = AuditEntry(
        user_id=None if principal is None else principal.user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_json(before),
        after=_json(after),
    )
    session.add(entry)
    session.flush()
    return entry


def _json(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    # default=str: dates and Decimals are written as their text, which is what an auditor reads
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper: Mapper[Any], connection: Connection, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper: Mapper[Any], connection: Connection, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entry {target.id} cannot be deleted")
