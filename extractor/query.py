"""Questions to the fact database: search, stats and export.

Every value a user types reaches SQL as a parameter, and full-text queries
are rebuilt from the user's words as quoted FTS5 phrases, so no query text
can break the SQL or the FTS5 syntax.

A search is planned from how many facts it matches, which an index counts
cheaply: a filter that matches a large share of the facts is answered by
walking the facts in the order of the results until `limit` match, a narrow
one by its index, the few facts found then sorted (`_found_rows`).
"""

from __future__ import annotations

import csv
import errno
import itertools
import json
import math
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from extractor.errors import VnfactsError
from extractor.model import FACT_FIELDS, Fact
from extractor.present import STATS_AMOUNTS, STATS_COUNTS, ArticleLabel, article_label, plain_number
from extractor.store import DatabasePath, WriteError, arrow_schema, fact_columns, open_reader

ARTICLE_OF_RECORD: dict[str, type] = {"article_title": str, "article_url": str, "article_published": str,
                                      "article_story": int}
"""What a search result or an exported fact tells of its article, with the types."""
RECORD_FIELDS = FACT_FIELDS + tuple(ARTICLE_OF_RECORD)
"""The columns of a search result or an exported fact: the fact record, then its article."""

GROUP_COLUMNS = (
    "indicator", "kind", "unit", "per", "province", "province_2025", "year", "period",
    "programme", "qualifier", "organization", "article", "story",
)
"""What `stats` can group by."""
ALWAYS_GROUPED = ("kind", "unit", "per")
"""Amounts are only compared within one kind, unit and rate denominator."""
SORTS = ("value", "published")

OUTPUT_FORMATS = ("csv", "jsonl", "parquet")
STATS_FIGURES = (*STATS_COUNTS, *STATS_AMOUNTS)
EXPORT_BATCH = 10_000
_D_VARIANTS = 3
"""At most this many `d`s of a search term also try `đ` (2**3 variants)."""
YEARS = range(-9999, 10_000)
"""The years a filter may name: an integer SQLite can compare (a year of
twenty digits is none)."""
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
OPENING_CHARS = 1000
"""How much of an untitled article's text a search returns: its opening
words, with room for a few photo captions above them."""
TOTAL_MOST = 1_000
"""A search counts its matches up to this many (`SearchResults.more` says
there are more): an exact count of a common word within a range of years
would cost more than finding the facts it shows."""
PROBE_MOST = 5000
"""Facts of a filter checked one by one against the matching articles, at
most: a search with more reads the facts of the matching articles instead."""
WALK_SHARE = 50
"""A search matching more than one fact in this many walks the facts in the
order of its results: the first `limit` come within about `limit` times this
many facts. One that matches fewer is read through its filters' indexes."""


class QueryError(VnfactsError, ValueError):
    """A question the database cannot answer as asked: a bad filter value,
    an unknown column, a query with no words."""


@dataclass(frozen=True)
class FactFilter:
    """Which facts a search, a stats table or an export is about.

    `indicator`, `kind`, `unit`, `province`, `province_2025` and `programme`
    take one value or several (any of them matches). `province` is the
    province as the article names it, `province_2025` the province it belongs
    to since the 2025 merger (so `Hồ Chí Minh` there includes Bình Dương);
    both take any written form of `patterns/context_province_aliases.tsv`
    (TP.HCM, HN), and they, `unit` and `programme` ignore case and tone
    marks. A year filter keeps the facts whose year, or period, overlaps
    `year_from`..`year_to` (`year` is both at once).
    """

    query: str | None = None
    indicator: str | Sequence[str] | None = None
    kind: str | Sequence[str] | None = None
    unit: str | Sequence[str] | None = None
    province: str | Sequence[str] | None = None
    province_2025: str | Sequence[str] | None = None
    programme: str | Sequence[str] | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    min_value: float | None = None
    max_value: float | None = None


@dataclass
class FoundFact:
    """A stored fact with the article it was read from (and the article's
    story, so that a script can count a figure once per story too)."""

    fact: Fact
    title: str | None
    url: str | None
    published: str | None
    story: int | None = None
    figure_at: int | None = None
    """Where `fact.text` starts in `fact.sentence` (None when it cannot be found)."""
    opening: str | None = None
    """The beginning of the article's text when it has no title (`OPENING_CHARS`)."""

    @property
    def label(self) -> ArticleLabel:
        """How a person sees the article: its title, or its opening words marked as no title."""
        return article_label(self.title, self.opening)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.fact.to_dict(),
            "article_title": self.title,
            "article_url": self.url,
            "article_published": self.published,
            "article_story": self.story,
        }


