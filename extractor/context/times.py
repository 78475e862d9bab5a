"""When a figure happened: the year and period expressions of a text.

The forms are rules of `patterns/context_periods.jsonl`; this module finds
them in one pass and resolves each to the years it stands for, which may
need the article's publication year (`năm nay`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from extractor.clean import normalize_tones
from extractor.patterns import Column, not_allowed, read_jsonl, read_table
from extractor.phrases import alternation, as_written_or_capitalised
from extractor.starts import StartedSearch

YEAR_MIN, YEAR_MAX = 1945, 2100
LOOK_BACK = 40  # characters before a time searched for a word that changes its meaning
MARKER_REACH = 25  # how far after a comparison or document word a year is still its year
TIME_REACH_BEFORE = 60  # a time form starts at most this far before its first year
TIME_REACH_AFTER = 30  # and ends at most this far after it

TIME_GROUPS = {
    "range": {"start", "end"},
    "since": {"start"},
    "until": {"end"},
    "year": {"year"},
    "date": {"day", "month", "year"},
    "relative": set(),
    "decade": {"decade"},
    "quarter": {"quarter"},
    "month": {"month"},
    "lunar": {"name"},
}
# Kinds that need no four-digit year, so are searched for in the whole text.
_ANYWHERE = ("relative", "decade", "quarter", "month", "lunar")
# A sentence's own time: its period, else its year, else a full date.
_TIME_RANK = {"range": 0, "since": 0, "until": 0, "decade": 0,
              "year": 1, "relative": 1, "quarter": 1, "month": 1, "lunar": 1, "date": 2}
DATE_RANK = _TIME_RANK["date"]
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
CENTURY = 1900  # "thập niên 60" is of the 1900s
_FOUR_DIGITS = re.compile(r"\d{4}")


def iso_date(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None for a date that does not exist or an implausible year."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def check_regex_rule(entry: dict[str, Any], groups: set[str] | None = None) -> str | None:
    """Why a rule with a `name` and a `regex` (with exactly `groups`) is malformed, or None."""
    name, regex = entry.get("name"), entry.get("regex")
    if not isinstance(name, str) or not name:
        return "'name' must be a non-empty string"
    if not isinstance(regex, str):
        return f"rule '{name}': 'regex' must be a string"
    try:
        compiled = re.compile(regex)
    except re.error as error:
        return f"rule '{name}': the regex does not compile ({error})"
    if groups is not None and set(compiled.groupindex) != groups:
        return f"rule '{name}': the regex must have exactly the groups {sorted(groups)}"
    return None


def check_time_rule(entry: dict[str, Any]) -> str | None:
    kind = entry.get("kind")
    if problem := not_allowed("'kind'", kind, TIME_GROUPS):
        return problem
    if kind == "relative" and not isinstance(entry.get("offset"), int):
        return "a relative rule needs an integer 'offset'"
    anchors = entry.get("anchors")
    if kind in _ANYWHERE and not (
        isinstance(anchors, list) and anchors and all(isinstance(a, str) and a.strip() for a in anchors)
    ):
        return f"a rule of kind {kind} needs 'anchors', a list of the words it is found by"
    for flag in ("of_paragraph", "dates_article"):
        if not isinstance(entry.get(flag, False), bool):
            return f"'{flag}' must be true or false"
    return check_regex_rule(entry, TIME_GROUPS[kind])


@dataclass(frozen=True)
class TimeMatch:
    """A time expression as found, before the published date resolves it."""

    start: int
    end: int
    kind: str
    offset: int
    numbers: dict[str, int]
    of_paragraph: bool = False  # of the year named before it in its paragraph, if one is
    baseline: bool = False  # what a figure is compared with ("so với năm 2019")
    dates_article: bool = False  # a part of its year ("tháng 6/2017"): news of that year


@dataclass(frozen=True)
class Time:
    """A time expression resolved to the years it stands for."""

    start: int
    rank: int
    text: str
    year: int | None
    period_start: int | None
    period_end: int | None
    end: int = 0
    baseline: bool = False  # what a figure is compared with: the time of the baseline's figure only


class TimeFinder:
    """Finds year and period expressions with one combined regex.

    Each rule of `context_periods.jsonl` becomes one named branch; where two
    rules start at the same place the earlier one wins, so `6 tháng đầu năm
    2024` is read whole rather than as `năm 2024`. Every form holds a year of
    four digits or one of its rule's anchor words (`năm nay`, `thập niên`,
    `quý`), so the regex runs only in windows around those anchors: most of
    an article is never scanned; and in a window, only the forms that can
    start with the character at a position are tried there
    (extractor/starts.py): most open with a lookbehind, so every form was
    tried at every position.
    """

    def __init__(self) -> None:
        self.rules = read_jsonl("context_periods.jsonl", check_time_rule)
        branches = []
        for index, rule in enumerate(self.rules):
            regex = re.sub(r"\(\?P<(\w+)>", rf"(?P<r{index}_\1>", rule["regex"])
            branches.append(f"(?P<r{index}>{regex})")
        self.search = StartedSearch(branches)
        self.regex = self.search.pattern
        anchors = {normalize_tones(word.lower()) for rule in self.rules for word in rule.get("anchors", ())}
        self.anchors = re.compile(rf"(?i:{alternation(anchors)})")
        self.lunar_years = {normalize_tones(name).lower(): int(year) for _, (name, year) in read_table(
            "context_lunar_years.tsv", "name", Column("year", numbers=(YEAR_MIN, YEAR_MAX)), unique=[0])}
        rows = read_table("context_year_ignored_after.tsv", "phrase",
                          Column("flag", ["baseline"], optional=True))
        self.ignored_after, self.baseline_after = (re.compile(
            rf"(?<!\w)(?:{alternation(as_written_or_capitalised(markers))})"
            rf"(?!\w)(?:[^,;:()\n.]|\.(?!\s)|(?<=\d),(?=\d)){{0,{MARKER_REACH}}}$"
        ) for markers in ([normalize_tones(phrase) for _, (phrase, flag) in rows if not flag],
                          [normalize_tones(phrase) for _, (phrase, flag) in rows if flag]))

    def _windows(self, text: str) -> Iterator[tuple[int, int]]:
        """Stretches of text around the anchors, overlapping ones merged."""
        window_start = window_end = -1
        anchors = sorted(
            chain(_FOUR_DIGITS.finditer(text), self.anchors.finditer(text)),
            key=lambda anchor: anchor.start(),
        )
        for anchor in anchors:
            start = max(0, anchor.start() - TIME_REACH_BEFORE)
            end = min(len(text), anchor.end() + TIME_REACH_AFTER)
            if start > window_end:
                if window_end > 0:
                    yield window_start, window_end
                window_start = start
            window_end = end
        if window_end > 0:
            yield window_start, window_end

    def matches(self, text: str, baselines: bool = False) -> list[TimeMatch]:
        """The time expressions of `text`, in order; with `baselines`, also the
        baselines of comparisons ("so với năm 2019"), marked as such."""
        found = []
        for window_start, window_end in self._windows(text):
            for match in self.search.finditer(text, window_start, window_end):
                start = match.start()
                before = (text, max(0, start - LOOK_BACK), start)
                if self.ignored_after.search(*before):
                    continue
                baseline = bool(self.baseline_after.search(*before))
                if baseline and not baselines:
                    continue
                index = int(match.lastgroup[1:])  # type: ignore[index]
                rule = self.rules[index]
                if rule["kind"] == "lunar":  # "Tết Đinh Dậu": a year by its name in the cycle
                    name = " ".join(match[f"r{index}_name"].split())
                    if (year := self.lunar_years.get(normalize_tones(name).lower())) is None:
                        continue
                    numbers = {"year": year}
                else:
                    numbers = {
                        group: _number(match[f"r{index}_{group}"]) for group in TIME_GROUPS[rule["kind"]]
                    }
                found.append(
                    TimeMatch(start, match.end(), rule["kind"], rule.get("offset", 0), numbers,
                              rule.get("of_paragraph", False), baseline, rule.get("dates_article", False))
                )
        return found


def _number(written: str) -> int:
    """A group's number: digits, or a quarter in Roman numerals."""
    return _QUARTERS[written] if written in _QUARTERS else int(written)


