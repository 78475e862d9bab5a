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
    # a link that holds a break is no break: `để lại` (retained) is not `để` (in order to)
    ("Lợi nhuận sau thuế để lại sau trích lập các quỹ là 895 tỷ đồng.", "revenue"),
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
    # a list of cues is one phrase: the debt covers the fees too
    ("Các doanh nghiệp nợ thuế, phí lên tới gần 162 tỷ đồng.", "money"),
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
    # the unit written after `cho một`, spending per unit
    ("Tập đoàn sẽ trả 56 USD cho một cổ phiếu của công ty.", "price"),
    ("Người mua phải bỏ ra 1,6 triệu đồng/kg.", "price"),
]

AUDIT_AND_MARKET = [
    # a winning bid is the cost of the work, per unit a unit price
    ("Giá trúng thầu của gói thầu là 10 tỷ đồng.", "budget"),
    ("Giá trúng thầu của bệnh viện là 2.900 đồng/bộ.", "price"),
    ("Lãi vay trong thời gian thi công là 22 tỷ đồng.", "budget"),
    # overspending, illicit gains, turnover and balances are money
    ("Quỹ bảo hiểm bị bội chi hơn 300 tỷ đồng.", "money"),
    ("Hai đối tượng thu lợi bất chính 500 triệu đồng.", "money"),
    ("Lượng tiền giải ngân vào sàn đạt 15.000 tỷ đồng.", "money"),
    ("Nhờ tiết giảm chi phí, công ty tiết giảm gần 2.000 tỷ đồng.", "money"),
    # a tax per unit, a level of a price chart, a share's price are prices
    ("Khung thuế bảo vệ môi trường là 4.000 đồng/lít.", "price"),
    ("Mỗi lít xăng giảm 45 đồng.", "price"),
    ("Giá vàng lùi về ngưỡng hỗ trợ 1.263 USD/ounce.", "price"),
    ("VNM có lúc giảm sàn, cuối phiên giảm về 6.470 đồng.", "price"),
    # acronyms are no names: `GDP`, `ODA` speak
    ("Khu vực có tổng GDP lên đến 21.000 tỷ USD.", "revenue"),
    ("Đức cam kết khoản ODA hơn 600 triệu ơ-rô.", "budget"),
]

WIDER = [
    # a generic cue yields to what the phrase before it says
    ("Ngân hàng nhập khẩu 150 tấn vàng, trị giá 8,5 tỷ USD.", "revenue"),
    ("Lô hàng trị giá 700 tỷ đồng đã bị thu giữ.", "money"),
    ("Tỉnh triển khai 20 đề án với tổng kinh phí 9 tỷ đồng.", "budget"),
]


