"""`vnfacts serve`: a real Datasette process over a sample database, read
over HTTP on 127.0.0.1, then stopped."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import pytest
from click.testing import CliRunner
from support import (
    GIA_NHA,
    SAMPLE,
    THAI_BINH,
    UNTITLED,
    Served,
    free_port,
    get_json,
    make_sample_db,
    sample_facts,
    serving,
    set_version,
)

from extractor.cli import cli
from extractor.dashboard import DASHBOARD
from extractor.serve import HOST, SETTINGS, ServeError, accepted_hosts, datasette_metadata, serve
from extractor.store import StoreError

pytest.importorskip("datasette")

SERVED = (*SAMPLE, UNTITLED)
"""The articles of the served database."""


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    """`vnfacts serve` over the sample database `vn.db`, with an article without a title."""
    folder = tmp_path_factory.mktemp("serve")
    make_sample_db(folder / "vn.db", also=(UNTITLED,)).close()
    with serving(folder / "vn.db") as running:
        yield running


@pytest.fixture(scope="module")
def server(served) -> str:
    """The base URL of the server."""
    return served.base


def test_facts_page_has_facets_on_indicator_province_and_year(server):
    page = get_json(server, "/vn/facts.json?_facet=kind&_size=1")
    facets = page["facet_results"]
    assert {"indicator", "province", "year", "kind"} <= set(facets)
    counts = {r["value"]: r["count"] for r in facets["indicator"]["results"]}
    assert counts == {"percent": 4, "budget": 2, "price": 1, "projects": 1, "quantity": 1,
                      "workers": 1, "events": 1}
    assert {r["value"] for r in facets["province"]["results"]} == {"Thái Bình", "Đồng Nai", "Hậu Giang"}
    assert page["filtered_table_rows_count"] == sum(len(sample_facts(a)) for a in SERVED)


def test_canned_query_lists_the_facts_of_articles_named_by_words_of_their_title(server):
    rows = get_json(server, "/vn/article_facts.json?words=gia+can+ho&_shape=array")
    assert [row["text"] for row in rows] == [f.text for f in sample_facts(GIA_NHA)]
    assert rows[0]["sentence"] == sample_facts(GIA_NHA)[0].sentence
    assert rows[0]["article_title"] == GIA_NHA.title
    assert get_json(server, "/vn/article_facts.json?words=%22*%22&_shape=array") == []


def saved(server: str, name: str, **params: str) -> list[dict]:
    query = urllib.parse.urlencode({"programme": "", "province": "", "from": "", "to": "", **params})
    return get_json(server, f"/vn/{name}.json?{query}&_shape=array")


def test_canned_queries_sum_budget_and_workers(server):
    budget = saved(server, "budget_by_province_year")
    assert [(r["province"], r["year_or_period"], r["unit"], r["total"]) for r in budget] == [
        ("Đồng Nai", "2021", "USD", 800000), ("Thái Bình", "2016", "VND", 19448500000)]
    workers = saved(server, "workers_by_year")
    assert workers == [{"year_or_period": "2016", "kind": "count", "figures": 1, "articles": 1,
                        "stories": 1, "total": 12535, "largest": 12535}]


@pytest.mark.parametrize(("params", "provinces"), [
    ({"province": "thai binh"}, ["Thái Bình"]),  # without tone marks
    ({"province": "Hưng Yên"}, ["Thái Bình"]),  # its province since 2025
    ({"province": "dong nai"}, ["Đồng Nai"]),
    ({"from": "2021", "to": "2024"}, ["Đồng Nai"]),
    ({"from": "2016", "to": "2016"}, ["Thái Bình"]),
    ({"from": "2022"}, []),
    ({"to": "2015"}, []),
    ({"programme": "khuyen cong"}, []),
])
def test_canned_queries_read_provinces_and_periods_as_search_does(server, params, provinces):
    assert [row["province"] for row in saved(server, "budget_by_province_year", **params)] == provinces
    # the figures view: the sample's `30%` written twice is one figure
    figures = get_json(server, f"/vn/figures.json?_shape=array&article={GIA_NHA.id}")
    assert [(row["text"], row["mentions"], row["counted"], row["addable"]) for row in figures] == [
        ("50 triệu đồng", 1, 1, 0), ("28-30%", 1, 1, 0), ("30%", 2, 1, 0)]


def test_metadata_describes_tables_and_the_database_is_read_only(server):
    metadata = get_json(server, "/-/metadata.json")
    tables = metadata["databases"]["vn"]["tables"]
    assert metadata["title"].startswith("vnfacts")
    assert tables["facts"]["columns"]["province_2025"] and tables["facts"]["columns"]["programme"]
    assert "programme" in tables["facts"]["facets"] and tables["figures"]["columns"]["counted"]
    assert [db["is_mutable"] for db in get_json(server, "/-/databases.json")] == [False]


def test_metadata_is_placed_under_the_database_name(tmp_path):
    metadata = datasette_metadata(tmp_path / "tin-tuc.db")
    assert list(metadata["databases"]) == ["tin-tuc"]
    assert set(metadata["databases"]["tin-tuc"]["queries"]) == {
        "budget_by_province_year", "workers_by_year", "article_facts"}
    charts = metadata["plugins"]["datasette-dashboards"][DASHBOARD]["charts"]
    assert {chart.get("db", "tin-tuc") for chart in charts.values()} == {"tin-tuc"}


def get_text(base: str, path: str) -> tuple[str, dict[str, str], bytes]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.read().decode("utf-8-sig"), dict(response.headers), response.read()


def test_pages_write_values_for_people_and_link_facts_to_articles(server):
    page, _, _ = get_text(server, "/vn/facts_with_articles?article=kc-thaibinh-2016")
    assert "19,45 tỷ đồng" in page and "12.535 lao động" in page
    assert not re.search(r"19448500000|12535\.0|\d\.0<", page)
    assert f'href="/vn/articles/{THAI_BINH.id}"' in page and THAI_BINH.title in page
    assert f'href="{THAI_BINH.url}"' in page
    assert "<mark>19.448,5 triệu đồng</mark>" in page
    assert ">kinh phí<" in page and ">Hưng Yên<" in page
    table, _, _ = get_text(server, "/vn/facts?article=kc-thaibinh-2016")
    assert "19,45 tỷ đồng" in table and "19448500000.0" not in table
    article, _, _ = get_text(server, f"/vn/articles/{THAI_BINH.id}")
    assert '<article class="vn-article">' in article and "Xem bài gốc" in article
    assert '<mark title="kinh phí · 19,45 tỷ đồng">' not in article  # the indicator comes last
    assert '<mark title="19,45 tỷ đồng · kinh phí">19.448,5 triệu đồng</mark>' in article
    saved_query, _, _ = get_text(server, "/vn/budget_by_province_year?programme=&province=&from=&to=")
    assert "19,45 tỷ đồng" in saved_query and "800.000 USD" in saved_query


UNTITLED_SHOWN = ('<span class="vn-untitled" title="Bài không có tiêu đề; đây là những chữ đầu của bài.">'
                  "Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho…</span>")
"""The opening words of `UNTITLED` where its title would be (its photo caption passed over)."""


def test_an_article_without_a_title_is_shown_by_its_opening_words(server):
    link = f'<a href="/vn/articles/{UNTITLED.id}" title="{UNTITLED.id}">{UNTITLED_SHOWN}</a>'
    for path in (f"/vn/facts_with_articles?article={UNTITLED.id}", f"/vn/facts?article={UNTITLED.id}",
                 "/vn/article_facts?words=phien+giao+dich"):
        page, _, _ = get_text(server, path)
        assert link in page, path
        assert "không có tiêu đề)" not in page and "Minh Anh" not in page
    articles, _, _ = get_text(server, "/vn/articles")
    assert f'<td class="col-title type-none">{UNTITLED_SHOWN}</td>' in articles
    assert f">{THAI_BINH.title}<" in articles
    article, _, _ = get_text(server, f"/vn/articles/{UNTITLED.id}")
    assert f"<h1>{UNTITLED_SHOWN}</h1>" in article
    (figure,) = dashboard_rows(server, "figures", province="Hậu Giang")
    assert figure["Bài báo"].startswith(f'<a href="/vn/articles/{UNTITLED.id}">{UNTITLED_SHOWN}</a>')


READ_FIRST = ["value", "qualifier", "indicator", "subject", "year", "period", "province", "programme",
              "sentence", "article_title"]


def test_tables_show_first_what_a_person_reads_and_fold_the_column_descriptions(server):
    page, _, _ = get_text(server, "/vn/facts_with_articles?indicator=budget")
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"', page)
    stored = get_json(server, "/vn/facts_with_articles.json?_size=1")["columns"]
    assert headers[:len(READ_FIRST)] == READ_FIRST and sorted(headers) == sorted(stored)
    cells = re.findall(r'<td class="col-([^ "]+) ', page)
    assert cells[:len(headers)] == headers  # each row's cells under their headers
    descriptions = page.index('<dl class="column-descriptions">')
    assert page.rindex('<details class="vn-columns">', 0, descriptions) < page.index("<table")
    assert page.count('<dl class="column-descriptions">') == 1
    # facets say what the cells say, the code on hover
    everything, _, _ = get_text(server, "/vn/facts_with_articles")
    assert 'title="budget">kinh phí</a>' in everything and 'title="Thái Bình">Thái Bình</a>' in everything
    assert "<li>kinh phí &middot; 2 " in page  # the facet chosen
    facts, _, _ = get_text(server, "/vn/facts?indicator=budget")
    assert re.findall(r'<th [^>]*data-column="([^"]+)"', facts)[:3] == ["value", "qualifier", "indicator"]
    articles, _, _ = get_text(server, "/vn/articles")
    assert re.findall(r'<th [^>]*data-column="([^"]+)"', articles)[:3] == ["title", "published", "text"]
    # the CSV keeps the stored order and raw values
    exported, _, _ = get_text(server, "/vn/facts_with_articles.csv?indicator=budget")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0])[:3] == ["id", "value", "value_max"]
    assert {row["indicator"] for row in rows} == {"budget"}
    assert {row["value"] for row in rows} == {"19448500000.0", "800000.0"}


def test_the_home_page_leads_to_the_dashboard(server):
    home, _, _ = get_text(server, "/")
    assert f'href="/-/dashboards/{DASHBOARD}"' in home
    assert f"/-/dashboards/{DASHBOARD}?indicator=kinh+ph%C3%AD" in home
    assert 'href="/vn/facts_with_articles"' in home
    dashboard, _, _ = get_text(server, f"/-/dashboards/{DASHBOARD}")
    assert "Theo dõi số liệu" in dashboard and "vega-lite.min.js" in dashboard


def dashboard_rows(server: str, chart: str, **filters: str) -> list[dict]:
    """A dashboard chart's rows, fetched as its page fetches them."""
    from datasette_dashboards import replace_opts_in_query

    from extractor.dashboard import dashboard

    query = replace_opts_in_query(dashboard("vn")["charts"][chart]["query"], filters)
    arguments = urllib.parse.urlencode({"sql": query, **filters, "_shape": "array"})
    return get_json(server, f"/vn.json?{arguments}")


