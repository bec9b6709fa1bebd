"""A fact base without the records that have problems: what may be served when there is no
last good base to fall back on (the first load at start).

A reload that finds problems keeps serving the last good base. At start there is none, so the
records that loaded cleanly are served and every record a problem points into is left out,
neither served nor announced: a fact whose quote is not in its article must not reach a single
channel, whether it was there at start or added later.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Agreement, Entity, Fact, Relation
from bot.core.facts.problems import Problem

__all__ = ["without_problems"]

Record = Entity | Agreement | Relation | Fact


def _broken(records: Iterable[Record], problems: Sequence[Problem]) -> set[str]:
    """The ids of records a problem points into: a problem belongs to the record written
    at or above its line, before the next record of the same file."""
    starts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for record in records:
        starts[record.where.path].append((record.where.line, record.id))
    for places in starts.values():
        places.sort()
    broken = set()
    for problem in problems:
        listed = starts.get(problem.path)
        if not listed:
            continue
        at = bisect.bisect_right(listed, (problem.line, "\uffff")) - 1
        if at >= 0:
            broken.add(listed[at][1])
    return broken


def without_problems(base: FactBase, problems: Sequence[Problem]) -> tuple[FactBase, list[str]]:
    """``base`` less every record a problem points into, and the ids left out (sorted)."""
    records: list[Record] = list(chain(base.entities.values(), base.agreements.values(),
                                       base.relations.values(), base.every_fact()))
    broken = _broken(records, problems)
    if not broken:
        return base, []
    kept = FactBase.build(
        [e for e in base.entities.values() if e.id not in broken],
        [a for a in base.agreements.values() if a.id not in broken],
        [r for r in base.relations.values() if r.id not in broken],
        [f for f in base.every_fact() if f.id not in broken],
        base.seeds, base.coverage)
    return kept, sorted(broken)
