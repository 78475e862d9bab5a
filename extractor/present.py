"""Values written for people: Vietnamese number style (`19,45 tỷ đồng`,
`12.535 lao động`), qualifiers, indicators and provinces in words, periods,
excerpts with the figure marked, names in Vietnamese alphabetical order.

One module, so the command line's tables, the Datasette pages
(extractor/serve_display.py) and the dashboard write a figure the same way;
queries (extractor/query.py) return plain records and leave this to it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractor.context.headlines import opening
from extractor.patterns import Column, read_table, rule_loader

if TYPE_CHECKING:
    from extractor.model import Fact
    from extractor.query import FoundFact

MAGNITUDES = ((1e9, "tỷ"), (1e6, "triệu"))
"""Large amounts of money are read in these words, as the press writes them."""
CURRENCY_NAMES = {"VND": "đồng"}
FIGURE_MARKS = ("[[", "]]")
"""How a plain-text excerpt marks its figure (HTML pages use <mark>)."""
NONE_SHOWN = "–"
SEARCH_TABLE_COLUMNS = (
    "value", "qualifier", "indicator", "province", "year", "article", "sentence",
)
STATS_COUNTS = ("figures", "articles", "stories")
STATS_AMOUNTS = ("sum", "min", "max")
SENTENCE_WIDTH = 80
TITLE_WIDTH = 40
OPENING_WIDTH = 70
"""About how many characters of its opening words stand for an article with no title."""
UNTITLED = "(không tiêu đề)"
"""What marks, in plain text, the opening words that stand for a title: they are not one."""
UNTITLED_HINT = "Bài không có tiêu đề; đây là những chữ đầu của bài."
DISPLAY_FIELDS = ("qualifier", "indicator", "province", "kind")
"""The fields of `patterns/display_words.tsv`."""

# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tone marks only breaking ties (a à á ả ã ạ).
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def plain_number(value: Any) -> Any:
    """A float that holds an integer as an int (`12535.0` → `12535`), anything else as it is:
    SQLite and the number grammar give floats, people and JSON readers expect whole numbers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def vn_number(value: float, decimals: int = 2) -> str:
    """`12535` → `12.535`, `19448.5` → `19.448,5`: `.` groups thousands, `,` marks decimals."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("0", "-0") and value:
        text = f"{value:.{decimals}g}"
    return text.translate(str.maketrans(",.", ".,"))


def display_amount(
    value: float | None, kind: str | None, unit: str | None, value_max: float | None = None
) -> str:
    """An amount (or range) in Vietnamese number style with its unit; money
    of a million or more is read in triệu or tỷ."""
    if value is None:
        return ""
    divisor, word = amount_scale(max(abs(value), abs(value_max or 0)), kind)
    number = vn_number(value / divisor)
    if value_max is not None:
        number = f"{number}–{vn_number(value_max / divisor)}"
    if unit == "%":
        return f"{number}%"
    return " ".join(part for part in (number, word, unit_name(unit)) if part)


def amount_scale(largest: float, kind: str | None) -> tuple[float, str]:
    """The divisor and word an amount of money is read in (`1e9`, `tỷ`); 1 and none otherwise."""
    if kind == "money":
        return next(((d, w) for d, w in MAGNITUDES if largest >= d), (1.0, ""))
    return 1.0, ""


def chart_scale(kind: str | None, unit: str | None) -> tuple[float, str]:
    """The divisor and the unit words of a chart's axis: money in tỷ
    (`tỷ đồng`, `tỷ USD`), percentages in %, anything else as it is counted."""
    if kind == "money":
        return 1e9, f"tỷ {unit_name(unit)}".strip()
    return 1.0, unit_name(unit) if unit else ""


def unit_name(unit: str | None) -> str:
    """A unit as written in a sentence: `đồng` for VND, the code otherwise (`USD`, `ha`)."""
    return CURRENCY_NAMES.get(unit or "", unit or "")


def figure_value(value: float | None, value_max: float | None, kind: str | None, unit: str | None,
                 per: str | None = None, subject: str | None = None) -> str:
    """A figure as a person reads it: `19,45 tỷ đồng`, `12.535 lao động`, `98%`,
    `28–30%`, `800.000 USD`, `87 triệu đồng/tháng` (a count with what it counts)."""
    amount = display_amount(value, kind, unit, value_max)
    if kind == "count" and subject:
        amount = f"{amount} {subject}"
    return f"{amount}/{per}" if per and amount else amount


def display_value(fact: Fact) -> str:
    """`figure_value` of a fact."""
    return figure_value(fact.value, fact.value_max, fact.kind, fact.unit, fact.per, fact.subject)


@rule_loader
def display_words() -> dict[str, dict[str, str]]:
    """`patterns/display_words.tsv`: per field, the words of each code."""
    words: dict[str, dict[str, str]] = {field: {} for field in DISPLAY_FIELDS}
    for _, (field, code, text) in read_table("display_words.tsv", Column("field", DISPLAY_FIELDS), "code",
                                             "words", unique=[0, 1]):
        words[field][code] = text
    return words


def in_words(field: str, code: str | None) -> str:
    """A code written for a person (`nearly` → `gần`, `budget` → `kinh phí`, `national` →
    `Toàn quốc`); a value without words (a province's name, `exact`) as it is."""
    if code is None:
        return ""
    return display_words()[field].get(code, "" if (field, code) == ("qualifier", "exact") else code)


def period_text(year: int | None, period_start: int | None, period_end: int | None) -> str:
    """`2024`, or `2021–2025` for a period, `–2020` for one up to a year from no
    year written ("từ nay đến năm 2020"): the years, not the words around them."""
    if period_start is not None and period_end not in (None, period_start):
        return f"{period_start}–{period_end}"
    if period_start is None and year is None and period_end is not None:
        return f"–{period_end}"
    when = year if year is not None else period_start
    return "" if when is None else str(when)


def province_text(province: str | None, province_2025: str | None) -> str:
    """The province as written, with the one it belongs to since 2025 when that differs:
    `Nam Định (Ninh Bình)`."""
    shown = in_words("province", province)
    if province_2025 and province_2025 != province:
        shown = f"{shown} ({in_words('province', province_2025)})".strip()
    return shown


def shorten(text: str, width: int, start: int = 0, end: int = 0) -> str:
    """One line of about `width` characters of `text`, around `start`..`end`
    (the figure; the beginning by default), cut between words, with `…` where
    cut; line breaks become spaces, so a cell never breaks its table."""
    if len(text) > width:
        room = max(0, width - (end - start))
        left = max(0, min(start - room // 2, len(text) - width))
        right = max(end, left + width)
        if left:  # cut between words
            space = text.find(" ", left, start)
            left = space + 1 if space >= 0 else left
        if right < len(text):
            space = text.rfind(" ", end, right + 1)
            right = space if space >= 0 else right
        text = ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")
    return " ".join(text.split())


@dataclass(frozen=True)
class ArticleLabel:
    """How a person sees an article in a list: its title, or, for an article
    without one, the words its text opens with, which must not pass for a
    title (`titled` is False: pages show them in grey italics, plain text
    after `UNTITLED`; an article with no text either shows `UNTITLED` alone)."""

    text: str
    titled: bool

    def __str__(self) -> str:
        return self.text if self.titled else f"{UNTITLED} {self.text}".rstrip()


def article_label(title: str | None, text: str | None, width: int | None = None) -> ArticleLabel:
    """The label of an article: its title (cut to `width` when given), else
    the opening words of `text` (page furniture such as a photo caption
    passed over) cut between words to `width` or `OPENING_WIDTH`, with `…`.
    The stored title stays empty: the label is no headline."""
    if title and title.strip():
        return ArticleLabel(shorten(title, width) if width else " ".join(title.split()), True)
    words = opening(text or "")
    room = min(width, OPENING_WIDTH) - len(UNTITLED) - 1 if width else OPENING_WIDTH
    return ArticleLabel(shorten(words, max(room, 10)), False)


def marked_sentence(found: FoundFact, width: int | None = None) -> str:
    """The fact's sentence with its figure in [[ ]]; with `width`, an excerpt
    of about that many characters around the figure."""
    sentence, figure = found.fact.sentence, found.fact.text
    if found.figure_at is None:
        return shorten(sentence, width) if width else sentence
    open_mark, close_mark = FIGURE_MARKS
    end = found.figure_at + len(figure)
    marked = f"{sentence[:found.figure_at]}{open_mark}{figure}{close_mark}{sentence[end:]}"
    if not width:
        return marked
    return shorten(marked, width, found.figure_at, end + len(open_mark) + len(close_mark))


def search_table(found: Iterable[FoundFact]) -> list[list[str]]:
    """Search results as rows of `SEARCH_TABLE_COLUMNS`, for a person to read."""
    rows = []
    for item in found:
        fact = item.fact
        rows.append([
            display_value(fact), fact.qualifier, fact.indicator,
            province_text(fact.province, fact.province_2025),
            period_text(fact.year, fact.period_start, fact.period_end),
            str(article_label(item.title, item.opening, TITLE_WIDTH)),
            marked_sentence(item, SENTENCE_WIDTH),
        ])
    return rows


def stats_table(rows: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Stats rows with counts and amounts in Vietnamese number style (a
    rate with its denominator; no sum shown as `–`)."""
    table = []
    for row in rows:
        cells = []
        for name, value in row.items():
            if value is None:
                cells.append(NONE_SHOWN)
            elif name in STATS_AMOUNTS:
                amount = display_amount(value, row["kind"], row["unit"])
                cells.append(f"{amount}/{row['per']}" if row["per"] else amount)
            elif name in STATS_COUNTS:
                cells.append(vn_number(value))
            else:
                cells.append(str(value))
        table.append(cells)
    return table


def figure_cell(value: object) -> str:
    """A cell of a technical table (`extract --format table`, the evaluation
    report): numbers in full with thousands grouped (19,448,500,000 reads
    better than 1.94485e+10), None as nothing."""
    if value is None:
        return ""
    value = plain_number(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def sort_key(name: str | None) -> tuple:
    """The key that puts names in Vietnamese alphabetical order: Đà Nẵng,
    Đắk Lắk, Điện Biên, Đồng Nai after Cần Thơ and before Gia Lai (not last,
    as code points put them); letters first, tone marks only breaking ties."""
    if name is None:
        return ((), ())
    letters, tones = [], []
    # Ð (U+00D0), the Icelandic letter, stands for Đ in some older texts
    for character in unicodedata.normalize("NFD", name.casefold().replace("ð", "đ")):
        if character in _TONE_MARKS:
            tones[-1:] = [_TONE_MARKS[character]]
        elif character in _LETTER_MARKS and letters:
            base, mark = letters[-1]
            letters[-1] = (base, mark + _LETTER_MARKS[character])
        else:
            letters.append((character, 1) if character == "đ" else (character, 0))
            tones.append(0)
    return tuple((("d" if base == "đ" else base), mark) for base, mark in letters), tuple(tones)


def vietnamese_order(names: Sequence[str | None]) -> list[str | None]:
    """Names sorted in Vietnamese alphabetical order, no name last."""
    return sorted(names, key=lambda name: (name is None, sort_key(name)))
