"""Checks made before anything connects, shared by ``factbot run`` and ``factbot doctor``.

Each returns None when all is well, or (what was found, how to fix it). One implementation, so
the bot refuses at start exactly what doctor reports.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

__all__ = ["PORTAL", "data_dir_problem", "token_owner", "token_problem"]

PORTAL = "the developer portal (your application → Bot → Reset Token)"


def token_problem(token: str) -> tuple[str, str] | None:
    """What is wrong with a token's shape, and the fix; None when it looks like a bot token.

    A bot token is three dot-separated base64url parts, the first being the bot's user id.
    """
    if token.lower().startswith("bot "):
        return ("DISCORD_TOKEN starts with 'Bot '", "remove the 'Bot ' prefix (the bot adds it)")
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
    if not token_owner(token).isdigit():
        return ("DISCORD_TOKEN's first part is not a bot's id",
                f"copy the whole token again from {PORTAL}")
    return None


def token_owner(token: str) -> str:
    """The bot's user id a token carries in its first part ("" when it carries none)."""
    first = token.split(".")[0]
    try:
        return base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""


def data_dir_problem(data_dir: Path) -> tuple[str, str] | None:
    """Whether the bot can create ``data_dir`` and write there (a file is written and removed)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".write-probe-{os.getpid()}"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        return (f"DATA_DIR={data_dir} is not a writable folder ({error.strerror or error})",
                f"create it and let the bot's user (uid {os.getuid()}) write there, or point "
                "DATA_DIR elsewhere")
    return None
