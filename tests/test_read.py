"""The read stage: every input shape, and bad input that never stops the batch."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extractor.errors import ErrorRecord
from extractor.model import Article
from extractor.read import INPUT_KINDS, InputKind, read_articles

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


def read(paths: list[str]) -> tuple[list[Article], list[ErrorRecord]]:
    errors: list[ErrorRecord] = []
    articles = list(read_articles(paths, on_error=errors.append))
    return articles, errors


def test_text_file_is_one_article_with_its_whole_text(tmp_path: Path) -> None:
    path = tmp_path / "thai-binh.txt"
    path.write_text("Tiêu đề của bài viết\r\n" + REPORT, encoding="utf-8")
    articles, errors = read([str(path)])
    assert errors == []
    assert articles == [Article(id="thai-binh", text="Tiêu đề của bài viết\n" + REPORT,
                                source=str(path), title="Tiêu đề của bài viết")]


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
            ("dir/gone.txt", None, "a symbolic link to nothing (its target is missing), skipped"),
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
    assert [(e.input, e.location, e.message) for e in errors] == [(str(tmp_path / name), location, message)]


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
    assert str(ErrorRecord("a.jsonl", "broken JSON", line=3)) == "a.jsonl:line 3: broken JSON"
    assert str(ErrorRecord("a.warc", "broken", offset=120)) == "a.warc:offset 120: broken"
    assert str(ErrorRecord("b.txt", "the input is empty")) == "b.txt: the input is empty"


def test_a_new_input_kind_is_one_more_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_markdown(path: Path, opener: object, report: object) -> Iterator[Article]:
        yield Article(id=path.stem, text=path.read_text(), source=str(path))

    monkeypatch.setitem(INPUT_KINDS, ".md", InputKind(read_markdown, one_article=True))
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


# Records as scrapers write them: checked before they become articles.

DEEP = '{"id": "sâu", "text": "Vốn 5 tỷ đồng.", "meta": ' + "[" * 5000 + "]" * 5000 + "}"


@pytest.mark.parametrize(("line", "message"), [
    (DEEP, "the record nests more than 32 levels deep (a news record is a flat object)"),
    ('{"id": "x", "text": "a", "m": ' + "[" * 40 + "]" * 40 + "}",
     "the record nests more than 32 levels deep (a news record is a flat object)"),
    ('{"id": ' + "7" * 5000 + ', "text": "Vốn 5 tỷ đồng."}',
     "a number in the record has too many digits to read"),
])
def test_a_record_nested_too_deep_or_with_an_endless_number_is_one_error(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl({"id": "j1", "text": "1"}) + line.encode() + b"\n"
                     + jsonl({"id": "j3", "text": "3"}))
    articles, errors = read([str(path)])
    assert [a.id for a in articles] == ["j1", "j3"]
    assert errors == [ErrorRecord(str(path), message, line=2)]


def test_lone_surrogates_are_replaced_and_reported_and_the_article_kept(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"id": "s", "title": "\\udc9d T", "text": "x \\ud800. V\\u1ed1n 5 t\\u1ef7", '
                     b'"tags": ["\\ud83d\\ude00", "\\ud83d"]}\n')
    articles, errors = read([str(path)])
    assert [(a.title, a.text, a.meta) for a in articles] == [
        ("\ufffd T", "x \ufffd. Vốn 5 tỷ", {"tags": ["😀", "\ufffd"]})]  # a whole pair is one character
    assert [(e.location, e.message) for e in errors] == [
        ("line 1", f'"{field}" holds a lone surrogate escape (\\u{code}), half of a character: '
                   "replaced by U+FFFD, the article is kept")
        for field, code in (("title", "dc9d"), ("text", "d800"), ("tags", "d83d"))]
    json.dumps(articles[0].__dict__, ensure_ascii=False).encode("utf-8")  # storable as UTF-8


def test_numbers_json_has_not_are_read_as_null(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"id": "n", "text": "a", "score": NaN, "low": -Infinity, "big": 1e400, "ok": 2.5}\n')
    (article,), errors = read([str(path)])
    assert errors == []
    assert article.meta == {"score": None, "low": None, "big": None, "ok": 2.5}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_json_lines_in_utf16_or_utf32_read_like_utf8(tmp_path: Path, encoding: str) -> None:
    records = [{"id": "a", "text": "Vốn 5 tỷ đồng.\u2028Dòng hai"}, {"id": "b", "text": "Hỗ trợ 46 cơ sở"}]
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl(*records).decode().replace("\n", "\r\n").encode(encoding))
    articles, errors = read([str(path)])
    assert errors == []
    assert [(a.id, a.text) for a in articles] == [(r["id"], r["text"]) for r in records]


def test_broken_utf16_json_lines_keep_the_lines_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": "Một"}, {"id": "b", "text": "Hai"}).decode()
                     .encode("utf-16") + b"\x00")  # an odd byte at the end
    articles, errors = read([str(path)])
    assert [a.id for a in articles] == ["a", "b"]
    assert [(e.location, e.message) for e in errors] == [
        ("line 3", "the UTF-16 text is broken (truncated data), the rest is not read")]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf\n"])
def test_a_json_lines_file_of_no_records_is_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    empty = ErrorRecord(str(path), "the file is empty (no JSON Lines records)")
    assert read([str(path)]) == ([], [empty])


def test_a_reader_failing_unforeseen_costs_the_rest_of_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_breaking(path: Path, opener: object, report: object) -> Iterator[Article]:
        yield Article(id="first", text="1", source=str(path))
        raise MemoryError("the page blew up")

    monkeypatch.setitem(INPUT_KINDS, ".md", InputKind(read_breaking))
    write(tmp_path, {"a.md": b"# A", "b.txt": b"B"})
    articles, errors = read([str(tmp_path / "a.md"), str(tmp_path / "b.txt")])
    assert [a.id for a in articles] == ["first", "b"]
    assert errors == [ErrorRecord(str(tmp_path / "a.md"), "reading stopped (MemoryError: the page blew up)")]


# Folders: only regular files, and links only within the folder.

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_for(tmp_path: Path) -> None:
    write(tmp_path, {"in/a.txt": b"A", "in/z.txt": b"Z"})
    os.mkfifo(tmp_path / "in" / "pipe.jsonl")  # opening it to read would wait for a writer forever
    articles, errors = read([str(tmp_path / "in")])
    assert [a.id for a in articles] == ["a", "z"]
    assert errors == [ErrorRecord(str(tmp_path / "in" / "pipe.jsonl"),
                                  "a named pipe (FIFO), not a file of articles: skipped")]


def test_links_out_of_a_folder_are_followed_only_when_asked(tmp_path: Path) -> None:
    write(tmp_path, {"in/a.txt": b"A", "in/sub/b.txt": b"B", "outside/secret.txt": b"S",
                     "outside/more/c.txt": b"C"})
    (tmp_path / "in" / "link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tmp_path / "in" / "inner.txt").symlink_to(tmp_path / "in" / "sub" / "b.txt")
    (tmp_path / "in" / "more").symlink_to(tmp_path / "outside" / "more")
    (tmp_path / "in" / "sub" / "loop").symlink_to(tmp_path / "in")
    articles, errors = read([str(tmp_path / "in")])
    assert [a.id for a in articles] == ["a", "inner", "b"]  # a link within the folder is read
    outside = tmp_path.resolve() / "outside"
    assert sorted(errors, key=str) == [
        ErrorRecord(str(tmp_path / "in" / "link.txt"), f"a symbolic link to {outside / 'secret.txt'}, "
                   f"outside {(tmp_path / 'in').resolve()}: skipped (--follow-symlinks reads it)"),
        ErrorRecord(str(tmp_path / "in" / "more"), f"a symbolic link to {outside / 'more'}, "
                   f"outside {(tmp_path / 'in').resolve()}: skipped (--follow-symlinks reads it)"),
    ]
    followed = list(read_articles([str(tmp_path / "in")], on_error=errors.append, follow_symlinks=True))
    # each real folder once, however many links lead to it
    assert [a.id for a in followed] == ["a", "inner", "link", "c", "b"]
