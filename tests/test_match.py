"""Words, tags and token-pattern matches of a sentence, and sentence splitting."""

from __future__ import annotations

import pytest

from extractor.match import Word, match_figures, tag_sentence
from extractor.pipeline import extract
from extractor.segment import MAX_SENTENCE_LENGTH, Span, may_hold_figure, split_sentences


def words_of(sentence: str) -> list[Word]:
    return tag_sentence(Span(sentence, 0, len(sentence)))


def tagged(sentence: str) -> list[tuple[str, str]]:
    return [(word.text, word.tag) for word in words_of(sentence)]


def contains_run(items: list, run: list) -> bool:
    """Whether `run` stands in `items` as a contiguous stretch."""
    return any(items[i:i + len(run)] == run for i in range(len(items) - len(run) + 1))


def figures(sentence: str) -> list[tuple[str, str]]:
    """(pattern id, matched text) of every figure of the sentence."""
    words = words_of(sentence)
    return [(match.pattern, sentence[words[match.first].start:words[match.last - 1].end])
            for match in match_figures(words)]


@pytest.mark.parametrize(("sentence", "run"), [
    # numbers that underthesea cuts apart are joined again
    ("Lãi suất cho vay giảm 1-1,5% so với đầu năm.",
     [("1", "NUM"), ("-", "RSEP"), ("1,5", "NUM"), ("%", "PCT")]),
    ("Lương công nhân tăng thêm 3-3,5 triệu đồng.",
     [("3", "NUM"), ("-", "RSEP"), ("3,5", "NUM"), ("triệu", "MAG"), ("đồng", "CUR")]),
    ("Giá vàng ở mức 55,1-55,65 triệu đồng/lượng.",
     [("55,1", "NUM"), ("-", "RSEP"), ("55,65", "NUM"), ("triệu", "MAG")]),
    ("Tỷ lệ thất nghiệp là 19.448,5 người.", [("19.448,5", "NUM")]),
    # digits glued to letters are split off
    ("Nhà máy có công suất150.000 tấn mỗi năm.", [("150.000", "NUM"), ("tấn", "UNIT")]),
    ("Suất ăn có giá 100.000đ.", [("100.000", "NUM"), ("đ", "CUR")]),
    ("Khu dân cư cách trung tâm 2,2km.", [("2,2", "NUM"), ("km", "UNIT")]),
    ("Tổng vốn 2,5tỷ đồng.", [("2,5", "NUM"), ("tỷ", "MAG"), ("đồng", "CUR")]),
    # area and volume units keep their exponent
    ("Căn hộ rộng 75m2 có giá cao.", [("75", "NUM"), ("m2", "UNIT")]),
    ("Căn hộ rộng 75 m2 có giá cao.", [("75", "NUM"), ("m2", "UNIT")]),
    ("Khu bảo tồn rộng 12 km2.", [("12", "NUM"), ("km2", "UNIT")]),
    ("Bể chứa 500 m3 nước sạch.", [("500", "NUM"), ("m3", "UNIT")]),
    # lexicon phrases spanning several words become one word
    ("Công ty thu về 3 triệu đô la.", [("3", "NUM"), ("triệu", "MAG"), ("đô la", "CUR")]),
    ("Kim ngạch đạt 2 tỷ đô la Mỹ.", [("tỷ", "MAG"), ("đô la Mỹ", "CUR")]),
    ("Dự án nhận 5 tỷ Nhân dân tệ.", [("tỷ", "MAG"), ("Nhân dân tệ", "CUR")]),
    ("Khoản vay 200 triệu yên Nhật.", [("triệu", "MAG"), ("yên Nhật", "CUR")]),
    ("Lãi suất tăng 15 phần trăm.", [("15", "NUM"), ("phần trăm", "PCT")]),
    ("Lãi suất giảm 0,25 điểm phần trăm.", [("0,25", "NUM"), ("điểm phần trăm", "PCT")]),
    ("Căn hộ rộng 80 mét vuông.", [("80", "NUM"), ("mét vuông", "UNIT")]),
    ("Tỉnh trồng 30 héc ta rừng.", [("30", "NUM"), ("héc ta", "UNIT")]),
    ("Đội cứu hộ làm việc 3 ngày đêm liền.", [("3", "NUM"), ("ngày đêm", "TIME")]),
    # number words and magnitudes
    ("Giá vé là hai mươi lăm nghìn đồng.",
     [("hai", "NUMW"), ("mươi", "NUMW"), ("lăm", "NUMW"), ("nghìn", "MAG"), ("đồng", "CUR")]),
    # `nửa` is a number word only before a magnitude
    ("Dự án cần nửa tỷ đồng.", [("nửa", "NUMW"), ("tỷ", "MAG"), ("đồng", "CUR")]),
    ("Doanh thu nửa năm đạt 5 tỷ đồng.", [("nửa", "WORD")]),
    # signs glued to a number, and a range dash that is no sign
    ("Chỉ số giảm mạnh (-1,25%).", [("(", "PUNCT"), ("-", "SIGN"), ("1,25", "NUM"), ("%", "PCT")]),
    ("Chỉ số tăng nhẹ (+0,8%).", [("+", "SIGN"), ("0,8", "NUM")]),
    ("Biên độ nới lên +/-3%.", [("+/-", "SIGN"), ("3", "NUM"), ("%", "PCT")]),  # a band: one word
    # currency symbols before the amount
    ("Nhà đầu tư rót $5 triệu.", [("$", "CURPRE"), ("5", "NUM"), ("triệu", "MAG")]),
    ("Quỹ tài trợ €2 triệu.", [("€", "CURPRE"), ("2", "NUM")]),
    ("Hợp đồng trị giá 40 triệu EUR.", [("triệu", "MAG"), ("EUR", "CUR")]),
    # codes, model names, dates and times are identifiers, not numbers
    ("Dịch Covid-19 ảnh hưởng nặng nề.", [("Covid", "NAME"), ("-", "RSEP"), ("19", "ID")]),
    ("Hãng ra mắt Moto Z2 tại Việt Nam.", [("Z", "NAME"), ("2", "ID")]),
    ("Đội tuyển U23 giành chiến thắng.", [("U", "NAME"), ("23", "ID")]),
    ("Khai mạc vào 26/4 tại Hà Nội.", [("26", "ID"), ("/", "PUNCT"), ("4", "ID")]),
    ("Tin đăng lúc 07:11 sáng nay.", [("07", "ID"), (":", "PUNCT"), ("11", "ID")]),
    ("Cuộc họp bắt đầu lúc 7h30.", [("7", "ID"), ("h", "TIME"), ("30", "ID")]),  # a time: a code
    # digits, letters and digits glued are a code from its first digits (a missile, a plate)
    ("Tên lửa 9M119 được phóng.", [("9", "ID"), ("M", "UNIT"), ("119", "ID")]),
    ("Xe máy BKS 60M1-3772 bị giữ.", [("60", "ID"), ("M", "UNIT"), ("1", "ID"), ("-", "RSEP"),
                                      ("3772", "ID")]),
    ("Theo Nghị định 45/2012/NĐ-CP về khuyến công.",
     [("45", "ID"), ("/", "PUNCT"), ("2012", "ID"), ("/", "PUNCT")]),
    ("Số điện thoại 0228.3849386 luôn trực.", [("0228.3849386", "ID")]),
    ("Hội nghị ngày 22.06.2025 đã bế mạc.", [("22.06.2025", "ID")]),
    # range words
    ("Kinh phí từ 10 đến 15 tỷ đồng.", [("10", "NUM"), ("đến", "RSEP"), ("15", "NUM")]),
    ("Lợi nhuận từ 5 tới 7 tỷ đồng.", [("5", "NUM"), ("tới", "RSEP"), ("7", "NUM")]),
    # counted nouns stay words even when capitalised at the start of a title
    ("Phê duyệt 3 Đề án khuyến công.", [("3", "NUM"), ("Đề án", "WORD")]),
])
def test_tag_sentence(sentence, run):
    assert contains_run(tagged(sentence), run), tagged(sentence)


