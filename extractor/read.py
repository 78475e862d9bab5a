"""Read articles from text files, saved web pages, web archives (WARC),
JSON Lines, folders of them and stdin.

Archives run to millions of articles and are rarely clean, so reading is
streaming (one article in memory at a time) and forgiving: a bad item is
reported as an `ErrorRecord` and skipped, and the batch goes on.

Each input kind is one `InputKind` in `INPUT_KINDS`, keyed by file
extension: its reader and the traits that callers plan by (one article a
file, one a line, whether it is counted without reading it through). A new
kind is one more function and one more entry there; `input_files` is how
every caller (reading, progress totals, the Dask plan) finds the files of
the inputs and their kinds.

Text and pages are UTF-8 in most archives but not all: old Vietnamese sites
wrote windows-1258, and some tools save UTF-16. Those are decoded too (see
`_decode`); JSON Lines are UTF-8, as the format requires, or UTF-16 or
UTF-32 (`_json_lines`), which Windows tools write.

Every record is checked before it becomes an article, because a scraped
archive holds whatever its scraper wrote: a record nested too deeply to
read, a lone surrogate escape (`\\ud800`, half of an emoji cut in two) that
no UTF-8 database can store, numbers JSON has not (`NaN`).
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import logging
import os
import re
import stat
import sys
import unicodedata
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from email.message import Message
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from extractor.errors import ErrorRecord, shown
from extractor.model import Article

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

logger = logging.getLogger(__name__)
# trafilatura logs its own warning for a page without main text; the reader
# reports that page as an `ErrorRecord`, so on stderr it would only say the
# same thing twice, in two forms.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_ID = "stdin"
UTF8_BOM = b"\xef\xbb\xbf"

# The fields of a JSON Lines record that map onto `Article`; any other field
# is kept in `Article.meta`.
RECORD_FIELDS = ("id", "text", "title", "url", "published")
MAX_NESTING = 32
"""How deep a JSON Lines record may nest: a news record is a flat object of
fields, and a value nested thousands deep exhausts Python's stack where it
is read or written again."""
TOO_DEEP = f"the record nests more than {MAX_NESTING} levels deep (a news record is a flat object)"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""What JSON's `\\uXXXX` escapes can give that is not Unicode: half of a
surrogate pair (a pair is read as the one character it stands for)."""
REPLACEMENT_CHARACTER = "\ufffd"
UNREADABLE = object()  # a line that is not JSON at all

# Byte-order marks and the codec each names; UTF-32's marks start with
# UTF-16's, so they are tried first.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (UTF8_BOM, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A detected encoding is trusted when the text it gives has at most this
# share of "mess" (charset-normalizer's chaos; its default) and a language
# it recognises (its coherence): short or binary inputs give guesses that
# are noise. Measured on 297 real articles written in windows-1258: all
# decoded right, a fifth of them with some chaos above 0.1.
MAX_DETECTED_MESS = 0.2
MIN_DETECTED_COHERENCE = 0.1
# Among the encodings a detector finds plausible, Vietnamese's own legacy
# code page wins: on short texts the detector's first choice is often a
# look-alike (hp-roman8) that garbles the tone marks.
VIETNAMESE_CODE_PAGE = "cp1258"
# `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`,
# looked for where browsers look: near the top of the page.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
META_CHARSET_SPAN = 4096

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
NO_ARTICLE_TEXT = "no article text found in the page"
# Where a WARC record can start: a gzip member (`.warc.gz`), or a version line.
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
# warcio's words for a `.warc.gz` compressed as one gzip stream, and ours.
WHOLE_GZIP_SIGN = "non-chunked gzip"
WHOLE_GZIP = (
    "the file is gzip-compressed as a whole, not record by record, so it cannot be read "
    "past its first record (`warcio recompress FILE NEW_FILE` rewrites it)"
)


Report = Callable[[ErrorRecord], None]
Opener = Callable[[Path, str], BinaryIO]
Reader = Callable[[Path, Opener, Report], Iterator[Article]]


