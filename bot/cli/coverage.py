"""``factbot coverage``: each seed's sentences and the facts that state them."""

from __future__ import annotations

import argparse
import json
import textwrap

from bot.cli.options import USAGE_ERROR, add_fact_dirs, load_or_usage_error
from bot.core.facts.coverage import SeedCoverage, coverage_report
from bot.core.text import counted

__all__ = ["add_arguments", "run"]

_LABELS = {"cited": "cited", "drafted": "drafted", "covered": "covered",
           "not_a_claim": "not a claim", "uncited": "UNCITED"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot coverage``."""
    add_fact_dirs(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--summary", action="store_true",
                        help="print only uncited sentences and the totals")


def _seed_text(item: SeedCoverage, only_uncited: bool) -> list[str]:
    seed = item.seed
    lines = [] if only_uncited else [f"{seed.path} — {seed.id}: {seed.title}"]
    for entry in item.sentences:
        if only_uncited and entry.status != "uncited":
            continue
        sentence = textwrap.shorten(entry.sentence.text, 90, placeholder=" …")
        lines.append(f"  line {entry.sentence.line:>3}  {_LABELS[entry.status]:<11}  {sentence}")
        if entry.status == "cited":
            detail = ", ".join(entry.facts)
        elif entry.status == "covered":
            detail = f"{'; '.join(dict.fromkeys(entry.reasons))}: {', '.join(entry.covered_by)}"
        elif entry.status == "not_a_claim":
            detail = "; ".join(dict.fromkeys(entry.reasons))
        elif entry.missing and entry.facts:
            shown = "; ".join(f"“{textwrap.shorten(text, 70, placeholder=' …')}”"
                              for text in entry.missing)
            detail = (f"quoted by {', '.join(entry.facts)}, but no quote states {shown}: quote "
                      "it (a clause opening with 'as', 'which have led …' or 'according to' in "
                      "the same quote as the clause before it), or add a coverage note")
        else:
            detail = "no fact quotes this sentence: add a fact citing it, or a coverage note"
            if only_uncited:
                lines[-1] = f"{seed.path}:{entry.sentence.line}: uncited: {sentence}"
        lines.extend(textwrap.wrap(detail, 96, break_on_hyphens=False, initial_indent=" " * 28,
                                   subsequent_indent=" " * 28))
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the coverage report; exit 1 while a claim-bearing sentence is uncited."""
    result = load_or_usage_error(args)
    if result is None:
        return USAGE_ERROR
    report = coverage_report(result.base)
    uncited = sum(item.count("uncited") for item in report)
    if args.json:
        print(json.dumps({
            "ok": uncited == 0,
            "seeds": [{"seed": item.seed.id, "path": item.seed.path,
                       "sentences": [entry.as_dict() for entry in item.sentences]}
                      for item in report],
        }, indent=2, ensure_ascii=False))
        return 0 if uncited == 0 else 1
    for item in report:
        lines = _seed_text(item, args.summary)
        if lines:
            print("\n".join(lines))
            if not args.summary:
                print()
    totals = {status: sum(item.count(status) for item in report) for status in _LABELS}
    print(f"Coverage: {len(report)} seeds, {sum(totals.values())} sentences — "
          f"{totals['cited']} cited by records, {totals['drafted']} by drafts, "
          f"{totals['covered']} covered by the body, "
          f"{totals['not_a_claim']} not claims, {totals['uncited']} uncited")
    if result.problems:
        found = counted(len(result.problems), "problem")
        print(f"(the fact base has {found}; run factbot validate)")
    return 0 if uncited == 0 else 1
