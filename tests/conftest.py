"""Suite-wide settings and checks, and the fixtures several test modules
share (what else they share is in support.py).

Hypothesis profiles for the property tests (test_properties.py): `ci`, the
default, runs more than 20,000 generated examples in all, in a couple of
minutes on two cores; `quick` (HYPOTHESIS_PROFILE=quick) a tenth of them,
for a change being worked on. No deadline: how long an example takes is a
matter of load, not of the code; the cost bound is asserted as work counted
(test_properties.py), never as time.

Every figure extracted anywhere in the suite (in this process) is checked
for the consumed-words invariant (extractor/checks.py `cut_figure`): its
number words all read as amounts and none is left over on either side. A
figure cut short fails the test that extracted it, and the run, even where
the pipeline turns the error into a failed article.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from extractor import patterns, pipeline
from extractor.checks import cut_figure

settings.register_profile("ci", max_examples=2500, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=250)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CUT_FIGURES: list[str] = []
"""Figures found cut short during the run (see `pytest_sessionfinish`)."""
CHECKED_FIGURES = [0]


@pytest.fixture(autouse=True, scope="session")
def figures_read_whole() -> Iterator[None]:
    """Check `cut_figure` on every fact the pipeline's sentences give."""
    original = pipeline.facts_of_sentences

    def checked(text, sentences, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = original(text, sentences, *args, **kwargs)
        for sentence, facts in zip(sentences, found, strict=True):
            for fact in facts:
                CHECKED_FIGURES[0] += 1
                problem = cut_figure(text, fact.start, fact.end)
                if problem is not None:
                    CUT_FIGURES.append(f"{problem} (sentence: {sentence.text[:200]!r})")
                    raise AssertionError(f"a figure was cut short: {problem}")
        return found

    pipeline.facts_of_sentences = checked
    yield
    pipeline.facts_of_sentences = original


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if CUT_FIGURES:
        print(f"\n{len(CUT_FIGURES)} figures cut short of {CHECKED_FIGURES[0]} checked:")
        for problem in CUT_FIGURES[:20]:
            print("  " + problem)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the rule folder that the engine reads instead of the real
    one, with what the loaders hold cleared before and after."""
    copy = tmp_path / "patterns"
    shutil.copytree(patterns.patterns_dir(), copy)
    monkeypatch.setattr(patterns, "patterns_dir", lambda: copy)
    patterns.clear_rule_caches()
    yield copy
    patterns.clear_rule_caches()
