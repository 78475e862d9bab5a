"""The Vietnamese number grammar (ANNOTATION.md, "Vietnamese number conventions")."""

from __future__ import annotations

import itertools

import pytest

from extractor.numbers import (
    MAX_AMOUNT_WORDS,
    MAX_FIGURE,
    has_magnitude,
    magnitude_of,
    may_adjoin,
    number_words,
    parse_amount,
    parse_digits,
    scale_range,
)


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("written", "value"), [
    # `.` groups thousands, `,` is the decimal mark.
    ("0", 0),
    ("7", 7),
    ("98", 98),
    ("2017", 2017),
    ("12.535", 12535),
    ("1.775", 1775),
    ("1.000", 1000),
    ("1.000.000", 1_000_000),
    ("19.448,5", 19448.5),
    ("1.776,9", 1776.9),
    ("7.800,25", 7800.25),
    ("83,3", 83.3),
    ("0,29", 0.29),
    ("12,5", 12.5),
    ("1,25", 1.25),
    ("55,65", 55.65),
    ("946,9", 946.9),
    # A `.` group that is not three digits long is a decimal point.
    ("2.5", 2.5),
    ("7.0", 7.0),
    ("1.1", 1.1),
    ("3.14", 3.14),
    ("1.2345", 1.2345),
    # Unambiguous English style: several `,` groups, or `,` groups then `.`.
    ("1,234,567", 1_234_567),
    ("12,345,678.9", 12_345_678.9),
    ("1,500.25", 1500.25),
])
def test_parse_digits(written, value):
    assert parse_digits(written) == approx(value)


@pytest.mark.parametrize(("written", "vietnamese", "english"), [
    ("1,500", 1.5, 1500),
    ("12,345", 12.345, 12345),
    ("999,000", 999.0, 999000),
    # Only a lone `,ddd` group changes meaning; the rest reads the same.
    ("12.535", 12535, 12535),
    ("19.448,5", 19448.5, 19448.5),
    ("83,3", 83.3, 83.3),
    ("1,5", 1.5, 1.5),
    ("1,234,567", 1_234_567, 1_234_567),
])
def test_parse_digits_english_style(written, vietnamese, english):
    assert parse_digits(written) == approx(vietnamese)
    assert parse_digits(written, english=True) == approx(english)


@pytest.mark.parametrize("written", [
    # leading zeros: codes, dates, phone numbers
    "0228",
    "05",
    "00",
    "0228.3849386",
    "012.345",
    # dates
    "22.06.2025",
    "5.11.2017",
    "26.4.2024",
    # malformed
    "",
    "abc",
    "12a",
    "1..5",
    "1,,5",
    "1,2,3",
    "1.2.3",
    "1.23.456",
    "12.34,5",
    ",5,",
    ".5",
    "5,",
    "5.",
    "1.234,5,6",
    "1,234.5.6",
    "-5",
    "5%",
])
def test_parse_digits_rejects(written):
    assert parse_digits(written) is None


@pytest.mark.parametrize(("word", "value"), [
    ("nghìn", 1e3),
    ("ngàn", 1e3),
    ("triệu", 1e6),
    ("tỷ", 1e9),
    ("tỉ", 1e9),
    ("Tỷ", 1e9),
    ("TRIỆU", 1e6),
    ("trăm", None),
    ("mười", None),
    ("đồng", None),
    ("5", None),
])
def test_magnitude_of(word, value):
    assert magnitude_of(word) == value


