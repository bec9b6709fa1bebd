"""Shared fixtures: where things are, and the shipped fact base loaded once per session."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.facts.loader import LoadResult, load_fact_base
from tests.loopback.server import LoopbackDiscord
from tests.postgres import PostgresServer, postgres_or_skip

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"

# End-to-end tests: the real discord.py client against the loopback Discord, bot processes,
# the benchmarks' harnesses. `make test-fast` leaves them out (pytest -m "not e2e").
E2E_FOLDERS = ("chat", "bench", "pipeline")
E2E_FIXTURES = {"loopback", "database_url", "postgres_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every end-to-end test ``e2e`` (by folder, or by the fixtures it uses)."""
    for item in items:
        folder = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if folder in E2E_FOLDERS or E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def shipped() -> LoadResult:
    """The fact base the project ships, loaded through the same function the bot uses."""
    return load_fact_base(ROOT / "facts", ROOT / "seeds")


@pytest.fixture(scope="session")
def answers(shipped: LoadResult):
    """The answering core over the shipped fact base."""
    from bot.core.replies.answers import Answers

    return Answers(shipped.base)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A PostgreSQL server for the session (or the reason it could not start)."""
    root = Path("/tmp") / f"factbot-pg-{tmp_path_factory.getbasetemp().name}"
    try:
        server = PostgresServer(root).start()
    except (OSError, subprocess.SubprocessError) as error:
        yield error
        return
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, postgres_server) -> str | None:
    """None for SQLite (the default), or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return postgres_or_skip(postgres_server).new_database()


@pytest.fixture
async def loopback() -> AsyncIterator[LoopbackDiscord]:
    """A loopback Discord; the test fails if the bot sent anything Discord would reject."""
    discord = await LoopbackDiscord().start()
    try:
        yield discord
    finally:
        await discord.close()
    assert discord.violations == [], "\n".join(discord.violations)
