"""Rules for the French versions a record may carry: no new names, no other figures.

An entity's ``name_fr`` is how French replies name it; it must be one of the names the base
already holds for it (its aliases), so a French name is never invented (F217). A fact's
``text_fr`` says the same thing in French: it may not give figures the English text does not,
or leave out one it gives (F218) — a translation says no more and no less.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.core.facts.problems import Problem

if TYPE_CHECKING:
    from bot.core.facts.rules import CrossFile

__all__ = ["figures", "french_versions"]

# A separator between thousands ("1,000", "1 000", "1.000" in French writing).
_THOUSANDS = re.compile(r"(?<=\d)[ ,.\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def figures(text: str) -> list[str]:
    """The numbers a text gives, in order, written alike ("1,000.5" and "1 000,5" agree)."""
    joined = _THOUSANDS.sub("", text)
    return [number.replace(",", ".") for number in _NUMBER.findall(joined)]


def french_versions(base: CrossFile) -> Iterator[Problem]:
    """F217, F218: a French name that is not one of the entity's names (F217); a French text
    whose figures differ from the English text's (F218)."""
    for entity in base.entities.values():
        if entity.name_fr and entity.name_fr not in (entity.name, *entity.aliases):
            names = ", ".join(entity.aliases) or "none yet"
            yield entity.where.problem("name_fr", "F217", f"'name_fr' is '{entity.name_fr}', "
                                       "which is not one of the entity's names; use one of its "
                                       f"aliases ({names}) or add it to 'aliases' first")
    for fact in base.facts:
        if fact.text_fr and sorted(figures(fact.text_fr)) != sorted(figures(fact.text)):
            yield fact.where.problem("text_fr", "F218", "'text_fr' gives the figures "
                                     f"{figures(fact.text_fr) or 'none'} but 'text' gives "
                                     f"{figures(fact.text) or 'none'}; a translation says no "
                                     "more and no less than the text")
