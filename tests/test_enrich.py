"""Facts of sentences through the public API, against ANNOTATION.md.

Each row is a sentence written for this suite and every fact it states, as
(kind, value, value_max, unit, per, qualifier, indicator).
"""

from __future__ import annotations

import pytest

from extractor import Fact, extract
from extractor.clean import clean_text

FactTuple = tuple[str, float, float | None, str | None, str | None, str, str]


def number(value: float | None) -> float | None:
    """A value rounded to 12 significant digits, so `946,9 triệu` compares exactly."""
    return None if value is None else float(f"{value:.12g}")


def as_tuple(fact: Fact) -> FactTuple:
    return (fact.kind, number(fact.value), number(fact.value_max), fact.unit, fact.per,
            fact.qualifier, fact.indicator)


def normalised(expected: list[FactTuple]) -> list[FactTuple]:
    return [(kind, number(value), number(high), *rest) for kind, value, high, *rest in expected]


def facts_of(sentence: str) -> list[FactTuple]:
    return [as_tuple(fact) for fact in extract(sentence)]


def money(value, indicator, unit="VND", *, high=None, per=None, qualifier="exact") -> FactTuple:
    return ("money", value, high, unit, per, qualifier, indicator)


def count(value, indicator, *, high=None, qualifier="exact") -> FactTuple:
    return ("count", value, high, None, None, qualifier, indicator)


def percent(value, *, high=None, qualifier="exact") -> FactTuple:
    return ("percent", value, high, "%", None, qualifier, "percent")


def quantity(value, unit, *, high=None, qualifier="exact") -> FactTuple:
    return ("quantity", value, high, unit, None, qualifier, "quantity")


