"""/agreement as readers ask for one: by what it is and who is party to it, in English or
French, or by a party's name alone — which offers that party's agreements."""

from __future__ import annotations

import pytest

from bot.core.replies.answers import Answers
from tests.discord_limits import EPHEMERAL, payload_problems


def _reply(answers: Answers, name: str) -> dict:
    payload = answers.answer("agreement", {"name": name})
    assert payload_problems(payload) == []
    return payload


@pytest.mark.parametrize(("name", "title"), [
    ("accord sur le gazole entre le Niger et le Mali", "Mali–Niger diesel sale"),
    ("vente de diesel du Niger au Mali", "Mali–Niger diesel sale"),
    ("Niger–Mali fuel sale", "Mali–Niger diesel sale"),
    ("accords de défense russes avec l'AES", "Russian defence agreements with the AES nations"),
    ("accord de défense entre la Russie et le Mali",
     "Russian defence agreements with the AES nations"),
    ("Russian arms deal with the Sahel states",
     "Russian defence agreements with the AES nations"),
    ("pacte de défense de l'AES", "AES defence pact"),
])
def test_an_agreement_by_its_terms_and_parties(answers: Answers, name: str,
                                               title: str) -> None:
    payload = _reply(answers, name)
    assert "flags" not in payload["data"]  # the card itself, public
    assert payload["data"]["embeds"][0]["title"] == title


def test_a_country_alone_offers_its_agreements(answers: Answers) -> None:
    payload = _reply(answers, "Mali")
    assert payload["data"]["flags"] == EPHEMERAL
    embed = payload["data"]["embeds"][0]
    assert embed["title"] == "Which agreement of Mali?"
    assert "Mali is party to 3 agreements" in embed["description"]
    listed = embed["fields"][0]["value"]
    for agreement in ("mali-niger-diesel-sale", "aes-defence-pact",
                      "russia-aes-defence-agreements"):
        assert f"`{agreement}`" in listed
    # however the country is typed
    assert _reply(answers, "République du Mali")["data"]["embeds"][0]["title"] == \
        "Which agreement of Mali?"


def test_an_entry_with_no_agreement_says_so(answers: Answers) -> None:
    embed = _reply(answers, "Guinée")["data"]["embeds"][0]
    assert embed["title"] == "No agreement"
    assert "Guinea is party to no agreement in the fact base" in embed["description"]


def test_a_description_two_agreements_fit_offers_both(answers: Answers) -> None:
    embed = _reply(answers, "accord de défense")["data"]["embeds"][0]
    assert embed["title"] == "Which one did you mean?"
    assert "`aes-defence-pact`" in embed["fields"][0]["value"]
    assert "`russia-aes-defence-agreements`" in embed["fields"][0]["value"]