@dataclass(frozen=True)
class InputKind:
    """A kind of input file: how its articles are read (`read`, through
    `opener`), and what can be told of it without reading it, which progress
    totals and the Dask plan go by: one article a file (`one_article`), one
    article a line (`by_lines`, so a big file splits into ranges of lines),
    or else many articles that only reading tells apart (a web archive)."""

    read: Reader
    opener: Opener = open
    one_article: bool = False
    by_lines: bool = False

    @property
    def countable(self) -> bool:
        """Whether a file's articles are counted at disk speed: one a file, or
        one a line of an uncompressed file."""
        return self.one_article or (self.by_lines and self.opener is open)

    def count(self, path: Path) -> int:
        """The articles of a file, as far as they are told without reading them (see `countable`)."""
        return 1 if self.one_article else count_lines(path, self.opener)


@dataclass(frozen=True)
class InputFile:
    """A file of the inputs and its kind (None: stdin, or a name of no known
    kind, whose reading says so)."""

    name: str
    kind: InputKind | None

    @property
    def path(self) -> Path:
        return Path(self.name)


def read_articles(paths: Iterable[str], on_error: Report | None = None,
                  follow_symlinks: bool = False) -> Iterator[Article]:
    """Every article of the inputs, in order; folders are read recursively
    (see `folder_files`; `follow_symlinks` also follows links out of them).

    `-` reads stdin. Bad items are passed to `on_error` (or logged as
    warnings when it is None) and skipped.
    """
    report = on_error or _log_input_error
    for file in input_files(paths, report, follow_symlinks):
        yield from _read_input(file, report)


def input_files(paths: Iterable[str], report: Report, follow_symlinks: bool = False) -> Iterator[InputFile]:
    """The files of the inputs in the order they are read: a folder's files
    (see `folder_files`; what it skips goes to `report`), any other name as
    it is (stdin, a file, a missing one), each with its kind by name."""
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_dir():
            for file in folder_files(path, report, follow_symlinks):
                yield InputFile(str(file), kind_of(file))
        else:
            yield InputFile(name, None if name == STDIN else kind_of(path))


def _read_input(file: InputFile, report: Report) -> Iterator[Article]:
    """The articles of one input, or what makes it unreadable. A reader that
    fails in a way no check foresaw costs the rest of its file only."""
    if file.name == STDIN:
        yield from _read_stdin(report)
    elif not file.path.exists():
        report(ErrorRecord(file.name, "no such file or folder"))
    elif file.kind is None:
        report(ErrorRecord(file.name, f"unsupported input type (expected {_expected()})"))
    else:
        try:
            yield from file.kind.read(file.path, file.kind.opener, report)
        except Exception as error:  # a failure no reader check foresaw: the next input goes on
            report(ErrorRecord(file.name, f"reading stopped ({type(error).__name__}: {error})"))


def _log_input_error(error: ErrorRecord) -> None:
    logger.warning("%s", error)


def kind_of(path: Path) -> InputKind | None:
    """The kind of a file by its name, or None."""
    found = _extension_of(path)
    return INPUT_KINDS[found] if found else None


def _extension_of(path: Path) -> str | None:
    """The extension of a file that names its kind; the longest matching extension wins."""
    name = path.name.lower()
    for extension in sorted(INPUT_KINDS, key=len, reverse=True):
        if name.endswith(extension) and len(name) > len(extension):
            return extension
    return None


def _expected() -> str:
    kinds = list(INPUT_KINDS)
    return ", ".join(kinds[:-1]) + f", {kinds[-1]} or a folder"


def _stem(path: Path) -> str:
    """The file name without its (possibly double) extension: the article id base."""
    found = _extension_of(path)
    return shown(path.name[: -len(found)] if found else path.stem)


