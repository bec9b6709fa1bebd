"""Writing fact files the way a maintainer would, for tests that change the fact base."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` as a throwaway committer."""
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e.org",
                    *args], check=True, capture_output=True)


def committed_repo(folder: Path) -> Path:
    """A git repository holding a copy of the shipped facts and seeds, committed: what a
    maintainer's clone holds before their change."""
    shutil.copytree(ROOT / "facts", folder / "facts")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "published")
    return folder


def factbot(repo: Path, command: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``factbot COMMAND`` on a repository's facts and seeds, as a maintainer would."""
    return subprocess.run([sys.executable, "-m", "bot.cli", command, "--facts",
                           str(repo / "facts"), "--seeds", str(repo / "seeds"), *args],
                          capture_output=True, text=True, cwd=ROOT)
