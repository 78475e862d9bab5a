"""vnfacts: the figures reported in Vietnamese news, as searchable facts.

The public API mirrors the command line: each `vnfacts` command is a thin
shell over the function of the same name here. The extraction functions are
imported when first used, so that a query does not load the extraction
engine (spaCy, underthesea) it does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extractor.evaluate import evaluate
from extractor.model import Article, ExtractedArticle, Fact
from extractor.query import export, search, stats
from extractor.serve import serve
from extractor.store import current_version, ingest

__version__ = current_version()
"""The version in pyproject.toml, as the installed package's metadata has it."""

if TYPE_CHECKING:
    from extractor.pipeline import extract, extract_article, extract_articles

_ENGINE = ("extract", "extract_article", "extract_articles")

__all__ = [
    "Article",
    "ExtractedArticle",
    "Fact",
    "__version__",
    "evaluate",
    "export",
    "extract",
    "extract_article",
    "extract_articles",
    "ingest",
    "search",
    "serve",
    "stats",
]


def __getattr__(name: str) -> Any:
    if name not in _ENGINE:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    from extractor import pipeline

    return getattr(pipeline, name)
