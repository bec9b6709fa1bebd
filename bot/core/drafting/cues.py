"""What a quote's own words say about whose statement it is, and when: the stance and
``according_to`` of a draft record, and its ``when:`` as precise as the text.

Every cue the validator checks (``faithfulness.CUES``: F210 refuses them on a record marked as
reported) maps to a stance here, so a draft never carries a stance the validator refuses; a few
more ("said", "could", "plans to") are read as the stance vocabulary of facts/README.md ("Who says
it, and how sure") describes them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from bot.core import limits
from bot.core.facts.dates import parse_when
from bot.core.facts.faithfulness import cues_in
from bot.core.facts.model import NEEDS_WHO, REPORTED

__all__ = ["STANCE_OF_CUE", "Stance", "stance_of", "when_in"]

# The validator's cue labels → the stance a quote carrying them gets.
STANCE_OF_CUE: dict[str, str] = {
    "according to": "claim", "emphasizes": "claim", "underscores": "claim",
    "highlights": "claim",
    "believes": "opinion", "characterized": "opinion", "calls for": "opinion",
    "aims": "aspiration", "intend": "aspiration", "aspiration": "aspiration",
    "seen as": "assessment", "considered": "assessment", "expected": "assessment",
    "may": "assessment", "unlikely": "assessment",
    "in conclusion": "analysis", "why this matters": "analysis",
}
# Further cues the validator does not insist on, by the stance they suggest.
_MORE: dict[str, re.Pattern[str]] = {
    "claim": re.compile(r"\b(?:said|says|stated|told|declared)\b", re.I),
    "opinion": re.compile(r"\b(?:thinks?|argues?|argued|insists?|insisted)\b", re.I),
    "aspiration": re.compile(r"\b(?:hopes? to|seeks? to|sought to|wants? to|wish(?:es)? to)\b",
                             re.I),
    "plan": re.compile(r"\b(?:plans? to|planned|is to|are to)\b", re.I),
    "assessment": re.compile(r"\b(?:could|might|would|likely|probably|possibly)\b"),
}
# Most specific first: a hope reported by a statement is an aspiration according to it.
_PRECEDENCE = ("analysis", "opinion", "aspiration", "plan", "assessment", "claim")
_ACCORDING = re.compile(r"\baccording to ([^,.;:]+)", re.I)
# Verbs whose subject is the one speaking: "X said", "X believes", "X characterized".
_SPEAKS = re.compile(r"\b(?:said|says|stated|told|declared|believes?|thinks?|"
                     r"argues?|argued|characteri[sz]ed|emphasi[sz]es|underscores?|highlights?|"
                     r"calls? for|insists?|insisted)\b", re.I)
_NOT_A_SPEAKER = frozenset({"there", "it", "this", "that", "these", "those", "which", "who"})
_LEADING_LINK = re.compile(r"^(?:and|but|as|while|which|where)\s+", re.I)


@dataclass(frozen=True, slots=True)
class Stance:
    """A draft's stance, who says it (or None), and a note when the maintainer must check."""

    stance: str = REPORTED
    according_to: str | None = None
    note: str | None = None


def _speaker(quote: str) -> str | None:
    """Who says a quote, from "X said …", "…, X said" or "…, said X", if the quote names them."""
    found = _ACCORDING.search(quote)
    if found:
        return found.group(1).strip()
    verb = _SPEAKS.search(quote)
    if verb is None:
        return None
    before = quote[:verb.start()].rstrip()
    if not before or before.endswith(","):  # "…, said General X" or "X, a role, said"
        apposition = before.rstrip(",").strip()
        who = apposition or re.split(r"[,.;:]", quote[verb.end():], maxsplit=1)[0]
    else:  # "The force will help, officials said": the speaker follows the last comma
        who = before.rsplit(",", 1)[-1]
    who = _LEADING_LINK.sub("", who.strip()).strip(" ,")
    if not who or who.split()[0].lower() in _NOT_A_SPEAKER:
        return None
    return who


def stance_of(quote: str, *, analysis: bool = False) -> Stance:
    """The stance a quote's words suggest, and who says it (``analysis``: the quote is in a
    paragraph of the article's own analysis)."""
    if analysis:
        return Stance("analysis")
    found = {STANCE_OF_CUE[label] for label in cues_in(quote)}
    found.update(stance for stance, pattern in _MORE.items() if pattern.search(quote))
    if "analysis" in found:
        return Stance("analysis")
    if not found:
        return Stance()
    stance = next(name for name in _PRECEDENCE if name in found)
    who = _speaker(quote)
    if who is not None and len(who) > limits.ATTRIBUTION_MAX:
        who = None
    if stance in NEEDS_WHO and who is None:
        return Stance("assessment", None, f"the quote reads as a {stance}: if it names who "
                      f"says it, set 'stance: {stance}' and 'according_to:'")
    if stance in ("aspiration", "plan", "assessment") and who and not _ACCORDING.search(quote) \
            and not _MORE["claim"].search(quote):
        who = None  # the subject of "aims" is what aims, not someone reporting it
    return Stance(stance, who)


_MONTH = "|".join(calendar.month_name[1:])
_WEEKDAY = "|".join(calendar.day_name)
_YEAR = r"(?:19|20)\d{2}"
# Most precise first; each gives the fact-file form of what it matched.
_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(?:from|between) ({_YEAR}) (?:to|and) ({_YEAR})\b"), "{0} to {1}"),
    (re.compile(rf"\b({_MONTH}) (\d{{1,2}}),? ({_YEAR})\b"), "day"),
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH}),? ({_YEAR})\b"), "day-first"),
    (re.compile(rf"\b({_MONTH}),? ({_YEAR})\b"), "month"),
    (re.compile(rf"\b({_MONTH}) (\d{{1,2}})\b"), "{0} {1}"),
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b"), "{1} {0}"),
    (re.compile(rf"\b(?:in|since|by|until|of|before|after|early|late|mid-) ?({_YEAR})\b"),
     "{0}"),
    (re.compile(rf"\bfrom ({_WEEKDAY}) to ({_WEEKDAY})\b"), "{0} to {1}"),
    (re.compile(rf"\b(?:in|early|late|mid-) ?({_MONTH})\b"), "{0}"),
    (re.compile(rf"\b({_WEEKDAY})\b"), "{0}"),
)
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


def _written(form: str, parts: tuple[str, ...]) -> str:
    if form == "day":
        return f"{parts[2]}-{_MONTHS[parts[0]]:02d}-{int(parts[1]):02d}"
    if form == "day-first":
        return f"{parts[2]}-{_MONTHS[parts[1]]:02d}-{int(parts[0]):02d}"
    if form == "month":
        return f"{parts[1]}-{_MONTHS[parts[0]]:02d}"
    return form.format(*parts)


def when_in(text: str) -> str | None:
    """The most precise date the text states, written as fact files write it ("2025-12-20",
    "January 2025" → "2025-01", "Thursday to Friday"); None when it states none."""
    for pattern, form in _DATES:
        found = pattern.search(text)
        if found is None:
            continue
        written = _written(form, found.groups())
        if not isinstance(parse_when(written), str):
            return written
    return None
