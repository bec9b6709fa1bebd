"""The fact base: every record by id, plus the lookups replies need (facts about an entity,
its relations and agreements, facts citing a seed)."""

from __future__ import annotations

import bisect
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
              coverage: Iterable[CoverageNote], previous: FactBase | None = None) -> FactBase:
        """A fact base from records whose ids are already known to be unique.

        With ``previous``, the per-entity and per-seed fact lists are updated only where facts
        changed (by identity), and equal what a fresh build gives; ``previous`` is untouched.
        """
        base = cls({e.id: e for e in entities}, {a.id: a for a in agreements},
                   {r.id: r for r in relations}, {f.id: f for f in facts}, dict(seeds),
                   list(coverage))
        base._index(previous)
        return base

    @classmethod
    def empty(cls) -> FactBase:
        """A fact base with nothing in it."""
        return cls.build((), (), (), (), {}, ())

    def _index(self, previous: FactBase | None) -> None:
        if previous is None:
            self._index_facts(self.facts.values())
        else:
            self._update_fact_index(previous)
        relations: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations.values():
            relations[relation.subject].append(relation)
            if relation.object and relation.object != relation.subject:
                relations[relation.object].append(relation)
        agreements: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            for party in dict.fromkeys(agreement.parties):
                agreements[party].append(agreement)
        self.relations_of = dict(relations)
        self.agreements_of = dict(agreements)

    def _index_facts(self, facts: Iterable[Fact]) -> None:
        about: dict[str, list[Fact]] = defaultdict(list)
        by_seed: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            for ref in dict.fromkeys(fact.about):
                about[ref].append(fact)
            by_seed[fact.source.seed].append(fact)
        for listed in (*about.values(), *by_seed.values()):
            listed.sort(key=fact_order)
        self.facts_about = dict(about)
        self.facts_by_seed = dict(by_seed)

    def _update_fact_index(self, previous: FactBase) -> None:
        gone = [fact for fact_id, fact in previous.facts.items()
                if self.facts.get(fact_id) is not fact]
        new = [fact for fact_id, fact in self.facts.items()
               if previous.facts.get(fact_id) is not fact]
        self.facts_about = dict(previous.facts_about)
        self.facts_by_seed = dict(previous.facts_by_seed)
        changed = {fact.id for fact in gone} | {fact.id for fact in new}
        for index, keys_of in ((self.facts_about, lambda f: f.about),
                               (self.facts_by_seed, lambda f: (f.source.seed,))):
            added: dict[str, list[Fact]] = defaultdict(list)
            for fact in new:
                for key in dict.fromkeys(keys_of(fact)):
                    added[key].append(fact)
            touched = {key for fact in gone for key in keys_of(fact)} | added.keys()
            for key in touched:
                listed = [fact for fact in index.get(key, ()) if fact.id not in changed]
                for fact in added.get(key, ()):  # the list is sorted: insert in place
                    bisect.insort(listed, fact, key=fact_order)
                if listed:
                    index[key] = listed
                else:
                    index.pop(key, None)

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
