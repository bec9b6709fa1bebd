"""The fact base: every record by id, plus the lookups replies need (facts about an entity,
its relations and agreements, facts citing a seed)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from bot.core.facts.model import (
    DRAFT,
    PUBLISHED,
    Agreement,
    CoverageNote,
    Entity,
    Fact,
    Relation,
    Seed,
)

__all__ = ["FactBase", "FactGroups", "FactOrder", "IndexedFacts", "changed_facts", "fact_order"]

_fact_id = operator.attrgetter("id")

FactOrder = tuple[int | dt.date | str, ...]
"""A fact's sort key: its date's key, then when it was added, then its id."""


def fact_order(fact: Fact) -> FactOrder:
    """Chronological order: dated facts by date, undated after them, then by when added."""
    when = fact.when.sort_key() if fact.when else (2, 0, 0, 0, 0, 0)
    return (*when, fact.added, fact.id)


FactGroups = tuple[Sequence[Fact], ...]


class IndexedFacts(Protocol):
    """Facts by id, and the per-file groups they came in (None if some were left out)."""

    facts: dict[str, Fact]
    fact_groups: FactGroups | None


def changed_facts(before: IndexedFacts, after: IndexedFacts) -> tuple[list[Fact], list[Fact]]:
    """The facts of ``before`` not in ``after`` and those of ``after`` not in ``before``, by
    identity: an unchanged file keeps its objects (its list of facts too), so with the groups
    on both sides only those lists are compared (a thousand, not a hundred thousand facts)."""
    if before.fact_groups is not None and after.fact_groups is not None:
        kept = set(map(id, before.fact_groups)).intersection(map(id, after.fact_groups))
        return ([fact for group in before.fact_groups if id(group) not in kept for fact in group],
                [fact for group in after.fact_groups if id(group) not in kept for fact in group])

    def only_in(one: dict[str, Fact], other: dict[str, Fact]) -> list[Fact]:
        return list(itertools.compress(one.values(),
                                       map(operator.is_not, map(other.get, one), one.values())))

    return only_in(before.facts, after.facts), only_in(after.facts, before.facts)


def _without(listed: list[Fact], gone: list[Fact]) -> list[Fact]:
    """A copy of a list sorted by ``fact_order`` without some of its facts, found by bisection."""
    kept = list(listed)
    for fact in gone:
        at = bisect.bisect_left(kept, fact_order(fact), key=fact_order)
        if at < len(kept) and kept[at] is fact:
            del kept[at]
        else:  # not where its order says: fall back to a scan
            kept = [other for other in kept if other is not fact]
    return kept


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
    fact_groups: FactGroups | None = field(default=None, compare=False, repr=False)
    # Facts that are not served: drafts (never announced) and retractions (kept so that the
    # channels that received them can be told, and /source can list them).
    drafts: dict[str, Fact] = field(default_factory=dict)
    retracted: dict[str, Fact] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity], agreements: Iterable[Agreement],
              relations: Iterable[Relation], facts: Iterable[Fact], seeds: dict[str, Seed],
              coverage: Iterable[CoverageNote], previous: FactBase | None = None,
              fact_groups: FactGroups | None = None) -> FactBase:
        """A fact base from records whose ids are already known to be unique.

        With ``previous``, the per-entity and per-seed fact lists are updated only where facts
        changed (by identity), and equal what a fresh build gives; ``previous`` is untouched.
        ``fact_groups``, if given, are the facts again, in order, as the very lists of the
        files they came from: what makes finding the changed facts quick.
        """
        facts = list(facts)
        held = [fact for fact in facts if not fact.published]
        if held:  # drafts and retractions are kept apart: nothing serves them by mistake
            facts = [fact for fact in facts if fact.published]
            if fact_groups is not None:  # a file's list stays the same object if all served
                fact_groups = tuple(group if all(f.published for f in group)
                                    else [f for f in group if f.published]
                                    for group in fact_groups)
        by_id = dict(zip(map(_fact_id, facts), facts, strict=True))
        base = cls({e.id: e for e in entities}, {a.id: a for a in agreements},
                   {r.id: r for r in relations}, by_id, dict(seeds), list(coverage))
        base.fact_groups = fact_groups
        base.drafts = {fact.id: fact for fact in held if fact.status == DRAFT}
        base.retracted = {fact.id: fact for fact in held if fact.status != DRAFT}
        base._index(previous)
        return base

    def every_fact(self) -> list[Fact]:
        """The served facts, then the drafts and the retracted ones."""
        return [*self.facts.values(), *self.drafts.values(), *self.retracted.values()]

    def with_drafts(self) -> FactBase:
        """A preview: this base with its drafts served as if published (a draft without its
        text yet shows its quote), each marked "[draft]". Never served by the bot."""
        if not self.drafts:
            return self
        shown = [replace(fact, status=PUBLISHED, text="[draft] " + (
            fact.text or f"(no text yet; the article says: \"{fact.source.quote}\")"))
            for fact in self.drafts.values()]
        return FactBase.build(self.entities.values(), self.agreements.values(),
                              self.relations.values(), [*self.facts.values(), *shown,
                                                        *self.retracted.values()],
                              self.seeds, self.coverage)

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
        gone, new = changed_facts(previous, self)
        self.facts_about = dict(previous.facts_about)
        self.facts_by_seed = dict(previous.facts_by_seed)
        for index, keys_of in ((self.facts_about, lambda f: f.about),
                               (self.facts_by_seed, lambda f: (f.source.seed,))):
            added: dict[str, list[Fact]] = defaultdict(list)
            removed: dict[str, list[Fact]] = defaultdict(list)
            for changes, facts in ((added, new), (removed, gone)):
                for fact in facts:
                    for key in dict.fromkeys(keys_of(fact)):
                        changes[key].append(fact)
            for key in removed.keys() | added.keys():
                listed = _without(index.get(key, []), removed.get(key, []))
                for fact in added.get(key, ()):  # the list is sorted: insert in place
                    bisect.insort(listed, fact, key=fact_order)
                if listed:
                    index[key] = listed
                else:
                    index.pop(key, None)

    def record(self, ref: str) -> Fact | Relation | Agreement | None:
        """The cited record (fact, relation or agreement) with this id, if any."""
        return self.facts.get(ref) or self.relations.get(ref) or self.agreements.get(ref)

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
