"""The ``factbot`` command line: one subcommand per maintainer or operator task."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli import (
    ask,
    bench,
    complete,
    console,
    coverage,
    diff,
    doctor,
    draft,
    health,
    run,
    schema,
    seed,
    validate,
)
from bot.dotenv import apply_dotenv

__all__ = ["main"]

# Each subcommand module has add_arguments(parser) and run(args) -> exit code.
SUBCOMMANDS: dict[str, tuple[str, object]] = {
    "run": ("run the Discord bot (settings come from environment variables)", run),
    "doctor": ("check settings, token, database and fact base, and say what to fix", doctor),
    "health": ("say whether the running bot is healthy (exit 0) or not (exit 1)", health),
    "console": ("an interactive prompt taking commands as typed in Discord", console),
    "ask": ("answer one command as typed in Discord and print the reply", ask),
    "complete": ("print the autocomplete choices for a partly typed command", complete),
    "validate": ("check the fact files and seeds, listing every problem", validate),
    "coverage": ("list each seed's sentences and the facts that state them", coverage),
    "diff": ("preview the alerts a change to the fact files would post", diff),
    "seed": ("add a new article to the seeds folder (factbot seed add FILE)", seed),
    "draft": ("draft a record for each claim of an article no record quotes yet", draft),
    "schema": ("write the fact files' JSON Schema for editors (and link files to it)", schema),
    "bench": ("measure lookups, autocomplete and search beside naive baselines", bench),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="factbot", description="sahel-factbot: a source-cited Sahel fact bot.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, module) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)  # type: ignore[attr-defined]
        sub.set_defaults(run=module.run)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    args = build_parser().parse_args(argv)
    apply_dotenv(os.environ, Path(".env"))  # the environment wins over .env
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
