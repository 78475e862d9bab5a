"""The clean stage: normalisation and page-chrome removal.

Fixture pages are written for the project in the style of scraped Vietnamese
news pages; the tests over ../shared check the seeds and the gold facts and
are skipped when that folder is absent.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from extractor import clean, patterns
from extractor.clean import clean_text, normalize_text, normalize_tones
from extractor.patterns import PatternError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_ARTICLES = SHARED / "gold" / "dev-articles.jsonl"
GOLD_FACTS = SHARED / "gold" / "dev.jsonl"

# --- normalisation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Unicode: decomposed input is composed
        (unicodedata.normalize("NFD", "Hội nghị tổng kết"), "Hội nghị tổng kết"),
        # tone marks: old-style placement → new style, whole syllables only
        ("Hoà Bình", "Hòa Bình"),
        ("hoà giải, toà án, xoá nợ", "hòa giải, tòa án, xóa nợ"),
        ("thuỷ lợi, Thuỷ sản, uỷ ban", "thủy lợi, Thủy sản, ủy ban"),
        ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("sức khoẻ, loè loẹt", "sức khỏe, lòe loẹt"),
        ("quí khách, qui định, Qui Nhơn", "quý khách, quy định, Quy Nhơn"),
        ("quý, quỳ, quỷ", "quý, quỳ, quỷ"),
        ("hoàn thành, thuyền, khuya, hoạt động", "hoàn thành, thuyền, khuya, hoạt động"),
        (unicodedata.normalize("NFD", "Thanh Hoá"), "Thanh Hóa"),
        # spaces, invisible characters and line ends
        ("Tổng\u00a0kinh phí\u202f30\u2009tỷ", "Tổng kinh phí 30 tỷ"),
        ("Sở\u200b Công\ufeff Thương\u00ad", "Sở Công Thương"),
        ("Dòng một\r\nDòng hai\rDòng ba", "Dòng một\nDòng hai\nDòng ba"),
        ("Cột\tmột   và    hai", "Cột một và hai"),
        ("  Đoạn một  \n\n\n\n  Đoạn hai  \n", "Đoạn một\n\nĐoạn hai"),
        # figures are never touched
        ("19.448,5 triệu đồng; 12,3%; 1.200 lao động", "19.448,5 triệu đồng; 12,3%; 1.200 lao động"),
        ("Nghị định 45/2012/NĐ-CP, giai đoạn 2020 – 2025", "Nghị định 45/2012/NĐ-CP, giai đoạn 2020 – 2025"),
        ("181 tỷ 946,9 triệu đồng; 9/28 tỉnh; -2,5 độ", "181 tỷ 946,9 triệu đồng; 9/28 tỉnh; -2,5 độ"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected
    assert clean_text(raw) == expected


def test_normalize_tones_keeps_length_and_offsets() -> None:
    text = "Toà nhà Uỷ ban ở Thanh Hoá"
    assert len(normalize_tones(text)) == len(text)


# --- chrome removal ----------------------------------------------------------

BODY = (
    "Năm 2023, Sở Công Thương đã hỗ trợ 152 cơ sở công nghiệp nông thôn với tổng "
    "kinh phí 12.450 triệu đồng, tăng 8,5% so với năm trước."
)

# Each case: a page (body + one kind of chrome), what must go, what must stay.
CHROME_CASES = [
    (
        "related-headlines",
        f"{BODY}\nTin cùng chuyên mục\n"
        "- Khánh thành nhà máy nước sạch 300 tỷ đồng 14.03.2024 | 09:12 AM\n"
        "- Hội nghị tổng kết công tác năm 2023 14.03.2024 | 08:40 AM\n"
        "- 25 học sinh đạt giải quốc gia",
        ["Tin cùng chuyên mục", "300 tỷ", "25 học sinh", "14.03.2024"],
    ),
    (
        "latest-news-without-dashes",
        f"{BODY}\nTin mới nhất\nThông báo tuyển dụng 15 công chức năm 2024\n"
        "Mời tham gia Hội chợ hàng công nghiệp nông thôn 2024",
        ["Tin mới nhất", "15 công chức", "Hội chợ"],
    ),
    (
        "news-by-date",
        f"{BODY}\nXem tin theo ngày\n-\nĐón 1.500 du khách dịp lễ hội\n- Giá lúa tăng 200 đồng/kg",
        ["Xem tin theo ngày", "1.500 du khách", "200 đồng"],
    ),
    (
        "visitor-counter",
        f"{BODY}\n\nThống kê truy cập - Kinh tế\n\nThống kê truy cập\n"
        "  • Người trực tuyến Người trực tuyến\n    • Khách Khách 845\n"
        "    • Thành viên Thành viên 0\n    • Tổng Tổng 845\n"
        "    • Tổng lượt truy cập: Tổng lượt truy cập: 51234987",
        ["Thống kê truy cập", "845", "51234987", "Người trực tuyến"],
    ),
    (
        "poll-and-go-top",
        f"{BODY}\n\n315 Go top\n\nBình chọn\n\nHiện tại không có bình chọn nào đang hoạt động.",
        ["Go top", "315", "Bình chọn", "bình chọn nào"],
    ),
    (
        "footer",
        f"{BODY}\n\nBÁO ĐỒNG THÁP ĐIỆN TỬ\n\n"
        "Giấy phép số: 274/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày 05/8/2021.\n\n"
        "Tổng biên tập: Nguyễn Văn An\n\nPhó Tổng biên tập: Lê Thị Bình, Trần Văn Cường\n\n"
        "Tòa soạn: Số 12 Lê Lợi, phường 1, TP Cao Lãnh\n\n"
        "Điện thoại: 0277.3851234; Email: toasoan@baodongthap.example\n\n"
        "© Bản quyền thuộc về Báo Đồng Tháp",
        ["BÁO ĐỒNG THÁP", "Giấy phép", "274/GP", "Tổng biên tập", "Tòa soạn", "0277", "toasoan@", "©"],
    ),
    (
        "footer-old-tone-style",
        f"{BODY}\nToà soạn: 45 Trần Phú, Hà Tĩnh\nĐT: (0239) 385 5678",
        ["soạn", "385 5678"],
    ),
    (
        "dated-headlines",
        f"{BODY}\nKhởi công cầu vượt 120 tỷ đồng (12/05/2024)\n"
        "Tăng cường kiểm tra an toàn thực phẩm (11/05/2024)",
        ["120 tỷ", "12/05/2024", "an toàn thực phẩm"],
    ),
    (
        "date-only-line",
        f"Khánh thành trường học mới\n\n08:30, 12/05/2024\n\n{BODY}",
        ["08:30", "12/05/2024"],
    ),
    (
        "share-prompt-glued-to-title",
        f"Doanh thu ngành du lịch tăng 20% Thích và chia sẻ bài viết này qua:\n{BODY}",
        ["Thích và chia sẻ", "bài viết này qua"],
    ),
    (
        "related-headlines-after-byline",
        f"{BODY} Minh Anh - Báo Thể thao | 10:15 06/03/2024 Tin liên quan "
        "Đội tuyển thắng 3-0 trước đối thủ Lượng vé bán ra đạt 40.000",
        ["Tin liên quan", "3-0", "40.000", "06/03/2024"],
    ),
    (
        "related-headlines-cut-short",
        "TIN LIÊN QUAN Giá vàng tăng 2 triệu đồng mỗi lượng ... Xuất khẩu gạo đạt 8 triệu ... "
        + BODY,
        ["TIN LIÊN QUAN", "2 triệu đồng mỗi", "8 triệu ..."],
    ),
    (
        "see-also-inline",
        f"{BODY} >> Xem thêm: Top 10 ô tô bán chạy tháng 4  Mẫu xe mới có giá 650 triệu đồng.",
        ["Xem thêm", "Top 10"],
    ),
    (
        "related-link-inline",
        f"{BODY} >>> 7 món ăn giúp giảm cân sau Tết",
        [">>>", "7 món ăn"],
    ),
    (
        "contact-inline",
        f"{BODY} Mọi thắc mắc xin liên hệ Hotline: 0912 345 678 hoặc Email: hotro@congty.example",
        ["0912", "hotro@"],
    ),
]


@pytest.mark.parametrize(("case", "page", "gone"), CHROME_CASES, ids=[c[0] for c in CHROME_CASES])
def test_chrome_is_removed(case: str, page: str, gone: list[str]) -> None:
    cleaned = clean_text(page)
    assert BODY in cleaned, case
    for piece in gone:
        assert piece not in cleaned, f"{case}: {piece!r} survived"


@pytest.mark.parametrize(
    ("page", "kept", "gone"),
    [
        (
            # a prose paragraph ends a chrome block; the byline after it stays
            f"Bài viết liên quan:\nĐón 20 đoàn khách quốc tế\n{BODY}\nNguyễn Hà",
            [BODY, "Nguyễn Hà"],
            ["Bài viết liên quan", "20 đoàn khách"],
        ),
        (
            # a headline after a chrome line that is not a block marker stays
            f"315 Go top\nỦy ban tỉnh họp về 3 dự án giao thông\n{BODY}",
            ["Ủy ban tỉnh họp về 3 dự án giao thông", BODY],
            ["Go top"],
        ),
        (
            # a block runs to the end of the page when no prose follows
            f"{BODY}\nTin khác:\nGiá điện tăng 3%\n\nKhởi công dự án 500 tỷ đồng",
            [BODY],
            ["Tin khác", "3%", "500 tỷ"],
        ),
    ],
)
def test_chrome_block_boundaries(page: str, kept: list[str], gone: list[str]) -> None:
    cleaned = clean_text(page)
    for piece in kept:
        assert piece in cleaned
    for piece in gone:
        assert piece not in cleaned


LOOK_ALIKES = [
    "Người dân có thể gửi phản ánh qua Email của Sở; năm 2023 Sở đã nhận 1.250 phản ánh.",
    "Ngày 12/05/2024, tỉnh đã giải ngân 45 tỷ đồng cho 120 dự án.",
    "Tổng biên tập Báo Nhân Dân dự buổi lễ và trao 30 suất quà cho học sinh.",
    "Tin liên quan đến dự án được công bố ngày 5/6 với tổng vốn 2.300 tỷ đồng.",
    "Khách du lịch đến tỉnh đạt 1,2 triệu lượt, tăng 15% so với cùng kỳ.",
    "Thành viên Ban chỉ đạo gồm 12 người",
    "Bình chọn năm nay có 2.500 người tham gia.",
    "Giấy phép xây dựng số 12/GPXD được cấp cho 3 dự án nhà ở xã hội.",
    "Tòa soạn nhận được 15 đơn thư của bạn đọc trong tháng 4.",
    "Điện thoại di động chiếm 60% giá trị xuất khẩu của tỉnh.",
    "Tuyến ĐT 741 dài 12 km được nâng cấp với kinh phí 85 tỷ đồng.",
    "Công trình phải hoàn thành trước ngày 30/06/2024.",
    "Kết quả xổ số ngày 14.03.2024 | 18:15 có 2 vé trúng giải đặc biệt, mỗi vé 2 tỷ đồng.",
    "Ảnh: Minh Anh (TTXVN)",
    "Tổng: 1.234 hộ được hỗ trợ",
]


@pytest.mark.parametrize("paragraph", LOOK_ALIKES)
def test_body_paragraphs_with_look_alike_words_survive(paragraph: str) -> None:
    page = f"Tiêu đề bài báo về 5 chương trình\n{BODY}\n{paragraph}\n{BODY}"
    assert paragraph in clean_text(page).split("\n")


# --- rule files ----------------------------------------------------------------


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A patterns folder of our own, with the caches cleared around the test."""
    shutil.copy(patterns.patterns_dir() / clean.TONE_RIMES_FILE, tmp_path)
    monkeypatch.setattr(patterns, "patterns_dir", lambda: tmp_path)
    clean.boilerplate_rules.cache_clear()
    clean.tone_table.cache_clear()
    yield tmp_path
    clean.boilerplate_rules.cache_clear()
    clean.tone_table.cache_clear()