MONEY = [
    # a cue inside a longer cue does not count; of overlapping cues the nearest wins
    ("Năm 2022, tổng giá trị sản xuất đạt 410 tỷ đồng.", [money(410e9, "revenue")]),
    ("Lô hàng trị giá 700 tỷ đồng đã bị thu giữ.", [money(700e9, "money")]),
    # currencies
    ("Tổng kinh phí thực hiện đề án là 19.448,5 triệu đồng.", [money(19_448_500_000, "budget")]),
    ("Mỗi suất ăn bán trú có giá 35.000 VND.", [money(35_000, "price")]),
    ("Doanh thu của hợp tác xã đạt 2,5 tỷ VNĐ.", [money(2.5e9, "revenue")]),
    ("Xã đã chi 100.000đ cho mỗi hộ gia đình.", [money(100_000, "budget")]),
    ("Dự án có tổng vốn đầu tư 25 triệu USD.", [money(25e6, "budget", "USD")]),
    ("Công ty thu về 3 triệu đô la từ hợp đồng này.", [money(3e6, "revenue", "USD")]),
    ("Kim ngạch nhập khẩu đạt 2 tỷ đô la Mỹ.", [money(2e9, "revenue", "USD")]),
    ("Giá dầu thô tăng lên 80 đô một thùng.", [money(80, "price", "USD", per="thùng")]),
    ("Nhà đầu tư ngoại đã rót $5 triệu vào dự án.", [money(5e6, "budget", "USD")]),
    ("Mỗi tấn gạo xuất khẩu có giá 450 US$.", [money(450, "price", "USD")]),
    # money lent is a budget (ANNOTATION.md), whatever it is "worth"
    ("Khoản vay ưu đãi trị giá 40 triệu EUR đã được ký.", [money(40e6, "budget", "EUR")]),
    ("Quỹ châu Âu tài trợ €2 triệu cho chương trình.", [money(2e6, "budget", "EUR")]),
    ("Doanh thu du lịch đạt 12 tỷ Nhân dân tệ.", [money(12e9, "revenue", "CNY")]),
    ("Ngân hàng Nhật Bản cho vay 20 tỷ yên.", [money(20e9, "budget", "JPY")]),
    ("Dự án có tổng vốn 3 tỉ đồng.", [money(3e9, "budget")]),
    ("Giá bán lẻ khoảng 15 ngàn đồng/kg.", [money(15_000, "price", per="kg", qualifier="about")]),
    # no currency word, VND by context
    ("Căn hộ ở trung tâm được rao giá 950 triệu.", [money(950e6, "price")]),
    ("Căn biệt thự được bán với giá 18,1 tỷ.", [money(18.1e9, "price")]),
    ("Tổng tài sản của ngân hàng đạt 1,5 nghìn tỷ.", [money(1.5e12, "money")]),
    ("Doanh thu quý I đạt 500 triệu, tăng 12%.", [money(500e6, "revenue"), percent(12)]),
    ("Kinh phí sửa chữa khoảng 100 - 200 triệu.", [money(100e6, "budget", high=200e6,
                                                          qualifier="about")]),
    # compound amounts are one fact
    ("Tổng vốn giải ngân là 181 tỷ 946,9 triệu đồng.", [money(181_946_900_000, "budget")]),
    ("Mức hỗ trợ là 2 triệu 500 nghìn đồng.", [money(2_500_000, "budget")]),
    ("Tiền phạt lên tới 1 tỷ 200 triệu đồng.", [money(1_200_000_000, "money")]),
    ("Giá một căn hộ khoảng 2 triệu rưỡi đồng mỗi m2.", [money(2_500_000, "price", per="m2",
                                                                qualifier="about")]),
    ("Giá vé vào cổng là hai mươi lăm nghìn đồng.", [money(25_000, "price")]),
    ("Tổng kinh phí dự kiến 1,2 nghìn tỷ đồng.", [money(1.2e12, "budget")]),
    # ranges
    ("Kinh phí cho mỗi đề án từ 10 đến 15 tỷ đồng.", [money(10e9, "budget", high=15e9)]),
    ("Giá cà phê dao động giữa 1.000 và 2.000 đồng mỗi kg.",
     [money(1000, "price", high=2000, per="kg")]),
    ("Giá vàng SJC niêm yết ở mức 55,1 - 55,65 triệu đồng/lượng.",
     [money(55.1e6, "price", high=55.65e6, per="lượng")]),
    ("Mức phạt từ 10 triệu đến 20 triệu đồng.", [money(10e6, "money", high=20e6)]),
    ("Vốn hóa thị trường tăng thêm 1-2 nghìn tỷ đồng.", [money(1e12, "money", high=2e12)]),
    ("Lương công nhân dự kiến tăng lên 4-5 triệu đồng.", [money(4e6, "revenue", high=5e6)]),
    ("Thu nhập của công nhân tăng thêm 3-3,5 triệu đồng mỗi tháng.",
     [money(3e6, "revenue", high=3.5e6, per="tháng")]),
    # rates
    ("Thu nhập bình quân đạt 8 triệu đồng/tháng.", [money(8e6, "revenue", per="tháng")]),
    ("Giá đất ở khu vực này khoảng 15 triệu đồng/m2.", [money(15e6, "price", per="m2",
                                                              qualifier="about")]),
    ("Mức hỗ trợ là 1,5 triệu đồng/người/tháng.", [money(1.5e6, "budget", per="người/tháng")]),
    ("Giá thuê văn phòng là 500.000 đồng một m2.", [money(500_000, "price", per="m2")]),
    ("Công ty chia cổ tức 1.200 đồng/CP.", [money(1200, "revenue", per="cổ phiếu")]),
    ("Cổ phiếu chốt phiên ở mức 32.500 đồng/cổ phiếu.", [money(32_500, "price", per="cổ phiếu")]),
    ("Mỗi ha lúa cho lãi 15 triệu đồng/ha/vụ.", [money(15e6, "revenue", per="ha/vụ")]),
    ("Học phí từ 5 đến 7 triệu đồng/năm.", [money(5e6, "price", high=7e6, per="năm")]),
    # money indicators
    ("Học phí năm học mới là 12 triệu đồng.", [money(12e6, "price")]),
    ("Doanh nghiệp bị xử phạt 90 triệu đồng vì xả thải.", [money(90e6, "money")]),
    ("Doanh thu năm nay đạt 1.200 tỷ đồng, lợi nhuận 300 tỷ đồng.",
     [money(1.2e12, "revenue"), money(300e9, "revenue")]),
    ("Ngân sách tỉnh bố trí 50 tỷ đồng cho chương trình.", [money(50e9, "budget")]),
    ("Vụ hỏa hoạn gây thiệt hại khoảng 3 tỷ đồng.", [money(3e9, "money", qualifier="about")]),
    ("Kim ngạch xuất khẩu đạt 5 tỷ USD, tương đương 115 nghìn tỷ đồng.",
     [money(5e9, "revenue", "USD"), money(115e12, "revenue")]),
]

