"""Watch the fact folders and call back once edits have settled (debounced polling).

Polling the files' sizes and modification times works everywhere, bind mounts in containers
included, where file-system events often do not arrive. Only the files a load reads are polled
(``bot.core.facts.files``: the same definition the loader uses), so a large ``facts/.git`` costs
nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.core.facts.files import read_by_a_load

__all__ = ["FolderWatcher", "snapshot"]

log = logging.getLogger(__name__)

FileState = tuple[str, int, int, int, int, int]


def snapshot(folders: list[Path]) -> frozenset[FileState]:
    """Every file a load reads under the folders: its path, mode, size, modification and
    change times and inode (a ``chmod`` that makes a file readable changes only the last
    three); a file that cannot be looked at is its path and the error's number."""
    seen: set[FileState] = set()
    for folder in folders:
        for path in read_by_a_load(folder):
            try:
                info = os.stat(path)
            except OSError as error:  # removed while we looked, or cannot be read: the
                seen.add((str(path), -(error.errno or 1), 0, 0, 0, 0))  # load says why
                continue
            seen.add((str(path), info.st_mode, info.st_size, info.st_mtime_ns,
                      info.st_ctime_ns, info.st_ino))
    return frozenset(seen)


class FolderWatcher:
    """Calls ``on_change`` when the folders changed and then stayed unchanged for a while."""

    def __init__(self, folders: list[Path], on_change: Callable[[], Awaitable[object]], *,
                 interval: float = 1.0, settle: float = 1.5) -> None:
        self.folders = folders
        self.on_change = on_change
        self.interval = interval
        self.settle = settle

    async def run(self) -> None:
        """Poll until cancelled."""
        last = await asyncio.to_thread(snapshot, self.folders)
        while True:
            await asyncio.sleep(self.interval)
            now = await asyncio.to_thread(snapshot, self.folders)
            if now == last:
                continue
            while True:  # debounce: wait until an editor or git checkout has finished
                await asyncio.sleep(self.settle)
                settled = await asyncio.to_thread(snapshot, self.folders)
                if settled == now:
                    break
                now = settled
            last = now
            log.info("fact files changed: reloading")
            try:
                await self.on_change()
            except Exception:
                log.exception("reload after a file change failed")
