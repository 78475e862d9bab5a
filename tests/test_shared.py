"""Accuracy guards on the data beside the project (`../shared`): the seeds the
product was specified from and the development gold set. Skipped when
`../shared` is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import Article, evaluate, extract_article, ingest, search
from extractor.evaluate import load_gold, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "dev.jsonl"
DEV_ARTICLES = SHARED / "gold" / "dev-articles.jsonl"

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason="../shared is not beside the project")


@pytest.fixture(scope="module")
def dev_evaluation():
    return evaluate(GOLD, [str(DEV_ARTICLES)])


def test_dev_f1_is_at_least_090(dev_evaluation):
    headline = dev_evaluation.headline
    assert headline.f1 >= 0.90, f"dev F1 {headline.f1:.3f} (TP {headline.tp}, FP {headline.fp})"
    assert dev_evaluation.indicator.value >= 0.85


def test_no_figure_of_the_dev_set_is_cut_short():
    """The consumed-words invariant (extractor/checks.py) on every dev fact,
    asked of the cleaned article text the offsets point into."""
    from extractor import extract_articles
    from extractor.checks import cut_figure

    checked, cut = 0, []
    for item in extract_articles([str(DEV_ARTICLES)]):
        checked += len(item.facts)
        cut += [problem for fact in item.facts
                if (problem := cut_figure(item.text, fact.start, fact.end)) is not None]
    assert checked > 100 and cut == []


def test_segmenting_near_figures_loses_nothing(dev_evaluation):
    """The shortcut (word segmentation only after numbers) scores exactly as
    segmenting every sentence with a figure in full."""
    articles = [json.loads(line) for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines()]
    predicted = []
    for record in articles:
        article = Article(id=record["id"], text=record["text"], title=record.get("title"),
                          url=record.get("url"), published=record.get("published"))
        predicted += [fact.to_dict() for fact in extract_article(article, whole_sentences=True).facts]
    whole = score(load_gold(GOLD), predicted, [record["id"] for record in articles])
    assert whole.headline == dev_evaluation.headline
    assert (whole.indicator.correct, whole.qualifier.correct) == (
        dev_evaluation.indicator.correct, dev_evaluation.qualifier.correct)


def seed_facts() -> dict[str, list]:
    facts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = Article(id=path.stem, text=path.read_text(encoding="utf-8"), source=str(path))
        facts[path.stem] = extract_article(article).facts
    return facts


def test_every_required_seed_fact_comes_out_and_nothing_from_chrome():
    facts = seed_facts()
    gold = [fact for fact in load_gold(GOLD) if fact["article"] in facts]
    required = [fact for fact in gold if not fact["optional"]]
    assert required, "the seeds have gold facts"
    for expected in required:
        found = [f for f in facts[expected["article"]]
                 if f.kind == expected["kind"] and f.value == pytest.approx(expected["value"])
                 and f.value_max == expected["value_max"]]
        assert found, f"{expected['article']}: {expected['text']} not extracted"
    allowed = {(g["article"], g["kind"], g["value"], g["value_max"]) for g in gold}
    extra = [(article, f.kind, f.value, f.text) for article, found in facts.items() for f in found
             if (article, f.kind, f.value, f.value_max) not in allowed]
    assert extra == []  # chrome figures (visitor counts, licences, other headlines) stay out


def test_seed_database_answers_the_budget_question(tmp_path):
    db = tmp_path / "seeds.db"
    first = ingest([str(SEEDS)], db)
    budgets = {fact.fact.article: fact.fact for fact in search(db, indicator=["budget"])}
    assert {article: (f.value, f.province, f.period_start, f.period_end)
            for article, f in budgets.items()} == {
        "000_c08dbd8c6344d1de": (19448500000, "Thái Bình", None, None),
        "003_55e4e1811c9e5942": (83300000000, None, 2021, 2025),
        "004_a27ee7543210edd9": (181946900000, None, 2018, 2020),
    }
    assert all(fact.sentence and fact.text in fact.sentence for fact in budgets.values())
    again = ingest([str(SEEDS)], db)
    assert (again.articles_stored, again.articles_skipped) == (0, first.articles_stored)
    assert len(search(db, indicator=["budget"])) == 3
    assert search(db, "khuyến công", limit=100)


CORPORA = [SHARED / "corpora" / name for name in ("baomoi-2017.jsonl.gz", "dantri-2021.jsonl.gz")]
SENTENCES_PER_ARCHIVE = 1500
ARTICLES_READ = 20000


def money_sentences(archive: Path) -> list[str]:
    """Sentences of the archive's first articles where an amount meets a
    currency word that more letters follow (`tỷ đồng vốn`, `triệuđồng`, `đồng
    bằng`): where money is read as a count if it ever is."""
    import gzip
    import itertools

    import regex

    from extractor.match import lexicons

    currencies = "|".join(sorted((regex.escape(c) for c in lexicons().currencies
                                  if c[0].isalpha()), key=len, reverse=True))
    shape = regex.compile(rf"\d\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:{currencies})\s*\w", regex.I)
    found: list[str] = []
    with gzip.open(archive, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, ARTICLES_READ):
            text = json.loads(line).get("text") or ""
            found += [s for s in regex.split(r"(?<=[.!?])\s+|\n", text) if shape.search(s)]
            if len(found) >= SENTENCES_PER_ARCHIVE:
                break
    return found[:SENTENCES_PER_ARCHIVE]


@pytest.mark.parametrize("archive", CORPORA, ids=lambda path: path.name)
def test_no_money_amount_is_stored_as_a_count(archive):
    """benchmarks/run.py counts these over the whole archives; this sample keeps the suite fast."""
    from extractor import extract
    from extractor.checks import is_money_stored_as_count

    if not archive.is_file():
        pytest.skip(f"{archive.name} is not in ../shared/corpora")
    sentences = money_sentences(archive)
    assert len(sentences) == SENTENCES_PER_ARCHIVE
    wrong = [(fact.text, fact.subject) for sentence in sentences for fact in extract(sentence)
             if fact.kind == "count" and is_money_stored_as_count(fact.text, fact.subject)]
    assert wrong == []
