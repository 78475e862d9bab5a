"""The context of every fact of one article, found once.

Each finder of the package runs once over the article; asking for the
context of a fact is then a lookup of what its sentence, its paragraph and
the article say: `build_article_context(text, published, title).at(start, end, figure)`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from extractor.clean import normalize_tones
from extractor.context.comparisons import ComparisonFinder
from extractor.context.datelines import DatelineReader, normalize_published
from extractor.context.headlines import headline, is_caption
from extractor.context.organizations import SYLLABLE, Organization, OrganizationFinder, acting
from extractor.context.programmes import ProgrammeFinder, ProgrammeMention, article_programme
from extractor.context.provinces import (
    ABROAD,
    LOOK_BACK,
    NATIONAL,
    NO_PROVINCE,
    REGION,
    Mention,
    Province,
    ProvinceFinder,
    distinct,
    outlet_province,
)
from extractor.context.times import (
    DATE_RANK,
    YEAR_MAX,
    YEAR_MIN,
    Time,
    TimeFinder,
    TimeMatch,
    first_time,
    resolve,
    time_of_figure,
)
from extractor.model import Context
from extractor.patterns import Column, read_table, read_tsv, rule_loader
from extractor.phrases import alternation, as_written_or_capitalised

LEAD_LINES = 3  # the lines after the headline where a report says whose it is
LEAD_CHARS = 600  # and at most this many characters of them
OPENING_REPEATS = 2  # a province the lead names in passing must come back to be the article's
PROVINCE_LIST = 3  # a sentence listing this many provinces reports on all of them
AFTER_REACH = 100  # a place named further after a figure is another clause's
PROGRAMME_REACH = 12  # a programme this near after a figure is named by its noun phrase
OPENING_REACH = 60  # characters back from a name searched for the start of its sentence
CARRY_REACH = 600  # characters back in a paragraph a place, time or programme still carries over
_YEAR_END = r"(?:31[ \t]*([/.-])[ \t]*12[ \t]*\1[ \t]*)"  # "31/12/2016": the end of the year 2016
# "41% năm 2015", "18 tỷ USD hồi năm 2015": a year right after a figure
_TRAILING_TIME = re.compile(r"[ \t]*(?:\([ \t]*)?(?:(?:của|trong|vào|hồi)[ \t]+)?")
_CLAUSE_END = re.compile(r"[;:]\s|\s[-–]\s")
_YEAR_LIST = re.compile(r"\d{4}\s*(?:,|và)\s*(?:năm\s+)?\d{4}")  # "năm 2017 và 2018", not "2017-2018"
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")  # a figure's number, counted along a list
# what may stand before a body that opens its sentence: "Theo", a title ("Bộ trưởng")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?…:]\s|\n)[^.!?…:\n]{0,30}$")
# what the country sells to a market abroad ("xuất khẩu dệt may sang Hoa Kỳ")
_EXPORT_TO = re.compile(r"(?<!\w)(?:xuất khẩu|xuất|XK)(?:[ \t]+\S+){0,3}?[ \t]+(?:sang|vào|tới|đến)[ \t]+$",
                        re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")
_AND = re.compile(r"(?<!\w)(?:và|cùng)(?!\w)")
# a digit after the figure's own: another figure stands between it and a place
_FIGURE_AFTER = re.compile(r"\s\S*\d")
# the last word before a position (a short name: "Nhà Thủ Đức")
_WORD_BEFORE = re.compile(r"(?<!\w)\w+[ \t]+$")
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
    programmes: ProgrammeFinder
    list_joints: re.Pattern[str]
    year_targets: re.Pattern[str]
    years_after: re.Pattern[str]  # the targets an article is written after ("sau Tết 2017")
    year_baselines: re.Pattern[str]
    comparisons: ComparisonFinder
    respective: re.Pattern[str]  # "lần lượt": the figures after it go with a list's years in order


@rule_loader
def finders() -> Finders:
    """The compiled patterns, built (and their rule files checked) once per process."""
    province_finder = ProvinceFinder()
    joints = [normalize_tones(row[0]) for _, row in read_tsv("context_list_words.tsv", 1)]
    list_joints = re.compile(rf"\s*(?:(?:{alternation(joints)})\s*)*")
    targets = read_table("context_year_targets.tsv", "phrase", Column("flag", ["after"], optional=True))
    year_targets, years_after = (re.compile(
        rf"(?<!\w)(?:{alternation(as_written_or_capitalised(words))})[ \t]+(?:năm[ \t]+)?$"
    ) for words in ([normalize_tones(phrase) for _, (phrase, _) in targets],
                    [normalize_tones(phrase) for _, (phrase, flag) in targets if flag]))
    baselines = [normalize_tones(row[0]) for _, row in read_tsv("context_year_baselines.tsv", 1)]
    year_baselines = re.compile(
        rf"(?<!\w)(?:{alternation(as_written_or_capitalised(baselines))})[ \t]+{_YEAR_END}?(\d{{4}})(?!\d)"
    )
    respective = as_written_or_capitalised(
        normalize_tones(row[0]) for _, row in read_tsv("context_respective_words.tsv", 1))
    return Finders(province_finder, TimeFinder(), DatelineReader(), OrganizationFinder(province_finder),
                   ProgrammeFinder(), list_joints, year_targets, years_after, year_baselines,
                   ComparisonFinder(), re.compile(rf"(?<!\w)(?:{alternation(respective)})(?!\w)"))


def published_in_text(text: str) -> str | None:
    """The date an article states in its first lines, as YYYY-MM-DD, or None.

    `build_article_context` looks for it itself; call this on the text before
    cleaning when the clean stage drops datelines as page furniture, and pass
    the result as `published`.
    """
    found = finders()
    return found.datelines.date(text, lambda: found.times.matches(text))


class _Places:
    """The places a text names that may be a figure's: provinces, places and
    national words, national bodies, but no province that only names a company
    or a university, each with the list of provinces it stands in."""

    def __init__(self, text: str, organizations: Sequence[Organization],
                 short_names: Sequence[str] = ()) -> None:
        found = finders()
        named_after = [(start, end) for body in organizations if "place-is-name" in body.flags
                       for start, end, territorial in body.places if not territorial]
        mentions = [mention for mention in found.provinces.mentions(text)
                    if not any(start <= mention.start < end for start, end in named_after)
                    and not any(text.startswith(name, mention.end - len(name)) for name in short_names)]
        # a national body speaks for the country in its own sentence, and for the
        # sentences after it when it opens its sentence ("Bộ Tài chính cho biết, …");
        # one whose name holds a country abroad speaks for that country
        mentions += [
            Mention(body.start, body.end, ABROAD if found.provinces.names_abroad(body.name) else NATIONAL,
                    sentence_only=body.reported
                    or not _OPENS_SENTENCE.search(text, max(0, body.start - OPENING_REACH), body.start),
                    yields="visitor" in body.flags, body=True)
            for body in organizations if body.national
        ]
        self.mentions = sorted(mentions, key=lambda mention: mention.start)
        self.starts = [mention.start for mention in self.mentions]
        # a run of names joined by commas and "và" is a list: the figure is all of theirs
        self.list_of: list[int] = []
        run_start = 0
        for index, mention in enumerate(self.mentions):
            joined = index > 0 and _joined(text, self.mentions[index - 1], mention, found.list_joints)
            run_start = run_start if joined else index
            self.list_of.append(run_start)
        self.list_sizes = {start: len(distinct(self.mentions[start:end]))
                           for start, end in _runs(self.list_of)}

    def between(self, start: int, end: int) -> tuple[int, int]:
        """The index range of the mentions that start within [start, end)."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)

    def lists_between(self, first: int, last: int) -> int:
        """The size of the longest list among mentions [first, last)."""
        return max((self.list_sizes[self.list_of[index]] for index in range(first, last)), default=0)

    def province(self, index: int) -> Province | None:
        """The province of mention `index`, or None when it stands in a list or abroad."""
        if self.list_sizes[self.list_of[index]] > 1:
            return None
        province = self.mentions[index].province
        return None if province in NO_PROVINCE else province


