"""Pacing sends under Discord's limits: a global rate and a per-channel rate.

Discord allows 50 requests a second per bot and about 5 messages per 5 seconds per channel;
sending within both means a fan-out to many channels does not collect 429s. When Discord still
answers 429, ``hold`` stops sends (to one channel, or all) for as long as it asks.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

__all__ = ["Pacer", "RateWindow"]


class RateWindow:
    """At most ``count`` events in any ``seconds``-long window."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self.times: deque[float] = deque()  # when the events in the window happened
        self.held_until = 0.0  # no event before this moment (Discord asked us to wait)

    def wait_time(self, now: float) -> float:
        """Seconds from ``now`` until one more event fits (forgetting events that expired)."""
        while self.times and now - self.times[0] >= self.seconds:
            self.times.popleft()
        full = 0.0 if len(self.times) < self.count else self.times[0] + self.seconds - now
        return max(full, self.held_until - now)


class Pacer:
    """Waits until one more message may go out globally and to a given channel."""

    def __init__(self, per_second: int = 45, per_channel: int = 5,
                 channel_seconds: float = 5.0) -> None:
        self._global = RateWindow(per_second, 1.0)
        self._channels: dict[int, RateWindow] = {}
        self._per_channel = (per_channel, channel_seconds)

    def channel_wait(self, channel_id: int) -> float:
        """Seconds until this channel may receive another message."""
        window = self._channels.get(channel_id)
        return window.wait_time(time.monotonic()) if window else 0.0

    def hold(self, channel_id: int | None, seconds: float) -> None:
        """No sends to this channel (all channels when None) for ``seconds``."""
        window = self._global if channel_id is None else \
            self._channels.setdefault(channel_id, RateWindow(*self._per_channel))
        window.held_until = max(window.held_until, time.monotonic() + seconds)

    async def slot(self, channel_id: int) -> None:
        """Wait for a free slot and take it."""
        channel = self._channels.setdefault(channel_id, RateWindow(*self._per_channel))
        while True:
            now = time.monotonic()
            wait = max(self._global.wait_time(now), channel.wait_time(now))
            if wait <= 0:
                self._global.times.append(now)
                channel.times.append(now)
                return
            await asyncio.sleep(wait)
