"""The plain records that pass between the pipeline stages.

Every stage takes and returns these (or lists of them), so a stage can be
tested, replaced or run in another process without knowing the others.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, make_dataclass
from typing import Any


@dataclass
class Article:
    """One article as read from an input, before cleaning.

    `id` is the input's `id` (JSON Lines) or the file name without its
    extension; `source` says where it came from (a path, with `:LINE` for
    JSON Lines) so an error or a fact can be traced back to the input.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    published: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    """One quantitative figure of an article (ANNOTATION.md's fact record).

    `start`/`end` are character offsets of `text` in the article's cleaned
    text; `pattern` names the rule that produced the fact so an analyst can
    see why it was extracted.

    The facts of an article are mentions: `figure` numbers the distinct
    figures of the article (1, 2, …), shared by the mentions of one figure (a
    title's rounded `gần 20 tỷ đồng` and the body's `19,8 tỷ đồng`), and
    `part_of` is the `figure` of the total a part belongs to (`trong đó …`),
    so that sums count each figure once and never a part with its total.
    """

    article: str
    kind: str
    value: float
    value_max: float | None
    unit: str | None
    per: str | None
    qualifier: str
    indicator: str
    subject: str | None
    text: str
    sentence: str
    start: int
    end: int
    pattern: str
    year: int | None = None
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    province: str | None = None
    province_2025: str | None = None
    organization: str | None = None
    programme: str | None = None
    figure: int | None = None
    part_of: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record, whole values as integers (`1850000000`, not `1850000000.0`)."""
        from extractor.present import plain_number  # present imports this module

        record = asdict(self)
        for name in ("value", "value_max"):
            record[name] = plain_number(record[name])
        return record


@dataclass
class ExtractedArticle:
    """An article with its cleaned text (what offsets point into), its facts,
    and its publication date (from the input, else from the text)."""

    article: Article
    text: str
    facts: list[Fact]
    published: str | None = None


FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Fact))
CONTEXT_FIELDS = ("year", "period", "period_start", "period_end", "province", "province_2025",
                  "organization", "programme")

# When, where and who for one fact: the context fields of `Fact`, found once
# per article by the extractor.context package and copied onto each of its facts.
Context = make_dataclass(
    "Context",
    [(f.name, f.type, field(default=None)) for f in fields(Fact) if f.name in CONTEXT_FIELDS],
)
