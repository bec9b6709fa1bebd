"""Rules that keep a record from saying more, or more firmly, than its article.

A quote that carries an attribution or a hedge ("according to", "believes", "seen as",
"aims", "may" …) cannot back a record marked as the article's own reporting (F210); neither can
a quote cut out of a sentence whose attribution it leaves behind, or out of a paragraph of the
article's own analysis ("Why this matters:", "In conclusion") (F211). A summary must list the
records it restates, each about its entity (F212); a name an article uses must be in its quote
(F213).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from bot.core.facts.model import ANALYSIS, Agreement, Entity, Fact, Relation, Seed
from bot.core.facts.problems import Problem
from bot.core.facts.seeds import Sentence, normalise_quote, sentences

if TYPE_CHECKING:
    from bot.core.facts.records import FileRecords
    from bot.core.facts.rules import CrossFile, SeedTexts

__all__ = ["ANALYSIS_OPENERS", "CUES", "cues_in", "governed_part", "names_not_in_quotes",
           "quote_cues", "quotes_without_their_attribution", "unsupported_summaries"]

# Words that mark a statement as someone's view, a hope or a hedge rather than reported fact.
# "may" only in lower case: "May" is a month.
CUES: dict[str, re.Pattern[str]] = {
    label: re.compile(pattern, flags)
    for label, pattern, flags in (
        ("according to", r"\baccording to\b", re.I),
        ("believes", r"\bbelieves?\b", re.I),
        ("seen as", r"\bseen as\b", re.I),
        ("considered", r"\bconsidered\b", re.I),
        ("aims", r"\baims?\b", re.I),
        ("intend", r"\bintend(?:s|ed)?\b|\bintentions?\b", re.I),
        ("aspiration", r"\baspirations?\b", re.I),
        ("in conclusion", r"\bin conclusion\b", re.I),
        ("why this matters", r"\bwhy this matters\b", re.I),
        ("expected", r"\bexpected\b", re.I),
        ("may", r"\bmay\b", 0),
        ("characterized", r"\bcharacteri[sz]ed\b", re.I),
        ("emphasizes", r"\bemphasi[sz]es\b", re.I),
        ("calls for", r"\bcalls? for\b", re.I),
        ("underscores", r"\bunderscores?\b", re.I),
        ("highlights", r"\bhighlights?\b", re.I),
        ("unlikely", r"\bunlikely\b", re.I),
    )
}
# One pass over a quote finds whether any cue is there (most quotes have none).
_ANY_CUE = re.compile("|".join(
    f"(?{'i' if pattern.flags & re.I else '-i'}:{pattern.pattern})" for pattern in CUES.values()))
# A paragraph opening with one of these is the article's own analysis, every sentence of it.
ANALYSIS_OPENERS = ("Why this matters", "In conclusion")
# Between an attribution and the quote, one of these starts a new clause it no longer governs.
_CLAUSE_BREAK = re.compile(r", and |, but |; |: ")

Cited = Relation | Agreement | Fact
_STANCE_FIX = ("set 'stance:' in its source (claim, opinion, aspiration, plan, assessment or "
               "analysis) and 'according_to:' (who says it), or quote a passage the article "
               "reports as fact")



def _cited(records: FileRecords) -> Iterator[Cited]:
    return chain(records.relations, records.agreements, records.facts)


def cues_in(text: str) -> list[str]:
    """The cue words found in ``text``, in the order of ``CUES``."""
    if not _ANY_CUE.search(text):
        return []
    return [label for label, pattern in CUES.items() if pattern.search(text)]


def governed_part(before: str) -> str:
    """Of the sentence before a quote, the part an attribution there still governs: what
    follows the last clause break (", and", ", but", ";", ":")."""
    return _CLAUSE_BREAK.split(before)[-1]


@functools.lru_cache(maxsize=256)
def _layout(seed: Seed) -> tuple[str, tuple[Sentence, ...]]:
    """The seed's sentences, and their normalised texts joined as their spans index them."""
    cut = tuple(sentences(seed))
    return " ".join(sentence.normalised for sentence in cut), cut


