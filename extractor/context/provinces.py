"""Where a figure is: the provinces, places and national scopes a text names.

Provinces come from underthesea's gazetteer (with the written forms of
`context_province_aliases.tsv`), places inside one province from
`context_places.tsv`, and words that speak of the whole country from
`context_national.tsv`. Only capitalised, whole-word names are read; a name
is some other thing when a word of `context_province_vetoes.tsv` stands
next to it (a street, a river, a person, a commune of that name), when a
foreign country follows it ("tỉnh Hà Nam, Trung Quốc"), or when it is part
of a person's name anywhere in the article ("Đỗ Bình Dương … Bình Dương
phải bỏ ra 5 tỷ đồng").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from extractor.clean import normalize_tones
from extractor.numbers import currency_table
from extractor.patterns import Column, PatternError, read_table, read_tsv, rule_error, rule_loader
from extractor.phrases import alternation, as_written_or_capitalised, first_letters, word_before

LOOK_BACK = 40  # characters before a name searched for a word that changes its meaning
HOMONYM_REACH = 200  # how far from a name its foreign country is still its sentence's
PERSON_WORDS = 4  # words of a person's full name before a "(province)" attribute
UNIT_NAME_WORDS = 3  # words of a district's or commune's name ("huyện Nghĩa Hành")
ADDRESS_REACH = 80  # characters of an address ("trú tại xã …, huyện …,") before its province
INFLOW_REACH = 80  # characters from a place abroad to the destination of the flow it is the source of
# A capitalised word and a dash right before a name: the name ends a route or a
# compound name ("cao tốc Pháp Vân - Cầu Giẽ - Ninh Bình"), unless that word ends
# another province of a list ("Hà Nội - Hải Phòng").
_ROUTE = re.compile(r"[^\W\d_]\w*[ \t]*[-–][ \t]*$")


@dataclass(frozen=True)
class Province:
    """A pre-merger province and the post-merger province it belongs to.

    NATIONAL stands for the whole country: both names are "national".
    """

    name: str
    name_2025: str


NATIONAL = Province("national", "national")
# Places that are no province: a figure there gets none (never stored as such).
ABROAD = Province("(abroad)", "(abroad)")  # a place abroad
REGION = Province("(region)", "(region)")  # a region of several provinces
COMPANY = Province("(company)", "(company)")  # a listed company: its figures are its own
NO_PROVINCE = (ABROAD, REGION, COMPANY)

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(])[ \t]*$")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-ZĐÂĂÊÔƠƯ]")  # a longer name goes on: "Sài Gòn Tourist"


def _gazetteer_path() -> Path:
    try:
        import underthesea.address as address
    except ImportError as error:
        raise PatternError(f"underthesea's address data cannot be imported ({error})") from error
    return Path(address.__file__).resolve().parent / "data" / "mapping.json"


def normalized(name: str) -> str:
    """A name as the clean stage writes it (NFC, new-style tone marks)."""
    return normalize_tones(unicodedata.normalize("NFC", name))


@rule_loader
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
            normalized(info["short"]): Province(
                normalized(info["short"]), normalized(new_names[data["province_mapping"][key]])
            )
            for key, info in data["old_province_names"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PatternError(f"{path}: not a readable province gazetteer ({error!r})") from error


def spellings(name: str) -> set[str]:
    """`name` and the ways it is commonly typed: the dash of a double name as
    "-", "–" or a space, and upper case (titles). Tone placement needs no
    variants: the clean stage writes every text, and every name, one way."""
    name = normalized(name)
    forms = {name}
    if " - " in name:
        forms |= {name.replace(" - ", dash) for dash in ("-", " – ", "–", " ")}
    return forms | {form.upper() for form in forms}


def gazetteer_province() -> Column:
    """The column of a rule file that names a province: a gazetteer's name."""
    return Column("province", provinces(), kind="a gazetteer province")


DISTRICT_LEVELS = ("district", "town")
_UNIT_NAME = re.compile(r"(?:Quận|Huyện|Thị xã|Thành phố|Thị trấn)\s+(.+)", re.IGNORECASE)


