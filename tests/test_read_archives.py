"""The read stage on archives as they come: saved web pages, WARC files,
gzip-compressed text and text in encodings other than UTF-8.

Every input here is built by the test: small Vietnamese pages with the
menus, related headlines and footers real sites wrap around an article.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.errors import ErrorRecord
from extractor.model import Article
from extractor.pipeline import extract_articles
from extractor.read import read_articles

TITLE = "Nam Định hỗ trợ 46 cơ sở công nghiệp nông thôn"
PARAGRAPHS = (
    "Năm 2023, Sở Công Thương tỉnh Nam Định đã triển khai 25 đề án khuyến công với tổng kinh phí "
    "12.345,6 triệu đồng, trong đó ngân sách tỉnh hỗ trợ 4.500 triệu đồng.",
    "Chương trình đã giúp 46 cơ sở công nghiệp nông thôn đầu tư máy móc, tạo việc làm ổn định cho "
    "hơn 1.200 lao động với thu nhập bình quân 7 triệu đồng/người/tháng.",
    "Tỷ lệ cơ sở áp dụng công nghệ mới tăng từ 35% lên 52% so với năm 2020.",
)
# Page chrome, each piece with a figure that must never reach the text.
CHROME = (
    "Lượt truy cập: 1.234.567",
    "Hà Nam chi 9 tỷ đồng cho làng nghề",
    "Thái Bình đào tạo 300 lao động",
    "Giấy phép số 123/GP-BTTTT",
    "Điện thoại: 0243 999 888",
)
CANONICAL = "https://baomau.vn/kinh-te/nam-dinh-46-co-so.html"
LEAD = "Nam Định dành hơn 12 tỷ đồng cho khuyến công trong năm 2023."


def page(
    title: str = TITLE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    head: str = '<meta charset="utf-8">',
    published: str | None = "2024-03-15T08:30:00+07:00",
) -> str:
    """A news page: head metadata, menus, the article, related headlines and a footer."""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    article = f"<article><h1>{title}</h1>{body}</article>" if paragraphs else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{head}<title>{title} - Báo Mẫu</title>
<meta name="description" content="{LEAD}">
<link rel="canonical" href="{CANONICAL}">{date}</head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul></nav>
<div class="menu">Thời sự | Thế giới | Kinh doanh | Giải trí | {CHROME[0]}</div>
{article}
<aside><h3>Tin cùng chuyên mục</h3><ul><li><a href="/a">{CHROME[1]}</a></li>
<li><a href="/b">{CHROME[2]}</a></li></ul></aside>
<footer><p>{CHROME[3]}. {CHROME[4]}. Địa chỉ: 12 Phố Mẫu, Hà Nội.</p></footer>
</body></html>"""


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """`text` as windows-1258 writes Vietnamese: tone marks as separate combining characters."""
    encoded = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        encoded.append((base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258"))
    return b"".join(encoded)


def read(paths: list[Path]) -> tuple[list[Article], list[ErrorRecord]]:
    errors: list[ErrorRecord] = []
    articles = list(read_articles([str(p) for p in paths], on_error=errors.append))
    return articles, errors


def assert_main_text(text: str) -> None:
    """The article's sentences, each on its own line, and none of the chrome."""
    for paragraph in PARAGRAPHS:
        assert f"\n{paragraph}\n" in f"\n{text}\n"
    assert [piece for piece in CHROME if piece in text] == []
    assert "Tin cùng chuyên mục" not in text


@pytest.mark.parametrize("name", ["nam-dinh.html", "nam-dinh.htm", "NAM-DINH.HTML"])
def test_html_page_is_its_main_text_with_title_date_and_url(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(page(), encoding="utf-8")
    articles, errors = read([path])
    assert errors == []
    [article] = articles
    assert (article.id, article.source) == (name.rsplit(".", 1)[0], str(path))
    assert (article.title, article.published, article.url) == (TITLE, "2024-03-15", CANONICAL)
    assert article.text.startswith(f"{LEAD}\n")  # the lead set apart from the body opens the text
    assert_main_text(article.text)


def test_lead_already_in_the_main_text_is_not_repeated(tmp_path: Path) -> None:
    path = tmp_path / "lead.html"
    path.write_text(page(paragraphs=(LEAD, *PARAGRAPHS)), encoding="utf-8")
    [article], _ = read([path])
    assert article.text.count(LEAD) == 1


def test_html_page_date_comes_from_markup_never_from_a_year_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "undated.html").write_text(page(published=None), encoding="utf-8")
    dated = '<article><time datetime="2023-12-28">28/12/2023</time>'
    byline = page(published=None).replace("<article>", dated)
    (tmp_path / "byline.html").write_text(byline, encoding="utf-8")
    articles, errors = read([tmp_path])
    assert errors == []
    assert [(a.id, a.published) for a in articles] == [("byline", "2023-12-28"), ("undated", None)]


def test_page_without_an_article_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-home.html").write_text(page(title="Báo Mẫu", paragraphs=()), encoding="utf-8")
    (tmp_path / "b-empty.htm").write_bytes(b"")
    (tmp_path / "c-article.html").write_text(page(), encoding="utf-8")
    articles, errors = read([tmp_path])
    assert [a.id for a in articles] == ["c-article"]
    assert errors == [
        ErrorRecord(str(tmp_path / "a-home.html"), "no article text found in the page"),
        ErrorRecord(str(tmp_path / "b-empty.htm"), "no article text found in the page"),
    ]


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1258">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    ],
)
def test_html_page_in_its_declared_legacy_encoding(tmp_path: Path, head: str) -> None:
    path = tmp_path / "cu.html"
    path.write_bytes(cp1258(page(head=head)))
    articles, errors = read([path])
    assert errors == []
    [article] = articles
    assert article.title == TITLE
    assert_main_text(article.text)


TEXT = f"{TITLE}\n" + "\n".join(PARAGRAPHS) + "\n"


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(TEXT.encode("utf-16"), id="utf-16-with-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-big-endian"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), id="utf-8-with-bom"),
        pytest.param(cp1258(TEXT), id="windows-1258-detected"),
    ],
)
@pytest.mark.parametrize("name,pack", [("bai.txt", bytes), ("bai.txt.gz", gzip.compress)])
def test_text_in_other_encodings_reads_as_the_same_text(
    tmp_path: Path, encoded: bytes, name: str, pack: Callable[[bytes], bytes]
) -> None:
    (tmp_path / name).write_bytes(pack(encoded))
    articles, errors = read([tmp_path / name])
    assert errors == []
    assert [(a.id, a.text, a.source) for a in articles] == [("bai", TEXT, str(tmp_path / name))]


