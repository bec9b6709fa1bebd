"""The bot's own requests (everything but alerts) go through discord.py's HTTP client, which
paces each route from the X-RateLimit-* headers Discord sends: with a bucket the loopback
makes small, the requests wait for it instead of meeting 429s (docs: topics/rate-limits)."""

from __future__ import annotations

import time

import discord
import pytest
from discord.http import Route

from bot.chat.patches import patch_discord
from tests.loopback import world
from tests.loopback.server import LoopbackDiscord


@pytest.mark.parametrize("limit", [(2, 1.0), (3, 0.6)])
async def test_discord_py_waits_for_a_route_bucket(loopback: LoopbackDiscord,
                                                   limit: tuple[int, float]):
    loopback.enforce_rate_limits = True
    loopback.buckets.limits["GET /channels/{}"] = limit
    patch_discord(loopback.api_base)
    client = discord.Client(intents=discord.Intents.none())
    await client.login(world.TOKEN)
    try:
        started = time.monotonic()
        for _ in range(7):
            await client.http.request(Route("GET", "/channels/{channel_id}",
                                            channel_id=world.CHANNEL_ID))
        elapsed = time.monotonic() - started
    finally:
        await client.close()
    count, seconds = limit
    assert loopback.rate_limited == []  # never refused: it waited for the bucket
    assert elapsed >= (7 // count - 1) * seconds  # and it did wait
