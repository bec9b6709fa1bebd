"""End to end, on SQLite and PostgreSQL: drafts are never served nor announced; a retraction or a
correction reaches, once, each channel that received the fact, and no other; removing a published
fact is refused."""

from __future__ import annotations

from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ADMIN, ChannelOption, running_bot

QUOTE = "the two countries seek to strengthen their military cooperation"
TWO_FACTS = f"""facts:
  - id: niger-test-road
    text: Niger opened a new test road.
    about: [niger]
    added: "2026-11-25"
    source: {{seed: mali-niger-military-ties, quote: "{QUOTE}"}}
  - id: niger-test-bridge
    text: Niger opened a new test bridge.
    about: [niger]
    added: "2026-11-25"
    source: {{seed: mali-niger-military-ties, quote: "{QUOTE}"}}
"""
CORRECTED = TWO_FACTS.replace(
    "  - id: niger-test-road\n",
    "  - id: niger-test-road\n    status: retracted\n"
    "    reason: The article says nothing about a road.\n").replace(
    "    text: Niger opened a new test bridge.\n",
    "    text: Niger opened two new test bridges.\n"
    "    reason: The first wording gave the wrong number of bridges.\n")
DRAFT = f"""facts:
  - id: niger-drafted-fact
    status: draft
    text: Niger drafted a test canal.
    about: [niger]
    added: "2026-11-25"
    source: {{seed: mali-niger-military-ties, quote: "{QUOTE}"}}
"""


def text_of(body: dict) -> str:
    return str(body["data"]["embeds"])


async def test_drafts_are_never_served_nor_announced(loopback, store_settings, facts):
    drafts = facts / "statements" / "drafts.yaml"
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        drafts.write_text(DRAFT, "utf-8")
        add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID))
        assert loopback.titles(world.ALERTS_ID) == ["New fact: Mali"]
        assert "drafted" not in text_of(await bot.command("search", query="test canal"))
        drafts.write_text(DRAFT.replace("    status: draft\n", ""), "utf-8")  # published
        await bot.wait_for(lambda: len(loopback.titles(world.ALERTS_ID)) == 2)
        assert "drafted" in text_of(await bot.command("search", query="test canal"))
    assert loopback.titles(world.ALERTS_ID) == ["New fact: Mali", "New fact: Niger"]
    assert "Niger drafted a test canal." in str(loopback.messages[world.ALERTS_ID][1])


async def test_a_correction_reaches_each_channel_that_received_the_fact_once(
        loopback, store_settings, facts):
    file = facts / "statements" / "niger-tests.yaml"
    async with running_bot(loopback, store_settings) as bot:
        # ALERTS takes every new fact and no updates; it receives both facts.
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        file.write_text(TWO_FACTS, "utf-8")
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID))
        assert loopback.titles(world.ALERTS_ID) == ["New fact: Niger", "New fact: Niger"]
        # CHANNEL subscribes to Niger with updates only now: it never received them.
        await bot.command("subscribe", who=ADMIN, topic="Niger", updates=True)
        file.write_text(CORRECTED, "utf-8")
        await bot.wait_for(lambda: len(loopback.messages[world.ALERTS_ID]) == 2)
        correction = loopback.messages[world.ALERTS_ID][1]
        assert [e["title"] for e in correction["embeds"]] == ["Correction: Niger"] * 2
        shown = str(correction["embeds"])
        assert "Withdrawn" in shown and "The article says nothing about a road." in shown
        assert "Niger opened two new test bridges." in shown
        assert "It said:** Niger opened a new test bridge." in shown
        assert "wrong number of bridges" in shown
        # Cards stop showing the retracted fact; /source lists it as retracted.
        found = text_of(await bot.command("search", query="Niger opened a new test road"))
        assert "Niger opened a new test road." not in found and "test bridges" in found
        source = text_of(await bot.command("source", id="mali-niger-military-ties"))
        assert "Retracted (1)" in source and "~~Niger opened a new test road.~~" in source
        # A later fact reaches CHANNEL as its first message: no correction was queued for it.
        add_fact(facts, "niger-test-well", "Niger dug a new test well.", "niger")
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))
        await bot.wait_for(lambda: len(loopback.messages[world.ALERTS_ID]) == 3)
        assert loopback.titles(world.CHANNEL_ID) == ["New fact: Niger"]
        # Removing a published fact is refused, and the maintainers are told how to fix it.
        (facts / "statements" / "niger-test-well.yaml").unlink()
        await bot.wait_for(lambda: len(loopback.titles(world.CHANNEL_ID)) == 2)
        assert loopback.titles(world.CHANNEL_ID)[1] == "Fact base reload failed"
        report = str(loopback.messages[world.CHANNEL_ID][1])
        assert "F215" in report and "niger-test-well" in report and "retracted" in report
        kept = text_of(await bot.command("search", query="Niger dug a new test well"))
        assert "Niger dug a new test well." in kept  # the last good base is still served
    assert len(loopback.messages[world.ALERTS_ID]) == 3  # nothing more after the refusal
