"""Discord's documented message and autocomplete limits, written from Discord's documentation.

Deliberately independent of ``bot.core.limits``: a stand-in that shared the bot's constants would
agree with the bot by construction. Sources:
- Embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
  (title 256, description 4096, 25 fields, field name 256 and value 1024, footer 2048, author
  name 256; 6000 characters across all embeds of a message; 10 embeds a message).
- Message content: 2000 characters (docs/resources/message#create-message).
- Autocomplete: at most 25 choices, names and string values of 1–100 characters
  (docs/interactions/application-commands#application-command-object-application-command-
  option-choice-structure).
- Components (docs/components/reference): at most 5 action rows a message; a row holds up to 5
  buttons or one select; ``custom_id`` 1-100 characters and unique in the message; a button's
  label at most 80; a select's options at most 25, each label, value and description at most
  100; a placeholder at most 150.
- ``allowed_mentions`` with ``parse: []`` pings nobody (docs/resources/message#allowed-mentions-
  object); the bot promises to send exactly that on every message.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHOICES", "CHOICE_NAME", "EPHEMERAL", "embed_total", "message_problems",
           "payload_problems"]

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE = 256, 4096, 25, 256, 1024
FOOTER, AUTHOR_NAME, EMBEDS, MESSAGE_TOTAL, CONTENT = 2048, 256, 10, 6000, 2000
CHOICES, CHOICE_NAME, CHOICE_VALUE = 25, 100, 100
INTERACTION_MESSAGE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT = 4, 7, 8  # callback types
EPHEMERAL = 1 << 6  # message flag: only the user who asked sees it (docs/resources/message)


def embed_total(embed: dict[str, Any]) -> int:
    """Characters of an embed that count towards the 6000-character message total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def _embed_problems(index: int, embed: dict[str, Any]) -> list[str]:
    where = f"embed {index}"
    found = []
    for name, text, limit in [("title", embed.get("title"), TITLE),
                              ("description", embed.get("description"), DESCRIPTION),
                              ("footer", (embed.get("footer") or {}).get("text"), FOOTER),
                              ("author", (embed.get("author") or {}).get("name"), AUTHOR_NAME)]:
        if text is not None and len(text) > limit:
            found.append(f"{where} {name} has {len(text)} characters (limit {limit})")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        found.append(f"{where} has {len(fields)} fields (limit {FIELDS})")
    for number, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        if not name.strip() or not value.strip():
            found.append(f"{where} field {number} has an empty name or value")
        if len(name) > FIELD_NAME:
            found.append(f"{where} field {number} name has {len(name)} characters")
        if len(value) > FIELD_VALUE:
            found.append(f"{where} field {number} value has {len(value)} characters")
    return found


ROWS, ROW_BUTTONS, CUSTOM_ID, BUTTON_LABEL = 5, 5, 100, 80
SELECT_OPTIONS, OPTION_TEXT, PLACEHOLDER = 25, 100, 150


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    found = []
    if len(rows) > ROWS:
        found.append(f"{len(rows)} action rows (limit {ROWS})")
    ids: list[str] = []
    for row in rows:
        children = row.get("components") or []
        if row.get("type") != 1 or not children:
            found.append("a top-level component is not a non-empty action row")
            continue
        selects = [c for c in children if c.get("type") == 3]
        if selects and len(children) > 1:
            found.append("a select menu must be alone in its row")
        if len(children) > ROW_BUTTONS:
            found.append(f"{len(children)} buttons in a row (limit {ROW_BUTTONS})")
        for child in children:
            ids.append(str(child.get("custom_id", "")))
            if not 1 <= len(ids[-1]) <= CUSTOM_ID:
                found.append(f"custom_id {ids[-1]!r} is not 1-{CUSTOM_ID} characters")
            if child.get("type") == 2 and len(child.get("label", "")) > BUTTON_LABEL:
                found.append(f"button label longer than {BUTTON_LABEL}")
            if child.get("type") == 3:
                options = child.get("options") or []
                if not 1 <= len(options) <= SELECT_OPTIONS:
                    found.append(f"{len(options)} select options (1-{SELECT_OPTIONS})")
                if len(child.get("placeholder", "")) > PLACEHOLDER:
                    found.append(f"placeholder longer than {PLACEHOLDER}")
                for option in options:
                    for key in ("label", "value", "description"):
                        if len(str(option.get(key, ""))) > OPTION_TEXT:
                            found.append(f"select option {key} longer than {OPTION_TEXT}")
    if len(ids) != len(set(ids)):
        found.append("two components share a custom_id")
    return found


def message_problems(data: dict[str, Any]) -> list[str]:
    """Every way a message body (reply data or a channel message) breaks Discord's limits."""
    found = []
    content = data.get("content")
    if content is not None and len(content) > CONTENT:
        found.append(f"content has {len(content)} characters (limit {CONTENT})")
    embeds = data.get("embeds") or []
    if len(embeds) > EMBEDS:
        found.append(f"{len(embeds)} embeds (limit {EMBEDS})")
    for index, embed in enumerate(embeds):
        found.extend(_embed_problems(index, embed))
    total = sum(embed_total(embed) for embed in embeds)
    if total > MESSAGE_TOTAL:
        found.append(f"embeds hold {total} characters in all (limit {MESSAGE_TOTAL})")
    if not content and not embeds:
        found.append("the message is empty")
    if data.get("allowed_mentions") != {"parse": []}:
        found.append("allowed_mentions must be {'parse': []} so that nobody is pinged")
    return found + _component_problems(data.get("components") or [])


def payload_problems(payload: dict[str, Any]) -> list[str]:
    """Every way an interaction response payload breaks Discord's limits."""
    kind, data = payload.get("type"), payload.get("data") or {}
    if kind == AUTOCOMPLETE_RESULT:
        choices = data.get("choices")
        if not isinstance(choices, list):
            return ["autocomplete data has no choices list"]
        found = []
        if len(choices) > CHOICES:
            found.append(f"{len(choices)} choices (limit {CHOICES})")
        for choice in choices:
            name, value = str(choice.get("name", "")), str(choice.get("value", ""))
            if not 1 <= len(name) <= CHOICE_NAME:
                found.append(f"choice name {name!r} is not 1–{CHOICE_NAME} characters")
            if not 1 <= len(value) <= CHOICE_VALUE:
                found.append(f"choice value {value!r} is not 1–{CHOICE_VALUE} characters")
        return found
    if kind in (INTERACTION_MESSAGE, UPDATE_MESSAGE):
        return message_problems(data)
    return [f"unexpected interaction response type {kind!r}"]
