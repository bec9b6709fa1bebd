"""``factbot validate``: every problem in the fact base, as ``path:line:col: CODE message``."""

from __future__ import annotations

import argparse
import json

from bot.cli.options import USAGE_ERROR, add_fact_dirs, load_or_usage_error
from bot.core.facts.loader import LoadResult
from bot.core.facts.problems import RULES, Problem

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot validate``."""
    add_fact_dirs(parser)
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text (default), json, or github (workflow annotations)")


def count(number: int, singular: str, plural: str | None = None) -> str:
    """'1 file', '2 files'."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def summary(result: LoadResult) -> str:
    """The closing line: how many problems, or what a clean base holds."""
    if result.problems:
        files = len({problem.path for problem in result.problems})
        return f"{count(len(result.problems), 'problem')} in {count(files, 'file')}"
    base = result.base
    return (f"No problems: {count(len(result.files), 'file')}, "
            f"{count(len(base.entities), 'entity', 'entities')}, "
            f"{count(len(base.agreements), 'agreement')}, "
            f"{count(len(base.relations), 'relation')}, {count(len(base.facts), 'fact')}, "
            f"{count(len(base.seeds), 'seed')}")


def _github(problem: Problem) -> str:
    title = f"{problem.code} {RULES.get(problem.code, '')}".strip()
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (f"::error file={problem.path},line={max(problem.line, 1)},"
            f"col={max(problem.column, 1)},title={title}::{message}")


def run(args: argparse.Namespace) -> int:
    """Validate and print; exit 1 when there are problems, 0 when clean, 2 on a usage error."""
    result = load_or_usage_error(args)
    if result is None:
        return USAGE_ERROR
    if args.format == "json":
        print(json.dumps({
            "ok": result.ok,
            "count": len(result.problems),
            "files": len(result.files),
            "problems": [problem.as_dict() for problem in result.problems],
        }, indent=2, ensure_ascii=False))
    else:
        render = _github if args.format == "github" else str
        for problem in result.problems:
            print(render(problem))
        print(summary(result))
    return 0 if result.ok else 1
