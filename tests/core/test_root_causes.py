"""The validator reports every independent problem in one pass, and one root cause once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.core.facts.dates import latest_date
from bot.core.facts.loader import load_fact_base
from tests.conftest import FIXTURES, ROOT
from tests.factfiles import add_fact

TINY = FIXTURES / "seeds"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped facts and seeds, as ``facts/`` and ``seeds/`` of the cwd."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems(facts: Path | str = "facts", seeds: Path | str = "seeds",
             today: dt.date | None = None) -> list[str]:
    return [str(problem) for problem in load_fact_base(facts, seeds, today).problems]


def test_a_duplicate_id_is_reported_with_the_records_other_problems(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "a.yaml").write_text(
        "entities:\n  - {id: mali, kind: country, name: Mali}\n", encoding="utf-8")
    (tmp_path / "facts" / "b.yaml").write_text(
        "entities:\n  - {id: mali, kind: contry, name: Mali again}\n", encoding="utf-8")
    assert problems(seeds=TINY) == [
        "facts/b.yaml:2:6: F201 the id 'mali' is already used at facts/a.yaml:2; every id must "
        "be unique, so rename one of them",
        "facts/b.yaml:2:22: F105 'contry' is not a kind this fact base knows; did you mean "
        "'country'? use one of: country, bloc, organisation, mission, armed_group, person",
    ]


def test_a_wrong_kind_of_entity_is_reported_beside_a_field_conflict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "a.yaml").write_text(
        "entities:\n"
        "  - {id: mali, kind: country, name: Mali}\n"
        "  - {id: niger, kind: country, name: Niger}\n"
        "relations:\n"
        "  - id: mali-in-niger\n"
        "    kind: member_of\n"
        "    subject: mali\n"
        "    object: niger\n"
        "    by: someone\n"
        "    source: {seed: tiny, quote: \"Mali and Niger signed\"}\n", encoding="utf-8")
    assert problems(seeds=TINY) == [
        "facts/a.yaml:8:5: F203 a 'member_of' relation needs a bloc as its object, but 'niger' "
        "is a country",
        "facts/a.yaml:9:5: F109 a 'member_of' relation has no 'by'; remove it or change the "
        "relation's kind",
    ]


def test_a_tab_in_a_statements_file_is_one_problem_not_unknown_facts_elsewhere(checkout):
    """The file does not parse, so coverage.yaml's references to its facts are not reported:
    the ids it would have defined are found in its text."""
    statements = checkout / "facts" / "statements" / "mali-niger-military-ties.yaml"
    lines = statements.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("    text:"))
    lines[at] = "\t" + lines[at].lstrip(" ")
    statements.write_text("".join(lines), encoding="utf-8")
    assert problems() == [
        f"facts/statements/mali-niger-military-ties.yaml:{at + 1}:1: F003 a tab is used for "
        "indentation; YAML needs spaces (replace the tab with spaces)"]


def test_a_missing_seed_metadata_file_is_one_problem(checkout):
    (checkout / "seeds" / "000_bb3e9c76c64c8f0d.meta.yaml").unlink()
    assert problems() == [
        "seeds/000_bb3e9c76c64c8f0d.txt:1:1: F401 this article has no metadata; create "
        "000_bb3e9c76c64c8f0d.meta.yaml with its id and title"]
    # The records citing it cannot be shown, so none is in the base.
    assert "mali-niger-diesel-agreement" not in load_fact_base("facts", "seeds").base.facts


def test_an_added_day_that_has_not_come_is_refused(checkout):
    add_fact(checkout / "facts", "mali-future-fact", "Mali opened a test bridge.", "mali")
    path = checkout / "facts" / "statements" / "mali-future-fact.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-25", "2031-01-01"),
                    encoding="utf-8")
    assert problems(today=dt.date(2026, 12, 1)) == [
        "facts/statements/mali-future-fact.yaml:5:5: F214 'added' is 2031-01-01, a day that "
        "has not yet begun anywhere on Earth (the latest date now is 2026-12-01); write the "
        "day the fact was added to the base"]
    assert problems(today=dt.date(2031, 1, 1)) == []  # that day, it is fine


def test_today_is_the_latest_date_anywhere_on_earth() -> None:
    morning_in_utc = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.UTC)
    assert latest_date(morning_in_utc) == dt.date(2026, 12, 2)  # already so in Kiribati
    assert latest_date(dt.datetime(2026, 12, 1, 9, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 1)
