"""The Datasette plugin that makes `vnfacts serve` readable by people who are
not programmers, on every page: figures written as a person reads them
(`19,45 tỷ đồng`, `12.535 lao động`, never `19448500000.0`), codes in words
(`gần`, `kinh phí`, `Toàn quốc`), a fact linked to its article and an article
to its source, the sentence with its figure marked, internals (hashes,
signatures) reduced to a hint.

It also gives SQL the same words (`vn_value(…)`, `vn_words(…)`, the
`vietnamese` collation, province and period matching as `vnfacts search`
does), so the saved queries and the dashboard (extractor/dashboard.py) say
what the command line says; serves CSV as a download, with a choice of
UTF-8 with a byte-order mark that Excel reads; and renders any table as
tab-separated text to paste into a spreadsheet (`.copy`).

The hooks are module functions (this module is the plugin, registered by
serve.py like serve_guard.py); what they write comes from extractor/present.py.
"""

from __future__ import annotations

import csv
import io
import math
import sqlite3
import urllib.parse
from collections.abc import Callable
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from extractor.dashboard import DASHBOARD, FILTERS, dashboard_link
from extractor.present import (
    DISPLAY_FIELDS,
    UNTITLED,
    UNTITLED_HINT,
    ArticleLabel,
    article_label,
    chart_scale,
    display_amount,
    figure_value,
    in_words,
    period_text,
    plain_number,
    shorten,
    sort_key,
    unit_name,
    vn_number,
)
from extractor.query import OPENING_CHARS, QueryError, fold, fts_query, name_key, province_keys
from extractor.store import FACTS_VIEW_NAME

COLLATION = "vietnamese"
"""`ORDER BY province COLLATE vietnamese`: Đồng Nai after Đà Nẵng, not last."""
AMOUNT_COLUMNS = ("sum", "min", "max", "total", "smallest", "largest")
"""Columns of a sum or a bound, written with the unit of their row."""
EXCERPT_WIDTH = 240
URL_WIDTH = 60
EXCEL_ARGUMENT = "_excel"
"""`table.csv?_excel=1`: the CSV begins with a byte-order mark, so that
Excel, opening the file with a double click, reads it as UTF-8."""
BYTE_ORDER_MARK = "\ufeff".encode()
LABEL_SQL = ("SELECT title, CASE WHEN title IS NULL THEN substr(text, 1, ?) END FROM articles "
             "WHERE id = ?")
"""An article's title, or the opening of its text, which stands for it when it has none."""
NOTHING_MATCHES = '"\u2063"'
"""An FTS query no text matches (an invisible separator): what a full-text
filter with no words finds."""
COPY_FORMAT = "copy"
STATIC_MOUNT = "vnfacts-static"
START_PROGRAMMES = 3
"""How many programmes the home page asks its questions of (the most written about)."""
START_QUESTIONS = (
    ("budget", "Kinh phí{programme}: bao nhiêu, ở tỉnh nào, năm nào, bài nào nói"),
    ("workers", "Lao động được đào tạo, hỗ trợ{programme}: bao nhiêu, ở đâu, bài nào nói"),
)


# SQL functions: the words of extractor/present.py, in SQL.

def _words(field: str, code: str | None) -> str | None:
    return in_words(field, code) if code is not None else None


def _value(value: float | None, value_max: float | None, kind: str | None, unit: str | None,
           per: str | None, subject: str | None) -> str:
    return figure_value(value, value_max, kind, unit, per, subject)


def _amount(value: float | None, kind: str | None, unit: str | None, per: str | None) -> str | None:
    if value is None:
        return None
    amount = display_amount(value, kind, unit)
    return f"{amount}/{per}" if per else amount


def _number(value: Any) -> str | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return vn_number(value)
    return None if value is None else str(value)


def _period(year: int | None, period_start: int | None, period_end: int | None) -> str:
    return period_text(year, period_start, period_end) or "không rõ năm"


