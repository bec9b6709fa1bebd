"""Disk caches that make a large fact base start fast: parse results per file, and a snapshot
of the whole loaded state.

Both are optimisations only. Every entry is framed with a magic string and a CRC-32 of its
payload (it catches torn writes and flipped bits, and checks a 100 MB snapshot in a few
hundredths of a second), and is written to a temporary file then renamed, so a torn or corrupt
entry is detected, deleted and rebuilt from the fact files; deleting the cache folder changes
nothing but the time the next start takes. Failing to write (a full or read-only disk) is logged
and ignored.
"""

from __future__ import annotations

import logging
import pickle
import zlib
from pathlib import Path
from typing import Any

from bot.atomic import atomic_write
from bot.core.facts.records import FileRecords
from bot.library.fingerprint import code_fingerprint

__all__ = ["ParseCache", "read_framed", "write_framed"]

log = logging.getLogger(__name__)

MAGIC = b"FACTBOT-CACHE-2\n"
_CHECKSUM = 4


def _checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(_CHECKSUM, "big")


class CorruptEntryError(ValueError):
    """A cache file that is not what this program wrote."""


def write_framed(path: Path, value: Any) -> int:
    """Pickle ``value`` into ``path`` atomically, with a checksum; return the bytes written."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = _checksum(payload)
    atomic_write(path, MAGIC + checksum, payload)
    return len(payload)


def read_framed(path: Path) -> Any:
    """The value stored in ``path``; FileNotFoundError if absent, CorruptEntryError if damaged."""
    data = path.read_bytes()
    head = len(MAGIC) + _CHECKSUM
    if len(data) < head or not data.startswith(MAGIC):
        raise CorruptEntryError(f"{path}: not a cache entry")
    payload = memoryview(data)[head:]
    if _checksum(payload) != data[len(MAGIC):head]:
        raise CorruptEntryError(f"{path}: checksum mismatch")
    try:
        return pickle.loads(payload)
    except Exception as error:  # a checksum collision or a class that changed shape
        raise CorruptEntryError(f"{path}: {error}") from error


class ParseCache:
    """One file per parsed fact file under ``folder``, named by the code's fingerprint and the
    loader's key (the file's path and content hash; see ``FactLoader``). Counts what it did,
    for the logs and the benchmark."""

    def __init__(self, folder: Path, fingerprint: str | None = None) -> None:
        """``fingerprint``: of the code that parses (default: this installation's)."""
        self.folder = folder
        self.fingerprint = fingerprint or code_fingerprint()
        self.hits = self.misses = self.corrupt = self.written = 0
        self._used: set[str] = set()
        self._write_failed = False

    def _path(self, key: str) -> Path:
        return self.folder / f"{self.fingerprint}-{key}.pickle"

    def get(self, key: str) -> FileRecords | None:
        """The records stored under ``key``; None when absent or corrupt (then deleted)."""
        path = self._path(key)
        self._used.add(path.name)
        try:
            records = read_framed(path)
            if not isinstance(records, FileRecords):
                raise CorruptEntryError(f"{path}: holds a {type(records).__name__}")
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, CorruptEntryError) as error:
            self.corrupt += 1
            log.warning("parse cache: %s; parsing the file again", error)
            path.unlink(missing_ok=True)
            return None
        self.hits += 1
        return records

    def put(self, key: str, records: FileRecords) -> None:
        """Store ``records`` under ``key`` (a failure is logged once and otherwise ignored)."""
        path = self._path(key)
        self._used.add(path.name)
        try:
            write_framed(path, records)
            self.written += 1
        except OSError as error:
            if not self._write_failed:
                log.warning("parse cache: cannot write to %s (%s); going on without it",
                            self.folder, error)
            self._write_failed = True

    def prune(self) -> int:
        """Delete entries this process has not used (old versions of edited files)."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for path in self.folder.glob("*.pickle"):
            if path.name not in self._used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
