"""``factbot draft SEED``: draft a record for each claim of an article no record quotes yet.

Writes ``facts/statements/<seed>.yaml`` (or adds to it: only what is still uncovered, at the end
of its ``facts:`` list, leaving every byte already there as it was) and lists the names the base
does not know. Each draft has ``status: draft``: validated, never served nor announced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from bot.cli.options import USAGE_ERROR, add_fact_dirs, folders_or_usage_error
from bot.core.drafting.drafts import SeedDrafts, draft_seed
from bot.core.drafting.emit import AppendError, add_records, new_file
from bot.core.facts.factbase import FactBase
from bot.core.facts.jsonschema import SCHEMA_NAME
from bot.core.facts.loader import load_fact_base
from bot.core.replies.answers import Answers
from bot.core.text import counted

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot draft``."""
    parser.add_argument("seed", metavar="SEED",
                        help="the seed's id (or its .txt or .meta.yaml file)")
    parser.add_argument("--added", metavar="YYYY-MM-DD",
                        help="the 'added' date of the drafts (default: today)")
    add_fact_dirs(parser)


def _seed_id(base: FactBase, given: str) -> str | None:
    if given in base.seeds:
        return given
    name = Path(given).name.removesuffix(".txt").removesuffix(".meta.yaml")
    for seed in base.seeds.values():
        if Path(seed.path).name.removesuffix(".txt") == name:
            return seed.id
    return None


def _report(drafts: SeedDrafts, path: Path, created: bool) -> None:
    records = drafts.records
    what = "Wrote" if created else "Added"
    print(f"{what} {len(records)} draft{'s' * (len(records) != 1)} "
          f"{'to' if created else 'at the end of'} {path.as_posix()}"
          if records else f"Nothing to draft: every claim of '{drafts.seed.id}' is quoted "
          "by a record or a draft.")
    if records:
        print("Next: write each draft's text in your own words and delete its 'status: draft' "
              "line; factbot validate lists the drafts left.")
    if drafts.candidates:
        print("Names the fact base does not know (stubs are in the file's comments):")
        for candidate in drafts.candidates:
            print(f"  line {candidate.line}: {candidate.name}")
    if drafts.headings:
        print("Lines that are no claim of their own (add a coverage note): "
              + "; ".join(f"line {sentence.line}" for sentence in drafts.headings))


def run(args: argparse.Namespace) -> int:
    """Write the drafts; exit 1 when the file cannot take them, 2 on a usage error."""
    if not folders_or_usage_error(args):
        return USAGE_ERROR
    try:
        added = dt.date.fromisoformat(args.added) if args.added else dt.date.today()
    except ValueError:
        print(f"factbot draft: --added {args.added}: write it as YYYY-MM-DD", file=sys.stderr)
        return USAGE_ERROR
    result = load_fact_base(args.facts, args.seeds)
    seed_id = _seed_id(result.base, args.seed)
    if seed_id is None:
        print(f"factbot draft: '{args.seed}' is not a seed in {args.seeds}; add the article "
              "with factbot seed add FILE", file=sys.stderr)
        return USAGE_ERROR
    base = result.base
    answers = Answers(base)
    drafts = draft_seed(base, seed_id, answers.search_index.mentioned,
                        lambda folded: folded in answers.names.exact)
    folder = Path(args.facts) / "statements"
    path = folder / f"{seed_id}.yaml"
    if path.exists():
        text = path.read_text("utf-8")
        try:
            updated = add_records(text, path.as_posix(), drafts, added)
        except AppendError as error:
            print(f"factbot draft: {error}; nothing was written", file=sys.stderr)
            return 1
        if drafts.records:
            path.write_text(updated, encoding="utf-8")
        _report(drafts, path, created=False)
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    schema = Path(args.facts) / SCHEMA_NAME
    reference = os.path.relpath(schema, folder).replace(os.sep, "/") if schema.exists() else None
    path.write_text(new_file(drafts, added, reference), encoding="utf-8")
    _report(drafts, path, created=True)
    if result.problems:
        found = counted(len(result.problems), "problem")
        print(f"(the fact base has {found}; run factbot validate)")
    return 0