def province_is(stored: str | None, wanted: str | None) -> bool:
    """Whether a stored province is the one a person typed: any case, tone
    marks optional, any written form (`TP.HCM`), `Toàn quốc` for national."""
    if stored is None or not wanted:
        return False
    keys = province_keys(wanted)
    return name_key(stored) in keys or name_key(in_words("province", stored)) in keys


def year_typed(text: Any) -> int | None:
    """The year a person typed in a years box, or None (empty, or not a year: open)."""
    try:
        return int(str(text).strip()) if text is not None and str(text).strip() else None
    except ValueError:
        return None


def _fts(text: str | None) -> str:
    try:
        return fts_query(text or "")
    except QueryError:
        return NOTHING_MATCHES


def marked_html(sentence: str | None, figure: str | None) -> Markup:
    """The sentence, escaped, with its figure in <mark>."""
    sentence = sentence or ""
    at = sentence.find(figure) if figure else -1
    if at < 0:
        return escape(sentence)
    end = at + len(figure)
    return escape(sentence[:at]) + Markup("<mark>") + escape(figure) + Markup("</mark>") + \
        escape(sentence[end:])


def label_html(label: ArticleLabel) -> Markup:
    """An article's label, escaped: a title as it is, the opening words of an
    untitled article in grey italics, saying why on hover."""
    if label.titled:
        return escape(label.text)
    return Markup('<span class="vn-untitled" title="{}">{}</span>').format(
        UNTITLED_HINT, label.text or UNTITLED)


def link_html(href: str | None, text: str | Markup | None, title: str | None = None) -> Markup:
    """`<a href>text</a>`, escaped; the text alone without an address."""
    shown = escape(text or "")
    if not href:
        return shown
    hint = Markup(' title="{}"').format(title) if title else ""
    return Markup('<a href="{}"{}>{}</a>').format(href, hint, shown)


def row_path(datasette: Any, database: str, table: str, key: str) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(key)))


def _compare(left: str | None, right: str | None) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    def dashboard_page(key: str, value: str | None, *current: Any) -> str:
        return dashboard_link(datasette.urls.path(f"/-/dashboards/{DASHBOARD}"), key, value, *current)

    def article_html(article: str | None, title: str | None, url: str | None) -> str | None:
        """The article's label (extractor/present.py) linked to its stored page,
        and `nguồn` linked to its address."""
        if article is None:
            return None
        row = None if title else conn.execute(LABEL_SQL, [OPENING_CHARS, article]).fetchone()
        label = label_html(article_label(title, row[1] if row else None))
        page = link_html(row_path(datasette, database, "articles", article), label)
        source = Markup(" · ") + link_html(url, "nguồn", url) if url else Markup("")
        return str(page + source)

    functions: dict[str, tuple[int, Callable]] = {
        "vn_words": (2, _words),
        "vn_value": (6, _value),
        "vn_amount": (4, _amount),
        "vn_number": (1, _number),
        "vn_period": (3, _period),
        "vn_fold": (1, lambda text: None if text is None else fold(text)),
        "vn_province_is": (2, province_is),
        "vn_year": (1, year_typed),
        "vn_fts": (1, _fts),
        "vn_marked": (2, lambda sentence, figure: str(marked_html(sentence, figure))),
        "vn_article": (3, article_html),
        "vn_escape": (1, lambda text: None if text is None else str(escape(text))),
        "vn_unit": (1, unit_name),
        "vn_chart_unit": (2, lambda kind, unit: chart_scale(kind, unit)[1]),
        "vn_chart_divisor": (2, lambda kind, unit: chart_scale(kind, unit)[0]),
        "vn_dashboard_link": (2 + len(FILTERS), dashboard_page),
    }
    for name, (arguments, function) in functions.items():
        conn.create_function(name, arguments, function, deterministic=True)
    conn.create_collation(COLLATION, _compare)


