"""The extraction pipeline: article → cleaned text → sentences → facts.

Each stage is a module with a plain-data interface; this module only chains
them, so the order of the stages is visible in one place. Importing it
imports every stage, and so registers every loader of rule files that
`load_rules` checks (extractor/patterns.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from extractor.clean import clean_text
from extractor.context import build_article_context, normalize_published, published_in_text
from extractor.counted import persons_named_elsewhere, persons_of_their_total
from extractor.enrich import facts_of_sentences
from extractor.errors import ErrorRecord
from extractor.figures import number_figures
from extractor.model import Article, ExtractedArticle, Fact
from extractor.money import name_from_the_sentence_before, name_like_the_article
from extractor.patterns import load_rules
from extractor.read import read_articles
from extractor.segment import split_sentences
from extractor.workers import Extract, FailedArticle, extract_safely

TITLE_REACH = 300  # how far into a body its own title may stand (below a breadcrumb)


def document_text(article: Article) -> str:
    """Title and body as one text, because titles state figures too.

    A body that already opens with its title (as scraped pages do, perhaps
    under a breadcrumb) is kept as it is, so the title is not read twice.
    """
    title = (article.title or "").strip()
    body = article.text
    if not title or title in body.lstrip()[: len(title) + TITLE_REACH]:
        return body
    return f"{title}\n{body}"


def extract(text: str, article_id: str = "text", clean: bool = True,
            whole_sentences: bool = False, published: str | None = None,
            title: str | None = None, url: str | None = None) -> list[Fact]:
    """Every fact of one text, with its context (year or period, province,
    organisation) and the figure it mentions (extractor/figures.py).

    With `clean` (the default) the text is first normalised and stripped of
    page chrome, and `start`/`end` point into that cleaned text; pass
    `clean=False` for offsets into `text` itself. `published` (ISO date) is
    the fallback year of facts whose text names none; `title` and `url` (its
    outlet) help find the article's province. `whole_sentences` word-segments
    every sentence with a figure in full instead of only the words near each
    figure: slower, and kept to show the shortcut loses nothing. Every rule
    file is checked first (cached after the first call), so a malformed one
    stops the call whatever the text holds.
    """
    load_rules()
    page = None  # the page before cleaning, when cleaning changed it
    if clean:
        published = published or published_in_text(text)
        page, text = text, clean_text(text)
        page = page if page != text else None
    return _extract_cleaned(text, article_id, whole_sentences, published, title, page, url)


def _extract_cleaned(text: str, article_id: str, whole_sentences: bool, published: str | None,
                     title: str | None, page: str | None, url: str | None = None) -> list[Fact]:
    facts: list[Fact] = []
    context = None
    sentences = split_sentences(text)
    for sentence, found in zip(sentences, facts_of_sentences(text, sentences, article_id,
                                                             whole_sentences), strict=True):
        if found:
            context = context or build_article_context(text, published, title, page, url)
            for fact in found:  # each figure its own context: the place nearest it
                around = context.at(sentence.start, sentence.end, (fact.start, fact.end))
                for name, value in vars(around).items():
                    setattr(fact, name, value)
            facts.extend(found)
    facts = name_from_the_sentence_before(text, persons_of_their_total(text, persons_named_elsewhere(facts)))
    return name_like_the_article(number_figures(text, facts))


def extract_article(article: Article, whole_sentences: bool = False) -> ExtractedArticle:
    """Clean one article and extract its facts.

    The publication date is looked for in the raw text, because a dateline
    (`07:11, 05/11/2020`) is page chrome that cleaning removes.
    """
    raw = document_text(article)
    text = clean_text(raw)
    published = normalize_published(article.published) or published_in_text(raw)
    context_page = raw if raw != text else None
    facts = _extract_cleaned(text, article.id, whole_sentences, published, article.title, context_page,
                             article.url)
    return ExtractedArticle(article, text, facts, published)


def extract_articles(
    paths: Iterable[str], on_error: Callable[[ErrorRecord], None] | None = None,
    follow_symlinks: bool = False, extract: Extract | None = None,
) -> Iterator[ExtractedArticle]:
    """Read the inputs and extract the facts of each article, one at a time
    (`follow_symlinks`: see `read_articles`; `extract`: the engine, by default
    `extract_article`, given as `ingest` takes it).

    An article whose extraction fails is reported to `on_error` (or logged)
    and skipped: one bad article must not stop an archive.
    """
    report = on_error or _log_error
    load_rules()
    for article in read_articles(paths, on_error=report, follow_symlinks=follow_symlinks):
        result = extract_safely(article, extract or extract_article)
        if isinstance(result, FailedArticle):
            report(result.error)
        else:
            yield result


def _log_error(error: ErrorRecord) -> None:
    logging.getLogger("extractor.pipeline").warning("%s", error)
