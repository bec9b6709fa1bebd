"""End to end: the registered command set, syncing only on change, and parity with the CLI."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys

from bot.core.replies.commands import COMMANDS
from tests.conftest import ROOT
from tests.loopback import world
from tests.loopback.harness import running_bot

STRING, INTEGER = 3, 4


async def test_sync_registers_exactly_the_core_command_table(loopback, settings):
    async with running_bot(loopback, settings):
        pass
    (put,) = loopback.matching("PUT", rf"/applications/{world.APP_ID}/commands$")
    registered = {command["name"]: command for command in put.body}  # global: no DEV_GUILD_ID
    discord_only = {"subscribe", "unsubscribe", "subscriptions"}
    menus = {"Check facts"}  # a message command (tests/chat/test_commands.py)
    assert set(registered) == set(COMMANDS) | discord_only | menus  # /reload: not everyone's
    (owner,) = loopback.matching("PUT", rf"/guilds/{world.GUILD_ID}/commands$")
    assert [command["name"] for command in owner.body] == ["reload"]  # OWNER_GUILD_ID only
    registered["reload"] = owner.body[0]
    discord_only.add("reload")
    for name, spec in COMMANDS.items():
        command = registered[name]
        assert command["description"] == spec.description
        options = {option["name"]: option for option in command.get("options", [])}
        assert list(options) == [option.name for option in spec.options], name
        for option in spec.options:
            sent = options[option.name]
            assert sent["description"] == option.description
            assert sent.get("required", False) is option.required
            assert sent["type"] == (INTEGER if option.type == "integer" else STRING)
            assert sent.get("autocomplete", False) is (option.complete is not None)
            if option.type == "string":
                assert sent["max_length"] == option.max_length
            else:
                assert sent["min_value"] == option.min_value
    assert int(registered["reload"]["default_member_permissions"]) == 1 << 5  # Manage Server
    # Scopes set explicitly, never left to the application's settings (docs: interactions/
    # application-commands, "Contexts" and "Installation Context"): answers everywhere and
    # as a user-installed app; the admin commands in servers that installed the bot.
    for name in COMMANDS:
        assert sorted(registered[name]["contexts"]) == [0, 1, 2], name
        assert sorted(registered[name]["integration_types"]) == [0, 1], name
    for name in discord_only:
        assert registered[name]["contexts"] == [0], name
        assert registered[name]["integration_types"] == [0], name
    # French for Discord's fr locale, from bot/core/i18n/fr.po: every name and description.
    assert registered["country"]["name_localizations"] == {"fr": "pays"}
    assert registered["Check facts"]["name_localizations"] == {"fr": "Vérifier les faits"}
    for name, command in registered.items():
        assert "fr" in command.get("name_localizations", {}) or name in ("bloc", "relation",
                                                                          "source"), name
        if command.get("type", 1) == 1:
            assert command["description_localizations"]["fr"], name
        for option in command.get("options", []):
            assert option["description_localizations"]["fr"], (name, option["name"])


async def test_a_restart_with_unchanged_commands_does_not_sync_again(loopback, settings):
    for _ in range(2):
        async with running_bot(loopback, settings) as bot:
            assert (await bot.command("country", name="mali"))["data"]["embeds"][0]["title"] \
                == "Mali"
    assert len(loopback.matching("PUT", r"/commands$")) == 2  # global, and the owner's server
    assert loopback.identifies == 2


async def test_dev_guild_syncs_to_that_server_only(loopback, settings):
    guild_settings = dataclasses.replace(settings, dev_guild_id=world.GUILD_ID)
    async with running_bot(loopback, guild_settings) as bot:
        body = await bot.command("bloc", name="ecowas")
        assert body["data"]["embeds"][0]["title"] == "ECOWAS"
    (put,) = loopback.matching("PUT", r"/commands$")  # the owner's server is that server
    assert put.path == f"/applications/{world.APP_ID}/guilds/{world.GUILD_ID}/commands"
    assert "reload" in {command["name"] for command in put.body}


async def factbot_json(*args: str) -> dict:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, "--json", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return json.loads(out)


async def test_the_bot_posts_exactly_what_factbot_ask_prints(loopback, settings):
    cases = [("country", {"name": "Burkna Faso"}, "/country name:Burkna Faso"),
             ("relation", {"a": "Mali", "b": "Russie"}, "/relation a:Mali b:Russie"),
             ("search", {"query": "diesel for power plants"},
              "/search query:diesel for power plants"),
             ("country", {"name": "Nigeria"}, "/country name:Nigeria")]
    async with running_bot(loopback, settings) as bot:
        for command, options, typed in cases:
            assert await bot.command(command, **options) == await factbot_json("ask", typed)
        assert await bot.autocomplete("country", "name", "burk") == \
            await factbot_json("complete", "/country name:burk")


async def test_commands_deleted_on_discord_are_restored_at_the_next_start(loopback, settings):
    async with running_bot(loopback, settings):
        pass
    loopback.commands["global"] = []  # deleted in the developer portal, or by a staging sync
    async with running_bot(loopback, settings) as bot:
        assert (await bot.command("country", name="mali"))["data"]["embeds"][0]["title"] == \
            "Mali"
    assert len(loopback.matching("PUT", rf"{world.APP_ID}/commands$")) == 2  # again, though
    assert len(loopback.commands["global"]) > 10  # the hash of the last sync had not changed


async def test_switching_to_a_dev_guild_clears_the_global_commands_and_back(loopback, settings):
    async with running_bot(loopback, settings):
        pass
    assert loopback.commands["global"]
    guild_settings = dataclasses.replace(settings, dev_guild_id=world.GUILD_ID)
    async with running_bot(loopback, guild_settings):
        pass
    assert loopback.commands["global"] == []  # not shown twice in the development server
    assert loopback.commands[str(world.GUILD_ID)]
    async with running_bot(loopback, settings):
        pass
    # Back to global: the development server keeps only the owner's /reload.
    assert [c["name"] for c in loopback.commands[str(world.GUILD_ID)]] == ["reload"]
    assert "country" in {c["name"] for c in loopback.commands["global"]}


async def test_a_dev_guild_clears_global_commands_another_deployment_left(loopback, settings,
                                                                          tmp_path):
    """What Discord holds decides, not the local state file: a fresh DATA_DIR (a new volume,
    another machine) switching to DEV_GUILD_ID still clears the global set."""
    async with running_bot(loopback, settings):
        pass
    assert loopback.commands["global"]
    fresh = dataclasses.replace(settings, dev_guild_id=world.GUILD_ID,
                                data_dir=tmp_path / "another-data-dir")
    async with running_bot(loopback, fresh):
        pass
    assert loopback.commands["global"] == []
    unchanged = len(loopback.matching("PUT", r"/commands$"))
    async with running_bot(loopback, fresh):  # an unchanged restart: nothing synced
        pass
    assert len(loopback.matching("PUT", r"/commands$")) == unchanged
