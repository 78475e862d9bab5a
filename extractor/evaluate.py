"""Score extracted facts against gold facts, as ANNOTATION.md's "Scoring" defines.

Both sides are first collapsed to one fact per article per figure and
indicator, so an extractor that reports every mention of a figure is not
penalised for the repeats. Facts are then matched one-to-one by kind, value
and range; the indicator and qualifier are not part of a match but are scored
separately over the matched pairs, so a found figure with the wrong label
still counts as found.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import ErrorRecord, VnfactsError
from extractor.patterns import read_jsonl_file
from extractor.present import figure_cell, shorten
from extractor.tables import format_table

KINDS = ("money", "count", "percent", "quantity")
HEADLINE_KINDS = ("money", "count", "percent")
"""Quantity is left out of the headline: all its gold is optional."""

GOLD_FIELDS = ("article", "text", "kind", "value", "value_max", "unit", "per", "qualifier",
               "indicator", "subject")
RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE = 1e-9
"""A relative difference says nothing near 0, so 0 must match 0 by an absolute one."""

SENTENCE_WIDTH = 80


class GoldError(VnfactsError):
    """A gold file is malformed; the message names the file, the line and the problem."""


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold facts of a JSON Lines file, blank lines skipped.

    Each line is checked, so a typo in hand-written gold stops the run with
    its line number instead of silently changing the score.
    """
    return read_jsonl_file(Path(path), _gold_problem, "gold file", GoldError)


def _gold_problem(fact: dict[str, Any]) -> str | None:
    """What is wrong with one gold record, or None."""
    missing = [name for name in GOLD_FIELDS if name not in fact]
    if missing:
        return f"missing field {', '.join(repr(name) for name in missing)}"
    if not isinstance(fact["article"], str) or not fact["article"]:
        return f"article {fact['article']!r} is not a non-empty string"
    if fact["kind"] not in KINDS:
        return f"kind {fact['kind']!r} is not one of {', '.join(KINDS)}"
    if not _is_number(fact["value"]):
        return f"value {fact['value']!r} is not a number"
    if fact["value_max"] is not None and not _is_number(fact["value_max"]):
        return f"value_max {fact['value_max']!r} is not a number or null"
    if not isinstance(fact.get("optional", False), bool):
        return f"optional {fact['optional']!r} is not true or false"
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass
class Score:
    """Matches, false positives and misses of one kind, or of several pooled."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class Accuracy:
    """How many matched pairs agree on a label (indicator or qualifier)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return _ratio(self.correct, self.total)

    def __str__(self) -> str:
        return f"{_ratio_cell(self.value)} ({self.correct}/{self.total})"

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.value, "correct": self.correct, "total": self.total}


def _ratio(part: int, whole: int) -> float | None:
    """None when there is nothing to divide: no predictions means no precision, not 0."""
    return part / whole if whole else None


Pair = tuple[dict[str, Any], dict[str, Any]]
"""A gold fact and the prediction matched to it."""

CONTEXT_LABELS = ("province", "period", "programme")
"""Context scored where gold gives it (ANNOTATION.md's "Context of a fact")."""
CONFUSED_PAIRS = 8
"""How many of the most confused indicator pairs a report lists."""
CONFUSED_EXAMPLES = 2
EXAMPLE_REACH = 30
"""Characters of the sentence shown on each side of an example figure."""


