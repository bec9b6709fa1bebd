"""What a click on one of the bot's buttons or menus answers (see ``components``).

A page button answers the same command at another page; a "which one?" menu answers it with
the entry picked; a Sources button answers with the quotes of the records that reply cites.
"""

from __future__ import annotations

import dataclasses

from bot.core.i18n import LANGUAGES, localized
from bot.core.replies.answers import Answers
from bot.core.replies.components import FROM_TITLE, Click
from bot.core.replies.markup import collecting
from bot.core.replies.payloads import ReplyPayload
from bot.core.replies.sources import sources_reply

__all__ = ["answer_click", "question_in"]


def question_in(title: str) -> str:
    """A search's question, read back from its reply's title in any language ("Search: …",
    "Recherche : …")."""
    for language in LANGUAGES:
        prefix = localized("Search: {query}", language).split("{query}")[0]
        if title.startswith(prefix):
            return title[len(prefix):]
    return title


def answer_click(answers: Answers, click: Click, picked: str | None = None,
                 title: str = "") -> ReplyPayload:
    """The reply a click asks for (``picked``: the value chosen in a menu; ``title``: the
    clicked message's first embed title, for a search whose question did not fit its
    buttons)."""
    if click.argument == FROM_TITLE and click.command == "search":
        click = dataclasses.replace(click, argument=question_in(title))
    options = click.options(picked)
    if click.action == "s":
        with collecting() as made:
            answers.answer(click.command, options)
        return sources_reply(answers.base, made)
    return answers.answer(click.command, options)
