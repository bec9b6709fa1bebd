"""Folding text for comparison: case, accents, punctuation, hyphens and spacing do not matter.

``fold("  Burkina-Faso ")`` and ``fold("burkina faso")`` are both ``"burkina faso"``, and
``fold("États")`` is ``"etats"``. Names, aliases and queries all go through the same function, so
whatever a user types is compared on equal terms with what the fact base holds.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "tokens"]

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o",
                            "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, accent-free text with every run of non-letters collapsed to one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", plain.casefold()).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text."""
    return fold(text).split()
