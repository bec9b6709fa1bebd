"""Fairness benchmark: how long a new fact takes to reach other channels while one channel
has a long backlog queued (Discord lets a channel take 5 messages in 5 seconds).

Ours takes due rows round-robin across channels (at most 2 of a channel's per batch); beside
it, in the same run, the same bot reading its outbox the way it did before, the oldest due rows
first whatever their channel, which fills every batch with the one paced channel's backlog. Run:
``python -m tests.bench.fairness [--backlog 600] [--others 20]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bot.core.facts.loader import load_fact_base
from bot.settings import Settings
from bot.store.database import open_database
from bot.store.store import Delivery, Outgoing, Store
from tests.chat.processes import subscribed_channels
from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ROOT, running_bot
from tests.loopback.server import LoopbackDiscord


class OldestFirst:
    """The store as the worker read it before: the ``limit`` oldest due rows, whatever their
    channel (the naive baseline; everything else is the real store)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def due(self, limit: int = 100, now: float | None = None,
            per_channel: int = 2) -> list[Delivery]:
        """Every due row, oldest first, cut at ``limit``."""
        return sorted(self.store.due(10**9, now, 10**9), key=lambda row: row.id)[:limit]


async def one_run(backlog: int, others: int, oldest_first: bool, cap: float,
                  work: Path) -> dict:
    """Seconds from a new fact's reload to each other channel, behind ``backlog`` rows."""
    loopback = await LoopbackDiscord(validate=False).start()
    try:
        facts = work / "facts"
        shutil.copytree(ROOT / "facts", facts)
        settings = Settings(token=world.TOKEN, facts_dir=facts, seeds_dir=ROOT / "seeds",
                            data_dir=work / "data", api_base=loopback.api_base)
        shipped = load_fact_base(facts, ROOT / "seeds")
        busy, *rest = await asyncio.to_thread(subscribed_channels, settings, shipped,
                                              others + 1)
        store = Store(open_database(settings.data_dir, None))
        (subscription,) = [s for s in store.subscriptions(world.GUILD_ID)
                           if s.channel_id == busy]
        store.enqueue([Outgoing(subscription.id, busy, "backlog",
                                {"embeds": [{"title": f"Backlog {n}", "color": 0}],
                                 "allowed_mentions": {"parse": []}}) for n in range(backlog)])
        store.close()
        loopback.add_channels([busy, *rest])
        loopback.enforce_rate_limits = True
        async with running_bot(loopback, settings) as bot:
            if oldest_first:
                bot.bot.delivery.store = OldestFirst(bot.bot.delivery.store)  # type: ignore
            await asyncio.sleep(1.0)  # the backlog is under way
            started = time.monotonic()
            add_fact(facts, "bench-fact", "Niger opened a new benchmark road.", "niger")
            arrived: dict[int, float] = {}
            while len(arrived) < len(rest) and time.monotonic() - started < cap:
                for channel in rest:
                    if channel not in arrived and loopback.messages.get(channel):
                        arrived[channel] = time.monotonic() - started
                await asyncio.sleep(0.05)
        delays = sorted(arrived.values())
        return {"reached": len(arrived), "of": len(rest), "cap_s": cap,
                "median_s": statistics.median(delays) if delays else None,
                "max_s": delays[-1] if len(delays) == len(rest) else None}
    finally:
        await loopback.close()


def _seconds(value: float | None, cap: float) -> str:
    return f"{value:6.1f} s" if value is not None else f"> {cap:.0f} s"


def report(figures: dict) -> str:
    """The benchmark as text: ours beside oldest-first."""
    lines = [f"Fairness: a new fact to {figures['others']} channels while one channel has "
             f"{figures['backlog']} backlog messages queued (paced at 5 per 5 s)",
             "                         median      last  reached"]
    for name in ("ours (round-robin)", "oldest first"):
        run = figures[name]
        lines.append(f"  {name:<20} {_seconds(run['median_s'], run['cap_s'])} "
                     f"{_seconds(run['max_s'], run['cap_s'])}  {run['reached']}/{run['of']}")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> dict:
    """Run ours, then oldest-first, on fresh folders and loopbacks."""
    figures: dict = {"backlog": args.backlog, "others": args.others}
    for name, oldest_first in (("ours (round-robin)", False), ("oldest first", True)):
        with tempfile.TemporaryDirectory() as folder:
            figures[name] = await one_run(args.backlog, args.others, oldest_first, args.cap,
                                          Path(folder))
    return figures


def main() -> None:
    """``python -m tests.bench.fairness``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backlog", type=int, default=600)
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--cap", type=float, default=180.0,
                        help="stop waiting for the other channels after this many seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(main_async(args))
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    main()