@pytest.mark.parametrize("sentence", [
    "Giá vàng SJC ở mức 55,1 - 55,65 triệu đồng/lượng, tăng 150.000đ.",
    "Nhà máy có công suất150.000 tấn, vốn 2,5tỷ đồng và 1-1,5% lợi nhuận.",
    "Theo Kitco.com, giá vàng tăng 12 USD lên 1.775 USD/ounce.",
])
def test_word_offsets_point_into_the_text(sentence):
    text = f"Dòng đầu tiên.\n{sentence}"
    (_, line) = split_sentences(text)
    words = tag_sentence(line)
    assert words
    for word, after in zip(words, [*words[1:], None], strict=True):
        assert text[word.start:word.end] == word.text
        if after is not None:
            assert word.space_after == (after.start > word.end)
    assert words[-1].space_after is False


@pytest.mark.parametrize(("sentence", "found"), [
    ("Tổng kinh phí là 19.448,5 triệu đồng.", [("money.amount", "19.448,5 triệu đồng")]),
    ("Tổng vốn 181 tỷ 946,9 triệu đồng.", [("money.amount", "181 tỷ 946,9 triệu đồng")]),
    ("Lương tăng 3-3,5 triệu đồng.", [("money.range", "3-3,5 triệu đồng")]),
    ("Giá vàng ở mức 55,1 - 55,65 triệu đồng/lượng.",
     [("money.range", "55,1 - 55,65 triệu đồng")]),
    ("Nhà đầu tư rót $5 triệu.", [("money.symbol", "$5 triệu")]),
    ("Lãi suất giảm 1-1,5%.", [("percent.range", "1-1,5%")]),
    ("Lãi suất tăng 28-30%.", [("percent.range", "28-30%")]),
    ("Tỉnh đạt 98% kế hoạch.", [("percent.value", "98%")]),
    ("Chỉ số giảm mạnh (-1,25%).", [("percent.value", "-1,25%")]),
    ("Biên độ nới lên +/-3%.", [("percent.value", "+/-3%")]),
    ("Lãi suất giảm 0,25 điểm phần trăm.", [("percent.value", "0,25 điểm phần trăm")]),
    ("Nhà máy có công suất150.000 tấn.", [("quantity.measure", "150.000 tấn")]),
    ("Căn hộ rộng 75m2.", [("quantity.measure", "75m2")]),
    ("Tỉnh có 12.535 lao động.", [("count.noun", "12.535 lao động")]),
    ("Tỉnh có từ 10 đến 12 nhà máy.", [("count.range", "từ 10 đến 12 nhà máy")]),
    ("Giá dao động giữa 1.000 và 2.000 đồng.", [("money.range", "giữa 1.000 và 2.000 đồng")]),
    ("Căn hộ được rao giá 950 triệu.", [("bare.amount", "950 triệu")]),
    ("Giá vé hơn nửa triệu đồng.", [("money.amount", "nửa triệu đồng")]),
    ("Dịch Covid-19 ảnh hưởng nặng nề.", []),
    ("Họp ngày 26/4 lúc 07:11.", []),
    ("Tàu mang 32 quả tên lửa 9M96 và xe 29G1-123.45 chạy qua.", [("count.noun", "32 quả")]),
])
def test_match_figures(sentence, found):
    assert figures(sentence) == found


