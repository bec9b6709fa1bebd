"""Reloads that read only what changed give exactly what a fresh load gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.answers import Answers
from bot.core.loader import FactLoader, load_fact_base
from tests.conftest import ROOT
from tests.factfiles import add_fact

QUESTIONS = [("search", {"query": "diesel sale to Mali"}), ("search", {"query": "Moscow talks"}),
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

    return [lambda: add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali"),
            reword, rename_entity,
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
        assert loader.stats.parsed <= 1  # only the edited file was read again
    shown = str(replies(answers))
    assert "150 million litres (a lot)" in shown and "opened a new test bridge" not in shown


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
