"""The fact database writer: schema, replace-not-duplicate, skip-unchanged,
errors and runs, batches as transactions, schema version.

The sample articles and facts (support.py) are written for these tests
(the extraction is tested elsewhere); a stand-in extractor is passed to
the ingest instead.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace

import pytest
import sqlite_utils
from click.testing import CliRunner
from support import DONG_NAI, GIA_NHA, SAMPLE, THAI_BINH, extracted, make_sample_db, sample_facts, set_version

from extractor import __version__
from extractor.cli import cli
from extractor.errors import ErrorRecord
from extractor.model import FACT_FIELDS, Article
from extractor.pipeline import ExtractedArticle
from extractor.store import (
    SCHEMA_VERSION,
    ArticleRows,
    IngestOptions,
    IngestReport,
    StoreError,
    UnchangedArticle,
    article_hash,
    ingest,
    open_store,
    start_run,
    store_articles,
    stored_hash,
)


class FakeExtractor:
    """Stands in for the extraction engine: returns the sample facts (none
    for other articles), counts its calls, and fails on request."""

    def __init__(self, failing: str | None = None) -> None:
        self.calls: list[str] = []
        self.failing = failing

    def __call__(self, article: Article) -> ExtractedArticle:
        self.calls.append(article.id)
        if article.id == self.failing:
            raise ValueError("số không đọc được")
        known = {a.id for a in SAMPLE}
        return ExtractedArticle(article, article.text,
                                sample_facts(article) if article.id in known else [])


@pytest.fixture
def fake_extractor() -> FakeExtractor:
    return FakeExtractor()


def write_jsonl(path, articles, extra_lines=()) -> str:
    lines = [json.dumps({"id": a.id, "title": a.title, "text": a.text, "url": a.url,
                         "published": a.published, **a.meta}, ensure_ascii=False)
             for a in articles]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return str(path)


def rows(db, sql, params=()) -> list[tuple]:
    return db.execute(sql, params).fetchall()


def test_schema_has_tables_full_text_indexes_and_version(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)
    names = set(db.table_names())
    assert {"meta", "articles", "facts", "runs", "errors", "articles_fts", "facts_fts"} <= names
    assert list(db["facts"].columns_dict) == ["id", *FACT_FIELDS]
    assert db["facts"].foreign_keys[0].other_table == "articles"
    leading = {index.columns[0] for index in db["facts"].indexes}  # every filter starts an index
    assert {"article", "indicator", "kind", "value", "province", "province_2025", "year",
            "period_start", "programme"} <= leading
    assert ["kind", "unit", "value"] in [index.columns[:3] for index in db["facts"].indexes]
    assert ("story",) in {tuple(index.columns) for index in db["articles"].indexes}
    assert db.view_names() == ["figures", "facts_with_articles"]
    assert "remove_diacritics 2" in db["facts_fts"].schema
    assert rows(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT value FROM meta WHERE key = 'created_by'") == [(f"vnfacts {__version__}",)]


def test_facts_are_stored_with_every_field(tmp_path):
    db = make_sample_db(tmp_path / "f.db")
    stored = [dict(zip(FACT_FIELDS, row, strict=True)) for row in
              rows(db, f"SELECT {', '.join(f'[{f}]' for f in FACT_FIELDS)} FROM facts ORDER BY id")]
    expected = [f.to_dict() for a in SAMPLE for f in sample_facts(a)]
    assert stored == expected
    for fact in stored:  # offsets point into the stored text
        (text,) = rows(db, "SELECT text FROM articles WHERE id = ?", [fact["article"]])[0]
        assert text[fact["start"]:fact["end"]] == fact["text"]


def test_article_row_records_content_hash_version_and_fact_count(tmp_path):
    db = make_sample_db(tmp_path / "f.db")
    row = db["articles"].get(DONG_NAI.id)
    assert row["title"] == DONG_NAI.title and row["published"] == "2021-03-05"
    assert row["source"] == "tests:2" and row["text"] == DONG_NAI.text
    assert json.loads(row["meta"]) == {"category": "kinh tế"}
    assert row["content_hash"] == article_hash(DONG_NAI)
    assert row["extractor_version"] == __version__
    assert row["fact_count"] == 3 and row["ingested_at"].startswith("20")


def test_storing_an_article_again_replaces_its_facts(tmp_path):
    db = make_sample_db(tmp_path / "f.db")
    changed = replace(THAI_BINH, text=THAI_BINH.text.replace("193", "195"))
    one_fact = [replace(sample_facts(THAI_BINH)[0], text="195", value=195.0)]
    store_articles(db, [ExtractedArticle(changed, changed.text, one_fact)],
                   run_id=start_run(db, ["again"]))
    store_articles(db, [ExtractedArticle(changed, changed.text, one_fact)],
                   run_id=start_run(db, ["and again"]))
    assert rows(db, "SELECT text, value FROM facts WHERE article = ?", [THAI_BINH.id]) == [
        ("195", 195.0)
    ]
    assert db["articles"].get(THAI_BINH.id)["fact_count"] == 1
    assert db["articles"].count == 3
    # the full-text indexes follow: the old text is gone, the new one found
    assert rows(db, "SELECT count(*) FROM facts_fts") == [(db["facts"].count,)]
    found = rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '195'")
    assert found == rows(db, "SELECT rowid FROM articles WHERE id = ?", [THAI_BINH.id])


def test_article_hash_covers_content_and_metadata_not_source():
    assert article_hash(THAI_BINH) == article_hash(replace(THAI_BINH, source="other.jsonl:9"))
    for change in ({"text": "khác"}, {"title": "khác"}, {"url": "https://example.vn/x"},
                   {"published": "2017-01-01"}, {"meta": {"tag": "x"}}):
        assert article_hash(replace(THAI_BINH, **change)) != article_hash(THAI_BINH)


def test_ingest_skips_unchanged_articles_before_extracting_them(tmp_path, fake_extractor):
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE)
    first = ingest([inputs], tmp_path / "f.db", extract=fake_extractor)
    assert (first.articles_read, first.articles_stored, first.facts) == (3, 3, 10)
    second = ingest([inputs], tmp_path / "f.db", extract=fake_extractor)
    assert (second.articles_read, second.articles_stored, second.articles_skipped) == (3, 0, 3)
    assert fake_extractor.calls == [a.id for a in SAMPLE]  # not extracted the second time
    db = open_store(tmp_path / "f.db")
    assert db["facts"].count == 10
    assert stored_hash(db, DONG_NAI.id) is not None and stored_hash(db, "không có") is None


def test_ingest_extracts_a_changed_article_again(tmp_path, fake_extractor):
    ingest([write_jsonl(tmp_path / "in.jsonl", SAMPLE)], tmp_path / "f.db", extract=fake_extractor)
    edited = replace(GIA_NHA, title="Giá căn hộ tăng mạnh")
    report = ingest([write_jsonl(tmp_path / "in.jsonl", [THAI_BINH, DONG_NAI, edited])],
                    tmp_path / "f.db", extract=fake_extractor)
    assert (report.articles_stored, report.articles_skipped) == (1, 2)
    assert fake_extractor.calls[-1] == GIA_NHA.id
    db = open_store(tmp_path / "f.db")
    assert db["articles"].get(GIA_NHA.id)["title"] == "Giá căn hộ tăng mạnh"
    assert db["facts"].count == 10


def test_ingest_records_bad_inputs_and_failed_articles_and_goes_on(tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE, extra_lines=["{không phải JSON"])
    printed: list[ErrorRecord] = []
    report = ingest([inputs], tmp_path / "f.db", IngestOptions(on_error=printed.append),
                    extract=FakeExtractor(failing=DONG_NAI.id))
    assert (report.articles_read, report.articles_stored, report.errors) == (3, 2, 2)
    db = open_store(tmp_path / "f.db")
    errors = rows(db, "SELECT run, input, location, message FROM errors ORDER BY id")
    assert [str(e) for e in printed] == [
        f"{i}:{loc}: {m}" if loc else f"{i}: {m}" for _, i, loc, m in errors
    ]
    assert errors[0][0] == report.run_id
    assert "extraction failed" in errors[0][3] and DONG_NAI.id in errors[0][3]
    assert errors[1][1:3] == (inputs, "line 4")
    assert {r[0] for r in rows(db, "SELECT id FROM articles")} == {THAI_BINH.id, GIA_NHA.id}


def test_runs_table_records_each_run(tmp_path, fake_extractor):
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE, extra_lines=["[]"])
    ingest([inputs], tmp_path / "f.db", extract=fake_extractor)
    ingest([inputs], tmp_path / "f.db", extract=fake_extractor)
    runs = list(open_store(tmp_path / "f.db")["runs"].rows)
    assert [(r["articles_read"], r["articles_stored"], r["articles_skipped"], r["facts"],
             r["errors"]) for r in runs] == [(3, 3, 0, 10, 1), (3, 0, 3, 0, 1)]
    assert all(r["ended"] >= r["started"] and r["version"] == __version__ for r in runs)
    assert json.loads(runs[0]["inputs"]) == [inputs]


def test_each_batch_is_one_transaction_and_an_interrupted_run_resumes(tmp_path, fake_extractor):
    db = open_store(tmp_path / "f.db", create=True)
    progress: list[IngestReport] = []

    def interrupted():
        yield extracted(THAI_BINH)
        yield extracted(DONG_NAI)
        yield extracted(GIA_NHA)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store_articles(db, interrupted(), run_id=start_run(db, ["x"]),
                       options=IngestOptions(batch_size=2, progress=lambda r: progress.append(replace(r))))
    assert [(p.articles_stored, p.facts) for p in progress] == [(2, 6)]
    # the first batch is there whole, the second not at all, the run unfinished
    assert {r[0] for r in rows(db, "SELECT id FROM articles")} == {THAI_BINH.id, DONG_NAI.id}
    assert rows(db, "SELECT sum(fact_count) FROM articles") == [(db["facts"].count,)]
    assert rows(db, "SELECT articles_stored, facts, ended FROM runs") == [(2, 6, None)]
    db.close()
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE)
    report = ingest([inputs], tmp_path / "f.db", extract=fake_extractor)
    assert (report.articles_stored, report.articles_skipped) == (1, 2)
    assert fake_extractor.calls == [GIA_NHA.id]


def test_an_article_sqlite_cannot_store_costs_that_article_only(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)
    broken = ArticleRows.of(extracted(DONG_NAI))
    broken.facts[0]["start"] = 2**70  # more than an SQLite integer holds
    errors: list[ErrorRecord] = []
    report = store_articles(db, [extracted(THAI_BINH), broken, extracted(GIA_NHA)],
                            run_id=start_run(db, []), options=IngestOptions(on_error=errors.append))
    assert {r[0] for r in rows(db, "SELECT id FROM articles")} == {THAI_BINH.id, GIA_NHA.id}
    assert rows(db, "SELECT sum(fact_count) FROM articles") == [(db["facts"].count,)]
    assert [str(e) for e in errors] == [f"{DONG_NAI.source}: article {DONG_NAI.id}: cannot be stored "
                                        "(OverflowError: Python int too large to convert to SQLite INTEGER)"]
    assert rows(db, "SELECT input, message FROM errors") == [(e.input, e.message) for e in errors]
    assert (report.articles_read, report.articles_stored, report.errors) == (3, 2, 1)
    assert report.facts == db["facts"].count
    assert rows(db, "SELECT articles_stored, errors, facts FROM runs") == [(2, 1, report.facts)]


def test_the_writer_counts_unchanged_articles_as_skipped(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)
    report = store_articles(db, [UnchangedArticle("x"), extracted(GIA_NHA)],
                            run_id=start_run(db, []))
    assert (report.articles_read, report.articles_skipped, report.articles_stored) == (2, 1, 1)


@pytest.mark.parametrize("setup, message", [
    (lambda p: None, "no such database"),
    (lambda p: p.write_bytes(b"not a database at all, just bytes" * 100), "not a SQLite database"),
    (lambda p: sqlite_utils.Database(p)["other"].insert({"x": 1}), "not a vnfacts database"),
    (lambda p: set_version(p, "0.0.1"),
     f"database has schema version 0.0.1, this vnfacts ({__version__}) reads schema version"),
])
def test_unusable_databases_are_one_line_errors(tmp_path, setup, message):
    path = tmp_path / "f.db"
    setup(path)
    with pytest.raises(StoreError) as error:
        open_store(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_a_database_that_cannot_be_created_is_a_one_line_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(tmp_path / "no such folder" / "f.db", create=True)


def test_queries_open_the_database_read_only(tmp_path):
    make_sample_db(tmp_path / "f.db").close()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        open_store(tmp_path / "f.db").execute("DELETE FROM facts")


def test_cli_ingest_prints_and_records_errors_and_exits_1(tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE, extra_lines=["{"])
    result = CliRunner().invoke(cli, ["ingest", inputs, "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 1
    assert f"vnfacts: {inputs}:line 4: " in result.stderr
    assert re.search(r"3 articles read, 3 stored, 0 unchanged, \d+ facts, 1 error →", result.stderr)
    again = CliRunner().invoke(cli, ["ingest", inputs, "--db", str(tmp_path / "f.db")])
    assert "3 unchanged" in again.stderr


def test_cli_ingest_of_clean_inputs_exits_0(tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE)
    result = CliRunner().invoke(cli, ["ingest", inputs, "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 0, result.output


def test_cli_ingest_into_a_database_of_another_version_exits_2(tmp_path):
    set_version(tmp_path / "f.db", "0.0.1")
    inputs = write_jsonl(tmp_path / "in.jsonl", SAMPLE)
    result = CliRunner().invoke(cli, ["ingest", inputs, "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "schema version 0.0.1" in result.stderr
