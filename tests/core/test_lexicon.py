"""The search lexicon (bot/core/matching/data/lexicon.yaml): checked like the fact files, and
each of its parts doing what facts/README.md says — shown on /search as a reader sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.matching.lexicon import lexicon_path, read_lexicon, shipped_lexicon
from bot.core.matching.questions import read_question
from bot.core.replies.answers import Answers

BROKEN = """\
function_words:
  en: [the, of, what]
  fr: [le, la]
questions:
  when: {en: [when], fr: [quand]}
  who: {en: [when, who]}
  whither: {en: [whither]}
words:
  - {en: [agreement, deal], fr: [accord]}
  - {en: [agreements], fr: [accords]}
  - {en: [the]}
  - {en: agreement}
causes: {follows: [because]}
"""


def test_the_shipped_lexicon_has_no_problems() -> None:
    assert read_lexicon(lexicon_path())[1] == []


def test_a_broken_lexicon_gets_one_line_per_problem(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lexicon.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    root = Path(__file__).resolve().parents[2]
    code = main(["validate", "--facts", str(root / "facts"), "--seeds", str(root / "seeds"),
                 "--lexicon", "lexicon.yaml"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines == [
        "lexicon.yaml:1:1: L007 the lexicon needs a 'names:' section",
        "lexicon.yaml:6:14: L004 'when' is already a 'when' phrase; a phrase can ask for one "
        "kind of answer only",
        "lexicon.yaml:7:3: L001 unknown questions entry 'whither'; the entries are: when, "
        "quantity, who, why, where, define",
        "lexicon.yaml:10:11: L003 'agreements' has the same stem as a word of group 1; keep it "
        "in one group",
        "lexicon.yaml:10:29: L003 'accords' has the same stem as a word of group 1; keep it in "
        "one group",
        "lexicon.yaml:11:11: L006 'the' is a function word in function_words.en: it is never "
        "searched",
        "lexicon.yaml:12:10: L002 words.en must be a list of words, like [one, two]",
        "7 problems in 1 file",
    ]


def _kind(query: str) -> str | None:
    names = {"general lecointre", "eutm mali", "wagner group", "burkina faso"}
    return read_question(query, shipped_lexicon(), names.__contains__).kind


@pytest.mark.parametrize(("query", "kind"), [
    ("When was the AES founded?", "when"), ("Quand l'AES a-t-elle été créée ?", "when"),
    ("En quelle année ?", "when"), ("How much diesel?", "quantity"),
    ("Combien de litres ?", "quantity"), ("Who runs Mali?", "who"), ("Qui dirige ?", "who"),
    ("Why did the EU stop?", "why"), ("pourquoi l'UE a suspendu", "why"),
    ("What is the fuel meant for?", "why"), ("Où se réunissent-ils ?", "where"),
    ("Where do they meet?", "where"), ("Who is General Lecointre?", "define"),
    ("Qu'est-ce que l'EUTM Mali ?", "define"), ("What is the Wagner Group called?", "define"),
    # "what is X" holds only when X is a name; otherwise the question's own word counts
    ("Who is in charge in Burkina Faso?", "who"), ("What is the Wagner deal?", None),
    # "ou" (or) is not "où" (where)
    ("le Mali ou le Niger", None),
])
def test_question_words_in_both_languages(query: str, kind: str | None) -> None:
    assert _kind(query) == kind


def _first_result(answers: Answers, query: str) -> str:
    text = answers.answer("search", {"query": query})["data"]["embeds"][0]["description"]
    return next(line for line in text.splitlines() if line.startswith("**1.**"))


FOUNDED = ("established the Confederation", "initially formed")  # either says it


@pytest.mark.parametrize(("query", "shown"), [
    # a French word is searched as its group's English words: gazole → diesel
    ("gazole", ("diesel",)),
    # "formation" is training, "formée" is formed: one stem each, in different groups
    ("formation de l'UE", ("training",)), ("l'AES formée", ("formed as a defence pact",)),
    # accents may be left out: créée and creee are the same word
    ("la Confédération a été créée", FOUNDED), ("la Confederation a ete creee", FOUNDED),
    # a phrase of several words stands for its group: "mettre en place" → establish
    ("la Confédération a été mise en place", FOUNDED),
    ("le Niger vend", ("sale of 150 million litres",)),
])
def test_french_words_find_the_english_facts(answers: Answers, query: str,
                                             shown: tuple[str, ...]) -> None:
    first = _first_result(answers, query)
    assert any(words in first for words in shown), first


def test_a_phrase_is_read_as_one_word() -> None:
    question = read_question("la Confédération a été mise en place", shipped_lexicon(),
                             lambda text: False)
    assert [word.text for word in question.words] == ["confederation", "mise en place"]
    assert {"establish", "found", "creat"} <= question.words[1].stems.keys()


def test_english_stemming_and_groups(answers: Answers) -> None:
    # Snowball: "halting" and "halted" meet; "deal" finds "agreement" through its group
    assert "halted part of its training" in _first_result(answers, "EU halting training")
    assert "diesel agreement was signed" in _first_result(answers, "who signed the diesel deal")
