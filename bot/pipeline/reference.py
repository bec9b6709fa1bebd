"""Each alert carries its delivery's reference in its footer, so the bot can find it again.

Discord returns a message's nonce only to the request that created it, never on messages read
back, so after the nonce window has passed the reference in the footer is how the bot tells
"my earlier attempt was posted" from "it never arrived" (see ``DeliveryWorker``).
"""

from __future__ import annotations

import copy

from bot.core.replies.payloads import MessagePayload

__all__ = ["reference", "with_reference"]

FOOTER_MAX = 2048  # Discord's limit on an embed footer's text


def reference(nonce: str) -> str:
    """The footer text that marks a delivery: ``ref`` and its nonce."""
    return f"ref {nonce}"


def with_reference(payload: MessagePayload, nonce: str) -> MessagePayload:
    """A copy of ``payload`` whose last embed's footer ends with the delivery's reference."""
    marked = copy.deepcopy(payload)
    embeds = marked.get("embeds")
    if not embeds:  # nothing to carry it: such a message cannot be found again
        return marked
    embed = embeds[-1]
    text = embed.get("footer", {}).get("text", "")
    suffix = reference(nonce)
    text = f"{text[: FOOTER_MAX - len(suffix) - 3]} · {suffix}" if text else suffix
    embed["footer"] = {"text": text}
    return marked
