"""Stories: near-duplicate articles found by their MinHash signatures, in
one run and across runs, on the report of support.py and its syndicated copy
(written for the project)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import numpy as np
from datasketch import MinHash
from hypothesis import given
from hypothesis import strategies as st
from support import COPY, OTHER, REPORT

from extractor.store import ingest
from extractor.stories import (
    PERMUTATIONS,
    SCHEME,
    STORY_THRESHOLD,
    StoryIndex,
    minhash_values,
    text_signature,
)


def text_of(item: dict) -> str:
    return f"{item['title']}\n{item['text']}"


# Another report on the same meeting, sharing its opening and one paragraph, otherwise its own.
FOLLOW_UP = text_of({"title": "Thái Bình bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
                     "text": REPORT["text"].split("\n")[0] + "\nNăm 2025, hội đồng bình chọn cấp "
                     "tỉnh đã công nhận 45 sản phẩm công nghiệp nông thôn tiêu biểu của 38 cơ sở, "
                     "trong đó có 12 sản phẩm đạt cấp khu vực. Các sản phẩm được công nhận thuộc "
                     "nhóm thủ công mỹ nghệ, chế biến nông sản và cơ khí nhỏ, được hỗ trợ xây dựng "
                     "thương hiệu, tham gia hội chợ trong và ngoài tỉnh.\n"
                     + REPORT["text"].split("\n")[2]})


def test_a_signature_is_the_same_for_the_same_text_and_none_for_a_short_one():
    signature = text_signature(text_of(REPORT))
    assert signature == text_signature(text_of(REPORT)) and len(signature) == 512
    assert text_signature("Tỉnh chi 5 tỷ đồng cho khuyến công.") is None  # too short to tell a copy
    assert text_signature("") is None


@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=300))
def test_the_signature_is_the_minhash_datasketch_gives_the_same_hashes(hashes):
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, hashfunc=int)
    minhash.update_batch(hashes)
    assert (minhash_values(np.array(hashes, dtype=np.uint64)) == minhash.hashvalues).all()


def test_a_copy_joins_the_story_of_its_original_and_other_reports_do_not():
    index = StoryIndex()
    assert index.story_of("report", text_signature(text_of(REPORT))) == 1
    assert index.story_of("follow-up", text_signature(FOLLOW_UP)) == 2
    assert index.story_of("copy", text_signature(text_of(COPY))) == 1
    assert index.story_of("short", None) == 3


def test_stories_continue_from_the_stored_ones_and_a_changed_article_may_leave_its_story():
    stored = [("report", 4, text_signature(text_of(REPORT))), ("short", 7, None)]
    index = StoryIndex(stored)
    assert index.story_of("copy", text_signature(text_of(COPY))) == 4
    assert index.story_of("new", text_signature(FOLLOW_UP)) == 8
    # the copy, edited into another report, is no longer the report's copy
    assert index.story_of("copy", text_signature(FOLLOW_UP + " Cập nhật.")) == 8
    assert index.story_of("copy", text_signature(text_of(COPY))) == 4
    # an article alone in its story keeps it when it changes, and leaves it when it joins another
    assert index.story_of("short", text_signature("Tin ngắn.")) == 7
    assert index.story_of("short", text_signature(text_of(REPORT))) == 4
    assert index.story_of("alone", None) == 9


def test_the_threshold_sits_between_a_copy_and_a_report_sharing_a_paragraph():
    def similarity(a: str, b: str) -> float:
        index = StoryIndex([("a", 1, text_signature(a))])
        return index.story_of("b", text_signature(b)) == 1

    assert STORY_THRESHOLD == 0.7
    assert similarity(text_of(REPORT), text_of(COPY))
    assert not similarity(text_of(REPORT), FOLLOW_UP)


def test_an_article_ingested_later_joins_the_story_of_an_earlier_one(tmp_path):
    def write(name: str, *items: dict) -> str:
        path = tmp_path / name
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        return str(path)

    db = tmp_path / "facts.db"
    ingest([write("first.jsonl", REPORT, OTHER)], db)
    ingest([write("later.jsonl", COPY)], db)  # another run: the index is rebuilt from the database
    ingest([write("edited.jsonl", {**OTHER, "text": OTHER["text"] + " Đã cập nhật."})], db)
    with closing(sqlite3.connect(db)) as connection:
        stories = dict(connection.execute("SELECT id, story FROM articles"))
    assert stories == {REPORT["id"]: 1, OTHER["id"]: 2, COPY["id"]: 1}  # the edited one kept its story
