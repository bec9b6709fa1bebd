"""The bot's permissions in a channel, computed as Discord does from the server's roles and
the channel's overwrites (docs: topics/permissions, "Permission Overwrites"): the @everyone
role and the member's roles OR-ed; then the channel's @everyone overwrite, its role overwrites
(denies, then allows), and the member's own overwrite. Administrator allows everything.
"""

from __future__ import annotations

from typing import Any

from tests.loopback import world

__all__ = [
    "EMBED_LINKS",
    "MANAGE_MESSAGES",
    "READ_MESSAGE_HISTORY",
    "SEND_MESSAGES",
    "VIEW_CHANNEL",
    "bot_permissions_in",
]

ADMINISTRATOR = 1 << 3
VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS = 1 << 10, 1 << 11, 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_MESSAGES = 1 << 13


def _member_roles(guild: dict[str, Any], user_id: int) -> list[str]:
    for member in guild["members"]:
        if member["user"]["id"] == str(user_id):
            return list(member.get("roles", []))
    return []


def permissions_in(guild: dict[str, Any], channel: dict[str, Any] | None, user_id: int) -> int:
    """A member's permissions in a channel of ``guild`` (None: a channel with no overwrites)."""
    roles = {role["id"]: int(role["permissions"]) for role in guild["roles"]}
    mine = _member_roles(guild, user_id)
    base = roles[guild["id"]]
    for role in mine:
        base |= roles.get(role, 0)
    if base & ADMINISTRATOR:
        return (1 << 53) - 1
    overwrites = {o["id"]: o for o in (channel or {}).get("permission_overwrites", [])}
    everyone = overwrites.get(guild["id"])
    if everyone:
        base = (base & ~int(everyone["deny"])) | int(everyone["allow"])
    deny = allow = 0
    for role in mine:
        if role in overwrites:
            deny |= int(overwrites[role]["deny"])
            allow |= int(overwrites[role]["allow"])
    base = (base & ~deny) | allow
    own = overwrites.get(str(user_id))
    if own:
        base = (base & ~int(own["deny"])) | int(own["allow"])
    return base


def bot_permissions_in(channel_id: int) -> int:
    """The bot's permissions in a channel of the test server (other channels the tests add
    have no overwrites)."""
    guild = world.guild()
    channel = next((c for c in guild["channels"] if c["id"] == str(channel_id)), None)
    return permissions_in(guild, channel, world.APP_ID)
