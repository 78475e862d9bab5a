"""The fact database: articles, facts, runs and errors in SQLite.

One writer (`store_articles`) takes a stream of extraction results and
commits them in batches, each batch one transaction, so an ingest that is
killed leaves a consistent database and the next run carries on where it
stopped: articles already stored with the same content hash and extractor
version are skipped before they are extracted again (`ingest`).
The producer of the stream (`extraction_results`) is separate from the
writer: it extracts in worker processes (extractor/workers.py), or the
stream comes from a Dask cluster's shards (extractor/dask_engine.py), and
the database code is the same.

While it writes, the database is in WAL mode with `synchronous=NORMAL`: a
commit needs no sync of the main file, readers (a `vnfacts search`, the
progress of a test) do not block the writer, and a killed process loses
nothing it committed (only a power cut can lose the last commits, never
consistency). At the end it goes back to one self-contained file.

Two ingests into one database take turns: every write transaction takes
the write lock when it starts (`write_transaction`), and a connection
waits up to `BUSY_TIMEOUT` for the other's to end. A database that stops
taking writes (a full disk) ends the run with a `WriteError`, all batches
committed before it kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from functools import cache, partial
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.errors import ErrorRecord, VnfactsError, shown
from extractor.fulltext import deferred_fulltext
from extractor.model import FACT_FIELDS, Article, ExtractedArticle, Fact
from extractor.read import STDIN, input_files, read_articles
from extractor.workers import CHUNK_SIZE, Extract, FailedArticle, extract_in_order, failed_article

if TYPE_CHECKING:
    import sqlite_utils

DatabasePath = str | os.PathLike[str]

BUSY_TIMEOUT = 60.0
"""Seconds a connection waits for another's write transaction to end; a
batch holds the lock for well under a second."""
ROW_ERRORS = (sqlite3.InterfaceError, sqlite3.DataError, sqlite3.IntegrityError, OverflowError,
              UnicodeError, ValueError, TypeError)
"""What SQLite raises on a value it cannot store (as opposed to a database
it cannot write): the fault of one article, whose batch is then written
article by article (`_write_apart`)."""

SCHEMA_VERSION = "3"
"""The layout of the tables; a database of another layout is refused. The
extractor version is kept per article instead, so upgrading vnfacts
re-extracts articles into the same database. What a writer can add in place
(an index, the `figure_counts` table) does not change it: `upgrade` adds it
to a database of this layout made by an earlier vnfacts."""

READ_MAP_SIZE = 1 << 32
"""Bytes of the file a reader maps into memory instead of reading it page
by page: a search that walks thousands of rows costs half as much."""

FTS_TOKENIZER = "unicode61 remove_diacritics 2"
"""Folds case and tone marks, so `khuyen cong` finds `khuyến công`."""

BATCH_SIZE = 200
"""Articles stored per transaction, by default: a commit every second or so
of a two-core machine's extraction."""
FILTER_COLUMNS = ("indicator", "kind", "unit", "value", "province", "province_2025", "programme",
                  "year", "period_start", "period_end")
"""The columns a filter of search, stats, export or the dashboard reads."""
FACT_INDEXES = (
    ("id",),
    ("article", "start"),
    ("value DESC", "article", "start"),
    ("indicator", "value", "article"),
    ("kind", "value", "article"),
    ("kind", "unit", "value", "article"),
    ("province", "article"),
    ("province_2025", "article"),
    ("year", "article"),
    ("period_start", "period_end", "article"),
    ("period_end", "period_start", "article"),
    ("programme", "article"),
)
"""An index for every filter of search, stats, export and the dashboard
(extractor/query.py, extractor/dashboard.py): a value range alone (largest
first, as `--sort value` lists them), of one kind, of one kind and unit (of a
unit alone: a skip-scan of kinds), or of an indicator; a province, a
programme, a year, or a period overlapping the years (the two sides of an
OR, each by its index; the periods from the side of their starts or of
their ends, whichever reads fewer); facts of an article in text order,
which is how a search walks articles when its filter matches many; and the facts by
their id, as the full-text index of sentences finds them. Each ends with the
article, so that counting the facts of a filter in the articles that hold
some words reads the index alone, and each then holds the other
`FILTER_COLUMNS` (`_covering`): a second filter (a year with an
indicator, a province on a walk through the articles) is checked in the
index, never by reading the fact's long row (its sentence)."""
ARTICLE_INDEXES = (("story",), ("published DESC", "id", "fact_count"), ("id", "published"))
"""Stories for the writer; articles newest first, the order of search
results, with what a full-text search counts (`fact_count`) beside each id;
the date of an article by its id (how the facts a search finds are sorted)."""
RETIRED_INDEXES = ("idx_facts_article", "idx_facts_indicator", "idx_facts_kind", "idx_facts_province",
                   "idx_facts_province_2025", "idx_facts_year", "idx_facts_period_start_period_end",
                   "idx_facts_programme")
