"""No page sends raw HTML to the browser: user data (project names, uploaded files, readings) must never be
rendered as markup, so the app's code calls neither ``unsafe_allow_html=True`` nor ``st.html`` nor
``components.html``. The settings of ``.streamlit/config.toml`` are checked in test_config.py."""

from __future__ import annotations

import ast
from pathlib import Path

from app_helpers import ROOT


def raw_html_calls(source: str, file_name: str) -> list[str]:
    """``file:line: what`` for each call (or import) that would render raw HTML in ``source``, by line."""
    findings: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=file_name)):
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("streamlit")
            and any(alias.name == "html" for alias in node.names)
        ):
            findings.append((node.lineno, f"from {node.module} import html"))
        if not isinstance(node, ast.Call):
            continue
        if any(
            keyword.arg == "unsafe_allow_html"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in node.keywords
        ):
            findings.append((node.lineno, "unsafe_allow_html=True"))
        # any receiver: st.html, components.html, and every container's html (st.sidebar, a column, a tab)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "html":
            findings.append((node.lineno, f"{ast.unparse(node.func)}(...)"))
    return [f"{file_name}:{line}: {what}" for line, what in sorted(findings)]


def _app_sources() -> list[Path]:
    return [ROOT / "streamlit_app.py", *sorted((ROOT / "ppp").rglob("*.py"))]


def test_the_app_renders_no_raw_html() -> None:
    findings = [
        finding
        for path in _app_sources()
        for finding in raw_html_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert findings == [], "render text with st.markdown/st.text (escaped) instead:\n" + "\n".join(findings)


def test_the_scan_finds_each_kind_of_raw_html() -> None:
    source = "\n".join(
        [
            "import streamlit as st",
            "import streamlit.components.v1 as components",
            "st.markdown(name, unsafe_allow_html=True)",
            "st.html(name)",
            "components.html(name)",
            "streamlit.components.v1.html(name)",
            "st.sidebar.markdown(name, unsafe_allow_html=False)",
            "column.html(name)",
            "from streamlit.components.v1 import html",
            "st.text(html)",
        ]
    )
    assert raw_html_calls(source, "page.py") == [
        "page.py:3: unsafe_allow_html=True",
        "page.py:4: st.html(...)",
        "page.py:5: components.html(...)",
        "page.py:6: streamlit.components.v1.html(...)",
        "page.py:8: column.html(...)",
        "page.py:9: from streamlit.components.v1 import html",
    ]
