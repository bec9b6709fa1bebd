"""Posting alert messages to channels for the delivery worker, mapping Discord's answers.

Alerts go out through a session of their own, one HTTP attempt per call: the delivery worker
owns pacing and retries, so a 429 or a 5xx never stalls the whole fan-out inside discord.py's
internal retry loop (up to 16 s for one request) and every retry passes through the pacer.
Answers map to the pipeline's exceptions: rate limited (429), transient (5xx, timeout), channel
unavailable (403/404) or payload rejected (other 4xx). Notices to guilds are rare and use the
client's own HTTP client.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
from discord.http import Route

from bot.core.replies.payloads import MessagePayload
from bot.pipeline.delivery import (
    ChannelUnavailableError,
    PayloadRejectedError,
    RateLimitedError,
    TransientError,
)

__all__ = ["DiscordMessenger"]

SEND_TIMEOUT = aiohttp.ClientTimeout(total=15)


def _retry_after(body: Any, headers: Any) -> float:
    """Seconds Discord asks to wait, from the 429 body or, failing that, its headers."""
    if isinstance(body, dict) and isinstance(body.get("retry_after"), int | float):
        return float(body["retry_after"])
    try:
        return float(headers.get("Retry-After", 1))
    except ValueError:
        return 1.0


class DiscordMessenger:
    """Sends core message payloads to channels with the bot's token."""

    def __init__(self, client: discord.Client, api_base: str, token: str) -> None:
        self.client = client
        self._url = api_base.rstrip("/") + "/channels/{}/messages"
        self._headers = {"Authorization": f"Bot {token}",
                         "User-Agent": client.http.user_agent}
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        """Close the alert session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def post(self, channel_id: int, payload: MessagePayload, nonce: str) -> int | None:
        """Post once; Discord drops a repeat with the same nonce (``enforce_nonce``)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=SEND_TIMEOUT, headers=self._headers)
        body: dict[str, object] = {**payload, "nonce": nonce, "enforce_nonce": True}
        try:
            async with self._session.post(self._url.format(channel_id), json=body) as response:
                status, headers = response.status, response.headers
                data = await response.json(content_type=None) if status != 204 else None
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise TransientError(type(error).__name__) from error
        if status < 300:
            return int(data["id"]) if isinstance(data, dict) and "id" in data else None
        message = f"{status} {data.get('message', '') if isinstance(data, dict) else ''}".strip()
        if status == 429:
            globally = (isinstance(data, dict) and bool(data.get("global"))) or \
                headers.get("X-RateLimit-Global") == "true"
            raise RateLimitedError(message, _retry_after(data, headers), globally=globally)
        if status in (403, 404):
            raise ChannelUnavailableError(message)
        if 400 <= status < 500 and status != 401:
            raise PayloadRejectedError(message)
        raise TransientError(message)  # 5xx; 401 while a token is being replaced

    async def _send(self, channel_id: int, body: MessagePayload) -> object:
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
        return await self.client.http.request(route, json=body)

    async def post_anywhere(self, payload: MessagePayload, channel_ids: list[int],
                            user_id: int | None) -> bool:
        """Post a notice to the first channel that accepts it, else DM the user; True if sent."""
        for channel_id in channel_ids:
            try:
                await self._send(channel_id, payload)
                return True
            except discord.HTTPException:
                continue
        if user_id is None:
            return False
        try:
            dm = await self.client.http.start_private_message(user_id)
            await self._send(int(dm["id"]), payload)
            return True
        except discord.HTTPException:
            return False
