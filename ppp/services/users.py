"""Users and principals: who acts, how a signed-in identity becomes a principal, and user management.

A principal is built from a ``users`` row and, for an auditor, the government bodies of its
``auditor_scopes``. Signing in never creates users: an administrator adds them (``ppp users add`` or
:func:`create_user`), and the first sign-in of an added user binds the identity provider's subject (OIDC
``sub``) to the row found by its email; from then on the subject alone identifies the user.

User management is for administrators only, and every change is audited in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from ppp.services.access import require_administrator
from ppp.services.types import Principal, Role, ServiceError
from ppp.store.audit import record
from ppp.store.seed import DEMO_USERS
from ppp.store.tables import LOCAL_USER_EMAIL, ROLES, AuditorScopeRow, UserCreate, UserRow

#: longest government body name an auditor scope may hold (the column's length)
_BODY_MAX: Final = 200
#: longest identity-provider subject (the column's length)
_SUBJECT_MAX: Final = 255
#: roles whose users act for one organisation, which they must therefore name
_ORGANISATION_ROLES: Final = frozenset({"government", "vendor"})


@dataclass(frozen=True)
class UserView:
    """A user as an administrator sees it: who, which role, for which organisation, the bodies audited."""

    id: int
    email: str
    name: str
    role: Role
    organisation: str
    subject: str | None
    audits: tuple[str, ...]


# --- principals --------------------------------------------------------------------------------------------


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
    return _principal(session, user)


def principal_for_user(*, session: Session, user_id: int) -> Principal:
    """The principal of user ``user_id``, with the bodies it audits.

    Raises
    ------
    ServiceError
        ``service.signin.no_user`` when there is no such user.
    """
    user = session.get(UserRow, user_id)
    if user is None:
        raise ServiceError("service.signin.no_user", user_id=user_id)
    return _principal(session, user)


def principal_for_identity(
    *, session: Session, subject: str, email: str | None, email_verified: bool | None = None
) -> Principal:
    """The principal a signed-in identity (the provider's ``sub`` and ``email``) acts as.

    The user whose subject is ``subject``; else, on a first sign-in, the user whose email equals ``email``
    (ignoring case), which is then bound to ``subject`` (audited as ``bind_subject``). Users are never
    created here.

    Raises
    ------
    ServiceError
        ``service.signin.no_subject`` without a subject; ``service.signin.unknown_user`` (naming the email)
        when no user matches; ``service.signin.email_bound`` when the email's user is bound to another
        subject; ``service.signin.email_unverified`` when the provider says the email is not verified (it
        cannot then identify anybody).
    """
    subject = subject.strip()
    if not subject or len(subject) > _SUBJECT_MAX:
        raise ServiceError("service.signin.no_subject", limit=_SUBJECT_MAX)
    user = session.exec(select(UserRow).where(UserRow.subject == subject)).first()
    if user is not None:
        return _principal(session, user)
    address = (email or "").strip()
    if not address:
        raise ServiceError("service.signin.unknown_subject", subject=subject)
    if email_verified is False:
        raise ServiceError("service.signin.email_unverified", email=address)
    user = _user_by_email(session, address)
    # the embedded default's local user has no identity at a provider: nobody may sign in as it
    if user is None or user.email == LOCAL_USER_EMAIL:
        raise ServiceError("service.signin.unknown_user", email=address)
    if user.subject is not None:
        raise ServiceError("service.signin.email_bound", email=address)
    user.subject = subject
    session.add(user)
    session.flush()
    principal = _principal(session, user)
    record(
        session,
        principal=principal,
        action="bind_subject",
        entity="user",
        entity_id=principal.user_id,
        before={"subject": None},
        after={"subject": subject, "email": user.email},
    )
    return principal


def demo_principals(*, session: Session) -> list[Principal]:
    """The principals of the local demo switch: the local administrator and the seeded demo users present.

    Ordered by role (government, vendor, auditor, administrator), then name.
    """
    emails = [LOCAL_USER_EMAIL, *(str(user["email"]) for user in DEMO_USERS)]
    rows = session.exec(select(UserRow).where(col(UserRow.email).in_(emails))).all()
    principals = _principals(session, rows)
    return sorted(principals, key=lambda principal: (ROLES.index(principal.role), principal.name))


# --- user management (administrators) ----------------------------------------------------------------------


def list_users(*, session: Session, principal: Principal) -> list[UserView]:
    """Every user, by email (administrators only).

    Raises
    ------
    ServiceError
        ``service.access.administrators_only`` for any other role.
    """
    require_administrator(principal)
    rows = session.exec(select(UserRow).order_by(col(UserRow.email))).all()
    return [_view(row, audits) for row, audits in zip(rows, _audits_of(session, rows), strict=True)]


def find_user(*, session: Session, principal: Principal, email: str) -> UserView:
    """The user with ``email`` (ignoring case; administrators only).

    Raises
    ------
    ServiceError
        ``service.access.administrators_only`` for any other role; ``service.signin.no_such_email`` when
        there is none.
    """
    require_administrator(principal)
    user = _user_by_email(session, email.strip())
    if user is None:
        raise ServiceError("service.signin.no_such_email", email=email)
    return _view(user, _audits_of(session, [user])[0])


def new_user(*, email: str, name: str, role: str, organisation: str = "") -> UserCreate:
    """A :class:`UserCreate` from plain values (a form's, the command line's), checked.

    Raises
    ------
    ServiceError
        ``service.signin.invalid.<rule>`` naming the first field that breaks its rule, its value and the rule.
    """
    try:
        return UserCreate.model_validate(
            {"email": email.strip(), "name": name.strip(), "role": role, "organisation": organisation.strip()}
        )
    except ValidationError as error:
        raise _validation_refusal(error) from None


def create_user(
    *,
    session: Session,
    principal: Principal,
    user_in: UserCreate,
    audits: Sequence[str] = (),
    subject: str | None = None,
) -> UserView:
    """Add a user (administrators only), audited as ``create``.

    A government officer or a vendor names its organisation; only an auditor has bodies it audits. The
    email (ignoring case) and the subject must be new.

    Raises
    ------
    ServiceError
        ``service.access.administrators_only`` for a principal that is not an administrator;
        ``service.signin.invalid.<rule>`` (field, value, rule) for a value that breaks a rule;
        ``service.signin.email_taken`` and ``service.signin.subject_taken`` for duplicates.
    """
    require_administrator(principal)
    checked = _validated(user_in)
    organisation = checked.organisation.strip()
    _check_organisation(checked.role, organisation)
    bodies = _bodies(checked.role, audits)
    email = checked.email.strip()
    if _user_by_email(session, email) is not None:
        raise ServiceError("service.signin.email_taken", email=email)
    bound = _checked_subject(session, subject)
    user = UserRow(
        name=checked.name.strip(), email=email, role=checked.role, organisation=organisation, subject=bound
    )
    session.add(user)
    session.flush()
    user_id = _id(user)
    for body in bodies:
        session.add(AuditorScopeRow(user_id=user_id, organisation=body))
    session.flush()
    view = _view(user, bodies)
    record(
        session,
        principal=principal,
        action="create",
        entity="user",
        entity_id=user_id,
        before=None,
        after=_audit_data(view),
    )
    return view


def set_auditor_scopes(
    *, session: Session, principal: Principal, user_id: int, organisations: Sequence[str]
) -> UserView:
    """Replace the government bodies auditor ``user_id`` may read (administrators only), audited.

    Raises
    ------
    ServiceError
        ``service.access.administrators_only``; ``service.signin.no_user``; ``service.signin.invalid.<rule>``
        when the user is not an auditor or a body name is empty or too long.
    """
    require_administrator(principal)
    user = _user(session, user_id)
    if user.role != "auditor":
        raise _refuse("audits", ", ".join(organisations), "scopes_need_auditor", role=user.role)
    bodies = _bodies("auditor", organisations)
    before = _view(user, _audits_of(session, [user])[0])
    _replace_scopes(session, user_id, bodies)
    after = _view(user, bodies)
    record(
        session,
        principal=principal,
        action="set_auditor_scopes",
        entity="user",
        entity_id=user_id,
        before={"audits": list(before.audits)},
        after={"audits": list(after.audits)},
    )
    return after


def set_role(
    *,
    session: Session,
    principal: Principal,
    user_id: int,
    role: str,
    organisation: str | None = None,
    audits: Sequence[str] = (),
) -> UserView:
    """Give user ``user_id`` another role (and organisation; an auditor's bodies), administrators only.

    ``organisation`` ``None`` keeps the user's. A user leaving the auditor role loses its audit scopes. The
    local administrator keeps its role: the embedded default acts as it.

    Raises
    ------
    ServiceError
        ``service.access.administrators_only``; ``service.signin.no_user``; ``service.signin.invalid.<rule>``
        for a role that is not one of the four, a missing organisation, bodies for a role that is not
        auditor, or a change of the local administrator's role.
    """
    require_administrator(principal)
    user = _user(session, user_id)
    if role not in ROLES:
        raise _refuse("role", role, "role", expected=", ".join(ROLES))
    if user.email == LOCAL_USER_EMAIL and role != user.role:
        raise _refuse("role", role, "local_user_role", email=LOCAL_USER_EMAIL)
    chosen: Role = role
    new_organisation = user.organisation if organisation is None else organisation.strip()
    if len(new_organisation) > _BODY_MAX:
        raise _refuse("organisation", new_organisation, "length", low=0, high=_BODY_MAX)
    _check_organisation(chosen, new_organisation)
    bodies = _bodies(chosen, audits)
    before = _view(user, _audits_of(session, [user])[0])
    user.role = chosen
    user.organisation = new_organisation
    session.add(user)
    session.flush()
    _replace_scopes(session, user_id, bodies)
    after = _view(user, bodies)
    record(
        session,
        principal=principal,
        action="set_role",
        entity="user",
        entity_id=user_id,
        before=_audit_data(before),
        after=_audit_data(after),
    )
    return after


# --- helpers -----------------------------------------------------------------------------------------------


def _principal(session: Session, user: UserRow) -> Principal:
    return _principals(session, [user])[0]


def _principals(session: Session, rows: Sequence[UserRow]) -> list[Principal]:
    return [
        Principal(
            user_id=_id(row),
            name=row.name,
            role=row.role,
            organisation=row.organisation,
            audits=frozenset(audits) if row.role == "auditor" else frozenset(),
        )
        for row, audits in zip(rows, _audits_of(session, rows), strict=True)
    ]


def _audits_of(session: Session, rows: Sequence[UserRow]) -> list[tuple[str, ...]]:
    """Each user's audited bodies, sorted (one query for all the rows)."""
    ids = [_id(row) for row in rows]
    scopes: dict[int, list[str]] = {user_id: [] for user_id in ids}
    if ids:
        found = session.exec(
            select(AuditorScopeRow.user_id, AuditorScopeRow.organisation).where(
                col(AuditorScopeRow.user_id).in_(ids)
            )
        ).all()
        for user_id, organisation in found:
            scopes[user_id].append(organisation)
    return [tuple(sorted(scopes[user_id])) for user_id in ids]


def _id(user: UserRow) -> int:
    if user.id is None:  # pragma: no cover - a stored or flushed row always has its id
        raise RuntimeError("a user row without an id")
    return user.id


def _user(session: Session, user_id: int) -> UserRow:
    user = session.get(UserRow, user_id)
    if user is None:
        raise ServiceError("service.signin.no_user", user_id=user_id)
    return user


def _user_by_email(session: Session, email: str) -> UserRow | None:
    return session.exec(select(UserRow).where(func.lower(UserRow.email) == email.lower())).first()


def _view(user: UserRow, audits: Iterable[str]) -> UserView:
    return UserView(
        id=_id(user),
        email=user.email,
        name=user.name,
        role=user.role,
        organisation=user.organisation,
        subject=user.subject,
        audits=tuple(sorted(audits)),
    )


def _audit_data(view: UserView) -> dict[str, object]:
    return {
        "email": view.email,
        "name": view.name,
        "role": view.role,
        "organisation": view.organisation,
        "subject": view.subject,
        "audits": list(view.audits),
    }


def _refuse(field: str, value: object, rule: str, **params: object) -> ServiceError:
    """The refusal of ``value`` in ``field``: its message (``service.signin.invalid.<rule>``) names the field,
    the value and the rule."""
    shown = '""' if value == "" else value  # an empty value must still be visible in the message
    return ServiceError(f"service.signin.invalid.{rule}", field=field, value=shown, **params)


def _validated(user_in: UserCreate) -> UserCreate:
    """``user_in`` checked against its model's rules (a caller may have built it without validation)."""
    try:
        return UserCreate.model_validate(user_in.model_dump())
    except ValidationError as error:
        raise _validation_refusal(error) from None


def _validation_refusal(error: ValidationError) -> ServiceError:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "user"
    value = first.get("input", "")
    if field == "role":
        return _refuse(field, value, "role", expected=", ".join(ROLES))
    if field == "email":
        return _refuse(field, value, "email")
    low = 0 if field == "organisation" else 1
    return _refuse(field, value, "length", low=low, high=_BODY_MAX)


def _check_organisation(role: Role, organisation: str) -> None:
    if role in _ORGANISATION_ROLES and not organisation:
        raise _refuse("organisation", organisation, "organisation_needed", role=role)


def _bodies(role: Role, audits: Sequence[str]) -> tuple[str, ...]:
    """The distinct, sorted government bodies of an auditor's scope, each checked."""
    bodies = tuple(sorted({body.strip() for body in audits}))
    if bodies and role != "auditor":
        raise _refuse("audits", ", ".join(bodies), "scopes_need_auditor", role=role)
    for body in bodies:
        if not body or len(body) > _BODY_MAX:
            raise _refuse("audits", body, "length", low=1, high=_BODY_MAX)
    return bodies


def _checked_subject(session: Session, subject: str | None) -> str | None:
    if subject is None:
        return None
    bound = subject.strip()
    if not bound or len(bound) > _SUBJECT_MAX:
        raise _refuse("subject", subject, "length", low=1, high=_SUBJECT_MAX)
    if session.exec(select(UserRow.id).where(UserRow.subject == bound)).first() is not None:
        raise ServiceError("service.signin.subject_taken", subject=bound)
    return bound


def _replace_scopes(session: Session, user_id: int, bodies: Sequence[str]) -> None:
    for scope in session.exec(select(AuditorScopeRow).where(AuditorScopeRow.user_id == user_id)).all():
        session.delete(scope)
    session.flush()
    for body in bodies:
        session.add(AuditorScopeRow(user_id=user_id, organisation=body))
    session.flush()
