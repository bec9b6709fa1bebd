"""Writing drafts as YAML a maintainer finishes by hand, and adding them to a file they edited.

Every text is written by PyYAML's emitter (``intake.yaml_scalar``), so a quote loads back exactly
as it is in the article whatever it holds (quotes, colons, '#', backslashes). Adding to an
existing file inserts the new records at the end of its ``facts:`` list and changes no other
byte: the maintainer's edits and comments stay as they are.
"""

from __future__ import annotations

import datetime as dt

from bot.core.drafting.drafts import DraftRecord, SeedDrafts
from bot.core.facts.intake import yaml_scalar
from bot.core.facts.model import REPORTED
from bot.core.facts.yamltree import read_yaml

__all__ = ["AppendError", "add_records", "new_file", "record_lines"]

_INDENT = "  "


class AppendError(ValueError):
    """The existing file cannot take new records without rewriting what is there."""


def record_lines(record: DraftRecord, seed_id: str, added: dt.date, indent: str = _INDENT
                 ) -> list[str]:
    """One draft record as YAML lines, at ``indent`` (the list's dash)."""
    inner = indent + "  "
    about = f"[{', '.join(record.about)}]" if record.about else "[]"
    about_note = {"quote": "", "sentence": "  # named in its sentence, not in the quote: check",
                  "paragraph": "  # named in its paragraph, not in its sentence: check",
                  "": "  # the quote names no entry: add the ids it is about"}[record.about_from]
    lines = [f"{indent}- id: {record.id}",
             f"{inner}status: draft           # delete this line to publish the fact",
             f"{inner}text:                   # the fact in your own words",
             f"{inner}about: {about}{about_note}"]
    if record.when:
        lines.append(f"{inner}when: {yaml_scalar(record.when)}")
    lines += [f"{inner}added: \"{added.isoformat()}\"",
              f"{inner}source:",
              f"{inner}  seed: {seed_id}",
              f"{inner}  quote: {yaml_scalar(record.quote)}"]
    stance = record.stance
    if stance.stance != REPORTED:
        lines.append(f"{inner}  stance: {stance.stance}")
    if stance.according_to:
        lines.append(f"{inner}  according_to: {yaml_scalar(stance.according_to)}")
    if stance.note:
        lines.append(f"{inner}  # {stance.note}")
    return lines


def _candidate_block(drafts: SeedDrafts) -> list[str]:
    if not drafts.candidates:
        return []
    lines = ["#", "# Names the article uses that the fact base does not know. To add one, move its",
             "# stub to the file for its kind (people.yaml, organisations.yaml …), set its kind",
             "# and uncomment it; leave the others out."]
    for candidate in drafts.candidates:
        kind = candidate.kind or "???      # country | bloc | organisation | mission | " \
                                 "armed_group | person"
        lines += [f"#  - id: {candidate.id}        # line {candidate.line}",
                  f"#    kind: {kind}",
                  f"#    name: {yaml_scalar(candidate.name)}"]
    return lines


def _heading_block(drafts: SeedDrafts) -> list[str]:
    if not drafts.headings:
        return []
    lines = ["#", "# Lines that are no sentence of their own (a headline, a byline): note each in",
             "# coverage.yaml, with the facts a headline repeats or what the line is:"]
    for sentence in drafts.headings:
        lines += [f"#  - seed: {drafts.seed.id}",
                  f"#    quote: {yaml_scalar(sentence.text)}",
                  "#    covered_by: []         # a headline: the facts it repeats, and a reason:",
                  "#    reason: headline repeating the body     # or, instead of both:"
                  "  not_a_claim: byline"]
    return lines


def new_file(drafts: SeedDrafts, added: dt.date, schema: str | None = None) -> str:
    """A statements file holding the drafts, with the names and lines to check as comments;
    ``schema``: the JSON Schema's path from the file, for editors (yaml-language-server)."""
    seed = drafts.seed
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += [f"# Facts from {yaml_scalar(seed.title)} (seed: {seed.id}).",
             "# Drafted by factbot draft: one record per claim no record quotes yet. For each",
             "# one you keep, write 'text:' in your own words, check 'about:', 'when:' and the",
             "# stance, then delete its 'status: draft' line. Delete the drafts you do not want:",
             "# factbot draft adds back only clauses still uncovered.",
             *_candidate_block(drafts), *_heading_block(drafts), "facts:"]
    for record in drafts.records:
        lines += record_lines(record, seed.id, added)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def add_records(text: str, path: str, drafts: SeedDrafts, added: dt.date) -> str:
    """``text`` (a statements file) with the new drafts at the end of its ``facts:`` list."""
    root, problems = read_yaml(path, text.encode("utf-8"))
    if problems:
        raise AppendError(f"{path} has problems ({problems[0]}); fix them first")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    pairs = root.pairs() if root is not None and root.kind == "map" else []
    keys = [key.value for key, _ in pairs]
    if root is not None and root.kind != "map":
        raise AppendError(f"{path} is not a mapping of sections; fix it first")
    indent = _INDENT
    at = len(lines)  # where the new records go: by default the end of the file
    block: list[str] = []
    if "facts" not in keys:
        block.append("facts:\n")
    else:
        position = keys.index("facts")
        section = pairs[position][1]
        if section.kind == "seq" and section.items():
            indent = " " * max(section.items()[0].column - 3, 0)
        elif section.kind == "seq" or (section.kind == "scalar" and section.value not in
                                       (None, "", "null", "~")):
            raise AppendError(f"{path}: 'facts:' at line {section.line} is written on one "
                              "line; write it as a list of '- ' items so drafts can be added")
        if position + 1 < len(pairs):  # the next section: the records go before its comments
            at = pairs[position + 1][0].line - 1
            while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
                at -= 1
    for record in drafts.records:
        block += [line + "\n" for line in record_lines(record, drafts.seed.id, added, indent)]
    if at == len(lines) and lines and lines[-1].strip():
        block.insert(0, "\n")
    return "".join(lines[:at] + block + lines[at:])