# Cells: what every table, view and query page shows.

def _columns(row: Any) -> dict[str, Any]:
    try:
        return dict(zip(row.keys(), tuple(row), strict=True))
    except (AttributeError, TypeError):
        return {}


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Any:
    cells = _columns(row)
    if column == "value" and "kind" in cells and isinstance(value, int | float):
        return figure_value(value, cells.get("value_max"), cells["kind"], cells.get("unit"),
                            cells.get("per"), cells.get("subject"))
    if column in AMOUNT_COLUMNS and "kind" in cells and isinstance(value, int | float):
        return _amount(value, cells["kind"], cells.get("unit"), cells.get("per"))
    if column == "value_max" and "kind" in cells and isinstance(value, int | float):
        return display_amount(value, cells["kind"], cells.get("unit"))
    if column in ("qualifier", "indicator", "kind", "province", "province_2025") and \
            isinstance(value, str):
        words = in_words("province" if column.startswith("province") else column, value)
        if words != value:
            return Markup('<span title="{}">{}</span>').format(value, words or "—")
        return None
    if column in ("article", "article_title"):
        return _article_cell(cells, column, datasette, database)
    if column in ("url", "article_url") and isinstance(value, str) and value:
        return link_html(value, shorten(value, URL_WIDTH), value)
    if column == "title" and table == "articles" and not value:
        if isinstance(cells.get("text"), str):
            return label_html(article_label(None, cells["text"]))
        return _looked_up(datasette, database, cells.get("id"), lambda label: label)
    if column == "sentence" and isinstance(value, str) and "text" in cells:
        return marked_html(value, cells["text"])
    if column == "text" and table == "articles" and isinstance(value, str):
        return shorten(value, EXCERPT_WIDTH)
    if column == "signature" and isinstance(value, bytes):
        return Markup('<span class="vn-internal" title="{} byte">chữ ký MinHash</span>').format(len(value))
    if column == "content_hash" and isinstance(value, str):
        return Markup('<span class="vn-internal" title="{}">{}…</span>').format(value, value[:10])
    if isinstance(value, float):
        return _number(value)
    return None


def _article_cell(cells: dict[str, Any], column: str, datasette: Any, database: str) -> Any:
    """The article linked to its stored page (its id on hover): by its id
    where the title has a column of its own, else by its label: its title,
    or the opening words of an untitled article, looked up when not in the row."""
    article = cells.get("article")
    expanded = article if isinstance(article, dict) else {}  # a foreign key Datasette expanded
    article = expanded.get("value", article)
    if article is None:
        return None
    page = row_path(datasette, database, "articles", article)

    def linked(label: Markup) -> Markup:
        return link_html(page, label, str(article))

    title = cells.get("article_title") or expanded.get("label")
    if column == "article" and "article_title" in cells:
        return linked(escape(article))
    if title:
        return linked(label_html(article_label(title, None)))
    return _looked_up(datasette, database, article, linked)


def _looked_up(datasette: Any, database: str, article: Any, shown: Callable[[Markup], Markup]) -> Any:
    """`shown` of the article's label read from the database (Datasette
    awaits what render_cell returns)."""
    async def cell() -> Markup:
        row = (await datasette.get_database(database).execute(
            LABEL_SQL, [OPENING_CHARS, article])).first()
        return shown(label_html(article_label(*row) if row else article_label(None, None)))

    return cell


# Templates: columns in reading order, facets in words (templates/_table.html, _facet_results.html).

@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    def reading_order(items: Any, database: str, table: str | None) -> list[Any]:
        described = (datasette.table_metadata(database, table) if table else {}).get("columns") or {}
        return in_reading_order(list(items), list(described))

    env.filters["vn_reading_order"] = reading_order
    env.filters["vn_facet_label"] = facet_label
    env.filters["vn_number"] = _number


