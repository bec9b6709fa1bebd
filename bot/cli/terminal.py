"""Showing a Discord payload in a terminal, the way Discord would show it.

Markdown escapes are undone and bold/italic become terminal styles when the output is a terminal,
so a maintainer reads the reply as a chat user would.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Sequence

from bot.core.limits import EPHEMERAL
from bot.core.replies.payloads import ReplyPayload

__all__ = ["render_choices", "render_reply", "terminal_width"]

_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_ITALIC = re.compile(r"(?<!\\)\*(.+?)(?<!\\)\*")
_UNDERLINE = re.compile(r"(?<!\\)__(.+?)(?<!\\)__")
_CODE = re.compile(r"(?<!\\)`([^`]+)`")
_ESCAPE = re.compile(r"\\([\\*_~`|\[\]<#>\-.])")
WIDTH = 96


def _inline(text: str, styled: bool) -> str:
    bold, italic, plain = ("\033[1m", "\033[3m", "\033[0m") if styled else ("", "", "")
    text = _BOLD.sub(lambda m: f"{bold}{m.group(1)}{plain}", text)
    text = _UNDERLINE.sub(lambda m: f"{bold}{m.group(1)}{plain}", text)
    text = _ITALIC.sub(lambda m: f"{italic}{m.group(1)}{plain}", text)
    text = _CODE.sub(lambda m: m.group(1), text)
    return _ESCAPE.sub(r"\1", text).replace("\u200b", "")


def terminal_width() -> int:
    """The terminal's width when printing to one (at least 40 columns), else ``WIDTH``."""
    if not sys.stdout.isatty():
        return WIDTH
    return max(shutil.get_terminal_size((WIDTH, 24)).columns, 40)


def _block(text: str, indent: str, styled: bool, width: int = WIDTH) -> list[str]:
    lines = []
    for line in _inline(text, styled).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, width, initial_indent=indent,
                                   subsequent_indent=indent + "  ") or [indent])
    return lines


def render_reply(payload: ReplyPayload, *, styled: bool = False, width: int = WIDTH) -> str:
    """A reply payload as readable text."""
    data = payload["data"]
    out: list[str] = []
    if data.get("flags", 0) & EPHEMERAL:
        out.append("(only you would see this reply)")
    if data.get("content"):
        out.extend(_block(data["content"], "", styled, width))
    for embed in data.get("embeds") or []:
        title = _inline(embed.get("title", ""), False)
        out += [title, "═" * min(len(title), width)]
        if embed.get("description"):
            out.extend(_block(embed["description"], "", styled, width))
        for item in embed.get("fields") or []:
            name = _inline(item["name"], False)
            if name:
                out.append("")
                out.append(f"\033[1m{name}\033[0m" if styled else name)
            out.extend(_block(item["value"], "  ", styled, width))
        if embed.get("footer"):
            out += ["", *_block(embed["footer"]["text"], "", False, width)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_choices(choices: Sequence[tuple[str, str]]) -> str:
    """Autocomplete choices, one per line: the name shown, then the value sent."""
    if not choices:
        return "(no suggestions)\n"
    width = max(len(name) for name, _ in choices)
    return "".join(f"{name:<{width}}  → {value}\n" for name, value in choices)
