"""An ingest killed with SIGKILL in the middle finishes when the same
command runs again, and the database then holds exactly what an
uninterrupted run stores; an unchanged archive ingested again is skipped.

Real processes and the real engine, on synthetic articles: `synthetic_archive`
(support.py) writes varied Vietnamese news sentences with figures, made up
for these tests.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest
from support import ARTICLE_KEY, stored_articles, stored_facts, stories, synthetic_archive

from extractor.store import ingest

ORIGINALS, COPIES = 380, 20
ARTICLES = ORIGINALS + COPIES


def ingest_command(archive: Path, db: Path, *options: str) -> list[str]:
    return [sys.executable, "-c", "from extractor.cli import cli; cli()", "ingest", str(archive),
            "--db", str(db), *options]


def committed_articles(db: Path) -> int:
    """Articles committed so far, read without disturbing the writer."""
    try:
        uri = f"{db.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=1)) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or schema not committed yet
        return 0


def session_processes(session: int) -> list[int]:
    """The processes still running in a session (Linux's /proc)."""
    alive = []
    for name in os.listdir("/proc"):
        with suppress(OSError, ValueError):
            if name.isdigit() and os.getsid(int(name)) == session:
                stat = Path(f"/proc/{name}/stat").read_text()
                if stat.rpartition(")")[2].split()[0] != "Z":
                    alive.append(int(name))
    return alive


def wait_until(condition, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    pytest.fail(f"gave up waiting after {seconds} s for {what}")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return synthetic_archive(tmp_path_factory.mktemp("inputs") / "tin.jsonl", ORIGINALS, bad_line=150,
                             copies=COPIES)


@pytest.fixture(scope="module")
def clean_db(archive, tmp_path_factory) -> Path:
    """The database of an uninterrupted run, in this process."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    report = ingest([str(archive)], db)
    assert (report.articles_stored, report.errors) == (ARTICLES, 1)
    assert stories(db) == ORIGINALS  # each re-post joined its original's story
    return db


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_ingest_killed_mid_way_finishes_when_run_again(archive, clean_db, tmp_path):
    db = tmp_path / "killed.db"
    command = ingest_command(archive, db, "--workers", "2", "--batch-size", "10", "--quiet")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        wait_until(lambda: process.poll() is not None or committed_articles(db), 120,
                   "the first committed batch")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        # its workers notice and end too, rather than linger as orphans
        wait_until(lambda: not session_processes(process.pid), 30, "the workers to exit")
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    committed = committed_articles(db)
    assert 0 < committed < ARTICLES, "the kill did not land mid-way"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # the broken line, again
    assert f"{ARTICLES} articles read, {ARTICLES - committed} stored, {committed} unchanged" \
        in rerun.stderr
    assert stored_facts(db) == stored_facts(clean_db)
    assert stored_articles(db) == stored_articles(clean_db)
    with closing(sqlite3.connect(db)) as connection:
        runs = connection.execute("SELECT articles_stored, ended IS NOT NULL FROM runs").fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert runs == [(committed, False), (ARTICLES - committed, True)]


def test_an_unchanged_archive_is_skipped_without_extracting(archive, clean_db, tmp_path):
    db = tmp_path / "again.db"
    db.write_bytes(clean_db.read_bytes())
    rerun = subprocess.run(ingest_command(archive, db, "--workers", "2"), capture_output=True,
                           text=True, timeout=300)
    assert f"{ARTICLES} articles read, 0 stored, {ARTICLES} unchanged, 0 facts, 1 error" in rerun.stderr
    with closing(sqlite3.connect(db)) as connection:
        last = connection.execute("SELECT articles_read, articles_skipped, articles_stored FROM runs "
                                  "ORDER BY id DESC LIMIT 1").fetchone()
    assert last == (ARTICLES, ARTICLES, 0)
    assert stored_facts(db) == stored_facts(clean_db)


def wait_for_first_batch(process: subprocess.Popen, db: Path) -> None:
    wait_until(lambda: process.poll() is not None or committed_articles(db), 120,
               "the first committed batch")
    assert process.poll() is None, "the ingest ended before it could be stopped"


def assert_rerun_finishes(command: list[str], db: Path, clean_db: Path) -> None:
    """The same command again leaves the database an uninterrupted run leaves."""
    committed = committed_articles(db)
    assert 0 < committed < ARTICLES, "the stop did not land mid-way"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # the broken line, again
    assert f"{ARTICLES - committed} stored, {committed} unchanged" in rerun.stderr
    assert stored_facts(db) == stored_facts(clean_db)
    assert stored_articles(db) == stored_articles(clean_db)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_says_in_one_line_that_the_same_command_carries_on(archive, clean_db, tmp_path):
    db = tmp_path / "interrupted.db"
    command = ingest_command(archive, db, "--workers", "2", "--batch-size", "10", "--quiet")
    # as a terminal's shell starts it: Ctrl-C at its default (a child inherits an ignored signal,
    # and something earlier in the suite leaves SIGINT ignored in this process)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for_first_batch(process, db)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to every process of the job
        _, stderr = process.communicate(timeout=60)
        wait_until(lambda: not session_processes(process.pid), 30, "the workers to exit")
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == 1
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == ("vnfacts: interrupted: every batch committed is kept, and the "
                                       "same command carries on from there")
    assert_rerun_finishes(command, db, clean_db)


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="file size limits")
def test_a_full_disk_stops_the_ingest_in_one_line_and_the_same_command_finishes(
        archive, clean_db, tmp_path):
    db = tmp_path / "full.db"
    command = ingest_command(archive, db, "--workers", "1", "--batch-size", "20", "--quiet")

    def small_disk() -> None:  # writes past 600 KB fail, as on a full disk
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    full = subprocess.run(command, capture_output=True, text=True, timeout=300, preexec_fn=small_disk)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert full.stderr.splitlines()[-1].startswith(f"vnfacts: {db}: the database stopped taking writes (")
    assert full.stderr.splitlines()[-1].endswith(
        "); every batch committed before it is kept, and the same command carries on from there once "
        "that is solved")
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert_rerun_finishes(command, db, clean_db)


def test_ingests_starting_together_on_a_new_database_take_turns(archive, clean_db, tmp_path):
    db = tmp_path / "shared.db"
    command = ingest_command(archive, db, "--workers", "1", "--batch-size", "25", "--quiet")
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    outcomes = [(process.wait(timeout=600), process.stderr.read()) for process in processes]
    for process in processes:
        process.stderr.close()
    for status, stderr in outcomes:
        assert status == 1, stderr  # the broken line, in each run
        assert "Traceback" not in stderr and "locked" not in stderr
        assert stderr.count("\n") == 2  # the broken line and the summary
    assert stored_facts(db) == stored_facts(clean_db)
    # the same articles in the same stories, though the writers may number them in another order
    but_story = ARTICLE_KEY.replace("story, ", "")
    assert stored_articles(db, but_story) == stored_articles(clean_db, but_story)
    assert story_groups(db) == story_groups(clean_db)


def story_groups(db: Path) -> set[frozenset[str]]:
    """The articles of each story."""
    groups: dict[int, set[str]] = {}
    with closing(sqlite3.connect(db)) as connection:
        for article, story in connection.execute("SELECT id, story FROM articles"):
            groups.setdefault(story, set()).add(article)
    return {frozenset(group) for group in groups.values()}
