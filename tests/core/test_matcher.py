"""Matching names: a table of queries and the answers they must get, plus autocomplete rules."""

from __future__ import annotations

import pytest

from bot.core.matching.matcher import Matcher
from bot.core.matching.names import Named, NameIndex
from bot.core.replies.commands import KIND_FILTERS
from tests.discord_limits import CHOICE_NAME as CHOICE_NAME_MAX
from tests.discord_limits import CHOICES as CHOICES_MAX

# (what the option looks for, what the user typed, expected status, expected id or outside name)
RESOLVE_TABLE = [
    # spelling, case, accents, punctuation, hyphens and spacing do not matter
    ("country", "burkina-faso", "found", "burkina-faso"),
    ("country", "BURKINA FASO", "found", "burkina-faso"),
    ("country", "  mali ", "found", "mali"),
    ("any", "Etats-Unis", "found", "united-states"),
    ("bloc", "Alliance des Etats du Sahel", "found", "aes"),
    # aliases, abbreviations and French names
    ("bloc", "CEDEAO", "found", "ecowas"),
    ("bloc", "AES", "found", "aes"),
    ("bloc", "UE", "found", "eu"),
    ("country", "Russie", "found", "russia"),
    ("country", "Guinée", "found", "guinea"),
    ("any", "Africa Corps", "found", "wagner"),
    ("agreement", "diesel deal", "found", "mali-niger-diesel-sale"),
    ("agreement", "accord diesel", "found", "mali-niger-diesel-sale"),
    # word order and partial names
    ("country", "faso burkina", "found", "burkina-faso"),
    ("bloc", "sahel alliance", "found", "aes"),
    ("country", "burkina", "found", "burkina-faso"),
    ("agreement", "diesel", "found", "mali-niger-diesel-sale"),
    ("any", "investment bank", "found", "aes-investment-bank"),
    ("any", "lavrov", "found", "sergei-lavrov"),
    ("any", "Lecointre", "found", "general-lecointre"),
    ("any", "EUTM", "found", "eutm-mali"),
    # typos
    ("country", "Burkna Faso", "found", "burkina-faso"),
    ("bloc", "Ecowass", "found", "ecowas"),
    ("country", "Mlai", "found", "mali"),
    ("country", "nigr", "found", "niger"),
    ("any", "wagnr", "found", "wagner"),
    # ids, as autocomplete sends them back
    ("agreement", "mali-niger-diesel-sale", "found", "mali-niger-diesel-sale"),
    # confusable names are never guessed
    ("country", "Nigeria", "not_in_base", "Nigeria"),
    ("country", "Nigera", "not_in_base", "Nigeria"),
    ("country", "Guinea-Bissau", "not_in_base", "Guinea-Bissau"),
    ("country", "guinea bissau", "not_in_base", "Guinea-Bissau"),
    ("country", "Malawi", "not_in_base", "Malawi"),
    ("any", "Europe", "not_in_base", "Europe"),
    # unknown names get a not-found, never a random entity
    ("country", "Brazil", "not_in_base", "Brazil"),
    ("any", "asdf", "not_found", None),
    ("any", "junta", "not_found", None),
    ("any", "burkina faso russia", "not_found", None),
    ("any", "", "empty", None),
    ("any", "   ", "empty", None),
    # about equally good fits offer the choice
    ("any", "sahel", "ambiguous", None),
    ("agreement", "defence", "ambiguous", None),
    ("any", "Etats", "ambiguous", None),
    # a name of another kind still finds its entry: /country ECOWAS shows the bloc
    ("country", "ECOWAS", "found", "ecowas"),
    # names as readers type them (the lexicon's names section and the entries' aliases):
    # titles and given names the base does not hold before a surname it does
    ("any", "Sergueï Viktorovitch Lavrov", "found", "sergei-lavrov"),
    ("any", "Foreign Minister Sergei Lavrov", "found", "sergei-lavrov"),
    ("any", "le général François Lecointre", "found", "general-lecointre"),
    ("any", "François Lecointre", "found", "general-lecointre"),
    ("any", "Sergei Shoigu", "not_found", None),  # a surname the base does not know
    ("any", "Emmanuel Macron", "not_found", None),
    # official long and abbreviated forms of country names
    ("country", "Republic of the Niger", "found", "niger"),
    ("country", "République de Guinée", "found", "guinea"),
    ("country", "États-Unis d'Amérique", "found", "united-states"),
    ("country", "Rép. du Mali", "found", "mali"),
    ("country", "Russian Fed.", "found", "russia"),
    ("country", "U.S.A.", "found", "united-states"),
    ("country", "RUS", "found", "russia"),  # once taken for a typo of "US"
    ("country", "MLI", "found", "mali"),
    # French bloc names, with or without the acronym, words and acronym mixed
    ("bloc", "Alliance des États du Sahel (AES)", "found", "aes"),
    ("bloc", "la Confédération AES", "found", "aes"),
    ("bloc", "l'Alliance AES", "found", "aes"),
    ("bloc", "Communauté économique des États de l'Afrique de l'Ouest (CEDEAO)", "found",
     "ecowas"),
    ("bloc", "CEDEAO (Communauté économique des États de l'Afrique de l'Ouest)", "found",
     "ecowas"),
    ("bloc", "Union européenne (UE)", "found", "eu"),
    ("bloc", "the ECOWAS bloc", "found", "ecowas"),
    ("bloc", "AES CEDEAO", "not_found", None),  # two blocs' names: neither is guessed
]


