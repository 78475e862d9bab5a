"""The `vnfacts` command line: each command is a thin shell over the Python
function of the same name, so everything it does can be scripted too.

Exit status: 0 on success, 1 when the run logged errors (bad inputs are
skipped, the batch goes on), 2 on bad usage. Errors are one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click

from extractor.errors import ErrorRecord, VnfactsError
from extractor.model import FACT_FIELDS, Fact
from extractor.present import figure_cell
from extractor.query import GROUP_COLUMNS, OUTPUT_FORMATS, SORTS, write_records
from extractor.serve import DEFAULT_PORT, HOST
from extractor.store import BATCH_SIZE
from extractor.tables import format_table, printable

if TYPE_CHECKING:
    from extractor.store import IngestReport

TABLE_COLUMNS = ("article", "kind", "value", "value_max", "unit", "per", "qualifier",
                 "indicator", "text", "subject")


class ErrorCounter:
    """Prints each bad input as one line on stderr and remembers that the
    run had errors, so the command can exit with status 1 at the end."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: ErrorRecord) -> None:
        self.count += 1
        click.echo(f"vnfacts: {printable(str(error))}", err=True)


def fail(message: str) -> None:
    """Stop with a one-line usage error (exit status 2)."""
    click.echo(f"vnfacts: {message}", err=True)
    sys.exit(2)


RESUMES = "every batch committed is kept, and the same command carries on from there"


