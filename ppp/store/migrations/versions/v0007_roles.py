"""Roles and organisations: who owns a project, which bodies an auditor may read, and sign-in subjects.

Revision ID: 0007
Revises: 0006

- ``projects.organisation``: the organisation that owns the project — the government body for the projects
  and tenders of a government, a vendor's own organisation for the working projects it simulates before
  bidding. Rows older than this migration are given the government body of their city (the city's first
  part, before the first comma and any parenthesis: ``新余市, 江西省`` → ``新余市``), the same rule new
  projects follow when an administrator creates them.
- ``auditor_scopes``: the government bodies an auditor may read (one row per auditor and body).
- ``users.subject``: the identity provider's subject (OIDC ``sub``) a signed-in person maps to; unique when
  set. Users of the embedded default have none.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _government_body(city: str) -> str:
    # written out here (not imported) so that this file never changes when application code does
    return city.split(",", 1)[0].split(" (", 1)[0].split("（", 1)[0].strip()


def upgrade() -> None:
    """Add ``projects.organisation`` (backfilled from the city), ``users.subject`` and ``auditor_scopes``."""
    # plain ALTER TABLE ... ADD/DROP COLUMN (SQLite ≥ 3.35 has both): a batch rebuild of these tables would
    # drop and re-create tables that others reference
    op.add_column("projects", sa.Column("organisation", sa.String(200), nullable=False, server_default=""))
    op.create_index(op.f("ix_projects_organisation"), "projects", ["organisation"])
    connection = op.get_bind()
    projects = sa.table(
        "projects",
        sa.column("id", sa.Integer()),
        sa.column("city", sa.String()),
        sa.column("organisation", sa.String()),
    )
    for project_id, city in connection.execute(sa.select(projects.c.id, projects.c.city)).all():
        connection.execute(
            projects.update()
            .where(projects.c.id == project_id)
            .values(organisation=_government_body(city or ""))
        )
    op.add_column("users", sa.Column("subject", sa.String(255), nullable=True))
    op.create_index(op.f("ix_users_subject"), "users", ["subject"], unique=True)
    op.create_table(
        "auditor_scopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auditor_scopes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auditor_scopes")),
        sa.UniqueConstraint("user_id", "organisation", name=op.f("uq_auditor_scopes_user_id_organisation")),
    )


def downgrade() -> None:
    """Drop ``auditor_scopes``, ``users.subject`` and ``projects.organisation``."""
    op.drop_table("auditor_scopes")
    op.drop_index(op.f("ix_users_subject"), table_name="users")
    op.drop_column("users", "subject")
    op.drop_index(op.f("ix_projects_organisation"), table_name="projects")
    op.drop_column("projects", "organisation")
