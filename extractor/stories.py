"""Near-duplicate articles as stories: a syndicated copy, a re-post, an
article an archive holds twice.

A figure printed by two copies of one report is one figure, so every stored
article belongs to a `story`, a number shared by its copies. Each article's
cleaned text gets a MinHash signature (datasketch) of its five-word
shingles where it is extracted (a worker process, a Dask worker); the single
writer keeps a MinHash LSH index of the stored signatures, built from the
database when an ingest first stores an article (so an article ingested
later joins the story of an earlier one), and gives each new or changed
article the story of the most similar stored article whose estimated
Jaccard similarity is at least `STORY_THRESHOLD`, else a story of its own
(a changed article alone in its story keeps it).
Stories are assigned in input order by the one writer, so any number of
workers, and the Dask engine, give the same stories.

The threshold was measured on the two archives beside the project
(38,093 articles): of the pairs at 0.7 or more, read one by one, all but a
few are copies or light edits of one report (an advertiser's two texts and
two follow-ups sharing their background are the exceptions); below 0.7 most
pairs are different reports of one event, and templates (two live reports of
different matches) begin at 0.5. The LSH weights favour finding candidates
(each is checked against its signature), so that pairs just above the
threshold are not missed.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from datasketch.minhash import _fmix

SHINGLE_WORDS = 5
PERMUTATIONS = 128
SCHEME = "affine32"
"""datasketch's hashing scheme, named because stored signatures depend on it."""
STORY_THRESHOLD = 0.7
LSH_WEIGHTS = (0.2, 0.8)
"""Weights of false positives and false negatives when datasketch chooses its bands."""
MIN_SHINGLES = 20
"""A text of fewer shingles (a caption, a one-line brief) is its own story:
too short to tell a copy from a template."""
SIGNATURE_TYPE = np.dtype("<u4")
WORD = re.compile(r"\w+")
MIXER = np.uint64(0x9E3779B97F4A7C15)
"""An odd 64-bit multiplier: a shingle's hash is its words' hashes as digits of this base."""
LOW_32 = np.uint64(0xFFFFFFFF)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutations for `PERMUTATIONS` and its default seed, made once."""
    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME).permutations


def text_signature(text: str) -> bytes | None:
    """The MinHash signature of a cleaned text, as bytes for the database;
    None for a text too short to have one.

    The features are its lower-cased five-word shingles, hashed in numpy from
    the CRC-32 of each word (a shingle hashed as a string costs ten times as
    much, and signing must stay small beside extracting). The signature is
    the one `MinHash.update_batch` gives for those hashes (`minhash_values`)."""
    words = WORD.findall(text.lower())
    count = len(words) - SHINGLE_WORDS + 1
    if count < MIN_SHINGLES:
        return None
    word_hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    shingles = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):  # wraps around 2**64, as a hash should
        shingles = shingles * MIXER + word_hashes[offset:offset + count]
    shingles = np.unique(shingles)
    if len(shingles) < MIN_SHINGLES:
        return None
    return minhash_values((shingles ^ (shingles >> np.uint64(32))) & LOW_32).astype(SIGNATURE_TYPE).tobytes()


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """The MinHash of 32-bit hash values under datasketch's `SCHEME`: its
    pre-mix, then each permutation `a * h + b` (mod 2**32), least over the
    values. datasketch's `update_batch` does the same after calling its hash
    function on each value in Python, most of the cost of a signature."""
    a, b = _permutations()
    mixed = _fmix(hashes.astype(np.uint32).reshape(-1, 1), 32)
    return (mixed * a + b).min(axis=0)


def _minhash(signature: bytes) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(signature, dtype=SIGNATURE_TYPE),
                       scheme=SCHEME)


class StoryIndex:
    """The stories of stored articles, and the story of each article stored next."""

    def __init__(self, stored: Iterable[tuple[str, int | None, bytes | None]] = ()) -> None:
        """`stored`: (article id, story, signature) of the articles stored so far."""
        self.lsh = MinHashLSH(threshold=STORY_THRESHOLD, num_perm=PERMUTATIONS, weights=LSH_WEIGHTS)
        self.signatures: dict[str, bytes] = {}
        self.stories: dict[str, int] = {}
        self.sizes: Counter[int] = Counter()
        for article, story, signature in stored:
            if story is not None:
                self._add(article, story, signature)

    def story_of(self, article: str, signature: bytes | None) -> int:
        """The story of a new or changed article: that of the stored article
        most similar to it (ties: the earliest story), else a story of its
        own: the one it had, if it was alone in it, or a new one."""
        previous = self._remove(article)
        similar = []
        if signature is not None:
            minhash = _minhash(signature)
            for other in self.lsh.query(minhash):
                similarity = minhash.jaccard(_minhash(self.signatures[other]))
                if similarity >= STORY_THRESHOLD:
                    similar.append((-similarity, self.stories[other]))
        if similar:
            story = min(similar)[1]
        elif previous is not None and not self.sizes[previous]:
            story = previous
        else:
            story = max(self.sizes, default=0) + 1
        self._add(article, story, signature)
        return story

    def _add(self, article: str, story: int, signature: bytes | None) -> None:
        self.stories[article] = story
        self.sizes[story] += 1
        if signature is not None:
            self.lsh.insert(article, _minhash(signature), check_duplication=False)
            self.signatures[article] = signature

    def _remove(self, article: str) -> int | None:
        """Take a changed article out (it may no longer be a copy); its story."""
        story = self.stories.pop(article, None)
        if story is not None:
            self.sizes[story] -= 1
        if self.signatures.pop(article, None) is not None:
            self.lsh.remove(article)
        return story
