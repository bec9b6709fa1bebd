"""Use cases: tell a server that alerts to one of its channels were paused; pause the
subscriptions of a deleted channel, or of a server that removed the bot (nobody is told).

The delivery worker pauses a channel's subscriptions when Discord says the bot lost access to it
(or the channel is gone); the server hears it once, in its system channel, or else the member who
subscribed hears it by direct message.
"""

from __future__ import annotations

import asyncio
import logging

from bot.app.ports import Guilds, Notifier
from bot.core.replies.subscriptions import channel_gone_notice
from bot.store.store import Store, Subscription

__all__ = ["PauseNotices"]

log = logging.getLogger(__name__)


class PauseNotices:
    """Tells servers about their paused alerts."""

    def __init__(self, notifier: Notifier, guilds: Guilds, store: Store) -> None:
        self.notifier = notifier
        self.guilds = guilds
        self.store = store

    async def channel_deleted(self, channel_id: int) -> int:
        """A channel was deleted: pause its subscriptions (nobody to tell); how many."""
        paused = await asyncio.to_thread(self.store.pause_channel, channel_id,
                                         "the channel was deleted")
        log.info("channel %s was deleted: %d subscriptions paused", channel_id, len(paused))
        return len(paused)

    async def guild_removed(self, guild_id: int) -> int:
        """The bot was removed from a server: pause its subscriptions (no DM); how many. If
        it is invited back, /subscribe resumes a channel."""
        paused = await asyncio.to_thread(self.store.pause_guild, guild_id,
                                         "the bot was removed from the server")
        log.info("removed from guild %s: %d subscriptions paused", guild_id, len(paused))
        return len(paused)

    async def tell(self, paused: list[Subscription], reason: str) -> None:
        """Tell the server of ``paused`` (one channel's subscriptions) why alerts stopped."""
        if not paused:
            return
        first = paused[0]
        system = self.guilds.system_channel(first.guild_id)
        channels = [system] if system is not None and system != first.channel_id else []
        sent = await self.notifier.post_anywhere(channel_gone_notice(first.channel_id, reason),
                                                 channels, first.subscriber_id)
        log.info("told guild %s that alerts to channel %s are paused: %s", first.guild_id,
                 first.channel_id, "yes" if sent else "no way to reach it")
