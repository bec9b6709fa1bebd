"""Run the bot until SIGINT or SIGTERM: wiring, start-up failures and a graceful shutdown.

``build_bot`` is the composition root: the one place where settings, the fact library, the store,
the client, the delivery worker and the use cases are built and put together.
``serve`` first checks what needs no network (the token's shape, DATA_DIR), then opens the
database and logs in to Discord, each tried again with backoff while it fails transiently
(``bot.startup.retried``). Every expected failure ends in one log line with the fix and an exit
status of ``bot.startup.EXIT_STATUSES``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal

import aiohttp
import discord

from bot.app import Application, FactReloads, PauseNotices, Subscriptions
from bot.app.announcement import published_records
from bot.chat.client import FactBot
from bot.chat.messenger import DiscordMessenger
from bot.chat.patches import forget_failed_login, patch_discord
from bot.health import HEALTH_INTERVAL
from bot.library.served import FactLibrary
from bot.library.watcher import FolderWatcher
from bot.pipeline.delivery import NONCE_TRUST, DeliveryWorker
from bot.preflight import PORTAL, data_dir_problem, token_problem
from bot.settings import Settings
from bot.startup import (
    EXIT_CONFIG,
    EXIT_DISCORD,
    EXIT_STORE,
    StartError,
    StoppedWhileStartingError,
    Trouble,
    database_trouble,
    retried,
)
from bot.store.database import Database, open_database
from bot.store.dispatcher import open_dispatcher_lock
from bot.store.store import Store

__all__ = ["build_bot", "run"]

log = logging.getLogger(__name__)


def build_bot(settings: Settings, *, guild_ready_timeout: float = 2.0,
              watch_interval: float = 1.0, health_interval: float = HEALTH_INTERVAL,
              store_busy_timeout: float = 30.0, nonce_window: float = NONCE_TRUST,
              database: Database | None = None) -> FactBot:
    """Build everything once: the fact library, the store (on ``database`` if already open),
    the client, the messenger, the delivery worker with its dispatcher lock, the use cases and
    the folder watcher."""
    patch_discord(settings.api_base)
    store = Store(database or open_database(settings.data_dir, settings.database_url,
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
    """Check, connect and answer until a stop signal; the exit status."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        return await _serve(settings, stop)
    except StartError as failure:
        log.error("%s", failure)
        return failure.status
    except StoppedWhileStartingError:
        log.info("stop signal received while starting: stopped")
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)


async def _serve(settings: Settings, stop: asyncio.Event) -> int:
    _check_before_connecting(settings)
    database = await retried(
        lambda: asyncio.to_thread(open_database, settings.data_dir, settings.database_url),
        lambda error: database_trouble(error, settings), attempts=settings.startup_retries,
        stop=stop)
    try:
        bot = build_bot(settings, database=database)
    except Exception as error:
        database.close()
        trouble = database_trouble(error, settings)
        if trouble is None:
            raise
        raise trouble.failure() from error
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(bot.reload_facts()))
    runner = asyncio.create_task(_connect(bot, settings, stop), name="discord client")
    stopper = asyncio.create_task(stop.wait(), name="stop signal")
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper.done() and bot.user is not None:  # else: stopped while logging in
            log.info("stop signal received: closing the gateway connection")
        await bot.close()
        await runner
    finally:
        stopper.cancel()
        if not bot.is_closed():
            await bot.close()
        bot.store.close()
    log.info("stopped")
    return 0


def _check_before_connecting(settings: Settings) -> None:
    """What needs no network: the token's shape (doctor's checks) and a writable DATA_DIR."""
    shape = token_problem(settings.token)
    if shape:
        raise StartError(": ".join(shape), EXIT_CONFIG)
    unwritable = data_dir_problem(settings.data_dir)
    if unwritable:
        raise StartError(": ".join(unwritable), EXIT_STORE)


async def _connect(bot: FactBot, settings: Settings, stop: asyncio.Event) -> None:
    """Log in (tried again while Discord cannot be reached or answers 5xx), then connect."""
    attempted = False

    async def log_in() -> None:
        nonlocal attempted
        if attempted:
            await forget_failed_login(bot.http)
        attempted = True
        await bot.login(settings.token)

    def trouble_of(error: Exception) -> Trouble | None:
        trouble = _discord_trouble(error, settings.api_base)
        if trouble is not None and bot.user is not None:  # past the first request: set-up
            trouble = dataclasses.replace(trouble, transient=False)  # may have begun
        return trouble

    await retried(log_in, trouble_of, attempts=settings.startup_retries, stop=stop)
    try:
        await bot.connect()
    except Exception as error:
        trouble = _discord_trouble(error, settings.api_base)
        if trouble is None:
            raise
        raise trouble.failure() from error


def _discord_trouble(error: Exception, api_base: str) -> Trouble | None:
    """What a failed login or connection means, in one line with its fix."""
    where = f"Discord at {api_base}"
    if isinstance(error, discord.LoginFailure):
        return Trouble("Discord rejected DISCORD_TOKEN", f"copy a fresh token from {PORTAL}",
                       EXIT_CONFIG, transient=False)
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return Trouble("Discord asked for privileged intents",
                       "this bot needs none: check the token belongs to this bot", EXIT_CONFIG,
                       transient=False)
    if isinstance(error, discord.HTTPException):
        answer = f"{error.status} {error.response.reason}"
        if error.status >= 500:
            return Trouble(f"{where} failed the login ({answer})",
                           "Discord is having trouble (see https://discordstatus.com): start "
                           "the bot again later", EXIT_DISCORD, transient=True)
        return Trouble(f"{where} refused the login ({answer})",
                       "check DISCORD_API_BASE (unset, the bot talks to Discord itself)",
                       EXIT_DISCORD, transient=False)
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        reason = f"{error.host} does not resolve"
    elif isinstance(error, aiohttp.ClientConnectorError) and error.os_error.errno:
        reason = os.strerror(error.os_error.errno).lower()
    elif isinstance(error, TimeoutError):
        reason = "no answer in time"
    elif isinstance(error, aiohttp.ClientError | OSError):
        reason = str(error) or type(error).__name__
    else:
        return None
    return Trouble(f"could not reach {where} ({reason})",
                   "check this machine's network and DNS (and DISCORD_API_BASE, if set), then "
                   "start the bot again", EXIT_DISCORD, transient=True)


def run(settings: Settings) -> int:
    """Run the bot in a fresh event loop; the exit status."""
    return asyncio.run(serve(settings))
