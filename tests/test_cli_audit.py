"""``ppp audit verify | reproduce | log`` on SQLite and PostgreSQL: exit 0 on an intact chain and a
reproduced snapshot, exit 2 naming every altered, deleted or inserted entry, a missing recorded head or a
result that differs (in English and Chinese), and clear refusals of bad arguments and unusable databases."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ppp.cli import main
from ppp.engine import evaluate
from ppp.engine.evaluation import result_hash
from ppp.model import parse_project
from ppp.store import downgrade, init_database, make_engine

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A seeded database of each backend."""
    if request.param == "sqlite":
        address = f"sqlite:///{tmp_path / 'ppp.sqlite3'}"
    else:
        address = request.getfixturevalue("postgresql_url")
        assert isinstance(address, str)
    engine = make_engine(address)
    try:
        init_database(engine)
    finally:
        engine.dispose()
    return address


def execute(url: str, *statements: str, **params: Any) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def fetch(url: str, statement: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(statement)))
    finally:
        engine.dispose()


def drop_protection(url: str) -> None:
    if url.startswith("postgresql"):
        execute(
            url,
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "DROP TRIGGER audit_log_append_only_truncate ON audit_log",
        )
    else:
        execute(url, "DROP TRIGGER audit_log_append_only_update", "DROP TRIGGER audit_log_append_only_delete")


def add_entries(url: str) -> None:
    """More audited changes: the import of a project file through the services."""
    from ppp import services
    from ppp.store import session_scope

    engine: Engine = make_engine(url)
    try:
        text = Path("sample_projects/yangxin_smart_city_bot.toml").read_text(encoding="utf-8")
        with session_scope(engine) as session:
            principal = services.local_principal(session=session)
            services.import_project_file(session=session, principal=principal, text=text)
    finally:
        engine.dispose()


# ---- verify ------------------------------------------------------------------------------------------------


