"""The bot: a discord.py client wired with the fact library, its cogs and the command tree.

Dependencies come in through ``__init__`` (discord.py's advanced start-up example); cogs load and
commands sync in ``setup_hook``. Only non-privileged intents are asked for: slash commands need
no message content.
"""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.chat.admin_cog import AdminCog
from bot.chat.answers_cog import AnswersCog
from bot.chat.sync import CommandSync
from bot.chat.tree import FactTree
from bot.library import FactLibrary
from bot.settings import Settings

__all__ = ["FactBot"]

log = logging.getLogger(__name__)


class FactBot(commands.AutoShardedBot):
    """Answers slash commands from the fact library."""

    def __init__(self, settings: Settings, library: FactLibrary, *,
                 guild_ready_timeout: float = 2.0) -> None:
        # No voice features: don't warn at every start that voice libraries are missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # channels and permissions of the servers the bot is in
        super().__init__(
            command_prefix=commands.when_mentioned,  # no text commands: slash commands only
            help_command=None,
            intents=intents,
            tree_cls=FactTree,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
        )
        self.settings = settings
        self.library = library
        self.command_sync = CommandSync(settings.data_dir)

    async def setup_hook(self) -> None:
        """Load the cogs and sync the slash commands if they changed."""
        await self.add_cog(AnswersCog(self))
        await self.add_cog(AdminCog(self))
        try:
            await self.command_sync.sync(self.tree, self.application_id or 0,
                                         self.settings.dev_guild_id)
        except discord.Forbidden:
            log.error("Discord refused the command sync for server %s: invite the bot there with "
                      "the applications.commands scope, or unset DEV_GUILD_ID",
                      self.settings.dev_guild_id)

    async def on_ready(self) -> None:
        """Log who we are and how much we know."""
        log.info("connected as %s (id %s) in %d servers, serving %d facts", self.user,
                 self.user.id if self.user else "?", len(self.guilds), self.library.fact_count)
