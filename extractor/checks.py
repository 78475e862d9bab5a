"""Checks of extracted facts that need no gold.

Some errors show in the output itself, over a whole archive, without anyone
annotating it: an amount of money stored as a count is one (`70.000 tỷ đồng
vốn` read as 7×10¹³ "đồng vốn", `10,8 triệuđồng` as 10.8 "triệuđồng").
benchmarks/run.py counts them over the archives and the suite over a sample;
the target is none.

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

from functools import cache

import regex

from extractor.match import lexicons
from extractor.numbers import number_words, parse_digits

AMBIGUOUS_CURRENCIES = frozenset({
    "đồng", "đô", "đ", "bảng", "yên", "tệ", "bạt", "bath", "won", "rs", "rm", "franc", "peso",
})
"""Currency words that are also other words (`đồng` a field, `bảng` a board)."""
NOT_CURRENCIES = ("đồng bào", "đồng chí", "đồng đội", "đồng nghiệp", "đồng hương", "đồng minh", "đồng xu",
                  "đồng hồ", "đô thị")
"""Words that start with a currency syllable and name people or things."""
_TOKEN = regex.compile(r"\d[\d.,]*|[^\W\d_]+|\S")


@cache
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
