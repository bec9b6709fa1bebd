"""The loopback Discord's gateway: HELLO, IDENTIFY, heartbeats, RESUME with replay, dispatch to
the shard that owns a guild, and dropped connections
(https://discord.com/developers/docs/topics/gateway)."""

from __future__ import annotations

import json
import math
import time
from typing import Any

from aiohttp import WSMsgType, web

from tests.loopback import world

__all__ = ["GatewayMixin"]


class GatewayMixin:
    """The gateway half of ``LoopbackDiscord`` (state lives on the server object)."""

    token: str
    gateway_down: bool
    gateway_url: str
    shard_count: int
    identifies: int
    session_starts: int
    session_day: float
    max_concurrency: int
    identify_window: float
    _session_started: list[float]
    _identified_at: dict[int, float]
    concurrency_refusals: int
    identify_times: list[float]
    token_resets: int
    identified_shards: list[int]
    resumes: list[Any]
    sockets: list[web.WebSocketResponse]
    _seq: int
    _session: int
    _sent: list[tuple[int, dict[str, Any]]]
    _socket_shards: dict[web.WebSocketResponse, int]
    _session_shards: dict[str, int]
    _invalid_sessions: set[str]
    _changed: Any

    def interaction_created(self, interaction_id: str, token: str, kind: int = 2) -> None:
        """Remember an interaction: its callback deadline runs from now."""
        raise NotImplementedError

    def shard_of(self, guild_id: int | None) -> int:
        """The shard that receives a guild's events (Discord's formula); DMs go to shard 0."""
        return 0 if guild_id is None else (guild_id >> 22) % self.shard_count

    async def dispatch(self, event: str, data: dict) -> None:
        """Send a gateway event to the shard of its guild (kept for a RESUME replay)."""
        guild = data.get("guild_id") or (data.get("id") if event == "GUILD_CREATE" else None)
        shard = self.shard_of(int(guild) if guild else None)
        if event == "INTERACTION_CREATE":
            self.interaction_created(data["id"], data["token"], data.get("type", 2))
        await self._send_to(shard, event, data)

    async def _send_to(self, shard: int, event: str, data: dict,
                       only: web.WebSocketResponse | None = None) -> None:
        self._seq += 1
        frame = {"op": 0, "t": event, "s": self._seq, "d": data}
        self._sent.append((shard, frame))
        for socket, socket_shard in list(self._socket_shards.items()):
            if socket_shard == shard and not socket.closed and only in (None, socket):
                await socket.send_str(json.dumps(frame))

    async def request_reconnect(self) -> None:
        """Opcode 7, Reconnect: Discord asks each client to reconnect and resume (docs:
        topics/gateway-events#reconnect)."""
        for socket in list(self.sockets):
            await socket.send_str(json.dumps({"op": 7, "d": None}))

    async def invalidate_sessions(self) -> None:
        """Opcode 9, Invalid Session, not resumable: each client must identify anew (a resume
        with such a session is answered with opcode 9 again) (docs: topics/gateway-events#
        invalid-session)."""
        for socket in list(self.sockets):
            shard = self._socket_shards.get(socket)
            self._invalid_sessions.update(session for session, owner in
                                          self._session_shards.items() if owner == shard)
            await socket.send_str(json.dumps({"op": 9, "d": False}))

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway connection the way Discord does when it wants a resume."""
        for socket in list(self.sockets):
            await socket.close(code=code, message=b"loopback: dropped")

    def session_starts_left(self) -> tuple[int, float]:
        """(session starts left in the current day, seconds until the oldest is forgotten)."""
        now = time.monotonic()
        self._session_started[:] = [t for t in self._session_started
                                    if now - t < self.session_day]
        left = max(self.session_starts - len(self._session_started), 0)
        reset = (self._session_started[0] + self.session_day - now) \
            if self._session_started else 0.0
        return left, reset

    async def _identify_allowed(self, socket: web.WebSocketResponse, data: dict) -> bool:
        """Discord's identify limits (docs: events/gateway, "Identifying"): ``max_concurrency``
        identifies per 5 s for each rate-limit key (shard id modulo it), else opcode 9; past
        the day's session starts, "all active sessions for the app will be terminated, the bot
        token will be reset"."""
        if self.session_starts_left()[0] == 0:
            self.token_resets += 1
            self.token = f"{self.token}-reset"
            for open_socket in list(self.sockets):
                await open_socket.close(code=4004, message=b"Authentication failed.")
            return False
        shard = (data.get("shard") or (0, 1))[0]
        key, now = shard % self.max_concurrency, time.monotonic()
        if now - self._identified_at.get(key, -math.inf) < self.identify_window:
            self.concurrency_refusals += 1
            await socket.send_str(json.dumps({"op": 9, "d": False}))
            return False
        self._identified_at[key] = now
        self._session_started.append(now)
        self.identify_times.append(now)
        return True

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            return web.Response(status=503, text="loopback: the gateway is down")
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                await self._on_gateway_message(socket, json.loads(message.data))
        finally:
            self.sockets.remove(socket)
            self._socket_shards.pop(socket, None)
            async with self._changed:
                self._changed.notify_all()
        return socket

    async def _on_gateway_message(self, socket: web.WebSocketResponse, payload: dict) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            await socket.send_str(json.dumps({"op": 11}))
        elif op == 2:
            if data.get("token") != self.token:
                await socket.close(code=4004, message=b"Authentication failed.")
                return
            if not await self._identify_allowed(socket, data):
                return
            shard, self.shard_count = data.get("shard") or (0, 1)
            self.identifies += 1
            self.identified_shards.append(shard)
            self._session += 1
            session = f"session-{self._session}"
            self._socket_shards[socket] = self._session_shards[session] = shard
            owns_guild = self.shard_of(world.GUILD_ID) == shard
            await self._send_to(shard, "READY", world.ready(
                session, self.gateway_url, shard=(shard, self.shard_count), guilds=owns_guild),
                only=socket)
            if owns_guild:
                await self._send_to(shard, "GUILD_CREATE", world.guild(), only=socket)
        elif op == 6 and data.get("session_id") in self._invalid_sessions:
            await socket.send_str(json.dumps({"op": 9, "d": False}))
        elif op == 6:
            self.resumes.append(data)
            shard = self._socket_shards[socket] = self._session_shards[data["session_id"]]
            for frame_shard, frame in self._sent:
                if frame_shard == shard and frame["s"] > (data.get("seq") or 0):
                    await socket.send_str(json.dumps(frame))
            self._seq += 1
            await socket.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
        async with self._changed:
            self._changed.notify_all()
