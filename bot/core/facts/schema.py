"""The fact file schema: which sections and fields exist, their types, and how nodes become values.

A fact file is a mapping of sections (``entities``, ``relations``, ``agreements``, ``facts``,
``coverage``); each section is a list of records. ``convert`` turns one record's node into a dict of
plain values plus the place of every field, and reports each type problem with a fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import limits
from bot.core.facts.characters import character_problem, in_value
from bot.core.facts.dates import parse_added, parse_when
from bot.core.facts.model import (
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    ENTITY_KINDS,
    FACT_STATUSES,
    RELATION_KINDS,
    STANCES,
)
from bot.core.facts.problems import Problem
from bot.core.facts.yamltree import Node
from bot.core.text import did_you_mean, escape

__all__ = ["DRAFT_SECTIONS", "FILE_STATUS", "ID_PATTERN", "SECTIONS", "Field", "Places", "Values",
           "convert", "draft_fields"]

Values = dict[str, object]
"""A record's fields as plain values, each of the type its ``Field`` says (see ``convert``)."""
Places = dict[str, tuple[int, int]]
"""Where each field (``source.seed``, ``parties[1]`` …) was written: (line, column)."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 64
_WORDS = {"str": "text", "int": "a number", "float": "a number", "null": "empty (null)",
          "timestamp": "a date"}
_TRUE = {"yes", "true", "on"}


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its name, type, whether it is required, and its limits."""

    name: str
    type: str  # text, id, ref, refs, texts, when, added, number, enum, record, records
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int = limits.SHORT_TEXT_MAX
    fields: tuple[Field, ...] = ()  # for record and records


SOURCE = (
    Field("seed", "ref", required=True),
    Field("quote", "text", required=True, max_len=limits.QUOTE_MAX),
    Field("stance", "enum", choices=tuple(STANCES)),
    Field("according_to", "text", max_len=limits.ATTRIBUTION_MAX),
)
SOURCE_NAME = (
    Field("name", "text", required=True, max_len=limits.NAME_MAX),
    Field("seed", "ref", required=True),
    Field("quote", "text", required=True, max_len=limits.QUOTE_MAX),
)
TERM = (
    Field("quantity", "number"),
    Field("unit", "text"),
    Field("commodity", "text"),
    Field("from", "ref"),
    Field("to", "ref"),
    Field("purpose", "text"),
)
SECTIONS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "entities": ("entity", (
        Field("id", "id", required=True),
        Field("kind", "enum", required=True, choices=tuple(ENTITY_KINDS)),
        Field("name", "text", required=True, max_len=limits.NAME_MAX),
        Field("aliases", "texts", max_len=limits.ALIAS_MAX),
        Field("name_fr", "text", max_len=limits.NAME_MAX),
        Field("summary", "text", max_len=limits.SUMMARY_MAX),
        Field("summary_sources", "refs"),
        Field("names_in_sources", "records", fields=SOURCE_NAME),
    )),
    "relations": ("relation", (
        Field("id", "id", required=True),
        Field("kind", "enum", required=True, choices=RELATION_KINDS),
        Field("subject", "ref", required=True),
        Field("object", "ref"),
        Field("by", "text"),
        Field("role", "text"),
        Field("status", "enum", choices=("current", "ended")),
        Field("since", "when"),
        Field("until", "when"),
        Field("note", "text"),
        Field("source", "record", required=True, fields=SOURCE),
    )),
    "agreements": ("agreement", (
        Field("id", "id", required=True),
        Field("name", "text", required=True, max_len=limits.NAME_MAX),
        Field("aliases", "texts", max_len=limits.ALIAS_MAX),
        Field("kind", "enum", required=True, choices=AGREEMENT_KINDS),
        Field("parties", "refs", required=True),
        Field("terms", "records", fields=TERM),
        Field("when", "when"),
        Field("status", "enum", choices=AGREEMENT_STATUSES),
        Field("summary", "text", required=True, max_len=limits.SUMMARY_MAX),
        Field("source", "record", required=True, fields=SOURCE),
    )),
    "facts": ("fact", (
        Field("id", "id", required=True),
        Field("text", "text", required=True, max_len=limits.FACT_TEXT_MAX),
        Field("text_fr", "text", max_len=limits.FACT_TEXT_MAX),
        Field("about", "refs", required=True),
        Field("when", "when"),
        Field("added", "added", required=True),
        Field("source", "record", required=True, fields=SOURCE),
        Field("status", "enum", choices=tuple(FACT_STATUSES)),
        Field("reason", "text"),
    )),
    "coverage": ("coverage note", (
        Field("seed", "ref", required=True),
        Field("quote", "text", required=True, max_len=limits.QUOTE_MAX * 2),
        Field("covered_by", "refs"),
        Field("reason", "text"),
        Field("not_a_claim", "text"),
    )),
}
# A file may say ``status: draft`` beside its sections: every record in it is then a draft.
FILE_STATUS = Field("status", "enum", choices=("draft",))
# The sections whose records may be drafts, and the fields a draft may still leave out (the
# maintainer's own words, and what they are about).
DRAFT_SECTIONS: dict[str, tuple[str, ...]] = {"facts": ("text", "about")}


