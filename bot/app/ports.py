"""The ports the use cases talk through: small protocols the adapters implement.

The store (``bot.store.store.Store``) is used as it is: it already hides SQLite and PostgreSQL
behind one class. Discord is reached only through these protocols, so the use cases can run
against the loopback Discord or anything else that posts a payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.core.replies.payloads import MessagePayload

__all__ = ["Clock", "DeliveryControl", "Guilds", "Notifier"]


class Notifier(Protocol):
    """Posts a notice (a message payload) to the first channel that takes it, else a DM."""

    async def post_anywhere(self, payload: MessagePayload, channel_ids: list[int],
                            user_id: int | None) -> bool:
        """Post to the first of ``channel_ids`` that accepts, else DM ``user_id``; sent?"""
        ...


class Guilds(Protocol):
    """What the use cases need to know about the servers the bot is in."""

    def system_channel(self, guild_id: int) -> int | None:
        """The server's system channel (where Discord posts its own notices), if any."""
        ...


class DeliveryControl(Protocol):
    """The delivery worker as the use cases see it."""

    def wake(self) -> None:
        """New deliveries are queued: send them now."""
        ...

    @property
    def dispatching(self) -> bool:
        """Whether this process is the one that delivers alerts (and tells maintainers)."""
        ...


Clock = Callable[[], float]
