"""Checks of extracted facts that need no gold.

Some errors show in the output itself, over a whole archive, without anyone
annotating it: an amount of money stored as a count is one (`70.000 tỷ đồng
vốn` read as 7×10¹³ "đồng vốn", `10,8 triệuđồng` as 10.8 "triệuđồng"); a
figure cut short is another (`một triệu` of `một triệu lẻ một đồng`).
benchmarks/run.py counts them over the archives and the suite checks every
figure it extracts; the target is none.

The check is written apart from the extraction rules, so that it measures
them rather than repeats them: a currency word of `patterns/currencies.tsv`
right after the number of a count (glued or not), or starting its subject,
makes the count money, when the number is in the thousands or carries a
magnitude word (`6 đồng tiền` are six currencies, `300 đồng đội` teammates)
or the currency word has no other meaning (`USD`, `euro`). The few words that
start with a currency syllable and name people or things (`10 triệu đồng bào`)
are listed here.
"""

from __future__ import annotations

import regex

from extractor.match import lexicons
from extractor.numbers import (
    MAX_JOIN,
    joins,
    may_adjoin,
    number_suffixes,
    number_words,
    parse_amount,
    parse_digits,
)
from extractor.patterns import rule_loader

AMBIGUOUS_CURRENCIES = frozenset({
    "đồng", "đô", "đ", "bảng", "yên", "tệ", "bạt", "bath", "won", "rs", "rm", "franc", "peso",
})
"""Currency words that are also other words (`đồng` a field, `bảng` a board)."""
NOT_CURRENCIES = ("đồng bào", "đồng chí", "đồng đội", "đồng nghiệp", "đồng hương", "đồng minh", "đồng xu",
                  "đồng hồ", "đô thị")
"""Words that start with a currency syllable and name people or things."""
_TOKEN = regex.compile(r"\d[\d.,]*|[^\W\d_]+|\S")


@rule_loader
def _glued() -> regex.Pattern:
    magnitudes = sorted((w for w, e in number_words().items() if e.role == "magnitude"),
                        key=len, reverse=True)
    return regex.compile(rf"({'|'.join(map(regex.escape, magnitudes))})(\w+)", regex.IGNORECASE)


def _tokens(text: str) -> list[str]:
    """Lower-case tokens, a magnitude glued to a currency split off (`triệuđồng`)."""
    currencies = lexicons().currencies
    tokens = []
    for token in _TOKEN.findall(text.lower()):
        glued = _glued().fullmatch(token)
        if glued and glued.group(2) in currencies:
            tokens.extend(glued.groups())
        else:
            tokens.append(token)
    return tokens


def is_money_stored_as_count(text: str, subject: str | None) -> bool:
    """Whether a count fact (its text and subject) is an amount of money."""
    words = number_words()
    tokens = _tokens(text)
    first = 0
    value = 0.0
    magnitude = False
    while first < len(tokens) and (tokens[first][0].isdigit() or tokens[first] in words
                                   or tokens[first] in ("-", "–", "từ", "đến")):
        if tokens[first][0].isdigit():
            value = parse_digits(tokens[first]) or value
        magnitude = magnitude or (tokens[first] in words and words[tokens[first]].role == "magnitude")
        first += 1
    rest = tokens[first:] or _tokens(subject or "")
    currencies = lexicons().currencies
    for size in (3, 2, 1):
        head = " ".join(rest[:size])
        if len(rest) >= size and head in currencies:
            if " ".join(rest).startswith(NOT_CURRENCIES):
                return False
            return magnitude or value >= 1000 or head not in AMBIGUOUS_CURRENCIES
    return False


_AMOUNT_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*|(?<![\w.,]),\d+|[^\W\d_]+|\S")
_LEADING_ZERO = regex.compile(r"0[1-9](?:,\d+)?")  # `02 chiếc`: administrative style for 2


