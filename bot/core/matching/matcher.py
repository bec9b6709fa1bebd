"""Matching what a user typed to an entity or agreement: ``resolve`` for a command's argument and
``complete`` for autocomplete. Both use one ``NameIndex``, so they can never disagree.

How a query is scored, and why:

1. **Fold** case, accents, punctuation and spacing (``text.fold``); an exact folded name, alias or
   id is the answer (the validator guarantees each leads to one entry).
2. **Find candidate words** for each typed word: itself, or vocabulary words within its allowed
   typos by rapidfuzz's ``OSA`` distance (see ``names``: transpositions count as one edit).
3. **Align words** between the query and each candidate name, ignoring order and function words
   ("of", "des"). Each word weighs its rarity among all names (inverse document frequency), so in
   "National Front for the Liberation of Loka" the word that identifies the entry is "Loka", not
   the template around it. A word matched with d typos counts ``1 - 0.1·d``. The score is
   ``100 · P · (0.85 + 0.15 · R)``: P is the weighted share of what was typed that matched (extra
   words that match nothing — "guinea *bissau*" — pull it down hard), R the weighted share of the
   name that was covered (a partial name such as "burkina" still scores 92).
   Whole-string scorers were tried and rejected: ``fuzz.ratio`` and ``token_sort_ratio`` rate
   "…Liberation of Loka" and "…Liberation of Riko" 95 apart from each other by a few points, so
   typos became ties; ``fuzz.WRatio`` adds ``partial_ratio``, which finds "niger" inside "nigeria"
   — the confusable guess we must never make — and is several times slower. ``fuzz.ratio`` is
   kept for one job: outside names (below) that are several words long.
4. **Confusables.** ``data/outside_names.txt`` lists well-known names the base does not hold
   (Nigeria, Guinea-Bissau, Brazil …). A query equal to one, or at least as close to one as to
   anything in the base, gets "not in the fact base — did you mean …?" rather than its neighbour.
5. **Decide.** At or above ``ACCEPT`` the best entry is the answer, unless another scores within
   ``MARGIN`` of it: then the user gets the choice. Below, a not-found with suggestions.

Names as readers type them, from the lexicon's ``names`` section (data, not code): an
abbreviated word stands for its full forms ("Rép. du Mali", "Russian Fed."); initials with
dots are one word ("U.S.A."); a word that is itself a name of the same entry counts as matched
("Alliance des États du Sahel (AES)", "la Confédération AES"), and so does a word saying what
kind of thing is named ("the ECOWAS bloc"); a person is found by a surname the base knows
after titles and a few given names it does not ("le général François Lecointre").
"""

from __future__ import annotations

import heapq
import itertools
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.matching.lexicon import Lexicon
from bot.core.matching.names import STOPWORDS, NameIndex, allowed_typos
from bot.core.text import fold

__all__ = ["ACCEPT", "MARGIN", "Match", "Matcher", "Resolution", "ResolutionStatus",
           "outside_names"]

ACCEPT = 84.0
MARGIN = 5.0
SUGGEST = 55.0
LENIENT_CREDIT = 0.6  # a word one edit beyond its typo allowance
CONFUSABLE = 35.0  # "did you mean" for a name we recognise as another place: Guinea-Bissau
SCORED_CANDIDATES = 120
POOL_ENOUGH = 60  # stop widening the candidate pool with commoner words once it is this big
POOL_COMMON = 1_000  # a word in more keys than this only widens an empty pool
POOL_CAP = 5_000  # keys taken from any one word's postings
_MEMO_SIZE = 20_000


