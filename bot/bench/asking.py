"""The question set asked of the shipped fact base, alone and inside a large synthetic base:
top-1 and top-5 of our ranking beside today's (``search_before``) and a linear scan, and how
often the reply's first line gives the expected short answer.

Run as ``python -m bot.bench.answering questions SIZE SEED FACTS SEEDS`` (``factbot bench``
does): SIZE synthetic entities and facts are added to the shipped base (0: the shipped base
alone), so the questions must find their records among SIZE others that share their words
("agreement", "financing", years …). Prints one JSON object.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.bench.questions import PARTS, Question, load_questions, score
from bot.bench.search_before import SearchBefore
from bot.bench.synthetic import synthetic_base
from bot.core.facts.factbase import FactBase
from bot.core.facts.loader import load_fact_base
from bot.core.replies.answers import Answers
from bot.core.text import fold
from bot.library.served import paused_gc

__all__ = ["ask_questions", "merged_base"]


def merged_base(shipped: FactBase, size: int, seed: int) -> FactBase:
    """The shipped base with ``size`` synthetic entities and facts added."""
    if not size:
        return shipped
    synthetic = synthetic_base(size, seed).base
    return FactBase.build([*shipped.entities.values(), *synthetic.entities.values()],
                          shipped.agreements.values(), shipped.relations.values(),
                          [*shipped.facts.values(), *synthetic.facts.values()],
                          shipped.seeds, shipped.coverage)


def _timed(ranking: Callable[[str], Sequence[str]],
           questions: Sequence[Question]) -> tuple[dict[str, dict[str, float]], list[float]]:
    times: list[float] = []
    ranked: dict[str, Sequence[str]] = {}
    for question in questions:
        started = time.perf_counter()
        ranked[question.ask] = ranking(question.ask)
        times.append(time.perf_counter() - started)
    return score(ranked.__getitem__, questions), times


def _ms(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 3)}


def ask_questions(size: int, seed: int, facts: Path, seeds: Path) -> dict[str, object]:
    """The question set's figures on the shipped base plus ``size`` synthetic records."""
    questions = load_questions()
    base = merged_base(load_fact_base(facts, seeds).base, size, seed)
    with paused_gc():
        answers = Answers(base)
    search = answers.search_index
    ours, times = _timed(lambda query: [hit.ref for hit in search.search(query)], questions)
    said: dict[str, list[bool]] = {part: [] for part in PARTS}
    for question in questions:
        if question.answer:
            reply = answers.answer("search", {"query": question.ask})
            first = reply["data"]["embeds"][0].get("description", "").splitlines()[0]
            said[question.part].append(first.startswith("**Answer:**")
                                       and question.answer in first)
    before = SearchBefore(base, answers.names)
    today, today_times = _timed(before.search, questions)
    texts = [(fact.id, set(fold(fact.text).split())) for fact in base.facts.values()]

    def scan(query: str) -> list[str]:
        words = set(fold(query).split())
        return [ref for ref, _ in sorted(texts, key=lambda item: -len(words & item[1]))[:5]]

    linear, scan_times = _timed(scan, questions)
    return {
        "size": size, "records": len(base.facts) + len(base.relations) + len(base.agreements),
        "questions": len(questions), "ours": {**ours, **_ms(times)},
        "answers": {part: [sum(found), len(found)] for part, found in said.items()},
        "today": {**today, **_ms(today_times)}, "scan": {**linear, **_ms(scan_times)},
    }
