"""``factbot console``: an interactive prompt that takes commands as typed in Discord, completes
names with Tab using the bot's own autocomplete, and prints replies readably.

It runs the same core as the bot, so what a maintainer previews here is what Discord receives.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli.options import USAGE_ERROR, add_fact_dirs, load_answers
from bot.cli.slash import SlashError, parse
from bot.cli.terminal import WIDTH, render_reply, terminal_width
from bot.core.replies.answers import Answers
from bot.core.replies.commands import COMMANDS

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
              "Tab completes commands and names. /quit (or Ctrl-D) leaves."]
    return "\n".join(lines) + "\n"


class ConsoleSession:
    """One console: turns typed lines into rendered replies, and offers completions."""

    def __init__(self, answers: Answers, *, styled: bool = False) -> None:
        self.answers = answers
        self.styled = styled

    def handle(self, line: str) -> str | None:
        """The text to print for one typed line (None means leave)."""
        stripped = line.strip()
        if not stripped:
            return ""
        if stripped.lstrip("/").lower() in ("quit", "exit", "q"):
            return None
        if stripped.lstrip("/").lower() in ("help", "?"):
            return command_help()
        try:
            parsed = parse(stripped)
        except SlashError as error:
            return f"{error}\n"
        payload = self.answers.answer(parsed.command.name, parsed.options)
        return render_reply(payload, styled=self.styled,
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
    answers = load_answers(args)
    if answers is None:
        return USAGE_ERROR
    interactive = sys.stdin.isatty()
    session = ConsoleSession(answers, styled=sys.stdout.isatty())
    base = answers.base
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
