"""One small database interface over SQLite and PostgreSQL.

SQL is written once with ``?`` placeholders; for PostgreSQL they become ``%s``. Each
``transaction()`` holds the connection's lock, so threads never interleave statements, and commits
or rolls back as a whole; ``transaction(serialise=...)`` also excludes every other process doing
the same kind of work (SQLite's write lock, or a PostgreSQL advisory lock held to the commit).
Calls block: the async shell runs them in a worker thread.

Faults: an error of the connection itself (PostgreSQL restarted, a network blip, SQLite's file
locked by another writer beyond the busy timeout) is raised as ``StoreUnavailableError``, and a
broken PostgreSQL connection is opened again at the next transaction, so callers retry rather
than die. A SQLite file that was deleted or replaced under the running bot raises
``StoreFileReplacedError`` on every transaction: writing on to an unlinked file would lose
everything at the next start. PostgreSQL that cannot be connected to at all raises
``DatabaseConnectError``, saying why in a few words and whether trying again may help.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = ["LOCK_KEYS", "Cursor", "Database", "DatabaseConnectError", "StoreFileReplacedError",
           "StoreUnavailableError", "open_database"]

# PostgreSQL advisory lock keys, one per kind of work that must run in one process at a time.
LOCK_KEYS = {"migrate": 0x6661_6374_0001, "announce": 0x6661_6374_0002,
             "dispatch": 0x6661_6374_0003, "subscribe": 0x6661_6374_0004}


class StoreUnavailableError(Exception):
    """The database could not be reached or was busy: the same call may work a moment later."""


class DatabaseConnectError(Exception):
    """PostgreSQL could not be connected to. ``reason`` says why in a few words (never the URL);
    ``refused`` when the server answered and refused the login (wrong password, user or
    database), which trying again will not change."""

    def __init__(self, reason: str, *, refused: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.refused = refused


# A server that answers these is there but busy or restarting: trying again may work.
_BUSY_SERVER = ("starting up", "shutting down", "in recovery mode", "too many clients",
                "too many connections")


def _connect_error(error: Exception) -> DatabaseConnectError:
    """libpq's message for a failed connection, in a few words, and whether it was refused."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    host = re.search(r"failed to resolve host '([^']*)'", first)
    if host:
        return DatabaseConnectError(f"the host {host[1]} does not resolve", refused=False)
    reason = first.rpartition(" failed: ")[2].strip() or first
    server_said = reason.startswith("FATAL:")
    reason = reason.removeprefix("FATAL:").strip()
    reason = reason[:1].lower() + reason[1:]
    refused = ((server_said and not any(busy in reason for busy in _BUSY_SERVER))
               or reason.startswith("invalid "))
    return DatabaseConnectError(reason, refused=refused)


class StoreFileReplacedError(Exception):
    """The SQLite file the bot opened was deleted or replaced while it ran: stop writing."""


def _transient(error: BaseException) -> bool:
    """Whether an error of the database driver is about the connection, not the statement."""
    if isinstance(error, sqlite3.OperationalError):
        return True  # locked, busy, disk I/O: not a statement the store got wrong
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


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

    def __init__(self, connection: Any, dialect: str, where: str, *,
                 reconnect: Callable[[], Any] | None = None,
                 file: Path | None = None) -> None:
        self.connection = connection
        self.dialect = dialect
        self.where = where
        self._lock = threading.Lock()
        self._reconnect = reconnect  # opens a new connection after the old one broke
        self._broken = False
        self._file = file
        self._identity = _identity(file) if file is not None else None

    def _usable(self) -> Any:
        """The connection, opened again if the last one broke; checks the SQLite file."""
        if self._file is not None and _identity(self._file) != self._identity:
            raise StoreFileReplacedError(
                f"{self._file} was deleted or replaced while the bot ran; stopped writing to it "
                "(restart the bot to open the file now there, or restore it from a backup)")
        if self._broken and self._reconnect is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
            try:
                self.connection = self._reconnect()
            except Exception as error:
                if _transient(error):
                    raise StoreUnavailableError(f"cannot reconnect to {self.where}: "
                                                f"{_first_line(error)}") from error
                raise
            self._broken = False
        return self.connection

    @contextlib.contextmanager
    def transaction(self, serialise: str | None = None) -> Iterator[Cursor]:
        """A cursor inside one transaction: committed on success, rolled back on error.

        ``serialise`` names a kind of work (a key of ``LOCK_KEYS``) that no other process may do
        until this transaction ends.
        """
        with self._lock:
            connection = self._usable()
            try:
                raw = connection.cursor()
            except Exception as error:
                raise self._fault(error) from error
            cursor = _Translating(raw) if self.dialect == "postgres" else raw
            try:
                if self.dialect == "sqlite":
                    raw.execute("BEGIN IMMEDIATE")  # the database's one write lock, up front
                elif serialise is not None:
                    cursor.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEYS[serialise],))
                yield cursor
            except BaseException as error:
                with contextlib.suppress(Exception):
                    connection.rollback()
                if isinstance(error, Exception) and _transient(error):
                    raise self._fault(error) from error
                raise
            else:
                try:
                    connection.commit()
                except Exception as error:
                    if _transient(error):
                        raise self._fault(error) from error
                    raise
            finally:
                with contextlib.suppress(Exception):
                    raw.close()

    def _fault(self, error: Exception) -> Exception:
        """The error to raise for a driver error; marks a PostgreSQL connection broken."""
        if not _transient(error):
            return error
        if self.dialect == "postgres":
            self._broken = True
        return StoreUnavailableError(f"{self.where}: {_first_line(error)}")

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


def open_database(data_dir: Path, database_url: str | None, *,
                  busy_timeout: float = 30.0) -> Database:
    """PostgreSQL at ``database_url`` if given, else SQLite in ``data_dir`` (waiting up to
    ``busy_timeout`` seconds for another writer's lock before the call fails).

    A new SQLite file is created with ``auto_vacuum=INCREMENTAL``, so pruning the outbox can
    give pages back to the file system. SQLite fixes that mode when the first table is created:
    a file made by an earlier version keeps its mode (``VACUUM`` after setting the pragma by hand
    converts it), and pruning still works, it only leaves the file its size.
    """
    if database_url:
        import psycopg  # only needed when PostgreSQL is configured

        def connect() -> Any:
            return psycopg.connect(database_url, connect_timeout=10)

        try:
            connection = connect()
        except psycopg.OperationalError as error:
            raise _connect_error(error) from error
        host = connection.info.host or "local socket"
        return Database(connection, "postgres", f"PostgreSQL on {host}/{connection.info.dbname}",
                        reconnect=connect)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "factbot.sqlite3"
    lite = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                           timeout=busy_timeout)
    lite.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a no-op once the file has tables
    lite.execute("PRAGMA journal_mode=WAL")
    lite.execute("PRAGMA synchronous=NORMAL")
    lite.execute("PRAGMA foreign_keys=ON")
    return Database(lite, "sqlite", f"SQLite at {path}", file=path)


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode (None when it is gone)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
