"""The bot: a discord.py client wired with the fact library, the store, its cogs and tasks.

Dependencies come in through ``__init__`` (discord.py's advanced start-up example); cogs load,
commands sync and background tasks (alert delivery, the fact-folder watcher) start in
``setup_hook`` and are cancelled in ``close``. Only non-privileged intents are asked for.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import os
import time

import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.chat.admin_cog import AdminCog
from bot.chat.answers_cog import AnswersCog
from bot.chat.messenger import DiscordMessenger
from bot.chat.subscriptions_cog import SubscriptionsCog
from bot.chat.sync import CommandSync
from bot.chat.tree import FactTree
from bot.core.subscriptions import channel_gone_notice, maintainers_report
from bot.health import BUSY_HEALTH_INTERVAL, HEALTH_INTERVAL, write_health
from bot.library import FactLibrary, ReloadOutcome
from bot.pipeline.announcer import announce_changes
from bot.pipeline.delivery import DeliveryWorker
from bot.pipeline.watcher import FolderWatcher
from bot.settings import DISCORD_API_BASE, Settings
from bot.store.dispatcher import open_dispatcher_lock
from bot.store.store import Store, Subscription
from bot.waiting import wait_event

__all__ = ["FactBot"]

log = logging.getLogger(__name__)


class FactBot(commands.AutoShardedBot):
    """Answers slash commands from the fact library and delivers alerts."""

    def __init__(self, settings: Settings, library: FactLibrary, store: Store, *,
                 guild_ready_timeout: float = 2.0, watch_interval: float = 1.0,
                 health_interval: float = HEALTH_INTERVAL) -> None:
        # No voice features: don't warn at every start that voice libraries are missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # channels and permissions of the servers the bot is in
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
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
        )
        self.settings = settings
        self.library = library
        self.store = store
        self.command_sync = CommandSync(settings.data_dir)
        self.messenger = DiscordMessenger(self, settings.api_base, settings.token)
        self.delivery = DeliveryWorker(
            store, self.messenger, on_paused=self._tell_paused,
            lock=open_dispatcher_lock(settings.data_dir, settings.database_url),
            on_role_change=lambda _dispatching: self._health_changed.set())
        self.watcher = FolderWatcher([settings.facts_dir, settings.seeds_dir],
                                     self.reload_facts, interval=watch_interval,
                                     settle=1.5 * watch_interval)
        self._reload_lock = asyncio.Lock()
        self.health_interval = health_interval
        self._health_changed = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def setup_hook(self) -> None:
        """Load the cogs, sync the slash commands if they changed, start the background work."""
        if self.settings.api_base != DISCORD_API_BASE:
            # discord.py reconnects a shard that cannot resume to its hard-coded
            # gateway.discord.gg; behind another API base, use the gateway that base hands out.
            _, gateway, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
        await self.add_cog(AnswersCog(self))
        await self.add_cog(SubscriptionsCog(self))
        await self.add_cog(AdminCog(self))
        try:
            await self.command_sync.sync(self.tree, self.application_id or 0,
                                         self.settings.dev_guild_id)
        except discord.Forbidden:
            log.error("Discord refused the command sync for server %s: invite the bot there with "
                      "the applications.commands scope, or unset DEV_GUILD_ID",
                      self.settings.dev_guild_id)
        # Facts added while the bot was down are announced now (the first start records all).
        await asyncio.to_thread(announce_changes, self.store, self.library.answers.base)
        self._tasks = [asyncio.create_task(self.delivery.run(), name="alert delivery"),
                       asyncio.create_task(self.watcher.run(), name="fact folder watcher"),
                       asyncio.create_task(self._report_health(), name="health signal")]

    async def reload_facts(self) -> ReloadOutcome:
        """Reload the facts; announce what is new, or tell the maintainers what is wrong."""
        async with self._reload_lock:
            loaded = await asyncio.to_thread(self.library.load_changes)
            outcome = self.library.apply(loaded)  # on the loop: no answer sees a half update
            self._health_changed.set()
            if outcome.applied:
                queued = await asyncio.to_thread(announce_changes, self.store,
                                                 self.library.answers.base)
                if queued:
                    self.delivery.wake()
            elif self.settings.maintainers_channel_id and self.delivery.stats.dispatching:
                # Several processes reload the same files: only the dispatcher tells.
                report = maintainers_report(outcome.problems, self.library.answers.base)
                if not await self.messenger.post_anywhere(
                        report, [self.settings.maintainers_channel_id], None):
                    log.warning("could not post the reload problems to MAINTAINERS_CHANNEL_ID")
            return outcome

    async def _tell_paused(self, paused: list[Subscription], reason: str) -> None:
        """Tell a guild that alerts to one of its channels stopped: system channel, else DM."""
        if not paused:
            return
        first = paused[0]
        guild = self.get_guild(first.guild_id)
        channels = [guild.system_channel.id] if guild and guild.system_channel and \
            guild.system_channel.id != first.channel_id else []
        sent = await self.messenger.post_anywhere(channel_gone_notice(first.channel_id, reason),
                                                  channels, first.subscriber_id)
        log.info("told guild %s that alerts to channel %s are paused: %s", first.guild_id,
                 first.channel_id, "yes" if sent else "no way to reach it")

    def health_report(self, outbox: dict) -> dict:
        """What ``factbot health`` judges: gateway, fact base, outbox and delivery."""
        shards = {str(shard_id): {"connected": not shard.is_closed(),
                                  "latency_ms": round(shard.latency * 1000)
                                  if math.isfinite(shard.latency) else None}  # not measured
                  for shard_id, shard in self.shards.items()}
        return {"written_at": time.time(), "process": self.settings.process_name,
                "pid": os.getpid(),
                "gateway": {"connected": self.is_ready() and not self.is_closed(),
                            "shards": shards},
                "facts": {"count": self.library.fact_count,
                          "problems": len(self.library.problems)},
                "outbox": outbox, "delivery": dataclasses.asdict(self.delivery.stats)}

    async def _report_health(self) -> None:
        """Rewrite the health file every ``health_interval`` s, and at once when shards change."""
        path = self.settings.health_file
        try:
            while True:
                try:
                    outbox = await asyncio.to_thread(self.store.outbox_health)
                    await asyncio.to_thread(write_health, path, self.health_report(outbox))
                except Exception:  # a missed report shows as stale; the bot goes on
                    log.exception("could not write the health report to %s", path)
                busy = self.delivery.stats.in_flight > 0  # a fan-out: show its progress
                interval = self.health_interval
                await wait_event(self._health_changed,
                                 min(interval, BUSY_HEALTH_INTERVAL) if busy else interval)
        finally:
            path.unlink(missing_ok=True)  # stopped: no stale report pretends otherwise

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
        log.info("connected as %s (id %s) in %d servers, serving %d facts", self.user,
                 self.user.id if self.user else "?", len(self.guilds), self.library.fact_count)

    async def close(self) -> None:
        """Stop the background work, close the gateway, then the store."""
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            _, stuck = await asyncio.wait(self._tasks, timeout=10)
            for task in stuck:
                log.warning("background task %r did not stop within 10 s", task.get_name())
        self._tasks = []
        await self.messenger.close()
        await super().close()
