"""The validator: each rule's fixture yields exactly its problems; the shipped base yields none."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from bot.core.facts import yamltree
from bot.core.facts.loader import load_fact_base
from bot.core.facts.problems import RULES, Problem
from bot.core.facts.publication import PublishedRecord
from tests.conftest import FIXTURES, ROOT

CASES = sorted(path for path in (FIXTURES / "validator").iterdir() if path.is_dir())
# The day the fixtures are validated on ("today" comes from the caller: see F214's fixture).
FIXTURES_TODAY = dt.date(2026, 12, 1)


def published_of(case: Path) -> dict[str, PublishedRecord]:
    """A fixture's published records (``published.yaml``: id -> kind, path, text, quote), as
    a git revision or the bot's announcements give them."""
    path = case / "published.yaml"
    if not path.exists():
        return {}
    return {record_id: PublishedRecord(**fields)
            for record_id, fields in yaml.safe_load(path.read_text("utf-8")).items()}


def _problems_in(case: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(case)
    seeds = "seeds" if (case / "seeds").is_dir() else "../../seeds"
    result = load_fact_base("facts", seeds, FIXTURES_TODAY, published=published_of(case))
    return [str(problem) for problem in result.problems]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_yields_exactly_its_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert _problems_in(case, monkeypatch) == expected


def test_every_rule_has_a_failing_fixture() -> None:
    codes = set()
    for case in CASES:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            codes.add(line.split(": ", 1)[1].split()[0])
    untested = set(RULES) - codes - {"F000", "F004", "F012"}  # those are tested below
    assert not untested


def test_oversized_file_is_refused_without_reading_it_as_yaml(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "huge.yaml").write_bytes(b"#" * (yamltree.MAX_FILE_BYTES + 1))
    problems = load_fact_base(tmp_path / "facts", FIXTURES / "seeds").problems
    assert [(p.code, p.line, p.column) for p in problems] == [("F004", 1, 1)]
    assert "split it into several smaller files" in problems[0].message


def test_missing_facts_folder_is_one_clear_problem(tmp_path: Path) -> None:
    problems = load_fact_base(tmp_path / "nowhere", FIXTURES / "seeds").problems
    assert [p.code for p in problems] == ["F000"]


def test_shipped_fact_base_has_no_problems() -> None:
    result = load_fact_base(ROOT / "facts", ROOT / "seeds")
    assert result.problems == []
    assert len(result.base.facts) >= 40


def test_c_loader_is_used_when_present() -> None:
    import yaml

    assert not yaml.__with_libyaml__ or yamltree._Parser is yaml.CSafeLoader


def test_problems_print_as_path_line_col_code_message() -> None:
    problem = Problem("facts/blocs.yaml", 14, 5, "F202", "'xk' is not a known entity")
    assert str(problem) == "facts/blocs.yaml:14:5: F202 'xk' is not a known entity"


def _mutations(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    at = rng.randrange(len(data))
    if choice == 0:
        return data[:at]
    if choice == 1:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if choice == 2:
        noise = rng.choice([b"\t", b": ", b"- ", b"&a ", b"*a", b"!!", b"[", b"{", b"'"])
        return data[:at] + noise + data[at:]
    if choice == 3:
        return data[:at] + data[at:at + 40] + data[at:]
    return data.replace(b"  ", b" ", rng.randrange(1, 5))


def test_damaged_files_never_raise(tmp_path: Path) -> None:
    """Random damage to real fact files gives problems, never a traceback."""
    rng = random.Random(20261124)
    sources = sorted((ROOT / "facts").rglob("*.yaml"))
    facts = tmp_path / "facts"
    facts.mkdir()
    for round_number in range(300):
        source = rng.choice(sources)
        damaged = _mutations(source.read_bytes(), rng)
        (facts / "damaged.yaml").write_bytes(damaged)
        result = load_fact_base(facts, ROOT / "seeds")
        for problem in result.problems:
            assert problem.code in RULES, (round_number, problem)
            assert problem.line >= 1 and problem.column >= 1, (round_number, problem)


def test_every_rule_is_documented_for_maintainers() -> None:
    guide = (ROOT / "facts" / "README.md").read_text(encoding="utf-8")
    assert [code for code in RULES if f"| {code} |" not in guide] == []
