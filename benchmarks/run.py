"""Benchmark vnfacts on a real press archive and record the figures in BENCHMARKS.md.

    python benchmarks/run.py                       # ../shared/corpora/baomoi-2017.jsonl.gz
    python benchmarks/run.py --sample 1000 --skip-full
    python benchmarks/run.py --cost-only           # the cost of adversarial text, printed only
    python benchmarks/run.py --search-only DB      # the search mix and start-up on DB, printed only
    python benchmarks/run.py --side-by-side        # the ratios of issue 11, runs alternated, printed only
    python benchmarks/run.py --facts-diff main     # facts of this tree against main's, whole archive
    python benchmarks/run.py --facts-diff main --sample 2000   # ... on the first 2,000 articles

Measures, on the same articles:
- the naive baseline: underthesea `word_tokenize` on every sentence;
- `vnfacts ingest` with 1 worker and with 2: articles/s and MB/s;
- the cost of extracting text made of numbers (a table flattened into
  text: `"1 " * 2000`) per KB, against real articles of the same size, and
  at four times the size (the cost must grow with the length, no faster);
- peak memory (RSS of the whole process tree) ingesting 5,000 articles and the whole archive;
- re-ingesting the unchanged archive, against the first ingest;
- `extractor.search` latency on the full-archive database: a seeded mix of
  200 searches like people's (`search_mix`), p50, p95 and max per group;
- the start-up of `vnfacts search` (`--help`, and a real search);
- the dashboard's charts as Datasette answers them, with no filter and with two (`--search-only`);
- amounts of money stored as counts, and figures cut short (words of their
  number left over: extractor/checks.py), over the whole archive and the
  second archive (`--second-archive`, dantri): target 0 each (`--checks-only`
  runs these alone);
- with `--side-by-side`, the ratios of issue 11 on a machine others share:
  extraction alone against the naive baseline (in this process), `ingest
  --workers 1` against the naive baseline, and 2 workers against 1 on
  6,000 articles (whole processes, start included), each pair run in turn
  (A B A B) so that a change of the machine's load falls on both, in wall
  and in CPU time, with the load average at the start;
- with `--facts-diff REV`, the facts this tree stores against those the
  code of revision REV stores from the same articles (the whole archive, or
  `--sample` articles when given): an optimisation must change none.

Timings belong here, never in the test suite. Exits 0 with a note when the
archive is absent. The results replace the end of BENCHMARKS.md; the notes
above its results marker are kept.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- results: written by benchmarks/run.py; what is above this line is kept -->"
ARCHIVE = ROOT.parent / "shared" / "corpora" / "baomoi-2017.jsonl.gz"
SECOND_ARCHIVE = ROOT.parent / "shared" / "corpora" / "dantri-2021.jsonl.gz"
SEARCH_GROUPS = {"full text": 60, "filters": 60, "combined": 40, "value ranges": 40}
"""How many searches of each kind the mix holds (200 in all)."""
SEARCH_SEED = 13


def write_sample(archive: Path, count: int, folder: Path) -> tuple[Path, int]:
    """The first `count` articles of the archive as a JSON Lines file, and their text size."""
    path = folder / f"sample-{count}.jsonl"
    size = 0
    with gzip.open(archive, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for line in itertools.islice(source, count):
            size += len(json.loads(line).get("text") or "")
            out.write(line)
    return path, size


def naive_baseline(sample: Path) -> float:
    """Seconds for underthesea word_tokenize on every sentence of the sample."""
    from underthesea import sent_tokenize, word_tokenize

    word_tokenize("khởi động")  # load the model outside the clock
    start = time.perf_counter()
    with sample.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in sent_tokenize(json.loads(line).get("text") or ""):
                word_tokenize(sentence)
    return time.perf_counter() - start


def naive_command(sample: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--naive", str(sample)]


def child_run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user and system, of the process and of every
    process it waited for: the workers) of a command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(command)} failed:\n{process.stderr.decode()}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def alternated(a: Callable[[], tuple[float, float]], b: Callable[[], tuple[float, float]],
               pairs: int) -> tuple[list[float], list[float]]:
    """The ratios B/A of wall and of CPU time, pair by pair, A and B run in turn."""
    walls, cpus = [], []
    for _ in range(pairs):
        (wall_a, cpu_a), (wall_b, cpu_b) = a(), b()
        walls.append(wall_b / wall_a)
        cpus.append(cpu_b / cpu_a)
    return walls, cpus


def ratio(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}× (pairs: {', '.join(f'{v:.2f}' for v in values)})"


def side_by_side(archive: Path, folder: Path, pairs: int = 2) -> list[tuple[str, str, str]]:
    """The ratios of issue 11, each pair of measures run in turn."""
    from underthesea import sent_tokenize, word_tokenize

    from extractor.pipeline import extract_article, load_rules
    from extractor.read import read_articles

    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start"
    rows = []
    small, _ = write_sample(archive, 1000, folder)
    articles = list(itertools.islice(read_articles([str(small)]), 300))
    load_rules()
    extract_article(articles[0])
    word_tokenize("khởi động")

    def in_process(work: Callable[[Any], Any]) -> Callable[[], tuple[float, float]]:
        def run() -> tuple[float, float]:
            wall, cpu = time.perf_counter(), time.process_time()
            for article in articles:
                work(article)
            return time.perf_counter() - wall, time.process_time() - cpu
        return run

    def naive(article: Any) -> None:
        for sentence in sent_tokenize(article.text or ""):
            word_tokenize(sentence)

    walls, cpus = alternated(in_process(extract_article), in_process(naive), pairs + 1)
    rows.append((f"extraction alone against the naive baseline, {len(articles)} articles in this process",
                 f"CPU {ratio(cpus)}, wall {ratio(walls)}", f"benchmarks/run.py --side-by-side ({load})"))

    def ingest_run(inputs: Path, workers: int) -> Callable[[], tuple[float, float]]:
        def run() -> tuple[float, float]:
            db = folder / f"side-{workers}.db"
            db.unlink(missing_ok=True)
            return child_run(ingest_command(inputs, db, workers))
        return run

    walls, cpus = alternated(ingest_run(small, 1), lambda: child_run(naive_command(small)), pairs)
    rows.append(("`ingest --workers 1` against the naive baseline, 1000 articles, whole processes",
                 f"CPU {ratio(cpus)}, wall {ratio(walls)}",
                 f"{shown(ingest_command(small, folder / 'side-1.db', 1))} vs {shown(naive_command(small))}"))
    big, _ = write_sample(archive, 6000, folder)
    walls, cpus = alternated(ingest_run(big, 2), ingest_run(big, 1), pairs)
    rows.append(("2 workers against 1, 6000 articles, whole processes (wall: the speed-up; "
                 "CPU: 1 worker's CPU over 2 workers')",
                 f"wall {ratio(walls)}, CPU {ratio(cpus)}",
                 shown(ingest_command(big, folder / "side-2.db", 2)) + f" ({load}; at the end "
                 f"{os.getloadavg()[0]:.1f})"))
    return rows


COST_SHAPES = {
    "runs of numbers": "1 ",
    "a table of numbers": "1 2 3 4 5 6 7 8 9 10 ",
    "runs of amounts": "1 triệu ",
    "runs of percentages": "5% ",
}
COST_SIZE = 4000
"""Bytes of text per cost measurement: `"1 " * 2000`."""


def extraction_costs(sample: Path) -> list[tuple[str, str, str]]:
    """Milliseconds per KB to extract real articles, cut into pieces of
    `COST_SIZE` bytes, and text of the shapes in `COST_SHAPES` of that size
    and of four times it (best of three, in this process)."""
    from extractor.pipeline import extract, load_rules

    load_rules()
    extract("Tổng kinh phí 5 tỷ đồng.")  # load the models outside the clock

    def per_kb(text: str) -> float:
        best = min(_timed(extract, text) for _ in range(3))
        return best * 1000 / (len(text.encode("utf-8")) / 1024)

    pieces = []
    with sample.open(encoding="utf-8") as lines:
        for line in itertools.islice(lines, 200):
            text = json.loads(line).get("text") or ""
            while len(text.encode("utf-8")) >= COST_SIZE and len(pieces) < 50:
                piece = text.encode("utf-8")[:COST_SIZE].decode("utf-8", "ignore")
                pieces.append(piece)
                text = text[len(piece):]
    real = statistics.median(per_kb(piece) for piece in pieces)
    rows = [(f"extract, real articles in {COST_SIZE // 1000} KB pieces ({len(pieces)} pieces, median)",
             f"{real:.1f} ms/KB", "benchmarks/run.py (extractor.extract, in process)")]
    for name, unit in COST_SHAPES.items():
        for factor in (1, 4):
            text = unit * (COST_SIZE * factor // len(unit.encode("utf-8")))
            cost = per_kb(text)
            rows.append((f"extract, {name}: {unit.strip()!r} × {len(text) // len(unit)} "
                         f"({len(text.encode('utf-8')) // 1000} KB)",
                         f"{cost:.1f} ms/KB ({cost / real:.1f}× real text)",
                         "benchmarks/run.py (extractor.extract, in process)"))
    return rows


def _timed(function, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes, summed over the process and its workers) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, peak


def ingest_command(inputs: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "extractor", "ingest", str(inputs), "--db", str(db),
            "--workers", str(workers), "--quiet"]


Rows = collections.Counter[tuple[Any, ...]]
"""Rows of a table as a multiset."""


def stored_facts(db: Path) -> tuple[list[str], Rows]:
    """The columns of the facts table but its row id, and its rows as a multiset."""
    with closing(sqlite3.connect(db)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(facts)") if row[1] != "id"]
        quoted = ", ".join(f'"{column}"' for column in columns)
        return columns, collections.Counter(connection.execute(f"SELECT {quoted} FROM facts"))


def facts_diff(inputs: Path, revision: str, folder: Path, workers: int = 2) -> list[tuple[str, str, str]]:
    """Ingest `inputs` with this tree and with the code of `revision` (its
    files exported from git), and count the facts stored by one and not the
    other, compared as multisets on the columns both tables have."""
    tree = folder / "revision"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir()
    exported = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True,
                              capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=exported, check=True)
    stored = {}
    for name, code in (("revision", tree), ("this tree", ROOT)):
        db = folder / f"facts-{name.replace(' ', '-')}.db"
        db.unlink(missing_ok=True)
        command = ingest_command(inputs, db, workers)
        # run outside both trees, so that PYTHONPATH decides which code is imported
        process = subprocess.run(command, cwd=folder, env={**os.environ, "PYTHONPATH": str(code)},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if process.returncode not in (0, 1):
            sys.exit(f"benchmark: {' '.join(command)} failed:\n{process.stderr.decode()}")
        stored[name] = stored_facts(db)
    (old_columns, old), (new_columns, new) = stored["revision"], stored["this tree"]
    common = [column for column in new_columns if column in old_columns]

    def projected(columns: list[str], rows: Rows) -> Rows:
        places = [columns.index(column) for column in common]
        return collections.Counter({tuple(row[i] for i in places): n for row, n in rows.items()})

    old, new = projected(old_columns, old), projected(new_columns, new)
    differing = sum(((old - new) + (new - old)).values())
    return [(f"facts of this tree against {revision}, {inputs.name}",
             f"{differing} differing of {sum(new.values())} facts ({sum(old.values())} on {revision})",
             f"benchmarks/run.py --facts-diff {revision}")]


Search = tuple[str, dict[str, Any]]


def search_mix(db: Path, seed: int = SEARCH_SEED) -> list[Search]:
    """The searches of `SEARCH_GROUPS`, drawn (seeded) from what the database
    holds, as people search: one or two words of a title (common words too);
    an indicator, one of the ten provinces most written about, a year or a
    range of years; words with a filter; and ranges of values, alone or of
    one kind and unit, a quarter of them sorted by value."""
    rng = random.Random(seed)
    with closing(sqlite3.connect(db)) as connection:
        def column(sql: str) -> list[Any]:
            return [value for (value,) in connection.execute(sql)]

        titles = column("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY id")
        indicators = column("SELECT DISTINCT indicator FROM facts WHERE indicator IS NOT NULL ORDER BY 1")
        provinces = column("SELECT province FROM facts WHERE province NOT IN ('', 'national') "
                           "GROUP BY province ORDER BY count(*) DESC, province LIMIT 10")
        years = column("SELECT year FROM facts WHERE year BETWEEN 2000 AND 2030 GROUP BY year "
                       "ORDER BY count(*) DESC, year LIMIT 12")
        units = connection.execute(
            "SELECT kind, unit FROM facts WHERE value IS NOT NULL GROUP BY kind, unit "
            "ORDER BY count(*) DESC, kind, unit LIMIT 8").fetchall()
        values = {pair: column(f"SELECT value FROM facts WHERE kind = '{pair[0]}' AND unit "
                               f"{'IS NULL' if pair[1] is None else '= ' + repr(pair[1])} "
                               "AND value IS NOT NULL ORDER BY id LIMIT 2000") for pair in units}
    every_value = sorted(value for found in values.values() for value in found)

    def words() -> str:
        while True:
            found = [word for word in re.findall(r"\w+", rng.choice(titles)) if not word.isdigit()]
            if found:
                start = rng.randrange(len(found))
                return " ".join(found[start:start + rng.choice((1, 2))])

    def one_filter(kind: int) -> dict[str, Any]:
        if kind == 0:
            return {"indicator": [rng.choice(indicators)]}
        if kind == 1:
            return {"province": [rng.choice(provinces)]}
        if kind == 2:
            return {"year": rng.choice(years)}
        first = rng.choice(years)
        return {"year_from": first, "year_to": first + rng.randint(1, 4)}

    def filters() -> dict[str, Any]:
        kinds = rng.sample(range(4), rng.choice((1, 1, 2)))
        if {2, 3} <= set(kinds):
            kinds.remove(3)
        return {key: value for kind in kinds for key, value in one_filter(kind).items()}

    def value_range() -> dict[str, Any]:
        shape = rng.randrange(3)
        if shape == 0:
            return {"min_value": rng.choice(every_value)}
        if shape == 1:
            return {"max_value": rng.choice(every_value)}
        kind, unit = rng.choice(units)
        low, high = sorted(rng.sample(values[(kind, unit)], 2))
        return {"kind": [kind], **({"unit": [unit]} if unit else {}), "min_value": low, "max_value": high}

    def sorted_by_value(arguments: dict[str, Any]) -> dict[str, Any]:
        return {**arguments, "sort": "value"} if rng.random() < 0.25 else arguments

    makers = {
        "full text": lambda: {"query": words()},
        "filters": filters,
        "combined": lambda: {"query": words(), **one_filter(rng.randrange(4))},
        "value ranges": lambda: sorted_by_value(value_range()),
    }
    mix = [(group, makers[group]()) for group, count in SEARCH_GROUPS.items() for _ in range(count)]
    rng.shuffle(mix)
    return mix


Timed = tuple[str, dict[str, Any], float, float]


def search_latencies(db: Path, mix: list[Search]) -> list[Timed]:
    """Each search of the mix timed in this process (wall and CPU seconds),
    after the mix once untimed (the file in the page cache, as on a machine
    that searches it). CPU time tells the cost when other work shares the cores."""
    from extractor import search

    def run(arguments: dict[str, Any]) -> tuple[float, float]:
        arguments = dict(arguments)
        query = arguments.pop("query", None)
        start, cpu = time.perf_counter(), time.process_time()
        search(db, query, limit=20, **arguments)
        return time.perf_counter() - start, time.process_time() - cpu

    for _, arguments in mix:
        run(arguments)
    return [(group, arguments, *run(arguments)) for group, arguments in mix]


def percentiles(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {ordered[-1] * 1000:.1f} ms")


def search_rows(db: Path, what: str) -> list[tuple[str, str, str]]:
    """The latency rows of the search mix on `db` (`what` names the database),
    wall time (CPU time beside it), and the slowest searches printed, to see
    what to index."""
    timed = search_latencies(db, search_mix(db))
    command = f"benchmarks/run.py (extractor.search, in process, seed {SEARCH_SEED})"
    groups = [("all", f"{len(timed)} varied searches (all)"),
              *((group, f"{count} {group}") for group, count in SEARCH_GROUPS.items())]
    rows = []
    for group, label in groups:
        chosen = [row for row in timed if group in ("all", row[0])]
        rows.append((f"extractor.search on {what}, {label}",
                     f"{percentiles([row[2] for row in chosen])} (CPU: "
                     f"{percentiles([row[3] for row in chosen])})", command))
    for group, arguments, seconds, cpu in sorted(timed, key=lambda row: -row[2])[:8]:
        print(f"slowest: {seconds * 1000:6.1f} ms ({cpu * 1000:.1f} ms CPU)  {group}: {arguments}",
              file=sys.stderr)
    return rows


def startup_rows(db: Path, repeat: int = 7) -> list[tuple[str, str, str]]:
    """The wall time of `vnfacts search` as a person runs it (median of `repeat`):
    with `--help` (start-up only) and a real search."""
    vnfacts = [sys.executable, "-m", "extractor"]
    rows = []
    for arguments in (["search", "--help"], ["search", "lao động", "--db", str(db), "--limit", "5"]):
        command = [*vnfacts, *arguments]
        times = [_timed(subprocess.run, command, capture_output=True) for _ in range(repeat)]
        rows.append((f"`vnfacts {' '.join(arguments[:2])}` start to end (median of {repeat})",
                     f"{statistics.median(times) * 1000:.0f} ms", shown(command)))
    return rows


DASHBOARD_FILTERS = ({}, {"indicator": "kinh phí", "province": "Hà Nội"})
"""The dashboard timed with no filter (the charts over every figure) and with two."""


def dashboard_rows(db: Path) -> list[tuple[str, str, str]]:
    """Each query of the dashboard's charts as Datasette answers the page's
    request for it (its time limit of `SETTINGS` included): wall time, and
    the CPU time of this process beside it (Datasette runs queries in threads)."""
    import asyncio
    import urllib.parse

    from datasette_dashboards import replace_opts_in_query

    from extractor.dashboard import DASHBOARD, dashboard
    from extractor.serve import datasette_app

    app = datasette_app(db)
    name = db.stem
    charts = {key: chart["query"] for key, chart in dashboard(name)["charts"].items() if "query" in chart}

    async def timed(sql: str, filters: dict[str, str]) -> tuple[float, float, str]:
        start, cpu = time.perf_counter(), time.process_time()
        response = await app.client.get(f"/{urllib.parse.quote(name)}.json?" + urllib.parse.urlencode(
            {"sql": replace_opts_in_query(sql, filters), "_shape": "array", **filters}))
        ok = response.status_code == 200
        shown = f"{len(response.json())} rows" if ok else f"HTTP {response.status_code} (time limit)"
        return time.perf_counter() - start, time.process_time() - cpu, shown

    rows = []
    for filters in DASHBOARD_FILTERS:
        for key, sql in charts.items():
            asyncio.run(timed(sql, filters))  # once untimed: the file in the page cache
            seconds, cpu, shown = asyncio.run(timed(sql, filters))
            chosen = ", ".join(f"{filter_name}={value}" for filter_name, value in filters.items())
            rows.append((f"dashboard chart `{key}`, {chosen or 'no filter'}",
                         f"{seconds * 1000:,.0f} ms (CPU {cpu * 1000:,.0f} ms), {shown}",
                         f"GET /{name}.json?sql=… (/-/dashboards/{DASHBOARD}), in process"))
    return rows


def money_stored_as_counts(db: Path) -> tuple[int, int]:
    """Count facts of a database that are amounts of money, and all its count facts."""
    from extractor.checks import is_money_stored_as_count

    with sqlite3.connect(db) as connection:
        counts = connection.execute("SELECT text, subject FROM facts WHERE kind = 'count'").fetchall()
    return sum(is_money_stored_as_count(text, subject) for text, subject in counts), len(counts)


def cut_figures(db: Path) -> tuple[list[str], int]:
    """The facts of a database whose number is cut short (extractor/checks.py
    `cut_figure`, asked of the article text each was read from), and all facts."""
    from extractor.checks import cut_figure

    problems, facts = [], 0
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.text, f.start, f.end FROM facts f JOIN articles a ON a.id = f.article ORDER BY f.id")
        for text, start, end in rows:
            facts += 1
            problem = cut_figure(text, start, end)
            if problem is not None:
                problems.append(problem)
    return problems, facts


def check_rows(archive: Path, db: Path) -> list[tuple[str, str, str]]:
    """The output checks of extractor/checks.py over a whole-archive database (target 0 each)."""
    wrong, counts = money_stored_as_counts(db)
    cut, facts = cut_figures(db)
    for problem in cut[:20]:
        print(f"cut figure, {archive.name}: {problem}", file=sys.stderr)
    return [(f"money amounts stored as counts, {archive.name} (whole archive)",
             f"{wrong} of {counts} counts (target 0)", "extractor/checks.py over the facts table"),
            (f"figures cut short (words of their number left over), {archive.name} (whole archive)",
             f"{len(cut)} of {facts} facts (target 0)", "extractor/checks.py cut_figure, facts table")]


def archive_checks(options: argparse.Namespace, folder: Path) -> list[tuple[str, str, str]]:
    """The output checks over each whole archive, ingested with 2 workers."""
    rows = []
    for archive in (options.archive, options.second_archive):
        if archive.is_file():
            db = folder / f"{archive.name}.db"
            run_measured(ingest_command(archive, db, 2))
            rows.extend(check_rows(archive, db))
    return rows


def shown(command: list[str]) -> str:
    return " ".join(Path(part).name if part == sys.executable else part for part in command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--sample", type=int,
                        help="articles for the throughput runs (default 2000)")
    parser.add_argument("--skip-full", action="store_true",
                        help="skip the whole-archive memory, re-ingest and search runs")
    parser.add_argument("--second-archive", type=Path, default=SECOND_ARCHIVE,
                        help="a second archive checked for money stored as counts (default dantri)")
    parser.add_argument("--cost-only", action="store_true",
                        help="measure only the cost of adversarial text, and print it only")
    parser.add_argument("--search-only", type=Path, metavar="DB",
                        help="measure only the search mix and start-up on DB, and print them only")
    parser.add_argument("--checks-only", action="store_true",
                        help="ingest the archives and run only the output checks, printed only")
    parser.add_argument("--side-by-side", action="store_true",
                        help="only measure the ratios of issue 11, runs alternated, printed only")
    parser.add_argument("--naive", type=Path, metavar="SAMPLE",
                        help="only run the naive baseline on SAMPLE (JSON Lines), printing its seconds")
    parser.add_argument("--facts-diff", metavar="REV",
                        help="only diff the facts of this tree against those of git revision REV, "
                             "on the whole archive unless --sample is given, printed only")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    options = parser.parse_args()
    if options.search_only:
        print(table_of([*search_rows(options.search_only, options.search_only.name),
                        *startup_rows(options.search_only), *dashboard_rows(options.search_only)]))
        return
    if options.naive:
        print(f"{naive_baseline(options.naive):.1f} s")
        return
    if not options.archive.is_file():
        print(f"benchmark: {options.archive} is absent; nothing measured")
        return

    if options.side_by_side:
        with tempfile.TemporaryDirectory() as scratch:
            print(table_of(side_by_side(options.archive, Path(scratch))))
        return
    if options.facts_diff:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            inputs = write_sample(options.archive, options.sample, folder)[0] if options.sample \
                else options.archive
            print(table_of(facts_diff(inputs, options.facts_diff, folder)))
        return
    options.sample = options.sample or 2000

    rows: list[tuple[str, str, str]] = []
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sample, size = write_sample(options.archive, options.sample, folder)
        if options.cost_only:
            print(table_of(extraction_costs(sample)))
            return
        if options.checks_only:
            print(table_of(archive_checks(options, folder)))
            return
        megabytes = size / 1e6
        naive = naive_baseline(sample)
        rows.append((f"naive: word_tokenize every sentence, {options.sample} articles",
                     f"{options.sample / naive:.1f} articles/s, {megabytes / naive:.2f} MB/s",
                     "benchmarks/run.py (in process)"))
        speeds = {}
        for workers in (1, 2):
            command = ingest_command(sample, folder / f"w{workers}.db", workers)
            seconds, _ = run_measured(command)
            speeds[workers] = options.sample / seconds
            rows.append((f"vnfacts ingest, {workers} worker{'s' * (workers > 1)}, "
                         f"{options.sample} articles (process start included)",
                         f"{speeds[workers]:.1f} articles/s, {megabytes / seconds:.2f} MB/s",
                         shown(command)))
        rows.append(("speed-up of 1 worker over the naive baseline (per core)",
                     f"{speeds[1] / (options.sample / naive):.1f}×", "target ≥ 10×"))
        rows.append(("speed-up of 2 workers over 1", f"{speeds[2] / speeds[1]:.2f}×",
                     f"target ≥ 1.7× (machine: {cores} cores)"))
        rows.extend(extraction_costs(sample))

        if not options.skip_full:
            five, _ = write_sample(options.archive, 5000, folder)
            command = ingest_command(five, folder / "five.db", 2)
            _, peak = run_measured(command)
            rows.append(("peak RSS, 5,000 articles, 2 workers", f"{peak / 2**20:.0f} MiB",
                         shown(command)))
            full_db = folder / "full.db"
            command = ingest_command(options.archive, full_db, 2)
            first, peak = run_measured(command)
            rows.append(("peak RSS, whole archive, 2 workers", f"{peak / 2**20:.0f} MiB",
                         shown(command)))
            rows.append(("first ingest of the whole archive, 2 workers", f"{first:.0f} s",
                         shown(command)))
            again, _ = run_measured(command)
            rows.append(("re-ingest of the unchanged archive", f"{again:.1f} s "
                         f"({first / again:.0f}× faster)", shown(command) + "  (again)"))
            rows.extend(search_rows(full_db, "the whole-archive database"))
            rows.extend(startup_rows(full_db))
            rows.extend(check_rows(options.archive, full_db))
            if options.second_archive.is_file():
                second_db = folder / "second.db"
                run_measured(ingest_command(options.second_archive, second_db, 2))
                rows.extend(check_rows(options.second_archive, second_db))

    table = table_of(rows)
    print(table)
    results = (
        f"{MARKER}\n## Latest run\n\n"
        f"`python benchmarks/run.py --sample {options.sample}"
        f"{' --skip-full' if options.skip_full else ''}` on {options.archive.name} "
        f"({time.strftime('%Y-%m-%d')}, {cores} cores, Python {sys.version.split()[0]}).\n\n"
        + table + "\n"
    )
    notes = options.out.read_text(encoding="utf-8").split(MARKER)[0] if options.out.exists() else ""
    options.out.write_text(notes + results, encoding="utf-8")

def table_of(rows: list[tuple[str, str, str]]) -> str:
    return "| measure | result | command |\n|---|---|---|\n" + "\n".join(
        f"| {what} | {result} | `{command}` |" for what, result, command in rows)


if __name__ == "__main__":
    main()
