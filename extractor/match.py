"""Find the figures of a sentence with spaCy token patterns.

underthesea's words are split further where digits touch other characters
(`2,2km`, `100.000đ`, `28-30%`), merged where a lexicon phrase spans several
words (`đô la`, `phần trăm`), and tagged from the lexicons in `patterns/`
(NUM, MAG, CUR, PCT, UNIT …). The token patterns of `patterns/figures.jsonl`
then run as a spaCy `Matcher` over a `Doc` built from those words; the longest
non-overlapping matches are the figures of the sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import regex
from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractor.indicators import counted_nouns
from extractor.numbers import (
    MAX_AMOUNT_WORDS,
    NUMBER_SHAPE,
    currency_table,
    magnitude_of,
    may_adjoin,
    number_suffixes,
    number_words,
    parse_digits,
)
from extractor.patterns import (
    Column,
    not_allowed,
    read_jsonl,
    read_table,
    read_word_list,
    rule_error,
    rule_loader,
)
from extractor.phrases import alternation
from extractor.segment import Span, figure_regions, split_words

KINDS = ("money", "count", "percent", "quantity", "bare")
AMOUNT_TAGS = frozenset({"NUM", "NUMW", "MAG"})
TAGS = frozenset({*AMOUNT_TAGS, "CUR", "CURPRE", "CENT", "PCT", "UNIT", "RSEP", "SIGN", "TIME", "STOP",
                  "QUAL", "ID", "WORD", "NAME", "PUNCT", "X"})
"""Every tag `_tag` gives: a token pattern naming another could never match."""
_GLUE_PUNCT = {"-", "/", ":", ".", "_"}
_YEAR = regex.compile(r"(?:19|20)\d\d")
MAX_PLACE_NOUN = 2  # syllables of a noun of count_place_heads.tsv
_LEADING_ZERO_COUNT = regex.compile(r"0[1-9](?:,\d+)?")  # `02 chiếc xe`, `01,10`: administrative style


@dataclass(slots=True)
class Word:
    """A token of a sentence with its tag and character offsets in the text
    (slotted, not frozen: an article makes thousands, and a frozen dataclass
    is slow to build)."""

    text: str
    start: int
    end: int
    tag: str
    space_after: bool
    lower: str = field(init=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()  # read again and again by the rules


@dataclass(frozen=True, slots=True)
class Match:
    """A figure found in a sentence: the words `words[first:last]` matched
    the pattern `pattern` of kind `kind`."""

    pattern: str
    kind: str
    first: int
    last: int


@dataclass(frozen=True)
class Lexicons:
    """The word lists that decide the tag of a word."""

    currencies: dict[str, tuple[str, str]]
    units: dict[str, str]
    percent: frozenset[str]
    ranges: frozenset[str]
    not_after: frozenset[str]
    stop: frozenset[str]
    qualifiers: frozenset[str]
    lookalikes: frozenset[str]  # words that start with a magnitude and hold none (`tỷ phú`)
    multipliers: frozenset[str]  # verbs that make `N lần` a multiplier (`gấp 3 lần`)
    subunits: dict[str, tuple[float, str]]  # cents: share of the unit, currency when alone
    signs: dict[str, float]  # `-`, `âm`, `+/-`: the sign they give the number after them (0: none)
    place_heads: dict[str, frozenset[str]]  # `điểm` + one of these nouns counts places
    phrases: frozenset[str]  # multi-word entries, merged into one word before tagging


QUALIFIERS = {"exact", "more_than", "at_least", "nearly", "about", "less_than", "at_most"}
QUALIFIER_PLACES = ("before", "after", "comparative", "comparison")
"""Where a qualifier phrase stands: before or after its figure, a comparative
(`cao hơn`), a comparison (`so với`)."""


@rule_loader
def qualifier_table() -> tuple[tuple[int, str, str, str], ...]:
    """The rows of `qualifiers.tsv` (line, phrase, qualifier, place), checked
    and read once: for the phrases the tokens keep whole (`lexicons`) and for
    the qualifier each gives (extractor/enrich.py)."""
    rows = read_table("qualifiers.tsv", "phrase", Column("qualifier", sorted(QUALIFIERS)),
                      Column("place", QUALIFIER_PLACES), unique=[0, 2])
    return tuple((line, phrase, qualifier, place) for line, (phrase, qualifier, place) in rows)


@rule_loader
def lexicons() -> Lexicons:
    currencies = currency_table()
    units = {word.lower(): unit for _, (word, unit) in read_table("units.tsv", "word", "unit", unique=[0])}
    percent = read_word_list("percent_words.tsv")
    ranges = read_word_list("range_words.tsv")
    not_after = read_word_list("not_fact_after.tsv")
    qualifiers = {phrase for _, phrase, _, _ in qualifier_table()}
    lookalikes = read_word_list("magnitude_lookalikes.tsv")
    signs = _signs()
    phrases = frozenset(
        word for word in (*currencies, *units, *percent, *not_after, *qualifiers, *counted_nouns(),
                          *lookalikes, *signs)
        if len(_piece_pattern().findall(word)) > 1
    )
    return Lexicons(currencies, units, percent, ranges, not_after,
                    read_word_list("count_stop_words.tsv"), frozenset(qualifiers), lookalikes,
                    read_word_list("multiplier_verbs.tsv"), _subunits(currencies), signs,
                    _place_heads(not_after), phrases)


def _subunits(currencies: dict[str, tuple[str, str]]) -> dict[str, tuple[float, str]]:
    codes = sorted({code for code, _ in currencies.values()})
    share = Column("share", numbers=(0, 1), open_ends=(True, True))
    rows = read_table("currency_subunits.tsv", "word", share,
                      Column("code", codes, kind="a currency code of currencies.tsv"), unique=[0])
    return {word.lower(): (float(share), code) for _, (word, share, code) in rows}


SIGN_VALUES = {"-": -1.0, "+": 1.0, "±": 0.0}
"""The signs of `sign_words.tsv`: `±` (`+/-3%`) is a band either side of a value, and gives it none."""


def _signs() -> dict[str, float]:
    rows = read_table("sign_words.tsv", "word", Column("sign", tuple(SIGN_VALUES)), unique=[0])
    return {word.lower(): SIGN_VALUES[sign] for _, (word, sign) in rows}


def _place_heads(not_after: frozenset[str]) -> dict[str, frozenset[str]]:
    heads = {}
    rows = read_table("count_place_heads.tsv", Column("head", not_after, kind="a word of not_fact_after.tsv"),
                      "nouns", unique=[0])
    for line, (head, nouns) in rows:
        places = frozenset(" ".join(w.lower().split()) for w in nouns.split(",") if w.strip())
        if not places or max(len(noun.split()) for noun in places) > MAX_PLACE_NOUN:
            raise rule_error("count_place_heads.tsv", line,
                             f"expected nouns of 1 to {MAX_PLACE_NOUN} syllables, separated by commas")
        heads[head.lower()] = places
    return heads


@rule_loader
def _piece_pattern() -> regex.Pattern:
    """Numbers (`,77` too), area/volume units glued to their exponent (`m2`,
    `km2`, `m3`), words, and single signs; a magnitude glued to its currency
    (`192tỷđồng`, `10,8 triệuđồng`) is split too. The magnitude and
    currency words come from patterns/numbers.tsv and currencies.tsv."""
    magnitudes = [w for w, entry in number_words().items() if entry.role == "magnitude"]
    glued = [w for w in currency_table() if w.isalpha()]
    return regex.compile(
        r"\d+(?:[.,]\d+)*|(?<![\w.,]),\d+"
        r"|(?<![^\W\d_])(?:km|cm|dm|mm|m)[23](?!\d)"
        rf"|(?:{alternation(magnitudes)})(?=(?:{alternation(glued)})(?!\w))|[^\W\d_]+|\S",
        regex.IGNORECASE,
    )



def _check_pattern(entry: dict) -> str | None:
    if not isinstance(entry.get("id"), str) or not entry["id"]:
        return "missing 'id'"
    if problem := not_allowed("'kind'", entry.get("kind"), KINDS):
        return problem
    pattern = entry.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        return "'pattern' must be a non-empty list of token objects"
    open_token = next((i for i, token in enumerate(pattern, 1) if _may_take_separator(token)), None)
    if open_token is not None:
        return f"token {open_token} of pattern '{entry['id']}' must name a TAG, LOWER or ORTH"
    problems = validate_token_pattern(pattern)  # spaCy's own schema of Matcher patterns
    if problems:
        return f"pattern '{entry['id']}' is invalid ({problems[0]})"
    unknown = sorted({tag for token in pattern for tag in _tags_named(token.get("TAG"))} - TAGS)
    if unknown:
        return f"pattern '{entry['id']}' names the tag '{unknown[0]}', which no word is given " \
               f"(tags: {', '.join(sorted(TAGS))})"
    return None


def _tags_named(condition: object) -> list[str]:
    """The tags a token's TAG condition names (`"NUM"`, `{"IN": [...]}`)."""
    if isinstance(condition, str):
        return [condition]
    if isinstance(condition, dict):
        return [tag for values in condition.values() if isinstance(values, list)
                for tag in values if isinstance(tag, str)]
    return []


