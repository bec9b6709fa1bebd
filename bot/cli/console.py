"""``factbot console``: an interactive prompt that takes commands as typed in Discord, completes
names with Tab using the bot's own autocomplete, and prints replies readably.

It runs the same core as the bot, so what a maintainer previews here is what Discord receives:
before each command it reloads the fact files that changed, the way the bot does, and serves an
edit only when it validates (otherwise it keeps the last good base and says so once). ``/reload``
does the same on demand and reports it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.cli.options import (
    USAGE_ERROR,
    add_drafts_option,
    add_fact_dirs,
    add_locale,
    folders_or_usage_error,
)
from bot.cli.slash import SlashError, parse
from bot.cli.terminal import WIDTH, render_reply, terminal_width
from bot.core.replies.answers import Answers
from bot.core.replies.commands import COMMANDS
from bot.core.text import counted
from bot.library.served import FactLibrary, ReloadOutcome

__all__ = ["ConsoleSession", "add_arguments", "command_help", "run"]

PROMPT = "factbot> "


def command_help() -> str:
    """The command list with usage and examples (/help in the console and factbot ask)."""
    lines = ["Commands (as in Discord; options by name or in order):"]
    for command in COMMANDS.values():
        usage = " ".join(f"{o.name}:…" if o.required else f"[{o.name}:…]" for o in command.options)
        lines.append(f"  /{command.name} {usage}".rstrip().ljust(34) + command.description)
    lines += ["Examples: /country burkina · /bloc CEDEAO · /relation a:Mali b:Russia · "
              "/search how much diesel is Niger selling to Mali?",
              "Tab completes commands and names. Edited fact files are reloaded before each "
              "command (/reload reports it). /quit (or Ctrl-D) leaves."]
    return "\n".join(lines) + "\n"


def reload_line(outcome: ReloadOutcome, changed: bool) -> str:
    """What a reload did, in one line ("" when nothing changed)."""
    if outcome.problems:
        count = len(outcome.problems)
        return (f"The fact files have {count} problem{'s' * (count != 1)}: answering from the "
                "last good fact base (factbot validate lists them).\n")
    if not changed:
        return ""
    return f"Reloaded the fact base: {outcome.facts_now} facts (was {outcome.facts_before}).\n"


class ConsoleSession:
    """One console: turns typed lines into rendered replies, and offers completions."""

    def __init__(self, library: FactLibrary, *, styled: bool = False) -> None:
        self.library = library
        self.styled = styled
        self._told: list[str] = [str(problem) for problem in library.problems]

    @property
    def answers(self) -> Answers:
        """The answers of the base served now."""
        return self.library.answers

    def reload(self, *, always_say: bool = False) -> str:
        """Reload what changed; a line saying so (problems only once until they change)."""
        before = self.library.answers
        outcome = self.library.reload()
        problems = [str(problem) for problem in outcome.problems]
        line = reload_line(outcome, self.library.answers is not before)
        if problems == self._told and not always_say:
            line = "" if problems else line
        self._told = problems
        return line or ("The fact base is unchanged.\n" if always_say else "")

    def handle(self, line: str) -> str | None:
        """The text to print for one typed line (None means leave)."""
        stripped = line.strip()
        if not stripped:
            return ""
        if stripped.lstrip("/").lower() in ("quit", "exit", "q"):
            return None
        if stripped.lstrip("/").lower() in ("help", "?"):
            return command_help()
        if stripped.lstrip("/").lower() == "reload":
            return self.reload(always_say=True)
        try:
            parsed = parse(stripped)
        except SlashError as error:
            return f"{error}\n"
        said = self.reload()
        payload = self.answers.answer(parsed.command.name, parsed.options)
        return said + render_reply(payload, styled=self.styled,
                                   width=terminal_width() if self.styled else WIDTH)

    def completions(self, line: str) -> list[str]:
        """Whole-line completions for what has been typed so far."""
        if " " not in line.strip() and not line.endswith(" "):
            typed = line.strip().lstrip("/").lower()
            return [f"/{name} " for name in COMMANDS if name.startswith(typed)]
        try:
            parsed = parse(line, completing=True)
        except SlashError:
            return []
        option = parsed.command.option(parsed.focused or "")
        if option is None or option.complete is None:
            return []
        value = str(parsed.options.get(option.name, ""))
        choices = self.answers.choices(parsed.command.name, option.name, value)
        given = [f"{name}:{text}" for name, text in parsed.options.items()
                 if name != option.name]
        lines = []
        for _label, chosen in choices:
            subject = self.answers.names.subjects.get(chosen)
            shown = subject.name if subject else chosen
            lines.append(" ".join([f"/{parsed.command.name}", *given, f"{option.name}:{shown}"]))
        return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot console``."""
    add_fact_dirs(parser)
    add_drafts_option(parser)
    add_locale(parser)


def _enable_tab_completion(session: ConsoleSession) -> None:
    try:
        import readline
    except ImportError:  # not every platform has readline; the console works without it
        return
    cache: dict[str, list[str]] = {}

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            cache[text] = session.completions(readline.get_line_buffer())
        options = cache.get(text, [])
        return options[state] if state < len(options) else None

    readline.set_completer_delims("")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")


def run(args: argparse.Namespace) -> int:
    """Read commands until /quit or end of input."""
    if not folders_or_usage_error(args):
        return USAGE_ERROR
    logging.getLogger("bot.library").setLevel(logging.ERROR)  # the console says it itself
    library = FactLibrary(Path(args.facts), Path(args.seeds), snapshot_writer=False,
                          preview_drafts=args.drafts)
    if library.problems:
        found = counted(len(library.problems), "problem")
        print(f"factbot: warning: the fact base has {found} (run factbot validate); answering "
              "from the records without problems", file=sys.stderr)
    interactive = sys.stdin.isatty()
    session = ConsoleSession(library, styled=sys.stdout.isatty())
    base = library.answers.base
    if interactive:
        _enable_tab_completion(session)
        print(f"sahel-factbot console — {len(base.facts)} facts about {len(base.entities)} "
              f"entities from {len(base.seeds)} articles. Type /help, or a command such as "
              "/country Mali. Tab completes.")
    while True:
        try:
            line = input(PROMPT if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            print()
            continue
        if not interactive and line.strip():
            print(f"{PROMPT}{line}")
        output = session.handle(line)
        if output is None:
            break
        sys.stdout.write(output)
    return 0
