"""Posting core payloads to Discord exactly as the core rendered them.

discord.py would rebuild a reply from ``Embed`` objects (adding fields of its own); posting the
core's dict keeps the bot's reply byte-for-byte what ``factbot ask --json`` prints. The HTTP client
of the bot still handles authentication, rate limits (429) and retries of 5xx replies.
"""

from __future__ import annotations

import discord
from discord.http import Route

from bot.core.i18n.catalog import set_language
from bot.core.replies.payloads import AutocompletePayload, ReplyPayload

__all__ = ["DEFERRED", "EPHEMERAL_FLAG", "RESPONDED", "defer", "has_responded", "send_payload",
           "set_reply_language"]

RESPONDED = "factbot.responded"  # key in Interaction.extras once a reply was posted
DEFERRED = "factbot.deferred"  # ... once the reply was deferred (its edit is still to come)
DEFERRED_REPLY = 5  # "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE": "thinking…" until edited
EPHEMERAL_FLAG = 1 << 6


def set_reply_language(interaction: discord.Interaction) -> None:
    """Replies to this interaction follow the user's Discord language, else the server's (each
    interaction runs in a task of its own, so this holds for its reply and no other)."""
    set_language(interaction.locale.value,
                 interaction.guild_locale.value if interaction.guild_locale else None)


def has_responded(interaction: discord.Interaction) -> bool:
    """Whether this interaction already has its initial response."""
    return bool(interaction.extras.get(RESPONDED)) or interaction.response.is_done()


async def send_payload(interaction: discord.Interaction,
                       payload: ReplyPayload | AutocompletePayload) -> None:
    """Post an interaction response, or a follow-up message when one was already posted."""
    http = interaction.client.http
    if interaction.extras.pop(DEFERRED, False):  # the "thinking…" reply becomes this one
        route = Route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                      webhook_id=interaction.application_id, webhook_token=interaction.token)
        data = {key: value for key, value in payload.get("data", {}).items() if key != "flags"}
        await http.request(route, json=data)
        return
    if has_responded(interaction):
        route = Route("POST", "/webhooks/{webhook_id}/{webhook_token}",
                      webhook_id=interaction.application_id, webhook_token=interaction.token)
        await http.request(route, json=payload.get("data", {}))
        return
    route = Route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                  interaction_id=interaction.id, interaction_token=interaction.token)
    await http.request(route, json=payload)
    interaction.extras[RESPONDED] = True


async def defer(interaction: discord.Interaction, *, ephemeral: bool = True) -> None:
    """Acknowledge now ("thinking…") and answer later, for a handler that may take longer
    than Discord's 3 seconds (a reload, the database); ``send_payload`` then edits the
    original response. Discord's limit (docs: interactions/receiving-and-responding)."""
    if has_responded(interaction):
        return
    route = Route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                  interaction_id=interaction.id, interaction_token=interaction.token)
    body = {"type": DEFERRED_REPLY, "data": {"flags": EPHEMERAL_FLAG if ephemeral else 0}}
    await interaction.client.http.request(route, json=body)
    interaction.extras[RESPONDED] = True
    interaction.extras[DEFERRED] = True
