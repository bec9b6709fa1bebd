"""The question table (bot/bench/questions.yaml): paraphrased questions in English and French,
each with the record that must come first on /search and the short answer its first line must
show, asked through the same core the console and the bot use."""

from __future__ import annotations

import re

import pytest

from bot.bench.questions import PARTS, Question, load_questions
from bot.core.facts.factbase import FactBase
from bot.core.facts.loader import LoadResult
from bot.core.facts.model import Fact, Relation
from bot.core.replies.answers import Answers
from bot.core.text import escape, fold
from tests.discord_limits import payload_problems

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
    # Four words in a row may be a name ("Alliance of Sahel States") or a list of names
    # ("Mali, Niger and Burkina Faso"); five in a row, names aside, is a fact's wording.
    base = shipped.base
    names = sorted({fold(label) for record in (*base.entities.values(),
                                               *base.agreements.values())
                    for label in (record.name, *record.aliases)}, key=len, reverse=True)

    def unnamed(text: str) -> str:
        text = f" {fold(text)} "
        for name in names:
            text = text.replace(f" {name} ", " NAME ")
        return text

    wording = set().union(*(_grams(unnamed(fact.text), 5) for fact in base.facts.values()))
    for question in QUESTIONS:
        assert not _grams(unnamed(question.ask), 5) & wording, question.ask


def _description(answers: Answers, query: str, page: int = 1) -> tuple[str, str]:
    """The reply's text and footer ("" for a notice, which has none: nothing matched)."""
    payload = answers.answer("search", {"query": query, "page": page})
    assert payload_problems(payload) == [], payload
    embed = payload["data"]["embeds"][0]
    return embed["description"], embed.get("footer", {}).get("text", "")


def _shows(base: FactBase, ref: str, line: str) -> bool:
    """Whether a result line is the record ``ref`` as a reader would recognise it: a fact by
    its text, a relation by the names it links, an agreement by its name."""
    record = base.record(ref)
    if isinstance(record, Fact):
        return escape(record.text) in line
    if isinstance(record, Relation):
        other = record.by or base.name_of(record.object or "")
        return line.find(escape(base.name_of(record.subject))) < line.find(escape(other)) \
            and escape(base.name_of(record.subject)) in line
    return record is not None and escape(record.name) in line


def _passes(answers: Answers, base: FactBase, question: Question) -> tuple[bool, bool]:
    """(the expected record is listed first, the first line gives the expected answer)."""
    text, _ = _description(answers, question.ask)
    lines = text.splitlines()
    first = next((line for line in lines if line.startswith("**1.**")), "")
    top = any(_shows(base, ref, first) for ref in question.first)
    said = question.answer is None or (lines[0].startswith("**Answer:**")
                                       and question.answer in lines[0])
    return top, said


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.part == "tune"],
                         ids=lambda q: q.ask)
def test_the_right_record_comes_first_with_its_answer(answers: Answers, shipped: LoadResult,
                                                      question: Question) -> None:
    assert _passes(answers, shipped.base, question) == (True, True)


@pytest.mark.parametrize(("part", "first", "answered"), [("held-out", 0.85, 0.85),
                                                         ("fresh", 0.85, 0.7)])
def test_questions_never_tuned_on_mostly_pass(answers: Answers, shipped: LoadResult, part: str,
                                              first: float, answered: float) -> None:
    """The parts never tuned on guard against a ranking fitted to the tuned questions only.
    When first measured: held-out 27 of 27 first and 16 of 16 answers; fresh 18 of 20 first
    and 9 of 12 answers (10 once "who" also read whose view a record is; see the README)."""
    asked = [q for q in QUESTIONS if q.part == part]
    results = [_passes(answers, shipped.base, q) for q in asked]
    assert sum(top for top, _ in results) >= first * len(asked)
    with_answer = [said for q, (_, said) in zip(asked, results, strict=True) if q.answer]
    assert sum(with_answer) >= answered * len(with_answer)


def test_the_answer_line_says_only_what_a_listed_record_says(answers: Answers,
                                                             shipped: LoadResult) -> None:
    shown = 0
    for question in QUESTIONS:
        text, _ = _description(answers, question.ask)
        first, *rest = text.splitlines()
        if not first.startswith("**Answer:**"):
            continue
        shown += 1
        value = re.search(r"\*\*Answer:\*\* (?:\*[^*]+\* )?\*\*(.+?)\*\* — ", first)
        assert value, first
        listed = "\n".join(rest)
        assert value[1] in listed, (question.ask, value[1])  # the record's own words
        assert re.search(r" \[\d\]$", first), first  # cited like any line
        # whose view it is, as on the record's own line
        for line in rest:
            marker = re.match(r"\*\*\d+\.\*\* (\*[^*]+:\*) (.*)", line)
            if marker and marker[2][:60] in first:
                assert marker[1] in first, (question.ask, first)
    assert shown >= 30


@pytest.mark.parametrize("query", ["is Wagner in Mali", "When did Russia sign the diesel deal?",
                                   "How many soldiers does France have in Niger?",
                                   "Did ECOWAS lift its sanctions?"])
def test_no_answer_line_when_no_record_answers(answers: Answers, query: str) -> None:
    text, _ = _description(answers, query)
    assert not text.startswith("**Answer:**")


@pytest.mark.parametrize(("query", "word", "pages"), [
    ("is Wagner in Mali", "Wagner", 1),
    ("how much diesel is Niger selling to Mali?", "diesel", 2),
    ("Qui dirige le Mali ?", "junta", 1),
])
def test_no_page_is_padded(answers: Answers, query: str, word: str, pages: int) -> None:
    """Every listed record is about what was asked, and the page count is the true one."""
    listed: list[str] = []
    for page in range(1, pages + 1):
        text, footer = _description(answers, query, page)
        assert footer.endswith(f"page {page} of {pages}" + (
            f" · add page:{page + 1} to /search for more" if page < pages else ""))
        items = [line for line in text.splitlines() if re.match(r"\*\*\d+\.\*\*", line)]
        assert items and (page == pages or len(items) == 5)
        listed += items
    assert all(word in line for line in listed), listed
    beyond = answers.answer("search", {"query": query, "page": pages + 1})
    assert "only" in beyond["data"]["embeds"][0]["description"]


def test_every_page_count_is_true(answers: Answers) -> None:
    for question in QUESTIONS:
        _, footer = _description(answers, question.ask)
        if not footer:
            continue  # nothing matched: a notice says so
        pages = int(re.search(r"page 1 of (\d+)", footer)[1])
        last, _ = _description(answers, question.ask, pages)
        assert re.search(r"\*\*\d+\.\*\*", last), question.ask
        assert "only" in answers.answer("search", {"query": question.ask, "page": pages + 1})[
            "data"]["embeds"][0]["description"]
