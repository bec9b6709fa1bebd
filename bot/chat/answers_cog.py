"""The answering commands: one app command per entry of the core's command table.

Each command hands its options to ``Answers.answer`` and posts the payload unchanged. Option types,
lengths and descriptions come from ``bot.core.replies.commands``; a test checks that the commands
registered here match that table exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Optional, ParamSpec

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.clicks import on_click
from bot.chat.options import NameOption, TextOption
from bot.chat.respond import send_payload
from bot.core.replies.commands import COMMANDS

if TYPE_CHECKING:
    from bot.chat.client import FactBot

__all__ = ["CHECK_FACTS", "AnswersCog"]

CHECK_FACTS = "Check facts"  # the message context-menu command

P = ParamSpec("P")
# A command method of the cog: (cog, interaction, its options) → nothing.
Callback = Callable[Concatenate["AnswersCog", discord.Interaction, P], Coroutine[Any, Any, None]]

CountryName = app_commands.Transform[str, NameOption("country", "name")]
BlocName = app_commands.Transform[str, NameOption("bloc", "name")]
AgreementName = app_commands.Transform[str, NameOption("agreement", "name")]
AnyName = app_commands.Transform[str, NameOption("lookup", "name")]
TimelineName = app_commands.Transform[str, NameOption("timeline", "name")]
RelationA = app_commands.Transform[str, NameOption("relation", "a")]
RelationB = app_commands.Transform[str, NameOption("relation", "b")]
SourceId = app_commands.Transform[str, NameOption("source", "id")]
Query = app_commands.Transform[str, TextOption("search", "query")]
Page = Optional[app_commands.Range[int, 1, None]]  # noqa: UP045 (discord.py reads Optional)


def from_table(name: str) -> Callable[[Callback[P]], app_commands.Command[AnswersCog, P, None]]:
    """Register a method as the app command ``name`` with the table's descriptions."""
    spec = COMMANDS[name]

    def decorate(func: Callback[P]) -> app_commands.Command[AnswersCog, P, None]:
        described = app_commands.describe(**{o.name: o.description for o in spec.options})(func)
        # Set explicitly, not left to the application's settings: the answering commands
        # work in servers, DMs and group DMs, installed to a server or by a user.
        scoped = app_commands.allowed_installs(guilds=True, users=True)(
            app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(
                described))
        return app_commands.command(name=name, description=spec.description)(scoped)

    return decorate


class AnswersCog(commands.Cog):
    """/country, /bloc, /agreement, /lookup, /search, /timeline, /latest, /relation, /source,
    /about, and "Check facts" on a message."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        # A message command: Discord hands it the message's content without the Message
        # Content intent (docs: events/gateway, "Message Content Intent"). Same scopes as the
        # slash commands that answer.
        self.check_menu = app_commands.ContextMenu(
            name=CHECK_FACTS, callback=self.check_facts,
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True,
                                                            private_channel=True))

    async def cog_load(self) -> None:
        """Register the context-menu command (cogs cannot declare one as a method)."""
        self.bot.tree.add_command(self.check_menu)

    async def cog_unload(self) -> None:
        """Unregister the context-menu command."""
        self.bot.tree.remove_command(self.check_menu.name, type=self.check_menu.type)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Clicks on the bot's buttons and menus (see ``bot.chat.clicks``)."""
        if interaction.type is discord.InteractionType.component:
            await on_click(interaction, self.bot.library)

    async def check_facts(self, interaction: discord.Interaction,
                          message: discord.Message) -> None:
        """What the fact base says on a message's subject, to the person who asked."""
        await send_payload(interaction, self.bot.library.answers.check(message.content))

    async def _answer(self, interaction: discord.Interaction, command: str,
                      **options: object) -> None:
        payload = self.bot.library.answers.answer(command, options)
        await send_payload(interaction, payload)

    @from_table("country")
    async def country(self, interaction: discord.Interaction, name: CountryName) -> None:
        await self._answer(interaction, "country", name=name)

    @from_table("bloc")
    async def bloc(self, interaction: discord.Interaction, name: BlocName) -> None:
        await self._answer(interaction, "bloc", name=name)

    @from_table("agreement")
    async def agreement(self, interaction: discord.Interaction, name: AgreementName) -> None:
        await self._answer(interaction, "agreement", name=name)

    @from_table("lookup")
    async def lookup(self, interaction: discord.Interaction, name: AnyName) -> None:
        await self._answer(interaction, "lookup", name=name)

    @from_table("search")
    async def search(self, interaction: discord.Interaction, query: Query,
                     page: Page = None) -> None:
        await self._answer(interaction, "search", query=query, page=page)

    @from_table("timeline")
    async def timeline(self, interaction: discord.Interaction, name: TimelineName,
                       page: Page = None) -> None:
        await self._answer(interaction, "timeline", name=name, page=page)

    @from_table("latest")
    async def latest(self, interaction: discord.Interaction, page: Page = None) -> None:
        await self._answer(interaction, "latest", page=page)

    @from_table("relation")
    async def relation(self, interaction: discord.Interaction, a: RelationA,
                       b: RelationB) -> None:
        await self._answer(interaction, "relation", a=a, b=b)

    @from_table("source")
    async def source(self, interaction: discord.Interaction, id: SourceId) -> None:
        await self._answer(interaction, "source", id=id)

    @from_table("about")
    async def about(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, "about")
