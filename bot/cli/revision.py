"""The fact base at a git revision: what ``--since REV`` compares with (read with git, never
written): the folders as they were, and the ids published there."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

from bot.core.facts.loader import fact_files, path_label
from bot.core.facts.publication import PublishedRecord, published_in
from bot.core.facts.records import parse_fact_file

__all__ = ["RevisionError", "folders_at", "published_at"]


class RevisionError(Exception):
    """git could not give the folders at a revision (not a repository, unknown revision)."""


def folders_at(revision: str, facts: Path, seeds: Path, scratch: Path) -> tuple[Path, Path]:
    """Extract the fact and seed folders as they were at ``revision``; their paths there."""
    try:
        top = Path(subprocess.run(["git", "-C", str(facts), "rev-parse", "--show-toplevel"],
                                  capture_output=True, text=True, check=True).stdout.strip())
        inside = [folder.resolve().relative_to(top) for folder in (facts, seeds)]
        archive = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", revision,
                                  "--", *(path.as_posix() for path in inside)],
                                 capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, ValueError, OSError) as error:
        detail = getattr(error, "stderr", b"") or str(error)
        detail = detail.decode() if isinstance(detail, bytes) else detail
        raise RevisionError(f"cannot read {revision} from git: {detail.strip()}") from error
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / inside[0], scratch / inside[1]


def published_at(old_facts: Path, facts: Path) -> dict[str, PublishedRecord]:
    """The ids the fact files extracted at ``old_facts`` publish, with their paths written as
    the files under ``facts`` are named today."""
    label = path_label(facts)
    files = []
    for path in fact_files(old_facts):
        inside = os.path.relpath(path, old_facts).replace(os.sep, "/")
        files.append(parse_fact_file(f"{label}/{inside}", path.read_bytes()))
    return published_in(files)
