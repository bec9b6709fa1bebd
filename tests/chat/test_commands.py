"""End to end: every command and autocomplete through the real bot and the loopback Discord."""

from __future__ import annotations

import pytest

from tests.discord_limits import EPHEMERAL
from tests.loopback import world
from tests.loopback.harness import running_bot

# command, options, expected embed title (prefix), ephemeral?
INVOCATIONS = [
    ("country", {"name": "mali"}, "Mali", False),
    ("country", {"name": "Burkna Faso"}, "Burkina Faso", False),  # typo
    ("country", {"name": "burkina-faso"}, "Burkina Faso", False),  # chosen autocomplete value
    ("country", {"name": "Nigeria"}, "Not in the fact base", True),  # confusable: never guessed
    ("country", {"name": "asdf"}, "Not found", True),
    ("bloc", {"name": "CEDEAO"}, "ECOWAS", False),  # French abbreviation
    ("bloc", {"name": "Ecowass"}, "ECOWAS", False),
    ("bloc", {"name": "sahel alliance"}, "Alliance of Sahel States", False),
    ("agreement", {"name": "diesel"}, "Mali–Niger diesel sale", False),
    ("agreement", {"name": "defence"}, "Which one did you mean?", True),  # ambiguity
    ("lookup", {"name": "wagnr"}, "Wagner Group", False),
    ("lookup", {"name": "Lavrov"}, "Sergei Lavrov", False),
    ("search", {"query": "how much diesel is Niger selling to Mali?"}, "Search", False),
    ("search", {"query": "zzzz qqqq"}, "No matching facts", True),
    ("timeline", {"name": "Mali"}, "Timeline", False),
    ("latest", {}, "Latest facts", False),
    ("latest", {"page": 2}, "Latest facts", False),
    ("relation", {"a": "Mali", "b": "Russie"}, "Mali ↔ Russia", False),
    ("source", {"id": "sahel-ministers-moscow"}, "Sahel Ministers", False),
    ("about", {}, "About sahel-factbot", False),
]


def title_of(body: dict) -> str:
    return body["data"]["embeds"][0]["title"]


def is_ephemeral(body: dict) -> bool:
    return bool(body["data"].get("flags", 0) & EPHEMERAL)


