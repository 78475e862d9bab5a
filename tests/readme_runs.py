"""The outputs the README shows, made by running the commands it shows.

README.md calls `shown(...)` from cog blocks (`cog -r README.md` writes
them, `cog --check README.md` and tests/test_readme.py fail when the README
and the real output differ). Commands run in a scratch folder where
`corpus/` is the sample corpus and `facts.db` its database; commands over
an archive beside the project (`../shared/corpora/…`) run only when
VNFACTS_README_ARCHIVES is set (ingesting an archive takes minutes), and
otherwise their block is kept as it was.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from functools import cache
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARCHIVES = "VNFACTS_README_ARCHIVES"


@cache
def scratch() -> Path:
    """The folder the commands run in: the sample corpus as `corpus/`, the archives as
    `../shared/corpora/`, nothing else."""
    folder = Path(tempfile.mkdtemp(prefix="vnfacts-readme-"))
    (folder / "corpus").symlink_to(ROOT / "corpus")
    return folder


@cache
def database(name: str, inputs: tuple[str, ...]) -> None:
    """`name` ingested from `inputs` once, for the commands that read it."""
    from extractor.store import ingest

    ingest([str(scratch() / path) for path in inputs], scratch() / name)


DATABASES = {"facts.db": ("corpus",), "dantri.db": ("../shared/corpora/dantri-2021.jsonl.gz",)}


def run(command: str) -> str:
    """What `command` (a vnfacts command line) prints, stdout and stderr as a terminal shows them."""
    from extractor.cli import cli

    arguments = shlex.split(command)
    assert arguments[0] == "vnfacts", command
    db = arguments[arguments.index("--db") + 1] if "--db" in arguments else None
    if db and arguments[1] == "ingest":
        (scratch() / db).unlink(missing_ok=True)  # the run shown is the first
    elif db:
        database(db, DATABASES[db])
    here = Path.cwd()
    os.chdir(scratch())
    try:
        result = CliRunner().invoke(cli, arguments[1:], catch_exceptions=False)
    finally:
        os.chdir(here)
    return result.output


def shown(command: str, previous: str = "", *, output_only: bool = False) -> str:
    """The README's block for `command`: the command (unless `output_only`), then what it
    prints. A command over an archive keeps `previous` unless the archives are to be run."""
    if "../shared/" in command and not (os.environ.get(ARCHIVES) and SHARED.is_dir()):
        return previous
    block = "" if output_only else f"```sh\n{command}\n```\n"
    return f"{block}```\n{run(command)}```\n"
