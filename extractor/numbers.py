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

import regex

from extractor.patterns import Column, read_table, rule_error, rule_loader

ROLES = {"digit", "trailing_digit", "ten", "tens", "none_ten", "hundred", "magnitude", "half",
         "half_before", "point"}
SHARE_ROLES = {"half", "half_before"}
"""Roles whose value is a share of a magnitude (`rưỡi`, `nửa`: 0.5), so below one."""
HOMONYM_READINGS = {"alone", "tenths", "units"}

# Digit shapes, tried in order. Vietnamese style first; a `.` group that is
# not three digits long is a decimal point (some outlets write `2.5`).
_VIETNAMESE_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = regex.compile(r"\d+(?:,\d+)?")
_DECIMAL_POINT = regex.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_ENGLISH_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")
_ENGLISH_GROUP = regex.compile(r"\d{1,3},\d{3}")
_BARE_FRACTION = regex.compile(r",\d+")  # `,77`: the whole part left out, as a speaker does
_PLAIN_INTEGER = regex.compile(r"\d+")

NUMBER_SHAPE = regex.compile(r"\d+(?:[.,]\d+)*|,\d+")

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


@rule_loader
def number_words() -> dict[str, NumberWord]:
    """Number and magnitude words from `patterns/numbers.tsv`."""
    words: dict[str, NumberWord] = {}
    rows = read_table("numbers.tsv", "word", Column("value", numbers=(0, MAX_FIGURE)),
                      Column("role", sorted(ROLES)), unique=[0])
    for line, (word, value, role) in rows:
        if role in SHARE_ROLES and not 0 < float(value) < 1:
            raise rule_error("numbers.tsv", line, f"'{word}' is a {role}: its value must be a share "
                                                  f"between 0 and 1, not {value}")
        words[word.lower()] = NumberWord(float(value), role)
    return words


@rule_loader
def number_suffixes() -> dict[str, float]:
    """Letters glued to digits that multiply them (`10k`, `3M`), from
    `patterns/number_suffixes.tsv`; case matters (`3m` is three metres)."""
    suffixes: dict[str, float] = {}
    rows = read_table("number_suffixes.tsv", "suffix",
                      Column("value", numbers=(1, MAX_FIGURE), open_ends=(True, False)))
    for line, (suffix, value) in rows:
        if suffix in suffixes or suffix.lower() in number_words() or not suffix.isalpha():
            raise rule_error("number_suffixes.tsv", line,
                             f"'{suffix}' is listed twice, is a number word or is not letters")
        suffixes[suffix] = float(value)
    return suffixes


@rule_loader
def homonym_readings() -> dict[str, frozenset[str]]:
    """Number words that are also other words, and the readings refused to
    them (`patterns/number_homonyms.tsv`): `năm` after `mươi` is a year."""
    word = Column("word", number_words(), kind="a number word of numbers.tsv")
    rows = read_table("number_homonyms.tsv", word, Column("readings", sorted(HOMONYM_READINGS), flags=True),
                      unique=[0])
    return {written: frozenset(name.strip() for name in readings.split(","))
            for _, (written, readings) in rows}


def refuses(word: str, reading: str) -> bool:
    """Whether number word `word` is never read in `reading` (see `homonym_readings`)."""
    return reading in homonym_readings().get(word.lower(), frozenset())


def magnitude_of(word: str) -> float | None:
    """The multiplier of a magnitude word (`triệu` → 1e6), else None."""
    entry = number_words().get(word.lower())
    return entry.value if entry and entry.role == "magnitude" else None


def multiplier_of(word: str) -> float | None:
    """The multiplier of a magnitude word or of a suffix glued to digits (`k`)."""
    return magnitude_of(word) or number_suffixes().get(word)


def parse_digits(written: str, english: bool = False) -> float | None:
    """The value of a number written in digits, or None if it is not one.

    `english=True` reads a lone `,ddd` group as thousands (`1,500`), for
    writers who use the English style where context demands it. Numbers
    with a leading zero (`0228`, `05`) are codes or dates, and numbers
    above `MAX_FIGURE` codes too, not quantities. A fraction without its
    whole part (`,77`) is read as a speaker says it (0,77).
    """
    value = _digits_value(written, english)
    return value if value is not None and value <= MAX_FIGURE else None


