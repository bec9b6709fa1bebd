"""Proper names an article uses that the fact base does not know: candidate entities.

A name is a run of capitalised words (joined by "of", "de", "des" …), less a leading "The"
and a possessive "'s". Months, weekdays, a sentence's single opening word, and any run that
holds a name or alias the base knows ("Russian Foreign Minister Sergei Lavrov") are left out.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.facts.model import Seed
from bot.core.facts.seeds import sentences
from bot.core.text import fold

__all__ = ["Candidate", "candidate_entities"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_JOINERS = frozenset({"of", "de", "des", "du", "la", "le", "les", "d", "al", "el", "and"})
_LEADING = frozenset({"the", "a", "an", "le", "la", "les"})
_CALENDAR = frozenset(fold(name) for name in (*calendar.month_name[1:], *calendar.day_name))
_PERSON_TITLES = frozenset({"general", "president", "minister", "colonel", "captain",
                            "lieutenant", "prime", "king", "queen", "dr", "mr", "mrs", "ms",
                            "sheikh", "imam"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name the base does not know: as written, a suggested id and kind (None: unknown),
    and the seed line where it first appears."""

    name: str
    id: str
    kind: str | None
    line: int


def _runs(text: str) -> list[list[str]]:
    """Runs of capitalised words in a sentence, with the joiners inside them."""
    runs: list[list[str]] = []
    current: list[str] = []
    pending: list[str] = []  # joiners seen since the last capitalised word
    for match in _WORD.finditer(text):
        word = match.group().rstrip(".")
        gap = text[match.start() - 2:match.start()] if match.start() >= 2 else ""
        if current and re.search(r"[,;:()\"“”]", gap):  # punctuation ends a run
            runs.append(current)
            current, pending = [], []
        if word[:1].isupper():
            current += [*pending, word]
            pending = []
        elif current and word.lower() in _JOINERS and not pending:
            pending = [word]
        elif current:
            runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _clean(run: list[str]) -> list[str]:
    words = list(run)
    while words and words[0].lower() in _LEADING:
        words.pop(0)
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    return words


def candidate_entities(seed: Seed, known: Callable[[str], bool]) -> list[Candidate]:
    """The names in ``seed`` the base does not know, in order of first appearance.

    ``known(folded)`` says whether a folded name is a name, alias or id the base holds.
    """
    found: dict[str, Candidate] = {}
    for sentence in sentences(seed):
        for index, run in enumerate(_runs(sentence.text)):
            words = _clean(run)
            folded = fold(" ".join(words))
            if not folded or folded in found or folded in _CALENDAR:
                continue
            at_start = index == 0 and sentence.text.startswith(run[0])
            if at_start and len(words) == 1:
                continue  # "Some", "The", "Niamey": any sentence starts with a capital
            parts = folded.split()
            if any(known(" ".join(parts[a:b])) for a in range(len(parts))
                   for b in range(a + 1, len(parts) + 1)):
                continue
            kind = "person" if parts[0] in _PERSON_TITLES and len(parts) > 1 else None
            name = " ".join(words)
            found[folded] = Candidate(name, "-".join(parts)[:64].strip("-"), kind,
                                      sentence.line)
    return list(found.values())
