"""The figures stage: which mentions of an article are one figure (repeats,
rounded restatements) and which figures are parts of a total, on facts made
by hand (their values, indicators and context as enrich would give them)."""

from __future__ import annotations

import json

import pytest
from support import fact_in

from extractor import extract
from extractor.figures import number_figures
from extractor.query import stats
from extractor.store import ingest

VND = {"kind": "money", "unit": "VND"}
BUDGET = {**VND, "indicator": "budget"}
UNTOLD = {**VND, "indicator": "money"}
WORKERS = {"kind": "count", "indicator": "workers", "subject": "lao động"}
TITLE = "Thái Bình: {} cho khuyến công\n"


def numbered(text: str, figures: list[tuple]) -> list[tuple]:
    """(figure text, figure, part_of, indicator) of each fact of `text` after the stage;
    `figures` gives each fact as (figure text[, occurrence], value, fields)."""
    facts = []
    for spec in figures:
        written, occurrence = (spec[0], spec[1]) if isinstance(spec[1], int) else (spec[0], 0)
        value, fields = spec[-2], spec[-1]
        facts.append(fact_in(text, written, occurrence, article="a", value=value, **fields))
    facts.sort(key=lambda fact: fact.start)
    return [(f.text, f.figure, f.part_of, f.indicator) for f in number_figures(text, facts)]


RESTATEMENTS = [
    # a plain repeat, title and body
    (TITLE.format("12.535 lao động") + "Đã đào tạo 12.535 lao động.",
     [("12.535 lao động", 12535.0, WORKERS), ("12.535 lao động", 1, 12535.0, WORKERS)],
     [("12.535 lao động", 1, None, "workers"), ("12.535 lao động", 1, None, "workers")]),
    # the title's rounded `gần 15 tỷ` is the body's 14.862 triệu, and takes its indicator
    (TITLE.format("Gần 15 tỷ đồng") + "Tổng kinh phí 14.862 triệu đồng.",
     [("15 tỷ đồng", 15e9, {**UNTOLD, "qualifier": "nearly"}), ("14.862 triệu đồng", 14862e6, BUDGET)],
     [("15 tỷ đồng", 1, None, "budget"), ("14.862 triệu đồng", 1, None, "budget")]),
    # an exact round number in the title restates the body's figure
    (TITLE.format("20 tỷ đồng") + "Tổng kinh phí 19,8 tỷ đồng.",
     [("20 tỷ đồng", 20e9, UNTOLD), ("19,8 tỷ đồng", 19.8e9, BUDGET)],
     [("20 tỷ đồng", 1, None, "budget"), ("19,8 tỷ đồng", 1, None, "budget")]),
    # ... but in the body a round number is a figure of its own
    ("Năm 2022 chi 20 tỷ đồng, năm 2023 chi 19,8 tỷ đồng.",
     [("20 tỷ đồng", 20e9, BUDGET), ("19,8 tỷ đồng", 19.8e9, BUDGET)],
     [("20 tỷ đồng", 1, None, "budget"), ("19,8 tỷ đồng", 2, None, "budget")]),
    # `gần 20 tỷ` is not 16 tỷ (too far), nor 20,3 tỷ (above what `gần` allows)
    (TITLE.format("Gần 20 tỷ đồng") + "Kinh phí 16 tỷ đồng, vốn 20,3 tỷ đồng.",
     [("20 tỷ đồng", 20e9, {**UNTOLD, "qualifier": "nearly"}), ("16 tỷ đồng", 16e9, BUDGET),
      ("20,3 tỷ đồng", 20.3e9, BUDGET)],
     [("20 tỷ đồng", 1, None, "money"), ("16 tỷ đồng", 2, None, "budget"),
      ("20,3 tỷ đồng", 3, None, "budget")]),
    # `hơn 18.000` is a bit above 18.000
    (TITLE.format("Hơn 18.000 lao động") + "Có 18.250 lao động được đào tạo.",
     [("18.000 lao động", 18000.0, {**WORKERS, "qualifier": "more_than"}),
      ("18.250 lao động", 18250.0, WORKERS)],
     [("18.000 lao động", 1, None, "workers"), ("18.250 lao động", 1, None, "workers")]),
    # a revenue is not a budget, whatever their values
    (TITLE.format("Gần 15 tỷ đồng") + "Tổng kinh phí 14.862 triệu đồng.",
     [("15 tỷ đồng", 15e9, {**VND, "indicator": "revenue", "qualifier": "nearly"}),
      ("14.862 triệu đồng", 14862e6, BUDGET)],
     [("15 tỷ đồng", 1, None, "revenue"), ("14.862 triệu đồng", 2, None, "budget")]),
    # figures of different periods are different figures, even of one value
    ("Giai đoạn 2016-2020 chi 19,8 tỷ đồng. Giai đoạn 2021-2025 chi gần 20 tỷ đồng, "
     "năm 2024 chi 19,8 tỷ đồng.",
     [("19,8 tỷ đồng", 19.8e9, {**BUDGET, "period_start": 2016, "period_end": 2020}),
      ("20 tỷ đồng", 20e9, {**BUDGET, "qualifier": "nearly", "period_start": 2021, "period_end": 2025}),
      ("19,8 tỷ đồng", 1, 19.8e9, {**BUDGET, "period_start": 2024, "period_end": 2024})],
     [("19,8 tỷ đồng", 1, None, "budget"), ("20 tỷ đồng", 2, None, "budget"),
      ("19,8 tỷ đồng", 3, None, "budget")]),
    # a count of no known noun restates only a count of the same noun
    (TITLE.format("Gần 50 xe") + "Có 48 nhà và 49 xe.",
     [("50 xe", 50.0, {"kind": "count", "indicator": "count", "subject": "xe", "qualifier": "nearly"}),
      ("48 nhà", 48.0, {"kind": "count", "indicator": "count", "subject": "nhà"}),
      ("49 xe", 49.0, {"kind": "count", "indicator": "count", "subject": "xe"})],
     [("50 xe", 1, None, "count"), ("48 nhà", 2, None, "count"), ("49 xe", 1, None, "count")]),
    # ... and repeats only a count of the same noun
    ("Dự án gồm 4 đảo và 4 hạng mục.",
     [("4 đảo", 4.0, {"kind": "count", "indicator": "count", "subject": "đảo"}),
      ("4 hạng mục", 4.0, {"kind": "count", "indicator": "count", "subject": "hạng mục"})],
     [("4 đảo", 1, None, "count"), ("4 hạng mục", 2, None, "count")]),
    # a rate restates only a rate of the same denominator
    (TITLE.format("Gần 1,2 triệu đồng mỗi học viên") + "Mức hỗ trợ 1,18 triệu đồng/học viên.",
     [("1,2 triệu đồng", 1.2e6, {**BUDGET, "qualifier": "nearly"}),
      ("1,18 triệu đồng", 1.18e6, {**BUDGET, "per": "học viên"})],
     [("1,2 triệu đồng", 1, None, "budget"), ("1,18 triệu đồng", 2, None, "budget")]),
]


