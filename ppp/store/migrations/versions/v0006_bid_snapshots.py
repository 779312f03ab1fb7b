"""Bid snapshots: who stored each bid and when, and the database refusing any change to a submitted bid.

Revision ID: 0006
Revises: 0005

``bids`` gains ``submitted_at`` (when the bid was stored; rows older than this migration get their
``submitted`` date at midnight UTC, the best the data knows) and ``submitted_by`` (the user who stored it).

A submitted bid is frozen. The application never updates or deletes a bid, and the database makes sure
nobody else does either: on SQLite two triggers (``BEFORE UPDATE`` and ``BEFORE DELETE``) abort the statement;
on PostgreSQL one plpgsql trigger function raises an exception before any ``UPDATE`` or ``DELETE`` of a row
and before a ``TRUNCATE``. A resubmission is a new row (the next ``version``).

The foreign key to ``projects`` changes from ``ON DELETE CASCADE`` to ``ON DELETE RESTRICT``: deleting a
project would otherwise try to delete its bids and be stopped by the trigger with a misleading message; now
the project itself cannot be deleted while it has bids (projects are archived, not deleted).

The error text is the same as :data:`ppp.store.tables.BID_FREEZE_MESSAGE` (written out here so that this
file never changes when application code does).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSAGE: Final = "a submitted bid is frozen: it cannot be changed or deleted (submit a new version)"
_PROJECT_FK: Final = "fk_bids_project_id_projects"
_USER_FK: Final = "fk_bids_submitted_by_users"

_SQLITE_TRIGGERS: Final = (
    f"CREATE TRIGGER bids_frozen_update BEFORE UPDATE ON bids BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    f"CREATE TRIGGER bids_frozen_delete BEFORE DELETE ON bids BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
)
_POSTGRESQL_TRIGGERS: Final = (
    f"""CREATE FUNCTION bids_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$""",
    "CREATE TRIGGER bids_frozen BEFORE UPDATE OR DELETE ON bids FOR EACH ROW EXECUTE FUNCTION bids_frozen()",
    "CREATE TRIGGER bids_frozen_truncate BEFORE TRUNCATE ON bids FOR EACH STATEMENT "
    "EXECUTE FUNCTION bids_frozen()",
)


def upgrade() -> None:
    """Add ``submitted_at`` and ``submitted_by``, make the project key RESTRICT, then freeze the table."""
    with op.batch_alter_table("bids") as batch:
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submitted_by", sa.Integer(), nullable=True))
    _fill_submitted_at()
    with op.batch_alter_table("bids") as batch:
        batch.alter_column("submitted_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_foreign_key(_USER_FK, "users", ["submitted_by"], ["id"])
        batch.drop_constraint(_PROJECT_FK, type_="foreignkey")
        batch.create_foreign_key(_PROJECT_FK, "projects", ["project_id"], ["id"], ondelete="RESTRICT")
    for statement in _POSTGRESQL_TRIGGERS if _is_postgresql() else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Unfreeze the table (the triggers would stop SQLite's table rebuild), then undo the columns and key."""
    if _is_postgresql():
        op.execute("DROP TRIGGER bids_frozen_truncate ON bids")
        op.execute("DROP TRIGGER bids_frozen ON bids")
        op.execute("DROP FUNCTION bids_frozen()")
    else:
        op.execute("DROP TRIGGER bids_frozen_delete")
        op.execute("DROP TRIGGER bids_frozen_update")
    with op.batch_alter_table("bids") as batch:
        batch.drop_constraint(_PROJECT_FK, type_="foreignkey")
        batch.create_foreign_key(_PROJECT_FK, "projects", ["project_id"], ["id"], ondelete="CASCADE")
        batch.drop_constraint(_USER_FK, type_="foreignkey")
        batch.drop_column("submitted_by")
        batch.drop_column("submitted_at")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _fill_submitted_at() -> None:
    """Rows from before this revision: the bid's own date at midnight UTC."""
    bind = op.get_bind()
    bids = sa.table(
        "bids",
        sa.column("id", sa.Integer()),
        sa.column("submitted", sa.Date()),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(sa.select(bids.c.id, bids.c.submitted)).all()
    for bid_id, submitted in rows:
        moment = datetime.datetime.combine(submitted, datetime.time(0), tzinfo=datetime.UTC)
        # SQLite keeps naive UTC text (as the application's UtcDateTime column type writes it)
        stored = moment.replace(tzinfo=None) if bind.dialect.name == "sqlite" else moment
        bind.execute(sa.update(bids).where(bids.c.id == bid_id).values(submitted_at=stored))