def folder_files(folder: Path, report: Report, follow_symlinks: bool = False) -> list[Path]:
    """The input files under `folder`, recursively, sorted by path parts
    (which keeps a folder's files together and makes runs repeatable
    whatever order the file system lists them in).

    Only regular files are read: a named pipe, socket or device would stall
    the run or never end. A symbolic link that leads out of the folder
    (an unpacked archive can point at /etc) is followed only with
    `follow_symlinks`, which also enters linked folders, each real folder
    once. What is skipped is reported.
    """
    root = folder.resolve()
    seen: set[str] = set()
    found: list[Path] = []
    skipped = 0

    def unreadable(error: OSError) -> None:
        report(ErrorRecord(str(error.filename or folder), _os_reason(error)))

    for directory, subfolders, names in os.walk(folder, onerror=unreadable, followlinks=follow_symlinks):
        if follow_symlinks:
            real = os.path.realpath(directory)
            if real in seen:  # a link back up, or a second link to one folder
                subfolders.clear()
                continue
            seen.add(real)
        else:
            for name in subfolders:
                if (problem := _outside_link(Path(directory, name), root)) is not None:
                    report(ErrorRecord(str(Path(directory, name)), problem))
        for name in names:
            path = Path(directory, name)
            if kind_of(path) is None:
                continue
            problem = _not_regular(path) or (None if follow_symlinks else _outside_link(path, root))
            if problem is not None:
                report(ErrorRecord(str(path), problem))
                skipped += 1
            else:
                found.append(path)
    if not found and not skipped:
        report(ErrorRecord(str(folder), f"no input files in this folder (expected {_expected()})"))
    return sorted(found, key=lambda path: path.parts)


def _not_regular(path: Path) -> str | None:
    """Why a file of a folder is not read, when it is no regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing (its target is missing), skipped"
    except OSError as error:
        return _os_reason(error)
    if stat.S_ISREG(mode):
        return None
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else \
        "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
        else "not a regular file"
    return f"{kind}, not a file of articles: skipped"


def _outside_link(path: Path, root: Path) -> str | None:
    """Why a symbolic link is not followed: it leads out of the folder read."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    if target.is_relative_to(root):
        return None
    return f"a symbolic link to {target}, outside {root}: skipped (--follow-symlinks reads it)"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    return f"cannot be read ({error.strerror or error})"


def _read_whole_text(path: Path, opener: Opener, report: Report) -> Iterator[Article]:
    """A text file, plain or compressed, is one article, the whole file its text."""
    data = _whole_file(path, opener, report)
    if data is not None:
        yield from _text_article(_stem(path), shown(path), data, report)


def _whole_file(path: Path, opener: Opener, report: Report) -> bytes | None:
    """The bytes of a one-article file, or None (reported) when it cannot be read."""
    try:
        with opener(path, "rb") as stream:
            return stream.read()
    except (OSError, EOFError, zlib.error) as error:
        report(ErrorRecord(str(path), _stream_failure(error)))
        return None


def _text_article(article_id: str, source: str, data: bytes, report: Report) -> Iterator[Article]:
    """One article from a whole text input, with its newlines made `\\n`.

    The text stays whole (the title is read as part of it); its first line,
    when it reads as a headline, is also its title, to show in search results."""
    text = _decoded(data, source, report, within="the input")
    if text is None:
        return
    if not text.strip():
        report(ErrorRecord(source, "the input is empty (no text to read)"))
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    from extractor.context.headlines import headline  # the context package: not for a search

    yield Article(id=article_id, text=text, source=source, title=headline(text))


def _not_utf8(data: bytes, offset: int, within: str) -> str:
    return f"byte 0x{data[offset]:02x} at offset {offset} of {within} is not UTF-8"


def _decoded(
    data: bytes,
    source: str,
    report: Report,
    *,
    within: str,
    declared: str | None = None,
    offset: int | None = None,
) -> str | None:
    """The text of a whole input, or None (reported) when its encoding cannot be told.

    The error is located at the record at `offset`, or else at the line of
    the first byte that is not UTF-8.
    """
    try:
        return _decode(data, declared)
    except UnicodeDecodeError as error:
        line = None if offset is not None else data.count(b"\n", 0, error.start) + 1
        message = f"{_not_utf8(data, error.start, within)}, and {within}'s encoding could not be detected"
        report(ErrorRecord(source, message, line=line, offset=offset))
        return None


