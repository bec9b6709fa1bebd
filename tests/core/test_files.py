"""Files the loader cannot read: each is a problem with a fix, never a traceback, never a
silent skip, never a blocked or unbounded read."""

from __future__ import annotations

import os
import shutil
import threading
import tracemalloc
from pathlib import Path

import pytest

from bot.core.facts.files import SourceFolder
from bot.core.facts.loader import FactLoader, load_fact_base
from tests.conftest import FIXTURES, ROOT
from tests.factfiles import make_readable, make_unreadable

SEEDS = FIXTURES / "seeds"
MALI = "entities:\n  - {id: mali, kind: country, name: Mali}\n"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the shipped facts, as a maintainer's checkout."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    return tmp_path / "facts"


def problems_in(facts: Path, seeds: Path = ROOT / "seeds") -> list[str]:
    return [str(problem) for problem in load_fact_base(facts, seeds).problems]


def test_an_unreadable_file_is_one_problem_and_its_ids_are_not_reported_as_unknown(facts):
    """countries.yaml defines what every other file refers to: one problem, not dozens of
    'not a known entity' (nothing is known of its ids)."""
    expected = make_unreadable(facts / "countries.yaml", f"{facts.as_posix()}/countries.yaml")
    assert problems_in(facts) == [expected]


def test_a_file_that_becomes_unreadable_keeps_its_ids_known_on_the_next_load(facts):
    countries = facts / "countries.yaml"
    content = countries.read_bytes()
    loader = FactLoader(facts, ROOT / "seeds")
    assert loader.load().ok
    expected = make_unreadable(countries, f"{facts.as_posix()}/countries.yaml")
    result = loader.load()
    assert [str(problem) for problem in result.problems] == [expected]
    assert "mali" not in result.base.entities  # not read, so not served from this load
    make_readable(countries, content)
    assert loader.load().ok and "mali" in loader.last.base.entities  # type: ignore[union-attr]


def test_a_named_pipe_is_reported_and_never_opened(tmp_path: Path):
    facts = tmp_path / "facts"
    facts.mkdir()
    os.mkfifo(facts / "pipe.yaml")
    result: list[list[str]] = []
    # A blocking open of a pipe with no writer never returns: load in a thread so that a
    # regression fails this test instead of hanging the suite.
    loading = threading.Thread(target=lambda: result.append(problems_in(facts, SEEDS)),
                               daemon=True)
    loading.start()
    loading.join(60)
    assert result == [[f"{facts.as_posix()}/pipe.yaml:1:1: F012 this is a named pipe (FIFO), "
                       "not a file; the loader never reads one (it could block or never end): "
                       "replace it with a regular file, or remove it"]]


def test_a_200_mb_file_is_refused_by_its_size_before_a_byte_is_read(tmp_path: Path):
    facts = tmp_path / "facts"
    facts.mkdir()
    with (facts / "huge.yaml").open("wb") as huge:
        huge.truncate(200 * 1024 * 1024)  # sparse: no disk space, but 200 MB to a reader
    tracemalloc.start()
    try:
        problems = problems_in(facts, SEEDS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [f"{facts.as_posix()}/huge.yaml:1:1: F004 file is 200.0 MB, more than "
                        "the 8 MB limit; split it into several smaller files"]
    assert peak < 10 * 1024 * 1024  # reading it would have taken 200 MB


def test_a_link_to_a_file_inside_the_folder_is_followed(tmp_path: Path):
    facts = tmp_path / "facts"
    (facts / "shared").mkdir(parents=True)
    (facts / "shared" / "mali.txt").write_text(MALI, encoding="utf-8")  # not a fact file name
    (facts / "mali.yaml").symlink_to(Path("shared") / "mali.txt")
    result = load_fact_base(facts, SEEDS)
    assert result.ok and list(result.base.entities) == ["mali"]


def test_a_file_deleted_after_the_listing_is_gone_not_an_error(tmp_path: Path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "gone.yaml").write_text(MALI, encoding="utf-8")
    folder = SourceFolder(facts, "facts")
    [(path, name)] = folder.files().files
    path.unlink()
    assert folder.stamp(path, name) is None and folder.read(path, name) is None


def test_files_deleted_while_reloading_are_removed_never_a_crash(tmp_path: Path):
    """The reload race of the issue (FileNotFoundError in 433 of 19,695 reloads): a file
    appears and disappears while the loader lists, stats and reads the folder."""
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "countries.yaml").write_text(MALI, encoding="utf-8")
    loader = FactLoader(facts, SEEDS)
    stop = threading.Event()

    def churn() -> None:
        churning = facts / "churn.yaml"
        while not stop.is_set():
            churning.write_text("entities:\n  - {id: niger, kind: country, name: Niger}\n",
                                encoding="utf-8")
            churning.unlink()

    churner = threading.Thread(target=churn, daemon=True)
    churner.start()
    try:
        seen = set()
        for _ in range(500):
            result = loader.load()
            assert result.ok, result.problems
            seen.add(tuple(sorted(result.base.entities)))
    finally:
        stop.set()
        churner.join()
    assert seen <= {("mali",), ("mali", "niger")}
