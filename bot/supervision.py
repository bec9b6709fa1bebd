"""Background tasks that never end silently: a crash is logged with its traceback, counted,
and the task is started again after a growing pause (or the caller decides to stop).

asyncio keeps a finished task's exception to itself until someone awaits it; a task that died
that way left the bot answering while alerts had silently stopped. Every long-running task of
the bot runs under ``supervised``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TaskHealth", "supervised"]

log = logging.getLogger(__name__)

FIRST_PAUSE, LONGEST_PAUSE = 1.0, 60.0
STEADY_AFTER = 300.0  # a task that ran this long before crashing restarts after FIRST_PAUSE


@dataclass
class TaskHealth:
    """What the health report says of each supervised task."""

    running: dict[str, bool] = field(default_factory=dict)
    crashes: dict[str, int] = field(default_factory=dict)
    last_error: dict[str, str] = field(default_factory=dict)


async def supervised(name: str, start: Callable[[], Coroutine[Any, Any, None]],
                     health: TaskHealth,
                     on_change: Callable[[], None] | None = None) -> None:
    """Run ``start()`` until cancelled, starting it again whenever it crashes or returns."""
    pause = FIRST_PAUSE
    while True:
        began = time.monotonic()
        health.running[name] = True
        try:
            await start()
        except asyncio.CancelledError:
            health.running[name] = False
            raise
        except Exception as error:
            health.last_error[name] = f"{type(error).__name__}: {error}"[:300]
            log.critical("background task %r crashed; starting it again in %.0f s", name, pause,
                         exc_info=True)
        else:
            health.last_error[name] = "returned"
            log.error("background task %r ended by itself; starting it again in %.0f s", name,
                      pause)
        health.running[name] = False
        health.crashes[name] = health.crashes.get(name, 0) + 1
        if on_change is not None:
            on_change()
        if time.monotonic() - began > STEADY_AFTER:
            pause = FIRST_PAUSE
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)
