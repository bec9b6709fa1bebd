"""Cards: the embed for one entity, agreement, pair of entities, source article, or the base.

Every card cites the articles its content comes from, in a "Sources" field naming each article's
title and outlet (or original source), numbered like the markers in the lines above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.facts.factbase import FactBase, FactOrder, fact_order
from bot.core.facts.model import Agreement, Entity, Fact, Relation, Source, Term
from bot.core.i18n import N_, _, n_, slash
from bot.core.replies.attribution import attributed, stance_note
from bot.core.replies.markup import Citations, EmbedBuilder, fact_line, human_number
from bot.core.replies.payloads import Embed
from bot.core.replies.phrasing import named, sentence, shown_name
from bot.core.text import escape, fold

__all__ = ["COLOURS", "about_card", "agreement_card", "agreement_summary", "agreement_terms",
           "entity_card", "footer_for", "relation_card", "relation_verb", "relation_when",
           "source_card", "term_goods"]

COLOURS = {"country": 0x2E86AB, "bloc": 0xF18F01, "organisation": 0x6A994E,
           "mission": 0x4361EE, "armed_group": 0xC73E1D, "person": 0x7B2CBF,
           "agreement": 0xE9C46A, "list": 0x5C677D,
           "notice": 0xD62828}  # every notice: not found, errors, alerts paused, reload failed
# Kind labels: (one, several).
KIND_LABELS = {"country": (N_("country"), N_("countries")), "bloc": (N_("bloc"), N_("blocs")),
               "organisation": (N_("organisation or institution"), N_("organisations")),
               "mission": (N_("mission"), N_("missions")),
               "armed_group": (N_("armed group"), N_("armed groups")),
               "person": (N_("person"), N_("people"))}
# Agreement kinds and statuses as the fact files write them → shown.
AGREEMENT_WORDS = {"sale": N_("sale"), "defence": N_("defence"),
                   "cooperation": N_("cooperation"), "trade": N_("trade"),
                   "financing": N_("financing"), "other": N_("other"),
                   "proposed": N_("proposed"), "negotiating": N_("negotiating"),
                   "signed": N_("signed"), "in_force": N_("in force"),
                   "suspended": N_("suspended"), "ended": N_("ended")}


def _word(value: str) -> str:
    return _(AGREEMENT_WORDS[value]) if value in AGREEMENT_WORDS else value.replace("_", " ")
KEY_FACTS = 6
RELATION_FACTS = 8
SOURCES_RESERVE = 700


def footer_for(base: FactBase, extra: str = "") -> str:
    """The footer every card carries: the base's size and date, and a hint."""
    updated = base.last_added.isoformat() if base.last_added else _("never")
    text = _("sahel-factbot · {facts} facts · updated {updated}", facts=len(base.facts),
             updated=updated)
    return f"{text} · {extra}" if extra else text


def _finish(card: EmbedBuilder, citations: Citations) -> Embed:
    card.reserve = 0
    card.add_lines("Sources", citations.lines())
    return card.to_dict()


VERBS = {"member_of": (N_("is a member of"), N_("was a member of")),
         "partner_of": (N_("is a partner of"), N_("was a partner of")),
         "operates_in": (N_("operates in"), N_("operated in")),
         "part_of": (N_("is part of"), N_("was part of")),
         "holds_role": (N_("holds a role in"), N_("held a role in")),
         "governed_by": (N_("is governed by"), N_("was governed by"))}


def relation_verb(relation: Relation) -> str:
    """'is a member of', 'was a member of' … in the reply's language."""
    return _(VERBS[relation.kind][relation.status == "ended"])


def _relevance(subject: str, names: Sequence[str], fact: Fact) -> tuple[float, FactOrder]:
    # The facts that name the subject, are mainly about it, and name few others say the most.
    text = f" {fold(fact.text)} "
    named = any(f" {name} " in text for name in names)
    score = 1.5 * named + 0.5 * (fact.about[0] == subject) + 1 / len(fact.about)
    return (-(score + 0.3 * (fact.when is not None)), fact_order(fact))


def more_facts(count: int, hint: str) -> str:
    """'1 more fact: …', '3 more facts: …'."""
    return n_("{count} more fact: {hint}", "{count} more facts: {hint}", count, hint=hint)


