"""Both caches key on one fingerprint of everything that shapes a loaded base.

Regression tests for two stale-cache bugs: the parse cache ignored ``limits.py`` (a lowered
length limit went unseen with a warm cache) and the snapshot ignored the matcher's data files
(a start from the snapshot answered with an old list of outside names).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.library.fingerprint import CORE_PACKAGE, fingerprint_of
from tests.conftest import ROOT


@pytest.fixture
def core_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "core"
    shutil.copytree(CORE_PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("edited", ["limits.py", "text.py", "facts/schema.py",
                                    "matching/data/outside_names.txt", "replies/cards.py",
                                    "newpackage/rules.py"])
def test_editing_any_file_under_core_changes_the_key(core_copy: Path, edited: str):
    before = fingerprint_of(core_copy)
    path = core_copy / edited
    path.parent.mkdir(exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write("\n# edited\n")
    assert fingerprint_of(core_copy) != before


def test_compiled_files_do_not_change_the_key(core_copy: Path):
    before = fingerprint_of(core_copy)
    (core_copy / "__pycache__").mkdir()
    (core_copy / "__pycache__" / "limits.cpython-311.pyc").write_bytes(b"\0" * 8)
    assert fingerprint_of(core_copy) == before


LOAD = """
import json, sys
from pathlib import Path
from bot.library.served import FactLibrary
facts, seeds, cache = map(Path, sys.argv[1:4])
library = FactLibrary(facts, seeds, cache, snapshot_min_facts=0)
assert library.wait_for_snapshot(60)
resolution = library.answers.matcher.resolve("Malie", None)
print(json.dumps({"problems": len(library.problems), "malie": resolution.status}))
"""


def start_bot_code(code: Path, cache: Path) -> dict:
    """Start a library from the code under ``code`` (a copy of ``bot``) with ``cache``."""
    env = {**os.environ, "PYTHONPATH": str(code.parent)}
    done = subprocess.run([sys.executable, "-c", LOAD, str(ROOT / "facts"), str(ROOT / "seeds"),
                           str(cache)], env=env, capture_output=True, text=True, check=True,
                          cwd=code.parent)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def bot_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "src" / "bot"
    shutil.copytree(ROOT / "bot", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_lowered_length_limit_is_seen_with_warm_caches(bot_copy: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert start_bot_code(bot_copy, cache)["problems"] == 0
    limits = bot_copy / "core" / "limits.py"
    text = limits.read_text(encoding="utf-8")
    assert "FACT_TEXT_MAX = 800" in text
    limits.write_text(text.replace("FACT_TEXT_MAX = 800", "FACT_TEXT_MAX = 60"), "utf-8")
    assert start_bot_code(bot_copy, cache)["problems"] > 0


def test_an_edited_data_file_is_seen_after_a_snapshot_start(bot_copy: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert start_bot_code(bot_copy, cache)["malie"] == "found"  # a typo of Mali
    assert (cache / "snapshot.pickle").is_file()
    names = bot_copy / "core" / "matching" / "data" / "outside_names.txt"
    with names.open("a", encoding="utf-8") as out:
        out.write("Malie\n")  # now a well-known name outside the base
    assert start_bot_code(bot_copy, cache)["malie"] == "not_in_base"