CLASSES = [
    # injecting money, subsidising a price and lending turnover are budgets
    ("Ngân hàng Nhà nước bơm ra 20.000 tỷ đồng qua thị trường mở.", "budget"),
    ("Thành phố đang bù giá cho xe buýt 800 tỷ đồng.", "budget"),
    ("Doanh số cho vay của chi nhánh đạt 1.200 tỷ đồng.", "budget"),
    # a cost per unit of a work is a price
    ("Suất đầu tư của tuyến đường là 15 triệu USD/km.", "price"),
    # receipts of the state budget, trade turnover, a profit in plain words, retail sales
    ("Các mỏ đá đóng góp cho ngân sách 120 tỷ đồng.", "revenue"),
    ("Thu viện trợ đạt 900 tỷ đồng.", "revenue"),
    ("Giá trị trao đổi thương mại hai nước đạt 5 tỷ USD.", "revenue"),
    ("Trừ chi phí, anh còn lời 20 triệu đồng.", "revenue"),
    ("Trong đó, bán lẻ đạt 50.000 tỷ đồng.", "revenue"),
    # deficits, liabilities payable, refunds a court orders, irregular amounts, advances
    ("Chênh lệch thu chi của quỹ âm 2.000 tỷ đồng.", "money"),
    ("Cuối năm, quỹ dự phòng sẽ hết và âm 100 tỷ đồng.", "money"),
    ("Lãi vay phải trả của công ty tăng lên 300 tỷ đồng.", "money"),
    ("Tòa buộc công ty hoàn trả chi phí cho nguyên đơn, tổng cộng 400 triệu đồng.", "money"),
    ("Bệnh viện thanh toán chi phí khám bệnh sai quy định 3 tỷ đồng.", "money"),
    ("Công ty nhận khoản tạm ứng 500 tỷ đồng từ đối tác.", "money"),
    ("Có 9.000 tỷ đồng được giải ngân vào sàn HOSE trong phiên sáng.", "money"),
    ("Ba vé trúng có tổng trị giá trúng thưởng 120 tỷ đồng.", "money"),
    # a modifier or a grade holds no cue: `sau thuế`, `cấp 3`
    ("Hai khách hàng nhận số tiền sau thuế là 20 tỷ đồng.", "money"),
    ("Giao dịch thỏa thuận khá khiêm tốn, giá trị chỉ 264 tỷ đồng.", "money"),
    ("Ông có công trình cấp 3 trên lô đất 600 m2 (trị giá 2 tỷ đồng).", "money"),
    # capital attracted is invested; a province's product per head and a harvest's value are earned
    ("Năm qua, tỉnh thu hút 1,5 tỷ USD.", "budget"),
    ("GRDP bình quân đầu người đạt 90 triệu đồng.", "revenue"),
    ("Giá trị sản lượng thu hoạch đạt 300 triệu đồng/ha.", "revenue"),
    # a toll station collects revenue, a toll per unit is a price
    ("Trạm thu phí thu về 2 tỷ đồng mỗi ngày.", "revenue"),
    ("Trạm thu phí 35.000 đồng/lượt.", "price"),
    # a launch price; a cue in the next clause says nothing of the amount
    ("Hãng vừa ra mắt mẫu tai nghe mới (79 USD).", "price"),
    ("Phim A - 650 triệu USD: ra mắt giữa nhiều ngờ vực.", "money"),
    # a contract terminated sells nothing; interest and exchange gains are earned
    ("Sau khi thanh lý hợp đồng, cầu thủ nhận 2 tỷ đồng từ câu lạc bộ mới.", "money"),
    ("Lãi chênh lệch tỷ giá của công ty là 12 tỷ đồng.", "revenue"),
    ("Lãi tiền gửi ngân hàng đạt 3 tỷ đồng.", "revenue"),
    # money recovered is money; the value of trades is money
    ("Công an đã thu lại được 50 triệu đồng.", "money"),
    ("Tổng giá trị bán của khối ngoại là 300 tỷ đồng.", "money"),
    # gathering or pooling money to invest it is spending
    ("Ông gom 3 tỷ đồng mua đất nền.", "budget"),
    ("Chị dồn 2 tỷ đồng vào cửa hàng.", "budget"),
    # a running total and an enjoyment are no spending, no earning
    ("Tổng số tiền mặt ưu đãi cộng dồn thành 50 triệu đồng.", "money"),
    ("Khách hàng tận hưởng ưu đãi đến 43 triệu đồng.", "money"),
    # what a party keeps of a sale is earned
    ("Trong giá bán, nhà sản xuất chỉ hưởng một phần nhỏ là 22 USD.", "revenue"),
    # a word after an ellipsis starts a sentence, no name: `Hoa hồng` is a commission
    ("Sản phẩm gồm mỹ phẩm, đồ gia dụng… Hoa hồng chi cho người bán khoảng 200 tỷ đồng.", "revenue"),
    # a unit of a foreign currency is priced: an exchange rate
    ("Tại ngân hàng, mỗi USD được mua bán quanh 23.100 đồng.", "price"),
    # a stock exchange is no share: its turnover is no price
    ("HNX có 48 triệu cổ phiếu giao dịch tương ứng 900 tỷ đồng.", "money"),
    ("HNX giảm về 900 tỷ đồng.", "money"),
]


