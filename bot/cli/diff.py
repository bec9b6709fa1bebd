"""``factbot diff``: preview the alerts a change to the fact files would post.

The base at a git revision (default ``HEAD``) is compared with the working tree, exactly as the
bot compares a reloaded base with what it last announced, and the alert messages are printed.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bot.cli.options import USAGE_ERROR, add_fact_dirs, load_or_usage_error
from bot.cli.terminal import render_reply
from bot.core.changes import diff, fact_fingerprint
from bot.core.facts.loader import load_fact_base
from bot.core.replies.alert_messages import alert_messages

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot diff``."""
    parser.add_argument("--since", default="HEAD", metavar="REV",
                        help="git revision to compare with (default: HEAD)")
    parser.add_argument("--json", action="store_true",
                        help="print the channel-message payloads the bot would post")
    add_fact_dirs(parser)


def _folders_at(revision: str, facts: Path, seeds: Path, scratch: Path) -> tuple[Path, Path]:
    """Extract the fact and seed folders as they were at ``revision``; their paths there."""
    top = Path(subprocess.run(["git", "-C", str(facts), "rev-parse", "--show-toplevel"],
                              capture_output=True, text=True, check=True).stdout.strip())
    inside = [folder.resolve().relative_to(top) for folder in (facts, seeds)]
    archive = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", revision, "--",
                              *(path.as_posix() for path in inside)],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / inside[0], scratch / inside[1]


def run(args: argparse.Namespace) -> int:
    """Print the alerts; exit 1 when the working tree has problems (the bot would send none)."""
    current = load_or_usage_error(args)
    if current is None:
        return USAGE_ERROR
    if current.problems:
        for problem in current.problems:
            print(problem, file=sys.stderr)
        print(f"factbot diff: {len(current.problems)} problems: the bot would keep the last good "
              "base and post no alerts (run factbot validate)", file=sys.stderr)
        return 1
    facts, seeds = Path(args.facts), Path(args.seeds)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            old_facts, old_seeds = _folders_at(args.since, facts, seeds, Path(scratch))
        except (subprocess.CalledProcessError, ValueError) as error:
            detail = getattr(error, "stderr", b"") or str(error)
            detail = detail.decode() if isinstance(detail, bytes) else detail
            print(f"factbot diff: cannot read {args.since} from git: {detail.strip()}",
                  file=sys.stderr)
            return USAGE_ERROR
        old = load_fact_base(old_facts, old_seeds).base
    announced = {f.id: fact_fingerprint(f) for f in old.facts.values()}
    changes = diff(announced, current.base)
    messages = [*alert_messages(current.base, changes.new),
                *alert_messages(current.base, changes.updated, updated=True)]
    if args.json:
        print(json.dumps(messages, ensure_ascii=False, indent=2))
        return 0
    print(f"Since {args.since}: {len(changes.new)} new and {len(changes.updated)} updated facts "
          f"→ {len(messages)} alert message{'s' if len(messages) != 1 else ''} per subscribed "
          "channel (updates only where subscribed with updates:True).")
    for message in messages:
        sys.stdout.write("\n" + render_reply({"type": 4, "data": message}, styled=False))
    return 0
