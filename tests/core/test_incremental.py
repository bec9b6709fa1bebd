"""Reloads that read only what changed give exactly what a fresh load gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from bot.core.facts.loader import FactLoader, load_fact_base
from bot.core.replies.answers import Answers
from tests.conftest import ROOT
from tests.factfiles import add_fact

QUESTIONS = [("search", {"query": "diesel sale to Mali"}), ("search", {"query": "Moscow talks"}),
             ("search", {"query": "how much diesel is Niger selling to Mali?"}),
             ("search", {"query": "Qui dirige le Mali ?"}),
             ("search", {"query": "test bridge"}), ("country", {"name": "Mali"}),
             ("country", {"name": "Nigerr"}), ("timeline", {"name": "niger"}),
             ("latest", {}), ("bloc", {"name": "AES"}), ("lookup", {"name": "wagner"})]


def replies(answers: Answers) -> list[dict]:
    return [answers.answer(command, options) for command, options in QUESTIONS]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    return tmp_path / "facts"


def edits(facts: Path) -> list:
    """Maintainers' edits, each a function changing the folder."""
    statements = facts / "statements" / "mali-niger-military-ties.yaml"

    def reword() -> None:
        text = statements.read_text(encoding="utf-8")
        statements.write_text(text.replace("150 million litres", "150 million litres (a lot)"),
                              encoding="utf-8")

    def rename_entity() -> None:  # every fact about Mali now indexes another alias
        countries = facts / "countries.yaml"
        text = countries.read_text(encoding="utf-8")
        countries.write_text(text.replace("name: Mali\n", "name: Republic of Mali\n", 1),
                             encoding="utf-8")

    def edit_records() -> None:  # a relation and an agreement: /search lists them too
        relations = facts / "relations.yaml"
        relations.write_text(relations.read_text(encoding="utf-8").replace(
            "by: military junta\n", "by: military government\n", 1), encoding="utf-8")
        agreements = facts / "agreements.yaml"
        agreements.write_text(agreements.read_text(encoding="utf-8").replace(
            "quantity: 150000000", "quantity: 160000000"), encoding="utf-8")

    return [lambda: add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali"),
            reword, rename_entity, edit_records,
            lambda: (facts / "statements" / "mali-test-fact.yaml").unlink()]


def test_each_incremental_reload_answers_like_a_fresh_load(folder: Path):
    loader = FactLoader(folder, ROOT / "seeds")
    answers = Answers(loader.load().base)
    for edit in edits(folder):
        edit()
        result = loader.load()
        assert result.ok, result.problems
        answers = Answers(result.base, answers)  # the index is updated, not rebuilt
        fresh = load_fact_base(folder, ROOT / "seeds")
        assert result.base.facts_about == fresh.base.facts_about
        assert result.base.facts_by_seed == fresh.base.facts_by_seed
        assert replies(answers) == replies(Answers(fresh.base))
        assert loader.stats.parsed <= 2  # only the edited files were read again
    shown = str(replies(answers))
    assert "150 million litres (a lot)" in shown and "opened a new test bridge" not in shown
    assert "160 million litres of diesel" in shown and "military government" in shown


def test_an_unchanged_folder_reloads_to_the_very_same_base(folder: Path):
    loader = FactLoader(folder, ROOT / "seeds")
    first = loader.load()
    assert loader.load() is first
    assert loader.stats.reused == loader.stats.files and loader.stats.parsed == 0


def test_a_broken_edit_is_reported_and_fixing_it_serves_again(folder: Path):
    loader = FactLoader(folder, ROOT / "seeds")
    loader.load()
    broken = folder / "statements" / "broken.yaml"
    broken.write_text("facts:\n  - id: x\n    text: [unclosed\n", encoding="utf-8")
    problems = [str(p) for p in loader.load().problems]
    assert problems and all(p.startswith(f"{folder.as_posix()}/statements/broken.yaml:")
                            for p in problems)
    broken.unlink()
    assert loader.load().ok


def _backdate(folder: Path, seconds: float) -> None:
    for path in folder.rglob("*.yaml"):
        os.utime(path, (time.time() - seconds,) * 2)


def test_files_settled_for_a_while_are_only_stat_ed(folder: Path):
    _backdate(folder, 3600)
    loader = FactLoader(folder, ROOT / "seeds")
    loader.load()
    again = loader.load()
    assert loader.stats.unread == loader.stats.files  # mtime, size and inode unchanged
    statements = folder / "statements" / "mali-niger-military-ties.yaml"
    statements.write_text(statements.read_text(encoding="utf-8").replace(
        "150 million litres", "160 million litres"), encoding="utf-8")
    edited = loader.load()
    assert edited is not again and loader.stats.unread == loader.stats.files - 1
    assert "160 million litres" in str(Answers(edited.base).answer(
        "search", {"query": "diesel sale to Mali"}))


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(folder: Path):
    """Written in the same clock tick as the last read: git's "racily clean" case."""
    statements = folder / "statements" / "mali-niger-military-ties.yaml"
    os.utime(statements)  # just saved
    loader = FactLoader(folder, ROOT / "seeds")
    loader.load()
    stat = statements.stat()
    statements.write_text(statements.read_text(encoding="utf-8").replace(
        "150 million litres", "160 million litres"), encoding="utf-8")  # the same size
    os.utime(statements, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert statements.stat().st_size == stat.st_size
    edited = loader.load()
    assert loader.stats.parsed == 1
    assert "160 million litres" in str(Answers(edited.base).answer(
        "search", {"query": "diesel sale to Mali"}))
