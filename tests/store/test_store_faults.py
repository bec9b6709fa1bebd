"""The store under faults a real deployment meets: another writer holding SQLite's lock, a
PostgreSQL restart, the SQLite file deleted under the running bot. Each is a clear, typed error
the caller can retry (or must stop on), and the store works again once the fault is gone."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store.database import StoreFileReplacedError, StoreUnavailableError, open_database
from bot.store.store import Outgoing, Store
from tests.postgres import PostgresServer, postgres_or_skip

GUILD, CHANNEL = 1300000000000000001, 1400000000000000001


def test_sqlite_locked_by_another_writer_is_unavailable_then_works(tmp_path):
    store = Store(open_database(tmp_path, None, busy_timeout=0.2))
    other = sqlite3.connect(tmp_path / "factbot.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    with pytest.raises(StoreUnavailableError, match="locked"):
        store.subscribe(GUILD, CHANNEL, "", False, 7)
    other.execute("COMMIT")
    other.close()
    subscription, outcome = store.subscribe(GUILD, CHANNEL, "", False, 7)
    assert outcome == "created" and subscription.channel_id == CHANNEL
    store.close()


def test_postgres_restart_reconnects(postgres_server: PostgresServer | Exception):
    server = postgres_or_skip(postgres_server)
    store = Store(open_database(None, server.new_database()))  # type: ignore[arg-type]
    sub, _ = store.subscribe(GUILD, CHANNEL, "", False, 7)
    store.enqueue([Outgoing(sub.id, CHANNEL, "new", {"embeds": []})])
    server.restart()  # every connection drops
    with pytest.raises(StoreUnavailableError):
        store.due()
    assert [d.channel_id for d in store.due()] == [CHANNEL]  # reconnected, nothing lost
    store.close()


def test_postgres_down_is_unavailable_until_it_is_back(postgres_server):
    server = postgres_or_skip(postgres_server)
    store = Store(open_database(None, server.new_database()))  # type: ignore[arg-type]
    server.stop(mode="fast")
    try:
        for _ in range(2):  # the broken connection, then a reconnect that is refused
            with pytest.raises(StoreUnavailableError):
                store.outbox_counts()
    finally:
        server.start_again()
    assert store.outbox_counts() == {}
    store.close()


def test_a_deleted_sqlite_file_stops_every_write(tmp_path):
    store = Store(open_database(tmp_path, None))
    store.subscribe(GUILD, CHANNEL, "", False, 7)
    (tmp_path / "factbot.sqlite3").unlink()
    with pytest.raises(StoreFileReplacedError, match="deleted or replaced"):
        store.subscribe(GUILD, CHANNEL + 1, "", False, 7)
    with pytest.raises(StoreFileReplacedError):
        store.outbox_counts()  # reads too: the bot's state is no longer on disk
    store.close()
