"""Building Discord-shaped payloads safely: escaping, graceful truncation, citations, and an embed
builder that never exceeds Discord's limits.

Everything user-visible passes through ``escape`` (Discord markdown is neutralised and ``@`` can
never form a mention), and every payload carries ``allowed_mentions: {"parse": []}``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bot.core import limits
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Fact, Source, SourceName
from bot.core.i18n import _
from bot.core.replies.attribution import attributed
from bot.core.replies.payloads import (
    ActionRow,
    AutocompletePayload,
    Choice,
    Embed,
    EmbedField,
    MessagePayload,
    ReplyPayload,
)
from bot.core.replies.phrasing import fact_text
from bot.core.text import defuse, escape

__all__ = ["Citations", "EmbedBuilder", "autocomplete_payload", "choice_pairs", "collecting",
           "fact_line", "human_number", "message_payload", "reply_payload", "truncate"]

ELLIPSIS = "…"

def truncate(text: str, limit: int) -> str:
    """Shorten to at most ``limit`` characters, at a word boundary where possible."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    if cut.endswith("\\"):  # never leave a dangling escape
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def human_number(value: float) -> str:
    """150000000 → '150 million'; 12500 → '12,500'."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:g} {word}" if scaled == round(scaled, 2) else f"{scaled:.2f} {word}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


# The Citations made while rendering, when someone asked to see them (``collecting``).
_collected: contextvars.ContextVar[list[Citations] | None] = contextvars.ContextVar(
    "collected_citations", default=None)


@contextlib.contextmanager
def collecting() -> Iterator[list[Citations]]:
    """Collect every ``Citations`` made inside the block (to list a reply's quotes)."""
    found: list[Citations] = []
    token = _collected.set(found)
    try:
        yield found
    finally:
        _collected.reset(token)


class Citations:
    """Numbers the seeds cited in one reply: [1], [2] … and lists them as its sources; keeps
    the verbatim quote each cited record rests on (for the Sources button)."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self.numbers: dict[str, int] = {}
        self.quotes: dict[str, list[str]] = {}  # seed id -> quotes cited from it, in order
        found = _collected.get()
        if found is not None:
            found.append(self)

    def mark(self, seed_id: str) -> str:
        """The marker for a seed, numbering it on first use."""
        number = self.numbers.setdefault(seed_id, len(self.numbers) + 1)
        return f"[{number}]"

    def cite(self, source: Source | SourceName) -> str:
        """The marker for a record's source, remembering the quote it rests on."""
        quotes = self.quotes.setdefault(source.seed, [])
        if source.quote and source.quote not in quotes:
            quotes.append(source.quote)
        return self.mark(source.seed)

    def lines(self) -> list[str]:
        """One line per cited seed: number, title, and outlet or original source."""
        found = []
        for seed_id, number in self.numbers.items():
            seed = self.base.seeds.get(seed_id)
            credit = seed.credit() if seed else seed_id
            found.append(f"[{number}] {escape(credit)} · `/source {seed_id}`")
        return found


def fact_line(fact: Fact, citations: Citations | None = None, *, added: bool = False) -> str:
    """A fact as one line: its text, when it happened, and its citation marker (if citing)."""
    parts = [attributed(escape(fact_text(fact)), fact.source)]
    if fact.when:
        seed = citations.base.seeds.get(fact.source.seed) if citations else None
        dated = seed is None or bool(seed.published)
        parts.append(f"*{escape(fact.when.display(source_dated=dated))}*")
    if added:
        parts.append(_("added {day}", day=fact.added.isoformat()))
    line = " — ".join(parts)
    return f"{line} {citations.cite(fact.source)}" if citations else line


@dataclass
class EmbedBuilder:
    """An embed assembled within Discord's limits: each part is truncated to its own limit, and
    parts that would push the message past 6000 characters are refused (``add_field`` says so)."""

    title: str
    colour: int
    description: str = ""
    footer: str = ""
    reserve: int = 0  # characters kept free for parts added last (sources, footer)
    fields: list[EmbedField] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = truncate(defuse(self.title), limits.TITLE_MAX)
        self.description = truncate(self.description, limits.DESCRIPTION_MAX)

    def used(self) -> int:
        """Characters counted against the message total so far."""
        return (len(self.title) + len(self.description) + len(self.footer)
                + sum(len(f["name"]) + len(f["value"]) for f in self.fields))

    def room(self) -> int:
        """Characters still free before the message total, minus what is reserved."""
        return limits.MESSAGE_TOTAL_MAX - self.used() - self.reserve

    def add_field(self, name: str, value: str, *, inline: bool = False,
                  final: bool = False) -> bool:
        """Add a field if it fits (``final`` fields may use the reserve); False when it did not."""
        if not value.strip() or len(self.fields) >= limits.FIELDS_MAX:
            return False
        name = truncate(defuse(name), limits.FIELD_NAME_MAX)
        value = truncate(value, limits.FIELD_VALUE_MAX)
        available = self.room() + (self.reserve if final else 0)
        if len(name) + len(value) > available:
            return False
        self.fields.append({"name": name, "value": value, "inline": inline})
        return True

    def add_lines(self, name: str, lines: list[str], *, continued: str | None = None) -> int:
        """Add lines as one or more fields, as many as fit; returns how many lines were shown."""
        shown, title = 0, name
        chunk: list[str] = []
        for line in lines:
            line = truncate(line, limits.FIELD_VALUE_MAX)
            if len("\n".join([*chunk, line])) > limits.FIELD_VALUE_MAX:
                if not self.add_field(title, "\n".join(chunk)):
                    return shown
                shown += len(chunk)
                chunk, title = [], continued or f"{name}{_(' (continued)')}"
            chunk.append(line)
        if chunk and self.add_field(title, "\n".join(chunk)):
            shown += len(chunk)
        return shown

    def to_dict(self) -> Embed:
        """The embed object as Discord expects it."""
        embed: Embed = {"title": self.title, "color": self.colour}
        if self.description:
            embed["description"] = self.description
        if self.fields:
            embed["fields"] = self.fields
        if self.footer:
            embed["footer"] = {"text": truncate(self.footer, limits.FOOTER_MAX)}
        return embed


def message_payload(embeds: list[Embed]) -> MessagePayload:
    """A channel message body (used for alerts): embeds only, never pinging anyone."""
    return {"embeds": embeds[: limits.EMBEDS_MAX],
            "allowed_mentions": {"parse": list(limits.NO_MENTIONS["parse"])}}


def reply_payload(embeds: list[Embed], *, ephemeral: bool = False,
                  components: list[ActionRow] | None = None) -> ReplyPayload:
    """An interaction response that posts a message: public answers, ephemeral notices;
    ``components``: its buttons or menu, if any."""
    data = message_payload(embeds)
    if ephemeral:
        data["flags"] = limits.EPHEMERAL
    if components:
        data["components"] = components
    return {"type": 4, "data": data}


def choice_pairs(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, value) pairs within Discord's limits: at most 25, names and values shortened."""
    return [(truncate(name, limits.CHOICE_NAME_MAX), value[: limits.CHOICE_VALUE_MAX])
            for name, value in choices[: limits.CHOICES_MAX]]


def autocomplete_payload(choices: Sequence[tuple[str, str]]) -> AutocompletePayload:
    """An autocomplete response from (name, value) pairs, within Discord's limits."""
    listed: list[Choice] = [{"name": name, "value": value}
                            for name, value in choice_pairs(choices)]
    return {"type": 8, "data": {"choices": listed}}
