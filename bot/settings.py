"""Settings: every environment variable the bot reads, read once into one frozen object.

``Settings.from_env`` is the only place that looks at the environment. Malformed values raise
``SettingsError`` listing every problem at once, each naming the variable and how to fix it.
The token and the database URL are kept out of ``repr``; ``secrets()`` says what logs must mask,
and ``masked_url`` shows a database URL with its password as ``***``, however malformed.
"""

from __future__ import annotations

import logging
import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

__all__ = ["DISCORD_API_BASE", "SETTINGS", "STARTUP_RETRIES", "Settings", "SettingsError",
           "logging_from_env", "masked_url", "secrets_in"]

DISCORD_API_BASE = "https://discord.com/api/v10"
STARTUP_RETRIES = 5  # attempts to reach Discord and the database at start

# name -> what it is for; README and .env.example document the same list (a test checks).
SETTINGS: dict[str, str] = {
    "DISCORD_TOKEN": "the bot's token from the developer portal (required)",
    "FACTS_DIR": "folder of fact files (default: facts)",
    "SEEDS_DIR": "folder of seed articles (default: seeds)",
    "DATA_DIR": "folder for the bot's own state (default: data)",
    "DEV_GUILD_ID": "sync commands to this one server, instantly, instead of globally",
    "OWNER_GUILD_ID": "the owner's server, the only one where /reload is registered (optional)",
    "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default: INFO)",
    "LOG_FORMAT": "plain (default) or json: one JSON object per line",
    "DISCORD_API_BASE": f"a Discord-compatible REST base (default: {DISCORD_API_BASE})",
    "DATABASE_URL": "PostgreSQL URL (postgresql://user:pass@host/db); default: SQLite in "
                    "DATA_DIR (docker compose gives its bot its own: compose.postgres.yml)",
    "STARTUP_RETRIES": f"attempts to reach Discord and the database at start (default: "
                       f"{STARTUP_RETRIES}; waits 2, 4, 8, 16 s between them)",
    "MAINTAINERS_CHANNEL_ID": "channel told when a fact-base reload finds problems (optional)",
    "SHARD_COUNT": "total Discord shards across all processes (default: as Discord recommends)",
    "SHARD_IDS": "the shards this process runs, e.g. 0,1 (default: all; needs SHARD_COUNT)",
}

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_LOG_FORMATS = ("plain", "json")
T = TypeVar("T")


class SettingsError(ValueError):
    """Settings are missing or malformed; ``problems`` says which and how to fix each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Settings:
    """The bot's configuration."""

    token: str = field(repr=False)
    facts_dir: Path = Path("facts")
    seeds_dir: Path = Path("seeds")
    data_dir: Path = Path("data")
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    api_base: str = DISCORD_API_BASE
    database_url: str | None = field(default=None, repr=False)  # may hold a password
    maintainers_channel_id: int | None = None
    log_format: str = "plain"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    owner_guild_id: int | None = None

    startup_retries: int = STARTUP_RETRIES

    def secrets(self) -> dict[str, str]:
        """What logs must never show, each with what to show instead: the token, the database
        URL (masked) and its password."""
        return _secrets(self.token, self.database_url)

    @property
    def shown_database_url(self) -> str:
        """``DATABASE_URL`` as it may be printed: its password as ``***``."""
        return masked_url(self.database_url or "")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment (``os.environ`` unless given)."""
        env = os.environ if environ is None else environ
        problems: list[str] = []

        def text(name: str, default: str) -> str:
            return env.get(name, "").strip() or default

        def checked(read: Callable[[Mapping[str, str]], T], fallback: T) -> T:
            try:
                return read(env)
            except SettingsError as error:
                problems.extend(error.problems)
                return fallback

        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            problems.append("DISCORD_TOKEN is not set: copy the bot token from the Discord "
                            "developer portal (your application → Bot → Reset Token) into the "
                            "environment or .env")
        level, log_format = _log_level(env), _log_format(env)
        if level not in _LOG_LEVELS or not isinstance(logging.getLevelName(level), int):
            problems.append(f"LOG_LEVEL={level!r} is not a level: use one of "
                            f"{', '.join(_LOG_LEVELS)}")
        if log_format not in _LOG_FORMATS:
            problems.append(f"LOG_FORMAT={log_format!r} is not a format: use plain or json")
        api_base = text("DISCORD_API_BASE", DISCORD_API_BASE).rstrip("/")
        if not api_base.startswith(("http://", "https://")):
            problems.append(f"DISCORD_API_BASE={api_base!r} must be an http(s) URL such as "
                            f"{DISCORD_API_BASE}")
        settings = cls(
            token=token,
            facts_dir=Path(text("FACTS_DIR", "facts")),
            seeds_dir=Path(text("SEEDS_DIR", "seeds")),
            data_dir=Path(text("DATA_DIR", "data")),
            dev_guild_id=checked(lambda e: _snowflake(e, "DEV_GUILD_ID"), None),
            owner_guild_id=checked(lambda e: _snowflake(e, "OWNER_GUILD_ID"), None),
            log_level=level,
            api_base=api_base,
            database_url=checked(_database_url, None),
            maintainers_channel_id=checked(lambda e: _snowflake(e, "MAINTAINERS_CHANNEL_ID"),
                                           None),
            log_format=log_format,
            shard_count=checked(_shard_count, None),
            shard_ids=checked(_shard_ids, None),
            startup_retries=checked(_startup_retries, STARTUP_RETRIES),
        )
        if problems:
            raise SettingsError(problems)
        return settings

    @property
    def process_name(self) -> str:
        """Names this process among several sharing a deployment: ``all`` or ``shards-0-1``."""
        if self.shard_ids is None:
            return "all"
        return "shards-" + "-".join(str(shard) for shard in self.shard_ids)

    @property
    def health_file(self) -> Path:
        """Where this process writes its health signal (``factbot health`` reads it)."""
        suffix = "" if self.shard_ids is None else f"-{self.process_name}"
        return self.data_dir / f"health{suffix}.json"


def logging_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(level, format) to log with before the settings are known to be valid: a malformed
    level or format falls back to its default (``Settings.from_env`` reports it)."""
    env = os.environ if environ is None else environ
    level, log_format = _log_level(env), _log_format(env)
    return (level if level in _LOG_LEVELS else "INFO",
            log_format if log_format in _LOG_FORMATS else "plain")