"""Indexes of earlier databases that a wider one above serves (its first
columns); so do the indexes of `FACT_INDEXES` without the other filters
(`_retired`)."""


FIGURE_PRECISION = "length(ltrim(rtrim(replace(printf('%.15g', abs(value)), '.', ''), '0'), '0'))"
"""The significant digits of a value: 3 for 19,8 tỷ, 1 for 20 tỷ."""
FIGURE_VALUE = ("kind", "unit", "per", "indicator", "value", "value_max")
"""What copies of a figure share (and whether it is a part: a part and a figure of its value are
not copies)."""
_VALUE = ", ".join(FIGURE_VALUE)
_FACT_VALUE = ", ".join(f"f.{name}" for name in FIGURE_VALUE)
FIGURE_COUNTS_SQL = f"""
    WITH mentions AS (
        SELECT id, count(*) OVER figure AS mentions,
               row_number() OVER (figure ORDER BY {FIGURE_PRECISION} DESC, qualifier != 'exact',
                                  start) AS choice
        FROM facts WINDOW figure AS (PARTITION BY article, coalesce(figure, -id))),
    chosen AS (
        SELECT f.id, f.article, a.story, m.mentions, {_FACT_VALUE}, f.part_of IS NULL AS whole,
               row_number() OVER (PARTITION BY f.article, {_FACT_VALUE}, f.part_of IS NULL
                                  ORDER BY f.start) AS nth
        FROM mentions m JOIN facts f ON f.id = m.id JOIN articles a ON a.id = f.article
        WHERE m.choice = 1),
    copies AS (
        SELECT id, story, mentions, whole,
               row_number() OVER (PARTITION BY story, {_VALUE}, whole, nth ORDER BY article) AS copy
        FROM chosen)
    SELECT c.id, c.story, c.mentions, c.copy = 1 AND c.whole
    FROM copies c"""
"""The rows of `figure_counts`, one per figure of an article: its most precise mention (the body's
19,8 tỷ rather than the title's gần 20 tỷ), the article's story, how many
mentions it has, whether it is `counted` and whether it is `addable` (no
rate, no percentage): what `stats` and the saved queries of Datasette add up.

`counted` is each figure once per story, never a part with its total: the
n-th figure of one value (kind, unit, rate, indicator, value) in an article
is a copy of the n-th figure of that value in another article of its story,
and only the first article's counts. Two figures of one value in one article
(of two periods, say) both count, and copies that read their context apart
(`tháng 11.2010`, `11/2010`) are still copies. A mention with no figure
number is a figure of its own. The windows run over narrow rows: sorting
whole rows, sentences included, costs twice as much."""


FIGURES_VIEW = """
    CREATE VIEW figures AS
    SELECT f.*, c.story, c.mentions, c.counted, f.per IS NULL AND f.kind != 'percent' AS addable
    FROM figure_counts c JOIN facts f ON f.id = c.fact"""
"""The figures of `FIGURE_COUNTS_SQL` with their facts' columns, read from the `figure_counts` table that
the writer fills from it (`refresh_figures`): the windows run once per
ingest, over every fact, and a query on figures is a query on facts with
their indexes."""
FIGURE_COUNTS_COLUMNS: dict[str, type] = {
    "fact": int, "story": int, "mentions": int, "counted": int}
SUMMARY_KEYS = ("indicator", "kind", "unit", "per")
"""What an amount is added up within (the totals of `vnfacts stats` and of the dashboard)."""
FIGURE_TOTALS_COLUMNS: dict[str, type] = {
    **dict.fromkeys(SUMMARY_KEYS, str), "province": str, "year": int, "period_start": int, "period_end": int,
    "figures": int, "total": float, "smallest": float, "largest": float}
_TOTALS_KEYS = ", ".join(name for name in FIGURE_TOTALS_COLUMNS if name in FACT_FIELDS)
FIGURE_TOTALS_SQL = f"""
    SELECT {_TOTALS_KEYS}, count(*), sum(value), min(value), max(value)
    FROM figures WHERE counted GROUP BY {_TOTALS_KEYS}"""
