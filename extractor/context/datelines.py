"""When an article was published: its metadata's date, else its dateline.

Datelines are rules of `patterns/context_datelines.jsonl`, tried on the
first lines of an article ("07:11, 05/11/2020", "Cập nhật: 18/12/2020 -
16:40", "Thứ Năm, ngày 5 tháng 11 năm 2020"), then on its lead ("Ngày 5-11,
…"): what the page states as its own date, not a date in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import parsedate_to_datetime
from typing import Any

from extractor.context.times import TimeMatch, check_regex_rule, iso_date
from extractor.patterns import read_jsonl

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


def _check_dateline_rule(entry: dict[str, Any]) -> str | None:
    problem = check_regex_rule(entry)
    if problem:
        return problem
    groups = set(re.compile(entry["regex"]).groupindex)
    if groups not in ({"day", "month", "year"}, {"day", "month"}):
        return f"rule '{entry['name']}': the regex needs groups day and month, and maybe year"
    return None


class DatelineReader:
    """Reads the date an article states in its first lines."""

    def __init__(self) -> None:
        self.rules = tuple(
            re.compile(rule["regex"])
            for rule in read_jsonl("context_datelines.jsonl", _check_dateline_rule)
        )

    def date(self, text: str, times: Iterable[TimeMatch]) -> str | None:
        """The date the first lines state, as YYYY-MM-DD, or None. A lead
        without a year (`Ngày 26-1`) takes the year of the latest full date
        among `times` (the text's time expressions), or gives no date."""
        lines = [line.strip() for line in text.split("\n", 40)[:40] if line.strip()]
        fallback_year = _latest_full_date_year(times)
        for rule in self.rules:
            for line in lines[:DATELINE_LINES]:
                if found := rule.search(line):
                    year = int(found["year"]) if "year" in rule.groupindex else fallback_year
                    if year is not None:
                        return iso_date(year, int(found["month"]), int(found["day"]))
        return None


def _latest_full_date_year(matches: Iterable[TimeMatch]) -> int | None:
    """The year to date a lead `Ngày 26-1` with: an article reports what has
    happened, so the latest full date it names is the nearest to its own."""
    years = (
        match.numbers["year"]
        for match in matches
        if match.kind == "date" and iso_date(**match.numbers)
    )
    return max(years, default=None)
