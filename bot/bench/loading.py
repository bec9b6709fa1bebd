"""Benchmark of loading a large fact base, beside the naive way (parse everything, every time).

``python -m bot.bench.loading [--facts 100000]`` writes a synthetic fact folder (see
``factfolder``), then measures, each start in a fresh process as the bot would start:

- naive: ``load_fact_base`` + ``Answers`` from scratch — what every start and every reload
  cost before the caches (a reload re-parsed the whole base);
- a cold start with empty caches (it fills them), a start with nothing changed (snapshot), a
  start with the snapshot deleted (parse cache only), and a start with corrupt cache entries;
- a reload after editing one file, in a running library;
- ``factbot validate`` on the whole folder (no caches: the validator always checks everything).

Prints a table, or JSON with ``--json``. Timings vary by machine: tests never assert them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

from bot.bench.factfolder import write_fact_folder

__all__ = ["main", "report"]

ROOT = Path(__file__).resolve().parents[2]

# The benchmark's figures, and each measuring process's, as JSON.
Figures = dict[str, Any]
_START = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from bot.library.served import FactLibrary
cache = Path(sys.argv[3]) if sys.argv[3] != "-" else None
library = FactLibrary(Path(sys.argv[1]), Path(sys.argv[2]), cache, snapshot_writer=False)
ready = time.perf_counter() - started
if cache and sys.argv[4] == "save":
    library.save_snapshot()
s = library.loader.stats
print(json.dumps({"ready_s": ready, "load_s": library.load_seconds, "facts": library.fact_count,
                  "parsed": s.parsed, "cached": s.cached, "reused": s.reused,
                  "corrupt": library.parse_cache.corrupt if library.parse_cache else 0}))
"""
_NAIVE = """
import json, sys, time
started = time.perf_counter()
from bot.core.replies.answers import Answers
from bot.core.facts.loader import load_fact_base
result = load_fact_base(sys.argv[1], sys.argv[2])
Answers(result.base)
print(json.dumps({"ready_s": time.perf_counter() - started, "facts": len(result.base.facts)}))
"""
_RELOAD = """
import json, sys, time
from pathlib import Path
from bot.library.served import FactLibrary
library = FactLibrary(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                      snapshot_writer=False)
edited = Path(sys.argv[4])
times = []
for attempt in range(3):
    text = edited.read_text()
    edited.write_text(text.replace(" in ", " during ", 1) if attempt % 2 == 0
                      else text.replace(" during ", " in ", 1))
    started = time.perf_counter()
    outcome = library.reload()
    times.append(time.perf_counter() - started)
    assert outcome.applied
hits = library.answers.search_index.search("during")
print(json.dumps({"reload_s": sorted(times)[1], "found_edit": bool(hits)}))
"""


def _python(script: str, *args: object) -> Figures:
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return cast(Figures, json.loads(done.stdout.strip().splitlines()[-1]))


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, cwd=ROOT, check=True)  # the base is clean
    return time.perf_counter() - started


def measure(facts: int, work: Path) -> Figures:
    """Every figure of the benchmark for a base of ``facts`` facts, written under ``work``."""
    facts_dir, seeds_dir = write_fact_folder(work / "base", facts, ROOT / "seeds")
    size = sum(p.stat().st_size for p in facts_dir.rglob("*.yaml"))
    files = sum(1 for _ in facts_dir.rglob("*.yaml"))
    cache = work / "cache"
    figures: Figures = {"facts": facts, "files": files, "yaml_mb": size / 1e6}
    figures["naive"] = _python(_NAIVE, facts_dir, seeds_dir)
    figures["cold"] = _python(_START, facts_dir, seeds_dir, cache, "save")
    figures["warm"] = _python(_START, facts_dir, seeds_dir, cache, "-")
    snapshot = cache / "snapshot.pickle"
    kept = snapshot.read_bytes()
    snapshot.unlink()
    figures["parse_cache"] = _python(_START, facts_dir, seeds_dir, cache, "-")
    entries = sorted((cache / "parsed").glob("*.pickle"))
    for entry in entries[: max(1, len(entries) // 10)]:  # a tenth of the cache damaged
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
    figures["corrupt"] = _python(_START, facts_dir, seeds_dir, cache, "-")
    snapshot.write_bytes(kept)
    edited = sorted((facts_dir / "statements").rglob("*.yaml"))[len(entries) // 2]
    figures["reload"] = _python(_RELOAD, facts_dir, seeds_dir, cache, edited)
    figures["validate_s"] = _timed([sys.executable, "-m", "bot", "validate", "--facts",
                                    str(facts_dir), "--seeds", str(seeds_dir)])
    figures["cache_mb"] = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6
    return figures


def report(f: Figures) -> str:
    """The figures as a table, with the ratios against the naive load."""
    naive = f["naive"]["ready_s"]

    def row(name: str, seconds: float, note: str = "") -> str:
        return f"  {name:<44} {seconds:>8.2f} s  ×{naive / max(seconds, 1e-9):>6.1f}  {note}"

    lines = [f"Loading: {f['facts']:,} facts in {f['files']:,} files ({f['yaml_mb']:.0f} MB of "
             f"YAML); caches {f['cache_mb']:.0f} MB",
             f"  {'':<44} {'time':>10}  {'vs naive':>7}",
             row("naive: parse and index everything", naive, "(every start and every reload)"),
             row("start, empty caches (fills them)", f["cold"]["ready_s"],
                 f"{f['cold']['parsed']} files parsed"),
             row("start, nothing changed (snapshot)", f["warm"]["ready_s"], "target ≤ 2 s"),
             row("start, snapshot deleted (parse cache)", f["parse_cache"]["ready_s"],
                 f"{f['parse_cache']['cached']} files from the cache"),
             row("start, a tenth of the parse cache corrupt", f["corrupt"]["ready_s"],
                 f"{f['corrupt']['corrupt']} entries detected and rebuilt"),
             row("reload after editing one file", f["reload"]["reload_s"],
                 "target ≤ 0.5 s" + ("" if f["reload"]["found_edit"] else "  EDIT NOT SERVED")),
             row("factbot validate (whole base, no cache)", f["validate_s"], "target ≤ 30 s")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON)."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.loading", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=100_000, help="facts to load (100000)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="factbot-loading-"))
    try:
        figures = measure(args.facts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=1) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
