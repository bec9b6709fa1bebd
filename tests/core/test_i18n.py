"""The message catalogues: every message the code marks with ``_()`` is translated, with the same
placeholders, and no translation is left for a message the code no longer has."""

from __future__ import annotations

import ast
import re
import string

import pytest

from bot.core.i18n import _, language_of, use_locale
from bot.core.i18n.catalog import LANGUAGES, catalog
from tests.conftest import ROOT


def _literals() -> tuple[set[str], set[str]]:
    """(messages passed to ``_()``, every string constant and parameter name) in the bot's
    code."""
    marked, constants = set(), set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.arg):  # an option named by a command's parameter
                constants.add(node.arg)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("_", "N_", "n_") and node.args and \
                    isinstance(node.args[0], ast.Constant):
                marked.add(node.args[0].value)
    return marked, constants


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_marked_message_is_translated_with_its_placeholders(language):
    translations = catalog(language)
    marked, constants = _literals()
    missing = sorted(m for m in marked if (None, m) not in translations)
    assert missing == []
    for (context, message), text in translations.items():
        for form in (text,) if isinstance(text, str) else text:  # plural forms too
            assert _placeholders(form) - {"count"} == _placeholders(message) - {"count"}, \
                message
        assert message in constants, f"{message!r} is no longer in the code"
        if context == "command" and message != "Check facts":  # Discord's name rules
            assert re.fullmatch(r"[-_'\w]{1,32}", text) and text == text.lower(), text


def test_the_language_follows_the_interaction_then_the_server():
    assert language_of("fr", "en-US") == "fr"
    assert language_of("pt-BR", "fr") == "fr"  # no Portuguese: the server's language
    assert language_of("de", None) == "en"
    with use_locale("fr"):
        assert _("Which page of results (default 1)") == "Quelle page de résultats (1 par défaut)"
        assert _("not in any catalogue") == "not in any catalogue"  # shown in English
    assert _("Which page of results (default 1)") == "Which page of results (default 1)"


@pytest.mark.parametrize(("written", "english", "french"), [
    ("2023-03", "March 2023", "mars 2023"),
    ("2025-05-24", "24 May 2025", "24 mai 2025"),
    ("May 24", "24 May (year not stated)", "24 mai (année non précisée)"),
    ("Thursday", "Thursday (date not stated)", "jeudi (date non précisée)"),
])
def test_dates_read_in_the_reply_language(written, english, french):
    from bot.core.facts.dates import parse_when

    when = parse_when(written)
    assert when.display() == english
    with use_locale("fr"):
        assert when.display() == french


def test_french_replies_use_the_bases_french_names_and_texts(answers):
    """An entity's name_fr (one of its aliases) and a fact's text_fr are shown in French
    replies; English replies, and facts without a French text, are unchanged."""
    with use_locale("fr"):
        card = answers.answer("bloc", {"name": "ecowas"})["data"]["embeds"][0]
        search = answers.answer("search", {"query": "quand l'AES a-t-elle été créée ?"})
    assert card["title"] == "CEDEAO"
    assert "Anciens membres" in [field["name"] for field in card["fields"]]
    text = search["data"]["embeds"][0]["description"]
    assert "ont créé la Confédération des États du Sahel (AES) en 2023" in text
    english = answers.answer("bloc", {"name": "ecowas"})["data"]["embeds"][0]
    assert english["title"] == "ECOWAS"


COMMAND_EXAMPLES = [("country", {"name": "mali"}), ("bloc", {"name": "aes"}),
                    ("agreement", {"name": "diesel"}), ("lookup", {"name": "lavrov"}),
                    ("search", {"query": "diesel"}), ("timeline", {"name": "mali"}),
                    ("latest", {}), ("relation", {"a": "mali", "b": "russia"}),
                    ("source", {"id": "sahel-ministers-moscow"}), ("about", {}),
                    ("country", {"name": "Nigeria"}), ("search", {"query": "zzzz"})]


@pytest.mark.parametrize(("command", "options"), COMMAND_EXAMPLES)
def test_every_command_labels_its_reply_in_french(answers, command, options):
    """Every label a reply shows in English that the catalogue holds is shown translated to a
    French user: field names, footers and button labels (names and the base's words aside)."""
    english = answers.answer(command, options)["data"]
    with use_locale("fr"):
        french = answers.answer(command, options)["data"]
    translations = catalog("fr")
    for mine, theirs in zip(english["embeds"], french["embeds"], strict=True):
        for field_en, field_fr in zip(mine.get("fields", []), theirs.get("fields", []),
                                      strict=True):
            wanted = translations.get((None, field_en["name"]))
            if isinstance(wanted, str):
                assert field_fr["name"] == wanted, field_en["name"]
        if "footer" in mine:
            assert " faits · mis à jour le " in theirs["footer"]["text"]
    labels = [c.get("label") for row in french.get("components", [])
              for c in row["components"] if c.get("label")]
    assert all(label in ("◀ Précédent", "Suivant ▶", "Sources") for label in labels)


def test_a_french_answer_line_gives_the_french_text_not_english_words(answers):
    with use_locale("fr"):
        why = answers.answer("search", {"query": "pourquoi l'UE a suspendu la formation"})
        when = answers.answer("search", {"query": "quand l'AES a-t-elle été créée ?"})
    first = why["data"]["embeds"][0]["description"].splitlines()[0]
    assert first.startswith("**Réponse :** L'UE a déjà interrompu une partie de sa formation")
    assert "because" not in first
    assert when["data"]["embeds"][0]["description"].startswith("**Réponse :** **2023** — Le Mali")
