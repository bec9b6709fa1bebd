"""Cards: the embed for one entity, agreement, pair of entities, source article, or the base.

Every card cites the articles its content comes from, in a "Sources" field naming each article's
title and outlet (or original source), numbered like the markers in the lines above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.facts.factbase import FactBase, FactOrder, fact_order
from bot.core.facts.model import ENTITY_KINDS, Agreement, Entity, Fact, Relation, Source, Term
from bot.core.replies.attribution import attributed, stance_note
from bot.core.replies.markup import Citations, EmbedBuilder, fact_line, human_number
from bot.core.replies.payloads import Embed
from bot.core.text import escape, fold

__all__ = ["COLOURS", "about_card", "agreement_card", "agreement_summary", "agreement_terms",
           "entity_card", "footer_for", "relation_card", "relation_verb", "relation_when",
           "source_card", "term_goods"]

COLOURS = {"country": 0x2E86AB, "bloc": 0xF18F01, "organisation": 0x6A994E,
           "mission": 0x4361EE, "armed_group": 0xC73E1D, "person": 0x7B2CBF,
           "agreement": 0xE9C46A, "list": 0x5C677D,
           "notice": 0xD62828}  # every notice: not found, errors, alerts paused, reload failed
PLURALS = {"country": "countries", "bloc": "blocs", "organisation": "organisations",
           "mission": "missions", "armed_group": "armed groups", "person": "people"}
KEY_FACTS = 6
RELATION_FACTS = 8
SOURCES_RESERVE = 700


def footer_for(base: FactBase, extra: str = "") -> str:
    """The footer every card carries: the base's size and date, and a hint."""
    updated = base.last_added.isoformat() if base.last_added else "never"
    text = f"sahel-factbot · {len(base.facts)} facts · updated {updated}"
    return f"{text} · {extra}" if extra else text


def _finish(card: EmbedBuilder, citations: Citations) -> Embed:
    card.reserve = 0
    card.add_lines("Sources", citations.lines())
    return card.to_dict()


VERBS = {"member_of": ("is a member of", "was a member of"),
         "partner_of": ("is a partner of", "was a partner of"),
         "operates_in": ("operates in", "operated in"),
         "part_of": ("is part of", "was part of"),
         "holds_role": ("holds a role in", "held a role in"),
         "governed_by": ("is governed by", "was governed by")}


def relation_verb(relation: Relation) -> str:
    """'is a member of', 'was a member of' …"""
    return VERBS[relation.kind][relation.status == "ended"]


def _relevance(subject: str, names: Sequence[str], fact: Fact) -> tuple[float, FactOrder]:
    # The facts that name the subject, are mainly about it, and name few others say the most.
    text = f" {fold(fact.text)} "
    named = any(f" {name} " in text for name in names)
    score = 1.5 * named + 0.5 * (fact.about[0] == subject) + 1 / len(fact.about)
    return (-(score + 0.3 * (fact.when is not None)), fact_order(fact))


def more_facts(count: int, hint: str) -> str:
    """'1 more fact: …', '3 more facts: …'."""
    return f"{count} more fact{'s' * (count != 1)}: {hint}"


def _key_facts(card: EmbedBuilder, base: FactBase, subject: str, citations: Citations,
               hint: str) -> None:
    record = base.entities.get(subject) or base.agreements.get(subject)
    names = [fold(label) for label in (record.name, *record.aliases)] if record else []
    facts = sorted(base.facts_about.get(subject, ()),
                   key=lambda fact: _relevance(subject, names, fact))
    lines = [f"• {fact_line(fact, citations)}" for fact in facts[:KEY_FACTS]]
    shown = card.add_lines("Key facts", lines)
    if len(facts) > shown:
        card.footer = footer_for(base, more_facts(len(facts) - shown, hint))


def relation_when(relation: Relation) -> str:
    """'since 2023', 'left', 'former' …: a relation's dates and status, as far as known."""
    parts = []
    if relation.since:
        parts.append(f"since {relation.since.display()}")
    if relation.status == "ended":
        ended = {"member_of": "left", "holds_role": "former"}.get(relation.kind, "ended")
        parts.append(f"{ended} {relation.until.display()}" if relation.until else ended)
    return ", ".join(parts)


