"""``factbot validate``: every problem in the fact base and in the search lexicon, as
``path:line:col: CODE message``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from bot.cli.options import USAGE_ERROR, add_fact_dirs, load_or_usage_error
from bot.core.facts.loader import LoadResult
from bot.core.facts.problems import RULES, Problem
from bot.core.matching.lexicon import LEXICON_RULES, lexicon_path, read_lexicon

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot validate``."""
    add_fact_dirs(parser)
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text (default), json, or github (workflow annotations)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on drafts too (for CI before a release)")
    parser.add_argument("--since", metavar="REV",
                        help="git revision whose records are published (e.g. origin/main): "
                             "their ids must stay")
    parser.add_argument("--lexicon", type=Path, default=None, metavar="FILE",
                        help="the search lexicon to check (default: the one the bot uses)")


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
            f"{count(len(base.seeds), 'seed')}"
            + (f"; {count(len(base.retracted), 'retracted fact')}" if base.retracted else ""))


def draft_lines(result: LoadResult, *, strict: bool, github: bool) -> list[str]:
    """The drafts left, one line each (a GitHub annotation with ``github``), after a heading."""
    drafts = sorted(result.base.drafts.values(),
                    key=lambda fact: (fact.where.path, fact.where.line))
    if not drafts:
        return []
    how = "fail --strict" if strict else "are not published (--strict fails on them)"
    lines = [f"{count(len(drafts), 'draft')} {how}:"]
    for fact in drafts:
        where = fact.where
        missing = "" if fact.text else " (no text yet)"
        if github:
            level = "error" if strict else "notice"
            lines.append(f"::{level} file={where.path},line={where.line},col={where.column},"
                         f"title=draft::'{fact.id}' is a draft{missing}: not served nor "
                         "announced until its 'status: draft' line is removed")
        else:
            lines.append(f"  {where.path}:{where.line}:{where.column}: {fact.id}{missing}")
    return lines


def _github(problem: Problem) -> str:
    title = f"{problem.code} {RULES.get(problem.code, LEXICON_RULES.get(problem.code, ''))}"
    title = title.strip()
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (f"::error file={problem.path},line={max(problem.line, 1)},"
            f"col={max(problem.column, 1)},title={title}::{message}")


def run(args: argparse.Namespace) -> int:
    """Validate and print; exit 1 when there are problems, 0 when clean, 2 on a usage error."""
    result = load_or_usage_error(args, since=args.since)
    if result is None:
        return USAGE_ERROR
    lexicon = args.lexicon or lexicon_path()
    if lexicon.is_absolute() and lexicon.is_relative_to(Path.cwd()):
        lexicon = lexicon.relative_to(Path.cwd())  # as a maintainer would type it
    if not lexicon.is_file():
        print(f"factbot: error: --lexicon {lexicon}: no such file", file=sys.stderr)
        return USAGE_ERROR
    result = dataclasses.replace(result, problems=[*result.problems,
                                                   *read_lexicon(lexicon)[1]])
    drafts = result.base.drafts
    ok = result.ok and not (args.strict and drafts)
    if args.format == "json":
        print(json.dumps({
            "ok": ok,
            "count": len(result.problems),
            "files": len(result.files),
            "problems": [{**problem.as_dict(), "rule": RULES.get(problem.code) or
                          LEXICON_RULES.get(problem.code, "")} for problem in result.problems],
            "drafts": [{"id": fact.id, "path": fact.where.path, "line": fact.where.line,
                        "column": fact.where.column} for fact in drafts.values()],
        }, indent=2, ensure_ascii=False))
    else:
        render = _github if args.format == "github" else str
        for problem in result.problems:
            print(render(problem))
        for line in draft_lines(result, strict=args.strict, github=args.format == "github"):
            print(line)
        print(summary(result))
    return 0 if ok else 1
