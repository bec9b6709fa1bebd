"""The small Discord world the loopback serves: one application, its owner, a server, a channel.

Builders return payloads shaped like Discord's, with just the fields discord.py reads.
"""

from __future__ import annotations

from typing import Any

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.loopback.token-for-tests-only"
APP_ID = 1_100_000_000_000_000_001
OWNER_ID = 1_200_000_000_000_000_001
MEMBER_ID = 1_200_000_000_000_000_002
GUILD_ID = 1_300_000_000_000_000_001
CHANNEL_ID = 1_400_000_000_000_000_001
ALERTS_ID = 1_400_000_000_000_000_002  # a second text channel
LOCKED_ID = 1_400_000_000_000_000_003  # the bot may not post here
NEWS_ID = 1_400_000_000_000_000_004  # an announcement channel other servers can follow
FOREIGN_ID = 1_400_000_000_000_000_999  # a channel of another server
DM_BASE = 1_900_000_000_000_000_000
MANAGE_CHANNELS = 1 << 4
ALL_PERMISSIONS = str((1 << 47) - 1)
MEMBER_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 14) | (1 << 31))  # view, send, embed, use
READ_MESSAGE_HISTORY = 1 << 16
# The bot's own role, made by Discord from the permissions its invite asked for.
BOT_ROLE_ID = 1_300_000_000_000_000_002
BOT_PERMISSIONS = str(int(MEMBER_PERMISSIONS) | READ_MESSAGE_HISTORY)
DISCORD_EPOCH = 1_420_070_400_000  # milliseconds: the first second of 2015 (docs: snowflakes)


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


def bot_user() -> dict[str, Any]:
    """The bot's own user (its id is the application's, as on Discord)."""
    return {**user(APP_ID, "factbot", bot=True), "verified": True, "mfa_enabled": False,
            "flags": 0}


def application() -> dict[str, Any]:
    """GET /oauth2/applications/@me."""
    return {"id": str(APP_ID), "name": "factbot", "icon": None, "description": "",
            "bot_public": True, "bot_require_code_grant": False, "verify_key": "0" * 64,
            "owner": user(OWNER_ID, "owner"), "flags": 0, "team": None}


def ready(session_id: str, resume_url: str, *, shard: tuple[int, int] = (0, 1),
          guilds: bool = True) -> dict[str, Any]:
    """The READY event of one shard; ``guilds`` when the test server belongs to it."""
    listed = [{"id": str(GUILD_ID), "unavailable": True}] if guilds else []
    return {"v": 10, "user": bot_user(), "guilds": listed,
            "session_id": session_id, "resume_gateway_url": resume_url, "shard": list(shard),
            "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [],
            "relationships": [], "user_settings": {}}


def channel(channel_id: int = CHANNEL_ID, name: str = "general") -> dict[str, Any]:
    """A text channel of the test server."""
    return {"id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": name,
            "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None,
            "topic": None, "last_message_id": None, "rate_limit_per_user": 0, "flags": 0}


def locked_channel() -> dict[str, Any]:
    """A channel where the bot is denied Send Messages and Embed Links."""
    deny = str((1 << 11) | (1 << 14))
    return {**channel(LOCKED_ID, "locked"), "position": 2, "permission_overwrites": [
        {"id": str(APP_ID), "type": 1, "allow": "0", "deny": deny}]}


def announcement_channel() -> dict[str, Any]:
    """An announcement channel (type 5: "users can follow and crosspost into their own
    server", docs: resources/channel#channel-object-channel-types)."""
    return {**channel(NEWS_ID, "announcements"), "type": 5, "position": 3}


