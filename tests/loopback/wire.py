"""The loopback Discord's HTTP pieces: recorded requests, injected faults, rate windows, and
responses shaped like Discord's (JSON errors ``{"message", "code"}``, 429s with Discord's body
and headers: https://discord.com/developers/docs/topics/rate-limits)."""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["CHANNEL_LIMIT", "CODE_MESSAGES", "ERRORS", "GLOBAL_LIMIT", "Fault", "Request",
           "SlidingWindow", "cloudflare_ban", "error_response", "json_response", "too_many"]


@dataclass
class Request:
    """One request the bot made."""

    method: str
    path: str  # after /api/v10, without the query
    query: dict[str, str]
    body: Any
    status: int = 0
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """Answer the next ``times`` matching requests with ``status`` instead of handling them."""

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int = 1
    retry_after: float = 0.3
    code: int | None = None  # Discord's JSON error code (default: the usual one for the status)
    html: bool = False  # a 429 from Cloudflare's edge: an HTML page, no JSON, no Via header


GLOBAL_LIMIT = 50  # requests per second per bot
CHANNEL_LIMIT = (5, 5.0)  # messages per seconds per channel


class SlidingWindow:
    """Event times within the last ``seconds``; full at ``count``."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self.times: deque[float] = deque()

    def admit(self, now: float) -> float:
        """Record an event and return 0, or return the seconds until one would fit."""
        while self.times and now - self.times[0] >= self.seconds:
            self.times.popleft()
        if len(self.times) >= self.count:
            return self.times[0] + self.seconds - now
        self.times.append(now)
        return 0.0


def json_response(data: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> web.Response:
    # Exactly application/json: discord.py fails at login on a charset suffix.
    return web.Response(status=status, body=json.dumps(data).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


def error_response(status: int, message: str, code: int = 0) -> web.Response:
    return json_response({"message": message, "code": code}, status)


# Discord's usual JSON error for a status (docs: topics/opcodes-and-status-codes).
ERRORS = {401: ("401: Unauthorized", 0), 403: ("Missing Permissions", 50013),
          404: ("Unknown Channel", 10003), 500: ("Internal Server Error", 0)}
# Messages of the JSON error codes the loopback can be asked for.
CODE_MESSAGES = {10003: "Unknown Channel", 10008: "Unknown Message", 50001: "Missing Access",
                 50013: "Missing Permissions", 40002: "You need to verify your account in "
                 "order to perform this action", 200000: "Message was blocked by automatic "
                 "moderation", 200001: "Title was blocked by automatic moderation"}


def cloudflare_ban(retry_after: float) -> web.Response:
    """What Discord's edge answers an IP it banned: an HTML page, no ``Via`` header
    (docs: topics/rate-limits, "Invalid Request Limit")."""
    return web.Response(status=429, text="<html><body>error code: 1015</body></html>",
                        headers={"Content-Type": "text/html",
                                 "Retry-After": str(round(retry_after))})


def too_many(retry_after: float, *, globally: bool,
             bucket: dict[str, str] | None = None) -> web.Response:
    """A 429 with the body and headers Discord sends (``bucket``: the route's X-RateLimit-*)."""
    retry_after = round(max(retry_after, 0.001), 3)
    headers = {"Via": "1.1 google", "Retry-After": str(max(1, round(retry_after))),
               "X-RateLimit-Scope": "global" if globally else "user"}
    if globally:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers |= bucket or {"X-RateLimit-Limit": "5", "X-RateLimit-Bucket": "loopback"}
        headers |= {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": str(retry_after)}
    return json_response({"message": "You are being rate limited.", "retry_after": retry_after,
                  "global": globally}, 429, headers)
