"""Characters a fact file may not hold (rule F014), and how to name one in a problem.

Control characters (YAML itself refuses them in a file), and the invisible characters that
would reach Discord unchanged: direction overrides and isolates, which make text read other
than it is written (U+202A–U+202E, U+2066–U+2069); zero-width characters (U+200B–U+200D,
U+2060, U+FEFF) and the soft hyphen (U+00AD), which hide inside a word so that two words that
look alike do not match. ``yamltree`` finds them in a file's text; ``schema`` finds those an
escape (``"\\0"``, ``"\\u202e"``) put into a value.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["character_problem", "in_file", "in_value"]

_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"
# A file may hold tabs (F003 says where they may not go) and line breaks.
_IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")
# A value may hold line breaks (a block of text), nothing else of these.
_IN_VALUE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_DIRECTION = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def in_file(text: str) -> list[re.Match[str]]:
    """Every character of a file's text that is not allowed, in order."""
    return [] if _IN_FILE.search(text) is None else list(_IN_FILE.finditer(text))


def in_value(text: str) -> list[re.Match[str]]:
    """Every character of a value that is not allowed, in order (one quick search when there
    is none: this runs for every value of a large base)."""
    return [] if _IN_VALUE.search(text) is None else list(_IN_VALUE.finditer(text))


def character_problem(char: str) -> str:
    """A problem's message for one character that is not allowed: which one, why, the fix."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return (f"the control character {code} is not allowed; it is invisible and would be "
                "sent to Discord as is: delete it")
    if not _IN_VALUE.match(char):  # one YAML refuses, such as U+FFFE
        return f"the character {code} is not allowed in a YAML file; delete it"
    name = unicodedata.name(char, "an invisible character")
    if char in _DIRECTION:
        why = ("it changes the direction the text after it is shown in, so the text can read "
               "other than it is written")
    else:
        why = "it is invisible, so words that look the same would not match in names or search"
    return f"the character {code} ({name}) is not allowed: {why}; delete it"
