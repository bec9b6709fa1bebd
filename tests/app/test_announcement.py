"""Announcing on SQLite and PostgreSQL: each channel gets each fact once, whatever its topics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from bot.app.announcement import announce_changes
from bot.core.changes import fact_fingerprint
from bot.core.facts.factbase import FactBase
from bot.store.store import Outgoing, Store

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


def _reworded(base: FactBase, fact_id: str, text: str, **changes: str) -> FactBase:
    facts = [replace(f, text=text, **changes) if f.id == fact_id else f
             for f in base.every_fact()]
    return FactBase.build(base.entities.values(), base.agreements.values(),
                          base.relations.values(), facts, base.seeds, base.coverage)


def test_a_correction_goes_once_to_each_channel_that_received_the_fact(store, shipped):
    base = shipped.base
    wagner = base.facts[WAGNER]
    store.subscribe(GUILD, EVERYTHING, "", False, 7)  # every fact, no updates
    store.subscribe(GUILD, MIXED, "wagner", True, 7)  # Wagner, with updates
    store.subscribe(GUILD, MIXED, "", True, 7)  # and everything: one channel, two topics
    announce_three_new_facts(store, base)  # both channels receive the Wagner fact
    store.subscribe(GUILD, DISJOINT, "wagner", True, 7)  # subscribed after it was sent
    assert announce_changes(store, base) == 0  # nothing new: nothing to send
    corrected = _reworded(base, WAGNER, "Wagner fights no jihadists at all.",
                          reason="The first wording misread the article.")
    assert announce_changes(store, corrected) == 2
    sent = posted(store)
    assert sorted(sent) == [EVERYTHING, MIXED]  # not DISJOINT, which never received it
    for channel in (EVERYTHING, MIXED):
        titles = [embed["title"] for message in sent[channel] for embed in message["embeds"]]
        assert titles == ["Correction: Wagner Group"]  # one alert, no "Updated fact" too
        shown = str(sent[channel])
        assert wagner.text in shown and "misread the article" in shown
    assert announce_changes(store, corrected) == 0  # recorded: never sent twice
    retracted = _reworded(corrected, WAGNER, corrected.facts[WAGNER].text, status="retracted")
    assert WAGNER not in retracted.facts and WAGNER in retracted.retracted
    assert announce_changes(store, retracted) == 2
    assert "Withdrawn" in str(posted(store)[MIXED])
    assert announce_changes(store, retracted) == 0


def test_a_backlog_counts_as_received_and_a_small_fix_is_only_an_update(store, shipped):
    base = shipped.base
    store.announce_changes(lambda _announced, _subscriptions: (
        {f.id: fact_fingerprint(f) for f in base.facts.values()}, []))
    (subscription, _) = store.subscribe(GUILD, EVERYTHING, "wagner", False, 7)
    store.enqueue([Outgoing(subscription.id, EVERYTHING, "backlog", {"content": "backlog"},
                            (WAGNER,))])
    store.subscribe(GUILD, DISJOINT, "wagner", True, 7)
    posted(store)
    fixed = _reworded(base, WAGNER, base.facts[WAGNER].text.replace("Wagner", "Wagner "))
    assert announce_changes(store, fixed) == 1  # spacing only: an update, where asked for
    assert [e["title"] for m in posted(store)[DISJOINT] for e in m["embeds"]] == [
        "Updated fact: Wagner Group"]
    corrected = _reworded(base, WAGNER, "Wagner left the Sahel.", reason="Misread.")
    assert announce_changes(store, corrected) == 2  # both were sent the fact:
    assert sorted(posted(store)) == [EVERYTHING, DISJOINT]  # in a backlog, in an update
