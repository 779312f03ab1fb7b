"""Users and principals."""

from __future__ import annotations

from sqlmodel import Session, select

from ppp.services.types import Principal, ServiceError
from ppp.store.tables import LOCAL_USER_EMAIL, UserRow


def local_principal(*, session: Session) -> Principal:
    """The embedded default's local user (an administrator), as the principal every service call takes.

    Raises
    ------
    ServiceError
        ``service.no_local_user`` when the database was not initialised
        (:func:`ppp.store.init_database` creates the user).
    """
    user = session.exec(select(UserRow).where(UserRow.email == LOCAL_USER_EMAIL)).first()
    if user is None or user.id is None:
        raise ServiceError("service.no_local_user")
    return Principal(user_id=user.id, name=user.name, role=user.role, organisation=user.organisation)
