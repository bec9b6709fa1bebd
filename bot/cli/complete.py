"""``factbot complete``: the autocomplete choices for the option being typed last."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.options import (
    USAGE_ERROR,
    add_drafts_option,
    add_fact_dirs,
    add_locale,
    load_answers,
)
from bot.cli.slash import SlashError, parse
from bot.cli.terminal import render_choices
from bot.core.i18n.catalog import set_language
from bot.core.replies.markup import autocomplete_payload

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot complete``."""
    parser.add_argument("command", metavar='"/command option:partial"',
                        help='a partly typed command, e.g. "/country name:burk"')
    parser.add_argument("--json", action="store_true",
                        help="print exactly the autocomplete payload the bot sends")
    add_fact_dirs(parser)
    add_drafts_option(parser)
    add_locale(parser)


def run(args: argparse.Namespace) -> int:
    """Print the choices; exit 2 when the command or option cannot autocomplete."""
    set_language(args.locale)  # before parsing: "/pays nom:mali" in French
    try:
        parsed = parse(args.command, completing=True)
    except SlashError as error:
        print(f"factbot complete: {error}", file=sys.stderr)
        return USAGE_ERROR
    option = parsed.command.option(parsed.focused or "")
    if option is None or option.complete is None:
        print(f"factbot complete: /{parsed.command.name} has no option that autocompletes "
              "here", file=sys.stderr)
        return USAGE_ERROR
    answers = load_answers(args)
    if answers is None:
        return USAGE_ERROR
    value = str(parsed.options.get(option.name, ""))
    choices = answers.choices(parsed.command.name, option.name, value)
    print(json.dumps(autocomplete_payload(choices), ensure_ascii=False, indent=2) if args.json
          else render_choices(choices), end="" if not args.json else "\n")
    return 0
