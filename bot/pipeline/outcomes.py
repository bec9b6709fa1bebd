"""What can come of posting an alert, as the delivery worker sees it, and the Messenger port.

Discord's answers are mapped by its JSON error ``code`` first and the HTTP status second
(docs: topics/opcodes-and-status-codes, "JSON Error Codes"), because one status covers causes
that call for opposite reactions: a 404 for a deleted channel (10003) pauses the subscription,
a 404 for a deleted message (10008: the alert was posted, then a moderator removed it) means the
alert was delivered.
"""

from __future__ import annotations

from typing import Protocol

from bot.core.replies.payloads import MessagePayload

__all__ = [
    "UNKNOWN_MESSAGE",
    "AlreadySentError",
    "ChannelRefusedError",
    "ChannelUnavailableError",
    "Messenger",
    "PayloadRejectedError",
    "RateLimitedError",
    "TransientError",
    "UnauthorizedError",
    "error_for",
]

UNKNOWN_CHANNEL, MISSING_ACCESS, MISSING_PERMISSIONS = 10003, 50001, 50013
UNKNOWN_MESSAGE = 10008
ALREADY_CROSSPOSTED = 40033  # publishing a message twice
# Refusals that are a property of the channel, not of one payload: the channel needs a
# verified account (40002), AutoMod blocks the bot's messages (200000, 200001).
CHANNEL_REFUSALS = {40002: "Discord asks this bot's account to verify before posting there",
                    200000: "the server's AutoMod blocks the bot's messages there",
                    200001: "the server's AutoMod blocks the bot's messages there"}
LOST_ACCESS = {UNKNOWN_CHANNEL: "the channel no longer exists",
               MISSING_ACCESS: "the bot can no longer see the channel",
               MISSING_PERMISSIONS: "the bot may no longer post there"}


class TransientError(Exception):
    """Discord failed in a way worth retrying (5xx, timeout, connection reset)."""


class RateLimitedError(TransientError):
    """Discord answered 429: wait ``retry_after`` seconds (everywhere when ``globally``).
    ``cloudflare``: a 429 that is not Discord's JSON (an IP ban at Discord's edge)."""

    def __init__(self, message: str, retry_after: float, *, globally: bool,
                 cloudflare: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.globally = globally
        self.cloudflare = cloudflare


class ChannelUnavailableError(Exception):
    """The bot lost access to the channel, or it is gone: pause its subscriptions."""

    def __init__(self, message: str, reason: str = "", *, status: int = 0) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.status = status  # Discord's HTTP status (403s count towards the IP ban)


class ChannelRefusedError(ChannelUnavailableError):
    """The channel refuses the bot's messages (AutoMod, verification): pause, with why."""


class AlreadySentError(Exception):
    """Discord says the message this send would repeat exists no more (10008): it was posted;
    or that the message was already published (40033)."""


class PayloadRejectedError(Exception):
    """Discord refused the payload itself (400): retrying would not help."""


class UnauthorizedError(Exception):
    """Discord refused the token (401): nothing can be sent until it is replaced."""


def error_for(status: int, code: int | None, message: str) -> Exception:
    """The outcome of a failed post, from Discord's status and JSON error code (429 aside)."""
    if status == 401:
        return UnauthorizedError(message)
    if code in LOST_ACCESS:
        return ChannelUnavailableError(message, LOST_ACCESS[code], status=status)
    if code in (UNKNOWN_MESSAGE, ALREADY_CROSSPOSTED):
        return AlreadySentError(message)
    if code in CHANNEL_REFUSALS:
        return ChannelRefusedError(message, CHANNEL_REFUSALS[code], status=status)
    if status in (403, 404):
        return ChannelUnavailableError(message, status=status)
    if 400 <= status < 500:
        return PayloadRejectedError(message)
    return TransientError(message)


class Messenger(Protocol):
    """Posts a message to a channel; raises one of the exceptions above on failure."""

    async def post(self, channel_id: int, payload: MessagePayload, nonce: str) -> int | None:
        """Post ``payload`` once with ``nonce``; the new message's id, when Discord says."""
        ...

    async def find_posted(self, channel_id: int, marker: str, *, since: float) -> int | None:
        """The id of the bot's message in the channel, posted after ``since`` (seconds since
        the epoch), whose footer carries ``marker``; None when there is none."""
        ...

    def is_announcement(self, channel_id: int) -> bool:
        """Whether the channel is an announcement channel (other servers may follow it)."""
        ...

    async def crosspost(self, channel_id: int, message_id: int) -> None:
        """Publish a message of an announcement channel to the channels following it."""
        ...
