"""Principals of every role for tests that act as someone other than the local administrator."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ppp.services import Principal
from ppp.store import session_scope
from ppp.store.tables import ProjectRow


def government_bodies(source: Engine | Session) -> frozenset[str]:
    """Every organisation that owns a project in the database."""
    if isinstance(source, Session):
        return frozenset(source.exec(select(ProjectRow.organisation)).all())
    with session_scope(source, read_only=True) as session:
        return frozenset(session.exec(select(ProjectRow.organisation)).all())


def auditor_of_everything(source: Engine | Session, *, user_id: int, name: str = "auditor") -> Principal:
    """An auditor assigned to every body that owns a project now (reads all, changes nothing)."""
    return Principal(
        user_id=user_id, name=name, role="auditor", organisation="审计局", audits=government_bodies(source)
    )