BALANCES_PRIZES_PACKAGES = [
    # balance-sheet items are money held, not capital spent: equity, inventories, a portfolio
    ("Tại thời điểm cuối năm, vốn chủ sở hữu của công ty đạt 5.200 tỷ đồng.", "money"),
    ("Hàng tồn kho của doanh nghiệp chiếm khoảng 900 tỷ đồng.", "money"),
    ("Danh mục đầu tư của quỹ trị giá khoảng 40 triệu USD.", "money"),
    # trading turnover is the value of trades, not a firm's sales
    ("Doanh số giao dịch liên ngân hàng trong tuần đạt 120.000 tỷ đồng.", "money"),
    # a prize or a reward is money; a bonus of a worker's pay is earned
    ("Đội vô địch nhận số tiền thưởng 500 triệu đồng.", "money"),
    ("Mức thưởng cho mỗi khách hàng giới thiệu là 50.000 đồng.", "money"),
    ("Công nhân được tăng tiền thưởng ngày lễ lên 200.000 đồng/người.", "revenue"),
    ("Mỗi công nhân nhận thưởng Tết 3 triệu đồng.", "revenue"),
    # what is outstanding or falls due is money held, not money lent
    ("Lượng tín phiếu lưu hành giảm còn 50.000 tỷ đồng.", "money"),
    ("Trong tuần, lượng OMO đáo hạn chỉ khoảng 20.000 tỷ đồng.", "money"),
    # interest paid is no earning of the payer; a tax paid and interest withdrawn stay revenue
    ("Mỗi tháng anh phải trả 6 triệu đồng tiền lãi cho ngân hàng.", "money"),
    ("Mỗi ngày người vay phải chịu 300.000 đồng tiền lãi.", "money"),
    ("Năm ngoái ông chỉ phải trả 900 USD tiền thuế thu nhập.", "revenue"),
    ("Qua một tuần, chị rút được 2 triệu đồng tiền lãi.", "revenue"),
    # a package bought is priced
    ("Khách hàng mua gói 2 là 5 triệu đồng.", "price"),
    ("Gói bảo hiểm cơ bản trị giá 1,2 triệu đồng.", "price"),
    # a performer's fee and a pre-tax profit written short are earned; a bowl sold is priced
    ("Nam ca sĩ nhận mức cát-sê 300 triệu đồng cho đêm diễn.", "revenue"),
    ("Năm qua công ty báo LNTT đạt 45 tỷ đồng.", "revenue"),
    ("Quán bán 35.000 đồng/tô phở bò.", "price"),
    # fake invoices are a crime: their value is money, not a sale
    ("Công ty đã xuất 200 hóa đơn khống với tổng giá trị hàng hóa 8 tỷ đồng.", "money"),
    # a profit before or after provisions is still a profit; a doubtful debt class is a debt
    ("Sau khi trích lập dự phòng, lợi nhuận trước thuế của quỹ còn 52 tỷ đồng.", "revenue"),
    ("Nợ có khả năng mất vốn của nhóm ngân hàng này giảm 5% còn 900 tỷ đồng.", "money"),
    # earnings per share and receipts are earned; a negative earning is a loss, still revenue
    ("Sau kiểm toán, EPS của công ty chỉ còn 820 đồng.", "revenue"),
    ("EPS của công ty năm nay chỉ còn âm 150 đồng.", "revenue"),
    ("Số thu từ lệ phí trước bạ của tỉnh đạt 640 tỷ đồng.", "revenue"),
    # money spent against the rules and a shortfall are irregular amounts, money
    ("Kế toán đã chi sai nguyên tắc hơn 80 triệu đồng.", "money"),
    ("Quỹ của hội bị thâm hụt gần 40 triệu đồng.", "money"),
    # the value of a project or a programme is its cost; the value of an asset is money
    ("Dự án khu đô thị ven biển trị giá hơn 2 tỷ USD đã khởi công.", "budget"),
    ("Ngân hàng trung ương thu hẹp quy mô chương trình nới lỏng định lượng trị giá 900 tỷ USD.", "budget"),
    ("Căn biệt thự ven biển trị giá 50 tỷ đồng.", "money"),
    # a noun right after a figure is that figure's, no first item of a list of cues
    ("Khối doanh nghiệp này đóng góp 12% GDP, tổng tài sản khoảng 900 tỷ đồng.", "money"),
    # a dividend paid out is disbursed; a dividend received is earned
    ("Năm nay ngân hàng sẽ chi trả cổ tức bằng tiền mặt 1.200 tỷ đồng.", "budget"),
    ("Mỗi năm bà nhận cổ tức khoảng 300 triệu đồng.", "revenue"),
    # the value of one item is its price; the value of a lot is money
    ("Giá trị của chiếc đồng hồ này lên tới 2 tỷ đồng.", "price"),
    ("Giá trị của lô hàng ước khoảng 2 tỷ đồng.", "money"),
    # a patient's co-payment is a price, not money disbursed
    ("Người bệnh đồng chi trả 20%, tức khoảng 6 triệu đồng.", "price"),
    # reserves are holdings; a currency losing value names no price
    ("Vì đồng nội tệ mất giá, dự trữ ngoại hối của nước này giảm 50 tỷ USD.", "money"),
    # the customs' value of exports is earned, no price hidden in "trị giá"
    ("Tháng 3, tổng trị giá xuất khẩu ước đạt 25 tỷ USD.", "revenue"),
    # capital contributed and shares bought, in the FDI statistics or by one buyer, are invested;
    # one share's price stays a price
    ("Tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn mua cổ phần đạt 8,5 tỷ USD.", "budget"),
    ("Công ty dự kiến mua cổ phiếu quỹ với tổng giá trị tối đa 150 tỷ đồng.", "budget"),
    ("Quỹ ngoại đăng ký mua cổ phần với giá 32.000 đồng/cổ phần.", "price"),
    # what the listed shares are worth is money, not a price they were listed at
    ("Giá trị niêm yết của công ty đạt 90.000 tỷ đồng.", "money"),
]


@pytest.mark.parametrize(("sentence", "indicator"),
                         [*HEAD_NOUN, *GOVERNING_VERB, *STRONG, *PER_UNIT, *AUDIT_AND_MARKET, *WIDER,
                          *CLASSES, *BALANCES_PRIZES_PACKAGES])
def test_money_indicator(sentence, indicator):
    found = [fact.indicator for fact in extract(sentence) if fact.kind == "money"]
    assert found == [indicator]


