"""The indicator lexicons: which words say what a figure measures.

Loaded from `patterns/indicators.jsonl`. The matcher needs the counted
nouns (so `3 Đề án` is a count even when capitalised) and the enrich stage
needs the money cues, so the loading lives in its own small module.

A money cue has a role, because Vietnamese says what an amount is in
different ways: by the head noun of the phrase it belongs to (`doanh thu`,
`giá`), by the verb that governs it (`chi`, `thu về`), or only vaguely
(`số tiền`, `giá trị`). extractor/money.py weighs them in that order.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractor.patterns import not_allowed, read_jsonl, read_tsv, rule_error, rule_loader
from extractor.phrases import alternation

MONEY_INDICATORS = ("budget", "revenue", "price", "money")
MONEY_ROLES = ("noun", "verb", "generic", "conversion", "ignore")  # described in indicators.jsonl
ROLES_WITHOUT_INDICATOR = ("conversion", "ignore")
ENTRY_FIELDS = {"indicator", "kind", "role", "words", "sale", "strong", "money_only"}


@dataclass(frozen=True)
class MoneyCue:
    """What one money cue says: its indicator (None for a conversion or a
    non-cue), its role, whether a per-unit goods denominator turns it into a
    price (`bán được 1.800 USD/tấn`), whether it outweighs every other cue
    of its phrase (a debt, a fine or a crime is money whatever it was for),
    and whether it is a verb whose object is always money (`chi 300 triệu`)."""

    indicator: str | None
    role: str
    sale: bool = False
    strong: bool = False
    money_only: bool = False


@dataclass(frozen=True)
class Indicators:
    """Cue phrases for money indicators and counted nouns for count indicators."""

    money_cues: regex.Pattern
    money_by_cue: dict[str, MoneyCue]
    count_by_noun: dict[str, str]
    longest_noun: int
    longest_cue: int  # characters


def _check_indicator(entry: dict) -> str | None:
    unknown = sorted(set(entry) - ENTRY_FIELDS)
    if unknown:
        return f"unknown field '{unknown[0]}' (expected {', '.join(sorted(ENTRY_FIELDS))})"
    if problem := not_allowed("'kind'", entry.get("kind"), ("money", "count")):
        return problem
    words = entry.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip()
                                                           for w in words):
        return "'words' must be a non-empty list of words"
    if entry["kind"] == "count":
        if not isinstance(entry.get("indicator"), str):
            return "missing 'indicator'"
        return None
    return _check_money_entry(entry)


def _check_money_entry(entry: dict) -> str | None:
    role = entry.get("role")
    if role not in MONEY_ROLES:
        return f"a money entry needs a 'role': one of {', '.join(MONEY_ROLES)}"
    if role in ROLES_WITHOUT_INDICATOR:
        if "indicator" in entry:
            return f"an entry of role '{role}' has no 'indicator'"
    elif entry.get("indicator") not in MONEY_INDICATORS:
        return f"missing 'indicator': one of {', '.join(MONEY_INDICATORS)}"
    for flag in ("sale", "strong", "money_only"):
        if not isinstance(entry.get(flag, False), bool):
            return f"'{flag}' must be true or false"
    return None


@rule_loader
def indicators() -> Indicators:
    money: dict[str, MoneyCue] = {}
    count: dict[str, str] = {}
    for entry in read_jsonl("indicators.jsonl", _check_indicator):
        for word in entry["words"]:
            phrase = " ".join(word.lower().split())
            if entry["kind"] == "count":
                count.setdefault(phrase, entry["indicator"])
            else:
                money.setdefault(phrase, MoneyCue(
                    entry.get("indicator"), entry["role"], entry.get("sale", False),
                    entry.get("strong", False), entry.get("money_only", False)))
    _add_abbreviations(count)
    cues = regex.compile(rf"(?<!\w)(?:{alternation(money)})(?!\w)")
    return Indicators(cues, money, count, max(len(w.split()) for w in count), max(map(len, money)))


def _add_abbreviations(count: dict[str, str]) -> None:
    """Abbreviations of counted nouns (`patterns/count_abbreviations.tsv`:
    `CCN`, `HTX`, `CSSX`) count what the longest counted noun their words
    start with counts."""
    for line, (short, noun) in read_tsv("count_abbreviations.tsv", 2):
        syllables = noun.lower().split()
        found = next((count[" ".join(syllables[:size])] for size in range(len(syllables), 0, -1)
                      if " ".join(syllables[:size]) in count), None)
        if found is None:
            raise rule_error("count_abbreviations.tsv", line,
                             f"'{noun}' starts with no counted noun of indicators.jsonl")
        count.setdefault(short.lower(), found)


@rule_loader
def counted_nouns() -> frozenset[str]:
    """Every counted noun of the lexicon, lower-cased."""
    return frozenset(indicators().count_by_noun)
