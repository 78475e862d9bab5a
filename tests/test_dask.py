"""The Dask engine: partitions of the inputs, shards, and a database the
same as a local ingest's, on a real local cluster of worker processes."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
from collections import Counter
from importlib.metadata import entry_points
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from support import FACT_KEY, stored_articles, stored_facts, synthetic_archive

import extractor.dask_engine as dask_engine
from extractor.cli import cli
from extractor.dask_engine import (
    FILES_PER_PARTITION,
    DaskEngineError,
    Partition,
    Piece,
    ingest_on_dask,
    partition_articles,
    plan_partitions,
    read_shards,
    write_shards,
)
from extractor.model import Article
from extractor.read import INPUT_KINDS, InputKind, read_articles
from extractor.store import ArticleRows, expected_articles, ingest

distributed = pytest.importorskip("distributed")

PAGES = ["Năm 2020, huyện đã làm mới 14 km đường bê tông với kinh phí 35 tỷ đồng.",
         "Tỷ lệ hộ nghèo của xã giảm còn 3,5%.",
         "Trường có 1.250 học sinh.",
         "Không có con số nào ở đây cả."]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as running:
        yield running


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """A JSON Lines archive (with a broken line) and a folder of text files."""
    folder = tmp_path_factory.mktemp("inputs")
    archive = synthetic_archive(folder / "tin.jsonl", 114, seed=11, bad_line=60, copies=6)
    pages = folder / "trang"
    for number, text in enumerate(PAGES):
        (pages / f"{number % 2}").mkdir(parents=True, exist_ok=True)
        (pages / f"{number % 2}" / f"bai-{number}.txt").write_text(text, encoding="utf-8")
    return [str(archive), str(pages)]


@pytest.fixture(scope="module")
def local_db(inputs, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.db"
    ingest(inputs, db)
    return db


def sharded_facts(folder: Path) -> Counter:
    """The facts of every shard, as `stored_facts` gives a database's."""
    rows = [row for shard in folder.glob("facts-*.parquet") for row in pq.read_table(shard).to_pylist()]
    return Counter(tuple(row[name] for name in FACT_KEY.replace("[end]", "end").split(", ")) for row in rows)


def shard_times(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("*.parquet")}


def test_a_cluster_stores_what_a_local_ingest_stores_and_keeps_the_shards(
        cluster, inputs, local_db, tmp_path):
    db, shards = tmp_path / "dask.db", tmp_path / "shards"
    report = ingest_on_dask(inputs, db, scheduler=cluster.scheduler_address, shards=shards,
                            partition_lines=25, files_per_partition=3)
    assert (report.articles_read, report.articles_stored, report.errors) == (124, 124, 1)
    assert stored_facts(db) == stored_facts(local_db)
    assert stored_articles(db) == stored_articles(local_db)
    partitions = plan_partitions(inputs, partition_lines=25, files_per_partition=3)
    assert len(list(shards.glob("facts-*.parquet"))) == len(list(shards.glob("articles-*.parquet"))) \
        == len(partitions) > 5
    assert sharded_facts(shards) == stored_facts(db)
    written = shard_times(shards)

    again = ingest_on_dask(inputs, db, scheduler=cluster.scheduler_address, shards=shards,
                           partition_lines=25, files_per_partition=3)
    assert (again.articles_read, again.articles_skipped, again.articles_stored) == (124, 124, 0)
    # a new database loads from the kept shards, which nothing had to rewrite
    fresh = ingest_on_dask(inputs, tmp_path / "fresh.db", scheduler=cluster.scheduler_address,
                           shards=shards, partition_lines=25, files_per_partition=3)
    assert fresh.articles_stored == 124
    assert stored_facts(tmp_path / "fresh.db") == stored_facts(local_db)
    assert shard_times(shards) == written
    # partitioned anew, shards of the old partitions go (a partition whose files are the same
    # under both plans keeps its shard): the folder holds each article once
    ingest_on_dask(inputs, db, scheduler=cluster.scheduler_address, shards=shards, partition_lines=50)
    assert sharded_facts(shards) == stored_facts(db)
    new_plan = plan_partitions(inputs, partition_lines=50, files_per_partition=FILES_PER_PARTITION)
    assert set(shard_times(shards)) == {f"{kind}-{partition.key}.parquet"
                                        for partition in new_plan for kind in ("articles", "facts")}
    assert set(written) - set(shard_times(shards))  # the line ranges of 25 are gone


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scheduler_on_loopback(tmp_path):
    """A `dask scheduler` and a `dask worker` started as processes on
    127.0.0.1 (no dashboards), the worker working in a folder of its own;
    yields the scheduler's address."""
    if not {"scheduler", "worker"} <= {entry.name for entry in entry_points(group="dask_cli")}:
        pytest.skip("dask's command line (dask scheduler, dask worker) is not installed")
    port, elsewhere = free_port(), tmp_path / "worker"
    elsewhere.mkdir()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    started = [
        subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                          "--no-dashboard"], cwd=elsewhere, stderr=subprocess.DEVNULL),
        subprocess.Popen([*dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                          "--no-nanny", "--no-dashboard", "--local-directory", str(elsewhere)],
                         cwd=elsewhere, stderr=subprocess.DEVNULL),
    ]
    try:
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=30)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_relative_input_path_works_on_a_cluster_of_processes(scheduler_on_loopback, tmp_path):
    here = tmp_path / "driver"
    here.mkdir()
    synthetic_archive(here / "tin.jsonl", 30, seed=5, copies=2)
    ingest([str(here / "tin.jsonl")], tmp_path / "local.db")
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "ingest", "tin.jsonl", "--db", "dask.db", "--engine",
         "dask", "--scheduler", scheduler_on_loopback, "--quiet"],
        cwd=here, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "32 articles read, 32 stored" in result.stderr
    assert stored_facts(here / "dask.db") == stored_facts(tmp_path / "local.db") != Counter()


