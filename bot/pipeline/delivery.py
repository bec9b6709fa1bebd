"""The delivery worker: send each queued alert, mark it done, and handle Discord's errors.

Each send carries the delivery's nonce with ``enforce_nonce``, so a send that reached Discord just
before a crash is not posted again when the restarted worker sends it a second time.
Sends run concurrently (Discord's latency would otherwise cap the rate far below its limit) but
never two at once to the same channel, so a channel's messages keep their order; the pacer keeps
the total under Discord's global limit and each channel under its own.
A 429 holds the pacer (for the channel, or globally) for as long as Discord asks and the delivery
is retried then; 5xx and timeouts are retried with backoff; a lost permission or deleted channel
pauses the subscription (never deletes it) and the guild is told; a refused payload is recorded as
failed. Only the process holding the dispatcher lock sends; others stand by to take over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from bot.core.replies.payloads import MessagePayload
from bot.pipeline.outcomes import (
    AlreadySentError,
    ChannelUnavailableError,
    Messenger,
    PayloadRejectedError,
    RateLimitedError,
    TransientError,
    UnauthorizedError,
)
from bot.pipeline.pacing import Pacer
from bot.pipeline.publishing import publish
from bot.pipeline.reference import reference, with_reference
from bot.store.database import StoreFileReplacedError, StoreUnavailableError
from bot.store.dispatcher import DispatcherLock
from bot.store.store import Delivery, Store, Subscription
from bot.waiting import wait_event

__all__ = ["DeliveryStats", "DeliveryWorker"]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

MAX_BACKOFF = 600.0
STORE_BACKOFF = 30.0  # the longest wait between two tries of an unavailable database
# Discord bans an IP for an hour after 10,000 invalid requests (401, 403, 429) in 10 minutes
# (docs: topics/rate-limits, "Invalid Request Limit"); the worker stops sending long before.
INVALID_WINDOW, INVALID_LIMIT = 600.0, 2_500
BATCH = 500
KEEP_SENT = 7 * 86400.0  # sent deliveries are kept a week (for investigating), then pruned
PRUNE_EVERY = 3600.0
TAKEOVER_WINDOW = 1.25  # Discord's 1-s global window, plus sends that were still in flight
# Discord drops a repeated nonce "in the past few minutes" (docs: resources/message#create-
# message). A retry within this many seconds of the first attempt trusts the nonce; a later one
# reads the channel's history first.
NONCE_TRUST = 120.0
HISTORY_SLACK = 5.0  # seconds before the first attempt that the history search starts
PER_CHANNEL = 2  # a batch takes at most this many of one channel's due rows (round-robin)


class _AlwaysDispatcher:
    """The lock of a process that is alone with its database."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        return None


@dataclass
class DeliveryStats:
    """What the worker has done since start (for the logs and the health signal)."""

    dispatching: bool | None = None  # None: not decided yet
    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    paused_channels: int = 0
    in_flight: int = 0
    loop_at: float | None = None  # when the delivery loop last went round (time.time())
    store_down_since: float | None = None  # the database has failed every call since then
    store_errors: int = 0
    invalid_requests: int = 0  # 401, 403 and 429 answers in the last 10 minutes
    stopped: str | None = None  # why sending stopped for good (a revoked token), if it did
    published: int = 0  # alerts of announcement channels published to following servers
    not_published: int = 0  # ... that Discord did not let through (see pipeline/publishing)


