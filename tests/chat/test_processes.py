"""Large deployments: two shard processes share one PostgreSQL; the health signal.

The two processes run ``factbot run`` with SHARD_COUNT=2 and SHARD_IDS 0 and 1 against the
loopback Discord, which routes each event to the shard Discord would. Both reload the same fact
files and announce; one holds the dispatcher lock and delivers; killing it hands over to the other.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.cli import main as factbot
from bot.core.facts.loader import LoadResult
from bot.health import read_health
from bot.settings import Settings
from tests.chat.processes import process_env, subscribed_channels, wait_until_delivered
from tests.factfiles import add_fact
from tests.loopback.harness import Interactions, running_bot, start_factbot_run
from tests.loopback.server import LoopbackDiscord
from tests.postgres import postgres_or_skip

DELIVERS = "this process now delivers alerts"


async def test_two_shard_processes_on_one_postgres_deliver_each_alert_once(
        loopback: LoopbackDiscord, settings: Settings, facts: Path, shipped: LoadResult,
        postgres_server, tmp_path: Path):
    shared = dataclasses.replace(settings, facts_dir=facts,
                                 database_url=postgres_or_skip(postgres_server).new_database())
    channels = subscribed_channels(shared, shipped, 12)
    loopback.add_channels(channels)
    logs = [tmp_path / "shard-0.log", tmp_path / "shard-1.log"]
    processes = []
    for shard in (0, 1):
        env = process_env(dataclasses.replace(shared, data_dir=tmp_path / f"data-{shard}"))
        env |= {"SHARD_COUNT": "2", "SHARD_IDS": str(shard)}
        processes.append(await start_factbot_run(env, log=logs[shard]))

    def alive() -> None:
        for shard, process in enumerate(processes):
            assert process.returncode is None, logs[shard].read_text()

    discord = Interactions(loopback, alive)
    try:
        await discord.wait_for(lambda: sorted(loopback.identified_shards) == [0, 1], timeout=60)
        assert loopback.shard_count == 2
        reply = await discord.command("country", name="mali")  # to the guild's shard only
        assert reply["data"]["embeds"][0]["title"] == "Mali"
        assert len(loopback.matching("POST", r"^/interactions/")) == 1

        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await wait_until_delivered(shared, len(channels))  # both reloaded; one queue, one send
        dispatcher = next(n for n in (0, 1) if DELIVERS in logs[n].read_text())
        assert DELIVERS not in logs[1 - dispatcher].read_text()

        loopback.hold_messages_after(len(channels) + 4)
        add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")
        await discord.wait_for(lambda: loopback.held, timeout=60)
        processes[dispatcher].kill()  # the dispatcher dies mid fan-out
        await processes[dispatcher].wait()
        processes.pop(dispatcher)
        loopback.release()
        await wait_until_delivered(shared, 2 * len(channels))  # the standby took over
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
                await process.wait()
    assert DELIVERS in logs[1 - dispatcher].read_text()
    assert [loopback.titles(c) for c in channels] == \
        [["New fact: Niger", "New fact: Mali"]] * len(channels)


async def test_the_health_signal_follows_the_bot(loopback: LoopbackDiscord, settings: Settings,
                                                 capsys):
    health = ["health", "--file", str(settings.health_file)]

    def connected() -> bool | None:
        report = read_health(settings.health_file)  # the client is ready and shard 0 is up
        return report and report["gateway"]["connected"] and \
            report["gateway"]["shards"].get("0", {}).get("connected")

    def delivering() -> bool | None:
        report = read_health(settings.health_file)
        return report and report["delivery"]["dispatching"]

    async with running_bot(loopback, settings) as bot:
        await bot.wait_for(lambda: connected() is True and delivering() is True)
        assert factbot(health) == 0
        out = capsys.readouterr().out
        assert out.startswith("healthy") and "gateway connected (1 shard)" in out
        assert "serving 46 facts; last load clean" in out and "this process delivers" in out
        loopback.gateway_down = True  # an outage: the connection drops and cannot come back
        await loopback.drop_gateway(code=4000)
        await bot.wait_for(lambda: connected() is False)
        assert factbot(health) == 1
        assert "not connected to Discord's gateway (shards 0)" in capsys.readouterr().out
        loopback.gateway_down = False
        await bot.wait_for(lambda: connected() is True, timeout=30)
        assert factbot(health) == 0
    assert not settings.health_file.exists()  # stopped: no report pretends otherwise
    assert factbot(health) == 1
    assert "the bot is not running" in capsys.readouterr().out
