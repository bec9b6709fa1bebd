"""Run the bot until SIGINT or SIGTERM: wiring, start-up errors and a graceful shutdown.

``build_bot`` is the composition root: the one place where settings, the fact library, the store,
the client, the delivery worker and the use cases are built and put together.
``run`` returns the process exit status: 0 after a clean shutdown, 2 when the token is missing or
rejected (configuration errors the user must fix), 3 when the SQLite database is corrupt.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3

import discord

from bot.app import Application, FactReloads, PauseNotices, Subscriptions
from bot.app.announcement import published_records
from bot.chat.client import FactBot
from bot.chat.messenger import DiscordMessenger
from bot.chat.patches import patch_discord
from bot.health import HEALTH_INTERVAL
from bot.library.served import FactLibrary
from bot.library.watcher import FolderWatcher
from bot.pipeline.delivery import NONCE_TRUST, DeliveryWorker
from bot.settings import Settings
from bot.store.database import open_database
from bot.store.dispatcher import open_dispatcher_lock
from bot.store.store import Store

__all__ = ["build_bot", "run"]

log = logging.getLogger(__name__)

CONFIG_ERROR = 2
STORE_ERROR = 3  # the database cannot be used: corrupt, or not there


def build_bot(settings: Settings, *, guild_ready_timeout: float = 2.0,
              watch_interval: float = 1.0, health_interval: float = HEALTH_INTERVAL,
              store_busy_timeout: float = 30.0, nonce_window: float = NONCE_TRUST) -> FactBot:
    """Build everything once: the fact library, the store, the client, the messenger, the
    delivery worker with its dispatcher lock, the use cases and the folder watcher."""
    patch_discord(settings.api_base)
    store = Store(open_database(settings.data_dir, settings.database_url,
                                busy_timeout=store_busy_timeout))
    log.info("store: %s (schema version %d)", store.database.where, store.version)
    library = FactLibrary(settings.facts_dir, settings.seeds_dir, settings.data_dir / "cache",
                          published=lambda: published_records(store))
    bot = FactBot(settings, library, store, guild_ready_timeout=guild_ready_timeout,
                  health_interval=health_interval)
    messenger = DiscordMessenger(bot, settings.api_base, settings.token)
    pauses = PauseNotices(messenger, bot, store)
    started: list[asyncio.Task[bool]] = []  # the start-up report, posted once

    def role_changed(dispatching: bool) -> None:
        bot.health_changed()
        if dispatching and not started:  # several processes load the files: one tells
            started.append(asyncio.get_running_loop().create_task(
                app.reloads.tell_start_problems(), name="start-up problems report"))

    delivery = DeliveryWorker(
        store, messenger, on_paused=pauses.tell,
        lock=open_dispatcher_lock(settings.data_dir, settings.database_url),
        on_role_change=role_changed, nonce_window=nonce_window)
    messenger.on_invalid_request = delivery.count_invalid
    messenger.on_bucket = delivery.pacer.observe
    app = Application(
        reloads=FactReloads(library, store, delivery, messenger,
                            settings.maintainers_channel_id),
        subscriptions=Subscriptions(library, store, delivery), pauses=pauses)
    watcher = FolderWatcher([settings.facts_dir, settings.seeds_dir], bot.reload_facts,
                            interval=watch_interval, settle=1.5 * watch_interval)
    bot.attach(app, delivery, messenger, watcher)
    return bot


async def serve(settings: Settings) -> int:
    """Log in, connect and answer until a stop signal; the exit status."""
    try:
        bot = build_bot(settings)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            raise
        path = settings.data_dir / "factbot.sqlite3"
        log.error("%s is not a usable SQLite database (%s): restore it from a backup, or move "
                  "it aside to start with an empty one (subscriptions would then be lost)",
                  path, error)
        return STORE_ERROR
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(bot.reload_facts()))
    runner = asyncio.create_task(bot.start(settings.token), name="discord client")
    stopper = asyncio.create_task(stop.wait(), name="stop signal")
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper.done():
            log.info("stop signal received: closing the gateway connection")
        await bot.close()
        await runner
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN: copy a fresh token from the developer portal "
                  "(your application → Bot → Reset Token)")
        return CONFIG_ERROR
    except discord.PrivilegedIntentsRequired:
        log.error("Discord asked for privileged intents; this bot needs none — check the token "
                  "belongs to this bot")
        return CONFIG_ERROR
    finally:
        stopper.cancel()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)
        if not bot.is_closed():
            await bot.close()
        bot.store.close()
    log.info("stopped")
    return 0


def run(settings: Settings) -> int:
    """Run the bot in a fresh event loop; the exit status."""
    return asyncio.run(serve(settings))
