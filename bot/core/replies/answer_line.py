"""The direct answer above search results: "**Answer:** **150 million litres of diesel** —
Mali–Niger diesel sale [1]".

It is given only when one record answers the question confidently: the question asks for a
kind of answer (when, how much, who, why, where, what is), the first result holds one, and no
result scored nearly as well gives a different one. The answer is the record's own words or
values — a date, a quantity from an agreement's terms, who governs, the clause of a fact that
gives a cause — never composed, and the line carries the record's attribution ("An aim,
according to …") and citation like any line of the list. Otherwise there is no line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Agreement, Fact, Relation
from bot.core.i18n import _, current_language
from bot.core.matching.lexicon import Lexicon
from bot.core.matching.search import Found, Hit
from bot.core.replies.attribution import attributed
from bot.core.replies.cards import term_goods
from bot.core.replies.markup import Citations
from bot.core.replies.record_lines import record_label
from bot.core.text import escape, fold

__all__ = ["CLOSE", "CONFIDENT_COVERAGE", "answer_line", "short_answer"]

CLOSE = 0.9  # another result within this share of the first's score, saying otherwise: unsure
CONFIDENT_COVERAGE = 0.6  # the first result must match this share of the question's weight
# Kinds a relation or agreement answers more cleanly than the fact it is drawn from ("military
# junta", "150 million litres of diesel"); for the others the fact's own words come first.
STRUCTURED_FIRST = frozenset({"quantity", "who"})
Record = Fact | Relation | Agreement
_QUANTITY = re.compile(r"\b\d[\d,.]*(?: (?:million|billion|thousand|hundred))?"
                       r"(?: (?!of\b|from\b|to\b|in\b)[a-z]+)?(?: of [a-z]+)?")
_BY = re.compile(r"\bby ((?:the )?[^,.;]+)")
_PLACE = re.compile(r"\b(?:in|at) ((?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)")
_CLAUSE_END = re.compile(r"[;.](?:\s|$)")
_BE = frozenset({"is", "are", "was", "were", "remain", "remains", "stay", "stays"})


def _year_only(text: str) -> bool:
    digits = text.replace(",", "")
    return len(digits) == 4 and digits.isdigit()


def _when(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Fact):
        if record.when is None:
            return None
        seed = base.seeds.get(record.source.seed)
        return record.when.display(source_dated=seed is None or bool(seed.published))
    if isinstance(record, Relation):
        return _("since {when}", when=record.since.display()) if record.since else None
    return record.when.display() if record.when else None


def _quantity(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Agreement):
        goods = [term_goods(term) for term in record.terms if term.quantity is not None]
        return goods[0] if goods else None
    if isinstance(record, Fact):
        for found in _QUANTITY.finditer(record.text):
            if not _year_only(found.group().split()[0]):
                return found.group()
    return None


def _who(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Relation):
        if record.kind == "governed_by":
            return record.by
        return base.name_of(record.subject) if record.kind == "holds_role" else None
    if isinstance(record, Fact):
        for ref in record.about:
            entity = base.entities.get(ref)
            if entity and entity.kind in ("person", "armed_group"):
                for label in (entity.name, *entity.aliases):
                    at = record.text.find(label)
                    if at >= 0:
                        return record.text[at:at + len(label)]
        found = _BY.search(record.text)
        return found.group(1) if found else None
    return None


def _marker(text: str, marker: str) -> re.Match[str] | None:
    """A cause marker ("because of", "led") as whole words of a text, in any case."""
    words = r"\s+".join(re.escape(word) for word in marker.split())
    return re.search(rf"\b{words}\b", text, re.IGNORECASE)


def _why(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Agreement):
        purposes = [term.purpose for term in record.terms if term.purpose]
        return _("to {purpose}", purpose=purposes[0]) if purposes else None
    if not isinstance(record, Fact):
        return None
    text = record.text
    for marker in lexicon.causes_follow:  # the cause is the clause the marker opens
        found = _marker(text, marker)
        if found:
            start = found.start()
            if marker.split()[0] in ("is", "are"):  # "are to supply …": the aim is "to …"
                start += len(marker.split()[0]) + 1
            end = _CLAUSE_END.search(text, start)
            return text[start:end.start() if end else len(text)].rstrip(" ,")
    for marker in lexicon.causes_precede:  # the cause is what comes before the marker
        found = _marker(text, marker)
        if found and found.start() > 0:
            stop = max(text.rfind(". ", 0, found.start()), text.rfind("; ", 0, found.start()))
            cause = text[stop + 2 if stop >= 0 else 0:found.start()].rstrip(" ,")
            return cause.removesuffix(" and").removesuffix(" which").rstrip(" ,")
    return None


def _where(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Relation):
        return base.name_of(record.object) if record.kind == "operates_in" and record.object \
            else None
    if isinstance(record, Fact):
        for found in _PLACE.finditer(record.text):
            # "convened in Moscow", "is in Mali" — not "the conflict in Mali is spreading",
            # where the place says which conflict, not where it goes
            before = record.text[:found.start()].split()
            if before and (before[-1].endswith(("ed", "ing")) or before[-1] in _BE):
                return found.group(1)
    return None


def _define(base: FactBase, record: Record, lexicon: Lexicon) -> str | None:
    if isinstance(record, Relation):
        if record.kind == "holds_role":
            former = _("former ") if record.status == "ended" else ""
            return f"{former}{record.role}, {base.name_of(record.object or '')}"
        return _("part of {name}", name=base.name_of(record.object)) \
            if record.kind == "part_of" and record.object else None
    if isinstance(record, Fact):
        found = re.search(r"\b(?:is|are|was|were) ((?:the|a|an|now) .+?)\.?$", record.text)
        return found.group(1) if found else None
    return None


_EXTRACT: dict[str, Callable[[FactBase, Record, Lexicon], str | None]] = {
    "when": _when, "quantity": _quantity, "who": _who, "why": _why, "where": _where,
    "define": _define}


def short_answer(base: FactBase, record: Record, kind: str, lexicon: Lexicon) -> str | None:
    """The words or value of a record that answer a kind of question, if it holds one."""
    return _EXTRACT[kind](base, record, lexicon)


def _record(base: FactBase, ref: str) -> Record:
    record = base.record(ref)
    assert record is not None, ref
    return record


def answer_line(base: FactBase, found: Found, lexicon: Lexicon,
                citations: Citations) -> str | None:
    """The answer line for a search, or None when no record answers confidently."""
    kind, hits = found.question.kind, found.hits
    if kind is None or not hits or hits[0].coverage < CONFIDENT_COVERAGE:
        return None
    first, drawn = hits[0], [hit for hit in hits[1:] if hit.follows == hits[0].ref]
    # For some kinds a relation or agreement drawn from the first fact gives the cleaner
    # answer, if it matches the question as well as the fact does ("Mali is governed by
    # military junta"; not Lavrov's role for who invited the ministers).
    cleaner = [hit for hit in drawn if hit.coverage >= first.coverage] \
        if kind in STRUCTURED_FIRST else []
    group = [*cleaner, first, *[hit for hit in drawn if hit not in cleaner]]
    named = {fold(base.name_of(ref)) for ref in found.named}
    answer: tuple[Record, str] | None = None
    for hit in group:
        record = _record(base, hit.ref)
        value = short_answer(base, record, kind, lexicon)
        if value is None and kind == "who":  # "who thinks …": whose view the record is
            value = record.source.according_to
        if value and fold(value) not in named:  # naming what was asked about answers nothing
            answer = (record, value)
            break
    if answer is None or _contradicted(base, hits, group, kind, answer[1], lexicon):
        return None
    record, value = answer
    label = record_label(base, record)
    if current_language() != "en" and isinstance(record, Fact) and record.text_fr and \
            re.search(r"[^\W\d_]", value):
        # The value is the English text's words: a French reply gives the French text whole.
        text = attributed(label, record.source)
    else:
        text = attributed(f"**{escape(value)}** — {label}", record.source)
    return _("**Answer:** {text}", text=text) + f" {citations.cite(record.source)}"


def _contradicted(base: FactBase, hits: list[Hit], group: list[Hit], kind: str, value: str,
                  lexicon: Lexicon) -> bool:
    """Whether a result outside the first one's group scored nearly as well and gives
    another answer of the same kind."""
    ours = {hit.ref for hit in group}
    for hit in hits:
        if hit.ref in ours or hit.follows in ours:
            continue
        if hit.score < CLOSE * hits[0].score:
            return False
        other = short_answer(base, _record(base, hit.ref), kind, lexicon)
        if other and fold(other) != fold(value):
            return True
    return False
