"""Read one YAML file into a tree of nodes that remember their line and column.

The tree is built from libyaml's event stream rather than with ``yaml.compose``, because the event
stream lets us refuse hostile input before it costs anything: nesting deep enough to crash the C
composer, alias bombs, and duplicate keys (which PyYAML would silently collapse to the last one).
Nothing is ever constructed from a tag, so loading is safe whatever the file says. Plain scalars
are typed with PyYAML's own YAML 1.1 resolver table, so the validator sees exactly the surprises
(``NO`` → false, ``2023-03-14`` → a date) that a PyYAML user would get.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import yaml
from yaml.resolver import Resolver

from bot.core.facts.characters import character_problem, in_file
from bot.core.facts.problems import Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "MAX_FILE_BYTES",
    "Node",
    "NodeValue",
    "decode_utf8",
    "read_yaml",
    "too_large",
]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32
MAX_EXPANDED_NODES = 2_000_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# First character → (tag, pattern) in PyYAML's order; the stubs leave the table untyped.
_IMPLICIT = cast("dict[str, list[tuple[str, re.Pattern[str]]]]",
                 Resolver.yaml_implicit_resolvers)
_TAG_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)

NodeValue = str | list["Node"] | list[tuple["Node", "Node"]] | None


@dataclass(slots=True, eq=False)
class Node:
    """A YAML node: ``kind`` is ``map``, ``seq`` or ``scalar``; line and column are 1-based.

    For a scalar, ``value`` is its text and ``tag`` what YAML makes of it (``str``, ``int``,
    ``float``, ``bool``, ``null``, ``timestamp`` …); ``plain`` is true when it was not quoted.
    For a map, ``value`` is a list of (key node, value node); for a seq, a list of nodes.
    """

    kind: str
    line: int
    column: int
    value: NodeValue = None
    tag: str = "str"
    plain: bool = False

    def text(self) -> str:
        """A scalar's text, as written (call only when ``kind`` is ``scalar``)."""
        return cast(str, self.value)

    def items(self) -> list[Node]:
        """A seq's nodes (call only when ``kind`` is ``seq``)."""
        return cast("list[Node]", self.value)

    def pairs(self) -> list[tuple[Node, Node]]:
        """A map's (key node, value node) pairs in file order (only when ``kind`` is ``map``)."""
        return cast("list[tuple[Node, Node]]", self.value)


def resolve_plain(text: str) -> str:
    """The type YAML 1.1 (as PyYAML implements it) gives an unquoted scalar."""
    for tag, pattern in _IMPLICIT.get(text[:1], ()) if text else _IMPLICIT.get("", ()):
        if pattern.match(text):
            return tag.removeprefix(_TAG_PREFIX)
    return "str"


