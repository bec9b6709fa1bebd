"""Posting alert messages to channels for the delivery worker, mapping Discord's errors.

The HTTP client already waits out 429s and retries 5xx a few times; what still fails is mapped
to the pipeline's exceptions: transient, channel unavailable (403/404), or payload rejected (400).
"""

from __future__ import annotations

import aiohttp
import discord
from discord.http import Route

from bot.pipeline.delivery import ChannelUnavailableError, PayloadRejectedError, TransientError

__all__ = ["DiscordMessenger"]


class DiscordMessenger:
    """Sends core message payloads to channels through the bot's HTTP client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _send(self, channel_id: int, body: dict) -> object:
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
        return await self.client.http.request(route, json=body)

    async def post(self, channel_id: int, payload: dict, nonce: str) -> int | None:
        """Post once; Discord drops a repeat with the same nonce (``enforce_nonce``)."""
        try:
            message = await self._send(channel_id, {**payload, "nonce": nonce,
                                                    "enforce_nonce": True})
        except (discord.Forbidden, discord.NotFound) as error:
            raise ChannelUnavailableError(f"{error.status} {error.text or 'no access'}") from error
        except discord.DiscordServerError as error:
            raise TransientError(f"{error.status} {error.text}") from error
        except discord.HTTPException as error:
            if error.status == 400:
                raise PayloadRejectedError(f"400 {error.text}") from error
            raise TransientError(f"{error.status} {error.text}") from error
        except (TimeoutError, aiohttp.ClientError) as error:
            raise TransientError(type(error).__name__) from error
        return int(message["id"]) if isinstance(message, dict) and "id" in message else None

    async def post_anywhere(self, payload: dict, channel_ids: list[int],
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
