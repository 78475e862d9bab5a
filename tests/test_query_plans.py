"""How SQLite answers the main shapes of search, stats and the dashboard:
through indexes, never a scan of every fact, on a database of a few thousand
synthetic facts whose planner statistics say how the values spread. And an
existing database of the earlier layout gets the indexes and the figure
counts when a writer opens it."""

from __future__ import annotations

import random
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_store import make_sample_db

import extractor.query as query
import extractor.store as store
from extractor import serve_display
from extractor.dashboard import ANY_FILTER, FIGURES_SHOWN, dashboard
from extractor.serve import datasette_app
from extractor.store import (
    FIGURE_COUNTS_SQL,
    FIGURES_STALE,
    StoreError,
    open_reader,
    open_store,
    refresh_figures,
)

PROVINCES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Nghệ An", "Thái Bình", "national"]
INDICATORS = [("budget", "money", "VND"), ("revenue", "money", "USD"), ("workers", "count", None),
              ("people", "count", None), ("percent", "percent", "%"), ("quantity", "quantity", "ha")]
WORDS = ["kinh phí", "lao động", "dự án", "khuyến công", "doanh thu", "học sinh", "đường", "xã"]
TABLE_SCAN = re.compile(r"\bSCAN (f|facts)\b(?! USING)")
"""A plan step reading every row of `facts` (an index walked in order reads `USING` one)."""


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> Path:
    """300 articles of ten facts each, spread over provinces, indicators,
    years, periods and values, with the planner's statistics of an archive
    a hundred times larger (`as_an_archive`)."""
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    rng = random.Random(7)
    db = open_store(path, create=True)
    articles, facts = [], []
    for number in range(300):
        article = f"a{number:03d}"
        words = [*rng.sample(WORDS, 3), "của", "trong"]
        text = f"Bài {number} về {', '.join(words)}."
        articles.append({"id": article, "title": f"Tin {words[0]}", "text": text, "fact_count": 10,
                         "published": f"2017-{1 + number % 12:02d}-{1 + number % 28:02d}"})
        for place in range(10):
            indicator, kind, unit = rng.choice(INDICATORS)
            period = rng.random() < 0.1
            start = rng.randint(2010, 2020)
            facts.append({
                "article": article, "kind": kind, "unit": unit, "indicator": indicator,
                "value": rng.choice([5, 120, 3500, 2e6, 8e8, 3e10]) * rng.random(),
                "text": "5", "sentence": f"{rng.choice(words)} {place}", "start": place, "end": place + 1,
                "province": rng.choice(PROVINCES), "province_2025": rng.choice(PROVINCES),
                "programme": rng.choice([None] * 8 + ["khuyến công", "nông thôn mới"]),
                "year": None if period else start,
                "period_start": start if period else None, "period_end": start + 4 if period else None,
            })
    db["articles"].insert_all(articles)
    db["facts"].insert_all(facts)
    db.execute("INSERT INTO meta (key, value) VALUES (?, '1')", [FIGURES_STALE])
    db.conn.commit()
    refresh_figures(db)  # as the writer does at the end of an ingest (the planner's statistics too)
    as_an_archive(db, 100)
    db.conn.commit()
    db.close()
    return path


def as_an_archive(db, factor: int) -> None:
    """Planner statistics that say `facts` holds `factor` times its rows,
    each value as common as here: how SQLite's documentation has a small
    database planned as a big one (a filter value of 3,000 facts among
    300,000 is worth its index; among 3,000 it is not)."""
    for index, stat in db.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'facts'").fetchall():
        rows, *per_value = stat.split()
        db.execute("UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'facts' AND idx IS ?",
                   [" ".join([str(int(rows) * factor), *per_value]), index])


def statements_of(path: Path, monkeypatch: pytest.MonkeyPatch, function, *args, **kwargs) -> list[str]:
    """The SQL statements (their parameters bound) that a query function runs."""
    run: list[str] = []

    def traced(db: Path) -> sqlite3.Connection:
        connection = open_reader(db)
        connection.set_trace_callback(run.append)
        return connection

    monkeypatch.setattr(query, "open_reader", traced)
    function(path, *args, **kwargs)
    return [sql for sql in run if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def plan(path: Path, sql: str, params: dict | None = None,
         connect=lambda path: closing(open_reader(path))) -> list[str]:
    with connect(path) as connection:
        return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params or {})]


