"""The title of an article: the record's, else a first line that reads as a headline.

Every text here is written for the project (no archive or gold text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.context.headlines import article_title, headline, opening
from extractor.read import read_articles

BODY = "Năm 2024, Sở Công Thương hỗ trợ 40 cơ sở với tổng kinh phí 9 tỷ đồng."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Thái Bình hỗ trợ 40 cơ sở công nghiệp nông thôn\n{BODY}",
         "Thái Bình hỗ trợ 40 cơ sở công nghiệp nông thôn"),
        (f"Giá vàng sẽ tăng hay giảm?\n{BODY}", "Giá vàng sẽ tăng hay giảm?"),
        # a breadcrumb above the headline is passed over, never taken for it
        (f"Trang chủ » Kinh tế » Công thương\nThái Bình hỗ trợ 40 cơ sở\n{BODY}",
         "Thái Bình hỗ trợ 40 cơ sở"),
        (f"Kinh tế > Thị trường > Vàng\nGiá vàng giảm mạnh\n{BODY}", "Giá vàng giảm mạnh"),
        # a body that opens with a sentence, a caption or a label has no headline
        (BODY, None),
        (f"Ảnh minh họa\n{BODY}", None),
        (f"Toàn cảnh hội nghị (Ảnh: Nam Anh).\n{BODY}", None),
        (f"Toàn cảnh hội nghị cổ đông năm nay (ảnh: Nam Anh)\n{BODY}", None),
        (f"Kinh tế\n{BODY}", None),
        (f"None\n{BODY}", None),
    ],
)
def test_headline_of_a_text(text, expected):
    assert headline(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Hà Nội chi 500 tỷ đồng cho giao thông.", "Hà Nội chi 500 tỷ đồng cho giao thông."),
        ("  Hà Nội   chi 500 tỷ đồng ", "Hà Nội chi 500 tỷ đồng"),
        ("None", "Giá vàng giảm mạnh"),
        ("null", "Giá vàng giảm mạnh"),
        ("", "Giá vàng giảm mạnh"),
        (None, "Giá vàng giảm mạnh"),
        ("Trang chủ » Kinh tế » Công thương", "Giá vàng giảm mạnh"),
    ],
)
def test_the_records_title_unless_it_is_none(title, expected):
    assert article_title(title, f"Giá vàng giảm mạnh\n{BODY}") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BODY, BODY),
        (f"Toàn cảnh hội nghị (ảnh: Nam Anh).\n{BODY}", BODY),
        (f"Trang chủ » Kinh tế » Công thương\nẢnh minh họa: TTXVN\n\n{BODY}\nĐoạn hai.",
         f"{BODY}\nĐoạn hai."),
        (f"Thái Bình hỗ trợ 40 cơ sở\n{BODY}", f"Thái Bình hỗ trợ 40 cơ sở\n{BODY}"),  # a headline is read
        ("Ảnh: TTXVN", "Ảnh: TTXVN"),  # nothing but furniture: kept
    ],
)
def test_the_opening_passes_over_page_furniture(text, expected):
    assert opening(text) == expected


def test_every_input_kind_gets_its_title(tmp_path: Path):
    text_file = tmp_path / "bai.txt"
    text_file.write_text(f"Trang chủ » Kinh tế\nThái Bình hỗ trợ 40 cơ sở\n{BODY}", encoding="utf-8")
    records = tmp_path / "bai.jsonl"
    records.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "a", "text": f"Giá vàng giảm mạnh\n{BODY}"},
        {"id": "b", "title": "None", "text": f"Giá vàng giảm mạnh\n{BODY}"},
        {"id": "c", "title": None, "text": BODY},
        {"id": "d", "title": "Hà Nội chi 500 tỷ đồng", "text": BODY},
    ]), encoding="utf-8")
    titles = {article.id: article.title for article in read_articles([str(text_file), str(records)])}
    assert titles == {"bai": "Thái Bình hỗ trợ 40 cơ sở", "a": "Giá vàng giảm mạnh",
                      "b": "Giá vàng giảm mạnh", "c": None, "d": "Hà Nội chi 500 tỷ đồng"}
