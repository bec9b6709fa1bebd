"""What Discord refuses in a command sync (docs: interactions/application-commands,
"Application Command Naming" and the command and option structures): names of 1-32 word
characters, lower case where a letter has a lower case; descriptions of 1-100 characters; at
most 25 options and 25 choices; required options before optional ones. User and message
(context menu) commands "may be mixed case and can include spaces", take no options, and
"the description field is not allowed" for them."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["command_problems"]

# Discord's regex is ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$; Python's \w stands in for
# letters and numbers (it also allows "_", which Discord allows too).
_NAME = re.compile(r"^[-_'\w]{1,32}$")
CHAT_INPUT = 1


def _name_problems(where: str, name: Any) -> list[str]:
    if not isinstance(name, str) or not _NAME.match(name):
        return [f"{where}: name {name!r} does not match Discord's command name rules"]
    if name != name.lower():
        return [f"{where}: name {name!r} must be lower case"]
    return []


def _description_problems(where: str, text: Any) -> list[str]:
    if not isinstance(text, str) or not 1 <= len(text) <= 100:
        return [f"{where}: description must be 1-100 characters"]
    return []


def _context_menu_problems(command: dict[str, Any]) -> list[str]:
    name = command.get("name")
    problems = []
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.strip():
        problems.append(f"command {name!r}: a context menu name must be 1-32 characters")
    if command.get("description"):
        problems.append(f"command {name!r}: a context menu command takes no description")
    if command.get("options"):
        problems.append(f"command {name!r}: a context menu command takes no options")
    return problems


def command_problems(command: dict[str, Any]) -> list[str]:
    """Every way a command in a sync body breaks Discord's rules."""
    name = command.get("name")
    if command.get("type", CHAT_INPUT) != CHAT_INPUT:
        return _context_menu_problems(command)
    problems = _name_problems(f"command {name!r}", name)
    problems += _description_problems(f"command {name!r}", command.get("description"))
    options = command.get("options") or []
    if len(options) > 25:
        problems.append(f"command {name!r}: more than 25 options")
    seen_optional = False
    for option in options:
        where = f"command {name!r} option {option.get('name')!r}"
        problems += _name_problems(where, option.get("name"))
        problems += _description_problems(where, option.get("description"))
        if len(option.get("choices") or []) > 25:
            problems.append(f"{where}: more than 25 choices")
        if option.get("required"):
            if seen_optional:
                problems.append(f"{where}: required options must come before optional ones")
        else:
            seen_optional = True
    return problems
