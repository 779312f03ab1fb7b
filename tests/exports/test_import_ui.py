"""The project editor offers the schedules template for download and an upload to import it.

(AppTest cannot upload a file; the import itself is tested through the service in test_import_service.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ppp import services

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
EDITOR = "ppp/ui/pages/editor.py"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app on a fresh embedded database, opened on the editor of the first project."""
    monkeypatch.setenv("PPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PPP_LANG", "en")
    st.cache_resource.clear()
    services.clear_evaluation_cache()
    test = AppTest.from_file(APP, default_timeout=60).run()
    assert not test.exception, [item.value for item in test.exception]
    test.switch_page(EDITOR).run()
    if not test.selectbox(key="editor_project").value:
        test.selectbox(key="editor_project").select_index(0).run()
    assert not test.exception, [item.value for item in test.exception]
    yield test
    st.cache_resource.clear()
    services.clear_evaluation_cache()


def test_the_editor_offers_the_template_and_an_import(app: AppTest) -> None:
    assert "Schedules in Excel" in [expander.label for expander in app.expander]
    downloads = app.get("download_button")
    assert len(downloads) == 1
    assert app.button(key="editor_xlsx_import").disabled is False


def test_importing_without_a_file_asks_for_one_and_saves_nothing(app: AppTest) -> None:
    app.button(key="editor_xlsx_import").click().run()
    assert not app.exception
    assert "Choose the filled template first." in [warning.value for warning in app.warning]


def test_the_template_follows_the_language(app: AppTest) -> None:
    assert app.session_state["ppp_editor_xlsx_template"][0][2] == "en"
    app.session_state["ppp_language"] = "zh"
    app.run()
    assert not app.exception
    assert "用 Excel 填写计划表" in [expander.label for expander in app.expander]
    key, template = app.session_state["ppp_editor_xlsx_template"]
    assert key[2] == "zh"
    assert template.startswith(b"PK")