@pytest.mark.parametrize(("written", "value"), [
    # digits alone
    ("12.535", 12535),
    ("19.448,5", 19448.5),
    # digits and a magnitude word
    ("5 nghìn", 5e3),
    ("5 ngàn", 5e3),
    ("950 triệu", 950e6),
    ("18,1 tỷ", 18.1e9),
    ("3 tỉ", 3e9),
    ("19.448,5 triệu", 19_448_500_000),
    ("55,65 triệu", 55_650_000),
    ("1.200 tỷ", 1.2e12),
    ("0,5 triệu", 5e5),
    # `nghìn tỷ`: the bigger magnitude multiplies
    ("5 nghìn tỷ", 5e12),
    ("1,2 nghìn tỷ", 1.2e12),
    ("2 ngàn tỷ", 2e12),
    ("3 triệu tỷ", 3e15),
    # compound amounts are one amount
    ("181 tỷ 946,9 triệu", 181_946_900_000),
    ("2 triệu 500 nghìn", 2_500_000),
    ("1 tỷ 200 triệu", 1_200_000_000),
    ("3 tỷ 250 triệu 500 nghìn", 3_250_500_000),
    # half
    ("2 triệu rưỡi", 2_500_000),
    ("1 tỷ rưỡi", 1_500_000_000),
    ("3 nghìn rưỡi", 3500),
    ("một triệu rưỡi", 1_500_000),
    # `nửa` before a magnitude: half of it
    ("nửa triệu", 500_000),
    ("nửa tỷ", 5e8),
    ("Nửa tỉ", 5e8),
    ("nửa nghìn tỷ", 5e11),
    # number words
    ("một", 1),
    ("hai", 2),
    ("mười", 10),
    ("mười lăm", 15),
    ("mười một", 11),
    ("hai mươi", 20),
    ("hai mươi mốt", 21),
    ("ba mươi tư", 34),
    ("bốn mươi lăm", 45),
    ("chín mươi chín", 99),
    ("một trăm", 100),
    ("ba trăm linh năm", 305),
    ("một trăm lẻ một", 101),
    ("hai trăm mười", 210),
    ("bảy trăm năm mươi", 750),
    ("bẩy trăm", 700),
    ("chín trăm chín mươi chín", 999),
    ("hai mươi mốt nghìn không trăm mười một", 21011),
    ("hai nghìn", 2000),
    ("ba ngàn", 3000),
    ("mười lăm nghìn", 15000),
    ("năm trăm triệu", 5e8),
    ("hai tỷ ba trăm triệu", 2.3e9),
    ("một nghìn tỷ", 1e12),
    ("Hai mươi", 20),
])
def test_parse_amount(written, value):
    assert parse_amount(written.split()) == approx(value)


@pytest.mark.parametrize(("written", "value"), [
    ("1,500 tỷ", 1.5e12),
    ("1,500", 1500),
    ("2,5 triệu", 2.5e6),
])
def test_parse_amount_english_style(written, value):
    assert parse_amount(written.split(), english=True) == approx(value)


@pytest.mark.parametrize("written", [
    "",
    "triệu",
    "nghìn tỷ",
    "rưỡi",
    "2 rưỡi",
    "2 triệu 5 tỷ",
    "500 nghìn 2 triệu",
    "5 triệu 3 triệu",
    "5 nghìn nghìn",
    "5 5",
    "12.535 7",
    "5 hai",
    "hai 5",
    "linh năm",
    "lẻ một",
    "năm năm",
    "hai ba",
    "mười mười",
    "trăm trăm",
    "hai mươi ba mươi",
    "mười trăm",
    "2 triệu rưỡi rưỡi",
    "2 triệu 5 rưỡi",
    "nửa",
    "nửa năm",
    "một nửa",
    "nửa nửa triệu",
    "nửa 5 triệu",
    "2 triệu nửa",
    "nửa triệu rưỡi",
    "nửa triệu 200 nghìn",
    "nửa tỷ triệu",
    "không phẩy nửa",
    "0228 triệu",
    "22.06.2025",
    "đồng",
    "5 đồng",
])
def test_parse_amount_rejects(written):
    assert parse_amount(written.split()) is None


@pytest.mark.parametrize(("written", "expected"), [
    ("55,65 triệu", True),
    ("hai nghìn", True),
    ("nghìn", True),
    ("12.535", False),
    ("hai mươi mốt", False),
    ("một trăm", False),
])
def test_has_magnitude(written, expected):
    assert has_magnitude(written.split()) is expected


