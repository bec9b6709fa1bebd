"""One line for any record a list can show: a fact, a relation or an agreement, each with its
attribution and citation marker (search results list all three)."""

from __future__ import annotations

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Agreement, Fact, Relation
from bot.core.i18n import _
from bot.core.replies.attribution import attributed
from bot.core.replies.cards import agreement_summary, agreement_terms, relation_verb, relation_when
from bot.core.replies.markup import Citations, fact_line
from bot.core.replies.phrasing import fact_text, shown_name
from bot.core.text import escape

__all__ = ["record_label", "record_line", "relation_sentence"]


def relation_sentence(base: FactBase, relation: Relation) -> str:
    """A relation as a short escaped sentence: "Mali is governed by military junta",
    "Sergei Lavrov: Foreign Minister, Russia"."""
    subject = escape(shown_name(base, relation.subject))
    other = escape(shown_name(base, relation.object)) if relation.object else ""
    if relation.kind == "governed_by":
        verb = _("was governed by") if relation.status == "ended" else _("is governed by")
        return f"{subject} {verb} {escape(relation.by or '')}"
    if relation.kind == "holds_role":
        former = _("former ") if relation.status == "ended" else ""
        return f"{subject}: {former}{escape(relation.role or '')}, {other}"
    return f"{subject} {relation_verb(relation)} {other}"


def record_label(base: FactBase, record: Fact | Relation | Agreement) -> str:
    """What a record says in a few escaped words: a fact's text, a relation's sentence, an
    agreement's name (without attribution: callers add it)."""
    if isinstance(record, Fact):
        return escape(fact_text(record))
    if isinstance(record, Relation):
        return relation_sentence(base, record)
    return escape(record.name)


def record_line(base: FactBase, record: Fact | Relation | Agreement, citations: Citations,
                *, added: bool = False) -> str:
    """A record as one line: its words, whose view it is, its dates or terms, its citation."""
    if isinstance(record, Fact):
        return fact_line(record, citations, added=added)
    mark = citations.cite(record.source)
    if isinstance(record, Relation):
        details = [text for text in (relation_when(record), escape(record.note or ""))
                   if text]
        text = relation_sentence(base, record) + (f" — {'; '.join(details)}" if details else "")
        return f"{attributed(text, record.source)} {mark}"
    terms = "; ".join(agreement_terms(base, record))
    # agreement_summary already says whose view the agreement is, if not reported fact
    return f"{agreement_summary(record)}{f' — {terms}' if terms else ''} {mark}"