@rule_loader
def districts() -> dict[str, dict[str, Province]]:
    """The districts and towns ("thị trấn") of underthesea's gazetteer whose
    name no other province shares, by level and short name ("Quỳnh Lưu" →
    Nghệ An, "12" → Hồ Chí Minh): read only after a unit word of
    `context_district_units.tsv`. A name that is a province's, or a place of
    `context_places.tsv`, is read as that already."""
    path = _gazetteer_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["ward_mapping"]
        by_level: dict[str, dict[str, set[str]]] = {level: {} for level in DISTRICT_LEVELS}
        for row in rows:
            province = normalized(row["old_province"])
            for level, unit in (("district", row["old_district"]), ("town", row["old_ward"])):
                if (named := _UNIT_NAME.fullmatch(normalized(unit))) and (
                        level == "district" or unit.lower().startswith("thị trấn")):
                    by_level[level].setdefault(named[1], set()).add(province)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PatternError(f"{path}: not a readable gazetteer of districts ({error!r})") from error
    gazetteer = {province.name: province for province in provinces().values()}
    prefix = re.compile(r"^(?:Tỉnh|Thành phố)\s+")
    taken = set(province_aliases()) | {normalized(place) for _, (place, _) in
                                       read_table("context_places.tsv", "place", "province")}
    return {level: {name: gazetteer[prefix.sub("", province)]
                    for name, (province,) in ((name, tuple(found)) for name, found in names.items()
                                              if len(found) == 1)
                    if name not in taken and prefix.sub("", province) in gazetteer}
            for level, names in by_level.items()}


ALIAS_FLAGS = ("city-prefix", "search")
ALIASES_FILE = "context_province_aliases.tsv"


@rule_loader
def province_aliases() -> dict[str, tuple[Province, str]]:
    """Every written form of a province with its flag: its gazetteer name and
    the aliases of `context_province_aliases.tsv`, in all their spellings.

    The flag is "" (read wherever it stands), "city-prefix" (read in text only
    after "TP", "Thành phố"…: "HCM") or "search" (a form people type in a
    search, never read in text: "HN"). Search and text share this one table.
    """
    forms: dict[str, tuple[Province, str]] = {}
    for name, province in provinces().items():
        for form in spellings(name):
            forms[form] = (province, "")
    named = gazetteer_province()
    for line, alias, name, flag in alias_table():
        if problem := named.problem(name):
            raise rule_error(ALIASES_FILE, line, problem)
        for form in spellings(alias):
            forms[form] = (provinces()[name], flag)
    return forms


@rule_loader
def alias_table() -> tuple[tuple[int, str, str, str], ...]:
    """The rows of `context_province_aliases.tsv` (line, alias, province, flag),
    read once for the context finder and for search, which reads them without
    the gazetteer (whose data takes half a second to load): `province_aliases`
    checks the provinces they name."""
    rows = read_table(ALIASES_FILE, "alias", "province", Column("flag", ALIAS_FLAGS, optional=True))
    return tuple((line, alias, name, flag) for line, (alias, name, flag) in rows)


@rule_loader
def prefix_table() -> tuple[tuple[str, str], ...]:
    """The words written before a province (`tỉnh`, `TP.`) and their kind
    (`context_province_prefixes.tsv`), for the context finder and for search."""
    rows = read_table("context_province_prefixes.tsv", "prefix", Column("kind", ("province", "city")))
    return tuple((prefix, kind) for _, (prefix, kind) in rows)


def province_named(name: str | None) -> str | None:
    """The gazetteer name of a province however it is written (any alias or
    spelling, "TP." before it); "national", None and unknown names as they are."""
    if not name:
        return name
    forms = province_aliases()
    written = normalized(name).strip()
    for candidate in (written, written.upper(), _PREFIX.sub("", written)):
        if candidate in forms:
            return forms[candidate][0].name
    return name


_PREFIX = re.compile(r"^(?:tỉnh|thành phố|TP\.?|Tp\.?)\s*", re.IGNORECASE)


@rule_loader
def not_tickers() -> frozenset[str]:
    """Three-capital words that are no stock ticker (`context_not_tickers.tsv`),
    even before a word of `context_ticker_verbs.tsv` ("GDP tăng 6%")."""
    return frozenset(row[0] for _, row in read_tsv("context_not_tickers.tsv", 1))


@rule_loader
def family_names() -> frozenset[str]:
    """Family names (and the middle names Văn, Thị), exactly as written."""
    return frozenset(normalized(row[0]) for _, row in read_tsv("context_family_names.tsv", 1))