def cut_figure(text: str, start: int, end: int) -> str | None:
    """What is left of the number of the figure `text[start:end]`, or None
    when its value consumed all of it: the figure's number words all read
    as amounts, and no number word right next to it (spaces apart, within
    its line) would be read with it into a longer amount (`một triệu` of
    `một triệu lẻ một`, `hai mươi` of `hai mươi mốt`). The number grammar
    decides what reads as one amount; this check asks it of the words of
    the text, not of the extractor's words, so a figure cut anywhere in the
    pipeline shows."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    inside = _tokens_between(text, start, end)
    runs = _amount_runs(inside)
    for run, last in runs:
        if parse_amount(run) is None and not _word_of_a_noun(run, inside) \
                and not _noun_begins(run, inside[last + 1:]):
            return f"'{' '.join(run)}' of '{text[start:end]}' does not read as one amount"
    before = _adjacent(text, line_start, start, backwards=True)
    after = _adjacent(text, end, line_end, backwards=False)
    lead = runs[0][0] if inside and inside[0][0] is not None else []
    trail = runs[-1][0] if inside and inside[-1][0] is not None else []
    if lead and before and joins(lead, before=before):
        return f"'{' '.join(before)}' before '{text[start:end]}' belongs to its number"
    if trail and after and joins(trail, after=after):
        return f"'{' '.join(after)}' after '{text[start:end]}' belongs to its number"
    return None


def _word_of_a_noun(run: list[str], tokens: list[tuple[str | None, int, int]]) -> bool:
    """Whether a run is one number word inside the words of the counted noun
    (`tư` of `4 nhà đầu tư`): after a word that is no amount, a lone word that
    reads as no amount by itself continues no number."""
    if len(run) != 1:
        return False
    entry = number_words().get(run[0].lower())
    if entry is not None and entry.role == "half_before":
        return True  # `nửa` with no magnitude after it is the noun "a half" (`2 nửa`), as the tagger reads it
    words = [word for word, _, _ in tokens]
    return any(words[i] == run[0] and words[i - 1] is None for i in range(1, len(words)))


def _noun_begins(run: list[str], rest: list[tuple[str | None, int, int]]) -> bool:
    """Whether the last word of a run that reads as no amount is the first
    syllable of the counted noun (`linh` of `1.880 linh mục`, `tư` of `3.000
    tư liệu`, the first `linh` of `1 linh linh ì`): the words before it, if
    any, read as one amount, and after it, past any more number words
    without a digit, a word that is no amount follows in the figure, so it
    connects no further number (`lẻ`/`linh` always have a digit after them)."""
    syllables = 0
    while syllables < len(rest) and rest[syllables][0] is not None \
            and not any(ch.isdigit() for ch in rest[syllables][0]):
        syllables += 1
    return syllables < len(rest) and rest[syllables][0] is None \
        and (len(run) == 1 or parse_amount(run[:-1]) is not None)


def _tokens_between(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """The tokens of `text[start:end]`, each as the grammar reads it (None
    for no amount word: see `_amount_word`), with its offsets."""
    tokens: list[tuple[str | None, int, int]] = []
    glued_to_digits = glued_to_letters = False
    for m in _AMOUNT_TOKEN.finditer(text, start, end):
        glued = bool(tokens) and tokens[-1][2] == m.start()
        if glued and glued_to_letters and m.group()[0].isdigit():
            word = None  # the digits of a unit or a code (`km2`, `m3`, `G7`): no amount
        else:
            word = _amount_word(m.group(), glued and glued_to_digits)
        tokens.append((word, m.start(), m.end()))
        glued_to_digits = m.group()[0].isdigit()
        glued_to_letters = m.group()[0].isalpha()
    return tokens


def _amount_word(token: str, after_digits: bool) -> str | None:
    """Digits, a number word, or a suffix glued to digits (`10k`), else None."""
    if token[0].isdigit() or token[0] == ",":
        if _LEADING_ZERO.fullmatch(token):
            return token[1:]
        return token if parse_digits(token) is not None else None
    if token.lower() in number_words() or (after_digits and token in number_suffixes()):
        return token
    return None


def _amount_runs(tokens: list[tuple[str | None, int, int]]) -> list[tuple[list[str], int]]:
    """The runs of amount words of the tokens, cut where no amount holds two
    neighbours (`3 năm học`: digits, then the word of a noun), each with the
    index of its last token."""
    runs: list[tuple[list[str], int]] = []
    for i, (word, _, _) in enumerate(tokens):
        if word is None:
            continue
        previous = tokens[i - 1][0] if i > 0 else None
        if previous is not None and may_adjoin(previous, word):
            runs[-1] = ([*runs[-1][0], word], i)
        else:
            runs.append(([word], i))
    return runs


def _adjacent(text: str, start: int, end: int, backwards: bool) -> list[str]:
    """Up to `MAX_JOIN` amount words of `text[start:end]` next to the figure
    (which is at `end` when `backwards`, else at `start`), each only spaces
    apart from the next."""
    tokens = _tokens_between(text, start, end)
    edge = end if backwards else start
    words = []
    for word, token_start, token_end in (reversed(tokens) if backwards else tokens):
        gap = text[token_end:edge] if backwards else text[edge:token_start]
        if word is None or gap.strip() or len(words) == MAX_JOIN:
            break
        words.append(word)
        edge = token_start if backwards else token_end
    return words[::-1] if backwards else words
