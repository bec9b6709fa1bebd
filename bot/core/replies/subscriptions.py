"""Replies of the subscription commands, and the notices the alert pipeline posts.

Channels appear as ``<#id>`` (a link, never a ping).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.facts.factbase import FactBase
from bot.core.facts.problems import Problem
from bot.core.i18n import N_, _, n_
from bot.core.replies.cards import COLOURS
from bot.core.replies.listings import notice
from bot.core.replies.markup import EmbedBuilder, message_payload
from bot.core.replies.payloads import MessagePayload, ReplyPayload
from bot.core.replies.reports import problem_lines
from bot.core.text import escape

__all__ = ["BacklogNotQueued", "channel_gone_notice", "maintainers_report",
           "member_cannot_manage_notice", "missing_permissions_notice", "subscribed_notice",
           "subscription_limit_notice", "subscriptions_list", "unsubscribed_notice"]


@dataclass(frozen=True, slots=True)
class BacklogNotQueued:
    """Why a backlog that was asked for was not queued.

    "existing": the subscription was already there (a backlog comes with a new or resumed
    one); "server_limit": the server has ``waiting`` backlog messages not yet posted, and at
    most ``limit`` may wait.
    """

    reason: Literal["existing", "server_limit"]
    waiting: int = 0
    limit: int = 0


def _topic(name: str | None) -> str:
    return _("facts about **{name}**", name=escape(name)) if name else _("every new fact")


def _of_topic(topic_name: str | None) -> str:
    return _(" to {topic}", topic=escape(topic_name)) if topic_name else ""


VERBS = {"created": N_("Subscribed"), "resumed": N_("Resumed"), "updated": N_("Updated")}


def subscribed_notice(channel_id: int, topic_name: str | None, outcome: str, updates: bool,
                      backlog: int, not_queued: BacklogNotQueued | None = None, *,
                      announcement: bool = False) -> ReplyPayload:
    """The reply to /subscribe (``not_queued``: a backlog was asked for but not sent;
    ``announcement``: the channel is an announcement channel, whose alerts are published)."""
    lines = [_("<#{channel}> will receive {what} as they are added.", channel=channel_id,
               what=_topic(topic_name))]
    if updates:
        lines.append(_("Corrections to existing facts are announced too."))
    if announcement:
        lines.append(_("It is an announcement channel: each alert is also published, so other "
                       "servers can follow the channel (channel menu → Follow) and get the "
                       "alerts without inviting the bot."))
    if backlog:
        lines.append(n_("{count} earlier fact is on the way.",
                        "{count} earlier facts are on the way.", backlog))
    if not_queued is not None and not_queued.reason == "existing":
        lines.append(_("No earlier facts were sent: this channel already had this "
                       "subscription, and a backlog comes only with a new or resumed one."))
    elif not_queued is not None:
        lines.append(n_(
            "No earlier facts were sent: this server already has {count} backlog message "
            "waiting to be posted, and at most {limit} may wait. Once it has arrived, "
            "/unsubscribe and /subscribe again to ask for a backlog.",
            "No earlier facts were sent: this server already has {count} backlog messages "
            "waiting to be posted, and at most {limit} may wait. Once they have arrived, "
            "/unsubscribe and /subscribe again to ask for a backlog.",
            not_queued.waiting, limit=not_queued.limit))
    return notice(_(VERBS[outcome]), " ".join(lines))


def subscription_limit_notice(limit: int) -> ReplyPayload:
    """The reply to /subscribe when the server has as many subscriptions as it may."""
    return notice(_("Too many subscriptions"), _(
        "This server already has {limit} subscriptions, the most a server can have. Remove one "
        "it no longer needs with /unsubscribe (/subscriptions lists them), then subscribe "
        "again.", limit=limit))


def unsubscribed_notice(removed: int, channel_id: int, topic_name: str | None) -> ReplyPayload:
    """The reply to /unsubscribe."""
    if not removed:
        return notice(_("Nothing to remove"), _(
            "<#{channel}> has no subscription{topic}. /subscriptions lists this server's.",
            channel=channel_id, topic=_of_topic(topic_name)))
    return notice(_("Unsubscribed"), n_("Removed {count} subscription of <#{channel}>{topic}.",
                                        "Removed {count} subscriptions of <#{channel}>{topic}.",
                                        removed, channel=channel_id,
                                        topic=_of_topic(topic_name)))


def subscriptions_list(rows: Sequence[tuple[int, str | None, bool, str, str | None]]
                       ) -> ReplyPayload:
    """The reply to /subscriptions: (channel, topic name, updates, status, reason) rows."""
    if not rows:
        return notice(_("No subscriptions"), _(
            "No channel of this server is subscribed. An admin can run /subscribe in a channel "
            "to receive new facts there."))
    lines = []
    for channel_id, topic, updates, status, reason in rows:
        line = f"<#{channel_id}> — {escape(topic) if topic else _('all facts')}"
        if updates:
            line += _(" · with corrections")
        if status != "active":
            line += _(" · **paused** ({reason}); /subscribe again to resume",
                      reason=escape(reason or _("no access")))
        lines.append(line)
    return notice(_("Subscriptions in this server"),
                  n_("{count} subscription:", "{count} subscriptions:", len(rows)), lines)


def missing_permissions_notice(channel_id: int, missing: Sequence[str]) -> ReplyPayload:
    """The bot cannot post alerts in the channel: which permissions to grant."""
    return notice(_("The bot needs permissions there"), _(
        "In <#{channel}> the bot is missing **{missing}**. Grant them to the bot (channel "
        "settings → Permissions), then run /subscribe again.", channel=channel_id,
        missing=", ".join(_(label) for label in missing)))


def member_cannot_manage_notice(channel_id: int) -> ReplyPayload:
    """The member lacks Manage Channels (or View Channel) in the channel they picked."""
    return notice(_("Missing permission"), _(
        "You need View Channel and Manage Channels in <#{channel}> itself to change its "
        "alerts; having them here is not enough.", channel=channel_id))


def channel_gone_notice(channel_id: int, reason: str) -> MessagePayload:
    """Posted to the guild when alerts to a channel stopped (message payload)."""
    card = EmbedBuilder("Alerts paused", COLOURS["notice"],
                        f"sahel-factbot could not post alerts in <#{channel_id}> "
                        f"({escape(reason)}). The subscription is paused, not deleted: give the "
                        "bot View Channel, Send Messages and Embed Links there and run "
                        "/subscribe in that channel to resume.")
    return message_payload([card.to_dict()])


def maintainers_report(problems: Sequence[Problem], base: FactBase,
                       left_out: Sequence[str] | None = None) -> MessagePayload:
    """Posted to the maintainers' channel when a reload found problems, or (``left_out``: the
    records left out) when the bot started with some (message payload)."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found"
    if left_out is None:
        card = EmbedBuilder("Fact base reload failed", COLOURS["notice"],
                            f"{count}; the bot keeps serving the last good base "
                            f"({len(base.facts)} facts) and sends no alerts until they are fixed.")
    else:
        card = EmbedBuilder("Fact base started with problems", COLOURS["notice"],
                            f"{count} at start; the {len(left_out)} records they point into are "
                            f"neither served nor announced until fixed. Serving "
                            f"{len(base.facts)} facts.")
    card.add_lines("Problems", problem_lines(problems))
    return message_payload([card.to_dict()])
