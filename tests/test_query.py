"""search, stats and export over a real SQLite file holding the sample
articles (support.py, written for the project), through the API and the CLI."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
from contextlib import closing

import pytest
from click.testing import CliRunner
from support import (
    COPY,
    DONG_NAI,
    GIA_NHA,
    REPORT,
    SAMPLE,
    THAI_BINH,
    UNTITLED,
    fact_in,
    make_sample_db,
    sample_facts,
    set_version,
)

import extractor.query as query_module
from extractor import ingest, serve_display
from extractor.cli import cli
from extractor.model import Article, ExtractedArticle, Fact
from extractor.present import ArticleLabel, marked_sentence
from extractor.query import (
    RECORD_FIELDS,
    FoundFact,
    QueryError,
    export,
    fts_query,
    search,
    stats,
)
from extractor.serve import datasette_metadata
from extractor.store import FTS_TOKENIZER, StoreError, open_store, start_run, store_articles

ALL_FACTS = [fact for article in SAMPLE for fact in sample_facts(article)]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("facts") / "vn.db"
    make_sample_db(path).close()
    return str(path)


def texts(found: list[FoundFact]) -> list[str]:
    return [f"{item.fact.article}:{item.fact.text}" for item in found]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_search_without_query_returns_facts_newest_article_first(db):
    found = search(db, limit=100)
    assert len(found) == len(ALL_FACTS)
    assert [item.fact.article for item in found[:3]] == [DONG_NAI.id] * 3
    assert found[0].fact.to_dict() == sample_facts(DONG_NAI)[0].to_dict()
    assert found[0].title == DONG_NAI.title and found[0].published == DONG_NAI.published
    assert len(search(db, limit=2)) == 2


@pytest.mark.parametrize("query, expected", [
    # words without tone marks find words with them, in the sentence...
    ("kinh phi", [f"{THAI_BINH.id}:193", f"{THAI_BINH.id}:19.448,5 triệu đồng",
                  f"{THAI_BINH.id}:12.535"]),
    # ... with d for đ; facts whose own sentence matches come before the rest of the article
    ("dau tu", [f"{DONG_NAI.id}:800.000 USD", f"{DONG_NAI.id}:50 ha", f"{DONG_NAI.id}:98%"]),
    # the counted subject is searched too
    ("gia can ho", [f"{GIA_NHA.id}:50 triệu đồng", f"{GIA_NHA.id}:28-30%",
                    f"{GIA_NHA.id}:30%", f"{GIA_NHA.id}:30%"]),
    # and the article title
    ("Đồng Nai thu hút", [f"{DONG_NAI.id}:98%", f"{DONG_NAI.id}:800.000 USD",
                          f"{DONG_NAI.id}:50 ha"]),
    # a phrase, and a word elsewhere in the article: all its facts, in text order
    ('"khuyến công" lao động', [f"{THAI_BINH.id}:193", f"{THAI_BINH.id}:19.448,5 triệu đồng",
                                f"{THAI_BINH.id}:12.535"]),
    ("khuyến công nonexistentword", []),
])
def test_full_text_search(db, query, expected):
    assert texts(search(db, query, limit=100)) == expected


@pytest.mark.parametrize("query", [
    'khuyến công"', '"khuyến công', "khuyến*", "-khuyến công", "khuyến AND", "AND", "OR NOT",
    "(khuyến", "khuyến) OR (", "NEAR(khuyến công)", "'; DROP TABLE facts; --", "lao:động",
    "col:value", "^khuyến", "khuyến + công", "{kinh phí}",
])
def test_fts5_syntax_typed_in_a_query_is_plain_text_around_its_words(db, query):
    words = re.sub(r"[^\w\s]", " ", query)
    assert texts(search(db, query, limit=100)) == texts(search(db, words, limit=100))
    assert len(search(db, limit=100)) == len(ALL_FACTS)  # nothing was dropped


@pytest.mark.parametrize("query", ['"', "*", "-", "(", ")", '""', "  ", "* - ("])
def test_a_query_without_words_is_a_clear_error(db, query):
    with pytest.raises(QueryError, match="has no words to search for"):
        search(db, query)


FTS_ROWS = ["Kinh phí khuyến công năm 2024", "Công tác khuyến nông", "Giá đồng tăng", "Doanh thu tăng",
            "Ban nhạc rock and roll", "Cổng OR của mạch", 'Tỷ lệ a"b']


@pytest.fixture(scope="module")
def fts_rows():
    """An FTS5 table of `FTS_ROWS` (row ids from 1) with the database's tokenizer."""
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, tokenize='{FTS_TOKENIZER}')")
    connection.executemany("INSERT INTO t(text) VALUES (?)", [(row,) for row in FTS_ROWS])
    yield connection
    connection.close()


