"""`vnfacts serve`: a real Datasette process over a sample database, read
over HTTP on 127.0.0.1, then stopped."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest
from click.testing import CliRunner
from test_store import GIA_NHA, SAMPLE, make_sample_db, sample_facts, set_version

from extractor.cli import cli
from extractor.serve import HOST, ServeError, datasette_metadata, serve
from extractor.store import StoreError

pytest.importorskip("datasette")

STARTUP_LIMIT = 90.0
"""Seconds the server may take to answer (a bound on the wait, not a measurement)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get_json(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)


@dataclass
class Served:
    """A running `vnfacts serve`: its address, process and log."""

    base: str
    process: subprocess.Popen
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`vnfacts serve` over the sample database `vn.db`."""
    folder = tmp_path_factory.mktemp("serve")
    make_sample_db(folder / "vn.db").close()
    port = free_port()
    log = (folder / "serve.log").open("w+")
    command = [sys.executable, "-c", "from extractor.cli import cli; cli()",
               "serve", "--db", str(folder / "vn.db"), "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            try:
                get_json(base, "/-/versions.json")
                break
            except (URLError, ConnectionError):
                log.seek(0)
                assert process.poll() is None, f"vnfacts serve stopped: {log.read()}"
                assert time.monotonic() < deadline, "vnfacts serve did not answer in time"
                time.sleep(0.2)
        yield Served(base, process, folder / "serve.log")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


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
                      "workers": 1}
    assert {r["value"] for r in facets["province"]["results"]} == {"Thái Bình", "Đồng Nai"}
    assert page["filtered_table_rows_count"] == sum(len(sample_facts(a)) for a in SAMPLE)


def test_canned_query_lists_the_facts_of_one_article(server):
    rows = get_json(server, f"/vn/article_facts.json?article={GIA_NHA.id}&_shape=array")
    assert [row["text"] for row in rows] == [f.text for f in sample_facts(GIA_NHA)]
    assert rows[0]["sentence"] == sample_facts(GIA_NHA)[0].sentence


def test_canned_queries_sum_budget_and_workers(server):
    budget = get_json(server, "/vn/budget_by_province_year.json?_shape=array")
    assert [(r["province"], r["year_or_period"], r["unit"], r["total"]) for r in budget] == [
        ("Thái Bình", "2016", "VND", 19448500000), ("Đồng Nai", "2021", "USD", 800000)]
    workers = get_json(server, "/vn/workers_by_year.json?_shape=array")
    assert workers == [{"year_or_period": "2016", "figures": 1, "articles": 1, "stories": 1,
                        "total": 12535, "largest": 12535}]
    # the figures view: the sample's `30%` written twice is one figure
    figures = get_json(server, f"/vn/figures.json?_shape=array&article={GIA_NHA.id}")
    assert [(row["text"], row["mentions"], row["counted"], row["addable"]) for row in figures] == [
        ("50 triệu đồng", 1, 1, 0), ("28-30%", 1, 1, 0), ("30%", 2, 1, 0)]


def test_metadata_describes_tables_and_the_database_is_read_only(server):
    metadata = get_json(server, "/-/metadata.json")
    tables = metadata["databases"]["vn"]["tables"]
    assert metadata["title"] == "vnfacts"
    assert tables["facts"]["columns"]["province_2025"] and tables["facts"]["columns"]["programme"]
    assert "programme" in tables["facts"]["facets"] and tables["figures"]["columns"]["counted"]
    assert [db["is_mutable"] for db in get_json(server, "/-/databases.json")] == [False]


def test_metadata_is_placed_under_the_database_name(tmp_path):
    metadata = datasette_metadata(tmp_path / "tin-tuc.db")
    assert list(metadata["databases"]) == ["tin-tuc"]
    assert set(metadata["databases"]["tin-tuc"]["queries"]) == {
        "budget_by_province_year", "workers_by_year", "article_facts"}


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
    new = served.log_lines()[len(before):]
    assert len(new) == 1, new
    assert "Traceback" not in new[0] and refusal.split(",")[0] in new[0]
    peak = peak_memory_mb(served.process)
    assert peak is None or peak < 1000, f"the server held {peak:.0f} MB"
    # and it still answers
    facts = sum(len(sample_facts(article)) for article in SAMPLE)
    assert sql(served, "select count(*) as n from facts")[1]["rows"] == [[facts]]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}"])
def test_a_request_for_another_host_is_refused(served, host):
    port = served.base.rsplit(":", 1)[1]
    before = served.log_lines()
    status, answer = sql(served, "select 1", host=host.format(port=port))
    assert status == 400
    assert answer == f"This server answers for {HOST}:{port} only."
    assert len(served.log_lines()) == len(before) + 1
    for own in (f"{HOST}:{port}", f"localhost:{port}"):
        assert sql(served, "select 1 as one", host=own)[1]["rows"] == [[1]]


def test_a_missing_page_is_a_404_page_and_one_log_line(served):
    before = served.log_lines()
    with pytest.raises(HTTPError) as missing:
        urllib.request.urlopen(served.base + "/no-such-database", timeout=30)
    assert missing.value.code == 404
    assert "Database not found" in missing.value.read().decode("utf-8")
    assert served.log_lines()[len(before):] == ["vnfacts serve: refused GET /no-such-database: "
                                               "Database not found (404)"]
