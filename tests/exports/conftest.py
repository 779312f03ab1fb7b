"""LibreOffice headless recalculation for the workbook tests.

``recalculate(paths)`` converts xlsx files with Debian's ``soffice`` (package ``libreoffice-calc-nogui``)
using a dedicated user profile whose ``registrymodifications.xcu`` sets OOXMLRecalcMode and ODFRecalcMode to 0
("always recalculate"): LibreOffice recomputes every formula on load instead of trusting the cached values,
and the converted copy carries LibreOffice's own results. In CI (CI=true) a missing ``soffice`` is a failure;
locally the tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def require_tool(available: bool, reason: str) -> None:
    """Skip locally when a real tool is missing; in CI that is a failure (as in tests/conftest.py)."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must run these tests)")
    pytest.skip(reason)


Recalculate = Callable[[Sequence[Path]], list[Path]]


@pytest.fixture(scope="session")
def recalculate(tmp_path_factory: pytest.TempPathFactory) -> Recalculate:
    """Recalculate xlsx files with LibreOffice headless; returns the recalculated copies, in order."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(
        soffice is not None, "LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui"
    )
    assert soffice is not None
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    counter = iter(range(1_000_000))

    def run(paths: Sequence[Path]) -> list[Path]:
        out = tmp_path_factory.mktemp(f"lo-out-{next(counter)}")
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *(str(path) for path in paths),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        converted = [out / Path(path).name for path in paths]
        missing = [str(path) for path in converted if not path.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
        return converted

    return run
