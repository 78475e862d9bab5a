"""Which mentions of an article are one figure, and which figures are parts of another.

An article states a figure more than once (the title rounds what the body
gives exactly) and breaks totals into parts (`tổng kinh phí 1,85 tỷ đồng,
trong đó hỗ trợ 600 triệu`). The facts keep every mention; this stage numbers
the figures behind them, so that sums count each figure once and never a part
with its total:

- mentions of one value (kind, value, range, unit, rate) and one indicator
  (and, for counts of no known noun, one noun) are one figure, a plain repeat;
  a money mention that names no cue, or only a generic one (indicator
  `money`, `số tiền`), is a repeat of one that does, and takes its indicator
  (a title says less than its body); a mention whose own words say money
  (`khoản nợ 3 tỷ USD`) keeps it;
- a rounded restatement (fewer significant digits, within the rounding its
  qualifier allows, `patterns/figure_rounding.tsv`) of a more precise figure of
  the same kind, unit and indicator is that figure: `gần 20 tỷ đồng` in the
  title is the body's `19,8 tỷ đồng`;
- mentions whose own periods or provinces differ are never one figure;
- a former value (`patterns/figure_changes.tsv`: `tăng từ 12.500 tỷ đồng lên
  16.000 tỷ đồng`) is replaced by the new value after it in its sentence (same
  kind and unit; for counts the indicator), so it is marked `part_of` the new
  value's figure: sums never add what a figure was to what it became;
- a figure introduced by a part word (`patterns/figure_parts.tsv`) after a
  smaller-than-it total of the same kind, unit and rate, in the same sentence
  or the one before, is `part_of` that total, and so are the figures that
  follow it in its sentence (`trong đó A 5 tỷ, B 3 tỷ`). Counts must also share
  the indicator (`150 đề án, gồm 20 lớp` lists no part of the projects), and
  counts of no known noun the noun.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from extractor.match import QUALIFIERS, lexicons
from extractor.model import Fact
from extractor.money import says_only_money
from extractor.patterns import Column, read_table, rule_error, rule_loader

ROUNDING_FILE = "figure_rounding.tsv"
PARTS_FILE = "figure_parts.tsv"
CHANGES_FILE = "figure_changes.tsv"
CHANGE_PLACES = ("from", "to")
DIRECTIONS = ("below", "above", "around")
PART_POSITIONS = ("anywhere", "clause-start")
UNTOLD_MONEY = "money"
"""The indicator of money whose cue is not named: it says nothing against another."""
CHANGE_REACH = 40
"""Characters before a former value searched for the word that opens it (`từ mức hơn`)."""
SENTENCE_END = re.compile(r"[.!?…](?=\s)")
CLAUSE_OPENING = r"(?<=[,;:.!?(–-])\s*"
"""Before a clause-start part word: the punctuation that ends the clause or sentence before it."""


@dataclass(frozen=True)
class Rounding:
    """Where a precise figure lies from a mention that rounds it, and how far."""

    direction: str
    largest_share: float


@dataclass(frozen=True)
class FigureRules:
    rounding: dict[str, Rounding]
    part_words: re.Pattern[str]
    change_from: re.Pattern[str]  # ends the text before a former value
    change_to: re.Pattern[str]  # is the whole text between a former value and the new one


@rule_loader
def figure_rules() -> FigureRules:
    """The rounding table and the part words, checked on load."""
    rounding: dict[str, Rounding] = {}
    for _, (qualifier, direction, share) in read_table(
            ROUNDING_FILE, Column("qualifier", sorted(QUALIFIERS)), Column("direction", DIRECTIONS),
            Column("share", numbers=(0, 1), open_ends=(False, True)), unique=[0]):
        rounding[qualifier] = Rounding(direction, float(share))
    missing = QUALIFIERS - set(rounding)
    if missing:
        raise rule_error(ROUNDING_FILE, None, f"no line for {', '.join(sorted(missing))}")
    alternatives: dict[str, list[str]] = {position: [] for position in PART_POSITIONS}
    for _, (phrase, position) in read_table(PARTS_FILE, "phrase", Column("position", PART_POSITIONS)):
        alternatives[position].append(re.escape(phrase))
    openings = {"anywhere": r"(?<!\w)", "clause-start": CLAUSE_OPENING}
    words = [rf"{openings[position]}(?:{'|'.join(sorted(phrases, key=len, reverse=True))})(?!\w)"
             for position, phrases in alternatives.items() if phrases]
    return FigureRules(rounding, re.compile("|".join(words) or "(?!)", re.IGNORECASE), *_change_words())


def _change_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of `patterns/figure_changes.tsv`, with the qualifiers that
    may stand after them (`lên hơn 35.600 tỷ`) and a rate or a comma between
    the two values (`từ 90.000 đồng/lượt lên 160.000 đồng/lượt`)."""
    phrases: dict[str, list[str]] = {place: [] for place in CHANGE_PLACES}
    for _, (phrase, place) in read_table(CHANGES_FILE, "phrase", Column("place", CHANGE_PLACES)):
        phrases[place].append(re.escape(" ".join(phrase.lower().split())).replace(r"\ ", r"\s+"))
    qualifiers = "|".join(re.escape(q) for q in sorted(lexicons().qualifiers, key=len, reverse=True))
    said = {place: "|".join(sorted(words, key=len, reverse=True)) or "(?!)"
            for place, words in phrases.items()}
    after = rf"(?:\s+(?:{qualifiers})(?!\w))*\s*"
    return (re.compile(rf"(?<!\w)(?:{said['from']}){after}$", re.IGNORECASE),
            re.compile(rf"(?:/[^\s,;]+)?\s*,?\s*(?:{said['to']}){after}", re.IGNORECASE))