def _may_take_separator(token: dict) -> bool:
    """Whether a pattern token might accept `SEPARATOR`: unless a TAG,
    LOWER or ORTH (a value or `IN` a list) rules it out."""
    for name, separator in (("TAG", SEPARATOR_TAG), ("LOWER", SEPARATOR), ("ORTH", SEPARATOR)):
        value = token.get(name)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            value = value["IN"]
        if (isinstance(value, str) and value != separator) or (
                isinstance(value, list) and separator not in value):
            return False
    return True


def _vocab() -> Vocab:
    """A vocabulary that knows lower case, so patterns may use `LOWER`."""
    return Vocab(lex_attr_getters={LOWER: str.lower})


@rule_loader
def figure_matcher() -> tuple[Matcher, dict[str, str]]:
    """The spaCy Matcher loaded from `patterns/figures.jsonl`, and each
    pattern id's kind."""
    matcher = Matcher(_vocab(), validate=True)
    kinds: dict[str, str] = {}
    for entry in read_jsonl("figures.jsonl", _check_pattern):
        matcher.add(entry["id"], [entry["pattern"]])
        kinds[entry["id"]] = entry["kind"]
    return matcher, kinds


def _glued_stretches(words: list[Span]) -> list[list[Span]]:
    """Runs of words with no space between them (`1-1` `,` `5` `%`)."""
    stretches: list[list[Span]] = []
    for word in words:
        if stretches and stretches[-1][-1].end == word.start:
            stretches[-1].append(word)
        else:
            stretches.append([word])
    return stretches


