"""The shapes of what the bot sends Discord, as typed dictionaries.

Discord's own names and nesting (see Discord's "Message" and "Receiving and Responding"
documentation); the core builds these, the Discord layer posts them unchanged.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

__all__ = ["ActionRow", "AllowedMentions", "AutocompleteData", "AutocompletePayload", "Button",
           "Choice", "Embed", "EmbedField", "EmbedFooter", "MessagePayload", "Payload",
           "ReplyPayload", "SelectOption", "StringSelect"]


class EmbedField(TypedDict):
    """One field of an embed."""

    name: str
    value: str
    inline: bool


class EmbedFooter(TypedDict):
    """An embed's footer."""

    text: str


class Embed(TypedDict):
    """A rich embed: a title and colour, optionally a description, fields and a footer."""

    title: str
    color: int
    description: NotRequired[str]
    fields: NotRequired[list[EmbedField]]
    footer: NotRequired[EmbedFooter]


class AllowedMentions(TypedDict):
    """Which mentions in the message may ping; the bot's are always empty."""

    parse: list[str]


class Button(TypedDict):
    """A button (component type 2) that sends its ``custom_id`` back when clicked."""

    type: int
    style: int
    label: str
    custom_id: str
    disabled: NotRequired[bool]


class SelectOption(TypedDict):
    """One option of a select menu."""

    label: str
    value: str
    description: NotRequired[str]


class StringSelect(TypedDict):
    """A select menu of text options (component type 3)."""

    type: int
    custom_id: str
    placeholder: str
    options: list[SelectOption]


class ActionRow(TypedDict):
    """A row of components (type 1): up to 5 buttons, or one select menu."""

    type: int
    components: list[Button | StringSelect]


class MessagePayload(TypedDict):
    """A message body: embeds, no pings, components, and flags (ephemeral) when a reply."""

    content: NotRequired[str]  # Discord's plain text; the bot's own messages have none
    embeds: list[Embed]
    allowed_mentions: AllowedMentions
    flags: NotRequired[int]
    components: NotRequired[list[ActionRow]]


class ReplyPayload(TypedDict):
    """An interaction response that posts a message (type 4)."""

    type: int
    data: MessagePayload


class Choice(TypedDict):
    """One autocomplete suggestion: the label shown and the value sent back."""

    name: str
    value: str


class AutocompleteData(TypedDict):
    """The choices of an autocomplete response."""

    choices: list[Choice]


class AutocompletePayload(TypedDict):
    """An autocomplete response (type 8)."""

    type: int
    data: AutocompleteData


Payload = ReplyPayload | MessagePayload
