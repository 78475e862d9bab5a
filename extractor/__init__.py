"""vnfacts: the figures reported in Vietnamese news, as searchable facts.

The public API mirrors the command line: each `vnfacts` command is a thin
shell over the function of the same name here.
"""

from extractor.model import Article, Fact
from extractor.pipeline import ExtractedArticle, extract, extract_article, extract_articles

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ExtractedArticle",
    "Fact",
    "__version__",
    "extract",
    "extract_article",
    "extract_articles",
]
