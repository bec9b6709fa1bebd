"""The search lexicon (``data/lexicon.yaml``): function words, question words, bilingual word
groups, cause markers and name patterns, read and checked.

``read_lexicon`` never raises: it returns the lexicon built from every usable entry and the
problems found, each as ``path:line:col: CODE message`` (codes ``L001``… below, YAML-level
problems with the fact files' ``F00x`` codes). ``factbot validate`` prints them;
``shipped_lexicon`` is the one the bot uses.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.core.facts.problems import Problem, sort_problems
from bot.core.facts.yamltree import Node, read_yaml
from bot.core.matching.language import english_stem, french_stems, raw_words
from bot.core.text import fold

__all__ = ["KINDS", "LEXICON_RULES", "Lexicon", "Phrase", "lexicon_path", "read_lexicon",
           "shipped_lexicon"]

KINDS = ("when", "quantity", "who", "why", "where", "define")
LANGUAGES = ("en", "fr")
LEXICON_RULES = {
    "L001": "unknown section or field",
    "L002": "wrong type",
    "L003": "a word in two groups (which meaning is searched?)",
    "L004": "a question phrase under two kinds",
    "L005": "empty word",
    "L006": "a function word used as a lexicon word (it is never searched)",
    "L007": "missing section",
}
SECTIONS = ("function_words", "questions", "words", "causes", "names")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A question phrase as runs of words, as written (lower case, accents kept) and folded;
    "what is ... called" has two runs, with the thing asked about between them."""

    raw: tuple[tuple[str, ...], ...]
    folded: tuple[tuple[str, ...], ...] | None  # None: only as written ("où": "ou" is "or")
    kind: str

    @property
    def size(self) -> int:
        """How many words the phrase has."""
        return sum(map(len, self.raw))


