"""The monitoring dashboard of `vnfacts serve`, for analysts who do not
write SQL: a datasette-dashboards configuration (its charts are Vega-Lite,
bundled with the plugin, so it works offline).

Filters: programme, indicator, province as written or since the 2025
merger, from/to year (a period counts when it overlaps), words of the
sentence or the article. It shows how many distinct figures, stories and
articles match; the totals per indicator and unit (each figure once per
story, never a part with its total, never a rate or a percentage: the
`figures` view's `counted` and `addable`, as `vnfacts stats` adds up); a
chart by province and one by year or period, whose bars narrow the
dashboard to that province or period; and the figures themselves, written
for a person, with their sentence and article.

Every chart runs one SQL query over the `figures` view with the same
conditions (`FIGURE_CONDITIONS`); the words come from SQL functions of
extractor/serve_display.py, which write as extractor/present.py does.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

DASHBOARD = "theo-doi"
"""The dashboard's address: /-/dashboards/theo-doi."""
FILTERS = ("programme", "indicator", "province", "province_2025", "from", "to", "q")
FIGURES_SHOWN = 300
"""The most figures the table lists (the counts and charts cover them all)."""

def stored_values(column: str, test: str) -> str:
    """The stored values of a column of `facts` that pass `test` (SQL on `v`):
    the parameter is read against the few distinct values, never against
    every fact, and the facts are then found through the column's index.
    MATERIALIZED, or SQLite pushes `test` down into the scan of every fact."""
    return (f"f.{column} IN (WITH stored AS MATERIALIZED (SELECT DISTINCT {column} AS v FROM facts "
            f"WHERE {column} IS NOT NULL) SELECT v FROM stored WHERE {test})")


IN_YEARS = ("(vn_year(:from) IS NULL AND vn_year(:to) IS NULL"
            " OR f.year BETWEEN coalesce(vn_year(:from), -10000) AND coalesce(vn_year(:to), 10000)"
            " OR (coalesce(f.period_start, f.period_end) <= coalesce(vn_year(:to), 10000)"
            " AND coalesce(f.period_end, f.period_start) >= coalesce(vn_year(:from), -10000)))")
"""A figure whose year, or period, overlaps :from..:to (either empty: open;
both empty: every figure), as `vnfacts search --from --to` reads them, in
plain SQL on the columns so that their indexes serve it."""

_FILTER_TESTS = {
    "programme": "vn_fold(v) = vn_fold(:programme)",
    "indicator": "vn_words('indicator', v) = :indicator",
    "province": "vn_province_is(v, :province)",
    "province_2025": "vn_province_is(v, :province_2025)",
}
FIGURE_CONDITIONS = " ".join([
    f"WHERE {IN_YEARS}",
    *(f"[[ AND {stored_values(column, test)} ]]" for column, test in _FILTER_TESTS.items()),
    "[[ AND (f.id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH vn_fts(:q))"
    " OR f.article IN (SELECT id FROM articles WHERE rowid IN"
    " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH vn_fts(:q)))) ]]",
])
"""The dashboard's filters as SQL over `figures f`; datasette-dashboards
drops each `[[ … ]]` whose filter is empty (one a line: its pattern stops
at a line break). The years are always there: an empty one is open."""

ANY_FILTER = "(0" + "".join(f" [[ OR :{name} IS NOT NULL ]]" for name in FILTERS) + ")"
"""True when a filter of the dashboard is set (each `[[ … ]]` stays only
then): the charts over every figure read the sums the writer keeps
(`figure_totals`, `figure_articles` of extractor/store.py) instead, which
SQLite tells before it reads a row, the condition being a constant."""

FILTER_LINK = ("vn_dashboard_link({changed}, :programme, :indicator, :province, :province_2025, "
               ":from, :to, :q)")
"""The dashboard's own address with the current filters and one changed:
where a click on a bar leads."""

_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " đồng"]}
"""Vietnamese number style on the charts' axes."""


def dashboard_link(base: str, key: str, value: str | None, *current: Any) -> str:
    """`base` with the current filters (the values of `FILTERS`, empty ones
    left out) and one changed: `province` or `province_2025` to `value`, or
    `years` to a period as written (`2021–2025`: from 2021 to 2025)."""
    filters = dict(zip(FILTERS, current, strict=True))
    if key == "years":
        years = re.findall(r"-?\d+", value or "")
        filters.update({"from": years[0], "to": years[-1]} if years else {})
    else:
        filters[key] = value
    shown = {name: text for name, text in filters.items() if text not in (None, "")}
    return f"{base}?{urllib.parse.urlencode(shown)}"


