"""``factbot validate`` and ``factbot coverage`` as a maintainer runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import FIXTURES, ROOT
from tests.factfiles import make_unreadable

BROKEN = FIXTURES / "validator" / "F202-unknown-reference"


def test_clean_base_prints_summary_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--facts", str(ROOT / "facts"), "--seeds", str(ROOT / "seeds")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("No problems: ")
    assert " facts, 2 seeds" in out


def test_problems_then_count_and_exit_1(capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    code = main(["validate", "--facts", "facts", "--seeds", "../../seeds"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[:-1] == (BROKEN / "expected.txt").read_text().splitlines()
    assert lines[-1] == "4 problems in 1 file"


def test_json_format(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert main(["validate", "--facts", "facts", "--seeds", "../../seeds", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["count"] == 4
    first = report["problems"][0]
    assert (first["path"], first["line"], first["column"], first["code"]) == (
        "facts/refs.yaml", 7, 5, "F202")
    assert first["rule"] == "unknown entity or agreement"


def test_github_format(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert main(["validate", "--facts", "facts", "--seeds", "../../seeds", "--format",
                 "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=facts/refs.yaml,line=7,col=5,"
                            "title=F202 unknown entity or agreement::'nigerr' is not a known")


@pytest.mark.parametrize("argv", [
    ["validate", "--facts", "/no/such/folder"],
    ["validate", "--format", "xml"],
    ["validate", "--bogus"],
    ["nonsense"],
])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        code = main(argv)
        raise SystemExit(code)
    assert raised.value.code == 2
    assert "error" in capsys.readouterr().err


def test_coverage_of_shipped_base_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["coverage", "--facts", str(ROOT / "facts"), "--seeds", str(ROOT / "seeds")])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 uncited" in out.splitlines()[-1]
    assert "line  12  cited        Mali and Niger have finalized a partnership agreement" in out


def test_coverage_fails_while_a_sentence_is_uncited(tmp_path, capsys) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "one.yaml").write_text(
        "entities:\n  - {id: mali, kind: country, name: Mali, summary: A country.}\n"
        "facts:\n  - id: deal\n    text: Mali and Niger signed a diesel deal.\n"
        "    about: [mali]\n    added: \"2026-11-24\"\n"
        "    source: {seed: tiny, quote: \"Mali and Niger signed a diesel deal.\"}\n")
    code = main(["coverage", "--facts", str(facts), "--seeds", str(FIXTURES / "seeds"),
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    statuses = {s["text"]: s["status"] for s in report["seeds"][0]["sentences"]}
    assert statuses == {
        "Tiny Article": "uncited",
        "Mali and Niger signed a diesel deal.": "cited",
        "The “deal” covers 150 million liters.": "uncited",
        "Key Takeaways": "uncited",
    }


def test_coverage_counts_clauses_and_keeps_causes_with_their_consequence(tmp_path,
                                                                        capsys) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "why.txt").write_text(
        "Why Article\n\nThe EU is facing a dilemma over Mali, as it does not want to cooperate "
        "with Russia. The juntas took power in coups, which have led them to expel French "
        "forces.\n", encoding="utf-8")
    (seeds / "why.meta.yaml").write_text('id: why\ntitle: "Why Article"\n', encoding="utf-8")
    facts = tmp_path / "facts"
    facts.mkdir()

    def fact(fact_id: str, quote: str) -> str:
        return (f"  - id: {fact_id}\n    text: A fact.\n    about: [mali]\n"
                f"    added: \"2026-11-24\"\n    source: {{seed: why, quote: \"{quote}\"}}\n")

    (facts / "one.yaml").write_text(
        "entities:\n  - {id: mali, kind: country, name: Mali}\nfacts:\n"
        + fact("dilemma", "The EU is facing a dilemma over Mali")
        + fact("no-cooperation", "as it does not want to cooperate with Russia")
        + fact("coups", "The juntas took power in coups, which have led them to expel French "
               "forces"), encoding="utf-8")
    code = main(["coverage", "--facts", str(facts), "--seeds", str(seeds), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    by_text = {s["text"]: s for s in report["seeds"][0]["sentences"]}
    dilemma = by_text["The EU is facing a dilemma over Mali, as it does not want to cooperate "
                      "with Russia."]
    # Both clauses are quoted, but the cause ("as …") is not in the quote of its consequence.
    assert dilemma["status"] == "uncited"
    assert dilemma["missing_clauses"] == ["as it does not want to cooperate with Russia."]
    coups = by_text["The juntas took power in coups, which have led them to expel French forces."]
    assert coups["status"] == "cited" and coups["missing_clauses"] == []
    main(["coverage", "--facts", str(facts), "--seeds", str(seeds), "--summary"])
    out = " ".join(capsys.readouterr().out.split())  # the detail is wrapped to the terminal
    assert "but no quote states “as it does not want to cooperate with Russia.”" in out


def _validate_process(checkout: Path) -> subprocess.CompletedProcess[str]:
    """``factbot validate`` as a maintainer runs it, in a checkout with its own facts."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FACTS_DIR": str(checkout / "facts"),
           "SEEDS_DIR": str(checkout / "seeds")}
    return subprocess.run([sys.executable, "-m", "bot.cli", "validate", "--facts", "facts",
                           "--seeds", "seeds"], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("trouble", ["unreadable", "named pipe", "link to /dev/zero"])
def test_validate_reports_a_file_it_cannot_read_as_one_line_never_a_traceback(
        tmp_path: Path, trouble: str) -> None:
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    if trouble == "unreadable":  # what every other file refers to: still one line
        expected = make_unreadable(tmp_path / "facts" / "countries.yaml", "facts/countries.yaml")
    elif trouble == "named pipe":
        os.mkfifo(tmp_path / "facts" / "incoming.yaml")
        expected = ("facts/incoming.yaml:1:1: F012 this is a named pipe (FIFO), not a file; the "
                    "loader never reads one (it could block or never end): replace it with a "
                    "regular file, or remove it")
    else:
        (tmp_path / "facts" / "zero.yaml").symlink_to("/dev/zero")
        expected = ("facts/zero.yaml:1:1: F013 this link leads to '/dev/zero', outside the facts "
                    "folder; the loader follows links only to files inside it: copy the file "
                    "here instead")
    done = _validate_process(tmp_path)
    assert done.stdout.splitlines() == [expected, "1 problem in 1 file"]
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""
