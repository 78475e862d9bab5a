"""Load the rules kept as data in `patterns/`.

Rules are data so that a user can add a trigger word or an indicator without
touching Python. Because a typo in such a file would otherwise silently change
what is extracted, every entry is validated on load, and a malformed one stops
the run with a `PatternError` naming the file, the line and the problem.

Two formats are used:
- `.tsv`: one entry a line, tab-separated columns, `#` starts a comment;
  `read_table` checks a file against its columns (how many, the values
  each allows, which may repeat);
- `.jsonl`: one JSON object a line, blank lines and `#` lines skipped;
  `read_jsonl` passes each to the check of its loader.
Either way an error names the file and line one way (`rule_error`).

Every function that loads rule files is registered where it is defined
(`rule_loader`), so that a run checks them all before it reads an article
(`load_rules`) and a test can clear what they hold (`clear_rule_caches`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from extractor.errors import VnfactsError

PACKAGE_DIR = Path(__file__).resolve().parent
T = TypeVar("T")
Rows = list[tuple[int, list[str]]]
RULE_LOADERS: list[Any] = []
"""Every loader of rule files (`rule_loader`), in the order their modules were imported."""


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


def rule_loader(load: Callable[[], T]) -> Callable[[], T]:
    """`load`, cached and registered: a function of no arguments that reads
    and checks rule files once per process, and that `load_rules` calls."""
    cached = cache(load)
    RULE_LOADERS.append(cached)
    return cached


def load_rules() -> None:
    """Load and check every registered rule file now, so that a malformed
    one stops the run with its one-line error before any article is read,
    rather than failing article after article (or worker after worker)."""
    for load in RULE_LOADERS:
        load()


def clear_rule_caches() -> None:
    """Forget every rule file loaded, so that the next use reads them again."""
    for load in (*RULE_LOADERS, read_word_list):
        load.cache_clear()


def rule_error(name: str | Path, line: int | None, problem: str) -> PatternError:
    """The error for entry `line` of rule file `name` (or for the whole file),
    naming both: the one form of every rule file's location."""
    where = patterns_dir() / name
    return PatternError(f"{where}, line {line}: {problem}" if line else f"{where}: {problem}")


