"""The loopback Discord's per-route rate-limit buckets.

Discord limits each route (method and path, with the top-level resource it acts on: a channel,
a guild, or a webhook and its token) separately, and reports the route's bucket on every answer
in ``X-RateLimit-Limit``, ``-Remaining``, ``-Reset-After`` and ``-Bucket`` (docs:
topics/rate-limits, "Header Format"; the bucket id is "non-inclusive of top-level resources in
the path"). Discord does not publish the numbers per route, so every limit here is a setting.
"""

from __future__ import annotations

import hashlib
import re
import time

from tests.loopback.wire import SlidingWindow

__all__ = ["RouteBuckets", "route_of"]

# Top-level resources: their id is part of the bucket, not of the route.
_MAJOR = re.compile(r"^/(channels|guilds)/(\d+)|^/webhooks/(\d+)/([^/]+)")
_ID = re.compile(r"/\d{5,}")


def route_of(method: str, path: str) -> tuple[str, str]:
    """(route, top-level resource) of a request: ``POST /channels/{}/messages`` and ``42``."""
    major = _MAJOR.match(path)
    if major is None:
        return f"{method} {_ID.sub('/{}', path)}", ""
    resource = major[2] or f"{major[3]}/{major[4]}"
    head = f"/{major[1]}/{{}}" if major[1] else "/webhooks/{}/{}"
    return f"{method} {head}{_ID.sub('/{}', path[major.end():])}", resource


class RouteBuckets:
    """A sliding window per (route, top-level resource), each with its route's limit."""

    def __init__(self, default: tuple[int, float]) -> None:
        self.default = default
        self.limits: dict[str, tuple[int, float]] = {}  # route -> (count, seconds)
        self._windows: dict[tuple[str, str], SlidingWindow] = {}

    def limit(self, route: str) -> tuple[int, float]:
        """The route's (count, seconds)."""
        return self.limits.get(route, self.default)

    def _window(self, method: str, path: str) -> SlidingWindow:
        route, resource = route_of(method, path)
        window = self._windows.get((route, resource))
        if window is None or (window.count, window.seconds) != self.limit(route):
            window = self._windows[(route, resource)] = SlidingWindow(*self.limit(route))
        return window

    def admit(self, method: str, path: str, now: float) -> float:
        """Count a request: 0, or the seconds until its bucket has room (nothing counted)."""
        return self._window(method, path).admit(now)

    def forget_last(self, method: str, path: str) -> None:
        """Un-count the last request admitted to this bucket (it was refused after all)."""
        window = self._window(method, path)
        if window.times:
            window.times.pop()

    def headers(self, method: str, path: str) -> dict[str, str]:
        """The ``X-RateLimit-*`` headers Discord sends with an answer on this route."""
        route, _ = route_of(method, path)
        window = self._window(method, path)
        now = time.monotonic()
        times = [t for t in window.times if now - t < window.seconds]
        reset_after = (times[0] + window.seconds - now) if times else window.seconds
        return {"X-RateLimit-Limit": str(window.count),
                "X-RateLimit-Remaining": str(max(window.count - len(times), 0)),
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:32]}
