"""Run the real bot against the loopback Discord, and drive it the way Discord would.

``running_bot`` starts the bot built by ``bot.chat.runner.build_bot`` (the same wiring as
``factbot run``) and waits until it is ready. ``RunningBot`` sends interactions through the gateway
and returns the callback the bot posted. It watches the client's task: if the task ends while a
test waits (a malformed payload can end it silently with the socket still open), the test fails
with the reason instead of timing out.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from bot.chat.client import FactBot
from bot.chat.runner import build_bot
from bot.settings import Settings
from tests.loopback import world
from tests.loopback.permissions import bot_permissions_in
from tests.loopback.server import LoopbackDiscord, Request

ROOT = Path(__file__).resolve().parents[2]

OPTION_TYPES = {str: 3, int: 4, bool: 5}
ADMIN = {"permissions": str(int(world.MEMBER_PERMISSIONS) | world.MANAGE_CHANNELS)}


@dataclasses.dataclass(frozen=True)
class ChannelOption:
    """A channel picked in a channel option (sent with its resolved data, as Discord does)."""

    id: int
    guild_id: int = world.GUILD_ID
    # The invoking member's permissions in this channel, as Discord computes them from roles
    # and the channel's overwrites (docs: interactions/receiving-and-responding, resolved
    # partial channels carry "permissions"); None: the member's permissions in the server.
    member_permissions: str | None = None


class Interactions:
    """Drives a bot the way Discord would: slash commands and autocomplete via the gateway.

    ``alive()`` raises when the bot under test died (checked while waiting).
    """

    def __init__(self, discord: LoopbackDiscord, alive: Callable[[], None]) -> None:
        self.discord = discord
        self.alive = alive

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> Any:
        """Wait for a condition on the loopback while checking the bot is alive."""
        return await self.discord.wait_for(predicate, timeout, alive=self.alive)

    def _command_data(self, name: str, options: list[dict]) -> dict:
        """The command as Discord sends it: the server's own registration if it has one,
        else the global one (with ``guild_id`` only for a server command)."""
        for scope in (str(world.GUILD_ID), "global"):
            synced = {c["name"]: c for c in self.discord.commands.get(scope, [])}
            if name in synced:
                data = {"id": synced[name]["id"], "name": name, "type": 1, "options": options}
                if scope != "global":
                    data["guild_id"] = scope
                return data
        return {"id": self.discord.next_id(), "name": name, "type": 1, "options": options}

    async def interact(self, kind: int, name: str, options: list[dict],
                       resolved: dict | None = None, data: dict | None = None,
                       message: dict | None = None, **who: Any) -> Request:
        """Send an interaction and return the callback the bot posted for it (``message``:
        the message a clicked component is on)."""
        interaction_id = self.discord.next_id()
        data = data or self._command_data(name, options)
        if resolved:
            data["resolved"] = {"channels": resolved}
        if who.get("in_guild", True) and "user_installed_in" not in who:
            # What the bot may do in the channel, computed as Discord does.
            who = {"app_permissions": str(bot_permissions_in(world.CHANNEL_ID)), **who}
        payload = world.interaction(interaction_id, kind, data, **who)
        if message is not None:
            payload["message"] = message
        await self.discord.dispatch("INTERACTION_CREATE", payload)
        path = f"/interactions/{interaction_id}/token-{interaction_id}/callback"

        def answered() -> Request | None:
            done = [r for r in self.discord.requests if r.path == path and r.status < 300]
            return done[-1] if done else None

        callback = await self.wait_for(answered)
        if isinstance(callback.body, dict) and callback.body.get("type") == 5:
            # Deferred: the answer is the edit of the original response that follows.
            edit = f"/webhooks/{world.APP_ID}/token-{interaction_id}/messages/@original"

            def edited() -> Request | None:
                done = [r for r in self.discord.requests if r.path == edit and r.status < 300]
                return done[-1] if done else None

            final = await self.wait_for(edited, timeout=30)
            flags = (callback.body.get("data") or {}).get("flags", 0)
            return dataclasses.replace(final, body={"type": 4, "deferred": True,
                                                    "data": {**final.body, "flags": flags}})
        return callback

    async def command(self, name: str, /, who: dict | None = None, **options: Any) -> dict:
        """Invoke /name with options; the body of the bot's callback."""
        listed, resolved = [], {}
        for key, value in options.items():
            if isinstance(value, ChannelOption):
                listed.append({"name": key, "type": 7, "value": str(value.id)})
                member = (who or {}).get("permissions", world.MEMBER_PERMISSIONS)
                resolved[str(value.id)] = {**world.channel(value.id, f"c{value.id % 1000}"),
                                           "type": world.channel_type(value.id),
                                           "guild_id": str(value.guild_id),
                                           "permissions": value.member_permissions or member}
            else:
                listed.append({"name": key, "type": OPTION_TYPES[type(value)], "value": value})
        return (await self.interact(2, name, listed, resolved=resolved, **(who or {}))).body

    async def click(self, reply: dict, custom_id: str, /, who: dict | None = None,
                    asker: int = world.MEMBER_ID, values: list[str] | None = None) -> dict:
        """Click a component of a reply the bot posted (``reply``: its callback body) as
        ``who``, the reply having answered ``asker``'s command; the bot's callback body. The
        message carries its components and ``interaction_metadata`` as Discord sends them
        (docs: interactions/receiving-and-responding, "Message Component" interactions)."""
        message = world.message(self.discord.next_id(), world.CHANNEL_ID, reply["data"])
        message["components"] = reply["data"].get("components", [])
        message["interaction_metadata"] = {
            "id": self.discord.next_id(), "type": 2, "user": world.user(asker, "asker"),
            "authorizing_integration_owners": {"0": str(world.GUILD_ID)}}
        component = next(c for row in message["components"] for c in row["components"]
                         if c["custom_id"] == custom_id)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        return (await self.interact(3, "", [], data=data, message=message,
                                    **(who or {}))).body

    async def message_command(self, name: str, message: dict, /,
                              who: dict | None = None) -> dict:
        """Run the message (context-menu) command ``name`` on ``message``, as Discord sends it
        (type 3 with ``target_id`` and the message under ``resolved.messages``, docs:
        interactions/application-commands#message-commands); the bot's reply body."""
        data = {key: value for key, value in self._command_data(name, []).items()
                if key != "options"}
        data |= {"type": 3, "target_id": message["id"],
                 "resolved": {"messages": {message["id"]: message}}}
        return (await self.interact(2, name, [], data=data, **(who or {}))).body

    async def autocomplete(self, name: str, focused: str, value: str, /,
                           **options: Any) -> dict:
        """Type ``value`` into option ``focused`` of /name; the bot's callback body."""
        listed = [{"name": key, "type": 3, "value": v} for key, v in options.items()]
        listed.append({"name": focused, "type": 3, "value": value, "focused": True})
        return (await self.interact(4, name, listed)).body


