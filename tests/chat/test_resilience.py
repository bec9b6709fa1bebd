"""End to end: Discord errors, a dropped gateway, and /reload with a broken or unreadable fact
file."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import shutil
import subprocess
import sys

from bot.health import read_health
from tests.conftest import ROOT
from tests.discord_limits import EPHEMERAL
from tests.factfiles import make_readable, make_unreadable
from tests.loopback import world
from tests.loopback.harness import running_bot

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
OWNER = {"user_id": world.OWNER_ID}


def title_of(body: dict) -> str:
    return body["data"]["embeds"][0]["title"]


async def test_a_429_on_the_reply_is_waited_out_and_the_user_gets_the_answer(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        loopback.fail("POST", CALLBACK, 429, retry_after=0.2)
        assert title_of(await bot.command("country", name="mali")) == "Mali"
        loopback.fail("POST", CALLBACK, 429, retry_after=0.2)
        choices = (await bot.autocomplete("bloc", "name", "ecow"))["data"]["choices"]
        assert choices[0]["value"] == "ecowas"
    assert [r.status for r in loopback.matching("POST", CALLBACK)] == [429, 204, 429, 200]


async def test_a_500_on_the_reply_is_retried_and_the_user_gets_the_answer(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        loopback.fail("POST", CALLBACK, 500)
        assert title_of(await bot.command("bloc", name="AES")) == "Alliance of Sahel States"
    assert [r.status for r in loopback.matching("POST", CALLBACK)] == [500, 204]


async def test_an_expired_interaction_is_logged_and_the_bot_carries_on(loopback, settings,
                                                                       caplog):
    async with running_bot(loopback, settings) as bot:
        loopback.fail("POST", CALLBACK, 404, times=2)  # the reply, then the error notice
        await bot.discord.wait_for(lambda: True)
        interaction_id = loopback.next_id()
        await loopback.dispatch("INTERACTION_CREATE", world.interaction(
            interaction_id, 2, {"id": loopback.next_id(), "name": "about", "type": 1}))
        await bot.wait_for(lambda: len(loopback.matching("POST", CALLBACK)) == 2)
        assert title_of(await bot.command("country", name="niger")) == "Niger"
    assert any("command failed: /about" in r.getMessage() for r in caplog.records)


async def test_a_dropped_gateway_is_resumed_and_commands_keep_working(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        await loopback.drop_gateway()
        await bot.wait_for(lambda: loopback.resumes)
        assert loopback.resumes[0]["session_id"] == "session-1"
        assert loopback.identifies == 1  # resumed, not re-identified
        assert title_of(await bot.command("country", name="Mali")) == "Mali"


async def test_reload_is_for_the_owner_only(loopback, settings):
    async with running_bot(loopback, settings) as bot:
        body = await bot.command("reload")
        assert body["data"]["flags"] & EPHEMERAL and title_of(body) == "Owner only"
        body = await bot.command("reload", who=OWNER)
        assert title_of(body) == "Fact base reloaded"


async def test_reload_with_a_broken_file_keeps_the_last_good_base_and_says_why(
        loopback, settings, tmp_path, caplog):
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    settings = dataclasses.replace(settings, facts_dir=facts)
    async with running_bot(loopback, settings) as bot:
        (facts / "countries.yaml").write_text("entities:\n  - id: chad\n    name: [unclosed\n",
                                              encoding="utf-8")
        caplog.set_level(logging.WARNING)
        report = await bot.command("reload", who=OWNER)
        assert report["data"]["flags"] & EPHEMERAL
        assert title_of(report) == "Reload kept the last good fact base"
        shown = report["data"]["embeds"][0]["fields"][0]["value"]
        assert re.search(rf"`{re.escape(facts.as_posix())}/countries.yaml:\d+:\d+: F002 ", shown)
        assert title_of(await bot.command("country", name="mali")) == "Mali"  # still served
        assert any("F002" in r.getMessage() for r in caplog.records)

        shutil.copy(ROOT / "facts" / "countries.yaml", facts / "countries.yaml")
        assert title_of(await bot.command("reload", who=OWNER)) == "Fact base reloaded"


async def test_a_slow_reload_is_still_answered_within_discords_deadline(
        loopback, store_settings):
    """Discord refuses a callback 3 s after the interaction (10062): /reload defers at once,
    and the maintainers' report (here a 4-second channel post) goes out in the background."""
    async with running_bot(loopback, store_settings) as bot:
        (store_settings.facts_dir / "countries.yaml").write_text(
            "entities:\n  - id: chad\n    name: [unclosed\n", encoding="utf-8")
        loopback.message_delay = 4.0
        report = await bot.command("reload", who=OWNER)
        assert report.get("deferred") and title_of(report) == \
            "Reload kept the last good fact base"
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID), timeout=15)
    refused = [r for r in loopback.requests if r.path.endswith("/callback") and r.status >= 400]
    assert refused == []
    assert "Fact base reload failed" in loopback.titles(world.CHANNEL_ID)


