"""What was published stays put: rules over the ids (and texts) published before.

Published ids come from outside the files: the bot's record of announced facts, or on a
maintainer's machine the records at a git revision (``--since origin/main``). A published id
that is gone, or back to a draft, is a problem (F215) unless its record is kept with
``status: retracted`` and a ``reason:``; a published fact whose text changed in substance needs
a ``reason:`` too (F216), which the correction sent to its subscribers gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from bot.core.facts.model import DRAFT, Agreement, Entity, Fact, Relation
from bot.core.facts.problems import Problem
from bot.core.facts.seeds import normalise_quote
from bot.core.text import tokens

if TYPE_CHECKING:
    from bot.core.facts.records import FileRecords
    from bot.core.facts.rules import CrossFile

__all__ = ["Published", "PublishedRecord", "material_change", "published_in",
           "published_records_kept", "renamed_to"]

_TYPO = 2  # letters a word may change by and still be the same word (a typo fixed)


@dataclass(frozen=True, slots=True)
class PublishedRecord:
    """A published record: what kind, the file it was in (None when known only from the
    announcements), and for a fact its text and quote when known."""

    kind: str
    path: str | None = None
    text: str | None = None
    quote: str | None = None


Published = Mapping[str, PublishedRecord]


def published_in(files: Iterable[FileRecords]) -> dict[str, PublishedRecord]:
    """The ids a set of parsed files publishes (drafts are not published), by id."""
    found: dict[str, PublishedRecord] = {}
    for records in files:
        for kind, listed in (("entity", records.entities), ("relation", records.relations),
                             ("agreement", records.agreements)):
            for record in listed:
                found.setdefault(record.id, PublishedRecord(kind, records.path))
        for fact in records.facts:
            if fact.status != DRAFT:
                found.setdefault(fact.id, PublishedRecord("fact", records.path, fact.text,
                                                          fact.source.quote))
    return found


def material_change(before: str, after: str) -> bool:
    """Whether a fact's text changed in substance: its words, not only spacing, punctuation,
    capitals, accents, or a typo of a letter or two within one word (numbers must match)."""
    old, new = tokens(before), tokens(after)
    if old == new:
        return False
    if len(old) != len(new):
        return True
    return any(a != b and (any(c.isdigit() for c in a + b) or OSA.distance(a, b) > _TYPO)
               for a, b in zip(old, new, strict=True))


def renamed_to(record: PublishedRecord, facts: Iterable[Fact],
               published: Published) -> str | None:
    """The new id of a published fact given another id: an unpublished fact with its quote."""
    if record.quote is None:
        return None
    wanted = normalise_quote(record.quote)
    for fact in facts:
        if fact.id not in published and normalise_quote(fact.source.quote) == wanted:
            return fact.id
    return None


def published_records_kept(base: CrossFile) -> Iterator[Problem]:
    """F215, F216: a published id is gone, or is a draft again (F215); a published fact's
    text changed in substance without a ``reason:`` (F216)."""
    published = base.published
    if not published:
        return
    records: Iterable[Entity | Agreement | Relation | Fact] = chain(
        base.entities.values(), base.agreements.values(), base.relations, base.facts)
    present = {record.id: record for record in records}
    duplicated = {record_id for record_id, _, _ in base.duplicates}
    for record_id, was in published.items():
        now = present.get(record_id)
        if record_id in base.broken_ids or record_id in duplicated:
            continue  # its own problem (F201 …) is reported
        where = (was.path or base.label, 1 if was.path else 0, 1 if was.path else 0)
        if now is None:
            yield Problem(*where, "F215", _gone_message(record_id, was, now, base))
            continue
        if isinstance(now, Fact) and now.status == DRAFT:
            yield now.where.problem("status", "F215", _gone_message(record_id, was, now, base))
            continue
        if isinstance(now, Fact) and now.published and was.text is not None \
                and now.reason is None and material_change(was.text, now.text):
            yield now.where.problem("text", "F216", f"the published fact '{record_id}' now "
                                    "says something else; add 'reason:' saying why it was "
                                    "corrected (subscribers who received it are sent the "
                                    f"correction). It said: \"{was.text[:120]}\"")


def _gone_message(record_id: str, was: PublishedRecord, now: object, base: CrossFile) -> str:
    where = f" ({was.path})" if was.path else ""
    if now is not None:
        return (f"the published fact '{record_id}'{where} cannot become a draft again: "
                "subscribers have it. Remove 'status: draft', or keep it with "
                "'status: retracted' and a 'reason:' to withdraw it")
    if was.kind != "fact":
        return (f"the published {was.kind} '{record_id}'{where} is gone: other records, "
                "alerts and subscriptions refer to its id. Put it back (if you renamed it, "
                "give it back this id)")
    renamed = renamed_to(was, base.facts, base.published)
    hint = (f"It looks renamed to '{renamed}' (the same quote): give it back the id "
            f"'{record_id}'. " if renamed else "")
    return (f"the published fact '{record_id}'{where} is gone: subscribers received it under "
            f"this id. {hint}To withdraw it, keep its record with 'status: retracted' and a "
            "'reason:' (subscribers who received it are told)")
