"""Every integer from 0 to 10¹² spelled in Vietnamese words, in every usual
spelling, reads back exactly (Hypothesis): `parse_amount` on the words for
the bulk, and the whole `extract` inside a money sentence and a count
sentence for a share.

The generator writes what a careful writer or a cheque does, and the usual
variants of it: `linh`/`lẻ` for a missing tens (`một trăm linh năm`),
`nghìn`/`ngàn`, `tỷ`/`tỉ`, `mốt`/`một` and `tư`/`bốn` after a tens,
`lăm`/`nhăm` for five after a tens (`năm` elsewhere: `năm mươi`, `linh
năm`), `mươi`/`chục` for round tens (`hai chục`), `mười`/`một chục`, and
for a group below a hundred after a magnitude `không trăm` (`hai nghìn
không trăm mười lăm`), `lẻ`/`linh` (`hai nghìn lẻ mười lăm`, `một triệu lẻ
một`) or nothing (`hai nghìn mười lăm`; never for a lone digit, which after
a magnitude is its tenths: `hai triệu mốt` is 2,1 triệu).

Examples: the bulk test checks 6 numbers, each in 8 spellings, per
Hypothesis example: 2,500 examples × 48 = 120,000 numbers and spellings in
the default (`ci`) profile (a tenth with HYPOTHESIS_PROFILE=quick); the
sentences add 2 × 1,000 through `extract`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.numbers import MAX_AMOUNT_WORDS, may_adjoin, parse_amount
from extractor.pipeline import extract

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


@dataclass(frozen=True)
class Spelling:
    """One choice for each place where writers differ."""

    no_tens: str  # `linh` | `lẻ`: `một trăm linh năm`
    thousand: str  # `nghìn` | `ngàn`
    billion: str  # `tỷ` | `tỉ`
    one_after_tens: str  # `mốt` | `một`: `hai mươi mốt`
    four_after_tens: str  # `tư` | `bốn`: `hai mươi tư`, `một trăm linh tư`
    five_after_tens: str  # `lăm` | `nhăm`: `mười lăm`, `hai mươi nhăm`
    round_tens: str  # `mươi` | `chục`: `hai mươi`, `hai chục`
    ten: str  # `mười` | `một chục`
    small_after_magnitude: str  # `không trăm` | `lẻ` | `bare`: a group below 100 after a magnitude


OPTIONS = (("linh", "lẻ"), ("nghìn", "ngàn"), ("tỷ", "tỉ"), ("mốt", "một"), ("tư", "bốn"),
           ("lăm", "nhăm"), ("mươi", "chục"), ("mười", "một chục"), ("không trăm", "lẻ", "bare"))
ALL_SPELLINGS = [Spelling(*choice) for choice in itertools.product(*OPTIONS)]
"""Every combination of the choices: 768 spellings."""
SPELLINGS = st.integers(0, len(ALL_SPELLINGS) - 1).map(ALL_SPELLINGS.__getitem__)
NUMBERS = st.one_of(st.integers(0, 999), st.integers(0, 10**6), st.integers(0, 10**9),
                    st.integers(0, 10**12),
                    st.sampled_from([10**12, 10**9, 10**6, 1000, 1001, 1_000_001, 2005, 8_981_058,
                                     21_011, 721_012, 100_000, 10_010_010_010]))


def _units(units: int, after_tens: bool, spelling: Spelling) -> list[str]:
    if after_tens and units == 1:
        return [spelling.one_after_tens]
    if after_tens and units == 4:
        return [spelling.four_after_tens]
    if after_tens and units == 5:
        return [spelling.five_after_tens]
    return [DIGITS[units]]


def _tens_and_units(number: int, spelling: Spelling) -> list[str]:
    """1 … 99, said after a hundreds or on their own."""
    tens, units = divmod(number, 10)
    if tens == 0:
        return [DIGITS[units]]
    if tens == 1:
        head = spelling.ten.split()
        if units == 0:
            return head
        return head + (_units(units, True, spelling) if units == 5 else [DIGITS[units]])
    if units == 0:
        return [DIGITS[tens], spelling.round_tens]
    return [DIGITS[tens], "mươi", *_units(units, True, spelling)]


def spell_group(number: int, spelling: Spelling, first: bool) -> list[str]:
    """A group of three digits (1 … 999) before its magnitude word. `first`:
    nothing before it; else a group below 100 is said after the magnitude
    before it with `không trăm`, `lẻ` or nothing (`spelling`), but a lone
    digit never with nothing when it ends the number (see the module)."""
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words = [DIGITS[hundreds], "trăm"]
        if rest == 0:
            return words
        if rest < 10:
            return [*words, spelling.no_tens, *_units(rest, rest == 4, spelling)]
        return words + _tens_and_units(rest, spelling)
    if first:
        return _tens_and_units(rest, spelling)
    style = spelling.small_after_magnitude
    if style == "bare" and rest < 10:
        style = "lẻ"  # `hai triệu hai` would be 2,2 triệu
    if style == "không trăm":
        return ["không", "trăm", *([spelling.no_tens, *_units(rest, rest == 4, spelling)]
                                   if rest < 10 else _tens_and_units(rest, spelling))]
    if style == "lẻ":
        return [spelling.no_tens, *(_units(rest, rest == 4, spelling) if rest < 10
                                    else _tens_and_units(rest, spelling))]
    return _tens_and_units(rest, spelling)


def spell(number: int, spelling: Spelling) -> list[str]:
    """`number` (0 … 10¹²) in Vietnamese words, as `spelling` says it."""
    if number == 0:
        return ["không"]
    if number == 10**12:
        return ["một", spelling.thousand, spelling.billion]
    words: list[str] = []
    for size, magnitude in ((10**9, spelling.billion), (10**6, "triệu"), (1000, spelling.thousand),
                            (1, "")):
        group = number // size % 1000
        if group:
            words += spell_group(group, spelling, first=not words)
            words += [magnitude] if magnitude else []
    return words


NUMBERS_PER_EXAMPLE = 6
SPELLINGS_PER_NUMBER = 8
STRIDE = 97  # prime to 768: the spellings of one example step through the combinations


@given(st.lists(NUMBERS, min_size=NUMBERS_PER_EXAMPLE, max_size=NUMBERS_PER_EXAMPLE),
       st.integers(0, len(ALL_SPELLINGS) - 1))
def test_every_spelling_of_a_number_reads_back_as_the_number(numbers, first_spelling):
    """48 numbers and spellings per example: each number in 8 spellings that
    differ in every choice (drawing each pair from Hypothesis costs ten
    times the reading)."""
    for number in numbers:
        for k in range(SPELLINGS_PER_NUMBER):
            words = spell(number, ALL_SPELLINGS[(first_spelling + k * STRIDE) % len(ALL_SPELLINGS)])
            assert len(words) <= MAX_AMOUNT_WORDS
            assert parse_amount(words) == number, words
            assert all(may_adjoin(a, b) for a, b in itertools.pairwise(words)), words


def share(fraction: float) -> settings:
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


SPOKEN = st.one_of(st.integers(11, 999), st.integers(11, 10**6), st.integers(11, 10**12))
"""Numbers of more than one word (a count in one word, `ba cơ sở`, is
optional by ANNOTATION.md and not extracted)."""


SENTENCES = {
    # a sentence around the number, and the kind, unit and indicator of its fact
    "Tổng kinh phí của dự án là {} đồng, do tỉnh bố trí.": ("money", "VND", "budget", " đồng"),
    "Tỉnh đã đào tạo nghề cho {} lao động, phần lớn là nữ.": ("count", None, "workers", " lao động"),
}


@pytest.mark.parametrize("sentence", SENTENCES)
@share(0.4)
@given(number=SPOKEN, spelling=SPELLINGS)
def test_a_spelled_amount_is_extracted_whole_in_a_sentence(sentence, number, spelling):
    words = " ".join(spell(number, spelling))
    kind, unit, indicator, after = SENTENCES[sentence]
    facts = extract(sentence.format(words))
    assert [(f.kind, f.value, f.unit, f.indicator, f.text) for f in facts] == \
        [(kind, number, unit, indicator, words + after)]


def test_the_generator_writes_what_writers_write():
    formal = Spelling("linh", "nghìn", "tỷ", "mốt", "tư", "lăm", "mươi", "mười", "không trăm")
    other = Spelling("lẻ", "ngàn", "tỉ", "một", "bốn", "nhăm", "chục", "một chục", "bare")
    assert " ".join(spell(21_011, formal)) == "hai mươi mốt nghìn không trăm mười một"
    assert " ".join(spell(721_012, formal)) == "bảy trăm hai mươi mốt nghìn không trăm mười hai"
    assert " ".join(spell(1_000_001, formal)) == "một triệu không trăm linh một"
    assert " ".join(spell(1_000_001, other)) == "một triệu lẻ một"
    assert " ".join(spell(2015, other)) == "hai ngàn một chục nhăm"
    assert " ".join(spell(8_981_058, other)) == "tám triệu chín trăm tám mươi một ngàn năm mươi tám"
    assert " ".join(spell(104, formal)) == "một trăm linh tư"
    assert " ".join(spell(20_000_000_000, other)) == "hai chục tỉ"
    assert " ".join(spell(10**12, other)) == "một ngàn tỉ"
