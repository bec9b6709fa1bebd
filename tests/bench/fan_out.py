"""Fan-out benchmark: one new fact to N subscribed channels through a loopback Discord.

The loopback enforces Discord's limits (50 requests a second, 5 messages per 5 s per channel) and
answers each message after ``--latency`` seconds, like a real network. Ours is ``factbot run`` as a
process, SIGKILLed part-way through the fan-out and restarted; the figures are its sustained
send rate against the global limit, 429s, duplicates and losses, and what the health signal and
logs showed mid-run. Beside it, in the same run, naive senders post to the same kind of loopback
for ``--naive-seconds``: one message after another without pacing, and all at once (50 in flight)
without pacing. Run: ``python -m tests.bench.fan_out [--channels 10000]``.

The loopback runs in this process with the cyclic garbage collector off: it keeps every request
it answers, and a collection over them pauses its event loop long enough (tens of ms, late in a
10k run) that the requests arriving meanwhile are all stamped at once, as a burst Discord never
saw. Those stamps decide its 429s, so they must be arrival times.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import shutil
import tempfile
import time
from pathlib import Path

import aiohttp

from bot.core.facts.loader import load_fact_base
from bot.health import read_health
from bot.settings import Settings
from tests.chat.processes import outbox, process_env, subscribed_channels
from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ROOT, start_factbot_run
from tests.loopback.server import GLOBAL_LIMIT, LoopbackDiscord

MESSAGES = r"^/channels/\d+/messages$"


def rates(times: list[float], window: float = 10.0) -> tuple[float, float]:
    """Overall rate of events, and the lowest rate over any full ``window`` of seconds."""
    if len(times) < 2:
        return 0.0, 0.0
    times = sorted(times)
    overall = (len(times) - 1) / (times[-1] - times[0])
    lowest, start = float("inf"), 0
    for end, moment in enumerate(times):
        while moment - times[start] > window:
            start += 1
        if moment - times[0] >= window:
            lowest = min(lowest, (end - start) / window)
    return overall, (overall if lowest == float("inf") else lowest)


async def ours(channels: int, latency: float, kill_at: float, database_url: str | None,
               work: Path) -> dict:
    """Fan out with ``factbot run``, SIGKILLed after ``kill_at`` of the messages and restarted."""
    loopback = await LoopbackDiscord(validate=False).start()
    try:
        loopback.message_delay = latency
        facts = work / "facts"
        shutil.copytree(ROOT / "facts", facts)
        settings = Settings(token=world.TOKEN, facts_dir=facts, seeds_dir=ROOT / "seeds",
                            data_dir=work / "data", api_base=loopback.api_base,
                            database_url=database_url)
        shipped = load_fact_base(facts, ROOT / "seeds")
        ids = await asyncio.to_thread(subscribed_channels, settings, shipped, channels)
        loopback.add_channels(ids)
        loopback.enforce_rate_limits = True
        add_fact(facts, "bench-fact", "Niger opened a new benchmark road.", "niger")
        env = {**process_env(settings), "LOG_LEVEL": "INFO"}
        log = work / "bot.log"
        started = time.monotonic()
        first = await start_factbot_run(env, log=log)
        await loopback.wait_for(lambda: loopback.message_count() >= channels * kill_at,
                                timeout=channels)
        health = read_health(settings.health_file) or {}
        first.kill()
        await first.wait()
        killed_at = loopback.message_count()
        restarted = time.monotonic()
        second = await start_factbot_run(env, log=log)
        await loopback.wait_for(lambda: loopback.message_count() >= channels, timeout=channels)
        deadline = time.monotonic() + 60
        while (await asyncio.to_thread(outbox, settings)).get("sent", 0) < channels and \
                time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        total = time.monotonic() - started
        second.terminate()
        await second.wait()
        created = sorted(r.at for r in loopback.matching("POST", MESSAGES) if r.status == 200)
        first_part = [moment for moment in created if moment < restarted]
        second_part = [moment for moment in created if moment >= restarted]
        progress = [line for line in log.read_text().splitlines() if "alerts: " in line]
        return {
            "channels": channels, "seconds": total,
            "rate_first_process": rates(first_part), "rate_after_restart": rates(second_part),
            "rate_429_first_process": sum(r.at < restarted for r in loopback.rate_limited),
            "rate_429_after_restart": sum(r.at >= restarted for r in loopback.rate_limited),
            "duplicates": sum(max(0, len(loopback.messages.get(c, [])) - 1) for c in ids),
            "lost": sum(1 for c in ids if not loopback.messages.get(c)),
            "nonce_replays": loopback.nonce_replays, "killed_after": killed_at,
            "health_mid_run": {"outbox_pending": health.get("outbox", {}).get("pending"),
                               "sent": health.get("delivery", {}).get("sent"),
                               "in_flight": health.get("delivery", {}).get("in_flight")},
            "progress_log_lines": len(progress),
            "last_progress_line": progress[-1].split(": ", 1)[-1] if progress else "",
        }
    finally:
        await loopback.close()


async def naive(latency: float, seconds: float, in_flight: int) -> dict:
    """Post one message per channel without pacing, ``in_flight`` at a time, for ``seconds``.

    On a 429 it waits what Discord asks and retries, as a careful naive bot would.
    """
    loopback = await LoopbackDiscord(validate=False).start()
    try:
        loopback.message_delay = latency
        loopback.enforce_rate_limits = True
        base = world.CHANNEL_ID + 5_000_000
        loopback.add_channels([base + n for n in range(1_000_000)])
        headers = {"Authorization": f"Bot {world.TOKEN}"}
        deadline = time.monotonic() + seconds
        counter = iter(range(1_000_000))
        async with aiohttp.ClientSession(headers=headers) as session:

            async def sender() -> None:
                while time.monotonic() < deadline:
                    channel = base + next(counter)
                    while time.monotonic() < deadline:
                        async with session.post(
                                f"{loopback.api_base}/channels/{channel}/messages",
                                json={"content": "new fact"}) as response:
                            body = await response.json()
                        if response.status != 429:
                            break
                        await asyncio.sleep(body["retry_after"])

            await asyncio.gather(*(sender() for _ in range(in_flight)))
        created = [r.at for r in loopback.matching("POST", MESSAGES) if r.status == 200]
        return {"rate": rates(created), "rate_429": len(loopback.rate_limited),
                "sent": len(created)}
    finally:
        await loopback.close()


def report(figures: dict) -> str:
    """The benchmark's table."""
    mine, sequential, flood = figures["ours"], figures["sequential"], figures["flood"]
    limit = GLOBAL_LIMIT
    lines = [f"Fan-out: 1 new fact to {mine['channels']:,} channels; loopback Discord enforcing "
             f"{limit} req/s and 5 per 5 s per channel, {figures['latency'] * 1000:.0f} ms per "
             "message",
             f"{'':34}{'overall/s':>10} {'lowest 10 s/s':>14} {'of limit':>9} {'429s':>6}"]

    def row(name: str, rate: tuple[float, float], limited: int) -> str:
        return (f"{name:<34}{rate[0]:>10.1f} {rate[1]:>14.1f} {rate[1] / limit:>9.0%} "
                f"{limited:>6}")

    lines.append(row("ours, before SIGKILL", mine["rate_first_process"],
                     mine["rate_429_first_process"]))
    lines.append(row("ours, after restart", mine["rate_after_restart"],
                     mine["rate_429_after_restart"]))
    lines.append(row(f"naive sequential ({figures['naive_seconds']:.0f} s)",
                     sequential["rate"], sequential["rate_429"]))
    lines.append(row(f"naive 50 in flight ({figures['naive_seconds']:.0f} s)", flood["rate"],
                     flood["rate_429"]))
    ratio = mine["rate_after_restart"][1] / max(sequential["rate"][1], 0.01)
    lines.append(f"ours vs naive sequential: ×{ratio:.1f} sustained; all {mine['channels']:,} "
                 f"in {mine['seconds']:.0f} s including the kill and restart "
                 f"(naive sequential would need "
                 f"{mine['channels'] / max(sequential['rate'][0], 0.01):.0f} s)")
    lines.append(f"killed after {mine['killed_after']:,} messages: {mine['duplicates']} "
                 f"duplicates, {mine['lost']} lost, {mine['nonce_replays']} in-flight sends "
                 "repeated and answered with the original message")
    health = mine["health_mid_run"]
    lines.append(f"mid-run health signal: {health['sent']} sent, {health['in_flight']} in "
                 f"flight, {health['outbox_pending']} pending; log: "
                 f"{mine['progress_log_lines']} progress lines, last "
                 f"\"{mine['last_progress_line']}\"")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> dict:
    """Run the three measurements, each against its own loopback."""
    collecting = gc.isenabled()
    gc.disable()  # see the module's docstring
    try:
        with tempfile.TemporaryDirectory(prefix="factbot-fanout-") as folder:
            mine = await ours(args.channels, args.latency, args.kill_at, args.database_url,
                              Path(folder))
        sequential = await naive(args.latency, args.naive_seconds, 1)
        flood = await naive(args.latency, args.naive_seconds, 50)
    finally:
        if collecting:
            gc.enable()
    return {"ours": mine, "sequential": sequential, "flood": flood,
            "latency": args.latency, "naive_seconds": args.naive_seconds}


def main() -> None:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.fan_out",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.1,
                        help="seconds Discord takes per message (0.1)")
    parser.add_argument("--kill-at", type=float, default=0.3,
                        help="SIGKILL the bot after this share of the messages (0.3)")
    parser.add_argument("--naive-seconds", type=float, default=30.0)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (default SQLite)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(main_async(args))
    print(json.dumps(figures, indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