def test_a_torn_shard_pair_is_not_trusted(tmp_path):
    row = {"id": "a", "content_hash": "h", "fact_count": 0}
    paths = str(tmp_path / "articles-x.parquet"), str(tmp_path / "facts-x.parquet")
    write_shards([ArticleRows(row, [])], *paths, ["in.jsonl"])
    assert [rows.article["id"] for rows in read_shards(*paths)] == ["a"]
    facts = Path(paths[1]).read_bytes()
    write_shards([ArticleRows(row, [])], *paths, ["in.jsonl"])
    Path(paths[1]).write_bytes(facts)  # the facts of another write
    assert read_shards(*paths) == []


def test_json_lines_are_split_into_fixed_line_ranges_that_stay_when_the_file_grows(tmp_path):
    lines = "".join(json.dumps({"text": f"Bài {n}"}) + "\n" for n in range(25))
    (tmp_path / "a.jsonl").write_text(lines, encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as packed:
        packed.write(lines[:-1])  # no newline at the end
    a, b = str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz")
    ranges = [(1, 10, False), (11, 20, False), (21, 30, True)]
    assert [p.pieces for p in plan_partitions([a, b], partition_lines=10)] == [
        (Piece(path, *r),) for path in (a, b) for r in ranges
    ]
    keys = [p.key for p in plan_partitions([a], partition_lines=10)]
    (tmp_path / "a.jsonl").write_text(lines * 2, encoding="utf-8")
    grown = plan_partitions([a], partition_lines=10)
    assert [p.key for p in grown][:3] == keys
    assert [p.pieces[0].to_end for p in grown] == [False] * 4 + [True]


def test_files_are_grouped_so_that_an_added_file_changes_one_group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths: the same groups on every run
    folder = Path("trang")
    folder.mkdir()
    for number in range(60):
        (folder / f"bai-{number:02d}.txt").write_text("Bài", encoding="utf-8")
    (folder / "kho.warc").write_text("", encoding="utf-8")
    (folder / "bo-qua.csv").write_text("", encoding="utf-8")
    before = plan_partitions([str(folder)], files_per_partition=6)
    (folder / "bai-30b.txt").write_text("Bài", encoding="utf-8")
    after = plan_partitions([str(folder)], files_per_partition=6)
    assert len(set(before) - set(after)) == 1 and 1 <= len(set(after) - set(before)) <= 2
    files = [piece.path for partition in after for piece in partition.pieces]
    assert files == sorted(str(path) for path in folder.iterdir() if path.suffix != ".csv")
    assert (Piece(str(folder / "kho.warc")),) in [partition.pieces for partition in after]
    assert 4 <= len(after) <= 30


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_plan_skips_what_a_local_ingest_skips_and_says_so(tmp_path):
    folder = tmp_path / "trang"
    folder.mkdir()
    (folder / "bai.txt").write_text("Bài", encoding="utf-8")
    os.mkfifo(folder / "ong.jsonl")
    (tmp_path / "ngoai.txt").write_text("Bài ngoài", encoding="utf-8")
    (folder / "ra-ngoai.txt").symlink_to(tmp_path / "ngoai.txt")
    skipped = []
    plan = plan_partitions([str(folder)], on_skipped=skipped.append)
    assert [piece.path for partition in plan for piece in partition.pieces] == [str(folder / "bai.txt")]
    assert sorted(error.input for error in skipped) == [str(folder / name)
                                                        for name in ("ong.jsonl", "ra-ngoai.txt")]
    followed = plan_partitions([str(folder)], on_skipped=skipped.append, follow_symlinks=True)
    assert len([piece for partition in followed for piece in partition.pieces]) == 2


def test_a_line_range_reads_its_articles_and_its_errors_only(tmp_path):
    archive = tmp_path / "a.jsonl"
    archive.write_text('{"text": "một"}\n{hỏng\n{"text": "hai"}\n[]\n{"text": "ba"}\n', encoding="utf-8")
    found = {}
    for first, last, to_end in ((1, 2, False), (3, 3, False), (4, 4, True)):
        errors: list = []
        piece = Piece(str(archive), first, last, to_end)
        read = list(partition_articles(Partition((piece,)), errors.append))
        found[first] = ([a.text for a in read], [e.location for e in errors])
    assert found == {1: (["một"], ["line 2"]), 3: (["hai"], []), 4: (["ba"], ["line 4"])}


def test_a_new_input_kind_is_one_entry_that_reading_the_plan_and_the_total_agree_on(
        tmp_path, monkeypatch):
    def read_notes(path, opener, report):  # a note a line
        with opener(path, "rb") as stream:
            for number, line in enumerate(stream, start=1):
                yield Article(id=f"{path.stem}-{number}", text=line.decode(), source=f"{path}:{number}")

    monkeypatch.setitem(INPUT_KINDS, ".notes", InputKind(read_notes, by_lines=True))
    notes = tmp_path / "so-tay.notes"
    notes.write_text("".join(f"Ghi chú {n}\n" for n in range(25)), encoding="utf-8")
    local = [article.id for article in read_articles([str(notes)])]
    plan = plan_partitions([str(notes)], partition_lines=10)
    planned = [article.id for partition in plan for article in partition_articles(partition, print)]
    assert len(plan) == 3
    assert planned == local and expected_articles([str(notes)]) == len(local) == 25


def test_cli_runs_a_local_cluster_when_no_scheduler_is_given(tmp_path, inputs):
    db = tmp_path / "f.db"
    result = CliRunner().invoke(cli, ["ingest", inputs[1], "--db", str(db), "--engine", "dask",
                                      "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert "4 articles read, 4 stored" in result.stderr
    assert len(list(Path(f"{db}.shards").glob("facts-*.parquet"))) == 1


@pytest.mark.parametrize("arguments, message", [
    (["-"], "vnfacts: the dask engine reads files, not stdin (-): save the input to a file\n"),
    (["in.jsonl", "--scheduler", "tcp://127.0.0.1:9"], "vnfacts: cannot reach the Dask scheduler at "
                                                       "tcp://127.0.0.1:9 ("),
])
def test_cli_dask_problems_are_one_line(tmp_path, monkeypatch, arguments, message):
    monkeypatch.setattr(dask_engine, "SCHEDULER_TIMEOUT", "1s")
    result = CliRunner().invoke(cli, ["ingest", *arguments, "--db", str(tmp_path / "f.db"),
                                      "--engine", "dask", "--quiet"])
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_without_dask_the_engine_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DaskEngineError, match=r"install vnfacts\[dask\]"):
        ingest_on_dask(["in.jsonl"], tmp_path / "f.db")
