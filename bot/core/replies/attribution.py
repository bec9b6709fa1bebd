"""Saying who asserts a statement, and how sure they are, wherever it is shown.

A record the article reports as fact is shown as it is. Anything else carries a short marker:
"According to a joint statement shared on Facebook: …", "The article's analysis: …". Cards,
lists, timelines, /relation, alerts and the console all go through these two functions, so a
reader can always tell reported fact from someone's view.
"""

from __future__ import annotations

from bot.core.facts.model import ANALYSIS, REPORTED, Source
from bot.core.i18n import N_, _
from bot.core.text import escape

__all__ = ["attributed", "stance_note"]

# stance -> (prefix with who, prefix when nobody is named)
_PREFIXES = {
    "claim": (N_("According to {who}: "), N_("According to an unnamed source: ")),
    "opinion": (N_("In the view of {who}: "), N_("In an unattributed view: ")),
    "aspiration": (N_("An aim, according to {who}: "), N_("An aim, as the article reports it: ")),
    "plan": (N_("A plan, according to {who}: "), N_("A plan, as the article reports it: ")),
    "assessment": (N_("An assessment by {who}: "), N_("An assessment (source not named): ")),
    ANALYSIS: (N_("The article's analysis: "), N_("The article's analysis: ")),
}
# stance -> (note with who, note when nobody is named), for lines that are not sentences
_NOTES = {
    "claim": (N_("according to {who}"), N_("according to an unnamed source")),
    "opinion": (N_("in the view of {who}"), N_("an unattributed view")),
    "aspiration": (N_("an aim, according to {who}"), N_("an aim, as the article reports it")),
    "plan": (N_("a plan, according to {who}"), N_("a plan, as the article reports it")),
    "assessment": (N_("assessed by {who}"), N_("an assessment, source not named")),
    ANALYSIS: (N_("the article's analysis"), N_("the article's analysis")),
}


def _pick(table: dict[str, tuple[str, str]], source: Source) -> str:
    with_who, anonymous = table[source.stance]
    return _(with_who, who=escape(source.according_to)) if source.according_to \
        else _(anonymous)


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
