"""The rule registry is complete: every code the code base uses is in ``RULES``, every code in
``RULES`` has a failing fixture named after it, and every fixture names a registered code."""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.facts.problems import RULES
from bot.core.facts.rules import RULE_TABLE, BaseRule, FileRule
from tests.conftest import FIXTURES, ROOT

VALIDATOR = FIXTURES / "validator"
CASES = sorted(path for path in VALIDATOR.iterdir() if path.is_dir())
# A code as written in the source: a quoted string literal, so "F201" but not a word like F1.
CODE_IN_SOURCE = re.compile(r"[\"'](F\d{3})[\"']")
# A fixture folder's name starts with the code(s) it fails with: F201-duplicate-id,
# F401-F402-seed-metadata. The one folder without a code is the clean base.
CODES_IN_NAME = re.compile(r"^((?:F\d{3}-)+)")
CLEAN = "clean"

# Codes that cannot have a fixture folder, and why; each is tested in test_loader.py instead.
NO_FIXTURE = {
    # A file over yamltree.MAX_FILE_BYTES (8 MB): too large to keep in the repository, so
    # test_oversized_file_is_refused_without_reading_it_as_yaml writes one to a temporary folder.
    "F004",
    # A named pipe, a device or a socket: git keeps none of them, so tests/core/test_files.py
    # makes a named pipe (os.mkfifo) in a temporary folder. (/dev/zero through a link is in
    # F013-links: a link leading out of the folder is refused before what it leads to.)
    "F012",
}


def _codes_used_in(folder: Path) -> dict[str, list[str]]:
    """Every code literal in the Python files under a folder, with the files using it."""
    used: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for code in CODE_IN_SOURCE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, []).append(path.relative_to(ROOT).as_posix())
    return used


def _codes_named_by(case: Path) -> list[str]:
    match = CODES_IN_NAME.match(case.name)
    return match.group(1).rstrip("-").split("-") if match else []


def _codes_produced_by(case: Path) -> set[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return {line.split(": ", 1)[1].split()[0] for line in lines}


def test_every_code_used_under_bot_is_registered() -> None:
    used = _codes_used_in(ROOT / "bot")
    assert {"F000", "F201", "F402"} <= used.keys()  # the scan does find codes
    unregistered = {code: paths for code, paths in used.items() if code not in RULES}
    assert not unregistered, f"add these codes to problems.RULES: {unregistered}"


def test_every_registered_code_has_a_fixture_named_after_it() -> None:
    missing = [code for code in RULES if code not in NO_FIXTURE
               and not any(case.name.startswith(f"{code}-") for case in CASES)]
    assert not missing, f"add a failing fixture under {VALIDATOR} for: {missing}"


def test_the_exemptions_are_registered_codes_without_a_fixture() -> None:
    assert RULES.keys() >= NO_FIXTURE
    named = {code for case in CASES for code in _codes_named_by(case)}
    assert not NO_FIXTURE & named, "a code with a fixture needs no exemption"


def test_every_fixture_names_registered_codes_and_fails_with_them() -> None:
    for case in CASES:
        codes = _codes_named_by(case)
        if case.name == CLEAN:
            assert not codes and not _codes_produced_by(case)
            continue
        assert codes, f"{case.name} should start with the code it tests, like F201-..."
        unregistered = [code for code in codes if code not in RULES]
        assert not unregistered, f"{case.name} names codes not in problems.RULES: {unregistered}"
        absent = set(codes) - _codes_produced_by(case)
        assert not absent, f"{case.name}/expected.txt has no problem with code {absent}"


def test_the_rule_table_covers_exactly_the_cross_file_codes() -> None:
    table = {code for rule in RULE_TABLE for code in rule.codes}
    assert table == {code for code in RULES if code.startswith("F2")}
    for rule in RULE_TABLE:
        assert isinstance(rule, FileRule | BaseRule)
        assert rule.title == "; ".join(RULES[code] for code in rule.codes)
        assert rule.check.__doc__ and rule.check.__doc__.startswith(
            ", ".join(rule.codes) + ":"), f"{rule.check.__name__} should say its codes first"
