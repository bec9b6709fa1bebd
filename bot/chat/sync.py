"""Sync the slash commands to Discord when what Discord holds differs from ours.

At start the bot reads the commands registered in its scope (one request) and syncs only when
they differ from the ones it would send: commands deleted on Discord's side, or overwritten by
another deployment of the same application, are restored. A hash of the last sync is kept in
``DATA_DIR`` as a fast path for the log line, never as the truth. Switching between global
commands and ``DEV_GUILD_ID`` clears the scope left behind, so no command shows twice.
Discord rate-limits syncs (docs: interactions/application-commands, "Registering a Command").
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, cast

import discord
from discord import app_commands
from discord.http import Route

from bot.atomic import atomic_write

__all__ = ["CommandSync", "same_commands"]

log = logging.getLogger(__name__)

STATE_FILE = "command-sync.json"
_EMPTY: tuple[Any, ...] = (None, False, [], {}, "")


def _same(sent: Any, held: Any) -> bool:
    """Whether Discord's copy ``held`` says what ``sent`` says (fields Discord adds, like ids
    and versions, are ignored; an absent field equals an empty or false one)."""
    if isinstance(sent, dict):
        held = held if isinstance(held, dict) else {}
        return all(_same(value, held.get(key)) for key, value in sent.items())
    if isinstance(sent, list):
        held = held if isinstance(held, list) else []
        return len(sent) == len(held) and all(map(_same, sent, held))
    if sent in _EMPTY and held in _EMPTY:
        return True
    return str(sent) == str(held) if isinstance(sent, int | str) and not isinstance(
        sent, bool) else sent == held


def same_commands(sent: list[dict[str, Any]], held: list[dict[str, Any]]) -> bool:
    """Whether the commands Discord holds are the ones the bot would register."""
    by_name = {command.get("name"): command for command in held}
    return len(sent) == len(held) and all(
        _same(command, by_name.get(command.get("name"))) for command in sent)


async def _registered(tree: app_commands.CommandTree, application_id: int,
                      guild_id: int | None) -> list[dict[str, Any]]:
    """The commands Discord holds for a scope, with their full localization dictionaries
    (without ``with_localizations`` Discord answers ``name_localized`` instead, and ours would
    never look the same; docs: interactions/application-commands, "Get Global Application
    Commands")."""
    route = Route("GET", "/applications/{application_id}/guilds/{guild_id}/commands",
                  application_id=application_id, guild_id=guild_id) if guild_id else \
        Route("GET", "/applications/{application_id}/commands", application_id=application_id)
    held = await tree.client.http.request(route, params={"with_localizations": "true"})
    return cast(list[dict[str, Any]], held)


class CommandSync:
    """Syncs a command tree when Discord's copy differs, and clears a scope left behind."""

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
                   guild_id: int | None, owner_guild_id: int | None = None) -> bool:
        """Sync each scope whose registered commands differ from ours: global (or
        ``guild_id``), and the owner's server for its own commands; True when any synced."""
        if guild_id:
            tree.copy_global_to(guild=discord.Object(guild_id))
        scopes: list[int | None] = [guild_id or None]
        if owner_guild_id and owner_guild_id != guild_id:
            scopes.append(owner_guild_id)
        state = self._load()
        wanted = {self._scope(application_id, scope) for scope in scopes}
        if guild_id:  # global commands left from before DEV_GUILD_ID: asked, not remembered
            global_scope = self._scope(application_id, None)
            if await _registered(tree, application_id, None):
                state.setdefault(global_scope, "")
        await self._clear_other_scopes(tree, application_id, wanted, state)
        synced = False
        for scope in scopes:
            synced |= await self._sync_scope(tree, application_id, scope, state)
        return synced

    @staticmethod
    def _scope(application_id: int, guild_id: int | None) -> str:
        return f"{application_id}:{f'guild:{guild_id}' if guild_id else 'global'}"

    async def _sync_scope(self, tree: app_commands.CommandTree, application_id: int,
                          guild_id: int | None, state: dict[str, str]) -> bool:
        guild = discord.Object(guild_id) if guild_id else None
        body = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        scope = self._scope(application_id, guild_id)
        held = await _registered(tree, application_id, guild_id)  # one request
        if same_commands(body, held):
            log.info("slash commands already registered as they are (%s); not syncing", scope)
            if state.get(scope) != digest:
                state[scope] = digest
                self._save(state)
            return False
        if state.get(scope) == digest:
            log.warning("the slash commands registered on Discord differ from this bot's "
                        "(deleted there, or another deployment synced its own): syncing again")
        synced = await tree.sync(guild=guild)
        state[scope] = digest
        self._save(state)
        where = f"server {guild_id}" if guild_id else "all servers"
        log.info("synced %d slash commands to %s", len(synced), where)
        return True

    async def _clear_other_scopes(self, tree: app_commands.CommandTree, application_id: int,
                                  wanted: set[str], state: dict[str, str]) -> None:
        """Clear the commands a previous scope left registered (global before DEV_GUILD_ID,
        a development server before going global, a former owner's server), so none shows
        twice."""
        for scope in [s for s in state if s.startswith(f"{application_id}:")
                      and s not in wanted]:
            other = scope.split(":", 2)
            try:
                if other[1] == "global":
                    await tree.client.http.bulk_upsert_global_commands(application_id, [])
                else:
                    await tree.client.http.bulk_upsert_guild_commands(application_id, int(other[2]),
                                                                 [])
            except discord.HTTPException as error:
                log.warning("could not clear the commands left in %s: %s", scope, error)
                continue
            log.info("cleared the slash commands left in %s", scope)
            del state[scope]
            self._save(state)