def _pieces(stretch: list[Span], sentence: Span) -> list[tuple[str, int, int]]:
    """Re-split where underthesea cut through a number (`1-1` `,5`) or glued
    digits to letters (`công suất150`): a run of words with digits is split
    anew into numbers, letters and signs. A word that is all number words
    (`hai mươi`) is split into syllables, and one that starts with a
    magnitude (`tỷ Nhân dân tệ`, `tỷ lợi nhuận`) into the magnitude and the
    rest, so the grammar sees each number word; but not a word that only
    starts like a magnitude (`tỷ phú`, patterns/magnitude_lookalikes.tsv)."""
    start, end = stretch[0].start, stretch[-1].end
    text = sentence.text[start - sentence.start:end - sentence.start]
    if any(ch.isdigit() for ch in text):
        return [(m.group(), start + m.start(), start + m.end()) for m in _piece_pattern().finditer(text)]
    pieces = []
    for word in stretch:
        glued = _glued_amount_words().fullmatch(word.text)
        if glued:  # `triệuđồng`: a magnitude glued to its currency
            pieces.extend((glued.group(i), word.start + glued.start(i), word.start + glued.end(i))
                          for i in (1, 2))
            continue
        if len(word.text) > 1 and not word.text.replace(" ", "").isalnum():
            # `USD...`, `(khoảng`: punctuation is a word of its own; lexicon
            # phrases with punctuation (`km/h`, `US$`) are merged back later
            pieces.extend((m.group(), word.start + m.start(), word.start + m.end())
                          for m in _piece_pattern().finditer(word.text))
            continue
        syllables = word.text.split()
        if len(syllables) > 1 and all(s.lower() in number_words() for s in syllables):
            pieces.extend((m.group(), word.start + m.start(), word.start + m.end())
                          for m in regex.finditer(r"\S+", word.text))
        elif len(syllables) > 1 and magnitude_of(syllables[0]) \
                and " ".join(syllables).lower() not in lexicons().lookalikes:
            rest = word.start + len(word.text) - len(word.text[len(syllables[0]):].lstrip())
            pieces.extend([(syllables[0], word.start, word.start + len(syllables[0])),
                           (word.text[rest - word.start:], rest, word.end)])
        else:
            pieces.append((word.text, word.start, word.end))
    return pieces