QUALIFIERS = [
    ("Hơn 18.000 lao động đã có việc làm ổn định.", [count(18_000, "workers", qualifier="more_than")]),
    ("Trên 300 hộ dân được hỗ trợ xây nhà.", [count(300, "people", qualifier="more_than")]),
    ("Doanh thu năm 2023 vượt 50 tỷ đồng.", [money(50e9, "revenue", qualifier="more_than")]),
    ("Tỉnh đã giải ngân ít nhất 20 tỷ đồng.", [money(20e9, "budget", qualifier="at_least")]),
    ("Mỗi mô hình được hỗ trợ tối thiểu 100 triệu đồng.",
     [money(100e6, "budget", qualifier="at_least")]),
    ("Kinh phí đối ứng không dưới 2 tỷ đồng.", [money(2e9, "budget", qualifier="at_least")]),
    ("Doanh nghiệp có 100 lao động trở lên phải lập báo cáo.",
     [count(100, "workers", qualifier="at_least")]),
    ("Dự án đã thu hút gần 1.000 lao động địa phương.", [count(1000, "workers", qualifier="nearly")]),
    ("Gần 7.800 tỷ đồng đã được giải ngân.", [money(7.8e12, "budget", qualifier="nearly")]),
    ("Tổng dư nợ của công ty suýt 40 tỷ đồng.", [money(40e9, "budget", qualifier="nearly")]),
    ("Khoảng 300 hộ dân bị ảnh hưởng bởi bão.", [count(300, "people", qualifier="about")]),
    ("Chương trình hỗ trợ chừng 150 hộ nghèo.", [count(150, "people", qualifier="about")]),
    ("Xấp xỉ 45% lao động có việc làm ổn định.", [percent(45, qualifier="about")]),
    ("Kinh phí xây dựng ước 3 tỷ đồng.", [money(3e9, "budget", qualifier="about")]),
    ("Thiệt hại ước tính 12 tỷ đồng.", [money(12e9, "money", qualifier="about")]),
    ("Khu công nghiệp thu hút tầm 60 doanh nghiệp.", [count(60, "facilities", qualifier="about")]),
    ("Tỷ lệ hộ nghèo giảm xuống dưới 5%.", [percent(5, qualifier="less_than")]),
    ("Chưa đến 30 doanh nghiệp nộp hồ sơ dự thầu.", [count(30, "facilities", qualifier="less_than")]),
    ("Huyện có không tới 10 sản phẩm đạt chuẩn OCOP.",
     [count(10, "products", qualifier="less_than")]),
    ("Không tới 10 sản phẩm đạt chuẩn OCOP.", [count(10, "products", qualifier="less_than")]),
    ("Xã có không đến 20 hộ nghèo.", [count(20, "people", qualifier="less_than")]),
    ("Ít hơn 200 lao động được đào tạo trong năm.", [count(200, "workers", qualifier="less_than")]),
    ("Mức hỗ trợ không quá 50 triệu đồng mỗi hộ.", [money(50e6, "budget", qualifier="at_most")]),
    ("Mức vay không vượt quá 300 triệu đồng.", [money(300e6, "budget", qualifier="at_most")]),
    ("Nhà nước hỗ trợ tối đa 30% chi phí.", [percent(30, qualifier="at_most")]),
    ("Hộ có thu nhập 2 triệu đồng trở xuống được miễn phí.",
     [money(2e6, "revenue", qualifier="at_most")]),
    ("Lương của lao động từ 8 triệu đồng trở lên.", [money(8e6, "revenue", qualifier="at_least")]),
    ("Diện tích tối thiểu là 5 ha.", [quantity(5, "ha", qualifier="at_least")]),
    # a qualifier before a range applies to the whole range
    ("Khoảng 28-30% doanh nghiệp có lãi.", [percent(28, high=30, qualifier="about")]),
    # figures joined by `hoặc` share the qualifier written once
    ("Trang trại phải nuôi tối thiểu 400 con bò hoặc 4.000 con gà.",
     [count(400, "count", qualifier="at_least"), count(4000, "count", qualifier="at_least")]),
]

