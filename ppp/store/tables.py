"""The database tables, as SQLModel table models.

Table models do not validate (SQLModel skips pydantic validation for ``table=True`` classes): whatever reaches
them has been validated already, a project by :mod:`ppp.model`, a user or a KPI reading by the ``...Create``
models below. The ``...Public`` models are what may leave the store as plain data.

The schema itself is created and changed only by the Alembic migrations in ``ppp/store/migrations``; the
migration tests check that the migrated schema equals these definitions.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import StringConstraints
from sqlalchemy import BigInteger, CheckConstraint, Index, MetaData, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ppp.store.columns import ExactDecimal, UtcDateTime, utc_now

# Named constraints, so that migrations (batch mode on SQLite rebuilds tables) can refer to them by name.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

Role = Literal["government", "vendor", "auditor", "administrator"]
ROLES: Final[tuple[Role, ...]] = ("government", "vendor", "auditor", "administrator")

#: the embedded default's local user, created by :func:`ppp.store.database.init_database`
LOCAL_USER_NAME: Final = "local"
LOCAL_USER_EMAIL: Final = "local@localhost"

_ROLE_CHECK: Final = "role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")"


def _timestamp(*, nullable: bool = False) -> datetime.datetime:
    """A UTC timestamp column defaulting to now (typed as the value so table attributes stay typed)."""
    field: datetime.datetime = Field(default_factory=utc_now, sa_type=UtcDateTime, nullable=nullable)
    return field


# --- users -------------------------------------------------------------------------------------------------


class UserBase(SQLModel):
    """What describes a user, shared by the table, the create model and the public model."""

    name: str = Field(min_length=1, max_length=200, sa_type=String(200))
    email: str = Field(min_length=3, max_length=320, sa_type=String(320))
    role: Role = Field(sa_type=String(20))
    organisation: str = Field(default="", max_length=200, sa_type=String(200))


class UserCreate(UserBase):
    """A new user, validated (role one of the four, lengths) before it becomes a :class:`UserRow`."""

    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")] = Field(
        min_length=3, max_length=320
    )


class UserPublic(UserBase):
    """A user as shown to others."""

    id: int


class UserRow(UserBase, table=True):
    """``users``: who can act; ``email`` identifies a user."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_ROLE_CHECK, name="role"),
        Index("ix_users_subject", "subject", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, sa_type=String(320), unique=True)
    created_at: datetime.datetime = _timestamp()
    # added by migration 0007: the identity provider's subject (OIDC ``sub``) this user signs in as
    subject: str | None = Field(default=None, sa_type=String(255))


