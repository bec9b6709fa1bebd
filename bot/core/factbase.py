"""The fact base: every record by id, plus the lookups replies need (facts about an entity,
its relations and agreements, facts citing a seed)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.model import Agreement, CoverageNote, Entity, Fact, Relation, Seed

__all__ = ["FactBase", "fact_order"]


def fact_order(fact: Fact) -> tuple:
    """Chronological order: dated facts by date, undated after them, then by when added."""
    when = fact.when.sort_key() if fact.when else (2, 0, 0, 0, 0, 0)
    return (*when, fact.added, fact.id)


@dataclass(slots=True)
class FactBase:
    """All records of a loaded fact base, with indexes built once at construction."""

    entities: dict[str, Entity]
    agreements: dict[str, Agreement]
    relations: dict[str, Relation]
    facts: dict[str, Fact]
    seeds: dict[str, Seed]
    coverage: list[CoverageNote]
    facts_about: dict[str, list[Fact]] = field(default_factory=dict)
    relations_of: dict[str, list[Relation]] = field(default_factory=dict)
    agreements_of: dict[str, list[Agreement]] = field(default_factory=dict)
    facts_by_seed: dict[str, list[Fact]] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity], agreements: Iterable[Agreement],
              relations: Iterable[Relation], facts: Iterable[Fact], seeds: dict[str, Seed],
              coverage: Iterable[CoverageNote]) -> FactBase:
        """A fact base from records whose ids are already known to be unique."""
        base = cls({e.id: e for e in entities}, {a.id: a for a in agreements},
                   {r.id: r for r in relations}, {f.id: f for f in facts}, dict(seeds),
                   list(coverage))
        base._index()
        return base

    @classmethod
    def empty(cls) -> FactBase:
        """A fact base with nothing in it."""
        return cls.build((), (), (), (), {}, ())

    def _index(self) -> None:
        about: dict[str, list[Fact]] = defaultdict(list)
        by_seed: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts.values():
            for ref in dict.fromkeys(fact.about):
                about[ref].append(fact)
            by_seed[fact.source.seed].append(fact)
        for facts in (*about.values(), *by_seed.values()):
            facts.sort(key=fact_order)
        relations: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations.values():
            relations[relation.subject].append(relation)
            if relation.object and relation.object != relation.subject:
                relations[relation.object].append(relation)
        agreements: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            for party in dict.fromkeys(agreement.parties):
                agreements[party].append(agreement)
        self.facts_about = dict(about)
        self.facts_by_seed = dict(by_seed)
        self.relations_of = dict(relations)
        self.agreements_of = dict(agreements)

    def name_of(self, ref: str) -> str:
        """The display name of an entity or agreement id (the id itself if unknown)."""
        record = self.entities.get(ref) or self.agreements.get(ref)
        return record.name if record else ref

    def members(self, bloc_id: str) -> list[Relation]:
        """Membership relations pointing at a bloc."""
        return [r for r in self.relations_of.get(bloc_id, ())
                if r.kind == "member_of" and r.object == bloc_id]

    @property
    def last_added(self) -> dt.date | None:
        """The most recent day a fact was added."""
        return max((fact.added for fact in self.facts.values()), default=None)
