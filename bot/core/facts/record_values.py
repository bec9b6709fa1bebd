"""The values ``schema.convert`` makes of each section's records (see ``schema.SECTIONS``),
as typed dictionaries for ``records``. A field is missing when it was not written or could not
be used (its problem is reported)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from bot.core.facts.dates import When

__all__ = ["AgreementValues", "CoverageValues", "EntityValues", "FactValues", "RelationValues",
           "SourceNameValues", "SourceValues", "Sourced"]


class SourceValues(TypedDict, total=False):
    seed: str
    quote: str
    stance: str
    according_to: str


class SourceNameValues(TypedDict, total=False):
    name: str
    seed: str
    quote: str


class Sourced(TypedDict, total=False):
    source: SourceValues


class EntityValues(TypedDict, total=False):
    id: str
    kind: str
    name: str
    aliases: list[str]
    name_fr: str
    summary: str
    summary_sources: list[str]
    names_in_sources: list[SourceNameValues]


class RelationValues(Sourced, total=False):
    id: str
    kind: str
    subject: str
    object: str
    by: str
    role: str
    status: str
    since: When
    until: When
    note: str


_TermValues = TypedDict("_TermValues", {"quantity": float, "unit": str, "commodity": str,
                                        "from": str, "to": str, "purpose": str}, total=False)


class AgreementValues(Sourced, total=False):
    id: str
    name: str
    aliases: list[str]
    kind: str
    parties: list[str]
    terms: list[_TermValues]
    when: When
    status: str
    summary: str


class FactValues(Sourced, total=False):
    id: str
    text: str
    text_fr: str
    about: list[str]
    when: When
    added: dt.date
    status: str
    reason: str


class CoverageValues(TypedDict, total=False):
    seed: str
    quote: str
    covered_by: list[str]
    reason: str
    not_a_claim: str
