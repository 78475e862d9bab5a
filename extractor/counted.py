"""What a count counts: its indicator (ANNOTATION.md's workers, people,
projects, facilities, products, models, events or count) and its subject.

The counted noun after the number decides (`12.535 lao động` → workers), the
longest phrase of `patterns/indicators.jsonl` first. Some words only say how
things are counted, and the noun after them decides (`4.363 lượt cơ sở`,
`40 mẫu sản phẩm`, `patterns/count_classifiers.tsv`); with no noun after them,
or after a bare `người`, the noun counted before the number does (`khách quốc
tế đạt 30.000 lượt`, `tổng số học viên lên tới 838 người`); persons said
to work are workers (`11.226 người đi xuất khẩu lao động`, `số giáo viên
nghỉ hưu là 250 người`, `patterns/count_work_words.tsv`). A word for a
person the lexicon does not list is people by its ending (`diễn viên`,
`thủy thủ`, `patterns/count_person_endings.tsv`). Across an article, `2.300
người` is the `2.300 công nhân` named elsewhere, and persons introduced as a
part of a count of workers (`6.000 công nhân viên. Trong đó, người Việt là
5.037 người`) are workers; persons demanded (`nhu cầu đào tạo giáo viên … là
599 người`) are staff.
"""

from __future__ import annotations

import math
from itertools import pairwise

from extractor.figures import SENTENCE_END, figure_rules
from extractor.indicators import indicators
from extractor.match import Word, lexicons
from extractor.model import Fact
from extractor.money import CLAUSE_BREAK, speaks_of_money, tells_a_crime
from extractor.patterns import Column, read_table, read_word_list, rule_loader

MAX_SUBJECT_WORDS = 5
NOUN_LOOK_BACK = 5  # words before a bare `N lượt` searched for what is counted
COUNT_LOOK_BACK = 400  # characters of the sentence before a count searched for what it counts
PERSONS_RENAMED_FROM = 10  # below, two counts of people with one value are often two figures


def count_indicator(words: list[Word], noun: int, before: str = "", value: float = 0
                    ) -> tuple[str, str]:
    """Indicator from the counted noun (longest lexicon phrase), and the
    noun phrase as subject (`before`: the sentence up to the number, or its
    last COUNT_LOOK_BACK characters). A
    classifier takes the indicator of its noun (`lượt cơ sở`, `mẫu sản
    phẩm`) but a group of persons is no person (`9 nhóm đối tượng`: count,
    `patterns/count_groups.tsv`), else its own (`3 loại ốc`: products) unless its noun is money
    (`4 loại học bổng`: kinds of grant), or of the noun counted before the
    number when none follows it (`khách quốc tế đạt 30.000 lượt`); so does a
    bare `người` (`tổng số học viên lên tới 838 người`); a word for a person
    not in the lexicon is people (`diễn viên`). A lexicon noun that starts
    with a classifier is that noun (`10 cuộc điện thoại`); some nouns name
    something else in large numbers (`634.500 đơn vị`: shares traded,
    `patterns/count_large_numbers.tsv`)."""
    phrase = []
    for word in words[noun:noun + MAX_SUBJECT_WORDS]:
        if word.tag not in ("WORD", "NAME", "UNIT") or (phrase and word.lower in lexicons().stop):
            break
        phrase.append(word)
    subject = " ".join(w.text for w in phrase)
    syllables = " ".join(w.lower for w in phrase).split()
    classifiers = count_classifiers()
    size = next((size for size in (2, 1) if " ".join(syllables[:size]) in classifiers), 0)
    if size and _noun_longer_than(syllables, size):
        size = 0  # `cuộc điện thoại`, `lượt khách`: a noun of the lexicon, not a classifier
    if size and len(syllables) > size:
        # `lượt cơ sở`, `nhóm mặt hàng`, `lần xét nghiệm`, `loại ốc`
        found = _known_noun(syllables[size:])
        if found in PERSONS and " ".join(syllables[:size]) in count_groups():
            return "count", subject  # `9 nhóm đối tượng`: groups of persons, not persons
        default = classifiers[" ".join(syllables[:size])]
        if found is None and speaks_of_money(" ".join(syllables[size:size + 2])):
            default = None  # `4 loại học bổng`, `3 loại phí`: kinds of money, not goods
        return (found if found not in (None, "count") else default or found or "count"), subject
    if size or syllables == ["người"]:
        if not size and _works(words[noun + 1:noun + 1 + WORK_REACH + _longest_work_word()]):
            return "workers", subject  # `11.226 người đi xuất khẩu lao động`
        found = _noun_before_number(before, after_so=not size, classifier=syllables[:size])
        if found is not None:
            return found, subject
    noun_word = phrase[0].lower.split() if phrase else []
    known = _known_noun(syllables)
    other_sense = counted_in_large_numbers()
    if phrase and phrase[0].lower in other_sense and value >= other_sense[phrase[0].lower][1]:
        return other_sense[phrase[0].lower][0], subject  # `843,6 triệu đơn vị`: shares
    if known is None and len(noun_word) > 1 and noun_word[-1] in person_endings():
        return "people", subject  # `53 thủy thủ`, `15 diễn viên`, `20 lâm tặc`
    if known == "people" and " ".join(syllables[:2]) in case_nouns() and tells_a_crime(before):
        return "count", subject  # `xử phạt 72 trường hợp`: offences, not persons
    return known or "count", subject


