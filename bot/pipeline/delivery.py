"""The delivery worker: send each queued alert, mark it done, and handle Discord's errors.

Each send carries the delivery's nonce with ``enforce_nonce``, so a send that reached Discord just
before a crash is not posted again when the restarted worker sends it a second time.
A 429 holds the pacer (for the channel, or globally) for as long as Discord asks and the delivery
is retried then; 5xx and timeouts are retried with backoff; a lost permission or deleted channel
pauses the subscription (never deletes it) and the guild is told; a refused payload is recorded as
failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.pipeline.pacing import Pacer
from bot.store.store import Delivery, Store, Subscription

__all__ = ["ChannelUnavailableError", "DeliveryWorker", "Messenger", "PayloadRejectedError",
           "RateLimitedError", "TransientError"]

log = logging.getLogger(__name__)

MAX_BACKOFF = 600.0


class TransientError(Exception):
    """Discord failed in a way worth retrying (5xx, timeout, connection reset)."""


class RateLimitedError(TransientError):
    """Discord answered 429: wait ``retry_after`` seconds (everywhere when ``globally``)."""

    def __init__(self, message: str, retry_after: float, *, globally: bool) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.globally = globally


class ChannelUnavailableError(Exception):
    """The bot lost access to the channel (403) or it no longer exists (404)."""


class PayloadRejectedError(Exception):
    """Discord refused the payload itself (400): retrying would not help."""


class Messenger(Protocol):
    """Posts a message to a channel; raises one of the exceptions above on failure."""

    async def post(self, channel_id: int, payload: dict, nonce: str) -> int | None: ...


class DeliveryWorker:
    """Drains the outbox until stopped; ``wake()`` after queueing to start at once."""

    def __init__(self, store: Store, messenger: Messenger, *, pacer: Pacer | None = None,
                 on_paused: Callable[[list[Subscription], str], Awaitable[None]] | None = None,
                 idle_seconds: float = 5.0) -> None:
        self.store = store
        self.messenger = messenger
        self.pacer = pacer or Pacer()
        self.on_paused = on_paused
        self.idle_seconds = idle_seconds
        self.sent = 0
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """New deliveries are queued."""
        self._wake.set()

    async def run(self) -> None:
        """Send due deliveries forever (cancel the task to stop)."""
        while True:
            due = await asyncio.to_thread(self.store.due, 200)
            if not due:
                self._wake.clear()
                next_due = await asyncio.to_thread(self.store.next_due_in)
                idle = self.idle_seconds if next_due is None else min(next_due, self.idle_seconds)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), max(idle, 0.05))
                continue
            log.info("delivering %d queued alert messages", len(due))
            for delivery in due:
                await self._deliver(delivery)

    async def _deliver(self, delivery: Delivery) -> None:
        await self.pacer.slot(delivery.channel_id)
        try:
            message_id = await self.messenger.post(delivery.channel_id, delivery.payload,
                                                   delivery.nonce)
        except RateLimitedError as error:
            self.pacer.hold(None if error.globally else delivery.channel_id, error.retry_after)
            log.warning("delivery %d to channel %d was rate limited%s; retrying in %.2f s",
                        delivery.id, delivery.channel_id, " globally" if error.globally else "",
                        error.retry_after)
            await asyncio.to_thread(self.store.mark_retry, delivery.id, str(error),
                                    error.retry_after)
        except TransientError as error:
            delay = min(MAX_BACKOFF, 2.0 ** min(delivery.attempts, 10))
            log.warning("delivery %d to channel %d failed (%s); retrying in %.0f s",
                        delivery.id, delivery.channel_id, error, delay)
            await asyncio.to_thread(self.store.mark_retry, delivery.id, str(error), delay)
        except ChannelUnavailableError as error:
            log.warning("channel %d is unavailable (%s): pausing its subscriptions",
                        delivery.channel_id, error)
            paused = await asyncio.to_thread(self.store.pause_channel, delivery.channel_id,
                                             str(error))
            if self.on_paused is not None:
                await self.on_paused(paused, str(error))
        except PayloadRejectedError as error:
            log.error("Discord rejected delivery %d to channel %d: %s; payload: %s",
                      delivery.id, delivery.channel_id, error, delivery.payload)
            await asyncio.to_thread(self.store.mark_failed, delivery.id, str(error))
        else:
            self.sent += 1
            await asyncio.to_thread(self.store.mark_sent, delivery.id, message_id)
