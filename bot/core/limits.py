"""Discord's documented message limits, and the checks every payload must pass before it is sent.

The content limits below them (``NAME_MAX`` …) are what the validator enforces on fact files, chosen
so that any single record always fits in the place a reply shows it.
"""

from __future__ import annotations

__all__ = [
    "ALIAS_MAX",
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
    "embed_text_total",
    "message_problems",
    "payload_problems",
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


def embed_text_total(embed: dict) -> int:
    """Characters of an embed that count towards the 6000-character message total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def _embed_problems(index: int, embed: dict) -> list[str]:
    where = f"embed {index}"
    found = []
    checks = [
        ("title", embed.get("title"), TITLE_MAX),
        ("description", embed.get("description"), DESCRIPTION_MAX),
        ("footer", (embed.get("footer") or {}).get("text"), FOOTER_MAX),
        ("author", (embed.get("author") or {}).get("name"), AUTHOR_NAME_MAX),
    ]
    for name, text, limit in checks:
        if text is not None and len(text) > limit:
            found.append(f"{where} {name} has {len(text)} characters (limit {limit})")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        found.append(f"{where} has {len(fields)} fields (limit {FIELDS_MAX})")
    for number, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        if not name.strip() or not value.strip():
            found.append(f"{where} field {number} has an empty name or value")
        if len(name) > FIELD_NAME_MAX:
            found.append(f"{where} field {number} name has {len(name)} characters")
        if len(value) > FIELD_VALUE_MAX:
            found.append(f"{where} field {number} value has {len(value)} characters")
    return found


def message_problems(data: dict) -> list[str]:
    """Every way a message body (reply data or a channel message) breaks Discord's limits."""
    found = []
    content = data.get("content")
    if content is not None and len(content) > CONTENT_MAX:
        found.append(f"content has {len(content)} characters (limit {CONTENT_MAX})")
    embeds = data.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        found.append(f"{len(embeds)} embeds (limit {EMBEDS_MAX})")
    for index, embed in enumerate(embeds):
        found.extend(_embed_problems(index, embed))
    total = sum(embed_text_total(embed) for embed in embeds)
    if total > MESSAGE_TOTAL_MAX:
        found.append(f"embeds hold {total} characters in all (limit {MESSAGE_TOTAL_MAX})")
    if not content and not embeds:
        found.append("the message is empty")
    if data.get("allowed_mentions") != NO_MENTIONS:
        found.append("allowed_mentions must be {'parse': []} so that nobody is pinged")
    return found


def payload_problems(payload: dict) -> list[str]:
    """Every way an interaction response payload breaks Discord's limits."""
    kind, data = payload.get("type"), payload.get("data") or {}
    if kind == 8:
        choices = data.get("choices")
        if not isinstance(choices, list):
            return ["autocomplete data has no choices list"]
        found = []
        if len(choices) > CHOICES_MAX:
            found.append(f"{len(choices)} choices (limit {CHOICES_MAX})")
        for choice in choices:
            name, value = str(choice.get("name", "")), str(choice.get("value", ""))
            if not 1 <= len(name) <= CHOICE_NAME_MAX:
                found.append(f"choice name {name!r} is not 1–{CHOICE_NAME_MAX} characters")
            if not 1 <= len(value) <= CHOICE_VALUE_MAX:
                found.append(f"choice value {value!r} is not 1–{CHOICE_VALUE_MAX} characters")
        return found
    if kind == 4:
        return message_problems(data)
    return [f"unexpected interaction response type {kind!r}"]