def _context(seed: Seed, quote: str) -> tuple[Sentence, Sentence, int] | None:
    """The sentence a quote starts in, the first sentence of its paragraph, and where the
    quote starts within its sentence; None when the quote is not found (F207 says so)."""
    joined, cut = _layout(seed)
    start = joined.find(normalise_quote(quote))
    if start < 0:
        return None
    for index, sentence in enumerate(cut):
        if sentence.start <= start <= sentence.end:
            first = index
            while first > 0 and cut[first - 1].line == sentence.line:
                first -= 1
            return sentence, cut[first], start - sentence.start
    return None


def quote_cues(records: FileRecords, seeds: SeedTexts) -> Iterator[Problem]:
    """F210: the quote itself attributes or hedges, yet the record is marked as reported."""
    for record in _cited(records):
        if not record.source.reported:
            continue
        found = cues_in(record.source.quote)
        if found:
            yield record.where.problem("source.quote", "F210", f"the quote says "
                           f"'{found[0]}', so the article does not report this as plain fact; "
                           f"{_STANCE_FIX}")


def quotes_without_their_attribution(records: FileRecords,
                                     seeds: SeedTexts) -> Iterator[Problem]:
    """F211: the quote leaves out the attribution of its own sentence ("According to X, …"),
    or comes from a paragraph of the article's own analysis, yet is marked as reported."""
    for record in _cited(records):
        source = record.source
        seed = seeds.seeds.get(source.seed)
        if seed is None or source.stance == ANALYSIS:
            continue
        context = _context(seed, source.quote)
        if context is None:
            continue
        sentence, opening, at = context
        if opening.normalised.startswith(ANALYSIS_OPENERS):
            yield record.where.problem("source.quote", "F211", "this quote comes from the "
                           f"paragraph \"{opening.normalised[:40]}…\", the article's own "
                           "analysis; set 'stance: analysis' in its source")
            continue
        if not source.reported:
            continue
        before = sentence.normalised[:at]
        governed = governed_part(before)
        found = cues_in(governed)
        if found:
            yield record.where.problem("source.quote", "F211", f"the quote leaves out "
                           f"'{found[0]}' from the start of its sentence (\"{governed[:60]}…\"), "
                           f"which makes it someone's view; quote from there and {_STANCE_FIX}")


def _concerns(record: Cited, entity_id: str) -> bool:
    if isinstance(record, Fact):
        return entity_id in record.about
    if isinstance(record, Relation):
        return entity_id in (record.subject, record.object)
    return entity_id in record.parties or entity_id == record.id


def unsupported_summaries(base: CrossFile) -> Iterator[Problem]:
    """F212: a summary that lists no record it restates, or one that is unknown, not about
    its entity, or not published (a draft, or retracted: cards would go on stating it)."""
    records: Iterable[Cited] = chain(base.relations, base.agreements.values(), base.facts)
    cited = {record.id: record for record in records}
    for entity in base.entities.values():
        if not entity.summary and not entity.summary_sources:
            continue
        if not entity.summary_sources:
            yield entity.where.problem("summary", "F212", "list the facts, relations or "
                           "agreements this summary restates in 'summary_sources:'; a summary "
                           "says nothing they do not")
            continue
        for index, ref in enumerate(entity.summary_sources):
            record = cited.get(ref)
            if record is None:
                if not base.may_exist(ref):
                    yield entity.where.problem(f"summary_sources[{index}]", "F212",
                                   f"'{ref}' is not a known fact, relation or agreement; list "
                                   "the records this summary restates")
            elif not _concerns(record, entity.id):
                yield entity.where.problem(f"summary_sources[{index}]", "F212",
                               f"'{ref}' is not about '{entity.id}', so it cannot support its "
                               "summary; list records about it")
            elif isinstance(record, Fact) and not record.published:
                yield entity.where.problem(f"summary_sources[{index}]", "F212",
                               f"'{ref}' is {record.status}, so the summary may not restate "
                               "it: reword the summary without it and remove it from "
                               "'summary_sources'")


def names_not_in_quotes(records: FileRecords, seeds: SeedTexts) -> Iterator[Problem]:
    """F213: a name an article is said to use is not in the quote given for it."""
    entities: list[Entity] = records.entities
    for entity in entities:
        for index, named in enumerate(entity.source_names):
            if normalise_quote(named.name).casefold() not in \
                    normalise_quote(named.quote).casefold():
                yield entity.where.problem(f"names_in_sources[{index}].name", "F213",
                               f"'{named.name}' is not in its quote; quote the passage where "
                               "the article uses this name")
