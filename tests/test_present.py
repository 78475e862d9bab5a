"""Values written for people (extractor/present.py): the one place the
command line, the Datasette pages and the dashboard take them from."""

from __future__ import annotations

import pytest
from support import add_line

from extractor.model import FACT_FIELDS, Fact
from extractor.patterns import PatternError
from extractor.present import (
    UNTITLED,
    ArticleLabel,
    article_label,
    display_value,
    display_words,
    in_words,
    period_text,
    plain_number,
    province_text,
    shorten,
    vietnamese_order,
    vn_number,
)


@pytest.mark.parametrize("fields, shown", [
    ({"kind": "money", "value": 19448500000.0, "unit": "VND"}, "19,45 tỷ đồng"),
    ({"kind": "money", "value": 2.5e9, "unit": "USD"}, "2,5 tỷ USD"),
    ({"kind": "money", "value": 800000.0, "unit": "USD"}, "800.000 USD"),
    ({"kind": "money", "value": 950e6, "unit": "VND"}, "950 triệu đồng"),
    ({"kind": "money", "value": 32500.0, "unit": "VND", "per": "cổ phiếu"},
     "32.500 đồng/cổ phiếu"),
    ({"kind": "money", "value": 10e9, "value_max": 15e9, "unit": "VND"}, "10–15 tỷ đồng"),
    ({"kind": "count", "value": 12535.0, "subject": "lao động"}, "12.535 lao động"),
    ({"kind": "count", "value": 193.0}, "193"),
    ({"kind": "percent", "value": 98.0, "unit": "%"}, "98%"),
    ({"kind": "percent", "value": 83.3, "unit": "%"}, "83,3%"),
    ({"kind": "percent", "value": 28.0, "value_max": 30.0, "unit": "%"}, "28–30%"),
    ({"kind": "quantity", "value": 50.0, "unit": "ha"}, "50 ha"),
    ({"kind": "quantity", "value": 1250.75, "unit": "t"}, "1.250,75 t"),
])
def test_values_are_shown_as_a_person_reads_them(fields, shown):
    fact = Fact(**{**dict.fromkeys(FACT_FIELDS), "value_max": None, "per": None, **fields})
    assert display_value(fact) == shown


@pytest.mark.parametrize("value, shown", [
    (12535, "12.535"), (19448.5, "19.448,5"), (0.5, "0,5"), (1234567.891, "1.234.567,89"),
    (0.001, "0,001"), (-2500, "-2.500"),
])
def test_vn_number(value, shown):
    assert vn_number(value) == shown


@pytest.mark.parametrize(("field", "code", "shown"), [
    ("qualifier", "nearly", "gần"), ("qualifier", "more_than", "hơn"), ("qualifier", "about", "khoảng"),
    ("qualifier", "exact", ""), ("indicator", "budget", "kinh phí"), ("indicator", "workers", "lao động"),
    ("province", "national", "Toàn quốc"), ("province", "Thái Bình", "Thái Bình"), ("province", None, ""),
])
def test_codes_are_written_in_words(field, code, shown):
    assert in_words(field, code) == shown


def test_periods_and_provinces_are_written_as_read():
    assert period_text(2024, 2024, 2024) == "2024"
    assert period_text(2021, 2021, 2025) == "2021–2025"
    assert period_text(None, None, None) == ""
    assert period_text(None, None, 2020) == "–2020"  # up to a year, from no year written
    assert province_text("Nam Định", "Ninh Bình") == "Nam Định (Ninh Bình)"
    assert province_text("Hà Nội", "Hà Nội") == "Hà Nội"
    assert province_text("national", "national") == "Toàn quốc"


def test_whole_floats_become_integers_and_nothing_else_changes():
    assert plain_number(12535.0) == 12535 and isinstance(plain_number(12535.0), int)
    assert plain_number(19448.5) == 19448.5
    assert plain_number("12535.0") == "12535.0" and plain_number(None) is None


def test_provinces_are_in_vietnamese_alphabetical_order():
    provinces = ["Đồng Nai", "Gia Lai", "Đà Nẵng", "Cần Thơ", "Điện Biên", "Đắk Lắk", "An Giang",
                 None, "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Hà Nội", "Hà Nam", "Ðồng Tháp"]
    assert vietnamese_order(provinces) == [
        "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
        "Điện Biên", "Đồng Nai", "Ðồng Tháp", "Gia Lai", "Hà Nam", "Hà Nội", None]


def test_a_shortened_text_is_cut_between_words_around_the_figure():
    text = "Sở Công Thương đã triển khai thực hiện được 193 đề án với tổng kinh phí 19.448,5 triệu đồng."
    start = text.index("19.448,5")
    excerpt = shorten(text, 40, start, start + len("19.448,5 triệu đồng"))
    assert excerpt.startswith("…") and "19.448,5 triệu đồng" in excerpt
    assert not excerpt.startswith("… ") and len(excerpt) <= 44
    assert shorten("a\nb  c", 10) == "a b c"
    assert shorten("một hai ba bốn năm sáu", 10) == "một hai ba…"


LEAD = ("Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho người lao động "
        "trong năm 2016.\nĐoạn thứ hai.")


@pytest.mark.parametrize(("title", "text", "width", "label"), [
    ("Hậu Giang mở 25 phiên giao dịch việc làm", LEAD, None,
     ArticleLabel("Hậu Giang mở 25 phiên giao dịch việc làm", titled=True)),
    ("Hậu Giang mở 25 phiên giao dịch việc làm", LEAD, 20, ArticleLabel("Hậu Giang mở 25…", titled=True)),
    (None, LEAD, None,
     ArticleLabel("Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho…", titled=False)),
    ("  ", LEAD, 40, ArticleLabel("Sáng 12/3, tỉnh Hậu…", titled=False)),  # room for the mark
    # page furniture above the lead is passed over: a photo caption, a breadcrumb
    (None, "Người lao động tìm việc (ảnh: Minh Anh).\n" + LEAD, None,
     ArticleLabel("Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho…", titled=False)),
    (None, "Trang chủ » Kinh tế » Việc làm\nẢnh minh họa: TTXVN\nNgắn gọn.", None,
     ArticleLabel("Ngắn gọn.", titled=False)),
    (None, "", None, ArticleLabel("", titled=False)),
])
def test_an_article_is_labelled_by_its_title_else_by_its_opening_words(title, text, width, label):
    assert article_label(title, text, width) == label
    shown = str(label)
    if label.titled:
        assert shown == label.text
    else:  # plain text says the words are no title
        assert shown == f"{UNTITLED} {label.text}".strip() and len(shown) <= (width or 100)


@pytest.mark.parametrize(("line", "problem"), [
    ("colour\tbudget\tmàu", "field must be qualifier, indicator, province or kind, not 'colour'"),
    ("qualifier\tnearly\tsuýt", "'qualifier nearly' is listed twice"),
    ("qualifier\tnearly", "expected 3 tab-separated fields, found 2"),
])
def test_a_malformed_display_word_names_file_and_line(rules, line, problem):
    number = add_line(rules, "display_words.tsv", line)
    display_words.cache_clear()
    try:
        with pytest.raises(PatternError, match=f"display_words.tsv, line {number}: .*{problem}"):
            display_words()
    finally:
        display_words.cache_clear()
