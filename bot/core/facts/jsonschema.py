"""The fact files' JSON Schema, for editors: generated from ``schema.SECTIONS`` (the very
definitions the validator checks against: fields, types, enums, required fields, limits), so
an editor running yaml-language-server completes fields and flags mistakes while typing.

The schema helps while typing; the validator stays the judge (it also checks references across
files, quotes against articles, and what YAML 1.1 makes of unquoted values).
"""

from __future__ import annotations

import calendar
from typing import Any

from bot.core.facts.model import FACT_STATUSES, STANCES
from bot.core.facts.records import RELATION_FORBIDS, RELATION_NEEDS
from bot.core.facts.schema import (
    DRAFT_SECTIONS,
    FILE_STATUS,
    ID_MAX,
    ID_PATTERN,
    SECTIONS,
    Field,
    draft_fields,
)

__all__ = ["DESCRIPTIONS", "SCHEMA_NAME", "fact_file_schema"]

SCHEMA_NAME = "facts.schema.json"  # written into the facts folder by ``factbot schema``
Json = dict[str, Any]

_MONTH = "|".join(calendar.month_name[1:])
_DAY = "|".join(calendar.day_name)
_ONE_DATE = (rf"(?:\d{{4}}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
             rf"|(?:{_MONTH})(?: (?:[1-9]|[12]\d|3[01]))?|(?:{_DAY}))")
WHEN_PATTERN = rf"^{_ONE_DATE}(?:(?: to | ?[–—] ?){_ONE_DATE})?$"
ADDED_PATTERN = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"

# What each section and field means, shown by editors as you type. Keys: a section, or
# "section.field", or "source.field" … for the fields of nested records.
DESCRIPTIONS: dict[str, str] = {
    "status": "'draft': every fact in this file is a draft (validated, never served nor "
              "announced). Remove the line to publish the file.",
    "entities": "Countries, blocs, organisations, missions, armed groups and people.",
    "relations": "Links between entities: memberships, who governs, partnerships, roles.",
    "agreements": "Deals and pacts between parties.",
    "facts": "Statements in our own words, each citing its article with a quote.",
    "coverage": "Article lines that need no fact of their own (headline, byline …).",
    "entities.id": "Stable id: lower-case words joined by hyphens. Never change it once "
                   "published.",
    "entities.kind": "What the entity is.",
    "entities.name": "How replies name it.",
    "entities.aliases": "Other names people type: French names, abbreviations …",
    "entities.name_fr": "How French replies name it: one of its aliases.",
    "entities.summary": "A short summary in our own words, restating cited records.",
    "entities.summary_sources": "The facts, relations or agreements the summary restates.",
    "entities.names_in_sources": "The names the articles use for it, when they differ from "
                                 "'name', each with a quote showing it.",
    "relations.id": "Stable id. Never change it once published.",
    "relations.kind": "member_of needs an object (a bloc); governed_by needs 'by'; holds_role "
                      "needs an object and a role; the others need an object.",
    "relations.subject": "The entity id the relation is about.",
    "relations.object": "The other entity id (not for governed_by).",
    "relations.by": "Who governs (governed_by only).",
    "relations.role": "The role held (holds_role only).",
    "relations.status": "current (default) or ended.",
    "relations.since": "When it began, as precise as the article.",
    "relations.until": "When it ended (then status is ended).",
    "relations.note": "A short note.",
    "relations.source": "The article and the quote that state it.",
    "agreements.id": "Stable id. Never change it once published.",
    "agreements.name": "How replies name it.",
    "agreements.aliases": "Other names people type.",
    "agreements.kind": "What kind of agreement.",
    "agreements.parties": "The entity ids that are party to it.",
    "agreements.terms": "Structured terms, as far as the article gives them.",
    "agreements.when": "When it was made, as precise as the article.",
    "agreements.status": "Where the agreement stands.",
    "agreements.summary": "A short summary in our own words.",
    "agreements.source": "The article and the quote that state it.",
    "facts.id": "Stable id. Never change it once published: retract instead.",
    "facts.text": "The fact in our own words (a draft may leave it empty).",
    "facts.text_fr": "The same statement in French, for French replies: no more and no less "
                     "than 'text' (the same figures).",
    "facts.about": "The entity and agreement ids it is about: it shows on their cards.",
    "facts.when": "When it happened, as precise as the article; omit if unstated.",
    "facts.added": "The day it entered the base (YYYY-MM-DD): drives /latest and alerts.",
    "facts.source": "The article and the quote that state it.",
    "facts.status": "published (default); draft: never served nor announced; retracted: "
                    "withdrawn, with a 'reason:' (subscribers who had it are told).",
    "facts.reason": "Why the fact was retracted or corrected: sent to the channels that "
                    "received it.",
    "coverage.seed": "The article's seed id.",
    "coverage.quote": "The line (or part of it) that needs no fact of its own.",
    "coverage.covered_by": "The facts that state it (for a headline or teaser), with 'reason'.",
    "coverage.reason": "Why the facts listed cover it.",
    "coverage.not_a_claim": "What the line is, when it states nothing (byline, furniture).",
    "source.seed": "The seed id of the article (from seeds/*.meta.yaml).",
    "source.quote": "A short passage copied exactly from the article.",
    "source.stance": "How the article presents it: "
                     + "; ".join(f"{name}: {meaning}" for name, meaning in STANCES.items()),
    "source.according_to": "Who says it (claim, opinion; aspiration or plan when someone "
                           "states it).",
    "names_in_sources.name": "The name as the article writes it.",
    "names_in_sources.seed": "The seed id of the article.",
    "names_in_sources.quote": "A passage of the article showing the name.",
    "terms.quantity": "A number, without quotes.",
    "terms.unit": "The unit of the quantity.",
    "terms.commodity": "What is traded or supplied.",
    "terms.from": "The supplier's entity id.",
    "terms.to": "The recipient's entity id.",
    "terms.purpose": "What it is for.",
}