def in_reading_order(items: list[Any], first: list[str]) -> list[Any]:
    """A table's columns (or one row's cells) with the columns of `first` first,
    in its order, then the others as they were: what a person reads (the
    value, the sentence, the title) before the internals, though the view
    or table stores them otherwise."""
    rank = {name: at for at, name in enumerate(first)}

    def key(at: int) -> tuple[int, int]:
        item = items[at]
        name = item.get("name", item.get("column")) if isinstance(item, dict) else None
        return (rank.get(name, len(rank)), at)

    return [items[at] for at in sorted(range(len(items)), key=key)]


def facet_label(label: Any, column: str) -> Any:
    """A facet's value in the words its cells show (`kinh phí`, `Toàn quốc`, `gần`)."""
    field = "province" if column.startswith("province") else column
    if isinstance(label, str) and field in DISPLAY_FIELDS:
        return in_words(field, label) or label
    return label


# Downloads: CSV as a file, Excel's variant, a table to paste.

@hookimpl
def asgi_wrapper(datasette: Any) -> Callable:
    def wrap(app: Callable) -> Callable:
        async def downloads(scope: dict, receive: Callable, send: Callable) -> None:
            if scope["type"] != "http" or not scope["path"].endswith(".csv"):
                await app(scope, receive, send)
                return
            arguments = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
            excel = bool(arguments.get(EXCEL_ARGUMENT))
            name = urllib.parse.unquote(scope["path"].rsplit("/", 1)[-1])
            started = False

            async def send_download(message: dict) -> None:
                nonlocal started
                if message["type"] == "http.response.start" and message["status"] == 200:
                    headers = [(key, value) for key, value in message.get("headers", [])
                               if key.lower() not in (b"content-disposition", b"content-length")]
                    disposition = f"attachment; filename*=UTF-8''{urllib.parse.quote(name)}"
                    headers.append((b"content-disposition", disposition.encode("latin-1")))
                    message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and excel and not started:
                    message = {**message, "body": BYTE_ORDER_MARK + message.get("body", b"")}
                    started = True
                await send(message)

            await app(scope, receive, send_download)

        return downloads

    return wrap


@hookimpl
def extra_body_script() -> str:
    """Beside each CSV link, its Excel variant (all rows, with a byte-order
    mark); the dashboard's button in Vietnamese."""
    return """
document.querySelectorAll('.dashboard-filters input[type="submit"]').forEach(function (button) {
  button.value = 'Xem';
});
document.querySelectorAll('p.export-links a').forEach(function (link) {
  if (link.textContent.trim() !== 'CSV' || link.dataset.vnExcel) return;
  var url = new URL(link.href, window.location.href);
  link.textContent = 'CSV (tải về)';
  var excel = new URL(url);
  excel.searchParams.set('_excel', '1');
  if (document.querySelector('input[name="_stream"]')) excel.searchParams.set('_stream', 'on');
  var extra = document.createElement('a');
  extra.href = excel.toString();
  extra.textContent = 'CSV cho Excel';
  extra.dataset.vnExcel = '1';
  link.dataset.vnExcel = '1';
  link.after(', ', extra);
});
"""


