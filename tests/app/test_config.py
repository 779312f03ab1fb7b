"""The app's Streamlit settings: no tracebacks in the browser, no usage statistics, no browser opened, and the
hardened options of a deployment (XSRF and CORS protection, a capped upload size, the viewer's toolbar, no
magic) and no full garbage collection after each run (the load test's finding)."""

from __future__ import annotations

import tomllib
from typing import Any

from app_helpers import ROOT
from streamlit import config as streamlit_config


def _settings() -> dict[str, Any]:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_streamlit_shows_errors_as_messages_and_sends_nothing() -> None:
    config = _settings()
    # "none": a generic message in the browser, the details on the console (false would mean "stacktrace")
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True
    # a reload would import the table models twice into one metadata and break every page until a restart
    assert config["server"]["fileWatcherType"] == "none"


def test_streamlit_is_hardened_for_a_deployment() -> None:
    config = _settings()
    assert config["server"]["enableXsrfProtection"] is True
    # XSRF protection counts on CORS protection: only same-origin pages may call the app
    assert config["server"]["enableCORS"] is True
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["runner"]["magicEnabled"] is False
    # a full garbage collection after every run cost more CPU than most page runs (docs/load-test.md)
    assert config["runner"]["postScriptGC"] is False
    upload_megabytes = config["server"]["maxUploadSize"]
    # room for the app's largest file (an xlsx template is refused above 5 MB), far below Streamlit's 200 MB
    assert isinstance(upload_megabytes, int)
    assert 5 <= upload_megabytes <= 20


def test_every_setting_is_an_option_of_the_installed_streamlit() -> None:
    # Streamlit only warns about an unknown option: a misspelt name would silently leave the default in place
    known = set(streamlit_config.get_config_options())
    settings = _settings()
    names = {f"{section}.{option}" for section, options in settings.items() for option in options}
    assert names - known == set()
