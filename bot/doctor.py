"""``factbot doctor``'s checks: settings, token, Discord, data folder, database, fact base.

Each check returns findings: ``ok``, ``warn`` or ``fail``, what was found, and for anything not
ok, what to do about it. Checks that depend on an earlier one (Discord needs a well-formed token)
are skipped when it failed. Talks to Discord with the standard library only, so it runs even
where the bot cannot start.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.core.facts.dates import latest_date
from bot.core.facts.loader import load_fact_base
from bot.core.text import counted
from bot.logs import redact
from bot.preflight import PORTAL, data_dir_problem, token_owner, token_problem
from bot.settings import DISCORD_API_BASE, Settings, SettingsError, secrets_in
from bot.startup import database_trouble

__all__ = ["Finding", "diagnose"]

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True, slots=True)
class Finding:
    """One result: its status, the area, what was found, and the fix when not ok."""

    status: str
    area: str
    message: str
    fix: str = ""


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
    problem = data_dir_problem(data_dir)
    if problem:
        return Finding(FAIL, "data", *problem)
    return Finding(OK, "data", f"DATA_DIR={data_dir} is writable")


def _check_database(settings: Settings) -> Finding:
    from bot.store.database import open_database
    from bot.store.migrations import MIGRATIONS, schema_version

    try:
        database = open_database(settings.data_dir, settings.database_url)
        try:
            with database.transaction() as cursor:
                version = schema_version(cursor)
        finally:
            database.close()
    except Exception as error:  # what `factbot run` would meet, said the same way
        trouble = database_trouble(error, settings)
        if trouble is None:
            first_line = (str(error).strip() or repr(error)).splitlines()[0]
            return Finding(FAIL, "database", f"cannot open the database: {first_line}",
                           "check DATABASE_URL, or DATA_DIR for SQLite")
        return Finding(FAIL, "database", trouble.what, trouble.fix)
    latest = len(MIGRATIONS)
    state = ("up to date" if version == latest else
             f"at version {version}; the bot migrates it to {latest} when it starts")
    shown = settings.shown_database_url if settings.database_url else database.where
    return Finding(OK, "database", f"{shown}: schema {state}")


def _check_facts(settings: Settings) -> Finding:
    result = load_fact_base(settings.facts_dir, settings.seeds_dir,
                            latest_date(dt.datetime.now(dt.UTC)))
    if result.problems:
        shown = "\n".join(str(problem) for problem in result.problems[:5])
        more = len(result.problems) - 5
        found = counted(len(result.problems), "problem")
        return Finding(FAIL, "facts", f"{found} in the fact base:\n"
                                      f"{shown}" + (f"\n… and {more} more" if more > 0 else ""),
                       "fix them (factbot validate lists every one); the bot serves what loads "
                       "at start and keeps the last good base on reloads")
    return Finding(OK, "facts", f"{len(result.base.facts)} facts load cleanly from "
                                f"{settings.facts_dir} and {settings.seeds_dir}")


def diagnose(environ: Mapping[str, str] | None = None, *,
             offline: bool = False) -> list[Finding]:
    """Run every check against ``environ`` (``os.environ`` unless given). No finding shows a
    secret: the token and the database password are masked whatever a check quoted."""
    env = os.environ if environ is None else environ
    secrets = secrets_in(env)
    return [replace(finding, message=redact(finding.message, secrets),
                    fix=redact(finding.fix, secrets)) for finding in _findings(env, offline)]


def _findings(env: Mapping[str, str], offline: bool) -> list[Finding]:
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
        findings.append(Finding(OK, "token", f"well formed, for bot id {token_owner(token)}"))
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
