"""``factbot doctor``'s checks: settings, token, Discord, data folder, database, fact base.

Each check returns findings: ``ok``, ``warn`` or ``fail``, what was found, and for anything not
ok, what to do about it. Checks that depend on an earlier one (Discord needs a well-formed token)
are skipped when it failed. Talks to Discord with the standard library only, so it runs even
where the bot cannot start.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.facts.loader import load_fact_base
from bot.settings import DISCORD_API_BASE, Settings, SettingsError

__all__ = ["Finding", "diagnose", "token_problem"]

OK, WARN, FAIL = "ok", "warn", "fail"
PORTAL = "the developer portal (your application → Bot → Reset Token)"


@dataclass(frozen=True, slots=True)
class Finding:
    """One result: its status, the area, what was found, and the fix when not ok."""

    status: str
    area: str
    message: str
    fix: str = ""


def token_problem(token: str) -> tuple[str, str] | None:
    """What is wrong with a token's shape, and the fix; None when it looks like a bot token.

    A bot token is three dot-separated base64url parts, the first being the bot's user id.
    """
    if token.lower().startswith("bot "):
        return ("DISCORD_TOKEN starts with 'Bot '", "remove the 'Bot ' prefix: the bot adds it")
    if token[:1] in "\"'" or token[-1:] in "\"'" or any(c.isspace() for c in token):
        return ("DISCORD_TOKEN contains quotes or spaces",
                "remove them (in .env, write DISCORD_TOKEN=the-token with no quotes)")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        if len(token) == 32 and token.replace("-", "").replace("_", "").isalnum():
            return ("DISCORD_TOKEN looks like the OAuth2 client secret, not the bot token",
                    f"copy the token from {PORTAL}")
        return ("DISCORD_TOKEN does not look like a bot token (three parts separated by dots)",
                f"copy it again from {PORTAL}")
    try:
        user_id = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        user_id = ""
    if not user_id.isdigit():
        return ("DISCORD_TOKEN's first part is not a bot's id",
                f"copy the whole token again from {PORTAL}")
    return None


def _token_owner(token: str) -> str:
    first = token.split(".")[0]
    return base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode()


def _discord_get(settings: Settings, path: str) -> tuple[int, dict[str, Any]]:
    """GET an API path with the bot token; (status, JSON body). Raises OSError if unreachable."""
    request = urllib.request.Request(settings.api_base + path, headers={
        "Authorization": f"Bot {settings.token}",
        "User-Agent": "DiscordBot (https://github.com/sahel-factbot, 0.1) factbot-doctor"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read() or b"{}")
        except ValueError:
            body = {}
        return error.code, body if isinstance(body, dict) else {}


def _check_discord(settings: Settings) -> Iterator[Finding]:
    where = "Discord" if settings.api_base == DISCORD_API_BASE else settings.api_base
    try:
        status, me = _discord_get(settings, "/users/@me")
    except (OSError, ValueError) as error:
        # Not checked is not passed: a doctor that cannot reach Discord says so and fails.
        yield Finding(FAIL, "discord", f"could not check the token: {where} is unreachable "
                      f"({error})", "check the network (and DISCORD_API_BASE if set), or run "
                      "`factbot doctor --offline` (`make doctor ARGS=--offline`) to skip the "
                      "checks that need Discord")
        return
    if status == 401:
        yield Finding(FAIL, "discord", f"{where} rejected DISCORD_TOKEN (401)",
                      f"the token was reset or revoked: copy a fresh one from {PORTAL}")
        return
    if status != 200:
        yield Finding(WARN, "discord", f"{where} answered {status} to a token check",
                      "try again later")
        return
    yield Finding(OK, "discord", f"logged in as {me.get('username', '?')} (id {me.get('id')})")
    if settings.dev_guild_id:
        status, guild = _discord_get(settings, f"/guilds/{settings.dev_guild_id}")
        if status == 200:
            yield Finding(OK, "discord", f"DEV_GUILD_ID: the bot is in {guild.get('name')!r}; "
                                         "commands are synced there instantly")
        else:
            yield Finding(FAIL, "discord", f"DEV_GUILD_ID={settings.dev_guild_id}: the bot is "
                                           f"not in that server ({status})",
                          "invite it there with the bot and applications.commands scopes "
                          "(README: Invite it), or unset DEV_GUILD_ID")
    if settings.maintainers_channel_id:
        status, _ = _discord_get(settings, f"/channels/{settings.maintainers_channel_id}")
        if status != 200:
            yield Finding(FAIL, "discord", f"MAINTAINERS_CHANNEL_ID="
                                           f"{settings.maintainers_channel_id}: the bot cannot "
                                           f"see that channel ({status})",
                          "check the id (right-click the channel → Copy Channel ID) and give "
                          "the bot View Channel, Send Messages and Embed Links there")


def _check_data_dir(data_dir: Path) -> Finding:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".doctor-probe"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        return Finding(FAIL, "data", f"DATA_DIR={data_dir} is not a writable folder: "
                                     f"{error.strerror or error}",
                       f"create it and let the bot's user write there (uid {os.getuid()}), or "
                       "point DATA_DIR elsewhere")
    return Finding(OK, "data", f"DATA_DIR={data_dir} is writable")


def _check_database(settings: Settings) -> Finding:
    from bot.store.database import open_database
    from bot.store.migrations import MIGRATIONS, schema_version

    try:
        database = open_database(settings.data_dir, settings.database_url)
    except Exception as error:  # psycopg's and sqlite's errors have no common base
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return Finding(FAIL, "database", f"cannot open the database: {first_line}",
                       "check DATABASE_URL's host, port, user, password and database name, and "
                       "that PostgreSQL is running and reachable from here"
                       if settings.database_url else "check DATA_DIR is a writable folder")
    try:
        with database.transaction() as cursor:
            version = schema_version(cursor)
    finally:
        database.close()
    latest = len(MIGRATIONS)
    state = ("up to date" if version == latest else
             f"at version {version}; the bot migrates it to {latest} when it starts")
    return Finding(OK, "database", f"{database.where}: schema {state}")


def _check_facts(settings: Settings) -> Finding:
    result = load_fact_base(settings.facts_dir, settings.seeds_dir)
    if result.problems:
        shown = "\n".join(str(problem) for problem in result.problems[:5])
        more = len(result.problems) - 5
        return Finding(FAIL, "facts", f"{len(result.problems)} problems in the fact base:\n"
                                      f"{shown}" + (f"\n… and {more} more" if more > 0 else ""),
                       "fix them (factbot validate lists every one); the bot serves what loads "
                       "at start and keeps the last good base on reloads")
    return Finding(OK, "facts", f"{len(result.base.facts)} facts load cleanly from "
                                f"{settings.facts_dir} and {settings.seeds_dir}")


def diagnose(environ: Mapping[str, str] | None = None, *,
             offline: bool = False) -> list[Finding]:
    """Run every check against ``environ`` (``os.environ`` unless given)."""
    env = os.environ if environ is None else environ
    findings: list[Finding] = []
    token = env.get("DISCORD_TOKEN", "").strip()
    shape = token_problem(token) if token else None
    if shape:
        findings.append(Finding(FAIL, "token", *shape))
    try:
        settings = Settings.from_env(env)
    except SettingsError as error:
        for problem in error.problems:
            found, _, fix = problem.partition(": ")
            findings.append(Finding(FAIL, "settings", found, fix))
        return findings
    findings.append(Finding(OK, "settings", "every setting reads correctly"))
    if not shape:
        findings.append(Finding(OK, "token", f"well formed, for bot id {_token_owner(token)}"))
        if not offline:
            findings.extend(_check_discord(settings))
    if settings.shard_ids is not None:
        findings.append(Finding(OK, "settings", f"this process runs shards "
                                f"{', '.join(map(str, settings.shard_ids))} of "
                                f"{settings.shard_count}: run the others in other processes "
                                "sharing DATABASE_URL"))
        if not settings.database_url:
            findings.append(Finding(WARN, "settings", "SHARD_IDS without DATABASE_URL: each "
                                    "process keeps its own SQLite subscriptions",
                                    "set DATABASE_URL to one PostgreSQL for all processes"))
    data = _check_data_dir(settings.data_dir)
    findings.append(data)
    if data.status == OK or settings.database_url:
        findings.append(_check_database(settings))
    findings.append(_check_facts(settings))
    return findings
