"""The context of a fact: when it happened, where, and which body acted.

A figure's own words rarely say its year, province or actor, so each is looked
for in the figure's sentence, then earlier in its paragraph (a line of the
text), then in the article as a whole. Everything an article offers is found once, in one pass of
a few compiled patterns, so asking for the context of each of its facts costs
only a lookup: `build_article_context(text, published, title).at(start, end)`.

Choices, so that a reader of the database knows what the fields mean:
- A single year (`năm 2016`, `quý I/2021`, `tháng 3/2021`, `6 tháng đầu năm
  2024`, a full date) gives `year` = that year and `period_start` =
  `period_end` = year. A span of years (`giai đoạn 2021-2025`) gives only
  `period_start`/`period_end`: `year` stays None, because a figure for five
  years belongs to no single one. `period` is the phrase as written.
- A sentence's period wins over its `năm YYYY`, which wins over a full date;
  among equals the first written wins. Years in document numbers or dates of
  documents (`Nghị định 57/2018/NĐ-CP ngày 17/4/2018`) and comparison
  baselines (`so với cùng kỳ năm 2020`) are not the time of a fact.
- What a sentence does not say is taken from the nearest mention earlier in
  its paragraph (a period or place named before a sentence carries over to
  it; one named after it does not), else from the article: with no time,
  `year` is the published year and `period`, `period_start`, `period_end`
  stay None; with no province, the article's main province (named in the
  title, else named most often: at least twice, or as the only one).
- `province` is the short name, as in underthesea's gazetteer, of the
  province written (a pre-merger name when the text names a pre-merger
  province); `province_2025` is the province it belongs to since the merger
  of 1 July 2025. A sentence that lists several provinces is about all of
  them and gets none.
- `organization` is the first body named in the sentence that is not the
  object of a preposition (`chỉ đạo của UBND tỉnh`), as written; else the
  first such body earlier in its paragraph (the paragraph's subject).

The text is expected in NFC (as the clean stage leaves it): the patterns are.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from extractor.model import Context
from extractor.patterns import PatternError, patterns_dir, read_jsonl, read_tsv, read_word_list

YEAR_MIN, YEAR_MAX = 1945, 2100
DATELINE_LINES = 5  # a dateline stands among the first lines of an article
PROVINCE_LIST = 3  # a sentence naming this many provinces speaks of all of them
NAME_MAX_WORDS = 14  # an organisation's name longer than this has run past its end
NAME_LOWER_RUN = 5  # lower-case words in a row in a name: "Tư [vấn phát triển công nghiệp]"
NAME_NUMBER_DIGITS = 2  # "Trung tâm 1" is a name; "Công ty 10.000" is a figure
LOOK_BACK = 40  # characters before a match searched for a word that changes its meaning
MARKER_REACH = 25  # how far after a comparison or document word a year is still its year
TIME_REACH_BEFORE = 60  # a time form starts at most this far before its first year
TIME_REACH_AFTER = 30  # and ends at most this far after it


# --- building blocks -------------------------------------------------------------------


def _alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases`, the longest first.

    It is factored as a trie and led by the set of first letters, so that the
    regex engine skips quickly past positions where no phrase can start
    instead of trying each of a thousand province spellings there.
    """
    phrases = list(phrases)
    if not phrases:
        return "(?!)"
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?={_first_letters(phrases)}){_trie_regex(trie)}"


def _first_letters(phrases: Iterable[str]) -> str:
    """A character class of the letters the phrases start with."""
    return "[" + "".join(sorted({re.escape(phrase[0]) for phrase in phrases})) + "]"


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def _as_written_or_capitalised(phrases: Iterable[str]) -> set[str]:
    """A lower-case phrase also matches at a sentence start, with a capital."""
    forms = set()
    for phrase in phrases:
        forms.add(phrase)
        if phrase[0].islower():
            forms.add(phrase[0].upper() + phrase[1:])
    return forms


def _phrases(name: str) -> list[str]:
    """A one-column rule file's entries as written (case matters for names)."""
    return [row[0] for _, row in read_tsv(name, 1)]