PERCENTS = [
    ("Tỷ lệ hộ dùng nước sạch đạt 98%.", [percent(98)]),
    ("Tăng trưởng tín dụng đạt 12,5 % so với cuối năm trước.", [percent(12.5)]),
    ("Giá điện tăng 15 phần trăm.", [percent(15)]),
    ("Chỉ số chứng khoán giảm mạnh (-1,25%) trong phiên sáng.", [percent(-1.25)]),
    ("Lãi suất cho vay giảm 1-1,5% so với đầu năm.", [percent(1, high=1.5)]),
    ("Tỷ lệ lao động qua đào tạo đạt 28-30%.", [percent(28, high=30)]),
    ("Tỷ lệ tiêm chủng đạt 83,3%, cao hơn năm trước.", [percent(83.3)]),
    ("Chỉ số tăng nhẹ (+0,8%) trong phiên chiều.", [percent(0.8)]),
    # a sign before either end of a range is that end's; the low end comes first
    ("Biên độ dao động từ -5 đến 10% trong tuần.", [percent(-5, high=10)]),
    ("Lợi nhuận biên giảm (-5 - -10%) so với quý trước.", [percent(-10, high=-5)]),
    ("Tỷ lệ nội địa hóa tăng từ 10 đến 15 phần trăm.", [percent(10, high=15)]),
    ("Hộ nghèo được vay tối đa 100 triệu đồng với lãi suất 0,5%/tháng.",
     [money(100e6, "budget", qualifier="at_most"),
      ("percent", 0.5, None, "%", "tháng", "exact", "percent")]),
]

COUNTS = [
    # a bare `lượt` counts the noun written before the number
    ("Năm 2023, khách quốc tế ước đạt 30.000 lượt.", [count(30_000, "people", qualifier="about")]),
    ("Tỉnh có 12.535 lao động nông thôn được đào tạo nghề.", [count(12_535, "workers")]),
    ("Chương trình hỗ trợ 1.250 hộ nghèo thoát nghèo.", [count(1250, "people")]),
    ("Sở Công Thương phê duyệt 193 đề án khuyến công.", [count(193, "projects")]),
    ("Huyện có 45 cơ sở sản xuất tiểu thủ công nghiệp.", [count(45, "facilities")]),
    ("Đã có 27 sản phẩm đạt chuẩn OCOP 3 sao.", [count(27, "products")]),
    ("Tỉnh xây dựng 12 mô hình trình diễn kỹ thuật.", [count(12, "models")]),
    ("Tỉnh tổ chức 3 hội chợ triển lãm hàng thủ công.", [count(3, "events")]),
    ("Đoàn kiểm tra 4.363 lượt cơ sở kinh doanh.", [count(4363, "facilities")]),
    ("Thành phố có 240 xe buýt đang hoạt động.", [count(240, "count")]),
    ("Hội nghị thu hút 200 đại biểu tham dự.", [count(200, "people")]),
    # other numbers after a time of day are still counts
    ("Mỗi sáng 300 người xếp hàng mua vé.", [count(300, "people")]),
    # a number word before the order of size is a number said in words
    ("Huyện có một trăm hai mươi hộ nghèo.", [count(120, "people")]),
    ("Huyện có 320 hộ kinh doanh cá thể.", [count(320, "facilities")]),
    ("Ngân hàng đã giải quyết cho 1.500 lượt khách hàng vay vốn.", [count(1500, "people")]),
    ("Trường tuyển 1.200 sinh viên năm nay.", [count(1200, "people")]),
    ("Có 12,5 nghìn lao động mất việc.", [count(12_500, "workers")]),
    ("Khoảng 1,2 triệu người dân đã tiêm vắc xin.", [count(1.2e6, "people", qualifier="about")]),
    ("Tỉnh có 1.250 doanh nghiệp thành lập mới.", [count(1250, "facilities")]),
    ("Bệnh viện ghi nhận 25 ca mắc mới.", [count(25, "people")]),
    ("Huyện có 3 - 5 cơ sở chế biến nông sản.", [count(3, "facilities", high=5)]),
    # jobs counted in persons are workers; versions and suppliers are products and facilities
    ("Nhà máy mới sẽ tạo việc làm cho khoảng 1.200 người.", [count(1200, "workers", qualifier="about")]),
    ("Hãng mở bán 4 phiên bản của mẫu máy tính bảng.", [count(4, "products")]),
    ("Chuỗi sản xuất có 35 nhà cung ứng trong nước.", [count(35, "facilities")]),
    # number words with a magnitude are facts
    ("Lễ hội thu hút hai nghìn người tham gia.", [count(2000, "people")]),
    ("Hơn ba nghìn hộ dân được cấp nước sạch.", [count(3000, "people", qualifier="more_than")]),
    ("Hai nghìn người tham dự buổi lễ.", [count(2000, "people")]),
    # a one-syllable not-fact marker is a whole word: `các cấp` is no level, `cung cấp` no grade
    ("Ngân hàng đã khởi kiện ra tòa các cấp 6.591 vụ việc.", [count(6591, "count")]),
    ("Trên xe có 1 lái xe và 1 hướng dẫn viên.", [count(1, "people"), count(1, "people")]),
]

