"""The question set: paraphrased questions in English and French with the record that must come
first (``questions.yaml`` beside this module), and how a ranking scores on it.

A ranking is any function from a question to record ids, best first; ``score`` gives its top-1
(the expected record first) and top-5 (among the first five), for the tuned and the held-out
part of the set apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = ["PARTS", "Question", "Ranking", "load_questions", "score"]

PARTS = ("tune", "held-out", "fresh")
Ranking = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Question:
    """A question, the records any of which may come first, and the short answer if any."""

    ask: str
    first: tuple[str, ...]
    answer: str | None
    part: str


def load_questions(text: str | None = None) -> list[Question]:
    """The question set (``text``: a YAML document of the same form, for tests)."""
    if text is None:
        text = (resources.files("bot.bench") / "questions.yaml").read_text("utf-8")
    rows: list[dict[str, Any]] = yaml.safe_load(text)["questions"]
    questions = []
    for row in rows:
        first = row["first"]
        if row["part"] not in PARTS:
            raise ValueError(f"{row['ask']!r}: part must be one of {PARTS}")
        questions.append(Question(str(row["ask"]), tuple([first] if isinstance(first, str)
                                                         else first),
                                  row.get("answer"), row["part"]))
    return questions


def score(ranking: Ranking, questions: Iterable[Question]) -> dict[str, dict[str, float]]:
    """Top-1 and top-5 of a ranking for each part of the set, and for all of it."""
    found: dict[str, list[tuple[bool, bool]]] = {part: [] for part in (*PARTS, "all")}
    for question in questions:
        ranked = list(ranking(question.ask))
        top1 = bool(ranked) and ranked[0] in question.first
        top5 = any(ref in question.first for ref in ranked[:5])
        found[question.part].append((top1, top5))
        found["all"].append((top1, top5))
    return {part: {"top1": round(sum(t1 for t1, _ in rows) / len(rows), 3),
                   "top5": round(sum(t5 for _, t5 in rows) / len(rows), 3),
                   "questions": len(rows)}
            for part, rows in found.items() if rows}
