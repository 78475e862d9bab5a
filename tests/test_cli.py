"""The `vnfacts extract` and `vnfacts evaluate` commands end to end, through
click's runner and through a real `python -m extractor` process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.model import FACT_FIELDS

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("Năm 2023, Sở Công Thương đã hỗ trợ 120 cơ sở công nghiệp nông thôn với tổng kinh phí "
          "5,2 tỷ đồng; hơn 2.000 lao động được đào tạo, tỷ lệ có việc làm đạt 95%.")
EXPECTED = [("count", 120, "facilities"), ("money", 5_200_000_000, "budget"),
            ("count", 2000, "workers"), ("percent", 95, "percent")]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def figures(records: list[dict]) -> list[tuple]:
    return [(r["kind"], float(r["value"]), r["indicator"]) for r in records]


def test_extract_prints_one_json_fact_a_line(runner, report_file):
    result = runner.invoke(cli, ["extract", str(report_file)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert figures(records) == [(k, float(v), i) for k, v, i in EXPECTED]
    assert all(list(r) == list(FACT_FIELDS) and r["article"] == "bao-cao" for r in records)
    assert all(REPORT[r["start"]:r["end"]] == r["text"] for r in records)


def test_extract_csv_has_a_header_and_every_field(runner, report_file):
    result = runner.invoke(cli, ["extract", str(report_file), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0
    assert list(rows[0]) == list(FACT_FIELDS)
    assert [(r["kind"], float(r["value"]), r["indicator"]) for r in rows] == [
        (k, float(v), i) for k, v, i in EXPECTED]


def test_extract_table_is_aligned_for_a_person(runner, report_file):
    result = runner.invoke(cli, ["extract", str(report_file), "--format", "table"])
    header, rule, *rows = result.stdout.splitlines()
    assert header.split()[:4] == ["article", "kind", "value", "value_max"]
    assert set(rule) <= {"-", " "} and len(rows) == len(EXPECTED)
    assert "5,200,000,000" in rows[1] and "5,2 tỷ đồng" in rows[1]
    columns = [header.index(name) for name in ("kind", "indicator")]
    assert all(row[column - 1] == " " for row in rows for column in columns)


def test_extract_reads_stdin(runner):
    result = runner.invoke(cli, ["extract", "-"], input=REPORT)
    assert result.exit_code == 0
    assert [json.loads(line)["article"] for line in result.stdout.splitlines()] == ["stdin"] * 4


def test_bad_inputs_are_one_line_each_and_the_run_goes_on(runner, tmp_path, report_file):
    lines = tmp_path / "dump.jsonl"
    lines.write_text('{"id": "ok", "text": "Có 12 dự án."}\n{broken\n{"id": "no-text"}\n',
                     encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path / "missing.txt"), str(lines),
                                 str(report_file)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"vnfacts: {tmp_path / 'missing.txt'}: no such file or folder",
        f"vnfacts: {lines}:line 2: broken JSON (Expecting property name enclosed in double "
        "quotes at column 2)",
        f'vnfacts: {lines}:line 3: the record has no "text"',
    ]
    assert [json.loads(line)["article"] for line in result.stdout.splitlines()] == ["ok"] + [
        "bao-cao"] * 4


def test_usage_errors_exit_2(runner):
    assert runner.invoke(cli, ["extract"]).exit_code == 2
    assert runner.invoke(cli, ["extract", "x.txt", "--format", "xml"]).exit_code == 2


def test_evaluate_scores_the_sample_corpus(runner):
    result = runner.invoke(cli, ["evaluate", "--gold", str(ROOT / "tests/corpus_expected.jsonl"),
                                 str(ROOT / "corpus"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    headline = scores["headline"]
    assert scores["articles"] == 7
    assert headline["f1"] >= 0.95 and headline["tp"] >= 90


def test_evaluate_report_and_errors_listing(runner, tmp_path, report_file):
    gold = tmp_path / "gold.jsonl"
    record = {"article": "bao-cao", "text": "", "kind": "count", "value": 120, "value_max": None,
              "unit": None, "per": None, "qualifier": "exact", "indicator": "facilities",
              "subject": None, "optional": False}
    gold.write_text(json.dumps(record) + "\n" + json.dumps({**record, "value": 7}) + "\n",
                    encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", "--gold", str(gold), str(report_file), "--errors"])
    assert result.exit_code == 0
    headline = next(line for line in result.stdout.splitlines() if line.startswith("headline"))
    assert headline.split()[-6:] == ["1", "3", "1", "0.250", "0.500", "0.333"]
    assert "Misses (1)" in result.stdout and "False positives (3)" in result.stdout


def test_evaluate_with_a_malformed_gold_file_is_one_line_and_exit_2(runner, tmp_path, report_file):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article": "x"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", "--gold", str(gold), str(report_file)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{gold}, line 1: missing field" in result.stderr


def test_a_real_process_prints_facts_and_no_traceback(report_file):
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(report_file),
                           str(report_file.with_name("absent.txt"))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 4
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith("absent.txt: no such file or folder")


def test_an_article_the_engine_fails_on_is_reported_and_the_run_goes_on(tmp_path):
    from extractor.pipeline import extract_article, extract_articles

    def failing_on_one(article):
        if article.id == "hong":
            raise ValueError("không đọc được")
        return extract_article(article)

    lines = tmp_path / "dump.jsonl"
    lines.write_text('{"id": "hong", "text": "Có 12 dự án."}\n{"id": "tot", "text": "Có 12 dự án."}\n',
                     encoding="utf-8")
    errors = []
    found = list(extract_articles([str(lines)], on_error=errors.append, extract=failing_on_one))
    assert [str(error) for error in errors] == [
        f"{lines}:1: article hong: extraction failed (ValueError: không đọc được)"]
    assert [item.article.id for item in found] == ["tot"]
    assert [fact.value for fact in found[0].facts] == [12]


HEAVY_LIBRARIES = {"spacy", "underthesea", "trafilatura", "warcio", "datasette", "dask", "pandas",
                   "pyarrow", "sqlite_utils"}


def test_search_imports_none_of_the_heavy_libraries():
    """`vnfacts search` starts in a second because it imports only what a
    query needs (BENCHMARKS.md, start-up): a module-level import of any of
    these (sqlite-utils brings pandas) puts seconds back on every search."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "extractor", "search", "--help"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & HEAVY_LIBRARIES
    assert "extractor" in imported