@dataclass(slots=True)
class Lexicon:
    """What the lexicon says, ready for lookups (all words folded; stems where noted)."""

    function_words: dict[str, frozenset[str]] = field(default_factory=dict)  # language ->
    phrases: list[Phrase] = field(default_factory=list)  # longest first
    english: dict[str, frozenset[str]] = field(default_factory=dict)  # stem -> group's stems
    french: dict[str, frozenset[str]] = field(default_factory=dict)  # French stem -> English
    # words in a row ("set up", "mettre en place") -> their group's English stems, by language
    word_phrases: dict[str, dict[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    causes_follow: tuple[str, ...] = ()
    causes_precede: tuple[str, ...] = ()
    titles: frozenset[tuple[str, ...]] = frozenset()
    given_names: int = 0
    descriptors: frozenset[str] = frozenset()
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def all_function_words(self) -> frozenset[str]:
        """Function words of either language."""
        return frozenset().union(*self.function_words.values())


def lexicon_path() -> Path:
    """Where the shipped lexicon is."""
    return Path(str(resources.files("bot.core.matching") / "data" / "lexicon.yaml"))


@functools.cache
def shipped_lexicon() -> Lexicon:
    """The lexicon the bot uses (its usable entries; ``factbot validate`` reports problems)."""
    return read_lexicon(lexicon_path())[0]


class _Reader:
    """Walks the YAML tree, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, code, message))

    def mapping(self, node: Node, what: str, known: tuple[str, ...]) -> dict[str, Node]:
        if node.kind != "map":
            self.problem(node, "L002", f"{what} must be a mapping of {', '.join(known)}")
            return {}
        found = {}
        for key, value in node.pairs():
            name = key.text() if key.kind == "scalar" else ""
            if name not in known:
                self.problem(key, "L001", f"unknown {what} entry '{name}'; the entries are: "
                             f"{', '.join(known)}")
                continue
            found[name] = value
        return found

    def words(self, node: Node, what: str) -> Iterator[tuple[Node, str]]:
        if node.kind != "seq":
            self.problem(node, "L002", f"{what} must be a list of words, like [one, two]")
            return
        for item in node.items():
            if item.kind != "scalar" or item.tag == "null":
                self.problem(item, "L002", f"each of {what} must be a word or phrase")
            elif not fold(item.text()):
                self.problem(item, "L005", f"an empty word in {what}; remove it")
            else:
                yield item, item.text()


def read_lexicon(path: Path) -> tuple[Lexicon, list[Problem]]:
    """The lexicon in a file, and its problems."""
    label = path.as_posix()
    reader = _Reader(label)
    lexicon = Lexicon()
    root, problems = read_yaml(label, path.read_bytes())
    reader.problems += problems
    if root is None:
        return lexicon, reader.problems
    sections = reader.mapping(root, "section", SECTIONS)
    for name in SECTIONS:
        if name not in sections and root.kind == "map":
            reader.problem(root, "L007", f"the lexicon needs a '{name}:' section")
    if "function_words" in sections:
        for language, node in reader.mapping(sections["function_words"], "function_words",
                                             LANGUAGES).items():
            lexicon.function_words[language] = frozenset(
                fold(word) for _, word in reader.words(node, f"function_words.{language}"))
    if "questions" in sections:
        _questions(reader, sections["questions"], lexicon)
    if "words" in sections:
        _groups(reader, sections["words"], lexicon)
    if "causes" in sections:
        for name, node in reader.mapping(sections["causes"], "causes",
                                         ("follows", "precedes")).items():
            markers = tuple(fold(word) for _, word in reader.words(node, f"causes.{name}"))
            if name == "follows":
                lexicon.causes_follow = markers
            else:
                lexicon.causes_precede = markers
    if "names" in sections:
        _names(reader, sections["names"], lexicon)
    return lexicon, sort_problems(reader.problems)


def _questions(reader: _Reader, node: Node, lexicon: Lexicon) -> None:
    seen: dict[tuple[str, ...], str] = {}
    every = lexicon.all_function_words
    for kind, languages in reader.mapping(node, "questions", KINDS).items():
        for language, words in reader.mapping(languages, f"questions.{kind}",
                                              LANGUAGES).items():
            for item, phrase in reader.words(words, f"questions.{kind}.{language}"):
                raw = tuple(tuple(raw_words(run)) for run in phrase.split("..."))
                if not all(raw):
                    reader.problem(item, "L005", f"'{phrase}': '...' stands between words "
                                   "(what is ... called)")
                    continue
                key = tuple(word for run in raw for word in (*run, "..."))
                if seen.get(key, kind) != kind:
                    reader.problem(item, "L004", f"'{phrase}' is already a '{seen[key]}' "
                                   f"phrase; a phrase can ask for one kind of answer only")
                    continue
                seen[key] = kind
                folded = tuple(tuple(fold(word) for word in run) for run in raw)
                if folded != raw and len(folded) == 1 and len(folded[0]) == 1 \
                        and folded[0][0] in every:
                    lexicon.phrases.append(Phrase(raw, None, kind))
                else:
                    lexicon.phrases.append(Phrase(raw, folded, kind))
    lexicon.phrases.sort(key=lambda phrase: -phrase.size)


def _groups(reader: _Reader, node: Node, lexicon: Lexicon) -> None:
    if node.kind != "seq":
        reader.problem(node, "L002", "words must be a list of groups, like "
                       "- {en: [agreement, deal], fr: [accord]}")
        return
    english: dict[str, set[str]] = defaultdict(set)
    french: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, dict[tuple[str, ...], set[str]]] = {"en": defaultdict(set),
                                                           "fr": defaultdict(set)}
    owner: dict[tuple[str, str | tuple[str, ...]], int] = {}
    for number, group in enumerate(node.items()):
        stems: dict[str, list[str]] = {"en": [], "fr": []}
        said: dict[str, list[tuple[str, ...]]] = {"en": [], "fr": []}
        for language, words in reader.mapping(group, "word group", LANGUAGES).items():
            for item, word in reader.words(words, f"words.{language}"):
                parts = raw_words(word)
                keys: list[str | tuple[str, ...]]
                if len(parts) > 1:
                    keys = [tuple(fold(part) for part in parts)]
                elif fold(word) in lexicon.function_words.get(language, ()):
                    reader.problem(item, "L006", f"'{word}' is a function word in "
                                   f"function_words.{language}: it is never searched")
                    continue
                elif language == "en":
                    keys = [english_stem(fold(word))]
                else:
                    keys = sorted(french_stems(parts[0] if parts else word))
                taken = [owner[language, key] for key in keys
                         if owner.get((language, key), number) != number]
                if taken:
                    reader.problem(item, "L003", f"'{word}' has the same stem as a word of "
                                   f"group {taken[0] + 1}; keep it in one group")
                    continue
                owner.update(((language, key), number) for key in keys)
                for key in keys:
                    if isinstance(key, tuple):
                        said[language].append(key)
                    else:
                        stems[language].append(key)
        group_english = frozenset(stems["en"])
        for stem in stems["en"]:
            english[stem] |= group_english
        for stem in stems["fr"]:
            french[stem] |= group_english
        for language, runs in said.items():
            for run in runs:
                phrases[language][run] |= group_english
    lexicon.english = {stem: frozenset(group) for stem, group in english.items()}
    lexicon.french = {stem: frozenset(group) for stem, group in french.items() if group}
    lexicon.word_phrases = {language: {key: frozenset(group) for key, group in found.items()
                                       if group}
                            for language, found in phrases.items()}


def _names(reader: _Reader, node: Node, lexicon: Lexicon) -> None:
    fields = reader.mapping(node, "names", ("titles", "given_names_before_surname",
                                            "descriptors", "abbreviations"))
    for name in ("titles", "descriptors"):
        if name in fields:
            found = frozenset(
                tuple(fold(word).split())
                for language, words in reader.mapping(fields[name], f"names.{name}",
                                                      LANGUAGES).items()
                for _, word in reader.words(words, f"names.{name}.{language}"))
            if name == "titles":
                lexicon.titles = found
            else:
                lexicon.descriptors = frozenset(" ".join(words) for words in found)
    if "given_names_before_surname" in fields:
        count = fields["given_names_before_surname"]
        if count.kind != "scalar" or count.tag != "int" or not 0 <= int(count.text()) <= 5:
            reader.problem(count, "L002", "given_names_before_surname must be a whole number "
                           "from 0 to 5")
        else:
            lexicon.given_names = int(count.text())
    if "abbreviations" in fields:
        abbreviations = fields["abbreviations"]
        if abbreviations.kind != "map":
            reader.problem(abbreviations, "L002", "abbreviations must map each abbreviation "
                           "to its words, like rep: [republic, république]")
            return
        for key, words in abbreviations.pairs():
            expansions = tuple(fold(word) for _, word in reader.words(
                words, f"names.abbreviations.{key.text()}"))
            if expansions:
                lexicon.abbreviations[fold(key.text())] = expansions
