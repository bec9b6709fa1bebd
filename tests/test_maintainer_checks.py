"""The checks maintainers run where they work: the pre-commit hooks and the example GitHub
workflow run real ``factbot`` commands that pass on the shipped base and fail on a broken one."""

from __future__ import annotations

import shlex

import pytest
import yaml

from bot.cli import build_parser
from tests.conftest import ROOT
from tests.factfiles import committed_repo, factbot

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
WORKFLOW = yaml.safe_load((ROOT / ".ci" / "github-fact-base.yml").read_text("utf-8"))
BROKEN = "facts:\n  - id: broken\n    text: A fact about nothing known.\n    about: [atlantis]\n"


def commands(run: str) -> list[list[str]]:
    """The factbot commands of a workflow step, with the revision filled in."""
    return [shlex.split(line.replace('"$SINCE"', "HEAD"))[1:]
            for line in run.splitlines() if line.startswith("factbot ")]


def test_hooks_are_well_formed_and_run_on_fact_files_only():
    assert [hook["id"] for hook in HOOKS] == ["factbot-validate", "factbot-coverage"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language", "files"} <= hook.keys()
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["files"] == "^(facts|seeds)/"
        build_parser().parse_args(shlex.split(hook["entry"])[1:])  # real options


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_each_hook_passes_on_the_shipped_base_and_fails_on_a_broken_one(hook, tmp_path):
    repo = committed_repo(tmp_path / "repo")
    command, *args = shlex.split(hook["entry"])[1:]
    assert factbot(repo, command, *args).returncode == 0
    if command == "validate":
        (repo / "facts" / "broken.yaml").write_text(BROKEN, "utf-8")
    else:
        (repo / "facts" / "statements" / "mali-niger-military-ties.yaml").unlink()
    assert factbot(repo, command, *args).returncode == 1


def test_the_workflow_validates_with_github_annotations(tmp_path):
    steps = [step for job in WORKFLOW["jobs"].values() for step in job["steps"]]
    runs = [argv for step in steps if "run" in step for argv in commands(step["run"])]
    for argv in runs:
        build_parser().parse_args(argv)  # every command and option exists
    validate = next(argv for argv in runs if argv[0] == "validate")
    assert validate[1:3] == ["--format", "github"]
    assert ["validate", "--strict", "--format", "github"] in runs
    repo = committed_repo(tmp_path / "repo")
    (repo / "facts" / "broken.yaml").write_text(BROKEN, "utf-8")
    done = factbot(repo, *validate)
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={(repo / 'facts/broken.yaml').as_posix()},"
                                  "line=2,col=5,title=F102 missing required field::this fact "
                                  "has no 'added'")