def _key_facts(card: EmbedBuilder, base: FactBase, subject: str, citations: Citations,
               hint: str) -> None:
    record = base.entities.get(subject) or base.agreements.get(subject)
    names = [fold(label) for label in (record.name, *record.aliases)] if record else []
    facts = sorted(base.facts_about.get(subject, ()),
                   key=lambda fact: _relevance(subject, names, fact))
    lines = [f"• {fact_line(fact, citations)}" for fact in facts[:KEY_FACTS]]
    shown = card.add_lines(_("Key facts"), lines)
    if len(facts) > shown:
        card.footer = footer_for(base, more_facts(len(facts) - shown, hint))


def relation_when(relation: Relation) -> str:
    """'since 2023', 'left', 'former' …: a relation's dates and status, as far as known."""
    parts = []
    if relation.since:
        parts.append(_("since {when}", when=relation.since.display()))
    if relation.status == "ended":
        ended = {"member_of": N_("left"), "holds_role": N_("former")}.get(relation.kind,
                                                                            N_("ended"))
        parts.append(f"{_(ended)} {relation.until.display()}" if relation.until else _(ended))
    return ", ".join(parts)


def _relation_lines(base: FactBase, entity: Entity, citations: Citations) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for relation in base.relations_of.get(entity.id, ()):
        outgoing = relation.subject == entity.id
        other = relation.object if outgoing else relation.subject
        name = escape(shown_name(base, other)) if other else ""
        if relation.kind == "governed_by":
            heading, label = _("Governed by"), escape(relation.by or "")
        elif relation.kind == "member_of":
            ended = relation.status == "ended"
            heading = (_("Former member of") if ended else _("Member of")) if outgoing else \
                (_("Former members") if ended else _("Members"))
            label = name + (_named_in_source(base, other, relation.source.seed)
                            if outgoing and other else "")
        elif relation.kind == "holds_role":
            heading = _("Roles") if outgoing else _("People")
            role = escape(relation.role or "")
            label = f"{role}, {name}" if outgoing else f"{name}, {role}"
        else:
            heading = _({"partner_of": N_("Partners"),
                         "operates_in": N_("Operates in") if outgoing
                         else N_("Missions and forces here"),
                         "part_of": N_("Part of") if outgoing else N_("Includes")}[relation.kind])
            label = name
        details = [text for text in (relation_when(relation), escape(relation.note or ""),
                                     stance_note(relation.source) or "") if text]
        line = f"{label} — {'; '.join(details)}" if details else label
        groups.setdefault(heading, []).append(f"{line} {citations.cite(relation.source)}")
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
    marks = []
    for ref in entity.summary_sources:
        record = base.record(ref)
        if record is not None:
            marks.append(citations.cite(record.source))
    return (" " + "".join(dict.fromkeys(marks))) if marks else ""


def _named_in_source(base: FactBase, ref: str, seed: str) -> str:
    """' (named “X” in this source)' when the article behind a line calls ``ref`` otherwise."""
    entity = base.entities.get(ref)
    if entity is None:
        return ""
    names = [n.name for n in entity.source_names if n.seed == seed and n.name != entity.name]
    return _(" (named “{name}” in this source)", name=escape(names[0])) if names else ""


def agreement_summary(agreement: Agreement) -> str:
    """An agreement's name with its kind, whose view it is, status and date."""
    details = [_word(agreement.kind)]
    note = stance_note(agreement.source)
    if note:
        details.append(note)
    if agreement.status:
        details.append(_word(agreement.status))
    if agreement.when:
        details.append(agreement.when.display())
    return f"{escape(agreement.name)} ({', '.join(details)})"