@dataclass(frozen=True)
class Mention:
    """A province (or NATIONAL) named in the text at [start, end).

    A `passing` mention names a place the figure is not about although its
    sentence names it: a destination or origin ("ra Hà Nội mua giống"). It
    counts in its own sentence only, never for the sentences after it, and
    yields there to the article's own scope. A `sentence_only` mention is
    its sentence's place but no more ("chiếc thứ ba tại Việt Nam"). A
    `scope` mention names the place the text reports on ("trên địa bàn tỉnh
    Hà Nam"). A mention that `yields` is the place of an article about it
    but, in an article with a scope of its own, a place in passing: a
    person's address ("trú tại xã …, Thanh Hóa" in a case of Hà Nội), a
    national leader on a visit ("Thủ tướng" in Hải Phòng). A `topic`
    mention names a subject of the whole country ("thuế bảo vệ môi trường",
    "quỹ bảo hiểm y tế"): it makes an article national from its headline or
    lead, and its sentence national unless the article has a scope of its
    own (a province's tax office reports the tax it collects): it yields.
    """

    start: int
    end: int
    province: Province
    passing: bool = False
    scope: bool = False
    sentence_only: bool = False
    yields: bool = False
    topic: bool = False
    body: bool = False  # a national body speaking ("Bộ GTVT", "Quốc hội"), not a place
    destination: bool = False  # where a flow goes ("vào Việt Nam"): the figure's even after it

    @property
    def incidental(self) -> bool:
        """Whether the mention is no evidence of the article's own scope."""
        return self.passing or self.yields