QUANTITIES = [
    ("Mỗi năm tỉnh trồng mới 1.500 ha rừng.", [quantity(1500, "ha")]),
    ("Sản lượng cá tra đạt 20.000 tấn.", [quantity(20_000, "t")]),
    ("Tuyến đường mới dài 12,5 km.", [quantity(12.5, "km")]),
    ("Căn hộ mẫu rộng 75 m2.", [quantity(75, "m2")]),
    ("Ông mua một trang trại rộng 40 mẫu Anh.", [quantity(40, "acre")]),
    # degrees (an angle, a spirit's strength) and pixels are measures, not counts of a noun
    ("Ống kính góc rộng 120 độ.", [quantity(120, "°")]),
    ("Rượu nếp nấu đạt 45 độ.", [quantity(45, "°")]),
    ("Màn hình rộng 2.400 pixel.", [quantity(2400, "px")]),
    ("Nhà máy điện mặt trời có công suất 50 MW.", [quantity(50, "MW")]),
    ("Khu đô thị rộng hơn 120 ha với vốn đầu tư 3.200 tỷ đồng.",
     [quantity(120, "ha", qualifier="more_than"), money(3.2e12, "budget")]),
]

MIXED = [
    # a not-fact beside a fact: only the fact is reported
    ("Ngày 5-11, UBND tỉnh tổ chức hội nghị với 200 đại biểu.", [count(200, "people")]),
    ("Từ ngày 1/7, lương cơ sở tăng lên 2,34 triệu đồng/tháng.",
     [money(2.34e6, "revenue", per="tháng")]),
    ("Sau 3 tháng, 120 học viên đã tốt nghiệp.", [count(120, "workers")]),
    ("Ông Hùng, 52 tuổi, có 3 ha vườn cà phê.", [quantity(3, "ha")]),
    ("Bị cáo lĩnh 20 năm tù vì chiếm đoạt 15 tỷ đồng.", [money(15e9, "money")]),
    ("Trong năm 2017, toàn tỉnh có 1.250 doanh nghiệp thành lập mới.", [count(1250, "facilities")]),
    ("Giai đoạn 2021-2025, tỉnh đầu tư 5.000 tỷ đồng.", [money(5e12, "budget")]),
    ("Top 10 doanh nghiệp có doanh thu trên 1.000 tỷ đồng.",
     [money(1e12, "revenue", qualifier="more_than")]),
    ("Trung tâm 2 đã tư vấn cho 500 lao động.", [count(500, "workers")]),
    ("Tính đến 16h ngày 3/5, tỉnh có 25 ca mắc mới.", [count(25, "people")]),
    ("Bệnh viện tiếp nhận 15 ca Covid-19 mới.", [count(15, "people")]),
    ("Anh mua chiếc Mazda3 2017 với giá 650 triệu đồng.", [money(650e6, "price")]),
    # a count after `một trong` with no superlative is a count
    ("Tỉnh là một trong 10 địa phương có 200 doanh nghiệp mới.",
     [count(10, "count"), count(200, "facilities")]),
    # `giờ` ending an adverb of time (`bây giờ`, `đến giờ`) is no clock
    ("Đến giờ 120 lao động đã có việc làm.", [count(120, "workers")]),
    ("Bây giờ 300 hộ dân đã có điện.", [count(300, "people")]),
    # a model's number is no figure; the figures around it are
    ("Cửa hàng bán 300 chiếc RTX 3060 với giá 12 triệu đồng.", [count(300, "count"), money(12e6, "price")]),
    ("Nhà xưởng rộng 500m2 lắp ráp 40 chiếc Galaxy S21 mỗi giờ.", [quantity(500, "m2"), count(40, "count")]),
    ("Theo Quyết định số 1956/QĐ-TTg, mỗi lao động được hỗ trợ 3 triệu đồng.",
     [money(3e6, "budget")]),
    ("Xuất khẩu tăng gấp 8 lần, đạt 1,2 tỷ USD.", [money(1.2e9, "revenue", "USD")]),
]


