"""Normalise text and remove the page chrome scraped with an article.

Normalising first means that a lexicon entry written once ("hòa", "thủy")
matches however the article spelled it, and that odd spaces or invisible
characters never split a number. Chrome (lists of other headlines, visitor
counters, polls, footers) is removed because a figure in it is not a fact of
the article. Both steps work line by line and keep line structure, because
paragraphs are lines and the sentence splitter relies on that; digits and
punctuation are never touched, so number formats survive exactly.

The chrome rules are data (`patterns/boilerplate.jsonl`, documented there);
the tone-mark table is data too (`patterns/normalize_tone_rimes.tsv`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from extractor.patterns import not_allowed, read_jsonl, read_tsv, rule_error, rule_loader
from extractor.phrases import alternation

BOILERPLATE_FILE = "boilerplate.jsonl"
TONE_RIMES_FILE = "normalize_tone_rimes.tsv"

RULE_KINDS = ("cut_rest", "strip_phrase", "cut_section", "drop_line")
RULE_FIELDS = frozenset({"name", "kind", "match", "note"})

# The five tone marks, as combining characters: what may move within a rime.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Consonant letters that may begin a Vietnamese syllable (its onset).
ONSET_LETTERS = "bcdđghklmnpqrstvx"

# Line breaks other than "\n" (CR, NEL, line and paragraph separators); every
# other kind of space (NBSP, thin, ideographic, tab …) becomes a plain space;
# format characters (zero-width spaces and joiners, BOM, soft hyphen) go.
LINE_BREAKS = regex.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
ODD_SPACES = regex.compile(r"[^\S\n ]")
INVISIBLE = regex.compile(r"\p{Cf}+")
# Half of a surrogate pair is no character (a JSON escape cut in two): it
# becomes U+FFFD, the replacement character, as a decoder would make it.
LONE_SURROGATE = regex.compile(r"\p{Cs}")
SPACE_RUNS = regex.compile(r" {2,}")
# Two spaces before a capital, not after a comma: a scraped page joined two
# paragraphs or dropped a caption there (`bị phạt 724 triệu  Dự án Chung cư`).
JOINED_PARAGRAPHS = regex.compile(r"(?<=[^\s,;:]) {2,}(?=\p{Lu})")

# A line that ends a chrome block: it reads like article prose again.
# A question does not end a chrome block: polls ask one.
SENTENCE_END = regex.compile(r"[.!…][\"'”’»)\]]*$")
PROSE_MIN_WORDS = 6
PROSE_LONG_WORDS = 40


@dataclass(frozen=True)
class ChromeRule:
    """One rule of `patterns/boilerplate.jsonl`."""

    name: str
    kind: str
    pattern: regex.Pattern[str]


@dataclass(frozen=True)
class ToneTable:
    """Old-style → new-style rimes, the pattern that finds them where they end
    a syllable, and the rimes alone before a non-letter (`candidates`)."""

    rimes: dict[str, str]
    pattern: regex.Pattern[str]
    candidates: regex.Pattern[str]


def _spelling_key(rime: str) -> str:
    """A rime without tone marks and with y read as i: what a table row keeps."""
    decomposed = unicodedata.normalize("NFD", rime)
    return "".join(ch for ch in decomposed if ch not in TONE_MARKS).replace("y", "i")


@rule_loader
def tone_table() -> ToneTable:
    """The rime table, checked: a row may only move a tone mark or write i as y."""
    rimes: dict[str, str] = {}
    for number, (old, new) in read_tsv(TONE_RIMES_FILE, 2):
        old, new = unicodedata.normalize("NFC", old), unicodedata.normalize("NFC", new)
        if old != old.lower() or new != new.lower():
            raise rule_error(TONE_RIMES_FILE, number, f"write rimes in lower case ('{old}', '{new}')")
        if len(old) != len(new) or _spelling_key(old) != _spelling_key(new) or old == new:
            raise rule_error(TONE_RIMES_FILE, number,
                             f"'{old}' → '{new}' may only move the tone mark or write i as y")
        if old in rimes:  # compared composed, as the text is
            raise rule_error(TONE_RIMES_FILE, number, f"'{old}' is listed twice")
        if ending := next((rime for rime in rimes if rime.endswith(old) or old.endswith(rime)), None):
            # what lets `normalize_tones` find the rimes alone first
            raise rule_error(TONE_RIMES_FILE, number, f"'{old}' and '{ending}': one rime may not end another")
        rimes[old] = new
    alternatives = alternation(rimes)
    # The rime ends a whole syllable: before it only an onset of up to three
    # consonants, never ending in q (in "qu" the u belongs to the onset), and
    # no letter after it. Matching the rime first, with the onset in a
    # lookbehind, is what makes this fast.
    pattern = regex.compile(
        rf"(?<=(?<!\p{{L}})[{ONSET_LETTERS}]{{0,3}})(?<!q)(?:{alternatives})(?!\p{{L}})",
        regex.IGNORECASE | regex.VERSION1,
    )
    candidates = regex.compile(rf"(?:{alternatives})(?!\p{{L}})", regex.IGNORECASE | regex.VERSION1)
    return ToneTable(rimes, pattern, candidates)


def _new_style_rime(match: regex.Match[str]) -> str:
    old = match.group(0)
    new = tone_table().rimes[old.lower()]
    return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new, strict=True))


def normalize_tones(text: str) -> str:
    """Put tone marks where the new style does: hoà → hòa, thuỷ → thủy, quí → quý.

    The rimes alone are found first (a scan the lookbehinds of the whole
    pattern make three times slower), each then checked by the pattern where
    it starts. The same rimes change: no rime ends another (`tone_table`
    checks), so none that the pattern takes can start inside a rime it turns
    down."""
    table = tone_table()

    def new_style(candidate: regex.Match[str]) -> str:
        rime = table.pattern.match(text, candidate.start())
        return _new_style_rime(rime) if rime else candidate[0]

    return table.candidates.sub(new_style, text)


def _normalize_characters(text: str) -> str:
    """NFC, tone placement, "\\n" line breaks, plain spaces, no invisible
    characters, no lone surrogates.

    Runs of spaces are kept: the chrome rules use a double space as a trace of
    a paragraph break in flattened text.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = LONE_SURROGATE.sub("\ufffd", text)
    text = LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = ODD_SPACES.sub(" ", text)
    return normalize_tones(text)


