"""Settings: every environment variable the bot reads, read once into one frozen object.

``Settings.from_env`` is the only place that looks at the environment. A missing or malformed
value raises ``SettingsError`` with a message that names the variable and says how to fix it.
The token is kept out of ``repr`` so it never reaches a log line or a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DISCORD_API_BASE", "SETTINGS", "Settings", "SettingsError"]

DISCORD_API_BASE = "https://discord.com/api/v10"

# name -> what it is for; README and .env.example document the same list (a test checks).
SETTINGS: dict[str, str] = {
    "DISCORD_TOKEN": "the bot's token from the developer portal (required)",
    "FACTS_DIR": "folder of fact files (default: facts)",
    "SEEDS_DIR": "folder of seed articles (default: seeds)",
    "DATA_DIR": "folder for the bot's own state (default: data)",
    "DEV_GUILD_ID": "sync commands to this one server, instantly, instead of globally",
    "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default: INFO)",
    "DISCORD_API_BASE": f"a Discord-compatible REST base (default: {DISCORD_API_BASE})",
    "DATABASE_URL": "PostgreSQL URL (postgresql://user:pass@host/db); default: SQLite in DATA_DIR",
    "MAINTAINERS_CHANNEL_ID": "channel told when a fact-base reload finds problems (optional)",
}

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment (``os.environ`` unless given)."""
        env = os.environ if environ is None else environ

        def text(name: str, default: str) -> str:
            return env.get(name, "").strip() or default

        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise SettingsError("DISCORD_TOKEN is not set: copy the bot token from the Discord "
                                "developer portal (your application → Bot → Reset Token) into "
                                "the environment or .env")
        level = text("LOG_LEVEL", "INFO").upper()
        if level not in _LOG_LEVELS or not isinstance(logging.getLevelName(level), int):
            raise SettingsError(f"LOG_LEVEL={level!r} is not a level: use one of "
                                f"{', '.join(_LOG_LEVELS)}")
        api_base = text("DISCORD_API_BASE", DISCORD_API_BASE).rstrip("/")
        if not api_base.startswith(("http://", "https://")):
            raise SettingsError(f"DISCORD_API_BASE={api_base!r} must be an http(s) URL such as "
                                f"{DISCORD_API_BASE}")
        return cls(
            token=token,
            facts_dir=Path(text("FACTS_DIR", "facts")),
            seeds_dir=Path(text("SEEDS_DIR", "seeds")),
            data_dir=Path(text("DATA_DIR", "data")),
            dev_guild_id=_snowflake(env, "DEV_GUILD_ID"),
            log_level=level,
            api_base=api_base,
            database_url=_database_url(env),
            maintainers_channel_id=_snowflake(env, "MAINTAINERS_CHANNEL_ID"),
        )


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 15 <= len(value) <= 20:
        raise SettingsError(f"{name}={value!r} is not a Discord id: turn on Developer Mode in "
                            "Discord, right-click the server or channel and choose Copy ID")
    return int(value)


def _database_url(env: Mapping[str, str]) -> str | None:
    value = env.get("DATABASE_URL", "").strip()
    if not value:
        return None
    if not value.startswith(("postgresql://", "postgres://")):
        raise SettingsError("DATABASE_URL must be a PostgreSQL URL such as "
                            "postgresql://factbot:password@db:5432/factbot (leave it unset for "
                            "SQLite in DATA_DIR)")
    return value
