"""Options and checks shared by the subcommands that read the fact base."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.core.facts.dates import latest_date
from bot.core.facts.loader import LoadResult, load_fact_base
from bot.core.replies.answers import Answers

__all__ = ["USAGE_ERROR", "add_fact_dirs", "load_answers", "load_or_usage_error"]

USAGE_ERROR = 2


def add_fact_dirs(parser: argparse.ArgumentParser) -> None:
    """The --facts and --seeds options every fact-reading subcommand takes."""
    parser.add_argument("--facts", default="facts", metavar="DIR",
                        help="folder of fact files (default: facts)")
    parser.add_argument("--seeds", default="seeds", metavar="DIR",
                        help="folder of seed articles (default: seeds)")


def load_or_usage_error(args: argparse.Namespace) -> LoadResult | None:
    """Load the fact base, or print a usage error when a folder does not exist."""
    for option, folder in (("--facts", args.facts), ("--seeds", args.seeds)):
        if not Path(folder).is_dir():
            print(f"factbot: error: {option} {folder}: no such folder", file=sys.stderr)
            return None
    return load_fact_base(args.facts, args.seeds, latest_date(dt.datetime.now(dt.UTC)))


def load_answers(args: argparse.Namespace) -> Answers | None:
    """The answering core for the fact base; problems are reported on stderr, not fatal."""
    result = load_or_usage_error(args)
    if result is None:
        return None
    if result.problems:
        print(f"factbot: warning: the fact base has {len(result.problems)} problems (run "
              "factbot validate); answering from the records that loaded", file=sys.stderr)
    return Answers(result.base)