def _tidy_lines(lines: Iterable[str]) -> str:
    """Collapse spaces, trim lines, keep at most one blank line between paragraphs."""
    kept: list[str] = []
    for line in lines:
        line = SPACE_RUNS.sub(" ", JOINED_PARAGRAPHS.sub("\n", line)).strip()
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def normalize_text(text: str) -> str:
    """The text as `clean_text` normalises it, without removing anything.

    Use it on a string that is to be compared with cleaned text.
    """
    return _tidy_lines(_normalize_characters(text).split("\n"))


def _check_rule(entry: dict[str, Any]) -> str | None:
    unknown = set(entry) - RULE_FIELDS
    if unknown:
        allowed = ", ".join(sorted(RULE_FIELDS))
        return f"unknown field(s) {', '.join(sorted(unknown))} (allowed: {allowed})"
    for field in ("name", "kind", "match"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            return f"'{field}' must be a non-empty string"
    if problem := not_allowed("'kind'", entry["kind"], RULE_KINDS):
        return problem
    try:
        regex.compile(entry["match"])
    except regex.error as error:
        return f"rule '{entry['name']}': 'match' is not a valid regex ({error})"
    return None


@rule_loader
def boilerplate_rules() -> tuple[ChromeRule, ...]:
    """The chrome rules, validated once, in the order they are applied."""
    entries = read_jsonl(BOILERPLATE_FILE, _check_rule)
    names = [entry["name"] for entry in entries]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise rule_error(BOILERPLATE_FILE, None, f"rule name(s) used twice: {', '.join(twice)}")
    rules = [
        ChromeRule(entry["name"], entry["kind"], regex.compile(normalize_tones(entry["match"])))
        for entry in entries
    ]
    return tuple(sorted(rules, key=lambda rule: RULE_KINDS.index(rule.kind)))


def looks_like_prose(line: str) -> bool:
    """Whether a line reads like article text (and so ends a chrome block)."""
    words = len(line.split())
    return words >= PROSE_LONG_WORDS or (
        words >= PROSE_MIN_WORDS and SENTENCE_END.search(line) is not None
    )


def remove_chrome(lines: Iterable[str]) -> list[str]:
    """The lines that are not page chrome, trimmed; blank lines are kept.

    A chrome block (started by a `cut_section` line or a `cut_rest` match)
    runs up to the next prose line.
    """
    rules = boilerplate_rules()
    kept: list[str] = []
    in_block = False
    for raw in lines:
        line, dropped, starts_block = raw, False, False
        for rule in rules:
            if rule.kind == "cut_rest":
                found = rule.pattern.search(line)
                if found:
                    line, starts_block = line[: found.start()], True
            elif rule.kind == "strip_phrase":
                line = rule.pattern.sub(" ", line)
            elif rule.pattern.search(line.strip()):
                dropped = True
                starts_block = starts_block or rule.kind == "cut_section"
                break
        line = line.strip()
        if not dropped and in_block and line and not looks_like_prose(line):
            dropped = True
        if line and not dropped:
            in_block = False
        in_block = in_block or starts_block
        if not dropped and (line or not raw.strip()):
            kept.append(line)
    return kept


def clean_text(text: str) -> str:
    """Normalised text without page chrome; paragraphs stay one a line."""
    return _tidy_lines(remove_chrome(_normalize_characters(text).split("\n")))
