"""Extraction in worker processes: input order, the same database as one
process, bounded work in flight, a crashing worker costing one article;
and the progress an ingest shows.

The stand-in engines are module-level functions, so that the worker
processes can import them; they tell which process ran them.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import stored_articles, stored_facts, stories, synthetic_archive

from extractor.cli import IngestProgress, cli
from extractor.model import Article
from extractor.patterns import PatternError
from extractor.pipeline import ExtractedArticle
from extractor.read import count_lines
from extractor.store import IngestReport, expected_articles, ingest
from extractor.workers import CHUNKS_PER_WORKER, FailedArticle, extract_in_order


def where_extracted(article: Article) -> ExtractedArticle:
    """A stand-in engine: the cleaned text names the article, the date the process."""
    return ExtractedArticle(article, f"cleaned {article.id}", [], str(os.getpid()))


def crashing(article: Article) -> ExtractedArticle:
    """Kills its process on the article `chết`, raises on `lỗi`, never ends
    on `vô tận` (not even for an `except Exception` of its own)."""
    if article.id == "chết":
        os._exit(3)
    if article.id == "lỗi":
        raise ValueError("số không đọc được")
    while article.id == "vô tận":
        with suppress(Exception):
            time.sleep(0.01)
    return where_extracted(article)


def refusing() -> None:
    """A stand-in rule check that fails, naming the process it ran in."""
    raise PatternError(f"rules broken in process {os.getpid()}")


def articles(count: int, **named: int) -> list[Article]:
    """`count` articles; `named` puts an article of that id at that place."""
    made = [Article(id=f"a{number}", text=f"Bài {number}", source=f"in.jsonl:{number + 1}")
            for number in range(count)]
    for name, place in named.items():
        made[place] = Article(id=name, text="Bài", source=f"in.jsonl:{place + 1}")
    return made


def test_one_worker_extracts_in_this_process_and_passes_other_items_through():
    items = ["lỗi đọc", *articles(3), "bỏ qua"]
    results = list(extract_in_order(items, where_extracted, workers=1))
    assert results[0] == "lỗi đọc" and results[-1] == "bỏ qua"
    assert [r.text for r in results[1:-1]] == ["cleaned a0", "cleaned a1", "cleaned a2"]
    assert {r.published for r in results[1:-1]} == {str(os.getpid())}


def test_workers_extract_elsewhere_in_input_order_reading_a_bounded_way_ahead():
    """The reader runs at most the chunks in flight (and the one filling) ahead."""
    items: list = []
    for number, article in enumerate(articles(120)):
        items.append(article)
        if number % 7 == 0:
            items.append(f"mục {number}")
    pulled = 0

    def counted():
        nonlocal pulled
        for item in items:
            pulled += 1
            yield item

    workers, chunk_size = 2, 4
    results, ahead = [], []
    for result in extract_in_order(counted(), where_extracted, workers=workers, chunk_size=chunk_size):
        results.append(result)
        ahead.append(pulled - len(results))
    assert [r if isinstance(r, str) else r.article for r in results] == items
    assert all(r.text == f"cleaned {r.article.id}" for r in results if not isinstance(r, str))
    processes = {r.published for r in results if not isinstance(r, str)}
    assert str(os.getpid()) not in processes and 1 <= len(processes) <= 2
    # a chunk of 4 articles carries at most one other item here
    assert max(ahead) <= (workers * CHUNKS_PER_WORKER + 1) * (chunk_size + 1)


def test_an_input_smaller_than_a_chunk_starts_no_workers():
    results = list(extract_in_order(articles(3), where_extracted, workers=2, chunk_size=4))
    assert {r.published for r in results} == {str(os.getpid())}


@pytest.mark.parametrize("count", [3, 40])
def test_the_rules_are_checked_where_articles_are_extracted_and_stop_the_run_before_any(count):
    """In a worker when they start (the main process need not import the
    engine for it), here when the input is too small to start them."""
    results = []
    with pytest.raises(PatternError) as raised:
        for result in extract_in_order(articles(count), where_extracted, workers=2, chunk_size=4,
                                       prepare=refusing):
            results.append(result)
    assert results == []
    checked_here = str(raised.value) == f"rules broken in process {os.getpid()}"
    assert checked_here == (count == 3)


def test_a_worker_that_dies_or_fails_on_an_article_costs_that_article_only():
    items = articles(40, **{"chết": 17, "lỗi": 30})
    results = list(extract_in_order(items, crashing, workers=2, chunk_size=4))
    assert [r.id if isinstance(r, FailedArticle) else r.article.id for r in results] == \
        [a.id for a in items]
    failed = {r.id: r.error for r in results if isinstance(r, FailedArticle)}
    assert set(failed) == {"chết", "lỗi"}
    assert str(failed["chết"]) == "in.jsonl:18: article chết: the worker process extracting it died"
    assert str(failed["lỗi"]) == \
        "in.jsonl:31: article lỗi: extraction failed (ValueError: số không đọc được)"


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_past_its_time_limit_is_given_up_and_the_run_goes_on(workers):
    items = articles(12, **{"vô tận": 5})
    results = list(extract_in_order(items, crashing, workers=workers, chunk_size=4, time_limit=0.5))
    failed = [r for r in results if isinstance(r, FailedArticle)]
    assert [r.id for r in failed] == ["vô tận"]
    assert str(failed[0].error) == \
        "in.jsonl:6: article vô tận: extraction took longer than 0.5 s and was stopped"
    assert len(results) == 12
    # the timer is off and the signal handler back as it was
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_two_workers_store_what_one_process_stores(tmp_path):
    archive = synthetic_archive(tmp_path / "tin.jsonl", 44, seed=7, bad_line=20, copies=4)
    reports = {workers: ingest([str(archive)], tmp_path / f"{workers}.db", workers=workers, chunk_size=8)
               for workers in (1, 2)}
    assert reports[1].facts > 48 and reports[1].errors == 1
    assert (reports[2].articles_stored, reports[2].facts, reports[2].errors) == \
        (reports[1].articles_stored, reports[1].facts, reports[1].errors)
    assert stored_facts(tmp_path / "2.db") == stored_facts(tmp_path / "1.db")
    assert stored_articles(tmp_path / "2.db") == stored_articles(tmp_path / "1.db")  # stories too
    assert stories(tmp_path / "2.db") == 44


def test_expected_articles_counts_only_what_is_cheap_to_count(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "một"}\n\n{"text": "hai"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Bài viết.", encoding="utf-8")
    (tmp_path / "c.jsonl.gz").write_bytes(b"")
    assert count_lines(tmp_path / "a.jsonl") == 3
    assert expected_articles([str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt")]) == 4
    assert expected_articles([str(tmp_path / "không có.txt")]) == 0
    for unknown in ([str(tmp_path)], ["-"], [str(tmp_path / "c.jsonl.gz")]):
        assert expected_articles(unknown) is None


@pytest.mark.parametrize("total, shown", [
    (100, "vnfacts: 12 of 100 articles ("),
    (None, "vnfacts: 12 articles ("),
])
def test_progress_off_a_terminal_is_a_line_now_and_then(capsys, total, shown):
    progress = IngestProgress(total, every=0, terminal=False)
    progress(IngestReport(run_id=1, articles_read=12, facts=1234, errors=1))
    line = capsys.readouterr().err
    assert line.startswith(shown) and line.endswith("/s), 1,234 facts, 1 error\n")
    quiet = IngestProgress(total, every=3600, terminal=False)
    quiet(IngestReport(run_id=1, articles_read=12))
    assert capsys.readouterr().err == ""


def test_progress_on_a_terminal_is_a_bar_with_errors_printed_above(capsys):
    progress = IngestProgress(50, terminal=True)
    printed = progress.printing(lambda error: print(f"vnfacts: {error}", file=sys.stderr))
    printed("in.jsonl:3: broken JSON")
    progress(IngestReport(run_id=1, articles_read=25, facts=300, errors=1))
    progress.close()
    shown = capsys.readouterr().err
    assert "vnfacts: in.jsonl:3: broken JSON" in shown
    assert "25/50" in shown and "300 facts, 1 error" in shown


def test_cli_refuses_dask_options_without_the_dask_engine(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "f.db"),
                                      "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr == "vnfacts: --scheduler and --shards are options of --engine dask\n"
    assert not Path(tmp_path / "f.db").exists()
