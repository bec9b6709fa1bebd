"""Parsing a slash command typed as in Discord: ``/country burkina``, ``/country name:burkina``,
``/relation a:Mali b:Russia``, ``/search diesel page:2``.

Text before the first ``option:`` goes to the first option not given explicitly; a command with
two text options also accepts them separated by a comma (``/relation Mali, Burkina Faso``) or, when
each is one word, by a space (``/relation Mali Russia``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.i18n.catalog import current_language, localized
from bot.core.replies.commands import COMMANDS, Command
from bot.core.text import did_you_mean

__all__ = ["Parsed", "SlashError", "parse"]


class SlashError(ValueError):
    """A command line that cannot be run as typed; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed command: the command, its option values, and the option being typed last."""

    command: Command
    options: dict[str, object]
    focused: str | None


def _command(text: str) -> tuple[Command, str]:
    stripped = text.strip()
    if not stripped:
        raise SlashError("type a command, such as /country Mali (/help lists them all)")
    head, _, rest = stripped.lstrip("/").partition(" ")
    command = COMMANDS.get(head.lower()) or COMMANDS.get(_canonical(head.lower()))
    if command is None:
        hint = did_you_mean(head.lower(), COMMANDS, form="/{}")
        raise SlashError(f"unknown command /{head}; {hint}the commands are: "
                         + ", ".join(f"/{name}" for name in COMMANDS))
    return command, rest


def _canonical(name: str) -> str:
    """A command or option name as typed in the reply language (``pays``, ``nom``), as the
    command table spells it (``country``, ``name``); unknown names unchanged."""
    language = current_language()
    known = {option.name for command in COMMANDS.values() for option in command.options}
    for english in (*COMMANDS, *known):
        if localized(english, language, "command") == name:
            return english
    return name


def _split_options(command: Command, rest: str) -> tuple[dict[str, str], str | None]:
    for option in command.options:  # "nom:mali" in French is "name:mali"
        translated = localized(option.name, current_language(), "command")
        if translated != option.name:
            rest = re.sub(rf"(^|\s){re.escape(translated)}:", rf"\g<1>{option.name}:", rest)
    names = "|".join(re.escape(option.name) for option in command.options)
    markers = list(re.finditer(rf"(?:^|\s)({names}):", rest)) if names else []
    values: dict[str, str] = {}
    leading = rest[: markers[0].start()] if markers else rest
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(rest)
        values[marker.group(1)] = rest[marker.end():end].strip()
    focused = markers[-1].group(1) if markers else None
    for value in [leading, *values.values()]:
        stray = re.search(r"(?:^|\s)([a-z_]+):\S", value)
        if stray and stray.group(1) not in {option.name for option in command.options}:
            known = ", ".join(option.name for option in command.options) or "none"
            raise SlashError(f"/{command.name} has no option {stray.group(1)}; its options "
                             f"are: {known} ({_usage(command)})")
    leading = leading.strip()
    if not leading:
        return values, focused
    free = [option for option in command.options if option.name not in values]
    text_options = [option for option in free if option.type == "string"]
    if not text_options:
        raise SlashError(f"/{command.name} takes no text like “{leading}”; "
                         + _usage(command))
    if len(text_options) > 1 and not markers:
        pieces = [piece.strip() for piece in leading.split(",")] if "," in leading \
            else leading.split()
        if len(pieces) != len(text_options):
            raise SlashError(f"give each option its name: {_usage(command)}")
        values.update({option.name: piece for option, piece in zip(text_options, pieces,
                                                                   strict=True)})
        return values, text_options[-1].name
    values[text_options[0].name] = leading
    return values, focused or text_options[0].name


def _usage(command: Command) -> str:
    parts = [f"{o.name}:…" if o.required else f"[{o.name}:…]" for o in command.options]
    return f"/{' '.join([command.name, *parts])}"


def parse(text: str, *, completing: bool = False) -> Parsed:
    """Parse a command line; raises ``SlashError`` with a helpful message when it cannot run."""
    command, rest = _command(text)
    raw, focused = _split_options(command, rest)
    options: dict[str, object] = {}
    for option in command.options:
        value = raw.get(option.name)
        if value is None or value == "":
            if option.required and not completing:
                raise SlashError(f"/{command.name} needs {option.name}: {_usage(command)}")
            continue
        if option.type == "integer":
            if not value.isdigit() or int(value) < (option.min_value or 0):
                raise SlashError(f"{option.name} must be a whole number from "
                                 f"{option.min_value or 0} up, not “{value}”")
            options[option.name] = int(value)
        else:
            options[option.name] = value
    if focused is None and command.options:
        focused = command.options[0].name
    return Parsed(command, options, focused)
