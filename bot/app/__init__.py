"""The application layer: the bot's use cases over ports (store, notifier, delivery, guilds).

``Application`` groups them; the composition root (``bot.chat.runner.build_bot``) builds it once
and the Discord layer calls it. See ARCHITECTURE.md for the path of a command and of an alert.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.pausing import PauseNotices
from bot.app.reloading import FactReloads
from bot.app.subscribing import SubscribeRequest, Subscriptions

__all__ = ["Application", "FactReloads", "PauseNotices", "SubscribeRequest", "Subscriptions"]


@dataclass(frozen=True, slots=True)
class Application:
    """Every use case of the running bot."""

    reloads: FactReloads
    subscriptions: Subscriptions
    pauses: PauseNotices