def _short_names(text: str, organizations: Sequence[Organization]) -> list[str]:
    """The short names of the companies and schools named after a place: the
    word before the place and the place ("Nhà Thủ Đức" of "CTCP Phát triển Nhà
    Thủ Đức"). Wherever the article writes one again, it names the body. A
    brand before the place names a branch of the place ("Agribank Nghệ An")."""
    names = []
    for body in organizations:
        if "place-is-name" not in body.flags:
            continue
        for start, end, territorial in body.places:
            word = _WORD_BEFORE.search(text, body.start, start)
            if not territorial and word and word.start() > body.start and word[0][0].isupper() \
                    and SYLLABLE.fullmatch(word[0].rstrip()):  # a brand names a branch: "Agribank Nghệ An"
                names.append(text[word.start():end])
    return names


def _joined(text: str, first: Mention, second: Mention, joints: re.Pattern[str]) -> bool:
    """Whether two mentions are items of one list. A region joins a list only
    by "và"/"cùng" ("TP.HCM và các tỉnh đồng bằng sông Cửu Long"); after a
    comma it is what the next name belongs to ("vùng duyên hải Bắc Bộ, Hải
    Phòng")."""
    gap = joints.match(text, first.end)
    if gap is None or gap.end() < second.start:
        return False
    if REGION in (first.province, second.province):
        return _AND.search(text, first.end, second.start) is not None
    return True


