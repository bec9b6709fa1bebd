"""Free-text search over facts: "how much diesel is Niger selling to Mali?" → the facts that say.

Ranking is BM25 (k1 = 1.2, b = 0.75) over each fact's words: its text counts fully; the names and
aliases of what it is about, and its source quote, count half — so a French name or the article's
own spelling ("defense", "liters") still finds it. Query words are folded, stripped of common
English and French function words, lightly stemmed, and corrected for typos against the search
vocabulary. Entity names spelled out in the query ("Niger", "CEDEAO") add a bonus to the facts
about those entities, so a question naming two countries ranks facts about both first.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from bot.core.facts.factbase import FactBase, changed_facts, fact_order
from bot.core.facts.model import Fact
from bot.core.matching.names import NameIndex, Vocabulary
from bot.core.text import fold

__all__ = ["FactSearch", "Hit", "stem"]

_FUNCTION_WORDS = frozenset("""
a about after all an and any are as at be been by can could did do does for from had has have how
i in into is it its many me much of on or over said say says so some tell than that the their them
there these they this to under was we were what when where which who whom whose why will with
would you au aux avec ce ces cette combien comment dans de des du elle en est et il ils la le les
leur lui mais ne ou par pas pour qu que qui quoi se son sont sur un une vers
""".split())
# Words people use for the same thing; each group is searched together, at SYNONYM_WEIGHT.
_SYNONYM_GROUPS = (
    "found establish create form set-up",
    "sell sale sold buy bought purchase supply vend vente achat",
    "deal agreement accord pact treaty contract",
    "diesel fuel gazole gasoil carburant",
    "army military armed troops forces armee militaire",
    "meet meeting talks discussion consultation visit rencontre",
    "junta government govern rule regime",
    "leave left withdraw withdrawal quit exit",
    "fight combat battle",
    "money finance financing fund investment bank",
    "weapon arms",
    "coup putsch",
)
SYNONYM_WEIGHT = 0.6
K1, B = 1.2, 0.75
SECONDARY_WEIGHT = 0.5
ENTITY_BONUS = 1.5
KEEP_FRACTION = 0.2
MAX_HITS = 50
_WEIGHTS: dict[float, float] = {}
_NO_SLOTS = np.empty(0, dtype=np.intc)
_NO_WEIGHTS = np.empty(0, dtype=np.float64)


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light English stemmer: 'selling' → 'sell', 'agreements' → 'agreement'."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _terms(text: str) -> list[str]:
    return [stem(word) for word in fold(text).split() if word not in _FUNCTION_WORDS]


def _synonyms() -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for group in _SYNONYM_GROUPS:
        terms = {stem(fold(word.replace("-", " ")).replace(" ", "")) for word in group.split()}
        for term in terms:
            table[term] |= terms - {term}
    return dict(table)


@dataclass(frozen=True, slots=True)
class Hit:
    """A fact that matched a search, with its score."""

    fact_id: str
    score: float


class _PostingChanges:
    """Slots to take out of and (slot, weight) pairs to put into postings, applied at once:
    each touched posting's arrays are rebuilt once, however many facts changed."""

    def __init__(self) -> None:
        self.removed: dict[str, list[int]] = defaultdict(list)
        # term -> (slots, weights): C arrays, 12 bytes an entry (a fresh build adds millions)
        self.added: dict[str, tuple[array[int], array[float]]] = defaultdict(
            lambda: (array("i"), array("d")))

    def apply(self, postings: dict[str, tuple[np.ndarray, np.ndarray]], size: int) -> None:
        """Removals first: a slot freed by one fact may be reused by another in this batch.
        A removed fact leaves every posting it was in, so one mask over the ``size`` slots
        says which entries go."""
        dead = np.zeros(size, dtype=bool)
        for gone in self.removed.values():
            dead[gone] = True
        for term in self.removed.keys() | self.added.keys():
            slots, weights = postings.pop(term, (_NO_SLOTS, _NO_WEIGHTS))
            if term in self.removed:
                kept = ~dead[slots]
                slots, weights = slots[kept], weights[kept]
            new = self.added.get(term)
            if new:
                slots = np.concatenate((slots, np.frombuffer(new[0], dtype=np.intc)))
                weights = np.concatenate((weights, np.frombuffer(new[1], dtype=np.float64)))
            if len(slots):
                postings[term] = (slots, weights)


