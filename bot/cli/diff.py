"""``factbot diff``: preview the alerts a change to the fact files would post.

The base at a git revision (default ``HEAD``) is compared with the working tree, exactly as the
bot compares a reloaded base with what it last announced, and the alert messages are printed.
What was published at that revision must stay: renamed and removed ids are listed first (and are
problems, so the bot would post nothing); drafts are listed, never announced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from bot.cli.options import USAGE_ERROR, add_fact_dirs, folders_or_usage_error
from bot.cli.revision import RevisionError, folders_at, published_at
from bot.cli.terminal import render_reply
from bot.core.changes import RETRACTED_FINGERPRINT, diff, fact_fingerprint
from bot.core.facts.dates import latest_date
from bot.core.facts.factbase import FactBase
from bot.core.facts.loader import load_fact_base
from bot.core.facts.publication import Published, renamed_to
from bot.core.replies.alert_messages import alert_messages, correction_messages
from bot.core.text import counted

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot diff``."""
    parser.add_argument("--since", default="HEAD", metavar="REV",
                        help="git revision to compare with (default: HEAD)")
    parser.add_argument("--json", action="store_true",
                        help="print the channel-message payloads the bot would post")
    add_fact_dirs(parser)


def moved(published: Published, base: FactBase) -> list[str]:
    """Lines saying which published ids were renamed or removed (or made drafts again)."""
    present = {*base.entities, *base.agreements, *base.relations, *base.facts, *base.retracted}
    facts = [*base.facts.values(), *base.drafts.values()]
    lines = []
    for record_id, was in sorted(published.items()):
        if record_id in present:
            continue
        new = renamed_to(was, facts, published) if was.kind == "fact" else None
        if record_id in base.drafts:
            lines.append(f"  back to draft: {record_id} (published; a draft again)")
        elif new:
            lines.append(f"  renamed: {record_id} → {new} (would be announced as a new fact)")
        else:
            lines.append(f"  removed: {was.kind} {record_id} (published; gone)")
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the alerts; exit 1 when the working tree has problems (the bot would send none)."""
    if not folders_or_usage_error(args):
        return USAGE_ERROR
    facts, seeds = Path(args.facts), Path(args.seeds)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            old_facts, old_seeds = folders_at(args.since, facts, seeds, Path(scratch))
        except RevisionError as error:
            print(f"factbot diff: {error}", file=sys.stderr)
            return USAGE_ERROR
        old = load_fact_base(old_facts, old_seeds).base
        published = published_at(old_facts, facts) if old_facts.is_dir() else {}
    current = load_fact_base(facts, seeds, latest_date(dt.datetime.now(dt.UTC)),
                             published=published)
    changed = moved(published, current.base)
    if changed:
        print(f"Since {args.since}, published ids that changed:", file=sys.stderr)
        print("\n".join(changed), file=sys.stderr)
    if current.problems:
        for problem in current.problems:
            print(problem, file=sys.stderr)
        found = counted(len(current.problems), "problem")
        print(f"factbot diff: {found}: the bot would keep the last good base and post no alerts "
              "(run factbot validate)", file=sys.stderr)
        return 1
    announced = {f.id: fact_fingerprint(f) for f in old.facts.values()}
    announced.update(dict.fromkeys(old.retracted, RETRACTED_FINGERPRINT))
    texts: dict[str, str | None] = {f.id: f.text for f in old.facts.values()}
    changes = diff(announced, current.base, texts)
    corrections = correction_messages(current.base, changes.corrections)
    messages = [*alert_messages(current.base, changes.new),
                *alert_messages(current.base, changes.updated, updated=True), *corrections]
    if args.json:
        print(json.dumps(messages, ensure_ascii=False, indent=2))
        return 0
    drafts = sorted(current.base.drafts)
    print(f"Since {args.since}: {len(changes.new)} new and {len(changes.updated)} updated facts, "
          f"{len(changes.corrections)} correction{'s' * (len(changes.corrections) != 1)} → "
          f"{len(messages)} alert "
          f"message{'s' if len(messages) != 1 else ''} (updates only where subscribed with "
          "updates:True; corrections only to the channels that received the fact).")
    if drafts:
        print(f"{len(drafts)} draft{'s' * (len(drafts) != 1)}, not announced until published: "
              + ", ".join(drafts))
    for message in messages:
        sys.stdout.write("\n" + render_reply({"type": 4, "data": message}, styled=False))
    return 0
