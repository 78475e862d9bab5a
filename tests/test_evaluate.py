"""Scoring against gold, as ANNOTATION.md's "Scoring" section defines it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate import GoldError, format_report, load_gold, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

DEFAULT_INDICATOR = {"money": "budget", "count": "workers", "percent": "percent",
                     "quantity": "quantity"}
DEFAULT_UNIT = {"money": "VND", "count": None, "percent": "%", "quantity": "ha"}


def fact(article: str, kind: str, value: float, **fields: Any) -> dict[str, Any]:
    """A complete fact record, gold or predicted, with the fields a test cares about."""
    record = {"article": article, "text": f"{value} ({kind})", "kind": kind, "value": value,
              "value_max": None, "unit": DEFAULT_UNIT[kind], "per": None, "qualifier": "exact",
              "indicator": DEFAULT_INDICATOR[kind], "subject": None, "optional": False,
              "sentence": f"Câu chứa con số {value}."}
    record.update(fields)
    return record


def counts(evaluation, kind: str | None = None) -> tuple[int, int, int]:
    """(TP, FP, FN) of one kind, or of the headline."""
    result = evaluation.headline if kind is None else evaluation.kinds[kind]
    return result.tp, result.fp, result.fn


def test_exact_match_scores_one():
    gold = [fact("a1", "money", 19_448_500_000, text="19.448,5 triệu đồng")]
    predicted = [fact("a1", "money", 19_448_500_000.0, text="19.448,5 triệu đồng")]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (1, 0, 0)
    headline = evaluation.headline
    assert (headline.precision, headline.recall, headline.f1) == (1.0, 1.0, 1.0)
    assert evaluation.misses == [] and evaluation.false_positives == []


@pytest.mark.parametrize(("gold_value", "predicted_value", "matches"), [
    (19_448_500_000, 19_448_500_000 * (1 + 5e-7), True),
    (19_448_500_000, 19_448_500_000 * (1 + 2e-6), False),
    (0.3, 0.1 + 0.2, True),
    (83.3, 83.30001, True),
    (83.3, 83.4, False),
    (0, 0.0, True),
    (0, 1e-12, True),
    (0, 0.001, False),
    (-1.25, 1.25, False),
])
def test_value_tolerance(gold_value, predicted_value, matches):
    evaluation = score([fact("a1", "percent", gold_value)],
                       [fact("a1", "percent", predicted_value)], ["a1"])
    assert counts(evaluation) == ((1, 0, 0) if matches else (0, 1, 1))


@pytest.mark.parametrize(("gold_max", "predicted_max", "matches"), [
    (30, 30, True),
    (30, 30.000001, True),
    (30, 31, False),
    (30, None, False),
    (None, 30, False),
    (None, None, True),
])
def test_value_max_must_agree(gold_max, predicted_max, matches):
    evaluation = score([fact("a1", "percent", 28, value_max=gold_max)],
                       [fact("a1", "percent", 28, value_max=predicted_max)], ["a1"])
    assert counts(evaluation) == ((1, 0, 0) if matches else (0, 1, 1))


def test_kind_must_agree():
    evaluation = score([fact("a1", "count", 50)], [fact("a1", "percent", 50)], ["a1"])
    assert counts(evaluation, "count") == (0, 0, 1)
    assert counts(evaluation, "percent") == (0, 1, 0)
    assert counts(evaluation) == (0, 1, 1)


def test_duplicates_collapse_on_both_sides():
    gold = [fact("a1", "count", 12_535, text="12.535 lao động"),
            fact("a1", "count", 12_535, text="12.535 lao động nông thôn")]
    predicted = [fact("a1", "count", 12_535, text=f"mention {n}") for n in range(3)]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (1, 0, 0)


def test_collapsing_keeps_the_first_and_separates_indicators():
    gold = [fact("a1", "count", 40, indicator="people")]
    predicted = [fact("a1", "count", 40, indicator="people", text="first"),
                 fact("a1", "count", 40, indicator="people", text="second"),
                 fact("a1", "count", 40, indicator="facilities", text="third")]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (1, 1, 0)
    assert [f["text"] for f in evaluation.false_positives] == ["third"]
    assert evaluation.indicator.correct == 1


def test_optional_gold_is_neither_right_nor_wrong():
    gold = [fact("a1", "count", 3, optional=True, text="ba cơ sở"),
            fact("a1", "quantity", 120, optional=True),
            fact("a1", "money", 5_000_000)]
    predicted = [fact("a1", "count", 3), fact("a1", "money", 5_000_000)]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (1, 0, 0)
    assert counts(evaluation, "count") == (0, 0, 0)
    assert counts(evaluation, "quantity") == (0, 0, 0)
    assert evaluation.indicator.total == 1


def test_a_figure_both_optional_and_required_is_required():
    gold = [fact("a1", "count", 9, optional=True), fact("a1", "count", 9)]
    evaluation = score(gold, [], ["a1"])
    assert counts(evaluation) == (0, 0, 1)
    assert evaluation.misses[0]["optional"] is False
    assert gold[0]["optional"] is True, "the caller's gold is not changed"


def test_articles_without_gold_count_false_positives():
    gold = [fact("a1", "money", 1_000)]
    predicted = [fact("a1", "money", 1_000), fact("a2", "count", 7), fact("a2", "percent", 5)]
    evaluation = score(gold, predicted, ["a1", "a2"])
    assert counts(evaluation) == (1, 2, 0)
    assert evaluation.articles == 2
    assert evaluation.headline.precision == pytest.approx(1 / 3)


def test_articles_not_listed_are_ignored():
    gold = [fact("a1", "money", 1_000), fact("other", "money", 2_000)]
    predicted = [fact("a1", "money", 1_000), fact("other", "count", 7)]
    evaluation = score(gold, predicted, ["a1", "a1"])
    assert counts(evaluation) == (1, 0, 0)
    assert evaluation.articles == 1


def test_quantity_is_scored_apart_from_the_headline():
    gold = [fact("a1", "quantity", 120, optional=True), fact("a1", "percent", 12)]
    predicted = [fact("a1", "quantity", 120), fact("a1", "quantity", 35),
                 fact("a1", "percent", 12)]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation, "quantity") == (0, 1, 0)
    assert counts(evaluation) == (1, 0, 0)
    assert [f["value"] for f in evaluation.false_positives] == [35]


def test_indicator_and_qualifier_accuracy():
    gold = [fact("a1", "count", 18_000, qualifier="more_than"),
            fact("a1", "count", 193, indicator="projects"),
            fact("a1", "money", 45_000_000_000, qualifier="about"),
            fact("a1", "percent", 98),
            fact("a1", "count", 3, optional=True, indicator="facilities"),
            fact("a1", "quantity", 20, qualifier="about")]
    predicted = [fact("a1", "count", 18_000, qualifier="more_than"),
                 fact("a1", "count", 193, indicator="count", text="193 đề án"),
                 fact("a1", "money", 45_000_000_000),
                 fact("a1", "percent", 98, qualifier="nearly"),
                 fact("a1", "count", 3, qualifier="about"),
                 fact("a1", "quantity", 20)]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (4, 0, 0)
    assert counts(evaluation, "quantity") == (1, 0, 0)
    assert (evaluation.indicator.correct, evaluation.indicator.total) == (3, 4)
    assert (evaluation.qualifier.correct, evaluation.qualifier.total) == (2, 4)
    assert evaluation.indicator.value == 0.75 and evaluation.qualifier.value == 0.5
    assert [(g["indicator"], p["indicator"]) for g, p in evaluation.indicator_errors] == [
        ("projects", "count")]
    assert [(g["qualifier"], p["qualifier"]) for g, p in evaluation.qualifier_errors] == [
        ("about", "exact"), ("exact", "nearly")]


def test_matching_prefers_pairs_that_agree_on_indicator():
    gold = [fact("a1", "count", 40, indicator="workers"),
            fact("a1", "count", 40, indicator="people")]
    predicted = [fact("a1", "count", 40, indicator="people"),
                 fact("a1", "count", 40, indicator="workers")]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (2, 0, 0)
    assert (evaluation.indicator.correct, evaluation.indicator.total) == (2, 2)


def test_matching_prefers_required_gold_over_optional():
    gold = [fact("a1", "count", 40, indicator="people", optional=True),
            fact("a1", "count", 40, indicator="workers")]
    predicted = [fact("a1", "count", 40, indicator="people")]
    evaluation = score(gold, predicted, ["a1"])
    assert counts(evaluation) == (1, 0, 0)
    assert (evaluation.indicator.correct, evaluation.indicator.total) == (0, 1)


def test_to_dict_is_json_with_the_scores():
    evaluation = score([fact("a1", "money", 1_000), fact("a1", "count", 2)],
                       [fact("a1", "money", 1_000), fact("a1", "percent", 9)], ["a1"])
    record = json.loads(json.dumps(evaluation.to_dict(), ensure_ascii=False))
    assert record["headline"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5,
                                  "f1": 0.5}
    assert record["kinds"]["quantity"] == {"tp": 0, "fp": 0, "fn": 0, "precision": None,
                                           "recall": None, "f1": None}
    assert record["indicator"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert [f["value"] for f in record["misses"]] == [2]
    assert [f["value"] for f in record["false_positives"]] == [9]


def report_evaluation():
    gold = [fact("a1", "money", 19_448_500_000, text="19.448,5 triệu đồng"),
            fact("a1", "money", 2_500_000, indicator="price", text="2,5 triệu đồng/tháng"),
            fact("a1", "count", 46, qualifier="more_than", text="hơn 46 cơ sở")]
    predicted = [fact("a1", "money", 19_448_500_000),
                 fact("a1", "money", 2_500_000, indicator="revenue", text="2,5 triệu đồng"),
                 fact("a1", "money", 2017, text="2017",
                      sentence="Năm 2017, tỉnh đã hỗ trợ " + "rất nhiều cơ sở " * 10)]
    return score(gold, predicted, ["a1", "a2"])


def test_format_report_shows_the_numbers():
    report = format_report(report_evaluation())
    rows: dict[str, list[str]] = {}
    for line in report.splitlines():  # the first row of each name: the scores, not the confusion
        if line.strip():
            rows.setdefault(line.split()[0], line.split()[1:])
    assert report.splitlines()[0] == "2 articles"
    assert rows["money"] == ["2", "1", "0", "0.667", "1.000", "0.800"]
    assert rows["count"] == ["0", "0", "1", "-", "0.000", "0.000"]
    assert rows["quantity"] == ["0", "0", "0", "-", "-", "-"]
    assert rows["headline"][-6:] == ["2", "1", "1", "0.667", "0.667", "0.667"]
    assert rows["indicator"] == ["0.500", "(1/2)"]
    assert rows["qualifier"] == ["1.000", "(2/2)"]
    assert "Misses" not in report


def test_format_report_lists_the_errors():
    report = format_report(report_evaluation(), errors=True)
    lines = report.splitlines()
    assert "Misses (1)" in lines
    assert "False positives (1)" in lines
    assert "Wrong indicator (1)" in lines
    assert "Wrong qualifier (0)" in lines
    miss = next(line for line in lines if "hơn 46 cơ sở" in line)
    assert miss.split() == ["a1", "count", "46", "more_than", "workers", "hơn", "46", "cơ", "sở"]
    false_positive = next(line for line in lines if line.startswith("a1") and "2,017" in line)
    assert "Năm 2017, tỉnh đã hỗ trợ" in false_positive
    assert false_positive.endswith("…")
    wrong = next(line for line in lines if "2,500,000" in line)
    assert wrong.split()[-2:] == ["price", "revenue"]
    assert "19,448,500,000" not in report, "a correct fact is not listed as an error"


@pytest.mark.parametrize(("line", "problem"), [
    ('{"article": "a1", "kind": ', "not valid JSON (Expecting value at column 27)"),
    ('["a1"]', "expected a JSON object"),
    (json.dumps({k: v for k, v in fact("a1", "money", 5).items() if k != "kind"}),
     "missing field 'kind'"),
    (json.dumps({**fact("a1", "money", 5), "kind": "date"}),
     "kind 'date' is not one of money, count, percent, quantity"),
    (json.dumps(fact("a1", "money", "5 tỷ")), "value '5 tỷ' is not a number"),
    (json.dumps(fact("a1", "money", True)), "value True is not a number"),
    (json.dumps(fact("a1", "money", 5, value_max="7")), "value_max '7' is not a number or null"),
    (json.dumps(fact("a1", "money", 5, optional="yes")), "optional 'yes' is not true or false"),
    (json.dumps(fact("", "money", 5)), "article '' is not a non-empty string"),
])
def test_gold_errors_name_file_line_and_problem(tmp_path, line, problem):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(fact("a1", "money", 5)) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as raised:
        load_gold(path)
    assert str(raised.value) == f"{path}, line 3: {problem}"


def test_gold_error_for_a_missing_file(tmp_path):
    path = tmp_path / "absent.jsonl"
    with pytest.raises(GoldError) as raised:
        load_gold(path)
    assert str(raised.value) == f"{path}: cannot read gold file (No such file or directory)"


def test_load_gold_reads_records_and_skips_blank_lines(tmp_path):
    records = [fact("a1", "money", 5), fact("a2", "percent", 7.5, value_max=8)]
    del records[1]["optional"]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n",
                    encoding="utf-8")
    assert load_gold(str(path)) == records


def test_shared_gold_scores_perfectly_against_itself():
    gold_path = SHARED / "gold" / "dev.jsonl"
    articles_path = SHARED / "gold" / "dev-articles.jsonl"
    if not (gold_path.is_file() and articles_path.is_file()):
        pytest.skip(f"{SHARED} is not present")
    gold = load_gold(gold_path)
    with articles_path.open(encoding="utf-8") as lines:
        articles = [json.loads(line)["id"] for line in lines if line.strip()]
    predicted = [record for record in gold if not record.get("optional")]
    evaluation = score(gold, predicted, articles)
    headline = evaluation.headline
    assert headline.tp > 0
    assert (headline.precision, headline.recall, headline.f1) == (1.0, 1.0, 1.0)
    assert evaluation.indicator.value == 1.0
    assert evaluation.qualifier.value == 1.0


def confused_evaluation():
    gold = [fact("a1", "money", 10, indicator="revenue", text="10 tỷ đồng"),
            fact("a1", "money", 20, indicator="revenue", text="20 tỷ đồng"),
            fact("a1", "money", 30, indicator="price", text="30 đồng"),
            fact("a1", "money", 40, indicator="budget", text="40 tỷ đồng"),
            fact("a1", "count", 5, indicator="workers", text="5 công nhân")]
    predicted = [fact("a1", "money", 10, indicator="budget", text="10 tỷ đồng",
                      sentence="Doanh thu đạt 10 tỷ đồng nhờ vốn mới."),
                 fact("a1", "money", 20, indicator="budget", text="20 tỷ đồng"),
                 fact("a1", "money", 30, indicator="revenue", text="30 đồng"),
                 fact("a1", "money", 40, indicator="budget", text="40 tỷ đồng"),
                 fact("a1", "count", 5, indicator="people", text="5 công nhân")]
    return score(gold, predicted, ["a1"])


def test_confusion_matrix_counts_gold_against_predicted_per_kind():
    evaluation = confused_evaluation()
    assert evaluation.confusion("money") == {("revenue", "budget"): 2, ("price", "revenue"): 1,
                                             ("budget", "budget"): 1}
    assert evaluation.confusion("count") == {("workers", "people"): 1}
    money = evaluation.accuracy("indicator", "money")
    assert (money.correct, money.total) == (1, 4)
    record = evaluation.to_dict()
    assert {"gold": "revenue", "predicted": "budget", "count": 2} in record["confusion"]["money"]
    assert record["indicator_by_kind"]["count"]["accuracy"] == 0.0


def test_report_shows_the_confusion_and_the_most_confused_pairs_with_examples():
    report = format_report(confused_evaluation())
    lines = report.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Indicator confusion, money"))
    assert lines[header + 1].split() == ["gold", "budget", "revenue"]
    assert lines[header + 5].split() == ["revenue", "2"]
    assert next(line for line in lines if line.startswith("indicator (money)")).split()[-2:] == [
        "0.250", "(1/4)"]
    worst = lines[lines.index("Most confused indicators (3)") + 3]
    assert worst.split()[:4] == ["money", "revenue", "budget", "2"]
    assert "Doanh thu đạt [10 tỷ đồng] nhờ vốn mới. | 20 tỷ đồng" in worst


def test_context_is_scored_only_where_gold_gives_it():
    gold = [fact("a1", "money", 10, province="Thái Bình", period_start=2021, period_end=2025,
                 programme="khuyến công"),
            fact("a1", "money", 20, province="national", period_start=2024, period_end=2024,
                 programme=None),
            fact("a1", "money", 30, province=None),
            fact("a1", "money", 40)]
    predicted = [fact("a1", "money", 10, province="Thái Bình", year=None, period_start=2021,
                      period_end=2025, programme="khuyến công"),
                 fact("a1", "money", 20, province="Hà Nội", year=2024, period_start=None,
                      period_end=None, programme="OCOP"),
                 fact("a1", "money", 30, province=None, year=2020),
                 fact("a1", "money", 40, province="Huế")]
    evaluation = score(gold, predicted, ["a1"])
    province, period, programme = (evaluation.accuracy(label)
                                   for label in ("province", "period", "programme"))
    assert (province.correct, province.total) == (2, 3)
    assert (period.correct, period.total) == (2, 2)  # a year alone is that year's period
    assert (programme.correct, programme.total) == (1, 2)
    assert [g["value"] for g, _ in evaluation.errors("province")] == [20]
    report = format_report(evaluation, errors=True)
    assert "Wrong province (1)" in report and "Wrong programme (1)" in report
    wrong = next(line for line in report.splitlines() if line.startswith("a1") and "OCOP" in line)
    assert wrong.split()[-2:] == ["null", "OCOP"]
