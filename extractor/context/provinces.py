"""Where a figure is: the provinces an article names, from underthesea's gazetteer.

Only provinces are read, never districts or communes (too many share a
name), and only capitalised, whole-word names; a name right after a word
such as `xã` or a family name, or right before one such as `Dương` (Thái
Bình Dương), is some other place or a person.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractor.clean import normalize_tones
from extractor.patterns import PatternError, patterns_dir, read_tsv
from extractor.phrases import alternation, as_written_or_capitalised, first_letters, word_before

LOOK_BACK = 40  # characters before a name searched for a word that changes its meaning
PROVINCE_LIST = 3  # a sentence naming this many provinces speaks of all of them


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


def _normalized(name: str) -> str:
    """A name as the clean stage writes it (NFC, new-style tone marks)."""
    return normalize_tones(unicodedata.normalize("NFC", name))


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
            _normalized(info["short"]): Province(
                _normalized(info["short"]), _normalized(new_names[data["province_mapping"][key]])
            )
            for key, info in data["old_province_names"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PatternError(f"{path}: not a readable province gazetteer ({error!r})") from error


def spellings(name: str) -> set[str]:
    """`name` and the ways it is commonly typed: the dash of a double name as
    "-", "–" or a space, and upper case (titles). Tone placement needs no
    variants: the clean stage writes every text, and every name, one way."""
    name = _normalized(name)
    forms = {name}
    if " - " in name:
        forms |= {name.replace(" - ", dash) for dash in ("-", " – ", "–", " ")}
    return forms | {form.upper() for form in forms}


@cache
def family_names() -> frozenset[str]:
    """Family names (and the middle names Văn, Thị), exactly as written."""
    return frozenset(row[0] for _, row in read_tsv("context_family_names.tsv", 1))


@dataclass(frozen=True)
class Mention:
    """A province named in the text, at [start, end)."""

    start: int
    end: int
    province: Province


class ProvinceFinder:
    """Finds the provinces a text names, from the gazetteer's names and the
    aliases of `context_province_aliases.tsv`."""

    def __init__(self) -> None:
        gazetteer = provinces()
        forms: dict[str, tuple[Province, bool]] = {}
        for name, province in gazetteer.items():
            for form in spellings(name):
                forms[form] = (province, False)
        aliases = patterns_dir() / "context_province_aliases.tsv"
        for number, (alias, name, flag) in read_tsv(aliases.name, 3, min_columns=2):
            if name not in gazetteer:
                raise PatternError(f"{aliases}, line {number}: '{name}' is not a gazetteer province")
            if flag not in ("", "city-prefix"):
                raise PatternError(f"{aliases}, line {number}: unknown flag '{flag}'")
            for form in spellings(alias):
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
            rf"(?={first_letters([*prefix_words, *forms])})(?<![\w.])"
            rf"(?:(?P<prefix>{alternation(prefix_words)})[ \t]*)?"
            rf"(?P<name>{alternation(forms)})(?!\w)"
        )

        vetoes_file = patterns_dir() / "context_province_vetoes.tsv"
        vetoes: dict[str, set[str]] = {"before": set(), "after": set(), "allowed-before": set()}
        for number, (side, phrase) in read_tsv(vetoes_file.name, 2):
            if side not in vetoes:
                raise PatternError(
                    f"{vetoes_file}, line {number}: the first column must be one of "
                    f"{', '.join(vetoes)}, not '{side}'"
                )
            vetoes[side].update(as_written_or_capitalised([_normalized(phrase)]))
        self.veto_before = word_before(vetoes["before"] | family_names())
        self.allowed_before = word_before(vetoes["allowed-before"])
        self.veto_after = re.compile(rf"[ \t]+(?:{alternation(vetoes['after'])})(?!\w)")

    def match_at(self, text: str, position: int) -> re.Match[str] | None:
        """The province named at `position`, if one is (used inside organisation names)."""
        found = self.regex.match(text, position)
        return found if found and self._accepted(text, found) else None

    def mentions(self, text: str) -> list[Mention]:
        return [
            Mention(found.start(), found.end(), self.forms[found["name"]][0])
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


def one_province(mentions: Sequence[Mention], nearest: int) -> Province | None:
    """The province named at index `nearest` (0: first, -1: last) of the
    mentions, unless they list several provinces."""
    named = dict.fromkeys(mention.province for mention in mentions)
    return None if len(named) >= PROVINCE_LIST else mentions[nearest].province


def main_province(title: Sequence[Mention], everywhere: Iterable[Mention]) -> Province | None:
    """The article's province: the one its title names, else the one it names
    most (at least twice, or as the only one)."""
    if title:
        return title[0].province
    counts: dict[Province, int] = {}
    for mention in everywhere:
        counts[mention.province] = counts.get(mention.province, 0) + 1
    if not counts:
        return None
    province, count = max(counts.items(), key=lambda item: item[1])  # ties: the first named
    return province if count >= 2 or len(counts) == 1 else None