class FactSearch:
    """A BM25 index over the facts of one fact base.

    Each fact has a slot (a row number); a term's posting is two numpy arrays, the slots of the
    facts that use it and their raw term weights, so a query scores a whole posting at once.
    BM25's length normalisation and idf are applied at query time, so the index can be updated
    for a few changed facts without touching the rest. Built with ``previous`` (the index of
    an earlier base), it takes over that index and re-indexes only the facts that differ — by
    identity: an unchanged file keeps its objects — and the facts about entries whose names
    changed; the result ranks exactly as a fresh build. ``previous`` must not be used
    afterwards, nor while this is built (the bot builds it on its event loop, between two
    answers).
    """

    def __init__(self, base: FactBase, names: NameIndex,
                 previous: FactSearch | None = None) -> None:
        self.names = names
        self._term_cache: dict[str, list[str]] = {}
        changes = _PostingChanges()
        if previous is None:
            self.synonyms = _synonyms()
            self.slots: dict[str, int] = {}  # fact id -> slot
            self.ids: list[str | None] = []  # slot -> fact id; None for a free slot
            self.free: list[int] = []  # slots of removed facts, reused first
            self.lengths: list[float] = []  # by slot; 0.0 for a free slot
            self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
            for fact in base.facts.values():
                self._add(fact, names, changes)
        else:
            (self.synonyms, self.slots, self.ids, self.free, self.lengths, self.postings) = (
                previous.synonyms, previous.slots, previous.ids, previous.free,
                previous.lengths, previous.postings)
            renamed = {ref for ref in names.subjects.keys() | previous.names.subjects.keys()
                       if names.subjects.get(ref) != previous.names.subjects.get(ref)}
            gone, new = changed_facts(previous, base)
            about_renamed = dict.fromkeys(fact for ref in renamed
                                          for fact in previous.facts_about.get(ref, ()))
            renaming = [fact for fact in about_renamed  # kept, but indexed anew
                        if base.facts.get(fact.id) is fact]
            for fact in (*gone, *renaming):
                self._remove(fact, previous.names, changes)
            for fact in (*new, *renaming):
                self._add(fact, names, changes)
            previous.postings = {}  # taken over: a stale use fails loudly rather than lies
        changes.apply(self.postings, len(self.lengths))
        self.facts: dict[str, Fact] = base.facts  # exactly the facts indexed now
        self.fact_groups = base.fact_groups
        self.facts_about: dict[str, list[Fact]] = base.facts_about
        self._term_cache.clear()
        self.total_length = math.fsum(self.lengths)  # exact: independent of order
        self._normalise()
        self.vocabulary: Vocabulary
        if previous is not None and previous.vocabulary.words == sorted(self.postings):
            self.vocabulary = previous.vocabulary
        else:
            self.vocabulary = Vocabulary(self.postings)

    def _normalise(self) -> None:
        """BM25's per-fact length term, once per build rather than per posting and query."""
        average = self.total_length / len(self.slots) if self.slots else 1.0
        self.norm = K1 * (1 - B + B * np.array(self.lengths, dtype=np.float64) / average)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without ``norm``, which is quicker to recompute than to read back."""
        return {name: value for name, value in self.__dict__.items() if name != "norm"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._normalise()

    def _terms_of(self, text: str) -> list[str]:
        terms = self._term_cache.get(text)
        if terms is None:
            terms = self._term_cache[text] = _terms(text)
        return terms

    def _weights(self, fact: Fact, names: NameIndex) -> dict[str, float]:
        weights: dict[str, float] = defaultdict(float)
        for term in self._terms_of(fact.text):
            weights[term] += 1.0
        secondary = [fact.source.quote]
        for ref in fact.about:
            subject = names.subjects.get(ref)
            if subject:
                secondary += [subject.name, *subject.aliases]
        for text in secondary:
            for term in self._terms_of(text):
                weights[term] += SECONDARY_WEIGHT
        return weights

    def _add(self, fact: Fact, names: NameIndex, changes: _PostingChanges) -> None:
        weights = self._weights(fact, names)
        length = sum(weights.values())
        if self.free:
            slot = self.free.pop()
            self.lengths[slot] = _WEIGHTS.setdefault(length, length)
            self.ids[slot] = fact.id
        else:
            slot = len(self.lengths)
            self.lengths.append(_WEIGHTS.setdefault(length, length))
            self.ids.append(fact.id)
        self.slots[fact.id] = slot
        for term, weight in weights.items():
            slots, values = changes.added[term]
            slots.append(slot)
            values.append(weight)

    def _remove(self, fact: Fact, names: NameIndex, changes: _PostingChanges) -> None:
        slot = self.slots.pop(fact.id)
        self.lengths[slot] = 0.0
        self.ids[slot] = None
        self.free.append(slot)
        for term in self._weights(fact, names):
            changes.removed[term].append(slot)

    def mentioned(self, query: str) -> set[str]:
        """Entities and agreements the query names outright (by name or alias)."""
        words = fold(query).split()
        found: set[str] = set()
        for size in range(min(5, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                keys = self.names.exact.get(" ".join(words[start:start + size]), ())
                found.update(self.names.key_subject[key] for key in keys)
        return found

    def search(self, query: str) -> list[Hit]:
        """Facts matching the query, best first (at most ``MAX_HITS``)."""
        total = len(self.slots)
        norm = self.norm
        scores = np.zeros(len(self.lengths))  # by slot; a fact scores only if a term matched
        for term in dict.fromkeys(_terms(query)):
            variants = {variant: 1 / (1 + distance)
                        for variant, distance in self.vocabulary.similar(term).items()}
            for synonym in self.synonyms.get(term, ()):
                if synonym in self.postings and synonym not in variants:
                    variants[synonym] = SYNONYM_WEIGHT
            for variant, factor in variants.items():
                slots, weights = self.postings[variant]
                idf = math.log(1 + (total - len(slots) + 0.5) / (len(slots) + 0.5))
                scale = factor * idf * (K1 + 1)
                scores[slots] += scale * weights / (weights + norm[slots])
        scored = np.flatnonzero(scores)
        if not len(scored):
            return []
        mentioned = self.mentioned(query)
        if mentioned:
            named = np.zeros(len(self.lengths))  # how many of the named entries each is about
            for ref in mentioned:
                named[[self.slots[fact.id] for fact in self.facts_about.get(ref, ())]] += 1
            scores[scored] += ENTITY_BONUS * named[scored]
        floor = KEEP_FRACTION * scores[scored].max()
        kept = scored[scores[scored] >= floor]
        if len(kept) > MAX_HITS:  # the MAX_HITS best, and any tied with the last of them
            cut = np.partition(scores[kept], len(kept) - MAX_HITS)[len(kept) - MAX_HITS]
            kept = kept[scores[kept] >= cut]
        ids = [self.ids[slot] for slot in kept.tolist()]
        best = sorted(zip(scores[kept].tolist(), ids, strict=True),
                      key=lambda hit: (-hit[0], fact_order(self.facts[hit[1]])))[:MAX_HITS]
        return [Hit(fact_id, round(score, 3)) for score, fact_id in best]
