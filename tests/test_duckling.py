"""The Vietnamese examples of facebook/duckling, the peer reference, as facts.

Every example of Duckling/AmountOfMoney/VI/Corpus.hs (at 2867ea9e) and
Duckling/Numeral/VI/Corpus.hs (at 754de86f) (BSD licence), transcribed:
money examples said in a money sentence, numerals in a count sentence.
Each must come out as exactly one fact with Duckling's value, in this
project's terms (ANNOTATION.md): a currency's ISO code, cents as hundredths
of their currency, a range as `value`–`value_max`, and the qualifier
ANNOTATION.md gives the words Duckling reads as "under", "above" or
"between".

The few examples ANNOTATION.md makes no fact of, or reads otherwise, are in
`NOT_FACTS`, each with its reason, and tested for what the extractor does
instead. At least 95 % of the examples must be facts as Duckling reads them.
"""

from __future__ import annotations

import pytest

from extractor.pipeline import extract

# (Duckling's value, ISO code or None for a count, value_max, qualifier): its examples
MONEY: list[tuple[tuple[float, str, float | None, str], list[str]]] = [
    ((10, "USD", None, "exact"), ["$10", "10$", "mười đô", "mười đô la", "mười đô mỹ"]),
    ((0.10, "USD", None, "exact"), ["mười xen", "mười xu"]),
    ((10000, "USD", None, "exact"), ["$10.000", "10K$", "$10k"]),
    ((1.23, "USD", None, "exact"), ["USD1,23"]),
    ((2.23, "USD", None, "exact"), ["2 đô la và 23 xen", "hai đô la và 23 xen", "2 đô 23 xu", "hai đô 23",
                                    "2 chấm 23 đô la", "hai phẩy 23 đô"]),
    ((10, "VND", None, "exact"), ["mười đồng"]),
    ((10000, "VND", None, "exact"), ["10.000 đồng", "10K đồng", "10k đồng"]),
    ((1000, "VND", None, "exact"), ["1000 VNĐ", "VN$1000"]),
    ((20, "EUR", None, "exact"), ["20€", "20 euros", "20 Euro", "20 Euros", "EUR 20"]),
    ((29.99, "EUR", None, "exact"), ["EUR29,99"]),
    ((20, "INR", None, "exact"), ["Rs. 20", "Rs 20", "20 Rupees", "20Rs", "Rs20"]),
    ((20.43, "INR", None, "exact"), ["20 Rupees 43", "hai mươi rupees 43", "hai mươi rupees 43 xen"]),
    ((33, "INR", None, "exact"), ["INR33"]),
    ((9, "GBP", None, "exact"), ["£9", "chín pounds"]),
    ((3.01, "GBP", None, "exact"), ["GBP3,01", "GBP 3,01"]),
    ((1, "AED", None, "exact"), ["1 AED.", "1 dirham"]),
    ((1000, "VND", 2000, "exact"), ["giữa 1000 và 2000 đồng", "giữa 1000 đồng và 2000 đồng",
                                    "từ 1000 đồng đến 2000 đồng", "từ 1000 VNĐ tới 2000 VNĐ",
                                    "từ 1000 đến 2000 đồng", "1000-2000 đồng"]),
    # ANNOTATION.md: a qualifier word before the whole range qualifies it
    ((1000, "VND", 2000, "about"), ["khoảng 1000-2000 đồng", "khoảng chừng từ 1000 đến 2000 đồng",
                                    "tầm khoảng 1000 tới 2000 đồng", "xấp xỉ VND1000-VND2000"]),
    ((1.1, "USD", 1.3, "exact"), ["giữa 1,1 và 1,3 đô la", "từ 1 phẩy 1 đến một chấm ba đô la"]),
    # Duckling's "under": below (dưới, ít hơn, kém hơn, không tới) or at most (không quá …)
    ((7000, "VND", None, "less_than"), ["dưới bảy ngàn đồng", "ít hơn bảy nghìn đồng", "kém hơn 7k đồng",
                                        "không tới 7000 đồng"]),
    ((7000, "VND", None, "at_most"), ["không cao hơn 7000 đồng", "không hơn 7.000 đồng",
                                      "không quá 7.000 đồng", "từ 7000 đồng trở xuống"]),
    # Duckling's "above": more than (hơn, trên, cao hơn) or at least (ít nhất, không ít hơn, trở lên)
    ((1.42, "USD", None, "more_than"), ["nhiều hơn 1 đô la và bốn mươi hai xen", "hơn 1,42 đô la",
                                        "trên một đô la và 42 xu", "cao hơn $1,42"]),
    ((1.42, "USD", None, "at_least"), ["ít nhất $1,42", "không ít hơn 1,42 đô la", "từ $1,42 trở lên"]),
]