async def test_every_command_answers_as_expected(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        for command, options, title, ephemeral in INVOCATIONS:
            body = await bot.command(command, **options)
            assert body["type"] == 4, command
            assert title_of(body).startswith(title), (command, options, title_of(body))
            assert is_ephemeral(body) is ephemeral, (command, options)
            assert body["data"]["allowed_mentions"] == {"parse": []}


# command, focused option, typed text, expected first choice value (None: no choices)
AUTOCOMPLETES = [
    ("country", "name", "burk", "burkina-faso"),
    ("country", "name", "Malli", "mali"),
    ("bloc", "name", "cedeao", "ecowas"),
    ("agreement", "name", "dies", "mali-niger-diesel-sale"),
    ("lookup", "name", "wagn", "wagner"),
    ("timeline", "name", "niger", "niger"),
    ("relation", "a", "mal", "mali"),
    ("relation", "b", "russ", "russia"),
    ("source", "id", "moscow", "sahel-ministers-moscow"),
]


async def test_every_name_option_autocompletes(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        for command, option, typed, first in AUTOCOMPLETES:
            body = await bot.autocomplete(command, option, typed)
            assert body["type"] == 8
            choices = body["data"]["choices"]
            assert 0 < len(choices) <= 25
            assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
            assert choices[0]["value"] == first, (command, option, typed, choices[:3])
        empty = await bot.autocomplete("country", "name", "")
        assert {c["value"] for c in empty["data"]["choices"]} >= {"mali", "niger",
                                                                  "burkina-faso"}


@pytest.mark.parametrize("query", [
    "@everyone what about Mali",
    "<@&1300000000000000001> diesel",
    "**bold** _under_ ~~strike~~ `code` diesel",
    "<@1200000000000000002> @here Niger",
])
async def test_mentions_and_markdown_in_queries_never_ping_or_break(loopback, settings, query):
    async with running_bot(loopback, settings) as bot:
        for command, options in (("search", {"query": query}), ("lookup", {"name": query})):
            body = await bot.command(command, **options)
            assert body["type"] == 4
            assert body["data"]["allowed_mentions"] == {"parse": []}
            text = str(body["data"]["embeds"])
            assert "@everyone" not in text and "@here" not in text
            assert "<@&" not in text and "<@1" not in text


async def test_empty_and_overlong_options_get_a_helpful_private_reply(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        blank = await bot.command("country", name="   ")
        assert is_ephemeral(blank) and title_of(blank) == "Which country?"
        long = await bot.command("search", query="diesel " * 100)
        assert is_ephemeral(long) and title_of(long) == "Too long"
        page = await bot.command("latest", page=0)
        assert is_ephemeral(page) and title_of(page) == "Not a page number"
        far = await bot.command("latest", page=999)
        assert is_ephemeral(far)


async def test_commands_work_in_direct_messages(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        body = await bot.command("country", who={"in_guild": False}, name="niger")
        assert title_of(body) == "Niger"


async def test_an_unknown_command_gets_a_friendly_reply(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        body = await bot.command("weather", city="Bamako")
        assert is_ephemeral(body) and title_of(body) == "Command not available"


async def test_a_user_installed_app_answers_in_a_server_that_never_invited_the_bot(
        loopback, settings):
    """Installed to a user's account, the answering commands work in any server (context 0,
    only the user as authorizing owner, a server the bot is not in)."""
    elsewhere = 1_300_000_000_000_000_777
    async with running_bot(loopback, settings) as bot:
        body = await bot.command("country", who={"user_installed_in": elsewhere}, name="mali")
        assert body["data"]["embeds"][0]["title"] == "Mali"
        refused = await bot.command("subscribe", who={"user_installed_in": elsewhere})
    # Server-install only: Discord would not even offer it there; the bot refuses all the same.
    assert refused["data"]["flags"] & 64


async def test_check_facts_on_a_message_answers_privately_with_quotes(loopback, settings):
    """The "Check facts" message command: registered as a message command (type 3, no
    description), answered ephemerally with the relevant facts and the quotes they rest on."""
    async with running_bot(loopback, settings) as bot:
        (put,) = loopback.matching("PUT", rf"/applications/{world.APP_ID}/commands$")
        menu = next(c for c in put.body if c["name"] == "Check facts")
        assert menu["type"] == 3 and not menu.get("description")
        assert sorted(menu["contexts"]) == [0, 1, 2]
        someone = world.message(loopback.next_id(), world.CHANNEL_ID,
                                {"content": "Niger sells 150 million litres of diesel to Mali"})
        someone["author"] = world.user(world.MEMBER_ID, "member")
        reply = await bot.message_command("Check facts", someone)
        assert reply["data"]["flags"] & EPHEMERAL
        card = reply["data"]["embeds"][0]
        assert card["title"] == "Check facts"
        assert "150 million litres of diesel" in card["description"]
        assert "> “Mali and Niger have finalized a partnership agreement" in card["description"]
        empty = world.message(loopback.next_id(), world.CHANNEL_ID, {"content": ""})
        nothing = await bot.message_command("Check facts", empty)
        assert nothing["data"]["embeds"][0]["title"] == "Nothing to check"
    assert loopback.violations == [] and loopback.refused_commands == []


async def test_buttons_page_in_place_for_the_asker_and_privately_for_others(loopback, settings):
    """Stateless components (docs: components/reference): Next edits the asker's message
    (callback 7), another reader gets the page only for themselves; Sources shows the quotes."""
    async with running_bot(loopback, settings) as bot:
        reply = await bot.command("timeline", name="mali")
        buttons = {b["label"]: b for b in reply["data"]["components"][0]["components"]}
        assert list(buttons) == ["◀ Previous", "Next ▶", "Sources"]
        assert buttons["◀ Previous"].get("disabled") is True
        page_two = await bot.click(reply, buttons["Next ▶"]["custom_id"])
        assert page_two["type"] == 7  # the asker's own message, edited in place
        assert "page 2 of" in page_two["data"]["embeds"][0]["footer"]["text"]
        other = await bot.click(reply, buttons["Next ▶"]["custom_id"],
                                who={"user_id": world.OWNER_ID})
        assert other["type"] == 4 and other["data"]["flags"] & EPHEMERAL
        assert "page 2 of" in other["data"]["embeds"][0]["footer"]["text"]
        sources = await bot.click(reply, buttons["Sources"]["custom_id"])
        assert sources["type"] == 4 and sources["data"]["flags"] & EPHEMERAL
        quotes = str(sources["data"]["embeds"][0])
        assert "> “" in quotes and "/source" in quotes
        which = await bot.command("country", name="Nigeria")
        menu = which["data"]["components"][0]["components"][0]
        assert menu["type"] == 3 and menu["options"][0]["value"] == "niger"
        picked = await bot.click(which, menu["custom_id"], values=["niger"])
        assert picked["type"] == 4 and picked["data"]["embeds"][0]["title"] == "Niger"
        french = await bot.click(reply, buttons["Next ▶"]["custom_id"], who={"locale": "fr"})
        assert "page 2 sur" in french["data"]["embeds"][0]["footer"]["text"]
    assert loopback.violations == []


async def test_paging_by_button_to_the_last_page_and_back_survives_a_restart(loopback,
                                                                             settings):
    """Buttons are stateless: a reply paged to its last page and back, with the bot restarted
    between two clicks, keeps working (the custom_id carries the command and page)."""
    def button(body: dict, label: str) -> dict:
        return next(c for row in body["data"]["components"] for c in row["components"]
                    if c["label"] == label)

    async with running_bot(loopback, settings) as bot:
        current = await bot.command("timeline", name="mali")
        pages = 1
        while not button(current, "Next ▶").get("disabled"):
            current = await bot.click(current, button(current, "Next ▶")["custom_id"])
            pages += 1
    footer = current["data"]["embeds"][0]["footer"]["text"]
    assert f"page {pages} of {pages}" in footer and pages > 2
    async with running_bot(loopback, settings) as bot:  # a new process, nothing remembered
        while not button(current, "◀ Previous").get("disabled"):
            current = await bot.click(current, button(current, "◀ Previous")["custom_id"])
            pages -= 1
    assert pages == 1 and "page 1 of" in current["data"]["embeds"][0]["footer"]["text"]
