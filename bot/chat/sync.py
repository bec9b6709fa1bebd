"""Sync the slash commands to Discord only when they changed.

Discord rate-limits command syncs hard, so the bot hashes the exact body it would send and keeps the
hash of the last successful sync per application and scope in ``DATA_DIR``. A start with the same
commands sends nothing; deleting the file only costs one extra sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import discord
from discord import app_commands

from bot.atomic import atomic_write

__all__ = ["CommandSync"]

log = logging.getLogger(__name__)

STATE_FILE = "command-sync.json"


class CommandSync:
    """Remembers what was last synced, and syncs a tree when it differs."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / STATE_FILE

    def _load(self) -> dict[str, str]:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _save(self, state: dict[str, str]) -> None:
        atomic_write(self.path, json.dumps(state, indent=2, sort_keys=True).encode())

    async def sync(self, tree: app_commands.CommandTree, application_id: int,
                   guild_id: int | None) -> bool:
        """Sync when the command set changed since the last sync; True when it synced."""
        guild = discord.Object(guild_id) if guild_id else None
        if guild is not None:
            tree.copy_global_to(guild=guild)
        body = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        scope = f"{application_id}:{f'guild:{guild_id}' if guild_id else 'global'}"
        state = self._load()
        if state.get(scope) == digest:
            log.info("slash commands unchanged since the last sync (%s); not syncing", scope)
            return False
        synced = await tree.sync(guild=guild)
        state[scope] = digest
        self._save(state)
        where = f"server {guild_id} (instant)" if guild_id else \
            "all servers (Discord may take up to an hour to show changes)"
        log.info("synced %d slash commands to %s", len(synced), where)
        return True