class Group(click.Group):
    """The one place where a problem that stops a command (a `VnfactsError`:
    a malformed rule file, a database or query problem, a cluster out of
    reach) becomes one line on stderr and its exit status, and an interrupt
    (Ctrl-C) one line saying what it left: never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except VnfactsError as error:
            click.echo(f"vnfacts: {error}", err=True)
            sys.exit(error.exit_status)
        except KeyboardInterrupt:
            left = f": {RESUMES}" if ctx.invoked_subcommand == "ingest" else ""
            click.echo(f"vnfacts: interrupted{left}", err=True)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(package_name="vnfacts")
def cli() -> None:
    """Extract the figures reported in Vietnamese news articles."""


def write_facts(facts: Iterable[Fact], output_format: str, out=None) -> None:
    """Write facts as JSON Lines, CSV or an aligned table for a person."""
    out = out or sys.stdout
    if output_format == "table":
        rows = [[figure_cell(fact.to_dict()[name]) for name in TABLE_COLUMNS] for fact in facts]
        out.write(format_table(TABLE_COLUMNS, rows))
    else:
        write_records((fact.to_dict() for fact in facts), FACT_FIELDS, output_format, out)


FOLLOW_SYMLINKS = click.option(
    "--follow-symlinks", is_flag=True,
    help="Also read files and folders that symbolic links in a folder lead to outside it.")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv", "table"]),
              default="jsonl", show_default=True, help="How to print the facts.")
@FOLLOW_SYMLINKS
def extract(paths: tuple[str, ...], output_format: str, follow_symlinks: bool) -> None:
    """Print the facts of the articles in PATHS (files, folders, JSON Lines, - for stdin)."""
    from extractor.pipeline import extract_articles

    errors = ErrorCounter()
    found = extract_articles(paths, on_error=errors, follow_symlinks=follow_symlinks)
    facts = (fact for item in found for fact in item.facts)
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
    from extractor.evaluate import evaluate as evaluate_paths
    from extractor.evaluate import format_report

    errors = ErrorCounter()
    result = evaluate_paths(gold, paths, on_error=errors)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, allow_nan=False))
    else:
        click.echo(format_report(result, errors=show_errors), nl=False)
    sys.exit(1 if errors.count else 0)


# The fact database: ingest, search, stats, export, serve (extractor/store.py,
# extractor/query.py, extractor/serve.py).

DB_OPTION = click.option("--db", required=True, type=click.Path(dir_okay=False),
                         help="The SQLite fact database.")


def filter_options(command):  # type: ignore[no-untyped-def]
    """The filters that search, stats and export share (FactFilter's fields)."""
    options = [
        click.option("--indicator", multiple=True,
                     help="Only this indicator (budget, workers, …); repeat for several."),
        click.option("--kind", multiple=True,
                     help="Only this kind: money, count, percent, quantity."),
        click.option("--unit", multiple=True, help="Only this unit: VND, USD, %, ha, …"),
        click.option("--province", multiple=True,
                     help="Only this province, as the article names it (TP.HCM, HN and tone-less "
                          "spellings too)."),
        click.option("--province-2025", "province_2025", multiple=True,
                     help="Only this province since the 2025 merger (Hồ Chí Minh includes Bình "
                          "Dương)."),
        click.option("--programme", multiple=True,
                     help="Only facts of this programme (khuyến công, OCOP, …); tone marks optional."),
        click.option("--year", type=int,
                     help="Only facts of this year, or of a period covering it."),
        click.option("--from", "year_from", type=int, help="Only facts of this year or later."),
        click.option("--to", "year_to", type=int, help="Only facts of this year or earlier."),
        click.option("--min", "min_value", type=float, help="Only values at least this."),
        click.option("--max", "max_value", type=float, help="Only values at most this."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class IngestProgress:
    """An ingest's progress on stderr: a bar (articles/s, facts, errors, and
    an ETA when the total is known) on a terminal, else one line every
    `every` seconds, for logs. Error lines printed meanwhile go above the bar."""

    def __init__(self, total: int | None, every: float = 10.0, terminal: bool | None = None) -> None:
        self.total = total
        self.every = every
        self.started = self.shown = time.monotonic()
        self.bar = None
        if sys.stderr.isatty() if terminal is None else terminal:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True,
                            smoothing=0.1)

    def __call__(self, report: IngestReport) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(self._counts(report), refresh=False)
            self.bar.update(report.articles_read - self.bar.n)
        elif time.monotonic() - self.shown >= self.every:
            self.shown = time.monotonic()
            rate = report.articles_read / max(self.shown - self.started, 1e-9)
            of_total = f" of {self.total:,}" if self.total else ""
            click.echo(f"vnfacts: {report.articles_read:,}{of_total} articles ({rate:,.0f}/s), "
                       f"{self._counts(report)}", err=True)

    @staticmethod
    def _counts(report: IngestReport) -> str:
        return f"{report.facts:,} facts, {report.errors:,} error{'' if report.errors == 1 else 's'}"

    def printing(self, on_error: Callable[[ErrorRecord], None]) -> Callable[[ErrorRecord], None]:
        """`on_error`, printing above the bar."""
        if self.bar is None:
            return on_error

        def print_error(error: ErrorRecord) -> None:
            with self.bar.external_write_mode(file=sys.stderr):
                on_error(error)

        return print_error

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the number of CPUs",
              help="Processes extracting articles (1: in this one); with --engine dask and no "
                   "--scheduler, the workers of the local Dask cluster.")
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Articles stored per transaction.")
@click.option("--quiet", is_flag=True, help="No progress bar or progress lines.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Extract on this machine, or on a Dask cluster (pip install 'vnfacts[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler to use (tcp://host:8786); default: a local cluster.")
@click.option("--shards", type=click.Path(file_okay=False),
              help="Folder of the Dask workers' Parquet shards  [default: DB.shards]")
@FOLLOW_SYMLINKS
def ingest_command(paths: tuple[str, ...], db: str, workers: int, batch_size: int, quiet: bool,
                   engine: str, scheduler: str | None, shards: str | None,
                   follow_symlinks: bool) -> None:
    """Extract the facts of PATHS into the database (created if missing).

    Articles stored before with the same content are skipped, so a run that
    was interrupted (even killed) finishes when run again; changed ones
    replace their facts. Bad inputs are printed, recorded in the errors
    table and skipped (exit status 1).
    """
    from extractor.store import IngestOptions, expected_articles, ingest

    if engine == "local" and (scheduler or shards):
        fail("--scheduler and --shards are options of --engine dask")
    progress = None if quiet else IngestProgress(expected_articles(paths))
    on_error = progress.printing(ErrorCounter()) if progress else ErrorCounter()
    options = IngestOptions(batch_size=batch_size, follow_symlinks=follow_symlinks, on_error=on_error,
                            progress=progress)
    try:
        if engine == "dask":
            from extractor.dask_engine import ingest_on_dask

            report = ingest_on_dask(paths, db, options, scheduler=scheduler, workers=workers, shards=shards)
        else:
            report = ingest(paths, db, options, workers=workers)
    finally:
        if progress:
            progress.close()
    click.echo(f"vnfacts: {report.articles_read} articles read, {report.articles_stored} stored, "
               f"{report.articles_skipped} unchanged, {report.facts} facts, "
               f"{report.errors} error{'' if report.errors == 1 else 's'} → {db}", err=True)
    sys.exit(1 if report.errors else 0)


@cli.command("search")
@click.argument("query", nargs=-1)
@DB_OPTION
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many facts.")
@click.option("--sort", type=click.Choice(SORTS),
              help="Largest value first, or newest article first  [default: facts whose own "
                   "sentence matches first, then newest]")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "jsonl"]),
              default="table", show_default=True, help="How to print the facts.")