async def test_gateway_reconnect_and_invalid_session_are_handled(loopback, settings):
    """Discord's opcode 7 (reconnect and resume) and opcode 9 (invalid session: identify anew),
    handled by discord.py's gateway machinery; the bot answers after each."""
    async with running_bot(loopback, settings) as bot:
        await loopback.request_reconnect()
        await bot.wait_for(lambda: loopback.resumes, timeout=20)
        assert title_of(await bot.command("country", name="mali")) == "Mali"
        before = loopback.identifies
        await loopback.invalidate_sessions()
        await bot.wait_for(lambda: loopback.identifies > before, timeout=30)
        await bot.wait_for(bot.bot.is_ready, timeout=30)
        assert title_of(await bot.command("country", name="niger")) == "Niger"


def _health(settings) -> subprocess.CompletedProcess[str]:
    """``factbot health`` as the container's healthcheck runs it, on this bot's report."""
    return subprocess.run([sys.executable, "-m", "bot.cli", "health", "--file",
                           str(settings.health_file)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)


def _facts_problems(settings) -> int:
    return (read_health(settings.health_file) or {}).get("facts", {}).get("problems", 0)


async def test_reload_with_an_unreadable_file_keeps_the_last_good_base_and_says_so(
        loopback, settings, tmp_path):
    """A fact file the bot cannot read (a bind mount with the wrong owner): /reload answers
    with the problem, the maintainers are told, health no longer says "last load clean", and
    the bot keeps answering from the last good base; fixed, the next reload is clean."""
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    settings = dataclasses.replace(settings, facts_dir=facts,
                                   maintainers_channel_id=world.CHANNEL_ID)
    countries = facts / "countries.yaml"
    content = countries.read_bytes()
    async with running_bot(loopback, settings) as bot:
        expected = make_unreadable(countries, f"{facts.as_posix()}/countries.yaml")
        report = await bot.command("reload", who=OWNER)
        assert title_of(report) == "Reload kept the last good fact base"
        assert f"`{expected}`" in report["data"]["embeds"][0]["fields"][0]["value"]
        assert title_of(await bot.command("country", name="mali")) == "Mali"  # still served
        await bot.wait_for(lambda: "Fact base reload failed" in loopback.titles(world.CHANNEL_ID))
        assert "F011" in str(loopback.messages[world.CHANNEL_ID][-1])
        await bot.wait_for(lambda: _facts_problems(settings) == 1)
        health = await asyncio.to_thread(_health, settings)
        assert "last load clean" not in health.stdout
        assert "the last fact-base load found 1 problem" in health.stdout

        make_readable(countries, content)
        assert title_of(await bot.command("reload", who=OWNER)) == "Fact base reloaded"
        await bot.wait_for(lambda: _facts_problems(settings) == 0)
        assert "last load clean" in (await asyncio.to_thread(_health, settings)).stdout


async def test_a_start_with_an_unreadable_file_serves_the_rest_and_reports_it(
        loopback, settings, tmp_path):
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    settings = dataclasses.replace(settings, facts_dir=facts,
                                   maintainers_channel_id=world.CHANNEL_ID)
    expected = make_unreadable(facts / "blocs.yaml", f"{facts.as_posix()}/blocs.yaml")
    async with running_bot(loopback, settings) as bot:
        assert title_of(await bot.command("country", name="mali")) == "Mali"
        await bot.wait_for(lambda: loopback.titles(world.CHANNEL_ID))
        report = str(loopback.messages[world.CHANNEL_ID][-1])
        assert "Fact base started with problems" in report and expected in report
        await bot.wait_for(lambda: _facts_problems(settings) == 1)
        assert "last load clean" not in (await asyncio.to_thread(_health, settings)).stdout
