"""Turn a newly served fact base into queued alerts, exactly once per fact and channel."""

from __future__ import annotations

import logging

from bot.core.changes import diff, fact_fingerprint, matches_topic, topic_refs
from bot.core.facts.factbase import FactBase
from bot.core.replies.alert_messages import alert_messages
from bot.core.replies.payloads import MessagePayload
from bot.store.store import Outgoing, Store, Subscription

__all__ = ["announce_changes", "plan_announcement"]

log = logging.getLogger(__name__)


def plan_announcement(base: FactBase, announced: dict[str, str] | None,
                      subscriptions: list[Subscription]) -> tuple[dict[str, str], list[Outgoing]]:
    """What to record as announced and which messages to queue for ``base``.

    Before the very first start (``announced`` is None) everything is recorded and nothing sent.
    Subscriptions with the same topic and options share one rendering of their messages.
    """
    if announced is None:
        log.info("first start: recording %d facts as already announced", len(base.facts))
        return {f.id: fact_fingerprint(f) for f in base.facts.values()}, []
    changes = diff(announced, base)
    if not changes:
        return {}, []
    rendered: dict[tuple[str, str], list[MessagePayload]] = {}
    outgoing: list[Outgoing] = []
    for subscription in subscriptions:
        kinds = ("new", "updated") if subscription.include_updates else ("new",)
        for kind in kinds:
            key = (subscription.topic, kind)
            if key not in rendered:
                refs = topic_refs(base, subscription.topic)
                facts = changes.new if kind == "new" else changes.updated
                rendered[key] = alert_messages(base, [f for f in facts if matches_topic(f, refs)],
                                               updated=kind == "updated")
            # The store's rows hold plain dicts: each gets its own (shallow) copy.
            outgoing.extend(Outgoing(subscription.id, subscription.channel_id, kind,
                                     dict(payload)) for payload in rendered[key])
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
