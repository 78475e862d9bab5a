"""Who acted: the names of the bodies a text names (Sở Công Thương, UBND tỉnh…).

A name is a head word of `patterns/context_organizations.tsv` and the words
after it, up to a stop word (`context_organization_stops.tsv`: a verb or a
function word), a punctuation mark, a figure, a second body or a person's
name. The acting body of a sentence is the first one that is not the object
of a preposition (`chỉ đạo của UBND tỉnh`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.clean import ONSET_LETTERS, normalize_tones
from extractor.context.provinces import LOOK_BACK, ProvinceFinder, family_names
from extractor.patterns import Column, read_table, read_tsv
from extractor.phrases import alternation, as_written_or_capitalised, word_before

NAME_MAX_WORDS = 14  # an organisation's name longer than this has run past its end
NAME_LOWER_RUN = 5  # lower-case words in a row in a name: "Tư [vấn phát triển công nghiệp]"
NAME_NUMBER_DIGITS = 2  # "Trung tâm 1" is a name; "Công ty 10.000" is a figure
SOURCE_GAP_WORDS = 2  # words between a report word and "của" ("Theo quyết định mới nhất từ")
SHORT_NAME_WORDS = 2  # capitalised words ending a company's name that it goes by ("Điện Quang")

_NAME_WORD = re.compile(r"[ \t]+([\w&]+(?:[.'’-][\w&]+)*|[-–&])")
_CONNECTORS = frozenset({"-", "–", "&", "và"})
_COMMA = re.compile(r",[ \t]*")
# a run of capitalised words in a name after its head ("Bóng đèn Điện Quang")
_CAPITALS = re.compile(r"(?<=\s)(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\w-]*(?:[ \t]+|$))+")
_TICKER_AFTER = re.compile(r"[ \t]*\((?:[A-Za-z]+:[ \t]*)?([A-Z]{3})\)")
# a word spelled as a Vietnamese syllable, not a brand ("Agribank", "Doji", "Samsung")
SYLLABLE = re.compile(rf"(?:\w*[^\x00-\x7f]\w*|[{ONSET_LETTERS}]{{0,3}}[aeiouy]+[cghmnpt]{{0,2}})",
                      re.IGNORECASE)
# a brand: a capitalised word of Latin letters with a lower-case one in it ("Samsung", "LG" is none)
_BRAND = re.compile(r"(?<![\w.-])[A-Z][A-Za-z]*[a-z][A-Za-z]*(?:[ \t]+[A-Z][A-Za-z]*[a-z][A-Za-z]*)?")


@dataclass(frozen=True)
class Organization:
    """A body named at [start, end).

    `acting`: not the object of a preposition; `source`: introduced as the
    source of what the sentence reports ("Theo Tổng cục Thống kê, …"), and
    `reported` when through its report ("Theo báo cáo của Bộ …"): a source
    of its own sentence's figures only;
    `flags`: its head's flags (place-is-name, national, visitor, company); `local`: its name
    names a level or a province ("UBND tỉnh", "Cục Thuế TP.HCM"); `places`:
    the provinces its name holds, as (start, end, territorial), territorial
    when the name says the body is that province's ("tỉnh Tuyên Quang",
    "chi nhánh Nghệ An") rather than named after it ("Ngân hàng TMCP Sài Gòn").
    """

    start: int
    end: int
    name: str
    acting: bool
    source: bool = False
    reported: bool = False
    flags: frozenset[str] = frozenset()
    local: bool = False
    places: tuple[tuple[int, int, bool], ...] = ()

    @property
    def national(self) -> bool:
        """A body of the whole country, speaking for it."""
        return "national" in self.flags and not self.local and (self.acting or self.source)


def _flagged_rows(name: str, flags: tuple[str, ...]) -> list[tuple[str, frozenset[str]]]:
    """The (phrase, flags) rows of a rule file, spelled as the clean stage
    spells text; the flags are comma-separated, and one not among `flags`
    stops the run."""
    rows = []
    flag_column = Column("flag", flags, optional=True, flags=True)
    for _, (phrase, flag_field) in read_table(name, "phrase", flag_column):
        given = frozenset(flag.strip() for flag in flag_field.split(",") if flag.strip())
        rows.append((normalize_tones(phrase), given))
    return rows


class OrganizationFinder:
    """Finds the names of bodies: a head word from `context_organizations.tsv`
    (Sở, Bộ, UBND, Công ty…) and the words of the name after it, up to a stop
    word (a verb or function word), a punctuation mark or a person's name."""

    def __init__(self, province_finder: ProvinceFinder) -> None:
        heads = _flagged_rows("context_organizations.tsv",
                              ("alone", "place-is-name", "national", "visitor", "company"))
        self.head_flags = dict(heads)
        self.alone = frozenset(head for head, flags in heads if "alone" in flags)
        self.heads = re.compile(rf"(?<!\w)(?:{alternation(self.head_flags)})(?!\w)")
        # a business spoken of without its name: "một số ngân hàng", "các công ty"
        self.business_word = re.compile(
            rf"(?<!\w)(?:{alternation(head for head, flags in heads if 'company' in flags)})(?!\w)",
            re.IGNORECASE)
        stops = _flagged_rows("context_organization_stops.tsv", ("after-lowercase",))
        self.stops = re.compile(rf"(?:{alternation(word for word, _ in stops)})(?!\w)")
        self.stops_after_capital = re.compile(
            rf"(?:{alternation(word for word, flags in stops if not flags)})(?!\w)"
        )
        levels = [level for level, _ in _flagged_rows("context_organization_units.tsv", ())]
        self.levels = re.compile(rf"(?:{alternation(levels)})(?!\w)")
        objects = _flagged_rows("context_organization_objects.tsv", ("source", "possessive", "report"))
        self.object_of = word_before(as_written_or_capitalised(word for word, flags in objects
                                                                 if "report" not in flags))
        sources = as_written_or_capitalised(word for word, flags in objects if "source" in flags)
        possessives = [word for word, flags in objects if "possessive" in flags]
        reports = [word for word, flags in objects if "report" in flags]
        self.source_of = word_before(sources)
        self.report_of = re.compile(
            rf"(?<!\w)(?:{alternation(sources)})[ \t]+(?:{alternation(reports)})"
            rf"(?:[ \t]+[^\W\d_]+){{0,{SOURCE_GAP_WORDS}}}[ \t]+(?:{alternation(possessives)})[ \t]+$")
        self.province_finder = province_finder
        arms = [normalize_tones(row[0]) for _, row in read_tsv("context_company_arms.tsv", 1)]
        self.arms = re.compile(rf"(?P<brand>{_BRAND.pattern})[ \t]+(?:{alternation(arms)})(?!\w)")

    def organizations(self, text: str) -> list[Organization]:
        found = []
        covered = 0
        for head in self.heads.finditer(text):
            if head.start() < covered:
                continue
            name = self._name_end(text, head)
            if name is None:
                continue
            end, local, places = name
            covered = end
            before = (text, max(0, head.start() - LOOK_BACK), head.start())
            reported = bool(self.report_of.search(*before))
            found.append(Organization(
                head.start(), end, text[head.start() : end], acting=not self.object_of.search(*before),
                source=reported or bool(self.source_of.search(*before)), reported=reported,
                flags=self.head_flags[head[0]], local=local, places=places,
            ))
        return found

    def company_names(self, text: str, organizations: Sequence[Organization]) -> list[str]:
        """The names the companies of a text go by after their first, full
        mention: the last capitalised words of the full name, when they are
        distinctive (two words, "Điện Quang"; one with a capital inside or in
        capitals, "VnDirect", "FPT") and name no place ("Ngân hàng TMCP Sài
        Gòn - Hà Nội", "Tập đoàn Hóa chất Việt Nam"), and a ticker in
        brackets after it ("(VND)")."""
        names = []
        for body in organizations:
            if "company" not in body.flags:
                continue
            runs = list(_CAPITALS.finditer(body.name))
            if runs:
                words = runs[-1][0].split()
                name = " ".join(words[-SHORT_NAME_WORDS:])
                distinctive = len(words) >= SHORT_NAME_WORDS or any(char.isupper() for char in name[1:])
                if distinctive and not self.province_finder.names_place(name):
                    names.append(name)
            if ticker := _TICKER_AFTER.match(text, body.end):
                names.append(ticker[1])
        # a brand's arm in Vietnam, named without a head word ("Samsung Việt Nam")
        names += [arm[0] for arm in self.arms.finditer(text)
                  if not any(SYLLABLE.fullmatch(word) for word in arm["brand"].split())]
        return names

    def _name_end(
        self, text: str, head: re.Match[str]
    ) -> tuple[int, bool, tuple[tuple[int, int, bool], ...]] | None:
        """Where the name that starts with `head` ends, whether it names a level
        or province, and the provinces it holds; None if it is no name.

        A run of more than NAME_LOWER_RUN lower-case words ends the name
        before it: it is a predicate whose verb the stop list lacks. A name
        that runs on to NAME_MAX_WORDS found no end and keeps only its
        surely-named part.
        """
        alone = head[0] in self.alone
        end = solid_end = position = head.end()
        previous = "head"
        words = lower_run = 0
        places: list[tuple[int, int, bool]] = []
        levels = 0
        while words < NAME_MAX_WORDS and (word := _NAME_WORD.match(text, position)):
            step = self._next_word(text, word, previous, alone)
            if step is None:
                break
            previous, position = step
            if previous == "province":
                territorial = levels > 0 or self.province_finder.has_province_prefix(text, word.start(1))
                places.append((word.start(1), position, territorial))
            levels += previous == "level"
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
        if not alone and "national" in self.head_flags[head[0]] \
                and not re.search(r"[^\W\d_]", text[head.end():end]):
            return None  # a ministry has a name of words: "Bộ 6 số may mắn" is a set of numbers
        places = [place for place in places if place[1] <= end]
        # a level's place goes on with the province it lies in: "Công an quận Đống Đa, Hà Nội"
        while levels and previous == "capital" and (comma := _COMMA.match(text, end)) \
                and (province := self.province_finder.match_at(text, comma.end())):
            places.append((province.start(), province.end(), True))
            end = province.end()
            previous = "province"
        return end, bool(levels or places), tuple(places)

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


def acting(organizations: Sequence[Organization]) -> str | None:
    """The subject: the first body named that is not a preposition's object."""
    for organization in organizations:
        if organization.acting:
            return organization.name
    return organizations[0].name if organizations else None