class ProvinceFinder:
    """Finds the provinces, places and national scopes a text names."""

    def __init__(self) -> None:
        forms = {form: (province, flag == "city-prefix")
                 for form, (province, flag) in province_aliases().items() if flag != "search"}
        places = {}
        for _, (place, name) in read_table("context_places.tsv", "place", gazetteer_province()):
            for form in spellings(place):
                places[form] = provinces()[name]
        national_rows = read_table("context_national.tsv", "phrase",
                                   Column("flag", ("sentence", "topic", "destination"), optional=True))
        national = as_written_or_capitalised(normalized(phrase) for _, (phrase, _) in national_rows)
        self.national_flags = {
            form: flag for _, (phrase, flag) in national_rows if flag
            for form in as_written_or_capitalised([normalized(phrase)])
        }
        destinations = [form for form, flag in self.national_flags.items() if flag == "destination"]
        # a place abroad before a destination in its clause is where the flow comes from:
        # "các doanh nghiệp Hàn Quốc đã đầu tư 50 tỷ USD vào Việt Nam"
        self.source_of_inflow = re.compile(
            rf"[^.;:!?()\n]{{0,{INFLOW_REACH}}}(?<!\w)(?:{alternation(destinations)})(?!\w)"
        ) if destinations else None
        foreign = [normalized(row[0]) for _, row in read_tsv("context_foreign_places.tsv", 1)]
        regions = as_written_or_capitalised(
            normalized(row[0]) for _, row in read_tsv("context_regions.tsv", 1)
        )
        self.forms, self.places = forms, places
        units = read_table("context_district_units.tsv", "unit", Column("level", DISTRICT_LEVELS))
        self.districts = districts()
        unit_words = {level: as_written_or_capitalised(normalized(unit) for _, (unit, of) in units
                                                       if of == level)
                      for level in DISTRICT_LEVELS}

        prefixes = prefix_table()
        self.city_prefixes = frozenset(prefix for prefix, kind in prefixes if kind == "city")
        self.province_prefixes = frozenset(prefix for prefix, kind in prefixes if kind == "province")
        prefix_words = [prefix for prefix, _ in prefixes]
        names = [*forms, *places, *national, *regions, *as_written_or_capitalised(foreign)]
        self.regex = re.compile(  # led by the first letters: most positions fail at once
            rf"(?={first_letters([*prefix_words, *names, *unit_words['district'], *unit_words['town']])})"
            rf"(?<![\w.])"
            rf"(?:(?:(?P<prefix>{alternation(prefix_words)})[ \t]*)?"
            rf"(?:(?P<national>{alternation(national)})|(?P<name>{alternation([*forms, *places])})"
            rf"|(?P<region>{alternation(regions)})"
            rf"|(?P<foreign>{alternation(as_written_or_capitalised(foreign))}))"
            + "".join(rf"|(?:{alternation(unit_words[level])})[ \t]+(?P<{level}>{alternation(names)})"
                      for level, names in self.districts.items())
            + r")(?!\w)"
        )

        vetoes = _vetoes()
        self.veto_before = word_before(vetoes["before"] | vetoes["person"])
        self.person_words = frozenset(vetoes["person"])
        self.veto_unit = word_before(vetoes["unit"])
        self.person_before = word_before(family_names())
        self.allowed_before = word_before(vetoes["allowed-before"])
        self.passing_before = word_before(vetoes["passing"])
        self.address_before = re.compile(
            rf"(?<!\w)(?:{alternation(vetoes['address'])})[^.;:!?()\n]{{0,{ADDRESS_REACH}}}$")
        self.scope_before = word_before(vetoes["scope"])
        # a province after a district or commune and its name is where that place lies
        # ("xưởng ở huyện Mộ Đức, Quảng Ngãi"): the place reported on
        self.unit_before = re.compile(
            rf"(?<!\w)(?:{alternation(vetoes['unit'])})"
            rf"[ \t]+(?:[^\W\d_][\w-]*[ \t]*){{1,{UNIT_NAME_WORDS}}},[ \t]*$")
        self.scope_after = re.compile(rf"[ \t]+(?:{alternation(vetoes['scope-after'])})(?!\w)")
        self.venue_before = word_before(vetoes["venue"])
        self.abroad_before = word_before(vetoes["abroad"])
        # a country that ends a currency's name is no place: "Đô la Mỹ", "đô la Hồng Kông", "won Hàn Quốc"
        currencies = [word for word, (_, where) in currency_table().items() if where == "after"]
        self.currency_before = re.compile(rf"(?<!\w)(?:{alternation(currencies)})[ \t]+$", re.IGNORECASE)
        self.abroad_subject = re.compile(
            rf"[ \t]*(?:{alternation(vetoes['abroad-after'])})[ \t]+(?:\w+[ \t]+)?\d")
        self.veto_after = re.compile(rf"[ \t]+(?:{alternation(vetoes['after'])})(?!\w)")

        self.compare_before = word_before(vetoes["compare"])
        verbs = [normalized(row[0]) for _, row in read_tsv("context_ticker_verbs.tsv", 1)]
        before = as_written_or_capitalised(
            normalized(row[0]) for _, row in read_tsv("context_ticker_before.tsv", 1))
        self.tickers = re.compile(
            rf"(?<![\w.-])(?:{alternation(before)})[ \t]*(?P<after>[A-Z]{{3}})(?![\w-])"
            rf"|(?<![\w.-])(?P<before>[A-Z]{{3}})[ \t]+(?:{alternation(verbs)})(?!\w)"
        )
        self.foreign_after = re.compile(
            rf"[ \t]*(?:,|\(|[ \t]của|[ \t]thuộc)[ \t]*(?:{alternation(foreign)})(?!\w)"
        )
        homonyms: dict[str, re.Pattern[str]] = {}
        homonym_file = "context_province_homonyms.tsv"
        for number, (name, country) in read_table(homonym_file, gazetteer_province(), "country"):
            if normalized(country) not in foreign:
                raise rule_error(homonym_file, number, f"'{country}' is not in context_foreign_places.tsv")
            homonyms[name] = re.compile(rf"(?<!\w){re.escape(normalized(country))}(?!\w)")
        self.homonyms = homonyms

    def match_at(self, text: str, position: int) -> re.Match[str] | None:
        """The province or place named at `position`, if one is (used inside
        organisation names: "UBND huyện Ba Vì", "CTCP Phát triển Nhà Thủ Đức")."""
        found = self.regex.match(text, position)
        if not found or found["name"] is None:
            return None
        return found if self._verdict(text, found) in ("province", "passing") else None

    def names_place(self, name: str) -> bool:
        """Whether `name` is a place: a province, a place, a region or a
        country, read as such alone or as a venue ("tại Việt Nam")."""
        return any(self.regex.fullmatch(form) for form in (name, f"tại {name}"))

    def names_abroad(self, name: str) -> bool:
        """Whether a name holds a place abroad ("Tổng cục Thuế Trung Quốc")."""
        return any(found["foreign"] for found in self.regex.finditer(name))

    def has_province_prefix(self, text: str, position: int) -> bool:
        """Whether the name at `position` is written with a province word before
        it ("tỉnh Tuyên Quang"), which says a body is that province's."""
        found = self.regex.match(text, position)
        return bool(found and found["prefix"] in self.province_prefixes)

    def mentions(self, text: str) -> list[Mention]:
        """Every province, place or national scope the text names, in order."""
        found: list[Mention] = []
        people: set[str] = set()
        for match in self.regex.finditer(text):
            verdict = self._verdict(text, match)
            if verdict == "person":
                people.add(match["name"])
            elif verdict in ("province", "passing", "sentence", "address", "topic", "destination"):
                before = (text, max(0, match.start() - LOOK_BACK), match.start())
                found.append(Mention(match.start(), match.end(), self._scope(match),
                                     passing=verdict == "passing",
                                     scope=bool(self.scope_before.search(*before)
                                                or self.unit_before.search(*before)
                                                or self.scope_after.match(text, match.end())),
                                     sentence_only=verdict in ("sentence", "topic", "destination"),
                                     yields=verdict in ("address", "topic"), topic=verdict == "topic",
                                     destination=verdict == "destination"))
        found = [mention for index, mention in enumerate(found)
                 if not self._ends_route(text, mention, found[index - 1] if index else None)]
        found = self._with_tickers(text, found)
        found.sort(key=lambda mention: mention.start)
        if not people:
            return found
        # once a name has been a person's ("Đỗ Bình Dương"), it is that person's
        # wherever it stands without a prefix ("Bình Dương phải bỏ ra…")
        return [mention for mention in found
                if text[mention.start:mention.end] not in people]

    def _with_tickers(self, text: str, found: list[Mention]) -> list[Mention]:
        """`found` with the stock tickers the text names, as the company's, in
        place of the exchange of a listing ("(HoSE: TDH)"). A ticker is a
        three-capital word the gazetteer does not read ("HSX đạt" is the exchange)."""
        named = {mention.start for mention in found}
        tickers = [ticker for ticker in self.tickers.finditer(text)
                   if (ticker["after"] or ticker["before"]) not in not_tickers()
                   and not (ticker["before"] and ticker.start() in named)]
        listed = [(ticker.start(), ticker.end()) for ticker in tickers]
        # once a ticker, a word is the company's wherever the article writes it ("Riêng STB
        # có khớp lệnh 45 triệu đơn vị")
        codes = {ticker["after"] or ticker["before"] for ticker in tickers}
        if codes:
            starts = {start for start, _ in listed}
            listed += [(code.start(), code.end()) for code in
                       re.finditer(rf"(?<![\w.-])(?:{alternation(codes)})(?![\w-])", text)
                       if code.start() not in starts and not any(start <= code.start() < end
                                                                  for start, end in listed)]
        return [mention for mention in found
                if not any(start <= mention.start < end for start, end in listed)] + [
            Mention(start, end, COMPANY, sentence_only=True) for start, end in listed]

    @staticmethod
    def _ends_route(text: str, mention: Mention, previous: Mention | None) -> bool:
        route = _ROUTE.search(text, max(0, mention.start - LOOK_BACK), mention.start)
        if route is None or not route[0][0].isupper():
            return False
        return previous is None or previous.end < route.start() or previous.end > route.end()

    def _scope(self, match: re.Match[str]) -> Province:
        if match["national"]:
            return NATIONAL
        if match["foreign"]:
            return ABROAD
        if match["region"]:
            return REGION
        for level in DISTRICT_LEVELS:
            if match[level]:
                return self.districts[level][match[level]]
        name = match["name"]
        return self.forms[name][0] if name in self.forms else self.places[name]

    def _located_city(self, text: str, found: re.Match[str]) -> bool:
        """Whether a city's other name, read only after "TP" ("Sài Gòn"), is
        where something is: right after "ở" or "tại" and ending the name
        ("trại cá sấu ở Sài Gòn"), not a longer name ("tại Sài Gòn Tourist")."""
        if found["prefix"] or _CAPITALISED_AFTER.match(text, found.end()):
            return False
        return bool(self.abroad_before.search(text, max(0, found.start() - LOOK_BACK), found.start()))

    def _verdict(self, text: str, found: re.Match[str]) -> str:
        """What a match is: "province", "passing", "sentence", "address" (a mention
        that yields), "topic" (see Mention),
        "person" (part of a person's name) or "other" (a street, a commune, a
        foreign place, a longer name)."""
        whole = (text, max(0, found.start() - LOOK_BACK), found.start())
        if self.compare_before.search(*whole) and not found["foreign"]:
            return "other"  # "cao nhất cả nước", "kém hơn cả Hải Dương"
        if found["national"] or found["region"]:
            if found["region"] and self.veto_before.search(*whole):
                return "other"  # "phía Đông Bắc núi …"
            return self.national_flags.get(found["national"], "province")
        if found["foreign"]:
            if self.currency_before.search(*whole) or (
                    self.source_of_inflow and self.source_of_inflow.match(text, found.end())):
                return "other"
            # a place abroad, not a nationality ("thương lái Trung Quốc", "vốn đầu tư nước ngoài")
            if self.passing_before.search(*whole):
                return "passing"
            located = self.abroad_before.search(*whole) or _SENTENCE_START.search(*whole) \
                or self.abroad_subject.match(text, found.end())
            return "province" if located and not found["prefix"] else "other"
        if not found["name"]:  # a district or a town after its unit word ("huyện Quỳnh Lưu")
            return self._place_verdict(text, found, found.start())
        name = found["name"]
        is_province = name in self.forms
        if is_province and self.forms[name][1] and found["prefix"] not in self.city_prefixes \
                and not self._located_city(text, found):
            return "other"
        start = found.start("name")
        before = (text, max(0, start - LOOK_BACK), start)
        if not found["prefix"]:
            if self.allowed_before.search(*before):
                pass
            elif self.person_before.search(*before):
                return "person"
            elif self.veto_before.search(*before) or (is_province and self.veto_unit.search(*before)):
                return "other"
        if self._person_attribute(text, found):
            return "other"
        if is_province and (homonym := self.homonyms.get(self.forms[name][0].name)):
            window = (text, max(0, start - HOMONYM_REACH), found.end() + HOMONYM_REACH)
            if homonym.search(*window):
                return "other"
        return self._place_verdict(text, found, start)

    def _place_verdict(self, text: str, found: re.Match[str], start: int) -> str:
        """What a place named at `start` is, by the words around it: "other"
        (a street, a foreign place of that name), "passing", "address" or "province"."""
        if self.veto_after.match(text, found.end()) or self.foreign_after.match(text, found.end()):
            return "other"
        whole = (text, max(0, found.start() - LOOK_BACK), found.start())
        if self.passing_before.search(*whole):
            return "passing"
        if self.address_before.search(text, max(0, start - ADDRESS_REACH - LOOK_BACK), start):
            return "address"
        return "province"

    def _person_attribute(self, text: str, found: re.Match[str]) -> bool:
        """Whether the name stands in brackets right after a person's name, as
        the place a person comes from ("đại biểu Lê Công Nhường (Bình Định)",
        "chị L.A (Hà Nội)"): what that sentence reports is not that province's."""
        start, end = found.start(), found.end()
        if not (start > 0 and text[start - 1] == "(" and text[end:end + 1] == ")"):
            return False
        words = text[max(0, start - 1 - LOOK_BACK):start - 1].split()[-PERSON_WORDS:]
        for index, word in enumerate(words):
            named = words[index:] if word in family_names() else words[index + 1:]
            if (word in family_names() or word in self.person_words) and len(words) - index >= 2:
                return all(other[:1].isupper() for other in named)
        return False


