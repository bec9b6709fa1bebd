"""What changed in the fact base since it was last announced, and who wants it.

Pure: the store keeps what was announced (fact id → fingerprint); this module compares it with a
loaded base and filters facts by a subscription's topic. The messages announcing them are
rendered in ``bot.core.replies.alert_messages``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import RETRACTED, Fact
from bot.core.facts.publication import material_change

__all__ = ["RETRACTED_FINGERPRINT", "Changes", "Correction", "diff", "fact_fingerprint",
           "matches_topic", "topic_refs"]

RETRACTED_FINGERPRINT = "retracted"  # what is recorded once a retraction is announced

def fact_fingerprint(fact: Fact) -> str:
    """A short hash of what a reader sees of a fact: its text, subjects, date and source."""
    shown = "\x1f".join([fact.text, ",".join(fact.about),
                         fact.when.display() if fact.when else "", fact.source.seed,
                         fact.source.quote])
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Correction:
    """A published fact retracted, or whose text changed in substance: ``before`` is the text
    its channels received (None if that was not recorded)."""

    fact: Fact
    before: str | None

    @property
    def retracted(self) -> bool:
        """True when the fact is withdrawn rather than reworded."""
        return self.fact.status == RETRACTED


@dataclass(frozen=True, slots=True)
class Changes:
    """New and updated facts, oldest first, and corrections (for the channels that received
    the fact, whatever their options); removed facts are not announced."""

    new: list[Fact]
    updated: list[Fact]
    corrections: list[Correction] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.updated or self.corrections)


def _order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.added, f.id))


def diff(announced: Mapping[str, str], base: FactBase,
         texts: Mapping[str, str | None] | None = None) -> Changes:
    """What ``base`` holds that was not announced, or announced with different content.

    With ``texts`` (each announced fact's text then), a fact whose text changed in substance
    is a correction, and so is an announced fact now retracted. Drafts are never announced:
    they are not among ``base.facts``.
    """
    new, updated, corrections = [], [], []
    for fact in base.facts.values():
        seen = announced.get(fact.id)
        if seen is None:
            new.append(fact)
        elif seen != fact_fingerprint(fact):
            before = (texts or {}).get(fact.id)
            if before is not None and seen != RETRACTED_FINGERPRINT \
                    and material_change(before, fact.text):
                corrections.append(Correction(fact, before))
            else:
                updated.append(fact)
    for fact in base.retracted.values():
        seen = announced.get(fact.id)
        if seen is not None and seen != RETRACTED_FINGERPRINT:
            corrections.append(Correction(fact, (texts or {}).get(fact.id) or fact.text))
    corrections.sort(key=lambda c: (c.fact.added, c.fact.id))
    return Changes(_order(new), _order(updated), corrections)


def topic_refs(base: FactBase, topic: str | None) -> frozenset[str] | None:
    """The ids a topic covers: itself, and for a bloc its current members; None: everything."""
    if not topic:
        return None
    refs = {topic}
    entity = base.entities.get(topic)
    if entity is not None and entity.kind == "bloc":
        refs.update(r.subject for r in base.members(topic) if r.status != "ended")
    return frozenset(refs)


def matches_topic(fact: Fact, refs: frozenset[str] | None) -> bool:
    """Whether a fact belongs to a subscription covering ``refs`` (None: every fact)."""
    return refs is None or any(ref in refs for ref in fact.about)
