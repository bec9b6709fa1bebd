"""The cross-file rules: each a small generator of problems, all listed in ``RULE_TABLE``.

Like the rules of a linter, every rule here reads the fact base and yields ``Problem``s; none
changes anything or decides which records are kept (``crosscheck`` does that). A rule reads one
of two things, which decides how ``crosscheck`` keeps its problems between loads:

- ``FileRule``: one file's records and the seeds. Its problems depend on nothing else, so they
  are kept per file and a reload re-checks only the files (or seeds) that changed.
- ``BaseRule``: the whole base as ``CrossFile`` gathers it (the first record of each id, every
  note). With ``names_only`` it reads only entities' and agreements' names and aliases, so its
  problems are kept while no file's entities or agreements changed.

The titles of the codes live in ``problems.RULES``, the registry of every code; a rule naming a
code missing there fails on import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from itertools import chain

from rapidfuzz import fuzz

from bot.core.facts.faithfulness import (
    names_not_in_quotes,
    quote_cues,
    quotes_without_their_attribution,
    unsupported_summaries,
)
from bot.core.facts.model import Agreement, CoverageNote, Entity, Fact, Relation, Seed, Where
from bot.core.facts.problems import RULES, Problem
from bot.core.facts.publication import PublishedRecord, published_records_kept
from bot.core.facts.records import FileRecords
from bot.core.facts.seeds import UnusableSeeds, normalise_quote
from bot.core.facts.translations import french_versions
from bot.core.text import did_you_mean, fold

__all__ = [
    "RULE_TABLE",
    "BaseRule",
    "CrossFile",
    "FileRule",
    "Record",
    "Rule",
    "SeedTexts",
]

Record = Entity | Agreement | Relation | Fact  # what has an id that must be unique
Subject = Entity | Agreement  # what a fact can be about, and what has a name and aliases

# relation kind -> (the role that must be a certain kind of entity, that entity kind)
_KIND_RULES = {
    "member_of": ("object", "bloc"),
    "holds_role": ("subject", "person"),
}
_CLOSE_QUOTE = 60  # below this partial-ratio score, the "closest passage" would only confuse


class SeedTexts:
    """The seeds by id, each one's text as quotes are compared, and the seeds left out for
    problems of their own (``unusable``: citing one is not reported again).

    The texts are normalised when a quote is first checked, once per check of the base: a
    reload that re-checks no file's quotes does not normalise any article.
    """

    __slots__ = ("_texts", "seeds", "unusable")

    def __init__(self, seeds: Mapping[str, Seed],
                 unusable: UnusableSeeds | None = None) -> None:
        self.seeds = seeds
        self.unusable = unusable or UnusableSeeds()
        self._texts: dict[str, str] | None = None

    def text(self, seed_id: str) -> str | None:
        """The normalised text of a seed, or None for an unknown seed."""
        if self._texts is None:
            self._texts = {sid: normalise_quote(seed.text) for sid, seed in self.seeds.items()}
        return self._texts.get(seed_id)


@dataclass(frozen=True, slots=True)
class CrossFile:
    """The whole base as the base rules read it.

    ``entities``, ``agreements``, ``relations`` and ``facts`` hold the first record of each id;
    ``duplicates`` the others (and records left out whose id is used), each as its id, where it
    is and where the id was first used. ``broken_ids`` are the ids of records left out for
    their own problems: a reference to one is not reported again; ``complete`` is false when
    some file's records are not known at all (it cannot be read), so that no reference is.
    ``today`` is the day facts may have been added by (None: not checked).
    """

    seeds: Mapping[str, Seed]
    broken_ids: Set[str]
    duplicates: Sequence[tuple[str, Where, Where]]
    entities: Mapping[str, Entity]
    agreements: Mapping[str, Agreement]
    subjects: Mapping[str, Subject]  # entities and agreements together, by id
    relations: Sequence[Relation]
    facts: Sequence[Fact]
    notes: Sequence[CoverageNote]  # every coverage note of every file
    complete: bool = True
    today: dt.date | None = None
    # The ids published before (see ``publication``), and how to name the facts folder.
    published: Mapping[str, PublishedRecord] = field(default_factory=dict)
    label: str = "facts"

    def may_exist(self, ref: str) -> bool:
        """Whether an id no usable record has may still be a record's that has problems of
        its own (or is in a file that cannot be read): then its own problem says so."""
        return ref in self.broken_ids or not self.complete


FileCheck = Callable[[FileRecords, SeedTexts], Iterable[Problem]]
BaseCheck = Callable[[CrossFile], Iterable[Problem]]


def _registered(codes: tuple[str, ...]) -> None:
    unknown = [code for code in codes if code not in RULES]
    if unknown or not codes:
        raise ValueError(f"a rule needs one or more codes from problems.RULES, not {codes}")


@dataclass(frozen=True, slots=True)
class FileRule:
    """A rule over one file's records and the seeds; its problems are kept per file."""

    codes: tuple[str, ...]
    check: FileCheck

    def __post_init__(self) -> None:
        _registered(self.codes)

    @property
    def title(self) -> str:
        """The titles of the rule's codes, from ``problems.RULES``."""
        return "; ".join(RULES[code] for code in self.codes)


