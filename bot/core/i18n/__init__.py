"""Replies in the reader's language: message catalogues, the current locale, dates and numbers.

English is written in the code (``_("…")`` marks each message); other languages live as gettext
catalogues beside this file (``fr.po``), read with Babel on first use. The locale of a reply is
chosen at the entry point (``use_locale``) from the interaction's ``locale``, else the server's
``guild_locale``, else English, and every message rendered inside follows it.
"""

from bot.core.i18n.catalog import (
    LANGUAGES,
    N_,
    _,
    current_language,
    language_of,
    localized,
    n_,
    slash,
    use_locale,
)

__all__ = ["LANGUAGES", "N_", "_", "current_language", "language_of", "localized", "n_",
           "slash", "use_locale"]