def _figures(select: str, rest: str = "") -> str:
    return f"SELECT {select} FROM figures f {FIGURE_CONDITIONS} {rest}"


_SUMS = ("indicator", "kind", "unit", "per", "province", "year", "period_start", "period_end")
FIGURE_SUMS = (
    f"(SELECT {', '.join(_SUMS)}, figures, total FROM figure_totals WHERE NOT {ANY_FILTER} UNION ALL "
    f"SELECT {', '.join('f.' + name for name in _SUMS)}, 1, f.value FROM figures f {FIGURE_CONDITIONS} "
    f"AND f.counted AND {ANY_FILTER}) summed")
"""The counted figures the dashboard's filters keep, as rows of sums per
indicator, unit, province, year and period (`figures` of them adding up to
`total`): with no filter, the writer's rows; with one, each figure a row."""


def _of_sums(select: str, rest: str) -> str:
    """A query over `FIGURE_SUMS`, written with `f.` as over the figures."""
    return f"SELECT {_aliased(select, 'summed')} FROM {FIGURE_SUMS} {_aliased(rest, 'summed')}"


def _aliased(sql: str, alias: str) -> str:
    return re.sub(r"\bf\.", f"{alias}.", sql)


def _bar_chart(category: str, category_title: str, horizontal: bool) -> dict[str, Any]:
    """A Vega-Lite bar chart of `total` per `category`, one colour per series
    (indicator and unit), the total in words in the tooltip, each bar a link."""
    category_axis = {"field": category, "type": "ordinal", "title": category_title, "sort": None}
    value_axis = {"field": "total", "type": "quantitative", "title": "Tổng (mỗi số liệu một lần)",
                  "axis": {"format": ",~r"}}
    encoding = {
        ("y" if horizontal else "x"): category_axis,
        ("x" if horizontal else "y"): value_axis,
        "color": {"field": "series", "type": "nominal", "title": "Chỉ tiêu",
                  "legend": {"orient": "bottom"}},
        "tooltip": [{"field": category, "title": category_title},
                    {"field": "series", "title": "Chỉ tiêu"},
                    {"field": "shown", "title": "Tổng"}, {"field": "figures", "title": "Số liệu"}],
        "href": {"field": "link"},
    }
    return {
        **({} if horizontal else {"height": 220}),
        "mark": {"type": "bar", "tooltip": True, "cursor": "pointer"},
        "encoding": encoding,
        "config": {"background": "#00000000", "locale": {"number": _LOCALE}},
        "usermeta": {"embedOptions": {"actions": False, "renderer": "svg", "formatLocale": _LOCALE}},
    }


_SERIES = ("vn_words('indicator', f.indicator) || coalesce(' (' || nullif(vn_chart_unit(f.kind, f.unit), '')"
           " || ')', '') AS series")
_TOTALS = ("sum(f.total) / vn_chart_divisor(f.kind, f.unit) AS total, "
           "vn_amount(sum(f.total), f.kind, f.unit, NULL) AS shown, sum(f.figures) AS figures")
_PERIOD = "vn_period(f.year, f.period_start, f.period_end)"
_ADDABLE = "f.per IS NULL AND f.kind != 'percent'"
"""What `figures.addable` says: no rate, no percentage."""
_AMOUNT_COLUMNS = (
    'vn_words(\'indicator\', f.indicator) AS "Chỉ tiêu", '
    'vn_escape(vn_unit(f.unit) || coalesce(\'/\' || f.per, \'\')) AS "Đơn vị", '
    'vn_number({figures}) AS "Số liệu", vn_number({articles}) AS "Bài báo", '
    f"CASE WHEN {_ADDABLE} THEN vn_escape(vn_amount({{total}}, f.kind, f.unit, NULL)) "
    "ELSE 'không cộng (tỷ lệ, đơn giá)' END AS \"Tổng\", "
    'vn_escape(vn_amount({smallest}, f.kind, f.unit, f.per)) AS "Nhỏ nhất", '
    'vn_escape(vn_amount({largest}, f.kind, f.unit, f.per)) AS "Lớn nhất", {figures} AS n')
"""The totals table's columns, from the figures or from the writer's sums."""
_TOTALS_SHOWN = '"Chỉ tiêu", "Đơn vị", "Số liệu", "Bài báo", "Tổng", "Nhỏ nhất", "Lớn nhất"'
TOTALS_OF_SUMS = _aliased(_AMOUNT_COLUMNS, "t").format(
    figures="sum(t.figures)", total="sum(t.total)", smallest="min(t.smallest)", largest="max(t.largest)",
    articles="(SELECT a.articles FROM figure_articles a WHERE a.indicator IS t.indicator "
             "AND a.kind IS t.kind AND a.unit IS t.unit AND a.per IS t.per)")