@dataclass
class _Figure:
    """Mentions found to be one figure so far; `first` is the earliest."""

    mentions: list[Fact] = field(default_factory=list)

    @property
    def first(self) -> Fact:
        return self.mentions[0]

    @property
    def indicator(self) -> str:
        return next((m.indicator for m in self.mentions if not _untold(m)), self.first.indicator)

    @property
    def qualifier(self) -> str:
        return next((m.qualifier for m in self.mentions if m.qualifier != "exact"), "exact")


def number_figures(text: str, facts: Sequence[Fact]) -> list[Fact]:
    """The facts of one article (its cleaned `text`, in text order) with
    `figure` and `part_of` set, and each figure's indicator on its mentions."""
    rules = figure_rules()
    figures = _merge_restatements(_repeats(facts), text.find("\n"), rules)
    figures.sort(key=lambda figure: figure.first.start)
    for number, figure in enumerate(figures, start=1):
        indicator = figure.indicator
        for mention in figure.mentions:
            mention.figure = number
            if _untold(mention):
                mention.indicator = indicator
    _mark_parts(text, facts, rules)
    _mark_former_values(text, facts, rules)
    return list(facts)


def _mark_former_values(text: str, facts: Sequence[Fact], rules: FigureRules) -> None:
    """Set `part_of` on the mentions of a former value: the figure right
    before a new value of the same kind and unit (for counts the indicator),
    written `từ X lên Y`, takes the new value's figure, and its rate and
    indicator when only the new value writes a rate."""
    replaced: dict[int | None, int | None] = {}
    for former, new in pairwise(facts):
        if (former.kind, former.unit) != (new.kind, new.unit) or former.figure == new.figure \
                or (former.kind == "count" and former.indicator != new.indicator) \
                or former.part_of is not None or former.end > new.start:
            continue
        if rules.change_from.search(text, max(0, former.start - CHANGE_REACH), former.start) \
                and rules.change_to.fullmatch(text, former.end, new.start):
            replaced[former.figure] = new.figure
            if former.per is None and new.per is not None:
                # `từ mức 1.000 đồng lên 3.000 đồng/lít`: the rate is written once, for both
                former.per, former.indicator = new.per, new.indicator
    for fact in facts:
        if fact.figure in replaced:
            fact.part_of = replaced[fact.figure]


def _repeats(facts: Sequence[Fact]) -> list[_Figure]:
    """Group the mentions of one value (kind, value, range, unit, rate) and
    one indicator, in text order."""
    figures: list[_Figure] = []
    by_value: dict[tuple, list[_Figure]] = defaultdict(list)
    for fact in facts:
        same = next((figure for figure in by_value[_value(fact)]
                     if _indicators_agree(figure, fact) and not _contexts_differ(figure.first, fact)),
                    None)
        if same is None:
            figures.append(_Figure([fact]))
            by_value[_value(fact)].append(figures[-1])
        else:
            same.mentions.append(fact)
    return figures


def _merge_restatements(figures: list[_Figure], title_end: int, rules: FigureRules) -> list[_Figure]:
    """Join each rounded figure to the nearest more precise figure it restates
    (which may itself restate a still more precise one)."""
    by_unit: dict[tuple, list[_Figure]] = defaultdict(list)
    for figure in figures:
        if figure.first.value_max is None:
            by_unit[(figure.first.kind, figure.first.unit, figure.first.per)].append(figure)
    widest = max(rounding.largest_share for rounding in rules.rounding.values())
    into: dict[int, _Figure] = {}
    for alike in by_unit.values():
        alike.sort(key=lambda figure: figure.first.value)
        values = [figure.first.value for figure in alike]
        for rounded in alike:
            reach = abs(rounded.first.value) * widest
            low = bisect_left(values, rounded.first.value - reach)
            high = bisect_right(values, rounded.first.value + reach)
            candidates = [precise for precise in alike[low:high]
                          if precise is not rounded and _restates(rounded, precise, title_end, rules)]
            if candidates:
                into[id(rounded)] = min(candidates, key=lambda precise: (
                    abs(precise.first.value - rounded.first.value), precise.first.start))
    kept = []
    for figure in figures:
        target = figure
        while id(target) in into:
            target = into[id(target)]
        if target is figure:
            kept.append(figure)
        else:
            target.mentions.extend(figure.mentions)
    for figure in kept:
        figure.mentions.sort(key=lambda mention: mention.start)
    return kept


