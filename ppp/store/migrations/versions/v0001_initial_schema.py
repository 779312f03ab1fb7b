"""Initial schema: users, projects and their revisions, bids, KPI frameworks and readings, milestones, audit.

Revision ID: 0001
Revises: (none)

Column types are the plain ones the store's types render (``ExactDecimal`` is ``NUMERIC(20, 6)``,
``UtcDateTime`` is ``DateTime(timezone=True)``) so that this file never changes when application code does.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "users",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "role IN ('government', 'vendor', 'auditor', 'administrator')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "kpi_frameworks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_frameworks")),
        sa.UniqueConstraint("template_id", name=op.f("uq_kpi_frameworks_template_id")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("city", sa.String(200), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("framework", sa.String(20), nullable=False),
        sa.Column("payment_mode", sa.String(20), nullable=False),
        sa.Column("money_unit", sa.String(20), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("inputs_toml", sa.Text(), nullable=False),
        sa.Column("input_hash", sa.String(80), nullable=False),
        sa.Column("total_investment", sa.Float(), nullable=True),
        sa.Column("government_pv", sa.Float(), nullable=True),
        sa.Column("equity_irr", sa.Float(), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_projects_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index("ix_projects_archived_stage", "projects", ["archived", "stage"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    op.create_table(
        "project_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("inputs_toml", sa.Text(), nullable=False),
        sa.Column("input_hash", sa.String(80), nullable=False),
        sa.Column("saved_at", _TIMESTAMP, nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_revisions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["saved_by"], ["users.id"], name=op.f("fk_project_revisions_saved_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_revisions")),
        sa.UniqueConstraint("project_id", "revision", name=op.f("uq_project_revisions_project_id_revision")),
    )
    op.create_table(
        "bids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("bidder", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("submitted", sa.Date(), nullable=False),
        sa.Column("technical_score", sa.Float(), nullable=True),
        sa.Column("inputs_toml", sa.Text(), nullable=False),
        sa.Column("input_hash", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_bids_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bids")),
        sa.UniqueConstraint(
            "project_id", "bidder", "version", name=op.f("uq_bids_project_id_bidder_version")
        ),
    )
    op.create_index("ix_bids_project_id", "bids", ["project_id"])
    op.create_table(
        "kpi_readings",
        sa.Column("kpi_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("value", sa.Numeric(20, 6), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _TIMESTAMP, nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_kpi_readings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_kpi_readings_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_readings")),
        sa.UniqueConstraint(
            "project_id",
            "kpi_id",
            "period",
            "version",
            name=op.f("uq_kpi_readings_project_id_kpi_id_period_version"),
        ),
    )
    op.create_index("ix_kpi_readings_project_period", "kpi_readings", ["project_id", "period"])
    # 0002 adds the milestone's stage and replaces this index by one that finds the next milestone
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("planned", sa.Date(), nullable=False),
        sa.Column("actual", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_milestones_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    op.create_index("ix_milestones_project_id", "milestones", ["project_id"])


def downgrade() -> None:
    """Drop every table, children first."""
    for table in (
        "milestones",
        "kpi_readings",
        "bids",
        "project_revisions",
        "audit_log",
        "projects",
        "kpi_frameworks",
        "users",
    ):
        op.drop_table(table)