def _runs(list_of: Sequence[int]) -> list[tuple[int, int]]:
    """The [start, end) index ranges of the runs of `list_of`."""
    runs = []
    for index, start in enumerate(list_of):
        if index + 1 == len(list_of) or list_of[index + 1] != start:
            runs.append((start, index + 1))
    return runs


class ArticleContext:
    """The context of every fact of one article, found once.

    The text is expected as the clean stage leaves it (NFC, tone marks placed
    one way), as the rules are; `title` and `page` may be raw. `published`
    is the article's date as YYYY-MM-DD: the metadata's, else the one the
    text states in its first lines, else None.
    """

    def __init__(self, text: str, published: str | None = None, title: str | None = None,
                 page: str | None = None, url: str | None = None) -> None:
        found = finders()
        self._text = text
        self._line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]

        title_text = normalize_tones(title) if title is not None else headline(text)
        all_matches = found.times.matches(text, baselines=True)
        time_matches = [match for match in all_matches if not match.baseline]
        self.published = normalize_published(published) or found.datelines.date(text, lambda: time_matches)
        headline_times = self._headline_times(title_text, self.published)
        lead_year = self._lead_year(time_matches, title_text)
        reference = self.published or self._headline_date(headline_times) \
            or _single(time.year for time in headline_times) or lead_year \
            or self._year_dwelt_on(time_matches) or self._year_implied() \
            or self._year_of_parts(time_matches)
        resolved = self._resolved(all_matches, reference)
        self._times = [time for time in resolved if not time.baseline]
        self._time_starts = [time.start for time in self._times]
        self._baselines = [time for time in resolved if time.baseline]
        self._baseline_starts = [time.start for time in self._baselines]
        self._article_time = self._time_of_article(title_text, reference)
        # a figure that names no time is of the year its article reports on: the
        # publication year, or the year before when the lead reports on it (annual
        # results are published the year after) and no part of the publication year
        # is named ("quý I/2021": the report is of this year)
        if self.published and lead_year and int(lead_year) == int(self.published[:4]) - 1 \
                and self._year_of_parts(time_matches) != self.published[:4]:
            reference = lead_year
        self._published_year = int(reference[:4]) if reference else None

        self._organizations = found.organizations.organizations(text)
        self._organization_starts = [organization.start for organization in self._organizations]
        short_names = _short_names(text, self._organizations)
        companies = found.organizations.company_names(text, self._organizations)
        self._company_names = re.compile(rf"(?<!\w)(?:{alternation(companies)})(?!\w)") if companies else None
        self._places = _Places(text, self._organizations, short_names)

        title_places = _Places(title_text, found.organizations.organizations(title_text), short_names) \
            if title_text else None
        self._scope = self._article_scope(title_places, page, url)
        # a headline naming the province ("Bà Rịa - Vũng Tàu cấp phép 8 dự án") makes the
        # companies it reports on the province's; a scope read from the lead, less surely
        self._headline_scope = title_places is not None and self._scope in distinct(
            mention for mention in title_places.mentions if not mention.incidental)

        self._programmes = found.programmes.mentions(text)
        self._programme_starts = [mention.start for mention in self._programmes]
        title_programmes = found.programmes.mentions(title_text) if title_text else []
        self._programme = article_programme(
            title_programmes, self._programmes_between(0, self._lead_end()), self._programmes)

    # --- the article's own scope ---------------------------------------------------

    def _resolved(self, matches: Sequence[TimeMatch], reference: str | None) -> list[Time]:
        """The times of the text, each resolved to its years. A part of a year
        named without its year ("quý 4", "6 tháng đầu năm") is of the latest
        year written before it in its paragraph ("Điện Quang năm 2016 có doanh
        thu …; quý 4, doanh thu giảm 32%"; an earlier one is history or a
        baseline), else of the `reference` date."""
        times: list[Time] = []
        for match in matches:
            year = reference
            if match.of_paragraph:
                line_start = self._line_starts[self._line_of(match.start)]
                named = [time for time in times if time.year is not None and time.rank != DATE_RANK
                         and not time.baseline
                         and max(line_start, match.start - CARRY_REACH) <= time.start]
                year = str(max(time.year for time in named)) if named else reference
            if time := resolve(match, self._text, year):
                times.append(time)
        return times

    def _year_dwelt_on(self, matches: Sequence[TimeMatch]) -> str | None:
        """The year of an undated article that its text dwells on: the year
        of the full dates it writes ("ngày 8/5/2017"), else a year it names
        at least twice, neither a target nor a baseline; the commonest, the
        latest of equals. A year named once is as likely the year of a
        figure of its story ("trong năm 2016, doanh thu …") as its own; and
        an article that names a later year than that is of the later time
        (an undated report of a trial names the dates of the case)."""
        dates: dict[int, int] = {}
        years: dict[int, int] = {}
        for match in matches:
            year = match.numbers.get("year")
            if match.kind not in ("year", "date") or not YEAR_MIN <= year <= YEAR_MAX:
                continue
            if _is_target(self._text, match):
                continue
            counts = dates if match.kind == "date" else years
            if match.kind == "date" and (match.numbers["day"], match.numbers["month"]) == (31, 12):
                year += 1  # an account as of the year's end is written after it
            counts[year] = counts.get(year, 0) + 1
        counts = dates or {year: count for year, count in years.items() if count >= 2}
        if not counts:
            return None
        year = max(counts, key=lambda year: (counts[year], year))
        return str(year) if year >= max(years, default=year) else None

    def _year_of_parts(self, matches: Sequence[TimeMatch]) -> str | None:
        """The year of an undated article that names a part of a year ("tháng
        6/2017", "đầu năm 2017", "Tết Nguyên đán 2017"): news is written in
        the months it reports, so the latest such year, not one it aims at
        ("đến hết tháng 3/2017") but one it is written after ("sau Tết 2017"); of a
        span of months ("từ tháng 10/2019 đến tháng 3/2020"), its end."""
        years = [match.numbers.get("year", match.numbers.get("end", match.numbers.get("start")))
                 for match in matches
                 if match.dates_article
                 and (not _is_target(self._text, match) or _is_after(self._text, match))]
        return str(max(years)) if years else None

    def _year_implied(self) -> str | None:
        """The year of an article that states no date, where its text implies
        one: the year after the latest baseline of a comparison with the year
        before ("tăng 11% so với cuối năm 2016" is written in 2017)."""
        baselines = [int(found[2]) for found in finders().year_baselines.finditer(self._text)
                     if YEAR_MIN <= int(found[2]) < YEAR_MAX]
        return str(max(baselines) + 1) if baselines else None

    def _headline_times(self, title: str | None, reference: str | None) -> list[Time]:
        """The times the headline states for the article as a whole, not the
        years it aims at ("Phấn đấu đến năm 2025 …")."""
        if not title:
            return []
        found = finders()
        return [time for match in found.times.matches(title)
                if not _is_target(title, match)
                and (time := resolve(match, title, reference))]

    def _lead_year(self, matches: Sequence[TimeMatch], title: str | None) -> str | None:
        """The one year the lead (after the headline, photo captions left out)
        names for what it reports ("Đây là đợt công bố thứ 2 trong năm 2017",
        "Năm 2020, BSR …"), in a year or a date, not a year it aims at nor a
        span; None when it names none or several."""
        lead_end = self._lead_end()
        spans = []
        for index in range(self._line_of(lead_end) + 1):
            start, end = self._line_span(index)
            line = self._text[start:end]
            if not (index == 0 and title and line.strip() == title.strip()) and not is_caption(line):
                spans.append((start, min(end, lead_end)))
        years = {match.numbers["year"] for match in matches
                 if any(start <= match.start < end for start, end in spans)
                 and match.kind in ("year", "date") and YEAR_MIN <= match.numbers["year"] <= YEAR_MAX
                 and not _is_target(self._text, match)}
        return str(years.pop()) if len(years) == 1 else None

    def _time_of_article(self, title: str | None, reference: str | None) -> Time | None:
        """The period the headline states for the article as a whole ("… nửa
        đầu 2017"), for a figure whose paragraph names none."""
        stated = {(time.period_start, time.period_end): time
                  for time in self._headline_times(title, reference)}
        return next(iter(stated.values())) if len(stated) == 1 else None

    @staticmethod
    def _headline_date(times: Sequence[Time]) -> str | None:
        """The date a headline states ("Giá vàng ngày 7/2/2017: …"): the day
        the article reports on, its date when nothing else gives one."""
        return next((f"{time.year:04d}" for time in times if time.rank == DATE_RANK), None)

    def _lead_end(self) -> int:
        """Where the lead ends: after the first LEAD_LINES lines, or LEAD_CHARS
        characters (a flattened page holds the whole body in one line)."""
        lines = self._line_starts
        end = lines[LEAD_LINES + 1] if len(lines) > LEAD_LINES + 1 else len(self._text)
        return min(end, LEAD_CHARS)

    def _article_scope(self, title: _Places | None, page: str | None, url: str | None) -> Province | None:
        """The province the article as a whole reports on: the one its headline
        names, else its dateline's, else the one whose bodies or territory its
        lead speaks of, else the nation when the lead speaks of nothing
        narrower, else its outlet's. Never a place named in passing. A
        headline's national word yields to a province the dateline or the
        lead's bodies name: "quy mô toàn quốc" is the reach of a case a
        district police reports."""
        named = distinct(m for m in title.mentions if not m.incidental) if title else []
        if title and not named and any(mention.topic for mention in title.mentions):
            named = [NATIONAL]
        if len(named) == 1 and named[0] != NATIONAL:
            return named[0]
        lead_end = self._lead_end()
        datelines = finders().datelines
        for offset, _ in datelines.signed(self._text, "place"):
            first, last = self._places.between(offset, offset + 1)
            if first < last and (province := self._places.province(first)):
                return province
        lead = self._lead_provinces(lead_end)
        if len(lead) == 1:
            return lead[0]
        if named == [NATIONAL]:
            return NATIONAL
        if len(opening := self._opening_provinces(lead_end)) == 1 \
                and self._times_named(opening[0]) >= OPENING_REPEATS:
            return opening[0]
        if self._lead_is_national(lead_end):
            return NATIONAL
        signatures = [signature for _, signature in datelines.signed(self._text, "outlet")]
        if outlet := outlet_province(url, signatures):
            return outlet
        if page and UNNAMED_PROVINCE.search(self._text):
            return _most_named(finders().provinces.mentions(normalize_tones(page)))
        return None

    def _lead_is_national(self, lead_end: int) -> bool:
        """Whether the lead speaks of the whole country ("cả nước", "toàn hệ
        thống", a national topic, a national body it reports from: "theo
        báo cáo của Bộ Công Thương") and of no single place: a province, a
        company or a place abroad beside it makes the nation a comparison or
        an aside."""
        first, last = self._places.between(0, lead_end)
        named = self._places.mentions[first:last]
        lead = [mention for mention in named if not mention.incidental]
        # a national body the lead quotes as its source ("Theo …") speaks for the country unless the
        # lead is about businesses ("lãi suất tại một số ngân hàng"): theirs are their own
        bodies = set() if finders().organizations.business_word.search(self._text, 0, lead_end) \
            else {body.start for body in self._organizations if body.national and body.source}
        national = any(mention.topic for mention in named) or any(
            mention.province is NATIONAL and (not mention.sentence_only or mention.start in bodies)
            for mention in lead)
        return national and all(mention.province in (NATIONAL, REGION) for mention in lead)

    def _lead_provinces(self, lead_end: int) -> list[Province]:
        """The provinces the lead reports on: named as the territory ("trên địa
        bàn tỉnh Hà Nam", "tỉnh Tuyên Quang") or in the name of a local body
        ("UBND tỉnh Quảng Nam", "Sở Y tế Hà Nội"), not as a venue or a
        destination ("họp tại Hà Nội", "đi Nghệ An")."""
        bodies = [(start, end) for body in self._organizations if body.start < lead_end
                  and "place-is-name" not in body.flags for start, end, _ in body.places]
        provinces = finders().provinces
        first, last = self._places.between(0, lead_end)
        return distinct(
            mention for mention in self._places.mentions[first:last]
            if mention.province not in (NATIONAL, *NO_PROVINCE)
            and not (mention.incidental or mention.sentence_only)
            and (mention.scope or any(start <= mention.start < end for start, end in bodies)
                 or (provinces.has_province_prefix(self._text, mention.start)
                     and not provinces.venue_before.search(
                         self._text, max(0, mention.start - LOOK_BACK), mention.start)))
        )

    def _times_named(self, province: Province) -> int:
        """How often the article names a province, other than in passing."""
        return sum(mention.province == province and not (mention.passing or mention.sentence_only)
                   for mention in self._places.mentions)

    def _opening_provinces(self, lead_end: int) -> list[Province]:
        """The provinces the lead names other than in passing or as a venue
        ("họp tại Hà Nội"). Such a lead makes the article that province's
        only when the article names it again: one mention may be a person's
        address or an aside. An address counts: an article about a farmer is
        her home province's."""
        first, last = self._places.between(0, lead_end)
        venue = finders().provinces.venue_before
        return distinct(
            mention for mention in self._places.mentions[first:last]
            if mention.province not in NO_PROVINCE
            and not (mention.passing or mention.sentence_only)
            and not venue.search(self._text, max(0, mention.start - LOOK_BACK), mention.start)
        )

    # --- one fact ----------------------------------------------------------------------

    def at(self, sentence_start: int, sentence_end: int,
           figure: tuple[int, int] | None = None) -> Context:
        """The context of a fact whose sentence is `text[sentence_start:sentence_end]`
        and whose figure is `text[figure[0]:figure[1]]` (by default, of the
        sentence as a whole).

        Each field is what the sentence says nearest the figure: the place or
        period written nearest before it, else the first after it. What the
        sentence does not say is taken from earlier in its paragraph (text runs
        forward: what is named before a sentence carries over to it, what is
        named after it does not), else from the article's own scope.
        """
        paragraph_start = self._line_starts[self._line_of(sentence_start)]
        sentence, earlier = (sentence_start, sentence_end), (paragraph_start, sentence_start)
        # a flattened page is one paragraph: only its last stretch carries over
        reach = (max(paragraph_start, sentence_start - CARRY_REACH), sentence_start)

        start = figure[0] if figure else None
        times = self._times_between(*sentence)
        time = (first_time(times) if start is None else self._trailing_time(times, figure)
                or time_of_figure(times, start)) \
            or time_of_figure(self._times_between(*reach), sentence_start) or self._article_time
        if figure:
            time = self._respective_year(figure, time)
            time = self._baseline_time(sentence_start, figure, times, time)
        province = self._province(sentence, reach, figure)
        province = None if province in NO_PROVINCE else province
        organization = acting(self._organizations_between(*sentence)) or acting(
            self._organizations_between(*earlier)
        )
        context = Context(
            province=province.name if province else None,
            province_2025=province.name_2025 if province else None,
            organization=organization,
            programme=self._programme_of(sentence, earlier, figure),
        )
        if time:
            context.year, context.period = time.year, time.text
            context.period_start, context.period_end = time.period_start, time.period_end
        else:
            context.year = self._published_year
        return context

    def _respective_year(self, figure: tuple[int, int], time: Time | None) -> Time | None:
        """The year of a list of two ("năm 2017 và 2018") that a figure after
        "lần lượt" stands for, by its place among the figures after that word
        ("… lần lượt là 182 tỷ đồng và 197 tỷ đồng": 2017, then 2018); else `time`."""
        if time is None or time.period_start is None or time.period_end is None \
                or not _YEAR_LIST.search(time.text):
            return time
        respective = finders().respective.search(self._text, time.end, figure[0])
        if respective is None:
            return time
        place = len(_NUMBER.findall(self._text, respective.end(), figure[0]))
        if place > 1:
            return time
        year = (time.period_start, time.period_end)[place]
        return Time(time.start, time.rank, time.text, year, year, year, time.end)

    def _trailing_time(self, times: Sequence[Time], figure: tuple[int, int] | None) -> Time | None:
        """The year or period written right after a figure ("từ 41% năm 2015 lên
        45% năm 2016", "lãi 20 tỷ đồng trong năm 2019"), which is its own."""
        return next((time for time in times if figure and time.start >= figure[1]
                     and time.rank != DATE_RANK and not time.baseline
                     and _TRAILING_TIME.fullmatch(self._text, figure[1], time.start)), None)

    def _baseline_time(self, sentence_start: int, figure: tuple[int, int], times: Sequence[Time],
                       time: Time | None) -> Time | None:
        """`time`, the figure's own, unless the figure is a comparison's
        baseline ("so với mức lỗ của năm 2019 là 2.005 tỷ đồng", "1.233 tỷ
        đồng cùng kỳ năm trước"): then the baseline's time, or the same period
        a year before `time` when the comparison names none."""
        baselines = _between(self._baselines, self._baseline_starts, sentence_start, figure[1] + AFTER_REACH)
        baseline = finders().comparisons.baseline(
            self._text, sentence_start, figure, sorted([*times, *baselines], key=lambda t: t.start))
        if baseline is None:
            return time
        if baseline.time is not None:
            return baseline.time
        year = time.year if time else self._published_year
        if year is None:
            return time
        return Time(figure[0], DATE_RANK, f"{year - 1}", year - 1, year - 1, year - 1)

    def _province(self, sentence: tuple[int, int], earlier: tuple[int, int],
                  figure: tuple[int, int] | None) -> Province | None:
        """The place named nearest before the figure in its sentence (else the
        first after it in its clause; a national word after a figure is a
        comparison), else the last carried over from earlier in its paragraph,
        else the article's scope. A place carries over only as the topic of
        its sentence: opening it ("Tại Hà Nội, …", "Đồng Nai có …") or named
        as the territory reported on ("trên địa bàn tỉnh …"); one further in
        (a venue, an object, an aside: "… gặp Hội nhạc sĩ Hà Nội") is its
        own sentence's place. A place named in passing ("ra Hà Nội mua
        giống") yields to the article's scope, and carries over to nothing; so
        does a person's address in an article with a scope of its own."""
        places = self._places
        first, last = places.between(*sentence)
        if first < last:
            index = self._nearest_place(first, last, figure)
            if index is not None:
                if places.mentions[index].incidental and self._scope is not None:
                    return self._not_a_company_figure(sentence, figure, self._scope, from_scope=True)
                if places.mentions[index].incidental:  # "hàng của Việt Nam xuất sang Mỹ đạt 3 tỷ USD"
                    index = next((earlier for earlier in range(index - 1, first - 1, -1)
                                  if not places.mentions[earlier].incidental), index)
                mention = places.mentions[index]
                sold_abroad = mention.passing and mention.province is ABROAD and _EXPORT_TO.search(
                    self._text, max(0, mention.start - 40), mention.start)
                if sold_abroad or mention.destination:
                    # a market abroad the country sells to, or the country a flow goes into: the
                    # country's figure, unless a company's ("Tập đoàn X đầu tư 1 tỷ USD vào Việt Nam")
                    return self._not_a_company_figure(sentence, figure, NATIONAL)
                return places.province(index)
            if places.lists_between(first, last) >= PROVINCE_LIST:
                return None  # a report on several provinces: "… của 9 tỉnh (Lào Cai, Yên Bái, …)"
        first, last = places.between(*earlier)
        for index in range(last - 1, first - 1, -1):
            mention = places.mentions[index]
            if not (mention.scope or self._opens_sentence(mention.start)):
                continue
            if not (mention.passing or mention.sentence_only or (mention.yields and self._scope)):
                carried = places.province(index)
                return self._not_a_company_figure(sentence, figure, carried or self._scope,
                                                  from_scope=not carried)
        return self._not_a_company_figure(sentence, figure, self._scope, from_scope=True)

    def _opens_sentence(self, position: int) -> bool:
        """Whether a name at `position` opens its sentence (a few words in at most)."""
        return bool(_OPENS_SENTENCE.search(self._text, max(0, position - OPENING_REACH), position))

    def _not_a_company_figure(self, sentence: tuple[int, int], figure: tuple[int, int] | None,
                              province: Province | None, from_scope: bool = False) -> Province | None:
        """`province`, brought to a sentence from outside it, unless the
        sentence names a business before the figure, other than as a source
        ("Theo SSI, …"), and the province is the nation or the article's scope
        that its headline does not name: a company's or a bank's results are
        its own, not the country's ("VnDirect lãi 482 tỷ đồng" in a market
        report), nor the province of its seat. A headline naming the province
        makes the companies it reports on that province's ("Bà Rịa - Vũng Tàu
        cấp phép 8 dự án"), as does a province carried over in the paragraph."""
        if province is not NATIONAL and (not from_scope or self._headline_scope):
            return province
        before = (sentence[0], figure[0] if figure else sentence[1])
        if any("company" in body.flags and not body.source for body in self._organizations_between(*before)):
            return None
        source = finders().organizations.source_of
        for name in self._company_names.finditer(self._text, *before) if self._company_names else ():
            if not source.search(self._text, max(0, name.start() - LOOK_BACK), name.start()):
                return None
        return province

    def _nearest_place(self, first: int, last: int, figure: tuple[int, int] | None) -> int | None:
        """Of the sentence's mentions [first, last): the nearest before the
        figure (a region only when no province stands before it: "UBND tỉnh
        Điện Biên: Dự án giảm nghèo miền núi phía Bắc gồm 628 tiểu dự án"; a
        national body only when no place follows the figure in its clause: "Bộ
        GTVT cần 5.000 tỷ đồng để mở rộng sân bay Phú Quốc" speaks of Kiên Giang),
        else the first place after it (not a body, not a market: "… tại Việt
        Nam"), unless a clause break or another figure stands between
        ("đầu tư 5 tỷ đồng, mở 1 chi nhánh ở Nam Định")."""
        places = self._places
        if figure is None:
            return first
        before = bisect.bisect_left(places.starts, figure[0], first, last)
        if before > first:
            nearest = before - 1
            if places.mentions[nearest].body and (own := self._place_after(before, last, figure)) is not None:
                return own  # the speaker is the nation's, the place what it speaks of
            if places.mentions[nearest].province is REGION:
                provinces = [index for index in range(first, nearest)
                             if places.mentions[index].province not in (REGION, ABROAD)]
                return provinces[-1] if provinces else nearest
            return nearest
        return self._place_after(first, last, figure)

    def _place_after(self, first: int, last: int, figure: tuple[int, int]) -> int | None:
        """Of mentions [first, last), all after the figure: the first place (not
        a body, not a market), unless a clause break or another figure stands between."""
        places = self._places
        after = next((index for index in range(first, last)
                      if not places.mentions[index].sentence_only or places.mentions[index].destination),
                     None)
        if after is None:
            return None
        between = self._text[figure[1]:places.mentions[after].start]
        if len(between) > AFTER_REACH or _CLAUSE_END.search(between) or _FIGURE_AFTER.search(between):
            return None
        return after

    def _programme_of(self, sentence: tuple[int, int], earlier: tuple[int, int],
                      figure: tuple[int, int] | None) -> str | None:
        """The programme the figure's own words name ("120 sản phẩm OCOP"),
        else the one named nearest before it in its sentence (else first in
        it), else the one its paragraph's first sentence names (its topic,
        not an aside further on), else the article's."""
        named = self._programmes_between(*sentence)
        if named and figure:
            own = self._programmes_between(figure[0], figure[1] + PROGRAMME_REACH)
            if own and not _CLAUSE_END.search(self._text, figure[1], max(figure[1], own[0].start)):
                return own[0].programme
        if named:
            starts = [mention.start for mention in named]
            return named[_nearest(starts, 0, len(named), figure[0] if figure else None)].programme
        first_sentence = _SENTENCE_END.search(self._text, earlier[0], earlier[1])
        topic = first_sentence.end() if first_sentence else earlier[1]
        before = self._programmes_between(max(earlier[0], earlier[1] - CARRY_REACH), topic)
        return before[-1].programme if before else self._programme

    # --- lookups -----------------------------------------------------------------------

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _line_span(self, line: int) -> tuple[int, int]:
        end = self._line_starts[line + 1] if line + 1 < len(self._line_starts) else len(self._text)
        return self._line_starts[line], end

    def _times_between(self, start: int, end: int) -> Sequence[Time]:
        return _between(self._times, self._time_starts, start, end)

    def _organizations_between(self, start: int, end: int) -> Sequence[Organization]:
        return _between(self._organizations, self._organization_starts, start, end)

    def _programmes_between(self, start: int, end: int) -> Sequence[ProgrammeMention]:
        return _between(self._programmes, self._programme_starts, start, end)


