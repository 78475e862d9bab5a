"""The read stage: every input shape, and bad input that never stops the batch."""

from __future__ import annotations

import gzip
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extractor.model import Article
from extractor.read import READERS, InputError, read_articles

ROOT = Path(__file__).resolve().parents[1]
REPORT = "Tổng kinh phí 12.345,6 triệu đồng.\nHỗ trợ 46 cơ sở công nghiệp nông thôn.\n"


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def write(folder: Path, files: dict[str, bytes | None]) -> None:
    """Make the files under `folder`; None makes a link to a file that does not exist."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            path.symlink_to(folder / "nowhere.txt")
        else:
            path.write_bytes(data)


def read(paths: list[str]) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    articles = list(read_articles(paths, on_error=errors.append))
    return articles, errors


def test_text_file_is_one_article_with_its_whole_text(tmp_path: Path) -> None:
    path = tmp_path / "thai-binh.txt"
    path.write_text("Tiêu đề bài\r\n" + REPORT, encoding="utf-8")
    articles, errors = read([str(path)])
    assert errors == []
    assert articles == [Article(id="thai-binh", text="Tiêu đề bài\n" + REPORT, source=str(path),
                                title="Tiêu đề bài")]


def test_a_text_file_opening_with_prose_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "van-xuoi.txt"
    path.write_text(REPORT.replace("\n", " ") * 6, encoding="utf-8")  # one long line
    [article], _ = read([str(path)])
    assert article.title is None


def test_folder_is_read_recursively_in_path_order(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "b.txt": b"B",
            "a-b.txt": b"A-B",
            "a/z.TXT": b"AZ",
            "a/b/dump.jsonl": jsonl({"id": "j1", "text": "J1"}, {"id": "j2", "text": "J2"}),
            "a/b/more.jsonl.gz": gzip.compress(jsonl({"id": "g1", "text": "G1"})),
            "a/notes.md": b"not an input",
            "a/page.pdf": b"%PDF-1.4",
        },
    )
    articles, errors = read([str(tmp_path)])
    assert errors == []
    assert [a.id for a in articles] == ["j1", "j2", "g1", "z", "a-b", "b"]
    assert [a.source for a in articles][:3] == [
        f"{tmp_path}/a/b/dump.jsonl:1",
        f"{tmp_path}/a/b/dump.jsonl:2",
        f"{tmp_path}/a/b/more.jsonl.gz:1",
    ]


@pytest.mark.parametrize("name,pack", [("dump.jsonl", bytes), ("dump.jsonl.gz", gzip.compress)])
def test_json_lines_fields_and_metadata(tmp_path: Path, name: str, pack: Callable[[bytes], bytes]) -> None:
    records = [
        {
            "id": "hn-1",
            "title": "Hà Nội hỗ trợ 12 đề án",
            "text": REPORT,
            "url": "https://example.vn/hn-1",
            "published": "2023-05-04",
            "category": "Kinh tế",
            "tags": ["khuyến công"],
        },
        {"id": 42, "text": "Số id là số nguyên.", "published": None},
    ]
    lines = jsonl(*records) + b"\n" + jsonl({"text": "Không có id."})
    (tmp_path / name).write_bytes(pack(lines))
    articles, errors = read([str(tmp_path / name)])
    assert errors == []
    path = str(tmp_path / name)
    assert articles == [
        Article(
            id="hn-1",
            text=REPORT,
            source=f"{path}:1",
            title="Hà Nội hỗ trợ 12 đề án",
            published="2023-05-04",
            url="https://example.vn/hn-1",
            meta={"category": "Kinh tế", "tags": ["khuyến công"]},
        ),
        Article(id="42", text="Số id là số nguyên.", source=f"{path}:2"),
        Article(id="dump-4", text="Không có id.", source=f"{path}:4"),
    ]


class RawStdin:
    """A stdin whose raw lines are counted as they are read, to see streaming."""

    def __init__(self, data: bytes) -> None:
        self.lines_read = 0
        self.buffer = self._lines(data)

    def _lines(self, data: bytes) -> Iterator[bytes]:
        for line in io.BytesIO(data):
            self.lines_read += 1
            yield line


@pytest.mark.parametrize(
    "data,expected",
    [
        (REPORT.encode(), [("stdin", REPORT, "<stdin>")]),
        (b"\n  Mot bai {x}\n", [("stdin", "\n  Mot bai {x}\n", "<stdin>")]),
        (
            b"\n" + jsonl({"id": "a", "text": "A"}, {"text": "B"}),
            [("a", "A", "<stdin>:2"), ("stdin-3", "B", "<stdin>:3")],
        ),
        (
            b"\xef\xbb\xbf" + jsonl({"id": "bom", "text": "C"}),
            [("bom", "C", "<stdin>:1")],
        ),
    ],
)
@pytest.mark.parametrize("stream", ["binary", "text"])
def test_stdin_as_text_or_json_lines(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: list, stream: str
) -> None:
    fake = RawStdin(data) if stream == "binary" else io.StringIO(data.decode())
    monkeypatch.setattr(sys, "stdin", fake)
    articles, errors = read(["-"])
    assert errors == []
    assert [(a.id, a.text, a.source) for a in articles] == expected


def test_json_lines_on_stdin_stream_one_record_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = RawStdin(jsonl(*({"id": str(n), "text": "x"} for n in range(1000))))
    monkeypatch.setattr(sys, "stdin", stdin)
    articles = read_articles(["-"])
    assert next(articles).id == "0"
    assert stdin.lines_read <= 2


GOOD = {"before.txt": b"Bai truoc.", "zafter.txt": b"Bai sau."}


@pytest.mark.parametrize(
    "files,target,expected_ids,error",
    [
        pytest.param({}, "missing.txt", [], ("missing.txt", None, "no such file or folder"), id="missing"),
        pytest.param(
            {"notes.md": b"x"},
            "notes.md",
            [],
            (
                "notes.md",
                None,
                "unsupported input type (expected .txt, .txt.gz, .jsonl, .jsonl.gz, .html, .htm, "
                ".warc, .warc.gz or a folder)",
            ),
            id="unsupported-extension",
        ),
        pytest.param(
            {"latin.txt": b"Dong mot\nd\xf4ng"},
            "latin.txt",
            [],
            (
                "latin.txt",
                "line 2",
                "byte 0xf4 at offset 10 of the input is not UTF-8, "
                "and the input's encoding could not be detected",
            ),
            id="txt-not-utf8",
        ),
        pytest.param(
            {"empty.txt": b" \n\n"},
            "empty.txt",
            [],
            ("empty.txt", None, "the input is empty (no text to read)"),
            id="txt-empty",
        ),
        pytest.param(
            {"d.jsonl": jsonl({"id": "j1", "text": "1"}) + b'{"id": "j2", "text": \n'},
            "d.jsonl",
            ["j1"],
            ("d.jsonl", "line 2", "broken JSON (Expecting value at column 21)"),
            id="jsonl-broken-line",
        ),
        pytest.param(
            {"d.jsonl": b'{"id": "j1", "text": "\xff"}\n' + jsonl({"id": "j2", "text": "2"})},
            "d.jsonl",
            ["j2"],
            ("d.jsonl", "line 1", "byte 0xff at offset 22 of the line is not UTF-8"),
            id="jsonl-not-utf8-line",
        ),
        pytest.param(
            {"d.jsonl": jsonl(["a", "b"], {"id": "j2", "text": "2"})},
            "d.jsonl",
            ["j2"],
            ("d.jsonl", "line 1", "a JSON array where an object (a record) was expected"),
            id="jsonl-not-an-object",
        ),
        pytest.param(
            {"d.jsonl": jsonl({"id": "j1", "text": "1"}, {"id": "j2", "title": "T"})},
            "d.jsonl",
            ["j1"],
            ("d.jsonl", "line 2", 'the record has no "text"'),
            id="jsonl-no-text",
        ),
        pytest.param(
            {"d.jsonl": jsonl({"id": "j1", "text": " \n"}, {"id": "j2", "text": "2"})},
            "d.jsonl",
            ["j2"],
            ("d.jsonl", "line 1", 'the record\'s "text" is empty'),
            id="jsonl-empty-text",
        ),
        pytest.param(
            {"d.jsonl": jsonl({"id": "j1", "text": 12}, {"id": "j2", "text": "2"})},
            "d.jsonl",
            ["j2"],
            ("d.jsonl", "line 1", '"text" is a JSON number, not a string'),
            id="jsonl-text-not-string",
        ),
        pytest.param(
            {"d.jsonl": jsonl({"id": ["x"], "text": "1"}, {"id": "j2", "text": "2"})},
            "d.jsonl",
            ["j2"],
            ("d.jsonl", "line 1", '"id" is a JSON array, not a string or an integer'),
            id="jsonl-id-not-string",
        ),
        pytest.param(
            {"d.jsonl.gz": jsonl({"id": "g1", "text": "1"})},
            "d.jsonl.gz",
            [],
            ("d.jsonl.gz", None, "the gzip data is not valid (Not a gzipped file (b'{\"'))"),
            id="gz-not-gzip",
        ),
        pytest.param(
            {"dir/gone.txt": None},
            "dir",
            [],
            ("dir/gone.txt", None, "no such file or folder"),
            id="folder-dangling-link",
        ),
        pytest.param(
            {"dir/page.pdf": b"%PDF-1.4"},
            "dir",
            [],
            (
                "dir",
                None,
                "no input files in this folder (expected .txt, .txt.gz, .jsonl, .jsonl.gz, .html, .htm, "
                ".warc, .warc.gz or a folder)",
            ),
            id="folder-without-inputs",
        ),
    ],
)
def test_bad_input_is_reported_once_and_the_batch_goes_on(
    tmp_path: Path,
    files: dict[str, bytes | None],
    target: str,
    expected_ids: list[str],
    error: tuple[str, str | None, str],
) -> None:
    write(tmp_path, {**GOOD, **files})
    paths = [str(tmp_path / name) for name in ("before.txt", target, "zafter.txt")]
    articles, errors = read(paths)
    assert [a.id for a in articles] == ["before", *expected_ids, "zafter"]
    name, location, message = error
    assert errors == [InputError(str(tmp_path / name), location, message)]


def test_truncated_gzip_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    whole = gzip.compress(jsonl(*({"id": f"g{n}", "text": REPORT} for n in range(2000))))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    write(tmp_path, GOOD)
    articles, errors = read([str(path), str(tmp_path / "zafter.txt")])
    *records, last = articles
    assert last.id == "zafter"
    assert 0 < len(records) < 2000
    assert [a.id for a in records] == [f"g{n}" for n in range(len(records))]
    assert len(errors) == 1
    assert (errors[0].input, errors[0].location) == (str(path), f"line {len(records) + 1}")
    assert errors[0].message == ("the compressed file is truncated (it ends in the middle of the data)")


def test_errors_are_logged_as_warnings_without_a_handler(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = str(tmp_path / "missing.jsonl")
    with caplog.at_level(logging.WARNING, logger="extractor.read"):
        assert list(read_articles([missing])) == []
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("extractor.read", logging.WARNING, f"{missing}: no such file or folder")
    ]


def test_input_error_reads_as_one_line() -> None:
    assert str(InputError("a.jsonl", "line 3", "broken JSON")) == "a.jsonl:line 3: broken JSON"
    assert str(InputError("b.txt", None, "the input is empty")) == "b.txt: the input is empty"


def test_a_new_input_kind_is_one_more_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_markdown(path: Path, report: object) -> Iterator[Article]:
        yield Article(id=path.stem, text=path.read_text(), source=str(path))

    monkeypatch.setitem(READERS, ".md", read_markdown)
    write(tmp_path, {"a.md": b"# A", "b.txt": b"B", "c.pdf": b"%PDF-1.4"})
    articles, errors = read([str(tmp_path), str(tmp_path / "c.pdf")])
    assert [a.id for a in articles] == ["a", "b"]
    assert [e.message for e in errors] == [
        "unsupported input type (expected .txt, .txt.gz, .jsonl, .jsonl.gz, .html, .htm, .warc, "
        ".warc.gz, .md or a folder)"
    ]


def test_sample_corpus_reads_cleanly_and_matches_its_gold() -> None:
    articles, errors = read([str(ROOT / "corpus")])
    assert errors == []
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)) == 7
    gold_lines = (ROOT / "tests" / "corpus_expected.jsonl").read_text(encoding="utf-8")
    gold = [json.loads(line) for line in gold_lines.splitlines()]
    assert {fact["article"] for fact in gold} < set(ids)
    texts = {a.id: f"{a.title or ''}\n{a.text}" for a in articles}
    assert [f["text"] for f in gold if f["text"] not in texts[f["article"]]] == []
