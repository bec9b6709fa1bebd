"""Discord's documented message limits, which every reply and alert is built to fit.

The content limits below them (``NAME_MAX`` …) are what the validator enforces on fact files, chosen
so that any single record always fits in the place a reply shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ALIAS_MAX",
    "ATTRIBUTION_MAX",
    "CHOICES_MAX",
    "CHOICE_NAME_MAX",
    "CHOICE_VALUE_MAX",
    "CONTENT_MAX",
    "DESCRIPTION_MAX",
    "EMBEDS_MAX",
    "EPHEMERAL",
    "FACT_TEXT_MAX",
    "FIELDS_MAX",
    "FIELD_NAME_MAX",
    "FIELD_VALUE_MAX",
    "FOOTER_MAX",
    "MESSAGE_TOTAL_MAX",
    "NAME_MAX",
    "NO_MENTIONS",
    "QUOTE_MAX",
    "SHORT_TEXT_MAX",
    "SUMMARY_MAX",
    "TITLE_MAX",
    "URL_MAX",
    "embed_text_total",
]

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
AUTHOR_NAME_MAX = 256
EMBEDS_MAX = 10
MESSAGE_TOTAL_MAX = 6000
CONTENT_MAX = 2000
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100

EPHEMERAL = 1 << 6
NO_MENTIONS: dict[str, list[str]] = {"parse": []}

# What a fact file may hold, so that each record fits where replies show it.
NAME_MAX = CHOICE_NAME_MAX - 20  # room for " (armed group)" in mixed-kind autocomplete
ALIAS_MAX = CHOICE_NAME_MAX - 20
SUMMARY_MAX = FIELD_VALUE_MAX
FACT_TEXT_MAX = 800  # a field value also carries the date and citation marker
QUOTE_MAX = 300
SHORT_TEXT_MAX = 200
ATTRIBUTION_MAX = 80  # "According to …:" precedes the text wherever a statement is shown
URL_MAX = 512  # an article's address, shown in a /source field

# The checks read payloads as JSON, whatever their shape: the bot's own (the typed dictionaries
# of ``bot.core.replies.payloads``) and what a test's loopback Discord received.
Json = Mapping[str, Any]


def embed_text_total(embed: Json) -> int:
    """Characters of an embed that count towards the 6000-character message total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total
