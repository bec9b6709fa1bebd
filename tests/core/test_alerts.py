"""Alert core: diffing against what was announced, topics, and payloads within limits."""

from __future__ import annotations

import dataclasses

from bot.core.changes import diff, fact_fingerprint, matches_topic, topic_refs
from bot.core.replies.alert_messages import alert_messages
from tests.discord_limits import message_problems


def test_diff_finds_new_and_changed_facts_but_not_removed(shipped):
    base = shipped.base
    facts = sorted(base.facts.values(), key=lambda f: f.id)
    announced = {f.id: fact_fingerprint(f) for f in facts[1:]}
    announced[facts[2].id] = "stale"
    announced["removed-fact"] = "x"
    changes = diff(announced, base)
    assert [f.id for f in changes.new] == [facts[0].id]
    assert [f.id for f in changes.updated] == [facts[2].id]
    assert not diff({f.id: fact_fingerprint(f) for f in facts}, base)


def test_fingerprint_follows_what_readers_see(shipped):
    fact = next(iter(shipped.base.facts.values()))
    assert fact_fingerprint(fact) == fact_fingerprint(dataclasses.replace(fact))
    assert fact_fingerprint(fact) != fact_fingerprint(dataclasses.replace(fact, text="Other."))


def test_a_bloc_topic_covers_its_current_members(shipped):
    base = shipped.base
    assert topic_refs(base, "aes") == {"aes", "mali", "niger", "burkina-faso"}
    assert topic_refs(base, "ecowas") == {"ecowas"}  # the three left it
    assert topic_refs(base, "") is None
    mali_facts = [f for f in base.facts.values() if matches_topic(f, topic_refs(base, "mali"))]
    assert mali_facts and all("mali" in f.about for f in mali_facts)


def test_alert_messages_fit_discord_and_never_ping(shipped):
    facts = sorted(shipped.base.facts.values(), key=lambda f: f.id)
    for count in (1, 3, 4, len(facts)):
        messages = alert_messages(shipped.base, facts[:count])
        assert messages
        for message in messages:
            assert message_problems(message) == []
            assert message["allowed_mentions"] == {"parse": []}
        shown = " ".join(str(m) for m in messages)
        assert all(f.text[:30] in shown or count > 3 for f in facts[:count])
    few = alert_messages(shipped.base, facts[:2])
    assert len(few) == 1 and len(few[0]["embeds"]) == 2
    assert few[0]["embeds"][0]["title"].startswith("New fact: ")
    assert alert_messages(shipped.base, facts[:2], updated=True)[0]["embeds"][0][
        "title"].startswith("Updated fact: ")