SENTENCES = [
    # `một số` names no unit; a unit before an earlier amount is that amount's
    ("Có một số tỉnh chi vượt quỹ như Thanh Hóa 370 tỷ đồng, Nghệ An 351 tỷ đồng.",
     ["money", "money"]),
    ("Mỗi đêm diễn cô trả cho nhà hát 4 triệu đồng, tổng cộng cô đã trả 250 triệu đồng.",
     ["price", "money"]),
    # millions of tonnes are no earlier amount: the value is the import's
    ("Năm ngoái, tỉnh nhập khẩu 2 triệu tấn phân bón, trị giá 600 triệu USD.", ["revenue"]),
    # the items of a list after `;` say what the first item says
    ("Xuất khẩu sang Mỹ 3 triệu tấn, trị giá 1,2 tỷ USD; Nhật Bản 1 triệu tấn, trị giá 400 triệu USD.",
     ["revenue", "revenue"]),
    ("Doanh thu khu vực nhà nước đạt 200 tỷ đồng; khu vực có vốn đầu tư nước ngoài 40 tỷ đồng.",
     ["revenue", "revenue"]),
    # `với (tổng) số tiền` totals the predicate before it: its first verb, not its objects
    ("Công đoàn vận động doanh nghiệp hỗ trợ vé xe cho 5.000 công nhân (CN) về quê với tổng số "
     "tiền 3 tỷ đồng.", ["budget"]),
    ("Một khách hàng trúng vé ngày 29/1 với trị giá gần 75 tỷ đồng.", ["money"]),
    ("Năm qua, tỉnh nhập khẩu 2 triệu tấn phân bón với tổng trị giá 600 triệu USD.", ["revenue"]),
    # ... and a list of cues is one predicate: the debt covers the rent
    ("Cục Thuế công khai 134 đơn vị nợ thuế, phí và tiền thuê đất với tổng số tiền gần 160 tỷ "
     "đồng.", ["money"]),
    # after a copula the phrase is a noun phrase: its verb is a relative clause
    ("Công ty phát hành trái phiếu, trong đó trái phiếu đến hạn trả là 8.000 tỷ đồng.", ["budget"]),
    # an aside right after an amount is that amount's; an aside's own value is generic
    ("Giá vàng là 55,1 - 55,6 triệu đồng/lượng (mua - bán), giảm lần lượt 300.000 đồng và "
     "150.000 đồng/lượng.", ["price", "price", "price"]),
    ("Quỹ đã bán cổ phần cho nhà đầu tư (thương vụ này có giá trị hơn 2.000 tỷ đồng).", ["money"]),
    # parallel phrases named by one generic cue are one kind of amount
    ("Công ty sẽ xây kho chứa khí trị giá 133 triệu USD và nhà máy công suất 300.000 tấn, trị "
     "giá 336 triệu USD.", ["budget", "budget"]),
    ("Ông kiếm được 53 triệu USD từ bộ phim, công ty của ông trị giá 26 triệu USD.",
     ["revenue", "money"]),
    # a cue outside the amount's clause is weak: a unit before it in the sentence makes a price
    ("Theo kiểm toán công tác đầu tư năm 2015, một hộp dung dịch rửa: bệnh viện A 1.597.000 "
     "đồng, bệnh viện B 5.067.000 đồng.", ["price", "price"]),
    # millions of something no cue governs end the words about a later amount
    ("Giao dịch thỏa thuận đóng góp khá ít, chỉ 11 triệu đơn vị, giá trị 264 tỷ đồng.", ["money"]),
    # a total is no price of one unit
    ("Khối lượng cổ phiếu đăng ký mua là 123 triệu cổ phiếu với giá trị gần 1.800 tỷ đồng.",
     ["money"]),
    # a building verb with a unit is a unit price
    ("Cát xây tô 280.000 đồng/m3.", ["price"]),
    # an aside's value is of the thing its noun names, never of a verb
    ("Sản lượng thịt lợn xuất khẩu đạt 11 nghìn tấn (trị giá khoảng 100 triệu USD).", ["revenue"]),
    ("Nhà trường trao học bổng toàn phần (trị giá 200 triệu đồng).", ["budget"]),
    ("Ông có ngôi nhà xây trên diện tích 150 m2 (trị giá 150 triệu đồng).", ["money"]),
    # a share named by its code
    ("Cổ phiếu VNM tăng 2.000 đồng lên 150.000 đồng.", ["price", "price"]),
    # listing shares raises money
    ("Năm 2020, các công ty đã niêm yết được gần 15 tỷ USD thông qua các đợt IPO.", ["budget"]),
    # in a sentence that tells a crime, what a verb says of the money is its proceeds: money
    ("Nhóm này lừa hàng trăm người góp vốn vào dự án ma để thu về 45 tỷ đồng.", ["money"]),
    ("Kế toán lập chứng từ khống để hưởng 120 triệu đồng.", ["money"]),
    ("Cơ quan thi hành án kê biên 3 căn nhà, bán đấu giá thu được 9 tỷ đồng.", ["money"]),
    # ... but a head noun keeps its meaning, and a fight against a crime spends a budget
    ("Dù bị tố trốn thuế, doanh thu của công ty vẫn đạt 80 tỷ đồng.", ["revenue"]),
    ("Đội chống buôn lậu của tỉnh được cấp 500 triệu đồng.", ["budget"]),
    ("Công ty thu về 45 tỷ đồng từ dự án.", ["revenue"]),
    # buying several things spends; buying one, or by the unit, is a price
    ("Năm ngoái, huyện mua 5 xe cứu thương hết 6 tỷ đồng.", ["budget"]),
    ("Quỹ ngoại đã mua vào 12 triệu cổ phiếu, giá trị gần 300 tỷ đồng.", ["budget"]),
    ("Anh mua 1 chiếc xe máy 40 triệu đồng.", ["price"]),
    ("Thương lái mua cà phê 45.000 đồng/kg.", ["price"]),
    ("Anh chi ra 900 triệu đồng để mua một chiếc xe bán tải.", ["price"]),
    ("Công ty chi ra 50 tỷ đồng để mua máy móc.", ["budget"]),
    # what one must pay to do something is its price
    ("Để vào bảo tàng, mỗi du khách phải trả 150.000 đồng.", ["price"]),
    ("Nếu mổ ở bệnh viện tư, người bệnh phải chi trả khoảng 60 triệu đồng.", ["price"]),
    # ... not a sum spent for a purpose said after it, nor interest owed
    ("Tập đoàn phải chi 2 tỷ USD để mua lại đối thủ.", ["budget"]),
    ("Để xây nhà, anh vay ngân hàng và mỗi tháng phải trả lãi 5 triệu đồng.", ["money"]),
]


