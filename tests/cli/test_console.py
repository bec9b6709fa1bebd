"""The console, ``factbot ask`` and ``factbot complete``: the same core, previewed in a terminal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bot.cli import main
from bot.cli.console import ConsoleSession
from bot.cli.slash import SlashError, parse
from bot.library.served import FactLibrary
from tests.conftest import ROOT
from tests.factfiles import add_fact

DIRS = ["--facts", str(ROOT / "facts"), "--seeds", str(ROOT / "seeds")]


@pytest.mark.parametrize(("line", "command", "options"), [
    ("/country burkina", "country", {"name": "burkina"}),
    ("/country name:burkina", "country", {"name": "burkina"}),
    ("country   Burkina Faso ", "country", {"name": "Burkina Faso"}),
    ("/relation a:Mali b:Burkina Faso", "relation", {"a": "Mali", "b": "Burkina Faso"}),
    ("/relation Mali Russia", "relation", {"a": "Mali", "b": "Russia"}),
    ("/relation Burkina Faso, Russia", "relation", {"a": "Burkina Faso", "b": "Russia"}),
    ("/search diesel to Mali page:2", "search", {"query": "diesel to Mali", "page": 2}),
    ("/about", "about", {}),
])
def test_commands_parse_as_typed_in_discord(line, command, options) -> None:
    parsed = parse(line)
    assert (parsed.command.name, parsed.options) == (command, options)


@pytest.mark.parametrize(("line", "message"), [
    ("/contry mali", "did you mean /country?"),
    ("/country", "/country needs name"),
    ("/relation Burkina Faso Russia", "give each option its name"),
    ("/latest page:two", "page must be a whole number"),
    ("/about Mali", "/about takes no text"),
    ("", "type a command"),
])
def test_bad_command_lines_say_how_to_fix_them(line, message) -> None:
    with pytest.raises(SlashError, match=message):
        parse(line)


def test_ask_json_is_exactly_the_core_payload(answers, capsys) -> None:
    assert main(["ask", "--json", "/country name:burkina", *DIRS]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == answers.answer("country", {"name": "burkina"})
    assert printed["type"] == 4 and printed["data"]["allowed_mentions"] == {"parse": []}


def test_ask_prints_a_readable_card(capsys) -> None:
    assert main(["ask", "/bloc cedeao", *DIRS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ECOWAS\n══════\n")
    assert "Former members\n  Mali — left [1]" in out
    assert "\\" not in out  # markdown escapes are undone for the terminal


def test_complete_json_is_exactly_the_core_payload(answers, capsys) -> None:
    assert main(["complete", "--json", "/country name:burk", *DIRS]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == answers.autocomplete("country", "name", "burk")
    assert printed["data"]["choices"][0] == {"name": "Burkina Faso", "value": "burkina-faso"}


@pytest.mark.parametrize("argv", [["ask", "/nope"], ["ask", "/country"],
                                  ["complete", "/about"], ["complete", "/search query:x"]])
def test_unknown_command_or_missing_option_exits_2(argv, capsys) -> None:
    assert main([*argv, *DIRS]) == 2
    assert capsys.readouterr().err.startswith("factbot ")


@pytest.fixture
def library() -> FactLibrary:
    return FactLibrary(ROOT / "facts", ROOT / "seeds", snapshot_writer=False)


def test_console_session_answers_and_completes(library) -> None:
    session = ConsoleSession(library)
    assert session.handle("/country Mali").startswith("Mali\n════\n")
    assert "Not in the fact base" in session.handle("/country Nigeria")
    assert "(only you would see this reply)" in session.handle("/country Nigeria")
    assert "unknown command /nope" in session.handle("/nope")
    assert session.handle("/quit") is None
    assert session.completions("/coun") == ["/country "]
    assert session.completions("/country name:burk") == ["/country name:Burkina Faso"]
    assert session.completions("/relation a:Mali b:rus")[0] == "/relation a:Mali b:Russia"
    assert session.completions("/bloc cede") == ["/bloc name:ECOWAS"]


def test_the_console_reloads_edited_facts_like_the_bot(tmp_path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    session = ConsoleSession(FactLibrary(facts, ROOT / "seeds", snapshot_writer=False))
    count = len(session.answers.base.facts)
    assert "Reloaded" not in session.handle("/country Mali")
    add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")
    shown = session.handle("/search test bridge")
    assert shown.startswith(f"Reloaded the fact base: {count + 1} facts (was {count}).\n")
    assert "Mali opened a new test bridge." in shown
    (facts / "statements" / "broken.yaml").write_text("facts:\n  - id: [unclosed\n",
                                                      encoding="utf-8")
    broken = session.handle("/country Mali")
    assert broken.startswith("The fact files have 1 problem: answering from the last good "
                             "fact base (factbot validate lists them).\nMali\n")
    assert session.handle("/country Mali").startswith("Mali\n")  # said once
    assert session.handle("/reload").startswith("The fact files have 1 problem")
    (facts / "statements" / "broken.yaml").unlink()
    (facts / "statements" / "mali-test-fact.yaml").unlink()
    assert session.handle("/reload") == f"Reloaded the fact base: {count} facts (was " \
        f"{count + 1}).\n"
    assert session.handle("/reload") == "The fact base is unchanged.\n"


def test_console_reads_commands_from_a_pipe() -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "console", *DIRS],
                         input="/country mali\n/bloc ecowass\n/quit\n/about\n",
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "factbot> /country mali\nMali\n" in run.stdout
    assert "factbot> /bloc ecowass\nECOWAS\n" in run.stdout
    assert "About sahel-factbot" not in run.stdout  # stopped at /quit


def test_ask_help_and_an_unknown_option_say_what_to_type():
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "/country name:…" in done.stdout
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/country name:mali extra:1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "/country has no option extra; its options are: name" in done.stderr


def test_replies_wrap_to_the_width_they_are_given(answers) -> None:
    from bot.cli.terminal import render_reply

    payload = answers.answer("country", {"name": "mali"})
    narrow = render_reply(payload, width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert max(len(line) for line in render_reply(payload).splitlines()) > 60  # 96 by default


def test_french_commands_as_a_french_discord_lists_them():
    """With --locale fr, commands and options are typed by their French names, and replies
    name the French commands (what a French Discord client lists)."""
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--locale", "fr",
                           "/chronologie nom:mali", *DIRS], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Chronologie : Mali\n")
    assert "/chronologie mali" in done.stdout and "/timeline" not in done.stdout
