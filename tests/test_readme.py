"""The README's outputs are the real ones: each is written by cog from a run
of the command it shows (tests/readme_runs.py), and this test fails when a
change to vnfacts changes what a command prints and the README was not
regenerated (`cog -r README.md`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

cogapp = pytest.importorskip("cogapp")

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_shows_what_the_commands_print(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("VNFACTS_README_ARCHIVES", raising=False)
    status = cogapp.Cog().main(["cog", "--check", "README.md"])
    assert status == 0, "README.md differs from the real output: run `cog -r README.md`\n" + \
        capsys.readouterr().out


def test_the_corpus_readme_names_the_main_job():
    text = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    assert "vnfacts ingest corpus/ --db facts.db" in text and "vnfacts search" in text
    assert "main command runs" not in text


def test_the_readme_shows_the_dashboard():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = ROOT / "docs" / "dashboard.png"
    assert "](docs/dashboard.png)" in readme and picture.read_bytes().startswith(b"\x89PNG")
    assert os.path.getsize(picture) < 300_000
