"""The parse cache and the start-up snapshot: faster starts that never change an answer.

A damaged or deleted cache costs only time; a snapshot never hides an edit made while the
bot was stopped.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from bot.core.facts.loader import FactLoader, load_fact_base
from bot.core.replies.answers import Answers
from bot.library.parse_cache import ParseCache
from bot.library.served import FactLibrary
from tests.conftest import ROOT
from tests.core.test_incremental import replies
from tests.factfiles import add_fact


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    return tmp_path / "facts"


def load_with(cache: Path, facts: Path) -> tuple[FactLoader, ParseCache]:
    parse_cache = ParseCache(cache)
    loader = FactLoader(facts, ROOT / "seeds", parse_cache)
    loader.load()
    return loader, parse_cache


def test_unchanged_files_come_from_the_parse_cache(tmp_path: Path, facts: Path):
    cache = tmp_path / "cache"
    first, _ = load_with(cache, facts)
    assert first.stats.parsed == first.stats.files > 5
    again, parse_cache = load_with(cache, facts)
    assert again.stats.cached == again.stats.files and again.stats.parsed == 0
    assert parse_cache.hits == again.stats.files
    fresh = load_fact_base(facts, ROOT / "seeds")
    assert replies(Answers(again.last.base)) == replies(Answers(fresh.base))


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "empty", "not ours"])
def test_a_corrupt_cache_entry_is_detected_and_rebuilt(tmp_path: Path, facts: Path,
                                                       damage: str, caplog):
    cache = tmp_path / "cache"
    load_with(cache, facts)
    entry = sorted(cache.glob("*.pickle"))[3]
    data = entry.read_bytes()
    entry.write_bytes({"flip a byte": data[:-50] + bytes([data[-50] ^ 1]) + data[-49:],
                       "truncate": data[: len(data) // 2], "empty": b"",
                       "not ours": b"hello"}[damage])
    with caplog.at_level(logging.WARNING):
        loader, parse_cache = load_with(cache, facts)
    assert parse_cache.corrupt == 1 and loader.stats.parsed == 1
    assert "parse cache:" in caplog.text and "parsing the file again" in caplog.text
    assert loader.last.problems == load_fact_base(facts, ROOT / "seeds").problems
    _, repaired = load_with(cache, facts)
    assert repaired.corrupt == 0 and repaired.hits == loader.stats.files


def test_a_cache_entry_from_another_parser_version_is_not_used(tmp_path: Path, facts: Path):
    cache = tmp_path / "cache"
    load_with(cache, facts)
    parse_cache = ParseCache(cache, fingerprint="0" * 16)  # as if the code had changed
    loader = FactLoader(facts, ROOT / "seeds", parse_cache)
    loader.load()
    assert loader.stats.parsed == loader.stats.files and parse_cache.hits == 0


def wait_for_snapshot(library: FactLibrary, timeout: float = 60.0) -> None:
    assert library.wait_for_snapshot(timeout), "the snapshot writer did not finish"


def test_a_small_base_writes_no_snapshot(tmp_path: Path, facts: Path):
    library = FactLibrary(facts, ROOT / "seeds", tmp_path / "cache")  # 46 facts: loads in ms
    wait_for_snapshot(library)
    assert not (tmp_path / "cache" / "snapshot.pickle").exists()
    assert list((tmp_path / "cache" / "parsed").glob("*.pickle"))  # the parse cache is kept


def test_a_restart_with_nothing_changed_starts_from_the_snapshot(tmp_path: Path, facts: Path):
    cache = tmp_path / "cache"
    first = FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0)
    wait_for_snapshot(first)
    assert (cache / "snapshot.pickle").is_file()
    second = FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0)
    assert second.loader.stats.reused == second.loader.stats.files  # nothing read again
    assert second.parse_cache and second.parse_cache.hits == 0
    assert replies(second.answers) == replies(first.answers)


def test_edits_made_while_stopped_are_served_after_a_snapshot_start(tmp_path: Path,
                                                                    facts: Path):
    cache = tmp_path / "cache"
    wait_for_snapshot(FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0))
    add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")
    restarted = FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0)
    assert restarted.loader.stats.parsed == 1
    assert "opened a new test bridge" in str(restarted.answers.answer("search",
                                                                      {"query": "test bridge"}))
    wait_for_snapshot(restarted)  # the new state is snapshotted for the next start
    again = FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0)
    assert again.loader.stats.reused == again.loader.stats.files


def test_a_corrupt_or_deleted_snapshot_costs_only_time(tmp_path: Path, facts: Path, caplog):
    cache = tmp_path / "cache"
    first = FactLibrary(facts, ROOT / "seeds", cache, snapshot_min_facts=0)
    wait_for_snapshot(first)
    snapshot = cache / "snapshot.pickle"
    snapshot.write_bytes(snapshot.read_bytes()[:-10])
    with caplog.at_level(logging.WARNING):
        damaged = FactLibrary(facts, ROOT / "seeds", cache, snapshot_writer=False)
    assert "snapshot:" in caplog.text and "loading the fact files instead" in caplog.text
    assert damaged.loader.stats.cached == damaged.loader.stats.files  # from the parse cache
    shutil.rmtree(cache)
    gone = FactLibrary(facts, ROOT / "seeds", cache, snapshot_writer=False)
    assert gone.loader.stats.parsed == gone.loader.stats.files
    assert replies(damaged.answers) == replies(gone.answers) == replies(first.answers)