@pytest.mark.parametrize(("sentence", "indicators"), SENTENCES)
def test_money_indicators_of_a_sentence(sentence, indicators):
    assert [fact.indicator for fact in extract(sentence) if fact.kind == "money"] == indicators


def test_what_is_said_before_an_earlier_amount_is_about_that_amount():
    sentence = "Ông kiếm được 53 triệu USD từ bộ phim, công ty của ông trị giá 26 triệu USD."
    assert facts_of(sentence) == [money(53e6, "revenue"), money(26e6, "money")]


def test_subject_names_the_words_that_decided():
    (fact,) = extract("Doanh thu từ cho thuê văn phòng đạt 120 tỷ đồng.")
    assert fact.subject == "Doanh thu từ cho thuê văn phòng đạt"
    assert money_meaning("Công ty thu về ", " lợi nhuận gộp.").subject == "lợi nhuận gộp"


def test_a_conversion_cue_right_before_the_amount_says_previous():
    assert money_meaning("Giá 79 USD, tương đương ", ".", converts=True).indicator == "previous"
    assert money_meaning("Tương đương với kế hoạch, doanh thu đạt ", ".", True).indicator == "revenue"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Kim ngạch xuất khẩu đạt 5 tỷ USD, tương đương 115 nghìn tỷ đồng.",
     [money(5e9, "revenue"), money(115e12, "revenue")]),
    # a conversion after a qualifier converts all the same
    ("Anh chu cấp 100.000 USD (hơn 2 tỷ đồng) cho vợ cũ mỗi năm.",
     [money(1e5, "money"), money(2e9, "money")]),
    # nothing to convert: a count before the conversion cue
    ("Công ty tặng 1,7 triệu ly sữa, tương đương 12,5 tỷ đồng.",
     [count(1.7e6, "count"), money(12.5e9, "budget")]),
    # a conversion per unit is a price
    ("Vàng thế giới quy đổi tương đương 33,5 triệu đồng/lượng.", [money(33.5e6, "price")]),
])
def test_conversions(sentence, expected):
    assert facts_of(sentence) == expected


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
    ("Công ty lãi gần 61 tỷ nửa đầu năm.", [money(61e9, "revenue")]),
    # billions of a noun that is also money are an amount; millions of bonds a count
    ("Kho bạc đã huy động 131 nghìn tỷ trái phiếu Chính phủ.", [money(131e12, "budget")]),
    ("Công ty phát hành 5 triệu trái phiếu.", [count(5e6, "count")]),
    # underthesea merges a magnitude with the word after it: `tỷ lợi nhuận`
    ("Công ty đạt 334 tỷ doanh thu và 44 tỷ lợi nhuận sau thuế.",
     [money(334e9, "revenue"), money(44e9, "revenue")]),
    # every currency a Vietnamese paper prints, not only the common ones
    ("Lợi nhuận ròng của hãng đạt 520 tỷ yen trong năm.", [money(520e9, "revenue")]),
    ("Chính phủ sẽ chi thêm 30 tỷ kronor cho y tế.", [money(30e9, "budget")]),
    ("Ông bị phạt 4 triệu riel vì vận chuyển hàng lậu.", [money(4e6, "money")]),
    # a currency after an amount is no prefix of the next number
    ('"Split," 14,6 triệu USD 2.', [money(14.6e6, "money")]),
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
    ("Loài này tuyệt chủng khoảng 100 triệu năm trước, chỉ một chi còn tồn tại.", []),
    ("Bệnh nhân có ba triệu chứng chính: sốt, ho và đau đầu.", []),
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
    # ... or the persons its subject names, linked by `có`, `là`, `gồm`
    ("Cán bộ chuyên trách công đoàn hiện có 422 người.", count(422, "workers")),
    ("Trên xe có 43 người.", count(43, "people")),
    # deputies by their usual short forms are people counted
    ("Nghị quyết được 460 ĐB tán thành.", count(460, "people")),
    ("Phiên họp có 480 ĐBQH tham dự.", count(480, "people")),
    # ... or the work its persons do, said right after it or between `số` and the number
    ("Xã hiện có 2.150 người đi xuất khẩu lao động ở Hàn Quốc.", count(2150, "workers")),
    ("Mỗi đơn hàng cần 4 người cùng làm trong hai ngày.", count(4, "workers")),
    ("Số bác sĩ nghỉ hưu trong năm là 86 người.", count(86, "workers")),
    ("Số bác sĩ tham gia hội thảo là 86 người.", count(86, "people")),
    ("Có 500 người đi xem pháo hoa.", count(500, "people")),
    # a word for a person is people, the lexicon's exceptions aside
    ("Tàu chở 53 thủy thủ.", count(53, "people")),
    ("Đoàn có 15 diễn viên trẻ.", count(15, "people")),
    ("Báo cáo nêu 3 nguyên nhân chính.", count(3, "count")),
    ("Có 20 lâm tặc vào rừng.", count(20, "people")),
    # `lượng` like `số` names what the number counts; `sỹ` is `sĩ` spelt the old way
    ("Lượng du khách đến thành phố dịp lễ đạt khoảng 50 nghìn lượt.", count(50_000, "people")),
    ("Đêm nhạc quy tụ 40 nghệ sỹ trẻ.", count(40, "people")),
    # a group of persons is no person; a group of goods is still goods
    ("Chính sách áp dụng cho 6 nhóm đối tượng chính sách.", count(6, "count")),
    ("Tỉnh chia người lao động thành 4 nhóm lao động tự do.", count(4, "count")),
    ("Siêu thị giảm giá 40 nhóm mặt hàng thiết yếu.", count(40, "products")),
    # a classifier of kinds counts products when its noun is unknown
    ("Bệnh viện mua 4 loại nước rửa.", count(4, "products")),
    ("Số lượt người khám bệnh năm nay là gần 130 triệu lượt.", count(130e6, "people")),
    ("Nhà máy có 2.300 công nhân.", count(2300, "workers")),
    # inspections are events, `cuộc` counts events when its noun is unknown
    ("Đoàn đã tiến hành 50 cuộc thanh tra các mỏ đá.", count(50, "events")),
    ("Sở đã tiến hành gần 40 cuộc thanh, kiểm tra.", count(40, "events")),
    ("Sở đã xử phạt 53 trường hợp vi phạm.", count(53, "count")),
    ("Liên đoàn đã ký kết với 9 tổng công ty.", count(9, "facilities")),
    ("Tập đoàn có 30 đơn vị thành viên.", count(30, "facilities")),
    # owners and freshmen are persons; a topic is no owner
    ("Hội vận động 2.000 chủ nhà trọ bán điện đúng giá.", count(2000, "people")),
    ("Trường đón 1.000 tân sinh viên.", count(1000, "people")),
    ("Hội thảo bàn về 5 chủ đề chính.", count(5, "count")),
    # a collective is no person
    ("Tỉnh tặng bằng khen cho 12 tập thể có thành tích xuất sắc.", count(12, "count")),
    # `nhà` + a profession is a person, + a trade a business
    ("Hội thảo có 50 nhà khoa học tham dự.", count(50, "people")),
    ("Tập đoàn làm việc với 5 nhà cung cấp.", count(5, "facilities")),
    ("Dự án có 3 nhà thầu tham gia.", count(3, "facilities")),
    ("Quỹ rót vốn cho 100 startup.", count(100, "facilities")),
    ("Hệ thống có 3 chuỗi cửa hàng.", count(3, "facilities")),
    # kinds of money and brands are no goods
    ("Trường trao 4 loại học bổng cho thí sinh.", count(4, "count")),
    ("Công ty sở hữu 10 thương hiệu ẩm thực.", count(10, "count")),
    # organisations are never counted in millions: those are units of a security
    ("Cục Thuế công khai danh sách 149 đơn vị nợ thuế.", count(149, "facilities")),
    ("Đoàn đã kiểm toán 6 tổ chức tài chính trong năm.", count(6, "facilities")),
    ("Khối lượng giao dịch đạt 612 triệu đơn vị.", count(612e6, "count")),
    ("Mã này được khối ngoại mua ròng gần 200.000 đơn vị.", count(200_000, "count")),
    # a lexicon noun that starts with a classifier is that noun
    ("Mỗi ngày chị nhận 10 cuộc điện thoại của khách.", count(10, "count")),
    # inspectors, traffic police, pupils, traders are persons; the jobless are workers
    ("Đoàn có 12 thanh tra viên của Sở.", count(12, "people")),
    ("Vụ việc liên quan tới 5 CSGT.", count(5, "people")),
    ("Ông có 40 học trò ở khắp nơi.", count(40, "people")),
    ("Chợ có 30 thương lái thu mua cà phê.", count(30, "people")),
    ("Nhà máy đóng cửa khiến 500 người mất việc làm.", count(500, "workers")),
    # a group of goods is products
    ("Tỉnh có 8 nhóm hàng xuất khẩu chủ lực.", count(8, "products")),
    # stations and subscribers are things counted, a guard is a worker
    ("Nhà mạng đã lắp đặt 12.000 trạm phát sóng.", count(12000, "count")),
    ("Mạng di động có 40 triệu thuê bao.", count(40e6, "count")),
    # `thuê bao` rents nothing: millions after it are no money
    ("Mạng có 90 triệu thuê bao, thuê bao di động trong nước đạt hơn 50 triệu.", count(90e6, "count")),
    ("Cửa hàng thuê thêm 6 vệ sĩ.", count(6, "workers")),
    # a case of an offence is no person; a case of a disease is
    ("Đội quản lý thị trường đã xử phạt 40 trường hợp trong tháng.", count(40, "count")),
    ("Trong tuần, tỉnh ghi nhận 12 trường hợp mắc sởi.", count(12, "people")),
    # children are persons; `con` before an animal only classifies it
    ("Gia đình anh có 3 con gái.", count(3, "people")),
    ("Bà một mình nuôi 2 đứa con ăn học.", count(2, "people")),
    ("Trang trại nuôi 30 con bò sữa.", count(30, "count")),
    # records, drugs and household appliances are goods
    ("Ban nhạc đã phát hành 5 album trong 10 năm.", count(5, "products")),
    ("Bộ Y tế cấp phép cho 40 biệt dược mới.", count(40, "products")),
    ("Cửa hàng bán được 120 tủ lạnh trong tháng.", count(120, "products")),
    # a package sold is a product
    ("Công ty đưa ra 6 gói bảo hiểm cho khách hàng.", count(6, "products")),
    # a bare classifier counts what the same classifier counted earlier in its sentence
    ("Từ vài chục ngàn lượt người khám bệnh mỗi năm, đến năm 2015 toàn tỉnh đã có 1.002.945 lượt.",
     count(1002945, "people")),
]


