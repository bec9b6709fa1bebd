"""Writing fact files the way a maintainer would, for tests that change the fact base."""

from __future__ import annotations

import os
from pathlib import Path

NEW_FACT = """facts:
  - id: {id}
    text: {text}
    about: [{about}]
    added: "2026-11-25"
    source:
      seed: mali-niger-military-ties
      quote: "{quote}"
"""
GOOD_QUOTE = "the two countries seek to strengthen their military cooperation"


def add_fact(facts: Path, fact_id: str, text: str, about: str, *,
             quote: str = GOOD_QUOTE) -> None:
    """Add a one-fact file under ``facts/statements`` (``quote``: its source quote)."""
    (facts / "statements" / f"{fact_id}.yaml").write_text(
        NEW_FACT.format(id=fact_id, text=text, about=about, quote=quote), encoding="utf-8")


def make_unreadable(path: Path, name: str) -> str:
    """Make the fact file at ``path`` (``name`` in problems) unreadable to this process; the
    problem the validator must report. ``chmod 000`` does not stop root (CI may run tests as
    root), so there the file becomes a folder, which reading refuses too (EISDIR): either
    way the loader meets an ``OSError``."""
    if os.geteuid() != 0:
        path.chmod(0)
        return (f"{name}:1:1: F011 this file cannot be read: permission denied to the user "
                f"running factbot; make it readable (chmod a+r {name}; with Docker, the file "
                "must be readable by the container's user)")
    path.unlink()
    path.mkdir()
    return (f"{name}:1:1: F011 this is a folder, not a file; rename it or put the records in a "
            "file (Docker makes such a folder when it mounts a file that does not exist on the "
            "host: create the file there)")


def make_readable(path: Path, content: bytes) -> None:
    """Undo ``make_unreadable``: the file at ``path`` holds ``content`` and can be read."""
    if path.is_dir():
        path.rmdir()
    else:
        path.chmod(0o644)
    path.write_bytes(content)