def _vetoes() -> dict[str, set[str]]:
    """The words of `context_province_vetoes.tsv` by side, spelled as text is."""
    vetoes: dict[str, set[str]] = {
        side: set()
        for side in ("before", "person", "unit", "after", "allowed-before", "passing", "address",
                     "scope", "scope-after", "compare", "venue", "abroad", "abroad-after")
    }
    rows = read_table("context_province_vetoes.tsv", Column("side", tuple(vetoes)), "phrase")
    for _, (side, phrase) in rows:
        # a venue word opening a sentence sets the scene ("Tại Hà Nội, …"): as written only
        phrases = [normalized(phrase)]
        vetoes[side].update(phrases if side == "venue" else as_written_or_capitalised(phrases))
    return vetoes


def distinct(mentions: Iterable[Mention]) -> list[Province]:
    """The provinces named, each once, in order."""
    return list(dict.fromkeys(mention.province for mention in mentions))


@rule_loader
def outlets() -> dict[str, Province]:
    """Provincial newspapers by domain or signature (`context_outlets.tsv`)."""
    rows = read_table("context_outlets.tsv", "outlet", gazetteer_province())
    return {outlet: provinces()[name] for _, (outlet, name) in rows}


def outlet_province(url: str | None, signatures: Iterable[str] = ()) -> Province | None:
    """The province of the outlet that published an article: from the domain
    of its URL (a subdomain counts), else from the signature of its lead."""
    table = outlets()
    host = (urlsplit(url).hostname or "") if url else ""
    for outlet, province in table.items():
        if host == outlet or host.endswith("." + outlet):
            return province
    for signature in signatures:
        if (province := table.get(signature.strip())) is not None:
            return province
    return None