PARTS_OF_WORKERS = [
    # persons introduced as a part of a count of workers are workers, and so are the next parts
    ("Nhà máy có 2.400 công nhân. Trong đó, người địa phương là 1.900 người, người tỉnh khác là "
     "500 người.", [count(2400, "workers"), count(1900, "workers"), count(500, "workers")]),
    ("Tổng số nhân viên nghỉ việc là 300 người, trong đó miền Bắc có 120 người, miền Nam có 180 "
     "người.", [count(300, "workers"), count(120, "workers"), count(180, "workers")]),
    ("Hợp tác xã tạo việc làm cho 40 lao động, trong đó có 6 người khuyết tật.",
     [count(40, "workers"), count(6, "workers")]),
    # persons named without a part word, or a part of persons, stay people
    ("Xã có 500 lao động. Năm nay 30 người được khen thưởng.", [count(500, "workers"), count(30, "people")]),
    ("Đoàn có 50 người, trong đó 20 người cao tuổi.", [count(50, "people"), count(20, "people")]),
    # persons demanded are staff
    ("Nhu cầu tuyển mới giáo viên tiểu học năm tới là 1.200 người.", [count(1200, "workers")]),
    ("Tổng nhu cầu bác sĩ của tỉnh là 350 người.", [count(350, "workers")]),
]


