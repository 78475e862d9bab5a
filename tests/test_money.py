"""What a money amount measures (extractor/money.py), and amounts that are
money whatever the words around them, through the public API.

Each row is a sentence written for this suite and the (kind, value,
value_max, indicator) of every money or count fact it states.
"""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.money import money_meaning

FactKey = tuple[str, float, float | None, str]


def facts_of(sentence: str, kinds: tuple[str, ...] = ("money", "count")) -> list[FactKey]:
    return [(f.kind, float(f"{f.value:.12g}"), f.value_max, f.indicator)
            for f in extract(sentence) if f.kind in kinds]


def money(value: float, indicator: str, high: float | None = None) -> FactKey:
    return ("money", value, high, indicator)


def count(value: float, indicator: str) -> FactKey:
    return ("count", value, None, indicator)


HEAD_NOUN = [
    # the head comes first in a Vietnamese noun phrase: the cues after it only qualify it
    ("Doanh thu từ cho thuê văn phòng của công ty đạt 120 tỷ đồng.", "revenue"),
    ("Lợi nhuận sau thuế của ngân hàng đạt 895 tỷ đồng.", "revenue"),
    ("Chi phí đầu tư xây dựng trường học là 12 tỷ đồng.", "budget"),
    ("Tiền gửi của khách hàng tại chi nhánh đạt 3.000 tỷ đồng.", "money"),
    ("Vốn điều lệ của hợp tác xã là 2 tỷ đồng.", "budget"),
    ("Dư nợ cho vay hộ nghèo đạt 500 tỷ đồng.", "budget"),
    ("Kim ngạch xuất khẩu thủy sản đạt 2 tỷ USD.", "revenue"),
    ("Học phí của trường năm nay là 15 triệu đồng.", "price"),
    ("Tổng tài sản của tập đoàn tăng lên 80.000 tỷ đồng.", "money"),
    ("Mức thu nhập của người dân đạt 50 triệu đồng.", "revenue"),
    ("Chi phí giá vốn tương ứng với doanh thu bị loại trừ giảm 187 tỷ đồng.", "budget"),
    # the noun right after the amount
    ("Công ty thu về 2.040 tỷ đồng lợi nhuận gộp.", "revenue"),
    ("Hộ kinh doanh phải nộp 200.000 đồng phí vệ sinh.", "price"),
    # a predicate inside the phrase: its object is what the amount measures
    ("Chi phí sản xuất giảm giúp lợi nhuận đạt 50 tỷ đồng.", "revenue"),
    ("Mỗi tấn cà phê nhân có giá 1.800 USD.", "price"),
    ("Doanh nghiệp đạt doanh thu 300 tỷ đồng.", "revenue"),
]

GOVERNING_VERB = [
    ("Anh Nam chi 300 triệu đồng mua giống bò.", "budget"),
    ("Xã đã giải ngân 4 tỷ đồng cho các hộ.", "budget"),
    ("Hợp tác xã thu về 1,2 tỷ đồng từ bán rau.", "revenue"),
    ("Gia đình ông lãi 80 triệu đồng mỗi năm.", "revenue"),
    ("Ông kiếm được 53 triệu USD từ bộ phim.", "revenue"),
    # a verb that ends the phrase governs the amount even after a noun: the fund is the agent
    ("Quỹ châu Âu tài trợ 2 triệu EUR cho chương trình.", "budget"),
    # a cue inside a name says nothing
    ("Văn phòng Ngân sách Quốc hội ước tính Không quân sẽ mất 12 tỷ USD.", "money"),
]

STRONG = [
    # a debt, a fine, a crime or damages is money, whatever it was for
    ("Công ty còn nợ 11 tỷ đồng tiền thuê đất.", "money"),
    ("Tòa buộc bị cáo bồi thường 2 tỷ đồng cho bị hại.", "money"),
    ("Cơ quan điều tra tịch thu 500 triệu đồng.", "money"),
    ("Bị cáo chiếm đoạt 15 tỷ đồng tiền đầu tư của người dân.", "money"),
    ("Vụ cháy gây thiệt hại khoảng 3 tỷ đồng.", "money"),
    # land compensation paid by the state stays a budget
    ("Chi phí bồi thường giải phóng mặt bằng là 600 tỷ đồng.", "budget"),
]

PER_UNIT = [
    # a goods denominator makes a sale, a generic cue or none a price
    ("Thương lái thu mua lúa tươi 6.500 đồng/kg.", "price"),
    ("Nông dân bán được 45.000 đồng/kg tôm.", "price"),
    ("Cà phê xuất khẩu đạt 1.800 USD/tấn.", "price"),
    ("Giá xuất khẩu gạo ở mức 450 USD một tấn.", "price"),
    # never a head noun or a verb that says otherwise
    ("Thu nhập của người lao động đạt 8 triệu đồng/người/tháng.", "revenue"),
    ("Tỉnh hỗ trợ 2 triệu đồng/tấn phân bón.", "budget"),
]

