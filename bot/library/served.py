"""The fact base the bot serves, and reloading it without ever losing the last good one.

A reload that finds problems keeps answering from the previous base and reports the problems;
a clean reload swaps in the new base at once. At start there is no previous base, so the records
that loaded cleanly are served, every record a problem points into is left out (neither served
nor announced: see ``core.facts.quarantine``) and the problems are reported. No Discord import:
the bot, the alert pipeline and tests all drive this the same way.

Reloads are incremental (see ``FactLoader``): only changed files are parsed, and the base and
its indexes are updated where facts changed. With a cache folder, each parsed file is kept on
disk by content hash, and the whole loaded state is snapshotted after each load, so a restart
with nothing changed reads one file instead of parsing the base again. The caches are checked
(a corrupt one is rebuilt) and deleting them only costs time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.core.facts.dates import latest_date
from bot.core.facts.loader import FactLoader, LoadResult
from bot.core.facts.problems import Problem
from bot.core.facts.publication import Published
from bot.core.facts.quarantine import without_problems
from bot.core.replies.answers import Answers
from bot.library.fingerprint import code_fingerprint
from bot.library.parse_cache import CorruptEntryError, ParseCache, read_framed, write_framed

__all__ = ["FactLibrary", "ReloadOutcome", "paused_gc"]

log = logging.getLogger(__name__)

SNAPSHOT = "snapshot.pickle"
SNAPSHOT_MIN_FACTS = 10_000  # a smaller base loads in about a second: no snapshot is written


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """What a reload did: whether the new base is now served, and what was wrong with it."""

    applied: bool
    problems: list[Problem]
    facts_before: int
    facts_now: int


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large base is built or read: its million objects
    would otherwise be scanned again and again (loading takes about twice as long). After,
    what survived is frozen (``gc.freeze``): a long-lived, acyclic fact base that later
    collections need not scan, here or between two answers. Objects still go as soon as
    nothing refers to them; only cyclic garbage made meanwhile would stay."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _today() -> dt.date:
    """The day facts may have been added by, from the clock."""
    return latest_date(dt.datetime.now(dt.UTC))


class FactLibrary:
    """Holds the current ``Answers`` and reloads them from the fact folders."""

    def __init__(self, facts_dir: Path, seeds_dir: Path, cache_dir: Path | None = None, *,
                 snapshot_writer: bool = True,
                 snapshot_min_facts: int = SNAPSHOT_MIN_FACTS,
                 preview_drafts: bool = False,
                 published: Callable[[], Published] | None = None) -> None:
        """Load the folders; with ``cache_dir``, from (and keeping) the caches there.
        ``snapshot_writer`` false: never start a snapshot writer (it is one); snapshots are
        written for bases of at least ``snapshot_min_facts`` facts. Drafts are never served
        (``FactBase.build`` keeps them apart), except to a maintainer's preview
        (``preview_drafts``: the console, ``factbot ask --drafts``). ``published`` gives the
        facts announced so far, whose ids every load must keep."""
        self.preview_drafts = preview_drafts
        self.published = published
        self.facts_dir = facts_dir
        self.seeds_dir = seeds_dir
        self.cache_dir = cache_dir
        self.snapshot_min_facts = snapshot_min_facts
        self.parse_cache = ParseCache(cache_dir / "parsed") if cache_dir else None
        self._child_lock = threading.Lock()
        self._child_running = self._snapshot_wanted = False
        self._snapshot_idle = threading.Event()
        self._snapshot_idle.set()
        started = time.perf_counter()
        with paused_gc():
            restored = self._restore()
            if restored:
                self.loader, previous = restored
                self.loader.facts_dir, self.loader.seeds_dir = facts_dir, seeds_dir
            else:
                self.loader, previous = FactLoader(facts_dir, seeds_dir), None
            self.loader.cache = self.parse_cache
            self._check_published()
            snapshotted = self.loader.last
            first = self.loader.load(_today())
            served, self.left_out = without_problems(first.base, first.problems)
            self._loaded = first.base  # what the answers are built from
            if served is not first.base or preview_drafts:  # serve the clean records
                self.answers = Answers(served.with_drafts() if preview_drafts else served)
            else:
                self.answers = previous if previous and previous.base is first.base else \
                    Answers(first.base, previous)
        self.problems: list[Problem] = first.problems
        self.load_seconds = time.perf_counter() - started
        stats = self.loader.stats
        log.info("fact base ready in %.2f s: %d facts from %d files (%s; %d from the last run, "
                 "%d from the parse cache, %d parsed)", self.load_seconds, self.fact_count,
                 stats.files, "snapshot" if restored else "no snapshot", stats.reused,
                 stats.cached, stats.parsed)
        for problem in first.problems:
            log.warning("fact base: %s", problem)
        if self.left_out:
            log.warning("fact base: %d records with problems are neither served nor announced "
                        "until fixed: %s", len(self.left_out), ", ".join(self.left_out[:20]))
        if self.parse_cache and not restored:
            self.parse_cache.prune()
        if snapshot_writer and first is not snapshotted:
            self.save_snapshot_later()

    @property
    def fact_count(self) -> int:
        """How many facts the served base holds."""
        return len(self.answers.base.facts)

    def reload(self) -> ReloadOutcome:
        """Load the folders again; serve the result only when it has no problems."""
        return self.apply(self.load_changes())

    def load_changes(self) -> LoadResult:
        """The first half of a reload: read what changed and check the whole base. The answers
        served meanwhile are untouched, so this can run in a worker thread."""
        self._check_published()
        with paused_gc():
            return self.loader.load(_today())

    def _check_published(self) -> None:
        """Have the next load check that the published ids are still there."""
        if self.published is not None:
            self.loader.published = self.published()

    def apply(self, result: LoadResult) -> ReloadOutcome:
        """The second half: serve ``result`` if it has no problems, updating the indexes in
        place (a few hundredths of a second; run it where answers are made, between two)."""
        before = self.fact_count
        self.problems = result.problems
        if result.problems:
            for problem in result.problems:
                log.warning("reload kept the last good fact base: %s", problem)
            return ReloadOutcome(False, result.problems, before, before)
        self.left_out = []
        if result.base is not self._loaded:
            self._loaded = result.base
            shown = result.base.with_drafts() if self.preview_drafts else result.base
            with paused_gc():
                self.answers = Answers(shown, self.answers)
            self.save_snapshot_later()
        stats = self.loader.stats
        log.info("reloaded the fact base in %.2f s: %d facts (was %d); %d of %d files read "
                 "again", stats.seconds, self.fact_count, before, stats.parsed + stats.cached,
                 stats.files)
        return ReloadOutcome(True, [], before, self.fact_count)

    # ---- snapshot ------------------------------------------------------------------------
    @property
    def _snapshot_path(self) -> Path | None:
        return self.cache_dir / SNAPSHOT if self.cache_dir else None

    def _snapshot_key(self) -> tuple[str, str, str]:
        return code_fingerprint(), str(self.facts_dir.resolve()), str(self.seeds_dir.resolve())

    def _restore(self) -> tuple[FactLoader, Answers] | None:
        path = self._snapshot_path
        if path is None:
            return None
        try:
            key, loader, answers = read_framed(path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, CorruptEntryError) as error:
            log.warning("snapshot: %s; loading the fact files instead", error)
            path.unlink(missing_ok=True)
            return None
        if key != self._snapshot_key() or not isinstance(loader, FactLoader) \
                or not isinstance(answers, Answers):
            log.info("snapshot: made by other code or for other folders; not used")
            return None
        return loader, answers

    def save_snapshot(self) -> None:
        """Write the loaded state so the next start can skip parsing and indexing. A restored
        state is still loaded again at start: changed files are read and every check runs.
        Pickling holds the interpreter lock for seconds on a large base: a running bot calls
        ``save_snapshot_later`` instead."""
        path = self._snapshot_path
        if path is None:
            return
        try:
            size = write_framed(path, (self._snapshot_key(), self.loader, self.answers))
        except OSError as error:
            log.warning("snapshot: cannot write %s (%s); the next start loads the files",
                        path, error)
            return
        log.info("snapshot written: %s (%.0f MB)", path, size / 1e6)

    def save_snapshot_later(self) -> None:
        """Have a child process write the snapshot (``python -m bot.library.snapshot``): pickling a
        large base holds Python's interpreter lock for seconds, which would stall the bot."""
        if self.cache_dir is None or self.fact_count < self.snapshot_min_facts:
            return
        with self._child_lock:
            self._snapshot_wanted = True
            if self._child_running:
                return  # the running writer will start another when it ends
            self._child_running = True
            self._snapshot_idle.clear()
        threading.Thread(target=self._write_snapshots, name="snapshot", daemon=True).start()

    def wait_for_snapshot(self, timeout: float | None = None) -> bool:
        """Wait until no snapshot writer runs or is wanted; False if ``timeout`` passed first."""
        return self._snapshot_idle.wait(timeout)

    def _write_snapshots(self) -> None:
        command = [sys.executable, "-m", "bot.library.snapshot", "--facts", str(self.facts_dir),
                   "--seeds", str(self.seeds_dir), "--cache", str(self.cache_dir)]
        while True:
            with self._child_lock:
                if not self._snapshot_wanted:
                    self._child_running = False
                    self._snapshot_idle.set()
                    return
                self._snapshot_wanted = False
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                log.warning("snapshot: the writer failed (%d): %s", done.returncode,
                            done.stderr.strip()[-500:])
