"""The repository keeps its promises: the README's commands and snippets work, CI runs the README's tests."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _block_with(text: str) -> str:
    (block,) = [block for block in _blocks("bash") if text in block]
    return block


def test_readme_has_exactly_two_commands_for_a_fresh_machine() -> None:
    section = README.split("## Run it", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", section, flags=re.DOTALL)
    assert len(commands) == 2
    assert "streamlit run streamlit_app.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readmes_test_command_unchanged() -> None:
    section = README.split("## Run it", 1)[1].split("\n## ", 1)[0]
    test_command = re.findall(r"```bash\n(.*?)\n```", section, flags=re.DOTALL)[1].strip()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def test_readme_python_snippet_runs(tmp_path: Path) -> None:
    (snippet,) = _blocks("python")
    completed = subprocess.run(
        [sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "sha256:" in completed.stdout
    assert "gives equity IRR 8.0000%" in completed.stdout


@pytest.mark.parametrize(
    "line",
    [
        line.split("#")[0].strip()
        for line in _block_with("ppp validate").splitlines()
        if "my_project" not in line
    ],
)
def test_readme_cli_examples_run(line: str, tmp_path: Path) -> None:
    arguments = line.split()[1:]
    if arguments and arguments[0] == "bench":
        arguments.append("--quick")
    if "-o" in arguments:  # outputs go to the test's folder, not the checkout
        index = arguments.index("-o") + 1
        arguments[index] = str(tmp_path / arguments[index])
    completed = subprocess.run(
        [sys.executable, "-m", "ppp.cli", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr


def test_readme_database_commands_run_in_order(tmp_path: Path) -> None:
    """The shared deployment's commands, one after another on one (new) database: users, audit, backups."""
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["PPP_DATA_DIR"] = str(tmp_path / "data")
    lines = [line.split("  #")[0].strip() for line in _block_with("ppp users add").splitlines()]
    assert [line.split()[1] for line in lines] == [
        "users",
        "users",
        "users",
        "audit",
        "audit",
        "backup",
        "restore",
    ]
    for line in lines:
        arguments = [
            str(tmp_path / argument) if argument.endswith(".sqlite3") else argument
            for argument in shlex.split(line)[1:]
        ]
        completed = subprocess.run(
            [sys.executable, "-m", "ppp.cli", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, (line, completed.stdout, completed.stderr)
        assert "Traceback" not in completed.stderr
        if line.startswith("ppp users list"):
            assert "officer@xinyu.example" in completed.stdout
    assert (tmp_path / "ppp-backup.sqlite3").stat().st_size > 0


def test_python_code_lives_in_the_package_only() -> None:
    allowed = {ROOT / "streamlit_app.py"}
    stray = [
        path
        for path in ROOT.rglob("*.py")
        if path not in allowed
        and not path.is_relative_to(ROOT / "ppp")
        and not path.is_relative_to(ROOT / "tests")
        and ".git" not in path.parts
        and "build" not in path.parts
    ]
    assert stray == []


def test_pages_go_through_services_and_services_know_no_streamlit() -> None:
    store_import = re.compile(r"^\s*(import|from)\s+ppp\.store\b", re.M)
    streamlit_import = re.compile(r"^\s*(import|from)\s+streamlit\b", re.M)
    pages = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ppp" / "ui" / "pages").rglob("*.py")
        if store_import.search(path.read_text(encoding="utf-8"))
    ]
    services = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ppp" / "services").rglob("*.py")
        if streamlit_import.search(path.read_text(encoding="utf-8"))
    ]
    assert pages == []
    assert services == []


def test_the_core_imports_no_ui_or_database() -> None:
    core = ["model", "engine", "risk", "government", "operations", "i18n"]
    forbidden = re.compile(
        r"^\s*(import|from)\s+(streamlit|sqlmodel|sqlalchemy|ppp\.ui|ppp\.store|ppp\.services)\b", re.M
    )
    offenders = [
        str(path.relative_to(ROOT))
        for package in core
        for path in (ROOT / "ppp" / package).rglob("*.py")
        if forbidden.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