@dataclass(frozen=True, slots=True)
class BaseRule:
    """A rule over the whole base. With ``names_only`` it reads nothing but the entities' and
    agreements' names and aliases, so its problems are kept while those are unchanged."""

    codes: tuple[str, ...]
    check: BaseCheck
    names_only: bool = False

    def __post_init__(self) -> None:
        _registered(self.codes)

    @property
    def title(self) -> str:
        """The titles of the rule's codes, from ``problems.RULES``."""
        return "; ".join(RULES[code] for code in self.codes)


Rule = FileRule | BaseRule



def _sources(records: FileRecords) -> Iterator[tuple[Where, str, str, str, str]]:
    """Every citation in a file: (where, seed's place, quote's place, seed id, quote)."""
    cited: Iterable[Relation | Agreement | Fact] = chain(records.relations, records.agreements,
                                                         records.facts)
    for record in cited:
        yield (record.where, "source.seed", "source.quote", record.source.seed,
               record.source.quote)
    for note in records.coverage:
        yield note.where, "seed", "quote", note.seed, note.quote
    for entity in records.entities:
        for index, named in enumerate(entity.source_names):
            place = f"names_in_sources[{index}]"
            yield entity.where, f"{place}.seed", f"{place}.quote", named.seed, named.quote


def unknown_seeds(records: FileRecords, seeds: SeedTexts) -> Iterator[Problem]:
    """F204: a citation names a seed that does not exist."""
    for where, place, _, seed_id, _ in _sources(records):
        if seed_id not in seeds.seeds and not seeds.unusable.cover(seed_id):
            yield where.problem(place, "F204", f"'{seed_id}' is not a known seed; "
                           f"{did_you_mean(seed_id, seeds.seeds)}use the id from a "
                           "seeds/*.meta.yaml file")


def quotes_not_in_seed(records: FileRecords, seeds: SeedTexts) -> Iterator[Problem]:
    """F207: a quote is not, up to spacing and quote marks, in the seed it cites."""
    for where, _, place, seed_id, quote in _sources(records):
        # Asking only for known seeds: a file whose every seed is unknown normalises no article.
        text = seeds.text(seed_id) if seed_id in seeds.seeds else None
        if text is None:  # an unknown seed: F204 says so
            continue
        wanted = normalise_quote(quote)
        if wanted in text:
            continue
        aligned = fuzz.partial_ratio_alignment(wanted, text)
        hint = ""
        if aligned is not None and aligned.score >= _CLOSE_QUOTE:
            hint = f' The closest passage is: "{text[aligned.dest_start:aligned.dest_end]}"'
        yield where.problem(place, "F207", f"this quote is not in seed '{seed_id}'; copy it "
                       "exactly from the article (only spacing and curly vs straight quotes may "
                       f"differ).{hint}")


def duplicate_ids(base: CrossFile) -> Iterator[Problem]:
    """F201: an id already used by an earlier record (the later record is left out). When the
    id was published, the problem is at the new record and says to rename it."""
    for record_id, where, first in base.duplicates:
        was = base.published.get(record_id)
        if was is not None and was.path == where.path != first.path:
            yield first.problem("id", "F201", f"the id '{record_id}' is the published "
                                f"record's at {where.path}:{where.line}; rename this new "
                                "record (the published id must stay)")
        elif was is not None:
            yield where.problem("id", "F201", f"the id '{record_id}' is already used at "
                                f"{first.path}:{first.line}, "
                                + ("the published record; rename this new one (the published "
                                   "id must stay)" if was.path == first.path else
                                   "and was published; keep it on the record that was "
                                   "published and rename the other"))
        else:
            yield where.problem("id", "F201", f"the id '{record_id}' is already used at "
                                f"{first.path}:{first.line}; every id must be unique, so "
                                "rename one of them")


def _unknown(base: CrossFile, where: Where, place: str, ref: str | None,
             pool: Mapping[str, object], what: str) -> Iterator[Problem]:
    """F202 for one reference, unless it is empty, known, or to a record already reported."""
    if ref is None or ref in pool or base.may_exist(ref):
        return
    yield where.problem(place, "F202", f"'{ref}' is not a known {what}; "
                   f"{did_you_mean(ref, pool)}use the id of an existing {what} or add it")


def unknown_relation_refs(base: CrossFile) -> Iterator[Problem]:
    """F202: a relation's subject or object is not a known entity."""
    for relation in base.relations:
        yield from _unknown(base, relation.where, "subject", relation.subject, base.entities,
                            "entity")
        yield from _unknown(base, relation.where, "object", relation.object, base.entities,
                            "entity")


def unknown_agreement_refs(base: CrossFile) -> Iterator[Problem]:
    """F202: an agreement's party, or a term's supplier or recipient, is not a known entity."""
    for agreement in base.agreements.values():
        for index, party in enumerate(agreement.parties):
            yield from _unknown(base, agreement.where, f"parties[{index}]", party,
                                base.entities, "entity")
        for index, term in enumerate(agreement.terms):
            for name, ref in (("from", term.supplier), ("to", term.recipient)):
                yield from _unknown(base, agreement.where, f"terms[{index}].{name}", ref,
                                    base.entities, "entity")


