"""``factbot run`` as a process, failing at start the ways a deployment does: each failure is one
line with its fix and a documented exit status, transient ones are tried again (and say so), no
traceback, no secret. With ``LOG_FORMAT=json`` every line on stderr is a JSON object."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys

import pytest

from bot.cli import build_parser
from bot.startup import EXIT_STATUSES
from tests.conftest import ROOT
from tests.loopback import world
from tests.loopback.harness import start_factbot_run
from tests.loopback.server import LoopbackDiscord
from tests.postgres import postgres_or_skip

PASSWORD = "s3cret-Pa55"
PLAIN_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (\w+) +([\w.]+): (.*)$")
DNS_FIX = ("check this machine's network and DNS (and DISCORD_API_BASE, if set), then start the "
           "bot again")
DB_FIX = ("check that PostgreSQL is running and that DATABASE_URL's host and port are right from "
          "where the bot runs (docker compose gives its bot its own: compose.postgres.yml)")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def factbot_run(env: dict[str, str]) -> tuple[int, list[str]]:
    """Run ``factbot run`` to its end; its exit status and what it said (the message of each
    log line), after checking every line is a log line (JSON with ``LOG_FORMAT=json``) and none
    is a traceback."""
    process = await start_factbot_run(env)
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert out == b""
    return process.returncode, messages(err.decode(), env.get("LOG_FORMAT") == "json")


def messages(stderr: str, json_lines: bool) -> list[str]:
    """The message of every log line on stderr; fails on a line that is not a log line."""
    said = []
    for line in stderr.splitlines():
        if json_lines:
            entry = json.loads(line)  # every line, or this fails
            assert set(entry) >= {"time", "level", "logger", "message"}, line
            said.append(entry["message"])
        else:
            match = PLAIN_LINE.match(line)
            assert match, f"not a log line: {line!r}\n{stderr}"
            said.append(match[3])
    assert "Traceback" not in stderr, stderr
    return said


async def connect_then_stop(loopback: LoopbackDiscord, env: dict[str, str]) -> tuple[int, str]:
    """Run ``factbot run`` until it identifies on the loopback, then SIGTERM it; its exit status
    and stderr."""
    process = await start_factbot_run(env)
    try:
        await loopback.wait_for(lambda: loopback.identifies == 1, timeout=60)
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode is not None
    return process.returncode, err.decode()


def base_env(tmp_path, api_base: str, **more: str) -> dict[str, str]:
    return {"DISCORD_TOKEN": world.TOKEN, "DISCORD_API_BASE": api_base,
            "DATA_DIR": str(tmp_path / "data"), "FACTS_DIR": str(ROOT / "facts"), **more}


def no_secrets(said: list[str], *secrets: str) -> None:
    text = "\n".join(said)
    for secret in (world.TOKEN, *secrets):
        assert secret not in text


async def test_discord_not_resolving_is_retried_then_one_line_and_exit_4(tmp_path):
    base = "http://nonexistent.invalid/api/v10"
    status, said = await factbot_run(base_env(tmp_path, base, STARTUP_RETRIES="2",
                                              LOG_FORMAT="json"))
    what = f"could not reach Discord at {base} (nonexistent.invalid does not resolve)"
    assert status == 4, said
    assert f"{what}: retrying in 2 s, attempt 2 of 2" in said
    assert said[-1] == f"{what} after 2 attempts: {DNS_FIX}"
    no_secrets(said)


async def test_discord_refusing_connections_is_one_line_and_exit_4(tmp_path):
    base = f"http://127.0.0.1:{closed_port()}/api/v10"
    status, said = await factbot_run(base_env(tmp_path, base, STARTUP_RETRIES="1"))
    assert status == 4, said
    assert said[-1] == (f"could not reach Discord at {base} (connection refused) after 1 "
                        f"attempt: {DNS_FIX}")
    assert not [line for line in said if "retrying" in line]
    no_secrets(said)


async def test_discord_failing_the_login_is_retried_then_one_line_and_exit_4(
        loopback: LoopbackDiscord, tmp_path):
    loopback.fail("GET", r"^/users/@me$", 503, times=10)
    status, said = await factbot_run(base_env(tmp_path, loopback.api_base, STARTUP_RETRIES="2"))
    what = f"Discord at {loopback.api_base} failed the login (503 Service Unavailable)"
    assert status == 4, said
    assert f"{what}: retrying in 2 s, attempt 2 of 2" in said
    assert said[-1] == (f"{what} after 2 attempts: Discord is having trouble (see "
                        "https://discordstatus.com): start the bot again later")
    assert len(loopback.matching("GET", r"/users/@me$")) == 2
    no_secrets(said)


async def test_a_login_failure_that_clears_is_retried_and_the_bot_connects(
        loopback: LoopbackDiscord, tmp_path):
    loopback.fail("GET", r"^/users/@me$", 503, times=1)
    status, err = await connect_then_stop(loopback, base_env(tmp_path, loopback.api_base,
                                                             STARTUP_RETRIES="3"))
    said = messages(err, json_lines=False)
    assert status == 0, said
    assert (f"Discord at {loopback.api_base} failed the login (503 Service Unavailable): "
            "retrying in 2 s, attempt 2 of 3") in said
    assert len(loopback.matching("GET", r"/users/@me$")) == 2  # the failed login, then one more


async def test_a_stop_signal_while_retrying_stops_at_once_with_status_0(tmp_path):
    log = tmp_path / "run.log"
    base = "http://nonexistent.invalid/api/v10"
    process = await start_factbot_run(base_env(tmp_path, base, STARTUP_RETRIES="20"), log=log)
    try:
        deadline = asyncio.get_running_loop().time() + 60
        while "retrying in 2 s, attempt 2 of 20" not in log.read_text():
            assert asyncio.get_running_loop().time() < deadline, log.read_text()
            await asyncio.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)  # not after 19 more attempts
    finally:
        if process.returncode is None:
            process.kill()
    said = messages(log.read_text(), json_lines=False)
    assert process.returncode == 0, said
    assert said[-1] == "stop signal received while starting: stopped"


async def test_a_database_refusing_connections_is_retried_then_one_line_and_exit_3(
        loopback: LoopbackDiscord, tmp_path):
    port = closed_port()
    url = f"postgresql://factbot:{PASSWORD}@127.0.0.1:{port}/factbot"
    status, said = await factbot_run(base_env(tmp_path, loopback.api_base, DATABASE_URL=url,
                                              STARTUP_RETRIES="2", LOG_FORMAT="json"))
    what = (f"could not reach PostgreSQL at postgresql://factbot:***@127.0.0.1:{port}/factbot "
            "(connection refused)")
    assert status == 3, said
    assert f"{what}: retrying in 2 s, attempt 2 of 2" in said
    assert said[-1] == f"{what} after 2 attempts: {DB_FIX}"
    assert loopback.requests == []  # the database comes first: Discord was never asked
    no_secrets(said, PASSWORD)


async def test_a_database_host_that_does_not_resolve_is_one_line_and_exit_3(tmp_path):
    url = f"postgresql://factbot:{PASSWORD}@db.invalid:5432/factbot"
    status, said = await factbot_run(base_env(tmp_path, "http://127.0.0.1:9/api/v10",
                                              DATABASE_URL=url, STARTUP_RETRIES="1"))
    assert status == 3, said
    assert said[-1] == ("could not reach PostgreSQL at postgresql://factbot:***@db.invalid:5432/"
                        f"factbot (the host db.invalid does not resolve) after 1 attempt: "
                        f"{DB_FIX}")
    no_secrets(said, PASSWORD)


async def test_a_wrong_database_password_is_one_line_at_once_and_exit_3(postgres_server,
                                                                        tmp_path):
    server = postgres_or_skip(postgres_server)
    url = server.role_with_password(PASSWORD)
    user = url.split("//")[1].split("@")[0]
    wrong = "wr0ng-Pa55"
    status, said = await factbot_run(base_env(
        tmp_path, "http://127.0.0.1:9/api/v10", DATABASE_URL=url.replace("@", f":{wrong}@", 1),
        STARTUP_RETRIES="3", LOG_FORMAT="json"))
    assert status == 3, said
    assert said[-1] == (f"PostgreSQL at postgresql://{user}:***@127.0.0.1:{server.port}/{user} "
                        f'refused the login (password authentication failed for user "{user}"): '
                        "check DATABASE_URL's user name, password and database name")
    assert not [line for line in said if "retrying" in line]  # refused is not transient
    no_secrets(said, wrong, PASSWORD)


async def test_a_database_user_that_cannot_make_tables_is_one_line_and_exit_3(postgres_server,
                                                                             tmp_path):
    server = postgres_or_skip(postgres_server)
    url = server.role_with_password(PASSWORD)  # its own database, but not the "postgres" one
    user = url.split("//")[1].split("@")[0]
    elsewhere = url.replace("@", f":{PASSWORD}@", 1).rpartition("/")[0] + "/postgres"
    status, said = await factbot_run(base_env(tmp_path, "http://127.0.0.1:9/api/v10",
                                              DATABASE_URL=elsewhere))
    assert status == 3, said
    assert said[-1] == (f"PostgreSQL at postgresql://{user}:***@127.0.0.1:{server.port}/postgres "
                        "does not let the bot make its tables (permission denied for schema "
                        "public): make DATABASE_URL's user the database's owner (ALTER DATABASE "
                        "name OWNER TO user)")
    no_secrets(said, PASSWORD)


async def test_a_data_dir_that_cannot_be_written_is_one_line_and_exit_3(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, said = await factbot_run({**base_env(tmp_path, "http://127.0.0.1:9/api/v10"),
                                      "DATA_DIR": str(blocker / "data")})
    assert status == 3, said
    assert said == [f"DATA_DIR={blocker / 'data'} is not a writable folder (Not a directory): "
                    "create it and let the bot's user (uid "
                    f"{os.getuid()}) write there, or point DATA_DIR elsewhere"]


@pytest.mark.parametrize(("token", "line"), [
    (f"Bot {world.TOKEN}", "DISCORD_TOKEN starts with 'Bot ': remove the 'Bot ' prefix (the bot "
                           "adds it)"),
    (f"'{world.TOKEN}'", "DISCORD_TOKEN contains quotes or spaces: remove them (in .env, write "
                         "DISCORD_TOKEN=the-token with no quotes)"),
    ("not-a-token", "DISCORD_TOKEN does not look like a bot token (three parts separated by "
                    "dots): copy it again from the developer portal (your application → Bot → "
                    "Reset Token)"),
])
async def test_a_malformed_token_is_one_line_and_exit_2_without_a_network_call(
        loopback: LoopbackDiscord, tmp_path, token, line):
    status, said = await factbot_run({**base_env(tmp_path, loopback.api_base),
                                      "DISCORD_TOKEN": token})
    assert status == 2, said
    assert said == [line]
    assert loopback.requests == []
    no_secrets(said)


@pytest.mark.parametrize("password", ["pa ss", "pa[ss", "p%zzss", "p@ss/word"])
async def test_a_malformed_database_url_is_exit_2_and_never_shows_its_password(tmp_path,
                                                                              password):
    url = f"postgresql://factbot:{password}@db:5432/factbot"
    status, said = await factbot_run(base_env(tmp_path, "http://127.0.0.1:9/api/v10",
                                              DATABASE_URL=url, LOG_FORMAT="json"))
    assert status == 2, said
    assert said[0] == ("DATABASE_URL=postgresql://factbot:***@db:5432/factbot has a user name "
                       "or password with characters a URL cannot hold as they are: write each "
                       "such character as % and its hex code: a space %20, % %25, @ %40, / %2F, "
                       "# %23, ? %3F, [ %5B, ] %5D")
    assert said[1:] == ["`factbot doctor` checks every setting and says how to fix it"]
    no_secrets(said, password)


async def test_bad_settings_are_one_line_each_and_exit_2(tmp_path):
    status, said = await factbot_run(base_env(tmp_path, "http://127.0.0.1:9/api/v10",
                                              SHARD_COUNT="two", STARTUP_RETRIES="0",
                                              LOG_FORMAT="json"))
    assert status == 2, said
    assert said == ["SHARD_COUNT='two' must be a whole number of shards, 1 or more (Discord "
                    "needs one shard per 2,500 servers)",
                    "STARTUP_RETRIES='0' must be a whole number of attempts from 1 to 20 "
                    "(default 5)",
                    "`factbot doctor` checks every setting and says how to fix it"]


async def test_a_whole_run_in_json_is_json_on_every_line(loopback: LoopbackDiscord, tmp_path):
    status, err = await connect_then_stop(loopback, base_env(tmp_path, loopback.api_base,
                                                             LOG_FORMAT="json", LOG_LEVEL="DEBUG"))
    said = messages(err, json_lines=True)  # discord.py's debug lines included
    assert status == 0
    assert said[-1] == "stopped" and len(said) > 20
    no_secrets(said)


def test_what_python_itself_prints_is_json_too(tmp_path):
    """An uncaught exception, one in a thread, one in an asyncio callback, an exception
    "ignored" in a destructor and a warning: each one JSON line, its traceback inside."""
    script = """