@pytest.mark.parametrize("text, found", [
    ("khuyến công", [1, 2]),  # every word, anywhere
    ('"khuyến công"', [1]),  # a quoted phrase, together
    ("khuyen cong", [1, 2]),  # tone marks optional
    ("dong", [3]),  # and d for đ
    ("đồng", [3]),
    ("OR", [6]),  # operators are words
    ("AND", [5]),
    ("NOT khuyến", []),
    ("khuyến*", [1, 2]),  # no prefix search, no negation: plain text
    ("-khuyến", [1, 2]),
    ('a"b', [7]),  # a quote inside a word
])
def test_typed_words_are_searched_as_words_never_as_fts5_syntax(fts_rows, text, found):
    query = fts_query(text)
    assert [row for (row,) in fts_rows.execute("SELECT rowid FROM t WHERE t MATCH ?", [query])] == found


@pytest.mark.parametrize("filters, expected", [
    ({"indicator": "budget"}, ["19.448,5 triệu đồng", "800.000 USD"]),
    ({"indicator": ["budget", "workers"]}, ["19.448,5 triệu đồng", "12.535", "800.000 USD"]),
    ({"kind": "quantity"}, ["50 ha"]),
    ({"province": "Thái Bình", "kind": "money"}, ["19.448,5 triệu đồng"]),
    ({"province": "thai binh", "kind": "money"}, ["19.448,5 triệu đồng"]),  # tone marks optional
    ({"province_2025": "hung yen", "kind": "money"}, ["19.448,5 triệu đồng"]),  # the 2025 province
    ({"province": "dong nai", "kind": "money"}, ["800.000 USD"]),
    ({"year": 2016}, ["193", "19.448,5 triệu đồng", "12.535"]),
    ({"year": 2023}, ["98%"]),  # inside the period 2021-2025
    ({"year": 2021}, ["98%", "800.000 USD", "50 ha"]),
    ({"year_from": 2017}, ["98%", "800.000 USD", "50 ha"]),
    ({"year_to": 2020}, ["193", "19.448,5 triệu đồng", "12.535"]),
    ({"year_from": 2010, "year_to": 2016}, ["193", "19.448,5 triệu đồng", "12.535"]),
    ({"year_from": 2024, "year_to": 2030}, ["98%"]),
    ({"min_value": 1e6}, ["19.448,5 triệu đồng", "50 triệu đồng"]),
    ({"max_value": 50, "kind": "percent"}, ["28-30%", "30%", "30%"]),
    ({"min_value": 50, "max_value": 193}, ["98%", "50 ha", "193"]),
])
def test_every_filter(db, filters, expected):
    found = search(db, limit=100, **filters)
    assert sorted(item.fact.text for item in found) == sorted(expected)


