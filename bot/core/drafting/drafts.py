"""Draft records for an article's claims that no record quotes yet.

For each sentence the coverage report finds uncited, each clause no quote states becomes one
draft: its exact words as the quote (a clause opening with "as …" or "according to …" is quoted
with the clause before it, as coverage wants), ``about`` from the names the matcher finds in it
(else in its sentence, else its paragraph), ``when`` as precise as its words, and the stance its
words suggest. Lines that are no sentence (a headline, a byline) get no draft: they are listed
for a coverage note instead. Drafts already written count as quotes, so drafting again adds only
what is still uncovered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from bot.core import limits
from bot.core.drafting.candidates import Candidate, candidate_entities
from bot.core.drafting.cues import Stance, stance_of, when_in
from bot.core.facts.coverage import Clause, clauses, coverage_report
from bot.core.facts.factbase import FactBase
from bot.core.facts.faithfulness import ANALYSIS_OPENERS, cues_in, governed_part
from bot.core.facts.model import PUBLISHED, Seed
from bot.core.facts.seeds import Sentence
from bot.core.text import fold

__all__ = ["DraftRecord", "SeedDrafts", "draft_seed"]

ID_WORDS = 5
_SMALL = frozenset("a an the of and or in on at to for with from by as its their his her is are "
                   "was were be been has have had that this these those which who will".split())
_HEADING_WORDS = 12  # a line this short without a sentence's end is a headline or byline
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")

Mentioned = Callable[[str], set[str]]


@dataclass(frozen=True, slots=True)
class DraftRecord:
    """One draft fact: what ``factbot draft`` writes for one uncited clause."""

    id: str
    quote: str
    about: tuple[str, ...]
    about_from: str  # "quote", "sentence", "paragraph" or "" (found nowhere)
    when: str | None
    stance: Stance
    line: int  # the seed line it quotes


@dataclass(slots=True)
class SeedDrafts:
    """The drafts for one seed, the names the base does not know, and the lines that are
    no claim of their own (headline, byline)."""

    seed: Seed
    records: list[DraftRecord]
    candidates: list[Candidate]
    headings: list[Sentence]


def _cited_by_everything(base: FactBase) -> FactBase:
    """The base with every fact (drafts and retractions too) counted as quoting its passage."""
    facts = [fact if fact.published else replace(fact, status=PUBLISHED)
             for fact in base.every_fact()]
    return FactBase.build(base.entities.values(), base.agreements.values(),
                          base.relations.values(), facts, base.seeds, base.coverage)


def _original(sentence: Sentence, normalised: str) -> str:
    """The words of ``normalised`` as the article writes them (curly quotes, spacing)."""
    pattern = "".join(r"\s+" if char == " " else "['‘’‚‛‹›]" if char == "'"
                      else "[\"“”„‟«»]" if char == '"' else re.escape(char)
                      for char in normalised)
    found = re.search(pattern, sentence.text)
    return found.group() if found else normalised


def _groups(found: list[Clause], todo: list[int]) -> list[tuple[int, int]]:
    """The clause ranges to quote: a link clause joins the clause before it."""
    groups: list[tuple[int, int]] = []
    for index in todo:
        if found[index].link and index > 0:
            if groups and groups[-1][1] == index - 1:
                groups[-1] = (groups[-1][0], index)
            else:
                groups.append((index - 1, index))
        else:
            groups.append((index, index))
    return groups


def _quote(sentence: Sentence, first: Clause, last: Clause) -> str:
    start, end = first.start - sentence.start, last.end - sentence.start
    text = sentence.normalised
    governed = governed_part(text[:start])
    if cues_in(governed):  # quote the attribution that governs it too (F211)
        start -= len(governed)
    quote = text[start:end].strip(" ,;:")
    if quote.endswith(".") and not quote.endswith(".."):
        quote = quote[:-1]
    if len(quote) > limits.QUOTE_MAX:
        quote = quote[:limits.QUOTE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:")
    return _original(sentence, quote)


class _Ids:
    """Readable unique ids from a quote's first words."""

    def __init__(self, taken: Collection[str]) -> None:
        self.taken = set(taken)

    def make(self, quote: str) -> str:
        words = [word for word in fold(quote).split()
                 if word not in _SMALL and word.isascii() and len(word) > 1]
        base = "-".join(words[:ID_WORDS])[:56].strip("-") or "fact"
        made, number = base, 1
        while made in self.taken:
            number += 1
            made = f"{base}-{number}"
        self.taken.add(made)
        return made


def _about(base: FactBase, mentioned: Mentioned, texts: list[tuple[str, str]]
           ) -> tuple[tuple[str, ...], str]:
    """The entries named in the first of ``texts`` (where, text) that names any, in the order
    the text names them."""
    for where, text in texts:
        found = mentioned(text)
        if found:
            folded = fold(text)

            def position(ref: str, folded: str = folded) -> tuple[int, str]:
                record = base.entities.get(ref) or base.agreements.get(ref)
                labels = [record.name, *record.aliases] if record else [ref]
                places = [folded.find(fold(label)) for label in labels]
                return min((p for p in places if p >= 0), default=len(folded)), ref

            return tuple(sorted(found, key=position)), where
    return (), ""


def draft_seed(base: FactBase, seed_id: str, mentioned: Mentioned,
               known: Callable[[str], bool]) -> SeedDrafts:
    """The drafts for the clauses of ``seed_id`` no record quotes yet.

    ``mentioned(text)`` gives the ids of the entries a text names (the matcher's exact names,
    aliases and French forms); ``known(folded)`` whether a folded name is in the base.
    """
    seed = base.seeds[seed_id]
    report = next(item for item in coverage_report(_cited_by_everything(base))
                  if item.seed.id == seed_id)
    taken = {*base.entities, *base.agreements, *base.relations, *base.facts, *base.drafts,
             *base.retracted}
    ids = _Ids(taken)
    lines = seed.text.splitlines()
    records: list[DraftRecord] = []
    headings: list[Sentence] = []
    openers: dict[int, str] = {}
    for item in report.sentences:
        sentence = item.sentence
        openers.setdefault(sentence.line, sentence.normalised)
        if item.status != "uncited":
            continue
        line_text = lines[sentence.line - 1].strip()
        if not _SENTENCE_END.search(line_text) and len(line_text.split()) <= _HEADING_WORDS:
            headings.append(sentence)
            continue
        found = clauses(sentence)
        missing = set(item.missing)
        todo = [index for index, clause in enumerate(found)
                if not item.facts or clause.text.strip(" ,;:") in missing]
        analysis = openers[sentence.line].startswith(ANALYSIS_OPENERS)
        for first, last in _groups(found, todo):
            quote = _quote(sentence, found[first], found[last])
            about, where = _about(base, mentioned, [("quote", quote),
                                                    ("sentence", sentence.text),
                                                    ("paragraph", line_text)])
            records.append(DraftRecord(ids.make(quote), quote, about, where, when_in(quote),
                                       stance_of(quote, analysis=analysis), sentence.line))
    return SeedDrafts(seed, records, candidate_entities(seed, known), headings)
