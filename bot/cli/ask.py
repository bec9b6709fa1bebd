"""``factbot ask``: run one command as typed in Discord and print the reply."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.console import command_help
from bot.cli.options import (
    USAGE_ERROR,
    add_drafts_option,
    add_fact_dirs,
    add_locale,
    load_answers,
)
from bot.cli.slash import SlashError, parse
from bot.cli.terminal import render_reply, terminal_width
from bot.core.i18n.catalog import set_language

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot ask``."""
    parser.add_argument("command", metavar='"/command option:value"',
                        help='a command as typed in Discord, e.g. "/country name:burkina"')
    parser.add_argument("--json", action="store_true",
                        help="print exactly the interaction response payload the bot sends")
    add_fact_dirs(parser)
    add_drafts_option(parser)
    add_locale(parser)


def run(args: argparse.Namespace) -> int:
    """Answer one command; exit 2 when it cannot be run as typed."""
    set_language(args.locale)  # before parsing: "/pays nom:mali" in French
    if args.command.strip().lstrip("/").lower() in ("help", "?"):
        sys.stdout.write(command_help())  # what the error messages point to, as in the console
        return 0
    try:
        parsed = parse(args.command)
    except SlashError as error:
        print(f"factbot ask: {error}", file=sys.stderr)
        return USAGE_ERROR
    answers = load_answers(args)
    if answers is None:
        return USAGE_ERROR
    payload = answers.answer(parsed.command.name, parsed.options)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_reply(payload, styled=sys.stdout.isatty(), width=terminal_width()))
    return 0
