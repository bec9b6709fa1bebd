"""Turn a newly served fact base into queued alerts, exactly once per fact and channel."""

from __future__ import annotations

import logging

from bot.core.alerts import alert_messages, diff, fact_fingerprint, matches_topic, topic_refs
from bot.core.factbase import FactBase
from bot.store.store import Outgoing, Store

__all__ = ["announce_changes"]

log = logging.getLogger(__name__)


def announce_changes(store: Store, base: FactBase) -> int:
    """Queue alerts for what ``base`` adds (or changes) since the last announcement.

    The very first run only records the base as seen. Returns the number of deliveries queued.
    """
    announced = store.announced()
    if announced is None:
        store.announce({f.id: fact_fingerprint(f) for f in base.facts.values()}, [])
        log.info("first start: recorded %d facts as already announced", len(base.facts))
        return 0
    changes = diff(announced, base)
    if not changes:
        return 0
    outgoing = []
    for subscription in store.subscriptions(active_only=True):
        refs = topic_refs(base, subscription.topic)
        for kind, facts in (("new", changes.new),
                            ("updated", changes.updated if subscription.include_updates else [])):
            wanted = [f for f in facts if matches_topic(f, refs)]
            outgoing.extend(Outgoing(subscription.id, subscription.channel_id, kind, payload)
                            for payload in alert_messages(base, wanted,
                                                          updated=kind == "updated"))
    fingerprints = {f.id: fact_fingerprint(f) for f in (*changes.new, *changes.updated)}
    queued = store.announce(fingerprints, outgoing)
    log.info("announcing %d new and %d updated facts: %d messages queued", len(changes.new),
             len(changes.updated), queued)
    return queued