def _relation_lines(base: FactBase, entity: Entity, citations: Citations) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for relation in base.relations_of.get(entity.id, ()):
        outgoing = relation.subject == entity.id
        other = relation.object if outgoing else relation.subject
        name = escape(base.name_of(other)) if other else ""
        if relation.kind == "governed_by":
            heading, label = "Governed by", escape(relation.by or "")
        elif relation.kind == "member_of":
            ended = relation.status == "ended"
            heading = ("Former member of" if ended else "Member of") if outgoing else \
                ("Former members" if ended else "Members")
            label = name + (_named_in_source(base, other, relation.source.seed)
                            if outgoing and other else "")
        elif relation.kind == "holds_role":
            heading = "Roles" if outgoing else "People"
            role = escape(relation.role or "")
            label = f"{role}, {name}" if outgoing else f"{name}, {role}"
        else:
            heading = {"partner_of": "Partners", "operates_in": "Operates in" if outgoing
                       else "Missions and forces here", "part_of": "Part of" if outgoing
                       else "Includes"}[relation.kind]
            label = name
        details = [text for text in (relation_when(relation), escape(relation.note or ""),
                                     stance_note(relation.source) or "") if text]
        line = f"{label} — {'; '.join(details)}" if details else label
        groups.setdefault(heading, []).append(f"{line} {citations.mark(relation.source.seed)}")
    return groups


def _agreements_of(base: FactBase, entity: Entity) -> list[Agreement]:
    """An entity's agreements; for a bloc, also those its current members all made together
    (the AES defence pact, Russia's defence agreements with the AES countries)."""
    found = list(base.agreements_of.get(entity.id, []))
    if entity.kind == "bloc":
        members = {r.subject for r in base.members(entity.id) if r.status != "ended"}
        for agreement in base.agreements.values():
            if members and members <= set(agreement.parties) and agreement not in found:
                found.append(agreement)
    return found


def _summary_marks(base: FactBase, entity: Entity, citations: Citations) -> str:
    """The citation markers of the records a summary restates (" [1][2]")."""
    seeds = []
    for ref in entity.summary_sources:
        record = base.record(ref)
        if record is not None and record.source.seed not in seeds:
            seeds.append(record.source.seed)
    return (" " + "".join(citations.mark(seed) for seed in seeds)) if seeds else ""


def _named_in_source(base: FactBase, ref: str, seed: str) -> str:
    """' (named “X” in this source)' when the article behind a line calls ``ref`` otherwise."""
    entity = base.entities.get(ref)
    if entity is None:
        return ""
    names = [n.name for n in entity.source_names if n.seed == seed and n.name != entity.name]
    return f" (named “{escape(names[0])}” in this source)" if names else ""


def agreement_summary(agreement: Agreement) -> str:
    """An agreement's name with its kind, whose view it is, status and date."""
    details = [agreement.kind]
    note = stance_note(agreement.source)
    if note:
        details.append(note)
    if agreement.status:
        details.append(agreement.status.replace("_", " "))
    if agreement.when:
        details.append(agreement.when.display())
    return f"{escape(agreement.name)} ({', '.join(details)})"


def entity_card(base: FactBase, entity: Entity) -> Embed:
    """The card for an entity: summary, relations, agreements, key facts, sources."""
    citations = Citations(base)
    card = EmbedBuilder(escape(entity.name), COLOURS.get(entity.kind, COLOURS["list"]),
                        f"**{ENTITY_KINDS[entity.kind].capitalize()}** · {escape(entity.summary)}"
                        f"{_summary_marks(base, entity, citations)}",
                        footer_for(base), reserve=SOURCES_RESERVE)
    if entity.aliases:
        card.add_field("Also known as", ", ".join(escape(alias) for alias in entity.aliases))
    if entity.source_names:
        card.add_field("Named in the articles", "; ".join(
            f"“{escape(named.name)}” {citations.mark(named.seed)}"
            for named in entity.source_names))
    for heading, lines in _relation_lines(base, entity, citations).items():
        card.add_lines(heading, lines)
    agreements = _agreements_of(base, entity)
    if agreements:
        card.add_lines("Agreements", [agreement_summary(a) for a in agreements])
    _key_facts(card, base, entity.id, citations, f"/timeline {entity.id}")
    return _finish(card, citations)


