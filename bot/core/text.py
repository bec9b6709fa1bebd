"""Text handling: folding for comparison, escaping for display.

``fold`` makes case, accents, punctuation, hyphens and spacing not matter: ``fold("  Burkina-Faso
")`` and ``fold("burkina faso")`` are both ``"burkina faso"``, and ``fold("États")`` is ``"etats"``.
Names, aliases and queries all go through it, so whatever a user types is compared on equal terms
with what the fact base holds. ``escape`` makes text show literally in Discord.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process

__all__ = ["ZERO_WIDTH", "closest", "counted", "defuse", "did_you_mean", "escape", "fold",
           "tokens"]

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o",
                            "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})
_NOT_WORD = re.compile(r"[\W_]+")
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<])")  # markup anywhere in a line
_LINE_START = re.compile(r"^(\s*)([#>-]|\d+\.)", re.MULTILINE)  # headings, quotes, lists
ZERO_WIDTH = "\u200b"
_MENTION = re.compile("@(?!\u200b)")  # idempotent: text defused twice stays the same
_LINK = re.compile("://")


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + (marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker)


def escape(text: str) -> str:
    """Text shown literally in Discord: markdown escaped, mentions and links defused."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    escaped = _LINE_START.sub(_escape_line_start, escaped)
    return defuse(escaped)


def defuse(text: str) -> str:
    """Text whose mentions and links cannot ping or unfurl (titles, where markdown is kept)."""
    return _MENTION.sub("@" + ZERO_WIDTH, _LINK.sub(":" + ZERO_WIDTH + "//", text))


def fold(text: str) -> str:
    """Lower-case, accent-free text with every run of non-letters collapsed to one space."""
    if text.isascii():  # most text: nothing to decompose (the same result, several times faster)
        return _NOT_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", plain.casefold()).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text."""
    return fold(text).split()


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option a misspelt word most likely meant, if any is close."""
    found = process.extractOne(word, list(options), score_cutoff=70)
    return str(found[0]) if found else None


def did_you_mean(word: str, options: Iterable[str], *, form: str = "'{}'") -> str:
    """ "did you mean 'x'? " for the closest option (``form`` shapes it), or "" if none."""
    guess = closest(word, options)
    return f"did you mean {form.format(guess)}? " if guess else ""


def counted(count: int, noun: str) -> str:
    """``1 problem``, ``3 problems`` (English messages of the command line and logs)."""
    return f"{count} {noun}{'s' * (count != 1)}"