@pytest.mark.parametrize(("low", "high", "values"), [
    # the low end borrows the magnitude written once for both ends
    ("55,1", "55,65 triệu", (55_100_000, 55_650_000)),
    ("1", "2 nghìn tỷ", (1e12, 2e12)),
    ("4", "5 triệu", (4e6, 5e6)),
    ("10", "15 tỷ", (10e9, 15e9)),
    ("3", "3,5 triệu", (3e6, 3.5e6)),
    ("1.000", "2.000 tỷ", (1e12, 2e12)),
    ("hai", "ba triệu", (2e6, 3e6)),
    # a low end with its own magnitude keeps it
    ("500 nghìn", "1 triệu", (5e5, 1e6)),
    ("800 tỷ", "1 nghìn tỷ", (8e11, 1e12)),
    ("10 tỷ", "15 tỷ", (10e9, 15e9)),
    # no magnitude at all
    ("28", "30", (28, 30)),
    ("1", "1,5", (1, 1.5)),
    ("1.000", "2.000", (1000, 2000)),
    ("mười", "mười lăm", (10, 15)),
])
def test_scale_range(low, high, values):
    assert scale_range(low.split(), high.split()) == (approx(values[0]), approx(values[1]))


@pytest.mark.parametrize(("low", "high"), [
    ("05", "6 triệu"),
    ("4", "triệu"),
    ("4", "5 triệu 2 tỷ"),
    ("linh", "5"),
    ("", "5 triệu"),
])
def test_scale_range_rejects(low, high):
    assert scale_range(low.split(), high.split()) is None


@pytest.mark.parametrize("written", [
    "1" * 400,  # float() reads it as inf
    "9" * 22,
    "1." + ".".join(["000"] * 8),  # 1e24
    "1,234,567,890,123,456,789,012",
])
def test_digits_beyond_any_news_figure_are_no_number(written):
    assert parse_digits(written) is None
    assert parse_amount([written]) is None


def test_the_largest_figure_still_reads():
    assert parse_digits("1" + "0" * 21) == MAX_FIGURE
    assert parse_amount(["1.000.000.000", "nghìn", "tỷ"]) == MAX_FIGURE
    assert parse_amount(["10.000.000.000", "nghìn", "tỷ"]) is None


def test_an_amount_spelled_out_in_full_reads_and_a_longer_one_does_not():
    spelled = " ".join(f"chín trăm chín mươi chín {magnitude}"
                       for magnitude in ("tỷ", "triệu", "nghìn", "")).split()
    assert len(spelled) <= MAX_AMOUNT_WORDS
    assert parse_amount(spelled) == approx(999_999_999_999)
    assert parse_amount(["mười"] * (MAX_AMOUNT_WORDS + 1)) is None


@pytest.mark.parametrize(("first", "second", "adjoin"), [
    ("5", "triệu", True),
    ("tỷ", "500", True),
    ("triệu", "rưỡi", True),
    ("rưỡi", "200", False),
    ("nghìn", "tỷ", True),
    ("hai", "mươi", True),
    ("mươi", "mốt", True),
    ("trăm", "linh", True),
    ("1", "1", False),
    ("12.535", "7", False),
    ("5", "hai", False),
    ("hai", "5", False),
    ("2", "rưỡi", False),
    ("tỷ", "triệu", False),
    ("triệu", "triệu", False),
    ("hai", "ba", False),
    ("mười", "mươi", False),
    ("linh", "mươi", False),
    ("trăm", "trăm", False),
    ("rưỡi", "rưỡi", False),
    ("nửa", "triệu", True),
    ("nửa", "năm", False),
    ("một", "nửa", False),
    ("triệu", "nửa", False),
    ("5", "nửa", False),
])
def test_may_adjoin(first, second, adjoin):
    assert may_adjoin(first, second) is adjoin


def test_every_amount_read_has_only_words_that_may_adjoin():
    """`may_adjoin` may only refuse pairs no amount holds: every sequence of
    up to three words (number words and digits) that reads as an amount
    passes it. (test_properties tries longer sequences.)"""
    vocabulary = [*number_words(), "5", "1.000", "2,5"]
    for size in (2, 3):
        for words in itertools.product(vocabulary, repeat=size):
            if parse_amount(words) is not None:
                assert all(may_adjoin(a, b) for a, b in itertools.pairwise(words)), words