def term_goods(term: Term) -> str:
    """What a term moves, as the base gives it: '150 million litres of diesel' (unescaped)."""
    return " ".join(part for part in (
        human_number(term.quantity) if term.quantity is not None else "",
        term.unit or "", ("of " if term.unit else "") + (term.commodity or "")
        if term.commodity else "") if part)


def agreement_terms(base: FactBase, agreement: Agreement) -> list[str]:
    """An agreement's terms, one line each: quantity, commodity, route, purpose."""
    lines = []
    for term in agreement.terms:
        goods = term_goods(term)
        route = " ".join(part for part in (
            f"from {base.name_of(term.supplier)}" if term.supplier else "",
            f"to {base.name_of(term.recipient)}" if term.recipient else "") if part)
        text = ", ".join(part for part in (goods, route) if part)
        if term.purpose:
            text = f"{text}; purpose: {term.purpose}" if text else \
                f"Purpose: {term.purpose}"
        lines.append(escape(text))
    return lines


def agreement_card(base: FactBase, agreement: Agreement) -> Embed:
    """The card for an agreement: parties, terms, date, status, key facts, sources."""
    citations = Citations(base)
    card = EmbedBuilder(escape(agreement.name), COLOURS["agreement"],
                        f"**Agreement** · "
                        f"{attributed(escape(agreement.summary), agreement.source)} "
                        f"{citations.mark(agreement.source.seed)}",
                        footer_for(base), reserve=SOURCES_RESERVE)
    card.add_field("Parties", ", ".join(escape(base.name_of(p)) for p in agreement.parties))
    card.add_field("Kind", agreement.kind, inline=True)
    card.add_field("Status", (agreement.status or "not stated").replace("_", " "), inline=True)
    card.add_field("Date", agreement.when.display() if agreement.when else "not stated",
                   inline=True)
    card.add_lines("Terms", agreement_terms(base, agreement))
    if agreement.aliases:
        card.add_field("Also known as", ", ".join(escape(alias) for alias in agreement.aliases))
    _key_facts(card, base, agreement.id, citations, f"/timeline {agreement.id}")
    return _finish(card, citations)


def _memberships(base: FactBase, ref: str) -> dict[str, Relation]:
    """The blocs an entity currently belongs to, with the membership relation."""
    return {r.object: r for r in base.relations_of.get(ref, ())
            if r.kind == "member_of" and r.subject == ref and r.object and r.status != "ended"
            and r.source.reported}


def _noted(source: Source) -> str:
    """ " (according to …)" after a relation or agreement that is someone's view."""
    note = stance_note(source)
    return f" ({note})" if note else ""


