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

# Discord's locales (docs: reference#locales); localization keys must be among them.
LOCALES = frozenset("id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE "
                    "vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko".split())

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


def _localization_problems(where: str, thing: dict[str, Any], *, menu: bool = False
                           ) -> list[str]:
    """Localized names follow the name rules, localized descriptions the description rules
    (docs: interactions/application-commands, "Localization"); keys are Discord locales."""
    problems = []
    for field in ("name_localizations", "description_localizations"):
        for locale, text in (thing.get(field) or {}).items():
            if locale not in LOCALES:
                problems.append(f"{where}: {field} has an unknown locale {locale!r}")
            elif field == "description_localizations":
                problems += _description_problems(f"{where} [{locale}]", text)
            elif menu:
                if not isinstance(text, str) or not 1 <= len(text) <= 32:
                    problems.append(f"{where} [{locale}]: name must be 1-32 characters")
            else:
                problems += _name_problems(f"{where} [{locale}]", text)
    return problems


def _option_names_problems(where: str, options: list[dict[str, Any]]) -> list[str]:
    """Localized option names "must be distinct from all other default option names of that
    command, as well as all other option names within that locale on that command"."""
    problems = []
    defaults = [option.get("name") for option in options]
    locales = {locale for option in options for locale in option.get("name_localizations") or {}}
    for locale in sorted(locales):
        names = [(option.get("name_localizations") or {}).get(locale, option.get("name"))
                 for option in options]
        for option, name in zip(options, names, strict=True):
            if names.count(name) > 1 or (name != option.get("name") and name in defaults):
                problems.append(f"{where}: option name {name!r} [{locale}] is not distinct")
    return problems


def _context_menu_problems(command: dict[str, Any]) -> list[str]:
    name = command.get("name")
    problems = []
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.strip():
        problems.append(f"command {name!r}: a context menu name must be 1-32 characters")
    if command.get("description"):
        problems.append(f"command {name!r}: a context menu command takes no description")
    if command.get("options"):
        problems.append(f"command {name!r}: a context menu command takes no options")
    return problems + _localization_problems(f"command {name!r}", command, menu=True)


def command_problems(command: dict[str, Any]) -> list[str]:
    """Every way a command in a sync body breaks Discord's rules."""
    name = command.get("name")
    if command.get("type", CHAT_INPUT) != CHAT_INPUT:
        return _context_menu_problems(command)
    problems = _name_problems(f"command {name!r}", name)
    problems += _description_problems(f"command {name!r}", command.get("description"))
    problems += _localization_problems(f"command {name!r}", command)
    options = command.get("options") or []
    problems += _option_names_problems(f"command {name!r}", options)
    if len(options) > 25:
        problems.append(f"command {name!r}: more than 25 options")
    seen_optional = False
    for option in options:
        where = f"command {name!r} option {option.get('name')!r}"
        problems += _name_problems(where, option.get("name"))
        problems += _description_problems(where, option.get("description"))
        problems += _localization_problems(where, option)
        if len(option.get("choices") or []) > 25:
            problems.append(f"{where}: more than 25 choices")
        if option.get("required"):
            if seen_optional:
                problems.append(f"{where}: required options must come before optional ones")
        else:
            seen_optional = True
    return problems
