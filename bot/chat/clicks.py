"""Clicks on the bot's buttons and menus: the thin Discord side of ``core.replies.clicks``.

Each click is a component interaction whose ``custom_id`` says everything (no state kept, so a
button works after a restart and on any shard). A page by the person who asked
edits their message in place (callback type 7); anyone else gets the same page only to
themselves (type 4, ephemeral), so one reader's paging never changes what others see. A pick in
a "which one?" menu answers as the command would have (a card for everyone); Sources always
answer only to the person who clicked. Every click is answered at once: the core renders in
milliseconds.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.chat.respond import EPHEMERAL_FLAG, send_payload, set_reply_language
from bot.core.replies.clicks import answer_click
from bot.core.replies.components import parse_click
from bot.core.replies.payloads import ReplyPayload
from bot.library.served import FactLibrary

__all__ = ["UPDATE_MESSAGE", "on_click"]

UPDATE_MESSAGE = 7  # "for components, edit the message the component was attached to"


def _asker(interaction: discord.Interaction) -> int | None:
    """Who ran the command the clicked message answers."""
    message = interaction.message
    metadata = getattr(message, "interaction_metadata", None) if message else None
    return metadata.user.id if metadata is not None else None


async def on_click(interaction: discord.Interaction, library: FactLibrary) -> bool:
    """Answer a click on one of our components; False when the component is not ours."""
    data: Any = interaction.data or {}
    click = parse_click(str(data.get("custom_id", "")))
    if interaction.type is not discord.InteractionType.component or click is None:
        return False
    set_reply_language(interaction)
    values = data.get("values") or []
    embeds = interaction.message.embeds if interaction.message else []
    title = (embeds[0].title or "") if embeds else ""
    payload: ReplyPayload = answer_click(library.answers, click, values[0] if values else None,
                                         title)
    ephemeral = payload["data"].get("flags", 0) & EPHEMERAL_FLAG
    if click.action == "p" and not ephemeral and _asker(interaction) == interaction.user.id:
        payload = {"type": UPDATE_MESSAGE, "data": payload["data"]}
    elif click.action == "p":
        payload = {"type": payload["type"],
                   "data": {**payload["data"], "flags": EPHEMERAL_FLAG}}
    await send_payload(interaction, payload)
    return True
