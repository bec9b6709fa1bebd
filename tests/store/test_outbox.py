"""The outbox on SQLite and PostgreSQL: fair batches, nonces per database, attempts, pruning."""

from __future__ import annotations

import sqlite3
import time

import pytest

from bot.store.database import open_database
from bot.store.store import Outgoing, Store
from tests.postgres import postgres_or_skip

GUILD, CHANNEL = 1300000000000000001, 1400000000000000001
DAY = 86400.0


@pytest.fixture
def store(database_url, tmp_path):
    opened = Store(open_database(tmp_path, database_url))
    yield opened
    opened.close()


def queue(store: Store, channel: int, count: int, payload: dict | None = None) -> None:
    subscription, _ = store.subscribe(GUILD, channel, "", False, 7)
    store.enqueue([Outgoing(subscription.id, channel, "new", payload or {"n": n})
                   for n in range(count)])


def test_one_channels_backlog_does_not_hold_up_the_others(store):
    busy, others = CHANNEL, [CHANNEL + 1 + n for n in range(20)]
    queue(store, busy, 600)  # a long backlog, paced by Discord at 5 messages in 5 s
    for channel in others:
        queue(store, channel, 1)  # then one new fact for each other channel

    batch = store.due(25)

    assert set(others) <= {d.channel_id for d in batch}  # nobody waits behind the backlog
    firsts = [d.channel_id for d in batch[:21]]
    assert sorted(firsts) == sorted([busy, *others])  # every first before any second
    busy_rows = [d for d in batch if d.channel_id == busy]
    assert len(busy_rows) == 2 and busy_rows[0].payload == {"n": 0} and \
        busy_rows[1].payload == {"n": 1}  # its oldest rows, in order
    assert len(store.due(25, per_channel=1)) == 21


def test_a_channels_rows_stay_in_order_across_batches(store):
    queue(store, CHANNEL, 5)
    sent = []
    while batch := store.due(10):
        sent.append(batch[0].payload["n"])
        store.mark_sent(batch[0].id, None)
    assert sent == [0, 1, 2, 3, 4]


@pytest.fixture
def another_database(database_url, postgres_server, tmp_path):
    """Where a second, fresh database lives (a folder for SQLite, a URL for PostgreSQL)."""
    if database_url is None:
        return tmp_path / "other", None
    return tmp_path, postgres_or_skip(postgres_server).new_database()


def test_fresh_databases_never_share_a_nonce_and_keep_their_own(
        store, database_url, another_database, tmp_path):
    queue(store, CHANNEL, 1)
    other = Store(open_database(*another_database))
    queue(other, CHANNEL, 1)
    (mine,), (theirs,) = store.due(), other.due()
    other.close()
    assert mine.id == theirs.id == 1
    assert mine.nonce != theirs.nonce  # Discord would answer one with the other's message
    assert all(len(d.nonce) <= 25 for d in (mine, theirs))  # Discord's limit
    assert not mine.nonce.startswith("fb")

    store.close()
    reopened = Store(open_database(tmp_path, database_url))
    assert [d.nonce for d in reopened.due()] == [mine.nonce]  # a retry after a restart
    reopened.close()


def test_rows_queued_before_the_upgrade_keep_their_old_nonce(store, database_url, tmp_path):
    queue(store, CHANNEL, 1)
    with store.database.transaction() as cursor:  # the state an earlier version leaves
        cursor.execute("DELETE FROM state WHERE key LIKE 'nonce%'")
    store.close()
    upgraded = Store(open_database(tmp_path, database_url))
    queue(upgraded, CHANNEL, 1)
    old, new = upgraded.due()
    upgraded.close()
    assert old.nonce == f"fb{old.id}"  # a send cut short by the upgrade is still recognised
    assert new.nonce == f"{upgraded.nonce_prefix}{new.id}" and not new.nonce.startswith("fb")


def test_the_first_attempt_is_recorded_once(store, database_url, tmp_path):
    queue(store, CHANNEL, 1)
    (fresh,) = store.due()
    assert fresh.first_attempt_at is None
    before = time.time()
    store.mark_attempt(fresh.id)
    store.mark_retry(fresh.id, "503", delay=0)
    (tried,) = store.due()
    assert tried.first_attempt_at is not None and before <= tried.first_attempt_at <= time.time()
    store.mark_attempt(fresh.id)  # the retry
    store.close()
    reopened = Store(open_database(tmp_path, database_url))
    assert [d.first_attempt_at for d in reopened.due()] == [tried.first_attempt_at]
    reopened.close()


def test_sent_rows_go_after_a_week_held_and_failed_after_30_days(store):
    for n in range(4):
        queue(store, CHANNEL + n, 1)
    sent, failed, pending, held = store.due()
    store.mark_sent(sent.id, 1)
    store.mark_failed(failed.id, "400 Bad Request")
    store.pause_channel(held.channel_id, "Missing Access")
    now = time.time()
    assert store.prune(7 * DAY, 30 * DAY, now=now + 6 * DAY) == 0
    assert store.prune(7 * DAY, 30 * DAY, now=now + 8 * DAY) == 1
    assert store.outbox_counts() == {"pending": 1, "failed": 1, "held": 1}
    assert store.prune(7 * DAY, 30 * DAY, now=now + 31 * DAY) == 2
    assert store.outbox_counts() == {"pending": 1}  # still to be sent, however old
    assert [d.id for d in store.due()] == [pending.id]


def pragma(store: Store, name: str) -> int:
    with store.database.transaction() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return int(cursor.fetchone()[0])


def test_a_new_sqlite_file_gives_pruned_pages_back(tmp_path):
    store = Store(open_database(tmp_path, None))
    assert pragma(store, "auto_vacuum") == 2  # incremental
    queue(store, CHANNEL, 300, {"text": "x" * 4000})
    while batch := store.due():
        for delivery in batch:
            store.mark_failed(delivery.id, "400 Bad Request")
    full = pragma(store, "page_count")
    assert store.prune(7 * DAY, 30 * DAY, now=time.time() + 31 * DAY) == 300
    assert pragma(store, "freelist_count") == 0 and pragma(store, "page_count") < full / 10
    store.close()


def test_an_existing_sqlite_file_keeps_its_mode_and_still_prunes(tmp_path):
    with sqlite3.connect(tmp_path / "factbot.sqlite3") as earlier:  # made before this version
        earlier.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    earlier.close()
    store = Store(open_database(tmp_path, None))
    assert pragma(store, "auto_vacuum") == 0
    queue(store, CHANNEL, 1)
    store.mark_failed(store.due()[0].id, "400 Bad Request")
    assert store.prune(7 * DAY, 30 * DAY, now=time.time() + 31 * DAY) == 1
    assert store.outbox_counts() == {}
    store.close()
