"""Free-text search over the records of a fact base — facts, relations and agreements: "how
much diesel is Niger selling to Mali?" → the agreement and the facts that say.

Ranking is BM25 (k1 = 1.2, b = 0.75) over each record's words: a fact's text, a relation's
subject, link and object, an agreement's name, summary and terms count fully; the names and
aliases of what it is about, and its source quote, count half — so a French name or the
article's own spelling ("defense", "liters") still finds it. Words are Snowball-stemmed; a
question is read first (``questions``): its kind of answer, its language, and its content
words, French ones searched through the lexicon's English words. Then:

- entries named outright in the question ("Niger", "CEDEAO") add a bonus to the records about
  them, so a question naming two countries ranks records about both first;
- records holding the kind of answer asked for (a date for "when", a quantity for "how much",
  a cause for "why" … see ``documents``) are ranked up by ``KIND_BOOST``; relations and
  agreements, links drawn from what the articles say, count ``DRAWN_WEIGHT`` of a fact that
  matches as well, and follow the fact that quotes the same passage;
- the relevance floor: a record is listed only if it matches words carrying at least
  ``COVER_MIN`` of the question's weight (by idf) and scores at least ``KEEP_FRACTION`` of the
  best — so "is Wagner in Mali" lists what says Wagner, not every record that says Mali.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.core.facts.factbase import FactBase, changed_facts, fact_order
from bot.core.facts.model import Agreement, Fact, Relation
from bot.core.matching.documents import DRAWN, KIND_FEATURES, Record, features, record_about, texts
from bot.core.matching.lexicon import Lexicon, shipped_lexicon
from bot.core.matching.names import NameIndex, Vocabulary
from bot.core.matching.questions import Question, read_question
from bot.core.text import fold

__all__ = ["FactSearch", "Found", "Hit", "index_terms"]

K1, B = 1.2, 0.75
NAME_WEIGHT = 0.6
QUOTE_WEIGHT = 0.4
ENTITY_BONUS = 1.5
KIND_BOOST = 1.0
DRAWN_WEIGHT = 0.8
BLOC_WEIGHT = 0.4
KEEP_FRACTION = 0.2
COVER_MIN = 0.5
MAX_HITS = 50
_WEIGHTS: dict[float, float] = {}
_NO_SLOTS = np.empty(0, dtype=np.intc)
_NO_WEIGHTS = np.empty(0, dtype=np.float64)


def index_terms(text: str, function_words: frozenset[str]) -> list[str]:
    """The English stems a text is indexed under (function words left out)."""
    from bot.core.matching.language import english_stem

    return [english_stem(word) for word in fold(text).split() if word not in function_words]


@dataclass(frozen=True, slots=True)
class Hit:
    """A record that matched a search: its id, score, the share of the question's weight it
    matched (``coverage``, 0–1) and, for a relation or agreement listed right after the fact
    that quotes the same passage, that fact's id (``follows``)."""

    ref: str
    score: float
    coverage: float
    follows: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """What a search found: the question as read, the records, best first, and the entries
    the question names."""

    question: Question
    hits: list[Hit]
    named: frozenset[str] = frozenset()  # the entries the question names outright