SEARCHES = [
    {"indicator": "workers"}, {"province": "Hà Nội"}, {"province_2025": "Nghệ An"},
    {"programme": "khuyen cong"}, {"year": 2015}, {"year_from": 2012, "year_to": 2014},
    {"min_value": 1e9}, {"max_value": 10}, {"kind": "money", "unit": "VND", "min_value": 1e6},
    {"indicator": "budget", "min_value": 1e6, "max_value": 1e9}, {"unit": "ha", "max_value": 100},
    {"query": "khuyến công"}, {"query": "của"}, {"query": "trong", "indicator": "people"},
    {"query": "lao động", "province": "Hà Nội", "year": 2016},
    {"min_value": 1e9, "sort": "value"}, {"query": "của", "sort": "value"},
    {"indicator": "workers", "year": 2015}, {"province": "Hà Nội", "year_from": 2012, "year_to": 2016},
    {"query": "của", "year_from": 2012, "year_to": 2016}, {"query": "trong", "province": "Hà Nội"},
    {"query": "xã", "indicator": "budget", "year": 2014},
    {"query": "lao động", "year_from": 2014, "year_to": 2018, "sort": "value"},
]


@pytest.mark.parametrize("arguments", SEARCHES, ids=lambda arguments: ",".join(arguments))
def test_a_filtered_search_reads_no_table_scan_of_facts(planned, monkeypatch, arguments):
    arguments = dict(arguments)
    words = arguments.pop("query", None)
    statements = statements_of(planned, monkeypatch, query.search, words, **arguments)
    assert statements
    for sql in statements:
        steps = plan(planned, sql)
        assert not [step for step in steps if TABLE_SCAN.search(step)], (sql, steps)


@pytest.mark.parametrize(("year_from", "year_to", "index"), [
    (2023, 2024, "idx_facts_period_end_"), (2010, 2011, "idx_facts_period_start_"),
    (2019, None, "idx_facts_period_end_"),
])
def test_a_year_filter_reads_the_periods_from_the_side_that_holds_fewer(
        planned, monkeypatch, year_from, year_to, index):
    """The fixture's periods start in 2010-2020 and end four years later: few
    end in 2023 or after, few start by 2011. Either side finds the same facts."""
    years = {"year_from": year_from, "year_to": year_to}
    steps = [step for sql in statements_of(planned, monkeypatch, query.search, None, **years)
             for step in plan(planned, sql)]
    assert any(index in step for step in steps), steps
    monkeypatch.undo()
    found = {(item.fact.article, item.fact.start) for item in query.search(planned, limit=1000, **years)}
    with closing(open_reader(planned)) as connection:
        expected = set(connection.execute(
            "SELECT article, start FROM facts WHERE year BETWEEN :low AND :high"
            " OR (period_start <= :high AND period_end >= :low)",
            {"low": year_from, "high": year_to or 10_000}).fetchall())
    assert found == expected and expected
    chosen = query._reads_periods_from_end
    monkeypatch.setattr(query, "_reads_periods_from_end", lambda *arguments: not chosen(*arguments))
    again = query.search(planned, limit=1000, **years)
    assert {(item.fact.article, item.fact.start) for item in again} == found


def test_a_search_of_many_matches_walks_the_facts_in_result_order(planned, monkeypatch):
    found = query.search(planned, min_value=0, limit=5)
    statements = statements_of(planned, monkeypatch, query.search, None, min_value=0, limit=5)
    steps = plan(planned, statements[-1])
    assert any("idx_articles_published" in step for step in steps), steps  # no sort of every match
    with closing(open_reader(planned)) as connection:
        newest = connection.execute("SELECT max(published) FROM articles").fetchone()[0]
    assert {item.published for item in found} == {newest}
    assert found.total == query.TOTAL_MOST and found.more  # 3,000 match: counted up to the cap


@pytest.mark.parametrize("filters", [{"indicator": "budget"}, {"province": "Hà Nội", "year": 2015}])
def test_stats_of_a_filter_reads_no_table_scan_of_facts(planned, monkeypatch, filters):
    for sql in statements_of(planned, monkeypatch, query.stats, "province", **filters):
        steps = plan(planned, sql)
        assert not [step for step in steps if TABLE_SCAN.search(step)], (sql, steps)


def dashboard_queries() -> list[tuple[str, str]]:
    charts = dashboard("plans")["charts"]
    return [(name, chart["query"]) for name, chart in charts.items() if "figures f" in chart.get("query", "")]


def with_filters(sql: str, params: dict[str, str]) -> str:
    """The SQL datasette-dashboards runs: each `[[ … ]]` kept when its filter is set."""
    def block(found: re.Match) -> str:
        names = re.findall(r":(\w+)", found.group(1))
        return found.group(1) if all(params.get(name) for name in names) else ""
    return re.sub(r"\[\[(.*?)\]\]", block, sql)


