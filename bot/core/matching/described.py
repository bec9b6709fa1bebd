"""Agreements found by what they are rather than by name: "accord sur le gazole entre le Niger
et le Mali", "Russian arms agreements with the AES" — their kind, terms (commodity, unit,
purpose) and parties, in English or French.

Each agreement is described by the English stems of its name, aliases, kind, terms and its
parties' names and aliases; a description typed by a reader is read like a search question
(French words through the lexicon), and an agreement fits it by the share of the typed words
its description has.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.facts.factbase import FactBase
from bot.core.matching.lexicon import Lexicon
from bot.core.matching.names import NameIndex
from bot.core.matching.questions import read_question
from bot.core.matching.search import index_terms

__all__ = ["ALL_WORDS", "CLEAR_LEAD", "FAIR_SHARE", "AgreementsByTerms", "Described"]

ALL_WORDS = 1.0
FAIR_SHARE = 0.75  # a description missing a word fits only if no other agreement is close
CLEAR_LEAD = 0.25


@dataclass(frozen=True, slots=True)
class Described:
    """An agreement and the share of the typed words its description has."""

    id: str
    share: float


class AgreementsByTerms:
    """The agreements of one base, each as the words that describe it."""

    def __init__(self, base: FactBase, names: NameIndex, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        function_words = lexicon.all_function_words
        self.words: dict[str, frozenset[str]] = {}
        for agreement in base.agreements.values():
            texts = [agreement.name, *agreement.aliases, agreement.kind]
            refs = list(agreement.parties)
            for term in agreement.terms:
                texts += [term.unit or "", term.commodity or "", term.purpose or ""]
                refs += [ref for ref in (term.supplier, term.recipient) if ref]
            for ref in refs:
                subject = names.subjects.get(ref)
                if subject:
                    texts += [subject.name, *subject.aliases]
            self.words[agreement.id] = frozenset(
                stem for text in texts for stem in index_terms(text, function_words))

    def fits(self, query: str) -> list[Described]:
        """Agreements whose description has some of the typed words, best first."""
        words = read_question(query, self.lexicon, lambda text: False).words
        if not words:
            return []
        found = []
        for ref, described in self.words.items():
            share = sum(not described.isdisjoint(word.stems) for word in words) / len(words)
            if share:
                found.append(Described(ref, share))
        return sorted(found, key=lambda fit: (-fit.share, fit.id))

    def choose(self, query: str) -> list[Described]:
        """The agreement a description means (one), the ones it fits equally (several), or
        none: every typed word found, or all but a few when no other agreement is close."""
        fits = self.fits(query)
        whole = [fit for fit in fits if fit.share >= ALL_WORDS]
        if whole:
            return whole
        if fits and fits[0].share >= FAIR_SHARE and (
                len(fits) == 1 or fits[0].share - fits[1].share >= CLEAR_LEAD):
            return fits[:1]
        return []