"""The rows of `figure_totals`: the counted figures (`figures`) summed per
value, province, year and period, which is all the dashboard's charts over
every figure read: a few thousand rows where the figures are hundreds of
thousands (the charts would pass Datasette's time limit)."""
FIGURE_ARTICLES_COLUMNS: dict[str, type] = {**dict.fromkeys(SUMMARY_KEYS, str), "articles": int}
FIGURE_ARTICLES_SQL = f"""
    SELECT {", ".join(SUMMARY_KEYS)}, count(DISTINCT article) FILTER (WHERE part_of IS NULL)
    FROM figures GROUP BY {", ".join(SUMMARY_KEYS)}"""
"""The rows of `figure_articles`: how many articles print figures of each
kind of amount, which no sum of `figure_totals` can tell."""
PERIOD_YEARS_COLUMNS: dict[str, type] = {"year": int, "starting": int, "ending": int}
PERIOD_YEARS_SQL = """
    SELECT year, sum(starting), sum(ending) FROM (
        SELECT period_start AS year, 1 AS starting, 0 AS ending FROM facts WHERE period_start IS NOT NULL
        UNION ALL SELECT period_end, 0, 1 FROM facts WHERE period_end IS NOT NULL)
    GROUP BY year"""
"""The rows of `period_years`: how many periods start and how many end in
each year, from which a year filter tells in microseconds which index of
the periods reads fewer entries (extractor/query.py)."""
SUMMARIES = {"figure_counts": (FIGURE_COUNTS_COLUMNS, FIGURE_COUNTS_SQL),
             "figure_totals": (FIGURE_TOTALS_COLUMNS, FIGURE_TOTALS_SQL),
             "figure_articles": (FIGURE_ARTICLES_COLUMNS, FIGURE_ARTICLES_SQL),
             "period_years": (PERIOD_YEARS_COLUMNS, PERIOD_YEARS_SQL)}
"""The tables the writer fills from the facts once per ingest (`refresh_figures`), in order."""
FIGURES_STALE = "figures_stale"
"""The `meta` key set with every batch that changes facts and cleared by
`refresh_figures`: an ingest killed before it refreshed leaves it set, and
the next one refreshes though it stores nothing."""


FACTS_VIEW_NAME = "facts_with_articles"
FACTS_VIEW = f"""
    CREATE VIEW {FACTS_VIEW_NAME} AS
    SELECT f.id, f.value, f.value_max, f.unit, f.per, f.kind, f.qualifier, f.indicator, f.subject,
           f.text, f.year, f.period, f.period_start, f.period_end, f.province, f.province_2025,
           f.programme, f.organization, f.sentence, a.title AS article_title, a.url AS article_url,
           a.published AS article_published, f.article, a.story AS article_story, f.figure, f.part_of
    FROM facts f JOIN articles a ON a.id = f.article"""
"""Every mention with what a person needs beside it (the article's title,
address and date) and without the extractor's internals (offsets, the rule
that matched): the table to read in Datasette and to download as CSV."""


class StoreError(VnfactsError):
    """A database that cannot be used: missing, not SQLite, or of another version."""


class WriteError(StoreError):
    """The database stopped taking writes in the middle of a run (a full
    disk, a failing one, another program holding it too long): a run that
    had an error, not bad usage."""

    exit_status = 1


@dataclass
class ArticleRow:
    """The `articles` row of an extracted article: its fields are the table's
    columns (`article_row` makes it; only the writer can tell its `story`)."""

    id: str
    source: str
    url: str | None
    title: str | None
    published: str | None
    text: str
    meta: str | None
    content_hash: str
    extractor_version: str
    ingested_at: str
    fact_count: int
    story: int | None
    signature: bytes


@dataclass
class IngestReport:
    """What one ingest run did: the counts of its row of the `runs` table."""

    run_id: int
    articles_read: int = 0
    articles_stored: int = 0
    articles_skipped: int = 0
    facts: int = 0
    errors: int = 0


@dataclass
class UnchangedArticle:
    """An article already stored with the same content hash and extractor
    version: the producer says so instead of extracting it again."""

    id: str


@dataclass
class ArticleRows:
    """An article made into its table rows (`article_row`, `fact_rows`) where
    it was extracted: in a worker process, or read back from a Dask shard."""

    article: dict[str, Any]
    facts: list[dict[str, Any]]

    @classmethod
    def of(cls, extracted: ExtractedArticle) -> ArticleRows:
        return cls(article_row(extracted), fact_rows(extracted))


ExtractionResult = ExtractedArticle | ArticleRows | UnchangedArticle | FailedArticle | ErrorRecord
ErrorHook = Callable[[ErrorRecord], None]
ProgressHook = Callable[[IngestReport], None]


