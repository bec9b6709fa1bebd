"""A process that starts delivering right after another one stopped waits out Discord's window.

Discord counts every request of the bot in one global window, whichever process sent it. A
dispatcher that takes over (from a killed process, or its own previous run) just after the last
send would otherwise meet the window its predecessor filled, and a 429.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord

from bot.chat.messenger import DiscordMessenger
from bot.pipeline.delivery import DeliveryWorker
from bot.store.database import open_database
from bot.store.store import Outgoing, Store
from tests.loopback import world
from tests.loopback.server import GLOBAL_LIMIT, LoopbackDiscord


def queue(store: Store, channels: list[int]) -> None:
    outgoing = []
    for channel in channels:
        subscription, _ = store.subscribe(world.GUILD_ID, channel, "", False, world.OWNER_ID)
        outgoing.append(Outgoing(subscription.id, channel, "new",
                                 {"content": f"alert for {channel}", "allowed_mentions":
                                  {"parse": []}}))
    store.enqueue(outgoing)


async def test_a_new_dispatcher_waits_out_the_global_window_its_predecessor_used(
        loopback: LoopbackDiscord, tmp_path: Path):
    store = Store(open_database(tmp_path, None))
    channels = [world.CHANNEL_ID + 500 + n for n in range(6)]
    loopback.add_channels(channels)
    loopback.enforce_rate_limits = True
    queue(store, channels[:1])
    (earlier,) = store.due()
    store.mark_sent(earlier.id, 1)  # the previous process's last send, just now ...
    loopback.fill_global_window(GLOBAL_LIMIT)  # ... at the end of a full second of sends
    queue(store, channels[1:])
    messenger = DiscordMessenger(discord.Client(intents=discord.Intents.none()),
                                 loopback.api_base, world.TOKEN)
    worker = DeliveryWorker(store, messenger)
    running = asyncio.create_task(worker.run())
    try:
        await loopback.wait_for(lambda: all(loopback.messages.get(c) for c in channels[1:]),
                                timeout=20)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await messenger.close()
        store.close()
    assert loopback.rate_limited == []
    assert [len(loopback.messages[c]) for c in channels[1:]] == [1] * 5
