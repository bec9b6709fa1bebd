"""Alerts: what changed in the fact base since it was last announced, who wants it, and the
messages that announce it.

Everything here is pure: the store keeps what was announced (fact id → fingerprint), and this
module compares it with a loaded base, filters by subscription topic and renders channel-message
payloads within Discord's limits (at most 10 embeds and 6000 characters a message, never a ping).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core import limits
from bot.core.cards import COLOURS, footer_for
from bot.core.factbase import FactBase
from bot.core.markup import Citations, EmbedBuilder, fact_line, message_payload, truncate
from bot.core.model import Fact
from bot.core.text import escape

__all__ = ["Changes", "alert_messages", "diff", "fact_fingerprint", "matches_topic",
           "topic_refs"]

ONE_EMBED_EACH = 3  # up to this many facts get an embed each; more become a digest
DIGEST_LINES = 12  # facts per digest embed


def fact_fingerprint(fact: Fact) -> str:
    """A short hash of what a reader sees of a fact: its text, subjects, date and source."""
    shown = "\x1f".join([fact.text, ",".join(fact.about),
                         fact.when.display() if fact.when else "", fact.source.seed,
                         fact.source.quote])
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Changes:
    """New and updated facts, oldest first; removed facts are not announced."""

    new: list[Fact]
    updated: list[Fact]

    def __bool__(self) -> bool:
        return bool(self.new or self.updated)


def _order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.added, f.id))


def diff(announced: Mapping[str, str], base: FactBase) -> Changes:
    """What ``base`` holds that was not announced, or announced with different content."""
    new, updated = [], []
    for fact in base.facts.values():
        seen = announced.get(fact.id)
        if seen is None:
            new.append(fact)
        elif seen != fact_fingerprint(fact):
            updated.append(fact)
    return Changes(_order(new), _order(updated))


def topic_refs(base: FactBase, topic: str | None) -> frozenset[str] | None:
    """The ids a topic covers: itself, and for a bloc its current members; None: everything."""
    if not topic:
        return None
    refs = {topic}
    entity = base.entities.get(topic)
    if entity is not None and entity.kind == "bloc":
        refs.update(r.subject for r in base.members(topic) if r.status != "ended")
    return frozenset(refs)


def matches_topic(fact: Fact, refs: frozenset[str] | None) -> bool:
    """Whether a fact belongs to a subscription covering ``refs`` (None: every fact)."""
    return refs is None or any(ref in refs for ref in fact.about)


def _fact_embed(base: FactBase, fact: Fact, label: str) -> dict:
    citations = Citations(base)
    title = f"{label}: {', '.join(base.name_of(ref) for ref in fact.about)}"
    card = EmbedBuilder(escape(title), COLOURS["list"], fact_line(fact, citations),
                        footer_for(base, f"/timeline {fact.about[0]}" if fact.about else ""))
    card.add_lines("Source", citations.lines())
    return card.to_dict()


def _digest_embeds(base: FactBase, facts: Sequence[Fact], label: str) -> list[dict]:
    embeds = []
    for start in range(0, len(facts), DIGEST_LINES):
        chunk = facts[start:start + DIGEST_LINES]
        citations = Citations(base)
        lines = [f"• {fact_line(fact, citations)}" for fact in chunk]
        title = f"{label} ({start + 1}–{start + len(chunk)} of {len(facts)})"
        card = EmbedBuilder(title, COLOURS["list"], truncate("\n".join(lines), 3000),
                            footer_for(base, "/latest lists the newest facts"))
        card.add_lines("Sources", citations.lines())
        embeds.append(card.to_dict())
    return embeds


def _pack(embeds: list[dict]) -> list[dict]:
    """Embeds into as few messages as the 10-embed and 6000-character limits allow."""
    messages: list[list[dict]] = [[]]
    used = 0
    for embed in embeds:
        size = limits.embed_text_total(embed)
        if messages[-1] and (len(messages[-1]) >= limits.EMBEDS_MAX
                             or used + size > limits.MESSAGE_TOTAL_MAX):
            messages.append([])
            used = 0
        messages[-1].append(embed)
        used += size
    return [message_payload(group) for group in messages if group]


def alert_messages(base: FactBase, facts: Sequence[Fact], *, updated: bool = False) -> list[dict]:
    """Channel-message payloads announcing ``facts``: an embed each when few, else a digest."""
    if not facts:
        return []
    label = "Updated fact" if updated else "New fact"
    if len(facts) <= ONE_EMBED_EACH:
        return _pack([_fact_embed(base, fact, label) for fact in facts])
    return _pack(_digest_embeds(base, facts, f"{label}s"))
