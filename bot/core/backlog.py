"""Which existing facts a new subscription receives straight away (its backlog).

A backlog is asked for as ``none``, a count (``5``: the last five facts), or a date (``2025``,
``2025-06``, ``2025-06-01``: facts added since then); at most ``BACKLOG_MAX`` facts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.facts.model import Fact

__all__ = ["BACKLOG_MAX", "Backlog", "backlog_facts", "parse_backlog"]

BACKLOG_MAX = 50
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Backlog:
    """Which existing facts a new subscription receives straight away."""

    count: int = 0
    since: dt.date | None = None


def parse_backlog(text: str | None) -> Backlog | str:
    """The backlog asked for, or a message saying what is accepted."""
    value = (text or "").strip().lower()
    if value in ("", "none", "no", "0"):
        return Backlog()
    if value.isdigit():
        return Backlog(count=min(int(value), BACKLOG_MAX))
    match = _DATE.match(value)
    if match:
        try:
            since = dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
        except ValueError:
            pass
        else:
            return Backlog(since=since)
    return (f"backlog takes none, a number of recent facts (up to {BACKLOG_MAX}), or a date "
            "such as 2025-06-01 (facts added since then).")


def backlog_facts(facts: Sequence[Fact], backlog: Backlog) -> list[Fact]:
    """The facts a backlog covers among the matching ``facts``, oldest first."""
    ordered = sorted(facts, key=lambda f: (f.added, f.id))
    if backlog.since is not None:
        return [f for f in ordered if f.added >= backlog.since][-BACKLOG_MAX:]
    return ordered[-backlog.count:] if backlog.count else []
