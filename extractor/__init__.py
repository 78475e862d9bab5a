"""vnfacts: the figures reported in Vietnamese news, as searchable facts.

The public API mirrors the command line: each `vnfacts` command is a thin
shell over the function of the same name here.
"""

__version__ = "0.1.0"

from extractor.evaluate import evaluate
from extractor.model import Article, Fact
from extractor.pipeline import (
    ExtractedArticle,
    extract,
    extract_article,
    extract_articles,
)
from extractor.query import export, search, stats
from extractor.serve import serve
from extractor.store import ingest

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
