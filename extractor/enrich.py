"""Turn the figures matched in a sentence into fact records.

A match says where a figure is and which pattern found it; this stage reads
its value with the number grammar, drops what ANNOTATION.md calls "not
facts" (dates, durations, identifiers, ranks …), and adds what an analyst
filters by: unit, rate denominator, qualifier, indicator and subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extractor.counted import COUNT_LOOK_BACK, MAX_SUBJECT_WORDS, count_indicator
from extractor.indicators import counted_nouns
from extractor.match import (
    AMOUNT_TAGS,
    QUALIFIER_PLACES,
    Match,
    Word,
    lexicons,
    longest_first,
    offered_spans_of,
    qualifier_table,
    tag_regions,
    tag_sentence,
)
from extractor.model import Fact
from extractor.money import (
    CLAUSE_BREAK,
    conversion_gap,
    is_priced,
    is_unnamed_money,
    money_meaning,
    speaks_of_money,
)
from extractor.numbers import (
    MAX_JOIN,
    has_magnitude,
    joins,
    magnitude_of,
    number_suffixes,
    number_words,
    parse_amount,
    refuses,
    scale_range,
)
from extractor.patterns import Column, read_table, read_word_list, read_word_map, rule_error, rule_loader
from extractor.phrases import alternation
from extractor.segment import Span, may_hold_figure, year_words

CLAUSE_BACK = regex.compile(CLAUSE_BREAK.pattern, regex.REVERSE)
"""Clause breaks searched backwards from a figure: the last one before it is found first."""
YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
MAX_SHARED_GAP = 40  # characters between two coordinated figures sharing a qualifier
LEADING_ZERO_COUNT = regex.compile(r"0[1-9](?:,\d+)?")  # `02 chiếc xe`, `01,10 lao động`
ENGLISH_THOUSANDS = regex.compile(r"[1-9]\d{0,2},\d{3}")
TWO_DIGITS = regex.compile(r"\d\d")  # cents written without a word for them


@dataclass(frozen=True)
class QualifierPhrases:
    """The qualifier phrases of `patterns/qualifiers.tsv` by where they stand:
    before or after the figure; comparatives before it (`cao hơn 10%` is
    more than 10%) unless a comparison word follows the figure (`cao hơn 10%
    so với năm trước` is a difference of 10%, exact)."""

    before: dict[str, str]
    after: dict[str, str]
    comparatives: dict[str, str]
    comparisons: frozenset[str]


@rule_loader
def qualifier_phrases() -> QualifierPhrases:
    places: dict[str, dict[str, str]] = {place: {} for place in QUALIFIER_PLACES}
    for line, phrase, qualifier, where in qualifier_table():
        if where == "comparison" and qualifier != "exact":
            raise rule_error("qualifiers.tsv", line, "a comparison makes the figure exact")
        places[where][phrase.lower()] = qualifier
    return QualifierPhrases(places["before"], places["after"], places["comparative"],
                            frozenset(places["comparison"]))


@dataclass(frozen=True)
class WordLists:
    """The word lists of the not-fact and qualifier rules."""

    vague: frozenset[str]
    not_before: frozenset[str]
    not_before_except: frozenset[str]
    date_before: frozenset[str]
    qualifier_fillers: frozenset[str]
    coordinators: frozenset[str]


@rule_loader
def word_lists() -> WordLists:
    return WordLists(*(read_word_list(name) for name in (
        "vague_words.tsv", "not_fact_before.tsv", "not_fact_before_except.tsv",
        "not_fact_date_before.tsv", "qualifier_fillers.tsv", "qualifier_coordinators.tsv")))


@dataclass
class Figure:
    """A match read into values, before it becomes a fact."""

    kind: str
    value: float
    value_max: float | None
    unit: str | None
    noun: int | None  # index of the counted noun (counts)


def _split_range(words: Sequence[Word]) -> tuple[list[Word], list[Word]]:
    """The amount words of the low and high end (high is empty for one value)."""
    low: list[Word] = []
    high: list[Word] = []
    side = low
    for word in words:
        if word.tag in AMOUNT_TAGS:
            side.append(word)
        elif side is low and low and (word.tag == "RSEP" or word.lower == "và"):
            side = high
    return low, high


def _digits(word: Word) -> str:
    """The number as written; `02` tagged NUM (a count, `02 chiếc xe`) without its zero."""
    return word.text[1:] if word.tag == "NUM" and LEADING_ZERO_COUNT.fullmatch(word.text) else word.text


def _read_values(words: Sequence[Word], kind: str) -> tuple[float, float | None] | None:
    low, high = _split_range(words)
    if not low:
        return None
    if not high:
        # a count of things is whole: `120,000 nhân viên` is written in the English style
        english = kind == "count" and len(low) == 1 and ENGLISH_THOUSANDS.fullmatch(low[0].text)
        value = parse_amount([_digits(w) for w in low], english=bool(english))
        return None if value is None else _signed(words, (value, None))
    values = scale_range([_digits(w) for w in low], [_digits(w) for w in high])
    if values is None:
        return None
    signed = _signed(words, values)
    if signed[0] >= signed[1] or (values[0] >= values[1] and not any(w.tag == "SIGN" for w in words)):
        return None  # `thắng 3-1` is a score, not a range; `-45 đến -40 độ C` is one
    if len(low) == 1 and YEAR_LIKE.fullmatch(low[0].text) and has_magnitude([w.text for w in high]) \
            and values[0] == parse_amount([low[0].text]):
        return None  # `năm tài chính 2022 - 1,5 tỉ USD`: a year is never the low end
    return signed


def _signed(words: Sequence[Word], values: tuple[float, float | None]) -> tuple[float, float | None]:
    """Apply a sign written before either end of a figure (`(-1,25%)`, `âm
    1.200.000`, `từ -5 đến 10%`, `-5 - -10%`) to that end; the ends of a
    range are then put in order, low first (`-5 - -10%` runs from -10 to -5)."""
    low, high = values
    negative = {"low": False, "high": False}
    side, seen = "low", False  # which end the words are at; whether its amount has begun
    for word in words:
        if word.tag in AMOUNT_TAGS:
            seen = True
        elif side == "low" and seen and (word.tag == "RSEP" or word.lower == "và"):
            side, seen = "high", False
        elif word.tag == "SIGN" and lexicons().signs[word.lower] < 0 and not seen:
            negative[side] = True
    low = -low if negative["low"] else low
    if high is None:
        return low, None
    high = -high if negative["high"] else high
    return min(low, high), max(low, high)


def read_figure(words: list[Word], match: Match) -> Figure | None:
    """The value, unit and kind of a match, or None when it is not a figure,
    or when it is only part of one: amount words right next to it would be
    read with it (`một triệu` of `một triệu lẻ một đồng`), and a value cut
    short is never given."""
    if is_cut(words, match):
        return None
    span = words[match.first:match.last]
    if match.pattern == "money.cents":
        return _with_cents(words, match)
    values = _read_values(span, match.kind)
    if values is None or (values[1] is not None and match.first > 0 and span[0].tag == "NUMW"
                          and words[match.first - 1].tag == "NUM"):
        return None  # `trong 10 năm tới 63,2 nghìn tỷ`: `năm` after a number is a year
    kind, unit, noun = match.kind, None, None
    if kind == "money":
        currency = next(w for w in span if w.tag in ("CUR", "CURPRE"))
        unit = lexicons().currencies[currency.lower][0]
    elif kind == "percent":
        unit = "%"
    elif kind == "quantity":
        unit = lexicons().units[next(w for w in span if w.tag == "UNIT").lower]
    elif kind == "count":
        noun = match.last - 1
    return Figure(kind, values[0], values[1], unit, noun)


def is_cut(words: list[Word], match: Match) -> bool:
    """Whether the amount words at either edge of a match would be read
    with the amount words right outside it (numbers.joins)."""
    span = words[match.first:match.last]
    lead = _amount_run(span)
    trail = _amount_run(span[::-1])[::-1]
    before = _amount_run(words[max(0, match.first - MAX_JOIN):match.first][::-1])[::-1]
    after = _amount_run(words[match.last:match.last + MAX_JOIN])
    return bool(lead and before and joins(lead, before=before)) \
        or bool(trail and after and joins(trail, after=after))


def _amount_run(words: Sequence[Word]) -> list[str]:
    """The amount words the words start with, as the grammar reads them."""
    run = []
    for word in words:
        if word.tag not in AMOUNT_TAGS:
            break
        run.append(_digits(word))
    return run


def _with_cents(words: list[Word], match: Match) -> Figure | None:
    """`2 đô la và 23 xen`, `2 đô 23 xu`, `hai đô 23`: an amount and its
    hundredths; `82 cent`: hundredths alone. Without a word for the cents,
    the number after the currency is its cents only where nothing follows
    it (`2 USD 23 người` is two amounts), and never after `và`."""
    span = words[match.first:match.last]
    cent = next((w for w in span if w.tag == "CENT"), None)
    share, alone = lexicons().subunits[cent.lower] if cent is not None else (0.01, "")
    currency = next((i for i, w in enumerate(span) if w.tag == "CUR"), None)
    if currency is None:
        value = parse_amount([_digits(w) for w in span if w.tag in AMOUNT_TAGS])
        cents = None if value is None else round(value / round(1 / share), 9)
        return None if cents is None else Figure("money", cents, None, alone, None)
    following = words[match.last] if match.last < len(words) else None
    said_and = any(w.lower == "và" for w in span[currency:])
    if cent is None and (said_and or (following is not None and (
            following.tag != "PUNCT" or following.text in ("/", "%")))):
        return None
    major_words = [_digits(w) for w in span[:currency]]
    minor_words = [w.text for w in span[currency + 1:] if w.tag in AMOUNT_TAGS]
    major = parse_amount(major_words)
    minor = parse_amount([w.lstrip("0") or "0" if TWO_DIGITS.fullmatch(w) else w for w in minor_words])
    if major is None or minor is None or not major.is_integer() or has_magnitude(major_words) \
            or not minor.is_integer() or not 0 <= minor < 1 / share:
        return None  # `14,6 triệu USD 2`: no amount in millions has cents
    if cent is None and len(minor_words) == 1 and not TWO_DIGITS.fullmatch(minor_words[0]):
        return None  # `hai đô 23`, but `2 USD 5` is no price of 2,05
    unit = lexicons().currencies[span[currency].lower][0]
    return Figure("money", major + minor / round(1 / share), None, unit, None)


def _previous_words(words: list[Word], index: int, count: int) -> str:
    return " ".join(w.lower for w in words[max(0, index - count):index])


def _ends_with_phrase(words: list[Word], index: int, phrases: frozenset[str]) -> bool:
    """Whether the syllables right before `words[index]` end with one of
    `phrases` (`đường Quốc lộ` ends with `quốc lộ`). A phrase of one
    syllable must be a whole word: `trực tuyến 30 vướng mắc` does not end
    with the route marker `tuyến`."""
    syllables = " ".join(w.lower for w in words[max(0, index - 3):index]).split()
    last = words[index - 1].lower.split() if index > 0 else []
    return any(" ".join(syllables[-size:]) in phrases for size in (1, 2, 3)
               if len(syllables) >= size and (size > 1 or len(last) == 1))


def is_not_a_fact(words: list[Word], match: Match, figure: Figure, sentence: Span) -> bool:
    """Dates, durations, ranks, identifiers, vague amounts and model names
    (ANNOTATION.md's "Not facts") that the token patterns alone cannot tell
    from counts."""
    amount = [w for w in words[match.first:match.last] if w.tag in AMOUNT_TAGS]
    if len(amount) == 1 and YEAR_LIKE.fullmatch(amount[0].text) and match.first > 0 \
            and words[match.first - 1].lower in year_words():
        return True  # `những năm 2030 đồng thời`: a year named as such is no amount
    if len(amount) == 1 and LONG_DIGITS.fullmatch(amount[0].text):
        return True  # `số tài khoản: 0451000123456 Ngân hàng`: an account, a phone number, a code
    in_words = all(w.tag != "NUM" for w in amount)
    if in_words and not _opens_with_half(amount) \
            and _ends_with_phrase(words, match.first, word_lists().vague):
        return True  # `hàng trăm doanh nghiệp`, `vài triệu đồng`; but `cả nửa triệu đồng` says one
    if in_words and all(number_words()[w.lower].role in BARE_ORDERS for w in amount):
        return True  # `dự án trăm tỷ`, `căn hộ triệu đô`: an order of size, no number said
    if figure.kind == "percent":
        return False
    if not in_words and _names_a_model(words, match, amount, sentence):
        return True  # `RTX 3060`, `chip i3-1005G1`, `LP700-4 màu cam`: a model's name
    if in_words and not any(w.tag == "MAG" for w in amount) \
            and not _said_in_words(words, match, figure, amount):
        return True
    if any(w.tag == "MAG" and w.text in number_suffixes() for w in amount) and (
            figure.kind == "bare" or (figure.kind == "count"
                                      and count_indicator(words, figure.noun)[0] == "count")):
        # `mạng 5G`, `vàng 18k`, `tiêu hết 200k`: a suffix makes money, or a count of a known noun
        return True
    if figure.kind in ("money", "quantity"):
        return False
    if _in_a_ranking(words, match, sentence):
        return True  # `một trong 500 doanh nghiệp lớn nhất`: a rank
    if _ends_with_phrase(words, match.first, word_lists().not_before) and not \
            _ends_with_phrase(words, match.first, word_lists().not_before_except):
        return True
    if len(amount) == 1 and DAY_MONTH.fullmatch(amount[0].text) \
            and _ends_with_phrase(words, match.first, word_lists().date_before):
        return True  # `hôm 11.7 gửi`, `chiều 2.7`: the day reported
    after = words[match.last] if match.last < len(words) else None
    if after is not None and after.tag in ("TIME", "ID"):
        return True
    previous = words[match.first - 1] if match.first > 0 else None
    if match.first > 1 and previous is not None and previous.text == "-" \
            and not previous.space_after and words[match.first - 2].tag == "NAME":
        previous = words[match.first - 2]  # `Covid -19`: a name split by a stray space
    if previous is not None and previous.tag == "NAME" and (
            previous.start > sentence.start or not previous.text[1:].islower()):
        return True  # `iPhone 7`, `Trung tâm 1`: part of a name
    if match.first > 1 and previous is not None and previous.text in ("-", "/") \
            and not previous.space_after and not words[match.first - 2].space_after \
            and words[match.first - 2].tag == "NUM":
        return True  # the tail of a date (`ngày 27-5 dẫn`) that did not read as a range
    if all(w.tag == "NUM" and YEAR_LIKE.fullmatch(w.text) for w in amount):
        # a bare year, unless it counts a known noun (`2000 con gia cầm`)
        return figure.noun is None or count_indicator(words, figure.noun)[0] == "count"
    return False


def _opens_with_half(amount: list[Word]) -> bool:
    """`nửa triệu`: a share of a magnitude is said, a number as digits are, which a vague word
    before it does not make vague (`cả nửa tỷ đồng` is half a billion; `cả tỷ đồng`, billions)."""
    entry = number_words().get(amount[0].lower) if amount else None
    return entry is not None and entry.role == "half_before"


BARE_ORDERS = ("tens", "hundred", "magnitude")
"""The roles of number words that, making up an amount said in words alone, say only its order
of size (`trăm tỷ`, `chục triệu`, `nghìn người`): no digit word counts them (`trăm năm mươi
triệu` is 150 million)."""
DAY_MONTH = regex.compile(r"(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])")
"""A day and a month (`11.7`, `2/6`)."""
LONG_DIGITS = regex.compile(r"\d{10,}")
"""Ten digits or more with no separator: an identifier. The press groups the
digits of an amount (`1.500.000.000`) or writes its magnitude (`1,5 tỷ`)."""
MODEL_HEAD = regex.compile(r"\S*[^\W\d_]\S*\d\S*-$|\S*\d\S*[^\W\d_]\S*-$")
"""A code glued by a dash before a number: letters and digits (`i3-`, `LP700-`)."""
MODEL_TAIL = regex.compile(r"([^\W\d_]+\d)")
"""Letters and a digit glued after a number (`1005G1`, `1135G7`)."""


@rule_loader
def model_lines() -> frozenset[str]:
    """Product lines whose number names a model (`patterns/not_fact_model_lines.tsv`)."""
    return read_word_list("not_fact_model_lines.tsv")


def _names_a_model(words: list[Word], match: Match, amount: list[Word], sentence: Span) -> bool:
    """Whether the number is part of a product's model name: right after a
    product line (`RTX 3060`, `Snapdragon 888`), or inside a code that mixes
    letters and digits (`i3-1005G1`, `LP700-4`), not a unit with its exponent
    glued to it (`500m2`)."""
    previous = words[match.first - 1] if match.first > 0 else None
    if previous is not None and previous.lower in model_lines() and previous.space_after:
        return True
    start, end = amount[0].start - sentence.start, amount[-1].end - sentence.start
    if MODEL_HEAD.match(sentence.text[:start].rsplit(None, 1)[-1] if sentence.text[:start].strip() else ""):
        return True
    tail = MODEL_TAIL.match(sentence.text, end)
    return tail is not None and tail.group(1).lower() not in lexicons().units


RANK_REACH = 40
"""Characters after a count searched for the superlative of a ranking."""
RANK_ROLES = ("opener", "superlative")


@dataclass(frozen=True)
class RankWords:
    openers: frozenset[str]
    superlative: regex.Pattern


@rule_loader
def rank_words() -> RankWords:
    """`patterns/not_fact_ranks.tsv`: the openers and superlatives of a ranking."""
    found: dict[str, list[str]] = {role: [] for role in RANK_ROLES}
    for _, (phrase, role) in read_table("not_fact_ranks.tsv", "phrase", Column("role", RANK_ROLES)):
        found[role].append(" ".join(phrase.lower().split()))
    superlative = rf"(?<!\w)(?:{alternation(found['superlative'])})(?!\w)"
    return RankWords(frozenset(found["opener"]), regex.compile(superlative, regex.IGNORECASE))


def _in_a_ranking(words: list[Word], match: Match, sentence: Span) -> bool:
    """Whether a count follows an opener of a ranking (`một trong`, `danh
    sách`) and its clause reaches a superlative within a few words (`… 500
    doanh nghiệp tư nhân lớn nhất`)."""
    if not _ends_with_phrase(words, match.first, rank_words().openers):
        return False
    end = words[match.last - 1].end - sentence.start
    clause = regex.split(r"[,;:.!?()]", sentence.text[end:end + RANK_REACH], maxsplit=1)[0]
    return rank_words().superlative.search(clause) is not None


def _said_in_words(words: list[Word], match: Match, figure: Figure, amount: list[Word]) -> bool:
    """Whether an amount in number words without a magnitude is a figure.
    Several words are (`ba mươi ba lao động`, `hai trăm hộ`), a count only
    of a counted noun of the lexicon (`hơn một trăm bài diễn văn` is a
    saying, `hai mươi lăm nămvàcống` a typo of years); one word only
    for money, when the word stands only in numbers (`mười đồng`) or, not
    being `một`/`không`, names an amount of a currency that is no other word
    (`chín pounds`, not `hai đồng đội`); a count in one word (`ba cơ sở`) is
    optional (ANNOTATION.md), and `một` is everywhere."""
    if len(amount) > 1:
        return figure.kind != "count" or count_indicator(words, figure.noun)[0] != "count"
    word = amount[0].lower
    if match.kind != "money" or word not in number_words():
        return False
    if number_words()[word].role not in ("digit", "trailing_digit"):
        return True
    currency = next((w.lower for w in words[match.first:match.last] if w.tag in ("CUR", "CENT")), "")
    return not refuses(word, "alone") and currency not in read_word_list("currency_homonyms.tsv")


@rule_loader
def rate_abbreviations() -> dict[str, str]:
    return read_word_map("rate_words.tsv")


def _rate(words: list[Word], index: int) -> tuple[str | None, int]:
    """The denominator written after a figure (`/tháng`, `/ha/năm`, `một m2`)
    and the index after it."""
    parts = []
    abbreviations = rate_abbreviations()
    i = index
    while i + 1 < len(words) and words[i].text == "/":
        if words[i + 1].text == "1" and i + 2 < len(words) and words[i + 2].text[0].isalpha():
            i += 1  # `/1 vụ`, `/1ha`: per one
        elif not words[i + 1].text[0].isalpha():
            break  # `4.221 tỷ đồng/3.050 tỷ đồng`: a second amount, not a rate
        parts.append(abbreviations.get(words[i + 1].lower, words[i + 1].text))
        i += 2
    if not parts and i + 1 < len(words) and words[i].lower in ("một", "mỗi") \
            and words[i + 1].tag in ("UNIT", "TIME"):
        parts.append(words[i + 1].text)
        i += 2
    return ("/".join(parts) if parts else None), i


def _qualifier(words: list[Word], match: Match, end: int, previous: Fact | None,
               kind: str, unit: str | None) -> str:
    """The qualifier written before or after the figure; a figure joined by
    `hoặc`/`và`/`,` to the one before it shares that one's qualifier
    (`tối thiểu 400 con gia súc hoặc 4.000 con gia cầm`)."""
    phrases = qualifier_phrases()
    before = phrases.before | phrases.comparatives
    first = match.first
    # a range opened by `từ`/`giữa` takes a qualifier right before it (`khoảng chừng từ 1000 đến
    # 2000 đồng` is about), never across fillers (`thỏa thuận trên là từ …`) nor from the figure before
    opened = words[first].lower in ("từ", "giữa")
    preceding = [w.lower for w in words[max(0, first - 4):first]]
    fillers = word_lists().qualifier_fillers
    while not opened and preceding and preceding[-1] in fillers and " ".join(preceding) not in before:
        preceding.pop()
    following_words = [w.lower for w in words[end:end + 4]]
    for size in (3, 2, 1):
        phrase = " ".join(preceding[-size:])
        if len(preceding) >= size and phrase in before:
            if phrase in phrases.comparatives and phrases.comparisons.intersection(following_words):
                return "exact"
            return before[phrase]
    following = " ".join(w.lower for w in words[end:end + 2])
    for phrase, qualifier in phrases.after.items():
        if following.startswith(phrase):
            return qualifier
    if previous is not None and not opened and first > 0 \
            and words[first - 1].lower in word_lists().coordinators \
            and (previous.kind, previous.unit) == (kind, unit) \
            and 0 <= words[first - 1].start - previous.end <= MAX_SHARED_GAP:
        return previous.qualifier
    return "exact"


def _clause_before(sentence: Span, words: list[Word], index: int) -> str:
    """The sentence text from the start of the figure's clause to the figure."""
    cut = words[index].start - sentence.start
    last = CLAUSE_BACK.search(sentence.text, 0, cut)
    return sentence.text[last.end() if last else 0:cut]


def _words_before(clause: str) -> str | None:
    """What a percentage or measure is of: the last few words before it in
    its clause, after any earlier figure (`tỷ lệ sản phẩm đạt chuẩn tăng từ`)."""
    words = clause.rsplit(None, MAX_SUBJECT_WORDS + 1)[-MAX_SUBJECT_WORDS - 1:]  # only the end counts
    numbered = [i for i, word in enumerate(words) if any(ch.isdigit() for ch in word)]
    words = words[numbered[-1] + 1:] if numbered else words
    return " ".join(words).strip(",;:-– ") or None


def _money_indicator(sentence: Span, words: list[Word], match: Match, rate_end: int,
                     per: str | None, previous: Fact | None) -> tuple[str, str | None]:
    """The indicator of a money amount (extractor/money.py) and its subject.
    A conversion (`79,99 USD (1,8 triệu đồng)`) repeats the previous amount's
    (`previous`: the last amount of money before it in its sentence)."""
    start = words[match.first].start
    converts = previous is not None
    if converts and conversion_gap().fullmatch(
            sentence.text[previous.end - sentence.start:start - sentence.start]):
        return previous.indicator, previous.subject
    after = words[rate_end - 1].end if rate_end > match.last else words[match.last - 1].end
    sign = words[match.first]
    # `âm 100 tỷ đồng`: the sign word is also the cue of a deficit
    cue_end = words[match.first + 1].start if sign.tag == "SIGN" and sign.text.isalpha() else start
    before = sentence.text[:cue_end - sentence.start]
    rest = sentence.text[after - sentence.start:]
    meaning = money_meaning(before, rest, converts)
    indicator, subject = meaning.indicator, meaning.subject
    if indicator == "previous":  # a conversion or a parallel clause: what the amount before is
        indicator, subject = previous.indicator, subject or previous.subject
    if is_priced(meaning, per, before, rest):
        indicator = "price"  # `10.000 đồng/kg` with no cue, `bán được 1.800 USD/tấn`
    return indicator, subject


def _implied_money(words: list[Word], match: Match, sentence: Span) -> bool:
    """`giá 18,1 tỷ`, `100 - 200 triệu`: an amount in triệu/tỷ with no
    currency word is VND where its clause speaks of money; never a span of
    time (`khoảng 100 triệu năm trước`). One in nghìn/ngàn is VND only as a
    price (`giá 500 ngàn`): `500 nghìn` alone is as often people or tonnes."""
    amount = [w.text for w in words[match.first:match.last]]
    big = any((magnitude_of(w) or 0) >= 1e6 for w in amount)
    if not big and not has_magnitude(amount):
        return False
    after = words[match.last] if match.last < len(words) else None
    if after is not None and after.tag in ("WORD", "NAME", "TIME"):
        return False
    if not big:
        start = words[match.first].start - sentence.start
        end = words[match.last - 1].end - sentence.start
        return money_meaning(sentence.text[:start], sentence.text[end:]).indicator == "price"
    return speaks_of_money(_clause_before(sentence, words, match.first)) or any(
        w.tag in ("CUR", "CURPRE") for w in words)


def _is_unnamed_money(words: list[Word], match: Match, sentence: Span) -> bool:
    """`chi 300 triệu mua giống`, `31.000 tỷ doanh thu`: a count in millions
    whose "noun" is a money word, or that a money verb governs, is an amount
    of VND (extractor/money.py), unless it counts a known noun (`hỗ trợ 1,2
    triệu người`) that is no money in billions (`huy động 131 nghìn tỷ trái
    phiếu` is money: nobody counts billions of bonds)."""
    amount = [w.text for w in words[match.first:match.last - 1]]
    noun = words[match.last - 1]
    magnitude = max((magnitude_of(w) or 0) for w in amount) if amount else 0
    if magnitude < 1e6 or (noun.lower in counted_nouns()
                           and not (magnitude >= 1e9 and speaks_of_money(noun.lower))):
        return False
    return is_unnamed_money(sentence.text[:words[match.first].start - sentence.start],
                            sentence.text[noun.start - sentence.start:])


def facts_of_sentence(text: str, sentence: Span, article_id: str,
                      whole: bool = False) -> list[Fact]:
    """Every fact stated in one sentence of `text` (`whole`: word-segment
    the whole sentence, not only near its figures)."""
    return facts_of_sentences(text, [sentence], article_id, whole)[0]


def facts_of_sentences(text: str, sentences: list[Span], article_id: str,
                       whole: bool = False) -> list[list[Fact]]:
    """The facts of each sentence of `text`, the figures of all of them
    matched at once (`match.offered_spans_of`)."""
    regions = [(i, words) for i, sentence in enumerate(sentences) if may_hold_figure(sentence.text)
               for words in ([tag_sentence(sentence)] if whole
                             else tag_regions(sentence))]
    facts: list[list[Fact]] = [[] for _ in sentences]
    offered = offered_spans_of([words for _, words in regions])
    for (i, words), spans in zip(regions, offered, strict=True):
        facts[i].extend(_facts_of_words(text, sentences[i], article_id, words, facts[i], spans))
    return facts


def _facts_of_words(text: str, sentence: Span, article_id: str, words: list[Word],
                    earlier: list[Fact], spans: dict[tuple[int, int], str]) -> list[Fact]:
    """The facts of one stretch of tagged words of a sentence, from the
    `spans` the patterns matched, after the `earlier` facts of that sentence."""
    figures: dict[Match, Figure | None] = {}

    def reads_as_number(match: Match) -> bool:
        figures[match] = read_figure(words, match)
        return figures[match] is not None

    facts: list[Fact] = []
    for match in longest_first(spans, len(words), reads_as_number):
        figure = figures[match]
        if figure is None or is_not_a_fact(words, match, figure, sentence):
            continue
        pattern = match.pattern
        if figure.kind == "count" and _is_unnamed_money(words, match, sentence):
            match = Match("money.implied", "money", match.first, match.last - 1)
            figure.kind, figure.unit, figure.noun = "money", "VND", None
            pattern = match.pattern
        if figure.kind == "bare":
            if not _implied_money(words, match, sentence):
                continue
            figure.kind, figure.unit, pattern = "money", "VND", "money.implied"
        per, end = _rate(words, match.last)
        before = [*earlier, *facts]
        previous = before[-1] if before else None
        if figure.kind == "money":
            money_before = next((f for f in reversed(before) if f.kind == "money"), None)
            indicator, subject = _money_indicator(sentence, words, match, end, per, money_before)
        elif figure.kind == "count":
            cut = words[match.first].start - sentence.start
            indicator, subject = count_indicator(
                words, figure.noun, sentence.text[max(0, cut - COUNT_LOOK_BACK):cut], figure.value)
        else:
            indicator = figure.kind
            subject = _words_before(_clause_before(sentence, words, match.first))
        start, stop = words[match.first].start, words[match.last - 1].end
        qualifier = _qualifier(words, match, end, previous, figure.kind, figure.unit)
        facts.append(Fact(
            article=article_id, kind=figure.kind, value=figure.value, value_max=figure.value_max,
            unit=figure.unit, per=per, qualifier=qualifier,
            indicator=indicator, subject=subject, text=text[start:stop],
            sentence=sentence.text, start=start, end=stop, pattern=pattern,
        ))
    return facts

