"""The dispatcher lock: of all processes sharing a database, exactly one delivers alerts.

Discord's global rate limit belongs to the bot, not to a process, so one dispatcher paces every
send; the others answer commands and stand by. The lock dies with its holder, so a standby
takes over within seconds of a crash: on PostgreSQL it is a session advisory lock on a
connection of its own (released by the server when the connection drops); on SQLite, an
exclusive ``flock`` on a file beside the database (released by the kernel when the process dies).
A delivery that the old holder sent just before dying is sent again with the same nonce, which
Discord answers with the original message.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Any, Protocol

from bot.store.database import LOCK_KEYS

__all__ = ["DispatcherLock", "FileLock", "PostgresLock", "open_dispatcher_lock"]

log = logging.getLogger(__name__)


class DispatcherLock(Protocol):
    """Non-blocking: ``acquire`` is True while this process is the dispatcher."""

    def acquire(self) -> bool: ...
    def release(self) -> None: ...


class FileLock:
    """An exclusive ``flock`` on a file (SQLite deployments: processes on one machine)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if free; True if this process holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let another process take over."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


class PostgresLock:
    """A session advisory lock on its own connection (PostgreSQL deployments)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: Any = None
        self._held = False

    def acquire(self) -> bool:
        """Take the lock if free, or check the connection that holds it is still alive."""
        import psycopg

        try:
            if self._connection is None or self._connection.closed:
                self._held = False
                self._connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
            if self._held:
                self._connection.execute("SELECT 1")
            else:
                row = self._connection.execute("SELECT pg_try_advisory_lock(%s)",
                                               (LOCK_KEYS["dispatch"],)).fetchone()
                self._held = bool(row and row[0])
        except psycopg.Error as error:
            log.warning("dispatcher lock: database unreachable (%s)", error)
            self.release()
            return False
        return self._held

    def release(self) -> None:
        """Close the lock's connection, which releases the lock."""
        self._held = False
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def open_dispatcher_lock(data_dir: Path, database_url: str | None) -> DispatcherLock:
    """The lock matching ``open_database``: PostgreSQL's when configured, else a file lock."""
    if database_url:
        return PostgresLock(database_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(data_dir / "dispatcher.lock")