def search_command(query: tuple[str, ...], db: str, limit: int, sort: str | None,
                   output_format: str, **filters) -> None:
    """Find facts by the words of their sentence or article (QUERY) and by filters.

    Words are matched without regard to case or tone marks (`khuyen cong`
    finds `khuyến công`); quoted words must stand together, and the shell
    needs the quotes quoted: vnfacts search '"khuyến công"'. When more facts
    match than --limit, stderr says how many.
    """
    from extractor.present import SEARCH_TABLE_COLUMNS, search_table
    from extractor.query import RECORD_FIELDS, search, write_records

    found = search(db, " ".join(query) if query else None, limit=limit, sort=sort, **filters)
    if output_format == "table":
        if not found:
            click.echo("vnfacts: no fact matches", err=True)
            return
        click.echo(format_table(SEARCH_TABLE_COLUMNS, search_table(found), width=90), nl=False)
    else:
        write_records((item.to_dict() for item in found), RECORD_FIELDS, output_format, sys.stdout)
    if found.more:
        click.echo(f"vnfacts: {len(found):,} of more than {found.total:,} facts (--limit shows more)",
                   err=True)
    elif found.total > len(found):
        click.echo(f"vnfacts: {len(found):,} of {found.total:,} facts (--limit shows more)", err=True)


@cli.command("stats")
@DB_OPTION
@click.option("--by", default="indicator", show_default=True,
              help=f"Comma-separated groups: {', '.join(GROUP_COLUMNS)}.")
@filter_options
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "jsonl"]),
              default="table", show_default=True, help="How to print the groups.")
def stats_command(db: str, by: str, output_format: str, **filters) -> None:
    """Distinct figures, articles and stories per group, with the sum, min and
    max of the figures: each figure once per story (a title's restatement, a
    repeat or a syndicated copy counts once), never a part with its total;
    amounts added only within one kind, unit and rate, and never rates or
    percentages."""
    from extractor.present import stats_table
    from extractor.query import stats, stats_columns, write_records

    rows = stats(db, by, **filters)
    columns = stats_columns(by)
    if output_format == "table":
        click.echo(format_table(columns, stats_table(rows), width=60), nl=False)
    else:
        write_records(rows, columns, output_format, sys.stdout)


@cli.command("export")
@DB_OPTION
@click.option("--format", "output_format", type=click.Choice(OUTPUT_FORMATS),
              default="csv", show_default=True, help="File format.")
@click.option("-o", "--output", required=True, help="File to write; - for stdout (csv, jsonl).")
@filter_options
def export_command(db: str, output_format: str, output: str, **filters) -> None:
    """Write the facts (all, or those of the filters), with their article's
    title, url and date, for pandas, R or DuckDB."""
    from extractor.query import export

    count = export(db, output, output_format, **filters)
    click.echo(f"vnfacts: exported {count} facts to {output}", err=True)


@cli.command("serve")
@DB_OPTION
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on.")
@click.option("--host", default=HOST, show_default=f"{HOST}, this machine only",
              metavar="ADDRESS",
              help="Address to listen on: another address of this machine (0.0.0.0 for all) "
                   "shares the database with whoever can reach it.")
def serve_command(db: str, port: int, host: str) -> None:
    """Browse the database and its dashboard in Datasette (read-only; on this
    machine only unless --host says otherwise)."""
    from extractor.serve import serve

    def announce(url: str) -> None:
        shared = "" if host == HOST else (
            "; shared on the network: whoever can reach this address can read the database "
            "and run SQL on it (read-only, each query bounded)")
        click.echo(f"vnfacts: serving {db} at {url}{shared} (Ctrl-C stops)", err=True)

    serve(db, port=port, host=host, on_start=announce)