def unknown_fact_refs(base: CrossFile) -> Iterator[Problem]:
    """F202: a fact is about something that is not a known entity or agreement."""
    about = set(chain.from_iterable(fact.about for fact in base.facts))
    if about <= base.subjects.keys():  # one set operation clears a clean base of any size
        return
    for fact in base.facts:  # some reference is unknown: say where
        for index, ref in enumerate(fact.about):
            yield from _unknown(base, fact.where, f"about[{index}]", ref, base.subjects,
                                "entity or agreement")


def wrong_entity_kinds(base: CrossFile) -> Iterator[Problem]:
    """F203: a relation that needs a certain kind of entity in a role has another kind there."""
    for relation in base.relations:
        rule = _KIND_RULES.get(relation.kind)
        if rule is None:
            continue
        role, kind = rule
        ref = relation.subject if role == "subject" else relation.object
        target = base.entities.get(ref) if ref is not None else None
        if target is not None and target.kind != kind:
            yield relation.where.problem(role, "F203", f"a '{relation.kind}' relation needs "
                           f"a {kind} as its {role}, but '{target.id}' is a {target.kind}")


def name_clashes(base: CrossFile) -> Iterator[Problem]:
    """F205, F206: two entries answer to the same name or alias, ignoring case and accents.

    One family, because both come from one pass in reading order: the first entry to use a
    folded label owns it, and each later use by another entry is F205 when both uses are
    aliases, F206 when either is a name.
    """
    owners: dict[str, tuple[str, str, Where, str]] = {}  # folded -> (id, kind, where, place)
    named: Iterable[Subject] = chain(base.entities.values(), base.agreements.values())
    for record in named:
        labels = [("name", "name", record.name)]
        labels += [("alias", f"aliases[{i}]", alias) for i, alias in enumerate(record.aliases)]
        for kind, place, label in labels:
            key = fold(label)
            first = owners.get(key)
            if first is None:
                owners[key] = (record.id, kind, record.where, place)
                continue
            owner, owner_kind, owner_where, owner_place = first
            if owner == record.id:  # an entry may repeat its own name as an alias
                continue
            other = f"'{owner}' ({owner_where.path}:{owner_where.at(owner_place)[1]})"
            if kind == "alias" and owner_kind == "alias":
                yield record.where.problem(place, "F205", f"the alias '{label}' is also an "
                               f"alias of {other}; a name must lead to one entry, so keep it "
                               "on only one of them")
            else:
                yield record.where.problem(place, "F206", f"the {kind} '{label}' is, "
                               f"ignoring case and accents, the {owner_kind} of {other}; "
                               "change one so each name leads to one entry")


def unknown_facts(base: CrossFile) -> Iterator[Problem]:
    """F208: a coverage note's ``covered_by`` names a fact that does not exist."""
    fact_ids: set[str] | None = None  # made only when some note lists facts
    for note in base.notes:
        for index, ref in enumerate(note.covered_by):
            if fact_ids is None:
                fact_ids = {fact.id for fact in base.facts}
            if ref in fact_ids or base.may_exist(ref):
                continue
            yield note.where.problem(f"covered_by[{index}]", "F208", f"'{ref}' is not a "
                           f"known fact; {did_you_mean(ref, fact_ids)}list the ids of facts "
                           "that state this passage")


def future_additions(base: CrossFile) -> Iterator[Problem]:
    """F214: a fact says it was added on a day that has not come yet (every footer would
    show that day as the base's last update)."""
    if base.today is None:
        return
    for fact in base.facts:
        if fact.added > base.today:
            yield fact.where.problem("added", "F214", f"'added' is {fact.added.isoformat()}, "
                                     "a day that has not yet begun anywhere on Earth (the "
                                     f"latest date now is {base.today.isoformat()}); write the "
                                     "day the fact was added to the base")


# Every cross-file rule. A code may have several rules (F202 has one per kind of record), and a
# family of codes one rule when they come from one pass (F205 and F206).
RULE_TABLE: tuple[Rule, ...] = (
    FileRule(("F204",), unknown_seeds),
    FileRule(("F207",), quotes_not_in_seed),
    BaseRule(("F201",), duplicate_ids),
    BaseRule(("F202",), unknown_relation_refs),
    BaseRule(("F202",), unknown_agreement_refs),
    BaseRule(("F202",), unknown_fact_refs),
    BaseRule(("F203",), wrong_entity_kinds),
    BaseRule(("F205", "F206"), name_clashes, names_only=True),
    BaseRule(("F208",), unknown_facts),
    FileRule(("F210",), quote_cues),
    FileRule(("F211",), quotes_without_their_attribution),
    BaseRule(("F212",), unsupported_summaries),
    FileRule(("F213",), names_not_in_quotes),
    BaseRule(("F214",), future_additions),
    BaseRule(("F215", "F216"), published_records_kept),
    BaseRule(("F217", "F218"), french_versions),
)