def _nearest(starts: Sequence[int], first: int, last: int, figure: int | None) -> int:
    """Of the items [first, last) by start, the one nearest before `figure`,
    else the first (the first of all when there is no figure)."""
    if figure is None:
        return first
    before = bisect.bisect_left(starts, figure, first, last)
    return before - 1 if before > first else first


def _is_target(text: str, match: TimeMatch) -> bool:
    """Whether a year is one a text aims at ("đến năm 2020"): no evidence of
    when it was written. A full date after "đến" is the date a report is as of."""
    return match.kind == "year" and bool(
        finders().year_targets.search(text, max(0, match.start - LOOK_BACK), match.start))


def _is_after(text: str, match: TimeMatch) -> bool:
    """Whether a text is written after the time it names ("sau Tết 2017")."""
    return bool(finders().years_after.search(text, max(0, match.start - LOOK_BACK), match.start))


def _single(years: Iterable[int | None]) -> str | None:
    """The one year of `years`, or None when there are none or several."""
    distinct_years = set(years)
    return str(distinct_years.pop()) if len(distinct_years) == 1 and None not in distinct_years else None


def _most_named(mentions: Sequence[Mention]) -> Province | None:
    """The province named most often, at least twice or as the only one (ties:
    the first named): a masthead and its site's other headlines repeat it."""
    counts: dict[Province, int] = {}
    for mention in mentions:
        if mention.province not in (NATIONAL, *NO_PROVINCE):
            counts[mention.province] = counts.get(mention.province, 0) + 1
    if not counts:
        return None
    province = max(counts, key=counts.__getitem__)
    return province if counts[province] >= 2 or len(counts) == 1 else None


def build_article_context(
    text: str, published: str | None = None, title: str | None = None, page: str | None = None,
    url: str | None = None,
) -> ArticleContext:
    """Find the context of an article's facts once; `.at(start, end, figure)` per fact.

    `title` is the article's headline when it has one apart from its text
    (else its text's first line, when that reads as one). `page` is the
    scraped page before cleaning: a provincial paper writes `trên địa bàn
    tỉnh` without naming its province, which its page chrome (masthead,
    other headlines) names again and again; when the article names none
    itself, that province is the article's. `url` tells the outlet.
    """
    return ArticleContext(text, published, title, page, url)