@pytest.mark.parametrize(
    "sentence,readable",
    [
        # The detector ranks a look-alike code page (hp-roman8) first for this one.
        ("Chủ cửa hàng sửa túi hiệu cho biết giá không rẻ.", True),
        # Too short to tell: reported, never garbled.
        ("Hồng Kông có rất ít cửa hàng bán mô tô cũ.", False),
    ],
)
def test_short_windows_1258_text_is_read_right_or_reported(
    tmp_path: Path, sentence: str, readable: bool
) -> None:
    (tmp_path / "ngan.txt").write_bytes(cp1258(sentence))
    articles, errors = read([tmp_path / "ngan.txt"])
    assert ([a.text for a in articles], len(errors)) == (([sentence], 0) if readable else ([], 1))


NOISE = random.Random(7).randbytes(3000).replace(b"\xff\xfe", b"..").replace(b"\xfe\xff", b"..")


@pytest.mark.parametrize(
    "name,data,location,message",
    [
        pytest.param(
            "nhi-phan.txt",
            b"Bao cao\n" + NOISE,
            "line 2",
            None,
            id="binary-text",
        ),
        pytest.param(
            "ngan.txt",
            b"Dong mot\nd\xf4ng",
            "line 2",
            "byte 0xf4 at offset 10 of the input is not UTF-8, "
            "and the input's encoding could not be detected",
            id="too-short-to-detect",
        ),
        pytest.param(
            "nhi-phan.html",
            b"<html><body><p>" + NOISE + b"</p></body></html>",
            "line 1",
            None,
            id="binary-page",
        ),
        pytest.param(
            "hong.txt.gz",
            TEXT.encode(),
            None,
            "the gzip data is not valid (Not a gzipped file (b'Na'))",
            id="txt-gz-not-gzip",
        ),
        pytest.param(
            "cut.txt.gz",
            gzip.compress(TEXT.encode())[:40],
            None,
            "the compressed file is truncated (it ends in the middle of the data)",
            id="txt-gz-truncated",
        ),
    ],
)
def test_undecodable_input_is_reported_and_skipped(
    tmp_path: Path, name: str, data: bytes, location: str | None, message: str | None
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "tot.txt").write_text(TEXT, encoding="utf-8")
    articles, errors = read([tmp_path / name, tmp_path / "tot.txt"])
    assert [a.id for a in articles] == ["tot"]
    [error] = errors
    assert (error.input, error.location) == (str(tmp_path / name), location)
    if message is None:
        within = "the page" if name.endswith(".html") else "the input"
        assert error.message.endswith(f"is not UTF-8, and {within}'s encoding could not be detected")
    else:
        assert error.message == message


