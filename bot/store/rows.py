"""The rows the store reads and writes: subscriptions, outbox messages and deliveries.

Plain data (JSON payloads, ids, statuses): the store knows no facts and no message types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["AnnouncementPlan", "Delivery", "GuildLimitError", "OutboxStatus", "Outgoing",
           "Subscription", "SubscriptionStatus"]


class SubscriptionStatus(StrEnum):
    """Whether a subscription receives alerts (as stored in ``subscriptions.status``)."""

    ACTIVE = "active"
    PAUSED = "paused"  # the bot lost access to the channel; /subscribe there resumes it


class OutboxStatus(StrEnum):
    """Where a delivery is in its life (as stored in ``outbox.status``)."""

    PENDING = "pending"  # to be sent when ``next_attempt_at`` comes
    HELD = "held"  # its channel is paused: sent if the subscription resumes
    SENT = "sent"
    FAILED = "failed"  # Discord refused the payload: not retried


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's subscription to every fact (topic "") or to one topic."""

    id: int
    guild_id: int
    channel_id: int
    topic: str
    include_updates: bool
    status: SubscriptionStatus
    paused_reason: str | None
    subscriber_id: int | None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to deliver to a subscription's channel."""

    subscription_id: int
    channel_id: int
    kind: str  # new | updated | backlog
    payload: dict[str, Any]  # a message body as JSON (the store knows no message types)


@dataclass(frozen=True, slots=True)
class Delivery:
    """An outbox row waiting to be sent."""

    id: int
    subscription_id: int
    channel_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    nonce: str  # Discord's message nonce: unique per row and database, the same on every retry
    first_attempt_at: float | None  # when a send was first attempted (None: never yet)


class GuildLimitError(Exception):
    """A guild already has as many subscriptions, or waiting backlog rows, as it may."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} of at most {limit}")
        self.count = count
        self.limit = limit


# (announced fingerprints or None before the first start, active subscriptions)
#   -> (fingerprints to record, messages to queue)
AnnouncementPlan = Callable[[dict[str, str] | None, list[Subscription]],
                            tuple[Mapping[str, str], list[Outgoing]]]
