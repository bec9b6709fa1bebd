"""Reading a question: what kind of answer it wants, its language, and the words to search for.

"Quand l'AES a-t-elle été créée ?" → kind ``when``, French, words "aes" and "créée"; "créée"
is looked up in the lexicon by its French stem and searched as the English stems of its group
(establish, found, create …). The kind comes from the longest question phrase of the lexicon
found in the question. "What is X" / "qui est X" (``define``) holds only when X is a name the
base knows; otherwise the phrase's own question word counts ("who is in charge …" → ``who``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.core.matching.language import english_stem, french_stems, raw_words
from bot.core.matching.lexicon import Lexicon, Phrase
from bot.core.text import fold

__all__ = ["SYNONYM_WEIGHT", "TRANSLATION_WEIGHT", "Question", "Word", "read_question"]

SYNONYM_WEIGHT = 1.0  # another English word of the same lexicon group
TRANSLATION_WEIGHT = 1.0  # the English words of a French word's group, in a French question
CROSS_WEIGHT = 0.5  # the same, for a French word in a question that reads as English


@dataclass(frozen=True, slots=True)
class Word:
    """One content word of a question: the English stems to search for, each with a weight;
    ``fuzzy`` is the stem that may also match with typos (the word's own English stem, unless
    the word was translated: a French word is not a misspelt English one)."""

    text: str
    stems: dict[str, float] = field(hash=False)
    fuzzy: str | None


@dataclass(frozen=True, slots=True)
class Question:
    """What a query asks: its kind of answer (or None), whether it reads as French, and the
    content words to search for."""

    text: str
    kind: str | None
    french: bool
    words: tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class _Match:
    """Where a question phrase was found: the words it covers, and those between its runs."""

    phrase: Phrase
    start: int
    words: frozenset[int]
    gap: tuple[int, ...]


def _runs_at(phrase: Phrase, raw: list[str], folded: list[str], start: int) -> _Match | None:
    """The phrase matched with its first run at ``start`` (later runs anywhere after)."""
    covered: list[int] = []
    gap: list[int] = []
    at = start
    for number, run in enumerate(phrase.raw):
        folded_run = phrase.folded[number] if phrase.folded else None
        for position in range(at, len(raw) - len(run) + 1) if number else (at,):
            if tuple(raw[position:position + len(run)]) == run or (
                    folded_run and tuple(folded[position:position + len(run)]) == folded_run):
                gap += range(at, position)
                covered += range(position, position + len(run))
                at = position + len(run)
                break
        else:
            return None
    return _Match(phrase, start, frozenset(covered), tuple(gap))


def _find(phrases: Sequence[Phrase], raw: list[str], folded: list[str],
          allowed: Callable[[Phrase], bool]) -> _Match | None:
    """The longest phrase found in the words (the earliest among equals)."""
    best: _Match | None = None
    for phrase in phrases:
        if best and phrase.size < best.phrase.size:
            break
        if not allowed(phrase):
            continue
        for start in range(len(raw)):
            found = _runs_at(phrase, raw, folded, start)
            if found:
                if best is None or start < best.start:
                    best = found
                break
    return best


def read_question(query: str, lexicon: Lexicon, is_name: Callable[[str], bool]) -> Question:
    """What a query asks; ``is_name`` says whether folded words name an entry of the base."""
    raw = raw_words(query)
    folded = [fold(word) for word in raw]
    english = lexicon.function_words.get("en", frozenset())
    french_words = lexicon.function_words.get("fr", frozenset())
    french = sum(w in french_words and w not in english for w in folded) > \
        sum(w in english and w not in french_words for w in folded)
    function = english | french_words
    found = _find(lexicon.phrases, raw, folded, lambda phrase: True)
    if found and found.phrase.kind == "define":
        # "what is X" holds when X is a name; "who is in charge …" asks who
        named = found.gap or [i for i in range(len(raw)) if i not in found.words]
        rest = [folded[i] for i in named if folded[i] not in function]
        if not (rest and is_name(" ".join(rest))):
            found = _find(lexicon.phrases, raw, folded, lambda other: other.kind != "define")
    kind = found.phrase.kind if found else None
    span = found.words if found else frozenset()
    words = []
    i = 0
    while i < len(raw):
        phrase = None if i in span else _phrase(folded, i, lexicon, french)
        if phrase:
            words.append(phrase)
            i += len(phrase.text.split())
            continue
        if i not in span and folded[i] and folded[i] not in function:
            words.append(_word(raw[i], folded[i], lexicon, french))
        i += 1
    return Question(query, kind, french, tuple(words))


def _phrase(folded: list[str], start: int, lexicon: Lexicon, french: bool) -> Word | None:
    """The longest lexicon phrase starting at a word ("set up", "mettre en place"), as one
    word standing for its group."""
    best: Word | None = None
    for language, phrases in lexicon.word_phrases.items():
        weight = 1.0 if language == "en" or french else CROSS_WEIGHT
        for key, stems in phrases.items():
            if tuple(folded[start:start + len(key)]) == key and (
                    best is None or len(key) > len(best.text.split())):
                best = Word(" ".join(key), dict.fromkeys(stems, weight), None)
    return best


def _word(word: str, plain: str, lexicon: Lexicon, french: bool) -> Word:
    stems: dict[str, float] = {}
    own = "".join(english_stem(part) for part in plain.split())
    translated = False
    for stem in french_stems(word):
        for english in lexicon.french.get(stem, ()):
            weight = TRANSLATION_WEIGHT if french else CROSS_WEIGHT
            stems[english] = max(stems.get(english, 0.0), weight)
            translated = True
    if not (translated and french):
        stems[own] = 1.0
    for synonym in lexicon.english.get(own, ()):
        stems[synonym] = max(stems.get(synonym, 0.0), SYNONYM_WEIGHT)
    return Word(plain, stems, None if translated and french else own)