class SearchResults(list[FoundFact]):
    """The facts a search returns (a list), and `total`: how many match in
    all, of which the list holds the first `limit`; counted up to
    `TOTAL_MOST`, past which `more` is true and `total` that many."""

    def __init__(self, found: Iterable[FoundFact], total: int) -> None:
        super().__init__(found)
        self.more = total > TOTAL_MOST
        self.total = min(total, TOTAL_MOST)


def search(
    db: DatabasePath, query: str | None = None, *, limit: int = 20, sort: str | None = None,
    **filters: Any,
) -> SearchResults:
    """Facts matching `query` (full text over article titles and texts, which
    hold every fact's sentence and subject) and the `FactFilter` fields in
    `filters`, the first `limit` of them (`total` says how many match in all,
    up to `TOTAL_MOST`).

    By default facts whose own sentence or subject matches come first, then
    the newest articles; `sort` is `value` (largest first, equal values in
    article order) or `published` (newest first).
    """
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    if sort is not None and sort not in SORTS:
        raise QueryError(f"cannot sort by {sort!r}; choose from {', '.join(SORTS)}")
    with closing(open_reader(db)) as database:
        conditions, params = filter_sql(database, FactFilter(**filters))
        facts = database.execute("SELECT coalesce(max(id), 0) FROM facts").fetchone()[0]
        if query is None:
            total = facts if conditions == ["1"] else _count(database, conditions, params)
            rows = _found_rows(database, conditions, params, limit, sort, _walks(total, facts))
        else:
            # A filter of few facts, fewer than the words' (counted up to as
            # many), has each of its facts checked against the words; else
            # the words' articles are read from the full-text index, each
            # fact checked against the filter in its article's index.
            params["match"] = fts_query(query)
            in_articles = _in_articles(database, params, facts)
            filtered = facts if conditions == ["1"] else _count(
                database, conditions, params, most=min(in_articles, PROBE_MOST))
            looked_up = filtered > min(in_articles, PROBE_MOST)
            total = _count(database, conditions, params, from_words=True) if looked_up else _count(
                database, [*conditions, _IN_MATCHING_ARTICLE], params)
            walk = _walks(total, facts)
            article_match = (_ARTICLE_MATCH if looked_up and not walk else
                             _IS_MATCHING_ARTICLE if walk and sort != "value" else _IN_MATCHING_ARTICLE)
            if sort is not None:
                rows = _found_rows(database, [*conditions, article_match], params, limit, sort, walk)
            else:
                # Facts whose own sentence matches first, then the others of
                # matching articles (when there are too few). The first are
                # walked when they are many among the filter's (the words
                # supposed as common there as anywhere) or both are many,
                # else read from the fewer of the two.
                own = database.execute(f"SELECT count(*) FROM ({_FACT_MATCH})", params).fetchone()[0]
                own_walk = walk and (own * filtered // max(facts, 1) * WALK_SHARE > facts
                                     or min(own, filtered) > PROBE_MOST)
                own_first = [*_unindexed(conditions, "published"), f"f.id IN ({_FACT_MATCH})"]
                rows = _found_rows(database, own_first if own <= filtered and not own_walk else
                                   [*conditions, f"+f.id IN ({_FACT_MATCH})"], params, limit, walk=own_walk)
                if len(rows) < limit:
                    others = [*conditions, article_match, f"+f.id NOT IN ({_FACT_MATCH})"]
                    rows += _found_rows(database, others, params, limit - len(rows), walk=walk)
    found = []
    for row in rows:
        fact = _fact(row)
        title, url, published, story, context, figure_in_context, opening = row[len(FACT_FIELDS) :]
        figure_at = _figure_at(fact, context, figure_in_context)
        found.append(FoundFact(fact, title, url, published, story, figure_at, opening))
    return SearchResults(found, total)