@rule_loader
def case_nouns() -> frozenset[str]:
    """Nouns for a case (`trường hợp`: `patterns/count_case_nouns.tsv`)."""
    return frozenset(" ".join(word.split()) for word in read_word_list("count_case_nouns.tsv"))


PUNCTUATION = ",;:.!?()\"“”"  # stripped from the syllables of a compound read across them
SO_LOOK_BACK = 15  # syllables searched for `số` + noun (`số lượt người khám chữa bệnh … là`)


def _noun_before_number(before: str, after_so: bool, classifier: list[str]) -> str | None:
    """The indicator of a noun counted before the number, in `before`, the
    clause up to it: the noun after `số` or `lượng` (`số học viên lên tới 838 người`,
    `số lượt người khám chữa bệnh … là 130 triệu lượt`), else, unless
    `after_so`, the noun of the same `classifier` earlier in the sentence
    (`có 563.321 lượt người đến khám …, tăng 31.047 lượt`; `… 1.002.945 lượt
    …; năm 2016 có 1.412.999 lượt`), else the nearest lexicon noun of the
    clause (`khách quốc tế đạt 30.000 lượt`)."""
    syllables = before.lower().split()
    clause = before[max((m.end() for m in CLAUSE_BREAK.finditer(before)), default=0):].lower().split()
    recent = clause[-SO_LOOK_BACK:]
    for at in reversed([i for i, syllable in enumerate(recent) if syllable in number_of()]):
        rest = recent[at + 1:]
        size = next((size for size in (2, 1) if " ".join(rest[:size]) in count_classifiers()), 0)
        found = _known_noun(rest) or _known_noun(rest[size:])
        if found == "people" and after_so and _names_work(rest):
            return "workers"  # `số giáo viên mầm non nghỉ hưu là 250 người`: staff
        if found is not None and found != "count":
            return found
    if after_so:
        return _persons_of_the_subject(clause) or _workers_nearby(clause)
    size = len(classifier)
    for at in reversed(range(len(syllables) - size)):
        if syllables[at:at + size] == classifier:
            # `12 cuộc thanh tra, …, đang thanh tra 03 cuộc`: the classifier's own compound first
            named = [syllable.strip(PUNCTUATION) for syllable in syllables[at:at + indicators().longest_noun]]
            found = _known_noun(named) or _known_noun(syllables[at + size:])
            if found is not None and found != "count":
                return found
    nearby = clause[-NOUN_LOOK_BACK:]
    for start in range(len(nearby)):
        found = _known_noun(nearby[start:])
        if found is not None and found != "count":
            return found
    return None


WORK_REACH = 2  # words after a bare `người` before the work they do (`người đang đi làm`)


@rule_loader
def work_words() -> frozenset[str]:
    """Words saying that persons are counted as workers (`patterns/count_work_words.tsv`)."""
    return read_word_list("count_work_words.tsv")


