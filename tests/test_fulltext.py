"""The full-text indexes filled once at the end of an ingest into an empty
database (extractor/fulltext.py): they find what the triggers would have
indexed, the triggers are back after, and a run that stops early leaves
indexes the next ingest completes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from support import DONG_NAI, SAMPLE, THAI_BINH, extracted, sample_facts

from extractor.fulltext import FULLTEXT_DEFERRED, deferred_fulltext
from extractor.model import ExtractedArticle
from extractor.store import IngestOptions, open_store, start_run, store_articles, write_run


def triggers(db) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def indexes_match_their_tables(db) -> bool:
    for table in ("articles", "facts"):  # FTS5 raises when its index and its table differ
        db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [FULLTEXT_DEFERRED]).fetchone() is None


def found(db, table: str, words: str) -> list[str]:
    key = "article" if table == "facts" else "id"
    return sorted({row[0] for row in db.execute(
        f"SELECT {key} FROM {table} WHERE rowid IN "
        f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)", [words])})


def changed_thai_binh() -> ExtractedArticle:
    article = replace(THAI_BINH, title=THAI_BINH.title.replace("193", "195"),
                      text=THAI_BINH.text.replace("193", "195"))
    return ExtractedArticle(article, article.text, [replace(sample_facts(THAI_BINH)[0], text="195")])


def test_an_ingest_into_an_empty_database_indexes_once_and_puts_the_triggers_back(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)
    with_triggers = triggers(db)
    assert {"facts_ai", "facts_ad", "articles_au"} <= with_triggers
    write_run(db, ["tests"], [extracted(article) for article in SAMPLE])
    assert indexes_match_their_tables(db) and triggers(db) == with_triggers
    assert found(db, "articles", "193") == [THAI_BINH.id]
    assert found(db, "facts", "khuyến công") == [THAI_BINH.id]
    # a database that holds articles: the triggers index the change as it is written
    write_run(db, ["again"], [changed_thai_binh()])
    assert indexes_match_their_tables(db)
    assert found(db, "articles", "193") == [] and found(db, "articles", "195") == [THAI_BINH.id]


def test_a_run_that_fails_midway_leaves_its_stored_articles_indexed(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)

    def failing():
        yield from (extracted(article) for article in SAMPLE)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_run(db, ["tests"], failing(), IngestOptions(batch_size=2))
    assert db["articles"].count == 2  # one batch committed
    assert indexes_match_their_tables(db) and found(db, "articles", "193") == [THAI_BINH.id]


def test_indexes_left_unfilled_by_a_killed_run_are_filled_by_the_next(tmp_path):
    db = open_store(tmp_path / "f.db", create=True)
    with_triggers = triggers(db)
    killed = deferred_fulltext(db)
    killed.__enter__()  # and never left: the process was killed as it wrote
    store_articles(db, [extracted(article) for article in SAMPLE[1:]], run_id=start_run(db, ["killed"]))
    assert triggers(db) == set() and found(db, "articles", "Đồng Nai") == []
    write_run(db, ["again"], [changed_thai_binh()])
    assert indexes_match_their_tables(db) and triggers(db) == with_triggers
    assert found(db, "articles", "195") == [THAI_BINH.id]
    assert found(db, "articles", "Đồng Nai") == [DONG_NAI.id]
