"""`python -m extractor` runs the `vnfacts` command line."""

from extractor.cli import cli

cli()
