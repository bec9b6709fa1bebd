"""The command tree's one error handler: a friendly ephemeral reply, the unexpected logged.

Every failure a command can meet maps to a short notice rendered by the core. Autocomplete
failures answer with no choices (Discord shows "no options") rather than leaving the user waiting.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat.admin_cog import NotOwner
from bot.chat.respond import has_responded, send_payload, set_reply_language
from bot.core.replies.markup import autocomplete_payload
from bot.core.replies.reports import failure_notice
from bot.store.database import StoreFileReplacedError, StoreUnavailableError

__all__ = ["FactTree"]

log = logging.getLogger(__name__)


def _describe(interaction: discord.Interaction) -> str:
    """The interaction's context for a log line (no tokens, no message content)."""
    command = interaction.command.qualified_name if interaction.command else "?"
    given = interaction.data.get("options", []) if interaction.data else []
    options = given if isinstance(given, list) else []  # only commands' data has options
    shown = {o.get("name"): str(o.get("value", ""))[:80] for o in options if isinstance(o, dict)}
    return (f"/{command} options={shown} interaction={interaction.id} "
            f"guild={interaction.guild_id} channel={interaction.channel_id} "
            f"user={interaction.user.id if interaction.user else '?'}")


def failure_for(error: app_commands.AppCommandError) -> tuple[str, str]:
    """The kind of failure (a key of ``reports.FAILURES``) and its detail."""
    if isinstance(error, NotOwner):
        return "not_owner", ""
    if isinstance(error, app_commands.NoPrivateMessage):
        return "guild_only", ""
    if isinstance(error, app_commands.MissingPermissions):
        return "missing_permissions", " and ".join(
            p.replace("_", " ").title() for p in error.missing_permissions)
    if isinstance(error, app_commands.CommandOnCooldown):
        return "cooldown", f"{error.retry_after:.0f}"
    if isinstance(error, app_commands.TransformerError):
        return "bad_option", f"'{error.value}' is not a valid {error.type.name}."
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "unknown_command", ""
    if isinstance(getattr(error, "original", None), StoreUnavailableError):
        return "store_unavailable", ""
    if isinstance(getattr(error, "original", None), StoreFileReplacedError):
        return "store_lost", ""
    return "unexpected", ""


class FactTree(app_commands.CommandTree):
    """A command tree whose errors become friendly ephemeral replies, in the user's language."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Before every command and autocomplete: replies follow the user's Discord language,
        else the server's (each interaction runs in its own task, so this holds for its
        reply, its errors included, and no other)."""
        set_reply_language(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        """Tell the user what went wrong; log what we did not expect."""
        kind, detail = failure_for(error)
        if kind in ("store_unavailable", "store_lost"):
            log.warning("refused %s: the database is unavailable (%s)", _describe(interaction),
                        getattr(error, "original", error))
        elif kind == "unexpected":
            cause = getattr(error, "original", error)
            log.error("command failed: %s", _describe(interaction), exc_info=cause)
        else:
            log.info("refused %s: %s", _describe(interaction), kind)
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                if not has_responded(interaction):
                    await send_payload(interaction, autocomplete_payload([]))
                return
            await send_payload(interaction, failure_notice(kind, detail))
        except discord.HTTPException:
            log.warning("could not tell the user about the failure: %s", _describe(interaction),
                        exc_info=True)
