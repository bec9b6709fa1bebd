"""The health signal: a small JSON file the running bot rewrites every few seconds.

``factbot health`` (the container's healthcheck) reads it: healthy while the file is fresh and
the gateway is connected. It also shows whether the last fact-base load was clean and how many
alerts wait in the outbox. A fact-base problem does not make the bot unhealthy (it keeps
answering from the last good base); alert delivery that has stopped does: a background task that
is not running, a delivery loop that hangs, a database failing for a minute, a token Discord
refused, or an alert waiting half an hour. No Discord import: the bot fills in the
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
STUCK_OUTBOX = 1800.0  # an alert waiting longer than this means delivery is stuck: unhealthy
LOOP_SILENT = 120.0  # the delivery loop not going round this long means it hangs: unhealthy
STORE_DOWN = 60.0  # the database failing every call this long: unhealthy


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
        count = facts["problems"]
        notes.append(f"the last fact-base load found {count} problem{'s' * (count != 1)}: "
                     "serving the "
                     f"last good base of {facts.get('count', '?')} facts (run factbot validate)")
    else:
        notes.append(f"serving {facts.get('count', '?')} facts; last load clean")
    outbox = report.get("outbox", {})
    if "unavailable" in outbox:
        notes.append(f"outbox: unknown, the database is unavailable ({outbox['unavailable']})")
    else:
        waiting = outbox.get("oldest_pending_seconds")
        line = (f"outbox: {outbox.get('pending', 0)} pending, {outbox.get('held', 0)} held "
                f"(paused channels), {outbox.get('failed', 0)} failed")
        if waiting is not None and waiting > STUCK_OUTBOX:
            problems.append(f"the oldest alert has waited {waiting:.0f} s (over "
                            f"{STUCK_OUTBOX:.0f} s): alert delivery is stuck; see the logs")
        elif waiting is not None and waiting > SLOW_OUTBOX:
            line += f"; the oldest has waited {waiting:.0f} s"
        notes.append(line)
    problems.extend(_delivery_problems(report, now))
    delivery = report.get("delivery", {})
    dispatching = delivery.get("dispatching")
    notes.append("alert delivery is starting" if dispatching is None else
                 "this process delivers alerts" if dispatching else
                 "another process delivers alerts (this one stands by)")
    return Verdict(not problems, problems + notes)


def _delivery_problems(report: dict[str, Any], now: float) -> list[str]:
    """What makes alert delivery unhealthy: a stopped or hung loop, a task that is not
    running, a database that has been failing, a token Discord refused."""
    problems = []
    delivery = report.get("delivery", {})
    if delivery.get("stopped"):
        problems.append(f"alert delivery stopped: {delivery['stopped']}")
    loop_at = delivery.get("loop_at")
    if delivery.get("dispatching") and loop_at is not None and now - loop_at > LOOP_SILENT:
        problems.append(f"the alert delivery loop has not run for {now - loop_at:.0f} s")
    down = delivery.get("store_down_since")
    if down is not None and now - down > STORE_DOWN:
        problems.append(f"the database has been unavailable for {now - down:.0f} s: alerts "
                        "wait until it is back")
    tasks = report.get("tasks", {})
    for name, running in sorted(tasks.get("running", {}).items()):
        if not running:
            crashes = tasks.get("crashes", {}).get(name, 0)
            error = tasks.get("last_error", {}).get(name, "")
            problems.append(f"background task '{name}' is not running ({crashes} crash"
                            f"{'es' if crashes != 1 else ''}; last: {error}); see the logs")
    return problems
