"""Ingest on a Dask cluster: workers extract partitions of the inputs into
Parquet shards, and the single writer loads the shards into the database.

A partition is a stretch of the inputs: a range of lines of a JSON Lines
file (so one big file is split too), or a group of whole files (text,
pages; a web archive alone). Each partition has its own pair of shards in
the shards folder, `articles-KEY.parquet` and `facts-KEY.parquet`, holding
the rows of the `articles` and `facts` tables (without fact row ids) of
every article of the partition; the key names the partition (paths and
line range). Partitions stay put when the inputs grow: line ranges are
fixed (a JSON Lines file that grows keeps its ranges and gains new ones),
and a group of files ends after a file chosen by its name, not by its
place, so a file added to a folder changes one group only. When a run
completes, the shards of partitions of its inputs that it replaced are
removed, so the folder holds each article of those inputs once.

The shards are the cluster's memory between runs. A worker reuses the rows
of an article that its partition's shard holds with the same content hash
and extractor version, and extracts only the others; a partition of nothing
new costs a read of its inputs. The writer then skips, as a local ingest
does, the articles the database holds unchanged. So a run that was killed,
of the workers or of this process, finishes when run again, and a re-run of
an unchanged archive extracts nothing. The shards are kept: DuckDB or
pandas read them at scale (`read_parquet('DB.shards/facts-*.parquet')`).
A shard pair is written to temporary files and renamed, and both files
carry one write token, so a pair torn by a kill is never trusted.

The workers read the inputs and write the shards themselves, so on a real
cluster both must be on a file system that every worker and this process
see at the same paths; relative input paths are made absolute here, in
the driver, before any is sent out. Dask is imported only here, and only
when this engine runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils

from extractor.errors import ErrorRecord, VnfactsError
from extractor.model import FACT_FIELDS, Article
from extractor.pipeline import load_rules
from extractor.read import STDIN, InputKind, count_lines, input_files, read_articles, source_line
from extractor.store import (
    ARTICLE_COLUMNS,
    ArticleRows,
    DatabasePath,
    ExtractionResult,
    IngestOptions,
    IngestReport,
    UnchangedArticle,
    arrow_schema,
    article_hash,
    current_version,
    extract_rows,
    fact_columns,
    input_names,
    stored_hash,
    write_run,
    writer,
)
from extractor.workers import FailedArticle, extract_safely

PARTITION_LINES = 1000
"""JSON Lines per partition: about a quarter of a minute of one worker's
time on news articles, so a cluster stays busy and a lost task costs little."""
FILES_PER_PARTITION = 200
"""Whole files (one article each) per partition, so a folder of pages does
not become one tiny task, and one tiny shard pair, per page."""
SCHEDULER_TIMEOUT = "10s"
"""How long to try to reach a scheduler before giving up."""
TOKEN_KEY = b"vnfacts_shard"
INPUTS_KEY = b"vnfacts_inputs"
CLUSTER_LOG_SETTING = "DASK_LOGGING__DISTRIBUTED"
FACT_SHARD_COLUMNS = {name: kind for name, kind in fact_columns().items() if name in FACT_FIELDS}
"""The `facts` columns but the row id, which only the database gives."""
ARTICLE_SHARD_COLUMNS = {name: kind for name, kind in ARTICLE_COLUMNS.items() if name != "story"}
"""The `articles` columns but the story, which only the single writer gives."""


class DaskEngineError(VnfactsError):
    """The Dask engine cannot run: dask missing, scheduler unreachable, stdin as input."""


@dataclass(frozen=True)
class Piece:
    """A file of the inputs, or lines `first` to `last` (inclusive) of a
    JSON Lines file; the file's last range is read `to_end`, past `last` if
    the file has grown since it was counted."""

    path: str
    first: int | None = None
    last: int | None = None
    to_end: bool = False


@dataclass(frozen=True)
class Partition:
    """The inputs of one task, and of one shard pair."""

    pieces: tuple[Piece, ...]

    @property
    def key(self) -> str:
        spelled = "\n".join(f"{p.path}\0{p.first}\0{p.last}" for p in self.pieces)
        return hashlib.sha1(spelled.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    def __str__(self) -> str:
        first = self.pieces[0]
        lines = f" lines {first.first}-{'end' if first.to_end else first.last}" if first.first else ""
        more = f" and {len(self.pieces) - 1} more files" if len(self.pieces) > 1 else ""
        return f"{first.path}{lines}{more}"


@dataclass
class PartitionReport:
    """What a worker did with a partition: the shard pair it left, the
    reading errors and failed articles, and how many articles it extracted
    and reused from the shards of an earlier run."""

    articles_shard: str
    facts_shard: str
    errors: list[ErrorRecord] = field(default_factory=list)
    failed: list[FailedArticle] = field(default_factory=list)
    extracted: int = 0
    reused: int = 0


def ingest_on_dask(
    paths: Iterable[str] | str,
    db: DatabasePath,
    options: IngestOptions | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    shards: DatabasePath | None = None,
    partition_lines: int = PARTITION_LINES,
    files_per_partition: int = FILES_PER_PARTITION,
) -> IngestReport:
    """Extract the articles of `paths` on a Dask cluster into shards, and
    store them in the database `db` (created if missing) with the writer of
    a local ingest: the same tables, the same skipping of unchanged articles
    (`options`: see `IngestOptions`).

    `scheduler` is the address of a running scheduler; without it, a local
    cluster of `workers` processes (default: one per CPU) runs for the
    call. `shards` is the shards folder (default: `DB.shards` beside the
    database). Partitions are loaded in input order as they finish, while
    the cluster works on the next ones.
    """
    distributed = _import_distributed()
    inputs = input_names(paths)
    options = options or IngestOptions()
    if STDIN in inputs:
        raise DaskEngineError("the dask engine reads files, not stdin (-): save the input to a file")
    load_rules()  # a broken rule file stops the run here, not on every worker
    skipped: list[ErrorRecord] = []  # what folders hold that is not read (see `folder_files`)
    # absolute, for workers whose working folder is not this process's
    partitions = plan_partitions([os.path.abspath(name) for name in inputs], partition_lines,
                                 files_per_partition, skipped.append, options.follow_symlinks)
    shard_folder = Path(shards if shards is not None else f"{db}.shards").resolve()
    with _client(distributed, scheduler, workers) as client, writer(db) as database:
        try:
            shard_folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DaskEngineError(f"{shard_folder}: cannot make the shards folder ({error.strerror})") \
                from None
        futures = client.map(extract_partition, partitions, shards=str(shard_folder), pure=False)
        results = chain(skipped, _loaded(zip(partitions, futures, strict=True), database))
        report = write_run(database, inputs, results, options)
    remove_replaced_shards(shard_folder, partitions)
    return report


def _import_distributed():  # type: ignore[no-untyped-def]
    try:
        import distributed
    except ImportError:
        raise DaskEngineError(
            "the dask engine needs dask and distributed: install vnfacts[dask] "
            "(pip install 'vnfacts[dask]')"
        ) from None
    return distributed


@contextmanager
def _client(distributed, scheduler: str | None, workers: int | None):  # type: ignore[no-untyped-def]
    """A client of the scheduler at `scheduler`, or of a local cluster of
    one-thread worker processes (extraction holds the GIL)."""
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
        with client:
            yield client
        return
    with _quiet_cluster_logs(), \
            distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                     processes=True, host="127.0.0.1", dashboard_address=":0",
                                     scheduler_kwargs={"dashboard": False},
                                     silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@contextmanager
def _quiet_cluster_logs() -> Iterator[None]:
    """Only errors from a local cluster, which otherwise logs every step: its
    scheduler runs here, its workers read the setting from the environment
    when they start (also when one is restarted)."""
    cluster_logs = logging.getLogger("distributed")
    level, setting = cluster_logs.level, os.environ.get(CLUSTER_LOG_SETTING)
    cluster_logs.setLevel(logging.ERROR)
    os.environ.setdefault(CLUSTER_LOG_SETTING, "error")
    try:
        yield
    finally:
        cluster_logs.setLevel(level)
        if setting is None:
            os.environ.pop(CLUSTER_LOG_SETTING, None)


def plan_partitions(
    paths: Iterable[str],
    partition_lines: int = PARTITION_LINES,
    files_per_partition: int = FILES_PER_PARTITION,
    on_skipped: Callable[[ErrorRecord], None] | None = None,
    follow_symlinks: bool = False,
) -> list[Partition]:
    """The partitions of the inputs, in input order; a folder's files are
    those a local ingest reads, and what it skips goes to `on_skipped`.

    Files of articles a line (JSON Lines) are counted (a compressed one read
    through once, here) and cut into ranges of `partition_lines` lines, the last range open to
    the end; other files are grouped about `files_per_partition` at a time
    (see the module's docstring). A
    missing file or a folder without inputs is a partition too, whose
    reading reports the problem as a local ingest would.
    """
    partitions: list[Partition] = []
    files: list[Piece] = []

    def close_files() -> None:
        if files:
            partitions.append(Partition(tuple(files)))
            files.clear()

    for file in input_files(paths, on_skipped or (lambda error: None), follow_symlinks):
        if file.kind is not None and file.kind.by_lines:
            close_files()
            partitions.extend(Partition((piece,)) for piece in
                              _line_ranges(file.name, file.kind, partition_lines))
        elif file.kind is not None and not file.kind.one_article:  # many articles, not split by lines
            close_files()
            partitions.append(Partition((Piece(file.name),)))
        else:  # one article, or a name whose reading reports what is wrong with it
            files.append(Piece(file.name))
            if _ends_group(file.name, files_per_partition) or len(files) >= 4 * files_per_partition:
                close_files()
    close_files()
    return partitions


def _ends_group(path: str, files_per_partition: int) -> bool:
    """Whether a group of files ends after this one: one file in
    `files_per_partition` does, by a hash of its path."""
    digest = hashlib.sha1(path.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % files_per_partition == 0


def _line_ranges(path: str, kind: InputKind, partition_lines: int) -> list[Piece]:
    lines = count_lines(path, kind.opener)
    return [Piece(path, first, first + partition_lines - 1, to_end=first + partition_lines > lines)
            for first in range(1, max(lines, 1) + 1, partition_lines)]


def partition_articles(partition: Partition, report: Callable[[ErrorRecord], None]) -> Iterator[Article]:
    """The articles of a partition, read as a local ingest reads them, and
    the reading errors of its lines only (an error of no line belongs to the
    partition of line 1).

    A line range is read from the file's start (the reader streams, it does
    not seek), at about a second per 30,000 lines: small beside extracting
    them, but split a multi-gigabyte archive into several files.
    """
    for piece in partition.pieces:
        if piece.first is None:
            yield from read_articles([piece.path], on_error=report)
            continue

        def in_range(error: ErrorRecord, piece: Piece = piece) -> None:
            if _within(error.line or 1, piece):
                report(error)

        for article in read_articles([piece.path], on_error=in_range):
            line = source_line(article)
            if line is None or line < piece.first:
                continue
            if not _within(line, piece):
                break
            yield article


def _within(line: int, piece: Piece) -> bool:
    return (piece.first or 1) <= line and (piece.to_end or line <= (piece.last or 0))


def extract_partition(partition: Partition, shards: str) -> PartitionReport:
    """On a worker: the articles of a partition into its shard pair,
    reusing the rows of articles the pair already holds unchanged."""
    articles_shard, facts_shard = (str(Path(shards, f"{kind}-{partition.key}.parquet"))
                                   for kind in ("articles", "facts"))
    report = PartitionReport(articles_shard, facts_shard)
    previous = {rows.article["id"]: rows for rows in read_shards(articles_shard, facts_shard)}
    kept: list[ArticleRows] = []
    for article in partition_articles(partition, report.errors.append):
        rows = previous.get(article.id)
        if rows and rows.article["content_hash"] == article_hash(article) \
                and rows.article["extractor_version"] == current_version():
            report.reused += 1
        else:
            result = extract_safely(article, extract_rows)
            if isinstance(result, FailedArticle):
                report.failed.append(result)
                continue
            rows = result
            report.extracted += 1
        kept.append(rows)
    if report.extracted or report.reused != len(previous):
        write_shards(kept, articles_shard, facts_shard, [piece.path for piece in partition.pieces])
    return report


def write_shards(articles: list[ArticleRows], articles_shard: str, facts_shard: str,
                 inputs: list[str]) -> None:
    """A shard pair, each file written aside and renamed into place, both
    with one new token, so a pair torn by a kill reads as no pair; the
    paths of the partition's `inputs` are kept in the files' metadata."""
    token = secrets.token_hex(8)
    metadata = {TOKEN_KEY: token.encode(), INPUTS_KEY: json.dumps(inputs, ensure_ascii=False).encode()}
    tables = (
        (facts_shard, [fact for rows in articles for fact in rows.facts], FACT_SHARD_COLUMNS),
        (articles_shard, [rows.article for rows in articles], ARTICLE_SHARD_COLUMNS),
    )
    for path, rows, columns in tables:
        for stale in Path(path).parent.glob(f"{Path(path).name}.*.tmp"):  # left by a kill
            stale.unlink(missing_ok=True)
        aside = f"{path}.{token}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(columns, metadata)), aside)
        os.replace(aside, path)


def remove_replaced_shards(folder: Path, partitions: list[Partition]) -> None:
    """Remove the shard pairs of earlier partitions of these inputs that
    these partitions replaced (a regrouped folder): their articles are in
    the new shards. Shards of other inputs stay."""
    keys = {partition.key for partition in partitions}
    inputs = {piece.path for partition in partitions for piece in partition.pieces}
    for articles_shard in folder.glob("articles-*.parquet"):
        key = articles_shard.stem.removeprefix("articles-")
        if key in keys:
            continue
        try:
            covered = json.loads((pq.read_schema(articles_shard).metadata or {}).get(INPUTS_KEY, b"[]"))
        except (OSError, pa.ArrowException, ValueError):
            continue
        if inputs.intersection(covered):
            articles_shard.unlink(missing_ok=True)
            (folder / f"facts-{key}.parquet").unlink(missing_ok=True)


def read_shards(articles_shard: str, facts_shard: str) -> list[ArticleRows]:
    """The articles of a shard pair with their facts, in the order written;
    nothing when the pair is missing, unreadable or torn."""
    try:
        articles, facts = pq.read_table(articles_shard), pq.read_table(facts_shard)
    except (OSError, pa.ArrowException):
        return []
    tokens = {(table.schema.metadata or {}).get(TOKEN_KEY) for table in (articles, facts)}
    if len(tokens) != 1 or None in tokens:
        return []
    by_article: dict[str, list[dict[str, Any]]] = {}
    for fact in facts.to_pylist():
        by_article.setdefault(fact["article"], []).append(fact)
    return [ArticleRows(row, by_article.get(row["id"], [])) for row in articles.to_pylist()]


def _loaded(
    partitions: Iterable[tuple[Partition, Any]], database: sqlite_utils.Database
) -> Iterator[ExtractionResult]:
    """The results of each partition, in input order, as its task finishes:
    its errors, then its articles, those stored unchanged as `UnchangedArticle`.
    A task that fails (its worker died too often) is one error of its partition."""
    for partition, future in partitions:
        try:
            report: PartitionReport = future.result()
        except Exception as error:  # anything a task raised, or the cluster's own failure
            yield ErrorRecord(str(partition), f"the partition failed on the cluster ({error})")
            continue
        finally:
            future.release()
        yield from report.errors
        yield from report.failed
        for rows in read_shards(report.articles_shard, report.facts_shard):
            if stored_hash(database, rows.article["id"]) == rows.article["content_hash"]:
                yield UnchangedArticle(rows.article["id"])
            else:
                yield rows
