""""Check facts": what the fact base says on the subject of a message someone posted.

The message command runs the search over the message's own words and answers, only to the
person who asked, with the most relevant facts, each with who asserts it (its stance) and the
verbatim quote it rests on, and the articles cited. It does not judge the message: it shows
what the base holds, or says it holds nothing on it.
"""

from __future__ import annotations

from bot.core.facts.factbase import FactBase
from bot.core.i18n import _
from bot.core.matching.search import FactSearch
from bot.core.replies.cards import COLOURS, footer_for
from bot.core.replies.listings import notice
from bot.core.replies.markup import Citations, EmbedBuilder, reply_payload, truncate
from bot.core.replies.payloads import ReplyPayload
from bot.core.replies.record_lines import record_line
from bot.core.text import escape, fold

__all__ = ["CHECK_FACTS", "CHECK_TEXT_MAX", "check_message", "name_stems"]

CHECK_FACTS = 3  # facts shown, most relevant first
SHARED_WORDS = 2  # words a message and a record share outright (one, if it is a name)
CHECK_TEXT_MAX = 1000  # characters of the message searched (a message may have 4000)
QUOTE_MAX = 300  # characters of each quote shown


def _words_of(record: object) -> str:
    source = getattr(record, "source", None)
    return " ".join(str(getattr(record, field, "") or "") for field in
                    ("text", "text_fr", "name", "summary")) + " " + \
        (source.quote if source is not None else "")


def _stems(text: str) -> set[str]:
    """The words of four letters or more, cut to five letters, folded."""
    return {word[:5] for word in fold(text).split() if len(word) >= 4 and word.isalpha()}


def name_stems(base: FactBase) -> frozenset[str]:
    """The stems of the entities' names and aliases (computed once per base by ``Answers``)."""
    return frozenset(_stems(" ".join(" ".join((entity.name, *entity.aliases))
                                     for entity in base.entities.values())))


def check_message(base: FactBase, index: FactSearch, text: str,
                  names: frozenset[str]) -> ReplyPayload:
    """The ephemeral reply to "Check facts" on a message whose text is ``text`` (``names``:
    ``name_stems`` of the base)."""
    words = text.strip()
    if not words:
        return notice(_("Nothing to check"), _(
            "That message has no text of its own to check (images, embeds and attachments are "
            "not read)."))
    # The search forgives typos ("weather" finds "whether"): right for a question, wrong for
    # a message that was never about the base. A record is shown only if it shares words
    # with the message as they are written (a word's first five letters: plurals agree).
    said = _stems(words[:CHECK_TEXT_MAX])
    hits = []
    for hit in index.search(words[:CHECK_TEXT_MAX]):
        shared = said & _stems(_words_of(index.record(hit.ref)))
        if len(shared) >= SHARED_WORDS or shared & names:  # two words, or a name
            hits.append(hit)
    if not hits:
        return notice(_("Nothing in the fact base"), _(
            "The fact base has nothing on what this message says. That does not make it true "
            "or false: the base holds only what its articles report. /about lists what it "
            "covers."))
    citations = Citations(base)
    lines = []
    for hit in hits[:CHECK_FACTS]:
        record = index.record(hit.ref)  # a fact, or a relation or agreement
        lines.append(f"• {record_line(base, record, citations)}")
        lines.append(f"> “{escape(truncate(record.source.quote, QUOTE_MAX))}”")
    intro = _("What the fact base says on this message's subject, most relevant first, with "
              "the words of the article each fact rests on. It does not judge the message: "
              "compare them yourself.")
    card = EmbedBuilder(_("Check facts"), COLOURS["list"], intro, footer_for(base))
    card.description = truncate("\n".join([intro, *lines]), 4096)
    card.add_lines(_("Sources"), citations.lines())
    return reply_payload([card.to_dict()], ephemeral=True)