def _decode(data: bytes, declared: str | None = None) -> str:
    """Bytes as text: UTF-8 or the UTF its byte-order mark names, else the
    `declared` charset, else the encoding a detector finds.

    Raises the UTF-8 `UnicodeDecodeError` when none fits. Legacy Vietnamese
    code pages (windows-1258) write tone marks as separate combining
    characters, so text decoded from them is composed (NFC) to read like
    the same text in UTF-8.
    """
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_declared(data, declared) or _decode_detected(data)
        if text is None:
            raise
        return unicodedata.normalize("NFC", text)


def _decode_declared(data: bytes, charset: str | None) -> str | None:
    if charset is None:
        return None
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_detected(data: bytes) -> str | None:
    import charset_normalizer  # here, like trafilatura and warcio: a search reads no inputs

    matches = charset_normalizer.from_bytes(data, threshold=MAX_DETECTED_MESS)
    best = next((match for match in matches if match.encoding == VIETNAMESE_CODE_PAGE), matches.best())
    if best is None or best.coherence < MIN_DETECTED_COHERENCE:
        return None
    return str(best)


def _meta_charset(page: bytes) -> str | None:
    """The charset a page declares in its `<meta>`, if any."""
    found = META_CHARSET.search(page, 0, META_CHARSET_SPAN)
    return found.group(1).decode("ascii") if found else None


def _read_html_file(path: Path, opener: Opener, report: Report) -> Iterator[Article]:
    """A saved web page is one article: its main text, without the site's chrome."""
    data = _whole_file(path, opener, report)
    if data is None:
        return
    source = shown(path)
    page = _decoded(data, source, report, within="the page", declared=_meta_charset(data))
    if page is None:
        return
    article = _page_article(page, _stem(path), source)
    if article is None:
        report(ErrorRecord(source, NO_ARTICLE_TEXT))
    else:
        yield article


def _page_article(
    page: str, article_id: str, source: str, url: str | None = None, captured: str | None = None
) -> Article | None:
    """The article of an HTML page, or None when the page has no main text.

    trafilatura finds the main text, title, date and canonical URL offline.
    It favours precision, because figures in menus and footers must never
    become facts, and it dates a page from its markup only: its free-text
    date search takes a year named in the article (`Năm 2023, …`) for the
    publication date. `url` (where the page was fetched) wins over the page's
    own; `captured` (when it was fetched) dates a page that states no date.
    The page's description is often the lead, which Vietnamese sites set
    apart from the main text (the `sapo`) and which states the headline
    figures; when the main text does not contain it, it opens the text.
    """
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    from extractor.context.headlines import article_title

    document = bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    if document is None or not (document.text or "").strip():
        return None
    text = document.text
    lead = " ".join((document.description or "").split())
    if lead and lead not in " ".join(text.split()):
        text = f"{lead}\n{text}"
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=article_title(document.title, text),
        published=document.date or captured,
        url=url or document.url,
        meta={"description": document.description} if document.description else {},
    )


