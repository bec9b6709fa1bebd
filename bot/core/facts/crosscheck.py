"""Rules that need the whole fact base: duplicate ids, references, names and aliases, quotes.

``crosscheck`` takes every file's records and the seeds, and returns the problems plus the records
that can be used (a fact citing an unknown seed cannot be shown, so it is left out).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable

from rapidfuzz import fuzz

from bot.core.facts.model import Agreement, CoverageNote, Entity, Fact, Relation, Seed, Where
from bot.core.facts.problems import Problem
from bot.core.facts.records import FileRecords
from bot.core.facts.schema import closest
from bot.core.facts.seeds import normalise_quote
from bot.core.text import fold

__all__ = ["Checked", "SourceMemo", "crosscheck"]

_id = operator.attrgetter("id")
_about = operator.attrgetter("about")
_seed_of = operator.attrgetter("source.seed")
_broken_ids = operator.attrgetter("broken_ids")
Checked = tuple[list[Entity], list[Agreement], list[Relation], list[Fact], list[CoverageNote]]
_KIND_RULES = {  # relation kind -> (role, required entity kind)
    "member_of": ("object", "bloc"),
    "holds_role": ("subject", "person"),
}


class _Checker:
    def __init__(self, seeds: dict[str, Seed]) -> None:
        self.seeds = seeds
        self.problems: list[Problem] = []
        self.entities: dict[str, Entity] = {}
        self.agreements: dict[str, Agreement] = {}
        self.fact_ids: set[str] = set()
        self.broken_ids: set[str] = set()
        self._seed_texts: dict[str, str] | None = None  # made when a quote is first checked

    def problem(self, where: Where, name: str, code: str, message: str) -> None:
        path, line, column = where.at(name)
        self.problems.append(Problem(path, line, column, code, message))

    def unique(self, records: Iterable, seen: dict[str, Where]) -> list:
        kept = []
        for record in records:
            first = seen.get(record.id)
            if first is not None:
                self.problem(record.where, "id", "F201", f"the id '{record.id}' is already used "
                             f"at {first.path}:{first.line}; every id must be unique, so "
                             "rename one of them")
                continue
            seen[record.id] = record.where
            kept.append(record)
        return kept

    def ref(self, where: Where, place: str, ref: str | None, pool: dict, what: str) -> bool:
        if ref is None or ref in pool:
            return True
        if ref in self.broken_ids:  # already reported where it is defined
            return False
        guess = closest(ref, list(pool))
        hint = f"did you mean '{guess}'? " if guess else ""
        self.problem(where, place, "F202", f"'{ref}' is not a known {what}; {hint}use the id "
                     f"of an existing {what} or add it")
        return False

    def seed(self, where: Where, place: str, seed_id: str) -> bool:
        if seed_id in self.seeds:
            return True
        guess = closest(seed_id, list(self.seeds))
        hint = f"did you mean '{guess}'? " if guess else ""
        self.problem(where, place, "F204", f"'{seed_id}' is not a known seed; {hint}use the id "
                     "from a seeds/*.meta.yaml file")
        return False

    def quote(self, where: Where, place: str, seed_id: str, quote: str) -> None:
        if self._seed_texts is None:
            self._seed_texts = {sid: normalise_quote(seed.text)
                                for sid, seed in self.seeds.items()}
        text = self._seed_texts.get(seed_id)
        if text is None or normalise_quote(quote) in text:
            return
        aligned = fuzz.partial_ratio_alignment(normalise_quote(quote), text)
        hint = ""
        if aligned is not None and aligned.score >= 60:
            hint = f' The closest passage is: "{text[aligned.dest_start:aligned.dest_end]}"'
        self.problem(where, place, "F207", f"this quote is not in seed '{seed_id}'; copy it "
                     "exactly from the article (only spacing and curly vs straight quotes may "
                     f"differ).{hint}")

    def names(self, records: Iterable[Entity | Agreement]) -> None:
        owners: dict[str, tuple[str, str, Where, str]] = {}  # folded -> (id, kind, where, place)
        for record in records:
            labels = [("name", "name", record.name)]
            labels += [("alias", f"aliases[{i}]", alias) for i, alias in enumerate(record.aliases)]
            for kind, place, label in labels:
                key = fold(label)
                first = owners.get(key)
                if first is None:
                    owners[key] = (record.id, kind, record.where, place)
                    continue
                if first[0] == record.id:
                    continue
                other = f"'{first[0]}' ({first[2].path}:{first[2].at(first[3])[1]})"
                if kind == "alias" and first[1] == "alias":
                    self.problem(record.where, place, "F205", f"the alias '{label}' is also an "
                                 f"alias of {other}; a name must lead to one entry, so keep it "
                                 "on only one of them")
                else:
                    self.problem(record.where, place, "F206", f"the {kind} '{label}' is, "
                                 f"ignoring case and accents, the {first[1]} of {other}; "
                                 "change one so each name leads to one entry")


class SourceMemo:
    """Seed and quote problems per file, kept between loads: they depend only on the file's
    records and the seeds, so a reload re-checks only the files (or seeds) that changed. Also
    the name clashes, kept while no file's entities or agreements changed."""

    def __init__(self) -> None:
        self._checked: dict[str, tuple[FileRecords, dict[str, Seed], list[Problem]]] = {}
        self._names: tuple[list[list], list[Problem]] = ([], [])

    def get(self, records: FileRecords, seeds: dict[str, Seed]) -> list[Problem] | None:
        """The problems found for these very records and seeds, if checked before."""
        kept = self._checked.get(records.path)
        if kept and kept[0] is records and kept[1] is seeds:
            return kept[2]
        return None

    def put(self, records: FileRecords, seeds: dict[str, Seed], problems: list[Problem]) -> None:
        """Remember the problems found for a file."""
        self._checked[records.path] = (records, seeds, problems)

    def names(self, lists: list[list]) -> list[Problem] | None:
        """The name clashes found among these very lists of entities and agreements."""
        known, problems = self._names
        if len(known) == len(lists) and all(map(operator.is_, known, lists)):
            return problems
        return None

    def put_names(self, lists: list[list], problems: list[Problem]) -> None:
        """Remember the name clashes found among some lists of entities and agreements."""
        self._names = (lists, problems)

    def keep_only(self, paths: Iterable[str]) -> None:
        """Forget files that are gone."""
        wanted = set(paths)
        for path in self._checked.keys() - wanted:
            del self._checked[path]


