"""Load the fact base: the one loader the validator, the console and the bot all use.

``FactLoader`` reads a fact folder again and again, re-parsing only files whose content changed
(and, with a parse cache, not even those unchanged since another run); ``load_fact_base`` is
a single fresh load. Neither raises on bad data. It returns the fact base built from every usable
record together with the problems found, so a running bot can decide to keep its last good base
when a reload finds problems, and the validator can list them all in one run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Protocol

from bot.core.facts.crosscheck import SourceMemo, crosscheck
from bot.core.facts.factbase import FactBase
from bot.core.facts.files import SourceFolder, Stamp
from bot.core.facts.model import Agreement, Entity, Fact, Relation, Seed
from bot.core.facts.problems import Problem, sort_problems
from bot.core.facts.publication import Published
from bot.core.facts.records import FileRecords, parse_fact_file
from bot.core.facts.seeds import UnusableSeeds, read_seed_files, seeds_from

__all__ = ["FactLoader", "LoadResult", "LoadStats", "RecordCache", "fact_files", "load_fact_base",
           "path_label"]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded fact base, the problems found while loading it, and the files read."""

    base: FactBase
    problems: list[Problem]
    files: list[str]

    @property
    def ok(self) -> bool:
        """True when the fact base has no problems at all."""
        return not self.problems


def path_label(folder: Path) -> str:
    """How a folder is named in messages: as the user gave it, with forward slashes."""
    return folder.as_posix().rstrip("/") or "."


def fact_files(facts_dir: Path) -> list[Path]:
    """Every fact file a load reads under a folder, in a stable order (``files.SourceFolder``
    decides: hidden folders, links out of the folder and special files are left out)."""
    return sorted(Path(path) for path, _ in SourceFolder(Path(facts_dir), "").files().files)


class RecordCache(Protocol):
    """Parse results by key, kept between runs (see ``bot.library.parse_cache``): an
    optimisation only, so ``get`` answers None for anything it cannot vouch for, including
    entries made by other code (the cache keys them on the code's fingerprint too)."""

    def get(self, key: str) -> FileRecords | None:
        """The records stored under ``key``, or None."""

    def put(self, key: str, records: FileRecords) -> None:
        """Store the records parsed for ``key``."""


@dataclass(frozen=True, slots=True)
class LoadStats:
    """How a load got each file: re-used from the last load, from the cache, or parsed; how
    many of the re-used ones were not even read, their stat showing them unchanged; and how
    many could not be read (each has its problem)."""

    files: int
    reused: int
    cached: int
    parsed: int
    seconds: float
    unread: int = 0
    unreadable: int = 0


RACY_WINDOW_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class _Known:
    """A file as a load read it: its content hash and records, its stat stamp, and when."""

    content: str
    records: FileRecords
    stamp: Stamp
    read_ns: int

    def settled(self, stamp: Stamp) -> bool:
        """True when the file is surely unchanged without reading it: the same stamp, and it
        was last modified well before it was read. A write in the same clock tick as that
        read could leave mtime and size alone, so such a "racily clean" file (as git calls
        it) is read and hashed again."""
        return stamp == self.stamp and stamp[0] + RACY_WINDOW_NS < self.read_ns


