"""Datasette over a fact database, for people who browse rather than script.

The database is served immutable (read-only, never locked) on 127.0.0.1
only, with the titles, descriptions, facets and saved queries of
`datasette_metadata.json`. Datasette is imported on use, because it is heavy
and only this command needs it.

Anyone who can reach the server can run SQL on it, so a plugin
(extractor/serve_guard.py) bounds what one query may take, answers only
requests for this server's own address, and logs each refused request in
one line.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.store import DatabasePath, open_store

if TYPE_CHECKING:
    from datasette.app import Datasette

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
METADATA_FILE = Path(__file__).with_name("datasette_metadata.json")
PLUGIN_NAME = "vnfacts"
SETTINGS = {"max_csv_mb": 32, "num_sql_threads": 3}
"""Datasette settings: CSV downloads capped like query results (see
serve_guard.MAX_RESULT_BYTES), three queries at once."""


class ServeError(Exception):
    """The server cannot start: its port is taken."""


def datasette_metadata(db: DatabasePath, port: int = DEFAULT_PORT) -> dict[str, Any]:
    """The metadata file's settings, placed under the database's name in
    Datasette (the file name without its extension), and the port the
    server's guard accepts requests for."""
    metadata = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    database = metadata.pop("database")
    return {**metadata, "databases": {Path(db).stem: database},
            "plugins": {PLUGIN_NAME: {"port": port}}}


def datasette_app(db: DatabasePath, port: int = DEFAULT_PORT) -> Datasette:
    """A Datasette instance over the database, checked to be a vnfacts
    database of this version first, guarded by extractor/serve_guard.py."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from extractor import serve_guard

    open_store(db).close()
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(serve_guard, name=PLUGIN_NAME)
    if pm.get_plugin(serve_guard.DEFAULT_ERROR_PAGES) is not None:
        pm.unregister(name=serve_guard.DEFAULT_ERROR_PAGES)
    return Datasette(immutables=[str(db)], metadata=datasette_metadata(db, port), settings=SETTINGS)


def serve(
    db: DatabasePath, *, port: int = DEFAULT_PORT, on_start: Callable[[str], None] | None = None
) -> None:
    """Serve the database at http://127.0.0.1:PORT/ until interrupted;
    `on_start` is told the address once the checks have passed."""
    import uvicorn

    app = datasette_app(db, port)
    _check_port_free(port)
    asyncio.run(app.invoke_startup())
    if on_start:
        on_start(f"http://{HOST}:{port}/")
    _log_refusals()
    uvicorn.run(app.app(), host=HOST, port=port, log_level="warning")


def _check_port_free(port: int) -> None:
    """Fail with a sentence, not a server log, when the port is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            raise ServeError(
                f"cannot listen on {HOST}:{port} ({error.strerror}); choose another --port"
            ) from None


def _log_refusals() -> None:
    """The guard's one-line log of refused requests, on stderr."""
    log = logging.getLogger("extractor.serve_guard")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
