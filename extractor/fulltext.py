"""The full-text indexes of the database, filled once for a large ingest.

The FTS5 tables (`articles_fts`, `facts_fts`) index the text of their
table (external content) and are kept up to date by triggers, row by row.
Through triggers an article costs the writer about twice what it costs
when the indexes are built once from the finished tables (FTS5's
`rebuild`), so an ingest into an empty database drops the triggers and
fills the indexes at its end (`deferred_fulltext`). Rebuilding reads the
whole table, so an ingest into a database that holds articles keeps the
triggers.

While the indexes wait, a full-text search finds nothing new; `meta` says
so (`FULLTEXT_DEFERRED`, holding the triggers' SQL), in the same
transaction that drops them, so an ingest that is killed before its end
leaves the mark and the next ingest into that database fills the indexes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from extractor import store  # its write lock (store imports this module: used on call only)

if TYPE_CHECKING:
    import sqlite_utils  # imports pandas when installed: never at the start of a search

FULLTEXT_DEFERRED = "fulltext_deferred"
"""The `meta` key present while the full-text indexes wait to be filled."""
INDEXED_TABLES = ("articles", "facts")


@contextmanager
def deferred_fulltext(db: sqlite_utils.Database) -> Iterator[None]:
    """Write in the block without the indexing triggers when the database
    holds no article yet (or an earlier deferred ingest did not finish),
    then fill the indexes once and put the triggers back. When the block
    fails the indexes are filled too if the database allows it, else by
    the next ingest."""
    if not _start_deferring(db):
        yield
        return
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):
            fill_fulltext(db)
        raise
    fill_fulltext(db)


def _start_deferring(db: sqlite_utils.Database) -> bool:
    with store.write_transaction(db):
        if _deferred_triggers(db) is not None:
            return True
        if db.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
            return False
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            f"({', '.join('?' * len(INDEXED_TABLES))}) AND sql LIKE '%\\_fts%' ESCAPE '\\'",
            INDEXED_TABLES).fetchall()
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                   [FULLTEXT_DEFERRED, json.dumps(dict(triggers))])
        for name, _ in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
    return True


def _deferred_triggers(db: sqlite_utils.Database) -> dict[str, str] | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [FULLTEXT_DEFERRED]).fetchone()
    return None if row is None else json.loads(row[0])


def fill_fulltext(db: sqlite_utils.Database) -> None:
    """Build the full-text indexes from their tables and put back the
    triggers that keep them up to date, in one transaction (another ingest
    may have done it meanwhile)."""
    with store.write_transaction(db):
        triggers = _deferred_triggers(db)
        if triggers is None:
            return
        for table in INDEXED_TABLES:
            db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")
        existing = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for name, sql in triggers.items():
            if name not in existing:
                db.execute(sql)
        db.execute("DELETE FROM meta WHERE key = ?", [FULLTEXT_DEFERRED])