@pytest.mark.parametrize(("sentence", "expected"), [
    *MONEY, *QUALIFIERS, *PERCENTS, *COUNTS, *QUANTITIES, *MIXED,
])
def test_facts_of_sentence(sentence, expected):
    assert facts_of(sentence) == normalised(expected)


NOT_FACTS = [
    "Dịch Covid -19 bùng phát trở lại tại nhiều địa phương.",
    # a name or a draw number followed by a modal or a verb of presence
    "Sau kỳ quay 212 không thể tìm ra người trúng, giải thưởng được cộng dồn.",
    "Mẫu Joy 4 có mặt trước làm bằng kính cường lực.",
    # a ranking whose superlative is `hàng đầu`
    "Hãng là một trong 20 nhà xuất khẩu cà phê hàng đầu khu vực.",
    # dates, years, times, periods
    "Hội nghị diễn ra ngày 5-11 tại Hà Nội.",
    "Lễ khai mạc được tổ chức vào 26/4.",
    "Năm 2017, tỉnh triển khai chương trình khuyến công.",
    "Kế hoạch giai đoạn 2021-2025 đã được phê duyệt.",
    "Cuộc họp bắt đầu lúc 7h30 sáng nay.",
    "Tin được đăng lúc 07:11 trên trang chủ.",
    "Hội chợ kéo dài đến ngày 22.06.2025.",
    # durations and ages
    "Dự án kéo dài 5 năm.",
    "Khóa học kéo dài 3 tháng.",
    "Bị cáo bị tuyên phạt 42 năm tù.",
    "Anh Nam, 35 tuổi, là chủ trang trại.",
    "Đội cứu hộ làm việc 3 ngày đêm liền.",
    # multipliers
    "Sản lượng tăng gấp 8 lần so với trước.",
    "Giá trị sản xuất tăng 2,5 lần so với năm 2010.",
    # ordinals, list markers, ranks
    "Đây là lần thứ tư hội chợ được tổ chức.",
    "Đây là lần thứ 4 hội chợ được tổ chức.",
    "Trường lọt Top 10 trường đại học tốt nhất.",
    "Trung tâm 1 tiếp nhận hồ sơ của người dân.",
    "Giai đoạn 1 hoàn thành trong năm nay, giai đoạn 2 xây dựng nhà máy mới.",
    # a fiscal year, alone or as a span, and a phase of a project are no count
    "Năm tài chính 2019-2020 công ty đã có nhiều thay đổi.",
    "Một là, tăng cường công tác tuyên truyền.",
    # identifiers
    "Theo Nghị định 45/2012/NĐ-CP về khuyến công.",
    "Nghị định 67 quy định chính sách hỗ trợ ngư dân.",
    "Trụ sở của công ty đặt tại Số 68 Trần Phú.",
    "Công ty có địa chỉ tại số 12 đường Lê Lợi.",
    "Mọi thông tin xin liên hệ số điện thoại 0228.3849386.",
    "Liên hệ hotline 1900 1234 để được tư vấn.",
    "Tài khoản: 118000123456 Ngân hàng Công Thương.",
    # product and model names
    "Hãng vừa ra mắt Moto Z2 tại Việt Nam.",
    "Dịch Covid-19 ảnh hưởng nặng nề đến du lịch.",
    "Cửa hàng bán iPhone 7 giá rẻ.",
    "Anh vừa mua chiếc Mazda3 2017 màu trắng.",
    # a code mixing letters and digits, or a number after a product line (not_fact_model_lines.tsv)
    "Máy tính dùng chip Core i3-1005G1 của Intel.",
    "Bản cao cấp có chip 1165G7 mạnh hơn.",
    "Chiếc xe bản LP700-4 màu đỏ được trưng bày.",
    "Card đồ họa RTX 3060 đang khan hàng.",
    "Máy chạy chip Snapdragon 888 tiết kiệm pin.",
    "Samsung Galaxy S21 vừa lên kệ.",
    # minutes of a time; a part word, a sequence word or a verb read for a counted noun
    "Lúc 8 giờ 30 giao dịch vàng vẫn trầm lắng.",
    "Hạm đội 7 bao gồm nhiều tàu sân bay.",
    "Khách mua gói 4 tiếp theo.",
    # a place in a ranking (not_fact_ranks.tsv)
    "Công ty là một trong 500 doanh nghiệp tư nhân lớn nhất cả nước.",
    "Ông lọt vào danh sách 50 người giàu nhất châu Á.",
    # scores
    "Đội nhà thắng 3-1 trên sân khách.",
    "Thắng 2-0, đội nhà vươn lên dẫn đầu.",
    # vague amounts
    "Hàng trăm doanh nghiệp tham gia hội chợ.",
    "Hàng nghìn người đổ về quảng trường.",
    "Nhiều gia đình phải bỏ ra tiền tỉ để mua nhà.",
    "Mỗi năm, hàng nghìn tỷ đồng bị thất thoát.",
    "Chi phí vài triệu đồng mỗi tháng.",
    # counts written only in words, with no magnitude word
    "Huyện có ba cơ sở chế biến nông sản.",
    "Xã có hai hợp tác xã mới.",
    # a verb or an adverb after a number is no counted noun
    "Trong số các nhà máy, 6 vận hành thì 4 thua lỗ.",
    "Năm nay có 19 dự kiến sẽ hoàn thành.",
    "Công ty 236 trúng gói thầu sửa chữa cầu.",
    # a lunar date, a comparison
    "Mùng 10 tháng giêng, nhiều người đi lễ chùa.",
    "Mùa rươi rộ vào tháng 9, 10 âm lịch.",
    "Hệ số đạt trên 1 thể hiện việc bảo toàn vốn.",
    # a grade, a document number
    "Khách sạn 3-5 sao kín phòng dịp Tết.",
    "Công ty đã có Văn bản 178 gửi Bộ Tài chính.",
    # an order of size said alone, with no number: a figure of speech
    "Dự án trăm tỷ bỏ hoang giữa đồng.",
    "Luật sư cho rằng thiệt hại lên tới trăm nghìn tỷ đồng.",
    # a latency in milliseconds is a duration; a semester's number is an ordinal
    "Độ trễ của mạng chỉ 20-40 ms.",
    "Từ học kỳ 2 trường tăng giờ học.",
    # a day and a month after a time of day or `hôm`
    "Giám đốc sở ký hôm 14.8 gửi Bộ Tài chính.",
    "Chiều 3.9 đoàn công tác đến thăm nhà máy.",
    "Đêm 21/6 lực lượng chức năng tuần tra.",
]


