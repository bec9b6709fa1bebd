"""The name index: every name, alias and id of every entity and agreement, folded and tokenised,
with the lookups the matcher needs — exact keys, word postings, word prefixes, and words within a
few typos of a query word.

Typo-tolerant word lookup uses rapidfuzz's ``OSA`` distance (optimal string alignment: insertions,
deletions, substitutions and *adjacent transpositions* each cost 1, so "Mlai" is one edit from
"Mali", where plain Levenshtein counts two). The allowed distance grows with word length like
Elasticsearch's AUTO fuzziness: none up to 2 letters, 1 up to 5, 2 beyond — two-letter words have
too many one-letter neighbours ("UE", "AU") for a typo to be guessed safely.

To keep the scan small on a large vocabulary, only words of similar length (a length difference of
d needs at least d edits) that share the typed word's first *or* last letter are compared: about
one word in fifteen. The price is that a word mistyped at both its first and its last letter is
not recognised.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.text import fold

__all__ = ["STOPWORDS", "NameIndex", "Named", "Vocabulary", "allowed_typos"]

# Words that carry no identity in a name ("Alliance *of* Sahel States", "Alliance *des* États").
STOPWORDS = frozenset({"of", "the", "and", "for", "in", "de", "des", "du", "la", "le", "les",
                       "l", "d", "et", "en", "a", "an"})


def allowed_typos(word: str) -> int:
    """How many edits a word may carry and still be recognised (0, 1 or 2)."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


