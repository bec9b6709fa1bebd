"""Shared fixtures: where things are, and the shipped fact base loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.loader import LoadResult, load_fact_base

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shipped() -> LoadResult:
    """The fact base the project ships, loaded through the same function the bot uses."""
    return load_fact_base(ROOT / "facts", ROOT / "seeds")


@pytest.fixture(scope="session")
def answers(shipped: LoadResult):
    """The answering core over the shipped fact base."""
    from bot.core.answers import Answers

    return Answers(shipped.base)