def test_dashboard_counts_each_figure_once_and_filters_as_search_does(server):
    assert dashboard_rows(server, "figures-count") == [{"n": "10"}]  # the 30% written twice is one
    assert dashboard_rows(server, "figures-count", province="thai binh") == [{"n": "3"}]
    assert dashboard_rows(server, "figures-count", province_2025="Hưng Yên") == [{"n": "3"}]
    assert dashboard_rows(server, "figures-count", **{"from": "2021", "to": "2021"}) == [{"n": "3"}]
    assert dashboard_rows(server, "figures-count", **{"from": "2024", "to": "2030"}) == [{"n": "1"}]
    assert dashboard_rows(server, "figures-count", q="ha tang") == [{"n": "0"}]
    assert dashboard_rows(server, "figures-count", q="\"lấp đầy\"") == [{"n": "3"}]  # its article
    totals = dashboard_rows(server, "totals", indicator="kinh phí")
    assert sorted((row["Đơn vị"], row["Tổng"]) for row in totals) == [
        ("USD", "800.000 USD"), ("đồng", "19,45 tỷ đồng")]
    provinces = dashboard_rows(server, "by-province")
    # Vietnamese order (code points put Đồng Nai last)
    assert [(row["place"], row["shown"]) for row in provinces] == [
        ("Đồng Nai", "50 ha"), ("Đồng Nai", "800.000 USD"), ("Hậu Giang", "25"), ("Thái Bình", "193"),
        ("Thái Bình", "19,45 tỷ đồng"), ("Thái Bình", "12.535")]
    figures = dashboard_rows(server, "figures", province="Thái Bình")
    assert figures[0]["Bài báo"].startswith(f'<a href="/vn/articles/{THAI_BINH.id}">')


