"""Test settings shared by every test module."""

import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import settings

# CI runs on a shared two-core machine: a slow moment must not fail a property test on time alone.
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")

# Under mutmut (docs/mutation.md) every mutated function is called through two more frames (its trampoline), so
# the formula reader's nesting test (MAX_DEPTH levels, a dozen functions each) outgrows the usual limit of 1000.
if "MUTANT_UNDER_TEST" in os.environ:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))


@pytest.fixture(autouse=True)
def _fresh_scorers_under_mutation() -> Iterator[None]:
    """Under mutmut (docs/mutation.md) every mutant runs in a process forked after a clean run of the tests; a
    scorer cached by that run holds rules compiled without the mutant, so the mutant would never run. Each test
    makes its own scorers there."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from jixiao.scoring import engine

        engine._SCORERS.clear()
    yield
