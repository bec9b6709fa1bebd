"""The rows the store reads and writes: subscriptions, outbox messages and deliveries.

Plain data (JSON payloads, ids, statuses): the store knows no facts and no message types.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Announced", "AnnouncedFact", "AnnouncementPlan", "Delivery", "GuildLimitError",
           "OutboxStatus", "Outgoing", "Subscription", "SubscriptionStatus"]


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
    language: str = "en"  # the language its alerts are written in (see bot.core.i18n)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to deliver to a subscription's channel, and the ids of the facts it carries
    (the store remembers which channels were sent each fact, for its corrections)."""

    subscription_id: int
    channel_id: int
    kind: str  # new | updated | backlog | correction
    payload: dict[str, Any]  # a message body as JSON (the store knows no message types)
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnouncedFact:
    """What is recorded of an announced fact: its fingerprint, and its text then."""

    fingerprint: str
    text: str | None = None


class Announced(dict[str, str]):
    """What was announced, as a plan reads it: fact id → fingerprint, with ``texts`` (each
    fact's text when announced; None if recorded before texts were) and ``recipients``."""

    def __init__(self, fingerprints: Mapping[str, str], texts: Mapping[str, str | None],
                 recipients: Callable[[Collection[str]], dict[str, set[int]]]) -> None:
        super().__init__(fingerprints)
        self.texts = dict(texts)
        self._recipients = recipients

    def recipients(self, fact_ids: Collection[str]) -> dict[str, set[int]]:
        """The channels each of these facts was queued to (by any kind of message)."""
        return self._recipients(fact_ids)


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


# (what was announced, or None before the first start; active subscriptions)
#   -> (fingerprints, or fingerprints with texts, to record; messages to queue)
AnnouncementPlan = Callable[[Announced | None, list[Subscription]],
                            tuple[Mapping[str, str | AnnouncedFact], list[Outgoing]]]
