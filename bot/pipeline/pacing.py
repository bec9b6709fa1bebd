"""Pacing sends under Discord's limits: a global rate and a per-channel rate.

Discord allows 50 requests a second per bot and about 5 messages per 5 seconds per channel.
Globally, sends are spaced evenly (46 a second, 92% of the limit) rather than let through in
bursts: Discord counts requests when they arrive, and a burst that left together arrives spread
out, so a burst-then-wait pacer overlaps two bursts in Discord's window. The spacing keeps a
fixed schedule (the generic cell rate algorithm, with a tolerance of one interval) so the small
lateness of every wake-up does not add up to a lower rate, and a one-second window of as many
sends as the rate caps what that tolerance lets through. The 4 requests a second left over
absorb arrival jitter: requests that leave 22 ms apart can arrive bunched (a busy event loop,
the network), and at 47 a second a 50th arrival in one second was seen in the fan-out
benchmark. Per channel, a window of 5 messages in 5.5 seconds leaves a margin for the same
reason. When Discord still answers 429, ``hold`` stops sends (to one channel, or all) for as
long as it asks.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

__all__ = ["BUCKET_MARGIN", "Pacer", "RateWindow"]

BUCKET_MARGIN = 0.1  # seconds added to a bucket's reset-after: its clock and ours differ


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

    def __init__(self, per_second: float = 46.0, per_channel: int = 5,
                 channel_seconds: float = 5.5) -> None:
        self.interval = 1.0 / per_second
        self._last_second = RateWindow(int(per_second), 1.0)  # no catch-up bursts
        self._scheduled = 0.0  # the theoretical time of the next send on the fixed schedule
        self._held_until = 0.0
        self._channels: dict[int, RateWindow] = {}
        self._per_channel = (per_channel, channel_seconds)

    def _window(self, channel_id: int) -> RateWindow:
        return self._channels.setdefault(channel_id, RateWindow(*self._per_channel))

    def channel_wait(self, channel_id: int, now: float | None = None) -> float:
        """Seconds until this channel may receive another message."""
        window = self._channels.get(channel_id)
        if window is None:
            return 0.0
        return window.wait_time(time.monotonic() if now is None else now)

    def wait_time(self, channel_id: int | None, now: float) -> float:
        """Seconds from ``now`` until a message may go to this channel (None: a request that
        counts only towards the global limit)."""
        channel = self._window(channel_id).wait_time(now) if channel_id is not None else 0.0
        return max(self._scheduled - self.interval - now, self._held_until - now,
                   self._last_second.wait_time(now), channel, 0.0)

    def take(self, channel_id: int | None, now: float) -> None:
        """Record a send at ``now`` (call when ``wait_time`` is 0)."""
        self._scheduled = max(now, self._scheduled) + self.interval
        self._last_second.times.append(now)
        if channel_id is not None:
            self._window(channel_id).times.append(now)

    def observe(self, channel_id: int, remaining: int, reset_after: float) -> None:
        """What Discord's rate-limit headers said after a send to this channel: with nothing
        remaining in the bucket, hold the channel until it resets, whatever limit Discord
        uses there (the built-in window is only a first guess)."""
        if remaining <= 0:
            self.hold(channel_id, reset_after + BUCKET_MARGIN)

    def hold(self, channel_id: int | None, seconds: float) -> None:
        """No sends to this channel (all channels when None) for ``seconds``."""
        until = time.monotonic() + seconds
        if channel_id is None:
            self._held_until = max(self._held_until, until)
        else:
            window = self._window(channel_id)
            window.held_until = max(window.held_until, until)

    async def slot(self, channel_id: int | None) -> None:
        """Wait for a free slot and take it (None: a global slot only)."""
        while True:
            now = time.monotonic()
            wait = self.wait_time(channel_id, now)
            if wait <= 0:
                self.take(channel_id, now)
                return
            await asyncio.sleep(wait)
