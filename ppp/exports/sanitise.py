"""Neutralise user-entered text before it goes into a spreadsheet cell (OWASP CSV / formula injection).

Text that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return, a line feed or NUL can be read as
a formula by a spreadsheet (or by a CSV import of copied cells). :func:`as_text` prefixes such text with a
single quote, so it stays text wherever it is pasted. The workbook also writes every user string with
``write_string``, which never makes a formula; the prefix keeps copied text and CSV safe too.

Characters that XML 1.0 cannot carry (NUL and the other C0 controls except tab, LF and CR) are replaced by
U+FFFD, so that a hostile name cannot make the workbook unreadable.
"""

from __future__ import annotations

import re

#: first characters that make a spreadsheet treat the text as a formula (OWASP's list, plus NUL)
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def as_text(value: str) -> str:
    """``value`` made safe to show as the text of a spreadsheet cell.

    Examples
    --------
    >>> as_text("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> as_text("智慧阳信 PPP 项目")
    '智慧阳信 PPP 项目'
    >>> as_text("-1+1")
    "'-1+1"
    """
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        text = "'" + text
    return _XML_ILLEGAL.sub("\ufffd", text)


def is_neutral(value: str) -> bool:
    """True when ``value`` cannot be read as a formula (it does not start with a dangerous character)."""
    return not value.startswith(DANGEROUS_PREFIXES)
