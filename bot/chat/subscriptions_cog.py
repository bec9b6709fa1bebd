"""/subscribe, /unsubscribe and /subscriptions: a server's channels receiving new facts.

Server only, and Manage Channels is enforced with a check (``default_permissions`` is only a hint
to Discord's UI). The cog only adapts: it reads the target channel and the bot's permissions
there from Discord, and hands them to the use cases in ``bot.app.subscribing``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.subscribing import NEEDED_PERMISSIONS, SubscribeRequest
from bot.chat.options import NameOption
from bot.chat.respond import defer, send_payload
from bot.core.i18n import language_of

if TYPE_CHECKING:
    from bot.chat.client import FactBot

__all__ = ["SubscriptionsCog"]

# A topic is anything /lookup finds, suggested by the same autocomplete.
Topic = app_commands.Transform[str, NameOption("lookup", "name", max_length=100)]
Channel = Optional[discord.TextChannel]  # noqa: UP045 (discord.py reads Optional)
F = TypeVar("F", bound=Callable[..., Any])


def _manage_channels() -> Callable[[F], F]:
    """Hint for Discord's UI plus the enforced checks: server only, Manage Channels."""
    def decorate(func: F) -> F:
        func = app_commands.checks.has_permissions(manage_channels=True)(func)
        func = app_commands.default_permissions(manage_channels=True)(func)
        func = app_commands.allowed_installs(guilds=True, users=False)(func)
        func = app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)(func)
        return app_commands.guild_only()(func)
    return decorate


def _member_may_manage(interaction: discord.Interaction, channel_id: int) -> bool:
    """Whether the invoking member may view and manage the target channel. Discord computes
    their permissions for a channel picked in an option (its resolved data carries them); for
    the current channel they are the interaction's own. Manage Channels where the command is
    typed says nothing of the target."""
    data: Any = interaction.data or {}
    resolved = data.get("resolved", {}).get("channels", {}).get(str(channel_id), {})
    member = discord.Permissions(int(resolved["permissions"])) if "permissions" in resolved \
        else interaction.permissions
    return member.manage_channels and member.view_channel


class SubscriptionsCog(commands.Cog):
    """Channel subscriptions to new facts."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command(name="subscribe", description="Post new facts in a channel of this "
                          "server (needs Manage Channels)")
    @app_commands.describe(channel="Where to post (default: this channel)",
                           topic="Only facts about this country, bloc, agreement … (default: "
                           "every fact)",
                           backlog="Also post earlier facts now: none, a number, or a date "
                           "such as 2025-06-01",
                           updates="Also announce edits to facts (corrections of facts the "
                           "channel got always come)")
    @_manage_channels()
    async def subscribe(self, interaction: discord.Interaction, channel: Channel = None,
                        topic: Optional[Topic] = None,  # noqa: UP045
                        backlog: Optional[app_commands.Range[str, 0, 20]] = None,  # noqa: UP045
                        updates: bool = False) -> None:
        await defer(interaction)  # the database may be slow or reconnecting
        target = channel or interaction.channel
        is_text = isinstance(target, discord.TextChannel)
        granted = target.permissions_for(target.guild.me) \
            if isinstance(target, discord.TextChannel) else discord.Permissions.none()
        request = SubscribeRequest(
            guild_id=interaction.guild_id or 0, channel_id=target.id if target else 0,
            channel_guild_id=target.guild.id if isinstance(target, discord.TextChannel)
            else None, is_text_channel=is_text,
            bot_permissions={flag: getattr(granted, flag) for flag in NEEDED_PERMISSIONS},
            user_id=interaction.user.id, topic=topic, backlog=backlog, updates=updates,
            member_may_manage=_member_may_manage(interaction, target.id if target else 0),
            is_announcement=isinstance(target, discord.TextChannel) and target.is_news(),
            # Alerts are for the whole channel: the server's language, else the admin's.
            language=language_of(interaction.guild_locale.value if interaction.guild_locale
                                 else None, interaction.locale.value))
        await send_payload(interaction, await self.bot.app.subscriptions.subscribe(request))

    @app_commands.command(name="unsubscribe", description="Stop posting new facts in a channel "
                          "(needs Manage Channels)")
    @app_commands.describe(channel="Which channel (default: this one)",
                           topic="Only this topic's subscription (default: all of the channel's)")
    @_manage_channels()
    async def unsubscribe(self, interaction: discord.Interaction, channel: Channel = None,
                          topic: Optional[Topic] = None) -> None:  # noqa: UP045
        await defer(interaction)
        target = channel or interaction.channel
        target_id = target.id if target else 0
        reply = await self.bot.app.subscriptions.unsubscribe(
            interaction.guild_id or 0, target_id, topic,
            member_may_manage=_member_may_manage(interaction, target_id))
        await send_payload(interaction, reply)

    @app_commands.command(name="subscriptions", description="This server's channels that "
                          "receive new facts")
    @_manage_channels()
    async def subscriptions(self, interaction: discord.Interaction) -> None:
        await defer(interaction)
        reply = await self.bot.app.subscriptions.listing(interaction.guild_id or 0)
        await send_payload(interaction, reply)
