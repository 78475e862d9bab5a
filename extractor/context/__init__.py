"""The context of a fact: when it happened, where, and which body acted.

A figure's own words rarely say its year, province or actor, so each is looked
for in the figure's sentence, then earlier in its paragraph (a line of the
text), then in the article as a whole. Everything an article offers is found
once, so asking for the context of each of its facts costs only a lookup:
`build_article_context(text, published, title).at(start, end)`.

One module per job, the way spaCy keeps its matchers:
- `provinces`: the provinces a text names (underthesea's gazetteer);
- `times`: years and periods;
- `datelines`: the article's publication date;
- `organizations`: the bodies a text names;
- `article`: the article context that joins them for each fact.

Choices, so that a reader of the database knows what the fields mean:
- A single year (`năm 2016`, `quý I/2021`, `tháng 3/2021`, `6 tháng đầu năm
  2024`, a full date) gives `year` = that year and `period_start` =
  `period_end` = year. A span of years (`giai đoạn 2021-2025`) gives only
  `period_start`/`period_end`: `year` stays None, because a figure for five
  years belongs to no single one; one up to a year from no year written
  (`từ nay đến năm 2020`) only `period_end`. `period` is the phrase as written.
- A sentence's period wins over its `năm YYYY`, which wins over a full date;
  among equals the first written wins. Years in document numbers or dates of
  documents (`Nghị định 57/2018/NĐ-CP ngày 17/4/2018`) and comparison
  baselines (`so với cùng kỳ năm 2020`) are not the time of a fact.
- What a sentence does not say is taken from the nearest mention earlier in
  its paragraph (a period or place named before a sentence carries over to
  it; one named after it does not), else from the article: with no time,
  `year` is the published year and `period`, `period_start`, `period_end`
  stay None; with no province, the article's main province (named in the
  title, else named most often: at least twice, or as the only one).
- `province` is the short name, as in underthesea's gazetteer, of the
  province written (a pre-merger name when the text names a pre-merger
  province); `province_2025` is the province it belongs to since the merger
  of 1 July 2025. A sentence that lists several provinces is about all of
  them and gets none.
- `organization` is the first body named in the sentence that is not the
  object of a preposition (`chỉ đạo của UBND tỉnh`), as written; else the
  first such body earlier in its paragraph (the paragraph's subject).

The text is expected in NFC (as the clean stage leaves it): the patterns are.
"""

from extractor.context.article import (
    ArticleContext,
    build_article_context,
    published_in_text,
)
from extractor.context.datelines import normalize_published
from extractor.context.provinces import Province, family_names, provinces
from extractor.model import Context

__all__ = [
    "ArticleContext",
    "Context",
    "Province",
    "build_article_context",
    "family_names",
    "normalize_published",
    "provinces",
    "published_in_text",
]
