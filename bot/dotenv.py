"""Reading a ``.env`` file into the environment, so every ``factbot`` command sees the settings
``make run`` and ``docker compose`` see.

Precedence, everywhere: a variable already set in the environment wins over ``.env``. The file
is ``KEY=value`` lines; blank lines and ``#`` comments are skipped, ``export KEY=value`` is
accepted, and a value may be wrapped in single or double quotes. Nothing is printed: values may
be secrets.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from pathlib import Path

__all__ = ["apply_dotenv", "read_dotenv"]

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def read_dotenv(path: Path) -> dict[str, str]:
    """The variables a ``.env`` file sets (an absent or unreadable file sets none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        value = match[2]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # an unquoted value ends where a comment starts
            value = value.split(" #", 1)[0].rstrip()
        found[match[1]] = value
    return found


def apply_dotenv(environ: MutableMapping[str, str], path: Path) -> list[str]:
    """Set the ``.env`` variables that the environment does not already set; their names."""
    applied = []
    for name, value in read_dotenv(path).items():
        if name not in environ:
            environ[name] = value
            applied.append(name)
    return applied
