"""The users service on SQLite and PostgreSQL: identities mapped to users (subject first, then email, bound on
the first sign-in), unknown identities refused, administrator-only management, auditors' bodies loaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ppp.i18n import translate
from ppp.services import Principal
from ppp.services.types import ServiceError
from ppp.services.users import (
    create_user,
    demo_principals,
    find_user,
    list_users,
    new_user,
    principal_for_identity,
    principal_for_user,
    set_auditor_scopes,
    set_role,
)
from ppp.store import session_scope
from ppp.store.tables import AuditEntry, AuditorScopeRow, UserRow

XINYU_OFFICER = "officer@xinyu.example"
AUDITOR = "auditor@audit.example"


def _refusal(action: Callable[[], Any]) -> ServiceError:
    """The ServiceError ``action`` raises, after checking its message reads in both languages."""
    with pytest.raises(ServiceError) as raised:
        action()
    error = raised.value
    for language in ("en", "zh"):
        translate(error.key, language, **error.params)
    return error


def _user_id(session: Session, email: str) -> int:
    user_id = session.exec(select(UserRow.id).where(UserRow.email == email)).one()
    assert user_id is not None
    return user_id


def _audits(session: Session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def _count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(UserRow)).one()


# --- identities --------------------------------------------------------------------------------------------


def test_a_first_sign_in_binds_the_subject_to_the_user_of_that_email(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        officer = principal_for_identity(session=session, subject="idp|7", email="OFFICER@Xinyu.Example ")
    assert (officer.role, officer.organisation, officer.audits) == ("government", "新余市", frozenset())
    with session_scope(seeded) as session:
        row = session.exec(select(UserRow).where(UserRow.email == XINYU_OFFICER)).one()
        assert row.subject == "idp|7"
        (entry,) = _audits(session, "bind_subject")
        assert (entry.user_id, entry.entity, entry.entity_id) == (row.id, "user", row.id)
        assert json.loads(entry.after or "{}") == {"subject": "idp|7", "email": XINYU_OFFICER}
    # from now on the subject identifies the user, whatever email the provider sends
    with session_scope(seeded) as session:
        again = principal_for_identity(session=session, subject="idp|7", email="renamed@xinyu.example")
        assert again == officer
        assert len(_audits(session, "bind_subject")) == 1


def test_an_unknown_identity_is_refused_and_no_user_is_created(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        before = _count_users(session)
        error = _refusal(
            lambda: principal_for_identity(session=session, subject="idp|9", email="stranger@example.org")
        )
        assert (error.key, error.params) == ("service.signin.unknown_user", {"email": "stranger@example.org"})
        assert translate(error.key, "en", **error.params).startswith("stranger@example.org is not a user")
        no_email = _refusal(lambda: principal_for_identity(session=session, subject="idp|9", email=None))
        assert (no_email.key, no_email.params) == ("service.signin.unknown_subject", {"subject": "idp|9"})
        # nobody signs in as the embedded default's local user
        local = _refusal(
            lambda: principal_for_identity(session=session, subject="s", email="local@localhost")
        )
        assert local.key == "service.signin.unknown_user"
        blank = _refusal(lambda: principal_for_identity(session=session, subject="  ", email=XINYU_OFFICER))
        assert blank.key == "service.signin.no_subject"
        assert _count_users(session) == before
        assert session.exec(select(UserRow).where(col(UserRow.subject).is_not(None))).first() is None


def test_an_email_bound_to_another_subject_or_unverified_is_refused(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        principal_for_identity(session=session, subject="idp|first", email=XINYU_OFFICER)
    with session_scope(seeded) as session:
        error = _refusal(
            lambda: principal_for_identity(session=session, subject="idp|second", email=XINYU_OFFICER)
        )
        assert (error.key, error.params) == ("service.signin.email_bound", {"email": XINYU_OFFICER})
        unverified = _refusal(
            lambda: principal_for_identity(
                session=session, subject="idp|y", email="officer@yangxin.example", email_verified=False
            )
        )
        assert unverified.key == "service.signin.email_unverified"
        assert (
            session.exec(select(UserRow.subject).where(UserRow.email == "officer@yangxin.example")).one()
            is None
        )


def test_an_auditors_principal_carries_the_bodies_it_audits(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        auditor = principal_for_identity(session=session, subject="idp|a", email=AUDITOR)
        assert auditor.role == "auditor"
        assert auditor.audits == frozenset({"新余市", "阳信县"})
        assert principal_for_user(session=session, user_id=auditor.user_id) == auditor
        missing = _refusal(lambda: principal_for_user(session=session, user_id=10_000))
        assert (missing.key, missing.params) == ("service.signin.no_user", {"user_id": 10_000})


def test_demo_principals_are_the_local_administrator_and_the_demo_users_by_role_then_name(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        # a user an administrator added is not a demo user
        create_user(
            session=session,
            principal=principal,
            user_in=new_user(email="a@b.example", name="Aa", role="government", organisation="新余市"),
        )
    with session_scope(seeded) as session:
        demo = demo_principals(session=session)
    assert [(item.role, item.organisation) for item in demo] == [
        ("government", "新余市"),
        ("government", "阳信县"),
        ("vendor", "Vendor B (乙公司)"),
        ("vendor", "Vendor A (甲公司)"),
        ("auditor", "审计局 (audit office, demo)"),
        ("administrator", ""),
    ]
    assert demo[-1] == principal
    assert demo[4].audits == frozenset({"新余市", "阳信县"})


# --- management ---------------------------------------------------------------------------------------------


def test_an_administrator_adds_users_audited_and_others_may_not(seeded: Engine, principal: Principal) -> None:
    with session_scope(seeded) as session:
        added = create_user(
            session=session,
            principal=principal,
            user_in=new_user(email="Audit2@Example.org", name=" Wang ", role="auditor"),
            audits=["阳信县", " 新余市", "阳信县"],
            subject="idp|wang",
        )
    assert (added.email, added.name, added.role, added.subject) == (
        "Audit2@Example.org",
        "Wang",
        "auditor",
        "idp|wang",
    )
    assert added.audits == ("新余市", "阳信县")
    with session_scope(seeded) as session:
        (entry,) = [item for item in _audits(session, "create") if item.entity_id == added.id]
        assert entry.user_id == principal.user_id
        assert json.loads(entry.after or "{}")["audits"] == ["新余市", "阳信县"]
        # the subject given at creation signs the user in directly
        signed_in = principal_for_identity(session=session, subject="idp|wang", email=None)
        assert signed_in.audits == frozenset({"新余市", "阳信县"})
        officer = principal_for_user(session=session, user_id=_user_id(session, XINYU_OFFICER))
        auditor = principal_for_user(session=session, user_id=_user_id(session, AUDITOR))
        for somebody in (officer, auditor):
            forbidden = _refusal(
                lambda somebody=somebody: create_user(
                    session=session,
                    principal=somebody,
                    user_in=new_user(email="x@y.z", name="X", role="auditor"),
                )
            )
            assert (forbidden.key, forbidden.params) == (
                "service.access.administrators_only",
                {"role": somebody.role},
            )
            assert _refusal(
                lambda somebody=somebody: list_users(session=session, principal=somebody)
            ).key == ("service.access.administrators_only")
        users = list_users(session=session, principal=principal)
        assert [user.email for user in users] == sorted(user.email for user in users)
        assert find_user(session=session, principal=principal, email="AUDIT2@example.org").id == added.id
        assert _refusal(
            lambda: find_user(session=session, principal=principal, email="no@one.example")
        ).key == ("service.signin.no_such_email")


@pytest.mark.parametrize(
    ("values", "audits", "subject", "key", "field", "value"),
    [
        ({"email": "OFFICER@xinyu.example", "role": "government", "organisation": "新余市"}, (), None,
         "service.signin.email_taken", None, None),
        ({"email": "n@x.example", "role": "government", "organisation": "新余市"}, (), "  ",
         "service.signin.invalid.length", "subject", "  "),
        ({"email": "n@x.example", "role": "vendor", "organisation": ""}, (), None,
         "service.signin.invalid.organisation_needed", "organisation", "\"\""),
        ({"email": "n@x.example", "role": "vendor", "organisation": "C"}, ("新余市",), None,
         "service.signin.invalid.scopes_need_auditor", "audits", "新余市"),
        ({"email": "n@x.example", "role": "auditor", "organisation": ""}, ("x" * 201,), None,
         "service.signin.invalid.length", "audits", "x" * 201),
    ],
)  # fmt: skip
def test_bad_users_are_refused_naming_field_value_and_rule(
    seeded: Engine,
    principal: Principal,
    values: dict[str, str],
    audits: tuple[str, ...],
    subject: str | None,
    key: str,
    field: str | None,
    value: str | None,
) -> None:
    with session_scope(seeded) as session:
        principal_for_identity(session=session, subject="idp|taken", email=XINYU_OFFICER)
    with session_scope(seeded) as session:
        before = _count_users(session)
        error = _refusal(
            lambda: create_user(
                session=session,
                principal=principal,
                user_in=new_user(name="N", **values),
                audits=audits,
                subject=subject,
            )
        )
        assert error.key == key
        if field is not None:
            assert (error.params["field"], error.params["value"]) == (field, value)
            assert f"{field} = {value}" in translate(error.key, "en", **error.params)
        assert _count_users(session) == before
    with session_scope(seeded) as session:
        taken = _refusal(
            lambda: create_user(
                session=session,
                principal=principal,
                user_in=new_user(email="n@x.example", name="N", role="government", organisation="G"),
                subject="idp|taken",
            )
        )
        assert (taken.key, taken.params) == ("service.signin.subject_taken", {"subject": "idp|taken"})


@pytest.mark.parametrize(
    ("field", "values", "key"),
    [
        ("role", {"role": "mayor"}, "service.signin.invalid.role"),
        ("email", {"email": "no-at-sign"}, "service.signin.invalid.email"),
        ("email", {"email": "two words@x.example"}, "service.signin.invalid.email"),
        ("name", {"name": ""}, "service.signin.invalid.length"),
        ("organisation", {"organisation": "o" * 201}, "service.signin.invalid.length"),
    ],
)
def test_new_user_names_the_field_value_and_rule(field: str, values: dict[str, str], key: str) -> None:
    arguments = {"email": "a@b.example", "name": "A", "role": "vendor", "organisation": "V"} | values
    error = _refusal(lambda: new_user(**arguments))
    assert (error.key, error.params["field"]) == (key, field)
    message = translate(error.key, "en", **error.params)
    assert message.startswith(f"{field} = ")
    if field == "role":
        assert message == "role = mayor: must be one of government, vendor, auditor, administrator"


def test_auditor_scopes_are_replaced_audited_and_only_for_auditors(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        auditor_id = _user_id(session, AUDITOR)
        officer_id = _user_id(session, XINYU_OFFICER)
        after = set_auditor_scopes(
            session=session, principal=principal, user_id=auditor_id, organisations=["阳信县", "德州市"]
        )
        assert after.audits == ("德州市", "阳信县")
        not_auditor = _refusal(
            lambda: set_auditor_scopes(
                session=session, principal=principal, user_id=officer_id, organisations=["x"]
            )
        )
        assert (not_auditor.key, not_auditor.params["role"]) == (
            "service.signin.invalid.scopes_need_auditor",
            "government",
        )
        officer = principal_for_user(session=session, user_id=officer_id)
        forbidden = _refusal(
            lambda: set_auditor_scopes(
                session=session, principal=officer, user_id=auditor_id, organisations=[]
            )
        )
        assert forbidden.key == "service.access.administrators_only"
    with session_scope(seeded) as session:
        assert principal_for_user(session=session, user_id=auditor_id).audits == frozenset(
            {"德州市", "阳信县"}
        )
        (entry,) = _audits(session, "set_auditor_scopes")
        assert json.loads(entry.before or "{}") == {"audits": ["新余市", "阳信县"]}
        assert json.loads(entry.after or "{}") == {"audits": ["德州市", "阳信县"]}


def test_a_role_change_is_checked_audited_and_drops_an_auditors_bodies(
    seeded: Engine, principal: Principal
) -> None:
    with session_scope(seeded) as session:
        auditor_id = _user_id(session, AUDITOR)
        changed = set_role(
            session=session, principal=principal, user_id=auditor_id, role="government", organisation="德州市"
        )
        assert (changed.role, changed.organisation, changed.audits) == ("government", "德州市", ())
        bad = _refusal(
            lambda: set_role(session=session, principal=principal, user_id=auditor_id, role="mayor")
        )
        assert (bad.key, bad.params["field"], bad.params["value"]) == (
            "service.signin.invalid.role",
            "role",
            "mayor",
        )
        unnamed = _refusal(
            lambda: set_role(
                session=session, principal=principal, user_id=auditor_id, role="vendor", organisation=""
            )
        )
        assert unnamed.key == "service.signin.invalid.organisation_needed"
        local = _refusal(
            lambda: set_role(session=session, principal=principal, user_id=principal.user_id, role="auditor")
        )
        assert local.key == "service.signin.invalid.local_user_role"
        missing = _refusal(
            lambda: set_role(session=session, principal=principal, user_id=10_000, role="vendor")
        )
        assert missing.key == "service.signin.no_user"
    with session_scope(seeded) as session:
        assert (
            session.exec(select(AuditorScopeRow).where(AuditorScopeRow.user_id == auditor_id)).first() is None
        )
        officer = principal_for_user(session=session, user_id=auditor_id)
        assert (officer.role, officer.organisation, officer.audits) == ("government", "德州市", frozenset())
        (entry,) = _audits(session, "set_role")
        assert json.loads(entry.before or "{}")["role"] == "auditor"
        assert json.loads(entry.after or "{}")["role"] == "government"
        # back to auditor, with bodies
        again = set_role(
            session=session, principal=principal, user_id=auditor_id, role="auditor", audits=["新余市"]
        )
        assert again.audits == ("新余市",)
