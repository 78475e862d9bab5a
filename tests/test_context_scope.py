"""The province a figure is about: its sentence, its paragraph, its article's own scope.

Every text here is written for the project (no archive or gold text).
"""

from __future__ import annotations

import pytest

from extractor import extract


def provinces_of(text: str, title: str | None = None, url: str | None = None,
                 published: str | None = None) -> dict[str, str | None]:
    """The province of each figure of `text`, by the figure as written."""
    facts = extract(text, title=title, published=published, url=url)
    return {fact.text: fact.province for fact in facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place written nearest before the figure, in its own sentence
        ("Giá vàng tại Hà Nội là 55 triệu đồng/lượng, tại TP.HCM là 56 triệu đồng/lượng.",
         {"55 triệu đồng": "Hà Nội", "56 triệu đồng": "Hồ Chí Minh"}),
        ("Cục Thuế tỉnh Nghệ An phạt 3 doanh nghiệp ở Hà Tĩnh 200 triệu đồng.",
         {"3 doanh nghiệp": "Nghệ An", "200 triệu đồng": "Hà Tĩnh"}),
        # else the first after it, in its clause only
        ("Có 500 doanh nghiệp tại Bắc Ninh.", {"500 doanh nghiệp": "Bắc Ninh"}),
        ("Hà Nội và Hải Phòng ký kết.\nCông ty đầu tư 5 tỷ đồng, sau đó mở 1 chi nhánh ở Nam Định.",
         {"5 tỷ đồng": None, "1 chi nhánh": "Nam Định"}),
        # the whole country, and what is only compared with it
        ("Cả nước có 800 thủy điện, trong đó Quảng Nam có 40 thủy điện.",
         {"800 thủy": "national", "40 thủy": "Quảng Nam"}),
        ("Trên toàn quốc có 12.000 doanh nghiệp giải thể.", {"12.000 doanh nghiệp": "national"}),
        ("Vốn đầu tư nước ngoài vào Việt Nam đạt 28 tỷ USD.", {"28 tỷ USD": "national"}),
        # a national body before the figure speaks; a place right after it is what it speaks of
        ("Bộ GTVT cho biết cần 5.000 tỷ đồng để mở rộng sân bay Phú Quốc.", {"5.000 tỷ đồng": "Kiên Giang"}),
        ("Bộ GTVT cho biết cần 5.000 tỷ đồng cho các sân bay.", {"5.000 tỷ đồng": "national"}),
        # the country as the subject of what flows into it: visitors it receives, capital it draws
        ("Năm 2019, Việt Nam đón 18 triệu lượt khách quốc tế.", {"18 triệu lượt khách": "national"}),
        ("Đến nay, Việt Nam đã thu hút 390 tỷ USD vốn đầu tư của các nhà đầu tư Nhật.",
         {"390 tỷ USD": "national"}),
        ("Bắc Ninh có tỷ lệ 80%, cao nhất cả nước.", {"80%": "Bắc Ninh"}),
        ("Tỷ lệ trường đạt chuẩn là 80%, cao nhất cả nước.", {"80%": None}),
        ("Hà Nội chiếm 20% số dự án của cả nước.", {"20%": "Hà Nội"}),
        # a ministry speaking for the country, in its own sentence
        ("Theo Tổng cục Thống kê, cả năm có 100.000 doanh nghiệp thành lập mới.",
         {"100.000 doanh nghiệp": "national"}),
        ("Bộ Tài chính cho biết đã giải ngân 3.000 tỷ đồng.", {"3.000 tỷ đồng": "national"}),
        # a national body of a country abroad speaks for that country
        ("Theo Tổng cục Thống kê Trung Quốc, cả năm có 900.000 doanh nghiệp thành lập mới.",
         {"900.000 doanh nghiệp": None}),
        ("Thanh tra Chính phủ cho biết có 77 người được xác minh tài sản.", {"77 người": "national"}),
        ("Theo quy định của Bộ Y tế, mỗi trạm có 5 nhân viên.", {"5 nhân viên": None}),
        # and through its report, for its own sentence only
        ("Theo báo cáo của Bộ Kế hoạch và Đầu tư, tuyến đường cần 90.000 tỷ đồng.",
         {"90.000 tỷ đồng": "national"}),
        ("Theo số liệu mới nhất từ Tổng cục Hải quan, xuất khẩu tăng 7%. Một công ty lãi 8 tỷ đồng.",
         {"7%": "national", "8 tỷ đồng": None}),
        # several provinces together: the figure is all of theirs
        ("Hà Nội và TP.HCM có 500 cơ sở.", {"500 cơ sở": None}),
        ("Các tỉnh Lào Cai, Yên Bái, Tuyên Quang nhận 60 tỷ đồng.", {"60 tỷ đồng": None}),
        ("Đề án hỗ trợ 63 cơ sở của 9 tỉnh (Lào Cai, Yên Bái, Tuyên Quang, Hà Giang).",
         {"63 cơ sở": None, "9 tỉnh": None}),
        # places inside one province, with or without a unit word
        ("Tập đoàn khởi công khu nghỉ dưỡng 1.000 ha tại Phú Quốc.", {"1.000 ha": "Kiên Giang"}),
        ("Huyện Phú Quốc đón 500.000 lượt khách.", {"500.000 lượt khách": "Kiên Giang"}),
        ("TP Đà Lạt có 300 khách sạn.", {"300 khách sạn": "Lâm Đồng"}),
        ("Trạm thu phí Bắc Hải Vân thu 90.000 đồng/lượt.", {"90.000 đồng": "Huế"}),
        # a district or a town of the gazetteer after its unit word, whose name no other
        # province shares; the bare name is no place (it may be a person's or a street's)
        ("Một xưởng may ở quận 12 tuyển 150 công nhân.", {"150 công nhân": "Hồ Chí Minh"}),
        ("Huyện Quỳnh Lưu có 2.300 hộ nuôi tôm.", {"2.300 hộ": "Nghệ An"}),
        ("Thị trấn Phố Châu thu ngân sách 12 tỷ đồng.", {"12 tỷ đồng": "Hà Tĩnh"}),
        ("TP Vinh có 40 dự án mới.", {"40 dự án": "Nghệ An"}),
        ("Ông Quỳnh Lưu góp 200 triệu đồng.", {"200 triệu đồng": None}),
        # not provinces: a road, a route, universities, companies, foreign homonyms
        ("Dự án nằm trên xa lộ Hà Nội có tổng vốn 500 tỷ đồng.", {"500 tỷ đồng": None}),
        ("Xe chạy trên cao tốc Pháp Vân - Cầu Giẽ - Ninh Bình chở 40 người.", {"40 người": None}),
        ("Theo chuyên gia của ĐHQG Hà Nội, vốn FDI đạt 28 tỷ USD.", {"28 tỷ USD": None}),
        ("Trường Đại học Y Hà Nội tuyển 1.200 sinh viên.", {"1.200 sinh viên": None}),
        ("Ngân hàng TMCP Công Thương Hà Nội lãi 300 tỷ đồng.", {"300 tỷ đồng": None}),
        ("Sở Giao dịch Chứng khoán TP.HCM phạt CTCP Minh Phát 500 triệu đồng.", {"500 triệu đồng": None}),
        ("Ngân hàng Chính sách xã hội tỉnh Tuyên Quang cho vay 36 tỷ đồng.",
         {"36 tỷ đồng": "Tuyên Quang"}),
        ("Nhà máy ở tỉnh Hà Nam, Trung Quốc có 3.000 công nhân.", {"3.000 công nhân": None}),
        ("Trung Quốc cho biết Trịnh Châu, Hà Nam có 3.000 công nhân.", {"3.000 công nhân": None}),
        ("Hà Nam có 3.000 công nhân.", {"3.000 công nhân": "Hà Nam"}),
        # a place in a company's name, and the company's short name, are the company's
        ("CTCP Phát triển Nhà Thủ Đức lãi 60 tỷ đồng. Cục Thuế phạt Nhà Thủ Đức 1 tỷ đồng.",
         {"60 tỷ đồng": None, "1 tỷ đồng": None}),
        # a brand before a province names its branch there
        ("Ngân hàng Agribank Nghệ An cho biết. Năm nay Agribank Nghệ An chi trả 80.000 món kiều hối.",
         {"80.000 món": "Nghệ An"}),
        # a stock ticker speaks for its company; the exchange for the national market
        ("Cổ phiếu KBC giảm 5%, mã NVL có lúc mất 6,5%.", {"5%": None, "6,5%": None}),
        ("Thanh khoản trên HSX đạt 15.000 tỷ đồng.", {"15.000 tỷ đồng": "national"}),
        ("HSX đạt 15.000 tỷ đồng.", {"15.000 tỷ đồng": "national"}),
        ("CTCP Ánh Dương (HoSE: ADG) đạt 300 tỷ đồng doanh thu.", {"300 tỷ đồng": None}),
        # abroad
        ("Tài khoản tại ngân hàng ở Singapore có 5 triệu USD.", {"5 triệu USD": None}),
        # a person: a name once a person's stays that person's in the article
        ("Ông Đỗ Bình Dương mua 4 xe. Bình Dương phải bỏ ra 5 tỷ đồng.",
         {"4 xe": None, "5 tỷ đồng": None}),
        ("Bình Dương thu hút 40 dự án.", {"40 dự án": "Bình Dương"}),
        # where a speaker comes from is not what the sentence reports
        ("Đại biểu Lê Văn Nam (Bình Định) dẫn ra 3 dự án chậm tiến độ.", {"3 dự án": None}),
        ("Chị L.A (Hà Nội) cho biết ứng dụng trả 8% hoa hồng.", {"8%": None}),
        # a place compared with is not the figure's
        ("Hệ thống nước sạch kém hơn cả Hải Dương, mỗi xã chỉ có 5.000 người.", {"5.000 người": None}),
        # a region of several provinces gives none, but yields to a province named before it
        ("Dự án đưa 100 xe về các tỉnh đồng bằng sông Cửu Long.", {"100 xe": None}),
        ("UBND tỉnh Điện Biên cho biết dự án giảm nghèo miền núi phía Bắc gồm 628 tiểu dự án.",
         {"628 tiểu": "Điện Biên"}),
        ("Khu vực phía Đông Bắc của đảo rộng 87 ha.", {"87 ha": None}),
        ("Là cực tăng trưởng của vùng duyên hải Bắc Bộ, Hải Phòng phấn đấu tăng 14%.", {"14%": "Hải Phòng"}),
        ("Công ty mở 100 cửa hàng tại TP.HCM và các tỉnh đồng bằng sông Cửu Long.", {"100 cửa hàng": None}),
        # abroad is where a figure is, not a nationality
        ("Tại Mỹ, giá xăng là 3 USD một gallon.", {"3 USD": None}),
        ("Giá xăng của Việt Nam là 17.000 đồng/lít, thấp hơn Lào là 4.000 đồng/lít, "
         "Singapore: 16.000 đồng/lít.",
         {"17.000 đồng": "national", "4.000 đồng": None, "16.000 đồng": None}),
        ("Thương lái Trung Quốc mua ớt ở Bình Định với giá 2.000 đồng/kg.", {"2.000 đồng": "Bình Định"}),
        # a destination yields to the place its sentence named before it
        ("Hàng dệt may của Việt Nam xuất sang Mỹ đạt 3 tỷ USD.", {"3 tỷ USD": "national"}),
        ("Nông dân Bắc Giang chở vải ra Hà Nội, bán được 20 tấn.", {"20 tấn": "Bắc Giang"}),
        # a market ("tại Việt Nam") is the figure's own sentence's only
        ("Tỷ lệ người dùng máy lọc nước tại Việt Nam là 30%.", {"30%": "national"}),
        # the districts of a city are the city's
        ("Anh Đức bán 2 căn hộ ở Tây Hồ.", {"2 căn hộ": "Hà Nội"}),
        # a place far after the figure, or after another figure, is another clause's
        ("Cục thuế thu 200 tỷ đồng từ các doanh nghiệp lớn nhỏ trong nhiều lĩnh vực khác nhau, "
         "trong đó có nhiều doanh nghiệp đã hoạt động lâu năm tại Đà Nẵng.", {"200 tỷ đồng": None}),
    ],
)
def test_province_of_each_figure_of_a_sentence(text, expected):
    assert provinces_of(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a place named earlier in the paragraph carries over; one named later does not
        ("Tin tức\nTại Hà Tĩnh, Sở họp. Tỉnh hỗ trợ 20 cơ sở. Đoàn sau đó đến Nghệ An.", None,
         {"20 cơ sở": "Hà Tĩnh"}),
        # a place passed through counts in its sentence only, and yields to the article's
        ("Nông dân Nghệ An trồng ổi\nAnh Nam ra Hà Nội mua giống về trồng 200 gốc. "
         "Mỗi năm vườn lãi 200 triệu đồng.", None,
         {"200 gốc": "Nghệ An", "200 triệu đồng": "Nghệ An"}),
        # a headline naming one province is the article's scope
        ("Tỉnh hỗ trợ 20 cơ sở.", "Nghệ An đẩy mạnh khuyến công", {"20 cơ sở": "Nghệ An"}),
        # a place carries over in its paragraph as the topic of its sentence, not as a venue
        # or an object further in it
        ("Thị trường vàng\nTại Hà Nội, giá vàng miếng tăng 100.000 đồng/lượng. Giá mua vào là 36 triệu "
         "đồng/lượng.", None, {"100.000 đồng": "Hà Nội", "36 triệu đồng": "Hà Nội"}),
        ("Thị trường vàng\nCông ty vàng bạc Minh Phú niêm yết giá tại Hà Nội là 36 triệu đồng/lượng. "
         "Công ty Kim Hưng niêm yết 35,9 triệu đồng/lượng.", None,
         {"36 triệu đồng": "Hà Nội", "35,9 triệu đồng": None}),
        # never a province named only elsewhere in the article, however often
        ("Lễ trao giải diễn ra tại Hà Nội.\nCông ty dành 20 tỷ đồng cho chương trình.\n"
         "Đoàn công tác đến Hà Nội, rồi về Hà Nội.", None, {"20 tỷ đồng": None}),
        ("Tin tức\nTỉnh hỗ trợ 20 cơ sở.\nHà Tĩnh họp.\nHà Tĩnh và Nghệ An ký kết.", None,
         {"20 cơ sở": None}),
        # a lead naming a local body, or its territory, makes the article that province's
        ("Họp bàn kế hoạch năm\nNgày 5/3, UBND tỉnh Quảng Nam họp bàn kế hoạch.\n"
         "Năm nay tỉnh cần 83 tỷ đồng.", None, {"83 tỷ đồng": "Quảng Nam"}),
        ("Dịch bệnh diễn biến phức tạp\nTrên địa bàn tỉnh Hà Nam có thêm 4 ca bệnh.\n"
         "Ngành y tế đã lập 5 chốt kiểm soát.", None, {"4 ca bệnh": "Hà Nam", "5 chốt": "Hà Nam"}),
        # a venue in the lead is not the article's scope
        ("Đại hội cổ đông năm 2021\nNgân hàng họp đại hội cổ đông tại Hà Nội.\n"
         "Ngân hàng trình chia cổ tức 1.800 đồng/cổ phiếu.", None, {"1.800 đồng": None}),
        # a sentence opening "Tại Hà Nội, …" sets the scene; a lead naming two provinces gives none
        ("Giá vàng hôm nay\nTại Hà Nội, giá vàng là 55 triệu đồng/lượng.\nCòn ở TP.HCM giá là 56 "
         "triệu đồng/lượng.\nĐồng USD tăng 0,2%.", None,
         {"55 triệu đồng": "Hà Nội", "56 triệu đồng": "Hồ Chí Minh", "0,2%": None}),
        # a ministry opening its sentence speaks for the country in the sentences after it
        ("Tin tức\nBộ Kế hoạch và Đầu tư cho biết, số dự án giảm mạnh. Năm nay còn 5.000 dự án.", None,
         {"5.000 dự án": "national"}),
        # the agent of a passive verb does not act: "được Chính phủ phê duyệt"
        ("Hà Giang phát triển cây thuốc\nDự án của Hà Giang đã được Chính phủ phê duyệt với quy mô "
         "12.581 ha.", None, {"12.581 ha": "Hà Giang"}),
        # a lead speaking of the whole country, and of nothing narrower, makes the article national
        ("Tín dụng tăng trưởng\nTín dụng toàn hệ thống tăng 2,9% trong quý I.\n"
         "Theo thời hạn, dư nợ ngắn hạn chiếm 60%.", None, {"2,9%": "national", "60%": "national"}),
        ("Tín dụng tăng trưởng\nTín dụng toàn hệ thống tăng 2,9%, riêng cổ phiếu TPB tăng 5%.\n"
         "Theo thời hạn, dư nợ ngắn hạn chiếm 60%.", None, {"2,9%": "national", "5%": None, "60%": None}),
        # a person's address is a place in passing in an article with a scope of its own,
        # and the place of an article about that person
        ("Triệt phá đường dây làm giả con dấu\nCông an quận Đống Đa, Hà Nội cho biết đã bắt "
         "Nguyễn Văn A, trú tại xã Đông Sơn, huyện Đông Hưng, tỉnh Thái Bình. "
         "A bán 300 bộ giấy tờ giả.", None, {"300 bộ": "Hà Nội"}),
        ("Tỷ phú nuôi bò\nChị Lê Thị B, ngụ tại xã Tân Mỹ, TP Mỹ Tho, Tiền Giang, nuôi 30 con bò. "
         "Mỗi con cho lãi 100.000 đồng/ngày.\nChị được TP Mỹ Tho khen thưởng.", None,
         {"30 con": "Tiền Giang", "100.000 đồng": "Tiền Giang"}),
        # a province after the district it holds is the place the lead reports on; where a
        # person comes from is not
        ("Làm giàu từ mo cau\nXưởng của anh Nam tại cụm công nghiệp Hòa Bình (huyện Mộ Đức, "
         "Quảng Ngãi) chạy hết công suất. Là người gốc tỉnh Bình Định, anh lập xưởng năm 2019.\n"
         "Mỗi tháng xưởng làm 20.000 sản phẩm.", None, {"20.000 sản phẩm": "Quảng Ngãi"}),
        # a headline's national word is the reach of a case the lead's local body reports
        ("Công an quận Đống Đa, Hà Nội cho biết đường dây bán 300 bộ giấy tờ giả.\n"
         "Mỗi bộ giá 5 triệu đồng.", "Triệt phá đường dây làm giả giấy tờ quy mô toàn quốc",
         {"300 bộ": "Hà Nội", "5 triệu đồng": "Hà Nội"}),
        ("Mỗi bộ giá 5 triệu đồng.", "Giá vé tăng trên toàn quốc", {"5 triệu đồng": "national"}),
        # a national leader speaks for the country, except on a visit to a province
        ("Dự án thua lỗ\nTheo Phó Thủ tướng, các dự án có giá trị khoảng 3 tỷ USD.", None,
         {"3 tỷ USD": "national"}),
        ("Thủ tướng làm việc với Hải Phòng\nThủ tướng cho rằng GRDP ước đạt 13%.", None,
         {"13%": "Hải Phòng"}),
        # a national topic (a national tax or fund) makes a headline or lead about it national,
        # and its sentence, unless the article has a province of its own
        ("Người dân thu nhập 6 triệu đồng/tháng.", "Không nên tăng thuế bảo vệ môi trường với xăng",
         {"6 triệu đồng": "national"}),
        ("Quỹ bảo hiểm y tế bội chi\nQuỹ BHYT năm qua bội chi 3.000 tỷ đồng.\nCó 37 tỉnh chi vượt quỹ.",
         None, {"3.000 tỷ đồng": "national", "37 tỉnh": "national"}),
        ("Thu ngân sách\nCục Thuế tỉnh Bắc Ninh thu ngân sách.\nThuế bảo vệ môi trường đạt 300 tỷ đồng.",
         None, {"300 tỷ đồng": "Bắc Ninh"}),
        # the regulated fuel prices and the State's policy lending are the country's
        ("Giá xăng có thể giảm\nCác doanh nghiệp đầu mối dự báo giá bán lẻ giảm 200 đồng/lít.", None,
         {"200 đồng": "national"}),
        ("Vốn vay ưu đãi tăng\nNgân hàng Chính sách xã hội cho 2 triệu hộ vay 90.000 tỷ đồng.", None,
         {"2 triệu hộ": "national", "90.000 tỷ đồng": "national"}),
        # the duties on what the country trades, and its trade with another country
        ("Giá xe có thể giảm\nCác hãng chờ thông tin mới.\nThuế nhập khẩu linh kiện giảm từ 20% về 5%.",
         None, {"20%": "national", "5%": "national"}),
        ("Hợp tác kinh tế\nHai bên ký nhiều văn kiện. Thương mại song phương Việt - Pháp đạt 5 tỷ USD.",
         None, {"5 tỷ USD": "national"}),
        ("Chi khám chữa bệnh\nCác cơ sở y tế tăng chi.\nTại Thái Bình có 20 bệnh viện vượt trần. "
         "Quỹ BHYT năm 2017 phải bù 14.000 tỷ đồng.", None,
         {"20 bệnh viện": "Thái Bình", "14.000 tỷ đồng": "national"}),
        # a business's figure in a report on the nation's market is the business's own: named
        # in full, by the short name it goes by, or by its ticker; not as a source ("Theo …")
        ("Thị trường khởi sắc\nTín dụng toàn hệ thống tăng 3%.\n"
         "CTCP Chứng khoán Sao Mai lãi 120 tỷ đồng. Năm nay Sao Mai mở 9.000 tài khoản, "
         "cổ phiếu (SMC) tăng 4%.\nTheo Sao Mai, thanh khoản toàn thị trường đạt 20.000 tỷ đồng.",
         None, {"3%": "national", "120 tỷ đồng": None, "9.000 tài khoản": None, "4%": None,
                "20.000 tỷ đồng": "national"}),
        ("Thị trường khởi sắc\nTín dụng toàn hệ thống tăng 3%.\n"
         "Công ty Cổ phần Thép VinaSteel (VNS) lãi 50 tỷ đồng.\nVNS chia cổ tức 12%.", None,
         {"3%": "national", "50 tỷ đồng": None, "12%": None}),
        # a brand's arm in Vietnam is a company, named without a head word; a national body
        # named after the country is not
        ("Xuất khẩu lập kỷ lục\nCả nước xuất khẩu 260 tỷ USD.\nNăm ngoái, Samsung Việt Nam đạt "
         "doanh số 46 tỷ USD.", None, {"260 tỷ USD": "national", "46 tỷ USD": None}),
        # a market abroad the country sells to is not where an export figure is; a company's
        # exports are its own
        ("Xuất khẩu đầu năm\nTháng 1, hàng dệt may xuất khẩu sang Hoa Kỳ đạt 1,2 tỷ USD.", None,
         {"1,2 tỷ USD": "national"}),
        ("Xuất khẩu đầu năm\nCTCP Dệt may Minh Phát xuất khẩu sang Hoa Kỳ 20 triệu USD.", None,
         {"20 triệu USD": None}),
        # once a ticker, a word is its company's wherever the article writes it
        ("Chứng khoán chiều nay\nVN-Index tăng 5 điểm, thanh khoản toàn thị trường đạt 9.000 tỷ đồng.\n"
         "KHT tăng 3%. Riêng KHT có khớp lệnh 4,5 triệu đơn vị.", None,
         {"9.000 tỷ đồng": "national", "3%": None, "4,5 triệu đơn vị": None}),
        # nor its seat's: a province the lead makes the article's scope yields to a business
        # named before the figure; one the headline names, or the paragraph, does not
        ("Một năm vượt khó\nNgày 5/1, tại Nhà máy ở tỉnh Quảng Ngãi, CTCP Lọc dầu Minh Phát "
         "tổng kết năm.\nMinh Phát năm nay lãi 900 tỷ đồng.", None, {"900 tỷ đồng": None}),
        ("Quảng Ngãi cấp phép 3 dự án\nNgày 5/1, UBND tỉnh Quảng Ngãi trao giấy phép.\n"
         "CTCP Lọc dầu Minh Phát đầu tư 900 tỷ đồng.", None,
         {"3 dự án": "Quảng Ngãi", "900 tỷ đồng": "Quảng Ngãi"}),
        # a bank or a gold trader named by its brand alone is a business: the rate or the price
        # it quotes is its own; the State Bank's rate, named with its currencies, is the country's
        ("Tỷ giá hôm nay\nSáng nay, Ngân hàng Nhà nước công bố tỷ giá trung tâm của đồng Việt Nam "
         "với Đô la Mỹ là 23.150 đồng.\nTechcombank: 23.010 đồng (mua) và 23.290 đồng (bán). "
         "Tại Eximbank, giá USD tăng 5 đồng.", None,
         {"23.150 đồng": "national", "23.010 đồng": None, "23.290 đồng": None, "5 đồng": None}),
        ("Giá vàng hôm nay\nToàn hệ thống giữ lãi suất 6%.\nDOJI niêm yết vàng miếng ở mức "
         "66,1 triệu đồng/lượng.", None, {"6%": "national", "66,1 triệu đồng": None}),
        # the State budget's balance is the country's: passed by the National Assembly ("QH"), or
        # named alone; a province's own budget receipts stay the province's
        ("Quyết toán ngân sách\nVới 450 đại biểu tán thành, QH đã phê chuẩn tổng số thu cân đối ngân sách "
         "là 1,3 triệu tỷ đồng. Số thâm hụt ngân sách là 250.000 tỷ đồng.", None,
         {"450 đại biểu": "national", "1,3 triệu tỷ đồng": "national", "250.000 tỷ đồng": "national"}),
        ("Thái Bình vượt thu\nNăm nay, thu cân đối ngân sách của tỉnh Thái Bình đạt 5.000 tỷ đồng.", None,
         {"5.000 tỷ đồng": "Thái Bình"}),
        # what flows into the country is the country's, named after the figure too; the place
        # abroad it comes from is no place of the figure, nor is the country a company's own
        ("Đầu tư nước ngoài\nCác doanh nghiệp Nhật Bản đã đầu tư 60 tỷ USD vào Việt Nam. "
         "Nhật Bản đầu tư 9 tỷ USD vào Thái Lan.", None,
         {"60 tỷ USD": "national", "9 tỷ USD": None}),
        ("Đầu tư nước ngoài\nTập đoàn Minh Phát sẽ đầu tư 800 triệu USD vào Việt Nam.", None,
         {"800 triệu USD": None}),
        # a company's name that names the country is no short name of it
        ("Thị trường khởi sắc\nTín dụng toàn hệ thống tăng 3%.\nTập đoàn Hóa chất Việt Nam nộp thuế. "
         "Kim ngạch xuất khẩu của Việt Nam đạt 30 tỷ USD.", None,
         {"3%": "national", "30 tỷ USD": "national"}),
        # a province the lead names as a venue ("tại tỉnh …") is no territory the article reports
        # on: a meeting held there does not make its figures the province's; its bodies do
        ("Ngành cà phê cần tăng tốc\nSáng 10-3, tại tỉnh Đắk Lắk, Bộ trưởng chủ trì hội nghị "
         "ngành cà phê.\nNăm qua, ngành thu về 3 tỷ USD.", None, {"3 tỷ USD": None}),
        ("Tổng kết năm\nSáng 10-3, UBND tỉnh Đắk Lắk tổng kết năm.\nNăm qua, tỉnh thu về 3 tỷ USD.",
         None, {"3 tỷ USD": "Đắk Lắk"}),
        # a dateline names where the report comes from
        ("Thu hút đầu tư\nĐÀ NẴNG - Sáng 4-2, thành phố trao 12 giấy phép đầu tư.\n"
         "Tổng vốn đạt 300 triệu USD.", None,
         {"12 giấy phép": "Đà Nẵng", "300 triệu USD": "Đà Nẵng"}),
    ],
)
def test_province_from_the_paragraph_then_the_articles_own_scope(text, title, expected):
    assert provinces_of(text, title=title) == expected


