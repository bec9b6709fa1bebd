"""Use case: a reload of the fact files becomes alerts, or a report to the maintainers.

This is the one place where "a reload becomes an alert" happens: read what changed (in a
thread), serve the new base only if it has no problems, queue alerts for what it adds, and wake
the delivery worker; or keep the last good base and tell the maintainers' channel.
"""

from __future__ import annotations

import asyncio
import logging

from bot.app.announcement import announce_changes
from bot.app.ports import DeliveryControl, Notifier
from bot.core.replies.payloads import MessagePayload
from bot.core.replies.subscriptions import maintainers_report
from bot.library.served import FactLibrary, ReloadOutcome
from bot.store.store import Store

__all__ = ["FactReloads"]

log = logging.getLogger(__name__)


class FactReloads:
    """Reloads the served fact base and announces what it adds, one reload at a time."""

    def __init__(self, library: FactLibrary, store: Store, delivery: DeliveryControl,
                 notifier: Notifier, maintainers_channel_id: int | None) -> None:
        self.library = library
        self.store = store
        self.delivery = delivery
        self.notifier = notifier
        self.maintainers_channel_id = maintainers_channel_id
        self._lock = asyncio.Lock()
        self._reports: set[asyncio.Task[bool]] = set()  # maintainers' reports being posted

    async def announce_pending(self) -> int:
        """Queue alerts for facts added while the bot was down (the first start records all);
        how many deliveries were queued."""
        queued = await asyncio.to_thread(announce_changes, self.store, self.library.answers.base)
        if queued:
            self.delivery.wake()
        return queued

    async def tell_start_problems(self) -> bool:
        """Tell the maintainers what the first load found wrong (what was left out); True if
        there was something to tell and it was posted."""
        if not (self.maintainers_channel_id and self.library.problems):
            return False
        return await self._tell_maintainers(maintainers_report(
            self.library.problems, self.library.answers.base, self.library.left_out))

    async def reload(self) -> ReloadOutcome:
        """Reload the facts; announce what is new, or tell the maintainers what is wrong."""
        async with self._lock:
            loaded = await asyncio.to_thread(self.library.load_changes)
            outcome = self.library.apply(loaded)  # on the loop: no answer sees a half update
            if outcome.applied:
                await self.announce_pending()
            elif self.maintainers_channel_id and self.delivery.dispatching:
                # Several processes reload the same files: only the dispatcher tells. In the
                # background: the reply to /reload must not wait on a slow channel.
                report = maintainers_report(outcome.problems, self.library.answers.base)
                task = asyncio.create_task(self._tell_maintainers(report),
                                           name="maintainers report")
                self._reports.add(task)
                task.add_done_callback(self._reports.discard)
            return outcome

    async def _tell_maintainers(self, report: MessagePayload) -> bool:
        """Post a report to the maintainers' channel; True if it was posted."""
        channels = [self.maintainers_channel_id] if self.maintainers_channel_id else []
        posted = await self.notifier.post_anywhere(report, channels, None)
        if not posted:
            log.warning("could not post the fact-base problems to MAINTAINERS_CHANNEL_ID")
        return posted
