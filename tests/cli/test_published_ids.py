"""Published ids stay put: against a git revision, renaming or removing a published id is a
problem with its fix, ``factbot diff`` names renames and removals, and a duplicate id says which
record is the published one."""

from __future__ import annotations

import pytest

from tests.factfiles import committed_repo, factbot

RENAMED = "diesel-deal-signed-by-juntas"  # a fact published at the revision
STATEMENTS = "facts/statements/mali-niger-military-ties.yaml"


@pytest.fixture
def repo(tmp_path):
    return committed_repo(tmp_path / "repo")


def edit(repo, old, new, path=STATEMENTS):
    file = repo / path
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), "utf-8")


def test_a_renamed_published_id_is_refused_with_the_fix(repo):
    edit(repo, "- id: diesel-deal-signed-by-juntas", "- id: juntas-signed-the-diesel-deal")
    assert factbot(repo, "validate").returncode == 0  # without a revision nothing is published
    done = factbot(repo, "validate", "--since", "HEAD")
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "F215" in line)
    assert line.startswith(f"{(repo / STATEMENTS).as_posix()}:1:1: F215 the published fact "
                           f"'{RENAMED}'")
    assert (f"It looks renamed to 'juntas-signed-the-diesel-deal' (the same quote): give it "
            f"back the id '{RENAMED}'") in line
    shown = factbot(repo, "diff")
    assert shown.returncode == 1
    assert f"renamed: {RENAMED} → juntas-signed-the-diesel-deal" in shown.stderr


def test_a_removed_published_fact_must_be_kept_as_retracted(repo):
    text = (repo / STATEMENTS).read_text("utf-8")
    start = text.index(f"  - id: {RENAMED}\n")
    end = text.index("\n  - id: ", start + 1) + 1
    (repo / STATEMENTS).write_text(text[:start] + text[end:], "utf-8")
    done = factbot(repo, "validate", "--since", "HEAD")
    assert done.returncode == 1 and f"F215 the published fact '{RENAMED}'" in done.stdout
    assert "keep its record with 'status: retracted' and a 'reason:'" in done.stdout
    assert f"removed: fact {RENAMED} (published; gone)" in factbot(repo, "diff").stderr
    # The fix: keep it, retracted, with a reason.
    (repo / STATEMENTS).write_text(text[:end].replace(
        f"  - id: {RENAMED}\n", f"  - id: {RENAMED}\n    status: retracted\n"
        "    reason: The article does not say who signed it.\n") + text[end:], "utf-8")
    assert factbot(repo, "validate", "--since", "HEAD").returncode == 0
    shown = factbot(repo, "diff")
    assert shown.returncode == 0 and "removed" not in shown.stderr
    assert "0 new and 0 updated facts, 1 correction → 1 alert message" in shown.stdout
    assert "Correction: Mali–Niger diesel sale, Mali, Niger" in shown.stdout
    assert "Withdrawn" in shown.stdout and "does not say who signed it" in shown.stdout


def test_a_duplicate_of_a_published_id_says_to_rename_the_new_record(repo):
    (repo / "facts" / "statements" / "a-new.yaml").write_text(
        f"facts:\n  - id: {RENAMED}\n    text: A new fact.\n    about: [mali]\n"
        "    added: \"2026-11-25\"\n    source: {seed: mali-niger-military-ties, quote: "
        "\"Mali and Niger\"}\n", "utf-8")
    done = factbot(repo, "validate", "--since", "HEAD")
    line = next(line for line in done.stdout.splitlines() if "F201" in line)
    assert line.startswith(f"{(repo / 'facts/statements/a-new.yaml').as_posix()}:2:5: F201 "
                           f"the id '{RENAMED}' is the published record's at "
                           f"{(repo / STATEMENTS).as_posix()}:")
    assert line.endswith("rename this new record (the published id must stay)")


def test_since_a_revision_that_is_not_there_is_a_usage_error(repo):
    done = factbot(repo, "validate", "--since", "no-such-rev")
    assert done.returncode == 2 and "--since cannot read no-such-rev from git" in done.stderr
