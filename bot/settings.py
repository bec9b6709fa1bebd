"""Settings: every environment variable the bot reads, read once into one frozen object.

``Settings.from_env`` is the only place that looks at the environment. Malformed values raise
``SettingsError`` listing every problem at once, each naming the variable and how to fix it.
The token is kept out of ``repr`` so it never reaches a log line or a traceback.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

__all__ = ["DISCORD_API_BASE", "SETTINGS", "Settings", "SettingsError"]

DISCORD_API_BASE = "https://discord.com/api/v10"

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
    "DATABASE_URL": "PostgreSQL URL (postgresql://user:pass@host/db); default: SQLite in DATA_DIR",
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

    def secrets(self) -> list[str]:
        """What logs must never show: the token, the database URL and its password (read
        from the raw text, so a URL too malformed to parse is still covered)."""
        found = [self.token]
        if self.database_url:
            found.append(self.database_url)
            password = re.search(r"://[^/@]*?:([^@]+)@", self.database_url)
            if password:
                found.append(password[1])
        return [secret for secret in found if secret]

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
        level = text("LOG_LEVEL", "INFO").upper()
        if level not in _LOG_LEVELS or not isinstance(logging.getLevelName(level), int):
            problems.append(f"LOG_LEVEL={level!r} is not a level: use one of "
                            f"{', '.join(_LOG_LEVELS)}")
        log_format = text("LOG_FORMAT", "plain").lower()
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
    return value


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
