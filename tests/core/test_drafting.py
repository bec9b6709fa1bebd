"""Drafting an article's facts: quotes exact and YAML-safe, subjects, dates and stances from the
quote's own words, and drafting again adding only what is still uncovered."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator

from bot.core.drafting.cues import STANCE_OF_CUE, stance_of, when_in
from bot.core.drafting.drafts import draft_seed
from bot.core.drafting.emit import AppendError, add_records, new_file
from bot.core.facts.faithfulness import CUES
from bot.core.facts.jsonschema import fact_file_schema
from bot.core.facts.loader import load_fact_base
from bot.core.facts.seeds import normalise_quote
from bot.core.replies.answers import Answers
from tests.conftest import FIXTURES, ROOT

ADDED = dt.date(2026, 12, 1)
SEED = "aes-joint-force"


@pytest.fixture
def folders(tmp_path):
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(FIXTURES / "articles" / "aes-joint-force.txt", tmp_path / "seeds" / f"{SEED}.txt")
    (tmp_path / "seeds" / f"{SEED}.meta.yaml").write_text(
        f'id: {SEED}\ntitle: "AES launches joint force and a common passport"\n', "utf-8")
    return tmp_path / "facts", tmp_path / "seeds"


def drafts_of(facts, seeds, seed_id=SEED):
    base = load_fact_base(facts, seeds).base
    answers = Answers(base)
    return draft_seed(base, seed_id, answers.search_index.mentioned,
                      lambda folded: folded in answers.names.exact)


def test_every_validator_cue_has_a_stance():
    assert set(CUES) <= set(STANCE_OF_CUE)


@pytest.mark.parametrize(("quote", "stance", "who"), [
    ("The AES launched a force, according to a statement from the confederation",
     "claim", "a statement from the confederation"),
    ("General Tiani, Niger's head of state, said the force was ready",
     "claim", "General Tiani, Niger's head of state"),
    ("The force will be ready next year, officials said", "claim", "officials"),
    ("The passport is expected to ease travel between the member states", "assessment", None),
    ("The force could struggle to fund its operations", "assessment", None),
    ("Some analysts believe the force could struggle", "opinion", "Some analysts"),
    ("This meeting aims to enhance collaboration", "aspiration", None),
    ("Mali and Niger signed the agreement in March", "reported", None),
])
def test_stances_come_from_the_quotes_words(quote, stance, who):
    found = stance_of(quote)
    assert (found.stance, found.according_to) == (stance, who)


def test_an_opinion_without_a_named_holder_is_left_as_an_assessment_to_check():
    found = stance_of("There are calls for a new force")
    assert found.stance == "assessment" and "according_to" in (found.note or "")


@pytest.mark.parametrize(("text", "when"), [
    ("on Saturday, December 20, 2025, in Niamey", "2025-12-20"),
    ("in January 2025, replacing the passport", "2025-01"),
    ("established in 2023 by the nations", "2023"),
    ("coups occurring from 2020 to 2023", "2020 to 2023"),
    ("in Moscow from Thursday to Friday", "Thursday to Friday"),
    ("until May 24 to decide", "May 24"),
    ("a bank was established in March", "March"),
    ("a force of 5,000 troops", None),
    ("the ministers may meet again", None),
])
def test_dates_are_as_precise_as_the_text(text, when):
    assert when_in(text) == when


def test_drafts_quote_each_uncited_clause_with_subjects_date_and_stance(folders):
    drafts = drafts_of(*folders)
    by_quote = {record.quote: record for record in drafts.records}
    first = by_quote["The Alliance of Sahel States launched a joint force of 5,000 troops in "
                     "Niamey on Saturday, December 20, 2025, according to a statement from the "
                     "confederation"]
    assert (first.about, first.when, first.stance.stance, first.stance.according_to) == (
        ("aes",), "2025-12-20", "claim", "a statement from the confederation")
    passport = by_quote["The three countries began issuing a common AES passport in January "
                        "2025, replacing the ECOWAS passport"]
    assert (passport.about, passport.when) == (("aes", "ecowas"), "2025-01")
    assert "The force will fight jihadist groups in Mali, Burkina Faso and Niger" in by_quote
    assert by_quote["The force will fight jihadist groups in Mali, Burkina Faso and Niger"
                    ].about == ("mali", "burkina-faso", "niger")
    assert [s.line for s in drafts.headings] == [1, 2]  # headline and byline: no drafts
    assert [c.name for c in drafts.candidates] == ["Sahel Wire", "Niamey",
                                                   "General Abdourahamane Tiani"]
    assert drafts.candidates[2].kind == "person"


def test_written_drafts_validate_and_every_quote_loads_back_byte_identical(folders):
    facts, seeds = folders
    drafts = drafts_of(facts, seeds)
    path = facts / "statements" / f"{SEED}.yaml"
    path.write_text(new_file(drafts, ADDED), "utf-8")
    result = load_fact_base(facts, seeds)
    assert result.problems == []
    assert sorted(result.base.drafts) == sorted(record.id for record in drafts.records)
    schema = Draft202012Validator(fact_file_schema())  # what an editor checks while typing
    assert list(schema.iter_errors(yaml.safe_load(path.read_text("utf-8")))) == []
    loaded = yaml.safe_load(path.read_text("utf-8"))["facts"]
    article = (seeds / f"{SEED}.txt").read_text("utf-8")
    for record, written in zip(drafts.records, loaded, strict=True):
        assert written["source"]["quote"] == record.quote
        assert record.quote in article  # the article's own characters, not a normalised copy
    quoted = [r.quote for r in drafts.records if '"' in r.quote]
    assert quoted and all('\\"' in path.read_text("utf-8") for _ in quoted)


@pytest.mark.parametrize("quote", ['He said "no": #1', "l'AES — « oui »", "a\\b", "x\u2028y",
                                   "tab\there", "yes", "2025-01-02", "- [x]: {y}"])
def test_any_quote_round_trips(folders, quote):
    drafts = drafts_of(*folders)
    record = drafts.records[0]
    drafts.records[:] = [type(record)(record.id, quote, record.about, record.about_from,
                                      record.when, record.stance, record.line)]
    loaded = yaml.safe_load(new_file(drafts, ADDED))["facts"][0]["source"]["quote"]
    assert loaded == quote


def test_drafting_again_adds_only_what_is_uncovered_and_keeps_the_maintainers_bytes(folders):
    facts, seeds = folders
    path = facts / "statements" / f"{SEED}.yaml"
    path.write_text(new_file(drafts_of(facts, seeds), ADDED), "utf-8")
    assert drafts_of(facts, seeds).records == []  # its own drafts count as quotes
    # The maintainer publishes one draft, deletes another, comments: a new clause appears.
    text = path.read_text("utf-8")
    first = text.index("\n  - id: ") + 1
    second = text.index("\n  - id: ", first) + 1
    third = text.index("\n  - id: ", second) + 1
    kept = text[:first] + text[first:second].replace(
        "    status: draft           # delete this line to publish the fact\n", "").replace(
        "    text:                   # the fact in your own words",
        "    text: The AES launched a 5,000-strong joint force.  # mine") + text[third:]
    kept += "# a note of mine at the end\n"
    path.write_text(kept, "utf-8")
    again = drafts_of(facts, seeds)
    assert [normalise_quote(r.quote) for r in again.records] == [
        "The force will fight jihadist groups in Mali, Burkina Faso and Niger"]
    updated = add_records(kept, str(path), again, ADDED)
    assert updated.startswith(kept)  # every byte the maintainer wrote, unchanged
    path.write_text(updated, "utf-8")
    result = load_fact_base(facts, seeds)
    assert result.problems == []
    assert "alliance-sahel-states-launched-joint" in result.base.facts
    assert drafts_of(facts, seeds).records == []


def test_drafts_go_at_the_end_of_the_facts_list_even_with_a_section_after_it(folders):
    facts, seeds = folders
    drafts = drafts_of(facts, seeds)
    text = ("# mine\nfacts:\n    - id: x-one\n      text: One.\n      about: [mali]\n"
            "      added: \"2026-11-24\"\n      source: {seed: aes-joint-force, quote: \"The "
            "force will fight jihadist groups\"}\n\n# notes\ncoverage: []\n")
    updated = add_records(text, "f.yaml", drafts, ADDED)
    head, _tail = text.split("\n\n# notes\n")
    assert updated.startswith(head + "\n") and updated.endswith("\n# notes\ncoverage: []\n")
    loaded = yaml.safe_load(updated)
    assert next(item["id"] for item in loaded["facts"]) == "x-one"
    assert len(loaded["facts"]) == 1 + len(drafts.records)
    with pytest.raises(AppendError):
        add_records("facts: []\n", "f.yaml", drafts, ADDED)
