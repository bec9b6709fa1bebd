"""Owner commands: /reload the fact base without restarting the bot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.respond import defer, send_payload
from bot.core.replies.reports import reload_report

if TYPE_CHECKING:
    from bot.chat.client import FactBot

__all__ = ["AdminCog", "NotOwner", "owner_only"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class NotOwner(app_commands.CheckFailure):
    """The user is not the bot's owner (or a member of its owning team)."""


def owner_only() -> Callable[[T], T]:
    """A check that lets only the application's owner run the command."""

    async def predicate(interaction: discord.Interaction[FactBot]) -> bool:
        if await interaction.client.is_owner(interaction.user):
            return True
        raise NotOwner("only the bot's owner can run this")

    return app_commands.check(predicate)


class AdminCog(commands.Cog):
    """/reload."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload", description="Owner only: reload the fact files now")
    @app_commands.default_permissions(manage_guild=True)  # a UI hint; owner_only enforces
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @owner_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        await defer(interaction)  # a reload of a large base takes longer than Discord waits
        outcome = await self.bot.reload_facts()
        log.info("/reload by %s: applied=%s problems=%d", interaction.user.id, outcome.applied,
                 len(outcome.problems))
        await send_payload(interaction, reload_report(outcome.applied, outcome.problems,
                                                      outcome.facts_before, outcome.facts_now))
