"""Alert delivery under the faults an SRE throws at it, against the loopback Discord, on SQLite
and PostgreSQL: the database going away mid fan-out, Discord's error codes, a revoked token, a
ban at Discord's edge. Nothing is lost, nothing is doubled, nothing stops silently."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.core.facts.loader import LoadResult
from bot.health import judge_health
from bot.settings import Settings
from tests.chat.processes import outbox, subscribed_channels, wait_until_delivered
from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ADMIN, RunningBot, running_bot
from tests.loopback.server import LoopbackDiscord
from tests.postgres import postgres_or_skip

MESSAGES = r"^/channels/\d+/messages$"


def new_fact(settings: Settings) -> None:
    add_fact(settings.facts_dir, "niger-test-fact", "Niger opened a new test road.", "niger")


def verdict(bot: RunningBot) -> tuple[bool, str]:
    found = judge_health(bot.bot.health_report({}))
    return found.healthy, "\n".join(found.lines)


async def test_a_database_outage_mid_fan_out_delays_but_loses_and_doubles_nothing(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult,
        postgres_server):
    channels = subscribed_channels(store_settings, shipped, 12)
    loopback.add_channels(channels)
    loopback.hold_messages_after(4)  # the 5th send stays in flight: the outage starts then
    async with running_bot(loopback, store_settings, store_busy_timeout=0.2) as bot:
        new_fact(store_settings)
        await bot.wait_for(lambda: loopback.held, timeout=30)
        if store_settings.database_url is None:  # another writer holds SQLite's lock
            holder = sqlite3.connect(store_settings.data_dir / "factbot.sqlite3",
                                     isolation_level=None, check_same_thread=False)
            holder.execute("BEGIN IMMEDIATE")
            end_outage = lambda: (holder.execute("COMMIT"), holder.close())  # noqa: E731
        else:  # PostgreSQL restarts: every connection drops
            server = postgres_or_skip(postgres_server)
            server.stop(mode="fast")
            end_outage = server.start_again
        try:
            loopback.release()  # Discord posts the message; the bot cannot record it yet
            await bot.wait_for(lambda: bot.bot.delivery.stats.store_errors > 0, timeout=30)
            assert bot.bot.task_health.running["alert delivery"]  # waiting, not dead
        finally:
            await asyncio.to_thread(end_outage)
        await bot.wait_for(lambda: all(loopback.messages.get(c) for c in channels), timeout=60)
        await wait_until_delivered(store_settings, len(channels))
        assert bot.bot.delivery.stats.store_down_since is None  # it noticed the return
        assert bot.bot.task_health.crashes == {}
    assert [loopback.titles(c) for c in channels] == [["New fact: Niger"]] * len(channels)
    assert await asyncio.to_thread(outbox, store_settings) == {"sent": len(channels)}


async def test_a_deleted_alert_seen_on_a_retry_counts_as_delivered(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 2)
    loopback.add_channels(channels)
    # The repeat of a posted alert whose message a moderator deleted: 404 with code 10008.
    loopback.fail("POST", rf"^/channels/{channels[0]}/messages$", 404, code=10008)
    async with running_bot(loopback, store_settings):
        new_fact(store_settings)
        await wait_until_delivered(store_settings, 2)
        subscriptions = await asyncio.to_thread(bot_subscriptions, store_settings)
    assert {s.channel_id: s.status for s in subscriptions}[channels[0]] == "active"


def bot_subscriptions(settings: Settings) -> list:
    from bot.store.database import open_database
    from bot.store.store import Store

    store = Store(open_database(settings.data_dir, settings.database_url))
    try:
        return store.subscriptions(world.GUILD_ID)
    finally:
        store.close()


async def test_automod_blocking_the_bot_pauses_the_channel_and_tells_the_server(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 2)
    loopback.add_channels(channels)
    loopback.fail("POST", rf"^/channels/{channels[0]}/messages$", 400, code=200000)
    async with running_bot(loopback, store_settings) as bot:
        new_fact(store_settings)
        await bot.wait_for(lambda: loopback.messages.get(channels[1]))
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))  # the system channel
        notice = str(loopback.messages[world.CHANNEL_ID][-1])
    assert "Alerts paused" in notice and "AutoMod blocks the bot" in notice
    paused = {s.channel_id: s for s in await asyncio.to_thread(bot_subscriptions,
                                                                store_settings)}[channels[0]]
    assert paused.status == "paused" and "AutoMod" in (paused.paused_reason or "")
    assert await asyncio.to_thread(outbox, store_settings) == {"sent": 1, "held": 1}


async def test_a_revoked_token_stops_every_send_at_once_and_says_so(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 40)
    loopback.add_channels(channels)
    loopback.fail("POST", MESSAGES, 401, times=10_000)
    async with running_bot(loopback, store_settings) as bot:
        new_fact(store_settings)
        await bot.wait_for(lambda: bot.bot.delivery.stats.stopped)
        await asyncio.sleep(1.0)  # time for more sends, had they not stopped
        refused = sum(r.status == 401 for r in loopback.requests if r.path.endswith("messages"))
        healthy, lines = verdict(bot)
    assert refused <= 5, refused  # the sends already in flight, not one per delivery
    assert not healthy and "Discord refused the bot's token" in lines
    assert await asyncio.to_thread(outbox, store_settings) == {"pending": len(channels)}


async def test_a_ban_at_discords_edge_holds_every_send(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 6)
    loopback.add_channels(channels)
    loopback.fail("POST", MESSAGES, 429, html=True, retry_after=2)  # HTML, no Via header
    async with running_bot(loopback, store_settings) as bot:
        new_fact(store_settings)
        await bot.wait_for(lambda: loopback.matching("POST", MESSAGES))
        await asyncio.sleep(1.0)
        during = len(loopback.matching("POST", MESSAGES))
        await wait_until_delivered(store_settings, len(channels))
    assert during <= 2  # after the edge's 429 nothing more was sent (one was in flight)
    assert [loopback.titles(c) for c in channels] == [["New fact: Niger"]] * len(channels)


async def test_sending_pauses_before_discords_invalid_request_ban(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult,
        tmp_path: Path):
    channels = subscribed_channels(store_settings, shipped, 30)
    loopback.add_channels(channels)
    loopback.fail("POST", MESSAGES, 403, times=10_000)  # every channel denies the bot
    async with running_bot(loopback, store_settings) as bot:
        bot.bot.delivery.invalid_limit = 5  # Discord's 10,000, scaled down
        new_fact(store_settings)
        await bot.wait_for(lambda: bot.bot.delivery.stats.invalid_requests >= 5, timeout=30)
        await asyncio.sleep(1.0)
        refused = [r for r in loopback.requests if r.status == 403]
        alerts = [r for r in refused if any(r.path == f"/channels/{c}/messages"
                                            for c in channels)]
    assert 3 <= len(alerts) <= 8, len(alerts)  # paused near the budget, not at every channel
    assert len(refused) <= 12, len(refused)  # the notices' refusals count too


async def test_a_sqlite_file_deleted_under_the_bot_stops_writing_loudly(
        loopback: LoopbackDiscord, settings: Settings, caplog):
    async with running_bot(loopback, settings) as bot:
        await bot.command("subscribe", who=ADMIN)
        (settings.data_dir / "factbot.sqlite3").unlink()
        await bot.wait_for(lambda: not bot.bot.task_health.running.get("alert delivery", True),
                           timeout=30)
        healthy, lines = verdict(bot)
        reply = await bot.command("subscriptions", who=ADMIN)
    assert not healthy and "deleted or replaced" in lines
    assert reply["data"]["embeds"][0]["title"] == "Subscriptions unavailable"
    assert any("deleted or replaced" in r.getMessage() or "deleted or replaced" in
               str(r.exc_info) for r in caplog.records if r.levelname == "CRITICAL")


async def test_a_channel_whose_overwrites_deny_the_bot_is_refused_by_discord_itself(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    """No injected fault: the loopback computes the bot's permissions from the server's roles
    and the channel's overwrites (the locked channel denies it Send Messages), as Discord
    does, and answers 403 50013; the bot pauses that channel and tells the server."""
    from bot.app.announcement import announce_changes
    from bot.store.database import open_database
    from bot.store.store import Store

    store = Store(open_database(store_settings.data_dir, store_settings.database_url))
    announce_changes(store, shipped.base)
    store.subscribe(world.GUILD_ID, world.LOCKED_ID, "", False, world.OWNER_ID)
    store.close()
    async with running_bot(loopback, store_settings) as bot:
        new_fact(store_settings)
        await bot.wait_for(lambda: paused_reason(store_settings, world.LOCKED_ID))
    refused = loopback.matching("POST", rf"^/channels/{world.LOCKED_ID}/messages$")
    assert [r.status for r in refused] == [403]
    assert "may no longer post there" in paused_reason(store_settings, world.LOCKED_ID)
    assert world.LOCKED_ID not in loopback.messages


def paused_reason(settings: Settings, channel_id: int) -> str:
    return next((s.paused_reason or "" for s in bot_subscriptions(settings)
                 if s.channel_id == channel_id and s.status == "paused"), "")