import asyncio, threading, warnings
from bot.logs import configure_logging
configure_logging("INFO", "json", {"hunter2": "***"})

class Leaky:
    def __del__(self):
        raise ValueError("in a destructor")

warnings.warn("an old API")
worker = threading.Thread(target=lambda: 1 / 0, name="worker")
worker.start(); worker.join()
Leaky()

async def main():
    asyncio.get_running_loop().call_soon(lambda: {}["key"])
    await asyncio.sleep(0.1)

asyncio.run(main())
raise RuntimeError("the password hunter2 leaked")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    entries = [json.loads(line) for line in done.stderr.splitlines()]  # every line is JSON
    tracebacks = [entry.get("traceback", "") for entry in entries]
    assert [entry["logger"] for entry in entries] == ["py.warnings", "bot", "bot", "asyncio",
                                                      "bot"]
    assert "an old API" in entries[0]["message"]
    assert "ZeroDivisionError" in tracebacks[1] and "ValueError: in a destructor" in tracebacks[2]
    assert "KeyError: 'key'" in tracebacks[3]
    assert entries[4]["message"] == ("unexpected error, the process stops: RuntimeError: the "
                                     "password *** leaked")
    assert "hunter2" not in done.stderr


def test_every_exit_status_is_documented_in_the_help_and_the_readme(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for status, meaning in EXIT_STATUSES.items():
        assert f"{status} {meaning}" in help_text
        assert f"| {status} | {meaning} |" in readme
