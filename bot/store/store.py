"""The store: subscriptions, the record of what was announced, and the delivery outbox.

``announce`` is the heart of exactly-once delivery: in one transaction it records facts as
announced and writes one outbox row per (message, channel), so a crash leaves either both or
neither. The worker then sends each row with its own nonce and marks it done. A nonce is the
row id behind a random prefix made once per database, so a new or reset database never repeats
the nonces of an earlier one inside Discord's deduplication window.
"""

from __future__ import annotations

import json
import secrets
import string
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from bot.store.database import Cursor, Database
from bot.store.migrations import migrate
from bot.store.rows import (
    Announced,
    AnnouncedFact,
    AnnouncementPlan,
    Delivery,
    GuildLimitError,
    OutboxStatus,
    Outgoing,
    Subscription,
    SubscriptionStatus,
)

__all__ = ["KEEP_STALE", "Announced", "AnnouncedFact", "AnnouncementPlan", "Delivery",
           "GuildLimitError", "OutboxStatus", "Outgoing", "Store", "Subscription",
           "SubscriptionStatus"]

KEEP_STALE = 30 * 86400.0  # held and failed deliveries are kept 30 days, then pruned
_LEGACY_NONCE = "fb"  # the prefix of every nonce before prefixes were random

_PENDING, _HELD, _SENT, _FAILED = (OutboxStatus.PENDING.value, OutboxStatus.HELD.value,
                                   OutboxStatus.SENT.value, OutboxStatus.FAILED.value)
_ACTIVE, _PAUSED = SubscriptionStatus.ACTIVE.value, SubscriptionStatus.PAUSED.value

_SUBSCRIPTION = ("id, guild_id, channel_id, topic, include_updates, status, paused_reason, "
                 "subscriber_id, language")
_DELIVERY = "id, subscription_id, channel_id, kind, payload, attempts, first_attempt_at"


def _new_nonce_prefix() -> str:
    """Six random characters: with a BIGINT id's 19 digits, within Discord's 25. Never a digit
    or "f" first, so a nonce is never a number nor of the old ``fb{id}`` form."""
    alphabet = string.digits + string.ascii_lowercase
    return secrets.choice(alphabet[10:].replace("f", "")) + "".join(
        secrets.choice(alphabet) for _ in range(5))


def _subscription(row: Sequence[Any]) -> Subscription:
    return Subscription(int(row[0]), int(row[1]), int(row[2]), row[3], bool(row[4]),
                        SubscriptionStatus(row[5]), row[6],
                        int(row[7]) if row[7] is not None else None, row[8])