@dataclass
class Evaluation:
    """The scores of one run, and the facts behind its errors.

    `labelled` holds the matched (gold, predicted) pairs of required
    headline facts: every label accuracy, the indicator confusion matrix
    and the lists of wrong labels are read off them.
    """

    articles: int
    kinds: dict[str, Score]
    labelled: list[Pair] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> Score:
        return sum((self.kinds[kind] for kind in HEADLINE_KINDS), Score())

    @property
    def indicator(self) -> Accuracy:
        return self.accuracy("indicator")

    @property
    def qualifier(self) -> Accuracy:
        return self.accuracy("qualifier")

    @property
    def indicator_errors(self) -> list[Pair]:
        return self.errors("indicator")

    @property
    def qualifier_errors(self) -> list[Pair]:
        return self.errors("qualifier")

    def accuracy(self, label: str, kind: str | None = None) -> Accuracy:
        """How many matched pairs (of one kind, or all) agree on `label`: a
        field of the record, or a context label of CONTEXT_LABELS, which
        counts only the pairs whose gold gives it."""
        pairs = self._scored(label, kind)
        return Accuracy(sum(label_of(g, label) == label_of(p, label) for g, p in pairs), len(pairs))

    def errors(self, label: str, kind: str | None = None) -> list[Pair]:
        return [(g, p) for g, p in self._scored(label, kind) if label_of(g, label) != label_of(p, label)]

    def confusion(self, kind: str) -> dict[tuple[str, str], int]:
        """Indicator confusion of one kind: (gold, predicted) → matched pairs."""
        counts: defaultdict[tuple[str, str], int] = defaultdict(int)
        for gold, guess in self._scored("indicator", kind):
            counts[gold["indicator"], guess["indicator"]] += 1
        return dict(counts)

    def _scored(self, label: str, kind: str | None) -> list[Pair]:
        pairs = [(g, p) for g, p in self.labelled if kind is None or g["kind"] == kind]
        if label in CONTEXT_LABELS:
            pairs = [(g, p) for g, p in pairs if _gives(g, label)]
        return pairs

    def to_dict(self) -> dict[str, Any]:
        def pairs(errors: list[Pair]) -> list[dict[str, Any]]:
            return [{"gold": gold, "predicted": predicted} for gold, predicted in errors]

        return {
            "articles": self.articles,
            "headline": self.headline.to_dict(),
            "kinds": {kind: score.to_dict() for kind, score in self.kinds.items()},
            "indicator": self.indicator.to_dict(),
            "indicator_by_kind": {kind: self.accuracy("indicator", kind).to_dict()
                                  for kind in HEADLINE_KINDS},
            "confusion": {kind: [{"gold": g, "predicted": p, "count": n}
                                 for (g, p), n in sorted(self.confusion(kind).items())]
                          for kind in HEADLINE_KINDS},
            "qualifier": self.qualifier.to_dict(),
            "context": {label: self.accuracy(label).to_dict() for label in CONTEXT_LABELS},
            "misses": self.misses,
            "false_positives": self.false_positives,
            "indicator_errors": pairs(self.indicator_errors),
            "qualifier_errors": pairs(self.qualifier_errors),
            "context_errors": {label: pairs(self.errors(label)) for label in CONTEXT_LABELS},
        }


def label_of(fact: dict[str, Any], label: str) -> Any:
    """A fact's label as scored. The period is the pair of years a figure
    refers to: a predicted fact with only a `year` (the publication year of
    current news) refers to that year. A province is compared by the province
    it names, however written ("Thừa Thiên Huế" and "Huế", "TP.HCM" and "Hồ
    Chí Minh" are one province)."""
    if label == "province":
        from extractor.context.provinces import province_named  # the context rules: not for a search

        return province_named(fact.get("province"))
    if label != "period":
        return fact.get(label)
    if fact.get("period_start") is not None or fact.get("period_end") is not None:
        return fact.get("period_start"), fact.get("period_end")
    year = fact.get("year")
    return year, year


def _gives(gold: dict[str, Any], label: str) -> bool:
    if label == "period":
        return "period_start" in gold or "period_end" in gold
    return label in gold


def same_figure(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Same kind, value and range end: what a prediction must get right to match."""
    return (first["kind"] == second["kind"]
            and _close(first["value"], second["value"])
            and (first["value_max"] is None) == (second["value_max"] is None)
            and (first["value_max"] is None or _close(first["value_max"], second["value_max"])))


def _close(first: float, second: float) -> bool:
    return math.isclose(first, second, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


def _is_optional(fact: dict[str, Any]) -> bool:
    return bool(fact.get("optional", False))


def collapse(facts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One fact per figure and indicator, the first of each.

    A figure that gold marks optional in one place and required in another
    is required: the annotator wanted it found at least once.
    """
    kept: list[dict[str, Any]] = []
    for fact in facts:
        twin = next((index for index, earlier in enumerate(kept)
                     if same_figure(earlier, fact) and earlier["indicator"] == fact["indicator"]),
                    None)
        if twin is None:
            kept.append(fact)
        elif _is_optional(kept[twin]) and not _is_optional(fact):
            kept[twin] = {**kept[twin], "optional": False}
    return kept


def match(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
          ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]],
                     list[dict[str, Any]]]:
    """Pair the facts of one article one-to-one: (pairs, unmatched gold, unmatched predicted).

    Candidate pairs are taken greedily, best first: required gold before
    optional gold (finding a required figure is what recall measures), then
    pairs agreeing on the indicator, then on the qualifier, so that two
    predictions differing only in indicator are not scored as one wrong
    label and one spare.
    """
    candidates = sorted(
        (_is_optional(expected), expected["indicator"] != guess["indicator"],
         expected["qualifier"] != guess["qualifier"], gold_index, guess_index)
        for gold_index, expected in enumerate(gold)
        for guess_index, guess in enumerate(predicted)
        if same_figure(expected, guess)
    )
    paired_gold: dict[int, int] = {}
    paired_guesses: set[int] = set()
    for *_, gold_index, guess_index in candidates:
        if gold_index not in paired_gold and guess_index not in paired_guesses:
            paired_gold[gold_index] = guess_index
            paired_guesses.add(guess_index)
    pairs = [(gold[g], predicted[p]) for g, p in sorted(paired_gold.items())]
    unmatched_gold = [fact for index, fact in enumerate(gold) if index not in paired_gold]
    unmatched_guesses = [fact for index, fact in enumerate(predicted)
                         if index not in paired_guesses]
    return pairs, unmatched_gold, unmatched_guesses