def entity_card(base: FactBase, entity: Entity) -> Embed:
    """The card for an entity: summary, relations, agreements, key facts, sources."""
    citations = Citations(base)
    card = EmbedBuilder(escape(shown_name(base, entity.id)),
                        COLOURS.get(entity.kind, COLOURS["list"]),
                        f"**{_(KIND_LABELS[entity.kind][0]).capitalize()}** · "
                        f"{escape(entity.summary)}"
                        f"{_summary_marks(base, entity, citations)}",
                        footer_for(base), reserve=SOURCES_RESERVE)
    if entity.aliases:
        card.add_field(_("Also known as"), ", ".join(escape(alias)
                                                     for alias in entity.aliases))
    if entity.source_names:
        card.add_field(_("Named in the articles"), "; ".join(
            f"“{escape(named.name)}” {citations.cite(named)}"
            for named in entity.source_names))
    for heading, lines in _relation_lines(base, entity, citations).items():
        card.add_lines(heading, lines)
    agreements = _agreements_of(base, entity)
    if agreements:
        card.add_lines(_("Agreements"), [agreement_summary(a) for a in agreements])
    _key_facts(card, base, entity.id, citations, f"{slash('timeline')} {entity.id}")
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
            _("from {name}", name=named(base, term.supplier)) if term.supplier else "",
            _("to {name}", name=named(base, term.recipient)) if term.recipient else "")
            if part)
        text = ", ".join(part for part in (goods, route) if part)
        if term.purpose:
            text = _("{terms}; purpose: {purpose}", terms=text, purpose=term.purpose) if text \
                else _("Purpose: {purpose}", purpose=term.purpose)
        lines.append(escape(text))
    return lines


def agreement_card(base: FactBase, agreement: Agreement) -> Embed:
    """The card for an agreement: parties, terms, date, status, key facts, sources."""
    citations = Citations(base)
    card = EmbedBuilder(escape(agreement.name), COLOURS["agreement"],
                        f"**{_('Agreement')}** · "
                        f"{attributed(escape(agreement.summary), agreement.source)} "
                        f"{citations.cite(agreement.source)}",
                        footer_for(base), reserve=SOURCES_RESERVE)
    card.add_field(_("Parties"), ", ".join(escape(shown_name(base, p)) for p in agreement.parties))
    card.add_field(_("Kind"), _word(agreement.kind), inline=True)
    card.add_field(_("Status"), _word(agreement.status) if agreement.status
                   else _("not stated"), inline=True)
    card.add_field(_("Date"), agreement.when.display() if agreement.when else _("not stated"),
                   inline=True)
    card.add_lines(_("Terms"), agreement_terms(base, agreement))
    if agreement.aliases:
        card.add_field(_("Also known as"), ", ".join(escape(alias)
                                                     for alias in agreement.aliases))
    _key_facts(card, base, agreement.id, citations, f"{slash('timeline')} {agreement.id}")
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
    names = (escape(shown_name(base, first)), escape(shown_name(base, second)))
    card = EmbedBuilder(f"{names[0]} ↔ {names[1]}", COLOURS["list"], "", footer_for(base),
                        reserve=SOURCES_RESERVE)
    pair = {first, second}
    lines = [f"{sentence(escape(named(base, r.subject)))} {relation_verb(r)} "
             f"{escape(named(base, r.object))}"
             f"{_noted(r.source)} {citations.cite(r.source)}"
             for r in base.relations_of.get(first, ())
             if r.object is not None and {r.subject, r.object} == pair]
    # One step through a bloc: Mali is a member of the AES, which is a partner of Russia. Only
    # links the articles report as fact are chained: a hoped-for partnership of the bloc is
    # no established relation of its members.
    blocs = {ref: _memberships(base, ref) for ref in (first, second)}
    for bloc in sorted(blocs[first].keys() & blocs[second].keys()):
        marks = dict.fromkeys(citations.cite(blocs[ref][bloc].source) for ref in pair)
        lines.append(_("Both are members of {bloc}", bloc=escape(named(base, bloc))) +
                     f" {''.join(marks)}")
    for one, other in ((first, second), (second, first)):
        for bloc, membership in blocs[one].items():
            for link in base.relations_of.get(bloc, ()):
                if other == bloc or other not in (link.subject, link.object) or \
                        link.kind == "member_of" or not link.source.reported:
                    continue  # (a relation with the bloc itself is listed above)
                linked = (_("which {verb} {name}", verb=relation_verb(link),
                            name=escape(named(base, other)))
                          if link.subject == bloc else
                          _("and {name} {verb} it", verb=relation_verb(link),
                            name=escape(named(base, other))))
                marks = dict.fromkeys((citations.cite(membership.source),
                                       citations.cite(link.source)))
                lines.append(f"{sentence(escape(named(base, one)))} {relation_verb(membership)} "
                             f"{escape(named(base, bloc))}, {linked} {''.join(marks)}")
    card.add_lines(_("Relations"), lines)
    shared = [a for a in base.agreements.values() if pair <= set(a.parties)]
    card.add_lines(_("Agreements both are party to"), [agreement_summary(a) for a in shared])
    folded = [fold(base.name_of(ref)) for ref in (first, second)]
    named_pair = [escape(named(base, ref)) for ref in (first, second)]
    facts = sorted((f for f in base.facts_about.get(first, ()) if second in f.about),
                   key=lambda fact: _relevance(first, folded, fact))
    shown = card.add_lines(_("Facts about both"), [f"• {fact_line(f, citations)}"
                                                    for f in facts[:RELATION_FACTS]])
    if not (lines or shared or facts):
        card.description = _("The fact base records nothing linking {a} and {b}. Try /search "
                             "with both names.", a=named_pair[0], b=named_pair[1])
    elif len(facts) > shown:
        card.footer = footer_for(base, more_facts(len(facts) - shown, slash("search")))
    return _finish(card, citations)


