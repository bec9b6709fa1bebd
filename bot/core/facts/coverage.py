"""Coverage: which sentences of each seed are stated by a fact, and which are not.

A sentence is *cited* when a fact's quote overlaps it; *covered* when a coverage note says the
body's facts already state it (a headline, teaser or takeaway line); *not a claim* when a note says
it states nothing (a byline, site furniture); otherwise it is *uncited*, and the report fails.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Seed
from bot.core.facts.seeds import Sentence, normalise_quote, sentences

__all__ = ["SeedCoverage", "SentenceCoverage", "coverage_report"]


@dataclass(slots=True)
class SentenceCoverage:
    """One sentence and what accounts for it."""

    sentence: Sentence
    facts: list[str] = field(default_factory=list)
    covered_by: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    not_a_claim: bool = False

    @property
    def status(self) -> str:
        """``cited``, ``covered``, ``not_a_claim`` or ``uncited``."""
        if self.facts:
            return "cited"
        if self.covered_by:
            return "covered"
        return "not_a_claim" if self.not_a_claim else "uncited"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"line": self.sentence.line, "text": self.sentence.text, "status": self.status,
                "facts": self.facts, "covered_by": self.covered_by, "reasons": self.reasons}


@dataclass(slots=True)
class SeedCoverage:
    """Every sentence of one seed with its coverage."""

    seed: Seed
    sentences: list[SentenceCoverage]

    def count(self, status: str) -> int:
        """How many sentences have a status."""
        return sum(1 for item in self.sentences if item.status == status)


def _spans(joined: str, quote: str) -> list[tuple[int, int]]:
    needle = normalise_quote(quote)
    found, start = [], joined.find(needle)
    while needle and start != -1:
        found.append((start, start + len(needle)))
        start = joined.find(needle, start + 1)
    return found


def _touched(starts: list[int], items: list[SentenceCoverage],
             span: tuple[int, int]) -> list[SentenceCoverage]:
    first = max(bisect.bisect_right(starts, span[0]) - 1, 0)
    touched = []
    for item in items[first:]:
        if item.sentence.start >= span[1]:
            break
        if item.sentence.end > span[0]:
            touched.append(item)
    return touched


def coverage_report(base: FactBase) -> list[SeedCoverage]:
    """The coverage of every seed in the base, in seed order."""
    notes_by_seed = defaultdict(list)
    for note in base.coverage:
        notes_by_seed[note.seed].append(note)
    report = []
    for seed in sorted(base.seeds.values(), key=lambda s: s.path):
        items = [SentenceCoverage(sentence) for sentence in sentences(seed)]
        joined = " ".join(item.sentence.normalised for item in items)
        starts = [item.sentence.start for item in items]
        for fact in base.facts_by_seed.get(seed.id, ()):
            for span in _spans(joined, fact.source.quote):
                for item in _touched(starts, items, span):
                    if fact.id not in item.facts:
                        item.facts.append(fact.id)
        for note in notes_by_seed.get(seed.id, ()):
            for span in _spans(joined, note.quote):
                for item in _touched(starts, items, span):
                    item.reasons.append(note.reason)
                    if note.not_a_claim:
                        item.not_a_claim = True
                    else:
                        item.covered_by.extend(note.covered_by)
        report.append(SeedCoverage(seed, items))
    return report
