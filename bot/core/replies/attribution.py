"""Saying who asserts a statement, and how sure they are, wherever it is shown.

A record the article reports as fact is shown as it is. Anything else carries a short marker:
"According to a joint statement shared on Facebook: …", "The article's analysis: …". Cards,
lists, timelines, /relation, alerts and the console all go through these two functions, so a
reader can always tell reported fact from someone's view.
"""

from __future__ import annotations

from bot.core.facts.model import ANALYSIS, REPORTED, Source
from bot.core.text import escape

__all__ = ["attributed", "stance_note"]

# stance -> (prefix with who, prefix when nobody is named)
_PREFIXES = {
    "claim": ("According to {who}: ", "According to an unnamed source: "),
    "opinion": ("In the view of {who}: ", "In an unattributed view: "),
    "aspiration": ("An aim, according to {who}: ", "An aim, as the article reports it: "),
    "plan": ("A plan, according to {who}: ", "A plan, as the article reports it: "),
    "assessment": ("An assessment by {who}: ", "An assessment (source not named): "),
    ANALYSIS: ("The article's analysis: ", "The article's analysis: "),
}
# stance -> (note with who, note when nobody is named), for lines that are not sentences
_NOTES = {
    "claim": ("according to {who}", "according to an unnamed source"),
    "opinion": ("in the view of {who}", "an unattributed view"),
    "aspiration": ("an aim, according to {who}", "an aim, as the article reports it"),
    "plan": ("a plan, according to {who}", "a plan, as the article reports it"),
    "assessment": ("assessed by {who}", "an assessment, source not named"),
    ANALYSIS: ("the article's analysis", "the article's analysis"),
}


def _pick(table: dict[str, tuple[str, str]], source: Source) -> str:
    with_who, anonymous = table[source.stance]
    return with_who.format(who=escape(source.according_to)) if source.according_to \
        else anonymous


def attributed(text: str, source: Source) -> str:
    """``text`` (already escaped) with the marker its source's stance calls for."""
    if source.stance == REPORTED or source.stance not in _PREFIXES:
        return text
    return f"*{_pick(_PREFIXES, source).rstrip()}* {text}"


def stance_note(source: Source) -> str | None:
    """A few words saying whose view a relation or agreement is; None for reported fact."""
    if source.stance == REPORTED or source.stance not in _NOTES:
        return None
    return _pick(_NOTES, source)
