"""The health signal: a small JSON file the running bot rewrites every few seconds.

``factbot health`` (the container's healthcheck) reads it: healthy while the file is fresh and
the gateway is connected. It also shows whether the last fact-base load was clean and how many
alerts wait in the outbox, which are worth a look but do not make the bot unhealthy: it keeps
answering from the last good base and keeps delivering. No Discord import: the bot fills in the
report; this module writes and judges it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.atomic import atomic_write

__all__ = ["BUSY_HEALTH_INTERVAL", "HEALTH_INTERVAL", "STALE_AFTER", "Verdict", "judge_health",
           "read_health", "write_health"]

HEALTH_INTERVAL = 10.0  # seconds between writes
BUSY_HEALTH_INTERVAL = 2.0  # seconds between writes while a fan-out is in flight
STALE_AFTER = 60.0  # a report older than this means the bot is stopped or hung
SLOW_OUTBOX = 600.0  # an alert waiting longer than this is worth a warning


@dataclass(frozen=True, slots=True)
class Verdict:
    """Healthy or not, and the lines that explain it (problems first)."""

    healthy: bool
    lines: list[str]


def write_health(path: Path, report: dict[str, Any]) -> None:
    """Replace the health file atomically (a reader never sees half a report)."""
    atomic_write(path, json.dumps(report, indent=1, sort_keys=True).encode())


def read_health(path: Path) -> dict[str, Any] | None:
    """The last report, or None when there is none (or it cannot be read)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) else None


def judge_health(report: dict[str, Any] | None, now: float | None = None,
                 stale_after: float = STALE_AFTER) -> Verdict:
    """Whether a report says the bot is healthy, with a line per finding."""
    if report is None:
        return Verdict(False, ["no health report: the bot is not running (or has not finished "
                               "starting); see its logs"])
    now = time.time() if now is None else now
    problems, notes = [], []
    age = now - float(report.get("written_at", 0))
    if age > stale_after:
        problems.append(f"the last health report is {age:.0f} s old: the bot has stopped or hangs")
    gateway = report.get("gateway", {})
    shards = gateway.get("shards", {})
    down = sorted(shard for shard, info in shards.items() if not info.get("connected"))
    if not gateway.get("connected") or down:
        which = f" (shards {', '.join(down)})" if down else ""
        problems.append(f"not connected to Discord's gateway{which}")
    else:
        notes.append(f"gateway connected ({len(shards)} shard{'s' if len(shards) != 1 else ''})")
    facts = report.get("facts", {})
    if facts.get("problems"):
        notes.append(f"the last fact-base load found {facts['problems']} problems: serving the "
                     f"last good base of {facts.get('count', '?')} facts (run factbot validate)")
    else:
        notes.append(f"serving {facts.get('count', '?')} facts; last load clean")
    outbox = report.get("outbox", {})
    waiting = outbox.get("oldest_pending_seconds")
    line = (f"outbox: {outbox.get('pending', 0)} pending, {outbox.get('held', 0)} held "
            f"(paused channels), {outbox.get('failed', 0)} failed")
    if waiting is not None and waiting > SLOW_OUTBOX:
        line += f"; the oldest has waited {waiting:.0f} s"
    notes.append(line)
    delivery = report.get("delivery", {})
    dispatching = delivery.get("dispatching")
    notes.append("alert delivery is starting" if dispatching is None else
                 "this process delivers alerts" if dispatching else
                 "another process delivers alerts (this one stands by)")
    return Verdict(not problems, problems + notes)
