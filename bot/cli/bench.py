"""``factbot bench``: measure the answering core on synthetic bases beside naive baselines, and
the question set (``bot/bench/questions.yaml``) on the shipped base, alone and inside the
largest synthetic base.

Each size runs in its own process (``python -m bot.bench.answering``) so its memory is measured
alone. The table shows our figures, the baselines' on the same queries, and the ratios; the last
lines check the performance targets. Timings vary by machine: tests never assert them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any, cast

from bot.cli.options import add_fact_dirs

__all__ = ["add_arguments", "run"]

TARGETS_AT = 100_000

# One size's figures, or one measurement in them, as ``bot.bench.answering`` prints them (JSON).
Figures = dict[str, Any]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot bench``."""
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="entity counts to measure, comma-separated (default 1000,10000,"
                             "100000)")
    parser.add_argument("--queries", type=int, default=300, help="queries per figure (300)")
    parser.add_argument("--baseline-queries", type=int, default=100,
                        help="queries for the slow naive baselines (100)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    add_fact_dirs(parser)


def _measure(size: int, args: argparse.Namespace) -> Figures:
    command = [sys.executable, "-m", "bot.bench.answering", str(size), str(args.seed),
               str(args.queries), str(args.baseline_queries)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return cast(Figures, json.loads(done.stdout))


def _ask(size: int, args: argparse.Namespace) -> Figures:
    command = [sys.executable, "-m", "bot.bench.answering", "questions", str(size),
               str(args.seed), str(args.facts), str(args.seeds)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return cast(Figures, json.loads(done.stdout))


def _parts(figures: Figures) -> str:
    return "  ".join(f"{figures[part]['top1']:.2f}/{figures[part]['top5']:.2f}"
                     for part in ("all", "tune", "held-out", "fresh"))


def question_table(asked: list[Figures]) -> list[str]:
    """The question set's figures: ours beside today's ranking and a linear scan."""
    if not asked:
        return []
    lines = [f"Questions ({asked[0]['questions']} paraphrased, English and French, each with the "
             "record that must come first; top-1/top-5)",
             f"{'base':>18} {'records':>8}  {'ranking':<12} {'all':>9}  {'tuned':>9}  "
             f"{'held-out':>9}  {'fresh':>9}  {'p50/p99 ms':>11}"]
    for r in asked:
        base = "shipped" if not r["size"] else f"shipped + {r['size']:,}"
        for number, (name, key) in enumerate((("ours", "ours"), ("today's", "today"),
                                              ("linear scan", "scan"))):
            where = f"{base:>18} {r['records']:>8,}" if not number else " " * 27
            timing = _ms(r[key]) if "p99_ms" in r[key] else ""
            lines.append(f"{where}  {name:<12} {_parts(r[key])}  {timing:>11}".rstrip())
    said = [f"{part} {found}/{total}" for part, (found, total) in asked[-1]["answers"].items()]
    lines.append(f"Answer lines giving the expected short answer ({asked[-1]['records']:,} "
                 f"records): {', '.join(said)}")
    return lines


def _ms(figures: Figures) -> str:
    return f"{figures['p50_ms']:.2f}/{figures['p99_ms']:.2f}"


def _ratio(slow: Figures, fast: Figures) -> str:
    return f"×{slow['p99_ms'] / max(fast['p99_ms'], 1e-6):,.0f}"


def table(results: list[Figures], asked: list[Figures] | None = None) -> str:
    """The figures as text tables, with ratios and the targets at 100k entities."""
    lines = ["Resolve (typo queries; p50/p99 ms; top-1 = first entry offered; wrong = answered "
             "with the wrong entry)",
             f"{'size':>8} {'build s':>8} {'index MB':>9} {'peak MB':>8} │ {'ours':>11} "
             f"{'top-1':>6} {'wrong':>6} │ {'WRatio':>13} {'top-1':>6} │ {'difflib':>15} "
             f"{'top-1':>6} │ {'p99 vs WRatio':>13}"]
    for r in results:
        ours, wr, dl = (r["resolve"][k] for k in ("ours_on_baseline_queries", "wratio", "difflib"))
        lines.append(f"{r['size']:>8,} {r['build_s']:>8.2f} {r['index_mb']:>9.0f} "
                     f"{r['peak_rss_mb']:>8.0f} │ "
                     f"{_ms(r['resolve']['ours']):>11} {ours['top1']:>6.2f} {ours['wrong']:>6.2f}"
                     f" │ {_ms(wr):>13} {wr['top1']:>6.2f} │ {_ms(dl):>15} {dl['top1']:>6.2f} │ "
                     f"{_ratio(wr, r['resolve']['ours']):>13}")
    lines += ["", "Autocomplete (2–8 letter prefixes; p50/p99 ms)",
              f"{'size':>8} │ {'ours':>11} {'top-1':>6} │ {'WRatio limit 25':>15} {'top-1':>6} │ "
              f"{'p99 vs WRatio':>13}"]
    for r in results:
        ours, wr = r["autocomplete"]["ours"], r["autocomplete"]["wratio"]
        lines.append(f"{r['size']:>8,} │ {_ms(ours):>11} {ours['top1']:>6.2f} │ {_ms(wr):>15} "
                     f"{wr['top1']:>6.2f} │ {_ratio(wr, ours):>13}")
    lines += ["", "Search (three words of a fact, 30% misspelt; p50/p99 ms; hit@5)",
              f"{'size':>8} {'facts':>8} │ {'ours':>11} {'hit@5':>6} │ {'linear scan':>13} "
              f"{'hit@5':>6} │ {'p99 vs scan':>11}"]
    for r in results:
        ours, scan = r["search"]["ours"], r["search"]["naive_scan"]
        lines.append(f"{r['size']:>8,} {r['facts']:>8,} │ {_ms(ours):>11} "
                     f"{ours['hit_at_5']:>6.2f} │ {_ms(scan):>13} {scan['hit_at_5']:>6.2f} │ "
                     f"{_ratio(scan, ours):>11}")
    if asked:
        lines += ["", *question_table(asked)]
    lines += ["", *_targets(results, asked or [])]
    return "\n".join(lines)


def _targets(results: list[Figures], asked: list[Figures]) -> list[str]:
    big = next((r for r in results if r["size"] == TARGETS_AT), None)
    if big is None:
        return [f"(targets are checked at {TARGETS_AT:,} entities; add it to --sizes)"]
    resolve, wr = big["resolve"]["ours"], big["resolve"]["wratio"]
    shared = big["resolve"]["ours_on_baseline_queries"]
    checks = [
        ("autocomplete p99 ≤ 5 ms", big["autocomplete"]["ours"]["p99_ms"] <= 5,
         f"{big['autocomplete']['ours']['p99_ms']:.2f} ms"),
        ("resolve p99 ≤ 10 ms", resolve["p99_ms"] <= 10, f"{resolve['p99_ms']:.2f} ms"),
        ("resolve ≥ 20× faster than the WRatio scan (p99)",
         wr["p99_ms"] >= 20 * resolve["p99_ms"], _ratio(wr, resolve)),
        ("top-1 accuracy ≥ WRatio's", shared["top1"] >= wr["top1"],
         f"{shared['top1']:.2f} vs {wr['top1']:.2f}"),
        ("search p99 ≤ 50 ms", big["search"]["ours"]["p99_ms"] <= 50,
         f"{big['search']['ours']['p99_ms']:.2f} ms"),
    ]
    questions = next((r for r in asked if r["size"] == TARGETS_AT), None)
    if questions:
        ours, today = questions["ours"], questions["today"]
        checks += [
            ("questions: search p99 ≤ 50 ms", ours["p99_ms"] <= 50, f"{ours['p99_ms']:.2f} ms"),
            ("questions: top-1 above today's ranking, held-out and fresh parts too",
             all(ours[p]["top1"] > today[p]["top1"] for p in ("all", "held-out", "fresh")),
             ", ".join(f"{p} {ours[p]['top1']:.2f} vs {today[p]['top1']:.2f}"
                       for p in ("all", "held-out", "fresh"))),
        ]
    return [f"Targets at {TARGETS_AT:,} entities:"] + [
        f"  {'met ' if ok else 'MISSED'} {name}: {value}" for name, ok, value in checks]


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print the table (or JSON)."""
    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        print("factbot bench: --sizes takes whole numbers separated by commas", file=sys.stderr)
        return 2
    results = []
    for size in sizes:
        if not args.json:
            print(f"measuring {size:,} entities …", file=sys.stderr, flush=True)
        results.append(_measure(size, args))
    asked = []
    for size in [0, *([max(sizes)] if sizes and max(sizes) > 0 else [])]:
        if not args.json:
            print(f"asking the question set ({size:,} synthetic records added) …",
                  file=sys.stderr, flush=True)
        asked.append(_ask(size, args))
    print(json.dumps({"sizes": results, "questions": asked}, indent=2) if args.json
          else table(results, asked))
    return 0
