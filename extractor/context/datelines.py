"""When and where an article comes from: its date and its dateline.

Datelines are rules of `patterns/context_datelines.jsonl`, tried on the
first lines of an article ("07:11, 05/11/2020", "Cập nhật: 18/12/2020 -
16:40", "Thứ Năm, ngày 5 tháng 11 năm 2020"), then on its lead ("Ngày 5-11,
…"): what the page states as its own date, not a date in the body. The same
file says where a report comes from ("ĐÀ NẴNG - …") and which outlet signs
it ("(Baonghean) - …").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

from extractor.context.times import TimeMatch, check_regex_rule, iso_date
from extractor.patterns import not_allowed, read_jsonl

DATELINE_LINES = 5  # a dateline stands among the first lines of an article
_YEAR_FIRST = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")


def normalize_published(value: str | None) -> str | None:
    """A published date from metadata as YYYY-MM-DD, or None if it is not one.

    Accepts ISO dates and date-times (`2021-04-28`, `2021-04-28T10:00:00`),
    day-first dates as Vietnamese sites write them (`28/04/2021`,
    `07:11, 05/11/2020`) and e-mail style dates (`Wed, 28 Apr 2021 10:00:00`).
    """
    if not value or not value.strip():
        return None
    if found := _YEAR_FIRST.match(value):
        year, month, day = found.groups()
    elif found := _DAY_FIRST.search(value):
        day, month, year = found.groups()
    else:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return iso_date(moment.year, moment.month, moment.day)
    return iso_date(int(year), int(month), int(day))


_DATELINE_GROUPS = {"date": ({"day", "month", "year"}, {"day", "month"}),
                    "place": ({"place"},), "outlet": ({"outlet"},)}


def _check_dateline_rule(entry: dict[str, Any]) -> str | None:
    kind = entry.get("kind", "date")
    problem = not_allowed("'kind'", kind, _DATELINE_GROUPS) or check_regex_rule(entry)
    if problem:
        return problem
    groups = set(re.compile(entry["regex"]).groupindex)
    if groups not in _DATELINE_GROUPS[kind]:
        if kind == "date":
            return f"rule '{entry['name']}': the regex needs groups day and month, and maybe year"
        return f"rule '{entry['name']}': the regex must have exactly the group {kind}"
    return None


class DatelineReader:
    """Reads the date, the place and the outlet an article states in its first lines."""

    def __init__(self) -> None:
        rules = read_jsonl("context_datelines.jsonl", _check_dateline_rule)
        by_kind: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in _DATELINE_GROUPS}
        for rule in rules:
            by_kind[rule.get("kind", "date")].append(re.compile(rule["regex"]))
        self.rules = tuple(by_kind["date"])
        self.places = tuple(by_kind["place"])
        self.outlets = tuple(by_kind["outlet"])

    def signed(self, text: str, kind: str) -> list[tuple[int, str]]:
        """Where the first lines say the report comes from ("place") or who
        signs it ("outlet"): the offset and text of each group found."""
        found = []
        for line_start, line in _first_lines(text):
            for rule in self.places if kind == "place" else self.outlets:
                if match := rule.match(line):
                    found.append((line_start + match.start(kind), match[kind]))
        return found

    def date(self, text: str, times: Callable[[], Iterable[TimeMatch]]) -> str | None:
        """The date the first lines state, as YYYY-MM-DD, or None. A lead
        without a year (`Ngày 26-1`) takes the year of the latest full date
        among `times()` (the text's time expressions, found only then: most
        texts state no such lead), or gives no date."""
        lines = [line for _, line in _first_lines(text)]
        fallback_year = cache(lambda: latest_full_date_year(times()))
        for rule in self.rules:
            for line in lines:
                if found := rule.search(line):
                    year = int(found["year"]) if "year" in rule.groupindex else fallback_year()
                    if year is not None:
                        return iso_date(year, int(found["month"]), int(found["day"]))
        return None


def _first_lines(text: str) -> list[tuple[int, str]]:
    """The first DATELINE_LINES non-blank lines, stripped, with their offsets."""
    lines = []
    for found in re.finditer(r"[^\n]+", text):
        line = found[0].strip()
        if line:
            lines.append((found.start() + found[0].index(line[0]), line))
            if len(lines) == DATELINE_LINES:
                break
    return lines


def latest_full_date_year(matches: Iterable[TimeMatch]) -> int | None:
    """The year to date a lead `Ngày 26-1` with: an article reports what has
    happened, so the latest full date it names is the nearest to its own."""
    years = (
        match.numbers["year"]
        for match in matches
        if match.kind == "date" and iso_date(**match.numbers)
    )
    return max(years, default=None)
