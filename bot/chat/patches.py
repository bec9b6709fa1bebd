"""Every change the bot makes to discord.py's defaults, in one place.

- ``Route.BASE``: discord.py builds every REST URL (its webhook adapter included) from this class
  attribute; the bot talks to ``DISCORD_API_BASE`` (Discord itself, a proxy, or the loopback).
- ``DiscordWebSocket.DEFAULT_GATEWAY``: discord.py reconnects a shard that cannot resume to its
  hard-coded gateway.discord.gg; behind another API base, use the gateway that base hands out.
- ``VoiceClient.warn_nacl`` / ``warn_dave``: the bot has no voice features, so it should not warn
  at every start that voice libraries are missing.
- ``forget_failed_login``: discord.py opens a new HTTP session at each login without closing the
  last one, so a login tried again after a network failure closes it first.
"""

from __future__ import annotations

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import HTTPClient, Route
from discord.utils import MISSING

from bot.settings import DISCORD_API_BASE

__all__ = ["forget_failed_login", "patch_discord", "use_gateway_of_api_base"]


def patch_discord(api_base: str) -> None:
    """Apply the process-wide patches that need no connection (before the client is built)."""
    Route.BASE = api_base
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


async def use_gateway_of_api_base(http: HTTPClient, api_base: str) -> None:
    """Behind another API base, reconnect to the gateway it hands out (after login)."""
    if api_base != DISCORD_API_BASE:
        _, gateway, _ = await http.get_bot_gateway()
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


async def forget_failed_login(http: HTTPClient) -> None:
    """Close the session a failed login opened; the next login makes a new one. Closing the
    session closed its connector too, so the next login makes a new connector as well."""
    await http.close()
    http.connector = MISSING
