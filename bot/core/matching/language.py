"""Words as search compares them: Snowball stems in English and French.

English stems (``english_stem``) are what the search index holds: the fact base is written in
English. French words are stemmed with the French Snowball stemmer to look them up in the
lexicon. Snowball's French rules read accents ("créée" → "cré", but "creee" → "cree"), so a
French word is stemmed as typed and, when typed with accents, also without: a reader who
leaves accents out and a lexicon entry written with them still meet (``french_stems``).
Stemmers come from PyStemmer (the Snowball project's C implementation); results are cached.
"""

from __future__ import annotations

import functools
import re

import Stemmer

from bot.core.text import fold

__all__ = ["english_stem", "french_stems", "raw_words"]

_WORD = re.compile(r"[^\W_]+")


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


@functools.lru_cache(maxsize=1 << 17)
def english_stem(word: str) -> str:
    """The English Snowball stem of a folded word ('selling' → 'sell'); numbers unchanged."""
    if word.isdigit():
        return word
    return str(_stemmer("english").stemWord(word))


@functools.lru_cache(maxsize=1 << 15)
def french_stems(word: str) -> frozenset[str]:
    """The folded French Snowball stems of a lower-case word as typed (accents and all), and
    of the same word without accents."""
    plain = fold(word)
    stems = {fold(str(_stemmer("french").stemWord(word))) or plain}
    if plain != word:
        stems.add(fold(str(_stemmer("french").stemWord(plain))) or plain)
    return frozenset(stems)


def raw_words(text: str) -> list[str]:
    """The words of a text in lower case, accents kept ("Qu'est-ce" → qu, est, ce)."""
    return _WORD.findall(text.casefold())
