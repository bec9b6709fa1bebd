"""Free-text search over facts: "how much diesel is Niger selling to Mali?" → the facts that say.

Ranking is BM25 (k1 = 1.2, b = 0.75) over each fact's words: its text counts fully; the names and
aliases of what it is about, and its source quote, count half — so a French name or the article's
own spelling ("defense", "liters") still finds it. Query words are folded, stripped of common
English and French function words, lightly stemmed, and corrected for typos against the search
vocabulary. Entity names spelled out in the query ("Niger", "CEDEAO") add a bonus to the facts
about those entities, so a question naming two countries ranks facts about both first.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

from bot.core.factbase import FactBase, fact_order
from bot.core.names import NameIndex, Vocabulary
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


class FactSearch:
    """A BM25 index over the facts of one fact base."""

    def __init__(self, base: FactBase, names: NameIndex) -> None:
        self.names = names
        self.fact_ids: list[str] = []
        self.about: list[tuple[str, ...]] = []
        self.order: list[tuple] = []
        lengths: list[float] = []
        weighted: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for fact in base.facts.values():
            doc = len(self.fact_ids)
            self.fact_ids.append(fact.id)
            self.about.append(fact.about)
            self.order.append(fact_order(fact))
            weights: dict[str, float] = defaultdict(float)
            for term in _terms(fact.text):
                weights[term] += 1.0
            secondary = [fact.source.quote]
            for ref in fact.about:
                subject = names.subjects.get(ref)
                if subject:
                    secondary += [subject.name, *subject.aliases]
            for term in _terms(" ".join(secondary)):
                weights[term] += SECONDARY_WEIGHT
            lengths.append(sum(weights.values()))
            for term, weight in weights.items():
                weighted[term].append((doc, weight))
        # Each posting holds its BM25 contribution, computed once here rather than per query.
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        total = len(self.fact_ids)
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for term, docs in weighted.items():
            idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            self.postings[term] = [
                (doc, idf * weight * (K1 + 1)
                 / (weight + K1 * (1 - B + B * lengths[doc] / average)))
                for doc, weight in docs]
        self.vocabulary = Vocabulary(self.postings)
        self.synonyms = _synonyms()

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
        scores: dict[int, float] = defaultdict(float)
        for term in dict.fromkeys(_terms(query)):
            variants = {variant: 1 / (1 + distance)
                        for variant, distance in self.vocabulary.similar(term).items()}
            for synonym in self.synonyms.get(term, ()):
                if synonym in self.postings and synonym not in variants:
                    variants[synonym] = SYNONYM_WEIGHT
            for variant, factor in variants.items():
                for doc, impact in self.postings[variant]:
                    scores[doc] += impact * factor
        mentioned = self.mentioned(query)
        if mentioned:
            for doc in list(scores):
                scores[doc] += ENTITY_BONUS * len(mentioned.intersection(self.about[doc]))
        if not scores:
            return []
        floor = KEEP_FRACTION * max(scores.values())
        best = heapq.nlargest(MAX_HITS, (doc for doc, score in scores.items() if score >= floor),
                              key=scores.__getitem__)
        best.sort(key=lambda doc: (-scores[doc], self.order[doc]))
        return [Hit(self.fact_ids[doc], round(scores[doc], 3)) for doc in best]
