"""The search ranking as it was before question-aware ranking (issue 18), kept as a baseline for
the benchmark's question set: BM25 over each fact's text (names, aliases and quote at half
weight), a light English suffix stripper, a handful of synonym groups, and a bonus for the
facts about entries the query names. Facts only; no question kinds, no French stemming.
"""

from __future__ import annotations

import math
from collections import defaultdict

from bot.core.facts.factbase import FactBase, fact_order
from bot.core.matching.names import NameIndex, Vocabulary
from bot.core.text import fold

__all__ = ["SearchBefore"]

_FUNCTION_WORDS = frozenset("""
a about after all an and any are as at be been by can could did do does for from had has have how
i in into is it its many me much of on or over said say says so some tell than that the their them
there these they this to under was we were what when where which who whom whose why will with
would you au aux avec ce ces cette combien comment dans de des du elle en est et il ils la le les
leur lui mais ne ou par pas pour qu que qui quoi se son sont sur un une vers
""".split())
_SYNONYM_GROUPS = (
    "found establish create form set-up", "sell sale sold buy bought purchase supply vend vente "
    "achat", "deal agreement accord pact treaty contract", "diesel fuel gazole gasoil carburant",
    "army military armed troops forces armee militaire",
    "meet meeting talks discussion consultation visit rencontre",
    "junta government govern rule regime", "leave left withdraw withdrawal quit exit",
    "fight combat battle", "money finance financing fund investment bank", "weapon arms",
    "coup putsch",
)
K1, B, SECONDARY, SYNONYM, ENTITY_BONUS, KEEP = 1.2, 0.75, 0.5, 0.6, 1.5, 0.2


def _stem(word: str) -> str:
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _terms(text: str) -> list[str]:
    return [_stem(word) for word in fold(text).split() if word not in _FUNCTION_WORDS]


class SearchBefore:
    """The earlier ranking over one fact base (built in one go rather than incrementally)."""

    def __init__(self, base: FactBase, names: NameIndex) -> None:
        self.base, self.names = base, names
        self.synonyms: dict[str, set[str]] = defaultdict(set)
        for group in _SYNONYM_GROUPS:
            terms = {_stem(fold(word.replace("-", " ")).replace(" ", ""))
                     for word in group.split()}
            for term in terms:
                self.synonyms[term] |= terms - {term}
        self.weights: dict[str, dict[str, float]] = {}
        self.postings: dict[str, set[str]] = defaultdict(set)
        for fact in base.facts.values():
            weights: dict[str, float] = defaultdict(float)
            for term in _terms(fact.text):
                weights[term] += 1.0
            secondary = [fact.source.quote]
            for ref in fact.about:
                subject = names.subjects.get(ref)
                if subject:
                    secondary += [subject.name, *subject.aliases]
            for text in secondary:
                for term in _terms(text):
                    weights[term] += SECONDARY
            self.weights[fact.id] = weights
            for term in weights:
                self.postings[term].add(fact.id)
        self.lengths = {ref: sum(w.values()) for ref, w in self.weights.items()}
        self.average = sum(self.lengths.values()) / max(1, len(self.lengths))
        self.vocabulary = Vocabulary(self.postings)

    def search(self, query: str) -> list[str]:
        """Fact ids, best first."""
        total = len(self.weights)
        scores: dict[str, float] = defaultdict(float)
        for term in dict.fromkeys(_terms(query)):
            variants = {variant: 1 / (1 + distance)
                        for variant, distance in self.vocabulary.similar(term).items()}
            for synonym in self.synonyms.get(term, ()):
                if synonym in self.postings and synonym not in variants:
                    variants[synonym] = SYNONYM
            for variant, factor in variants.items():
                posting = self.postings[variant]
                idf = math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
                for ref in posting:
                    weight = self.weights[ref][variant]
                    norm = K1 * (1 - B + B * self.lengths[ref] / self.average)
                    scores[ref] += factor * idf * (K1 + 1) * weight / (weight + norm)
        if not scores:
            return []
        words = fold(query).split()
        named = {self.names.key_subject[key]
                 for size in range(1, 6) for start in range(len(words) - size + 1)
                 for key in self.names.exact.get(" ".join(words[start:start + size]), ())}
        for ref in named:
            for fact in self.base.facts_about.get(ref, ()):
                if fact.id in scores:
                    scores[fact.id] += ENTITY_BONUS
        floor = KEEP * max(scores.values())
        kept = [ref for ref, value in scores.items() if value >= floor]
        return sorted(kept, key=lambda ref: (-scores[ref], fact_order(self.base.facts[ref])))
