"""Which records of a fact file are drafts: a record that says ``status: draft``, or every record
of a file that says it beside its sections (see facts/README.md, "Drafts")."""

from __future__ import annotations

from bot.core.facts.model import DRAFT
from bot.core.facts.problems import Problem
from bot.core.facts.schema import FILE_STATUS
from bot.core.facts.yamltree import Node

__all__ = ["file_is_draft", "says_draft"]


def says_draft(node: Node) -> bool:
    """Whether a record's node says ``status: draft`` (its fields are then checked as a
    draft's: the maintainer's own words may still be missing)."""
    return node.kind == "map" and any(
        key.value == "status" and value.kind == "scalar" and value.value == DRAFT
        for key, value in node.pairs())


def file_is_draft(path: str, root: Node, problems: list[Problem]) -> bool:
    """Whether a file's root mapping says ``status: draft`` beside its sections; any other
    file status is a problem (appended to ``problems``)."""
    for key, value in root.pairs():
        if key.value != FILE_STATUS.name:
            continue
        if value.kind == "scalar" and value.value in FILE_STATUS.choices:
            return True
        problems.append(Problem(
            path, value.line, value.column, "F105",
            "a file's 'status:' can only be 'draft' (every record in it is then a draft); "
            "to publish the file, remove the line",
        ))
    return False
