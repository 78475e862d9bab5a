"""Properties that hold for any input, tried on generated ones (Hypothesis):
the number grammar, the matcher's bound on its work, `extract`, and the
checks that stand between a scraped record and the pipeline.

The example counts come from the settings profile (tests/conftest.py);
properties whose examples cost more run a share of it. The cost bound is
asserted as work counted (spans offered per word), never as time.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import tempfile
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from extractor.clean import clean_text
from extractor.enrich import read_figure
from extractor.errors import ErrorRecord
from extractor.match import KINDS, QUALIFIERS, Word, choose_matches, longest_first, offered_spans, tag_words
from extractor.numbers import (
    MAX_AMOUNT_WORDS,
    MAX_FIGURE,
    may_adjoin,
    number_words,
    parse_amount,
    parse_digits,
    scale_range,
)
from extractor.pipeline import extract
from extractor.query import QueryError, fts_query
from extractor.read import LONE_SURROGATE, read_articles
from extractor.segment import MAX_SENTENCE_LENGTH, Span, split_sentences
from extractor.tables import CONTROL_CHARACTER, printable


def share(fraction: float) -> settings:
    """The profile's example count times `fraction`, for costly examples."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


def finite(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and abs(value) <= MAX_FIGURE)


# The number grammar

def vietnamese(number: int, decimals: str) -> str:
    """`number` as Vietnamese writes it: `.` between thousands, `,` before decimals."""
    return f"{number:,}".replace(",", ".") + (f",{decimals}" if decimals else "")


@given(st.integers(0, 10**20), st.from_regex(r"\d{0,6}", fullmatch=True))
def test_vietnamese_digits_read_back_as_written(number, decimals):
    written = vietnamese(number, decimals)
    assert parse_digits(written) == float(f"{number}.{decimals or 0}")


DIGITS = "0123456789"
DIGIT_RUNS = st.builds(
    lambda head, groups: head + "".join(mark + digits for mark, digits in groups),
    st.text(DIGITS, min_size=1, max_size=400),
    st.lists(st.tuples(st.sampled_from(".,"), st.text(DIGITS, min_size=1, max_size=6)), max_size=6),
)
"""Numbers of any length in digits (float() reads 309 digits and more as
inf), with `.` and `,` groups of any size."""
SHORT_DIGIT_RUNS = st.builds(
    lambda head, groups: head + "".join(mark + digits for mark, digits in groups),
    st.text(DIGITS, min_size=1, max_size=25),
    st.lists(st.tuples(st.sampled_from(".,"), st.text(DIGITS, min_size=1, max_size=4)), max_size=3),
)


@given(DIGIT_RUNS)
def test_any_digits_read_as_a_bounded_number_or_none(written):
    value = parse_digits(written)
    assert value is None or 0 <= value <= MAX_FIGURE
    assert finite(parse_amount([written, "nghìn", "tỷ"]))


AMOUNT_WORDS = st.lists(st.one_of(st.sampled_from(sorted(number_words())), SHORT_DIGIT_RUNS,
                                  st.sampled_from(["5", "1.000", "2,5", "12.535"])),
                        max_size=MAX_AMOUNT_WORDS + 2)


@given(AMOUNT_WORDS)
def test_an_amount_is_bounded_and_has_only_words_that_may_adjoin(words):
    value = parse_amount(words)
    assert value is None or 0 <= value <= MAX_FIGURE
    if value is not None:
        assert len(words) <= MAX_AMOUNT_WORDS
        assert all(may_adjoin(a, b) for a, b in itertools.pairwise(words)), words


@given(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999), st.integers(0, 999))
def test_compound_amounts_add_up(billions, millions, thousands, units):
    written = [str(billions), "tỷ", str(millions), "triệu", str(thousands), "nghìn", str(units)]
    assume(billions)
    assert parse_amount(written) == billions * 10**9 + millions * 10**6 + thousands * 1000 + units


UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def spelled_below_1000(number: int, full: bool) -> list[str]:
    """0-999 in words; `full` says the hundreds even when none (`không trăm
    mười một` in `hai mươi mốt nghìn không trăm mười một`)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = [UNITS[hundreds], "trăm"] if hundreds or full else []
    if tens == 0:
        if units and words:
            words += ["linh", UNITS[units]]
        elif units or not words:
            words.append(UNITS[units])
    elif tens == 1:
        words += ["mười", *(["lăm" if units == 5 else UNITS[units]] if units else [])]
    else:
        words += [UNITS[tens], "mươi", *([{1: "mốt", 4: "tư", 5: "lăm"}.get(units, UNITS[units])]
                                        if units else [])]
    return words


def spelled(number: int) -> list[str]:
    """A number below a thousand billion written out in words, as a cheque does."""
    words: list[str] = []
    for value, magnitude in ((10**9, ["tỷ"]), (10**6, ["triệu"]), (1000, ["nghìn"]), (1, [])):
        group = number // value % 1000 if value < 10**9 else number // value
        if group:
            words += spelled_below_1000(group, full=bool(words)) + magnitude
    return words or ["không"]


@given(st.one_of(st.integers(0, 999), st.integers(0, 10**6), st.integers(0, 10**12 - 1)))
def test_a_number_spelled_out_in_words_reads_as_itself(number):
    words = spelled(number)
    assert len(words) <= MAX_AMOUNT_WORDS
    assert parse_amount(words) == number
    assert all(may_adjoin(a, b) for a, b in itertools.pairwise(words)), words


@share(0.4)
@given(AMOUNT_WORDS.map(lambda words: words[:8]), AMOUNT_WORDS.map(lambda words: words[:8]))
def test_a_range_is_finite(low, high):
    values = scale_range(low, high)
    assert values is None or (finite(values[0]) and finite(values[1]))


# The matcher: the cuts that bound its work change no choice

TOKENS = ["1", "5", "12", "2,5", "12.535", "2020", "0,5", "một", "hai", "mươi", "trăm", "linh",
          "nghìn", "triệu", "tỷ", "rưỡi", "đồng", "USD", "%", "ha", "tấn", "người", "dự án", "-",
          "đến", "từ", "giữa", "và", ",", ".", "/", "tháng", "năm", "hơn", "khoảng", "vốn", "Hà", "(",
          ")", "lượt", "khách", "2/9"]
RUNS = st.lists(st.one_of(st.sampled_from(TOKENS).map(lambda token: [token]),
                          st.tuples(st.sampled_from(["1", "5", "hai", "triệu", "1 triệu", "mươi"]),
                                    st.integers(1, 2 * MAX_AMOUNT_WORDS + 4))
                          .map(lambda run: [run[0]] * run[1])), max_size=6)
"""Words with runs of amount words longer than an amount can be, which the
matcher cuts (but not so long that matching them whole, the reference, is
slow)."""


def words_of(tokens: list[str]) -> list[Word]:
    """Tagged words of the tokens joined by spaces, split plainly (no word
    segmentation: the matcher is what is under test)."""
    text = " ".join(tokens)
    spans = [Span(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    return tag_words(spans, Span(text, 0, len(text)))


@share(0.06)
@given(RUNS)
def test_cutting_the_words_into_stretches_changes_no_choice(runs):
    words = words_of([token for run in runs for token in run])

    def reads(match):  # type: ignore[no-untyped-def]
        return read_figure(words, match) is not None

    whole = offered_spans(words, [(0, len(words))])
    assert choose_matches(words, reads) == longest_first(whole, len(words), reads)


@share(0.1)
@given(st.lists(RUNS, min_size=1, max_size=6))
def test_spans_offered_grow_with_the_words_not_with_their_square(groups):
    words = words_of([token for runs in groups for run in runs for token in run])
    # a span holds at most two runs of amount words (one of them up to two
    # cells long) and a few words around them
    assert len(offered_spans(words)) <= len(words) * (3 * MAX_AMOUNT_WORDS + 8)


# extract: any text, and the facts still point at themselves

PIECES = st.one_of(
    st.sampled_from([*TOKENS, "Tổng kinh phí", "lao động", "tỷ đồng", "triệu USD", "đạt", "giảm",
                     "Sở Công Thương", "tỉnh Thanh Hóa", "giai đoạn 2021-2025", "\n", "trên", "gần",
                     "tối thiểu", "km2", "m3", "đ", "$", "28-30%"]),
    SHORT_DIGIT_RUNS,
    st.text(max_size=4),
)
TEXTS = st.lists(PIECES, max_size=80).map(" ".join)


def assert_sound(facts, text: str) -> None:  # type: ignore[no-untyped-def]
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text
        assert fact.text in fact.sentence
        assert finite(fact.value) and finite(fact.value_max)
        assert fact.value_max is None or fact.value_max >= fact.value
        assert fact.kind in KINDS and fact.qualifier in QUALIFIERS
        json.dumps(fact.to_dict(), allow_nan=False)


@share(0.16)
@given(TEXTS)
@example("1 1 linh linh ì")  # two syllables of `linh` start the counted noun: nothing is cut
def test_facts_of_any_text_point_at_their_own_text(text):
    assert_sound(extract(text, clean=False), text)


ENDS = st.tuples(st.sampled_from(["", "-", "+", "(-", "từ -", "từ "]), SHORT_DIGIT_RUNS)
SEPARATORS = st.sampled_from(["-", " - ", " đến ", "–", " tới ", "% đến ", "%-"])
UNITS_AFTER = st.sampled_from(["%", " triệu đồng", " tỷ", " ha", " người", ""])


@share(0.2)
@given(ENDS, SEPARATORS, ENDS, UNITS_AFTER)
def test_a_range_written_any_way_runs_from_low_to_high(low, separator, high, unit):
    text = f"Chỉ số {low[0]}{low[1]}{separator}{high[0]}{high[1]}{unit} so với năm trước."
    assert_sound(extract(text, clean=False), text)


ODD = st.one_of(PIECES, st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b[31m", "\u200b", "\xa0",
                                         "\r\n", "\u2028", "\ufeff", "1\u00a0000", "5\u202f%"]))


@share(0.1)
@given(st.lists(ODD, max_size=60).map(" ".join))
def test_facts_point_into_the_cleaned_text_whatever_the_scraper_left(text):
    assert_sound(extract(text), clean_text(text))


@settings(max_examples=10)
@given(st.lists(st.sampled_from(["1", "5%", "2 tỷ", "1 triệu", "hai mươi", ",", "đồng", "-"]),
                min_size=1, max_size=5), st.integers(100, 600))
def test_a_long_run_of_figures_is_read_in_bounded_sentences(pattern, repeat):
    text = " ".join(pattern * repeat)
    assert all(len(sentence.text) <= MAX_SENTENCE_LENGTH for sentence in split_sentences(text))
    assert_sound(extract(text, clean=False), text)


# Between a scraped record and the pipeline

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children,
                                                                      max_size=4),
    max_leaves=20,
)
LINES = st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "title", "url", "published", "meta"]), JSON_VALUES)
    .map(lambda record: json.dumps(record)),
    st.builds(lambda text, depth: f'{{"text": {json.dumps(text)}, "m": {"[" * depth}{"]" * depth}}}',
              st.text(min_size=1), st.integers(0, 3000)),
    st.sampled_from(['{"id": "s", "text": "x \\ud800 y"}', '{"text": NaN}', "[1, 2]", "null", "{",
                     '{"text": "a", "n": 1e999}', '{"text": "a", "id": ' + "9" * 5000 + "}"]),
    st.text(),
)


@share(0.2)
@given(st.lists(LINES, max_size=8))
def test_every_line_of_json_lines_is_an_article_or_an_error_never_a_crash(lines):
    errors: list[ErrorRecord] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.jsonl")
        path.write_text("\n".join(line.replace("\n", " ") for line in lines) + "\n", encoding="utf-8",
                        errors="surrogatepass")
        articles = list(read_articles([str(path)], on_error=errors.append))
    for article in articles:
        for value in (article.id, article.text, article.title or "", json.dumps(article.meta)):
            assert not LONE_SURROGATE.search(value)
        json.dumps(article.meta, allow_nan=False)
    # no line is lost without a word: each is an article, or an error at that line
    stored = {article.source.rpartition(":")[2] for article in articles}
    refused = {error.location for error in errors}
    for number, line in enumerate(lines, start=1):
        line = line.replace("\n", " ").removeprefix("\ufeff" if number == 1 else "")
        if line.strip():
            assert str(number) in stored or f"line {number}" in refused, (number, line)


@given(st.text())
def test_text_cut_into_sentences_keeps_every_character_in_place(text):
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert len(sentence.text) <= MAX_SENTENCE_LENGTH


@given(st.text())
def test_a_table_cell_never_holds_a_control_character(text):
    assert not CONTROL_CHARACTER.search(printable(text))


@given(st.text())
def test_any_query_text_is_an_fts_query_or_a_one_line_error(text):
    try:
        query = fts_query(text)
    except QueryError as error:
        assert "\n" not in str(error)
        return
    assert query.count('"') % 2 == 0 and "\x00" not in query
