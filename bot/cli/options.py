"""Options and checks shared by the subcommands that read the fact base."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from bot.cli.revision import RevisionError, folders_at, published_at
from bot.core.facts.dates import latest_date
from bot.core.facts.loader import LoadResult, load_fact_base
from bot.core.i18n.catalog import set_language
from bot.core.replies.answers import Answers
from bot.core.text import counted

__all__ = ["USAGE_ERROR", "add_drafts_option", "add_fact_dirs", "add_locale",
           "folders_or_usage_error", "load_answers", "load_or_usage_error"]

USAGE_ERROR = 2


def add_locale(parser: argparse.ArgumentParser) -> None:
    """--locale, for the subcommands that print replies."""
    parser.add_argument("--locale", default="en", metavar="LOCALE",
                        help="reply in this Discord locale's language, as the bot replies to a "
                        "user whose Discord is set to it: en (default) or fr")


def add_fact_dirs(parser: argparse.ArgumentParser) -> None:
    """The --facts and --seeds options every fact-reading subcommand takes."""
    parser.add_argument("--facts", default="facts", metavar="DIR",
                        help="folder of fact files (default: facts)")
    parser.add_argument("--seeds", default="seeds", metavar="DIR",
                        help="folder of seed articles (default: seeds)")


def add_drafts_option(parser: argparse.ArgumentParser) -> None:
    """--drafts: preview draft facts as if published (the bot never serves them)."""
    parser.add_argument("--drafts", action="store_true",
                        help="preview draft facts as if they were published, marked [draft] "
                             "(the bot never serves them)")


def folders_or_usage_error(args: argparse.Namespace) -> bool:
    """True when --facts and --seeds are folders (and sets the reply language from
    --locale); else print a usage error."""
    set_language(getattr(args, "locale", None))
    for option, folder in (("--facts", args.facts), ("--seeds", args.seeds)):
        if not Path(folder).is_dir():
            print(f"factbot: error: {option} {folder}: no such folder", file=sys.stderr)
            return False
    return True


def load_or_usage_error(args: argparse.Namespace, since: str | None = None
                        ) -> LoadResult | None:
    """Load the fact base, or print a usage error when a folder (or git revision) cannot be
    read. ``since``: a git revision whose records are published, so their ids must stay."""
    if not folders_or_usage_error(args):
        return None
    today = latest_date(dt.datetime.now(dt.UTC))
    if since is None:
        return load_fact_base(args.facts, args.seeds, today)
    facts = Path(args.facts)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            old_facts, _ = folders_at(since, facts, Path(args.seeds), Path(scratch))
        except RevisionError as error:
            print(f"factbot: error: --since {error}", file=sys.stderr)
            return None
        published = published_at(old_facts, facts) if old_facts.is_dir() else {}
    return load_fact_base(args.facts, args.seeds, today, published=published)


def load_answers(args: argparse.Namespace) -> Answers | None:
    """The answering core for the fact base; problems are reported on stderr, not fatal."""
    result = load_or_usage_error(args)
    if result is None:
        return None
    if result.problems:
        found = counted(len(result.problems), "problem")
        print(f"factbot: warning: the fact base has {found} (run factbot validate); answering "
              "from the records that loaded", file=sys.stderr)
    drafts = getattr(args, "drafts", False)
    return Answers(result.base.with_drafts() if drafts else result.base)
