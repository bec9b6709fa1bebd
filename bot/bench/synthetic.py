"""Synthetic fact bases for the benchmark: realistic multi-word names, acronyms and French aliases,
and one fact per entity linking it to another, all deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bot.core.facts.dates import PartialDate, When
from bot.core.facts.factbase import FactBase
from bot.core.facts.model import Entity, Fact, Source, Where

__all__ = ["Synthetic", "make_typo", "synthetic_base"]

_SYLLABLES = ("ka ko mo ra ri di te su na bo fa ga ha ju ke li lo mi nu pa ro sa ti vu wa yo za "
              "an el or ur is ba de go la me ni ou se ta zo bi du fe kou tou sou gui dia").split()
_FIRST = ("Amadou Fatoumata Ibrahim Aminata Moussa Mariam Oumar Aïcha Boubacar Kadiatou Issa "
          "Hawa Seydou Salimata Abdoulaye Rokia Mahamadou Djeneba Souleymane Awa Hamidou Fanta "
          "Yacouba Nafissatou Adama Ramatou Cheick Bintou Lassina Assétou").split()
_ORG_PATTERNS = (
    ("{p} Regional Development Bank", "Banque régionale de développement de {p}"),
    ("National Front for the Liberation of {p}", "Front national pour la libération de {p}"),
    ("{p} Farmers Union", "Union des agriculteurs de {p}"),
    ("Council of Elders of {p}", "Conseil des anciens de {p}"),
    ("{p} Mining Company", "Compagnie minière de {p}"),
    ("Movement for Justice in {p}", "Mouvement pour la justice au {p}"),
    ("{p} Chamber of Commerce", "Chambre de commerce de {p}"),
    ("{p} Water Authority", "Autorité de l'eau de {p}"),
)
_GROUP_PATTERNS = ("{p} Liberation Front", "Brigade of {p}", "{p} Defence Militia",
                   "Ansar {p}", "Katiba {p}")
_MISSION_PATTERNS = ("EU Training Mission in {p}", "UN Stabilisation Mission in {p}",
                     "Civilian Support Mission {p}")
_VERBS = ("signed a financing agreement with", "held talks with", "criticised",
          "opened a trade route to", "announced joint patrols with", "received a grant from",
          "accused", "delivered grain to", "hosted a delegation from", "suspended ties with")


@dataclass(frozen=True, slots=True)
class Synthetic:
    """A synthetic base and the names people would type for each entity."""

    base: FactBase
    names: dict[str, str]  # entity id -> display name


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def synthetic_base(size: int, seed: int = 7) -> Synthetic:
    """A fact base of ``size`` entities and ``size`` facts."""
    rng = random.Random(seed)
    where = Where("synthetic.yaml", 1, 1)
    entities: list[Entity] = []
    used: set[str] = set()
    acronyms: dict[str, int] = {}
    while len(entities) < size:
        place = _place(rng)
        roll = rng.random()
        aliases: list[str] = []
        if roll < 0.4:
            kind, surname = "person", _place(rng)
            name = f"{rng.choice(_FIRST)} {surname}"
            aliases = [surname]
        elif roll < 0.65:
            kind = "organisation"
            english, french = rng.choice(_ORG_PATTERNS)
            name, aliases = english.format(p=place), [french.format(p=place)]
        elif roll < 0.75:
            kind, name = "armed_group", rng.choice(_GROUP_PATTERNS).format(p=place)
        elif roll < 0.8:
            kind, name = "mission", rng.choice(_MISSION_PATTERNS).format(p=place)
        elif roll < 0.95:
            kind, name, aliases = "country", f"Republic of {place}", [place]
        else:
            kind, name = "bloc", f"Economic Community of {place} States"
        if name in used or any(alias in used for alias in aliases):
            continue
        used.update([name, *aliases])
        acronym = _acronym(name)
        if len(acronym) >= 3:
            acronyms[acronym] = acronyms.get(acronym, 0) + 1
        entities.append(Entity(f"e{len(entities)}", kind, name, tuple(aliases), name, where))
    unique = [
        Entity(e.id, e.kind, e.name,
               e.aliases + ((_acronym(e.name),) if acronyms.get(_acronym(e.name)) == 1 else ()),
               e.summary, where)
        for e in entities
    ]
    facts = []
    for number, entity in enumerate(unique):
        other = unique[rng.randrange(size)]
        year = rng.randint(1990, 2025)
        facts.append(Fact(
            f"f{number}", f"{entity.name} {rng.choice(_VERBS)} {other.name} in {year}.",
            (entity.id, other.id), When(PartialDate(year)), dt.date(2026, 1, 1) +
            dt.timedelta(days=number % 300), Source("synthetic", "quote"), where))
    base = FactBase.build(unique, (), (), facts, {}, ())
    return Synthetic(base, {e.id: e.name for e in unique})


def make_typo(text: str, rng: random.Random, edits: int = 1) -> str:
    """The text with ``edits`` random typing slips in words of four letters or more."""
    words = text.split()
    for _ in range(edits):
        candidates = [i for i, w in enumerate(words) if len(w) >= 4]
        if not candidates:
            break
        index = rng.choice(candidates)
        word = words[index]
        at = rng.randrange(1, len(word) - 1)
        slip = rng.randrange(4)
        if slip == 0:
            word = word[:at] + word[at + 1:]  # a letter dropped
        elif slip == 1:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]  # two letters swapped
        elif slip == 2:
            word = word[:at] + rng.choice("aeioulnrst") + word[at + 1:]  # a wrong letter
        else:
            word = word[:at] + word[at] + word[at:]  # a letter doubled
        words[index] = word
    return " ".join(words)