def _by_article(facts: Iterable[dict[str, Any]], articles: list[str]
                ) -> dict[str, list[dict[str, Any]]]:
    """The facts of each listed article, in input order; other articles' facts dropped."""
    grouped: dict[str, list[dict[str, Any]]] = {article: [] for article in articles}
    for fact in facts:
        if fact["article"] in grouped:
            grouped[fact["article"]].append(fact)
    return grouped


def score(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]],
          articles: Iterable[str]) -> Evaluation:
    """Score predicted facts (as `Fact.to_dict()`) against gold over the listed articles.

    Every listed article counts, so facts extracted from an article without
    gold are false positives; facts of articles not listed are ignored.
    """
    article_ids = list(dict.fromkeys(articles))
    gold_by_article = _by_article(gold, article_ids)
    predicted_by_article = _by_article(predicted, article_ids)
    kinds: defaultdict[str, Score] = defaultdict(Score, {kind: Score() for kind in KINDS})
    evaluation = Evaluation(len(article_ids), kinds)
    for article in article_ids:
        pairs, misses, false_positives = match(collapse(gold_by_article[article]),
                                               collapse(predicted_by_article[article]))
        for expected, guess in pairs:
            if not _is_optional(expected):
                kinds[expected["kind"]].tp += 1
                if expected["kind"] in HEADLINE_KINDS:
                    evaluation.labelled.append((expected, guess))
        for expected in misses:
            if not _is_optional(expected):
                kinds[expected["kind"]].fn += 1
                evaluation.misses.append(expected)
        for guess in false_positives:
            kinds[guess["kind"]].fp += 1
            evaluation.false_positives.append(guess)
    return evaluation


def format_report(evaluation: Evaluation, errors: bool = False) -> str:
    """The scores as aligned text for a person: per kind, label accuracies,
    the indicator confusion of money and counts and its most confused pairs
    with examples; with `errors`, every miss, false positive and wrong label,
    so the cause of a low score can be read off."""
    rows = [[kind, *_score_cells(kind_score)] for kind, kind_score in evaluation.kinds.items()]
    rows.append([f"headline ({' + '.join(HEADLINE_KINDS)})", *_score_cells(evaluation.headline)])
    labels = [["indicator", str(evaluation.indicator)],
              *([f"indicator ({kind})", str(evaluation.accuracy("indicator", kind))]
                for kind in ("money", "count")),
              ["qualifier", str(evaluation.qualifier)],
              *([label, str(evaluation.accuracy(label))] for label in CONTEXT_LABELS
                if evaluation.accuracy(label).total)]
    sections = [
        f"{evaluation.articles} articles",
        format_table(("kind", "TP", "FP", "FN", "precision", "recall", "F1"), rows, numeric_from=1),
        format_table(("label", "accuracy"), labels),
        *(_confusion_table(evaluation, kind) for kind in ("money", "count")
          if evaluation.accuracy("indicator", kind).total),
        _most_confused(evaluation),
    ]
    if errors:
        sections += [
            _section("Misses", ("article", "kind", "value", "value_max", "qualifier",
                                "indicator", "text"),
                     [[fact["article"], fact["kind"], figure_cell(fact["value"]),
                       figure_cell(fact["value_max"]), fact["qualifier"], fact["indicator"],
                       fact["text"]] for fact in evaluation.misses]),
            _section("False positives", ("article", "kind", "value", "value_max", "indicator",
                                         "text", "sentence"),
                     [[fact["article"], fact["kind"], figure_cell(fact["value"]),
                       figure_cell(fact["value_max"]), fact["indicator"], fact["text"],
                       shorten(fact.get("sentence") or "", SENTENCE_WIDTH)]
                      for fact in evaluation.false_positives]),
            *(_section(f"Wrong {label}", ("article", "kind", "value", "text", "expected", "got"),
                       [[gold["article"], gold["kind"], figure_cell(gold["value"]), guess["text"],
                         _label_cell(label_of(gold, label)), _label_cell(label_of(guess, label))]
                        for gold, guess in evaluation.errors(label)])
              for label in ("indicator", "qualifier", *CONTEXT_LABELS)
              if label not in CONTEXT_LABELS or evaluation.accuracy(label).total),
        ]
    return "\n".join(sections)


