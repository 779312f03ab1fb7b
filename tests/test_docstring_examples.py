"""Every example in the package's docstrings runs and gives what it shows (numpydoc "Examples" sections)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import ppp

ROOT = Path(__file__).resolve().parents[1]
# pages run only inside Streamlit; the benchmarks' examples would time the machine
SKIPPED_PREFIXES = ("ppp.ui", "ppp.bench")
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(ppp.__path__, prefix="ppp.")
    if not info.name.startswith(SKIPPED_PREFIXES) and ".migrations" not in info.name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files relative to the checkout, as the README does
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
