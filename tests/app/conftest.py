"""Fixtures for the use cases: the real store (SQLite and PostgreSQL) and the shipped facts."""

from __future__ import annotations

import pytest

from bot.library.served import FactLibrary
from bot.store.database import open_database
from bot.store.store import Store
from tests.conftest import ROOT


@pytest.fixture
def store(database_url, tmp_path):
    """A store on a fresh database of each kind."""
    opened = Store(open_database(tmp_path, database_url))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def library() -> FactLibrary:
    """The shipped fact base, served as the bot serves it (no caches)."""
    return FactLibrary(ROOT / "facts", ROOT / "seeds", snapshot_writer=False)