def _walks(matching: int, facts: int) -> bool:
    """Whether a search of `matching` facts (counted up to one past
    `TOTAL_MOST`: at least that many) walks the facts in the order of its
    results (see `WALK_SHARE`)."""
    return matching > TOTAL_MOST or matching * WALK_SHARE > facts


_ORDERS = {  # SQLite sorts NULL last in descending order: undated articles come last
    "published": "a.published DESC, a.id, f.start",
    "value": "f.value DESC, f.article, f.start",
}
_WALKS = {
    "published": "articles a CROSS JOIN facts f ON f.article = a.id",
    "value": "facts f CROSS JOIN articles a ON a.id = f.article",
}
"""The tables in the order of the results, each walked by its index
(`idx_articles_published_id_fact_count` then `idx_facts_article_start_filters`, or
`idx_facts_value_article_start_filters`), the filters checked on the way in the index."""


def _found_rows(database: sqlite3.Connection, conditions: list[str], params: dict[str, Any],
                limit: int, sort: str | None = None, walk: bool = False) -> list[tuple]:
    """Facts with their article's title, url, date, the text around them and,
    for an article without a title, its opening, in the order of `sort`
    (default: newest articles first): read by walking the facts in that order
    (`walk`), or through the filters' indexes."""
    order = sort or "published"
    tables = _WALKS[order] if walk else "facts f CROSS JOIN articles a ON a.id = f.article"
    # The first `limit` are chosen from the indexes and the articles' dates,
    # then read whole: a sentence, an article's text around it, for those only
    sql = f"""
        WITH chosen AS MATERIALIZED (
            SELECT f.id FROM {tables}
            WHERE {" AND ".join(_unindexed(conditions, order) if walk else conditions)}
            ORDER BY {_ORDERS[order]} LIMIT :limit)
        SELECT {_fact_select()}, a.title, a.url, a.published, a.story,
               substr(a.text, max(1, f.start + 1 - length(f.sentence)),
                      f."end" - f.start + 2 * length(f.sentence)) AS context,
               f.start - max(0, f.start - length(f.sentence)) AS figure_in_context,
               CASE WHEN a.title IS NULL THEN substr(a.text, 1, {OPENING_CHARS}) END AS opening
        FROM chosen CROSS JOIN facts f ON f.id = chosen.id CROSS JOIN articles a ON a.id = f.article
        ORDER BY {_ORDERS[order]}"""
    return database.execute(sql, {**params, "limit": limit}).fetchall()


def _unindexed(conditions: list[str], order: str) -> list[str]:
    """The conditions with each column of `facts f` as an expression
    (`+f.year`), which SQLite's planner looks up by no index: a walk in the
    order of the results checks them on the way instead (but for the column
    it walks, whose range bounds the walk)."""
    walked = "value" if order == "value" else None
    return [re.sub(r"(?<![\w.+])f\.(\w+)",
                   lambda column: column.group(0) if column.group(1) == walked else f"+{column.group(0)}",
                   condition) for condition in conditions]


def _count(database: sqlite3.Connection, conditions: list[str], params: dict[str, Any],
           from_words: bool = False, most: int | None = None) -> int:
    """How many facts meet `conditions`, counted up to one past `most` (`TOTAL_MOST`)
    (a common word with a range of years matches tens of thousands: counting
    them all would be most of the search). `from_words`: the facts of the
    articles that have the words (`:match`), read article by article from
    the full-text index, each fact's filters checked in its article's index."""
    tables = ("articles_fts s CROSS JOIN articles a ON a.rowid = s.rowid CROSS JOIN facts f "
              "ON f.article = a.id WHERE articles_fts MATCH :match AND" if from_words else "facts f WHERE")
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {tables} {' AND '.join(conditions)} LIMIT :most)"
    return database.execute(sql, {**params, "most": (TOTAL_MOST if most is None else most) + 1}).fetchone()[0]


def _in_articles(database: sqlite3.Connection, params: dict[str, Any], facts: int) -> int:
    """About how many facts the articles whose title or text has the words
    hold (what a search plans by): their number, from the full-text index
    alone, times the facts of an article on average."""
    matching = database.execute(f"SELECT count(*) FROM ({_ARTICLE_ROWIDS})", params).fetchone()[0]
    articles = database.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    return matching * facts // max(articles, 1)


