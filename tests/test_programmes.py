"""The programme of each fact, from `patterns/context_programmes.tsv`.

Every text here is written for the project (no archive or gold text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from extractor.patterns import PatternError


def programmes_of(text: str, title: str | None = None) -> dict[str, str | None]:
    return {fact.text: fact.programme for fact in extract(text, title=title)}


@pytest.mark.parametrize(
    ("sentence", "programme"),
    [
        ("Năm 2024, tỉnh dành 15 tỷ đồng cho khuyến công.", "khuyến công"),
        ("Kinh phí khuyến công quốc gia là 7,5 tỷ đồng.", "khuyến công"),
        ("Trung tâm Khuyến công tỉnh hỗ trợ 40 cơ sở.", "khuyến công"),
        ("KHUYẾN CÔNG hỗ trợ 40 cơ sở.", "khuyến công"),
        ("Trạm khuyến nông tập huấn cho 300 nông dân.", "khuyến nông"),
        ("Tỉnh có 120 sản phẩm OCOP đạt 3 sao.", "OCOP"),
        ("Chương trình Mỗi xã một sản phẩm có 120 sản phẩm.", "OCOP"),
        ("Huyện có 12 xã đạt chuẩn nông thôn mới.", "nông thôn mới"),
        ("Vốn xây dựng NTM năm nay là 300 tỷ đồng.", "nông thôn mới"),
        ("Chương trình mục tiêu quốc gia giảm nghèo bền vững cấp 50 tỷ đồng.",
         "giảm nghèo bền vững"),
        ("Huyện thuộc Chương trình 30a nhận 20 tỷ đồng.", "giảm nghèo bền vững"),
        # not khuyến công: the encouragement of learning, "encouraging … industry"
        ("Hội Khuyến học tỉnh trao 200 suất học bổng.", None),
        ("Tỉnh khuyến khích phát triển công nghiệp với 50 tỷ đồng.", None),
        # an abbreviation is read only as written
        ("Tỉnh có 12 xã ntm.", None),
    ],
)
def test_programme_named_in_the_sentence(sentence, programme):
    assert set(programmes_of(sentence).values()) == {programme}


def test_programme_nearest_the_figure_then_the_paragraph_then_the_article():
    text = (
        "Sở Công Thương tổng kết khuyến công. Các đề án hỗ trợ 46 cơ sở.\n"
        "Tỉnh cũng có 120 sản phẩm OCOP và 12 xã nông thôn mới.\n"
        "Kinh phí dự kiến là 9 tỷ đồng."
    )
    assert programmes_of(text) == {"46 cơ sở": "khuyến công", "120 sản phẩm OCOP": "OCOP",
                                   "12 xã": "nông thôn mới", "9 tỷ đồng": None}
    # an article about one programme: its headline names it, or the text names it most
    assert programmes_of("Kinh phí dự kiến là 9 tỷ đồng.", title="Thái Bình: khuyến công năm 2024") \
        == {"9 tỷ đồng": "khuyến công"}
    assert programmes_of("Tin tức\nKhuyến công giúp nhiều cơ sở. Khuyến công lan tỏa.\n"
                         "Kinh phí dự kiến là 9 tỷ đồng.") == {"9 tỷ đồng": "khuyến công"}
    assert programmes_of("Tin tức\nKhuyến công giúp nhiều cơ sở.\n"
                         "Kinh phí dự kiến là 9 tỷ đồng.") == {"9 tỷ đồng": None}
    # an aside further on in a paragraph is not what the paragraph is about
    aside = ("Tin tức\nThành phố tăng trưởng khá trong năm qua, thu hút nhiều dự án mới, cải thiện "
             "môi trường kinh doanh và thủ tục hành chính, phát triển du lịch và dịch vụ. Xây dựng "
             "nông thôn mới đạt kết quả tích cực. Ban Thường vụ xử lý 9 đảng viên.")
    assert programmes_of(aside) == {"9 đảng viên": None}


def test_a_user_adds_a_programme_without_touching_python(rules: Path):
    sentence = "Chương trình sữa học đường mở rộng cho 5.000 trẻ em."
    with (rules / "context_programmes.tsv").open("a", encoding="utf-8") as lexicon:
        lexicon.write("sữa học đường mới\tsữa học đường mở rộng\n")
    assert set(programmes_of(sentence).values()) == {"sữa học đường mới"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("khuyến công\tkhuyến công\tcase", "flag must be as-written, not 'case'"),
        ("OCOP\tkhuyến công", "is already a form of 'khuyến công'"),
    ],
)
def test_a_malformed_programme_names_its_line(rules: Path, line: str, problem: str):
    path = rules / "context_programmes.tsv"
    number = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as lexicon:
        lexicon.write(line + "\n")
    with pytest.raises(PatternError) as raised:
        extract("Tỉnh hỗ trợ 40 cơ sở.")
    assert f"context_programmes.tsv, line {number}: " in str(raised.value)
    assert problem in str(raised.value)
