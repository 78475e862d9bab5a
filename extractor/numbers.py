"""The Vietnamese number grammar: digits, number words and magnitude words.

Vietnamese writes `.` between thousands and `,` before decimals
(`19.448,5` = 19448.5), multiplies by magnitude words (`19.448,5 triệu` =
19 448 500 000), chains magnitudes into one amount (`181 tỷ 946,9 triệu`)
and spells numbers in words (`hai mươi mốt nghìn không trăm mười một`).
Everything that turns written numbers into values lives here, so the rules
that decide a figure's value are in one tested place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from extractor.patterns import read_tsv, rule_error

ROLES = {"digit", "ten", "none_ten", "hundred", "magnitude", "half"}

# Digit shapes, tried in order. Vietnamese style first; a `.` group that is
# not three digits long is a decimal point (some outlets write `2.5`).
_VIETNAMESE_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = regex.compile(r"\d+(?:,\d+)?")
_DECIMAL_POINT = regex.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_ENGLISH_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")
_ENGLISH_GROUP = regex.compile(r"\d{1,3},\d{3}")

NUMBER_SHAPE = regex.compile(r"\d+(?:[.,]\d+)*")

MAX_FIGURE = 1e21
"""The largest value a news figure can have: the world's yearly output in
đồng is about 3e18. A longer run of digits is a code, not a quantity, and
a value past this bound could become `inf`, which no JSON can carry and
which makes every sum it enters infinite."""
MAX_AMOUNT_WORDS = 24
"""The most words one amount can take: enough to spell out any figure below
a thousand billion in words (`chín trăm chín mươi chín tỷ … chín mươi
chín` is 23); figures in news take four at most. The matcher relies on it
to bound the spans it offers (see `may_adjoin`)."""


@dataclass(frozen=True)
class NumberWord:
    value: float
    role: str


@cache
def number_words() -> dict[str, NumberWord]:
    """Number and magnitude words from `patterns/numbers.tsv`."""
    words: dict[str, NumberWord] = {}
    for line, (word, value, role) in read_tsv("numbers.tsv", 3):
        if role not in ROLES:
            raise rule_error("numbers.tsv", line,
                             f"unknown role '{role}' (expected one of {', '.join(sorted(ROLES))})")
        try:
            number = float(value)
        except ValueError:
            raise rule_error("numbers.tsv", line, f"'{value}' is not a number") from None
        if not 0 <= number <= MAX_FIGURE:
            raise rule_error("numbers.tsv", line, f"'{value}' is not between 0 and {MAX_FIGURE:g}")
        if word.lower() in words:
            raise rule_error("numbers.tsv", line, f"'{word}' is listed twice")
        words[word.lower()] = NumberWord(number, role)
    return words


def magnitude_of(word: str) -> float | None:
    """The multiplier of a magnitude word (`triệu` → 1e6), else None."""
    entry = number_words().get(word.lower())
    return entry.value if entry and entry.role == "magnitude" else None


def parse_digits(written: str, english: bool = False) -> float | None:
    """The value of a number written in digits, or None if it is not one.

    `english=True` reads a lone `,ddd` group as thousands (`1,500`), for
    writers who use the English style where context demands it. Numbers
    with a leading zero (`0228`, `05`) are codes or dates, and numbers
    above `MAX_FIGURE` codes too, not quantities.
    """
    value = _digits_value(written, english)
    return value if value is not None and value <= MAX_FIGURE else None


def _digits_value(written: str, english: bool) -> float | None:
    if len(written) > 1 and written[0] == "0" and written[1].isdigit():
        return None
    if english and _ENGLISH_GROUP.fullmatch(written):
        return float(written.replace(",", ""))
    if _VIETNAMESE_THOUSANDS.fullmatch(written):
        return float(written.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(written):
        return float(written.replace(",", "."))
    if _DECIMAL_POINT.fullmatch(written):
        return float(written)
    if _ENGLISH_THOUSANDS.fullmatch(written):
        return float(written.replace(",", ""))
    return None


class _SmallNumber:
    """Reads number words below one thousand: `hai mươi mốt`, `không trăm
    mười một`, `mười lăm`, `ba trăm linh năm`."""

    def __init__(self) -> None:
        self.hundreds = self.tens = self.units = None
        self.seen = False

    def add(self, word: NumberWord) -> bool:
        self.seen = True
        if word.role == "hundred":
            if self.hundreds is not None or self.tens is not None:
                return False
            self.hundreds = self.units if self.units is not None else 1
            self.units = None
        elif word.role in ("ten", "none_ten"):
            if self.tens is not None or (word.role == "none_ten" and self.hundreds is None):
                return False
            self.tens = 0 if word.role == "none_ten" else (self.units if self.units is not None else 1)
            self.units = None
        else:
            if self.units is not None:
                return False
            self.units = word.value
        return True

    @property
    def value(self) -> float:
        return (self.hundreds or 0) * 100 + (self.tens or 0) * 10 + (self.units or 0)


def parse_amount(words: Sequence[str], english: bool = False) -> float | None:
    """The value of an amount written as digits, number words and magnitude
    words, or None when the words do not form one amount.

    `181 tỷ 946,9 triệu` → 181946900000, `2 triệu 500 nghìn` → 2500000,
    `5 nghìn tỷ` → 5e12, `hai mươi mốt nghìn không trăm mười một` → 21011,
    `2 triệu rưỡi` → 2500000. More than `MAX_AMOUNT_WORDS` words, or a
    value above `MAX_FIGURE`, is no amount.
    """
    if len(words) > MAX_AMOUNT_WORDS:
        return None
    value = _amount_value(words, english)
    return value if value is not None and value <= MAX_FIGURE else None


def _amount_value(words: Sequence[str], english: bool) -> float | None:
    total = 0.0
    group: float | None = None  # the number before the next magnitude word
    small = _SmallNumber()
    last_magnitude: float | None = None
    halved = False  # `rưỡi` was said after the last magnitude
    seen_digits = False
    for word in words:
        entry = number_words().get(word.lower())
        if entry is None:
            digits = parse_digits(word, english)
            if digits is None or group is not None or small.seen:
                return None
            group = digits
            seen_digits = True
        elif entry.role == "magnitude":
            if small.seen:
                group, small = small.value, _SmallNumber()
            if group is None:
                # `nghìn tỷ`: a bigger magnitude multiplies what came before.
                if last_magnitude is None or entry.value <= last_magnitude:
                    return None
                total *= entry.value
            elif last_magnitude is not None and entry.value >= last_magnitude:
                return None  # `2 triệu 5 tỷ` is not one amount
            else:
                total += group * entry.value
            group = None
            last_magnitude = entry.value
            halved = False
        elif entry.role == "half":
            if last_magnitude is None or group is not None or small.seen or halved:
                return None
            total += entry.value * last_magnitude
            halved = True
        else:
            # `2 triệu một tháng`: after digits, `một` starts a rate, not the amount
            if group is not None or seen_digits or not small.add(entry):
                return None
    if small.seen:
        if group is not None:
            return None
        group = small.value
    if group is None and last_magnitude is None:
        return None
    return total + (group or 0.0)


def may_adjoin(first: str, second: str) -> bool:
    """Whether two words can stand next to each other in an amount that
    `parse_amount` reads. False only where no amount can hold the pair:
    two numbers in digits (`1 1`), digits and a number word (`5 hai`,
    `2 rưỡi`), a magnitude after one not smaller (`triệu nghìn`), or a
    word of the same place twice (`hai ba`, `mười mươi`). The matcher never
    offers a span across such a pair, which keeps its work linear on runs
    of numbers (tables flattened into text)."""
    before, after = number_words().get(first.lower()), number_words().get(second.lower())
    if before is None or after is None:
        if before is None:  # digits: only a magnitude may follow (`2 tỷ`)
            return after is not None and after.role == "magnitude"
        return before.role in ("magnitude", "half")  # `2 tỷ 500 triệu`, `1 triệu rưỡi 200`
    if before.role == after.role == "magnitude":
        return after.value > before.value  # `nghìn tỷ`
    if after.role == "half":
        return before.role == "magnitude"
    places = {"ten": "tens", "none_ten": "tens"}
    return places.get(before.role, before.role) != places.get(after.role, after.role)


def has_magnitude(words: Sequence[str]) -> bool:
    return any(magnitude_of(word) for word in words)


def scale_range(low: Sequence[str], high: Sequence[str]) -> tuple[float, float] | None:
    """Values of a range such as `55,1 - 55,65 triệu` or `từ 10 đến 15 tỷ`.

    The low end borrows the high end's magnitude when it has none of its own,
    because writers state the magnitude once for both ends.
    """
    high_value = parse_amount(high)
    if high_value is None:
        return None
    if has_magnitude(low) or not has_magnitude(high):
        low_value = parse_amount(low)
    else:
        cut = len(high)
        while cut > 0 and magnitude_of(high[cut - 1]):
            cut -= 1
        low_value = parse_amount([*low, *high[cut:]])
        raw_low = parse_amount(low)
        if low_value is not None and raw_low is not None and low_value >= high_value > raw_low:
            low_value = raw_low  # `750.000 - 1 triệu đồng`: the low end is already whole
    if low_value is None:
        return None
    return low_value, high_value
