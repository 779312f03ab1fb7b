"""The app's Streamlit settings: no tracebacks in the browser, no usage statistics, no browser opened."""

from __future__ import annotations

import tomllib

from app_helpers import ROOT


def test_streamlit_shows_errors_as_messages_and_sends_nothing() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # "none": a generic message in the browser, the details on the console (false would mean "stacktrace")
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True
    # a reload would import the table models twice into one metadata and break every page until a restart
    assert config["server"]["fileWatcherType"] == "none"
