"""Posting alert messages to channels for the delivery worker, mapping Discord's answers.

Alerts go out through a session of their own, one HTTP attempt per call: the delivery worker
owns pacing and retries, so a 429 or a 5xx never stalls the whole fan-out inside discord.py's
internal retry loop (up to 16 s for one request) and every retry passes through the pacer.
Answers map to the pipeline's outcomes by Discord's JSON error code, then the status (see
``bot.pipeline.outcomes``); a 429 that is not Discord's JSON is Cloudflare's and holds every
send. Notices to guilds are rare and use the
client's own HTTP client.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
from discord.http import Route

from bot.core.replies.payloads import MessagePayload
from bot.pipeline.outcomes import RateLimitedError, TransientError, error_for

__all__ = ["DiscordMessenger"]

SEND_TIMEOUT = aiohttp.ClientTimeout(total=15)
CLOUDFLARE_HOLD = 600.0  # seconds every send waits after a 429 from Discord's edge
DISCORD_EPOCH = 1_420_070_400_000  # snowflakes count milliseconds from 2015 (docs: snowflakes)


def _json(raw: bytes) -> Any:
    """The body as JSON, or None (an HTML error page from Discord's edge, an empty body)."""
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _rate_limited(message: str, data: Any, headers: Any) -> RateLimitedError:
    """A 429: Discord's own (JSON with ``retry_after``, or a ``Via`` header), or Cloudflare's
    edge refusing this IP (no JSON, no ``Via``), which holds every send (docs: topics/
    rate-limits, "Invalid Request Limit")."""
    if not isinstance(data, dict) and "Via" not in headers:
        wait = _retry_after(None, headers) if "Retry-After" in headers else CLOUDFLARE_HOLD
        return RateLimitedError(f"{message} (not from Discord's API: Cloudflare)", wait,
                                globally=True, cloudflare=True)
    globally = (isinstance(data, dict) and bool(data.get("global"))) or \
        headers.get("X-RateLimit-Global") == "true"
    return RateLimitedError(message, _retry_after(data, headers), globally=globally)


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
        # Told of each 401/403/429 a notice met: they count towards Discord's IP ban too.
        self.on_invalid_request: Callable[[], None] | None = None
        # Told each send's channel bucket (channel, remaining, reset-after seconds).
        self.on_bucket: Callable[[int, int, float], None] | None = None

    async def close(self) -> None:
        """Close the alert session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _request(self, method: str, url: str,
                       body: dict[str, object] | None = None) -> tuple[Any, Any]:
        """One HTTP attempt on the alert session: (JSON body, headers) on success; a failure
        raised as the pipeline's outcome (429s included, Discord's or Cloudflare's)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=SEND_TIMEOUT, headers=self._headers)
        try:
            async with self._session.request(method, url, json=body) as response:
                status, headers = response.status, response.headers
                raw = await response.read()
        except (TimeoutError, aiohttp.ClientError) as error:
            raise TransientError(type(error).__name__) from error
        data = _json(raw)
        if status < 300:
            return data, headers
        message = f"{status} {data.get('message', '') if isinstance(data, dict) else ''}".strip()
        code = data.get("code") if isinstance(data, dict) else None
        if status == 429:
            raise _rate_limited(message, data, headers)
        raise error_for(status, code if isinstance(code, int) else None, message)

    async def post(self, channel_id: int, payload: MessagePayload, nonce: str) -> int | None:
        """Post once; Discord drops a repeat with the same nonce (``enforce_nonce``)."""
        body: dict[str, object] = {**payload, "nonce": nonce, "enforce_nonce": True}
        data, headers = await self._request("POST", self._url.format(channel_id), body)
        self._observe(channel_id, headers)
        return int(data["id"]) if isinstance(data, dict) and "id" in data else None

    async def find_posted(self, channel_id: int, marker: str, *, since: float) -> int | None:
        """The bot's message after ``since`` in the channel whose footer has ``marker``
        (GET /channels/{id}/messages, newest first, up to 100; needs Read Message History)."""
        after = max(int(since * 1000) - DISCORD_EPOCH, 0) << 22
        data, _ = await self._request("GET", self._url.format(channel_id) +
                                      f"?after={after}&limit=100")
        me = self.client.user.id if self.client.user else None
        for found in data if isinstance(data, list) else []:
            author = str(found.get("author", {}).get("id", ""))
            footers = [embed.get("footer", {}).get("text", "")
                       for embed in found.get("embeds", [])]
            if (me is None or author == str(me)) and any(marker in text for text in footers):
                return int(found["id"])
        return None

    def is_announcement(self, channel_id: int) -> bool:
        """An announcement channel, as the gateway described it (no request)."""
        channel = self.client.get_channel(channel_id)
        return isinstance(channel, discord.TextChannel) and channel.is_news()

    async def crosspost(self, channel_id: int, message_id: int) -> None:
        """POST /channels/{id}/messages/{id}/crosspost (the bot's own message: Send Messages
        is enough; docs: resources/message#crosspost-message)."""
        await self._request("POST", self._url.format(channel_id) + f"/{message_id}/crosspost")

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
            except discord.HTTPException as error:
                self._refused(error)
                continue
        if user_id is None:
            return False
        try:
            # Snowflakes as strings, as Discord's API describes them (discord.py sends an int).
            dm = await self.client.http.request(Route("POST", "/users/@me/channels"),
                                                json={"recipient_id": str(user_id)})
            await self._send(int(dm["id"]), payload)
            return True
        except discord.HTTPException as error:
            self._refused(error)
            return False

    def _observe(self, channel_id: int, headers: Any) -> None:
        """Pass the channel bucket's X-RateLimit-Remaining and -Reset-After to the pacer."""
        if self.on_bucket is None:
            return
        try:
            remaining = int(headers["X-RateLimit-Remaining"])
            reset_after = float(headers["X-RateLimit-Reset-After"])
        except (KeyError, ValueError):
            return
        self.on_bucket(channel_id, remaining, reset_after)

    def _refused(self, error: discord.HTTPException) -> None:
        if error.status in (401, 403, 429) and self.on_invalid_request is not None:
            self.on_invalid_request()
