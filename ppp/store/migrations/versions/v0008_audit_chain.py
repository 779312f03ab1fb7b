"""The audit trail: the audit log hash-chained and frozen by the database; result hashes beside snapshots.

Revision ID: 0008
Revises: 0007

- ``audit_log`` gains ``prev_hash`` and ``entry_hash`` (SHA-256, 64 hexadecimal digits). The rows already
  there are chained in id order (the first links to 64 zeros), then both columns become ``NOT NULL``. The
  byte format is :data:`ppp.store.audit.CHAIN_FORMAT` (``ppp-audit-entry/1``), written out here again so that
  this file never changes when application code does; the migration tests check that both agree.
- The database refuses any change to ``audit_log``: on SQLite ``BEFORE UPDATE`` and ``BEFORE DELETE``
  triggers abort the statement; on PostgreSQL one plpgsql trigger function raises before any ``UPDATE`` or
  ``DELETE`` of a row and before a ``TRUNCATE`` (as migration 0006 freezes ``bids``).
- ``project_revisions`` and ``bids`` gain a nullable ``result_hash`` (``sha256:`` and 64 digits, String(80)):
  the :func:`ppp.engine.evaluation.result_hash` of the snapshot's evaluation, stored when it is saved. Rows
  older than this migration keep none: a hash computed now by today's engine would certify a result nobody
  computed at the time, so ``ppp audit reproduce`` reports them as "no stored hash" instead. Adding a
  nullable column is a plain ``ALTER TABLE ... ADD COLUMN`` (no row is touched, so the triggers freezing
  ``bids`` are not in the way and need not be dropped), and the downgrade drops it the same way.

The downgrade removes the triggers first (SQLite's table rebuild that drops the two columns would otherwise
keep none of them anyway, and PostgreSQL's function must go), then the columns.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from typing import Any, Final

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSAGE: Final = "the audit log is append-only: an entry cannot be changed or deleted"
_FORMAT: Final = "ppp-audit-entry/1"
_GENESIS: Final = "0" * 64

_SQLITE_TRIGGERS: Final = (
    "CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    "CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
)
_POSTGRESQL_TRIGGERS: Final = (
    f"""CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$""",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW "
    "EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT "
    "EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    """Chain the audit log, freeze it, and add ``result_hash`` to revisions and bids."""
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
    for statement in _POSTGRESQL_TRIGGERS if _is_postgresql() else _SQLITE_TRIGGERS:
        op.execute(statement)
    op.add_column("project_revisions", sa.Column("result_hash", sa.String(80), nullable=True))
    op.add_column("bids", sa.Column("result_hash", sa.String(80), nullable=True))


def downgrade() -> None:
    """Drop ``result_hash``, unfreeze the audit log, then drop its chain columns (the rows stay)."""
    op.drop_column("bids", "result_hash")
    op.drop_column("project_revisions", "result_hash")
    if _is_postgresql():
        op.execute("DROP TRIGGER audit_log_append_only_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_append_only_delete")
        op.execute("DROP TRIGGER audit_log_append_only_update")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _chain_existing_rows() -> None:
    """Link every row to the one before it, in id order, and store each row's hash."""
    bind = op.get_bind()
    audit_log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("user_id", sa.Integer()),
        sa.column("action", sa.String()),
        sa.column("entity", sa.String()),
        sa.column("entity_id", sa.Integer()),
        sa.column("before", sa.Text()),
        sa.column("after", sa.Text()),
        sa.column("prev_hash", sa.String()),
        sa.column("entry_hash", sa.String()),
    )
    rows = bind.execute(sa.select(audit_log).order_by(audit_log.c.id)).mappings().all()
    prev_hash = _GENESIS
    for row in rows:
        entry_hash = hashlib.sha256(_entry_bytes(row, prev_hash)).hexdigest()
        bind.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == row["id"])
            .values(prev_hash=prev_hash, entry_hash=entry_hash)
        )
        prev_hash = entry_hash


def _entry_bytes(row: Any, prev_hash: str) -> bytes:
    """Format ``ppp-audit-entry/1``: see :func:`ppp.store.audit.entry_bytes`."""
    at: datetime.datetime = row["at"]
    # SQLite keeps naive UTC text (as the application's UtcDateTime column type writes it)
    utc = at.replace(tzinfo=datetime.UTC) if at.tzinfo is None else at.astimezone(datetime.UTC)
    document = {
        "format": _FORMAT,
        "prev_hash": prev_hash,
        "id": row["id"],
        "at": utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "user_id": row["user_id"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "before": row["before"],
        "after": row["after"],
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
