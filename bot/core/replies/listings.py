"""Paged lists of facts (search results, timelines, the latest additions) and the ephemeral
notices: not found, did you mean, which one, and errors."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from bot.core.facts.factbase import FactBase, fact_order
from bot.core.facts.model import Agreement, Fact, Relation
from bot.core.i18n import N_, _, n_, slash
from bot.core.matching.matcher import Match, Resolution, ResolutionStatus
from bot.core.replies.cards import COLOURS, KIND_LABELS, footer_for
from bot.core.replies.components import page_row, pick_row
from bot.core.replies.markup import Citations, EmbedBuilder, reply_payload, truncate
from bot.core.replies.payloads import ActionRow, ReplyPayload
from bot.core.replies.phrasing import shown_name
from bot.core.replies.record_lines import record_line
from bot.core.text import escape

__all__ = ["COUNTED", "PER_PAGE", "agreements_notice", "fact_list", "notice", "page_count",
           "resolution_notice", "timeline_groups"]

PER_PAGE = 5
ECHO_MAX = 100


def page_count(total: int, per_page: int = PER_PAGE) -> int:
    """How many pages ``total`` items fill (at least one)."""
    return max(1, math.ceil(total / per_page))


def fact_list(base: FactBase, title: str, facts: Sequence[Fact | Relation | Agreement],
              page: int, *, command: str, intro: str = "", added: bool = False,
              per_page: int = PER_PAGE, groups: Sequence[str] = (),
              lead: Callable[[Citations], str | None] | None = None,
              clicks: tuple[str, str] | None = None) -> ReplyPayload:
    """One page of records (facts, and for a search relations and agreements too) in the
    given order, each with its date and citation. ``groups`` (one label per fact, facts of a
    group together) heads each group where it starts on the page, so facts that cannot be
    ordered among the others are never shown as if they were. ``lead`` makes the line shown
    first on page 1, if any (the direct answer to a question). ``clicks``: (command, argument)
    for its Previous / Next / Sources buttons (see ``components``)."""
    pages = page_count(len(facts), per_page)
    if not 1 <= page <= pages:
        return notice(_("No such page"), n_(
            "There is only {count} page of results; ask for page 1.",
            "There are only {count} pages of results; ask for a page from 1 to {count}.",
            pages))
    citations = Citations(base)
    first = lead(citations) if lead and page == 1 else None
    start = (page - 1) * per_page
    shown = facts[start:start + per_page]
    lines = []
    for n, fact in enumerate(shown, start=start + 1):
        if groups and (n == start + 1 or groups[n - 1] != groups[n - 2]):
            continued = _(" (continued)") if n > 1 and groups[n - 1] == groups[n - 2] else ""
            lines.append(f"__{_(groups[n - 1])}{continued}__")
        lines.append(f"**{n}.** {record_line(base, fact, citations, added=added)}")
    if first:
        intro = f"{first}\n{intro}" if intro else first
    more = _("page {page} of {pages} · add page:{next} to {command} for more", page=page,
             pages=pages, next=page + 1, command=command) if page < pages else \
        _("page {page} of {pages}", page=page, pages=pages)
    card = EmbedBuilder(title, COLOURS["list"], intro, footer_for(base, more))
    description = "\n".join([intro, *lines]).strip() if intro else "\n".join(lines)
    card.description = truncate(description, 4096)
    card.add_lines(_("Sources"), citations.lines())
    rows = page_row(*clicks, page, pages) if clicks else []
    return reply_payload([card.to_dict()], components=rows)


DATED, NO_YEAR, UNDATED = (N_("Dated, earliest first"), N_("Year not stated"),
                           N_("No date given"))
COUNTED = {DATED: N_("dated"), NO_YEAR: N_("with no year stated"), UNDATED: N_("with no date")}


def timeline_groups(facts: Sequence[Fact]) -> list[tuple[str, list[Fact]]]:
    """An entry's facts in groups that never imply an order the articles do not give: dates
    with a year in chronological order; dates without one ("March", "May 24", "Thursday")
    apart, in the order the articles give them; then facts with no date."""
    dated = sorted((f for f in facts if f.when and f.when.has_year), key=fact_order)
    written = sorted(facts, key=lambda f: (f.source.seed, f.where.path, f.where.line, f.id))
    no_year = [f for f in written if f.when and not f.when.has_year]
    undated = [f for f in written if not f.when]
    return [(label, members) for label, members in
            ((DATED, dated), (NO_YEAR, no_year), (UNDATED, undated)) if members]


def notice(title: str, text: str, lines: Sequence[str] = (),
           components: list[ActionRow] | None = None) -> ReplyPayload:
    """An ephemeral notice (only the user who asked sees it), with a menu if it offers one."""
    card = EmbedBuilder(title, COLOURS["notice"], text)
    if lines:
        card.add_lines("\u200b", list(lines))
    return reply_payload([card.to_dict()], ephemeral=True, components=components)


def echo(query: str) -> str:
    """A user's own words, shown back safely."""
    return escape(truncate(" ".join(query.split()), ECHO_MAX))


