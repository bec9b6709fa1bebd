"""Replies as Discord receives them: within limits, valid, never pinging, cited, and ephemeral
exactly when they are notices rather than answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.facts.loader import LoadResult, load_fact_base
from bot.core.replies.answers import HANDLERS, Answers
from bot.core.replies.commands import COMMANDS
from bot.core.text import escape
from tests.conftest import FIXTURES
from tests.discord_api import spec_if_present
from tests.discord_limits import EPHEMERAL, payload_problems

CALLBACK = "/interactions/1/token/callback"
NASTY = ["", " ", "**bold** _it_ ~~s~~ `code` ||spoiler||", "@everyone @here <@123> <@&456>",
         "[click](https://evil.example)", "# heading\n- list\n> quote", "x" * 250, "🙂" * 60,
         "Nigeria", "sahel", "asdf", "'; DROP TABLE facts;--", "\u202eevil", "\x00\x07"]


def _check(payload: dict) -> None:
    assert payload_problems(payload) == [], payload
    assert payload["data"].get("allowed_mentions", {"parse": []}) == {"parse": []}
    spec = spec_if_present()
    if spec is not None:
        assert spec.problems("POST", CALLBACK, payload) == []


def _inputs(answers: Answers) -> list[tuple[str, dict]]:
    names = [s.name for s in answers.names.subjects.values()]
    calls = []
    for command in COMMANDS.values():
        texts = [o for o in command.options if o.type == "string"]
        for value in [*names, *NASTY]:
            options = {option.name: value for option in texts}
            calls.append((command.name, options))
            if command.option("page"):
                calls.append((command.name, {**options, "page": 2}))
        if not texts:
            calls.append((command.name, {}))
    return calls


def test_every_reply_fits_discord_and_pings_no_one(answers: Answers) -> None:
    for command, options in _inputs(answers):
        _check(answers.answer(command, options))


def test_every_autocomplete_fits_discord(answers: Answers) -> None:
    prefixes = ["", "a", "ma", "burk", "sahel all", "cedea", "zzz", "@everyone", "x" * 300]
    for command in COMMANDS.values():
        for option in command.options:
            for text in prefixes:
                payload = answers.autocomplete(command.name, option.name, text)
                assert payload["type"] == 8
                _check(payload)


def test_every_command_has_exactly_one_handler() -> None:
    assert HANDLERS.keys() == COMMANDS.keys()


def test_choices_are_the_autocomplete_payload_as_pairs(answers: Answers) -> None:
    for command in COMMANDS.values():
        for option in command.options:
            for text in ("", "ma", "burk", "x" * 300):
                pairs = answers.choices(command.name, option.name, text)
                payload = answers.autocomplete(command.name, option.name, text)
                assert [(c["name"], c["value"]) for c in payload["data"]["choices"]] == pairs
                assert bool(pairs) <= (option.complete is not None)


def test_answers_are_public_and_notices_ephemeral(answers: Answers) -> None:
    public = answers.answer("country", {"name": "Mali"})
    assert "flags" not in public["data"]
    for options in ({"name": "Nigeria"}, {"name": "asdf"}, {"name": ""}):
        assert answers.answer("country", options)["data"]["flags"] == EPHEMERAL
    assert answers.answer("lookup", {"name": "sahel"})["data"]["flags"] == EPHEMERAL
    assert answers.answer("search", {"query": "diesel", "page": 99})["data"]["flags"] == EPHEMERAL


def _embed(payload: dict) -> dict:
    return payload["data"]["embeds"][0]


def _field(embed: dict, name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


def test_country_card_shows_relations_agreements_facts_and_sources(answers: Answers) -> None:
    card = _embed(answers.answer("country", {"name": "burkna faso"}))
    assert card["title"] == "Burkina Faso"
    # The membership's source names the bloc otherwise: the line says so (finding 6).
    assert "Alliance of Sahel States (named “Confederation of Sahel States (AES)” in this " \
        "source) — since 2023" in _field(card, "Member of")
    assert _field(card, "Former member of").startswith("ECOWAS — left")
    # One span for three coups is not given to each country as its own date (finding 7).
    governed = _field(card, "Governed by")
    assert "military junta — took power in a coup" in governed and "since" not in governed
    # "has already established" says nothing of being in force (finding 9).
    assert "Russian defence agreements with the AES nations (defence)" in _field(card, "Agreements")
    assert "— *2023* [" in _field(card, "Key facts")
    sources = _field(card, "Sources")
    assert "Sahel Ministers Strengthen Ties with Russia" in sources
    assert "original source: www.rfi.fr" in sources


def test_every_card_names_its_articles(answers: Answers) -> None:
    for subject in answers.names.subjects:
        card = _embed(answers.answer("lookup", {"name": subject}))
        sources = _field(card, "Sources")
        assert " — " in sources and "/source " in sources, subject


def test_bloc_card_lists_members_with_dates(answers: Answers) -> None:
    card = _embed(answers.answer("bloc", {"name": "Alliance des États du Sahel"}))
    members = _field(card, "Members")
    for line in ("Mali — since 2023", "Niger — since 2023", "Burkina Faso — since 2023"):
        assert line in members
    assert _field(_embed(answers.answer("bloc", {"name": "cedeao"})), "Former members")


def test_agreement_card_gives_structured_terms(answers: Answers) -> None:
    card = _embed(answers.answer("agreement", {"name": "diesel"}))
    assert _field(card, "Parties") == "Niger, Mali"
    assert _field(card, "Terms").startswith("150 million litres of diesel, from Niger to Mali")
    assert _field(card, "Status") == "signed"
    assert _field(card, "Date") == "not stated"


def test_search_ranks_the_diesel_sale_first_five_a_page(answers: Answers) -> None:
    payload = answers.answer("search", {"query": "how much diesel is Niger selling to Mali?"})
    text = _embed(payload)["description"]
    assert text.splitlines()[0] == ("**Answer:** **150 million litres of diesel** — Mali–Niger "
                                    "diesel sale [1]")
    assert text.splitlines()[2].startswith("**1.** Mali and Niger have finalised a partnership "
                                           "agreement for the sale of 150 million litres")
    assert "**6.**" not in text
    assert "page 1 of" in _embed(payload)["footer"]["text"]
    second = _embed(answers.answer("search", {"query": "diesel Niger Mali", "page": 2}))
    assert "**6.**" in second["description"]


def test_timeline_orders_only_what_can_be_ordered(answers: Answers) -> None:
    text = _embed(answers.answer("timeline", {"name": "mali"}))["description"]
    # Dates with a year in order; dates without one apart, under their own heading, never
    # after a year as if they came later; the article being undated is said.
    assert text.index("__Dated, earliest first__") < text.index("*2023*") \
        < text.index("__Year not stated__") \
        < text.index("*24 May (year not stated; the article is undated)*")
    assert "*Thursday–Friday (date not stated; the article is undated)*" in text
    assert "Only dates with a year are put in order" in text


def test_every_fact_is_reachable_from_its_entrys_timeline(answers: Answers,
                                                          shipped: LoadResult) -> None:
    base = shipped.base
    for ref in [*base.entities, *base.agreements]:
        expected = {fact.id for fact in base.facts_about.get(ref, [])}
        if not expected:
            continue
        seen, page, pages = [], 1, 1
        while page <= pages:
            reply = answers.answer("timeline", {"name": ref, "page": page})
            embed = _embed(reply)
            footer = embed["footer"]["text"]
            found = re.search(r"page (\d+) of (\d+)", footer)
            pages = int(found[2]) if found else 1
            seen.append(embed["description"])
            page += 1
        shown = "\n".join(seen)
        for fact_id in expected:
            assert escape(base.facts[fact_id].text) in shown, (ref, fact_id)
        total = re.search(r"All (\d+) facts", seen[0])
        assert total and int(total[1]) == len(expected), ref


def test_relation_mali_russia(answers: Answers) -> None:
    card = _embed(answers.answer("relation", {"a": "Mali", "b": "Russia"}))
    assert card["title"] == "Mali ↔ Russia"
    relations = _field(card, "Relations")
    # Russia's reported collaboration with the AES chains to its members; the partnership that a
    # joint statement only hopes to strengthen does not (finding 2).
    assert "Mali is a member of the Alliance of Sahel States, and Russia is a partner of it" \
        in relations
    assert "which is a partner of Russia" not in relations
    assert "Russian defence agreements with the AES nations" in \
        _field(card, "Agreements both are party to")
    same = answers.answer("relation", {"a": "Mali", "b": "mali"})
    assert same["data"]["flags"] == EPHEMERAL


def test_relation_sentences_read_as_english(answers: Answers) -> None:
    """Names inside sentences take "the" where English needs it, keep their capitals in the
    not-found line, and a relation with the bloc itself is not chained back through it."""
    aes = _field(_embed(answers.answer("relation", {"a": "Mali", "b": "AES"})), "Relations")
    assert aes.splitlines()[0].startswith("Mali is a member of the Alliance of Sahel States ")
    assert "and Alliance of Sahel States is a partner of it" not in aes
    assert len(aes.splitlines()) == 1
    nothing = _embed(answers.answer("relation", {"a": "niger", "b": "eu"}))
    assert nothing["description"].startswith(
        "The fact base records nothing linking Niger and the European Union.")


def test_source_about_and_latest(answers: Answers) -> None:
    source = _embed(answers.answer("source", {"id": "sahel-ministers-moscow"}))
    assert _field(source, "Original source") == "www.rfi.fr"
    assert _field(source, "Published") == "not stated in the article"
    by_title = _embed(answers.answer("source", {"id": "Moscow"}))
    assert by_title["title"] == source["title"]
    about = _embed(answers.answer("about", {}))
    assert "46 facts from 2 articles" in _field(about, "Size")
    assert _field(about, "Last update") == "2026-11-24"
    assert "added 2026-11-24" in _embed(answers.answer("latest", {}))["description"]


def test_user_text_is_shown_back_escaped(answers: Answers) -> None:
    payload = answers.answer("lookup", {"name": "**x** @everyone <@&1>"})
    text = _embed(payload)["description"]
    assert "**x**" not in text and "@everyone" not in text and "<@&1>" not in text
    assert "\\*\\*x\\*\\*" in text


def _stress_base(root: Path) -> Answers:
    """A fact base at every limit the validator allows, full of markdown and mentions."""
    facts = root / "facts"
    facts.mkdir()
    name = "Ab*_`|" * 7  # 42 characters, 70 once escaped: near the 80 allowed
    summary = ("@everyone **spam** " * 60)[:800]  # about 1010 once escaped
    lines = ["entities:"]
    for n in range(30):
        aliases = ", ".join(f'"{name[:36]} alias {n}-{a}"' for a in range(8))
        lines.append(f'  - {{id: e{n}, kind: {"bloc" if n == 0 else "country"}, '
                     f'name: "{name} {n}", aliases: [{aliases}], summary: "{summary}", '
                     f'summary_sources: [f{n}]}}')
    lines.append("relations:")
    for n in range(1, 30):
        lines.append(f"  - {{id: r{n}, kind: member_of, subject: e{n}, object: e0, since: "
                     f'"2023", note: "{"note *" * 20}", source: {{seed: tiny, quote: '
                     '"Mali and Niger signed"}}')
    lines.append("facts:")
    text = ("A *long* fact about `things` | with <@1> marks. " * 15)[:520]
    for n in range(120):
        lines.append(f'  - {{id: f{n}, text: "{text}", about: [e0, e{n % 30}], '
                     f'when: "{2000 + n % 20}", added: "2026-{1 + n % 12:02d}-01", '
                     'source: {seed: tiny, quote: "Mali and Niger signed"}}')
    (facts / "stress.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_fact_base(facts, FIXTURES / "seeds")
    assert result.problems == []
    return Answers(result.base)


def test_replies_at_every_limit_are_truncated_or_paged(tmp_path: Path) -> None:
    answers = _stress_base(tmp_path)
    for command, options in [("bloc", {"name": "e0"}), ("country", {"name": "e5"}),
                             ("timeline", {"name": "e0"}), ("timeline", {"name": "e0",
                                                                         "page": 3}),
                             ("latest", {}), ("search", {"query": "long fact things"}),
                             ("relation", {"a": "e0", "b": "e1"}), ("about", {}),
                             ("source", {"id": "tiny"})]:
        payload = answers.answer(command, options)
        _check(payload)
        assert "@everyone" not in str(payload)
    card = _embed(answers.answer("bloc", {"name": "e0"}))
    assert "more facts: /timeline e0" in card["footer"]["text"]
    assert [f["name"] for f in card["fields"]].count("Members (continued)") >= 1
    timeline = _embed(answers.answer("timeline", {"name": "e0", "page": 15}))
    assert timeline["footer"]["text"].endswith("page 15 of 15")


@pytest.mark.parametrize("bad", [{"page": 0}, {"page": "two"}, {"page": -1}])
def test_bad_page_numbers_get_a_helpful_notice(answers: Answers, bad: dict) -> None:
    payload = answers.answer("latest", bad)
    assert payload["data"]["flags"] == EPHEMERAL
    assert "whole number" in _embed(payload)["description"]


@pytest.mark.parametrize(("message", "found"), [
    ("Niger is selling 150 million litres of diesel to Mali", True),
    ("Wagner left Mali last year", True),
    ("The weather is nice today.", False),  # "weather" would find "whether" by typo
    ("What time is the meeting tomorrow?", False),
    ("good morning everyone", False),
])
def test_check_facts_shows_only_what_the_message_is_about(answers: Answers, message, found):
    card = _embed(answers.check(message))
    assert (card["title"] == "Check facts") is found, card["title"]