@pytest.mark.parametrize(("kinds", "query", "status", "expected"), RESOLVE_TABLE,
                         ids=[f"{row[0]}:{row[1]!r}" for row in RESOLVE_TABLE])
def test_resolve_table(answers, kinds: str, query: str, status: str, expected: str) -> None:
    result = answers.matcher.resolve(query, KIND_FILTERS[kinds])
    assert result.status == status, result
    if status == "found":
        assert result.match.id == expected
    if status == "not_in_base":
        assert result.outside == expected


@pytest.mark.parametrize(("query", "suggested"), [
    ("Nigeria", ["niger"]), ("Guinea-Bissau", ["guinea"]), ("Malawi", ["mali"]),
    ("Brazil", []), ("Senegal", []),
])
def test_did_you_mean_only_offers_confusable_names(answers, query, suggested) -> None:
    result = answers.matcher.resolve(query, KIND_FILTERS["country"])
    assert [m.id for m in result.options] == suggested


def test_ambiguity_lists_the_candidates(answers) -> None:
    result = answers.matcher.resolve("sahel")
    assert {m.id for m in result.options} >= {"aes", "eucap-sahel-mali"}


def test_unknown_query_suggests_without_guessing(answers) -> None:
    result = answers.matcher.resolve("asdf", KIND_FILTERS["country"])
    assert result.match is None
    assert result.options  # the most useful countries, as suggestions


def test_every_name_and_alias_resolves_to_its_own_entry(answers) -> None:
    for subject in answers.names.subjects.values():
        for label in (subject.name, *subject.aliases, subject.id):
            result = answers.matcher.resolve(label)
            assert (result.status, result.match and result.match.id) == ("found", subject.id), \
                label


def test_autocomplete_best_first_and_kind_filtered(answers) -> None:
    countries = KIND_FILTERS["country"]
    assert answers.matcher.complete("burk", countries)[0].id == "burkina-faso"
    assert answers.matcher.complete("sahel all", KIND_FILTERS["bloc"])[0].id == "aes"
    assert answers.matcher.complete("cedea", KIND_FILTERS["bloc"])[0].id == "ecowas"
    assert answers.matcher.complete("burkna", countries)[0].id == "burkina-faso"  # a typo
    assert all(answers.names.subjects[m.id].kind == "country"
               for m in answers.matcher.complete("e", countries))


def test_empty_autocomplete_lists_the_most_useful_entries(answers) -> None:
    ids = [m.id for m in answers.matcher.complete("", KIND_FILTERS["country"])]
    base = answers.base
    cited = {e.id: len(base.facts_about.get(e.id, ())) + len(base.relations_of.get(e.id, ()))
             + len(base.agreements_of.get(e.id, ()))
             for e in base.entities.values() if e.kind == "country"}
    assert ids[:3] == sorted(cited, key=lambda ref: -cited[ref])[:3]  # the most recorded first
    assert set(ids[:3]) >= {"mali", "niger"}
    assert len(ids) == len({e for e in answers.base.entities.values() if e.kind == "country"})


def test_autocomplete_caps_choices_on_a_large_index() -> None:
    named = [Named(f"region-{n}", "country", f"Region {n} of Kamoradi") for n in range(500)]
    matcher = Matcher(NameIndex(named, {f"region-{n}": n for n in range(500)}))
    for text in ("", "r", "reg", "region 1", "kamoradi"):
        choices = matcher.complete(text)
        assert 0 < len(choices) <= CHOICES_MAX
        assert all(len(m.label) <= CHOICE_NAME_MAX for m in choices)
    assert matcher.complete("")[0].id == "region-499"  # most useful first
