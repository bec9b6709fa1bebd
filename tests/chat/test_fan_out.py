"""Fan-out to many channels, on SQLite and PostgreSQL: a crash mid-way and a storm of errors.

Subscriptions are written with the real store, as ``/subscribe`` would leave them, so each test
can subscribe dozens of channels without dozens of interactions.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.facts.loader import LoadResult
from bot.settings import Settings
from bot.store.database import open_database
from bot.store.store import Outgoing, Store
from tests.chat.processes import outbox, process_env, subscribed_channels, wait_until_delivered
from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import running_bot, start_factbot_run
from tests.loopback.server import LoopbackDiscord


async def test_a_bot_killed_mid_fan_out_completes_it_after_restart_without_duplicates(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult,
        tmp_path: Path):
    channels = subscribed_channels(store_settings, shipped, 16)
    loopback.add_channels(channels)
    add_fact(store_settings.facts_dir, "niger-test-fact", "Niger opened a new test road.", "niger")
    loopback.hold_messages_after(6)  # sends after the 6th stay in flight until the bot is dead
    log = tmp_path / "bot.log"
    first = await start_factbot_run(process_env(store_settings), log=log)
    try:
        await loopback.wait_for(lambda: loopback.held, timeout=60)
    finally:
        first.kill()  # SIGKILL: no shutdown code runs
        await first.wait()
    loopback.release()  # Discord still creates the messages whose sender died
    await loopback.wait_for(lambda: loopback.waiting == 0)
    assert loopback.message_count() == 6 + loopback.held < len(channels) + 1

    second = await start_factbot_run(process_env(store_settings), log=log)
    try:
        await wait_until_delivered(store_settings, len(channels))
    finally:
        second.terminate()
        await second.wait()
    assert [loopback.titles(c) for c in channels] == [["New fact: Niger"]] * len(channels), \
        log.read_text()
    # Each send in flight at the kill (and any the bot had no time to mark sent) was repeated
    # after the restart, and Discord answered with the message the first send created.
    assert loopback.held <= loopback.nonce_replays <= 6 + loopback.held
    assert await asyncio.to_thread(outbox, store_settings) == {"sent": len(channels)}


async def test_a_storm_of_429s_and_500s_delays_but_never_loses_or_doubles(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 60)
    loopback.add_channels(channels)
    async with running_bot(loopback, store_settings) as bot:
        loopback.enforce_rate_limits = True  # Discord's 50/s and 5 per 5 s per channel
        loopback.fail("POST", r"^/channels/\d+/messages$", 429, times=8, retry_after=0.2)
        loopback.fail("POST", r"^/channels/\d+/messages$", 500, times=2)
        add_fact(store_settings.facts_dir, "niger-test-fact", "Niger opened a new test road.",
                 "niger")
        await bot.wait_for(lambda: all(loopback.messages.get(c) for c in channels), timeout=60)
        await wait_until_delivered(store_settings, len(channels))
    assert [loopback.titles(c) for c in channels] == [["New fact: Niger"]] * len(channels)
    assert loopback.rate_limited == []  # paced below Discord's limits: none beyond the storm
    assert sum(r.status == 429 for r in loopback.requests) == 8


async def test_a_refused_payload_is_recorded_as_failed_and_the_others_go_on(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult, caplog):
    channels = subscribed_channels(store_settings, shipped, 3)
    loopback.add_channels(channels)
    loopback.fail("POST", rf"^/channels/{channels[0]}/messages$", 400)
    async with running_bot(loopback, store_settings) as bot:
        add_fact(store_settings.facts_dir, "niger-test-fact", "Niger opened a new test road.",
                 "niger")
        await bot.wait_for(lambda: all(loopback.messages.get(c) for c in channels[1:]))
        await wait_until_delivered(store_settings, 2)
    assert await asyncio.to_thread(outbox, store_settings) == {"sent": 2, "failed": 1}
    assert channels[0] not in loopback.messages
    refused = [r.getMessage() for r in caplog.records if "rejected delivery" in r.getMessage()]
    assert len(refused) == 1 and "New fact: Niger" in refused[0]  # logged with its payload


async def test_a_restart_after_discord_forgot_the_nonces_still_posts_each_alert_once(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult,
        tmp_path: Path):
    """Discord checks a nonce only "in the past few minutes": a send in flight at a SIGKILL,
    retried after that, would post again. The restarted bot reads the channel's history for
    the alert's reference first (the loopback forgets nonces after half a second here, and the
    bot trusts a nonce for half a second)."""
    channels = subscribed_channels(store_settings, shipped, 8)
    loopback.add_channels(channels)
    loopback.nonce_window = 0.5
    add_fact(store_settings.facts_dir, "niger-test-fact", "Niger opened a new test road.", "niger")
    loopback.hold_messages_after(3)
    first = await start_factbot_run(process_env(store_settings), log=tmp_path / "bot.log")
    try:
        await loopback.wait_for(lambda: loopback.held, timeout=60)
    finally:
        first.kill()
        await first.wait()
    loopback.release()  # Discord creates the messages whose sender died
    await loopback.wait_for(lambda: loopback.waiting == 0)
    in_flight = loopback.held
    await asyncio.sleep(1.0)  # past the nonce window: a repeat would post again
    async with running_bot(loopback, store_settings, nonce_window=0.5):
        await wait_until_delivered(store_settings, len(channels))
    assert [loopback.titles(c) for c in channels] == [["New fact: Niger"]] * len(channels)
    assert loopback.nonce_replays == 0 and in_flight >= 1
    assert len(loopback.matching("GET", r"^/channels/\d+/messages$")) >= in_flight
    footers = [m["embeds"][-1]["footer"]["text"] for c in channels for m in loopback.messages[c]]
    assert all(" · ref " in text for text in footers)  # each alert carries its reference


@pytest.mark.parametrize("limit", [(3, 2.0), (7, 3.0)])
async def test_the_pacer_follows_the_rate_limit_headers_discord_sends(
        loopback: LoopbackDiscord, settings: Settings, limit: tuple[int, float]):
    """Discord does not document the per-channel message limit as a number: the loopback
    enforces one or another, and the bot paces from the X-RateLimit headers it answers with."""
    store = Store(open_database(settings.data_dir, None))
    subscription, _ = store.subscribe(world.GUILD_ID, world.ALERTS_ID, "", False,
                                      world.OWNER_ID)
    store.enqueue([Outgoing(subscription.id, world.ALERTS_ID, "backlog",
                            {"embeds": [{"title": f"Backlog {n}", "color": 0}],
                             "allowed_mentions": {"parse": []}}) for n in range(9)])
    store.close()
    loopback.channel_limit = limit
    loopback.enforce_rate_limits = True
    async with running_bot(loopback, settings) as bot:
        await bot.wait_for(lambda: len(loopback.messages.get(world.ALERTS_ID, [])) == 9,
                           timeout=30)
    assert loopback.rate_limited == []  # no 429: the bucket's headers were heeded
    assert loopback.titles(world.ALERTS_ID) == [f"Backlog {n}" for n in range(9)]
