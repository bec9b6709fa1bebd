"""Load the fact base: the one loader the validator, the console and the bot all use.

``FactLoader`` reads a fact folder again and again, re-parsing only files whose content changed
(and, with a parse cache, not even those unchanged since another run); ``load_fact_base`` is
a single fresh load. Neither raises on bad data. It returns the fact base built from every usable
record together with the problems found, so a running bot can decide to keep its last good base
when a reload finds problems, and the validator can list them all in one run.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.core.facts.crosscheck import SourceMemo, crosscheck
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Seed
from bot.core.facts.problems import Problem, sort_problems
from bot.core.facts.publication import Published
from bot.core.facts.records import FileRecords, parse_fact_file
from bot.core.facts.seeds import load_seeds

__all__ = ["FACT_SUFFIXES", "FactLoader", "LoadResult", "LoadStats", "RecordCache", "fact_files",
           "load_fact_base", "path_label"]

FACT_SUFFIXES = (".yaml", ".yml")


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
    """Every fact file under a folder, in a stable order (hidden folders are skipped)."""
    found = []
    for folder, subfolders, names in os.walk(facts_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [os.path.join(folder, name) for name in names
                  if name.endswith(FACT_SUFFIXES) and not name.startswith(".")]
    return sorted(Path(path) for path in found if os.path.isfile(path))  # not a broken link


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
    """How a load got each file: re-used from the last load, from the cache, or parsed; and
    how many of the re-used ones were not even read, their stat showing them unchanged."""

    files: int
    reused: int
    cached: int
    parsed: int
    seconds: float
    unread: int = 0


RACY_WINDOW_NS = 2_000_000_000


def _stamp(path: Path) -> tuple[int, int, int, int]:
    """What a file's stat says about its version: mtime (ns), size, inode and device."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_dev


@dataclass(frozen=True, slots=True)
class _Known:
    """A file as a load read it: its content hash and records, its stat stamp, and when."""

    content: str
    records: FileRecords
    stamp: tuple[int, int, int, int]
    read_ns: int

    def settled(self, stamp: tuple[int, int, int, int]) -> bool:
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
        self._seeds: tuple[str, dict[str, Seed], list[Problem]] = ("", {}, [])
        self._memo = SourceMemo()
        self.last: LoadResult | None = None
        self._last_seeds: dict[str, Seed] | None = None
        self.stats = LoadStats(0, 0, 0, 0, 0.0)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (in a snapshot) without the cache, which belongs to the running process."""
        return {**self.__dict__, "cache": None}

    def load(self) -> LoadResult:
        """Read, check and assemble the fact base; an unchanged file costs a stat, or a hash."""
        started = time.perf_counter()
        label = path_label(self.facts_dir)
        if not self.facts_dir.is_dir():
            missing = Problem(label, 0, 0, "F000", "the facts folder does not exist; pass "
                              "--facts with the folder that holds the fact files")
            self.last = LoadResult(FactBase.empty(), [missing], [])
            return self.last
        seeds, problems = self._load_seeds()  # the same dict object while seeds are unchanged
        files: list[FileRecords] = []
        counts = {"reused": 0, "cached": 0, "parsed": 0, "unread": 0}
        known = self._files
        self._files = {}
        root = len(str(self.facts_dir)) + 1
        for path in fact_files(self.facts_dir):
            name = f"{label}/{str(path)[root:].replace(os.sep, '/')}"
            stamp = _stamp(path)
            last = known.get(name)
            if last and last.settled(stamp):  # not even read: its stat says it is the same
                records, how, now = last.records, "reused", last
                counts["unread"] += 1
            else:
                read_ns = time.time_ns()  # before reading: a later write has a later mtime
                data = path.read_bytes()
                content = hashlib.blake2b(data, digest_size=16).hexdigest()
                records, how = self._records(name, data, content, last)
                now = _Known(content, records, stamp, read_ns)
            counts[how] += 1
            self._files[name] = now
            files.append(records)
            problems.extend(records.problems)
        unchanged = (self.last is not None and counts["reused"] == len(files) == len(known)
                     and seeds is self._last_seeds and self.published is self._checked_published)
        self._last_seeds = seeds
        self._checked_published = self.published
        if unchanged and self.last is not None:  # the same inputs give the same result
            self.stats = LoadStats(len(files), **counts, seconds=time.perf_counter() - started)
            return self.last
        self._memo.keep_only(self._files)
        (entities, agreements, relations, facts, notes), cross = crosscheck(
            files, seeds, self._memo, self.published, label)
        problems.extend(cross)
        previous = self.last.base if self.last else None
        groups = tuple(records.facts for records in files)
        whole = len(facts) == sum(map(len, groups))  # no fact left out: the groups are `facts`
        base = FactBase.build(entities, agreements, relations, facts, seeds, notes, previous,
                              groups if whole else None)
        self.last = LoadResult(base, sort_problems(problems), [f.path for f in files])
        self.stats = LoadStats(len(files), **counts, seconds=time.perf_counter() - started)
        return self.last

    def _load_seeds(self) -> tuple[dict[str, Seed], list[Problem]]:
        digest = hashlib.sha256()
        if self.seeds_dir.is_dir():
            for path in sorted(self.seeds_dir.iterdir()):
                if path.is_file():
                    digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        content = digest.hexdigest()
        if content != self._seeds[0]:  # the same dict object while unchanged: checks are kept
            self._seeds = (content, *load_seeds(self.seeds_dir, path_label(self.seeds_dir)))
        return self._seeds[1], list(self._seeds[2])

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
                   published: Published | None = None) -> LoadResult:
    """Read, check and assemble the fact base under ``facts_dir`` with its seeds
    (``published``: the ids published before, which must stay)."""
    return FactLoader(facts_dir, seeds_dir, published=published).load()
