"""Run the cross-file rules over the whole fact base, and keep what can be used.

``crosscheck`` takes every file's records and the seeds, runs each rule of ``rules.RULE_TABLE``
and returns the problems plus the records that can be used: the first record of each id, and
no fact or coverage note citing an unknown seed (it could not be shown). ``SourceMemo`` keeps
the problems of the rules that allow it between loads, so a reload re-checks only what changed.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from itertools import chain
from typing import TypeVar

from bot.core.facts.model import Agreement, CoverageNote, Entity, Fact, Relation, Seed, Where
from bot.core.facts.problems import Problem
from bot.core.facts.publication import Published
from bot.core.facts.records import FileRecords
from bot.core.facts.rules import RULE_TABLE, BaseRule, CrossFile, FileRule, Record, SeedTexts
from bot.core.facts.seeds import UnusableSeeds

__all__ = ["Checked", "SourceMemo", "crosscheck"]

Checked = tuple[list[Entity], list[Agreement], list[Relation], list[Fact], list[CoverageNote]]
# The entity and agreement lists of each file that has any: what the name rules read.
NamedLists = list[list[Entity] | list[Agreement]]
_R = TypeVar("_R", Entity, Agreement, Relation, Fact)

# The table split by what each rule reads, which decides how its problems are kept.
_FILE_RULES = tuple(rule for rule in RULE_TABLE if isinstance(rule, FileRule))
_NAME_RULES = tuple(rule for rule in RULE_TABLE if isinstance(rule, BaseRule) and rule.names_only)
_BASE_RULES = tuple(rule for rule in RULE_TABLE
                    if isinstance(rule, BaseRule) and not rule.names_only)


class SourceMemo:
    """Seed and quote problems per file, kept between loads: they depend only on the file's
    records and the seeds, so a reload re-checks only the files (or seeds) that changed. Also
    the name clashes, kept while no file's entities or agreements changed."""

    def __init__(self) -> None:
        self._checked: dict[str, tuple[FileRecords, dict[str, Seed], list[Problem]]] = {}
        self._names: tuple[NamedLists, list[Problem]] = ([], [])

    def get(self, records: FileRecords, seeds: dict[str, Seed]) -> list[Problem] | None:
        """The problems found for these very records and seeds, if checked before."""
        kept = self._checked.get(records.path)
        if kept and kept[0] is records and kept[1] is seeds:
            return kept[2]
        return None

    def put(self, records: FileRecords, seeds: dict[str, Seed], problems: list[Problem]) -> None:
        """Remember the problems found for a file."""
        self._checked[records.path] = (records, seeds, problems)

    def names(self, lists: NamedLists) -> list[Problem] | None:
        """The name clashes found among these very lists of entities and agreements."""
        known, problems = self._names
        if len(known) == len(lists) and all(map(operator.is_, known, lists)):
            return problems
        return None

    def put_names(self, lists: NamedLists, problems: list[Problem]) -> None:
        """Remember the name clashes found among some lists of entities and agreements."""
        self._names = (lists, problems)

    def keep_only(self, paths: Iterable[str]) -> None:
        """Forget files that are gone."""
        wanted = set(paths)
        for path in self._checked.keys() - wanted:
            del self._checked[path]


Duplicates = list[tuple[str, Where, Where]]


def _first_of_each_id(records: list[_R], seen: dict[str, Where],
                      duplicates: Duplicates) -> list[_R]:
    """The records whose id is not in ``seen`` yet (adding it); the others go to
    ``duplicates`` with where their id was first used."""
    kept: list[_R] = []
    for record in records:
        first = seen.get(record.id)
        if first is not None:
            duplicates.append((record.id, record.where, first))
            continue
        seen[record.id] = record.where
        kept.append(record)
    return kept


def _file_problems(records: FileRecords, seeds: dict[str, Seed], texts: SeedTexts,
                   memo: SourceMemo | None) -> list[Problem]:
    """The file rules' problems for one file, from ``memo`` when it has them."""
    found = memo.get(records, seeds) if memo else None
    if found is None:
        found = [problem for rule in _FILE_RULES for problem in rule.check(records, texts)]
        if memo:
            memo.put(records, seeds, found)
    return found


