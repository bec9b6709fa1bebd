"""``factbot seed add FILE``: take a new article into ``seeds/``.

The text is copied byte for byte as ``seeds/<id>.txt``, beside ``seeds/<id>.meta.yaml`` holding
what the maintainer states (the title defaults to the article's first line) and ``null`` for the
rest. An article whose text is already a seed is refused, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.options import USAGE_ERROR
from bot.core.facts.intake import (
    SeedMetadata,
    check_metadata,
    derive_seed_id,
    duplicate_of,
    first_line,
    metadata_yaml,
)
from bot.core.facts.seeds import META_SUFFIX

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot seed``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="copy an article into the seeds folder with its "
                             "metadata", description="Copy an article (a UTF-8 text file) into "
                             "the seeds folder unchanged, with a metadata file holding only "
                             "what you state.")
    add.add_argument("file", metavar="FILE", type=Path, help="the article, as a text file")
    add.add_argument("--title", help="the article's title (default: its first line)")
    add.add_argument("--outlet", help="the outlet that published it, as the article names it")
    add.add_argument("--url", help="where the article was read")
    add.add_argument("--published", metavar="DATE",
                     help='the publication date the article states: "2025", "2025-07", '
                          '"2025-07-06", "July 6" …')
    add.add_argument("--seeds", default="seeds", metavar="DIR",
                     help="folder of seed articles (default: seeds)")


def _fail(message: str, status: int = 1) -> int:
    print(f"factbot seed add: {message}", file=sys.stderr)
    return status


def _existing(seeds: Path) -> tuple[dict[str, str], set[str]]:
    """The articles already in the folder (name → text) and the seed ids their metadata use."""
    texts = {path.name: path.read_text("utf-8", errors="replace")
             for path in sorted(seeds.glob("*.txt"))}
    ids = set()
    for meta in seeds.glob(f"*{META_SUFFIX}"):
        for line in meta.read_text("utf-8", errors="replace").splitlines():
            if line.startswith("id:"):
                ids.add(line.removeprefix("id:").strip().strip("\"'"))
    return texts, ids


def run(args: argparse.Namespace) -> int:
    """Add the article; exit 1 when it is refused, 2 on a usage error."""
    seeds = Path(args.seeds)
    if not seeds.is_dir():
        return _fail(f"--seeds {seeds}: no such folder", USAGE_ERROR)
    try:
        data = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", USAGE_ERROR)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return _fail(f"{args.file} is not UTF-8 text (byte {error.start}); save it as UTF-8 "
                     "and add it again")
    title = args.title if args.title is not None else first_line(text)
    if title is None:
        return _fail(f"{args.file} is empty; nothing was added")
    existing, taken = _existing(seeds)
    same = duplicate_of(text, existing)
    if same is not None:
        return _fail(f"this article is already in the seeds as {seeds.as_posix()}/{same}; "
                     "nothing was added")
    metadata = SeedMetadata(derive_seed_id(title, text, taken), title, args.outlet, args.url,
                            args.published)
    problems = check_metadata(metadata)
    if problems:
        return _fail("; ".join(problems) + "; nothing was added", USAGE_ERROR)
    text_path = seeds / f"{metadata.id}.txt"
    meta_path = seeds / f"{metadata.id}{META_SUFFIX}"
    for path in (text_path, meta_path):
        if path.exists():
            return _fail(f"{path.as_posix()} already exists; nothing was added")
    text_path.write_bytes(data)
    meta_path.write_text(metadata_yaml(metadata, text_path.name), encoding="utf-8")
    print(f"Added seed '{metadata.id}': {text_path.as_posix()} and {meta_path.as_posix()}")
    print(f"Next: factbot draft {metadata.id}  (drafts a record for each claim in it)")
    return 0
