"""The Sources button's reply: the verbatim words each cited record rests on.

Every reply already names its articles ([1], [2] …). Asked for its sources, it shows, only to
the person who asked, each article's title and outlet with the quotes of the records it cited
from it — the quotes the validator checks against the article's text — so a reader can judge
a fact against its source without leaving Discord.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.facts.factbase import FactBase
from bot.core.i18n import _
from bot.core.replies.cards import COLOURS, footer_for
from bot.core.replies.listings import notice
from bot.core.replies.markup import Citations, EmbedBuilder, reply_payload, truncate
from bot.core.replies.payloads import ReplyPayload
from bot.core.text import escape

__all__ = ["QUOTE_SHOWN", "sources_reply"]

QUOTE_SHOWN = 400  # characters of one quote


def sources_reply(base: FactBase, made: Sequence[Citations]) -> ReplyPayload:
    """The quotes of the records a reply cited (``made``: the reply's ``Citations``)."""
    quotes: dict[str, list[str]] = {}
    numbers: dict[str, int] = {}
    for citations in made:
        for seed_id, number in citations.numbers.items():
            numbers.setdefault(seed_id, number)
            kept = quotes.setdefault(seed_id, [])
            kept += [q for q in citations.quotes.get(seed_id, []) if q not in kept]
    if not numbers:
        return notice(_("No sources"), _("This reply cites no article."))
    card = EmbedBuilder(_("Sources"), COLOURS["list"], _(
        "The words of each article that the reply rests on, exactly as the article has them."),
        footer_for(base))
    for seed_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        seed = base.seeds.get(seed_id)
        credit = seed.credit() if seed else seed_id
        lines = [f"> “{escape(truncate(quote, QUOTE_SHOWN))}”" for quote in quotes[seed_id]]
        card.add_lines(f"[{number}] {credit}", [*lines, f"`/source {seed_id}`"])
    return reply_payload([card.to_dict()], ephemeral=True)