TOTALS_OF_FIGURES = _AMOUNT_COLUMNS.format(
    figures="count(*) FILTER (WHERE f.counted)", total="sum(f.value) FILTER (WHERE f.counted)",
    smallest="min(f.value) FILTER (WHERE f.counted)", largest="max(f.value) FILTER (WHERE f.counted)",
    articles="count(DISTINCT f.article) FILTER (WHERE f.part_of IS NULL)")


FIGURE_COLUMNS = {
    "Số liệu": "vn_escape(vn_value(f.value, f.value_max, f.kind, f.unit, f.per, f.subject))",
    "Mức": "vn_words('qualifier', f.qualifier)",
    "Chỉ tiêu": "vn_words('indicator', f.indicator)",
    "Thời gian": "vn_period(f.year, f.period_start, f.period_end)",
    "Tỉnh": "vn_escape(coalesce(vn_words('province', f.province), ''))",
    "Chương trình": "vn_escape(coalesce(f.programme, ''))",
    "Câu trong bài": "vn_marked(f.sentence, f.text)",
    "Bài báo": "vn_article(f.article, a.title, a.url)",
}
"""The columns of the figures table, each with what it shows of a figure."""
_STORED_PROGRAMMES = "SELECT DISTINCT programme AS v FROM facts WHERE programme IS NOT NULL"
_PROGRAMME_ABSENT = (
    "CASE WHEN EXISTS (WITH stored AS MATERIALIZED (" + _STORED_PROGRAMMES + ") SELECT 1 FROM stored "
    "WHERE vn_fold(v) = vn_fold(:programme)) THEN '' ELSE ' Chương trình «' || :programme || "
    "'» không có trong cơ sở dữ liệu này' || coalesce('; các chương trình có: ' || (SELECT "
    "group_concat(v, ', ') FROM (" + _STORED_PROGRAMMES + " ORDER BY v COLLATE vietnamese)), '') || '.' END")
NO_FIGURES = (
    "SELECT vn_escape('Không có số liệu nào khớp với bộ lọc này.' [[ || " + _PROGRAMME_ABSENT + " ]]) "
    + ", ".join(f'AS "{column}"' if i == 0 else f"'' AS \"{column}\""
                for i, column in enumerate(FIGURE_COLUMNS))
    + f" WHERE NOT EXISTS (SELECT 1 FROM figures f {FIGURE_CONDITIONS} AND f.counted)")
"""The figures table's one row when no figure matches, saying so (and when
the programme asked for is none of the database's, which it holds: the
select shows no choice for it, the counts zeros)."""


