"""Datasette over a fact database, for people who browse rather than script.

The database is served immutable (read-only, never locked) on 127.0.0.1,
or on another address only when asked (`host`), with the titles,
descriptions, facets and saved queries of `datasette_metadata.json`, the
monitoring dashboard of extractor/dashboard.py (datasette-dashboards), and
the pages of `templates/` (a home page that leads to the dashboard).
Datasette is imported on use, because it is heavy and only this command
needs it.

Two plugins of this package: extractor/serve_display.py writes every value
for a person and serves the downloads; anyone who can reach the server can
run SQL on it, so extractor/serve_guard.py bounds what one query may take
(and Datasette's own time limit and row cap, `SETTINGS`), answers only
requests for this server's own address, and logs each refused request in
one line.
"""

from __future__ import annotations

import errno
import json
import logging
import socket
import sys
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.errors import VnfactsError
from extractor.store import DatabasePath, StoreError, open_reader, open_store, up_to_date

if TYPE_CHECKING:
    from datasette.app import Datasette

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
METADATA_FILE = Path(__file__).with_name("datasette_metadata.json")
TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
PLUGIN_NAME = "vnfacts"
DISPLAY_PLUGIN_NAME = "vnfacts-display"
DASHBOARDS_PLUGIN = "datasette-dashboards"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
SETTINGS = {"max_csv_mb": 32, "num_sql_threads": 3, "sql_time_limit_ms": 3000,
            "max_returned_rows": 1000}
"""Datasette settings: CSV downloads capped like query results (see
serve_guard.MAX_RESULT_BYTES), three queries at once, each stopped after 3
seconds (a dashboard query over a large archive's `figures` view takes
about a second) and returning at most 1,000 rows."""


class ServeError(VnfactsError):
    """The server cannot start: its port is taken."""


def datasette_metadata(db: DatabasePath, port: int = DEFAULT_PORT, host: str = HOST) -> dict[str, Any]:
    """The metadata file's settings, placed under the database's name in
    Datasette (the file name without its extension), the dashboard over
    it, and the address the server's guard accepts requests for."""
    from extractor.dashboard import DASHBOARD, dashboard

    metadata = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    database = metadata.pop("database")
    name = Path(db).stem
    return {**metadata, "databases": {name: database},
            "plugins": {PLUGIN_NAME: {"port": port, "host": host, "hosts": accepted_hosts(host)},
                        DASHBOARDS_PLUGIN: {DASHBOARD: dashboard(name)}}}


def accepted_hosts(host: str) -> list[str]:
    """The names a request may give in its Host header: the loopback names,
    and when serving elsewhere the address asked for (for every address,
    this machine's name and its addresses too)."""
    names = [HOST, "localhost", "[::1]"]
    if host not in names:
        names.append(_bracketed(host))
    if host in WILDCARD_HOSTS:
        machine = socket.gethostname()
        names += [machine, socket.getfqdn()]
        with suppress(OSError):
            names += [_bracketed(info[4][0]) for info in socket.getaddrinfo(machine, None)]
    return list(dict.fromkeys(name.lower() for name in names if name))


def _bracketed(address: str) -> str:
    """An IPv6 address as a Host header writes it: `[::1]`."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def datasette_app(db: DatabasePath, port: int = DEFAULT_PORT, host: str = HOST) -> Datasette:
    """A Datasette instance over the database, checked to be a vnfacts
    database of this version first, made readable by
    extractor/serve_display.py and guarded by extractor/serve_guard.py."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from extractor import serve_display, serve_guard

    bring_up_to_date(db)
    for name, plugin in ((PLUGIN_NAME, serve_guard), (DISPLAY_PLUGIN_NAME, serve_display)):
        if pm.get_plugin(name) is None:
            pm.register(plugin, name=name)
    if pm.get_plugin(serve_guard.DEFAULT_ERROR_PAGES) is not None:
        pm.unregister(name=serve_guard.DEFAULT_ERROR_PAGES)
    return Datasette(immutables=[str(db)], metadata=datasette_metadata(db, port, host),
                     settings=SETTINGS, template_dir=str(TEMPLATES),
                     static_mounts=[(serve_display.STATIC_MOUNT, str(STATIC))])


def bring_up_to_date(db: DatabasePath) -> None:
    """Check that `db` is a vnfacts database of this version, and give one
    made by an earlier vnfacts the indexes and sums the dashboard reads, in
    place, once (a writer would at its next ingest): served as it is, its
    charts over every figure would fail."""
    with closing(open_reader(db)) as reader:
        if up_to_date(reader):
            return
    print(f"vnfacts: {db} was made by an earlier vnfacts; adding its indexes and sums (once)…",
          file=sys.stderr)
    try:
        open_store(db, create=True).close()
    except StoreError as error:
        raise StoreError(f"{error}; it cannot be brought up to date where it is: copy it somewhere "
                         "writable, or ingest into a new database") from None


def serve(
    db: DatabasePath, *, port: int = DEFAULT_PORT, host: str = HOST,
    on_start: Callable[[str], None] | None = None,
) -> None:
    """Serve the database at http://HOST:PORT/ until interrupted (HOST is
    this machine only unless another address is asked for); `on_start` is
    told the address once the checks have passed."""
    import asyncio  # here, with uvicorn: every command line would pay for it

    import uvicorn

    app = datasette_app(db, port, host)
    _check_port_free(host, port)
    asyncio.run(app.invoke_startup())
    if on_start:
        on_start(f"http://{_bracketed(host)}:{port}/")
    _log_refusals()
    uvicorn.run(app.app(), host=host, port=port, log_level="warning")


def _check_port_free(host: str, port: int) -> None:
    """Fail with a sentence, not a server log, when the address cannot be
    listened on (the port is taken, or the address is not this machine's)."""
    try:
        family = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port} ({error.strerror}); give an address of "
                         "this machine to --host") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeError(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another --port"
                + ("" if error.errno == errno.EADDRINUSE else " or --host")
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
