"""Benchmark of the answering core at one size, beside naive baselines on the same queries.

Run as ``python -m bot.bench.answering SIZE`` (``factbot bench`` starts one process per size, so
each size's memory is measured on its own); prints one JSON object.

- resolve: typo queries on entity names; ours vs ``rapidfuzz.process.extractOne`` with ``WRatio``
  over every name and alias, and ``difflib.get_close_matches``; top-1 accuracy for each.
- autocomplete: 2–8 letter prefixes; ours vs ``process.extract(..., WRatio, limit=25)``.
- search: three words of a fact, sometimes misspelt; ours vs a linear scan counting query words
  in every fact; hit@5 = the fact is among the first five.
"""

from __future__ import annotations

import difflib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process, utils

from bot.bench.asking import ask_questions
from bot.bench.synthetic import make_typo, synthetic_base
from bot.core.replies.answers import Answers
from bot.core.text import fold
from bot.library.served import paused_gc

__all__ = ["measure"]

_R = TypeVar("_R")


def _rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource  # not Linux: fall back to the peak, which can only grow

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    return {"p50_ms": round(at(0.5), 3), "p99_ms": round(at(0.99), 3)}


def _timed(run: Callable[[str], _R], queries: Sequence[str]) -> tuple[list[_R], list[float]]:
    results: list[_R] = []
    times: list[float] = []
    for query in queries:
        start = time.perf_counter()
        results.append(run(query))
        times.append(time.perf_counter() - start)
    return results, times


def _accuracy(found: Sequence[object], expected: Sequence[object]) -> float:
    return round(sum(f == e for f, e in zip(found, expected, strict=True)) / len(expected), 4)


def _figures(run: Callable[[str], object], queries: Sequence[str],
             expected: Sequence[object], key: str) -> dict[str, float]:
    results, times = _timed(run, queries)
    return {**_percentiles(times), key: _accuracy(results, expected), "queries": len(queries)}


def _resolve_figures(run: Callable[[str], tuple[str | None, str | None]],
                     queries: Sequence[str], expected: Sequence[str]) -> dict[str, float]:
    results, times = _timed(run, queries)
    count = len(expected)
    return {
        **_percentiles(times),
        "top1": round(sum(first == e for (_, first), e in zip(results, expected,
                                                              strict=True)) / count, 4),
        "answered": round(sum(answer == e for (answer, _), e in zip(results, expected,
                                                                    strict=True)) / count, 4),
        "wrong": round(sum(answer not in (None, e) for (answer, _), e in zip(
            results, expected, strict=True)) / count, 4),
        "queries": count,
    }


