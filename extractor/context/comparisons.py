"""Which figure a comparison's baseline belongs to.

A comparison ("tăng 8,5% so với năm 2019") names a baseline whose year is no
period of the figure compared with it; but the baseline's own figure, when
the text gives it ("so với mức lỗ của năm 2019 là 2.005 tỷ đồng", "1.233 tỷ
đồng cùng kỳ năm trước", "(cùng kỳ năm 2020 tăng 0,78%)"), is of that year.
The words are rules of `patterns/context_comparisons.tsv`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.clean import normalize_tones
from extractor.context.times import Time
from extractor.patterns import Column, read_table
from extractor.phrases import alternation, as_written_or_capitalised

ROLES = ("marker", "opener", "predicate", "previous")
_CLAUSE_START = re.compile(r"[,;:(\n]|\s[-–]\s")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Baseline:
    """The baseline a figure is: the time its comparison names, or (with
    `previous` and no time) the same period a year before the figure's own."""

    time: Time | None
    previous: bool


class ComparisonFinder:
    """Finds the figures that are a comparison's baseline."""

    def __init__(self) -> None:
        words: dict[str, list[str]] = {role: [] for role in ROLES}
        for _, (role, phrase) in read_table("context_comparisons.tsv", Column("role", ROLES), "phrase"):
            words[role] += as_written_or_capitalised([normalize_tones(phrase)])

        def word(role: str) -> str:
            return rf"(?<!\w)(?:{alternation(words[role])})(?!\w)"

        self.markers = re.compile(word("marker"))
        self.openers = re.compile(word("opener"))
        self.predicates = re.compile(word("predicate"))
        self.previous = re.compile(word("previous"))
        self.previous_after = re.compile(rf"[ \t]*(?:của[ \t]+)?{word('previous')}")
        self.bracket = re.compile(r"[ \t]*\([ \t]*$")

    def baseline(self, text: str, clause_floor: int, figure: tuple[int, int],
                 times: Sequence[Time]) -> Baseline | None:
        """The baseline the figure at `figure` is, if it is one. `times` are
        its sentence's, baselines included; its clause runs from the last
        clause break after `clause_floor` (its sentence's start)."""
        start, end = figure
        baselines = [time for time in times if time.baseline]
        if after := self.previous_after.match(text, end):  # "1.233 tỷ đồng cùng kỳ năm trước"
            named = [time for time in baselines if end <= time.start <= after.end()]
            return Baseline(named[0] if named else None, True)
        for time in baselines:  # "so với năm 2010 (15 triệu đồng/người/năm)"
            if time.end <= start and self.bracket.fullmatch(text, time.end, start):
                return Baseline(time, False)
        clause = max((found.end() for found in _CLAUSE_START.finditer(text, clause_floor, start)),
                     default=clause_floor)
        words = [(found.start(), found.end(), "marker")
                 for found in self.markers.finditer(text, clause, start)]
        words += [(found.start(), found.end(), "opener")
                  for found in self.openers.finditer(text, clause, start)
                  if not _DIGIT.search(text, clause, found.start())]
        if not words:
            return None
        word_start, word_end, role = max(words)
        if role == "opener" and any(kind == "marker" for _, _, kind in words):
            role = "marker"  # "so với cùng kỳ năm 2016 tăng 104 tỷ": what is compared with
        named = [time for time in baselines if word_start <= time.start and time.end <= start]
        spans = [(time.start, time.end) for time in named]
        if any(not any(a <= digit.start() < b for a, b in spans)
               for digit in _DIGIT.finditer(text, word_end, start)):
            return None  # another figure stands between: "so với cùng kỳ, 500 tỷ"
        if role == "marker" and self._predicate_between(text, word_end, start, spans):
            return None  # "so với cùng kỳ năm 2016 tăng 104 tỷ": the current value
        later = [time for time in baselines if end <= time.start <= end + AFTER_TIME_REACH
                 and not _DIGIT.search(text, end, time.start)]
        time = named[-1] if named else later[0] if later else None
        phrase_end = later[0].end if later and not named else start
        previous = role == "opener" or bool(self.previous.search(text, word_start, phrase_end))
        return Baseline(time, previous) if time or previous else None

    def _predicate_between(self, text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """Whether a predicate stands in text[start:end] outside the times `spans`."""
        return any(not any(a <= found.start() < b for a, b in spans)
                   for found in self.predicates.finditer(text, start, end))


AFTER_TIME_REACH = 20  # "so với mức xấp xỉ 11% của năm 2019": the year right after the figure