def outside_names() -> list[str]:
    """The well-known names that are not in the fact base (see the module docstring)."""
    text = (resources.files("bot.core.matching") / "data" / "outside_names.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True, slots=True)
class Match:
    """An entry that matched a query: its id, score (0–100) and the name or alias matched."""

    id: str
    score: float
    label: str


class ResolutionStatus(StrEnum):
    """How a query resolved (the values are what ``--json`` output and tests show)."""

    FOUND = "found"  # ``match`` is the entry
    AMBIGUOUS = "ambiguous"  # choices in ``options``
    NOT_IN_BASE = "not_in_base"  # ``outside`` is the name recognised; ``options`` suggestions
    NOT_FOUND = "not_found"  # ``options`` are suggestions
    EMPTY = "empty"  # nothing typed; ``options`` are suggestions


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a query resolved to: a ``ResolutionStatus`` and what goes with it."""

    query: str
    status: ResolutionStatus
    match: Match | None = None
    options: tuple[Match, ...] = ()
    outside: str | None = None

    @property
    def found(self) -> Match | None:
        """The entry found, or None for any other status."""
        return self.match if self.status is ResolutionStatus.FOUND else None


def _near_word(word: str, key_words: list[str], used: set[int]) -> tuple[float, int] | None:
    """The best remaining name word within reach of a typed word that matched nothing in the
    vocabulary lookup: a typo that forms another real word ("Roka" for "Rokia"), or one at both
    ends. One edit beyond the allowance earns only partial credit."""
    allowed = allowed_typos(word)
    reach = allowed + 1 if len(word) >= 4 else allowed
    best: tuple[float, int] | None = None
    for j, other in enumerate(key_words):
        if j in used:
            continue
        distance = OSA.distance(word, other, score_cutoff=reach)
        if distance <= reach:
            credit = 1 - 0.1 * distance if distance <= allowed else LENIENT_CREDIT
            if best is None or credit > best[0]:
                best = (credit, j)
    return best


class Matcher:
    """Resolves and completes names against one ``NameIndex``."""

    def __init__(self, index: NameIndex, outside: Iterable[str] = (),
                 lexicon: Lexicon | None = None) -> None:
        self.index = index
        self.lexicon = lexicon or Lexicon()
        self.outside: dict[str, str] = {}
        for name in outside:
            key = fold(name)
            if key and key not in index.exact:
                self.outside.setdefault(key, name)
        self._outside_keys = list(self.outside)
        self._memo: OrderedDict[tuple[str, frozenset[str] | None, int], list[Match]] = \
            OrderedDict()

    def __getstate__(self) -> dict[str, object]:
        """Pickled (in a snapshot) without the memo of recent completions."""
        return {**self.__dict__, "_memo": OrderedDict()}

    # ---- scoring -------------------------------------------------------------------------
    def _candidates(self, words: list[str], variants: list[dict[str, int]],
                    kinds: frozenset[str] | None) -> list[int]:
        """Keys worth scoring: those holding the rarest typed words (or a near spelling),
        most typed words first."""
        postings = self.index.postings
        order = sorted((sum(len(postings[v]) for v in options), i)
                       for i, options in enumerate(variants) if options)
        pool: set[int] = set()
        for size, i in order:
            if pool and (len(pool) >= POOL_ENOUGH or size > POOL_COMMON):
                break  # commoner words would only add keys that lack the rarer ones
            for variant in variants[i]:
                pool.update(itertools.islice(postings[variant], POOL_CAP))
        keys = self.index.keys

        def rank(key: int) -> tuple[int, int]:
            key_words = set(keys[key].split())
            hits = sum(1 for options in variants if not key_words.isdisjoint(options))
            return (-hits, len(keys[key]))

        pool_of_kind = [k for k in pool if self.index.kind_ok(k, kinds)]
        return heapq.nsmallest(SCORED_CANDIDATES, pool_of_kind, key=rank)

    def _variants(self, word: str) -> dict[str, int]:
        """Vocabulary words a typed word may stand for, with their distance: itself or near
        spellings, and for an abbreviation ("rep", "fed") its full forms."""
        found = dict(self.index.similar_words(word))
        for full in self.lexicon.abbreviations.get(word, ()):
            for other, distance in self.index.similar_words(full).items():
                found[other] = min(distance, found.get(other, distance))
        return found

    def _scored(self, folded: str, kinds: frozenset[str] | None,
                prefix_last: bool = False) -> list[Match]:
        words = folded.split()
        content = [w for w in words if w not in STOPWORDS] or words
        variants = [self._variants(word) for word in content]
        # a typed word that is a whole name of an entry ("AES") matches that entry's names
        naming = [{self.index.key_subject[k] for k in self.index.exact.get(word, ())}
                  for word in content]
        descriptor = [word in self.lexicon.descriptors for word in content]
        if prefix_last and len(content[-1]) >= 2:
            low, high = self.index.prefix_range(content[-1])
            variants[-1] = {**dict.fromkeys(self.index.vocab[low:high][:200], 0), **variants[-1]}
        weight = self.index.word_weight
        unknown = [weight(word) for word in content]
        squashed = folded.replace(" ", "")
        best: dict[str, Match] = {}
        best_key: dict[str, int] = {}
        for key in self._candidates(content, variants, kinds):
            key_text = self.index.keys[key]
            key_words = [w for w in key_text.split() if w not in STOPWORDS] or key_text.split()
            typed = matched = covered = 0.0
            used: set[int] = set()
            for position, options in enumerate(variants):
                found = min(((options[w], j) for j, w in enumerate(key_words)
                             if j not in used and w in options), default=None)
                if found is not None:
                    credit, j = 1 - 0.1 * found[0], found[1]
                else:
                    near = _near_word(content[position], key_words, used)
                    if near is None:
                        if self.index.key_subject[key] in naming[position]:
                            typed += unknown[position]  # "(AES)" after "Alliance … Sahel"
                            matched += unknown[position]
                        elif not descriptor[position]:  # "bloc" in "the ECOWAS bloc"
                            typed += unknown[position]
                        continue
                    credit, j = near
                used.add(j)
                typed += weight(key_words[j])
                matched += weight(key_words[j]) * credit
                covered += weight(key_words[j])
            total = sum(weight(w) for w in key_words)
            score = 100 * (matched / typed) * (0.85 + 0.15 * covered / total) if typed else 0.0
            if squashed == key_text.replace(" ", ""):
                score = max(score, 95.0)  # only the spacing differs: "burkinafaso"
            score -= 0 if self.index.key_is_name[key] else 0.5  # prefer a name to an alias
            subject = self.index.key_subject[key]
            if subject not in best or score > best[subject].score:
                best[subject] = Match(subject, round(score, 1), self.index.key_label[key])
                best_key[subject] = key
        importance = self.index.importance
        # Ties go to the name closest letter by letter to what was typed.
        closeness = {sid: fuzz.ratio(folded, self.index.keys[key]) for sid, key in best_key.items()}
        return sorted(best.values(), key=lambda m: (-m.score, -closeness[m.id], -importance[m.id],
                                                    m.label))

    def _outside_best(self, folded: str) -> tuple[str, float] | None:
        """The outside name closest to the query, scored like a typo of a base name would be."""
        scores: list[tuple[float, str]] = []
        limit = allowed_typos(folded)
        if limit:
            typo = process.extractOne(folded, self._outside_keys, scorer=OSA.distance,
                                      score_cutoff=limit)
            if typo:
                scores.append((100.0 * (1 - 0.1 * typo[1]), typo[0]))
        similar = process.extractOne(folded, self._outside_keys, scorer=fuzz.ratio,
                                     score_cutoff=ACCEPT)
        if similar:
            scores.append((float(similar[1]), similar[0]))
        if not scores:
            return None
        score, key = max(scores)
        return self.outside[key], score

    def _confusable(self, folded: str, ranked: list[Match]) -> tuple[Match, ...]:
        """Entries worth a "did you mean": ones that start the same way as the query."""
        return tuple(m for m in ranked if m.score >= CONFUSABLE
                     and fold(m.label)[:3] == folded[:3])[:3]

    def _useful(self, kinds: frozenset[str] | None, limit: int) -> tuple[Match, ...]:
        names = self.index.subjects
        return tuple(Match(sid, 0.0, names[sid].name)
                     for sid in self.index.most_useful(kinds, limit))

    # ---- resolve -------------------------------------------------------------------------
    def _by_surname(self, folded: str, kinds: frozenset[str] | None) -> Match | None:
        """A person named by titles and given names the base does not hold before a surname
        it does ("Foreign Minister Sergei Viktorovich Lavrov")."""
        if kinds is not None and "person" not in kinds:
            return None
        words = [word for word in folded.split() if word not in STOPWORDS]
        stripped = True
        while stripped and words:
            stripped = False
            for title in sorted(self.lexicon.titles, key=len, reverse=True):
                if tuple(words[:len(title)]) == title and len(words) > len(title):
                    words, stripped = words[len(title):], True
                    break
        if not words or len(words) - 1 > self.lexicon.given_names:
            return None
        for size in range(len(words), 0, -1):  # the longest known tail: "sergei lavrov"
            people = {self.index.key_subject[key]: key
                      for key in self.index.exact.get(" ".join(words[-size:]), ())
                      if self.index.subjects[self.index.key_subject[key]].kind == "person"}
            if len(people) == 1:
                (subject, key), = people.items()
                return Match(subject, 100.0 if size == len(words) else 90.0,
                             self.index.key_label[key])
        return None

    def resolve(self, query: str, kinds: frozenset[str] | None = None) -> Resolution:
        """Resolve a typed name to one entry, a choice of entries, or a not-found."""
        folded = fold(query)
        if not folded:
            return Resolution(query, ResolutionStatus.EMPTY, options=self._useful(kinds, 5))
        if len(folded.split()) > 1 and all(len(word) == 1 for word in folded.split()):
            folded = folded.replace(" ", "")  # initials: "U.S.A." is "usa"
        hits = self.index.exact.get(folded, [])
        for key in sorted(hits, key=lambda k: not self.index.key_is_name[k]):
            if self.index.kind_ok(key, kinds):
                return Resolution(query, ResolutionStatus.FOUND, Match(
                    self.index.key_subject[key], 100.0, self.index.key_label[key]))
        ranked = self._scored(folded, kinds)
        suggestions = tuple(m for m in ranked if m.score >= SUGGEST)[:5]
        near = self._confusable(folded, ranked)
        if folded in self.outside and not hits:
            return Resolution(query, ResolutionStatus.NOT_IN_BASE, options=near,
                              outside=self.outside[folded])
        if hits and (not ranked or ranked[0].score < ACCEPT):
            key = hits[0]  # an exact name of another kind: /country ECOWAS shows the bloc
            return Resolution(query, ResolutionStatus.FOUND,
                              Match(self.index.key_subject[key], 100.0, self.index.key_label[key]))
        top = ranked[0] if ranked else None
        outside = self._outside_best(folded)
        if outside and (top is None or outside[1] >= top.score):
            return Resolution(query, ResolutionStatus.NOT_IN_BASE, options=near,
                              outside=outside[0])
        if top is not None and top.score >= ACCEPT:
            close = tuple(m for m in ranked if m.score >= ACCEPT and top.score - m.score < MARGIN)
            if len(close) > 1:
                return Resolution(query, ResolutionStatus.AMBIGUOUS, options=close[:5])
            return Resolution(query, ResolutionStatus.FOUND, top)
        person = self._by_surname(folded, kinds)
        if person is not None:
            return Resolution(query, ResolutionStatus.FOUND, person)
        if kinds is not None:
            anywhere = self.resolve(query, None)
            if anywhere.status is not ResolutionStatus.NOT_FOUND:
                return anywhere
        return Resolution(query, ResolutionStatus.NOT_FOUND,
                          options=suggestions or self._useful(kinds, 5))

    # ---- complete ------------------------------------------------------------------------
    def complete(self, text: str, kinds: frozenset[str] | None = None,
                 limit: int = 25) -> list[Match]:
        """Autocomplete choices for a partly typed name, best first."""
        folded = fold(text)
        if not folded:
            return list(self._useful(kinds, limit))
        words = [w for w in folded.split() if w not in STOPWORDS] or folded.split()
        memo_key = (folded, kinds, limit)
        if memo_key in self._memo:
            self._memo.move_to_end(memo_key)
            return self._memo[memo_key]
        choices = self._by_prefix(folded, words, kinds, limit)
        if not choices:
            choices = [m for m in self._scored(folded, kinds, prefix_last=True)
                       if m.score >= 70][:limit]
        if len(words) == 1 and self.index.prefix_postings_size(words[0]) > 500:
            self._memo[memo_key] = choices
            if len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)
        return choices

    def _by_prefix(self, folded: str, words: list[str], kinds: frozenset[str] | None,
                   limit: int) -> list[Match]:
        """Keys whose words start with the typed words: those starting with the whole text
        first, then the rest; most useful first within each."""
        index = self.index
        wanted = limit * 4

        def of_kind(key: int) -> bool:
            return index.kind_ok(key, kinds)

        def starts_whole(key: int) -> bool:
            return index.keys[key].startswith(folded) and of_kind(key)

        rarest = min(words, key=index.prefix_postings_size)
        others = [w for w in words if w is not rarest]

        def has_all(key: int) -> bool:
            key_words = index.keys[key].split()
            return of_kind(key) and all(any(k.startswith(w) for k in key_words) for w in others)

        leading = index.best_starting_with(folded, wanted, of_kind)
        if leading is None:  # a short prefix many keys share: read postings, stopping early
            leading = index.best_with_prefix(folded.split()[0], wanted, starts_whole,
                                             first_word=True)
        # The rest come after the leading keys: not needed once those fill the list.
        enough = len({index.key_subject[key] for key in leading}) >= limit
        rest = index.best_with_prefix(rarest, wanted, has_all) \
            if len(leading) < wanted and not enough else []
        best: dict[str, Match] = {}
        for key in itertools.chain(leading, rest):
            subject = index.key_subject[key]
            if subject not in best:
                best[subject] = Match(subject, 100.0, index.key_label[key])
        return list(best.values())[:limit]