def measure(size: int, seed: int = 7, queries: int = 300,
            baseline_queries: int = 100) -> dict[str, object]:
    """All figures for one base size."""
    rng = random.Random(seed + 1)
    synthetic = synthetic_base(size, seed)
    base = synthetic.base
    before = _rss_mb()
    start = time.perf_counter()
    with paused_gc():  # as the bot loads: the built indexes end up frozen for the GC
        answers = Answers(base)
    build_s = time.perf_counter() - start
    index_mb = _rss_mb() - before

    start = time.perf_counter()
    choices, owners = [], []
    for entity in base.entities.values():
        for label in (entity.name, *entity.aliases):
            choices.append(label)
            owners.append(entity.id)
    lowered = [label.lower() for label in choices]
    first_owner = {label: owner for label, owner in zip(lowered, owners, strict=True)}
    baseline_build_s = time.perf_counter() - start

    ids = rng.sample(sorted(base.entities), min(queries, len(base.entities)))
    typo_queries = [make_typo(synthetic.names[i], rng, rng.choice((1, 1, 2))) for i in ids]
    few = slice(0, min(baseline_queries, len(ids)))

    def ours(query: str) -> tuple[str | None, str | None]:
        """(the entry we answer with, or None; the first entry we would offer at all)."""
        result = answers.matcher.resolve(query)
        if result.status == "found" and result.match:
            return result.match.id, result.match.id
        offered = [m for m in result.options if m.score > 0]  # not the "most useful" fallback
        return None, offered[0].id if offered else None

    def wratio(query: str) -> str | None:
        best = process.extractOne(query, choices, scorer=fuzz.WRatio,
                                  processor=utils.default_process)
        return owners[best[2]] if best else None

    def close(query: str) -> str | None:
        found = difflib.get_close_matches(query.lower(), lowered, n=1, cutoff=0.6)
        return first_owner[found[0]] if found else None

    resolve = {
        "ours": _resolve_figures(ours, typo_queries, ids),
        "ours_on_baseline_queries": _resolve_figures(ours, typo_queries[few], ids[few]),
        "wratio": _figures(wratio, typo_queries[few], ids[few], "top1"),
        "difflib": _figures(close, typo_queries[few], ids[few], "top1"),
    }
    for name in ("wratio", "difflib"):  # a naive scan always answers: every miss is wrong
        resolve[name]["answered"] = resolve[name]["top1"]
        resolve[name]["wrong"] = round(1 - resolve[name]["top1"], 4)

    prefixes = [fold(synthetic.names[i])[: rng.randint(2, 8)] for i in ids]

    def complete(prefix: str) -> str | None:
        found = answers.matcher.complete(prefix)
        return found[0].id if found else None

    def complete_wratio(prefix: str) -> str | None:
        found = process.extract(prefix, choices, scorer=fuzz.WRatio,
                                processor=utils.default_process, limit=25)
        return owners[found[0][2]] if found else None

    autocomplete = {
        "ours": _figures(complete, prefixes, ids, "top1"),
        "wratio": _figures(complete_wratio, prefixes[few], ids[few], "top1"),
    }

    fact_ids = rng.sample(sorted(base.facts), min(queries, len(base.facts)))
    search_queries = []
    for fact_id in fact_ids:
        words = [w for w in base.facts[fact_id].text.rstrip(".").split() if len(w) > 3]
        picked = " ".join(rng.sample(words, min(3, len(words))))
        search_queries.append(make_typo(picked, rng) if rng.random() < 0.3 else picked)
    folded_texts = [(fact.id, set(fold(fact.text).split())) for fact in base.facts.values()]

    def ours_search(query: str) -> list[str]:
        return [hit.ref for hit in answers.search_index.search(query)[:5]]

    def naive_search(query: str) -> list[str]:
        words = set(fold(query).split())
        scored = sorted(folded_texts, key=lambda item: -len(words & item[1]))
        return [fact_id for fact_id, _ in scored[:5]]

    def hits(run: Callable[[str], list[str]], queries_: Sequence[str],
             expected: Sequence[str]) -> dict[str, float]:
        results, times = _timed(run, queries_)
        found = sum(e in r for r, e in zip(results, expected, strict=True))
        return {**_percentiles(times), "hit_at_5": round(found / len(expected), 4),
                "queries": len(queries_)}

    search_figures = {
        "ours": hits(ours_search, search_queries, fact_ids),
        "naive_scan": hits(naive_search, search_queries[few], fact_ids[few]),
    }
    return {
        "size": size, "facts": len(base.facts), "names": len(choices),
        "build_s": round(build_s, 3), "index_mb": round(index_mb, 1),
        "baseline_build_s": round(baseline_build_s, 3), "peak_rss_mb": round(_peak_rss_mb(), 1),
        "resolve": resolve, "autocomplete": autocomplete, "search": search_figures,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Worker entry point: ``python -m bot.bench.answering SIZE [SEED] [QUERIES] [BASELINE]``,
    or ``… questions SIZE SEED FACTS SEEDS`` for the question set (``bot.bench.asking``)."""
    given = list(argv if argv is not None else sys.argv[1:])
    if given[:1] == ["questions"]:
        size, seed, facts, seeds = given[1:5]
        print(json.dumps(ask_questions(int(size), int(seed), Path(facts), Path(seeds))))
        return 0
    print(json.dumps(measure(*[int(value) for value in given])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
