"""The fact model: entities, relations, agreements, facts, seeds, and the fact base that holds them.

Plain frozen dataclasses with no I/O. Each record remembers where it was written (``Where``) so that
every later check can point a maintainer at the exact file, line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.facts.dates import When, reduce_by_fields
from bot.core.facts.problems import Problem

__all__ = [
    "AGREEMENT_KINDS",
    "AGREEMENT_STATUSES",
    "DRAFT",
    "ENTITY_KINDS",
    "FACT_STATUSES",
    "PUBLISHED",
    "RELATION_KINDS",
    "RETRACTED",
    "STANCES",
    "Agreement",
    "CoverageNote",
    "Entity",
    "Fact",
    "Relation",
    "Seed",
    "Source",
    "SourceName",
    "Term",
    "Where",
]

ENTITY_KINDS: dict[str, str] = {
    "country": "country",
    "bloc": "bloc",
    "organisation": "organisation or institution",
    "mission": "mission",
    "armed_group": "armed group",
    "person": "person",
}
AGREEMENT_KINDS = ("sale", "defence", "cooperation", "trade", "financing", "other")
AGREEMENT_STATUSES = ("proposed", "negotiating", "signed", "in_force", "suspended", "ended")
RELATION_KINDS = (
    "member_of", "governed_by", "partner_of", "operates_in", "part_of", "holds_role",
)
# How the article presents a statement (see facts/README.md, "Who says it, and how sure").
STANCES: dict[str, str] = {
    "reported": "the article reports it as fact",
    "claim": "someone claims or states it (a statement, an official, a report)",
    "opinion": "someone's belief or opinion",
    "aspiration": "a hope, aim or intention",
    "plan": "a stated plan",
    "assessment": "an assessment or expectation (\"considered unlikely\", \"seen as\")",
    "analysis": "the article's own analysis or conclusion",
}
REPORTED, ANALYSIS = "reported", "analysis"
# Where a fact is in its life (see facts/README.md, "Drafts, retractions and corrections").
PUBLISHED, DRAFT, RETRACTED = "published", "draft", "retracted"
FACT_STATUSES: dict[str, str] = {
    PUBLISHED: "served and announced (the default)",
    DRAFT: "validated and previewed, but neither served nor announced",
    RETRACTED: "withdrawn: no longer shown; channels that received it are sent a correction",
}
NEEDS_WHO = ("claim", "opinion")  # someone's: say whose


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record was written: its file and the 1-based line and column of its first field.

    ``layout`` maps a field name (or ``about[2]``-style item) to its own place, as (lines below
    the record's first line, column): records written alike share one layout object, which
    keeps a large base small in memory and quick to load from the parse cache.
    """

    __reduce__ = reduce_by_fields

    path: str
    line: int
    column: int
    layout: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False,
                                                  hash=False)

    def at(self, name: str) -> tuple[str, int, int]:
        """The place of one field (falling back to the record's own place)."""
        place = self.layout.get(name)
        if place is None:
            return self.path, self.line, self.column
        return self.path, self.line + place[0], place[1]

    def problem(self, name: str, code: str, message: str) -> Problem:
        """A problem with one field of this record, at that field's place."""
        return Problem(*self.at(name), code, message)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a statement comes from: a seed article and a short verbatim quote from it, and
    who asserts it and how (``stance``; ``according_to`` names who, unless the article itself
    reports or analyses it)."""

    __reduce__ = reduce_by_fields

    seed: str
    quote: str
    stance: str = REPORTED
    according_to: str | None = None

    @property
    def reported(self) -> bool:
        """True when the article states it as fact in its own reporting."""
        return self.stance == REPORTED


@dataclass(frozen=True, slots=True)
class SourceName:
    """A name an article uses for an entity, with the quote that shows it."""

    __reduce__ = reduce_by_fields

    name: str
    seed: str
    quote: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A country, bloc, organisation, mission, armed group or person."""

    __reduce__ = reduce_by_fields

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    where: Where = field(compare=False)
    # The records the summary restates (each summary sentence must be supported by one).
    summary_sources: tuple[str, ...] = ()
    # The names the articles give it, when they differ from ``name``.
    source_names: tuple[SourceName, ...] = ()
    name_fr: str | None = None  # its name in French replies: one of its aliases


@dataclass(frozen=True, slots=True)
class Relation:
    """A dated link between entities: membership, who governs, partnership, roles."""

    __reduce__ = reduce_by_fields

    id: str
    kind: str
    subject: str
    object: str | None
    by: str | None
    role: str | None
    status: str
    since: When | None
    until: When | None
    note: str | None
    source: Source
    where: Where = field(compare=False)


@dataclass(frozen=True, slots=True)
class Term:
    """One structured term of an agreement, as far as the article gives it."""

    __reduce__ = reduce_by_fields

    quantity: float | None
    unit: str | None
    commodity: str | None
    supplier: str | None
    recipient: str | None
    purpose: str | None


@dataclass(frozen=True, slots=True)
class Agreement:
    """A deal or pact between parties, with its kind, terms, date and status."""

    __reduce__ = reduce_by_fields

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    parties: tuple[str, ...]
    terms: tuple[Term, ...]
    when: When | None
    status: str | None
    summary: str
    source: Source
    where: Where = field(compare=False)


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement in our own words, about entities and agreements, cited to a seed."""

    __reduce__ = reduce_by_fields

    id: str
    text: str
    about: tuple[str, ...]
    when: When | None
    added: dt.date
    source: Source
    where: Where = field(compare=False)
    status: str = PUBLISHED
    reason: str | None = None  # why it was retracted or corrected
    text_fr: str | None = None  # the same statement in French, for French replies

    @property
    def published(self) -> bool:
        """True when the fact is served and announced (neither a draft nor retracted)."""
        return self.status == PUBLISHED


@dataclass(frozen=True, slots=True)
class CoverageNote:
    """A seed passage that needs no fact of its own: a repeat of the body, or not a claim."""

    __reduce__ = reduce_by_fields

    seed: str
    quote: str
    covered_by: tuple[str, ...]
    reason: str
    not_a_claim: bool
    where: Where = field(compare=False)


@dataclass(frozen=True, slots=True)
class Seed:
    """A source article: its stable id, metadata, and the text exactly as received."""

    __reduce__ = reduce_by_fields

    id: str
    title: str
    byline: str | None
    outlet: str | None
    original_source: str | None
    published: str | None
    path: str
    text: str
    url: str | None = None  # where the article was read, when the maintainer gave it

    def credit(self) -> str:
        """How a reply names the article: title, then outlet or original source when known."""
        if self.outlet:
            return f"{self.title} — {self.outlet}"
        if self.original_source:
            return f"{self.title} — original source: {self.original_source}"
        return f"{self.title} — outlet not named in the article"
