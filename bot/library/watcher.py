"""Watch the fact folders and call back once edits have settled (debounced polling).

Polling the files' sizes and modification times works everywhere, bind mounts in containers
included, where file-system events often do not arrive.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

__all__ = ["FolderWatcher", "snapshot"]

log = logging.getLogger(__name__)


def snapshot(folders: list[Path]) -> frozenset[tuple[str, int, int]]:
    """Every file under the folders, with its size and modification time."""
    seen = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    stat = path.stat()
                    seen.add((str(path), stat.st_size, stat.st_mtime_ns))
            except OSError:
                continue  # removed while we looked: the next poll sees it gone
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
