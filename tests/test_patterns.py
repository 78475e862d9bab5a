"""The rule files of `patterns/`: all of them load, and a malformed entry stops
the run with a PatternError naming the file and the line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import add_line

from extractor import extract, patterns
from extractor.cli import cli
from extractor.patterns import RULE_LOADERS, PatternError, clear_rule_caches, load_rules

# A sentence with facts, so that every stage (and every word list it reads) runs.
SAMPLE = ("Hơn 12.535 lao động được hỗ trợ tối thiểu là 2 triệu đồng/tháng, "
          "tổng kinh phí 1,5 tỷ đồng, tăng 28-30%, trên 120 ha; hàng trăm hộ tham gia.")
RULE_FILES = sorted(p.name for p in patterns.patterns_dir().iterdir()
                    if p.suffix in (".tsv", ".jsonl"))


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    clear_rule_caches()
    yield
    clear_rule_caches()


@pytest.fixture(scope="module")
def files_read() -> set[str]:
    """The names of the rule files that the engine reads."""
    seen: set[str] = set()
    read = patterns.rule_lines

    def spy(path: Path, *args):  # type: ignore[no-untyped-def]
        seen.add(path.name)
        return read(path, *args)

    clear_rule_caches()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "rule_lines", spy)
        load_rules()
    clear_rule_caches()
    return seen


def test_loaders_are_registered_where_they_are_defined():
    names = {f"{function.__module__}.{function.__name__}" for function in RULE_LOADERS}
    assert {"extractor.match.lexicons", "extractor.match.figure_matcher", "extractor.indicators.indicators",
            "extractor.numbers.number_words", "extractor.enrich.qualifier_phrases",
            "extractor.context.article.finders", "extractor.present.display_words"} <= names


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_loads(name, files_read):
    assert name in files_read


def test_rule_files_are_found():
    assert len(RULE_FILES) > 10
    for name in ("figures.jsonl", "indicators.jsonl", "numbers.tsv", "currencies.tsv",
                 "units.tsv", "qualifiers.tsv"):
        assert name in RULE_FILES


MALFORMED = [
    # tsv: number of fields, empty fields
    ("units.tsv", "kg\tkg\tkilogam", "expected 2 tab-separated fields, found 3"),
    ("units.tsv", "tấc", "expected 2 tab-separated fields, found 1"),
    ("percent_words.tsv", "phần trăm\t%", "expected 1 tab-separated fields, found 2"),
    ("range_words.tsv", "đến\tto", "found 2"),
    ("not_fact_after.tsv", "năm\tyear", "found 2"),
    ("not_fact_before.tsv", "năm\tyear", "found 2"),
    ("count_stop_words.tsv", "và\tand", "found 2"),
    ("vague_words.tsv", "hàng\tmany", "found 2"),
    ("qualifier_fillers.tsv", "là\tis", "found 2"),
    ("currencies.tsv", "xu\t\tafter", "empty field"),
    ("units.tsv", "\tkg", "empty field"),
    # tsv: values checked by their loader
    ("currencies.tsv", "xu\tVND\tmiddle", "position must be after, before or both, not 'middle'"),
    ("currencies.tsv", "Đồng\tVND\tafter", "'Đồng' is listed twice"),
    ("units.tsv", "KG\tkg", "'KG' is listed twice"),
    ("numbers.tsv", "chục\t10\tdozen", "role must be digit, half, half_before, hundred, magnitude, none_ten, "
     "point, ten, tens or trailing_digit, not 'dozen'"),
    ("numbers.tsv", "nửa cân\t2\thalf_before", "'nửa cân' is a half_before: its value must be a share "
     "between 0 and 1, not 2"),
    ("numbers.tsv", "chục\tmười\tdigit", "'mười' is not a number"),
    ("numbers.tsv", "vô cực\tinf\tmagnitude", "'inf' is not between 0 and 1e+21"),
    ("numbers.tsv", "Một\t1\tdigit", "'Một' is listed twice"),
    ("qualifiers.tsv", "cỡ\troughly\tbefore", "qualifier must be about, at_least, at_most, exact, less_than, "
     "more_than or nearly, not 'roughly'"),
    ("qualifiers.tsv", "cỡ\tabout\tinside", "place must be before, after, comparative or comparison, "
     "not 'inside'"),
    ("qualifiers.tsv", "Khoảng\tabout\tbefore", "'Khoảng before' is listed twice"),
    ("rate_words.tsv", "CP\tcổ phần", "'CP' is listed twice"),
    ("rate_words.tsv", "cp", "expected 2 tab-separated fields, found 1"),
    ("normalize_tone_rimes.tsv", "oà\tòe", "may only move the tone mark"),
    ("normalize_tone_rimes.tsv", "OÀ\tÒA", "lower case"),
    ("normalize_tone_rimes.tsv", "uoà\tuòa", "'uoà' and 'oà': one rime may not end another"),
    ("figure_rounding.tsv", "exact\tnear\t0.05", "direction must be below, above or around, not 'near'"),
    ("figure_rounding.tsv", "roughly\taround\t0.05", "qualifier must be about, at_least, at_most, exact, "
     "less_than, more_than or nearly, not 'roughly'"),
    ("figure_rounding.tsv", "about\taround\t0.05", "'about' is listed twice"),
    ("figure_parts.tsv", "cụ thể\tbefore", "position must be anywhere or clause-start, not 'before'"),
    ("figure_parts.tsv", "cụ thể", "expected 2 tab-separated fields, found 1"),
    ("figure_changes.tsv", "lên\tafter", "place must be from or to, not 'after'"),
    ("figure_changes.tsv", "lên", "expected 2 tab-separated fields, found 1"),
    ("not_fact_ranks.tsv", "nhất\tbest", "role must be opener or superlative, not 'best'"),
    ("not_fact_model_lines.tsv", "rtx\tgpu", "found 2"),
    ("number_suffixes.tsv", "k\tthousand", "'thousand' is not a number"),
    ("number_suffixes.tsv", "x\t1", "'1' is not between 1 and 1e+21 (1 excluded)"),
    ("number_homonyms.tsv", "năm\talone", "'năm' is listed twice"),
    ("sign_words.tsv", "âm\t-", "'âm' is listed twice"),
    ("count_place_heads.tsv", "điểm\tbán lẻ", "'điểm' is listed twice"),
    ("number_suffixes.tsv", "hai\t1000", "is a number word"),
    ("number_homonyms.tsv", "mèo\talone", "'mèo' is not a number word of numbers.tsv"),
    ("number_homonyms.tsv", "hai\tsometimes", "readings must be alone, tenths or units, not 'sometimes'"),
    ("sign_words.tsv", "trừ\tminus", "sign must be -, + or ±, not 'minus'"),
    ("currency_subunits.tsv", "hào\t0.1\tXYZ", "'XYZ' is not a currency code of currencies.tsv"),
    ("currency_subunits.tsv", "hào\t10\tVND", "'10' is not between 0 and 1 (0 and 1 excluded)"),
    ("count_place_heads.tsv", "mèo\tdu lịch", "'mèo' is not a word of not_fact_after.tsv"),
    ("count_place_heads.tsv", "tuần\tdu lịch cộng đồng", "nouns of 1 to 2 syllables"),
    ("count_abbreviations.tsv", "ZZQ\tzzz yyy", "'zzz yyy' starts with no counted noun"),
    # jsonl: syntax and shape
    ("figures.jsonl", '{"id": "count.noun", "kind": "count",', "not valid JSON"),
    ("figures.jsonl", '["count.noun", "count"]', "expected a JSON object"),
    ("indicators.jsonl", "indicator: budget", "not valid JSON"),
    ("boilerplate.jsonl", "42", "expected a JSON object"),
    # jsonl: entries checked by their loader
    ("figures.jsonl", '{"kind": "count", "pattern": [{"TAG": "NUM"}]}', "missing 'id'"),
    ("figures.jsonl", '{"id": "x", "kind": "amount", "pattern": [{"TAG": "NUM"}]}',
     "'kind' must be "),
    ("figures.jsonl", '{"id": "x", "kind": "count", "pattern": []}',
     "'pattern' must be a non-empty list"),
    ("figures.jsonl", '{"id": "x", "kind": "count", "pattern": ["NUM"]}',
     "'pattern' must be a non-empty list"),
    # a token that takes any word would take the separator of the stretches
    ("figures.jsonl", '{"id": "x", "kind": "count", "pattern": [{"TAG": "NUM"}, {"OP": "?"}]}',
     "token 2 of pattern 'x' must name a TAG, LOWER or ORTH"),
    ("indicators.jsonl", '{"kind": "money", "role": "noun", "words": ["kinh phí"]}',
     "missing 'indicator': one of budget, revenue, price, money"),
    ("indicators.jsonl", '{"indicator": "cost", "kind": "money", "role": "noun", "words": ["x"]}',
     "missing 'indicator': one of"),
    ("indicators.jsonl", '{"kind": "count", "words": ["xe"]}', "missing 'indicator'"),
    ("indicators.jsonl", '{"indicator": "area", "kind": "quantity", "words": ["ha"]}',
     "'kind' must be money or count"),
    ("indicators.jsonl", '{"indicator": "budget", "kind": "money", "role": "noun", "words": []}',
     "'words' must be a non-empty list"),
    ("indicators.jsonl", '{"indicator": "budget", "kind": "money", "role": "noun", "words": [" "]}',
     "'words' must be a non-empty list"),
    ("indicators.jsonl", '{"indicator": "budget", "kind": "money", "words": ["kinh phí"]}',
     "a money entry needs a 'role'"),
    ("indicators.jsonl", '{"indicator": "budget", "kind": "money", "role": "adverb", "words": ["x"]}',
     "a money entry needs a 'role': one of noun, verb, generic, conversion, ignore"),
    ("indicators.jsonl", '{"indicator": "money", "kind": "money", "role": "ignore", "words": ["x"]}',
     "an entry of role 'ignore' has no 'indicator'"),
    ("indicators.jsonl", '{"indicator": "money", "kind": "money", "role": "verb", "strong": "yes", '
     '"words": ["phạt"]}', "'strong' must be true or false"),
    ("indicators.jsonl", '{"indicator": "budget", "kind": "money", "role": "verb", "weight": 2, '
     '"words": ["chi"]}', "unknown field 'weight'"),
    ("money_clause_words.tsv", "là\tverb", "role must be link, break or predicate"),
    ("money_clause_words.tsv", "là", "expected 2 tab-separated fields, found 1"),
    ("magnitude_lookalikes.tsv", "tỷ phú\tbillionaire", "found 2"),
    ("count_classifiers.tsv", "lứa\tanimals", "count indicator must be count, events, "),
    ("count_large_numbers.tsv", "đơn vị\tshares\t100000", "or workers, not 'shares'"),
    ("count_large_numbers.tsv", "đơn vị\tcount\tmany", "'many' is not a number"),
    ("count_large_numbers.tsv", "đơn vị\tcount", "expected 3 tab-separated fields, found 2"),
    ("qualifiers.tsv", "so với\tmore_than\tcomparison", "a comparison makes the figure exact"),
    ("multiplier_verbs.tsv", "gấp\tmultiply", "found 2"),
    ("boilerplate.jsonl", '{"name": "x", "kind": "drop_line", "match": "(Tin"}',
     "not a valid regex"),
    ("boilerplate.jsonl", '{"name": "x", "kind": "drop_all", "match": "Tin"}', "or drop_line, not 'drop_"),
    ("boilerplate.jsonl", '{"name": "x", "kind": "drop_line", "match": "Tin", "why": "y"}',
     "unknown field"),
    # context rules
    ("context_places.tsv", "Hạ Long\tQuảng Ninh\tbay", "expected 2 tab-separated fields"),
    ("context_places.tsv", "Hạ Long\tVịnh Bắc Bộ", "'Vịnh Bắc Bộ' is not a gazetteer province"),
    ("context_outlets.tsv", "baomoi.com\tToàn quốc", "'Toàn quốc' is not a gazetteer province"),
    ("context_province_aliases.tsv", "Sài Thành\tGia Định", "'Gia Định' is not a gazetteer province"),
    ("context_province_aliases.tsv", "HN\tHà Nội\tshort", "flag must be city-prefix or search, not 'short'"),
    ("context_province_vetoes.tsv", "around\tphố", "side must be before, person, "),
    ("context_province_homonyms.tsv", "Hà Nam\tBắc Cực", "is not in context_foreign_places.tsv"),
    ("context_organizations.tsv", "Sở\tnational,big", "flag must be alone, place-is-name, national, "
     "visitor or company, not 'big'"),
    ("context_periods.jsonl", '{"name": "x", "kind": "decade", "regex": "thập niên (?P<decade>\\\\d0)"}',
     "needs 'anchors'"),
    ("context_datelines.jsonl", '{"name": "x", "kind": "where", "regex": "(?P<place>.+)"}',
     "'kind' must be "),
    ("context_datelines.jsonl", '{"name": "x", "kind": "place", "regex": "(?P<day>\\\\d+)"}',
     "exactly the group place"),
    ("context_not_headlines.jsonl", '{"name": "x", "regex": "»"}', "'applies' must be any, line or caption"),
]


@pytest.mark.parametrize(("share", "problem"), [("ten", "'ten' is not a number"),
                                               ("1", "'1' is not between 0 and 1 (1 excluded)")])
def test_a_rounding_share_is_a_number_between_0_and_1(rules, share, problem):
    path = rules / "figure_rounding.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(number for number, line in enumerate(lines, start=1) if line.startswith("about\t"))
    lines[at - 1] = "\t".join([*lines[at - 1].split("\t")[:2], share])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=re.escape(f"figure_rounding.tsv, line {at}: {problem}")):
        extract(SAMPLE)


@pytest.mark.parametrize(("name", "line", "problem"), MALFORMED)
def test_malformed_entry_names_file_and_line(rules, name, line, problem):
    number = add_line(rules, name, line)
    with pytest.raises(PatternError) as raised:
        extract(SAMPLE)
    message = str(raised.value)
    assert f"{name}, line {number}: " in message
    assert problem in message
    assert "\n" not in message


def test_a_qualifier_without_its_rounding_line_is_named(rules):
    path = rules / "figure_rounding.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("nearly")) + "\n",
                    encoding="utf-8")
    with pytest.raises(PatternError, match=r"figure_rounding\.tsv: no line for nearly$"):
        extract(SAMPLE)


@pytest.mark.parametrize(("name", "line", "at"), [
    ("units.tsv", "tấc", 3),
    ("numbers.tsv", "chục\t10\tdozen", 10),
    ("figures.jsonl", "{", 2),
])
def test_malformed_entry_in_the_middle_names_its_line(rules, name, line, at):
    add_line(rules, name, line, at=at)
    with pytest.raises(PatternError, match=f"{name}, line {at}: "):
        extract(SAMPLE)


@pytest.mark.parametrize("token", [
    {"TAG": "NUM", "OP": "*?!"},
    {"COLOUR": "red"},
    {"TAG": {"IN": "NUM"}},
])
def test_invalid_token_pattern(rules, token):
    add_line(rules, "figures.jsonl",
             json.dumps({"id": "count.broken", "kind": "count", "pattern": [token]}))
    with pytest.raises(PatternError) as raised:
        extract(SAMPLE)
    message = str(raised.value)
    assert "figures.jsonl" in message
    assert "count.broken" in message
    assert "\n" not in message


def test_a_token_pattern_naming_a_tag_no_word_is_given_is_refused(rules):
    add_line(rules, "figures.jsonl",
             json.dumps({"id": "count.typo", "kind": "count", "pattern": [{"TAG": {"IN": ["NUMS"]}}]}))
    with pytest.raises(PatternError, match=r"figures\.jsonl, line \d+: pattern 'count\.typo' names "
                                           r"the tag 'NUMS'"):
        extract(SAMPLE)


def test_missing_rule_file(rules):
    (rules / "units.tsv").unlink()
    with pytest.raises(PatternError, match=r"units\.tsv: cannot read rule file"):
        extract(SAMPLE)


def test_rule_file_not_in_utf8(rules):
    (rules / "currencies.tsv").write_bytes("đồng\tVND\tafter\n".encode("utf-16"))
    with pytest.raises(PatternError, match=r"currencies\.tsv: cannot read rule file"):
        extract(SAMPLE)


def test_comments_and_blank_lines_are_skipped(rules):
    for name in ("units.tsv", "figures.jsonl"):
        add_line(rules, name, "")
        add_line(rules, name, "# a note for the reader\twith a tab")
    assert extract(SAMPLE)


def test_a_new_rule_changes_what_is_extracted(rules):
    sentence = "Nhà máy xuất 300 kiện hàng, giá 500 xu mỗi kiện."

    def found() -> set[tuple]:
        return {(fact.kind, fact.value, fact.unit) for fact in extract(sentence)}

    assert ("money", 500, "VND") not in found()
    add_line(rules, "units.tsv", "kiện\tkiện")
    add_line(rules, "currencies.tsv", "xu\tVND\tafter")
    clear_rule_caches()
    assert {("money", 500, "VND"), ("quantity", 300, "kiện")} <= found()


def test_cli_reports_a_malformed_rule_file_in_one_line(rules, tmp_path):
    number = add_line(rules, "units.tsv", "kg\tkg\tkilogam")
    article = tmp_path / "bai-viet.txt"
    article.write_text("Tỉnh hỗ trợ 12.535 lao động, tổng kinh phí 19,4 tỷ đồng.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("vnfacts: ")
    assert f"units.tsv, line {number}: " in lines[0]
    assert "Traceback" not in result.stderr