@rule_loader
def _longest_work_word() -> int:
    """The most words a work word has: found once per rule set, not for every count."""
    return max(len(word.split()) for word in work_words())


def _work_word_at(syllables: list[str], starts: range) -> bool:
    return any(" ".join(syllables[at:at + size]) in work_words()
               for at in starts for size in range(1, _longest_work_word() + 1))


def _names_work(syllables: list[str]) -> bool:
    """Whether the syllables hold a work word (`giáo viên nghỉ hưu là`)."""
    return _work_word_at(syllables, range(len(syllables)))


def _works(after: list[Word]) -> bool:
    """Whether a work word starts within WORK_REACH words after a bare
    `người`: the persons are counted as workers (`người đi xuất khẩu lao
    động`, `2 - 3 người cùng làm`), not as people."""
    syllables = " ".join(w.lower for w in after).split()
    return _work_word_at(syllables, range(min(len(syllables), WORK_REACH + 1)))


SUBJECT_LINKS = ("có", "là", "gồm", "gồm có")  # `cán bộ chuyên trách hiện có 422 người`
PERSONS = ("workers", "people")


def _workers_nearby(clause: list[str]) -> str | None:
    """A bare `người` right after a noun for work counts workers: jobs or
    staff counted in persons (`tạo việc làm cho khoảng 8.000 người`, `nhu
    cầu nhân lực tăng lên 20.000 người`)."""
    nearby = clause[-NOUN_LOOK_BACK:]
    found = any(_known_noun(nearby[start:]) == "workers" for start in range(len(nearby)))
    return "workers" if found else None


def _persons_of_the_subject(clause: list[str]) -> str | None:
    """`cán bộ chuyên trách công đoàn hiện có 422 người`: a bare `người`
    linked to its subject by `có`/`là`/`gồm` counts the persons the subject
    names, when the clause opens with a noun for persons; persons demanded
    (`nhu cầu đào tạo giáo viên … là 599 người`, `patterns/count_demand_words.tsv`)
    are staff: workers."""
    words = [w for w in clause if w not in lexicons().qualifiers]
    if not any(" ".join(words[-size:]) in SUBJECT_LINKS for size in (1, 2)):
        return None
    demanded = next((at + len(word.split()) for at in range(min(len(words), DEMAND_REACH))
                     for word in demand_words() if words[at:at + len(word.split())] == word.split()), 0)
    opening = range(demanded, min(len(words), demanded + NOUN_LOOK_BACK))
    found = next((_known_noun(words[at:]) for at in opening if _known_noun(words[at:]) is not None), None)
    if found in PERSONS and demanded:
        return "workers"
    return found if found in PERSONS else None


DEMAND_REACH = 2  # syllables before a demand word that opens a subject (`tổng nhu cầu`)


@rule_loader
def demand_words() -> frozenset[str]:
    """Words for a demand of persons (`nhu cầu`: `patterns/count_demand_words.tsv`)."""
    return read_word_list("count_demand_words.tsv")


def _known_noun(syllables: list[str]) -> str | None:
    """The indicator of the longest lexicon noun the syllables start with."""
    table = indicators().count_by_noun
    for size in range(min(len(syllables), indicators().longest_noun), 0, -1):
        found = table.get(" ".join(syllables[:size]))
        if found:
            return found
    return None


def count_indicator_column(optional: bool = False) -> Column:
    """The column of a count indicator: one the indicator lexicon counts."""
    return Column("count indicator", sorted(set(indicators().count_by_noun.values())), optional)


@rule_loader
def count_classifiers() -> dict[str, str | None]:
    """Classifiers and the indicator they give when their noun is unknown."""
    classifiers: dict[str, str | None] = {}
    rows = read_table("count_classifiers.tsv", "word", count_indicator_column(optional=True))
    for _, (word, indicator) in rows:
        classifiers[" ".join(word.lower().split())] = indicator or None
    return classifiers


def _noun_longer_than(syllables: list[str], size: int) -> bool:
    """Whether a lexicon noun longer than `size` syllables starts the syllables."""
    table = indicators().count_by_noun
    return any(" ".join(syllables[:longer]) in table
               for longer in range(size + 1, min(len(syllables), indicators().longest_noun) + 1))