def _name_problems(base: CrossFile, named: NamedLists | None,
                   memo: SourceMemo | None) -> list[Problem]:
    """The name rules' problems, from ``memo`` when these very lists were checked before.

    ``named`` is None when some id is used twice: the name rules then read records that
    depend on more than these lists (which of the two is kept), so nothing is kept.
    """
    found = memo.names(named) if memo and named is not None else None
    if found is None:
        found = [problem for rule in _NAME_RULES for problem in rule.check(base)]
        if memo and named is not None:
            memo.put_names(named, found)
    return found


def crosscheck(files: list[FileRecords], seeds: dict[str, Seed],
               memo: SourceMemo | None = None, published: Published | None = None,
               label: str = "facts", *, unusable: UnusableSeeds | None = None,
               today: dt.date | None = None) -> tuple[Checked, list[Problem]]:
    """Check references across files; return the usable records and every problem found.
    ``published``: the ids published before, which must stay (``label`` names the folder).

    ``unusable`` are the seeds left out for their own problems (citing one is not reported
    again); ``today`` the day facts may have been added by (None: not checked).
    Whole-base rules run as set operations first and fall back to a record-by-record pass only
    where those find something, so a clean 100k-fact base is checked in a few hundredths of a
    second once each file's seed and quote checks are in ``memo``.
    """
    # Shared by every file checked now: articles normalised once. The memo keys a file's
    # problems on the seeds, which ``unusable`` comes with.
    texts = SeedTexts(seeds, unusable)
    problems: list[Problem] = []
    for records in files:
        problems.extend(_file_problems(records, seeds, texts, memo))

    entities = list(chain.from_iterable(records.entities for records in files))
    agreements = list(chain.from_iterable(records.agreements for records in files))
    relations = list(chain.from_iterable(records.relations for records in files))
    facts = list(chain.from_iterable(records.facts for records in files))
    left_out = list(chain.from_iterable(records.left_out for records in files))
    with_ids: Iterable[Record] = chain(entities, agreements, relations, facts)
    ids = [record.id for record in with_ids] + [record_id for record_id, _ in left_out]
    unique = len(set(ids)) == len(ids)
    duplicates: Duplicates = []
    if not unique:  # duplicates: find them one by one; an id's first record is the one kept
        seen: dict[str, Where] = {}
        entities = _first_of_each_id(entities, seen, duplicates)
        agreements = _first_of_each_id(agreements, seen, duplicates)
        relations = _first_of_each_id(relations, seen, duplicates)
        facts = _first_of_each_id(facts, seen, duplicates)
        for record_id, where in left_out:  # an id used twice, whatever else is wrong
            first = seen.setdefault(record_id, where)
            if first is not where:
                duplicates.append((record_id, where, first))
    by_id_entities = {entity.id: entity for entity in entities}
    by_id_agreements = {agreement.id: agreement for agreement in agreements}
    base = CrossFile(
        seeds=seeds,
        broken_ids=set(chain.from_iterable(records.broken_ids for records in files)),
        duplicates=duplicates,
        entities=by_id_entities,
        agreements=by_id_agreements,
        subjects={**by_id_entities, **by_id_agreements},
        relations=relations,
        facts=facts,
        notes=[note for records in files for note in records.coverage],
        complete=all(records.complete for records in files),
        today=today,
        published=published or {},
        label=label,
    )

    named: NamedLists | None = None
    if unique:  # every parse makes new (empty) lists, so only non-empty ones say what changed
        named = []
        for records in files:
            if records.entities:
                named.append(records.entities)
            if records.agreements:
                named.append(records.agreements)
    problems.extend(_name_problems(base, named, memo))
    for rule in _BASE_RULES:
        problems.extend(rule.check(base))

    # A record citing an unknown seed could not be shown; it is left out even when no problem
    # points into it (the seed's own problem, such as its missing metadata, says why).
    notes = [note for note in base.notes if note.seed in seeds]
    return (entities, _citing_known(agreements, seeds), _citing_known(relations, seeds),
            _citing_known(facts, seeds), notes), problems


_C = TypeVar("_C", Agreement, Relation, Fact)


def _citing_known(records: list[_C], seeds: dict[str, Seed]) -> list[_C]:
    """The records that cite a known seed (the very list when all do)."""
    if {record.source.seed for record in records} <= seeds.keys():
        return records
    return [record for record in records if record.source.seed in seeds]