def rule_lines(path: Path, what: str = "rule file",
               error: type[Exception] = PatternError) -> Iterator[tuple[int, str]]:
    """The lines of a rule file (or of another hand-written file, `what`,
    whose problems are raised as `error`) with their numbers, but blank
    lines and `#` comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        reason = getattr(problem, "strerror", None) or problem
        raise error(f"{path}: cannot read {what} ({reason})") from problem
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
    least = columns if min_columns is None else min_columns
    rows = []
    for number, line in rule_lines(patterns_dir() / name):
        parts = [part.strip() for part in line.split("\t")]
        if not least <= len(parts) <= columns:
            expected = str(columns) if least == columns else f"{least} to {columns}"
            raise rule_error(name, number, f"expected {expected} tab-separated fields, found {len(parts)}")
        if any(not part for part in parts):
            raise rule_error(name, number, "empty field")
        rows.append((number, parts + [""] * (columns - len(parts))))
    return rows


@dataclass(frozen=True)
class Column:
    """A column of a TSV rule file: its name in errors, the values it allows
    (None: any text; with `flags`, a comma-separated set of them; with
    `numbers`, numbers from the first to the second), and whether a row may
    leave it out (the last columns only)."""

    name: str
    allowed: Collection[str] | None = None
    optional: bool = False
    flags: bool = False
    kind: str | None = None
    """What an allowed value is, when they are too many to list ("a gazetteer province")."""
    numbers: tuple[float, float] | None = None
    open_ends: tuple[bool, bool] = (False, False)
    """Whether the least and the most of `numbers` are refused themselves (a share is below 1)."""

    def problem(self, value: str) -> str | None:
        """What is wrong with a value of this column, if anything."""
        if self.numbers is not None and value:
            return _number_problem(value, *self.numbers, self.open_ends)
        if self.allowed is None or not value:
            return None
        for item in (part.strip() for part in value.split(",")) if self.flags else [value]:
            if item not in self.allowed:
                if self.kind:
                    return f"'{item}' is not {self.kind}"
                return not_allowed(self.name, item, self.allowed)
        return None


def read_table(name: str, *columns: Column | str, unique: Sequence[int] = ()) -> Rows:
    """The rows of the TSV rule file `name`, checked against its `columns`
    (a bare name: any text, required): how many fields, the values each
    allows, and that no key (the lower-cased fields of the `unique`
    columns) is listed twice, where a second entry would silently win."""
    spec = [Column(column) if isinstance(column, str) else column for column in columns]
    rows = read_tsv(name, len(spec), sum(not column.optional for column in spec))
    seen: set[tuple[str, ...]] = set()
    for number, fields in rows:
        for column, value in zip(spec, fields, strict=True):
            if problem := column.problem(value):
                raise rule_error(name, number, problem)
        key = tuple(fields[index].lower() for index in unique)
        if key and key in seen:
            written = " ".join(fields[index] for index in unique)
            raise rule_error(name, number, f"'{written}' is listed twice")
        seen.add(key)
    return rows


def _number_problem(value: str, least: float, most: float, open_ends: tuple[bool, bool]) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return f"'{value}' is not a number"
    above, below = open_ends
    if (least < number if above else least <= number) and (number < most if below else number <= most):
        return None
    excluded = [f"{end:g}" for end, refused in ((least, above), (most, below)) if refused]
    return (f"'{value}' is not between {least:g} and {most:g}"
            + (f" ({' and '.join(excluded)} excluded)" if excluded else ""))


def not_allowed(name: str, value: Any, allowed: Collection[str]) -> str | None:
    """Why `value` of the column or field `name` is not allowed, if it is not:
    the one message of every rule file's values."""
    if value in allowed:
        return None
    written = f"'{value}'" if isinstance(value, str) else json.dumps(value)
    given = "" if value is None else f", not {written}"
    return f"{name} must be {one_of(allowed)}{given}"


def one_of(allowed: Collection[str]) -> str:
    """Allowed values as a sentence says them: `a`, `a or b`, `a, b or c`."""
    values = list(allowed)
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def read_jsonl(name: str, check: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """Objects of `patterns/NAME`, each passed to `check`.

    `check` returns None for a valid entry or a sentence saying what is wrong.
    """
    return read_jsonl_file(patterns_dir() / name, check)


def read_jsonl_file(path: Path, check: Callable[[Any], str | None], what: str = "rule file",
                    error: type[Exception] = PatternError) -> list[dict[str, Any]]:
    """The objects of a hand-written JSON Lines file (`what`: a rule file,
    gold facts), each passed to `check`; the first that is not JSON, not an
    object or not right stops with `error`, naming the file and the line."""
    entries = []
    for number, line in rule_lines(path, what, error):
        where = f"{path}, line {number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as problem:
            raise error(f"{where}: not valid JSON ({problem.msg} at column {problem.colno})") from None
        except (RecursionError, ValueError):  # nested thousands deep, or of thousands of digits
            raise error(f"{where}: not readable (nested too deeply, or a number too long)") from None
        problem = "expected a JSON object" if not isinstance(entry, dict) else check(entry)
        if problem:
            raise error(f"{where}: {problem}")
        entries.append(entry)
    return entries


def read_word_map(name: str) -> dict[str, str]:
    """A two-column TSV as a mapping of lower-cased words to values; a word
    listed twice is an error."""
    return {word.lower(): value for _, (word, value) in read_table(name, "word", "value", unique=[0])}


@cache
def read_word_list(name: str) -> frozenset[str]:
    """A one-column file of words or phrases, lower-cased."""
    return frozenset(row[0].lower() for _, row in read_tsv(name, 1))
