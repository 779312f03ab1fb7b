"""Actual costs: the operating and capital costs a project really incurred in a calendar year.

Revision ID: 0005
Revises: 0004

``actual_costs`` keeps one row per project, calendar year and kind (``opex`` or ``capex``): the amount as a
whole number of the project's minor unit (``minor_unit``, a decimal string), so it is exact on both backends,
with a note saying where the figure comes from (the SPV's audited accounts, an invoice, ...). Recording a year
again replaces its row; the audit log keeps what it was. Actual vs plan re-runs the evaluation with these
amounts in place of the planned ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``actual_costs``."""
    op.create_table(
        "actual_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("minor_unit", sa.String(40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('opex', 'capex')", name=op.f("ck_actual_costs_kind")),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_actual_costs_amount_minor")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_actual_costs_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_actual_costs_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actual_costs")),
        sa.UniqueConstraint("project_id", "year", "kind", name=op.f("uq_actual_costs_project_id_year_kind")),
    )


def downgrade() -> None:
    """Drop ``actual_costs``."""
    op.drop_table("actual_costs")