@pytest.mark.parametrize("text, facts, expected", RESTATEMENTS)
def test_mentions_of_one_figure_share_its_number(text, facts, expected):
    assert numbered(text, facts) == expected


PARTS = [
    # a total and its parts, listed after `trong đó`
    ("Tổng kinh phí 1,85 tỷ đồng, trong đó hỗ trợ 600 triệu đồng, đối ứng 1,25 tỷ đồng.",
     [("1,85 tỷ đồng", 1.85e9, BUDGET), ("600 triệu đồng", 600e6, BUDGET),
      ("1,25 tỷ đồng", 1.25e9, BUDGET)],
     [1, 2, 3], [None, 1, 1]),
    # the part word opens the next sentence
    ("Tổng kinh phí 12.345,6 triệu đồng. Trong đó, kinh phí quốc gia 4.120 triệu đồng.",
     [("12.345,6 triệu đồng", 12345.6e6, BUDGET), ("4.120 triệu đồng", 4120e6, BUDGET)],
     [1, 2], [None, 1]),
    # ... but not two sentences later, nor in the next paragraph
    ("Tổng kinh phí 12 tỷ đồng. Dự án khởi công năm 2020. Trong đó, vốn vay 4 tỷ đồng.",
     [("12 tỷ đồng", 12e9, BUDGET), ("4 tỷ đồng", 4e9, BUDGET)], [1, 2], [None, None]),
    ("Tổng kinh phí 12 tỷ đồng.\nTrong đó, vốn vay 4 tỷ đồng.",
     [("12 tỷ đồng", 12e9, BUDGET), ("4 tỷ đồng", 4e9, BUDGET)], [1, 2], [None, None]),
    # a part is smaller than its total, and of its unit
    ("Tổng vốn 5 tỷ đồng, trong đó vốn vay 7 tỷ đồng.",
     [("5 tỷ đồng", 5e9, BUDGET), ("7 tỷ đồng", 7e9, BUDGET)], [1, 2], [None, None]),
    ("Tổng vốn 50 tỷ đồng, trong đó 2 triệu USD vốn ngoại.",
     [("50 tỷ đồng", 50e9, BUDGET), ("2 triệu USD", 2e6, {**BUDGET, "unit": "USD"})],
     [1, 2], [None, None]),
    # counts: parts of the same indicator only
    ("Tỉnh có 19 đề án, trong đó có 7 đề án cấp quốc gia.",
     [("19 đề án", 19.0, {"kind": "count", "indicator": "projects"}),
      ("7 đề án", 7.0, {"kind": "count", "indicator": "projects"})], [1, 2], [None, 1]),
    ("Tỉnh có 150 đề án, gồm 20 lớp tập huấn.",
     [("150 đề án", 150.0, {"kind": "count", "indicator": "projects"}),
      ("20 lớp", 20.0, {"kind": "count", "indicator": "events"})], [1, 2], [None, None]),
    ("Phát hiện 3 xe máy chở hàng lậu, trong đó 2 vụ đã bị xử phạt.",
     [("3 xe máy", 3.0, {"kind": "count", "indicator": "count", "subject": "xe máy"}),
      ("2 vụ", 2.0, {"kind": "count", "indicator": "count", "subject": "vụ"})], [1, 2], [None, None]),
    # `riêng` opens a clause; `vốn riêng` is no part word
    ("Giai đoạn này tỉnh chi 20 tỷ đồng. Riêng năm 2023, tỉnh chi 5 tỷ đồng.",
     [("20 tỷ đồng", 20e9, BUDGET), ("5 tỷ đồng", 5e9, BUDGET)], [1, 2], [None, 1]),
    ("Doanh nghiệp chi 20 tỷ đồng và vốn riêng 5 tỷ đồng.",
     [("20 tỷ đồng", 20e9, BUDGET), ("5 tỷ đồng", 5e9, BUDGET)], [1, 2], [None, None]),
    # a part restated in the title is a part there too
    (TITLE.format("7,5 tỷ đồng") + "Tổng kinh phí 19,8 tỷ đồng, trong đó vốn quốc gia 7,5 tỷ đồng.",
     [("7,5 tỷ đồng", 7.5e9, UNTOLD), ("19,8 tỷ đồng", 19.8e9, BUDGET),
      ("7,5 tỷ đồng", 1, 7.5e9, BUDGET)],
     [1, 2, 1], [2, None, 2]),
]