async def copy_page(datasette: Any, columns: list[str], rows: list[Any], request: Any) -> Response:
    """The rows as tab-separated text with a button that copies them, to
    paste into a spreadsheet: numbers plain (19448500000, not
    19448500000.0), the columns as in the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_plain_cell(value) for value in row])

    html = await datasette.render_template(
        "vnfacts_copy.html", {"text": buffer.getvalue(), "rows": len(rows),
                              "back": request.full_path.replace(f".{COPY_FORMAT}", "", 1)},
        request=request)
    return Response.html(html)


def _plain_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    if isinstance(value, dict):  # an expanded foreign key
        return str(value.get("label") or value.get("value"))
    return " ".join(str(plain_number(value)).split())


@hookimpl
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    return {"extension": COPY_FORMAT, "render": copy_page}


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path(f"/{STATIC_MOUNT}/vnfacts.css")]


@hookimpl
def extra_template_vars(template: str, database: str | None, table: str | None, request: Any,
                        datasette: Any) -> Any:
    if template == "index.html":
        return _start_links(datasette)
    if template == "row.html" and table == "articles" and request is not None:
        return _article_page(datasette, database, request)
    return None


async def _start_links(datasette: Any) -> dict[str, Any]:
    """Where the home page leads: the dashboard, the questions most asked of
    each database (the budget and the workers of its main programmes), its lists."""
    dashboard = datasette.urls.path(f"/-/dashboards/{DASHBOARD}")
    starts = []
    for name, database in datasette.databases.items():
        if name.startswith("_"):
            continue
        programmes = [row[0] for row in await database.execute(
            "SELECT programme FROM facts WHERE programme IS NOT NULL GROUP BY programme "
            f"ORDER BY count(*) DESC LIMIT {START_PROGRAMMES}")]
        indicators = {row[0] for row in await database.execute(
            "SELECT DISTINCT indicator FROM facts WHERE indicator IN ('budget', 'workers')")}
        counts = (await database.execute(
            "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM articles)")).first()
        questions = []
        for programme in [*programmes, None]:
            for indicator, question in START_QUESTIONS:
                if indicator in indicators:
                    label = question.format(programme=f" {programme}" if programme else "")
                    filters = {"indicator": in_words("indicator", indicator),
                               **({"programme": programme} if programme else {})}
                    questions.append({"label": label,
                                      "href": f"{dashboard}?{urllib.parse.urlencode(filters)}"})
        starts.append({"dashboard": dashboard, "questions": questions,
                       "facts": datasette.urls.table(name, FACTS_VIEW_NAME),
                       "articles": datasette.urls.table(name, "articles"),
                       "queries": datasette.urls.database(name) + "#queries",
                       "figures": counts[0], "article_count": counts[1]})
    return {"vnfacts_start": starts}


async def _article_page(datasette: Any, database: str, request: Any) -> dict[str, Any]:
    """An article to read: its paragraphs, each figure marked with its value in words."""
    key = tilde_decode(request.url_vars.get("pks", ""))
    db = datasette.get_database(database)
    article = (await db.execute("SELECT id, title, url, published, text FROM articles WHERE id = ?",
                                [key])).first()
    if article is None:
        return {}
    facts = list(await db.execute(
        'SELECT start, "end", value, value_max, kind, unit, per, subject, qualifier, indicator '
        "FROM facts WHERE article = ? ORDER BY start", [key]))
    marks = [(fact[0], fact[1], " · ".join(part for part in (
        in_words("qualifier", fact[8]), figure_value(*fact[2:8]), in_words("indicator", fact[9]))
        if part)) for fact in facts]
    return {"vnfacts_article": {
        "title": label_html(article_label(article["title"], article["text"])), "url": article["url"],
        "published": article["published"], "figure_count": len(facts),
        "facts": datasette.urls.table(database, FACTS_VIEW_NAME) + "?"
        + urllib.parse.urlencode({"article": key}),
        "text": marked_text(article["text"] or "", marks)}}


def marked_text(text: str, marks: list[tuple[int, int, str]]) -> Markup:
    """The text in paragraphs (one a line), escaped, each span of `marks`
    (start, end, what it says) in <mark>; overlapping spans are marked once."""
    pieces, at = [], 0
    for start, end, hint in marks:
        if start < at or end > len(text):
            continue
        pieces += [escape(text[at:start]),
                   Markup('<mark title="{}">{}</mark>').format(hint, text[start:end])]
        at = end
    pieces.append(escape(text[at:]))
    marked = Markup("").join(pieces)
    return Markup("").join(Markup("<p>{}</p>").format(Markup(line)) for line in marked.split("\n")
                           if line.strip())


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(f"/-/dashboards/{DASHBOARD}"), "label": "Bảng theo dõi"}]