class AuditorScopeRow(SQLModel, table=True):
    """``auditor_scopes`` (added by 0007): a government body whose projects, tenders and bids an auditor may
    read."""

    __tablename__ = "auditor_scopes"
    __table_args__ = (UniqueConstraint("user_id", "organisation"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    organisation: str = Field(sa_type=String(200))


# --- projects ----------------------------------------------------------------------------------------------


class ProjectRow(SQLModel, table=True):
    """``projects``: the current revision of each project.

    ``inputs_toml`` is the canonical data (:func:`ppp.model.dump_project` of the validated project); the
    columns beside it (name, city, stage, ...) and the headline metrics are copies taken when it is saved,
    so the portfolio is one query that never parses or evaluates a project.
    """

    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_archived_stage", "archived", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(200))
    city: str = Field(default="", sa_type=String(200))
    stage: str = Field(sa_type=String(20))
    framework: str = Field(sa_type=String(20))
    payment_mode: str = Field(sa_type=String(20))
    money_unit: str = Field(sa_type=String(20))
    archived: bool = False
    revision: int = 1
    inputs_toml: str = Field(sa_type=Text)
    input_hash: str = Field(sa_type=String(80))
    total_investment: float | None = None
    government_pv: float | None = None
    equity_irr: float | None = None
    created_at: datetime.datetime = _timestamp()
    updated_at: datetime.datetime = _timestamp()
    updated_by: int | None = Field(default=None, foreign_key="users.id")
    # added by migration 0007: who owns the project (a government body, or a vendor for its own working
    # projects); see ppp.services.access
    organisation: str = Field(
        default="", sa_type=String(200), index=True, sa_column_kwargs={"server_default": ""}
    )


class ProjectRevisionRow(SQLModel, table=True):
    """``project_revisions``: every saved revision of every project, never changed afterwards."""

    __tablename__ = "project_revisions"
    __table_args__ = (UniqueConstraint("project_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    revision: int
    inputs_toml: str = Field(sa_type=Text)
    input_hash: str = Field(sa_type=String(80))
    saved_at: datetime.datetime = _timestamp()
    saved_by: int | None = Field(default=None, foreign_key="users.id")
    # added by migration 0008: the hash of the evaluation's results when this revision was saved
    # (ppp.engine.evaluation.result_hash); ``ppp audit reproduce`` re-evaluates and compares
    result_hash: str | None = Field(default=None, sa_type=String(80))


class BidRow(SQLModel, table=True):
    """``bids``: a submitted bid, frozen: the bidder's whole project file as submitted and its canonical hash.

    A row is never changed or deleted: migration 0006 installs triggers that make the database itself refuse
    an ``UPDATE`` or ``DELETE`` of ``bids`` (see :data:`BID_FREEZE_MESSAGE`). A resubmission is a new row with
    the next ``version`` of the same bidder. The project a bid was submitted to cannot be deleted either
    (``ON DELETE RESTRICT``): projects are archived, and their bids stay as the record of the tender.
    ``submitted`` is the bid's own date (``[bid] submitted``); ``submitted_at`` is when it was stored.
    """

    __tablename__ = "bids"
    __table_args__ = (UniqueConstraint("project_id", "bidder", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="RESTRICT", index=True)
    bidder: str = Field(sa_type=String(200))
    organisation: str = Field(default="", sa_type=String(200))
    submitted: datetime.date
    technical_score: float | None = None
    inputs_toml: str = Field(sa_type=Text)
    input_hash: str = Field(sa_type=String(80))
    version: int = 1
    # added by migration 0006
    submitted_at: datetime.datetime = _timestamp()
    submitted_by: int | None = Field(default=None, foreign_key="users.id")
    # added by migration 0008: the hash of the bid's evaluation when it was submitted
    result_hash: str | None = Field(default=None, sa_type=String(80))


#: the text of the error the database raises when anything tries to change or delete a submitted bid
BID_FREEZE_MESSAGE: Final = (
    "a submitted bid is frozen: it cannot be changed or deleted (submit a new version)"
)


class MilestoneRow(SQLModel, table=True):
    """``milestones``: planned and reached dates; the next milestone is the earliest one not reached."""

    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_next", "project_id", "actual", "planned"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    name: str = Field(sa_type=String(200))
    # added by migration 0002; rows older than it were given their project's stage
    stage: str = Field(
        default="preparation", sa_type=String(20), sa_column_kwargs={"server_default": "preparation"}
    )
    planned: datetime.date
    actual: datetime.date | None = None


# --- KPI frameworks and readings ---------------------------------------------------------------------------


class KpiFrameworkRow(SQLModel, table=True):
    """``kpi_frameworks``: the ``models/kpi_frameworks`` templates, with their file text."""

    __tablename__ = "kpi_frameworks"

    id: int | None = Field(default=None, primary_key=True)
    template_id: str = Field(sa_type=String(64), unique=True)
    name: str = Field(sa_type=String(200))
    name_zh: str = Field(sa_type=String(200))
    toml: str = Field(sa_type=Text)


class KpiReadingBase(SQLModel):
    """One measured KPI value for one month."""

    # sqlmodel's Field(regex=...) is not enforced under pydantic 2: the patterns go in the annotation
    kpi_id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")] = Field(sa_type=String(64))
    period: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")] = Field(
        sa_type=String(7)
    )
    value: Decimal = Field(max_digits=20, decimal_places=6, sa_type=ExactDecimal)
    reason: str = Field(default="", max_length=2000, sa_type=Text)


class KpiReadingCreate(KpiReadingBase):
    """A reading to record, validated (KPI id, ``YYYY-MM`` period, NUMERIC(20, 6) value)."""

    project_id: int


class KpiReadingRow(KpiReadingBase, table=True):
    """``kpi_readings``: a correction is a new row with a higher ``version``; old versions are kept."""

    __tablename__ = "kpi_readings"
    __table_args__ = (
        UniqueConstraint("project_id", "kpi_id", "period", "version"),
        Index("ix_kpi_readings_project_period", "project_id", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    version: int = 1
    recorded_at: datetime.datetime = _timestamp()
    recorded_by: int | None = Field(default=None, foreign_key="users.id")


# --- payments ----------------------------------------------------------------------------------------------


class PaymentRow(SQLModel, table=True):
    """``payments``: a project's recorded performance-linked payment of one calendar year (added by 0003).

    Amounts are whole numbers of ``minor_unit`` (a decimal string: the money unit's smallest step), so they
    are exact on both backends; ``statement`` is the year's payment statement as JSON text. Recording again
    replaces the year's row (the audit log keeps what it was).
    """

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    year: int
    planned_minor: int = Field(sa_type=BigInteger)
    before_deductions_minor: int = Field(sa_type=BigInteger)
    deduction_minor: int = Field(sa_type=BigInteger)
    actual_minor: int = Field(sa_type=BigInteger)
    minor_unit: str = Field(sa_type=String(40))
    statement: str = Field(sa_type=Text)
    computed_at: datetime.datetime = _timestamp()
    computed_by: int | None = Field(default=None, foreign_key="users.id")


class ActualCostRow(SQLModel, table=True):
    """``actual_costs``: the opex or capex a project really incurred in a calendar year (added by 0005).

    ``amount_minor`` is a whole number of ``minor_unit`` (exact on both backends); ``note`` says where the
    figure comes from. One row per project, year and kind: recording again replaces it (the audit log keeps
    what it was).
    """

    __tablename__ = "actual_costs"
    __table_args__ = (
        UniqueConstraint("project_id", "year", "kind"),
        CheckConstraint("kind IN ('opex', 'capex')", name="kind"),
        CheckConstraint("amount_minor >= 0", name="amount_minor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    year: int
    kind: str = Field(sa_type=String(10))
    amount_minor: int = Field(sa_type=BigInteger)
    minor_unit: str = Field(sa_type=String(40))
    note: str = Field(default="", sa_type=Text)
    recorded_at: datetime.datetime = _timestamp()
    recorded_by: int | None = Field(default=None, foreign_key="users.id")


# --- lifecycle ---------------------------------------------------------------------------------------------


class ProjectDocumentRow(SQLModel, table=True):
    """``project_documents``: a lifecycle document or approval of a project (added by 0004).

    One row per project and ``kind`` (the ids of :data:`ppp.operations.lifecycle.DOCUMENT_KINDS`): recording
    again updates it (the audit log keeps what it was). ``done_on`` is set when ``status`` is ``done``.
    """

    __tablename__ = "project_documents"
    __table_args__ = (
        UniqueConstraint("project_id", "kind"),
        CheckConstraint("status IN ('pending', 'done')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    kind: str = Field(sa_type=String(40))
    title: str = Field(default="", sa_type=String(200))
    status: str = Field(default="pending", sa_type=String(10))
    done_on: datetime.date | None = None
    reference: str = Field(default="", sa_type=String(200))
    note: str = Field(default="", sa_type=Text)
    updated_at: datetime.datetime = _timestamp()
    updated_by: int | None = Field(default=None, foreign_key="users.id")


class StageTransitionRow(SQLModel, table=True):
    """``stage_transitions``: every change of a project's stage, who made it and why (added by 0004)."""

    __tablename__ = "stage_transitions"
    __table_args__ = (Index("ix_stage_transitions_project_at", "project_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", ondelete="CASCADE")
    from_stage: str = Field(sa_type=String(20))
    to_stage: str = Field(sa_type=String(20))
    revision: int
    at: datetime.datetime = _timestamp()
    user_id: int | None = Field(default=None, foreign_key="users.id")
    reason: str = Field(default="", sa_type=Text)


# --- audit log ---------------------------------------------------------------------------------------------


class AuditEntry(SQLModel, table=True):
    """``audit_log``: one row per change, appended and never updated (see :mod:`ppp.store.audit`).

    Rows form a hash chain (migration 0008): ``entry_hash`` is the SHA-256 of the row's content and of
    ``prev_hash``, the ``entry_hash`` of the row before it (64 zeros for the first row). The database refuses
    any ``UPDATE``, ``DELETE`` or ``TRUNCATE`` of the table.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime.datetime = _timestamp()
    user_id: int | None = Field(default=None, foreign_key="users.id")
    action: str = Field(sa_type=String(40))
    entity: str = Field(sa_type=String(40))
    entity_id: int | None = None
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    # added by migration 0008: the hash chain (sha256, 64 hexadecimal digits)
    prev_hash: str = Field(sa_type=String(64))
    entry_hash: str = Field(sa_type=String(64))
