"""The question table (bot/bench/questions.yaml): paraphrased questions in English and French,
each with the record that must come first on /search and the short answer its first line must
show, asked through the same core the console and the bot use."""

from __future__ import annotations

from bot.bench.questions import PARTS, load_questions
from bot.core.facts.loader import LoadResult
from bot.core.text import fold

QUESTIONS = load_questions()
FRENCH = frozenset("le la les l des du qui quand pourquoi ou quel quels quelle combien est "
                   "a t elle il ils".split())


def _grams(text: str, size: int) -> set[str]:
    words = fold(text).split()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_the_table_is_large_bilingual_and_split() -> None:
    assert len(QUESTIONS) >= 40
    french = [q for q in QUESTIONS if FRENCH & set(fold(q.ask).split())]
    assert len(french) >= len(QUESTIONS) / 3
    for part in PARTS:
        assert len([q for q in QUESTIONS if q.part == part]) >= 15, part
    assert len([q for q in QUESTIONS if q.answer]) >= 20


def test_every_expected_record_exists(shipped: LoadResult) -> None:
    base = shipped.base
    for question in QUESTIONS:
        for ref in question.first:
            assert base.record(ref) is not None, (question.ask, ref)


def test_questions_are_paraphrased_not_the_wording_of_a_fact(shipped: LoadResult) -> None:
    # Names run up to four words ("Alliance of Sahel States"); five in a row is wording.
    wording = set().union(*(_grams(fact.text, 5) for fact in shipped.base.facts.values()))
    for question in QUESTIONS:
        assert not _grams(question.ask, 5) & wording, question.ask
