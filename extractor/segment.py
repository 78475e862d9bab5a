"""Split cleaned text into sentences and sentences into words, with offsets.

underthesea does the splitting; this module only anchors its output back to
character offsets in the text, because every fact must point at the exact
place it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex
from underthesea import sent_tokenize, word_tokenize

from extractor.numbers import MAX_AMOUNT_WORDS, currency_table, may_adjoin, number_words
from extractor.patterns import read_word_list, rule_loader
from extractor.phrases import alternation


@dataclass(frozen=True)
class Span:
    """A piece of the text: `text == source[start:end]`."""

    text: str
    start: int
    end: int


def _anchor(pieces: list[str], source: str, offset: int) -> list[Span]:
    """Locate each piece in `source` in order. underthesea sometimes changes
    the spacing of a piece (`US$` comes back as `US $`); such a piece is
    matched with the spacing of the source. A piece that cannot be found
    next is skipped rather than mis-placed."""
    spans = []
    cursor = 0
    for piece in pieces:
        found = source.find(piece, cursor)
        if found < 0 or source[cursor:found].strip():
            respaced = _respaced(piece).match(source, cursor)
            if respaced is None:
                if found < 0:
                    continue
            else:
                found, piece = respaced.start(1), respaced.group(1)
        cursor = found + len(piece)
        spans.append(Span(piece, offset + found, offset + cursor))
    return spans


def _respaced(piece: str) -> regex.Pattern:
    """The piece with any spacing between its characters, after blanks."""
    letters = [regex.escape(ch) for ch in piece if not ch.isspace()]
    return regex.compile(r"\s*(" + r"\s*".join(letters) + ")")


def split_paragraphs(text: str) -> list[Span]:
    """The non-blank lines of the text: sentences never cross a line break."""
    spans = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(stripped, start + lead, start + lead + len(stripped)))
        start += len(line) + 1
    return spans


MAX_SENTENCE_LENGTH = 4000
"""Characters of the longest sentence read as one: news sentences run to a
thousand or so (3,085 the longest in 4,000 archive articles). Text without
sentence ends (a table flattened into one line) is read in pieces of this
length, because what is found around each figure is looked for across its
sentence, and across a sentence of any length that work would grow with
the square of it."""


def split_sentences(text: str) -> list[Span]:
    """The sentences of the text, paragraph by paragraph.

    A break with no space after it (`Kitco.com`, `TP.HCM`) is not a
    sentence boundary, nor one after a currency abbreviation before its
    amount (`Rs. 20`), so such pieces are joined again. A sentence longer
    than `MAX_SENTENCE_LENGTH` is cut at spaces into shorter ones.
    """
    sentences: list[Span] = []
    for paragraph in split_paragraphs(text):
        pieces = _anchor(sent_tokenize(paragraph.text), paragraph.text, paragraph.start)
        for piece in pieces:
            last = sentences[-1] if sentences else None
            if last is not None and (last.end == piece.start or _abbreviated_currency(text, last, piece)):
                sentences[-1] = Span(text[last.start:piece.end], last.start, piece.end)
            else:
                sentences.append(piece)
    return [part for sentence in sentences for part in _cut_long(sentence)]


def _abbreviated_currency(text: str, last: Span, piece: Span) -> bool:
    """`Rs.` ending one piece and digits opening the next on its line: one amount."""
    if not piece.text[:1].isdigit() or text[last.end:piece.start] != " ":
        return False
    word = last.text.rsplit(None, 1)[-1].lower()
    return word in _dotted_currencies()


@rule_loader
def _dotted_currencies() -> frozenset[str]:
    return frozenset(word for word in currency_table() if word.endswith("."))


def _cut_long(sentence: Span) -> list[Span]:
    """A sentence in pieces of at most `MAX_SENTENCE_LENGTH` characters, cut
    after the last comma before the limit that leaves a piece at least half
    as long (a figure does not span a comma), else at the last space not
    inside an amount (`2 tỷ 1 | triệu` would cut one), else at the limit."""
    parts = []
    text, start = sentence.text, 0
    while len(text) - start > MAX_SENTENCE_LENGTH:
        limit = start + MAX_SENTENCE_LENGTH
        cut = text.rfind(", ", start + MAX_SENTENCE_LENGTH // 2, limit) + 1 \
            or _space_between_amounts(text, start, limit)
        cut = cut if cut > start else limit
        parts.append(Span(text[start:cut], sentence.start + start, sentence.start + cut))
        start = cut + (text[cut:cut + 1] == " ")
    parts.append(Span(text[start:], sentence.start + start, sentence.end))
    return parts


def _space_between_amounts(text: str, start: int, limit: int) -> int:
    """The last space of `text[start + 1:limit + 1]` whose neighbours can
    stand in no amount together (numbers.may_adjoin), looking back over at
    most `MAX_AMOUNT_WORDS` spaces; else the last space (-1 when none)."""
    last = cut = text.rfind(" ", start + 1, limit + 1)
    for _ in range(MAX_AMOUNT_WORDS):
        if cut <= start:
            break
        left = text[max(start, text.rfind(" ", start, cut) + 1):cut]
        right_end = text.find(" ", cut + 1)
        right = text[cut + 1:right_end if right_end >= 0 else len(text)]
        if not left or not right or not may_adjoin(left, right):
            return cut
        cut = text.rfind(" ", start + 1, cut)
    return last


def split_words(sentence: Span) -> list[Span]:
    """underthesea's words of a sentence (multi-syllable words kept whole)."""
    return _anchor(word_tokenize(sentence.text), sentence.text, sentence.start)