class FactLoader:
    """Loads a fact folder again and again, reading only what changed since the last load.

    Each file's records are kept by content hash: an unchanged file keeps its very objects,
    and a file whose stat (mtime, size, inode) is unchanged is not even read again,
    so the fact base, the checks and the search index are updated only where facts changed.
    With a ``cache``, files unchanged since an earlier run are not parsed either.
    """

    def __init__(self, facts_dir: Path | str, seeds_dir: Path | str,
                 cache: RecordCache | None = None, published: Published | None = None) -> None:
        self.facts_dir, self.seeds_dir = Path(facts_dir), Path(seeds_dir)
        self.cache = cache
        # The ids published before (see ``publication``): set before a load to check them.
        self.published: Published = published or {}
        self._checked_published: Published | None = None
        self._files: dict[str, _Known] = {}  # by path: what the last load read
        self._seeds: tuple[str, dict[str, Seed], list[Problem], UnusableSeeds] = (
            "", {}, [], UnusableSeeds())
        self._memo = SourceMemo()
        self.last: LoadResult | None = None
        self._last_seeds: dict[str, Seed] | None = None
        self._today: dt.date | None = None
        self._last_whole = True  # the last load read every file it listed
        self.stats = LoadStats(0, 0, 0, 0, 0.0)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (in a snapshot) without the cache, which belongs to the running process."""
        return {**self.__dict__, "cache": None}

    def load(self, today: dt.date | None = None) -> LoadResult:
        """Read, check and assemble the fact base; an unchanged file costs a stat, or a hash.
        ``today`` is the day facts may have been added by (None: not checked)."""
        started = time.perf_counter()
        label = path_label(self.facts_dir)
        if not self.facts_dir.is_dir():
            missing = Problem(label, 0, 0, "F000", "the facts folder does not exist; pass "
                              "--facts with the folder that holds the fact files")
            self.last = LoadResult(FactBase.empty(), [missing], [])
            return self.last
        seeds, problems, unusable = self._load_seeds()  # the same objects while unchanged
        folder = SourceFolder(self.facts_dir, label)
        listing = folder.files()
        problems.extend(listing.problems)
        files: list[FileRecords] = []
        counts = {"reused": 0, "cached": 0, "parsed": 0, "unread": 0, "unreadable": 0}
        known = self._files
        self._files = {}
        for path, name in listing.files:
            last = known.get(name)
            stamp = folder.stamp(path, name)
            if stamp is None:  # deleted since it was listed: removed
                continue
            if isinstance(stamp, Problem):
                records, now = self._unreadable(stamp, last), last
                counts["unreadable"] += 1
            elif last and last.settled(stamp):  # not even read: its stat says it is the same
                records, now = last.records, last
                counts["reused"] += 1
                counts["unread"] += 1
            else:
                read_ns = time.time_ns()  # before reading: a later write has a later mtime
                data = folder.read(path, name)
                if data is None:
                    continue
                if isinstance(data, Problem):
                    records, now = self._unreadable(data, last), last
                    counts["unreadable"] += 1
                else:
                    content = hashlib.blake2b(data, digest_size=16).hexdigest()
                    records, how = self._records(name, data, content, last)
                    now = _Known(content, records, stamp, read_ns)
                    counts[how] += 1
            if now is not None:  # what it held when last read is kept while it cannot be
                self._files[name] = now
            files.append(records)
            problems.extend(records.problems)
        # Every file read (now and last time) and nothing changed: the same result.
        whole = counts["unreadable"] == 0 and not listing.problems
        unchanged = (self.last is not None and counts["reused"] == len(files) == len(known)
                     and seeds is self._last_seeds and today == self._today
                     and whole and self._last_whole
                     and self.published is self._checked_published)
        self._last_seeds, self._today, self._last_whole = seeds, today, whole
        self._checked_published = self.published
        if unchanged and self.last is not None:  # the same inputs give the same result
            self.stats = LoadStats(len(files), **counts, seconds=time.perf_counter() - started)
            return self.last
        self._memo.keep_only(self._files)
        (entities, agreements, relations, facts, notes), cross = crosscheck(
            files, seeds, self._memo, self.published, label, unusable=unusable, today=today)
        problems.extend(cross)
        previous = self.last.base if self.last else None
        groups = tuple(records.facts for records in files)
        whole = len(facts) == sum(map(len, groups))  # no fact left out: the groups are `facts`
        base = FactBase.build(entities, agreements, relations, facts, seeds, notes, previous,
                              groups if whole else None)
        self.last = LoadResult(base, sort_problems(problems), [f.path for f in files])
        self.stats = LoadStats(len(files), **counts, seconds=time.perf_counter() - started)
        return self.last

    @staticmethod
    def _unreadable(problem: Problem, last: _Known | None) -> FileRecords:
        """A file that cannot be read: its problem, and the ids it held when it last was read
        (references to them are not reported again); none known, no reference is."""
        if last is None:
            return FileRecords(problem.path, problems=[problem], complete=False)
        held = last.records
        records: Iterable[Entity | Agreement | Relation | Fact] = chain(
            held.entities, held.agreements, held.relations, held.facts)
        ids = {record.id for record in records}
        return FileRecords(problem.path, problems=[problem],
                           salvaged=frozenset(ids | held.broken_ids))

    def _load_seeds(self) -> tuple[dict[str, Seed], list[Problem], UnusableSeeds]:
        files = read_seed_files(self.seeds_dir, path_label(self.seeds_dir))
        content = files.digest()
        if content != self._seeds[0]:  # the same dict object while unchanged: checks are kept
            self._seeds = (content, *seeds_from(files))
        return self._seeds[1], list(self._seeds[2]), self._seeds[3]

    def _records(self, name: str, data: bytes, content: str,
                 known: _Known | None) -> tuple[FileRecords, str]:
        if known and known.content == content:
            return known.records, "reused"
        # The file's path and content, hashed once; the cache adds the code's fingerprint.
        key = hashlib.blake2b(f"{name}\0{content}".encode(), digest_size=16).hexdigest()
        if self.cache:
            records = self.cache.get(key)
            if records is not None and records.path == name:
                return records, "cached"
        records = parse_fact_file(name, data)
        if self.cache:
            self.cache.put(key, records)
        return records, "parsed"


def load_fact_base(facts_dir: Path | str, seeds_dir: Path | str,
                   today: dt.date | None = None, *,
                   published: Published | None = None) -> LoadResult:
    """Read, check and assemble the fact base under ``facts_dir`` with its seeds; ``today`` is
    the day facts may have been added by (None: not checked); ``published``: the ids published
    before, which must stay."""
    return FactLoader(facts_dir, seeds_dir, published=published).load(today)