def _word_before(phrases: Iterable[str]) -> re.Pattern[str]:
    """Matches when one of `phrases` ends right before the end of a search window."""
    return re.compile(rf"(?<!\w)(?:{_alternation(phrases)})[ \t]+$")


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


T = TypeVar("T")


def _between(items: Sequence[T], starts: Sequence[int], start: int, end: int) -> Sequence[T]:
    """The items (sorted by start) that start within [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _iso_date(year: int, month: int, day: int) -> str | None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- provinces --------------------------------------------------------------------------


@dataclass(frozen=True)
class Province:
    """A pre-merger province and the post-merger province it belongs to."""

    name: str
    name_2025: str


def _gazetteer_path() -> Path:
    try:
        import underthesea.address as address
    except ImportError as error:
        raise PatternError(f"underthesea's address data cannot be imported ({error})") from error
    return Path(address.__file__).resolve().parent / "data" / "mapping.json"


@cache
def provinces() -> dict[str, Province]:
    """Vietnam's 63 pre-merger provinces by short name, from underthesea's gazetteer.

    The 34 post-merger provinces all kept the name of one of the 63, so every
    name an article can use is a key here.
    """
    path = _gazetteer_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        new_names = {key: info["short"] for key, info in data["province_names"].items()}
        return {
            unicodedata.normalize("NFC", info["short"]): Province(
                unicodedata.normalize("NFC", info["short"]),
                unicodedata.normalize("NFC", new_names[data["province_mapping"][key]]),
            )
            for key, info in data["old_province_names"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PatternError(f"{path}: not a readable province gazetteer ({error!r})") from error


# Tone marks on "oa", "oe", "uy" are placed on either vowel ("Hòa" / "Hoà").
_TONE_PAIRS = (
    "òa oà", "óa oá", "ỏa oả", "õa oã", "ọa oạ", "òe oè", "óe oé", "ỏe oẻ", "õe oẽ", "ọe oẹ",
    "ùy uỳ", "úy uý", "ủy uỷ", "ũy uỹ", "ụy uỵ",
)
_OTHER_TONE_PLACEMENT = {
    written: other
    for pair in _TONE_PAIRS
    for written, other in (pair.split(), pair.split()[::-1])
}
_TONED_SYLLABLE_END = re.compile(f"({'|'.join(_OTHER_TONE_PLACEMENT)})(?!\\w)")


def _spellings(name: str) -> set[str]:
    """`name` and the ways it is commonly typed: the dash of a double name as
    "-", "–" or a space, the other tone placement, and upper case (titles)."""
    forms = {name}
    if " - " in name:
        forms |= {name.replace(" - ", dash) for dash in ("-", " – ", "–", " ")}
    forms |= {
        _TONED_SYLLABLE_END.sub(lambda match: _OTHER_TONE_PLACEMENT[match[1]], form)
        for form in forms
    }
    return forms | {form.upper() for form in forms}


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    province: Province


class _ProvinceFinder:
    """Finds the provinces an article names, from the gazetteer's names.

    Only provinces are read, never districts or communes (too many share a
    name), and only capitalised, whole-word names; a name right after a word
    such as `xã` or a family name, or right before one such as `Dương`
    (Thái Bình Dương), is some other place or a person.
    """

    def __init__(self) -> None:
        gazetteer = provinces()
        forms: dict[str, tuple[Province, bool]] = {}
        for name, province in gazetteer.items():
            for form in _spellings(name):
                forms[form] = (province, False)
        aliases = patterns_dir() / "context_province_aliases.tsv"
        for number, (alias, name, flag) in read_tsv(aliases.name, 3, min_columns=2):
            if name not in gazetteer:
                raise PatternError(f"{aliases}, line {number}: '{name}' is not a gazetteer province")
            if flag not in ("", "city-prefix"):
                raise PatternError(f"{aliases}, line {number}: unknown flag '{flag}'")
            for form in _spellings(alias):
                forms[form] = (gazetteer[name], flag == "city-prefix")
        self.forms = forms

        prefix_file = patterns_dir() / "context_province_prefixes.tsv"
        prefixes = read_tsv(prefix_file.name, 2)
        for number, (_, kind) in prefixes:
            if kind not in ("province", "city"):
                raise PatternError(f"{prefix_file}, line {number}: kind must be province or city")
        self.city_prefixes = frozenset(prefix for _, (prefix, kind) in prefixes if kind == "city")
        prefix_words = [prefix for _, (prefix, _) in prefixes]
        self.regex = re.compile(  # led by the first letters: most positions fail at once
            rf"(?={_first_letters([*prefix_words, *forms])})(?<![\w.])"
            rf"(?:(?P<prefix>{_alternation(prefix_words)})[ \t]*)?"
            rf"(?P<name>{_alternation(forms)})(?!\w)"
        )

        vetoes_file = patterns_dir() / "context_province_vetoes.tsv"
        vetoes: dict[str, set[str]] = {"before": set(), "after": set(), "allowed-before": set()}
        for number, (side, phrase) in read_tsv(vetoes_file.name, 2):
            if side not in vetoes:
                raise PatternError(
                    f"{vetoes_file}, line {number}: the first column must be one of "
                    f"{', '.join(vetoes)}, not '{side}'"
                )
            vetoes[side].update(_as_written_or_capitalised([phrase]))
        self.veto_before = _word_before(vetoes["before"] | family_names())
        self.allowed_before = _word_before(vetoes["allowed-before"])
        self.veto_after = re.compile(rf"[ \t]+(?:{_alternation(vetoes['after'])})(?!\w)")

    def match_at(self, text: str, position: int) -> re.Match[str] | None:
        """The province named at `position`, if one is (used inside organisation names)."""
        found = self.regex.match(text, position)
        return found if found and self._accepted(text, found) else None

    def mentions(self, text: str) -> list[_Mention]:
        return [
            _Mention(found.start(), found.end(), self.forms[found["name"]][0])
            for found in self.regex.finditer(text)
            if self._accepted(text, found)
        ]

    def _accepted(self, text: str, found: re.Match[str]) -> bool:
        needs_city_prefix = self.forms[found["name"]][1]
        if needs_city_prefix and found["prefix"] not in self.city_prefixes:
            return False
        before = (text, max(0, found.start() - LOOK_BACK), found.start())
        if self.veto_before.search(*before) and not self.allowed_before.search(*before):
            return False
        return not self.veto_after.match(text, found.end())


@cache
def family_names() -> frozenset[str]:
    """Family names (and the middle names Văn, Thị), exactly as written."""
    return frozenset(_phrases("context_family_names.tsv"))


def _one_province(mentions: Sequence[_Mention], nearest: int) -> Province | None:
    """The province named at index `nearest` (0: first, -1: last) of the
    mentions, unless they list several provinces."""
    named = dict.fromkeys(mention.province for mention in mentions)
    return None if len(named) >= PROVINCE_LIST else mentions[nearest].province


def _main_province(title: Sequence[_Mention], everywhere: Sequence[_Mention]) -> Province | None:
    """The article's province: the one its title names, else the one it names
    most (at least twice, or as the only one)."""
    if title:
        return title[0].province
    counts = Counter(mention.province for mention in everywhere)
    if not counts:
        return None
    province, count = counts.most_common(1)[0]  # ties: the first named
    return province if count >= 2 or len(counts) == 1 else None


# --- years and periods --------------------------------------------------------------------

_TIME_GROUPS = {
    "range": {"start", "end"},
    "since": {"start"},
    "year": {"year"},
    "date": {"day", "month", "year"},
    "relative": set(),
}
# `tỉnh` with no name after it: the article speaks of its outlet's province.
UNNAMED_PROVINCE = re.compile(r"\btỉnh\b(?!\s+(?:[A-ZĐÂĂÊÔƠƯ]|ủy|uỷ))", re.IGNORECASE)
_TIME_RANK = {"range": 0, "since": 0, "year": 1, "relative": 1, "date": 2}
_FOUR_DIGITS = re.compile(r"\d{4}")


def _check_regex_rule(entry: dict[str, Any], groups: set[str] | None = None) -> str | None:
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


def _check_time_rule(entry: dict[str, Any]) -> str | None:
    kind = entry.get("kind")
    if kind not in _TIME_GROUPS:
        return f"'kind' must be one of {', '.join(_TIME_GROUPS)}"
    if kind == "relative" and not isinstance(entry.get("offset"), int):
        return "a relative rule needs an integer 'offset'"
    return _check_regex_rule(entry, _TIME_GROUPS[kind])


def _check_dateline_rule(entry: dict[str, Any]) -> str | None:
    problem = _check_regex_rule(entry)
    if problem:
        return problem
    groups = set(re.compile(entry["regex"]).groupindex)
    if groups not in ({"day", "month", "year"}, {"day", "month"}):
        return f"rule '{entry['name']}': the regex needs groups day and month, and maybe year"
    return None


@dataclass(frozen=True)
class _TimeMatch:
    """A time expression as found, before the published date resolves it."""

    start: int
    end: int
    kind: str
    offset: int
    numbers: dict[str, int]


@dataclass(frozen=True)
class _Time:
    start: int
    rank: int
    text: str
    year: int | None
    period_start: int | None
    period_end: int | None


class _TimeFinder:
    """Finds year and period expressions with one combined regex.

    Each rule of `context_periods.jsonl` becomes one named branch; where two
    rules start at the same place the earlier one wins, so `6 tháng đầu năm
    2024` is read whole rather than as `năm 2024`. Every form holds a year of
    four digits except the relative ones (`năm nay`), so the regex runs only
    in windows around those anchors: most of an article is never scanned.
    """

    def __init__(self) -> None:
        self.rules = read_jsonl("context_periods.jsonl", _check_time_rule)
        branches = []
        for index, rule in enumerate(self.rules):
            regex = re.sub(r"\(\?P<(\w+)>", rf"(?P<r{index}_\1>", rule["regex"])
            branches.append(f"(?P<r{index}>{regex})")
        self.regex = re.compile("|".join(branches))
        relative = [rule["regex"] for rule in self.rules if rule["kind"] == "relative"]
        self.relative = re.compile("|".join(relative) or "(?!)")
        markers = _phrases("context_year_ignored_after.tsv")
        self.ignored_after = re.compile(
            rf"(?<!\w)(?:{_alternation(_as_written_or_capitalised(markers))})"
            rf"(?!\w)(?:[^,;:()\n.]|\.(?!\s)){{0,{MARKER_REACH}}}$"
        )

    def _windows(self, text: str) -> Iterator[tuple[int, int]]:
        """Stretches of text around the anchors, overlapping ones merged."""
        window_start = window_end = -1
        anchors = sorted(
            chain(_FOUR_DIGITS.finditer(text), self.relative.finditer(text)),
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

    def matches(self, text: str) -> list[_TimeMatch]:
        found = []
        for window_start, window_end in self._windows(text):
            for match in self.regex.finditer(text, window_start, window_end):
                start = match.start()
                if self.ignored_after.search(text, max(0, start - LOOK_BACK), start):
                    continue
                index = int(match.lastgroup[1:])  # type: ignore[index]
                rule = self.rules[index]
                numbers = {
                    group: int(match[f"r{index}_{group}"]) for group in _TIME_GROUPS[rule["kind"]]
                }
                found.append(
                    _TimeMatch(start, match.end(), rule["kind"], rule.get("offset", 0), numbers)
                )
        return found


def _resolve(match: _TimeMatch, text: str, published_year: int | None) -> _Time | None:
    """The years a time expression stands for, or None if implausible."""
    numbers = match.numbers
    start = end = None
    if match.kind == "range":
        start, end = numbers["start"], numbers["end"]
        if start >= end:
            return None
    elif match.kind == "since":
        start = numbers["start"]
        end = published_year if published_year and published_year >= start else None
    elif match.kind == "relative":
        if published_year is None:
            return None
        start = end = published_year + match.offset
    elif match.kind == "date" and not _iso_date(numbers["year"], numbers["month"], numbers["day"]):
        return None
    else:
        start = end = numbers["year"]
    if not all(YEAR_MIN <= year <= YEAR_MAX for year in (start, end) if year is not None):
        return None
    single = start if start == end else None
    return _Time(
        match.start, _TIME_RANK[match.kind], text[match.start : match.end], single, start, end
    )


def _first_time(times: Sequence[_Time]) -> _Time | None:
    return min(times, key=lambda time: (time.rank, time.start), default=None)


def _nearest_time(times: Sequence[_Time]) -> _Time | None:
    return min(times, key=lambda time: (time.rank, -time.start), default=None)


# --- published date ---------------------------------------------------------------------

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
        return _iso_date(moment.year, moment.month, moment.day)
    return _iso_date(int(year), int(month), int(day))


def _dateline_date(
    text: str, datelines: Sequence[re.Pattern[str]], fallback_year: int | None
) -> str | None:
    """The date an article states in its first lines: a dateline, else a lead
    `Ngày 26-1` dated with `fallback_year`."""
    lines = [line.strip() for line in text.split("\n", 40)[:40] if line.strip()]
    for dateline in datelines:
        for line in lines[:DATELINE_LINES]:
            if found := dateline.search(line):
                year = int(found["year"]) if "year" in dateline.groupindex else fallback_year
                if year is not None:
                    return _iso_date(year, int(found["month"]), int(found["day"]))
    return None


def _latest_full_date_year(matches: Iterable[_TimeMatch]) -> int | None:
    """The year to date a lead `Ngày 26-1` with: an article reports what has
    happened, so the latest full date it names is the nearest to its own."""
    years = (
        match.numbers["year"]
        for match in matches
        if match.kind == "date" and _iso_date(**match.numbers)
    )
    return max(years, default=None)


def published_in_text(text: str) -> str | None:
    """The date an article states in its first lines, as YYYY-MM-DD, or None.

    `build_article_context` looks for it itself; call this on the text before
    cleaning when the clean stage drops datelines as page furniture, and pass
    the result as `published`.
    """
    finders = _finders()
    return _dateline_date(
        text, finders.datelines, _latest_full_date_year(finders.times.matches(text))
    )


# --- organisations ----------------------------------------------------------------------

_NAME_WORD = re.compile(r"[ \t]+([\w&]+(?:[.'’-][\w&]+)*|[-–&])")
_CONNECTORS = frozenset({"-", "–", "&", "và"})


@dataclass(frozen=True)
class _Organization:
    start: int
    name: str
    acting: bool


class _OrganizationFinder:
    """Finds the names of bodies: a head word from `context_organizations.tsv`
    (Sở, Bộ, UBND, Công ty…) and the words of the name after it, up to a stop
    word (a verb or function word), a punctuation mark or a person's name."""

    def __init__(self, province_finder: _ProvinceFinder) -> None:
        heads_file = patterns_dir() / "context_organizations.tsv"
        heads = read_tsv(heads_file.name, 2, min_columns=1)
        for number, (_, flag) in heads:
            if flag not in ("", "alone"):
                raise PatternError(f"{heads_file}, line {number}: unknown flag '{flag}'")
        self.alone = frozenset(head for _, (head, flag) in heads if flag == "alone")
        self.heads = re.compile(rf"(?<!\w)(?:{_alternation(h for _, (h, _) in heads)})(?!\w)")
        stops_file = patterns_dir() / "context_organization_stops.tsv"
        stops = read_tsv(stops_file.name, 2, min_columns=1)
        for number, (_, flag) in stops:
            if flag not in ("", "after-lowercase"):
                raise PatternError(f"{stops_file}, line {number}: unknown flag '{flag}'")
        self.stops = re.compile(rf"(?:{_alternation(word for _, (word, _) in stops)})(?!\w)")
        self.stops_after_capital = re.compile(
            rf"(?:{_alternation(word for _, (word, flag) in stops if not flag)})(?!\w)"
        )
        levels = _phrases("context_organization_units.tsv")
        self.levels = re.compile(rf"(?:{_alternation(levels)})(?!\w)")
        objects = _as_written_or_capitalised(read_word_list("context_organization_objects.tsv"))
        self.object_of = _word_before(objects)
        self.province_finder = province_finder

    def organizations(self, text: str) -> list[_Organization]:
        found = []
        covered = 0
        for head in self.heads.finditer(text):
            if head.start() < covered:
                continue
            end = self._name_end(text, head)
            if end is None:
                continue
            covered = end
            acting = not self.object_of.search(text, max(0, head.start() - LOOK_BACK), head.start())
            found.append(_Organization(head.start(), text[head.start() : end], acting))
        return found

    def _name_end(self, text: str, head: re.Match[str]) -> int | None:
        """Where the name that starts with `head` ends, or None if it is no name.

        A run of more than NAME_LOWER_RUN lower-case words ends the name
        before it: it is a predicate whose verb the stop list lacks. A name
        that runs on to NAME_MAX_WORDS found no end and keeps only its
        surely-named part.
        """
        alone = head[0] in self.alone
        end = solid_end = position = head.end()
        previous = "head"
        words = lower_run = 0
        while words < NAME_MAX_WORDS and (word := _NAME_WORD.match(text, position)):
            step = self._next_word(text, word, previous, alone)
            if step is None:
                break
            previous, position = step
            words += 1
            if previous == "lower":
                end, lower_run = position, lower_run + 1
                if lower_run > NAME_LOWER_RUN:
                    break
            elif previous != "connector":
                end = solid_end = position
                lower_run = 0
        if words == NAME_MAX_WORDS or lower_run > NAME_LOWER_RUN:
            end = solid_end
        if end == head.end() and not alone:
            return None
        return end

    def _next_word(
        self, text: str, word: re.Match[str], previous: str, alone: bool
    ) -> tuple[str, int] | None:
        """The kind of the next word of a name and where it ends, or None if
        the name ends before it.

        A name runs over capitalised words, a level word (tỉnh, huyện…), a
        province, a small number right after the head ("Trung tâm 1"), and
        lower-case words that continue a capitalised one ("Sở Tài nguyên và
        Môi trường", "Ngân hàng Chính sách xã hội"). It ends at a stop word, a
        punctuation mark, a figure, a second body or a person's name.
        """
        token, start = word[1], word.start(1)
        if previous == "connector" and not token[0].isupper():
            return None
        if province := self.province_finder.match_at(text, start):
            return "province", province.end()  # "tỉnh Thái Bình", "TP.HCM", "Hà Nội"
        level = self.levels.match(text, start)
        if level and (previous == "head" or self._ends_or_precedes_name(text, level.end())):
            return ("level", level.end()) if previous != "head" or alone else None
        if token[0].isupper():
            if previous != "head" and self.heads.match(text, start):
                return None  # a second body: "Sở Công Thương và Sở Tài chính"
            named_after_person = previous == "head" and not alone  # "Trường THPT Phan Bội Châu"
            if (
                not named_after_person
                and token in family_names()
                and self._starts_person(text, word.end())
            ):
                return None  # "Bộ Y tế Nguyễn Thanh Long": the minister's name
            return "capital", word.end()
        if token[0].isdigit():
            return ("number", word.end()) if self._numbers_name(text, word, previous) else None
        if previous not in ("capital", "lower"):
            return None  # "UBND tỉnh tổ chức…", "Bộ trưởng", "Trường hợp"
        if token in _CONNECTORS:
            return "connector", word.end()
        stops = self.stops_after_capital if previous == "capital" else self.stops
        return None if stops.match(text, start) else ("lower", word.end())

    def _ends_or_precedes_name(self, text: str, position: int) -> bool:
        """Whether a level word at this place is one ("tỉnh Thái Bình", "UBND
        tỉnh đã…") rather than a syllable of a longer word ("xã hội")."""
        following = _NAME_WORD.match(text, position)
        return not following or not following[1][0].islower() or bool(
            self.stops.match(text, following.start(1))
        )

    @staticmethod
    def _numbers_name(text: str, word: re.Match[str], previous: str) -> bool:
        """Whether a number is part of a name: a small one right after the head
        ("Trung tâm 1 đã…") or closing a name ("…công nghiệp 1 (Trung tâm 1)"),
        not a figure ("Công ty A lãi 10.000 tỷ", "Sở Công Thương cấp 5 giấy phép")."""
        if not (word[1].isdigit() and len(word[1]) <= NAME_NUMBER_DIGITS):
            return False
        if previous == "head":
            return True
        following = _NAME_WORD.match(text, word.end())
        closes_name = not following or not following[1][0].islower()
        return previous in ("capital", "lower") and closes_name

    @staticmethod
    def _starts_person(text: str, after_family_name: int) -> bool:
        """Whether two capitalised words follow a family name, as in a person's
        full name ("Nguyễn Thanh Long"); "Công ty Hoàng Sơn có…" is no person."""
        position = after_family_name
        for _ in range(2):
            following = _NAME_WORD.match(text, position)
            if not (following and following[1][0].isupper()):
                return False
            position = following.end()
        return True


