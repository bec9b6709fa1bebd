"""Use cases of channel subscriptions: subscribe with a backlog, unsubscribe, list.

The Discord layer turns an interaction into a ``SubscribeRequest`` (which channel, what the bot
may do there) and posts the reply payload it gets back; every rule lives here, including the
caps: at most ``MAX_SUBSCRIPTIONS_PER_GUILD`` subscriptions a server, and at most
``MAX_BACKLOG_MESSAGES_PER_GUILD`` backlog messages of a server waiting in the outbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from bot.app.ports import DeliveryControl
from bot.core.backlog import Backlog, backlog_facts, parse_backlog
from bot.core.changes import matches_topic, topic_refs
from bot.core.i18n import N_, use_locale
from bot.core.matching.matcher import ResolutionStatus
from bot.core.replies.alert_messages import alert_messages
from bot.core.replies.listings import notice, resolution_notice
from bot.core.replies.payloads import ReplyPayload
from bot.core.replies.subscriptions import (
    BacklogNotQueued,
    member_cannot_manage_notice,
    missing_permissions_notice,
    subscribed_notice,
    subscription_limit_notice,
    subscriptions_list,
    unsubscribed_notice,
)
from bot.library.served import FactLibrary
from bot.store.store import GuildLimitError, Outgoing, Store, Subscription

__all__ = ["MAX_BACKLOG_MESSAGES_PER_GUILD", "MAX_SUBSCRIPTIONS_PER_GUILD", "NEEDED_PERMISSIONS",
           "SubscribeRequest", "Subscriptions"]

MAX_SUBSCRIPTIONS_PER_GUILD = 25
# Backlog messages (outbox rows) of one server not yet posted; each backlog is itself at most
# BACKLOG_MAX facts, in a few digest messages.
MAX_BACKLOG_MESSAGES_PER_GUILD = 200

# What the bot needs in a channel to post alerts there: permission flag → its name in Discord.
NEEDED_PERMISSIONS = {"view_channel": N_("View Channel"), "send_messages": N_("Send Messages"),
                      "embed_links": N_("Embed Links"),
                      # to find an alert an interrupted send may have posted (exactly once)
                      "read_message_history": N_("Read Message History")}


@dataclass(frozen=True, slots=True)
class SubscribeRequest:
    """A /subscribe as the use case sees it: the target channel and the options typed."""

    guild_id: int
    channel_id: int
    channel_guild_id: int | None  # the target channel's server (None: not a server channel)
    is_text_channel: bool
    bot_permissions: Mapping[str, bool]  # the bot's permissions in the target channel
    user_id: int
    topic: str | None = None
    backlog: str | None = None
    updates: bool = False
    member_may_manage: bool = True  # View Channel and Manage Channels in the target channel
    is_announcement: bool = False  # other servers can follow it: alerts are published there
    language: str = "en"  # the server's language: its alerts are written in it


class Subscriptions:
    """Subscriptions of servers' channels to new facts."""

    def __init__(self, library: FactLibrary, store: Store, delivery: DeliveryControl) -> None:
        self.library = library
        self.store = store
        self.delivery = delivery

    def _topic(self, text: str | None) -> tuple[str, str | None, ReplyPayload | None]:
        """(topic id, its name, None) or ("", None, an ephemeral reply explaining the miss)."""
        if not text or not text.strip():
            return "", None, None
        answers = self.library.answers
        resolution = answers.matcher.resolve(text, None)
        if resolution.status is not ResolutionStatus.FOUND or resolution.match is None:
            return "", None, resolution_notice(answers.base, resolution, "topic", "subscribe")
        return resolution.match.id, answers.base.name_of(resolution.match.id), None

    def _refusal(self, request: SubscribeRequest) -> ReplyPayload | None:
        """Why this subscription cannot be made, as a reply; None when it can."""
        if not request.is_text_channel:
            return notice("Not a text channel", "Alerts go to a text or announcement channel; "
                          "pick one with the channel option.")
        if request.channel_guild_id != request.guild_id:
            return notice("Another server's channel", "Pick a channel of this server.")
        if not request.member_may_manage:
            return member_cannot_manage_notice(request.channel_id)
        return None

    async def subscribe(self, request: SubscribeRequest) -> ReplyPayload:
        """Save the subscription and, when it is new or resumed, queue its backlog; the reply
        to post."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        topic_id, topic_name, problem = self._topic(request.topic)
        wanted = parse_backlog(request.backlog)
        if problem is None and isinstance(wanted, str):
            problem = notice("Could not read the backlog", wanted)
        if problem is None:
            missing = [label for flag, label in NEEDED_PERMISSIONS.items()
                       if not request.bot_permissions.get(flag)]
            if missing:
                problem = missing_permissions_notice(request.channel_id, missing)
        if problem is not None:
            return problem
        if isinstance(wanted, str):  # reported above; this tells the type checker
            return notice("Could not read the backlog", wanted)
        try:
            subscription, outcome = await asyncio.to_thread(
                self.store.subscribe, request.guild_id, request.channel_id, topic_id,
                request.updates, request.user_id, guild_limit=MAX_SUBSCRIPTIONS_PER_GUILD,
                language=request.language)
        except GuildLimitError as full:
            return subscription_limit_notice(full.limit)
        queued, not_queued = await self._queue_backlog(subscription, outcome, wanted)
        self.delivery.wake()
        return subscribed_notice(request.channel_id, topic_name, outcome, request.updates,
                                 queued, not_queued, announcement=request.is_announcement)

    async def _queue_backlog(self, subscription: Subscription, outcome: str, wanted: Backlog
                             ) -> tuple[int, BacklogNotQueued | None]:
        """Queue the earlier facts asked for; (how many, or why none was queued)."""
        if not wanted.count and wanted.since is None:
            return 0, None
        if outcome not in ("created", "resumed"):  # asking again must not send them twice
            return 0, BacklogNotQueued("existing")
        base = self.library.answers.base
        refs = topic_refs(base, subscription.topic)
        earlier = backlog_facts([f for f in base.facts.values() if matches_topic(f, refs)],
                                wanted)
        if not earlier:
            return 0, None
        with use_locale(subscription.language):  # the channel's alerts are in its language
            messages = alert_messages(base, earlier)
        try:
            sent = tuple(fact.id for fact in earlier)
            await asyncio.to_thread(self.store.enqueue_backlog, subscription.guild_id, [
                Outgoing(subscription.id, subscription.channel_id, "backlog", dict(payload), sent)
                for payload in messages], MAX_BACKLOG_MESSAGES_PER_GUILD)
        except GuildLimitError as full:
            return 0, BacklogNotQueued("server_limit", full.count, full.limit)
        return len(earlier), None

    async def unsubscribe(self, guild_id: int, channel_id: int, topic: str | None, *,
                          member_may_manage: bool = True) -> ReplyPayload:
        """Remove a channel's subscription (to one topic, or all); the reply to post.
        ``member_may_manage``: the member may view and manage that channel."""
        if not member_may_manage:
            return member_cannot_manage_notice(channel_id)
        topic_id, topic_name, problem = self._topic(topic)
        if problem is not None:
            return problem
        removed = await asyncio.to_thread(self.store.unsubscribe, guild_id, channel_id,
                                          topic_id if topic else None)
        return unsubscribed_notice(removed, channel_id, topic_name)

    async def listing(self, guild_id: int) -> ReplyPayload:
        """A server's subscriptions with their status, as a reply."""
        rows = await asyncio.to_thread(self.store.subscriptions, guild_id)
        base = self.library.answers.base
        return subscriptions_list([
            (s.channel_id, base.name_of(s.topic) if s.topic else None, s.include_updates,
             s.status, s.paused_reason) for s in rows])
