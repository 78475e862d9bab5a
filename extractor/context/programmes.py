"""Which public programme a figure belongs to (khuyến công, OCOP, nông thôn mới…).

The programmes and their written forms are `patterns/context_programmes.tsv`:
a user adds a programme there. Forms are whole words, matched regardless of
case (abbreviations marked as-written only as written) and of tone-mark
placement, so "Khuyến công", "KHUYẾN CÔNG" and "khuyến công quốc gia" are all
khuyến công, while "khuyến học" or "khuyến khích … công nghiệp" are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.clean import normalize_tones
from extractor.patterns import Column, read_table, rule_error
from extractor.phrases import alternation

PROGRAMMES_FILE = "context_programmes.tsv"
ARTICLE_MENTIONS = 2  # an article that names one programme this often is about it


@dataclass(frozen=True)
class ProgrammeMention:
    """A programme named in the text at [start, end)."""

    start: int
    end: int
    programme: str


class ProgrammeFinder:
    """Finds the programmes a text names."""

    def __init__(self) -> None:
        any_case: dict[str, str] = {}
        as_written: dict[str, str] = {}
        rows = read_table(PROGRAMMES_FILE, "programme", "form", Column("flag", ["as-written"], optional=True))
        for number, (programme, form, flag) in rows:
            form = " ".join(normalize_tones(form).split())
            table, key = (as_written, form) if flag else (any_case, form.lower())
            if table.get(key, programme) != programme:
                raise rule_error(PROGRAMMES_FILE, number, f"'{form}' is already a form of '{table[key]}'")
            table[key] = programme
        self.any_case, self.as_written = any_case, as_written
        self.regex = re.compile(
            rf"(?<!\w)(?:(?P<any>(?i:{alternation(any_case)}))|(?P<written>{alternation(as_written)}))(?!\w)"
        )

    def mentions(self, text: str) -> list[ProgrammeMention]:
        return [
            ProgrammeMention(found.start(), found.end(), self._programme(found))
            for found in self.regex.finditer(text)
        ]

    def _programme(self, found: re.Match[str]) -> str:
        if found["written"] is not None:
            return self.as_written[found["written"]]
        return self.any_case[found["any"].lower()]


def article_programme(title: Iterable[ProgrammeMention], lead: Iterable[ProgrammeMention],
                      everywhere: Iterable[ProgrammeMention]) -> str | None:
    """The programme an article is about: the one its headline names, else
    the one its lead names alone and the article names again (at least
    ARTICLE_MENTIONS times). A programme named in passing further on ("góp
    phần xây dựng nông thôn mới") is not what the article is about."""
    named = list(dict.fromkeys(mention.programme for mention in title))
    if len(named) == 1:
        return named[0]
    in_lead = list(dict.fromkeys(mention.programme for mention in lead))
    if len(in_lead) != 1:
        return None
    times = sum(mention.programme == in_lead[0] for mention in everywhere)
    return in_lead[0] if times >= ARTICLE_MENTIONS else None
