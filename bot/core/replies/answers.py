"""Answers: a command and its options in, a Discord interaction response payload out.

``Answers`` is built once per loaded fact base and holds its name index, matcher and search index.
The console, ``factbot ask`` and the Discord bot all call ``answer`` and ``autocomplete``, so what a
maintainer previews is exactly what Discord receives. Bad input never raises: it gets an ephemeral
notice that says what to do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from bot.core.facts.factbase import FactBase, fact_order
from bot.core.i18n import N_, _, slash
from bot.core.matching.described import AgreementsByTerms
from bot.core.matching.lexicon import shipped_lexicon
from bot.core.matching.matcher import Match, Matcher, Resolution, ResolutionStatus, outside_names
from bot.core.matching.names import Named, NameIndex
from bot.core.matching.search import FactSearch
from bot.core.replies import cards
from bot.core.replies.answer_line import answer_line
from bot.core.replies.checking import check_message, name_stems
from bot.core.replies.commands import COMMANDS, KIND_FILTERS, QUERY_MAX
from bot.core.replies.components import page_row
from bot.core.replies.listings import (
    COUNTED,
    agreements_notice,
    fact_list,
    notice,
    resolution_notice,
    timeline_groups,
)
from bot.core.replies.markup import autocomplete_payload, choice_pairs, reply_payload
from bot.core.replies.payloads import AutocompletePayload, ReplyPayload
from bot.core.text import escape, fold

__all__ = ["HANDLERS", "Answers", "Handler"]

TIMELINE_PER_PAGE = 8
LATEST_PER_PAGE = 8
_WHAT = {"country": N_("country"), "bloc": N_("bloc"), "agreement": N_("agreement"),
         "any": N_("entry"), "entity": N_("entity")}


def _named(base: FactBase) -> list[Named]:
    entities = [Named(e.id, e.kind, e.name, e.aliases) for e in base.entities.values()]
    return entities + [Named(a.id, "agreement", a.name, a.aliases)
                       for a in base.agreements.values()]


def _importance(base: FactBase) -> dict[str, float]:
    return {ref: len(base.facts_about.get(ref, ())) + len(base.relations_of.get(ref, ()))
            + len(base.agreements_of.get(ref, ()))
            for ref in (*base.entities, *base.agreements)}


def _page(options: Mapping[str, object]) -> int:
    """The page asked for (``answer`` has checked it is a whole number), else the first."""
    page = options.get("page")
    return int(page) if isinstance(page, int) else 1


class Answers:
    """The answering core for one fact base."""

    base: FactBase
    names: NameIndex
    matcher: Matcher
    search_index: FactSearch

    def __init__(self, base: FactBase, previous: Answers | None = None) -> None:
        """Build the indexes; with ``previous`` (the answers of an earlier base) the search
        index is updated for the facts that changed, and an unchanged name index is reused."""
        self.base = base
        named, importance = _named(base), _importance(base)
        if previous and previous.names.same_input(named, importance):
            self.names = previous.names
        else:
            self.names = NameIndex(named, importance)
        reuse = previous is not None and self.names is previous.names
        self.matcher = previous.matcher if previous and reuse else Matcher(
            self.names, outside_names(), shipped_lexicon())
        self.search_index = FactSearch(base, self.names,
                                       previous.search_index if previous else None)
        self.described = AgreementsByTerms(base, self.names, self.search_index.lexicon)

    # ---- entry points --------------------------------------------------------------------
    def check(self, text: str) -> ReplyPayload:
        """The reply to "Check facts" on a message with this text (see ``checking``)."""
        return check_message(self.base, self.search_index, text, self._name_stems)

    @functools.cached_property
    def _name_stems(self) -> frozenset[str]:
        return name_stems(self.base)  # once per base, not on every check

    def answer(self, command: str, options: Mapping[str, object]) -> ReplyPayload:
        """The interaction response for a command invocation."""
        spec = COMMANDS.get(command)
        if spec is None:
            return notice(_("Unknown command"), _(
                "There is no /{command} command; /about lists the commands.",
                command=escape(command)))
        for option in spec.options:
            value = options.get(option.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if option.required:
                    return self._missing(command, option.name, option.complete)
                continue
            if option.type == "integer" and not (isinstance(value, int)
                                                  and value >= (option.min_value or 0)):
                return notice(_("Not a page number"), _(
                    "'{option}' must be a whole number from {least} up.", option=option.name,
                    least=option.min_value or 0))
            if option.type == "string" and len(str(value)) > QUERY_MAX:
                return notice(_("Too long"), _(
                    "Keep '{option}' under {most} characters; a few words are enough.",
                    option=option.name, most=QUERY_MAX))
        return HANDLERS[command](self, options)

    def choices(self, command: str, option: str, value: str) -> list[tuple[str, str]]:
        """The autocomplete suggestions for an option being typed, as (label, value) pairs
        within Discord's limits; none when the option does not autocomplete."""
        spec = COMMANDS.get(command)
        target = spec.option(option) if spec else None
        if target is None or target.complete is None:
            return []
        if target.complete == "source":
            return choice_pairs(self._source_choices(value))
        kinds = KIND_FILTERS[target.complete]
        mixed = kinds is None or len(kinds) > 1
        matches = self.matcher.complete(value[:QUERY_MAX], kinds)
        return choice_pairs([(self._choice_label(m, mixed), m.id) for m in matches])

    def autocomplete(self, command: str, option: str, value: str) -> AutocompletePayload:
        """The autocomplete response for an option being typed."""
        return autocomplete_payload(self.choices(command, option, value))

    # ---- helpers -------------------------------------------------------------------------
    def _choice_label(self, match: Match, mixed: bool) -> str:
        subject = self.names.subjects[match.id]
        label = subject.name
        if not set(fold(match.label).split()) <= set(fold(subject.name).split()):
            label = f"{subject.name} ({match.label})"
        if mixed:
            kinds = cards.KIND_LABELS.get(subject.kind)
            label = f"{label} · {_(kinds[0]) if kinds else subject.kind}"
        return label

    def _missing(self, command: str, option: str, complete: str | None) -> ReplyPayload:
        if complete and complete in KIND_FILTERS:
            resolution = Resolution("", ResolutionStatus.EMPTY,
                                    options=self.matcher.resolve("").options)
            return resolution_notice(self.base, resolution, _WHAT[complete], command,
                                     pick=(command, ""))
        return notice(_("Missing option"), _("/{command} needs '{option}'.",
                                             command=slash(command)[1:], option=option))

    def _resolve(self, options: Mapping[str, object], option: str,
                 complete: str) -> Resolution:
        return self.matcher.resolve(str(options.get(option) or ""), KIND_FILTERS[complete])

    def _card(self, command: str, complete: str, options: Mapping[str, object],
              option: str = "name") -> ReplyPayload:
        resolution = self._resolve(options, option, complete)
        found = resolution.found
        if found is None:
            return resolution_notice(self.base, resolution, _WHAT[complete], command,
                                     pick=(command, ""))
        return self._record_card(command, found.id)

    def _record_card(self, command: str, ref: str) -> ReplyPayload:
        """The card of an entity or agreement, with its Sources button."""
        sources = page_row(command, ref, 1, 1)
        if ref in self.base.agreements:
            return reply_payload([cards.agreement_card(self.base, self.base.agreements[ref])],
                                 components=sources)
        return reply_payload([cards.entity_card(self.base, self.base.entities[ref])],
                             components=sources)

    def _source_choices(self, value: str) -> list[tuple[str, str]]:
        wanted = fold(value)
        seeds = sorted(self.base.seeds.values(), key=lambda s: s.id)
        return [(f"{s.id} — {s.title}", s.id) for s in seeds
                if not wanted or wanted in fold(f"{s.id} {s.title}")]

    # ---- commands ------------------------------------------------------------------------
    def _country(self, options: Mapping[str, object]) -> ReplyPayload:
        return self._card("country", "country", options)

    def _bloc(self, options: Mapping[str, object]) -> ReplyPayload:
        return self._card("bloc", "bloc", options)

    def _agreement(self, options: Mapping[str, object]) -> ReplyPayload:
        query = str(options.get("name") or "")
        named = self._entity_named(query)
        if named is not None:  # "/agreement Mali": which of Mali's agreements?
            return agreements_notice(self.base, named, "agreement")
        resolution = self._resolve(options, "name", "agreement")
        found = resolution.found
        if found is None or found.id not in self.base.agreements:
            fits = self.described.choose(query)  # "accord sur le gazole Niger Mali"
            if len(fits) == 1:
                return self._record_card("agreement", fits[0].id)
            if fits:
                resolution = Resolution(query, ResolutionStatus.AMBIGUOUS, options=tuple(
                    Match(fit.id, 100 * fit.share, self.base.name_of(fit.id)) for fit in fits))
                return resolution_notice(self.base, resolution, "agreement", "agreement",
                                         pick=("agreement", ""))
        return self._card("agreement", "agreement", options)

    def _entity_named(self, query: str) -> str | None:
        """The entity a query names exactly (by its name or an alias), if any."""
        for key in self.names.exact.get(fold(query), ()):
            ref = self.names.key_subject[key]
            if ref in self.base.entities:
                return ref
        return None

    def _lookup(self, options: Mapping[str, object]) -> ReplyPayload:
        return self._card("lookup", "any", options)

    def _search(self, options: Mapping[str, object]) -> ReplyPayload:
        query = str(options["query"])
        found = self.search_index.find(query)
        if not found.hits:
            return notice(_("No matching facts"), _(
                "No fact matches “{query}”. Try other words, or /lookup a name.",
                query=escape(query[:100])))
        records = [self.search_index.record(hit.ref) for hit in found.hits]
        return fact_list(self.base, _("Search: {query}", query=query), records, _page(options),
                         command=slash("search"), intro=_("The best-matching facts, best first."),
                         lead=lambda citations: answer_line(
                             self.base, found, self.search_index.lexicon, citations),
                         clicks=("search", query))

    def _timeline(self, options: Mapping[str, object]) -> ReplyPayload:
        resolution = self._resolve(options, "name", "any")
        found = resolution.found
        if found is None:
            return resolution_notice(self.base, resolution, "entry", "timeline",
                                     pick=("timeline", ""))
        ref = found.id
        name = self.base.name_of(ref)
        groups = timeline_groups(self.base.facts_about.get(ref, []))
        facts = [fact for _, members in groups for fact in members]
        if not facts:
            return notice(_("No facts yet"), _(
                "The fact base has no facts about {name} yet; /lookup {ref} shows what it "
                "records.", name=escape(name), ref=ref))
        counts = ", ".join(f"{len(members)} {_(COUNTED[label])}" for label, members in groups)
        intro = _("All {count} facts about {name}: {counts}. Only dates with a year are put in "
                  "order; the others cannot be placed among them.", count=len(facts),
                  name=escape(name), counts=counts)
        labels = [label for label, members in groups for _member in members]
        return fact_list(self.base, _("Timeline: {name}", name=name), facts, _page(options),
                         command=f"{slash('timeline')} {ref}", intro=intro,
                         per_page=TIMELINE_PER_PAGE, groups=labels, clicks=("timeline", ref))

    def _latest(self, options: Mapping[str, object]) -> ReplyPayload:
        facts = sorted(self.base.facts.values(), key=lambda f: (-f.added.toordinal(),
                                                                fact_order(f)))
        if not facts:
            return notice(_("Nothing yet"), _("The fact base holds no facts yet."))
        return fact_list(self.base, _("Latest facts"), facts, _page(options),
                         command=slash("latest"), intro=_("Most recently added first."), added=True,
                         per_page=LATEST_PER_PAGE, clicks=("latest", ""))

    def _relation(self, options: Mapping[str, object]) -> ReplyPayload:
        refs: list[str] = []
        typed = [str(options.get(option) or "") for option in ("a", "b")]
        for index, option in enumerate(("a", "b")):
            resolution = self._resolve(options, option, "any")
            found = resolution.found
            if found is None:  # the menu keeps what was typed for the other entry
                other = typed[1 - index].replace("|", " ")
                argument = f"?|{other}" if option == "a" else f"{other}|?"
                return resolution_notice(self.base, resolution, "entry", "relation",
                                         pick=("relation", argument))
            refs.append(found.id)
        if refs[0] == refs[1]:
            return notice(_("Pick two different entries"), _(
                "/relation compares two entries; both names lead to {name}.",
                name=escape(self.base.name_of(refs[0]))))
        return reply_payload([cards.relation_card(self.base, refs[0], refs[1])],
                             components=page_row("relation", f"{refs[0]}|{refs[1]}", 1, 1))

    def _source(self, options: Mapping[str, object]) -> ReplyPayload:
        wanted = str(options["id"]).strip()
        if wanted not in self.base.seeds:
            choices = self._source_choices(wanted)
            if len(choices) != 1:
                lines = [f"• `{s.id}` — {escape(s.title)}" for s in self.base.seeds.values()]
                return notice(_("Unknown source"), _(
                    "No single source matches “{wanted}”. The sources are:",
                    wanted=escape(wanted[:100])), lines)
            wanted = choices[0][1]
        return reply_payload([cards.source_card(self.base, wanted)],
                             components=page_row("source", wanted, 1, 1))

    def _about(self, options: Mapping[str, object]) -> ReplyPayload:
        return reply_payload([cards.about_card(self.base)])


Handler = Callable[[Answers, Mapping[str, object]], ReplyPayload]

# What answers each command of ``COMMANDS`` (its options already checked by ``Answers.answer``).
HANDLERS: dict[str, Handler] = {
    "country": Answers._country,
    "bloc": Answers._bloc,
    "agreement": Answers._agreement,
    "lookup": Answers._lookup,
    "search": Answers._search,
    "timeline": Answers._timeline,
    "latest": Answers._latest,
    "relation": Answers._relation,
    "source": Answers._source,
    "about": Answers._about,
}