@rule_loader
def _glued_amount_words() -> regex.Pattern:
    """A magnitude word glued to a currency word (`triệuđồng`, `tỷUSD`)."""
    magnitudes = [w for w, entry in number_words().items() if entry.role == "magnitude"]
    currencies = [w for w in lexicons().currencies if " " not in w and w[0].isalpha()]
    return regex.compile(rf"({alternation(magnitudes)})({alternation(currencies)})",
                         regex.IGNORECASE)


def _split_currency_compounds(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Split a word that starts with a currency and follows an amount:
    `70.000 tỷ đồng vốn` is money, not a count of `đồng vốn`, and so are
    `… tỷ đồng bằng nguồn vốn`, `500 nghìn đồng tiền mừng`. Only after a
    magnitude word or a number of a thousand or more (`6 đồng tiền`, `300
    đồng đội` are counts), never a counted noun of the lexicon (`10 triệu
    đồng bào`) nor after a year (`những năm 2030 đồng thời`)."""
    currencies = lexicons().currencies
    result: list[tuple[str, int, int]] = []
    for text, start, end in pieces:
        syllables = text.split()
        previous = result[-1][0] if result else ""
        head = next((size for size in (3, 2, 1) if len(syllables) > size
                     and currencies.get(" ".join(syllables[:size]).lower(), ("", "before"))[1]
                     != "before"), None)
        whole = " ".join(syllables).lower()
        if head is None or whole in currencies or whole in counted_nouns() \
                or not _ends_amount(previous):
            result.append((text, start, end))
            continue
        cut = start + len(" ".join(text.split(" ")[:head]))  # the words keep their own spacing
        rest = start + len(text) - len(text[cut - start:].lstrip())
        result.extend([(text[:cut - start], start, cut), (text[rest - start:], rest, end)])
    return result


def _ends_amount(word: str) -> bool:
    """A magnitude word, or digits of a thousand or more that are no year."""
    if magnitude_of(word):
        return True
    value = parse_digits(word) if NUMBER_SHAPE.fullmatch(word) else None
    return value is not None and value >= 1000 and not _YEAR.fullmatch(word)


def _merge_phrases(pieces: list[tuple[str, int, int]], sentence: Span) -> list[tuple[str, int, int]]:
    """Join consecutive words that form one lexicon phrase (`đô` `la`); an
    abbreviation's stop that ends the sentence is its full stop (`20Rs.`)."""
    phrases = lexicons().phrases
    beginnings = _phrase_beginnings()
    merged = []
    i = 0
    while i < len(pieces):
        if " ".join(pieces[i][0].lower().split()) not in beginnings:
            merged.append(pieces[i])  # no phrase begins with this word
            i += 1
            continue
        for size in (3, 2):
            group = pieces[i:i + size]
            if len(group) == size and not (group[-1][0] == "." and i + size == len(pieces)):
                joined = sentence.text[group[0][1] - sentence.start:group[-1][2] - sentence.start]
                if " ".join(joined.lower().split()) in phrases:
                    merged.append((joined, group[0][1], group[-1][2]))
                    i += size
                    break
        else:
            merged.append(pieces[i])
            i += 1
    return merged


@rule_loader
def _phrase_beginnings() -> frozenset[str]:
    """Every beginning of a lexicon phrase: a word that begins none is merged with nothing."""
    return frozenset(phrase[:stop] for phrase in lexicons().phrases for stop in range(1, len(phrase) + 1))


def _tag(i: int, pieces: list[tuple[str, int, int]]) -> str:
    text, start, end = pieces[i]
    lower = text.lower()
    lex = lexicons()
    before = pieces[i - 1] if i > 0 else None
    after = pieces[i + 1] if i + 1 < len(pieces) else None
    glued_before = before is not None and before[2] == start
    glued_after = after is not None and after[1] == end
    if NUMBER_SHAPE.fullmatch(text):
        return _tag_number(i, pieces)
    if glued_before and text in number_suffixes() and NUMBER_SHAPE.fullmatch(before[0]) \
            and not (glued_after and after[0][0].isalnum()):
        return "MAG"  # `10k`, `3M`, `10K$`: a suffix that multiplies the digits before it
    if text in lex.ranges and glued_before and glued_after and before[0].lower() in lex.percent:
        return "RSEP"  # `50%-60%`: a range, not 50% and -60%
    if lower in lex.signs and _signs_number(lower, before, after, glued_before, glued_after):
        return "SIGN"
    entry = number_words().get(lower)
    if entry is not None and (entry.role != "half_before" or (after is not None and magnitude_of(after[0]))):
        return "MAG" if entry.role == "magnitude" else "NUMW"  # `nửa` only before a magnitude: `nửa triệu`
    if lower in lex.currencies:
        where = lex.currencies[lower][1]
        if where != "after" and after is not None and _starts_number(after[0]) and not (
                before is not None and (NUMBER_SHAPE.fullmatch(before[0]) or magnitude_of(before[0]))):
            return "CURPRE"  # `$5`, `USD 5`, `USD1,23`; but in `14,6 triệu USD 2` the USD is the amount's
        return "CUR" if where != "before" else "X"
    if lower in lex.subunits:
        return "CENT"
    if lower == "lần" and _counts_occasions(i, pieces):
        return "WORD"  # `3 lần xét nghiệm`: occasions of a noun, not a multiplier
    if lower in lex.place_heads and _heads_place(lower, i, pieces):
        return "WORD"  # `12 điểm du lịch`: places, where `đạt 8 điểm` is a score
    if lower in lex.qualifiers and before is not None and before[0].lower() in lex.ranges \
            and after is not None and _starts_number(after[0]):
        return "QUAL"  # `từ 5 đến trên 8 triệu`: the high end's qualifier, inside the range
    return _word_tag(text)


WORD_TAGS_KEPT = 65536  # distinct words whose tag is kept: an archive's common vocabulary


@rule_loader
def _word_tags() -> dict[str, str]:
    """The tags `_word_tag` gave, forgotten with the rules they came from."""
    return {}


def _word_tag(text: str) -> str:
    """The tag of a word that its neighbours do not decide, from the lexicons
    (kept: the same plain words recur in every article)."""
    tags = _word_tags()
    tag = tags.get(text)
    if tag is None:
        tag = _lexicon_tag(text)
        if len(tags) < WORD_TAGS_KEPT:
            tags[text] = tag
    return tag


def _lexicon_tag(text: str) -> str:
    lower = text.lower()
    lex = lexicons()
    for words, tag in ((lex.percent, "PCT"), (lex.units, "UNIT"), (lex.ranges, "RSEP"),
                       (lex.not_after, "TIME"), (lex.stop, "STOP"), (lex.qualifiers, "QUAL")):
        if lower in words:
            return tag
    if text[0].isalpha():
        return "WORD" if text == lower or lower in counted_nouns() else "NAME"
    return "PUNCT"


def _tag_number(i: int, pieces: list[tuple[str, int, int]]) -> str:
    """NUM for digits that are a quantity, ID for codes, dates and times."""
    text, start, end = pieces[i]
    before = pieces[i - 1] if i > 0 else None
    after = pieces[i + 1] if i + 1 < len(pieces) else None
    glued_before = before is not None and before[2] == start
    glued_after = after is not None and after[1] == end
    if _LEADING_ZERO_COUNT.fullmatch(text) and after is not None and not glued_after \
            and after[0][0].isalpha() and after[0][0].islower():
        return "NUM"  # `02 chiếc xe`: administrative style for 2
    if parse_digits(text) is None:
        return "ID"
    if glued_before and before[0].lower() in lexicons().currencies \
            and lexicons().currencies[before[0].lower()][1] != "after":
        return "NUM"  # `USD1,23`, `EUR29,99`, `VND1000`: a code before its amount
    if _letters_between_digits(i - 1, pieces) or _letters_between_digits(i + 1, pieces):
        return "ID"  # either digits of a code: 3in1, 9M119, 60M1-3772
    if glued_before and (_is_code_letters(before[0]) or _glued_to_code(i, pieces)):
        return "ID"  # Z2, U23, Covid-19, 7h30, 45/2012
    if glued_after and after[0] in ("/", ":") and i + 2 < len(pieces) \
            and pieces[i + 2][1] == after[2] and pieces[i + 2][0][0].isdigit():
        return "ID"  # dates 26/4, fractions 9/28, times 07:11
    return "NUM"


def _letters_between_digits(j: int, pieces: list[tuple[str, int, int]]) -> bool:
    """Whether piece `j` is letters glued between two numbers (`in` of `3in1`,
    `M` of `9M119`): the three are one code, never a measure or an amount."""
    if not 0 < j < len(pieces) - 1 or not pieces[j][0].isalpha():
        return False
    (left, _, left_end), (_, start, end), (right, right_start, _) = pieces[j - 1:j + 2]
    return left_end == start and end == right_start and left[-1].isdigit() and right[0].isdigit()


def _starts_number(text: str) -> bool:
    return text[0].isdigit() or (text[0] == "," and text[1:2].isdigit())


def _signs_number(sign: str, before: tuple[str, int, int] | None, after: tuple[str, int, int] | None,
                  glued_before: bool, glued_after: bool) -> bool:
    """Whether a sign word gives its sign to the number after it: a symbol
    glued to it (`-1,25%`, `-,0012G`), not to a word before it (`Covid-19`,
    `5-10`) and not after a number (`3,5 -4`); a word (`âm 3%`) before
    digits or a number word, with a space."""
    if after is None:
        return False
    if sign.isalpha():
        return not glued_after and (_starts_number(after[0]) or after[0].lower() in number_words())
    # `3,5 -4 triệu`, `20.000 -45.000 đồng`: after a number, a dash is a range
    return glued_after and _starts_number(after[0]) and not (glued_before and before[0][-1].isalnum()) \
        and not (before is not None and NUMBER_SHAPE.fullmatch(before[0]))


def _heads_place(head: str, i: int, pieces: list[tuple[str, int, int]]) -> bool:
    """`điểm` before one of the nouns of `count_place_heads.tsv` (`du
    lịch`, `giao dịch`) counts the places of that noun; before any other
    word it keeps its other senses (`đạt 8 điểm môn toán` is a score)."""
    syllables = " ".join(piece[0].lower() for piece in pieces[i + 1:i + 1 + MAX_PLACE_NOUN]).split()
    nouns = lexicons().place_heads[head]
    return any(" ".join(syllables[:size]) in nouns for size in range(1, MAX_PLACE_NOUN + 1))


def _counts_occasions(i: int, pieces: list[tuple[str, int, int]]) -> bool:
    """`lần` between a number and a lower-case noun (`2 lần xét nghiệm`),
    the number not after a multiplying verb (`gấp 3 lần`, `tăng 2 lần`)."""
    if i < 1 or i + 1 >= len(pieces) or not NUMBER_SHAPE.fullmatch(pieces[i - 1][0]):
        return False
    after = pieces[i + 1][0]
    if not (after.replace(" ", "").isalpha() and after.islower()) or after in lexicons().stop \
            or after in lexicons().not_after or after == "so":
        return False
    multipliers = lexicons().multipliers
    return not any(piece[0].lower() in multipliers for piece in pieces[max(0, i - 4):i - 1])


def _is_code_letters(letters: str) -> bool:
    """Letters glued before digits make a code (`Z2`, `iPhone7`, `h30`);
    a Vietnamese word glued by a typo (`là20,5`, `Hội5 tỷ`) does not."""
    return letters[-1].isalpha() and (len(letters) == 1 or (letters.isascii() and not letters.islower()))


def _glued_to_code(i: int, pieces: list[tuple[str, int, int]]) -> bool:
    """Whether piece i hangs by `-`, `/`, `:` or `.` onto letters, a date
    part or a code written right before it (`Covid-19`, `45/2012`, `07:11`,
    `60M1-3772`)."""
    punct, p_start, _ = pieces[i - 1]
    if punct not in _GLUE_PUNCT or i < 2:
        return False
    head, _, head_end = pieces[i - 2]
    if head_end != p_start:
        return False
    lex = lexicons()
    amount_words = lex.currencies.keys() | lex.units.keys()
    tail = pieces[i + 1][0].lower() if i + 1 < len(pieces) else ""
    if punct == "/" and (head.lower() in amount_words or magnitude_of(head)) \
            and (tail in amount_words or magnitude_of(tail)):
        return False  # `4.221 tỷ đồng/3.050 tỷ đồng`: achieved/planned, two amounts
    opens_code = head[0].isdigit() and i > 2 and pieces[i - 3][2] == pieces[i - 2][1] \
        and pieces[i - 3][0][-1].isalpha()  # `60M1-3772`: the digits of a code go on after it
    return head[0].isalpha() or punct in ("/", ":") or opens_code


def tag_sentence(sentence: Span) -> list[Word]:
    """The tagged words of a whole sentence, all of it word-segmented: the
    slow reference that `tag_regions` is measured against."""
    return tag_words(split_words(sentence), sentence)


def tag_regions(sentence: Span) -> list[list[Word]]:
    """The tagged words of each part of a sentence where a figure can be."""
    return [tag_words(region, sentence) for region in figure_regions(sentence)]


def tag_words(spans: list[Span], sentence: Span) -> list[Word]:
    """Split, merge and tag the words of (part of) a sentence."""
    pieces = []
    for stretch in _glued_stretches(spans):
        pieces.extend(_pieces(stretch, sentence))
    pieces = _split_currency_compounds(_merge_phrases(pieces, sentence))
    words = []
    for i, (text, start, end) in enumerate(pieces):
        space = i + 1 < len(pieces) and pieces[i + 1][1] > end
        tag = _tag(i, pieces)
        if tag == "SIGN" and start == sentence.start and not text.isalpha():
            tag = "PUNCT"  # `-500 lao động` opening a line is a list marker, not a minus
        words.append(Word(text, start, end, tag, space))
    return words


def match_figures(words: list[Word]) -> list[Match]:
    """The longest non-overlapping pattern matches over the words.

    Spans are offered longest first; `accept` may turn one down (a span
    whose words do not read as one number, like `tư 25 triệu` where `tư`
    ends `đầu tư`), and then the shorter matches inside it get their turn.
    """
    return choose_matches(words, lambda match: True)


def choose_matches(words: list[Word], accept: Callable[[Match], bool]) -> list[Match]:
    """The longest non-overlapping matches that `accept` takes, in order.

    Spans that no amount can be read from are never offered (see
    `match_stretches`), so a run of numbers costs time in proportion to
    its length, not to the cube of it.
    """
    return longest_first(offered_spans(words), len(words), accept)


def offered_spans(words: list[Word],
                  stretches: list[tuple[int, int]] | None = None) -> dict[tuple[int, int], str]:
    """The spans `(first, stop)` of the words that a token pattern matches,
    and the pattern of each, found stretch by stretch (default:
    `match_stretches`)."""
    return offered_spans_of([words], None if stretches is None else [stretches])[0]


SEPARATOR = "¶"
SEPARATOR_TAG = "SEP"
"""The token between two stretches in the one `Doc` of `offered_spans_of`:
no token of a pattern accepts it (checked on load), so no match crosses it."""


def offered_spans_of(regions: list[list[Word]], stretches: list[list[tuple[int, int]]] | None = None
                     ) -> list[dict[tuple[int, int], str]]:
    """`offered_spans` of each list of words (the regions of an article),
    found in one spaCy `Doc` with one `Matcher` call: building a `Doc` and
    starting the matcher cost more than matching a region's few words.
    The stretches stand in the `Doc` one after another, each followed by
    `SEPARATOR`, so the matcher sees each alone, as it would a slice."""
    matcher, _ = figure_matcher()
    texts: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    placed: list[tuple[int, int, int]] = []  # (doc offset, region, first word) of each stretch
    for region, words in enumerate(regions):
        for first, stop in match_stretches(words) if stretches is None else stretches[region]:
            placed.append((len(texts), region, first))
            for word in words[first:stop]:
                texts.append(word.text)
                spaces.append(word.space_after)
                tags.append(word.tag)
            texts.append(SEPARATOR)
            spaces.append(True)
            tags.append(SEPARATOR_TAG)
    spans: list[dict[tuple[int, int], str]] = [{} for _ in regions]
    if not texts:
        return spans
    doc = Doc(matcher.vocab, words=texts, spaces=spaces, tags=tags)
    offsets = [offset for offset, _, _ in placed]
    for key, start, end in matcher(doc):
        offset, region, first = placed[bisect.bisect_right(offsets, start) - 1]
        spans[region][first + start - offset, first + end - offset] = matcher.vocab.strings[key]
    return spans


def longest_first(spans: dict[tuple[int, int], str], size: int,
                  accept: Callable[[Match], bool]) -> list[Match]:
    """Of matched spans over `size` words, the longest that `accept` takes,
    then the longest of the rest that overlap none taken, and so on."""
    kinds = figure_matcher()[1]
    candidates = sorted(spans.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0]))
    taken = [False] * size
    chosen = []
    for (start, end), pattern in candidates:
        if any(taken[start:end]):
            continue
        match = Match(pattern, kinds[pattern], start, end)
        if accept(match):
            taken[start:end] = [True] * (end - start)
            chosen.append(match)
    return sorted(chosen, key=lambda match: match.first)


