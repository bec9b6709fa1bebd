"""Settings from the environment, and keeping the token out of logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.logs import JsonFormatter, RedactSecrets
from bot.settings import DISCORD_API_BASE, SETTINGS, Settings, SettingsError, masked_url
from tests.conftest import ROOT

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.abcdef.secret-part"


def test_defaults_need_only_the_token():
    settings = Settings.from_env({"DISCORD_TOKEN": f"  {TOKEN}\n"})
    assert settings.token == TOKEN
    assert (settings.facts_dir, settings.seeds_dir, settings.data_dir) == \
        (Path("facts"), Path("seeds"), Path("data"))
    assert settings.dev_guild_id is None and settings.log_level == "INFO"
    assert settings.api_base == DISCORD_API_BASE
    assert TOKEN not in repr(settings)


def test_every_setting_is_read():
    settings = Settings.from_env({
        "DISCORD_TOKEN": TOKEN, "FACTS_DIR": "/srv/facts", "SEEDS_DIR": "/srv/seeds",
        "DATA_DIR": "/var/lib/factbot", "DEV_GUILD_ID": "1300000000000000001",
        "LOG_LEVEL": "debug", "DISCORD_API_BASE": "http://proxy:8080/api/v10/"})
    assert settings == Settings(TOKEN, Path("/srv/facts"), Path("/srv/seeds"),
                                Path("/var/lib/factbot"), 1300000000000000001, "DEBUG",
                                "http://proxy:8080/api/v10")


@pytest.mark.parametrize(("env", "message"), [
    ({}, "DISCORD_TOKEN is not set"),
    ({"DISCORD_TOKEN": "   "}, "DISCORD_TOKEN is not set"),
    ({"DISCORD_TOKEN": TOKEN, "DEV_GUILD_ID": "my server"}, "DEV_GUILD_ID='my server' is not a"),
    ({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not a level"),
    ({"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": "discord.com"}, "must be an http(s) URL"),
    ({"DISCORD_TOKEN": TOKEN, "LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' is not a format"),
    ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "0"}, "SHARD_COUNT='0' must be a whole number"),
    ({"DISCORD_TOKEN": TOKEN, "SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT"),
    ({"DISCORD_TOKEN": TOKEN, "SHARD_IDS": "one", "SHARD_COUNT": "2"}, "separated by commas"),
    ({"DISCORD_TOKEN": TOKEN, "SHARD_IDS": "1,2", "SHARD_COUNT": "2"}, "numbered 0 to 1"),
])
def test_bad_settings_say_what_to_fix(env, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env(env)


def test_every_problem_is_reported_at_once():
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"LOG_LEVEL": "LOUD", "DEV_GUILD_ID": "x", "SHARD_COUNT": "-1"})
    assert [p.split(" ")[0].split("=")[0] for p in raised.value.problems] == \
        ["DISCORD_TOKEN", "LOG_LEVEL", "DEV_GUILD_ID", "SHARD_COUNT"]


def test_shards_name_the_process_and_its_health_file():
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "4",
                                  "SHARD_IDS": "3, 2", "DATA_DIR": "/var/lib/factbot"})
    assert settings.shard_count == 4 and settings.shard_ids == (2, 3)
    assert settings.health_file == Path("/var/lib/factbot/health-shards-2-3.json")
    assert Settings(TOKEN).health_file == Path("data/health.json")


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in readme]
    assert missing == []


def test_the_token_is_redacted_from_log_records_and_tracebacks():
    record = logging.LogRecord("discord", logging.ERROR, __file__, 1, "login with %s failed",
                               (TOKEN,), None)
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactSecrets({TOKEN: "[token]"}).filter(record)
    text = logging.Formatter().format(record)
    assert TOKEN not in text
    assert "login with [token] failed" in text and "bad token [token]" in text


def test_json_logs_are_one_redacted_object_per_line():
    record = logging.LogRecord("bot", logging.WARNING, __file__, 1, "token %s leaked",
                               (TOKEN,), None)
    RedactSecrets({TOKEN: "[token]"}).filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "bot"
    assert entry["message"] == "token [token] leaked" and "\n" not in line


@pytest.mark.parametrize("password", ["pa ss[%zz", "p@ss/w:rd", "pa%5Bss"])
def test_the_logs_keep_the_database_password_out_even_from_a_malformed_url(password):
    settings = Settings(TOKEN, database_url=f"postgresql://factbot:{password}@db/factbot")
    assert settings.shown_database_url == "postgresql://factbot:***@db/factbot"
    record = logging.LogRecord("psycopg", logging.ERROR, __file__, 1, "cannot use %s (%s)",
                               (settings.database_url, password), None)
    RedactSecrets(settings.secrets()).filter(record)
    assert record.getMessage() == "cannot use postgresql://factbot:***@db/factbot (***)"
    assert TOKEN in settings.secrets()


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://factbot:secret@db:5432/factbot", "postgresql://factbot:***@db:5432/factbot"),
    ("postgresql://factbot@db/factbot", "postgresql://factbot@db/factbot"),
    ("postgresql://db/factbot?sslmode=require&password=secret",
     "postgresql://db/factbot?sslmode=require&password=***"),
    ("not a url with secret", "***"),
])
def test_a_database_url_is_shown_without_its_password(url, shown):
    assert masked_url(url) == shown


@pytest.mark.parametrize("url", ["postgresql://factbot:pa ss@db/factbot",
                                 "postgresql://factbot:pa[ss@db/factbot",
                                 "postgresql://factbot:p%zz@db/factbot",
                                 "postgresql://factbot:p@ss@db/factbot"])
def test_a_database_url_with_unencoded_characters_is_refused_masked(url):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": url})
    assert raised.value.problems[0].startswith(
        "DATABASE_URL=postgresql://factbot:***@db/factbot has a user name or password with ")
    password = url.partition("factbot:")[2].rpartition("@db")[0]
    assert password not in raised.value.problems[0]
