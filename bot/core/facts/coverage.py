"""Coverage: which clauses of each seed are stated by a record, and which are not.

A sentence is cut into clauses (at ", and", ", but", ", as", ", which", "; " …). It is *cited*
when every clause is quoted by a fact, relation or agreement; *covered* when a coverage note says
the body's records already state it (a headline, teaser or takeaway line); *not a claim* when a
note says it states nothing (a byline, site furniture); otherwise it is *uncited* — and then the
clauses no quote states are listed — and the report fails.

A clause that opens with a causal or attributive link ("as …", "which have led them to …",
"according to …") counts only when one quote runs from the clause before it into it: the link
belongs to the record that states the consequence, so "why" stays answerable.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Agreement, Fact, Relation, Seed
from bot.core.facts.seeds import Sentence, normalise_quote, sentences

__all__ = ["Clause", "SeedCoverage", "SentenceCoverage", "clauses", "coverage_report"]

# Where a sentence's next clause starts: after these separators.
_BREAK = re.compile(r"(?:,|;|:) (?=(?:and|but|as|which|where|while|leading|assisting|providing|"
                    r"with|according|particularly|especially|instead)\b)|; ")
# Clauses that open with a cause or an attribution: they belong to the clause before them.
_LINK = re.compile(r"^(?:as|because|which (?:have|has) led|leading to|due to|according to)\b")
QUOTED_SHARE = 0.6  # a clause counts as quoted when quotes cover this share of its characters


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence: its text and span (in the seed's joined normalised text), and
    whether it opens with a causal or attributive link."""

    text: str
    start: int
    end: int
    link: bool


@dataclass(slots=True)
class SentenceCoverage:
    """One sentence and what accounts for it."""

    sentence: Sentence
    facts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # clauses no quote states
    drafts: list[str] = field(default_factory=list)  # draft records quoting it
    drafted: bool = False  # every clause is quoted, some only by drafts
    covered_by: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    not_a_claim: bool = False

    @property
    def status(self) -> str:
        """``cited``, ``drafted`` (drafts quote what records do not yet), ``covered``,
        ``not_a_claim`` or ``uncited``."""
        if self.facts and not self.missing:
            return "cited"
        if self.drafted:
            return "drafted"
        if self.covered_by:
            return "covered"
        return "not_a_claim" if self.not_a_claim else "uncited"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"line": self.sentence.line, "text": self.sentence.text, "status": self.status,
                "facts": self.facts, "drafts": self.drafts, "covered_by": self.covered_by,
                "reasons": self.reasons,
                "missing_clauses": self.missing}


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


def clauses(sentence: Sentence) -> list[Clause]:
    """A sentence cut into clauses (spans in the seed's joined normalised text)."""
    text, found, start = sentence.normalised, [], 0
    for match in _BREAK.finditer(text):
        found.append((start, match.end()))
        start = match.end()
    found.append((start, len(text)))
    return [Clause(text[a:b], sentence.start + a, sentence.start + b,
                   bool(_LINK.match(text[a:b]))) for a, b in found if text[a:b].strip(" ,;:")]


def _share(clause: Clause, spans: Iterable[tuple[int, int]]) -> float:
    covered = [False] * (clause.end - clause.start)
    for a, b in spans:
        for i in range(max(a, clause.start), min(b, clause.end)):
            covered[i - clause.start] = True
    return sum(covered) / max(len(covered), 1)


def _quoted(clause: Clause, spans: list[tuple[int, int]]) -> bool:
    """Whether quotes state the clause (a link clause: with the clause before it, in one)."""
    if clause.link:
        spans = [span for span in spans if span[0] < clause.start]
    return _share(clause, spans) >= QUOTED_SHARE


def _mark(records: Iterable[Fact | Relation | Agreement], joined: str, starts: list[int],
          items: list[SentenceCoverage], ids_of: Callable[[SentenceCoverage], list[str]]
          ) -> list[tuple[int, int]]:
    """The spans the records' quotes cover in a seed; each sentence they touch lists their
    ids (in its ``facts`` or its ``drafts``)."""
    spans: list[tuple[int, int]] = []
    for record in records:
        for span in _spans(joined, record.source.quote):
            spans.append(span)
            for item in _touched(starts, items, span):
                ids = ids_of(item)
                if record.id not in ids:
                    ids.append(record.id)
    return spans


def coverage_report(base: FactBase) -> list[SeedCoverage]:
    """The coverage of every seed in the base, in seed order."""
    notes_by_seed = defaultdict(list)
    for note in base.coverage:
        notes_by_seed[note.seed].append(note)
    cited_by_seed: dict[str, list[Fact | Relation | Agreement]] = defaultdict(list)
    records: Iterable[Fact | Relation | Agreement] = chain(
        base.facts.values(), base.relations.values(), base.agreements.values())
    for record in records:
        cited_by_seed[record.source.seed].append(record)
    drafts_by_seed: dict[str, list[Fact]] = defaultdict(list)
    for draft in base.drafts.values():
        drafts_by_seed[draft.source.seed].append(draft)
    report = []
    for seed in sorted(base.seeds.values(), key=lambda s: s.path):
        items = [SentenceCoverage(sentence) for sentence in sentences(seed)]
        joined = " ".join(item.sentence.normalised for item in items)
        starts = [item.sentence.start for item in items]
        quoted = _mark(cited_by_seed.get(seed.id, ()), joined, starts, items,
                       lambda item: item.facts)
        drafted = _mark(drafts_by_seed.get(seed.id, ()), joined, starts, items,
                        lambda item: item.drafts)
        for item in items:
            if item.facts:
                item.missing = [clause.text.strip(" ,;:") for clause in clauses(item.sentence)
                                if not _quoted(clause, quoted)]
            if item.drafts:
                item.drafted = all(_quoted(clause, [*quoted, *drafted])
                                   for clause in clauses(item.sentence))
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
