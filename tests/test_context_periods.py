"""The period of each figure: the article's own year, parts of a year, and
comparisons, whose baseline year is the period of the baseline's own figure
only. Sentences written for these tests."""

from __future__ import annotations

import pytest

from extractor.clean import normalize_text
from extractor.context import build_article_context


def period_of(text: str, figure: str, published: str | None = None,
              title: str | None = None) -> tuple[int | None, int | None]:
    """The (period_start, period_end) of the first `figure` in `text`, as
    scored: a fact with only a year refers to that year."""
    text = normalize_text(text)
    figure = normalize_text(figure)
    at = text.index(figure)
    stops = [stop + 1 for stop in (text.rfind(". ", 0, at), text.rfind("\n", 0, at)) if stop >= 0]
    start = max(stops, default=0)
    end = min((stop for stop in (text.find(". ", at), text.find("\n", at)) if stop >= 0),
              default=len(text))
    context = build_article_context(text, published=published, title=title).at(
        start, end + 1, (at, at + len(figure)))
    if context.period_start is not None or context.period_end is not None:
        return context.period_start, context.period_end
    return context.year, context.year


@pytest.mark.parametrize(
    ("text", "figure", "title", "expected"),
    [
        # the headline's period is the article's
        ("Kết quả kinh doanh\nCông ty lãi 60 tỷ đồng.", "60 tỷ đồng", "Công ty lãi lớn nửa đầu năm 2019",
         (2019, 2019)),
        ("Kết quả kinh doanh\nCông ty lãi 60 tỷ đồng.", "60 tỷ đồng", "Kế hoạch giai đoạn 2021-2025",
         (2021, 2025)),
        # a headline's date is the article's date
        ("Giá vàng\nQuý I, giá tăng 5%.", "5%", "Giá vàng ngày 7/2/2019: tăng nhẹ", (2019, 2019)),
        # not a year it aims at
        ("Kết quả\nHiện tỉnh có 50 sản phẩm.", "50 sản phẩm", "Phấn đấu đến năm 2025 có 100 sản phẩm",
         (None, None)),
        # the one year the lead names
        ("Nợ thuế\nCục Thuế công bố danh sách nợ thuế, đợt thứ hai trong năm 2019.\n"
         "Công ty B nợ 5 tỷ đồng.", "5 tỷ đồng", None, (2019, 2019)),
        # a lead that names two years says none of them is the article's
        ("Vụ án\nCông ty A thành lập năm 2010. Năm 2012, công ty huy động 50 tỷ đồng.\n"
         "Tòa buộc bồi thường 30 tỷ đồng.", "30 tỷ đồng", None, (None, None)),
        # the year of the full dates it writes, a year it names twice: the year it dwells on
        ("Xăng dầu\nGiá xăng giảm.\nThuế bảo vệ môi trường là 4.000 đồng/lít.\n"
         "Giá cập nhật đến ngày 8/5/2019 là 17.580 đồng/lít.", "4.000 đồng", None, (2019, 2019)),
        ("Công đoàn\nCông đoàn chăm lo cho công nhân.\nLiên đoàn tặng 50 vé máy bay.\n"
         "Chủ đề của năm 2019 là vì đoàn viên. Chương trình công tác năm 2019 đã duyệt.", "50 vé",
         None, (2019, 2019)),
        # not when it names a later year: the dates are of its story
        ("Vụ án\nBị cáo bị truy tố.\nNgân hàng bị thiệt hại 272 tỷ đồng.\n"
         "Ngân hàng lập công ty ngày 25/12/2006. Tới tháng 11/2010, kiểm toán phát hiện năm 2009 lỗ.",
         "272 tỷ đồng", None, (None, None)),
        # a span of months it reports on dates it by the span's end
        ("Khối ngoại\nKhối ngoại mua ròng mạnh.\nTừ tháng 10/2018 đến hết tháng 1/2019, khối ngoại mua "
         "nhiều.\nCổ phiếu ngân hàng tăng 12%.", "12%", None, (2019, 2019)),
        # a year-end baseline dates the article the year after
        ("Kết quả quý\nCông ty báo cáo.\nNợ vay giảm 220 tỷ đồng so với thời điểm 31/12/2018.\n"
         "Tổng tài sản còn 50.080 tỷ đồng.", "50.080 tỷ đồng", None, (2019, 2019)),
        # a photo caption is no lead
        ("Công ty đặt kế hoạch có lãi trong năm 2022 (Ảnh: TL).\nCông ty công bố báo cáo năm 2018.\n"
         "Lợi nhuận đạt 50 tỷ đồng.", "50 tỷ đồng", None, (2018, 2018)),
        # a part of a year it names once ("tháng 3/2019", "đầu năm 2019", Tết) is news of that year
        ("Chợ hoa\nNgười bán than ế.\nMỗi cành đào giá 300.000 đồng.\n"
         "Sức mua giảm từ tháng 1/2018. Trong tháng 3/2019 sức mua vẫn thấp.", "300.000 đồng", None,
         (2019, 2019)),
        ("Khách sạn\nNhiều khách sạn rao bán.\nMỗi phòng giá 2 triệu đồng.\n"
         "Trong dịp Tết Nguyên đán 2019 khách vắng.", "2 triệu đồng", None, (2019, 2019)),
        ("Vàng\nGiá vàng giữ mức cao.\nMỗi lượng bán ra 36 triệu đồng.\n"
         "Từ đầu năm 2019 đến nay giá vàng tăng nhiều.", "36 triệu đồng", None, (2019, 2019)),
        # an account as of the end of a year is written the year after
        ("Dự án thua lỗ\nBộ họp về các dự án.\nCác dự án có tổng vốn 60.000 tỷ đồng.\n"
         "Nhiều dự án chậm tiến độ.\nTính đến 31/12/2018, 10 nhà máy đang hoạt động.", "60.000 tỷ đồng",
         None, (2019, 2019)),
        # a year named by its name in the cycle
        ("Chợ hoa\nNgười bán đào ế.\nMỗi cành giá 500.000 đồng.\n"
         "Dịp Tết Kỷ Hợi người mua ít.", "500.000 đồng", None, (2019, 2019)),
        ("Gặp mặt\nTỉnh gặp các nhà đầu tư.\nBuổi gặp mặt đầu Xuân Canh Tý có 200 doanh nghiệp.",
         "200 doanh nghiệp", None, (2020, 2020)),
        # a name that is no year's is nothing
        ("Chợ hoa\nNgười bán đào ế.\nMỗi cành giá 500.000 đồng.\n"
         "Dịp Tết Hà Nội đông người.", "500.000 đồng", None, (None, None)),
        # one it is written after
        ("Chứng khoán\nThị trường giảm điểm.\nChỉ số giảm 0,5%.\n"
         "Cổ phiếu tăng trong các phiên trước và sau Tết Nguyên đán 2019.", "0,5%", None, (2019, 2019)),
        # not one it aims at
        ("Đường cao tốc\nDự án chậm tiến độ.\nMỗi km tốn 200 tỷ đồng.\n"
         "Dự án phải xong trước tháng 6/2025.", "200 tỷ đồng", None, (None, None)),
        ("Giá sữa\nGiá sữa giảm.\nMỗi hộp giá 300.000 đồng.\n"
         "Giá trần áp dụng đến hết tháng 3/2019.", "300.000 đồng", None, (None, None)),
    ],
)
def test_the_year_of_an_undated_article(text, figure, title, expected):
    assert period_of(text, figure, title=title) == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # annual results are published the year after: the lead's year is the figures'
        ("Công ty C công bố báo cáo tài chính năm 2020 với doanh thu 900 tỷ đồng.\n"
         "Lợi nhuận sau thuế đạt 50 tỷ đồng.", "50 tỷ đồng", (2020, 2020)),
        # not when it names a part of the published year: it reports on that year
        ("Công ty C có doanh thu kỷ lục trong quý IV năm 2020.\nTrong quý I/2021 doanh thu tăng.\n"
         "Lợi nhuận sau thuế đạt 50 tỷ đồng.", "50 tỷ đồng", (2021, 2021)),
        # an older year in the lead is its story, not the year of the figures
        ("Năm 2009, ngân hàng lỗ nặng.\nNgân hàng báo lỗ 900 triệu USD.", "900 triệu USD", (2021, 2021)),
        # a part of a year written without "năm" is that year
        ("Tình hình tài chính\nĐến cuối 2020, tổng tài sản của công ty là 1.600 tỷ đồng.",
         "1.600 tỷ đồng", (2020, 2020)),
    ],
)
def test_the_year_of_a_dated_article(text, figure, expected):
    assert period_of(text, figure, published="2021-04-20") == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # a quarter or months named without a year are of the year before them in the paragraph
        ("Năm 2016 công ty có doanh thu 100 tỷ đồng; trong đó quý 4 doanh thu giảm 32%.", "32%",
         (2016, 2016)),
        ("Năm 2015 lỗ 10 tỷ đồng. Năm 2016 lãi 12 tỷ đồng. Riêng 6 tháng đầu năm lãi 5 tỷ đồng.",
         "5 tỷ đồng", (2016, 2016)),
        # else of the published year
        ("Quý I, công ty lãi 50 tỷ đồng.", "50 tỷ đồng", (2021, 2021)),
        # a month named without its year is too, not a year named after it
        ("Năm 2020 xuất khẩu đạt 30 tỷ USD. Trong tháng 1/2021 đạt 3 tỷ USD. Hết tháng 2, xuất khẩu "
         "tăng 5%, trong khi năm 2020 tăng 4%.", "5%", (2021, 2021)),
        ("Trong tháng 3 vừa qua, doanh thu tăng 12%, cao hơn năm 2019.", "12%", (2021, 2021)),
        ("Trong tháng 12 vừa qua, doanh thu tăng 12%.", "12%", (2020, 2020)),
        # a duration is no month, nor a month of a span with its year
        ("Năm 2019 công ty lãi 5 tỷ đồng. Sau 3 tháng, công ty lãi thêm 2 tỷ đồng.", "2 tỷ đồng",
         (2019, 2019)),
        ("Trong tháng 3 và tháng 4/2020, chuỗi đóng 400 nhà hàng.", "400 nhà hàng", (2020, 2020)),
        # "quý 3 này", "tháng 9 này": of the year written in, even before it begins
        ("Hãng dự kiến huy động 300 triệu USD trong quý 3 này.", "300 triệu USD", (2021, 2021)),
        ("Trong tháng 11 này, tỉnh sẽ giải ngân 40 tỷ đồng.", "40 tỷ đồng", (2021, 2021)),
    ],
)
def test_parts_of_a_year(text, figure, expected):
    assert period_of(text, figure, published="2021-05-01") == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # a span to the end of a year
        ("Từ năm 2012 đến hết năm 2016, cục đã kiểm tra 140 doanh nghiệp.", "140 doanh nghiệp",
         (2012, 2016)),
        ("Giai đoạn từ năm 2012 đến cuối năm 2016, tỉnh chi 40 tỷ đồng.", "40 tỷ đồng", (2012, 2016)),
        # a span from a day, a month or a part of a year to another is of the years it spans
        ("Từ ngày 15/11/2019 đến 20/3/2020, đoàn kiểm tra 45 cửa hàng.", "45 cửa hàng", (2019, 2020)),
        ("Từ tháng 9/2018 đến hết tháng 2/2019, quỹ mua 12 triệu cổ phiếu.", "12 triệu cổ phiếu",
         (2018, 2019)),
        ("Từ tháng 4/2017 - 6/2018, hai đại lý thu về 8 tỷ đồng.", "8 tỷ đồng", (2017, 2018)),
        ("Trong 9 tháng (từ tháng 5/2016 đến 1/2017) nhóm này bán 300 bộ hồ sơ.", "300 bộ hồ sơ",
         (2016, 2017)),
        ("Từ cuối năm 2015 đến tháng 6/2017, công ty huy động 900 tỷ đồng.", "900 tỷ đồng", (2015, 2017)),
        ("Tính từ ngày 1.1.2020 đến hết ngày 30.6.2020, doanh thu đạt 700 tỷ đồng.", "700 tỷ đồng",
         (2020, 2020)),
        # a sentence opening with the year it counts from reports what accrued up to now;
        # within a sentence it is the year a thing began, and a year not yet reached is that year
        ("Tính từ năm 1995, các nhà đầu tư Nhật đã rót 40 tỷ USD vào tỉnh.", "40 tỷ USD", (1995, 2021)),
        ("Từ năm 2016, hội đã trao 1.200 suất học bổng.", "1.200 suất học bổng", (2016, 2021)),
        ("Công ty được thành lập từ năm 2010 với vốn điều lệ 6 tỷ đồng.", "6 tỷ đồng", (2010, 2010)),
        ("Từ năm 2023, mức phí tăng thêm 20.000 đồng.", "20.000 đồng", (2023, 2023)),
        # "đến thời điểm thanh tra" is up to now
        ("Từ năm 2016 đến thời điểm thanh tra, đơn vị đã bán 4 lô đất.", "4 lô đất", (2016, 2021)),
        # from now to a year: up to that year, from no year written; to the end of this year: this year
        ("Từ nay đến năm 2025, tỉnh sẽ xây thêm 12 trường học.", "12 trường học", (None, 2025)),
        ("Từ đây tới 2030 thành phố có thêm 50.000 căn hộ.", "50.000 căn hộ", (None, 2030)),
        ("Từ nay đến cuối năm 2021, công ty sẽ mua 30% vốn của đối tác.", "30%", (2021, 2021)),
        # a fiscal or school year written with the end's last two digits
        ("Trong năm 2018-19, kim ngạch đạt 500 tỷ AUD.", "500 tỷ AUD", (2018, 2019)),
        ("Năm học 2019/20 trường tuyển 300 học sinh.", "300 học sinh", (2019, 2020)),
        # an accounting or fiscal year that spans two years, and one named in a single year
        ("Theo báo cáo niên độ 2018 - 2019, công ty lỗ 12 tỷ đồng.", "12 tỷ đồng", (2018, 2019)),
        ("Năm tài chính 2018-2019 công ty lãi 7 tỷ đồng.", "7 tỷ đồng", (2018, 2019)),
        ("Trong năm tài khóa 2018, nhà đầu tư chi 9 tỷ AUD.", "9 tỷ AUD", (2018, 2018)),
        # the year that ends an event's name is the time of what it reports; not a year the
        # event aims at
        ("Khảo sát công bố tại Diễn đàn Bán lẻ trực tuyến 2019 cho thấy 25% người mua online.", "25%",
         (2019, 2019)),
        ("Tại Đại hội đồng cổ đông thường niên 2019, công ty chia cổ tức 10%.", "10%", (2019, 2019)),
        ("Hội nghị đặt mục tiêu đến năm 2025 đạt 40%.", "40%", (2025, 2025)),
        # a year written without "năm" after a word that makes it one; not an amount
        ("Tập đoàn ghi nhận lợi nhuận 2019 tăng 15%.", "15%", (2019, 2019)),
        ("Riêng 2018, tỉnh đón 2 triệu lượt khách.", "2 triệu lượt khách", (2018, 2018)),
        ("Nếu 2015 chỉ thu 900 tỷ đồng thì nay đã gấp đôi.", "900 tỷ đồng", (2015, 2015)),
        ("Công ty có doanh thu 2000 tỷ đồng.", "2000 tỷ đồng", (2021, 2021)),
        # not a year followed by a percentage
        ("Năm 2019-20% doanh nghiệp báo lãi 10 tỷ đồng.", "10 tỷ đồng", (2019, 2019)),
        # a year written right after a figure is its own, not the one before it
        ("Năm 2019 tỷ lệ giải ngân tăng từ 40% năm 2017 lên 44% năm 2018.", "40%", (2017, 2017)),
        ("Năm 2019 tỷ lệ giải ngân tăng từ 40% năm 2017 lên 44% năm 2018.", "44%", (2018, 2018)),
        ("Năm 2020 công ty báo lãi, so với mức lỗ 20 tỷ đồng (năm 2019).", "20 tỷ đồng", (2019, 2019)),
        ("Năm 2020 khách chi 30 tỷ AUD, hơn mức 25 tỷ AUD hồi năm 2019.", "25 tỷ AUD", (2019, 2019)),
        # figures after "lần lượt" go with a list of two years in order; a span is not paired
        ("Năm 2018 và 2019, lãi lần lượt đạt 50 tỷ đồng và 60 tỷ đồng.", "50 tỷ đồng", (2018, 2018)),
        ("Năm 2018 và 2019, lãi lần lượt đạt 50 tỷ đồng và 60 tỷ đồng.", "60 tỷ đồng", (2019, 2019)),
        ("Cao nhất trong năm 2017, 2018 với lần lượt 12,5 tỷ đồng và 14 tỷ đồng.", "14 tỷ đồng",
         (2018, 2018)),
        ("Giai đoạn 2018-2019, hai tỉnh lần lượt chi 50 tỷ đồng và 60 tỷ đồng.", "60 tỷ đồng",
         (2018, 2019)),
        # not one after a comma: it begins the next clause
        ("Năm 2019 công ty lãi 20 tỷ đồng, năm 2020 lãi 30 tỷ đồng.", "20 tỷ đồng", (2019, 2019)),
    ],
)
def test_spans_and_the_year_after_a_figure(text, figure, expected):
    assert period_of(text, figure, published="2021-05-01") == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # a comparison's baseline is no period of the figure compared with it ...
        ("Năm 2020 tổng tài sản đạt 1.326 tỷ đồng, tăng 8,5% so với năm 2019.", "8,5%", (2020, 2020)),
        ("Năm 2020 tổng tài sản đạt 1.326 tỷ đồng, tăng 8,5% so với năm 2019.", "1.326 tỷ đồng",
         (2020, 2020)),
        # ... nor carried over to the next sentence
        ("Năm 2020 ngân hàng lãi 23 tỷ đồng, tương đương với năm 2019. Tổng tài sản đạt 1.326 tỷ đồng.",
         "1.326 tỷ đồng", (2020, 2020)),
        # but the baseline's own figure is of its year
        ("Lỗ năm 2020 là 2.351 tỷ đồng so với mức lỗ của năm 2019 là 2.005 tỷ đồng.", "2.005 tỷ đồng",
         (2019, 2019)),
        ("Lỗ năm 2020 là 2.351 tỷ đồng so với mức lỗ của năm 2019 là 2.005 tỷ đồng.", "2.351 tỷ đồng",
         (2020, 2020)),
        ("Tỷ suất lợi nhuận năm 2020 đạt 6,48%, giảm so với mức xấp xỉ 11% của năm 2019.", "11%",
         (2019, 2019)),
        ("Thu nhập năm 2020 đạt 59 triệu đồng, gấp 3,9 lần so với năm 2010 (15 triệu đồng).",
         "15 triệu đồng", (2010, 2010)),
        # the same period a year before ("cùng kỳ") is a year before the figure's own
        ("Quý I năm 2017, doanh thu đạt 196 tỷ đồng so với con số 1.233 tỷ đồng cùng kỳ năm trước.",
         "1.233 tỷ đồng", (2016, 2016)),
        ("Quý I năm 2017, doanh thu đạt 196 tỷ đồng so với con số 1.233 tỷ đồng cùng kỳ năm trước.",
         "196 tỷ đồng", (2017, 2017)),
        ("Năm 2020 công ty lỗ ròng 1.255 tỷ đồng (cùng kỳ vẫn có lãi 116,6 tỷ đồng).", "116,6 tỷ đồng",
         (2019, 2019)),
        ("Tín dụng tăng 3,34% so với cuối năm 2020 (cùng kỳ năm 2020 tăng 0,78%).", "0,78%",
         (2020, 2020)),
        ("Tín dụng tăng 3,34% so với cuối năm 2020 (cùng kỳ năm 2020 tăng 0,78%).", "3,34%",
         (2021, 2021)),
        # a verb between the comparison and the figure makes the figure the current value
        ("Năm 2017 chi phí so với cùng kỳ năm 2016 tăng 104 tỷ đồng.", "104 tỷ đồng", (2017, 2017)),
        # a figure before "của cùng kỳ" is the baseline, the one after it the current value
        ("Doanh thu tài chính giảm từ 8.591 tỷ đồng của cùng kỳ xuống còn 2.307 tỷ đồng.",
         "8.591 tỷ đồng", (2020, 2020)),
        ("Doanh thu tài chính giảm từ 8.591 tỷ đồng của cùng kỳ xuống còn 2.307 tỷ đồng.",
         "2.307 tỷ đồng", (2021, 2021)),
        # a clause of its own after a comparison is current again
        ("Doanh thu giảm 58% so với cùng kỳ, đạt 824 tỷ đồng.", "824 tỷ đồng", (2021, 2021)),
        ("Giá trị thương hiệu tăng 100 bậc so với năm ngoái với trị giá 13 tỷ USD.", "13 tỷ USD",
         (2021, 2021)),
        # a record year is the time of its figure; "kể từ" a year is a comparison
        ("Doanh thu đạt cao nhất trong năm 2017 là 182 tỷ đồng.", "182 tỷ đồng", (2017, 2017)),
        ("Quý này lỗ 900 tỷ đồng, mức lỗ cao nhất kể từ năm 2009.", "900 tỷ đồng", (2021, 2021)),
        # a baseline figure with a decimal comma ("so với mức 2,35% cuối năm 2020") is still the
        # baseline: its year is neither the compared figure's nor the next sentence's
        ("Tỷ lệ nợ xấu giảm còn 2,1% so với mức 2,35% cuối năm 2020.\nThu từ dịch vụ tăng 40%.", "2,1%",
         (2021, 2021)),
        ("Tỷ lệ nợ xấu giảm còn 2,1% so với mức 2,35% cuối năm 2020.\nThu từ dịch vụ tăng 40%.", "2,35%",
         (2020, 2020)),
        ("Tỷ lệ nợ xấu giảm còn 2,1% so với mức 2,35% cuối năm 2020. Thu từ dịch vụ tăng 40%.", "40%",
         (2021, 2021)),
    ],
)
def test_comparisons(text, figure, expected):
    assert period_of(text, figure, published="2021-04-20") == expected