ADDRESSES = SimpleNamespace(urls=SimpleNamespace(path=lambda path: path, row=lambda *parts: "/".join(parts)))
"""What the dashboard's SQL functions ask of Datasette: the addresses of its pages."""


def dashboard_connection(path: Path):
    connection = open_reader(path)
    serve_display.prepare_connection(connection, "plans", ADDRESSES)
    return closing(connection)


@pytest.mark.parametrize("params", [{"indicator": "kinh phí"}, {"province": "ha noi", "from": "2015"},
                                    {"province_2025": "Nghệ An", "programme": "khuyen cong"}])
def test_the_dashboard_filters_read_no_table_scan_of_facts(planned, params):
    params = {"programme": "", "indicator": "", "province": "", "province_2025": "", "from": "",
              "to": "", "q": "", **params}
    queries = dashboard_queries()
    assert len(queries) >= 4
    for name, sql in queries:
        steps = plan(planned, with_filters(sql, params), params, dashboard_connection)
        assert not [step for step in steps if TABLE_SCAN.search(step)], (name, steps)


def test_the_dashboard_says_when_no_figure_matches_and_which_programmes_there_are(planned):
    """A programme the database does not hold leaves its select blank and the
    counts at zero: the figures table says why, and names those it holds."""
    figures = dashboard("plans")["charts"]["figures"]["query"]

    def rows(**params: str) -> list[tuple]:
        return chart_rows(planned, figures, {**NO_FILTER, **params})

    [(message, *rest)] = rows(programme="OCOP <b>")
    assert message == ("Không có số liệu nào khớp với bộ lọc này. Chương trình «OCOP &lt;b&gt;» không có "
                       "trong cơ sở dữ liệu này; các chương trình có: khuyến công, nông thôn mới.")
    assert set(rest) == {""}
    assert rows(q="không có từ này") == [("Không có số liệu nào khớp với bộ lọc này.", *rest)]
    held = rows(programme="khuyen cong")
    assert len(held) == FIGURES_SHOWN and not any(row[0].startswith("Không có số liệu") for row in held)


def test_the_dashboard_choices_read_the_distinct_values_from_an_index(planned):
    """The choices of each select filter put only the distinct stored values in
    words (a Python function per fact timed out over a whole archive)."""
    filters = dashboard("plans")["filters"]
    selects = {name: spec["query"] for name, spec in filters.items() if "query" in spec}
    assert set(selects) == {"programme", "indicator", "province", "province_2025"}
    for name, sql in selects.items():
        steps = plan(planned, sql, {}, dashboard_connection)
        assert not [step for step in steps if TABLE_SCAN.search(step)], (name, steps)
        assert any("COVERING INDEX" in step for step in steps), (name, steps)


NO_FILTER = dict.fromkeys(("programme", "indicator", "province", "province_2025", "from", "to", "q"), "")
SUMMED_CHARTS = ("by-province", "by-period", "totals")


def chart_rows(path: Path, sql: str, params: dict[str, str]) -> list[tuple]:
    """A chart's rows, sums to 12 digits (added in another order, the last ones differ)."""
    with dashboard_connection(path) as connection:
        rows = connection.execute(with_filters(sql, params), params).fetchall()
    return [tuple(float(f"{value:.12g}") if isinstance(value, float) else value for value in row)
            for row in rows]


def test_the_charts_of_every_figure_read_the_writers_sums_alone(planned, tmp_path):
    """With no filter, the charts over every figure give what the figures
    give, read from `figure_totals` and `figure_articles` only: the same
    rows once the facts are gone."""
    charts = dashboard("plans")["charts"]
    summed = {name: chart_rows(planned, charts[name]["query"], NO_FILTER) for name in SUMMED_CHARTS}
    for name, rows in summed.items():
        of_figures = charts[name]["query"].replace(f"NOT {ANY_FILTER}", "0").replace(ANY_FILTER, "1")
        assert rows and rows == chart_rows(planned, of_figures, NO_FILTER), name
    emptied = tmp_path / "sums-only.db"
    with closing(sqlite3.connect(planned)) as source, closing(sqlite3.connect(emptied)) as copy:
        source.backup(copy)
        copy.execute("DELETE FROM figure_counts")
        copy.execute("DELETE FROM facts")
        copy.commit()
    for name, rows in summed.items():
        assert chart_rows(emptied, charts[name]["query"], NO_FILTER) == rows, name
        assert not chart_rows(emptied, charts[name]["query"], {**NO_FILTER, "province": "Hà Nội"}), name


