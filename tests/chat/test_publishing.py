"""Alerts in an announcement channel are published (crossposted), so other servers can follow
the channel without inviting the bot (docs: resources/message#crosspost-message; the loopback
refuses a second publish with 40033 and other channel types with 50024)."""

from __future__ import annotations

import logging

from tests.factfiles import add_fact
from tests.loopback import world
from tests.loopback.harness import ADMIN, ChannelOption, running_bot


def text_of(body: dict) -> str:
    return str(body["data"]["embeds"])


async def test_alerts_in_an_announcement_channel_are_published_once(loopback, store_settings,
                                                                    facts):
    async with running_bot(loopback, store_settings) as bot:
        news = await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.NEWS_ID))
        assert "It is an announcement channel: each alert is also published" in text_of(news)
        plain = await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.ALERTS_ID))
        assert "announcement channel" not in text_of(plain)
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.crossposted and loopback.titles(world.ALERTS_ID))
        posted = loopback.posted[world.NEWS_ID]
        assert loopback.crossposted == [(world.NEWS_ID, posted[0]["id"])]
        assert posted[0]["flags"] & 1  # CROSSPOSTED
        assert bot.bot.delivery.stats.published == 1
    refused = [r for r in loopback.requests if r.path.endswith("/crosspost") and r.status >= 400]
    assert refused == []  # never a text channel's alert, never twice


async def test_past_the_publishing_limit_the_alert_stays_and_the_log_says_so(
        loopback, store_settings, facts, caplog):
    loopback.enforce_rate_limits = True
    loopback.crosspost_limit = (1, 3600.0)
    caplog.set_level(logging.WARNING, logger="bot.pipeline.publishing")
    async with running_bot(loopback, store_settings) as bot:
        await bot.command("subscribe", who=ADMIN, channel=ChannelOption(world.NEWS_ID))
        add_fact(facts, "niger-test-fact", "Niger opened a new test road.", "niger")
        await bot.wait_for(lambda: loopback.crossposted)
        add_fact(facts, "mali-test-fact", "Mali opened a new test bridge.", "mali")
        await bot.wait_for(lambda: bot.bot.delivery.stats.not_published == 1, timeout=20)
        assert loopback.titles(world.NEWS_ID) == ["New fact: Niger", "New fact: Mali"]
        assert len(loopback.crossposted) == 1
    assert "was not published to the servers following it: Discord's publishing limit" in \
        caplog.text
