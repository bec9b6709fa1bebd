"""Components carry everything a click needs in their custom_id, within Discord's limits
(docs: components/reference: custom_id 1-100 characters, unique in a message)."""

from __future__ import annotations

from bot.core.i18n import use_locale
from bot.core.replies.clicks import answer_click, question_in
from bot.core.replies.components import page_row, parse_click, pick_row
from tests.discord_limits import message_problems


def _message(rows: list) -> dict:
    return {"embeds": [{"title": "t", "color": 0}], "allowed_mentions": {"parse": []},
            "components": rows}


def test_page_buttons_round_trip_through_their_custom_ids():
    for page, pages in ((1, 1), (1, 3), (2, 3), (3, 3)):
        rows = page_row("search", "how much diesel", page, pages)
        assert message_problems(_message(rows)) == []
        buttons = rows[0]["components"]
        clicks = [parse_click(button["custom_id"]) for button in buttons]
        assert all(clicks)
        if pages == 1:
            assert [b["label"] for b in buttons] == ["Sources"]
            continue
        previous, following, sources = clicks
        assert previous.page == max(page - 1, 1) and following.page == min(page + 1, pages)
        assert buttons[0].get("disabled", False) is (page == 1)
        assert buttons[1].get("disabled", False) is (page == pages)
        assert sources.action == "s" and sources.options() == {"query": "how much diesel",
                                                              "page": page}


def test_a_question_too_long_for_a_custom_id_is_read_back_from_the_reply(answers):
    """A long question keeps its buttons: the click reads it from the reply's title."""
    question = ("what did the foreign ministers of Mali, Burkina Faso and Niger discuss with "
                "Russia in Moscow this week")
    reply = answers.answer("search", {"query": question})["data"]
    buttons = reply["components"][0]["components"]
    assert [b["label"] for b in buttons][-1] == "Sources"
    assert message_problems(reply) == []
    click = parse_click(buttons[-1]["custom_id"])
    sources = answer_click(answers, click, title=reply["embeds"][0]["title"])
    assert "> “" in str(sources["data"]["embeds"][0])
    with use_locale("fr"):
        assert question_in(f"Recherche : {question}") == question
    assert page_row("timeline", "x" * 90, 1, 2) == []  # an id that long does not exist


def test_a_which_one_menu_answers_with_the_pick():
    rows = pick_row("relation", "?|russia", [("Niger", "niger", "country"),
                                             ("Nigeria", "nigeria", "")])
    assert message_problems(_message(rows)) == []
    click = parse_click(rows[0]["components"][0]["custom_id"])
    assert click.options("niger") == {"a": "niger", "b": "russia"}
    assert parse_click("something:else") is None and parse_click("fb:p:search:x:y") is None
