"""Read articles from files, folders, JSON Lines and stdin (placeholder: being written)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from extractor.model import Article


@dataclass
class InputError:
    """A bad item of an input: which input, where in it, and what is wrong."""

    input: str
    location: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.input}:{self.location}" if self.location else self.input
        return f"{where}: {self.message}"


def read_articles(
    paths: Iterable[str], on_error: Callable[[InputError], None] | None = None
) -> Iterator[Article]:
    raise NotImplementedError
