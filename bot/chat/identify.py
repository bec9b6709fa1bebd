"""When a shard may IDENTIFY: Discord's identify limits, kept before every identify.

Discord allows ``max_concurrency`` identifies per 5 seconds for each rate-limit key
(``shard_id % max_concurrency``) and answers more with opcode 9; and it allows a number of
session starts a day, past which "all active sessions for the app will be terminated, the bot
token will be reset" (https://discord.com/developers/docs/events/gateway, "Identifying" and
"Sharding"). A bot that restarts in a loop would burn through them, so before each identify
the gate reads the session start limit (one ``GET /gateway/bot``) and, when none are left,
waits for Discord's reset instead of identifying. discord.py calls ``before_identify_hook``
before every identify, the first and every re-identify after opcode 9 alike.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import discord

__all__ = ["IDENTIFY_WINDOW", "IdentifyGate", "StartLimit"]

log = logging.getLogger(__name__)

IDENTIFY_WINDOW = 5.0  # seconds per identify and rate-limit key (docs: "max_concurrency")


@dataclass(frozen=True)
class StartLimit:
    """The session start limit object of ``GET /gateway/bot``."""

    total: int
    remaining: int
    reset_after: float  # seconds
    max_concurrency: int


class IdentifyGate:
    """Spaces identifies per rate-limit key and never identifies with no session start left."""

    def __init__(self, fetch: Callable[[], Awaitable[StartLimit]], *,
                 window: float = IDENTIFY_WINDOW) -> None:
        self._fetch = fetch
        self._window = window
        self._last: dict[int, float] = {}  # rate-limit key -> when a shard last identified
        self._locks: dict[int, asyncio.Lock] = {}  # one per rate-limit key
        self.waiting_for_reset = False  # shown by the health report

    async def _limit(self) -> StartLimit | None:
        try:
            return await self._fetch()
        except (discord.DiscordException, aiohttp.ClientError, OSError) as error:
            log.warning("could not read Discord's session start limit (%s); identifying "
                        "with discord.py's default spacing", type(error).__name__)
            return None

    async def wait_turn(self, shard_id: int, *, initial: bool) -> None:
        """Wait until ``shard_id`` may identify, then count its identify."""
        limit = await self._limit()
        while limit is not None and limit.remaining < 1:
            self.waiting_for_reset = True
            log.error("Discord allows no more session starts for this token until its daily "
                      "reset in %s (%d a day); waiting instead of identifying, which would "
                      "make Discord reset the token", _duration(limit.reset_after), limit.total)
            await asyncio.sleep(max(limit.reset_after, 1.0))
            limit = await self._limit()
        self.waiting_for_reset = False
        if limit is not None and limit.remaining <= max(limit.total // 10, 1):
            log.warning("only %d of Discord's %d daily session starts are left for this "
                        "token: is the bot restarting in a loop?", limit.remaining, limit.total)
        key = shard_id % max(limit.max_concurrency if limit is not None else 1, 1)
        async with self._locks.setdefault(key, asyncio.Lock()):
            # After opcode 9 Discord suggests a random wait before identifying again.
            spacing = self._window + (0.0 if initial else random.uniform(0.0, 1.0))
            wait = self._last.get(key, -math.inf) + spacing - time.monotonic()
            if limit is None and not initial:
                wait = max(wait, self._window)  # discord.py's own default
            if wait > 0:
                await asyncio.sleep(wait)
            self._last[key] = time.monotonic()


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else \
        f"{minutes} min" if minutes else f"{seconds:.0f} s"
