"""/subscribe, /unsubscribe and /subscriptions: a server's channels receiving new facts.

Server only, and Manage Channels is enforced with a check (``default_permissions`` is only a hint
to Discord's UI). Before saving, the bot checks it can view, post and embed in the channel.
"""

from __future__ import annotations

import asyncio
from typing import Optional

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.options import NameOption
from bot.chat.respond import send_payload
from bot.core.alerts import alert_messages, matches_topic, topic_refs
from bot.core.listings import notice, resolution_notice
from bot.core.subscriptions import (
    backlog_facts,
    missing_permissions_notice,
    parse_backlog,
    subscribed_notice,
    subscriptions_list,
    unsubscribed_notice,
)
from bot.store.store import Outgoing

__all__ = ["SubscriptionsCog"]

NEEDED = {"view_channel": "View Channel", "send_messages": "Send Messages",
          "embed_links": "Embed Links"}


# A topic is anything /lookup finds, suggested by the same autocomplete.
Topic = app_commands.Transform[str, NameOption("lookup", "name", max_length=100)]
Channel = Optional[discord.TextChannel]  # noqa: UP045 (discord.py reads Optional)


def _manage_channels() -> object:
    """Hint for Discord's UI plus the enforced checks: server only, Manage Channels."""
    def decorate(func: object) -> object:
        func = app_commands.checks.has_permissions(manage_channels=True)(func)
        func = app_commands.default_permissions(manage_channels=True)(func)
        return app_commands.guild_only()(func)
    return decorate


class SubscriptionsCog(commands.Cog):
    """Channel subscriptions to new facts."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    def _topic(self, text: str | None) -> tuple[str, str | None, dict | None]:
        """(topic id, its name, None) or ("", None, an ephemeral reply explaining the miss)."""
        if not text or not text.strip():
            return "", None, None
        answers = self.bot.library.answers
        resolution = answers.matcher.resolve(text, None)
        if resolution.status != "found" or resolution.match is None:
            return "", None, resolution_notice(answers.base, resolution, "topic", "subscribe")
        return resolution.match.id, answers.base.name_of(resolution.match.id), None

    @app_commands.command(name="subscribe", description="Post new facts in a channel of this "
                          "server (needs Manage Channels)")
    @app_commands.describe(channel="Where to post (default: this channel)",
                           topic="Only facts about this country, bloc, agreement … (default: "
                           "every fact)",
                           backlog="Also post earlier facts now: none, a number, or a date "
                           "such as 2025-06-01",
                           updates="Also announce corrections to existing facts")
    @_manage_channels()
    async def subscribe(self, interaction: discord.Interaction, channel: Channel = None,
                        topic: Optional[Topic] = None,  # noqa: UP045
                        backlog: Optional[app_commands.Range[str, 0, 20]] = None,  # noqa: UP045
                        updates: bool = False) -> None:
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            await send_payload(interaction, notice("Not a text channel", "Alerts go to a text "
                               "or announcement channel; pick one with the channel option."))
            return
        if target.guild.id != interaction.guild_id:
            await send_payload(interaction, notice("Another server's channel", "Pick a channel "
                               "of this server."))
            return
        topic_id, topic_name, problem = self._topic(topic)
        wanted = parse_backlog(backlog)
        if problem is None and isinstance(wanted, str):
            problem = notice("Could not read the backlog", wanted)
        if problem is None:
            granted = target.permissions_for(target.guild.me)
            missing = [label for flag, label in NEEDED.items() if not getattr(granted, flag)]
            if missing:
                problem = missing_permissions_notice(target.id, missing)
        if problem is not None:
            await send_payload(interaction, problem)
            return
        store = self.bot.store
        subscription, outcome = await asyncio.to_thread(
            store.subscribe, target.guild.id, target.id, topic_id, updates, interaction.user.id)
        base = self.bot.library.answers.base
        refs = topic_refs(base, topic_id)
        earlier = backlog_facts([f for f in base.facts.values() if matches_topic(f, refs)],
                                wanted)
        if earlier:
            await asyncio.to_thread(store.enqueue, [
                Outgoing(subscription.id, target.id, "backlog", payload)
                for payload in alert_messages(base, earlier)])
        self.bot.delivery.wake()
        await send_payload(interaction, subscribed_notice(target.id, topic_name, outcome,
                                                          updates, len(earlier)))

    @app_commands.command(name="unsubscribe", description="Stop posting new facts in a channel "
                          "(needs Manage Channels)")
    @app_commands.describe(channel="Which channel (default: this one)",
                           topic="Only this topic's subscription (default: all of the channel's)")
    @_manage_channels()
    async def unsubscribe(self, interaction: discord.Interaction, channel: Channel = None,
                          topic: Optional[Topic] = None) -> None:  # noqa: UP045
        target = channel or interaction.channel
        topic_id, topic_name, problem = self._topic(topic)
        if problem is not None:
            await send_payload(interaction, problem)
            return
        removed = await asyncio.to_thread(self.bot.store.unsubscribe, interaction.guild_id,
                                          target.id, topic_id if topic else None)
        await send_payload(interaction, unsubscribed_notice(removed, target.id, topic_name))

    @app_commands.command(name="subscriptions", description="This server's channels that "
                          "receive new facts")
    @_manage_channels()
    async def subscriptions(self, interaction: discord.Interaction) -> None:
        rows = await asyncio.to_thread(self.bot.store.subscriptions, interaction.guild_id)
        base = self.bot.library.answers.base
        await send_payload(interaction, subscriptions_list([
            (s.channel_id, base.name_of(s.topic) if s.topic else None, s.include_updates,
             s.status, s.paused_reason) for s in rows]))
