"""Who says it, and how sure: every surface marks claims, views, aims and the article's own
analysis, and nothing says more than its article (the fact-check findings of issue 14)."""

from __future__ import annotations

from bot.core.facts.loader import LoadResult
from bot.core.replies.alert_messages import alert_messages
from bot.core.replies.answers import Answers
from bot.core.text import escape


def _embed(payload: dict) -> dict:
    return payload["data"]["embeds"][0]


def _text(payload: dict) -> str:
    embed = _embed(payload)
    return "\n".join([embed.get("description", ""),
                      *(f"{f['name']}\n{f['value']}" for f in embed.get("fields", []))])


def _line_with(text: str, words: str) -> str:
    (line,) = [line for line in text.splitlines() if escape(words) in line]
    return line


def test_the_articles_analysis_is_marked_on_cards(answers: Answers) -> None:
    russia = _text(answers.answer("country", {"name": "Russia"}))
    line = _line_with(russia, "departure from traditional Western alliances")
    assert "*The article's analysis:*" in line


def test_analysis_claims_and_views_are_marked_in_search_and_timelines(answers: Answers) -> None:
    search = _text(answers.answer("search", {"query": "shifting geopolitical dynamics"}))
    assert "*The article's analysis:*" in _line_with(search, "shifting geopolitical dynamics")
    lecointre = _text(answers.answer("timeline", {"name": "Lecointre"}))
    assert "*In the view of General Lecointre:* Europe is abandoning" in lecointre
    aes = _text(answers.answer("timeline", {"name": "AES", "page": 2}))
    assert "*According to the joint statement shared on Facebook:*" in aes


def test_a_hoped_for_partnership_is_not_shown_as_established(answers: Answers) -> None:
    partners = _text(answers.answer("bloc", {"name": "AES"}))
    line = _line_with(partners, "a partnership both aspire to strengthen")
    assert "an aim, according to a joint statement shared on Facebook" in line
    assert "is strengthening its partnership with Russia" not in partners
    relation = _text(answers.answer("relation", {"a": "Mali", "b": "Russie"}))
    assert "which is a partner of Russia" not in relation


def test_the_bank_is_named_only_as_the_article_names_it(answers: Answers,
                                                        shipped: LoadResult) -> None:
    card = _embed(answers.answer("lookup", {"name": "regional investment bank"}))
    assert card["title"] == "Regional investment bank (unnamed)"
    bank = shipped.base.entities["aes-investment-bank"]
    assert all("aes" not in fact.about for fact in shipped.base.facts_about[bank.id])


def test_time_bound_claims_keep_their_time_context(answers: Answers) -> None:
    eu = _embed(answers.answer("bloc", {"name": "EU"}))["description"]
    assert "until May 24 (year not stated)" in eu and "undated" in eu
    eucap = _embed(answers.answer("lookup", {"name": "EUCAP Sahel Mali"}))["description"]
    assert "depends on" not in eucap


def test_a_bloc_card_lists_the_agreements_its_members_made_together(answers: Answers) -> None:
    agreements = _text(answers.answer("bloc", {"name": "AES"}))
    assert "AES defence pact (defence)" in agreements
    assert "Russian defence agreements with the AES nations (defence)" in agreements


def test_alerts_carry_the_marker(shipped: LoadResult) -> None:
    base = shipped.base
    fact = base.facts["departure-from-western-alliances"]
    (message,) = alert_messages(base, [fact])
    assert message["embeds"][0]["description"].startswith("*The article's analysis:*")


def test_no_reported_record_quotes_a_hedge(shipped: LoadResult) -> None:
    # The validator's F210/F211 hold on the shipped base (test_loader checks it is clean); here
    # the counts say the fact-check's findings were corrected, not silenced.
    stances = [record.source.stance for record in
               [*shipped.base.facts.values(), *shipped.base.relations.values(),
                *shipped.base.agreements.values()]]
    assert stances.count("analysis") == 5 and stances.count("opinion") == 2