def source_card(base: FactBase, seed_id: str) -> Embed:
    """An article's metadata and the facts that cite it (first few; /search for the rest)."""
    seed = base.seeds[seed_id]
    card = EmbedBuilder(escape(seed.title), COLOURS["list"],
                        _("Source id: `{id}`", id=seed.id), footer_for(base),
                        reserve=SOURCES_RESERVE)
    for label, value in ((N_("Byline"), seed.byline), (N_("Outlet"), seed.outlet),
                         (N_("Original source"), seed.original_source),
                         (N_("Published"), seed.published)):
        card.add_field(_(label), escape(value) if value else _("not stated in the article"),
                       inline=True)
    if seed.url:
        card.add_field(_("Link"), escape(seed.url))
    facts = base.facts_by_seed.get(seed_id, [])
    lines = [f"• {fact_line(f)}" for f in facts]
    shown = card.add_lines(_("Facts citing it ({count})", count=len(facts)), lines,
                           continued="\u200b")
    if shown < len(facts):
        card.footer = footer_for(base, more_facts(len(facts) - shown, slash("search")))
    retracted = [fact for fact in base.retracted.values() if fact.source.seed == seed_id]
    card.add_lines(_("Retracted ({count})", count=len(retracted)), [
        f"• ~~{escape(fact.text)}~~ — " + _("retracted: {reason}", reason=escape(
            fact.reason or _("no reason given"))) for fact in retracted])
    return card.to_dict()


def about_card(base: FactBase) -> Embed:
    """The size of the base, when it was last updated, and how to cite it."""
    kinds: dict[str, int] = {}
    for entity in base.entities.values():
        kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
    counts = ", ".join(f"{n} {_(KIND_LABELS[k][n != 1])}" for k, n in sorted(kinds.items()))
    card = EmbedBuilder(_("About sahel-factbot"), COLOURS["list"], _(
        "Answers about the Sahel from a curated fact base. Every fact is written in our own "
        "words and cites the article it comes from with a verbatim quote, checked against the "
        "article's text."), footer_for(base))
    card.add_field(_("Size"), _(
        "{entities} entities ({counts}); {agreements} agreements; {relations} relations; "
        "{facts} facts from {articles} articles", entities=len(base.entities), counts=counts,
        agreements=len(base.agreements), relations=len(base.relations),
        facts=len(base.facts), articles=len(base.seeds)))
    card.add_field(_("Last update"), base.last_added.isoformat() if base.last_added
                   else _("never"), inline=True)
    card.add_field(_("How to cite"), _(
        "Cite the original article, shown under each answer as [1], [2] …; `/source id` gives "
        "its title and outlet. Quote our wording as \"sahel-factbot fact base\" with the "
        "fact's date."))
    card.add_field(_("Commands"), " · ".join(slash(name) for name in (
        "country", "bloc", "agreement", "lookup", "search", "timeline", "latest", "relation",
        "source", "about")))
    card.add_lines(_("Articles"), [f"`{s.id}` — {escape(s.credit())}"
                                for s in sorted(base.seeds.values(), key=lambda s: s.id)])
    return card.to_dict()
