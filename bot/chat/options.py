"""Slash-command options described by the core's command table, as discord.py transformers.

``TextOption`` carries an option's length limit; ``NameOption`` adds autocomplete from the same
matcher that resolves the name, so suggesting a country and answering about it never disagree.
Values pass through untouched: the core resolves names and explains what it cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.replies.commands import COMMANDS

if TYPE_CHECKING:
    from bot.chat.client import FactBot

__all__ = ["NameOption", "TextOption"]


class TextOption(app_commands.Transformer["FactBot"]):
    """A free-text option of a command in the table (``/search query``)."""

    def __init__(self, command: str, option: str, *, max_length: int | None = None) -> None:
        spec = COMMANDS[command].option(option)
        if spec is None:
            raise KeyError(f"/{command} has no option {option!r} in bot.core.replies.commands")
        self.command = command
        self.option = option
        self._max_length = max_length or spec.max_length

    @property
    def type(self) -> discord.AppCommandOptionType:
        """Sent to Discord as a string option."""
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int | None:
        """For a string option discord.py sends this as ``max_length``."""
        return self._max_length

    async def transform(self, interaction: discord.Interaction[FactBot], value: str, /) -> str:
        """The text as the user typed it; the core deals with blanks and oddities."""
        return value


class NameOption(TextOption):
    """An option naming something in the fact base, with autocomplete."""

    async def autocomplete(self, interaction: discord.Interaction[FactBot],
                           value: int | float | str, /
                           ) -> list[app_commands.Choice[int | float | str]]:
        """The core's autocomplete choices for what has been typed so far."""
        answers = interaction.client.library.answers
        return [app_commands.Choice(name=label, value=chosen)
                for label, chosen in answers.choices(self.command, self.option, str(value))]