@pytest.mark.parametrize("filters, message", [
    ({"indicator": "budgt"}, "no fact has indicator 'budgt'; the database has: budget, percent"),
    ({"kind": "moneys"}, "no fact has kind 'moneys'; the database has: count, money"),
    ({"province": "Hà Nội"}, "no fact has province 'Hà Nội'; the database has: Thái Bình, Đồng Nai"),
    ({"province": "Hưng Yên"}, "no fact has province 'Hưng Yên'"),  # only its 2025 province
    ({"province_2025": "Thái Bình"}, "no fact has province_2025 'Thái Bình'; the database has: "
                                     "Hưng Yên, Đồng Nai"),
    ({"unit": "EUR"}, "no fact has unit 'EUR'; the database has: %, USD, VND, ha"),
    ({"programme": "OCOP"}, "no fact has programme 'OCOP'; the database has: no programme"),
    ({"min_value": 10, "max_value": 1}, "the minimum value 10 is above the maximum 1"),
    ({"year_from": 2020, "year_to": 2019}, "the years 2020–2019 are an empty range"),
    ({"year": 2016, "year_from": 2017}, "the years 2017–2016 are an empty range"),
    ({"limit": 0}, "limit must be at least 1"),
])
def test_bad_filter_values_are_clear_errors(db, filters, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        search(db, **filters)


def test_the_figure_is_marked_where_it_stands_even_when_written_twice(db):
    found = search(db, indicator="percent", kind="percent", year=None, limit=100)
    marked = [marked_sentence(item) for item in found if item.fact.article == GIA_NHA.id]
    assert "Tỷ lệ lấp đầy khu A đạt [[30%]], khu B cũng đạt 30%." in marked
    assert "Tỷ lệ lấp đầy khu A đạt 30%, khu B cũng đạt [[30%]]." in marked
    budget = search(db, "kinh phí", indicator="budget")[0]
    excerpt = marked_sentence(budget, width=40)
    assert "[[19.448,5 triệu đồng]]" in excerpt and excerpt.startswith("…")
    assert len(excerpt) < len(budget.fact.sentence)


def test_stats_groups_and_sums_only_within_one_unit(db):
    rows = stats(db, by=["indicator"])
    budget = [row for row in rows if row["indicator"] == "budget"]
    assert budget == [
        {"indicator": "budget", "kind": "money", "unit": "USD", "per": None, "figures": 1,
         "articles": 1, "stories": 1, "sum": 800000, "min": 800000, "max": 800000},
        {"indicator": "budget", "kind": "money", "unit": "VND", "per": None, "figures": 1,
         "articles": 1, "stories": 1, "sum": 19448500000, "min": 19448500000, "max": 19448500000},
    ]
    figures = {(f.article, f.figure) for f in ALL_FACTS}
    assert sum(row["figures"] for row in rows) == len(figures) == len(ALL_FACTS) - 1
    # a price per m2 is a rate: its own row, and no sum
    price = next(row for row in rows if row["indicator"] == "price")
    assert (price["per"], price["figures"], price["sum"], price["max"]) == ("m2", 1, None, 50e6)


def test_stats_by_province_and_year_with_filters(db):
    rows = stats(db, by=["province", "year"], kind="count")
    assert stats(db, by="province, year", kind="count") == rows
    assert rows == [{"province": "Thái Bình", "year": 2016, "kind": "count", "unit": None,
                     "per": None, "figures": 2, "articles": 1, "stories": 1, "sum": 12728,
                     "min": 193, "max": 12535}]
    # the article states `30%` twice: one figure, counted once; percentages have no sum
    percent = stats(db, by=["article"], indicator="percent")
    assert [(row["article"], row["figures"], row["sum"], row["max"]) for row in percent] == [
        (DONG_NAI.id, 1, None, 98), (GIA_NHA.id, 2, None, 30)]


def test_stats_rejects_unknown_groups(db):
    with pytest.raises(QueryError, match="cannot group by value; choose from indicator"):
        stats(db, by=["value"])


def test_export_round_trips_through_csv_jsonl_and_parquet(db, tmp_path):
    pandas = pytest.importorskip("pandas")
    expected = pandas.DataFrame(
        [{**fact.to_dict(), "article_title": article.title, "article_url": article.url,
          "article_published": article.published}
         for article in sorted(SAMPLE, key=lambda a: a.id) for fact in sample_facts(article)],
        columns=list(RECORD_FIELDS),
    )
    readers = {"csv": pandas.read_csv, "jsonl": lambda p: pandas.read_json(p, lines=True),
               "parquet": pandas.read_parquet}
    for output_format, read in readers.items():
        path = tmp_path / f"facts.{output_format}"
        assert export(db, path, output_format) == len(ALL_FACTS)
        frame = read(path)
        assert list(frame.columns) == list(RECORD_FIELDS)
        for column in ("article", "text", "sentence", "province", "article_title"):
            assert frame[column].tolist() == expected[column].tolist(), (output_format, column)
        for column in ("value", "value_max", "start", "year", "period_end"):
            assert frame[column].astype("float").fillna(-1).tolist() == (
                expected[column].astype("float").fillna(-1).tolist()), (output_format, column)


def test_duckdb_reads_every_export_as_it_is(db, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    readers = {"csv": "read_csv_auto", "jsonl": "read_json_auto", "parquet": "read_parquet"}
    for output_format, reader in readers.items():
        path = tmp_path / f"facts.{output_format}"
        export(db, path, output_format)
        rows = duckdb.sql(
            f"SELECT article, kind, value, province FROM {reader}('{path}') ORDER BY article, start"
        ).fetchall()
        assert len(rows) == len(ALL_FACTS), output_format
        assert {(r[0], r[1], float(r[2])) for r in rows} == {
            (f.article, f.kind, float(f.value)) for f in ALL_FACTS}, output_format


def test_parquet_export_is_typed(db, tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet")
    export(db, tmp_path / "f.parquet", "parquet")
    schema = parquet.read_schema(tmp_path / "f.parquet")
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("year").type) == "int64"
    assert str(schema.field("sentence").type) == "string"


def test_csv_export_has_a_utf8_header_even_when_empty(tmp_path):
    from extractor.store import open_store

    open_store(tmp_path / "empty.db", create=True).close()
    assert export(tmp_path / "empty.db", tmp_path / "f.csv", "csv") == 0
    assert (tmp_path / "f.csv").read_text(encoding="utf-8").strip() == ",".join(RECORD_FIELDS)


def test_queries_refuse_missing_and_other_version_databases(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        search(tmp_path / "missing.db")
    set_version(tmp_path / "old.db", "0.0.1")
    for query in (lambda p: search(p), lambda p: stats(p), lambda p: export(p, "-", "csv")):
        with pytest.raises(StoreError, match=r"schema version 0\.0\.1"):
            query(tmp_path / "old.db")


def test_cli_search_table_shows_values_for_a_person(db):
    result = run("search", "kinh phi", "--db", db, "--indicator", "budget")
    assert result.exit_code == 0, result.output
    header, _, row = result.stdout.splitlines()
    assert header.split() == ["value", "qualifier", "indicator", "province", "year", "article",
                              "sentence"]
    assert "19,45 tỷ đồng" in row and "Thái Bình (Hưng Yên)" in row and "2016" in row
    assert "[[19.448,5 triệu đồng]]" in row and THAI_BINH.title in row


def test_cli_search_csv_and_jsonl(db):
    as_csv = list(csv.DictReader(run("search", "--db", db, "--format", "csv",
                                     "--province", "Đồng Nai").stdout.splitlines()))
    assert [row["text"] for row in as_csv] == ["98%", "800.000 USD", "50 ha"]
    assert as_csv[1]["article_title"] == DONG_NAI.title and as_csv[1]["value"] == "800000"
    lines = run("search", "--db", db, "--format", "jsonl", "--year", "2016", "--limit", "2").stdout
    records = [json.loads(line) for line in lines.splitlines()]
    assert [r["text"] for r in records] == ["193", "19.448,5 triệu đồng"]
    assert records[1]["value"] == 19448500000 and records[1]["subject"] == "tổng kinh phí"


def test_cli_search_takes_unquoted_words(db):
    result = run("search", "kinh", "phi", "--db", db, "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 3


def test_cli_search_of_nothing_says_so(db):
    result = run("search", "không có chữ này", "--db", db)
    assert result.exit_code == 0 and result.stdout == ""
    assert "no fact matches" in result.stderr


def test_cli_stats_and_export(db, tmp_path):
    table = run("stats", "--db", db, "--by", "indicator,year", "--kind", "money").stdout
    assert "19,45 tỷ đồng" in table and "800.000 USD" in table
    rows = list(csv.DictReader(run("stats", "--db", db, "--by", "province", "--format", "csv",
                                   "--indicator", "budget").stdout.splitlines()))
    assert [(r["province"], r["unit"], r["sum"]) for r in rows] == [
        ("Thái Bình", "VND", "19448500000"), ("Đồng Nai", "USD", "800000")]
    result = run("export", "--db", db, "--format", "jsonl", "-o", str(tmp_path / "f.jsonl"))
    assert result.exit_code == 0 and f"exported {len(ALL_FACTS)} facts" in result.stderr
    assert len((tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()) == len(ALL_FACTS)


@pytest.mark.parametrize("args, message", [
    (["search", "--db", "{missing}"], "no such database"),
    (["stats", "--db", "{old}"], "schema version 0.0.1"),
    (["export", "--db", "{old}", "-o", "x.csv"], "schema version 0.0.1"),
    (["search", "--db", "{db}", "--indicator", "budgt"], "no fact has indicator 'budgt'"),
    (["search", "--db", "{db}", "--min", "5", "--max", "1"], "is above the maximum"),
    (["search", '"', "--db", "{db}"], "has no words to search for"),
    (["stats", "--db", "{db}", "--by", "indicator,colour"], "cannot group by colour"),
    (["export", "--db", "{db}", "--format", "parquet", "-o", "-"], "parquet cannot be written"),
])
def test_cli_errors_are_one_line_and_exit_2(db, tmp_path, args, message):
    set_version(tmp_path / "old.db", "0.0.1")
    paths = {"db": db, "missing": str(tmp_path / "missing.db"), "old": str(tmp_path / "old.db")}
    result = run(*[arg.format(**paths) for arg in args])
    assert result.exit_code == 2
    assert result.stderr.startswith("vnfacts: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


# --- Figures, places and programmes: a second database ------------------------------------
# The two outlets' copies of the report of support.py, with the facts the engine gives them made
# by hand (programme included, which the engine does not tell yet), and articles of Hồ Chí Minh,
# Bình Dương (Hồ Chí Minh since 2025) and Hà Nội.

def copy_facts(article: Article) -> list[Fact]:
    context = {"province": "Thái Bình", "province_2025": "Hưng Yên", "programme": "khuyến công",
               "period": "giai đoạn 2021-2025", "period_start": 2021, "period_end": 2025}
    money = {"kind": "money", "unit": "VND", "indicator": "budget"}
    return [fact_in(article.text, *args, article=article.id, **context, **fields) for args, fields in [
        (("20 tỷ đồng",), {**money, "value": 20e9, "qualifier": "nearly", "figure": 1}),
        (("150 đề án",), {"value": 150.0, "indicator": "projects", "subject": "đề án", "figure": 2}),
        (("19,8 tỷ đồng",), {**money, "value": 19.8e9, "figure": 1}),
        (("7,5 tỷ đồng",), {**money, "value": 7.5e9, "figure": 3, "part_of": 1}),
        (("1,2 triệu đồng",), {**money, "value": 1.2e6, "per": "học viên", "figure": 4}),
    ]]


def place_article(id: str, published: str, text: str) -> Article:
    return Article(id=id, source="tests", title=text.partition("\n")[0], published=published,
                   text=text, url=f"https://example.vn/{id}")


HCM = place_article("hcm-nong-thon-moi", "2024-03-01",
                    "TP.HCM chi 500 tỷ đồng cho nông thôn mới\nNăm 2024, TP.HCM chi 500 tỷ đồng "
                    "cho 56 xã nông thôn mới và vay 2 triệu USD.")
BINH_DUONG = place_article("binh-duong-khu-cong-nghiep", "2024-05-01",
                           "Bình Dương thu hút 700 tỷ đồng\nNăm 2024, Bình Dương thu hút 700 tỷ "
                           "đồng vốn vào khu công nghiệp.")
HA_NOI = place_article("ha-noi-khuyen-cong", "2023-01-01",
                       "Hà Nội: 3 tỷ đồng khuyến công\nNăm 2023, Hà Nội dành 3 tỷ đồng cho "
                       "khuyến công và 1,5 triệu USD cho làng nghề.")
PLACES = {
    HCM.id: [("500 tỷ đồng", 0, 500e9, "VND", 1), ("500 tỷ đồng", 1, 500e9, "VND", 1),
             ("56 xã", 0, 56.0, None, 2), ("2 triệu USD", 0, 2e6, "USD", 3)],
    BINH_DUONG.id: [("700 tỷ đồng", 0, 700e9, "VND", 1), ("700 tỷ đồng", 1, 700e9, "VND", 1)],
    HA_NOI.id: [("3 tỷ đồng", 0, 3e9, "VND", 1), ("3 tỷ đồng", 1, 3e9, "VND", 1),
                ("1,5 triệu USD", 0, 1.5e6, "USD", 2)],
}
PROVINCES = {HCM.id: ("Hồ Chí Minh", "Hồ Chí Minh", "nông thôn mới"),
             BINH_DUONG.id: ("Bình Dương", "Hồ Chí Minh", None),
             HA_NOI.id: ("Hà Nội", "Hà Nội", "khuyến công")}
REPORTS = [Article(source="tests", **{**item, "text": f"{item['title']}\n{item['text']}"})
           for item in (REPORT, COPY)]


def place_facts(article: Article) -> list[Fact]:
    province, province_2025, programme = PROVINCES[article.id]
    return [fact_in(article.text, written, occurrence, article=article.id, value=value, unit=unit,
                    kind="money" if unit else "count", indicator="budget" if unit else "count",
                    province=province, province_2025=province_2025, programme=programme,
                    year=int(article.published[:4]), figure=figure)
            for written, occurrence, value, unit, figure in PLACES[article.id]]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> str:
    """The second database, stored by the real writer (so stories are real)."""
    path = tmp_path_factory.mktemp("places") / "places.db"
    database = open_store(path, create=True)
    stored = [ExtractedArticle(a, a.text, copy_facts(a)) for a in REPORTS] + \
        [ExtractedArticle(a, a.text, place_facts(a)) for a in (HCM, BINH_DUONG, HA_NOI)]
    store_articles(database, stored, run_id=start_run(database, ["tests"]))
    database.close()
    return str(path)


def articles_of(found) -> list[str]:
    return sorted({item.fact.article for item in found})


def test_search_says_how_many_facts_match_when_it_cuts(places):
    found = search(places, limit=3)
    assert len(found) == 3 and found.total == 19
    assert search(places, "khuyến công", limit=100).total == 13
    result = run("search", "--db", places, "--limit", "3")
    assert result.exit_code == 0 and "vnfacts: 3 of 19 facts (--limit shows more)" in result.stderr
    assert "of" not in run("search", "--db", places, "--limit", "19").stderr


def test_search_counts_up_to_a_cap_and_says_there_are_more(places, monkeypatch):
    monkeypatch.setattr(query_module, "TOTAL_MOST", 10)
    found = search(places, limit=3)
    assert len(found) == 3 and (found.total, found.more) == (10, True)
    assert (search(places, "khuyến công", limit=3).total, search(places, "khuyến công").more) == (10, True)
    few = search(places, province="Hà Nội")  # fewer than the cap: counted exactly
    every = search(places, province="Hà Nội", limit=100)
    assert few.total < 10 and (few.total, few.more) == (len(every), False)
    result = run("search", "--db", places, "--limit", "3")
    assert result.exit_code == 0 and "vnfacts: 3 of more than 10 facts (--limit shows more)" in result.stderr


def test_search_by_unit_case_aside(places):
    assert sorted(i.fact.text for i in search(places, unit="usd")) == ["1,5 triệu USD", "2 triệu USD"]
    rows = list(csv.DictReader(run("search", "--db", places, "--unit", "USD", "--unit", "vnd",
                                   "--province", "Hà Nội", "--format", "csv").stdout.splitlines()))
    assert sorted(row["text"] for row in rows) == ["1,5 triệu USD", "3 tỷ đồng", "3 tỷ đồng"]


def test_search_sorts_by_value_or_date(places):
    by_value = [i.fact.value for i in search(places, kind="money", unit="VND", sort="value", limit=3)]
    assert by_value == [700e9, 700e9, 500e9]
    newest = [i.published for i in search(places, sort="published", limit=100)]
    assert newest == sorted(newest, reverse=True)
    # with words, the order is over every match, not only the facts whose sentence matches
    assert search(places, "khuyến công", sort="value", limit=1)[0].fact.value == 20e9
    result = run("search", "--db", places, "--sort", "value", "--limit", "1", "--format", "jsonl")
    assert json.loads(result.stdout)["value"] == 700e9
    with pytest.raises(QueryError, match="cannot sort by 'size'; choose from value, published"):
        search(places, sort="size")


@pytest.mark.parametrize("written", ["Hồ Chí Minh", "TP.HCM", "TPHCM", "HCM", "tp hcm", "Tp. HCM",
                                     "Thành phố Hồ Chí Minh", "ho chi minh", "Sài Gòn", "SAI GON"])
def test_province_as_written_with_its_aliases_and_no_2025_successor(places, written):
    assert articles_of(search(places, province=written, limit=100)) == [HCM.id]


@pytest.mark.parametrize("written", ["Hà Nội", "HN", "ha noi", "TP. Hà Nội", "thanh pho ha noi"])
def test_hanoi_by_any_of_its_names(places, written):
    assert articles_of(search(places, province=written, limit=100)) == [HA_NOI.id]


def test_the_2025_province_only_when_asked(places):
    assert articles_of(search(places, province_2025="TP.HCM", limit=100)) == [BINH_DUONG.id, HCM.id]
    assert articles_of(search(places, province="HCM", province_2025="Hồ Chí Minh")) == [HCM.id]
    rows = run("search", "--db", places, "--province-2025", "ho chi minh", "--format", "csv").stdout
    assert {row["article"] for row in csv.DictReader(rows.splitlines())} == {BINH_DUONG.id, HCM.id}
    rows = run("search", "--db", places, "--province", "TP.HCM", "--format", "csv").stdout
    assert {row["article"] for row in csv.DictReader(rows.splitlines())} == {HCM.id}


def test_programme_tone_marks_aside_in_search_stats_and_export(places, tmp_path):
    report_ids = sorted(a.id for a in REPORTS)
    assert articles_of(search(places, programme="khuyen cong", limit=100)) == \
        sorted([HA_NOI.id, *report_ids])
    assert articles_of(search(places, programme="Nông thôn mới")) == [HCM.id]
    rows = list(csv.DictReader(run("search", "--db", places, "--programme", "KHUYẾN CÔNG",
                                   "--format", "csv", "--limit", "100").stdout.splitlines()))
    assert len(rows) == 13
    by_programme = {(row["programme"], row["unit"], row["per"]): row["sum"]
                    for row in stats(places, by="programme", kind="money")}
    assert by_programme[("khuyến công", "VND", None)] == 19.8e9 + 3e9
    table = run("stats", "--db", places, "--by", "province", "--programme", "khuyen cong").stdout
    assert "Hà Nội" in table and "Hồ Chí Minh" not in table
    assert export(places, tmp_path / "kc.csv", "csv", programme="khuyến công") == 13
    result = run("export", "--db", places, "--programme", "khuyen cong", "--unit", "USD",
                 "--format", "jsonl", "-o", "-")
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["1,5 triệu USD"]


def test_stats_count_a_syndicated_report_once(places):
    rows = stats(places, by=["indicator", "province"], programme="khuyến công", indicator="budget")
    assert [row for row in rows if row["province"] == "Thái Bình"] == [
        {"indicator": "budget", "province": "Thái Bình", "kind": "money", "unit": "VND",
         "per": "học viên", "figures": 1, "articles": 2, "stories": 1, "sum": None,
         "min": 1.2e6, "max": 1.2e6},
        {"indicator": "budget", "province": "Thái Bình", "kind": "money", "unit": "VND",
         "per": None, "figures": 1, "articles": 2, "stories": 1, "sum": 19.8e9,
         "min": 19.8e9, "max": 19.8e9},
    ]
    table = run("stats", "--db", places, "--by", "province", "--indicator", "budget",
                "--province", "Thái Bình").stdout
    assert "19,8 tỷ đồng" in table and "1,2 triệu đồng/học viên" in table and "–" in table


def test_saved_queries_count_as_stats_does(places):
    queries = datasette_metadata(places)["databases"]["places"]["queries"]
    with closing(sqlite3.connect(places)) as connection:
        connection.row_factory = sqlite3.Row
        serve_display.prepare_connection(connection, "places", None)  # the SQL words of Datasette
        unfiltered = {"programme": "", "province": "", "from": "", "to": ""}
        budget = [dict(row) for row in connection.execute(queries["budget_by_province_year"]["sql"],
                                                          unfiltered)]
    expected = stats(places, by=["province", "year"], indicator="budget")
    columns = ("province", "unit", "per", "figures", "articles", "stories")
    assert sorted((*(str(r[c]) for c in columns), r["total"]) for r in budget) == \
        sorted((*(str(r[c]) for c in columns), r["sum"]) for r in expected)
    thai_binh = [r for r in budget if r["province"] == "Thái Bình" and r["per"] is None]
    assert [(r["figures"], r["articles"], r["stories"], r["total"]) for r in thai_binh] == \
        [(1, 2, 1, 19.8e9)]


def test_a_part_never_hides_a_figure_of_its_value(tmp_path):
    text = ("Năm 2023 tỉnh chi 10 tỷ đồng, trong đó 2 tỷ đồng cho đào tạo nghề. Năm 2024 tỉnh chi "
            "thêm 2 tỷ đồng cho hội chợ.")
    article = Article(id="hai-ty", source="tests", text=text, published="2024-06-01")
    money = {"kind": "money", "unit": "VND", "indicator": "budget"}
    facts = [fact_in(text, "10 tỷ đồng", article="hai-ty", value=10e9, figure=1, **money),
             fact_in(text, "2 tỷ đồng", article="hai-ty", value=2e9, figure=2, part_of=1, **money),
             fact_in(text, "2 tỷ đồng", 1, article="hai-ty", value=2e9, figure=3, **money)]
    database = open_store(tmp_path / "f.db", create=True)
    store_articles(database, [ExtractedArticle(article, text, facts)], run_id=start_run(database, []))
    database.close()
    (row,) = stats(tmp_path / "f.db", by="indicator")
    assert (row["figures"], row["sum"], row["min"]) == (2, 12e9, 2e9)


def test_figures_of_one_value_and_different_periods_are_both_counted(tmp_path):
    text = "Giai đoạn 2016-2020 tỉnh chi 5 tỷ đồng; giai đoạn 2021-2025 tỉnh chi 5 tỷ đồng. Có 4 đảo, 4 cầu."
    article = Article(id="hai-ky", source="tests", text=text, published="2024-06-01")
    money = {"kind": "money", "unit": "VND", "indicator": "budget", "value": 5e9}
    count = {"kind": "count", "indicator": "count", "value": 4.0}
    facts = [fact_in(text, "5 tỷ đồng", article="hai-ky", figure=1, period_start=2016, period_end=2020,
                     **money),
             fact_in(text, "5 tỷ đồng", 1, article="hai-ky", figure=2, period_start=2021,
                     period_end=2025, **money),
             fact_in(text, "4 đảo", article="hai-ky", figure=3, subject="đảo", **count),
             fact_in(text, "4 cầu", article="hai-ky", figure=4, subject="cầu", **count)]
    database = open_store(tmp_path / "f.db", create=True)
    store_articles(database, [ExtractedArticle(article, text, facts)], run_id=start_run(database, []))
    database.close()
    assert [(row["kind"], row["figures"], row["sum"]) for row in stats(tmp_path / "f.db", by="kind")] == [
        ("count", 2, 8), ("money", 2, 10e9)]


def test_copies_that_read_their_context_apart_are_still_one_figure(tmp_path):
    report, copy = REPORTS
    facts = [fact_in(article.text, "19,8 tỷ đồng", article=article.id, kind="money", unit="VND",
                     indicator="budget", value=19.8e9, figure=1, **period)
             for article, period in ((report, {"period_start": 2021, "period_end": 2025}), (copy, {}))]
    database = open_store(tmp_path / "f.db", create=True)
    store_articles(database, [ExtractedArticle(article, article.text, [fact])
                              for article, fact in zip(REPORTS, facts, strict=True)],
                   run_id=start_run(database, []))
    database.close()
    (row,) = stats(tmp_path / "f.db", by="indicator")
    assert (row["figures"], row["articles"], row["stories"], row["sum"]) == (1, 2, 1, 19.8e9)
# Hostile input: one line and a status, never a traceback, never a broken output.

def strict_json(line: str):  # type: ignore[no-untyped-def]
    """A line parsed as JSON proper: `NaN` and `Infinity` are errors."""
    def refuse(name: str):  # type: ignore[no-untyped-def]
        raise ValueError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


@pytest.mark.parametrize("arguments", [
    ["search", "--format", "jsonl", "--limit", "100"],
    ["stats", "--by", "indicator,province,year", "--format", "jsonl"],
    ["export", "--format", "jsonl", "-o", "-"],
])
def test_json_outputs_are_strict_json(db, arguments):
    result = run(*arguments, "--db", db)
    assert result.exit_code == 0, result.output
    assert [strict_json(line) for line in result.stdout.splitlines()]


def test_a_value_that_is_not_finite_is_written_as_null_not_infinity(tmp_path):
    path = tmp_path / "old.db"
    make_sample_db(path).close()
    with sqlite3.connect(path) as connection:  # as an older vnfacts could store it
        connection.execute("UPDATE facts SET value = 9e999 WHERE kind = 'money'")
    lines = run("export", "--db", str(path), "--format", "jsonl", "-o", "-").stdout.splitlines()
    assert {strict_json(line)["value"] for line in lines if '"money"' in line} == {None}
    stats_lines = run("stats", "--db", str(path), "--by", "kind", "--format", "jsonl").stdout
    assert {strict_json(line)["sum"] for line in stats_lines.splitlines()
            if strict_json(line)["kind"] == "money"} == {None}


@pytest.mark.parametrize(("arguments", "message"), [
    (["search", "--year", "99999999999999999999"],
     "99999999999999999999 is not a year (expected -9999 to 9999)"),
    (["stats", "--from", "-99999999999999999999"],
     "-99999999999999999999 is not a year (expected -9999 to 9999)"),
    (["search", "--min", "nan"], "the minimum value is not a number (NaN)"),
    (["export", "-o", "no/such/folder/facts.csv"],
     "no/such/folder/facts.csv: cannot write the export there (no folder no/such/folder)"),
    (["export", "--format", "parquet", "-o", "no/such/folder/facts.parquet"],
     "no/such/folder/facts.parquet: cannot write the export there (no folder no/such/folder)"),
])
def test_impossible_requests_are_one_line_and_exit_2(db, arguments, message):
    result = run(*arguments, "--db", db)
    assert result.exit_code == 2
    assert result.stderr == f"vnfacts: {message}\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="a device that is always full")
def test_an_export_onto_a_full_disk_is_one_line_and_exit_1(db):
    result = run("export", "--db", db, "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr == "vnfacts: /dev/full: cannot write the export (No space left on device)\n"


def test_control_characters_in_a_query_are_spaces(db):
    assert texts(search(db, "khuyến\x00công", limit=100)) == texts(search(db, "khuyến công", limit=100))
    with pytest.raises(QueryError, match="has no words"):
        search(db, "\x00\x1b")


def test_a_title_cannot_send_escape_sequences_to_the_terminal(tmp_path):
    path = tmp_path / "esc.db"
    make_sample_db(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE articles SET title = ?", ["\x1b]0;pwned\x07\x1b[2JTin \x9b31m"])
    result = run("search", "--db", str(path), "--limit", "3")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout


def test_an_article_without_a_title_is_shown_by_its_opening_words_not_given_one(tmp_path):
    path = tmp_path / "untitled.db"
    make_sample_db(path, also=(UNTITLED,)).close()
    (found,) = search(path, province="Hậu Giang")
    assert found.title is None and found.to_dict()["article_title"] is None  # no title invented
    assert found.label == ArticleLabel(
        "Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho…", titled=False)
    assert search(path, province="Thái Bình")[0].label == ArticleLabel(THAI_BINH.title, titled=True)
    table = run("search", "--db", str(path), "--province", "Hậu Giang").stdout
    assert "(không tiêu đề) Sáng 12/3, tỉnh Hậu…" in table  # the caption above the lead is passed over
    assert "Ảnh" not in table and UNTITLED.id not in table
    (row,) = csv.DictReader(run("search", "--db", str(path), "--province", "Hậu Giang",
                                "--format", "csv").stdout.splitlines())
    assert row["article_title"] == ""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT title FROM articles WHERE id = ?", [UNTITLED.id]).fetchall() == [
            (None,)]


def test_a_period_up_to_a_year_is_found_by_that_year(tmp_path):
    """A plan "từ nay đến năm 2030" is of the years up to 2030 from no year
    written (period_start null): a search for 2030 finds it, one for the
    years after it does not."""
    text = tmp_path / "ke-hoach.txt"
    text.write_text("Kế hoạch trường học\nTừ nay đến năm 2030, tỉnh sẽ xây thêm 12 trường học.\n",
                    encoding="utf-8")
    db = tmp_path / "ke-hoach.db"
    ingest([str(text)], str(db))
    found = [row.fact for row in search(db, year=2030)]
    assert [(fact.text, fact.period_start, fact.period_end) for fact in found] == [
        ("12 trường học", None, 2030)]
    assert list(search(db, year_from=2031)) == []