class _Columns:
    """Where a place in the parsed text is in the file: the parsed text is the file's less the
    characters that are not allowed (each already reported), so a column after one of them
    on its line moves right by one for each."""

    def __init__(self) -> None:
        self.removed: dict[int, list[int]] = {}  # 0-based line -> parsed columns of removals

    def at(self, line: int, column: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of a 0-based place in the parsed text."""
        if not self.removed:  # nearly always: nothing was taken out
            return line + 1, column + 1
        return line + 1, column + bisect.bisect_right(self.removed.get(line, ()), column) + 1

    def place(self, event: yaml.Event) -> tuple[int, int]:
        """An event's 1-based line and column (libyaml always marks where an event starts)."""
        mark = event.start_mark
        return self.at(mark.line, mark.column) if mark is not None else (0, 0)


def too_large(path: str, size: int) -> Problem:
    """F004 for a file of ``size`` bytes, over ``MAX_FILE_BYTES``."""
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return Problem(path, 1, 1, "F004", f"file is {size / 1024 / 1024:.1f} MB, more than the "
                   f"{limit} MB limit; split it into several smaller files")


def _without_forbidden(path: str, text: str,
                       problems: list[Problem]) -> tuple[str, _Columns]:
    """The text less every character that is not allowed, each reported where it is (F014):
    the rest of the file is still read and checked in the same pass."""
    columns = _Columns()
    kept: list[str] = []
    start = line = 0  # what is kept so far ends at ``start``; lines counted up to there
    for match in in_file(text):
        at = match.start()
        line += text.count("\n", start, at)
        column = at - (text.rfind("\n", 0, at) + 1)
        problems.append(Problem(path, line + 1, column + 1, "F014",
                                character_problem(match.group())))
        removed = columns.removed.setdefault(line, [])
        removed.append(column - len(removed))
        kept.append(text[start:at])
        start = at + 1
    if not kept:
        return text, columns
    kept.append(text[start:])
    return "".join(kept), columns


def decode_utf8(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode file bytes as UTF-8 (a leading BOM is allowed) or say where the first bad byte is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as UTF-8 "
            "(in most editors: 'Save with encoding' → UTF-8)"
        )
        return None, [Problem(path, line, column, "F001", message)]
    return text.removeprefix("\ufeff"), []


def read_yaml(path: str, data: bytes) -> tuple[Node | None, list[Problem]]:
    """Parse one file's bytes into a node tree, or report why it cannot be read.

    Returns ``(None, problems)`` when the file cannot be used at all, and ``(None, [])`` for an
    empty file.
    """
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(path, len(data))]
    decoded, problems = decode_utf8(path, data)
    if decoded is None:
        return None, problems
    text, columns = _without_forbidden(path, decoded, problems)
    tab_lines = set()
    for match in _LEADING_TAB.finditer(text):
        line = text.count("\n", 0, match.start())
        tab_lines.add(line + 1)
        message = "a tab is used for indentation; YAML needs spaces (replace the tab with spaces)"
        problems.append(Problem(path, *columns.at(line, match.end() - match.start() - 1),
                                "F003", message))
    builder = _TreeBuilder(path, columns)
    try:
        builder.consume(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = columns.at(mark.line, mark.column) if mark else (0, 0)
        if not tab_lines or (line not in tab_lines and line - 1 not in tab_lines):
            problems.append(_syntax_problem(path, error, line, column))
        return None, problems
    except yaml.reader.ReaderError as error:  # a character YAML refuses that F014 let through
        position = min(error.position, len(text))
        line = text.count("\n", 0, position)
        column = position - (text.rfind("\n", 0, position) + 1)
        char = chr(error.character) if isinstance(error.character, int) else error.character
        return None, [*problems, Problem(path, *columns.at(line, column), "F014",
                                         character_problem(char[:1] or "\0"))]
    problems.extend(builder.problems)
    if builder.fatal:
        return None, problems
    return builder.root, problems


def _syntax_problem(path: str, error: yaml.MarkedYAMLError, line: int, column: int) -> Problem:
    what = error.problem or "this is not valid YAML"
    context = f" ({error.context})" if error.context else ""
    hint = (
        "; check the indentation and that every 'key: value' and '- item' is well formed, "
        'and put text containing ": " or " #" in quotes'
    )
    return Problem(path, line, column, "F002", f"{what}{context}{hint}")


@dataclass(slots=True)
class _SeqFrame:
    """A seq being filled: its node and that node's list of items."""

    node: Node
    items: list[Node]


@dataclass(slots=True)
class _MapFrame:
    """A map being filled: its node, that node's pairs, a key waiting for its value, and the
    first key node of each key (a repeated key is reported)."""

    node: Node
    pairs: list[tuple[Node, Node]]
    key: Node | None = None
    seen: dict[str, Node] = field(default_factory=dict)


class _TreeBuilder:
    """Turns a libyaml event stream into nodes, stopping at the first fatal problem."""

    def __init__(self, path: str, columns: _Columns) -> None:
        self.path = path
        self.columns = columns
        self.root: Node | None = None
        self.problems: list[Problem] = []
        self.fatal = False
        self._stack: list[_SeqFrame | _MapFrame] = []
        self._anchors: dict[str, Node] = {}
        self._uses_aliases = False
        self._documents = 0

    def consume(self, events: Iterable[yaml.Event]) -> None:
        for event in events:
            if isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, yaml.CollectionStartEvent):  # a mapping or a sequence
                self._start(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
            elif isinstance(event, yaml.CollectionEndEvent):
                self._stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                self._alias(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                self._documents += 1
                if self._documents > 1:
                    self._fail(event, "F009", "a fact file holds one YAML document; remove the "
                               "second '---' or move what follows it into a new file")
            if self.fatal:
                return
        if self._uses_aliases and self.root is not None:
            self._check_expansion()

    def _fail(self, event: yaml.Event, code: str, message: str) -> None:
        line, column = self.columns.place(event)
        self.problems.append(Problem(self.path, line, column, code, message))
        self.fatal = True

    def _tag(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, default: str) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return default
        if tag not in _ALLOWED_TAGS:
            line, column = self.columns.place(event)
            message = (
                f"the tag {tag.replace(_TAG_PREFIX, '!!')} is not allowed; fact files hold plain "
                "text, numbers, lists and mappings, so remove the tag"
            )
            self.problems.append(Problem(self.path, line, column, "F007", message))
            return default
        return tag.removeprefix(_TAG_PREFIX)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        mark = event.start_mark
        plain = event.implicit[0] and not event.style
        if event.tag is not None and event.tag != "!":
            tag = self._tag(event, "str")
            plain = False
        else:
            tag = resolve_plain(event.value) if plain else "str"
        line, column = self.columns.at(mark.line, mark.column) if mark is not None else (0, 0)
        node = Node("scalar", line, column, event.value, tag, plain)
        self._register(event, node)
        self._attach(node, event)

    def _start(self, event: yaml.CollectionStartEvent, kind: str) -> None:
        line, column = self.columns.place(event)
        self._tag(event, kind)
        frame: _SeqFrame | _MapFrame
        if kind == "map":
            pairs: list[tuple[Node, Node]] = []
            frame = _MapFrame(Node(kind, line, column, pairs), pairs)
        else:
            items: list[Node] = []
            frame = _SeqFrame(Node(kind, line, column, items), items)
        self._register(event, frame.node)
        self._attach(frame.node, event)
        if self.fatal:
            return
        if len(self._stack) >= MAX_DEPTH:
            self._fail(event, "F008", f"values are nested more than {MAX_DEPTH} levels deep; "
                       "fact files need only a few levels, so flatten this structure")
            return
        self._stack.append(frame)

    def _alias(self, event: yaml.AliasEvent) -> None:
        node = self._anchors.get(event.anchor) if event.anchor is not None else None
        if node is None:
            self._fail(event, "F002", f"*{event.anchor} refers to an anchor &{event.anchor} that "
                       "is not defined above it; define the anchor first or write the value out")
            return
        if any(frame.node is node for frame in self._stack):
            self._fail(event, "F005", f"*{event.anchor} refers to a value that contains it, which "
                       "would repeat forever; write the value out instead")
            return
        self._uses_aliases = True
        self._attach(node, event)

    def _register(self, event: yaml.NodeEvent, node: Node) -> None:
        if event.anchor is not None:
            self._anchors[event.anchor] = node

    def _attach(self, node: Node, event: yaml.Event) -> None:
        if not self._stack:
            self.root = node
            return
        frame = self._stack[-1]
        if isinstance(frame, _SeqFrame):
            frame.items.append(node)
            return
        if frame.key is None:
            if node.kind != "scalar":
                self._fail(event, "F103", "a key must be plain text, not a list or mapping; "
                           "write it as 'name: value'")
                return
            text = node.text()
            first = frame.seen.get(text)
            if first is not None:
                message = (
                    f"the key '{text}' appears twice in this mapping (first on line "
                    f"{first.line}); YAML would silently keep only the last one, so remove or "
                    "rename one of them"
                )
                self.problems.append(Problem(self.path, node.line, node.column, "F006", message))
            else:
                frame.seen[text] = node
            frame.key = node
        else:
            frame.pairs.append((frame.key, node))
            frame.key = None

    def _check_expansion(self) -> None:
        sizes: dict[int, int] = {}

        def size(node: Node) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            total = 1
            if node.kind == "map":
                for key, value in node.pairs():
                    total += size(key) + size(value)
            elif node.kind == "seq":
                for item in node.items():
                    total += size(item)
            sizes[id(node)] = total
            return total

        assert self.root is not None
        expanded = size(self.root)
        if expanded > MAX_EXPANDED_NODES:
            message = (
                f"the aliases (*name) in this file expand to {expanded:,} values, more than the "
                f"{MAX_EXPANDED_NODES:,} allowed (an 'alias bomb'); write the values out instead"
            )
            self.problems.append(Problem(self.path, 1, 1, "F005", message))
            self.fatal = True