GOOD_RULE = '{"name": "go-top", "kind": "drop_line", "match": "^Go top$"}'


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"name": "x", "kind": "drop_everything", "match": "a"}', "or drop_line, not 'drop_"),
        ('{"name": "x", "kind": "drop_line", "match": "(unclosed"}', "not a valid regex"),
        ('{"kind": "drop_line", "match": "a"}', "'name'"),
        ('{"name": "x", "kind": "drop_line"}', "'match'"),
        ('{"name": "x", "kind": "drop_line", "match": "a", "mach": "b"}', "unknown field"),
    ],
)
def test_malformed_rule_names_file_and_line(rules_dir: Path, bad_line: str, problem: str) -> None:
    path = rules_dir / clean.BOILERPLATE_FILE
    path.write_text(f"# rules\n{GOOD_RULE}\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(PatternError) as raised:
        clean_text("Go top")
    message = str(raised.value)
    assert str(path) in message
    assert "line 3" in message
    assert problem in message


def test_rule_name_used_twice_is_an_error(rules_dir: Path) -> None:
    (rules_dir / clean.BOILERPLATE_FILE).write_text(f"{GOOD_RULE}\n{GOOD_RULE}\n", encoding="utf-8")
    with pytest.raises(PatternError, match="go-top"):
        clean.boilerplate_rules()


def test_rules_from_another_folder_are_used(rules_dir: Path) -> None:
    (rules_dir / clean.BOILERPLATE_FILE).write_text(f"{GOOD_RULE}\n", encoding="utf-8")
    assert clean_text("Đoạn văn.\nGo top\nTin cùng chuyên mục") == "Đoạn văn.\nTin cùng chuyên mục"


def test_tone_table_row_that_changes_letters_is_an_error(rules_dir: Path) -> None:
    path = rules_dir / clean.TONE_RIMES_FILE
    path.write_text("# rimes\noà\tòa\noá\tóe\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"line 3: 'oá' → 'óe'"):
        normalize_tones("xoá")


# --- the shared seeds and gold facts ----------------------------------------------

CHROME_MARKERS = [
    "Tin cùng chuyên mục",
    "Xem tin theo ngày",
    "Thống kê truy cập",
    "Tổng lượt truy cập",
    "Giấy phép",
    "Tổng biên tập",
    "Go top",
]
LINE_ENDING_IN_STAMP = regex.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}\s*\|?\s*\d{1,2}:\d{2}(?:\s*[AP]M)?"
    r"|\(\d{1,2}/\d{1,2}/\d{4}\))\s*$"
)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _gold_by_article() -> dict[str, list[str]]:
    facts: dict[str, list[str]] = {}
    for fact in _read_jsonl(GOLD_FACTS):
        facts.setdefault(fact["article"], []).append(fact["text"])
    return facts


