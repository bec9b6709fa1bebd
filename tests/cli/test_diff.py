"""``factbot diff``: the alerts a change would post, from a real git repository."""

from __future__ import annotations

import json

from tests.discord_limits import message_problems
from tests.factfiles import committed_repo
from tests.factfiles import factbot as run_factbot

EXTRA = """facts:
  - id: niger-test-fact
    text: Niger opened a new test road.
    about: [niger]
    added: "2026-11-25"
    source:
      seed: mali-niger-military-ties
      quote: "the two countries seek to strengthen their military cooperation"
"""


def factbot(repo, *args):
    return run_factbot(repo, "diff", *args)


def test_diff_previews_new_facts_against_a_revision(tmp_path):
    repo = committed_repo(tmp_path / "repo")
    assert "0 new and 0 updated" in factbot(repo).stdout

    (repo / "facts" / "statements" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    done = factbot(repo)
    assert done.returncode == 0, done.stderr
    assert "1 new and 0 updated facts" in done.stdout and "New fact: Niger" in done.stdout
    payloads = json.loads(factbot(repo, "--json").stdout)
    assert len(payloads) == 1 and message_problems(payloads[0]) == []
    assert payloads[0]["allowed_mentions"] == {"parse": []}

    assert factbot(repo, "--since", "no-such-rev").returncode == 2
    (repo / "facts" / "statements" / "broken.yaml").write_text("facts: [\n", encoding="utf-8")
    broken = factbot(repo)
    assert broken.returncode == 1 and "F002" in broken.stderr