@rule_loader
def counted_in_large_numbers() -> dict[str, tuple[str, float]]:
    """Nouns that name something else from a number on: noun → (indicator, from)."""
    nouns: dict[str, tuple[str, float]] = {}
    rows = read_table("count_large_numbers.tsv", "word", count_indicator_column(),
                      Column("from", numbers=(-math.inf, math.inf)))
    for _, (word, indicator, start) in rows:
        nouns[" ".join(word.lower().split())] = indicator, float(start)
    return nouns


@rule_loader
def number_of() -> frozenset[str]:
    """Words for "the number of" (`số`, `lượng`: `patterns/count_number_of.tsv`)."""
    return read_word_list("count_number_of.tsv")


@rule_loader
def count_groups() -> frozenset[str]:
    """Classifiers of groups (`nhóm`): a group of persons counts as count."""
    return read_word_list("count_groups.tsv")


@rule_loader
def person_endings() -> frozenset[str]:
    """Last syllables of words for persons (`-viên`, `-sĩ`, `-thủ`)."""
    return read_word_list("count_person_endings.tsv")


def persons_named_elsewhere(facts: list[Fact]) -> list[Fact]:
    """`2.300 người` is the `2.300 công nhân` named elsewhere in the
    article: a count of `người` and nothing more takes the workers
    indicator of another count of its value. Other counts keep their own:
    two counts with one value are often two figures (`4 đảo`, `4 hạng mục`)."""
    named = {(fact.value, fact.value_max) for fact in facts
             if fact.kind == "count" and fact.indicator == "workers"}
    for fact in facts:
        if _only_persons(fact) and fact.value >= PERSONS_RENAMED_FROM \
                and (fact.value, fact.value_max) in named:
            fact.indicator = "workers"
    return facts


def _only_persons(fact: Fact) -> bool:
    """A count of `người` and nothing more specific (`2.300 người tham gia`,
    not `2.300 người dân`)."""
    syllables = (fact.subject or "").lower().split()
    table = indicators().count_by_noun
    specific = any(" ".join(syllables[:size]) in table for size in range(2, len(syllables) + 1))
    return fact.kind == "count" and fact.indicator == "people" and syllables[:1] == ["người"] \
        and not specific


def persons_of_their_total(text: str, facts: list[Fact]) -> list[Fact]:
    """`hơn 6.000 công nhân viên. Trong đó, người Việt là 5.037 người`, `tạo
    việc làm cho 15 công nhân, trong đó có 3 người khuyết tật`: a count of
    persons (`người` …) introduced as a part (`patterns/figure_parts.tsv`) of
    a larger count of workers, in its sentence or the one before, counts
    workers too; so do the parts after it in its sentence (`trong đó mầm non
    294 người, tiểu học 599 người`). A part is of its total's kind."""
    counts = [fact for fact in facts if fact.kind == "count"]
    totals: dict[int, float] = {}  # id of a part made workers → the value of its total
    for before, part in pairwise(counts):
        if before.indicator != "workers" or part.indicator != "people" or not _persons_named(part):
            continue
        between = text[before.end:part.start]
        ends = [end.end() for end in SENTENCE_END.finditer(between)]
        if "\n" in between or len(ends) > 1:
            continue
        if not ends and (id(before) in totals or (_persons_named(before) and _after_a_part_word(before))):
            whole = totals.get(id(before), math.inf)  # the next part of one list
        elif figure_rules().part_words.search(between, ends[-1] if ends else 0):
            whole = before.value
        else:
            continue
        if part.value < whole:
            part.indicator = "workers"
            totals[id(part)] = whole
    return facts


def _after_a_part_word(fact: Fact) -> bool:
    """Whether a part word stands before the fact in its sentence (`trong đó mầm non 294 người`)."""
    return bool(figure_rules().part_words.search(fact.sentence, 0, max(0, fact.sentence.find(fact.text))))


def _persons_named(fact: Fact) -> bool:
    """A count of `người`, or of persons named by `người` and more (`người khuyết tật`)."""
    return (fact.subject or "").lower().split()[:1] == ["người"]