@dataclass(frozen=True)
class IngestOptions:
    """What an ingest is told whichever engine extracts (local processes or a
    Dask cluster): one record, passed down to the writer, instead of the same
    keywords at every layer (trafilatura's settings object, for ingests).

    `batch_size` articles are stored per transaction; `follow_symlinks`
    (see `read_articles`); `on_error` gets each error as it is recorded,
    `progress` the run's counts after every batch."""

    batch_size: int = BATCH_SIZE
    follow_symlinks: bool = False
    on_error: ErrorHook | None = None
    progress: ProgressHook | None = None


@cache
def current_version() -> str:
    """The extractor version (the installed package's), written on every article and run."""
    return metadata.version("vnfacts")


def record_columns(record: type) -> dict[str, type]:
    """A table's columns from the dataclass of its rows: every field, with the
    SQLite type of its values (float, int, bytes, else text)."""
    hints = typing.get_type_hints(record)
    columns: dict[str, type] = {}
    for field in fields(record):
        kinds = typing.get_args(hints[field.name]) or (hints[field.name],)
        columns[field.name] = next((t for t in (float, int, bytes) if t in kinds), str)
    return columns


def fact_columns() -> dict[str, type]:
    """The `facts` columns: a row id, then every field of `Fact` with its type."""
    return {"id": int, **record_columns(Fact)}


def arrow_schema(columns: dict[str, type], metadata: dict[bytes, bytes] | None = None):  # type: ignore[no-untyped-def]
    """The Arrow schema of table columns (`record_columns`), for Parquet
    files of rows: shards and exports. (pyarrow is imported here, on use.)"""
    import pyarrow as pa

    types = {str: pa.string(), int: pa.int64(), float: pa.float64(), bytes: pa.binary()}
    return pa.schema([(name, types[kind]) for name, kind in columns.items()], metadata=metadata)


ARTICLE_COLUMNS = record_columns(ArticleRow)
RUN_COLUMNS: dict[str, type] = {"id": int, "started": str, "ended": str, "inputs": str,
                                **record_columns(IngestReport), "version": str}
del RUN_COLUMNS["run_id"]  # the row's own id
ERROR_COLUMNS: dict[str, type] = {"id": int, "run": int, "input": str, "location": str, "message": str}
"""An `ErrorRecord` as stored: its place as text (`line 3`, `offset 120`)."""


def open_store(path: DatabasePath, *, create: bool = False) -> sqlite_utils.Database:
    """Open a vnfacts database, checking that it is one of this version.

    With `create` a missing or empty file gets the schema, and a database
    of this layout made by an earlier vnfacts gets the indexes it lacks;
    without it the database is opened read-only (`open_reader`), so a query
    can never change or create it.
    """
    import sqlite_utils

    if not create:
        return sqlite_utils.Database(open_reader(path))
    path = Path(path)
    with _opening(path):
        db = sqlite_utils.Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT))
        if not _table_names(db.conn):
            create_schema(db)
    _check_layout(db.conn, path)
    with _opening(path):
        upgrade(db)
    return db


def open_reader(path: DatabasePath) -> sqlite3.Connection:
    """The database opened read-only as a plain connection, checked as
    `open_store` checks it: what queries use. (sqlite-utils imports pandas
    when it is installed, which would be most of a search's time.)"""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database (`vnfacts ingest` creates one)")
    with _opening(path):
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
        connection.execute(f"PRAGMA mmap_size = {READ_MAP_SIZE}")
    _check_layout(connection, path)
    return connection


@contextmanager
def _opening(path: Path) -> Iterator[None]:
    """SQLite's errors on opening a file, as a `StoreError` naming it."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise StoreError(f"{path}: cannot open the database ({error})") from None
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a SQLite database ({error})") from None


def _table_names(connection: sqlite3.Connection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _check_layout(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse (closing it) a database that is not a vnfacts one of this schema version."""
    with _opening(path):
        tables = _table_names(connection)
    if "meta" not in tables:
        connection.close()
        raise StoreError(f"{path}: not a vnfacts database (it has no meta table)")
    version = schema_version(connection)
    if version != SCHEMA_VERSION:
        connection.close()
        raise StoreError(
            f"{path}: database has schema version {version}, this vnfacts "
            f"({current_version()}) reads schema version {SCHEMA_VERSION}; ingest into a new database"
        )