def _described(node: Json, key: str) -> Json:
    if key in DESCRIPTIONS:
        node["description"] = DESCRIPTIONS[key]
    return node


def _text(spec: Field) -> Json:
    return {"type": "string", "minLength": 1, "pattern": r"\S", "maxLength": spec.max_len}


def _value(spec: Field, owner: str) -> Json:
    """The schema of one field's value."""
    kind = spec.type
    if kind in ("id", "ref"):
        return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": ID_MAX}
    if kind in ("refs", "texts"):
        items = _value(Field(spec.name, "ref" if kind == "refs" else "text",
                             max_len=spec.max_len), owner)
        return {"type": "array", "items": items, **({"minItems": 1} if spec.required else {})}
    if kind == "enum":
        return {"type": "string", "enum": list(spec.choices)}
    if kind == "when":
        return {"type": "string", "pattern": WHEN_PATTERN}
    if kind == "added":
        return {"type": "string", "pattern": ADDED_PATTERN}
    if kind == "number":
        return {"type": "number"}
    if kind in ("record", "records"):
        record = _record(spec.fields, "source" if spec.name == "source" else spec.name)
        return record if kind == "record" else {"type": "array", "items": record}
    return _text(spec)


def _nullable(value: Json) -> Json:
    """An optional field may be written empty (``outlet: null``, ``text:``): not given."""
    if isinstance(value.get("type"), str):
        value["type"] = [value["type"], "null"]
    if "enum" in value:
        value["enum"] = [*value["enum"], None]
    return value


def _record(fields: tuple[Field, ...], owner: str) -> Json:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in fields if spec.required],
        "properties": {spec.name: _described(
            _value(spec, owner) if spec.required else _nullable(_value(spec, owner)),
            f"{owner}.{spec.name}") for spec in fields},
    }


def _when(field_name: str, value: str, then: Json) -> Json:
    return {"if": {"required": [field_name], "properties": {field_name: {"const": value}}},
            "then": then}


def _section_record(section: str, fields: tuple[Field, ...]) -> Json:
    record = _record(fields, section)
    rules: list[Json] = []
    if section == "relations":  # what each kind needs and must not have (F102, F109)
        for kind, needs in RELATION_NEEDS.items():
            rules.append(_when("kind", kind, {
                "required": sorted(needs),
                "not": {"anyOf": [{"required": [name]}
                                  for name in sorted(RELATION_FORBIDS[kind])]}}))
    if section == "coverage":  # either covered_by (with reason) or not_a_claim (F109)
        rules.append({"oneOf": [{"required": ["covered_by", "reason"],
                                 "not": {"required": ["not_a_claim"]}},
                                {"required": ["not_a_claim"],
                                 "not": {"required": ["covered_by"]}}]})
    if section in DRAFT_SECTIONS:  # a draft may leave out the maintainer's own words
        optional = sorted(DRAFT_SECTIONS[section])
        record["required"] = [name for name in record["required"] if name not in optional]
        published: Json = {}
        for name in optional:  # a draft may write them empty; a published record may not
            value = record["properties"][name]
            published[name] = {"not": {"type": "null"}}
            if "minItems" in value:
                published[name]["minItems"] = value.pop("minItems")
            _nullable(value)
        rules.append({"if": {"not": {"required": ["status"],
                                     "properties": {"status": {"const": "draft"}}}},
                      "then": {"required": optional, "properties": published}})
    if section == "facts":  # a retraction says why
        rules.append(_when("status", "retracted", {"required": ["reason"]}))
    if rules:
        record["allOf"] = rules
    return record


def fact_file_schema() -> Json:
    """The JSON Schema (draft 2020-12) of a fact file."""
    defs: Json = {}
    properties: Json = {FILE_STATUS.name: _described(
        {"type": "string", "enum": list(FILE_STATUS.choices)}, "status")}
    for section, (what, fields) in SECTIONS.items():
        defs[what] = _section_record(section, fields)
        properties[section] = _described({"type": ["array", "null"],
                                          "items": {"$ref": f"#/$defs/{what}"}}, section)
    drafts: Json = {}
    published: Json = {}
    for section in DRAFT_SECTIONS:  # their records depend on the file's status
        what = SECTIONS[section][0]
        record = _record(draft_fields(section), section)
        record["properties"]["status"] = _described(
            {"type": "string", "enum": ["draft"]}, f"{section}.status")
        defs[f"{what} in a draft file"] = record
        drafts[section] = {"items": {"$ref": f"#/$defs/{what} in a draft file"}}
        published[section] = {"items": properties[section].pop("items")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_NAME,
        "title": "sahel-factbot fact file",
        "description": "A mapping of sections, each a list of records (see facts/README.md). "
                       f"Fact statuses: {', '.join(FACT_STATUSES)}.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "if": {"required": [FILE_STATUS.name]},
        "then": {"properties": drafts},
        "else": {"properties": published},
        "$defs": defs,
    }
