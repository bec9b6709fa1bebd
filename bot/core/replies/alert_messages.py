"""Alert messages: channel-message payloads announcing new or updated facts, and corrections.

Within Discord's limits (at most 10 embeds and 6000 characters a message, never a ping): a few
facts get an embed each, more become a digest.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core import limits
from bot.core.changes import Correction
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Fact
from bot.core.i18n import _, slash
from bot.core.replies.cards import COLOURS, footer_for
from bot.core.replies.markup import Citations, EmbedBuilder, fact_line, message_payload, truncate
from bot.core.replies.payloads import Embed, MessagePayload
from bot.core.replies.phrasing import shown_name
from bot.core.text import escape

__all__ = ["alert_messages", "correction_messages"]

ONE_EMBED_EACH = 3  # up to this many facts get an embed each; more become a digest
DIGEST_LINES = 12  # facts per digest embed


def _fact_embed(base: FactBase, fact: Fact, label: str) -> Embed:
    citations = Citations(base)
    title = _("{label}: {names}", label=label,
              names=", ".join(shown_name(base, ref) for ref in fact.about))
    hint = f"{slash('timeline')} {fact.about[0]}" if fact.about else ""
    card = EmbedBuilder(escape(title), COLOURS["list"], fact_line(fact, citations),
                        footer_for(base, hint))
    card.add_lines(_("Source"), citations.lines())
    return card.to_dict()


def _digest_embeds(base: FactBase, facts: Sequence[Fact], label: str) -> list[Embed]:
    embeds = []
    for start in range(0, len(facts), DIGEST_LINES):
        chunk = facts[start:start + DIGEST_LINES]
        citations = Citations(base)
        lines = [f"• {fact_line(fact, citations)}" for fact in chunk]
        title = _("{label} ({first}–{last} of {count})", label=label, first=start + 1,
                  last=start + len(chunk), count=len(facts))
        card = EmbedBuilder(title, COLOURS["list"], truncate("\n".join(lines), 3000),
                            footer_for(base, _("/latest lists the newest facts")))
        card.add_lines(_("Sources"), citations.lines())
        embeds.append(card.to_dict())
    return embeds


def _pack(embeds: list[Embed]) -> list[MessagePayload]:
    """Embeds into as few messages as the 10-embed and 6000-character limits allow."""
    messages: list[list[Embed]] = [[]]
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


def alert_messages(base: FactBase, facts: Sequence[Fact], *,
                   updated: bool = False) -> list[MessagePayload]:
    """Channel-message payloads announcing ``facts``: an embed each when few, else a digest."""
    if not facts:
        return []
    if len(facts) <= ONE_EMBED_EACH:
        label = _("Updated fact") if updated else _("New fact")
        return _pack([_fact_embed(base, fact, label) for fact in facts])
    return _pack(_digest_embeds(base, facts, _("Updated facts") if updated else _("New facts")))


def _correction_embed(base: FactBase, correction: Correction) -> Embed:
    fact = correction.fact
    citations = Citations(base)
    names = ", ".join(shown_name(base, ref) for ref in fact.about)
    before = escape(correction.before) if correction.before else _("(not recorded)")
    why = escape(fact.reason) if fact.reason else _("not stated")
    if correction.retracted:
        text = _("**Withdrawn.** A fact sent here earlier has been retracted and is no longer "
                 "in the fact base:\n~~{before}~~ {mark}\n**Why:** {why}", before=before,
                 mark=citations.cite(fact.source), why=why)
    else:
        text = _("**Corrected.** A fact sent here earlier now reads:\n{now}\n**It said:** "
                 "{before}\n**Why:** {why}", now=fact_line(fact, citations), before=before,
                 why=why)
    card = EmbedBuilder(escape(_("Correction: {names}", names=names) if names
                               else _("Correction")),
                        COLOURS["notice"], text, footer_for(base, _("fact id {id}", id=fact.id)))
    card.add_lines(_("Source"), citations.lines())
    return card.to_dict()


def correction_messages(base: FactBase, corrections: Sequence[Correction]
                        ) -> list[MessagePayload]:
    """Channel-message payloads telling a channel about corrections to facts it received:
    what changed and why, an embed each, in as few messages as Discord's limits allow."""
    return _pack([_correction_embed(base, correction) for correction in corrections])
