"""The indicator lexicons: which words say what a figure measures.

Loaded from `patterns/indicators.jsonl`. The matcher needs the counted
nouns (so `3 Đề án` is a count even when capitalised) and the enrich stage
needs the money cues, so the loading lives in its own small module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractor.patterns import read_jsonl


@dataclass(frozen=True)
class Indicators:
    """Cue phrases for money indicators and counted nouns for count indicators."""

    money_cues: regex.Pattern
    money_by_cue: dict[str, str]
    count_by_noun: dict[str, str]
    longest_noun: int


def _check_indicator(entry: dict) -> str | None:
    if not isinstance(entry.get("indicator"), str):
        return "missing 'indicator'"
    if entry.get("kind") not in ("money", "count"):
        return "'kind' must be money or count"
    words = entry.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip()
                                                           for w in words):
        return "'words' must be a non-empty list of words"
    return None


@cache
def indicators() -> Indicators:
    money: dict[str, str] = {}
    count: dict[str, str] = {}
    for entry in read_jsonl("indicators.jsonl", _check_indicator):
        table = money if entry["kind"] == "money" else count
        for word in entry["words"]:
            table.setdefault(" ".join(word.lower().split()), entry["indicator"])
    alternatives = "|".join(regex.escape(w) for w in sorted(money, key=len, reverse=True))
    cues = regex.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return Indicators(cues, money, count, max(len(w.split()) for w in count))


@cache
def counted_nouns() -> frozenset[str]:
    """Every counted noun of the lexicon, lower-cased."""
    return frozenset(indicators().count_by_noun)
