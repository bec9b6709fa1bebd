"""End to end, on SQLite and PostgreSQL: subscribing, and alerts arriving exactly once."""

from __future__ import annotations

import pytest

from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ADMIN, ChannelOption, running_bot


def title_of(body: dict) -> str:
    return body["data"]["embeds"][0]["title"]


def text_of(body: dict) -> str:
    return str(body["data"]["embeds"])


async def test_subscribe_needs_manage_channels_and_checks_the_channel(loopback, store_settings):
    async with running_bot(loopback, store_settings) as bot:
        denied = await bot.command("subscribe")
        assert title_of(denied) == "Missing permission" and "Manage Channels" in text_of(denied)
        assert title_of(await bot.command("subscriptions")) == "Missing permission"

        locked = await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.LOCKED_ID))
        assert title_of(locked) == "The bot needs permissions there"
        assert "Send Messages, Embed Links" in text_of(locked)
        foreign = await bot.command("subscribe", who=ADMIN,
                                    channel=ChannelOption(world.FOREIGN_ID, guild_id=42 << 22))
        # discord.py refuses a channel it does not know in this server before the command runs
        assert title_of(foreign) == "Could not read an option", text_of(foreign)
        unknown = await bot.command("subscribe", who=ADMIN, topic="Brazil")
        assert title_of(unknown) == "Not in the fact base", text_of(unknown)
        assert "Brazil is not in the fact base" in text_of(unknown)

        done = await bot.command("subscribe", who=ADMIN, topic="AES", updates=True)
        assert title_of(done) == "Subscribed" and f"<#{world.CHANNEL_ID}>" in text_of(done)
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        listing = await bot.command("subscriptions", who=ADMIN)
        assert "Alliance of Sahel States" in text_of(listing) and "all facts" in text_of(listing)
        assert listing["data"]["flags"] & 64

        gone = await bot.command("unsubscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        assert title_of(gone) == "Unsubscribed"
        again = await bot.command("unsubscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        assert title_of(again) == "Nothing to remove"
    assert loopback.messages == {}  # no backlog was asked for


async def test_new_facts_reach_each_subscribed_channel_once(loopback, store_settings, facts):
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        await bot.command("subscribe", who=ADMIN, topic="ECOWAS")
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID))
        assert loopback.titles(world.ALERTS_ID) == ["New fact: Niger"]
        assert loopback.titles(world.CHANNEL_ID) == []  # ECOWAS topic: not about it
    async with running_bot(loopback, store_settings) as bot:  # a restart re-sends nothing
        await bot.command("about")
    add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")  # while down
    async with running_bot(loopback, store_settings) as bot:
        await bot.wait_for(lambda: len(loopback.titles(world.ALERTS_ID)) == 2)
    assert loopback.titles(world.ALERTS_ID) == ["New fact: Niger", "New fact: Mali"]
    assert loopback.titles(world.CHANNEL_ID) == []


async def test_backlog_is_sent_on_subscribe(loopback, store_settings):
    async with running_bot(loopback, store_settings) as bot:
        reply = await bot.command("subscribe", who=ADMIN, topic="diesel", backlog="2")
        assert "2 earlier facts are on the way" in text_of(reply)
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))
        assert len(loopback.titles(world.CHANNEL_ID)) == 2
        bad = await bot.command("subscribe", who=ADMIN, backlog="lots")
        assert title_of(bad) == "Could not read the backlog"


@pytest.mark.parametrize("status", [403, 404])  # permission lost; channel deleted
async def test_a_lost_channel_pauses_the_subscription_and_the_guild_is_told(
        loopback, store_settings, facts, status):
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        loopback.fail("POST", rf"^/channels/{world.ALERTS_ID}/messages$", status, times=10)
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))
        assert loopback.titles(world.CHANNEL_ID) == ["Alerts paused"]  # system channel
        listing = await bot.command("subscriptions", who=ADMIN)
        assert "paused" in text_of(listing)
        loopback.faults.clear()
        resumed = await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        assert title_of(resumed) == "Resumed"
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID))
        assert loopback.titles(world.ALERTS_ID) == ["New fact: Niger"]


async def test_server_errors_are_retried_without_duplicates(loopback, store_settings, facts):
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        loopback.fail("POST", rf"^/channels/{world.ALERTS_ID}/messages$", 429, times=3,
                      retry_after=0.1)
        loopback.fail("POST", rf"^/channels/{world.ALERTS_ID}/messages$", 500, times=1)
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID), timeout=20)
    assert loopback.titles(world.ALERTS_ID) == ["New fact: Niger"]


async def test_a_broken_fact_file_sends_no_alert_and_tells_the_maintainers(
        loopback, store_settings, facts):
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        (facts / "statements" / "broken.yaml").write_text("facts: [unclosed\n",
                                                           encoding="utf-8")
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))
        assert loopback.titles(world.CHANNEL_ID) == ["Fact base reload failed"]
        assert "broken.yaml" in str(loopback.messages[world.CHANNEL_ID])
        assert title_of(await bot.command("country", name="mali")) == "Mali"
    assert world.ALERTS_ID not in loopback.messages


async def test_manage_channels_is_checked_in_the_target_channel(loopback, store_settings):
    # The member manages the channel they type in, but not the one they pick: there their
    # roles and its overwrites give them only what an ordinary member has (or not even View).
    elsewhere = [world.MEMBER_PERMISSIONS, str(int(world.MEMBER_PERMISSIONS) & ~(1 << 10))]
    async with running_bot(loopback, store_settings) as bot:
        for permissions in elsewhere:
            target = ChannelOption(world.ALERTS_ID, member_permissions=permissions)
            refused = await bot.command("subscribe", who=ADMIN, channel=target)
            assert title_of(refused) == "Missing permission"
            assert f"<#{world.ALERTS_ID}>" in text_of(refused)
            gone = await bot.command("unsubscribe", who=ADMIN, channel=target)
            assert title_of(gone) == "Missing permission"
        allowed = ChannelOption(world.ALERTS_ID, member_permissions=ADMIN["permissions"])
        assert title_of(await bot.command("subscribe", who=ADMIN, channel=allowed)) == \
            "Subscribed"
        listing = await bot.command("subscriptions", who=ADMIN)
    assert f"<#{world.ALERTS_ID}>" in text_of(listing)


async def test_replies_follow_the_users_language_then_the_servers(loopback, store_settings):
    async with running_bot(loopback, store_settings) as bot:
        french = await bot.command("subscribe", who={**ADMIN, "locale": "fr"})
        assert title_of(french) == "Abonné"
        assert f"<#{world.CHANNEL_ID}> recevra chaque nouveau fait" in text_of(french)
        server = await bot.command("subscriptions", who={**ADMIN, "locale": "pt-BR",
                                                         "guild_locale": "fr"})
        assert title_of(server) == "Abonnements de ce serveur"  # no Portuguese: the server's
        english = await bot.command("subscriptions", who=ADMIN)
        assert title_of(english) == "Subscriptions in this server"


async def test_alerts_are_written_in_the_servers_language(loopback, store_settings, facts):
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who={**ADMIN, "guild_locale": "fr"},
                          channel=ChannelOption(world.ALERTS_ID))
        await bot.command("subscribe", who={**ADMIN, "locale": "fr"})  # an English server
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.titles(world.ALERTS_ID) and
                           loopback.titles(world.CHANNEL_ID))
    assert loopback.titles(world.ALERTS_ID) == ["Nouveau fait : Niger"]
    assert loopback.titles(world.CHANNEL_ID) == ["New fact: Niger"]
