"""Payments: each operating year's performance-linked payment, stored exactly in integer minor units.

Revision ID: 0003
Revises: 0002

``payments`` keeps one row per project and calendar year (the latest recorded statement): the planned
payment, the payment before deductions, the deduction and the actual payment, each as a whole number of the
project's minor unit (``minor_unit``, a decimal string such as ``0.000001`` for 万元 to the fen), so the
stored figures are exact on both backends; ``statement`` is the year's statement as JSON text.

A project's monthly series of one KPI reads ``kpi_readings`` by (project_id, kpi_id, period, version):
the unique constraint of 0001 already is that index on both backends, so no index is added for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``payments``."""
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned_minor", sa.BigInteger(), nullable=False),
        sa.Column("before_deductions_minor", sa.BigInteger(), nullable=False),
        sa.Column("deduction_minor", sa.BigInteger(), nullable=False),
        sa.Column("actual_minor", sa.BigInteger(), nullable=False),
        sa.Column("minor_unit", sa.String(40), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_payments_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["computed_by"], ["users.id"], name=op.f("fk_payments_computed_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("project_id", "year", name=op.f("uq_payments_project_id_year")),
    )


def downgrade() -> None:
    """Drop ``payments``."""
    op.drop_table("payments")
