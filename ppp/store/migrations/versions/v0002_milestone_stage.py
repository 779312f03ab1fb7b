"""Milestones: the project stage each belongs to, and an index that finds a project's next milestone.

Revision ID: 0002
Revises: 0001

Existing milestones get their project's current stage (the best guess there is); new ones name their own.
The next milestone is the earliest planned one not yet reached, so the index leads with
(project_id, actual) and then planned; it makes the old project_id index redundant.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``milestones.stage`` (filled from the project) and the next-milestone index."""
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("stage", sa.String(20), server_default="preparation", nullable=False))
    op.execute(
        "UPDATE milestones SET stage = "
        "(SELECT projects.stage FROM projects WHERE projects.id = milestones.project_id)"
    )
    op.drop_index("ix_milestones_project_id", table_name="milestones")
    op.create_index("ix_milestones_next", "milestones", ["project_id", "actual", "planned"])


def downgrade() -> None:
    """Remove the stage column and restore the project_id index."""
    op.drop_index("ix_milestones_next", table_name="milestones")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("stage")
    op.create_index("ix_milestones_project_id", "milestones", ["project_id"])