def _kind(base: FactBase, ref: str) -> str:
    entity = base.entities.get(ref)
    return _(KIND_LABELS[entity.kind][0]) if entity else _("agreement")


def _describe(base: FactBase, match: Match) -> str:
    return f"**{escape(shown_name(base, match.id))}** ({_kind(base, match.id)}) — `{match.id}`"


def _menu(base: FactBase, refs: Sequence[str], pick: tuple[str, str] | None
          ) -> list[ActionRow]:
    """A "which one?" menu of these entries, when the command can be answered by a pick."""
    if pick is None:
        return []
    return pick_row(*pick, [(shown_name(base, ref), ref, _kind(base, ref)) for ref in refs])


def resolution_notice(base: FactBase, resolution: Resolution, what: str,
                      command: str, pick: tuple[str, str] | None = None) -> ReplyPayload:
    """The ephemeral reply for a name that did not resolve to one entry (``pick``: command
    and argument of the "which one?" menu offering the suggestions, if it can)."""
    query = echo(resolution.query)
    options = [f"• {_describe(base, m)}" for m in resolution.options]
    menu = _menu(base, [m.id for m in resolution.options], pick)
    if resolution.status is ResolutionStatus.EMPTY:
        return notice(_("Which {what}?", what=_(what)), _(
            "Type a name after /{command}; pick one from the suggestions as you type. Some to "
            "try:", command=slash(command)[1:]), options, menu)
    if resolution.status is ResolutionStatus.AMBIGUOUS:
        return notice(_("Which one did you mean?"), _(
            "“{query}” matches several entries about equally well. Run /{command} again with "
            "one of these:", query=query, command=slash(command)[1:]), options, menu)
    if resolution.status is ResolutionStatus.NOT_IN_BASE:
        outside = escape(resolution.outside or resolution.query)
        if resolution.options:
            guesses = _(" or ").join(f"**{escape(shown_name(base, m.id))}**"
                                     for m in resolution.options)
            return notice(_("Not in the fact base"), _(
                "{name} is not in the fact base — did you mean {guesses}?", name=outside,
                guesses=guesses), options, menu)
        return notice(_("Not in the fact base"), _(
            "{name} is not in the fact base. /search looks through every fact, and /about "
            "lists what is covered.", name=outside))
    return notice(_("Not found"), _(
        "Nothing in the fact base is called “{query}”. Did you mean one of these? (/search "
        "looks through every fact.)", query=query), options, menu)


def agreements_notice(base: FactBase, ref: str, command: str) -> ReplyPayload:
    """The ephemeral reply to an entity's name where an agreement was asked for: the
    agreements it is party to, to pick from, or that there are none."""
    name = escape(shown_name(base, ref))
    agreements = base.agreements_of.get(ref, [])
    if not agreements:
        return notice(_("No agreement"), _(
            "{name} is party to no agreement in the fact base. /lookup {ref} shows what the "
            "base says about it.", name=name, ref=ref))
    lines = [f"• {_describe(base, Match(a.id, 100.0, a.name))}" for a in agreements]
    menu = _menu(base, [a.id for a in agreements], (command, ""))
    return notice(_("Which agreement of {name}?", name=name), n_(
        "{name} is party to {count} agreement in the fact base. Run /{command} again with it:",
        "{name} is party to {count} agreements in the fact base. Run /{command} again with "
        "one of these:", len(agreements), name=name, command=slash(command)[1:]), lines,
        menu)
