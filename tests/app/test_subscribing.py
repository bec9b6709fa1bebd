"""/subscribe as a use case, on SQLite and PostgreSQL: backlogs and the caps of a server."""

from __future__ import annotations

from bot.app.subscribing import SubscribeRequest, Subscriptions
from bot.store.store import Outgoing, Store

GUILD, OTHER_GUILD = 1300000000000000001, 1300000000000000002
CHANNEL = 1400000000000000001
EVERY_PERMISSION = {"view_channel": True, "send_messages": True, "embed_links": True,
                    "read_message_history": True}


class Delivery:
    """The delivery worker as the use case sees it (it is only woken)."""

    dispatching = True

    def wake(self) -> None:
        return None


def request(channel: int = CHANNEL, guild: int = GUILD, **options) -> SubscribeRequest:
    return SubscribeRequest(guild_id=guild, channel_id=channel, channel_guild_id=guild,
                            is_text_channel=True, bot_permissions=EVERY_PERMISSION, user_id=7,
                            **options)


def title(reply: dict) -> str:
    return reply["data"]["embeds"][0]["title"]


def reply_text(reply: dict) -> str:
    return reply["data"]["embeds"][0]["description"]


def backlog_received(store: Store, channel: int) -> int:
    """How many earlier facts ``channel`` receives as the delivery worker sends what waits."""
    count = 0
    while batch := store.due():
        for delivery in batch:
            store.mark_sent(delivery.id, None)
            if delivery.channel_id == channel and delivery.kind == "backlog":
                for embed in delivery.payload["embeds"]:  # a fact each, or a digest's lines
                    lines = embed["description"].split("\n")
                    count += sum(line.startswith("• ") for line in lines) or 1
    return count


async def test_a_backlog_comes_with_a_new_or_resumed_subscription_only(store, library):
    subscriptions = Subscriptions(library, store, Delivery())
    first = await subscriptions.subscribe(request(topic="Mali", backlog="2"))
    assert title(first) == "Subscribed"
    assert "2 earlier facts are on the way" in reply_text(first)
    assert backlog_received(store, CHANNEL) == 2

    again = await subscriptions.subscribe(request(topic="Mali", backlog="2", updates=True))
    assert title(again) == "Updated"
    assert "on the way" not in reply_text(again)
    assert "No earlier facts were sent: this channel already had this subscription" in \
        reply_text(again)
    assert backlog_received(store, CHANNEL) == 0  # not twice

    store.pause_channel(CHANNEL, "Missing Access")
    resumed = await subscriptions.subscribe(request(topic="Mali", backlog="3"))
    assert title(resumed) == "Resumed"
    assert "3 earlier facts are on the way" in reply_text(resumed)
    assert backlog_received(store, CHANNEL) == 3

    plain = await subscriptions.subscribe(request(topic="Mali"))  # no backlog asked: no word
    assert "earlier facts" not in reply_text(plain)


async def test_a_server_has_at_most_25_subscriptions(store, library):
    subscriptions = Subscriptions(library, store, Delivery())
    for n in range(25):
        made = await subscriptions.subscribe(request(CHANNEL + n))
        assert title(made) == "Subscribed"

    refused = await subscriptions.subscribe(request(CHANNEL + 25, backlog="2"))
    assert title(refused) == "Too many subscriptions"
    assert refused["data"]["flags"] & 64  # only the admin who asked sees it
    assert "already has 25 subscriptions" in reply_text(refused)
    assert "/unsubscribe" in reply_text(refused)
    assert len(store.subscriptions(GUILD)) == 25
    assert backlog_received(store, CHANNEL + 25) == 0

    changed = await subscriptions.subscribe(request(CHANNEL, updates=True))  # not a new one
    assert title(changed) == "Updated"
    elsewhere = await subscriptions.subscribe(request(CHANNEL + 100, guild=OTHER_GUILD))
    assert title(elsewhere) == "Subscribed"

    await subscriptions.unsubscribe(GUILD, CHANNEL, None)
    freed = await subscriptions.subscribe(request(CHANNEL + 25))
    assert title(freed) == "Subscribed"


async def test_a_servers_waiting_backlog_messages_are_capped_at_200(store, library):
    subscriptions = Subscriptions(library, store, Delivery())
    await subscriptions.subscribe(request(CHANNEL))
    (earlier,) = store.subscriptions(GUILD)
    store.enqueue([Outgoing(earlier.id, CHANNEL, "backlog", {"embeds": []})] * 199)

    last = await subscriptions.subscribe(request(CHANNEL + 1, topic="Wagner", backlog="1"))
    assert "1 earlier fact is on the way" in reply_text(last)  # the 200th message

    refused = await subscriptions.subscribe(request(CHANNEL + 2, topic="Mali", backlog="5"))
    assert title(refused) == "Subscribed"  # the subscription is made ...
    assert "on the way" not in reply_text(refused)  # ... without its backlog
    assert "already has 200 backlog messages waiting to be posted, and at most 200 may wait" \
        in reply_text(refused)
    assert [s.channel_id for s in store.subscriptions(GUILD)][-1] == CHANNEL + 2
    assert backlog_received(store, CHANNEL + 2) == 0

    elsewhere = await subscriptions.subscribe(
        request(CHANNEL + 100, guild=OTHER_GUILD, topic="Mali", backlog="5"))
    assert "5 earlier facts are on the way" in reply_text(elsewhere)
