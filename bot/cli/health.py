"""``factbot health``: is the running bot healthy? Exit 0 if so, 1 if not (a healthcheck)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.health import judge_health, read_health
from bot.settings import Settings, SettingsError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot health``."""
    parser.add_argument("--file", type=Path, metavar="PATH",
                        help="the health file to read (default: the one `factbot run` writes "
                             "with the same environment, DATA_DIR/health.json)")
    parser.add_argument("--json", action="store_true", help="print the raw report")


def run(args: argparse.Namespace) -> int:
    """Read the health file the bot writes and judge it."""
    path = args.file
    if path is None:
        try:
            # Only DATA_DIR (and SHARD_IDS) decide the file; the token is not needed to read it.
            environ = {**os.environ, "DISCORD_TOKEN": os.environ.get("DISCORD_TOKEN") or "-"}
            path = Settings.from_env(environ).health_file
        except SettingsError as error:
            for problem in error.problems:
                print(f"factbot health: {problem}", file=sys.stderr)
            return 2
    report = read_health(path)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    verdict = judge_health(report)
    print(("healthy" if verdict.healthy else "UNHEALTHY") + f" ({path})")
    for line in verdict.lines:
        print(f"  {line}")
    return 0 if verdict.healthy else 1