def guild() -> dict[str, Any]:
    """GUILD_CREATE for the test server."""
    everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": MEMBER_PERMISSIONS,
                "position": 0, "color": 0, "hoist": False, "managed": False,
                "mentionable": False, "flags": 0}
    bot_role = {**everyone, "id": str(BOT_ROLE_ID), "name": "factbot", "managed": True,
                "position": 1, "permissions": BOT_PERMISSIONS}
    return {"id": str(GUILD_ID), "name": "Sahel watchers", "owner_id": str(OWNER_ID),
            "unavailable": False, "member_count": 3, "large": False,
            "roles": [everyone, bot_role],
            "channels": [channel(), channel(ALERTS_ID, "alerts"), locked_channel(),
                         announcement_channel()],
            "threads": [], "emojis": [], "stickers": [],
            "features": [], "members": [{**member(APP_ID, "factbot", bot=True),
                                         "roles": [str(BOT_ROLE_ID)]}],
            "voice_states": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [], "joined_at":
            "2026-01-01T00:00:00+00:00", "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "nsfw_level": 0, "premium_tier": 0, "preferred_locale": "en-US",
            "system_channel_id": str(CHANNEL_ID), "afk_timeout": 300}


def channel_type(channel_id: int) -> int:
    """The type of a channel of the test server (channels tests add are text channels)."""
    return next((c["type"] for c in guild()["channels"] if c["id"] == str(channel_id)), 0)


def member(user_id: int, name: str, *, bot: bool = False,
           permissions: str = MEMBER_PERMISSIONS) -> dict[str, Any]:
    """A guild member object (interactions add ``permissions``)."""
    return {"user": user(user_id, name, bot=bot), "roles": [], "flags": 0, "nick": None,
            "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False,
            "pending": False, "permissions": permissions}


def interaction(interaction_id: str, kind: int, data: dict[str, Any], *, user_id: int = MEMBER_ID,
                in_guild: bool = True, permissions: str = MEMBER_PERMISSIONS,
                user_installed_in: int | None = None,
                app_permissions: str = ALL_PERMISSIONS, locale: str = "en-US",
                guild_locale: str = "en-US") -> dict[str, Any]:
    """INTERACTION_CREATE: ``kind`` 2 for a command, 4 for autocomplete. ``user_installed_in``:
    a server the bot is not in, where the user runs the app they installed to their account
    (context 0 with only the user as authorizing owner; docs: interactions/receiving-and-
    responding, "Interaction Context"). ``locale``: the user's Discord language;
    ``guild_locale``: the server's preferred one."""
    payload: dict[str, Any] = {
        "id": interaction_id, "application_id": str(APP_ID), "type": kind,
        "token": f"token-{interaction_id}", "version": 1, "data": data,
        "attachment_size_limit": 26_214_400, "locale": locale, "entitlements": [],
        "app_permissions": app_permissions,
    }
    name = "owner" if user_id == OWNER_ID else "member"
    if user_installed_in is not None:
        elsewhere = {**channel(user_installed_in + 1, "their-channel"),
                     "guild_id": str(user_installed_in)}
        payload |= {"guild_id": str(user_installed_in), "channel_id": elsewhere["id"],
                    "channel": elsewhere, "guild_locale": "fr", "context": 0,
                    "member": member(user_id, name, permissions=permissions),
                    "authorizing_integration_owners": {"1": str(user_id)},
                    "app_permissions": str((1 << 14) | (1 << 15))}  # embeds, attach: external
        return payload
    if in_guild:
        payload |= {"guild_id": str(GUILD_ID), "channel_id": str(CHANNEL_ID),
                    "channel": channel(), "guild_locale": guild_locale, "context": 0,
                    "member": member(user_id, name, permissions=permissions),
                    "authorizing_integration_owners": {"0": str(GUILD_ID)}}
    else:
        dm = {"id": str(CHANNEL_ID + 99), "type": 1, "recipients": [user(user_id, name)]}
        payload |= {"channel_id": dm["id"], "channel": dm, "user": user(user_id, name),
                    "context": 1, "authorizing_integration_owners": {"1": str(user_id)}}
    return payload


def message(message_id: str, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """The message object Discord returns for a posted message."""
    return {"id": message_id, "channel_id": str(channel_id), "type": 0,
            "content": body.get("content", ""), "embeds": body.get("embeds", []),
            "author": bot_user(), "attachments": [], "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": "2026-11-24T00:00:00+00:00", "edited_timestamp": None,
            "flags": body.get("flags", 0), "components": []}