class Store:
    """All persistent state, over SQLite or PostgreSQL."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.version = migrate(database)
        self.nonce_prefix, self._legacy_nonces_until = self._nonce_prefix()

    def _nonce_prefix(self) -> tuple[str, int]:
        """This database's nonce prefix (made the first time), and the last row id that keeps
        the old ``fb`` prefix: rows queued before the upgrade, so a send the upgrade interrupted
        is still recognised by Discord when it is repeated."""
        with self.database.transaction(serialise="migrate") as cursor:
            cursor.execute("SELECT key, value FROM state WHERE key IN ('nonce_prefix', "
                           "'nonce_legacy_until')")
            found = {str(row[0]): str(row[1]) for row in cursor.fetchall()}
            if "nonce_prefix" not in found:
                cursor.execute("SELECT MAX(id) FROM outbox WHERE status IN (?, ?)",
                               (_PENDING, _HELD))
                found = {"nonce_prefix": _new_nonce_prefix(),
                         "nonce_legacy_until": str(cursor.fetchone()[0] or 0)}
                cursor.executemany("INSERT INTO state (key, value) VALUES (?, ?)",
                                   list(found.items()))
            return found["nonce_prefix"], int(found.get("nonce_legacy_until", 0))

    def _delivery(self, row: Sequence[Any]) -> Delivery:
        row_id = int(row[0])
        prefix = _LEGACY_NONCE if row_id <= self._legacy_nonces_until else self.nonce_prefix
        return Delivery(row_id, int(row[1]), int(row[2]), row[3], json.loads(row[4]),
                        int(row[5]), f"{prefix}{row_id}",
                        None if row[6] is None else float(row[6]))

    def close(self) -> None:
        """Close the database connection."""
        self.database.close()

    # ---- subscriptions -----------------------------------------------------------------
    def subscribe(self, guild_id: int, channel_id: int, topic: str, include_updates: bool,
                  subscriber_id: int, *, guild_limit: int | None = None, language: str = "en"
                  ) -> tuple[Subscription, str]:
        """Add or refresh a subscription; also "created", "resumed" or "updated". Its alerts
        are written in ``language`` (the server's, when it was made or last refreshed).

        With ``guild_limit``, adding one to a guild that has that many raises
        ``GuildLimitError`` (refreshing or resuming one never does).
        """
        with self.database.transaction(serialise="subscribe") as cursor:
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE channel_id = ? "
                           "AND topic = ?", (channel_id, topic))
            row = cursor.fetchone()
            if row is None and guild_limit is not None:
                cursor.execute("SELECT COUNT(*) FROM subscriptions WHERE guild_id = ?",
                               (guild_id,))
                count = int(cursor.fetchone()[0])
                if count >= guild_limit:
                    raise GuildLimitError(count, guild_limit)
            if row is None:
                cursor.execute(
                    "INSERT INTO subscriptions (guild_id, channel_id, topic, include_updates, "
                    "subscriber_id, created_at, language) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (guild_id, channel_id, topic, int(include_updates), subscriber_id,
                     time.time(), language))
                outcome = "created"
            else:
                outcome = "resumed" if row[5] == _PAUSED else "updated"
                cursor.execute(
                    "UPDATE subscriptions SET include_updates = ?, status = ?, "
                    "paused_reason = NULL, subscriber_id = ?, language = ? WHERE id = ?",
                    (int(include_updates), _ACTIVE, subscriber_id, language, row[0]))
            # A channel that works again gets what was held back while it was paused.
            cursor.execute("UPDATE outbox SET status = ?, next_attempt_at = ? "
                           "WHERE channel_id = ? AND status = ?",
                           (_PENDING, time.time(), channel_id, _HELD))
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE channel_id = ? "
                           "AND topic = ?", (channel_id, topic))
            return _subscription(cursor.fetchone()), outcome

    def unsubscribe(self, guild_id: int, channel_id: int, topic: str | None) -> int:
        """Remove a channel's subscription to a topic (all of them when None); how many."""
        with self.database.transaction() as cursor:
            where = "guild_id = ? AND channel_id = ?"
            params: list[object] = [guild_id, channel_id]
            if topic is not None:
                where, params = where + " AND topic = ?", [*params, topic]
            cursor.execute(f"SELECT id FROM subscriptions WHERE {where}", params)
            ids = [row[0] for row in cursor.fetchall()]
            for subscription_id in ids:
                cursor.execute("DELETE FROM outbox WHERE subscription_id = ? AND status IN "
                               "(?, ?)", (subscription_id, _PENDING, _HELD))
            cursor.execute(f"DELETE FROM subscriptions WHERE {where}", params)
            return len(ids)

    def subscriptions(self, guild_id: int) -> list[Subscription]:
        """A guild's subscriptions, in the order they were made."""
        with self.database.transaction() as cursor:
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE guild_id = ? "
                           "ORDER BY id", (guild_id,))
            return [_subscription(row) for row in cursor.fetchall()]

    def pause_channel(self, channel_id: int, reason: str) -> list[Subscription]:
        """Pause every subscription of a channel (never delete) and hold its deliveries."""
        with self.database.transaction() as cursor:
            cursor.execute("UPDATE subscriptions SET status = ?, paused_reason = ? "
                           "WHERE channel_id = ? AND status = ?",
                           (_PAUSED, reason, channel_id, _ACTIVE))
            cursor.execute("UPDATE outbox SET status = ? WHERE channel_id = ? AND status = ?",
                           (_HELD, channel_id, _PENDING))
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE channel_id = ?",
                           (channel_id,))
            return [_subscription(row) for row in cursor.fetchall()]

    def pause_guild(self, guild_id: int, reason: str) -> list[Subscription]:
        """Pause every subscription of a guild (the bot was removed from it) and hold its
        deliveries; /subscribe there resumes one."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT DISTINCT channel_id FROM subscriptions WHERE guild_id = ? "
                           "AND status = ?", (guild_id, _ACTIVE))
            channels = [int(row[0]) for row in cursor.fetchall()]
            cursor.execute("UPDATE subscriptions SET status = ?, paused_reason = ? "
                           "WHERE guild_id = ? AND status = ?",
                           (_PAUSED, reason, guild_id, _ACTIVE))
            for channel in channels:
                cursor.execute("UPDATE outbox SET status = ? WHERE channel_id = ? AND status = ?",
                               (_HELD, channel, _PENDING))
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE guild_id = ?",
                           (guild_id,))
            return [_subscription(row) for row in cursor.fetchall()]

    # ---- announcements -----------------------------------------------------------------
    def announce_changes(self, plan: AnnouncementPlan) -> int:
        """Run ``plan`` on what was announced and the active subscriptions; record its result.

        All in one transaction that no other process's announcement interleaves with, so
        processes sharing the database never announce the same fact twice. Rows queued.
        """
        with self.database.transaction(serialise="announce") as cursor:
            announced = self._announced(cursor)
            cursor.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE status = ? "
                           "ORDER BY id", (_ACTIVE,))
            subscriptions = [_subscription(row) for row in cursor.fetchall()]
            fingerprints, outgoing = plan(announced, subscriptions)
            return self._record(cursor, fingerprints, outgoing)

    @staticmethod
    def _announced(cursor: Cursor) -> Announced | None:
        cursor.execute("SELECT value FROM state WHERE key = 'initialised'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT fact_id, fingerprint, text FROM announced")
        rows = cursor.fetchall()

        def recipients(fact_ids: Collection[str]) -> dict[str, set[int]]:
            found: dict[str, set[int]] = {}
            for fact_id in dict.fromkeys(fact_ids):  # while the plan runs, in its transaction
                cursor.execute("SELECT DISTINCT sent_to.channel_id FROM sent_facts JOIN sent_to "
                               "ON sent_to.batch = sent_facts.batch WHERE sent_facts.fact_id = ?",
                               (fact_id,))
                found[fact_id] = {int(row[0]) for row in cursor.fetchall()}
            return found

        return Announced({row[0]: row[1] for row in rows}, {row[0]: row[2] for row in rows},
                         recipients)

    def published_facts(self) -> dict[str, str | None] | None:
        """The facts announced so far, with their text then (None if recorded before texts
        were); None before the first start."""
        with self.database.transaction() as cursor:
            announced = self._announced(cursor)
        return None if announced is None else announced.texts

    def _record(self, cursor: Cursor, fingerprints: Mapping[str, str | AnnouncedFact],
                outgoing: Iterable[Outgoing]) -> int:
        now = time.time()
        cursor.execute("SELECT value FROM state WHERE key = 'initialised'")
        if cursor.fetchone() is None:
            cursor.execute("INSERT INTO state (key, value) VALUES ('initialised', ?)",
                           (str(now),))
        for fact_id, recorded in fingerprints.items():
            if isinstance(recorded, str):
                recorded = AnnouncedFact(recorded)
            cursor.execute("DELETE FROM announced WHERE fact_id = ?", (fact_id,))
            cursor.execute("INSERT INTO announced (fact_id, fingerprint, announced_at, text) "
                           "VALUES (?, ?, ?, ?)",
                           (fact_id, recorded.fingerprint, now, recorded.text))
        return self._enqueue(cursor, outgoing, now)

    def enqueue(self, outgoing: Iterable[Outgoing]) -> int:
        """Queue messages; rows queued."""
        with self.database.transaction() as cursor:
            return self._enqueue(cursor, outgoing, time.time())

    def enqueue_backlog(self, guild_id: int, outgoing: Sequence[Outgoing], limit: int) -> int:
        """Queue a subscription's backlog (kind "backlog"); rows queued.

        Raises ``GuildLimitError`` instead when the guild's backlog rows not yet sent (pending,
        or held for a paused channel) would then be more than ``limit``.
        """
        with self.database.transaction(serialise="subscribe") as cursor:
            cursor.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'backlog' AND status IN "
                           "(?, ?) AND channel_id IN (SELECT channel_id FROM subscriptions "
                           "WHERE guild_id = ?)", (_PENDING, _HELD, guild_id))
            waiting = int(cursor.fetchone()[0])
            if waiting + len(outgoing) > limit:
                raise GuildLimitError(waiting, limit)
            return self._enqueue(cursor, outgoing, time.time())

    @staticmethod
    def _enqueue(cursor: Cursor, outgoing: Iterable[Outgoing], now: float) -> int:
        outgoing = list(outgoing)
        rows = [(item.subscription_id, item.channel_id, item.kind,
                 json.dumps(item.payload, ensure_ascii=False), now, now) for item in outgoing]
        if rows:  # one round trip for a whole fan-out (psycopg pipelines executemany)
            cursor.executemany(
                "INSERT INTO outbox (subscription_id, channel_id, kind, payload, "
                "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
        Store._remember_recipients(cursor, outgoing)
        return len(rows)

    @staticmethod
    def _remember_recipients(cursor: Cursor, outgoing: Sequence[Outgoing]) -> None:
        """Record which channels were sent which facts: one batch per set of facts."""
        channels: dict[tuple[str, ...], set[int]] = {}
        for item in outgoing:
            if item.facts:
                channels.setdefault(item.facts, set()).add(item.channel_id)
        for facts, sent_to in channels.items():
            batch = secrets.token_hex(8)
            cursor.executemany("INSERT INTO sent_facts (batch, fact_id) VALUES (?, ?)",
                               [(batch, fact_id) for fact_id in dict.fromkeys(facts)])
            cursor.executemany("INSERT INTO sent_to (batch, channel_id) VALUES (?, ?)",
                               [(batch, channel) for channel in sorted(sent_to)])

    # ---- outbox -----------------------------------------------------------------------
    def due(self, limit: int = 100, now: float | None = None,
            per_channel: int = 2) -> list[Delivery]:
        """Pending deliveries whose time has come, taken round-robin across channels.

        At most ``per_channel`` of each channel's oldest due rows, every channel's first before
        any channel's second (oldest first within a round), so one channel's long backlog, paced
        by Discord per channel, never holds up another channel's alert. A channel's rows keep
        their order.
        """
        with self.database.transaction() as cursor:
            cursor.execute(f"SELECT {_DELIVERY} FROM (SELECT {_DELIVERY}, ROW_NUMBER() OVER "
                           "(PARTITION BY channel_id ORDER BY id) AS turn FROM outbox "
                           "WHERE status = ? AND next_attempt_at <= ?) AS ranked "
                           "WHERE turn <= ? ORDER BY turn, id LIMIT ?",
                           (_PENDING, time.time() if now is None else now, per_channel, limit))
            return [self._delivery(row) for row in cursor.fetchall()]

    def next_due_in(self) -> float | None:
        """Seconds until the next pending delivery is due (None when nothing is pending)."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE status = ?",
                           (_PENDING,))
            first = cursor.fetchone()[0]
        return None if first is None else max(0.0, float(first) - time.time())

    def mark_attempt(self, delivery_id: int) -> None:
        """A send of this delivery starts: record when, if none was attempted before."""
        with self.database.transaction() as cursor:
            cursor.execute("UPDATE outbox SET first_attempt_at = ? WHERE id = ? AND "
                           "first_attempt_at IS NULL", (time.time(), delivery_id))

    def mark_sent(self, delivery_id: int, message_id: int | None) -> None:
        """The message was posted."""
        with self.database.transaction() as cursor:
            cursor.execute("UPDATE outbox SET status = ?, message_id = ?, sent_at = ? "
                           "WHERE id = ?", (_SENT, message_id, time.time(), delivery_id))

    def last_sent_at(self) -> float | None:
        """When the latest delivery was marked sent, by any process (seconds since the epoch)."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT MAX(sent_at) FROM outbox WHERE status = ?", (_SENT,))
            row = cursor.fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def mark_retry(self, delivery_id: int, error: str, delay: float) -> None:
        """A transient failure: try again after ``delay`` seconds."""
        with self.database.transaction() as cursor:
            cursor.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                           "next_attempt_at = ? WHERE id = ?",
                           (error[:500], time.time() + delay, delivery_id))

    def mark_failed(self, delivery_id: int, error: str) -> None:
        """A permanent failure (Discord refused the payload): recorded, not retried."""
        with self.database.transaction() as cursor:
            cursor.execute("UPDATE outbox SET status = ?, attempts = attempts + 1, "
                           "last_error = ? WHERE id = ?", (_FAILED, error[:500], delivery_id))

    def outbox_counts(self) -> dict[OutboxStatus, int]:
        """How many deliveries are in each state (states with none are left out)."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status")
            return {OutboxStatus(row[0]): int(row[1]) for row in cursor.fetchall()}

    def outbox_health(self) -> dict[str, float | int | None]:
        """Deliveries not yet sent, by state, and how long the oldest pending one has waited."""
        counts = self.outbox_counts()
        with self.database.transaction() as cursor:
            cursor.execute("SELECT MIN(created_at) FROM outbox WHERE status = ?", (_PENDING,))
            oldest = cursor.fetchone()[0]
        return {"pending": counts.get(OutboxStatus.PENDING, 0),
                "held": counts.get(OutboxStatus.HELD, 0),
                "failed": counts.get(OutboxStatus.FAILED, 0),
                "oldest_pending_seconds": None if oldest is None else time.time() - oldest}

    def prune(self, keep_sent: float, keep_stale: float = KEEP_STALE,
              now: float | None = None) -> int:
        """Forget deliveries sent over ``keep_sent`` seconds ago, and held or failed ones queued
        over ``keep_stale`` seconds ago; how many.

        On SQLite the freed pages then go back to the file system (in files created with
        ``auto_vacuum=INCREMENTAL``; see ``open_database``).
        """
        now = time.time() if now is None else now
        with self.database.transaction() as cursor:
            cursor.execute("DELETE FROM outbox WHERE status = ? AND sent_at < ?",
                           (_SENT, now - keep_sent))
            removed = max(cursor.rowcount, 0)
            cursor.execute("DELETE FROM outbox WHERE status IN (?, ?) AND created_at < ?",
                           (_HELD, _FAILED, now - keep_stale))
            removed += max(cursor.rowcount, 0)
        if removed:
            self.database.reclaim_space()
        return removed
