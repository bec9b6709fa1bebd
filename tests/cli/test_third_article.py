"""The README's walkthrough, end to end: a third article into the base with ``seed add`` and
``draft``, the maintainer writing only two facts' own words; validate passes and ``diff`` shows
exactly the two new facts and no draft."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT
from tests.factfiles import committed_repo, factbot

ARTICLE = FIXTURES / "articles" / "aes-joint-force.txt"
SEED = "aes-launches-joint-force-common-passport"
# What the maintainer types: one line of their own words for each of two drafts.
TYPED = {
    "alliance-sahel-states-launched-joint":
        "text: The AES launched a joint force of 5,000 troops in Niamey.",
    "three-countries-began-issuing-common":
        "text: Mali, Burkina Faso and Niger began issuing a common AES passport, replacing "
        "the ECOWAS passport.",
}


COVERAGE_NOTES = f"""  - seed: {SEED}
    quote: "AES launches joint force and a common passport"
    covered_by: [{", ".join(TYPED)}]
    reason: headline repeating the body
  - seed: {SEED}
    quote: "Sahel Wire correspondents"
    not_a_claim: byline
"""


def seed_add(repo, *args):
    return subprocess.run([sys.executable, "-m", "bot.cli", "seed", "add", *args, "--seeds",
                           str(repo / "seeds")], capture_output=True, text=True, cwd=ROOT)


def finish(text: str, record_id: str, typed: str) -> str:
    """The maintainer's edit of one draft: write its text, delete its 'status: draft' line."""
    start = text.index(f"  - id: {record_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end
    record = re.sub(r"\n    status: draft[^\n]*", "", text[start:end], count=1)
    record = re.sub(r"\n    text:[^\n]*", "\n    " + typed, record, count=1)
    return text[:start] + record + text[end:]


def test_a_third_article_with_seed_add_and_draft(tmp_path):
    repo = committed_repo(tmp_path / "repo")
    done = seed_add(repo, str(ARTICLE), "--outlet", "Sahel Wire")
    assert done.returncode == 0, done.stderr
    drafted = factbot(repo, "draft", SEED, "--added", "2026-12-01")
    assert drafted.returncode == 0, drafted.stderr
    assert "Wrote 7 drafts" in drafted.stdout and "General Abdourahamane Tiani" in drafted.stdout
    path = repo / "facts" / "statements" / f"{SEED}.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../facts.schema.json\n")
    for record_id, typed in TYPED.items():
        text = finish(text, record_id, typed)
    path.write_text(text, "utf-8")

    # The two lines the draft says need a coverage note, from its commented stubs: the
    # headline repeats the two published facts, the byline is no claim.
    with (repo / "facts" / "coverage.yaml").open("a", encoding="utf-8") as notes:
        notes.write(COVERAGE_NOTES)

    valid = factbot(repo, "validate", "--since", "HEAD")
    assert valid.returncode == 0, valid.stdout
    assert valid.stdout.startswith("5 drafts are not published (--strict fails on them):")
    assert factbot(repo, "validate", "--strict").returncode == 1
    shown = factbot(repo, "diff")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Since HEAD: 2 new and 0 updated facts, 0 corrections → "
                                   "1 alert message")
    assert shown.stdout.count("New fact: ") == 2
    assert "New fact: Alliance of Sahel States" in shown.stdout
    assert "New fact: Alliance of Sahel States, ECOWAS" in shown.stdout
    assert "5 drafts, not announced until published" in shown.stdout
    assert "[draft]" not in shown.stdout and "joint force" in shown.stdout
    covered = factbot(repo, "coverage", "--summary")  # what the pre-commit hook runs
    assert covered.returncode == 0, covered.stdout
    assert "4 by drafts" in covered.stdout and "0 uncited" in covered.stdout
    # Drafting again adds nothing and leaves the maintainer's file as it is.
    again = factbot(repo, "draft", SEED)
    assert "Nothing to draft" in again.stdout and path.read_text("utf-8") == text

