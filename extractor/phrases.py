"""Lists of phrases as fast regular expressions.

Lexicons in `patterns/` hold hundreds of phrases (province spellings, cue
words, number words). Joined as a plain `a|b|c…`, the regex engine tries
every phrase at every position of a text; factored as a trie and led by the
set of first letters, it skips at once past positions where no phrase can
start and shares the work of phrases with a common beginning. Every module
that matches a lexicon builds its regex here. The output is plain syntax that
both `re` and `regex` compile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases`, preferring the longest.

    `(?!)` (matches nothing) when there are none, so that an empty lexicon
    is still a valid pattern.
    """
    phrases = [phrase for phrase in phrases if phrase]
    if not phrases:
        return "(?!)"
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?={first_letters(phrases)}){_trie_regex(trie)}"


def first_letters(phrases: Iterable[str]) -> str:
    """A character class of the letters the phrases start with."""
    return "[" + "".join(sorted({re.escape(phrase[0]) for phrase in phrases if phrase})) + "]"


def _trie_regex(node: dict[str, Any]) -> str:
    """A branch per next character; a phrase ending here makes the rest
    optional, tried first so that the longest phrase wins."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def as_written_or_capitalised(phrases: Iterable[str]) -> set[str]:
    """A lower-case phrase also matches at a sentence start, with a capital."""
    forms = set()
    for phrase in phrases:
        forms.add(phrase)
        if phrase[0].islower():
            forms.add(phrase[0].upper() + phrase[1:])
    return forms


def word_before(phrases: Iterable[str]) -> re.Pattern[str]:
    """Matches when one of `phrases` ends right before the end of a search window."""
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})[ \t]+$")
