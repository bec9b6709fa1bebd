"""Discord's identify limits, kept by the bot (docs: events/gateway, "Identifying": past the
day's session starts Discord terminates every session and resets the token; more than
``max_concurrency`` identifies per 5 s for a rate-limit key are answered with opcode 9)."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest

from tests.loopback.harness import running_bot


async def test_no_identify_while_the_days_session_starts_are_used_up(loopback, settings,
                                                                    caplog):
    loopback.session_starts, loopback.session_day = 3, 3.0
    loopback.use_session_starts(3)  # a restart loop used them all
    caplog.set_level(logging.ERROR, logger="bot.chat.identify")
    async with running_bot(loopback, settings) as bot:
        assert loopback.token_resets == 0  # waited for Discord's reset instead
        assert loopback.identifies == 1
        assert "no more session starts for this token" in caplog.text
        health = json.loads(settings.health_file.read_text(encoding="utf-8"))
        assert bot.bot.is_ready() and not health["gateway"]["waiting_for_session_starts"]


@pytest.mark.parametrize("concurrency", [1, 2])
async def test_shards_identify_within_max_concurrency(loopback, settings, concurrency):
    loopback.max_concurrency = concurrency
    two_shards = dataclasses.replace(settings, shard_count=2)
    async with running_bot(loopback, two_shards) as bot:
        await bot.wait_for(lambda: len(loopback.identify_times) == 2, timeout=20)
    first, second = loopback.identify_times
    assert loopback.concurrency_refusals == 0 and sorted(loopback.identified_shards) == [0, 1]
    if concurrency == 1:  # one rate-limit key: 5 s apart
        assert second - first >= loopback.identify_window
    else:  # shard 0 and shard 1 have keys of their own: no wait between them
        assert second - first < 2.0