@pytest.mark.parametrize("sentence", NOT_FACTS)
def test_not_facts(sentence):
    assert facts_of(sentence) == []


ARTICLE = (
    "Tỉnh phê duyệt 193 đề án khuyến công\n"
    "Năm 2024, tổng kinh phí thực hiện là 19.448,5 triệu đồng. "
    "Theo Kitco.com, giá vàng tăng 12 USD/ounce.\n"
    "\n"
    "Lãi suất giảm 1-1,5%, hỗ trợ 12.535 lao động."
)


@pytest.mark.parametrize(("text", "sentence", "pattern"), [
    ("193 đề án", "Tỉnh phê duyệt 193 đề án khuyến công", "count.noun"),
    ("19.448,5 triệu đồng", "Năm 2024, tổng kinh phí thực hiện là 19.448,5 triệu đồng.",
     "money.amount"),
    ("12 USD", "Theo Kitco.com, giá vàng tăng 12 USD/ounce.", "money.amount"),
    ("1-1,5%", "Lãi suất giảm 1-1,5%, hỗ trợ 12.535 lao động.", "percent.range"),
    ("12.535 lao động", "Lãi suất giảm 1-1,5%, hỗ trợ 12.535 lao động.", "count.noun"),
])
def test_fact_text_sentence_and_pattern(text, sentence, pattern):
    found = [fact for fact in extract(ARTICLE, clean=False) if fact.text == text]
    assert len(found) == 1
    fact = found[0]
    assert ARTICLE[fact.start:fact.end] == fact.text
    assert fact.sentence == sentence
    assert fact.sentence in ARTICLE
    assert fact.pattern == pattern


