"""Parse one fact file into model records: the per-file half of loading.

``parse_fact_file`` is a pure function of a file's path and bytes, so its result can be cached by
content hash and recomputed only for files that changed. Rules that need the whole base (unknown
references, duplicate ids, quotes) live in ``crosscheck``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from bot.core.facts.dates import When
from bot.core.facts.drafts import file_is_draft, says_draft
from bot.core.facts.model import (
    DRAFT,
    NEEDS_WHO,
    PUBLISHED,
    REPORTED,
    RETRACTED,
    Agreement,
    CoverageNote,
    Entity,
    Fact,
    Relation,
    Source,
    SourceName,
    Term,
    Where,
)
from bot.core.facts.problems import Problem
from bot.core.facts.record_values import (
    AgreementValues,
    CoverageValues,
    EntityValues,
    FactValues,
    RelationValues,
    Sourced,
    SourceValues,
)
from bot.core.facts.schema import (
    DRAFT_SECTIONS,
    FILE_STATUS,
    SECTIONS,
    Places,
    Values,
    article,
    convert,
    draft_fields,
)
from bot.core.facts.yamltree import Node, read_yaml
from bot.core.text import did_you_mean

__all__ = ["RELATION_FORBIDS", "RELATION_NEEDS", "FileRecords", "parse_fact_file"]

_T = TypeVar("_T")

# Which relation kinds need an object, a 'by' or a 'role', and which must not have them.
_RELATION_NEEDS = {
    "member_of": {"object"},
    "governed_by": {"by"},
    "partner_of": {"object"},
    "operates_in": {"object"},
    "part_of": {"object"},
    "holds_role": {"object", "role"},
}
_RELATION_FORBIDS = {
    "member_of": {"by", "role"},
    "governed_by": {"role"},
    "partner_of": {"by", "role"},
    "operates_in": {"by", "role"},
    "part_of": {"by", "role"},
    "holds_role": {"by"},
}
RELATION_NEEDS, RELATION_FORBIDS = _RELATION_NEEDS, _RELATION_FORBIDS  # read by the JSON Schema


@dataclass(slots=True)
class FileRecords:
    """Everything one fact file holds, and the problems found in it alone."""

    path: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    coverage: list[CoverageNote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Records left out for their own problems, by id and place: a reference to one is not
    # reported again, and its id still counts when looking for an id used twice.
    left_out: list[tuple[str, Where]] = field(default_factory=list)
    # The ids a file that could not be parsed seems to hold (found by a text search), or that
    # a file that can no longer be read held when it last was: references to them are not
    # reported either, since the file's own problem is their cause.
    salvaged: frozenset[str] = frozenset()
    # False when nothing is known of the file's records (it cannot be read, and never was):
    # any reference could be to one of them, so none is reported as unknown.
    complete: bool = True

    @property
    def broken_ids(self) -> set[str]:
        """Ids of records that exist but cannot be used: references to them are not reported."""
        return {record_id for record_id, _ in self.left_out} | self.salvaged

    def record_count(self) -> int:
        """How many usable records the file holds."""
        return (len(self.entities) + len(self.relations) + len(self.agreements)
                + len(self.facts) + len(self.coverage))


# Where each field of a record is, relative to its first line (shared by records alike).
Layout = dict[str, tuple[int, int]]


def _source(values: Sourced) -> Source:
    source = values["source"]
    return Source(source["seed"], source["quote"], source.get("stance", REPORTED),
                  source.get("according_to"))


def _attribution_problem(converted: Values) -> tuple[str, str, str] | None:
    """(field, code, message) when the source's stance and ``according_to`` disagree."""
    source = cast(Sourced, converted).get("source") or SourceValues()
    stance, who = source.get("stance", REPORTED), source.get("according_to")
    if stance == REPORTED and who:
        return ("source.according_to", "F109", "a statement 'according to' someone is not the "
                "article's own reporting: set 'stance:' to claim, opinion, aspiration, plan or "
                "assessment, or remove 'according_to:'")
    if stance in NEEDS_WHO and not who:
        return ("source.stance", "F102", f"{article(stance)} is someone's: add 'according_to:' "
                "with who says it (an entity's name, or e.g. 'a joint statement shared on "
                "Facebook')")
    return None


def _has_source(values: Sourced) -> bool:
    return "seed" in values.get("source", {}) and "quote" in values.get("source", {})


