"""Bad inputs as a researcher's archive holds them, each built here and
ingested between good articles: each is one line on stderr naming it, the
other articles are stored, and no traceback is ever printed.

The good and bad articles are written for these tests.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.read import MAX_NESTING

GOOD_TEXT = "Năm 2023, tỉnh giải ngân 12 tỷ đồng cho 30 dự án giao thông nông thôn."
GOOD_RECORDS = [{"id": f"tot-{n}", "text": f"Huyện hỗ trợ {n + 2} tỷ đồng cho {n + 5} hộ nghèo."}
                for n in range(3)]
SURROGATE = '{"id": "vo-nua", "text": "x \\ud800. Vốn 5 tỷ đồng."}'
DEEP = '{"id": "sau", "text": "Vốn 5 tỷ đồng.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
NOT_JSON = "{không phải JSON"


def jsonl(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def good_lines() -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in GOOD_RECORDS]


def ingest(*paths: Path | str, db: Path) -> tuple[int, list[str]]:
    """Exit status and stderr lines of `vnfacts ingest` in this process."""
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--workers", "1",
                                      "--quiet"])
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.stderr
    return result.exit_code, result.stderr.splitlines()


def stored_ids(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM articles")}


def gzipped_then_cut(path: Path) -> None:
    whole = gzip.compress(jsonl(*good_lines() * 200).encode())
    path.write_bytes(whole[: len(whole) // 2])


def binary(seed: int, size: int) -> bytes:
    """Bytes of no text at all, with no line break (one line of JSON Lines)."""
    return bytes(byte for byte in random.Random(seed).randbytes(size) if byte != 0x0A)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would wait for a writer forever


def link_out(path: Path) -> None:
    outside = path.parent.parent / "outside.txt"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    path.symlink_to(outside)


BAD_INPUTS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # name: (file name, how to make it, what its one line says)
    "binary text": ("rac.txt", lambda p: p.write_bytes(binary(1, 4096)),
                    "the input's encoding could not be detected"),
    "binary JSON Lines": ("rac.jsonl", lambda p: p.write_bytes(binary(2, 4096)), "is not UTF-8"),
    "truncated gzip": ("cut.jsonl.gz", gzipped_then_cut,
                       "the compressed file is truncated (it ends in the middle of the data)"),
    "not gzip at all": ("fake.jsonl.gz", lambda p: p.write_text(jsonl(*good_lines())),
                        "the gzip data is not valid"),
    "broken JSON": ("broken.jsonl", lambda p: p.write_text(jsonl(NOT_JSON)),
                    "broken JSON (Expecting property name enclosed in double quotes at column 2)"),
    "not a record": ("array.jsonl", lambda p: p.write_text(jsonl("[1, 2]")),
                     "a JSON array where an object (a record) was expected"),
    "deep nesting": ("deep.jsonl", lambda p: p.write_text(jsonl(DEEP)),
                     f"the record nests more than {MAX_NESTING} levels deep"),
    "a number of 5,000 digits": ("digits.jsonl", lambda p: p.write_text(jsonl('{"id": ' + "9" * 5000
                                                                              + ', "text": "a"}')),
                                 "a number in the record has too many digits to read"),
    "a 10 MB line": ("long.jsonl", lambda p: p.write_text(jsonl('{"text": "' + "x" * 10_000_000)),
                     "broken JSON (Unterminated string starting at column 10)"),
    "empty JSON Lines": ("empty.jsonl", lambda p: p.write_bytes(b""),
                         "the file is empty (no JSON Lines records)"),
    "empty text": ("empty.txt", lambda p: p.write_bytes(b"\n \n"), "the input is empty (no text to read)"),
    "empty page": ("empty.html", lambda p: p.write_bytes(b""), "no article text found in the page"),
    "wrong encoding": ("latin.jsonl", lambda p: p.write_bytes(b'{"text": "V\xf4\xecn 5 t\xfd"}\n'),
                       "byte 0xf4 at offset 11 of the line is not UTF-8"),
    "nested HTML": ("nested.html", lambda p: p.write_text("<html><body>" + "<div>" * 100_000 + "Vốn 5 tỷ."
                                                          + "</div>" * 100_000 + "</body></html>"),
                    "no article text found in the page"),
    "broken WARC": ("broken.warc", lambda p: p.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n"
                                                           + binary(3, 2000)),
                    "a broken WARC record"),
}
if hasattr(os, "mkfifo"):
    BAD_INPUTS["named pipe"] = ("pipe.jsonl", make_fifo, "a named pipe (FIFO), not a file of articles")
BAD_INPUTS["link out of the folder"] = ("link.txt", link_out, "outside")


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_input_is_one_line_and_the_other_articles_are_stored(tmp_path, case):
    name, make, message = BAD_INPUTS[case]
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a-truoc.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "z-sau.jsonl").write_text(jsonl(*good_lines()), encoding="utf-8")
    make(folder / name)
    status, lines = ingest(folder, db=tmp_path / "f.db")
    assert status == 1
    *errors, summary = lines
    assert errors == [line for line in errors if line.startswith(f"vnfacts: {folder / name}")]
    assert len(errors) == 1 and message in errors[0], lines
    assert summary.startswith("vnfacts: ") and summary.endswith(f"1 error → {tmp_path / 'f.db'}")
    assert {"a-truoc", *(record["id"] for record in GOOD_RECORDS)} <= stored_ids(tmp_path / "f.db")


def test_good_records_around_a_surrogate_and_a_deep_record_are_stored_and_a_rerun_adds_nothing(tmp_path):
    path = tmp_path / "tin.jsonl"
    first, second, third = good_lines()
    path.write_text(jsonl(first, SURROGATE, second, DEEP, third), encoding="utf-8")
    db = tmp_path / "f.db"
    status, lines = ingest(path, db=db)
    assert status == 1
    assert lines == [
        f'vnfacts: {path}:line 2: "text" holds a lone surrogate escape (\\ud800), half of a character: '
        "replaced by U+FFFD, the article is kept",
        f"vnfacts: {path}:line 4: the record nests more than {MAX_NESTING} levels deep (a news record "
        "is a flat object)",
        f"vnfacts: 4 articles read, 4 stored, 0 unchanged, 7 facts, 2 errors → {db}",
    ]
    assert stored_ids(db) == {*(record["id"] for record in GOOD_RECORDS), "vo-nua"}
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT text FROM articles WHERE id = 'vo-nua'").fetchone() == \
            ("x \ufffd. Vốn 5 tỷ đồng.",)
        assert connection.execute("SELECT count(*) FROM errors").fetchone() == (2,)
    status, lines = ingest(path, db=db)
    assert status == 1
    assert lines[-1] == f"vnfacts: 4 articles read, 0 stored, 4 unchanged, 0 facts, 2 errors → {db}"


def test_a_record_of_megabytes_is_one_article_with_its_figures(tmp_path):
    path = tmp_path / "dai.jsonl"
    text = "Không có số nào ở đây. " * 120_000 + "Cuối cùng, vốn 5 tỷ đồng."  # 3 MB
    path.write_text(json.dumps({"id": "dai", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    status, lines = ingest(path, db=tmp_path / "f.db")
    assert status == 0, lines
    with closing(sqlite3.connect(tmp_path / "f.db")) as connection:
        (stored,) = connection.execute("SELECT text FROM articles WHERE id = 'dai'").fetchone()
        facts = connection.execute("SELECT text, start, [end] FROM facts").fetchall()
    assert [(figure, stored[start:end]) for figure, start, end in facts] == [("5 tỷ đồng", "5 tỷ đồng")]


def test_a_file_name_that_is_not_utf8_is_an_article_all_the_same(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    Path(os.fsdecode(bytes(folder) + b"/ba\xffi.txt")).write_text(GOOD_TEXT, encoding="utf-8")
    status, lines = ingest(folder, db=tmp_path / "f.db")
    assert status == 0, lines
    assert stored_ids(tmp_path / "f.db") == {"ba\ufffdi"}


def test_utf16_json_lines_are_read_like_utf16_text(tmp_path):
    (tmp_path / "tin.jsonl").write_bytes(jsonl(*good_lines()).encode("utf-16"))
    (tmp_path / "tin.txt").write_bytes(GOOD_TEXT.encode("utf-16"))
    status, lines = ingest(tmp_path / "tin.jsonl", tmp_path / "tin.txt", db=tmp_path / "f.db")
    assert status == 0, lines
    assert stored_ids(tmp_path / "f.db") == {"tin", *(record["id"] for record in GOOD_RECORDS)}