def dashboard(database: str) -> dict[str, Any]:
    """The dashboard's configuration (datasette-dashboards' `plugins` entry)
    over the database Datasette names `database`."""
    base = f"/{urllib.parse.quote(database)}"

    def chart(title: str, library: str, query: str, display: Any = None) -> dict[str, Any]:
        entry = {"title": title, "db": database, "query": query, "library": library}
        return {**entry, "display": display} if display is not None else entry

    def choices(column: str, shown: str) -> dict[str, Any]:
        # the distinct values first, read from the column's index; only they are put in words
        values = f"SELECT DISTINCT {column} FROM facts WHERE {column} IS NOT NULL"
        return {"db": database, "query": f"SELECT DISTINCT {shown} AS choice FROM ({values}) "
                                         "ORDER BY choice COLLATE vietnamese"}

    metric = {"field": "n", "prefix": "", "suffix": ""}
    return {
        "title": "Theo dõi số liệu từ báo chí",
        "description": (
            "Chọn chương trình, chỉ tiêu, tỉnh và năm rồi bấm Xem; bấm vào một cột của biểu đồ để "
            "xem riêng tỉnh hay giai đoạn đó. Mỗi số liệu được tính một lần: bài đăng lại, câu nhắc "
            "lại hay con số làm tròn ở tiêu đề không được cộng thêm, phần của một tổng (trong đó …) "
            "không cộng vào tổng, tỷ lệ và đơn giá không cộng. Một số liệu thuộc một giai đoạn "
            "(2021–2025) được tính cho mọi năm trong giai đoạn."),
        "settings": {"allow_fullscreen": False},
        "layout": [
            ["figures-count", "stories-count", "articles-count", "links"],
            ["by-province", "by-province", "by-period", "by-period"],
            ["figures", "figures", "figures", "figures"],
            ["totals", "totals", "totals", "totals"],
        ],
        "filters": {
            "programme": {"name": "Chương trình", "type": "select",
                          **choices("programme", "programme")},
            "indicator": {"name": "Chỉ tiêu", "type": "select",
                          **choices("indicator", "vn_words('indicator', indicator)")},
            "province": {"name": "Tỉnh (như bài viết)", "type": "select",
                         **choices("province", "vn_words('province', province)")},
            "province_2025": {"name": "Tỉnh từ 1/7/2025", "type": "select",
                              **choices("province_2025", "vn_words('province', province_2025)")},
            "from": {"name": "Từ năm", "type": "number", "min": 1945, "max": 2100},
            "to": {"name": "Đến năm", "type": "number", "min": 1945, "max": 2100},
            "q": {"name": "Từ khóa (trong câu hoặc bài)", "type": "text"},
        },
        "charts": {
            "links": {"library": "markdown", "display": "\n".join([
                "**Xem thêm**", "",
                f"- [Danh sách mọi số liệu]({base}/facts_with_articles), tải về CSV hoặc Excel",
                f"- [Các bài báo]({base}/articles)",
                f"- [Bảng tổng hợp có sẵn]({base}#queries)",
            ])},
            "figures-count": chart(
                "Số liệu khác nhau", "metric",
                _figures("vn_number(count(*) FILTER (WHERE f.counted)) AS n"), metric),
            "stories-count": chart(
                "Tin (bài đăng lại tính một lần)", "metric",
                _figures("vn_number(count(DISTINCT f.story) FILTER (WHERE f.part_of IS NULL)) AS n"),
                metric),
            "articles-count": chart(
                "Bài báo", "metric",
                _figures("vn_number(count(DISTINCT f.article) FILTER (WHERE f.part_of IS NULL)) AS n"),
                metric),
            "by-province": chart(
                "Theo tỉnh (bấm vào cột để xem riêng tỉnh đó)", "vega-lite",
                _of_sums(f"vn_words('province', f.province) AS place, {_SERIES}, {_TOTALS}, "
                         + FILTER_LINK.format(changed="'province', vn_words('province', f.province)")
                         + " AS link", f"WHERE {_ADDABLE} AND f.province IS NOT NULL GROUP BY f.province, "
                         "f.indicator, f.kind, f.unit ORDER BY place COLLATE vietnamese, series"),
                _bar_chart("place", "Tỉnh", horizontal=True)),
            "by-period": chart(
                "Theo năm hoặc giai đoạn (bấm vào cột để xem riêng năm đó)", "vega-lite",
                _of_sums(f"{_PERIOD} AS period, {_SERIES}, {_TOTALS}, "
                         + FILTER_LINK.format(changed=f"'years', {_PERIOD}") + " AS link",
                         f"WHERE {_ADDABLE} GROUP BY period, f.indicator, f.kind, f.unit "
                         "ORDER BY coalesce(f.period_start, f.year) IS NULL, min(coalesce(f.period_start, "
                         "f.year)), max(coalesce(f.period_end, f.year)), series"),
                _bar_chart("period", "Năm / giai đoạn", horizontal=False)),
            "totals": chart(
                "Tổng theo chỉ tiêu (chỉ cộng những gì cộng được)", "table",
                f"SELECT {_TOTALS_SHOWN} FROM ("
                f"SELECT {TOTALS_OF_SUMS} FROM figure_totals t WHERE NOT {ANY_FILTER} "
                "GROUP BY t.indicator, t.kind, t.unit, t.per UNION ALL "
                + _figures(TOTALS_OF_FIGURES, f"AND {ANY_FILTER} GROUP BY f.indicator, f.kind, f.unit, f.per "
                                              "HAVING count(*) FILTER (WHERE f.counted) > 0")
                + ") ORDER BY n DESC, 1"),
            "figures": chart(
                f"Các số liệu (mỗi số liệu một lần, {FIGURES_SHOWN} số liệu đầu; tất cả ở "
                "Danh sách số liệu)", "table",
                f"{NO_FIGURES} UNION ALL SELECT * FROM ("
                "SELECT " + ", ".join(f'{shown} AS "{column}"' for column, shown in FIGURE_COLUMNS.items())
                + " "
                f"FROM figures f JOIN articles a ON a.id = f.article {FIGURE_CONDITIONS} "
                "AND f.counted ORDER BY a.published IS NULL, a.published DESC, f.article, f.start "
                f"LIMIT {FIGURES_SHOWN})"),
        },
    }
