"""Announcing on SQLite and PostgreSQL: each channel gets each fact once, whatever its topics."""

from __future__ import annotations

from collections import defaultdict

from bot.app.announcement import announce_changes
from bot.core.changes import fact_fingerprint
from bot.core.facts.factbase import FactBase
from bot.store.store import Store

GUILD = 1300000000000000001
EVERYTHING, DISJOINT, MIXED = 1400000000000000001, 1400000000000000002, 1400000000000000003
MALI_NIGER = "mali-niger-military-cooperation"  # about Mali and Niger: in the AES too
WAGNER, LECOINTRE = "wagner-fights-jihadists", "lecointre-europe-must-reengage"
CORRECTED = ("wagner-now-africa-corps", "aes-members")  # announced before, since corrected


def posted(store: Store) -> dict[int, list[dict]]:
    """The messages each channel receives, in order, as the delivery worker sends them."""
    messages: dict[int, list[dict]] = defaultdict(list)
    while batch := store.due():
        for delivery in batch:
            messages[delivery.channel_id].append(delivery.payload)
            store.mark_sent(delivery.id, None)
    return messages


def texts(messages: list[dict]) -> list[str]:
    return [embed["description"] for message in messages for embed in message["embeds"]]


def announce_three_new_facts(store: Store, base: FactBase) -> dict[int, list[dict]]:
    seen = {f.id: fact_fingerprint(f) for f in base.facts.values()
            if f.id not in (MALI_NIGER, WAGNER, LECOINTRE)}
    seen.update(dict.fromkeys(CORRECTED, "an earlier wording"))
    store.announce_changes(lambda _announced, _subscriptions: (seen, []))
    assert announce_changes(store, base) > 0
    return posted(store)


def test_overlapping_topics_bring_a_fact_once(store, shipped):
    base = shipped.base
    for topic in ("", "mali", "aes", "niger"):  # all four cover the Mali–Niger fact
        store.subscribe(GUILD, EVERYTHING, topic, False, 7)
    messages = announce_three_new_facts(store, base)[EVERYTHING]
    assert len(messages) == 1
    assert sum(base.facts[MALI_NIGER].text in text for text in texts(messages)) == 1
    assert sorted(e["title"] for e in messages[0]["embeds"]) == [  # "all facts": all three
        "New fact: General Lecointre", "New fact: Mali, Niger", "New fact: Wagner Group"]


def test_disjoint_topics_share_one_message(store, shipped):
    base = shipped.base
    store.subscribe(GUILD, DISJOINT, "wagner", False, 7)
    store.subscribe(GUILD, DISJOINT, "general-lecointre", False, 7)
    messages = announce_three_new_facts(store, base)[DISJOINT]
    assert len(messages) == 1
    shown = texts(messages)
    assert len(shown) == 2
    assert any(base.facts[WAGNER].text in text for text in shown)
    assert any(base.facts[LECOINTRE].text in text for text in shown)


def test_corrections_only_for_the_topics_that_asked_for_them(store, shipped):
    base = shipped.base
    store.subscribe(GUILD, MIXED, "", False, 7)  # every new fact, no corrections
    store.subscribe(GUILD, MIXED, "wagner", True, 7)  # corrections about Wagner
    messages = announce_three_new_facts(store, base)[MIXED]
    titles = [embed["title"] for message in messages for embed in message["embeds"]]
    assert titles.count("Updated fact: Wagner Group") == 1
    assert not any("Updated" in t and "Alliance" in t for t in titles)  # AES: no corrections
    assert sum(t.startswith("New fact") for t in titles) == 3
