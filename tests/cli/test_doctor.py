"""``factbot doctor`` as a process: it passes a good set-up and names each misconfiguration."""

from __future__ import annotations

import asyncio
import os
import socket
import sys

import pytest

from bot.preflight import token_problem
from tests.conftest import ROOT
from tests.loopback import world
from tests.postgres import postgres_or_skip

GOOD_SHAPE = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


async def doctor(env: dict[str, str], *args: str) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DISCORD_", "DEV_", "DATABASE_", "DATA_", "FACTS_",
                                  "MAINTAINERS_", "SHARD_", "LOG_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "doctor", *args, cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode()


@pytest.fixture
def good_env(loopback, tmp_path) -> dict[str, str]:
    return {"DISCORD_TOKEN": world.TOKEN, "DISCORD_API_BASE": loopback.api_base,
            "DATA_DIR": str(tmp_path / "data")}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_good_set_up_passes(good_env):
    status, out = await doctor({**good_env, "DEV_GUILD_ID": str(world.GUILD_ID),
                                "MAINTAINERS_CHANNEL_ID": str(world.CHANNEL_ID)})
    assert status == 0, out
    assert "logged in as factbot" in out and "the bot is in 'Sahel watchers'" in out
    assert "SQLite at" in out and "46 facts load cleanly" in out
    assert out.rstrip().endswith("all checks passed") and world.TOKEN not in out


@pytest.mark.parametrize(("change", "found", "fix"), [
    ({"DISCORD_TOKEN": f"Bot {world.TOKEN}"}, "starts with 'Bot '", "remove the 'Bot ' prefix"),
    ({"DISCORD_TOKEN": "a" * 32}, "looks like the OAuth2 client secret", "Reset Token"),
    ({"DISCORD_TOKEN": GOOD_SHAPE}, "rejected DISCORD_TOKEN (401)", "copy a fresh one"),
    ({"DISCORD_TOKEN": ""}, "DISCORD_TOKEN is not set", "Reset Token"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not a level", "use one of"),
    ({"DEV_GUILD_ID": "1300000000000000999"}, "the bot is not in that server (404)",
     "applications.commands"),
    ({"MAINTAINERS_CHANNEL_ID": "1400000000000000777"}, "cannot see that channel (404)",
     "Copy Channel ID"),
    ({"DATABASE_URL": "postgresql://factbot:pw@127.0.0.1:{port}/factbot"},
     "could not reach PostgreSQL at postgresql://factbot:***@127.0.0.1:{port}/factbot "
     "(connection refused)",
     "that PostgreSQL is running"),
    ({"FACTS_DIR": "seeds"}, "problems in the fact base", "factbot validate"),
    ({"DATA_DIR": "README.md"}, "is not a writable folder", "let the bot's user (uid"),
    ({"SHARD_IDS": "2", "SHARD_COUNT": "2"}, "numbered 0 to 1", ""),
])
async def test_each_misconfiguration_is_named_with_its_fix(good_env, change, found, fix):
    port = closed_port()
    env = {**good_env, **{k: v.format(port=port) for k, v in change.items()}}
    found = found.format(port=port)
    status, out = await doctor(env)
    assert status == 1, out
    failing = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert any(found in line for line in failing), out
    assert fix in out
    assert world.TOKEN not in out


@pytest.mark.parametrize("password", ["pa ss", "pa[ss", "p%zzss"])
async def test_a_malformed_database_url_is_shown_masked(good_env, password):
    env = {**good_env, "DATABASE_URL": f"postgresql://factbot:{password}@db:5432/factbot"}
    status, out = await doctor(env, "--offline")
    assert status == 1, out
    assert out.splitlines()[0] == ("FAIL  settings  DATABASE_URL=postgresql://factbot:***@db:5432/"
                                   "factbot has a user name or password with characters a URL "
                                   "cannot hold as they are")
    assert password not in out


async def test_the_database_is_shown_masked_and_a_refused_login_says_so(good_env,
                                                                        postgres_server):
    server = postgres_or_skip(postgres_server)
    url = server.role_with_password("right-Pa55")
    user = url.split("//")[1].split("@")[0]
    shown = f"postgresql://{user}:***@127.0.0.1:{server.port}/{user}"
    status, out = await doctor({**good_env, "DATABASE_URL": url.replace("@", ":right-Pa55@", 1)},
                               "--offline")
    assert status == 0, out
    assert f"ok    database  {shown}: schema at version 0; the bot migrates it to" in out
    status, out = await doctor({**good_env, "DATABASE_URL": url.replace("@", ":wr0ng-Pa55@", 1)},
                               "--offline")
    assert status == 1, out
    assert (f"FAIL  database  PostgreSQL at {shown} refused the login (password authentication "
            f'failed for user "{user}")') in out
    assert "check DATABASE_URL's user name, password and database name" in out
    assert "right-Pa55" not in out and "wr0ng-Pa55" not in out


async def test_a_password_from_pgpassword_as_compose_postgres_gives_it(good_env,
                                                                      postgres_server):
    """compose.postgres.yml gives the bot a URL without password and the password in libpq's
    PGPASSWORD, so the password is written once and never URL-encoded."""
    server = postgres_or_skip(postgres_server)
    password = "p@ss word/[%zz"  # everything a URL would need encoded
    url = server.role_with_password(password)
    status, out = await doctor({**good_env, "DATABASE_URL": url, "PGPASSWORD": password},
                               "--offline")
    assert status == 0, out
    assert "ok    database" in out and password not in out


def test_token_shapes():
    assert token_problem(world.TOKEN) is None
    assert token_problem(GOOD_SHAPE) is None
    assert "three parts" in token_problem("abc.def")[0]
    assert "quotes" in token_problem(f'"{world.TOKEN}"')[0]
    assert "not a bot's id" in token_problem("bm90LWFuLWlk.abc.def")[0]


async def test_unreachable_discord_is_a_check_not_done_not_a_pass(good_env):
    env = {**good_env, "DISCORD_API_BASE": f"http://127.0.0.1:{closed_port()}/api/v10"}
    code, out = await doctor(env)
    assert code == 1 and "all checks passed" not in out
    assert "could not check the token" in out and "--offline" in out
    code, out = await doctor(env, "--offline")  # asked not to contact Discord: it passes
    assert code == 0 and "all checks passed" in out
