"""Helpers for tests that run the bot as processes sharing a database with the test."""

from __future__ import annotations

import asyncio
import time

from bot.app.announcement import announce_changes
from bot.core.facts.loader import LoadResult
from bot.settings import Settings
from bot.store.database import open_database
from bot.store.store import Store
from tests.loopback import world


def subscribed_channels(settings: Settings, shipped: LoadResult, count: int) -> list[int]:
    """``count`` channels subscribed to every fact, with the shipped base already announced."""
    channels = [world.CHANNEL_ID + 1000 + n for n in range(count)]
    store = Store(open_database(settings.data_dir, settings.database_url))
    try:
        announce_changes(store, shipped.base)  # an empty store: records the base as seen
        for channel in channels:
            store.subscribe(world.GUILD_ID, channel, "", False, world.OWNER_ID)
    finally:
        store.close()
    return channels


def outbox(settings: Settings) -> dict[str, int]:
    """How many deliveries are in each state, read from the bot's database."""
    store = Store(open_database(settings.data_dir, settings.database_url))
    try:
        return {str(k): v for k, v in store.outbox_counts().items()}
    finally:
        store.close()


def process_env(settings: Settings) -> dict[str, str]:
    """The environment ``factbot run`` needs to use the test's settings."""
    env = {"DISCORD_TOKEN": settings.token, "DISCORD_API_BASE": settings.api_base,
           "DATA_DIR": str(settings.data_dir), "FACTS_DIR": str(settings.facts_dir),
           "LOG_LEVEL": "INFO"}
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    return env


async def wait_until_delivered(settings: Settings, expected: int, timeout: float = 60) -> None:
    """Wait until the bot has marked ``expected`` deliveries sent."""
    deadline = time.monotonic() + timeout
    while (await asyncio.to_thread(outbox, settings)).get("sent", 0) < expected:
        assert time.monotonic() < deadline, f"outbox still at {outbox(settings)}"
        await asyncio.sleep(0.2)