@pytest.mark.parametrize("text, facts, figures, parts", PARTS)
def test_parts_name_the_figure_of_their_total(text, facts, figures, parts):
    found = numbered(text, facts)
    assert [figure for _, figure, _, _ in found] == figures
    assert [part_of for _, _, part_of, _ in found] == parts


def test_extract_numbers_the_figures_of_a_report():
    facts = extract("Thái Bình: Gần 20 tỷ đồng cho khuyến công\nGiai đoạn 2021-2025, tỉnh triển "
                    "khai 150 đề án với tổng kinh phí 19,8 tỷ đồng, trong đó kinh phí khuyến công "
                    "quốc gia là 7,5 tỷ đồng. Mức hỗ trợ là 1,2 triệu đồng/học viên.")
    by_text = {fact.text: fact for fact in facts}
    title, total, part = by_text["20 tỷ đồng"], by_text["19,8 tỷ đồng"], by_text["7,5 tỷ đồng"]
    assert title.figure == total.figure and title.indicator == total.indicator
    assert part.part_of == total.figure and total.part_of is None
    assert len({fact.figure for fact in facts}) == len(facts) - 1


CHANGES = [
    # a rise and a fall: the former value is replaced by the new one
    ("Vốn điều lệ của công ty tăng từ 12.500 tỷ đồng lên 16.000 tỷ đồng.",
     [("12.500 tỷ đồng", 1, 2), ("16.000 tỷ đồng", 2, None)]),
    ("Giá thuê giảm từ mức 80.000 đồng/m2 xuống còn 65.000 đồng/m2.",
     [("80.000 đồng", 1, 2), ("65.000 đồng", 2, None)]),
    ("Tổng mức đầu tư được điều chỉnh từ 1.200 tỷ đồng lên hơn 2.000 tỷ đồng.",
     [("1.200 tỷ đồng", 1, 2), ("2.000 tỷ đồng", 2, None)]),
    ("Số công nhân của nhà máy tăng từ 800 người lên 1.150 người.",
     [("800 người", 1, 2), ("1.150 người", 2, None)]),
    # a range is one figure; two figures joined by no change word are two
    ("Kinh phí hỗ trợ mỗi hộ từ 10 đến 15 triệu đồng.", [("từ 10 đến 15 triệu đồng", 1, None)]),
    ("Tỉnh chi từ 5 tỷ đồng cho đào tạo, 3 tỷ đồng cho hội chợ.",
     [("5 tỷ đồng", 1, None), ("3 tỷ đồng", 2, None)]),
    # a count of another noun is no new value of the first
    ("Xã tăng từ 20 hộ lên 35 lao động.", [("20 hộ", 1, None), ("35 lao động", 2, None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CHANGES)
def test_a_former_value_is_marked_as_replaced_by_the_new_one(sentence, expected):
    assert [(f.text, f.figure, f.part_of) for f in extract(sentence) if f.kind != "quantity"] == expected


def test_a_former_value_takes_the_rate_written_once_for_both():
    former, new = extract("Thuế bảo vệ môi trường với xăng tăng từ mức 1.000 đồng lên 3.000 đồng/lít.")
    assert (former.per, former.indicator, former.part_of) == ("lít", "price", new.figure)
    assert (new.per, new.indicator, new.part_of) == ("lít", "price", None)


def test_stats_never_add_a_former_value_to_the_new_one(tmp_path):
    article = {"id": "von-dieu-le", "title": "Ngân hàng tăng vốn điều lệ",
               "text": "Năm 2024, vốn điều lệ của ngân hàng tăng từ 12.500 tỷ đồng lên 16.000 tỷ đồng. "
                       "Ngân hàng cũng chi 300 tỷ đồng cho chuyển đổi số."}
    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "facts.db"
    ingest([str(source)], db)
    rows = stats(db, by=["indicator"], kind="money")
    assert [(row["indicator"], row["figures"], row["sum"]) for row in rows] == [("budget", 2, 16_300e9)]
