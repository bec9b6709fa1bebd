"""Names inside English sentences: "a member of the Alliance of Sahel States", not "a member of
Alliance of Sahel States".

English puts "the" before the name of a union, alliance, group or other body named by a common
noun (the European Union, the United States, the Wagner Group) and before "X of Y" names, but
not before a country's short name or an acronym (Mali, ECOWAS). The head nouns are listed here;
a person's name never takes one.
"""

from __future__ import annotations

from bot.core.facts.factbase import FactBase
from bot.core.i18n import current_language

__all__ = ["DEFINITE_HEADS", "named", "sentence"]

# Common nouns that make a proper name read "the …" in running text.
DEFINITE_HEADS = frozenset({
    "alliance", "bank", "coalition", "community", "confederation", "corps", "council",
    "federation", "force", "forces", "front", "group", "kingdom", "mission", "movement",
    "nations", "organisation", "organization", "republic", "states", "union"})


def named(base: FactBase, ref: str) -> str:
    """The entity's (or agreement's) name as it reads inside a sentence."""
    name = base.name_of(ref)
    entity = base.entities.get(ref)
    if entity is None or entity.kind == "person" or name.lower().startswith("the ") or \
            current_language() != "en":  # the names are English; French needs genders
        return name
    words = [word.strip("(),").lower() for word in name.split()]
    return f"the {name}" if DEFINITE_HEADS.intersection(words) else name


def sentence(text: str) -> str:
    """``text`` as the start of a sentence (its first letter upper-case)."""
    return text[:1].upper() + text[1:]
