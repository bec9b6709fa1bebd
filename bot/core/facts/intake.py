"""Taking a new article into ``seeds/``: its stable id, its metadata file, and whether it is
already there.

Pure: ``factbot seed add`` reads the article and writes what these functions make. The metadata
holds only what the maintainer states (the title defaults to the article's first line); every
other field is written as ``null`` for them to fill from the article, never guessed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import yaml

from bot.core import limits
from bot.core.facts.dates import parse_when
from bot.core.facts.schema import ID_MAX
from bot.core.facts.seeds import normalise_quote
from bot.core.text import fold

__all__ = ["SeedMetadata", "check_metadata", "derive_seed_id", "duplicate_of", "first_line",
           "metadata_yaml", "yaml_scalar"]

ID_WORDS = 6  # words of the title kept in a derived id
# Words that carry nothing in an id ("the", "of" …): left out of a derived id.
_SMALL = frozenset("a an the of and or in on at to for with from by as amid after into its "
                   "their his her le la les de des du et".split())


@dataclass(frozen=True, slots=True)
class SeedMetadata:
    """What a maintainer states about an article; None where they stated nothing."""

    id: str
    title: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # a partial date as written in fact files, e.g. "2025-07"


def yaml_scalar(value: str | None) -> str:
    """One YAML value, double-quoted with PyYAML's own emitter (so any text loads back exactly,
    with the escapes YAML needs), or ``null``."""
    if value is None:
        return "null"
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...")


def first_line(text: str) -> str | None:
    """The article's first non-empty line, as a title (None if it has none)."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return None


def derive_seed_id(title: str, text: str, taken: Collection[str]) -> str:
    """A readable id from the title's first words (``aes-launches-joint-force``); when taken
    by another article, the same followed by six characters of the text's hash. The same
    title and text always give the same id."""
    words = [word for word in fold(title).split() if word not in _SMALL and word.isascii()]
    base = "-".join(words[:ID_WORDS]) or "article"
    base = base[:ID_MAX - 7].rstrip("-")
    if base not in taken:
        return base
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}"


def duplicate_of(text: str, existing: Mapping[str, str]) -> str | None:
    """The name of an existing article with the same text (up to spacing and quote marks)."""
    wanted = normalise_quote(text)
    for name, other in existing.items():
        if normalise_quote(other) == wanted:
            return name
    return None


def check_metadata(metadata: SeedMetadata) -> list[str]:
    """What is wrong with stated metadata, in words a maintainer can act on (empty: fine)."""
    problems = []
    if not metadata.title.strip():
        problems.append("the title is empty; pass --title")
    elif len(metadata.title) > limits.TITLE_MAX:
        problems.append(f"the title has {len(metadata.title)} characters, more than the "
                        f"{limits.TITLE_MAX} a reply shows; pass a shorter --title")
    if metadata.published is not None:
        parsed = parse_when(metadata.published)
        if isinstance(parsed, str):
            problems.append(f"--published: {parsed}")
    return problems


def metadata_yaml(metadata: SeedMetadata, text_name: str) -> str:
    """The ``.meta.yaml`` file for an article: what was stated, ``null`` for the rest."""
    published = metadata.published
    if published is not None:
        parsed = parse_when(published)
        published = published if isinstance(parsed, str) else parsed.iso()
    lines = [
        f"# Metadata for {text_name} (the article text is kept byte-for-byte as received).",
        "# Written by factbot seed add: only what was stated. Fill a null field only with what",
        "# the article itself says (byline, outlet, original source, publication date).",
        f"id: {metadata.id}",
        f"title: {yaml_scalar(metadata.title)}",
        "byline: null",
        f"outlet: {yaml_scalar(metadata.outlet)}",
        "original_source: null",
        f"url: {yaml_scalar(metadata.url)}",
        f"published: {yaml_scalar(published)}",
    ]
    return "\n".join(lines) + "\n"

