"""Draft facts: validated, listed by ``factbot validate`` (``--strict`` fails on them), previewed
with ``--drafts``, and never served."""

from __future__ import annotations

import json
import shutil

import pytest

from bot.cli import main
from bot.core.facts.loader import load_fact_base
from bot.library.served import FactLibrary
from tests.conftest import ROOT

DRAFTS = """facts:
  - id: mali-test-draft
    status: draft
    text:                 # not written yet
    about: [mali]
    added: "2026-11-25"
    source:
      seed: mali-niger-military-ties
      quote: "the two countries seek to strengthen their military cooperation"
  - id: niger-test-draft
    status: draft
    text: Niger drafted a test road.
    about: [niger]
    added: "2026-11-25"
    source: {seed: mali-niger-military-ties, quote: "Mali and Niger"}
"""
WHOLE_FILE_DRAFT = """status: draft
facts:
  - id: mali-file-draft
    text: Mali drafted a whole file.
    about: [mali]
    added: "2026-11-25"
    source: {seed: mali-niger-military-ties, quote: "Mali and Niger"}
"""


@pytest.fixture
def facts(tmp_path):
    folder = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", folder)
    (folder / "statements" / "drafts.yaml").write_text(DRAFTS, "utf-8")
    (folder / "statements" / "whole.yaml").write_text(WHOLE_FILE_DRAFT, "utf-8")
    return folder


def run(*argv):
    return main([*argv])


def test_validate_lists_drafts_and_strict_fails_on_them(facts, capsys):
    args = ["validate", "--facts", str(facts), "--seeds", str(ROOT / "seeds")]
    assert run(*args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3 drafts are not published (--strict fails on them):"
    assert out[1].endswith("statements/drafts.yaml:2:5: mali-test-draft (no text yet)")
    assert out[2].endswith("statements/drafts.yaml:10:5: niger-test-draft")
    assert out[3].endswith("statements/whole.yaml:3:5: mali-file-draft")
    assert out[4].startswith("No problems: ")
    assert run(*args, "--strict") == 1
    assert capsys.readouterr().out.startswith("3 drafts fail --strict:")
    assert run(*args, "--strict", "--format", "github") == 1
    assert capsys.readouterr().out.splitlines()[1].startswith(
        f"::error file={facts.as_posix()}/statements/drafts.yaml,line=2,col=5,title=draft::"
        "'mali-test-draft' is a draft (no text yet)")
    assert run(*args, "--format", "json") == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)["drafts"]] == [
        "mali-test-draft", "niger-test-draft", "mali-file-draft"]


def test_drafts_are_not_served_but_previewed_with_drafts(facts, capsys):
    base = load_fact_base(facts, ROOT / "seeds").base
    assert not {"mali-test-draft", "niger-test-draft", "mali-file-draft"} & base.facts.keys()
    assert FactLibrary(facts, ROOT / "seeds").answers.base.facts.keys() == base.facts.keys()
    args = ["ask", "/timeline niger", "--facts", str(facts), "--seeds", str(ROOT / "seeds")]
    assert run(*args) == 0
    assert "drafted a test road" not in capsys.readouterr().out
    assert run(*args, "--drafts") == 0
    assert "[draft] Niger drafted a test road." in capsys.readouterr().out
    preview = FactLibrary(facts, ROOT / "seeds", preview_drafts=True).answers.base
    assert preview.facts["mali-test-draft"].text.startswith("[draft] (no text yet")


@pytest.mark.parametrize(("text", "problem"), [
    (WHOLE_FILE_DRAFT + "entities:\n  - {id: x-place, kind: country, name: X Place}\n",
     "whole.yaml:8:1: F109 a file marked 'status: draft' holds only facts"),
    (WHOLE_FILE_DRAFT.replace("status: draft", "status: published"),
     "whole.yaml:1:9: F105 a file's 'status:' can only be 'draft'"),
    (WHOLE_FILE_DRAFT.replace("  - id: mali-file-draft\n",
                              "  - id: mali-file-draft\n    status: published\n"),
     "whole.yaml:4:5: F109 this file is marked 'status: draft', so its facts cannot be published"),
])
def test_a_draft_file_holds_only_draft_facts(facts, text, problem):
    (facts / "statements" / "whole.yaml").write_text(text, "utf-8")
    problems = [str(p) for p in load_fact_base(facts, ROOT / "seeds").problems]
    assert len(problems) == 1 and problem in problems[0], problems


def test_a_published_fact_still_needs_its_text_and_subjects(facts):
    (facts / "statements" / "drafts.yaml").write_text(
        DRAFTS.replace("    status: draft\n    text:                 # not written yet\n", ""),
        "utf-8")
    problems = [str(p) for p in load_fact_base(facts, ROOT / "seeds").problems]
    assert any("F102 this fact has no 'text'" in problem for problem in problems), problems