def schema_version(db: sqlite_utils.Database | sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None


def create_schema(db: sqlite_utils.Database) -> set[str]:
    """Tables, full-text indexes and filter indexes, in one transaction, unless
    another process made them first (two ingests starting together on a new
    database); returns the tables there are."""
    with write_transaction(db):
        if tables := set(db.table_names()):
            return tables
        db.table("meta").create({"key": str, "value": str}, pk="key")
        db.table("meta").insert_all([{"key": "schema_version", "value": SCHEMA_VERSION},
                                     {"key": "created_by", "value": f"vnfacts {current_version()}"}])
        db.table("articles").create(ARTICLE_COLUMNS, pk="id")
        db.table("facts").create(
            fact_columns(), pk="id", foreign_keys=[("article", "articles", "id")]
        )
        db.table("runs").create(RUN_COLUMNS, pk="id")
        db.table("errors").create(ERROR_COLUMNS, pk="id", foreign_keys=[("run", "runs", "id")])
        db.table("articles").enable_fts(
            ["title", "text"], create_triggers=True, tokenize=FTS_TOKENIZER
        )
        db.table("facts").enable_fts(
            ["sentence", "subject"], create_triggers=True, tokenize=FTS_TOKENIZER
        )
        _create_summaries(db)
        db.execute(FIGURES_VIEW)
        db.execute(FACTS_VIEW)
        db.table("errors").create_index(["run"])
        _add_indexes(db)
    return set(db.table_names())


def upgrade(db: sqlite_utils.Database) -> None:
    """Bring a database of this layout made by an earlier vnfacts up to date
    in place: the indexes of `FACT_INDEXES` and `ARTICLE_INDEXES` (wider
    ones replacing `RETIRED_INDEXES`), and the tables of `SUMMARIES` with
    the `figures` view over `figure_counts`. Nothing is written when nothing is missing."""
    if up_to_date(db.conn):
        return
    present = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    with write_transaction(db):
        for name in _retired():
            db.execute(f"DROP INDEX IF EXISTS {name}")
        _add_indexes(db)
        if not set(SUMMARIES) <= present:
            _create_summaries(db)
            db.execute("DROP VIEW IF EXISTS figures")
            db.execute(FIGURES_VIEW)
            _mark_figures_stale(db)
        analyze(db)
    refresh_figures(db)


def up_to_date(connection: sqlite3.Connection) -> bool:
    """Whether a database has every index and table of `upgrade` (and none it retires)."""
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    wanted = {name for _, name, _ in _indexes()}
    return wanted <= present and set(SUMMARIES) <= present and not set(_retired()) & present


def _indexes() -> list[tuple[str, str, tuple[str, ...]]]:
    """Each index as its table, its name and its columns: those of the facts
    named by their keys, with `_filters`, and covering every filter."""
    return [*(("facts", _index_name("facts", keys) + "_filters", _covering(keys)) for keys in FACT_INDEXES),
            *(("articles", _index_name("articles", keys), keys) for keys in ARTICLE_INDEXES)]


def _retired() -> tuple[str, ...]:
    return (*RETIRED_INDEXES, *(_index_name("facts", keys) for keys in FACT_INDEXES))


def _covering(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys, then every filter column and the fact's place in its
    article (what results are sorted by) that they do not name."""
    named = {key.split()[0] for key in keys}
    return (*keys, *(column for column in (*FILTER_COLUMNS, "start") if column not in named))


def _index_name(table: str, columns: tuple[str, ...]) -> str:
    return "_".join(["idx", table, *(column.split()[0] for column in columns)])


def _add_indexes(db: sqlite_utils.Database) -> None:
    for table, name, columns in _indexes():
        quoted = ", ".join(f'"{column.split()[0]}"{column[len(column.split()[0]):]}' for column in columns)
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({quoted})")


def _create_summaries(db: sqlite_utils.Database) -> None:
    for name, (columns, _) in SUMMARIES.items():
        if not db.table(name).exists():
            db.table(name).create(columns, pk="fact" if name == "figure_counts" else None)


def _mark_figures_stale(db: sqlite_utils.Database) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [FIGURES_STALE])


def refresh_figures(db: sqlite_utils.Database) -> None:
    """Fill `figure_counts` and the dashboard's sums again from the facts (`SUMMARIES`), when a batch
    has changed them since it was last filled, and refresh the planner's
    statistics (an approximate ANALYZE: a few milliseconds). One
    transaction: readers see the old counts until it commits."""
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM meta WHERE key = ?", [FIGURES_STALE]).fetchone():
            return
        for name, (columns, sql) in SUMMARIES.items():
            db.execute(f"DELETE FROM {name}")
            db.execute(f"INSERT INTO {name} ({', '.join(columns)}) {sql}")
        db.execute("DELETE FROM meta WHERE key = ?", [FIGURES_STALE])
        analyze(db)


def analyze(db: sqlite_utils.Database) -> None:
    """The planner's statistics (which filter's index narrows most), from a
    sample of each index: milliseconds, where a whole ANALYZE reads them all."""
    db.execute("PRAGMA analysis_limit = 1000")
    db.execute("ANALYZE")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """A transaction that takes the write lock as it begins (`BEGIN
    IMMEDIATE`). A transaction that reads first and writes later cannot wait
    for another writer (each would wait for the other), so SQLite fails it
    with `database is locked`; this one waits its turn."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise


def article_hash(article: Article) -> str:
    """A fingerprint of everything extraction reads from an article.

    Computed on the raw article, so an unchanged article is recognised
    before the expensive extraction; `source` is left out because the same
    article moved to another file or line is still the same article.
    """
    content = {name: value for name, value in vars(article).items() if name != "source"}
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def stored_hash(db: sqlite_utils.Database, article_id: str) -> str | None:
    """The content hash of a stored article, or None when it is not stored or
    was extracted by another extractor version (and so must be redone)."""
    row = db.execute(
        "SELECT content_hash FROM articles WHERE id = ? AND extractor_version = ?",
        [article_id, current_version()],
    ).fetchone()
    return row[0] if row else None


def extraction_results(
    paths: Iterable[str],
    db: sqlite_utils.Database,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    follow_symlinks: bool = False,
    extract: Extract | None = None,
) -> Iterator[ExtractionResult]:
    """Read the inputs and extract each new or changed article, on `workers`
    processes (1: in this one; see `extract_in_order`; `follow_symlinks`:
    see `read_articles`), with `extract` (default: the pipeline's
    `extract_article`; another must be picklable to reach the workers).

    Unchanged articles come out as `UnchangedArticle`, articles whose
    extraction fails as `FailedArticle`, and reading errors as `ErrorRecord`,
    all in input order, for the writer to count and record.
    """
    rows_of = extract_rows if extract is None else partial(extract_rows, extract=extract)
    return extract_in_order(articles_to_extract(paths, db, follow_symlinks), rows_of,
                            workers=workers, chunk_size=chunk_size, prepare=check_rules)


def check_rules() -> None:
    """Load and check every rule file: a broken one stops the run before any
    article is extracted. (Run where the articles are extracted, since it
    imports the engine, whose modules register the rule loaders.)"""
    from extractor.pipeline import load_rules

    load_rules()


def extract_rows(article: Article, extract: Extract | None = None) -> ArticleRows:
    """Extract an article straight into its table rows: done in the worker,
    it leaves the single writer nothing to do but insert. (The engine is
    imported here, not with this module, so that queries start quickly.)"""
    if extract is None:
        from extractor.pipeline import extract_article as extract
    return ArticleRows.of(extract(article))


def articles_to_extract(
    paths: Iterable[str], db: sqlite_utils.Database, follow_symlinks: bool = False
) -> Iterator[Article | UnchangedArticle | FailedArticle | ErrorRecord]:
    """The articles of the inputs, with those stored unchanged already
    replaced by `UnchangedArticle` (checked here, before any work is sent
    out) and reading errors in their place. An article that cannot even be
    fingerprinted is a `FailedArticle`, like one whose extraction fails."""
    pending: list[ErrorRecord] = []
    for article in read_articles(paths, on_error=pending.append, follow_symlinks=follow_symlinks):
        yield from pending
        pending.clear()
        stored = stored_hash(db, article.id)
        if stored is None:  # new: hashed once, with its row in the worker
            yield article
            continue
        try:
            fingerprint = article_hash(article)
        except Exception as error:  # whatever a record holds, it costs that record only
            yield failed_article(article, f"cannot be fingerprinted ({type(error).__name__}: {error})")
            continue
        yield UnchangedArticle(article.id) if stored == fingerprint else article
    yield from pending


def start_run(db: sqlite_utils.Database, inputs: Iterable[str]) -> int:
    """Record that a run has begun; its row is completed by `finish_run`
    (a run left without `ended` was interrupted)."""
    runs = db.table("runs")
    runs.insert(
        {
            "started": _now(),
            "inputs": json.dumps([shown(name) for name in inputs], ensure_ascii=False),
            "version": current_version(),
        }
    )
    return typing.cast(int, runs.last_pk)


def finish_run(db: sqlite_utils.Database, report: IngestReport) -> None:
    db.table("runs").update(report.run_id, {**_run_counts(report), "ended": _now()})


def store_articles(
    db: sqlite_utils.Database,
    items: Iterable[ExtractionResult],
    *,
    run_id: int,
    options: IngestOptions | None = None,
) -> IngestReport:
    """The single writer: store each result, one transaction per batch (of
    `options.batch_size`).

    A stored article replaces its earlier facts and gets its story (the
    story of a stored near-duplicate, extractor/stories.py); an error is recorded in
    `errors` (and passed to `options.on_error`); the run's counts are saved with
    every batch, so they match the data even if the run is killed.
    """
    from extractor.stories import StoryIndex  # with datasketch: not needed by queries

    options = options or IngestOptions()
    on_error = options.on_error
    report = IngestReport(run_id=run_id)
    stories: StoryIndex | None = None
    read_at = None  # the database's data_version when `stories` was read from it
    iterator = iter(items)
    while batch := list(islice(iterator, options.batch_size)):
        stored: list[ArticleRows] = []
        errors: list[ErrorRecord] = []
        for item in batch:
            _count_result(item, report, stored, errors, on_error)
        try:
            with write_transaction(db):
                # Stories are given with the write lock held, from an index
                # read again whenever another ingest has written meanwhile:
                # two writers would otherwise give one new story number to
                # two unrelated articles.
                version = db.execute("PRAGMA data_version").fetchone()[0]
                if stored and (stories is None or version != read_at):
                    stories = StoryIndex(db.execute("SELECT id, story, signature FROM articles"))
                    read_at = version
                for rows in stored:
                    rows.article["story"] = stories.story_of(rows.article["id"],
                                                             rows.article["signature"])
                _write_batch(db, stored, _error_rows(run_id, errors))
                db.table("runs").update(run_id, _run_counts(report))
        except ROW_ERRORS:
            _write_apart(db, stored, errors, report, on_error)
        if options.progress:
            options.progress(report)
    refresh_figures(db)
    return report


def _write_apart(db: sqlite_utils.Database, stored: list[ArticleRows], errors: list[ErrorRecord],
                 report: IngestReport, on_error: ErrorHook | None) -> None:
    """A batch that SQLite refused, written again article by article: an
    article it cannot store becomes one more error, the others are stored."""
    with write_transaction(db):
        for rows in stored:
            try:
                with db.atomic():  # a savepoint: a refused article leaves nothing behind
                    _write_batch(db, [rows], [])
            except ROW_ERRORS as error:
                article = rows.article["id"]
                reason = f"{type(error).__name__}: {error}"
                refused = ErrorRecord(rows.article["source"] or article,
                                      f"article {article}: cannot be stored ({reason})")
                report.articles_stored -= 1
                report.facts -= len(rows.facts)
                report.errors += 1
                errors.append(refused)
                if on_error:
                    on_error(refused)
        _write_batch(db, [], _error_rows(report.run_id, errors))
        db.table("runs").update(report.run_id, _run_counts(report))


def _error_rows(run_id: int, errors: list[ErrorRecord]) -> list[dict[str, Any]]:
    return [{"run": run_id, "input": error.input, "location": error.location, "message": error.message}
            for error in errors]


def ingest(
    paths: Iterable[str] | str,
    db: DatabasePath,
    options: IngestOptions | None = None,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    extract: Extract | None = None,
) -> IngestReport:
    """Read, extract and store the articles of `paths` into the database `db`
    (created if missing), skipping articles stored unchanged (`options`: see
    `IngestOptions`; `extract`: see `extraction_results`).

    `workers` processes extract (1, the default: this process); the
    database content is the same for any number. A run that is killed
    leaves every committed batch; the same call again skips those articles
    and finishes the job.
    """
    inputs = input_names(paths)
    options = options or IngestOptions()
    with writer(db) as database:
        results = extraction_results(inputs, database, workers=workers, chunk_size=chunk_size,
                                     follow_symlinks=options.follow_symlinks, extract=extract)
        return write_run(database, inputs, results, options)


def input_names(paths: Iterable[str] | str) -> list[str]:
    return [paths] if isinstance(paths, str) else [str(p) for p in paths]


@contextmanager
def writer(db: DatabasePath) -> Iterator[sqlite_utils.Database]:
    """The database opened (or created) for the single writer, in WAL mode
    while it writes (see the module's docstring) and a single file again
    after, unless a reader still holds it."""
    database = open_store(db, create=True)
    try:
        with suppress(sqlite3.OperationalError):  # another ingest is writing: its journal mode will do
            database.execute("PRAGMA journal_mode = WAL")
        database.execute("PRAGMA synchronous = NORMAL")
        yield database
        with suppress(sqlite3.OperationalError):  # a reader has it open: WAL mode is as good
            database.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as error:
        raise WriteError(
            f"{db}: the database stopped taking writes ({error}); every batch committed before it is "
            "kept, and the same command carries on from there once that is solved") from None
    finally:
        database.close()


def write_run(
    database: sqlite_utils.Database,
    inputs: list[str],
    results: Iterable[ExtractionResult],
    options: IngestOptions | None = None,
) -> IngestReport:
    """One recorded run: its `runs` row, the results stored (the full-text
    indexes filled at the end when the database was empty: extractor/fulltext.py),
    the row completed."""
    with deferred_fulltext(database):
        report = store_articles(database, results, run_id=start_run(database, inputs), options=options)
    finish_run(database, report)
    return report


def expected_articles(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to tell (a
    progress bar's total): the articles of files of a countable kind (see
    `InputKind.countable`). None when stdin, a folder (listed only as it is
    read) or a file of a kind that is not countable would have to be read
    through to tell."""
    if any(name == STDIN or Path(name).is_dir() for name in paths):
        return None
    total = 0
    for file in input_files(paths, lambda error: None):
        if file.kind is not None and not file.kind.countable:
            return None
        if file.kind is not None and file.path.is_file():
            total += file.kind.count(file.path)
    return total


def _count_result(
    item: ExtractionResult,
    report: IngestReport,
    stored: list[ArticleRows],
    errors: list[ErrorRecord],
    on_error: ErrorHook | None,
) -> None:
    """Count one result and set aside what it writes."""
    if not isinstance(item, ErrorRecord):
        report.articles_read += 1
    if isinstance(item, (ExtractedArticle, ArticleRows)):
        rows = item if isinstance(item, ArticleRows) else ArticleRows.of(item)
        stored.append(rows)
        report.articles_stored += 1
        report.facts += len(rows.facts)
    elif isinstance(item, UnchangedArticle):
        report.articles_skipped += 1
    else:
        error = item.error if isinstance(item, FailedArticle) else item
        report.errors += 1
        errors.append(error)
        if on_error:
            on_error(error)


_INSERT_FACT = (f"INSERT INTO facts ({', '.join(FACT_FIELDS)}) "
                f"VALUES ({', '.join(':' + name for name in FACT_FIELDS)})")
DELETE_CHUNK = 500  # article ids per DELETE, under SQLite's limit on parameters


def _write_batch(db: sqlite_utils.Database, stored: list[ArticleRows],
                 errors: list[dict[str, Any]]) -> None:
    """Replace the batch's articles and their facts, and record its errors,
    with a few multi-row statements: statement by statement, the writer
    would cost a worker's worth of CPU on a two-core machine."""
    ids = [rows.article["id"] for rows in stored]
    for start in range(0, len(ids), DELETE_CHUNK):
        chunk = ids[start:start + DELETE_CHUNK]
        db.execute(f"DELETE FROM facts WHERE article IN ({', '.join('?' * len(chunk))})", chunk)
    if stored:
        db.table("articles").upsert_all([rows.article for rows in stored], pk="id")
        # facts by executemany: sqlite-utils' per-value conversions would cost
        # the writer more than SQLite itself (rows are plain values already)
        db.conn.executemany(_INSERT_FACT, (row for rows in stored for row in rows.facts))
    if errors:
        db.table("errors").insert_all(errors)
    if ids:
        _mark_figures_stale(db)


def article_row(extracted: ExtractedArticle) -> dict[str, Any]:
    """The `articles` row of an extracted article (see `ArticleRow`)."""
    from extractor.stories import text_signature

    article = extracted.article
    return asdict(ArticleRow(
        id=article.id,
        source=article.source,
        url=article.url,
        title=article.title,
        published=extracted.published or article.published,
        text=extracted.text,
        meta=json.dumps(article.meta, ensure_ascii=False, default=str) if article.meta else None,
        content_hash=article_hash(article),
        extractor_version=current_version(),
        ingested_at=_now(),
        fact_count=len(extracted.facts),
        story=None,
        signature=text_signature(extracted.text),
    ))


def fact_rows(extracted: ExtractedArticle) -> list[dict[str, Any]]:
    """The `facts` rows of an extracted article, without their row ids."""
    return [  # getattr, not Fact.to_dict: asdict's deep copy is slow
        {**{name: getattr(fact, name) for name in FACT_FIELDS}, "article": extracted.article.id}
        for fact in extracted.facts
    ]


def _run_counts(report: IngestReport) -> dict[str, Any]:
    counts = asdict(report)
    del counts["run_id"]
    return counts


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