@pytest.mark.parametrize(("sentence", "expected"), PARTS_OF_WORKERS)
def test_parts_of_workers_and_persons_demanded_are_workers(sentence, expected):
    assert facts_of(sentence) == expected


def test_a_bare_classifier_counts_what_its_compound_counted_earlier():
    sentence = "Năm nay Sở tổ chức 20 cuộc kiểm tra, đã kết thúc 15 cuộc và đang kiểm tra 5 cuộc."
    assert facts_of(sentence) == [count(20, "events"), count(15, "events"), count(5, "events")]


def test_a_bare_classifier_after_a_clause_break_counts_the_same_noun():
    sentence = "Năm 2015 có 1.000 lượt người khám bệnh; năm 2016 có 1.400 lượt."
    assert facts_of(sentence) == [count(1000, "people"), count(1400, "people")]


@pytest.mark.parametrize(("sentence", "expected"), ONE_INDICATOR)
def test_count_indicator(sentence, expected):
    assert facts_of(sentence) == [expected]


def test_an_amount_the_sentence_does_not_name_is_like_the_article():
    chart = ("Doanh thu phòng vé cuối tuần\n"
             "Phim A có doanh thu 14 triệu USD, phim B thu về 12 triệu USD.\n"
             "Phim C đạt doanh thu 10 triệu USD.\n"
             "\"Phim D,\" 7,5 triệu USD.\n")
    assert [f.indicator for f in extract(chart) if f.kind == "money"] == ["revenue"] * 4
    mixed = ("Tỉnh chi 14 tỷ đồng. Doanh thu đạt 12 tỷ đồng. Giá là 10 triệu đồng.\n"
             "\"Mục D,\" 7,5 triệu đồng.\n")
    assert [f.indicator for f in extract(mixed) if f.kind == "money"] == [
        "budget", "revenue", "price", "money"]