def test_csv_is_a_download_and_excel_gets_a_byte_order_mark(server):
    with urllib.request.urlopen(server + "/vn/facts_with_articles.csv?_stream=on", timeout=30) as response:
        plain, headers = response.read(), response.headers
    assert headers["content-disposition"].startswith("attachment;")
    assert "facts_with_articles.csv" in urllib.parse.unquote(headers["content-disposition"])
    assert plain.startswith(b"id,value,")
    with urllib.request.urlopen(server + "/vn/facts_with_articles.csv?_excel=1&_stream=on",
                                timeout=30) as response:
        excel = response.read()
    assert excel == "\ufeff".encode() + plain
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    # raw values: no title is an empty cell, not the label the pages show
    assert {row["article_title"] for row in rows} == {article.title or "" for article in SERVED}
    assert rows[0]["article_url"] in ("", THAI_BINH.url) and "value" in rows[0]
    page, _, _ = get_text(server, "/vn/facts_with_articles")
    assert "extractor" not in page and "CSV" in page
    copy, _, _ = get_text(server, "/vn/facts_with_articles.copy?article=kc-thaibinh-2016")
    assert "\t19448500000\t" in copy and "19448500000.0" not in copy and "Sao chép" in copy


def test_datasette_stops_long_queries_and_caps_the_rows(server):
    settings = get_json(server, "/-/settings.json")
    assert settings["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"] > 0
    assert settings["max_returned_rows"] == SETTINGS["max_returned_rows"] == 1000
    many = get_json(server, "/vn.json?sql=" + urllib.parse.quote(
        "with recursive r(i) as (select 1 union all select i + 1 from r limit 5000) select i from r"))
    assert len(many["rows"]) == 1000 and many["truncated"]