class RunningBot(Interactions):
    """A bot under test in this process and the loopback Discord it is connected to."""

    def __init__(self, discord: LoopbackDiscord, bot: FactBot, task: asyncio.Task) -> None:
        super().__init__(discord, self._task_alive)
        self.bot = bot
        self.task = task

    def _task_alive(self) -> None:
        """Fail the test when the client's task has ended."""
        if self.task.done():
            error = None if self.task.cancelled() else self.task.exception()
            raise AssertionError(f"the bot's client task ended: {error!r}")


@contextlib.asynccontextmanager
async def running_bot(discord: LoopbackDiscord, settings: Settings, *,
                      store_busy_timeout: float = 30.0,
                      nonce_window: float | None = None) -> AsyncIterator[RunningBot]:
    """Start the bot, wait until it is ready, and close it afterwards."""
    bot = build_bot(settings, guild_ready_timeout=0.2, watch_interval=0.2, health_interval=0.5,
                    store_busy_timeout=store_busy_timeout,
                    **({"nonce_window": nonce_window} if nonce_window is not None else {}))
    task = asyncio.create_task(bot.start(settings.token), name="bot under test")
    running = RunningBot(discord, bot, task)
    try:
        await running.wait_for(bot.is_ready, timeout=15)
        yield running
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)
        bot.store.close()


async def start_factbot_run(env: dict[str, str], *,
                            log: Path | None = None) -> asyncio.subprocess.Process:
    """``factbot run`` as its own process with ``env`` over a clean environment.

    Output goes to pipes (read them with ``communicate()``) or, for long runs, to ``log``.
    """
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DISCORD_", "DEV_", "DATABASE_", "DATA_", "FACTS_"))}
    output = log.open("ab") if log is not None else asyncio.subprocess.PIPE
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env={**clean, **env},
            stdout=output, stderr=output)
    finally:
        if log is not None:
            output.close()
