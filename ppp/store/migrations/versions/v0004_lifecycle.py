"""Lifecycle: the documents and approvals of each project, and the history of its stage changes.

Revision ID: 0004
Revises: 0003

``project_documents`` keeps one row per project and document kind (VfM report, contract signed, mid-term
review, ...: :data:`ppp.operations.lifecycle.DOCUMENT_KINDS`) with its status (pending or done), the date it
was done, a reference and a note. ``stage_transitions`` keeps every stage change: from, to, the project
revision it made, when, by whom and why. Milestones stay in ``milestones`` (0001, stage added by 0002).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``project_documents`` and ``stage_transitions``."""
    op.create_table(
        "project_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'done')", name=op.f("ck_project_documents_status")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_documents_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_project_documents_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_documents")),
        sa.UniqueConstraint("project_id", "kind", name=op.f("uq_project_documents_project_id_kind")),
    )
    op.create_table(
        "stage_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(20), nullable=False),
        sa.Column("to_stage", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_stage_transitions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_stage_transitions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_transitions")),
    )
    op.create_index("ix_stage_transitions_project_at", "stage_transitions", ["project_id", "at"])


def downgrade() -> None:
    """Drop ``stage_transitions`` and ``project_documents``."""
    op.drop_index("ix_stage_transitions_project_at", table_name="stage_transitions")
    op.drop_table("stage_transitions")
    op.drop_table("project_documents")