def test_the_dashboard_years_are_the_search_years(planned):
    """The dashboard's years in SQL agree with `vnfacts search --from --to`."""
    conditions = with_filters(dashboard_queries()[0][1], {}).split("FROM figures f", 1)[1]
    for year_from, year_to in (("2012", "2014"), ("", "2011"), ("2019", ""), ("", ""), ("x", "")):
        params = {"from": year_from, "to": year_to}
        with dashboard_connection(planned) as connection:
            sql = f"SELECT count(*) FROM figures f {conditions.split(' GROUP BY')[0]}"
            shown = connection.execute(sql, params).fetchone()[0]
        bounds = {"year_from": int(year_from) if year_from.isdigit() else None,
                  "year_to": int(year_to) if year_to.isdigit() else None}
        found = query.search(planned, limit=1, **bounds)  # here each mention is a figure
        assert (found.total, found.more) == (min(shown, query.TOTAL_MOST), shown > query.TOTAL_MOST), params


def test_a_database_of_the_earlier_layout_is_brought_up_to_date_by_a_writer(tmp_path):
    path = tmp_path / "old.db"
    db = make_sample_db(path)
    counted = db.execute("SELECT * FROM figures ORDER BY id").fetchall()
    # the layout of vnfacts before: single-column indexes, the figures view computed on every query
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'"
                              ).fetchall():
        db.execute(f"DROP INDEX {name}")
    for column in ("article", "indicator", "kind", "province", "year"):
        db["facts"].create_index([column])
    db.execute("DROP VIEW figures")
    db.execute("DROP TABLE figure_counts")
    db.execute(f"CREATE VIEW figures AS WITH c(id, story, mentions, counted) AS ({FIGURE_COUNTS_SQL}) "
               "SELECT f.*, c.story, c.mentions, c.counted, f.per IS NULL AND f.kind != 'percent' "
               "AS addable FROM c JOIN facts f ON f.id = c.id")
    db.conn.commit()
    db.close()
    assert query.search(path, indicator="budget").total > 0  # read as it is, read-only

    open_store(path, create=True).close()
    with closing(sqlite3.connect(path)) as connection:
        indexes = {name for (name,) in
                   connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_facts_value_article_start_filters", "idx_facts_kind_unit_value_article_filters",
                "idx_facts_article_start_filters", "idx_articles_published_id_fact_count"} <= indexes
        assert not {"idx_facts_article", "idx_facts_indicator", "idx_facts_kind",
                    "idx_facts_article_start", "idx_facts_year_article"} & indexes
        assert connection.execute("SELECT * FROM figures ORDER BY id").fetchall() == counted
        assert connection.execute("SELECT sum(figures) FROM figure_totals").fetchone()[0] == sum(
            row[-2] for row in counted)
        assert connection.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0


def earlier_layout(path: Path) -> None:
    """The database at `path` as vnfacts wrote it before the covering indexes and the sums."""
    with closing(sqlite3.connect(path)) as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                          "AND name LIKE 'idx_facts_%_filters'").fetchall():
            connection.execute(f"DROP INDEX {name}")
        connection.execute("CREATE INDEX idx_facts_article_start ON facts (article, start)")
        connection.execute("DROP TABLE figure_totals")
        connection.execute("DROP TABLE figure_articles")
        connection.commit()


def test_serving_a_database_of_the_earlier_layout_brings_it_up_to_date(tmp_path, capsys):
    path = tmp_path / "old.db"
    make_sample_db(path).close()
    earlier_layout(path)
    assert query.search(path, indicator="budget").total > 0  # searched as it is, read-only
    datasette_app(path)
    assert "adding its indexes and sums" in capsys.readouterr().err
    with closing(open_reader(path)) as connection:
        assert connection.execute("SELECT count(*) FROM figure_totals").fetchone()[0] > 0
        assert "idx_facts_article_start" not in {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    datasette_app(path)  # once: nothing more to add
    assert capsys.readouterr().err == ""


def test_a_database_of_the_earlier_layout_that_cannot_be_written_is_one_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    make_sample_db(path).close()
    earlier_layout(path)

    def read_only(db) -> None:  # what SQLite says of a file it may not write (root may write any)
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "upgrade", read_only)
    with pytest.raises(StoreError, match=r"readonly database.*cannot be brought up to date where it is"
                                         r": copy it") as error:
        datasette_app(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
