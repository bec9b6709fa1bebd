"""Command names and descriptions in the reader's language, from the core's catalogues.

discord.py asks the tree's translator for each command, option and description, in each of
Discord's locales, when it builds the sync payload (``name_localizations``,
``description_localizations``; docs: interactions/application-commands, "Localization").
Names come from the catalogue's ``command`` context, descriptions from its plain messages.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core.i18n import language_of, localized

__all__ = ["CatalogTranslator"]

NAMES = {app_commands.TranslationContextLocation.command_name,
         app_commands.TranslationContextLocation.group_name,
         app_commands.TranslationContextLocation.parameter_name}


class CatalogTranslator(app_commands.Translator):
    """Translates from ``bot/core/i18n/<language>.po``; English is the code's own text."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        """The localized text, or None to leave Discord the English one."""
        language = language_of(locale.value)
        if language == "en":
            return None  # English, or a language without a catalogue: Discord shows English
        name = context.location in NAMES
        text = localized(string.message, language, "command" if name else None)
        return text if text != string.message else None