WIDER = [
    # a generic cue yields to what the phrase before it says
    ("Ngân hàng nhập khẩu 150 tấn vàng, trị giá 8,5 tỷ USD.", "revenue"),
    ("Lô hàng trị giá 700 tỷ đồng đã bị thu giữ.", "money"),
    ("Tỉnh triển khai 20 đề án với tổng kinh phí 9 tỷ đồng.", "budget"),
]


@pytest.mark.parametrize(("sentence", "indicator"),
                         [*HEAD_NOUN, *GOVERNING_VERB, *STRONG, *PER_UNIT, *WIDER])
def test_money_indicator(sentence, indicator):
    found = [fact.indicator for fact in extract(sentence) if fact.kind == "money"]
    assert found == [indicator]


def test_what_is_said_before_an_earlier_amount_is_about_that_amount():
    sentence = "Ông kiếm được 53 triệu USD từ bộ phim, công ty của ông trị giá 26 triệu USD."
    assert facts_of(sentence) == [money(53e6, "revenue"), money(26e6, "money")]


def test_subject_names_the_words_that_decided():
    (fact,) = extract("Doanh thu từ cho thuê văn phòng đạt 120 tỷ đồng.")
    assert fact.subject == "Doanh thu từ cho thuê văn phòng đạt"
    assert money_meaning("Công ty thu về ", " lợi nhuận gộp.").subject == "lợi nhuận gộp"


def test_a_conversion_cue_right_before_the_amount_says_previous():
    assert money_meaning("Giá 79 USD, tương đương ", ".").indicator == "previous"
    assert money_meaning("Tương đương với kế hoạch, doanh thu đạt ", ".").indicator == "revenue"


KINDS = [
    # a currency word after the amount, glued or not, makes it money
    ("Nhà đầu tư cam kết 70.000 tỷ đồng vốn cố định.", [money(7e13, "budget")]),
    ("Giá trị hợp đồng là 10,8 triệuđồng.", [money(10.8e6, "money")]),
    ("Thu nhập bình quân đạt 63,2 triệuđồng/người/năm.", [money(63.2e6, "revenue")]),
    ("Tổng vốn khoảng 10.990 tỷ đồng bằng nguồn vốn vay.", [money(10_990e9, "budget")]),
    ("Gia đình còn 20.000 tỷ đồng tiền nhàn rỗi.", [money(2e13, "money")]),
    # without a currency word: after a money verb, or before a money word
    ("Anh chi 300 triệu mua giống.", [money(3e8, "budget")]),
    ("Ông chi 300 triệu xây nhà.", [money(3e8, "budget")]),
    ("Ông công bố 31.000 tỷ doanh thu.", [money(31e12, "revenue")]),
    # ... unless a known noun is counted
    ("Tỉnh hỗ trợ 1,2 triệu người.", [count(1.2e6, "people")]),
    ("Gần 10 triệu đồng bào cả nước hưởng ứng.", [count(1e7, "people")]),
    ("Rổ 6 đồng tiền chủ chốt tăng giá.", [count(6, "count")]),
    ("Đội bóng có hơn 30 đồng đội cũ đến dự.", [count(30, "people")]),
    # a year next to an amount is never its low end
    ("Năm tài chính 2022 - 1,5 tỉ USD được chi cho quốc phòng.", [money(1.5e9, "budget")]),
    ("Giai đoạn 2010-2017 - 9 tỷ USD cho máy bay mới.", [money(9e9, "money")]),
    ("Trong những năm 2030 đồng thời có thêm nhiều nhà máy.", []),
    ("Khoản nợ phải trả trong 10 năm tới 63,2 nghìn tỷ đồng.", [money(63.2e12, "money")]),
    # ... but a range in the thousands of billions is one
    ("Mức đầu tư từ 2000 đến 3000 tỷ đồng.", [money(2e12, "budget", high=3e12)]),
    # a word that only contains a magnitude is no magnitude
    ("Ông là một tỷ phú.", []),
    ("Có 2 tỷ phú Việt Nam trong danh sách.", [count(2, "people")]),
    ("Ba triệu phú trẻ tham dự buổi gặp.", []),
    ("Tỷ lệ hộ nghèo giảm còn một tỷ lệ rất thấp.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), KINDS)
def test_kinds_that_cannot_be_wrong(sentence, expected):
    assert facts_of(sentence) == expected


ONE_INDICATOR = [
    # a classifier takes the indicator of its noun
    ("Công ty thiết kế 40 mẫu sản phẩm mới.", count(40, "products")),
    ("Cửa hàng bán 12 dòng sản phẩm.", count(12, "products")),
    # a bare `người` takes the noun counted before the number
    ("Tổng số học viên lên tới 838 người.", count(838, "workers")),
    ("Số lao động được tuyển là 2.300 người.", count(2300, "workers")),
    # a word for a person is people, the lexicon's exceptions aside
    ("Tàu chở 53 thủy thủ.", count(53, "people")),
    ("Đoàn có 15 diễn viên trẻ.", count(15, "people")),
    ("Báo cáo nêu 3 nguyên nhân chính.", count(3, "count")),
    ("Nhà máy có 2.300 công nhân.", count(2300, "workers")),
]


@pytest.mark.parametrize(("sentence", "expected"), ONE_INDICATOR)
def test_count_indicator(sentence, expected):
    assert facts_of(sentence) == [expected]