@pytest.mark.parametrize(("text", "holds"), [
    ("Dự án cần nửa tỷ đồng", True),
    ("khoảng Nửa  triệu người", True),
    ("chín pounds mỗi vé", True),
    ("Doanh thu nửa năm qua tăng mạnh", False),
    ("Một nửa số hộ vẫn nghèo", False),
    ("Năm nay giá vé tăng", False),
])
def test_a_figure_may_start_at_digits_or_words_said_as_numbers(text, holds):
    assert may_hold_figure(text) is holds


def test_match_figures_of_no_words():
    assert match_figures([]) == []


@pytest.mark.parametrize(("text", "sentences"), [
    # a full stop with no space after it is no boundary
    ("Theo Kitco.com, giá vàng tăng 12 USD. Giá trong nước đi ngang.",
     ["Theo Kitco.com, giá vàng tăng 12 USD.", "Giá trong nước đi ngang."]),
    ("Tại TP.HCM, giá vàng SJC tăng. Tại Hà Nội giá giảm.",
     ["Tại TP.HCM, giá vàng SJC tăng.", "Tại Hà Nội giá giảm."]),
    ("Kinh phí 19.448,5 triệu đồng. Tỷ lệ đạt 83,3%.",
     ["Kinh phí 19.448,5 triệu đồng.", "Tỷ lệ đạt 83,3%."]),
    # sentences never cross a line break; blank lines and indentation are skipped
    ("Tiêu đề có 3 đề án\n\n   Đoạn một có 5 hộ!  Đoạn hai?\nĐoạn ba.",
     ["Tiêu đề có 3 đề án", "Đoạn một có 5 hộ!", "Đoạn hai?", "Đoạn ba."]),
    ("", []),
    ("\n \n", []),
])
def test_split_sentences(text, sentences):
    spans = split_sentences(text)
    assert [span.text for span in spans] == sentences
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert [span.start for span in spans] == sorted(span.start for span in spans)


def test_a_sentence_without_end_is_read_in_pieces_of_bounded_length():
    """A table flattened into one line: its figures are still found, each
    in a piece of at most MAX_SENTENCE_LENGTH characters."""
    row = "Xã Tân Hòa có 12 hộ nghèo, 30% hộ cận nghèo, vốn vay 15 triệu đồng "
    text = "Bảng tổng hợp " + row * 200
    spans = split_sentences(text)
    assert len(spans) > 1
    for span in spans:
        assert len(span.text) <= MAX_SENTENCE_LENGTH
        assert text[span.start:span.end] == span.text
    assert "".join(span.text + " " for span in spans).strip() == text.strip()
    facts = extract(text, clean=False)
    assert sum(fact.text == "15 triệu đồng" for fact in facts) == 200
    assert all(text[fact.start:fact.end] == fact.text for fact in facts)
