"""Read articles from files, folders, JSON Lines and stdin.

Archives run to millions of articles and are rarely clean, so reading is
streaming (one article in memory at a time) and forgiving: a bad item is
reported as an `InputError` and skipped, and the batch goes on.

Each input kind is one reader function in `READERS`, keyed by file
extension; a new kind (HTML, WARC, `.txt.gz`) is one more function and one
more entry there.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from extractor.model import Article

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_ID = "stdin"
UTF8_BOM = b"\xef\xbb\xbf"

# The fields of a JSON Lines record that map onto `Article`; any other field
# is kept in `Article.meta`.
RECORD_FIELDS = ("id", "text", "title", "url", "published")


@dataclass
class InputError:
    """A bad item of an input: which input, where in it, and what is wrong."""

    input: str
    location: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.input}:{self.location}" if self.location else self.input
        return f"{where}: {self.message}"


Report = Callable[[InputError], None]
Reader = Callable[[Path, Report], Iterator[Article]]


def read_articles(paths: Iterable[str], on_error: Report | None = None) -> Iterator[Article]:
    """Every article of the inputs, in order; folders are read recursively.

    `-` reads stdin. Bad items are passed to `on_error` (or logged as
    warnings when it is None) and skipped.
    """
    report = on_error or _log_input_error
    for name in paths:
        if name == STDIN:
            yield from _read_stdin(report)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path, report)
        elif not path.exists():
            report(InputError(name, None, "no such file or folder"))
        elif (found := _reader_for(path)) is None:
            report(InputError(name, None, f"unsupported input type (expected {_expected()})"))
        else:
            yield from found[1](path, report)


def _log_input_error(error: InputError) -> None:
    logger.warning("%s", error)


def _reader_for(path: Path) -> tuple[str, Reader] | None:
    """The extension and reader of a file; the longest matching extension wins."""
    name = path.name.lower()
    for extension in sorted(READERS, key=len, reverse=True):
        if name.endswith(extension) and len(name) > len(extension):
            return extension, READERS[extension]
    return None


def _expected() -> str:
    kinds = list(READERS)
    return ", ".join(kinds[:-1]) + f", {kinds[-1]} or a folder"


def _stem(path: Path) -> str:
    """The file name without its (possibly double) extension: the article id base."""
    found = _reader_for(path)
    return path.name[: -len(found[0])] if found else path.stem


def _read_folder(folder: Path, report: Report) -> Iterator[Article]:
    """The articles of every supported file under `folder`, sorted by path.

    Sorting by path parts keeps a folder's files together and makes runs
    repeatable whatever order the file system lists them in.
    """

    def unreadable(error: OSError) -> None:
        report(InputError(str(error.filename or folder), None, _os_reason(error)))

    inputs: list[tuple[Path, Reader]] = []
    for directory, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            path = Path(directory, name)
            if found := _reader_for(path):
                inputs.append((path, found[1]))
    if not inputs:
        report(InputError(str(folder), None, f"no input files in this folder (expected {_expected()})"))
    for path, reader in sorted(inputs, key=lambda item: item[0].parts):
        yield from reader(path, report)


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    return f"cannot be read ({error.strerror or error})"


def _read_text_file(path: Path, report: Report) -> Iterator[Article]:
    """A `.txt` file is one article, the whole file its text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        report(InputError(str(path), None, _os_reason(error)))
        return
    yield from _text_article(_stem(path), str(path), data, report)


