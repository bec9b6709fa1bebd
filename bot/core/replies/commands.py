"""The command set: every slash command, its options, and which options autocomplete.

This table is the single description of the commands. The console and ``factbot ask`` parse
against it, and the Discord layer's tests check that its app commands match it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.facts.model import ENTITY_KINDS

__all__ = ["COMMANDS", "KIND_FILTERS", "QUERY_MAX", "Command", "Option"]

QUERY_MAX = 200  # longest text option accepted (Discord enforces it via max_length)

# What each autocompleting option looks for: entity kinds, "agreement", or None for anything.
KIND_FILTERS: dict[str, frozenset[str] | None] = {
    "country": frozenset({"country"}),
    "bloc": frozenset({"bloc"}),
    "agreement": frozenset({"agreement"}),
    "entity": frozenset(ENTITY_KINDS),
    "any": None,
}


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a command."""

    name: str
    description: str
    type: str = "string"  # string | integer
    required: bool = True
    complete: str | None = None  # a KIND_FILTERS key, or "source"
    min_value: int | None = None
    max_length: int | None = QUERY_MAX


@dataclass(frozen=True, slots=True)
class Command:
    """One slash command."""

    name: str
    description: str
    options: tuple[Option, ...] = ()

    def option(self, name: str) -> Option | None:
        """The option of that name, if the command has one."""
        return next((option for option in self.options if option.name == name), None)


def _name(kind: str, description: str) -> Option:
    return Option("name", description, complete=kind)


_PAGE = Option("page", "Which page of results (default 1)", type="integer", required=False,
               min_value=1, max_length=None)

COMMANDS: dict[str, Command] = {command.name: command for command in (
    Command("country", "A country's card: summary, memberships, agreements, key facts, sources",
            (_name("country", "Country name, in English or French (typos are fine)"),)),
    Command("bloc", "A bloc's card: members with dates, agreements, key facts, sources",
            (_name("bloc", "Bloc name or abbreviation: ECOWAS, CEDEAO, AES, EU …"),)),
    Command("agreement", "An agreement's card: parties, terms, date, status, sources",
            (_name("agreement", "Agreement name, e.g. diesel deal"),)),
    Command("lookup", "Any entry: country, bloc, organisation, mission, armed group, person",
            (_name("any", "Name of anything in the fact base"),)),
    Command("search", "Search every fact with a free-text question",
            (Option("query", "Your question, e.g. how much diesel is Niger selling to Mali?"),
             _PAGE)),
    Command("timeline", "An entry's dated facts in chronological order",
            (_name("any", "Name of a country, bloc, person, agreement …"), _PAGE)),
    Command("latest", "The facts most recently added to the base", (_PAGE,)),
    Command("relation", "What the fact base says linking two entries",
            (Option("a", "First entry, e.g. Mali", complete="any"),
             Option("b", "Second entry, e.g. Russia", complete="any"))),
    Command("source", "A source article's details and the facts that cite it",
            (Option("id", "Source id or title", complete="source"),)),
    Command("about", "What the fact base holds, when it was updated, and how to cite it"),
)}
