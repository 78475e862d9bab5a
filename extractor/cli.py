"""The `vnfacts` command line: each command is a thin shell over the Python
function of the same name, so everything it does can be scripted too.

Exit status: 0 on success, 1 when the run logged errors (bad inputs are
skipped, the batch goes on), 2 on bad usage. Errors are one line on stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable

import click

from extractor.model import FACT_FIELDS, Fact
from extractor.patterns import PatternError
from extractor.pipeline import extract_articles
from extractor.read import InputError

TABLE_COLUMNS = ("article", "kind", "value", "value_max", "unit", "per", "qualifier",
                 "indicator", "text", "subject")


class ErrorCounter:
    """Prints each bad input as one line on stderr and remembers that the
    run had errors, so the command can exit with status 1 at the end."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        click.echo(f"vnfacts: {error}", err=True)


def fail(message: str) -> None:
    """Stop with a one-line usage error (exit status 2)."""
    click.echo(f"vnfacts: {message}", err=True)
    sys.exit(2)


class Group(click.Group):
    """Turns a malformed rule file into one line and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except PatternError as error:
            fail(str(error))


@click.group(cls=Group)
@click.version_option(package_name="vnfacts")
def cli() -> None:
    """Extract the figures reported in Vietnamese news articles."""


def write_facts(facts: Iterable[Fact], output_format: str, out=None) -> None:
    """Write facts as JSON Lines, CSV or an aligned table for a person."""
    out = out or sys.stdout
    if output_format == "jsonl":
        for fact in facts:
            out.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
    elif output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=FACT_FIELDS)
        writer.writeheader()
        for fact in facts:
            writer.writerow(fact.to_dict())
    else:
        rows = [[_cell(fact.to_dict()[name]) for name in TABLE_COLUMNS] for fact in facts]
        out.write(format_table(TABLE_COLUMNS, rows))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.10g}" if abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def format_table(header: Iterable[str], rows: list[list[str]], max_width: int = 48) -> str:
    """Aligned columns, long cells shortened with an ellipsis."""
    header = list(header)
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv", "table"]),
              default="jsonl", show_default=True, help="How to print the facts.")
def extract(paths: tuple[str, ...], output_format: str) -> None:
    """Print the facts of the articles in PATHS (files, folders, JSON Lines, - for stdin)."""
    errors = ErrorCounter()
    facts = (fact for item in extract_articles(paths, on_error=errors) for fact in item.facts)
    write_facts(facts, output_format)
    sys.exit(1 if errors.count else 0)


@cli.command()
@click.option("--gold", required=True, type=click.Path(dir_okay=False),
              help="Gold facts, JSON Lines (ANNOTATION.md's format).")
@click.argument("paths", nargs=-1, required=True)
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list misses, false positives and wrong labels.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold: str, paths: tuple[str, ...], show_errors: bool, as_json: bool) -> None:
    """Score the facts extracted from PATHS against the gold facts in GOLD."""
    from extractor.evaluate import GoldError, format_report
    from extractor.evaluate import evaluate as evaluate_paths

    errors = ErrorCounter()
    try:
        result = evaluate_paths(gold, paths, on_error=errors)
    except GoldError as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(result, errors=show_errors), nl=False)
    sys.exit(1 if errors.count else 0)