# A web archive: what a crawler saved while fetching three pages and an image.

HTML_TYPE = "text/html; charset=utf-8"


def response(
    url: str, body: bytes, content_type: str = HTML_TYPE, status: str = "200 OK", day: str = "2024-03-16"
) -> dict:
    return {"url": url, "type": "response", "body": body, "content_type": content_type,
            "status": status, "day": day}


def write_warc(path: Path, records: list[dict], compress: bool = True) -> list[int]:
    """Write the records as a WARC; the offset of each record in the file."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for number, item in enumerate(records):
            offsets.append(out.tell())
            if item["type"] == "request":
                http = StatusAndHeaders(f"GET {item['url']} HTTP/1.1", [("Host", "baomau.vn")],
                                        is_http_request=True)
            else:
                http = StatusAndHeaders(item["status"], [("Content-Type", item["content_type"])],
                                        protocol="HTTP/1.1")
            headers = {
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
                "WARC-Date": f"{item.get('day', '2024-03-16')}T01:02:03Z",
            }
            writer.write_record(writer.create_warc_record(
                item["url"], item["type"], payload=io.BytesIO(item.get("body", b"")),
                http_headers=http, warc_headers_dict=headers,
            ))
    return offsets


ARTICLE_URL = "https://baomau.vn/kinh-te/nam-dinh.html"
OLD_URL = "https://baomau.vn/cu/quang-nam.html"
UNDATED_URL = "https://baomau.vn/tin/thai-binh.html"
OLD_PARAGRAPHS = (
    "Năm 2009, tỉnh Quảng Nam hỗ trợ 12 làng nghề truyền thống với kinh phí 850 triệu đồng.",
    "Hai nghìn người lao động có việc làm thường xuyên, thu nhập tăng 15% so với năm trước.",
)
ARCHIVE = [
    {"url": ARTICLE_URL, "type": "request"},
    response(ARTICLE_URL, page().encode()),
    response("https://baomau.vn/anh/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
    response("https://baomau.vn/mat.html", page(title="Không tìm thấy").encode(), status="404 Not Found"),
    # A legacy page: its encoding is named by the HTTP header only.
    response(OLD_URL, cp1258(page("Quảng Nam hỗ trợ 12 làng nghề", OLD_PARAGRAPHS, head="",
                                  published="2010-04-30T07:00:00+07:00")),
             "text/html; charset=windows-1258", day="2010-05-02"),
    response(UNDATED_URL, page("Thái Bình", PARAGRAPHS[:2], published=None).encode(),
             "application/xhtml+xml", day="2024-04-01"),
]


def url_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


@pytest.mark.parametrize("name,compress", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_html_responses_are_articles(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    offsets = write_warc(path, ARCHIVE, compress)
    articles, errors = read([path])
    assert errors == []
    assert [(a.id, a.url, a.published, a.source) for a in articles] == [
        (url_id(ARTICLE_URL), ARTICLE_URL, "2024-03-15", f"{path}:{offsets[1]}"),
        (url_id(OLD_URL), OLD_URL, "2010-04-30", f"{path}:{offsets[4]}"),
        (url_id(UNDATED_URL), UNDATED_URL, "2024-04-01", f"{path}:{offsets[5]}"),
    ]
    first, old, undated = articles
    assert first.title == TITLE
    assert_main_text(first.text)
    assert old.title == "Quảng Nam hỗ trợ 12 làng nghề"
    assert old.text.splitlines()[-2:] == list(OLD_PARAGRAPHS)
    assert undated.text.splitlines()[-2:] == list(PARAGRAPHS[:2])


def test_warc_source_offset_is_where_the_record_starts(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, ARCHIVE)
    articles, _ = read([path])
    for article in articles:
        with path.open("rb") as stream:
            stream.seek(int(article.source.rsplit(":", 1)[1]))
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == article.url


def test_damaged_warc_record_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    records = [response(f"https://baomau.vn/bai-{n}.html", page().encode()) for n in range(4)]
    path = tmp_path / "hong.warc.gz"
    offsets = write_warc(path, records)
    data = bytearray(path.read_bytes())
    data[offsets[1] + 20 : offsets[1] + 60] = bytes(40)
    path.write_bytes(bytes(data))
    articles, errors = read([path])
    assert [a.url for a in articles] == [records[n]["url"] for n in (0, 2, 3)]
    assert errors == [ErrorRecord(str(path), "a broken WARC record (not a valid WARC record), skipped",
                                  offset=offsets[1])]


def test_broken_plain_warc_header_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    records = [response(f"https://baomau.vn/bai-{n}.html", page().encode()) for n in range(3)]
    path = tmp_path / "hong.warc"
    offsets = write_warc(path, records, compress=False)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1]] + b"WARX" + data[offsets[1] + 4 :])
    articles, errors = read([path])
    assert [a.url for a in articles] == [records[n]["url"] for n in (0, 2)]
    assert errors == [ErrorRecord(str(path), "a broken WARC record (not a valid WARC record), skipped",
                                  offset=offsets[1])]


@pytest.mark.parametrize(
    "compress,where,reason",
    [
        (True, "header", "the file ends inside it"),
        (True, "body", "the file ends inside it"),
        (False, "header", "its header has no Content-Length"),
        (False, "body", "the file ends inside it"),
    ],
)
def test_truncated_warc_keeps_the_records_before_the_cut(
    tmp_path: Path, compress: bool, where: str, reason: str
) -> None:
    records = [response(f"https://baomau.vn/bai-{n}.html", page().encode()) for n in range(3)]
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    offsets = write_warc(path, records, compress)
    data = path.read_bytes()
    cut = offsets[2] + (20 if where == "header" else (len(data) - offsets[2]) // 2)
    path.write_bytes(data[:cut])
    articles, errors = read([path])
    assert [a.url for a in articles] == [records[n]["url"] for n in (0, 1)]
    message = f"a broken WARC record ({reason}), skipped"
    assert errors == [ErrorRecord(str(path), message, offset=offsets[2])]


def test_file_that_is_not_a_warc_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "not.warc"
    path.write_text("đây không phải tệp WARC\n" * 50, encoding="utf-8")
    articles, errors = read([path])
    assert articles == []
    message = "a broken WARC record (its header has no Content-Length), skipped"
    assert errors == [ErrorRecord(str(path), message, offset=0)]


def test_warc_gzipped_as_a_whole_is_read_to_its_first_record(tmp_path: Path) -> None:
    records = [response(f"https://baomau.vn/bai-{n}.html", page().encode()) for n in range(3)]
    write_warc(tmp_path / "crawl.warc", records, compress=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress((tmp_path / "crawl.warc").read_bytes()))
    articles, errors = read([path])
    assert [a.url for a in articles] == [records[0]["url"]]
    assert errors == [ErrorRecord(
        str(path), "the file is gzip-compressed as a whole, not record by record, so it cannot be read past "
        "its first record (`warcio recompress FILE NEW_FILE` rewrites it)",
    )]


def test_folder_reads_every_kind_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "b" / "c.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "b" / "d.htm").write_text(page(), encoding="utf-8")
    write_warc(tmp_path / "e.warc.gz", ARCHIVE[:2])
    write_warc(tmp_path / "f.warc", ARCHIVE[:2], compress=False)
    (tmp_path / "g.txt").write_bytes(TEXT.encode("utf-16"))
    (tmp_path / "notes.md").write_text("không phải bài báo", encoding="utf-8")
    articles, errors = read([tmp_path])
    assert errors == []
    assert [a.id for a in articles] == ["a", "c", "d", url_id(ARTICLE_URL), url_id(ARTICLE_URL), "g"]


def test_page_figures_reach_the_facts_and_chrome_figures_do_not(tmp_path: Path) -> None:
    path = tmp_path / "nam-dinh.html"
    path.write_text(page(), encoding="utf-8")
    errors: list[ErrorRecord] = []
    [extracted] = list(extract_articles([str(path)], on_error=errors.append))
    assert errors == []
    figures = {fact.text for fact in extracted.facts}
    assert {"12.345,6 triệu đồng", "4.500 triệu đồng", "46 cơ sở", "1.200 lao động"} <= figures
    assert [f for f in figures if any(f in piece for piece in CHROME)] == []
