"""The checks of the output (extractor/checks.py), on records and sentences
written for this suite: amounts of money stored as counts, figures cut short."""

from __future__ import annotations

import pytest

from extractor.checks import cut_figure, is_money_stored_as_count


@pytest.mark.parametrize(("text", "subject"), [
    ("70.000 tỷ đồng vốn", "đồng vốn cố định"),
    ("10,8 triệuđồng", "triệuđồng"),
    ("500 nghìn đồng tiền", "đồng tiền mừng tuổi"),
    ("107.000 đồng thời điểm", "đồng thời điểm chốt phiên"),
    ("từ 40.000 - 100.000 đồng tùy", "đồng tùy trọng lượng"),
    ("5 USD tiền", "USD tiền boa"),  # a currency word with no other meaning, any amount
    ("2 tỷ", "đô la Mỹ"),  # the subject starts with a currency word
])
def test_money_stored_as_a_count(text, subject):
    assert is_money_stored_as_count(text, subject)


@pytest.mark.parametrize(("text", "subject"), [
    ("6 đồng tiền", "đồng tiền chủ chốt"),  # six currencies
    ("100 đồng tiền", "đồng tiền vàng cổ"),  # a hundred coins
    ("300 đồng đội", "đồng đội"),
    ("10 triệu đồng bào", "đồng bào cả nước"),
    ("1.200 đô thị", "đô thị loại V"),
    ("27.000 đồng xu", "đồng xu"),  # coins
    ("3 bảng", "bảng thông báo"),
    ("12.535 lao động", "lao động nông thôn"),
    ("5 chuyên gia", "chuyên gia"),  # `yên` is no syllable of `chuyên`
])
def test_counts_that_are_counts(text, subject):
    assert not is_money_stored_as_count(text, subject)


@pytest.mark.parametrize(("text", "figure"), [
    ("Giá trị là một triệu lẻ một đồng.", "một triệu"),  # `lẻ một` left over after it
    ("Có hai mươi mốt lao động.", "hai mươi"),
    ("Có một nghìn lẻ một lao động.", "lẻ một lao động"),  # `một nghìn` left over before it
    ("Giá là 2 chấm 23 đô la.", "23 đô la"),
    ("Tổng số là 2 triệu 500 nghìn đồng.", "500 nghìn đồng"),
])
def test_a_figure_cut_short_is_named(text, figure):
    start = text.index(figure)
    assert cut_figure(text, start, start + len(figure)) is not None


@pytest.mark.parametrize(("text", "figure"), [
    ("Giá trị là một triệu lẻ một đồng.", "một triệu lẻ một đồng"),
    ("Có hai mươi mốt lao động.", "hai mươi mốt lao động"),
    ("Giá 2 triệu năm 2017 tăng.", "2 triệu"),  # `năm` after a magnitude is a year here
    ("Có 12 34 lao động.", "34 lao động"),  # two numbers in digits are never one
    ("Giá 10k đồng.", "10k đồng"),
    ("Trong 3 năm học, 5 lao động nghỉ.", "5 lao động"),
    ("Thu hút 4 nhà đầu tư mới.", "4 nhà đầu tư"),  # `tư` of the noun continues no number
    ("Rộng 1 km2 tỷ đồng.", "1 km2"),  # the digits of a unit are no amount
    ("Có 1.500 linh mục dự lễ.", "1.500 linh mục"),  # `linh` of the noun: no digit after it
    ("Trưng bày 2.000 tư liệu quý.", "2.000 tư liệu"),  # `tư` of the noun, after the digits
    ("Thay 2-3 linh kiện mới.", "2-3 linh kiện"),
    ("Chia làm 2 nửa bằng nhau.", "2 nửa"),  # `nửa` with no magnitude after it is a noun
    ("Dự án cần nửa tỷ đồng.", "nửa tỷ đồng"),
])
def test_a_figure_read_whole_passes(text, figure):
    start = text.index(figure)
    assert cut_figure(text, start, start + len(figure)) is None