def test_every_fact_points_into_the_text():
    facts = extract(ARTICLE, clean=False, article_id="a-1")
    assert [fact.text for fact in facts] == [
        "193 đề án", "19.448,5 triệu đồng", "12 USD", "1-1,5%", "12.535 lao động",
    ]
    for fact in facts:
        assert fact.article == "a-1"
        assert ARTICLE[fact.start:fact.end] == fact.text
        sentence_start = ARTICLE.index(fact.sentence)
        assert sentence_start <= fact.start < fact.end <= sentence_start + len(fact.sentence)


@pytest.mark.parametrize(("pattern", "sentence"), [
    ("money.amount", "Tổng kinh phí là 2 tỷ đồng."),
    ("money.symbol", "Quỹ tài trợ $5 triệu."),
    ("money.range", "Kinh phí từ 10 đến 15 tỷ đồng."),
    ("money.implied", "Căn hộ được rao giá 950 triệu."),
    ("percent.value", "Tỷ lệ đạt 98%."),
    ("percent.range", "Tỷ lệ đạt 28-30%."),
    ("quantity.measure", "Tỉnh trồng 1.500 ha rừng."),
    ("quantity.range", "Mỗi hộ có 2-3 ha ruộng."),
    ("count.noun", "Tỉnh có 45 cơ sở sản xuất."),
    ("count.range", "Huyện có 3 - 5 cơ sở sản xuất."),
])
def test_pattern_names_the_rule(pattern, sentence):
    assert [fact.pattern for fact in extract(sentence)] == [pattern]


def test_offsets_point_into_the_cleaned_text():
    raw = "Tổng  kinh\u00a0phí hỗ trợ là 2 tỷ đồng.\r\nHoà Bình có 300 hộ\u200b dân được hỗ trợ."
    text = clean_text(raw)
    facts = extract(raw)
    assert [fact.text for fact in facts] == ["2 tỷ đồng", "300 hộ dân"]
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text
        assert fact.sentence in text


def test_a_mention_without_cue_takes_the_indicator_of_its_repeat():
    text = ("Gần 7.800 tỷ đồng cho giao thông\n"
            "Tổng mức đầu tư của 12 công trình là 7.800 tỷ đồng.")
    assert [(fact.text, fact.indicator) for fact in extract(text)] == [
        ("7.800 tỷ đồng", "budget"), ("12 công trình", "projects"), ("7.800 tỷ đồng", "budget"),
    ]


def test_subject_of_a_count_is_the_counted_noun_phrase():
    (fact,) = extract("Tỉnh có 12.535 lao động nông thôn được đào tạo nghề.")
    assert fact.subject == "lao động nông thôn"


def test_text_without_figures_has_no_facts():
    assert extract("") == []
    assert extract("Hội nghị tổng kết công tác khuyến công của tỉnh.") == []
