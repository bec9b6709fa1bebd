"""Turn a newly served fact base into queued alerts, exactly once per fact and channel."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.core.changes import Changes, diff, fact_fingerprint, matches_topic, topic_refs
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Fact
from bot.core.replies.alert_messages import alert_messages
from bot.core.replies.payloads import MessagePayload
from bot.store.store import Outgoing, Store, Subscription

__all__ = ["announce_changes", "plan_announcement"]

log = logging.getLogger(__name__)


class _CoveredFacts:
    """The changed facts a set of topics covers, worked out once per set of topics."""

    def __init__(self, base: FactBase, changes: Changes) -> None:
        self.base = base
        self.changed = {"new": changes.new, "updated": changes.updated}
        self._refs: dict[str, frozenset[str] | None] = {}
        self._found: dict[tuple[str, frozenset[str]], list[Fact]] = {}

    def facts(self, kind: str, topics: frozenset[str]) -> list[Fact]:
        """The ``kind`` ("new" or "updated") facts any of ``topics`` covers, each once."""
        key = (kind, topics)
        if key not in self._found:
            refs = [self._refs.setdefault(t, topic_refs(self.base, t)) for t in topics]
            self._found[key] = [f for f in self.changed[kind]
                                if any(matches_topic(f, r) for r in refs)]
        return self._found[key]


def _by_channel(subscriptions: Iterable[Subscription]) -> list[list[Subscription]]:
    """Subscriptions grouped by channel, each group in id order."""
    channels: dict[int, list[Subscription]] = {}
    for subscription in sorted(subscriptions, key=lambda s: s.id):
        channels.setdefault(subscription.channel_id, []).append(subscription)
    return list(channels.values())


def plan_announcement(base: FactBase, announced: dict[str, str] | None,
                      subscriptions: list[Subscription]) -> tuple[dict[str, str], list[Outgoing]]:
    """What to record as announced and which messages to queue for ``base``.

    Before the very first start (``announced`` is None) everything is recorded and nothing sent.
    A channel gets each fact once, however many of its subscriptions cover it: new facts any of
    them covers, and corrections to facts covered by those that asked for corrections. Its
    messages are queued against its oldest subscription. Channels that get the same facts share
    one rendering of their messages.
    """
    if announced is None:
        log.info("first start: recording %d facts as already announced", len(base.facts))
        return {f.id: fact_fingerprint(f) for f in base.facts.values()}, []
    changes = diff(announced, base)
    if not changes:
        return {}, []
    covered = _CoveredFacts(base, changes)
    rendered: dict[tuple[tuple[str, ...], str], list[MessagePayload]] = {}
    outgoing: list[Outgoing] = []
    for channel in _by_channel(subscriptions):
        wanted = {"new": frozenset(s.topic for s in channel),
                  "updated": frozenset(s.topic for s in channel if s.include_updates)}
        for kind, topics in wanted.items():
            facts = covered.facts(kind, topics)
            key = (tuple(f.id for f in facts), kind)
            if key not in rendered:
                rendered[key] = alert_messages(base, facts, updated=kind == "updated")
            # The store's rows hold plain dicts: each gets its own (shallow) copy.
            outgoing.extend(Outgoing(channel[0].id, channel[0].channel_id, kind, dict(payload))
                            for payload in rendered[key])
    log.info("announcing %d new and %d updated facts: %d messages to queue", len(changes.new),
             len(changes.updated), len(outgoing))
    return {f.id: fact_fingerprint(f) for f in (*changes.new, *changes.updated)}, outgoing


def announce_changes(store: Store, base: FactBase) -> int:
    """Queue alerts for what ``base`` adds (or changes) since the last announcement.

    Safe to call from several processes at once: the store runs the plan and records it under
    one lock. Returns the number of deliveries queued.
    """
    return store.announce_changes(
        lambda announced, subscriptions: plan_announcement(base, announced, subscriptions))