def match_stretches(words: list[Word]) -> list[tuple[int, int]]:
    """The stretches `(first, stop)` of the words that the Matcher reads one
    by one, so that it never offers a span in which no amount can be read.

    A token pattern sees nothing outside its span, so cutting the words
    between two amount words that no amount can hold together (`1 1`, see
    `may_adjoin`) loses only spans that would be turned down. A run of
    more amount words than an amount can have (`MAX_AMOUNT_WORDS`) is cut
    every that many words into cells, and read two cells at a time: every
    span holding no more of the run than an amount can lies within two
    neighbouring cells. Without the cuts, a run of n numbers offers n²/2
    spans, each read again.
    """
    pieces: list[tuple[int, int]] = []
    first = 0
    for i in range(1, len(words)):
        if words[i - 1].tag in AMOUNT_TAGS and words[i].tag in AMOUNT_TAGS \
                and not may_adjoin(words[i - 1].text, words[i].text):
            pieces.append((first, i))
            first = i
    pieces.append((first, len(words)))
    return [window for piece in pieces for window in _windows(words, *piece)]


def _windows(words: list[Word], first: int, stop: int) -> list[tuple[int, int]]:
    """The piece `first:stop` in windows of two cells, cut inside each run of
    more than `MAX_AMOUNT_WORDS` amount words every that many words."""
    cuts = [first]
    run = 0
    for i in range(first, stop):
        run = run + 1 if words[i].tag in AMOUNT_TAGS else 0
        if run > MAX_AMOUNT_WORDS and (run - 1) % MAX_AMOUNT_WORDS == 0:
            cuts.append(i)
    cuts.append(stop)
    if len(cuts) <= 3:
        return [(first, stop)]
    return [(cuts[k], cuts[k + 2]) for k in range(len(cuts) - 2)]