def _restates(rounded: _Figure, precise: _Figure, title_end: int, rules: FigureRules) -> bool:
    """Whether `rounded` (same kind, unit and rate, no range) rounds `precise`."""
    a, b = rounded.first, precise.first
    if not _indicators_agree(precise, a) or _contexts_differ(a, b):
        return False
    if _noun(a) != _noun(b):
        return False  # `gần 50 xe` is not `48 nhà`
    if rounded.qualifier == "exact" and not 0 <= a.start < title_end:
        return False  # a round number in the body is a figure of its own
    unit = _precision(a.value)
    if not _precision(b.value) < unit:
        return False
    rounding = rules.rounding[rounded.qualifier]
    difference = b.value - a.value
    largest = abs(a.value) * rounding.largest_share
    if rounding.direction == "below":
        return -min(unit, largest) <= difference <= 0
    if rounding.direction == "above":
        return 0 <= difference <= min(unit, largest)
    return abs(difference) <= min(unit / 2, largest)


def _mark_parts(text: str, facts: Sequence[Fact], rules: FigureRules) -> None:
    """Set `part_of` on the mentions of every figure that is a part of another."""
    parts: dict[int | None, int | None] = {}  # figure → the figure of its total
    largest: dict[int | None, float] = defaultdict(float)
    for fact in facts:
        largest[fact.figure] = max(largest[fact.figure], _largest(fact))
    # per part key: the latest mention, and the latest of a figure other than its
    # (the nearest earlier mention of another figure, found without a scan back)
    latest: dict[tuple, tuple[Fact, Fact | None]] = {}
    for fact in facts:
        key = _part_key(fact)
        last, other = latest.get(key, (None, None))
        total = last if last is not None and last.figure != fact.figure else other
        latest[key] = (fact, total)
        if total is None or total.end > fact.start or fact.figure in parts:
            continue
        between = text[total.end:fact.start]
        sentence_ends = [end.end() for end in SENTENCE_END.finditer(between)]
        if "\n" in between or len(sentence_ends) > 1:
            continue
        whole = total.figure
        if total.figure in parts and not sentence_ends:
            whole = parts[total.figure]  # `trong đó A 5 tỷ, B 3 tỷ`: B is a part too
        elif not rules.part_words.search(between, sentence_ends[-1] if sentence_ends else 0):
            continue
        if _largest(fact) < largest[whole]:
            parts[fact.figure] = whole
    for fact in facts:
        fact.part_of = parts.get(fact.figure)


def _largest(fact: Fact) -> float:
    return fact.value_max if fact.value_max is not None else fact.value


def _value(fact: Fact) -> tuple:
    return fact.kind, fact.value, fact.value_max, fact.unit, fact.per, _noun(fact)


def _part_key(fact: Fact) -> tuple:
    """What a part shares with its total: kind, unit and rate; for a count its
    indicator, and for a count of no known noun the noun (`3 xe máy, trong đó 2 vụ`)."""
    return fact.kind, fact.unit, fact.per, fact.indicator if fact.kind == "count" else None, _noun(fact)


def _indicators_agree(figure: _Figure, fact: Fact) -> bool:
    if figure.indicator == fact.indicator:
        return True
    return fact.kind == "money" and (_untold(fact) or all(_untold(m) for m in figure.mentions))


def _untold(fact: Fact) -> bool:
    """A money mention whose words say nothing of what the money is."""
    return fact.kind == "money" and fact.indicator == UNTOLD_MONEY and says_only_money(fact.subject)


def _contexts_differ(a: Fact, b: Fact) -> bool:
    """Whether two mentions name different periods or provinces (a year taken
    from the publication date sets no period, and says nothing)."""
    pairs = ((a.period_start, b.period_start), (a.period_end, b.period_end), (a.province, b.province))
    return any(x is not None and y is not None and x != y for x, y in pairs)


def _noun(fact: Fact) -> str | None:
    """The word that tells counts of no known noun apart (`4 đảo`, `4 hạng
    mục`): the first of the counted subject; None for other facts. The
    `figures` view of extractor/store.py tells copies apart by it too."""
    if fact.kind != "count" or fact.indicator != "count":
        return None
    return (fact.subject or "").split(" ")[0]


def _precision(value: float) -> float:
    """The place of the last significant digit: 1e8 for 19,8 tỷ, 1e10 for 20 tỷ, 0.1 for 83,3."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return 10.0 ** exponent if isinstance(exponent, int) else 0.0
