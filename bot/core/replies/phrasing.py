"""Names inside English sentences: "a member of the Alliance of Sahel States", not "a member of
Alliance of Sahel States".

English puts "the" before the name of a union, alliance, group or other body named by a common
noun (the European Union, the United States, the Wagner Group) and before "X of Y" names, but
not before a country's short name or an acronym (Mali, ECOWAS). The head nouns are listed here;
a person's name never takes one.
"""

from __future__ import annotations

from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Fact
from bot.core.i18n import current_language

__all__ = ["DEFINITE_HEADS", "fact_text", "named", "sentence", "shown_name"]

# Common nouns that make a proper name read "the …" in running text.
DEFINITE_HEADS = frozenset({
    "alliance", "bank", "coalition", "community", "confederation", "corps", "council",
    "federation", "force", "forces", "front", "group", "kingdom", "mission", "movement",
    "nations", "organisation", "organization", "republic", "states", "union"})


def shown_name(base: FactBase, ref: str) -> str:
    """The name a reply shows for an entity or agreement: its French name (``name_fr``) in
    French replies when the base marks one, else its name."""
    entity = base.entities.get(ref)
    if entity is not None and entity.name_fr and current_language() == "fr":
        return entity.name_fr
    return base.name_of(ref)


def fact_text(fact: Fact) -> str:
    """A fact's words in the reply's language: its ``text_fr`` in French replies when it has
    one, else its text as written."""
    return fact.text_fr if fact.text_fr and current_language() == "fr" else fact.text


def named(base: FactBase, ref: str) -> str:
    """The entity's (or agreement's) name as it reads inside a sentence."""
    name = shown_name(base, ref)
    entity = base.entities.get(ref)
    if entity is None or entity.kind == "person" or name.lower().startswith("the ") or \
            current_language() != "en":  # the names are English; French needs genders
        return name
    words = [word.strip("(),").lower() for word in name.split()]
    return f"the {name}" if DEFINITE_HEADS.intersection(words) else name


def sentence(text: str) -> str:
    """``text`` as the start of a sentence (its first letter upper-case)."""
    return text[:1].upper() + text[1:]