def quiet_records(stream: BinaryIO) -> ArchiveIterator:
    """warcio's record iterator without its own warning, several raw lines on
    stderr, about a record that does not end where its Content-Length says:
    the damage it leads to is reported as an `ErrorRecord` like any other."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    records.INC_RECORD = ""
    return records


def _read_warc_file(path: Path, opener: Opener, report: Report) -> Iterator[Article]:
    """Each HTML page a web archive holds (an HTTP 200 `response` record) is one article.

    Records are read one at a time. A damaged stretch of the file is reported
    once, at the record where it starts, and reading goes on at the next
    record start after it (the next gzip member of a `.warc.gz`, the next
    `WARC/1.` line of a `.warc`).
    """
    source = shown(path)
    try:
        with opener(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            marker = GZIP_MAGIC if stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC else WARC_MAGIC
            start: int | None = 0
            while start is not None:
                broken = yield from _warc_run(stream, start, size, source, report)
                if broken is None:
                    return
                offset, reason, read_any = broken
                # A run that resumed at a false start fails before its first record.
                if read_any or start == 0:
                    report(ErrorRecord(source, _broken_record(reason), offset=offset))
                start = _next_marker(stream, offset + 1, marker)
    except OSError as error:
        report(ErrorRecord(source, _os_reason(error)))


def _warc_run(
    stream: BinaryIO, start: int, size: int, source: str, report: Report
) -> Generator[Article, None, tuple[int, str, bool] | None]:
    """The pages of the records from `start` on; at a damaged record, stop
    and return its offset, what is wrong and whether any record was read.

    Every WARC record states its Content-Length; warcio passes a header cut
    short, or a line of something else, as a record without one. A file
    gzip-compressed as a whole has no record offsets to go on from, so it
    ends the reading.
    """
    stream.seek(start)
    from warcio.exceptions import ArchiveLoadFailed

    records = quiet_records(stream)
    read_any = False
    while True:
        try:
            record = next(records, None)
        except Exception as error:  # warcio fails on damaged data with assorted errors
            if isinstance(error, ArchiveLoadFailed) and WHOLE_GZIP_SIGN in str(error):
                report(ErrorRecord(source, WHOLE_GZIP))
                return None
            return records.offset, _warc_failure(error), read_any
        if record is None:
            break
        if record.rec_headers.get_header("Content-Length") is None:
            return records.offset, "its header has no Content-Length", read_any
        read_any = True
        # At each record it yields, the iterator's offset is where that record starts.
        yield from _warc_page(record, records.offset, source, report)
    if records.offset < size:
        return records.offset, "the file ends inside it", read_any
    return None


def _broken_record(reason: str) -> str:
    return f"a broken WARC record ({reason}), skipped"


def _warc_failure(error: Exception) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(error, ArchiveLoadFailed):
        return "not a valid WARC record"
    if isinstance(error, zlib.error):
        return "the gzip data is not valid"
    return f"it cannot be parsed: {type(error).__name__}"


def _next_marker(stream: BinaryIO, start: int, marker: bytes) -> int | None:
    """The offset of the next `marker` at or after `start`, read in blocks."""
    stream.seek(start)
    position, carried = start, b""
    while block := stream.read(1 << 16):
        window = carried + block
        found = window.find(marker)
        if found >= 0:
            return position - len(carried) + found
        carried = window[-(len(marker) - 1) :]
        position += len(block)
    return None


def _warc_page(record: ArcWarcRecord, offset: int, source: str, report: Report) -> Iterator[Article]:
    """The article of one WARC record; records that are not HTML pages fetched
    with HTTP 200 (requests, metadata, images, redirects, 404s) are skipped."""
    http = record.http_headers
    if record.rec_type != "response" or http is None or http.get_statuscode() != "200":
        return
    media_type, charset = _content_type(http.get_header("Content-Type"))
    if media_type not in HTML_MEDIA_TYPES:
        return
    def bad(message: str) -> None:
        report(ErrorRecord(source, message, offset=offset))

    # warcio's HTTP decoders (chunked, gzip, brotli) pass undecodable data on as it is.
    body = record.content_stream().read()
    if record.raw_stream.limit:
        bad(_broken_record("the file ends inside it"))
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        bad("the response record has no WARC-Target-URI")
        return
    page = _decoded(body, source, report, within="the page", declared=charset or _meta_charset(body),
                    offset=offset)
    if page is None:
        return
    article = _page_article(page, _url_id(url), f"{source}:{offset}", url, _warc_date(record))
    if article is None:
        bad(NO_ARTICLE_TEXT)
    else:
        yield article


def _content_type(value: str | None) -> tuple[str, str | None]:
    """The media type and charset of an HTTP `Content-Type` header."""
    header = Message()
    header["Content-Type"] = value or ""
    return header.get_content_type(), header.get_content_charset()


def _url_id(url: str) -> str:
    """A WARC page's article id: the first 16 hex digits of the SHA-1 of its URL.

    The URL, not the record id, so that two captures of one page are one
    article (a re-ingest replaces its facts instead of counting them twice).
    """
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _warc_date(record: ArcWarcRecord) -> str | None:
    """The day a record was captured (`WARC-Date`), as YYYY-MM-DD."""
    captured = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return date.fromisoformat(captured[:10]).isoformat()
    except ValueError:
        return None


def _read_jsonl_stream(path: Path, opener: Opener, report: Report) -> Iterator[Article]:
    """JSON Lines from a file, plain or compressed.

    Each line is decoded apart (see `_json_lines`), so a line with bad
    bytes costs that line only. A file that stops being readable part-way
    (a truncated or corrupt gzip) is reported at the line where it broke;
    a file of no records at all is reported too.
    """
    source, stem = shown(path), _stem(path)
    lines_read = 0
    blank = True
    try:
        with opener(path, "rb") as stream:
            for number, line in enumerate(_json_lines(stream), start=1):
                lines_read = number
                held = yield from _record_article(line, number, source, stem, report)
                blank = blank and not held
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        report(ErrorRecord(source, _stream_failure(error), line=lines_read + 1 if lines_read else None))
        return
    if blank:
        report(ErrorRecord(source, "the file is empty (no JSON Lines records)"))


def _json_lines(stream: BinaryIO) -> Iterator[bytes | str]:
    """The lines of a JSON Lines stream: as bytes for UTF-8, or as text for
    UTF-16 and UTF-32, told by a byte-order mark or by the zero byte beside
    the record's opening `{` (UTF-16 without a mark); their lone surrogates
    pass through to be replaced like those of `\\u` escapes."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    codec = next((codec for mark, codec in BYTE_ORDER_MARKS if head.startswith(mark)), None)
    if codec is None:
        codec = "utf-16-le" if head[:2] == b"{\x00" else "utf-16-be" if head[:2] == b"\x00{" else None
    if codec is None or codec == "utf-8-sig":
        yield from stream
        return
    yield from io.TextIOWrapper(stream, encoding=codec, errors="surrogatepass", newline="\n")


