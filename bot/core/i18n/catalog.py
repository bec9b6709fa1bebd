"""Message catalogues and the current language.

``_("Not in the fact base")`` returns the message in the current language (a context variable,
so concurrent replies each keep their own); ``_("{name} is …", name=x)`` fills placeholders after
translating. A message missing from a catalogue is shown in English, never dropped.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "_", "catalog", "current_language", "language_of", "localized",
           "n_", "set_language", "slash", "use_locale"]

LANGUAGES = ("en", "fr")  # English is the source language
HERE = Path(__file__).parent

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


def language_of(*locales: str | None) -> str:
    """The first of Discord's locales (``fr``, ``en-US`` …) we have a catalogue for, else
    English: the interaction's locale first, then the server's."""
    for locale in locales:
        language = (locale or "").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return "en"


def current_language() -> str:
    """The language replies are rendered in now."""
    return _language.get()


def set_language(*locales: str | None) -> str:
    """Render in the first known language of ``locales`` from now on in this task (for an
    interaction, which runs in a task of its own); the language chosen."""
    _language.set(language_of(*locales))
    return _language.get()


@contextlib.contextmanager
def use_locale(*locales: str | None) -> Iterator[str]:
    """Render in the first known language of ``locales`` inside the block."""
    token = _language.set(language_of(*locales))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


# Which plural form a count takes (gettext's Plural-Forms): 0 singular, 1 plural.
PLURAL_FORM = {"en": lambda n: int(n != 1), "fr": lambda n: int(n > 1)}


@functools.cache
def catalog(language: str) -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """(context, English message) → translation, read once from ``<language>.po``; a plural
    message is keyed by its singular and maps to its forms."""
    if language == "en":
        return {}
    from babel.messages.pofile import read_po  # only when a translation is first needed

    with (HERE / f"{language}.po").open("rb") as file:
        messages = read_po(file, locale=language)
    found: dict[tuple[str | None, str], str | tuple[str, ...]] = {}
    for message in messages:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            found[(message.context, message.id)] = message.string
        elif isinstance(message.id, tuple | list) and isinstance(message.string, tuple | list):
            # Babel pads to CLDR's plural count (three for French); ours are gettext's two.
            forms = tuple(form for form in message.string if form)
            if forms:
                found[(message.context, message.id[0])] = forms
    return found


def localized(message: str, language: str, context: str | None = None) -> str:
    """``message`` in ``language`` (English when the catalogue lacks it)."""
    text = catalog(language).get((context, message), message)
    return text if isinstance(text, str) else message


def _(message: str, /, **params: object) -> str:
    """``message`` in the current language, with ``{placeholders}`` filled from ``params``."""
    text = localized(message, _language.get())
    return text.format(**params) if params else text


def n_(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The form of a message for ``count`` in the current language; ``{count}`` and the
    ``params`` filled in."""
    language = _language.get()
    forms = catalog(language).get((None, singular))
    if not isinstance(forms, tuple):
        forms = (singular, plural)
        language = "en"
    text = forms[min(PLURAL_FORM[language](count), len(forms) - 1)]
    return text.format(count=count, **params)


def slash(command: str) -> str:
    """How a reply names a command: ``/search``, or ``/recherche`` in French (the name a
    French Discord client lists)."""
    return "/" + localized(command, _language.get(), "command")


def N_(message: str, /) -> str:  # noqa: N802 - gettext's name for the marker
    """Marks a message kept in a table for translation; ``_()`` translates it where used."""
    return message