def _text_article(article_id: str, source: str, data: bytes, report: Report) -> Iterator[Article]:
    """One article from a whole text input, with its newlines made `\\n`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        report(InputError(source, f"line {line}", _not_utf8(data, error.start, "the input")))
        return
    if not text.strip():
        report(InputError(source, None, "the input is empty (no text to read)"))
        return
    yield Article(id=article_id, text=text.replace("\r\n", "\n").replace("\r", "\n"), source=source)


def _not_utf8(data: bytes, offset: int, within: str) -> str:
    return f"byte 0x{data[offset]:02x} at offset {offset} of {within} is not UTF-8"


def _read_jsonl_file(path: Path, report: Report) -> Iterator[Article]:
    yield from _read_jsonl_stream(path, open, report)


def _read_jsonl_gz_file(path: Path, report: Report) -> Iterator[Article]:
    yield from _read_jsonl_stream(path, gzip.open, report)


def _read_jsonl_stream(
    path: Path, opener: Callable[[Path, str], BinaryIO], report: Report
) -> Iterator[Article]:
    """JSON Lines from a file, plain or compressed.

    The file is read as bytes and decoded line by line, so a line with bad
    bytes costs that line only. A file that stops being readable part-way
    (a truncated or corrupt gzip) is reported at the line where it broke.
    """
    source, stem = str(path), _stem(path)
    lines_read = 0
    try:
        with opener(path, "rb") as stream:
            for number, line in enumerate(stream, start=1):
                lines_read = number
                yield from _record_article(line, number, source, stem, report)
    except (OSError, EOFError, zlib.error) as error:
        where = f"line {lines_read + 1}" if lines_read else None
        report(InputError(source, where, _stream_failure(error)))


def _stream_failure(error: Exception) -> str:
    """Why a file stopped being readable: bad compressed data, or the system's reason."""
    if isinstance(error, (gzip.BadGzipFile, zlib.error)):
        return f"the gzip data is not valid ({error})"
    if isinstance(error, OSError):
        return _os_reason(error)
    return "the compressed file is truncated (it ends in the middle of the data)"


def _record_article(raw: bytes, number: int, source: str, stem: str, report: Report) -> Iterator[Article]:
    """The article of one JSON Lines line, or nothing (blank line or bad record)."""
    location = f"line {number}"

    def bad(message: str) -> None:
        report(InputError(source, location, message))

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad(_not_utf8(raw, error.start, "the line"))
        return
    if number == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return
    try:
        record = json.loads(line.rstrip())
    except json.JSONDecodeError as error:
        bad(f"broken JSON ({error.msg} at column {error.colno})")
        return
    if not isinstance(record, dict):
        bad(f"a JSON {_json_type(record)} where an object (a record) was expected")
        return
    text = record.get("text")
    if text is None:
        bad('the record has no "text"')
        return
    if not isinstance(text, str):
        bad(f'"text" is a JSON {_json_type(text)}, not a string')
        return
    if not text.strip():
        bad('the record\'s "text" is empty')
        return
    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int, type(None))):
        bad(f'"id" is a JSON {_json_type(article_id)}, not a string or an integer')
        return
    if article_id is None or not str(article_id).strip():
        article_id = f"{stem}-{number}"
    yield Article(
        id=str(article_id),
        text=text,
        source=f"{source}:{number}",
        title=_optional_text(record.get("title")),
        published=_optional_text(record.get("published")),
        url=_optional_text(record.get("url")),
        meta={key: value for key, value in record.items() if key not in RECORD_FIELDS},
    )


def _optional_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", float: "number"}
    if value is None:
        return "null"
    return names.get(type(value), "number")


def _read_stdin(report: Report) -> Iterator[Article]:
    """Stdin as JSON Lines when its first non-blank character is `{`, else as one text.

    Only the leading blank lines are held back to decide, so JSON Lines on
    stdin stream like a file.
    """
    lines = iter(_stdin_bytes())
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if head and head[-1].removeprefix(UTF8_BOM).lstrip().startswith(b"{"):
        for number, line in enumerate(chain(head, lines), start=1):
            yield from _record_article(line, number, STDIN_NAME, STDIN_ID, report)
        return
    yield from _text_article(STDIN_ID, STDIN_NAME, b"".join(chain(head, lines)), report)


def _stdin_bytes() -> Iterable[bytes]:
    """Stdin's raw lines, so that it is decoded like a file (a replaced text stream too)."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        return binary
    return (line.encode("utf-8", "surrogateescape") for line in sys.stdin)


READERS: dict[str, Reader] = {
    ".txt": _read_text_file,
    ".jsonl": _read_jsonl_file,
    ".jsonl.gz": _read_jsonl_gz_file,
}
