"""A loopback stand-in for Discord: REST under ``/api/v10`` and the gateway WebSocket.

The bot runs unmodified against it (``DISCORD_API_BASE`` points here; ``GET /gateway/bot`` hands
out the WebSocket URL). It records every request, validates every JSON body against Discord's
OpenAPI description when ``../shared`` has it (plus the 6000-character total and the no-ping
rule), and can inject faults: 429 with Discord's headers, 5xx, 403, 404, a dropped gateway.
With ``enforce_rate_limits`` it answers 429 the way Discord would to a bot sending faster than
50 requests a second, or more than 5 messages in 5 seconds to one channel. ``hold_messages_after``
keeps the next message requests waiting, so a test can kill the bot while a send is in flight.
Anything the bot sends that this stand-in does not know is recorded as a violation.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.discord_api import DiscordSpec, spec_if_present
from tests.loopback import world
from tests.loopback.buckets import RouteBuckets
from tests.loopback.commands import command_problems
from tests.loopback.gateway import GatewayMixin
from tests.loopback.permissions import (
    EMBED_LINKS,
    MANAGE_MESSAGES,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    bot_permissions_in,
)
from tests.loopback.wire import (
    CHANNEL_LIMIT,
    CODE_MESSAGES,
    ERRORS,
    GLOBAL_LIMIT,
    Fault,
    Request,
    SlidingWindow,
    cloudflare_ban,
    error_response,
    json_response,
    too_many,
)

API = "/api/v10"
# Interaction type -> the callback types that may answer it (command 2, component 3,
# autocomplete 4, modal submit 5).
CALLBACKS_FOR = {2: {4, 5, 9, 12}, 3: {4, 5, 6, 7, 9, 12}, 4: {8}, 5: {4, 5, 6, 7}}
CROSSPOSTED = 1 << 0  # message flag: "published to subscribed channels" (resources/message)
MESSAGE_ROUTE = "POST /channels/{}/messages"
CROSSPOST_ROUTE = "POST /channels/{}/messages/{}/crosspost"
WEBHOOK_ROUTES = ("POST /webhooks/{}/{}", "PATCH /webhooks/{}/{}/messages/@original")


class LoopbackDiscord(GatewayMixin):
    """Discord's REST API and gateway on 127.0.0.1, for one test."""

    def __init__(self, *, token: str = world.TOKEN, spec: DiscordSpec | None = None,
                 validate: bool = True) -> None:
        self.token = token
        self.spec = (spec if spec is not None else spec_if_present()) if validate else None
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.commands: dict[str, list[dict]] = {}  # "global" or guild id -> synced commands
        self.messages: dict[int, list[dict]] = {}  # channel id -> messages posted (once each)
        # (channel, nonce) -> (when it was sent, the message). Discord checks enforce_nonce
        # "for uniqueness in the past few minutes" (docs: resources/message#create-message):
        # after ``nonce_window`` seconds a nonce is forgotten and a repeat posts again.
        self._nonces: dict[tuple[int, str], tuple[float, dict]] = {}
        self.nonce_window = 300.0
        self.posted: dict[int, list[dict]] = {}  # channel id -> message objects, oldest first
        self.unreadable: set[int] = set()  # channels whose history the bot may not read
        # Interactions: a callback must come within 3 seconds, once; follow-ups and edits of
        # the original need the callback first and work for 15 minutes (docs: interactions/
        # receiving-and-responding, "Responding to an Interaction").
        self.interaction_deadline = 3.0
        self.token_lifetime = 15 * 60.0
        self._interactions: dict[str, dict[str, Any]] = {}  # id -> token, at, acked, type
        self.originals: dict[str, dict] = {}  # interaction token -> its edited original
        self.refused_commands: list[str] = []  # why a command sync was refused
        self._invalid_sessions: set[str] = set()  # sessions opcode 9 ended
        self.invalid_request_limit, self.invalid_window = 10_000, 600.0
        self.ban_seconds = 3600.0
        # Identify limits (docs: events/gateway): session starts a day, identifies per
        # ``identify_window`` s for each rate-limit key; the day is a setting for tests.
        self.session_starts, self.session_day = 1000, 86_400.0
        self.max_concurrency, self.identify_window = 1, 5.0
        self._session_started: list[float] = []
        self._identified_at: dict[int, float] = {}
        self.identify_times: list[float] = []  # when each accepted identify came
        self.concurrency_refusals = 0  # identifies answered with opcode 9 (too many at once)
        self.token_resets = 0  # identifies past the day's session starts
        self.banned_until = 0.0
        self._invalid: deque[float] = deque()
        self.channels: set[int] = {world.CHANNEL_ID, world.ALERTS_ID, world.LOCKED_ID,
                                   world.NEWS_ID}
        self.crossposted: list[tuple[int, str]] = []  # (channel, message) published
        self.message_delay = 0.0  # seconds before each message is created (slow fan-outs)
        self.enforce_rate_limits = False
        self.rate_limited: list[Request] = []  # requests refused by the enforced limits
        self.nonce_replays = 0  # sends answered with the message an earlier send created
        self.held = 0  # message requests that were held at the gate
        self.waiting = 0  # ... and are waiting there now
        self._hold_after: int | None = None
        self._gate = asyncio.Event()
        self._global_window = SlidingWindow(GLOBAL_LIMIT, 1.0)
        # Every route has a bucket per channel, guild or webhook; their sizes are settings
        # (Discord publishes none), counted while ``enforce_rate_limits`` is on.
        self.buckets = RouteBuckets(default=(50, 1.0))
        # Discord's per-channel message limit is not documented as a number: a setting, so the
        # bot is tested with more than one and cannot pass by matching a twin constant.
        self.channel_limit = CHANNEL_LIMIT
        # Interaction follow-ups are exempt from the global limit, not from their own bucket
        # (docs: topics/rate-limits, "Global Rate Limit"); its size is a setting too.
        self.webhook_limit = (5, 2.0)
        # Publishing: "up to 10 messages per hour per channel" (Discord's help centre,
        # Announcement Channels FAQ; the API docs give no number): a setting too.
        self.crosspost_limit = (10, 3600.0)
        self.identifies = 0
        self.gateway_down = False  # refuse gateway connections (an outage)
        self.resumes: list[dict] = []
        self.sockets: list[web.WebSocketResponse] = []
        self._sent: list[tuple[int, dict]] = []  # (shard, dispatch), for RESUME replay
        self.shard_count = 1  # as the bot identified
        self.identified_shards: list[int] = []
        self._socket_shards: dict[web.WebSocketResponse, int] = {}
        self._session_shards: dict[str, int] = {}
        self._seq = 0
        self._session = 0
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle ----------------------------------------------------------------------
    async def start(self) -> LoopbackDiscord:
        """Listen on a free loopback port."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # aiohttp has no public accessor
        return self

    async def close(self) -> None:
        """Close every socket and stop listening."""
        for socket in list(self.sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """What DISCORD_API_BASE is set to for the bot."""
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        """The WebSocket URL handed out by /gateway/bot and READY."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ---- test controls ------------------------------------------------------------------
    @property
    def channel_limit(self) -> tuple[int, float]:
        """(messages, seconds) a channel accepts, from one bot."""
        return self.buckets.limit(MESSAGE_ROUTE)

    @channel_limit.setter
    def channel_limit(self, limit: tuple[int, float]) -> None:
        self.buckets.limits[MESSAGE_ROUTE] = limit

    @property
    def crosspost_limit(self) -> tuple[int, float]:
        """(messages, seconds) one announcement channel may publish."""
        return self.buckets.limit(CROSSPOST_ROUTE)

    @crosspost_limit.setter
    def crosspost_limit(self, limit: tuple[int, float]) -> None:
        self.buckets.limits[CROSSPOST_ROUTE] = limit

    @property
    def webhook_limit(self) -> tuple[int, float]:
        """(requests, seconds) one interaction token's follow-ups and edits accept."""
        return self.buckets.limit(WEBHOOK_ROUTES[0])

    @webhook_limit.setter
    def webhook_limit(self, limit: tuple[int, float]) -> None:
        self.buckets.limits.update(dict.fromkeys(WEBHOOK_ROUTES, limit))

    def fail(self, method: str, path_regex: str, status: int, *, times: int = 1,
             retry_after: float = 0.3, code: int | None = None, html: bool = False) -> None:
        """Make the next ``times`` requests matching ``path_regex`` fail with ``status`` (and
        Discord's JSON error ``code``; ``html``: a 429 as Cloudflare's edge sends it)."""
        self.faults.append(Fault(method, re.compile(path_regex), status, times, retry_after,
                                 code, html))

    def hold_messages_after(self, count: int) -> None:
        """Keep message requests waiting once ``count`` messages exist, until ``release()``."""
        self._hold_after = count
        self._gate.clear()

    def release(self) -> None:
        """Let held message requests through (and stop holding)."""
        self._hold_after = None
        self._gate.set()

    def message_count(self) -> int:
        """How many messages were posted to channels."""
        return sum(len(posted) for posted in self.messages.values())

    def titles(self, channel_id: int) -> list[str]:
        """The embed titles posted to a channel, in order."""
        return [e["title"] for m in self.messages.get(channel_id, []) for e in m["embeds"]]

    def add_channels(self, channel_ids: list[int]) -> None:
        """More text channels of the test server that the bot may post to."""
        self.channels.update(channel_ids)

    def use_session_starts(self, count: int) -> None:
        """Count ``count`` session starts now, as if the bot had restarted that many times."""
        self._session_started.extend([time.monotonic()] * count)

    def fill_global_window(self, count: int) -> None:
        """Count ``count`` requests in the global window now, as if another process of the
        same bot had just sent them."""
        now = time.monotonic()
        self._global_window.times.extend([now] * count)

    def matching(self, method: str, path_regex: str) -> list[Request]:
        """The recorded requests with this method whose path matches."""
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0,
                       alive: Callable[[], None] | None = None) -> Any:
        """Wait until ``predicate()`` is truthy; ``alive()`` raises if the bot died meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if alive is not None:
                alive()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the loopback Discord did not see what the test waited for")
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    def next_id(self) -> str:
        """A fresh snowflake: milliseconds since Discord's epoch, shifted 22 bits, and a
        sequence (docs: reference#snowflakes), so ``after``/``before`` compare as in time."""
        millis = int(time.time() * 1000) - world.DISCORD_EPOCH
        return str((millis << 22) | (next(self._sequence) & 0x3FFFFF))

    # ---- REST ---------------------------------------------------------------------------
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        if not request.path.startswith(API):
            return await handler(request)
        path = request.path[len(API):]
        body = None
        if request.can_read_body:
            text = await request.text()
            try:
                body = json.loads(text) if text else None
            except ValueError:
                self.violations.append(f"{request.method} {path}: body is not JSON")
        record = Request(request.method, path, dict(request.query), body)
        self._check(record)
        response = self._banned() or self._fault(record) or self._rate_limit(record) or \
            await handler(request)
        record.status = response.status
        if "X-RateLimit-Bucket" not in response.headers and response.status != 429:
            response.headers.update(self.buckets.headers(record.method, record.path))
        self._count_invalid(response)
        self.requests.append(record)
        async with self._changed:
            self._changed.notify_all()
        return response

    def _banned(self) -> web.Response | None:
        """Cloudflare's answer to an IP past Discord's invalid request limit."""
        wait = self.banned_until - time.monotonic()
        return cloudflare_ban(wait) if wait > 0 else None

    def _count_invalid(self, response: web.StreamResponse) -> None:
        """401, 403 and 429 answers (but a 429 of a shared bucket) count towards the invalid
        request limit: 10,000 in 10 minutes bans the IP for an hour (docs: topics/rate-limits,
        "Invalid Request Limit"); the numbers are settings of the loopback."""
        shared = response.headers.get("X-RateLimit-Scope") == "shared"
        if response.status in (401, 403) or (response.status == 429 and not shared):
            now = time.monotonic()
            self._invalid.append(now)
            while self._invalid and now - self._invalid[0] > self.invalid_window:
                self._invalid.popleft()
            if len(self._invalid) >= self.invalid_request_limit:
                self.banned_until = now + self.ban_seconds

    def _check(self, record: Request) -> None:
        if self.spec is None or record.body is None:
            return
        if not self.spec.known(record.method, record.path):
            self.violations.append(f"{record.method} {record.path}: not in Discord's API")
            return
        self.violations.extend(self.spec.problems(record.method, record.path, record.body))

    def _fault(self, record: Request) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == record.method and \
                    fault.pattern.search(record.path):
                fault.times -= 1
                if fault.status == 429:
                    return cloudflare_ban(fault.retry_after) if fault.html else \
                        too_many(fault.retry_after, globally=False)
                message, code = ERRORS.get(fault.status, ("Server error", 0))
                if fault.code is not None:
                    message, code = CODE_MESSAGES.get(fault.code, message), fault.code
                return error_response(fault.status, message, code)
        return None

    def _rate_limit(self, record: Request) -> web.Response | None:
        if not self.enforce_rate_limits or record.path.startswith("/interactions/"):
            return None  # one callback per interaction: no limit applies
        now = time.monotonic()
        wait = self.buckets.admit(record.method, record.path, now)
        if wait:
            self.rate_limited.append(record)
            return too_many(wait, globally=False,
                            bucket=self.buckets.headers(record.method, record.path))
        if record.path.startswith("/webhooks/"):
            return None  # follow-ups: not the global limit, only their token's bucket
        wait = self._global_window.admit(now)
        if wait:
            self.buckets.forget_last(record.method, record.path)  # it was not sent after all
            self.rate_limited.append(record)
            return too_many(wait, globally=True)
        return None

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.path[len(API):]
        # Interaction callbacks and webhooks are authenticated by their token in the path.
        if not path.startswith(("/interactions/", "/webhooks/", "/gateway")) and \
                request.headers.get("Authorization") != f"Bot {self.token}":
            return error_response(401, "401: Unauthorized")
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if method == request.method and match:
                return await handler(request, **match.groupdict())
        self.violations.append(f"{request.method} {path}: the loopback Discord has no such route")
        return error_response(404, "404: Not Found")

    def _routes(self) -> list[tuple[str, str, Callable]]:
        app = rf"/applications/{world.APP_ID}"
        return [
            ("GET", r"/users/@me", self._me),
            ("GET", r"/oauth2/applications/@me", self._application),
            ("GET", r"/gateway", self._gateway_info),
            ("GET", r"/gateway/bot", self._gateway_info),
            ("PUT", app + r"/commands", self._put_commands),
            ("PUT", app + r"/guilds/(?P<guild>\d+)/commands", self._put_commands),
            ("GET", app + r"/commands", self._get_commands),
            ("GET", app + r"/guilds/(?P<guild>\d+)/commands", self._get_commands),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)", self._followup),
            ("PATCH", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/@original",
             self._edit_original),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message),
            ("GET", r"/channels/(?P<channel>\d+)/messages", self._get_messages),
            ("POST", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/crosspost",
             self._crosspost),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("GET", r"/guilds/(?P<guild>\d+)", self._get_guild),
            ("GET", r"/channels/(?P<channel>\d+)", self._get_channel),
        ]

    async def _me(self, request: web.Request) -> web.Response:
        return json_response(world.bot_user())

    async def _application(self, request: web.Request) -> web.Response:
        return json_response(world.application())

    async def _gateway_info(self, request: web.Request) -> web.Response:
        """GET /gateway/bot: with the session starts left today, counting this loopback's
        identifies (docs: topics/gateway, "Session Start Limit")."""
        remaining, reset_after = self.session_starts_left()
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": {
            "total": self.session_starts, "remaining": remaining,
            "reset_after": round(reset_after * 1000),
            "max_concurrency": self.max_concurrency}})

    async def _put_commands(self, request: web.Request, guild: str = "global") -> web.Response:
        body = await request.json()
        problems = [problem for command in body for problem in command_problems(command)]
        if problems:
            self.refused_commands.extend(problems)
            return json_response({"message": "Invalid Form Body", "code": 50035,
                                  "errors": {"_errors": [{"code": "APPLICATION_COMMAND_INVALID",
                                                          "message": p} for p in problems]}}, 400)
        # Discord answers with every field: a context-menu command's description is "" (docs:
        # interactions/application-commands, "Message Commands"), options [] when none.
        stored = [{"description": "", "options": [], **command, "id": self.next_id(),
                   "application_id": str(world.APP_ID),
                   "version": self.next_id(), **({"guild_id": guild} if guild != "global" else {})}
                  for command in body]
        self.commands[guild] = stored
        return json_response(stored)

    async def _get_commands(self, request: web.Request, guild: str = "global") -> web.Response:
        """The commands held for a scope; the localization dictionaries only with
        ``with_localizations=true`` (docs: interactions/application-commands, "Get Global
        Application Commands": otherwise ``name_localized`` for the caller's locale)."""
        held = self.commands.get(guild, [])
        if request.query.get("with_localizations") in ("true", "1", "True"):
            return json_response(held)
        localized = ("name_localizations", "description_localizations")

        def plain(item: dict) -> dict:
            return {key: ([plain(o) for o in value] if key == "options" else value)
                    for key, value in item.items() if key not in localized}
        return json_response([plain(command) for command in held])

    def interaction_created(self, interaction_id: str, token: str, kind: int = 2) -> None:
        """Remember an interaction (``kind``: 2 command, 3 component, 4 autocomplete): its
        callback deadline runs from now."""
        self._interactions[interaction_id] = {"token": token, "at": time.monotonic(),
                                              "acked": False, "type": None, "kind": kind}

    def _by_token(self, token: str) -> dict[str, Any] | None:
        return next((i for i in self._interactions.values() if i["token"] == token), None)

    async def _callback(self, request: web.Request, id: str, token: str) -> web.Response:
        known = self._interactions.get(id)
        if known is None or known["token"] != token or \
                time.monotonic() - known["at"] > self.interaction_deadline:
            return error_response(404, "Unknown interaction", 10062)
        if known["acked"]:
            return error_response(400, "Interaction has already been acknowledged.", 40060)
        answer = (await request.json()).get("type")
        if answer not in CALLBACKS_FOR[known["kind"]]:
            # Types 6 and 7 are "only valid for component-based interactions", 8 answers only
            # autocomplete (docs: interactions/receiving-and-responding, "Interaction Callback
            # Type"); Discord's code for it is not documented: the form-body error here.
            return error_response(400, "Invalid Form Body", 50035)
        known["acked"] = True
        known["type"] = answer
        if request.query.get("with_response") in ("1", "true"):
            return json_response({"interaction": {"id": id, "type": 2, "activity_instance_id": None,
                                          "response_message_id": self.next_id(),
                                          "response_message_loading": False,
                                          "response_message_ephemeral": False}})
        return web.Response(status=204)

    def _webhook_refusal(self, token: str) -> web.Response | None:
        """Follow-ups and edits need an acknowledged interaction less than 15 minutes old."""
        known = self._by_token(token)
        if known is None or not known["acked"] or \
                time.monotonic() - known["at"] > self.token_lifetime:
            return error_response(404, "Unknown Webhook", 10015)
        return None

    async def _followup(self, request: web.Request, app: str, token: str) -> web.Response:
        refused = self._webhook_refusal(token)
        if refused is not None:
            return refused
        body = await request.json()
        return json_response(world.message(self.next_id(), world.CHANNEL_ID, body))

    async def _edit_original(self, request: web.Request, app: str, token: str) -> web.Response:
        refused = self._webhook_refusal(token)
        if refused is not None:
            return refused
        body = await request.json()
        self.originals[token] = body
        return json_response(world.message(self.next_id(), world.CHANNEL_ID, body))

    async def _create_message(self, request: web.Request, channel: str) -> web.Response:
        channel_id = int(channel)
        if channel_id not in self.channels and channel_id < world.DM_BASE:
            return error_response(404, "Unknown Channel", 10003)
        body = await request.json()
        if channel_id < world.DM_BASE:  # Discord checks the bot's permissions in the channel
            granted = bot_permissions_in(channel_id)
            if not granted & VIEW_CHANNEL:
                return error_response(403, "Missing Access", 50001)
            needed = SEND_MESSAGES | (EMBED_LINKS if body.get("embeds") else 0)
            if granted & needed != needed:
                return error_response(403, "Missing Permissions", 50013)
        nonce = body.get("nonce")
        seen = self._nonces.get((channel_id, nonce)) if nonce else None
        if seen and body.get("enforce_nonce") and time.monotonic() - seen[0] < self.nonce_window:
            self.nonce_replays += 1
            return json_response(seen[1])  # Discord: the original message
        if self._hold_after is not None and self.message_count() >= self._hold_after:
            self.held += 1
            self.waiting += 1
            async with self._changed:
                self._changed.notify_all()
            await self._gate.wait()  # Discord still creates it if the sender has gone meanwhile
            self.waiting -= 1
        if self.message_delay:
            await asyncio.sleep(self.message_delay)
        message = world.message(self.next_id(), channel_id, body)
        if nonce:
            self._nonces[(channel_id, nonce)] = (time.monotonic(), message)
        self.messages.setdefault(channel_id, []).append(body)
        self.posted.setdefault(channel_id, []).append(message)
        return json_response(message)

    async def _get_messages(self, request: web.Request, channel: str) -> web.Response:
        """A channel's messages, newest first; ``after``, ``before``, ``limit`` 1-100 (docs:
        resources/message#get-channel-messages). Needs View Channel and Read Message History:
        a channel the bot cannot read answers 403 50001."""
        channel_id = int(channel)
        if channel_id not in self.channels:
            return error_response(404, "Unknown Channel", 10003)
        granted = bot_permissions_in(channel_id)
        if channel_id in self.unreadable or not granted & VIEW_CHANNEL or \
                not granted & READ_MESSAGE_HISTORY:
            return error_response(403, "Missing Access", 50001)
        try:
            limit = int(request.query.get("limit", "50"))
            after = int(request.query.get("after", "0"))
            before = int(request.query.get("before", str(1 << 63)))
        except ValueError:
            return error_response(400, "Invalid Form Body", 50035)
        if not 1 <= limit <= 100:
            return error_response(400, "Invalid Form Body", 50035)
        found = [m for m in self.posted.get(channel_id, []) if after < int(m["id"]) < before]
        return json_response(list(reversed(found))[:limit])

    async def _crosspost(self, request: web.Request, channel: str,
                         message: str) -> web.Response:
        """Publish a message of an announcement channel to the channels following it (docs:
        resources/message#crosspost-message): the bot's own message needs Send Messages,
        another's Manage Messages too; once only (40033); other channel types 50024."""
        channel_id = int(channel)
        if channel_id not in self.channels:
            return error_response(404, "Unknown Channel", 10003)
        found = next((m for m in self.posted.get(channel_id, []) if m["id"] == message), None)
        if found is None:
            return error_response(404, "Unknown Message", 10008)
        if world.channel_type(channel_id) != 5:
            return error_response(400, "Cannot execute action on this channel type", 50024)
        granted = bot_permissions_in(channel_id)
        own = found["author"]["id"] == str(world.APP_ID)
        if not granted & VIEW_CHANNEL:
            return error_response(403, "Missing Access", 50001)
        if not granted & SEND_MESSAGES or not (own or granted & MANAGE_MESSAGES):
            return error_response(403, "Missing Permissions", 50013)
        if found["flags"] & CROSSPOSTED:
            return error_response(400, "This message has already been crossposted", 40033)
        found["flags"] |= CROSSPOSTED
        self.crossposted.append((channel_id, message))
        return json_response(found)

    async def _get_guild(self, request: web.Request, guild: str) -> web.Response:
        if int(guild) != world.GUILD_ID:
            return error_response(404, "Unknown Guild", 10004)
        return json_response(world.guild())

    async def _get_channel(self, request: web.Request, channel: str) -> web.Response:
        if int(channel) not in self.channels:
            return error_response(404, "Unknown Channel", 10003)
        return json_response({**world.channel(int(channel), f"c{int(channel) % 1000}"),
                              "type": world.channel_type(int(channel))})

    async def _open_dm(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = int(body["recipient_id"])
        return json_response({"id": str(world.DM_BASE + user_id % 1000), "type": 1,
                      "recipients": [world.user(user_id, "member")], "last_message_id": None})