def test_a_provincial_outlet_is_the_scope_of_its_articles():
    text = "Khuyến công năm nay\nTrên địa bàn có 46 cơ sở được hỗ trợ."
    assert provinces_of(text, url="https://baothaibinh.com.vn/tin-tuc/1.htm") == {"46 cơ sở": "Thái Bình"}
    assert provinces_of(text, url="https://example.vn/tin-tuc/1.htm") == {"46 cơ sở": None}
    signed = "Khuyến công năm nay\n(Baonghean) - Trên địa bàn có 46 cơ sở được hỗ trợ."
    assert provinces_of(signed) == {"46 cơ sở": "Nghệ An"}


def test_national_figures_hold_national_in_both_province_fields():
    [fact] = extract("Cả nước có 11.000 doanh nghiệp giải thể.")
    assert (fact.province, fact.province_2025) == ("national", "national")
    [fact] = extract("Bình Dương có 4.000 doanh nghiệp.")
    assert (fact.province, fact.province_2025) == ("Bình Dương", "Hồ Chí Minh")


def test_a_lead_reporting_a_national_body_makes_the_article_national():
    text = ("Doanh thu du lịch tăng mạnh\nDoanh thu ngành du lịch quý I ước đạt 80 nghìn tỷ đồng. "
            "Theo báo cáo của Bộ Văn hóa, Thể thao và Du lịch, lượng khách tăng 20%.\n"
            "Khách quốc tế đạt 3 triệu lượt.")
    assert provinces_of(text) == {"80 nghìn tỷ đồng": "national", "20%": "national",
                                  "3 triệu lượt": "national"}
    local = text.replace("Doanh thu ngành du lịch", "Doanh thu du lịch tỉnh Lào Cai")
    assert provinces_of(local)["3 triệu lượt"] == "Lào Cai"
    # a lead about businesses: the rates they quote are their own
    banks = ("Lãi suất giảm\nLãi suất tại một số ngân hàng còn 4%. Theo quyết định của Ngân hàng Nhà "
             "nước, trần lãi suất là 5%.\nKỳ hạn 6 tháng ở mức 5,5%.")
    assert provinces_of(banks)["5,5%"] is None


def test_a_set_of_numbers_is_no_ministry():
    text = "Kết quả quay số mở thưởng\nBộ 6 số trúng thưởng kỳ này giúp 12 người nhận giải 5 triệu đồng."
    assert provinces_of(text) == {"12 người": None, "5 triệu đồng": None}


def test_a_citys_other_name_after_a_locative_word_is_the_city():
    assert provinces_of("Một trang trại ở Sài Gòn nuôi 2.000 con gà.") == {"2.000 con": "Hồ Chí Minh"}
    assert provinces_of("Khách sạn Sài Gòn Phú Quốc thu 3 tỷ đồng.")["3 tỷ đồng"] != "Hồ Chí Minh"