class _PostingChanges:
    """Slots to take out of and (slot, weight) pairs to put into postings, applied at once:
    each touched posting's arrays are rebuilt once, however many records changed."""

    def __init__(self) -> None:
        self.removed: dict[str, list[int]] = defaultdict(list)
        # term -> (slots, weights): C arrays, 12 bytes an entry (a fresh build adds millions)
        self.added: dict[str, tuple[array[int], array[float]]] = defaultdict(
            lambda: (array("i"), array("d")))

    def apply(self, postings: dict[str, tuple[np.ndarray, np.ndarray]], size: int) -> None:
        """Removals first: a slot freed by one record may be reused by another in this batch.
        A removed record leaves every posting it was in, so one mask over the ``size`` slots
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


def _structured(base: FactBase) -> dict[str, Relation | Agreement]:
    return {**base.relations, **base.agreements}


class FactSearch:
    """A BM25 index over the records of one fact base.

    Each record has a slot (a row number); a term's posting is two numpy arrays, the slots of
    the records that use it and their raw term weights, so a query scores a whole posting at
    once. BM25's length normalisation and idf are applied at query time, so the index can be
    updated for a few changed records without touching the rest. Built with ``previous`` (the
    index of an earlier base), it takes over that index and re-indexes only the records that
    differ — by identity: an unchanged file keeps its objects — and those about entries whose
    names changed; the result ranks exactly as a fresh build. ``previous`` must not be used
    afterwards, nor while this is built (the bot builds it on its event loop, between two
    answers).
    """

    def __init__(self, base: FactBase, names: NameIndex,
                 previous: FactSearch | None = None, lexicon: Lexicon | None = None) -> None:
        self.names = names
        self.lexicon: Lexicon = lexicon or (previous.lexicon if previous else shipped_lexicon())
        self.function_words = self.lexicon.all_function_words
        self._term_cache: dict[str, list[str]] = {}
        changes = _PostingChanges()
        structured = _structured(base)
        if previous is None:
            self.slots: dict[str, int] = {}  # record id -> slot
            self.ids: list[str | None] = []  # slot -> record id; None for a free slot
            self.free: list[int] = []  # slots of removed records, reused first
            self.lengths: list[float] = []  # by slot; 0.0 for a free slot
            self.kinds: list[int] = []  # by slot: the record's features (``documents``)
            self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
            for record in (*base.facts.values(), *structured.values()):
                self._add(record, names, changes)
        else:
            (self.slots, self.ids, self.free, self.lengths, self.kinds, self.postings) = (
                previous.slots, previous.ids, previous.free, previous.lengths, previous.kinds,
                previous.postings)
            renamed = {ref for ref in names.subjects.keys() | previous.names.subjects.keys()
                       if names.subjects.get(ref) != previous.names.subjects.get(ref)}
            gone, new = changed_facts(previous, base)
            gone_records: list[Record] = [*gone]
            new_records: list[Record] = [*new]
            for ref, record in previous.structured.items():
                if structured.get(ref) is not record:
                    gone_records.append(record)
            for ref, record in structured.items():
                if previous.structured.get(ref) is not record:
                    new_records.append(record)
            about_renamed = dict.fromkeys(fact for ref in renamed
                                          for fact in previous.facts_about.get(ref, ()))
            renaming: list[Record] = [fact for fact in about_renamed  # kept, indexed anew
                                      if base.facts.get(fact.id) is fact]
            renaming += [record for ref, record in structured.items()
                         if previous.structured.get(ref) is record
                         and renamed.intersection(_refs_named(record))]
            for record in (*gone_records, *renaming):
                self._remove(record, previous.names, changes)
            for record in (*new_records, *renaming):
                self._add(record, names, changes)
            previous.postings = {}  # taken over: a stale use fails loudly rather than lies
        changes.apply(self.postings, len(self.lengths))
        self.facts: dict[str, Fact] = base.facts  # exactly the facts indexed now
        self.structured: dict[str, Relation | Agreement] = structured
        self.fact_groups = base.fact_groups
        self.facts_about: dict[str, list[Fact]] = base.facts_about
        self.blocs_of = _bloc_stems(base, names, self.function_words)
        self.structured_about: dict[str, list[str]] = defaultdict(list)
        for ref, record in structured.items():
            for subject in dict.fromkeys(record_about(record)):
                self.structured_about[subject].append(ref)
        self._term_cache.clear()
        self.total_length = math.fsum(self.lengths)  # exact: independent of order
        self._normalise()
        self.vocabulary: Vocabulary
        if previous is not None and previous.vocabulary.words == sorted(self.postings):
            self.vocabulary = previous.vocabulary
        else:
            self.vocabulary = Vocabulary(self.postings)

    def _normalise(self) -> None:
        """BM25's per-record length term, once per build rather than per posting and query."""
        average = self.total_length / len(self.slots) if self.slots else 1.0
        self.norm = K1 * (1 - B + B * np.array(self.lengths, dtype=np.float64) / average)
        self.kind_flags = np.array(self.kinds, dtype=np.uint8)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without what is quicker to recompute than to read back."""
        return {name: value for name, value in self.__dict__.items()
                if name not in ("norm", "kind_flags")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._normalise()

    def _terms_of(self, text: str) -> list[str]:
        terms = self._term_cache.get(text)
        if terms is None:
            terms = self._term_cache[text] = index_terms(text, self.function_words)
        return terms

    def _weights(self, record: Record, names: NameIndex) -> dict[str, float]:
        weights: dict[str, float] = defaultdict(float)
        main, named, quote = texts(record, names)
        for text in main:
            for term in self._terms_of(text):
                weights[term] += 1.0
        for text in named:
            for term in self._terms_of(text):
                weights[term] += NAME_WEIGHT
        for term in self._terms_of(quote):
            weights[term] += QUOTE_WEIGHT
        return weights

    def _add(self, record: Record, names: NameIndex, changes: _PostingChanges) -> None:
        weights = self._weights(record, names)
        length = sum(weights.values())
        kinds = features(record, names, self.lexicon)
        if self.free:
            slot = self.free.pop()
            self.lengths[slot] = _WEIGHTS.setdefault(length, length)
            self.ids[slot] = record.id
            self.kinds[slot] = kinds
        else:
            slot = len(self.lengths)
            self.lengths.append(_WEIGHTS.setdefault(length, length))
            self.ids.append(record.id)
            self.kinds.append(kinds)
        self.slots[record.id] = slot
        for term, weight in weights.items():
            slots, values = changes.added[term]
            slots.append(slot)
            values.append(weight)

    def _remove(self, record: Record, names: NameIndex, changes: _PostingChanges) -> None:
        slot = self.slots.pop(record.id)
        self.lengths[slot] = 0.0
        self.ids[slot] = None
        self.kinds[slot] = 0
        self.free.append(slot)
        for term in self._weights(record, names):
            changes.removed[term].append(slot)

    def record(self, ref: str) -> Record:
        """The indexed record with this id."""
        return self.facts.get(ref) or self.structured[ref]

    def mentioned(self, query: str) -> set[str]:
        """Entities and agreements the query names outright (by name or alias)."""
        words = fold(query).split()
        found: set[str] = set()
        for size in range(min(5, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                keys = self.names.exact.get(" ".join(words[start:start + size]), ())
                found.update(self.names.key_subject[key] for key in keys)
        return found

    def _slots_about(self, ref: str) -> list[int]:
        return [self.slots[fact.id] for fact in self.facts_about.get(ref, ())] + \
            [self.slots[other] for other in self.structured_about.get(ref, ())]

    def search(self, query: str) -> list[Hit]:
        """Records matching the query, best first (at most ``MAX_HITS``)."""
        return self.find(query).hits

    def find(self, query: str) -> Found:
        """The question as read, and the records matching it, best first."""
        question = read_question(query, self.lexicon, lambda text: text in self.names.exact)
        total = len(self.slots)
        norm = self.norm
        size = len(self.lengths)
        scores = np.zeros(size)  # by slot; a record scores only if a term matched
        covered = np.zeros(size)
        scratch = np.zeros(size)  # a word's best variant per slot; zero again after each word
        weight_asked = 0.0
        mentioned = self.mentioned(query)
        for word in question.words:
            variants = {stem: factor for stem, factor in word.stems.items()
                        if stem in self.postings}
            for key in self.names.exact.get(word.text, ()):
                for stem in self.blocs_of.get(self.names.key_subject[key], ()):
                    variants.setdefault(stem, BLOC_WEIGHT)  # Mali → "the AES countries"
            if word.fuzzy and word.fuzzy not in self.postings:
                for variant, distance in self.vocabulary.similar(word.fuzzy).items():
                    variants[variant] = max(variants.get(variant, 0.0), 1 / (1 + distance))
            if not variants:
                continue  # a word the base never uses says nothing about which record fits
            # A word counts once, by its best-matching variant: "founded" is not asked twice
            # because a record says both "founding" and "established". Per variant: the slots,
            # the BM25 gain, and the coverage credit (a word only the quote has, with a weight
            # below a name's, is no part of the answer).
            parts = []
            best = 0.0
            for variant, factor in variants.items():
                slots, weights = self.postings[variant]
                idf = math.log(1 + (total - len(slots) + 0.5) / (len(slots) + 0.5))
                parts.append((slots, factor * idf * (K1 + 1) * weights / (weights + norm[slots]),
                              factor * idf * (weights >= NAME_WEIGHT)))
                best = max(best, factor * idf)
            if len(parts) == 1:
                slots, gain, credit = parts[0]
                scores[slots] += gain
                covered[slots] += credit
            else:  # only the slots of this word's postings are touched, however large the base
                slots = np.concatenate([part[0] for part in parts])
                touched = np.unique(slots)
                for index, total_of in ((1, scores), (2, covered)):
                    np.maximum.at(scratch, slots, np.concatenate([part[index] for part in parts]))
                    total_of[touched] += scratch[touched]
                    scratch[touched] = 0.0
            weight_asked += best
        scored = np.flatnonzero(scores)
        if not len(scored):
            return Found(question, [])
        if mentioned:
            named = np.zeros(size)  # how many of the named entries each is about
            for ref in mentioned:
                named[self._slots_about(ref)] += 1
            scores[scored] += ENTITY_BONUS * named[scored]
        if question.kind:
            fits = (self.kind_flags[scored] & KIND_FEATURES[question.kind]) != 0
            scores[scored[fits]] *= 1 + KIND_BOOST
        drawn = (self.kind_flags[scored] & DRAWN) != 0
        scores[scored[drawn]] *= DRAWN_WEIGHT  # below a fact that matches as well
        coverage = covered[scored] / weight_asked
        scores[scored] *= 0.5 + 0.5 * coverage  # what answers all of the question first
        floor = KEEP_FRACTION * scores[scored].max()
        kept = scored[(scores[scored] >= floor) & (coverage >= COVER_MIN)]
        if len(kept) > MAX_HITS:  # the MAX_HITS best, and any tied with the last of them
            cut = np.partition(scores[kept], len(kept) - MAX_HITS)[len(kept) - MAX_HITS]
            kept = kept[scores[kept] >= cut]
        ids = [self.ids[slot] or "" for slot in kept.tolist()]
        ranked = sorted(zip(scores[kept].tolist(), (covered[kept] / weight_asked).tolist(), ids,
                            strict=True), key=lambda hit: (-hit[0], *self._order(hit[2])))
        hits = [Hit(ref, round(score, 3), round(cover, 3)) for score, cover, ref in ranked]
        return Found(question, self._facts_first(hits)[:MAX_HITS], frozenset(mentioned))

    def _facts_first(self, hits: list[Hit]) -> list[Hit]:
        """Hits with each relation or agreement right after a listed fact that quotes the same
        passage: the fact is the base's own full statement, the link is drawn from it, so the
        fact takes the better place of the two and the link follows."""
        passages = {hit.ref: fold(self.facts[hit.ref].source.quote) for hit in hits
                    if hit.ref in self.facts}
        leader: dict[str, str] = {}  # a relation or agreement -> the fact it follows
        for hit in hits:
            record = self.structured.get(hit.ref)
            quote = fold(record.source.quote) if record else ""
            for fact, passage in passages.items():  # in rank order: the best fact leads
                if record and self.facts[fact].source.seed == record.source.seed and (
                        quote in passage or passage in quote):
                    leader[hit.ref] = fact
                    break
        by_ref = {hit.ref: hit for hit in hits}
        followers: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            if hit.ref in leader:
                followers[leader[hit.ref]].append(
                    Hit(hit.ref, hit.score, hit.coverage, leader[hit.ref]))
        ordered: list[Hit] = []
        done: set[str] = set()
        for hit in hits:
            head = leader.get(hit.ref, hit.ref)
            if head not in done:
                done.add(head)
                ordered += [by_ref[head], *followers.get(head, ())]
        return ordered

    def _order(self, ref: str) -> tuple[int, object]:
        """Ties: facts in chronological order, then relations and agreements by id."""
        fact = self.facts.get(ref)
        return (0, fact_order(fact)) if fact else (1, ref)


def _bloc_stems(base: FactBase, names: NameIndex,
                function_words: frozenset[str]) -> dict[str, list[str]]:
    """For each member of a bloc (as the base reports it, currently), the one-word names of
    its blocs ("AES", "CEDEAO"), stemmed as the index holds them."""
    found: dict[str, list[str]] = defaultdict(list)
    for relation in base.relations.values():
        if relation.kind != "member_of" or relation.status == "ended" or not relation.object \
                or not relation.source.reported:
            continue
        bloc = names.subjects.get(relation.object)
        if bloc is None:
            continue
        for label in (bloc.name, *bloc.aliases):
            terms = index_terms(label, function_words)
            if len(terms) == 1 and terms[0] not in found[relation.subject]:
                found[relation.subject].append(terms[0])
    return dict(found)


def _refs_named(record: Relation | Agreement) -> Iterable[str]:
    """The entries whose names a relation or agreement is indexed under."""
    if isinstance(record, Relation):
        return record_about(record)
    refs = list(record.parties)
    for term in record.terms:
        refs += [ref for ref in (term.supplier, term.recipient) if ref]
    return refs