def _confusion_table(evaluation: Evaluation, kind: str) -> str:
    """Gold indicators down, predicted across, matched pairs in the cells."""
    confusion = evaluation.confusion(kind)
    gold = sorted({g for g, _ in confusion})
    predicted = sorted({p for _, p in confusion})
    rows = [[name, *(str(confusion.get((name, guess), "")) for guess in predicted)]
            for name in gold]
    return (f"Indicator confusion, {kind} (gold down, predicted across)\n"
            + format_table(("gold", *predicted), rows, numeric_from=1))


def _most_confused(evaluation: Evaluation) -> str:
    """The most frequent wrong (gold, predicted) indicator pairs, with examples."""
    wrong: defaultdict[tuple[str, str, str], list[Pair]] = defaultdict(list)
    for gold, guess in evaluation.indicator_errors:
        wrong[gold["kind"], gold["indicator"], guess["indicator"]].append((gold, guess))
    ranked = sorted(wrong.items(), key=lambda item: (-len(item[1]), item[0]))[:CONFUSED_PAIRS]
    rows = [[kind, expected, got, str(len(pairs)),
             " | ".join(_in_context(guess) for _, guess in pairs[:CONFUSED_EXAMPLES])]
            for (kind, expected, got), pairs in ranked]
    return _section("Most confused indicators", ("kind", "gold", "predicted", "pairs", "examples"),
                    rows)


def _in_context(fact: dict[str, Any], reach: int = EXAMPLE_REACH) -> str:
    """A predicted figure in [ ] with the words around it in its sentence, `…` where cut."""
    sentence, text = fact.get("sentence") or "", fact["text"]
    at = sentence.find(text)
    if at < 0:
        return text
    end = at + len(text)
    before = sentence[:at] if at <= reach else "…" + sentence[at - reach:at].split(" ", 1)[-1]
    after = sentence[end:]
    if len(after) > reach:
        after = sentence[end:end + reach].rsplit(" ", 1)[0] + "…"
    return " ".join(f"{before}[{text}]{after}".split())


def _label_cell(value: Any) -> str:
    if isinstance(value, tuple):
        return "–".join("?" if part is None else str(part) for part in value)
    return "null" if value is None else str(value)


def _score_cells(kind_score: Score) -> list[str]:
    return [str(kind_score.tp), str(kind_score.fp), str(kind_score.fn),
            _ratio_cell(kind_score.precision), _ratio_cell(kind_score.recall),
            _ratio_cell(kind_score.f1)]


def _ratio_cell(ratio: float | None) -> str:
    """A score to three decimals; '-' when there was nothing to score."""
    return "-" if ratio is None else f"{ratio:.3f}"


def _section(title: str, header: tuple[str, ...], rows: list[list[str]]) -> str:
    return f"{title} ({len(rows)})\n" + (format_table(header, rows) if rows else "")


def evaluate(
    gold: str | Path,
    paths: Iterable[str],
    on_error: Callable[[ErrorRecord], None] | None = None,
) -> Evaluation:
    """Extract the facts of the articles in `paths` and score them against
    the gold file. Every article read counts, even one with no facts."""
    from extractor.pipeline import extract_articles  # the pipeline imports nothing from here

    expected = load_gold(gold)
    article_ids: list[str] = []
    predicted: list[dict[str, Any]] = []
    for item in extract_articles(paths, on_error=on_error):
        article_ids.append(item.article.id)
        predicted.extend(fact.to_dict() for fact in item.facts)
    return score(expected, predicted, article_ids)