def draft_fields(section: str) -> tuple[Field, ...]:
    """The fields of a section's records when the record is a draft."""
    optional = DRAFT_SECTIONS.get(section, ())
    return tuple(Field(spec.name, spec.type, spec.required and spec.name not in optional,
                       spec.choices, spec.max_len, spec.fields)
                 for spec in SECTIONS[section][1])


SEED_METADATA = (
    Field("id", "id", required=True),
    Field("title", "text", required=True),
    Field("byline", "text"),
    Field("outlet", "text"),
    Field("original_source", "text"),
    Field("published", "when"),
    Field("url", "text", max_len=limits.URL_MAX),
)


class _Converter:
    """Converts record nodes to plain values, collecting problems for one file."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, node: Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, code, message))

    def record(self, node: Node, fields: tuple[Field, ...], what: str, prefix: str,
               values: Values, places: Places) -> bool:
        """Fill ``values``/``places`` from a mapping node; False when it is not a mapping."""
        if node.kind != "map":
            self.problem(node, "F103", f"each {what} must be a mapping of 'field: value' lines, "
                         f"not {_describe(node)}")
            return False
        by_name = {spec.name: spec for spec in fields}
        for key, value in node.pairs():
            if key.tag != "str":
                self.problem(key, "F104", f"YAML reads the unquoted key {key.value!r} as "
                             f"{_reading(key)}, not a field name; fix the name")
                continue
            spec = by_name.get(key.text())
            if spec is None:
                names = ", ".join(by_name)
                self.problem(key, "F101", f"unknown field '{key.value}' in {article(what)}; "
                             f"{did_you_mean(key.text(), list(by_name))}"
                             f"the fields of {article(what)} are: {names}")
                continue
            place = prefix + spec.name
            places[place] = (key.line, key.column)
            converted = self.value(value, spec, what, place, places)
            if converted is not None:
                values[spec.name] = converted
        for spec in fields:
            if spec.required and spec.name not in values and prefix + spec.name not in places:
                self.problem(node, "F102", f"this {what} has no '{spec.name}'; add "
                             f"'{spec.name}:' ({_hint(spec)})")
        return True

    def value(self, node: Node, spec: Field, what: str, place: str, places: Places) -> object:
        """One field's value, or None after reporting why it cannot be used."""
        if node.kind == "scalar" and node.tag == "null":
            if spec.required:
                self.problem(node, "F108", f"'{spec.name}' of this {what} is empty; "
                             f"write {_hint(spec)}")
            return None
        if spec.type == "record":
            values: Values = {}
            ok = self.record(node, spec.fields, f"{spec.name} of {article(what)}", f"{place}.",
                             values, places)
            return values if ok else None
        if spec.type == "records":
            if node.kind != "seq":
                self.problem(node, "F103", f"'{spec.name}' must be a list ('- ' items)")
                return None
            records: list[Values] = []
            for index, item in enumerate(node.items()):
                values = {}
                if self.record(item, spec.fields, f"item of '{spec.name}'",
                               f"{place}[{index}].", values, places):
                    records.append(values)
            return records
        if spec.type in ("refs", "texts"):
            if node.kind != "seq":
                self.problem(node, "F103", f"'{spec.name}' must be a list, e.g. "
                             f"{spec.name}: [first, second]")
                return None
            if not node.value and spec.required:
                self.problem(node, "F108", f"'{spec.name}' of this {what} is empty; "
                             f"write {_hint(spec)}")
                return None
            texts: list[str] = []
            for index, item in enumerate(node.items()):
                places[f"{place}[{index}]"] = (item.line, item.column)
                text = self.text(item, spec, what)
                if text is not None:
                    texts.append(text)
            return texts
        if spec.type == "number":
            return self.number(node, spec)
        text = self.text(node, spec, what)
        if text is None:
            return None
        return self.typed_text(node, spec, what, text)

    def typed_text(self, node: Node, spec: Field, what: str, text: str) -> object:
        if spec.type == "enum" and text not in spec.choices:
            self.problem(node, "F105", f"'{text}' is not a {spec.name} this fact base knows; "
                         f"{did_you_mean(text, spec.choices)}use one of: "
                         f"{', '.join(spec.choices)}")
            return None
        if spec.type == "id" and (not ID_PATTERN.match(text) or len(text) > ID_MAX):
            self.problem(node, "F107", f"'{text}' is not a valid id; use lower-case letters, "
                         f"digits and single hyphens (like 'burkina-faso'), at most {ID_MAX} "
                         "characters")
            return None
        if spec.type in ("when", "added"):
            parsed = parse_when(text) if spec.type == "when" else parse_added(text)
            if isinstance(parsed, str):
                self.problem(node, "F106", f"'{spec.name}': {parsed}")
                return None
            return parsed
        return text

    def text(self, node: Node, spec: Field, what: str) -> str | None:
        if node.kind != "scalar":
            self.problem(node, "F103", f"'{spec.name}' must be a single value, not "
                         f"{_describe(node)}")
            return None
        if node.plain and node.tag != "str":
            self.problem(node, "F104", f"YAML reads the unquoted {node.value!r} as "
                         f"{_reading(node)}, not text; put it in quotes: \"{node.value}\"")
            return None
        text = str(node.value)
        refused = in_value(text)  # from an escape or a tab: yamltree took out the rest
        for match in refused:
            self.problem(node, "F014", f"'{spec.name}', character {match.start() + 1}: "
                         f"{character_problem(match.group())}")
        if refused:
            return None
        if not text.strip():
            self.problem(node, "F108", f"'{spec.name}' of this {what} is empty; "
                         f"write {_hint(spec)}")
            return None
        shown = len(escape(text))  # what Discord gets: markdown characters gain a backslash
        if spec.type in ("text", "texts") and shown > spec.max_len:
            self.problem(node, "F301", f"'{spec.name}' takes {shown} characters in a reply, more "
                         f"than the {spec.max_len} that fit where replies show it; shorten it")
            return None
        return text

    def number(self, node: Node, spec: Field) -> float | None:
        if node.kind == "scalar" and node.tag in ("int", "float") and node.plain:
            number = float(node.text().replace("_", ""))
            return int(number) if number.is_integer() else number
        shown = node.value if node.kind == "scalar" else _describe(node)
        self.problem(node, "F103", f"'{spec.name}' must be a number written without quotes "
                     f"(like 150000000), not {shown!r}")
        return None