def test_verify_an_intact_chain_prints_the_head_and_exits_0(url: str) -> None:
    result = run("audit", "verify", "--database-url", url)
    assert result.code == 0, result.err
    head_id, head_hash = fetch(url, "SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert f"Head: entry {head_id}, hash {head_hash}" in result.out
    assert "entries checked" in result.out
    assert "Intact" in result.out
    document = json.loads(run("audit", "verify", "--database-url", url, "--json").out)
    assert document["intact"] is True
    assert (document["head_id"], document["head_hash"]) == (head_id, head_hash)
    assert document["rows"] == len(fetch(url, "SELECT id FROM audit_log"))
    zh = run("--lang", "zh", "audit", "verify", "--database-url", url)
    assert zh.code == 0
    assert "链头" in zh.out


def test_verify_names_an_altered_entry_and_exits_2(url: str) -> None:
    drop_protection(url)
    execute(url, "UPDATE audit_log SET after = :after WHERE id = 1", after='{"role": "auditor"}')
    result = run("audit", "verify", "--database-url", url)
    assert result.code == 2
    assert "entry 1: altered" in result.out
    zh = run("--lang", "zh", "audit", "verify", "--database-url", url)
    assert zh.code == 2
    assert "第 1 条记录被篡改" in zh.out
    document = json.loads(run("audit", "verify", "--database-url", url, "--json").out)
    assert [(problem["kind"], problem["row_id"]) for problem in document["problems"]] == [("altered", 1)]
    assert "entry 1" in document["problems"][0]["message"]


def test_verify_names_a_deleted_and_an_inserted_entry(url: str) -> None:
    add_entries(url)
    ids = [row[0] for row in fetch(url, "SELECT id FROM audit_log ORDER BY id")]
    assert len(ids) >= 3
    drop_protection(url)
    execute(url, "DELETE FROM audit_log WHERE id = :id", id=ids[1])
    deleted = run("audit", "verify", "--database-url", url)
    assert deleted.code == 2
    assert f"entry {ids[2]}: broken link: it does not follow entry {ids[0]}" in deleted.out
    # a copy of the first entry put back at the place of the deleted one: it follows the same entry
    execute(
        url,
        "INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, before, after, prev_hash, "
        "entry_hash) SELECT :new, at, user_id, action, entity, entity_id, before, after, prev_hash, "
        "entry_hash FROM audit_log WHERE id = :id",
        new=ids[1],
        id=ids[0],
    )
    inserted = run("audit", "verify", "--database-url", url, "--json")
    assert inserted.code == 2
    kinds = {(problem["kind"], problem["row_id"]) for problem in json.loads(inserted.out)["problems"]}
    assert ("altered", ids[1]) in kinds  # its hash was made for another id
    assert ("inserted", ids[1]) in kinds


def test_expect_head_catches_the_newest_entries_removed(url: str) -> None:
    recorded = json.loads(run("audit", "verify", "--database-url", url, "--json").out)["head_hash"]
    add_entries(url)
    later = run("audit", "verify", "--database-url", url, "--expect-head", recorded.upper())
    assert later.code == 0, later.out
    assert "entries were appended since" in later.out
    drop_protection(url)
    execute(
        url,
        "DELETE FROM audit_log WHERE id >= (SELECT id FROM audit_log WHERE entry_hash = :hash)",
        hash=recorded,
    )
    assert run("audit", "verify", "--database-url", url).code == 0  # what a chain alone cannot see
    missing = run("audit", "verify", "--database-url", url, "--expect-head", recorded)
    assert missing.code == 2
    assert f"the recorded head {recorded} is not in the chain" in missing.out
    zh = run("--lang", "zh", "audit", "verify", "--database-url", url, "--expect-head", recorded)
    assert "不在链中" in zh.out


# ---- reproduce ---------------------------------------------------------------------------------------------


def test_reproduce_on_a_seeded_database(url: str) -> None:
    fresh = run("audit", "reproduce", "--database-url", url)
    assert fresh.code == 0, fresh.out + fresh.err
    assert "not reproduced" in fresh.out
    assert ", 0 not reproduced" in fresh.out
    revision_id, project_id, revision, stored, inputs = fetch(
        url,
        "SELECT id, project_id, revision, result_hash, inputs_toml FROM project_revisions "
        "ORDER BY id LIMIT 1",
    )[0]
    assert stored == result_hash(evaluate(parse_project(inputs).project))
    one = run(
        "audit", "reproduce", "--project", str(project_id), "--revision", str(revision), "--database-url", url
    )
    assert one.code == 0
    assert f"project {project_id}, revision {revision}: reproduced (equal)" in one.out
    assert one.out.count(stored) == 2  # stored and recomputed
    execute(url, "UPDATE project_revisions SET result_hash = NULL WHERE id = :id", id=revision_id)
    document = json.loads(run("audit", "reproduce", "--all", "--database-url", url, "--json").out)
    assert document["reproduced"] is True
    statuses = {(item["kind"], item["id"]): item["status"] for item in document["snapshots"]}
    assert statuses[("revision", revision_id)] == "no_stored_hash"
    assert {status for key, status in statuses.items() if key != ("revision", revision_id)} == {"equal"}
    assert any(kind == "bid" for kind, _ in statuses)
    unhashed = run("audit", "reproduce", "--project", str(project_id), "--database-url", url)
    assert unhashed.code == 0
    assert "no stored result hash" in unhashed.out
    execute(
        url,
        "UPDATE project_revisions SET result_hash = :hash WHERE id = :id",
        hash="sha256:" + "1" * 64,
        id=revision_id,
    )
    differs = run("audit", "reproduce", "--database-url", url)
    assert differs.code == 2
    assert "DIFFERS" in differs.out
    zh = run("--lang", "zh", "audit", "reproduce", "--project", str(project_id), "--database-url", url)
    assert zh.code == 2
    assert "不一致" in zh.out


def test_reproduce_refuses_what_it_cannot_find_or_read(url: str) -> None:
    nothing = run("audit", "reproduce", "--project", "9999", "--database-url", url)
    assert nothing.code == 2
    assert "no stored snapshot matches --project 9999" in nothing.err
    for args, message in (
        (("--project", "x"), "--project 'x': must be a whole number of at least 1"),
        (("--bid", "0"), "--bid '0': must be a whole number of at least 1"),
        (("--revision", "2"), "--revision 2: needs --project"),
    ):
        refused = run("audit", "reproduce", *args, "--database-url", url)
        assert refused.code == 2
        assert message in refused.err


# ---- log ---------------------------------------------------------------------------------------------------


def test_log_prints_who_when_and_before_to_after(url: str) -> None:
    add_entries(url)
    result = run("audit", "log", "--database-url", url)
    assert result.code == 0
    lines = result.out.splitlines()
    assert re.match(r"#\d+  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC  local  import  project \d+", lines[0])
    assert "    revision: — → 1" in result.out
    assert "(application)  create  user 1" in result.out
    newest = int(lines[0].split()[0][1:])
    only = run("audit", "log", "--entity", "user", "--id", "1", "--limit", "1", "--database-url", url)
    assert only.out.startswith("#1  ")
    assert only.out.count("\n#") == 0
    document = json.loads(run("audit", "log", "--limit", "2", "--json", "--database-url", url).out)
    assert [entry["id"] for entry in document["entries"]] == [newest, newest - 1]
    assert document["entries"][0]["after"]["revision"] == 1
    zh = run("--lang", "zh", "audit", "log", "--entity", "nothing", "--database-url", url)
    assert zh.out.strip() == "没有相符的审计记录。"
    refused = run("audit", "log", "--limit", "-3", "--database-url", url)
    assert refused.code == 2
    assert "--limit '-3'" in refused.err


# ---- unusable databases and arguments ----------------------------------------------------------------------


def test_a_missing_database_file_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite3"
    result = run("audit", "verify", "--database-url", f"sqlite:///{path}")
    assert result.code == 2
    assert f"no database at {path}" in result.err
    assert not path.exists()
    zh = run("--lang", "zh", "audit", "log", "--database-url", f"sqlite:///{path}")
    assert CJK.search(zh.err)


def test_the_default_database_is_the_apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PPP_DATA_DIR", str(tmp_path))
    assert run("audit", "verify").code == 2  # nothing there yet
    engine = make_engine(f"sqlite:///{tmp_path / 'ppp.sqlite3'}")
    try:
        init_database(engine, seed=False)
    finally:
        engine.dispose()
    assert run("audit", "verify").code == 0


def test_a_bad_head_an_old_schema_and_a_bad_url_are_refused(tmp_path: Path) -> None:
    address = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(address)
    try:
        init_database(engine, seed=False)
        head = run("audit", "verify", "--database-url", address, "--expect-head", "abc")
        assert head.code == 2
        assert "--expect-head 'abc': must be an entry hash" in head.err
        downgrade(engine, "0007")
    finally:
        engine.dispose()
    old = run("audit", "verify", "--database-url", address)
    assert old.code == 2
    assert "is at schema revision 0007" in old.err
    bad = run("audit", "verify", "--database-url", "not a url")
    assert bad.code == 2
    assert "--database-url 'not a url': not a database URL" in bad.err
    down = run("audit", "verify", "--database-url", "postgresql://nobody:secret@127.0.0.1:1/ppp")
    assert down.code == 2
    assert "cannot read the database postgresql+psycopg://nobody:***@127.0.0.1:1/ppp" in down.err
    assert "secret" not in down.err