def _check_sources(check: _Checker, records: FileRecords) -> list[Problem]:
    outer, check.problems = check.problems, []
    for record in (*records.relations, *records.agreements, *records.facts):
        if check.seed(record.where, "source.seed", record.source.seed):
            check.quote(record.where, "source.quote", record.source.seed, record.source.quote)
    for note in records.coverage:
        if check.seed(note.where, "seed", note.seed):
            check.quote(note.where, "quote", note.seed, note.quote)
    found, check.problems = check.problems, outer
    return found


def crosscheck(files: list[FileRecords], seeds: dict[str, Seed],
               memo: SourceMemo | None = None) -> tuple[Checked, list[Problem]]:
    """Check references across files; return the usable records and every problem found.

    Whole-base rules run as set operations first and fall back to a record-by-record pass only
    where those find something, so a clean 100k-fact base is checked in a few hundredths of a
    second once each file's seed and quote checks are in ``memo``.
    """
    check = _Checker(seeds)
    check.broken_ids = set(itertools.chain.from_iterable(map(_broken_ids, files)))
    for records in files:
        found = memo.get(records, seeds) if memo else None
        if found is None:
            found = _check_sources(check, records)
            if memo:
                memo.put(records, seeds, found)
        check.problems.extend(found)
    groups = [list(itertools.chain.from_iterable(map(operator.attrgetter(name), files)))
              for name in ("entities", "agreements", "relations", "facts")]
    ids = list(map(_id, itertools.chain.from_iterable(groups)))
    unique = len(set(ids)) == len(ids)
    if not unique:  # duplicates: find and report them one by one
        seen: dict[str, Where] = {}
        groups = [check.unique(group, seen) for group in groups]
    entities, agreements, relations, facts = groups
    check.entities = {e.id: e for e in entities}
    check.agreements = {a.id: a for a in agreements}
    subjects = {**check.entities, **check.agreements}
    # Every parse makes new (empty) lists, so only non-empty ones say what changed.
    named = [lists for f in files for lists in (f.entities, f.agreements) if lists] \
        if unique else []
    found = memo.names(named) if memo and unique else None
    if found is None:
        outer, check.problems = check.problems, []
        check.names([*entities, *agreements])
        found, check.problems = check.problems, outer
        if memo and unique:
            memo.put_names(named, found)
    check.problems.extend(found)

    for relation in relations:
        for place in ("subject", "object"):
            check.ref(relation.where, place, getattr(relation, place), check.entities, "entity")
        rule = _KIND_RULES.get(relation.kind)
        target = check.entities.get(getattr(relation, rule[0])) if rule else None
        if rule and target and target.kind != rule[1]:
            check.problem(relation.where, rule[0], "F203", f"a '{relation.kind}' relation needs "
                          f"a {rule[1]} as its {rule[0]}, but '{target.id}' is a {target.kind}")
    for agreement in agreements:
        for index, party in enumerate(agreement.parties):
            check.ref(agreement.where, f"parties[{index}]", party, check.entities, "entity")
        for index, term in enumerate(agreement.terms):
            for name, ref in (("from", term.supplier), ("to", term.recipient)):
                check.ref(agreement.where, f"terms[{index}].{name}", ref, check.entities,
                          "entity")
    if not set(itertools.chain.from_iterable(map(_about, facts))) <= subjects.keys():
        for fact in facts:  # some reference is unknown: say where
            for index, ref in enumerate(fact.about):
                check.ref(fact.where, f"about[{index}]", ref, subjects, "entity or agreement")
    cited = set(map(_seed_of, facts))
    usable_facts = facts if cited <= seeds.keys() else \
        [fact for fact in facts if fact.source.seed in seeds]
    check.fact_ids = set(map(_id, facts))
    notes = []
    for note in (n for f in files for n in f.coverage):
        for index, ref in enumerate(note.covered_by):
            if ref not in check.fact_ids and ref not in check.broken_ids:
                guess = closest(ref, list(check.fact_ids))
                hint = f"did you mean '{guess}'? " if guess else ""
                check.problem(note.where, f"covered_by[{index}]", "F208", f"'{ref}' is not a "
                              f"known fact; {hint}list the ids of facts that state this passage")
        if note.seed in seeds:
            notes.append(note)
    return (entities, agreements, relations, usable_facts, notes), check.problems
