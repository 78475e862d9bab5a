"""The context of every fact of one article, found once.

Each finder of the package runs once over the article; asking for the
context of a fact is then a lookup of what its sentence, its paragraph and
the article say: `build_article_context(text, published, title).at(start, end)`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from extractor.clean import normalize_tones
from extractor.context.datelines import DatelineReader, normalize_published
from extractor.context.organizations import Organization, OrganizationFinder, acting
from extractor.context.provinces import Mention, ProvinceFinder, main_province, one_province
from extractor.context.times import Time, TimeFinder, first_time, nearest_time, resolve
from extractor.model import Context

# `tỉnh` with no name after it: the article speaks of its outlet's province.
UNNAMED_PROVINCE = re.compile(r"\btỉnh\b(?!\s+(?:[A-ZĐÂĂÊÔƠƯ]|ủy))", re.IGNORECASE)

T = TypeVar("T")


def _between(items: Sequence[T], starts: Sequence[int], start: int, end: int) -> Sequence[T]:
    """The items (sorted by start) that start within [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


@dataclass(frozen=True)
class Finders:
    """The compiled rules of every context finder."""

    provinces: ProvinceFinder
    times: TimeFinder
    datelines: DatelineReader
    organizations: OrganizationFinder


@cache
def finders() -> Finders:
    """The compiled patterns, built (and their rule files checked) once per process."""
    province_finder = ProvinceFinder()
    return Finders(province_finder, TimeFinder(), DatelineReader(), OrganizationFinder(province_finder))


def published_in_text(text: str) -> str | None:
    """The date an article states in its first lines, as YYYY-MM-DD, or None.

    `build_article_context` looks for it itself; call this on the text before
    cleaning when the clean stage drops datelines as page furniture, and pass
    the result as `published`.
    """
    found = finders()
    return found.datelines.date(text, found.times.matches(text))


class ArticleContext:
    """The context of every fact of one article, found once.

    `published` is the article's date as YYYY-MM-DD: the metadata's, else the
    one the text states in its first lines, else None.
    """

    def __init__(self, text: str, published: str | None = None, title: str | None = None,
                 page: str | None = None) -> None:
        found = finders()
        text = normalize_tones(text)  # as clean writes it; the same length, so offsets hold
        self._text = text
        self._line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]

        time_matches = found.times.matches(text)
        self.published = normalize_published(published) or found.datelines.date(text, time_matches)
        published_year = int(self.published[:4]) if self.published else None
        self._published_year = published_year
        self._times = [
            time for match in time_matches if (time := resolve(match, text, published_year))
        ]
        self._time_starts = [time.start for time in self._times]

        self._provinces = found.provinces.mentions(text)
        self._province_starts = [mention.start for mention in self._provinces]
        if title is not None:
            title_mentions = found.provinces.mentions(normalize_tones(title))
        else:  # a text without a separate title starts with it
            first_line = self._line_of(len(text) - len(text.lstrip()))
            title_mentions = list(self._provinces_between(*self._line_span(first_line)))
        self._main_province = main_province(title_mentions, self._provinces)
        if self._main_province is None and page and UNNAMED_PROVINCE.search(text):
            self._main_province = main_province([], found.provinces.mentions(normalize_tones(page)))

        self._organizations = found.organizations.organizations(text)
        self._organization_starts = [organization.start for organization in self._organizations]

    def at(self, sentence_start: int, sentence_end: int) -> Context:
        """The context of a fact whose sentence is `text[sentence_start:sentence_end]`.

        What the sentence does not say is taken from earlier in its paragraph
        (the nearest period or place, the first acting body): text runs
        forward, so what is named before a sentence carries over to it, what
        is named after it does not.
        """
        paragraph_start = self._line_starts[self._line_of(sentence_start)]
        sentence, earlier = (sentence_start, sentence_end), (paragraph_start, sentence_start)

        time = first_time(self._times_between(*sentence)) or nearest_time(
            self._times_between(*earlier)
        )
        if named := self._provinces_between(*sentence):
            province = one_province(named, 0)
        elif named := self._provinces_between(*earlier):
            province = one_province(named, -1) or self._main_province
        else:
            province = self._main_province
        organization = acting(self._organizations_between(*sentence)) or acting(
            self._organizations_between(*earlier)
        )

        context = Context(
            province=province.name if province else None,
            province_2025=province.name_2025 if province else None,
            organization=organization,
        )
        if time:
            context.year, context.period = time.year, time.text
            context.period_start, context.period_end = time.period_start, time.period_end
        else:
            context.year = self._published_year
        return context

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _line_span(self, line: int) -> tuple[int, int]:
        end = self._line_starts[line + 1] if line + 1 < len(self._line_starts) else len(self._text)
        return self._line_starts[line], end

    def _times_between(self, start: int, end: int) -> Sequence[Time]:
        return _between(self._times, self._time_starts, start, end)

    def _provinces_between(self, start: int, end: int) -> Sequence[Mention]:
        return _between(self._provinces, self._province_starts, start, end)

    def _organizations_between(self, start: int, end: int) -> Sequence[Organization]:
        return _between(self._organizations, self._organization_starts, start, end)


def build_article_context(
    text: str, published: str | None = None, title: str | None = None, page: str | None = None
) -> ArticleContext:
    """Find the context of an article's facts once; `.at(start, end)` per fact.

    `page` is the scraped page before cleaning. A provincial paper writes
    `trên địa bàn tỉnh` without naming its province, which its page chrome
    (masthead, other headlines) names again and again; when the article
    names none itself, that province is the article's.
    """
    return ArticleContext(text, published, title, page)
