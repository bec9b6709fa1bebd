"""The fact base the bot serves, and reloading it without ever losing the last good one.

A reload that finds problems keeps answering from the previous base and reports the problems;
a clean reload swaps in the new base at once. At start there is no previous base, so the records
that loaded are served and the problems are reported. No Discord import: the bot, the alert
pipeline and tests all drive this the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.core.answers import Answers
from bot.core.loader import LoadResult, load_fact_base
from bot.core.problems import Problem

__all__ = ["FactLibrary", "ReloadOutcome"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """What a reload did: whether the new base is now served, and what was wrong with it."""

    applied: bool
    problems: list[Problem]
    facts_before: int
    facts_now: int


class FactLibrary:
    """Holds the current ``Answers`` and reloads them from the fact folders."""

    def __init__(self, facts_dir: Path, seeds_dir: Path) -> None:
        self.facts_dir = facts_dir
        self.seeds_dir = seeds_dir
        first = load_fact_base(facts_dir, seeds_dir)
        self.answers = Answers(first.base)
        self.problems: list[Problem] = first.problems
        for problem in first.problems:
            log.warning("fact base: %s", problem)

    @property
    def fact_count(self) -> int:
        """How many facts the served base holds."""
        return len(self.answers.base.facts)

    def reload(self) -> ReloadOutcome:
        """Load the folders again; serve the result only when it has no problems."""
        before = self.fact_count
        result: LoadResult = load_fact_base(self.facts_dir, self.seeds_dir)
        self.problems = result.problems
        if result.problems:
            for problem in result.problems:
                log.warning("reload kept the last good fact base: %s", problem)
            return ReloadOutcome(False, result.problems, before, before)
        self.answers = Answers(result.base)
        log.info("reloaded the fact base: %d facts (was %d)", self.fact_count, before)
        return ReloadOutcome(True, [], before, self.fact_count)
