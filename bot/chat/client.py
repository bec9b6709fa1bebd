"""The bot: a discord.py client that adapts Discord to the application's use cases.

Everything is built once by ``bot.chat.runner.build_bot`` (the composition root) and handed in
through ``__init__`` and ``attach``; cogs load, commands sync and background tasks (alert
delivery, the fact-folder watcher, the health signal) start in ``setup_hook`` and are cancelled
in ``close``. No business rule lives here. Only non-privileged intents are asked for.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import os
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import discord
from discord.ext import commands

from bot.app import Application
from bot.chat.admin_cog import AdminCog
from bot.chat.answers_cog import AnswersCog
from bot.chat.identify import IdentifyGate, StartLimit
from bot.chat.messenger import DiscordMessenger
from bot.chat.patches import use_gateway_of_api_base
from bot.chat.subscriptions_cog import SubscriptionsCog
from bot.chat.sync import CommandSync
from bot.chat.translator import CatalogTranslator
from bot.chat.tree import FactTree
from bot.health import BUSY_HEALTH_INTERVAL, HEALTH_INTERVAL, write_health
from bot.library.served import FactLibrary, ReloadOutcome
from bot.library.watcher import FolderWatcher
from bot.pipeline.delivery import DeliveryWorker
from bot.settings import Settings
from bot.store.database import StoreFileReplacedError, StoreUnavailableError
from bot.store.store import Store
from bot.supervision import TaskHealth, supervised
from bot.waiting import wait_event

__all__ = ["FactBot"]

log = logging.getLogger(__name__)


class FactBot(commands.AutoShardedBot):
    """Answers slash commands from the fact library and delivers alerts."""

    def __init__(self, settings: Settings, library: FactLibrary, store: Store, *,
                 guild_ready_timeout: float = 2.0,
                 health_interval: float = HEALTH_INTERVAL) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels and permissions of the servers the bot is in
        shard_ids = list(settings.shard_ids) if settings.shard_ids is not None else None
        super().__init__(
            command_prefix=commands.when_mentioned,  # no text commands: slash commands only
            help_command=None,
            intents=intents,
            tree_cls=FactTree,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
            # Unset: one process runs the shards Discord recommends. Set: this process runs
            # SHARD_IDS of SHARD_COUNT, and other processes sharing the database run the rest.
            shard_count=settings.shard_count,
            # discord.py takes None (its default) but types shard_ids as a list only.
            shard_ids=shard_ids,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.library = library
        self.store = store
        self.command_sync = CommandSync(settings.data_dir)
        self.health_interval = health_interval
        self._health_changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.task_health = TaskHealth()
        self._background: list[tuple[str, Callable[[], Coroutine[Any, Any, None]]]] = []
        self._app: Application | None = None
        self._delivery: DeliveryWorker | None = None
        self._messenger: DiscordMessenger | None = None
        self.identify_gate = IdentifyGate(self._start_limit)

    def attach(self, app: Application, delivery: DeliveryWorker, messenger: DiscordMessenger,
               watcher: FolderWatcher) -> None:
        """Hand over the use cases and the background work (from ``runner.build_bot``, which
        builds them after the client because the messenger and notices post through it)."""
        self._app, self._delivery, self._messenger = app, delivery, messenger
        self._background = [("alert delivery", delivery.run),
                            ("fact folder watcher", watcher.run),
                            ("health signal", self._report_health)]

    @property
    def app(self) -> Application:
        """The use cases the cogs call."""
        if self._app is None:
            raise RuntimeError("FactBot.attach was not called (build the bot with build_bot)")
        return self._app

    @property
    def delivery(self) -> DeliveryWorker:
        """The alert delivery worker."""
        if self._delivery is None:
            raise RuntimeError("FactBot.attach was not called (build the bot with build_bot)")
        return self._delivery

    def system_channel(self, guild_id: int) -> int | None:
        """The server's system channel, if the bot knows the server and it has one."""
        guild = self.get_guild(guild_id)
        return guild.system_channel.id if guild and guild.system_channel else None

    def health_changed(self, *_: object) -> None:
        """Something the health report shows changed: rewrite it now."""
        self._health_changed.set()

    async def _start_limit(self) -> StartLimit:
        limits = await self.fetch_session_start_limits()
        return StartLimit(limits.total, limits.remaining, limits.reset_after / 1000,
                          limits.max_concurrency)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Keep Discord's identify limits (see ``bot.chat.identify``)."""
        await self.identify_gate.wait_turn(shard_id or 0, initial=initial)

    async def setup_hook(self) -> None:
        """Load the cogs, sync the slash commands if they changed, start the background work."""
        await use_gateway_of_api_base(self.http, self.settings.api_base)
        await self.tree.set_translator(CatalogTranslator())
        await self.add_cog(AnswersCog(self))
        await self.add_cog(SubscriptionsCog(self))
        await self.add_cog(AdminCog(self))
        # /reload is the owner's: registered only in OWNER_GUILD_ID, not in every server.
        reload_command = self.tree.remove_command("reload")
        owner = self.settings.owner_guild_id
        if reload_command is not None and owner:
            self.tree.add_command(reload_command, guild=discord.Object(owner))
        try:
            await self.command_sync.sync(self.tree, self.application_id or 0,
                                         self.settings.dev_guild_id, owner)
        except discord.Forbidden:
            log.error("Discord refused the command sync for server %s: invite the bot there with "
                      "the applications.commands scope, or unset DEV_GUILD_ID",
                      self.settings.dev_guild_id)
        await self.app.reloads.announce_pending()
        self._tasks = [asyncio.create_task(supervised(name, start, self.task_health,
                                                      self.health_changed), name=name)
                       for name, start in self._background]

    async def reload_facts(self) -> ReloadOutcome:
        """Reload the facts (``/reload``, SIGHUP, the watcher): see ``bot.app.reloading``."""
        outcome = await self.app.reloads.reload()
        self._health_changed.set()
        return outcome

    def health_report(self, outbox: Mapping[str, Any]) -> dict[str, Any]:
        """What ``factbot health`` judges: gateway, fact base, outbox and delivery."""
        shards = {str(shard_id): {"connected": not shard.is_closed(),
                                  "latency_ms": round(shard.latency * 1000)
                                  if math.isfinite(shard.latency) else None}  # not measured
                  for shard_id, shard in self.shards.items()}
        return {"written_at": time.time(), "process": self.settings.process_name,
                "pid": os.getpid(),
                "gateway": {"connected": self.is_ready() and not self.is_closed(),
                            "shards": shards, "waiting_for_session_starts":
                                self.identify_gate.waiting_for_reset},
                "facts": {"count": self.library.fact_count,
                          "problems": len(self.library.problems)},
                "outbox": outbox, "delivery": dataclasses.asdict(self.delivery.stats),
                "tasks": dataclasses.asdict(self.task_health)}

    async def _report_health(self) -> None:
        """Rewrite the health file every ``health_interval`` s, and at once when shards change."""
        path = self.settings.health_file
        try:
            while True:
                try:
                    try:
                        outbox: Mapping[str, Any] = await asyncio.to_thread(
                            self.store.outbox_health)
                    except (StoreUnavailableError, StoreFileReplacedError) as error:
                        outbox = {"unavailable": str(error)}  # still report the rest
                    await asyncio.to_thread(write_health, path, self.health_report(outbox))
                except Exception:  # a missed report shows as stale; the bot goes on
                    log.exception("could not write the health report to %s", path)
                busy = self.delivery.stats.in_flight > 0  # a fan-out: show its progress
                interval = self.health_interval
                await wait_event(self._health_changed,
                                 min(interval, BUSY_HEALTH_INTERVAL) if busy else interval)
        finally:
            path.unlink(missing_ok=True)  # stopped: no stale report pretends otherwise

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed from a server (GUILD_DELETE without ``unavailable``; an outage
        is ``on_guild_unavailable`` instead): pause its subscriptions."""
        await self.app.pauses.guild_removed(guild.id)

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """A channel was deleted (CHANNEL_DELETE): pause its subscriptions."""
        await self.app.pauses.channel_deleted(channel.id)

    async def on_shard_ready(self, shard_id: int) -> None:
        """A shard connected: say so in the health report now."""
        self._health_changed.set()

    async def on_shard_resumed(self, shard_id: int) -> None:
        """A shard reconnected: say so in the health report now."""
        self._health_changed.set()

    async def on_shard_disconnect(self, shard_id: int) -> None:
        """A shard lost its connection: say so in the health report now."""
        self._health_changed.set()

    async def on_ready(self) -> None:
        """Log who we are and how much we know."""
        self._health_changed.set()
        servers = len(self.guilds)
        log.info("connected as %s (id %s) in %d server%s, serving %d facts", self.user,
                 self.user.id if self.user else "?", servers, "" if servers == 1 else "s",
                 self.library.fact_count)

    async def close(self) -> None:
        """Stop the background work, close the gateway, then the store."""
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            _, stuck = await asyncio.wait(self._tasks, timeout=10)
            for task in stuck:
                log.warning("background task %r did not stop within 10 s", task.get_name())
        self._tasks = []
        if self._messenger is not None:
            await self._messenger.close()
        await super().close()
