"""The families of amounts issue 9 names, each read whole in a sentence:
`lẻ`/`linh` after a magnitude, money in words, suffixes and spoken
decimals, cents, ISO codes, qualifiers, ranges, signs, English-style
thousands, implied VND, counted nouns that look like other things."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract

# sentence: (kind, value, value_max, unit, qualifier, indicator, text) of each fact
FAMILIES = {
    # never cut short
    "Giá trị tài sản là một triệu lẻ một đồng.":
        [("money", 1000001, None, "VND", "exact", "money", "một triệu lẻ một đồng")],
    "Số tiền là tám triệu chín trăm tám mươi mốt nghìn lẻ năm mươi tám đồng.":
        [("money", 8981058, None, "VND", "exact", "money",
          "tám triệu chín trăm tám mươi mốt nghìn lẻ năm mươi tám đồng")],
    "Công ty có một nghìn lẻ một lao động.":
        [("count", 1001, None, None, "exact", "workers", "một nghìn lẻ một lao động")],
    # money in words without a magnitude word
    "Mỗi vé giá ba mươi ba đồng.": [("money", 33, None, "VND", "exact", "price", "ba mươi ba đồng")],
    # suffixes, codes, currency names
    "Vàng 18k giá 13 tỷ đồng.": [("money", 13e9, None, "VND", "exact", "price", "13 tỷ đồng")],  # karats
    "Công ty tuyển 3M lao động.": [("count", 3000000, None, None, "exact", "workers", "3M lao động")],
    "Giá vé xấp xỉ VND1000-VND2000.":
        [("money", 1000, 2000, "VND", "about", "price", "VND1000-VND2000")],
    "Học phí là 9.000 bảng Anh mỗi năm.": [("money", 9000, None, "GBP", "exact", "price", "9.000 bảng Anh")],
    "Giá vàng tăng 82 cent lên 1.280 USD/ounce.":
        [("money", 0.82, None, "USD", "exact", "price", "82 cent"),
         ("money", 1280, None, "USD", "exact", "price", "1.280 USD")],
    # qualifiers
    "Sản lượng trên dưới 500 tấn, đạt sát mốc 10 tỷ đồng.":
        [("quantity", 500, None, "t", "about", "quantity", "500 tấn"),
         ("money", 1e10, None, "VND", "nearly", "money", "10 tỷ đồng")],
    "Số học viên lên tới 838 người.": [("count", 838, None, None, "exact", "workers", "838 người")],
    # ranges
    "Giá từ 5 đến trên 8 triệu đồng.":
        [("money", 5e6, 8e6, "VND", "exact", "price", "từ 5 đến trên 8 triệu đồng")],
    "Giá từ 200 - 250.000 đồng/kg.":
        [("money", 200000, 250000, "VND", "exact", "price", "từ 200 - 250.000 đồng")],
    "Tỷ lệ tăng 50%-60%.": [("percent", 50, 60, "%", "exact", "percent", "50%-60%")],
    # signs and styles
    "Tăng trưởng âm 3% so với năm trước.": [("percent", -3, None, "%", "exact", "percent", "âm 3%")],
    # a band either side of a value gives it no sign
    "Biên độ được nới từ +/-2% lên +/-3%.":
        [("percent", 2, None, "%", "exact", "percent", "+/-2%"),
         ("percent", 3, None, "%", "exact", "percent", "+/-3%")],
    "Sai số của cuộc thăm dò là ±3%.": [("percent", 3, None, "%", "exact", "percent", "±3%")],
    # percentage points are read as the percent
    "Lãi suất điều hành giảm 0,25 điểm phần trăm.":
        [("percent", 0.25, None, "%", "exact", "percent", "0,25 điểm phần trăm")],
    "Tỷ lệ thất nghiệp tăng khoảng hai điểm phần trăm.":
        [("percent", 2, None, "%", "about", "percent", "hai điểm phần trăm")],
    "Tập đoàn có 120,000 nhân viên trên toàn cầu.":
        [("count", 120000, None, None, "exact", "workers", "120,000 nhân viên")],
    "Rau muống giá 500 ngàn một tạ.": [("money", 500000, None, "VND", "exact", "price", "500 ngàn")],
    "Có 500 ngàn người tham dự.": [("count", 500000, None, None, "exact", "people", "500 ngàn người")],
    # counted nouns that look like other things
    "Giá cho mỗi kg dao động từ 3,5 -4 triệu đồng.":
        [("money", 3.5e6, 4e6, "VND", "exact", "price", "từ 3,5 -4 triệu đồng")],
    "Hệ thống cấp đông -45 đến -40 độ C.":
        [("quantity", -45, -40, "°C", "exact", "quantity", "-45 đến -40 độ C")],
    "Mức dưới 20 triệu đồng là bình dân, từ 20-30 triệu đồng là trung cấp.":
        [("money", 2e7, None, "VND", "less_than", "money", "20 triệu đồng"),
         ("money", 2e7, 3e7, "VND", "exact", "money", "từ 20-30 triệu đồng")],
    "Tiền bồi thường là 14 triệu HKD.": [("money", 14e6, None, "HKD", "exact", "money", "14 triệu HKD")],
    "Tỉnh có 15 điểm giao dịch và 20 điểm bán hàng.":
        [("count", 15, None, None, "exact", "count", "15 điểm"),
         ("count", 20, None, None, "exact", "facilities", "20 điểm bán hàng")],
    "Học sinh đạt 8 điểm môn toán.": [],
    "Bài thi bị trừ 50 điểm thi toàn bài.": [],
    "Ông nói: một tấm gương có giá trị hơn một trăm bài diễn văn.": [],
    "Tỉnh có 25 CCN, 30 HTX và 45 CSSX.":
        [("count", 25, None, None, "exact", "facilities", "25 CCN"),
         ("count", 30, None, None, "exact", "facilities", "30 HTX"),
         ("count", 45, None, None, "exact", "facilities", "45 CSSX")],
    "Xã có ba mươi ba lao động và hai trăm hộ.":
        [("count", 33, None, None, "exact", "workers", "ba mươi ba lao động"),
         ("count", 200, None, None, "exact", "people", "hai trăm hộ")],
    "Xã có ba cơ sở.": [],  # optional by ANNOTATION.md
    # `nửa` before a magnitude is half of it; `nửa` alone is no number
    "Dự án cần nửa tỷ đồng.": [("money", 5e8, None, "VND", "exact", "money", "nửa tỷ đồng")],
    "Sau sáp nhập, quy mô công ty đạt gần nửa tỷ USD.":
        [("money", 5e8, None, "USD", "nearly", "money", "nửa tỷ USD")],
    "Phần mềm có hơn nửa triệu bác sĩ sử dụng.":
        [("count", 5e5, None, None, "more_than", "people", "nửa triệu bác sĩ")],
    "Tổng vốn đầu tư là nửa nghìn tỷ đồng.":
        [("money", 5e11, None, "VND", "exact", "budget", "nửa nghìn tỷ đồng")],
    "Mỗi lượng vàng mất cả nửa triệu đồng, có nơi cả triệu đồng.":
        [("money", 5e5, None, "VND", "exact", "price", "nửa triệu đồng")],
    "Doanh thu nửa năm đạt 5 tỷ đồng, một nửa từ xuất khẩu.":
        [("money", 5e9, None, "VND", "exact", "revenue", "5 tỷ đồng")],
    # homonyms of number words stay words
    "Dự án kéo dài mười năm với 2 triệu đồng.":
        [("money", 2e6, None, "VND", "exact", "money", "2 triệu đồng")],
    "Mạng 5G phủ sóng 63 tỉnh.": [("count", 63, None, None, "exact", "count", "63 tỉnh")],
}


@pytest.mark.parametrize("sentence", FAMILIES)
def test_a_family_of_amounts_reads_whole(sentence):
    found = [(f.kind, round(f.value, 6), f.value_max, f.unit, f.qualifier, f.indicator, f.text)
             for f in extract(sentence)]
    assert found == FAMILIES[sentence]
