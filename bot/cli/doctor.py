"""``factbot doctor``: check the configuration and say what to fix (exit 1 if anything fails)."""

from __future__ import annotations

import argparse

from bot.doctor import FAIL, diagnose

__all__ = ["add_arguments", "run"]

LABELS = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot doctor``."""
    parser.add_argument("--offline", action="store_true",
                        help="do not contact Discord (only check the token's shape)")


def run(args: argparse.Namespace) -> int:
    """Run every check with the environment ``factbot run`` would use and print the findings."""
    findings = diagnose(offline=args.offline)
    for finding in findings:
        lines = finding.message.splitlines()
        print(f"{LABELS[finding.status]}  {finding.area:<9} {lines[0]}")
        for line in lines[1:]:
            print(f"{'':16}{line}")
        if finding.fix:
            print(f"{'':16}→ {finding.fix}")
    failed = sum(f.status == FAIL for f in findings)
    print(f"\n{failed} problem{'s' if failed != 1 else ''} to fix" if failed else
          "\nall checks passed")
    return 1 if failed else 0