NUMERALS: list[tuple[float, list[str]]] = [
    (0, ["0", "không"]),
    (1, ["1", "một"]),
    (2, ["2", "hai"]),
    (33, ["33", "ba mươi ba"]),
    (14, ["14", "mười bốn"]),
    (16, ["16", "mười sáu"]),
    (17, ["17", "mười bảy"]),
    (18, ["18", "mười tám"]),
    (100, ["100", "trăm"]),
    (1.1, ["1,1", "1,10", "01,10"]),
    (0.77, ["0,77", ",77"]),
    (100000, ["100.000", "100000", "100K", "100k"]),
    (3000000, ["3M", "3000K", "3000000", "3.000.000"]),
    (1200000, ["1.200.000", "1200000", "1,2M", "1200K", ",0012G"]),
    (-1200000, ["- 1.200.000", "-1200000", "âm 1.200.000", "-1,2M", "-1200K", "-,0012G"]),
    (20, ["hai chục", "hai mươi"]),
    (5000, ["5 nghìn", "năm nghìn", "năm ngàn"]),
    (200000, ["hai trăm nghìn", "hai trăm ngàn"]),
    (1000000000, ["một tỷ", "một tỉ"]),
    (21011, ["hai mươi mốt nghìn không trăm mười một"]),
    (721012, ["bảy trăm hai mươi mốt nghìn không trăm mười hai"]),
]

ONE_WORD_COUNT = ("a count in one number word without a magnitude is optional (ANNOTATION.md: "
                  "`ba cơ sở`), and `một` stands everywhere as 'a': not extracted")
NOT_FACTS: dict[str, tuple[str, float | None]] = {
    # example: (why, the value the extractor gives instead, None for no fact)
    "không": (ONE_WORD_COUNT, None),
    "một": (ONE_WORD_COUNT, None),
    "hai": (ONE_WORD_COUNT, None),
    "trăm": (ONE_WORD_COUNT, None),
    "- 1.200.000": ("a dash set apart by spaces is punctuation (a list marker, an aside), not a "
                    "sign: ANNOTATION.md keeps a sign written before the number (`(-1,25%)`)", 1200000),
}


def money_sentence(example: str) -> str:
    return f"Giá mỗi sản phẩm là {example}" + ("" if example.endswith(".") else ".")


def count_sentence(example: str) -> str:
    return f"Năm nay tỉnh có thêm {example} doanh nghiệp."


CASES = [
    pytest.param(money_sentence(example), ("money", value, value_max, unit, qualifier), example, id=example)
    for (value, unit, value_max, qualifier), examples in MONEY for example in examples
] + [
    pytest.param(count_sentence(example), ("count", value, None, None, "exact"), example, id=example)
    for value, examples in NUMERALS for example in examples
]
FACT_CASES = [case for case in CASES if case.values[2] not in NOT_FACTS]


def read(sentence: str) -> list[tuple[str, float, float | None, str | None, str, str]]:
    return [(f.kind, round(f.value, 6), f.value_max, f.unit, f.qualifier, f.text) for f in extract(sentence)]


@pytest.mark.parametrize(("sentence", "expected", "example"), FACT_CASES)
def test_a_duckling_example_is_one_fact_of_its_value(sentence, expected, example):
    facts = read(sentence)
    assert [fact[:5] for fact in facts] == [expected]
    if expected[0] == "count":
        assert facts[0][5] == f"{example} doanh nghiệp"
    else:
        assert facts[0][5] in example  # the figure is the example, its qualifier words aside


@pytest.mark.parametrize("example", sorted(NOT_FACTS))
def test_a_duckling_example_annotation_reads_otherwise_gives_what_it_says(example):
    why, instead = NOT_FACTS[example]
    facts = extract(count_sentence(example))
    assert [f.value for f in facts] == ([] if instead is None else [instead]), why


def test_nearly_every_duckling_example_is_a_fact():
    examples = [case.values[2] for case in CASES]
    assert set(NOT_FACTS) <= set(examples)
    assert len(FACT_CASES) / len(CASES) >= 0.95, f"{len(FACT_CASES)} of {len(CASES)}"