# Syllables word-segmented from the start of a number on: enough for its
# magnitude, currency or unit and the first word of a counted noun
# (`193 đề án với`), and syllables read around that window for the
# qualifiers, cues and nouns the enrich stage looks at.
WINDOW_AFTER = 4
CONTEXT_BEFORE = 5
CONTEXT_AFTER = 4
_SYLLABLE = regex.compile(r"\S+")
_PLAIN_TOKEN = regex.compile(r"\w+|[^\w\s]")
_NUMBER_WORD_ROLES = {"magnitude", "ten", "tens", "hundred"}
_DIGIT_ROLES = {"digit", "trailing_digit"}
_HALF_ROLES = {"half_before"}
_EDGE_PUNCTUATION = "().,;:!?\"'“”[]"
_DATE_OR_TIME = regex.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}/\d{4}|\d{1,2}[:h]\d{2}"
                              r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}/\d{2,4}/?[\w-]*")
_YEAR = regex.compile(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?")


@rule_loader
def year_words() -> frozenset[str]:
    """Syllables after which a year is a date (`năm 2017`, `giai đoạn 2021`)."""
    return read_word_list("year_words.tsv")


@rule_loader
def _figure_start() -> regex.Pattern:
    """Digits, a number word of `patterns/numbers.tsv` that only stands in
    numbers (`nghìn`, `triệu`, `mươi`, `trăm`), or (`said`) a number word
    that is one only before what follows it: a digit word before a currency
    that is no other word (`chín pounds`), a half before a magnitude (`nửa
    triệu`; `nửa năm` is half a year)."""
    def of_roles(roles: set[str]) -> str:
        return alternation([word for word, entry in number_words().items() if entry.role in roles])

    homonyms = read_word_list("currency_homonyms.tsv")
    currencies = [word for word in currency_table() if word not in homonyms and word[0].isalpha()]
    return regex.compile(rf"\d|(?<!\w)(?:{of_roles(_NUMBER_WORD_ROLES)})(?!\w)"
                         rf"|(?<!\w)(?P<said>{of_roles(_DIGIT_ROLES)})\s+(?:{alternation(currencies)})(?!\w)"
                         rf"|(?<!\w)(?P<said>{of_roles(_HALF_ROLES)})\s+(?:{of_roles({'magnitude'})})(?!\w)",
                         regex.IGNORECASE)


def may_hold_figure(text: str) -> bool:
    """Whether a figure can be in the text at all: the cheap test that keeps
    most sentences away from word segmentation, the expensive step."""
    return _figure_start().search(text) is not None


def _starts_figure(syllable: str, previous: str, said: bool = False) -> bool:
    """A syllable where a figure may start: digits or a number word that
    only stands in numbers (`nghìn`, `triệu`, `mươi`, `trăm`), or (`said`)
    a digit word before a currency or a half before a magnitude — but not a date, a time or a year named
    as such (`26/4`, `7h30`, `năm 2017`)."""
    if said:
        return True
    bare = syllable.strip(_EDGE_PUNCTUATION)
    if any(ch.isdigit() for ch in bare):
        if _DATE_OR_TIME.fullmatch(bare):
            return False
        return not (_YEAR.fullmatch(bare) and previous.lower() in year_words())
    entry = number_words().get(bare.lower())
    return entry is not None and entry.role in _NUMBER_WORD_ROLES


def _merge(ranges: list[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for first, stop in ranges:
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([first, stop])
    return merged


def figure_regions(sentence: Span) -> list[list[Span]]:
    """The words of the parts of a sentence where a figure can be.

    Word segmentation is the costly step, and what it decides for a figure
    is the word right after the number — `đồng` the currency or `đồng hồ`
    the counted noun. So only a short window from each number on goes
    through underthesea; the few syllables around it (qualifiers before,
    the rest of a counted noun after) are split plainly, and the rest of
    the sentence is not tokenised at all.
    """
    syllables = list(_SYLLABLE.finditer(sentence.text))
    count = len(syllables)
    starts = [syllable.start() for syllable in syllables]
    candidates: dict[int, bool] = {}
    for found in _figure_start().finditer(sentence.text):
        at = bisect.bisect_right(starts, found.start()) - 1
        candidates[at] = candidates.get(at, False) or found.group("said") is not None
    anchors = [i for i, said in candidates.items()
               if _starts_figure(syllables[i].group(), syllables[i - 1].group() if i else "", said)]
    # digits need no segmentation: the window is what follows them; a number
    # word is segmented with it, since it may only start another word (`tỷ phú`)
    starts = [i + 1 if any(ch.isdigit() for ch in syllables[i].group()) else i for i in anchors]
    windows = _merge([(start, min(i + 1 + WINDOW_AFTER, count))
                      for i, start in zip(anchors, starts, strict=True) if i + 1 < count])
    regions = _merge([(max(i - CONTEXT_BEFORE, 0), min(i + 1 + WINDOW_AFTER + CONTEXT_AFTER, count))
                      for i in anchors])
    result = []
    for first, stop in regions:
        words: list[Span] = []
        done = first
        for w_first, w_stop in windows:
            if first <= w_first < stop:
                words.extend(_plain_tokens(sentence, syllables, done, w_first))
                words.extend(_segment_window(_join(sentence, syllables, w_first, w_stop)))
                done = w_stop
        words.extend(_plain_tokens(sentence, syllables, done, stop))
        result.append(words)
    return result


def _segment_window(window: Span) -> list[Span]:
    return _anchor(list(_cached_word_tokenize(window.text)), window.text, window.start)


@lru_cache(maxsize=65536)
def _cached_word_tokenize(text: str) -> tuple[str, ...]:
    """Windows repeat across an archive (`tỷ đồng, tăng`, `lao động nông thôn`)."""
    return tuple(word_tokenize(text))


def _join(sentence: Span, syllables: list[regex.Match], first: int, stop: int) -> Span:
    start, end = syllables[first].start(), syllables[stop - 1].end()
    return Span(sentence.text[start:end], sentence.start + start, sentence.start + end)


def _plain_tokens(sentence: Span, syllables: list[regex.Match], first: int, stop: int) -> list[Span]:
    if first >= stop:
        return []
    start, end = syllables[first].start(), syllables[stop - 1].end()
    return [Span(m.group(), sentence.start + m.start(), sentence.start + m.end())
            for m in _PLAIN_TOKEN.finditer(sentence.text, start, end)]
