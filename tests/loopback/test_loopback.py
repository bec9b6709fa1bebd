"""The loopback Discord refuses what Discord refuses, with Discord's status and JSON code
(docs: interactions/receiving-and-responding, topics/opcodes-and-status-codes)."""

from __future__ import annotations

import asyncio

import aiohttp

from tests.loopback import world
from tests.loopback.server import LoopbackDiscord


async def _post(discord: LoopbackDiscord, path: str, body: dict,
                method: str = "POST") -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.request(
            method, discord.api_base + path, json=body) as response:
        return response.status, await response.json(content_type=None)


async def test_an_interaction_answered_late_twice_or_not_at_all(loopback: LoopbackDiscord):
    loopback.interaction_deadline = 0.2
    for number in (1, 2, 3):
        loopback.interaction_created(str(number), f"token-{number}")
    reply = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": []}}}
    assert (await _post(loopback, "/interactions/1/token-1/callback", reply))[0] == 204
    status, body = await _post(loopback, "/interactions/1/token-1/callback", reply)
    assert (status, body["code"]) == (400, 40060)  # already acknowledged
    status, body = await _post(loopback, f"/webhooks/{world.APP_ID}/token-2",
                               {"content": "x", "allowed_mentions": {"parse": []}})
    assert (status, body["code"]) == (404, 10015)  # a follow-up before any response
    await asyncio.sleep(0.3)
    status, body = await _post(loopback, "/interactions/2/token-2/callback", reply)
    assert (status, body["code"]) == (404, 10062)  # past the deadline: unknown interaction
    status, body = await _post(loopback, "/interactions/9/token-9/callback", reply)
    assert (status, body["code"]) == (404, 10062)  # never created
    status, _ = await _post(loopback, f"/webhooks/{world.APP_ID}/token-1/messages/@original",
                            {"content": "edited", "allowed_mentions": {"parse": []}},
                            method="PATCH")
    assert status == 200


async def test_a_command_sync_that_breaks_discords_rules_is_refused(loopback: LoopbackDiscord):
    bad = [{"name": "Country", "description": "A card", "type": 1},
           {"name": "search", "description": "Find", "type": 1, "options": [
               {"name": "page", "description": "Page", "type": 4, "required": False},
               {"name": "query", "description": "Words", "type": 3, "required": True}]}]
    async with aiohttp.ClientSession() as session, session.put(
            f"{loopback.api_base}/applications/{world.APP_ID}/commands", json=bad,
            headers={"Authorization": f"Bot {world.TOKEN}"}) as response:
        status, body = response.status, await response.json()
    assert (status, body["code"]) == (400, 50035)
    assert any("must be lower case" in p for p in loopback.refused_commands)
    assert any("required options must come before" in p for p in loopback.refused_commands)


async def test_too_many_invalid_requests_get_the_ip_banned_at_discords_edge(
        loopback: LoopbackDiscord):
    loopback.invalid_request_limit, loopback.ban_seconds = 5, 60.0
    async with aiohttp.ClientSession() as session:
        for _ in range(5):
            async with session.get(f"{loopback.api_base}/users/@me",
                                   headers={"Authorization": "Bot wrong"}) as response:
                assert response.status == 401
        async with session.get(f"{loopback.api_base}/users/@me",
                               headers={"Authorization": f"Bot {world.TOKEN}"}) as response:
            assert response.status == 429 and "Via" not in response.headers
            assert response.content_type == "text/html"  # not Discord's JSON: the edge's page


async def test_follow_ups_have_a_bucket_of_their_own(loopback: LoopbackDiscord):
    loopback.enforce_rate_limits = True
    loopback.webhook_limit = (2, 5.0)
    loopback.interaction_created("1", "token-1")
    reply = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": []}}}
    assert (await _post(loopback, "/interactions/1/token-1/callback", reply))[0] == 204
    follow_up = {"content": "more", "allowed_mentions": {"parse": []}}
    statuses = [(await _post(loopback, f"/webhooks/{world.APP_ID}/token-1", follow_up))[0]
                for _ in range(3)]
    assert statuses == [200, 200, 429]  # not the global limit, but not limitless


async def test_every_answer_names_its_route_bucket(loopback: LoopbackDiscord):
    """Discord sends X-RateLimit-* on every answer; the bucket id leaves out the top-level
    resource, the window does not (docs: topics/rate-limits, "Header Format")."""
    loopback.enforce_rate_limits = True
    loopback.channel_limit = (3, 5.0)
    auth = {"Authorization": f"Bot {world.TOKEN}"}
    seen = []
    async with aiohttp.ClientSession(headers=auth) as session:
        for channel in (world.CHANNEL_ID, world.CHANNEL_ID, world.ALERTS_ID):
            async with session.post(f"{loopback.api_base}/channels/{channel}/messages",
                                    json={"content": "x", "allowed_mentions": {"parse": []}}
                                    ) as response:
                seen.append(dict(response.headers))
        async with session.get(f"{loopback.api_base}/channels/{world.CHANNEL_ID}") as response:
            seen.append(dict(response.headers))
    assert [h["X-RateLimit-Remaining"] for h in seen] == ["2", "1", "2", "49"]
    assert [h["X-RateLimit-Limit"] for h in seen] == ["3", "3", "3", "50"]
    assert seen[0]["X-RateLimit-Bucket"] == seen[2]["X-RateLimit-Bucket"]
    assert seen[0]["X-RateLimit-Bucket"] != seen[3]["X-RateLimit-Bucket"]
    assert all(0 < float(h["X-RateLimit-Reset-After"]) <= 5.0 for h in seen)


async def test_a_callback_type_must_fit_the_interaction(loopback: LoopbackDiscord):
    """Types 6 and 7 (update the message) answer components only; 8 answers autocomplete only
    (docs: interactions/receiving-and-responding, "Interaction Callback Type")."""
    loopback.interaction_created("1", "token-1", kind=2)  # a slash command
    loopback.interaction_created("2", "token-2", kind=3)  # a button
    loopback.interaction_created("3", "token-3", kind=4)  # autocomplete
    update = {"type": 7, "data": {"content": "x", "allowed_mentions": {"parse": []}}}
    status, body = await _post(loopback, "/interactions/1/token-1/callback", update)
    assert (status, body["code"]) == (400, 50035)
    assert (await _post(loopback, "/interactions/2/token-2/callback", update))[0] == 204
    reply = {"type": 4, "data": {"content": "x", "allowed_mentions": {"parse": []}}}
    assert (await _post(loopback, "/interactions/3/token-3/callback", reply))[0] == 400
    assert (await _post(loopback, "/interactions/1/token-1/callback", reply))[0] == 204