def article(word: str) -> str:
    """The word with 'a' or 'an' before it."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _describe(node: Node) -> str:
    return {"map": "a mapping", "seq": "a list"}.get(node.kind, repr(node.value))


def _reading(node: Node) -> str:
    if node.tag == "bool":
        value = "true" if str(node.value).lower() in _TRUE else "false"
        return f"the yes/no value {value}"
    return _WORDS.get(node.tag, node.tag)


def _hint(spec: Field) -> str:
    return {
        "id": "an id like 'burkina-faso'",
        "ref": "the id it refers to",
        "refs": "a list of ids, like [mali, niger]",
        "texts": "a list of texts",
        "when": 'a date like "2023" or "May 24"',
        "added": 'the day it was added, like "2026-11-24"',
        "enum": "one of: " + ", ".join(spec.choices),
        "record": "its fields on indented lines",
        "records": "a list of items",
        "number": "a number",
    }.get(spec.type, "a short text")


def convert(path: str, node: Node, fields: tuple[Field, ...], what: str,
            problems: list[Problem]) -> tuple[Values, Places] | None:
    """Convert one record node to ``(values, places)``; problems are appended to ``problems``.

    Each value has its field's type: ``str`` (text, id, ref, enum), ``list[str]`` (refs,
    texts), ``When`` (when), ``datetime.date`` (added), ``int`` or ``float`` (number),
    ``Values`` (record) or ``list[Values]`` (records).
    """
    values: Values = {}
    places: Places = {}
    if not _Converter(path, problems).record(node, fields, what, "", values, places):
        return None
    return values, places
