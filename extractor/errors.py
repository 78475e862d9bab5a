"""What can go wrong, in two forms.

A `VnfactsError` stops a command: every error of this package that a
person can cause or fix (a malformed rule file, a database of another
version, a bad filter) is one, says what is wrong in one sentence, and
carries the exit status of the command it stops (DESIGN.md: 2 for bad
usage, 1 for a run that had errors), so that the command line turns every
one into a line on stderr in one place.

An `ErrorRecord` stops nothing: it is the record of one bad item of a
batch (an undecodable line, an article that cannot be stored), which the
batch reports, stores in the `errors` table and goes past.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class VnfactsError(Exception):
    """A problem that stops a command; its message is one sentence naming
    what is wrong, `exit_status` how the command ends."""

    exit_status = 2


@dataclass
class ErrorRecord:
    """A bad item of an input: which input, what is wrong, and where in it
    (the `line` of a line-based input, or the byte `offset` of a record)."""

    input: str
    message: str
    line: int | None = None
    offset: int | None = None

    def __post_init__(self) -> None:
        self.input = shown(self.input)

    @property
    def location(self) -> str | None:
        """Where in the input, as text (`line 3`, `offset 120`), as stored and printed."""
        if self.line is not None:
            return f"line {self.line}"
        return None if self.offset is None else f"offset {self.offset}"

    def __str__(self) -> str:
        where = f"{self.input}:{self.location}" if self.location else self.input
        return f"{where}: {self.message}"


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: the bytes of a file
    name that are not UTF-8 (which Python holds as lone surrogates) become
    U+FFFD, as they would in a file manager."""
    return os.fsencode(path).decode("utf-8", "replace")
