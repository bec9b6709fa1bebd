"""Fixtures for the end-to-end tests: a loopback Discord per test and settings pointing at it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import ROOT
from tests.loopback import world
from tests.loopback.server import LoopbackDiscord


@pytest.fixture
def settings(loopback: LoopbackDiscord, tmp_path) -> Settings:
    """Settings of a bot that talks to the loopback and keeps its state in a temporary folder."""
    return Settings(token=world.TOKEN, facts_dir=ROOT / "facts", seeds_dir=ROOT / "seeds",
                    data_dir=tmp_path / "data", api_base=loopback.api_base,
                    owner_guild_id=world.GUILD_ID)


@pytest.fixture
def facts(tmp_path) -> Path:
    """A copy of the shipped fact folder that a test may edit."""
    folder = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", folder)
    return folder


@pytest.fixture
def store_settings(settings: Settings, database_url: str | None, facts: Path) -> Settings:
    """Settings with the editable facts, the test's database and a maintainers' channel."""
    return dataclasses.replace(settings, database_url=database_url, facts_dir=facts,
                               maintainers_channel_id=world.CHANNEL_ID)