def secrets_in(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``Settings.secrets()`` read from the environment even when the settings are invalid."""
    env = os.environ if environ is None else environ
    return _secrets(env.get("DISCORD_TOKEN", "").strip(),
                    env.get("DATABASE_URL", "").strip() or None)


def masked_url(url: str) -> str:
    """``url`` with its password as ``***`` (``postgresql://user:***@host/db``).

    Read from the raw text, the user information ending at the last ``@``, so a password too
    malformed for any URL parser (a space, ``[``, ``%zz``, an unencoded ``@``) is masked too.
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        return "***" if url else ""  # not a URL: nothing of it can be shown safely
    userinfo, at, hostpart = rest.rpartition("@")
    if at:
        user, colon, _ = userinfo.partition(":")
        rest = f"{user}:***@{hostpart}" if colon else f"{user}@{hostpart}"
    return f"{scheme}://" + _QUERY_PASSWORD.sub(r"\1***", rest)


_QUERY_PASSWORD = re.compile(r"((?:^|[?&])password=)([^&#]*)", re.IGNORECASE)
# RFC 3986 userinfo: unreserved, sub-delims, ":" and percent-encoded octets.
_USERINFO = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*")
_ENCODE = ("write each such character as % and its hex code: a space %20, % %25, @ %40, "
           "/ %2F, # %23, ? %3F, [ %5B, ] %5D")


def _secrets(token: str, database_url: str | None) -> dict[str, str]:
    found = {token: "[token]"}
    if database_url:
        found[database_url] = masked_url(database_url)
        userinfo, at, _ = database_url.partition("://")[2].rpartition("@")
        passwords = [userinfo.partition(":")[2]] if at else []
        passwords += [match[2] for match in _QUERY_PASSWORD.finditer(database_url)]
        for password in passwords:
            found[password] = found[urllib.parse.unquote(password)] = "***"
    found.pop("", None)
    return found


def _log_level(env: Mapping[str, str]) -> str:
    return (env.get("LOG_LEVEL", "").strip() or "INFO").upper()


def _log_format(env: Mapping[str, str]) -> str:
    return (env.get("LOG_FORMAT", "").strip() or "plain").lower()


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 15 <= len(value) <= 20:
        raise SettingsError([f"{name}={value!r} is not a Discord id: turn on Developer Mode in "
                             "Discord, right-click the server or channel and choose Copy ID"])
    return int(value)


def _database_url(env: Mapping[str, str]) -> str | None:
    value = env.get("DATABASE_URL", "").strip()
    if not value:
        return None
    if not value.startswith(("postgresql://", "postgres://")):
        raise SettingsError(["DATABASE_URL must be a PostgreSQL URL such as "
                             "postgresql://factbot:password@db:5432/factbot (leave it unset for "
                             "SQLite in DATA_DIR)"])
    shown = masked_url(value)
    userinfo = value.partition("://")[2].rpartition("@")[0]
    if not _USERINFO.fullmatch(userinfo):
        raise SettingsError([f"DATABASE_URL={shown} has a user name or password with characters "
                             f"a URL cannot hold as they are: {_ENCODE}"])
    import psycopg  # only when PostgreSQL is configured: it parses the URL as libpq will
    try:
        psycopg.conninfo.conninfo_to_dict(value)
    except psycopg.Error:  # its message may quote the password: never shown
        raise SettingsError([f"DATABASE_URL={shown} is not a URL PostgreSQL can read: write it "
                             "as postgresql://user:password@host:5432/database, with special "
                             f"characters percent-encoded ({_ENCODE})"]) from None
    return value


def _startup_retries(env: Mapping[str, str]) -> int:
    value = env.get("STARTUP_RETRIES", "").strip()
    if not value:
        return STARTUP_RETRIES
    if not value.isdigit() or not 1 <= int(value) <= 20:
        raise SettingsError([f"STARTUP_RETRIES={value!r} must be a whole number of attempts "
                             f"from 1 to 20 (default {STARTUP_RETRIES})"])
    return int(value)


def _shard_count(env: Mapping[str, str]) -> int | None:
    value = env.get("SHARD_COUNT", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise SettingsError([f"SHARD_COUNT={value!r} must be a whole number of shards, 1 or "
                             "more (Discord needs one shard per 2,500 servers)"])
    return int(value)


def _shard_ids(env: Mapping[str, str]) -> tuple[int, ...] | None:
    value = env.get("SHARD_IDS", "").strip()
    if not value:
        return None
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isdigit() for part in parts):
        raise SettingsError([f"SHARD_IDS={value!r} must list shard numbers separated by commas, "
                             "such as 0,1"])
    ids = tuple(sorted({int(part) for part in parts}))
    count = _shard_count(env)
    if count is None:
        raise SettingsError(["SHARD_IDS needs SHARD_COUNT: set SHARD_COUNT to the total number "
                             "of shards across all processes"])
    if ids[-1] >= count:
        raise SettingsError([f"SHARD_IDS={value!r} names shard {ids[-1]}, but shards are "
                             f"numbered 0 to {count - 1} when SHARD_COUNT={count}"])
    return ids