def stats(
    db: DatabasePath, by: str | Sequence[str] = ("indicator",), **filters: Any
) -> list[dict[str, Any]]:
    """Per group (`by`: column names, or one comma-separated string, as on
    the command line), how many distinct figures, articles and stories, and
    the sum, min and max of the figures.

    It adds figures, not mentions (the `figures` view of extractor/store.py):
    each figure once per story, though an article repeats or rounds it and
    though copies of a story print it again; never a part with its total;
    and the kind, the unit and the rate denominator are always part of the
    group, so amounts are only added up within one unit. Rates and
    percentages have no sum. `articles` and `stories` count the articles and
    stories that print the group's figures (copies included).
    """
    by = _group_names(by)
    unknown = [column for column in by if column not in GROUP_COLUMNS]
    if unknown:
        raise QueryError(
            f"cannot group by {', '.join(unknown)}; choose from {', '.join(GROUP_COLUMNS)}"
        )
    keys = stats_columns(by)[: -len(STATS_FIGURES)]
    with closing(open_reader(db)) as database:
        conditions, params = filter_sql(database, FactFilter(**filters))
        columns = ", ".join(f"f.{key}" for key in keys)
        order = ", ".join(f"f.{key} IS NULL, f.{key}" for key in keys)
        sql = f"""
            SELECT {columns}, {STATS_SQL}
            FROM figures f WHERE {" AND ".join(conditions)}
            GROUP BY {columns} HAVING figures > 0 ORDER BY {order}"""
        cursor = database.execute(sql, params)
        names = [description[0] for description in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


STATS_SQL = ("count(*) FILTER (WHERE f.counted) AS figures, "
             "count(DISTINCT f.article) FILTER (WHERE f.part_of IS NULL) AS articles, "
             "count(DISTINCT f.story) FILTER (WHERE f.part_of IS NULL) AS stories, "
             "sum(f.value) FILTER (WHERE f.counted AND f.addable) AS sum, "
             "min(f.value) FILTER (WHERE f.counted) AS min, max(f.value) FILTER (WHERE f.counted) AS max")
"""The figures of a stats row over the `figures` view; Datasette's saved queries count the same way."""


def stats_columns(by: str | Sequence[str]) -> list[str]:
    """The columns of a stats table: the groups (kind, unit and rate always), then the figures."""
    return [*dict.fromkeys([*_group_names(by), *ALWAYS_GROUPED]), *STATS_FIGURES]


def export(db: DatabasePath, output: str | Path, output_format: str = "csv", **filters: Any) -> int:
    """Write the facts (every one, or those of the `FactFilter` fields in
    `filters`) with their article's title, url and date to `output` (a file,
    or `-` for stdout in csv and jsonl); returns the number of facts.

    CSV has a header and is UTF-8; Parquet is typed (numbers are numbers,
    years integers) so pandas, DuckDB and Arrow read all three as they are.
    """
    if output_format not in OUTPUT_FORMATS:
        raise QueryError(
            f"unknown export format {output_format!r}; choose from {', '.join(OUTPUT_FORMATS)}"
        )
    if output_format == "parquet" and str(output) == "-":
        raise QueryError("parquet cannot be written to stdout; give a file with -o")
    if str(output) != "-" and not Path(output).parent.is_dir():
        raise QueryError(f"{output}: cannot write the export there (no folder {Path(output).parent})")
    with closing(open_reader(db)) as database:
        conditions, params = filter_sql(database, FactFilter(**filters))
        records = (found.to_dict() for found in iter_facts(database, conditions, params))
        try:
            if output_format == "parquet":
                return write_parquet(records, Path(output))
            if str(output) == "-":
                return write_records(records, RECORD_FIELDS, output_format, sys.stdout)
            with open(output, "w", encoding="utf-8", newline="") as out:
                return write_records(records, RECORD_FIELDS, output_format, out)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # stdout closed by its reader (`| head`): the command line ends quietly
            raise WriteError(f"{output}: cannot write the export ({error.strerror or error})") from None


def iter_facts(database: sqlite3.Connection, conditions: Sequence[str] = ("1",),
               params: dict[str, Any] | None = None) -> Iterator[FoundFact]:
    """The stored facts (those meeting `conditions` on `facts f`) with their
    article, article by article, in text order."""
    cursor = database.execute(
        f"""SELECT {_fact_select()}, a.title, a.url, a.published, a.story
            FROM facts f JOIN articles a ON a.id = f.article
            WHERE {" AND ".join(conditions)}
            ORDER BY f.article, f.start, f.id""",
        params or {},
    )
    for row in cursor:
        yield FoundFact(_fact(row), *row[len(FACT_FIELDS) :])


def filter_sql(
    database: sqlite3.Connection, where: FactFilter
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on `facts f` and their parameters for a filter.

    Filter values are checked against the database first, so a misspelt
    indicator is an error that lists the right ones, not an empty result.
    """
    conditions = ["1"]
    params: dict[str, Any] = {}
    if where.query is not None:
        params["match"] = fts_query(where.query)
        conditions.append(_ARTICLE_MATCH)
    for name in ("year", "year_from", "year_to"):
        if getattr(where, name) is not None and getattr(where, name) not in YEARS:
            raise QueryError(f"{getattr(where, name)} is not a year (expected {YEARS[0]} to {YEARS[-1]})")
    for name in ("min_value", "max_value"):
        if getattr(where, name) is not None and math.isnan(getattr(where, name)):
            raise QueryError(f"the {name.replace('_value', 'imum')} value is not a number (NaN)")
    for column in ("indicator", "kind"):
        values = _checked_values(database, column, _as_list(getattr(where, column)))
        if values:
            conditions.append(f"f.{column} IN ({_placeholders(column, values, params)})")
    for column, keys in (("unit", _name_keys), ("programme", _name_keys),
                         ("province", province_keys), ("province_2025", province_keys)):
        values = _stored_values(database, column, _as_list(getattr(where, column)), keys)
        if values:
            conditions.append(f"f.{column} IN ({_placeholders(column, values, params)})")
    year_from, year_to = _year_range(where)
    if year_from is not None or year_to is not None:
        params["year_from"] = -10_000 if year_from is None else year_from
        params["year_to"] = 10_000 if year_to is None else year_to
        conditions.append(_YEARS_FROM_END if _reads_periods_from_end(database, params) else _YEARS_FROM_START)
    low, high = where.min_value, where.max_value
    if low is not None and high is not None and low > high:
        raise QueryError(f"the minimum value {low:g} is above the maximum {high:g}")
    for name, operator in (("min_value", ">="), ("max_value", "<=")):
        if getattr(where, name) is not None:
            params[name] = getattr(where, name)
            conditions.append(f"f.value {operator} :{name}")
    return conditions, params


def fts_query(text: str) -> str:
    """An FTS5 query for what a person typed: every word (or "quoted phrase")
    must occur. Each becomes a quoted FTS5 phrase, quotes doubled, so `*`,
    `-`, `AND`, `(` are plain text; a `d` also matches `đ`, which the FTS
    tokenizer does not fold, so `dau tu` finds `đầu tư`."""
    text = CONTROL_CHARACTERS.sub(" ", text)  # a NUL would end FTS5's quoted phrase early
    terms = [
        phrase or word
        for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text)
        if re.search(r"\w", phrase or word)
    ]
    if not terms:
        raise QueryError(f"the query {text!r} has no words to search for")
    return " AND ".join(_term_query(term) for term in terms)


def fold(text: str) -> str:
    """Lower case without tone marks and with đ as d: how people type on a
    keyboard without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def write_records(
    records: Iterable[dict[str, Any]], fieldnames: Sequence[str], output_format: str, out: IO[str]
) -> int:
    """Write records as CSV (with a header, even when there are none) or
    JSON Lines, whole numbers without a decimal point; returns how many."""
    count = 0
    if output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=fieldnames)
        writer.writeheader()
        for record in records:
            writer.writerow({name: plain_number(value) for name, value in record.items()})
            count += 1
        return count
    for record in records:
        out.write(json.dumps({name: _json_value(value) for name, value in record.items()},
                             ensure_ascii=False, allow_nan=False) + "\n")
        count += 1
    return count


def _json_value(value: Any) -> Any:
    """JSON has no infinity: a value that is not finite (only a database of an
    older vnfacts holds one, or a sum of them) is written as null."""
    return None if isinstance(value, float) and not math.isfinite(value) else plain_number(value)


def write_parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write fact records as a typed Parquet file, in row groups, so an
    export of millions of facts never sits in memory whole."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise QueryError("parquet export needs pyarrow: pip install pyarrow") from None
    columns = {name: kind for name, kind in fact_columns().items() if name != "id"}
    schema = arrow_schema({**columns, **ARTICLE_OF_RECORD})
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        iterator = iter(records)
        while batch := list(itertools.islice(iterator, EXPORT_BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


_FACT_MATCH = "SELECT rowid FROM facts_fts WHERE facts_fts MATCH :match"
_ARTICLE_ROWIDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"
_ARTICLE_MATCH = f"f.article IN (SELECT id FROM articles WHERE rowid IN ({_ARTICLE_ROWIDS}))"
"""The facts of the articles whose title or text has the words (each fact's
sentence, and its subject, stand in its article's text), found from the
articles: for words of few articles."""
_IN_MATCHING_ARTICLE = f"(SELECT rowid FROM articles WHERE id = f.article) IN ({_ARTICLE_ROWIDS})"
"""The same, checked fact by fact (the article's row id from the index of
ids): for facts that a filter finds, or a walk by value."""
_IS_MATCHING_ARTICLE = f"+a.rowid IN ({_ARTICLE_ROWIDS})"
"""The same, checked on each article a walk newest first meets (in the
index it walks). (Where the article is looked up by its id, SQLite reads
its row for `a.rowid`.)"""


def _fact_select() -> str:
    return ", ".join(f'f."{name}"' for name in FACT_FIELDS)


def _fact(row: Sequence[Any]) -> Fact:
    return Fact(**dict(zip(FACT_FIELDS, row[: len(FACT_FIELDS)], strict=True)))


def _figure_at(fact: Fact, context: str | None, figure_in_context: int | None) -> int | None:
    """Where the figure starts in its sentence, found through the article text
    around it so a figure written twice in one sentence is marked at the
    right place; falls back to its first occurrence."""
    sentence, figure = fact.sentence, fact.text
    if context and figure_in_context is not None:
        lowest = max(0, figure_in_context + len(figure) - len(sentence))
        begins = context.find(sentence, lowest, figure_in_context + len(sentence))
        offset = figure_in_context - begins
        if begins >= 0 and sentence[offset : offset + len(figure)] == figure:
            return offset
    offset = sentence.find(figure) if figure else -1
    return offset if offset >= 0 else None


def _term_query(term: str) -> str:
    """One word or phrase as an FTS5 phrase, or an OR of its `d`/`đ` spellings."""
    positions = [i for i, c in enumerate(term) if c in "dD"][:_D_VARIANTS]
    spellings = []
    for choice in itertools.product((False, True), repeat=len(positions)):
        letters = list(term)
        for position, as_d_stroke in zip(positions, choice, strict=True):
            if as_d_stroke:
                letters[position] = "đ" if letters[position] == "d" else "Đ"
        spellings.append('"' + "".join(letters).replace('"', '""') + '"')
    return spellings[0] if len(spellings) == 1 else "(" + " OR ".join(spellings) + ")"


_UP_TO_A_YEAR = " OR (f.period_start IS NULL AND f.period_end BETWEEN :year_from AND :year_to)"
_YEARS_FROM_START = ("(f.year BETWEEN :year_from AND :year_to OR (f.period_start <= :year_to"
                     f" AND coalesce(f.period_end, f.period_start) >= :year_from){_UP_TO_A_YEAR})")
_YEARS_FROM_END = ("(f.year BETWEEN :year_from AND :year_to"
                   " OR (f.period_end >= :year_from AND +f.period_start <= :year_to)"
                   " OR (f.period_end IS NULL AND f.period_start BETWEEN :year_from AND :year_to)"
                   f"{_UP_TO_A_YEAR})")
"""A fact of the years `:year_from`..`:year_to`: its year is one of them, or
its period overlaps them (one up to a year from no year written, "từ nay đến
năm 2030": its end is one of them). The same facts, with the periods read from the
index of their starts or of their ends: a period is found by one half-open
range, and over an archive of 2017 the periods that start by 2018 are
nearly all of them (45,000 index entries read to find 1,100), those that
end from 2018 on a few thousand; for 2013 it is the other way round."""


def _reads_periods_from_end(database: sqlite3.Connection, params: dict[str, Any]) -> bool:
    """Whether fewer periods end in or after the years than start in or
    before them (`period_years`, which the writer fills; a database of an
    earlier layout reads them from their starts)."""
    try:
        starting, ending = database.execute(
            "SELECT (SELECT sum(starting) FROM period_years WHERE year <= :year_to),"
            " (SELECT sum(ending) FROM period_years WHERE year >= :year_from)", params).fetchone()
    except sqlite3.OperationalError:  # no such table
        return False
    return (ending or 0) < (starting or 0)


def _year_range(where: FactFilter) -> tuple[int | None, int | None]:
    """The years a filter asks for; `year` narrows `year_from`..`year_to`."""
    year_from, year_to = where.year_from, where.year_to
    if where.year is not None:
        year_from = where.year if year_from is None else max(year_from, where.year)
        year_to = where.year if year_to is None else min(year_to, where.year)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QueryError(f"the years {year_from}–{year_to} are an empty range")
    return year_from, year_to


def _group_names(by: str | Sequence[str]) -> list[str]:
    if isinstance(by, str):
        return [name.strip() for name in by.split(",") if name.strip()]
    return list(by)


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _placeholders(name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    for i, value in enumerate(values):
        params[f"{name}{i}"] = value
    return ", ".join(f":{name}{i}" for i in range(len(values)))


def _checked_values(database: sqlite3.Connection, column: str, wanted: list[str]) -> list[str]:
    if not wanted:
        return []
    present = f"SELECT 1 FROM facts WHERE {column} = ? LIMIT 1"  # an index lookup
    unknown = [value for value in wanted if not database.execute(present, [value]).fetchone()]
    if unknown:
        known = sorted(
            value for (value,) in database.execute(f"SELECT DISTINCT {column} FROM facts") if value
        )
        raise QueryError(
            f"no fact has {column} {', '.join(map(repr, unknown))}; "
            f"the database has: {', '.join(known) or 'no facts'}"
        )
    return wanted


def _stored_values(database: sqlite3.Connection, column: str, wanted: list[str],
                   keys: Callable[[str], list[str]]) -> list[str]:
    """The stored values of `column` that the wanted ones name: the same
    `keys` (case and tone marks aside; a province's other written forms)."""
    if not wanted:
        return []
    present = f"SELECT 1 FROM facts WHERE {column} = ? LIMIT 1"
    if all(database.execute(present, [name]).fetchone() for name in wanted):
        return list(wanted)  # spelt as stored: index lookups, no scan of every fact
    stored: dict[str, list[str]] = defaultdict(list)
    for (value,) in database.execute(f"SELECT DISTINCT {column} FROM facts WHERE {column} IS NOT NULL"):
        stored[name_key(value)].append(value)
    matches = []
    for name in wanted:
        found = [value for key in keys(name) for value in stored.get(key, [])]
        if not found:
            known = sorted(value for values in stored.values() for value in values)
            raise QueryError(f"no fact has {column} {name!r}; the database has: "
                             f"{', '.join(known) or f'no {column}'}")
        matches.extend(dict.fromkeys(found))
    return matches


def name_key(name: str) -> str:
    """A name as compared in filters: folded (case, tone marks, đ), its
    punctuation a space (`TP.HCM`: `tp hcm`, `Bà Rịa-Vũng Tàu`: `ba ria vung tau`)."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())


def _name_keys(name: str) -> list[str]:
    return [name_key(name)]


def province_keys(name: str) -> list[str]:
    """The keys a written province may stand for: itself, without a prefix
    (`tỉnh`, `TP.`, glued as in `TPHCM`), and the provinces its alias names."""
    aliases, prefixes = province_forms()
    key = name_key(name)
    bare = [key, *(key[len(prefix):].strip() for prefix in prefixes if key.startswith(prefix))]
    return [*bare, *(aliases[form] for form in bare if form in aliases)]


@cache
def province_forms() -> tuple[dict[str, str], tuple[str, ...]]:
    """The written forms of provinces (the context finder's alias table) as
    keys of the province's key, and the keys of the words written before a
    province, longest first."""
    from extractor.context.provinces import alias_table, prefix_table

    aliases = {name_key(alias): name_key(province) for _, alias, province, _ in alias_table()}
    prefixes = {name_key(prefix) for prefix, _ in prefix_table()}
    return aliases, tuple(sorted(prefixes, key=len, reverse=True))

