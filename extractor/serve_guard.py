"""The Datasette plugin that keeps `vnfacts serve` safe to leave running.

Anyone who can reach the server can run SQL on it, so each query is
bounded: no value larger than `MAX_VALUE_BYTES` (SQLite's length limit),
no result larger than `MAX_RESULT_BYTES` (counted row by row as Datasette
fetches them), SQLite's memory capped. Datasette's own time limit cannot
stop a single huge allocation such as `randomblob(300000000)`; these can.

The server listens on the loopback address unless told otherwise, but a
web page elsewhere can point a name of its own at 127.0.0.1 (DNS
rebinding) and read the server through a visitor's browser; such requests
carry that name in their `Host` header, so requests for any host but this
server's (its loopback names, and the address it was asked to listen on)
are refused.

A refused request is logged as one line, not as Datasette's page-long
traceback with every local variable; errors that are bugs keep a plain
traceback. This module's `handle_exception` replaces Datasette's default
one (`DEFAULT_ERROR_PAGES`), because Datasette runs every such hook and its
own always prints.

The hooks are module functions (this module is the plugin); serve.py
registers it and passes the port in the plugin's metadata.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import weakref
from collections.abc import Callable
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from extractor.serve import DEFAULT_PORT, HOST, PLUGIN_NAME

MAX_VALUE_BYTES = 8_000_000
"""The largest string or blob a query may make or read: two hundred times
the longest news article."""
MAX_RESULT_BYTES = 32_000_000
"""The most text and bytes one query may return (Datasette returns up to
1,000 rows, which could each hold several values of `MAX_VALUE_BYTES`)."""
SQLITE_HEAP_LIMIT = 512_000_000
"""Bytes SQLite may allocate in the server process, for all its queries."""
LOOPBACK_NAMES = (HOST, "localhost", "[::1]")
DEFAULT_ERROR_PAGES = "datasette.handle_exception"
"""Datasette's default plugin for errors, which this one replaces."""
LOGGED_MESSAGE = 300  # characters of a refusal's reason in its log line

logger = logging.getLogger(__name__)


class ResultTooLarge(sqlite3.DataError):
    """A query's rows hold more than `MAX_RESULT_BYTES`: an SQL error, which
    Datasette shows like any other."""


_result_sizes: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()


def counted_row(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
    """Datasette's row (`sqlite3.Row`), once the bytes of the query's rows so
    far are counted and found within `MAX_RESULT_BYTES`."""
    size = _result_sizes.get(cursor, 0) + sum(
        len(value) if isinstance(value, str | bytes) else 8 for value in row)
    if size > MAX_RESULT_BYTES:
        raise ResultTooLarge(f"the result holds more than {MAX_RESULT_BYTES // 1_000_000} MB, the most "
                             "this server returns for one query; ask for fewer rows or columns")
    _result_sizes[cursor] = size
    return sqlite3.Row(cursor, row)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    if hasattr(conn, "setlimit"):  # Python 3.11 and later
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.execute(f"PRAGMA hard_heap_limit = {SQLITE_HEAP_LIMIT}")
    conn.row_factory = counted_row  # after Datasette's own, which is sqlite3.Row


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable:
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    port = config.get("port", DEFAULT_PORT)
    hosts = config.get("hosts", LOOPBACK_NAMES)
    shown = config.get("host", HOST) or HOST
    allowed = {name for host in hosts for name in (host, f"{host}:{port}")}

    def wrap(app: Callable) -> Callable:
        async def host_checked(scope: dict, receive: Callable, send: Callable) -> None:
            if scope["type"] == "http":
                host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
                if host.lower() not in allowed:
                    logger.info("vnfacts serve: refused %s %s: Host %r is not this server (400)",
                                scope["method"], scope["path"], host)
                    await _plain_response(send, 400, f"This server answers for {shown}:{port} only.")
                    return
            await app(scope, receive, send)

        return host_checked

    return wrap


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Datasette's error page or JSON for a failed request, with one log
    line for a refused one (invalid SQL, a write, the time or size limit, a
    page that does not exist) and a plain traceback for anything else, a bug."""
    info: dict[str, Any] = {}
    title = None
    if isinstance(exception, DatasetteError):
        status, info, title = exception.status, dict(exception.error_dict), exception.title
        message: Any = Markup(exception.message) if exception.message_is_html else exception.message
    elif isinstance(exception, Base400):
        status, message = exception.status, exception.args[0]
    elif isinstance(exception, MemoryError):  # SQLite past SQLITE_HEAP_LIMIT
        status, message = 400, "the query needs more memory than this server allows"
    else:
        status, message = 500, str(exception)
    if status == 500:
        logger.error("vnfacts serve: %s %s failed", request.method, request.full_path, exc_info=exception)
    else:
        reason = " ".join(re.sub(r"<[^>]*>", " ", str(message)).split())[:LOGGED_MESSAGE]
        logger.info("vnfacts serve: refused %s %s: %s (%s)", request.method, request.full_path,
                    reason, status)
    info.update({"ok": False, "error": message, "status": status, "title": title})

    async def error_page() -> Response:
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status)
        html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        return Response.html(html, status=status)

    return error_page


async def _plain_response(send: Callable, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
