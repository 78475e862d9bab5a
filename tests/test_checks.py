"""The check that counts amounts of money stored as counts (extractor/checks.py),
on count records written for this suite."""

from __future__ import annotations

import pytest

from extractor.checks import is_money_stored_as_count


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