class DeliveryWorker:
    """Drains the outbox until stopped; ``wake()`` after queueing to start at once."""

    def __init__(self, store: Store, messenger: Messenger, *, pacer: Pacer | None = None,
                 on_paused: Callable[[list[Subscription], str], Awaitable[None]] | None = None,
                 lock: DispatcherLock | None = None, idle_seconds: float = 5.0,
                 standby_seconds: float = 2.0, max_in_flight: int = 50,
                 progress_seconds: float = 10.0,
                 on_role_change: Callable[[bool], None] | None = None,
                 nonce_window: float = NONCE_TRUST) -> None:
        self.store = store
        self.messenger = messenger
        self.pacer = pacer or Pacer()
        self.on_paused = on_paused
        self.lock = lock or _AlwaysDispatcher()
        self.idle_seconds = idle_seconds
        self.standby_seconds = standby_seconds
        self.progress_seconds = progress_seconds
        self.on_role_change = on_role_change
        self.stats = DeliveryStats()
        self._wake = asyncio.Event()
        self._done = asyncio.Event()  # a send finished: a busy channel may be free again
        self._slots = asyncio.Semaphore(max_in_flight)
        self._busy: set[int] = set()  # channels with a send in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_progress = time.monotonic()
        self._reported = (0, 0, 0)
        self._pruned_at = 0.0
        self._invalid_times: deque[float] = deque()
        self.invalid_limit = INVALID_LIMIT  # invalid requests in 10 minutes that pause sending
        self.nonce_window = nonce_window
        self.per_channel = PER_CHANNEL  # due rows taken per channel per batch: fairness
        self._budget_warned = False

    def wake(self) -> None:
        """New deliveries are queued."""
        self._wake.set()

    @property
    def dispatching(self) -> bool:
        """Whether this process holds the dispatcher role (and so sends alerts)."""
        return bool(self.stats.dispatching)

    async def run(self) -> None:
        """Send due deliveries forever (cancel the task to stop; sends in flight are dropped
        and, like after a crash, sent again with the same nonce later)."""
        try:
            while True:
                self.stats.loop_at = time.time()
                if not await self._is_dispatcher() or self.stats.stopped:
                    await asyncio.sleep(self.standby_seconds)
                    continue
                if self._over_invalid_budget():
                    await asyncio.sleep(self.standby_seconds)
                    continue
                due = [d for d in await self._store(self.store.due, BATCH, None,
                                                    self.per_channel)
                       if d.channel_id not in self._busy]
                if not due:
                    await self._idle()
                    continue
                started = await self._start_sends(due)
                if not started:  # every due channel is busy or paced: wait for a send to end
                    await wait_event(self._done, 0.5)
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self.lock.release)

    async def _store(self, call: Callable[..., _T], *args: object) -> _T:
        """Run a store call in a thread; while the database is unavailable (locked, restarting,
        unreachable), log it, back off and try again: nothing is dropped meanwhile. A SQLite
        file replaced under the bot (``StoreFileReplacedError``) is not retried."""
        delay = 1.0
        while True:
            try:
                result: _T = await asyncio.to_thread(call, *args)
            except StoreUnavailableError as error:
                self.stats.store_errors += 1
                if self.stats.store_down_since is None:
                    self.stats.store_down_since = time.time()
                log.warning("alert delivery: the database is unavailable (%s); trying again "
                            "in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, STORE_BACKOFF)
                continue
            if self.stats.store_down_since is not None:
                log.warning("alert delivery: the database is back after %.0f s",
                            time.time() - self.stats.store_down_since)
                self.stats.store_down_since = None
            return result

    def count_invalid(self) -> None:
        """Count an invalid request (401, 403, 429) towards Discord's IP ban limit (the
        notices the bot posts through other clients report theirs here too)."""
        self._invalid_times.append(time.monotonic())

    def _over_invalid_budget(self) -> bool:
        """True while the last 10 minutes hold ``INVALID_LIMIT`` invalid requests or more."""
        cutoff = time.monotonic() - INVALID_WINDOW
        while self._invalid_times and self._invalid_times[0] < cutoff:
            self._invalid_times.popleft()
        self.stats.invalid_requests = len(self._invalid_times)
        over = len(self._invalid_times) >= self.invalid_limit
        if over and not self._budget_warned:
            log.error("alert delivery paused: %d invalid requests (401/403/429) in 10 minutes; "
                      "Discord bans the IP at 10,000", len(self._invalid_times))
        self._budget_warned = over
        return over

    async def drain(self) -> None:
        """Wait until the sends in flight have finished (for tests and a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _is_dispatcher(self) -> bool:
        holding = await asyncio.to_thread(self.lock.acquire)
        if holding != self.stats.dispatching:
            log.info("this process %s alerts", "now delivers" if holding else
                     "stands by: another process delivers")
            self.stats.dispatching = holding
            if holding:
                await self._wait_out_earlier_sends()
            if self.on_role_change:
                self.on_role_change(holding)
        return holding

    async def _wait_out_earlier_sends(self) -> None:
        """Another process (or this one before a restart) may have been sending until just
        now; Discord counts those requests in the same global window, so let it pass first
        rather than meet a 429."""
        last = await self._store(self.store.last_sent_at)
        if last is None:
            return
        wait = min(last + TAKEOVER_WINDOW - time.time(), TAKEOVER_WINDOW)  # whatever the clocks
        if wait > 0:
            log.info("alerts were sent %.2f s ago: the first send waits %.2f s so Discord's "
                     "global window holds only this process's sends", time.time() - last, wait)
            self.pacer.hold(None, wait)

    async def _idle(self) -> None:
        if self._tasks:  # the last sends of a fan-out are still in flight
            await wait_event(self._done, 0.5)
            return
        if (self.stats.sent, self.stats.retried, self.stats.failed) != self._reported:
            self._log_progress(now=True)  # the fan-out is over (or waits for retries)
        if time.monotonic() - self._pruned_at > PRUNE_EVERY or not self._pruned_at:
            self._pruned_at = time.monotonic()
            pruned = await self._store(self.store.prune, KEEP_SENT)
            if pruned:
                log.info("forgot %d alert deliveries sent over a week ago, or held or failed "
                         "over 30 days ago", pruned)
        next_due = await self._store(self.store.next_due_in)
        idle = self.idle_seconds if next_due is None else min(next_due, self.idle_seconds)
        await wait_event(self._wake, max(idle, 0.05))

    async def _start_sends(self, due: list[Delivery]) -> int:
        """Start a send for each due delivery whose channel is free; how many started."""
        started = 0
        for delivery in due:
            channel = delivery.channel_id
            if channel in self._busy or self.pacer.channel_wait(channel) > 0:
                continue  # later: this channel's messages go one at a time, in order
            if self._over_invalid_budget() or self.stats.stopped:
                break
            await self._slots.acquire()
            await self.pacer.slot(channel)
            self._busy.add(channel)
            task = asyncio.create_task(self._deliver(delivery), name=f"delivery {delivery.id}")
            self._tasks.add(task)
            self.stats.in_flight = len(self._tasks)
            started += 1
            self._log_progress()
        return started

    def _log_progress(self, *, now: bool = False) -> None:
        """Log the counters every ``progress_seconds`` during a fan-out."""
        moment = time.monotonic()
        if not now and moment - self._last_progress < self.progress_seconds:
            return
        self._last_progress = moment
        stats = self.stats
        self._reported = (stats.sent, stats.retried, stats.failed)
        log.info("alerts: %d sent, %d in flight, %d retried (%d rate limited), %d failed",
                 stats.sent, stats.in_flight, stats.retried, stats.rate_limited, stats.failed)

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            await self._send(delivery)
        except StoreFileReplacedError:
            log.critical("delivery %d to channel %d: the database file was replaced; its "
                         "outcome is not recorded", delivery.id, delivery.channel_id)
        except Exception:
            log.exception("delivery %d to channel %d failed unexpectedly; retrying later",
                          delivery.id, delivery.channel_id)
            with contextlib.suppress(StoreFileReplacedError):
                await self._store(self.store.mark_retry, delivery.id, "internal error",
                                  MAX_BACKOFF)
        finally:
            self._busy.discard(delivery.channel_id)
            self._tasks.discard(asyncio.current_task())
            self.stats.in_flight = len(self._tasks)
            self._slots.release()
            self._done.set()

    async def _already_posted(self, delivery: Delivery) -> int | None:
        """Whether an earlier attempt of this delivery was posted after all, when that
        attempt is too old for Discord's nonce check to catch a repeat: the channel's
        history is read for the bot's message carrying this delivery's reference."""
        first = delivery.first_attempt_at
        if first is None or time.time() - first < self.nonce_window:
            return None  # never tried, or the nonce still guards a repeat
        found = await self.messenger.find_posted(delivery.channel_id, reference(delivery.nonce),
                                                 since=first - HISTORY_SLACK)
        if found is not None:
            log.info("delivery %d to channel %d was posted by an earlier attempt (message %d)",
                     delivery.id, delivery.channel_id, found)
        return found

    async def _send(self, delivery: Delivery) -> None:
        try:
            await self._store(self.store.mark_attempt, delivery.id)
            message_id = await self._already_posted(delivery)
            if message_id is None:
                payload = with_reference(cast(MessagePayload, delivery.payload), delivery.nonce)
                message_id = await self.messenger.post(delivery.channel_id, payload,
                                                       delivery.nonce)
        except RateLimitedError as error:
            self.stats.retried += 1
            self.stats.rate_limited += 1
            self.count_invalid()
            self.pacer.hold(None if error.globally else delivery.channel_id, error.retry_after)
            log.warning("delivery %d to channel %d was rate limited%s; retrying in %.2f s",
                        delivery.id, delivery.channel_id, " globally" if error.globally else "",
                        error.retry_after)
            await self._store(self.store.mark_retry, delivery.id, str(error), error.retry_after)
        except TransientError as error:
            self.stats.retried += 1
            delay = min(MAX_BACKOFF, 2.0 ** min(delivery.attempts, 10))
            log.warning("delivery %d to channel %d failed (%s); retrying in %.0f s",
                        delivery.id, delivery.channel_id, error, delay)
            await self._store(self.store.mark_retry, delivery.id, str(error), delay)
        except UnauthorizedError as error:
            self.count_invalid()
            self._stop_sending(f"Discord refused the bot's token ({error}): alerts stopped; "
                               "put a valid DISCORD_TOKEN in place and restart the bot")
            await self._store(self.store.mark_retry, delivery.id, str(error), 0.0)
        except AlreadySentError as error:
            # The message this send repeats (same nonce) was posted, then removed (10008).
            self.stats.sent += 1
            log.info("delivery %d to channel %d was already posted (%s)", delivery.id,
                     delivery.channel_id, error)
            await self._store(self.store.mark_sent, delivery.id, None)
        except ChannelUnavailableError as error:
            self.stats.paused_channels += 1
            if error.status == 403:
                self.count_invalid()
            log.warning("channel %d refuses alerts (%s): pausing its subscriptions",
                        delivery.channel_id, error)
            paused = await self._store(self.store.pause_channel, delivery.channel_id,
                                       error.reason)
            if self.on_paused is not None:
                await self.on_paused(paused, error.reason)
        except PayloadRejectedError as error:
            self.stats.failed += 1
            log.error("Discord rejected delivery %d to channel %d: %s; payload: %s",
                      delivery.id, delivery.channel_id, error, delivery.payload)
            await self._store(self.store.mark_failed, delivery.id, str(error))
        else:
            self.stats.sent += 1
            await self._store(self.store.mark_sent, delivery.id, message_id)
            if message_id is not None and self.messenger.is_announcement(delivery.channel_id):
                published = await publish(self.messenger, self.pacer, delivery.channel_id,
                                          message_id)
                self.stats.published += published
                self.stats.not_published += not published

    def _stop_sending(self, why: str) -> None:
        """Stop every send for good (until a restart), loudly."""
        if self.stats.stopped is None:
            log.critical(why)
        self.stats.stopped = why
        self.pacer.hold(None, 365 * 86400.0)
