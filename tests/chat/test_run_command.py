"""``factbot run`` as a process: settings errors, a rejected token, and a graceful shutdown."""

from __future__ import annotations

import asyncio
import signal

import pytest

from tests.loopback import world
from tests.loopback.harness import start_factbot_run


async def test_a_missing_token_is_explained_with_exit_status_2():
    process = await start_factbot_run({})
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert "DISCORD_TOKEN is not set" in err.decode()


async def test_a_rejected_token_is_explained_with_exit_status_2_and_never_logged(loopback,
                                                                               tmp_path):
    wrong = "MTIzNDU2Nzg5MDEyMzQ1Njc4.wrong.token-that-discord-rejects"
    process = await start_factbot_run({"DISCORD_TOKEN": wrong, "LOG_LEVEL": "DEBUG",
                                       "DISCORD_API_BASE": loopback.api_base,
                                       "DATA_DIR": str(tmp_path)})
    _, err = await asyncio.wait_for(process.communicate(), 30)
    text = err.decode()
    assert process.returncode == 2, text
    assert "Discord rejected DISCORD_TOKEN" in text
    assert wrong not in text and "wrong.token" not in text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_shuts_down_cleanly(loopback, tmp_path, signum):
    process = await start_factbot_run({"DISCORD_TOKEN": world.TOKEN, "LOG_LEVEL": "DEBUG",
                                       "DISCORD_API_BASE": loopback.api_base,
                                       "DATA_DIR": str(tmp_path)})
    try:
        await loopback.wait_for(lambda: loopback.identifies == 1, timeout=30)
        process.send_signal(signum)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    text = err.decode()
    assert process.returncode == 0, text
    assert "stop signal received" in text and "stopped" in text
    assert world.TOKEN not in text
    assert not loopback.sockets  # the gateway connection was closed, not abandoned


async def test_a_corrupt_sqlite_database_is_one_line_with_the_way_out(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "factbot.sqlite3").write_bytes(b"this is not a database" * 100)
    process = await start_factbot_run({"DISCORD_TOKEN": world.TOKEN,
                                       "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
                                       "DATA_DIR": str(data)})
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = (out + err).decode()
    assert process.returncode == 3, text
    assert "is not a usable SQLite database" in text and "move it aside" in text
    assert "Traceback" not in text