def _digits_value(written: str, english: bool) -> float | None:
    if _BARE_FRACTION.fullmatch(written):
        return float("0." + written[1:])
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
    mười một`, `mười lăm`, `ba trăm linh năm`, `ba chục`, and the spoken
    shortenings `ba trăm tư` (340: a lone digit after the hundreds is their
    tens) and `hai lăm` (25). `after`: what the number follows, `magnitude`
    (where a lone trailing digit is its tenths, `ba nghìn tư`, which
    `_AmountReader` reads), `linh` (`một nghìn linh tư`) or nothing."""

    def __init__(self, after: str = "") -> None:
        self.hundreds: float | None = None
        self.tens: float | None = None
        self.units: float | None = None
        self.unit_word = ""
        self.units_trailing = False  # the units were said with a trailing digit (`mốt`)
        self.linh = False  # `linh`/`lẻ` after the hundreds: no tens
        self.trailing_start = False  # began with a digit only said after others (`tư`)
        self.after = after
        self.words = 0

    def add(self, word: str, entry: NumberWord) -> bool:
        """Take the next word; False when it cannot follow the words before."""
        self.words += 1
        role = entry.role
        if role == "hundred":
            if self.hundreds is not None or self.tens is not None or self.linh or self.units_trailing:
                return False
            self.hundreds, self.units = (self.units if self.units is not None else 1), None
        elif role == "none_ten":
            if self.hundreds is None or self.tens is not None or self.units is not None or self.linh:
                return False
            self.linh = True
        elif role == "ten":  # `mười`: ten on its own
            if self.tens is not None or self.units is not None or self.linh:
                return False
            self.tens = 1
        elif role == "tens":  # `mươi`, `chục`: times ten the digit before
            if self.tens is not None or self.linh or not self.units or self.units_trailing:
                return False
            self.tens, self.units = self.units, None
        else:
            return self._add_digit(word, entry)
        return True

    def _add_digit(self, word: str, entry: NumberWord) -> bool:
        trailing = entry.role == "trailing_digit"
        if self.units is not None:
            # `hai lăm`: a trailing digit after a lone digit says its tens
            if not trailing or self.tens is not None or self.linh or not self.units \
                    or self.units_trailing:
                return False
            self.tens = self.units
        elif trailing and self.words == 1 and self.after != "linh":
            if self.after != "magnitude":
                return False  # `tư`, `lăm` never start a number
            self.trailing_start = True
        elif self.tens is not None and refuses(word, "units"):
            return False  # `mười năm` is ten years
        self.units, self.unit_word, self.units_trailing = entry.value, word, trailing
        return True

    @property
    def lone_digit(self) -> bool:
        """Only one digit was said (`hai`), which after a magnitude is its tenths."""
        return self.words == 1 and self.units is not None

    def value(self) -> float | None:
        if self.trailing_start or (self.linh and self.units is None):
            return None  # `nghìn mốt trăm`, `trăm linh`
        if self.hundreds is not None and self.tens is None and not self.linh and self.units is not None:
            # `ba trăm tư` is 340: the lone digit is the tens
            return None if refuses(self.unit_word, "tenths") else self.hundreds * 100.0 + self.units * 10
        return (self.hundreds or 0) * 100.0 + (self.tens or 0) * 10 + (self.units or 0)


class _Fraction:
    """The digits said after a decimal point (`phẩy`, `chấm`): digits
    (`2 chấm 23`) or number words, zeros first (`không phẩy không năm`)."""

    def __init__(self, whole: float) -> None:
        self.whole = whole
        self.words: list[str] = []
        self.digits = ""

    def value(self) -> float | None:
        if self.digits:
            return self.whole + float("0." + self.digits)
        zeros = 0
        while zeros < len(self.words) - 1 and self.words[zeros].lower() == "không":
            zeros += 1
        rest = self.words[zeros:]
        if not rest or number_words()[rest[0].lower()].role not in ("digit", "ten"):
            return None  # `phẩy trăm` says no digits
        small = _SmallNumber()
        if not all(small.add(w, number_words()[w.lower()]) for w in rest):
            return None
        said = small.value()
        if said is None:
            return None
        return self.whole + float("0." + "0" * zeros + str(int(said)))


def parse_amount(words: Sequence[str], english: bool = False) -> float | None:
    """The value of an amount written as digits, number words and magnitude
    words, or None when the words do not form one amount.

    `181 tỷ 946,9 triệu` → 181946900000, `2 triệu 500 nghìn` → 2500000,
    `5 nghìn tỷ` → 5e12, `hai mươi mốt nghìn không trăm mười một` → 21011,
    `2 triệu rưỡi` → 2500000, `nửa tỷ` → 5e8, `nửa nghìn tỷ` → 5e11,
    `một triệu lẻ một` → 1000001, `hai triệu mốt` → 2100000, `10 k` →
    10000, `hai phẩy năm` → 2.5. More than `MAX_AMOUNT_WORDS` words, or a
    value above `MAX_FIGURE`, is no amount.
    """
    if len(words) > MAX_AMOUNT_WORDS:
        return None
    value = _AmountReader(english).read(words)
    return value if value is not None and value <= MAX_FIGURE else None


class _AmountReader:
    """One pass over the words of an amount (see `parse_amount`)."""

    def __init__(self, english: bool) -> None:
        self.english = english
        self.total = 0.0
        self.group: float | None = None  # the number before the next magnitude word
        self.small: _SmallNumber | None = None
        self.fraction: _Fraction | None = None
        self.last_magnitude: float | None = None
        self.halved = False  # `rưỡi` was said: nothing may follow
        self.magnitudes_only = False  # `nửa` was said: only magnitude words may follow
        self.odd = False  # `lẻ`/`linh` right after the last magnitude (`một triệu lẻ một`)
        self.seen_digits = False

    def read(self, words: Sequence[str]) -> float | None:
        previous_digits = False
        for word in words:
            entry = number_words().get(word.lower())
            if self.halved or (self.magnitudes_only and (entry is None or entry.role != "magnitude")):
                return None
            suffix = number_suffixes().get(word) if previous_digits else None
            previous_digits = False
            if suffix is not None:
                ok = self._magnitude(suffix)
            elif entry is None:
                ok = self._digits(word)
                previous_digits = ok and self.fraction is None  # a suffix may follow (`10k`)
            elif entry.role == "point":
                ok = self._point()
            elif self.fraction is not None and entry.role not in ("magnitude", *SHARE_ROLES):
                self.fraction.words.append(word)
                ok = not self.fraction.digits
            elif entry.role == "magnitude":
                ok = self._magnitude(entry.value)
            elif entry.role == "half":
                ok = self._half(entry.value)
            elif entry.role == "half_before":
                ok = self._half_before(entry.value)
            elif entry.role == "none_ten" and self.small is None and self.group is None \
                    and self.last_magnitude is not None and not self.odd:
                self.odd = True
                ok = True
            else:
                ok = self._word(word, entry)
            if not ok:
                return None
        return self._end()

    def _digits(self, word: str) -> bool:
        if self.fraction is not None:
            if self.fraction.digits or self.fraction.words or not _PLAIN_INTEGER.fullmatch(word):
                return False
            self.fraction.digits = word
            return True
        value = parse_digits(word, self.english)
        if value is None or self.group is not None or self.small is not None:
            return False
        self.group, self.seen_digits = value, True
        return True

    def _point(self) -> bool:
        if self.fraction is not None or self.odd:
            return False
        whole = self.group if self.small is None else self.small.value()
        if whole is None or not whole.is_integer() or (self.group is not None and self.small is not None):
            return False
        self.fraction, self.group, self.small = _Fraction(whole), None, None
        return True

    def _close_group(self) -> bool:
        """The number said before a magnitude word or the end, into `group`."""
        if self.fraction is not None:
            self.group, self.fraction = self.fraction.value(), None
            if self.group is None:
                return False
        if self.small is not None:
            if self.group is not None:
                return False
            self.group, self.small = self.small.value(), None
            if self.group is None:
                return False
        return True

    def _magnitude(self, value: float) -> bool:
        if not self._close_group():
            return False
        if self.group is None:
            # `nghìn tỷ`: a bigger magnitude multiplies what came before.
            if self.last_magnitude is None or value <= self.last_magnitude or self.odd:
                return False
            self.total *= value
        elif self.last_magnitude is not None and value >= self.last_magnitude:
            return False  # `2 triệu 5 tỷ` is not one amount
        else:
            self.total += self.group * value
        self.group, self.odd = None, False
        self.last_magnitude = value
        return True

    def _half(self, value: float) -> bool:
        if self.last_magnitude is None or self.group is not None or self.small is not None \
                or self.fraction is not None or self.odd:
            return False
        self.total += value * self.last_magnitude
        self.halved = True
        return True

    def _half_before(self, value: float) -> bool:
        """`nửa` opens an amount (`nửa triệu`, `nửa nghìn tỷ`): the share of
        the magnitude words after it, as if said in digits (`0,5 triệu`)."""
        if self.total or self.group is not None or self.small is not None or self.fraction is not None \
                or self.last_magnitude is not None or self.odd:
            return False
        self.group, self.magnitudes_only = value, True
        return True

    def _word(self, word: str, entry: NumberWord) -> bool:
        # `2 triệu một tháng`: after digits, `một` starts a rate, not the amount
        if self.group is not None or self.seen_digits:
            return False
        if self.small is None:
            self.small = _SmallNumber("linh" if self.odd else "magnitude" if self.last_magnitude else "")
        return self.small.add(word, entry)

    def _end(self) -> float | None:
        if self.magnitudes_only and self.last_magnitude is None:
            return None  # `nửa` alone is no number
        if self.small is not None and self.last_magnitude is not None and not self.odd \
                and self.small.lone_digit:
            # `hai triệu mốt`, `ba nghìn tư`: a lone digit after a magnitude is its tenths
            if refuses(self.small.unit_word, "tenths"):
                return None  # `hai triệu năm` is two million years
            return self.total + self.small.units * self.last_magnitude / 10
        if self.odd and self.small is not None and (self.small.hundreds is not None):
            return None  # after `lẻ`, no hundreds: `một nghìn lẻ năm mươi`
        if not self._close_group():
            return None
        if self.odd and (self.group is None or self.group >= 100):
            return None  # `hai triệu lẻ`, `một nghìn lẻ 500`
        if self.group is None and self.last_magnitude is None:
            return None
        return self.total + (self.group or 0.0)


_MAY_FOLLOW: dict[str, frozenset[str]] = {
    # role of a word: roles of the words that may stand right before it ("digits", "suffix" too)
    "digit": frozenset({"none_ten", "ten", "tens", "hundred", "magnitude", "suffix", "point"}),
    "trailing_digit": frozenset({"digit", "none_ten", "ten", "tens", "hundred", "magnitude", "suffix"}),
    "ten": frozenset({"none_ten", "hundred", "magnitude", "suffix", "point"}),
    "tens": frozenset({"digit"}),
    "none_ten": frozenset({"hundred", "magnitude", "suffix"}),
    "hundred": frozenset({"digit", "none_ten", "magnitude", "suffix"}),
    "magnitude": frozenset({"digits", "digit", "trailing_digit", "ten", "tens", "hundred", "magnitude",
                            "suffix", "half_before"}),
    "suffix": frozenset({"digits"}),
    "half": frozenset({"magnitude", "suffix"}),
    "half_before": frozenset(),  # `nửa` only opens an amount
    "point": frozenset({"digits", "digit", "trailing_digit", "ten", "tens", "hundred"}),
    "digits": frozenset({"none_ten", "magnitude", "suffix", "point"}),
}


def _role(word: str, after_digits: bool) -> tuple[str, float]:
    entry = number_words().get(word.lower())
    if entry is not None:
        return entry.role, entry.value
    if after_digits and word in number_suffixes():
        return "suffix", number_suffixes()[word]
    return "digits", 0.0


def may_adjoin(first: str, second: str) -> bool:
    """Whether two words can stand next to each other in an amount that
    `parse_amount` reads. False only where no amount can hold the pair:
    two numbers in digits (`1 1`), digits and a number word (`5 hai`,
    `2 rưỡi`), a magnitude after one not smaller (`triệu nghìn`), a word
    of the same place twice (`hai ba`, `mười mươi`; but `không năm`, zeros
    after a decimal point), anything after `rưỡi`, or `nửa` after
    anything or before anything but a magnitude. The matcher never
    offers a span across such a pair, which keeps its work linear on runs
    of numbers (tables flattened into text)."""
    before, before_value = _role(first, after_digits=False)
    if before == "digits" and first in number_suffixes():
        before = "suffix"  # `10k` then `đồng`: the suffix after its digits
    after, after_value = _role(second, after_digits=before == "digits")
    if after not in _MAY_FOLLOW or before == "half":
        return False
    if before in ("magnitude", "suffix") and after in ("magnitude", "suffix"):
        return after_value > before_value  # `nghìn tỷ`
    if before == after == "digit":
        return first.lower() == "không"  # `không phẩy không năm`
    return before in _MAY_FOLLOW[after]


def has_magnitude(words: Sequence[str]) -> bool:
    return any(multiplier_of(word) for word in words)


MAX_JOIN = 3
"""Amount words looked at on each side of an amount by `joins`: enough for
any continuation (`lẻ một`, `chấm 23`, `không trăm linh`)."""


def joins(amount: Sequence[str], before: Sequence[str] = (), after: Sequence[str] = ()) -> bool:
    """Whether the amount words right before or right after an amount would
    be read with it into a longer one (`hai triệu` before `lẻ một`, `hai
    mươi` before `mốt`): then the amount is cut, and its value would be
    wrong. `before` and `after` are the amount words next to it, nearest
    last and first."""
    return any(parse_amount([*before[-size:], *amount]) is not None
               for size in range(1, min(len(before), MAX_JOIN) + 1)) \
        or any(parse_amount([*amount, *after[:size]]) is not None
               for size in range(1, min(len(after), MAX_JOIN) + 1))


def scale_range(low: Sequence[str], high: Sequence[str]) -> tuple[float, float] | None:
    """Values of a range such as `55,1 - 55,65 triệu` or `từ 10 đến 15 tỷ`.

    The low end borrows the high end's magnitude when it has none of its own,
    because writers state the magnitude once for both ends; and its scale in
    digits (`từ 200 - 250.000 đồng` runs from 200.000, see `_borrowed_thousands`).
    """
    high_value = parse_amount(high)
    if high_value is None:
        return None
    if has_magnitude(low) or not has_magnitude(high):
        low_value = parse_amount(low)
        if low_value is not None and not has_magnitude(high):
            low_value = _borrowed_thousands(low, high, low_value, high_value)
    else:
        cut = len(high)
        while cut > 0 and multiplier_of(high[cut - 1]):
            cut -= 1
        low_value = parse_amount([*low, *high[cut:]])
        raw_low = parse_amount(low)
        if low_value is not None and raw_low is not None and low_value >= high_value > raw_low:
            low_value = raw_low  # `750.000 - 1 triệu đồng`: the low end is already whole
    if low_value is None:
        return None
    return low_value, high_value


def _borrowed_thousands(low: Sequence[str], high: Sequence[str], low_value: float,
                        high_value: float) -> float:
    """`200 - 250.000`: a low end of three digits at most, against a high
    end in thousands groups ending in zeros, is said in those thousands
    (200.000) when that puts it within a factor of ten below the high end;
    a low end so far below (200 đồng to 250.000 đồng) is never meant."""
    if len(low) != 1 or len(high) != 1 or not _PLAIN_INTEGER.fullmatch(low[0]) or len(low[0]) > 3 \
            or not _VIETNAMESE_THOUSANDS.fullmatch(high[0]) or not high[0].endswith(".000"):
        return low_value
    scaled = low_value
    while scaled * 1000 <= high_value:
        scaled *= 1000
    return scaled if scaled != low_value and high_value / 10 <= scaled < high_value else low_value


@rule_loader
def currency_table() -> dict[str, tuple[str, str]]:
    """The currency words of `patterns/currencies.tsv`, lower-cased, with their
    code and where they stand (after, before or both the amount), read and
    checked once: where a figure may start and how glued words split are
    decided here, before the matcher's lexicons are built from the same table."""
    rows = read_table("currencies.tsv", "word", "code", Column("position", ("after", "before", "both")),
                      unique=[0])
    return {word.lower(): (code, where) for _, (word, code, where) in rows}