def _seed_ids() -> list[str]:
    seeds = SHARED / "seeds"
    return sorted(path.stem for path in seeds.glob("*.txt")) if seeds.is_dir() else []


def test_seeds_are_present_when_shared_is() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    assert len(_seed_ids()) == 5


@pytest.mark.parametrize("article_id", _seed_ids())
def test_seed_keeps_gold_facts_and_loses_chrome(article_id: str) -> None:
    article = next(a for a in _read_jsonl(GOLD_ARTICLES) if a["id"] == article_id)
    cleaned = clean_text(article["text"])
    for fact in _gold_by_article().get(article_id, []):
        assert normalize_text(fact) in cleaned, f"{article_id}: gold fact {fact!r} was removed"
    for marker in CHROME_MARKERS:
        assert marker not in cleaned, f"{article_id}: chrome {marker!r} survived"
    for line in cleaned.split("\n"):
        assert not LINE_ENDING_IN_STAMP.search(line), f"{article_id}: headline line {line!r}"


def test_every_dev_article_keeps_its_gold_facts() -> None:
    articles = _read_jsonl(GOLD_ARTICLES)
    gold = _gold_by_article()
    assert len(articles) == 33
    lost = []
    for article in articles:
        cleaned = [clean_text(article["text"]), clean_text(article.get("title") or "")]
        for fact in gold.get(article["id"], []):
            if not any(normalize_text(fact) in text for text in cleaned):
                lost.append((article["id"], fact))
    assert not lost
