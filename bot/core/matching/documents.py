"""The records search ranks — facts, relations and agreements — as words to index and as the
kinds of question each can answer.

A record's *features* say what kind of answer it holds: a date (``DATED``), a quantity, an
agent (who did it, who governs, whose role, who says so), a cause or purpose, a place, or a
definition of what it is about ("EUTM Mali is the European Union's training mission"). A
question asking "when" ranks dated records first, "how much" records with quantities, and so
on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.facts.model import Agreement, Fact, Relation
from bot.core.matching.lexicon import Lexicon
from bot.core.matching.names import NameIndex
from bot.core.text import fold

__all__ = ["AGENT", "CAUSE", "DATED", "DEFINES", "DRAWN", "KIND_FEATURES", "PLACE", "QUANTITY",
           "Record", "features", "mentions", "record_about", "texts"]

Record = Fact | Relation | Agreement

DATED, QUANTITY, AGENT, CAUSE, PLACE, DEFINES = 1, 2, 4, 8, 16, 32
DRAWN = 64  # a relation or agreement: a link drawn from what an article says, not a statement
KIND_FEATURES = {"when": DATED, "quantity": QUANTITY, "who": AGENT, "why": CAUSE,
                 "where": PLACE, "define": DEFINES}
# What a relation says, in words a question would use.
RELATION_WORDS = {"member_of": "member of", "governed_by": "governed by",
                  "partner_of": "partner of", "operates_in": "operates in", "part_of": "part of",
                  "holds_role": "role"}
_NUMBER = re.compile(r"\d[\d,.]*")
_SIZE_WORDS = frozenset("million millions billion billions thousand thousands hundred hundreds "
                        "percent".split())
_PLACE = re.compile(r"\b(?:in|at) [A-Z]")
_BE = tuple(f" {be} {what} " for be in ("is", "are", "was", "were")
            for what in ("the", "a", "an", "now", "known"))
AGENT_KINDS = frozenset({"person", "armed_group"})


def record_about(record: Record) -> tuple[str, ...]:
    """The entries (entity and agreement ids) a record is about."""
    if isinstance(record, Fact):
        return record.about
    if isinstance(record, Relation):
        return tuple(ref for ref in (record.subject, record.object) if ref)
    return (record.id, *record.parties)


def _names_of(refs: Iterable[str], names: NameIndex) -> list[str]:
    found: list[str] = []
    for ref in refs:
        subject = names.subjects.get(ref)
        if subject:
            found += [subject.name, *subject.aliases]
    return found


def _name(ref: str | None, names: NameIndex) -> str:
    subject = names.subjects.get(ref or "")
    return subject.name if subject else ref or ""


def texts(record: Record, names: NameIndex) -> tuple[list[str], list[str], str]:
    """A record's own words (with who says it, when someone does: shown with it), the names
    and aliases of what it is about, and its source quote."""
    said_by = record.source.according_to or ""
    if isinstance(record, Fact):
        # A French version is searched too: a French question finds it in its own words.
        return [record.text, record.text_fr or "", said_by], _names_of(record.about, names), \
            record.source.quote
    if isinstance(record, Relation):
        main = [_name(record.subject, names), RELATION_WORDS[record.kind],
                _name(record.object, names) if record.object else "", record.by or "",
                record.role or "", record.note or "", said_by]
        return main, _names_of(record_about(record), names), record.source.quote
    main = [record.name, record.summary, record.kind, said_by, *record.aliases]
    for term in record.terms:
        main += [term.unit or "", term.commodity or "", term.purpose or "",
                 _name(term.supplier, names) if term.supplier else "",
                 _name(term.recipient, names) if term.recipient else ""]
    return main, _names_of(record.parties, names), record.source.quote


def has_quantity(text: str) -> bool:
    """Whether a text states a number that is not a year ("150 million litres")."""
    for number in _NUMBER.findall(text):
        digits = number.replace(",", "").rstrip(".")
        if not (len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2100):
            return True
    return bool(_SIZE_WORDS & set(fold(text).split()))


def mentions(text: str, phrases: Iterable[str]) -> bool:
    """Whether a folded phrase occurs as whole words in a text."""
    padded = f" {fold(text)} "
    return any(f" {phrase} " in padded for phrase in phrases)


def defines(text: str, refs: Iterable[str], names: NameIndex) -> bool:
    """Whether a text says what one of its subjects is: "EUTM Mali is the …"."""
    folded = fold(text)
    folded = folded.removeprefix("the ")
    for label in _names_of(refs, names):
        key = fold(label).removeprefix("the ")
        if key and folded.startswith(key) and f"{folded[len(key):]} ".startswith(_BE):
            return True
    return False


def features(record: Record, names: NameIndex, lexicon: Lexicon) -> int:
    """The kinds of answer a record holds, as ``DATED | QUANTITY | …`` flags."""
    found = 0
    if isinstance(record, Fact):
        text = record.text
        found |= DATED * (record.when is not None)
        found |= QUANTITY * has_quantity(text)
        agents = any(names.subjects[ref].kind in AGENT_KINDS
                     for ref in record.about if ref in names.subjects)
        found |= AGENT * (agents or " by " in text or record.source.according_to is not None)
        found |= CAUSE * mentions(text, (*lexicon.causes_follow, *lexicon.causes_precede))
        found |= PLACE * bool(_PLACE.search(text))
        found |= DEFINES * defines(text, record.about, names)
    elif isinstance(record, Relation):
        found |= DRAWN
        found |= DATED * (record.since is not None or record.until is not None)
        found |= AGENT * (record.kind in ("governed_by", "holds_role"))
        found |= PLACE * (record.kind == "operates_in")
        found |= DEFINES * (record.kind in ("holds_role", "part_of"))
    else:
        found |= DRAWN
        found |= DATED * (record.when is not None)
        found |= QUANTITY * any(term.quantity is not None for term in record.terms)
        found |= CAUSE * any(term.purpose for term in record.terms)
    return found
