"""What a click on one of the bot's buttons or menus answers (see ``components``).

A page button answers the same command at another page; a "which one?" menu answers it with
the entry picked; a Sources button answers with the quotes of the records that reply cites.
"""

from __future__ import annotations

from bot.core.replies.answers import Answers
from bot.core.replies.components import Click
from bot.core.replies.markup import collecting
from bot.core.replies.payloads import ReplyPayload
from bot.core.replies.sources import sources_reply

__all__ = ["answer_click"]


def answer_click(answers: Answers, click: Click, picked: str | None = None) -> ReplyPayload:
    """The reply a click asks for (``picked``: the value chosen in a menu)."""
    options = click.options(picked)
    if click.action == "s":
        with collecting() as made:
            answers.answer(click.command, options)
        return sources_reply(answers.base, made)
    return answers.answer(click.command, options)
