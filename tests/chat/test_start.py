"""Start is a reload: a record with a problem is neither served nor announced at start, exactly
as a live reload would refuse it, and the maintainers hear what was left out."""

from __future__ import annotations

import asyncio

from bot.core.facts.loader import LoadResult
from bot.settings import Settings
from bot.store.database import open_database
from bot.store.store import Store
from tests.chat.processes import outbox, subscribed_channels, wait_until_delivered
from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ADMIN, ChannelOption, running_bot
from tests.loopback.server import LoopbackDiscord


async def test_a_bad_fact_present_at_start_is_neither_served_nor_announced(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    channels = subscribed_channels(store_settings, shipped, 3)
    loopback.add_channels(channels)
    add_fact(store_settings.facts_dir, "niger-good-fact", "Niger opened a good test road.",
             "niger")
    add_fact(store_settings.facts_dir, "niger-bad-fact", "Niger opened an invented road.",
             "niger", quote="Niger opened an invented road")  # F207: not in the article
    async with running_bot(loopback, store_settings) as bot:
        await wait_until_delivered(store_settings, len(channels))
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))  # maintainers' channel
        timeline = await bot.command("timeline", name="niger", page=3)
        search = await bot.command("search", query="invented road")
    alerts = [str(message) for c in channels for message in loopback.messages[c]]
    assert all("good test road" in alert for alert in alerts) and len(alerts) == len(channels)
    assert not any("invented" in alert for alert in alerts)
    assert "Niger opened an invented road" not in str(timeline) + str(search)
    report = str(loopback.messages[world.CHANNEL_ID][-1])
    assert "Fact base started with problems" in report and "F207" in report
    assert await asyncio.to_thread(outbox, store_settings) == {"sent": len(channels)}


async def test_a_deleted_channel_and_a_removed_bot_pause_alerts_without_telling_anyone(
        loopback: LoopbackDiscord, store_settings: Settings, shipped: LoadResult):
    async with running_bot(loopback, store_settings) as bot:
        for channel in (world.CHANNEL_ID, world.ALERTS_ID):
            await bot.command("subscribe", who=ADMIN, channel=ChannelOption(channel))
        await loopback.dispatch("CHANNEL_DELETE", world.channel(world.ALERTS_ID, "alerts"))
        await bot.wait_for(lambda: paused_reasons(store_settings).get(world.ALERTS_ID))
        add_fact(store_settings.facts_dir, "niger-test-fact", "Niger opened a test road.",
                 "niger")
        await bot.wait_for(lambda: "New fact: Niger" in loopback.titles(world.CHANNEL_ID))
        await loopback.dispatch("GUILD_DELETE", {"id": str(world.GUILD_ID)})
        await bot.wait_for(lambda: paused_reasons(store_settings).get(world.CHANNEL_ID))
        add_fact(store_settings.facts_dir, "mali-test-fact", "Mali opened a test road.", "mali")
        await asyncio.sleep(2.0)  # a reload and a delivery round, had anything been sent
    reasons = paused_reasons(store_settings)
    assert reasons == {world.ALERTS_ID: "the channel was deleted",
                       world.CHANNEL_ID: "the bot was removed from the server"}
    assert "New fact: Mali" not in loopback.titles(world.CHANNEL_ID)
    assert not loopback.titles(world.ALERTS_ID)
    assert not loopback.matching("POST", r"^/users/@me/channels$")  # nobody was DMed


def paused_reasons(settings: Settings) -> dict[int, str]:
    store = Store(open_database(settings.data_dir, settings.database_url))
    try:
        return {s.channel_id: s.paused_reason or "" for s in store.subscriptions(world.GUILD_ID)
                if s.status == "paused"}
    finally:
        store.close()