class Vocabulary:
    """A set of words with fast prefix and typo lookups."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._known = set(self.words)
        # (first letter, length) and (last letter, length) -> words: where typos are looked for
        self._by_end: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        for word in self.words:
            self._by_end["first", word[0], len(word)].append(word)
            self._by_end["last", word[-1], len(word)].append(word)

    def __contains__(self, word: object) -> bool:
        return word in self._known

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """The slice of ``words`` that start with ``prefix``."""
        low = bisect.bisect_left(self.words, prefix)
        return low, bisect.bisect_left(self.words, prefix + "\uffff", low)

    def similar(self, word: str, extra: int = 0) -> dict[str, int]:
        """Words within the allowed typos of ``word`` (plus ``extra``), with their distance
        (the word itself at 0)."""
        if word in self._known:
            return {word: 0}
        limit = allowed_typos(word) + (extra if len(word) >= 4 else 0)
        found: dict[str, int] = {}
        if not limit or not word:
            return found
        for length in range(len(word) - limit, len(word) + limit + 1):
            for end, letter in (("first", word[0]), ("last", word[-1])):
                bucket = self._by_end.get((end, letter, length))
                if not bucket:
                    continue
                for other, distance, _ in process.extract(
                        word, bucket, scorer=OSA.distance, score_cutoff=limit, limit=None):
                    found[other] = int(distance)
        return found


@dataclass(frozen=True, slots=True)
class Named:
    """Something that can be asked for by name: an entity or an agreement."""

    id: str
    kind: str  # an entity kind, or "agreement"
    name: str
    aliases: tuple[str, ...] = ()


class NameIndex:
    """Keys (folded names, aliases and ids) with word postings, built once per fact base."""

    def __init__(self, named: Iterable[Named], importance: Mapping[str, float]) -> None:
        self.named = list(named)
        self.subjects: dict[str, Named] = {}
        self.keys: list[str] = []          # folded key text
        self.key_subject: list[str] = []   # subject id of each key
        self.key_label: list[str] = []     # the name or alias as written
        self.key_is_name: list[bool] = []
        self.key_is_id: list[bool] = []
        self.exact: dict[str, list[int]] = defaultdict(list)
        for item in self.named:
            self.subjects[item.id] = item
            labels = [(item.name, item.name, True)]
            labels += [(alias, alias, False) for alias in item.aliases]
            labels.append((item.id, item.name, False))  # autocomplete sends the id back
            seen: set[str] = set()
            for text, shown, is_name in labels:
                key = fold(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                self.exact[key].append(len(self.keys))
                self.keys.append(key)
                self.key_subject.append(item.id)
                self.key_label.append(shown)
                self.key_is_name.append(is_name and text is not item.id)
                self.key_is_id.append(text is item.id)
        self.importance = {sid: float(importance.get(sid, 0.0)) for sid in self.subjects}
        # Every posting list is kept in one global order, best first (names before aliases,
        # most useful entries first, shorter first), so prefix lookups can stop reading early.
        self.by_rank = sorted(range(len(self.keys)), key=lambda k: (
            not self.key_is_name[k], -self.importance[self.key_subject[k]], len(self.keys[k]), k))
        self.rank = [0] * len(self.keys)
        postings: dict[str, list[int]] = defaultdict(list)
        first_words: dict[str, list[int]] = defaultdict(list)
        for position, k in enumerate(self.by_rank):
            self.rank[k] = position
            if self.key_is_id[k]:  # an id is looked up exactly, never by its words
                continue
            words = self.keys[k].split()
            first_words[words[0]].append(k)
            for word in dict.fromkeys(words):
                postings[word].append(k)
        self.first_words = dict(first_words)
        self.postings = dict(postings)
        # The keys (ids aside) in text order: the keys starting with a typed text are a slice.
        in_order = sorted((self.keys[k], k) for k in range(len(self.keys))
                          if not self.key_is_id[k])
        self.sorted_texts = [text for text, _ in in_order]
        self.sorted_keys = [k for _, k in in_order]
        self.exact = dict(self.exact)
        self.vocabulary = Vocabulary(self.postings)
        self.vocab = self.vocabulary.words
        total = len(self.keys)
        self.weights = {w: math.log(1 + total / len(p)) for w, p in self.postings.items()}
        self.unknown_weight = math.log(1 + total)
        # posting_sums[i]: postings of vocab[:i] in all, so a prefix range's size is O(1).
        self.posting_sums = [0, *itertools.accumulate(len(self.postings[w]) for w in self.vocab)]
        self._useful: dict[str, list[str]] = defaultdict(list)  # kind -> ids, most useful first
        ranked = sorted(self.subjects, key=lambda sid: (-self.importance[sid],
                                                        self.subjects[sid].name))
        for sid in ranked:
            self._useful[self.subjects[sid].kind].append(sid)

    def same_input(self, named: list[Named], importance: Mapping[str, float]) -> bool:
        """Whether building from these names and importances would give this very index."""
        return named == self.named and all(
            self.importance[sid] == float(importance.get(sid, 0.0)) for sid in self.subjects)

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """The vocabulary slice of words starting with ``prefix``."""
        return self.vocabulary.prefix_range(prefix)

    def prefix_postings_size(self, prefix: str) -> int:
        """How many key postings the words starting with ``prefix`` have in all."""
        low, high = self.prefix_range(prefix)
        return self.posting_sums[high] - self.posting_sums[low]

    def best_starting_with(self, text: str, wanted: int, accept: Callable[[int], bool],
                           most: int = 10000) -> list[int] | None:
        """The ``wanted`` best-ranked keys whose whole text starts with ``text`` and that
        ``accept`` allows, best first, read from the sorted keys; None when more than ``most``
        keys start with it (``best_with_prefix`` then stops earlier)."""
        low = bisect.bisect_left(self.sorted_texts, text)
        high = bisect.bisect_left(self.sorted_texts, text + "\uffff", low)
        if high - low > most:
            return None
        found = [k for k in self.sorted_keys[low:high] if accept(k)]
        return heapq.nsmallest(wanted, found, key=self.rank.__getitem__)

    def best_with_prefix(self, prefix: str, wanted: int, accept: Callable[[int], bool],
                         *, first_word: bool = False) -> list[int]:
        """The ``wanted`` best-ranked keys having a word (or, with ``first_word``, a first word)
        that starts with ``prefix`` and that ``accept`` allows, best first.

        Posting lists are in rank order, so each word's list is read only until its keys can no
        longer beat the ones already kept.
        """
        low, high = self.prefix_range(prefix)
        source = self.first_words if first_word else self.postings
        rank = self.rank
        kept: list[int] = []  # negated ranks: a max-heap of the best keys so far
        seen: set[int] = set()
        for word in self.vocab[low:high]:
            for key in source.get(word, ()):
                if len(kept) >= wanted and rank[key] > -kept[0]:
                    break
                if key in seen or not accept(key):
                    continue
                seen.add(key)
                if len(kept) < wanted:
                    heapq.heappush(kept, -rank[key])
                else:
                    heapq.heapreplace(kept, -rank[key])
        return [self.by_rank[-value] for value in sorted(kept, reverse=True)]

    def similar_words(self, word: str) -> dict[str, int]:
        """Vocabulary words within the allowed typos of ``word``, with their distance; when
        there are none, those one edit further (two slips in one short word: "Frlt")."""
        return self.vocabulary.similar(word) or self.vocabulary.similar(word, extra=1)

    def word_weight(self, word: str) -> float:
        """How much a word identifies a name: rare words weigh more (inverse document frequency);
        a word no name contains weighs the most."""
        return self.weights.get(word, self.unknown_weight)

    def most_useful(self, kinds: frozenset[str] | None, limit: int) -> list[str]:
        """The subjects of these kinds that the base says most about."""
        pools = [ids[:limit] for kind, ids in self._useful.items()
                 if kinds is None or kind in kinds]
        merged = sorted(itertools.chain(*pools),
                        key=lambda sid: (-self.importance[sid], self.subjects[sid].name))
        return merged[:limit]

    def kind_ok(self, key: int, kinds: frozenset[str] | None) -> bool:
        """Whether a key's subject is of one of the wanted kinds."""
        return kinds is None or self.subjects[self.key_subject[key]].kind in kinds