def test_serving_on_another_address_is_said_and_its_name_accepted(tmp_path):
    hosts = accepted_hosts("0.0.0.0")
    assert hosts[:3] == [HOST, "localhost", "[::1]"] and "0.0.0.0" in hosts
    assert socket.gethostname().lower() in hosts
    assert accepted_hosts(HOST) == [HOST, "localhost", "[::1]"]
    assert accepted_hosts("::")[3] == "[::]"
    with pytest.raises(ServeError, match=r"cannot listen on 203\.0\.113\.9"):
        make_sample_db(tmp_path / "vn.db").close()
        serve(tmp_path / "vn.db", port=free_port(), host="203.0.113.9")


def test_a_taken_port_is_a_clear_error(tmp_path):
    make_sample_db(tmp_path / "vn.db").close()
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"cannot listen on {HOST}:{port}"):
            serve(tmp_path / "vn.db", port=port)


def test_serve_refuses_unusable_databases(tmp_path):
    set_version(tmp_path / "old.db", "0.0.1")
    with pytest.raises(StoreError, match="schema version 0"):
        serve(tmp_path / "old.db", port=free_port())
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "no such database" in result.stderr


# Hostile requests: refused in one log line each, the server's memory bounded.

def sql(served: Served, query: str, host: str | None = None) -> tuple[int, dict | str]:
    """Status and answer of a query through the JSON API."""
    request = urllib.request.Request(f"{served.base}/vn.json?sql={urllib.parse.quote(query)}")
    if host is not None:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except HTTPError as error:
        body = error.read().decode("utf-8")
        return error.code, json.loads(body) if body.startswith("{") else body


def peak_memory_mb(process: subprocess.Popen) -> float | None:
    """The most memory the process has held (Linux's VmHWM), in MB."""
    status = Path(f"/proc/{process.pid}/status")
    if not status.exists():
        return None
    line = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


@pytest.mark.parametrize(("query", "refusal"), [
    ("select randomblob(300000000)", "string or blob too big"),
    ("select length(zeroblob(300000000))", "string or blob too big"),
    ("with recursive r(i) as (select 1 union all select i + 1 from r limit 1000) "
     "select randomblob(5000000) from r",
     "the result holds more than 32 MB, the most this server returns for one query"),
    ("with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
     "SQL query took too long"),
    ("delete from facts", "Statement must be a SELECT"),
])
def test_a_query_past_the_limits_is_refused_in_one_log_line(served, query, refusal):
    before = served.log_lines()
    status, answer = sql(served, query)
    assert status == 400
    assert refusal in answer["error"]
    new = served.new_log_lines(before)
    assert len(new) == 1, new
    assert "Traceback" not in new[0] and refusal.split(",")[0] in new[0]
    peak = peak_memory_mb(served.process)
    assert peak is None or peak < 1000, f"the server held {peak:.0f} MB"
    # and it still answers
    facts = sum(len(sample_facts(article)) for article in SERVED)
    assert sql(served, "select count(*) as n from facts")[1]["rows"] == [[facts]]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}"])
def test_a_request_for_another_host_is_refused(served, host):
    port = served.base.rsplit(":", 1)[1]
    before = served.log_lines()
    status, answer = sql(served, "select 1", host=host.format(port=port))
    assert status == 400
    assert answer == f"This server answers for {HOST}:{port} only."
    assert len(served.new_log_lines(before)) == 1
    for own in (f"{HOST}:{port}", f"localhost:{port}"):
        assert sql(served, "select 1 as one", host=own)[1]["rows"] == [[1]]


def test_a_missing_page_is_a_404_page_and_one_log_line(served):
    before = served.log_lines()
    with pytest.raises(HTTPError) as missing:
        urllib.request.urlopen(served.base + "/no-such-database", timeout=30)
    assert missing.value.code == 404
    assert "Database not found" in missing.value.read().decode("utf-8")
    assert served.new_log_lines(before) == ["vnfacts serve: refused GET /no-such-database: "
                                               "Database not found (404)"]