def _one(table: dict[_T, _T], value: _T) -> _T:
    """One object for equal values within a file (a smaller, faster cache entry)."""
    return table.setdefault(value, value)


class _FileParser:
    def __init__(self, path: str) -> None:
        self.out = FileRecords(path)
        self.draft_file = False  # the file says 'status: draft': every record is a draft
        # Equal refs, dates and layouts: one object each.
        self._refs: dict[str, str] = {}
        self._whens: dict[When | None, When | None] = {}
        self._days: dict[dt.date, dt.date] = {}
        self._layouts: dict[tuple[tuple[str, int, int], ...], Layout] = {}

    def layout(self, item: Node, places: Places) -> Layout:
        """Field places relative to the record's first line, shared by records written alike."""
        relative = tuple((sys.intern(name), line - item.line, column)
                         for name, (line, column) in places.items())
        known = self._layouts.get(relative)
        if known is None:
            known = self._layouts[relative] = {name: (down, column)
                                               for name, down, column in relative}
        return known

    def problem(self, where: Where, name: str, code: str, message: str) -> None:
        self.out.problems.append(where.problem(name, code, message))

    def parse(self, root: Node) -> FileRecords:
        if root.kind != "map":
            self.out.problems.append(Problem(
                self.out.path, root.line, root.column, "F010",
                "a fact file must be a mapping of sections such as 'facts:' or 'entities:', "
                "each holding a list of records",
            ))
            return self.out
        self.draft_file = file_is_draft(self.out.path, root, self.out.problems)
        for key, section in root.pairs():
            name = str(key.value)
            if name == FILE_STATUS.name:
                continue
            if name not in SECTIONS:
                hint = did_you_mean(name, SECTIONS)
                self.out.problems.append(Problem(
                    self.out.path, key.line, key.column, "F010",
                    f"unknown section '{name}'; {hint}the sections are: {', '.join(SECTIONS)}",
                ))
                continue
            if section.kind == "scalar" and section.tag == "null":
                continue
            if section.kind != "seq":
                self.out.problems.append(Problem(
                    self.out.path, section.line, section.column, "F103",
                    f"'{name}' must be a list of records, each starting with '- '",
                ))
                continue
            if self.draft_file and name not in DRAFT_SECTIONS:
                self.out.problems.append(Problem(
                    self.out.path, key.line, key.column, "F109",
                    f"a file marked 'status: draft' holds only {', '.join(DRAFT_SECTIONS)}; "
                    f"move the '{name}' to a file that is not a draft",
                ))
                continue
            what, fields = SECTIONS[name]
            drafts = draft_fields(name) if name in DRAFT_SECTIONS else fields
            build = _BUILDERS[name]
            for item in section.items():
                draft = self.draft_file or says_draft(item)
                converted = convert(self.out.path, item, drafts if draft else fields, what,
                                    self.out.problems)
                if converted is None:
                    continue
                values, places = converted
                where = Where(self.out.path, item.line, item.column, self.layout(item, places))
                before = self.out.record_count()
                attribution = _attribution_problem(values)
                if attribution is not None:  # who says it is unclear: F210/F211 would guess
                    self.problem(where, *attribution)
                else:
                    build(self, values, where)
                if self.out.record_count() == before and "id" in values:
                    self.out.left_out.append((cast(str, values["id"]), where))
        return self.out

    def _entities(self, converted: Values, where: Where) -> None:
        values = cast(EntityValues, converted)
        if {"id", "kind", "name"} <= values.keys():
            self.out.entities.append(Entity(
                values["id"], values["kind"], values["name"], tuple(values.get("aliases", ())),
                values.get("summary", ""), where, tuple(values.get("summary_sources", ())),
                tuple(SourceName(item["name"], item["seed"], item["quote"])
                      for item in values.get("names_in_sources", ())
                      if {"name", "seed", "quote"} <= item.keys()), values.get("name_fr"),
            ))

    def _relations(self, converted: Values, where: Where) -> None:
        values = cast(RelationValues, converted)
        if not ({"id", "kind", "subject"} <= values.keys() and _has_source(values)):
            return
        kind = values["kind"]
        for name in sorted(_RELATION_NEEDS[kind] - values.keys()):
            if name not in where.layout:
                self.problem(where, "id", "F102", f"a '{kind}' relation needs '{name}:'")
        for name in sorted(_RELATION_FORBIDS[kind] & values.keys()):
            self.problem(where, name, "F109", f"a '{kind}' relation has no '{name}'; "
                         "remove it or change the relation's kind")
        status = values.get("status") or ("ended" if "until" in values else "current")
        if status == "current" and "until" in values:
            self.problem(where, "until", "F109", "a relation with 'until:' has ended; "
                         "set 'status: ended' or remove 'until:'")
        # Kept even with those problems (they point into it, so it is never served): what
        # it refers to is checked too, in the same pass.
        self.out.relations.append(Relation(
            values["id"], kind, values["subject"], values.get("object"), values.get("by"),
            values.get("role"), status, values.get("since"), values.get("until"),
            values.get("note"), _source(values), where,
        ))

    def _agreements(self, converted: Values, where: Where) -> None:
        values = cast(AgreementValues, converted)
        needed = {"id", "name", "kind", "parties", "summary"}
        if not (needed <= values.keys() and _has_source(values)):
            return
        terms = tuple(
            Term(term.get("quantity"), term.get("unit"), term.get("commodity"), term.get("from"),
                 term.get("to"), term.get("purpose"))
            for term in values.get("terms", ())
        )
        self.out.agreements.append(Agreement(
            values["id"], values["name"], tuple(values.get("aliases", ())), values["kind"],
            tuple(values["parties"]), terms, values.get("when"), values.get("status"),
            values["summary"], _source(values), where,
        ))

    def _facts(self, converted: Values, where: Where) -> None:
        values = cast(FactValues, converted)
        status = values.get("status", DRAFT if self.draft_file else PUBLISHED)
        needed = {"id", "added"} if status == DRAFT else {"id", "text", "about", "added"}
        if not (needed <= values.keys() and _has_source(values)):
            return
        if self.draft_file and status != DRAFT:
            self.problem(where, "status", "F109", f"this file is marked 'status: draft', so "
                         f"its facts cannot be {status}; remove the file's 'status: draft' "
                         "line, or this record's 'status:'")
            return
        if status == RETRACTED and "reason" not in values:
            self.problem(where, "status", "F102", "a retracted fact needs 'reason:', saying "
                         "why it was withdrawn (subscribers who received it are told)")
            return
        source = _source(values)
        self.out.facts.append(Fact(
            values["id"], values.get("text", ""),
            tuple(_one(self._refs, sys.intern(ref)) for ref in values.get("about", ())),
            _one(self._whens, values.get("when")), _one(self._days, values["added"]),
            Source(sys.intern(source.seed), source.quote, source.stance,
                   source.according_to), where, status, values.get("reason"),
            values.get("text_fr"),
        ))

    def _coverage(self, converted: Values, where: Where) -> None:
        values = cast(CoverageValues, converted)
        if not {"seed", "quote"} <= values.keys():
            return
        covered, reason, not_claim = (values.get("covered_by"), values.get("reason"),
                                      values.get("not_a_claim"))
        if bool(covered) == bool(not_claim):
            self.problem(where, "seed", "F109", "a coverage note says either 'covered_by:' "
                         "(with 'reason:') or 'not_a_claim:' (with the reason), exactly one")
            return
        if covered and not reason:
            self.problem(where, "covered_by", "F102", "say why the passage is covered: add "
                         "'reason:' (e.g. 'headline repeating the first paragraph')")
            return
        self.out.coverage.append(CoverageNote(
            values["seed"], values["quote"], tuple(covered or ()), str(not_claim or reason),
            bool(not_claim), where,
        ))


# Which method builds the records of each section (a key of ``schema.SECTIONS``).
_BUILDERS: dict[str, Callable[[_FileParser, Values, Where], None]] = {
    "entities": _FileParser._entities,
    "relations": _FileParser._relations,
    "agreements": _FileParser._agreements,
    "facts": _FileParser._facts,
    "coverage": _FileParser._coverage,
}


# An id as a fact file writes it ("- id: mali", "{id: mali, …}"): what a file that cannot be
# parsed seems to define.
_ID_IN_TEXT = re.compile(rb"(?<![\w-])id:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)")


def parse_fact_file(path: str, data: bytes) -> FileRecords:
    """Read and convert one fact file; its problems are in the result, never raised."""
    root, problems = read_yaml(path, data)
    if root is None:
        salvaged = frozenset(match.group(1).decode() for match in _ID_IN_TEXT.finditer(data))
        return FileRecords(path, problems=problems, salvaged=salvaged)
    records = _FileParser(path).parse(root)
    records.problems[:0] = problems
    return records