def _stream_failure(error: Exception) -> str:
    """Why a file stopped being readable: bad compressed data or text, or the system's reason."""
    if isinstance(error, (gzip.BadGzipFile, zlib.error)):
        return f"the gzip data is not valid ({error})"
    if isinstance(error, UnicodeDecodeError):
        codec = error.encoding.upper().removesuffix("-LE").removesuffix("-BE")
        return f"the {codec} text is broken ({error.reason}), the rest is not read"
    if isinstance(error, OSError):
        return _os_reason(error)
    return "the compressed file is truncated (it ends in the middle of the data)"


def _record_article(raw: bytes | str, number: int, source: str, stem: str,
                    report: Report) -> Generator[Article, None, bool]:
    """The article of one JSON Lines line, or nothing (blank line or bad
    record); returns whether the line was not blank."""
    def bad(message: str) -> None:
        report(ErrorRecord(source, message, line=number))

    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad(_not_utf8(raw, error.start, "the line"))
            return True
    else:
        line = raw
    if number == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return False
    record = _parsed_record(line, bad)
    if record is UNREADABLE:
        return True
    problem = _record_problem(record)
    if problem is not None:
        bad(problem)
        return True
    record = _without_lone_surrogates(record, bad)
    from extractor.context.headlines import article_title

    article_id = record.get("id")
    if article_id is None or not str(article_id).strip():
        article_id = f"{stem}-{number}"
    yield Article(
        id=str(article_id),
        text=record["text"],
        source=f"{source}:{number}",
        title=article_title(_optional_text(record.get("title")), record["text"]),
        published=_optional_text(record.get("published")),
        url=_optional_text(record.get("url")),
        meta={key: value for key, value in record.items() if key not in RECORD_FIELDS},
    )
    return True


def source_line(article: Article) -> int | None:
    """The line an article of a line-based input was read from (its source
    ends `:LINE`, see `_record_article`), or None."""
    number = article.source.rpartition(":")[2]
    return int(number) if number.isdigit() else None