def _acting(organizations: Sequence[_Organization]) -> str | None:
    """The subject: the first body named that is not a preposition's object."""
    for organization in organizations:
        if organization.acting:
            return organization.name
    return organizations[0].name if organizations else None


# --- the article ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finders:
    provinces: _ProvinceFinder
    times: _TimeFinder
    datelines: tuple[re.Pattern[str], ...]
    organizations: _OrganizationFinder


@cache
def _finders() -> _Finders:
    """The compiled patterns, built once per process."""
    province_finder = _ProvinceFinder()
    datelines = tuple(
        re.compile(rule["regex"]) for rule in read_jsonl("context_datelines.jsonl", _check_dateline_rule)
    )
    return _Finders(
        province_finder, _TimeFinder(), datelines, _OrganizationFinder(province_finder)
    )


class ArticleContext:
    """The context of every fact of one article, found once.

    `published` is the article's date as YYYY-MM-DD: the metadata's, else the
    one the text states in its first lines, else None.
    """

    def __init__(self, text: str, published: str | None = None, title: str | None = None,
                 page: str | None = None) -> None:
        finders = _finders()
        self._text = text
        self._line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]

        time_matches = finders.times.matches(text)
        self.published = normalize_published(published) or _dateline_date(
            text, finders.datelines, _latest_full_date_year(time_matches)
        )
        published_year = int(self.published[:4]) if self.published else None
        self._published_year = published_year
        self._times = [
            time for match in time_matches if (time := _resolve(match, text, published_year))
        ]
        self._time_starts = [time.start for time in self._times]

        self._provinces = finders.provinces.mentions(text)
        self._province_starts = [mention.start for mention in self._provinces]
        if title is not None:
            title_mentions = finders.provinces.mentions(title)
        else:  # a text without a separate title starts with it
            first_line = self._line_of(len(text) - len(text.lstrip()))
            title_mentions = list(self._provinces_between(*self._line_span(first_line)))
        self._main_province = _main_province(title_mentions, self._provinces)
        if self._main_province is None and page and UNNAMED_PROVINCE.search(text):
            self._main_province = _main_province([], finders.provinces.mentions(page))

        self._organizations = finders.organizations.organizations(text)
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

        time = _first_time(self._times_between(*sentence)) or _nearest_time(
            self._times_between(*earlier)
        )
        if named := self._provinces_between(*sentence):
            province = _one_province(named, 0)
        elif named := self._provinces_between(*earlier):
            province = _one_province(named, -1) or self._main_province
        else:
            province = self._main_province
        organization = _acting(self._organizations_between(*sentence)) or _acting(
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

    def _times_between(self, start: int, end: int) -> Sequence[_Time]:
        return _between(self._times, self._time_starts, start, end)

    def _provinces_between(self, start: int, end: int) -> Sequence[_Mention]:
        return _between(self._provinces, self._province_starts, start, end)

    def _organizations_between(self, start: int, end: int) -> Sequence[_Organization]:
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