def test_an_amount_far_above_the_articles_prices_is_no_price_of_its_list():
    menu = ("Bảng giá mới của quán\n"
            "Giá phở bò là 50.000 đồng, giá bún chả là 45.000 đồng, giá cơm rang là 40.000 đồng.\n"
            "Món đặc biệt: 60.000 đồng.\n"
            "Sau 3 năm chủ quán đã có 2 tỷ đồng.\n")
    assert [f.indicator for f in extract(menu) if f.kind == "money"] == [
        "price", "price", "price", "price", "money"]


QUOTED_ASSETS = [
    # a coin quoted without `giá`: the value of one coin is its price
    ("Giá trị đồng Bitcoin đã giảm 500 USD chỉ trong một ngày.", ["price"]),
    ("Trong tuần, Bitcoin tăng từ 30.000 USD lên 45.000 USD.", ["price", "price"]),
    # a word that says more keeps its meaning
    ("Quỹ đã chi 2 tỷ USD để mua Bitcoin.", ["budget"]),
    ("Giá trị vốn hóa của thị trường tiền ảo đạt 2.000 tỷ USD.", ["money"]),
]


@pytest.mark.parametrize(("sentence", "indicators"), QUOTED_ASSETS)
def test_a_quoted_asset_is_priced(sentence, indicators):
    assert [fact.indicator for fact in extract(sentence) if fact.kind == "money"] == indicators


def test_an_amount_pointing_back_is_what_the_sentence_before_speaks_of():
    cost = ("Về chi phí, nhà máy chủ yếu tiêu tốn vào chi phí quản lý doanh nghiệp. "
            "Khoản này đã tăng lên gần 60 tỷ đồng (năm 2015 là 51,8 tỷ đồng).")
    assert facts_of(cost) == [money(60e9, "budget"), money(51.8e9, "budget")]
    gold = "Giá vàng thế giới lên quanh 1.255 USD mỗi ounce. Quy ra tiền Việt tương đương 34,4 triệu đồng."
    assert facts_of(gold) == [money(1255, "price"), money(34.4e6, "price")]
    # what the amount's own sentence says wins; without an anaphor nothing points back
    own = "Doanh thu của công ty đạt 90 tỷ đồng. Khoản này gồm tiền phạt 2 tỷ đồng."
    assert facts_of(own) == [money(90e9, "revenue"), money(2e9, "money")]
    unrelated = "Doanh thu của công ty đạt 90 tỷ đồng. Ông Nam có 2 tỷ đồng."
    assert facts_of(unrelated) == [money(90e9, "revenue"), money(2e9, "money")]
    # `Cụ thể`, `Trong đó` opening a sentence detail the sentence before
    detail = ("Công ty trích hoa hồng cho ba đại lý hơn 2 tỷ đồng. "
              "Cụ thể, đại lý A được 1,2 tỷ đồng; đại lý B 500 triệu đồng.")
    assert facts_of(detail) == [money(2e9, "revenue"), money(1.2e9, "revenue"), money(500e6, "revenue")]
    part = "Doanh thu quý I của hãng đạt 60 tỷ USD. Trong đó, mảng điện thoại chiếm 31 tỷ USD."
    assert facts_of(part) == [money(60e9, "revenue"), money(31e9, "revenue")]


def test_one_figure_has_one_indicator():
    """`2.300 người` in one sentence is the `2.300 công nhân` of another; `4
    người` and `4 nhân viên` may well be two figures."""
    text = "Nhà máy có 2.300 công nhân.\nTrong số 2.300 người tham gia có nhiều nữ."
    assert [f.indicator for f in extract(text)] == ["workers", "workers"]
    text = "Có 4 nhân viên trực ca.\nCó 4 người tham gia."
    assert [f.indicator for f in extract(text)] == ["workers", "people"]
    text = "Xã có 2.300 công nhân.\nXã có 2.300 người dân."
    assert [f.indicator for f in extract(text)] == ["workers", "people"]


def test_a_clause_that_says_nothing_new_repeats_the_amount_before():
    sentence = "Doanh số chi trả kiều hối năm 2016 là 11 triệu USD, tháng 1/2017 đạt 1 triệu USD."
    assert facts_of(sentence) == [money(11e6, "revenue"), money(1e6, "revenue")]
    # ... and its words, so that the article's other amounts do not rename it
    text = ("Công ty tặng 5 tỷ đồng. Công ty tài trợ 3 tỷ đồng. Quỹ hỗ trợ 2 tỷ đồng.\n"
            "Thương hiệu có giá trị 2,4 tỷ USD, tăng 200 triệu USD so với năm trước.")
    assert [f.indicator for f in extract(text)] == ["budget", "budget", "budget", "money", "money"]


def test_a_mention_that_names_its_meaning_keeps_it():
    """Only a mention that says nothing (or only `số tiền`) takes another's indicator."""
    text = "Vụ kiện liên quan tới khoản nợ 3 tỷ USD của công ty.\nNgân hàng đã cho vay 3 tỷ USD."
    assert [f.indicator for f in extract(text)] == ["money", "budget"]
    text = "Số tiền 3 tỷ USD đã được chuyển.\nNgân hàng đã cho vay 3 tỷ USD."
    assert [f.indicator for f in extract(text)] == ["budget", "budget"]
