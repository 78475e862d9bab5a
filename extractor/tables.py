"""Aligned plain-text tables for people: `extract --format table`, search
and stats tables, the evaluation report. Plain text, so the tables survive
pipes, logs and terminals without colour."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extractor.present import shorten

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters a terminal obeys instead of showing (ESC starts the sequences
that move the cursor, recolour or retitle the window): a title scraped
with them must not command the terminal of whoever reads the table."""


def printable(text: str) -> str:
    """`text` with its control characters shown as escapes (`\\x1b`)."""
    return CONTROL_CHARACTER.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def format_table(header: Sequence[str], rows: Iterable[Sequence[str]], *,
                 width: int = 48, numeric_from: int | None = None) -> str:
    """Aligned columns under a header; columns from `numeric_from` on are
    right-aligned. Cells longer than `width` are shortened, except in the
    last column, which can run on without pushing another column out of line."""
    cells = [[_one_line(cell, width) for cell in row[:-1]] + [_one_line(row[-1])] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(header)]

    def line(row: Iterable[str]) -> str:
        return "  ".join(
            cell.rjust(size) if numeric_from is not None and i >= numeric_from else cell.ljust(size)
            for i, (cell, size) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line("-" * size for size in widths),
                      *(line(row) for row in cells)]) + "\n"


def _one_line(cell: str, width: int | None = None) -> str:
    """A cell on one line, its control characters shown, cut to `width` when given."""
    line = " ".join(printable(cell).split())
    return shorten(line, width) if width else line
