"""Serving the app for the browser tests (a module of its own so that test modules can import it; conftest
modules cannot be imported reliably). The server itself is :func:`ppp.local_server.streamlit_server`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ppp.local_server import ROOT, free_port, streamlit_server

__all__ = ["ROOT", "free_port", "running_app"]


@contextmanager
def running_app(
    folder: Path, *, data_dir: Path, port: int | None = None, options: Sequence[str] = ()
) -> Iterator[str]:
    """Serve the app on a loopback port (``port``, else a free one) with ``data_dir`` as its data folder (the
    app creates and seeds its database there unless one is there already) and ``options`` added to
    `streamlit run`; the server's log goes to ``folder/server.log``. Yields the app's URL.

    The browser's locale chooses the language, so ``PPP_LANG`` is not passed on.
    """
    environment = {key: value for key, value in os.environ.items() if key != "PPP_LANG"}
    log = folder / "server.log"
    with streamlit_server(data_dir, log, port=port or 0, options=options, environment=environment) as server:
        yield server.url
