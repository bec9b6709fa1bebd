"""Replies about the bot itself rather than the facts: reload results and failures.

Like every other reply they are Discord-shaped payloads within Discord's limits, rendered here so
the Discord layer only sends them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.facts.problems import Problem
from bot.core.i18n import N_, _, n_
from bot.core.i18n.formats import number
from bot.core.replies.listings import notice
from bot.core.replies.markup import truncate
from bot.core.replies.payloads import ReplyPayload
from bot.core.text import escape

__all__ = ["failure_notice", "problem_lines", "reload_report"]

PROBLEMS_SHOWN = 15
PROBLEM_LINE_MAX = 300

# What a user is told for each kind of failure the command layer can meet.
FAILURES: dict[str, tuple[str, str]] = {
    "not_owner": (N_("Owner only"), N_("Only the bot's owner can do that.")),
    "guild_only": (N_("Servers only"),
                   N_("That command works in a server, not in direct messages.")),
    "missing_permissions": (N_("Missing permission"), N_("You need {detail} to do that.")),
    "cooldown": (N_("Slow down"), N_("Try again in {detail} seconds.")),
    "bad_option": (N_("Could not read an option"),
                   N_("{detail} Check the option and try again.")),
    "unknown_command": (N_("Command not available"), N_(
        "This command is no longer available. Discord updates command lists within a few "
        "minutes; try again shortly, or use /about to see what the bot can do.")),
    "store_unavailable": (N_("Try again in a minute"), N_(
        "The bot's database is not answering right now, so subscriptions cannot be read or "
        "changed. Nothing was lost; try again in a minute.")),
    "store_lost": (N_("Subscriptions unavailable"), N_(
        "The bot's database file went missing while it ran, so subscriptions cannot be read or "
        "changed; its operator has been told in the logs. Answers to questions still work.")),
    "unexpected": (N_("Something went wrong"), N_(
        "Something went wrong on our side while answering. It has been logged; please try "
        "again in a moment.")),
}


def failure_notice(kind: str, detail: str = "") -> ReplyPayload:
    """The ephemeral reply for a failure of one of the kinds in ``FAILURES``."""
    title, text = FAILURES.get(kind, FAILURES["unexpected"])
    return notice(_(title), _(text, detail=escape(detail)) if "{detail}" in text else _(text))


def problem_lines(problems: Sequence[Problem], shown: int = PROBLEMS_SHOWN) -> list[str]:
    """Problems as ``path:line:col: CODE message`` code lines, the first ``shown`` of them.

    Files that cannot be read at all (F0xx) come first: they cause most of the other problems.
    """
    ordered = sorted(problems, key=lambda p: not p.code.startswith("F0"))
    lines = [f"`{truncate(str(p), PROBLEM_LINE_MAX).replace('`', 'ʼ')}`"
             for p in ordered[:shown]]
    if len(problems) > shown:
        lines.append(_("… and {more} more (run factbot validate for all)",
                       more=len(problems) - shown))
    return lines


def reload_report(applied: bool, problems: Sequence[Problem], facts_before: int,
                  facts_now: int) -> ReplyPayload:
    """The owner's reply to /reload: what is served now, and what is wrong if anything."""
    if applied:
        return notice(_("Fact base reloaded"), _(
            "Now serving {now} facts (was {before}). No problems found.",
            now=number(facts_now), before=number(facts_before)))
    return notice(_("Reload kept the last good fact base"), n_(
        "Found {count} problem in the fact files, so the bot keeps answering from the last "
        "good base ({now} facts). Fix it and run /reload again:",
        "Found {count} problems in the fact files, so the bot keeps answering from the last "
        "good base ({now} facts). Fix these and run /reload again:",
        len(problems), now=number(facts_now)), problem_lines(problems))
