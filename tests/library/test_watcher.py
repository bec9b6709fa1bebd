"""The folder watcher polls exactly the files a load reads: not ``facts/.git``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.core.facts.loader import load_fact_base
from bot.library.watcher import snapshot
from tests.conftest import ROOT


def test_the_watcher_skips_hidden_folders_as_the_loader_does(tmp_path: Path):
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(ROOT / "facts", facts)
    shutil.copytree(ROOT / "seeds", seeds)
    git = facts / ".git" / "objects"
    git.mkdir(parents=True)
    for number in range(3000):  # a repository's objects, as in a checked-out facts folder
        (git / f"{number:04}.yaml").write_text("not: facts\n", encoding="utf-8")
    loaded = load_fact_base(facts, seeds)
    assert loaded.ok
    seed_files = sorted(seeds.glob("*.txt")) + sorted(seeds.glob("*.meta.yaml"))

    polled = snapshot([facts, seeds])
    assert sorted(path for path, *_ in polled) == sorted(
        [*loaded.files, *map(str, seed_files)])  # the files read, and only those: 15, not 3015

    (git / "0001.yaml").write_text("changed: too\n", encoding="utf-8")
    assert snapshot([facts, seeds]) == polled  # no reload for a commit
    (facts / "blocs.yaml").write_text((facts / "blocs.yaml").read_text() + "\n")
    assert snapshot([facts, seeds]) != polled


def test_making_a_file_readable_again_is_a_change(tmp_path: Path):
    """``chmod`` changes neither size nor modification time: the watcher still sees it, so a
    fixed permission is reloaded without touching the file."""
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "countries.yaml").write_text("entities: []\n", encoding="utf-8")
    os.chmod(facts / "countries.yaml", 0)
    before = snapshot([facts])
    os.chmod(facts / "countries.yaml", 0o644)
    assert snapshot([facts]) != before
