"""``ppp users list | add | scope``: acting as the local administrator on the app's database (PPP_DATA_DIR or
--database-url), changes audited, bad input refused with exit 2 naming field, value and rule."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from ppp.cli import main
from ppp.store import make_engine, session_scope
from ppp.store.tables import AuditEntry, AuditorScopeRow, UserRow

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("PPP_DATA_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return folder


def _ppp(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _users(url: str) -> dict[str, UserRow]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return {row.email: row for row in session.exec(select(UserRow)).all()}
    finally:
        engine.dispose()


def test_add_then_list_on_a_database_the_app_has_not_created_yet(data_dir: Path) -> None:
    code, out, err = _ppp(
        "users",
        "add",
        "li@xinyu.example",
        "--name",
        "Li Ming",
        "--role",
        "government",
        "--organisation",
        "新余市",
    )
    assert (code, err) == (0, "")
    assert out.startswith("Added li@xinyu.example (government) as user ")
    code, out, err = _ppp(
        "users", "add", "Audit@Example.org", "--name", "Wang", "--role", "auditor",
        "--audits", "阳信县", "新余市", "--subject", "idp|wang",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = _ppp("users", "list")
    assert code == 0, err
    assert out.splitlines() == [
        "email\tname\trole\torganisation\taudits\tsubject",
        "Audit@Example.org\tWang\tauditor\t-\t新余市,阳信县\tidp|wang",
        "li@xinyu.example\tLi Ming\tgovernment\t新余市\t-\t-",
        "local@localhost\tlocal\tadministrator\t-\t-\t-",
    ]
    url = f"sqlite:///{data_dir / 'ppp.sqlite3'}"
    users = _users(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            created = session.exec(select(AuditEntry).where(AuditEntry.action == "create")).all()
            by_entity = {entry.entity_id: entry for entry in created if entry.entity == "user"}
            entry = by_entity[users["li@xinyu.example"].id]
            # the local administrator acted
            assert entry.user_id == users["local@localhost"].id
            assert json.loads(entry.after or "{}")["organisation"] == "新余市"
    finally:
        engine.dispose()


def test_scope_replaces_an_auditors_bodies(data_dir: Path) -> None:
    assert (
        _ppp("users", "add", "a@audit.example", "--name", "A", "--role", "auditor", "--audits", "新余市")[0]
        == 0
    )
    code, out, err = _ppp("users", "scope", "A@AUDIT.example", "阳信县", "德州市")
    assert (code, err) == (0, "")
    assert out.strip() == "a@audit.example now audits: 德州市, 阳信县."
    url = f"sqlite:///{data_dir / 'ppp.sqlite3'}"
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            bodies = session.exec(select(AuditorScopeRow.organisation)).all()
    finally:
        engine.dispose()
    assert sorted(bodies) == ["德州市", "阳信县"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "x@y.example", "--name", "X", "--role", "mayor"],
         "error: role = mayor: must be one of government, vendor, auditor, administrator"),
        (["add", "not-an-email", "--name", "X", "--role", "vendor", "--organisation", "V"],
         "error: email = not-an-email: must be an email address"),
        (["add", "x@y.example", "--name", "X", "--role", "vendor"],
         'error: organisation = "": a user with the role vendor acts for one organisation'),
        (["add", "x@y.example", "--name", "X", "--role", "vendor", "--organisation", "V",
          "--audits", "新余市"],
         "error: audits = 新余市: only auditors have government bodies to audit"),
        (["add", "LOCAL@localhost", "--name", "X", "--role", "auditor"],
         "error: email = LOCAL@localhost: a user with this email exists already"),
        (["scope", "nobody@x.example", "新余市"], "error: There is no user with the email nobody@x.example."),
        (["scope", "local@localhost", "新余市"],
         "error: audits = 新余市: only auditors have government bodies to audit "
         "(this user's role is administrator)"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_naming_field_value_and_rule(argv: list[str], message: str) -> None:
    code, out, err = _ppp("users", *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message), err
    assert "Traceback" not in err


def test_messages_follow_the_language() -> None:
    code, _, err = _ppp("--lang", "zh", "users", "add", "x@y.example", "--name", "X", "--role", "mayor")
    assert code == 2
    assert err.strip() == "错误: role = mayor：必须是以下之一：government, vendor, auditor, administrator"


def test_an_explicit_database_url_wins(tmp_path: Path, data_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    code, _, err = _ppp(
        "users", "add", "v@a.example", "--name", "V", "--role", "vendor", "--organisation", "A",
        "--database-url", url,
    )  # fmt: skip
    assert code == 0, err
    assert "v@a.example" in _users(url)
    assert not (data_dir / "ppp.sqlite3").exists()


def test_the_help_says_it_acts_as_the_administrator() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ppp.cli", "users", "add", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Acts as the local administrator" in " ".join(completed.stdout.split())
