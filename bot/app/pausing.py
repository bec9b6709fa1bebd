"""Use case: tell a server that alerts to one of its channels were paused.

The delivery worker pauses a channel's subscriptions when Discord says the bot lost access to it
(or the channel is gone); the server hears it once, in its system channel, or else the member who
subscribed hears it by direct message.
"""

from __future__ import annotations

import logging

from bot.app.ports import Guilds, Notifier
from bot.core.replies.subscriptions import channel_gone_notice
from bot.store.store import Subscription

__all__ = ["PauseNotices"]

log = logging.getLogger(__name__)


class PauseNotices:
    """Tells servers about their paused alerts."""

    def __init__(self, notifier: Notifier, guilds: Guilds) -> None:
        self.notifier = notifier
        self.guilds = guilds

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
