"""The store on SQLite and PostgreSQL: the same tests, the same results."""

from __future__ import annotations

import pytest

from bot.store.database import open_database
from bot.store.migrations import MIGRATIONS
from bot.store.store import Outgoing, Store

GUILD, CHANNEL, OTHER = 1300000000000000001, 1400000000000000001, 1400000000000000002


@pytest.fixture
def store(database_url, tmp_path):
    opened = Store(open_database(tmp_path, database_url))
    yield opened
    opened.close()


def test_migrations_run_once(store, database_url, tmp_path):
    assert store.version == len(MIGRATIONS)
    again = Store(open_database(tmp_path, database_url))
    assert again.version == len(MIGRATIONS)
    again.close()


def test_subscribe_update_pause_resume_unsubscribe(store):
    first, outcome = store.subscribe(GUILD, CHANNEL, "", False, 7)
    assert outcome == "created" and first.status == "active" and first.topic == ""
    _, outcome = store.subscribe(GUILD, CHANNEL, "mali", True, 7)
    assert outcome == "created"
    again, outcome = store.subscribe(GUILD, CHANNEL, "mali", False, 8)
    assert outcome == "updated" and again.include_updates is False
    assert [s.topic for s in store.subscriptions(GUILD)] == ["", "mali"]

    store.enqueue([Outgoing(first.id, CHANNEL, "new", {"embeds": []})])
    paused = store.pause_channel(CHANNEL, "Missing Access")
    assert {s.status for s in paused} == {"paused"}
    assert store.due() == [] and store.outbox_counts() == {"held": 1}
    assert [s.status for s in store.subscriptions(GUILD)] == ["paused", "paused"]

    _, outcome = store.subscribe(GUILD, CHANNEL, "", False, 7)
    assert outcome == "resumed"
    assert len(store.due()) == 1  # what was held back is released

    assert store.unsubscribe(GUILD, CHANNEL, "mali") == 1
    assert store.unsubscribe(GUILD, CHANNEL, None) == 1
    assert store.subscriptions(GUILD) == [] and store.due() == []


def announced(store: Store) -> dict[str, str] | None:
    """What the store holds as announced, as the announcement plan is shown it."""
    seen: list[dict[str, str] | None] = []
    store.announce_changes(lambda announced, _subscriptions: (seen.append(announced), ({}, []))[1])
    return seen[0]


def announce(store: Store, fingerprints: dict[str, str], outgoing: list[Outgoing]) -> int:
    return store.announce_changes(lambda _announced, _subscriptions: (fingerprints, outgoing))


def test_announce_is_atomic_and_nonces_are_unique(store):
    assert announced(store) is None  # never started
    assert announce(store, {"f1": "a"}, []) == 0
    assert announced(store) == {"f1": "a"}
    sub, _ = store.subscribe(GUILD, CHANNEL, "", False, 7)
    other, _ = store.subscribe(GUILD, OTHER, "", False, 7)
    queued = announce(store, {"f1": "b", "f2": "c"}, [
        Outgoing(sub.id, CHANNEL, "new", {"embeds": [{"title": "x"}]}),
        Outgoing(other.id, OTHER, "new", {"embeds": [{"title": "x"}]})])
    assert queued == 2
    assert announced(store) == {"f1": "b", "f2": "c"}
    due = store.due()
    assert [d.channel_id for d in due] == [CHANNEL, OTHER]
    assert len({d.nonce for d in due}) == 2 and all(len(d.nonce) <= 25 for d in due)
    assert due[0].payload == {"embeds": [{"title": "x"}]}

    with pytest.raises(RuntimeError), store.database.transaction() as cursor:
        cursor.execute("DELETE FROM announced")
        raise RuntimeError("crash in the middle")
    assert announced(store) == {"f1": "b", "f2": "c"}  # rolled back


def test_outbox_states(store):
    sub, _ = store.subscribe(GUILD, CHANNEL, "", False, 7)
    store.enqueue([Outgoing(sub.id, CHANNEL, "new", {"n": i}) for i in range(3)])
    first, second, third = store.due(per_channel=3)
    store.mark_sent(first.id, 42)
    store.mark_retry(second.id, "503", delay=60)
    store.mark_failed(third.id, "400 Bad Request")
    assert store.due() == []
    assert [d.attempts for d in store.due(now=10**12)] == [1]
    assert store.outbox_counts() == {"sent": 1, "pending": 1, "failed": 1}
    assert store.outbox_health()["pending"] == 1 and store.outbox_health()["failed"] == 1
