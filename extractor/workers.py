"""Extract articles in worker processes, results in input order.

Extraction is CPU-bound pure Python, so an archive goes faster only on more
processes. The main process keeps the cheap work (reading the inputs, the
unchanged-article check, the database writer) and sends articles out in
chunks, to cut the cost of passing them between processes; a bounded number
of chunks is in flight, so memory stays flat however long the archive is.

Results come back in input order. That keeps runs repeatable: two articles
with one id end as they would in one process (the later one wins), and the
`errors` table lists problems in input order.

Workers are started with "spawn" (safe with the writer's threads and open
database, and the same on every platform), each importing the engine once.
A worker process that dies (a crash, the out-of-memory killer) loses the
chunks in flight; their articles are then extracted one at a time in a
separate process, so only the article that kills it becomes a
`FailedArticle` and the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from extractor.errors import ErrorRecord
from extractor.model import Article, ExtractedArticle
from extractor.patterns import PatternError

Extract = Callable[[Article], ExtractedArticle]
Passed = TypeVar("Passed")
"""Whatever else is in the stream (skipped articles, reading errors): passed
through untouched, in its place."""

CHUNK_SIZE = 16
"""Articles sent to a worker at once: about a quarter of a second of work on
a news article, long enough to make the cost of sending them small."""
CHUNKS_PER_WORKER = 2
"""Chunks in flight per worker: one being extracted, one waiting, so no
worker idles while the main process writes."""
PASSED_PER_CHUNK = 8
"""A chunk also closes after this many chunk sizes of other items, so a long
run of skipped articles reaches the writer without waiting for work."""
PARENT_CHECK_SECONDS = 1.0
ARTICLE_TIME_LIMIT = 120.0
"""Seconds one article may take to extract before it is given up as a
`FailedArticle`: a last resort, far above what any article takes (a news
article takes a few hundredths of a second, 4 KB of nothing but numbers a
quarter of one), so that text no rule foresaw costs one article, not a
worker stalled for hours."""


@dataclass
class FailedArticle:
    """An article that was read but whose extraction failed."""

    id: str
    error: ErrorRecord


class ArticleTimeout(BaseException):
    """An article took longer than its time limit to extract. Not an
    `Exception`, so that no `except Exception` inside the engine or its
    libraries can swallow it."""


def extract_safely(article: Article, extract: Extract,
                   time_limit: float = ARTICLE_TIME_LIMIT) -> ExtractedArticle | FailedArticle:
    """Extract one article; an exception, or taking more than `time_limit`
    seconds, makes it a `FailedArticle`, because one bad article must not
    stop an archive."""
    try:
        with limited_time(time_limit):
            return extract(article)
    except PatternError:
        raise  # a broken rule file is no bad article: it stops the run
    except ArticleTimeout:
        return failed_article(article, f"extraction took longer than {time_limit:g} s and was stopped")
    except Exception as error:
        return failed_article(article, f"extraction failed ({type(error).__name__}: {error})")


@contextmanager
def limited_time(seconds: float) -> Iterator[None]:
    """Raise `ArticleTimeout` in the block after `seconds` (a real-time timer
    and its signal). Only the main thread of a process receives signals, so
    elsewhere (a Dask worker's threads) the block runs without a limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed_article(article: Article, reason: str) -> FailedArticle:
    where = article.source or article.id
    return FailedArticle(article.id, ErrorRecord(where, f"article {article.id}: {reason}"))


def extract_in_order(
    items: Iterable[Article | Passed],
    extract: Extract,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    time_limit: float = ARTICLE_TIME_LIMIT,
    prepare: Callable[[], None] | None = None,
) -> Iterator[ExtractedArticle | FailedArticle | Passed]:
    """Each `Article` of `items` extracted (or failed, see `extract_safely`),
    every other item passed through, all in input order.

    With `workers` > 1 articles go to that many worker processes, but only
    once a chunk fills with `chunk_size` articles to extract: starting the
    workers (each imports the engine, seconds) costs more than a few
    articles, so a small input or a re-run that finds few changes is
    extracted here. `extract` must be picklable (a module-level function)
    to reach the workers.

    `prepare` (picklable too) runs once before the first article is
    extracted, where it is: here, or in a worker when they start, so that
    the main process of a run on workers does not import the engine only
    to check the rule files. What it raises stops the run.
    """
    if workers <= 1:
        if prepare is not None:
            prepare()
        yield from _extracted_here(items, extract, time_limit)
        return
    pool: WorkerPool | None = None
    pending: deque[tuple[list, Future | None, int]] = deque()
    try:
        for chunk in _chunks(items, chunk_size):
            articles = [item for item in chunk if isinstance(item, Article)]
            if pool is None and len(articles) >= chunk_size:
                pool = WorkerPool(workers, extract, time_limit, prepare)
            if pool is None:
                if articles and prepare is not None:
                    prepare()
                    prepare = None
                yield from _extracted_here(chunk, extract, time_limit)
                continue
            future, generation = pool.submit(articles) if articles else (None, pool.generation)
            pending.append((chunk, future, generation))
            while len(pending) >= workers * CHUNKS_PER_WORKER:
                yield from _merged(*pending.popleft(), pool)
        while pending and pool is not None:
            yield from _merged(*pending.popleft(), pool)
    finally:
        if pool is not None:
            pool.close()


def _chunks(items: Iterable[Article | Passed], chunk_size: int) -> Iterator[list[Article | Passed]]:
    chunk: list[Article | Passed] = []
    articles = 0
    for item in items:
        chunk.append(item)
        articles += isinstance(item, Article)
        if articles >= chunk_size or len(chunk) >= chunk_size * PASSED_PER_CHUNK:
            yield chunk
            chunk, articles = [], 0
    if chunk:
        yield chunk


def _extracted_here(items: Iterable, extract: Extract, time_limit: float) -> Iterator:
    for item in items:
        yield extract_safely(item, extract, time_limit) if isinstance(item, Article) else item


def _merged(chunk: list, future: Future | None, generation: int, pool: WorkerPool) -> Iterator:
    """The chunk with its articles replaced by their results."""
    if future is None:
        yield from chunk
        return
    results = iter(pool.results([item for item in chunk if isinstance(item, Article)], future, generation))
    for item in chunk:
        yield next(results) if isinstance(item, Article) else item


class WorkerPool:
    """Worker processes that extract chunks of articles, restarted when one
    dies, and a quarantine process that finds which article killed it."""

    def __init__(self, workers: int, extract: Extract, time_limit: float,
                 prepare: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self.extract = extract
        self.time_limit = time_limit
        self.generation = 0
        self.executor = self._start(workers)
        self.quarantine: ProcessPoolExecutor | None = None
        # waited for with the first results, so the other workers start meanwhile
        self.preparing = self.executor.submit(prepare) if prepare is not None else None

    def _start(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.extract, self.time_limit, os.getpid()),
        )

    def submit(self, articles: list[Article]) -> tuple[Future, int]:
        """Send a chunk out; the generation tells a broken pool from a restarted one."""
        try:
            return self.executor.submit(_extract_chunk, articles), self.generation
        except BrokenProcessPool:
            self._restart(self.generation)
            return self.executor.submit(_extract_chunk, articles), self.generation

    def results(self, articles: list[Article], future: Future, generation: int) -> list:
        """The results of a chunk; a lost chunk is redone article by article.
        What `prepare` raised is raised here, before any result."""
        if self.preparing is not None:
            with suppress(BrokenProcessPool):  # a worker died: its chunks say so
                self.preparing.result()
            self.preparing = None
        try:
            parts = future.result()
        except BrokenProcessPool:
            self._restart(generation)
            return [self._alone(article) for article in articles]
        except Exception:  # a result that could not be sent back: find which article
            return [self._alone(article) for article in articles]
        return [_rebuilt(article, part) for article, part in zip(articles, parts, strict=True)]

    def _alone(self, article: Article) -> ExtractedArticle | FailedArticle:
        """Extract one article in the quarantine process, where nothing else
        runs, so a crash there is this article's."""
        if self.quarantine is None:
            self.quarantine = self._start(1)
        try:
            (part,) = self.quarantine.submit(_extract_chunk, [article]).result()
        except BrokenProcessPool:
            self.quarantine.shutdown(wait=False)
            self.quarantine = None
            return failed_article(article, "the worker process extracting it died")
        except Exception as error:
            reason = f"its result could not be sent back ({type(error).__name__}: {error})"
            return failed_article(article, reason)
        return _rebuilt(article, part)

    def _restart(self, generation: int) -> None:
        """A fresh pool, once per breakage (the chunks lost with it all report it)."""
        if generation == self.generation:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start(self.workers)
            self.generation += 1

    def close(self) -> None:
        for executor in (self.executor, self.quarantine):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)


def _rebuilt(article: Article, part: Any) -> Any:
    """The worker's result; an `ExtractedArticle` comes back as its cleaned
    text, facts and publication date (the article itself is still in the
    main process) and is put together again."""
    if not isinstance(part, tuple):
        return part
    text, facts, published = part
    return ExtractedArticle(article, text, facts, published)


# In a worker process: the engine and the time limit, set once by `_start_worker`.
_engine: Extract | None = None
_time_limit = ARTICLE_TIME_LIMIT


def _start_worker(extract: Extract, time_limit: float, parent: int) -> None:
    """Set up a worker process. Ctrl-C reaches every process of the terminal;
    a worker leaves it to the main process, which stops the pool (otherwise
    each worker would print its own traceback)."""
    global _engine, _time_limit
    _engine, _time_limit = extract, time_limit
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the main process is gone (killed with -9, it
    cannot tell its workers), instead of lingering as an orphan."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _extract_chunk(articles: list[Article]) -> list[Any]:
    parts: list[Any] = []
    for article in articles:
        result = extract_safely(article, _engine, _time_limit)
        parts.append((result.text, result.facts, result.published)
                     if isinstance(result, ExtractedArticle) else result)
    return parts
