"""A search led by the characters a pattern can start with finds what the
pattern's own `finditer` finds: on generated patterns and texts, and on the
time forms of the rule files (Hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.context.article import finders
from extractor.starts import StartedSearch, first_characters

ATOMS = ["a", "b", "ă", "1", "-", r"\.", "[ab]", "[a-c1]", r"\d", r"\w", r"\s", r"\W", "[^a]", ".",
         r"(?<!\w)", r"(?<![\w.])", r"(?=a)", r"(?!b)", r"\b", "^", "$", "(?i:a)"]
PATTERNS = st.recursive(
    st.sampled_from(ATOMS),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda pair: f"(?:{pair[0]}|{pair[1]})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{0,2}", "{1,2}", "+?"])).map(
            lambda repeat: f"(?:{repeat[0]}){repeat[1]}"),
        inner.map(lambda body: f"({body})"),
    ),
    max_leaves=8,
)
TEXTS = st.text(alphabet="aAbăĂ1 -.\n", max_size=40)


def found(matches):
    return [(match.span(), match.lastgroup, match.groups()) for match in matches]


@given(st.lists(PATTERNS, min_size=1, max_size=4), TEXTS, st.integers(0, 10), st.integers(0, 45))
def test_the_search_finds_what_finditer_finds(branches, text, pos, endpos):
    search = StartedSearch([f"(?P<b{index}>{branch})" for index, branch in enumerate(branches)])
    assert found(search.finditer(text, pos, endpos)) == found(search.pattern.finditer(text, pos, endpos))


def test_the_first_characters_skip_lookbehinds_and_optional_words_but_not_an_empty_match():
    assert first_characters(re.compile(r"(?<!\w)(?:[Nn]gày\s+)?\d{1,2}/")) == r"[N\dn]"
    assert first_characters(re.compile(r"(?<!\w)(?:năm|quý)")) == "[nq]"
    assert first_characters(re.compile(r"(?:năm)?")) is None  # an empty match may start anywhere
    assert first_characters(re.compile(r"năm", re.IGNORECASE)) is None
    assert first_characters(re.compile(r"[^,]+")) is None


TIME_TEXT = st.lists(st.sampled_from(
    ["năm", "Năm", "2017", "2016", "quý", "I", "IV", "tháng", "6", "15/11/2019", "từ", "Từ", "đến",
     "nay", "đầu", "cuối", "giai đoạn", "-", ",", "/", ".", "Tết", "Đinh Dậu", "thập niên", "90", "và",
     "so với", "6 tháng đầu năm", "doanh thu", "\n"]), max_size=25).map(" ".join)


@settings(max_examples=200)
@given(TIME_TEXT)
def test_the_time_forms_are_found_where_finditer_finds_them(text):
    times = finders().times
    assert times.search.starts is not None  # the time forms have first characters
    assert found(times.search.finditer(text)) == found(times.regex.finditer(text))
