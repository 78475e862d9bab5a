"""Load the rules kept as data in `patterns/`.

Rules are data so that a user can add a trigger word or an indicator without
touching Python. Because a typo in such a file would otherwise silently change
what is extracted, every entry is validated on load, and a malformed one stops
the run with a `PatternError` naming the file, the line and the problem.

Two formats are used:
- `.tsv`: one entry a line, tab-separated columns, `#` starts a comment;
- `.jsonl`: one JSON object a line, blank lines and `#` lines skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from extractor.errors import VnfactsError

PACKAGE_DIR = Path(__file__).resolve().parent


class PatternError(VnfactsError):
    """A rule file in `patterns/` is malformed; the message names file and line."""


def patterns_dir() -> Path:
    """The folder holding the rule files.

    Inside an installed wheel the folder is shipped as `extractor/patterns`;
    in a source checkout (or an editable install) it is `patterns/` beside
    the package.
    """
    for candidate in (PACKAGE_DIR / "patterns", PACKAGE_DIR.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise PatternError(f"{PACKAGE_DIR}: no patterns/ folder next to the package")


def rule_error(name: str, line: int, problem: str) -> PatternError:
    """The error for entry `line` of rule file `name`, naming both."""
    return PatternError(f"{patterns_dir() / name}, line {line}: {problem}")


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PatternError(f"{path}: cannot read rule file ({error})") from error
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, raw.rstrip("\n")


def read_tsv(name: str, columns: int, min_columns: int | None = None) -> list[tuple[int, list[str]]]:
    """Rows of `patterns/NAME` with their line numbers.

    Each row must have between `min_columns` (default: `columns`) and
    `columns` tab-separated, non-empty fields; missing optional fields are
    returned as empty strings.
    """
    path = patterns_dir() / name
    least = columns if min_columns is None else min_columns
    rows = []
    for number, line in _numbered_lines(path):
        parts = [part.strip() for part in line.split("\t")]
        if not least <= len(parts) <= columns:
            expected = str(columns) if least == columns else f"{least} to {columns}"
            raise PatternError(
                f"{path}, line {number}: expected {expected} tab-separated fields, "
                f"found {len(parts)}"
            )
        if any(not part for part in parts):
            raise PatternError(f"{path}, line {number}: empty field")
        rows.append((number, parts + [""] * (columns - len(parts))))
    return rows


def read_jsonl(name: str, check: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """Objects of `patterns/NAME`, each passed to `check`.

    `check` returns None for a valid entry or a sentence saying what is wrong.
    """
    path = patterns_dir() / name
    entries = []
    for number, line in _numbered_lines(path):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise PatternError(f"{path}, line {number}: not valid JSON ({error.msg})") from error
        if not isinstance(entry, dict):
            raise PatternError(f"{path}, line {number}: expected a JSON object")
        problem = check(entry)
        if problem:
            raise PatternError(f"{path}, line {number}: {problem}")
        entries.append(entry)
    return entries


def read_word_map(name: str) -> dict[str, str]:
    """A two-column TSV as a mapping of lower-cased words to values.

    A word listed twice is an error: the second entry would silently win.
    """
    mapping: dict[str, str] = {}
    path = patterns_dir() / name
    for number, (word, value) in read_tsv(name, 2):
        key = word.lower()
        if key in mapping:
            raise PatternError(f"{path}, line {number}: '{word}' is listed twice")
        mapping[key] = value
    return mapping


@cache
def read_word_list(name: str) -> frozenset[str]:
    """A one-column file of words or phrases, lower-cased."""
    return frozenset(row[0].lower() for _, row in read_tsv(name, 1))
