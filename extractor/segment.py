"""Split cleaned text into sentences and sentences into words, with offsets.

underthesea does the splitting; this module only anchors its output back to
character offsets in the text, because every fact must point at the exact
place it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from underthesea import sent_tokenize, word_tokenize


@dataclass(frozen=True)
class Span:
    """A piece of the text: `text == source[start:end]`."""

    text: str
    start: int
    end: int


def _anchor(pieces: list[str], source: str, offset: int) -> list[Span]:
    """Locate each piece in `source` in order. underthesea sometimes changes
    the spacing of a piece (`US$` comes back as `US $`); such a piece is
    matched with the spacing of the source. A piece that cannot be found
    next is skipped rather than mis-placed."""
    spans = []
    cursor = 0
    for piece in pieces:
        found = source.find(piece, cursor)
        if found < 0 or source[cursor:found].strip():
            respaced = _respaced(piece).match(source, cursor)
            if respaced is None:
                if found < 0:
                    continue
            else:
                found, piece = respaced.start(1), respaced.group(1)
        cursor = found + len(piece)
        spans.append(Span(piece, offset + found, offset + cursor))
    return spans


def _respaced(piece: str) -> regex.Pattern:
    """The piece with any spacing between its characters, after blanks."""
    letters = [regex.escape(ch) for ch in piece if not ch.isspace()]
    return regex.compile(r"\s*(" + r"\s*".join(letters) + ")")


def split_paragraphs(text: str) -> list[Span]:
    """The non-blank lines of the text: sentences never cross a line break."""
    spans = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(stripped, start + lead, start + lead + len(stripped)))
        start += len(line) + 1
    return spans


def split_sentences(text: str) -> list[Span]:
    """The sentences of the text, paragraph by paragraph.

    A break with no space after it (`Kitco.com`, `TP.HCM`) is not a
    sentence boundary, so such pieces are joined again.
    """
    sentences: list[Span] = []
    for paragraph in split_paragraphs(text):
        pieces = _anchor(sent_tokenize(paragraph.text), paragraph.text, paragraph.start)
        for piece in pieces:
            last = sentences[-1] if sentences else None
            if last is not None and last.end == piece.start:
                sentences[-1] = Span(last.text + piece.text, last.start, piece.end)
            else:
                sentences.append(piece)
    return sentences


def split_words(sentence: Span) -> list[Span]:
    """underthesea's words of a sentence (multi-syllable words kept whole)."""
    return _anchor(word_tokenize(sentence.text), sentence.text, sentence.start)
