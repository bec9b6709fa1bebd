"""Turn a newly served fact base into queued alerts, exactly once per fact and channel."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.core.changes import (
    RETRACTED_FINGERPRINT,
    Changes,
    diff,
    fact_fingerprint,
    matches_topic,
    topic_refs,
)
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Fact
from bot.core.facts.publication import PublishedRecord
from bot.core.i18n import use_locale
from bot.core.replies.alert_messages import alert_messages, correction_messages
from bot.core.replies.payloads import MessagePayload
from bot.store.store import Announced, AnnouncedFact, Outgoing, Store, Subscription

__all__ = ["announce_changes", "plan_announcement", "published_records"]

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


def _recorded(fact: Fact) -> AnnouncedFact:
    return AnnouncedFact(fact_fingerprint(fact), fact.text)


def _corrections(base: FactBase, announced: Announced, changes: Changes,
                 channels: list[list[Subscription]]) -> list[Outgoing]:
    """One correction alert for each channel that was sent a corrected fact, whatever its
    ``updates`` option: the channels that received the original, and no other."""
    if not changes.corrections:
        return []
    received = announced.recipients([c.fact.id for c in changes.corrections])
    rendered: dict[tuple[tuple[str, ...], str], list[MessagePayload]] = {}
    outgoing: list[Outgoing] = []
    for channel in channels:
        mine = [c for c in changes.corrections
                if channel[0].channel_id in received.get(c.fact.id, ())]
        key = tuple(c.fact.id for c in mine)
        if not mine:
            continue
        language = channel[0].language
        if (key, language) not in rendered:
            with use_locale(language):
                rendered[key, language] = correction_messages(base, mine)
        outgoing.extend(Outgoing(channel[0].id, channel[0].channel_id, "correction",
                                 dict(payload), key) for payload in rendered[key, language])
    return outgoing


def plan_announcement(base: FactBase, announced: Announced | dict[str, str] | None,
                      subscriptions: list[Subscription]
                      ) -> tuple[dict[str, AnnouncedFact], list[Outgoing]]:
    """What to record as announced and which messages to queue for ``base``.

    Before the very first start (``announced`` is None) everything is recorded and nothing sent.
    A channel gets each fact once, however many of its subscriptions cover it: new facts any of
    them covers, and updates to facts covered by those that asked for updates. A correction (a
    fact retracted, or reworded in substance) goes to each channel the fact was sent to,
    whatever its options, and nowhere else. A channel's messages are queued against its oldest
    subscription. Channels that get the same facts share one rendering of their messages.
    """
    if announced is None:
        log.info("first start: recording %d facts as already announced", len(base.facts))
        return {f.id: _recorded(f) for f in base.facts.values()}, []
    texts = announced.texts if isinstance(announced, Announced) else None
    changes = diff(announced, base, texts)
    if not changes:
        return {}, []
    covered = _CoveredFacts(base, changes)
    rendered: dict[tuple[tuple[str, ...], str, str], list[MessagePayload]] = {}
    outgoing: list[Outgoing] = []
    channels = _by_channel(subscriptions)
    for channel in channels:
        wanted = {"new": frozenset(s.topic for s in channel),
                  "updated": frozenset(s.topic for s in channel if s.include_updates)}
        for kind, topics in wanted.items():
            facts = covered.facts(kind, topics)
            key = (tuple(f.id for f in facts), kind, channel[0].language)
            if key not in rendered:
                with use_locale(channel[0].language):  # in the channel's language
                    rendered[key] = alert_messages(base, facts, updated=kind == "updated")
            # The store's rows hold plain dicts: each gets its own (shallow) copy.
            outgoing.extend(Outgoing(channel[0].id, channel[0].channel_id, kind, dict(payload),
                                     key[0]) for payload in rendered[key])
    if isinstance(announced, Announced):
        outgoing += _corrections(base, announced, changes, channels)
    log.info("announcing %d new and %d updated facts, %d corrections: %d messages to queue",
             len(changes.new), len(changes.updated), len(changes.corrections), len(outgoing))
    recorded = {f.id: _recorded(f) for f in (*changes.new, *changes.updated)}
    for correction in changes.corrections:
        fact = correction.fact
        recorded[fact.id] = AnnouncedFact(RETRACTED_FINGERPRINT, fact.text) \
            if correction.retracted else _recorded(fact)
    return recorded, outgoing


def published_records(store: Store) -> dict[str, PublishedRecord]:
    """The facts the bot has announced, as the published records a reload must keep."""
    texts = store.published_facts() or {}
    return {fact_id: PublishedRecord("fact", None, text) for fact_id, text in texts.items()}


def announce_changes(store: Store, base: FactBase) -> int:
    """Queue alerts for what ``base`` adds (or changes) since the last announcement.

    Safe to call from several processes at once: the store runs the plan and records it under
    one lock. Returns the number of deliveries queued.
    """
    return store.announce_changes(
        lambda announced, subscriptions: plan_announcement(base, announced, subscriptions))