def _record_problem(record: Any) -> str | None:
    """What makes a JSON value no record of an article, if anything."""
    if not isinstance(record, dict):
        return f"a JSON {_json_type(record)} where an object (a record) was expected"
    if _nests_too_deep(record):
        return TOO_DEEP
    text, article_id = record.get("text"), record.get("id")
    if text is None:
        return 'the record has no "text"'
    if not isinstance(text, str):
        return f'"text" is a JSON {_json_type(text)}, not a string'
    if not text.strip():
        return 'the record\'s "text" is empty'
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int, type(None))):
        return f'"id" is a JSON {_json_type(article_id)}, not a string or an integer'
    return None


def _parsed_record(line: str, bad: Callable[[str], None]) -> Any:
    """The JSON value of a line, or `UNREADABLE` (reported) when it cannot be read.
    `NaN` and `Infinity`, which JSON has not, and numbers too large for a
    float read as null, so that no output made from them breaks JSON."""
    try:
        return json.loads(line.rstrip(), parse_constant=lambda name: None, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        bad(f"broken JSON ({error.msg.removesuffix(' at')} at column {error.colno})")
    except RecursionError:
        bad(TOO_DEEP)
    except ValueError:  # an integer of more digits than Python converts (4,300)
        bad("a number in the record has too many digits to read")
    return UNREADABLE


def _finite_float(written: str) -> float | None:
    number = float(written)
    return number if abs(number) != float("inf") else None


def _nests_too_deep(value: Any) -> bool:
    """Whether a JSON value nests more than `MAX_NESTING` levels (a flat
    record is one), found without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            if depth > MAX_NESTING:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


def _without_lone_surrogates(record: dict[str, Any], bad: Callable[[str], None]) -> dict[str, Any]:
    """The record with every lone surrogate replaced by U+FFFD, reported
    once per field: the article is kept, its text differs only there."""
    repaired: dict[str, Any] = {}
    for key, value in record.items():
        found: list[str] = []
        key, value = _repaired(key, found), _repaired(value, found)
        if found:
            bad(f'"{key}" holds a lone surrogate escape (\\u{ord(found[0]):04x}), half of a '
                f"character: replaced by U+FFFD, the article is kept")
        repaired[key] = value
    return repaired


def _repaired(value: Any, found: list[str]) -> Any:
    """`value` with its lone surrogates replaced; `found` gets each one."""
    if isinstance(value, str):
        lone = LONE_SURROGATE.findall(value)
        found.extend(lone)
        return LONE_SURROGATE.sub(REPLACEMENT_CHARACTER, value) if lone else value
    if isinstance(value, list):
        return [_repaired(item, found) for item in value]
    if isinstance(value, dict):
        return {_repaired(key, found): _repaired(item, found) for key, item in value.items()}
    return value


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


def count_lines(path: str | os.PathLike[str], opener: Opener = open) -> int:
    """The lines of a file (a last line without a newline counts), read in
    blocks; `gzip.open` as `opener` counts a compressed file's lines.
    A file that cannot be read (further) counts the lines read so far: its
    reader reports the problem."""
    lines, last = 0, b"\n"
    try:
        with opener(Path(path), "rb") as stream:
            while block := stream.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error):
        pass
    return lines + (last != b"\n")


INPUT_KINDS: dict[str, InputKind] = {
    ".txt": InputKind(_read_whole_text, one_article=True),
    ".txt.gz": InputKind(_read_whole_text, gzip.open, one_article=True),
    ".jsonl": InputKind(_read_jsonl_stream, by_lines=True),
    ".jsonl.gz": InputKind(_read_jsonl_stream, gzip.open, by_lines=True),
    ".html": InputKind(_read_html_file, one_article=True),
    ".htm": InputKind(_read_html_file, one_article=True),
    # warcio reads a `.warc.gz` member by member from the raw file
    ".warc": InputKind(_read_warc_file),
    ".warc.gz": InputKind(_read_warc_file),
}