def relation_card(base: FactBase, first: str, second: str) -> Embed:
    """What the base says linking two entities: relations, shared agreements and facts."""
    citations = Citations(base)
    names = (escape(base.name_of(first)), escape(base.name_of(second)))
    card = EmbedBuilder(f"{names[0]} ↔ {names[1]}", COLOURS["list"], "", footer_for(base),
                        reserve=SOURCES_RESERVE)
    pair = {first, second}
    lines = [f"{escape(base.name_of(r.subject))} {relation_verb(r)} "
             f"{escape(base.name_of(r.object))}{_noted(r.source)} {citations.mark(r.source.seed)}"
             for r in base.relations_of.get(first, ())
             if r.object is not None and {r.subject, r.object} == pair]
    # One step through a bloc: Mali is a member of the AES, which is a partner of Russia. Only
    # links the articles report as fact are chained: a hoped-for partnership of the bloc is
    # no established relation of its members.
    blocs = {ref: _memberships(base, ref) for ref in (first, second)}
    for bloc in sorted(blocs[first].keys() & blocs[second].keys()):
        marks = dict.fromkeys(citations.mark(blocs[ref][bloc].source.seed) for ref in pair)
        lines.append(f"Both are members of {escape(base.name_of(bloc))} {''.join(marks)}")
    for one, other in ((first, second), (second, first)):
        for bloc, membership in blocs[one].items():
            for link in base.relations_of.get(bloc, ()):
                if other not in (link.subject, link.object) or link.kind == "member_of" \
                        or not link.source.reported:
                    continue
                linked = (f"which {relation_verb(link)} {escape(base.name_of(other))}"
                          if link.subject == bloc else
                          f"and {escape(base.name_of(other))} {relation_verb(link)} it")
                marks = dict.fromkeys((citations.mark(membership.source.seed),
                                       citations.mark(link.source.seed)))
                lines.append(f"{escape(base.name_of(one))} {relation_verb(membership)} "
                             f"{escape(base.name_of(bloc))}, {linked} {''.join(marks)}")
    card.add_lines("Relations", lines)
    shared = [a for a in base.agreements.values() if pair <= set(a.parties)]
    card.add_lines("Agreements both are party to", [agreement_summary(a) for a in shared])
    folded = [fold(base.name_of(ref)) for ref in (first, second)]
    facts = sorted((f for f in base.facts_about.get(first, ()) if second in f.about),
                   key=lambda fact: _relevance(first, folded, fact))
    shown = card.add_lines("Facts about both", [f"• {fact_line(f, citations)}"
                                                 for f in facts[:RELATION_FACTS]])
    if not (lines or shared or facts):
        card.description = (f"The fact base records nothing linking {folded[0]} and {folded[1]}. "
                            "Try /search with both names.")
    elif len(facts) > shown:
        card.footer = footer_for(base, more_facts(len(facts) - shown, "/search"))
    return _finish(card, citations)


def source_card(base: FactBase, seed_id: str) -> Embed:
    """An article's metadata and the facts that cite it (first few; /search for the rest)."""
    seed = base.seeds[seed_id]
    card = EmbedBuilder(escape(seed.title), COLOURS["list"], f"Source id: `{seed.id}`",
                        footer_for(base), reserve=SOURCES_RESERVE)
    for label, value in (("Byline", seed.byline), ("Outlet", seed.outlet),
                         ("Original source", seed.original_source),
                         ("Published", seed.published)):
        card.add_field(label, escape(value) if value else "not stated in the article",
                       inline=True)
    facts = base.facts_by_seed.get(seed_id, [])
    lines = [f"• {fact_line(f)}" for f in facts]
    shown = card.add_lines(f"Facts citing it ({len(facts)})", lines, continued="\u200b")
    if shown < len(facts):
        card.footer = footer_for(base, more_facts(len(facts) - shown, "/search"))
    return card.to_dict()


def about_card(base: FactBase) -> Embed:
    """The size of the base, when it was last updated, and how to cite it."""
    kinds: dict[str, int] = {}
    for entity in base.entities.values():
        kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
    counts = ", ".join(f"{n} {ENTITY_KINDS[k] if n == 1 else PLURALS[k]}"
                       for k, n in sorted(kinds.items()))
    card = EmbedBuilder("About sahel-factbot", COLOURS["list"],
                        "Answers about the Sahel from a curated fact base. Every fact is written "
                        "in our own words and cites the article it comes from with a verbatim "
                        "quote, checked against the article's text.", footer_for(base))
    card.add_field("Size", f"{len(base.entities)} entities ({counts}); "
                   f"{len(base.agreements)} agreements; {len(base.relations)} relations; "
                   f"{len(base.facts)} facts from {len(base.seeds)} articles")
    card.add_field("Last update", base.last_added.isoformat() if base.last_added else "never",
                   inline=True)
    card.add_field("How to cite", "Cite the original article, shown under each answer as "
                   "[1], [2] …; `/source id` gives its title and outlet. Quote our wording as "
                   "\"sahel-factbot fact base\" with the fact's date.")
    card.add_field("Commands", "/country · /bloc · /agreement · /lookup · /search · /timeline · "
                   "/latest · /relation · /source · /about")
    card.add_lines("Articles", [f"`{s.id}` — {escape(s.credit())}"
                                for s in sorted(base.seeds.values(), key=lambda s: s.id)])
    return card.to_dict()
