"""Fixtures of the sign-in browser tests: a mock OpenID Connect provider (the oidc-provider-mock package, a
Flask app) served on a free loopback port in a thread of the test process, and the app served by
``streamlit run`` with an ``[auth]`` secrets file of its own that points at the provider.

The app's client is registered with the provider (which requires registration) for the app's own
``/oauth2callback``; the provider knows :data:`SIGNED_UP` as a predefined user, and makes up any other subject
typed into its form (with that subject as its email).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_helpers import ROOT, free_port, running_app


@dataclass(frozen=True)
class Person:
    """Somebody the identity provider knows."""

    subject: str
    email: str
    name: str


#: the app's user (added with ``ppp users add`` before the app starts), predefined at the provider
SIGNED_UP = Person(subject="li-ming-0001", email="li.ming@xinyu.example", name="Li Ming")
#: the organisation the user acts for
SIGNED_UP_ORGANISATION = "新余市"


@dataclass(frozen=True)
class SignInApp:
    """The app's URL, its data folder and the server's log."""

    url: str
    data_dir: Path
    log: Path


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """The base URL of a mock OIDC provider requiring client registration, stopped afterwards."""
    try:
        import werkzeug.serving
        from oidc_provider_mock import User
        from oidc_provider_mock import app as provider_app
    except ImportError:
        reason = "oidc-provider-mock is not installed (pip install -e '.[test]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI must run the browser tests)")
        pytest.skip(reason)
    # the provider refuses plain HTTP unless told this is a test; it runs in this process only
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
        claims = {"email": SIGNED_UP.email, "email_verified": True, "name": SIGNED_UP.name}
        wsgi = provider_app(
            require_client_registration=True, user_claims=[User(sub=SIGNED_UP.subject, claims=claims)]
        )
        server = werkzeug.serving.make_server("127.0.0.1", 0, wsgi, threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def _register_client(provider: str, redirect_uri: str) -> tuple[str, str]:
    """Register the app with the provider; its client id and secret."""
    request = urllib.request.Request(
        f"{provider}/oauth2/clients",
        data=json.dumps({"redirect_uris": [redirect_uri]}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        client = json.load(response)
    return str(client["client_id"]), str(client["client_secret"])


@pytest.fixture(scope="module")
def signin_app(oidc_provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignInApp]:
    """The app signing people in through ``oidc_provider``, with :data:`SIGNED_UP` added as a government
    officer beforehand (``ppp users add``); stopped afterwards."""
    folder = tmp_path_factory.mktemp("signin")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    client_id, client_secret = _register_client(oidc_provider, f"{url}/oauth2callback")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{client_id}"\n'
        f'client_secret = "{client_secret}"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PPP_LANG"}}
    environment["PPP_DATA_DIR"] = str(folder / "data")
    added = subprocess.run(
        [
            sys.executable, "-m", "ppp.cli", "users", "add", SIGNED_UP.email,
            "--name", SIGNED_UP.name, "--role", "government", "--organisation", SIGNED_UP_ORGANISATION,
        ],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    # this test's secrets only: never the repository's .streamlit/ or the user's ~/.streamlit/
    options = [f"--secrets.files={secrets_file}"]
    with running_app(folder, data_dir=folder / "data", port=port, options=options) as served:
        assert served == url
        yield SignInApp(url=url, data_dir=folder / "data", log=folder / "server.log")
