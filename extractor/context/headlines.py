"""The title of an article: the record's, else its first line when it reads as a headline.

A title is how a person finds the article again, so it must never be page
chrome: a breadcrumb ("Trang chủ » Kinh tế » Công thương"), a photo caption,
the first sentence of the body, or a missing value written out ("None").
What is no headline is kept as rules in `patterns/context_not_headlines.jsonl`.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.context.times import check_regex_rule
from extractor.patterns import not_allowed, read_jsonl, rule_loader

HEADLINE_MAX_WORDS = 30  # a longer first line is the lead, not the headline
HEADLINE_MIN_WORDS = 4  # "Kinh tế", "Bất động sản": a section label, not a headline
BREADCRUMB_LINES = 3  # lines of site navigation passed over above a headline


def _check_rule(entry: dict[str, Any]) -> str | None:
    applies = not_allowed("'applies'", entry.get("applies"), ("any", "line", "caption"))
    return applies or check_regex_rule(entry)


@rule_loader
def not_headline_rules() -> dict[str, tuple[re.Pattern[str], ...]]:
    """The rules of `context_not_headlines.jsonl`: those that judge any title
    ("any"), those that also judge a text's first line ("line", captions
    included) and those that find a photo caption ("caption")."""
    rules = read_jsonl("context_not_headlines.jsonl", _check_rule)
    titles = tuple(re.compile(rule["regex"]) for rule in rules if rule["applies"] == "any")
    captions = tuple(re.compile(rule["regex"]) for rule in rules if rule["applies"] == "caption")
    lines = tuple(re.compile(rule["regex"]) for rule in rules if rule["applies"] == "line")
    return {"any": titles, "line": titles + captions + lines, "caption": captions}


def is_caption(line: str) -> bool:
    """Whether a line is a photo caption ("… (Ảnh: HAGL)."): neither headline nor lead."""
    return any(rule.search(line.strip()) for rule in not_headline_rules()["caption"])


def reads_as_headline(line: str) -> bool:
    """Whether a line can be an article's headline."""
    line = line.strip()
    words = line.split()
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    if not any(char.isalpha() for char in line):
        return False
    return not any(rule.search(line) for rule in not_headline_rules()["line"])


def headline(text: str) -> str | None:
    """The text's first line when it reads as a headline, else None; a
    breadcrumb above it is passed over."""
    for line in text.strip().split("\n", BREADCRUMB_LINES + 1)[: BREADCRUMB_LINES + 1]:
        line = line.strip()
        if not line or any(rule.search(line) for rule in not_headline_rules()["any"]):
            continue
        return line if reads_as_headline(line) else None
    return None


def opening(text: str) -> str:
    """The text from where a person starts reading it: the breadcrumbs,
    photo captions and missing values it opens with (what is neither a title
    nor a lead) passed over, a few lines at most; a text of nothing else is
    kept whole."""
    furniture = not_headline_rules()["any"] + not_headline_rules()["caption"]
    lines = text.strip().split("\n", BREADCRUMB_LINES + 1)
    for at, line in enumerate(lines[: BREADCRUMB_LINES + 1]):
        if line.strip() and not any(rule.search(line.strip()) for rule in furniture):
            return "\n".join(lines[at:]).strip()
    return text.strip()


def article_title(title: str | None, text: str) -> str | None:
    """The title of an article: the record's when it is one, else the headline
    its text opens with, else None (never a breadcrumb, never "None")."""
    if title is not None:
        title = " ".join(title.split())
        if title and not any(rule.search(title) for rule in not_headline_rules()["any"]):
            return title
    return headline(text)
