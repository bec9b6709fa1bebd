"""One small database interface over SQLite and PostgreSQL.

SQL is written once with ``?`` placeholders; for PostgreSQL they become ``%s``. Each
``transaction()`` holds the connection's lock, so threads never interleave statements, and commits
or rolls back as a whole; ``transaction(serialise=...)`` also excludes every other process doing
the same kind of work (SQLite's write lock, or a PostgreSQL advisory lock held to the commit).
Calls block: the async shell runs them in a worker thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = ["LOCK_KEYS", "Cursor", "Database", "open_database"]

# PostgreSQL advisory lock keys, one per kind of work that must run in one process at a time.
LOCK_KEYS = {"migrate": 0x6661_6374_0001, "announce": 0x6661_6374_0002,
             "dispatch": 0x6661_6374_0003, "subscribe": 0x6661_6374_0004}


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


class _Translating:
    """A cursor that accepts ``?`` placeholders and passes ``%s`` to PostgreSQL."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @staticmethod
    def _translate(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(self._translate(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        return self._cursor.executemany(self._translate(sql), rows)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)


class Database:
    """A connection, its dialect ("sqlite" or "postgres"), and serialised transactions."""

    def __init__(self, connection: Any, dialect: str, where: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.where = where
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self, serialise: str | None = None) -> Iterator[Cursor]:
        """A cursor inside one transaction: committed on success, rolled back on error.

        ``serialise`` names a kind of work (a key of ``LOCK_KEYS``) that no other process may do
        until this transaction ends.
        """
        with self._lock:
            raw = self.connection.cursor()
            cursor = _Translating(raw) if self.dialect == "postgres" else raw
            try:
                if self.dialect == "sqlite":
                    raw.execute("BEGIN IMMEDIATE")  # the database's one write lock, up front
                elif serialise is not None:
                    cursor.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEYS[serialise],))
                yield cursor
            except BaseException:
                self.connection.rollback()
                raise
            else:
                self.connection.commit()
            finally:
                raw.close()

    def reclaim_space(self) -> None:
        """Give the pages that deleted rows freed back to the file system (SQLite files made
        with ``auto_vacuum=INCREMENTAL``; PostgreSQL's autovacuum does this by itself)."""
        if self.dialect != "sqlite":
            return
        with self._lock:
            # Run as a script: a plain execute steps the pragma once, which frees one page.
            self.connection.executescript("PRAGMA incremental_vacuum")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.connection.close()


def open_database(data_dir: Path, database_url: str | None) -> Database:
    """PostgreSQL at ``database_url`` if given, else SQLite in ``data_dir``.

    A new SQLite file is created with ``auto_vacuum=INCREMENTAL``, so pruning the outbox can
    give pages back to the file system. SQLite fixes that mode when the first table is created:
    a file made by an earlier version keeps its mode (``VACUUM`` after setting the pragma by hand
    converts it), and pruning still works, it only leaves the file its size.
    """
    if database_url:
        import psycopg  # only needed when PostgreSQL is configured

        connection = psycopg.connect(database_url, connect_timeout=10)
        host = connection.info.host or "local socket"
        return Database(connection, "postgres", f"PostgreSQL on {host}/{connection.info.dbname}")
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "factbot.sqlite3"
    lite = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    lite.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a no-op once the file has tables
    lite.execute("PRAGMA journal_mode=WAL")
    lite.execute("PRAGMA synchronous=NORMAL")
    lite.execute("PRAGMA foreign_keys=ON")
    return Database(lite, "sqlite", f"SQLite at {path}")