def resolve(match: TimeMatch, text: str, published: str | None) -> Time | None:
    """The years a time expression stands for, or None if implausible.

    `published` (YYYY-MM-DD, or YYYY when only the year is known) resolves
    the forms that say no year (`năm nay`, `quý IV`).
    """
    numbers = match.numbers
    published_year = int(published[:4]) if published else None
    start = end = None
    if match.kind == "range":
        start, end = numbers["start"], numbers["end"]
        if end < 100:  # "năm 2015-16": the end year written by its last two digits
            end += start - start % 100
        if start > end:
            return None
    elif match.kind == "since":
        start = numbers["start"]  # a year not yet reached when written: that year only
        end = (published_year if published_year >= start else start) if published_year else None
    elif match.kind == "until":  # "từ nay đến năm 2020": up to a year, from no year the text says;
        end = numbers["end"]  # "từ nay đến cuối năm" of the year it is written in: that year
        start = end if published_year is not None and end <= published_year else None
    elif match.kind == "relative":
        if published_year is None:
            return None
        start = end = published_year + match.offset
    elif match.kind in ("quarter", "month"):
        if published_year is None:
            return None
        first_month = 3 * numbers["quarter"] - 2 if match.kind == "quarter" else numbers["month"]
        started = len(published) < len("YYYY-MM") or first_month <= int(published[5:7])
        start = end = published_year if started else published_year - 1
    elif match.kind == "decade":
        decade = numbers["decade"]
        start = decade if decade >= 100 else CENTURY + decade
        end = start + 9
    elif match.kind == "lunar":
        start = end = numbers["year"]
    elif match.kind == "date" and not iso_date(numbers["year"], numbers["month"], numbers["day"]):
        return None
    else:
        start = end = numbers["year"]
    if not all(YEAR_MIN <= year <= YEAR_MAX for year in (start, end) if year is not None):
        return None
    single = start if start == end else None
    return Time(match.start, _TIME_RANK[match.kind], text[match.start : match.end], single, start, end,
                match.end, match.baseline)


def first_time(times: Sequence[Time]) -> Time | None:
    """A sentence's own time: its period, else its year, else its date; the first written."""
    return min(times, key=lambda time: (time.rank, time.start), default=None)


def time_of_figure(times: Sequence[Time], figure: int) -> Time | None:
    """The time of a figure at offset `figure` among its sentence's times: the
    period or year written nearest before it ("năm 2018 có 20 đề án, năm 2019
    có 30 đề án"), a full date only when no other is; else the first after it."""
    before = [time for time in times if time.start < figure]
    if before:
        best = min(time.rank == DATE_RANK for time in before)
        return max((time for time in before if (time.rank == DATE_RANK) == best),
                   key=lambda time: time.start)
    return first_time(times)
