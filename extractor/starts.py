"""Where a regular expression can start, so that a search tries it only there.

A combined pattern of many rules whose branches open with lookbehinds
(`(?<!\\w)[Tt]ừ…|(?<!\\w)[Nn]ăm…`) gives `re` no first character to skip
ahead by: every branch is tried at every position. The characters each
branch can begin with are read from its syntax (by the parser of `re`
itself); a class of all of them is searched for first, which `re` does in
C, and where one stands only the branches that can begin with it are tried.
What it finds is what `finditer` finds: a match consumes its first
character, so a branch that cannot begin with it cannot match there, and
matches do not overlap, so the search resumes after each. A branch of which
that cannot be told (a match may be empty or begin with any character, or
case is ignored) makes the whole pattern searched as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

try:
    from re import _parser  # Python 3.11 and later
except ImportError:  # Python 3.10
    import sre_parse as _parser  # type: ignore[no-redef]

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


class _Unknown(Exception):
    """A construct whose first characters are not read (any may start it)."""


def first_characters(pattern: re.Pattern[str]) -> str | None:
    """A character class (`[…]`) of the characters a match of `pattern` can
    begin with, or None when it cannot be told."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    items: set[str] = set()
    try:
        if _may_be_empty(parsed.data, items):
            return None
    except _Unknown:
        return None
    return "[" + "".join(sorted(items)) + "]"


def _may_be_empty(sequence: Any, items: set[str]) -> bool:
    """Add to `items` the first characters of a parsed sequence; whether it can match nothing."""
    for op, argument in sequence:
        name = op.name
        if name in _ZERO_WIDTH:
            continue
        if name == "LITERAL":
            items.add(re.escape(chr(argument)))
            return False
        if name == "IN":
            items.update(_class_items(argument))
            return False
        if name == "BRANCH":
            if not any([_may_be_empty(branch, items) for branch in argument[1]]):
                return False
        elif name == "SUBPATTERN":
            _, added_flags, _, body = argument
            if added_flags & re.IGNORECASE:
                raise _Unknown
            if not _may_be_empty(body, items):
                return False
        elif name == "ATOMIC_GROUP":
            if not _may_be_empty(argument, items):
                return False
        elif name in _REPEATS:
            least, _, body = argument
            if not _may_be_empty(body, items) and least > 0:
                return False
        else:  # any character, a character but one, a back-reference
            raise _Unknown
    return True


def _class_items(members: Any) -> list[str]:
    items = []
    for op, argument in members:
        name = op.name
        if name == "LITERAL":
            items.append(re.escape(chr(argument)))
        elif name == "RANGE":
            items.append(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
        elif name == "CATEGORY" and argument.name in _CATEGORIES:
            items.append(_CATEGORIES[argument.name])
        else:  # a negated class
            raise _Unknown
    return items


class StartedSearch:
    """The matches of `branches` joined as one alternation (`pattern`),
    found trying at each position only the branches that can start with its
    character. Where one of them matches, so does `pattern` (the branches
    it leaves out cannot): the match is then `pattern`'s own, with all its
    groups. When a branch may start anywhere, `pattern` is searched."""

    def __init__(self, branches: Sequence[str]) -> None:
        self.branches = list(branches)
        self.pattern = re.compile("|".join(self.branches))
        firsts = [first_characters(re.compile(branch)) for branch in self.branches]
        self.firsts = [re.compile(first) for first in firsts if first is not None]
        # one class, not an alternation of classes, so that `re` skips ahead by it
        self.starts = re.compile("[" + "".join(first[1:-1] for first in firsts) + "]") \
            if len(self.firsts) == len(firsts) else None
        self._by_character: dict[str, re.Pattern[str]] = {}
        self._by_branches: dict[tuple[int, ...], re.Pattern[str]] = {}

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The matches `pattern.finditer(text, pos, endpos)` gives, in order."""
        end = len(text) if endpos is None else endpos
        if self.starts is None:
            yield from self.pattern.finditer(text, pos, end)
            return
        resume = pos
        for start in self.starts.finditer(text, pos, end):
            at = start.start()
            if at >= resume and self._starting_with(text[at]).match(text, at, end) \
                    and (match := self.pattern.match(text, at, end)):
                yield match
                resume = match.end()

    def _starting_with(self, character: str) -> re.Pattern[str]:
        """The branches that can start with `character`, in order, joined
        (compiled once for each set of branches)."""
        if (pattern := self._by_character.get(character)) is None:
            chosen = tuple(index for index, first in enumerate(self.firsts) if first.match(character))
            if (pattern := self._by_branches.get(chosen)) is None:
                pattern = re.compile("|".join(self.branches[index] for index in chosen))
                self._by_branches[chosen] = pattern
            self._by_character[character] = pattern
        return pattern
