"""What a money amount measures: ANNOTATION.md's budget, revenue, price or money.

A Vietnamese noun phrase puts its head first (`doanh thu từ cho thuê văn
phòng`, `giá xuất khẩu gạo`, `lợi nhuận sau thuế`), so an amount belongs to
the first money noun of the phrase before it, not to the cue word nearest
to it (`thuê`, `xuất khẩu`, `thuế`). The evidence, in order of trust:

1. a conversion (`79 USD, tương đương 1,8 triệu đồng`) repeats the amount it converts;
2. a strong cue of the phrase: a debt, a fine, a crime or damages is money
   whatever it was for (`nợ 11 tỷ đồng tiền thuê đất`);
3. the head noun the amount belongs to: the first money noun of the phrase
   before it — found by skipping the links (`là`, `đạt`, `ở mức`) and
   qualifiers before the amount and stopping at a word that starts another
   predicate (`giúp`, `nên`, `trong đó`) — or the noun right after it
   (`2.040 tỷ đồng lợi nhuận gộp`);
4. the verb that governs it (`chi 300 triệu`, `thu về 2 tỷ đồng`);
5. a generic noun (`số tiền`, `trị giá`), saying what the thing it values
   is (`dự án … trị giá`: budget, `patterns/money_generic_owners.tsv`);
6. a per-unit goods denominator makes an amount with a sale cue, a generic
   cue or none a price (`bán được 1.800 USD/tấn`, `450 USD một tấn`), and so
   does a generic cue naming the value of one item (`giá trị của chiếc xe`);
7. what the clause says before it, phrase by phrase back to an earlier
   amount (a clause that says nothing new repeats that amount's indicator:
   `doanh số năm 2016 là 11 triệu USD, tháng 1/2017 đạt 1 triệu USD`), then
   the sentence before the amount (its nearest cue), a few words after it
   in its clause,
   a stock code opening the clause (a share's price);
8. across the article (`name_like_the_article`): an amount no word names
   takes the indicator most of the article's telling amounts share.

The lexicons are `patterns/indicators.jsonl` (cues by role) and
`patterns/money_clause_words.tsv` (links and breaks), so a user adds a word
without touching Python.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import regex

from extractor.context.provinces import not_tickers
from extractor.indicators import MONEY_INDICATORS, MoneyCue, counted_nouns, indicators
from extractor.match import lexicons
from extractor.model import Fact
from extractor.numbers import number_words
from extractor.patterns import Column, read_table, read_word_list, rule_loader

CLAUSE_ROLES = ("link", "break", "predicate")
CRIME_ROLES = ("crime", "against")
PHRASE_BREAK = regex.compile(r"[,;:!?()\[\]“”\"…]|\.\s|\s[-–]\s")
CLAUSE_BREAK = regex.compile(r"[;:!?]|\.\s")
EACH = regex.compile(r"(?<!\w)(?:mỗi|một|1)\s+(\w+(?:\s\w+)?)")  # `mỗi tấn`: what it is per
EACH_AFTER = regex.compile(r"^\s*(?:(?:cho|trên)\s+|(?:để\s+)?(?:mua|sắm|tậu|rước)\s+(?:lại\s+|về\s+)?)"
                           r"(?:mỗi|một|1)\s+(\w+(?:\s\w+)?)")  # `cho một tấn`, `để mua một chiếc xe`
OF_ONE = regex.compile(r"\s*của\s+(?:mỗi\s+|một\s+|1\s+)?(\w+(?:\s\w+)?)")  # `giá trị của chiếc xe`
AFTER_WINDOW = 40  # characters after an amount searched when nothing before it speaks
MAX_SUBJECT = 60
TICKER = regex.compile(r"(?i:(?:cổ phiếu|mã)\s+)?[A-Z][A-Z0-9]{1,3}\b(?!\s+[A-ZĐ])")  # a stock code
NAME_FREE_BEFORE = ("", ":", ";", "-", "–", "“", '"', "•", ".", "…", "!", "?")
ARTICLE_MONEY_MAJORITY = 0.6  # of the money facts whose words say what they are
ARTICLE_MONEY_LEAST = 3
ARTICLE_PRICE_REACH = 100  # how far above the article's highest price an untold amount may be one
SENTENCE_BEFORE_REACH = 400  # characters read back for the sentence an anaphor points to
SENTENCE_END = regex.compile(r"[.!?…]\s|\n")


@dataclass(frozen=True)
class ClauseWords:
    """Links skipped between a phrase and its amount, and the words that
    start another predicate (`words` finds every clause word, longest first,
    so that a link holding a break, `tương ứng với`, is no break)."""

    links: regex.Pattern
    words: regex.Pattern
    breaks: frozenset[str]


def _alternation(phrases: set[str]) -> str:
    return "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _words_by_role(name: str, roles: tuple[str, ...]) -> dict[str, set[str]]:
    """The phrases of a rule file of `word <TAB> role` rows, lower-cased, by role."""
    words: dict[str, set[str]] = {role: set() for role in roles}
    for _, (word, role) in read_table(name, "word", Column("role", roles)):
        words[role].add(" ".join(word.lower().split()))
    return words


@rule_loader
def clause_words() -> ClauseWords:
    words = _words_by_role("money_clause_words.tsv", CLAUSE_ROLES)
    links = words["link"] | words["predicate"]  # a predicate both links and breaks
    breaks = words["break"] | words["predicate"]
    links |= lexicons().qualifiers | read_word_list("qualifier_fillers.tsv")
    return ClauseWords(
        links=regex.compile(rf"(?:(?<!\w)(?:{_alternation(links)})[\s,]*)+$"),
        words=regex.compile(rf"(?<!\w)(?:{_alternation(links | breaks)})(?!\w)"),
        breaks=frozenset(breaks),
    )


@rule_loader
def conversion_gap() -> regex.Pattern:
    """What may stand between an amount and its conversion (`79,99 USD (1,8
    triệu đồng)`, `100.000 USD (hơn 2 tỷ đồng)`, `, tương đương 1,8 triệu`):
    a bracket or comma, a conversion word, a qualifier."""
    conversions = {cue for cue, meaning in indicators().money_by_cue.items()
                   if meaning.role == "conversion"}
    return regex.compile(rf"\s*[(,]?\s*(?:(?:{_alternation(conversions)})\s*)?"
                         rf"(?:(?:{_alternation(set(lexicons().qualifiers))})\s*)?", regex.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """A money cue found in a text: where it starts and what it says."""

    start: int
    phrase: str
    meaning: MoneyCue


def _cues(text: str, start: int, end: int) -> list[Cue]:
    """The cues of `text[start:end]`, in order: of cues inside one another
    the longest (`giá` inside `trị giá` is none); of overlapping cues a
    strong one, then a noun before a verb (`doanh thu từ` → `doanh thu`,
    not `thu từ`), else the last, the most specific in a compound (`mức thu
    nhập` → `thu nhập`); none inside a name (`Bộ Kế hoạch và Đầu tư`), nor
    inside a compound that starts before `start` (`có vốn đầu tư nước ngoài`
    read from `vốn`)."""
    by_cue = indicators().money_by_cue
    reach = max(0, start - indicators().longest_cue)  # a compound holding `start` starts no earlier
    found = list(indicators().money_cues.finditer(text.lower(), reach, end, overlapped=True))

    def rank(m: regex.Match) -> tuple[bool, bool, int]:
        return by_cue[m.group()].strong, by_cue[m.group()].role == "noun", m.end()

    kept = [m for m in found if not any(
        other is not m and other.start() < m.end() and m.start() < other.end()
        and ((other.start() <= m.start() and m.end() <= other.end())
             or (not (m.start() <= other.start() and other.end() <= m.end()) and rank(other) > rank(m)))
        for other in found)]
    return [Cue(m.start(), m.group(), by_cue[m.group()]) for m in kept if m.start() >= start
            and by_cue[m.group()].role != "ignore" and not _in_name(text, m.start())]


def _in_name(text: str, start: int) -> bool:
    """A capitalised word is part of a name unless it starts the sentence or
    what follows a colon, a dash or a quote, or is an acronym (`GDP`, `IPO`)."""
    word = text[start:].split(maxsplit=1)[0]
    return text[start].isupper() and not word.isupper() \
        and text[:start].rstrip()[-1:] not in NAME_FREE_BEFORE


def _phrase(before: str, start: int, breaks: bool = True) -> tuple[int, int, bool]:
    """Where the phrase that an amount written after `before[start:]`
    belongs to starts and ends: without the links and qualifiers that end
    the text (never cutting a cue: `tiết giảm` is no link `giảm`), from its
    last break on (with `breaks`); and whether anything stood between the
    phrase and the amount (a conversion cue counts only right before it)."""
    words = clause_words()
    text = before[start:].rstrip(" ,")
    cut = len(words.links.sub("", text).rstrip())
    cut = max([cut, *(m.end() for m in indicators().money_cues.finditer(text.lower(), overlapped=True)
                      if m.start() < cut < m.end())])
    trimmed = text[:cut]
    cuts = [m for m in words.words.finditer(trimmed.lower()) if m.group() in words.breaks] \
        if breaks else []
    first = start + (cuts[-1].end() if cuts else 0)
    return first, start + len(trimmed), trimmed != before[start:].rstrip()


def _choose(cues: list[Cue], end: int, converts: bool, after: Cue | None,
            copula: bool = False) -> Cue | None:
    """The cue the amount belongs to, in the module's order of trust, or
    None when only a generic cue (or nothing) speaks. A verb that ends the
    phrase governs the amount even after a noun (`Quỹ châu Âu tài trợ €2
    triệu`: the fund is the agent), unless the noun is right before it
    (`kinh phí hỗ trợ`: the verb only qualifies the noun) or a copula
    links the phrase to the amount (`trái phiếu đến hạn trả là 8.468 tỷ`:
    the phrase is a noun phrase, its verb a relative clause). An earning
    named after the amount yields to a verb of paying right before it."""
    if cues and cues[-1].meaning.role == "conversion" and converts:
        return cues[-1]
    cues = [cue for cue in cues if cue.meaning.role != "conversion"]
    nouns = [c for c in cues if c.meaning.role == "noun"][:1]
    verbs = [c for c in cues if c.meaning.role == "verb"][-1:]
    if nouns and verbs and not copula and verbs[0].start + len(verbs[0].phrase) == end \
            and nouns[0].start + len(nouns[0].phrase) + 1 < verbs[0].start \
            and not _negative_earning(verbs[0], nouns[0]):
        nouns = []
    if after and verbs and _pays_what_another_earns(verbs[0], after) \
            and verbs[0].start + len(verbs[0].phrase) == end:
        after = None  # `phải trả 8 triệu đồng tiền lãi`: interest paid is no earning of the payer
    for candidates in ([c for c in cues if c.meaning.strong][-1:], nouns,
                       [after] if after else [], verbs):
        if candidates:
            return candidates[0]
    return None


def _negative_earning(verb: Cue, noun: Cue) -> bool:
    """Whether a sign word ending the phrase (`âm`, `patterns/sign_words.tsv`)
    only says that an earning is negative (`EPS tương ứng còn âm 243 đồng`):
    a sign names no agent, and a negative profit is a loss, which ANNOTATION.md
    counts as revenue. A fund or balance below zero stays a deficit (`quỹ dự
    phòng sẽ hết và âm 100 tỷ đồng`: money)."""
    return verb.phrase in lexicons().signs and noun.meaning.indicator == "revenue"


def _pays_what_another_earns(verb: Cue, noun: Cue) -> bool:
    """Whether a verb of paying (money that a per-unit denominator makes a
    price: `trả`, `thanh toán`, `chịu`) governs an earning named after the
    amount (`trả 8 triệu đồng tiền lãi`): the payer spends it. A tax or a
    trade value (a `sale` noun: `trả 750 USD tiền thuế`) stays revenue, as
    ANNOTATION.md counts what the state collects."""
    return verb.meaning.indicator == "money" and verb.meaning.sale \
        and noun.meaning.indicator == "revenue" and not noun.meaning.sale


def _noun_after(after: str) -> Cue | None:
    """A money noun right after the amount (`2.040 tỷ đồng lợi nhuận gộp`,
    `70.000 tỷ đồng vốn cố định`)."""
    first = len(after) - len(after.lstrip())
    cues = _cues(after, first, min(len(after), first + AFTER_WINDOW))
    return next((cue for cue in cues[:1] if cue.start == first and cue.meaning.role == "noun"), None)


@dataclass(frozen=True)
class MoneyMeaning:
    """The indicator of a money amount and the words that said so."""

    indicator: str
    subject: str | None
    cue: MoneyCue | None
    elsewhere: bool = False  # the cue stands outside the amount's clause: weak evidence


def says_only_money(subject: str | None) -> bool:
    """Whether a money fact's subject names no cue, or only a generic one
    (`số tiền`): another mention of the figure may say more."""
    cues = _cues(subject, 0, len(subject)) if subject else []
    return not cues or cues[0].meaning.role == "generic"


def speaks_of_money(text: str) -> bool:
    """Whether a text names any money cue (`giá 18,1 tỷ`: an amount without
    a currency word is VND there)."""
    return bool(_cues(text, 0, len(text)))


@rule_loader
def _earlier_amount() -> regex.Pattern:
    """An amount of money or millions written before the one being read:
    what is said before it is about that amount (`kiếm được 53 triệu USD …,
    công ty của anh trị giá 26 triệu USD`). Millions of a unit or of a
    counted noun are no amount: `nhập khẩu 22 triệu tấn thép, trị giá 10
    tỷ USD` is the value of the import."""
    magnitudes = {word for word, entry in number_words().items() if entry.role == "magnitude"}
    currencies = set(lexicons().currencies)
    measured = set(lexicons().units) | counted_nouns()
    return regex.compile(rf"\d[\d.,]*\s*(?:(?:{_alternation(magnitudes)})(?!\w)\s*)*"
                         rf"(?:{_alternation(magnitudes)})(?!\w)"
                         rf"(?:\s*(?:{_alternation(currencies)})(?!\w)|(?!\s*(?:{_alternation(measured)})(?!\w)))"
                         rf"|\d[\d.,]*\s*(?:{_alternation(currencies)})(?!\w)", regex.IGNORECASE)


@rule_loader
def _measured_amount() -> regex.Pattern:
    """Millions of a unit or of a counted noun (`22 triệu tấn`, `11 triệu đơn vị`)."""
    magnitudes = {word for word, entry in number_words().items() if entry.role == "magnitude"}
    measured = set(lexicons().units) | counted_nouns()
    return regex.compile(rf"\d[\d.,]*\s*(?:(?:{_alternation(magnitudes)})(?!\w)\s*)+"
                         rf"(?:{_alternation(measured)})(?!\w)", regex.IGNORECASE)


def _reach(before: str, clause_at: int) -> int:
    """Where the words about the amount at the end of `before` start in its
    clause: after the last earlier amount, or after millions of something
    that no cue governs (`…, chỉ 11 triệu đơn vị, giá trị 264 tỷ đồng` is the
    value of those; `nhập khẩu 22 triệu tấn thép, trị giá` reads on)."""
    reach = max((m.end() for m in _earlier_amount().finditer(before, clause_at)), default=clause_at)
    for measured in _measured_amount().finditer(before, reach):
        opened = max((m.end() for m in PHRASE_BREAK.finditer(before, reach, measured.start())),
                     default=reach)
        if not _cues(before, opened, measured.start()):
            reach = measured.end()
    return reach


def is_unnamed_money(before: str, after: str) -> bool:
    """Whether an amount with no currency word is money all the same: a
    money word stands right after it where a counted noun would (`31.000 tỷ
    doanh thu`, `300 triệu mua giống`, `11 triệu phí chuyển nhượng`), or a
    verb whose object is always money governs it (`chi 300 triệu xây nhà`)."""
    first = len(after) - len(after.lstrip())
    following = _cues(after, first, min(len(after), first + AFTER_WINDOW))
    if following and following[0].start == first and following[0].meaning.role != "conversion":
        return True
    phrase_at = max((m.end() for m in PHRASE_BREAK.finditer(before)), default=0)
    start, end, _ = _phrase(before, phrase_at)
    cues = _cues(before, start, end)
    return bool(cues) and cues[-1].meaning.money_only and cues[-1].start + len(cues[-1].phrase) == end


def _continues_list(before: str, comma: int, end: int) -> bool:
    """Whether `before[comma:end]`, after a comma, starts with a cue and the
    text before the comma ends with one: a list of cues (`nợ thuế, phí`)."""
    if before[comma - 1:comma] != ",":
        return False
    segment = before[comma:end]
    first = comma + len(segment) - len(segment.lstrip())
    cues = _cues(before, comma, end)
    return bool(cues) and cues[0].start == first and _cue_before_comma(before, comma)


def _lists_cues(before: str, comma: int) -> bool:
    """Whether the nearest phrase, after the comma ending at `comma`, is one
    cue that lists on from a cue before the comma (`nợ thuế, phí …`)."""
    if before[comma - 1:comma] != ",":
        return False
    first, end, _ = _phrase(before, comma, breaks=False)
    cues = _cues(before, first, end)
    lone = len(cues) == 1 and before[first:cues[0].start].strip() == "" \
        and cues[0].start + len(cues[0].phrase) == end
    return lone and _cue_before_comma(before, comma)


FIGURE_END = regex.compile(r"\d\s*%?\s*$")


def _cue_before_comma(before: str, comma: int) -> bool:
    """Whether a cue ends the text before the comma ending at `comma`, the
    first item of a list of cues, and is no noun of a figure right before it
    (`đóng góp gần 30% GDP, tổng tài sản trên …`: `GDP` is the percentage's)."""
    ahead = _cues(before, max(0, comma - 1 - MAX_SUBJECT), comma - 1)
    return bool(ahead) and ahead[-1].start + len(ahead[-1].phrase) == comma - 1 \
        and not FIGURE_END.search(before, 0, ahead[-1].start)


OWN_BRACKET = regex.compile(r"(?:/\w+)*\s*\([^()]*\)")  # a rate and an aside right after an amount
COPULA = regex.compile(r"(?<!\w)là(?!\w)")
PREDICATE_BREAK = regex.compile(r"[,;:!?“”\"…]|\.\s|\s[-–]\s")


@rule_loader
def _total_of() -> regex.Pattern:
    """`với (tổng) số tiền`, `với trị giá` ending the text before an amount."""
    generic = {cue for cue, meaning in indicators().money_by_cue.items() if meaning.role == "generic"}
    return regex.compile(rf"(?<!\w)với\s+(?:tổng\s+)?(?:{_alternation(generic)})\s*$", regex.IGNORECASE)


def _predicate_cue(before: str, reach: int) -> Cue | None:
    """What `với (tổng) số tiền/trị giá` right before the amount measures:
    the predicate before `với`, back to its comma (its brackets are inside
    it), says what the total is of: a strong cue, else its first verb (the
    nouns after it are its objects: `vận động doanh nghiệp hỗ trợ vé xe cho
    công nhân với tổng số tiền 32 tỷ` is a support), else its first noun
    (`nhập khẩu 22 triệu tấn thép, với tổng trị giá`)."""
    _, end, _ = _phrase(before, reach, breaks=False)
    total = _total_of().search(before, reach, end)
    if total is None:
        return None
    at = total.start()
    breaks = [reach, *(m.end() for m in PREDICATE_BREAK.finditer(before, reach, at))]
    while len(breaks) > 1 and _continues_list(before, breaks[-1], at):
        breaks.pop()  # `nợ thuế, phí và tiền thuê đất với tổng số tiền`: one list of cues
    opened = breaks[-1]
    said = [c for c in _cues(before, opened, at) if c.meaning.role in ("noun", "verb")]
    cues = [c for c in said if c.meaning.indicator != "price"]
    strong = [c for c in cues if c.meaning.strong][-1:]
    verbs = [c for c in cues if c.meaning.role == "verb"][:1]
    if strong or verbs or cues or not said:
        return next(iter(strong or verbs or cues), None)
    return next((c for c in _cues(before, at, end) if c.meaning.role == "generic"), None)


def money_meaning(before: str, after: str, converts: bool = False) -> MoneyMeaning:
    """What the amount between `before` and `after` measures (`_meaning_of_words`),
    and money whatever a verb or a generic word says in a sentence that tells a
    crime before it (`tells_a_crime`)."""
    meaning = _meaning_of_words(before, after, converts)
    weak = meaning.cue is None or (meaning.cue.role in ("verb", "generic") and not meaning.cue.strong)
    if meaning.indicator not in ("money", "previous") and tells_a_crime(before) and weak:
        return MoneyMeaning("money", meaning.subject, meaning.cue, meaning.elsewhere)
    if meaning.indicator != "previous" and (meaning.cue is None or meaning.cue.role == "verb") and weak \
            and _paid_for_access(before):
        return MoneyMeaning("price", meaning.subject, meaning.cue, meaning.elsewhere)
    return meaning


ACCESS_ROLES = ("pay", "condition")


@rule_loader
def access_words() -> tuple[regex.Pattern, regex.Pattern]:
    """`phải` and a verb of paying ending the text before an amount (the
    words between them its objects and qualifiers), and the words of a
    condition or purpose (`patterns/money_access_words.tsv`)."""
    words = _words_by_role("money_access_words.tsv", ACCESS_ROLES)
    paying = _alternation(words["pay"])
    pays = regex.compile(rf"(?<!\w)phải\s+(?:{paying})(?!\w)[^\d,;:.]{{0,{ACCESS_REACH}}}$", regex.IGNORECASE)
    return pays, regex.compile(rf"(?<!\w)(?:{_alternation(words['condition'])})(?!\w)", regex.IGNORECASE)


ACCESS_REACH = 40  # characters between the verb of paying and the amount


def _paid_for_access(before: str) -> bool:
    """Whether the amount is what one must pay to do what its sentence says
    first (`Để qua cầu này, người dân phải chi trả khoảng 3 USD`): a price."""
    pays, conditions = access_words()
    paid = pays.search(before)
    return paid is not None and conditions.search(before, 0, paid.start()) is not None


@rule_loader
def crime_words() -> regex.Pattern:
    """Words that tell a crime or its enforcement, each with the word of fighting
    it that may stand before it (`patterns/money_crime_words.tsv`)."""
    words = _words_by_role("money_crime_words.tsv", CRIME_ROLES)
    return regex.compile(rf"(?<!\w)(?:(?P<against>{_alternation(words['against'])})\s+(?:\w+\s+)?)?"
                         rf"(?:{_alternation(words['crime'])})(?!\w)", regex.IGNORECASE)


def tells_a_crime(before: str) -> bool:
    """Whether the text names a crime, not a fight against one (`lừa 700 khách
    hàng … để thu về 280 tỷ đồng`: the proceeds are money; `Ban chỉ đạo chống
    buôn lậu … tốn 200 triệu đồng`: a budget)."""
    return any(m.group("against") is None for m in crime_words().finditer(before))


def _meaning_of_words(before: str, after: str, converts: bool = False) -> MoneyMeaning:
    """What the amount between `before` (its sentence up to the amount) and
    `after` (the sentence after the amount and its rate) measures. The
    phrases of its clause are read from the nearest back, each first from
    its last break on, then whole, back to an earlier amount in the clause.
    When an amount of money stands before (`converts`), a conversion cue
    right before this one, or nothing said since that amount in its clause,
    gives the indicator `previous`: the caller knows that amount; with no
    amount of money before, a conversion cue says nothing (`1,7 triệu ly sữa
    tương đương 12,5 tỷ đồng`)."""
    after_noun = _noun_after(after)
    clause_at = max((m.end() for m in CLAUSE_BREAK.finditer(before)), default=0)
    reach = _reach(before, clause_at)
    if reach > clause_at and (aside := OWN_BRACKET.match(before, reach)):
        reach = aside.end()  # `55,6 triệu đồng/lượng (mua - bán), giảm 300.000 đồng`: that amount's words
    bounds = [len(before), *sorted((m.end() for m in PHRASE_BREAK.finditer(before, reach)),
                                   reverse=True), reach]
    if len(bounds) > 2 and _lists_cues(before, bounds[1]):
        del bounds[1]  # `nợ thuế, phí lên tới 162 tỷ`: the phrase is a list of cues
    total_of = _predicate_cue(before, reach)
    if total_of is not None:
        return _valued(before, reach, total_of) or _meaning(total_of, before[total_of.start:])
    generic: Cue | None = None
    for stop, start in pairwise(bounds):
        for breaks in (True, False):
            first, end, linked = _phrase(before[:stop], start, breaks)
            if breaks and first == start:
                continue  # nothing to break: the whole phrase is read once
            cues = _cues(before, first, end)
            cue = _choose(cues, end, converts and not linked and stop == len(before), after_noun,
                          copula=bool(COPULA.search(before, end, stop)))
            if cue is not None and cue is after_noun:
                return _meaning(cue, after.strip()[:len(cue.phrase)])
            if cue is not None:
                return _meaning(cue, before[cue.start:])
            generic = generic or next((c for c in cues if c.meaning.role == "generic"), None)
            if generic is not None and stop == len(before) and before[start - 1:start] == "(":
                # `bán cổ phần cho nhà đầu tư (thương vụ này có giá trị hơn 2.000 tỷ)`: an aside
                # gives the value of the thing before it, which its noun names, not its verb
                named = _noun_before_aside(before, start - 1, reach)
                return _meaning(named or generic, before[(named or generic).start:])
        after_noun = None  # right after the amount is the nearest phrase's own noun only
    listed = converts and before[clause_at - 1:clause_at] == ";"
    if generic is not None and not listed and not _repeats_generic(before, clause_at, reach, generic):
        return _valued(before, reach, generic) or _meaning(generic, before[generic.start:])
    if converts and (reach > clause_at or listed):
        # `doanh số năm 2016 là 11 triệu USD, tháng 1/2017 đạt 1 triệu USD`: parallel clauses;
        # `…, trị giá 4,4 tỷ USD; Hàn Quốc 1,8 triệu tấn, trị giá 1 tỷ USD`: items of a list
        return MoneyMeaning("previous", generic and before[generic.start:].strip()[:MAX_SUBJECT],
                            None)
    nearest = [c for c in _cues(before, 0, len(before)) if c.meaning.role != "conversion"]
    if nearest:
        cue = max(nearest, key=lambda c: (c.meaning.role != "generic", c.start >= clause_at, c.start))
        return _meaning(cue, before[cue.start:], elsewhere=cue.start < clause_at)
    own_clause = next((m.start() for m in CLAUSE_BREAK.finditer(after)), len(after))
    following = [c for c in _cues(after, 0, min(own_clause, AFTER_WINDOW))
                 if c.meaning.role != "conversion"]
    if quoted_assets().search(before, reach):
        return MoneyMeaning("price", None, None)  # `Bitcoin tăng từ 40.000 USD lên 60.000 USD`
    if following:
        return _meaning(following[0], after[following[0].start:])
    if reach > clause_at and any(c.meaning.role == "conversion" for c in _cues(before, reach, len(before))):
        # `48 triệu cổ phiếu giao dịch tương ứng 902 tỷ đồng`: the value of those things
        return MoneyMeaning("money", before[reach:].strip()[:MAX_SUBJECT], None)
    ticker = TICKER.match(before[clause_at:].lstrip())
    if ticker and ticker.group().split()[-1] not in not_tickers():
        return MoneyMeaning("price", None, None)  # `ROS … giảm về 6.470 đồng`: a share's price
    return MoneyMeaning("money", None, None)


@rule_loader
def generic_owners() -> tuple[regex.Pattern, dict[str, str]]:
    """Nouns whose value a generic cue names, and what that value measures
    (`patterns/money_generic_owners.tsv`: `dự án`, `hợp đồng` → budget)."""
    owners = {" ".join(noun.lower().split()): indicator for _, (noun, indicator) in read_table(
        "money_generic_owners.tsv", "noun", Column("indicator", MONEY_INDICATORS))}
    return regex.compile(rf"(?<!\w)(?:{_alternation(set(owners))})(?!\w)", regex.IGNORECASE), owners


def _valued(before: str, reach: int, generic: Cue) -> MoneyMeaning | None:
    """What a generic cue measures when the text from its clause's reach to
    the amount names the thing valued (`dự án … trị giá hơn 1 tỷ USD`,
    `quy mô chương trình QE trị giá 4.500 tỷ USD`): the cost of a project
    or a programme is budget. Only a generic cue yields: a cue that says
    more is kept."""
    if generic.meaning.role != "generic":
        return None
    pattern, owners = generic_owners()
    found = [m for m in pattern.finditer(before, reach) if m.start() != generic.start]
    if not found:
        return None
    owner = found[-1]
    return MoneyMeaning(owners[owner.group().lower()], before[owner.start():].strip()[:MAX_SUBJECT],
                        generic.meaning)


def _noun_before_aside(before: str, bracket: int, reach: int) -> Cue | None:
    """The first money noun of the phrase before a bracket (`học bổng X năm
    2018 (tổng giá trị là $4.000)` is a grant), if any."""
    opened = max((m.end() for m in PHRASE_BREAK.finditer(before, reach, bracket)), default=reach)
    return next((c for c in _cues(before, opened, bracket) if c.meaning.role == "noun"), None)


def _repeats_generic(before: str, clause_at: int, reach: int, generic: Cue) -> bool:
    """Whether the earlier amount of the clause was named by the same
    generic cue as this one (`xây kho trị giá 133 triệu USD và nhà máy công
    suất 300.000 tấn, trị giá 336 triệu USD`): parallel phrases, so this
    amount is what that one is."""
    earlier = [m for m in _earlier_amount().finditer(before, clause_at) if m.end() <= reach]
    if not earlier:
        return False
    head = before[:earlier[-1].start()]
    _, end, _ = _phrase(head, clause_at, breaks=False)
    return head[:end].lower().endswith(generic.phrase)


def _meaning(cue: Cue, subject: str, elsewhere: bool = False) -> MoneyMeaning:
    indicator = "previous" if cue.meaning.role == "conversion" else cue.meaning.indicator
    if cue.phrase in purchase_verbs() and _buys_several(subject[len(cue.phrase):]):
        indicator = "budget"  # `mua 3 xe chuyên dụng hơn 4,1 tỷ đồng`: spent on them, no price of one
    return MoneyMeaning(indicator or "money", subject.strip()[:MAX_SUBJECT] or None, cue.meaning,
                        elsewhere)


@rule_loader
def _several_things() -> regex.Pattern:
    """More than one of a counted noun (`3 xe`, `21,3 triệu cổ phiếu`)."""
    magnitudes = {word for word, entry in number_words().items() if entry.role == "magnitude"}
    return regex.compile(rf"(?<![\w.,/])(?:[2-9]|\d[\d.,]*\d)\s+(?:(?:{_alternation(magnitudes)})\s+)*"
                         rf"(?:{_alternation(set(counted_nouns()))})(?!\w)", regex.IGNORECASE)


@rule_loader
def purchase_verbs() -> frozenset[str]:
    """Verbs of buying (`patterns/money_purchase_verbs.tsv`)."""
    return frozenset(" ".join(word.split()) for word in read_word_list("money_purchase_verbs.tsv"))


def _buys_several(objects: str) -> bool:
    """Whether the words a verb of buying governs before the amount count
    several things (`mua 3 xe`, `mua vào 21,3 triệu cổ phiếu, giá trị`): the
    amount is what was spent on them all, not the price of one (ANNOTATION.md:
    a price is for one item or unit)."""
    return bool(_several_things().search(objects))


@rule_loader
def priced_units() -> frozenset[str]:
    """Rate denominators that make a price (`kg`, `tấn`, `lượng`, `cổ phiếu`)."""
    return read_word_list("priced_units.tsv")


def is_priced(meaning: MoneyMeaning, per: str | None, before: str, after: str) -> bool:
    """Whether a per-unit goods denominator makes the amount a price: one
    written after it (`bán được 1.800 USD/tấn`, `450 USD một tấn`, `trả 56
    USD cho một cổ phiếu`) or before it in its clause, after any earlier
    amount (`mỗi tấn cà phê bán được 1.800 USD`; not `mỗi đêm phải trả 4
    triệu, tổng cộng đã trả 250 triệu`), unless it only looks like a unit
    (`một số tỉnh`, `patterns/not_per_unit.tsv`). A cue read outside the
    amount's clause is weak: a unit anywhere before in the sentence makes a
    price (`một hộp dung dịch, theo kiểm toán đầu tư: bệnh viện A 1.597.000
    đồng`). It does for a sale, a generic cue, a conversion or
    none, never for a head noun or verb that says otherwise (`thu nhập 8
    triệu đồng/người`)."""
    if not (meaning.cue is None or meaning.cue.sale or meaning.elsewhere
            or meaning.cue.role in ("generic", "conversion")):
        return False
    units = priced_units()
    if per is not None:
        return per.split("/")[0].lower() in units
    if _value_of_one(meaning, units):
        return True
    clause_at = 0 if meaning.elsewhere else max((m.end() for m in CLAUSE_BREAK.finditer(before)),
                                                default=0)
    reach = _reach(before, clause_at)
    if meaning.cue is not None and meaning.cue.role == "generic" and quoted_assets().search(before, reach):
        return True  # `giá trị đồng Bitcoin đạt 3.017 USD`: the value of one coin
    each = [*EACH.finditer(before.lower(), reach), *EACH_AFTER.finditer(after.lower(), 0, AFTER_WINDOW)]
    return any((m.group(1) in units or m.group(1).split()[0] in units)
               and not _names_no_unit(m.group()) for m in each)


def _value_of_one(meaning: MoneyMeaning, units: frozenset[str]) -> bool:
    """Whether a generic cue names the value of one item (`giá trị của chiếc
    xế hộp này`, `giá trị của tòa nhà`): what one item is worth is its price
    (ANNOTATION.md: a price is for one item or unit)."""
    if meaning.cue is None or meaning.cue.role != "generic" or not meaning.subject:
        return False
    named = _cues(meaning.subject, 0, len(meaning.subject))[:1]
    owner = OF_ONE.match(meaning.subject.lower(), named[0].start + len(named[0].phrase)) if named else None
    return owner is not None and (owner.group(1) in units or owner.group(1).split()[0] in units)


@rule_loader
def quoted_assets() -> regex.Pattern:
    """Things quoted at a price per unit and named without `giá` (`Bitcoin`,
    `tiền ảo`: `patterns/money_quoted_assets.tsv`), as written or lower-cased."""
    return regex.compile(rf"(?<!\w)(?:{_alternation(set(read_word_list('money_quoted_assets.tsv')))})(?!\w)",
                         regex.IGNORECASE)


@rule_loader
def not_per_unit() -> frozenset[str]:
    """`một số`, `một phần`: `một` and a unit word that name no unit."""
    return read_word_list("not_per_unit.tsv")


def _names_no_unit(each: str) -> bool:
    words = each.lower().split()
    return any(" ".join(words[:size]) in not_per_unit() for size in (2, 3))


@rule_loader
def money_anaphors() -> regex.Pattern:
    """Words opening a sentence that point back to the sentence before
    (`Khoản này`, `Quy ra tiền Việt`: `patterns/money_anaphors.tsv`)."""
    return regex.compile(rf"^[\W\d_]*(?:{_alternation(set(read_word_list('money_anaphors.tsv')))})(?!\w)",
                         regex.IGNORECASE)


def _sentence_before(text: str, start: int) -> str:
    """The sentence that ends before `start` (an ellipsis ends one too)."""
    window = text[max(0, start - SENTENCE_BEFORE_REACH):start].rstrip()
    ends = [m.end() for m in SENTENCE_END.finditer(window, 0, max(0, len(window) - 1))]
    return window[ends[-1] if ends else 0:]


def name_from_the_sentence_before(text: str, facts: list[Fact]) -> list[Fact]:
    """Give an amount whose sentence opens by pointing back (`Khoản này đã
    tăng lên gần 60 tỷ đồng`) and says nothing else of it the indicator of
    the last telling cue of the sentence before (`… tiêu tốn vào chi phí
    quản lý doanh nghiệp` → budget)."""
    for fact in facts:
        if fact.kind != "money" or fact.indicator != "money" or not says_only_money(fact.subject):
            continue
        opens = text.rfind(fact.sentence, 0, fact.start + len(fact.sentence))
        if opens < 0 or not money_anaphors().match(fact.sentence):
            continue
        before = _sentence_before(text, opens)
        told = [c for c in _cues(before, 0, len(before)) if c.meaning.role in ("noun", "verb")]
        if told:
            fact.indicator = told[-1].meaning.indicator or "money"
            fact.subject = regex.split(r"\s(?=\d)|[.!?…]", before[told[-1].start:])[0].strip()[:MAX_SUBJECT]
    return facts


def name_like_the_article(facts: list[Fact]) -> list[Fact]:
    """Give an amount whose sentence says nothing of what it is (`"La La
    Land," 7,5 triệu USD`, a price list's `Bản G: 642 triệu đồng`) the
    indicator that most of the article's telling amounts share, when most
    do: a box-office chart is revenue, a toll table prices. A price is of one
    unit, so an amount far above every price the article names (`vốn hóa …
    37 tỷ USD` among coins at 3.000 USD) is no price of its list."""
    said = Counter(f.indicator for f in facts if f.kind == "money" and f.subject is not None)
    if not said:
        return facts
    indicator, count = said.most_common(1)[0]
    if count >= ARTICLE_MONEY_LEAST and count >= ARTICLE_MONEY_MAJORITY * sum(said.values()):
        highest: dict[str | None, float] = {}
        for told in facts:
            if told.kind == "money" and told.subject is not None and told.indicator == indicator:
                highest[told.unit] = max(highest.get(told.unit, 0), told.value_max or told.value)
        for fact in facts:
            priced = highest.get(fact.unit, math.inf) * ARTICLE_PRICE_REACH
            if fact.kind == "money" and fact.indicator == "money" and fact.subject is None \
                    and (indicator != "price" or fact.value <= priced):
                fact.indicator = indicator
    return facts

